/* Unit tests for query.c: view order, filters, related articles, tag counts. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "find.h"
#include "query.h"
#include "text.h"

/* A compact description of a test article. */
struct spec {
	const char *feed_url, *id, *title;
	long published; /* -1: unknown */
	const char *tags[4];
	const char *summary, *content; /* HTML */
};

static void
build(struct article_list *l, const struct spec *s, size_t n)
{
	size_t i, j;

	memset(l, 0, sizeof(*l));
	for (i = 0; i < n; i++) {
		struct article *a = article_new();
		assert_non_null(a);
		a->feed = strdup("Feed");
		a->feed_url = strdup(s[i].feed_url);
		a->id = strdup(s[i].id);
		a->title = strdup(s[i].title);
		a->has_published = s[i].published >= 0;
		a->published = s[i].published;
		for (j = 0; j < 4 && s[i].tags[j]; j++)
			assert_int_equal(article_add_tag(a, s[i].tags[j]), LDN_OK);
		if (s[i].summary) {
			a->summary = strdup(s[i].summary);
			a->summary_fmt = ARTICLE_FMT_HTML;
		}
		if (s[i].content) {
			a->content = strdup(s[i].content);
			a->content_fmt = ARTICLE_FMT_HTML;
		}
		assert_int_equal(article_list_push(l, a), LDN_OK);
	}
}

static const struct spec specs[] = {
	{"https://b/feed", "b1", "Unknown date B", -1, {"UK"}, NULL, NULL},
	{"https://a/feed", "a1", "Old", 1000, {"UK", "Politics"}, "Winter <b>fuel</b> cut", NULL},
	{"https://a/feed", "a3", "Newest", 3000, {"ANT", "Tech"}, NULL, "<p>China&#39;s AI race</p>"},
	{"https://a/feed", "a2", "Middle tie a2", 2000, {"Tech", "Business"}, NULL, NULL},
	{"https://a/feed", "a0", "Unknown date A", -1, {"Politics"}, NULL, NULL},
	{"https://b/feed", "b2", "Middle tie b2", 2000, {"UK", "Politics"}, NULL, "<p>Z\xc3\xbcrich</p>"},
	{"https://a/feed", "a1b", "Middle tie a1b", 2000, {"Tech"}, NULL, NULL},
};
#define NSPECS (sizeof(specs) / sizeof(specs[0]))

static void
test_order(void **state)
{
	static const char *const want[] = {"a3", "a1b", "a2", "b2", "a1", "a0", "b1"};
	struct article_list l;
	size_t i;

	(void)state;
	build(&l, specs, NSPECS);
	query_sort(&l);
	for (i = 0; i < NSPECS; i++)
		assert_string_equal(l.items[i]->id, want[i]);
	/* Sorting again, or from another input order, changes nothing. */
	{
		struct article *t = l.items[0];
		l.items[0] = l.items[6];
		l.items[6] = t;
	}
	query_sort(&l);
	for (i = 0; i < NSPECS; i++)
		assert_string_equal(l.items[i]->id, want[i]);
	article_list_free(&l);
}

