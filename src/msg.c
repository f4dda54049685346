/*
 * msg.c - messages as one sanitized line each.
 *
 * The line is formatted first and sanitized whole, because what is
 * hostile in it (a server's reason phrase, a path from the cache) was
 * often put into a cause string far from here. An escape sequence left
 * open by such text swallows the rest of the line, as the terminal would
 * have, instead of reaching it.
 *
 * No state: any thread (stdio locks the stream for each line).
 */
#include <stdarg.h>
#include <stdlib.h>

#include "msg.h"
#include "text.h"

static void LDN_PRINTF(3, 0)
msg_vline(FILE *out, const char *prefix, const char *fmt, va_list ap)
{
	va_list ap2;
	char *raw = NULL, *clean = NULL;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	if (n >= 0 && (raw = malloc((size_t)n + 1)) != NULL) {
		vsnprintf(raw, (size_t)n + 1, fmt, ap2);
		clean = text_line(raw);
	}
	va_end(ap2);
	/* Without memory for the line, still one line saying why. */
	fprintf(out, "%s%s\n", prefix, clean != NULL ? clean : "out of memory");
	free(clean);
	free(raw);
}

void
msg_print(FILE *out, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_vline(out, "ldnews: ", fmt, ap);
	va_end(ap);
}

void
msg_plain(FILE *out, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	msg_vline(out, "", fmt, ap);
	va_end(ap);
}
