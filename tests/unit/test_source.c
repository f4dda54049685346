/* Unit tests for source.c: the config's feed names and tags laid over
 * parsed or cached articles. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "source.h"

static struct article *
make(const char *feed, const char *url, const char *tag)
{
	struct article *a = article_new();

	assert_non_null(a);
	a->feed = strdup(feed);
	a->feed_url = strdup(url);
	a->id = strdup("x");
	a->title = strdup("t");
	if (tag)
		assert_int_equal(article_add_tag(a, tag), LDN_OK);
	return a;
}

static void
test_apply(void **state)
{
	static const char *const news[] = {"News", "London"};
	static const char *const again[] = {"ANT"};
	const struct source srcs[] = {
		{.url = "https://a/feed", .name = "Alpha", .tags = news, .ntags = 2},
		{.url = "https://b/feed"},                          /* nothing to add */
		{.url = "https://c/feed", .tags = again, .ntags = 1}, /* a tag it has */
	};
	struct article_list l = {0};
	const char *const feeds[][2] = {
		{"A site", "https://a/feed"}, {"B site", "https://b/feed"},
		{"A site", "https://a/feed"}, {"C site", "https://c/feed"},
		{"D site", "https://d/feed"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < 5; i++)
		assert_int_equal(article_list_push(&l, make(feeds[i][0], feeds[i][1], "ANT")), LDN_OK);
	assert_int_equal(source_apply(srcs, 3, &l), LDN_OK);
	/* a: renamed, its tags after the feed's own */
	for (i = 0; i < 3; i += 2) {
		assert_string_equal(l.items[i]->feed, "Alpha");
		assert_int_equal(l.items[i]->ntags, 3);
		assert_string_equal(l.items[i]->tags[0], "ANT");
		assert_string_equal(l.items[i]->tags[1], "News");
		assert_string_equal(l.items[i]->tags[2], "London");
		assert_true(article_has_tag(l.items[i], "London"));
	}
	/* b: untouched; c: no duplicate tag; d: not configured */
	assert_string_equal(l.items[1]->feed, "B site");
	assert_int_equal(l.items[1]->ntags, 1);
	assert_string_equal(l.items[3]->feed, "C site");
	assert_int_equal(l.items[3]->ntags, 1);
	assert_string_equal(l.items[4]->feed, "D site");
	assert_int_equal(l.items[4]->ntags, 1);
	/* Applying again changes nothing (a refresh lays it over again). */
	assert_int_equal(source_apply(srcs, 3, &l), LDN_OK);
	assert_int_equal(l.items[0]->ntags, 3);
	assert_string_equal(l.items[0]->feed, "Alpha");

	assert_ptr_equal(source_find(srcs, 3, "https://c/feed"), &srcs[2]);
	assert_null(source_find(srcs, 3, "https://c/feed/"));
	assert_null(source_find(srcs, 0, "https://a/feed"));
	article_list_free(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_apply),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
