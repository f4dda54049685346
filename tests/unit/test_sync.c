/*
 * Tests of sync_feeds() against the loopback server (run under
 * with-server): many feeds into one cache at once, the schedule across
 * runs (Retry-After, Cache-Control, Expires, ttl, forcing), permanent
 * redirects followed from the cache, the no-cache path, the ways a body
 * is read (streamed, in memory, spooled; the HTTP charset), autodiscovery
 * and the config's per-feed limit and refresh interval. The server's
 * /alias/<name> lets one URL change behaviour between runs; the request
 * log shows which requests were made.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "feed_parse.h"
#include "fetch.h"
#include "load.h"
#include "store.h"
#include "support.h"
#include "sync.h"

#define TINY "http/tiny.xml"

/* What the callbacks saw, per source (by index in the srcs array). */
struct seen {
	const char *const *srcs;
	size_t n;
	int *done;                 /* on_done calls per source */
	struct sync_outcome *out;  /* copies of the outcomes (strings taken) */
	size_t last_done, last_total, last_failed, progress_calls;
	bool progress_went_back;
};

static void
seen_init(struct seen *w, const char *const *srcs, size_t n)
{
	memset(w, 0, sizeof *w);
	w->srcs = srcs;
	w->n = n;
	w->done = calloc(n, sizeof *w->done);
	w->out = calloc(n, sizeof *w->out);
	assert_non_null(w->done);
	assert_non_null(w->out);
}

static void
seen_free(struct seen *w)
{
	size_t i;

	for (i = 0; i < w->n; i++) {
		free(w->out[i].cause);
		free(w->out[i].warning);
		free(w->out[i].moved_to);
		free(w->out[i].discovered);
		feed_free(w->out[i].feed);
	}
	free(w->done);
	free(w->out);
}

static void
on_done(struct sync_outcome *out, void *payload)
{
	struct seen *w = payload;
	size_t i;

	for (i = 0; i < w->n && w->srcs[i] != out->src; i++)
		;
	assert_true(i < w->n);
	w->done[i]++;
	w->out[i] = *out;
	/* Take the strings and the feed, as a caller may. */
	out->cause = out->warning = out->moved_to = out->discovered = NULL;
	out->feed = NULL;
}

static void
on_progress(size_t done, size_t total, size_t failed, void *payload)
{
	struct seen *w = payload;

	if (done < w->last_done || failed < w->last_failed)
		w->progress_went_back = true;
	w->last_done = done;
	w->last_total = total;
	w->last_failed = failed;
	w->progress_calls++;
}

/* One run of sync_feeds over srcs (default fetch options, so's force
 * and clock); the outcomes stay in *w. */
static void
run(struct store *s, const char *const *srcs, size_t n, struct sync_opts *so, struct seen *w)
{
	struct fetch_opts fo;
	char *cause = NULL;

	fetch_opts_default(&fo);
	seen_init(w, srcs, n);
	so->fetch = &fo;
	so->on_done = on_done;
	so->progress = on_progress;
	so->payload = w;
	assert_int_equal(sync_feeds(s, srcs, n, so, &cause), LDN_OK);
	assert_null(cause);
	so->fetch = NULL;
}

/* Lines of the request log holding needle. */
static size_t
log_count(const char *needle)
{
	FILE *f = fopen(getenv("LDN_TEST_LOG"), "r");
	char *line = NULL;
	size_t cap = 0, n = 0;

	assert_non_null(f);
	while (getline(&line, &cap, f) != -1)
		if (strstr(line, needle) != NULL)
			n++;
	free(line);
	fclose(f);
	return n;
}

static struct store *
mem_store(void)
{
	struct store *s = NULL;
	char *cause = NULL;

	assert_int_equal(store_open(&s, ":memory:", STORE_MEMORY, &cause), LDN_OK);
	return s;
}

static size_t
articles_of(struct store *s, const char *src)
{
	struct article_list l = {0};
	char *cause = NULL;
	size_t i, n = 0;

	assert_int_equal(store_load(s, &l, &cause), LDN_OK);
	for (i = 0; i < l.len; i++)
		if (strcmp(l.items[i]->feed_url, src) == 0)
			n++;
	article_list_free(&l);
	return n;
}

static struct store_schedule
schedule_of(struct store *s, const char *src)
{
	struct store_schedule sch;
	char *cause = NULL;

	assert_int_equal(store_feed_schedule(s, src, &sch, &cause), LDN_OK);
	return sch;
}

/* ---- tests ---- */

static void
test_fresh_until_table(void **state)
{
	enum { NOW = 1700000000 };
	static const struct {
		long http;    /* seconds after NOW, 0: none, <0: in the past */
		long ttl;     /* minutes */
		long want;    /* seconds after NOW, 0: none */
	} rows[] = {
		{0, 0, 0},
		{600, 0, 600},
		{-5, 0, 0},
		{0, 30, 1800},
		{600, 30, 1800},    /* the later of the two */
		{3600, 30, 3600},
		{0, 100000, FETCH_HINT_MAX},
		{FETCH_HINT_MAX + 50, 0, FETCH_HINT_MAX},
	};
	size_t i;
	time_t http;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		http = rows[i].http == 0 ? 0 : NOW + rows[i].http;
		assert_int_equal(sync_fresh_until(NOW, http, rows[i].ttl),
		    rows[i].want ? NOW + rows[i].want : 0);
	}
}

