/*
 * query.c - ordering, filtering and numbering of articles.
 *
 * The view order is total and independent of input order except for exact
 * duplicates (same date, feed and id), which keep input order because the
 * sort is a stable merge sort: so the same articles always get the same
 * numbers in --list, --show and the UI.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
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

/* Matches the text a reader sees: markup is not searched, only its text. */
static bool
query_field_contains(const char *src, enum article_fmt fmt, const char *needle)
{
	char *plain;
	bool found;

	if (src == NULL)
		return false;
	if (fmt == ARTICLE_FMT_TEXT)
		return text_contains_ci(src, needle);
	plain = render_plain(src, fmt);
	found = plain != NULL && text_contains_ci(plain, needle);
	free(plain);
	return found;
}

static bool
query_match(const struct article *a, const struct query *q, const char *folded)
{
	if (q->find == NULL || *q->find == '\0')
		return true;
	/* The hot path of search-as-you-type: strstr on folded strings. */
	if (q->find_headlines && folded != NULL && a->search_key != NULL)
		return strstr(a->search_key, folded) != NULL;
	if (text_contains_ci(a->title, q->find))
		return true;
	if (q->find_headlines && a->standfirst != NULL)
		return text_contains_ci(a->standfirst, q->find);
	if (query_field_contains(a->summary, a->summary_fmt, q->find))
		return true;
	return !q->find_headlines &&
	       query_field_contains(a->content, a->content_fmt, q->find);
}

int
query_index_build(const struct article_list *all, struct query_index *ix)
{
	struct buf arena, tmp;
	size_t i;
	int st = LDN_OK;

	memset(ix, 0, sizeof(*ix));
	buf_init(&arena, SIZE_MAX);
	buf_init(&tmp, SIZE_MAX);
	ix->bloom = malloc((all->len ? all->len : 1) * sizeof(*ix->bloom));
	ix->key = malloc((all->len ? all->len : 1) * sizeof(*ix->key));
	if (ix->bloom == NULL || ix->key == NULL)
		st = LDN_ENOMEM;
	for (i = 0; st == LDN_OK && i < all->len; i++) {
		const struct article *a = all->items[i];
		char *made = NULL;
		const char *k = a->search_key;

		if (k == NULL) {
			/* The same key refresh makes: title, newline, standfirst. */
			buf_reset(&tmp);
			st = buf_printf(&tmp, "%s\n%s", a->title, a->standfirst ? a->standfirst : "");
			if (st == LDN_OK && (k = made = text_fold(buf_cstr(&tmp))) == NULL)
				st = LDN_ENOMEM;
		}
		ix->bloom[i] = a->tag_bloom;
		ix->key[i] = arena.len;
		if (st == LDN_OK)
			st = buf_append(&arena, k, strlen(k) + 1);
		free(made);
	}
	buf_free(&tmp);
	if (st != LDN_OK) {
		buf_free(&arena);
		query_index_free(ix);
		return LDN_ENOMEM;
	}
	ix->keys = buf_detach(&arena);
	if (ix->keys == NULL) {
		query_index_free(ix);
		return LDN_ENOMEM;
	}
	ix->len = all->len;
	return LDN_OK;
}

void
query_index_free(struct query_index *ix)
{
	free(ix->bloom);
	free(ix->key);
	free(ix->keys);
	memset(ix, 0, sizeof(*ix));
}

/*
 * The interactive pass over an index: tags by bloom first and the search
 * key in the arena, so an article's struct is read only when its tags
 * must be compared exactly or it is starred-only.
 */
static void
query_run_indexed(const struct article_list *all, const struct query *q,
		  const char *folded, unsigned long long want, struct query_view *out)
{
	const struct query_index *ix = q->index;
	bool tags = q->ntags > 0 || q->nexclude > 0;
	size_t i;

	for (i = 0; i < all->len; i++) {
		const struct article *a;
		bool hit = folded == NULL || strstr(ix->keys + ix->key[i], folded) != NULL;

		if (!hit && (q->also == NULL || !q->also(i, q->also_payload)))
			continue;
		if (q->ntags > 0 && !q->all_tags && (ix->bloom[i] & want) == 0)
			continue;
		a = all->items[i];
		if ((q->starred_only && !a->starred) || (tags && !query_tags_match(a, q, want)) ||
		    !query_feed_match(a, q))
			continue;
		out->items[out->len++] = all->items[i];
	}
}

