/*
 * test_hostile.c - hostile input the other parser tests do not cover
 * (issue 7, part 2): XML documents built to hurt the parser (quadratic
 * entity blow-up, NUL bytes, BOMs, encoding declarations that lie, mixed
 * encodings), sizes generated here rather than committed (a 50 MB text node,
 * 1,000,000 tiny items) and links a feed may carry that must never be
 * followed (javascript:, data:, file:, ...). Each row says what must
 * happen: parsed with a given title, or refused with a cause naming why.
 * Under valgrind (LDN_VALGRIND set by tests/valgrind-run) the generated
 * sizes shrink: memcheck is there for errors, not capacity.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "feed_parse.h"
#include "launch.h"
#include "render.h"
#include "support.h"

#define FEED_URL "https://londondaily.com/feed.xml"
#define NROWS(a) (sizeof(a) / sizeof((a)[0]))

static size_t
scaled(size_t n)
{
	return getenv("LDN_VALGRIND") != NULL ? n / 100 : n;
}

static double
seconds_since(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* Documents given whole: len 0 means strlen. */
static void
test_xml_table(void **state)
{
	static const struct {
		const char *what;
		const char *doc;
		size_t len;
		const char *title;	/* parsed: the feed's title */
		const char *cause;	/* refused: a word of the cause */
	} rows[] = {
		{"NUL byte in a title", "<rss><channel><title>a\0b</title></channel></rss>",
		 48, NULL, "line 1"},
		{"NUL byte between elements", "<rss><channel>\0<title>x</title></channel></rss>",
		 47, NULL, "line 1"},
		{"UTF-8 BOM", "\xef\xbb\xbf<?xml version=\"1.0\"?><rss><channel><title>Caf\xc3\xa9"
		 "</title></channel></rss>", 0, "Caf\xc3\xa9", NULL},
		{"declaration says ISO-8859-1, bytes are UTF-8",
		 "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><rss><channel><title>Caf\xc3\xa9"
		 "</title></channel></rss>", 0, "Caf\xc3\x83\xc2\xa9", NULL},
		{"declaration says UTF-16, bytes are ASCII",
		 "<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss><channel><title>x"
		 "</title></channel></rss>", 0, NULL, "labelled UTF-16"},
		{"declaration names no such encoding",
		 "<?xml version=\"1.0\" encoding=\"x-no-such\"?><rss><channel><title>x"
		 "</title></channel></rss>", 0, NULL, "encoding"},
		{"UTF-8 then a Latin-1 byte in one document",
		 "<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss><channel><title>Caf\xc3\xa9"
		 "</title><item><title>Caf\xe9</title></item></channel></rss>", 0, NULL, "line 1"},
		{"UTF-8 BOM then a UTF-16 declaration",
		 "\xef\xbb\xbf<?xml version=\"1.0\" encoding=\"UTF-16\"?><rss><channel><title>y"
		 "</title></channel></rss>", 0, NULL, "labelled UTF-16"},
	};
	struct feed *f;
	char *w, *c;
	size_t i;
	int st;

	(void)state;
	for (i = 0; i < NROWS(rows); i++) {
		f = NULL, w = c = NULL;
		st = feed_parse_buffer(rows[i].doc, rows[i].len ? rows[i].len
				       : strlen(rows[i].doc), FEED_URL, 0, &f, &w, &c);
		if (rows[i].title != NULL) {
			if (st != LDN_OK)
				fail_msg("%s: refused: %s", rows[i].what, c);
			if (strcmp(f->title, rows[i].title) != 0)
				fail_msg("%s: title \"%s\"", rows[i].what, f->title);
		} else if (st == LDN_OK) {
			/* A recovering parse must at least say it recovered. */
			if (w == NULL)
				fail_msg("%s: accepted silently", rows[i].what);
		} else if (c == NULL || strstr(c, rows[i].cause) == NULL) {
			fail_msg("%s: cause \"%s\"", rows[i].what, c ? c : "(none)");
		}
		feed_free(f);
		free(w);
		free(c);
	}
}

