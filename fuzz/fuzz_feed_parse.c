/*
 * fuzz_feed_parse.c - the feed parser (XML through libxml2's push parser,
 * JSON Feed through json-c; it sniffs the first non-blank byte, so inputs
 * starting with '{' reach the JSON side).
 *
 * The first input byte chooses where the rest is split into two pushes
 * (so state carried between pushes is exercised, not only one-shot
 * parsing) and, by its low bit, whether FEED_PARSE_SKIP_CONTENT is set;
 * the second byte picks a declared charset, as a Content-Type would.
 * The document's first line also goes through feed_parse_charset_of, as
 * if it were a Content-Type header.
 */
#include <stdio.h>

#include "article.h"
#include "feed_parse.h"
#include "fuzz.h"

static const char *const charsets[] = {
	NULL, "utf-8", "iso-8859-1", "windows-1252", "utf-16", "bogus-charset",
};

static void
charset_of(const char *doc, size_t len)
{
	const char *nl = memchr(doc, '\n', len);
	char *ct, *charset = NULL;

	ct = fuzz_cstring((const uint8_t *)doc, nl != NULL ? (size_t)(nl - doc) : len);
	if (ct != NULL && feed_parse_charset_of(ct, &charset) == 0)
		free(charset);
	free(ct);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct feed_parser *p = NULL;
	struct feed *f = NULL;
	char *warning = NULL, *cause = NULL;
	const char *doc;
	size_t len, split;
	unsigned flags;
	const char *cs;

	if (size < 2)
		return 0;
	flags = (data[0] & 1) ? FEED_PARSE_SKIP_CONTENT : 0;
	cs = charsets[data[1] % (sizeof(charsets) / sizeof(charsets[0]))];
	doc = (const char *)data + 2;
	len = size - 2;
	split = len == 0 ? 0 : (size_t)(data[0] >> 1) * len / 127;
	if (split > len)
		split = len;

	charset_of(doc, len);
	if (feed_parse_new(&p, "https://example.com/feed/index.xml", flags) != 0)
		return 0;
	if (feed_parse_set_encoding(p, cs) != 0)
		goto out;
	if (feed_parse_push(p, doc, split) == 0)
		(void)feed_parse_push(p, doc + split, len - split);
	if (feed_parse_finish(p, &f, &warning, &cause) == 0)
		feed_free(f);
out:
	free(warning);
	free(cause);
	feed_parse_free(p);
	return 0;
}
