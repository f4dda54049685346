/*
 * sync.c - fetch -> parse -> merge, against the cache: one feed
 * (sync_feed) or many at once (sync_feeds).
 *
 * sync_feed: one feed, the fastest way for one large feed.
 * Articles go from the parser to an open merge one at a time and are
 * freed as soon as they are written, so memory stays flat however long
 * the feed. The parser and the merge run on two threads (a pipe of a few
 * small batches of articles between them), so parsing and writing
 * overlap; the merge's connection is used by one thread at a time (the
 * writer between start and join). The body is hashed as it arrives. Two
 * ways, by what the cache holds of the feed:
 *  - the hash of the body last merged: the body is fetched into a spool
 *    (memory, then a temporary file) and nothing else happens until it is
 *    complete. The same bytes again (a server that ignores conditional
 *    requests) cost the transfer and the hash: no parse, no write. Other
 *    bytes are parsed from the spool into the merge, so the cache's write
 *    lock is held for the parse only, not while a server sends;
 *  - no hash (a feed never merged): there is nothing to compare with, so
 *    the body is parsed into the merge as it arrives. The write lock is
 *    then held for the transfer too, which only a feed's first fetch pays.
 *
 * sync_feeds: many at once, with a schedule.
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

/*
 * Articles go to the merge in batches (one handover per batch), in a ring
 * of SYNC_SLOTS: the memory between parser and merge. A slot goes FREE ->
 * FULL (the parser filled it) -> DONE (merged) and back to the parser,
 * which frees the articles: every article is allocated and freed on the
 * parser's thread, so the two never contend for one malloc arena.
 */
#define SYNC_BATCH 64
#define SYNC_SLOTS 4

enum { SLOT_FREE, SLOT_FULL, SLOT_DONE };

static void
sync_tap(const char *data, size_t len, void *payload)
{
	store_hash_update(payload, data, len);
}

struct sync_batch {
	struct article *a[SYNC_BATCH];  /* NULL once the merge holds it */
	size_t n;
	int state;
};

/* One refresh: what is known before the fetch and what it brings. */
struct sync {
	struct store *s;
	const char *src;
	struct store_feed_state fs;
	struct fetch_opts fo;           /* with the cache's validators */
	struct load_extra ex;
	struct store_hash hash;
	struct store_merge *m;          /* the open merge, or NULL */
	int merge_status;               /* its first failure (the writer's) */
	int pipe_status;                /* the parser side's failure */
	char *merge_cause;
	struct article_list held;       /* articles the merge holds (piped) */
	struct feed *f;                 /* what the parser kept: header, held articles */
	char *parse_cause;              /* why the fetch or the parse failed */

	/* The pipe to the writer thread (when `piped`). */
	bool piped;
	pthread_t writer;
	pthread_mutex_t lock;
	pthread_cond_t cond;            /* a slot changed state, or the end */
	struct sync_batch slot[SYNC_SLOTS];
	size_t next_fill, next_merge;   /* the parser's slot, the writer's */
	struct sync_batch *filling;     /* the parser's, or NULL */
	bool qdone;                     /* the parser has finished */
};

static void *
sync_writer(void *arg)
{
	struct sync *y = arg;
	struct sync_batch *b;
	bool full;
	size_t i;

	for (;;) {
		b = &y->slot[y->next_merge];
		pthread_mutex_lock(&y->lock);
		while (b->state != SLOT_FULL && !y->qdone)
			pthread_cond_wait(&y->cond, &y->lock);
		/* The parser sets qdone after its last batch is FULL. */
		full = b->state == SLOT_FULL;
		pthread_mutex_unlock(&y->lock);
		if (!full)
			return NULL;
		for (i = 0; i < b->n; i++) {
			struct article *a = b->a[i];
			bool held = false;
			if (y->merge_status == LDN_OK)
				y->merge_status = store_merge_article(y->m, a, &held,
								      &y->merge_cause);
			if (held && article_list_push(&y->held, a) != LDN_OK)
				y->merge_status = ldn_cause(&y->merge_cause, LDN_ENOMEM,
							    "out of memory"); /* the parser frees it */
			else if (held)
				b->a[i] = NULL;
		}
		pthread_mutex_lock(&y->lock);
		b->state = SLOT_DONE;
		y->next_merge = (y->next_merge + 1) % SYNC_SLOTS;
		pthread_cond_broadcast(&y->cond);
		pthread_mutex_unlock(&y->lock);
	}
}

