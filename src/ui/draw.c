/*
 * draw.c - paints struct ui onto the terminal through term.h.
 *
 * Owns no state and runs on the reader's thread. It writes to struct ui
 * only what follows from drawing: the scroll offsets (the list's and each
 * pane's, kept around the selection). It paints the panes open over the
 * list (struct ui_pane.draw). Only the visible rows are read (from the
 * model's window) and drawn, so a frame costs the same with 50 or a
 * million articles. The cursor ends on the selected row or the prompt, so screen
 * readers follow the selection.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "term.h"
#include "text.h"
#include "ui_priv.h"

/* When every feed failed last time: " stale since HH:MM" (the last refresh
 * that worked, else the start), which replaces the date on the masthead. */
static bool
draw_stale(const struct ui *u, char *out, size_t len)
{
	time_t since = u->good_refresh ? u->good_refresh : u->started;
	struct tm tm;
	char hm[16];

	if (!u->stale || localtime_r(&since, &tm) == NULL ||
	    strftime(hm, sizeof(hm), "%H:%M", &tm) == 0)
		return false;
	snprintf(out, len, " stale since %s ", hm);
	return true;
}

/*
 * The edition's date, as a paper's masthead gives it: the day of the
 * newest article shown (an archive, the bundled sample edition, a feed
 * quiet since yesterday), else today.
 */
static time_t
draw_edition(const struct ui *u)
{
	time_t now = time(NULL);

	/* One dated in the future is today's. */
	if (u->newest != 0 && u->newest < now)
		return u->newest;
	return now;
}

static void
draw_masthead(const struct ui *u, struct ui_rect r)
{
	char date[64], head[512];
	time_t edition = draw_edition(u);
	struct tm tm;
	int dw = 0;
	bool stale;

	date[0] = '\0';
	stale = draw_stale(u, date, sizeof(date));
	if (!stale && localtime_r(&edition, &tm) != NULL)
		strftime(date, sizeof(date), "%A %d %B %Y", &tm);
	snprintf(head, sizeof(head), " %s%s%s", u->feed_title ? u->feed_title : "ldnews",
		 u->feed_tagline && *u->feed_tagline ? " - " : "",
		 u->feed_tagline ? u->feed_tagline : "");
	term_put(r.y, r.x, r.w, "", TERM_MASTHEAD);
	if ((int)text_width(date) + 2 < r.w / 2)
		dw = (int)text_width(date) + 1;
	/* A title cut short keeps a blank column before the date. */
	term_puts(r.y, r.x, r.w - dw - (dw ? 1 : 0), head, TERM_MASTHEAD);
	if (stale && dw == 0) /* a narrow screen: the banner over the title's end */
		dw = (int)text_width(date) < r.w ? (int)text_width(date) : r.w;
	if (dw)
		term_puts(r.y, r.x + r.w - dw, dw, date, stale ? TERM_ERROR : TERM_DATE);
}

/* The user's own date format (the config's date-format), so not a literal. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static void
draw_date(char *out, size_t len, const char *fmt, const struct tm *tm)
{
	if (strftime(out, len, fmt, tm) == 0)
		out[0] = '\0'; /* longer than the buffer: nothing rather than garbage */
}
#pragma GCC diagnostic pop

/* "12m", "5h", "3d", else a date. */
static void
draw_age(const struct ui *u, const struct article *a, char *out, size_t len)
{
	time_t now = time(NULL);
	long d;
	struct tm tm;

	out[0] = '\0';
	if (!a->has_published)
		return;
	d = (long)(now - a->published);
	if (d >= 0 && d < 3600)
		snprintf(out, len, "%ldm", d / 60);
	else if (d >= 0 && d < 86400)
		snprintf(out, len, "%ldh", d / 3600);
	else if (d >= 0 && d < 7 * 86400)
		snprintf(out, len, "%ldd", d / 86400);
	else if (localtime_r(&a->published, &tm) != NULL)
		draw_date(out, len, u->p->date_format ? u->p->date_format : UI_LAYOUT_DEFAULT_DATE,
			  &tm);
}

