/*
 * store_load.c - reading articles out of the cache: the whole list
 * (store_load) or of some feeds (store_load_feeds), the first screen (store_load_head), one body
 * (store_load_content); and the marks (read, starred) the reader writes.
 *
 * Threads: store_load on the refresh worker's connection (snapshots) and
 * the headless run's; store_load_head, store_load_content and the marks on
 * the UI thread's connection.
 */
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "buf.h"
#include "json.h"
#include "store_int.h"

/* ---- marks ---- */

static int
store_set_flag(struct store *s, const char *sql, long long id, bool v,
	       char **cause)
{
	sqlite3_stmt *st;
	int ret;

	if ((ret = store_writable(s, cause)) != LDN_OK)
		return ret;
	if ((ret = store_prepare(s, &st, sql, cause)) != LDN_OK)
		return ret;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int(st, 2, v);
	ret = store_step_done(s, st, "saving a mark", cause);
	sqlite3_finalize(st);
	if (ret == LDN_OK && sqlite3_changes(s->db) == 0)
		ret = ldn_cause(cause, LDN_ENOTFOUND, "%s: no article %lld in "
				"the cache", s->path, id);
	return ret;
}

int
store_set_read(struct store *s, long long store_id, bool read, char **cause)
{
	return store_set_flag(s, "UPDATE articles SET read = ?2 WHERE id = ?1",
			      store_id, read, cause);
}

int
store_set_starred(struct store *s, long long store_id, bool starred,
		  char **cause)
{
	return store_set_flag(s, "UPDATE articles SET starred = ?2 WHERE id = ?1",
			      store_id, starred, cause);
}

/* Steps st (an UPDATE ... RETURNING id), collecting the ids into *ids
 * (caller frees; NULL when none; ids NULL: only counted in *n);
 * finalizes st. */
static int
marks_collect(struct store *s, sqlite3_stmt *st, const char *doing, long long **ids, size_t *n,
	      char **cause)
{
	long long *v = NULL, *p;
	size_t len = 0, cap = 0;
	int rc, ret = LDN_OK;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (ret != LDN_OK)
			continue; /* the statement runs to its end all the same */
		if (ids == NULL) {
			len++;
			continue;
		}
		if (len == cap) {
			cap = cap ? cap * 2 : 256;
			if ((p = realloc(v, cap * sizeof(*v))) == NULL) {
				ret = LDN_ENOMEM;
				continue;
			}
			v = p;
		}
		v[len++] = sqlite3_column_int64(st, 0);
	}
	if (rc != SQLITE_DONE)
		ret = store_fail(s, rc, doing, cause);
	else if (ret != LDN_OK)
		ret = ldn_cause(cause, LDN_ENOMEM, "out of memory");
	sqlite3_finalize(st);
	if (ret != LDN_OK) {
		free(v);
		v = NULL;
		len = 0;
	}
	if (ids != NULL)
		*ids = v;
	if (n != NULL)
		*n = len;
	return ret;
}

static int load_bind_ids(sqlite3_stmt *st, const long long *ids, size_t n, char **cause);
static int load_bind_urls(sqlite3_stmt *st, const char *const *urls, size_t nurls,
			  char **cause);

int
store_set_read_ids(struct store *s, const long long *ids, size_t n, bool read,
		   long long **changed, size_t *nchanged, char **cause)
{
	sqlite3_stmt *st;
	int ret;

	if (changed != NULL)
		*changed = NULL;
	if (nchanged != NULL)
		*nchanged = 0;
	if ((ret = store_writable(s, cause)) != LDN_OK)
		return ret;
	/* One statement: one transaction, and only the marks that differ
	 * are written (and returned, for an undo). */
	if ((ret = store_prepare(s, &st, "UPDATE articles SET read = ?2 WHERE id IN (SELECT "
				 "value FROM json_each(?1)) AND read != ?2 RETURNING id",
				 cause)) != LDN_OK ||
	    (ret = load_bind_ids(st, ids, n, cause)) != LDN_OK)
		return ret;
	sqlite3_bind_int(st, 2, read);
	return marks_collect(s, st, "saving the marks", changed, nchanged, cause);
}

