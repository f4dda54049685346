/*
 * Unit tests for render.c.
 *
 * Golden files: tests/data/render/<case>.html is rendered by render_body()
 * at widths 40 and 80 against a fixed base URL and compared with
 * <case>.<width>.txt. Each golden line is "<style letter> <text>" (letters
 * below; an empty line is the letter alone), and when the body has links the test appends "-" then one
 * "[n] <url>" line per link, so numbering and resolution are checked too.
 * Running the test with LDN_REGEN=1 rewrites the goldens instead (then
 * read them before committing).
 *
 * Built in code: deep nesting, a 1 MB word, link numbering across calls,
 * plain text bodies, render_plain() and render_article()'s section order.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/parser.h>

#include "article.h"
#include "buf.h"
#include "render.h"
#include "support.h"
#include "text.h"

#define BASE "https://londondaily.com/news/today.html"

/* Indexed by enum render_style. */
static const char style_letter[] = "BTSMHQPLX";

static const char *const cases[] = {
	"blockquote", "escapes", "headings", "images", "links", "lists",
	"paragraphs", "pre", "script", "table", "wide",
};

/* No control byte, no ESC, valid UTF-8, no bidi override. */
static void
assert_clean(const char *s)
{
	size_t i, len = strlen(s), n;
	uint32_t cp;

	for (i = 0; i < len; i += n) {
		n = text_utf8_decode(s + i, len - i, &cp);
		if (cp == 0xFFFD && memcmp(s + i, "\xef\xbf\xbd", 3) != 0)
			fail_msg("invalid UTF-8 in '%s'", s);
		if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) ||
		    (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069))
			fail_msg("control U+%04X in '%s'", (unsigned)cp, s);
	}
}

static void
assert_doc_fits(const struct render_doc *doc, size_t width)
{
	size_t i;

	for (i = 0; i < doc->nlines; i++) {
		const char *t = doc->lines[i].text;
		assert_clean(t);
		/* Lines that carry a URL are never wrapped, so it stays clickable. */
		if (doc->lines[i].style == RENDER_LINKS || strncmp(t, "Link: ", 6) == 0)
			continue;
		if (width > 0 && text_width(t) > width)
			fail_msg("line %zu wider than %zu: '%s'", i, width,
			    doc->lines[i].text);
	}
	for (i = 0; i < doc->nlinks; i++)
		assert_clean(doc->links[i]);
}

static void
format_doc(const struct render_doc *doc, struct buf *out)
{
	size_t i;

	for (i = 0; i < doc->nlines; i++)
		assert_int_equal(buf_printf(out, "%c%s%s\n",
		    style_letter[doc->lines[i].style],
		    *doc->lines[i].text ? " " : "", doc->lines[i].text), LDN_OK);
	if (doc->nlinks > 0)
		assert_int_equal(buf_puts(out, "-\n"), LDN_OK);
	for (i = 0; i < doc->nlinks; i++)
		assert_int_equal(buf_printf(out, "[%zu] %s\n", i + 1,
		    doc->links[i]), LDN_OK);
}

static void
test_goldens(void **state)
{
	static const size_t widths[] = {40, 80};
	struct render_doc doc;
	struct buf out;
	char path[512], *html, *want;
	size_t c, w;
	bool regen = getenv("LDN_REGEN") != NULL;

	(void)state;
	for (c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		snprintf(path, sizeof(path), "%s/render/%s.html", LDN_TEST_DATA, cases[c]);
		html = ts_slurp(path, NULL);
		for (w = 0; w < 2; w++) {
			memset(&doc, 0, sizeof(doc));
			assert_int_equal(render_body(&doc, html, ARTICLE_FMT_HTML, BASE,
			    widths[w]), LDN_OK);
			assert_doc_fits(&doc, widths[w]);
			buf_init(&out, 1 << 24);
			format_doc(&doc, &out);
			snprintf(path, sizeof(path), "%s/render/%s.%zu.txt",
			    LDN_TEST_DATA, cases[c], widths[w]);
			if (regen) {
				ts_spit(path, buf_cstr(&out), out.len);
			} else {
				want = ts_slurp(path, NULL);
				if (strcmp(want, buf_cstr(&out)) != 0)
					fail_msg("%s differs; got:\n%s", path, buf_cstr(&out));
				free(want);
			}
			buf_free(&out);
			render_doc_free(&doc);
		}
		free(html);
	}
}

static char *
repeat(const char *open, size_t n, const char *middle)
{
	struct buf b;
	size_t i;

	buf_init(&b, 1 << 26);
	for (i = 0; i < n; i++)
		assert_int_equal(buf_puts(&b, open), LDN_OK);
	assert_int_equal(buf_puts(&b, middle), LDN_OK);
	return buf_detach(&b);
}

