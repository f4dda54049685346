/*
 * fuzz_discover.c - feed autodiscovery: the <link rel="alternate"> scan of
 * an HTML page (libxml2's HTML parser, URL resolution) against an http and
 * a file: base, and the HTML-or-feed sniffing of a response's start.
 */
#include "discover.h"
#include "fuzz.h"

static void
one(const char *html, size_t len, const char *base)
{
	char **urls = NULL, *cause = NULL;
	size_t n = 0;

	if (discover_feeds(html, len, base, &urls, &n, &cause) == 0)
		discover_free(urls, n);
	free(cause);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *html = (const char *)data;

	one(html, size, "https://example.com/blog/index.html");
	one(html, size, "file:///home/user/page.html");
	(void)discover_looks_like_html(html, size, NULL);
	(void)discover_looks_like_html(html, size, "text/html; charset=utf-8");
	return 0;
}
