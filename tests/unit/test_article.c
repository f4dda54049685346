/* Unit tests for article.c: tags, enclosures and list ownership moves. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"

static struct article *
mk(const char *feed_url, const char *id)
{
	struct article *a = article_new();

	assert_non_null(a);
	a->feed_url = strdup(feed_url);
	a->id = strdup(id);
	return a;
}

static void
test_tags(void **state)
{
	struct article *a = mk("f", "1");

	(void)state;
	assert_int_equal(article_add_tag(a, "  ANT \n"), LDN_OK);
	assert_int_equal(article_add_tag(a, "ANT"), LDN_OK);   /* duplicate */
	assert_int_equal(article_add_tag(a, " \t "), LDN_OK);  /* empty */
	assert_int_equal(article_add_tag(a, "Tech"), LDN_OK);
	assert_int_equal(a->ntags, 2);
	assert_string_equal(a->tags[0], "ANT");
	assert_true(article_has_tag(a, "Tech"));
	assert_false(article_has_tag(a, "tech"));
	assert_int_equal(article_add_enclosure(a, "https://x/a.mp3", NULL, -1), LDN_OK);
	assert_null(a->enclosures[0].type);
	assert_int_equal(a->enclosures[0].length, -1);
	article_free(a);
	article_free(NULL);
}

static void
test_take_feeds(void **state)
{
	static const char *const want[] = {"https://a/feed", "/tmp/b.xml"};
	struct article_list src = {0}, dst = {0};

	(void)state;
	assert_int_equal(article_list_push(&dst, mk("https://a/feed", "0")), LDN_OK);
	assert_int_equal(article_list_push(&src, mk("https://a/feed", "1")), LDN_OK);
	assert_int_equal(article_list_push(&src, mk("https://other/feed", "2")), LDN_OK);
	assert_int_equal(article_list_push(&src, mk("/tmp/b.xml", "3")), LDN_OK);
	assert_int_equal(article_list_take_feeds(&dst, &src, want, 2), LDN_OK);
	assert_int_equal(src.len, 0);
	assert_null(src.items);
	assert_int_equal(dst.len, 3);
	assert_string_equal(dst.items[1]->id, "1");
	assert_string_equal(dst.items[2]->id, "3");
	article_list_free(&dst);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tags),
		cmocka_unit_test(test_take_feeds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
