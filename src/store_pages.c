/*
 * store_pages.c - the cache of article pages (schema 6): what the
 * extractor took from an article's web page, the page's validators and
 * the extractor's version (store.h, "Article pages").
 *
 * Tags, enclosures and related headlines go in one JSON object (the
 * `extra` column), written here with json_escape and read back with
 * json-c. The cache is a file anyone with the right may have changed: a
 * value ldnews never writes is reported as damage (store_cols_done).
 *
 * Threads: whichever thread owns the connection (the UI's, a headless
 * run's).
 */
#include <stdlib.h>
#include <string.h>

#include <json-c/json_object.h>
#include <json-c/json_tokener.h>
#include <sqlite3.h>

#include "buf.h"
#include "json.h"
#include "store_int.h"

/* What an `extra` holds at most: the extractor's own bounds. */
#define PAGES_EXTRA_MAX (64UL * 1024 * 1024)

void
store_page_free(struct store_page *pg)
{
	extract_free(pg->x);
	free(pg->etag);
	free(pg->last_modified);
	memset(pg, 0, sizeof(*pg));
}

/* ---- extra: {"tags":[...],"enclosures":[{url,type,length}],"related":[{title,url}]} ---- */

static int
pages_key_str(struct buf *b, const char *key, const char *v, bool first)
{
	int st = buf_printf(b, "%s\"%s\":", first ? "" : ",", key);

	if (st == LDN_OK && v == NULL)
		return buf_puts(b, "null");
	return st == LDN_OK ? json_escape(b, v) : st;
}

static int
pages_extra_write(struct buf *b, const struct extract *x)
{
	size_t i;
	int st = buf_puts(b, "{\"tags\":[");

	for (i = 0; st == LDN_OK && i < x->ntags; i++) {
		if (i > 0)
			st = buf_putc(b, ',');
		if (st == LDN_OK)
			st = json_escape(b, x->tags[i]);
	}
	if (st == LDN_OK)
		st = buf_puts(b, "],\"enclosures\":[");
	for (i = 0; st == LDN_OK && i < x->nenclosures; i++) {
		st = buf_puts(b, i > 0 ? ",{" : "{");
		if (st == LDN_OK)
			st = pages_key_str(b, "url", x->enclosures[i].url, true);
		if (st == LDN_OK)
			st = pages_key_str(b, "type", x->enclosures[i].type, false);
		if (st == LDN_OK)
			st = buf_printf(b, ",\"length\":%lld}", x->enclosures[i].length);
	}
	if (st == LDN_OK)
		st = buf_puts(b, "],\"related\":[");
	for (i = 0; st == LDN_OK && i < x->nrelated; i++) {
		st = buf_puts(b, i > 0 ? ",{" : "{");
		if (st == LDN_OK)
			st = pages_key_str(b, "title", x->related[i].title, true);
		if (st == LDN_OK)
			st = pages_key_str(b, "url", x->related[i].url, false);
		if (st == LDN_OK)
			st = buf_putc(b, '}');
	}
	if (st == LDN_OK)
		st = buf_puts(b, "]}");
	return st;
}

/* The array `key` of obj, at most max long; NULL when absent or bad. */
static struct json_object *
pages_array(struct json_object *obj, const char *key, size_t max, size_t *n)
{
	struct json_object *arr;

	*n = 0;
	if (!json_object_object_get_ex(obj, key, &arr) ||
	    !json_object_is_type(arr, json_type_array) || json_object_array_length(arr) > max)
		return NULL;
	*n = json_object_array_length(arr);
	return arr;
}

/* Member `key` of obj as a new string; *bad when it is not one (and may
 * not be missing: `need`). */
static char *
pages_member(struct json_object *obj, const char *key, bool need, bool *bad, bool *oom)
{
	struct json_object *v;
	char *d;

	if (!json_object_object_get_ex(obj, key, &v) || json_object_is_type(v, json_type_null)) {
		*bad |= need;
		return NULL;
	}
	if (!json_object_is_type(v, json_type_string)) {
		*bad = true;
		return NULL;
	}
	if ((d = strdup(json_object_get_string(v))) == NULL)
		*oom = true;
	return d;
}