static bool
doc_has(const struct render_doc *doc, const char *needle)
{
	size_t i;

	for (i = 0; i < doc->nlines; i++)
		if (strstr(doc->lines[i].text, needle) != NULL)
			return true;
	return false;
}

static void
test_deep_nesting(void **state)
{
	static const char *const opens[] = {
		"<div>", "<blockquote>", "<ul><li>", "<ol><li>x ", "<b>",
		"<table><tr><td>", "<dl><dd>", "<pre>",
	};
	struct render_doc doc;
	size_t i;
	char *html;

	(void)state;
	for (i = 0; i < sizeof(opens) / sizeof(opens[0]); i++) {
		html = repeat(opens[i], 10000, "deep text at the bottom");
		memset(&doc, 0, sizeof(doc));
		assert_int_equal(render_body(&doc, html, ARTICLE_FMT_HTML, NULL, 40),
		    LDN_OK);
		assert_doc_fits(&doc, 40);
		if (!doc_has(&doc, "deep"))
			fail_msg("text lost under %s", opens[i]);
		render_doc_free(&doc);
		free(html);
	}
}

static void
test_huge_word(void **state)
{
	size_t big = 1 << 20, i, total = 0;
	struct render_doc doc;
	char *html = malloc(big + 8);

	(void)state;
	assert_non_null(html);
	memcpy(html, "<p>", 3);
	for (i = 0; i < big; i++)
		html[3 + i] = 'w';
	html[3 + big] = '\0';
	memset(&doc, 0, sizeof(doc));
	assert_int_equal(render_body(&doc, html, ARTICLE_FMT_HTML, NULL, 40), LDN_OK);
	assert_doc_fits(&doc, 40);
	assert_int_equal(doc.nlines, (big + 39) / 40);
	for (i = 0; i < doc.nlines; i++)
		total += strlen(doc.lines[i].text);
	assert_int_equal(total, big);
	render_doc_free(&doc);
	free(html);
}

static void
test_huge_table(void **state)
{
	struct render_doc doc;
	struct buf b;
	size_t i;
	char *html;

	(void)state;
	buf_init(&b, 1 << 24);
	assert_int_equal(buf_puts(&b, "<table><tr>"), LDN_OK);
	for (i = 0; i < 200; i++)
		assert_int_equal(buf_printf(&b, "<th>h%zu</th>", i), LDN_OK);
	assert_int_equal(buf_puts(&b, "</tr><tr>"), LDN_OK);
	for (i = 0; i < 200; i++)
		assert_int_equal(buf_printf(&b, "<td>c%zu</td>", i), LDN_OK);
	assert_int_equal(buf_puts(&b, "</tr></table>"), LDN_OK);
	html = buf_detach(&b);
	memset(&doc, 0, sizeof(doc));
	assert_int_equal(render_body(&doc, html, ARTICLE_FMT_HTML, NULL, 0), LDN_OK);
	/* Labelled rows even without a width: 200 columns never align. */
	assert_int_equal(doc.nlines, 200);
	assert_string_equal(doc.lines[0].text, "h0: c0");
	assert_string_equal(doc.lines[199].text, "h199: c199");
	render_doc_free(&doc);
	free(html);
}

static void
test_links_continue(void **state)
{
	struct render_doc doc;

	(void)state;
	memset(&doc, 0, sizeof(doc));
	assert_int_equal(render_body(&doc, "<p><a href=\"/a\">A</a></p>",
	    ARTICLE_FMT_HTML, BASE, 80), LDN_OK);
	assert_int_equal(render_body(&doc,
	    "<p><a href=\"/b\">B</a> <a href=\"https://londondaily.com/a\">A again</a></p>",
	    ARTICLE_FMT_HTML, BASE, 80), LDN_OK);
	assert_int_equal(doc.nlinks, 2);
	assert_string_equal(doc.links[0], "https://londondaily.com/a");
	assert_string_equal(doc.links[1], "https://londondaily.com/b");
	assert_int_equal(doc.nlines, 2);
	assert_string_equal(doc.lines[0].text, "A[1]");
	assert_string_equal(doc.lines[1].text, "B[2] A again[1]");
	render_doc_free(&doc);
	assert_null(doc.lines);
	assert_int_equal(doc.nlinks, 0);
}