/* The tags of a row, as "#ANT #Tech". */
static void
draw_tags_text(const struct article *a, char *out, size_t len)
{
	size_t i, n = 0;

	out[0] = '\0';
	for (i = 0; i < a->ntags && n < len; i++)
		n += (size_t)snprintf(out + n, len - n, "%s#%s", i ? " " : "", a->tags[i]);
}

static int
draw_digits(size_t n)
{
	int d = 1;

	while (n >= 10) {
		n /= 10;
		d++;
	}
	return d;
}

size_t
ui_list_visible(const struct ui *u)
{
	int per = ui_layout_item_rows(u->compact, u->lay.list.h);

	return u->lay.list.h > 0 ? (size_t)(u->lay.list.h / per) : 0;
}

/*
 * One headline: number, unread mark, headline, tags, age; the tag and age
 * columns have fixed widths so headlines line up, and drop out of narrow
 * panes. In comfortable density the standfirst follows, dimmed.
 */
static void
draw_item(const struct ui *u, const struct article *a, struct ui_rect r, int y, size_t i,
	  bool two_rows)
{
	bool sel = i == u->sel;
	char num[32], age[512], tags[256];
	int numw = draw_digits(ui_rows(u)), x = r.x, agew, tagw, titlew, w;
	enum term_style base = sel ? TERM_SELECTED : TERM_NORMAL;
	const char *mark = a->starred ? "*" : a->read ? " " : (u->p->ascii ? "N" : "\xe2\x97\x8f");

	int feedw = u->multi_feed && r.w >= 60 ? (r.w / 6 < 16 ? r.w / 6 : 16) : 0;

	agew = ui_layout_date_cols(u->date_width, r.w);
	tagw = r.w >= 70 ? (r.w / 5 < 24 ? r.w / 5 : 24) : 0;
	term_put(y, r.x, r.w, "", base);
	snprintf(num, sizeof(num), "%*zu ", numw, i + 1);
	x += term_puts(y, x, r.w, num, sel ? base : TERM_NUMBER);
	x += term_puts(y, x, r.x + r.w - x, mark, sel ? base : TERM_UNREAD);
	x += 1;
	/* With several feeds a fixed-width source column leads the headline. */
	if (feedw) {
		term_puts(y, x, feedw, a->feed, sel ? base : TERM_META);
		x += feedw + 1;
	}
	/* [title] [tags] [age] and a margin column at the right edge. */
	titlew = r.x + r.w - x - (tagw ? tagw + 1 : 0) - (agew ? agew + 2 : 1);
	term_puts(y, x, titlew, a->title, sel ? base : (a->read ? TERM_READ : TERM_UNREAD));
	if (tagw) {
		draw_tags_text(a, tags, sizeof(tags));
		term_puts(y, x + titlew + 1, tagw, tags, sel ? base : TERM_TAG);
	}
	if (agew) {
		/* Right-aligned inside its column, never over the gap before it. */
		draw_age(u, a, age, sizeof(age));
		w = (int)text_width(age) < agew ? (int)text_width(age) : agew;
		term_puts(y, r.x + r.w - 1 - w, agew, age, sel ? base : TERM_DIM);
	}
	if (two_rows) {
		int indent = numw + 3;
		term_put(y + 1, r.x, r.w, "", TERM_NORMAL);
		if (r.w > indent + 4)
			term_put(y + 1, r.x + indent, r.w - indent - 1, model_standfirst(u->m, i),
				 TERM_DIM);
	}
}