static void
test_skip_text(void **state)
{
	struct sync_outcome out = {0};
	char want[64], *text;
	struct tm tm;
	time_t t = time(NULL) + 60;

	(void)state;
	assert_null(sync_skip_text(&out));
	out.skipped = SYNC_SKIP_RETRY;
	out.not_before = t;
	localtime_r(&t, &tm);
	strftime(want, sizeof want, "not before %H:%M (Retry-After)", &tm);
	text = sync_skip_text(&out);
	/* Past midnight in the minute between: the date is added. */
	if (strlen(text) == strlen(want))
		assert_string_equal(text, want);
	free(text);
	out.skipped = SYNC_SKIP_FRESH;
	out.not_before = t + 3 * 86400;
	localtime_r(&out.not_before, &tm);
	strftime(want, sizeof want, "fresh until %Y-%m-%d %H:%M (server cache headers", &tm);
	text = sync_skip_text(&out);
	assert_true(strncmp(text, want, strlen(want)) == 0);
	free(text);
}

/* Many feeds into one cache at once; a failing third changes nothing for
 * the rest. */
static void
test_many_into_the_cache(void **state)
{
	enum { N = 60 };
	const char *srcs[N];
	char *urls[N], path[64];
	struct store *s = mem_store();
	struct sync_opts so = {0};
	struct seen w;
	size_t i, failed = 0;

	(void)state;
	for (i = 0; i < N; i++) {
		if (i % 3 == 0)
			snprintf(path, sizeof path, "/status/%d", i % 2 ? 500 : 404);
		else
			snprintf(path, sizeof path, "/gen/%zu/20", 100 + i);
		srcs[i] = urls[i] = ts_server_url(path);
	}
	run(s, srcs, N, &so, &w);
	for (i = 0; i < N; i++) {
		assert_int_equal(w.done[i], 1);
		if (i % 3 == 0) {
			assert_int_equal(w.out[i].status, LDN_EFETCH);
			assert_non_null(w.out[i].cause);
			assert_int_equal(articles_of(s, srcs[i]), 0);
			failed++;
		} else {
			assert_int_equal(w.out[i].status, LDN_OK);
			assert_int_equal(w.out[i].http_status, 200);
			assert_int_equal(w.out[i].stats.inserted, 20);
			assert_int_equal(articles_of(s, srcs[i]), 20);
		}
		assert_null(w.out[i].feed);   /* with a store: merged, not handed */
	}
	assert_false(w.progress_went_back);
	assert_int_equal(w.progress_calls, N);
	assert_int_equal(w.last_done, N);
	assert_int_equal(w.last_total, N);
	assert_int_equal(w.last_failed, failed);
	seen_free(&w);
	/* Again: conditional GETs, all 304, nothing merged. */
	run(s, srcs, N, &so, &w);
	for (i = 0; i < N; i++)
		if (i % 3 != 0) {
			assert_int_equal(w.out[i].status, LDN_OK);
			assert_true(w.out[i].not_modified);
		}
	seen_free(&w);
	for (i = 0; i < N; i++)
		free(urls[i]);
	store_close(s);
}

/* Retry-After: not asked again before then, even when forced. */
static void
test_retry_after_across_runs(void **state)
{
	static const struct {
		const char *name, *to;
		long secs;
	} rows[] = {
		{"ra-secs", "/retry/429/120", 120},
		{"ra-date", "/retry/503/date300", 300},
	};
	struct store *s = mem_store();
	struct sync_opts so = {0};
	struct store_schedule sch;
	struct seen w;
	char path[64], *url;
	const char *srcs[1];
	time_t t0;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		/* The request log's "path": "/alias/NAME" (not the control's). */
		snprintf(path, sizeof path, "\"/alias/%s\"", rows[i].name);
		srcs[0] = url = ts_server_url(path + 1);
		url[strlen(url) - 1] = '\0';
		ts_alias(rows[i].name, rows[i].to);
		t0 = time(NULL);
		run(s, srcs, 1, &so, &w);
		assert_int_equal(w.out[0].status, LDN_EFETCH);
		assert_int_equal(w.out[0].skipped, SYNC_FETCHED);
		sch = schedule_of(s, url);
		assert_in_range(sch.retry_after, t0 + rows[i].secs - 1, time(NULL) + rows[i].secs + 1);
		assert_int_equal(sch.fresh_until, 0);
		store_schedule_free(&sch);
		seen_free(&w);
		assert_int_equal(log_count(path), 1);

		/* The server would answer now, but was not asked: forced or not. */
		ts_alias(rows[i].name, "/file/" TINY);
		so.force = true;
		run(s, srcs, 1, &so, &w);
		assert_int_equal(w.out[0].status, LDN_OK);
		assert_int_equal(w.out[0].skipped, SYNC_SKIP_RETRY);
		assert_true(w.out[0].not_before > t0);
		assert_int_equal(w.last_failed, 0);
		seen_free(&w);
		so.force = false;
		run(s, srcs, 1, &so, &w);
		assert_int_equal(w.out[0].skipped, SYNC_SKIP_RETRY);
		seen_free(&w);
		assert_int_equal(log_count(path), 1);

		/* Once the time has come it is fetched, and the wait is gone. */
		so.now = time(NULL) + rows[i].secs + 5;
		run(s, srcs, 1, &so, &w);
		so.now = 0;
		assert_int_equal(w.out[0].status, LDN_OK);
		assert_int_equal(w.out[0].skipped, SYNC_FETCHED);
		assert_int_equal(articles_of(s, url), 1);
		sch = schedule_of(s, url);
		assert_int_equal(sch.retry_after, 0);
		store_schedule_free(&sch);
		seen_free(&w);
		assert_int_equal(log_count(path), 2);
		free(url);
	}
	store_close(s);
}

