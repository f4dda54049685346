/*
 * Unit tests for date.c: RFC 822 variants (through curl_getdate), RFC 3339
 * variants (own parser), junk that must be refused, RFC 3339 formatting.
 * Expected values are literal UTC epoch seconds.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>

#include <curl/curl.h>

#include "date.h"

/* 2024-09-12T09:30:00Z */
#define T0 1726133400LL

static void
test_parse_valid(void **state)
{
	static const struct {
		const char *in;
		long long want;
	} rows[] = {
		/* RFC 822 / 1123 */
		{"Thu, 12 Sep 2024 09:30:00 GMT", T0},
		{"Thu, 12 Sep 2024 09:30:00 UT", T0},
		{"Thu, 12 Sep 2024 09:30:00 UTC", T0},
		{"Thu, 12 Sep 2024 10:30:00 +0100", T0},
		{"Thu, 12 Sep 2024 05:30:00 -0400", T0},
		{"Thu, 12 Sep 2024 04:30:00 EST", T0},
		{"Thu, 12 Sep 2024 05:30:00 EDT", T0},
		{"12 Sep 2024 09:30:00 GMT", T0},
		{"Thu, 12 Sep 2024 09:30 GMT", T0},
		{"Thu, 12 Sep 24 09:30:00 GMT", T0},
		{"thu, 12 sep 2024 09:30:00 gmt", T0},
		{"  Thu, 12 Sep 2024 09:30:00 GMT  ", T0},
		{"Fri, 31 Dec 1999 23:59:00 GMT", 946684740LL},
		/* RFC 3339 / ISO 8601 */
		{"2024-09-12T09:30:00Z", T0},
		{"2024-09-12T10:30:00+01:00", T0},
		{"2024-09-12T10:30:00+0100", T0},
		{"2024-09-12T05:30:00-04:00", T0},
		{"2024-09-12T15:00:00+05:30", T0},
		{"2024-09-12T09:30:00.123456Z", T0},
		{"2024-09-12T09:30:00,5Z", T0},
		{"2024-09-12t09:30:00z", T0},
		{"2024-09-12 09:30:00Z", T0},
		{"2024-09-12T09:30Z", T0},
		{"2024-09-12T09:30:00", T0},
		{" 2024-09-12T09:30:00Z \n", T0},
		{"2024-09-12", 1726099200LL},
		{"2016-02-29T12:00:00Z", 1456747200LL},
		{"1970-01-01T00:00:00Z", 0},
		{"1969-12-31T23:59:59Z", -1},
		{"2000-03-01T00:00:00Z", 951868800LL},
	};
	size_t i;
	time_t t;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		t = 12345;
		if (!date_parse(rows[i].in, &t))
			fail_msg("row %zu \"%s\" refused", i, rows[i].in);
		if ((long long)t != rows[i].want)
			fail_msg("row %zu \"%s\": got %lld want %lld", i, rows[i].in,
				 (long long)t, rows[i].want);
	}
}

static void
test_parse_junk(void **state)
{
	static const char *const rows[] = {
		"",
		"   ",
		"yesterday",
		"not a date at all",
		"2024-13-01",
		"2024-00-10",
		"2024-02-30",
		"2023-02-29",
		"2024-09-12T25:00:00Z",
		"2024-09-12T09:61:00Z",
		"2024-09-12T09:30:00Zjunk",
		"2024-09-12T09:30:00+25:00",
		"2024-09-12T09",
		"2024-09-12T09:30:00.Z",
		"2024-9-12",
		"20x4-09-12",
		"Thu, 32 Sep 2024 09:30:00 GMT",
		"Thu, 12 Sept",
	};
	size_t i;
	time_t t = 777;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		if (date_parse(rows[i], &t))
			fail_msg("junk row %zu \"%s\" accepted as %lld", i, rows[i],
				 (long long)t);
	}
	assert_false(date_parse(NULL, &t));
	assert_int_equal((long long)t, 777);
}

static void
test_format(void **state)
{
	static const struct {
		long long t;
		const char *want;
	} rows[] = {
		{T0, "2024-09-12T09:30:00Z"},
		{0, "1970-01-01T00:00:00Z"},
		{-1, "1969-12-31T23:59:59Z"},
		{951868800LL, "2000-03-01T00:00:00Z"},
		{1456747200LL, "2016-02-29T12:00:00Z"},
		{253402300799LL, "9999-12-31T23:59:59Z"},
	};
	char out[21];
	size_t i;
	time_t back;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		date_format_rfc3339((time_t)rows[i].t, out);
		assert_string_equal(out, rows[i].want);
		/* and it round-trips through the parser */
		assert_true(date_parse(out, &back));
		assert_int_equal((long long)back, rows[i].t);
	}
}

/*
 * date.c reads the common RFC 1123 spelling itself and leaves the rest to
 * curl_getdate(): over a grid of dates, days past a month's end, second
 * 60, zones curl knows and zones it refuses, weekdays right, wrong, in
 * lower case or absent, both must agree (both refuse, or the same time).
 */
static void
test_rfc1123_as_curl(void **state)
{
	static const char *const wdays[] = {"", "Thu, ", "Sun, ", "Xyz, ", "thu, ", "Thu,"};
	static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
					     "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
					     "sep", "Sept"};
	static const char *const zones[] = {"+0000", "-0000", "+0100", "-0430", "+0530",
					    "+1400", "-1400", "+1401", "+0060", "+01",
					    "GMT", "UT", "UTC", "Z", "EST", "gmt", "GMT  ",
					    "GMTx", ""};
	/* Under valgrind (tests/valgrind-run) only the first three years. */
	static const unsigned years[] = {2024, 1969, 1970, 1999, 2000, 2100, 9999};
	static const unsigned days[] = {0, 1, 9, 28, 29, 30, 31, 32};
	static const char *const times[] = {"00:00:00", "09:30:00", "23:59:59",
					    "23:59:60", "24:00:00", "12:60:00", "9:30:00",
					    "09:30"};
	size_t nyears = getenv("LDN_VALGRIND") ? 3 : sizeof(years) / sizeof(years[0]);
	char in[128];
	size_t w, m, z, y, d, t, n = 0, agreed = 0;
	time_t ours, theirs;
	bool ok;

	(void)state;
	for (w = 0; w < sizeof(wdays) / sizeof(wdays[0]); w++)
	for (m = 0; m < sizeof(months) / sizeof(months[0]); m++)
	for (z = 0; z < sizeof(zones) / sizeof(zones[0]); z++)
	for (y = 0; y < nyears; y++)
	for (d = 0; d < sizeof(days) / sizeof(days[0]); d++)
	for (t = 0; t < sizeof(times) / sizeof(times[0]); t++) {
		snprintf(in, sizeof(in), "%s%02u %s %u %s %s", wdays[w], days[d],
			 months[m], years[y], times[t], zones[z]);
		theirs = curl_getdate(in, NULL);
		ours = 777;
		ok = date_parse(in, &ours);
		if (ok != (theirs != -1) || (ok && ours != theirs))
			fail_msg("\"%s\": ours %s %lld, curl %lld", in, ok ? "took" : "refused",
				 (long long)ours, (long long)theirs);
		n++;
		agreed += ok;
	}
	/* Not vacuous: most of the grid is a date. */
	print_message("%zu strings, %zu dates\n", n, agreed);
	assert_true(agreed > n / 4);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_valid),
		cmocka_unit_test(test_parse_junk),
		cmocka_unit_test(test_format),
		cmocka_unit_test(test_rfc1123_as_curl),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);

	curl_global_cleanup();
	return rc;
}
