/*
 * Reliability of the cache under real processes: two writers at once, a
 * writer killed with SIGKILL in the middle of a large merge, and a writer
 * that runs out of space (RLIMIT_FSIZE). Children do the writing and report
 * through their exit status (and their cause on stderr); the parent checks
 * the file with PRAGMA integrity_check and counts what it holds.
 *
 * The store_*.c files are compiled in with -DLDN_UNITTEST for store_db().
 *
 * The first fill of an empty cache runs in rollback-journal mode when no
 * other connection has the file (store_merge.c, merge_bulk_begin):
 * tested for when it happens, when not, and killed in the middle.
 *
 * Run one case per process: test_store_reliability concurrent|kill|full|first
 * (the argument is a cmocka test filter), each its own `meson test` entry.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>
#include <libxml/parser.h>

#include "fetch.h"
#include "store.h"
#include "sync.h"
#include "../unit/support.h"

static char *tmpdir;
static char dbpath[4096];

static void
rm_files(void)
{
	static const char *const sides[] = {"", "-wal", "-shm", "-journal"};
	char p[4200];
	size_t i;

	for (i = 0; i < 4; i++) {
		snprintf(p, sizeof(p), "%s%s", dbpath, sides[i]);
		unlink(p);
	}
}

static int
setup(void **state)
{
	(void)state;
	tmpdir = ts_tmpdir("storerel");
	snprintf(dbpath, sizeof(dbpath), "%s/cache.db", tmpdir);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	ts_rmtree(tmpdir);
	free(tmpdir);
	xmlCleanupParser();
	return 0;
}

/* n articles with ~body_len bytes of HTML each; `round` changes titles. */
static struct feed *
big_feed(const char *url, size_t n, size_t body_len, int round)
{
	struct feed *f = feed_new(url);
	struct article *a;
	char id[64], title[128];
	size_t i, j;

	if (f == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		if ((a = article_new()) == NULL)
			goto fail;
		snprintf(id, sizeof(id), "%s#%zu", url, i);
		snprintf(title, sizeof(title), "Headline %zu round %d", i, round);
		a->id = strdup(id);
		a->title = strdup(title);
		a->link = strdup(id);
		a->has_published = true;
		a->published = time(NULL) - (time_t)i * 60;
		a->content = malloc(body_len + 16);
		if (a->id == NULL || a->title == NULL || a->link == NULL ||
		    a->content == NULL || article_add_tag(a, i % 2 ? "odd" : "even") ||
		    article_list_push(&f->articles, a) != LDN_OK) {
			article_free(a);
			goto fail;
		}
		a->content_fmt = ARTICLE_FMT_HTML;
		strcpy(a->content, "<p>");
		for (j = 3; j + 12 < body_len; j += 6)
			memcpy(a->content + j, (i + j) % 3 ? "words " : "zebra ", 6);
		strcpy(a->content + j, "</p>");
	}
	return f;
fail:
	feed_free(f);
	return NULL;
}

/* Child side: merge `rounds` versions of a feed; exit status 0 on success. */
static int
child_merge(const char *url, size_t n, size_t body_len, int rounds)
{
	struct store *s = NULL;
	struct feed *f;
	char *cause = NULL;
	int r, st = LDN_OK;

	for (r = 0; r < rounds && st == LDN_OK; r++) {
		if ((f = big_feed(url, n, body_len, r)) == NULL)
			return 3;
		if ((st = store_open(&s, dbpath, 0, &cause)) == LDN_OK) {
			st = store_merge(s, f, NULL, NULL, &cause);
			if (st == LDN_OK)
				st = store_index_pending(s, 0, NULL, &cause);
			store_close(s);
		}
		feed_free(f);
	}
	if (st != LDN_OK)
		fprintf(stderr, "child %s: %s\n", url, cause ? cause : "?");
	free(cause);
	return st == LDN_OK ? 0 : 1;
}

