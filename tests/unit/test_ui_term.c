/*
 * Unit tests for ui/term.c's split escape sequences: what follows a lone
 * Esc when a terminal's sequence arrived in pieces. Every key and mouse
 * report comes out as itself; anything else is dropped whole, never read
 * as keys of its own.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "../../src/ui/term.h"

/* Feeds the bytes after the Esc; every byte but the last must ask for
 * more, the last must end the sequence. */
static struct term_event
feed(const char *bytes, size_t n)
{
	struct term_seq s = {.n = 0};
	struct term_event ev;
	size_t i;

	memset(&ev, 0x55, sizeof(ev));
	for (i = 0; i + 1 < n; i++)
		assert_int_equal(term_seq_feed(&s, (unsigned char)bytes[i], &ev), TERM_SEQ_MORE);
	assert_int_equal(term_seq_feed(&s, (unsigned char)bytes[n - 1], &ev), TERM_SEQ_DONE);
	return ev;
}

#define FEED(lit) feed(lit, sizeof(lit) - 1)

static void
test_keys(void **state)
{
	static const struct {
		const char *seq;
		int key;
	} rows[] = {
		{"[A", TERM_KEY_UP}, {"[B", TERM_KEY_DOWN}, {"[C", TERM_KEY_RIGHT},
		{"[D", TERM_KEY_LEFT}, {"OA", TERM_KEY_UP}, {"OD", TERM_KEY_LEFT},
		{"[H", TERM_KEY_HOME}, {"[F", TERM_KEY_END}, {"OH", TERM_KEY_HOME},
		{"[1~", TERM_KEY_HOME}, {"[4~", TERM_KEY_END}, {"[3~", TERM_KEY_DELETE},
		{"[5~", TERM_KEY_PGUP}, {"[6~", TERM_KEY_PGDN}, {"[Z", TERM_KEY_BTAB},
		{"[1;5A", TERM_KEY_UP}, {"OM", TERM_KEY_ENTER},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		struct term_event ev = feed(rows[i].seq, strlen(rows[i].seq));
		assert_int_equal(ev.type, TERM_EV_KEY);
		assert_int_equal(ev.key, rows[i].key);
	}
}

static void
test_x10_mouse(void **state)
{
	struct term_event ev;

	(void)state;
	/* Button 1 pressed at column 10, row 6 (0-based): 32+0, 33+10, 33+6. */
	ev = FEED("[M +'");
	assert_int_equal(ev.type, TERM_EV_MOUSE);
	assert_int_equal(ev.mouse, TERM_MOUSE_CLICK);
	assert_int_equal(ev.x, 10);
	assert_int_equal(ev.y, 6);
	/* The release: a whole sequence that means nothing. */
	ev = FEED("[M#+'");
	assert_int_equal(ev.type, TERM_EV_NONE);
	/* Wheel down (64+1) and up (64). */
	ev = FEED("[Ma+$");
	assert_int_equal(ev.type, TERM_EV_MOUSE);
	assert_int_equal(ev.mouse, TERM_MOUSE_WHEEL_DOWN);
	assert_int_equal(ev.y, 3);
	ev = FEED("[M`+$");
	assert_int_equal(ev.mouse, TERM_MOUSE_WHEEL_UP);
	/* Its three bytes may be any printable byte, 'q' included. */
	ev = FEED("[M qq");
	assert_int_equal(ev.type, TERM_EV_MOUSE);
	assert_int_equal(ev.x, 'q' - 33);
}

static void
test_sgr_mouse(void **state)
{
	struct term_event ev;

	(void)state;
	ev = FEED("[<0;11;7M");
	assert_int_equal(ev.type, TERM_EV_MOUSE);
	assert_int_equal(ev.mouse, TERM_MOUSE_CLICK);
	assert_int_equal(ev.x, 10);
	assert_int_equal(ev.y, 6);
	ev = FEED("[<0;11;7m"); /* release */
	assert_int_equal(ev.type, TERM_EV_NONE);
	ev = FEED("[<65;1;1M");
	assert_int_equal(ev.mouse, TERM_MOUSE_WHEEL_DOWN);
	ev = FEED("[<32;5;5M"); /* motion with button 1 held */
	assert_int_equal(ev.type, TERM_EV_NONE);
}

static void
test_unknown_and_broken_are_dropped(void **state)
{
	char longseq[64];
	struct term_event ev;
	struct term_seq s = {.n = 0};
	size_t i;
	int r = TERM_SEQ_MORE;

	(void)state;
	assert_int_equal(FEED("[24~").type, TERM_EV_NONE); /* F12 */
	assert_int_equal(FEED("OP").type, TERM_EV_NONE);   /* F1 */
	assert_int_equal(FEED("[?1049h").type, TERM_EV_NONE);
	assert_int_equal(FEED("[2\r").type, TERM_EV_NONE); /* a control inside */
	/* Parameters without end: cut off at the buffer, never overrun. */
	memset(longseq, '1', sizeof(longseq));
	longseq[0] = '[';
	for (i = 0; i < sizeof(longseq) && r == TERM_SEQ_MORE; i++)
		r = term_seq_feed(&s, (unsigned char)longseq[i], &ev);
	assert_int_equal(r, TERM_SEQ_DONE);
	assert_int_equal(ev.type, TERM_EV_NONE);
	assert_true(i <= sizeof(s.b) + 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_x10_mouse),
		cmocka_unit_test(test_sgr_mouse),
		cmocka_unit_test(test_unknown_and_broken_are_dropped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