/* Cache-Control max-age and Expires: skipped while fresh, unless forced. */
static void
test_freshness_and_force(void **state)
{
	static const struct {
		const char *path;
		long secs;
	} rows[] = {
		{"/cache/600/" TINY "?t=sync", 600},
		{"/expires/900/" TINY "?t=sync", 900},
	};
	struct store *s = mem_store();
	struct sync_opts so = {0};
	struct store_schedule sch;
	struct seen w;
	const char *srcs[1];
	char *url;
	time_t t0;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		srcs[0] = url = ts_server_url(rows[i].path);
		t0 = time(NULL);
		run(s, srcs, 1, &so, &w);
		assert_int_equal(w.out[0].status, LDN_OK);
		seen_free(&w);
		sch = schedule_of(s, url);
		assert_in_range(sch.fresh_until, t0 + rows[i].secs - 1, time(NULL) + rows[i].secs + 1);
		store_schedule_free(&sch);
		assert_int_equal(log_count(rows[i].path), 1);

		run(s, srcs, 1, &so, &w);
		assert_int_equal(w.out[0].status, LDN_OK);
		assert_int_equal(w.out[0].skipped, SYNC_SKIP_FRESH);
		assert_in_range(w.out[0].not_before, t0 + rows[i].secs - 1,
		    time(NULL) + rows[i].secs + 1);
		seen_free(&w);
		assert_int_equal(log_count(rows[i].path), 1);

		/* Forced: asked (conditionally: a 304), freshness renewed. */
		so.force = true;
		run(s, srcs, 1, &so, &w);
		so.force = false;
		assert_int_equal(w.out[0].skipped, SYNC_FETCHED);
		assert_true(w.out[0].not_modified);
		seen_free(&w);
		assert_int_equal(log_count(rows[i].path), 2);
		/* Past the freshness: asked again without forcing. */
		so.now = time(NULL) + rows[i].secs + 5;
		run(s, srcs, 1, &so, &w);
		so.now = 0;
		assert_int_equal(w.out[0].skipped, SYNC_FETCHED);
		seen_free(&w);
		assert_int_equal(log_count(rows[i].path), 3);
		free(url);
	}
	store_close(s);
}

/* A feed's own ttl sets the next fetch; a 304 keeps the stored one; a
 * feed that says none clears it. */
static void
test_ttl(void **state)
{
	struct store *s = mem_store();
	struct store_schedule sch = {.ttl_minutes = 30};
	struct sync_opts so = {0};
	struct seen w;
	const char *srcs[1];
	char *url, *tiny, *cause = NULL;
	time_t t0;

	(void)state;
	srcs[0] = url = ts_server_url("/file/http/ttl.xml?t=ttl");
	t0 = time(NULL);
	run(s, srcs, 1, &so, &w);
	assert_int_equal(w.out[0].status, LDN_OK);
	seen_free(&w);
	sch = schedule_of(s, url);
	assert_int_equal(sch.ttl_minutes, 45);
	assert_in_range(sch.fresh_until, t0 + 2700, time(NULL) + 2700);
	store_schedule_free(&sch);
	run(s, srcs, 1, &so, &w);
	assert_int_equal(w.out[0].skipped, SYNC_SKIP_FRESH);
	seen_free(&w);
	assert_int_equal(log_count("?t=ttl"), 1);
	/* Forced: a 304 brings no feed, the stored ttl renews the freshness. */
	so.now = time(NULL) + 3000;
	so.force = true;
	run(s, srcs, 1, &so, &w);
	so.force = false;
	so.now = 0;
	assert_true(w.out[0].not_modified);
	seen_free(&w);
	sch = schedule_of(s, url);
	assert_int_equal(sch.ttl_minutes, 45);
	assert_true(sch.fresh_until >= t0 + 2700);
	store_schedule_free(&sch);

	/* A ttl stored for a feed that now says none is dropped. */
	sch.ttl_minutes = 30;
	srcs[0] = tiny = ts_server_url("/file/" TINY "?t=ttl0");
	assert_int_equal(store_set_schedule(s, tiny, &sch, &cause), LDN_OK);
	run(s, srcs, 1, &so, &w);
	assert_int_equal(w.out[0].status, LDN_OK);
	seen_free(&w);
	sch = schedule_of(s, tiny);
	assert_int_equal(sch.ttl_minutes, 0);
	assert_int_equal(sch.fresh_until, 0);
	store_schedule_free(&sch);
	free(tiny);
	free(url);
	store_close(s);
}

/* A permanent redirect: noted once, then fetched from the new address. */
static void
test_permanent_redirect(void **state)
{
	struct store *s = mem_store();
	struct sync_opts so = {0};
	struct store_schedule sch;
	struct article_list l = {0};
	struct seen w;
	const char *srcs[1];
	char *url, *target, *cause = NULL;
	size_t before;

	(void)state;
	ts_alias("mv", "/moved/301/file/http/tiny.xml?t=moved");
	srcs[0] = url = ts_server_url("/alias/mv");
	target = ts_server_url("/file/http/tiny.xml?t=moved");
	run(s, srcs, 1, &so, &w);
	assert_int_equal(w.out[0].status, LDN_OK);
	assert_non_null(w.out[0].moved_to);
	assert_string_equal(w.out[0].moved_to, target);
	seen_free(&w);
	sch = schedule_of(s, url);
	assert_string_equal(sch.fetch_url, target);
	store_schedule_free(&sch);
	assert_int_equal(log_count("\"/alias/mv\""), 1);

	/* Next time: straight to the new address, and nothing more to say. */
	before = log_count("?t=moved");
	run(s, srcs, 1, &so, &w);
	assert_int_equal(w.out[0].status, LDN_OK);
	assert_null(w.out[0].moved_to);
	assert_true(w.out[0].not_modified);
	seen_free(&w);
	assert_int_equal(log_count("\"/alias/mv\""), 1);
	assert_int_equal(log_count("?t=moved"), before + 1);
	/* The feed keeps its name: its articles are the old URL's. */
	assert_int_equal(store_load(s, &l, &cause), LDN_OK);
	assert_int_equal(l.len, 1);
	assert_string_equal(l.items[0]->feed_url, url);
	article_list_free(&l);
	free(url);
	free(target);
	store_close(s);
}

