/* Unit tests for what the config file may name in the reader: actions and
 * keys ([keys]) and screen elements ([colors]). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "ui.h"

static const struct {
	const char *action, *key;
	const char *error; /* NULL: accepted; else a part of the message */
} key_rows[] = {
	{"down", "j", NULL},
	{"refresh", "^R", NULL},
	{"refresh", "^r", NULL},
	{"force-refresh", "Space", NULL},
	{"feeds", "Tab", NULL},
	{"page-down", "PgDn", NULL},
	{"open", "Enter", NULL},
	{"star", "\xc3\xa9", NULL},      /* é: one character, two bytes */
	{"errors", "#", NULL},
	{"quit", "Q", NULL},
	{"enclosure", "End", NULL},
	{"pipe", "|", NULL},
	{"save", "^W", NULL},
	{"copy", "Y", NULL},
	{"refersh", "r", "unknown action 'refersh'"},
	{"", "r", "unknown action ''"},
	{"Down", "j", "unknown action 'Down'"},
	{"down", "", "bad key '' for down"},
	{"down", "jj", "bad key 'jj' for down"},
	{"down", "5", "bad key '5' for down"},   /* digits type article numbers */
	{"down", "Esc", "bad key 'Esc' for down"},
	{"down", "^I", "bad key '^I'"},          /* that is Tab */
	{"down", "^M", "bad key '^M'"},          /* that is Enter */
	{"down", "^1", "bad key '^1'"},
	{"down", "\x01", "bad key"},
	{"down", "\xc3", "bad key"},             /* half a character */
	{"down", " ", "bad key ' '"},
	{"down", "pgdn", "bad key 'pgdn'"},      /* names are as written in the man page */
};

static void
test_keys(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(key_rows) / sizeof(key_rows[0]); i++) {
		char *cause = NULL;
		int st = ui_keys_check(key_rows[i].action, key_rows[i].key, &cause);
		if (key_rows[i].error == NULL) {
			if (st != LDN_OK)
				fail_msg("row %zu (%s = %s): %s", i, key_rows[i].action, key_rows[i].key,
					 cause ? cause : "?");
		} else {
			if (st != LDN_EUSAGE)
				fail_msg("row %zu (%s = %s) accepted", i, key_rows[i].action,
					 key_rows[i].key);
			assert_non_null(cause);
			if (strstr(cause, key_rows[i].error) == NULL)
				fail_msg("row %zu: '%s' lacks '%s'", i, cause, key_rows[i].error);
		}
		free(cause);
	}
}

static void
test_elements(void **state)
{
	/* "tagline": the masthead date's name before it was "date". */
	static const char *const good[] = {"selected", "SELECTED", "masthead", "status", "link",
					   "normal", "prompt", "unread", "date", "tagline"};
	static const char *const bad[] = {"", "selection", "list", "colour"};
	size_t i;
	char *cause;

	(void)state;
	for (i = 0; i < sizeof(good) / sizeof(good[0]); i++) {
		cause = NULL;
		assert_int_equal(ui_theme_check(good[i], &cause), LDN_OK);
		assert_null(cause);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		cause = NULL;
		assert_int_equal(ui_theme_check(bad[i], &cause), LDN_EUSAGE);
		assert_non_null(strstr(cause, "unknown element"));
		free(cause);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keys),
		cmocka_unit_test(test_elements),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
