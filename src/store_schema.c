/*
 * store_schema.c - the schema, version by version (PRAGMA user_version),
 * and store_migrate, which runs the steps a cache lacks.
 *
 * Threads: whichever opens a connection (store_open_at): the UI thread,
 * the refresh worker, or a headless run.
 */
#include <stdio.h>

#include <sqlite3.h>

#include "store_int.h"

/* ---- schema ---- */

static const char store_v1[] =
	"CREATE TABLE feeds("
	" id INTEGER PRIMARY KEY,"
	" url TEXT NOT NULL UNIQUE,"
	" title TEXT NOT NULL DEFAULT '',"
	" description TEXT, link TEXT, etag TEXT, last_modified TEXT,"
	" last_fetch INTEGER NOT NULL DEFAULT 0,"
	" last_error TEXT);"
	"CREATE TABLE articles("
	" id INTEGER PRIMARY KEY,"
	" feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,"
	" guid TEXT NOT NULL, link TEXT, title TEXT NOT NULL DEFAULT '',"
	" author TEXT, published INTEGER,"
	" summary TEXT, summary_fmt INTEGER NOT NULL DEFAULT 0,"
	" content TEXT, content_fmt INTEGER NOT NULL DEFAULT 0,"
	" read INTEGER NOT NULL DEFAULT 0, starred INTEGER NOT NULL DEFAULT 0,"
	" first_seen INTEGER NOT NULL);"
	"CREATE UNIQUE INDEX articles_guid ON articles(feed_id, guid);"
	"CREATE INDEX articles_link ON articles(feed_id, link);"
	"CREATE TABLE tags("
	" article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
	" pos INTEGER NOT NULL, tag TEXT NOT NULL,"
	" PRIMARY KEY(article_id, pos)) WITHOUT ROWID;"
	"CREATE INDEX tags_tag ON tags(tag);"
	"CREATE TABLE enclosures("
	" article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
	" pos INTEGER NOT NULL, url TEXT NOT NULL, type TEXT,"
	" length INTEGER NOT NULL DEFAULT -1,"
	" PRIMARY KEY(article_id, pos)) WITHOUT ROWID;";

/*
 * Change detection (hashes, body hash) and the full-text index: an FTS5
 * table over the articles' own title, summary and content columns (no
 * second copy of the text), through the ldn_html tokenizer, which drops
 * markup. Indexing costs far more than storing, so it is deferred:
 * `indexed` says whether a row is in the index, store_index_pending() adds
 * the rest, and the triggers take a row out of the index when it is
 * deleted (retention and cascades included) or its text changes.
 */
static const char store_v2[] =
	"ALTER TABLE feeds ADD COLUMN body_hash TEXT;"
	"ALTER TABLE articles ADD COLUMN hash INTEGER;"
	"ALTER TABLE articles ADD COLUMN xhash INTEGER;"
	"ALTER TABLE articles ADD COLUMN indexed INTEGER NOT NULL DEFAULT 0;"
	"CREATE INDEX articles_unindexed ON articles(id) WHERE indexed = 0;"
	"CREATE VIRTUAL TABLE search USING fts5(title, summary, content,"
	" content = 'articles', content_rowid = 'id',"
	" tokenize = 'ldn_html remove_diacritics 2');"
	"CREATE TRIGGER articles_search_del AFTER DELETE ON articles"
	" WHEN old.indexed BEGIN"
	" INSERT INTO search(search, rowid, title, summary, content)"
	"  VALUES('delete', old.id, old.title, old.summary, old.content); END;"
	"CREATE TRIGGER articles_search_upd AFTER UPDATE OF title, summary,"
	" content ON articles WHEN old.indexed BEGIN"
	" INSERT INTO search(search, rowid, title, summary, content)"
	"  VALUES('delete', old.id, old.title, old.summary, old.content);"
	" UPDATE articles SET indexed = 0 WHERE id = new.id; END;";

/*
 * Bodies move to a table of their own, so that loading the headline list
 * reads no body (with bodies inline, a scan of the articles read them all);
 * the index is re-created over a view joining both, and every article is
 * indexed again. From here on a body changes only with its article row
 * (the merge updates the row first), so the triggers on articles cover
 * the index: the delete one runs BEFORE the cascade removes the body.
 * Retention orders each feed's articles by age: an index for it.
 */
