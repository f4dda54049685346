/*
 * Unit tests for the cache's schedule (schema 5): the migration from every
 * earlier version, and store_feed_schedule / store_set_schedule.
 *
 * The store_*.c files are compiled into this test with -DLDN_UNITTEST,
 * which adds
 * store_open_version() (a cache at an older schema) and store_db().
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store.h"
#include "support.h"

static char *tmpdir;

static char *
tpath(const char *name)
{
	static char p[4096];

	snprintf(p, sizeof(p), "%s/%s", tmpdir, name);
	return p;
}

static void
rm_cache(const char *p)
{
	static const char *const sides[] = {"", "-wal", "-shm"};
	char f[4200];
	size_t i;

	for (i = 0; i < 3; i++) {
		snprintf(f, sizeof(f), "%s%s", p, sides[i]);
		unlink(f);
	}
}

static long long
sql_int(struct store *s, const char *sql)
{
	sqlite3_stmt *st;
	long long v;

	assert_int_equal(sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* A cache made at each older version, with a feed row of that version,
 * opens at version 5: the row keeps its data and gets an empty schedule,
 * which can then be set and read back. */
static void
test_migrate_from_each(void **state)
{
	struct store_schedule sch, set = {
		.fetch_url = (char *)"https://new.example/feed",
		.retry_after = 1700000120, .fresh_until = 1700000600, .ttl_minutes = 45,
	};
	char *cause = NULL;
	int k;

	(void)state;
	assert_true(STORE_SCHEMA_VERSION >= 5);
	for (k = 0; k < STORE_SCHEMA_VERSION; k++) {
		const char *p = tpath("migrate.db");
		struct store *s = NULL;

		rm_cache(p);
		assert_int_equal(store_open_version(&s, p, k, &cause), LDN_OK);
		assert_int_equal(sql_int(s, "PRAGMA user_version"), k);
		if (k >= 1)
			assert_int_equal(sqlite3_exec(store_db(s),
			    "INSERT INTO feeds(url, title, etag, last_fetch)"
			    " VALUES('https://old.example/feed', 'Old', 'E1', 1600000000)",
			    NULL, NULL, NULL), SQLITE_OK);
		store_close(s);

		assert_int_equal(store_open(&s, p, 0, &cause), LDN_OK);
		assert_int_equal(sql_int(s, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
		assert_int_equal(store_feed_schedule(s, "https://old.example/feed", &sch, &cause),
		    LDN_OK);
		assert_null(sch.fetch_url);
		assert_int_equal(sch.retry_after, 0);
		assert_int_equal(sch.fresh_until, 0);
		assert_int_equal(sch.ttl_minutes, 0);
		assert_int_equal(store_set_schedule(s, "https://old.example/feed", &set, &cause),
		    LDN_OK);
		store_close(s);

		/* Written to the file, and the rest of the row untouched. */
		assert_int_equal(store_open(&s, p, 0, &cause), LDN_OK);
		assert_int_equal(store_feed_schedule(s, "https://old.example/feed", &sch, &cause),
		    LDN_OK);
		assert_string_equal(sch.fetch_url, "https://new.example/feed");
		assert_int_equal(sch.retry_after, 1700000120);
		assert_int_equal(sch.fresh_until, 1700000600);
		assert_int_equal(sch.ttl_minutes, 45);
		store_schedule_free(&sch);
		assert_null(sch.fetch_url);
		if (k >= 1) {
			struct store_feed_state fs;
			assert_int_equal(store_feed_state(s, "https://old.example/feed", &fs, &cause),
			    LDN_OK);
			assert_string_equal(fs.etag, "E1");
			assert_int_equal(fs.last_fetch, 1600000000);
			assert_string_equal(fs.title, "Old");
			store_feed_state_free(&fs);
		}
		assert_int_equal(sql_int(s, "SELECT count(*) FROM feeds"), 1);
		store_close(s);
	}
}

static void
test_schedule_rows(void **state)
{
	struct store *s = NULL;
	struct store_schedule sch, set = {.retry_after = 5, .fresh_until = 6};
	struct store_feed_state fs;
	char *cause = NULL;

	(void)state;
	assert_int_equal(store_open(&s, NULL, STORE_MEMORY, &cause), LDN_OK);
	/* Unknown feed: all empty. */
	assert_int_equal(store_feed_schedule(s, "https://x/feed", &sch, &cause), LDN_OK);
	assert_null(sch.fetch_url);
	assert_int_equal(sch.retry_after + sch.fresh_until + sch.ttl_minutes, 0);
	/* Setting one makes the feed's row (a 429 before any article). */
	assert_int_equal(store_set_schedule(s, "https://x/feed", &set, &cause), LDN_OK);
	assert_int_equal(store_feed_state(s, "https://x/feed", &fs, &cause), LDN_OK);
	assert_true(fs.known);
	store_feed_state_free(&fs);
	assert_int_equal(store_feed_schedule(s, "https://x/feed", &sch, &cause), LDN_OK);
	assert_int_equal(sch.retry_after, 5);
	assert_int_equal(sch.fresh_until, 6);
	/* Replacing clears what the new one does not say. */
	set.retry_after = 0;
	set.fresh_until = 0;
	assert_int_equal(store_set_schedule(s, "https://x/feed", &set, &cause), LDN_OK);
	assert_int_equal(store_feed_schedule(s, "https://x/feed", &sch, &cause), LDN_OK);
	assert_int_equal(sch.retry_after + sch.fresh_until, 0);
	/* A note of a fetch leaves the schedule alone. */
	set.retry_after = 77;
	assert_int_equal(store_set_schedule(s, "https://x/feed", &set, &cause), LDN_OK);
	assert_int_equal(store_note_fetch(s, "https://x/feed", 10, "HTTP 429", &cause), LDN_OK);
	assert_int_equal(store_feed_schedule(s, "https://x/feed", &sch, &cause), LDN_OK);
	assert_int_equal(sch.retry_after, 77);
	store_close(s);

	/* A read-only cache cannot be rescheduled. */
	assert_int_equal(store_open(&s, tpath("ro.db"), 0, &cause), LDN_OK);
	store_close(s);
	assert_int_equal(store_open(&s, tpath("ro.db"), STORE_READONLY, &cause), LDN_OK);
	assert_int_equal(store_set_schedule(s, "https://x/feed", &set, &cause), LDN_EIO);
	assert_non_null(cause);
	free(cause);
	store_close(s);
}

static int
setup(void **state)
{
	(void)state;
	tmpdir = ts_tmpdir("sched");
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	ts_rmtree(tmpdir);
	free(tmpdir);
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_migrate_from_each),
		cmocka_unit_test(test_schedule_rows),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