static long long
db_count(const char *sql)
{
	struct store *s = NULL;
	sqlite3_stmt *st;
	char *cause = NULL;
	long long v = -1;

	assert_int_equal(store_open(&s, dbpath, 0, &cause), LDN_OK);
	assert_int_equal(sqlite3_prepare_v2(store_db(s), sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	store_close(s);
	return v;
}

/* PRAGMA integrity_check is "ok", and the full-text index agrees with
 * the articles (FTS5's own check; it needs the store's tokenizer). */
static void
assert_integrity(void)
{
	struct store *s = NULL;
	sqlite3_stmt *st;
	char *cause = NULL;

	assert_int_equal(store_open(&s, dbpath, 0, &cause), LDN_OK);
	/* FTS5's check compares the index with every article: index all. */
	assert_int_equal(store_index_pending(s, 0, NULL, &cause), LDN_OK);
	assert_int_equal(sqlite3_prepare_v2(store_db(s), "PRAGMA integrity_check",
					    -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "ok");
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_exec(store_db(s), "INSERT INTO search(search, "
	    "rank) VALUES('integrity-check', 1)", NULL, NULL, NULL), SQLITE_OK);
	store_close(s);
}

static void
base_cache(size_t n)
{
	struct store *s = NULL;
	struct feed *f = big_feed("https://base/feed", n, 200, 0);
	char *cause = NULL;

	rm_files();
	assert_non_null(f);
	assert_int_equal(store_open(&s, dbpath, 0, &cause), LDN_OK);
	assert_int_equal(store_merge(s, f, NULL, NULL, &cause), LDN_OK);
	assert_int_equal(store_index_pending(s, 0, NULL, &cause), LDN_OK);
	store_close(s);
	feed_free(f);
}

static pid_t
spawn(const char *url, size_t n, size_t body_len, int rounds)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0)
		_exit(child_merge(url, n, body_len, rounds));
	return pid;
}

static int
wait_status(pid_t pid)
{
	int ws;

	assert_int_equal(waitpid(pid, &ws, 0), pid);
	return ws;
}

/* (1) Two processes create and fill one cache at once. */
static void
concurrent(void **state)
{
	pid_t a, b, c, d;

	(void)state;
	rm_files();
	/* Four writers on two cores under ASan, maybe beside other load: a
	 * writer may wait for the others' transactions longer than the
	 * product's 10 s. What is checked is what they leave behind. */
	store_test_busy_ms = 300000;
	/* Both race to create the schema, then to write. */
	a = spawn("https://a/feed", 1500, 500, 3);
	b = spawn("https://b/feed", 1500, 500, 3);
	/* And two more on the same feed. */
	c = spawn("https://c/feed", 1000, 500, 2);
	d = spawn("https://c/feed", 1000, 500, 2);
	assert_int_equal(wait_status(a), 0);
	assert_int_equal(wait_status(b), 0);
	assert_int_equal(wait_status(c), 0);
	assert_int_equal(wait_status(d), 0);
	assert_integrity();
	assert_int_equal(db_count("SELECT count(*) FROM articles"), 4000);
	assert_int_equal(db_count("SELECT count(*) FROM articles WHERE title LIKE "
				  "'% round 2' AND feed_id = (SELECT id FROM feeds "
				  "WHERE url = 'https://a/feed')"), 1500);
	assert_int_equal(db_count("PRAGMA user_version"), STORE_SCHEMA_VERSION);
}

static off_t
file_size(const char *p)
{
	struct stat sb;

	return stat(p, &sb) == 0 ? sb.st_size : 0;
}