int
store_set_read_feeds(struct store *s, const char *const *urls, size_t nurls,
		     long long **changed, size_t *nchanged, char **cause)
{
	sqlite3_stmt *st;
	int ret;

	if (changed != NULL)
		*changed = NULL;
	if (nchanged != NULL)
		*nchanged = 0;
	if ((ret = store_writable(s, cause)) != LDN_OK)
		return ret;
	if ((ret = store_prepare(s, &st, "UPDATE articles SET read = 1 WHERE read = 0 AND "
				 "feed_id IN (SELECT f.id FROM feeds f WHERE f.url IN (SELECT "
				 "value FROM json_each(?1))) RETURNING id", cause)) != LDN_OK ||
	    (ret = load_bind_urls(st, urls, nurls, cause)) != LDN_OK)
		return ret;
	return marks_collect(s, st, "saving the marks", changed, nchanged, cause);
}

int
store_unread_ids(struct store *s, const long long *ids, size_t n, long long **unread,
		 size_t *nunread, char **cause)
{
	sqlite3_stmt *st;
	int ret;

	*unread = NULL;
	*nunread = 0;
	if ((ret = store_prepare(s, &st, "SELECT id FROM articles WHERE id IN (SELECT value "
				 "FROM json_each(?1)) AND read = 0 ORDER BY id", cause)) != LDN_OK ||
	    (ret = load_bind_ids(st, ids, n, cause)) != LDN_OK)
		return ret;
	return marks_collect(s, st, "reading", unread, nunread, cause);
}

/* ---- load ---- */

/*
 * One article from the current row of a statement whose columns are the
 * article columns of store_load (id, feed title, feed url, guid, title,
 * link, author, published, summary, summary_fmt, read, starred); NULL
 * with c->oom or c->bad set.
 */
static struct article *
load_row(sqlite3_stmt *st, struct store_cols *c)
{
	struct article *a = article_new();

	if (a == NULL) {
		c->oom = true;
		return NULL;
	}
	a->store_id = sqlite3_column_int64(st, 0);
	a->feed = store_col_dup(st, 1, true, c);
	a->feed_url = store_col_dup(st, 2, true, c);
	a->id = store_col_dup(st, 3, true, c);
	a->title = store_col_dup(st, 4, true, c);
	a->link = store_col_dup(st, 5, false, c);
	a->author = store_col_dup(st, 6, false, c);
	a->has_published = sqlite3_column_type(st, 7) != SQLITE_NULL;
	a->published = (time_t)store_col_int(st, 7, true, STORE_ANY_INT, c);
	a->summary = store_col_dup(st, 8, false, c);
	a->summary_fmt = (enum article_fmt)store_col_int(st, 9, false, ARTICLE_FMT_TEXT,
							 ARTICLE_FMT_HTML, c);
	a->read = store_col_int(st, 10, false, STORE_ANY_INT, c) != 0;
	a->starred = store_col_int(st, 11, false, STORE_ANY_INT, c) != 0;
	if (c->oom || c->bad != NULL) {
		article_free(a);
		return NULL;
	}
	return a;
}

/* Steps a statement of load_row's columns, appending an article per row;
 * finalizes the statement. */
static int
load_rows(struct store *s, sqlite3_stmt *st, struct article_list *out, char **cause)
{
	struct store_cols c = {0};
	struct article *a;
	int rc, ret;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((a = load_row(st, &c)) == NULL)
			break;
		if (article_list_push(out, a) != LDN_OK) {
			article_free(a);
			c.oom = true;
			break;
		}
	}
	sqlite3_finalize(st);
	if ((ret = store_cols_done(s, &c, LDN_OK, cause)) != LDN_OK)
		return ret;
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(s, rc, "reading", cause);
	return LDN_OK;
}

/* Closes the JSON array in js (what was put so far gave `ret`), binds it
 * to parameter 1 and frees js; on failure st is finalized. */
static int
load_bind_end(sqlite3_stmt *st, struct buf *js, int ret, char **cause)
{
	if (ret == LDN_OK)
		ret = buf_putc(js, ']');
	if (ret == LDN_OK)
		sqlite3_bind_text(st, 1, buf_cstr(js), -1, SQLITE_TRANSIENT);
	buf_free(js);
	if (ret != LDN_OK) {
		sqlite3_finalize(st);
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	}
	return LDN_OK;
}

/*
 * Binds the feed URLs urls[0..nurls) to parameter 1 as one JSON array (for
 * json_each: one bound value, however many). On failure st is finalized.
 */