/* An entity of 100,000 bytes used 100,000 times: 10 GB if expanded. */
static void
test_quadratic_blowup(void **state)
{
	const size_t n = 100000;
	struct timespec t0;
	struct buf doc;
	struct feed *f = NULL;
	char *w = NULL, *c = NULL;
	size_t i;
	int st;

	(void)state;
	buf_init(&doc, (size_t)4 << 20);
	assert_int_equal(buf_puts(&doc, "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \""),
			 LDN_OK);
	for (i = 0; i < n; i++)
		assert_int_equal(buf_putc(&doc, 'a'), LDN_OK);
	assert_int_equal(buf_puts(&doc, "\">]><rss><channel><title>"), LDN_OK);
	for (i = 0; i < n; i++)
		assert_int_equal(buf_puts(&doc, "&a;"), LDN_OK);
	assert_int_equal(buf_puts(&doc, "</title></channel></rss>"), LDN_OK);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	st = feed_parse_buffer(doc.data, doc.len, FEED_URL, 0, &f, &w, &c);
	buf_free(&doc);
	assert_int_equal(st, LDN_EPARSE);
	assert_non_null(strstr(c, "entity expansion refused"));
	assert_true(seconds_since(&t0) < 20.0);
	feed_free(f);
	free(w);
	free(c);
}

/* One text node of 50 MB, generated: capped, in bounded time. */
static void
test_huge_text_node(void **state)
{
	const size_t n = scaled((size_t)50 << 20);
	struct timespec t0;
	struct buf doc;
	struct feed *f = NULL;
	char *w = NULL, *c = NULL, *big;
	int st;

	(void)state;
	assert_non_null(big = malloc(n));
	memset(big, 'x', n);
	buf_init(&doc, n + 4096);
	assert_int_equal(buf_puts(&doc, "<rss><channel><title>t</title><item><title>i</title>"
				  "<description>"), LDN_OK);
	assert_int_equal(buf_append(&doc, big, n), LDN_OK);
	free(big);
	assert_int_equal(buf_puts(&doc, "</description><link>https://londondaily.com/a</link>"
				  "</item></channel></rss>"), LDN_OK);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	st = feed_parse_buffer(doc.data, doc.len, FEED_URL, 0, &f, &w, &c);
	buf_free(&doc);
	if (st != LDN_OK)
		fail_msg("refused: %s", c);
	assert_int_equal(f->articles.len, 1);
	assert_string_equal(f->articles.items[0]->link, "https://londondaily.com/a");
	assert_true(seconds_since(&t0) < 30.0);
	feed_free(f);
	free(w);
	free(c);
}

static bool
count_article(struct article *a, void *payload)
{
	(void)a;
	(*(size_t *)payload)++;
	return false; /* dropped: the parser frees it */
}

/* 1,000,000 tiny items streamed through the callback, content skipped. */
static void
test_million_items(void **state)
{
	const size_t n = scaled(1000000);
	struct feed_parser *p;
	struct timespec t0;
	struct feed *f = NULL;
	char *w = NULL, *c = NULL, item[96];
	size_t i, seen = 0, kept;
	double secs;
	int len;

	(void)state;
	assert_int_equal(feed_parse_new(&p, FEED_URL, FEED_PARSE_SKIP_CONTENT), LDN_OK);
	feed_parse_set_article_cb(p, count_article, &seen);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	assert_int_equal(feed_parse_push(p, "<rss><channel><title>m</title>", 30), LDN_OK);
	for (i = 0; i < n; i++) {
		len = snprintf(item, sizeof(item), "<item><guid>g%zu</guid><title>t</title>"
			       "<description>d</description></item>", i);
		assert_true(len > 0 && (size_t)len < sizeof(item));
		assert_int_equal(feed_parse_push(p, item, (size_t)len), LDN_OK);
	}
	assert_int_equal(feed_parse_push(p, "</channel></rss>", 16), LDN_OK);
	assert_int_equal(feed_parse_finish(p, &f, &w, &c), LDN_OK);
	feed_parse_free(p);
	secs = seconds_since(&t0);
	/* Handed to the callback, not kept. */
	kept = f->articles.len;
	feed_free(f);
	free(w);
	free(c);
	assert_int_equal(seen, n);
	assert_int_equal(kept, 0);
	assert_true(secs < 60.0);
}

