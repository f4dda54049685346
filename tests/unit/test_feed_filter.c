/*
 * test_feed_filter.c - the byte filter in front of libxml2: what it mends,
 * what it leaves alone, and that where the chunks end changes nothing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "feed_filter.h"

static bool
sink_buf(void *ctx, const char *s, size_t n)
{
	assert_int_equal(buf_append(ctx, s, n), LDN_OK);
	return true;
}

/* The filter's output for in, pushed in chunks of `step` bytes (0: all at
 * once), in out; the filter's counts in *f. */
static void
filter(const char *in, size_t len, size_t step, bool utf8, struct buf *out,
       struct feed_filter *f)
{
	size_t i, n;

	buf_init(out, (size_t)1 << 24);
	feed_filter_init(f, utf8, sink_buf, out);
	for (i = 0; i < len || len == 0; i += n) {
		n = step == 0 || len - i < step ? len - i : step;
		feed_filter_push(f, in + i, n);
		if (len == 0)
			break;
	}
	feed_filter_finish(f);
}

struct row {
	const char *in;
	const char *out;
	size_t dropped, latin, c1, amps;
};

static const struct row rows[] = {
	/* plain text and markup pass as they are */
	{"<title>Plain &amp; simple &lt;b&gt; &#8217; &#x2014; &eacute;</title>",
	 "<title>Plain &amp; simple &lt;b&gt; &#8217; &#x2014; &eacute;</title>", 0, 0, 0, 0},
	/* bare ampersands become text */
	{"<t>AT&T, R&D & more &</t>", "<t>AT&amp;T, R&amp;D &amp; more &amp;</t>", 0, 0, 0, 4},
	{"<a href=\"x?a=1&b=2\">", "<a href=\"x?a=1&amp;b=2\">", 0, 0, 0, 1},
	{"&#; &#x; &#12a; &; &1x;", "&amp;#; &amp;#x; &amp;#12a; &amp;; &amp;1x;", 0, 0, 0, 5},
	/* inside CDATA nothing of that is touched; after it, again */
	{"<d><![CDATA[AT&T &#11; ]] ]> ]]]>&x</d>", "<d><![CDATA[AT&T &#11; ]] ]> ]]]>&amp;x</d>",
	 0, 0, 0, 1},
	{"<!-- & --><!DOCTYPE x>", "<!-- &amp; --><!DOCTYPE x>", 0, 0, 0, 1},
	/* references to characters XML forbids */
	{"a&#11;b&#x0C;c&#0;d&#xFFFE;e&#x110000;f", "a b cdef", 5, 0, 0, 0},
	{"&#150;&#x85;&#x81;", "\xe2\x80\x93\xe2\x80\xa6", 0, 0, 3, 0},
	/* raw controls */
	{"a\x0b" "b\x0c" "c\x01" "d\x7f" "e\tf\r\ng", "a b cd\x7f" "e\tf\r\ng", 3, 0, 0, 0},
	/* escape sequences go whole; text around them stays */
	{"\x1b[31mRED\x1b[0m", "RED", 2, 0, 0, 0},
	{"\x1b]0;pwned\x07name", "name", 1, 0, 0, 0},
	{"\x1b]52;c;eA==\x1b\\x", "x", 1, 0, 0, 0},
	{"react\x1b to", "react to", 1, 0, 0, 0},
	{"\x1b" "c reset", " reset", 1, 0, 0, 0},
	{"\x1b]0;title</t><u>", "</t><u>", 1, 0, 0, 0},
	{"\x1b[1;2&amp;", "&amp;", 1, 0, 0, 0},
	/* UTF-8: bad bytes as windows-1252, C1 controls too, U+FFFE/F gone */
	{"caf\xe9 \x93q\x94", "caf\xc3\xa9 \xe2\x80\x9cq\xe2\x80\x9d", 0, 3, 0, 0},
	{"\xc2\x85\xc2\x96\xc2\x8d", "\xe2\x80\xa6\xe2\x80\x93", 0, 0, 3, 0},
	{"a\xef\xbf\xbe" "b\xef\xbf\xbf" "c\xef\xbf\xbd", "abc\xef\xbf\xbd", 2, 0, 0, 0},
	{"\xe2\x82", "\xc3\xa2\xe2\x80\x9a", 0, 2, 0, 0}, /* cut by the end */
	{"\xf0\x9f\x93\xb0 news \xe2\x80\x94", "\xf0\x9f\x93\xb0 news \xe2\x80\x94", 0, 0, 0, 0},
	/* a long name is no reference */
	{"&abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz;",
	 "&amp;abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz;", 0, 0, 0, 1},
};

