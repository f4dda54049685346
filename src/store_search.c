/*
 * store_search.c - full-text search: the ldn_html FTS5 tokenizer, the
 * index (store_index_pending: articles not indexed yet go in, in slices)
 * and the query (store_search: user text to an FTS5 phrase query).
 *
 * Threads: the tokenizer is registered on every connection and runs on
 * that connection's thread; store_index_pending runs on the refresh
 * worker's connection (after a sync) and the headless run's;
 * store_search on the UI thread's connection and the headless run's.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <sqlite3.h>

#include "buf.h"
#include "find.h"
#include "store_int.h"
#include "text.h"

/* ---- the ldn_html tokenizer ---- */

/* The first occurrence of the C string needle in p[0..n), or NULL. */
static const char *
memmem_s(const char *p, size_t n, const char *needle)
{
	size_t k = strlen(needle);
	const char *q;

	while (n >= k && (q = memchr(p, needle[0], n - k + 1)) != NULL) {
		if (memcmp(q, needle, k) == 0)
			return q;
		n -= (size_t)(q - p) + 1;
		p = q + 1;
	}
	return NULL;
}

/*
 * FTS5 indexes the stored HTML through this tokenizer: markup is dropped,
 * character references decoded, and the text handed to unicode61 (case and
 * diacritics folding). Query text is user text and goes to unicode61 as is.
 */
struct html_tok {
	fts5_tokenizer inner_api;
	Fts5Tokenizer *inner;
};

/* Inline elements join the text around them; any other tag is a break. */
static bool
html_inline(const char *name, size_t n)
{
	static const char *const inl[] = {"a", "abbr", "b", "code", "em", "i",
	    "mark", "s", "small", "span", "strong", "sub", "sup", "u"};
	size_t i;

	for (i = 0; i < sizeof(inl) / sizeof(inl[0]); i++)
		if (strlen(inl[i]) == n && strncasecmp(inl[i], name, n) == 0)
			return true;
	return false;
}

/*
 * A character reference at p[0] == '&': writes its text to o (never more
 * bytes than it spans) and returns the bytes consumed, or 0 when it is not
 * one (the '&' is then plain text). Unknown names become a space.
 *
 * Only six names, not htmlent_lookup's table: the terms this gives are in
 * every cache's index (FTS5 deletes a row by tokenizing its old text
 * again), so decoding more names needs a schema step that rebuilds the
 * index ('rebuild') together with the change.
 */
