/*
 * Unit tests for extract.c: the London Daily page exactly (body, tag,
 * audio, related headlines), metadata of pages of several platforms
 * (tests/data/pages), URL resolution and <base>, the scheme rules, and
 * hostile pages: deep nesting, a page over the cap, entity tricks, NUL
 * bytes, broken encodings, control characters, and linear cost.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "extract.h"
#include "render.h"
#include "support.h"
#include "text.h"

#define LD_URL "https://londondaily.example/news/1234-offices.html"

static struct extract *
extract_ok(const char *html, size_t len, const char *url)
{
	struct extract *e = NULL;
	char *cause = NULL;
	int st = extract_page(html, len, url, &e, &cause);

	if (st != LDN_OK)
		fail_msg("extract_page: %d %s", st, cause ? cause : "");
	assert_null(cause);
	assert_non_null(e);
	return e;
}

static struct extract *
extract_file(const char *name, const char *url)
{
	size_t len;
	char *html = ts_slurp(ts_data_path("pages/%s", name), &len);
	struct extract *e = extract_ok(html, len, url);

	free(html);
	return e;
}

/* The body as render_body() gives it, one non-empty line each. */
static char *
body_lines(const struct extract *e)
{
	struct render_doc doc;
	struct buf b;
	size_t i;

	memset(&doc, 0, sizeof(doc));
	buf_init(&b, 1 << 24);
	assert_int_equal(render_body(&doc, e->body, ARTICLE_FMT_HTML, NULL, 0), LDN_OK);
	for (i = 0; i < doc.nlines; i++)
		if (doc.lines[i].text[0] != '\0')
			assert_int_equal(buf_printf(&b, "%s\n", doc.lines[i].text), LDN_OK);
	render_doc_free(&doc);
	return buf_detach(&b);
}

static void
test_london_daily(void **state)
{
	struct extract *e = extract_file("london-daily.html", LD_URL);
	char *want = ts_slurp(ts_data_path("pages/london-daily.expected.txt"), NULL);
	char *related = ts_slurp(ts_data_path("pages/london-daily.related.txt"), NULL);
	char *got = body_lines(e), *line, *tab, *save = NULL;
	size_t k = 0;

	(void)state;
	assert_string_equal(got, want);
	assert_string_equal(e->title, "London Councils Turn Empty Offices into Affordable Homes");
	assert_int_equal(e->ntags, 1);
	assert_string_equal(e->tags[0], "ANT");
	assert_int_equal(e->nenclosures, 1);
	/* "audio/..." is relative to <base href>, not to the page */
	assert_string_equal(e->enclosures[0].url,
	    "https://londondaily.example/news/audio/london-daily.mp3");
	assert_string_equal(e->enclosures[0].type, "audio/mpeg");
	assert_string_equal(e->lead_image, "https://londondaily.example/images/london-daily.jpg");
	assert_string_equal(e->lead_image_alt, "An office block in Croydon under conversion");
	for (line = strtok_r(related, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save), k++) {
		tab = strchr(line, '\t');
		assert_non_null(tab);
		*tab = '\0';
		assert_true(k < e->nrelated);
		assert_string_equal(e->related[k].title, line);
		assert_string_equal(e->related[k].url, tab + 1);
	}
	assert_int_equal(k, 50);
	assert_int_equal(e->nrelated, 50);
	/* the player's "0:00" and "Close", the masthead, the newsletter: not body */
	assert_null(strstr(got, "0:00"));
	assert_null(strstr(got, "Newsletter"));
	assert_null(strstr(got, "Focus on the big picture"));
	free(got);
	free(want);
	free(related);
	extract_free(e);
}

/* Without a class saying so, the list after a "Related Articles"
 * heading is the related block: harvested, and out of the body. */
