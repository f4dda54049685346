/*
 * Tests of refresh.c against the loopback server (run under with-server,
 * which exports LDN_TEST_URL): a reader told to quit while its worker
 * reads a feed that would take minutes does not wait for it; the
 * worker's messages, by kind and in order; a kiosk's copy of the cache
 * in memory; nothing said changed after a refresh that merged nothing,
 * and only the feed merged named after one that merged one.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <sched.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "fetch.h"
#include "plan.h"
#include "refresh.h"
#include "store.h"
#include "support.h"

static double
mono_seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The reader's plan for srcs[0..n), a kiosk's with `kiosk`, with no
 * config file. Standard output is no terminal here: the reader's parse
 * flags (bodies kept) are set by hand. */
static void
reader_plan(struct plan *p, const char **srcs, size_t n, bool kiosk)
{
	struct cli_opts o = {.feeds = srcs, .nfeeds = n, .kiosk = kiosk};

	assert_int_equal(plan_build(p, &o, NULL, NULL), LDN_OK);
	p->parse_flags = 0;
}

/* The front end's cache: the file at path, or (NULL) an empty one in
 * memory (--no-cache); `kiosk`: a copy of the file in memory. */
static struct store *
front_open(const char *path, bool kiosk)
{
	struct store *s = NULL, *disk = NULL;
	char *cause = NULL;

	if (path == NULL)
		assert_int_equal(store_open_shared(&s, NULL, &cause), LDN_OK);
	else if (!kiosk)
		assert_int_equal(store_open(&s, path, STORE_NO_CHECK, &cause), LDN_OK);
	else {
		assert_int_equal(store_open(&disk, path, STORE_READONLY | STORE_NO_CHECK,
					    &cause), LDN_OK);
		if (store_open_shared(&s, disk, &cause) != LDN_OK)
			fail_msg("%s", cause ? cause : "?");
		store_close(disk);
	}
	return s;
}

/* How many articles of feed src the cache s holds. */
static size_t
articles_in(struct store *s, const char *src)
{
	size_t total = 0;
	bool has = false;
	char *cause = NULL;

	assert_int_equal(store_count_cached(s, &src, 1, &total, &has, &cause), LDN_OK);
	return total;
}

/* The kiosk took 154 s to exit after SIGTERM during a long parse: the
 * worker's fetch now gives up as soon as refresh_free asks. */
static void
test_free_stops_the_worker(void **state)
{
	static const char *const paths[] = {"/drip/1000/100000", "/slow/25"};
	const char *base = getenv("LDN_TEST_URL");
	struct plan p;
	struct refresh *r;
	struct store *front;
	struct buf url;
	const char *src;
	size_t i, k;
	double t0;

	(void)state;
	assert_non_null(base);
	for (i = 0; i < 2; i++) {
		for (k = 0; k < sizeof(paths) / sizeof(paths[0]); k++) {
			buf_init(&url, 4096);
			assert_int_equal(buf_printf(&url, "%s%s", base, paths[k]), LDN_OK);
			src = buf_cstr(&url);
			reader_plan(&p, &src, 1, i == 0);
			front = front_open(NULL, false);
			assert_int_equal(refresh_new(&r, &p, front, false), LDN_OK);
			assert_true(refresh_start(r));
			t0 = mono_seconds();
			refresh_free(r);
			store_close(front);
			if (mono_seconds() - t0 > 10)
				fail_msg("%s (%s): refresh_free took %.1f s", paths[k],
					 i == 0 ? "kiosk" : "no cache", mono_seconds() - t0);
			plan_free(&p);
			buf_free(&url);
		}
	}
}

/* The worker's messages, told by their kind, until it has finished. */
struct msgs {
	enum refresh_kind kind[16];
	struct refresh_result *res[16];
	size_t n;
};

static void
collect(struct refresh *r, struct msgs *m)
{
	struct refresh_result *res;
	bool running;

	memset(m, 0, sizeof(*m));
	/* Whatever was queued before the worker said it ended is there
	 * once it has: one poll after the last "running". */
	do {
		running = refresh_running(r, NULL, NULL);
		while ((res = refresh_poll(r)) != NULL) {
			assert_true(m->n < 16);
			m->kind[m->n] = res->kind;
			m->res[m->n++] = res;
		}
		if (running)
			sched_yield();
	} while (running);
}

static void
msgs_free(struct msgs *m)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		refresh_result_free(m->res[i]);
	m->n = 0;
}

