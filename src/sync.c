/*
 * sync.c - fetch -> parse -> merge, the one acquisition engine: many
 * feeds at once (sync_feeds), or one now (sync_feed, the same run for one
 * source). It owns a run's jobs, transfers and merges; the feed state
 * between runs is the cache's (store_feed_state, store_schedule). Every
 * mode has a cache (a file, or one in memory: store_open_shared); only
 * --check-feed's trace runs without one, each feed parsed into memory and
 * handed out, nothing known before and nothing kept after.
 * It runs on the caller's thread (the reader's worker, or the main one of
 * a headless run), plus the merger and stream-writer threads below.
 *
 * Every transfer runs on one fetch_multi_run() on the caller's thread.
 * Each body is first told apart (struct load_body: an HTML page or a
 * feed) and a feed's bytes are hashed as they come. A feed then goes one
 * of three ways (enum sync_way), by what the cache holds of it:
 *  - SPOOL, the cache has the hash of the body last merged: the body goes
 *    into a spool (memory, then a temporary file) and nothing else happens
 *    until it is complete. The same bytes again (a server that ignores
 *    conditional requests) cost the transfer and the hash: no parse, no
 *    merge, only the fetch time noted, as for a 304. Other bytes are
 *    parsed from the spool into a streaming merge, so the cache's write
 *    lock is held for the parse only, not while a server sends;
 *  - STREAM, a feed never merged that is the run's only transfer: there
 *    is nothing to compare with, so the body is parsed into an open merge
 *    as it arrives and memory stays flat however long the feed. The write
 *    lock is then held for the transfer too, which only a feed's first
 *    fetch pays; beside other transfers it would hold back their merges
 *    (and the one connection holds one merge), so then:
 *  - MEMORY, else, and always without a store: parsed as it arrives into a
 *    struct feed, merged whole (store_merge compares the hash first).
 *
 * A streaming merge (struct sync_stream) takes the articles of a parser on
 * one thread and writes them on another: a ring of a few small batches
 * between them, so parsing and writing overlap. Its store connection is
 * used by one thread at a time (the writer between its start and join).
 *
 * With a store and more than one transfer, a feed whose transfer ended is
 * handed to a merger thread, which writes it into the store (merge or
 * note, schedule) and reports it: merges of earlier feeds overlap the
 * transfers of later ones, and the store sees one merge at a time, from
 * that one thread. The hand-over queue is short (SYNC_QUEUE_MAX): when
 * merging falls behind, the transfers wait rather than parsed feeds piling
 * up in memory. Otherwise everything happens on the caller's thread.
 *
 * An HTML page is searched for feeds (load_discover) and its candidates
 * are fetched in later rounds of fetch_multi_run, one a round, until one
 * is a feed. Candidates are parsed in memory (nothing reaches the cache
 * before one proves a feed) and asked unconditionally (a 304 proves
 * nothing). The feed found becomes the source's fetch_url, so later runs
 * go straight there; its articles keep the source's name.
 *
 * Invariants: every source gets exactly one outcome, reported by one
 * thread at a time (the caller's for feeds not fetched, then the
 * merger's, then the caller's again for what a failed run left); the
 * schedule row is written only when it changes.
 */
#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "buf.h"
#include "feed_parse.h"
#include "fetch_multi.h"
#include "load.h"
#include "sync.h"
#include "text.h"
#include "url.h"

/* ---- a merge fed article by article ---- */

/*
 * Articles go to the merge in batches (one handover per batch), in a ring
 * of SYNC_SLOTS: the memory between parser and merge. A slot goes FREE ->
 * FULL (the parser filled it) -> DONE (merged) and back to the parser,
 * which frees the articles: every article is allocated and freed on the
 * parser's thread, so the two never contend for one malloc arena.
 */
#define SYNC_BATCH 64
#define SYNC_URL_SHOWN 200      /* columns of a refused address in a warning */
#define SYNC_SLOTS 4

enum { SLOT_FREE, SLOT_FULL, SLOT_DONE };

struct sync_batch {
	struct article *a[SYNC_BATCH];  /* NULL once the merge holds it */
	size_t n;
	int state;
};

