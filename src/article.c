/*
 * article.c - construction and ownership of the plain article data.
 *
 * Tags and enclosures come from the feed and are hostile: an item may
 * repeat <category> 300,000 times. Adding one is O(1) amortised: the
 * arrays grow by doubling (their capacity is the next power of two of the
 * count, so no field holds it), and an article with more than
 * ARTICLE_TAGS_SCAN tags gets a struct article_index whose hash set finds
 * a duplicate at once; below that a scan is cheaper than hashing, and
 * most articles never pay for the index. The index also counts what the
 * bounds (ARTICLE_MAX_TAGS, ARTICLE_MAX_ENCLOSURES) dropped.
 *
 * Owns nothing past a call: articles, feeds and lists belong to whoever
 * made them (each has its _free). No shared state; one thread at a time
 * per article (the parser's, the merger's or the reader's).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "hash.h"
#include "hashset.h"

/* Tags an article scans for a duplicate before it builds a hash set. */
#define ARTICLE_TAGS_SCAN 16

struct article_index {
	struct hashset tags;        /* positions in a->tags; empty until the
				     * article has more than ARTICLE_TAGS_SCAN */
	size_t tags_dropped;
	size_t enclosures_dropped;
};

struct article *
article_new(void)
{
	return calloc(1, sizeof(struct article));
}

static void
article_index_free(struct article_index *ix)
{
	if (ix == NULL)
		return;
	hashset_free(&ix->tags);
	free(ix);
}

void
article_free(struct article *a)
{
	size_t i;

	if (a == NULL)
		return;
	free(a->feed);
	free(a->feed_url);
	free(a->id);
	free(a->title);
	free(a->link);
	free(a->author);
	for (i = 0; i < a->ntags; i++)
		free(a->tags[i]);
	free(a->tags);
	free(a->summary);
	free(a->content);
	for (i = 0; i < a->nenclosures; i++) {
		free(a->enclosures[i].url);
		free(a->enclosures[i].type);
	}
	free(a->enclosures);
	free(a->standfirst);
	free(a->search_key);
	article_index_free(a->index);
	free(a);
}

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

unsigned long long
article_tag_bit(const char *tag)
{
	/* ASCII case folded, so tag filters (ASCII case-insensitive) can use
	 * the bloom too. */
	return 1ULL << (hash_str_casefold(tag) >> 58);
}

/* What to grow an array of n elements to before one more is added, or 0
 * when it has room: its capacity is always the next power of two of n,
 * so adding n elements costs O(n) and no field keeps the capacity. */
static size_t
article_room(size_t n)
{
	if (n == 0)
		return 1;
	return (n & (n - 1)) == 0 ? n * 2 : 0;
}

static struct article_index *
article_index(struct article *a)
{
	if (a->index == NULL)
		a->index = calloc(1, sizeof(*a->index));
	return a->index;
}

/* The position of tag t[0..len) in a->tags, or HASHSET_NONE. */
static size_t
article_find_tag(const struct article *a, const char *t, size_t len)
{
	size_t i;

	if (a->index != NULL && a->index->tags.len > 0)
		return hashset_find(&a->index->tags, t, len, hashset_key_strv, a->tags);
	for (i = 0; i < a->ntags; i++)
		if (strncmp(a->tags[i], t, len) == 0 && a->tags[i][len] == '\0')
			return i;
	return HASHSET_NONE;
}

/* Indexes a->tags[pos] once the article is past ARTICLE_TAGS_SCAN tags
 * (all of them the first time). */
static int
article_index_tag(struct article *a, size_t pos)
{
	struct article_index *ix;
	size_t i = pos;

	if (a->ntags <= ARTICLE_TAGS_SCAN)
		return LDN_OK;
	if ((ix = article_index(a)) == NULL)
		return LDN_ENOMEM;
	if (ix->tags.len == 0)
		i = 0;
	for (; i <= pos; i++)
		if (hashset_add(&ix->tags, a->tags[i], strlen(a->tags[i]), i) != LDN_OK) {
			/* A partial index would miss duplicates: none, then. */
			hashset_free(&ix->tags);
			return LDN_ENOMEM;
		}
	return LDN_OK;
}

