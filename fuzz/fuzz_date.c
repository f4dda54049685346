/*
 * fuzz_date.c - the date parser (RFC 822 through curl_getdate, RFC 3339,
 * the sloppy forms) and the formatting of whatever it returns.
 */
#include <time.h>

#include "date.h"
#include "fuzz.h"

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
	free(s);
	return 0;
}
