/*
 * feed_json.c - JSON Feed 1.0 and 1.1 (jsonfeed.org) read with json-c into
 * the same struct feed as the XML formats.
 *
 * The model: json-c's tokener is fed each pushed chunk, so the fetch sink
 * pushes JSON exactly as it pushes XML, and it builds the whole tree; the
 * tree is mapped to the feed when the document ends (feed_json_finish), so
 * the article callback runs then, once per item, in item order.
 * Invariants:
 *  - The tree is complete or absent. A truncated or malformed document has
 *    no tree and is LDN_EPARSE with json-c's reason and the byte offset: no
 *    articles are kept from it (XML, read as a stream, keeps the ones before
 *    the fault; json-c gives no partial tree to take them from).
 *  - Nesting deeper than FJ_MAX_DEPTH is refused by the tokener, which bounds
 *    its stack; the size is bounded by the fetch cap.
 *  - Every string stored went through fj_text(): valid UTF-8 (bad bytes
 *    become U+FFFD), no NUL and no C0 control but tab, LF and CR, cut at the
 *    same caps as XML fields. That is what libxml2 guarantees of XML text, so
 *    both paths hand the terminal edge (text.h) the same kind of string.
 *  - A member of the wrong JSON type is ignored with a warning and never
 *    fails the document; only the top-level "version" is required.
 *    Extension members (names starting with '_') are never looked at.
 *
 * Owns the state of one JSON Feed parse; runs on its caller's thread (the
 * engine's, or main's for a file).
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json_object.h>
#include <json-c/json_tokener.h>

#include "date.h"
#include "feed_parse_int.h"
#include "text.h"
#include "url.h"

/* Deepest nesting accepted: JSON Feed itself needs 4 levels. */
#define FJ_MAX_DEPTH 64
/* Warnings kept per document: one bad field repeated in every item would
 * otherwise bury the first, useful one. */
#define FJ_MAX_WARN 8

struct feed_json {
	struct json_tokener *tok;
	struct json_object *root;   /* the complete document, or NULL */
	size_t offset;              /* document offset of the next byte */
	size_t trailing_at;         /* first non-blank byte after the root, or 0 */
};

/* One mapping of a tree into env->feed. */
struct fj_map {
	const struct feed_json_env *env;
	size_t item;                /* 1-based index of the item read, 0: feed level */
	size_t nwarn;
	int status;                 /* LDN_OK, or LDN_ENOMEM once memory ran out */
	char *feed_author;
};

int
feed_json_new(struct feed_json **out, size_t offset)
{
	struct feed_json *j;

	*out = NULL;
	if ((j = calloc(1, sizeof(*j))) == NULL)
		return LDN_ENOMEM;
	if ((j->tok = json_tokener_new_ex(FJ_MAX_DEPTH)) == NULL) {
		free(j);
		return LDN_ENOMEM;
	}
	j->offset = offset;
	*out = j;
	return LDN_OK;
}

void
feed_json_free(struct feed_json *j)
{
	if (j == NULL)
		return;
	json_object_put(j->root);
	json_tokener_free(j->tok);
	free(j);
}

static bool
fj_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Bytes after the document: only noted, for a warning at the end. */
static void
feed_json_trailing(struct feed_json *j, const char *data, size_t len)
{
	size_t i;

	for (i = 0; j->trailing_at == 0 && i < len; i++)
		if (!fj_space(data[i]))
			j->trailing_at = j->offset + i;
	j->offset += len;
}

int
feed_json_push(struct feed_json *j, const char *data, size_t len, char **cause)
{
	enum json_tokener_error err;
	size_t n, used;

	while (len > 0) {
		if (j->root != NULL) {
			feed_json_trailing(j, data, len);
			return LDN_OK;
		}
		n = len > INT32_MAX ? INT32_MAX : len;
		j->root = json_tokener_parse_ex(j->tok, data, (int)n);
		err = json_tokener_get_error(j->tok);
		used = json_tokener_get_parse_end(j->tok);
		if (j->root == NULL && err == json_tokener_error_depth)
			return ldn_cause(cause, LDN_EPARSE, "JSON nested deeper than %d levels "
					 "at byte offset %zu", FJ_MAX_DEPTH, j->offset + used);
		if (j->root == NULL && err != json_tokener_continue)
			return ldn_cause(cause, LDN_EPARSE, "malformed JSON at byte offset %zu: %s",
					 j->offset + used, json_tokener_error_desc(err));
		if (used > n)
			used = n;
		j->offset += used;
		data += used;
		len -= used;
	}
	return LDN_OK;
}