static void
test_filters(void **state)
{
	static const struct {
		const char *tags[3];
		const char *find;
		const char *want; /* ids in view order, space separated */
	} rows[] = {
		{{NULL}, NULL, "a3 a1b a2 b2 a1 a0 b1"},
		{{"uk"}, NULL, "b2 a1 b1"},
		{{"ANT", "Business"}, NULL, "a3 a2"},
		{{"Nope"}, NULL, ""},
		{{NULL}, "middle TIE", "a1b a2 b2"},
		{{NULL}, "winter fuel", "a1"},       /* across tags in HTML */
		{{NULL}, "china's ai", "a3"},        /* entity decoded */
		{{NULL}, "z\xc3\x9crich", "b2"},     /* non-ASCII case folding */
		{{NULL}, "<p>", ""},                 /* markup is not text */
		{{NULL}, "FUEL  winter", "a1"},      /* words in any order */
		{{NULL}, "zurich", "b2"},            /* accents folded */
		{{NULL}, "Z\xc3\xbcR", "b2"},        /* a word's start */
		{{NULL}, "iddle", ""},               /* not its middle */
		{{NULL}, "tie b", "b2"},             /* every word */
		{{NULL}, "old race", ""},            /* in the same article */
		{{NULL}, "--", "a3 a1b a2 b2 a1 a0 b1"}, /* no word: no search */
		{{"Politics"}, "unknown", "a0"},
	};
	static const char *const ukpol[] = {"UK", "Politics"};
	static const char *const tech[] = {"tech"};
	struct article_list l;
	size_t i, j;

	(void)state;
	build(&l, specs, NSPECS);
	query_sort(&l);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct query q = {.tags = rows[i].tags, .find = rows[i].find};
		struct query_view v;
		char got[128] = "";

		while (q.ntags < 3 && rows[i].tags[q.ntags])
			q.ntags++;
		assert_int_equal(query_run(&l, &q, &v), LDN_OK);
		for (j = 0; j < v.len; j++) {
			if (j)
				strcat(got, " ");
			strcat(got, v.items[j]->id);
		}
		if (strcmp(got, rows[i].want) != 0)
			fail_msg("row %zu: got '%s', want '%s'", i, got, rows[i].want);
		query_view_free(&v);
	}
	/* All of two tags, then exclusion. */
	{
		struct query q = {.tags = ukpol, .ntags = 2, .all_tags = true};
		struct query_view v;
		assert_int_equal(query_run(&l, &q, &v), LDN_OK);
		assert_int_equal(v.len, 2);
		assert_string_equal(v.items[0]->id, "b2");
		assert_string_equal(v.items[1]->id, "a1");
		query_view_free(&v);
		q.all_tags = false;
		q.exclude = tech;
		q.nexclude = 1;
		q.tags = NULL;
		q.ntags = 0;
		assert_int_equal(query_run(&l, &q, &v), LDN_OK);
		assert_int_equal(v.len, 4); /* b2 a1 a0 b1 */
		assert_string_equal(v.items[0]->id, "b2");
		query_view_free(&v);
	}
	article_list_free(&l);
}

static bool
also_index_3(size_t i, void *payload)
{
	(void)payload;
	return i == 3;
}

/* The interactive search: headlines only, plus what the caller adds. */
static void
test_find_headlines_and_also(void **state)
{
	struct article_list l;
	struct query q = {.find = "china", .find_headlines = true};
	struct query_view v;

	(void)state;
	build(&l, specs, NSPECS);
	query_sort(&l);
	/* "China" is only in a3's body: invisible to a headlines search... */
	assert_int_equal(query_run(&l, &q, &v), LDN_OK);
	assert_int_equal(v.len, 0);
	query_view_free(&v);
	/* ...but an article the caller marks (index 3) is kept anyway. */
	q.also = also_index_3;
	assert_int_equal(query_run(&l, &q, &v), LDN_OK);
	assert_int_equal(v.len, 1);
	assert_string_equal(v.items[0]->id, l.items[3]->id);
	query_view_free(&v);
	/* The standfirst cache, when set, is what a headlines search reads. */
	l.items[4]->standfirst = strdup("Winter fuel cut");
	q.find = "FUEL";
	q.also = NULL;
	assert_int_equal(query_run(&l, &q, &v), LDN_OK);
	assert_int_equal(v.len, 1);
	assert_string_equal(v.items[0]->id, l.items[4]->id);
	query_view_free(&v);
	article_list_free(&l);
}

