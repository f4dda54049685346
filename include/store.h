/*
 * store.h - the SQLite 3 cache: feeds with their HTTP validators, articles
 * with their read and starred marks, tags, enclosures and a full-text index.
 *
 * One struct store is one connection to one cache file (or to memory). It is
 * not shared between threads; two processes may open the same file at once
 * (WAL mode and a busy timeout). Every write is one transaction, so a crash
 * or kill leaves the cache as it was before the write began.
 *
 * Every function returns LDN_OK or a negative enum ldn_status and, on error,
 * sets *cause (caller frees; may be NULL) to one line naming the cache file:
 *  - LDN_EIO: the file cannot be read or written (not an SQLite database,
 *    corrupt, newer schema, read-only, disk full, locked too long);
 *  - LDN_ENOMEM: out of memory;
 *  - LDN_ENOTFOUND: no such article (store_set_read, store_load_content).
 */
#ifndef LDN_STORE_H
#define LDN_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "article.h"
#include "extract.h"
#include "status.h"

/* The schema version this program writes (PRAGMA user_version). */
#define STORE_SCHEMA_VERSION 6

/* Flags for store_open(). */
enum {
	/* Kiosk: open read-only, never create or write a file, not even the
	 * -wal and -shm beside it, whatever lies there (a writer at work, or
	 * killed). A missing file gives an empty store in memory; a file at
	 * an older schema is copied into memory and upgraded (and indexed)
	 * there. A rollback journal is played back into a copy in memory; a
	 * -wal and -shm are read with the -shm opened read-only; a file
	 * without them is opened "immutable": the cost, a writer that starts
	 * later is not seen, and its checkpoint during a read may surface as
	 * LDN_EIO. A write not committed that is left out is told by
	 * store_note(). Writes fail with LDN_EIO. */
	STORE_READONLY = 1 << 0,
	/* Nothing on disk: path is ignored. */
	STORE_MEMORY = 1 << 1,
	/* Skip PRAGMA quick_check, which reads the whole file (its cost grows
	 * with the cache: bench/README.md): the header and schema are still read,
	 * so a file that is not a cache is still refused, and corruption
	 * found later is still reported as LDN_EIO naming --reset-cache. */
	STORE_NO_CHECK = 1 << 2,
	/* `path` is store_path() of a store_open_shared() cache: another
	 * connection to that database in memory (a thread's own). */
	STORE_SHARED = 1 << 3
};

/* Retention, applied by store_merge() to the feed merged. */
#define STORE_MAX_AGE_DEFAULT (90LL * 24 * 3600)
#define STORE_MAX_PER_FEED_DEFAULT 5000

struct store_limits {
	long long max_age;    /* seconds; articles the feed no longer carries
			       * that are older (published, else first
			       * seen) are pruned; 0: no limit */
	size_t max_per_feed;  /* newest kept per feed; 0: no limit */
};

struct store;

/*
 * Opens (creating it and its parent directories, mode 0700, when missing)
 * the cache at `path` and brings its schema up to STORE_SCHEMA_VERSION. A
 * zero-length file is taken as a new cache. The file is checked with
 * PRAGMA quick_check; a file that is not an SQLite database or is corrupt,
 * or whose schema is newer than this program, is refused (LDN_EIO) and left
 * untouched (STORE_NO_CHECK skips the corruption scan). On LDN_OK *out is the store (free with store_close) with the
 * default limits; on error *out is NULL.
 */
int store_open(struct store **out, const char *path, unsigned flags,
	       char **cause) LDN_WUR;

/*
 * A cache in memory that other threads of this process may open too
 * (store_open_another), holding a copy of `from`'s (read whole, with the
 * SQLite backup API) or, with NULL, nothing yet: the cache of a run that
 * keeps nothing on disk (--no-cache), or of a kiosk, whose disk cache is
 * only read and whose fetches go to memory. It lasts while one of its
 * connections is open; its size is SQLite's memdb cap (1 GiB).
 */
int store_open_shared(struct store **out, struct store *from, char **cause) LDN_WUR;

/* Another connection to s's cache, the same way open (read-only, shared),
 * for another thread; without the corruption scan. */
int store_open_another(struct store **out, const struct store *s, char **cause) LDN_WUR;