/*
 * One item of n <category> elements (every fourth repeats an earlier one)
 * and n / 4 media:content: a duplicate check that scans the tags would
 * make this O(n^2) (issue 14: 300,000 tags took 178 s).
 */
static void
parse_categories(size_t n, void *arg)
{
	struct feed_parser *p;
	struct buf doc;
	struct feed *f = NULL;
	char *w = NULL, *c = NULL;
	size_t i;

	(void)arg;
	buf_init(&doc, (size_t)64 << 20);
	assert_int_equal(buf_puts(&doc, "<rss xmlns:media=\"http://search.yahoo.com/mrss/\">"
				  "<channel><title>t</title><item><title>i</title>"), LDN_OK);
	for (i = 0; i < n; i++)
		assert_int_equal(buf_printf(&doc, "<category>t%zu</category>",
					    i % 4 == 3 ? i / 8 : i), LDN_OK);
	for (i = 0; i < n / 4; i++)
		assert_int_equal(buf_printf(&doc, "<media:content url=\"/m/%zu\"/>", i), LDN_OK);
	assert_int_equal(buf_puts(&doc, "</item></channel></rss>"), LDN_OK);
	/* in the chunks a fetch hands over */
	assert_int_equal(feed_parse_new(&p, FEED_URL, 0), LDN_OK);
	for (i = 0; i < doc.len; i += 65536)
		assert_int_equal(feed_parse_push(p, doc.data + i, doc.len - i < 65536 ?
						 doc.len - i : 65536), LDN_OK);
	assert_int_equal(feed_parse_finish(p, &f, &w, &c), LDN_OK);
	feed_parse_free(p);
	buf_free(&doc);
	assert_int_equal(f->articles.len, 1);
	assert_int_equal(f->articles.items[0]->ntags, ARTICLE_MAX_TAGS);
	assert_non_null(w);
	feed_free(f);
	free(w);
	free(c);
}

static void
test_many_categories_linear(void **state)
{
	/* at least 1,000: enough tags and enclosures to pass both bounds */
	size_t n = scaled(20000) < 1000 ? 1000 : scaled(20000);

	(void)state;
	ts_assert_linear("one item's <category> elements", parse_categories, NULL, n);
}