/* An RSS file of n items with ~body_len bytes of HTML each. */
static void
big_rss(const char *path, size_t n, size_t body_len)
{
	FILE *f = fopen(path, "w");
	size_t i, j;

	assert_non_null(f);
	fputs("<rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/"
	      "content/\"><channel><title>Big</title>\n", f);
	for (i = 0; i < n; i++) {
		fprintf(f, "<item><title>Headline %zu</title><guid>big-%zu</guid>"
			"<link>https://big/%zu</link><content:encoded><![CDATA[<p>", i, i, i);
		for (j = 0; j < body_len; j += 6)
			fputs(j % 18 ? "words " : "zebra ", f);
		fputs("</p>]]></content:encoded></item>\n", f);
	}
	fputs("</channel></rss>\n", f);
	assert_int_equal(fclose(f), 0);
}

/* (2b) SIGKILL while sync_feed streams a large feed, article by article,
 * from the parser into its merge: the same single transaction. */
static void
kill_mid_sync(void)
{
	char wal[4200], feed[4200];
	struct timespec ms = {0, 1000000};
	pid_t pid;
	int ws, i;

	base_cache(100);
	snprintf(wal, sizeof(wal), "%s-wal", dbpath);
	snprintf(feed, sizeof(feed), "%s/big.xml", tmpdir);
	big_rss(feed, 20000, 3000);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct store *s = NULL;
		struct fetch_opts fo;
		struct sync_result res;
		char *cause = NULL, *warning = NULL;

		fetch_opts_default(&fo);
		if (store_open(&s, dbpath, 0, &cause) != LDN_OK)
			_exit(4);
		_exit(sync_feed(s, feed, &fo, &res, &warning, &cause) == LDN_OK ? 0 : 1);
	}
	for (i = 0; i < 60000 && file_size(wal) < 4 << 20; i++) {
		assert_int_equal(waitpid(pid, &ws, WNOHANG), 0);
		nanosleep(&ms, NULL);
	}
	assert_true(file_size(wal) >= 4 << 20);
	assert_int_equal(kill(pid, SIGKILL), 0);
	ws = wait_status(pid);
	assert_true(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGKILL);
	unlink(feed);
	assert_integrity();
	assert_int_equal(db_count("SELECT count(*) FROM articles"), 100);
	assert_int_equal(db_count("SELECT count(*) FROM feeds"), 1);
}

/* (2) SIGKILL in the middle of merging 20,000 articles, by store_merge
 * and by sync_feed. */
static void
kill_mid_merge(void **state)
{
	char wal[4200];
	struct timespec ms = {0, 1000000};
	pid_t pid;
	int ws, i;

	(void)state;
	base_cache(100);
	snprintf(wal, sizeof(wal), "%s-wal", dbpath);
	pid = spawn("https://big/feed", 20000, 3000, 1);
	/* Kill once the transaction has spilled pages to the WAL: far from
	 * its end (the whole merge writes well over 60 MB). */
	for (i = 0; i < 60000 && file_size(wal) < 4 << 20; i++) {
		assert_int_equal(waitpid(pid, &ws, WNOHANG), 0);
		nanosleep(&ms, NULL);
	}
	assert_true(file_size(wal) >= 4 << 20);
	assert_int_equal(kill(pid, SIGKILL), 0);
	ws = wait_status(pid);
	assert_true(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGKILL);
	assert_integrity();
	assert_int_equal(db_count("SELECT count(*) FROM articles"), 100);
	assert_int_equal(db_count("SELECT count(*) FROM feeds"), 1);
	/* The index holds the 100 and nothing of the killed merge. */
	assert_int_equal(db_count("SELECT count(*) FROM search WHERE search "
				  "MATCH 'headline'"), 100);
	/* And the cache opens and loads as before. */
	{
		struct store *s = NULL;
		struct article_list l = {0};
		char *cause = NULL;
		assert_int_equal(store_open(&s, dbpath, 0, &cause), LDN_OK);
		assert_int_equal(store_load(s, &l, &cause), LDN_OK);
		assert_int_equal(l.len, 100);
		article_list_free(&l);
		store_close(s);
	}
	kill_mid_sync();
}

/* The cache's journal mode, read on a connection of its own. */
static void
assert_journal_mode(sqlite3 *db, const char *want)
{
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), want);
	sqlite3_finalize(st);
}

