/* Unit tests for cli.c: the command-line contract, one row per case. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

struct row {
	const char *argv[8];
	int status;
	enum cli_mode mode;
	bool json;
	long show_n;
	size_t ntags;
	size_t nfeeds;
	const char *cause_part; /* substring of the cause for errors */
};

static const struct row rows[] = {
	{{"ldnews"}, LDN_OK, CLI_MODE_DEFAULT, false, 0, 0, 0, NULL},
	{{"ldnews", "--list", "a.xml", "b.xml"}, LDN_OK, CLI_MODE_LIST, false, 0, 0, 2, NULL},
	{{"ldnews", "-l", "--json"}, LDN_OK, CLI_MODE_LIST, true, 0, 0, 0, NULL},
	{{"ldnews", "--show", "7", "f.xml"}, LDN_OK, CLI_MODE_SHOW, false, 7, 0, 1, NULL},
	{{"ldnews", "-s", "12", "--json"}, LDN_OK, CLI_MODE_SHOW, true, 12, 0, 0, NULL},
	{{"ldnews", "--tags", "--json"}, LDN_OK, CLI_MODE_TAGS, true, 0, 0, 0, NULL},
	{{"ldnews", "-t", "ANT", "--tag", "UK", "-l"}, LDN_OK, CLI_MODE_LIST, false, 0, 2, 0, NULL},
	{{"ldnews", "-f", "fuel", "-w", "72", "-s", "1"}, LDN_OK, CLI_MODE_SHOW, false, 1, 0, 0, NULL},
	{{"ldnews", "--help", "--bogus-after"}, LDN_EUSAGE, CLI_MODE_DEFAULT, false, 0, 0, 0, "--bogus-after"},
	{{"ldnews", "-h"}, LDN_OK, CLI_MODE_HELP, false, 0, 0, 0, NULL},
	{{"ldnews", "--version"}, LDN_OK, CLI_MODE_VERSION, false, 0, 0, 0, NULL},
	{{"ldnews", "--show", "0"}, LDN_EUSAGE, 0, false, 0, 0, 0, "--show 0: numbers start at 1"},
	{{"ldnews", "--show", "-2"}, LDN_EUSAGE, 0, false, 0, 0, 0, "--show -2: numbers start at 1"},
	{{"ldnews", "--show", "7x"}, LDN_EUSAGE, 0, false, 0, 0, 0, "not a number"},
	{{"ldnews", "--show"}, LDN_EUSAGE, 0, false, 0, 0, 0, "--show"},
	{{"ldnews", "--show", "99999999999999999999999"}, LDN_EUSAGE, 0, false, 0, 0, 0, "not a number"},
	{{"ldnews", "--list", "--show", "3"}, LDN_EUSAGE, 0, false, 0, 0, 0, "cannot be used together"},
	{{"ldnews", "--tags", "--list"}, LDN_EUSAGE, 0, false, 0, 0, 0, "--tags and --list"},
	{{"ldnews", "--json"}, LDN_EUSAGE, 0, false, 0, 0, 0, "--json needs"},
	{{"ldnews", "--width", "5", "-s", "1"}, LDN_EUSAGE, 0, false, 0, 0, 0, "--width"},
	{{"ldnews", "--tag", ""}, LDN_EUSAGE, 0, false, 0, 0, 0, "empty tag"},
	{{"ldnews", "--frobnicate"}, LDN_EUSAGE, 0, false, 0, 0, 0, "--frobnicate"},
	{{"ldnews", "-x"}, LDN_EUSAGE, 0, false, 0, 0, 0, "-x"},
	{{"ldnews", "--timeout", "0"}, LDN_EUSAGE, 0, false, 0, 0, 0, "--timeout"},
	{{"ldnews", "--open", "5", "--ascii", "-r", "60"}, LDN_OK, CLI_MODE_DEFAULT, false, 0, 0, 0, NULL},
	{{"ldnews", "-o", "5", "--list"}, LDN_EUSAGE, 0, false, 0, 0, 0, "--open starts the reader"},
	{{"ldnews", "--open", "-1"}, LDN_EUSAGE, 0, false, 0, 0, 0, "--open"},
	{{"ldnews", "--offline", "--cache", "c.db", "-l"}, LDN_OK, CLI_MODE_LIST, false, 0, 0, 0, NULL},
	{{"ldnews", "--reset-cache", "--no-cache"}, LDN_EUSAGE, 0, false, 0, 0, 0, "--no-cache does not go"},
	{{"ldnews", "--no-cache", "--offline"}, LDN_EUSAGE, 0, false, 0, 0, 0, "--offline reads the cache"},
	{{"ldnews", "--cache", ""}, LDN_EUSAGE, 0, false, 0, 0, 0, "empty file name"},
	{{"ldnews", "-c", "my.conf", "-l"}, LDN_OK, CLI_MODE_LIST, false, 0, 0, 0, NULL},
	{{"ldnews", "--config", ""}, LDN_EUSAGE, 0, false, 0, 0, 0, "--config: empty file name"},
	{{"ldnews", "-c"}, LDN_EUSAGE, 0, false, 0, 0, 0, "-c"},
	{{"ldnews", "--import-opml", "subs.opml"}, LDN_OK, CLI_MODE_IMPORT_OPML, false, 0, 0, 0, NULL},
	{{"ldnews", "--import-opml", "s.opml", "f.xml"}, LDN_EUSAGE, 0, false, 0, 0, 0,
	 "takes no feed arguments"},
	{{"ldnews", "--import-opml", ""}, LDN_EUSAGE, 0, false, 0, 0, 0, "--import-opml: empty"},
	{{"ldnews", "--export-opml", "a.xml", "b.xml"}, LDN_OK, CLI_MODE_EXPORT_OPML, false, 0, 0, 2, NULL},
	{{"ldnews", "--export-opml", "--list"}, LDN_EUSAGE, 0, false, 0, 0, 0,
	 "--export-opml and --list cannot be used together"},
	{{"ldnews", "--export-opml", "--json"}, LDN_EUSAGE, 0, false, 0, 0, 0, "--json needs"},
	{{"ldnews", "--import-opml", "s.opml", "--export-opml"}, LDN_EUSAGE, 0, false, 0, 0, 0,
	 "cannot be used together"},
};