bool
article_has_tag(const struct article *a, const char *tag)
{
	return article_find_tag(a, tag, strlen(tag)) != HASHSET_NONE;
}

static int
article_tag(struct article *a, const char *tag, bool bounded)
{
	struct article_index *ix;
	size_t len, n;
	char *t, **tags;

	while (is_space(*tag))
		tag++;
	len = strlen(tag);
	while (len > 0 && is_space(tag[len - 1]))
		len--;
	if (len == 0 || article_find_tag(a, tag, len) != HASHSET_NONE)
		return LDN_OK;
	if (bounded && a->ntags >= ARTICLE_MAX_TAGS) {
		if ((ix = article_index(a)) == NULL)
			return LDN_ENOMEM;
		ix->tags_dropped++;
		return LDN_OK;
	}
	if ((n = article_room(a->ntags)) != 0) {
		if ((tags = realloc(a->tags, n * sizeof(*tags))) == NULL)
			return LDN_ENOMEM;
		a->tags = tags;
	}
	if ((t = strndup(tag, len)) == NULL)
		return LDN_ENOMEM;
	a->tags[a->ntags++] = t;
	if (article_index_tag(a, a->ntags - 1) != LDN_OK) {
		free(a->tags[--a->ntags]);
		return LDN_ENOMEM;
	}
	a->tag_bloom |= article_tag_bit(t);
	return LDN_OK;
}

int
article_add_tag(struct article *a, const char *tag)
{
	return article_tag(a, tag, true);
}

int
article_add_user_tag(struct article *a, const char *tag)
{
	return article_tag(a, tag, false);
}

void
article_dropped(const struct article *a, size_t *tags, size_t *enclosures)
{
	if (tags != NULL)
		*tags = a->index != NULL ? a->index->tags_dropped : 0;
	if (enclosures != NULL)
		*enclosures = a->index != NULL ? a->index->enclosures_dropped : 0;
}

int
article_add_enclosure(struct article *a, const char *url, const char *type,
		      long long length)
{
	struct article_index *ix;
	struct enclosure *e;
	char *u, *t = NULL;
	size_t n;

	if (a->nenclosures >= ARTICLE_MAX_ENCLOSURES) {
		if ((ix = article_index(a)) == NULL)
			return LDN_ENOMEM;
		ix->enclosures_dropped++;
		return LDN_OK;
	}
	if ((n = article_room(a->nenclosures)) != 0) {
		if ((e = realloc(a->enclosures, n * sizeof(*e))) == NULL)
			return LDN_ENOMEM;
		a->enclosures = e;
	}
	u = strdup(url);
	if (u == NULL)
		return LDN_ENOMEM;
	if (type != NULL && (t = strdup(type)) == NULL) {
		free(u);
		return LDN_ENOMEM;
	}
	e = &a->enclosures[a->nenclosures++];
	e->url = u;
	e->type = t;
	e->length = length;
	return LDN_OK;
}

static int
article_list_grow(struct article_list *l, size_t need)
{
	size_t ncap;
	struct article **p;

	if (l->len + need <= l->cap)
		return LDN_OK;
	ncap = l->cap ? l->cap : 16;
	while (ncap < l->len + need)
		ncap *= 2;
	p = realloc(l->items, ncap * sizeof(*p));
	if (p == NULL)
		return LDN_ENOMEM;
	l->items = p;
	l->cap = ncap;
	return LDN_OK;
}

int
article_list_push(struct article_list *l, struct article *a)
{
	int st = article_list_grow(l, 1);

	if (st != LDN_OK)
		return st;
	l->items[l->len++] = a;
	return LDN_OK;
}

int
article_list_take_all(struct article_list *dst, struct article_list *src)
{
	int st;

	if (src->len == 0) /* both may be empty: no memcpy from NULL */
		return LDN_OK;
	if ((st = article_list_grow(dst, src->len)) != LDN_OK)
		return st;
	memcpy(dst->items + dst->len, src->items, src->len * sizeof(*src->items));
	dst->len += src->len;
	src->len = 0;
	return LDN_OK;
}

