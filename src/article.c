/*
 * article.c - construction and ownership of the plain article data.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"

struct article *
article_new(void)
{
	return calloc(1, sizeof(struct article));
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
	unsigned long long h = 14695981039346656037ULL;

	/* ASCII case folded, so tag filters (ASCII case-insensitive) can use
	 * the bloom too. */
	for (; *tag; tag++) {
		unsigned char c = (unsigned char)*tag;
		h = (h ^ (c >= 'A' && c <= 'Z' ? c + 32u : c)) * 1099511628211ULL;
	}
	return 1ULL << (h >> 58);
}

bool
article_has_tag(const struct article *a, const char *tag)
{
	size_t i;

	for (i = 0; i < a->ntags; i++)
		if (strcmp(a->tags[i], tag) == 0)
			return true;
	return false;
}

int
article_add_tag(struct article *a, const char *tag)
{
	size_t len;
	char *t, **tags;

	while (is_space(*tag))
		tag++;
	len = strlen(tag);
	while (len > 0 && is_space(tag[len - 1]))
		len--;
	if (len == 0)
		return LDN_OK;
	t = malloc(len + 1);
	if (t == NULL)
		return LDN_ENOMEM;
	memcpy(t, tag, len);
	t[len] = '\0';
	if (article_has_tag(a, t)) {
		free(t);
		return LDN_OK;
	}
	tags = realloc(a->tags, (a->ntags + 1) * sizeof(*tags));
	if (tags == NULL) {
		free(t);
		return LDN_ENOMEM;
	}
	a->tags = tags;
	a->tags[a->ntags++] = t;
	a->tag_bloom |= article_tag_bit(t);
	return LDN_OK;
}

int
article_add_enclosure(struct article *a, const char *url, const char *type,
		      long long length)
{
	struct enclosure *e;
	char *u, *t = NULL;

	u = strdup(url);
	if (u == NULL)
		return LDN_ENOMEM;
	if (type != NULL && (t = strdup(type)) == NULL) {
		free(u);
		return LDN_ENOMEM;
	}
	e = realloc(a->enclosures, (a->nenclosures + 1) * sizeof(*e));
	if (e == NULL) {
		free(u);
		free(t);
		return LDN_ENOMEM;
	}
	a->enclosures = e;
	e[a->nenclosures].url = u;
	e[a->nenclosures].type = t;
	e[a->nenclosures].length = length;
	a->nenclosures++;
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

static bool
article_url_in(const char *url, const char *const *urls, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(urls[i], url) == 0)
			return true;
	return false;
}

int
article_list_take_feeds(struct article_list *dst, struct article_list *src,
			const char *const *urls, size_t n)
{
	size_t i;
	int st = LDN_OK;

	for (i = 0; i < src->len; i++) {
		struct article *a = src->items[i];
		if (st == LDN_OK && article_url_in(a->feed_url, urls, n) &&
		    (st = article_list_push(dst, a)) == LDN_OK)
			continue;
		article_free(a);
	}
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
