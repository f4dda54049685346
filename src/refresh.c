/*
 * refresh.c - a worker thread that loads feeds and queues the results.
 *
 * struct refresh is owned by the front end (its thread makes, starts,
 * polls and frees it). Each refresh runs on a worker thread of its own,
 * one at a time, joined before the next starts; the worker calls the
 * engine (sync_feeds), whose per-feed callback (refresh_done) may run on
 * the engine's merger thread. The worker alone uses its store
 * connection (another to the front end's cache: store_open_another).
 * The settings are the run's plan (plan.h), borrowed and never written,
 * so every thread reads it without the lock. No article crosses threads:
 * the worker says which feeds changed, and the front end reads them from
 * its own connection.
 *
 * Shared state (the queue, the counters, `running`, the sources merged)
 * is guarded by one mutex; the worker holds no lock while it fetches.
 * The front end polls, so there is no condition variable: a poll is
 * cheap and never waits.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "plan.h"
#include "refresh.h"
#include "store.h"
#include "sync.h"
#include "buf.h"

struct refresh_node {
	struct refresh_result *res;
	struct refresh_node *next;
};

struct refresh {
	/* The run's settings: the feeds, fetching, retention, the kiosk.
	 * Borrowed: the plan outlives the handle (main frees it after the
	 * reader, which frees this), and nothing writes it after plan_build,
	 * so the worker and the merger thread read it without the lock. */
	const struct plan *plan;
	struct fetch_opts fo;   /* the plan's, with `stop` */
	/* The front end's cache, whose path and kind the worker opens again
	 * (borrowed: it outlives the handle; only its immutable fields are
	 * read here). */
	const struct store *front;
	bool readonly;          /* the cache is only read (it could not be
				 * written) */
	bool force;             /* this run fetches fresh feeds too */
	unsigned runs;          /* refreshes started: the first counts first */
	/* The sources this run merged into the cache (copies), which the
	 * front end reads again; under the lock: the merger thread adds. */
	char **merged;
	size_t nmerged;
	bool merged_lost;       /* out of memory noting one: read them all */

	/* Set by refresh_free: the worker's fetches and parses give up at
	 * once (r->fo.stop), so a reader told to quit (SIGTERM) does not wait
	 * for a slow server or a huge feed. */
	atomic_bool stop;

	pthread_mutex_t lock;
	pthread_t thread;
	bool started;   /* a thread exists that must be joined */
	bool running;
	size_t done, failed;
	struct refresh_node *head, *tail;
};

int
refresh_new(struct refresh **out, const struct plan *p, const struct store *front,
	    bool readonly)
{
	struct refresh *r = calloc(1, sizeof(*r));

	*out = NULL;
	if (r == NULL)
		return LDN_ENOMEM;
	if (pthread_mutex_init(&r->lock, NULL) != 0) {
		free(r);
		return LDN_ENOMEM;
	}
	r->plan = p;
	r->fo = p->fetch;
	atomic_init(&r->stop, false);
	r->fo.stop = &r->stop;
	r->readonly = readonly;
	r->front = front;
	*out = r;
	return LDN_OK;
}

/* Queues a result (NULL: one lost to memory exhaustion). Progress is
 * counted apart, by sync_feeds' callback. */
static void
refresh_push(struct refresh *r, struct refresh_result *res)
{
	struct refresh_node *n = res ? malloc(sizeof(*n)) : NULL;

	pthread_mutex_lock(&r->lock);
	if (n == NULL) {
		refresh_result_free(res);
	} else {
		n->res = res;
		n->next = NULL;
		if (r->tail)
			r->tail->next = n;
		else
			r->head = n;
		r->tail = n;
	}
	pthread_mutex_unlock(&r->lock);
}

static void
refresh_strv_free(char **v, size_t n)
{
	if (v == NULL)
		return;
	while (n > 0)
		free(v[--n]);
	free(v);
}

static struct refresh_result *
refresh_result_new(enum refresh_kind kind)
{
	struct refresh_result *res = calloc(1, sizeof(*res));

	if (res != NULL)
		res->kind = kind;
	return res;
}

/* Why the run could not do its work: queued, cause taken. */
static void
refresh_fail_run(struct refresh *r, int status, char **cause)
{
	struct refresh_result *res = refresh_result_new(REFRESH_RUN_FAILED);

	if (res != NULL) {
		res->u.failure.status = status;
		res->u.failure.cause = *cause;
		*cause = NULL;
	}
	refresh_push(r, res);
}

