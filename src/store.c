/*
 * store.c - the SQLite cache of feeds and articles.
 *
 * Model: one connection per struct store. The schema is versioned by
 * PRAGMA user_version and built by a table of forward steps, each run in
 * its own IMMEDIATE transaction that re-reads the version first, so two
 * processes opening a new cache at once never run a step twice.
 *
 * Invariants:
 *  - every write is one transaction: a kill or a failed write leaves the
 *    cache as it was before the call;
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
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "buf.h"
#include "sqlfile.h"
#include "store.h"

/* How long a write waits for another process's transaction to end. */
#define STORE_BUSY_MS 10000
#ifdef LDN_UNITTEST
/* Tests of concurrent writers check what they leave, not how fast a loaded
 * machine is: they may wait longer (store_test_busy_ms in store.h). */
int store_test_busy_ms = STORE_BUSY_MS;
#define STORE_BUSY_WAIT_MS store_test_busy_ms
#else
#define STORE_BUSY_WAIT_MS STORE_BUSY_MS
#endif
#define STORE_PAGE_SIZE "32768"

struct store {
	sqlite3 *db;
	char *path;            /* as given, or ":memory:" */
	bool readonly;
	char *note;            /* store_note() */
	struct store_limits lim;
};

/* ---- errors ---- */

/* Maps an SQLite failure to a status and one line naming the file. */
static int
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

static int
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
static int
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

static int
store_prepare(struct store *s, sqlite3_stmt **st, const char *sql, char **cause)
{
	int rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);

	return rc == SQLITE_OK ? LDN_OK : store_fail(s, rc, "reading", cause);
}

static void
store_bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_text(st, i, v, -1, SQLITE_STATIC);
}

/* Runs a statement that returns no rows (or ignores them); resets it. */
static int
store_step_done(struct store *s, sqlite3_stmt *st, const char *doing, char **cause)
{
	int rc;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		;
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? LDN_OK : store_fail(s, rc, doing, cause);
}

/* Reads one integer from a one-row query; LDN_OK with *v = 0 on no row. */
static int
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

static void
store_col_bad(sqlite3_stmt *st, int i, struct store_cols *c)
{
	const char *name = sqlite3_column_name(st, i);

	if (c->bad == NULL && (c->bad = strdup(name ? name : "?")) == NULL)
		c->oom = true;
}

/* Column i as text (valid until the next step), NULL for none; `need`:
 * it may not be none. A blob or text with a NUL inside is damage. */
static const char *
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
static char *
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
static long long
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

#define STORE_ANY_INT LLONG_MIN, LLONG_MAX

/* A tag (kind 0: column col) or an enclosure (1: url, type, length
 * from col) of a; damage and memory are told by store_cols_done. */
static int
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
static int
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

/* ---- hashing ---- */

/*
 * A fetched body's hash: XXH3, 128 bits (libxxhash, compiled in from its
 * header: XXH_INLINE_ALL). It runs on the parser's thread over every byte
 * of a feed, so its speed shows: ~4% of a cold 64 MB fetch with the hash
 * below, next to nothing with XXH3. The state is kept in the caller's
 * struct store_hash (opaque bytes) and copied in and out around each use,
 * which costs nothing next to a chunk of a transfer.
 */
_Static_assert(sizeof(XXH3_state_t) <= sizeof(((struct store_hash *)0)->state),
	       "struct store_hash holds an XXH3 state");

void
store_hash_init(struct store_hash *h)
{
	XXH3_state_t st;

	(void)XXH3_128bits_reset(&st);
	memcpy(h->state, &st, sizeof(st));
}

void
store_hash_update(struct store_hash *h, const void *data, size_t len)
{
	XXH3_state_t st;

	memcpy(&st, h->state, sizeof(st));
	(void)XXH3_128bits_update(&st, data, len);
	memcpy(h->state, &st, sizeof(st));
}

void
store_hash_hex(const struct store_hash *h, char out[33])
{
	XXH3_state_t st;
	XXH128_hash_t v;

	memcpy(&st, h->state, sizeof(st));
	v = XXH3_128bits_digest(&st);
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)v.high64,
		 (unsigned long long)v.low64);
}

/*
 * An article row's hash, of its fields: the stored format (rows keep it),
 * so it stays this hand-made one, which is not on the parser's thread.
 */
struct row_hash {
	uint64_t h[4];           /* four lanes: 32 bytes a step */
	unsigned char tail[32];  /* bytes waiting for a whole step */
	size_t ntail;
	uint64_t len;
};

#define HASH_K0 0x9e3779b97f4a7c15ULL
#define HASH_K1 0xc2b2ae3d27d4eb4fULL

static uint64_t
hash_fmix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

/* One lane absorbs one word. */
static uint64_t
hash_lane(uint64_t h, uint64_t w)
{
	h = (h ^ w) * HASH_K0;
	return h ^ (h >> 29);
}

/* 32 bytes, one word per lane: the lanes' chains run side by side. */
static void
hash_block(struct row_hash *h, const unsigned char *p)
{
	uint64_t w[4];

	memcpy(w, p, sizeof(w));
	h->h[0] = hash_lane(h->h[0], w[0]);
	h->h[1] = hash_lane(h->h[1], w[1]);
	h->h[2] = hash_lane(h->h[2], w[2]);
	h->h[3] = hash_lane(h->h[3], w[3]);
}

static void
row_hash_init(struct row_hash *h)
{
	memset(h, 0, sizeof(*h));
	h->h[0] = 0x243f6a8885a308d3ULL;
	h->h[1] = 0x13198a2e03707344ULL;
	h->h[2] = 0xa4093822299f31d0ULL;
	h->h[3] = 0x082efa98ec4e6c89ULL;
}

static void
row_hash_update(struct row_hash *h, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t k;

	h->len += len;
	if (h->ntail > 0) {
		k = sizeof(h->tail) - h->ntail;
		if (k > len)
			k = len;
		memcpy(h->tail + h->ntail, p, k);
		h->ntail += k;
		p += k;
		len -= k;
		if (h->ntail < sizeof(h->tail))
			return;
		hash_block(h, h->tail);
		h->ntail = 0;
	}
	for (; len >= sizeof(h->tail); p += sizeof(h->tail), len -= sizeof(h->tail))
		hash_block(h, p);
	memcpy(h->tail, p, len);
	h->ntail = len;
}

static void
hash_final(const struct row_hash *in, uint64_t out[2])
{
	struct row_hash h = *in;

	/* The tail zero-padded, then the length, so "a" and "a\0" differ. */
	memset(h.tail + h.ntail, 0, sizeof(h.tail) - h.ntail);
	hash_block(&h, h.tail);
	h.h[0] = hash_lane(h.h[0], h.len);
	out[0] = hash_fmix(h.h[0] ^ hash_fmix(h.h[1] + HASH_K1));
	out[1] = hash_fmix(h.h[2] ^ hash_fmix(h.h[3] + out[0]));
	out[0] ^= hash_fmix(out[1] + h.h[1]);
}

/* A field: its length (or "absent") then its bytes, so fields never blur. */
static void
hash_str(struct row_hash *h, const char *s)
{
	uint64_t n = s == NULL ? UINT64_MAX : strlen(s);

	row_hash_update(h, &n, sizeof(n));
	if (s != NULL)
		row_hash_update(h, s, (size_t)n);
}

static void
hash_num(struct row_hash *h, long long v)
{
	row_hash_update(h, &v, sizeof(v));
}

static sqlite3_int64
hash_value(const struct row_hash *h)
{
	uint64_t v[2];

	hash_final(h, v);
	return (sqlite3_int64)(v[0] >> 1); /* non-negative: SQLite INTEGER */
}

/* The stored fields, id and feed excluded (they are the row's key). */
static sqlite3_int64
article_hash(const struct article *a)
{
	struct row_hash h;

	row_hash_init(&h);
	hash_str(&h, a->title);
	hash_str(&h, a->link);
	hash_str(&h, a->author);
	hash_num(&h, a->has_published ? (long long)a->published : -1);
	hash_num(&h, a->has_published);
	hash_str(&h, a->summary);
	hash_num(&h, a->summary_fmt);
	hash_str(&h, a->content);
	hash_num(&h, a->content_fmt);
	return hash_value(&h);
}

static sqlite3_int64
article_xhash(const struct article *a)
{
	struct row_hash h;
	size_t i;

	row_hash_init(&h);
	hash_num(&h, (long long)a->ntags);
	for (i = 0; i < a->ntags; i++)
		hash_str(&h, a->tags[i]);
	hash_num(&h, (long long)a->nenclosures);
	for (i = 0; i < a->nenclosures; i++) {
		hash_str(&h, a->enclosures[i].url);
		hash_str(&h, a->enclosures[i].type);
		hash_num(&h, a->enclosures[i].length);
	}
	return hash_value(&h);
}

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

