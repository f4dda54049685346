/*
 * test_model.c - the reader model against query_run: for every filter, the
 * rows a model finds a slice at a time over a real cache file are the
 * view query_run makes of the whole list loaded into memory, in the same
 * order (so with the same numbers); windows read the right articles; a
 * change to a feed shown starts the view again.
 *
 * The cache has more articles than a slice, with dates shared across
 * feeds and within one, and undated articles, so slices end inside runs
 * of equal dates and at the turn from dated to undated.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "model.h"
#include "query.h"
#include "store.h"
#include "support.h"

#define T0 1733000000L
#define PER_FEED 300

static const char *const feeds[] = {
	"https://a.example/feed", "https://b.example/feed", "https://c.example/feed",
};
static const char *const tagset[] = {"UK", "World", "Tech", "uk", "Sport"};

struct fixture {
	char *dir;
	struct store *s;
};

/* Article j of feed f: every third undated in feed c; dates repeat in
 * steps of 3 within a feed and across feeds. */
static struct article *
mk(size_t f, size_t j)
{
	struct article *a = article_new();
	char buf[128];

	assert_non_null(a);
	snprintf(buf, sizeof(buf), "id-%03zu", (j * 7) % PER_FEED); /* ids not in date order */
	a->id = strdup(buf);
	snprintf(buf, sizeof(buf), "%s headline %zu %s", feeds[f], j,
		 j % 5 == 0 ? "Winter Fuel" : "river");
	a->title = strdup(buf);
	a->summary = strdup(j % 4 == 0 ? "<p>The <b>budget</b> vote</p>" : "a quiet day");
	a->summary_fmt = j % 4 == 0 ? ARTICLE_FMT_HTML : ARTICLE_FMT_TEXT;
	a->link = strdup("https://example.org/x");
	assert_non_null(a->id);
	assert_non_null(a->title);
	assert_non_null(a->summary);
	assert_non_null(a->link);
	if (!(f == 2 && j % 3 == 0)) {
		a->has_published = true;
		a->published = T0 - (time_t)(j / 3) * 60;
	}
	assert_int_equal(article_add_tag(a, tagset[(j + f) % 5]), LDN_OK);
	if (j % 2)
		assert_int_equal(article_add_tag(a, tagset[(j / 2) % 5]), LDN_OK);
	return a;
}

/* The cache, its rows numbered from `first_id` on. */
static int
setup_from(void **state, long long first_id)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	struct store_limits lim = {0, 0};
	char path[512], *cause = NULL;
	size_t f, j;

	assert_non_null(fx);
	fx->dir = ts_tmpdir("model");
	snprintf(path, sizeof(path), "%s/cache.db", fx->dir);
	assert_int_equal(store_open(&fx->s, path, 0, &cause), LDN_OK);
	if (first_id > 1) {
		/* SQLite numbers a row one past the largest: an article of a
		 * feed no view shows sets where the others start. */
		sqlite3 *db;
		char sql[256];

		store_close(fx->s);
		assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
		snprintf(sql, sizeof(sql), "INSERT INTO feeds(url) VALUES('https://hidden/');"
			 "INSERT INTO articles(id, feed_id, guid, first_seen) VALUES(%lld, "
			 "(SELECT id FROM feeds), 'g', 0);", first_id - 1);
		assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
		sqlite3_close(db);
		assert_int_equal(store_open(&fx->s, path, 0, &cause), LDN_OK);
	}
	store_set_limits(fx->s, &lim);
	for (f = 0; f < 3; f++) {
		struct feed fd = {.url = (char *)feeds[f], .title = (char *)"Feed"};
		struct store_merge *m;
		bool held;

		assert_int_equal(store_merge_begin(&m, fx->s, feeds[f], T0, &cause), LDN_OK);
		for (j = 0; j < PER_FEED; j++) {
			struct article *a = mk(f, j);
			assert_int_equal(store_merge_article(m, a, &held, &cause), LDN_OK);
			assert_false(held);
			article_free(a);
		}
		assert_int_equal(store_merge_end(m, &fd, NULL, NULL, &cause), LDN_OK);
	}
	*state = fx;
	return 0;
}

