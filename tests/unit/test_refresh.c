/*
 * Tests of refresh.c against the loopback server (run under with-server,
 * which exports LDN_TEST_URL): a reader told to quit while its worker
 * reads a feed that would take minutes does not wait for it.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "fetch.h"
#include "refresh.h"

static double
mono_seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* The kiosk took 154 s to exit after SIGTERM during a long parse: the
 * worker's fetch now gives up as soon as refresh_free asks. */
static void
test_free_stops_the_worker(void **state)
{
	static const char *const paths[] = {"/drip/1000/100000", "/slow/25"};
	const char *base = getenv("LDN_TEST_URL");
	struct fetch_opts fo;
	struct refresh *r;
	struct buf url;
	const char *src;
	size_t i, k;
	double t0;

	(void)state;
	assert_non_null(base);
	fetch_opts_default(&fo);
	for (i = 0; i < 2; i++) {
		for (k = 0; k < sizeof(paths) / sizeof(paths[0]); k++) {
			struct refresh_opts ro = {.nsrcs = 1, .fetch = &fo, .in_memory = i == 0};

			buf_init(&url, 4096);
			assert_int_equal(buf_printf(&url, "%s%s", base, paths[k]), LDN_OK);
			src = buf_cstr(&url);
			ro.srcs = &src;
			assert_int_equal(refresh_new(&r, &ro), LDN_OK);
			assert_true(refresh_start(r));
			t0 = mono_seconds();
			refresh_free(r);
			if (mono_seconds() - t0 > 10)
				fail_msg("%s (%s): refresh_free took %.1f s", paths[k],
					 i == 0 ? "kiosk" : "no cache", mono_seconds() - t0);
			buf_free(&url);
		}
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_free_stops_the_worker),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
