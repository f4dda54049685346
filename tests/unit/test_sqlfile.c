/*
 * Unit tests for sqlfile.c: what a writer killed in the middle of a write
 * leaves beside a database (a child process, SIGKILL), read without
 * writing, must be what SQLite's own recovery makes of it: the image is
 * compared byte for byte with a copy of the files that SQLite opened
 * read-write (rolling the journal back, or checkpointing the WAL).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "sqlfile.h"
#include "support.h"

static char *tmpdir;

static int
setup(void **state)
{
	(void)state;
	tmpdir = ts_tmpdir("sqlfile");
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

/* A path in the temp dir, in one of 16 static buffers used in turn. */
static const char *
tpath(const char *name)
{
	static char p[16][4096];
	static int next;
	char *out = p[next++ % 16];

	snprintf(out, 4096, "%s/%s", tmpdir, name);
	return out;
}

static void
exec_ok(sqlite3 *db, const char *sql)
{
	char *err = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err ? err : "?");
}

/* A database of 300 rows of ~1 KB, 4 KiB pages, closed cleanly. */
static void
make_db(const char *path)
{
	sqlite3 *db;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	exec_ok(db, "PRAGMA page_size = 4096; CREATE TABLE t(id INTEGER PRIMARY KEY, x);"
		"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)"
		" INSERT INTO t SELECT i, randomblob(1000) FROM n;");
	assert_int_equal(sqlite3_close(db), SQLITE_OK);
}

/*
 * A child opens the database in `mode` (WAL or DELETE) with a page cache
 * of a few pages, commits a change, starts another that spills pages to
 * the journal or WAL (unless `commit_only`), and is killed with SIGKILL:
 * what a crash leaves.
 */
static void
kill_mid_write(const char *path, const char *mode, bool commit_only)
{
	int ws;
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		sqlite3 *db;
		char sql[256];

		if (sqlite3_open(path, &db) != SQLITE_OK)
			_exit(2);
		snprintf(sql, sizeof(sql), "PRAGMA journal_mode = %s; PRAGMA cache_size = 4;"
			 "PRAGMA wal_autocheckpoint = 0;", mode);
		if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(db, "UPDATE t SET x = randomblob(900) WHERE id % 7 = 0",
				 NULL, NULL, NULL) != SQLITE_OK)
			_exit(3);
		if (!commit_only &&
		    (sqlite3_exec(db, "BEGIN; UPDATE t SET x = randomblob(1500);"
				  "INSERT INTO t(x) SELECT randomblob(2000) FROM t;",
				  NULL, NULL, NULL) != SQLITE_OK))
			_exit(4);
		raise(SIGKILL);
		_exit(5);
	}
	assert_int_equal(waitpid(pid, &ws, 0), pid);
	assert_true(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGKILL);
}

static void
copy_file(const char *from, const char *to)
{
	size_t n;
	char *data = ts_slurp(from, &n);

	ts_spit(to, data, n);
	free(data);
}

/* Copies db and its side `suffix` to `to`, lets SQLite recover the copy
 * (read-write), takes it out of WAL mode, and returns its bytes. */
static char *
recovered(const char *db, const char *suffix, const char *to, size_t *len)
{
	char from_side[4200], to_side[4200];
	sqlite3 *c;

	copy_file(db, to);
	snprintf(from_side, sizeof(from_side), "%s%s", db, suffix);
	snprintf(to_side, sizeof(to_side), "%s%s", to, suffix);
	copy_file(from_side, to_side);
	assert_int_equal(sqlite3_open(to, &c), SQLITE_OK);
	exec_ok(c, "SELECT count(*) FROM t; PRAGMA journal_mode = DELETE;");
	assert_int_equal(sqlite3_close(c), SQLITE_OK);
	return ts_slurp(to, len);
}

/* The image equals SQLite's recovery, but for the header fields that a
 * change of journal mode rewrites (18-19 mode, 24-27 change counter,
 * 92-99 the counter's copy and SQLite's version). */
static void
assert_same_db(const unsigned char *img, size_t len, const char *want, size_t wlen)
{
	static const size_t skip[][2] = {{18, 20}, {24, 28}, {92, 100}};
	size_t i, k, from = 0;

	assert_int_equal(len, wlen);
	for (k = 0; k <= 3; k++) {
		size_t to = k < 3 ? skip[k][0] : len;

		for (i = from; i < to; i++)
			if (img[i] != (unsigned char)want[i])
				fail_msg("byte %zu: %u, SQLite's recovery %u", i, img[i],
					 (unsigned char)want[i]);
		from = k < 3 ? skip[k][1] : len;
	}
	assert_int_equal(img[18], 1);
	assert_int_equal(img[19], 1);
}

/* Every file of the directory: name, size, mtime and an FNV-1a hash of
 * its bytes, one line each, in a malloc'd string. */