/* Past the bounds: the first ones kept, the rest counted in one warning. */
static void
test_bounds_warn_once(void **state)
{
	struct buf doc;
	struct feed *f = NULL;
	struct article *a;
	char *w = NULL, *c = NULL;
	size_t i;

	(void)state;
	buf_init(&doc, (size_t)1 << 20);
	assert_int_equal(buf_puts(&doc, "<rss xmlns:media=\"http://search.yahoo.com/mrss/\">"
				  "<channel><title>t</title><item><title>one</title>"), LDN_OK);
	/* 300 tags, then 10 repeats (not counted: a repeat is no loss) */
	for (i = 0; i < 310; i++)
		assert_int_equal(buf_printf(&doc, "<category>t%zu</category>", i % 300), LDN_OK);
	for (i = 0; i < 75; i++)
		assert_int_equal(buf_printf(&doc, "<media:content url=\"/m/%zu\"/>", i % 70), LDN_OK);
	assert_int_equal(buf_puts(&doc, "</item><item><title>two</title>"), LDN_OK);
	for (i = 0; i < 260; i++)
		assert_int_equal(buf_printf(&doc, "<category>u%zu</category>", i), LDN_OK);
	assert_int_equal(buf_puts(&doc, "</item></channel></rss>"), LDN_OK);
	assert_int_equal(feed_parse_buffer(doc.data, doc.len, FEED_URL, 0, &f, &w, &c), LDN_OK);
	buf_free(&doc);
	assert_int_equal(f->articles.len, 2);
	a = f->articles.items[0];
	assert_int_equal(a->ntags, ARTICLE_MAX_TAGS);
	assert_string_equal(a->tags[255], "t255");
	assert_int_equal(a->nenclosures, ARTICLE_MAX_ENCLOSURES);
	assert_string_equal(a->enclosures[63].url, "https://londondaily.com/m/63");
	assert_int_equal(f->articles.items[1]->ntags, ARTICLE_MAX_TAGS);
	assert_string_equal(w, "48 tags dropped in 2 articles (at most 256 kept an article); "
			    "6 enclosures dropped in 1 article (at most 64 kept an article)");
	feed_free(f);
	free(w);
	free(c);

	/* A JSON Feed item the same way. */
	buf_init(&doc, (size_t)1 << 20);
	assert_int_equal(buf_puts(&doc, "{\"version\":\"https://jsonfeed.org/version/1.1\","
				  "\"title\":\"t\",\"items\":[{\"id\":\"1\",\"tags\":["), LDN_OK);
	for (i = 0; i < 300; i++)
		assert_int_equal(buf_printf(&doc, "%s\"t%zu\"", i ? "," : "", i), LDN_OK);
	assert_int_equal(buf_puts(&doc, "]}]}"), LDN_OK);
	assert_int_equal(feed_parse_buffer(doc.data, doc.len, FEED_URL, 0, &f, &w, &c), LDN_OK);
	buf_free(&doc);
	assert_int_equal(f->articles.items[0]->ntags, ARTICLE_MAX_TAGS);
	assert_string_equal(w, "44 tags dropped in 1 article (at most 256 kept an article)");
	feed_free(f);
	free(w);
	free(c);
}

/* A feed parsed into memory keeps its first 100,000 articles (each costs
 * a few hundred bytes however small: 3.3 million took 1.26 GB). */
static void
test_article_cap(void **state)
{
	const size_t n = 100003;
	struct feed_parser *p;
	struct feed *f = NULL;
	char *w = NULL, *c = NULL, item[64];
	size_t i;
	int len;

	(void)state;
	if (getenv("LDN_VALGRIND") != NULL)
		skip(); /* the cap is not scaled down */
	assert_int_equal(feed_parse_new(&p, FEED_URL, FEED_PARSE_SKIP_CONTENT), LDN_OK);
	assert_int_equal(feed_parse_push(p, "<rss><channel><title>m</title>", 30), LDN_OK);
	for (i = 0; i < n; i++) {
		len = snprintf(item, sizeof(item), "<item><guid>g%zu</guid></item>", i);
		assert_int_equal(feed_parse_push(p, item, (size_t)len), LDN_OK);
	}
	assert_int_equal(feed_parse_push(p, "</channel></rss>", 16), LDN_OK);
	assert_int_equal(feed_parse_finish(p, &f, &w, &c), LDN_OK);
	feed_parse_free(p);
	assert_int_equal(f->articles.len, 100000);
	assert_string_equal(f->articles.items[99999]->id, "g99999");
	assert_string_equal(w, "3 articles dropped (at most 100000 kept a feed)");
	feed_free(f);
	free(w);
	free(c);
}

/* Links a feed can carry that must never be opened. */
static void
test_launch_refuses(void **state)
{
	static const char *const urls[] = {
		"javascript:alert(1)",
		"JavaScript:alert(1)",
		" javascript:alert(1)",
		"data:text/html,<script>alert(1)</script>",
		"data:text/html;base64,PHNjcmlwdD4=",
		"file:///etc/passwd",
		"vbscript:msgbox",
		"ftp://londondaily.com/x",
		"about:blank",
		"",
		"-oProxyCommand=x",
		"\x1b]52;c;aGk=\x07javascript:alert(1)",
		"\xe2\x80\xae javascript:alert(1)",
	};
	/* Would fail with LDN_EIO if ever run: refusal must come first. */
	static const char *const never[] = {"/nonexistent/ldnews-browser", "%u", NULL};
	char *cause;
	size_t i;

	(void)state;
	for (i = 0; i < NROWS(urls); i++) {
		cause = NULL;
		if (launch_url(never, urls[i], &cause) != LDN_EUSAGE)
			fail_msg("url %zu followed: %s", i, cause ? cause : "");
		assert_non_null(cause);
		free(cause);
	}
}

