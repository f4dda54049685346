/*
 * page.c - an article's web page: the cache's copy, else fetched (with
 * the cached copy's validators when it has one) and extracted, then kept
 * (page.h).
 */
#include <ctype.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
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
 * One page to get: what the reader's thread read of the cache (begin),
 * what the fetch brought (work, on any thread: it touches no store), and
 * what is kept (end, on the store's thread again).
 */
struct page_task {
	char *link;                 /* copies: the article may go meanwhile */
	long long store_id;
	struct fetch_opts fetch;    /* the plan's, the cached validators and
				     * the stop flag added */
	bool keep;
	struct store_page have;     /* the cache's copy (have.x NULL: none) */
	bool current;               /* from this extractor: fetched conditionally */
	/* The outcome of work(). */
	struct fetch_response resp;
	struct extract *x;          /* the new extraction; NULL after a 304 */
	int status;
	char *cause;
	/* A thread's (page_task_start). */
	pthread_t thread;
	atomic_bool done;
	atomic_bool stop;
};

static void
page_task_free(struct page_task *t)
{
	if (t == NULL)
		return;
	free(t->link);
	store_page_free(&t->have);
	fetch_response_free(&t->resp);
	extract_free(t->x);
	free(t->cause);
	free(t);
}

/* Whether the cache's copy is taken as it is (offline: whatever made it). */
static bool
page_fresh(const struct store_page *have, const struct page_opts *o)
{
	time_t now = time(NULL);

	if (o->offline)
		return true;
	return have->version == EXTRACT_VERSION && o->fresh_secs > 0 &&
	       have->fetched <= now && now - have->fetched < o->fresh_secs;
}

/*
 * Reads the cache for article a. *t is NULL when there is nothing to
 * fetch: *now is then the answer (offline, the cache's copy).
 */
static int
page_begin(struct store *s, const struct article *a, const struct page_opts *o,
	   struct page_task **t, struct extract **now, char **cause)
{
	struct page_task *k;
	bool found = false;
	int st = LDN_OK;

	*t = NULL;
	*now = NULL;
	if (a->link == NULL || *a->link == '\0')
		return ldn_cause(cause, LDN_EPARSE, "the article names no page");
	if (!page_allowed(a->link, a->feed_url))
		return ldn_cause(cause, LDN_EPARSE, "not a web page (http or https)");
	if ((k = calloc(1, sizeof(*k))) == NULL || (k->link = strdup(a->link)) == NULL) {
		page_task_free(k);
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	}
	if (a->store_id != 0)
		st = store_page_get(s, a->store_id, &k->have, &found, cause);
	if (st == LDN_OK && o->offline && !found)
		st = ldn_cause(cause, LDN_EFETCH, "the page is not in the cache (--offline)");
	if (st == LDN_OK && found && page_fresh(&k->have, o)) {
		*now = k->have.x;
		k->have.x = NULL;
		page_task_free(k);
		return LDN_OK;
	}
	if (st != LDN_OK || o->offline) {
		if (st == LDN_OK) {
			*now = k->have.x;
			k->have.x = NULL;
		}
		page_task_free(k);
		return st;
	}
	k->store_id = a->store_id;
	k->keep = o->keep;
	k->fetch = *o->fetch;
	/* An older extractor's copy is fetched whole: a 304 would bring
	 * nothing to extract again. */
	k->current = found && k->have.version == EXTRACT_VERSION;
	k->fetch.etag = k->current ? k->have.etag : NULL;
	k->fetch.last_modified = k->current ? k->have.last_modified : NULL;
	if (k->fetch.max_bytes == 0 || k->fetch.max_bytes > EXTRACT_MAX_BYTES)
		k->fetch.max_bytes = EXTRACT_MAX_BYTES;
	atomic_init(&k->done, false);
	atomic_init(&k->stop, false);
	k->fetch.stop = &k->stop;
	*t = k;
	return LDN_OK;
}

/* Fetches and extracts: t->x, or nothing new after a 304. */
static void
page_work(struct page_task *t)
{
	const char *base;
	struct buf html;
	char *why = NULL;
	int st;

	buf_init(&html, (size_t)t->fetch.max_bytes + 1);
	st = fetch_run(t->link, &t->fetch, page_sink, &html, &t->resp, &t->cause);
	if (st == LDN_OK && !(t->resp.status == 304 && t->current)) {
		base = t->resp.effective_url ? t->resp.effective_url : t->link;
		st = extract_page(buf_cstr(&html), html.len, base, &t->x, &why);
		if (st == LDN_EPARSE)
			st = ldn_cause(&t->cause, st, "the page holds no article");
		else if (st != LDN_OK)
			st = ldn_cause(&t->cause, st, "%s", why ? why : "out of memory");
		free(why);
	}
	buf_free(&html);
	t->status = st;
}

/* Takes the validators the response brought (a 304 that sends none
 * keeps the cached ones). */
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

/* Keeps what work() brought and hands over the extraction; frees t. A
 * pruned article simply keeps nothing. */
static int
page_end(struct store *s, struct page_task *t, struct extract **out, char **cause)
{
	bool fresh = t->x != NULL;
	int st = t->status;

	*out = NULL;
	if (st != LDN_OK && (st == LDN_EFETCH || st == LDN_ELIMIT) && t->have.x != NULL) {
		/* The copy kept, as a feed that cannot be read keeps its
		 * articles; the failure is said beside it (*cause on LDN_OK). */
		*out = t->have.x;
		t->have.x = NULL;
		st = ldn_cause(cause, LDN_OK, "%s; showing the copy in the cache",
			       t->cause ? t->cause : "cannot fetch it");
		if (st == LDN_OK && *cause == NULL) { /* no room even for that */
			extract_free(*out);
			*out = NULL;
			st = LDN_ENOMEM;
		}
		page_task_free(t);
		return st;
	}
	if (st != LDN_OK) {
		st = ldn_cause(cause, st, "%s", t->cause ? t->cause : "out of memory");
		page_task_free(t);
		return st;
	}
	page_take_validators(&t->have, &t->resp, fresh);
	if (fresh) {
		extract_free(t->have.x);
		t->have.x = t->x;
		t->x = NULL;
	}
	if (t->store_id != 0 && t->keep)
		st = fresh ? store_page_put(s, t->store_id, &t->have, cause) :
			     store_page_touch(s, t->store_id, t->have.fetched, cause);
	if (st == LDN_ENOTFOUND) {
		free(*cause);
		*cause = NULL;
		st = LDN_OK;
	}
	if (st == LDN_OK) {
		*out = t->have.x;
		t->have.x = NULL;
	}
	page_task_free(t);
	return st;
}

int
page_get(struct store *s, const struct article *a, const struct page_opts *o,
	 struct extract **out, char **cause)
{
	struct page_task *t;
	int st = page_begin(s, a, o, &t, out, cause);

	if (st != LDN_OK || t == NULL)
		return st;
	page_work(t);
	return page_end(s, t, out, cause);
}

static void *
page_thread(void *arg)
{
	struct page_task *t = arg;

	page_work(t);
	atomic_store(&t->done, true);
	return NULL;
}

int
page_task_start(struct store *s, const struct article *a, const struct page_opts *o,
		struct page_task **out, struct extract **now, char **cause)
{
	int st = page_begin(s, a, o, out, now, cause);

	if (st != LDN_OK || *out == NULL)
		return st;
	if (pthread_create(&(*out)->thread, NULL, page_thread, *out) != 0) {
		page_task_free(*out);
		*out = NULL;
		return ldn_cause(cause, LDN_ENOMEM, "cannot start a thread");
	}
	return LDN_OK;
}

bool
page_task_done(const struct page_task *t)
{
	return atomic_load(&((struct page_task *)(uintptr_t)t)->done);
}

int
page_task_finish(struct page_task *t, struct store *s, struct extract **out, char **cause)
{
	pthread_join(t->thread, NULL);
	return page_end(s, t, out, cause);
}

void
page_task_cancel(struct page_task *t)
{
	if (t == NULL)
		return;
	atomic_store(&t->stop, true);
	pthread_join(t->thread, NULL);
	page_task_free(t);
}