/* NULL is a no-op. */
void store_close(struct store *s);

/* Replaces the retention limits (copied). */
void store_set_limits(struct store *s, const struct store_limits *lim);

/* The retention limits in force (what store_set_limits set last). */
void store_get_limits(const struct store *s, struct store_limits *out);

/* The path the store was opened with, ":memory:", or what names a shared
 * one for the user ("FILE (its copy in memory)"). Borrowed. */
const char *store_path(const struct store *s);

/*
 * STORE_READONLY: one line for the user when the cache was read without a
 * write that did not finish (a writer killed, or still at work), else
 * NULL. It does not name the cache (store_path does). Borrowed.
 */
const char *store_note(const struct store *s);

/* What the cache knows about a feed, for a conditional GET. */
struct store_feed_state {
	char *etag;           /* NULL when unknown */
	char *last_modified;  /* NULL when unknown */
	time_t last_fetch;    /* 0 when never fetched */
	char *last_error;     /* NULL when the last fetch worked */
	char *body_hash;      /* store_hash_hex() of the last body merged, or NULL */
	char *title;          /* the feed's title and tagline, NULL when unknown */
	char *description;
	bool known;           /* false: the feed is not in the cache at all */
};

/* Fills *out (all NULL/0 for an unknown feed); free with _free. */
int store_feed_state(struct store *s, const char *url,
		     struct store_feed_state *out, char **cause) LDN_WUR;
/* Frees the strings and zeroes *st. */
void store_feed_state_free(struct store_feed_state *st);

/*
 * When and where a feed is fetched next (schema 5), kept apart from the
 * merge so a fetch that brought no feed (a 429, a 304) still sets it.
 */
struct store_schedule {
	char *fetch_url;      /* a permanent redirect's target, fetched instead
			       * of the feed's url (which stays its name in
			       * the cache); NULL: the url itself */
	time_t retry_after;   /* the server's Retry-After: not asked before
			       * this, even when the user forces; 0: none */
	time_t fresh_until;   /* Cache-Control, Expires or the feed's ttl:
			       * not asked before this unless forced; 0: none */
	long ttl_minutes;     /* the feed's own <ttl>; 0: none */
};

/* Fills *out (all NULL/0 for an unknown feed); free with _free. */
int store_feed_schedule(struct store *s, const char *url, struct store_schedule *out,
			char **cause) LDN_WUR;
/* Frees fetch_url and zeroes *sch. */
void store_schedule_free(struct store_schedule *sch);

/*
 * Replaces the feed's schedule with *sch (a feed not yet in the cache
 * gets a row, url only). One statement, so one transaction.
 */
int store_set_schedule(struct store *s, const char *url, const struct store_schedule *sch,
		       char **cause) LDN_WUR;

/* What a fetch brought besides the feed; every pointer may be NULL. */
struct store_fetch_info {
	time_t fetched;             /* when; 0: now */
	const char *etag;
	const char *last_modified;
	const char *body_hash;      /* of the body parsed (store_hash_hex) */
};

struct store_merge_stats {
	size_t inserted;
	size_t updated;
	size_t unchanged;
	size_t pruned;      /* deleted by retention */
	size_t skipped;     /* new but already beyond retention: not stored */
	bool same_body;     /* body hash equal to the stored one: nothing written */
};

/*
 * Merges a parsed feed in one transaction: the feed row is upserted (title,
 * tagline, link, validators, fetch time, body hash; last error cleared);
 * each article is matched by (feed, id), else by (feed, link) to a cached
 * article whose id is no longer in the feed: new ones are inserted, changed
 * ones updated keeping read and starred, unchanged ones not written. Then
 * retention prunes this feed (starred articles are never pruned). When
 * info->body_hash equals the stored hash nothing at all is written. New
 * and changed articles wait for store_index_pending() to be searchable. Later
 * articles with an id already seen in `f` are ignored. `stats` may be NULL.
 * On error nothing of the merge is kept. The same as store_merge_begin(),
 * store_merge_article() for each article in order, store_merge_end().
 */
int store_merge(struct store *s, const struct feed *f,
		const struct store_fetch_info *info,
		struct store_merge_stats *stats, char **cause) LDN_WUR;

