/*
 * sync.c - fetch -> parse -> merge for one feed, against the cache.
 *
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
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "load.h"
#include "sync.h"

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
