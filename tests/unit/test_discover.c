/*
 * Unit tests for discover.c: the feeds found in the pages under
 * tests/data/html (several links, <base href>, relative hrefs, rel token
 * lists, types, schemes, none at all), hostile and odd inputs, the common
 * paths and their site-root URLs, and telling an HTML page from a feed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>
#include <libxml/parser.h>

#include "buf.h"
#include "discover.h"
#include "support.h"

#define NROWS(a) (sizeof(a) / sizeof((a)[0]))

/* The URLs found, joined by " | ", for one comparison per row. */
static char *
found(const char *html, size_t len, const char *base)
{
	char **urls = (char **)1, *cause = NULL, *s;
	size_t n = 99, i;
	struct buf b;

	assert_int_equal(discover_feeds(html, len, base, &urls, &n, &cause), LDN_OK);
	assert_null(cause);
	buf_init(&b, 1 << 20);
	if (n == 0)
		assert_null(urls);
	else
		assert_null(urls[n]);
	for (i = 0; i < n; i++)
		assert_int_equal(buf_printf(&b, "%s%s", i ? " | " : "", urls[i]), LDN_OK);
	discover_free(urls, n);
	s = buf_detach(&b);
	assert_non_null(s);
	return s;
}

static void
test_pages(void **state)
{
	static const struct {
		const char *file, *base, *want;
	} rows[] = {
		{"several.html", "https://londondaily.com/news/today.html",
		 "https://londondaily.com/feed.xml | https://londondaily.com/atom.xml | "
		 "https://londondaily.com/news/feed.json | https://londondaily.com/api/feed.json | "
		 "https://londondaily.com/comments/feed/"},
		{"base.html", "https://londondaily.com/index.html",
		 "https://londondaily.com/sub/dir/early.xml | https://londondaily.com/sub/dir/atom.xml | "
		 "https://cdn.londondaily.com/feed.xml | https://londondaily.com/sub/up.xml?x=1&y=2#frag"},
		{"none.html", "https://londondaily.com/", ""},
		{"schemes.html", "https://londondaily.com/",
		 "HTTPS://LondonDaily.com/Upper.xml | https://londondaily.com/feed.xml | "
		 "http://londondaily.com:8080/plain.xml"},
		/* a page read from a file may name files */
		{"schemes.html", "file:///srv/site/index.html",
		 "file:///etc/passwd | HTTPS://LondonDaily.com/Upper.xml | file:///srv/site/feed.xml | "
		 "http://londondaily.com:8080/plain.xml"},
		/* no base: relative hrefs cannot be made absolute */
		{"schemes.html", NULL,
		 "HTTPS://LondonDaily.com/Upper.xml | http://londondaily.com:8080/plain.xml"},
		{"several.html", NULL, "https://londondaily.com/atom.xml | https://londondaily.com/feed.xml"},
	};
	size_t i, len;
	char *html, *got;

	(void)state;
	for (i = 0; i < NROWS(rows); i++) {
		html = ts_slurp(ts_data_path("html/%s", rows[i].file), &len);
		got = found(html, len, rows[i].base);
		if (strcmp(got, rows[i].want) != 0)
			fail_msg("%s (%s):\n got  %s\n want %s", rows[i].file,
				 rows[i].base ? rows[i].base : "no base", got, rows[i].want);
		free(got);
		free(html);
	}
}

/* Odd and hostile inputs: some tree or none, never a crash. */
static void
test_odd_pages(void **state)
{
	static const struct {
		const char *html;
		size_t len;         /* 0: strlen */
		const char *want;
	} rows[] = {
		{"", 0, ""},
		{"\x00\xff<<<>>>\x01", 8, ""},
		{"just some words", 0, ""},
		{"<link rel=alternate type=application/rss+xml href=/bare.xml>", 0,
		 "https://londondaily.com/bare.xml"},
		{"<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><link>x</link></channel></rss>",
		 0, ""},
		{"<html><head><link rel=\"alternate\" type=\"application/atom+xml\" "
		 "href=\"/cut.xml\"><link rel=\"alternate\" type=\"application/rss+x", 0,
		 "https://londondaily.com/cut.xml"},
		{"<html><head><link REL=\"Alternate\" TYPE=\"APPLICATION/RSS+XML\" HREF=\"/caps.xml\">",
		 0, "https://londondaily.com/caps.xml"},
		{"<html><head><link rel=\"alternate\" type=\"application/rss+xml\" "
		 "href=\"/a&amp;b.xml\"></head></html>", 0, "https://londondaily.com/a&b.xml"},
		{"<html><body><div><div><div><table><tr><td><link rel=alternate "
		 "type=application/json href=/deep.json></td></tr></table></div></div></div></body></html>",
		 0, "https://londondaily.com/deep.json"},
		/* <base href=""> is the page itself */
		{"<base href=\"\"><link rel=alternate type=application/rss+xml href=f.xml>", 0,
		 "https://londondaily.com/dir/f.xml"},
	};
	size_t i;
	char *got;

	(void)state;
	for (i = 0; i < NROWS(rows); i++) {
		got = found(rows[i].html, rows[i].len ? rows[i].len : strlen(rows[i].html),
			    "https://londondaily.com/dir/page.html");
		if (strcmp(got, rows[i].want) != 0)
			fail_msg("row %zu: got \"%s\" want \"%s\"", i, got, rows[i].want);
		free(got);
	}
}

