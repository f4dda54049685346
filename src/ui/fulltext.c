/*
 * fulltext.c - the open article's text from its web page (page.h) in the
 * reader pane: `f` fetches and shows it, `f` again the feed's; a feed
 * whose `full-text` is `open` or `prefetch` has it fetched when an
 * article with a short feed body opens.
 *
 * The fetch runs on a thread of its own (page_task): the reader keeps
 * answering keys, says "fetching the page..." meanwhile, and takes the
 * page from the loop (ui_fulltext_poll) when it has come. A kiosk
 * extracts too (its cache is a copy in memory) and starts nothing.
 *
 * `prefetch`: after a refresh, the pages of the newest unread articles
 * of such feeds not cached yet are fetched in the background, two at a
 * time (so never more than two to one host, the feeds' politeness), and
 * kept in the cache: opened within PAGE_FRESH_SECS, they show at once.
 *
 * It owns struct ui_fulltext: the page of the open article once fetched,
 * whether the reader shows it, the one fetch for the open article, and
 * the prefetch queue and its fetches. The state follows the open article
 * by its store id: another article opened starts from its feed's text; a
 * fetch still running for the article left is kept in the cache when it
 * ends, not shown.
 */
#include <stdlib.h>
#include <string.h>

#include "page.h"
#include "plan.h"
#include "ui_priv.h"

/* Newest unread articles a refresh prefetches, among the first rows. */
#define UI_PREFETCH_MAX 8
#define UI_PREFETCH_SCAN 64
/* Fetches at once: at most two to one host, as feeds. */
#define UI_PREFETCH_AT_ONCE 2

struct ui_prefetch {
	long long id;
	char *link;
	char *feed_url;
};

struct ui_fulltext {
	long long id;          /* the open article the state is of; 0: none */
	struct extract *x;     /* its page, once fetched */
	bool showing;          /* the reader shows the page's text */
	struct page_view view; /* the open article as x shows it, made when
				* first asked (ui_fulltext_shown) */
	bool has_view;
	struct page_task *task; /* the fetch running, or NULL */
	long long task_id;     /* the article it is for */
	char *task_link;       /* and its page, for a message */
	struct ui_prefetch queue[UI_PREFETCH_MAX]; /* to prefetch, next first */
	size_t nqueue;
	struct page_task *pre[UI_PREFETCH_AT_ONCE];
	long long pre_id[UI_PREFETCH_AT_ONCE];
};

/* The view borrows from x and the open article: it goes before either. */
static void
ui_fulltext_drop_view(struct ui_fulltext *ft)
{
	if (ft->has_view)
		page_view_free(&ft->view);
	ft->has_view = false;
}

/* The state of the open article: reset when another one is open. */
static struct ui_fulltext *
ui_fulltext_of(struct ui *u)
{
	long long id = u->open != NULL ? u->open->store_id : 0;
	struct ui_fulltext *ft;

	if (u->fulltext == NULL && (u->fulltext = calloc(1, sizeof(*u->fulltext))) == NULL)
		return NULL;
	ft = u->fulltext;
	if (ft->id != id) {
		ui_fulltext_drop_view(ft);
		extract_free(ft->x);
		ft->x = NULL;
		ft->showing = false;
		ft->id = id;
	}
	return ft;
}

static void
ui_fulltext_end_task(struct ui_fulltext *ft)
{
	page_task_cancel(ft->task);
	ft->task = NULL;
	free(ft->task_link);
	ft->task_link = NULL;
}

static void
ui_prefetch_item_free(struct ui_prefetch *q)
{
	free(q->link);
	free(q->feed_url);
	memset(q, 0, sizeof(*q));
}

void
ui_fulltext_free(struct ui *u)
{
	size_t i;

	if (u->fulltext == NULL)
		return;
	for (i = 0; i < UI_PREFETCH_AT_ONCE; i++)
		page_task_cancel(u->fulltext->pre[i]);
	for (i = 0; i < u->fulltext->nqueue; i++)
		ui_prefetch_item_free(&u->fulltext->queue[i]);
	ui_fulltext_end_task(u->fulltext);
	ui_fulltext_drop_view(u->fulltext);
	extract_free(u->fulltext->x);
	free(u->fulltext);
	u->fulltext = NULL;
}

static void
ui_fulltext_failed(struct ui *u, const char *link, int st, char *cause)
{
	(void)st;
	ui_message(u, true, "%s: %s", link ? link : "the page", cause ? cause : "out of memory");
	free(cause);
}

