/*
 * date.c - the date forms feeds use, reduced to UTC seconds.
 *
 * RFC 822/1123 and its sloppy relatives (RSS pubDate) go to curl_getdate(),
 * which already knows named zones, two-digit years and missing seconds;
 * only its most common spelling is read here first, for speed, always to
 * the same result (date_parse_rfc1123).
 * RFC 3339 / ISO 8601 (Atom, dc:date) is parsed here by a small strict
 * scanner: every field is checked for range and the whole string must be
 * consumed (trailing white space aside), so junk never becomes a date.
 * UTC seconds come from a days-from-civil computation, never from the C
 * library's time zone machinery, so the result does not depend on TZ.
 *
 * No state; no time-zone or locale state of the C library either, so any
 * thread may call it at any time.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <curl/curl.h>

#include "date.h"

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's method). */
static long long
date_days_from_civil(long long y, unsigned m, unsigned d)
{
	long long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* The inverse, for formatting. */
static void
date_civil_from_days(long long z, long long *y, unsigned *m, unsigned *d)
{
	long long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
	*m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

static unsigned
date_month_days(long long y, unsigned m)
{
	static const unsigned char days[12] = {
		31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

/* Reads exactly n decimal digits at *sp into *out and advances. */
static bool
date_digits(const char **sp, int n, unsigned *out)
{
	const char *s = *sp;
	unsigned v = 0;
	int i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	*sp = s + n;
	*out = v;
	return true;
}

static bool
date_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* "Z", "+HH:MM", "+HHMM", "+HH"; *off gets seconds east of UTC. */
static bool
date_iso_zone(const char **sp, long *off)
{
	const char *s = *sp;
	unsigned hh, mm = 0;
	int sign;

	if (*s == 'Z' || *s == 'z') {
		*off = 0;
		*sp = s + 1;
		return true;
	}
	if (*s != '+' && *s != '-')
		return false;
	sign = *s == '-' ? -1 : 1;
	s++;
	if (!date_digits(&s, 2, &hh) || hh > 23)
		return false;
	if (*s == ':')
		s++;
	if (*s >= '0' && *s <= '9' && (!date_digits(&s, 2, &mm) || mm > 59))
		return false;
	*off = sign * (long)(hh * 3600 + mm * 60);
	*sp = s;
	return true;
}

/* The time part after 'T': HH:MM[:SS[.frac]][zone]; no zone means UTC. */
static bool
date_iso_time(const char **sp, long *secs, long *off)
{
	const char *s = *sp;
	unsigned hh, mi, ss = 0;

	if (!date_digits(&s, 2, &hh) || *s++ != ':' || !date_digits(&s, 2, &mi))
		return false;
	if (*s == ':') {
		s++;
		if (!date_digits(&s, 2, &ss))
			return false;
		if (*s == '.' || *s == ',') {
			s++;
			if (*s < '0' || *s > '9')
				return false;
			while (*s >= '0' && *s <= '9')
				s++;
		}
	}
	if (hh > 23 || mi > 59 || ss > 60)
		return false;
	*off = 0;
	if (*s != '\0' && !date_is_space(*s) && !date_iso_zone(&s, off))
		return false;
	*secs = (long)hh * 3600 + (long)mi * 60 + (long)ss;
	*sp = s;
	return true;
}

static bool
date_parse_iso(const char *s, time_t *out)
{
	unsigned y, mo, d;
	long secs = 0, off = 0;
	long long days;

	if (!date_digits(&s, 4, &y) || *s++ != '-' || !date_digits(&s, 2, &mo) ||
	    *s++ != '-' || !date_digits(&s, 2, &d))
		return false;
	if (mo < 1 || mo > 12 || d < 1 || d > date_month_days(y, mo))
		return false;
	if ((*s == 'T' || *s == 't' || *s == ' ') && s[1] >= '0' && s[1] <= '9') {
		s++;
		if (!date_iso_time(&s, &secs, &off))
			return false;
	}
	while (date_is_space(*s))
		s++;
	if (*s != '\0')
		return false;
	days = date_days_from_civil(y, mo, d);
	*out = (time_t)(days * 86400 + secs - off);
	return true;
}

/* Three letters out of a table of three-letter names: the index, or -1. */
static int
date_name(const char *s, const char *table, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (strncmp(s, table + 3 * i, 3) == 0)
			return i;
	return -1;
}

/* "+HHMM", "-HHMM", "GMT", "UTC", "UT" or "Z", then only white space. */
static bool
date_rfc1123_zone(const char *s, long *off)
{
	unsigned hh, mm;
	int sign = *s == '-' ? -1 : 1;

	*off = 0;
	if (*s == '+' || *s == '-') {
		s++;
		if (!date_digits(&s, 2, &hh) || !date_digits(&s, 2, &mm) ||
		    hh * 100 + mm > 1400 || mm > 59)
			return false;
		*off = sign * (long)(hh * 3600 + mm * 60);
	} else if (strncmp(s, "GMT", 3) == 0 || strncmp(s, "UTC", 3) == 0) {
		s += 3;
	} else if (strncmp(s, "UT", 2) == 0) {
		s += 2;
	} else if (*s == 'Z') {
		s++;
	} else {
		return false;
	}
	while (date_is_space(*s))
		s++;
	return *s == '\0';
}

/*
 * The form nearly every RSS feed writes, "Thu, 12 Sep 2024 09:30:00 +0000"
 * (or GMT, UTC, UT, Z), read here: curl_getdate() scans each date with
 * sscanf, which showed in the time of parsing a big feed (bench/README.md). Anything this strict
 * reading does not take (other spellings, lower case, two-digit years,
 * second 60, dates before 1970) goes on to curl_getdate(), so the result
 * is always the one curl gives: tests/unit/test_date.c compares the two
 * over many dates and fuzz/fuzz_date.c over any input.
 */
static bool
date_parse_rfc1123(const char *s, time_t *out)
{
	unsigned d, y, hh, mi, ss;
	long off;
	long long t;
	int mo;

	/* The weekday, as curl reads it: checked to be one, never used. */
	if (date_name(s, "MonTueWedThuFriSatSun", 7) >= 0 && s[3] == ',' && s[4] == ' ')
		s += 5;
	if (!date_digits(&s, 2, &d) && !date_digits(&s, 1, &d))
		return false;
	if (*s++ != ' ' || (mo = date_name(s, "JanFebMarAprMayJunJulAugSepOctNovDec", 12)) < 0)
		return false;
	s += 3;
	if (*s++ != ' ' || !date_digits(&s, 4, &y) || *s++ != ' ' ||
	    !date_digits(&s, 2, &hh) || *s++ != ':' || !date_digits(&s, 2, &mi) ||
	    *s++ != ':' || !date_digits(&s, 2, &ss) || *s++ != ' ' ||
	    !date_rfc1123_zone(s, &off))
		return false;
	if (y < 1970 || d < 1 || d > date_month_days(y, (unsigned)mo + 1) ||
	    hh > 23 || mi > 59 || ss > 59)
		return false;
	t = date_days_from_civil(y, (unsigned)mo + 1, d) * 86400 +
	    (long long)hh * 3600 + mi * 60 + ss - off;
	if (t < 0)
		return false;
	*out = (time_t)t;
	return true;
}

bool
date_parse(const char *s, time_t *out)
{
	time_t t;

	if (s == NULL)
		return false;
	while (date_is_space(*s))
		s++;
	/* An ISO date starts with a four-digit year and a dash. */
	if (strlen(s) >= 5 && s[4] == '-' && s[0] >= '0' && s[0] <= '9')
		return date_parse_iso(s, out);
	if (date_parse_rfc1123(s, out))
		return true;
	t = curl_getdate(s, NULL);
	if (t == -1)
		return false;
	*out = t;
	return true;
}

void
date_format_rfc3339(time_t t, char out[21])
{
	long long days, y, secs = (long long)t;
	unsigned m, d, rem;

	/* Four-digit years only: clamp to 0000-01-01 .. 9999-12-31. */
	if (secs < -62167219200LL)
		secs = -62167219200LL;
	if (secs > 253402300799LL)
		secs = 253402300799LL;
	days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
	rem = (unsigned)(secs - days * 86400);
	date_civil_from_days(days, &y, &m, &d);
	snprintf(out, 21, "%04u-%02u-%02uT%02u:%02u:%02uZ", (unsigned)y % 10000,
		 m % 100, d % 100, rem / 3600 % 100, rem / 60 % 60, rem % 60);
}

long long
date_monotonic_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}
