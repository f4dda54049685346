/*
 * sync.c - fetch -> parse -> merge, against the cache: one feed
 * (sync_feed) or many at once (sync_feeds).
 *
 * The body is hashed on its way to the parser (a load tap), so a server
 * that ignores conditional requests and sends the same bytes again costs a
 * parse but no write: store_merge compares the hash first.
 *
 * sync_feeds runs every transfer on one fetch_multi_run() on the caller's
 * thread: bytes go into each feed's own parser as they arrive. A feed
 * whose transfer ended is handed, parsed, to a merger thread, which writes
 * it into the store (merge or note, schedule) and reports it: merges of
 * earlier feeds overlap the transfers and parses of later ones, and the
 * one store connection sees one merge at a time, from that one thread.
 * The hand-over queue is short (SYNC_QUEUE_MAX): when merging falls behind,
 * the transfers wait rather than parsed feeds piling up in memory. Without
 * a store (or a thread) everything happens on the caller's thread.
 * Invariants: every source gets exactly one outcome, reported by one
 * thread at a time (the caller's for feeds not fetched, then the
 * merger's); the schedule row is written only when it changes, so a run
 * that fetched nothing new writes nothing.
 */
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "feed_parse.h"
#include "fetch_multi.h"
#include "load.h"
#include "sync.h"
#include "url.h"

static void
sync_tap(const char *data, size_t len, void *payload)
{
	store_hash_update(payload, data, len);
}

int
sync_feed(struct store *s, const char *src, const struct fetch_opts *fo,
	  struct sync_result *res, char **warning, char **cause)
{
	struct store_feed_state fs = {0};
	struct load_extra ex = {0};
	struct store_hash h;
	struct fetch_opts o = *fo;
	struct feed *f = NULL;
	char hex[33], *lcause = NULL;
	time_t now;
	int st;

	res->status = 0;
	res->not_modified = false;
	st = store_feed_state(s, src, &fs, cause);
	if (st != LDN_OK)
		return st;
	o.etag = fs.etag;
	o.last_modified = fs.last_modified;
	store_hash_init(&h);
	ex.tap = sync_tap;
	ex.tap_payload = &h;
	st = load_feed(src, &o, 0, &ex, &f, warning, &lcause);
	now = time(NULL);
	res->status = ex.status;
	if (st != LDN_OK) {
		/* The note is best effort: a cache that cannot take it must not
		 * hide why the fetch failed, which is what the user needs. */
		int noted = store_note_fetch(s, src, now, lcause ? lcause : "failed", NULL);

		(void)noted;
		*cause = lcause;
		lcause = NULL;
		goto out;
	}
	if (f == NULL) {
		res->not_modified = true;
		st = store_note_fetch(s, src, now, NULL, cause);
		goto out;
	}
	store_hash_hex(&h, hex);
	{
		struct store_fetch_info info = {
			.fetched = now, .etag = ex.etag,
			.last_modified = ex.last_modified, .body_hash = hex,
		};
		st = store_merge(s, f, &info, &res->stats, cause);
	}
out:
	free(lcause);
	feed_free(f);
	load_extra_free(&ex);
	store_feed_state_free(&fs);
	return st;
}

/* ---- many feeds at once ---- */

/* One source of a sync_feeds() run. */
struct sync_job {
	struct sync_run *run;
	struct fetch_multi_job *fetch;  /* its transfer; NULL when not fetched */
	struct feed *feed;              /* parsed, waiting for the merge */
	int status;                     /* of the fetch and parse */
	struct store_feed_state fs;     /* the validators sent */
	struct store_schedule sched;    /* as stored before this run */
	struct feed_parser *parser;     /* made when the first byte comes */
	struct store_hash hash;
	struct sync_outcome out;
};

/* Parsed feeds waiting for the merger at most; then the transfers wait. */
#define SYNC_QUEUE_MAX 8

struct sync_run {
	struct store *s;
	const struct sync_opts *o;
	time_t now;
	size_t total, done, failed;
	/* The merger thread and its queue (a ring), under lock. */
	bool merger;                         /* the thread runs */
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t changed;              /* a job queued, taken, or the end */
	struct sync_job *queue[SYNC_QUEUE_MAX];
	size_t qhead, qlen;
	bool closing;                        /* no more jobs will come */
};

time_t
sync_fresh_until(time_t now, time_t http_fresh_until, long ttl_minutes)
{
	time_t t = http_fresh_until > now ? http_fresh_until : 0;
	long long secs;

	if (ttl_minutes > 0) {
		secs = (long long)ttl_minutes * 60;
		if (secs > FETCH_HINT_MAX)
			secs = FETCH_HINT_MAX;
		if (now + (time_t)secs > t)
			t = now + (time_t)secs;
	}
	if (t > now + FETCH_HINT_MAX)
		t = now + FETCH_HINT_MAX;
	return t;
}