static void
test_related_heading(void **state)
{
	struct extract *e = extract_file("raw-related-heading.html",
	    "https://cap.example/news/trees.html");
	char *text = body_lines(e);

	(void)state;
	assert_int_equal(e->nrelated, 6);
	assert_string_equal(e->related[0].title, "Night Tube Returns on Two More Lines");
	assert_string_equal(e->related[0].url, "https://cap.example/news/0.html");
	assert_string_equal(e->related[5].title, "Thames Swim Ban Lifted for One Day");
	assert_null(strstr(text, "Related"));
	assert_null(strstr(text, "Night Tube"));
	free(text);
	extract_free(e);
}

/* title, byline, date as the .meta beside the page says */
static void
test_metadata(void **state)
{
	static const struct {
		const char *file, *title, *byline, *date;
		long long published;
	} rows[] = {
		{"wordpress-allotment.html", "What the Allotment Taught Me About Patience",
		 "Hannah Whitcombe", "2024-02-11T08:30:00+00:00", 1707640200},
		{"ghost-ferries.html", "The Quiet Economics of Island Ferries",
		 "Callum Rennie", "2024-03-02T07:00:00.000Z", 1709362800},
		{"jsonld-glacier.html", "Alpine Glacier Loses a Tenth of Its Ice in One Summer",
		 "Livia Brunner", "2023-10-05T12:00:00+02:00", 1696500000},
		/* the comments' "comment-author" is no byline: the meta's is */
		{"raw-comments-outweigh.html", "Tenants Win Repairs Case Against Landlord",
		 "Ruth Abara", "2024-03-21T10:00:00+00:00", 1711015200},
		/* og:title's " - Site" goes; JSON-LD in an array */
		{"raw-og-title-suffix.html", "Library Fines Abolished Across the County",
		 "Samir Qureshi", "2024-03-01T09:30:00+00:00", 1709285400},
		{"raw-inline-related.html", "New Ferry Route Links the Two Islands",
		 "Eilidh Morrison", "2024-05-20T07:00:00+01:00", 1716184800},
	};
	struct extract *e;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		e = extract_file(rows[i].file, "https://example.org/post/1");
		assert_string_equal(e->title, rows[i].title);
		assert_non_null(e->byline);
		assert_string_equal(e->byline, rows[i].byline);
		assert_non_null(e->date);
		assert_string_equal(e->date, rows[i].date);
		assert_true(e->has_published);
		assert_int_equal((long long)e->published, rows[i].published);
		extract_free(e);
	}
}

/* An old table layout: the cell with the text, not the menu beside it;
 * a paywall's hidden text and the share bar stay out. */
static void
test_layouts(void **state)
{
	struct extract *e;
	char *text;

	(void)state;
	e = extract_file("raw-br-only.html", "https://example.org/minutes/1");
	text = body_lines(e);
	assert_non_null(strstr(text, "The winter meeting of the allotment society"));
	assert_non_null(strstr(text, "seed swap"));
	assert_null(strstr(text, "Plots"));
	assert_null(strstr(text, "Last updated"));
	free(text);
	extract_free(e);
	e = extract_file("raw-hidden-paywall.html", "https://example.org/fish");
	text = body_lines(e);
	assert_non_null(strstr(text, "Quotas for cod and haddock"));
	assert_null(strstr(text, "Subscribe"));
	assert_null(strstr(text, "search engines"));
	assert_null(strstr(text, "Tweet"));
	assert_string_equal(e->byline, "Niamh Gallagher");
	assert_int_equal(e->ntags, 1);
	free(text);
	extract_free(e);
}

/* A page of a few paragraphs around `inner`, for the small cases. */
static char *
page_with(const char *headextra, const char *inner)
{
	struct buf b;

	buf_init(&b, 1 << 24);
	assert_int_equal(buf_printf(&b, "<html><head><title>T</title>%s</head><body>"
	    "<div class=\"nav\"><a href=\"/\">Home</a></div><article>"
	    "<p>The first paragraph of the story runs long enough, with commas, to score well here.</p>"
	    "<p>%s</p>"
	    "<p>A last paragraph closes the story, again long enough and with a comma, to count.</p>"
	    "</article></body></html>", headextra, inner), LDN_OK);
	return buf_detach(&b);
}

