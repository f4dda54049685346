/*
 * Unit tests for text.c: sanitizing hostile text (table of rows), UTF-8
 * decoding, display widths, fitting, case-insensitive search and wrapping.
 * Run with LC_ALL=C.UTF-8 so wcwidth() knows wide and combining characters.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

#define K TEXT_KEEP_NEWLINES
#define F TEXT_FOLD_SPACE
#define FFFD "\xef\xbf\xbd"

struct san_row {
	const char *name;
	const char *in;
	size_t len;    /* 0: strlen(in) */
	unsigned flags;
	const char *want;
};

static const struct san_row san_rows[] = {
	{"plain", "London Daily", 0, 0, "London Daily"},
	{"utf8 kept", "Z\xc3\xbcrich \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x93\xb0", 0, 0,
	    "Z\xc3\xbcrich \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x93\xb0"},
	{"NUL inside", "a\0b", 3, 0, "ab"},
	{"tab is space", "a\tb", 0, 0, "a b"},
	{"CR removed", "a\r\nb", 0, K, "a\nb"},
	{"newline to space", "a\nb", 0, 0, "a b"},
	{"newline kept", "a\nb", 0, K, "a\nb"},
	{"DEL", "a\x7f" "b", 0, 0, "ab"},
	{"BEL BS VT FF", "a\x07\x08\x0b\x0c" "b", 0, 0, "ab"},
	{"C1 NEL and others", "a\xc2\x80\xc2\x85\xc2\x8e" "b", 0, 0, "ab"},
	{"C1 CSI with params", "a\xc2\x9b" "31mb", 0, 0, "ab"},
	{"C1 OSC to ST", "a\xc2\x9d" "0;title\xc2\x9c" "b", 0, 0, "ab"},
	{"SGR red", "x\x1b[31mred\x1b[0m", 0, 0, "xred"},
	{"CSI private params", "\x1b[?1049h" "a\x1b[2J", 0, 0, "a"},
	{"CSI aborted by newline", "\x1b[12\nz", 0, K, "\nz"},
	{"OSC 52 BEL", "a\x1b]52;c;ZXZpbA==\x07" "b", 0, 0, "ab"},
	{"OSC 52 ST", "a\x1b]52;c;ZXZpbA==\x1b\\b", 0, 0, "ab"},
	{"OSC 8 hyperlink", "\x1b]8;;http://evil/\x1b\\click\x1b]8;;\x1b\\", 0, 0, "click"},
	{"OSC title unterminated", "a\x1b]0;pwned", 0, 0, "a"},
	{"DCS", "a\x1bPq#0;2;0;0;0\x1b\\b", 0, 0, "ab"},
	{"APC PM SOS", "\x1b_x\x07" "1\x1b^y\x07" "2\x1bXz\x07" "3", 0, 0, "123"},
	{"two-byte ESC", "a\x1b" "cb\x1b(Bc", 0, 0, "abc"},
	{"ESC at end", "a\x1b", 0, 0, "a"},
	{"bidi overrides", "a\xe2\x80\xaa\xe2\x80\xab\xe2\x80\xac\xe2\x80\xad\xe2\x80\xae" "b", 0, 0, "ab"},
	{"bidi isolates", "a\xe2\x81\xa6\xe2\x81\xa7\xe2\x81\xa8\xe2\x81\xa9" "b", 0, 0, "ab"},
	{"U+2028 U+2029", "a\xe2\x80\xa8" "b\xe2\x80\xa9" "c", 0, K, "a\nb\nc"},
	{"bad lead", "a\xff" "b", 0, 0, "a" FFFD "b"},
	{"lone continuation", "a\x80" "b", 0, 0, "a" FFFD "b"},
	{"bad continuation", "a\xc3(b", 0, 0, "a" FFFD "(b"},
	{"overlong slash", "\xc0\xaf", 0, 0, FFFD FFFD},
	{"overlong 3 bytes", "\xe0\x80\xaf", 0, 0, FFFD FFFD FFFD},
	{"surrogate", "\xed\xa0\x80", 0, 0, FFFD FFFD FFFD},
	{"above U+10FFFF", "\xf4\x90\x80\x80", 0, 0, FFFD FFFD FFFD FFFD},
	{"truncated at end", "ab\xe6\x97", 0, 0, "ab" FFFD},
	{"truncated then ASCII", "\xf0\x9f\x93" "x", 0, 0, FFFD "x"},
	{"fold", "  a \t\n b  ", 0, F, "a b"},
	{"fold keep newlines", " a  \n\n  b \n", 0, F | K, "a\n\nb"},
	{"fold over removed controls", "a \x1b[1m b", 0, F, "a b"},
	{"no fold keeps runs", " a  b ", 0, 0, " a  b "},
	{"nbsp not folded", "a\xc2\xa0" "b", 0, F, "a\xc2\xa0" "b"},
};