/* Many links: all kept, in order, duplicates once. */
static void
test_many_links(void **state)
{
	const size_t n = 1000;
	char **urls, *cause = NULL, want[64];
	struct buf b;
	size_t i, got;

	(void)state;
	buf_init(&b, 1 << 20);
	assert_int_equal(buf_puts(&b, "<html><head>"), LDN_OK);
	for (i = 0; i < n; i++)
		assert_int_equal(buf_printf(&b, "<link rel=alternate type=application/rss+xml "
					    "href=/f%zu.xml><link rel=alternate "
					    "type=application/rss+xml href=/f%zu.xml>", i, i / 2),
				 LDN_OK);
	assert_int_equal(discover_feeds(b.data, b.len, "http://127.0.0.1:8080/", &urls, &got,
					&cause), LDN_OK);
	buf_free(&b);
	assert_int_equal(got, n);
	for (i = 0; i < n; i++) {
		snprintf(want, sizeof(want), "http://127.0.0.1:8080/f%zu.xml", i);
		assert_string_equal(urls[i], want);
	}
	discover_free(urls, got);
	discover_free(NULL, 0);
}

static void
test_common_paths(void **state)
{
	static const char *const want[] = {
		"/feed", "/rss", "/rss.xml", "/feed.xml", "/atom.xml", "/index.xml",
	};
	const char *const *paths;
	size_t n, i;

	(void)state;
	paths = discover_common_paths(&n);
	assert_int_equal(n, NROWS(want));
	for (i = 0; i < n; i++)
		assert_string_equal(paths[i], want[i]);
}

static void
test_candidate(void **state)
{
	static const struct {
		const char *base, *path;
		int st;
		const char *want;
	} rows[] = {
		{"https://londondaily.com/news/today?x=1#top", "/feed", LDN_OK,
		 "https://londondaily.com/feed"},
		{"https://londondaily.com", "/rss.xml", LDN_OK, "https://londondaily.com/rss.xml"},
		{"http://user@londondaily.com:8080/a/b/", "/atom.xml", LDN_OK,
		 "http://user@londondaily.com:8080/atom.xml"},
		{"http://[::1]:8080/site/", "/index.xml", LDN_OK, "http://[::1]:8080/index.xml"},
		{"HTTP://127.0.0.1:9/x", "/feed.xml", LDN_OK, "http://127.0.0.1:9/feed.xml"},
		{"file:///srv/site/index.html", "/feed", LDN_EUSAGE, NULL},
		{"ftp://londondaily.com/", "/feed", LDN_EUSAGE, NULL},
		{"not a url", "/feed", LDN_EUSAGE, NULL},
		{"https://", "/feed", LDN_EUSAGE, NULL},
		{NULL, "/feed", LDN_EUSAGE, NULL},
	};
	size_t i;
	char *out;

	(void)state;
	for (i = 0; i < NROWS(rows); i++) {
		out = (char *)1;
		if (discover_candidate(rows[i].base, rows[i].path, &out) != rows[i].st)
			fail_msg("row %zu: wrong status", i);
		if (rows[i].want == NULL)
			assert_null(out);
		else if (strcmp(out, rows[i].want) != 0)
			fail_msg("row %zu: got %s", i, out);
		if (rows[i].want != NULL)
			free(out);
	}
}