/* A cache that cannot be opened is the run's failure, not a feed's: here
 * its directory was moved away after the front end opened it, and a file
 * took its place. */
static void
test_cache_open_fails_the_run(void **state)
{
	const char *src = LDN_TEST_DATA "/http/tiny.xml";
	char *dir = ts_tmpdir("refresh-fail");
	struct plan p;
	struct refresh *r;
	struct store *front;
	struct buf sub, cache, moved;
	struct msgs m;
	FILE *f;

	(void)state;
	buf_init(&sub, 4096);
	buf_init(&cache, 4096);
	buf_init(&moved, 4096);
	assert_int_equal(buf_printf(&sub, "%s/sub", dir), LDN_OK);
	assert_int_equal(buf_printf(&cache, "%s/sub/cache.db", dir), LDN_OK);
	assert_int_equal(buf_printf(&moved, "%s/moved", dir), LDN_OK);
	front = front_open(buf_cstr(&cache), false);
	assert_int_equal(rename(buf_cstr(&sub), buf_cstr(&moved)), 0);
	assert_non_null(f = fopen(buf_cstr(&sub), "w"));
	assert_int_equal(fclose(f), 0);
	reader_plan(&p, &src, 1, false);
	assert_int_equal(refresh_new(&r, &p, front, false), LDN_OK);
	assert_true(refresh_start(r));
	collect(r, &m);
	assert_int_equal(m.n, 1);
	assert_int_equal(m.kind[0], REFRESH_RUN_FAILED);
	assert_int_not_equal(m.res[0]->u.failure.status, LDN_OK);
	assert_non_null(m.res[0]->u.failure.cause);
	msgs_free(&m);
	refresh_free(r);
	store_close(front);
	plan_free(&p);
	assert_int_equal(ts_rmtree(dir), 0);
	buf_free(&sub);
	buf_free(&cache);
	buf_free(&moved);
	free(dir);
}

/* With a cache: the first run's snapshot (empty: no prep), the source,
 * then the snapshot of what was merged and its prep, in that order. A
 * kiosk over that cache (a copy in memory) shows it, then fetches into
 * the copy with the validators it holds: nothing is merged (no snapshot
 * follows), run after run. */
static void
test_messages_in_order(void **state)
{
	char *dir = ts_tmpdir("refresh"), *url = ts_server_url("/file/http/tiny.xml?t=kiosk");
	const char *src = url;
	struct buf cache;
	struct plan p, kiosk;
	struct refresh *r;
	struct store *front;
	struct msgs m;
	int run;

	(void)state;
	buf_init(&cache, 4096);
	assert_int_equal(buf_printf(&cache, "%s/cache.db", dir), LDN_OK);
	reader_plan(&p, &src, 1, false);
	front = front_open(buf_cstr(&cache), false);
	assert_int_equal(refresh_new(&r, &p, front, false), LDN_OK);
	assert_true(refresh_start(r));
	collect(r, &m);
	/* The empty cache counted, the source, what it merged, the counts. */
	assert_int_equal(m.n, 4);
	assert_int_equal(m.kind[0], REFRESH_COUNTS);
	assert_int_equal(m.res[0]->u.counts.total, 0);
	assert_int_equal(m.kind[1], REFRESH_SOURCE_DONE);
	assert_int_equal(m.res[1]->u.source.status, LDN_OK);
	assert_int_equal(m.kind[2], REFRESH_CHANGED);
	assert_int_equal(m.res[2]->u.changed.nfeeds, 1);
	assert_string_equal(m.res[2]->u.changed.feeds[0], src);
	assert_int_equal(m.kind[3], REFRESH_COUNTS);
	assert_int_equal(m.res[3]->u.counts.total, 1);
	assert_int_equal(m.res[3]->u.counts.unread, 1);
	msgs_free(&m);
	assert_int_equal(articles_in(front, src), 1);
	refresh_free(r);
	store_close(front);

	reader_plan(&kiosk, &src, 1, true);
	front = front_open(buf_cstr(&cache), true);
	assert_int_equal(refresh_new(&r, &kiosk, front, false), LDN_OK);
	for (run = 0; run < 2; run++) {
		assert_true(refresh_start_forced(r));
		collect(r, &m);
		/* The copy holds the article (counted first, once); asked,
		 * nothing changed. */
		assert_int_equal(articles_in(front, src), 1);
		assert_int_equal(m.n, run == 0 ? 2 : 1);
		if (run == 0)
			assert_int_equal(m.res[0]->u.counts.total, 1);
		assert_int_equal(m.kind[m.n - 1], REFRESH_SOURCE_DONE);
		assert_int_equal(m.res[m.n - 1]->u.source.status, LDN_OK);
		msgs_free(&m);
	}
	refresh_free(r);
	store_close(front);
	plan_free(&p);
	plan_free(&kiosk);
	assert_int_equal(ts_rmtree(dir), 0);
	buf_free(&cache);
	free(dir);
	free(url);
}

