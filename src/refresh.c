/*
 * refresh.c - a worker thread that loads feeds and queues the results.
 *
 * struct refresh is owned by the front end (its thread makes, starts,
 * polls and frees it). Each refresh runs on a worker thread of its own,
 * one at a time, joined before the next starts; the worker calls the
 * engine (sync_feeds), whose per-feed callback (refresh_done) may run on
 * the engine's merger thread. The worker alone uses the sync_memo and
 * its store connection. The settings are the run's plan (plan.h),
 * borrowed and never written, so every thread reads it without the lock.
 *
 * Shared state (the queue, the counters, `running`, the sources merged)
 * is guarded by one mutex; the worker holds no lock while it fetches. The queue is FIFO,
 * which the hand-over of a snapshot's articles relies on (refresh_prep).
 * The front end polls, so there is no condition variable: a poll is
 * cheap and never waits.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "find.h"
#include "plan.h"
#include "query.h"
#include "refresh.h"
#include "render.h"
#include "store.h"
#include "sync.h"
#include "text.h"
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
	char *cache;
	bool readonly;          /* the cache is only read (kiosk, or could
				 * not be written) */
	bool force;             /* this run fetches fresh feeds too */
	unsigned runs;          /* refreshes started; the first loads the cache */
	unsigned generation;    /* snapshots made */
	bool snap_ok;           /* the last snapshot loaded */
	/* The sources this run merged into the cache (copies), which the
	 * next snapshot reads again; under the lock: the merger thread adds. */
	char **merged;
	size_t nmerged;
	bool merged_lost;       /* out of memory noting one: read them all */
	/* Fetching into memory (kiosk, no cache): each feed's validators and
	 * schedule across refreshes, seeded from the cache when there is one.
	 * The worker's alone (one runs at a time). */
	struct sync_memo *memo;

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
refresh_new(struct refresh **out, const struct plan *p, const char *cache, bool readonly)
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
	r->readonly = readonly || p->cache_readonly;
	if (cache != NULL && (r->cache = strdup(cache)) == NULL)
		goto fail;
	if ((p->kiosk || r->cache == NULL) &&
	    sync_memo_new(&r->memo, p->srcs, p->nsrcs) != LDN_OK)
		goto fail;
	*out = r;
	return LDN_OK;
fail:
	refresh_free(r);
	return LDN_ENOMEM;
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

static char *
refresh_key(const struct article *a, const char *standfirst, struct buf *key)
{
	/* The search key (find.h) of "title \n standfirst". */
	buf_reset(key);
	if (buf_puts(key, a->title) != LDN_OK || buf_putc(key, '\n') != LDN_OK ||
	    buf_puts(key, standfirst ? standfirst : "") != LDN_OK)
		return NULL;
	return find_key(buf_cstr(key));
}

/*
 * Front ends show and search the standfirst as plain text; making it costs
 * an HTML parse per article, so it is done on this thread, once per load,
 * with the folded search key. An allocation failure just leaves a cache
 * empty: its users fall back to the slow path.
 */