static int
load_bind_urls(sqlite3_stmt *st, const char *const *urls, size_t nurls, char **cause)
{
	struct buf js;
	size_t i;
	int ret;

	buf_init(&js, SIZE_MAX);
	ret = buf_putc(&js, '[');
	for (i = 0; i < nurls && ret == LDN_OK; i++) {
		if (i > 0)
			ret = buf_putc(&js, ',');
		if (ret == LDN_OK)
			ret = json_escape(&js, urls[i]);
	}
	return load_bind_end(st, &js, ret, cause);
}

/* The article rows of every feed (urls NULL) or of the feeds urls[0..n). */
static int
load_articles(struct store *s, const char *const *urls, size_t nurls,
	      struct article_list *out, char **cause)
{
	sqlite3_stmt *st;
	int ret;

	ret = store_prepare(s, &st, urls == NULL ? "SELECT a.id, f.title, f.url, a.guid, "
	    "a.title, a.link, a.author, a.published, a.summary, a.summary_fmt, "
	    "a.read, a.starred FROM articles a JOIN feeds f ON f.id = a.feed_id "
	    "ORDER BY a.id" : "SELECT a.id, f.title, f.url, a.guid, "
	    "a.title, a.link, a.author, a.published, a.summary, a.summary_fmt, "
	    "a.read, a.starred FROM feeds f JOIN articles a ON a.feed_id = f.id "
	    "WHERE f.url IN (SELECT value FROM json_each(?1)) ORDER BY a.id", cause);
	if (ret != LDN_OK)
		return ret;
	if (urls != NULL && (ret = load_bind_urls(st, urls, nurls, cause)) != LDN_OK)
		return ret;
	return load_rows(s, st, out, cause);
}

/*
 * Hangs tags (kind 0) or enclosures (kind 1) on the articles out->items
 * [from..], walking both lists in article id order: those of every feed
 * (urls NULL), or of the feeds urls[0..nurls).
 */
static int
load_extras(struct store *s, const char *const *urls, size_t nurls,
	    struct article_list *out, size_t from, int kind, char **cause)
{
	static const char *const sql[2][2] = {
		{"SELECT article_id, tag FROM tags ORDER BY article_id, pos",
		 "SELECT article_id, url, type, length FROM enclosures "
		 "ORDER BY article_id, pos"},
		{"SELECT t.article_id, t.tag FROM feeds f JOIN articles a ON "
		 "a.feed_id = f.id JOIN tags t ON t.article_id = a.id WHERE f.url IN "
		 "(SELECT value FROM json_each(?1)) ORDER BY t.article_id, t.pos",
		 "SELECT e.article_id, e.url, e.type, e.length FROM feeds f JOIN "
		 "articles a ON a.feed_id = f.id JOIN enclosures e ON e.article_id = "
		 "a.id WHERE f.url IN (SELECT value FROM json_each(?1)) "
		 "ORDER BY e.article_id, e.pos"},
	};
	sqlite3_stmt *st;
	struct store_cols c = {0};
	struct article *a;
	sqlite3_int64 id;
	size_t j = from;
	int rc, ret;

	ret = store_prepare(s, &st, sql[urls != NULL][kind], cause);
	if (ret != LDN_OK)
		return ret;
	if (urls != NULL && (ret = load_bind_urls(st, urls, nurls, cause)) != LDN_OK)
		return ret;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		while (j < out->len && out->items[j]->store_id < id)
			j++;
		if (j == out->len)
			break;
		if ((a = out->items[j])->store_id != id)
			continue;
		if ((ret = store_col_extra(st, 1, kind, a, &c)) != LDN_OK || c.bad != NULL ||
		    c.oom)
			break;
	}
	sqlite3_finalize(st);
	if ((ret = store_cols_done(s, &c, ret, cause)) != LDN_OK)
		return ldn_cause(cause, ret, "out of memory");
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(s, rc, "reading", cause);
	return LDN_OK;
}

/* A count(*) query with the feed URLs urls[0..nurls) as its parameter 1. */
static int
load_count(struct store *s, const char *sql, const char *const *urls, size_t nurls,
	   long long *n, char **cause)
{
	sqlite3_stmt *st;
	int rc, ret;

	if ((ret = store_prepare(s, &st, sql, cause)) != LDN_OK ||
	    (ret = load_bind_urls(st, urls, nurls, cause)) != LDN_OK)
		return ret;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*n = sqlite3_column_int64(st, 0);
	else
		ret = store_fail(s, rc, "reading", cause);
	sqlite3_finalize(st);
	return ret;
}

