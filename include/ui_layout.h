/*
 * ui_layout.h - the reader's screen arithmetic, kept pure (no curses) so
 * unit tests can check every size from 20x6 to very wide.
 */
#ifndef LDN_UI_LAYOUT_H
#define LDN_UI_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

/* Smallest terminal the reader draws in; below it, a notice. */
#define UI_LAYOUT_MIN_COLS 20
#define UI_LAYOUT_MIN_ROWS 6
/* Side by side from this width on, stacked below it. */
#define UI_LAYOUT_WIDE_COLS 120
/* The list's dates older than a week, without the config's date-format. */
#define UI_LAYOUT_DEFAULT_DATE "%d %b %Y"

struct ui_rect {
	int y, x, h, w;
};

struct ui_layout {
	bool too_small;
	bool side_by_side;
	bool show_list, show_reader;
	struct ui_rect masthead;  /* one row */
	struct ui_rect list;
	struct ui_rect sep;       /* the line between panes (w or h may be 0) */
	struct ui_rect reader;
	struct ui_rect status;    /* one row */
};

/*
 * Splits rows x cols: masthead on top, status line at the bottom, the
 * list and (when an article is open) the reader between them, side by side
 * when wide, stacked when narrow; `zoom` gives the focused pane everything.
 */
void ui_layout_compute(struct ui_layout *l, int rows, int cols, bool reader_open,
		       bool zoom, bool focus_reader);

/*
 * The first item to show so that `sel` is visible among `visible` items,
 * moving `top` as little as possible. visible 0 returns sel.
 */
size_t ui_layout_scroll(size_t top, size_t sel, size_t visible);

/* Rows each list item takes: 2 in comfortable density, 1 in compact. */
int ui_layout_item_rows(bool compact, int pane_rows);

/*
 * The widest text, in columns, strftime gives for fmt (NULL: the list's
 * default, UI_LAYOUT_DEFAULT_DATE) over a year of sample dates in the local zone:
 * every month, weekday and day of the year, a morning and an evening hour.
 * At least 3, the width of the ages ("59m") that stand for recent dates.
 */
int ui_layout_date_width(const char *fmt);

/* The list's date column for dates `date_width` wide in a pane `pane_w`
 * wide: all of it, but never more than a quarter of the pane (or 11, the
 * default format's width, if more); 0 when the pane is too narrow. */
int ui_layout_date_cols(int date_width, int pane_w);

/*
 * The reader's text: its left margin in a pane w wide (none when narrow),
 * and the width it is rendered to, at most `most` columns (0: no limit),
 * leaving the margin and a blank column on the right.
 */
int ui_layout_text_margin(int w);
size_t ui_layout_text_width(int w, long most);

#endif