/* Without a store: every feed comes back parsed, nothing is scheduled. */
static void
test_no_store(void **state)
{
	const char *srcs[4];
	char *urls[3];
	struct sync_opts so = {0};
	struct seen w;
	size_t i;

	(void)state;
	srcs[0] = urls[0] = ts_server_url("/gen/7/5");
	srcs[1] = urls[1] = ts_server_url("/status/404");
	srcs[2] = urls[2] = ts_server_url("/cache/600/" TINY);
	srcs[3] = LDN_TEST_DATA "/" TINY;
	run(NULL, srcs, 4, &so, &w);
	assert_int_equal(w.out[0].status, LDN_OK);
	assert_int_equal(w.out[0].feed->articles.len, 5);
	assert_string_equal(w.out[0].feed->articles.items[0]->feed_url, srcs[0]);
	assert_int_equal(w.out[1].status, LDN_EFETCH);
	assert_string_equal(w.out[1].cause, "HTTP 404 Not Found");
	assert_null(w.out[1].feed);
	assert_int_equal(w.out[2].status, LDN_OK);
	assert_int_equal(w.out[2].feed->articles.len, 1);
	assert_int_equal(w.out[3].status, LDN_OK);
	assert_string_equal(w.out[3].feed->title, "London Daily: test edition");
	assert_int_equal(w.last_failed, 1);
	seen_free(&w);
	/* Twice: no schedule without a store, so fetched again. */
	run(NULL, srcs + 2, 1, &so, &w);
	assert_int_equal(w.out[0].skipped, SYNC_FETCHED);
	seen_free(&w);
	for (i = 0; i < 3; i++)
		free(urls[i]);
}

/* A malformed feed keeps its articles and warns; a non-feed fails; a page
 * whose feed cannot be read says which. */
static void
test_parse_outcomes(void **state)
{
	const char *srcs[4] = {
		LDN_TEST_DATA "/feeds/malformed-midway.xml",
		LDN_TEST_DATA "/feeds/not-a-feed.html",
		NULL,
		LDN_TEST_DATA "/opml/simple.opml",   /* XML, but no feed */
	};
	char *url = ts_server_url("/file/feeds/not-a-feed.html");
	char *named = ts_server_url("/feed.xml");
	struct store *s = mem_store();
	struct sync_opts so = {0};
	struct buf want;
	struct seen w;

	(void)state;
	srcs[2] = url;
	run(s, srcs, 4, &so, &w);
	assert_int_equal(w.out[0].status, LDN_OK);
	assert_non_null(w.out[0].warning);
	assert_true(w.out[0].stats.inserted > 0);
	/* A page read from a file: its relative link leads nowhere. */
	assert_int_equal(w.out[1].status, LDN_EPARSE);
	assert_string_equal(w.out[1].cause, "no feed found: an HTML page that names none");
	assert_int_equal(w.out[2].status, LDN_EFETCH);
	buf_init(&want, 4096);
	assert_int_equal(buf_printf(&want, "the page's feed %s: HTTP 404 Not Found", named),
			 LDN_OK);
	assert_string_equal(w.out[2].cause, buf_cstr(&want));
	assert_int_equal(w.out[3].status, LDN_EPARSE);
	assert_non_null(strstr(w.out[3].cause, "not an RSS, Atom or JSON Feed"));
	assert_int_equal(articles_of(s, url), 0);
	seen_free(&w);
	buf_free(&want);
	free(named);
	free(url);
	store_close(s);
}

/* The body is told apart, and parsed, in every way: a stream (the only
 * feed, never merged), in memory (one of many) and from a spool (merged
 * before, changed): the HTTP charset wins over a lying declaration each
 * time. */
static void
test_charset_wins(void **state)
{
	static const char *const path = "/charset/iso-8859-1/http/latin1-lying.xml";
	struct store *s = mem_store();
	struct store_feed_state fs;
	struct sync_opts so = {0};
	const char *srcs[2];
	char *url, *other, *al, *cause = NULL;
	struct seen w;

	(void)state;
	srcs[0] = url = ts_server_url(path);
	run(NULL, srcs, 1, &so, &w);
	assert_int_equal(w.out[0].status, LDN_OK);
	assert_null(w.out[0].warning);
	assert_string_equal(w.out[0].feed->title, "Caf\xc3\xa9 Soci\xc3\xa9t\xc3\xa9");
	assert_string_equal(w.out[0].feed->articles.items[0]->title,
			    "Cr\xc3\xa8me br\xc3\xbbl\xc3\xa9" "e at the caf\xc3\xa9");
	seen_free(&w);

	/* Into a store: streamed alone, then in memory beside another. */
	run(s, srcs, 1, &so, &w);
	assert_int_equal(w.out[0].status, LDN_OK);
	assert_int_equal(w.out[0].stats.inserted, 1);
	seen_free(&w);
	assert_int_equal(store_feed_state(s, url, &fs, &cause), LDN_OK);
	assert_string_equal(fs.title, "Caf\xc3\xa9 Soci\xc3\xa9t\xc3\xa9");
	store_feed_state_free(&fs);
	srcs[0] = other = ts_server_url("/charset/iso-8859-1/http/latin1-lying.xml?t=two");
	srcs[1] = ts_server_url("/gen/77/3");
	run(s, srcs, 2, &so, &w);
	assert_int_equal(w.out[0].status, LDN_OK);
	assert_int_equal(w.out[0].stats.inserted, 1);
	seen_free(&w);
	assert_int_equal(store_feed_state(s, other, &fs, &cause), LDN_OK);
	assert_string_equal(fs.title, "Caf\xc3\xa9 Soci\xc3\xa9t\xc3\xa9");
	store_feed_state_free(&fs);
	free((char *)srcs[1]);

	/* Merged before as another body: now spooled, then parsed. */
	ts_alias("cs", "/charset/iso-8859-1/http/tiny.xml");
	srcs[0] = al = ts_server_url("/alias/cs");
	run(s, srcs, 1, &so, &w);
	assert_int_equal(w.out[0].status, LDN_OK);
	seen_free(&w);
	ts_alias("cs", path);
	so.force = true;
	run(s, srcs, 1, &so, &w);
	so.force = false;
	assert_int_equal(w.out[0].status, LDN_OK);
	assert_false(w.out[0].stats.same_body);
	assert_int_equal(w.out[0].stats.inserted, 1);
	seen_free(&w);
	assert_int_equal(store_feed_state(s, al, &fs, &cause), LDN_OK);
	assert_string_equal(fs.title, "Caf\xc3\xa9 Soci\xc3\xa9t\xc3\xa9");
	store_feed_state_free(&fs);
	free(al);
	free(other);
	free(url);
	store_close(s);
}