static const char store_v3[] =
	"CREATE TABLE bodies("
	" article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,"
	" content TEXT NOT NULL, content_fmt INTEGER NOT NULL DEFAULT 0);"
	"INSERT INTO bodies SELECT id, content, content_fmt FROM articles"
	" WHERE content IS NOT NULL;"
	"DROP TRIGGER articles_search_del;"
	"DROP TRIGGER articles_search_upd;"
	"DROP TABLE search;"
	"ALTER TABLE articles DROP COLUMN content;"
	"ALTER TABLE articles DROP COLUMN content_fmt;"
	"UPDATE articles SET indexed = 0;"
	"CREATE VIEW article_text AS SELECT a.id AS id, a.title AS title,"
	" a.summary AS summary, b.content AS content FROM articles a"
	" LEFT JOIN bodies b ON b.article_id = a.id;"
	"CREATE VIRTUAL TABLE search USING fts5(title, summary, content,"
	" content = 'article_text', content_rowid = 'id',"
	" tokenize = 'ldn_html remove_diacritics 2');"
	"CREATE TRIGGER articles_search_del BEFORE DELETE ON articles"
	" WHEN old.indexed BEGIN"
	" INSERT INTO search(search, rowid, title, summary, content)"
	"  VALUES('delete', old.id, old.title, old.summary,"
	"  (SELECT content FROM bodies WHERE article_id = old.id)); END;"
	"CREATE TRIGGER articles_search_upd AFTER UPDATE OF title, summary"
	" ON articles WHEN old.indexed BEGIN"
	" INSERT INTO search(search, rowid, title, summary, content)"
	"  VALUES('delete', old.id, old.title, old.summary,"
	"  (SELECT content FROM bodies WHERE article_id = old.id));"
	" UPDATE articles SET indexed = 0 WHERE id = new.id; END;"
	"CREATE INDEX articles_age ON articles(feed_id,"
	" coalesce(published, first_seen));";

/* v4: the reader's first screen (store_load_head) walks articles newest
 * first; without this index it sorts the whole cache to find a screenful. */
static const char store_v4[] =
	"CREATE INDEX articles_published ON articles(published);";

/*
 * v5: scheduling across runs. A permanent redirect's target is where the
 * feed is fetched from (its url stays its name: articles and the user's
 * config refer to it); the server's Retry-After and the freshness that
 * Cache-Control, Expires or the feed's <ttl> give are the earliest times
 * of the next fetch.
 */
static const char store_v5[] =
	"ALTER TABLE feeds ADD COLUMN fetch_url TEXT;"
	"ALTER TABLE feeds ADD COLUMN retry_after INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE feeds ADD COLUMN fresh_until INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE feeds ADD COLUMN ttl INTEGER NOT NULL DEFAULT 0;";

/*
 * v6: article pages (store_pages.c). The extraction of an article's web
 * page, beside its article (gone with it), with the page's validators and
 * the extractor's version. Tags, enclosures and related headlines are one
 * JSON object (`extra`): they are read and written only as a whole.
 */
static const char store_v6[] =
	"CREATE TABLE pages("
	" article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,"
	" title TEXT NOT NULL DEFAULT '', byline TEXT, date TEXT, published INTEGER,"
	" body TEXT NOT NULL, lead_image TEXT, lead_image_alt TEXT,"
	" extra TEXT NOT NULL DEFAULT '{}',"
	" etag TEXT, last_modified TEXT, fetched INTEGER NOT NULL,"
	" version INTEGER NOT NULL);";

struct store_step {
	int version;
	const char *sql;
};

static const struct store_step store_steps[] = {
	{1, store_v1},
	{2, store_v2},
	{3, store_v3},
	{4, store_v4},
	{5, store_v5},
	{6, store_v6},
};
#define STORE_NSTEPS (sizeof(store_steps) / sizeof(store_steps[0]))

/* Runs the steps above the cache's version, up to `upto`. */
int
store_migrate(struct store *s, int upto, char **cause)
{
	const struct store_step *step;
	long long v;
	char sql[64];
	size_t i;
	int ret;

	for (i = 0; i < STORE_NSTEPS; i++) {
		step = &store_steps[i];
		if (step->version > upto)
			break;
		ret = store_exec(s, "BEGIN IMMEDIATE", "upgrading the cache", cause);
		if (ret != LDN_OK)
			return ret;
		/* Another process may have run this step meanwhile. */
		ret = store_int_query(s, "PRAGMA user_version", &v, cause);
		if (ret == LDN_OK && v < step->version) {
			ret = store_exec(s, step->sql, "upgrading the cache", cause);
			snprintf(sql, sizeof(sql), "PRAGMA user_version = %d",
				 step->version);
			if (ret == LDN_OK)
				ret = store_exec(s, sql, "upgrading the cache", cause);
		}
		if (ret == LDN_OK)
			ret = store_exec(s, "COMMIT", "upgrading the cache", cause);
		if (ret != LDN_OK) {
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
			return ret;
		}
	}
	return LDN_OK;
}
