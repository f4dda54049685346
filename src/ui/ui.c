/*
 * ui.c - the reader's event loop and every state change: keys, prompts,
 * the tag pane, refresh results, resizing and signals.
 *
 * One loop: merge finished refresh results, lay out, draw, wait up to a
 * quarter second for a key, act. Loading happens on the refresh worker, so
 * the loop never blocks on the network. Signal handlers only set a flag;
 * the loop notices it and leaves through the one cleanup path, which
 * restores the terminal.
 */
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "launch.h"
#include "term.h"
#include "text.h"
#include "ui_priv.h"

#define UI_TICK_MS 250
#define UI_RELATED_MAX 5
#define UI_SCAN_MS 4 /* body search slice between key checks */
#define UI_SCAN_REQUERY_MS 150 /* how often body hits reach the list */

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

static void
ui_message(struct ui *u, bool error, const char *fmt, ...) LDN_PRINTF(3, 4);
static void ui_tags_stale(struct ui *u);

static void
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

static void
ui_requery(struct ui *u)
{
	struct query q = {
		.tags = (const char *const *)u->inc, .ntags = u->ninc, .all_tags = u->all_tags,
		.exclude = (const char *const *)u->exc, .nexclude = u->nexc, .find = u->find,
		.find_headlines = true, .also = ui_body_hit, .also_payload = u,
		.starred_only = u->starred_only,
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
	return l.reader.w > 2 ? (size_t)l.reader.w - 1 : 1;
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

static void
ui_render_open(struct ui *u, bool keep_place)
{
	struct render_related rel[UI_RELATED_MAX];
	size_t idx[UI_RELATED_MAX], n = 0, i, para = 0, pos;
	struct render_doc doc = {0};

	if (u->open == NULL)
		return;
	for (pos = 0; pos < u->view.len; pos++)
		if (u->view.items[pos] == u->open)
			break;
	if (pos < u->view.len)
		n = query_related(&u->view, pos, idx, UI_RELATED_MAX);
	for (i = 0; i < n; i++) {
		rel[i].n = idx[i] + 1;
		rel[i].title = u->view.items[idx[i]]->title;
	}
	/* Remember the paragraph at the top so a reflow keeps the place. */
	for (i = 0; keep_place && i < u->doc_top && i < u->doc.nlines; i++)
		if (u->doc.lines[i].text[0] == '\0')
			para++;
	u->doc_width = ui_reader_width(u);
	if (render_article(&doc, u->open, rel, n, u->doc_width) != LDN_OK) {
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

	if (u->o->store != NULL && a->store_id != 0 && !u->o->cache_readonly) {
		if (a->read != read)
			st = store_set_read(u->o->store, a->store_id, read, &cause);
		if (st == LDN_OK && a->starred != starred)
			st = store_set_starred(u->o->store, a->store_id, starred, &cause);
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

static void
ui_open(struct ui *u, size_t i)
{
	struct article *a;
	char *cause = NULL;

	if (i >= u->view.len)
		return;
	a = u->view.items[i];
	/* From the cache, bodies load when an article opens. */
	if (a->content == NULL && a->store_id != 0 && u->o->store != NULL &&
	    store_load_content(u->o->store, a, &cause) != LDN_OK) {
		ui_message(u, true, "%s", cause ? cause : "cannot read the article");
		free(cause);
	}
	u->sel = i;
	u->open = a;
	ui_mark(u, a, true, a->starred);
	u->focus_reader = true;
	ui_render_open(u, false);
}

static void
ui_open_number(struct ui *u, const char *digits)
{
	char *end;
	unsigned long n = strtoul(digits, &end, 10);

	if (*digits == '\0' || *end != '\0' || n < 1 || n > u->view.len)
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
	if (store_search(u->o->store, u->find, &ids, &n, &cause) != LDN_OK) {
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

	if (u->o->store != NULL) {
		ui_search_store(u);
		return;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	while (u->scanning && u->scan_next < u->all.len) {
		struct article *a = u->all.items[u->scan_next];
		const char *sf = a->standfirst;

		if (a->content != NULL && !text_contains_ci(a->title, u->find) &&
		    !(sf != NULL && text_contains_ci(sf, u->find))) {
			char *plain = render_plain(a->content, a->content_fmt);
			if (plain != NULL && text_contains_ci(plain, u->find)) {
				u->body_hit[u->scan_next] = 1;
				found = true;
			}
			free(plain);
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

static int
ui_key_cmp(const void *x, const void *y)
{
	const struct article *const *a = x, *const *b = y;
	int c = strcmp((*a)->feed_url, (*b)->feed_url);

	return c ? c : strcmp((*a)->id, (*b)->id);
}

/* Swaps contents so pointers held by the view and the reader stay valid. */
static void
ui_update_article(struct article *old, struct article *fresh)
{
	struct article tmp = *old;
	bool read = old->read;

	*old = *fresh;
	*fresh = tmp;
	old->read = read;
	article_free(fresh);
}

static void
ui_merge(struct ui *u, struct feed *f)
{
	struct article **index;
	size_t n = u->all.len, i;

	index = malloc((n ? n : 1) * sizeof(*index));
	if (index == NULL)
		return;
	if (n > 0) {
		memcpy(index, u->all.items, n * sizeof(*index));
		qsort(index, n, sizeof(*index), ui_key_cmp);
	}
	for (i = 0; i < f->articles.len; i++) {
		struct article *a = f->articles.items[i], **hit;

		hit = bsearch(&a, index, n, sizeof(*index), ui_key_cmp);
		f->articles.items[i] = NULL;
		if (hit)
			ui_update_article(*hit, a);
		else if (article_list_push(&u->all, a) != LDN_OK)
			article_free(a);
	}
	f->articles.len = 0;
	free(index);
}

/* Finds in sorted `index` the article with a's feed and id. */
static struct article *
ui_find_key(struct article **index, size_t n, const struct article *a)
{
	struct article **hit = bsearch(&a, index, n, sizeof(*index), ui_key_cmp);

	return hit ? *hit : NULL;
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
	struct article **index = malloc((fresh->len ? fresh->len : 1) * sizeof(*index));
	struct article *nsel = NULL, *nopen = NULL;
	struct article_list old = u->all;

	if (index == NULL)
		return;
	if (fresh->len)
		memcpy(index, fresh->items, fresh->len * sizeof(*index));
	qsort(index, fresh->len, sizeof(*index), ui_key_cmp);
	if (sel != NULL)
		nsel = ui_find_key(index, fresh->len, sel);
	if (u->open != NULL && (nopen = ui_find_key(index, fresh->len, u->open)) != NULL &&
	    nopen->content == NULL) {
		nopen->content = u->open->content;
		nopen->content_fmt = u->open->content_fmt;
		u->open->content = NULL;
	}
	free(index);
	u->all = *fresh;
	fresh->items = NULL;
	fresh->len = fresh->cap = 0;
	u->unread_stale = true;
	u->index_stale = true;
	free(u->tags);  /* they point into the old list, about to go */
	u->tags = NULL;
	u->ntags = 0;
	ui_tags_stale(u);
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

/* The display caches of the snapshot shown: taken where still missing. */
static void
ui_take_prep(struct ui *u, struct refresh_result *res)
{
	size_t i;

	if (res->generation != u->generation)
		return; /* a newer snapshot replaced those articles */
	for (i = 0; i < res->nprep; i++) {
		struct article *a = res->prep_for[i];
		if (a->standfirst == NULL) {
			a->standfirst = res->prep_standfirst[i];
			res->prep_standfirst[i] = NULL;
		}
		if (a->search_key == NULL) {
			a->search_key = res->prep_key[i];
			res->prep_key[i] = NULL;
		}
	}
	u->index_stale = true; /* the index holds the keys made before */
	/* A search typed before the keys were there ran the slow way: again. */
	if (u->find != NULL)
		ui_search_changed(u);
}

static void
ui_take_result(struct ui *u, struct refresh_result *res)
{
	char line[1024];

	if (res->prep_for != NULL) {
		ui_take_prep(u, res);
		return;
	}
	if (res->snapshot != NULL && res->status == LDN_OK) {
		u->generation = res->generation;
		u->partial = false;
		if (res->title != NULL && u->feed_title == NULL) {
			u->feed_title = res->title;
			u->feed_tagline = res->tagline;
			res->title = res->tagline = NULL;
		}
		ui_replace(u, res->snapshot);
		return;
	}
	if (res->src == NULL) {
		snprintf(line, sizeof(line), "cache: %s", res->cause ? res->cause : "cannot load");
		free(u->last_error);
		u->last_error = strdup(line);
		return;
	}

	if (res->status != LDN_OK) {
		snprintf(line, sizeof(line), "%s: %s", res->src, res->cause ? res->cause : "failed");
		free(u->last_error);
		u->last_error = strdup(line);
		return;
	}
	if (res->warning) {
		snprintf(line, sizeof(line), "%s: %s", res->src, res->warning);
		free(u->last_error);
		u->last_error = strdup(line);
	}
	if (res->feed == NULL) /* synced into the cache: a snapshot follows */
		return;
	if (u->feed_title == NULL && strcmp(res->src, u->o->srcs[0]) == 0) {
		u->feed_title = strdup(res->feed->title);
		u->feed_tagline = res->feed->description ? strdup(res->feed->description) : NULL;
	}
	ui_merge(u, res->feed);
}

static void
ui_poll_refresh(struct ui *u)
{
	struct refresh_result *res;
	bool changed = false;

	while ((res = refresh_poll(u->refresh)) != NULL) {
		ui_take_result(u, res);
		changed |= res->feed != NULL; /* merged in memory: re-sort below */
		refresh_result_free(res);
	}
	if (changed) {
		query_sort(&u->all);
		u->unread_stale = true;
		u->index_stale = true;
		ui_tags_stale(u);
		ui_search_changed(u);
		if (u->open)
			ui_render_open(u, true);
	}
	if (u->loading && !refresh_running(u->refresh, NULL, NULL)) {
		u->loading = false;
		u->last_refresh = time(NULL);
		if (u->o->refresh_secs > 0)
			u->next_refresh = u->last_refresh + u->o->refresh_secs;
		if (u->pending_open > 0) {
			char digits[32];
			snprintf(digits, sizeof(digits), "%ld", u->pending_open);
			u->pending_open = 0;
			ui_open_number(u, digits);
		}
	}
}

static void
ui_start_refresh(struct ui *u)
{
	if (refresh_start(u->refresh)) {
		u->loading = true;
		if (!u->o->cache_readonly) {
			free(u->last_error);
			u->last_error = NULL;
		}
	} else {
		ui_message(u, false, "A refresh is already running");
	}
}

/* ---- tags ----------------------------------------------------------------- */

static bool
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
static void
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

static void
ui_clear_set(char ***arr, size_t *n)
{
	size_t i;

	for (i = 0; i < *n; i++)
		free((*arr)[i]);
	free(*arr);
	*arr = NULL;
	*n = 0;
}

/*
 * The tag pane lists tags over all articles (or only the open one's). The
 * counts over every article are made once per article list (they cost a
 * sort of every tag) and kept until the list changes; the pane's own
 * search and the open article's subset are cheap passes over them.
 */
static void
ui_load_tags(struct ui *u, const struct article *only)
{
	struct query_view all = {u->all.items, u->all.len};
	struct query_tag *tags;
	size_t i, k = 0;

	free(u->tags);
	u->tags = NULL;
	u->ntags = 0;
	if (u->tag_counts == NULL &&
	    query_tags(&all, &u->tag_counts, &u->ntag_counts) != LDN_OK)
		return;
	tags = malloc((u->ntag_counts ? u->ntag_counts : 1) * sizeof(*tags));
	if (tags == NULL)
		return;
	for (i = 0; i < u->ntag_counts; i++) {
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

/* The article list changed: tag counts (which point into it) are stale. */
static void
ui_tags_stale(struct ui *u)
{
	free(u->tag_counts);
	u->tag_counts = NULL;
	u->ntag_counts = 0;
	if (u->tags_open)
		ui_load_tags(u, NULL);
}

static void
ui_tags_key(struct ui *u, const struct term_event *ev)
{
	uint32_t c = ev->type == TERM_EV_CHAR ? ev->ch : 0;
	const char *tag = u->tag_sel < u->ntags ? u->tags[u->tag_sel].tag : NULL;
	size_t page = u->lay.status.y > 4 ? (size_t)u->lay.status.y - 4 : 1;

	if ((ev->type == TERM_EV_KEY && ev->key == TERM_KEY_ESC) || c == 'q' || c == 't') {
		u->tags_open = false;
		return;
	}
	if (c == 'j' || (ev->type == TERM_EV_KEY && ev->key == TERM_KEY_DOWN))
		u->tag_sel += u->tag_sel + 1 < u->ntags;
	else if (c == 'k' || (ev->type == TERM_EV_KEY && ev->key == TERM_KEY_UP))
		u->tag_sel -= u->tag_sel > 0;
	else if (ev->type == TERM_EV_KEY && ev->key == TERM_KEY_PGDN)
		u->tag_sel = u->tag_sel + page < u->ntags ? u->tag_sel + page : (u->ntags ? u->ntags - 1 : 0);
	else if (ev->type == TERM_EV_KEY && ev->key == TERM_KEY_PGUP)
		u->tag_sel = u->tag_sel > page ? u->tag_sel - page : 0;
	else if (c == 'g')
		u->tag_sel = 0;
	else if (c == 'G')
		u->tag_sel = u->ntags ? u->ntags - 1 : 0;
	else if (c == '/') {
		u->prompt = UI_PROMPT_TAGFIND;
		buf_reset(&u->input);
	} else if (c == 'a') {
		u->all_tags = !u->all_tags;
		ui_requery(u);
	} else if (c == 'T') {
		ui_clear_set(&u->inc, &u->ninc);
		ui_clear_set(&u->exc, &u->nexc);
		ui_requery(u);
	} else if (tag && (c == ' ' || (ev->type == TERM_EV_KEY && ev->key == TERM_KEY_ENTER))) {
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

static void
ui_open_link(struct ui *u, const char *url)
{
	char *cause = NULL;
	int st;

	if (url == NULL) {
		ui_message(u, true, "This article has no link");
		return;
	}
	if (!isatty(STDIN_FILENO)) {
		ui_message(u, true, "No terminal to hand to the browser");
		return;
	}
	term_suspend();
	st = launch_url(NULL, url, &cause);
	term_resume();
	if (st != LDN_OK)
		ui_message(u, true, "%s", cause ? cause : "cannot open the link");
	free(cause);
}

static void
ui_prompt_commit(struct ui *u)
{
	const char *in = buf_cstr(&u->input);
	enum ui_prompt p = u->prompt;
	unsigned long n;
	char *end;

	u->prompt = UI_PROMPT_NONE;
	free(u->find_before);
	u->find_before = NULL;
	if (p == UI_PROMPT_GOTO) {
		ui_open_number(u, in);
	} else if (p == UI_PROMPT_LINK) {
		n = strtoul(in, &end, 10);
		if (u->open == NULL)
			ui_message(u, true, "Open an article first");
		else if (*in == '\0' || *end != '\0' || n < 1 || n > u->doc.nlinks)
			ui_message(u, true, "No link %s (the article has %zu)", in, u->doc.nlinks);
		else
			ui_open_link(u, u->doc.links[n - 1]);
	}
}

static void
ui_prompt_cancel(struct ui *u)
{
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

static void
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
			ui_prompt_changed(u);
		}
		return;
	}
	if (ev->type != TERM_EV_CHAR || ev->ch < 0x20 || ev->ch == 0x7f)
		return;
	if ((u->prompt == UI_PROMPT_GOTO || u->prompt == UI_PROMPT_LINK) &&
	    (ev->ch < '0' || ev->ch > '9'))
		return;
	n = text_utf8_encode(ev->ch, enc);
	if (buf_append(&u->input, enc, n) == LDN_OK)
		ui_prompt_changed(u);
}

static void
ui_start_prompt(struct ui *u, enum ui_prompt p)
{
	u->prompt = p;
	buf_reset(&u->input);
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

static void
ui_back(struct ui *u)
{
	if (u->zoom)
		u->zoom = false;
	else if (u->open)
		ui_close_reader(u);
	else
		u->quit = true;
}

static void
ui_act(struct ui *u, enum ui_action act)
{
	struct article *cur = u->open ? u->open : (u->sel < u->view.len ? u->view.items[u->sel] : NULL);

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
		u->tags_open = true;
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
		ui_start_prompt(u, UI_PROMPT_LINK);
		break;
	case UI_ACT_REFRESH:
		ui_start_refresh(u);
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
	case UI_ACT_STARRED_VIEW:
		u->starred_only = !u->starred_only;
		ui_requery(u);
		break;
	case UI_ACT_HELP:
		u->help = true;
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

static void
ui_key(struct ui *u, const struct term_event *ev)
{
	free(u->message);
	u->message = NULL;
	if (u->help) {
		u->help = false;
		return;
	}
	if (u->prompt) {
		ui_prompt_key(u, ev);
		return;
	}
	if (u->tags_open) {
		ui_tags_key(u, ev);
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
	if (ev->type == TERM_EV_KEY && ev->key == TERM_KEY_ESC) {
		if (u->zoom || u->open)
			ui_back(u);
		return;
	}
	ui_act(u, ui_keys_lookup(ev->type == TERM_EV_CHAR, ev->type == TERM_EV_CHAR ?
				 (int)ev->ch : ev->key));
}

/* ---- set-up and the loop -------------------------------------------------- */

static int
ui_init(struct ui *u, const struct ui_opts *o, char **cause)
{
	size_t i;

	memset(u, 0, sizeof(*u));
	u->o = o;
	u->pending_open = o->open_n;
	buf_init(&u->input, 4096);
	for (i = 0; i < o->ntags; i++)
		ui_toggle(&u->inc, &u->ninc, o->tags[i]);
	if (o->find && *o->find)
		u->find = strdup(o->find);
	if (o->cache_readonly)
		u->last_error = strdup("the cache cannot be written: showing it without refreshing");
	{
		struct refresh_opts ro = {
			.srcs = o->srcs, .nsrcs = o->nsrcs, .fetch = o->fetch,
			.cache = o->cache, .readonly = o->cache_readonly, .offline = o->offline,
		};
		if (refresh_new(&u->refresh, &ro) != LDN_OK)
			return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	}
	return LDN_OK;
}

static void
ui_fini(struct ui *u)
{
	refresh_free(u->refresh);
	render_doc_free(&u->doc);
	query_view_free(&u->view);
	article_list_free(&u->all);
	ui_clear_set(&u->inc, &u->ninc);
	ui_clear_set(&u->exc, &u->nexc);
	free(u->find);
	free(u->body_hit);
	free(u->find_before);
	free(u->tag_find);
	free(u->tags);
	free(u->tag_counts);
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
	const struct ui_opts *o = u->o;
	char *cause = NULL;
	int rows, cols;

	if (o->store == NULL || o->ntags > 0 || (o->find && *o->find) || o->open_n > 0)
		return;
	term_size(&rows, &cols);
	if (store_load_head(o->store, o->srcs, o->nsrcs, rows > 0 ? (size_t)rows : 24,
			    &u->all, &cause) != LDN_OK) {
		free(cause);
		article_list_free(&u->all);
		return;
	}
	u->partial = u->all.len > 0;
	u->unread_stale = true;
	u->index_stale = true;
	query_sort(&u->all);
	ui_requery(u);
}

static void
ui_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = ui_on_signal;
	sigemptyset(&sa.sa_mask);
	/* Installed before curses starts, so ncurses leaves them to us. */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
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

int
ui_run(const struct ui_opts *o, char **cause)
{
	struct ui u;
	struct term_event ev;
	int st;
#ifdef LDN_FRAME_TIMING
	bool timed_first = false;
#endif

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return ldn_cause(cause, LDN_EUSAGE,
				 "the reader needs a terminal; use --list or --show in scripts");
	st = ui_init(&u, o, cause);
	if (st != LDN_OK) {
		ui_fini(&u);
		return st;
	}
	ui_signals();
	if (term_init() != 0) {
		ui_fini(&u);
		return ldn_cause(cause, LDN_EIO, "cannot start the terminal (is TERM set?)");
	}
	ui_first_screen(&u);
	ui_start_refresh(&u);
	while (!u.quit && !ui_signalled) {
		ui_poll_refresh(&u);
		if (u.next_refresh && time(NULL) >= u.next_refresh && !u.loading) {
			u.next_refresh = 0;
			ui_start_refresh(&u);
		}
		ui_layout(&u);
		ui_draw(&u);
#ifdef LDN_FRAME_TIMING
		if (!timed_first) {
			timed_first = true;
			ui_timed_first(&u);
		}
#endif
		/* While bodies are being searched, only peek for keys. */
		term_event(&ev, u.scanning ? 0 : UI_TICK_MS);
		if (ev.type == TERM_EV_NONE && u.scanning)
			ui_scan_step(&u, UI_SCAN_MS);
		if (ev.type == TERM_EV_NONE || ev.type == TERM_EV_RESIZE)
			continue;
#ifdef LDN_FRAME_TIMING
		ui_timed_key(&u, &ev);
#else
		ui_key(&u, &ev);
#endif
	}
	term_end();
	ui_fini(&u);
	return LDN_OK;
}