/* The same bytes again: neither parsed nor merged (no warning even for a
 * malformed body), only the fetch time noted. */
static void
test_same_bytes(void **state)
{
	struct store *s = mem_store();
	struct store_feed_state fs;
	struct sync_opts so = {0};
	const char *srcs[2];
	char *a, *b, *cause = NULL;
	struct seen w;
	size_t i;

	(void)state;
	/* /gzip/ sends no validators: 200 and the same bytes each time. */
	srcs[0] = a = ts_server_url("/gzip/feeds/malformed-midway.xml");
	srcs[1] = b = ts_server_url("/gzip/feeds/atom10.xml");
	run(s, srcs, 2, &so, &w);
	assert_non_null(w.out[0].warning);
	assert_true(w.out[1].stats.inserted > 0);
	seen_free(&w);
	for (i = 1; i <= 2; i++) {
		run(s, srcs, i, &so, &w);
		assert_int_equal(w.out[0].status, LDN_OK);
		assert_true(w.out[0].stats.same_body);
		assert_false(w.out[0].not_modified);
		assert_null(w.out[0].warning);
		seen_free(&w);
	}
	assert_int_equal(store_feed_state(s, a, &fs, &cause), LDN_OK);
	assert_true(fs.last_fetch >= time(NULL) - 5);
	store_feed_state_free(&fs);
	free(a);
	free(b);
	store_close(s);
}

/* A page names its feed: that one is read (told), remembered as the
 * fetch address, and the page is never asked again. */
static void
test_discovery_remembered(void **state)
{
	struct store *s = mem_store();
	struct sync_opts so = {0};
	struct store_schedule sch;
	struct article_list l = {0};
	const char *srcs[2];
	char *page, *feed, *cause = NULL;
	struct seen w;
	size_t i, k;

	(void)state;
	for (k = 1; k <= 2; k++) {
		/* Alone (streamed), and beside another feed (in memory). */
		srcs[0] = page = ts_server_url(k == 1 ? "/file/http/site-with-feed.html?t=d1" :
		    "/file/http/site-with-feed.html?t=d2");
		srcs[1] = LDN_TEST_DATA "/" TINY;
		feed = ts_server_url("/file/feeds/rss2.xml");
		run(s, srcs, k, &so, &w);
		assert_int_equal(w.out[0].status, LDN_OK);
		assert_non_null(w.out[0].discovered);
		assert_string_equal(w.out[0].discovered, feed);
		assert_int_equal(w.out[0].stats.inserted, 3);
		assert_null(w.out[0].moved_to);
		seen_free(&w);
		sch = schedule_of(s, page);
		assert_string_equal(sch.fetch_url, feed);
		store_schedule_free(&sch);
		assert_int_equal(articles_of(s, page), 3);
		/* Next time: straight to the feed, conditionally, nothing to say. */
		run(s, srcs, k, &so, &w);
		assert_int_equal(w.out[0].status, LDN_OK);
		assert_null(w.out[0].discovered);
		assert_true(w.out[0].not_modified);
		seen_free(&w);
		assert_int_equal(log_count(k == 1 ? "?t=d1" : "?t=d2"), 1);
		free(page);
		free(feed);
	}
	/* The articles keep the source's name. */
	assert_int_equal(store_load(s, &l, &cause), LDN_OK);
	for (i = 0; i < l.len; i++)
		assert_null(strstr(l.items[i]->feed_url, "rss2.xml"));
	article_list_free(&l);
	store_close(s);
}

/* A page that names none: the site's common paths in order, a page among
 * them being no feed; without a store, found (and told) each run. Where
 * none is a feed, the error says so and nothing is cached. */