static void
test_text_body(void **state)
{
	static const char *const want[] = {
		"First line of a", "paragraph", "second line", "", "Next paragraph",
	};
	struct render_doc doc;
	size_t i;

	(void)state;
	memset(&doc, 0, sizeof(doc));
	assert_int_equal(render_body(&doc,
	    "First line of a paragraph\r\nsecond   line\n\n\n  Next paragraph\x1b[1m\n\n",
	    ARTICLE_FMT_TEXT, NULL, 16), LDN_OK);
	assert_int_equal(doc.nlines, sizeof(want) / sizeof(want[0]));
	for (i = 0; i < doc.nlines; i++)
		assert_string_equal(doc.lines[i].text, want[i]);
	render_doc_free(&doc);
}

static void
test_plain(void **state)
{
	static const struct {
		const char *src;
		enum article_fmt fmt;
		const char *want;
	} rows[] = {
		{"<p>Focus on the <b>big</b> picture.</p><p>Second&nbsp;para</p>",
		    ARTICLE_FMT_HTML, "Focus on the big picture. Second\xc2\xa0para"},
		{"a<br>b<script>evil()</script>  c", ARTICLE_FMT_HTML, "a b c"},
		/* libxml2 drops the invalid &#27; itself; the rest is harmless text. */
		{"x &#27;[31mred &lt;b&gt;", ARTICLE_FMT_HTML, "x [31mred <b>"},
		{"<b>&lt;</b>", ARTICLE_FMT_HTML, "<"},
		{"", ARTICLE_FMT_HTML, ""},
		{"  plain\n\ttext\x1b]0;t\x07  ", ARTICLE_FMT_TEXT, "plain text"},
	};
	size_t i;
	char *out;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		out = render_plain(rows[i].src, rows[i].fmt);
		assert_non_null(out);
		if (strcmp(out, rows[i].want) != 0)
			fail_msg("plain row %zu: got '%s'", i, out);
		free(out);
	}
}

static struct article *
sample_article(void)
{
	struct article *a = article_new();

	assert_non_null(a);
	a->feed = strdup("London Daily");
	a->title = strdup("Mayor\x1b[2J announces new transport plan for the capital");
	a->link = strdup("https://londondaily.com/news/transport-plan");
	/* An unterminated OSC in one field must not swallow the next ones. */
	a->author = strdup("Jane Reporter\x1b]0;pwned");
	a->published = 1726133400; /* 2024-09-12 09:30 UTC */
	a->has_published = true;
	assert_int_equal(article_add_tag(a, "ANT"), LDN_OK);
	assert_int_equal(article_add_tag(a, "Politics"), LDN_OK);
	a->summary = strdup("<p>Buses, trams &amp; cycle lanes.</p>");
	a->summary_fmt = ARTICLE_FMT_HTML;
	a->content = strdup("<p>The plan, <a href=\"/plan.pdf\">published today</a>, "
	    "covers all boroughs.</p><p>More soon.</p>");
	a->content_fmt = ARTICLE_FMT_HTML;
	assert_int_equal(article_add_enclosure(a, "https://londondaily.com/a.mp3",
	    "audio/mpeg", 1572864), LDN_OK);
	return a;
}

static void
test_article_order(void **state)
{
	static const struct {
		enum render_style style;
		const char *text;
	} want[] = {
		{RENDER_TITLE, "Mayor announces new transport plan for"},
		{RENDER_TITLE, "the capital"},
		{RENDER_BODY, ""},
		{RENDER_STANDFIRST, "Buses, trams & cycle lanes."},
		{RENDER_BODY, ""},
		{RENDER_META, "By Jane Reporter \xc2\xb7 Thu 12 Sep 2024 09:30"},
		{RENDER_META, "\xc2\xb7 London Daily"},
		{RENDER_META, "Tags: #ANT #Politics"},
		{RENDER_META, "Link: https://londondaily.com/news/transport-plan"},
		{RENDER_BODY, ""},
		{RENDER_BODY, "The plan, published today[1], covers all"},
		{RENDER_BODY, "boroughs."},
		{RENDER_BODY, ""},
		{RENDER_BODY, "More soon."},
		{RENDER_BODY, ""},
		{RENDER_SECTION, "Enclosures"},
		{RENDER_LINKS, "[e1] https://londondaily.com/a.mp3 (audio/mpeg, 1.5 MB)"},
		{RENDER_BODY, ""},
		{RENDER_SECTION, "Links"},
		{RENDER_LINKS, "[1] https://londondaily.com/plan.pdf"},
		{RENDER_BODY, ""},
		{RENDER_SECTION, "Related articles"},
		{RENDER_BODY, " 7  Fares frozen"},
		{RENDER_BODY, "12  Trams return to the Strand after"},
		{RENDER_BODY, "    sixty years"},
	};
	static const struct render_related rel[] = {
		{7, "Fares frozen"},
		{12, "Trams return to the Strand after sixty years"},
	};
	struct article *a = sample_article();
	struct render_doc doc;
	size_t i;

	(void)state;
	memset(&doc, 0, sizeof(doc));
	assert_int_equal(render_article(&doc, a, rel, 2, 40, 0), LDN_OK);
	assert_doc_fits(&doc, 40);
	if (getenv("LDN_DUMP"))
		for (i = 0; i < doc.nlines; i++)
			fprintf(stderr, "%c|%s|\n", style_letter[doc.lines[i].style], doc.lines[i].text);
	for (i = 0; i < doc.nlines && i < sizeof(want) / sizeof(want[0]); i++) {
		if (strcmp(doc.lines[i].text, want[i].text) != 0 ||
		    doc.lines[i].style != want[i].style)
			fail_msg("line %zu: got %c '%s'", i,
			    style_letter[doc.lines[i].style], doc.lines[i].text);
	}
	assert_int_equal(doc.nlines, sizeof(want) / sizeof(want[0]));
	render_doc_free(&doc);
	article_free(a);
}