static void
pages_extra_tags(struct json_object *root, struct extract *x, bool *bad, bool *oom)
{
	struct json_object *arr = pages_array(root, "tags", EXTRACT_MAX_TAGS, &x->ntags), *v;
	size_t i;

	if (arr == NULL)
		return;
	if ((x->tags = calloc(x->ntags + 1, sizeof(*x->tags))) == NULL) {
		x->ntags = 0;
		*oom = true;
		return;
	}
	for (i = 0; i < x->ntags && !*bad && !*oom; i++) {
		v = json_object_array_get_idx(arr, i);
		if (!json_object_is_type(v, json_type_string))
			*bad = true;
		else if ((x->tags[i] = strdup(json_object_get_string(v))) == NULL)
			*oom = true;
	}
}

static void
pages_extra_enclosures(struct json_object *root, struct extract *x, bool *bad, bool *oom)
{
	struct json_object *arr, *e, *len;
	size_t i;

	arr = pages_array(root, "enclosures", EXTRACT_MAX_ENCLOSURES, &x->nenclosures);
	if (arr == NULL)
		return;
	if ((x->enclosures = calloc(x->nenclosures + 1, sizeof(*x->enclosures))) == NULL) {
		x->nenclosures = 0;
		*oom = true;
		return;
	}
	for (i = 0; i < x->nenclosures && !*bad && !*oom; i++) {
		e = json_object_array_get_idx(arr, i);
		x->enclosures[i].url = pages_member(e, "url", true, bad, oom);
		x->enclosures[i].type = pages_member(e, "type", false, bad, oom);
		x->enclosures[i].length = json_object_object_get_ex(e, "length", &len) ?
					  json_object_get_int64(len) : -1;
	}
}

static void
pages_extra_related(struct json_object *root, struct extract *x, bool *bad, bool *oom)
{
	struct json_object *arr, *r;
	size_t i;

	arr = pages_array(root, "related", EXTRACT_MAX_RELATED, &x->nrelated);
	if (arr == NULL)
		return;
	if ((x->related = calloc(x->nrelated + 1, sizeof(*x->related))) == NULL) {
		x->nrelated = 0;
		*oom = true;
		return;
	}
	for (i = 0; i < x->nrelated && !*bad && !*oom; i++) {
		r = json_object_array_get_idx(arr, i);
		x->related[i].title = pages_member(r, "title", true, bad, oom);
		x->related[i].url = pages_member(r, "url", true, bad, oom);
	}
}

/* Fills x's tags, enclosures and related from the column's JSON. */
static void
pages_extra_read(const char *text, struct extract *x, bool *bad, bool *oom)
{
	struct json_object *root;

	if (text == NULL)
		return;
	if ((root = json_tokener_parse(text)) == NULL ||
	    !json_object_is_type(root, json_type_object)) {
		*bad = true;
		json_object_put(root);
		return;
	}
	pages_extra_tags(root, x, bad, oom);
	pages_extra_enclosures(root, x, bad, oom);
	pages_extra_related(root, x, bad, oom);
	json_object_put(root);
}

/* ---- rows ---- */

static void
pages_fill(sqlite3_stmt *st, struct store_page *out, struct store_cols *c)
{
	struct extract *x = out->x;
	bool bad = false;

	x->title = store_col_dup(st, 0, true, c);
	x->byline = store_col_dup(st, 1, false, c);
	x->date = store_col_dup(st, 2, false, c);
	x->has_published = sqlite3_column_type(st, 3) != SQLITE_NULL;
	x->published = (time_t)store_col_int(st, 3, true, STORE_ANY_INT, c);
	x->body = store_col_dup(st, 4, true, c);
	x->lead_image = store_col_dup(st, 5, false, c);
	x->lead_image_alt = store_col_dup(st, 6, false, c);
	pages_extra_read(store_col_text(st, 7, true, c), x, &bad, &c->oom);
	if (bad && c->bad == NULL && (c->bad = strdup("extra")) == NULL)
		c->oom = true;
	out->etag = store_col_dup(st, 8, false, c);
	out->last_modified = store_col_dup(st, 9, false, c);
	out->fetched = (time_t)store_col_int(st, 10, false, STORE_ANY_INT, c);
	out->version = (int)store_col_int(st, 11, false, 0, 1 << 30, c);
}