static void
test_discovery_common_paths(void **state)
{
	struct store *s = mem_store();
	struct sync_opts so = {0};
	const char *srcs[1];
	char *page, *want, *none, base[128];
	struct seen w;
	size_t k;

	(void)state;
	/* The server's second address is the site with /rss.xml. */
	snprintf(base, sizeof base, "%s", getenv("LDN_TEST_URL"));
	assert_non_null(strstr(base, "127.0.0.1"));
	strstr(base, "127.0.0.1")[8] = '2';
	page = malloc(sizeof base + 64);
	want = malloc(sizeof base + 64);
	assert_non_null(page);
	assert_non_null(want);
	snprintf(page, sizeof base + 64, "%s/file/http/site-without-feed.html?t=common", base);
	snprintf(want, sizeof base + 64, "%s/rss.xml", base);
	srcs[0] = page;
	for (k = 0; k < 2; k++) {
		run(NULL, srcs, 1, &so, &w);
		assert_int_equal(w.out[0].status, LDN_OK);
		assert_string_equal(w.out[0].discovered, want);
		assert_int_equal(w.out[0].feed->articles.len, 3);
		assert_string_equal(w.out[0].feed->articles.items[0]->feed_url, page);
		seen_free(&w);
	}
	assert_int_equal(log_count("?t=common"), 2);
	/* /feed is the site's home page, /rss a 404: both passed over. */
	assert_int_equal(log_count("\"path\": \"/feed\""), 2);
	assert_int_equal(log_count("\"path\": \"/rss\""), 2);
	assert_int_equal(log_count("\"path\": \"/atom.xml\""), 0);

	srcs[0] = none = ts_server_url("/file/http/site-without-feed.html");
	run(s, srcs, 1, &so, &w);
	assert_int_equal(w.out[0].status, LDN_EPARSE);
	assert_null(w.out[0].discovered);
	assert_string_equal(w.out[0].cause, "no feed found: the page names none, and none of "
	    "/feed, /rss, /rss.xml, /feed.xml, /atom.xml or /index.xml is a feed");
	assert_int_equal(articles_of(s, none), 0);
	seen_free(&w);
	free(none);
	free(page);
	free(want);
	store_close(s);
}

/* A source's limit caps its feed's articles in every way of merging, and
 * the store's own limit comes back. */
static void
test_source_limit(void **state)
{
	struct store *s = mem_store();
	struct store_limits before, after;
	struct source cfg[3] = {{0}};
	struct sync_opts so = {.sources = cfg, .nsources = 3};
	const char *srcs[2];
	char *a, *b, *c;
	struct seen w;

	(void)state;
	srcs[0] = cfg[0].url = a = ts_server_url("/gen/801/10");
	srcs[1] = b = ts_server_url("/gen/802/10");
	cfg[0].limit = 2;
	cfg[1].url = c = ts_server_url("/gen/803/10");
	cfg[1].limit = 3;
	cfg[2].url = b;            /* configured, but no limit of its own */
	store_get_limits(s, &before);
	run(s, srcs, 2, &so, &w);  /* in memory */
	assert_int_equal(w.out[0].status, LDN_OK);
	seen_free(&w);
	assert_int_equal(articles_of(s, a), 2);
	assert_int_equal(articles_of(s, b), 10);
	srcs[0] = c;
	run(s, srcs, 1, &so, &w);  /* streamed */
	assert_int_equal(w.out[0].status, LDN_OK);
	seen_free(&w);
	assert_int_equal(articles_of(s, c), 3);
	store_get_limits(s, &after);
	assert_int_equal(after.max_per_feed, before.max_per_feed);
	assert_true(after.max_age == before.max_age);
	free(a);
	free(b);
	free(c);
	store_close(s);
}

/* A source's refresh interval: fetched less long ago, it is fresh. */
static void
test_source_refresh(void **state)
{
	struct store *s = mem_store();
	struct source cfg = {0};
	struct sync_opts so = {.sources = &cfg, .nsources = 1};
	const char *srcs[1];
	char *url;
	struct seen w;
	time_t t0 = time(NULL);

	(void)state;
	srcs[0] = cfg.url = url = ts_server_url("/file/" TINY "?t=interval");
	cfg.refresh = 3600;
	run(s, srcs, 1, &so, &w);
	assert_int_equal(w.out[0].skipped, SYNC_FETCHED);
	seen_free(&w);
	run(s, srcs, 1, &so, &w);
	assert_int_equal(w.out[0].status, LDN_OK);
	assert_int_equal(w.out[0].skipped, SYNC_SKIP_FRESH);
	assert_in_range(w.out[0].not_before, t0 + 3600, time(NULL) + 3600);
	seen_free(&w);
	assert_int_equal(log_count("?t=interval"), 1);
	/* Forced, or once the interval is over: asked. */
	so.force = true;
	run(s, srcs, 1, &so, &w);
	so.force = false;
	assert_int_equal(w.out[0].skipped, SYNC_FETCHED);
	seen_free(&w);
	so.now = time(NULL) + 3601;
	run(s, srcs, 1, &so, &w);
	assert_int_equal(w.out[0].skipped, SYNC_FETCHED);
	seen_free(&w);
	assert_int_equal(log_count("?t=interval"), 3);
	free(url);
	store_close(s);
}

/* A cache in memory, as --no-cache and a kiosk have (store_open_shared):
 * the copy of `from`'s, or empty. */
static struct store *
shared_store(struct store *from)
{
	struct store *s = NULL;
	char *cause = NULL;

	assert_int_equal(store_open_shared(&s, from, &cause), LDN_OK);
	return s;
}

/* Into a cache in memory (--no-cache, the kiosk's): a page leads to its
 * feed, said once; the feed found is remembered, so the next run asks it
 * straight away with its validators (the page is not read again).
 * Candidates themselves are asked unconditionally (a 304 proves nothing).
 * Without a store (--check-feed) nothing is kept: it is found, and said,
 * each run, and the feed comes out to the caller. */