/* ---- the stream ---- */

/*
 * The view order of query.h: newest first, unknown dates last, then the
 * feed's URL and the id (SQLite's BINARY order is strcmp's). Dated
 * articles walk the published index newest first (only the ties are
 * sorted, a few at a time), undated ones follow: rows come as they are
 * found, never after a sort of the whole cache.
 */
#define LOAD_COLS "SELECT a.id, f.title, f.url, a.guid, a.title, a.link, a.author, " \
	"a.published, a.summary, a.summary_fmt, a.read, a.starred "
#define LOAD_DATED(after) "SELECT * FROM (" LOAD_COLS "FROM articles a INDEXED BY " \
	"articles_published CROSS JOIN feeds f ON f.id = a.feed_id WHERE a.published IS " \
	"NOT NULL AND f.url IN (SELECT value FROM json_each(?1)) " after \
	"ORDER BY a.published DESC, f.url, a.guid)"
#define LOAD_UNDATED(after) "SELECT * FROM (" LOAD_COLS "FROM articles a JOIN feeds f ON " \
	"f.id = a.feed_id WHERE a.published IS NULL AND f.url IN (SELECT value FROM " \
	"json_each(?1)) " after "ORDER BY f.url, a.guid)"
/* After an article (?2 its date, ?3 its feed's URL, ?4 its id). */
#define LOAD_AFTER_DATED "AND a.published <= ?2 AND (a.published < ?2 OR f.url > ?3 OR " \
	"(f.url = ?3 AND a.guid > ?4)) "
#define LOAD_AFTER_UNDATED "AND (f.url > ?3 OR (f.url = ?3 AND a.guid > ?4)) "

/* From the first article, after a dated one, after an undated one. */
static const char *const load_stream_sql[] = {
	LOAD_DATED("") " UNION ALL " LOAD_UNDATED(""),
	LOAD_DATED(LOAD_AFTER_DATED) " UNION ALL " LOAD_UNDATED(""),
	LOAD_UNDATED(LOAD_AFTER_UNDATED),
};

/* The statements that hang an article's tags and enclosures on it. */
struct load_extras {
	struct store *s;
	sqlite3_stmt *st[2];
};

static int
load_extras_prepare(struct load_extras *x, struct store *s, char **cause)
{
	static const char *const sql[] = {
		"SELECT tag FROM tags WHERE article_id = ?1 ORDER BY pos",
		"SELECT url, type, length FROM enclosures WHERE article_id = ?1 ORDER BY pos",
	};
	int ret;

	x->s = s;
	if ((ret = store_prepare(s, &x->st[0], sql[0], cause)) != LDN_OK)
		return ret;
	return store_prepare(s, &x->st[1], sql[1], cause);
}

static void
load_extras_finalize(struct load_extras *x)
{
	sqlite3_finalize(x->st[0]);
	sqlite3_finalize(x->st[1]);
	x->st[0] = x->st[1] = NULL;
}

struct store_stream {
	struct store *s;
	sqlite3_stmt *rows;
	struct load_extras x;     /* an article's tags, its enclosures */
	bool began;               /* the stream opened the read transaction */
	bool cache_set;           /* and enlarged the page cache */
	bool done;
};

/*
 * View order visits the feeds' rows in turn (newest first across feeds),
 * each feed's rows lying together in the file, and so do their tags and
 * enclosures: the pages being read at once are about three per feed. A
 * page cache that holds them reads each page once; the usual 2 MiB one,
 * with more feeds than it has pages, read a page per row: 4x the time of
 * loading the whole list (bench/README.md). So the stream's connection
 * has three pages a feed, at most STORE_STREAM_CACHE_MAX_KIB, for the
 * stream's life: memory grows with the feeds, never with the articles.
 */
#define STORE_STREAM_PAGES_PER_FEED 3
#define STORE_STREAM_CACHE_MAX_KIB (64 * 1024)

static size_t
load_cache_kib(size_t nurls)
{
	size_t kib = STORE_CACHE_KIB + nurls * STORE_STREAM_PAGES_PER_FEED *
	    (STORE_PAGE_BYTES / 1024);

	return kib < STORE_STREAM_CACHE_MAX_KIB ? kib : STORE_STREAM_CACHE_MAX_KIB;
}