int
store_page_get(struct store *s, long long article_id, struct store_page *out, bool *found,
	       char **cause)
{
	struct store_cols c = {0};
	sqlite3_stmt *st;
	int rc, ret;

	memset(out, 0, sizeof(*out));
	*found = false;
	ret = store_prepare(s, &st, "SELECT title, byline, date, published, body, lead_image, "
			    "lead_image_alt, extra, etag, last_modified, fetched, version "
			    "FROM pages WHERE article_id = ?1", cause);
	if (ret != LDN_OK)
		return ret;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)article_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*found = true;
		if ((out->x = calloc(1, sizeof(*out->x))) == NULL)
			c.oom = true;
		else
			pages_fill(st, out, &c);
	} else if (rc != SQLITE_DONE) {
		ret = store_fail(s, rc, "reading", cause);
	}
	sqlite3_finalize(st);
	ret = store_cols_done(s, &c, ret, cause);
	if (ret != LDN_OK) {
		store_page_free(out);
		*found = false;
	}
	return ret;
}

int
store_page_version(struct store *s, long long article_id, int *version, time_t *fetched,
		   char **cause)
{
	struct store_cols c = {0};
	sqlite3_stmt *st;
	int rc, ret;

	*version = 0;
	*fetched = 0;
	ret = store_prepare(s, &st, "SELECT version, fetched FROM pages WHERE article_id = ?1",
			    cause);
	if (ret != LDN_OK)
		return ret;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)article_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*version = (int)store_col_int(st, 0, false, 0, 1 << 30, &c);
		*fetched = (time_t)store_col_int(st, 1, false, STORE_ANY_INT, &c);
	} else if (rc != SQLITE_DONE) {
		ret = store_fail(s, rc, "reading", cause);
	}
	sqlite3_finalize(st);
	return store_cols_done(s, &c, ret, cause);
}

int
store_page_put(struct store *s, long long article_id, const struct store_page *pg,
	       char **cause)
{
	const struct extract *x = pg->x;
	sqlite3_stmt *st;
	struct buf extra;
	int ret;

	if ((ret = store_writable(s, cause)) != LDN_OK)
		return ret;
	buf_init(&extra, PAGES_EXTRA_MAX);
	if (pages_extra_write(&extra, x) != LDN_OK) {
		buf_free(&extra);
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	}
	/* From the article's row, so a pruned article gets no page. */
	ret = store_prepare(s, &st, "INSERT OR REPLACE INTO pages(article_id, title, byline, "
			    "date, published, body, lead_image, lead_image_alt, extra, etag, "
			    "last_modified, fetched, version) SELECT id, ?2, ?3, ?4, ?5, ?6, ?7, "
			    "?8, ?9, ?10, ?11, ?12, ?13 FROM articles WHERE id = ?1", cause);
	if (ret == LDN_OK) {
		sqlite3_bind_int64(st, 1, (sqlite3_int64)article_id);
		store_bind_text(st, 2, x->title ? x->title : "");
		store_bind_text(st, 3, x->byline);
		store_bind_text(st, 4, x->date);
		if (x->has_published)
			sqlite3_bind_int64(st, 5, (sqlite3_int64)x->published);
		store_bind_text(st, 6, x->body ? x->body : "");
		store_bind_text(st, 7, x->lead_image);
		store_bind_text(st, 8, x->lead_image_alt);
		store_bind_text(st, 9, buf_cstr(&extra));
		store_bind_text(st, 10, pg->etag);
		store_bind_text(st, 11, pg->last_modified);
		sqlite3_bind_int64(st, 12, (sqlite3_int64)(pg->fetched ? pg->fetched : time(NULL)));
		sqlite3_bind_int(st, 13, pg->version);
		ret = store_step_done(s, st, "keeping a page", cause);
		if (ret == LDN_OK && sqlite3_changes(s->db) == 0)
			ret = ldn_cause(cause, LDN_ENOTFOUND, "no such article in the cache");
		sqlite3_finalize(st);
	}
	buf_free(&extra);
	return ret;
}

int
store_page_touch(struct store *s, long long article_id, time_t when, char **cause)
{
	sqlite3_stmt *st;
	int ret;

	if ((ret = store_writable(s, cause)) != LDN_OK)
		return ret;
	ret = store_prepare(s, &st, "UPDATE pages SET fetched = ?2 WHERE article_id = ?1", cause);
	if (ret != LDN_OK)
		return ret;
	sqlite3_bind_int64(st, 1, (sqlite3_int64)article_id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)(when ? when : time(NULL)));
	ret = store_step_done(s, st, "noting a page's fetch", cause);
	sqlite3_finalize(st);
	return ret;
}
