/* test_find.c - what a search means (find.h), and that it means the same
 * as the cache's full-text index. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "find.h"
#include "text.h"

static void
test_keys_and_needles(void **state)
{
	static const struct {
		const char *in, *key;
	} keys[] = {
		{"Winter Fuel Cut", " winter fuel cut"},
		{"  ZÜRICH, Café!", " zurich cafe"},
		{"Labour's 9/11 \xc2\xa3" "460", " labour s 9 11 460"},
		{"Ærø Straße Łódź", " ærø straße łodz"},
		{"ΑΘΉΝΑ news", " αθήνα news"},
		{"-- \xff --", ""},
		{"", ""},
	};
	size_t i, n;
	char *k;

	(void)state;
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		assert_non_null(k = find_key(keys[i].in));
		if (strcmp(k, keys[i].key) != 0)
			fail_msg("'%s': key '%s', want '%s'", keys[i].in, k, keys[i].key);
		free(k);
	}
	assert_non_null(k = find_needles("Fuel, WINTER", &n));
	assert_int_equal(n, 2);
	assert_memory_equal(k, " fuel\0 winter\0", 15);
	free(k);
	assert_non_null(k = find_needles(" ?! ", &n));
	assert_int_equal(n, 0);
	assert_true(find_empty(k));
	free(k);
}

static void
test_match(void **state)
{
	static const struct {
		const char *text, *query;
		bool want;
	} rows[] = {
		{"Winter fuel cut passes", "fuel winter", true},   /* any order */
		{"Winter fuel cut passes", "WINT", true},          /* a word's start */
		{"Winter fuel cut passes", "inter", false},        /* not its middle */
		{"Winter fuel cut passes", "winter tax", false},   /* every word */
		{"Mazan village in Provence", "proven\xc3\xa7", true},
		{"Proven\xc3\xa7" "al village", "PROVENCAL", true},
		{"Ho Chi Minh, Vi\xe1\xbb\x87t Nam", "viet", true}, /* stacked marks */
		{"Labour's winter", "labour's", true},
		{"9/11 attacks", "9/11", true},
		{"9 and 11", "9/11", true},                        /* words, not phrases */
		{"anything", "", true},
		{"anything", "...", true},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char *k = find_key(rows[i].text), *n = find_needles(rows[i].query, NULL);
		assert_non_null(k);
		assert_non_null(n);
		if (find_match(k, n) != rows[i].want)
			fail_msg("'%s' in '%s': want %d", rows[i].query, rows[i].text, rows[i].want);
		free(k);
		free(n);
	}
}

/* The single term unicode61 makes of one code point, or "" for none. */
static void
sqlite_term(sqlite3 *db, uint32_t cp, char *out, size_t size)
{
	sqlite3_stmt *st;
	char text[5] = "";

	text[text_utf8_encode(cp, text)] = '\0';
	assert_int_equal(sqlite3_exec(db, "DELETE FROM t", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "INSERT INTO t(x) VALUES (?1)", -1, &st, NULL),
			 SQLITE_OK);
	sqlite3_bind_text(st, 1, text, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT term FROM v", -1, &st, NULL), SQLITE_OK);
	*out = '\0';
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
}

/*
 * The fold agrees with the cache's index (unicode61, remove_diacritics 2)
 * on every code point of the Latin blocks, and on the other scripts'
 * letters a sample of: what the index makes of one letter is what
 * find_key makes of it.
 */
static void
test_fold_agrees_with_sqlite(void **state)
{
	static const uint32_t ranges[][2] = {
		{0x41, 0x7b}, {0xc0, 0x250}, {0x1e00, 0x1f00}, {0x391, 0x3a2}, {0x3a3, 0x3ca}, {0x410, 0x450},
	};
	sqlite3 *db;
	char term[32], enc[5], *k;
	uint32_t cp;
	size_t r, checked = 0;

	(void)state;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE VIRTUAL TABLE t USING fts5(x, tokenize = "
				      "'unicode61 remove_diacritics 2'); CREATE VIRTUAL TABLE v "
				      "USING fts5vocab(t, 'row')", NULL, NULL, NULL), SQLITE_OK);
	for (r = 0; r < sizeof(ranges) / sizeof(ranges[0]); r++)
		for (cp = ranges[r][0]; cp < ranges[r][1]; cp++) {
			sqlite_term(db, cp, term, sizeof(term));
			enc[text_utf8_encode(cp, enc)] = '\0';
			assert_non_null(k = find_key(enc));
			/* The key is " term", or "" for no word. */
			if (strcmp(*k ? k + 1 : k, term) != 0)
				fail_msg("U+%04X: find_key '%s', unicode61 '%s'", (unsigned)cp, k, term);
			free(k);
			checked++;
		}
	assert_int_equal(checked, 0x3a + 0x190 + 0x100 + 0x38 + 0x40);
	sqlite3_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys_and_needles),
		cmocka_unit_test(test_match),
		cmocka_unit_test(test_fold_agrees_with_sqlite),
	};

	text_init();
	return cmocka_run_group_tests(tests, NULL, NULL);
}