/* --- mapping --- */

static void LDN_PRINTF(2, 3)
fj_warnf(struct fj_map *m, const char *fmt, ...)
{
	struct buf *w = m->env->warn;
	va_list ap;
	char *msg;
	int n;

	if (++m->nwarn > FJ_MAX_WARN + 1)
		return;
	if (w->len > 0 && buf_append(w, "; ", 2) != LDN_OK)
		return;
	if (m->nwarn > FJ_MAX_WARN) {
		if (buf_puts(w, "further problems not reported") == LDN_ENOMEM)
			m->status = LDN_ENOMEM;
		return;
	}
	if ((m->item > 0 ? buf_printf(w, "item %zu: ", m->item) : buf_puts(w, "feed: ")) !=
	    LDN_OK)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((msg = malloc((size_t)n + 1)) == NULL) {
		m->status = LDN_ENOMEM;
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);
	/* a warning past the cap is dropped: warnings are advice */
	if (buf_append(w, msg, (size_t)n) == LDN_ENOMEM)
		m->status = LDN_ENOMEM;
	free(msg);
}

static const char *
fj_kind(enum json_type t)
{
	switch (t) {
	case json_type_null: return "null";
	case json_type_boolean: return "a boolean";
	case json_type_double:
	case json_type_int: return "a number";
	case json_type_object: return "an object";
	case json_type_array: return "an array";
	case json_type_string: return "a string";
	}
	return "?";
}

/* The member `key` of obj when it has type t; NULL (with a warning when it
 * is there with another type) otherwise. JSON null counts as absent. */
static struct json_object *
fj_member(struct fj_map *m, struct json_object *obj, const char *key, enum json_type t)
{
	struct json_object *v;

	if (!json_object_object_get_ex(obj, key, &v) || v == NULL)
		return NULL;
	if (json_object_is_type(v, t))
		return v;
	fj_warnf(m, "\"%s\" ignored (%s, not %s)", key,
		 fj_kind(json_object_get_type(v)), fj_kind(t));
	return NULL;
}

/* Appends s[0..n) (valid UTF-8), or as much of it as the cap leaves room for
 * cut on a character boundary. LDN_OK, LDN_ELIMIT (cut) or LDN_ENOMEM. */
static int
fj_append(struct buf *b, const char *s, size_t n)
{
	size_t room;
	int st = buf_append(b, s, n);

	if (st != LDN_ELIMIT)
		return st;
	room = b->max - b->len;
	while (room > 0 && ((unsigned char)s[room] & 0xC0) == 0x80)
		room--;
	if (room > 0 && buf_append(b, s, room) != LDN_OK)
		return LDN_ENOMEM;
	return LDN_ELIMIT;
}

/* Whether s[0..len) is already clean: valid UTF-8, no NUL or other C0
 * control but tab, LF and CR. */
static bool
fj_clean(const char *s, size_t len)
{
	size_t i = 0, n;
	uint32_t cp;

	while (i < len) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 0x20 && c < 0x80) || c == '\t' || c == '\n' || c == '\r') {
			i++;
			continue;
		}
		if (c < 0x20)
			return false;
		n = text_utf8_decode(s + i, len - i, &cp);
		if (cp == 0xFFFD && (n != 3 || memcmp(s + i, "\xef\xbf\xbd", 3) != 0))
			return false;
		i += n;
	}
	return true;
}

/*
 * A clean copy of s[0..len): see the invariants at the top. `key` names the
 * member in the warning of a cut. NULL only when out of memory.
 */
static char *
fj_text(struct fj_map *m, const char *s, size_t len, size_t cap, const char *key)
{
	struct buf b;
	size_t i = 0, run = 0, n;
	uint32_t cp;
	int st = LDN_OK;
	char *out;

	/* the common case, in one exact allocation */
	if (len <= cap && fj_clean(s, len)) {
		if ((out = strndup(s, len)) == NULL)
			m->status = LDN_ENOMEM;
		return out;
	}
	buf_init(&b, cap);
	while (i < len && st == LDN_OK) {
		unsigned char c = (unsigned char)s[i];

		if ((c >= 0x20 && c < 0x80) || c == '\t' || c == '\n' || c == '\r') {
			i++;
			continue;
		}
		if (c < 0x20) {
			st = fj_append(&b, s + run, i - run);
			run = ++i;
			continue;
		}
		n = text_utf8_decode(s + i, len - i, &cp);
		if (cp == 0xFFFD && (n != 3 || memcmp(s + i, "\xef\xbf\xbd", 3) != 0)) {
			st = fj_append(&b, s + run, i - run);
			if (st == LDN_OK)
				st = fj_append(&b, "\xef\xbf\xbd", 3);
			run = i + n;
		}
		i += n;
	}
	if (st == LDN_OK)
		st = fj_append(&b, s + run, i - run);
	if (st == LDN_ELIMIT)
		fj_warnf(m, "\"%s\" truncated at %zu bytes", key, b.len);
	out = st == LDN_ENOMEM ? NULL : buf_detach(&b);
	buf_free(&b);
	if (out == NULL)
		m->status = LDN_ENOMEM;
	return out;
}