/* The packed index gives exactly the view the articles themselves give. */
static void
test_index_agrees(void **state)
{
	static const char *const uk[] = {"uk"}, *const two[] = {"Tech", "Politics"};
	static const char *const finds[] = {NULL, "", "middle", "TIE", "unknown", "zz", "fuel"};
	static const char *const feed_b[] = {"https://b/feed"};
	struct article_list l;
	struct query_index ix;
	size_t f, t, i, round;

	(void)state;
	build(&l, specs, NSPECS);
	query_sort(&l);
	l.items[4]->standfirst = strdup("Winter fuel cut");  /* a1 */
	l.items[2]->starred = true;
	/* Round 0: no article has its search key yet (the index holds NULLs
	 * and matches those the slow way); round 1: every other one has it,
	 * made as the refresh worker makes it; round 2: the same keys packed
	 * into an arena, as the worker packs them for the reader. */
	for (round = 0; round < 3; round++) {
		if (round == 1)
			for (i = 0; i < l.len; i += 2) {
				char key[512];
				snprintf(key, sizeof(key), "%s\n%s", l.items[i]->title,
					 l.items[i]->standfirst ? l.items[i]->standfirst : "");
				assert_non_null(l.items[i]->search_key = find_key(key));
			}
		if (round < 2) {
			assert_int_equal(query_index_build(&l, &ix), LDN_OK);
			for (i = 0; i < l.len; i++)
				assert_ptr_equal(ix.key[i], l.items[i]->search_key);
		} else {
			const char *keys[NSPECS];
			for (i = 0; i < l.len; i++)
				keys[i] = l.items[i]->search_key;
			assert_int_equal(query_index_pack(l.items, keys, l.len, &ix), LDN_OK);
			for (i = 0; i < l.len; i++) {
				if (keys[i] == NULL) {
					assert_null(ix.key[i]);
					continue;
				}
				/* A copy, in the arena, in list order. */
				assert_ptr_not_equal(ix.key[i], keys[i]);
				assert_string_equal(ix.key[i], keys[i]);
				assert_true(i < 2 || ix.key[i] > ix.key[i - 2]);
			}
		}
		assert_int_equal(ix.len, NSPECS);
		for (f = 0; f < sizeof(finds) / sizeof(finds[0]); f++)
			for (t = 0; t < 7; t++) {
				struct query q = {.find = finds[f], .find_headlines = true};
				struct query_view plain, packed;
				if (t == 1) { q.tags = uk; q.ntags = 1; }
				if (t == 2) { q.tags = two; q.ntags = 2; }
				if (t == 3) { q.tags = two; q.ntags = 2; q.all_tags = true; }
				if (t == 4) { q.exclude = uk; q.nexclude = 1; }
				if (t == 5) q.starred_only = true;
				if (t == 6) { q.feeds = feed_b; q.nfeeds = 1; q.tags = uk; q.ntags = 1; }
				assert_int_equal(query_run(&l, &q, &plain), LDN_OK);
				q.index = &ix;
				assert_int_equal(query_run(&l, &q, &packed), LDN_OK);
				if (plain.len != packed.len)
					fail_msg("find '%s' case %zu: %zu vs %zu", finds[f] ? finds[f] : "(null)",
						 t, plain.len, packed.len);
				for (i = 0; i < plain.len; i++)
					assert_ptr_equal(plain.items[i], packed.items[i]);
				query_view_free(&plain);
				query_view_free(&packed);
			}
		query_index_free(&ix);
	}
	article_list_free(&l);
}

