/*
 * headless.c - the headless modes over a stream of the cache (headless.h).
 *
 * Every mode walks the view in order: gather_stream gives the cached
 * articles of the feeds in view order, query_test_keep filters them as
 * query_run would, and the n-th article kept is number n. What a mode
 * keeps besides the article at hand is bounded: --show its article and
 * the related ones (query_related_offer), --tags one count per tag.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "headless.h"
#include "msg.h"
#include "output.h"
#include "page.h"
#include "plan.h"
#include "url.h"

/* --find's hits in bodies: the cache's full-text index (*ids sorted). */
static int
headless_body_hits(struct store *s, bool readonly, const char *find, long long **ids, size_t *n,
		   char **cause)
{
	size_t left;
	int st;

	/* The full-text index brought up to date first (a read-only cache
	 * is searched as it is). */
	if (!readonly && (st = store_index_pending(s, (size_t)-1, &left, cause)) != LDN_OK)
		return st;
	return store_search(s, find, ids, n, cause);
}

int
headless_open(struct headless *h, const struct gather_opts *g, struct store *s, bool readonly,
	      char **cause)
{
	const struct plan *p = g->plan;
	int st;

	memset(h, 0, sizeof(*h));
	h->s = s;
	h->p = p;
	h->readonly = readonly;
	h->q = (struct query){.tags = p->tags, .ntags = p->ntags, .find = p->find,
			      .ignore = p->ignore, .nignore = p->nignore};
	if (query_test_init(&h->t, &h->q) != LDN_OK)
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	if ((st = gather_stream_open(g, s, readonly, &h->gs, &h->total, cause)) != LDN_OK)
		return st;
	if (p->find == NULL || *p->find == '\0')
		return LDN_OK;
	/* Before the stream reads: it holds a read transaction. */
	return headless_body_hits(s, readonly, p->find, &h->hits, &h->nhits, cause);
}

void
headless_close(struct headless *h)
{
	gather_stream_free(h->gs);
	query_test_free(&h->t);
	free(h->hits);
	memset(h, 0, sizeof(*h));
}

/* The next article of the view (the caller frees it), or *out NULL. */
static int
headless_next(struct headless *h, struct article **out, char **cause)
{
	struct article *a;
	int st;

	while ((st = gather_stream_next(h->gs, &a, cause)) == LDN_OK && a != NULL) {
		if (query_test_keep(&h->t, a, a->store_id != 0 &&
				    store_ids_have(h->hits, h->nhits, a->store_id))) {
			*out = a;
			return LDN_OK;
		}
		article_free(a);
	}
	*out = NULL;
	return st;
}

/* Walks the view to its end: *n articles. */
static int
headless_count(struct headless *h, size_t *n, char **cause)
{
	struct article *a;
	int st;

	*n = 0;
	while ((st = headless_next(h, &a, cause)) == LDN_OK && a != NULL) {
		++*n;
		article_free(a);
	}
	gather_stream_rewind(h->gs);
	return st;
}

int
headless_list(struct headless *h, bool json, char **cause)
{
	struct article *a;
	size_t n = h->total, i = 0;
	int st = LDN_OK, numw;

	/* Plain numbers are padded to the list's length: the cache counted
	 * an unfiltered one; a filtered one is counted first. */
	if (!json && (h->q.ntags > 0 || (h->q.find != NULL && *h->q.find != '\0')))
		st = headless_count(h, &n, cause);
	numw = output_list_width(n);
	while (st == LDN_OK && (st = headless_next(h, &a, cause)) == LDN_OK && a != NULL) {
		if ((st = output_list_article(stdout, a, ++i, numw, json)) != LDN_OK)
			st = ldn_cause(cause, st, "out of memory");
		article_free(a);
	}
	return st;
}

/* The titles of --show's related articles, freed as they fall out. */
static void
headless_related_free(struct query_related *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->payload[i]);
	r->n = 0;
}

/* Second pass of --show: the articles related to `a` (number n), with
 * their numbers; *len is the view's length. */