static void
test_sanitize_table(void **state)
{
	size_t i, len;
	char *out;

	(void)state;
	for (i = 0; i < sizeof(san_rows) / sizeof(san_rows[0]); i++) {
		len = san_rows[i].len ? san_rows[i].len : strlen(san_rows[i].in);
		out = text_sanitize(san_rows[i].in, len, san_rows[i].flags);
		assert_non_null(out);
		if (strcmp(out, san_rows[i].want) != 0)
			fail_msg("row '%s': got '%s'", san_rows[i].name, out);
		free(out);
	}
}

/* Every C0 and C1 control goes, whatever surrounds it. */
static void
test_sanitize_every_control(void **state)
{
	char in[8], *out;
	uint32_t cp;
	size_t n;

	(void)state;
	for (cp = 0; cp <= 0x9F; cp++) {
		if (cp >= 0x20 && cp < 0x7F)
			continue;
		in[0] = 'a';
		n = 1 + text_utf8_encode(cp, in + 1);
		in[n++] = 'b';
		out = text_sanitize(in, n, 0);
		assert_non_null(out);
		/* Tab and newline become a space; ESC and C1 introducers may
		 * eat the 'b' as their final byte; nothing else survives. */
		if (cp == '\t' || cp == '\n')
			assert_string_equal(out, "a b");
		else if (cp == 0x1B || (cp >= 0x90 && cp <= 0x9F))
			assert_true(strcmp(out, "a") == 0 || strcmp(out, "ab") == 0);
		else
			assert_string_equal(out, "ab");
		free(out);
	}
}

static void
test_decode_encode(void **state)
{
	static const uint32_t cps[] = {0x41, 0xFC, 0x20AC, 0x65E5, 0x1F4F0, 0x10FFFF};
	char b[4];
	size_t i, n;
	uint32_t cp;

	(void)state;
	for (i = 0; i < sizeof(cps) / sizeof(cps[0]); i++) {
		n = text_utf8_encode(cps[i], b);
		assert_int_equal(text_utf8_decode(b, n, &cp), n);
		assert_int_equal(cp, cps[i]);
		/* Truncated: one U+FFFD for the prefix, never past len. */
		if (n > 1) {
			assert_int_equal(text_utf8_decode(b, n - 1, &cp), n - 1);
			assert_int_equal(cp, 0xFFFD);
		}
	}
	assert_int_equal(text_utf8_encode(0xD800, b), 3);
	assert_memory_equal(b, FFFD, 3);
}