static void
test_urls(void **state)
{
	static const struct {
		const char *head, *inner, *url, *want;
	} rows[] = {
		/* relative to the page */
		{"", "See <a href=\"../other.html\">the other story</a> for more.",
		 "https://example.org/a/b/page.html", "href=\"https://example.org/a/other.html\""},
		/* <base href> wins over the page */
		{"<base href=\"https://cdn.example.net/x/\">",
		 "See <a href=\"other.html\">the other story</a> for more.",
		 "https://example.org/a/b/page.html", "href=\"https://cdn.example.net/x/other.html\""},
		/* a relative <base> is itself relative to the page */
		{"<base href=\"/root/\">", "An <img src=\"pic.png\" alt=\"a pic\"> here.",
		 "https://example.org/a/b/page.html", "src=\"https://example.org/root/pic.png\""},
		{"", "Write <a href=\"mailto:desk@example.org\">to the desk</a> now.",
		 "https://example.org/", "href=\"mailto:desk@example.org\""},
	};
	struct extract *e;
	char *html;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		html = page_with(rows[i].head, rows[i].inner);
		e = extract_ok(html, strlen(html), rows[i].url);
		if (strstr(e->body, rows[i].want) == NULL)
			fail_msg("row %zu: %s not in %s", i, rows[i].want, e->body);
		extract_free(e);
		free(html);
	}
}

static void
test_schemes(void **state)
{
	struct extract *e;
	char *html;

	(void)state;
	html = page_with("<meta property=\"og:image\" content=\"javascript:alert(1)\">",
	    "Click <a href=\"javascript:alert(1)\">here</a> or "
	    "<a href=\" JaVaScRiPt:alert(2)\">there</a> or "
	    "<a href=\"data:text/html,<b>x</b>\">data</a> or "
	    "<a href=\"file:///etc/passwd\">file</a>; "
	    "<img src=\"data:image/png;base64,AAAA\" alt=\"inline\"> "
	    "<audio src=\"javascript:x()\"></audio>");
	e = extract_ok(html, strlen(html), "https://example.org/s");
	assert_null(strstr(e->body, "javascript"));
	assert_null(strstr(e->body, "JaVaScRiPt"));
	assert_null(strstr(e->body, "data:"));
	assert_null(strstr(e->body, "file:"));
	/* the links' text stays, unlinked */
	assert_non_null(strstr(e->body, "here"));
	assert_non_null(strstr(e->body, "there"));
	assert_null(e->lead_image);
	assert_int_equal(e->nenclosures, 0);
	extract_free(e);
	free(html);
}

/* The lead image: og:image with its alt; without og:image, the body's
 * first image with its own alt (an og:image:alt alone is not its). */
static void
test_lead_image(void **state)
{
	struct extract *e;
	char *html;

	(void)state;
	html = page_with("<meta property=\"og:image:alt\" content=\"The og alt\">",
	    "A picture <img src=\"/p.jpg\" alt=\"Body alt\"> of it.");
	e = extract_ok(html, strlen(html), "https://example.org/x/y");
	assert_string_equal(e->lead_image, "https://example.org/p.jpg");
	assert_string_equal(e->lead_image_alt, "Body alt");
	extract_free(e);
	free(html);
}

static void
test_sanitized(void **state)
{
	struct extract *e;
	char *html, *text;

	(void)state;
	html = page_with("<meta property=\"og:title\" content=\"Evil\x1b]0;pwned\x07 title\">"
	    "<meta name=\"author\" content=\"A\x1b[31m B\">",
	    "Text with \x1b[2J an escape, a bell \x07 and a \xe2\x80\xae bidi override in it.");
	e = extract_ok(html, strlen(html), NULL);
	assert_null(strchr(e->title, '\x1b'));
	assert_null(strchr(e->title, '\x07'));
	assert_null(strchr(e->byline, '\x1b'));
	assert_null(strchr(e->body, '\x1b'));
	assert_null(strchr(e->body, '\x07'));
	assert_null(strstr(e->body, "\xe2\x80\xae"));
	text = body_lines(e);
	assert_non_null(strstr(text, "an escape"));
	free(text);
	extract_free(e);
	free(html);
}