static void
draw_list(struct ui *u, struct ui_rect r)
{
	int per = ui_layout_item_rows(u->compact, r.h);
	size_t vis = ui_list_visible(u), i;
	const struct article *a;
	int y = r.y;

	if (ui_rows(u) == 0) {
		term_put(r.y, r.x, r.w, u->loading || !model_complete(u->m) ? " Loading..." :
			 (u->total ? " No article matches the filter (T clears tags, / searches)" :
			  " No articles"), TERM_DIM);
		return;
	}
	u->top = ui_layout_scroll(u->top, u->sel, vis);
	/* Only the rows on screen are read (the model's window). */
	for (i = u->top; i < ui_rows(u) && y + per <= r.y + r.h; i++, y += per)
		if ((a = ui_row(u, i)) != NULL)
			draw_item(u, a, r, y, i, per == 2);
}

static enum term_style
draw_line_style(enum render_style s)
{
	static const enum term_style map[] = {
		[RENDER_BODY] = TERM_NORMAL,
		[RENDER_TITLE] = TERM_TITLE,
		[RENDER_STANDFIRST] = TERM_STANDFIRST,
		[RENDER_META] = TERM_META,
		[RENDER_HEADING] = TERM_HEADING,
		[RENDER_QUOTE] = TERM_QUOTE,
		[RENDER_PRE] = TERM_PRE,
		[RENDER_LINKS] = TERM_LINK,
		[RENDER_SECTION] = TERM_SECTION,
	};

	return (size_t)s < sizeof(map) / sizeof(map[0]) ? map[s] : TERM_NORMAL;
}

static void
draw_reader(const struct ui *u, struct ui_rect r)
{
	size_t i;
	int y;

	int m = ui_layout_text_margin(r.w);

	/* A margin on the left, as a page has; the text is at most the
	 * reader's width (ui_reader_width), the rest of the pane blank. */
	for (y = 0; y < r.h; y++) {
		i = u->doc_top + (size_t)y;
		term_put(r.y + y, r.x, m, "", TERM_NORMAL);
		if (i < u->doc.nlines)
			term_put(r.y + y, r.x + m, r.w - m, u->doc.lines[i].text,
				 draw_line_style(u->doc.lines[i].style));
		else
			term_put(r.y + y, r.x + m, r.w - m, "", TERM_NORMAL);
	}
}

static void
draw_filter(const struct ui *u, char *out, size_t len)
{
	size_t i, n = 0;

	out[0] = '\0';
	/* After the counts: "12/51, 12 unread, unread only". */
	if (u->unread_only)
		n += (size_t)snprintf(out, len, ", unread only");
	if (u->starred_only && n < len)
		n += (size_t)snprintf(out + n, len - n, " starred");
	if (u->nfeed_inc && n < len)
		n += (size_t)snprintf(out + n, len - n, " %zu feed%s", u->nfeed_inc,
				      u->nfeed_inc > 1 ? "s" : "");
	for (i = 0; i < u->ninc && n < len; i++)
		n += (size_t)snprintf(out + n, len - n, "%s#%s", i ? (u->all_tags ? "+" : "|") : " ",
				      u->inc[i]);
	for (i = 0; i < u->nexc && n < len; i++)
		n += (size_t)snprintf(out + n, len - n, " -#%s", u->exc[i]);
	if (u->find && *u->find && n < len)
		n += (size_t)snprintf(out + n, len - n, " /%s", u->find);
	/* How to get every article back, beside what hides them. */
	if (ui_filtered(u) && n < len)
		snprintf(out + n, len - n, " (Esc clears)");
}

/*
 * The part of a prompt's text that fits `w` columns: its end, where the
 * cursor is, so a long path or command being typed stays in sight; a '…'
 * written before it says the start is hidden. Returns the columns used.
 */
static int
draw_prompt_text(int y, int x, int w, const char *s)
{
	size_t len = strlen(s), i = 0, n;
	uint32_t cp;

	if (w < 2 || (int)text_width(s) <= w)
		return term_puts(y, x, w, s, TERM_STATUS);
	/* Drop whole characters from the front until the rest fits after
	 * the '…'. */
	while (i < len && (int)text_width(s + i) > w - 1) {
		n = text_utf8_decode(s + i, len - i, &cp);
		i += n ? n : 1;
	}
	n = (size_t)term_puts(y, x, 1, "\xe2\x80\xa6", TERM_STATUS);
	return (int)n + term_puts(y, x + (int)n, w - (int)n, s + i, TERM_STATUS);
}

