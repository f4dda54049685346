/*
 * Unit tests for msg.c: every message is one sanitized line, whatever the
 * text put into it (a server's charset or reason phrase, a path).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "msg.h"
#include "text.h"

static void
test_one_clean_line(void **state)
{
	static const struct {
		const char *arg, *want;
	} rows[] = {
		{"plain", "ldnews: src: plain\n"},
		/* OSC 0 (title), OSC 52 (clipboard), RIS, CSI 2J, C1 CSI. */
		{"\x1b]0;title\x07\x1b]52;c;aGk=\x07\x1b" "c\x1b[2J\xc2\x9b" "31mX",
		 "ldnews: src: X\n"},
		{"a\xe2\x80\xae" "b\xe2\x81\xa6" "c\xe2\x81\xa9", "ldnews: src: abc\n"},
		{"line\r\nbreak\n\tand\x7f tab", "ldnews: src: line break and tab\n"},
		{"bad \xff utf-8", "ldnews: src: bad \xef\xbf\xbd utf-8\n"},
		/* An open string swallows the rest, as a terminal would. */
		{"cut \x1b]0;rest", "ldnews: src: cut\n"},
	};
	char *out;
	size_t len, i;
	FILE *m;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		out = NULL;
		m = open_memstream(&out, &len);
		assert_non_null(m);
		msg_print(m, "%s: %s", "src", rows[i].arg);
		fclose(m);
		assert_string_equal(out, rows[i].want);
		free(out);
	}
	out = NULL;
	m = open_memstream(&out, &len);
	assert_non_null(m);
	msg_plain(m, "into %s", "/tmp/a\nb\x1b[2J");
	fclose(m);
	assert_string_equal(out, "into /tmp/a b\n");
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_clean_line),
	};
	text_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