static void
test_no_article(void **state)
{
	static const char *pages[] = {
		"",
		"<html><body></body></html>",
		"<html><body><nav><a href=/>Home</a></nav><script>var x = 'a long script that is not an article at all, no';</script></body></html>",
		"\x00\x00\x00",
	};
	struct extract *e = (struct extract *)1;
	char *cause = NULL;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(pages) / sizeof(pages[0]); i++) {
		assert_int_equal(extract_page(pages[i], i == 3 ? 3 : strlen(pages[i]),
		    NULL, &e, &cause), LDN_EPARSE);
		assert_null(e);
		assert_non_null(cause);
		assert_string_equal(cause, "the page holds no article");
		free(cause);
		cause = NULL;
	}
}

static void
test_over_cap(void **state)
{
	size_t len = 5 * 1024 * 1024;
	char *html = malloc(len), *cause = NULL;
	struct extract *e = (struct extract *)1;

	(void)state;
	assert_non_null(html);
	memset(html, 'a', len);
	memcpy(html, "<p>", 3);
	assert_int_equal(extract_page(html, len, NULL, &e, &cause), LDN_ELIMIT);
	assert_null(e);
	assert_non_null(cause);
	assert_string_equal(cause, "page larger than the 4 MiB limit for extraction");
	free(cause);
	free(html);
}

static void
test_deep_nesting(void **state)
{
	struct buf b;
	struct extract *e = NULL;
	char *cause = NULL;
	int i, st;

	(void)state;
	buf_init(&b, 1 << 26);
	for (i = 0; i < 10000; i++)
		assert_int_equal(buf_puts(&b, "<div class=\"content\"><blockquote>"), LDN_OK);
	assert_int_equal(buf_puts(&b, "<p>Deep down here, a paragraph of text, long enough to be scored by anyone.</p>"), LDN_OK);
	st = extract_page(b.data, b.len, NULL, &e, &cause);
	/* libxml2 gives up below its depth limit: the page may hold no
	 * article then, but nothing may crash or take long */
	assert_true(st == LDN_OK || st == LDN_EPARSE);
	assert_true((st == LDN_OK) == (e != NULL));
	extract_free(e);
	free(cause);
	buf_free(&b);
}

static void
test_entities_and_encodings(void **state)
{
	static const struct {
		const char *html;
		const char *want; /* in the rendered body */
	} rows[] = {
		/* an internal subset's entities are never expanded by the HTML parser */
		{"<!DOCTYPE html [<!ENTITY a \"aaaaaaaaaaaaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">"
		 "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;\">]><html><body><article><p>Entity &c; &c; &c; and text enough, "
		 "with a comma, to be an article.</p></article></body></html>", "text enough"},
		/* numeric references to controls and escapes: sanitized away */
		{"<html><body><article><p>Escape &#27;[31m red &#x1b;]0;t&#7; and &#0; nul, text enough, a comma.</p>"
		 "</article></body></html>", "text enough"},
		/* an encoding nobody knows: read as it is, not refused */
		{"<html><head><meta charset=\"x-no-such-charset\"></head><body><article><p>Caf\xc3\xa9 text enough, "
		 "with a comma, to be an article.</p></article></body></html>", "text enough"},
		/* invalid UTF-8 */
		{"<html><head><meta charset=\"utf-8\"></head><body><article><p>Bad \xff\xfe\xc3 bytes, text enough, "
		 "with a comma, to be an article.</p></article></body></html>", "text enough"},
		/* Latin-1 declared */
		{"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=iso-8859-1\"></head>"
		 "<body><article><p>Caf\xe9 cr\xe8me, text enough, with a comma, to be an article.</p></article></body></html>",
		 "Caf\xc3\xa9 cr\xc3\xa8me"},
	};
	struct extract *e;
	char *text;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		e = extract_ok(rows[i].html, strlen(rows[i].html), NULL);
		text = body_lines(e);
		if (strstr(text, rows[i].want) == NULL)
			fail_msg("row %zu: %s not in %s", i, rows[i].want, text);
		assert_null(strchr(e->body, '\x1b'));
		assert_true(strlen(e->body) < 4096);
		free(text);
		extract_free(e);
	}
}

