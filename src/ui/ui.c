/*
 * ui.c - the reader's event loop and every state change: keys, prompts,
 * refresh results, marks, resizing and signals. It owns struct ui (from
 * ui_init to ui_fini), reads its settings from the run's plan (plan.h,
 * borrowed), and runs on the main thread, the reader's only one;
 * results come from the refresh worker's thread through refresh_poll, and
 * the panes over the list are in panes.c.
 *
 * One loop: merge finished refresh results, lay out, draw, wait up to a
 * quarter second for a key, act. Loading happens on the refresh worker, so
 * the loop never blocks on the network. Signal handlers only set a flag;
 * the loop notices it and leaves through the one cleanup path, which
 * restores the terminal.
 *
 * Kiosk mode (plan.kiosk) is enforced here and in keys.c: the store is
 * never written (marks change in memory only), ui_launch starts nothing,
 * the actions keys.c lists are refused with a note, nothing quits but
 * SIGTERM and SIGHUP, and the keys that would signal arrive as plain keys
 * (raw mode) with SIGINT, SIGQUIT and SIGTSTP ignored besides.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "date.h"
#include "launch.h"
#include "term.h"
#include "text.h"
#include "ui_priv.h"

#define UI_TICK_MS 250
#define UI_RELATED_MAX 5
#define UI_SCAN_MS 4 /* body search slice between key checks */
#define UI_SCAN_REQUERY_MS 150 /* how often body hits reach the list */
#define UI_TYPING_MS 8 /* keys waiting taken at once, before a frame */

static volatile sig_atomic_t ui_signalled;

static void
ui_on_signal(int sig)
{
	ui_signalled = sig;
}

const char *
ui_standfirst(struct article *a)
{
	if (a->standfirst == NULL && a->summary != NULL)
		a->standfirst = render_plain(a->summary, a->summary_fmt);
	return a->standfirst ? a->standfirst : "";
}

void
ui_message(struct ui *u, bool error, const char *fmt, ...)
{
	va_list ap;
	char line[512];

	va_start(ap, fmt);
	vsnprintf(line, sizeof(line), fmt, ap);
	va_end(ap);
	free(u->message);
	u->message = strdup(line);
	u->message_is_error = error;
}

/* ---- the view ---------------------------------------------------------- */

static bool
ui_body_hit(size_t i, void *payload)
{
	const struct ui *u = payload;

	return u->body_hit != NULL && i < u->all.len && u->body_hit[i];
}

void
ui_requery(struct ui *u)
{
	struct query q = {
		.tags = (const char *const *)u->inc, .ntags = u->ninc, .all_tags = u->all_tags,
		.exclude = (const char *const *)u->exc, .nexclude = u->nexc, .find = u->find,
		.find_headlines = true, .also = ui_body_hit, .also_payload = u,
		.starred_only = u->starred_only,
		.feeds = (const char *const *)u->feed_inc, .nfeeds = u->nfeed_inc,
	};
	struct article *keep = u->sel < u->view.len ? u->view.items[u->sel] : NULL;
	struct query_view v;
	size_t i;

	/* Rebuilt only after the list changed, never per keystroke; without
	 * it (no memory) the query reads the articles themselves. */
	if (u->index_stale || u->index.len != u->all.len) {
		query_index_free(&u->index);
		if (query_index_build(&u->all, &u->index) == LDN_OK)
			u->index_stale = false;
	}
	if (!u->index_stale && u->index.len == u->all.len)
		q.index = &u->index;

	if (query_run(&u->all, &q, &v) != LDN_OK) {
		ui_message(u, true, "out of memory");
		return;
	}
	query_view_free(&u->view);
	u->view = v;
	/* Keep the selection on the same article when it is still shown. */
	for (i = 0; keep && i < v.len; i++)
		if (v.items[i] == keep) {
			u->sel = i;
			return;
		}
	if (u->sel >= v.len)
		u->sel = v.len ? v.len - 1 : 0;
}

static size_t
ui_reader_width(struct ui *u)
{
	int rows, cols;
	struct ui_layout l;

	term_size(&rows, &cols);
	ui_layout_compute(&l, rows, cols, true, u->zoom, true);
	return ui_layout_text_width(l.reader.w, u->p->reader_width);
}

/* Index of the first line of paragraph k (counted by blank lines). */
static size_t
ui_doc_paragraph_line(const struct render_doc *d, size_t k)
{
	size_t i;

	for (i = 0; i < d->nlines && k > 0; i++)
		if (d->lines[i].text[0] == '\0')
			k--;
	return i;
}

size_t
ui_related(const struct ui *u, const struct article *a, struct render_related *rel, size_t max)
{
	size_t idx[UI_RELATED_MAX], n = 0, i, pos;

	if (max > UI_RELATED_MAX)
		max = UI_RELATED_MAX;
	for (pos = 0; pos < u->view.len; pos++)
		if (u->view.items[pos] == a)
			break;
	if (pos < u->view.len)
		n = query_related(&u->view, pos, idx, max);
	for (i = 0; i < n; i++) {
		rel[i].n = idx[i] + 1;
		rel[i].title = u->view.items[idx[i]]->title;
	}
	return n;
}

static void
ui_render_open(struct ui *u, bool keep_place)
{
	struct render_related rel[UI_RELATED_MAX];
	size_t n, i, para = 0;
	struct render_doc doc = {0};

	if (u->open == NULL)
		return;
	n = ui_related(u, u->open, rel, UI_RELATED_MAX);
	/* Remember the paragraph at the top so a reflow keeps the place. */
	for (i = 0; keep_place && i < u->doc_top && i < u->doc.nlines; i++)
		if (u->doc.lines[i].text[0] == '\0')
			para++;
	u->doc_width = ui_reader_width(u);
	if (render_article(&doc, u->open, rel, n, u->doc_width, RENDER_WRAP_URLS) != LDN_OK) {
		render_doc_free(&doc);
		ui_message(u, true, "out of memory rendering the article");
		return;
	}
	render_doc_free(&u->doc);
	u->doc = doc;
	u->doc_top = keep_place ? ui_doc_paragraph_line(&u->doc, para) : 0;
}

/* Sets an article's marks, and in the cache when there is one. */
static void
ui_mark(struct ui *u, struct article *a, bool read, bool starred)
{
	char *cause = NULL;
	int st = LDN_OK;

	if (u->store != NULL && a->store_id != 0 && !u->cache_readonly &&
	    !u->p->kiosk) {
		if (a->read != read)
			st = store_set_read(u->store, a->store_id, read, &cause);
		if (st == LDN_OK && a->starred != starred)
			st = store_set_starred(u->store, a->store_id, starred, &cause);
	}
	if (st != LDN_OK) {
		ui_message(u, true, "%s", cause ? cause : "cannot save the mark");
		free(cause);
		return;
	}
	a->read = read;
	a->starred = starred;
	u->unread_stale = true;
}

