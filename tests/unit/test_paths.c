/* Unit tests for paths.c: the XDG rules for the cache and config files,
 * and paths_mkdirs. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "paths.h"
#include "support.h"

static void
test_cache_path(void **state)
{
	static const struct {
		const char *xdg, *home, *want; /* want NULL: an error */
	} rows[] = {
		{"/data", "/home/reader", "/data/ldnews/cache.db"},
		{NULL, "/home/reader", "/home/reader/.local/share/ldnews/cache.db"},
		{"", "/home/reader", "/home/reader/.local/share/ldnews/cache.db"},
		{"relative/dir", "/home/reader", "/home/reader/.local/share/ldnews/cache.db"},
		{NULL, NULL, NULL},
		{NULL, "not/absolute", NULL},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char *out = NULL, *cause = NULL;
		int st;

		if (rows[i].xdg)
			setenv("XDG_DATA_HOME", rows[i].xdg, 1);
		else
			unsetenv("XDG_DATA_HOME");
		if (rows[i].home)
			setenv("HOME", rows[i].home, 1);
		else
			unsetenv("HOME");
		st = paths_cache(&out, &cause);
		if (rows[i].want) {
			assert_int_equal(st, LDN_OK);
			assert_string_equal(out, rows[i].want);
		} else {
			assert_int_equal(st, LDN_EIO);
			assert_null(out);
			assert_non_null(cause);
		}
		free(out);
		free(cause);
	}
}

static void
test_config_path(void **state)
{
	static const struct {
		const char *xdg, *home, *want; /* want NULL: an error */
	} rows[] = {
		{"/conf", "/home/reader", "/conf/ldnews/config"},
		{NULL, "/home/reader", "/home/reader/.config/ldnews/config"},
		{"", "/home/reader", "/home/reader/.config/ldnews/config"},
		{"relative/dir", "/home/reader", "/home/reader/.config/ldnews/config"},
		{NULL, NULL, NULL},
		{"relative", "relative", NULL},
	};
	size_t i;

	(void)state;
	setenv("XDG_DATA_HOME", "/data", 1);
	for (i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
		char *out = NULL, *cause = NULL;
		int st;

		if (rows[i].xdg)
			setenv("XDG_CONFIG_HOME", rows[i].xdg, 1);
		else
			unsetenv("XDG_CONFIG_HOME");
		if (rows[i].home)
			setenv("HOME", rows[i].home, 1);
		else
			unsetenv("HOME");
		st = paths_config(&out, &cause);
		if (rows[i].want) {
			assert_int_equal(st, LDN_OK);
			assert_string_equal(out, rows[i].want);
		} else {
			assert_int_equal(st, LDN_EIO);
			assert_null(out);
			assert_string_equal(cause, "no place for the config file: set HOME or "
					    "XDG_CONFIG_HOME, or give -c FILE");
		}
		free(out);
		free(cause);
	}
}

/* The directories of a file's path are made 0700, the file is not, and a
 * second call (they exist) is fine; a file in the way is one line naming
 * the directory that could not be made. */
static void
test_mkdirs(void **state)
{
	char *dir = ts_tmpdir("paths"), *cause = NULL, p[512];
	struct stat sb;
	FILE *f;

	(void)state;
	snprintf(p, sizeof(p), "%s/a/b/cache.db", dir);
	assert_int_equal(paths_mkdirs(p, &cause), LDN_OK);
	assert_int_equal(paths_mkdirs(p, &cause), LDN_OK);
	snprintf(p, sizeof(p), "%s/a/b", dir);
	assert_int_equal(stat(p, &sb), 0);
	assert_true(S_ISDIR(sb.st_mode));
	assert_int_equal(sb.st_mode & 0777, 0700);
	snprintf(p, sizeof(p), "%s/a/b/cache.db", dir);
	assert_int_not_equal(stat(p, &sb), 0);
	/* A relative name without a directory makes nothing. */
	assert_int_equal(paths_mkdirs("cache.db", &cause), LDN_OK);

	snprintf(p, sizeof(p), "%s/file", dir);
	assert_non_null(f = fopen(p, "w"));
	fclose(f);
	snprintf(p, sizeof(p), "%s/file/sub/cache.db", dir);
	assert_int_equal(paths_mkdirs(p, &cause), LDN_EIO);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "cannot create directory"));
	assert_non_null(strstr(cause, "/file"));
	free(cause);
	assert_int_equal(ts_rmtree(dir), 0);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cache_path),
		cmocka_unit_test(test_config_path),
		cmocka_unit_test(test_mkdirs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
