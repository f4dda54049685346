/* Unit tests for article.c: tags, enclosures and list ownership moves. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

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

/* The feed's tags stop at ARTICLE_MAX_TAGS, counted; the user's never do. */
static void
test_tag_bounds(void **state)
{
	struct article *a = mk("f", "1");
	size_t tags, encl, i;
	char t[32];

	(void)state;
	for (i = 0; i < ARTICLE_MAX_TAGS + 10; i++) {
		snprintf(t, sizeof(t), "t%zu", i);
		assert_int_equal(article_add_tag(a, t), LDN_OK);
		/* a repeat, past the cap too: ignored, not counted */
		assert_int_equal(article_add_tag(a, "t3"), LDN_OK);
	}
	assert_int_equal(a->ntags, ARTICLE_MAX_TAGS);
	/* found through the hash set, trimmed as added */
	assert_true(article_has_tag(a, "t200"));
	assert_false(article_has_tag(a, "t300"));
	assert_int_equal(article_add_user_tag(a, " Mine "), LDN_OK);
	assert_int_equal(article_add_user_tag(a, "t7"), LDN_OK);
	assert_int_equal(a->ntags, ARTICLE_MAX_TAGS + 1);
	assert_string_equal(a->tags[ARTICLE_MAX_TAGS], "Mine");
	assert_true(article_has_tag(a, "Mine"));
	for (i = 0; i < ARTICLE_MAX_ENCLOSURES + 2; i++)
		assert_int_equal(article_add_enclosure(a, "https://x/a.mp3", "audio/mpeg", 1),
				 LDN_OK);
	assert_int_equal(a->nenclosures, ARTICLE_MAX_ENCLOSURES);
	article_dropped(a, &tags, &encl);
	assert_int_equal(tags, 10);
	assert_int_equal(encl, 2);
	article_free(a);

	a = mk("f", "2");
	article_dropped(a, &tags, &encl);
	assert_int_equal(tags + encl, 0);
	assert_null(a->index);
	article_free(a);
}

/* CPU seconds of article_list_take_feeds over nfeeds feeds of `per`
 * articles each, every feed asked for; the best of three. */
static double
take_feeds_cost(size_t nfeeds, size_t per)
{
	char **urls = calloc(nfeeds, sizeof(*urls)), id[32], url[64];
	double best = 1e9;
	size_t i, k, rep;

	assert_non_null(urls);
	for (i = 0; i < nfeeds; i++) {
		snprintf(url, sizeof(url), "https://site%zu.example/feed.xml", i);
		assert_non_null(urls[i] = strdup(url));
	}
	for (rep = 0; rep < 3; rep++) {
		struct article_list src = {0}, dst = {0};
		clock_t t;

		for (k = 0; k < per; k++)
			for (i = 0; i < nfeeds; i++) {
				snprintf(id, sizeof(id), "%zu", k);
				assert_int_equal(article_list_push(&src, mk(urls[i], id)), LDN_OK);
			}
		t = clock();
		assert_int_equal(article_list_take_feeds(&dst, &src,
			(const char *const *)urls, nfeeds), LDN_OK);
		t = clock() - t;
		assert_int_equal(dst.len, nfeeds * per);
		if ((double)t / CLOCKS_PER_SEC < best)
			best = (double)t / CLOCKS_PER_SEC;
		article_list_free(&dst);
	}
	for (i = 0; i < nfeeds; i++)
		free(urls[i]);
	free(urls);
	return best;
}

/* Keeping the feeds asked for grows with articles (times the log of the
 * feeds: a binary search each), not articles x feeds (the cache's articles
 * come newest first, so feeds interleave). Ten times the feeds and the
 * articles: n log n is ~13x (10 x log 10,000 / log 1,000), quadratic ~100x
 * (it was 89x); 20x tells them apart with room for a loaded machine and
 * valgrind, where 12x did not. */
static void
test_take_feeds_scales(void **state)
{
	double small, big;

	(void)state;
	small = take_feeds_cost(1000, 5);
	big = take_feeds_cost(10000, 5);
	if (big > 20 * small + 0.002)
		fail_msg("take_feeds: %.4f s at 1,000 feeds, %.4f s at 10,000", small, big);
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
		cmocka_unit_test(test_tag_bounds),
		cmocka_unit_test(test_take_feeds),
		cmocka_unit_test(test_take_feeds_scales),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
