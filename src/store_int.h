/*
 * store_int.h - what the store_*.c files share and nothing else includes:
 * struct store and the SQLite helpers (store_sql.c), the row hash
 * (store_hash.c), the tokenizer and index (store_search.c), the schema
 * steps (store_schema.c). include/store.h is the public interface.
 *
 * Model: one connection per struct store, and one thread uses it at a
 * time: the UI thread's connection, the refresh worker's, or a headless
 * run's. During a sync the worker's (or headless run's) connection passes
 * to the sync merger thread, and a streaming merge's to sync's writer
 * thread, while the transfers go on without touching it (sync.c).
 * The schema is versioned by PRAGMA user_version and built by a table of
 * forward steps, each run in its own IMMEDIATE transaction that re-reads
 * the version first, so two processes opening a new cache at once never
 * run a step twice.
 *
 * Invariants:
 *  - every write is one transaction: a kill or a failed write leaves the
 *    cache as it was before the call (or, in a batch, before the batch:
 *    store_batch_begin);
 *  - a cache this program cannot read (not SQLite, corrupt, newer schema)
 *    is never modified: the checks run before anything is written (even
 *    before the switch to WAL, which rewrites the header);
 *  - each article row carries a hash of its fields (hash) and of its tags
 *    and enclosures (xhash), so a merge compares hashes and writes only
 *    what changed; read and starred are never part of a hash;
 *  - bodies live in their own table, so the headline list loads without
 *    reading them; a body changes only together with its article row;
 *  - the FTS5 table `search` indexes the view article_text (external
 *    content, rowid = article id): exactly the rows with indexed = 1 are
 *    in it (store_index_pending adds, triggers remove); its tokenizer
 *    (ldn_html: markup dropped, entities decoded, then SQLite's unicode61)
 *    is registered on every connection before any statement runs. The
 *    tokenizer must stay deterministic: FTS5 deletes a row by tokenizing
 *    the old text again. A change to it needs a schema step that runs
 *    'rebuild'.
 */
#ifndef LDN_STORE_INT_H
#define LDN_STORE_INT_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include <sqlite3.h>

#include "store.h"

/* How long a write waits for another process's transaction to end. */
#define STORE_BUSY_MS 10000
#ifdef LDN_UNITTEST
/* Tests of concurrent writers check what they leave, not how fast a loaded
 * machine is: they may wait longer (store_test_busy_ms in store.h). */
#define STORE_BUSY_WAIT_MS store_test_busy_ms
#else
#define STORE_BUSY_WAIT_MS STORE_BUSY_MS
#endif
#define STORE_PAGE_SIZE "32768"
#define STORE_PAGE_BYTES 32768
/* The page cache of a connection, KiB (bench/README.md: a larger one made
 * big merges slower). */
#define STORE_CACHE_KIB 2048
#define STORE_CACHE_KIB_STR "2048"

struct store {
	sqlite3 *db;
	char *path;            /* as given, or ":memory:" */
	bool readonly;
	bool shared;           /* a database in memory (STORE_SHARED) named
				* memdb; path then names it for the user */
	char *memdb;
	char *note;            /* store_note() */
	struct store_limits lim;
	size_t cache_kib;      /* the page cache set by store_read_cache, KiB;
				* 0: the usual STORE_CACHE_KIB */
	bool batch_bulk;       /* a batch put it in rollback mode (store_batch_begin) */
};

/* store_sql.c: errors and statements */
int store_fail(const struct store *, int, const char *, char **);
int store_exec(struct store *, const char *, const char *, char **);
int store_exec_busy(struct store *, const char *, char **);
int store_prepare(struct store *, sqlite3_stmt **, const char *, char **);
void store_bind_text(sqlite3_stmt *, int, const char *);
int store_step_done(struct store *, sqlite3_stmt *, const char *, char **);
int store_int_query(struct store *, const char *, long long *, char **);

/*
 * What reading a row met: memory running out, or a value a cache that
 * ldnews wrote never holds. The cache is a file that whoever can write
 * it may have changed: such a value is a damaged cache, never taken for
 * something else (a missing string is not "out of memory").
 */
struct store_cols {
	bool oom;
	char *bad;           /* the first such column's name */
};

#define STORE_ANY_INT LLONG_MIN, LLONG_MAX

const char *store_col_text(sqlite3_stmt *, int, bool, struct store_cols *);
char *store_col_dup(sqlite3_stmt *, int, bool, struct store_cols *);
long long store_col_int(sqlite3_stmt *, int, bool, long long, long long,
	    struct store_cols *);
int store_col_extra(sqlite3_stmt *, int, int, struct article *, struct store_cols *);
int store_cols_done(const struct store *, struct store_cols *, int, char **);

/* store_open.c */
int store_writable(const struct store *, char **);

/* store_hash.c: an article row's hashes (stored in the row) */
sqlite3_int64 store_row_hash(const struct article *);
sqlite3_int64 store_row_xhash(const struct article *);

/* store_schema.c */
int store_migrate(struct store *, int, char **);

/* store_search.c */
int store_tokenizer(sqlite3 *);
int store_index(struct store *, size_t, size_t *, char **);

#endif
