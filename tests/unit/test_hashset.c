/* Unit tests for hashset.c: positions found by their strings, growth. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hashset.h"

static void
test_find_add(void **state)
{
	static const char *const keys[] = {"london", "news", "", "lond"};
	struct hashset s = {0};
	size_t i;

	(void)state;
	assert_int_equal(hashset_find(&s, "x", 1, hashset_key_strv, keys), HASHSET_NONE);
	for (i = 0; i < 4; i++) {
		assert_int_equal(hashset_find(&s, keys[i], strlen(keys[i]), hashset_key_strv,
					      keys), HASHSET_NONE);
		assert_int_equal(hashset_add(&s, keys[i], strlen(keys[i]), i), LDN_OK);
	}
	assert_int_equal(hashset_find(&s, "news", 4, hashset_key_strv, keys), 1);
	assert_int_equal(hashset_find(&s, "", 0, hashset_key_strv, keys), 2);
	/* a slice of a longer string: "lond" of "london, news" */
	assert_int_equal(hashset_find(&s, "london, news", 4, hashset_key_strv, keys), 3);
	assert_int_equal(hashset_find(&s, "london, news", 6, hashset_key_strv, keys), 0);
	assert_int_equal(hashset_find(&s, "londo", 5, hashset_key_strv, keys), HASHSET_NONE);
	hashset_free(&s);
	assert_int_equal(s.len, 0);
	hashset_free(&s);
}

/* Many keys: every one found at its position after the growths. */
static void
test_grow(void **state)
{
	enum { N = 50000 };
	struct hashset s = {0};
	char **keys = calloc(N, sizeof(*keys));
	size_t i;

	(void)state;
	assert_non_null(keys);
	for (i = 0; i < N; i++) {
		assert_non_null(keys[i] = malloc(16));
		snprintf(keys[i], 16, "k%zu", i);
		assert_int_equal(hashset_add(&s, keys[i], strlen(keys[i]), i), LDN_OK);
	}
	assert_true(s.cap >= 2 * s.len);
	for (i = 0; i < N; i++)
		assert_int_equal(hashset_find(&s, keys[i], strlen(keys[i]), hashset_key_strv,
					      keys), i);
	assert_int_equal(hashset_find(&s, "k50000", 6, hashset_key_strv, keys), HASHSET_NONE);
	for (i = 0; i < N; i++)
		free(keys[i]);
	free(keys);
	hashset_free(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find_add),
		cmocka_unit_test(test_grow),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
