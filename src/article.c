/*
 * article.c - construction and ownership of the plain article data.
 */
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

int
article_list_merge(struct article_list *into, struct article_list *fresh)
{
	struct article **index;
	size_t n = into->len, i;

	/* Everything that can fail comes first, so a failure changes nothing. */
	if ((index = malloc((n ? n : 1) * sizeof(*index))) == NULL)
		return LDN_ENOMEM;
	if (article_list_grow(into, fresh->len) != LDN_OK) {
		free(index);
		return LDN_ENOMEM;
	}
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
	}
	fresh->len = 0;
	free(index);
	return LDN_OK;
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
