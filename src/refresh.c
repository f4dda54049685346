/*
 * refresh.c - a worker thread that loads feeds and queues the results.
 *
 * Shared state (the queue, the counters, `running`) is guarded by one
 * mutex; the worker holds no lock while it fetches. The front end polls,
 * so there is no condition variable: a poll is cheap and never waits.
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"
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
	char **srcs;
	size_t nsrc;
	struct fetch_opts fo;
	unsigned flags;
	char *cache;
	size_t max_connections, max_host_connections;
	const struct source *sources; /* borrowed */
	size_t nsources;
	struct store_limits limits;
	bool have_limits;
	bool readonly, offline;
	bool force;             /* this run fetches fresh feeds too */
	unsigned runs;          /* refreshes started; the first loads the cache */
	unsigned generation;    /* snapshots made */
	bool in_memory;         /* kiosk: fetch into memory (refresh_memory) */
	bool snap_ok;           /* the last snapshot loaded */
	char **etag, **lastmod; /* in_memory: validators per source, worker's own */
	char **found;           /* in_memory: where each source's feed is read (a
				 * redirect's or a page's feed), NULL: itself */

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
refresh_new(struct refresh **out, const struct refresh_opts *o)
{
	struct refresh *r = calloc(1, sizeof(*r));
	size_t i;

	*out = NULL;
	if (r == NULL)
		return LDN_ENOMEM;
	if (pthread_mutex_init(&r->lock, NULL) != 0) {
		free(r);
		return LDN_ENOMEM;
	}
	r->fo = *o->fetch;
	atomic_init(&r->stop, false);
	r->fo.stop = &r->stop;
	r->flags = o->parse_flags;
	r->max_connections = o->max_connections;
	r->max_host_connections = o->max_host_connections;
	r->sources = o->sources;
	r->nsources = o->nsources;
	if (o->limits != NULL) {
		r->limits = *o->limits;
		r->have_limits = true;
	}
	r->readonly = o->readonly || o->in_memory;
	r->offline = o->offline;
	r->in_memory = o->in_memory;
	if (o->cache != NULL && (r->cache = strdup(o->cache)) == NULL)
		goto fail;
	r->srcs = calloc(o->nsrcs ? o->nsrcs : 1, sizeof(*r->srcs));
	if (r->srcs == NULL)
		goto fail;
	for (i = 0; i < o->nsrcs; i++) {
		if ((r->srcs[i] = strdup(o->srcs[i])) == NULL)
			goto fail;
		r->nsrc++;
	}
	if (r->in_memory && ((r->etag = calloc(o->nsrcs + 1, sizeof(*r->etag))) == NULL ||
			     (r->lastmod = calloc(o->nsrcs + 1, sizeof(*r->lastmod))) == NULL ||
			     (r->found = calloc(o->nsrcs + 1, sizeof(*r->found))) == NULL))
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

static char *
refresh_key(const struct article *a, const char *standfirst, struct buf *key)
{
	/* "title \n standfirst": the newline keeps a search from matching
	 * across the two. */
	buf_reset(key);
	if (buf_puts(key, a->title) != LDN_OK || buf_putc(key, '\n') != LDN_OK ||
	    buf_puts(key, standfirst ? standfirst : "") != LDN_OK)
		return NULL;
	return text_fold(buf_cstr(key));
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
refresh_result_new(const char *src)
{
	struct refresh_result *res = calloc(1, sizeof(*res));

	if (res != NULL && src != NULL && (res->src = strdup(src)) == NULL) {
		free(res);
		return NULL;
	}
	return res;
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
 * The display caches of a snapshot already handed over. Its articles are
 * only read here (title, summary and tags, which the front end never
 * changes) and the results travel in arrays of their own; the front end
 * stores them, so no field is written by two threads.
 */
static void
refresh_prep(struct refresh *r, struct refresh_result *res)
{
	struct buf key;
	size_t i;

	buf_init(&key, SIZE_MAX);
	for (i = 0; i < res->nprep; i++) {
		const struct article *a = res->prep_for[i];
		if (a->summary != NULL)
			res->prep_standfirst[i] = render_plain(a->summary, a->summary_fmt);
		res->prep_key[i] = refresh_key(a, res->prep_standfirst[i], &key);
	}
	buf_free(&key);
	refresh_pack_make(&res->prep_pack, res->prep_for, (const char *const *)res->prep_key,
			  res->nprep);
	refresh_push(r, res);
}

/* The prep result for a snapshot, made BEFORE it is handed over: after
 * that the snapshot belongs to the front end. NULL when there is none. */
static struct refresh_result *
refresh_prep_new(const struct refresh_result *snap)
{
	struct refresh_result *res;
	size_t n = snap->snapshot->len;

	if (snap->status != LDN_OK || n == 0 || (res = refresh_result_new(NULL)) == NULL)
		return NULL;
	res->generation = snap->generation;
	res->prep_for = malloc(n * sizeof(*res->prep_for));
	res->prep_standfirst = calloc(n, sizeof(*res->prep_standfirst));
	res->prep_key = calloc(n, sizeof(*res->prep_key));
	if (res->prep_for == NULL || res->prep_standfirst == NULL || res->prep_key == NULL) {
		refresh_result_free(res);
		return NULL;
	}
	memcpy(res->prep_for, snap->snapshot->items, n * sizeof(*res->prep_for));
	res->nprep = n;
	return res;
}

/* Every cached article of our sources, ready to show. */
static void
refresh_snapshot(struct refresh *r, struct store *s)
{
	struct refresh_result *res = refresh_result_new(NULL), *prep;
	struct store_feed_state fs;
	struct article_list all = {0};

	if (res == NULL || (res->snapshot = calloc(1, sizeof(*res->snapshot))) == NULL) {
		refresh_result_free(res);
		return;
	}
	res->status = store_load(s, &all, &res->cause);
	if (article_list_take_feeds(res->snapshot, &all, (const char *const *)r->srcs,
				    r->nsrc) != LDN_OK && res->status == LDN_OK)
		res->status = LDN_ENOMEM;
	if (res->status == LDN_OK &&
	    source_apply(r->sources, r->nsources, res->snapshot) != LDN_OK)
		res->status = LDN_ENOMEM;
	/* How a read-only cache was read, once (store_note). */
	if (r->generation == 0 && store_note(s) != NULL)
		ldn_cause(&res->warning, LDN_OK, "cache: %s", store_note(s));
	res->generation = ++r->generation;
	r->snap_ok = res->status == LDN_OK;
	if (r->nsrc > 0 && store_feed_state(s, r->srcs[0], &fs, NULL) == LDN_OK) {
		const struct source *src = source_find(r->sources, r->nsources, r->srcs[0]);
		res->title = fs.title;
		res->tagline = fs.description;
		fs.title = fs.description = NULL;
		/* The masthead names the feed as the config does. */
		if (src != NULL && src->name != NULL) {
			free(res->title);
			res->title = strdup(src->name);
		}
		store_feed_state_free(&fs);
	}
	/* Hand the articles over now, and make their display caches after:
	 * with a large cache that is most of the time a snapshot costs. In
	 * the view's order: the front end's sort then only checks it, and the
	 * keys, made in that order, lie in memory as a search walks them
	 * (scattered, a search keystroke took much longer: bench/README.md). */
	query_sort(res->snapshot);
	prep = refresh_prep_new(res);
	refresh_push(r, res);
	if (prep != NULL)
		refresh_prep(r, prep);
}

/* A feed fetched into memory: the config's name and tags over it, and
 * its display caches made here, off the interface's thread. */
static void
refresh_dress(struct refresh *r, struct refresh_result *res)
{
	struct feed *f = res->feed;
	const struct source *src = source_find(r->sources, r->nsources, f->url);

	if (src != NULL && src->name != NULL) {
		char *name = strdup(src->name);
		if (name != NULL) {
			free(f->title);
			f->title = name;
		}
	}
	/* Out of memory here leaves some articles undressed, none broken. */
	if (source_apply(r->sources, r->nsources, &f->articles) != LDN_OK)
		return;
	refresh_prepare(&f->articles);
	/* In the view's order, with the reader's filter data for it: what a
	 * first load without a cache shows as it is. */
	query_sort(&f->articles);
	refresh_pack_make(&res->feed_pack, f->articles.items, NULL, f->articles.len);
}

/*
 * in_memory: the cache's validators belong to the articles its snapshot
 * just showed, so the first fetch may ask "changed since?" with them.
 */
static void
refresh_seed(struct refresh *r, struct store *s)
{
	struct store_schedule sc;
	struct store_feed_state fs;
	size_t i;

	for (i = 0; i < r->nsrc; i++) {
		if (store_feed_state(s, r->srcs[i], &fs, NULL) != LDN_OK)
			continue;
		free(r->etag[i]);
		free(r->lastmod[i]);
		r->etag[i] = fs.etag;
		r->lastmod[i] = fs.last_modified;
		fs.etag = fs.last_modified = NULL;
		store_feed_state_free(&fs);
		/* The validators are those of the address the cache fetches,
		 * when it may be fetched (a refused one: the source's are
		 * those of another address). */
		if (store_feed_schedule(s, r->srcs[i], &sc, NULL) != LDN_OK)
			continue;
		if (sc.fetch_url == NULL || sync_cached_url_ok(sc.fetch_url,
		    (const char *const *)r->srcs, r->nsrc)) {
			free(r->found[i]);
			r->found[i] = sc.fetch_url;
			sc.fetch_url = NULL;
		} else {
			free(r->etag[i]);
			free(r->lastmod[i]);
			r->etag[i] = r->lastmod[i] = NULL;
		}
		store_schedule_free(&sc);
	}
}

/* A kiosk's result, counted here: sync_feeds does not run for it. */
static void
refresh_memory_push(struct refresh *r, struct refresh_result *res)
{
	refresh_push(r, res);
	pthread_mutex_lock(&r->lock);
	r->done++;
	pthread_mutex_unlock(&r->lock);
}

/* One source into memory with the validators kept for it. */
/* A feed read from where src led: named src again, as the cache names it. */
static void
refresh_rename(struct feed *f, const char *src)
{
	size_t i;
	char *u;

	if (strcmp(f->url, src) == 0 || (u = strdup(src)) == NULL)
		return;
	free(f->url);
	f->url = u;
	for (i = 0; i < f->articles.len; i++) {
		struct article *a = f->articles.items[i];
		if ((u = strdup(src)) == NULL)
			return;
		free(a->feed_url);
		a->feed_url = u;
	}
}

static void
refresh_memory_one(struct refresh *r, size_t i)
{
	struct refresh_result *res = refresh_result_new(r->srcs[i]);
	struct load_extra ex = {0};
	struct fetch_opts fo = r->fo;
	const char *from = r->found[i] != NULL ? r->found[i] : r->srcs[i];

	if (res == NULL) {
		refresh_memory_push(r, NULL);
		return;
	}
	fo.etag = r->etag[i];
	fo.last_modified = r->lastmod[i];
	res->status = load_feed(from, &fo, r->flags, &ex, &res->feed, &res->warning,
				&res->cause);
	if (res->status == LDN_OK && ex.discovered != NULL) {
		/* Said once; later loads go straight to the feed found. */
		res->discovered = ex.discovered;
		free(r->found[i]);
		r->found[i] = strdup(ex.discovered);
		ex.discovered = NULL;
	}
	if (res->status == LDN_OK && ex.status != 304) {
		free(r->etag[i]);
		free(r->lastmod[i]);
		r->etag[i] = ex.etag;
		r->lastmod[i] = ex.last_modified;
		ex.etag = ex.last_modified = NULL;
	}
	if (res->feed != NULL) {
		refresh_rename(res->feed, r->srcs[i]);
		refresh_dress(r, res);
	}
	load_extra_free(&ex);
	refresh_memory_push(r, res);
}

static void
refresh_memory(struct refresh *r)
{
	size_t i;

	for (i = 0; i < r->nsrc; i++)
		refresh_memory_one(r, i);
}

/* sync_feeds' callbacks: a result per source, and the progress. */
static void
refresh_done(struct sync_outcome *out, void *payload)
{
	struct refresh *r = payload;
	struct refresh_result *res = refresh_result_new(out->src);

	if (res == NULL) {
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
	if (out->skipped != SYNC_FETCHED)
		res->note = sync_skip_text(out);
	/* Without a cache the feed is shown as is: its display caches are
	 * made here, off the interface's thread. */
	if (res->feed != NULL)
		refresh_dress(r, res);
	refresh_push(r, res);
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
	struct sync_opts so = {
		.fetch = &r->fo,
		.parse_flags = s == NULL ? r->flags : 0,
		.max_connections = r->max_connections,
		.max_host_connections = r->max_host_connections,
		.sources = r->sources,
		.nsources = r->nsources,
		.force = r->force,
		.on_done = refresh_done,
		.progress = refresh_progress_cb,
		.payload = r,
	};
	struct refresh_result *res;
	char *cause = NULL;

	if (sync_feeds(s, (const char *const *)r->srcs, r->nsrc, &so, &cause) != LDN_OK &&
	    (res = refresh_result_new(NULL)) != NULL) {
		/* Every source has its own result; this says why the run
		 * stopped short. */
		res->status = LDN_ENOMEM;
		res->cause = cause;
		cause = NULL;
		refresh_push(r, res);
	}
	free(cause);
}

static void
refresh_cached(struct refresh *r, bool first)
{
	struct store *s = NULL;
	struct refresh_result *res;
	size_t left;
	char *cause = NULL;
	unsigned flags = STORE_NO_CHECK | (r->readonly ? STORE_READONLY : 0);

	if (store_open(&s, r->cache, flags, &cause) != LDN_OK) {
		if ((res = refresh_result_new(r->nsrc ? r->srcs[0] : "cache")) != NULL) {
			res->status = LDN_EIO;
			res->cause = cause;
			cause = NULL;
		}
		refresh_push(r, res);
		free(cause);
		return;
	}
	if (r->have_limits)
		store_set_limits(s, &r->limits);
	if (first)
		refresh_snapshot(r, s);
	if (first && r->in_memory && r->snap_ok)
		refresh_seed(r, s);
	if (r->offline || r->readonly)
		goto out;
	refresh_sync(r, s);
	/* New text becomes searchable here, off the interface's thread. */
	if (store_index_pending(s, (size_t)-1, &left, &cause) != LDN_OK) {
		free(cause);
		cause = NULL;
	}
	refresh_snapshot(r, s);
out:
	store_close(s);
}

static void *
refresh_main(void *arg)
{
	struct refresh *r = arg;

	/* in_memory reads the cache once, for its snapshot. */
	if (r->cache != NULL && !(r->in_memory && r->runs > 1))
		refresh_cached(r, r->runs == 1);
	else if (r->cache == NULL && !r->in_memory)
		refresh_sync(r, NULL);
	if (r->in_memory && !r->offline)
		refresh_memory(r);
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
		*total = r->nsrc;
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
	free(res->src);
	feed_free(res->feed);
	if (res->snapshot != NULL) {
		article_list_free(res->snapshot);
		free(res->snapshot);
	}
	free(res->title);
	free(res->tagline);
	if (res->prep_standfirst != NULL)
		for (size_t i = 0; i < res->nprep; i++) {
			free(res->prep_standfirst[i]);
			free(res->prep_key[i]);
		}
	free(res->prep_for);
	free(res->prep_standfirst);
	free(res->prep_key);
	refresh_pack_free(&res->prep_pack);
	refresh_pack_free(&res->feed_pack);
	free(res->warning);
	free(res->cause);
	free(res->moved_to);
	free(res->discovered);
	free(res->note);
	free(res);
}

void
refresh_free(struct refresh *r)
{
	struct refresh_result *res;
	size_t i;

	if (r == NULL)
		return;
	atomic_store(&r->stop, true);
	if (r->started)
		pthread_join(r->thread, NULL);
	while ((res = refresh_poll(r)) != NULL)
		refresh_result_free(res);
	for (i = 0; i < r->nsrc; i++)
		free(r->srcs[i]);
	for (i = 0; i < r->nsrc && r->etag != NULL; i++)
		free(r->etag[i]);
	for (i = 0; i < r->nsrc && r->lastmod != NULL; i++)
		free(r->lastmod[i]);
	for (i = 0; i < r->nsrc && r->found != NULL; i++)
		free(r->found[i]);
	free(r->found);
	free(r->etag);
	free(r->lastmod);
	free(r->srcs);
	free(r->cache);
	pthread_mutex_destroy(&r->lock);
	free(r);
}