static void
test_memory_discovery(void **state)
{
	char *page = ts_server_url("/file/http/site-with-feed.html?t=load");
	char *feed = ts_server_url("/file/feeds/rss2.xml");
	char *none = ts_server_url("/file/http/site-without-feed.html?t=load-none");
	const char *srcs[1] = {page};
	struct store_feed_state fs;
	struct store_schedule sch;
	struct sync_opts so = {0};
	struct store *mem = shared_store(NULL);
	struct seen w;
	char *common, *want, *cause = NULL;

	(void)state;
	run(mem, srcs, 1, &so, &w);
	assert_int_equal(w.out[0].status, LDN_OK);
	assert_string_equal(w.out[0].discovered, feed);
	assert_int_equal(w.out[0].http_status, 200);
	assert_true(w.out[0].merged);
	assert_int_equal(articles_of(mem, page), 3);
	seen_free(&w);
	assert_int_equal(store_feed_state(mem, page, &fs, &cause), LDN_OK);
	assert_non_null(fs.etag);
	assert_int_equal(store_feed_schedule(mem, page, &sch, &cause), LDN_OK);
	assert_string_equal(sch.fetch_url, feed);
	store_feed_state_free(&fs);
	store_schedule_free(&sch);
	/* Next time: the feed found, asked "changed since?", answers 304. */
	run(mem, srcs, 1, &so, &w);
	assert_int_equal(w.out[0].status, LDN_OK);
	assert_true(w.out[0].not_modified);
	assert_false(w.out[0].merged);
	assert_null(w.out[0].discovered);
	seen_free(&w);
	assert_int_equal(log_count("?t=load\""), 1);
	store_close(mem);

	/* No store: found again, and said again. */
	run(NULL, srcs, 1, &so, &w);
	assert_string_equal(w.out[0].discovered, feed);
	assert_int_equal(w.out[0].feed->articles.len, 3);
	assert_string_equal(w.out[0].feed->articles.items[0]->feed_url, page);
	seen_free(&w);
	assert_int_equal(log_count("?t=load\""), 2);

	/* The site's common paths, where the page names none. */
	common = ts_server_url("/file/http/site-without-feed.html?t=load-common");
	want = ts_server_url("/rss.xml");
	memcpy(strstr(common, "127.0.0.1"), "127.0.0.2", 9);
	memcpy(strstr(want, "127.0.0.1"), "127.0.0.2", 9);
	srcs[0] = common;
	run(NULL, srcs, 1, &so, &w);
	assert_int_equal(w.out[0].status, LDN_OK);
	assert_string_equal(w.out[0].discovered, want);
	assert_int_equal(w.out[0].feed->articles.len, 3);
	seen_free(&w);
	srcs[0] = none;
	run(NULL, srcs, 1, &so, &w);
	assert_int_equal(w.out[0].status, LDN_EPARSE);
	assert_null(w.out[0].feed);
	assert_null(w.out[0].discovered);
	assert_string_equal(w.out[0].cause, "no feed found: the page names none, and none of "
	    "/feed, /rss, /rss.xml, /feed.xml, /atom.xml or /index.xml is a feed");
	seen_free(&w);
	free(common);
	free(want);
	free(none);
	free(feed);
	free(page);
}

/* A cache in memory keeps what the file would across runs: a Retry-After
 * (even forced), the freshness its headers give (unless forced), the
 * validators (a forced fetch is a 304), a permanent redirect (said once,
 * followed after). */
static void
test_memory_across_runs(void **state)
{
	char *url = ts_server_url("/alias/memo"), *target = ts_server_url("/file/" TINY "?t=memo-moved");
	const char *srcs[1] = {url};
	struct sync_opts so = {0};
	struct store *mem = shared_store(NULL);
	struct seen w;
	time_t t0 = time(NULL);

	(void)state;
	ts_alias("memo", "/retry/429/120");
	run(mem, srcs, 1, &so, &w);
	assert_int_equal(w.out[0].status, LDN_EFETCH);
	seen_free(&w);
	ts_alias("memo", "/cache/600/" TINY);
	so.force = true;
	run(mem, srcs, 1, &so, &w);
	assert_int_equal(w.out[0].skipped, SYNC_SKIP_RETRY);
	assert_in_range(w.out[0].not_before, t0 + 119, time(NULL) + 121);
	seen_free(&w);
	assert_int_equal(log_count("\"/alias/memo\""), 1);
	store_close(mem);

	/* Fresh for 600 s: left alone, unless forced; then a 304. */
	mem = shared_store(NULL);
	so.force = false;
	run(mem, srcs, 1, &so, &w);
	assert_int_equal(w.out[0].status, LDN_OK);
	assert_true(w.out[0].merged);
	assert_int_equal(articles_of(mem, url), 1);
	seen_free(&w);
	run(mem, srcs, 1, &so, &w);
	assert_int_equal(w.out[0].skipped, SYNC_SKIP_FRESH);
	assert_false(w.out[0].merged);
	seen_free(&w);
	so.force = true;
	run(mem, srcs, 1, &so, &w);
	assert_int_equal(w.out[0].skipped, SYNC_FETCHED);
	assert_true(w.out[0].not_modified);
	assert_false(w.out[0].merged);
	seen_free(&w);
	assert_int_equal(log_count("\"/alias/memo\""), 3);

	/* Moved: said once, and the new address asked from then on. */
	ts_alias("memo", "/moved/301/file/" TINY "?t=memo-moved");
	run(mem, srcs, 1, &so, &w);
	assert_string_equal(w.out[0].moved_to, target);
	assert_true(w.out[0].not_modified);  /* the same bytes moved */
	seen_free(&w);
	run(mem, srcs, 1, &so, &w);
	assert_null(w.out[0].moved_to);
	assert_true(w.out[0].not_modified);
	seen_free(&w);
	assert_int_equal(log_count("\"/alias/memo\""), 4);
	assert_int_equal(log_count("?t=memo-moved"), 2);
	store_close(mem);
	free(target);
	free(url);
}

/* A kiosk's copy of the cache in memory: its validators make the first
 * fetch a 304. An address the cache remembers against the rules is not
 * fetched, and the validators it came with are not sent to the source
 * either (they belong to another address). The file is never written. */
