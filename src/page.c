/*
 * page.c - an article's web page: the cache's copy, else fetched (with
 * the cached copy's validators when it has one) and extracted, then kept
 * (page.h).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "page.h"
#include "render.h"
#include "url.h"

bool
page_allowed(const char *link, const char *feed_url)
{
	if (link == NULL || *link == '\0')
		return false;
	if (url_is_web(link))
		return true;
	return strncasecmp(link, "file:", 5) == 0 && feed_url != NULL && !url_is_web(feed_url);
}

size_t
page_feed_words(const struct article *a, size_t max)
{
	const char *src = a->content != NULL && *a->content != '\0' ? a->content : a->summary;
	enum article_fmt fmt = src == a->content ? a->content_fmt : a->summary_fmt;
	char *plain, *p;
	size_t n = 0;
	bool in = false;

	if (src == NULL || (plain = render_plain(src, fmt)) == NULL)
		return 0;
	for (p = plain; *p != '\0' && n < max; p++) {
		if (isspace((unsigned char)*p))
			in = false;
		else if (!in && (in = true))
			n++;
	}
	free(plain);
	return n;
}

/* s with the characters that mean something in an attribute escaped. */
static int
page_attr(struct buf *b, const char *s)
{
	int st = LDN_OK;

	for (; st == LDN_OK && *s != '\0'; s++) {
		if (*s == '&')
			st = buf_puts(b, "&amp;");
		else if (*s == '<')
			st = buf_puts(b, "&lt;");
		else if (*s == '"')
			st = buf_puts(b, "&quot;");
		else
			st = buf_putc(b, *s);
	}
	return st;
}

/* x's body after its lead image, as an <img> render_body shows. */
static char *
page_body_with_image(const struct extract *x)
{
	struct buf b;
	int st;

	buf_init(&b, (size_t)-1);
	st = buf_puts(&b, "<p><img src=\"");
	if (st == LDN_OK)
		st = page_attr(&b, x->lead_image);
	if (st == LDN_OK)
		st = buf_puts(&b, "\" alt=\"");
	if (st == LDN_OK)
		st = page_attr(&b, x->lead_image_alt != NULL ? x->lead_image_alt : "");
	if (st == LDN_OK)
		st = buf_puts(&b, "\"></p>");
	if (st == LDN_OK)
		st = buf_puts(&b, x->body);
	if (st != LDN_OK) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b);
}

int
page_view_init(struct page_view *v, const struct article *a, const struct extract *x)
{
	size_t i, k;

	memset(v, 0, sizeof(*v));
	v->tags = calloc(a->ntags + x->ntags + 1, sizeof(*v->tags));
	v->enclosures = calloc(a->nenclosures + x->nenclosures + 1, sizeof(*v->enclosures));
	if (v->tags == NULL || v->enclosures == NULL) {
		page_view_free(v);
		return LDN_ENOMEM;
	}
	v->a = *a;
	/* Its own tag index would be a's: the view has none (linear checks). */
	v->a.index = NULL;
	v->a.standfirst = v->a.search_key = NULL;
	if (x->lead_image != NULL && strstr(x->body, x->lead_image) == NULL &&
	    (v->body = page_body_with_image(x)) == NULL) {
		page_view_free(v);
		return LDN_ENOMEM;
	}
	v->a.content = v->body != NULL ? v->body : x->body;
	v->a.content_fmt = ARTICLE_FMT_HTML;
	if (x->byline != NULL && *x->byline != '\0')
		v->a.author = x->byline;
	if (a->ntags > 0)
		memcpy(v->tags, a->tags, a->ntags * sizeof(*v->tags));
	for (i = 0, k = a->ntags; i < x->ntags; i++) {
		size_t j;
		for (j = 0; j < k && strcmp(v->tags[j], x->tags[i]) != 0; j++)
			;
		if (j == k)
			v->tags[k++] = x->tags[i];
	}
	v->a.tags = v->tags;
	v->a.ntags = k;
	if (a->nenclosures > 0)
		memcpy(v->enclosures, a->enclosures, a->nenclosures * sizeof(*v->enclosures));
	for (i = 0, k = a->nenclosures; i < x->nenclosures; i++) {
		size_t j;
		for (j = 0; j < k && strcmp(v->enclosures[j].url, x->enclosures[i].url) != 0; j++)
			;
		if (j == k)
			v->enclosures[k++] = x->enclosures[i];
	}
	v->a.enclosures = v->enclosures;
	v->a.nenclosures = k;
	return LDN_OK;
}

