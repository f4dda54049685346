/*
 * json.c - JSON string escaping (RFC 8259) over sanitized UTF-8.
 *
 * Every string is the one-line form of its text (text_line): a feed's
 * "&#10;" in a link, an id or a tag becomes a space, so no string holds
 * a control character, not even an escaped one, and `jq -r` prints one
 * line per string whatever the feed says (DESIGN.md, "JSON output").
 */
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "text.h"

static void
json_escape(FILE *out, const char *s)
{
	const unsigned char *p;

	fputc('"', out);
	for (p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		default:
			/* Sanitizing removed every control character; this
			 * guard keeps the output valid should one get through. */
			if (*p < 0x20)
				fprintf(out, "\\u%04x", *p);
			else
				fputc(*p, out);
		}
	}
	fputc('"', out);
}

int
json_str(FILE *out, const char *s)
{
	char *clean;

	if (s == NULL) {
		fputs("null", out);
		return LDN_OK;
	}
	clean = text_line(s);
	if (clean == NULL)
		return LDN_ENOMEM;
	json_escape(out, clean);
	free(clean);
	return LDN_OK;
}

void
json_key(FILE *out, const char *key, bool first)
{
	if (!first)
		fputc(',', out);
	json_escape(out, key);
	fputc(':', out);
}