/* The clean text of a string member, or NULL (absent, wrong type, no memory). */
static char *
fj_string(struct fj_map *m, struct json_object *obj, const char *key, size_t cap)
{
	struct json_object *v = fj_member(m, obj, key, json_type_string);

	if (v == NULL)
		return NULL;
	return fj_text(m, json_object_get_string(v), (size_t)json_object_get_string_len(v),
		       cap, key);
}

/* A URL member resolved against the base; NULL when absent or blank. */
static char *
fj_url(struct fj_map *m, struct json_object *obj, const char *key)
{
	char *s = fj_string(m, obj, key, FEED_PARSE_CAP_SHORT), *abs = NULL;

	if (s == NULL)
		return NULL;
	if (*feed_parse_trim(s) != '\0' && url_resolve(m->env->base, s, &abs) != LDN_OK)
		m->status = LDN_ENOMEM;
	free(s);
	return abs;
}

/* Names of the authors (1.1 "authors", else 1.0 "author") joined by ", ". */
static char *
fj_authors(struct fj_map *m, struct json_object *obj)
{
	struct json_object *list = fj_member(m, obj, "authors", json_type_array);
	struct json_object *one = NULL;
	size_t i, n;
	struct buf b;
	char *name, *out = NULL;

	if (list == NULL && (one = fj_member(m, obj, "author", json_type_object)) == NULL)
		return NULL;
	n = list != NULL ? json_object_array_length(list) : 1;
	buf_init(&b, FEED_PARSE_CAP_SHORT);
	for (i = 0; i < n && m->status == LDN_OK; i++) {
		struct json_object *a = list != NULL ? json_object_array_get_idx(list, i) : one;

		if (!json_object_is_type(a, json_type_object)) {
			fj_warnf(m, "\"authors\"[%zu] ignored (%s, not an object)", i,
				 fj_kind(json_object_get_type(a)));
			continue;
		}
		if ((name = fj_string(m, a, "name", FEED_PARSE_CAP_SHORT)) == NULL)
			continue;
		feed_parse_fold(name);
		if (*name != '\0' && ((b.len > 0 && buf_puts(&b, ", ") == LDN_ENOMEM) ||
				      buf_puts(&b, name) == LDN_ENOMEM))
			m->status = LDN_ENOMEM;
		free(name);
	}
	if (b.len > 0 && m->status == LDN_OK && (out = buf_detach(&b)) == NULL)
		m->status = LDN_ENOMEM;
	buf_free(&b);
	return out;
}

/* An item id: a string, or a number written as in the document. */
static char *
fj_id(struct fj_map *m, struct json_object *it)
{
	struct json_object *v;
	const char *s;
	char *id;

	if (!json_object_object_get_ex(it, "id", &v) || v == NULL)
		return NULL;
	if (!json_object_is_type(v, json_type_string) &&
	    !json_object_is_type(v, json_type_int) &&
	    !json_object_is_type(v, json_type_double)) {
		fj_warnf(m, "\"id\" ignored (%s, not a string)", fj_kind(json_object_get_type(v)));
		return NULL;
	}
	s = json_object_get_string(v);
	if (json_object_is_type(v, json_type_string))
		id = fj_text(m, s, (size_t)json_object_get_string_len(v),
			     FEED_PARSE_CAP_SHORT, "id");
	else
		id = fj_text(m, s, strlen(s), FEED_PARSE_CAP_SHORT, "id");
	if (id != NULL && *feed_parse_trim(id) == '\0') {
		free(id);
		return NULL;
	}
	return id;
}

static void
fj_date(struct fj_map *m, struct json_object *it, const char *key, struct article *a)
{
	char *s = fj_string(m, it, key, 256);
	time_t t;

	if (s != NULL && !a->has_published && date_parse(s, &t)) {
		a->published = t;
		a->has_published = true;
	}
	free(s);
}