static int
setup(void **state)
{
	return setup_from(state, 1);
}

/* Store ids past 2^32: the model's 4-byte ids give way to 8-byte ones. */
static int
setup_big_ids(void **state)
{
	return setup_from(state, 5000000000LL);
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	store_close(fx->s);
	ts_rmtree(fx->dir);
	free(fx->dir);
	free(fx);
	return 0;
}

/* query_run's view of the feeds' articles, the whole list in memory. */
static void
expected(struct store *s, const struct model_filter *f, struct article_list *all,
	 struct query_view *v, size_t *hidden)
{
	struct article_list l = {0};
	struct query q = {
		.tags = f->tags, .ntags = f->ntags, .all_tags = f->all_tags,
		.exclude = f->exclude, .nexclude = f->nexclude, .find = f->find,
		.find_headlines = true, .starred_only = f->starred_only,
		.unread_only = f->unread_only, .ignore = f->ignore, .nignore = f->nignore, .hidden = hidden,
	};
	char *cause = NULL;
	size_t i;

	assert_int_equal(store_load(s, &l, &cause), LDN_OK);
	assert_int_equal(article_list_take_feeds(all, &l, f->feeds, f->nfeeds), LDN_OK);
	query_sort(all);
	assert_int_equal(query_run(all, &q, v), LDN_OK);
	/* The body hits the model is given are kept too (query's `also`). */
	if (f->nalso > 0) {
		struct query_view w;
		size_t k = 0, at = 0; /* kept so far; next of v to meet */
		q.find = NULL;
		q.hidden = NULL;
		assert_int_equal(query_run(all, &q, &w), LDN_OK);
		for (i = 0; i < w.len; i++) {
			bool found = at < v->len && v->items[at] == w.items[i];
			at += found;
			if (found || store_ids_have(f->also, f->nalso, w.items[i]->store_id))
				w.items[k++] = w.items[i];
		}
		assert_int_equal(at, v->len);
		w.len = k;
		query_view_free(v);
		*v = w;
	}
}

/* The model's rows, found in slices (budget 0: one slice a call), equal
 * the expected view, and each window reads the right article. */
static void
check(struct store *s, const struct model_filter *f)
{
	struct article_list all = {0};
	struct query_view v = {0};
	struct model *m;
	const struct article *a;
	char *cause = NULL;
	size_t i, calls = 0, hidden = 0;

	expected(s, f, &all, &v, &hidden);
	assert_int_equal(model_new(&m, s), LDN_OK);
	assert_int_equal(model_set_filter(m, f), LDN_OK);
	while (!model_complete(m)) {
		assert_int_equal(model_fill(m, SIZE_MAX, 0, &cause), LDN_OK);
		calls++;
	}
	/* More articles than a slice: the view was found in several. */
	assert_true(calls >= 3);
	assert_int_equal(model_rows(m), v.len);
	if (f->nalso == 0)
		assert_int_equal(model_hidden(m), hidden);
	for (i = 0; i < v.len; i++)
		assert_int_equal(model_id(m, i), v.items[i]->store_id);
	/* Windows: backwards from the end, then forwards. */
	for (i = v.len; i-- > 0;) {
		assert_int_equal(model_article(m, i, &a, &cause), LDN_OK);
		assert_non_null(a);
		assert_string_equal(a->title, v.items[i]->title);
		assert_int_equal(a->ntags, v.items[i]->ntags);
	}
	for (i = 0; i < v.len; i += 7) {
		assert_int_equal(model_article(m, i, &a, &cause), LDN_OK);
		assert_non_null(a);
		assert_int_equal(a->store_id, v.items[i]->store_id);
	}
	model_free(m);
	query_view_free(&v);
	article_list_free(&all);
}