/* The feed filter (F in the reader) and the feed pane's counts. */
static void
test_feeds(void **state)
{
	static const char *const only_b[] = {"https://b/feed"};
	static const char *const both[] = {"https://nope/feed", "https://a/feed"};
	struct article_list l;
	struct query q = {.feeds = only_b, .nfeeds = 1};
	struct query_view v, all;
	struct query_feed *feeds;
	size_t n, i;

	(void)state;
	build(&l, specs, NSPECS);
	query_sort(&l);
	assert_int_equal(query_run(&l, &q, &v), LDN_OK);
	assert_int_equal(v.len, 2);
	for (i = 0; i < v.len; i++)
		assert_string_equal(v.items[i]->feed_url, "https://b/feed");
	query_view_free(&v);
	q.feeds = both;
	q.nfeeds = 2;
	assert_int_equal(query_run(&l, &q, &v), LDN_OK);
	assert_int_equal(v.len, 5);
	query_view_free(&v);

	all.items = l.items;
	all.len = l.len;
	assert_int_equal(query_feeds(&all, &feeds, &n), LDN_OK);
	assert_int_equal(n, 2);
	/* Same titles ("Feed"): then by URL. */
	assert_string_equal(feeds[0].url, "https://a/feed");
	assert_int_equal(feeds[0].count, 5);
	assert_string_equal(feeds[1].url, "https://b/feed");
	assert_int_equal(feeds[1].count, 2);
	free(feeds);
	all.len = 0;
	assert_int_equal(query_feeds(&all, &feeds, &n), LDN_OK);
	assert_int_equal(n, 0);
	assert_null(feeds);
	article_list_free(&l);
}

static void
test_related_and_tags(void **state)
{
	struct article_list l;
	struct query q = {0};
	struct query_view v;
	struct query_tag *tags;
	size_t rel[5], n;

	(void)state;
	build(&l, specs, NSPECS);
	query_sort(&l);
	assert_int_equal(query_run(&l, &q, &v), LDN_OK);
	/* b2 (index 3) has UK+Politics: a1 shares both, then b1 (UK), a0 (Politics). */
	n = query_related(&v, 3, rel, 5);
	assert_int_equal(n, 3);
	assert_string_equal(v.items[rel[0]]->id, "a1");
	assert_string_equal(v.items[rel[1]]->id, "a0");
	assert_string_equal(v.items[rel[2]]->id, "b1");
	/* The max is honoured and the best come first. */
	n = query_related(&v, 3, rel, 1);
	assert_int_equal(n, 1);
	assert_string_equal(v.items[rel[0]]->id, "a1");
	assert_int_equal(query_related(&v, 99, rel, 5), 0);

	assert_int_equal(query_tags(&v, &tags, &n), LDN_OK);
	assert_int_equal(n, 5);
	assert_string_equal(tags[0].tag, "Politics");
	assert_int_equal(tags[0].count, 3);
	assert_string_equal(tags[1].tag, "Tech");
	assert_int_equal(tags[1].count, 3);
	assert_string_equal(tags[2].tag, "UK");
	assert_string_equal(tags[4].tag, "Business");
	assert_int_equal(tags[4].count, 1);
	free(tags);
	query_view_free(&v);
	article_list_free(&l);
}

/* Many distinct tags (the count table grows several times): each count
 * right, ordered by count then name. Tag k (0..299) is on the articles
 * i with i % 300 >= k, so its count is the number of such i. Added as
 * the user's tags: a feed's stop at ARTICLE_MAX_TAGS an article. */
static void
test_tags_many(void **state)
{
	struct article_list l = {0};
	struct query_view v = {0};
	struct query_tag *tags;
	size_t i, k, n, want;
	char name[16];

	(void)state;
	for (i = 0; i < 900; i++) {
		struct article *a = article_new();
		assert_non_null(a);
		for (k = 0; k <= i % 300; k++) {
			snprintf(name, sizeof(name), "t%03zu", k);
			assert_int_equal(article_add_user_tag(a, name), LDN_OK);
		}
		assert_int_equal(article_list_push(&l, a), LDN_OK);
	}
	assert_non_null(v.items = malloc(l.len * sizeof(*v.items)));
	for (i = 0; i < l.len; i++)
		v.items[v.len++] = l.items[i];
	assert_int_equal(query_tags(&v, &tags, &n), LDN_OK);
	assert_int_equal(n, 300);
	for (k = 0; k < 300; k++) {
		snprintf(name, sizeof(name), "t%03zu", k);
		want = 3 * (300 - k);
		/* Counts fall with k, so the order is t000, t001, ... */
		assert_string_equal(tags[k].tag, name);
		assert_int_equal(tags[k].count, want);
	}
	free(tags);
	query_view_free(&v);
	article_list_free(&l);
}