static void
test_kiosk_copy_of_the_cache(void **state)
{
	char *url = ts_server_url("/file/" TINY "?t=seed");
	const char *srcs[1] = {url};
	struct store_schedule sch = {0};
	struct store *s = mem_store(), *copy;
	struct sync_opts so = {0};
	struct seen w;
	char *cause = NULL, passwd[] = "/etc/passwd";

	(void)state;
	run(s, srcs, 1, &so, &w);
	assert_int_equal(w.out[0].status, LDN_OK);
	seen_free(&w);
	copy = shared_store(s);
	assert_int_equal(articles_of(copy, url), 1);
	run(copy, srcs, 1, &so, &w);
	assert_int_equal(w.out[0].status, LDN_OK);
	assert_true(w.out[0].not_modified);
	seen_free(&w);
	store_close(copy);

	sch.fetch_url = passwd;
	assert_int_equal(store_set_schedule(s, url, &sch, &cause), LDN_OK);
	copy = shared_store(s);
	run(copy, srcs, 1, &so, &w);
	assert_int_equal(w.out[0].status, LDN_OK);
	assert_false(w.out[0].not_modified);
	assert_non_null(strstr(w.out[0].warning, "'/etc/passwd'"));
	seen_free(&w);
	store_close(copy);
	/* The same with the cache itself: a full fetch, not a 304. */
	run(s, srcs, 1, &so, &w);
	assert_int_equal(w.out[0].status, LDN_OK);
	assert_false(w.out[0].not_modified);
	seen_free(&w);
	store_close(s);
	free(url);
}

/* A page over LOAD_PAGE_MAX is read no further (its transfer stopped
 * there, no failure) and searched as far as it was read; a page read from
 * a file: URL may name a file: feed. */
static void
test_big_page(void **state)
{
	char *dir, path[4200], url[4300], want[4300];
	struct sync_opts so = {0};
	struct store *mem;
	const char *srcs[1];
	struct seen w;
	size_t i;
	FILE *out;

	(void)state;
	dir = ts_tmpdir("page");
	snprintf(path, sizeof path, "%s/page.html", dir);
	snprintf(url, sizeof url, "file://%s", path);
	snprintf(want, sizeof want, "file://%s/" TINY, LDN_TEST_DATA);
	assert_non_null(out = fopen(path, "w"));
	fprintf(out, "<!DOCTYPE html>\n<html><head><title>Big</title>\n"
		"<link rel=\"alternate\" type=\"application/rss+xml\" href=\"%s\">\n"
		"</head><body>\n", want);
	for (i = 0; i < 3 * 1024 * 16; i++)   /* 3 MiB of text */
		fprintf(out, "%63s\n", "words");
	fputs("</body></html>\n", out);
	assert_int_equal(fclose(out), 0);

	srcs[0] = url;
	run(NULL, srcs, 1, &so, &w);
	assert_int_equal(w.out[0].status, LDN_OK);
	assert_string_equal(w.out[0].discovered, want);
	assert_int_equal(w.out[0].feed->articles.len, 1);
	seen_free(&w);
	/* Kept in a cache in memory, the file: feed found is not one the user
	 * named, so the page is read, and searched, again (said once). */
	mem = shared_store(NULL);
	for (i = 0; i < 2; i++) {
		run(mem, srcs, 1, &so, &w);
		assert_int_equal(w.out[0].status, LDN_OK);
		if (i == 0)
			assert_string_equal(w.out[0].discovered, want);
		else
			assert_null(w.out[0].discovered);
		assert_null(w.out[0].warning);
		assert_int_equal(articles_of(mem, url), 1);
		seen_free(&w);
	}
	store_close(mem);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
	free(dir);
}

static int
setup(void **state)
{
	(void)state;
	return fetch_global_init() == LDN_OK ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	feed_parse_global_cleanup();
	fetch_global_cleanup();
	return 0;
}

/* A remembered address from the cache: a redirect's rules, or a file the
 * user named. */
static void
test_cached_url_rules(void **state)
{
	static const char *const srcs[] = {"https://a.example/feed", "/home/u/feed.xml",
					   "file:///home/u/other.xml"};
	static const struct {
		const char *url;
		bool ok;
	} rows[] = {
		{"https://b.example/moved", true},
		{"HTTP://b.example/moved", true},
		{"/home/u/feed.xml", true},
		{"file:///home/u/other.xml", true},
		{"/etc/passwd", false},
		{"file:///etc/passwd", false},
		{"file:///home/u/feed.xml", false},   /* named otherwise */
		{"gopher://b.example/", false},
		{"ftp://b.example/feed", false},
		{"javascript:alert(1)", false},
		{"", false},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (sync_cached_url_ok(rows[i].url, srcs, 3) != rows[i].ok)
			fail_msg("'%s': %d", rows[i].url, !rows[i].ok);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fresh_until_table),
		cmocka_unit_test(test_cached_url_rules),
		cmocka_unit_test(test_skip_text),
		cmocka_unit_test(test_many_into_the_cache),
		cmocka_unit_test(test_retry_after_across_runs),
		cmocka_unit_test(test_freshness_and_force),
		cmocka_unit_test(test_ttl),
		cmocka_unit_test(test_permanent_redirect),
		cmocka_unit_test(test_no_store),
		cmocka_unit_test(test_parse_outcomes),
		cmocka_unit_test(test_charset_wins),
		cmocka_unit_test(test_same_bytes),
		cmocka_unit_test(test_discovery_remembered),
		cmocka_unit_test(test_discovery_common_paths),
		cmocka_unit_test(test_source_limit),
		cmocka_unit_test(test_source_refresh),
		cmocka_unit_test(test_memory_discovery),
		cmocka_unit_test(test_memory_across_runs),
		cmocka_unit_test(test_kiosk_copy_of_the_cache),
		cmocka_unit_test(test_big_page),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
