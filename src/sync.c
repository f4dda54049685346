/*
 * sync.c - fetch -> parse -> merge for one feed, against the cache.
 *
 * Articles go from the parser to an open merge one at a time and are
 * freed as soon as they are written, so memory stays flat however long
 * the feed. The body is hashed as it arrives. Two ways, by what the cache
 * holds of the feed:
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
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "load.h"
#include "sync.h"

static void
sync_tap(const char *data, size_t len, void *payload)
{
	store_hash_update(payload, data, len);
}

/* One refresh: what is known before the fetch and what it brings. */
struct sync {
	struct store *s;
	const char *src;
	struct store_feed_state fs;
	struct fetch_opts fo;           /* with the cache's validators */
	struct load_extra ex;
	struct store_hash hash;
	struct store_merge *m;          /* the open merge, or NULL */
	int merge_status;               /* its first failure, from the parser's side */
	char *merge_cause;
	struct feed *f;                 /* what the parser kept: header, held articles */
	char *parse_cause;              /* why the fetch or the parse failed */
};

/* Hands an article to the merge; the parser keeps only those it holds. */
static bool
sync_article(struct article *a, void *payload)
{
	struct sync *y = payload;
	bool held = false;

	if (y->merge_status == LDN_OK)
		y->merge_status = store_merge_article(y->m, a, &held, &y->merge_cause);
	return held;
}

/* Ends the open merge: commits what the parser handed over, or rolls
 * back when the parse or the merge failed (st). */
static int
sync_end(struct sync *y, int st, time_t now, struct sync_result *res, char **cause)
{
	char hex[33];

	if (st == LDN_OK && y->merge_status != LDN_OK) {
		st = y->merge_status;
		*cause = y->merge_cause;
		y->merge_cause = NULL;
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
	feed_free(y.f);
	load_extra_free(&y.ex);
	store_feed_state_free(&y.fs);
	return st;
}