static int
load_set_cache(struct store *s, size_t kib, char **cause)
{
	char sql[64];

	snprintf(sql, sizeof(sql), "PRAGMA cache_size = -%zu", kib);
	return store_exec(s, sql, "reading", cause);
}

int
store_read_cache(struct store *s, size_t nurls, char **cause)
{
	size_t kib = load_cache_kib(nurls);
	int ret = load_set_cache(s, kib, cause);

	if (ret == LDN_OK)
		s->cache_kib = kib;
	return ret;
}

void
store_stream_free(struct store_stream *ss)
{
	if (ss == NULL)
		return;
	sqlite3_finalize(ss->rows);
	load_extras_finalize(&ss->x);
	if (ss->began)
		sqlite3_exec(ss->s->db, "COMMIT", NULL, NULL, NULL);
	/* Back to the page cache it had (the pages beyond are freed). */
	if (ss->cache_set)
		(void)load_set_cache(ss->s, ss->s->cache_kib ? ss->s->cache_kib : STORE_CACHE_KIB,
				     NULL);
	free(ss);
}

int
store_stream_open(struct store_stream **out, struct store *s, const char *const *urls,
		  size_t nurls, char **cause)
{
	return store_stream_open_after(out, s, urls, nurls, NULL, cause);
}

int
store_stream_open_after(struct store_stream **out, struct store *s, const char *const *urls,
			size_t nurls, const struct store_key *after, char **cause)
{
	int which = after == NULL ? 0 : after->has_published ? 1 : 2;
	struct store_stream *ss = calloc(1, sizeof(*ss));
	int ret;

	*out = NULL;
	if (ss == NULL)
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	ss->s = s;
	/* One read transaction: every row comes from the same cache, however
	 * long the caller takes between them (a caller's own, when it has one
	 * open). */
	ret = LDN_OK;
	if (sqlite3_get_autocommit(s->db) != 0 &&
	    (ret = store_exec(s, "BEGIN", "reading", cause)) == LDN_OK)
		ss->began = true;
	/* A larger cache for the stream's life, unless the connection has one
	 * already (store_read_cache: a reader's model keeps its pages from one
	 * slice to the next). */
	if (ret == LDN_OK && s->cache_kib < load_cache_kib(nurls) &&
	    (ret = load_set_cache(s, load_cache_kib(nurls), cause)) == LDN_OK)
		ss->cache_set = true;
	if (ret == LDN_OK)
		ret = load_extras_prepare(&ss->x, s, cause);
	if (ret == LDN_OK)
		ret = store_prepare(s, &ss->rows, load_stream_sql[which], cause);
	if (ret == LDN_OK && (ret = load_bind_urls(ss->rows, urls, nurls, cause)) != LDN_OK)
		ss->rows = NULL; /* finalized by load_bind_urls */
	if (ret == LDN_OK && after != NULL) {
		sqlite3_bind_int64(ss->rows, 2, (sqlite3_int64)after->published);
		store_bind_text(ss->rows, 3, after->feed_url);
		store_bind_text(ss->rows, 4, after->id);
	}
	if (ret != LDN_OK) {
		store_stream_free(ss);
		return ret;
	}
	*out = ss;
	return LDN_OK;
}

/* Hangs a's tags (kind 0) or enclosures (kind 1) on it. */
static int
load_extra(struct load_extras *x, struct article *a, int kind, char **cause)
{
	sqlite3_stmt *st = x->st[kind];
	struct store_cols c = {0};
	int rc = SQLITE_DONE, ret = LDN_OK;

	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, a->store_id);
	while (ret == LDN_OK && c.bad == NULL && !c.oom && (rc = sqlite3_step(st)) == SQLITE_ROW)
		ret = store_col_extra(st, 0, kind, a, &c);
	if ((ret = store_cols_done(x->s, &c, ret, cause)) != LDN_OK)
		return ldn_cause(cause, ret, "out of memory");
	/* A read error (busy, corrupt) is not the end of the tags. */
	if (rc != SQLITE_DONE)
		return store_fail(x->s, rc, "reading", cause);
	return LDN_OK;
}