char *
sync_skip_text(const struct sync_outcome *out)
{
	struct tm at, today;
	char when[64], *text;
	time_t now = time(NULL);
	struct buf b;
	int st;

	if (out->skipped == SYNC_FETCHED || localtime_r(&out->not_before, &at) == NULL ||
	    localtime_r(&now, &today) == NULL)
		return NULL;
	if (at.tm_year == today.tm_year && at.tm_yday == today.tm_yday)
		strftime(when, sizeof(when), "%H:%M", &at);
	else
		strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &at);
	buf_init(&b, 256);
	if (out->skipped == SYNC_SKIP_RETRY)
		st = buf_printf(&b, "not before %s (Retry-After)", when);
	else
		st = buf_printf(&b, "fresh until %s (server cache headers or the feed's ttl)",
				when);
	text = st == LDN_OK ? buf_detach(&b) : NULL;
	buf_free(&b);
	return text;
}

/* Gives the outcome to the caller, then frees what it left. */
static void
sync_report(struct sync_run *r, struct sync_job *j)
{
	const struct sync_opts *o = r->o;

	r->done++;
	if (j->out.status != LDN_OK)
		r->failed++;
	if (o->on_done != NULL)
		o->on_done(&j->out, o->payload);
	if (o->progress != NULL)
		o->progress(r->done, r->total, r->failed, o->payload);
	free(j->out.cause);
	free(j->out.warning);
	free(j->out.moved_to);
	feed_free(j->out.feed);
	feed_parse_free(j->parser);
	store_feed_state_free(&j->fs);
	store_schedule_free(&j->sched);
	if (j->fetch != NULL)
		fetch_multi_job_clear(j->fetch);
	j->out.cause = j->out.warning = j->out.moved_to = NULL;
	j->out.feed = NULL;
	j->parser = NULL;
}

/*
 * Reads what the cache knows of the feed and decides whether it is due.
 * Returns true when it is to be fetched; else the outcome is complete (a
 * skip, or the cache's error).
 */
static bool
sync_plan(struct sync_run *r, struct sync_job *j)
{
	struct sync_outcome *out = &j->out;

	if (r->s == NULL)
		return true;
	out->status = store_feed_state(r->s, out->src, &j->fs, &out->cause);
	if (out->status == LDN_OK)
		out->status = store_feed_schedule(r->s, out->src, &j->sched, &out->cause);
	if (out->status != LDN_OK)
		return false;
	/* A server that asked for time gets it, even from a forced refresh. */
	if (j->sched.retry_after > r->now) {
		out->skipped = SYNC_SKIP_RETRY;
		out->not_before = j->sched.retry_after;
		return false;
	}
	if (!r->o->force && j->sched.fresh_until > r->now) {
		out->skipped = SYNC_SKIP_FRESH;
		out->not_before = j->sched.fresh_until;
		return false;
	}
	return true;
}

/* The feed's parser, made when the body starts (or ends empty). */
static int
sync_parser(struct sync_job *j)
{
	const struct fetch_response *resp = &j->fetch->resp;

	if (j->parser != NULL)
		return LDN_OK;
	if (feed_parse_new(&j->parser, j->out.src, j->run->o->parse_flags) != LDN_OK)
		return LDN_ENOMEM;
	/* The response's headers are all known before the first byte: after
	 * a redirect, relative links are relative to where we landed, and
	 * resp->content_type names the body's type and charset. */
	if (resp->effective_url != NULL &&
	    feed_parse_set_base(j->parser, resp->effective_url) != LDN_OK)
		return LDN_ENOMEM;
	return LDN_OK;
}

static int
sync_sink(const char *data, size_t len, void *payload)
{
	struct sync_job *j = payload;

	if (j->parser == NULL && sync_parser(j) != LDN_OK)
		return ldn_cause(&j->out.cause, LDN_ENOMEM, "out of memory");
	store_hash_update(&j->hash, data, len);
	return feed_parse_push(j->parser, data, len);
}

/* The transfer ended: the feed parsed (*f), a 304, or why not. */
static int
sync_parsed(struct sync_job *j, struct feed **f)
{
	struct fetch_multi_job *fj = j->fetch;
	struct sync_outcome *out = &j->out;
	int st = fj->status;

	*f = NULL;
	out->http_status = fj->resp.status;
	if (st == LDN_EPARSE && j->parser != NULL)
		/* The parser stopped the transfer. A malformed feed still yields
		 * the articles before the fault (finish says LDN_OK and warns);
		 * otherwise its cause is the one to report, not the fetcher's
		 * "the receiver stopped". */
		return feed_parse_finish(j->parser, f, &out->warning, &out->cause);
	if (st != LDN_OK) {
		if (out->cause == NULL) {
			out->cause = fj->cause;
			fj->cause = NULL;
		}
		return st;
	}
	if (fj->resp.status == 304) {
		/* No body, nothing to parse, the cache is current. A 304 to a
		 * request that asked nothing is the server's error. */
		if (fj->opts.etag == NULL && fj->opts.last_modified == NULL)
			return ldn_cause(&out->cause, LDN_EFETCH,
					 "HTTP 304 Not Modified to an unconditional request");
		out->not_modified = true;
		return LDN_OK;
	}
	if (sync_parser(j) != LDN_OK)
		return ldn_cause(&out->cause, LDN_ENOMEM, "out of memory");
	return feed_parse_finish(j->parser, f, &out->warning, &out->cause);
}