/* The feeds merged (taken; NULL: every feed) for the front end to read
 * again. */
static void
refresh_changed(struct refresh *r, char **feeds, size_t nfeeds)
{
	struct refresh_result *res = refresh_result_new(REFRESH_CHANGED);

	if (res == NULL) {
		refresh_strv_free(feeds, nfeeds);
		refresh_push(r, NULL);
		return;
	}
	res->u.changed.feeds = feeds;
	res->u.changed.nfeeds = feeds != NULL ? nfeeds : 0;
	refresh_push(r, res);
}

/* src was merged (each source is, at most once a run); out of memory
 * makes the next snapshot a whole one. */
static void
refresh_note_merged(struct refresh *r, const char *src)
{
	char *copy = strdup(src);

	pthread_mutex_lock(&r->lock);
	if (r->merged == NULL)
		r->merged = calloc(r->plan->nsrcs, sizeof(*r->merged));
	if (r->merged == NULL || copy == NULL || r->nmerged == r->plan->nsrcs) {
		free(copy);
		r->merged_lost = true;
	} else {
		r->merged[r->nmerged++] = copy;
	}
	pthread_mutex_unlock(&r->lock);
}

/* Hands the sources merged over (and how many), forgetting them; when
 * one was lost, none, and *n says every source. */
static char **
refresh_take_merged(struct refresh *r, size_t *n)
{
	char **m;

	pthread_mutex_lock(&r->lock);
	m = r->merged;
	*n = r->nmerged;
	if (r->merged_lost) {
		refresh_strv_free(m, *n);
		m = NULL;
		*n = r->plan->nsrcs;
	}
	r->merged = NULL;
	r->nmerged = 0;
	r->merged_lost = false;
	pthread_mutex_unlock(&r->lock);
	return m;
}

/* sync_feeds' callbacks: a result per source, and the progress. */
static void
refresh_done(struct sync_outcome *out, void *payload)
{
	struct refresh *r = payload;
	struct refresh_result *msg = refresh_result_new(REFRESH_SOURCE_DONE);
	struct refresh_source *res = msg != NULL ? &msg->u.source : NULL;

	if (res == NULL || (res->src = strdup(out->src)) == NULL) {
		refresh_result_free(msg);
		refresh_push(r, NULL);
		return;
	}
	res->status = out->status;
	res->warning = out->warning;
	res->cause = out->cause;
	res->moved_to = out->moved_to;
	res->discovered = out->discovered;
	res->inserted = out->merged ? out->stats.inserted : 0;
	out->warning = out->cause = out->moved_to = out->discovered = NULL;
	if (out->merged)
		refresh_note_merged(r, out->src);
	if (out->skipped != SYNC_FETCHED)
		res->note = sync_skip_text(out);
	refresh_push(r, msg);
}

static void
refresh_progress_cb(size_t done, size_t total, size_t failed, void *payload)
{
	struct refresh *r = payload;

	(void)total;
	pthread_mutex_lock(&r->lock);
	r->done = done;
	r->failed = failed;
	pthread_mutex_unlock(&r->lock);
}

/* Every source at once, into the cache. */
static void
refresh_sync(struct refresh *r, struct store *s)
{
	struct sync_opts so;
	char *cause = NULL;
	int st;

	plan_sync_opts(r->plan, &so);
	so.fetch = &r->fo;
	so.force = r->force;
	so.on_done = refresh_done;
	so.progress = refresh_progress_cb;
	so.payload = r;
	/* Every source has its own result; this says why the run stopped
	 * short. */
	if ((st = sync_feeds(s, r->plan->srcs, r->plan->nsrcs, &so, &cause)) != LDN_OK)
		refresh_fail_run(r, st, &cause);
	free(cause);
}

/* The counts of the whole cache, for the front end. */
static void
refresh_counts(struct refresh *r, struct store *s)
{
	struct refresh_result *res = refresh_result_new(REFRESH_COUNTS);
	char *cause = NULL;
	int st;

	if (res == NULL) {
		refresh_push(r, NULL);
		return;
	}
	st = model_count(s, r->plan->srcs, r->plan->nsrcs, r->plan->sources, r->plan->nsources,
			 &res->u.counts, &cause);
	if (st != LDN_OK) {
		refresh_result_free(res);
		refresh_fail_run(r, st, &cause);
		free(cause);
		return;
	}
	refresh_push(r, res);
}

/*
 * What is shown is still the cache's but for the feeds this run merged
 * (304s, the same bytes, failures and skips write no article): the front
 * end reads those again, or every feed when one could not be noted.
 */
