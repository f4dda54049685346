/*
 * store_state.c - what the cache remembers about fetching a feed: its
 * validators and last outcome (store_feed_state, store_note_fetch) and its
 * schedule (Retry-After, freshness, the URL found by discovery or a
 * permanent redirect).
 *
 * Threads: read by sync_plan on the refresh worker (or headless run);
 * written by the merge side of sync, on the sync merger thread when there
 * is one.
 */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "store_int.h"

/* ---- feed state ---- */

void
store_feed_state_free(struct store_feed_state *st)
{
	free(st->etag);
	free(st->last_modified);
	free(st->last_error);
	free(st->body_hash);
	free(st->title);
	free(st->description);
	memset(st, 0, sizeof(*st));
}

/*
 * Reads feed `url`'s row with `sql` (its URL as parameter 1) and hands it
 * to fill(); no row leaves *out as the caller zeroed it. The store's
 * error, or a bad column's (store_cols_done).
 */
static int
state_feed_row(struct store *s, const char *sql, const char *url,
	       void (*fill)(sqlite3_stmt *, void *, struct store_cols *), void *out,
	       char **cause)
{
	sqlite3_stmt *st;
	struct store_cols c = {0};
	int rc, ret;

	if ((ret = store_prepare(s, &st, sql, cause)) != LDN_OK)
		return ret;
	store_bind_text(st, 1, url);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		fill(st, out, &c);
	else if (rc != SQLITE_DONE)
		ret = store_fail(s, rc, "reading", cause);
	sqlite3_finalize(st);
	return store_cols_done(s, &c, ret, cause);
}

static void
state_fill(sqlite3_stmt *st, void *p, struct store_cols *c)
{
	struct store_feed_state *out = p;

	out->known = true;
	out->etag = store_col_dup(st, 0, false, c);
	out->last_modified = store_col_dup(st, 1, false, c);
	out->last_fetch = (time_t)store_col_int(st, 2, false, STORE_ANY_INT, c);
	out->last_error = store_col_dup(st, 3, false, c);
	out->body_hash = store_col_dup(st, 4, false, c);
	out->title = store_col_dup(st, 5, true, c);
	out->description = store_col_dup(st, 6, false, c);
}

int
store_feed_state(struct store *s, const char *url, struct store_feed_state *out,
		 char **cause)
{
	int ret;

	memset(out, 0, sizeof(*out));
	ret = state_feed_row(s, "SELECT etag, last_modified, last_fetch, last_error, body_hash, "
			     "title, description FROM feeds WHERE url = ?1", url, state_fill,
			     out, cause);
	if (ret != LDN_OK)
		store_feed_state_free(out);
	return ret;
}

int
store_note_fetch(struct store *s, const char *url, time_t when,
		 const char *error, char **cause)
{
	sqlite3_stmt *st;
	int ret;

	if ((ret = store_writable(s, cause)) != LDN_OK)
		return ret;
	ret = store_prepare(s, &st, "INSERT INTO feeds(url, last_fetch, "
	    "last_error) VALUES(?1, ?2, ?3) ON CONFLICT(url) DO UPDATE SET "
	    "last_fetch = excluded.last_fetch, last_error = excluded.last_error",
	    cause);
	if (ret != LDN_OK)
		return ret;
	store_bind_text(st, 1, url);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)(when ? when : time(NULL)));
	store_bind_text(st, 3, error);
	ret = store_step_done(s, st, "noting a fetch", cause);
	sqlite3_finalize(st);
	return ret;
}

/* ---- schedule ---- */

void
store_schedule_free(struct store_schedule *sch)
{
	free(sch->fetch_url);
	memset(sch, 0, sizeof(*sch));
}

static void
schedule_fill(sqlite3_stmt *st, void *p, struct store_cols *c)
{
	struct store_schedule *out = p;

	out->fetch_url = store_col_dup(st, 0, false, c);
	out->retry_after = (time_t)store_col_int(st, 1, false, STORE_ANY_INT, c);
	out->fresh_until = (time_t)store_col_int(st, 2, false, STORE_ANY_INT, c);
	out->ttl_minutes = (long)store_col_int(st, 3, false, 0, LONG_MAX, c);
}

int
store_feed_schedule(struct store *s, const char *url, struct store_schedule *out,
		    char **cause)
{
	int ret;

	memset(out, 0, sizeof(*out));
	ret = state_feed_row(s, "SELECT fetch_url, retry_after, fresh_until, ttl FROM feeds "
			     "WHERE url = ?1", url, schedule_fill, out, cause);
	if (ret != LDN_OK)
		store_schedule_free(out);
	return ret;
}

int
store_set_schedule(struct store *s, const char *url, const struct store_schedule *sch,
		   char **cause)
{
	sqlite3_stmt *st;
	int ret;

	if ((ret = store_writable(s, cause)) != LDN_OK)
		return ret;
	ret = store_prepare(s, &st, "INSERT INTO feeds(url, fetch_url, retry_after, "
	    "fresh_until, ttl) VALUES(?1, ?2, ?3, ?4, ?5) ON CONFLICT(url) DO UPDATE SET "
	    "fetch_url = excluded.fetch_url, retry_after = excluded.retry_after, "
	    "fresh_until = excluded.fresh_until, ttl = excluded.ttl", cause);
	if (ret != LDN_OK)
		return ret;
	store_bind_text(st, 1, url);
	store_bind_text(st, 2, sch->fetch_url);
	sqlite3_bind_int64(st, 3, (sqlite3_int64)sch->retry_after);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)sch->fresh_until);
	sqlite3_bind_int64(st, 5, (sqlite3_int64)sch->ttl_minutes);
	ret = store_step_done(s, st, "noting when to fetch", cause);
	sqlite3_finalize(st);
	return ret;
}
