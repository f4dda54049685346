/*
 * layout.c - pane rectangles, scrolling and column widths; arithmetic
 * (and strftime, to measure a date format), no state, called on the
 * reader's thread.
 *
 * Invariant: every rectangle lies inside rows x cols and they do not
 * overlap; a hidden pane has h == 0 or w == 0.
 */
#include <string.h>
#include <time.h>

#include "text.h"
#include "ui_layout.h"

#define LAYOUT_AGE_COLS 3   /* "59m", "23h", "6d" */
#define LAYOUT_DATE_MIN_COLS 40 /* narrower lists have no date column */

static struct ui_rect
rect(int y, int x, int h, int w)
{
	struct ui_rect r = {y, x, h > 0 ? h : 0, w > 0 ? w : 0};
	return r;
}

static void
layout_split(struct ui_layout *l, struct ui_rect body)
{
	int part;

	if (l->side_by_side) {
		/* The list keeps room for a readable headline, the reader the rest. */
		part = body.w * 2 / 5;
		if (part < 40)
			part = 40;
		l->list = rect(body.y, body.x, body.h, part);
		l->sep = rect(body.y, body.x + part, body.h, 1);
		l->reader = rect(body.y, body.x + part + 1, body.h, body.w - part - 1);
	} else {
		part = body.h / 3;
		if (part < 2)
			part = 2;
		if (part > body.h - 3)
			part = body.h - 3;
		if (part < 1)
			part = 1;
		l->list = rect(body.y, body.x, part, body.w);
		l->sep = rect(body.y + part, body.x, 1, body.w);
		l->reader = rect(body.y + part + 1, body.x, body.h - part - 1, body.w);
	}
}

void
ui_layout_compute(struct ui_layout *l, int rows, int cols, bool reader_open, bool zoom,
		  bool focus_reader)
{
	struct ui_rect body;

	memset(l, 0, sizeof(*l));
	if (rows < UI_LAYOUT_MIN_ROWS || cols < UI_LAYOUT_MIN_COLS) {
		l->too_small = true;
		return;
	}
	l->masthead = rect(0, 0, 1, cols);
	l->status = rect(rows - 1, 0, 1, cols);
	body = rect(1, 0, rows - 2, cols);
	l->side_by_side = cols >= UI_LAYOUT_WIDE_COLS;
	if (!reader_open || (zoom && !focus_reader)) {
		l->show_list = true;
		l->list = body;
		return;
	}
	l->show_reader = true;
	if (zoom) {
		l->reader = body;
		return;
	}
	l->show_list = true;
	layout_split(l, body);
}

size_t
ui_layout_scroll(size_t top, size_t sel, size_t visible)
{
	if (visible == 0 || sel < top)
		return sel;
	if (sel >= top + visible)
		return sel - visible + 1;
	return top;
}

int
ui_layout_item_rows(bool compact, int pane_rows)
{
	/* A pane too short for two-line items falls back to one line each. */
	return compact || pane_rows < 4 ? 1 : 2;
}

/* The user's own format (the config's date-format), so not a literal. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static int
layout_date_sample(const char *fmt, time_t t)
{
	char out[512];
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL || strftime(out, sizeof(out), fmt, &tm) == 0)
		return 0;
	return (int)text_width(out);
}
#pragma GCC diagnostic pop

int
ui_layout_date_width(const char *fmt)
{
	/* 2024-01-01T00:00:00Z: a leap year, so day 366 is among them. */
	const time_t base = 1704067200;
	int day, w, widest = LAYOUT_AGE_COLS;

	if (fmt == NULL)
		fmt = UI_LAYOUT_DEFAULT_DATE;
	/* Names of months and weekdays differ in width (in some locales
	 * numbers too): only every one of them finds the widest. */
	for (day = 0; day < 366; day++) {
		time_t t = base + (time_t)day * 86400;
		w = layout_date_sample(fmt, t + 11 * 3600 + 59 * 60 + 59);
		widest = w > widest ? w : widest;
		w = layout_date_sample(fmt, t + 23 * 3600 + 59 * 60 + 59);
		widest = w > widest ? w : widest;
	}
	return widest;
}

int
ui_layout_date_cols(int date_width, int pane_w)
{
	int most = pane_w / 4 > 11 ? pane_w / 4 : 11;

	if (pane_w < LAYOUT_DATE_MIN_COLS)
		return 0;
	return date_width < most ? date_width : most;
}

int
ui_layout_text_margin(int w)
{
	return w >= 20 ? 1 : 0;
}

size_t
ui_layout_text_width(int w, long most)
{
	int tw = w - ui_layout_text_margin(w) - 1;

	if (most > 0 && tw > most)
		tw = (int)most;
	return tw > 1 ? (size_t)tw : 1;
}
