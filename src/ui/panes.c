/*
 * panes.c - what opens over the list and the reader: the table of panes
 * (help, prompt, tags, feeds, errors), the stack of open ones, and the
 * keys of the tag pane (t, #), the feed pane (F), the feed error list (E)
 * and the help (?). Runs on the reader's thread, like all of src/ui.
 *
 * Choosing in a pane changes the filter and re-runs the query through
 * ui_requery(). The panes' rows are counts of the cache, so they are
 * dropped whenever it changes (ui_tags_stale, ui_feeds_stale). draw.c paints the panes; the prompt's keys are in ui.c
 * with the searches they drive.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "term.h"
#include "text.h"
#include "ui_priv.h"

static void ui_help_key(struct ui *u, const struct term_event *ev);
static void ui_tags_key(struct ui *u, const struct term_event *ev);
static void ui_feeds_key(struct ui *u, const struct term_event *ev);
static void ui_errors_key(struct ui *u, const struct term_event *ev);
static void ui_pane_click_closes(struct ui *u, const struct term_event *ev);

/* The help and the error list close on any key, a click included. */
const struct ui_pane ui_pane_help = {ui_draw_help, ui_help_key, ui_pane_click_closes, NULL};
const struct ui_pane ui_pane_prompt = {NULL, ui_prompt_key, NULL, ui_prompt_close};
const struct ui_pane ui_pane_tags = {ui_draw_tags, ui_tags_key, NULL, NULL};
const struct ui_pane ui_pane_feeds = {ui_draw_feeds, ui_feeds_key, NULL, NULL};
const struct ui_pane ui_pane_errors = {ui_draw_errors, ui_errors_key, ui_pane_click_closes, NULL};

/* ---- the stack ------------------------------------------------------------- */

void
ui_pane_open(struct ui *u, const struct ui_pane *p)
{
	/* Full cannot happen: a pane opens only from the base or, for the
	 * prompt, from the tag pane. */
	if (ui_pane_is_open(u, p) || u->npanes == UI_PANES_MAX)
		return;
	u->panes[u->npanes++] = p;
}

void
ui_pane_close(struct ui *u, const struct ui_pane *p)
{
	const struct ui_pane *top;

	if (!ui_pane_is_open(u, p))
		return;
	do {
		top = u->panes[--u->npanes];
		if (top->close)
			top->close(u);
	} while (top != p);
}

void
ui_pane_close_all(struct ui *u)
{
	if (u->npanes)
		ui_pane_close(u, u->panes[0]);
}

bool
ui_pane_is_open(const struct ui *u, const struct ui_pane *p)
{
	size_t i;

	for (i = 0; i < u->npanes; i++)
		if (u->panes[i] == p)
			return true;
	return false;
}

const struct ui_pane *
ui_pane_top(const struct ui *u)
{
	return u->npanes ? u->panes[u->npanes - 1] : NULL;
}

static void
ui_pane_click_closes(struct ui *u, const struct term_event *ev)
{
	(void)ev;
	ui_pane_close(u, ui_pane_top(u));
}

/* ---- keys every list pane shares ------------------------------------------- */

/* Moves a pane's selection for the motion keys; false for any other key. */
bool
ui_pane_motion(const struct term_event *ev, size_t *sel, size_t n, size_t page)
{
	uint32_t c = ev->type == TERM_EV_CHAR ? ev->ch : 0;
	int k = ev->type == TERM_EV_KEY ? ev->key : 0;

	if (c == 'j' || k == TERM_KEY_DOWN)
		*sel += *sel + 1 < n;
	else if (c == 'k' || k == TERM_KEY_UP)
		*sel -= *sel > 0;
	else if (k == TERM_KEY_PGDN || c == ' ')
		*sel = *sel + page < n ? *sel + page : (n ? n - 1 : 0);
	else if (k == TERM_KEY_PGUP || c == 'b')
		*sel = *sel > page ? *sel - page : 0;
	else if (c == 'g' || k == TERM_KEY_HOME)
		*sel = 0;
	else if (c == 'G' || k == TERM_KEY_END)
		*sel = n ? n - 1 : 0;
	else
		return false;
	return true;
}

static bool
ui_closing_key(const struct term_event *ev, uint32_t own)
{
	uint32_t c = ev->type == TERM_EV_CHAR ? ev->ch : 0;

	return (ev->type == TERM_EV_KEY && ev->key == TERM_KEY_ESC) || c == 'q' || c == own;
}