/* A link longer than the width: --show keeps it whole on one line; the
 * reader (RENDER_WRAP_URLS) wraps it, every piece of it there, in order. */
static void
test_article_long_link_wraps_in_the_reader(void **state)
{
	static const char url[] = "https://londondaily.com/2024/09/12/a-very-long-path-"
				  "that-no-pane-of-forty-columns-can-hold.pdf";
	struct article *a = article_new();
	struct render_doc doc;
	struct buf joined;
	size_t i;
	bool in_links = false;

	(void)state;
	assert_non_null(a);
	a->feed = strdup("");
	a->title = strdup("Long link");
	a->content = strdup("<p>See <a href=\"https://londondaily.com/2024/09/12/a-very-long-path-"
			    "that-no-pane-of-forty-columns-can-hold.pdf\">the plan</a>.</p>");
	a->content_fmt = ARTICLE_FMT_HTML;
	memset(&doc, 0, sizeof(doc));
	assert_int_equal(render_article(&doc, a, NULL, 0, 40, 0), LDN_OK);
	assert_string_equal(doc.lines[doc.nlines - 1].text + 4, url);
	render_doc_free(&doc);
	memset(&doc, 0, sizeof(doc));
	assert_int_equal(render_article(&doc, a, NULL, 0, 40, RENDER_WRAP_URLS), LDN_OK);
	assert_doc_fits(&doc, 40);
	buf_init(&joined, 4096);
	for (i = 0; i < doc.nlines; i++) {
		if (doc.lines[i].style == RENDER_SECTION)
			in_links = strcmp(doc.lines[i].text, "Links") == 0;
		else if (in_links && doc.lines[i].style == RENDER_LINKS)
			assert_int_equal(buf_puts(&joined, doc.lines[i].text), LDN_OK);
	}
	assert_true(doc.nlines > 0);
	/* (The line breaks at the blank after the number, which goes.) */
	assert_string_equal(buf_cstr(&joined), "[1]https://londondaily.com/2024/09/12/a-very-"
			    "long-path-that-no-pane-of-forty-columns-can-hold.pdf");
	buf_free(&joined);
	render_doc_free(&doc);
	article_free(a);
}

/* No content: the summary is the body and there is no standfirst. */
static void
test_article_summary_only(void **state)
{
	struct article *a = article_new();
	struct render_doc doc;

	(void)state;
	assert_non_null(a);
	a->feed = strdup("");
	a->title = strdup("Short");
	a->summary = strdup("Only a summary.");
	a->summary_fmt = ARTICLE_FMT_TEXT;
	memset(&doc, 0, sizeof(doc));
	assert_int_equal(render_article(&doc, a, NULL, 0, 0, 0), LDN_OK);
	assert_int_equal(doc.nlines, 3);
	assert_string_equal(doc.lines[0].text, "Short");
	assert_string_equal(doc.lines[1].text, "");
	assert_string_equal(doc.lines[2].text, "Only a summary.");
	assert_int_equal(doc.lines[2].style, RENDER_BODY);
	render_doc_free(&doc);
	article_free(a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_goldens),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_huge_word),
		cmocka_unit_test(test_huge_table),
		cmocka_unit_test(test_links_continue),
		cmocka_unit_test(test_text_body),
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_article_order),
		cmocka_unit_test(test_article_summary_only),
		cmocka_unit_test(test_article_long_link_wraps_in_the_reader),
	};
	int rv;

	text_init();
	rv = cmocka_run_group_tests(tests, NULL, NULL);
	xmlCleanupParser();
	return rv;
}