static void
test_every_article(void **state)
{
	struct fixture *fx = *state;
	struct model_filter f = {.feeds = feeds, .nfeeds = 3};

	check(fx->s, &f);
}

static void
test_big_ids(void **state)
{
	struct fixture *fx = *state;
	struct model_filter f = {.feeds = feeds, .nfeeds = 3};
	struct article_list all = {0};
	char *cause = NULL;

	assert_int_equal(store_load(fx->s, &all, &cause), LDN_OK);
	assert_true(all.items[all.len - 1]->store_id > 5000000000LL);
	article_list_free(&all);
	check(fx->s, &f);
}

static void
test_some_feeds(void **state)
{
	struct fixture *fx = *state;
	struct model_filter f = {.feeds = feeds + 1, .nfeeds = 2};

	check(fx->s, &f);
}

static void
test_tags(void **state)
{
	static const char *const uk[] = {"UK"}, *const two[] = {"uk", "World"},
			  *const sport[] = {"Sport"};
	struct fixture *fx = *state;
	struct model_filter f = {.feeds = feeds, .nfeeds = 3, .tags = uk, .ntags = 1};

	check(fx->s, &f);
	f.tags = two;
	f.ntags = 2;
	f.all_tags = true;
	check(fx->s, &f);
	f.all_tags = false;
	f.exclude = sport;
	f.nexclude = 1;
	check(fx->s, &f);
}

static void
test_find_and_body_hits(void **state)
{
	static const long long hits[] = {3, 40, 41, 500, 899};
	struct fixture *fx = *state;
	struct model_filter f = {.feeds = feeds, .nfeeds = 3, .find = "winter FUEL"};

	check(fx->s, &f);
	f.find = "budget"; /* in the standfirst, under markup */
	check(fx->s, &f);
	f.also = hits;
	f.nalso = sizeof(hits) / sizeof(hits[0]);
	check(fx->s, &f);
}

/* The config's ignore rules hide rows, and the model counts them. */
static void
test_ignore(void **state)
{
	static const char *const uk[] = {"UK"};
	char sport[] = "sport", glob[] = "*headline 1?? river";
	struct ignore_rule rules[] = {
		{.field = IGNORE_TAG, .pattern = sport},
		{.field = IGNORE_TITLE, .pattern = glob},
	};
	struct fixture *fx = *state;
	struct model_filter f = {.feeds = feeds, .nfeeds = 3, .ignore = rules, .nignore = 2};
	struct model *m;
	char *cause = NULL;

	check(fx->s, &f);
	f.tags = uk;
	f.ntags = 1;
	check(fx->s, &f);
	/* Something was hidden, and starting again counts afresh. */
	assert_int_equal(model_new(&m, fx->s), LDN_OK);
	assert_int_equal(model_set_filter(m, &f), LDN_OK);
	assert_int_equal(model_fill(m, SIZE_MAX, 10000, &cause), LDN_OK);
	assert_true(model_complete(m));
	assert_true(model_hidden(m) > 0);
	f.nignore = 0;
	assert_int_equal(model_set_filter(m, &f), LDN_OK);
	assert_int_equal(model_hidden(m), 0);
	model_free(m);
}

static void
test_starred(void **state)
{
	struct fixture *fx = *state;
	struct model_filter f = {.feeds = feeds, .nfeeds = 3, .starred_only = true};
	char *cause = NULL;
	long long id;

	for (id = 5; id < 900; id += 11)
		assert_int_equal(store_set_starred(fx->s, id, true, &cause), LDN_OK);
	check(fx->s, &f);
}

