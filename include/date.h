/*
 * date.h - parsing the many date forms feeds use, formatting UTC RFC 3339.
 */
#ifndef LDN_DATE_H
#define LDN_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

/*
 * Parses an RFC 822/1123 date (RSS pubDate, via curl_getdate()), an
 * RFC 3339 / ISO 8601 date-time or date (Atom, dc:date), or a common sloppy
 * form (missing seconds, missing weekday, lower-case month, "UT", named or
 * numeric zones, two-digit years, space instead of 'T').
 * Stores UTC seconds in *out; returns false when the text is no date.
 */
bool date_parse(const char *s, time_t *out);

/* Writes "YYYY-MM-DDTHH:MM:SSZ" (21 bytes with the NUL). */
void date_format_rfc3339(time_t t, char out[21]);

/* The monotonic clock in milliseconds: for time budgets and timers, never
 * for dates (it starts at no particular moment). */
long long date_monotonic_ms(void);

#endif