static bool
sync_same_str(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/*
 * The schedule after this fetch: the server's Retry-After (a later fetch
 * that works clears it); when the fetch worked, the freshness its headers
 * and the feed's ttl (minutes, 0: none) give, and a new permanent address.
 * Written only when it changed. A new address is reported once, in
 * out->moved_to.
 */
static int
sync_reschedule(struct sync_run *r, struct sync_job *j, bool worked, long ttl_minutes,
		char **cause)
{
	const struct fetch_response *resp = &j->fetch->resp;
	struct store_schedule next = j->sched;
	const char *moved = NULL;
	int st;

	next.ttl_minutes = ttl_minutes;
	next.retry_after = resp->retry_after;
	next.fresh_until = worked ? sync_fresh_until(time(NULL), resp->fresh_until,
						     next.ttl_minutes) : 0;
	if (worked && resp->moved_to != NULL && strcmp(resp->moved_to, j->fetch->src) != 0) {
		moved = resp->moved_to;
		/* Moved back home: fetch the name itself again. */
		next.fetch_url = strcmp(moved, j->out.src) == 0 ? NULL : resp->moved_to;
	}
	if (next.retry_after == j->sched.retry_after && next.fresh_until == j->sched.fresh_until &&
	    next.ttl_minutes == j->sched.ttl_minutes &&
	    sync_same_str(next.fetch_url, j->sched.fetch_url))
		return LDN_OK;
	st = store_set_schedule(r->s, j->out.src, &next, cause);
	if (st == LDN_OK && moved != NULL && (j->out.moved_to = strdup(moved)) == NULL)
		st = ldn_cause(cause, LDN_ENOMEM, "out of memory");
	return st;
}

/* Into the cache: a merge, or a note of the 304 or of the failure. */
static int
sync_store(struct sync_run *r, struct sync_job *j, struct feed *f, int st)
{
	struct sync_outcome *out = &j->out;
	const struct fetch_response *resp = &j->fetch->resp;
	time_t now = time(NULL);
	char hex[33];
	int noted;

	if (st != LDN_OK) {
		/* Best effort: a cache that cannot take the note must not hide
		 * why the fetch failed, which is what the user needs. */
		noted = store_note_fetch(r->s, out->src, now, out->cause ? out->cause : "failed",
					 NULL);
		noted = sync_reschedule(r, j, false, j->sched.ttl_minutes, NULL);
		(void)noted;
		return st;
	}
	if (out->not_modified) {
		st = store_note_fetch(r->s, out->src, now, NULL, &out->cause);
	} else {
		struct store_fetch_info info = {
			.fetched = now, .etag = resp->etag,
			.last_modified = resp->last_modified, .body_hash = hex,
		};
		store_hash_hex(&j->hash, hex);
		st = store_merge(r->s, f, &info, &out->stats, &out->cause);
	}
	/* A 304 brings no feed: the ttl is the one stored with the schedule,
	 * as store_set_schedule() was last given it. */
	if (st == LDN_OK)
		st = sync_reschedule(r, j, true, j->sched.ttl_minutes, &out->cause);
	return st;
}

/* Into the store (if any) and out to the caller: one finished job. */
static void
sync_finish(struct sync_run *r, struct sync_job *j)
{
	int st = j->status;

	if (r->s != NULL) {
		st = sync_store(r, j, j->feed, st);
		feed_free(j->feed);
	} else if (st == LDN_OK) {
		j->out.feed = j->feed;
	} else {
		feed_free(j->feed);
	}
	j->feed = NULL;
	j->out.status = st;
	sync_report(r, j);
}

static void *
sync_merger(void *arg)
{
	struct sync_run *r = arg;
	struct sync_job *j;

	pthread_mutex_lock(&r->lock);
	for (;;) {
		while (r->qlen == 0 && !r->closing)
			pthread_cond_wait(&r->changed, &r->lock);
		if (r->qlen == 0)
			break;
		j = r->queue[r->qhead];
		r->qhead = (r->qhead + 1) % SYNC_QUEUE_MAX;
		r->qlen--;
		pthread_cond_broadcast(&r->changed);
		pthread_mutex_unlock(&r->lock);
		sync_finish(r, j);
		pthread_mutex_lock(&r->lock);
	}
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

/* Starts the merger; without one (no store, no thread) jobs finish inline. */
static void
sync_merger_start(struct sync_run *r)
{
	if (r->s == NULL)
		return;
	if (pthread_mutex_init(&r->lock, NULL) != 0)
		return;
	if (pthread_cond_init(&r->changed, NULL) != 0) {
		pthread_mutex_destroy(&r->lock);
		return;
	}
	if (pthread_create(&r->thread, NULL, sync_merger, r) != 0) {
		pthread_cond_destroy(&r->changed);
		pthread_mutex_destroy(&r->lock);
		return;
	}
	r->merger = true;
}

/* No more jobs: the merger finishes the queued ones and ends. */
static void
sync_merger_stop(struct sync_run *r)
{
	if (!r->merger)
		return;
	pthread_mutex_lock(&r->lock);
	r->closing = true;
	pthread_cond_broadcast(&r->changed);
	pthread_mutex_unlock(&r->lock);
	pthread_join(r->thread, NULL);
	pthread_cond_destroy(&r->changed);
	pthread_mutex_destroy(&r->lock);
	r->merger = false;
}

/* fetch_multi_run's callback: one transfer ended. Its parse ends here,
 * the rest goes to the merger (waiting while the queue is full). */
static void
sync_fetched(struct fetch_multi_job *fj, void *payload)
{
	struct sync_run *r = payload;
	struct sync_job *j = fj->user;

	j->status = sync_parsed(j, &j->feed);
	if (!r->merger) {
		sync_finish(r, j);
		return;
	}
	pthread_mutex_lock(&r->lock);
	while (r->qlen == SYNC_QUEUE_MAX)
		pthread_cond_wait(&r->changed, &r->lock);
	r->queue[(r->qhead + r->qlen) % SYNC_QUEUE_MAX] = j;
	r->qlen++;
	pthread_cond_broadcast(&r->changed);
	pthread_mutex_unlock(&r->lock);
}

/* Memory ran out before the run began: every source says so. */
static void
sync_fail_all(const char *const *srcs, size_t n, const struct sync_opts *o)
{
	struct sync_outcome out;
	size_t i;

	for (i = 0; i < n; i++) {
		memset(&out, 0, sizeof(out));
		out.src = srcs[i];
		out.status = LDN_ENOMEM;
		if (o->on_done != NULL)
			o->on_done(&out, o->payload);
		free(out.cause);
		free(out.warning);
		free(out.moved_to);
		feed_free(out.feed);
		if (o->progress != NULL)
			o->progress(i + 1, n, i + 1, o->payload);
	}
}

int
sync_feeds(struct store *s, const char *const *srcs, size_t n, const struct sync_opts *o,
	   char **cause)
{
	struct fetch_multi_limits lim = {o->max_connections, o->max_host_connections};
	struct sync_run r = {.s = s, .o = o, .total = n};
	struct fetch_multi_job *fjobs;
	struct sync_job *jobs;
	size_t i, nfetch = 0;
	int st;

	r.now = o->now ? o->now : time(NULL);
	jobs = calloc(n ? n : 1, sizeof(*jobs));
	fjobs = calloc(n ? n : 1, sizeof(*fjobs));
	if (jobs == NULL || fjobs == NULL) {
		free(jobs);
		free(fjobs);
		sync_fail_all(srcs, n, o);
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	}
	for (i = 0; i < n; i++) {
		struct sync_job *j = &jobs[i];
		struct fetch_multi_job *fj;

		j->run = &r;
		j->out.src = srcs[i];
		store_hash_init(&j->hash);
		if (!sync_plan(&r, j)) {
			sync_report(&r, j);
			continue;
		}
		fj = &fjobs[nfetch++];
		j->fetch = fj;
		fj->src = j->sched.fetch_url != NULL ? j->sched.fetch_url : srcs[i];
		fj->opts = *o->fetch;
		fj->opts.etag = j->fs.etag;
		fj->opts.last_modified = j->fs.last_modified;
		/* The size cap guards against servers; a file the user names
		 * is read whole, however large (the parser streams it). */
		if (!url_is_web(fj->src))
			fj->opts.max_bytes = ULLONG_MAX;
		fj->sink = sync_sink;
		fj->payload = j;
		fj->user = j;
	}
	sync_merger_start(&r);
	st = fetch_multi_run(fjobs, nfetch, &lim, sync_fetched, &r);
	sync_merger_stop(&r);
	if (st != LDN_OK)
		ldn_cause(cause, st, st == LDN_ENOMEM ? "out of memory" :
			  "libcurl could not run the transfers");
	free(fjobs);
	free(jobs);
	return st;
}