static void
fj_tags(struct fj_map *m, struct json_object *it, struct article *a)
{
	struct json_object *tags = fj_member(m, it, "tags", json_type_array), *t;
	size_t i, n = tags != NULL ? json_object_array_length(tags) : 0;
	char *s;

	for (i = 0; i < n && m->status == LDN_OK; i++) {
		t = json_object_array_get_idx(tags, i);
		if (!json_object_is_type(t, json_type_string)) {
			fj_warnf(m, "\"tags\"[%zu] ignored (%s, not a string)", i,
				 fj_kind(json_object_get_type(t)));
			continue;
		}
		s = fj_text(m, json_object_get_string(t), (size_t)json_object_get_string_len(t),
			    FEED_PARSE_CAP_SHORT, "tags");
		if (s != NULL && article_add_tag(a, s) != LDN_OK)
			m->status = LDN_ENOMEM;
		free(s);
	}
}

/* size_in_bytes: a non-negative number, else -1. */
static long long
fj_size(struct fj_map *m, struct json_object *att)
{
	struct json_object *v;
	double d;

	if (!json_object_object_get_ex(att, "size_in_bytes", &v) || v == NULL)
		return -1;
	if (json_object_is_type(v, json_type_int))
		return json_object_get_int64(v) >= 0 ? (long long)json_object_get_int64(v) : -1;
	if (json_object_is_type(v, json_type_double)) {
		d = json_object_get_double(v);
		/* NaN fails both comparisons */
		return d >= 0 && d < 9.0e18 ? (long long)d : -1;
	}
	fj_warnf(m, "\"size_in_bytes\" ignored (%s, not a number)",
		 fj_kind(json_object_get_type(v)));
	return -1;
}

static void
fj_attachments(struct fj_map *m, struct json_object *it, struct article *a)
{
	struct json_object *list = fj_member(m, it, "attachments", json_type_array), *att;
	size_t i, n = list != NULL ? json_object_array_length(list) : 0;
	char *url, *type;

	for (i = 0; i < n && m->status == LDN_OK; i++) {
		att = json_object_array_get_idx(list, i);
		if (!json_object_is_type(att, json_type_object)) {
			fj_warnf(m, "\"attachments\"[%zu] ignored (%s, not an object)", i,
				 fj_kind(json_object_get_type(att)));
			continue;
		}
		if ((url = fj_url(m, att, "url")) == NULL)
			continue;
		type = fj_string(m, att, "mime_type", FEED_PARSE_CAP_SHORT);
		if (type != NULL && *feed_parse_trim(type) == '\0') {
			free(type);
			type = NULL;
		}
		if (m->status == LDN_OK &&
		    article_add_enclosure(a, url, type, fj_size(m, att)) != LDN_OK)
			m->status = LDN_ENOMEM;
		free(url);
		free(type);
	}
}

/* Reads what an item says into a; the fallbacks come after. */
static void
fj_item_fields(struct fj_map *m, struct json_object *it, struct article *a)
{
	bool skip = (m->env->flags & FEED_PARSE_SKIP_CONTENT) != 0;

	a->id = fj_id(m, it);
	if ((a->title = fj_string(m, it, "title", FEED_PARSE_CAP_SHORT)) != NULL)
		feed_parse_fold(a->title);
	if ((a->link = fj_url(m, it, "url")) == NULL)
		a->link = fj_url(m, it, "external_url");
	/* JSON Feed's summary is plain text, unlike an RSS description */
	a->summary = fj_string(m, it, "summary", FEED_PARSE_CAP_BODY);
	a->summary_fmt = ARTICLE_FMT_TEXT;
	if (!skip && (a->content = fj_string(m, it, "content_html",
					     FEED_PARSE_CAP_BODY)) != NULL)
		a->content_fmt = ARTICLE_FMT_HTML;
	else if (!skip && (a->content = fj_string(m, it, "content_text",
						  FEED_PARSE_CAP_BODY)) != NULL)
		a->content_fmt = ARTICLE_FMT_TEXT;
	fj_date(m, it, "date_published", a);
	fj_date(m, it, "date_modified", a);
	a->author = fj_authors(m, it);
	fj_tags(m, it, a);
	fj_attachments(m, it, a);
}

/* The fallbacks XML items get too: id from link or hash, feed-level author. */
static int
fj_item_fill(struct fj_map *m, struct article *a)
{
	if (a->title == NULL && (a->title = strdup("")) == NULL)
		return LDN_ENOMEM;
	if (a->id == NULL)
		a->id = a->link != NULL ? strdup(a->link) : feed_parse_hash_id(a);
	if (a->id == NULL || m->env->unique_id(m->env->unique_ctx, a) != LDN_OK)
		return LDN_ENOMEM;
	if (a->author == NULL && m->feed_author != NULL &&
	    (a->author = strdup(m->feed_author)) == NULL)
		return LDN_ENOMEM;
	a->feed = strdup(m->env->feed->title);
	a->feed_url = strdup(m->env->url);
	if (a->feed == NULL || a->feed_url == NULL)
		return LDN_ENOMEM;
	return LDN_OK;
}