static void
test_unread_only(void **state)
{
	static const char *const uk[] = {"UK"};
	struct fixture *fx = *state;
	struct model_filter f = {.feeds = feeds, .nfeeds = 3, .unread_only = true};
	char *cause = NULL;
	long long id;

	for (id = 2; id < 900; id += 3)
		assert_int_equal(store_set_read(fx->s, id, true, &cause), LDN_OK);
	check(fx->s, &f);
	f.tags = uk;
	f.ntags = 1;
	check(fx->s, &f);
}

/* Every article's read mark, by store id (index id - 1). */
static bool *
marks(struct store *s, size_t *n)
{
	struct article_list l = {0};
	char *cause = NULL;
	bool *r;
	size_t i;

	assert_int_equal(store_load(s, &l, &cause), LDN_OK);
	r = calloc(l.len + 1, sizeof(*r));
	assert_non_null(r);
	for (i = 0; i < l.len; i++) {
		assert_int_equal(l.items[i]->store_id, (long long)i + 1);
		r[i] = l.items[i]->read;
	}
	*n = l.len;
	article_list_free(&l);
	return r;
}

/*
 * A marks every row of the view read, the rows not found yet too, and
 * nothing else; the ids it returns undo exactly that. Without a filter
 * (SQL over the feeds) and with one (every row found first).
 */
static void
mark_all_and_undo(struct store *s, const struct model_filter *f)
{
	struct article_list all = {0};
	struct query_view v = {0};
	struct model *m;
	bool *before, *after, *in_view;
	long long *ch;
	size_t n, n2, nch, i, hidden = 0, unread_in_view = 0;
	char *cause = NULL;

	before = marks(s, &n);
	expected(s, f, &all, &v, &hidden);
	in_view = calloc(n + 1, sizeof(*in_view));
	assert_non_null(in_view);
	for (i = 0; i < v.len; i++) {
		in_view[v.items[i]->store_id - 1] = true;
		unread_in_view += !v.items[i]->read;
	}
	assert_true(unread_in_view > 0);
	assert_true(v.len > 0 && v.len < n);
	assert_int_equal(model_new(&m, s), LDN_OK);
	assert_int_equal(model_set_filter(m, f), LDN_OK);
	assert_int_equal(model_fill(m, 10, 0, &cause), LDN_OK);
	assert_false(model_complete(m)); /* the rest is not found yet */
	assert_int_equal(model_mark_all_read(m, &ch, &nch, &cause), LDN_OK);
	assert_int_equal(nch, unread_in_view);
	after = marks(s, &n2);
	assert_int_equal(n2, n);
	for (i = 0; i < n; i++)
		assert_int_equal(after[i], in_view[i] ? true : before[i]);
	for (i = 0; i < nch; i++)
		assert_true(in_view[ch[i] - 1] && !before[ch[i] - 1]);
	free(after);
	assert_int_equal(store_set_read_ids(s, ch, nch, false, NULL, NULL, &cause), LDN_OK);
	after = marks(s, &n2);
	assert_memory_equal(before, after, n * sizeof(*before));
	free(after);
	free(ch);
	model_free(m);
	query_view_free(&v);
	article_list_free(&all);
	free(in_view);
	free(before);
}

static void
test_mark_all_read(void **state)
{
	static const char *const uk[] = {"UK"};
	struct fixture *fx = *state;
	struct model_filter f = {.feeds = feeds + 1, .nfeeds = 2};
	char *cause = NULL;
	long long id;

	for (id = 1; id < 900; id += 4)
		assert_int_equal(store_set_read(fx->s, id, true, &cause), LDN_OK);
	mark_all_and_undo(fx->s, &f);
	f.tags = uk;
	f.ntags = 1;
	mark_all_and_undo(fx->s, &f);
	f.tags = NULL;
	f.ntags = 0;
	f.find = "winter fuel";
	mark_all_and_undo(fx->s, &f);
}

/* The next unread row, either way, as a walk of the expected view finds
 * it; forward from a view barely begun finds the rest. */