static size_t
html_entity(const char *p, size_t n, char *o, size_t *olen)
{
	static const struct {
		const char *name;
		char c;
	} named[] = {{"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'},
	    {"apos", '\''}, {"nbsp", ' '}};
	unsigned long c = 0;
	size_t i = 1, k;
	int base = 10;

	if (i < n && p[i] == '#') {
		i++;
		if (i < n && (p[i] == 'x' || p[i] == 'X')) {
			base = 16;
			i++;
		}
		for (k = i; i < n && i - k < 8; i++) {
			int d = p[i] >= '0' && p[i] <= '9' ? p[i] - '0' :
			    base == 16 && (p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'f' ?
			    (p[i] | 0x20) - 'a' + 10 : -1;
			if (d < 0)
				break;
			c = c * (unsigned long)base + (unsigned long)d;
		}
		if (i == k || i >= n || p[i] != ';')
			return 0;
		/* A space, not text_utf8_encode's U+FFFD: the indexed terms
		 * are persisted (test_tokenizer_terms). */
		if (c == 0 || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			c = ' ';
		*olen = text_utf8_encode((uint32_t)c, o);
		return i + 1;
	}
	for (k = i; i < n && i - k < 12 && ((p[i] | 0x20) >= 'a' &&
	    (p[i] | 0x20) <= 'z'); i++)
		;
	if (i == k || i >= n || p[i] != ';')
		return 0;
	*o = ' ';
	for (c = 0; c < sizeof(named) / sizeof(named[0]); c++)
		if (strlen(named[c].name) == i - k &&
		    strncmp(named[c].name, p + k, i - k) == 0)
			*o = named[c].c;
	*olen = 1;
	return i + 1;
}

/* Where the markup starting at p[0] == '<' ends (past it), or 0 when the
 * '<' is plain text. *inl says whether it is an inline element's tag. */
static size_t
html_tag(const char *p, size_t n, bool *inl)
{
	const char *end, *name;
	size_t i = 1, nl;

	*inl = false;
	if (n >= 4 && strncmp(p, "<!--", 4) == 0) {
		end = memmem_s(p + 4, n - 4, "-->");
		return end ? (size_t)(end - p) + 3 : n;
	}
	if (i < n && (p[i] == '/' || p[i] == '!' || p[i] == '?'))
		i++;
	if (i >= n || !(((p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'z')))
		return 0;
	name = p + i;
	while (i < n && ((p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'z'))
		i++;
	nl = (size_t)(p + i - name);
	*inl = html_inline(name, nl);
	if ((end = memchr(p + i, '>', n - i)) == NULL)
		return n;
	i = (size_t)(end - p) + 1;
	/* The text of a script or style element is not text. */
	if (p[1] != '/' && ((nl == 6 && strncasecmp(name, "script", 6) == 0) ||
	    (nl == 5 && strncasecmp(name, "style", 5) == 0))) {
		end = memmem_s(p + i, n - i, nl == 6 ? "</script" : "</style");
		if (end == NULL)
			return n;
		end = memchr(end, '>', n - (size_t)(end - p));
		return end ? (size_t)(end - p) + 1 : n;
	}
	return i;
}

/* The visible text of an HTML fragment into o (room for n bytes). */
static size_t
html_text(const char *p, size_t n, char *o)
{
	size_t i = 0, len = 0, k, el;
	bool inl;

	while (i < n) {
		if (p[i] == '<' && (k = html_tag(p + i, n - i, &inl)) > 0) {
			if (!inl)
				o[len++] = ' ';
			i += k;
		} else if (p[i] == '&' && (k = html_entity(p + i, n - i, o + len, &el)) > 0) {
			len += el;
			i += k;
		} else {
			o[len++] = p[i++];
		}
	}
	return len;
}

static int
html_tok_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
	fts5_api *api = ctx;
	struct html_tok *t;
	void *ud;
	int rc;

	*out = NULL;
	if ((t = calloc(1, sizeof(*t))) == NULL)
		return SQLITE_NOMEM;
	rc = api->xFindTokenizer(api, "unicode61", &ud, &t->inner_api);
	if (rc == SQLITE_OK)
		rc = t->inner_api.xCreate(ud, argv, argc, &t->inner);
	if (rc != SQLITE_OK) {
		free(t);
		return rc;
	}
	*out = (Fts5Tokenizer *)t;
	return SQLITE_OK;
}

static void
html_tok_delete(Fts5Tokenizer *p)
{
	struct html_tok *t = (struct html_tok *)p;

	if (t == NULL)
		return;
	t->inner_api.xDelete(t->inner);
	free(t);
}

static int
html_tok_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *text,
		  int n, int (*tok)(void *, int, const char *, int, int, int))
{
	struct html_tok *t = (struct html_tok *)p;
	char *o;
	int rc;

	if ((flags & FTS5_TOKENIZE_QUERY) || n <= 0 ||
	    (memchr(text, '<', (size_t)n) == NULL &&
	     memchr(text, '&', (size_t)n) == NULL))
		return t->inner_api.xTokenize(t->inner, ctx, flags, text, n, tok);
	if ((o = malloc((size_t)n)) == NULL)
		return SQLITE_NOMEM;
	rc = t->inner_api.xTokenize(t->inner, ctx, flags, o,
	    (int)html_text(text, (size_t)n, o), tok);
	free(o);
	return rc;
}

/* Registers ldn_html on a connection (FTS5 keeps the api pointer). */
int
store_tokenizer(sqlite3 *db)
{
	static fts5_tokenizer methods = {html_tok_create, html_tok_delete,
	    html_tok_tokenize};
	fts5_api *api = NULL;
	sqlite3_stmt *st;
	int rc;

	rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return rc;
	sqlite3_bind_pointer(st, 1, &api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	rc = sqlite3_finalize(st);
	if (rc == SQLITE_OK && api == NULL)
		rc = SQLITE_ERROR;
	if (rc == SQLITE_OK)
		rc = api->xCreateTokenizer(api, "ldn_html", api, &methods, NULL);
	return rc;
}

/* ---- the full-text index ---- */

int
store_index(struct store *s, size_t max, size_t *left, char **cause)
{
	sqlite3_stmt *add = NULL, *mark = NULL;
	const char *doing = "indexing articles";
	long long n;
	int ret;

	if ((ret = store_exec(s, "BEGIN IMMEDIATE", doing, cause)) != LDN_OK)
		return ret;
	/* The same rows twice: ORDER BY id LIMIT n in one transaction. */
	if ((ret = store_prepare(s, &add, "INSERT INTO search(rowid, title, "
	    "summary, content) SELECT t.id, t.title, t.summary, t.content FROM "
	    "articles a JOIN article_text t ON t.id = a.id WHERE a.indexed = 0 "
	    "ORDER BY a.id LIMIT ?1", cause)) != LDN_OK ||
	    (ret = store_prepare(s, &mark, "UPDATE articles SET indexed = 1 "
	    "WHERE id IN (SELECT id FROM articles WHERE indexed = 0 ORDER BY id "
	    "LIMIT ?1)", cause)) != LDN_OK)
		goto out;
	sqlite3_bind_int64(add, 1, max ? (sqlite3_int64)max : -1);
	sqlite3_bind_int64(mark, 1, max ? (sqlite3_int64)max : -1);
	if ((ret = store_step_done(s, add, doing, cause)) != LDN_OK ||
	    (ret = store_step_done(s, mark, doing, cause)) != LDN_OK)
		goto out;
	ret = store_exec(s, "COMMIT", doing, cause);
out:
	sqlite3_finalize(add);
	sqlite3_finalize(mark);
	if (ret != LDN_OK) {
		if (!sqlite3_get_autocommit(s->db))
			sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		return ret;
	}
	if (left != NULL) {
		ret = store_int_query(s, "SELECT count(*) FROM articles WHERE "
				      "indexed = 0", &n, cause);
		*left = (size_t)n;
	}
	return ret;
}

/* Articles indexed per transaction: short holds of the write lock, so
 * that another process waiting to write gets its turn in between. */
#define STORE_INDEX_SLICE 500

int
store_index_pending(struct store *s, size_t max, size_t *left, char **cause)
{
	bool all = max == 0;
	size_t n, rest;
	int ret;

	if ((ret = store_writable(s, cause)) != LDN_OK)
		return ret;
	for (;;) {
		n = all || max > STORE_INDEX_SLICE ? STORE_INDEX_SLICE : max;
		if ((ret = store_index(s, n, &rest, cause)) != LDN_OK)
			return ret;
		if (!all)
			max -= n;
		if (rest == 0 || (!all && max == 0))
			break;
	}
	if (left != NULL)
		*left = rest;
	return LDN_OK;
}

/* ---- search ---- */

/*
 * The search (find.h) as an FTS5 query: each word of the query, folded
 * as the index folds it, as a quoted prefix term ("word"*), all of them
 * required (FTS5's implicit AND), in any column. A word is letters and
 * digits only, so nothing in it is FTS5 syntax.
 */
static int
search_query(const char *text, struct buf *q)
{
	char *needles = find_needles(text, NULL);
	const char *w;
	int ret = LDN_OK;

	if (needles == NULL)
		return LDN_ENOMEM;
	for (w = needles; *w != '\0' && ret == LDN_OK; w += strlen(w) + 1) {
		if (q->len > 0)
			ret = buf_putc(q, ' ');
		if (ret == LDN_OK)
			ret = buf_putc(q, '"');
		if (ret == LDN_OK)
			ret = buf_puts(q, w + 1);
		if (ret == LDN_OK)
			ret = buf_puts(q, "\"*");
	}
	free(needles);
	return ret;
}

int
store_search(struct store *s, const char *text, long long **ids, size_t *n,
	     char **cause)
{
	sqlite3_stmt *st = NULL;
	long long *v = NULL, *nv;
	size_t len = 0, cap = 0;
	struct buf q;
	int rc, ret;

	*ids = NULL;
	*n = 0;
	buf_init(&q, 1 << 20);
	if ((ret = search_query(text, &q)) != LDN_OK) {
		ret = ldn_cause(cause, ret, "search text too long");
		goto out;
	}
	if (q.len == 0)
		goto out;
	ret = store_prepare(s, &st, "SELECT rowid FROM search WHERE search "
			    "MATCH ?1 ORDER BY rowid", cause);
	if (ret != LDN_OK)
		goto out;
	sqlite3_bind_text(st, 1, buf_cstr(&q), -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (len == cap) {
			cap = cap ? cap * 2 : 64;
			if ((nv = realloc(v, cap * sizeof(*v))) == NULL) {
				ret = ldn_cause(cause, LDN_ENOMEM, "out of memory");
				goto out;
			}
			v = nv;
		}
		v[len++] = sqlite3_column_int64(st, 0);
	}
	if (rc != SQLITE_DONE) {
		ret = store_fail(s, rc, "searching", cause);
		goto out;
	}
	*ids = v;
	*n = len;
	v = NULL;
out:
	sqlite3_finalize(st);
	buf_free(&q);
	free(v);
	return ret;
}

static int
store_id_cmp(const void *k, const void *e)
{
	long long a = *(const long long *)k, b = *(const long long *)e;

	return (a > b) - (a < b);
}

bool
store_ids_have(const long long *ids, size_t n, long long id)
{
	return n > 0 && bsearch(&id, ids, n, sizeof(*ids), store_id_cmp) != NULL;
}
