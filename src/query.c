/*
 * query.c - ordering, filtering and numbering of articles.
 *
 * The view order is total and independent of input order except for exact
 * duplicates (same date, feed and id), which keep input order because the
 * sort is a stable merge sort: so the same articles always get the same
 * numbers in --list, --show and the UI.
 *
 * Views and indexes borrow the articles they were made from and belong to
 * their caller: the reader's thread, the refresh worker (packing) or main.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "find.h"
#include "hash.h"
#include "ignore.h"
#include "query.h"
#include "render.h"
#include "text.h"

/* Negative when a comes first in view order. */
static int
query_cmp(const struct article *a, const struct article *b)
{
	int c;

	if (a->has_published != b->has_published)
		return a->has_published ? -1 : 1; /* unknown dates last */
	if (a->has_published && a->published != b->published)
		return a->published > b->published ? -1 : 1; /* newest first */
	c = strcmp(a->feed_url, b->feed_url);
	if (c != 0)
		return c;
	return strcmp(a->id, b->id);
}

static void
query_merge(struct article **v, struct article **tmp, size_t lo, size_t mid, size_t hi)
{
	size_t i = lo, j = mid, k = lo;

	/* Runs already in order (a list sorted before, as the refresh worker
	 * hands it over): one compare instead of a merge, so sorting a sorted
	 * list costs O(n). */
	if (query_cmp(v[mid], v[mid - 1]) >= 0)
		return;
	while (i < mid && j < hi)
		tmp[k++] = query_cmp(v[j], v[i]) < 0 ? v[j++] : v[i++];
	while (i < mid)
		tmp[k++] = v[i++];
	while (j < hi)
		tmp[k++] = v[j++];
	memcpy(v + lo, tmp + lo, (hi - lo) * sizeof(*v));
}

void
query_sort(struct article_list *all)
{
	struct article **tmp;
	size_t width, lo;

	if (all->len < 2)
		return;
	tmp = malloc(all->len * sizeof(*tmp));
	if (tmp == NULL) {
		/* No room for the merge buffer: insertion sort is stable too. */
		size_t i, j;
		for (i = 1; i < all->len; i++) {
			struct article *x = all->items[i];
			for (j = i; j > 0 && query_cmp(x, all->items[j - 1]) < 0; j--)
				all->items[j] = all->items[j - 1];
			all->items[j] = x;
		}
		return;
	}
	/* Bottom-up merge sort: O(n log n), no recursion. */
	for (width = 1; width < all->len; width *= 2)
		for (lo = 0; lo + width < all->len; lo += 2 * width) {
			size_t hi = lo + 2 * width < all->len ? lo + 2 * width : all->len;
			query_merge(all->items, tmp, lo, lo + width, hi);
		}
	free(tmp);
}

static bool
query_has_tag(const struct article *a, const char *tag)
{
	size_t j;

	for (j = 0; j < a->ntags; j++)
		if (strcasecmp(a->tags[j], tag) == 0)
			return true;
	return false;
}

static bool
query_tags_match(const struct article *a, const struct query *q, unsigned long long want)
{
	size_t i, hits = 0;

	/* Any of the tags: an article none of whose bloom bits is wanted has
	 * none of them, without a string compared. */
	if (q->ntags > 0 && !q->all_tags && (a->tag_bloom & want) == 0)
		return false;

	for (i = 0; i < q->nexclude; i++)
		if (query_has_tag(a, q->exclude[i]))
			return false;
	if (q->ntags == 0)
		return true;
	for (i = 0; i < q->ntags; i++)
		if (query_has_tag(a, q->tags[i]))
			hits++;
	return q->all_tags ? hits == q->ntags : hits > 0;
}

static bool
query_feed_match(const struct article *a, const struct query *q)
{
	size_t i;

	if (q->nfeeds == 0)
		return true;
	for (i = 0; i < q->nfeeds; i++)
		if (strcmp(a->feed_url, q->feeds[i]) == 0)
			return true;
	return false;
}

/* Appends the text a reader sees of src (markup is not searched) and a
 * line break. */
