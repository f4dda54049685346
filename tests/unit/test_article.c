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

/* Taking all of an empty list (a feed with no items) copies nothing: no
 * memcpy from a NULL array, which UBSan reports. */
static void
test_take_all_empty(void **state)
{
	struct article_list dst, src;

	(void)state;
	memset(&dst, 0, sizeof(dst));
	memset(&src, 0, sizeof(src));
	assert_int_equal(article_list_take_all(&dst, &src), LDN_OK);
	assert_int_equal(dst.len, 0);
	assert_null(dst.items);
}

static void
test_merge(void **state)
{
	struct article_list into = {0}, fresh = {0};
	struct article *kept, *a;

	(void)state;
	/* Cached: read, starred, a store id and a loaded body. */
	kept = mk("https://a/feed", "1");
	kept->title = strdup("old title");
	kept->content = strdup("old body");
	kept->read = kept->starred = true;
	kept->store_id = 7;
	assert_int_equal(article_list_push(&into, kept), LDN_OK);
	assert_int_equal(article_list_push(&into, mk("https://a/feed", "2")), LDN_OK);
	/* Fetched: the same article changed (no body this time), one new, and
	 * the same id from another feed, which is another article. */
	a = mk("https://a/feed", "1");
	a->title = strdup("new title");
	assert_int_equal(article_list_push(&fresh, a), LDN_OK);
	assert_int_equal(article_list_push(&fresh, mk("https://a/feed", "3")), LDN_OK);
	assert_int_equal(article_list_push(&fresh, mk("https://b/feed", "1")), LDN_OK);
	assert_int_equal(article_list_merge(&into, &fresh), LDN_OK);
	assert_int_equal(fresh.len, 0);
	assert_int_equal(into.len, 4);
	assert_ptr_equal(into.items[0], kept);
	assert_string_equal(kept->title, "new title");
	assert_string_equal(kept->content, "old body");
	assert_true(kept->read && kept->starred);
	assert_int_equal(kept->store_id, 7);
	assert_string_equal(into.items[2]->id, "3");
	assert_string_equal(into.items[3]->feed_url, "https://b/feed");
	assert_false(into.items[3]->read);
	/* A fresh body replaces the old one. */
	a = mk("https://a/feed", "1");
	a->content = strdup("new body");
	assert_int_equal(article_list_push(&fresh, a), LDN_OK);
	assert_int_equal(article_list_merge(&into, &fresh), LDN_OK);
	assert_int_equal(into.len, 4);
	assert_string_equal(kept->content, "new body");
	assert_null(kept->title); /* every field is the fresh one's */
	/* Into an empty list: all appended. */
	article_list_free(&fresh);
	assert_int_equal(article_list_merge(&fresh, &into), LDN_OK);
	assert_int_equal(fresh.len, 4);
	assert_int_equal(into.len, 0);
	article_list_free(&into);
	article_list_free(&fresh);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tags),
		cmocka_unit_test(test_take_feeds),
		cmocka_unit_test(test_take_all_empty),
		cmocka_unit_test(test_merge),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