/* The line of `doc` that starts with `prefix`, past the prefix. */
static const char *
doc_line_after(const struct render_doc *doc, const char *prefix)
{
	size_t i, n = strlen(prefix);

	for (i = 0; i < doc->nlines; i++)
		if (strncmp(doc->lines[i].text, prefix, n) == 0)
			return doc->lines[i].text + n;
	fail_msg("no line starting '%s'", prefix);
	return NULL;
}

/*
 * `o` launches an article's link, `e` an enclosure's: what starts is the
 * string the reader shows after "Link:" and "[e1]", never the raw link
 * (a line break, a bidi override, an escape sequence in argv). The
 * command records its argument in a file.
 */
static void
test_launch_is_what_is_shown(void **state)
{
	static const struct {
		const char *raw, *want;
	} rows[] = {
		{"https://a.example/x\nhttps://evil.example/", "https://a.example/x https://evil.example/"},
		{"https://a.example/x\r\n", "https://a.example/x"},
		{"\nhttps://a.example/x", "https://a.example/x"},
		{"https://a.example/\xe2\x80\xae" "exe.gpj", "https://a.example/exe.gpj"},
		{"https://a.example/\xe2\x81\xa6x\xe2\x81\xa9", "https://a.example/x"},
		{"\x1b]52;c;aGk=\x07https://a.example/x", "https://a.example/x"},
		{"https://a.example/\x1b[2J\xc2\x9b" "2Jx\x7f", "https://a.example/x"},
		{"https://a.example/\xffx", "https://a.example/\xef\xbf\xbdx"},
	};
	char *dir = ts_tmpdir("launch"), *got, *cause = NULL;
	char rec[4096];
	const char *cmd[] = {"/bin/sh", "-c", "printf '%s' \"$1\" > \"$0\"", rec, "%u", NULL};
	struct render_doc doc;
	struct article *a;
	size_t i;

	(void)state;
	snprintf(rec, sizeof(rec), "%s/argv", dir);
	for (i = 0; i < NROWS(rows); i++) {
		a = article_new();
		assert_non_null(a);
		a->feed = strdup("F");
		a->title = strdup("T");
		a->link = strdup(rows[i].raw);
		assert_int_equal(article_add_enclosure(a, rows[i].raw, NULL, -1), LDN_OK);
		memset(&doc, 0, sizeof(doc));
		assert_int_equal(render_article(&doc, a, NULL, 0, 80, 0), LDN_OK);
		assert_string_equal(doc_line_after(&doc, "Link: "), rows[i].want);
		assert_string_equal(doc_line_after(&doc, "[e1] "), rows[i].want);
		if (launch_url(cmd, a->link, &cause) != LDN_OK)
			fail_msg("row %zu: %s", i, cause ? cause : "");
		got = ts_slurp(rec, NULL);
		if (strcmp(got, rows[i].want) != 0)
			fail_msg("row %zu launched '%s'", i, got);
		free(got);
		render_doc_free(&doc);
		article_free(a);
	}
	ts_rmtree(dir);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xml_table),
		cmocka_unit_test(test_quadratic_blowup),
		cmocka_unit_test(test_huge_text_node),
		cmocka_unit_test(test_million_items),
		cmocka_unit_test(test_many_categories_linear),
		cmocka_unit_test(test_bounds_warn_once),
		cmocka_unit_test(test_article_cap),
		cmocka_unit_test(test_launch_refuses),
		cmocka_unit_test(test_launch_is_what_is_shown),
	};
	int rc;

	rc = cmocka_run_group_tests(tests, NULL, NULL);
	feed_parse_global_cleanup();
	return rc;
}