/*
 * The merge above, one article at a time, so that a parser can hand each
 * article over as it completes and free it: memory stays flat however
 * long the feed. Begin takes the write lock (BEGIN IMMEDIATE) and holds it
 * until end or abort: other writers, in this process or another, wait for
 * it (up to the busy timeout), so an open merge should not wait long on a
 * network. On any error the merge is rolled back at once and m is good
 * only for store_merge_abort() or store_merge_end(), which then fails too.
 * One thread at a time may use a merge (and its store).
 */
struct store_merge;

/* Opens the merge of the feed at `url`; `fetched` (0: now) dates first
 * sightings. On LDN_OK *out is the open merge. */
int store_merge_begin(struct store_merge **out, struct store *s, const char *url,
		      time_t fetched, char **cause) LDN_WUR;

/*
 * Matches and writes one article (borrowed). Usually the caller may free
 * it on return; when *held comes back true the merge keeps a pointer to
 * it (its id is new but its link is cached: whether it takes that row
 * depends on the ids of the whole feed), and the article must stay alive
 * until store_merge_end() (which reads it then) or store_merge_abort(). An
 * article is not stored when at least max_per_feed articles known so far
 * (cached or merged) are newer; retention at the end makes the exact cut.
 */
int store_merge_article(struct store_merge *m, const struct article *a, bool *held,
			char **cause) LDN_WUR;

/*
 * Matches the held articles, applies retention, stores the feed row with
 * f's title, link and description (its articles are not read) and info's
 * validators and body hash (info may be NULL; the fetch time is the one
 * given to begin), and commits. Frees m, whatever the outcome; on error
 * nothing of the merge is kept. `stats` may be NULL.
 */
int store_merge_end(struct store_merge *m, const struct feed *f,
		    const struct store_fetch_info *info,
		    struct store_merge_stats *stats, char **cause) LDN_WUR;

/* Rolls back and frees an open merge; NULL is a no-op. */
void store_merge_abort(struct store_merge *m);

/*
 * A batch: everything written from store_batch_begin() to
 * store_batch_commit() (merges, notes, schedules) is one transaction, so
 * many feeds commit once; each merge in it is a savepoint that rolls back
 * alone when it fails, and a kill or a failed commit leaves the cache as
 * before the batch. Begin takes the write lock (BEGIN IMMEDIATE) like a
 * merge. A batch begun on an empty cache that no other connection has
 * open (the first fill) also keeps the cache out of WAL mode until
 * store_batch_end(), so that each page is written once.
 */
int store_batch_begin(struct store *s, char **cause) LDN_WUR;

/* Commits the batch; fails (and nothing of it is kept) when the commit
 * does or when an error rolled the transaction back before. */
int store_batch_commit(struct store *s, char **cause) LDN_WUR;

/* After the last batch of a run: back to WAL mode if a batch left it. */
void store_batch_end(struct store *s);

/*
 * Notes a fetch that brought no feed: error NULL for a 304 (only the fetch
 * time changes, last error cleared), else the error text is kept. Articles
 * are not touched. A feed not yet in the cache gets a row (url only).
 */
int store_note_fetch(struct store *s, const char *url, time_t when,
		     const char *error, char **cause) LDN_WUR;

/*
 * Appends every cached article to `out` (which the caller owns), in store
 * id order, WITHOUT content (NULL; see store_load_content): feed title and
 * url, id, title, link, author, published, tags, summary, enclosures, read,
 * starred and store_id are set. On error `out` holds what was appended.
 */
int store_load(struct store *s, struct article_list *out, char **cause) LDN_WUR;

/*
 * store_load for the feeds urls[0..nurls) alone (a refresh that merged
 * only those: what a reader shows of the others is still the cache's).
 */
int store_load_feeds(struct store *s, const char *const *urls, size_t nurls,
		     struct article_list *out, char **cause) LDN_WUR;

/*
 * The first `limit` cached articles of the feeds urls[0..nurls) in view
 * order (query.h), as store_load makes them: what a reader needs for its
 * first screen before the whole list is loaded.
 */
int store_load_head(struct store *s, const char *const *urls, size_t nurls, size_t limit,
		    struct article_list *out, char **cause) LDN_WUR;