/* One streaming merge of f, checking the journal mode while it is open. */
static void
merge_checking_mode(struct store *s, struct feed *f, const char *during)
{
	struct store_merge *m = NULL;
	char *cause = NULL;
	bool held;
	size_t i;

	assert_int_equal(store_merge_begin(&m, s, f->url, 0, &cause), LDN_OK);
	assert_journal_mode(store_db(s), during);
	for (i = 0; i < f->articles.len; i++) {
		assert_int_equal(store_merge_article(m, f->articles.items[i], &held,
						     &cause), LDN_OK);
		assert_false(held);
	}
	assert_int_equal(store_merge_end(m, f, NULL, NULL, &cause), LDN_OK);
	assert_journal_mode(store_db(s), "wal");
}

/* (4) The first fill of an empty cache skips the WAL only when alone. */
static void
first_fill(void **state)
{
	char journal[4200], feed[4200];
	struct timespec ms = {0, 1000000};
	struct store *s = NULL;
	struct feed *f;
	sqlite3 *other;
	char *cause = NULL;
	time_t t;
	pid_t pid;
	int ws, i;

	(void)state;
	snprintf(journal, sizeof(journal), "%s-journal", dbpath);
	/* Alone on an empty cache: rollback mode, then WAL again. */
	rm_files();
	assert_non_null(f = big_feed("https://first/feed", 300, 2000, 0));
	assert_int_equal(store_open(&s, dbpath, 0, &cause), LDN_OK);
	merge_checking_mode(s, f, "delete");
	assert_int_equal(file_size(journal), 0);
	/* The cache has articles now: the next merge stays in WAL. */
	feed_free(f);
	assert_non_null(f = big_feed("https://second/feed", 300, 2000, 0));
	merge_checking_mode(s, f, "wal");
	store_close(s);
	feed_free(f);
	assert_integrity();
	assert_int_equal(db_count("SELECT count(*) FROM articles"), 600);

	/* Another connection open (as the reader's beside its refresh): the
	 * merge neither leaves WAL nor waits for the other to close. */
	rm_files();
	assert_int_equal(store_open(&s, dbpath, 0, &cause), LDN_OK);
	assert_int_equal(sqlite3_open_v2(dbpath, &other, SQLITE_OPEN_READONLY, NULL),
			 SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "SELECT count(*) FROM articles", NULL,
				      NULL, NULL), SQLITE_OK);
	assert_non_null(f = big_feed("https://first/feed", 300, 2000, 0));
	/* Not the busy timeout's 10 s: the switch was asked without waiting. */
	t = time(NULL);
	merge_checking_mode(s, f, "wal");
	assert_true(time(NULL) - t < 5);
	sqlite3_close(other);
	store_close(s);
	feed_free(f);
	assert_int_equal(db_count("SELECT count(*) FROM articles"), 300);

	/* SIGKILL in the middle of a first fill streamed by sync_feed. */
	rm_files();
	assert_int_equal(store_open(&s, dbpath, 0, &cause), LDN_OK);
	store_close(s);
	snprintf(feed, sizeof(feed), "%s/big.xml", tmpdir);
	big_rss(feed, 20000, 3000);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct fetch_opts fo;
		struct sync_result res;
		char *warning = NULL;

		fetch_opts_default(&fo);
		if (store_open(&s, dbpath, 0, &cause) != LDN_OK)
			_exit(4);
		_exit(sync_feed(s, feed, &fo, &res, &warning, &cause) == LDN_OK ? 0 : 1);
	}
	/* Kill once pages went to the database itself, far from the end. */
	for (i = 0; i < 60000 && (file_size(journal) == 0 || file_size(dbpath) < 4 << 20);
	     i++) {
		assert_int_equal(waitpid(pid, &ws, WNOHANG), 0);
		nanosleep(&ms, NULL);
	}
	assert_true(file_size(journal) > 0 && file_size(dbpath) >= 4 << 20);
	assert_int_equal(kill(pid, SIGKILL), 0);
	ws = wait_status(pid);
	assert_true(WIFSIGNALED(ws) && WTERMSIG(ws) == SIGKILL);
	unlink(feed);
	/* A kiosk (read-only) reads the cache as it was before the write,
	 * never the half-written pages, says so, and changes nothing: the
	 * journal is played back into a copy in memory. */
	cause = NULL;
	{
		off_t db_size = file_size(dbpath), j_size = file_size(journal);
		struct article_list l = {0};

		assert_int_equal(store_open(&s, dbpath, STORE_READONLY, &cause), LDN_OK);
		assert_non_null(store_note(s));
		assert_non_null(strstr(store_note(s), "an unfinished write (its -journal) is left out"));
		assert_int_equal(store_load(s, &l, &cause), LDN_OK);
		assert_int_equal(l.len, 0);
		store_close(s);
		assert_int_equal(file_size(dbpath), db_size);
		assert_int_equal(file_size(journal), j_size);
	}
	assert_true(file_size(journal) > 0);
	/* The next writer rolls it back: a valid, empty cache in WAL mode. */
	assert_integrity();
	assert_int_equal(file_size(journal), 0);
	assert_int_equal(db_count("SELECT count(*) FROM articles"), 0);
	assert_int_equal(db_count("SELECT count(*) FROM feeds"), 0);
	assert_int_equal(sqlite3_open_v2(dbpath, &other, SQLITE_OPEN_READONLY, NULL),
			 SQLITE_OK);
	assert_journal_mode(other, "wal");
	sqlite3_close(other);
}