static int
article_str_cmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/*
 * The urls sorted (a copy) and searched by halves, not one by one, which
 * cost articles x feeds compares: the most of listing a cache of many
 * feeds (bench/README.md, thousand.py). Articles come in runs of one
 * feed, so the last answer is tried first.
 */
int
article_list_take_feeds(struct article_list *dst, struct article_list *src,
			const char *const *urls, size_t n)
{
	const char **sorted = malloc((n ? n : 1) * sizeof(*sorted));
	const char *last = NULL;
	bool last_in = false;
	size_t i;
	int st = sorted != NULL ? LDN_OK : LDN_ENOMEM;

	if (sorted != NULL) {
		if (n > 0)
			memcpy(sorted, urls, n * sizeof(*sorted));
		qsort(sorted, n, sizeof(*sorted), article_str_cmp);
	}
	for (i = 0; i < src->len; i++) {
		struct article *a = src->items[i];
		if (st == LDN_OK && (last == NULL || strcmp(last, a->feed_url) != 0)) {
			last = a->feed_url;
			last_in = bsearch(&last, sorted, n, sizeof(*sorted),
					  article_str_cmp) != NULL;
		}
		if (st == LDN_OK && last_in && (st = article_list_push(dst, a)) == LDN_OK)
			continue;
		article_free(a);
		/* a freed article's feed_url may be `last`: look it up again */
		last = NULL;
	}
	free(sorted);
	free(src->items);
	src->items = NULL;
	src->len = src->cap = 0;
	return st;
}

static int
article_key_cmp(const void *x, const void *y)
{
	const struct article *const *a = x, *const *b = y;
	int c = strcmp((*a)->feed_url, (*b)->feed_url);

	return c ? c : strcmp((*a)->id, (*b)->id);
}

/* `old` takes fresh's fields but keeps what the reader or the cache gave
 * it; what is left of it goes with `fresh`. */
static void
article_update(struct article *old, struct article *fresh)
{
	struct article tmp = *old;

	*old = *fresh;
	*fresh = tmp;
	old->read = fresh->read;
	old->starred = fresh->starred;
	old->store_id = fresh->store_id;
	if (old->content == NULL) {
		old->content = fresh->content;
		old->content_fmt = fresh->content_fmt;
		fresh->content = NULL;
	}
	article_free(fresh);
}

/*
 * The merge proper, once all it needs is allocated: index holds into's
 * first n articles sorted by key, into has room for fresh. carried (may
 * be NULL) gets, for each fresh article, the one into holds for it.
 */
static void
article_merge_into(struct article_list *into, struct article_list *fresh,
		   struct article **index, size_t n, struct article **carried)
{
	size_t i;

	if (n > 0) {
		memcpy(index, into->items, n * sizeof(*index));
		qsort(index, n, sizeof(*index), article_key_cmp);
	}
	for (i = 0; i < fresh->len; i++) {
		struct article *a = fresh->items[i], **hit;

		hit = bsearch(&a, index, n, sizeof(*index), article_key_cmp);
		if (hit != NULL)
			article_update(*hit, a);
		else
			into->items[into->len++] = a;
		if (carried != NULL)
			carried[i] = hit != NULL ? *hit : a;
	}
	fresh->len = 0;
}

int
article_list_merge(struct article_list *into, struct article_list *fresh)
{
	struct article **index;
	size_t n = into->len;

	/* Everything that can fail comes first, so a failure changes nothing. */
	if ((index = malloc((n ? n : 1) * sizeof(*index))) == NULL)
		return LDN_ENOMEM;
	if (article_list_grow(into, fresh->len) != LDN_OK) {
		free(index);
		return LDN_ENOMEM;
	}
	article_merge_into(into, fresh, index, n, NULL);
	free(index);
	return LDN_OK;
}

/* One article of the feed that retention looks at. */
struct article_keep_row {
	struct article *a;
	size_t pos;       /* in the list */
	long long key;    /* its age: published, else "now" */
	bool carried;     /* in the feed just merged */
	bool drop;
};

