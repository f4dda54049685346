/*
 * refresh.c - a worker thread that loads feeds and queues the results.
 *
 * Shared state (the queue, the counters, `running`) is guarded by one
 * mutex; the worker holds no lock while it fetches. The front end polls,
 * so there is no condition variable: a poll is cheap and never waits.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "load.h"
#include "refresh.h"
#include "render.h"
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

	pthread_mutex_t lock;
	pthread_t thread;
	bool started;   /* a thread exists that must be joined */
	bool running;
	size_t done;
	struct refresh_node *head, *tail;
};

int
refresh_new(struct refresh **out, const char *const *srcs, size_t nsrc,
	    const struct fetch_opts *fo, unsigned parse_flags)
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
	r->fo = *fo;
	r->flags = parse_flags;
	r->srcs = calloc(nsrc ? nsrc : 1, sizeof(*r->srcs));
	if (r->srcs == NULL)
		goto fail;
	for (i = 0; i < nsrc; i++) {
		if ((r->srcs[i] = strdup(srcs[i])) == NULL)
			goto fail;
		r->nsrc++;
	}
	*out = r;
	return LDN_OK;
fail:
	refresh_free(r);
	return LDN_ENOMEM;
}

static void
refresh_push(struct refresh *r, struct refresh_result *res)
{
	struct refresh_node *n = malloc(sizeof(*n));

	pthread_mutex_lock(&r->lock);
	if (n == NULL) {
		/* Nowhere to queue it: count it as done and drop it. */
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
	r->done++;
	pthread_mutex_unlock(&r->lock);
}

/*
 * Front ends show and search the standfirst as plain text; making it costs
 * an HTML parse per article, so it is done here, off the interface's
 * thread, once per load, with the folded search key. An allocation failure
 * just leaves a cache empty: its users fall back to the slow path.
 */
static void
refresh_standfirsts(struct feed *f)
{
	size_t i;

	struct buf key;

	buf_init(&key, SIZE_MAX);
	for (i = 0; i < f->articles.len; i++) {
		struct article *a = f->articles.items[i];
		if (a->standfirst == NULL && a->summary != NULL)
			a->standfirst = render_plain(a->summary, a->summary_fmt);
		/* "title \n standfirst": the newline keeps a search from
		 * matching across the two. */
		buf_reset(&key);
		if (buf_puts(&key, a->title) == LDN_OK && buf_putc(&key, '\n') == LDN_OK &&
		    buf_puts(&key, a->standfirst ? a->standfirst : "") == LDN_OK)
			a->search_key = text_fold(buf_cstr(&key));
	}
	buf_free(&key);
}

static void *
refresh_main(void *arg)
{
	struct refresh *r = arg;
	size_t i;

	for (i = 0; i < r->nsrc; i++) {
		struct refresh_result *res = calloc(1, sizeof(*res));

		if (res == NULL || (res->src = strdup(r->srcs[i])) == NULL) {
			free(res);
			refresh_push(r, NULL);
			continue;
		}
		res->status = load_feed(r->srcs[i], &r->fo, r->flags, NULL, &res->feed,
					&res->warning, &res->cause);
		if (res->status == LDN_OK)
			refresh_standfirsts(res->feed);
		refresh_push(r, res);
	}
	pthread_mutex_lock(&r->lock);
	r->running = false;
	pthread_mutex_unlock(&r->lock);
	return NULL;
}

bool
refresh_start(struct refresh *r)
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
	r->running = true;
	if (pthread_create(&r->thread, NULL, refresh_main, r) != 0) {
		r->running = false;
		return false;
	}
	r->started = true;
	return true;
}

bool
refresh_running(struct refresh *r, size_t *done, size_t *total)
{
	bool running;

	pthread_mutex_lock(&r->lock);
	running = r->running;
	if (done)
		*done = r->done;
	pthread_mutex_unlock(&r->lock);
	if (total)
		*total = r->nsrc;
	return running;
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
	free(res->warning);
	free(res->cause);
	free(res);
}

void
refresh_free(struct refresh *r)
{
	struct refresh_result *res;
	size_t i;

	if (r == NULL)
		return;
	if (r->started)
		pthread_join(r->thread, NULL);
	while ((res = refresh_poll(r)) != NULL)
		refresh_result_free(res);
	for (i = 0; i < r->nsrc; i++)
		free(r->srcs[i]);
	free(r->srcs);
	pthread_mutex_destroy(&r->lock);
	free(r);
}