/* Opens article i of the view, marked read when mark_read: someone chose
 * it (--cycle shows articles nobody chose, so a wall keeps its marks). */
static void
ui_show(struct ui *u, size_t i, bool mark_read)
{
	struct article *a;
	char *cause = NULL;

	if (i >= u->view.len)
		return;
	a = u->view.items[i];
	/* From the cache, bodies load when an article opens. */
	if (a->content == NULL && a->store_id != 0 && u->store != NULL &&
	    store_load_content(u->store, a, &cause) != LDN_OK) {
		ui_message(u, true, "%s", cause ? cause : "cannot read the article");
		free(cause);
	}
	u->sel = i;
	u->open = a;
	if (mark_read)
		ui_mark(u, a, true, a->starred);
	u->focus_reader = true;
	ui_render_open(u, false);
}

static void
ui_open(struct ui *u, size_t i)
{
	ui_show(u, i, true);
}

static void
ui_open_number(struct ui *u, const char *digits)
{
	char *end;
	unsigned long n = strtoul(digits, &end, 10);

	if (*digits == '\0')
		ui_message(u, true, "Type a number, then Enter (the list has 1-%zu)", u->view.len);
	else if (*end != '\0' || n < 1 || n > u->view.len)
		ui_message(u, true, "No article %s (the list has 1-%zu)", digits, u->view.len);
	else
		ui_open(u, (size_t)n - 1);
}

static void
ui_close_reader(struct ui *u)
{
	u->open = NULL;
	u->focus_reader = false;
	u->zoom = false;
	render_doc_free(&u->doc);
	u->doc_top = 0;
}

/* ---- searching bodies ------------------------------------------------------ */

/* The search text or the article list changed: start the body scan over. */
static void
ui_search_changed(struct ui *u)
{
	free(u->body_hit);
	u->body_hit = NULL;
	u->scan_next = 0;
	u->scanning = false;
	u->store_searched = false;
	u->scan_pending = false;
	clock_gettime(CLOCK_MONOTONIC, &u->scan_shown);
	if (u->find != NULL && *u->find != '\0' && u->all.len > 0) {
		u->body_hit = calloc(u->all.len, 1);
		u->scanning = u->body_hit != NULL;
	}
	ui_requery(u);
}

static long
ui_ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (t.tv_sec - t0->tv_sec) * 1000 + (t.tv_nsec - t0->tv_nsec) / 1000000;
}

/* With a cache, bodies are searched through its full-text index, in one
 * query once typing pauses. */
static void
ui_search_store(struct ui *u)
{
	long long *ids = NULL;
	size_t n = 0, i;
	char *cause = NULL;

	u->scanning = false;
	if (store_search(u->store, u->find, &ids, &n, &cause) != LDN_OK) {
		ui_message(u, true, "%s", cause ? cause : "search failed");
		free(cause);
		return;
	}
	for (i = 0; i < u->all.len; i++) {
		long long id = u->all.items[i]->store_id;
		if (id != 0 && store_ids_have(ids, n, id))
			u->body_hit[i] = 1;
	}
	free(ids);
	ui_requery(u);
}

/*
 * Searches article bodies for about `budget_ms`, then returns so the loop
 * can answer keys. Rendering a body to text costs an HTML parse, far too
 * much to do for every article on every keystroke.
 */