/* Returns the prompt's cursor column, or -1 when no prompt is open. */
static int
draw_status(struct ui *u, struct ui_rect r)
{
	static const char *const prompts[] = {
		[UI_PROMPT_SEARCH] = "/", [UI_PROMPT_GOTO] = "Go to article: ",
		[UI_PROMPT_LINK] = "Open link: ", [UI_PROMPT_TAGFIND] = "Find tag: ",
		[UI_PROMPT_ENCLOSURE] = "Play enclosure: ", [UI_PROMPT_PIPE] = "Pipe to: ",
		[UI_PROMPT_SAVE] = "Save to: ",
	};
	char right[512], filter[256], when[16] = "--:--";
	struct tm tm;
	size_t done, total, failed;
	int rw, lw, x, n;

	term_put(r.y, r.x, r.w, "", TERM_STATUS);
	/* The last refresh that worked: when all feeds fail, the time of
	 * what is shown. */
	if (u->good_refresh && localtime_r(&u->good_refresh, &tm))
		strftime(when, sizeof(when), "%H:%M", &tm);
	draw_filter(u, filter, sizeof(filter));
	/* shown/total, unread, the filter, then the refresh state and a hint;
	 * while a prompt is open only the counts, so the typing has room. */
	/* Rows still being found (a large cache) are counted so far. */
	if (u->counted)
		n = snprintf(right, sizeof(right), "%zu%s/%zu, %zu unread", ui_rows(u),
			     model_complete(u->m) ? "" : "\xe2\x80\xa6", u->total, u->unread);
	else /* the worker is counting the cache */
		n = snprintf(right, sizeof(right), "%zu%s, counting", ui_rows(u),
			     model_complete(u->m) ? "" : "\xe2\x80\xa6");
	/* What the config's [ignore] rules hide of the view (--no-ignore). */
	if (model_hidden(u->m) > 0)
		n += snprintf(right + n, sizeof(right) - (size_t)n, ", %zu hidden",
			      model_hidden(u->m));
	n += snprintf(right + n, sizeof(right) - (size_t)n, "%s", u->prompt ? "" : filter);
	if (u->scanning)
		n += snprintf(right + n, sizeof(right) - (size_t)n, "  searching");
	if (!u->prompt && u->nerrors)
		n += snprintf(right + n, sizeof(right) - (size_t)n, "  %zu failed (E)", u->nerrors);
	if (!u->prompt && refresh_progress(u->refresh, &done, &total, &failed))
		snprintf(right + n, sizeof(right) - (size_t)n, "  fetching %zu/%zu (%zu failed)  ? help ",
			 done, total, failed);
	else if (!u->prompt)
		snprintf(right + n, sizeof(right) - (size_t)n, "  refreshed %s  ? help ", when);
	else
		snprintf(right + n, sizeof(right) - (size_t)n, " ");
	rw = (int)text_width(right);
	if (rw > r.w)
		rw = r.w;
	if (u->prompt) {
		if (rw > r.w / 2)
			rw = 0;
		x = term_puts(r.y, r.x, r.w - rw, prompts[u->prompt], TERM_STATUS);
		x += draw_prompt_text(r.y, r.x + x, r.w - rw - x - 1, buf_cstr(&u->input));
		if (rw)
			term_puts(r.y, r.x + r.w - rw, rw, right, TERM_STATUS);
		return r.x + x;
	}
	/* What is said on the left, cut short, keeps a blank column before
	 * the counts. */
	lw = r.w - rw - (rw ? 1 : 0);
	if (u->nnumber) {
		x = term_puts(r.y, r.x, lw, "Go to: ", TERM_STATUS);
		term_puts(r.y, r.x + x, lw - x, u->number, TERM_STATUS);
	} else if (u->message)
		term_puts(r.y, r.x, lw, u->message, u->message_is_error ? TERM_ERROR : TERM_STATUS);
	else if (u->last_error)
		term_puts(r.y, r.x, lw, u->last_error, TERM_ERROR);
	term_puts(r.y, r.x + r.w - rw, rw, right, TERM_STATUS);
	return -1;
}