struct sync_stream {
	struct store_merge *m;
	int merge_status;               /* its first failure (the writer's) */
	char *merge_cause;
	int pipe_status;                /* the parser side's failure */
	struct article_list held;       /* articles the merge holds (piped) */

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
	struct sync_stream *y = arg;
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
sync_slot_get(struct sync_stream *y)
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
sync_slot_put(struct sync_stream *y)
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
sync_pipe_start(struct sync_stream *y)
{
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
sync_pipe_stop(struct sync_stream *y)
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
	struct sync_stream *y = payload;
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

/* Opens the merge of src and starts its writer. */
static int
sync_stream_begin(struct sync_stream **out, struct store *s, const char *src, time_t fetched,
		  char **cause)
{
	struct sync_stream *y;
	int st;

	*out = NULL;
	if ((y = calloc(1, sizeof(*y))) == NULL) {
		(void)ldn_cause(cause, LDN_ENOMEM, "out of memory");
		return LDN_ENOMEM; /* not ldn_cause's value: the analyzer sees this one */
	}
	if ((st = store_merge_begin(&y->m, s, src, fetched, cause)) != LDN_OK) {
		free(y);
		return st;
	}
	sync_pipe_start(y);
	*out = y;
	return LDN_OK;
}

/*
 * Ends a streaming merge and frees it: commits what the parser handed
 * over with f's header (its articles are not read), or rolls back when
 * the parse failed (st) or the merge did.
 */
static int
sync_stream_end(struct sync_stream *y, int st, const struct feed *f,
		const struct store_fetch_info *info, struct store_merge_stats *stats,
		char **cause)
{
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
	if (st != LDN_OK || f == NULL)
		store_merge_abort(y->m);
	else
		st = store_merge_end(y->m, f, info, stats, cause);
	free(y->merge_cause);
	article_list_free(&y->held);
	free(y);
	return st;
}

/* ---- many feeds at once ---- */

enum sync_way {
	SYNC_MEMORY,  /* parsed into memory as it comes, merged whole */
	SYNC_SPOOL,   /* spooled; parsed into a merge if the hash changed */
	SYNC_STREAM   /* parsed into an open merge as it comes */
};

/* One source of a sync_feeds() run. */
struct sync_job {
	struct sync_run *run;
	struct fetch_multi_job *fetch;  /* its transfer now; NULL when not fetched */
	const struct source *source;    /* the config's settings, or NULL */
	enum sync_way way;
	struct load_body body;          /* a page or a feed */
	struct store_hash hash;         /* of the feed's bytes */
	struct feed_parser *parser;     /* MEMORY, STREAM: made at the first byte */
	struct load_spool *spool;       /* SPOOL */
	struct sync_stream *stream;     /* STREAM: open since the first byte */
	struct feed *feed;              /* MEMORY: the feed; STREAM: its header */
	int status;                     /* of the fetch and parse */
	struct store_limits limits;     /* the store's, while `limited` */
	bool limited;                   /* the source's limit is in force */
	bool again;                     /* fetch it (again) in the next round */
	struct load_discovery disc;     /* where an HTML page led */
	size_t next;                    /* the next of disc.urls to try */
	char *candidate;                /* the one fetched now (in disc), or NULL */
	struct store_feed_state fs;     /* the validators sent */
	struct store_schedule sched;    /* as stored before this run */
	bool refused;                   /* sched.fetch_url broke the rules
					 * (sync_cached_url_ok): src is fetched */
	char *note;                     /* why, for out.warning, or NULL */
	struct sync_outcome out;
};

/* Parsed feeds waiting for the merger at most; then the transfers wait. */
#define SYNC_QUEUE_MAX 8
/* Feeds merged in one batch (one commit) at most, when they queue up. */
#define SYNC_GROUP_MAX 64

struct sync_run {
	struct store *s;
	const struct sync_opts *o;
	const char *const *srcs;             /* the run's sources */
	size_t nsrcs;
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
		st = buf_printf(&b, "fresh until %s (server cache headers, the feed's ttl "
				"or its refresh setting)", when);
	text = st == LDN_OK ? buf_detach(&b) : NULL;
	buf_free(&b);
	return text;
}

/* The source's article limit replaces the store's, until sync_unlimit. */
static void
sync_limit(struct sync_run *r, struct sync_job *j)
{
	struct store_limits lim;

	if (j->source == NULL || j->source->limit == 0 || j->limited)
		return;
	store_get_limits(r->s, &j->limits);
	lim = j->limits;
	lim.max_per_feed = j->source->limit;
	store_set_limits(r->s, &lim);
	j->limited = true;
}

static void
sync_unlimit(struct sync_run *r, struct sync_job *j)
{
	if (j->limited)
		store_set_limits(r->s, &j->limits);
	j->limited = false;
}

/* What the job's last transfer holds, before a new one. */
static void
sync_job_reset(struct sync_job *j)
{
	if (j->fetch != NULL)
		fetch_multi_job_clear(j->fetch);
	feed_parse_free(j->parser);
	load_spool_free(j->spool);
	feed_free(j->feed);
	load_body_free(&j->body);
	j->parser = NULL;
	j->spool = NULL;
	j->feed = NULL;
}

/* *note (taken) goes before the outcome's warning. */
static void
sync_add_warning(struct sync_outcome *out, char **note)
{
	char *both = NULL;

	if (out->warning == NULL) {
		out->warning = *note;
		*note = NULL;
		return;
	}
	/* Out of memory: the parser's warning alone. */
	if (ldn_cause(&both, LDN_OK, "%s; %s", *note, out->warning) == LDN_OK && both != NULL) {
		free(out->warning);
		out->warning = both;
	}
	free(*note);
	*note = NULL;
}

/* Gives the outcome to the caller, then frees what it left. */
static void
sync_report(struct sync_run *r, struct sync_job *j)
{
	const struct sync_opts *o = r->o;

	r->done++;
	if (j->out.status != LDN_OK)
		r->failed++;
	if (j->note != NULL)
		sync_add_warning(&j->out, &j->note);
	if (o->on_done != NULL)
		o->on_done(&j->out, o->payload);
	if (o->progress != NULL)
		o->progress(r->done, r->total, r->failed, o->payload);
	free(j->out.cause);
	free(j->out.warning);
	free(j->out.moved_to);
	free(j->out.discovered);
	feed_free(j->out.feed);
	memset(&j->out, 0, sizeof(j->out));
	sync_job_reset(j);
	load_discovery_free(&j->disc);
	store_feed_state_free(&j->fs);
	store_schedule_free(&j->sched);
	free(j->note);
	j->note = NULL;
	j->refused = false;
}

bool
sync_cached_url_ok(const char *url, const char *const *srcs, size_t n)
{
	size_t i;

	if (url_is_web(url))
		return true;
	for (i = 0; i < n; i++)
		if (strcmp(url, srcs[i]) == 0)
			return true;
	return false;
}

/*
 * The address the cache remembers for the feed, when it breaks the rules
 * (sync_cached_url_ok), is not fetched: the source is, and a fetch of it
 * that works forgets the address. That is said, unless it may be what
 * the discovery of a local page found (a file: one for a local source),
 * which the fetch of the page finds again.
 */
static int
sync_check_cached_url(struct sync_run *r, struct sync_job *j)
{
	const char *url = j->sched.fetch_url;
	char *clean, *shown;
	int st;

	if (url == NULL || sync_cached_url_ok(url, r->srcs, r->nsrcs))
		return LDN_OK;
	j->refused = true;
	if (!url_is_web(j->out.src) && strncasecmp(url, "file:", 5) == 0)
		return LDN_OK;
	clean = text_sanitize(url, strlen(url), 0);
	shown = clean != NULL ? text_fit(clean, SYNC_URL_SHOWN, false) : NULL;
	st = shown == NULL ? LDN_ENOMEM :
	     ldn_cause(&j->note, LDN_OK, "the cache's address for it, '%s', is neither http "
		       "nor https nor a file you named: not used", shown);
	if (st == LDN_OK && j->note == NULL)
		st = LDN_ENOMEM;
	free(clean);
	free(shown);
	return st == LDN_OK ? LDN_OK : ldn_cause(&j->out.cause, st, "out of memory");
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
	time_t until;

	j->source = source_find(r->o->sources, r->o->nsources, out->src);
	if (r->s != NULL) {
		out->status = store_feed_state(r->s, out->src, &j->fs, &out->cause);
		if (out->status == LDN_OK)
			out->status = store_feed_schedule(r->s, out->src, &j->sched,
							  &out->cause);
	}
	if (out->status == LDN_OK)
		out->status = sync_check_cached_url(r, j);
	if (out->status != LDN_OK)
		return false;
	/* A server that asked for time gets it, even from a forced refresh. */
	if (j->sched.retry_after > r->now) {
		out->skipped = SYNC_SKIP_RETRY;
		out->not_before = j->sched.retry_after;
		return false;
	}
	if (r->o->force)
		return true;
	until = j->sched.fresh_until;
	if (j->source != NULL && j->source->refresh > 0 && j->fs.last_fetch > 0 &&
	    j->fs.last_fetch + (time_t)j->source->refresh > until)
		until = j->fs.last_fetch + (time_t)j->source->refresh;
	if (until > r->now) {
		out->skipped = SYNC_SKIP_FRESH;
		out->not_before = until;
		return false;
	}
	return true;
}

/* How a feed due in a run of nfetch transfers is read (see the top). */
static enum sync_way
sync_way_of(const struct sync_run *r, const struct sync_job *j, size_t nfetch)
{
	if (r->s == NULL)
		return SYNC_MEMORY;
	if (j->fs.body_hash != NULL)
		return SYNC_SPOOL;
	return nfetch == 1 ? SYNC_STREAM : SYNC_MEMORY;
}

/* The feed's parser, made when its body starts (or ends empty); a STREAM
 * feed's merge opens with it. */
static int
sync_parser(struct sync_job *j)
{
	struct sync_run *r = j->run;
	struct sync_outcome *out = &j->out;
	int st;

	if (feed_parse_new(&j->parser, out->src, r->o->parse_flags) != LDN_OK ||
	    load_parser_prepare(j->parser, &j->fetch->resp) != LDN_OK)
		return ldn_cause(&out->cause, LDN_ENOMEM, "out of memory");
	if (j->way != SYNC_STREAM)
		return LDN_OK;
	sync_limit(r, j);
	st = sync_stream_begin(&j->stream, r->s, out->src, time(NULL), &out->cause);
	if (st == LDN_OK)
		feed_parse_set_article_cb(j->parser, sync_article, j->stream);
	return st;
}

/* The feed's bytes (after load_body told it from a page). */
static int
sync_sink(const char *data, size_t len, void *payload)
{
	struct sync_job *j = payload;
	int st;

	store_hash_update(&j->hash, data, len);
	if (j->way == SYNC_SPOOL) {
		if (j->spool == NULL && load_spool_new(&j->spool) != LDN_OK)
			return ldn_cause(&j->out.cause, LDN_ENOMEM, "out of memory");
		return load_spool_add(j->spool, data, len, &j->out.cause);
	}
	if (j->parser == NULL && (st = sync_parser(j)) != LDN_OK)
		return st;
	return feed_parse_push(j->parser, data, len);
}

/* Readies the job's next transfer, as fj: its source, or the candidate. */
static void
sync_start(struct sync_run *r, struct sync_job *j, struct fetch_multi_job *fj)
{
	const char *src = j->candidate != NULL ? j->candidate :
	    j->sched.fetch_url != NULL && !j->refused ? j->sched.fetch_url : j->out.src;

	sync_job_reset(j);
	store_hash_init(&j->hash);
	j->again = false;
	j->fetch = fj;
	fj->src = src;
	fj->opts = *r->o->fetch;
	/* The validators are those of what was merged, from the address the
	 * cache fetches (not from the source, when that one is refused); a
	 * candidate must prove itself a feed, which a 304 cannot. */
	fj->opts.etag = j->candidate == NULL && !j->refused ? j->fs.etag : NULL;
	fj->opts.last_modified = j->candidate == NULL && !j->refused ? j->fs.last_modified : NULL;
	/* The size cap guards against servers; a file the user names is read
	 * whole, however large (the parser streams it). */
	if (!url_is_web(src))
		fj->opts.max_bytes = ULLONG_MAX;
	if (j->candidate != NULL)
		j->way = SYNC_MEMORY;
	load_body_init(&j->body, &fj->resp, sync_sink, j);
	fj->sink = load_body_add;
	fj->payload = &j->body;
	fj->user = j;
}

/* The next candidate goes in the next round. */
static int
sync_next_candidate(struct sync_job *j)
{
	free(j->out.cause);
	free(j->out.warning);
	j->out.cause = j->out.warning = NULL;
	j->candidate = j->disc.urls[j->next++];
	j->again = true;
	return LDN_OK;
}

/* The body was an HTML page: search it for the feed. */
static int
sync_page(struct sync_job *j)
{
	struct fetch_multi_job *fj = j->fetch;
	const char *url = fj->resp.effective_url != NULL ? fj->resp.effective_url : fj->src;
	int st;

	if (j->candidate != NULL)
		return ldn_cause(&j->out.cause, LDN_EPARSE, "an HTML page, not a feed");
	if ((st = load_discover(&j->disc, &j->body, url, &j->out.cause)) != LDN_OK)
		return st;
	if (j->disc.n == 0)
		return load_discover_fail(&j->disc, LDN_EPARSE, NULL, &j->out.cause);
	j->next = 0;
	return sync_next_candidate(j);
}

/* A candidate was no feed: the next one, or why none was. */
static int
sync_candidate_failed(struct sync_job *j, int st)
{
	char *why = NULL;

	if (!j->disc.named && j->next < j->disc.n)
		return sync_next_candidate(j);
	st = load_discover_fail(&j->disc, st, j->out.cause, &why);
	free(j->out.cause);
	j->out.cause = why;
	return st;
}

/* The transfer ended: the feed parsed, spooled, a 304, a page, or why not. */
static int
sync_parsed(struct sync_job *j)
{
	struct fetch_multi_job *fj = j->fetch;
	struct sync_outcome *out = &j->out;
	int st = j->body.page_cut ? LDN_OK : fj->status;
	char hex[33];

	out->http_status = fj->resp.status;
	if (st == LDN_OK && fj->resp.status == 304) {
		/* No body, nothing to parse, the cache is current. A 304 to a
		 * request that asked nothing is the server's error. */
		if (fj->opts.etag == NULL && fj->opts.last_modified == NULL)
			return ldn_cause(&out->cause, LDN_EFETCH,
					 "HTTP 304 Not Modified to an unconditional request");
		out->not_modified = true;
		return LDN_OK;
	}
	if (st == LDN_OK)
		st = load_body_end(&j->body);
	if (st == LDN_EPARSE && j->parser != NULL)
		/* The parser stopped. A malformed feed still yields the articles
		 * before the fault (finish says LDN_OK and warns); otherwise its
		 * cause is the one to report, not the fetcher's "the receiver
		 * stopped". */
		return feed_parse_finish(j->parser, &j->feed, &out->warning, &out->cause);
	if (st != LDN_OK) {
		if (out->cause == NULL) {
			out->cause = fj->cause;
			fj->cause = NULL;
		}
		return ldn_cause(&out->cause, st, "out of memory");
	}
	if (j->body.kind == LOAD_PAGE)
		return sync_page(j);
	if (j->way == SYNC_SPOOL) {
		if (j->spool == NULL && load_spool_new(&j->spool) != LDN_OK)
			return ldn_cause(&out->cause, LDN_ENOMEM, "out of memory");
		if ((st = load_spool_end(j->spool, &fj->resp, &out->cause)) != LDN_OK)
			return st;
		store_hash_hex(&j->hash, hex);
		if (strcmp(hex, j->fs.body_hash) == 0) {
			/* What these bytes hold was merged before. */
			out->stats.same_body = true;
			load_spool_free(j->spool);
			j->spool = NULL;
		}
		return LDN_OK;
	}
	if (j->parser == NULL && (st = sync_parser(j)) != LDN_OK)
		return st;
	return feed_parse_finish(j->parser, &j->feed, &out->warning, &out->cause);
}

static bool
sync_same_str(const char *a, const char *b)
{
	return a == b || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/*
 * The schedule after this fetch: the server's Retry-After (a later fetch
 * that works clears it); when the fetch worked, the freshness its headers
 * and the feed's ttl (minutes, 0: none) give, and where to fetch next: a
 * new permanent address, else a feed found on the source's page. Written
 * only when it changed. A new address is reported once, in out->moved_to,
 * a feed found in out->discovered.
 */
static int
sync_reschedule(struct sync_run *r, struct sync_job *j, bool worked, long ttl_minutes,
		char **cause)
{
	static const struct fetch_response none;
	const struct fetch_response *resp = j->fetch != NULL ? &j->fetch->resp : &none;
	struct store_schedule next = j->sched;
	const char *moved = NULL;
	int st = LDN_OK;

	next.ttl_minutes = ttl_minutes;
	next.retry_after = resp->retry_after;
	next.fresh_until = worked ? sync_fresh_until(time(NULL), resp->fresh_until,
						     next.ttl_minutes) : 0;
	if (worked && j->fetch != NULL && resp->moved_to != NULL &&
	    strcmp(resp->moved_to, j->fetch->src) != 0) {
		moved = resp->moved_to;
		/* Moved back home: fetch the name itself again. */
		next.fetch_url = strcmp(moved, j->out.src) == 0 ? NULL : resp->moved_to;
	} else if (worked && j->candidate != NULL) {
		next.fetch_url = strcmp(j->candidate, j->out.src) == 0 ? NULL : j->candidate;
	} else if (worked && j->refused) {
		next.fetch_url = NULL; /* the source itself worked */
	}
	if (next.retry_after == j->sched.retry_after && next.fresh_until == j->sched.fresh_until &&
	    next.ttl_minutes == j->sched.ttl_minutes &&
	    sync_same_str(next.fetch_url, j->sched.fetch_url))
		return LDN_OK;
	/* Without a store nothing is kept; what moved and what was found is
	 * still told. */
	if (r->s != NULL)
		st = store_set_schedule(r->s, j->out.src, &next, cause);
	if (st == LDN_OK && moved != NULL && (j->out.moved_to = strdup(moved)) == NULL)
		st = ldn_cause(cause, LDN_ENOMEM, "out of memory");
	if (st == LDN_OK && worked && j->candidate != NULL &&
	    (j->out.discovered = strdup(j->candidate)) == NULL)
		st = ldn_cause(cause, LDN_ENOMEM, "out of memory");
	return st;
}

/* A changed spooled body, parsed into a streaming merge. *f: its header. */
static int
sync_spool_merge(struct sync_run *r, struct sync_job *j, const struct store_fetch_info *info,
		 struct feed **f)
{
	struct sync_outcome *out = &j->out;
	struct load_extra ex = {0};
	struct sync_stream *y;
	int st;

	st = sync_stream_begin(&y, r->s, out->src, info->fetched, &out->cause);
	if (st != LDN_OK)
		return st;
	ex.on_article = sync_article;
	ex.article_payload = y;
	ex.bounds = r->o->fetch;
	st = load_parse(j->spool, out->src, r->o->parse_flags, &ex, f, &out->warning,
			&out->cause);
	return sync_stream_end(y, st, *f, info, &out->stats, &out->cause);
}

/* The fetched feed into the store, by its way; *ttl: what it says. */
static int
sync_merge(struct sync_run *r, struct sync_job *j, time_t now, long *ttl)
{
	struct sync_outcome *out = &j->out;
	const struct fetch_response *resp = &j->fetch->resp;
	struct feed *spooled = NULL;
	const struct feed *f = j->feed;
	char hex[33];
	struct store_fetch_info info = {
		.fetched = now, .etag = resp->etag,
		.last_modified = resp->last_modified, .body_hash = hex,
	};
	int st;

	store_hash_hex(&j->hash, hex);
	sync_limit(r, j);
	if (j->stream != NULL) {
		st = sync_stream_end(j->stream, LDN_OK, j->feed, &info, &out->stats, &out->cause);
		j->stream = NULL;
	} else if (j->spool != NULL) {
		st = sync_spool_merge(r, j, &info, &spooled);
		f = spooled;
	} else {
		st = store_merge(r->s, j->feed, &info, &out->stats, &out->cause);
	}
	sync_unlimit(r, j);
	if (st == LDN_OK && f != NULL)
		*ttl = f->ttl_minutes;
	feed_free(spooled);
	return st;
}

/* Into the cache: a merge, or a note of the 304, the same bytes or the
 * failure; then the schedule. */
static int
sync_store(struct sync_run *r, struct sync_job *j, int st)
{
	struct sync_outcome *out = &j->out;
	long ttl = j->sched.ttl_minutes;  /* no feed parsed: the stored one */
	time_t now = time(NULL);
	int noted;

	if (st == LDN_OK && !out->not_modified && !out->stats.same_body) {
		st = sync_merge(r, j, now, &ttl);
		out->merged = st == LDN_OK && !out->stats.same_body;
	}
	if (st != LDN_OK) {
		/* A transfer that failed midway leaves its merge open. */
		if (j->stream != NULL)
			(void)sync_stream_end(j->stream, st, NULL, NULL, NULL, NULL);
		j->stream = NULL;
		sync_unlimit(r, j);
		/* Best effort: a cache that cannot take the note must not hide
		 * why the fetch failed, which is what the user needs. */
		noted = store_note_fetch(r->s, out->src, now, out->cause ? out->cause : "failed",
					 NULL);
		/* Either may fail; the schedule (a Retry-After) matters even
		 * when the note could not be written. */
		noted |= sync_reschedule(r, j, false, j->sched.ttl_minutes, NULL);
		(void)noted;
		return st;
	}
	/* A 304 costs the fetch time. The same bytes again write nothing at
	 * all, unless the feed has an interval of its own to keep, which
	 * counts from its last fetch. */
	if (out->not_modified ||
	    (out->stats.same_body && j->source != NULL && j->source->refresh > 0))
		st = store_note_fetch(r->s, out->src, now, NULL, &out->cause);
	if (st == LDN_OK)
		st = sync_reschedule(r, j, true, ttl, &out->cause);
	return st;
}

/*
 * No store (--check-feed): the feed goes out to the caller; what moved
 * and what a page led to is told (sync_reschedule), nothing is kept, so
 * a page's feed is found again each run.
 */
static int
sync_remember(struct sync_run *r, struct sync_job *j, int st)
{
	struct sync_outcome *out = &j->out;
	bool body = st == LDN_OK && !out->not_modified;
	long ttl = j->feed != NULL && body ? j->feed->ttl_minutes : j->sched.ttl_minutes;

	if (st != LDN_OK) {
		/* The schedule (a Retry-After) matters most when it failed. */
		(void)sync_reschedule(r, j, false, j->sched.ttl_minutes, NULL);
		return st;
	}
	if ((st = sync_reschedule(r, j, true, ttl, &out->cause)) != LDN_OK)
		return st;
	out->feed = j->feed;
	j->feed = NULL;
	return LDN_OK;
}

/* Into the store (or out to the caller): one finished job. */
static void
sync_finish(struct sync_run *r, struct sync_job *j)
{
	struct sync_outcome *out = &j->out;
	int st = j->status;

	if (r->s != NULL)
		st = sync_store(r, j, st);
	else
		st = sync_remember(r, j, st);
	out->status = st;
	sync_report(r, j);
}

/* Into the store, not yet reported: what the job holds of the feed is
 * freed at once, as the batch may hold many jobs. */
static void
sync_store_only(struct sync_run *r, struct sync_job *j)
{
	j->out.status = sync_store(r, j, j->status);
	sync_job_reset(j);
}

/* The batch's end: commit, then report each job; a failed commit kept
 * nothing, so what it held fails too. */
static void
sync_batch_end(struct sync_run *r, struct sync_job **batch, size_t n, bool open)
{
	char *cause = NULL;
	int st = LDN_OK;
	size_t i;

	if (open)
		st = store_batch_commit(r->s, &cause);
	for (i = 0; i < n; i++) {
		struct sync_outcome *out = &batch[i]->out;
		if (st != LDN_OK && out->status == LDN_OK) {
			out->merged = false;
			out->status = ldn_cause(&out->cause, st, "%s",
						cause != NULL ? cause : "storing failed");
		}
		sync_report(r, batch[i]);
	}
	free(cause);
}

/*
 * The merger takes the queued jobs into one batch (store_batch_begin)
 * while more are waiting, up to SYNC_GROUP_MAX, and commits and reports
 * them when the queue runs dry: when merging keeps up with the transfers
 * every feed is its own batch, when it falls behind the commits (and, on
 * a first fill, the WAL) stop costing a feed each. A batch that could not
 * begin leaves each merge its own transaction.
 */
static void *
sync_merger(void *arg)
{
	struct sync_run *r = arg;
	struct sync_job *batch[SYNC_GROUP_MAX], *j;
	size_t nb = 0;
	bool open = false;

	for (;;) {
		pthread_mutex_lock(&r->lock);
		while (r->qlen == 0 && !r->closing && nb == 0)
			pthread_cond_wait(&r->changed, &r->lock);
		j = NULL;
		if (r->qlen > 0 && nb < SYNC_GROUP_MAX) {
			j = r->queue[r->qhead];
			r->qhead = (r->qhead + 1) % SYNC_QUEUE_MAX;
			r->qlen--;
			pthread_cond_broadcast(&r->changed);
		}
		pthread_mutex_unlock(&r->lock);
		if (j == NULL) {
			if (nb == 0)
				break;
			sync_batch_end(r, batch, nb, open);
			nb = 0;
			open = false;
			continue;
		}
		if (nb == 0)
			open = store_batch_begin(r->s, NULL) == LDN_OK;
		sync_store_only(r, j);
		batch[nb++] = j;
	}
	store_batch_end(r->s);
	return NULL;
}

/* Starts the merger; without one (no thread) jobs finish inline. */
static void
sync_merger_start(struct sync_run *r)
{
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

/* fetch_multi_run's callback: one transfer ended. Its parse ends here; a
 * page's candidate waits for the next round, the rest goes to the merger
 * (waiting while the queue is full). */
static void
sync_fetched(struct fetch_multi_job *fj, void *payload)
{
	struct sync_run *r = payload;
	struct sync_job *j = fj->user;

	if (r->o->on_response != NULL)
		r->o->on_response(fj->src, &fj->resp, r->o->payload);
	j->status = sync_parsed(j);
	if (j->status != LDN_OK && j->candidate != NULL)
		j->status = sync_candidate_failed(j, j->status);
	if (j->again)
		return;
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
		free(out.discovered);
		feed_free(out.feed);
		if (o->progress != NULL)
			o->progress(i + 1, n, i + 1, o->payload);
	}
}

/* The transfers of one round: every job that wants one. Their array
 * stays in *rounds until the run ends (the merger reads responses). */
static int
sync_round(struct sync_run *r, struct sync_job *jobs, size_t n, size_t nfetch,
	   struct fetch_multi_job ***rounds, size_t *nrounds)
{
	const struct sync_opts *o = r->o;
	struct fetch_multi_limits lim = {o->max_connections, o->max_host_connections};
	struct fetch_multi_job *fjobs, **more;
	size_t i, k = 0;

	if ((more = realloc(*rounds, (*nrounds + 1) * sizeof(*more))) == NULL)
		return LDN_ENOMEM;
	*rounds = more;
	if ((fjobs = calloc(nfetch, sizeof(*fjobs))) == NULL)
		return LDN_ENOMEM;
	more[(*nrounds)++] = fjobs;
	for (i = 0; i < n; i++)
		if (jobs[i].again)
			sync_start(r, &jobs[i], &fjobs[k++]);
	return fetch_multi_run(fjobs, k, &lim, sync_fetched, r);
}

static size_t
sync_wanted(const struct sync_job *jobs, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += jobs[i].again;
	return k;
}

int
sync_feeds(struct store *s, const char *const *srcs, size_t n, const struct sync_opts *o,
	   char **cause)
{
	struct sync_run r = {.s = s, .o = o, .srcs = srcs, .nsrcs = n, .total = n};
	struct fetch_multi_job **rounds = NULL;
	struct sync_job *jobs;
	size_t i, k, nfetch = 0, nrounds = 0;
	int st = LDN_OK;

	r.now = o->now ? o->now : time(NULL);
	if ((jobs = calloc(n ? n : 1, sizeof(*jobs))) == NULL) {
		sync_fail_all(srcs, n, o);
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	}
	for (i = 0; i < n; i++) {
		jobs[i].run = &r;
		jobs[i].out.src = srcs[i];
		if (sync_plan(&r, &jobs[i])) {
			jobs[i].again = true;
			nfetch++;
		} else {
			sync_report(&r, &jobs[i]);
		}
	}
	for (i = 0; i < n; i++)
		if (jobs[i].again)
			jobs[i].way = sync_way_of(&r, &jobs[i], nfetch);
	if (s != NULL && nfetch > 1)
		sync_merger_start(&r);
	while (st == LDN_OK && (k = sync_wanted(jobs, n)) > 0)
		st = sync_round(&r, jobs, n, k, &rounds, &nrounds);
	sync_merger_stop(&r);
	/* A run that stopped short: the candidates it did not fetch fail. */
	for (i = 0; i < n; i++) {
		if (!jobs[i].again)
			continue;
		jobs[i].again = false;
		jobs[i].status = ldn_cause(&jobs[i].out.cause, st, st == LDN_ENOMEM ?
					   "out of memory" : "libcurl could not run the transfers");
		sync_finish(&r, &jobs[i]);
	}
	if (st != LDN_OK)
		ldn_cause(cause, st, st == LDN_ENOMEM ? "out of memory" :
			  "libcurl could not run the transfers");
	for (i = 0; i < nrounds; i++)
		free(rounds[i]);
	free(rounds);
	free(jobs);
	return st;
}

/* ---- one feed ---- */

struct sync_one {
	struct sync_result *res;
	int status;
	char *cause, *warning;
};

static void
sync_one_done(struct sync_outcome *out, void *payload)
{
	struct sync_one *one = payload;

	one->status = out->status;
	one->cause = out->cause;
	one->warning = out->warning;
	out->cause = out->warning = NULL;
	one->res->status = out->http_status;
	one->res->not_modified = out->not_modified;
	one->res->stats = out->stats;
}

int
sync_feed(struct store *s, const char *src, const struct fetch_opts *fo,
	  struct sync_result *res, char **warning, char **cause)
{
	struct sync_one one = {.res = res};
	struct sync_opts o = {
		.fetch = fo, .force = true, .on_done = sync_one_done, .payload = &one,
	};
	int st;

	memset(res, 0, sizeof(*res));
	*warning = NULL;
	st = sync_feeds(s, &src, 1, &o, cause);
	if (st == LDN_OK)
		st = one.status;
	if (st != LDN_OK && cause != NULL && *cause == NULL) {
		*cause = one.cause;
		one.cause = NULL;
	}
	*warning = one.warning;
	free(one.cause);
	return st;
}