static int
query_put_plain(struct buf *b, const char *src, enum article_fmt fmt)
{
	char *plain;
	int st;

	if (src == NULL)
		return LDN_OK;
	if (fmt == ARTICLE_FMT_TEXT)
		return buf_puts(b, src) == LDN_OK ? buf_putc(b, '\n') : LDN_ENOMEM;
	if ((plain = render_plain(src, fmt)) == NULL)
		return LDN_ENOMEM;
	st = buf_puts(b, plain);
	free(plain);
	return st == LDN_OK ? buf_putc(b, '\n') : st;
}

/* The key (find.h) of what a search looks at: the title, the standfirst
 * and, with `body`, the body. NULL on allocation failure. */
static char *
query_article_key(const struct article *a, bool body)
{
	struct buf b;
	char *key = NULL;

	buf_init(&b, SIZE_MAX);
	if (buf_puts(&b, a->title) == LDN_OK && buf_putc(&b, '\n') == LDN_OK &&
	    (a->standfirst != NULL ? query_put_plain(&b, a->standfirst, ARTICLE_FMT_TEXT) :
	     query_put_plain(&b, a->summary, a->summary_fmt)) == LDN_OK &&
	    (!body || query_put_plain(&b, a->content, a->content_fmt) == LDN_OK))
		key = find_key(buf_cstr(&b));
	buf_free(&b);
	return key;
}

/* `needles` is the search compiled (find.h), NULL for none. */
static bool
query_match(const struct article *a, const struct query *q, const char *needles)
{
	char *key;
	bool hit;

	if (needles == NULL || find_empty(needles))
		return true;
	/* The hot path of search-as-you-type: the key made beforehand. */
	if (q->find_headlines && a->search_key != NULL)
		return find_match(a->search_key, needles);
	key = query_article_key(a, !q->find_headlines);
	hit = key != NULL && find_match(key, needles);
	free(key);
	return hit;
}

bool
query_find_article(const struct article *a, const char *find)
{
	struct query q = {.find = find};
	char *needles;
	bool hit;

	if (find == NULL || (needles = find_needles(find, NULL)) == NULL)
		return find == NULL;
	hit = query_match(a, &q, needles);
	free(needles);
	return hit;
}

static int
query_index_alloc(struct query_index *ix, size_t n)
{
	memset(ix, 0, sizeof(*ix));
	ix->bloom = malloc((n ? n : 1) * sizeof(*ix->bloom));
	ix->key = malloc((n ? n : 1) * sizeof(*ix->key));
	if (ix->bloom == NULL || ix->key == NULL) {
		query_index_free(ix);
		return LDN_ENOMEM;
	}
	ix->len = n;
	return LDN_OK;
}

int
query_index_build(const struct article_list *all, struct query_index *ix)
{
	size_t i;

	if (query_index_alloc(ix, all->len) != LDN_OK)
		return LDN_ENOMEM;
	for (i = 0; i < all->len; i++) {
		ix->bloom[i] = all->items[i]->tag_bloom;
		ix->key[i] = all->items[i]->search_key;
	}
	return LDN_OK;
}

int
query_index_pack(struct article *const *items, const char *const *keys, size_t n,
		 struct query_index *ix)
{
	size_t i, total = 0, at = 0, len;
	const char *k;

	for (i = 0; i < n; i++)
		if ((k = keys != NULL ? keys[i] : items[i]->search_key) != NULL)
			total += strlen(k) + 1;
	if (query_index_alloc(ix, n) != LDN_OK)
		return LDN_ENOMEM;
	if ((ix->arena = malloc(total ? total : 1)) == NULL) {
		query_index_free(ix);
		return LDN_ENOMEM;
	}
	for (i = 0; i < n; i++) {
		ix->bloom[i] = items[i]->tag_bloom;
		ix->key[i] = NULL;
		if ((k = keys != NULL ? keys[i] : items[i]->search_key) == NULL)
			continue;
		len = strlen(k) + 1;
		memcpy(ix->arena + at, k, len);
		ix->key[i] = ix->arena + at;
		at += len;
	}
	return LDN_OK;
}

void
query_index_free(struct query_index *ix)
{
	free(ix->bloom);
	free((void *)ix->key);
	free(ix->arena);
	memset(ix, 0, sizeof(*ix));
}

