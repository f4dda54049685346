/*
 * store_merge.c - writing a feed's articles into the cache: the streaming
 * merge (begin, article, end), retention by age and count, the bulk mode
 * of a first fill, and "the same bytes as last time" (merge_same_body).
 *
 * Threads: the sync merger thread when a run fetches more than one feed,
 * else the refresh worker (or headless run) inline; a STREAM merge's
 * articles come from sync's writer thread, one merge at a time.
 */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "hash.h"
#include "store_int.h"

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
	bool bulk;              /* a first fill, in rollback mode (merge_bulk_enter) */
	bool nested;            /* a savepoint in a batch (store_batch_begin) */
	bool open;              /* its transaction or savepoint is open */
	sqlite3_stmt *ins, *upd, *bodyset, *bodydel, *xupd, *tagdel, *tagins,
	    *encdel, *encins;
};

/* Where id is, or the free slot where it would go (cap > 0). */
static size_t
ids_slot(const struct merge_ids *t, const char *id)
{
	size_t i = (size_t)hash_str(id) & (t->cap - 1);

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
	sqlite3_int64 hash = store_row_hash(a), xhash = store_row_xhash(a), id;
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
 * On a big first fill the commit and the close get several times faster
 * (bench/cache.py; figures in bench/README.md).
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
static bool
merge_bulk_enter(struct store *s)
{
	sqlite3_stmt *st;
	long long any = 1;
	bool bulk = false;

	if (strcmp(s->path, ":memory:") == 0 || !sqlite3_get_autocommit(s->db) ||
	    store_int_query(s, "SELECT EXISTS (SELECT 1 FROM articles)", &any,
			    NULL) != LDN_OK || any)
		return false;
	sqlite3_busy_timeout(s->db, 0);
	if (sqlite3_prepare_v2(s->db, "PRAGMA journal_mode = DELETE", -1, &st,
			       NULL) == SQLITE_OK) {
		bulk = sqlite3_step(st) == SQLITE_ROW &&
		    sqlite3_column_text(st, 0) != NULL &&
		    strcmp((const char *)sqlite3_column_text(st, 0), "delete") == 0;
		sqlite3_finalize(st);
	}
	sqlite3_busy_timeout(s->db, STORE_BUSY_WAIT_MS);
	if (bulk)
		(void)sqlite3_exec(s->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
	return bulk;
}

/* Back to WAL after the first fill, committed or not. Should that fail,
 * the cache is still whole, in rollback mode until the next open. */
static void
merge_bulk_leave(struct store *s)
{
	(void)sqlite3_exec(s->db, "PRAGMA synchronous = NORMAL", NULL, NULL, NULL);
	(void)store_exec_busy(s, "PRAGMA journal_mode = WAL", NULL);
}

/* Ends the merge's transaction (its savepoint inside a batch), if open. */
static void
merge_rollback(struct store_merge *m)
{
	if (!m->open)
		return;
	m->open = false;
	if (sqlite3_get_autocommit(m->s->db))
		return; /* SQLite rolled back already (a full disk, say) */
	if (m->nested)
		(void)sqlite3_exec(m->s->db, "ROLLBACK TO merge; RELEASE merge", NULL, NULL,
				   NULL);
	else
		(void)sqlite3_exec(m->s->db, "ROLLBACK", NULL, NULL, NULL);
}

void
store_merge_abort(struct store_merge *m)
{
	if (m == NULL)
		return;
	merge_rollback(m);
	if (m->bulk)
		merge_bulk_leave(m->s);
	merge_free(m);
}

/*
 * A batch: merges and notes in one transaction, so a run of many feeds
 * commits (and, in WAL mode, checkpoints) once a batch instead of once a
 * feed; each merge in it is a savepoint, rolled back alone when it fails.
 * A batch that starts on an empty cache puts it in rollback mode (above)
 * until store_batch_end(), so the whole first fill of many feeds writes
 * each page once (bench/README.md, thousand.py).
 */
int
store_batch_begin(struct store *s, char **cause)
{
	int ret;

	if ((ret = store_writable(s, cause)) != LDN_OK)
		return ret;
	if (!s->batch_bulk)
		s->batch_bulk = merge_bulk_enter(s);
	return store_exec(s, "BEGIN IMMEDIATE", "storing the feeds", cause);
}

int
store_batch_commit(struct store *s, char **cause)
{
	int ret;

	if (sqlite3_get_autocommit(s->db))
		return ldn_cause(cause, LDN_EIO, "%s: storing the feeds: the transaction "
				 "was rolled back by an earlier error", s->path);
	if ((ret = store_exec(s, "COMMIT", "storing the feeds", cause)) != LDN_OK &&
	    !sqlite3_get_autocommit(s->db))
		(void)sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return ret;
}

void
store_batch_end(struct store *s)
{
	if (!s->batch_bulk)
		return;
	s->batch_bulk = false;
	merge_bulk_leave(s);
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
	m->nested = !sqlite3_get_autocommit(s->db);
	if (!m->nested)
		m->bulk = merge_bulk_enter(s);
	ret = store_exec(s, m->nested ? "SAVEPOINT merge" : "BEGIN IMMEDIATE",
			 "storing the feed", cause);
	if (ret != LDN_OK) {
		store_merge_abort(m);
		return ret;
	}
	m->open = true;
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
	merge_rollback(m);
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
		ret = store_exec(m->s, m->nested ? "RELEASE merge" : "COMMIT",
				 "storing the feed", cause);
	if (ret == LDN_OK)
		m->open = false;
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