/* How many of m's messages are of `kind`. */
static size_t
msgs_count(const struct msgs *m, enum refresh_kind kind)
{
	size_t i, n = 0;

	for (i = 0; i < m->n; i++)
		n += m->kind[i] == kind;
	return n;
}

/* A refresh after which the cache holds what it held (every feed a 304)
 * reads nothing from it again: no snapshot, no prep, only how each source
 * went. Once one feed brings new articles, the next run reads that feed's
 * articles alone. */
static void
test_reread_only_what_was_merged(void **state)
{
	char *dir = ts_tmpdir("reread"), *a = ts_server_url("/alias/reread"),
	     *b = ts_server_url("/file/http/tiny.xml?t=reread");
	const char *srcs[] = {a, b};
	struct plan p;
	struct refresh *r;
	struct store *front;
	struct buf cache;
	const struct refresh_changed *changed;
	struct msgs m;
	size_t i;

	(void)state;
	ts_alias("reread", "/gen/1/5");
	buf_init(&cache, 4096);
	assert_int_equal(buf_printf(&cache, "%s/cache.db", dir), LDN_OK);
	reader_plan(&p, srcs, 2, false);
	front = front_open(buf_cstr(&cache), false);
	assert_int_equal(refresh_new(&r, &p, front, false), LDN_OK);

	/* The first run: both merged, said once, after their outcomes, and
	 * counted before and after. */
	assert_true(refresh_start_forced(r));
	collect(r, &m);
	assert_int_equal(m.n, 5);
	assert_int_equal(msgs_count(&m, REFRESH_CHANGED), 1);
	assert_int_equal(msgs_count(&m, REFRESH_COUNTS), 2);
	assert_int_equal(m.kind[3], REFRESH_CHANGED);
	assert_int_equal(m.res[3]->u.changed.nfeeds, 2);
	assert_int_equal(m.res[4]->u.counts.total, 6);
	assert_true(m.res[4]->u.counts.multi_feed);
	assert_int_equal(articles_in(front, a) + articles_in(front, b), 6);
	msgs_free(&m);

	/* Both 304s: each source's outcome, and nothing else. */
	assert_true(refresh_start_forced(r));
	collect(r, &m);
	assert_int_equal(m.n, 2);
	for (i = 0; i < m.n; i++) {
		assert_int_equal(m.kind[i], REFRESH_SOURCE_DONE);
		assert_int_equal(m.res[i]->u.source.status, LDN_OK);
		assert_null(m.res[i]->u.source.note);
	}
	msgs_free(&m);

	/* One feed changed: that feed alone is named. */
	ts_alias("reread", "/gen/2/7");
	assert_true(refresh_start_forced(r));
	collect(r, &m);
	assert_int_equal(msgs_count(&m, REFRESH_SOURCE_DONE), 2);
	assert_int_equal(msgs_count(&m, REFRESH_CHANGED), 1);
	assert_int_equal(m.kind[m.n - 2], REFRESH_CHANGED);
	assert_int_equal(m.kind[m.n - 1], REFRESH_COUNTS);
	assert_int_equal(m.res[m.n - 1]->u.counts.total, 8);
	changed = &m.res[m.n - 2]->u.changed;
	assert_int_equal(changed->nfeeds, 1);
	assert_string_equal(changed->feeds[0], a);
	assert_int_equal(articles_in(front, a), 7);
	msgs_free(&m);

	refresh_free(r);
	store_close(front);
	plan_free(&p);
	assert_int_equal(ts_rmtree(dir), 0);
	buf_free(&cache);
	free(dir);
	free(a);
	free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_free_stops_the_worker),
		cmocka_unit_test(test_cache_open_fails_the_run),
		cmocka_unit_test(test_messages_in_order),
		cmocka_unit_test(test_reread_only_what_was_merged),
	};
	int st;

	if (fetch_global_init() != LDN_OK)
		return 1;
	st = cmocka_run_group_tests(tests, NULL, NULL);
	fetch_global_cleanup();
	return st;
}