static void
test_next_unread(void **state)
{
	struct fixture *fx = *state;
	struct model_filter f = {.feeds = feeds, .nfeeds = 3};
	struct article_list all = {0};
	struct query_view v = {0};
	struct model *m;
	size_t i, k, row, want, hidden = 0;
	char *cause = NULL;
	long long id;

	/* Everything read but a few ids, far apart in view order. */
	for (id = 1; id <= 900; id++)
		assert_int_equal(store_set_read(fx->s, id, id % 97 != 5, &cause), LDN_OK);
	expected(fx->s, &f, &all, &v, &hidden);
	assert_int_equal(model_new(&m, fx->s), LDN_OK);
	assert_int_equal(model_set_filter(m, &f), LDN_OK);
	assert_int_equal(model_fill(m, 3, 0, &cause), LDN_OK);
	for (i = 0; i < v.len; i += 13) {
		for (want = SIZE_MAX, k = i + 1; k < v.len && want == SIZE_MAX; k++)
			if (!v.items[k]->read)
				want = k;
		assert_int_equal(model_next_unread(m, i, true, &row, &cause), LDN_OK);
		assert_int_equal(row, want);
		for (want = SIZE_MAX, k = i; k-- > 0 && want == SIZE_MAX;)
			if (!v.items[k]->read)
				want = k;
		assert_int_equal(model_next_unread(m, i, false, &row, &cause), LDN_OK);
		assert_int_equal(row, want);
	}
	/* From SIZE_MAX: from the first row on. */
	for (want = SIZE_MAX, k = 0; k < v.len && want == SIZE_MAX; k++)
		if (!v.items[k]->read)
			want = k;
	assert_int_equal(model_next_unread(m, SIZE_MAX, true, &row, &cause), LDN_OK);
	assert_int_equal(row, want);
	/* Past the last: none. */
	assert_int_equal(model_next_unread(m, v.len - 1, true, &row, &cause), LDN_OK);
	assert_int_equal(row, SIZE_MAX);
	model_free(m);
	query_view_free(&v);
	article_list_free(&all);
}

/* Caches of n and 10 n articles of one feed, for the scaling test. */
struct sized {
	char *dir;
	struct store *s[2];
	size_t n;
};

static const char *const big_feed[] = {"https://big.example/feed"};

/* n articles written by SQL (a merge of each would cost more than what
 * is measured): titles of two kinds, every third read. */
static struct store *
sized_cache(const char *dir, size_t n)
{
	char path[512], sql[1024], *cause = NULL;
	struct store *s;
	sqlite3 *db;

	snprintf(path, sizeof(path), "%s/cache-%zu.db", dir, n);
	assert_int_equal(store_open(&s, path, 0, &cause), LDN_OK);
	assert_int_equal(store_note_fetch(s, big_feed[0], T0, NULL, &cause), LDN_OK);
	store_close(s);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	snprintf(sql, sizeof(sql), "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c "
		 "WHERE i < %zu) INSERT INTO articles(feed_id, guid, title, published, read, "
		 "first_seen) SELECT (SELECT id FROM feeds), 'g' || i, CASE WHEN i %% 2 THEN "
		 "'Winter story ' ELSE 'Summer story ' END || i, %ld - i, i %% 3 = 0, 0 FROM c", n,
		 T0);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_open(&s, path, 0, &cause), LDN_OK);
	return s;
}

/* A with a filter SQL cannot express (every row found first, then their
 * ids marked), then u: the marks are as they were. (Without a filter A
 * is one UPDATE over the feeds.) */
static void
mark_all_work(size_t n, void *arg)
{
	struct sized *z = arg;
	struct store *s = z->s[n == z->n ? 0 : 1];
	struct model_filter f = {.feeds = big_feed, .nfeeds = 1, .find = "winter"};
	struct model *m;
	long long *ch;
	size_t nch, undone;
	char *cause = NULL;

	assert_int_equal(model_new(&m, s), LDN_OK);
	assert_int_equal(model_set_filter(m, &f), LDN_OK);
	assert_int_equal(model_mark_all_read(m, &ch, &nch, &cause), LDN_OK);
	/* Half the rows are shown, two thirds of them unread. */
	assert_true(nch >= n / 4 && nch <= n / 2);
	assert_int_equal(store_set_read_ids(s, ch, nch, false, NULL, &undone, &cause), LDN_OK);
	assert_int_equal(undone, nch);
	free(ch);
	model_free(m);
}

