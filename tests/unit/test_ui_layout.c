/* Unit tests for ui/layout.c: pane arithmetic at every terminal size. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "ui_layout.h"

static int
inside(struct ui_rect r, int rows, int cols)
{
	return r.h == 0 || r.w == 0 ||
	       (r.y >= 0 && r.x >= 0 && r.y + r.h <= rows && r.x + r.w <= cols);
}

static int
overlap(struct ui_rect a, struct ui_rect b)
{
	if (a.h == 0 || a.w == 0 || b.h == 0 || b.w == 0)
		return 0;
	return a.y < b.y + b.h && b.y < a.y + a.h && a.x < b.x + b.w && b.x < a.x + a.w;
}

/* Every size from below the minimum to very wide, every mode. */
static void
test_all_sizes_fit(void **state)
{
	int rows, cols, mode;

	(void)state;
	for (rows = 1; rows <= 60; rows++)
		for (cols = 1; cols <= 260; cols += 3)
			for (mode = 0; mode < 8; mode++) {
				struct ui_layout l;
				struct ui_rect r[5];
				int i, j;

				ui_layout_compute(&l, rows, cols, mode & 1, mode & 2, mode & 4);
				if (rows < UI_LAYOUT_MIN_ROWS || cols < UI_LAYOUT_MIN_COLS) {
					assert_true(l.too_small);
					continue;
				}
				assert_false(l.too_small);
				r[0] = l.masthead, r[1] = l.list, r[2] = l.sep, r[3] = l.reader, r[4] = l.status;
				for (i = 0; i < 5; i++) {
					assert_true(inside(r[i], rows, cols));
					for (j = i + 1; j < 5; j++)
						assert_false(overlap(r[i], r[j]));
				}
				assert_true(l.show_list || l.show_reader);
				if (l.show_list)
					assert_true(l.list.h >= 1 && l.list.w >= 1);
				if (l.show_reader)
					assert_true(l.reader.h >= 1 && l.reader.w >= 1);
			}
}

static void
test_modes(void **state)
{
	struct ui_layout l;

	(void)state;
	/* No article open: the list takes the body. */
	ui_layout_compute(&l, 24, 80, false, false, false);
	assert_true(l.show_list);
	assert_false(l.show_reader);
	assert_int_equal(l.list.y, 1);
	assert_int_equal(l.list.h, 22);
	assert_int_equal(l.status.y, 23);
	/* Narrow: stacked, list above. */
	ui_layout_compute(&l, 24, 80, true, false, true);
	assert_false(l.side_by_side);
	assert_true(l.list.y < l.reader.y);
	assert_int_equal(l.list.w, 80);
	assert_int_equal(l.list.h + l.sep.h + l.reader.h, 22);
	/* Wide: side by side, list on the left. */
	ui_layout_compute(&l, 40, 140, true, false, true);
	assert_true(l.side_by_side);
	assert_int_equal(l.list.x, 0);
	assert_int_equal(l.list.w, 56);
	assert_int_equal(l.sep.x, 56);
	assert_int_equal(l.reader.x, 57);
	assert_int_equal(l.reader.w, 83);
	/* Zoom gives the focused pane the whole body. */
	ui_layout_compute(&l, 40, 140, true, true, true);
	assert_false(l.show_list);
	assert_int_equal(l.reader.w, 140);
	ui_layout_compute(&l, 40, 140, true, true, false);
	assert_false(l.show_reader);
	assert_int_equal(l.list.w, 140);
	/* The smallest size still has both panes when an article is open. */
	ui_layout_compute(&l, 6, 20, true, false, true);
	assert_true(l.show_list && l.show_reader);
	assert_int_equal(l.list.h, 1);
	assert_int_equal(l.reader.h, 2);
}

static void
test_scroll(void **state)
{
	static const struct {
		size_t top, sel, vis, want;
	} rows[] = {
		{0, 0, 10, 0}, {0, 9, 10, 0}, {0, 10, 10, 1}, {5, 3, 10, 3},
		{5, 14, 10, 5}, {5, 15, 10, 6}, {0, 100, 10, 91}, {7, 7, 0, 7},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		assert_int_equal(ui_layout_scroll(rows[i].top, rows[i].sel, rows[i].vis), rows[i].want);
	assert_int_equal(ui_layout_item_rows(false, 20), 2);
	assert_int_equal(ui_layout_item_rows(true, 20), 1);
	assert_int_equal(ui_layout_item_rows(false, 3), 1);
}

/* The date column is as wide as the widest date the format gives. */
static void
test_date_width(void **state)
{
	static const struct {
		const char *fmt;
		int want;
	} rows[] = {
		{NULL, 11},               /* "12 Sep 2024" */
		{"%d %b %H:%M", 12},      /* "12 Sep 09:30", the issue's */
		{"%A %d %B %Y", 27},      /* "Wednesday 25 September 2024" */
		{"%a %e %b", 10},         /* "Wed 25 Sep" */
		{"%j", 3},                /* day of the year, never wider */
		{"%H:%M", 5},
		{"%I%p", 4},              /* "11PM" */
		{"", 3},                  /* nothing: the ages' width */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		assert_int_equal(ui_layout_date_width(rows[i].fmt), rows[i].want);
	/* All of it where there is room; a quarter of the pane at most, but
	 * never less than the default's 11; none in a narrow pane. */
	assert_int_equal(ui_layout_date_cols(12, 80), 12);
	assert_int_equal(ui_layout_date_cols(5, 100), 5);
	assert_int_equal(ui_layout_date_cols(27, 80), 20);
	assert_int_equal(ui_layout_date_cols(27, 60), 15);
	assert_int_equal(ui_layout_date_cols(27, 40), 11);
	assert_int_equal(ui_layout_date_cols(11, 40), 11);
	assert_int_equal(ui_layout_date_cols(11, 39), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_sizes_fit),
		cmocka_unit_test(test_modes),
		cmocka_unit_test(test_scroll),
		cmocka_unit_test(test_date_width),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