/* Starts fetching the open article's page (a fetch for another article
 * is given up); whether its page is here already (offline: the cache's). */
static bool
ui_fulltext_fetch(struct ui *u, struct ui_fulltext *ft)
{
	struct page_opts o = {.fetch = &u->p->fetch, .offline = u->p->offline,
			      .keep = !u->cache_readonly || u->p->kiosk,
			      .fresh_secs = PAGE_FRESH_SECS};
	struct extract *now = NULL;
	char *cause = NULL;
	int st;

	if (ft->x != NULL)
		return true;
	if (ft->task != NULL && ft->task_id == ft->id) {
		ui_message(u, false, "still fetching the page");
		return false;
	}
	ui_fulltext_end_task(ft);
	st = page_task_start(u->store, u->open, &o, &ft->task, &now, &cause);
	if (st != LDN_OK) {
		ui_fulltext_failed(u, u->open->link, st, cause);
		return false;
	}
	if (ft->task == NULL) {
		ft->x = now;
		ui_message(u, false, "from the page (f: the feed's text)");
		return true;
	}
	ft->task_id = ft->id;
	if ((ft->task_link = strdup(u->open->link)) == NULL) {
		ui_fulltext_end_task(ft);
		ui_message(u, true, "out of memory");
		return false;
	}
	ui_message(u, false, "%s", u->p->ascii ? "fetching the page..." :
				    "fetching the page\xe2\x80\xa6");
	return false;
}

/* Whether article id is queued or being prefetched. */
static bool
ui_prefetch_has(const struct ui_fulltext *ft, long long id)
{
	size_t i;

	for (i = 0; i < ft->nqueue; i++)
		if (ft->queue[i].id == id)
			return true;
	for (i = 0; i < UI_PREFETCH_AT_ONCE; i++)
		if (ft->pre[i] != NULL && ft->pre_id[i] == id)
			return true;
	return false;
}

/* Ends the prefetches done (their pages kept, errors unsaid: nobody
 * asked) and starts queued ones in the free slots. */
static void
ui_prefetch_run(struct ui *u, struct ui_fulltext *ft)
{
	struct page_opts o = {.fetch = &u->p->fetch, .keep = !u->cache_readonly || u->p->kiosk};
	struct article a;
	struct extract *x;
	char *cause;
	size_t i;

	for (i = 0; i < UI_PREFETCH_AT_ONCE; i++) {
		if (ft->pre[i] != NULL && page_task_done(ft->pre[i])) {
			x = NULL;
			cause = NULL;
			if (page_task_finish(ft->pre[i], u->store, &x, &cause) != LDN_OK)
				x = NULL; /* nobody asked: unsaid */
			ft->pre[i] = NULL;
			extract_free(x);
			free(cause);
		}
		while (ft->pre[i] == NULL && ft->nqueue > 0) {
			struct ui_prefetch q = ft->queue[0];

			memmove(ft->queue, ft->queue + 1, --ft->nqueue * sizeof(*ft->queue));
			memset(&a, 0, sizeof(a));
			a.link = q.link;
			a.feed_url = q.feed_url;
			a.store_id = q.id;
			x = NULL;
			cause = NULL;
			if (page_task_start(u->store, &a, &o, &ft->pre[i], &x, &cause) == LDN_OK)
				ft->pre_id[i] = q.id;
			extract_free(x);
			free(cause);
			ui_prefetch_item_free(&q);
		}
	}
}

void
ui_fulltext_prefetch(struct ui *u)
{
	struct ui_fulltext *ft;
	const struct article *a;
	struct ui_prefetch *q;
	size_t i, rows = ui_rows(u);
	char *cause = NULL;
	time_t fetched;
	int version;

	if (u->p->offline || (ft = ui_fulltext_of(u)) == NULL)
		return;
	for (i = 0; i < rows && i < UI_PREFETCH_SCAN && ft->nqueue < UI_PREFETCH_MAX; i++) {
		if ((a = ui_row(u, i)) == NULL || a->read || a->store_id == 0 ||
		    plan_full_text(u->p, a->feed_url) != CONFIG_FULL_TEXT_PREFETCH ||
		    !page_allowed(a->link, a->feed_url) || ui_prefetch_has(ft, a->store_id))
			continue;
		if (store_page_version(u->store, a->store_id, &version, &fetched, &cause) != LDN_OK)
			break;
		if (version == EXTRACT_VERSION)
			continue;
		q = &ft->queue[ft->nqueue];
		q->id = a->store_id;
		q->link = strdup(a->link);
		q->feed_url = strdup(a->feed_url);
		if (q->link == NULL || q->feed_url == NULL) {
			ui_prefetch_item_free(q);
			break;
		}
		ft->nqueue++;
	}
	free(cause);
	ui_prefetch_run(u, ft);
}