static int
load_extras_hang(struct load_extras *x, struct article *a, char **cause)
{
	int ret = load_extra(x, a, 0, cause);

	return ret == LDN_OK ? load_extra(x, a, 1, cause) : ret;
}

int
store_stream_next(struct store_stream *ss, struct article **out, char **cause)
{
	struct store_cols c = {0};
	struct article *a = NULL;
	int rc, ret;

	*out = NULL;
	if (ss->done)
		return LDN_OK;
	rc = sqlite3_step(ss->rows);
	if (rc == SQLITE_DONE) {
		ss->done = true;
		return LDN_OK;
	}
	if (rc != SQLITE_ROW)
		return store_fail(ss->s, rc, "reading", cause);
	a = load_row(ss->rows, &c);
	if ((ret = store_cols_done(ss->s, &c, LDN_OK, cause)) != LDN_OK)
		return ret;
	if (a == NULL) /* load_row says why in c; for the analyzers */
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	if ((ret = load_extras_hang(&ss->x, a, cause)) != LDN_OK) {
		article_free(a);
		return ret;
	}
	*out = a;
	return LDN_OK;
}

int
store_count_cached(struct store *s, const char *const *urls, size_t nurls, size_t *total,
		   bool *has, char **cause)
{
	sqlite3_stmt *st;
	long long n = 0, others = 0;
	size_t i;
	int rc, ret;

	*total = 0;
	/* Whether each feed has an article: one probe of an index each. */
	ret = store_prepare(s, &st, "SELECT EXISTS(SELECT 1 FROM articles a JOIN feeds f ON "
			    "f.id = a.feed_id WHERE f.url = ?1)", cause);
	if (ret != LDN_OK)
		return ret;
	for (i = 0; ret == LDN_OK && i < nurls; i++) {
		sqlite3_reset(st);
		store_bind_text(st, 1, urls[i]);
		if ((rc = sqlite3_step(st)) != SQLITE_ROW)
			ret = store_fail(s, rc, "reading", cause);
		else
			has[i] = sqlite3_column_int(st, 0) != 0;
	}
	sqlite3_finalize(st);
	if (ret != LDN_OK)
		return ret;
	/* The usual case, no other feed has articles cached: count(*) reads
	 * the smallest index's pages instead of stepping through entries. */
	ret = load_count(s, "SELECT count(*) FROM feeds f WHERE EXISTS(SELECT 1 FROM articles a "
			 "WHERE a.feed_id = f.id) AND f.url NOT IN (SELECT value FROM "
			 "json_each(?1))", urls, nurls, &others, cause);
	if (ret == LDN_OK)
		ret = others == 0 ? store_int_query(s, "SELECT count(*) FROM articles", &n, cause) :
		    load_count(s, "SELECT count(*) FROM feeds f JOIN articles a ON a.feed_id = "
			       "f.id WHERE f.url IN (SELECT value FROM json_each(?1))", urls,
			       nurls, &n, cause);
	if (ret == LDN_OK)
		*total = (size_t)n;
	return ret;
}

/* The callers' callbacks, behind load_grouped's. */
struct load_feed_cb {
	int (*fn)(const char *url, size_t total, size_t unread, void *payload);
	void *p;
};

struct load_tag_cb {
	int (*fn)(const char *url, const char *tag, size_t count, void *payload);
	void *p;
};

static int
load_feed_row(const char *url, const char *unused, size_t total, size_t unread, void *payload)
{
	struct load_feed_cb *c = payload;

	(void)unused;
	return url != NULL ? c->fn(url, total, unread, c->p) : LDN_OK;
}

static int
load_tag_row(const char *url, const char *tag, size_t count, size_t unused, void *payload)
{
	struct load_tag_cb *c = payload;

	(void)unused;
	return url != NULL && tag != NULL ? c->fn(url, tag, count, c->p) : LDN_OK;
}

/* Whether urls[i] came before in urls (a feed named twice is one). */
static bool
load_url_repeated(const char *const *urls, size_t i)
{
	size_t j;

	for (j = 0; j < i; j++)
		if (strcmp(urls[j], urls[i]) == 0)
			return true;
	return false;
}

/*
 * Rows of (text, text, int, int) of a query for one feed (?1, its URL),
 * run for each of the feeds urls[0..n), each row to fn; stops at fn's
 * first status other than LDN_OK. A feed at a time: a GROUP BY over the
 * whole cache sorted every row of it in memory (temp_store is MEMORY),
 * some 200 MB at a million articles; one feed's sort is its own size.
 */