static int
article_ptr_cmp(const void *x, const void *y)
{
	uintptr_t a = (uintptr_t)*(struct article *const *)x;
	uintptr_t b = (uintptr_t)*(struct article *const *)y;

	return a < b ? -1 : a > b;
}

/* Newest first, as the cache counts them; among equals, those the feed
 * carries, then those merged last (seen last). */
static int
article_newest_cmp(const void *x, const void *y)
{
	const struct article_keep_row *a = x, *b = y;

	if (a->key != b->key)
		return a->key > b->key ? -1 : 1;
	if (a->carried != b->carried)
		return a->carried ? -1 : 1;
	return a->pos > b->pos ? -1 : a->pos < b->pos;
}

static int
article_pos_cmp(const void *x, const void *y)
{
	const struct article_keep_row *a = x, *b = y;

	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

/* Marks what retention takes out of rows[0..n), in a sort of their own. */
static void
article_retain(struct article_keep_row *rows, size_t n, const struct article_retention *keep)
{
	size_t i, kept = 0;

	for (i = 0; keep->max_age > 0 && i < n; i++)
		rows[i].drop = !rows[i].carried && !rows[i].a->starred &&
		    rows[i].a->has_published && rows[i].key < keep->now - keep->max_age;
	if (keep->max_per_feed == 0)
		return;
	qsort(rows, n, sizeof(*rows), article_newest_cmp);
	/* Starred ones count, as in the cache, but stay. */
	for (i = 0; i < n; i++)
		if (!rows[i].drop && kept++ >= keep->max_per_feed && !rows[i].a->starred)
			rows[i].drop = true;
}

int
article_list_merge_feed(struct article_list *into, struct article_list *fresh,
			const char *feed_url, const struct article_retention *keep,
			struct article_list *dropped)
{
	size_t n = into->len, m = fresh->len, i, j, nf = 0, out = 0;
	struct article **index, **carried;
	struct article_keep_row *rows;
	int st = LDN_ENOMEM;

	index = malloc((n ? n : 1) * sizeof(*index));
	carried = malloc((m ? m : 1) * sizeof(*carried));
	rows = malloc((n + m ? n + m : 1) * sizeof(*rows));
	if (index == NULL || carried == NULL || rows == NULL ||
	    article_list_grow(into, m) != LDN_OK || article_list_grow(dropped, n + m) != LDN_OK)
		goto out;
	article_merge_into(into, fresh, index, n, carried);
	qsort(carried, m, sizeof(*carried), article_ptr_cmp);
	for (i = 0; i < into->len; i++) {
		struct article *a = into->items[i];

		if (strcmp(a->feed_url, feed_url) != 0)
			continue;
		rows[nf] = (struct article_keep_row){
			.a = a, .pos = i,
			.key = a->has_published ? (long long)a->published : (long long)keep->now,
			.carried = bsearch(&a, carried, m, sizeof(*carried), article_ptr_cmp) != NULL,
		};
		nf++;
	}
	article_retain(rows, nf, keep);
	qsort(rows, nf, sizeof(*rows), article_pos_cmp);
	/* Out of the list, keeping its order; into dropped. */
	for (i = j = 0; i < into->len; i++) {
		if (j < nf && rows[j].pos == i && rows[j++].drop)
			dropped->items[dropped->len++] = into->items[i];
		else
			into->items[out++] = into->items[i];
	}
	into->len = out;
	st = LDN_OK;
out:
	free(index);
	free(carried);
	free(rows);
	return st;
}

void
article_list_free(struct article_list *l)
{
	size_t i;

	for (i = 0; i < l->len; i++)
		article_free(l->items[i]);
	free(l->items);
	l->items = NULL;
	l->len = 0;
	l->cap = 0;
}

struct feed *
feed_new(const char *url)
{
	struct feed *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return NULL;
	f->url = strdup(url);
	f->title = strdup("");
	if (f->url == NULL || f->title == NULL) {
		feed_free(f);
		return NULL;
	}
	return f;
}

void
feed_free(struct feed *f)
{
	if (f == NULL)
		return;
	free(f->url);
	free(f->title);
	free(f->link);
	free(f->description);
	article_list_free(&f->articles);
	free(f);
}