/* A centred box over the body for the tag pane and the help. */
static struct ui_rect
draw_box(const struct ui *u, int want_w, int want_h)
{
	struct ui_rect b;
	int rows = u->lay.status.y - 1, cols = u->lay.masthead.w;
	bool framed = cols >= 14 && rows >= 5;

	/* A border around it (when there is room for one), so the pane
	 * stands apart and nothing of the list under it shows through. */
	if (framed) {
		rows -= 2;
		cols -= 2;
	}
	b.w = want_w < cols - 2 ? want_w : cols - 2;
	b.h = want_h < rows - 1 ? want_h : rows - 1;
	if (b.w < 10)
		b.w = cols;
	if (b.h < 3)
		b.h = rows;
	b.y = 1 + (framed ? 1 : 0) + (rows - b.h) / 2;
	b.x = (framed ? 1 : 0) + (cols - b.w) / 2;
	if (framed)
		term_frame(b.y - 1, b.x - 1, b.h + 2, b.w + 2, u->p->ascii);
	return b;
}

/* At least `least`, wide enough for `text` and a blank either side. */
static int
draw_width_for(const char *text, int least)
{
	int w = (int)text_width(text) + 2;

	return w > least ? w : least;
}

/* Returns the row of the selected tag, for the cursor, or -1. */
int
ui_draw_tags(struct ui *u)
{
	struct ui_rect b;
	char line[512];
	size_t i, vis;
	int y;

	snprintf(line, sizeof(line), " Tags: Enter include, x exclude, a %s, T clear, / find, Esc ",
		 u->all_tags ? "all->any" : "any->all");
	b = draw_box(u, draw_width_for(line, 60), u->lay.status.y - 2);
	vis = b.h > 2 ? (size_t)(b.h - 2) : 1;
	term_put(b.y, b.x, b.w, line, TERM_MASTHEAD);
	u->tag_top = ui_layout_scroll(u->tag_top, u->tag_sel, vis);
	for (y = 1, i = u->tag_top; y < b.h - 1; y++, i++) {
		const char *m = "   ";
		size_t k;
		if (i >= u->ntags) {
			term_put(b.y + y, b.x, b.w, "", TERM_NORMAL);
			continue;
		}
		for (k = 0; k < u->ninc; k++)
			if (strcmp(u->inc[k], u->tags[i].tag) == 0)
				m = "[+]";
		for (k = 0; k < u->nexc; k++)
			if (strcmp(u->exc[k], u->tags[i].tag) == 0)
				m = "[-]";
		snprintf(line, sizeof(line), " %s %6zu  #%s", m, u->tags[i].count, u->tags[i].tag);
		term_put(b.y + y, b.x, b.w, line, i == u->tag_sel ? TERM_SELECTED : TERM_NORMAL);
	}
	snprintf(line, sizeof(line), " %zu tags%s%s", u->ntags, u->tag_find ? " matching " : "",
		 u->tag_find ? u->tag_find : "");
	term_put(b.y + b.h - 1, b.x, b.w, line, TERM_STATUS);
	return u->ntags ? b.y + 1 + (int)(u->tag_sel - u->tag_top) : -1;
}