static int
load_grouped(struct store *s, const char *sql, const char *const *urls, size_t nurls,
	     int (*fn)(const char *a, const char *b, size_t x, size_t y, void *payload),
	     void *payload, char **cause)
{
	sqlite3_stmt *st;
	size_t i;
	int rc = SQLITE_DONE, ret;

	if ((ret = store_prepare(s, &st, sql, cause)) != LDN_OK)
		return ret;
	for (i = 0; ret == LDN_OK && i < nurls; i++) {
		if (load_url_repeated(urls, i))
			continue;
		sqlite3_reset(st);
		store_bind_text(st, 1, urls[i]);
		while (ret == LDN_OK && (rc = sqlite3_step(st)) == SQLITE_ROW)
			ret = fn((const char *)sqlite3_column_text(st, 0),
				 (const char *)sqlite3_column_text(st, 1),
				 (size_t)sqlite3_column_int64(st, 2),
				 (size_t)sqlite3_column_int64(st, 3), payload);
		if (ret == LDN_OK && rc != SQLITE_DONE)
			ret = store_fail(s, rc, "reading", cause);
	}
	sqlite3_finalize(st);
	return ret;
}

int
store_feed_counts(struct store *s, const char *const *urls, size_t nurls,
		  int (*fn)(const char *url, size_t total, size_t unread, void *payload),
		  void *payload, char **cause)
{
	struct load_feed_cb c = {fn, payload};

	/* The feed's articles through the index on (feed_id, age). */
	return load_grouped(s, "SELECT f.url, NULL, count(*), sum(a.read = 0) FROM feeds f JOIN "
			    "articles a ON a.feed_id = f.id WHERE f.url = ?1 GROUP BY f.id", urls,
			    nurls, load_feed_row, &c, cause);
}

int
store_tag_counts(struct store *s, const char *const *urls, size_t nurls,
		 int (*fn)(const char *url, const char *tag, size_t count, void *payload),
		 void *payload, char **cause)
{
	struct load_tag_cb c = {fn, payload};

	return load_grouped(s, "SELECT f.url, t.tag, count(*), 0 FROM feeds f JOIN articles a ON "
			    "a.feed_id = f.id JOIN tags t ON t.article_id = a.id WHERE f.url = ?1 "
			    "GROUP BY t.tag", urls, nurls, load_tag_row, &c, cause);
}

static int
load_id_cmp(const void *x, const void *y)
{
	const struct article *const *a = x, *const *b = y;

	return ((*a)->store_id > (*b)->store_id) - ((*a)->store_id < (*b)->store_id);
}

/* Binds ids[0..n) to parameter 1 as one JSON array of integers. */
static int
load_bind_ids(sqlite3_stmt *st, const long long *ids, size_t n, char **cause)
{
	struct buf js;
	char num[24];
	size_t i;
	int ret;

	buf_init(&js, SIZE_MAX);
	ret = buf_putc(&js, '[');
	for (i = 0; i < n && ret == LDN_OK; i++) {
		snprintf(num, sizeof(num), "%s%lld", i ? "," : "", ids[i]);
		ret = buf_puts(&js, num);
	}
	return load_bind_end(st, &js, ret, cause);
}

/* Moves the articles of `got` (sorted by store id) to out[i] by ids[i]
 * (an id asked twice gets its article once); frees the others. */
static int
load_place(struct article_list *got, const long long *ids, size_t n, struct article **out)
{
	bool *taken = calloc(got->len ? got->len : 1, sizeof(*taken));
	struct article key, *kp = &key, **hit;
	size_t i, k;

	if (taken == NULL)
		return LDN_ENOMEM;
	for (i = 0; i < n; i++) {
		key.store_id = ids[i];
		/* None found (every id pruned): no array to search. */
		hit = got->len > 0 ? bsearch(&kp, got->items, got->len, sizeof(*got->items),
					     load_id_cmp) : NULL;
		if (hit != NULL && !taken[k = (size_t)(hit - got->items)]) {
			out[i] = *hit;
			taken[k] = true;
		}
	}
	for (i = 0; i < got->len; i++)
		if (!taken[i])
			article_free(got->items[i]);
	free(taken);
	got->len = 0;
	return LDN_OK;
}

