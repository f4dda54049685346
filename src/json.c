/*
 * json.c - JSON string escaping (RFC 8259) over sanitized UTF-8.
 *
 * Every string is the one-line form of its text (text_line): a feed's
 * "&#10;" in a link, an id or a tag becomes a space, so no string holds
 * a control character, not even an escaped one, and `jq -r` prints one
 * line per string whatever the feed says (DESIGN.md, "JSON output").
 * json_escape is the one escaper: --json writes through it, and the
 * store builds its JSON arrays of URLs with it.
 *
 * No state: any thread.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "text.h"

int
json_escape(struct buf *out, const char *s)
{
	const char *run = s, *p;
	char esc[8];
	int st;

	if ((st = buf_putc(out, '"')) != LDN_OK)
		return st;
	for (p = s; *p && st == LDN_OK; p++) {
		unsigned char c = (unsigned char)*p;

		/* Sanitizing removed every control character from what --json
		 * writes; the \u form keeps the output valid should one get
		 * through, and a URL the store matches keeps its bytes. */
		if (c != '"' && c != '\\' && c >= 0x20)
			continue;
		if (c < 0x20)
			snprintf(esc, sizeof(esc), "\\u%04x", c);
		else
			snprintf(esc, sizeof(esc), "\\%c", c);
		st = buf_append(out, run, (size_t)(p - run));
		if (st == LDN_OK)
			st = buf_puts(out, esc);
		run = p + 1;
	}
	if (st == LDN_OK)
		st = buf_append(out, run, (size_t)(p - run));
	return st == LDN_OK ? buf_putc(out, '"') : st;
}

int
json_str(FILE *out, const char *s)
{
	struct buf b;
	char *clean;
	int st;

	if (s == NULL) {
		fputs("null", out);
		return LDN_OK;
	}
	clean = text_line(s);
	if (clean == NULL)
		return LDN_ENOMEM;
	buf_init(&b, SIZE_MAX);
	if ((st = json_escape(&b, clean)) == LDN_OK)
		fwrite(b.data, 1, b.len, out);
	buf_free(&b);
	free(clean);
	return st == LDN_OK ? LDN_OK : LDN_ENOMEM;
}

void
json_key(FILE *out, const char *key, bool first)
{
	fprintf(out, "%s\"%s\":", first ? "" : ",", key);
}
