/*
 * fulltext.c - the open article's text from its web page (page.h) in the
 * reader pane: `f` fetches and shows it, `f` again the feed's; a feed
 * whose `full-text` is `open` (or, for now, `prefetch`) has it fetched
 * when an article with a short feed body opens.
 *
 * The fetch is synchronous, on the reader's thread (the store's
 * connection is this thread's): "fetching the page..." is drawn first,
 * and it ends within the plan's fetch timeout. A kiosk extracts too (its
 * cache is a copy in memory); it starts no browser, and this starts none.
 *
 * It owns struct ui_fulltext: the page of the open article, once fetched,
 * and whether the reader shows it. The state follows the open article by
 * its store id: another article opened starts from its feed's text.
 */
#include <stdlib.h>
#include <string.h>

#include "page.h"
#include "plan.h"
#include "ui_priv.h"

struct ui_fulltext {
	long long id;          /* the open article the state is of; 0: none */
	struct extract *x;     /* its page, once fetched */
	bool showing;          /* the reader shows the page's text */
};

/* The state of the open article: reset when another one is open. */
static struct ui_fulltext *
ui_fulltext_of(struct ui *u)
{
	long long id = u->open != NULL ? u->open->store_id : 0;

	if (u->fulltext == NULL && (u->fulltext = calloc(1, sizeof(*u->fulltext))) == NULL)
		return NULL;
	if (u->fulltext->id != id) {
		extract_free(u->fulltext->x);
		memset(u->fulltext, 0, sizeof(*u->fulltext));
		u->fulltext->id = id;
	}
	return u->fulltext;
}

void
ui_fulltext_free(struct ui *u)
{
	if (u->fulltext != NULL)
		extract_free(u->fulltext->x);
	free(u->fulltext);
	u->fulltext = NULL;
}

/* Fetches the open article's page into ft; whether it has one now. */
static bool
ui_fulltext_fetch(struct ui *u, struct ui_fulltext *ft)
{
	struct page_opts o = {.fetch = &u->p->fetch, .offline = u->p->offline,
			      .keep = !u->cache_readonly || u->p->kiosk};
	char *cause = NULL;
	int st;

	if (ft->x != NULL)
		return true;
	/* Said before the wait, not after it. */
	ui_message(u, false, "%s", u->p->ascii ? "fetching the page..." :
				    "fetching the page\xe2\x80\xa6");
	ui_draw(u);
	st = page_get(u->store, u->open, &o, &ft->x, &cause);
	if (st != LDN_OK) {
		ui_message(u, true, "%s: %s", u->open->link ? u->open->link : "the page",
			   cause ? cause : "out of memory");
		free(cause);
		return false;
	}
	ui_message(u, false, "from the page (f: the feed's text)");
	return true;
}

void
ui_fulltext_toggle(struct ui *u)
{
	struct ui_fulltext *ft;

	if (u->open == NULL) {
		ui_message(u, true, "Open an article first");
		return;
	}
	if ((ft = ui_fulltext_of(u)) == NULL) {
		ui_message(u, true, "out of memory");
		return;
	}
	if (ft->showing) {
		ft->showing = false;
		ui_message(u, false, "the feed's text (f: from the page)");
	} else {
		ft->showing = ui_fulltext_fetch(u, ft);
	}
	u->doc_top = 0;
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