/*
 * The interactive pass over an index: tags by bloom first and the search
 * key the index points at, so an article's struct is read only when its tags
 * must be compared exactly or it is starred-only or unread-only.
 */
static size_t
query_run_indexed(const struct article_list *all, const struct query *q,
		  const char *folded, unsigned long long want, struct query_view *out)
{
	const struct query_index *ix = q->index;
	bool tags = q->ntags > 0 || q->nexclude > 0;
	size_t i, hidden = 0;

	for (i = 0; i < all->len; i++) {
		const struct article *a;
		const char *k = ix->key[i];
		bool hit = folded == NULL ||
		    (k != NULL ? find_match(k, folded) : query_match(all->items[i], q, folded));

		if (!hit && (q->also == NULL || !q->also(i, q->also_payload)))
			continue;
		if (q->ntags > 0 && !q->all_tags && (ix->bloom[i] & want) == 0)
			continue;
		a = all->items[i];
		if ((q->starred_only && !a->starred) || (q->unread_only && a->read) ||
		    (tags && !query_tags_match(a, q, want)) ||
		    !query_feed_match(a, q))
			continue;
		if (ignore_article(q->ignore, q->nignore, a)) {
			hidden++;
			continue;
		}
		out->items[out->len++] = all->items[i];
	}
	return hidden;
}

int
query_test_init(struct query_test *t, const struct query *q)
{
	size_t i;

	t->q = q;
	t->folded = NULL;
	t->want = 0;
	if (q->find != NULL && *q->find != '\0' &&
	    (t->folded = find_needles(q->find, NULL)) == NULL)
		return LDN_ENOMEM;
	for (i = 0; i < q->ntags; i++)
		t->want |= article_tag_bit(q->tags[i]);
	return LDN_OK;
}

void
query_test_free(struct query_test *t)
{
	free(t->folded);
	t->folded = NULL;
}

enum query_verdict
query_test_judge(const struct query_test *t, const struct article *a, bool also)
{
	const struct query *q = t->q;

	if (!((!q->starred_only || a->starred) && (!q->unread_only || !a->read) &&
	      query_tags_match(a, q, t->want) &&
	      query_feed_match(a, q) && (also || query_match(a, q, t->folded))))
		return QUERY_DROP;
	return ignore_article(q->ignore, q->nignore, a) ? QUERY_HIDDEN : QUERY_KEEP;
}

bool
query_test_keep(const struct query_test *t, const struct article *a, bool also)
{
	return query_test_judge(t, a, also) == QUERY_KEEP;
}

int
query_run(const struct article_list *all, const struct query *q, struct query_view *out)
{
	struct query_test t;
	size_t i, hidden = 0;

	out->len = 0;
	out->items = malloc((all->len ? all->len : 1) * sizeof(*out->items));
	if (out->items == NULL)
		return LDN_ENOMEM;
	if (query_test_init(&t, q) != LDN_OK) {
		query_view_free(out);
		return LDN_ENOMEM;
	}
	if (q->index != NULL && q->index->len == all->len && q->find_headlines &&
	    (t.folded != NULL || q->find == NULL || *q->find == '\0')) {
		hidden = query_run_indexed(all, q, t.folded, t.want, out);
	} else {
		for (i = 0; i < all->len; i++) {
			enum query_verdict v = query_test_judge(&t, all->items[i],
			    q->also != NULL && q->also(i, q->also_payload));
			if (v == QUERY_KEEP)
				out->items[out->len++] = all->items[i];
			else if (v == QUERY_HIDDEN)
				hidden++;
		}
	}
	query_test_free(&t);
	if (q->hidden != NULL)
		*q->hidden = hidden;
	return LDN_OK;
}

void
query_view_free(struct query_view *v)
{
	free(v->items);
	v->items = NULL;
	v->len = 0;
}

static size_t
query_shared_tags(const struct article *a, const struct article *b)
{
	size_t i, n = 0;

	for (i = 0; i < a->ntags; i++)
		if (article_has_tag(b, a->tags[i]))
			n++;
	return n;
}

void
query_related_init(struct query_related *r, const struct article *a, size_t idx, size_t max)
{
	memset(r, 0, sizeof(*r));
	r->a = a;
	r->idx = idx;
	r->max = max < QUERY_RELATED_MAX ? max : QUERY_RELATED_MAX;
}