static void
test_looks_like_html(void **state)
{
	static const struct {
		const char *prefix, *type;
		bool want;
	} rows[] = {
		{"<!DOCTYPE html><html>", NULL, true},
		{"\xef\xbb\xbf\n <!doctype HTML>", "application/rss+xml", true},
		{"  <html lang=en>", NULL, true},
		{"<HEAD><title>x", NULL, true},
		{"<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\">",
		 NULL, true},
		{"<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\">", NULL, true},
		{"<!-- generated --><body>", NULL, true},
		/* the bytes say feed, whatever the header claims */
		{"<?xml version=\"1.0\"?><rss version=\"2.0\">", "text/html", false},
		{"<?xml version='1.0'?>\n<?xml-stylesheet href='x.xsl' type='text/xsl'?>\n"
		 "<!-- c --><feed xmlns=\"http://www.w3.org/2005/Atom\">", "text/html", false},
		{"<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">", "text/html", false},
		{"<!DOCTYPE rss PUBLIC \"-//Netscape Communications//DTD RSS 0.91//EN\">", "text/html",
		 false},
		/* a page template's DOCTYPE in front of a feed's root */
		{"<?xml version=\"1.0\"?>\n<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0 Strict//EN\" "
		 "\"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd\">\n<feed "
		 "xmlns=\"http://www.w3.org/2005/Atom\">", "text/html", false},
		{"<!DOCTYPE html>\n<!-- feed -->\n<rss version=\"2.0\">", "text/html", false},
		{"<!DOCTYPE html>\n<svg>", "application/rss+xml", true},
		{"{\"version\": \"https://jsonfeed.org/version/1.1\"", "text/html", false},
		{"\n\t{", "text/html; charset=utf-8", false},
		/* the bytes do not say: the header decides */
		{"", "text/html; charset=utf-8", true},
		{"", "application/rss+xml", false},
		{"", NULL, false},
		{"Not found", "text/html", true},
		{"Not found", "text/plain", false},
		{"<ht", "text/html", true},
		{"<ht", "application/xml", false},
		{"<htmlx>", NULL, false},
		{"<!-- unterminated", "Text/HTML", true},
		{"<?xml version=\"1.0\"", "application/xhtml+xml", true},
		{"<channel>", "application/xhtml+xml;q=1", true},
		{"<!DOCTYPE", "text/html", true},
	};
	size_t i;

	(void)state;
	for (i = 0; i < NROWS(rows); i++)
		if (discover_looks_like_html(rows[i].prefix, strlen(rows[i].prefix),
					     rows[i].type) != rows[i].want)
			fail_msg("row %zu: \"%s\" (%s) not %s", i, rows[i].prefix,
				 rows[i].type ? rows[i].type : "no type",
				 rows[i].want ? "HTML" : "a feed");
	assert_true(discover_looks_like_html(NULL, 0, "text/html"));
	assert_false(discover_looks_like_html(NULL, 0, NULL));
	/* only the given length is read */
	assert_false(discover_looks_like_html("<rss><html>", 5, "text/html"));
	assert_true(discover_looks_like_html("<html>", 3, "text/html"));
}

/* libxml2's HTML parser says nothing on stderr, even about broken pages. */
static void
test_nothing_on_stderr(void **state)
{
	static const char bad[] = "<html><head><link rel=alternate <<< \xff\xfe </nothing> &bogus;";
	static const char cp1252[] = "<html><head><meta charset=\"windows-1252\">"
		"<title>a\x90" "b</title><link rel=alternate type=application/rss+xml href=/f.xml>";
	struct ts_stderr err;
	char *got, *html;
	size_t len;

	(void)state;
	ts_stderr_begin(&err);
	got = found(bad, sizeof(bad) - 1, "https://londondaily.com/");
	free(got);
	/* a byte windows-1252 has no character for: an encoding error */
	got = found(cp1252, sizeof(cp1252) - 1, "https://londondaily.com/");
	free(got);
	html = ts_slurp(ts_data_path("html/several.html"), &len);
	got = found(html, len, "https://londondaily.com/");
	free(got);
	free(html);
	assert_int_equal(ts_stderr_end(&err), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_odd_pages),
		cmocka_unit_test(test_many_links),
		cmocka_unit_test(test_common_paths),
		cmocka_unit_test(test_candidate),
		cmocka_unit_test(test_looks_like_html),
		cmocka_unit_test(test_nothing_on_stderr),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	xmlCleanupParser();
	curl_global_cleanup();
	return rc;
}