/* Returns the row of the selected feed, for the cursor, or -1. */
int
ui_draw_feeds(struct ui *u)
{
	struct ui_rect b = draw_box(u, 100, u->lay.status.y - 2);
	char line[2048];
	size_t i, n, vis = b.h > 2 ? (size_t)(b.h - 2) : 1, failed = 0;
	int y;

	snprintf(line, sizeof(line), " Feeds by %s, unread/total: Enter show/hide, c all, "
		 "s by %s, Esc ", u->feeds_by_unread ? "unread" : "name",
		 u->feeds_by_unread ? "name" : "unread");
	term_put(b.y, b.x, b.w, line, TERM_MASTHEAD);
	u->feed_top = ui_layout_scroll(u->feed_top, u->feed_sel, vis);
	for (i = 0; i < u->nfeeds; i++)
		failed += u->feeds[i].error != NULL;
	for (y = 1, i = u->feed_top; y < b.h - 1; y++, i++) {
		const struct ui_feed *f = i < u->nfeeds ? &u->feeds[i] : NULL;
		if (f == NULL) {
			term_put(b.y + y, b.x, b.w, "", TERM_NORMAL);
			continue;
		}
		/* A failed feed: "!" before it and the cause after its name,
		 * ahead of its URL, which a narrow screen cuts first. */
		snprintf(line, sizeof(line), " %s %c %5zu/%-5zu %s%s%s  (%s)",
			 ui_str_in(u->feed_inc, u->nfeed_inc, f->url, NULL) ? "[+]" : "   ",
			 f->error ? '!' : ' ', f->unread, f->total, f->title,
			 f->error ? "  failed: " : "", f->error ? f->error : "", f->url);
		term_put(b.y + y, b.x, b.w, line, i == u->feed_sel ? TERM_SELECTED :
			 f->error ? TERM_ERROR : TERM_NORMAL);
	}
	n = (size_t)snprintf(line, sizeof(line), " %zu feed%s, ", u->nfeeds,
			     u->nfeeds == 1 ? "" : "s");
	if (failed > 0)
		n += (size_t)snprintf(line + n, sizeof(line) - n, "%zu failed (E), ", failed);
	snprintf(line + n, sizeof(line) - n, "%s",
		 u->nfeed_inc ? "showing the marked ones" : "showing all");
	term_put(b.y + b.h - 1, b.x, b.w, line, TERM_STATUS);
	return u->nfeeds ? b.y + 1 + (int)(u->feed_sel - u->feed_top) : -1;
}

/* The feeds whose last refresh failed: when, which, why. */
int
ui_draw_errors(struct ui *u)
{
	struct ui_rect b = draw_box(u, 100, u->lay.status.y - 2);
	char line[2048], when[16];
	size_t i, vis = b.h > 2 ? (size_t)(b.h - 2) : 1;
	struct tm tm;
	int y;

	term_put(b.y, b.x, b.w, " Feed errors (any other key closes) ", TERM_MASTHEAD);
	u->error_top = ui_layout_scroll(u->error_top, u->error_sel, vis);
	for (y = 1, i = u->error_top; y < b.h - 1; y++, i++) {
		const struct ui_feed_error *e = i < u->nerrors ? &u->errors[i] : NULL;
		if (e == NULL) {
			term_put(b.y + y, b.x, b.w, "", TERM_NORMAL);
			continue;
		}
		strcpy(when, "--:--");
		if (localtime_r(&e->when, &tm) != NULL)
			strftime(when, sizeof(when), "%H:%M", &tm);
		snprintf(line, sizeof(line), " %s  %s: %s", when, e->src, e->cause ? e->cause : "");
		term_put(b.y + y, b.x, b.w, line, i == u->error_sel ? TERM_SELECTED : TERM_NORMAL);
	}
	snprintf(line, sizeof(line), " %zu feed%s failed", u->nerrors, u->nerrors == 1 ? "" : "s");
	term_put(b.y + b.h - 1, b.x, b.w, line, TERM_STATUS);
	return u->nerrors ? b.y + 1 + (int)(u->error_sel - u->error_top) : -1;
}

/* A kiosk's help leaves out what it refuses. */
static bool
draw_help_lists(const struct ui *u, const struct ui_key *k)
{
	return k->name != NULL && !(u->p->kiosk && ui_keys_kiosk_denied(k->act) != NULL);
}