/* The two caches live in the state, so that teardown closes them when
 * the check fails too (cmocka's fail leaves the test by longjmp). */
static int
sized_setup(void **state)
{
	/* 10,000 in every build: at 2,000 the query's fixed costs under
	 * AddressSanitizer weigh enough to read x15 on a quiet machine and
	 * past x20 on a busy one. */
	struct sized *z = calloc(1, sizeof(*z));

	assert_non_null(z);
	z->n = 10000;
	z->dir = ts_tmpdir("model-scale");
	z->s[0] = sized_cache(z->dir, z->n);
	z->s[1] = sized_cache(z->dir, z->n * 10);
	*state = z;
	return 0;
}

static int
sized_teardown(void **state)
{
	struct sized *z = *state;

	store_close(z->s[0]);
	store_close(z->s[1]);
	ts_rmtree(z->dir);
	free(z->dir);
	free(z);
	return 0;
}

/* A over a view of 10 n rows costs 10 times that of n, not 100. */
static void
test_mark_all_read_scales(void **state)
{
	struct sized *z = *state;

	ts_assert_linear("mark all read and undo", mark_all_work, z, z->n);
}

/* Asking for 50 rows reads a slice or so, not the whole view; a change to
 * a feed shown starts the view again, one to another feed does not. */
static void
test_progressive_and_changed(void **state)
{
	static const char *const other[] = {"https://elsewhere/feed"};
	struct fixture *fx = *state;
	struct model_filter f = {.feeds = feeds, .nfeeds = 2};
	const struct article *a;
	struct model *m;
	char *cause = NULL;

	assert_int_equal(model_new(&m, fx->s), LDN_OK);
	assert_int_equal(model_rows(m), 0);
	assert_true(model_complete(m)); /* no filter yet: nothing to show */
	assert_int_equal(model_set_filter(m, &f), LDN_OK);
	assert_false(model_complete(m));
	assert_int_equal(model_fill(m, 50, 1000, &cause), LDN_OK);
	assert_true(model_rows(m) >= 50);
	assert_true(model_rows(m) < 2 * PER_FEED);
	assert_false(model_complete(m));
	assert_int_equal(model_article(m, 0, &a, &cause), LDN_OK);
	assert_non_null(a);
	assert_false(model_changed(m, other, 1));
	assert_true(model_rows(m) >= 50);
	assert_true(model_changed(m, feeds + 1, 1));
	assert_int_equal(model_rows(m), 0);
	assert_int_equal(model_fill(m, SIZE_MAX, 10000, &cause), LDN_OK);
	assert_true(model_complete(m));
	assert_int_equal(model_rows(m), 2 * PER_FEED);
	/* A row the cache no longer has (retention pruned feed b to ten)
	 * reads as NULL, not as another article. */
	{
		struct store_limits ten = {0, 10};
		struct feed fd = {.url = (char *)feeds[1], .title = (char *)"Feed"};
		struct store_merge *mg;
		size_t j, i, gone = 0;
		bool held;

		store_set_limits(fx->s, &ten);
		assert_int_equal(store_merge_begin(&mg, fx->s, feeds[1], T0, &cause), LDN_OK);
		for (j = 0; j < PER_FEED; j++) {
			struct article *b = mk(1, j);
			assert_int_equal(store_merge_article(mg, b, &held, &cause), LDN_OK);
			article_free(b);
		}
		assert_int_equal(store_merge_end(mg, &fd, NULL, NULL, &cause), LDN_OK);
		for (i = 0; i < model_rows(m); i++) {
			assert_int_equal(model_article(m, i, &a, &cause), LDN_OK);
			if (a == NULL)
				gone++;
			else
				assert_int_equal(a->store_id, model_id(m, i));
		}
		assert_int_equal(gone, PER_FEED - 10);
	}
	model_free(m);
}