static void
refresh_prepare(struct article_list *l)
{
	struct buf key;
	size_t i;

	buf_init(&key, SIZE_MAX);
	for (i = 0; i < l->len; i++) {
		struct article *a = l->items[i];
		if (a->standfirst == NULL && a->summary != NULL)
			a->standfirst = render_plain(a->summary, a->summary_fmt);
		if (a->search_key == NULL)
			a->search_key = refresh_key(a, a->standfirst, &key);
	}
	buf_free(&key);
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

/*
 * The reader's search index, packed here (without it, that is its own
 * O(n) one, slower to search), and the tag pane's counts (a pass over
 * every tag of every article; figures in bench/README.md): made here, not
 * at a keystroke. Out of memory leaves no pack; the reader makes its own.
 */
static void
refresh_pack_make(struct refresh_pack *p, struct article *const *items,
		  const char *const *keys, size_t n)
{
	memset(p, 0, sizeof(*p));
	if (n == 0 || (p->order = malloc(n * sizeof(*p->order))) == NULL)
		return;
	memcpy(p->order, items, n * sizeof(*p->order));
	p->n = n;
	if (query_index_pack(p->order, keys, n, &p->index) != LDN_OK ||
	    query_tags(&(struct query_view){p->order, n}, &p->tags, &p->ntags) != LDN_OK)
		refresh_pack_free(p);
}

bool
refresh_pack_fits(const struct refresh_pack *p, const struct article_list *l)
{
	return p->order != NULL && p->n == l->len &&
	    memcmp(p->order, l->items, p->n * sizeof(*p->order)) == 0;
}

void
refresh_pack_free(struct refresh_pack *p)
{
	free(p->order);
	query_index_free(&p->index);
	free(p->tags);
	memset(p, 0, sizeof(*p));
}

/*
 * The display caches of a snapshot already handed over, which the front
 * end may be showing meanwhile. This reads its articles' title, summary,
 * summary_fmt and tags; the front end, meanwhile, writes only fields
 * this does not read (the marks, a standfirst it draws), and the results
 * travel in arrays of their own. What would rewrite or free the articles
 * on the front end (ui_merge's article_list_merge rewrites every field;
 * a newer snapshot frees them) acts on results this worker queues only
 * after this returns, and the queue is FIFO. Keep it so: queue nothing
 * between a snapshot and its prep.
 */
static void
refresh_prep(struct refresh *r, struct refresh_result *res, bool whole)
{
	struct refresh_prep *p = &res->u.prep;
	struct buf key;
	size_t i;

	buf_init(&key, SIZE_MAX);
	for (i = 0; i < p->n; i++) {
		const struct article *a = p->articles[i];
		if (a->summary != NULL)
			p->standfirst[i] = render_plain(a->summary, a->summary_fmt);
		p->key[i] = refresh_key(a, p->standfirst[i], &key);
	}
	buf_free(&key);
	/* The filter data fits the whole list only (refresh_pack_fits): the
	 * front end makes its own after a part was replaced. */
	if (whole)
		refresh_pack_make(&p->pack, p->articles, (const char *const *)p->key, p->n);
	refresh_push(r, res);
}

/* The prep result for a snapshot, made BEFORE it is handed over: after
 * that the snapshot belongs to the front end. NULL when there is none. */
static struct refresh_result *
refresh_prep_new(const struct refresh_snapshot *snap)
{
	struct refresh_result *res;
	struct refresh_prep *p;
	size_t n = snap->articles->len;

	if (n == 0 || (res = refresh_result_new(REFRESH_PREP)) == NULL)
		return NULL;
	p = &res->u.prep;
	p->generation = snap->generation;
	p->articles = malloc(n * sizeof(*p->articles));
	p->standfirst = calloc(n, sizeof(*p->standfirst));
	p->key = calloc(n, sizeof(*p->key));
	p->n = n;
	if (p->articles == NULL || p->standfirst == NULL || p->key == NULL) {
		refresh_result_free(res);
		return NULL;
	}
	memcpy(p->articles, snap->articles->items, n * sizeof(*p->articles));
	return res;
}

/* Every cached article of our sources, or of snap's feeds, into
 * snap->articles (empty). */
static int
refresh_load(struct refresh *r, struct store *s, struct refresh_snapshot *snap, char **cause)
{
	struct article_list all = {0};
	int st;

	if (snap->feeds != NULL)
		st = store_load_feeds(s, (const char *const *)snap->feeds, snap->nfeeds,
				      snap->articles, cause);
	else if ((st = store_load(s, &all, cause)) == LDN_OK &&
		 article_list_take_feeds(snap->articles, &all, r->plan->srcs,
					 r->plan->nsrcs) != LDN_OK)
		st = ldn_cause(cause, LDN_ENOMEM, "out of memory");
	article_list_free(&all);
	if (st == LDN_OK && source_apply(r->plan->sources, r->plan->nsources, snap->articles) != LDN_OK)
		st = ldn_cause(cause, LDN_ENOMEM, "out of memory");
	return st;
}

/* The masthead: the first source's title and tagline, named as the
 * config names it. */
static void
refresh_masthead(struct refresh *r, struct store *s, struct refresh_snapshot *snap)
{
	const struct source *src;
	struct store_feed_state fs;

	if (r->plan->nsrcs == 0 || store_feed_state(s, r->plan->srcs[0], &fs, NULL) != LDN_OK)
		return;
	src = source_find(r->plan->sources, r->plan->nsources, r->plan->srcs[0]);
	snap->title = fs.title;
	snap->tagline = fs.description;
	fs.title = fs.description = NULL;
	if (src != NULL && src->name != NULL) {
		free(snap->title);
		snap->title = strdup(src->name);
	}
	store_feed_state_free(&fs);
}

/* Every cached article of our sources, ready to show; or (feeds not
 * NULL: taken) those of feeds[0..nfeeds) alone, to show in place of
 * theirs. */
static void
refresh_snapshot(struct refresh *r, struct store *s, char **feeds, size_t nfeeds)
{
	struct refresh_result *res = refresh_result_new(REFRESH_SNAPSHOT), *prep;
	struct refresh_snapshot *snap = res != NULL ? &res->u.snapshot : NULL;
	char *cause = NULL;
	bool whole;
	int st;

	if (snap != NULL) {
		snap->feeds = feeds;
		snap->nfeeds = nfeeds;
	} else {
		refresh_strv_free(feeds, nfeeds);
	}
	r->snap_ok = false;
	if (res == NULL || (snap->articles = calloc(1, sizeof(*snap->articles))) == NULL) {
		refresh_result_free(res);
		st = ldn_cause(&cause, LDN_ENOMEM, "out of memory");
		refresh_fail_run(r, st, &cause);
		return;
	}
	if ((st = refresh_load(r, s, snap, &cause)) != LDN_OK) {
		refresh_result_free(res);
		refresh_fail_run(r, st, &cause);
		return;
	}
	/* How a read-only cache was read, once (store_note). */
	if (r->generation == 0 && store_note(s) != NULL)
		ldn_cause(&snap->warning, LDN_OK, "cache: %s", store_note(s));
	snap->generation = ++r->generation;
	r->snap_ok = true;
	refresh_masthead(r, s, snap);
	/* Hand the articles over now, and make their display caches after:
	 * with a large cache that is most of the time a snapshot costs. In
	 * the view's order: the front end's sort then only checks it, and the
	 * keys, made in that order, lie in memory as a search walks them
	 * (scattered, a search keystroke took much longer: bench/README.md). */
	query_sort(snap->articles);
	prep = refresh_prep_new(snap);
	whole = snap->feeds == NULL;
	refresh_push(r, res);
	if (prep != NULL)
		refresh_prep(r, prep, whole);
}

/* A feed fetched into memory: the config's name and tags over it, and
 * its display caches made here, off the interface's thread. */
static void
refresh_dress(struct refresh *r, struct refresh_source *res)
{
	struct feed *f = res->feed;
	const struct source *src = source_find(r->plan->sources, r->plan->nsources, f->url);

	if (src != NULL && src->name != NULL) {
		char *name = strdup(src->name);
		if (name != NULL) {
			free(f->title);
			f->title = name;
		}
	}
	/* Out of memory here leaves some articles undressed, none broken. */
	if (source_apply(r->plan->sources, r->plan->nsources, &f->articles) != LDN_OK)
		return;
	refresh_prepare(&f->articles);
	/* In the view's order, with the reader's filter data for it: what a
	 * first load without a cache shows as it is. */
	query_sort(&f->articles);
	refresh_pack_make(&res->pack, f->articles.items, NULL, f->articles.len);
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
	res->feed = out->feed;
	out->warning = out->cause = out->moved_to = out->discovered = NULL;
	out->feed = NULL;
	if (out->merged)
		refresh_note_merged(r, out->src);
	if (out->skipped != SYNC_FETCHED)
		res->note = sync_skip_text(out);
	/* Without a cache the feed is shown as is: its display caches are
	 * made here, off the interface's thread. */
	if (res->feed != NULL)
		refresh_dress(r, res);
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

/* Every source at once, into the cache s or (NULL) into memory. */
static void
refresh_sync(struct refresh *r, struct store *s)
{
	struct sync_opts so;
	char *cause = NULL;
	int st;

	plan_sync_opts(r->plan, s == NULL, &so);
	so.fetch = &r->fo;
	so.memo = r->memo;
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

/*
 * What is shown is still the cache's but for the feeds this run merged
 * (304s, the same bytes, failures and skips write no article): only their
 * articles are read again, for the front end to put in place of theirs.
 * All are when every source was merged, or the last snapshot failed.
 */
static void
refresh_after_sync(struct refresh *r, struct store *s)
{
	size_t n;
	char **merged = refresh_take_merged(r, &n);

	if (r->snap_ok && n > 0 && n < r->plan->nsrcs) {
		refresh_snapshot(r, s, merged, n);
		return;
	}
	refresh_strv_free(merged, n);
	if (!r->snap_ok || n > 0)
		refresh_snapshot(r, s, NULL, 0);
}

static void
refresh_cached(struct refresh *r, bool first)
{
	struct store *s = NULL;
	size_t left;
	char *cause = NULL;
	unsigned flags = STORE_NO_CHECK | (r->readonly ? STORE_READONLY : 0);
	int st;

	if ((st = store_open(&s, r->cache, flags, &cause)) != LDN_OK) {
		refresh_fail_run(r, st, &cause);
		free(cause);
		return;
	}
	store_set_limits(s, &r->plan->limits);
	if (first)
		refresh_snapshot(r, s, NULL, 0);
	/* The cache's validators belong to the articles its snapshot just
	 * showed, so the first fetch into memory may ask "changed since?". */
	if (first && r->memo != NULL && r->snap_ok)
		sync_memo_seed(r->memo, s);
	if (r->plan->offline || r->readonly)
		goto out;
	refresh_sync(r, s);
	/* New text becomes searchable here, off the interface's thread. */
	if (store_index_pending(s, (size_t)-1, &left, &cause) != LDN_OK) {
		free(cause);
		cause = NULL;
	}
	refresh_after_sync(r, s);
out:
	store_close(s);
}

static void *
refresh_main(void *arg)
{
	struct refresh *r = arg;

	/* A kiosk reads the cache once, for its snapshot. */
	if (r->cache != NULL && !(r->plan->kiosk && r->runs > 1))
		refresh_cached(r, r->runs == 1);
	if (r->memo != NULL && !r->plan->offline)
		refresh_sync(r, NULL);
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
	size_t i;

	if (res == NULL)
		return;
	switch (res->kind) {
	case REFRESH_SOURCE_DONE:
		free(res->u.source.src);
		free(res->u.source.cause);
		free(res->u.source.warning);
		feed_free(res->u.source.feed);
		refresh_pack_free(&res->u.source.pack);
		free(res->u.source.discovered);
		free(res->u.source.moved_to);
		free(res->u.source.note);
		break;
	case REFRESH_SNAPSHOT:
		if (res->u.snapshot.articles != NULL)
			article_list_free(res->u.snapshot.articles);
		free(res->u.snapshot.articles);
		free(res->u.snapshot.warning);
		free(res->u.snapshot.title);
		free(res->u.snapshot.tagline);
		refresh_strv_free(res->u.snapshot.feeds, res->u.snapshot.nfeeds);
		break;
	case REFRESH_PREP:
		for (i = 0; i < res->u.prep.n; i++) {
			if (res->u.prep.standfirst != NULL)
				free(res->u.prep.standfirst[i]);
			if (res->u.prep.key != NULL)
				free(res->u.prep.key[i]);
		}
		free(res->u.prep.articles);
		free(res->u.prep.standfirst);
		free(res->u.prep.key);
		refresh_pack_free(&res->u.prep.pack);
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
	sync_memo_free(r->memo);
	refresh_strv_free(r->merged, r->nmerged);
	free(r->cache);
	pthread_mutex_destroy(&r->lock);
	free(r);
}
