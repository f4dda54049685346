/*
 * store_sql.c - the cache's SQLite plumbing, shared by the other store_*.c
 * files (store_int.h): errors mapped to one line naming the file, the
 * statement helpers, and the column readers that tell a damaged cache
 * from a short memory.
 *
 * Threads: none of its own; it runs on whichever thread owns the
 * connection it is given (see store_int.h).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "store_int.h"

#ifdef LDN_UNITTEST
int store_test_busy_ms = STORE_BUSY_MS;
#endif

/* ---- errors ---- */

/* Maps an SQLite failure to a status and one line naming the file. */
int
store_fail(const struct store *s, int rc, const char *doing, char **cause)
{
	const char *path = s->path, *msg = sqlite3_errmsg(s->db);
	int err = sqlite3_system_errno(s->db);

	/* A write refused for want of space (EFBIG: a file size limit) is
	 * reported as an I/O error by SQLite; it is a full disk to a user. */
	if ((rc & 0xff) == SQLITE_IOERR && (err == ENOSPC || err == EFBIG))
		rc = SQLITE_FULL;
	/* A failed spill of the page cache surfaces later (at COMMIT), when
	 * errno is gone: a failed write is then most likely a full disk. */
	if ((rc & 0xff) == SQLITE_IOERR &&
	    sqlite3_extended_errcode(s->db) == SQLITE_IOERR_WRITE)
		return ldn_cause(cause, LDN_EIO, "%s: writing failed while %s "
				 "(disk full or file size limit?); the cache keeps "
				 "what it had before", path, doing);
	switch (rc & 0xff) {
	case SQLITE_NOMEM:
		return ldn_cause(cause, LDN_ENOMEM, "%s: out of memory while %s",
				 path, doing);
	case SQLITE_NOTADB:
	case SQLITE_CORRUPT:
		return ldn_cause(cause, LDN_EIO, "%s: not a valid ldnews cache "
				 "(%s); start fresh with --reset-cache", path, msg);
	case SQLITE_FULL:
		return ldn_cause(cause, LDN_EIO, "%s: disk full while %s; the "
				 "cache keeps what it had before", path, doing);
	case SQLITE_READONLY:
		/* A hot journal: a writer was killed, and only a writer can
		 * roll it back (see merge_bulk_begin). */
		if (sqlite3_extended_errcode(s->db) == SQLITE_READONLY_ROLLBACK)
			return ldn_cause(cause, LDN_EIO, "%s: a write to the cache "
					 "was cut short; run ldnews once without "
					 "--kiosk to roll it back", path);
		return ldn_cause(cause, LDN_EIO, "%s: the cache is read-only "
				 "(%s)", path, doing);
	case SQLITE_CANTOPEN:
	case SQLITE_PERM:
		return ldn_cause(cause, LDN_EIO, "%s: cannot open the cache "
				 "or the -wal file beside it for writing (read-only "
				 "directory?): %s", path, msg);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return ldn_cause(cause, LDN_EIO, "%s: the cache stayed locked by "
				 "another process while %s", path, doing);
	case SQLITE_IOERR:
		return ldn_cause(cause, LDN_EIO, "%s: I/O error while %s (%s)",
				 path, doing, msg);
	default:
		return ldn_cause(cause, LDN_EIO, "%s: %s while %s", path, msg,
				 doing);
	}
}

int
store_exec(struct store *s, const char *sql, const char *doing, char **cause)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? LDN_OK : store_fail(s, rc, doing, cause);
}

/*
 * For the statements at open that SQLite may refuse at once with BUSY,
 * without calling the busy handler (switching to WAL while another
 * process creates the same cache): retried for the busy timeout.
 */
int
store_exec_busy(struct store *s, const char *sql, char **cause)
{
	struct timespec ts = {0, 10 * 1000 * 1000};
	int rc = SQLITE_BUSY, i;

	for (i = 0; i < STORE_BUSY_WAIT_MS / 10; i++) {
		rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
		if (rc != SQLITE_BUSY)
			break;
		nanosleep(&ts, NULL);
	}
	return rc == SQLITE_OK ? LDN_OK : store_fail(s, rc, "opening", cause);
}

int
store_prepare(struct store *s, sqlite3_stmt **st, const char *sql, char **cause)
{
	int rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);

	return rc == SQLITE_OK ? LDN_OK : store_fail(s, rc, "reading", cause);
}