/* Frees what a merged slot still has (on the parser's thread). */
static void
sync_slot_clear(struct sync_batch *b)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		article_free(b->a[i]);
	b->n = 0;
	b->state = SLOT_FREE;
}

/* The parser's next slot, emptied: waits while the writer has it. */
static struct sync_batch *
sync_slot_get(struct sync *y)
{
	struct sync_batch *b = &y->slot[y->next_fill];

	pthread_mutex_lock(&y->lock);
	while (b->state == SLOT_FULL)
		pthread_cond_wait(&y->cond, &y->lock);
	pthread_mutex_unlock(&y->lock);
	sync_slot_clear(b);
	return b;
}

/* Hands the parser's slot to the writer. */
static void
sync_slot_put(struct sync *y)
{
	pthread_mutex_lock(&y->lock);
	y->filling->state = SLOT_FULL;
	y->next_fill = (y->next_fill + 1) % SYNC_SLOTS;
	pthread_cond_broadcast(&y->cond);
	pthread_mutex_unlock(&y->lock);
	y->filling = NULL;
}

/* Starts the writer; without one, articles are merged inline. */
static void
sync_pipe_start(struct sync *y)
{
	memset(y->slot, 0, sizeof(y->slot));
	y->next_fill = y->next_merge = 0;
	y->filling = NULL;
	y->qdone = false;
	if (pthread_mutex_init(&y->lock, NULL) != 0)
		return;
	if (pthread_cond_init(&y->cond, NULL) != 0) {
		pthread_mutex_destroy(&y->lock);
		return;
	}
	y->piped = pthread_create(&y->writer, NULL, sync_writer, y) == 0;
	if (!y->piped) {
		pthread_cond_destroy(&y->cond);
		pthread_mutex_destroy(&y->lock);
	}
}

/* The parser is done: hands over the rest and waits for the merge. */
static void
sync_pipe_stop(struct sync *y)
{
	size_t i;

	if (!y->piped)
		return;
	if (y->filling != NULL)
		sync_slot_put(y);
	pthread_mutex_lock(&y->lock);
	y->qdone = true;
	pthread_cond_broadcast(&y->cond);
	pthread_mutex_unlock(&y->lock);
	pthread_join(y->writer, NULL);
	for (i = 0; i < SYNC_SLOTS; i++)
		sync_slot_clear(&y->slot[i]);
	pthread_cond_destroy(&y->cond);
	pthread_mutex_destroy(&y->lock);
	y->piped = false;
}

/*
 * The parser's callback. Piped: the article moves to a struct of our own
 * (the parser frees the emptied one) and on to the writer. Inline: merged
 * here, and the parser keeps what the merge holds.
 */
static bool
sync_article(struct article *a, void *payload)
{
	struct sync *y = payload;
	struct article *own;
	bool held = false;

	if (!y->piped) {
		if (y->merge_status == LDN_OK)
			y->merge_status = store_merge_article(y->m, a, &held, &y->merge_cause);
		return held;
	}
	if ((own = malloc(sizeof(*own))) == NULL) {
		y->pipe_status = LDN_ENOMEM;
		return false;
	}
	*own = *a;
	memset(a, 0, sizeof(*a));
	if (y->filling == NULL)
		y->filling = sync_slot_get(y);
	y->filling->a[y->filling->n++] = own;
	if (y->filling->n == SYNC_BATCH)
		sync_slot_put(y);
	return false;
}

/* Ends the open merge: commits what the parser handed over, or rolls
 * back when the parse or the merge failed (st). */