int
store_load_ids(struct store *s, const long long *ids, size_t n, struct article **out,
	       char **cause)
{
	struct article_list got = {0};
	struct load_extras x = {0};
	sqlite3_stmt *st;
	size_t i;
	int ret;

	memset(out, 0, n * sizeof(*out));
	ret = store_prepare(s, &st, LOAD_COLS "FROM articles a JOIN feeds f ON f.id = "
			    "a.feed_id WHERE a.id IN (SELECT value FROM json_each(?1)) "
			    "ORDER BY a.id", cause);
	if (ret == LDN_OK && (ret = load_bind_ids(st, ids, n, cause)) == LDN_OK)
		ret = load_rows(s, st, &got, cause);
	if (ret == LDN_OK)
		ret = load_extras_prepare(&x, s, cause);
	for (i = 0; ret == LDN_OK && i < got.len; i++)
		ret = load_extras_hang(&x, got.items[i], cause);
	load_extras_finalize(&x);
	if (ret == LDN_OK && load_place(&got, ids, n, out) != LDN_OK)
		ret = ldn_cause(cause, LDN_ENOMEM, "out of memory");
	article_list_free(&got);
	return ret;
}

int
store_load_head(struct store *s, const char *const *urls, size_t nurls, size_t limit,
		struct article_list *out, char **cause)
{
	struct store_stream *ss;
	struct article *a;
	size_t n;
	int ret;

	ret = store_stream_open(&ss, s, urls, nurls, cause);
	/* (An open that worked gave a stream; said for the analyzers.) */
	if (ret != LDN_OK || ss == NULL)
		return ret != LDN_OK ? ret : LDN_ENOMEM;
	for (n = 0; n < limit; n++) {
		if ((ret = store_stream_next(ss, &a, cause)) != LDN_OK || a == NULL)
			break;
		if (article_list_push(out, a) != LDN_OK) {
			article_free(a);
			ret = ldn_cause(cause, LDN_ENOMEM, "out of memory");
			break;
		}
	}
	store_stream_free(ss);
	return ret;
}

/* store_load (urls NULL) or store_load_feeds. */
static int
load_all(struct store *s, const char *const *urls, size_t nurls, struct article_list *out,
	 char **cause)
{
	size_t from = out->len;
	int ret;

	/* One read transaction: the three queries see the same cache. */
	if ((ret = store_exec(s, "BEGIN", "reading", cause)) != LDN_OK)
		return ret;
	if ((ret = load_articles(s, urls, nurls, out, cause)) == LDN_OK &&
	    (ret = load_extras(s, urls, nurls, out, from, 0, cause)) == LDN_OK)
		ret = load_extras(s, urls, nurls, out, from, 1, cause);
	sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	return ret;
}

int
store_load(struct store *s, struct article_list *out, char **cause)
{
	return load_all(s, NULL, 0, out, cause);
}

int
store_load_feeds(struct store *s, const char *const *urls, size_t nurls,
		 struct article_list *out, char **cause)
{
	if (nurls == 0)
		return LDN_OK;
	return load_all(s, urls, nurls, out, cause);
}

int
store_load_content(struct store *s, struct article *a, char **cause)
{
	struct store_cols cols = {0};
	sqlite3_stmt *st;
	char *c = NULL;
	int rc, ret, fmt;

	ret = store_prepare(s, &st, "SELECT b.content, b.content_fmt FROM "
			    "articles a LEFT JOIN bodies b ON b.article_id = a.id "
			    "WHERE a.id = ?1", cause);
	if (ret != LDN_OK)
		return ret;
	sqlite3_bind_int64(st, 1, a->store_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		c = store_col_dup(st, 0, false, &cols);
		fmt = (int)store_col_int(st, 1, true, ARTICLE_FMT_TEXT, ARTICLE_FMT_HTML, &cols);
		if ((ret = store_cols_done(s, &cols, LDN_OK, cause)) == LDN_OK) {
			free(a->content);
			a->content = c;
			a->content_fmt = (enum article_fmt)fmt;
		} else {
			free(c);
		}
	} else if (rc == SQLITE_DONE) {
		ret = ldn_cause(cause, LDN_ENOTFOUND, "%s: no article %lld in "
				"the cache", s->path, a->store_id);
	} else {
		ret = store_fail(s, rc, "reading", cause);
	}
	sqlite3_finalize(st);
	return ret;
}