bool
ui_fulltext_poll(struct ui *u)
{
	struct ui_fulltext *ft = u->fulltext;
	struct extract *x = NULL;
	char *cause = NULL, *link;
	bool mine;
	int st;

	if (ft != NULL)
		ui_prefetch_run(u, ft);
	if (ft == NULL || ft->task == NULL || !page_task_done(ft->task))
		return false;
	st = page_task_finish(ft->task, u->store, &x, &cause);
	ft->task = NULL;
	mine = ft->task_id == (u->open != NULL ? u->open->store_id : 0);
	link = ft->task_link;
	ft->task_link = NULL;
	if (st != LDN_OK && mine) {
		ui_fulltext_failed(u, link, st, cause);
		cause = NULL;
	}
	if (st != LDN_OK || !mine) {
		extract_free(x); /* kept in the cache for when it opens */
		free(cause);
		free(link);
		return false;
	}
	ft = ui_fulltext_of(u);
	ui_fulltext_drop_view(ft);
	extract_free(ft->x);
	ft->x = x;
	ft->showing = true;
	/* A copy from the cache after a failed fetch says why. */
	if (cause != NULL)
		ui_message(u, true, "%s: %s", link != NULL ? link : "the page", cause);
	else
		ui_message(u, false, "from the page (f: the feed's text)");
	free(cause);
	free(link);
	return true;
}

bool
ui_fulltext_toggle(struct ui *u)
{
	struct ui_fulltext *ft;

	if (u->open == NULL) {
		ui_message(u, true, "Open an article first");
		return false;
	}
	if ((ft = ui_fulltext_of(u)) == NULL) {
		ui_message(u, true, "out of memory");
		return false;
	}
	if (ft->showing) {
		ft->showing = false;
		ui_message(u, false, "the feed's text (f: from the page)");
		return true;
	}
	return ft->showing = ui_fulltext_fetch(u, ft);
}

bool
ui_fulltext_opened(struct ui *u)
{
	struct ui_fulltext *ft;
	enum config_full_text when;

	if (u->open == NULL || (ft = ui_fulltext_of(u)) == NULL || ft->showing)
		return false;
	when = plan_full_text(u->p, u->open->feed_url);
	if (when == CONFIG_FULL_TEXT_NEVER || u->open->link == NULL ||
	    !page_allowed(u->open->link, u->open->feed_url) ||
	    page_feed_words(u->open, PAGE_SHORT_WORDS) >= PAGE_SHORT_WORDS)
		return false;
	return ft->showing = ui_fulltext_fetch(u, ft);
}

int
ui_fulltext_render(struct ui *u, struct render_doc *doc, const struct render_related *rel,
		   size_t nrel, size_t width)
{
	struct ui_fulltext *ft = ui_fulltext_of(u);
	struct page_view v;
	int st;

	if (ft == NULL || !ft->showing || ft->x == NULL)
		return render_article(doc, u->open, rel, nrel, width, RENDER_WRAP_URLS);
	if ((st = page_view_init(&v, u->open, ft->x)) != LDN_OK)
		return st;
	/* The related articles stay the view's: they open by number. */
	st = render_article(doc, &v.a, rel, nrel, width, RENDER_WRAP_URLS | RENDER_FROM_PAGE);
	page_view_free(&v);
	return st;
}

const struct extract *
ui_fulltext_page(struct ui *u)
{
	struct ui_fulltext *ft = u->fulltext;

	if (ft == NULL || u->open == NULL || ft->id != u->open->store_id || !ft->showing)
		return NULL;
	return ft->x;
}

const struct article *
ui_fulltext_shown(struct ui *u)
{
	struct ui_fulltext *ft = u->fulltext;

	if (ui_fulltext_page(u) == NULL)
		return u->open;
	/* Out of memory: the feed's version, whose links still work. */
	if (!ft->has_view && page_view_init(&ft->view, u->open, ft->x) == LDN_OK)
		ft->has_view = true;
	return ft->has_view ? &ft->view.a : u->open;
}