void
store_bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

/* Runs a statement that returns no rows (or ignores them); resets it. */
int
store_step_done(struct store *s, sqlite3_stmt *st, const char *doing, char **cause)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? LDN_OK : store_fail(s, rc, doing, cause);
}

/* Reads one integer from a one-row query; LDN_OK with *v = 0 on no row. */
int
store_int_query(struct store *s, const char *sql, long long *v, char **cause)
{
	sqlite3_stmt *st;
	int rc, ret;

	*v = 0;
	if ((ret = store_prepare(s, &st, sql, cause)) != LDN_OK)
		return ret;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(st, 0);
	ret = rc == SQLITE_ROW || rc == SQLITE_DONE ? LDN_OK :
	    store_fail(s, rc, "reading", cause);
	sqlite3_finalize(st);
	return ret;
}

static void
store_col_bad(sqlite3_stmt *st, int i, struct store_cols *c)
{
	const char *name = sqlite3_column_name(st, i);

	if (c->bad == NULL && (c->bad = strdup(name ? name : "?")) == NULL)
		c->oom = true;
}

/* Column i as text (valid until the next step), NULL for none; `need`:
 * it may not be none. A blob or text with a NUL inside is damage. */
const char *
store_col_text(sqlite3_stmt *st, int i, bool need, struct store_cols *c)
{
	int type = sqlite3_column_type(st, i);
	const char *t;

	if (type == SQLITE_NULL || type == SQLITE_BLOB) {
		if (need || type == SQLITE_BLOB)
			store_col_bad(st, i, c);
		return NULL;
	}
	if ((t = (const char *)sqlite3_column_text(st, i)) == NULL) {
		c->oom = true;
		return NULL;
	}
	if (strlen(t) != (size_t)sqlite3_column_bytes(st, i)) {
		store_col_bad(st, i, c);
		return NULL;
	}
	return t;
}

/* The same, as a new string. */
char *
store_col_dup(sqlite3_stmt *st, int i, bool need, struct store_cols *c)
{
	const char *t = store_col_text(st, i, need, c);
	char *d;

	if (t == NULL)
		return NULL;
	if ((d = strdup(t)) == NULL)
		c->oom = true;
	return d;
}

/* Column i as an integer from lo to hi; with `nullable` NULL is 0. */
long long
store_col_int(sqlite3_stmt *st, int i, bool nullable, long long lo, long long hi,
	      struct store_cols *c)
{
	int type = sqlite3_column_type(st, i);
	long long v = sqlite3_column_int64(st, i);

	if (type == SQLITE_NULL && nullable)
		return 0;
	if (type != SQLITE_INTEGER || v < lo || v > hi) {
		store_col_bad(st, i, c);
		return lo;
	}
	return v;
}

/* A tag (kind 0: column col) or an enclosure (1: url, type, length
 * from col) of a; damage and memory are told by store_cols_done. */
int
store_col_extra(sqlite3_stmt *st, int col, int kind, struct article *a, struct store_cols *c)
{
	const char *t = store_col_text(st, col, true, c), *type = NULL;
	long long len = 0;
	int ret;

	if (kind == 1) {
		type = store_col_text(st, col + 1, false, c);
		len = store_col_int(st, col + 2, false, STORE_ANY_INT, c);
	}
	if (t == NULL || c->bad != NULL || c->oom)
		return LDN_OK; /* store_cols_done tells */
	ret = kind == 0 ? article_add_tag(a, t) : article_add_enclosure(a, t, type, len);
	c->oom = ret == LDN_ENOMEM;
	return ret;
}

/* `ret` when it is an error already, else what reading the rows met
 * (one line naming the file); c is emptied. */
int
store_cols_done(const struct store *s, struct store_cols *c, int ret, char **cause)
{
	if (ret == LDN_OK && c->oom)
		ret = ldn_cause(cause, LDN_ENOMEM, "out of memory");
	else if (ret == LDN_OK && c->bad != NULL)
		ret = ldn_cause(cause, LDN_EIO, "%s: the cache is damaged (a bad value in "
				"its %s column); start fresh with --reset-cache", s->path,
				c->bad);
	free(c->bad);
	c->bad = NULL;
	c->oom = false;
	return ret;
}