static int
count_scanned(const struct article *a, void *payload)
{
	struct query_tag_counter *c = payload;

	return query_tag_counter_add(c, a);
}

/* The counts a reader takes from its worker are what a pass over every
 * article (model_scan, the sources' tags laid over) counts: totals,
 * unread, and every tag's count, a source's tags included — one it lays
 * that some articles carry already ("uk" on feed b) counted once for
 * those, and once more for those with only "UK" (tags compare as bytes). */
static void
test_counts(void **state)
{
	struct fixture *fx = *state;
	static const char *const b_tags[] = {"uk", "Laid"};
	struct source sources[] = {
		{.url = "https://b.example/feed", .name = "Bee", .tags = b_tags, .ntags = 2},
	};
	struct query_tag_counter *c;
	struct query_tag *want;
	struct model_counts got;
	size_t nwant, i;
	char *cause = NULL;

	(void)state;
	assert_int_equal(store_set_read(fx->s, 1, true, &cause), LDN_OK);
	assert_int_equal(model_count(fx->s, feeds, 3, sources, 1, &got, &cause), LDN_OK);
	assert_int_equal(got.total, 3 * PER_FEED);
	assert_int_equal(got.unread, 3 * PER_FEED - 1);
	assert_true(got.multi_feed);
	assert_int_equal(query_tag_counter_new(&c), LDN_OK);
	assert_int_equal(model_scan(fx->s, feeds, 3, sources, 1, count_scanned, c, &cause),
			 LDN_OK);
	query_tag_counter_take(c, &want, &nwant);
	query_tag_counter_free(c);
	assert_int_equal(got.ntags, nwant);
	for (i = 0; i < nwant; i++) {
		assert_string_equal(got.tags[i].tag, want[i].tag);
		assert_int_equal(got.tags[i].count, want[i].count);
	}
	query_tags_free_owned(want, nwant);
	model_counts_free(&got);
	/* One feed: not several. */
	assert_int_equal(model_count(fx->s, feeds, 1, NULL, 0, &got, &cause), LDN_OK);
	assert_false(got.multi_feed);
	assert_int_equal(got.total, PER_FEED);
	model_counts_free(&got);
}

/* Rows pruned from under the reader: ids the cache no longer holds read
 * as NULL, every one of them too (no search of an empty result: UBSan
 * caught a bsearch of NULL when the open article was pruned). */
static void
test_pruned_ids(void **state)
{
	struct fixture *fx = *state;
	long long ids[2] = {999999, 1};
	struct article *out[2];
	char *cause = NULL;

	assert_int_equal(store_load_ids(fx->s, ids, 1, out, &cause), LDN_OK);
	assert_null(out[0]);
	assert_int_equal(store_load_ids(fx->s, ids, 2, out, &cause), LDN_OK);
	assert_null(out[0]);
	assert_non_null(out[1]);
	assert_int_equal(out[1]->store_id, 1);
	article_free(out[1]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_article, setup, teardown),
		cmocka_unit_test_setup_teardown(test_some_feeds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_big_ids, setup_big_ids, teardown),
		cmocka_unit_test_setup_teardown(test_tags, setup, teardown),
		cmocka_unit_test_setup_teardown(test_find_and_body_hits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_starred, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unread_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mark_all_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_next_unread, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mark_all_read_scales, sized_setup, sized_teardown),
		cmocka_unit_test_setup_teardown(test_ignore, setup, teardown),
		cmocka_unit_test_setup_teardown(test_progressive_and_changed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_counts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pruned_ids, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