static size_t
ui_pane_page(const struct ui *u)
{
	return u->lay.status.y > 4 ? (size_t)u->lay.status.y - 4 : 1;
}

/* ---- help ------------------------------------------------------------------ */

static void
ui_help_key(struct ui *u, const struct term_event *ev)
{
	size_t n;

	ui_keys_table(&n);
	if (!ui_pane_motion(ev, &u->help_top, n, 10))
		ui_pane_close(u, &ui_pane_help);
}

/* ---- tags ------------------------------------------------------------------ */

bool
ui_str_in(char **arr, size_t n, const char *s, size_t *at)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(arr[i], s) == 0) {
			if (at)
				*at = i;
			return true;
		}
	return false;
}

/* Adds s to the set, or removes it when present. */
void
ui_toggle(char ***arr, size_t *n, const char *s)
{
	size_t at;
	char **p;

	if (ui_str_in(*arr, *n, s, &at)) {
		free((*arr)[at]);
		memmove(*arr + at, *arr + at + 1, (*n - at - 1) * sizeof(**arr));
		(*n)--;
		return;
	}
	p = realloc(*arr, (*n + 1) * sizeof(*p));
	if (p == NULL)
		return;
	*arr = p;
	if ((p[*n] = strdup(s)) != NULL)
		(*n)++;
}

void
ui_clear_set(char ***arr, size_t *n)
{
	size_t i;

	for (i = 0; i < *n; i++)
		free((*arr)[i]);
	free(*arr);
	*arr = NULL;
	*n = 0;
}

/* Every tag's count, when the pane opens before the worker's counts came
 * (model_count on this thread, once). */
static int
ui_tag_counts(struct ui *u, char **cause)
{
	struct model_counts c;
	int st = model_count(u->store, u->p->srcs, u->p->nsrcs, u->p->sources, u->p->nsources,
			     &c, cause);

	if (st != LDN_OK)
		return st;
	u->tag_counts = c.tags;
	u->ntag_counts = c.ntags;
	return LDN_OK;
}

/*
 * The tag pane lists tags over all articles (or only the open one's). The
 * counts over every article come from the refresh worker after the cache
 * changed (ui_take_counts); the pane's own search and the open article's
 * subset are cheap passes over them.
 */
void
ui_load_tags(struct ui *u, const struct article *only)
{
	struct query_tag *tags;
	char *cause = NULL;
	size_t i, k = 0;

	free(u->tags);
	u->tags = NULL;
	u->ntags = 0;
	if (u->tag_counts == NULL && ui_tag_counts(u, &cause) != LDN_OK) {
		ui_message(u, true, "%s", cause ? cause : "out of memory");
		free(cause);
		return;
	}
	tags = malloc((u->ntag_counts ? u->ntag_counts : 1) * sizeof(*tags));
	if (tags == NULL)
		return;
	for (i = 0; u->tag_counts != NULL && i < u->ntag_counts; i++) {
		const struct query_tag *t = &u->tag_counts[i];
		if (only && !article_has_tag(only, t->tag))
			continue;
		if (u->tag_find && !text_contains_ci(t->tag, u->tag_find))
			continue;
		tags[k++] = *t;
	}
	u->tags = tags;
	u->ntags = k;
	if (u->tag_sel >= k)
		u->tag_sel = k ? k - 1 : 0;
}

/* New counts are coming: the pane's rows and counts go. */
void
ui_tags_stale(struct ui *u)
{
	free(u->tags);  /* they point into the counts */
	u->tags = NULL;
	u->ntags = 0;
	query_tags_free_owned(u->tag_counts, u->ntag_counts);
	u->tag_counts = NULL;
	u->ntag_counts = 0;
}