static void
ui_scan_step(struct ui *u, long budget_ms)
{
	struct timespec t0;
	bool found = false;

	if (u->store != NULL && !u->store_searched) {
		ui_search_store(u);
		/* A kiosk's fetched bodies are only in memory: scan those too. */
		if (u->p->kiosk) {
			u->store_searched = true;
			u->scanning = u->body_hit != NULL;
		}
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (u->scanning && u->scan_next < u->all.len) {
		struct article *a = u->all.items[u->scan_next];

		/* The whole article, as --find tests it (query.h): words may
		 * be in the headline and the body. */
		if (a->content != NULL && query_find_article(a, u->find)) {
			u->body_hit[u->scan_next] = 1;
			found = true;
		}
		u->scan_next++;
		if ((u->scan_next & 15) == 0 && ui_ms_since(&t0) >= budget_ms)
			break;
	}
	if (u->scan_next >= u->all.len)
		u->scanning = false;
	if (found)
		u->scan_pending = true;
	/* Rebuilding the view costs a pass over every headline: show new body
	 * hits a few times a second, and at once when the scan ends. */
	if (u->scan_pending && (!u->scanning || ui_ms_since(&u->scan_shown) >= UI_SCAN_REQUERY_MS)) {
		u->scan_pending = false;
		clock_gettime(CLOCK_MONOTONIC, &u->scan_shown);
		ui_requery(u);
	}
}

/* ---- refresh ------------------------------------------------------------ */

/* The same article (same feed and id) in another list, or NULL. */
static struct article *
ui_find_same(const struct article_list *l, const struct article *a)
{
	size_t i;

	for (i = 0; i < l->len; i++)
		if (strcmp(l->items[i]->id, a->id) == 0 &&
		    strcmp(l->items[i]->feed_url, a->feed_url) == 0)
			return l->items[i];
	return NULL;
}

/* A feed fetched into memory (no cache, or a kiosk's): over what is shown.
 * Articles already shown stay the same structs, so the pointers the view
 * and the reader hold stay valid, and keep their marks. A kiosk keeps the
 * cache's retention in memory (as its --list does): what it takes out
 * waits in u->dropped until ui_let_go, so memory stays flat however long
 * it runs. */
static void
ui_merge(struct ui *u, struct feed *f)
{
	struct article_retention keep = {0};

	if (u->p->kiosk)
		source_retention(u->p->sources, u->p->nsources, f->url, &u->p->limits,
				 time(NULL), &keep);
	if (article_list_merge_feed(&u->all, &f->articles, f->url, &keep, &u->dropped) != LDN_OK)
		ui_message(u, true, "out of memory merging %s", f->url);
}

/* Before the view is made again: nothing keeps pointing to what
 * retention took out (the open article is closed, like ui_replace's). */
static void
ui_let_go(struct ui *u)
{
	size_t i;

	if (u->dropped.len == 0)
		return;
	for (i = 0; u->open != NULL && i < u->dropped.len; i++)
		if (u->dropped.items[i] == u->open)
			ui_close_reader(u);
	free(u->tags);  /* they point into the articles */
	u->tags = NULL;
	u->ntags = 0;
	/* The snapshot's articles are no longer all there: display caches
	 * made for it (ui_take_prep) must not come now. */
	u->generation++;
}

/*
 * A cache snapshot replaces every article. The selection and the open
 * article are found again by feed and id; the open one keeps the body it
 * had loaded, so the reader does not notice.
 */
static void
ui_replace(struct ui *u, struct article_list *fresh)
{
	struct article *sel = u->sel < u->view.len ? u->view.items[u->sel] : NULL;
	struct article *nsel = NULL, *nopen = NULL;
	struct article_list old = u->all;

	/* Two articles to find: two passes, not a sort of the whole list
	 * on the reader's thread (bench/README.md). */
	if (sel != NULL)
		nsel = ui_find_same(fresh, sel);
	if (u->open != NULL && (nopen = ui_find_same(fresh, u->open)) != NULL &&
	    nopen->content == NULL) {
		nopen->content = u->open->content;
		nopen->content_fmt = u->open->content_fmt;
		u->open->content = NULL;
	}
	u->all = *fresh;
	fresh->items = NULL;
	fresh->len = fresh->cap = 0;
	u->unread_stale = true;
	u->index_stale = true;
	free(u->tags);  /* they point into the old list, about to go */
	u->tags = NULL;
	u->ntags = 0;
	ui_tags_stale(u);
	ui_feeds_stale(u);
	u->multi_feed_stale = true;
	/* The view still points into the old list: rebuild it before freeing. */
	query_view_free(&u->view);
	u->sel = 0;
	if (u->open != NULL && nopen == NULL)
		ui_close_reader(u);
	u->open = nopen;
	query_sort(&u->all);
	ui_search_changed(u);
	if (nsel != NULL) {
		size_t i;
		for (i = 0; i < u->view.len; i++)
			if (u->view.items[i] == nsel)
				u->sel = i;
	}
	article_list_free(&old);
}

/*
 * The worker's filter data (refresh.h) when it was made for the list shown,
 * in its order (the sort of a sorted list keeps it): taken from p.
 * Otherwise the next filter makes an index of its own.
 */
static void
ui_install_pack(struct ui *u, struct refresh_pack *p)
{
	if (!refresh_pack_fits(p, &u->all))
		return;
	query_index_free(&u->index);
	u->index = p->index;
	memset(&p->index, 0, sizeof(p->index));
	u->index_stale = false;
	if (u->tag_counts == NULL && p->tags != NULL) {
		u->tag_counts = p->tags;
		u->ntag_counts = p->ntags;
		p->tags = NULL;
	}
}

/* The display caches of the snapshot shown: taken where still missing. */
static void
ui_take_prep(struct ui *u, struct refresh_prep *p)
{
	size_t i;

	if (p->generation != u->generation)
		return; /* a newer snapshot replaced those articles */
	for (i = 0; i < p->n; i++) {
		struct article *a = p->articles[i];
		if (a->standfirst == NULL) {
			a->standfirst = p->standfirst[i];
			p->standfirst[i] = NULL;
		}
		if (a->search_key == NULL) {
			a->search_key = p->key[i];
			p->key[i] = NULL;
		}
	}
	u->index_stale = true;
	ui_install_pack(u, &p->pack);
	/* A search typed before the keys were there ran the slow way: again. */
	if (u->find != NULL)
		ui_search_changed(u);
}

static int
ui_strcmp_ptr(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/*
 * Some feeds' articles from the cache (a partial snapshot): in place of
 * what is shown of those feeds. The others' articles stay the same structs
 * (marks, display caches, the open one's body); the list is made of the
 * two sorted runs, which ui_replace's sort merges in one pass or so.
 * Out of memory leaves what is shown (false).
 */
static bool
ui_take_feeds(struct ui *u, struct refresh_snapshot *snap)
{
	struct article_list keep = {0}, gone = {0};
	struct article_list *fresh = snap->articles;
	size_t i;

	keep.cap = u->all.len + fresh->len;
	gone.cap = u->all.len;
	keep.items = malloc((keep.cap ? keep.cap : 1) * sizeof(*keep.items));
	gone.items = malloc((gone.cap ? gone.cap : 1) * sizeof(*gone.items));
	if (keep.items == NULL || gone.items == NULL) {
		free(keep.items);
		free(gone.items);
		ui_message(u, true, "out of memory taking the refreshed articles");
		return false;
	}
	qsort(snap->feeds, snap->nfeeds, sizeof(*snap->feeds), ui_strcmp_ptr);
	for (i = 0; i < u->all.len; i++) {
		struct article *a = u->all.items[i];
		if (bsearch(&a->feed_url, snap->feeds, snap->nfeeds, sizeof(*snap->feeds),
			    ui_strcmp_ptr) != NULL)
			gone.items[gone.len++] = a;
		else
			keep.items[keep.len++] = a;
	}
	if (fresh->len > 0)
		memcpy(keep.items + keep.len, fresh->items, fresh->len * sizeof(*keep.items));
	keep.len += fresh->len;
	fresh->len = 0;
	/* What ui_replace lets go of: the replaced feeds' old articles. */
	free(u->all.items);
	u->all = gone;
	ui_replace(u, &keep);
	return true;
}

/* The cache's articles, to show instead of what is shown. */
static void
ui_take_snapshot(struct ui *u, struct refresh_snapshot *snap)
{
	/* Not taken, its prep must not come: those articles go with it. */
	if (snap->feeds != NULL && !ui_take_feeds(u, snap))
		return;
	if (snap->feeds == NULL)
		ui_replace(u, snap->articles);
	u->generation = snap->generation;
	u->partial = false;
	if (snap->title != NULL && u->feed_title == NULL) {
		u->feed_title = snap->title;
		u->feed_tagline = snap->tagline;
		snap->title = snap->tagline = NULL;
	}
	if (snap->warning != NULL) {
		free(u->last_error);
		u->last_error = snap->warning;
		snap->warning = NULL;
	}
}

/* A run that could not do its work: it counts as a failed round. */
static void
ui_take_failure(struct ui *u, const struct refresh_failure *f)
{
	char line[1024];

	u->round_failed++;
	snprintf(line, sizeof(line), "cache: %s", f->cause ? f->cause : "cannot load");
	free(u->last_error);
	u->last_error = strdup(line);
}

/* How one source went; true when its feed was merged into the list. */
static bool
ui_take_source(struct ui *u, struct refresh_source *res)
{
	char line[1024];

	u->round_tried++;
	if (res->status != LDN_OK)
		u->round_failed++;
	else
		u->round_ok++;
	if (res->discovered != NULL)
		ui_message(u, false, "%s: using the feed found at %s", res->src, res->discovered);
	/* Said once, when the feed's new address is first seen. */
	if (res->moved_to != NULL)
		ui_message(u, false, "%s moved permanently to %s; update your config", res->src,
			   res->moved_to);
	if (res->status != LDN_OK) {
		snprintf(line, sizeof(line), "%s: %s", res->src, res->cause ? res->cause : "failed");
		free(u->last_error);
		u->last_error = strdup(line);
		ui_note_error(u, res->src, res->cause ? res->cause : "failed");
		return false;
	}
	ui_note_error(u, res->src, NULL);
	if (res->note != NULL && u->message == NULL)
		ui_message(u, false, "%s: not fetched: %s", res->src, res->note);
	if (res->warning) {
		snprintf(line, sizeof(line), "%s: %s", res->src, res->warning);
		free(u->last_error);
		u->last_error = strdup(line);
	}
	if (res->feed == NULL) /* synced into the cache, a 304, or fresh */
		return false;
	if (u->feed_title == NULL && strcmp(res->src, u->p->srcs[0]) == 0) {
		u->feed_title = strdup(res->feed->title);
		u->feed_tagline = res->feed->description ? strdup(res->feed->description) : NULL;
	}
	ui_merge(u, res->feed);
	return true;
}

/* One message from the worker; true when a feed was merged in memory. */
static bool
ui_take_result(struct ui *u, struct refresh_result *res)
{
	switch (res->kind) {
	case REFRESH_SOURCE_DONE:
		return ui_take_source(u, &res->u.source);
	case REFRESH_SNAPSHOT:
		ui_take_snapshot(u, &res->u.snapshot);
		break;
	case REFRESH_PREP:
		ui_take_prep(u, &res->u.prep);
		break;
	case REFRESH_RUN_FAILED:
		ui_take_failure(u, &res->u.failure);
		break;
	}
	return false;
}

/*
 * A refresh ended. It failed when every feed it asked failed: the articles
 * shown stay, marked stale since the last one that worked, and the next
 * try waits twice, then four times the interval, until one works again.
 */
static void
ui_refresh_done(struct ui *u)
{
	bool failed = u->round_failed > 0 && u->round_ok == 0;

	if (!failed) {
		u->good_refresh = u->last_refresh;
		u->backoff = 0;
	} else if (u->backoff < 2) {
		u->backoff++;
	}
	/* Stale says a fetch failed: a run that tried none (offline, its
	 * cache unreadable) leaves what is shown as it was. */
	if (u->round_tried > 0)
		u->stale = failed;
	if (u->p->refresh_secs > 0)
		u->next_refresh = u->last_refresh + (u->p->refresh_secs << u->backoff);
}

static void
ui_poll_refresh(struct ui *u)
{
	struct refresh_result *res;
	struct refresh_pack pack = {0};
	bool changed = false;

	while ((res = refresh_poll(u->refresh)) != NULL) {
		/* Merged in memory: re-sorted below, with the last pack (the
		 * one that fits, if any). */
		if (ui_take_result(u, res)) {
			changed = true;
			refresh_pack_free(&pack);
			pack = res->u.source.pack;
			memset(&res->u.source.pack, 0, sizeof(res->u.source.pack));
		}
		refresh_result_free(res);
	}
	if (changed) {
		ui_let_go(u);
		query_sort(&u->all);
		u->unread_stale = true;
		u->index_stale = true;
		ui_tags_stale(u);
		ui_feeds_stale(u);
		ui_install_pack(u, &pack);
		u->multi_feed_stale = true;
		ui_search_changed(u);
		if (u->open)
			ui_render_open(u, true);
		article_list_free(&u->dropped); /* the view is made anew */
	}
	refresh_pack_free(&pack);
	if (u->loading && !refresh_running(u->refresh, NULL, NULL)) {
		u->loading = false;
		u->last_refresh = time(NULL);
		ui_refresh_done(u);
		if (u->pending_open > 0) {
			char digits[32];
			snprintf(digits, sizeof(digits), "%ld", u->pending_open);
			u->pending_open = 0;
			ui_open_number(u, digits);
		}
	}
}

/* force: R, past the feeds' own schedules (never past a Retry-After). */
static void
ui_start_refresh(struct ui *u, bool force)
{
	if (force ? refresh_start_forced(u->refresh) : refresh_start(u->refresh)) {
		u->loading = true;
		u->round_ok = u->round_failed = u->round_tried = 0;
		if (!u->cache_readonly || u->p->kiosk) {
			free(u->last_error);
			u->last_error = NULL;
		}
	} else {
		ui_message(u, false, "A refresh is already running");
	}
}

/* ---- prompts -------------------------------------------------------------- */

static void
ui_prompt_changed(struct ui *u)
{
	if (u->prompt == UI_PROMPT_SEARCH) {
		free(u->find);
		u->find = u->input.len ? strdup(buf_cstr(&u->input)) : NULL;
		ui_search_changed(u);
	} else if (u->prompt == UI_PROMPT_TAGFIND) {
		free(u->tag_find);
		u->tag_find = u->input.len ? strdup(buf_cstr(&u->input)) : NULL;
		ui_load_tags(u, NULL);
	}
}

/* Hands the terminal to `command` (an argv; NULL: $BROWSER, else xdg-open) for url. */
static void
ui_launch(struct ui *u, const char *const *command, const char *url)
{
	char *cause = NULL;
	int st;

	if (u->p->kiosk) { /* ui_act refuses first; this is the last guard */
		ui_message(u, true, "programs: disabled in kiosk mode");
		return;
	}
	if (url == NULL) {
		ui_message(u, true, "This article has no link");
		return;
	}
	if (!isatty(STDIN_FILENO)) {
		ui_message(u, true, "No terminal to hand to another program");
		return;
	}
	term_suspend();
	st = launch_url(command, url, &cause);
	term_resume();
	if (st != LDN_OK)
		ui_message(u, true, "%s", cause ? cause : "cannot open the link");
	free(cause);
}

static void
ui_open_link(struct ui *u, const char *url)
{
	ui_launch(u, u->p->browser, url);
}

/* e N: enclosure N of the open article to the player (else the browser). */
static void
ui_play(struct ui *u, const char *in)
{
	unsigned long n;
	char *end;

	n = strtoul(in, &end, 10);
	if (u->open == NULL)
		ui_message(u, true, "Open an article first");
	else if (u->open->nenclosures == 0)
		ui_message(u, true, "This article has no enclosures");
	else if (*in == '\0')
		ui_message(u, true, "Type a number, then Enter (the article has %zu enclosures)",
			   u->open->nenclosures);
	else if (*end != '\0' || n < 1 || n > u->open->nenclosures)
		ui_message(u, true, "No enclosure %s (the article has %zu)", in,
			   u->open->nenclosures);
	else
		ui_launch(u, u->p->player ? u->p->player : u->p->browser,
			  u->open->enclosures[n - 1].url);
}

static void
ui_prompt_commit(struct ui *u)
{
	const char *in = buf_cstr(&u->input);
	enum ui_prompt p = u->prompt;
	unsigned long n;
	char *end;

	ui_prompt_apply(u); /* what was typed since the last frame */
	ui_pane_close(u, &ui_pane_prompt);
	free(u->find_before);
	u->find_before = NULL;
	if (p == UI_PROMPT_GOTO) {
		ui_open_number(u, in);
	} else if (p == UI_PROMPT_LINK) {
		n = strtoul(in, &end, 10);
		if (u->open == NULL)
			ui_message(u, true, "Open an article first");
		else if (*in == '\0')
			ui_message(u, true,
				   "Type a number, then Enter (the article has %zu link%s)",
				   u->doc.nlinks, u->doc.nlinks == 1 ? "" : "s");
		else if (*end != '\0' || n < 1 || n > u->doc.nlinks)
			ui_message(u, true, "No link %s (the article has %zu)", in, u->doc.nlinks);
		else
			ui_open_link(u, u->doc.links[n - 1]);
	} else if (p == UI_PROMPT_ENCLOSURE) {
		ui_play(u, in);
	} else if (p == UI_PROMPT_PIPE) {
		ui_export_pipe(u, in);
	} else if (p == UI_PROMPT_SAVE) {
		ui_export_save(u, in);
	}
}

static void
ui_prompt_cancel(struct ui *u)
{
	u->input_changed = false; /* thrown away with the rest */
	if (u->prompt == UI_PROMPT_SEARCH) {
		free(u->find);
		u->find = u->find_before;
		u->find_before = NULL;
		ui_search_changed(u);
	} else if (u->prompt == UI_PROMPT_TAGFIND) {
		free(u->tag_find);
		u->tag_find = NULL;
		ui_load_tags(u, NULL);
	}
	ui_pane_close(u, &ui_pane_prompt);
}

/* struct ui_pane.close of the prompt: it leaves no kind behind. */
void
ui_prompt_close(struct ui *u)
{
	u->prompt = UI_PROMPT_NONE;
}

static void
ui_prompt_backspace(struct buf *b)
{
	/* Remove one whole UTF-8 character, never half of one. */
	while (b->len > 0) {
		unsigned char c = (unsigned char)b->data[--b->len];
		if ((c & 0xC0) != 0x80)
			break;
	}
	if (b->data)
		b->data[b->len] = '\0';
}

void
ui_prompt_key(struct ui *u, const struct term_event *ev)
{
	char enc[4];
	size_t n;

	if (ev->type == TERM_EV_KEY) {
		if (ev->key == TERM_KEY_ENTER)
			ui_prompt_commit(u);
		else if (ev->key == TERM_KEY_ESC)
			ui_prompt_cancel(u);
		else if (ev->key == TERM_KEY_BACKSPACE) {
			ui_prompt_backspace(&u->input);
			u->input_changed = true;
		}
		return;
	}
	if (ev->type == TERM_EV_CHAR && ev->ch == ('U' & 0x1f)) { /* ^U: a prefilled line away */
		buf_reset(&u->input);
		u->input_changed = true;
		return;
	}
	if (ev->type != TERM_EV_CHAR || ev->ch < 0x20 || ev->ch == 0x7f)
		return;
	if ((u->prompt == UI_PROMPT_GOTO || u->prompt == UI_PROMPT_LINK ||
	     u->prompt == UI_PROMPT_ENCLOSURE) &&
	    (ev->ch < '0' || ev->ch > '9'))
		return;
	n = text_utf8_encode(ev->ch, enc);
	/* Past UI_PROMPT_MAX (a paste of a page) the rest is dropped, as a
	 * field with a maximum length does. */
	if (buf_append(&u->input, enc, n) == LDN_OK)
		u->input_changed = true;
}

void
ui_prompt_apply(struct ui *u)
{
	if (!u->input_changed)
		return;
	u->input_changed = false;
	ui_prompt_changed(u);
}

void
ui_start_prompt(struct ui *u, enum ui_prompt p)
{
	u->prompt = p;
	ui_pane_open(u, &ui_pane_prompt);
	buf_reset(&u->input);
	u->input_changed = false;
	if (p == UI_PROMPT_SEARCH) {
		free(u->find_before);
		u->find_before = u->find ? strdup(u->find) : NULL;
		if (u->find && buf_puts(&u->input, u->find) != LDN_OK)
			buf_reset(&u->input);
	}
}

/* ---- movement ------------------------------------------------------------- */

static void
ui_scroll_reader(struct ui *u, long delta)
{
	long max = (long)u->doc.nlines - u->lay.reader.h;
	long top = (long)u->doc_top + delta;

	if (top > max)
		top = max;
	if (top < 0)
		top = 0;
	u->doc_top = (size_t)top;
}

static void
ui_move(struct ui *u, long delta)
{
	long sel = (long)u->sel + delta;

	if (u->view.len == 0)
		return;
	if (sel < 0)
		sel = 0;
	if (sel >= (long)u->view.len)
		sel = (long)u->view.len - 1;
	u->sel = (size_t)sel;
}

static bool
ui_reader_focused(const struct ui *u)
{
	return u->open && u->focus_reader && u->lay.show_reader;
}

static void
ui_motion(struct ui *u, enum ui_action act)
{
	long page = ui_reader_focused(u) ? u->lay.reader.h - 1 : (long)ui_list_visible(u);
	long big = 1L << 30;

	if (page < 1)
		page = 1;
	if (ui_reader_focused(u)) {
		long d = act == UI_ACT_DOWN ? 1 : act == UI_ACT_UP ? -1 :
			 act == UI_ACT_PGDN ? page : act == UI_ACT_PGUP ? -page :
			 act == UI_ACT_TOP ? -big : big;
		ui_scroll_reader(u, d);
		return;
	}
	ui_move(u, act == UI_ACT_DOWN ? 1 : act == UI_ACT_UP ? -1 :
		   act == UI_ACT_PGDN ? page : act == UI_ACT_PGUP ? -page :
		   act == UI_ACT_TOP ? -big : big);
}

/* ---- actions -------------------------------------------------------------- */

bool
ui_filtered(const struct ui *u)
{
	return (u->find != NULL && *u->find != '\0') || u->ninc > 0 || u->nexc > 0 ||
	       u->nfeed_inc > 0 || u->starred_only;
}

/* Esc or q on a filtered list: every article again (search, tags, feeds,
 * the starred view), before q would quit. */
static void
ui_clear_filter(struct ui *u)
{
	free(u->find);
	u->find = NULL;
	ui_clear_set(&u->inc, &u->ninc);
	ui_clear_set(&u->exc, &u->nexc);
	ui_clear_set(&u->feed_inc, &u->nfeed_inc);
	u->starred_only = false;
	ui_search_changed(u); /* stops the body scan, and requeries */
	ui_message(u, false, "Filter cleared: every article shown");
}

static void
ui_back(struct ui *u)
{
	if (u->zoom)
		u->zoom = false;
	else if (u->open)
		ui_close_reader(u);
	else if (ui_filtered(u))
		ui_clear_filter(u);
	else if (u->p->kiosk)
		ui_message(u, true, "quit: disabled in kiosk mode");
	else
		u->quit = true;
}

static void
ui_act(struct ui *u, enum ui_action act)
{
	struct article *cur = u->open ? u->open : (u->sel < u->view.len ? u->view.items[u->sel] : NULL);
	const char *denied = u->p->kiosk ? ui_keys_kiosk_denied(act) : NULL;

	if (denied != NULL) {
		ui_message(u, true, "%s: disabled in kiosk mode", denied);
		return;
	}
	switch (act) {
	case UI_ACT_DOWN: case UI_ACT_UP: case UI_ACT_PGDN: case UI_ACT_PGUP:
	case UI_ACT_TOP: case UI_ACT_BOTTOM:
		ui_motion(u, act);
		break;
	case UI_ACT_OPEN:
		if (u->nnumber) {
			ui_open_number(u, u->number);
			u->nnumber = 0;
			u->number[0] = '\0';
		} else if (!ui_reader_focused(u)) {
			ui_open(u, u->sel);
		}
		break;
	case UI_ACT_BACK:
		ui_back(u);
		break;
	case UI_ACT_QUIT:
		u->quit = true;
		break;
	case UI_ACT_NEXT:
	case UI_ACT_PREV:
		ui_move(u, act == UI_ACT_NEXT ? 1 : -1);
		if (u->open)
			ui_open(u, u->sel);
		break;
	case UI_ACT_FOCUS:
		u->focus_reader = u->open && !u->focus_reader;
		break;
	case UI_ACT_ZOOM:
		u->zoom = !u->zoom;
		if (u->open)
			ui_render_open(u, true);
		break;
	case UI_ACT_DENSITY:
		u->compact = !u->compact;
		break;
	case UI_ACT_TAGS:
	case UI_ACT_ARTICLE_TAGS:
		free(u->tag_find);
		u->tag_find = NULL;
		u->tag_sel = 0;
		u->tag_top = 0;
		ui_load_tags(u, act == UI_ACT_ARTICLE_TAGS ? cur : NULL);
		ui_pane_open(u, &ui_pane_tags);
		break;
	case UI_ACT_CLEAR_TAGS:
		ui_clear_set(&u->inc, &u->ninc);
		ui_clear_set(&u->exc, &u->nexc);
		ui_requery(u);
		break;
	case UI_ACT_SEARCH:
		ui_start_prompt(u, UI_PROMPT_SEARCH);
		break;
	case UI_ACT_GOTO:
		ui_start_prompt(u, UI_PROMPT_GOTO);
		break;
	case UI_ACT_LINK:
		/* Said at once, not after a number was typed for nothing. */
		if (u->open == NULL)
			ui_message(u, true, "Open an article first");
		else if (u->doc.nlinks == 0)
			ui_message(u, true, "This article has no links");
		else
			ui_start_prompt(u, UI_PROMPT_LINK);
		break;
	case UI_ACT_REFRESH:
		ui_start_refresh(u, false);
		break;
	case UI_ACT_BROWSER:
		if (cur)
			ui_open_link(u, cur->link);
		break;
	case UI_ACT_TOGGLE_READ:
		if (cur)
			ui_mark(u, cur, !cur->read, cur->starred);
		break;
	case UI_ACT_STAR:
		if (cur)
			ui_mark(u, cur, cur->read, !cur->starred);
		break;
	case UI_ACT_FEEDS:
		u->feed_sel = u->feed_top = 0;
		ui_load_feeds(u);
		ui_pane_open(u, &ui_pane_feeds);
		break;
	case UI_ACT_ERRORS:
		if (u->nerrors == 0) {
			ui_message(u, false, "No feed errors");
			break;
		}
		u->error_sel = u->error_top = 0;
		ui_pane_open(u, &ui_pane_errors);
		break;
	case UI_ACT_ENCLOSURE:
		if (u->open && u->open->nenclosures == 1)
			ui_play(u, "1"); /* nothing to choose */
		else if (u->open && u->open->nenclosures > 1)
			ui_start_prompt(u, UI_PROMPT_ENCLOSURE);
		else
			ui_message(u, true, u->open ? "This article has no enclosures" :
					    "Open an article first");
		break;
	case UI_ACT_FORCE_REFRESH:
		ui_start_refresh(u, true);
		break;
	case UI_ACT_PIPE:
		ui_export_start_pipe(u);
		break;
	case UI_ACT_SAVE:
		ui_export_start_save(u);
		break;
	case UI_ACT_COPY:
		if (cur)
			ui_export_copy(u, cur);
		break;
	case UI_ACT_STARRED_VIEW:
		u->starred_only = !u->starred_only;
		ui_requery(u);
		break;
	case UI_ACT_HELP:
		u->help_top = 0;
		ui_pane_open(u, &ui_pane_help);
		break;
	case UI_ACT_NONE:
		break;
	}
}

static void
ui_mouse(struct ui *u, const struct term_event *ev)
{
	const struct ui_rect *l = &u->lay.list, *r = &u->lay.reader;
	bool in_list = u->lay.show_list && ev->y >= l->y && ev->y < l->y + l->h &&
		       ev->x >= l->x && ev->x < l->x + l->w;
	bool in_reader = u->lay.show_reader && ev->y >= r->y && ev->y < r->y + r->h &&
			 ev->x >= r->x && ev->x < r->x + r->w;
	int per = ui_layout_item_rows(u->compact, l->h);

	if (ev->mouse == TERM_MOUSE_CLICK && in_list) {
		size_t i = u->top + (size_t)((ev->y - l->y) / per);
		if (i < u->view.len)
			ui_open(u, i);
	} else if (ev->mouse == TERM_MOUSE_CLICK && in_reader) {
		u->focus_reader = true;
	} else if (in_reader) {
		ui_scroll_reader(u, ev->mouse == TERM_MOUSE_WHEEL_UP ? -3 : 3);
	} else if (in_list) {
		ui_move(u, ev->mouse == TERM_MOUSE_WHEEL_UP ? -3 : 3);
	}
}

static void
ui_number_key(struct ui *u, const struct term_event *ev)
{
	if (ev->type == TERM_EV_CHAR && ev->ch >= '0' && ev->ch <= '9') {
		if (u->nnumber + 1 < sizeof(u->number)) {
			u->number[u->nnumber++] = (char)ev->ch;
			u->number[u->nnumber] = '\0';
		}
	} else if (ev->type == TERM_EV_KEY && ev->key == TERM_KEY_BACKSPACE) {
		u->number[--u->nnumber] = '\0';
	} else if (ev->type == TERM_EV_KEY && ev->key == TERM_KEY_ESC) {
		u->nnumber = 0;
		u->number[0] = '\0';
	} else {
		ui_act(u, UI_ACT_OPEN); /* Enter: ui_key sends nothing else here */
	}
}

/* Keys that edit or finish a number being typed. */
static bool
ui_is_number_key(const struct term_event *ev)
{
	if (ev->type == TERM_EV_CHAR)
		return ev->ch >= '0' && ev->ch <= '9';
	return ev->type == TERM_EV_KEY && (ev->key == TERM_KEY_BACKSPACE ||
					   ev->key == TERM_KEY_ESC || ev->key == TERM_KEY_ENTER);
}

/* The top pane takes the event, else the list and the reader do. */
static void
ui_key(struct ui *u, const struct term_event *ev)
{
	const struct ui_pane *p = ui_pane_top(u);

	free(u->message);
	u->message = NULL;
	if (p != NULL) {
		if (ev->type != TERM_EV_MOUSE)
			p->key(u, ev);
		else if (p->mouse != NULL)
			p->mouse(u, ev);
		return;
	}
	if (ev->type == TERM_EV_MOUSE) {
		ui_mouse(u, ev);
		return;
	}
	if ((u->nnumber && ui_is_number_key(ev)) ||
	    (ev->type == TERM_EV_CHAR && ev->ch >= '0' && ev->ch <= '9')) {
		ui_number_key(u, ev);
		return;
	}
	/* Any other key abandons a half-typed number. */
	u->nnumber = 0;
	u->number[0] = '\0';
	/* Esc steps back like q but never quits. */
	if (ev->type == TERM_EV_KEY && ev->key == TERM_KEY_ESC) {
		if (u->zoom || u->open || ui_filtered(u))
			ui_back(u);
		return;
	}
	ui_act(u, ui_keys_lookup(u, ev->type == TERM_EV_CHAR, ev->type == TERM_EV_CHAR ?
				 (int)ev->ch : ev->key));
}

/* ---- unattended screens: --idle-reset and --cycle ------------------------- */

/* --idle-reset: back to what the launching script chose (its filters,
 * --open N or the list, the first row), whatever was open on top. */
static void
ui_reset_view(struct ui *u)
{
	const struct plan *o = u->p;
	size_t i;
	char digits[32];

	ui_pane_close_all(u);
	free(u->find_before);
	free(u->tag_find);
	free(u->find);
	u->find_before = u->tag_find = u->find = NULL;
	u->nnumber = 0;
	u->number[0] = '\0';
	ui_clear_set(&u->inc, &u->ninc);
	ui_clear_set(&u->exc, &u->nexc);
	ui_clear_set(&u->feed_inc, &u->nfeed_inc);
	for (i = 0; i < o->ntags; i++)
		ui_toggle(&u->inc, &u->ninc, o->tags[i]);
	if (o->find && *o->find)
		u->find = strdup(o->find);
	u->all_tags = u->starred_only = false;
	u->compact = o->compact;
	ui_close_reader(u);
	ui_search_changed(u);
	u->sel = u->top = 0;
	if (o->open_n > 0 && u->pending_open == 0) {
		snprintf(digits, sizeof(digits), "%ld", o->open_n);
		ui_open_number(u, digits);
	}
}

/* --cycle: the article after the open one (the selected one when none is
 * open), wrapping round. */
static void
ui_cycle(struct ui *u)
{
	size_t i = u->sel;

	if (u->view.len == 0 || ui_pane_top(u) != NULL)
		return;
	if (u->open != NULL) {
		for (i = 0; i < u->view.len && u->view.items[i] != u->open; i++)
			;
		i = i < u->view.len ? i + 1 : u->sel;
	}
	ui_show(u, i < u->view.len ? i : 0, false);
}

static void
ui_timers(struct ui *u)
{
	long long now = date_monotonic_ms();

	if (u->p->idle_reset_secs > 0 && !u->idle_done &&
	    now - u->last_key_ms >= u->p->idle_reset_secs * 1000) {
		u->idle_done = true;
		ui_reset_view(u);
	}
	if (u->p->cycle_secs > 0 && now >= u->next_cycle_ms) {
		u->next_cycle_ms = now + u->p->cycle_secs * 1000;
		ui_cycle(u);
	}
}

/* Someone is at the keyboard: no reset until they leave, no cycling for a
 * minute (or the cycle's own interval, when longer). */
static void
ui_key_pressed(struct ui *u)
{
	long long pause = u->p->cycle_secs > 60 ? u->p->cycle_secs : 60;

	u->last_key_ms = date_monotonic_ms();
	u->idle_done = false;
	u->next_cycle_ms = u->last_key_ms + pause * 1000;
}

/* ---- set-up and the loop -------------------------------------------------- */

static int
ui_init(struct ui *u, const struct plan *o, struct store *store, bool cache_readonly,
	char **cause)
{
	size_t i;

	memset(u, 0, sizeof(*u));
	u->p = o;
	u->store = store;
	u->cache_readonly = cache_readonly;
	u->pending_open = o->open_n;
	u->multi_feed_stale = true;
	u->compact = o->compact;
	u->date_width = ui_layout_date_width(o->date_format);
	if (ui_keys_bind(u, o->bindings, o->nbindings) != LDN_OK)
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	buf_init(&u->input, UI_PROMPT_MAX);
	for (i = 0; i < o->ntags; i++)
		ui_toggle(&u->inc, &u->ninc, o->tags[i]);
	if (o->find && *o->find)
		u->find = strdup(o->find);
	if (cache_readonly && !o->kiosk)
		u->last_error = strdup("the cache cannot be written: showing it without refreshing");
	u->started = time(NULL);
	u->last_key_ms = date_monotonic_ms();
	u->idle_done = true; /* the starting view needs no reset */
	u->next_cycle_ms = u->last_key_ms + o->cycle_secs * 1000;
	/* The worker opens the cache's file again, on its own thread. */
	if (refresh_new(&u->refresh, o, store ? store_path(store) : NULL, cache_readonly) !=
	    LDN_OK)
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	return LDN_OK;
}

static void
ui_fini(struct ui *u)
{
	refresh_free(u->refresh);
	render_doc_free(&u->doc);
	query_view_free(&u->view);
	article_list_free(&u->all);
	article_list_free(&u->dropped);
	ui_clear_set(&u->inc, &u->ninc);
	ui_clear_set(&u->exc, &u->nexc);
	free(u->find);
	free(u->body_hit);
	free(u->find_before);
	free(u->tag_find);
	config_argv_free(u->pipe_last);
	free(u->tags);
	free(u->tag_counts);
	free(u->custom);
	free(u->feeds);
	ui_clear_set(&u->feed_inc, &u->nfeed_inc);
	ui_errors_free(u);
	query_index_free(&u->index);
	free(u->message);
	free(u->last_error);
	free(u->feed_title);
	free(u->feed_tagline);
	buf_free(&u->input);
}

/*
 * With a large cache the whole list takes a while to load (on the worker);
 * the first screenful, read here in view order, shows meanwhile. Only when
 * no filter is asked for: its numbers are then the full list's.
 */
static void
ui_first_screen(struct ui *u)
{
	const struct plan *o = u->p;
	char *cause = NULL;
	int rows, cols;

	if (u->store == NULL || o->ntags > 0 || (o->find && *o->find) || o->open_n > 0)
		return;
	term_size(&rows, &cols);
	if (store_load_head(u->store, o->srcs, o->nsrcs, rows > 0 ? (size_t)rows : 24,
			    &u->all, &cause) != LDN_OK) {
		free(cause);
		article_list_free(&u->all);
		return;
	}
	if (source_apply(o->sources, o->nsources, &u->all) != LDN_OK) {
		article_list_free(&u->all);
		return;
	}
	u->partial = u->all.len > 0;
	u->unread_stale = true;
	u->index_stale = true;
	query_sort(&u->all);
	ui_requery(u);
}

int
ui_theme_check(const char *element, char **cause)
{
	if (term_style_by_name(element) < 0)
		return ldn_cause(cause, LDN_EUSAGE, "unknown element '%s' (one of normal, masthead, "
				 "date, number, unread, read, dim, tag, selected, title, standfirst, "
				 "meta, heading, quote, pre, link, section, border, status, error, prompt)",
				 element);
	return LDN_OK;
}

/* The config's colours, over the default theme, before curses starts. */
static void
ui_theme(const struct plan *o)
{
	size_t i;
	int st;

	/* CONFIG_ATTR_* have TERM_A_*'s values, so the bits pass through. */
	for (i = 0; i < o->ncolors; i++)
		if ((st = term_style_by_name(o->colors[i].element)) >= 0)
			term_style_set((enum term_style)st,
				       o->colors[i].fg == CONFIG_COLOR_UNSET ? TERM_UNSET : o->colors[i].fg,
				       o->colors[i].bg == CONFIG_COLOR_UNSET ? TERM_UNSET : o->colors[i].bg,
				       o->colors[i].attrs);
}

static void
ui_signals(bool kiosk)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = ui_on_signal;
	sigemptyset(&sa.sa_mask);
	/* Installed before curses starts, so ncurses leaves them to us. */
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	if (kiosk) {
		/* Only the launching script ends a kiosk. ncurses installs its
		 * own SIGTSTP handler only over the default one, so ignoring it
		 * here, before curses starts, keeps it ignored. */
		sa.sa_handler = SIG_IGN;
		sigaction(SIGQUIT, &sa, NULL);
		sigaction(SIGTSTP, &sa, NULL);
	}
	sigaction(SIGINT, &sa, NULL);
}

static void
ui_layout(struct ui *u)
{
	int rows, cols;
	size_t old = u->doc_width;

	term_size(&rows, &cols);
	ui_layout_compute(&u->lay, rows, cols, u->open != NULL, u->zoom, u->focus_reader);
	if (u->open && !u->lay.too_small && ui_reader_width(u) != old)
		ui_render_open(u, true);
}

#ifdef LDN_FRAME_TIMING
static double
ui_ms(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) * 1e3 + (double)(b->tv_nsec - a->tv_nsec) / 1e6;
}

