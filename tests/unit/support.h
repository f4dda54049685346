/*
 * support.h - what the cmocka tests share (tests/unit/support.c, linked
 * into every test binary): reading and writing whole files, the fixtures
 * under tests/data, temporary directories, a quiet stderr, and the feed
 * parser's row-driven helpers (test_feed_parse.c, test_feed_json.c).
 *
 * Every helper fails the running test (cmocka) when something it needs
 * cannot be done, so callers need not check; none returns NULL.
 */
#ifndef LDN_TEST_SUPPORT_H
#define LDN_TEST_SUPPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "article.h"
#include "buf.h"
#include "status.h"

/* ---- files ---- */

/* The whole file at `path`, malloc'd and NUL-terminated; its length (the
 * NUL not counted) in *len when len is not NULL. */
char *ts_slurp(const char *path, size_t *len);

/* Writes the n bytes at `data` to `path`, replacing what was there. */
void ts_spit(const char *path, const void *data, size_t n);

/* LDN_TEST_DATA "/" followed by the formatted name ("feeds/%s", ...), in
 * one of four static buffers that the calls reuse in turn. */
const char *ts_data_path(const char *fmt, ...) LDN_PRINTF(1, 2);

/* ---- the loopback server (net suite: LDN_TEST_URL) ---- */

/* LDN_TEST_URL followed by `path`; malloc'd. */
char *ts_server_url(const char *path);

/* Points the server's /alias/<name> at the server path `to`. */
void ts_alias(const char *name, const char *to);

/* ---- temporary directories ---- */

/* A new empty directory /tmp/ldnews-<tag>-XXXXXX; malloc'd path. */
char *ts_tmpdir(const char *tag);

/* Removes `path` and, for a directory, everything under it (symbolic
 * links are removed, never followed). 0 when nothing is left at `path`
 * (it did not exist, or now does not), else -1. */
int ts_rmtree(const char *path);

/* ---- stderr ---- */

struct ts_stderr {
	FILE *tmp;
	int saved;
};

/* Sends stderr (the descriptor, so libraries' writes too) to a temporary
 * file until ts_stderr_end(). */
void ts_stderr_begin(struct ts_stderr *c);

/* Puts stderr back; returns the number of bytes written to it meanwhile. */
long ts_stderr_end(struct ts_stderr *c);

/* ---- costs ---- */

/* A cost to measure: does the work for an input of size n. */
typedef void (*ts_work_fn)(size_t n, void *arg);

/*
 * Runs fn at n and at 10 * n, three times each (alternately), and fails
 * the test unless the CPU time (CLOCK_PROCESS_CPUTIME_ID, the least of the
 * three runs) at 10 * n is at most 12 times that at n: linear, where a
 * quadratic cost would be
 * ~100 times. Prints both figures. n must be big enough that the time at
 * n is not noise (tens of milliseconds).
 */
void ts_assert_linear(const char *what, ts_work_fn fn, void *arg, size_t n);

/* Built with AddressSanitizer (gcc and clang define this): costs are
 * several times higher, so scaling tests may start smaller. */
#if defined(__SANITIZE_ADDRESS__)
#define TS_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TS_SANITIZED 1
#endif
#endif
#ifndef TS_SANITIZED
#define TS_SANITIZED 0
#endif

/* ---- the feed parser (tests/data/feeds) ---- */

/* What feed_parse_finish() gave. */
struct ts_result {
	int st;
	struct feed *feed;
	char *warning;
	char *cause;
};

/* Frees the result's parts and zeroes it. */
void ts_result_free(struct ts_result *r);

/* Parses data as the feed at `url`, pushed in chunks of `chunk` bytes
 * (0: all at once); every push's status is ignored, finish's kept. */
void ts_parse_chunked(const char *url, const char *data, size_t len, size_t chunk,
		      unsigned flags, struct ts_result *r);

/* ts_parse_chunked() of the fixture tests/data/feeds/<name>, in one push. */
void ts_parse_file(const char *url, const char *name, unsigned flags,
		   struct ts_result *r);

/* Everything the parser produced (feed fields, format and ttl included,
 * then every article's), as one malloc'd string for comparisons. */
char *ts_feed_dump(const struct feed *f);

/* A field of an article (or of the feed, TS_F_FEED_LINK/_DESC). */
enum ts_field {
	TS_F_ID, TS_F_TITLE, TS_F_LINK, TS_F_AUTHOR, TS_F_PUB, TS_F_TAGS, TS_F_ENCL,
	TS_F_SUMMARY, TS_F_CONTENT, TS_F_FEED, TS_F_FEED_LINK, TS_F_FEED_DESC
};

/* The field of article idx as a string in b: "(null)" for NULL, "none"
 * for no date, tags and enclosures joined by "|", summaries and contents
 * prefixed by "text:" or "html:". */
void ts_field_str(const struct feed *f, size_t idx, enum ts_field fl, struct buf *b);

/* One expected field of one fixture. */
struct ts_field_row {
	const char *file;    /* under tests/data/feeds */
	size_t idx;          /* the article */
	enum ts_field field;
	const char *want;    /* exact, or "~substring" */
};

/* Parses each row's fixture (once per run of rows with the same file; it
 * must parse, LDN_OK) and fails on the first field that is not as wanted. */
void ts_check_fields(const char *url, const struct ts_field_row *rows, size_t n);

#endif