static char *
dir_state(void)
{
	struct dirent **names;
	struct buf b;
	int i, n = scandir(tmpdir, &names, NULL, alphasort);

	assert_true(n >= 0);
	buf_init(&b, SIZE_MAX);
	for (i = 0; i < n; i++) {
		uint64_t h = 14695981039346656037u;
		char p[4200];
		struct stat sb;
		size_t len, k;
		char *data;

		if (names[i]->d_name[0] != '.') {
			snprintf(p, sizeof(p), "%s/%s", tmpdir, names[i]->d_name);
			assert_int_equal(stat(p, &sb), 0);
			data = ts_slurp(p, &len);
			for (k = 0; k < len; k++)
				h = (h ^ (unsigned char)data[k]) * 1099511628211u;
			free(data);
			assert_int_equal(buf_printf(&b, "%s %lld %lld.%09ld %016llx\n",
						    names[i]->d_name, (long long)sb.st_size,
						    (long long)sb.st_mtim.tv_sec, sb.st_mtim.tv_nsec,
						    (unsigned long long)h), LDN_OK);
		}
		free(names[i]);
	}
	free(names);
	return buf_detach(&b);
}

static void
test_hot_journal_rolled_back(void **state)
{
	const char *db = tpath("j.db");
	struct sqlfile_sides sd;
	unsigned char *img;
	char *before, *after, *want, *cause = NULL;
	size_t len, wlen;

	(void)state;
	make_db(db);
	kill_mid_write(db, "DELETE", false);
	before = dir_state();
	assert_int_equal(sqlfile_sides(db, &sd), LDN_OK);
	assert_true(sd.journal);
	assert_false(sd.wal);
	assert_int_equal(sqlfile_image(db, &sd, &img, &len, &cause), LDN_OK);
	assert_false(sqlfile_changed(db, &sd));
	after = dir_state();
	assert_string_equal(before, after);
	want = recovered(db, "-journal", tpath("j-ref.db"), &wlen);
	assert_same_db(img, len, want, wlen);
	sqlite3_free(img);
	free(want);
	free(before);
	free(after);
}

static void
test_wal_committed_frames_applied(void **state)
{
	const char *db = tpath("w.db"), *copy = tpath("w2.db");
	char side[4200], *before, *after, *want, *cause = NULL;
	struct sqlfile_sides sd;
	unsigned char *img;
	size_t len, wlen;

	(void)state;
	make_db(db);
	kill_mid_write(db, "WAL", false);
	before = dir_state();
	assert_int_equal(sqlfile_sides(db, &sd), LDN_OK);
	assert_true(sd.wal && sd.shm && !sd.journal);
	assert_true(sd.wal_frames > 0);
	/* The killed write's frames: salts of this WAL, after its last commit. */
	assert_true(sd.wal_unfinished);
	assert_int_equal(sqlfile_image(db, &sd, &img, &len, &cause), LDN_OK);
	after = dir_state();
	assert_string_equal(before, after);
	want = recovered(db, "-wal", tpath("w-ref.db"), &wlen);
	assert_same_db(img, len, want, wlen);
	sqlite3_free(img);
	free(want);

	/* A -wal without its -shm: the same. */
	copy_file(db, copy);
	snprintf(side, sizeof(side), "%s-wal", db);
	copy_file(side, tpath("w2.db-wal"));
	assert_int_equal(sqlfile_sides(copy, &sd), LDN_OK);
	assert_true(sd.wal && !sd.shm && sd.wal_frames > 0);
	assert_int_equal(sqlfile_image(copy, &sd, &img, &len, &cause), LDN_OK);
	want = recovered(db, "-wal", tpath("w-ref2.db"), &wlen);
	assert_same_db(img, len, want, wlen);
	sqlite3_free(img);
	free(want);
	free(before);
	free(after);
}

static void
test_wal_committed_only(void **state)
{
	const char *db = tpath("c.db");
	struct sqlfile_sides sd;

	(void)state;
	make_db(db);
	kill_mid_write(db, "WAL", true);
	assert_int_equal(sqlfile_sides(db, &sd), LDN_OK);
	assert_true(sd.wal && sd.wal_frames > 0);
	assert_false(sd.wal_unfinished);
	assert_false(sd.journal);
}

static void
test_nothing_beside(void **state)
{
	const char *db = tpath("n.db");
	struct sqlfile_sides sd;
	unsigned char *img;
	char *data, *cause = NULL;
	size_t len, n;

	(void)state;
	make_db(db);
	assert_int_equal(sqlfile_sides(db, &sd), LDN_OK);
	assert_false(sd.journal || sd.wal || sd.shm || sd.wal_unfinished);
	assert_int_equal(sqlfile_image(db, &sd, &img, &len, &cause), LDN_OK);
	data = ts_slurp(db, &n);
	assert_same_db(img, len, data, n);
	sqlite3_free(img);
	free(data);
	/* Not SQLite: refused, naming the file. */
	ts_spit(db, "not a database, a note\n", 23);
	assert_int_equal(sqlfile_sides(db, &sd), LDN_OK);
	assert_int_equal(sqlfile_image(db, &sd, &img, &len, &cause), LDN_EIO);
	assert_non_null(strstr(cause, db));
	free(cause);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hot_journal_rolled_back),
		cmocka_unit_test(test_wal_committed_frames_applied),
		cmocka_unit_test(test_wal_committed_only),
		cmocka_unit_test(test_nothing_beside),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