static void
ui_tags_key(struct ui *u, const struct term_event *ev)
{
	uint32_t c = ev->type == TERM_EV_CHAR ? ev->ch : 0;
	bool enter = ev->type == TERM_EV_KEY && ev->key == TERM_KEY_ENTER;
	const char *tag = u->tag_sel < u->ntags ? u->tags[u->tag_sel].tag : NULL;

	if (ui_closing_key(ev, 't')) {
		ui_pane_close(u, &ui_pane_tags);
		return;
	}
	if (c != ' ' && ui_pane_motion(ev, &u->tag_sel, u->ntags, ui_pane_page(u)))
		return;
	if (c == '/') {
		ui_start_prompt(u, UI_PROMPT_TAGFIND);
	} else if (c == 'a') {
		u->all_tags = !u->all_tags;
		ui_requery(u);
	} else if (c == 'T') {
		ui_clear_set(&u->inc, &u->ninc);
		ui_clear_set(&u->exc, &u->nexc);
		ui_requery(u);
	} else if (tag && (c == ' ' || enter)) {
		ui_toggle(&u->inc, &u->ninc, tag);
		if (ui_str_in(u->exc, u->nexc, tag, NULL))
			ui_toggle(&u->exc, &u->nexc, tag);
		ui_requery(u);
	} else if (tag && (c == 'x' || c == '-' || c == '!')) {
		ui_toggle(&u->exc, &u->nexc, tag);
		if (ui_str_in(u->inc, u->ninc, tag, NULL))
			ui_toggle(&u->inc, &u->ninc, tag);
		ui_requery(u);
	}
}

/* ---- feeds ----------------------------------------------------------------- */

static int
ui_feed_by_name(const void *x, const void *y)
{
	const struct ui_feed *a = x, *b = y;
	int c = strcasecmp(a->title, b->title);

	return c ? c : strcmp(a->url, b->url);
}

static int
ui_feed_by_unread(const void *x, const void *y)
{
	const struct ui_feed *a = x, *b = y;

	if (a->unread != b->unread)
		return a->unread > b->unread ? -1 : 1;
	return ui_feed_by_name(x, y);
}

static void
ui_feeds_free(struct ui *u)
{
	size_t i;

	for (i = 0; i < u->nfeeds; i++) {
		free(u->feeds[i].url);
		free(u->feeds[i].title);
		free(u->feeds[i].error);
	}
	free(u->feeds);
	u->feeds = NULL;
	u->nfeeds = 0;
}

/* The last failure of feed url (ui_note_error), or NULL. */
static const char *
ui_feed_error(const struct ui *u, const char *url)
{
	size_t i;

	for (i = 0; i < u->nerrors; i++)
		if (strcmp(u->errors[i].src, url) == 0)
			return u->errors[i].cause;
	return NULL;
}

static int
ui_feed_count_one(const char *url, size_t total, size_t unread, void *payload)
{
	struct ui_feed_tally *t = payload;
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strcmp(t->urls[i], url) == 0) {
			t->counts[i].total = total;
			t->counts[i].unread = unread;
		}
	return LDN_OK;
}

int
ui_feed_counts(struct ui *u, struct ui_feed_count **out, char **cause)
{
	struct ui_feed_tally t = {u->p->srcs, u->p->nsrcs, NULL};
	int st;

	*out = NULL;
	if ((t.counts = calloc(t.n ? t.n : 1, sizeof(*t.counts))) == NULL)
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	if ((st = store_feed_counts(u->store, t.urls, t.n, ui_feed_count_one, &t, cause)) !=
	    LDN_OK) {
		free(t.counts);
		return st;
	}
	*out = t.counts;
	return LDN_OK;
}

/* Row i of the pane: feed url, named as the config names it, else as
 * it names itself (the cache's feed row), else by its URL. */
static int
ui_feed_row(struct ui *u, struct ui_feed *f, const char *url, const struct ui_feed_count *c)
{
	const struct source *src = source_find(u->p->sources, u->p->nsources, url);
	const char *err = ui_feed_error(u, url);
	struct store_feed_state fs = {0};
	const char *title = url;

	if (src != NULL && src->name != NULL)
		title = src->name;
	else if (store_feed_state(u->store, url, &fs, NULL) == LDN_OK && fs.title != NULL &&
		 *fs.title != '\0')
		title = fs.title;
	f->url = strdup(url);
	f->title = strdup(title);
	store_feed_state_free(&fs);
	f->error = err != NULL ? strdup(err) : NULL;
	f->total = c->total;
	f->unread = c->unread;
	return f->url && f->title && (err == NULL || f->error) ? LDN_OK : LDN_ENOMEM;
}

/* Sorted by name, or by unread (most first) with `s` in the pane. */
static void
ui_feeds_sort(struct ui *u)
{
	if (u->feeds != NULL && u->nfeeds > 1)
		qsort(u->feeds, u->nfeeds, sizeof(*u->feeds),
		      u->feeds_by_unread ? ui_feed_by_unread : ui_feed_by_name);
}

/*
 * The feed pane lists every feed of the plan, those that failed or have
 * nothing cached too, with its unread and total counts: one grouped
 * query (ui_feed_counts), made when the pane opens and when the cache or
 * a feed's error changes while it is open.
 */
