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
 * Kiosk mode (plan.kiosk) is enforced here and in keys.c: its cache is a
 * copy in memory (marks change there only: gather_open_store), ui_launch starts nothing,
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
#include "notify.h"
#include "term.h"
#include "text.h"
#include "ui_priv.h"

#define UI_TICK_MS 250
#define UI_RELATED_MAX 5
#define UI_TYPING_MS 8 /* keys waiting taken at once, before a frame */

static volatile sig_atomic_t ui_signalled;

static void
ui_on_signal(int sig)
{
	ui_signalled = sig;
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

#define UI_FILL_MS 8    /* finding rows, at a filter change: within a frame */
#define UI_FILL_MORE_MS 8 /* then between keys, a slice at a time */

/* The cache could not be read: said where a refresh's failure is, in the
 * status line, until the next refresh. */
static void
ui_cache_error(struct ui *u, char *cause)
{
	char line[1024];

	snprintf(line, sizeof(line), "cache: %s", cause ? cause : "cannot read it");
	free(u->last_error);
	u->last_error = strdup(line);
	free(cause);
	/* Nothing of it is shown: no counts, and the refresh round (if one
	 * runs) counts as failed. */
	u->cache_failed = true;
	u->total = u->unread = 0;
}

size_t
ui_rows(const struct ui *u)
{
	return model_rows(u->m);
}

const struct article *
ui_row(struct ui *u, size_t i)
{
	const struct article *a = NULL;
	char *cause = NULL;

	if (model_article(u->m, i, &a, &cause) != LDN_OK)
		ui_cache_error(u, cause);
	return a;
}

/* Rows the screen needs found: down to the last one shown and the
 * selection; with `all`, every row (a number typed, the last row). */
static size_t
ui_rows_needed(const struct ui *u)
{
	int rows, cols;

	term_size(&rows, &cols);
	return (u->top > u->sel ? u->top : u->sel) + (rows > 0 ? (size_t)rows : 24) + 1;
}

/* The selection on the row of u->want_id once it is found; or, the view
 * complete without it, where it was (clamped). */
static void
ui_settle_selection(struct ui *u)
{
	size_t n = model_rows(u->m), at;

	if (u->want_id != 0 && (at = model_find(u->m, u->want_id)) != SIZE_MAX) {
		u->sel = at;
		u->want_id = 0;
	} else if (u->want_id != 0 && model_complete(u->m)) {
		u->want_id = 0;
	}
	if (u->sel >= n && (model_complete(u->m) || u->want_id == 0))
		u->sel = n ? n - 1 : 0;
}

/* Reads on for rows up to `rows` within budget_ms (the view grows between
 * keys: ui_run's loop). */
static void
ui_fill(struct ui *u, size_t rows, long budget_ms)
{
	char *cause = NULL;

	if (model_fill(u->m, rows, budget_ms, &cause) != LDN_OK)
		ui_cache_error(u, cause);
	ui_settle_selection(u);
}

/* The view's feeds: the feed filter's, else every feed of the plan. */
static void
ui_filter_of(const struct ui *u, struct model_filter *f)
{
	*f = (struct model_filter){
		.feeds = u->nfeed_inc ? (const char *const *)u->feed_inc : u->p->srcs,
		.nfeeds = u->nfeed_inc ? u->nfeed_inc : u->p->nsrcs,
		.tags = (const char *const *)u->inc, .ntags = u->ninc, .all_tags = u->all_tags,
		.exclude = (const char *const *)u->exc, .nexclude = u->nexc,
		.starred_only = u->starred_only, .unread_only = u->unread_only, .find = u->find,
		.also = u->hits, .nalso = u->nhits,
		.sources = u->p->sources, .nsources = u->p->nsources,
		.ignore = u->p->ignore, .nignore = u->p->nignore,
	};
}

/*
 * The filter changed (or the cache did): the view starts again, and a
 * screenful is found at once; the rest between keys. The selection stays
 * on the same article when it is still shown.
 */
void
ui_requery(struct ui *u)
{
	struct model_filter f;

	if (u->want_id == 0 && u->sel < model_rows(u->m))
		u->want_id = model_id(u->m, u->sel);
	ui_filter_of(u, &f);
	if (model_set_filter(u->m, &f) != LDN_OK) {
		ui_message(u, true, "out of memory");
		return;
	}
	ui_fill(u, u->want_id != 0 ? SIZE_MAX : ui_rows_needed(u), UI_FILL_MS);
}

/* The newest article of the plan's feeds (the masthead's edition date
 * and notify's title): the first row of the whole cache in view order. */
static void
ui_newest(struct ui *u)
{
	const struct plan *p = u->p;
	struct store_stream *ss = NULL;
	struct article *a = NULL;
	char *cause = NULL;
	int st;

	u->newest = 0;
	free(u->newest_title);
	u->newest_title = NULL;
	if ((st = store_stream_open(&ss, u->store, p->srcs, p->nsrcs, &cause)) == LDN_OK &&
	    (st = store_stream_next(ss, &a, &cause)) == LDN_OK && a != NULL) {
		u->newest = a->has_published ? a->published : 0;
		u->newest_title = strdup(a->title);
	}
	article_free(a);
	store_stream_free(ss);
	if (st != LDN_OK)
		ui_cache_error(u, cause);
}

/* The counts of the whole cache, from the worker (refresh.h): it counts
 * after every change, and the tag pane's counts come with them. */
static void
ui_take_counts(struct ui *u, struct model_counts *c)
{
	u->counted = true;
	if (u->cache_failed) /* what cannot be read is not counted */
		return;
	u->total = c->total;
	u->unread = c->unread;
	u->multi_feed = c->multi_feed;
	ui_tags_stale(u);
	u->tag_counts = c->tags;
	u->ntag_counts = c->ntags;
	c->tags = NULL;
	c->ntags = 0;
	if (ui_pane_is_open(u, &ui_pane_tags))
		ui_load_tags(u, NULL);
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

/*
 * Related articles are found among the rows read around the open one
 * (the model's window, the rows a reader is at): a view of a million rows
 * is not walked to open an article. Over a view that fits the window
 * (MODEL_WINDOW rows) that is the whole view, as --show N gives it.
 */
#define UI_RELATED_SPAN 64

size_t
ui_related(struct ui *u, const struct article *a, struct render_related *rel, size_t max)
{
	struct query_related r;
	size_t pos = model_find(u->m, a->store_id), first, last, i, n = 0;
	const struct article *b;

	if (max > UI_RELATED_MAX)
		max = UI_RELATED_MAX;
	if (pos == SIZE_MAX)
		return 0;
	first = pos > UI_RELATED_SPAN ? pos - UI_RELATED_SPAN : 0;
	last = pos + UI_RELATED_SPAN < model_rows(u->m) ? pos + UI_RELATED_SPAN :
	    model_rows(u->m);
	query_related_init(&r, a, pos, max);
	for (i = first; i < last; i++)
		if (i != pos && (b = ui_row(u, i)) != NULL)
			(void)query_related_offer(&r, b, i, NULL);
	/* The titles, read again (the offers kept positions only) and
	 * copied: reading a row may move the window. */
	for (i = 0; i < r.n && n < max; i++)
		if ((b = ui_row(u, r.pos[i])) != NULL && (rel[n].title = strdup(b->title)) != NULL)
			rel[n++].n = r.pos[i] + 1;
	return n;
}

void
ui_related_free(struct render_related *rel, size_t n)
{
	while (n > 0)
		free((char *)(uintptr_t)rel[--n].title);
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
	i = ui_fulltext_render(u, &doc, rel, n, u->doc_width);
	ui_related_free(rel, n);
	if (i != LDN_OK) {
		render_doc_free(&doc);
		ui_message(u, true, "out of memory rendering the article");
		return;
	}
	render_doc_free(&u->doc);
	u->doc = doc;
	u->doc_top = keep_place ? ui_doc_paragraph_line(&u->doc, para) : 0;
}

/* Sets an article's marks in the cache (a read-only one keeps none),
 * and on the open article's copy; the count of unread follows. */
static void
ui_mark(struct ui *u, const struct article *a, bool read, bool starred)
{
	long long id = a->store_id;
	bool was_read = a->read;
	char *cause = NULL;
	int st = LDN_OK;

	if (id == 0 || u->cache_readonly)
		return;
	if (a->read != read)
		st = store_set_read(u->store, id, read, &cause);
	if (st == LDN_OK && a->starred != starred)
		st = store_set_starred(u->store, id, starred, &cause);
	if (st != LDN_OK) {
		ui_message(u, true, "%s", cause ? cause : "cannot save the mark");
		free(cause);
		return;
	}
	/* a may be the model's: read nothing of it past here. */
	if (was_read && !read)
		u->unread++;
	else if (!was_read && read && u->unread > 0)
		u->unread--;
	if (u->open != NULL && u->open->store_id == id) {
		u->open->read = read;
		u->open->starred = starred;
	}
	model_forget_window(u->m);
}

/* Article `id` with its body, as the reader shows it (the caller frees);
 * NULL with a message when it cannot be read. */
static struct article *
ui_load_open(struct ui *u, long long id)
{
	const struct source *src;
	struct article *a = NULL;
	char *cause = NULL;
	int st = store_load_ids(u->store, &id, 1, &a, &cause);

	if (st == LDN_OK && a == NULL)
		st = ldn_cause(&cause, LDN_ENOTFOUND, "the article is no longer cached");
	if (st == LDN_OK)
		st = store_load_content(u->store, a, &cause);
	if (st == LDN_OK && a != NULL &&
	    (src = source_find(u->p->sources, u->p->nsources, a->feed_url)) &&
	    source_lays(src) && source_apply_one(src, a) != LDN_OK)
		st = ldn_cause(&cause, LDN_ENOMEM, "out of memory");
	if (st != LDN_OK) {
		ui_message(u, true, "%s", cause ? cause : "cannot read the article");
		free(cause);
		article_free(a);
		return NULL;
	}
	return a;
}

/* Opens row i of the view, marked read when mark_read: someone chose
 * it (--cycle shows articles nobody chose, so a wall keeps its marks). */
static void
ui_show(struct ui *u, size_t i, bool mark_read)
{
	const struct article *row = ui_row(u, i);
	struct article *a;

	if (row == NULL || (a = ui_load_open(u, row->store_id)) == NULL)
		return;
	article_free(u->open);
	u->open = a;
	u->sel = i;
	if (mark_read)
		ui_mark(u, a, true, a->starred);
	u->focus_reader = true;
	ui_render_open(u, false);
	if (ui_fulltext_opened(u))
		ui_render_open(u, false);
}

static void
ui_open(struct ui *u, size_t i)
{
	ui_show(u, i, true);
}

/* Every row found, within a pause a user allows for a key (a number,
 * the last row); whether the view is complete. */
#define UI_FILL_ALL_MS 500

static void
ui_open_number(struct ui *u, const char *digits)
{
	char *end;
	unsigned long n = strtoul(digits, &end, 10);
	const char *sofar;

	if (*digits != '\0' && *end == '\0' && n >= 1)
		ui_fill(u, n, UI_FILL_ALL_MS);
	sofar = model_complete(u->m) ? "" : " so far";
	if (*digits == '\0')
		ui_message(u, true, "Type a number, then Enter (the list has 1-%zu%s)", ui_rows(u),
			   sofar);
	else if (*end != '\0' || n < 1 || n > ui_rows(u))
		ui_message(u, true, "No article %s (the list has 1-%zu%s)", digits, ui_rows(u),
			   sofar);
	else
		ui_open(u, (size_t)n - 1);
}

static void
ui_close_reader(struct ui *u)
{
	article_free(u->open);
	u->open = NULL;
	u->focus_reader = false;
	u->zoom = false;
	render_doc_free(&u->doc);
	u->doc_top = 0;
}

/* ---- marks of many: A, u, n, p -------------------------------------------- */

/*
 * `n` articles of the view were marked read (or unread again, `read`
 * false): the unread count follows (the view's feeds are the plan's, so
 * it is exact, and the reader's thread counts nothing: ui_take_counts),
 * and so do the open article's mark and the feed pane's counts; the
 * unread view is found again.
 */
static void
ui_marks_changed(struct ui *u, size_t n, bool read)
{
	long long *unread = NULL;
	size_t k = 0;
	char *cause = NULL;

	if (read)
		u->unread = u->unread > n ? u->unread - n : 0;
	else
		u->unread += n;
	if (u->open != NULL) {
		if (store_unread_ids(u->store, &u->open->store_id, 1, &unread, &k, &cause) == LDN_OK)
			u->open->read = k == 0;
		else
			ui_cache_error(u, cause);
		free(unread);
	}
	ui_feeds_stale(u);
	if (u->unread_only)
		ui_requery(u);
}

/* A: every article of the view read, the rows not found yet too
 * (model_mark_all_read); what it changed is kept for u. */
static void
ui_mark_all_read(struct ui *u)
{
	long long *ids = NULL;
	size_t n = 0;
	char *cause = NULL;

	if (u->cache_readonly) {
		ui_message(u, true, "The cache cannot be written: marks are not kept");
		return;
	}
	if (model_mark_all_read(u->m, &ids, &n, &cause) != LDN_OK) {
		ui_message(u, true, "%s", cause ? cause : "cannot save the marks");
		free(cause);
		return;
	}
	if (n == 0) {
		ui_message(u, false, "Nothing to mark: every article shown is read");
		return;
	}
	free(u->undo_ids);
	u->undo_ids = ids;
	u->nundo = n;
	ui_marks_changed(u, n, true);
	ui_message(u, false, "%zu marked read (u undoes)", n);
}

/* u: the articles the last A marked read are unread again, and only
 * those (one step: a second u has nothing to undo). */
static void
ui_undo(struct ui *u)
{
	size_t n = 0;
	char *cause = NULL;

	if (u->undo_ids == NULL) {
		ui_message(u, false, "Nothing to undo (u undoes the last A)");
		return;
	}
	if (store_set_read_ids(u->store, u->undo_ids, u->nundo, false, NULL, &n, &cause) !=
	    LDN_OK) {
		ui_message(u, true, "%s", cause ? cause : "cannot save the marks");
		free(cause);
		return;
	}
	free(u->undo_ids);
	u->undo_ids = NULL;
	u->nundo = 0;
	model_forget_window(u->m);
	ui_marks_changed(u, n, false);
	ui_message(u, false, "%zu marked unread again", n);
}

/* The feed filter on `url` alone, the view found again with article
 * `keep` selected (0: from its top). */
static void
ui_show_feed(struct ui *u, const char *url, long long keep)
{
	ui_clear_set(&u->feed_inc, &u->nfeed_inc);
	ui_toggle(&u->feed_inc, &u->nfeed_inc, url);
	u->want_id = keep;
	u->top = 0;
	u->sel = ui_rows(u); /* past the rows: ui_requery keeps no other */
	ui_requery(u);
	if (keep == 0)
		u->sel = 0;
}

/*
 * n with the feed filter on one feed that has no unread article left:
 * the next feed of the plan (in the config's order, round) that has, its
 * first unread article. Whether it moved; if not, the view is as it was.
 */
static bool
ui_next_unread_feed(struct ui *u)
{
	const struct plan *p = u->p;
	struct ui_feed_count *c = NULL;
	long long keep = u->sel < ui_rows(u) ? model_id(u->m, u->sel) : 0;
	size_t at = 0, i, k, row;
	char *cause = NULL, *was;
	bool moved = false;

	if (u->nfeed_inc != 1 || p->nsrcs < 2 || (was = strdup(u->feed_inc[0])) == NULL)
		return false;
	if (ui_feed_counts(u, &c, &cause) != LDN_OK) {
		free(cause);
		free(was);
		return false;
	}
	while (at < p->nsrcs && strcmp(p->srcs[at], was) != 0)
		at++;
	for (k = 1; k < p->nsrcs && !moved; k++) {
		i = (at + k) % p->nsrcs;
		if (c[i].unread == 0 || strcmp(p->srcs[i], was) == 0)
			continue;
		/* Its unread articles may all be outside the other filters. */
		ui_show_feed(u, p->srcs[i], 0);
		if (model_next_unread(u->m, SIZE_MAX, true, &row, &cause) == LDN_OK &&
		    row != SIZE_MAX) {
			u->sel = row;
			moved = true;
		}
		free(cause);
		cause = NULL;
	}
	if (!moved && strcmp(u->feed_inc[0], was) != 0)
		ui_show_feed(u, was, keep);
	free(c);
	free(was);
	return moved;
}

/* n and p: the next unread article of the view after the open one (the
 * selected one), or before it; opened when the reader is open. */
static void
ui_next_unread(struct ui *u, bool forward)
{
	size_t from = u->sel, row, at;
	bool was_open = u->open != NULL;
	char *cause = NULL;

	if (u->open != NULL && (at = model_find(u->m, u->open->store_id)) != SIZE_MAX)
		from = at;
	if (ui_rows(u) == 0)
		from = SIZE_MAX; /* nothing found yet: from the first row */
	if (model_next_unread(u->m, from, forward, &row, &cause) != LDN_OK) {
		ui_cache_error(u, cause);
		return;
	}
	ui_settle_selection(u);
	if (row != SIZE_MAX)
		u->sel = row;
	else if (!forward || !ui_next_unread_feed(u)) {
		ui_message(u, false, "No unread article %s", forward ? "after this one" :
			   "before this one");
		return;
	}
	if (was_open)
		ui_open(u, u->sel);
}

/* ---- searching bodies ------------------------------------------------------ */

/* The search text changed: its body hits are asked again once typing
 * pauses (ui_run's loop calls ui_search_store). */
static void
ui_search_changed(struct ui *u)
{
	free(u->hits);
	u->hits = NULL;
	u->nhits = 0;
	u->scanning = u->find != NULL && *u->find != '\0';
	ui_requery(u);
}

/* Bodies are searched through the cache's full-text index, in one query
 * once typing pauses (every mode has a cache: store.h); the articles it
 * finds join the view (model_filter.also). */
static void
ui_search_store(struct ui *u)
{
	long long *ids = NULL;
	size_t n = 0;
	char *cause = NULL;

	u->scanning = false;
	if (store_search(u->store, u->find, &ids, &n, &cause) != LDN_OK) {
		ui_message(u, true, "%s", cause ? cause : "search failed");
		free(cause);
		return;
	}
	free(u->hits);
	u->hits = ids;
	u->nhits = n;
	if (n > 0)
		ui_requery(u);
}

/* ---- refresh ------------------------------------------------------------ */

/* The masthead: the first source's title and tagline, named as the
 * config names it. */
static void
ui_masthead(struct ui *u)
{
	const struct source *src;
	struct store_feed_state fs;

	if (u->p->nsrcs == 0 || store_feed_state(u->store, u->p->srcs[0], &fs, NULL) != LDN_OK)
		return;
	src = source_find(u->p->sources, u->p->nsources, u->p->srcs[0]);
	if (fs.title != NULL || (src != NULL && src->name != NULL)) {
		free(u->feed_title);
		free(u->feed_tagline);
		u->feed_title = src != NULL && src->name != NULL ? strdup(src->name) : fs.title;
		if (u->feed_title != fs.title)
			free(fs.title);
		u->feed_tagline = fs.description;
		fs.title = fs.description = NULL;
	}
	store_feed_state_free(&fs);
}

/* Whether the cache still holds article id (retention may have pruned
 * it); true when it cannot tell. */
static bool
ui_still_cached(struct ui *u, long long id)
{
	struct article *a = NULL;
	char *cause = NULL;
	bool held;

	if (store_load_ids(u->store, &id, 1, &a, &cause) != LDN_OK) {
		free(cause);
		return true;
	}
	held = a != NULL;
	article_free(a);
	return held;
}

/*
 * The cache changed: the counts, the masthead, and the view when it shows
 * one of the feeds (feeds NULL: any), with the selection kept on its
 * article; the open article stays open, its related rows read again.
 */
static void
ui_cache_changed(struct ui *u, const char *const *feeds, size_t n)
{
	long long keep = u->sel < ui_rows(u) ? model_id(u->m, u->sel) : 0;

	u->cache_failed = false;
	ui_newest(u);
	ui_masthead(u);
	ui_feeds_stale(u);
	if (feeds != NULL && !model_changed(u->m, feeds, n))
		return;
	if (u->want_id == 0)
		u->want_id = keep;
	/* Articles merged may match the search's words in their bodies. */
	if (u->find != NULL && *u->find != '\0')
		u->scanning = true;
	ui_requery(u);
	if (u->open != NULL && !ui_still_cached(u, u->open->store_id))
		ui_close_reader(u);
	else if (u->open != NULL)
		ui_render_open(u, true);
}

/* A run that could not do its work: it counts as a failed round. */
static void
ui_take_failure(struct ui *u, const struct refresh_failure *f)
{
	char line[1024];

	u->round_failed++;
	/* No counts will come: nothing is counted. */
	u->counted = true;
	snprintf(line, sizeof(line), "cache: %s", f->cause ? f->cause : "cannot load");
	free(u->last_error);
	u->last_error = strdup(line);
}

/* How one source went. */
static void
ui_take_source(struct ui *u, struct refresh_source *res)
{
	char line[1024];

	u->round_tried++;
	u->round_new += res->inserted;
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
		ui_feeds_stale(u);
		return;
	}
	ui_note_error(u, res->src, NULL);
	ui_feeds_stale(u);
	if (res->note != NULL && u->message == NULL)
		ui_message(u, false, "%s: not fetched: %s", res->src, res->note);
	if (res->warning) {
		snprintf(line, sizeof(line), "%s: %s", res->src, res->warning);
		free(u->last_error);
		u->last_error = strdup(line);
	}
}

/* One message from the worker. */
static void
ui_take_result(struct ui *u, struct refresh_result *res)
{
	switch (res->kind) {
	case REFRESH_SOURCE_DONE:
		ui_take_source(u, &res->u.source);
		break;
	case REFRESH_CHANGED:
		ui_cache_changed(u, (const char *const *)res->u.changed.feeds,
				 res->u.changed.feeds != NULL ? res->u.changed.nfeeds : 0);
		break;
	case REFRESH_COUNTS:
		ui_take_counts(u, &res->u.counts);
		break;
	case REFRESH_RUN_FAILED:
		ui_take_failure(u, &res->u.failure);
		break;
	}
}

/*
 * A refresh ended. It failed when every feed it asked failed: the articles
 * shown stay, marked stale since the last one that worked, and the next
 * try waits twice, then four times the interval, until one works again.
 */
static void
ui_refresh_done(struct ui *u)
{
	bool failed = (u->round_failed > 0 && u->round_ok == 0) || u->cache_failed;

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

/*
 * The config's notify command, when a refresh brought new articles to a
 * cache that held some (a first fill is not news): the count and the
 * newest article's title. Never in a kiosk (notify_new checks).
 */
static void
ui_notify(struct ui *u)
{
	char *cause = NULL;

	if (u->round_new == 0 || u->round_from_empty || u->p->notify == NULL)
		return;
	if (notify_new(u->p, u->round_new, u->newest_title ? u->newest_title : "",
		       &cause) != LDN_OK)
		ui_message(u, true, "%s", cause ? cause : "notify failed");
	free(cause);
}

static void
ui_poll_refresh(struct ui *u)
{
	struct refresh_result *res;

	while ((res = refresh_poll(u->refresh)) != NULL) {
		ui_take_result(u, res);
		refresh_result_free(res);
	}
	if (u->loading && !refresh_running(u->refresh, NULL, NULL)) {
		u->loading = false;
		u->last_refresh = time(NULL);
		ui_refresh_done(u);
		ui_notify(u);
		ui_fulltext_prefetch(u);
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
		u->round_ok = u->round_failed = u->round_tried = u->round_new = 0;
		u->round_from_empty = u->total == 0;
		/* What the start said of the cache (store_note, a read that
		 * failed) stays until a refresh has run. */
		if (u->last_refresh != 0 && (!u->cache_readonly || u->p->kiosk)) {
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
	/* The enclosures shown: the page's too when it is shown. */
	const struct article *a = u->open != NULL ? ui_fulltext_shown(u) : NULL;
	unsigned long n;
	char *end;

	n = strtoul(in, &end, 10);
	if (a == NULL)
		ui_message(u, true, "Open an article first");
	else if (a->nenclosures == 0)
		ui_message(u, true, "This article has no enclosures");
	else if (*in == '\0')
		ui_message(u, true, "Type a number, then Enter (the article has %zu enclosures)",
			   a->nenclosures);
	else if (*end != '\0' || n < 1 || n > a->nenclosures)
		ui_message(u, true, "No enclosure %s (the article has %zu)", in, a->nenclosures);
	else
		ui_launch(u, u->p->player ? u->p->player : u->p->browser,
			  a->enclosures[n - 1].url);
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

	/* Down past the rows found: find them first (to the end: all). */
	if (delta > 0 && (size_t)sel + 1 >= ui_rows(u))
		ui_fill(u, (size_t)sel + 1 < SIZE_MAX / 2 ? (size_t)sel + ui_rows_needed(u) : SIZE_MAX,
			delta > 1000 ? UI_FILL_ALL_MS : UI_FILL_MS);
	if (ui_rows(u) == 0)
		return;
	if (sel < 0)
		sel = 0;
	if (sel >= (long)ui_rows(u))
		sel = (long)ui_rows(u) - 1;
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
	       u->nfeed_inc > 0 || u->starred_only || u->unread_only;
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
	u->starred_only = u->unread_only = false;
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
	const struct article *cur = u->open ? u->open : u->sel < ui_rows(u) ? ui_row(u, u->sel) : NULL;
	const struct article *shown;
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
	case UI_ACT_FULLTEXT:
		if (ui_fulltext_toggle(u))
			ui_render_open(u, false);
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
		shown = u->open != NULL ? ui_fulltext_shown(u) : NULL;
		if (shown && shown->nenclosures == 1)
			ui_play(u, "1"); /* nothing to choose */
		else if (shown && shown->nenclosures > 1)
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
	case UI_ACT_UNREAD_VIEW:
		u->unread_only = !u->unread_only;
		ui_requery(u);
		break;
	case UI_ACT_NEXT_UNREAD:
	case UI_ACT_PREV_UNREAD:
		ui_next_unread(u, act == UI_ACT_NEXT_UNREAD);
		break;
	case UI_ACT_MARK_ALL_READ:
		ui_mark_all_read(u);
		break;
	case UI_ACT_UNDO:
		ui_undo(u);
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
		if (i < ui_rows(u))
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
	u->all_tags = u->starred_only = u->unread_only = false;
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

	if (ui_rows(u) == 0 || ui_pane_top(u) != NULL)
		return;
	if (u->open != NULL)
		i = (i = model_find(u->m, u->open->store_id)) != SIZE_MAX ? i + 1 : u->sel;
	if (i >= ui_rows(u))
		ui_fill(u, i + 1, UI_FILL_MS);
	ui_show(u, i < ui_rows(u) ? i : 0, false);
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
	/* How a read-only cache was read (a kiosk's copy says it too). */
	if (u->last_error == NULL && store_note(store) != NULL) {
		char line[1024];
		snprintf(line, sizeof(line), "cache: %s", store_note(store));
		u->last_error = strdup(line);
	}
	/* The worker opens the cache again, on its own thread. */
	if (model_new(&u->m, store) != LDN_OK ||
	    refresh_new(&u->refresh, o, store, cache_readonly) != LDN_OK)
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	return LDN_OK;
}

static void
ui_fini(struct ui *u)
{
	refresh_free(u->refresh);
	ui_close_reader(u);
	model_free(u->m);
	ui_clear_set(&u->inc, &u->ninc);
	ui_clear_set(&u->exc, &u->nexc);
	free(u->find);
	free(u->hits);
	free(u->undo_ids);
	free(u->find_before);
	free(u->tag_find);
	config_argv_free(u->pipe_last);
	ui_panes_free(u);
	ui_fulltext_free(u);
	free(u->custom);
	ui_clear_set(&u->feed_inc, &u->nfeed_inc);
	ui_errors_free(u);
	free(u->message);
	free(u->last_error);
	free(u->feed_title);
	free(u->feed_tagline);
	free(u->newest_title);
	buf_free(&u->input);
}

/* What the reader shows first: the cache as it is, a screenful of the
 * view found at once (the rest between keys), before any refresh. */
static void
ui_first_screen(struct ui *u)
{
	ui_newest(u);
	ui_masthead(u);
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
		ui_rows(u));
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
		bool busy;

		ui_poll_refresh(&u);
		if (ui_fulltext_poll(&u))
			ui_render_open(&u, false);
		if (u.next_refresh && time(NULL) >= u.next_refresh && !u.loading) {
			u.next_refresh = 0;
			ui_start_refresh(&u, false);
		}
		ui_timers(&u);
		ui_layout(&u);
		ui_draw(&u);
		/* While bodies are being searched, or rows of the view still
		 * found, only peek for keys: the work goes on between them. */
		busy = u.scanning || !model_complete(u.m);
		if (!busy)
			term_sync_idle();
		term_event(&ev, busy ? 0 : UI_TICK_MS);
		if (ev.type == TERM_EV_NONE && u.scanning)
			ui_search_store(&u);
		else if (ev.type == TERM_EV_NONE && !model_complete(u.m))
			ui_fill(&u, SIZE_MAX, UI_FILL_MORE_MS);
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