static void
refresh_after_sync(struct refresh *r, struct store *s)
{
	size_t n;
	char **merged = refresh_take_merged(r, &n);

	if (merged != NULL && n > 0)
		refresh_changed(r, merged, n);
	else if (merged == NULL && n > 0)
		refresh_changed(r, NULL, 0);
	else
		refresh_strv_free(merged, n);
	if (n > 0)
		refresh_counts(r, s);
}

static void
refresh_cached(struct refresh *r)
{
	struct store *s = NULL;
	size_t left;
	char *cause = NULL;
	int st;

	if ((st = store_open_another(&s, r->front, &cause)) != LDN_OK) {
		refresh_fail_run(r, st, &cause);
		free(cause);
		return;
	}
	/* What the cache holds, counted before the first fetches. */
	if (r->runs == 1)
		refresh_counts(r, s);
	if (r->plan->offline || r->readonly) {
		store_close(s);
		return;
	}
	refresh_sync(r, s);
	/* New text becomes searchable here, off the interface's thread. */
	if (store_index_pending(s, (size_t)-1, &left, &cause) != LDN_OK) {
		free(cause);
		cause = NULL;
	}
	refresh_after_sync(r, s);
	store_close(s);
}

static void *
refresh_main(void *arg)
{
	struct refresh *r = arg;

	refresh_cached(r);
	pthread_mutex_lock(&r->lock);
	r->running = false;
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

static bool
refresh_begin(struct refresh *r, bool force)
{
	pthread_mutex_lock(&r->lock);
	if (r->running) {
		pthread_mutex_unlock(&r->lock);
		return false;
	}
	pthread_mutex_unlock(&r->lock);
	/* The previous worker has finished; reap it before starting anew. */
	if (r->started)
		pthread_join(r->thread, NULL);
	r->started = false;
	r->done = 0;
	r->failed = 0;
	r->force = force;
	r->running = true;
	r->runs++;
	if (pthread_create(&r->thread, NULL, refresh_main, r) != 0) {
		r->running = false;
		return false;
	}
	r->started = true;
	return true;
}

bool
refresh_start(struct refresh *r)
{
	return refresh_begin(r, false);
}

bool
refresh_start_forced(struct refresh *r)
{
	return refresh_begin(r, true);
}

bool
refresh_progress(struct refresh *r, size_t *done, size_t *total, size_t *failed)
{
	bool running;

	pthread_mutex_lock(&r->lock);
	running = r->running;
	if (done)
		*done = r->done;
	if (failed)
		*failed = r->failed;
	pthread_mutex_unlock(&r->lock);
	if (total)
		*total = r->plan->nsrcs;
	return running;
}

bool
refresh_running(struct refresh *r, size_t *done, size_t *total)
{
	return refresh_progress(r, done, total, NULL);
}

struct refresh_result *
refresh_poll(struct refresh *r)
{
	struct refresh_node *n;
	struct refresh_result *res = NULL;

	pthread_mutex_lock(&r->lock);
	while ((n = r->head) != NULL && res == NULL) {
		r->head = n->next;
		if (r->head == NULL)
			r->tail = NULL;
		res = n->res; /* NULL for a result lost to memory exhaustion */
		free(n);
	}
	pthread_mutex_unlock(&r->lock);
	return res;
}

void
refresh_result_free(struct refresh_result *res)
{
	if (res == NULL)
		return;
	switch (res->kind) {
	case REFRESH_SOURCE_DONE:
		free(res->u.source.src);
		free(res->u.source.cause);
		free(res->u.source.warning);
		free(res->u.source.discovered);
		free(res->u.source.moved_to);
		free(res->u.source.note);
		break;
	case REFRESH_CHANGED:
		refresh_strv_free(res->u.changed.feeds, res->u.changed.nfeeds);
		break;
	case REFRESH_COUNTS:
		model_counts_free(&res->u.counts);
		break;
	case REFRESH_RUN_FAILED:
		free(res->u.failure.cause);
		break;
	}
	free(res);
}

void
refresh_free(struct refresh *r)
{
	struct refresh_result *res;

	if (r == NULL)
		return;
	atomic_store(&r->stop, true);
	if (r->started)
		pthread_join(r->thread, NULL);
	while ((res = refresh_poll(r)) != NULL)
		refresh_result_free(res);
	refresh_strv_free(r->merged, r->nmerged);
	pthread_mutex_destroy(&r->lock);
	free(r);
}
