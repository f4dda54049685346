/*
 * Unit tests for the store (src/store_*.c): real SQLite files in a
 * temporary directory.
 *
 * The store_*.c files are compiled into this test with -DLDN_UNITTEST,
 * which adds
 * store_open_version() (build a cache at an older schema) and store_db()
 * (the connection, for total_changes and EXPLAIN QUERY PLAN).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sys/ioctl.h>
#include <linux/fs.h>

#include <sqlite3.h>
#include <libxml/parser.h>

#include "extract.h"
#include "load.h"
#include "query.h"
#include "store.h"
#include "sync.h"
#include "support.h"

#define T0 1700000000L /* the tests' "now" */

static char *tmpdir;

/* ---- helpers ---- */

static int
setup(void **state)
{
	(void)state;
	tmpdir = ts_tmpdir("store");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	ts_rmtree(tmpdir);
	free(tmpdir);
	xmlCleanupParser();
	return 0;
}

/* A fresh path in the temp dir for each test. */
static const char *
tpath(const char *name)
{
	static char p[4096];
	char side[4200];

	snprintf(p, sizeof(p), "%s/%s", tmpdir, name);
	ts_rmtree(p);
	snprintf(side, sizeof(side), "%s-wal", p);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", p);
	unlink(side);
	return p;
}

static bool
exists(const char *p)
{
	struct stat sb;

	return stat(p, &sb) == 0;
}

/* A compact test article. */
struct spec {
	const char *id, *title, *link;
	long published;  /* -1: unknown */
	const char *tags[3];
	const char *summary, *content;
};

static struct article *
mk_article(const struct spec *s)
{
	struct article *a = article_new();
	size_t j;

	assert_non_null(a);
	a->id = strdup(s->id);
	a->title = strdup(s->title);
	if (s->link)
		a->link = strdup(s->link);
	a->has_published = s->published >= 0;
	a->published = s->published >= 0 ? s->published : 0;
	for (j = 0; j < 3 && s->tags[j]; j++)
		assert_int_equal(article_add_tag(a, s->tags[j]), LDN_OK);
	if (s->summary) {
		a->summary = strdup(s->summary);
		a->summary_fmt = ARTICLE_FMT_HTML;
	}
	if (s->content) {
		a->content = strdup(s->content);
		a->content_fmt = ARTICLE_FMT_HTML;
	}
	return a;
}

static struct feed *
mk_feed(const char *url, const struct spec *s, size_t n)
{
	struct feed *f = feed_new(url);
	size_t i;

	assert_non_null(f);
	free(f->title);
	f->title = strdup("The Feed");
	f->description = strdup("Focus on the big picture.");
	f->link = strdup("https://example.org/");
	for (i = 0; i < n; i++)
		assert_int_equal(article_list_push(&f->articles, mk_article(&s[i])), LDN_OK);
	return f;
}

static struct store *
open_ok(const char *path, unsigned flags)
{
	struct store *s = NULL;
	char *cause = NULL;
	int st = store_open(&s, path, flags, &cause);

	if (st != LDN_OK)
		fail_msg("store_open %s: %s", path, cause ? cause : "?");
	assert_null(cause);
	return s;
}

static void
merge_ok(struct store *s, const struct feed *f, const struct store_fetch_info *info,
	 struct store_merge_stats *stats)
{
	char *cause = NULL;
	int st = store_merge(s, f, info, stats, &cause);

	if (st != LDN_OK)
		fail_msg("store_merge: %s", cause ? cause : "?");
}

