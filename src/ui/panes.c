/*
 * panes.c - what opens over the list and the reader: the table of panes
 * (help, prompt, tags, feeds, errors), the stack of open ones, and the
 * keys of the tag pane (t, #), the feed pane (F), the feed error list (E)
 * and the help (?). Runs on the reader's thread, like all of src/ui.
 *
 * Choosing in a pane changes the filter and re-runs the query through
 * ui_requery(). The panes' rows borrow strings from the article list, so
 * they are dropped whenever the list changes (ui_tags_stale,
 * ui_feeds_stale). draw.c paints the panes; the prompt's keys are in ui.c
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

/* The pane's rows as a pass over the cache finds them, sorted by URL. */
struct ui_feed_rows {
	struct ui_feed *rows;
	size_t n, cap;
};

static int
ui_count_feed(const struct article *a, void *payload)
{
	struct ui_feed_rows *fr = payload;
	size_t lo = 0, hi = fr->n, mid;
	struct ui_feed *f;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if ((c = strcmp(fr->rows[mid].url, a->feed_url)) == 0) {
			fr->rows[mid].count++;
			return LDN_OK;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (fr->n == fr->cap) {
		size_t cap = fr->cap ? fr->cap * 2 : 16;
		if ((f = realloc(fr->rows, cap * sizeof(*f))) == NULL)
			return LDN_ENOMEM;
		fr->rows = f;
		fr->cap = cap;
	}
	f = &fr->rows[lo];
	memmove(f + 1, f, (fr->n - lo) * sizeof(*f));
	fr->n++;
	f->url = strdup(a->feed_url);
	f->title = strdup(*a->feed ? a->feed : a->feed_url);
	f->count = 1;
	return f->url != NULL && f->title != NULL ? LDN_OK : LDN_ENOMEM;
}

static int
ui_feed_cmp(const void *x, const void *y)
{
	const struct ui_feed *a = x, *b = y;
	int c = strcasecmp(a->title, b->title);

	return c ? c : strcmp(a->url, b->url);
}

static void
ui_feeds_free(struct ui *u)
{
	size_t i;

	for (i = 0; i < u->nfeeds; i++) {
		free(u->feeds[i].url);
		free(u->feeds[i].title);
	}
	free(u->feeds);
	u->feeds = NULL;
	u->nfeeds = 0;
}

/* The feed pane lists every feed with articles cached, with its count, by
 * title: one pass over the cache (model_scan). */
void
ui_load_feeds(struct ui *u)
{
	struct ui_feed_rows fr = {0};
	char *cause = NULL;
	int st;

	ui_feeds_free(u);
	st = model_scan(u->store, u->p->srcs, u->p->nsrcs, u->p->sources, u->p->nsources,
			ui_count_feed, &fr, &cause);
	u->feeds = fr.rows;
	u->nfeeds = fr.n;
	if (st != LDN_OK) {
		ui_message(u, true, "%s", cause ? cause : "out of memory");
		free(cause);
		ui_feeds_free(u);
	}
	if (u->nfeeds > 1)
		qsort(u->feeds, u->nfeeds, sizeof(*u->feeds), ui_feed_cmp);
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