int
query_run(const struct article_list *all, const struct query *q, struct query_view *out)
{
	char *folded = NULL;
	unsigned long long want = 0;
	size_t i;

	out->len = 0;
	out->items = malloc((all->len ? all->len : 1) * sizeof(*out->items));
	if (out->items == NULL)
		return LDN_ENOMEM;
	if (q->find_headlines && q->find != NULL && *q->find != '\0')
		folded = text_fold(q->find); /* NULL: the slow path still works */
	for (i = 0; i < q->ntags; i++)
		want |= article_tag_bit(q->tags[i]);
	if (q->index != NULL && q->index->len == all->len && q->find_headlines &&
	    (folded != NULL || q->find == NULL || *q->find == '\0')) {
		query_run_indexed(all, q, folded, want, out);
		free(folded);
		return LDN_OK;
	}
	for (i = 0; i < all->len; i++) {
		const struct article *a = all->items[i];
		if ((!q->starred_only || a->starred) && query_tags_match(a, q, want) &&
		    query_feed_match(a, q) &&
		    (query_match(a, q, folded) || (q->also != NULL && q->also(i, q->also_payload))))
			out->items[out->len++] = all->items[i];
	}
	free(folded);
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

size_t
query_related(const struct query_view *v, size_t idx, size_t *out, size_t max)
{
	size_t shared[64], i, j, n = 0, s;
	const struct article *a;

	if (idx >= v->len || max == 0)
		return 0;
	if (max > sizeof(shared) / sizeof(shared[0]))
		max = sizeof(shared) / sizeof(shared[0]);
	a = v->items[idx];
	/* Keep the best `max` in a small sorted array: O(len * max). */
	for (i = 0; i < v->len; i++) {
		/* Most articles share no tag: their blooms say so at once. */
		if (i == idx || (a->tag_bloom & v->items[i]->tag_bloom) == 0 ||
		    (s = query_shared_tags(a, v->items[i])) == 0)
			continue;
		if (n == max && s <= shared[n - 1])
			continue;
		j = n < max ? n++ : n - 1;
		for (; j > 0 && shared[j - 1] < s; j--) {
			shared[j] = shared[j - 1];
			out[j] = out[j - 1];
		}
		shared[j] = s;
		out[j] = i;
	}
	return n;
}

static int
query_tag_cmp_name(const void *x, const void *y)
{
	const char *const *a = x, *const *b = y;

	return strcmp(*a, *b);
}

static int
query_tag_cmp_count(const void *x, const void *y)
{
	const struct query_tag *a = x, *b = y;

	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return strcmp(a->tag, b->tag);
}

int
query_tags(const struct query_view *v, struct query_tag **out, size_t *n)
{
	const char **all;
	struct query_tag *tags;
	size_t total = 0, i, j, k = 0;

	*out = NULL;
	*n = 0;
	for (i = 0; i < v->len; i++)
		total += v->items[i]->ntags;
	if (total == 0)
		return LDN_OK;
	all = malloc(total * sizeof(*all));
	tags = malloc(total * sizeof(*tags));
	if (all == NULL || tags == NULL) {
		free(all);
		free(tags);
		return LDN_ENOMEM;
	}
	for (i = 0; i < v->len; i++)
		for (j = 0; j < v->items[i]->ntags; j++)
			all[k++] = v->items[i]->tags[j];
	/* Sort names so equal tags are adjacent, count runs, then order. */
	qsort(all, total, sizeof(*all), query_tag_cmp_name);
	for (i = 0; i < total; i = j) {
		for (j = i + 1; j < total && strcmp(all[j], all[i]) == 0; j++)
			;
		tags[*n].tag = all[i];
		tags[*n].count = j - i;
		(*n)++;
	}
	free(all);
	qsort(tags, *n, sizeof(*tags), query_tag_cmp_count);
	*out = tags;
	return LDN_OK;
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