void *
query_related_offer(struct query_related *r, const struct article *b, size_t pos, void *payload)
{
	void *out;
	size_t j, s;

	/* Most articles share no tag: their blooms say so at once. */
	if (pos == r->idx || r->max == 0 || (r->a->tag_bloom & b->tag_bloom) == 0 ||
	    (s = query_shared_tags(r->a, b)) == 0)
		return payload;
	/* Offered in view order, so a later one wins only with more tags. */
	if (r->n == r->max && s <= r->shared[r->n - 1])
		return payload;
	out = r->n == r->max ? r->payload[r->n - 1] : NULL;
	j = r->n < r->max ? r->n++ : r->n - 1;
	for (; j > 0 && r->shared[j - 1] < s; j--) {
		r->shared[j] = r->shared[j - 1];
		r->pos[j] = r->pos[j - 1];
		r->payload[j] = r->payload[j - 1];
	}
	r->shared[j] = s;
	r->pos[j] = pos;
	r->payload[j] = payload;
	return out;
}

size_t
query_related(const struct query_view *v, size_t idx, size_t *out, size_t max)
{
	struct query_related r;
	size_t i;

	if (idx >= v->len)
		return 0;
	query_related_init(&r, v->items[idx], idx, max);
	for (i = 0; i < v->len; i++)
		(void)query_related_offer(&r, v->items[i], i, NULL);
	memcpy(out, r.pos, r.n * sizeof(*out));
	return r.n;
}

static int
query_tag_cmp_count(const void *x, const void *y)
{
	const struct query_tag *a = x, *b = y;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return strcmp(a->tag, b->tag);
}

/*
 * Tag counting: an open-addressed table of the distinct tags (a few dozen
 * to a few hundred), each occurrence hashed once, rather than a sort of
 * every occurrence by name, which is O(n log n) in the tags of the whole
 * list and showed when the tag pane first opened (bench/README.md).
 */
struct query_tag_table {
	struct query_tag *slot;     /* tag NULL: empty */
	size_t cap, n;              /* cap a power of two, n <= cap / 2 */
	bool own;                   /* the table's copies of the tags */
};

static size_t
query_tag_hash(const char *s)
{
	uint64_t h = hash_str(s);

	return (size_t)(h ^ (h >> 32));
}

static struct query_tag *
query_tag_slot(struct query_tag *slot, size_t cap, const char *tag)
{
	size_t i = query_tag_hash(tag) & (cap - 1);

	while (slot[i].tag != NULL && strcmp(slot[i].tag, tag) != 0)
		i = (i + 1) & (cap - 1);
	return &slot[i];
}

static int
query_tag_grow(struct query_tag_table *t)
{
	size_t cap = t->cap ? t->cap * 2 : 64, i;
	struct query_tag *slot = calloc(cap, sizeof(*slot));

	if (slot == NULL)
		return LDN_ENOMEM;
	for (i = 0; i < t->cap; i++)
		if (t->slot[i].tag != NULL)
			*query_tag_slot(slot, cap, t->slot[i].tag) = t->slot[i];
	free(t->slot);
	t->slot = slot;
	t->cap = cap;
	return LDN_OK;
}

static int
query_tag_count_n(struct query_tag_table *t, const char *tag, size_t n)
{
	struct query_tag *e;

	if (2 * (t->n + 1) > t->cap && query_tag_grow(t) != LDN_OK)
		return LDN_ENOMEM;
	e = query_tag_slot(t->slot, t->cap, tag);
	if (e->tag == NULL) {
		if (t->own && (tag = strdup(tag)) == NULL)
			return LDN_ENOMEM;
		e->tag = tag;
		t->n++;
	}
	e->count += n;
	return LDN_OK;
}