static void
test_rows(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		const struct row *r = &rows[i];
		char *argv[8] = {0};
		struct cli_opts o;
		char *cause = NULL;
		int argc = 0, st;

		while (r->argv[argc]) {
			argv[argc] = (char *)(uintptr_t)r->argv[argc];
			argc++;
		}
		st = cli_parse(argc, argv, &o, &cause);
		if (st != r->status)
			fail_msg("row %zu: status %d, want %d (%s)", i, st, r->status,
				 cause ? cause : "");
		if (st == LDN_OK) {
			assert_null(cause);
			assert_int_equal(o.mode, r->mode);
			assert_int_equal(o.json, r->json);
			assert_int_equal(o.show_n, r->show_n);
			assert_int_equal(o.ntags, r->ntags);
			assert_int_equal(o.nfeeds, r->nfeeds);
		} else {
			assert_non_null(cause);
			if (strstr(cause, r->cause_part) == NULL)
				fail_msg("row %zu: cause '%s' lacks '%s'", i, cause, r->cause_part);
		}
		free(cause);
		cli_opts_free(&o);
	}
}

static void
test_values_are_kept(void **state)
{
	static const char *const args[] = {"ldnews", "-t", "ANT", "-f", "winter fuel", "-w",
					   "72", "--timeout", "5", "-c", "my.conf", "x.xml"};
	char *argv[13] = {0};
	struct cli_opts o;
	char *cause = NULL;

	size_t i;

	(void)state;
	/* getopt wants char **; it never writes through these. */
	for (i = 0; i < 12; i++)
		argv[i] = (char *)(uintptr_t)args[i];
	assert_int_equal(cli_parse(12, argv, &o, &cause), LDN_OK);
	assert_string_equal(o.tags[0], "ANT");
	assert_string_equal(o.find, "winter fuel");
	assert_int_equal(o.width, 72);
	assert_int_equal(o.timeout, 5);
	assert_string_equal(o.config, "my.conf");
	assert_string_equal(o.feeds[0], "x.xml");
	cli_opts_free(&o);
}

/* Kiosk mode: its options, and the combinations that would write a file. */
static void
test_kiosk(void **state)
{
	static const struct {
		const char *argv[8]; /* NULL-terminated: room for one more */
		int status;
		const char *cause_part;
	} krows[] = {
		{{"ldnews", "-k"}, LDN_OK, NULL},
		{{"ldnews", "--kiosk", "--idle-reset", "60", "--cycle", "20"}, LDN_OK, NULL},
		{{"ldnews", "--kiosk", "--list", "--json"}, LDN_OK, NULL},
		{{"ldnews", "--kiosk", "--reset-cache"}, LDN_EUSAGE, "--kiosk writes no file"},
		{{"ldnews", "--import-opml", "f.opml", "-k"}, LDN_EUSAGE,
		 "--kiosk writes no file: it does not go with --import-opml"},
		{{"ldnews", "--cycle", "0"}, LDN_EUSAGE, "--cycle: '0'"},
		{{"ldnews", "--idle-reset", "x"}, LDN_EUSAGE, "--idle-reset"},
		{{"ldnews", "--cycle", "5", "--list"}, LDN_EUSAGE, "--cycle works in the reader"},
		{{"ldnews", "--idle-reset", "5", "--tags"}, LDN_EUSAGE, "--idle-reset works"},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(krows) / sizeof(krows[0]); i++) {
		char *argv[8] = {0};
		struct cli_opts o;
		char *cause = NULL;
		int argc = 0, st;

		while (krows[i].argv[argc]) {
			argv[argc] = (char *)(uintptr_t)krows[i].argv[argc];
			argc++;
		}
		st = cli_parse(argc, argv, &o, &cause);
		if (st != krows[i].status)
			fail_msg("kiosk row %zu: status %d, want %d (%s)", i, st, krows[i].status,
				 cause ? cause : "");
		if (st == LDN_OK)
			assert_true(o.kiosk);
		else if (cause == NULL || strstr(cause, krows[i].cause_part) == NULL)
			fail_msg("kiosk row %zu: cause '%s' lacks '%s'", i, cause ? cause : "",
				 krows[i].cause_part);
		if (i == 1) {
			assert_int_equal(o.idle_reset, 60);
			assert_int_equal(o.cycle, 20);
		}
		free(cause);
		cli_opts_free(&o);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_values_are_kept),
		cmocka_unit_test(test_kiosk),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
