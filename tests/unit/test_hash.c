/* Unit tests for hash.h: XXH3-64, and its ASCII case-folded form. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>

#include "hash.h"

static void
test_bytes(void **state)
{
	(void)state;
	/* XXH3-64 with seed 0: the reference value of the empty input. */
	assert_true(hash_bytes("", 0) == 0x2D06800538D394C2ULL);
	assert_true(hash_str("tag") == hash_bytes("tag", 3));
	assert_true(hash_str("tag") != hash_str("tah"));
}

/* Folded hashes equal the plain hash of the lower-case string, for tags
 * that fit the stack copy and for longer strings (streamed), at the
 * lengths around the copy's size. */
static void
test_casefold(void **state)
{
	char mixed[200], low[200];
	size_t n, i;

	(void)state;
	assert_true(hash_str_casefold("Politics") == hash_str("politics"));
	assert_true(hash_str_casefold("") == hash_str(""));
	assert_true(hash_str_casefold("\xc3\x89t\xc3\xa9") == hash_str("\xc3\x89t\xc3\xa9"));
	for (n = 1; n < sizeof(mixed); n++) {
		for (i = 0; i < n; i++) {
			mixed[i] = (char)((i % 3 ? 'a' : 'A') + (char)(i % 26));
			low[i] = (char)('a' + (char)(i % 26));
		}
		mixed[n] = low[n] = '\0';
		if (hash_str_casefold(mixed) != hash_str(low))
			fail_msg("length %zu", n);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bytes),
		cmocka_unit_test(test_casefold),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