/*
 * The cached articles of the feeds urls[0..nurls) one at a time, in view
 * order (query.h), each as store_load makes it (tags and enclosures, no
 * body): a list of any length is read in constant memory, its first rows
 * at once. The stream holds a read transaction (unless its connection is
 * in one already), so it sees one state of the cache from open to free,
 * and uses the connection alone in the meantime.
 */
struct store_stream;

int store_stream_open(struct store_stream **out, struct store *s, const char *const *urls,
		      size_t nurls, char **cause) LDN_WUR;
/*
 * Sizes the connection's page cache for reading nurls feeds in view order
 * (a few pages a feed, at most 64 MiB) until called again: what a stream
 * does for its own life, kept across streams for a reader that reads a
 * slice at a time (model.h). Memory grows with the feeds, not the articles.
 */
int store_read_cache(struct store *s, size_t nurls, char **cause);

/* Where a stream starts: after this article in view order. Borrowed. */
struct store_key {
	bool has_published;
	time_t published;
	const char *feed_url;
	const char *id;
};

/* A stream of the articles that come after `after` (NULL: from the first). */
int store_stream_open_after(struct store_stream **out, struct store *s,
			    const char *const *urls, size_t nurls,
			    const struct store_key *after, char **cause) LDN_WUR;
/* The next article (the caller frees it), or *out NULL at the end. */
int store_stream_next(struct store_stream *ss, struct article **out, char **cause) LDN_WUR;
/* NULL is a no-op. */
void store_stream_free(struct store_stream *ss);

/*
 * has[i]: whether the cache holds an article of feed urls[i]; *total: how
 * many it holds of all of them (a list's length before it is streamed).
 */
int store_count_cached(struct store *s, const char *const *urls, size_t nurls, size_t *total,
		       bool *has, char **cause) LDN_WUR;

/*
 * For each of the feeds urls[0..n) that has articles cached (a feed named
 * twice, once): fn(url, its articles, those unread). A query a feed, so
 * the memory is one feed's; stops at fn's first status other than LDN_OK,
 * which it returns.
 */
int store_feed_counts(struct store *s, const char *const *urls, size_t nurls,
		      int (*fn)(const char *url, size_t total, size_t unread, void *payload),
		      void *payload, char **cause) LDN_WUR;

/* For each tag of each of the feeds urls[0..n): fn(url, tag, how many of
 * the feed's articles carry it). As store_feed_counts. */
int store_tag_counts(struct store *s, const char *const *urls, size_t nurls,
		     int (*fn)(const char *url, const char *tag, size_t count, void *payload),
		     void *payload, char **cause) LDN_WUR;

/*
 * The articles with store ids ids[0..n), as store_load makes them: out[i]
 * gets ids[i]'s (the caller frees each), or NULL when the cache no longer
 * holds it (pruned, or its feed reset).
 */
int store_load_ids(struct store *s, const long long *ids, size_t n, struct article **out,
		   char **cause) LDN_WUR;

/* Sets a->content and a->content_fmt of a stored article (a->store_id). */
int store_load_content(struct store *s, struct article *a, char **cause) LDN_WUR;

int store_set_read(struct store *s, long long store_id, bool read,
		   char **cause) LDN_WUR;

/*
 * Sets the read mark of the articles with store ids ids[0..n) to `read`
 * in one statement (one transaction), writing only the marks that differ;
 * *changed (caller frees; NULL when none) gets the ids it changed, in no
 * order, for an undo (changed and nchanged may be NULL). Ids no longer
 * cached are skipped.
 */
int store_set_read_ids(struct store *s, const long long *ids, size_t n, bool read,
		       long long **changed, size_t *nchanged, char **cause) LDN_WUR;

/* The same for every article of the feeds urls[0..n): a view without a
 * filter marked read, in one statement whatever its length. */
int store_set_read_feeds(struct store *s, const char *const *urls, size_t n,
			 long long **changed, size_t *nchanged, char **cause) LDN_WUR;

/* Which of ids[0..n) are cached and unread: *unread (caller frees; NULL
 * when none) in ascending order (store_ids_have looks them up). */
int store_unread_ids(struct store *s, const long long *ids, size_t n, long long **unread,
		     size_t *nunread, char **cause) LDN_WUR;

int store_set_starred(struct store *s, long long store_id, bool starred,
		      char **cause) LDN_WUR;