/* A byte order mark decides the encoding: UTF-16LE with no meta. */
static void
test_bom(void **state)
{
	static const char page[] = "<html><body><article><p>Sixteen bits, text enough, "
	    "with a comma, to be an article: caf\xc3\xa9.</p></article></body></html>";
	char buf[2 * sizeof(page) + 2], *text;
	struct extract *e;
	size_t i, n = 0;

	(void)state;
	buf[n++] = '\xff';
	buf[n++] = '\xfe';
	for (i = 0; i + 1 < sizeof(page); i++) {
		/* the one non-ASCII character: U+00E9 */
		if ((unsigned char)page[i] == 0xc3) {
			buf[n++] = '\xe9';
			buf[n++] = 0;
			i++;
			continue;
		}
		buf[n++] = page[i];
		buf[n++] = 0;
	}
	e = extract_ok(buf, n, NULL);
	text = body_lines(e);
	assert_non_null(strstr(text, "Sixteen bits"));
	assert_non_null(strstr(text, "caf\xc3\xa9"));
	free(text);
	extract_free(e);
}

static void
test_nul_bytes(void **state)
{
	static const char html[] = "<html><body><article><p>Before the nul, text enough, "
	    "with a comma, to be an article.\0 After the nul, more text.</p>\0<p>\0</p></article></body></html>";
	struct extract *e = NULL;
	char *cause = NULL;
	int st;

	(void)state;
	st = extract_page(html, sizeof(html) - 1, NULL, &e, &cause);
	assert_true(st == LDN_OK || st == LDN_EPARSE);
	if (st == LDN_OK) {
		assert_non_null(strstr(e->body, "Before the nul"));
		assert_true(strlen(e->body) < sizeof(html) * 2);
	}
	extract_free(e);
	free(cause);
}

/* A page of n paragraphs, each in its own div of a few links, as a big
 * news page is: every part of the extractor runs over all of it. */
static void
work_page(size_t n, void *arg)
{
	struct extract *e;
	struct buf b;
	size_t i;

	(void)arg;
	buf_init(&b, EXTRACT_MAX_BYTES);
	assert_int_equal(buf_puts(&b, "<html><head><title>Big</title></head><body><div class=\"content\">"), LDN_OK);
	for (i = 0; i < n; i++)
		assert_int_equal(buf_printf(&b, "<div class=\"para\"><span class=\"author\">Author %zu</span><p>"
		    "Paragraph %zu has words, commas, and a <a href=\"/l/%zu\">link</a>.</p></div>\n",
		    i, i, i), LDN_OK);
	assert_int_equal(buf_puts(&b, "</div></body></html>"), LDN_OK);
	e = extract_ok(b.data, b.len, "https://example.org/big");
	extract_free(e);
	buf_free(&b);
}

static void
test_linear(void **state)
{
	(void)state;
	/* 25,000 paragraphs at 10 N: a page of about 3.4 MiB, under the cap */
	ts_assert_linear("extract_page", work_page, NULL, TS_SANITIZED ? 1000 : 2500);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_london_daily),
		cmocka_unit_test(test_related_heading),
		cmocka_unit_test(test_metadata),
		cmocka_unit_test(test_layouts),
		cmocka_unit_test(test_urls),
		cmocka_unit_test(test_schemes),
		cmocka_unit_test(test_lead_image),
		cmocka_unit_test(test_sanitized),
		cmocka_unit_test(test_no_article),
		cmocka_unit_test(test_over_cap),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_entities_and_encodings),
		cmocka_unit_test(test_bom),
		cmocka_unit_test(test_nul_bytes),
		cmocka_unit_test(test_linear),
	};

	text_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