void
ui_load_feeds(struct ui *u)
{
	const struct plan *p = u->p;
	struct ui_feed_count *c = NULL;
	struct ui_feed *rows = NULL;
	char *cause = NULL;
	size_t i;
	int st;

	ui_feeds_free(u);
	st = ui_feed_counts(u, &c, &cause);
	if (st == LDN_OK && c != NULL &&
	    (rows = calloc(p->nsrcs ? p->nsrcs : 1, sizeof(*rows))) != NULL) {
		u->feeds = rows;
		for (i = 0; i < p->nsrcs && st == LDN_OK; i++) {
			u->nfeeds++;
			st = ui_feed_row(u, &rows[i], p->srcs[i], &c[i]);
		}
	} else if (st == LDN_OK) {
		st = LDN_ENOMEM;
	}
	free(c);
	if (st != LDN_OK) {
		ui_message(u, true, "%s", cause ? cause : "out of memory");
		free(cause);
		ui_feeds_free(u);
	}
	ui_feeds_sort(u);
	if (u->feed_sel >= u->nfeeds)
		u->feed_sel = u->nfeeds ? u->nfeeds - 1 : 0;
}

void
ui_panes_free(struct ui *u)
{
	free(u->tags);
	u->tags = NULL;
	u->ntags = 0;
	query_tags_free_owned(u->tag_counts, u->ntag_counts);
	u->tag_counts = NULL;
	u->ntag_counts = 0;
	ui_feeds_free(u);
}

void
ui_feeds_stale(struct ui *u)
{
	if (ui_pane_is_open(u, &ui_pane_feeds))
		ui_load_feeds(u);
	else
		ui_feeds_free(u);
}

static void
ui_feeds_key(struct ui *u, const struct term_event *ev)
{
	uint32_t c = ev->type == TERM_EV_CHAR ? ev->ch : 0;
	bool enter = ev->type == TERM_EV_KEY && ev->key == TERM_KEY_ENTER;

	if (ui_closing_key(ev, 'F')) {
		ui_pane_close(u, &ui_pane_feeds);
		return;
	}
	if (c != ' ' && ui_pane_motion(ev, &u->feed_sel, u->nfeeds, ui_pane_page(u)))
		return;
	if (c == 'c' || c == 'T') {
		ui_clear_set(&u->feed_inc, &u->nfeed_inc);
		ui_requery(u);
	} else if (c == 's') {
		u->feeds_by_unread = !u->feeds_by_unread;
		ui_feeds_sort(u);
		u->feed_sel = u->feed_top = 0;
	} else if ((c == ' ' || enter) && u->feed_sel < u->nfeeds) {
		ui_toggle(&u->feed_inc, &u->nfeed_inc, u->feeds[u->feed_sel].url);
		ui_requery(u);
	}
}

/* ---- feed errors ----------------------------------------------------------- */

/* Remembers the last failure of src (replacing an older one), or, with
 * cause NULL, forgets it: the feed worked. */
void
ui_note_error(struct ui *u, const char *src, const char *cause)
{
	size_t i;

	for (i = 0; i < u->nerrors; i++)
		if (strcmp(u->errors[i].src, src) == 0)
			break;
	if (cause == NULL) {
		if (i < u->nerrors) {
			free(u->errors[i].src);
			free(u->errors[i].cause);
			u->errors[i] = u->errors[--u->nerrors];
		}
		return;
	}
	if (i == u->nerrors) {
		struct ui_feed_error *e = realloc(u->errors, (u->nerrors + 1) * sizeof(*e));
		if (e == NULL)
			return;
		u->errors = e;
		if ((e[i].src = strdup(src)) == NULL)
			return;
		e[i].cause = NULL;
		u->nerrors++;
	}
	free(u->errors[i].cause);
	u->errors[i].cause = strdup(cause);
	u->errors[i].when = time(NULL);
}

void
ui_errors_free(struct ui *u)
{
	size_t i;

	for (i = 0; i < u->nerrors; i++) {
		free(u->errors[i].src);
		free(u->errors[i].cause);
	}
	free(u->errors);
	u->errors = NULL;
	u->nerrors = 0;
}

static void
ui_errors_key(struct ui *u, const struct term_event *ev)
{
	if (!ui_pane_motion(ev, &u->error_sel, u->nerrors, ui_pane_page(u)))
		ui_pane_close(u, &ui_pane_errors);
}