static size_t
utf8_put(char *o, unsigned long c)
{
	if (c < 0x80) {
		o[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		o[0] = (char)(0xc0 | c >> 6);
		o[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		o[0] = (char)(0xe0 | c >> 12);
		o[1] = (char)(0x80 | (c >> 6 & 0x3f));
		o[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | c >> 18);
	o[1] = (char)(0x80 | (c >> 12 & 0x3f));
	o[2] = (char)(0x80 | (c >> 6 & 0x3f));
	o[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

/*
 * A character reference at p[0] == '&': writes its text to o (never more
 * bytes than it spans) and returns the bytes consumed, or 0 when it is not
 * one (the '&' is then plain text). Unknown names become a space.
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
		if (c == 0 || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
			c = ' ';
		*olen = utf8_put(o, c);
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
static int
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
};
#define STORE_NSTEPS (sizeof(store_steps) / sizeof(store_steps[0]))

/* Runs the steps above the cache's version, up to `upto`. */
static int
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

/* ---- open and close ---- */

/* mkdir -p of the directory part of path, new directories 0700. */
static int
store_mkdirs(const char *path, char **cause)
{
	char *d, *p, c;
	int ret = LDN_OK;

	if ((d = strdup(path)) == NULL)
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	if ((p = strrchr(d, '/')) == NULL || p == d)
		goto out;
	*p = '\0';
	for (p = d + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		c = *p;
		*p = '\0';
		if (mkdir(d, 0700) != 0 && errno != EEXIST) {
			ret = ldn_cause(cause, LDN_EIO, "%s: cannot create "
					"directory %s: %s", path, d, strerror(errno));
			goto out;
		}
		*p = c;
		if (c == '\0')
			break;
	}
out:
	free(d);
	return ret;
}

/* The checks that must pass before anything is written. */
static int
store_check(struct store *s, bool scan, long long *version, char **cause)
{
	sqlite3_stmt *st;
	const char *r;
	long long n;
	int rc, ret;

	if ((ret = store_int_query(s, "PRAGMA user_version", version, cause)) != LDN_OK)
		return ret;
	if (*version > STORE_SCHEMA_VERSION)
		return ldn_cause(cause, LDN_EIO, "%s: the cache was written by a "
				 "newer ldnews (schema %lld, this one knows %d); "
				 "it was left untouched", s->path, *version,
				 STORE_SCHEMA_VERSION);
	if (!scan) /* still read the schema: a broken one is refused here */
		return store_int_query(s, "SELECT count(*) FROM sqlite_schema",
				       &n, cause);
	if ((ret = store_prepare(s, &st, "PRAGMA quick_check(1)", cause)) != LDN_OK)
		return ret;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		ret = store_fail(s, rc, "checking the cache", cause);
	} else if ((r = (const char *)sqlite3_column_text(st, 0)) == NULL ||
	    strcmp(r, "ok") != 0) {
		ret = ldn_cause(cause, LDN_EIO, "%s: the cache is corrupt (%s); "
				"start fresh with --reset-cache", s->path,
				r ? r : "?");
	}
	sqlite3_finalize(st);
	return ret;
}

static int
store_connect(struct store *s, const char *file, int oflags, char **cause)
{
	int rc = sqlite3_open_v2(file, &s->db, oflags, NULL);

	if (rc != SQLITE_OK) {
		if (s->db == NULL)
			return ldn_cause(cause, LDN_ENOMEM, "out of memory");
		return store_fail(s, rc, "opening", cause);
	}
	sqlite3_extended_result_codes(s->db, 0);
	sqlite3_busy_timeout(s->db, STORE_BUSY_WAIT_MS);
	if ((rc = store_tokenizer(s->db)) != SQLITE_OK)
		return store_fail(s, rc, "opening", cause);
	return LDN_OK;
}

/* Read-only: an older or empty cache is upgraded in a copy in memory. */
static int
store_to_memory(struct store *s, bool copy, char **cause)
{
	sqlite3 *disk = s->db;
	sqlite3_backup *b;
	int rc = SQLITE_OK, ret;

	s->db = NULL;
	ret = store_connect(s, ":memory:", SQLITE_OPEN_READWRITE |
			    SQLITE_OPEN_CREATE, cause);
	if (ret == LDN_OK && copy) {
		b = sqlite3_backup_init(s->db, "main", disk, "main");
		if (b == NULL)
			rc = sqlite3_errcode(s->db);
		else {
			rc = sqlite3_backup_step(b, -1);
			sqlite3_backup_finish(b);
		}
		if (rc != SQLITE_DONE && rc != SQLITE_OK)
			ret = store_fail(s, rc, "reading", cause);
	}
	sqlite3_close(disk);
	return ret;
}

/* An SQLite URI for path: "file:" and the path, its ? # % escaped. */
static int
store_uri(struct buf *uri, const char *path, const char *query)
{
	const char *p;
	int ret = buf_puts(uri, "file:");

	for (p = path; *p != '\0' && ret == LDN_OK; p++) {
		if (*p == '?' || *p == '#' || *p == '%')
			ret = buf_printf(uri, "%%%02X", (unsigned char)*p);
		else
			ret = buf_putc(uri, *p);
	}
	return ret == LDN_OK ? buf_puts(uri, query) : ret;
}

static int
store_connect_uri(struct store *s, const char *path, const char *query, char **cause)
{
	struct buf uri;
	int ret;

	buf_init(&uri, SIZE_MAX);
	if (store_uri(&uri, path, query) != LDN_OK)
		ret = ldn_cause(cause, LDN_ENOMEM, "out of memory");
	else
		ret = store_connect(s, buf_cstr(&uri), SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
				    cause);
	buf_free(&uri);
	return ret;
}

/* The database as sqlfile_image makes it, in memory. */
static int
store_deserialize(struct store *s, const char *path, const struct sqlfile_sides *sd,
		  char **cause)
{
	unsigned char *img;
	size_t len;
	int ret = sqlfile_image(path, sd, &img, &len, cause), rc;

	if (ret == LDN_OK)
		ret = store_connect(s, ":memory:", SQLITE_OPEN_READWRITE |
				    SQLITE_OPEN_CREATE, cause);
	if (ret != LDN_OK || len == 0) {
		sqlite3_free(img);
		return ret;
	}
	/* Resizeable: an older schema is upgraded in place. */
	rc = sqlite3_deserialize(s->db, "main", img, (sqlite3_int64)len, (sqlite3_int64)len,
				 SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE);
	return rc == SQLITE_OK ? LDN_OK : store_fail(s, rc, "reading", cause);
}

/* Tries at reading a cache into memory while a writer changes it. */
#define STORE_RO_TRIES 3

/*
 * Read-only, creating and writing no file: not even the -wal and -shm
 * that a reader of a WAL database makes (and writes) when they are
 * missing, nor the -shm it writes when they are there. By what lies
 * beside the file (sqlfile.h), whether a writer is at work or was killed:
 *  - a rollback journal (a write not committed): the database as before
 *    that write, played back into a copy in memory;
 *  - a -wal and its -shm: SQLite reads them, the -shm opened read-only
 *    (readonly_shm), so the committed frames are seen;
 *  - a -wal with committed frames but no -shm: those frames over a copy
 *    in memory;
 *  - else the file is opened "immutable" (no locks, no side files). The
 *    cost: a writer that starts later is not seen, and its checkpoint
 *    during a read may surface as LDN_EIO.
 * A copy made while the files changed is made again. A write not
 * committed that is left out is said in s->note; *in_memory tells a copy.
 */
static int
store_open_ro(struct store *s, const char *path, bool *in_memory, char **cause)
{
	struct sqlfile_sides sd;
	char *why = NULL;
	int ret = LDN_OK, tries;

	*in_memory = false;
	for (tries = 0; tries < STORE_RO_TRIES; tries++) {
		if (sqlfile_sides(path, &sd) != LDN_OK)
			return ldn_cause(cause, LDN_ENOMEM, "out of memory");
		if (!sd.journal && !(sd.wal && !sd.shm && sd.wal_frames > 0))
			break;
		*in_memory = true;
		ret = store_deserialize(s, path, &sd, &why);
		if (!sqlfile_changed(path, &sd))
			break;
		free(why);
		why = NULL;
		sqlite3_close(s->db);
		s->db = NULL;
	}
	if (tries == STORE_RO_TRIES)
		ret = ldn_cause(cause, LDN_EIO, "%s: the cache kept changing while it was read "
				"(a writer at work?); try again", path);
	else if (*in_memory && ret != LDN_OK)
		ret = ldn_cause(cause, ret, "%s", why ? why : "out of memory");
	else if (!*in_memory)
		ret = store_connect_uri(s, path, sd.wal && sd.shm ? "?readonly_shm=1" :
					"?immutable=1", cause);
	free(why);
	if (ret == LDN_OK && (sd.journal || sd.wal_unfinished) &&
	    ldn_cause(&s->note, LDN_OK, "an unfinished write (its %s) is left out; nothing "
		      "was changed", sd.journal ? "-journal" : "-wal") == LDN_OK && s->note == NULL)
		ret = ldn_cause(cause, LDN_ENOMEM, "out of memory");
	return ret;
}

static int store_index(struct store *, size_t, size_t *, char **);

static int
store_open_at(struct store **out, const char *path, unsigned flags, int upto,
	      char **cause)
{
	struct store *s;
	struct stat sb;
	long long v = 0;
	bool copied = false;    /* read-only: the cache is a copy in memory */
	int ret;

	*out = NULL;
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	s->lim.max_age = STORE_MAX_AGE_DEFAULT;
	s->lim.max_per_feed = STORE_MAX_PER_FEED_DEFAULT;
	s->readonly = (flags & STORE_READONLY) != 0;
	if (flags & STORE_MEMORY)
		path = ":memory:";
	if ((s->path = strdup(path)) == NULL) {
		ret = ldn_cause(cause, LDN_ENOMEM, "out of memory");
		goto out;
	}
	if (flags & STORE_MEMORY) {
		ret = store_connect(s, ":memory:", SQLITE_OPEN_READWRITE |
				    SQLITE_OPEN_CREATE, cause);
	} else if (s->readonly) {
		if (stat(path, &sb) != 0 && errno == ENOENT)
			ret = store_connect(s, ":memory:", SQLITE_OPEN_READWRITE |
					    SQLITE_OPEN_CREATE, cause);
		else
			ret = store_open_ro(s, path, &copied, cause);
	} else {
		ret = store_mkdirs(path, cause);
		if (ret == LDN_OK)
			ret = store_connect(s, path, SQLITE_OPEN_READWRITE |
					    SQLITE_OPEN_CREATE, cause);
		if (ret == LDN_OK && sqlite3_db_readonly(s->db, "main") == 1)
			ret = ldn_cause(cause, LDN_EIO, "%s: the cache file is "
					"read-only; use --kiosk to read it, or "
					"--cache FILE for another one", path);
	}
	if (ret != LDN_OK || (ret = store_check(s, !(flags & STORE_NO_CHECK), &v,
	    cause)) != LDN_OK)
		goto out;
	if (s->readonly && v < upto && sqlite3_db_readonly(s->db, "main") == 1) {
		if ((ret = store_to_memory(s, v > 0, cause)) != LDN_OK)
			goto out;
		copied = true;
	}
	if (!s->readonly && !(flags & STORE_MEMORY)) {
		/* Big pages: article bodies are kilobytes, and every page is
		 * a system call (no effect once the file has tables). */
		if (v == 0)
			ret = store_exec_busy(s, "PRAGMA page_size = "
					      STORE_PAGE_SIZE, cause);
		if (ret == LDN_OK)
			ret = store_exec_busy(s, "PRAGMA journal_mode = WAL", cause);
		if (ret != LDN_OK)
			goto out;
	}
	/* A small page cache (2 MiB): a big merge's pages go out to the WAL as
	 * they fill instead of piling up in memory (a larger one made merges
	 * slower here, all page faults), and reads of a large cache go through
	 * the system's page cache anyway. */
	ret = store_exec(s, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
			 " PRAGMA temp_store = MEMORY; PRAGMA cache_size = -2048", "opening", cause);
	if (ret == LDN_OK && v < upto)
		ret = store_migrate(s, upto, cause);
	/* A kiosk's upgraded copy in memory: index it there, once. */
	if (ret == LDN_OK && copied && v < upto && upto == STORE_SCHEMA_VERSION)
		ret = store_index(s, 0, NULL, cause);
out:
	if (ret != LDN_OK) {
		store_close(s);
		return ret;
	}
	*out = s;
	return LDN_OK;
}

int
store_open(struct store **out, const char *path, unsigned flags, char **cause)
{
	return store_open_at(out, path, flags, STORE_SCHEMA_VERSION, cause);
}

#ifdef LDN_UNITTEST
int
store_open_version(struct store **out, const char *path, int version,
		   char **cause)
{
	return store_open_at(out, path, 0, version, cause);
}

struct sqlite3 *
store_db(struct store *s)
{
	return s->db;
}
#endif

void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	sqlite3_close(s->db);
	free(s->path);
	free(s->note);
	free(s);
}

const char *
store_note(const struct store *s)
{
	return s->note;
}

void
store_set_limits(struct store *s, const struct store_limits *lim)
{
	s->lim = *lim;
}

void
store_get_limits(const struct store *s, struct store_limits *out)
{
	*out = s->lim;
}

const char *
store_path(const struct store *s)
{
	return s->path;
}

static int
store_writable(const struct store *s, char **cause)
{
	if (s->readonly)
		return ldn_cause(cause, LDN_EIO, "%s: the cache is open read-only",
				 s->path);
	return LDN_OK;
}

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

int
store_feed_state(struct store *s, const char *url, struct store_feed_state *out,
		 char **cause)
{
	sqlite3_stmt *st;
	struct store_cols c = {0};
	int rc, ret;

	memset(out, 0, sizeof(*out));
	ret = store_prepare(s, &st, "SELECT etag, last_modified, last_fetch, "
			    "last_error, body_hash, title, description FROM feeds "
			    "WHERE url = ?1", cause);
	if (ret != LDN_OK)
		return ret;
	store_bind_text(st, 1, url);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->known = true;
		out->etag = store_col_dup(st, 0, false, &c);
		out->last_modified = store_col_dup(st, 1, false, &c);
		out->last_fetch = (time_t)store_col_int(st, 2, false, STORE_ANY_INT, &c);
		out->last_error = store_col_dup(st, 3, false, &c);
		out->body_hash = store_col_dup(st, 4, false, &c);
		out->title = store_col_dup(st, 5, true, &c);
		out->description = store_col_dup(st, 6, false, &c);
	} else if (rc != SQLITE_DONE) {
		ret = store_fail(s, rc, "reading", cause);
	}
	sqlite3_finalize(st);
	ret = store_cols_done(s, &c, ret, cause);
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

int
store_feed_schedule(struct store *s, const char *url, struct store_schedule *out,
		    char **cause)
{
	sqlite3_stmt *st;
	struct store_cols c = {0};
	int rc, ret;

	memset(out, 0, sizeof(*out));
	ret = store_prepare(s, &st, "SELECT fetch_url, retry_after, fresh_until, ttl "
			    "FROM feeds WHERE url = ?1", cause);
	if (ret != LDN_OK)
		return ret;
	store_bind_text(st, 1, url);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->fetch_url = store_col_dup(st, 0, false, &c);
		out->retry_after = (time_t)store_col_int(st, 1, false, STORE_ANY_INT, &c);
		out->fresh_until = (time_t)store_col_int(st, 2, false, STORE_ANY_INT, &c);
		out->ttl_minutes = (long)store_col_int(st, 3, false, 0, LONG_MAX, &c);
	} else if (rc != SQLITE_DONE) {
		ret = store_fail(s, rc, "reading", cause);
	}
	sqlite3_finalize(st);
	ret = store_cols_done(s, &c, ret, cause);
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

/* ---- merge ---- */

/*
 * A merge streams. Begin takes the write lock and reads the keys of this
 * feed's cached rows (id, guid, link, hashes, age: no text); each article
 * is matched and written as it comes, so the caller can free it at once;
 * end applies retention, writes the feed row and commits. Matching by id
 * happens at once. An article whose id is not cached but whose link is,
 * on a row not matched yet, may take that row only when the row's id is
 * nowhere in the feed, which only the end knows: such articles are held
 * and matched there, in feed order and after every match by id, as a
 * merge of the whole feed at once would.
 *
 * Retention by count: a new article is not stored when max_per_feed known
 * keys (ages) are newer: the cached rows' (updated as rows are matched)
 * and the inserted articles'. Keys only ever get added, so an old cut is
 * lower than the current one and skips less, which is safe; only a
 * matched row that got older can make an old cut too high, and then a
 * new cut is made before anything more is skipped (what was skipped
 * before stays out until a later merge finds room for it). The prune at
 * the end makes the exact cut.
 */

/* A cached article of the feed being merged. */
struct merge_row {
	sqlite3_int64 id, hash, xhash;
	long long key;          /* published, else first seen */
	char *guid, *link;
	bool has_hash, used;
};

/* A set of strings (owned copies), open addressing: the ids seen so far. */
struct merge_ids {
	char **slot;            /* NULL: free */
	size_t cap, len;        /* cap is 0 or a power of two */
};

/* Cut computations: at most one per this many decisions or new keys. */
#define MERGE_CUT_STEP 64

struct store_merge {
	struct store *s;
	sqlite3_int64 feed_id;
	long long now;
	int failed;             /* the error that ended the merge, or LDN_OK */
	struct merge_row *rows;
	size_t nrows;
	struct merge_row **byguid, **bylink;
	size_t nlink;
	struct merge_ids seen;
	const struct article **held;
	size_t nheld, capheld;
	long long *keys;        /* ages of the articles inserted */
	size_t nkeys, capkeys;
	long long *scratch;     /* rows' and inserted keys, for the cut */
	size_t capscratch;
	long long cut;          /* new articles older than this are not stored */
	bool cut_valid;         /* cut is no higher than the true cut */
	bool cut_made;
	size_t cut_added;       /* keys added or grown since the cut was made */
	size_t cut_calls;       /* decisions since */
	struct store_merge_stats stats;
	bool bulk;              /* a first fill, in rollback mode (merge_bulk_begin) */
	sqlite3_stmt *ins, *upd, *bodyset, *bodydel, *xupd, *tagdel, *tagins,
	    *encdel, *encins;
};

static uint64_t
ids_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

/* Where id is, or the free slot where it would go (cap > 0). */
static size_t
ids_slot(const struct merge_ids *t, const char *id)
{
	size_t i = (size_t)ids_hash(id) & (t->cap - 1);

	while (t->slot[i] != NULL && strcmp(t->slot[i], id) != 0)
		i = (i + 1) & (t->cap - 1);
	return i;
}

static bool
ids_have(const struct merge_ids *t, const char *id)
{
	return t->cap > 0 && t->slot[ids_slot(t, id)] != NULL;
}

static int
ids_grow(struct merge_ids *t)
{
	struct merge_ids n = {NULL, t->cap ? t->cap * 2 : 256, t->len};
	size_t i;

	if ((n.slot = calloc(n.cap, sizeof(*n.slot))) == NULL)
		return LDN_ENOMEM;
	for (i = 0; i < t->cap; i++)
		if (t->slot[i] != NULL)
			n.slot[ids_slot(&n, t->slot[i])] = t->slot[i];
	free(t->slot);
	*t = n;
	return LDN_OK;
}

/* 1 when id was added, 0 when it was there already, or LDN_ENOMEM. */
static int
ids_add(struct merge_ids *t, const char *id)
{
	size_t i;

	if ((t->len + 1) * 2 > t->cap && ids_grow(t) != LDN_OK)
		return LDN_ENOMEM;
	i = ids_slot(t, id);
	if (t->slot[i] != NULL)
		return 0;
	if ((t->slot[i] = strdup(id)) == NULL)
		return LDN_ENOMEM;
	t->len++;
	return 1;
}

static void
ids_free(struct merge_ids *t)
{
	size_t i;

	for (i = 0; i < t->cap; i++)
		free(t->slot[i]);
	free(t->slot);
	memset(t, 0, sizeof(*t));
}

static int
cmp_row_guid(const void *x, const void *y)
{
	const struct merge_row *a = *(struct merge_row *const *)x;
	const struct merge_row *b = *(struct merge_row *const *)y;

	return strcmp(a->guid, b->guid);
}

static int
cmp_row_link(const void *x, const void *y)
{
	const struct merge_row *a = *(struct merge_row *const *)x;
	const struct merge_row *b = *(struct merge_row *const *)y;

	return strcmp(a->link, b->link);
}

static void
merge_free(struct store_merge *m)
{
	size_t i;

	for (i = 0; i < m->nrows; i++) {
		free(m->rows[i].guid);
		free(m->rows[i].link);
	}
	free(m->rows);
	free(m->byguid);
	free(m->bylink);
	ids_free(&m->seen);
	free(m->held);
	free(m->keys);
	free(m->scratch);
	sqlite3_finalize(m->ins);
	sqlite3_finalize(m->upd);
	sqlite3_finalize(m->bodyset);
	sqlite3_finalize(m->bodydel);
	sqlite3_finalize(m->xupd);
	sqlite3_finalize(m->tagdel);
	sqlite3_finalize(m->tagins);
	sqlite3_finalize(m->encdel);
	sqlite3_finalize(m->encins);
	free(m);
}

static int
merge_prepare(struct store_merge *m, char **cause)
{
	static const struct {
		size_t off;
		const char *sql;
	} stmts[] = {
		{offsetof(struct store_merge, ins), "INSERT INTO articles(feed_id, "
		 "guid, link, title, author, published, summary, summary_fmt, "
		 "hash, xhash, first_seen) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
		 "?11, ?12, ?13)"},
		/* title and summary always SET: the index trigger must run. */
		{offsetof(struct store_merge, upd), "UPDATE articles SET guid = ?2, "
		 "link = ?3, title = ?4, author = ?5, published = ?6, summary = ?7,"
		 " summary_fmt = ?8, hash = ?11 WHERE id = ?1"},
		{offsetof(struct store_merge, bodyset), "INSERT INTO bodies(article_id, "
		 "content, content_fmt) VALUES(?1, ?2, ?3) ON CONFLICT(article_id) "
		 "DO UPDATE SET content = excluded.content, content_fmt = "
		 "excluded.content_fmt"},
		{offsetof(struct store_merge, bodydel), "DELETE FROM bodies WHERE "
		 "article_id = ?1"},
		{offsetof(struct store_merge, xupd), "UPDATE articles SET xhash = ?2 "
		 "WHERE id = ?1"},
		{offsetof(struct store_merge, tagdel), "DELETE FROM tags WHERE article_id = ?1"},
		{offsetof(struct store_merge, tagins), "INSERT INTO tags(article_id, pos, "
		 "tag) VALUES(?1, ?2, ?3)"},
		{offsetof(struct store_merge, encdel), "DELETE FROM enclosures WHERE "
		 "article_id = ?1"},
		{offsetof(struct store_merge, encins), "INSERT INTO enclosures(article_id,"
		 " pos, url, type, length) VALUES(?1, ?2, ?3, ?4, ?5)"},
	};
	size_t i;
	int ret;

	for (i = 0; i < sizeof(stmts) / sizeof(stmts[0]); i++) {
		sqlite3_stmt **st = (sqlite3_stmt **)((char *)m + stmts[i].off);
		if ((ret = store_prepare(m->s, st, stmts[i].sql, cause)) != LDN_OK)
			return ret;
	}
	return LDN_OK;
}

/* The feed's row id; a new feed gets a row (url only) until the end. */
static int
merge_feed_id(struct store_merge *m, const char *url, char **cause)
{
	sqlite3_stmt *st;
	int rc, ret;

	ret = store_prepare(m->s, &st, "INSERT INTO feeds(url) VALUES(?1) "
			    "ON CONFLICT(url) DO NOTHING", cause);
	if (ret != LDN_OK)
		return ret;
	store_bind_text(st, 1, url);
	ret = store_step_done(m->s, st, "storing the feed", cause);
	sqlite3_finalize(st);
	if (ret != LDN_OK)
		return ret;
	ret = store_prepare(m->s, &st, "SELECT id FROM feeds WHERE url = ?1", cause);
	if (ret != LDN_OK)
		return ret;
	store_bind_text(st, 1, url);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		m->feed_id = sqlite3_column_int64(st, 0);
	else
		ret = store_fail(m->s, rc, "storing the feed", cause);
	sqlite3_finalize(st);
	return ret;
}

/* Stores title, tagline, link, validators, fetch time and body hash,
 * and clears the last error, writing only when something changed. */
static int
merge_feed_row(struct store_merge *m, const struct feed *f,
	       const struct store_fetch_info *info, char **cause)
{
	sqlite3_stmt *st;
	int ret;

	ret = store_prepare(m->s, &st, "UPDATE feeds SET title = ?2, "
	    "description = ?3, link = ?4, etag = ?5, last_modified = ?6, "
	    "last_fetch = ?7, body_hash = ?8, last_error = NULL WHERE id = ?1 "
	    "AND (title IS NOT ?2 OR description IS NOT ?3 OR link IS NOT ?4 OR "
	    "etag IS NOT ?5 OR last_modified IS NOT ?6 OR last_fetch IS NOT ?7 "
	    "OR body_hash IS NOT ?8 OR last_error IS NOT NULL)", cause);
	if (ret != LDN_OK)
		return ret;
	sqlite3_bind_int64(st, 1, m->feed_id);
	store_bind_text(st, 2, f->title ? f->title : "");
	store_bind_text(st, 3, f->description);
	store_bind_text(st, 4, f->link);
	store_bind_text(st, 5, info ? info->etag : NULL);
	store_bind_text(st, 6, info ? info->last_modified : NULL);
	sqlite3_bind_int64(st, 7, m->now);
	store_bind_text(st, 8, info ? info->body_hash : NULL);
	ret = store_step_done(m->s, st, "storing the feed", cause);
	sqlite3_finalize(st);
	return ret;
}

/* Loads this feed's cached rows and sorts them by id and by link. */
static int
merge_rows(struct store_merge *m, char **cause)
{
	sqlite3_stmt *st;
	struct merge_row *r;
	struct store_cols c = {0};
	size_t cap = 0, i;
	int rc, ret;

	ret = store_prepare(m->s, &st, "SELECT id, guid, link, hash, xhash, "
	    "coalesce(published, first_seen) FROM articles WHERE feed_id = ?1",
	    cause);
	if (ret != LDN_OK)
		return ret;
	sqlite3_bind_int64(st, 1, m->feed_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (m->nrows == cap) {
			cap = cap ? cap * 2 : 64;
			r = realloc(m->rows, cap * sizeof(*r));
			if (r == NULL) {
				c.oom = true;
				break;
			}
			m->rows = r;
		}
		r = &m->rows[m->nrows++];
		memset(r, 0, sizeof(*r));
		r->id = sqlite3_column_int64(st, 0);
		r->guid = store_col_dup(st, 1, true, &c);
		r->link = store_col_dup(st, 2, false, &c);
		r->has_hash = sqlite3_column_type(st, 3) != SQLITE_NULL &&
		    sqlite3_column_type(st, 4) != SQLITE_NULL;
		r->hash = store_col_int(st, 3, true, STORE_ANY_INT, &c);
		r->xhash = store_col_int(st, 4, true, STORE_ANY_INT, &c);
		r->key = store_col_int(st, 5, false, STORE_ANY_INT, &c);
		if (c.oom || c.bad != NULL)
			break;
	}
	sqlite3_finalize(st);
	if ((ret = store_cols_done(m->s, &c, LDN_OK, cause)) != LDN_OK)
		return ret;
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_fail(m->s, rc, "reading", cause);
	m->byguid = malloc((m->nrows + 1) * sizeof(*m->byguid));
	m->bylink = malloc((m->nrows + 1) * sizeof(*m->bylink));
	if (m->byguid == NULL || m->bylink == NULL)
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	for (i = 0; i < m->nrows; i++) {
		m->byguid[i] = &m->rows[i];
		if (m->rows[i].link != NULL)
			m->bylink[m->nlink++] = &m->rows[i];
	}
	qsort(m->byguid, m->nrows, sizeof(*m->byguid), cmp_row_guid);
	qsort(m->bylink, m->nlink, sizeof(*m->bylink), cmp_row_link);
	return LDN_OK;
}

static struct merge_row *
merge_find_guid(struct store_merge *m, const char *guid)
{
	struct merge_row k = {.guid = (char *)guid}, *kp = &k, **r;

	r = bsearch(&kp, m->byguid, m->nrows, sizeof(*m->byguid), cmp_row_guid);
	return r ? *r : NULL;
}

/* The first of the rows with this link in m->bylink, or NULL. */
static struct merge_row **
merge_link_first(struct store_merge *m, const char *link)
{
	struct merge_row k = {.link = (char *)link}, *kp = &k, **r;

	r = bsearch(&kp, m->bylink, m->nlink, sizeof(*m->bylink), cmp_row_link);
	while (r != NULL && r > m->bylink && strcmp(r[-1]->link, link) == 0)
		r--;
	return r;
}

/* Whether a row with this link is still free to be matched by it. */
static bool
merge_link_open(struct store_merge *m, const char *link)
{
	struct merge_row **r = merge_link_first(m, link), **end = m->bylink + m->nlink;

	for (; r != NULL && r < end && strcmp((*r)->link, link) == 0; r++)
		if (!(*r)->used)
			return true;
	return false;
}

/* At the end: a free row with this link whose id has left the feed. */
static struct merge_row *
merge_find_link(struct store_merge *m, const char *link)
{
	struct merge_row **r = merge_link_first(m, link), **end = m->bylink + m->nlink;

	for (; r != NULL && r < end && strcmp((*r)->link, link) == 0; r++)
		if (!(*r)->used && !ids_have(&m->seen, (*r)->guid))
			return *r;
	return NULL;
}

/* The key of rank k (0: the newest) of v[0..n), n > k; reorders v. */
static long long
merge_select(long long *v, size_t n, size_t k)
{
	ptrdiff_t lo = 0, hi = (ptrdiff_t)n - 1, i, j, kk = (ptrdiff_t)k;
	long long pivot, t;

	while (lo < hi) {
		pivot = v[lo + (hi - lo) / 2];
		for (i = lo, j = hi; i <= j;) {
			while (v[i] > pivot)
				i++;
			while (v[j] < pivot)
				j--;
			if (i <= j) {
				t = v[i];
				v[i++] = v[j];
				v[j--] = t;
			}
		}
		/* [lo, j] >= pivot >= [i, hi]; between them all equal it. */
		if (kk <= j)
			hi = j;
		else if (kk >= i)
			lo = i;
		else
			break;
	}
	return v[kk];
}

/* Makes the cut: the max_per_feed-th newest known key. */
static void
merge_make_cut(struct store_merge *m, size_t n)
{
	long long *v = m->scratch;
	size_t i;

	if (m->capscratch < n) {
		/* Without room, no cut: nothing is skipped, the prune at the
		 * end still keeps the newest. */
		if ((v = realloc(m->scratch, n * sizeof(*v))) == NULL)
			return;
		m->scratch = v;
		m->capscratch = n;
	}
	for (i = 0; i < m->nrows; i++)
		v[i] = m->rows[i].key;
	if (m->nkeys > 0) /* m->keys is NULL before the first */
		memcpy(v + m->nrows, m->keys, m->nkeys * sizeof(*v));
	m->cut = merge_select(v, n, m->s->lim.max_per_feed - 1);
	m->cut_valid = m->cut_made = true;
	m->cut_added = m->cut_calls = 0;
}

/* Whether a new article of age `key` is beyond retention; `exact`: make
 * the cut from every key now (for the last decisions). */
static bool
merge_beyond(struct store_merge *m, long long key, bool exact)
{
	size_t lim = m->s->lim.max_per_feed, n = m->nrows + m->nkeys;

	if (lim == 0 || n < lim)
		return false;
	if ((!m->cut_valid || m->cut_added > 0) &&
	    (exact || !m->cut_made || m->cut_calls >= MERGE_CUT_STEP ||
	     m->cut_added >= MERGE_CUT_STEP))
		merge_make_cut(m, n);
	m->cut_calls++;
	return m->cut_valid && key < m->cut;
}

/* A matched row takes the article's age (an undated one keeps its own). */
static void
merge_rekey(struct store_merge *m, struct merge_row *r, const struct article *a)
{
	long long key = a->has_published ? (long long)a->published : r->key;

	if (key < r->key)
		m->cut_valid = false;
	else if (key > r->key)
		m->cut_added++;
	r->key = key;
	r->used = true;
}

static void
merge_bind_fields(sqlite3_stmt *st, const struct article *a, sqlite3_int64 hash)
{
	store_bind_text(st, 2, a->id);
	store_bind_text(st, 3, a->link);
	store_bind_text(st, 4, a->title ? a->title : "");
	store_bind_text(st, 5, a->author);
	if (a->has_published)
		sqlite3_bind_int64(st, 6, (sqlite3_int64)a->published);
	else
		sqlite3_bind_null(st, 6);
	store_bind_text(st, 7, a->summary);
	sqlite3_bind_int(st, 8, (int)a->summary_fmt);
	sqlite3_bind_int64(st, 11, hash);
}

/* Sets (or removes, when the article has none) the body of row `id`. */
static int
merge_body(struct store_merge *m, sqlite3_int64 id, const struct article *a,
	   bool update, char **cause)
{
	if (a->content == NULL) {
		if (!update)
			return LDN_OK;
		sqlite3_bind_int64(m->bodydel, 1, id);
		return store_step_done(m->s, m->bodydel, "storing articles", cause);
	}
	sqlite3_bind_int64(m->bodyset, 1, id);
	store_bind_text(m->bodyset, 2, a->content);
	sqlite3_bind_int(m->bodyset, 3, (int)a->content_fmt);
	return store_step_done(m->s, m->bodyset, "storing articles", cause);
}

/* Replaces the tags and enclosures of row `id` with the article's. */
static int
merge_extras(struct store_merge *m, sqlite3_int64 id, const struct article *a,
	     bool replace, char **cause)
{
	const char *doing = "storing articles";
	size_t i;
	int ret = LDN_OK;

	if (replace) {
		sqlite3_bind_int64(m->tagdel, 1, id);
		sqlite3_bind_int64(m->encdel, 1, id);
		if ((ret = store_step_done(m->s, m->tagdel, doing, cause)) != LDN_OK ||
		    (ret = store_step_done(m->s, m->encdel, doing, cause)) != LDN_OK)
			return ret;
	}
	for (i = 0; i < a->ntags && ret == LDN_OK; i++) {
		sqlite3_bind_int64(m->tagins, 1, id);
		sqlite3_bind_int64(m->tagins, 2, (sqlite3_int64)i);
		store_bind_text(m->tagins, 3, a->tags[i]);
		ret = store_step_done(m->s, m->tagins, doing, cause);
	}
	for (i = 0; i < a->nenclosures && ret == LDN_OK; i++) {
		sqlite3_bind_int64(m->encins, 1, id);
		sqlite3_bind_int64(m->encins, 2, (sqlite3_int64)i);
		store_bind_text(m->encins, 3, a->enclosures[i].url);
		store_bind_text(m->encins, 4, a->enclosures[i].type);
		sqlite3_bind_int64(m->encins, 5, a->enclosures[i].length);
		ret = store_step_done(m->s, m->encins, doing, cause);
	}
	return ret;
}

/* Inserts the article (row NULL) or updates its row where it changed. */
static int
merge_write(struct store_merge *m, const struct article *a,
	    const struct merge_row *row, char **cause)
{
	const char *doing = "storing articles";
	sqlite3_int64 hash = article_hash(a), xhash = article_xhash(a), id;
	bool fields, extras;
	int ret;

	if (row == NULL) {
		sqlite3_bind_int64(m->ins, 1, m->feed_id);
		merge_bind_fields(m->ins, a, hash);
		sqlite3_bind_int64(m->ins, 12, xhash);
		sqlite3_bind_int64(m->ins, 13, m->now);
		if ((ret = store_step_done(m->s, m->ins, doing, cause)) != LDN_OK)
			return ret;
		id = sqlite3_last_insert_rowid(m->s->db);
		if ((ret = merge_body(m, id, a, false, cause)) != LDN_OK)
			return ret;
		m->stats.inserted++;
		return merge_extras(m, id, a, false, cause);
	}
	id = row->id;
	fields = !row->has_hash || row->hash != hash || strcmp(row->guid, a->id) != 0;
	extras = !row->has_hash || row->xhash != xhash;
	if (!fields && !extras) {
		m->stats.unchanged++;
		return LDN_OK;
	}
	m->stats.updated++;
	if (fields) {
		sqlite3_bind_int64(m->upd, 1, id);
		merge_bind_fields(m->upd, a, hash);
		if ((ret = store_step_done(m->s, m->upd, doing, cause)) != LDN_OK ||
		    (ret = merge_body(m, id, a, true, cause)) != LDN_OK)
			return ret;
	}
	if (!extras)
		return LDN_OK;
	sqlite3_bind_int64(m->xupd, 1, id);
	sqlite3_bind_int64(m->xupd, 2, xhash);
	if ((ret = store_step_done(m->s, m->xupd, doing, cause)) != LDN_OK)
		return ret;
	return merge_extras(m, id, a, true, cause);
}

/* A new article: inserted, unless it is already beyond retention. */
static int
merge_new(struct store_merge *m, const struct article *a, bool exact, char **cause)
{
	long long key = a->has_published ? (long long)a->published : m->now, *k;
	int ret;

	if (merge_beyond(m, key, exact)) {
		m->stats.skipped++;
		return LDN_OK;
	}
	if (m->nkeys == m->capkeys) {
		size_t cap = m->capkeys ? m->capkeys * 2 : 256;
		if ((k = realloc(m->keys, cap * sizeof(*k))) == NULL)
			return ldn_cause(cause, LDN_ENOMEM, "out of memory");
		m->keys = k;
		m->capkeys = cap;
	}
	if ((ret = merge_write(m, a, NULL, cause)) != LDN_OK)
		return ret;
	m->keys[m->nkeys++] = key;
	m->cut_added++;
	return LDN_OK;
}

static int
merge_hold(struct store_merge *m, const struct article *a, char **cause)
{
	const struct article **h;

	if (m->nheld == m->capheld) {
		size_t cap = m->capheld ? m->capheld * 2 : 16;
		if ((h = realloc(m->held, cap * sizeof(*h))) == NULL)
			return ldn_cause(cause, LDN_ENOMEM, "out of memory");
		m->held = h;
		m->capheld = cap;
	}
	m->held[m->nheld++] = a;
	return LDN_OK;
}

/* Prunes this feed by age and by count; starred articles stay. */
static int
merge_retention(struct store_merge *m, char **cause)
{
	sqlite3_stmt *st;
	int ret = LDN_OK;

	if (m->s->lim.max_age > 0) {
		/* By age, only what the feed no longer carries goes: an article
		 * still in the feed would come straight back, without its marks. */
		size_t i;

		ret = store_prepare(m->s, &st, "DELETE FROM articles WHERE "
		    "id = ?1 AND starred = 0", cause);
		if (ret != LDN_OK)
			return ret;
		for (i = 0; i < m->nrows && ret == LDN_OK; i++) {
			if (m->rows[i].used || m->rows[i].key >= m->now - m->s->lim.max_age)
				continue;
			sqlite3_reset(st);
			sqlite3_bind_int64(st, 1, m->rows[i].id);
			ret = store_step_done(m->s, st, "pruning old articles", cause);
			m->stats.pruned += (size_t)sqlite3_changes(m->s->db);
		}
		sqlite3_finalize(st);
	}
	if (ret != LDN_OK || m->s->lim.max_per_feed == 0)
		return ret;
	ret = store_prepare(m->s, &st, "DELETE FROM articles WHERE starred = 0 "
	    "AND id IN (SELECT id FROM articles WHERE feed_id = ?1 ORDER BY "
	    "coalesce(published, first_seen) DESC, id DESC LIMIT -1 OFFSET ?2)",
	    cause);
	if (ret != LDN_OK)
		return ret;
	sqlite3_bind_int64(st, 1, m->feed_id);
	sqlite3_bind_int64(st, 2, (sqlite3_int64)m->s->lim.max_per_feed);
	ret = store_step_done(m->s, st, "pruning old articles", cause);
	m->stats.pruned += (size_t)sqlite3_changes(m->s->db);
	sqlite3_finalize(st);
	return ret;
}

/* True when info's body hash is the one stored for this feed. */
static int
merge_same_body(struct store *s, const struct feed *f,
		const struct store_fetch_info *info, bool *same, char **cause)
{
	struct store_feed_state fs;
	int ret;

	*same = false;
	if (info == NULL || info->body_hash == NULL)
		return LDN_OK;
	if ((ret = store_feed_state(s, f->url, &fs, cause)) != LDN_OK)
		return ret;
	*same = fs.body_hash != NULL && strcmp(fs.body_hash, info->body_hash) == 0;
	store_feed_state_free(&fs);
	return LDN_OK;
}

/*
 * The first fill of an empty cache skips the WAL. In WAL mode every page
 * is written twice, to the WAL and then, at the checkpoint that follows a
 * big commit, to the database, with an fsync of each; and the WAL, as big
 * as the feed, is deleted at close. A rollback journal writes a page that
 * did not exist before the transaction straight to the database and
 * journals nothing of it, so on an empty cache it writes the feed once.
 * Measured on the 10,000-item feed: the commit went from ~105 to ~35 ms
 * and the close from ~18 to under 1 ms (bench/cache.py).
 *
 * The cost is concurrency: from its first spill to its commit the merge
 * holds an EXCLUSIVE lock, so a reader opened meanwhile waits (for the
 * busy timeout) where WAL would let it read. So it is done only when no
 * other connection has the cache open: SQLite refuses to leave WAL then
 * (asked without waiting), and the TUI, whose reader keeps a connection
 * open beside its refresh, always stays in WAL. Rollback mode is safe
 * against power loss only with synchronous = FULL, which costs little
 * here (nothing is journaled but the few pages that existed). A kill
 * leaves a hot journal that the next opener rolls back; store_open puts
 * every cache back in WAL mode, and a kiosk never opens "immutable" while
 * a journal exists (store_open_ro).
 */
static void
merge_bulk_begin(struct store_merge *m)
{
	struct store *s = m->s;
	sqlite3_stmt *st;
	long long any = 1;

	if (strcmp(s->path, ":memory:") == 0 || !sqlite3_get_autocommit(s->db) ||
	    store_int_query(s, "SELECT EXISTS (SELECT 1 FROM articles)", &any,
			    NULL) != LDN_OK || any)
		return;
	sqlite3_busy_timeout(s->db, 0);
	if (sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = DELETE", -1, &st,
			       NULL) == SQLITE_OK) {
		m->bulk = sqlite3_step(st) == SQLITE_ROW &&
		    sqlite3_column_text(st, 0) != NULL &&
		    strcmp((const char *)sqlite3_column_text(st, 0), "delete") == 0;
		sqlite3_finalize(st);
	}
	sqlite3_busy_timeout(s->db, STORE_BUSY_WAIT_MS);
	if (m->bulk)
		(void)sqlite3_exec(s->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
}

/* Back to WAL after the first fill, committed or not. Should that fail,
 * the cache is still whole, in rollback mode until the next open. */
static void
merge_bulk_end(struct store_merge *m)
{
	if (!m->bulk)
		return;
	m->bulk = false;
	(void)sqlite3_exec(m->s->db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
	(void)store_exec_busy(m->s, "PRAGMA journal_mode = WAL", NULL);
}

void
store_merge_abort(struct store_merge *m)
{
	if (m == NULL)
		return;
	if (!sqlite3_get_autocommit(m->s->db))
		sqlite3_exec(m->s->db, "ROLLBACK", NULL, NULL, NULL);
	merge_bulk_end(m);
	merge_free(m);
}

int
store_merge_begin(struct store_merge **out, struct store *s, const char *url,
		  time_t fetched, char **cause)
{
	struct store_merge *m;
	int ret;

	*out = NULL;
	if ((ret = store_writable(s, cause)) != LDN_OK)
		return ret;
	if ((m = calloc(1, sizeof(*m))) == NULL)
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	m->s = s;
	m->now = fetched ? (long long)fetched : (long long)time(NULL);
	merge_bulk_begin(m);
	if ((ret = store_exec(s, "BEGIN IMMEDIATE", "storing the feed", cause)) != LDN_OK) {
		merge_bulk_end(m);
		merge_free(m);
		return ret;
	}
	if ((ret = merge_feed_id(m, url, cause)) != LDN_OK ||
	    (ret = merge_rows(m, cause)) != LDN_OK ||
	    (ret = merge_prepare(m, cause)) != LDN_OK) {
		store_merge_abort(m);
		return ret;
	}
	*out = m;
	return LDN_OK;
}

/* Ends a failed merge at once, so the write lock is not held for nothing. */
static int
merge_failed(struct store_merge *m, int ret)
{
	m->failed = ret;
	if (!sqlite3_get_autocommit(m->s->db))
		sqlite3_exec(m->s->db, "ROLLBACK", NULL, NULL, NULL);
	return ret;
}

int
store_merge_article(struct store_merge *m, const struct article *a, bool *held,
		    char **cause)
{
	struct merge_row *row;
	int ret;

	*held = false;
	if (m->failed != LDN_OK)
		return ldn_cause(cause, m->failed, "%s: the merge failed before",
				 m->s->path);
	if ((ret = ids_add(&m->seen, a->id)) == 0)
		return LDN_OK; /* a repeated id: the first one counts */
	if (ret < 0)
		return merge_failed(m, ldn_cause(cause, ret, "out of memory"));
	if ((row = merge_find_guid(m, a->id)) != NULL) {
		merge_rekey(m, row, a);
		ret = merge_write(m, a, row, cause);
	} else if (a->link != NULL && merge_link_open(m, a->link)) {
		if ((ret = merge_hold(m, a, cause)) == LDN_OK)
			*held = true;
	} else {
		ret = merge_new(m, a, false, cause);
	}
	return ret == LDN_OK ? LDN_OK : merge_failed(m, ret);
}

int
store_merge_end(struct store_merge *m, const struct feed *f,
		const struct store_fetch_info *info, struct store_merge_stats *stats,
		char **cause)
{
	struct merge_row *row;
	size_t i;
	int ret = m->failed;

	if (stats != NULL)
		memset(stats, 0, sizeof(*stats));
	if (ret != LDN_OK) {
		ret = ldn_cause(cause, ret, "%s: the merge failed before", m->s->path);
		goto out;
	}
	for (i = 0; i < m->nheld && ret == LDN_OK; i++) {
		const struct article *a = m->held[i];
		if ((row = merge_find_link(m, a->link)) != NULL) {
			merge_rekey(m, row, a);
			ret = merge_write(m, a, row, cause);
		} else {
			ret = merge_new(m, a, true, cause);
		}
	}
	if (ret == LDN_OK)
		ret = merge_retention(m, cause);
	if (ret == LDN_OK)
		ret = merge_feed_row(m, f, info, cause);
	if (ret == LDN_OK)
		ret = store_exec(m->s, "COMMIT", "storing the feed", cause);
	if (ret == LDN_OK && stats != NULL)
		*stats = m->stats;
out:
	store_merge_abort(m);
	return ret;
}

int
store_merge(struct store *s, const struct feed *f,
	    const struct store_fetch_info *info, struct store_merge_stats *stats,
	    char **cause)
{
	struct store_merge *m;
	size_t i;
	bool same, held;
	int ret;

	if (stats != NULL)
		memset(stats, 0, sizeof(*stats));
	if ((ret = store_writable(s, cause)) != LDN_OK)
		return ret;
	if ((ret = merge_same_body(s, f, info, &same, cause)) != LDN_OK)
		return ret;
	if (same) {
		if (stats != NULL) {
			stats->same_body = true;
			stats->unchanged = f->articles.len;
		}
		return LDN_OK;
	}
	ret = store_merge_begin(&m, s, f->url, info ? info->fetched : 0, cause);
	/* m is set exactly when ret is LDN_OK; said twice for the analyzer,
	 * which cannot see that ldn_cause returns its non-zero status. */
	if (ret != LDN_OK || m == NULL)
		return ret != LDN_OK ? ret : LDN_ENOMEM;
	for (i = 0; i < f->articles.len; i++) {
		ret = store_merge_article(m, f->articles.items[i], &held, cause);
		if (ret != LDN_OK) {
			store_merge_abort(m);
			return ret;
		}
	}
	return store_merge_end(m, f, info, stats, cause);
}

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

/* ---- load ---- */

/*
 * Steps a prepared statement whose columns are the article columns of
 * store_load (id, feed title, feed url, guid, title, link, author,
 * published, summary, summary_fmt, read, starred), appending an article
 * per row; finalizes the statement.
 */
static int
load_rows(struct store *s, sqlite3_stmt *st, struct article_list *out, char **cause)
{
	struct store_cols c = {0};
	struct article *a;
	int rc, ret;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((a = article_new()) == NULL) {
			c.oom = true;
			break;
		}
		a->store_id = sqlite3_column_int64(st, 0);
		a->feed = store_col_dup(st, 1, true, &c);
		a->feed_url = store_col_dup(st, 2, true, &c);
		a->id = store_col_dup(st, 3, true, &c);
		a->title = store_col_dup(st, 4, true, &c);
		a->link = store_col_dup(st, 5, false, &c);
		a->author = store_col_dup(st, 6, false, &c);
		a->has_published = sqlite3_column_type(st, 7) != SQLITE_NULL;
		a->published = (time_t)store_col_int(st, 7, true, STORE_ANY_INT, &c);
		a->summary = store_col_dup(st, 8, false, &c);
		a->summary_fmt = (enum article_fmt)store_col_int(st, 9, false, ARTICLE_FMT_TEXT,
								 ARTICLE_FMT_HTML, &c);
		a->read = store_col_int(st, 10, false, STORE_ANY_INT, &c) != 0;
		a->starred = store_col_int(st, 11, false, STORE_ANY_INT, &c) != 0;
		if (c.oom || c.bad != NULL || article_list_push(out, a) != LDN_OK) {
			article_free(a);
			c.oom = c.oom || c.bad == NULL;
			break;
		}
	}
	sqlite3_finalize(st);
	if ((ret = store_cols_done(s, &c, LDN_OK, cause)) != LDN_OK)
		return ret;
	if (rc != SQLITE_DONE)
		return store_fail(s, rc, "reading", cause);
	return LDN_OK;
}

static int
load_articles(struct store *s, struct article_list *out, char **cause)
{
	sqlite3_stmt *st;
	int ret;

	ret = store_prepare(s, &st, "SELECT a.id, f.title, f.url, a.guid, "
	    "a.title, a.link, a.author, a.published, a.summary, a.summary_fmt, "
	    "a.read, a.starred FROM articles a JOIN feeds f ON f.id = a.feed_id "
	    "ORDER BY a.id", cause);
	if (ret != LDN_OK)
		return ret;
	return load_rows(s, st, out, cause);
}

/*
 * Hangs tags (kind 0) or enclosures (kind 1) on the articles out->items
 * [from..], walking both lists in article id order.
 */
static int
load_extras(struct store *s, struct article_list *out, size_t from, int kind,
	    char **cause)
{
	sqlite3_stmt *st;
	struct store_cols c = {0};
	struct article *a;
	sqlite3_int64 id;
	size_t j = from;
	int rc, ret;

	ret = store_prepare(s, &st, kind == 0 ?
	    "SELECT article_id, tag FROM tags ORDER BY article_id, pos" :
	    "SELECT article_id, url, type, length FROM enclosures "
	    "ORDER BY article_id, pos", cause);
	if (ret != LDN_OK)
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

/* Tags and enclosures of one article, for the few that store_load_head reads. */
static int
load_extras_one(struct store *s, struct article *a, char **cause)
{
	static const char *const sql[] = {
		"SELECT tag FROM tags WHERE article_id = ?1 ORDER BY pos",
		"SELECT url, type, length FROM enclosures WHERE article_id = ?1 ORDER BY pos",
	};
	struct store_cols c = {0};
	sqlite3_stmt *st;
	int kind, rc = SQLITE_DONE, ret = LDN_OK;

	for (kind = 0; kind < 2 && ret == LDN_OK; kind++) {
		if ((ret = store_prepare(s, &st, sql[kind], cause)) != LDN_OK)
			return ret;
		sqlite3_bind_int64(st, 1, a->store_id);
		rc = SQLITE_DONE;
		while (ret == LDN_OK && c.bad == NULL && !c.oom &&
		       (rc = sqlite3_step(st)) == SQLITE_ROW)
			ret = store_col_extra(st, 0, kind, a, &c);
		sqlite3_finalize(st);
		if ((ret = store_cols_done(s, &c, ret, cause)) != LDN_OK)
			return ldn_cause(cause, ret, "out of memory");
		/* A read error (busy, corrupt) is not the end of the tags. */
		if (rc != SQLITE_DONE)
			return store_fail(s, rc, "reading", cause);
	}
	return ret;
}

int
store_load_head(struct store *s, const char *const *urls, size_t nurls, size_t limit,
		struct article_list *out, char **cause)
{
	sqlite3_stmt *st;
	size_t i, from = out->len;
	int ret;

	/* The view order of query.h: newest first, unknown dates last, then
	 * the feed's URL and the id (SQLite's BINARY order is strcmp's). */
	/* Dated articles walk the published index newest first (the sort of
	 * the ties is a small one), undated ones follow: LIMIT stops both
	 * after a screenful instead of sorting the cache. */
	ret = store_prepare(s, &st, "SELECT * FROM (SELECT a.id, f.title, f.url, a.guid, "
	    "a.title, a.link, a.author, a.published, a.summary, a.summary_fmt, "
	    "a.read, a.starred FROM articles a INDEXED BY articles_published "
	    "CROSS JOIN feeds f ON f.id = a.feed_id "
	    "WHERE a.published IS NOT NULL AND f.url IN (SELECT value FROM json_each(?1)) "
	    "ORDER BY a.published DESC, f.url, a.guid LIMIT ?2) UNION ALL "
	    "SELECT * FROM (SELECT a.id, f.title, f.url, a.guid, "
	    "a.title, a.link, a.author, a.published, a.summary, a.summary_fmt, "
	    "a.read, a.starred FROM articles a JOIN feeds f ON f.id = a.feed_id "
	    "WHERE a.published IS NULL AND f.url IN (SELECT value FROM json_each(?1)) "
	    "ORDER BY f.url, a.guid LIMIT ?2) LIMIT ?2", cause);
	if (ret != LDN_OK)
		return ret;
	{
		/* The URLs as a JSON array: one bound value, however many. */
		struct buf js;
		buf_init(&js, SIZE_MAX);
		ret = buf_putc(&js, '[');
		for (i = 0; i < nurls && ret == LDN_OK; i++) {
			const char *p;
			ret = buf_puts(&js, i ? ",\"" : "\"");
			for (p = urls[i]; *p && ret == LDN_OK; p++)
				ret = (*p == '"' || *p == '\\') ? buf_printf(&js, "\\%c", *p) :
				    (unsigned char)*p < 0x20 ? buf_printf(&js, "\\u%04x", *p) :
				    buf_putc(&js, *p);
			if (ret == LDN_OK)
				ret = buf_putc(&js, '"');
		}
		if (ret == LDN_OK)
			ret = buf_putc(&js, ']');
		if (ret == LDN_OK)
			sqlite3_bind_text(st, 1, buf_cstr(&js), -1, SQLITE_TRANSIENT);
		buf_free(&js);
		if (ret != LDN_OK) {
			sqlite3_finalize(st);
			return ldn_cause(cause, LDN_ENOMEM, "out of memory");
		}
	}
	sqlite3_bind_int64(st, 2, (sqlite3_int64)limit);
	if ((ret = load_rows(s, st, out, cause)) != LDN_OK)
		return ret;
	for (i = from; i < out->len && ret == LDN_OK; i++)
		ret = load_extras_one(s, out->items[i], cause);
	return ret;
}

int
store_load(struct store *s, struct article_list *out, char **cause)
{
	size_t from = out->len;
	int ret;

	/* One read transaction: the three queries see the same cache. */
	if ((ret = store_exec(s, "BEGIN", "reading", cause)) != LDN_OK)
		return ret;
	if ((ret = load_articles(s, out, cause)) == LDN_OK &&
	    (ret = load_extras(s, out, from, 0, cause)) == LDN_OK)
		ret = load_extras(s, out, from, 1, cause);
	sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	return ret;
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

/* ---- the full-text index ---- */

static int
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

/* True when the word holds something the tokenizer keeps (a letter, a
 * digit, any non-ASCII character): a phrase without one is left out. */
static bool
search_word_counts(const char *w, size_t n)
{
	size_t i;
	unsigned char c;

	for (i = 0; i < n; i++) {
		c = (unsigned char)w[i];
		if (c >= 0x80 || (c >= '0' && c <= '9') ||
		    ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
			return true;
	}
	return false;
}

/* Each word as a quoted phrase prefix: "w""ord"* ; nothing is syntax. */
static int
search_query(const char *text, struct buf *q)
{
	const char *p = text, *w;
	size_t n, i;
	int ret = LDN_OK;

	while (*p != '\0' && ret == LDN_OK) {
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		for (w = p; *p != '\0' && *p != ' ' && *p != '\t' &&
		    *p != '\n' && *p != '\r'; p++)
			;
		n = (size_t)(p - w);
		if (n == 0 || !search_word_counts(w, n))
			continue;
		if (q->len > 0)
			ret = buf_putc(q, ' ');
		if (ret == LDN_OK)
			ret = buf_putc(q, '"');
		for (i = 0; i < n && ret == LDN_OK; i++)
			ret = w[i] == '"' ? buf_puts(q, "\"\"") : buf_putc(q, w[i]);
		if (ret == LDN_OK)
			ret = buf_puts(q, "\"*");
	}
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

/* ---- reset ---- */

static bool
path_exists(const char *p)
{
	struct stat sb;

	return lstat(p, &sb) == 0 || errno != ENOENT;
}

/* A name `<path>.<stamp>.bak[.N]` whose database and side files are free. */
static int
reset_name(const char *path, struct buf *to)
{
	static const char *const sides[] = {"", "-wal", "-shm"};
	char stamp[32];
	struct tm tm;
	time_t now = time(NULL);
	bool taken;
	size_t i, base;
	int k, ret;

	if (localtime_r(&now, &tm) == NULL ||
	    strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm) == 0)
		snprintf(stamp, sizeof(stamp), "%lld", (long long)now);
	for (k = 0; k < 1000; k++) {
		buf_reset(to);
		ret = k == 0 ? buf_printf(to, "%s.%s.bak", path, stamp) :
		    buf_printf(to, "%s.%s.%d.bak", path, stamp, k);
		if (ret != LDN_OK)
			return ret;
		base = to->len;
		taken = false;
		for (i = 0; i < 3 && !taken; i++) {
			if ((ret = buf_puts(to, sides[i])) != LDN_OK)
				return ret;
			taken = path_exists(buf_cstr(to));
			to->len = base;
			to->data[base] = '\0';
		}
		if (!taken)
			return LDN_OK;
	}
	return LDN_ELIMIT;
}

int
store_reset(const char *path, char **moved_to, char **cause)
{
	/* A rollback journal too: left by a killed first fill, it must go
	 * with its database, never be rolled into the new one. */
	static const char *const sides[] = {"", "-wal", "-shm", "-journal"};
	struct buf to, from;
	size_t i;
	int ret;

	*moved_to = NULL;
	if (!path_exists(path))
		return LDN_OK;
	buf_init(&to, 1 << 16);
	buf_init(&from, 1 << 16);
	if ((ret = reset_name(path, &to)) != LDN_OK) {
		ret = ldn_cause(cause, ret, "%s: no free name to move the cache "
				"to", path);
		goto out;
	}
	/* Side files first: a database found without its WAL is older, not
	 * corrupt, and the renamed set stays a consistent database. */
	for (i = sizeof(sides) / sizeof(sides[0]); i-- > 0;) {
		size_t base = to.len;
		buf_reset(&from);
		if (buf_printf(&from, "%s%s", path, sides[i]) != LDN_OK ||
		    buf_puts(&to, sides[i]) != LDN_OK) {
			ret = ldn_cause(cause, LDN_ENOMEM, "out of memory");
			goto out;
		}
		if (path_exists(buf_cstr(&from)) &&
		    rename(buf_cstr(&from), buf_cstr(&to)) != 0) {
			ret = ldn_cause(cause, LDN_EIO, "%s: cannot move it to %s: "
					"%s", buf_cstr(&from), buf_cstr(&to),
					strerror(errno));
			goto out;
		}
		to.len = base;
		to.data[base] = '\0';
	}
	if ((*moved_to = buf_detach(&to)) == NULL)
		ret = ldn_cause(cause, LDN_ENOMEM, "out of memory");
out:
	buf_free(&to);
	buf_free(&from);
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