/* The table's tags packed and sorted into *out (the table is spent). */
static void
query_tags_take(struct query_tag_table *t, struct query_tag **out, size_t *n)
{
	struct query_tag *tags = t->slot;
	size_t i, k = 0;

	*out = NULL;
	*n = 0;
	if (t->n == 0) {
		free(t->slot);
		t->slot = NULL;
		return;
	}
	/* Packed in place: slot k <= i, so nothing is overwritten unread. */
	for (i = 0; i < t->cap; i++)
		if (tags[i].tag != NULL)
			tags[k++] = tags[i];
	qsort(tags, k, sizeof(*tags), query_tag_cmp_count);
	t->slot = NULL;
	t->cap = t->n = 0;
	*out = tags;
	*n = k;
}

static int
query_tags_add(struct query_tag_table *t, const struct article *a)
{
	size_t j;

	for (j = 0; j < a->ntags; j++)
		if (query_tag_count_n(t, a->tags[j], 1) != LDN_OK)
			return LDN_ENOMEM;
	return LDN_OK;
}

int
query_tags(const struct query_view *v, struct query_tag **out, size_t *n)
{
	struct query_tag_table t = {0};
	size_t i;

	*out = NULL;
	*n = 0;
	for (i = 0; i < v->len; i++)
		if (query_tags_add(&t, v->items[i]) != LDN_OK) {
			free(t.slot);
			return LDN_ENOMEM;
		}
	query_tags_take(&t, out, n);
	return LDN_OK;
}

struct query_tag_counter {
	struct query_tag_table t;   /* owning its tags */
};

int
query_tag_counter_new(struct query_tag_counter **out)
{
	if ((*out = calloc(1, sizeof(**out))) == NULL)
		return LDN_ENOMEM;
	(*out)->t.own = true;
	return LDN_OK;
}

int
query_tag_counter_add(struct query_tag_counter *c, const struct article *a)
{
	return query_tags_add(&c->t, a);
}

int
query_tag_counter_add_n(struct query_tag_counter *c, const char *tag, size_t n)
{
	return n > 0 ? query_tag_count_n(&c->t, tag, n) : LDN_OK;
}

void
query_tag_counter_take(struct query_tag_counter *c, struct query_tag **out, size_t *n)
{
	query_tags_take(&c->t, out, n);
}

void
query_tags_free_owned(struct query_tag *tags, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free((char *)tags[i].tag);
	free(tags);
}

void
query_tag_counter_free(struct query_tag_counter *c)
{
	size_t i;

	if (c == NULL)
		return;
	for (i = 0; i < c->t.cap; i++)
		free((char *)c->t.slot[i].tag);
	free(c->t.slot);
	free(c);
}

static int
query_feed_url_cmp(const void *x, const void *y)
{
	const struct article *a = *(const struct article *const *)x;
	const struct article *b = *(const struct article *const *)y;

	return strcmp(a->feed_url, b->feed_url);
}

static int
query_feed_cmp(const void *x, const void *y)
{
	const struct query_feed *a = x, *b = y;
	int c = strcasecmp(a->title, b->title);

	return c ? c : strcmp(a->url, b->url);
}

int
query_feeds(const struct query_view *v, struct query_feed **out, size_t *n)
{
	struct article **by_url;
	struct query_feed *feeds;
	size_t i, k = 0;

	*out = NULL;
	*n = 0;
	if (v->len == 0)
		return LDN_OK;
	by_url = malloc(v->len * sizeof(*by_url));
	feeds = malloc(v->len * sizeof(*feeds));
	if (by_url == NULL || feeds == NULL) {
		free(by_url);
		free(feeds);
		return LDN_ENOMEM;
	}
	/* Sorting pointers by URL groups each feed's articles: one pass counts
	 * them, whatever the number of feeds. */
	memcpy(by_url, v->items, v->len * sizeof(*by_url));
	qsort(by_url, v->len, sizeof(*by_url), query_feed_url_cmp);
	for (i = 0; i < v->len; i++) {
		if (k > 0 && strcmp(feeds[k - 1].url, by_url[i]->feed_url) == 0) {
			feeds[k - 1].count++;
			continue;
		}
		feeds[k].url = by_url[i]->feed_url;
		feeds[k].title = *by_url[i]->feed ? by_url[i]->feed : by_url[i]->feed_url;
		feeds[k++].count = 1;
	}
	free(by_url);
	qsort(feeds, k, sizeof(*feeds), query_feed_cmp);
	*out = feeds;
	*n = k;
	return LDN_OK;
}