static long long
sql_int(struct store *s, const char *sql)
{
	sqlite3_stmt *st;
	long long v = -1;

	assert_int_equal(sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* True when the query's first row is the text "ok". */
static bool
sql_ok(struct store *s, const char *sql)
{
	sqlite3_stmt *st;
	bool ok = false;

	assert_int_equal(sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		ok = strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0;
	sqlite3_finalize(st);
	return ok;
}

static int
changes(struct store *s)
{
	return sqlite3_total_changes(store_db(s));
}

/* Indexes every waiting article. */
static void
index_all(struct store *s)
{
	char *cause = NULL;
	size_t left = 99;

	if (store_index_pending(s, 0, &left, &cause) != LDN_OK)
		fail_msg("store_index_pending: %s", cause ? cause : "?");
	assert_int_equal(left, 0);
}

/* FTS5's own check: the index holds exactly the indexed articles. */
static void
fts_check(struct store *s)
{
	assert_int_equal(sqlite3_exec(store_db(s), "INSERT INTO search(search, rank)"
	    " VALUES('integrity-check', 1)", NULL, NULL, NULL), SQLITE_OK);
}

/* The loaded article with this id, or NULL. */
static struct article *
find(struct article_list *l, const char *id)
{
	size_t i;

	for (i = 0; i < l->len; i++)
		if (strcmp(l->items[i]->id, id) == 0)
			return l->items[i];
	return NULL;
}

static const struct spec three[] = {
	{"a1", "First headline", "https://example.org/1", T0 - 300, {"UK", "Politics"},
	 "<p>Winter <b>fuel</b> cut</p>", "<p>The chancellor spoke of zebras.</p>"},
	{"a2", "Second headline", "https://example.org/2", T0 - 200, {"Tech"},
	 NULL, "<p>China&#39;s AI race, Z\xc3\xbcrich</p>"},
	{"a3", "Third headline", NULL, -1, {"UK"}, "Plain standfirst", NULL},
};

static const struct store_fetch_info info0 = {T0, "\"etag-1\"", "Tue, 14 Nov 2023 22:13:20 GMT", NULL};

/* ---- open, schema, migrations ---- */

/*
 * SQLite's memory statistics are off (store_open.c, store_setup): no
 * global mutex around each of its allocations. This runs first, before
 * any other test has started SQLite.
 */
static void
test_no_memory_statistics(void **state)
{
	struct feed *f = mk_feed("https://ex/memstat", three, 3);
	struct store *s;

	(void)state;
	s = open_ok(tpath("memstat.db"), 0);
	merge_ok(s, f, &info0, NULL);
	assert_true(sqlite3_memory_used() == 0);
	store_close(s);
	feed_free(f);
}

static void
test_open_create(void **state)
{
	const char *p;
	char dir[4096], *cause = NULL;
	struct store *s;
	struct stat sb;

	(void)state;
	snprintf(dir, sizeof(dir), "%s/new/sub", tmpdir);
	p = tpath("new/sub/cache.db");
	s = open_ok(p, 0);
	assert_int_equal(stat(dir, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0700);
	assert_int_equal(sql_int(s, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	assert_int_equal(sql_int(s, "PRAGMA foreign_keys"), 1);
	assert_string_equal(store_path(s), p);
	{
		sqlite3_stmt *st;
		assert_int_equal(sqlite3_prepare_v2(store_db(s), "PRAGMA journal_mode",
						    -1, &st, NULL), SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
		sqlite3_finalize(st);
	}
	store_close(s);
	/* Reopen: same file, nothing to do. */
	assert_int_equal(store_open(&s, p, 0, &cause), LDN_OK);
	assert_int_equal(sql_int(s, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	store_close(s);
	store_close(NULL);
}

static void
test_memory(void **state)
{
	struct store *s;
	struct feed *f = mk_feed("https://m/feed", three, 3);
	struct article_list l = {0};
	char *cause = NULL;

	(void)state;
	s = open_ok("/nonexistent-dir/never-created.db", STORE_MEMORY);
	assert_string_equal(store_path(s), ":memory:");
	merge_ok(s, f, &info0, NULL);
	assert_int_equal(store_load(s, &l, &cause), LDN_OK);
	assert_int_equal(l.len, 3);
	assert_false(exists("/nonexistent-dir"));
	article_list_free(&l);
	feed_free(f);
	store_close(s);
}

/* Rows written with raw SQL at an old version: the v1 columns (from v3
 * on, bodies live in their own table). */
static void
old_rows(struct store *s, int version)
{
	sqlite3 *db = store_db(s);

	if (version >= 3) {
		assert_int_equal(sqlite3_exec(db,
		    "INSERT INTO feeds(id, url, title, etag) VALUES(1, 'https://old/feed', 'Old feed', 'E1');"
		    "INSERT INTO articles(id, feed_id, guid, link, title, author, published, summary,"
		    " summary_fmt, read, starred, first_seen) VALUES"
		    " (7, 1, 'g7', 'https://old/7', 'Kept headline', 'Ann', 1600000000,"
		    "  '<p>stand</p>', 1, 1, 1, 1600000001),"
		    " (8, 1, 'g8', NULL, 'Other', NULL, NULL, NULL, 0, 0, 0, 1600000002);"
		    "INSERT INTO bodies VALUES(7, '<p>quokka body</p>', 1);"
		    "INSERT INTO tags VALUES(7, 0, 'ANT'), (7, 1, 'UK');"
		    "INSERT INTO enclosures VALUES(7, 0, 'https://old/a.mp3', 'audio/mpeg', 99);",
		    NULL, NULL, NULL), SQLITE_OK);
		return;
	}
	assert_int_equal(sqlite3_exec(db,
	    "INSERT INTO feeds(id, url, title, etag) VALUES(1, 'https://old/feed', 'Old feed', 'E1');"
	    "INSERT INTO articles(id, feed_id, guid, link, title, author, published, summary,"
	    " summary_fmt, content, content_fmt, read, starred, first_seen) VALUES"
	    " (7, 1, 'g7', 'https://old/7', 'Kept headline', 'Ann', 1600000000,"
	    "  '<p>stand</p>', 1, '<p>quokka body</p>', 1, 1, 1, 1600000001),"
	    " (8, 1, 'g8', NULL, 'Other', NULL, NULL, NULL, 0, NULL, 0, 0, 0, 1600000002);"
	    "INSERT INTO tags VALUES(7, 0, 'ANT'), (7, 1, 'UK');"
	    "INSERT INTO enclosures VALUES(7, 0, 'https://old/a.mp3', 'audio/mpeg', 99);",
	    NULL, NULL, NULL), SQLITE_OK);
	/* From version 2 on, triggers index them. */
	(void)version;
}

/* ---- pages (schema 6) ---- */

#define LD_PAGE "https://londondaily.example/news/1234-offices.html"

/* The London Daily page's extraction. */
static struct extract *
ld_extract(void)
{
	size_t len;
	char *html = ts_slurp(ts_data_path("pages/london-daily.html"), &len), *cause = NULL;
	struct extract *x = NULL;

	assert_int_equal(extract_page(html, len, LD_PAGE, &x, &cause), LDN_OK);
	free(html);
	return x;
}

/* Keeps the London Daily page for article `id` and reads it back whole. */
static void
page_roundtrip(struct store *s, long long id)
{
	struct store_page pg = {0}, got;
	struct extract *x;
	char *cause = NULL;
	bool found = true;
	time_t fetched;
	int version = -1;
	size_t i;

	assert_int_equal(store_page_get(s, id, &got, &found, &cause), LDN_OK);
	assert_false(found);
	assert_int_equal(store_page_version(s, id, &version, &fetched, &cause), LDN_OK);
	assert_int_equal(version, 0);
	pg.x = ld_extract();
	pg.x->has_published = true;
	pg.x->published = 1726133400;
	pg.etag = strdup("\"v1\"");
	pg.fetched = 1700000000;
	pg.version = EXTRACT_VERSION;
	assert_int_equal(store_page_put(s, id, &pg, &cause), LDN_OK);
	assert_int_equal(store_page_get(s, id, &got, &found, &cause), LDN_OK);
	assert_true(found);
	x = got.x;
	assert_string_equal(x->title, pg.x->title);
	assert_null(x->byline);
	assert_string_equal(x->body, pg.x->body);
	assert_true(x->has_published);
	assert_int_equal(x->published, 1726133400);
	assert_string_equal(x->lead_image, pg.x->lead_image);
	assert_string_equal(x->lead_image_alt, pg.x->lead_image_alt);
	assert_int_equal(x->ntags, 1);
	assert_string_equal(x->tags[0], "ANT");
	assert_int_equal(x->nenclosures, 1);
	assert_string_equal(x->enclosures[0].url, pg.x->enclosures[0].url);
	assert_string_equal(x->enclosures[0].type, "audio/mpeg");
	assert_int_equal(x->enclosures[0].length, pg.x->enclosures[0].length);
	assert_int_equal(x->nrelated, 50);
	for (i = 0; i < x->nrelated; i++) {
		assert_string_equal(x->related[i].title, pg.x->related[i].title);
		assert_string_equal(x->related[i].url, pg.x->related[i].url);
	}
	assert_int_equal(store_page_version(s, id, &version, &fetched, &cause), LDN_OK);
	assert_int_equal(version, EXTRACT_VERSION);
	assert_int_equal(fetched, 1700000000);
	assert_string_equal(got.etag, "\"v1\"");
	assert_null(got.last_modified);
	assert_int_equal(got.fetched, 1700000000);
	assert_int_equal(got.version, EXTRACT_VERSION);
	store_page_free(&got);
	/* A 304: only the fetch time changes. */
	assert_int_equal(store_page_touch(s, id, 1800000000, &cause), LDN_OK);
	assert_int_equal(store_page_get(s, id, &got, &found, &cause), LDN_OK);
	assert_int_equal(got.fetched, 1800000000);
	assert_string_equal(got.x->body, pg.x->body);
	store_page_free(&got);
	store_page_free(&pg);
}

static void
test_pages(void **state)
{
	const struct spec sp[] = {
		{"a1", "One", "https://londondaily.example/1", 100, {NULL}, "s", NULL},
	};
	struct feed *f = mk_feed("https://londondaily.example/feed", sp, 1);
	struct store *s = open_ok(tpath("pages.db"), 0);
	struct store_page pg = {0}, got;
	char *cause = NULL;
	bool found;
	long long id;

	(void)state;
	merge_ok(s, f, NULL, NULL);
	id = sql_int(s, "SELECT id FROM articles WHERE guid = 'a1'");
	page_roundtrip(s, id);
	/* No article, no page. */
	pg.x = ld_extract();
	pg.version = EXTRACT_VERSION;
	assert_int_equal(store_page_put(s, id + 100, &pg, &cause), LDN_ENOTFOUND);
	free(cause);
	cause = NULL;
	/* A value ldnews never writes is damage, named. */
	assert_int_equal(sqlite3_exec(store_db(s), "UPDATE pages SET extra = '{\"tags\":[1]}'",
				      NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(store_page_get(s, id, &got, &found, &cause), LDN_EIO);
	assert_false(found);
	assert_non_null(strstr(cause, "extra"));
	free(cause);
	cause = NULL;
	/* The page goes with its article. */
	assert_int_equal(sqlite3_exec(store_db(s), "DELETE FROM articles", NULL, NULL, NULL),
			 SQLITE_OK);
	assert_int_equal(sql_int(s, "SELECT count(*) FROM pages"), 0);
	store_page_free(&pg);
	store_close(s);
	feed_free(f);
}

static void
test_migrate_from_each(void **state)
{
	int k;

	(void)state;
	for (k = 0; k < STORE_SCHEMA_VERSION; k++) {
		const char *p = tpath("migrate.db");
		struct store *s = NULL;
		struct article_list l = {0};
		struct article *a;
		char *cause = NULL;
		long long *ids;
		size_t n;

		assert_int_equal(store_open_version(&s, p, k, &cause), LDN_OK);
		assert_int_equal(sql_int(s, "PRAGMA user_version"), k);
		if (k >= 1)
			old_rows(s, k);
		store_close(s);

		s = open_ok(p, 0);
		assert_int_equal(sql_int(s, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
		assert_int_equal(store_load(s, &l, &cause), LDN_OK);
		if (k == 0) {
			assert_int_equal(l.len, 0);
		} else {
			assert_int_equal(l.len, 2);
			a = find(&l, "g7");
			assert_non_null(a);
			assert_int_equal(a->store_id, 7);
			assert_string_equal(a->title, "Kept headline");
			assert_string_equal(a->author, "Ann");
			assert_true(a->read);
			assert_true(a->starred);
			assert_int_equal(a->ntags, 2);
			assert_string_equal(a->tags[1], "UK");
			assert_int_equal(a->nenclosures, 1);
			assert_int_equal(a->enclosures[0].length, 99);
			assert_null(a->content);
			assert_int_equal(store_load_content(s, a, &cause), LDN_OK);
			assert_string_equal(a->content, "<p>quokka body</p>");
			assert_int_equal(a->content_fmt, ARTICLE_FMT_HTML);
			a = find(&l, "g8");
			assert_non_null(a);
			assert_false(a->has_published);
			assert_int_equal(store_load_content(s, a, &cause), LDN_OK);
			assert_null(a->content);
			/* Searchable once indexed. */
			assert_int_equal(store_search(s, "QUOKKA", &ids, &n, &cause), LDN_OK);
			assert_int_equal(n, 0);
			free(ids);
			index_all(s);
			assert_int_equal(store_search(s, "QUOKKA", &ids, &n, &cause), LDN_OK);
			assert_int_equal(n, 1);
			assert_int_equal(ids[0], 7);
			free(ids);
			/* Schema 6: the article can keep its page. */
			page_roundtrip(s, 7);
		}
		assert_true(sql_ok(s, "PRAGMA integrity_check"));
		fts_check(s);
		article_list_free(&l);
		store_close(s);
	}
}

static void
test_newer_version_refused(void **state)
{
	const char *p = tpath("newer.db");
	struct store *s;
	sqlite3 *db;
	char *before, *after, *cause = NULL;
	size_t nb, na;

	(void)state;
	s = open_ok(p, 0);
	store_close(s);
	assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA journal_mode=DELETE; PRAGMA user_version = 99",
				      NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	before = ts_slurp(p, &nb);
	assert_int_equal(store_open(&s, p, 0, &cause), LDN_EIO);
	assert_null(s);
	assert_non_null(strstr(cause, p));
	assert_non_null(strstr(cause, "newer"));
	free(cause);
	cause = NULL;
	assert_int_equal(store_open(&s, p, STORE_READONLY, &cause), LDN_EIO);
	free(cause);
	after = ts_slurp(p, &na);
	assert_int_equal(na, nb);
	assert_memory_equal(before, after, nb);
	free(before);
	free(after);
}

/* Bytes that are not a usable cache: refused, named, left as they were. */
static void
test_bad_files(void **state)
{
	static const char *const kinds[] = {"text", "random", "truncated", "header"};
	size_t i, n, na;
	char *data, *after, *cause;
	struct store *s;

	(void)state;
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		const char *p = tpath("bad.db");
		if (i == 0) {
			data = strdup("this is not a database, it is a text file\n");
			n = strlen(data);
		} else if (i == 1) {
			n = 8192;
			data = malloc(n);
			srand(42);
			for (na = 0; na < n; na++)
				data[na] = (char)rand();
		} else {
			/* A real cache with enough pages, cut short or with a
			 * broken page header. */
			struct feed *f;
			struct spec sp[200];
			char ids[200][8];
			for (na = 0; na < 200; na++) {
				snprintf(ids[na], sizeof(ids[na]), "x%zu", na);
				sp[na] = (struct spec){ids[na], "Headline of some length",
				    NULL, T0, {"UK"}, "standfirst text",
				    "<p>body body body body body body body body</p>"};
			}
			f = mk_feed("https://t/feed", sp, 200);
			s = open_ok(p, 0);
			merge_ok(s, f, &info0, NULL);
			store_close(s);
			feed_free(f);
			data = ts_slurp(p, &n);
			if (i == 2) {
				n /= 2;
			} else {
				/* Page 2's header, whatever the page size. */
				size_t psz = ((unsigned char)data[16] << 8 |
					      (unsigned char)data[17]);
				if (psz == 1)
					psz = 65536;
				assert_true(n > psz * 2);
				memset(data + psz, 0xff, 200);
			}
		}
		ts_spit(p, data, n);
		cause = NULL;
		s = NULL;
		assert_int_equal(store_open(&s, p, 0, &cause), LDN_EIO);
		assert_null(s);
		assert_non_null(cause);
		assert_non_null(strstr(cause, p));
		assert_non_null(strstr(cause, "--reset-cache"));
		free(cause);
		cause = NULL;
		assert_int_equal(store_open(&s, p, STORE_READONLY, &cause), LDN_EIO);
		assert_non_null(strstr(cause, "--reset-cache"));
		free(cause);
		/* Without the scan, a file that is not SQLite is still refused. */
		if (i < 2) {
			cause = NULL;
			assert_int_equal(store_open(&s, p, STORE_NO_CHECK, &cause), LDN_EIO);
			assert_non_null(strstr(cause, "--reset-cache"));
			free(cause);
		}
		after = ts_slurp(p, &na);
		assert_int_equal(na, n);
		assert_memory_equal(after, data, n);
		free(after);
		free(data);
	}
}

/* Decision: a zero-length file is a new, empty cache (SQLite's own view). */
static void
test_zero_length_is_new(void **state)
{
	const char *p = tpath("zero.db");
	struct store *s;

	(void)state;
	ts_spit(p, "", 0);
	s = open_ok(p, 0);
	assert_int_equal(sql_int(s, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	store_close(s);
}

/* ---- merge ---- */

static void
test_merge_insert_and_unchanged(void **state)
{
	const char *p = tpath("merge.db");
	struct feed *f = mk_feed("https://ex/feed", three, 3);
	struct store_merge_stats ms;
	struct store_fetch_info later = info0;
	struct store_feed_state fs;
	struct store *s;
	char *cause = NULL;
	int c;

	(void)state;
	s = open_ok(p, 0);
	assert_int_equal(store_feed_state(s, "https://ex/feed", &fs, &cause), LDN_OK);
	assert_false(fs.known);
	assert_null(fs.etag);
	assert_int_equal(fs.last_fetch, 0);
	merge_ok(s, f, &info0, &ms);
	assert_int_equal(ms.inserted, 3);
	assert_int_equal(ms.updated + ms.unchanged + ms.pruned + ms.skipped, 0);
	assert_int_equal(store_feed_state(s, "https://ex/feed", &fs, &cause), LDN_OK);
	assert_true(fs.known);
	assert_string_equal(fs.etag, "\"etag-1\"");
	assert_string_equal(fs.last_modified, info0.last_modified);
	assert_int_equal(fs.last_fetch, T0);
	assert_null(fs.last_error);
	store_feed_state_free(&fs);

	/* The same feed again at the same time: not one row written. */
	c = changes(s);
	merge_ok(s, f, &info0, &ms);
	assert_int_equal(ms.unchanged, 3);
	assert_int_equal(ms.inserted + ms.updated + ms.pruned, 0);
	assert_int_equal(changes(s), c);

	/* Later: only the feed row (the fetch time) is written. */
	later.fetched = T0 + 60;
	merge_ok(s, f, &later, &ms);
	assert_int_equal(ms.unchanged, 3);
	assert_int_equal(changes(s), c + 1);
	assert_int_equal(sql_int(s, "SELECT count(*) FROM articles"), 3);
	assert_int_equal(sql_int(s, "SELECT count(*) FROM tags"), 4);
	feed_free(f);
	store_close(s);
}

static void
test_merge_edit_keeps_marks(void **state)
{
	const char *p = tpath("edit.db");
	struct feed *f = mk_feed("https://ex/feed", three, 3);
	struct store_merge_stats ms;
	struct article_list l = {0};
	struct article *a;
	struct store *s;
	char *cause = NULL;
	long long id, *ids;
	size_t n;

	(void)state;
	s = open_ok(p, 0);
	merge_ok(s, f, &info0, NULL);
	index_all(s);
	id = sql_int(s, "SELECT id FROM articles WHERE guid = 'a1'");
	assert_int_equal(store_set_read(s, id, true, &cause), LDN_OK);
	assert_int_equal(store_set_starred(s, id, true, &cause), LDN_OK);

	/* The site edits the headline and the tags of a1. */
	a = f->articles.items[0];
	free(a->title);
	a->title = strdup("Edited headline about wombats");
	assert_int_equal(article_add_tag(a, "Edited"), LDN_OK);
	merge_ok(s, f, &info0, &ms);
	assert_int_equal(ms.updated, 1);
	assert_int_equal(ms.unchanged, 2);
	assert_int_equal(ms.inserted, 0);
	assert_int_equal(store_load(s, &l, &cause), LDN_OK);
	a = find(&l, "a1");
	assert_non_null(a);
	assert_int_equal(a->store_id, id);
	assert_string_equal(a->title, "Edited headline about wombats");
	assert_true(a->read);
	assert_true(a->starred);
	assert_int_equal(a->ntags, 3);
	assert_string_equal(a->tags[2], "Edited");
	article_list_free(&l);
	/* The edit took the old text out of the index at once... */
	assert_int_equal(store_search(s, "first", &ids, &n, &cause), LDN_OK);
	assert_int_equal(n, 0);
	free(ids);
	/* ...and indexing brings in the new one. */
	index_all(s);
	fts_check(s);
	assert_int_equal(store_search(s, "wombats", &ids, &n, &cause), LDN_OK);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], id);
	free(ids);
	assert_int_equal(store_search(s, "first", &ids, &n, &cause), LDN_OK);
	assert_int_equal(n, 0);
	free(ids);

	/* The id changes, the link stays: the same row, marks kept. */
	a = f->articles.items[0];
	free(a->id);
	a->id = strdup("a1-new-guid");
	merge_ok(s, f, &info0, &ms);
	assert_int_equal(ms.updated, 1);
	assert_int_equal(ms.inserted, 0);
	assert_int_equal(sql_int(s, "SELECT count(*) FROM articles"), 3);
	assert_int_equal(sql_int(s, "SELECT id FROM articles WHERE guid = 'a1-new-guid'"), id);
	assert_int_equal(sql_int(s, "SELECT read + starred FROM articles WHERE id = "
				 "(SELECT id FROM articles WHERE guid = 'a1-new-guid')"), 2);

	/* A new body replaces the old one; a body dropped is gone. */
	{
		struct article *b = f->articles.items[1];
		struct article probe = {0};
		long long bid = sql_int(s, "SELECT id FROM articles WHERE guid = 'a2'");
		free(b->content);
		b->content = strdup("<p>Numbats everywhere</p>");
		merge_ok(s, f, &info0, &ms);
		assert_int_equal(ms.updated, 1);
		probe.store_id = bid;
		assert_int_equal(store_load_content(s, &probe, &cause), LDN_OK);
		assert_string_equal(probe.content, "<p>Numbats everywhere</p>");
		free(probe.content);
		probe.content = NULL;
		index_all(s);
		fts_check(s);
		assert_int_equal(store_search(s, "numbats", &ids, &n, &cause), LDN_OK);
		assert_int_equal(n, 1);
		free(ids);
		assert_int_equal(store_search(s, "race", &ids, &n, &cause), LDN_OK);
		assert_int_equal(n, 0);
		free(ids);
		free(b->content);
		b->content = NULL;
		merge_ok(s, f, &info0, &ms);
		assert_int_equal(ms.updated, 1);
		assert_int_equal(store_load_content(s, &probe, &cause), LDN_OK);
		assert_null(probe.content);
		assert_int_equal(sql_int(s, "SELECT count(*) FROM bodies"), 1);
		index_all(s);
		fts_check(s);
	}

	/* Repeated ids in one feed: the first one counts. */
	assert_int_equal(article_list_push(&f->articles, mk_article(&three[1])), LDN_OK);
	merge_ok(s, f, &info0, &ms);
	assert_int_equal(ms.inserted + ms.updated + ms.skipped, 0);
	assert_int_equal(ms.unchanged, 3);
	feed_free(f);
	store_close(s);
}

static void
test_merge_link_not_stolen(void **state)
{
	/* Two current articles share a link: neither takes the other's row. */
	static const struct spec two[] = {
		{"p1", "One", "https://ex/home", T0 - 10, {NULL}, NULL, NULL},
		{"p2", "Two", "https://ex/home", T0 - 20, {NULL}, NULL, NULL},
	};
	const char *p = tpath("link.db");
	struct feed *f = mk_feed("https://ex/feed", two, 1);
	struct store_merge_stats ms;
	struct store *s;

	(void)state;
	s = open_ok(p, 0);
	merge_ok(s, f, &info0, NULL);
	feed_free(f);
	f = mk_feed("https://ex/feed", two, 2);
	merge_ok(s, f, &info0, &ms);
	assert_int_equal(ms.inserted, 1);
	assert_int_equal(ms.unchanged, 1);
	merge_ok(s, f, &info0, &ms);
	assert_int_equal(ms.unchanged, 2);
	assert_int_equal(sql_int(s, "SELECT count(*) FROM articles"), 2);
	feed_free(f);
	store_close(s);
}

static void
test_tags_use_index(void **state)
{
	struct store *s = open_ok(tpath("plan.db"), 0);
	sqlite3_stmt *st;
	bool found = false;

	(void)state;
	assert_int_equal(sqlite3_prepare_v2(store_db(s), "EXPLAIN QUERY PLAN "
	    "SELECT article_id FROM tags WHERE tag = 'UK'", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *d = (const char *)sqlite3_column_text(st, 3);
		if (strstr(d, "INDEX tags_tag") != NULL && strstr(d, "SEARCH") != NULL)
			found = true;
	}
	sqlite3_finalize(st);
	assert_true(found);
	store_close(s);
}

static void
test_retention(void **state)
{
	static const struct spec aged[] = {
		{"n1", "New 1", NULL, T0 - 10, {NULL}, NULL, NULL},
		{"n2", "New 2", NULL, T0 - 20, {NULL}, NULL, NULL},
		{"n3", "New 3", NULL, T0 - 30, {NULL}, NULL, NULL},
		{"o1", "Old 1", NULL, T0 - 5000, {"X"}, NULL, "<p>old</p>"},
		{"o2", "Old 2 starred", NULL, T0 - 6000, {NULL}, NULL, NULL},
		{"u1", "No date", NULL, -1, {NULL}, NULL, NULL},
	};
	const char *p = tpath("retention.db");
	struct feed *f = mk_feed("https://ex/feed", aged, 6);
	struct feed *g = mk_feed("https://ex/feed", aged, 3); /* n1-n3 only */
	struct store_limits none = {0, 0}, age = {1000, 0}, count = {0, 3};
	struct store_merge_stats ms;
	struct store *s;
	char *cause = NULL;
	int c;

	(void)state;
	s = open_ok(p, 0);
	store_set_limits(s, &none);
	merge_ok(s, f, &info0, &ms);
	assert_int_equal(ms.inserted, 6);
	index_all(s);
	assert_int_equal(store_set_starred(s, sql_int(s, "SELECT id FROM articles "
	    "WHERE guid = 'o2'"), true, &cause), LDN_OK);

	/* By age: what the feed still carries stays, however old it is. */
	store_set_limits(s, &age);
	merge_ok(s, f, &info0, &ms);
	assert_int_equal(ms.pruned, 0);
	/* Once o1 and o2 (and u1) leave the feed, old o1 goes with its tags
	 * and index row; starred o2 stays; u1, first seen at T0, is young. */
	merge_ok(s, g, &info0, &ms);
	assert_int_equal(ms.pruned, 1);
	assert_int_equal(sql_int(s, "SELECT count(*) FROM articles WHERE guid = 'o1'"), 0);
	assert_int_equal(sql_int(s, "SELECT count(*) FROM articles WHERE guid = 'o2'"), 1);
	assert_int_equal(sql_int(s, "SELECT count(*) FROM articles WHERE guid = 'u1'"), 1);
	assert_int_equal(sql_int(s, "SELECT count(*) FROM tags"), 0);
	fts_check(s); /* pruned rows left the index */
	assert_int_equal(sql_int(s, "SELECT count(*) FROM search WHERE search "
				 "MATCH 'old'"), 1); /* o2 "Old 2 starred" */
	/* Again: nothing left to prune, nothing written. */
	c = changes(s);
	merge_ok(s, g, &info0, &ms);
	assert_int_equal(ms.inserted + ms.pruned, 0);
	assert_int_equal(changes(s), c);

	/* By count: 3 newest (n1, u1 at T0, n2) plus starred o2. */
	store_set_limits(s, &count);
	merge_ok(s, f, &info0, &ms);
	assert_int_equal(ms.pruned, 1); /* n3 */
	assert_int_equal(sql_int(s, "SELECT count(*) FROM articles"), 4);
	assert_int_equal(sql_int(s, "SELECT count(*) FROM articles WHERE guid IN "
				 "('n1', 'n2', 'u1', 'o2')"), 4);
	fts_check(s);
	c = changes(s);
	merge_ok(s, f, &info0, &ms);
	assert_int_equal(ms.inserted + ms.pruned, 0);
	assert_int_equal(changes(s), c);
	feed_free(f);
	feed_free(g);
	store_close(s);
}

static void
test_body_hash_and_notes(void **state)
{
	const char *p = tpath("hash.db");
	struct feed *f = mk_feed("https://ex/feed", three, 2), *g;
	struct store_fetch_info info = info0;
	struct store_merge_stats ms;
	struct store_feed_state fs;
	struct store_hash h;
	struct store *s;
	char hex[33], *cause = NULL;
	int c;

	(void)state;
	store_hash_init(&h);
	store_hash_update(&h, "<rss>same bytes</rss>", 21);
	store_hash_hex(&h, hex);
	info.body_hash = hex;
	s = open_ok(p, 0);
	merge_ok(s, f, &info, &ms);
	assert_int_equal(ms.inserted, 2);
	assert_false(ms.same_body);
	/* Same body hash: nothing at all is written, whatever f holds. */
	g = mk_feed("https://ex/feed", three, 3);
	info.fetched = T0 + 100;
	c = changes(s);
	merge_ok(s, g, &info, &ms);
	assert_true(ms.same_body);
	assert_int_equal(ms.unchanged, 3);
	assert_int_equal(ms.inserted, 0);
	assert_int_equal(changes(s), c);
	assert_int_equal(sql_int(s, "SELECT count(*) FROM articles"), 2);

	/* 304: only the fetch time. */
	assert_int_equal(store_note_fetch(s, "https://ex/feed", T0 + 200, NULL, &cause), LDN_OK);
	assert_int_equal(changes(s), c + 1);
	assert_int_equal(store_feed_state(s, "https://ex/feed", &fs, &cause), LDN_OK);
	assert_int_equal(fs.last_fetch, T0 + 200);
	assert_string_equal(fs.body_hash, hex);
	assert_string_equal(fs.etag, "\"etag-1\"");
	assert_null(fs.last_error);
	store_feed_state_free(&fs);
	/* A failure: the error is kept, the articles too. */
	assert_int_equal(store_note_fetch(s, "https://ex/feed", T0 + 300,
					  "connection refused", &cause), LDN_OK);
	assert_int_equal(store_feed_state(s, "https://ex/feed", &fs, &cause), LDN_OK);
	assert_string_equal(fs.last_error, "connection refused");
	assert_int_equal(fs.last_fetch, T0 + 300);
	store_feed_state_free(&fs);
	assert_int_equal(sql_int(s, "SELECT count(*) FROM articles"), 2);
	/* A feed never merged gets a row from a note. */
	assert_int_equal(store_note_fetch(s, "https://other/feed", T0, "timeout", &cause), LDN_OK);
	assert_int_equal(store_feed_state(s, "https://other/feed", &fs, &cause), LDN_OK);
	assert_true(fs.known);
	assert_string_equal(fs.last_error, "timeout");
	store_feed_state_free(&fs);
	/* A new body: merged, the error cleared. */
	info.body_hash = "another";
	merge_ok(s, g, &info, &ms);
	assert_int_equal(ms.inserted, 1);
	assert_int_equal(store_feed_state(s, "https://ex/feed", &fs, &cause), LDN_OK);
	assert_null(fs.last_error);
	assert_string_equal(fs.body_hash, "another");
	store_feed_state_free(&fs);
	feed_free(f);
	feed_free(g);
	store_close(s);
}

static void
test_hash_pieces(void **state)
{
	static const char text[] = "The quick brown fox jumps over the lazy dog, twice over.";
	struct store_hash a, b;
	char ha[33], hb[33];
	size_t i, cut;

	(void)state;
	store_hash_init(&a);
	store_hash_update(&a, text, sizeof(text) - 1);
	store_hash_hex(&a, ha);
	assert_int_equal(strlen(ha), 32);
	for (cut = 0; cut < sizeof(text); cut++) {
		store_hash_init(&b);
		for (i = 0; i < sizeof(text) - 1; i += cut ? cut : 1)
			store_hash_update(&b, text + i,
			    (i + (cut ? cut : 1) > sizeof(text) - 1) ?
			    sizeof(text) - 1 - i : (cut ? cut : 1));
		store_hash_hex(&b, hb);
		assert_string_equal(ha, hb);
	}
	store_hash_init(&b);
	store_hash_update(&b, text, sizeof(text) - 2);
	store_hash_hex(&b, hb);
	assert_string_not_equal(ha, hb);
	/* It is XXH3-128: the values `xxhsum -H2` prints for these bytes. */
	store_hash_init(&b);
	store_hash_hex(&b, hb);
	assert_string_equal(hb, "99aa06d3014798d86001c324468d497f");
	store_hash_init(&b);
	store_hash_update(&b, "<rss>same ", 10);
	store_hash_update(&b, "bytes</rss>", 11);
	store_hash_hex(&b, hb);
	assert_string_equal(hb, "28e98a9ef8ae70a486ddc51070bba53b");
}

/* ---- load, marks, search ---- */

static void
test_load_round_trip(void **state)
{
	const char *p = tpath("load.db");
	struct feed *f = mk_feed("https://ex/feed", three, 3);
	struct article_list l = {0};
	struct article *a, *src;
	struct store *s;
	char *cause = NULL;
	size_t i, j;

	(void)state;
	src = f->articles.items[0];
	src->author = strdup("Jane Roe");
	assert_int_equal(article_add_enclosure(src, "https://ex/a.mp3", "audio/mpeg", 1234), LDN_OK);
	assert_int_equal(article_add_enclosure(src, "https://ex/b.jpg", NULL, -1), LDN_OK);
	f->articles.items[2]->summary_fmt = ARTICLE_FMT_TEXT;
	s = open_ok(p, 0);
	merge_ok(s, f, &info0, NULL);
	store_close(s);
	s = open_ok(p, 0);
	assert_int_equal(store_load(s, &l, &cause), LDN_OK);
	assert_int_equal(l.len, 3);
	for (i = 0; i < 3; i++) {
		src = f->articles.items[i];
		a = l.items[i];
		assert_string_equal(a->id, src->id);
		assert_true(a->store_id > 0);
		assert_string_equal(a->feed, "The Feed");
		assert_string_equal(a->feed_url, "https://ex/feed");
		assert_string_equal(a->title, src->title);
		if (src->link)
			assert_string_equal(a->link, src->link);
		else
			assert_null(a->link);
		if (src->author)
			assert_string_equal(a->author, src->author);
		else
			assert_null(a->author);
		assert_int_equal(a->has_published, src->has_published);
		if (src->has_published)
			assert_int_equal(a->published, src->published);
		assert_int_equal(a->ntags, src->ntags);
		for (j = 0; j < a->ntags; j++)
			assert_string_equal(a->tags[j], src->tags[j]);
		if (src->summary) {
			assert_string_equal(a->summary, src->summary);
			assert_int_equal(a->summary_fmt, src->summary_fmt);
		} else {
			assert_null(a->summary);
		}
		assert_null(a->content);
		assert_int_equal(a->nenclosures, src->nenclosures);
		for (j = 0; j < a->nenclosures; j++) {
			assert_string_equal(a->enclosures[j].url, src->enclosures[j].url);
			if (src->enclosures[j].type)
				assert_string_equal(a->enclosures[j].type, src->enclosures[j].type);
			else
				assert_null(a->enclosures[j].type);
			assert_int_equal(a->enclosures[j].length, src->enclosures[j].length);
		}
		assert_false(a->read);
		assert_false(a->starred);
		assert_int_equal(store_load_content(s, a, &cause), LDN_OK);
		if (src->content) {
			assert_string_equal(a->content, src->content);
			assert_int_equal(a->content_fmt, src->content_fmt);
		} else {
			assert_null(a->content);
		}
	}
	a = l.items[0];
	a->store_id = 999999;
	assert_int_equal(store_load_content(s, a, &cause), LDN_ENOTFOUND);
	assert_non_null(cause);
	free(cause);
	article_list_free(&l);
	feed_free(f);
	store_close(s);
}

static void
test_marks_persist(void **state)
{
	const char *p = tpath("marks.db");
	struct feed *f = mk_feed("https://ex/feed", three, 3);
	struct article_list l = {0};
	struct store *s;
	char *cause = NULL;
	long long id;

	(void)state;
	s = open_ok(p, 0);
	merge_ok(s, f, &info0, NULL);
	assert_int_equal(store_load(s, &l, &cause), LDN_OK);
	id = l.items[1]->store_id;
	article_list_free(&l);
	assert_int_equal(store_set_read(s, id, true, &cause), LDN_OK);
	assert_int_equal(store_set_starred(s, id, true, &cause), LDN_OK);
	assert_int_equal(store_set_read(s, 424242, true, &cause), LDN_ENOTFOUND);
	assert_non_null(strstr(cause, p));
	free(cause);
	cause = NULL;
	store_close(s);
	s = open_ok(p, 0);
	assert_int_equal(store_load(s, &l, &cause), LDN_OK);
	assert_true(l.items[1]->read && l.items[1]->starred);
	assert_false(l.items[0]->read || l.items[0]->starred);
	article_list_free(&l);
	assert_int_equal(store_set_read(s, id, false, &cause), LDN_OK);
	assert_int_equal(store_set_starred(s, id, false, &cause), LDN_OK);
	store_close(s);
	s = open_ok(p, 0);
	assert_int_equal(store_load(s, &l, &cause), LDN_OK);
	assert_false(l.items[1]->read || l.items[1]->starred);
	article_list_free(&l);
	feed_free(f);
	store_close(s);
}

/* The read mark of every article, by store id order. */
static void
read_marks(struct store *s, bool *out, size_t n)
{
	struct article_list l = {0};
	char *cause = NULL;
	size_t i;

	assert_int_equal(store_load(s, &l, &cause), LDN_OK);
	assert_int_equal(l.len, n);
	for (i = 0; i < n; i++)
		out[i] = l.items[i]->read;
	article_list_free(&l);
}

static int
ll_cmp(const void *x, const void *y)
{
	const long long *a = x, *b = y;

	return (*a > *b) - (*a < *b);
}

/*
 * Marks of many articles at once: only those that differ are written and
 * returned, so writing them back undoes exactly that; a feed's articles by
 * URL; which of some ids are unread.
 */
static void
test_marks_at_once(void **state)
{
	const char *urls[] = {"https://a/feed", "https://b/feed", "https://none/feed"};
	struct feed *fa = mk_feed(urls[0], three, 3), *fb = mk_feed(urls[1], three, 2);
	struct store *s = open_ok(tpath("marks-at-once.db"), 0);
	long long ids[] = {1, 2, 4, 5, 999}, *ch, *unread;
	bool before[5], after[5];
	size_t n, n2 = 0;
	char *cause = NULL;

	(void)state;
	merge_ok(s, fa, &info0, NULL);
	merge_ok(s, fb, &info0, NULL);
	/* Store ids 1-3 are a's, 4-5 b's. */
	assert_int_equal(sql_int(s, "SELECT max(id) FROM articles"), 5);
	assert_int_equal(store_set_read(s, 2, true, &cause), LDN_OK);
	read_marks(s, before, 5);
	assert_int_equal(store_set_read_ids(s, ids, 5, true, &ch, &n, &cause), LDN_OK);
	qsort(ch, n, sizeof(*ch), ll_cmp);
	assert_int_equal(n, 3); /* 2 was read already, 999 is no article */
	assert_int_equal(ch[0], 1);
	assert_int_equal(ch[1], 4);
	assert_int_equal(ch[2], 5);
	read_marks(s, after, 5);
	assert_true(after[0] && after[1] && !after[2] && after[3] && after[4]);
	/* Undone: exactly the marks before (counted without the ids). */
	assert_int_equal(store_set_read_ids(s, ch, n, false, NULL, &n2, &cause), LDN_OK);
	assert_int_equal(n2, 3);
	free(ch);
	read_marks(s, after, 5);
	assert_memory_equal(before, after, sizeof(before));
	/* Ids no longer cached, none of them found (UBSan: no bsearch over
	 * no array). */
	{
		struct article *gone[2] = {NULL, NULL};
		long long missing[2] = {999, 1000};

		assert_int_equal(store_load_ids(s, missing, 2, gone, &cause), LDN_OK);
		assert_null(gone[0]);
		assert_null(gone[1]);
	}
	/* Which are unread, ascending. */
	assert_int_equal(store_unread_ids(s, ids, 5, &unread, &n, &cause), LDN_OK);
	assert_int_equal(n, 3);
	assert_true(unread[0] == 1 && unread[1] == 4 && unread[2] == 5);
	free(unread);
	/* One feed's articles; the other's stay. */
	assert_int_equal(store_set_read_feeds(s, urls + 1, 2, &ch, &n, &cause), LDN_OK);
	qsort(ch, n, sizeof(*ch), ll_cmp);
	assert_int_equal(n, 2);
	assert_true(ch[0] == 4 && ch[1] == 5);
	free(ch);
	read_marks(s, after, 5);
	assert_true(!after[0] && after[1] && !after[2] && after[3] && after[4]);
	feed_free(fa);
	feed_free(fb);
	store_close(s);
}

struct search_row {
	const char *text;
	size_t n;  /* how many of `three` match */
};

static void
test_search(void **state)
{
	static const struct search_row rows[] = {
		{"zebras", 1},            /* a word of a body */
		{"ZEBRA", 1},             /* case, prefix */
		{"zurich", 1},            /* diacritics folded */
		{"Z\xc3\xbc" "rich", 1},
		{"headline", 3},          /* titles */
		{"fuel", 1},              /* standfirst, HTML stripped */
		{"plain standfirst", 1},  /* every word must match */
		{"plain zebras", 0},
		{"china's", 1},
		{"b", 0},                 /* no markup indexed: <b> */
		{"", 0},
		{"   ", 0},
		{"\"", 0},
		{"\"zebras", 1},
		{"zeb*", 1},
		{"*", 0},
		{"NEAR(zebras chancellor)", 0},
		{"zebras NEAR chancellor", 0},
		{"(zebras", 1},
		{"zebras)", 1},
		{"-zebras", 1},
		{"zebras -chancellor", 1},
		{"zebras OR nothing", 0},
		{"AND", 0},
		{"NOT zebras", 0},
		{"title:first", 0},
		{"^first", 1},
		{"{title}: x", 0},
		{"a\"\"b \"\"\"", 0},
		{"- * ( ) \" :", 0},
	};
	const char *p = tpath("search.db");
	struct feed *f = mk_feed("https://ex/feed", three, 3);
	struct store *s;
	long long *ids;
	size_t i, n;
	char *cause = NULL;

	(void)state;
	s = open_ok(p, 0);
	merge_ok(s, f, &info0, NULL);
	assert_int_equal(store_index_pending(s, 2, &n, &cause), LDN_OK);
	assert_int_equal(n, 1); /* in slices */
	index_all(s);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		cause = NULL;
		if (store_search(s, rows[i].text, &ids, &n, &cause) != LDN_OK)
			fail_msg("search '%s': %s", rows[i].text, cause);
		if (n != rows[i].n)
			fail_msg("search '%s': %zu results, want %zu", rows[i].text,
				 n, rows[i].n);
		free(ids);
	}
	feed_free(f);
	store_close(s);
}

/*
 * The terms ldn_html gives the index, byte for byte: they are persisted
 * (FTS5 deletes a row by tokenizing its old text again), so the tokenizer
 * may not change them without a schema step that rebuilds the index.
 * Character references of every UTF-8 length, the ones that are no
 * character (a space), the six names it knows and one it does not.
 */
static void
test_tokenizer_terms(void **state)
{
	static const struct spec one[] = {
		{"t1", "T", NULL, -1, {NULL}, NULL,
		 "<p>caf&#233;s &#x4E2D;&#25991; &#x20000;&#x10400;q "
		 "a&#0;b c&#xD800;d e&#x110000;f g&#99999999;h i&#x41;j"
		 "</p><script>hidden</script>k&amp;l m&lt;n&gt;o p&quot;r"
		 "&apos;s&nbsp;t u&eacute;v w&#;x y&#x;z"},
	};
	static const char *const want[] = {
		"a", "b", "c", "cafes", "d", "e", "f", "g", "h", "iaj", "k",
		"l", "m", "n", "o", "p", "r", "s", "t", "u", "v", "w", "x", "y",
		"z", "\xe4\xb8\xad\xe6\x96\x87",
		"\xf0\xa0\x80\x80\xf0\x90\x90\xa8q", /* U+10400 folded */
	};
	const char *p = tpath("terms.db");
	struct feed *f = mk_feed("https://ex/feed", one, 1);
	struct store *s;
	sqlite3_stmt *st;
	size_t n = 0;

	(void)state;
	s = open_ok(p, 0);
	merge_ok(s, f, &info0, NULL);
	index_all(s);
	assert_int_equal(sqlite3_exec(store_db(s), "CREATE VIRTUAL TABLE temp.terms "
	    "USING fts5vocab(main, search, 'row')", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(store_db(s), "SELECT term FROM temp.terms "
	    "ORDER BY term", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *term = (const char *)sqlite3_column_text(st, 0);

		if (n >= sizeof(want) / sizeof(want[0]) || strcmp(term, want[n]) != 0)
			fail_msg("term %zu: '%s', want '%s'", n, term,
				 n < sizeof(want) / sizeof(want[0]) ? want[n] : "(none)");
		n++;
	}
	sqlite3_finalize(st);
	assert_int_equal(n, sizeof(want) / sizeof(want[0]));
	feed_free(f);
	store_close(s);
}

/* ---- read-only ---- */

static void
test_readonly(void **state)
{
	const char *p = tpath("ro.db");
	char wal[4200], shm[4200], *before, *after, *cause = NULL;
	struct feed *f = mk_feed("https://ex/feed", three, 3);
	struct article_list l = {0};
	struct stat sb0, sb1;
	struct store *s;
	size_t nb, na;
	long long *ids;
	size_t n;

	(void)state;
	snprintf(wal, sizeof(wal), "%s-wal", p);
	snprintf(shm, sizeof(shm), "%s-shm", p);
	s = open_ok(p, 0);
	merge_ok(s, f, &info0, NULL);
	index_all(s);
	store_close(s);
	assert_false(exists(wal));
	assert_int_equal(chmod(p, 0444), 0);
	before = ts_slurp(p, &nb);
	assert_int_equal(stat(p, &sb0), 0);

	s = open_ok(p, STORE_READONLY);
	assert_int_equal(store_load(s, &l, &cause), LDN_OK);
	assert_int_equal(l.len, 3);
	assert_int_equal(store_load_content(s, l.items[0], &cause), LDN_OK);
	assert_non_null(l.items[0]->content);
	assert_int_equal(store_search(s, "zebras", &ids, &n, &cause), LDN_OK);
	assert_int_equal(n, 1);
	free(ids);
	assert_int_equal(store_set_read(s, l.items[0]->store_id, true, &cause), LDN_EIO);
	assert_non_null(strstr(cause, p));
	free(cause);
	cause = NULL;
	assert_int_equal(store_merge(s, f, &info0, NULL, &cause), LDN_EIO);
	free(cause);
	cause = NULL;
	assert_int_equal(store_note_fetch(s, "https://ex/feed", T0, NULL, &cause), LDN_EIO);
	free(cause);
	cause = NULL;
	assert_int_equal(store_index_pending(s, 0, NULL, &cause), LDN_EIO);
	free(cause);
	cause = NULL;
	store_close(s);
	article_list_free(&l);

	after = ts_slurp(p, &na);
	assert_int_equal(stat(p, &sb1), 0);
	assert_int_equal(na, nb);
	assert_memory_equal(before, after, nb);
	assert_int_equal(sb0.st_mtim.tv_sec, sb1.st_mtim.tv_sec);
	assert_int_equal(sb0.st_mtim.tv_nsec, sb1.st_mtim.tv_nsec);
	assert_false(exists(wal));
	assert_false(exists(shm));
	free(before);
	free(after);
	chmod(p, 0644);

	/* While a writer has the cache open (its WAL exists): still readable,
	 * and the reader sees what the writer committed. */
	{
		struct store *w = open_ok(p, 0);
		assert_int_equal(store_set_read(w, 1, true, &cause), LDN_OK);
		assert_true(exists(wal));
		s = open_ok(p, STORE_READONLY);
		assert_int_equal(store_load(s, &l, &cause), LDN_OK);
		assert_int_equal(l.len, 3);
		assert_true(l.items[0]->store_id == 1 && l.items[0]->read);
		article_list_free(&l);
		store_close(s);
		store_close(w);
	}

	/* Missing: an empty store, and still no file. */
	p = tpath("ro-missing.db");
	s = open_ok(p, STORE_READONLY);
	assert_int_equal(store_load(s, &l, &cause), LDN_OK);
	assert_int_equal(l.len, 0);
	store_close(s);
	assert_false(exists(p));
	feed_free(f);
}

/* Read-only on an older schema: upgraded in memory, the file untouched. */
static void
test_readonly_old_version(void **state)
{
	const char *p = tpath("ro-old.db");
	struct article_list l = {0};
	struct store *s = NULL;
	char *before, *after, *cause = NULL;
	size_t nb, na, n;
	long long *ids;

	(void)state;
	assert_int_equal(store_open_version(&s, p, 1, &cause), LDN_OK);
	old_rows(s, 1);
	store_close(s);
	before = ts_slurp(p, &nb);
	s = open_ok(p, STORE_READONLY);
	assert_int_equal(store_load(s, &l, &cause), LDN_OK);
	assert_int_equal(l.len, 2);
	assert_int_equal(store_search(s, "quokka", &ids, &n, &cause), LDN_OK);
	assert_int_equal(n, 1);
	free(ids);
	article_list_free(&l);
	store_close(s);
	after = ts_slurp(p, &na);
	assert_int_equal(na, nb);
	assert_memory_equal(before, after, nb);
	free(before);
	free(after);
}

/*
 * Makes a file or directory unwritable, even for root (the tests may run
 * as root, where chmod stops nothing): the immutable attribute as root,
 * else the mode bits. on = false undoes it.
 */
static void
set_unwritable(const char *path, bool on)
{
	struct stat sb;
	int fd, flags;

	if (geteuid() != 0) {
		assert_int_equal(stat(path, &sb), 0);
		assert_int_equal(chmod(path, on ? (sb.st_mode & 0555) :
				       (sb.st_mode | 0200)), 0);
		return;
	}
	fd = open(path, O_RDONLY | O_NONBLOCK);
	assert_true(fd >= 0);
	assert_int_equal(ioctl(fd, FS_IOC_GETFLAGS, &flags), 0);
	flags = on ? (flags | FS_IMMUTABLE_FL) : (flags & ~FS_IMMUTABLE_FL);
	assert_int_equal(ioctl(fd, FS_IOC_SETFLAGS, &flags), 0);
	close(fd);
}

/* Read-write on a read-only file or directory: a clear error, no loss. */
static void
test_readonly_file_in_rw_mode(void **state)
{
	const char *p = tpath("rofile.db");
	char dir[4096], path[4200], *before, *after, *cause = NULL;
	struct feed *f = mk_feed("https://ex/feed", three, 3);
	struct article_list l = {0};
	struct store *s;
	size_t nb, na;

	(void)state;
	s = open_ok(p, 0);
	merge_ok(s, f, &info0, NULL);
	store_close(s);
	before = ts_slurp(p, &nb);
	set_unwritable(p, true);
	s = NULL;
	assert_int_equal(store_open(&s, p, 0, &cause), LDN_EIO);
	assert_null(s);
	assert_non_null(strstr(cause, p));
	assert_non_null(strstr(cause, "read-only"));
	free(cause);
	cause = NULL;
	/* The kiosk reads it. */
	s = open_ok(p, STORE_READONLY);
	assert_int_equal(store_load(s, &l, &cause), LDN_OK);
	assert_int_equal(l.len, 3);
	article_list_free(&l);
	store_close(s);
	set_unwritable(p, false);
	after = ts_slurp(p, &na);
	assert_int_equal(na, nb);
	assert_memory_equal(before, after, nb);
	free(after);

	/* A writable file in a directory where no -wal can be created. */
	snprintf(dir, sizeof(dir), "%s/rodir", tmpdir);
	tpath("rodir");
	assert_int_equal(mkdir(dir, 0700), 0);
	snprintf(path, sizeof(path), "%s/cache.db", dir);
	ts_spit(path, before, nb);
	set_unwritable(dir, true);
	s = NULL;
	assert_int_equal(store_open(&s, path, 0, &cause), LDN_EIO);
	assert_null(s);
	assert_non_null(strstr(cause, path));
	print_message("read-only directory: %s\n", cause);
	free(cause);
	cause = NULL;
	s = open_ok(path, STORE_READONLY);
	assert_int_equal(store_load(s, &l, &cause), LDN_OK);
	assert_int_equal(l.len, 3);
	article_list_free(&l);
	store_close(s);
	set_unwritable(dir, false);
	after = ts_slurp(path, &na);
	assert_int_equal(na, nb);
	assert_memory_equal(before, after, nb);
	free(before);
	free(after);
	feed_free(f);
}

/* ---- reset ---- */

static void
test_reset(void **state)
{
	const char *p = tpath("reset.db");
	char *to1 = NULL, *to2 = NULL, *cause = NULL, wal[4300], journal[4300];
	struct store *s;
	size_t plen = strlen(p);

	(void)state;
	assert_int_equal(store_reset(p, &to1, &cause), LDN_OK);
	assert_null(to1);
	s = open_ok(p, 0);
	store_close(s);
	/* A WAL left by a crash moves along with the database. */
	snprintf(wal, sizeof(wal), "%s-wal", p);
	ts_spit(wal, "w", 1);
	/* So does a rollback journal (a killed first fill): never left to
	 * be rolled into the next cache of that name. */
	snprintf(journal, sizeof(journal), "%s-journal", p);
	ts_spit(journal, "j", 1);
	assert_int_equal(store_reset(p, &to1, &cause), LDN_OK);
	assert_non_null(to1);
	assert_false(exists(p));
	assert_false(exists(wal));
	assert_false(exists(journal));
	assert_true(exists(to1));
	assert_int_equal(strncmp(to1, p, plen), 0);
	assert_int_equal(strlen(to1), plen + strlen(".YYYYmmdd-HHMMSS.bak"));
	assert_string_equal(to1 + strlen(to1) - 4, ".bak");
	snprintf(wal, sizeof(wal), "%s-wal", to1);
	assert_true(exists(wal));
	snprintf(journal, sizeof(journal), "%s-journal", to1);
	assert_true(exists(journal));
	/* Again within the same second: another name, nothing overwritten. */
	ts_spit(p, "second", 6);
	assert_int_equal(store_reset(p, &to2, &cause), LDN_OK);
	assert_non_null(to2);
	assert_string_not_equal(to1, to2);
	assert_true(exists(to1) && exists(to2));
	free(to1);
	free(to2);
}

/* The first screenful comes in the view order of query.h. */
static void
test_load_head(void **state)
{
	static const struct spec mixed[] = {
		{"m1", "Tie b", NULL, T0 - 100, {"UK"}, NULL, NULL},
		{"m2", "Undated 2", NULL, -1, {NULL}, NULL, NULL},
		{"m3", "Newest", NULL, T0, {"A", "B"}, NULL, NULL},
		{"m0", "Tie a", NULL, T0 - 100, {NULL}, NULL, NULL},
		{"m4", "Undated 1", NULL, -1, {NULL}, NULL, NULL},
		{"m5", "Oldest", NULL, T0 - 900, {NULL}, NULL, NULL},
	};
	static const char *const urls[] = {"https://b/feed", "https://a/feed"};
	const char *p = tpath("head.db");
	struct feed *fa = mk_feed("https://a/feed", mixed, 6);
	struct feed *fb = mk_feed("https://b/feed", mixed, 3);
	struct feed *fc = mk_feed("https://c/feed", mixed, 6);
	struct article_list all = {0}, want = {0};
	struct store *s = open_ok(p, 0);
	struct store_merge_stats ms;
	char *cause = NULL;
	size_t lim, i;

	(void)state;
	merge_ok(s, fa, &info0, &ms);
	merge_ok(s, fb, &info0, &ms);
	merge_ok(s, fc, &info0, &ms);  /* a feed not asked for */
	assert_int_equal(store_load(s, &all, &cause), LDN_OK);
	assert_int_equal(article_list_take_feeds(&want, &all, urls, 2), LDN_OK);
	query_sort(&want);
	assert_int_equal(want.len, 9);
	for (lim = 1; lim <= 10; lim++) {
		struct article_list head = {0};
		assert_int_equal(store_load_head(s, urls, 2, lim, &head, &cause), LDN_OK);
		assert_int_equal(head.len, lim < want.len ? lim : want.len);
		for (i = 0; i < head.len; i++) {
			assert_int_equal(head.items[i]->store_id, want.items[i]->store_id);
			assert_int_equal(head.items[i]->ntags, want.items[i]->ntags);
		}
		article_list_free(&head);
	}
	article_list_free(&want);
	/* The URLs travel as a JSON array (json_escape): one with a quote, a
	 * backslash and a control character is matched byte for byte. */
	{
		static const char *const odd[] = {"https://d/\"q\\x\x01"};
		struct feed *fd = mk_feed(odd[0], mixed, 2);
		struct article_list head = {0};

		merge_ok(s, fd, &info0, &ms);
		assert_int_equal(store_load_head(s, odd, 1, 10, &head, &cause), LDN_OK);
		assert_int_equal(head.len, 2);
		assert_string_equal(head.items[0]->feed_url, odd[0]);
		article_list_free(&head);
		feed_free(fd);
	}
	feed_free(fa);
	feed_free(fb);
	feed_free(fc);
	store_close(s);
}

/* A stream gives the feeds' articles in view order, all of them, with
 * their tags; the counts say how many, and which feeds have any. */
static void
test_stream_and_counts(void **state)
{
	static const struct spec mixed[] = {
		{"s1", "Tie b", NULL, T0 - 100, {"UK", "World"}, NULL, NULL},
		{"s2", "Undated", NULL, -1, {NULL}, NULL, NULL},
		{"s3", "Newest", NULL, T0, {"A"}, NULL, NULL},
		{"s0", "Tie a", NULL, T0 - 100, {NULL}, NULL, NULL},
	};
	const char *urls[] = {"https://b/feed", "https://a/feed", "https://none/feed"};
	struct feed *fa = mk_feed("https://a/feed", mixed, 4);
	struct feed *fb = mk_feed("https://b/feed", mixed, 3);
	struct feed *fc = mk_feed("https://c/feed", mixed, 4);
	struct store *s = open_ok(tpath("stream.db"), 0);
	struct article_list all = {0}, want = {0};
	struct store_stream *ss;
	struct store_merge_stats ms;
	struct article *a;
	bool has[3] = {true, false, true};
	char *cause = NULL;
	size_t total, i;

	(void)state;
	merge_ok(s, fa, &info0, &ms);
	merge_ok(s, fb, &info0, &ms);
	/* Only the feeds asked for are cached: count(*) of the whole cache. */
	assert_int_equal(store_count_cached(s, urls, 3, &total, has, &cause), LDN_OK);
	assert_int_equal(total, 7);
	assert_true(has[0] && has[1] && !has[2]);
	/* Another feed's articles are not counted. */
	merge_ok(s, fc, &info0, &ms);
	assert_int_equal(store_count_cached(s, urls, 3, &total, has, &cause), LDN_OK);
	assert_int_equal(total, 7);
	assert_int_equal(store_count_cached(s, urls + 2, 1, &total, has, &cause), LDN_OK);
	assert_int_equal(total, 0);
	assert_false(has[0]);

	assert_int_equal(store_load(s, &all, &cause), LDN_OK);
	assert_int_equal(article_list_take_feeds(&want, &all, urls, 3), LDN_OK);
	query_sort(&want);
	assert_int_equal(want.len, 7);
	assert_int_equal(store_stream_open(&ss, s, urls, 3, &cause), LDN_OK);
	for (i = 0; i <= want.len; i++) {
		assert_int_equal(store_stream_next(ss, &a, &cause), LDN_OK);
		if (i == want.len) {
			assert_null(a);
			break;
		}
		assert_non_null(a);
		assert_int_equal(a->store_id, want.items[i]->store_id);
		assert_string_equal(a->title, want.items[i]->title);
		assert_int_equal(a->ntags, want.items[i]->ntags);
		if (a->ntags > 0)
			assert_string_equal(a->tags[a->ntags - 1], want.items[i]->tags[a->ntags - 1]);
		article_free(a);
	}
	/* At the end it stays at the end. */
	assert_int_equal(store_stream_next(ss, &a, &cause), LDN_OK);
	assert_null(a);
	store_stream_free(ss);
	/* The stream's read transaction is over: the cache can be written. */
	assert_int_equal(store_set_read(s, want.items[0]->store_id, true, &cause), LDN_OK);
	article_list_free(&want);
	feed_free(fa);
	feed_free(fb);
	feed_free(fc);
	store_close(s);
}

/* Some feeds' articles, as store_load has them (tags too), and no others. */
static void
test_load_feeds(void **state)
{
	static const struct spec mixed[] = {
		{"m1", "One", NULL, T0 - 100, {"UK", "Politics"}, NULL, NULL},
		{"m2", "Two", NULL, -1, {NULL}, NULL, NULL},
		{"m3", "Three", NULL, T0, {"A"}, NULL, NULL},
	};
	static const char *const urls[] = {"https://c/feed", "https://a/feed"};
	const char *p = tpath("feeds.db");
	struct feed *fa = mk_feed("https://a/feed", mixed, 3);
	struct feed *fb = mk_feed("https://b/feed", mixed, 3);
	struct feed *fc = mk_feed("https://c/feed", mixed, 2);
	struct article_list all = {0}, want = {0}, got = {0};
	struct store *s = open_ok(p, 0);
	struct store_merge_stats ms;
	char *cause = NULL;
	size_t i, j;

	(void)state;
	merge_ok(s, fa, &info0, &ms);
	merge_ok(s, fb, &info0, &ms);  /* a feed not asked for, between */
	merge_ok(s, fc, &info0, &ms);
	assert_int_equal(store_load(s, &all, &cause), LDN_OK);
	assert_int_equal(article_list_take_feeds(&want, &all, urls, 2), LDN_OK);
	assert_int_equal(want.len, 5);
	assert_int_equal(store_load_feeds(s, urls, 2, &got, &cause), LDN_OK);
	assert_int_equal(got.len, want.len);
	for (i = 0; i < got.len; i++) {
		assert_int_equal(got.items[i]->store_id, want.items[i]->store_id);
		assert_string_equal(got.items[i]->feed_url, want.items[i]->feed_url);
		assert_string_equal(got.items[i]->title, want.items[i]->title);
		assert_int_equal(got.items[i]->ntags, want.items[i]->ntags);
		for (j = 0; j < got.items[i]->ntags; j++)
			assert_string_equal(got.items[i]->tags[j], want.items[i]->tags[j]);
	}
	article_list_free(&got);
	assert_int_equal(store_load_feeds(s, urls, 0, &got, &cause), LDN_OK);
	assert_int_equal(got.len, 0);
	article_list_free(&want);
	article_list_free(&all);
	feed_free(fa);
	feed_free(fb);
	feed_free(fc);
	store_close(s);
}

/* ---- streamed merge, and sync through the spool ---- */

/*
 * Every stored fact of the articles (not the store's ids, not first-seen
 * or fetch times), in guid order, as one string (caller frees): two caches
 * given the same merges must agree on it.
 */
static char *
dump(struct store *s)
{
	static const char sql[] = "SELECT a.guid, a.title, a.link, a.author, "
	    "a.published, a.summary, a.summary_fmt, a.read, a.starred, a.hash, "
	    "a.xhash, b.content, b.content_fmt, (SELECT group_concat(tag, '|') "
	    "FROM (SELECT tag FROM tags WHERE article_id = a.id ORDER BY pos)), "
	    "(SELECT group_concat(url || ' ' || coalesce(type, '-') || ' ' || length, '|') "
	    "FROM (SELECT * FROM enclosures WHERE article_id = a.id ORDER BY pos)), "
	    "f.url, f.title, f.description, f.link, f.etag, f.last_error "
	    "FROM articles a JOIN feeds f ON f.id = a.feed_id "
	    "LEFT JOIN bodies b ON b.article_id = a.id ORDER BY f.url, a.guid";
	sqlite3_stmt *st;
	char *out = NULL;
	size_t len = 0;
	FILE *m = open_memstream(&out, &len);
	int i;

	assert_non_null(m);
	assert_int_equal(sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (i = 0; i < sqlite3_column_count(st); i++) {
			const unsigned char *t = sqlite3_column_text(st, i);
			fprintf(m, "%s\t", t ? (const char *)t : "(null)");
		}
		fputc('\n', m);
	}
	sqlite3_finalize(st);
	fclose(m);
	return out;
}

static void
assert_same_caches(struct store *a, struct store *b)
{
	char *da = dump(a), *db = dump(b);

	assert_string_equal(da, db);
	free(da);
	free(db);
}

/* A deterministic shuffle (an LCG), so tests see feeds out of date order. */
static void
shuffle(struct spec *v, size_t n, unsigned long seed)
{
	struct spec t;
	size_t i, j;

	for (i = n; i > 1; i--) {
		seed = seed * 6364136223846793005UL + 1442695040888963407UL;
		j = (size_t)(seed >> 33) % i;
		t = v[i - 1];
		v[i - 1] = v[j];
		v[j] = t;
	}
}

/* n specs: ids, titles, links and dates from k (dates shuffled by seed). */
static struct spec *
mk_specs(size_t n, unsigned long seed, char ***strs)
{
	struct spec *v = calloc(n, sizeof(*v));
	char **s = calloc(3 * n, sizeof(*s));
	size_t i;

	assert_non_null(v);
	assert_non_null(s);
	for (i = 0; i < n; i++) {
		s[3 * i] = malloc(64);
		s[3 * i + 1] = malloc(64);
		s[3 * i + 2] = malloc(64);
		assert_non_null(s[3 * i]);
		assert_non_null(s[3 * i + 1]);
		assert_non_null(s[3 * i + 2]);
		snprintf(s[3 * i], 64, "g%zu", i);
		snprintf(s[3 * i + 1], 64, "Story %zu", i);
		snprintf(s[3 * i + 2], 64, "https://ex/s%zu", i);
		v[i].id = s[3 * i];
		v[i].title = s[3 * i + 1];
		v[i].link = s[3 * i + 2];
		v[i].published = i % 17 == 5 ? -1 : T0 - 3600 - (long)i * 60;
		v[i].tags[0] = i % 2 ? "Odd" : "Even";
		v[i].content = "<p>Body</p>";
	}
	if (seed != 0)
		shuffle(v, n, seed);
	*strs = s;
	return v;
}

static void
free_specs(struct spec *v, char **s, size_t n)
{
	size_t i;

	for (i = 0; i < 3 * n; i++)
		free(s[i]);
	free(s);
	free(v);
}

/*
 * Merges f into s article by article as a parser would hand them over:
 * each article is a fresh copy, freed on return unless the merge holds it.
 */
static void
merge_streamed(struct store *s, const struct spec *v, size_t n, const char *url,
	       const struct store_fetch_info *info, struct store_merge_stats *ms)
{
	struct feed *head = mk_feed(url, v, 0);
	struct store_merge *m = NULL;
	char *cause = NULL;
	bool held;
	size_t i;

	assert_int_equal(store_merge_begin(&m, s, url, info->fetched, &cause), LDN_OK);
	for (i = 0; i < n; i++) {
		struct article *a = mk_article(&v[i]);
		if (store_merge_article(m, a, &held, &cause) != LDN_OK)
			fail_msg("store_merge_article: %s", cause ? cause : "?");
		if (held)
			assert_int_equal(article_list_push(&head->articles, a), LDN_OK);
		else
			article_free(a);
	}
	if (store_merge_end(m, head, info, ms, &cause) != LDN_OK)
		fail_msg("store_merge_end: %s", cause ? cause : "?");
	feed_free(head);
}

static void
merge_batch(struct store *s, const struct spec *v, size_t n, const char *url,
	    const struct store_fetch_info *info, struct store_merge_stats *ms)
{
	struct feed *f = mk_feed(url, v, n);

	merge_ok(s, f, info, ms);
	feed_free(f);
}

static void
test_merge_streamed_equals_batch(void **state)
{
	const char *url = "https://ex/feed";
	struct store_limits lim = {1000, 60};
	struct store_merge_stats ma, mb;
	struct store *a, *b;
	struct spec *v1, *v2;
	char **s1, **s2;
	size_t i;

	(void)state;
	a = open_ok(tpath("batch.db"), 0);
	b = open_ok(tpath("streamed.db"), 0);
	/* 100 cached, newest first, with marks. */
	v1 = mk_specs(100, 0, &s1);
	merge_batch(a, v1, 100, url, &info0, &ma);
	merge_streamed(b, v1, 100, url, &info0, &mb);
	assert_int_equal(ma.inserted, 100);
	assert_int_equal(mb.inserted, 100);
	assert_same_caches(a, b);
	index_all(a);
	index_all(b);
	store_set_limits(a, &lim);
	store_set_limits(b, &lim);
	assert_int_equal(sqlite3_exec(store_db(a), "UPDATE articles SET read = 1, starred = "
	    "(guid = 'g99') WHERE guid IN ('g3', 'g40', 'g99')", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(store_db(b), "UPDATE articles SET read = 1, starred = "
	    "(guid = 'g99') WHERE guid IN ('g3', 'g40', 'g99')", NULL, NULL, NULL), SQLITE_OK);

	/* Then 300 in shuffled order: edits, a new id on an old link (held),
	 * repeated ids, more than the limit of 60, starred g99 left out. */
	v2 = mk_specs(300, 7, &s2);
	for (i = 0; i < 300; i++) {
		if (strcmp(v2[i].id, "g3") == 0)
			v2[i].title = "Story 3, edited";
		if (strcmp(v2[i].id, "g40") == 0)
			v2[i].id = "g40-renamed";
		if (strcmp(v2[i].id, "g99") == 0)
			v2[i] = v2[(i + 1) % 300]; /* a repeat, and g99 is gone */
		if (strcmp(v2[i].id, "g7") == 0)
			v2[i].tags[1] = "Added";
	}
	merge_batch(a, v2, 300, url, &info0, &ma);
	merge_streamed(b, v2, 300, url, &info0, &mb);
	assert_same_caches(a, b);
	assert_int_equal(ma.inserted, mb.inserted);
	assert_int_equal(ma.updated, mb.updated);
	assert_int_equal(ma.unchanged, mb.unchanged);
	assert_int_equal(ma.pruned, mb.pruned);
	assert_int_equal(ma.skipped, mb.skipped);
	/* The newest 60 of the feed, plus starred g99. */
	assert_int_equal(sql_int(b, "SELECT count(*) FROM articles"), 61);
	assert_int_equal(sql_int(b, "SELECT read FROM articles WHERE guid = 'g3'"), 1);
	assert_int_equal(sql_int(b, "SELECT count(*) FROM articles WHERE guid = 'g40'"), 0);
	assert_int_equal(sql_int(b, "SELECT read FROM articles WHERE guid = 'g40-renamed'"), 1);
	assert_int_equal(sql_int(b, "SELECT starred FROM articles WHERE guid = 'g99'"), 1);
	/* What left or changed left the index too. */
	index_all(b);
	fts_check(b);
	free_specs(v1, s1, 100);
	free_specs(v2, s2, 300);
	store_close(a);
	store_close(b);
}

/*
 * Retention by count in a feed out of date order: whatever the merge
 * skipped on the way, what stays is exactly the newest, and nothing newer
 * than the cut was skipped.
 */
static int
cmp_spec_age(const void *x, const void *y)
{
	const struct spec *a = x, *b = y;
	long ka = a->published < 0 ? T0 : a->published;
	long kb = b->published < 0 ? T0 : b->published;

	return ka > kb ? -1 : ka < kb;
}

/* The cache holds exactly the `keep` newest of v[0..n) (ages distinct at
 * the cut; undated ones count as first seen at T0). */
static void
assert_newest(struct store *s, const struct spec *v, size_t n, size_t keep)
{
	struct spec *sorted = malloc(n * sizeof(*sorted));
	sqlite3_stmt *st;
	size_t i;

	assert_non_null(sorted);
	memcpy(sorted, v, n * sizeof(*sorted));
	qsort(sorted, n, sizeof(*sorted), cmp_spec_age);
	assert_int_equal(sql_int(s, "SELECT count(*) FROM articles"), keep);
	assert_int_equal(sqlite3_prepare_v2(store_db(s), "SELECT count(*) FROM "
	    "articles WHERE guid = ?1", -1, &st, NULL), SQLITE_OK);
	for (i = 0; i < keep; i++) {
		sqlite3_bind_text(st, 1, sorted[i].id, -1, SQLITE_STATIC);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		if (sqlite3_column_int(st, 0) != 1)
			fail_msg("%s, one of the %zu newest, is not kept", sorted[i].id, keep);
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	free(sorted);
}

static void
test_merge_retention_any_order(void **state)
{
	static const unsigned long seeds[] = {0, 1, 2, 3, 99};
	struct store_limits lim = {0, 50};
	struct store_merge_stats ms;
	struct spec *v;
	char **strs;
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(seeds) / sizeof(seeds[0]); k++) {
		struct store *s = open_ok(tpath("order.db"), 0);
		store_set_limits(s, &lim);
		v = mk_specs(400, seeds[k], &strs);
		merge_streamed(s, v, 400, "https://ex/feed", &info0, &ms);
		assert_int_equal(ms.inserted - ms.pruned, 50);
		assert_int_equal(ms.inserted + ms.skipped, 400);
		assert_newest(s, v, 400, 50);
		/* The same merge again writes nothing. */
		{
			int c = changes(s);
			merge_streamed(s, v, 400, "https://ex/feed", &info0, &ms);
			assert_int_equal(ms.inserted + ms.pruned + ms.updated, 0);
			assert_int_equal(changes(s), c);
		}
		free_specs(v, strs, 400);
		store_close(s);
	}
}

static void
test_merge_abort(void **state)
{
	const char *url = "https://ex/feed";
	struct store_merge *m = NULL;
	struct store_merge_stats ms;
	struct feed *f = mk_feed(url, three, 3);
	struct store *s = open_ok(tpath("abort.db"), 0), *other;
	char *before, *after, *cause = NULL, p[4200];
	bool held;
	size_t i;

	(void)state;
	merge_ok(s, f, &info0, &ms);
	free(f->articles.items[0]->title);
	f->articles.items[0]->title = strdup("Changed");
	before = dump(s);
	assert_int_equal(store_merge_begin(&m, s, "https://ex/new", T0, &cause), LDN_OK);
	store_merge_abort(m);
	assert_int_equal(store_merge_begin(&m, s, url, T0, &cause), LDN_OK);
	for (i = 0; i < 3; i++)
		assert_int_equal(store_merge_article(m, f->articles.items[i], &held, &cause), LDN_OK);
	store_merge_abort(m);
	store_merge_abort(NULL);
	after = dump(s);
	assert_string_equal(before, after);
	assert_int_equal(sql_int(s, "SELECT count(*) FROM feeds"), 1);
	free(after);
	/* The write lock went with it: another connection writes at once. */
	snprintf(p, sizeof(p), "%s/abort.db", tmpdir);
	other = open_ok(p, 0);
	assert_int_equal(sqlite3_busy_timeout(store_db(other), 0), SQLITE_OK);
	assert_int_equal(store_note_fetch(other, url, T0, NULL, &cause), LDN_OK);
	store_close(other);
	free(before);
	feed_free(f);
	store_close(s);
}

/* The connection's journal mode ("wal", "delete"...), in a static buffer. */
static const char *
journal_mode(struct store *s)
{
	static char mode[16];
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_prepare_v2(store_db(s), "PRAGMA journal_mode", -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(mode, sizeof(mode), "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return mode;
}

/*
 * A batch: its merges commit together; one that fails inside it is
 * rolled back alone; the first fill leaves WAL until store_batch_end; a
 * batch whose transaction an error ended commits nothing.
 */
static void
test_batch(void **state)
{
	struct feed *a = mk_feed("https://ex/a", three, 3), *c = mk_feed("https://ex/c", three, 3);
	struct store *s = open_ok(tpath("batch.db"), 0);
	struct store_merge *m = NULL;
	char *cause = NULL;
	bool held;

	(void)state;
	assert_string_equal(journal_mode(s), "wal");
	assert_int_equal(store_batch_begin(s, &cause), LDN_OK);
	assert_string_equal(journal_mode(s), "delete");
	merge_ok(s, a, &info0, NULL);
	assert_int_equal(store_merge_begin(&m, s, "https://ex/b", T0, &cause), LDN_OK);
	assert_int_equal(store_merge_article(m, a->articles.items[0], &held, &cause), LDN_OK);
	store_merge_abort(m);
	merge_ok(s, c, &info0, NULL);
	assert_int_equal(store_batch_commit(s, &cause), LDN_OK);
	assert_null(cause);
	/* Still out of WAL between the batches of one run. */
	assert_string_equal(journal_mode(s), "delete");
	store_batch_end(s);
	assert_string_equal(journal_mode(s), "wal");
	assert_int_equal(sql_int(s, "SELECT count(*) FROM feeds"), 2);
	assert_int_equal(sql_int(s, "SELECT count(*) FROM feeds WHERE url = 'https://ex/b'"), 0);
	assert_int_equal(sql_int(s, "SELECT count(*) FROM articles"), 6);

	/* A cache with articles stays in WAL; a transaction gone is a failure. */
	assert_int_equal(store_batch_begin(s, &cause), LDN_OK);
	assert_string_equal(journal_mode(s), "wal");
	feed_free(c);
	c = mk_feed("https://ex/d", three, 3);
	merge_ok(s, c, &info0, NULL);
	assert_int_equal(sqlite3_exec(store_db(s), "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(store_batch_commit(s, &cause), LDN_EIO);
	assert_non_null(cause);
	free(cause);
	store_batch_end(s);
	assert_int_equal(sql_int(s, "SELECT count(*) FROM feeds"), 2);
	feed_free(a);
	feed_free(c);
	store_close(s);
}

/*
 * An RSS 2.0 file of items 1..n, newest first, each with a body of about
 * `body` bytes; item `edit` gets another title, `top` adds an item 0,
 * item `renamed` another guid (its link stays); SIZE_MAX: none.
 */
static void
write_rss_renamed(const char *path, size_t n, size_t body, size_t edit, bool top,
		  size_t renamed)
{
	FILE *f = fopen(path, "w");
	char date[64];
	struct tm tm;
	time_t t;
	size_t i, j;

	assert_non_null(f);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" "
	      "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel>"
	      "<title>Spool test</title><link>https://ex/</link>"
	      "<description>Tagline</description>\n", f);
	for (i = top ? 0 : 1; i <= n; i++) {
		t = (time_t)T0 - (time_t)i * 60;
		assert_non_null(gmtime_r(&t, &tm));
		assert_true(strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm) > 0);
		fprintf(f, "<item><title>Story %zu%s</title><link>https://ex/s%zu</link>"
			"<guid>g%zu%s</guid><pubDate>%s</pubDate><category>%s</category>"
			"<description>Standfirst %zu</description><content:encoded><![CDATA[",
			i, i == edit ? " (edited)" : "", i, i, i == renamed ? "-new" : "",
			date, i % 2 ? "Odd" : "Even", i);
		for (j = 0; j < body; j += 29)
			fputs("<p>Words about the city.</p>\n", f);
		fputs("]]></content:encoded></item>\n", f);
	}
	fputs("</channel></rss>\n", f);
	assert_int_equal(fclose(f), 0);
}

static void
write_rss(const char *path, size_t n, size_t body, size_t edit, bool top)
{
	write_rss_renamed(path, n, body, edit, top, SIZE_MAX);
}

static void
take_feed(struct sync_outcome *out, void *payload)
{
	struct feed **f = payload;

	if (out->status != LDN_OK || out->feed == NULL)
		fail_msg("%s: %s", out->src, out->cause ? out->cause : "no feed");
	*f = out->feed;
	out->feed = NULL;
}

/* The file read whole into memory by the engine (no store). */
static struct feed *
read_feed(const char *path)
{
	struct sync_opts so = {.on_done = take_feed};
	struct fetch_opts fo;
	struct feed *f = NULL;
	char *cause = NULL;

	fetch_opts_default(&fo);
	so.fetch = &fo;
	so.payload = &f;
	if (sync_feeds(NULL, &path, 1, &so, &cause) != LDN_OK)
		fail_msg("sync_feeds: %s", cause ? cause : "?");
	return f;
}

/* The file parsed whole, then store_merge: what sync_feed must match. */
static void
merge_file(struct store *s, const char *path)
{
	struct feed *f = read_feed(path);

	merge_ok(s, f, NULL, NULL);
	feed_free(f);
}

static size_t
dir_entries(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	size_t n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	closedir(d);
	return n;
}

struct spooler {
	struct load_spool *sp;
	char *cause;
};

static int
spool_sink(const char *data, size_t len, void *payload)
{
	struct spooler *w = payload;

	return load_spool_add(w->sp, data, len, &w->cause);
}

/* Fetches path into a new spool, as sync_feeds does; *sp NULL on error. */
static int
spool_file(const char *path, struct load_spool **sp, char **cause)
{
	struct fetch_response resp = {0};
	struct fetch_opts fo;
	struct spooler w = {NULL, NULL};
	char *fetch_cause = NULL;
	int st;

	fetch_opts_default(&fo);
	assert_int_equal(load_spool_new(&w.sp), LDN_OK);
	st = fetch_run(path, &fo, spool_sink, &w, &resp, &fetch_cause);
	if (st == LDN_OK)
		st = load_spool_end(w.sp, &resp, &w.cause);
	if (st == LDN_OK) {
		assert_int_equal(resp.status, 200);
		*sp = w.sp;
	} else {
		*sp = NULL;
		*cause = w.cause;
		load_spool_free(w.sp);
	}
	free(fetch_cause);
	fetch_response_free(&resp);
	return st;
}

/* A spool: its file part (the body is over a megabyte) parses the same as
 * the body parsed as it came, as often as asked, and leaves no file. */
static void
test_load_spool(void **state)
{
	char feed[4200], dir[4200], *cause = NULL, *warning = NULL;
	struct load_spool *sp = NULL;
	struct feed *direct = NULL, *f;
	struct fetch_opts fo;
	size_t i, k;

	(void)state;
	fetch_opts_default(&fo);
	snprintf(dir, sizeof(dir), "%s/spool", tmpdir);
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(setenv("TMPDIR", dir, 1), 0);
	snprintf(feed, sizeof(feed), "%s/spool.xml", tmpdir);
	write_rss(feed, 300, 5000, SIZE_MAX, false);
	direct = read_feed(feed);
	assert_int_equal(spool_file(feed, &sp, &cause), LDN_OK);
	assert_non_null(sp);
	assert_int_equal(dir_entries(dir), 0);
	for (k = 0; k < 2; k++) {
		assert_int_equal(load_parse(sp, feed, 0, NULL, &f, &warning, &cause), LDN_OK);
		assert_null(warning);
		assert_int_equal(f->articles.len, 300);
		assert_string_equal(f->title, "Spool test");
		for (i = 0; i < 300; i++) {
			assert_string_equal(f->articles.items[i]->id, direct->articles.items[i]->id);
			assert_string_equal(f->articles.items[i]->content,
					    direct->articles.items[i]->content);
		}
		feed_free(f);
	}
	load_spool_free(sp);
	/* No room for the temporary file: one line that names where. */
	assert_int_equal(setenv("TMPDIR", "/nonexistent-ldnews-dir", 1), 0);
	assert_int_equal(spool_file(feed, &sp, &cause), LDN_EIO);
	assert_null(sp);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "/nonexistent-ldnews-dir"));
	free(cause);
	assert_int_equal(unsetenv("TMPDIR"), 0);
	feed_free(direct);
}

static void
sync_ok(struct store *s, const char *src, struct sync_result *res, char **warning)
{
	struct fetch_opts fo;
	char *cause = NULL;

	fetch_opts_default(&fo);
	*warning = NULL;
	if (sync_feed(s, src, &fo, res, warning, &cause) != LDN_OK)
		fail_msg("sync_feed: %s", cause ? cause : "?");
}

/*
 * sync_feed: a first fetch merges as it parses; the same bytes again are
 * not parsed, nor merged; a body changed only at its end (so the whole
 * body waited in the spool before the hash told) still merges everything;
 * each time the cache equals a merge of the whole parsed file.
 */
static void
test_sync_spool(void **state)
{
	struct store_limits none = {0, 0};
	struct store *s = open_ok(tpath("sync.db"), 0), *ref = open_ok(tpath("ref.db"), 0);
	struct sync_result res;
	char feed[4200], dir[4200], *warning;
	int c;

	(void)state;
	store_set_limits(s, &none);
	store_set_limits(ref, &none);
	snprintf(dir, sizeof(dir), "%s/spool2", tmpdir);
	assert_int_equal(mkdir(dir, 0700), 0);
	assert_int_equal(setenv("TMPDIR", dir, 1), 0);
	snprintf(feed, sizeof(feed), "%s/sync.xml", tmpdir);
	write_rss(feed, 300, 5000, SIZE_MAX, false);
	sync_ok(s, feed, &res, &warning);
	assert_null(warning);
	assert_int_equal(res.status, 200);
	assert_int_equal(res.stats.inserted, 300);
	merge_file(ref, feed);
	assert_same_caches(s, ref);

	/* The same bytes again: nothing written at all (the "write
	 * nothing"; a 304 notes the fetch time, this does not). */
	c = changes(s);
	sync_ok(s, feed, &res, &warning);
	assert_true(res.stats.same_body);
	assert_int_equal(res.stats.inserted + res.stats.updated, 0);
	assert_int_equal(changes(s), c);

	write_rss(feed, 300, 5000, 300, true);
	sync_ok(s, feed, &res, &warning);
	assert_false(res.stats.same_body);
	assert_int_equal(res.stats.inserted, 1);
	assert_int_equal(res.stats.updated, 1);
	assert_int_equal(res.stats.unchanged, 299);
	merge_file(ref, feed);
	assert_same_caches(s, ref);
	assert_int_equal(sql_int(s, "SELECT count(*) FROM articles WHERE title = "
				 "'Story 300 (edited)'"), 1);

	/* A new guid on a known link: the row is kept, with its mark (the
	 * article waited for the end of the feed to be matched). */
	assert_int_equal(sqlite3_exec(store_db(s), "UPDATE articles SET read = 1 "
	    "WHERE guid = 'g150'", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_exec(store_db(ref), "UPDATE articles SET read = 1 "
	    "WHERE guid = 'g150'", NULL, NULL, NULL), SQLITE_OK);
	write_rss_renamed(feed, 300, 5000, 300, true, 150);
	sync_ok(s, feed, &res, &warning);
	assert_int_equal(res.stats.updated, 1);
	assert_int_equal(res.stats.inserted, 0);
	merge_file(ref, feed);
	assert_same_caches(s, ref);
	assert_int_equal(sql_int(s, "SELECT read FROM articles WHERE guid = 'g150-new'"), 1);
	assert_int_equal(sql_int(s, "SELECT count(*) FROM articles"), 301);

	/* Cut short: the articles before the fault, a warning, nothing lost. */
	assert_int_equal(truncate(feed, 600 * 1000), 0);
	sync_ok(s, feed, &res, &warning);
	assert_non_null(warning);
	free(warning);
	assert_true(res.stats.unchanged > 50);
	assert_int_equal(res.stats.inserted + res.stats.updated, 0);
	assert_int_equal(sql_int(s, "SELECT count(*) FROM articles"), 301);
	assert_int_equal(dir_entries(dir), 0);
	assert_int_equal(unsetenv("TMPDIR"), 0);
	store_close(s);
	store_close(ref);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_memory_statistics),
		cmocka_unit_test(test_open_create),
		cmocka_unit_test(test_marks_at_once),
		cmocka_unit_test(test_memory),
		cmocka_unit_test(test_migrate_from_each),
		cmocka_unit_test(test_newer_version_refused),
		cmocka_unit_test(test_load_head),
		cmocka_unit_test(test_stream_and_counts),
		cmocka_unit_test(test_load_feeds),
		cmocka_unit_test(test_bad_files),
		cmocka_unit_test(test_zero_length_is_new),
		cmocka_unit_test(test_merge_insert_and_unchanged),
		cmocka_unit_test(test_merge_edit_keeps_marks),
		cmocka_unit_test(test_merge_link_not_stolen),
		cmocka_unit_test(test_tags_use_index),
		cmocka_unit_test(test_retention),
		cmocka_unit_test(test_body_hash_and_notes),
		cmocka_unit_test(test_hash_pieces),
		cmocka_unit_test(test_load_round_trip),
		cmocka_unit_test(test_marks_persist),
		cmocka_unit_test(test_search),
		cmocka_unit_test(test_tokenizer_terms),
		cmocka_unit_test(test_readonly),
		cmocka_unit_test(test_readonly_old_version),
		cmocka_unit_test(test_readonly_file_in_rw_mode),
		cmocka_unit_test(test_reset),
		cmocka_unit_test(test_merge_streamed_equals_batch),
		cmocka_unit_test(test_merge_retention_any_order),
		cmocka_unit_test(test_merge_abort),
		cmocka_unit_test(test_batch),
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_load_spool),
		cmocka_unit_test(test_sync_spool),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
