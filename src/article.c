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