static int
sync_end(struct sync *y, int st, time_t now, struct sync_result *res, char **cause)
{
	char hex[33];

	sync_pipe_stop(y);
	if (y->merge_status == LDN_OK)
		y->merge_status = y->pipe_status;
	if (st == LDN_OK && y->merge_status != LDN_OK) {
		if (cause != NULL && *cause == NULL) {
			*cause = y->merge_cause;
			y->merge_cause = NULL;
		}
		st = ldn_cause(cause, y->merge_status, "out of memory");
	}
	if (st != LDN_OK || y->f == NULL) {
		store_merge_abort(y->m);
		y->m = NULL;
		return st;
	}
	store_hash_hex(&y->hash, hex);
	{
		struct store_fetch_info info = {
			.fetched = now, .etag = y->ex.etag,
			.last_modified = y->ex.last_modified, .body_hash = hex,
		};
		st = store_merge_end(y->m, y->f, &info, &res->stats, cause);
	}
	y->m = NULL;
	return st;
}

/* A feed never merged: parsed into the merge as it arrives. */
static int
sync_live(struct sync *y, struct sync_result *res, char **warning, char **cause)
{
	int st;

	if ((st = store_merge_begin(&y->m, y->s, y->src, time(NULL), cause)) != LDN_OK)
		return st;
	y->ex.on_article = sync_article;
	y->ex.article_payload = y;
	sync_pipe_start(y);
	st = load_feed(y->src, &y->fo, 0, &y->ex, &y->f, warning, &y->parse_cause);
	res->status = y->ex.status;
	return sync_end(y, st, time(NULL), res, cause);
}

/* A feed merged before: the whole body first, then the parse if it changed. */
static int
sync_spooled(struct sync *y, struct sync_result *res, char **warning, char **cause)
{
	struct load_spool *sp = NULL;
	char hex[33];
	time_t now;
	int st;

	st = load_fetch(&sp, y->src, &y->fo, &y->ex, &y->parse_cause);
	res->status = y->ex.status;
	if (st != LDN_OK || sp == NULL)
		return st;
	store_hash_hex(&y->hash, hex);
	if (strcmp(y->fs.body_hash, hex) == 0) {
		/* What these bytes hold was merged before: nothing to do. */
		res->stats.same_body = true;
		load_spool_free(sp);
		return LDN_OK;
	}
	now = time(NULL);
	st = store_merge_begin(&y->m, y->s, y->src, now, cause);
	if (st == LDN_OK) {
		y->ex.on_article = sync_article;
		y->ex.article_payload = y;
		sync_pipe_start(y);
		st = load_parse(sp, y->src, 0, &y->ex, &y->f, warning, &y->parse_cause);
		st = sync_end(y, st, now, res, cause);
	}
	load_spool_free(sp);
	return st;
}

int
sync_feed(struct store *s, const char *src, const struct fetch_opts *fo,
	  struct sync_result *res, char **warning, char **cause)
{
	struct sync y;
	int st;

	memset(res, 0, sizeof(*res));
	memset(&y, 0, sizeof(y));
	y.s = s;
	y.src = src;
	if ((st = store_feed_state(s, src, &y.fs, cause)) != LDN_OK)
		return st;
	y.fo = *fo;
	y.fo.etag = y.fs.etag;
	y.fo.last_modified = y.fs.last_modified;
	store_hash_init(&y.hash);
	y.ex.tap = sync_tap;
	y.ex.tap_payload = &y.hash;
	if (y.fs.body_hash == NULL)
		st = sync_live(&y, res, warning, cause);
	else
		st = sync_spooled(&y, res, warning, cause);
	if (st == LDN_OK && y.f == NULL && !res->stats.same_body) {
		res->not_modified = true;
		st = store_note_fetch(s, src, time(NULL), NULL, cause);
	} else if (st != LDN_OK && (y.parse_cause != NULL || cause == NULL || *cause == NULL)) {
		/* The fetch or the parse failed (the store says why in *cause
		 * itself). The note is best effort: a cache that cannot take it
		 * must not hide why the fetch failed, which is what the user needs. */
		int noted = store_note_fetch(s, src, time(NULL),
					     y.parse_cause ? y.parse_cause : "failed", NULL);

		(void)noted;
		if (cause != NULL && *cause == NULL) {
			*cause = y.parse_cause;
			y.parse_cause = NULL;
		}
	}
	free(y.parse_cause);
	free(y.merge_cause);
	article_list_free(&y.held);
	feed_free(y.f);
	load_extra_free(&y.ex);
	store_feed_state_free(&y.fs);
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