void
page_view_free(struct page_view *v)
{
	free(v->tags);
	free(v->enclosures);
	free(v->body);
	memset(v, 0, sizeof(*v));
}

static int
page_sink(const char *data, size_t len, void *payload)
{
	return buf_append(payload, data, len);
}

/*
 * Fetches the page into a new extraction *x (NULL after a 304, when
 * `have` holds validators); resp gets the page's validators.
 */
static int
page_fetch(const char *link, const struct page_opts *o, const struct store_page *have,
	   struct fetch_response *resp, struct extract **x, char **cause)
{
	struct fetch_opts fo = *o->fetch;
	struct buf html;
	char *why = NULL;
	int st;

	*x = NULL;
	fo.etag = have != NULL ? have->etag : NULL;
	fo.last_modified = have != NULL ? have->last_modified : NULL;
	if (fo.max_bytes == 0 || fo.max_bytes > EXTRACT_MAX_BYTES)
		fo.max_bytes = EXTRACT_MAX_BYTES;
	buf_init(&html, (size_t)fo.max_bytes + 1);
	st = fetch_run(link, &fo, page_sink, &html, resp, cause);
	if (st == LDN_OK && resp->status == 304 && have != NULL) {
		buf_free(&html);
		return LDN_OK;
	}
	if (st == LDN_OK) {
		st = extract_page(buf_cstr(&html), html.len,
				  resp->effective_url ? resp->effective_url : link, x, &why);
		if (st == LDN_EPARSE)
			st = ldn_cause(cause, st, "the page holds no article");
		else if (st != LDN_OK)
			st = ldn_cause(cause, st, "%s", why ? why : "out of memory");
		free(why);
	}
	buf_free(&html);
	return st;
}

/* Keeps what was fetched (a pruned article simply keeps nothing). */
static int
page_keep(struct store *s, const struct article *a, const struct page_opts *o,
	  struct store_page *pg, bool fresh, char **cause)
{
	int st;

	if (a->store_id == 0 || !o->keep)
		return LDN_OK;
	st = fresh ? store_page_put(s, a->store_id, pg, cause) :
		     store_page_touch(s, a->store_id, pg->fetched, cause);
	if (st == LDN_ENOTFOUND) {
		free(*cause);
		*cause = NULL;
		st = LDN_OK;
	}
	return st;
}

/* Takes the validators the response brought into pg (a 304 that sends
 * none keeps the cached ones). */
static void
page_take_validators(struct store_page *pg, struct fetch_response *resp, bool fresh)
{
	if (fresh || resp->etag != NULL) {
		free(pg->etag);
		pg->etag = resp->etag;
		resp->etag = NULL;
	}
	if (fresh || resp->last_modified != NULL) {
		free(pg->last_modified);
		pg->last_modified = resp->last_modified;
		resp->last_modified = NULL;
	}
	pg->fetched = time(NULL);
	pg->version = EXTRACT_VERSION;
}

int
page_get(struct store *s, const struct article *a, const struct page_opts *o,
	 struct extract **out, char **cause)
{
	struct fetch_response resp = {0};
	struct store_page have = {0};
	struct extract *x = NULL;
	bool found = false, current;
	int st = LDN_OK;

	*out = NULL;
	if (a->link == NULL || *a->link == '\0')
		return ldn_cause(cause, LDN_EPARSE, "the article names no page");
	if (!page_allowed(a->link, a->feed_url))
		return ldn_cause(cause, LDN_EPARSE, "not a web page (http or https)");
	if (a->store_id != 0)
		st = store_page_get(s, a->store_id, &have, &found, cause);
	if (st != LDN_OK)
		return st;
	current = found && have.version == EXTRACT_VERSION;
	if (o->offline) {
		if (!found)
			return ldn_cause(cause, LDN_EFETCH, "the page is not in the cache "
					 "(--offline)");
		*out = have.x;
		have.x = NULL;
		store_page_free(&have);
		return LDN_OK;
	}
	/* An older extractor's copy is fetched whole: a 304 would bring
	 * nothing to extract again. */
	st = page_fetch(a->link, o, current ? &have : NULL, &resp, &x, cause);
	if (st == LDN_OK) {
		page_take_validators(&have, &resp, x != NULL);
		if (x != NULL) {
			extract_free(have.x);
			have.x = x;
		}
		st = page_keep(s, a, o, &have, x != NULL, cause);
	}
	if (st == LDN_OK) {
		*out = have.x;
		have.x = NULL;
	}
	fetch_response_free(&resp);
	store_page_free(&have);
	return st;
}