/*
 * Benchmark builds only (-Dframe_timing=true): a key's handling and the
 * redraw it causes, measured in the process, one line each on stderr.
 */
static void
ui_timed_key(struct ui *u, const struct term_event *ev)
{
	struct timespec a, b, c;

	clock_gettime(CLOCK_MONOTONIC, &a);
	ui_key(u, ev);
	clock_gettime(CLOCK_MONOTONIC, &b);
	ui_layout(u);
	ui_draw(u);
	clock_gettime(CLOCK_MONOTONIC, &c);
	fprintf(stderr, "frame key=%d/%u handle_ms=%.3f draw_ms=%.3f\n", (int)ev->type,
		ev->type == TERM_EV_CHAR ? ev->ch : (unsigned)ev->key, ui_ms(&a, &b), ui_ms(&b, &c));
}

/*
 * The first screen drawn: how long since the process started, when the
 * benchmark says when that was (LDN_FRAME_T0: CLOCK_MONOTONIC nanoseconds
 * taken just before exec), and how many articles it showed.
 */
static void
ui_timed_first(const struct ui *u)
{
	const char *t0 = getenv("LDN_FRAME_T0");
	struct timespec now, start;
	long long ns;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (t0 == NULL || (ns = strtoll(t0, NULL, 10)) <= 0)
		return;
	start.tv_sec = (time_t)(ns / 1000000000);
	start.tv_nsec = (long)(ns % 1000000000);
	fprintf(stderr, "first_frame since_exec_ms=%.3f rows=%zu\n", ui_ms(&start, &now),
		u->view.len);
}
#endif

