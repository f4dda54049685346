/*
 * fuzz_date.c - the date parser (RFC 822 through curl_getdate, RFC 3339,
 * the sloppy forms) and the formatting of whatever it returns. What is
 * not ISO must read exactly as curl_getdate reads it: date.c reads the
 * common RFC 1123 spelling itself, and that shortcut must never differ.
 */
#include <stdbool.h>
#include <string.h>
#include <time.h>

#include <curl/curl.h>

#include "date.h"
#include "fuzz.h"

/* Aborts when date_parse() and curl_getdate() differ on a non-ISO date. */
static void
fuzz_date_as_curl(const char *s)
{
	time_t ours = 0, theirs;
	bool ok;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	if (strlen(s) >= 5 && s[4] == '-' && s[0] >= '0' && s[0] <= '9')
		return; /* date.c's own ISO reader */
	ok = date_parse(s, &ours);
	theirs = curl_getdate(s, NULL);
	if (ok != (theirs != -1) || (ok && ours != theirs))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s, out[21];
	time_t t;

	s = fuzz_cstring(data, size);
	if (s == NULL)
		return 0;
	if (date_parse(s, &t))
		date_format_rfc3339(t, out);
	fuzz_date_as_curl(s);
	free(s);
	return 0;
}