static int
headless_relate(struct headless *h, const struct article *a, size_t n, struct query_related *r,
		size_t *len, char **cause)
{
	struct article *b;
	char *title;
	int st;

	query_related_init(r, a, n - 1, OUTPUT_RELATED_MAX);
	*len = 0;
	while ((st = headless_next(h, &b, cause)) == LDN_OK && b != NULL) {
		title = strdup(b->title);
		free(query_related_offer(r, b, (*len)++, title));
		article_free(b);
		if (title == NULL) {
			headless_related_free(r);
			return ldn_cause(cause, LDN_ENOMEM, "out of memory");
		}
	}
	if (st != LDN_OK)
		headless_related_free(r);
	return st;
}

/* --show N --full: article a's page, printed; errors name the page. */
static int
headless_show_page(struct headless *h, const struct article *a, size_t n, size_t width,
		   bool json, char **cause)
{
	struct page_opts o = {.fetch = &h->p->fetch, .offline = h->p->offline,
			      .keep = !h->readonly};
	struct extract *x = NULL;
	char *why = NULL, *shown;
	int st;

	st = page_get(h->s, a, &o, &x, &why);
	shown = url_hide_userinfo(a->link != NULL ? a->link : a->title);
	if (st == LDN_OK) {
		/* A copy from the cache after a failed fetch: why, on stderr. */
		if (why != NULL)
			msg_print(stderr, "%s: %s", shown != NULL ? shown : "", why);
		free(why);
		free(shown);
		st = output_show_page(stdout, a, x, n, width, json);
		extract_free(x);
		return st;
	}
	/* One line: the page (without a password), then why. */
	st = ldn_cause(cause, st, "%s: %s", shown != NULL ? shown : "",
		       why != NULL ? why : "out of memory");
	free(shown);
	free(why);
	return st;
}

int
headless_show(struct headless *h, size_t n, size_t width, bool json, bool full, char **cause)
{
	struct render_related rel[OUTPUT_RELATED_MAX];
	struct query_related r;
	struct article *a = NULL;
	size_t i, len;
	int st = LDN_OK;

	for (i = 0; st == LDN_OK && i < n; i++) {
		article_free(a);
		st = headless_next(h, &a, cause);
		if (st == LDN_OK && a == NULL)
			break;
	}
	if (st == LDN_OK && a == NULL) {
		/* Out of range: how long the list is, as the in-memory path says. */
		gather_stream_rewind(h->gs);
		if ((st = headless_count(h, &len, cause)) != LDN_OK)
			return st;
		(void)ldn_cause(cause, LDN_ENOTFOUND, "no article %zu (the list has %zu)", n, len);
		return LDN_ENOTFOUND;
	}
	if (st == LDN_OK && a->store_id != 0)
		st = store_load_content(h->s, a, cause);
	if (st == LDN_OK && full) {
		st = headless_show_page(h, a, n, width, json, cause);
		article_free(a);
		return st;
	}
	if (st == LDN_OK) {
		gather_stream_rewind(h->gs);
		st = headless_relate(h, a, n, &r, &len, cause);
	}
	if (st == LDN_OK) {
		for (i = 0; i < r.n; i++) {
			rel[i].n = r.pos[i] + 1;
			rel[i].title = r.payload[i];
		}
		st = output_show_article(stdout, a, n, rel, r.n, width, json);
		headless_related_free(&r);
	}
	article_free(a);
	return st;
}

int
headless_tags(struct headless *h, bool json, char **cause)
{
	struct query_tag_counter *c;
	struct query_tag *tags = NULL;
	struct article *a;
	size_t n = 0;
	int st;

	if (query_tag_counter_new(&c) != LDN_OK)
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	while ((st = headless_next(h, &a, cause)) == LDN_OK && a != NULL) {
		if (query_tag_counter_add(c, a) != LDN_OK)
			st = ldn_cause(cause, LDN_ENOMEM, "out of memory");
		article_free(a);
		if (st != LDN_OK)
			break;
	}
	if (st == LDN_OK) {
		query_tag_counter_take(c, &tags, &n);
		if ((st = output_tag_counts(stdout, tags, n, json)) != LDN_OK)
			st = ldn_cause(cause, st, "out of memory");
		query_tags_free_owned(tags, n);
	}
	query_tag_counter_free(c);
	return st;
}