/*
 * Typing into a prompt: the keys already waiting (a paste is thousands)
 * are taken now, up to UI_TYPING_MS, and the search runs once for all of
 * them, so each frame costs one search, not one a character.
 */
static void
ui_drain_typing(struct ui *u)
{
	long long until = date_monotonic_ms() + UI_TYPING_MS;
	struct term_event ev;

	/* While a prompt is open: past its length a key changes nothing, and
	 * a frame a key would be the freeze. */
	while (ui_pane_is_open(u, &ui_pane_prompt) && !u->quit &&
	       date_monotonic_ms() < until) {
		term_event(&ev, 0);
		if (ev.type == TERM_EV_NONE)
			break;
		if (ev.type != TERM_EV_RESIZE)
			ui_key(u, &ev);
	}
	ui_prompt_apply(u);
}

int
ui_run(const struct plan *o, struct store *store, bool cache_readonly, char **cause)
{
	struct ui u;
	struct term_event ev;
	int st;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return ldn_cause(cause, LDN_EUSAGE,
				 "the reader needs a terminal; use --list or --show in scripts");
	st = ui_init(&u, o, store, cache_readonly, cause);
	if (st != LDN_OK) {
		ui_fini(&u);
		return st;
	}
	ui_signals(o->kiosk);
	ui_theme(o);
	if (term_init(o->kiosk) != 0) {
		ui_fini(&u);
		return ldn_cause(cause, LDN_EIO, "cannot start the terminal (is TERM set?)");
	}
	ui_first_screen(&u);
	/* The first screen is drawn before the refresh worker starts: its
	 * start (a thread, the cache opened again, transfers set up) would
	 * delay that screen (bench/README.md). */
	ui_layout(&u);
	ui_draw(&u);
#ifdef LDN_FRAME_TIMING
	ui_timed_first(&u);
#endif
	ui_start_refresh(&u, false);
	while (!u.quit && !ui_signalled) {
		ui_poll_refresh(&u);
		if (u.next_refresh && time(NULL) >= u.next_refresh && !u.loading) {
			u.next_refresh = 0;
			ui_start_refresh(&u, false);
		}
		ui_timers(&u);
		ui_layout(&u);
		ui_draw(&u);
		if (!u.scanning)
			term_sync_idle();
		/* While bodies are being searched, only peek for keys. */
		term_event(&ev, u.scanning ? 0 : UI_TICK_MS);
		if (ev.type == TERM_EV_NONE && u.scanning)
			ui_scan_step(&u, UI_SCAN_MS);
		if (ev.type == TERM_EV_NONE || ev.type == TERM_EV_RESIZE)
			continue;
		ui_key_pressed(&u);
#ifdef LDN_FRAME_TIMING
		ui_timed_key(&u, &ev);
#else
		ui_key(&u, &ev);
#endif
		ui_drain_typing(&u);
	}
	term_end();
	ui_fini(&u);
	return LDN_OK;
}