/* (3) The file size limit runs out during a merge. */
static void
disk_full(void **state)
{
	int pfd[2], ws;
	char msg[1024];
	ssize_t n;
	pid_t pid;

	(void)state;
	base_cache(100);
	assert_int_equal(pipe(pfd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct rlimit rl;
		struct store *s = NULL;
		struct feed *f = big_feed("https://big/feed", 20000, 3000, 0);
		struct article_list l = {0};
		char *cause = NULL;
		int st, code = 0;

		close(pfd[0]);
		signal(SIGXFSZ, SIG_IGN);
		rl.rlim_cur = rl.rlim_max = (rlim_t)(file_size(dbpath) + (2 << 20));
		if (f == NULL || setrlimit(RLIMIT_FSIZE, &rl) != 0)
			_exit(3);
		if (store_open(&s, dbpath, 0, &cause) != LDN_OK)
			_exit(4);
		st = store_merge(s, f, NULL, NULL, &cause);
		if (st != LDN_EIO || cause == NULL)
			code = 5;
		else if (write(pfd[1], cause, strlen(cause)) < 0)
			code = 6;
		/* What was there before is still readable. */
		if (code == 0 && (store_load(s, &l, NULL) != LDN_OK || l.len != 100))
			code = 7;
		article_list_free(&l);
		store_close(s);
		feed_free(f);
		free(cause);
		_exit(code);
	}
	close(pfd[1]);
	n = read(pfd[0], msg, sizeof(msg) - 1);
	close(pfd[0]);
	ws = wait_status(pid);
	assert_true(WIFEXITED(ws));
	assert_int_equal(WEXITSTATUS(ws), 0);
	assert_true(n > 0);
	msg[n] = '\0';
	print_message("cause: %s\n", msg);
	assert_non_null(strstr(msg, dbpath));
	assert_non_null(strstr(msg, "disk full"));
	assert_integrity();
	assert_int_equal(db_count("SELECT count(*) FROM articles"), 100);
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(concurrent),
		cmocka_unit_test(kill_mid_merge),
		cmocka_unit_test(disk_full),
		cmocka_unit_test(first_fill),
	};

	if (argc > 1)
		cmocka_set_test_filter(argv[1]);
	return cmocka_run_group_tests(tests, setup, teardown);
}