/* The cursor stays where the panes below put it: -1. */
int
ui_draw_help(struct ui *u)
{
	size_t n, i, rows = 0, skip = 0;
	const struct ui_key *k = ui_keys_table(&n);
	struct ui_rect b;
	char line[256];
	int y = 1, w = 76;

	/* As wide as its longest line, where the screen allows. */
	for (i = 0; i < n; i++)
		if (k[i].name != NULL && k[i].help != NULL)
			w = draw_width_for(k[i].help, w - 15) + 15;
	for (i = 0; i < u->ncustom; i++)
		if (u->custom[i].help != NULL)
			w = draw_width_for(u->custom[i].help, w - 26) + 26;
	b = draw_box(u, w, 40);

	for (i = 0; i < n; i++)
		rows += draw_help_lists(u, &k[i]) && !ui_keys_rebound(u, k[i].act);
	for (i = 0; i < u->ncustom; i++)
		rows += draw_help_lists(u, &u->custom[i]);
	term_put(b.y, b.x, b.w, rows > (size_t)(b.h - 1) ?
		 " Keys (j/k scroll, any other key closes) " : " Keys (any key closes) ",
		 TERM_MASTHEAD);
	/* The user's own bindings first, then the defaults. */
	for (i = 0; i < u->ncustom && y < b.h; i++) {
		if (!draw_help_lists(u, &u->custom[i]) || skip++ < u->help_top)
			continue;
		snprintf(line, sizeof(line), "  %-12s %s (your key)", u->custom[i].name,
			 u->custom[i].help);
		term_put(b.y + y++, b.x, b.w, line, TERM_NORMAL);
	}
	for (i = 0; i < n && y < b.h; i++) {
		if (!draw_help_lists(u, &k[i]) || ui_keys_rebound(u, k[i].act) || skip++ < u->help_top)
			continue;
		snprintf(line, sizeof(line), "  %-12s %s", k[i].name, k[i].help);
		term_put(b.y + y++, b.x, b.w, line, TERM_NORMAL);
	}
	while (y < b.h)
		term_put(b.y + y++, b.x, b.w, "", TERM_NORMAL);
	return -1;
}

static void
draw_cursor(const struct ui *u)
{
	const struct ui_layout *l = &u->lay;
	int per = ui_layout_item_rows(u->compact, l->list.h);

	if (u->focus_reader && l->show_reader)
		term_cursor(l->reader.y, l->reader.x);
	else if (l->show_list && ui_rows(u))
		term_cursor(l->list.y + (int)(u->sel - u->top) * per, l->list.x);
	else
		term_cursor(l->status.y, 0);
}

void
ui_draw(struct ui *u)
{
	const struct ui_layout *l = &u->lay;
	int rows, cols, pane_row = -1, row, prompt_x;
	size_t i;

	term_size(&rows, &cols);
	term_erase();
	if (l->too_small) {
		term_puts(0, 0, cols, "terminal too small", TERM_ERROR);
		term_cursor(0, 0);
		term_flush();
		return;
	}
	draw_masthead(u, l->masthead);
	if (l->show_list)
		draw_list(u, l->list);
	if (l->show_reader) {
		if (l->side_by_side)
			term_vline(l->sep.y, l->sep.x, l->sep.h, u->p->ascii);
		else if (l->sep.h)
			term_hline(l->sep.y, l->sep.x, l->sep.w, u->p->ascii);
		draw_reader(u, l->reader);
	}
	/* The panes bottom-up; the highest that has a selection keeps the
	 * cursor. */
	for (i = 0; i < u->npanes; i++)
		if (u->panes[i]->draw && (row = u->panes[i]->draw(u)) >= 0)
			pane_row = row;
	prompt_x = draw_status(u, l->status);
	/* The cursor goes last (every write moves it): on the prompt, else on
	 * a pane's selection, else on the selected row, so that screen readers
	 * and braille displays follow the selection. */
	if (prompt_x >= 0)
		term_cursor(l->status.y, prompt_x);
	else if (pane_row >= 0)
		term_cursor(pane_row, 0);
	else
		draw_cursor(u);
	term_flush();
}