/*
 * Adds up to `max` (0: all) articles not yet in the full-text index, in
 * transactions of 500 articles, so a writer in another process gets its
 * turn between them; *left (may be NULL) gets how many still wait. Merges
 * do not index (indexing costs several times the rest of a merge): call
 * this after a merge, from the thread that refreshes, in slices if need
 * be. An article whose text a merge changed leaves the index until then.
 * A read-only store cannot index (LDN_EIO).
 */
int store_index_pending(struct store *s, size_t max, size_t *left,
			char **cause) LDN_WUR;

/*
 * Full-text search over indexed titles, standfirsts and bodies: the search
 * find.h defines (every word of `text` occurs as a word prefix, without
 * regard to case or accents); the text is never read as FTS5 syntax. *ids (caller frees; NULL when
 * *n is 0) gets the matching store ids in ascending order. Text without any
 * word matches nothing.
 */
int store_search(struct store *s, const char *text, long long **ids, size_t *n,
		 char **cause) LDN_WUR;

/* Whether sorted ids[0..n) (as store_search returns them) hold id. */
bool store_ids_have(const long long *ids, size_t n, long long id);

/*
 * --reset-cache: renames `path` and its -wal and -shm files to
 * `<path>.<YYYYmmdd-HHMMSS>.bak` (plus "-wal"/"-shm"; a number is added when
 * that name exists). Nothing is deleted. *moved_to (caller frees) is the new
 * name of the database, or NULL when there was no file to move.
 */
int store_reset(const char *path, char **moved_to, char **cause) LDN_WUR;

/*
 * A fast non-cryptographic 128-bit hash (XXH3) of a fetched body, fed in
 * pieces as they arrive, for the "same bytes again" short-circuit.
 */
struct store_hash {
	unsigned char state[640];  /* store_hash.c's; opaque here */
};
void store_hash_init(struct store_hash *h);
void store_hash_update(struct store_hash *h, const void *data, size_t len);
/* Writes 32 hex digits and a NUL into out. */
void store_hash_hex(const struct store_hash *h, char out[33]);

/*
 * Article pages (schema 6, store_pages.c): what the extractor took from
 * an article's web page, kept with the page's validators so the next
 * fetch is conditional, and with the extractor's version so that a newer
 * extractor extracts again. A page goes with its article (pruned, reset).
 */
struct store_page {
	struct extract *x;    /* the extraction (title, byline, body, tags,
			       * lead image, enclosures, related); owned */
	char *etag;           /* the page's validators, NULL when unknown */
	char *last_modified;
	time_t fetched;       /* when it was last fetched or confirmed (304) */
	int version;          /* EXTRACT_VERSION of the extractor that made x */
};

/* Frees everything in *pg and zeroes it. */
void store_page_free(struct store_page *pg);

/*
 * The cached page of article `article_id`: *found false (and *out zeroed)
 * when the cache holds none. On LDN_OK with *found, free *out with
 * store_page_free.
 */
int store_page_get(struct store *s, long long article_id, struct store_page *out,
		   bool *found, char **cause) LDN_WUR;

/* The extractor version of article `article_id`'s cached page (and when
 * it was fetched) without reading it; *version 0: none cached. */
int store_page_version(struct store *s, long long article_id, int *version, time_t *fetched,
		       char **cause) LDN_WUR;

/* Keeps pg (pg->x not NULL) as the page of article `article_id`, replacing
 * any; one statement. LDN_ENOTFOUND when the cache no longer holds it. */
int store_page_put(struct store *s, long long article_id, const struct store_page *pg,
		   char **cause) LDN_WUR;

/* A conditional fetch said the cached page is current (304): only its
 * fetch time changes. */
int store_page_touch(struct store *s, long long article_id, time_t when,
		     char **cause) LDN_WUR;

#ifdef LDN_UNITTEST
/* Tests only: opens/creates the cache migrating no further than `version`. */
int store_open_version(struct store **out, const char *path, int version,
		       char **cause);
/* Tests only: the connection, for sqlite3_total_changes and EXPLAIN. */
struct sqlite3 *store_db(struct store *s);
/* Tests only: how long a write waits for another's transaction (ms). */
extern int store_test_busy_ms;
#endif

#endif