static void
test_widths(void **state)
{
	static const struct {
		const char *s;
		size_t w;
	} rows[] = {
		{"", 0},
		{"London", 6},
		{"\xe6\x97\xa5\xe6\x9c\xac", 4},               /* 日本 */
		{"e\xcc\x81", 1},                              /* e + combining acute */
		{"\xf0\x9f\x93\xb0", 2},                       /* 📰 */
		{"\xef\xbc\xa1", 2},                           /* fullwidth A */
		{"a\xe2\x80\x8b" "b", 2},                      /* zero width space */
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		assert_int_equal(text_width(rows[i].s), rows[i].w);
	assert_int_equal(text_cp_width(0x0301), 0);
	assert_int_equal(text_cp_width(0x4E00), 2);
	assert_int_equal(text_cp_width('x'), 1);
	assert_int_equal(text_cp_width(0x1B), 0);
}

static void
test_fit(void **state)
{
	static const struct {
		const char *s;
		size_t width;
		bool pad;
		const char *want;
	} rows[] = {
		{"London", 10, false, "London"},
		{"London", 10, true, "London    "},
		{"London", 6, false, "London"},
		{"London Daily", 8, false, "London \xe2\x80\xa6"},
		{"London Daily", 8, true, "London \xe2\x80\xa6"},
		{"London", 1, false, "\xe2\x80\xa6"},
		{"London", 0, true, ""},
		/* 日本語 (6 columns) in 4: 日 + a space where 本 does not fit + … */
		{"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 4, false, "\xe6\x97\xa5 \xe2\x80\xa6"},
		{"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 5, true, "\xe6\x97\xa5\xe6\x9c\xac\xe2\x80\xa6"},
		{"\xe6\x97\xa5\xe6\x9c\xac", 5, true, "\xe6\x97\xa5\xe6\x9c\xac "},
		/* A combining mark stays with its base. */
		{"e\xcc\x81tude", 3, false, "e\xcc\x81t\xe2\x80\xa6"},
	};
	size_t i;
	char *out;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		out = text_fit(rows[i].s, rows[i].width, rows[i].pad);
		assert_non_null(out);
		if (strcmp(out, rows[i].want) != 0)
			fail_msg("fit row %zu: got '%s'", i, out);
		assert_true(text_width(out) <= rows[i].width);
		if (rows[i].pad)
			assert_int_equal(text_width(out), rows[i].width);
		free(out);
	}
}

static void
test_contains_ci(void **state)
{
	static const struct {
		const char *h, *n;
		bool want;
	} rows[] = {
		{"Focus on the big picture", "BIG PIC", true},
		{"Focus on the big picture", "", true},
		{"", "x", false},
		{"Focus", "focus on", false},
		{"news from z\xc3\xbcrich today", "Z\xc3\x9cRICH", true},
		{"\xce\x91\xce\x98\xce\x97\xce\x9d\xce\x91", "\xce\xb8\xce\xb7\xce\xbd", true}, /* ΑΘΗΝΑ / θην */
		{"zurich", "Z\xc3\x9cRICH", false},
		{"aaab", "aab", true},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		if (text_contains_ci(rows[i].h, rows[i].n) != rows[i].want)
			fail_msg("contains row %zu", i);
}

struct lines {
	char buf[4096];
	size_t n;
	size_t maxw;
};

static int
collect(const char *line, size_t len, void *payload)
{
	struct lines *l = payload;
	char tmp[1024];
	size_t w;

	assert_true(len < sizeof(tmp));
	memcpy(tmp, line, len);
	tmp[len] = '\0';
	w = text_width(tmp);
	if (w > l->maxw)
		l->maxw = w;
	if (l->n++ > 0)
		strcat(l->buf, "|");
	strcat(l->buf, tmp);
	return 0;
}

static void
test_wrap(void **state)
{
	static const struct {
		const char *s;
		size_t width;
		const char *want;
	} rows[] = {
		{"Focus on the big picture.", 10, "Focus on|the big|picture."},
		{"Focus on the big picture.", 0, "Focus on the big picture."},
		{"Focus on the big picture.", 80, "Focus on the big picture."},
		{"abcdefghijkl mn", 5, "abcde|fghij|kl mn"},
		{"a  b", 10, "a  b"},
		{"ab   ", 10, "ab"},
		{"  indented text", 10, "  indented|text"},
		{"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e\xe3\x81\xae\xe6\x96\x87", 4,
		    "\xe6\x97\xa5\xe6\x9c\xac|\xe8\xaa\x9e\xe3\x81\xae|\xe6\x96\x87"},
		{"\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 5, "\xe6\x97\xa5\xe6\x9c\xac|\xe8\xaa\x9e"},
		{"cafe\xcc\x81 cafe\xcc\x81", 5, "cafe\xcc\x81|cafe\xcc\x81"},
		{"a\nb", 10, "a|b"},
		{"", 10, ""},
	};
	struct lines l;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		memset(&l, 0, sizeof(l));
		assert_int_equal(text_wrap(rows[i].s, rows[i].width, collect, &l), 0);
		if (strcmp(l.buf, rows[i].want) != 0)
			fail_msg("wrap row %zu: got '%s'", i, l.buf);
		if (rows[i].width > 0)
			assert_true(l.maxw <= rows[i].width);
	}
}

static int
stop_at_two(const char *line, size_t len, void *payload)
{
	int *n = payload;

	(void)line;
	(void)len;
	return ++*n == 2 ? 42 : 0;
}

static void
test_wrap_stops_and_long_word(void **state)
{
	size_t big = 1 << 20, i;
	char *s = malloc(big + 1);
	struct lines l;
	int n = 0;

	(void)state;
	assert_int_equal(text_wrap("a b c d", 1, stop_at_two, &n), 42);
	assert_int_equal(n, 2);
	/* A 1 MB word breaks at the width, in linear time. */
	assert_non_null(s);
	for (i = 0; i < big; i++)
		s[i] = (char)('a' + i % 26);
	s[big] = '\0';
	n = 0;
	assert_int_equal(text_wrap(s, 64, stop_at_two, &n), 42);
	memset(&l, 0, sizeof(l));
	s[1000] = '\0';
	assert_int_equal(text_wrap(s, 300, collect, &l), 0);
	assert_int_equal(l.n, 4);
	assert_int_equal(l.maxw, 300);
	free(s);
}

/* text_fold and text_contains_ci agree: strstr on folded strings finds
 * exactly what the case-insensitive search finds. */
static void
test_fold_agrees_with_contains(void **state)
{
	static const char *const hay[] = {
		"Winter Fuel Cut", "ZÜRICH Café", "ΑΘΉΝΑ news", "plain ascii", "",
	};
	static const char *const needles[] = {
		"winter", "FUEL CUT", "zürich", "CAFÉ", "αθήνα", "x", "ascii", "Cut!",
	};
	size_t i, j;

	(void)state;
	for (i = 0; i < sizeof(hay) / sizeof(hay[0]); i++)
		for (j = 0; j < sizeof(needles) / sizeof(needles[0]); j++) {
			char *h = text_fold(hay[i]), *n = text_fold(needles[j]);
			assert_non_null(h);
			assert_non_null(n);
			if ((strstr(h, n) != NULL) != text_contains_ci(hay[i], needles[j]))
				fail_msg("'%s' in '%s' disagrees", needles[j], hay[i]);
			free(h);
			free(n);
		}
	{
		char *f = text_fold("ZÜRICH Café");
		assert_string_equal(f, "zürich café");
		free(f);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold_agrees_with_contains),
		cmocka_unit_test(test_sanitize_table),
		cmocka_unit_test(test_sanitize_every_control),
		cmocka_unit_test(test_decode_encode),
		cmocka_unit_test(test_widths),
		cmocka_unit_test(test_fit),
		cmocka_unit_test(test_contains_ci),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_wrap_stops_and_long_word),
	};

	if (!text_init())
		fprintf(stderr, "no UTF-8 locale\n");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
