/*
 * json.c - JSON string escaping (RFC 8259) over sanitized UTF-8.
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
		case '\n':
			fputs("\\n", out);
			break;
		default:
			/* Sanitizing removed every other control character; this
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
	clean = text_sanitize(s, strlen(s), TEXT_KEEP_NEWLINES);
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