static void
test_large_sort_is_ordered(void **state)
{
	struct article_list l = {0};
	size_t i;

	(void)state;
	for (i = 0; i < 20000; i++) {
		struct article *a = article_new();
		char id[32];
		assert_non_null(a);
		snprintf(id, sizeof(id), "id%05zu", i);
		a->feed_url = strdup("f");
		a->id = strdup(id);
		a->has_published = i % 7 != 0;
		a->published = (time_t)((i * 7919) % 5000);
		assert_int_equal(article_list_push(&l, a), LDN_OK);
	}
	query_sort(&l);
	for (i = 1; i < l.len; i++) {
		const struct article *p = l.items[i - 1], *c = l.items[i];
		if (p->has_published && c->has_published)
			assert_true(p->published > c->published ||
				    (p->published == c->published && strcmp(p->id, c->id) < 0));
		else
			assert_true(p->has_published || !c->has_published);
	}
	article_list_free(&l);
}

/* The ignore rules hide in both passes (the plain one and the reader's
 * indexed one), whatever `also` says, and are counted when the other
 * filters kept the article. */
static void
test_ignore(void **state)
{
	static const char *const uk[] = {"UK"};
	char tech[] = "tech", unknown[] = "unknown*";
	struct ignore_rule rules[] = {
		{.field = IGNORE_TAG, .pattern = tech},
		{.field = IGNORE_TITLE, .pattern = unknown},
	};
	struct article_list l;
	struct query_index ix;
	struct query_test t;
	size_t pass, hidden;

	(void)state;
	build(&l, specs, NSPECS);
	query_sort(&l);
	assert_int_equal(query_index_build(&l, &ix), LDN_OK);
	for (pass = 0; pass < 2; pass++) {
		struct query q = {.ignore = rules, .nignore = 2, .hidden = &hidden,
				  .find_headlines = pass == 1, .index = pass == 1 ? &ix : NULL};
		struct query_view v;

		hidden = 99;
		assert_int_equal(query_run(&l, &q, &v), LDN_OK);
		assert_int_equal(v.len, 2);
		assert_string_equal(v.items[0]->id, "b2");
		assert_string_equal(v.items[1]->id, "a1");
		assert_int_equal(hidden, 5);
		query_view_free(&v);
		/* Only what the tag filter kept counts as hidden. */
		q.tags = uk;
		q.ntags = 1;
		assert_int_equal(query_run(&l, &q, &v), LDN_OK);
		assert_int_equal(v.len, 2);
		assert_int_equal(hidden, 1);
		query_view_free(&v);
	}
	{
		struct query q = {.ignore = rules, .nignore = 2, .find = "newest"};
		assert_int_equal(query_test_init(&t, &q), LDN_OK);
		/* a3 "Newest" is tagged Tech: found, and hidden even so. */
		assert_int_equal(query_test_judge(&t, l.items[0], false), QUERY_HIDDEN);
		assert_false(query_test_keep(&t, l.items[0], true));
		assert_int_equal(query_test_judge(&t, l.items[4], false), QUERY_DROP);
		query_test_free(&t);
		q.nignore = 0;
		assert_int_equal(query_test_init(&t, &q), LDN_OK);
		assert_int_equal(query_test_judge(&t, l.items[0], false), QUERY_KEEP);
		query_test_free(&t);
	}
	query_index_free(&ix);
	article_list_free(&l);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_filters),
		cmocka_unit_test(test_ignore),
		cmocka_unit_test(test_find_headlines_and_also),
		cmocka_unit_test(test_index_agrees),
		cmocka_unit_test(test_feeds),
		cmocka_unit_test(test_related_and_tags),
		cmocka_unit_test(test_tags_many),
		cmocka_unit_test(test_large_sort_is_ordered),
	};
	text_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