static void
check_row(const struct row *r, size_t step)
{
	struct buf out;
	struct feed_filter f;
	size_t len = strlen(r->in);

	filter(r->in, len, step, true, &out, &f);
	if (out.len != strlen(r->out) || memcmp(out.data, r->out, out.len) != 0)
		fail_msg("\"%s\" in steps of %zu: \"%.*s\" want \"%s\"", r->in, step,
			 (int)out.len, out.data ? out.data : "", r->out);
	if (f.dropped.n != r->dropped || f.latin.n != r->latin || f.c1.n != r->c1 ||
	    f.amps.n != r->amps)
		fail_msg("\"%s\" in steps of %zu: counts %zu %zu %zu %zu want %zu %zu %zu %zu",
			 r->in, step, f.dropped.n, f.latin.n, f.c1.n, f.amps.n, r->dropped,
			 r->latin, r->c1, r->amps);
	buf_free(&out);
}

static void
test_rows(void **state)
{
	size_t i, step;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		for (step = 0; step <= 12; step++)
			check_row(&rows[i], step);
}

/* A long document with every kind of thing at every offset: any chunking
 * gives the bytes the whole gives (the SIMD scan's 16- and 32-byte steps
 * and the waiting across chunks meet every case). */
static void
test_chunking(void **state)
{
	static const char *const parts[] = {
		"plain text ", "&amp;", "AT&T ", "<![CDATA[a&b]]>", "]]", "<!-- c -->",
		"\x1b[1m", "\x0b", "\xe9", "\xc2\x96", "&#11;", "&#x2014;", "\xe2\x80\x94",
		"\xef\xbf\xbe", "<", "!", "]", "\n", "&nbsp;",
	};
	struct buf doc, whole, part;
	struct feed_filter f, g;
	unsigned seed = 7;
	size_t i, step;

	(void)state;
	buf_init(&doc, (size_t)1 << 24);
	for (i = 0; i < 3000; i++) {
		seed = seed * 1103515245u + 12345u;
		assert_int_equal(buf_puts(&doc, parts[(seed >> 16) % 19]), LDN_OK);
	}
	filter(doc.data, doc.len, 0, true, &whole, &f);
	for (step = 1; step <= 67; step += 3) {
		filter(doc.data, doc.len, step, true, &part, &g);
		assert_int_equal(part.len, whole.len);
		assert_memory_equal(part.data, whole.data, whole.len);
		assert_int_equal(g.dropped.n, f.dropped.n);
		assert_int_equal(g.latin.n, f.latin.n);
		assert_int_equal(g.amps.n, f.amps.n);
		assert_int_equal(g.lines, f.lines);
		buf_free(&part);
	}
	assert_true(f.amps.n > 0 && f.dropped.n > 0 && f.latin.n > 0 && f.c1.n > 0);
	buf_free(&whole);
	buf_free(&doc);
}

/* Not UTF-8 (a legacy encoding libxml2 converts): high bytes pass. */
static void
test_legacy(void **state)
{
	static const char in[] = "<t>\xe9t\xe9 & \x93\x0b</t>";
	struct buf out;
	struct feed_filter f;

	(void)state;
	filter(in, sizeof(in) - 1, 0, false, &out, &f);
	assert_int_equal(out.len, strlen("<t>\xe9t\xe9 &amp; \x93 </t>"));
	assert_memory_equal(out.data, "<t>\xe9t\xe9 &amp; \x93 </t>", out.len);
	assert_int_equal(f.latin.n, 0);
	buf_free(&out);
}

/* The line of the first change of each kind. */
static void
test_lines(void **state)
{
	static const char in[] = "<a>\n\n&x\n\x0b\n\xe9</a>";
	struct buf out;
	struct feed_filter f;

	(void)state;
	filter(in, sizeof(in) - 1, 0, true, &out, &f);
	assert_int_equal(f.amps.line, 3);
	assert_int_equal(f.dropped.line, 4);
	assert_int_equal(f.latin.line, 5);
	buf_free(&out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_chunking),
		cmocka_unit_test(test_legacy),
		cmocka_unit_test(test_lines),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