static void
fj_item(struct fj_map *m, struct json_object *it)
{
	const struct feed_json_env *env = m->env;
	struct article *a;

	if (!json_object_is_type(it, json_type_object)) {
		fj_warnf(m, "skipped (%s, not an object)", fj_kind(json_object_get_type(it)));
		return;
	}
	if (feed_parse_full(m->item - 1, env->cb == NULL || (env->flags & FEED_PARSE_BOUNDED),
			    env->drops))
		return;
	if ((a = article_new()) == NULL) {
		m->status = LDN_ENOMEM;
		return;
	}
	fj_item_fields(m, it, a);
	if (m->status != LDN_OK || fj_item_fill(m, a) != LDN_OK) {
		m->status = LDN_ENOMEM;
		article_free(a);
		return;
	}
	feed_parse_tally(env->drops, a);
	if (env->cb != NULL && !env->cb(a, env->cb_payload)) {
		article_free(a);
		return;
	}
	if (article_list_push(&env->feed->articles, a) != LDN_OK) {
		article_free(a);
		m->status = LDN_ENOMEM;
	}
}

/* The format name of a jsonfeed.org version URL, or NULL when it is none. */
static const char *
fj_format(const char *version)
{
	static const char *const prefixes[] = {
		"https://jsonfeed.org/version/",
		/* some early feeds wrote the version URL with http */
		"http://jsonfeed.org/version/",
	};
	size_t i, n;

	for (i = 0; i < sizeof(prefixes) / sizeof(prefixes[0]); i++) {
		n = strlen(prefixes[i]);
		if (strncmp(version, prefixes[i], n) != 0)
			continue;
		if (strcmp(version + n, "1") == 0 || strcmp(version + n, "1/") == 0)
			return "JSON Feed 1.0";
		if (strcmp(version + n, "1.1") == 0 || strcmp(version + n, "1.1/") == 0)
			return "JSON Feed 1.1";
		return "JSON Feed";
	}
	return NULL;
}

static void
fj_feed_fields(struct fj_map *m, struct json_object *root)
{
	struct feed *f = m->env->feed;
	char *s;

	if ((s = fj_string(m, root, "title", FEED_PARSE_CAP_SHORT)) != NULL) {
		feed_parse_fold(s);
		free(f->title);
		f->title = s;
	}
	free(f->link);
	f->link = fj_url(m, root, "home_page_url");
	if ((s = fj_string(m, root, "description", FEED_PARSE_CAP_SHORT)) != NULL) {
		free(f->description);
		f->description = feed_parse_trim(s);
	}
	m->feed_author = fj_authors(m, root);
}

int
feed_json_finish(struct feed_json *j, const struct feed_json_env *env, char **cause)
{
	struct json_object *v, *items = NULL;
	struct fj_map m;
	size_t i, n;

	if (j->root == NULL)
		return ldn_cause(cause, LDN_EPARSE, "JSON document ends early (truncated) "
				 "after %zu bytes", j->offset);
	if (!json_object_is_type(j->root, json_type_object) ||
	    !json_object_object_get_ex(j->root, "version", &v) ||
	    !json_object_is_type(v, json_type_string) ||
	    (env->feed->format = fj_format(json_object_get_string(v))) == NULL)
		return ldn_cause(cause, LDN_EPARSE,
				 "not a JSON Feed (no jsonfeed.org version)");
	memset(&m, 0, sizeof(m));
	m.env = env;
	if (j->trailing_at > 0)
		fj_warnf(&m, "data after the JSON document (byte offset %zu) ignored",
			 j->trailing_at);
	fj_feed_fields(&m, j->root);
	if (!json_object_object_get_ex(j->root, "items", &v) || v == NULL)
		fj_warnf(&m, "no \"items\"");
	else
		items = fj_member(&m, j->root, "items", json_type_array);
	n = items != NULL ? json_object_array_length(items) : 0;
	for (i = 0; i < n && m.status == LDN_OK; i++) {
		m.item = i + 1;
		fj_item(&m, json_object_array_get_idx(items, i));
	}
	free(m.feed_author);
	if (m.status != LDN_OK)
		return ldn_cause(cause, m.status, "out of memory");
	return LDN_OK;
}
