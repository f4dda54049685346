/*
 * layout.c - pane rectangles and scrolling; pure arithmetic, no state,
 * called on the reader's thread.
 *
 * Invariant: every rectangle lies inside rows x cols and they do not
 * overlap; a hidden pane has h == 0 or w == 0.
 */
#include <string.h>

#include "ui_layout.h"

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
