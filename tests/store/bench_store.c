/*
 * bench_store - timings of the cache on a generated feed (not a test).
 *
 *   bench_store FEED.xml DIR
 *
 * Parses FEED.xml (e.g. genfeed.py --items 10000 --seed 1) once, then in
 * DIR: merges it into an empty cache (cold), merges it again unchanged,
 * short-circuits on the body hash, notes a 304; then builds a cache of
 * 100,000 articles (the feed under ten URLs) and times open, store_load
 * and store_search. Prints one line per figure.
 *
 *   bench_store sync SRC CACHE [N]
 *
 * Times sync_feed(SRC) into CACHE inside the process, N times (default 6):
 * the first is what a run of ldnews pays (a new connection, curl's first
 * transfer), the others a refresh in a running reader. One line each:
 * "sync ms=... status=... not_modified=... same_body=... inserted=...".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <libxml/parser.h>

#include "feed_parse.h"
#include "fetch.h"
#include "store.h"
#include "sync.h"

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void
die(const char *what, int st, char *cause)
{
	fprintf(stderr, "bench_store: %s: %d %s\n", what, st, cause ? cause : "");
	exit(1);
}

static long long
fsize(const char *p)
{
	struct stat sb;

	return stat(p, &sb) == 0 ? (long long)sb.st_size : 0;
}

static void
rm_cache(const char *p)
{
	char side[4200];

	unlink(p);
	snprintf(side, sizeof(side), "%s-wal", p);
	unlink(side);
	snprintf(side, sizeof(side), "%s-shm", p);
	unlink(side);
}

/* bench_store sync SRC CACHE [N] */
static int
bench_sync(int argc, char **argv)
{
	struct fetch_opts fo;
	struct sync_result r;
	struct store *s = NULL;
	char *cause = NULL, *warning = NULL;
	int i, n = argc > 4 ? atoi(argv[4]) : 6, st;
	double t;

	fetch_opts_default(&fo);
	if (fetch_global_init() != LDN_OK)
		die("curl", 0, NULL);
	if ((st = store_open(&s, argv[3], STORE_NO_CHECK, &cause)) != LDN_OK)
		die("store_open", st, cause);
	for (i = 0; i < n; i++) {
		t = now_ms();
		if ((st = sync_feed(s, argv[2], &fo, &r, &warning, &cause)) != LDN_OK)
			die("sync_feed", st, cause);
		printf("sync ms=%.3f status=%ld not_modified=%d same_body=%d inserted=%zu\n",
		       now_ms() - t, r.status, r.not_modified, r.stats.same_body,
		       r.stats.inserted);
		free(warning);
		warning = NULL;
	}
	store_close(s);
	fetch_global_cleanup();
	xmlCleanupParser();
	return 0;
}

int
main(int argc, char **argv)
{
	struct store_limits nolimit = {0, 0};
	struct store_merge_stats ms;
	struct store_fetch_info info = {0};
	struct article_list l = {0};
	struct feed_parser *fp;
	struct store_hash h;
	struct store *s;
	struct feed *f;
	struct rusage ru;
	char path[4096], hex[33], *data, *cause = NULL;
	const char *queries[] = {"london", "tube strike", "zzzz", "pri", "thames flood"};
	long long *ids;
	size_t n, len, i;
	double t;
	FILE *in;
	int st;

	if (argc >= 4 && strcmp(argv[1], "sync") == 0)
		return bench_sync(argc, argv);
	if (argc != 3) {
		fprintf(stderr, "usage: bench_store FEED.xml DIR | bench_store sync SRC CACHE [N]\n");
		return 2;
	}
	if ((in = fopen(argv[1], "rb")) == NULL)
		die("open feed", 0, NULL);
	fseek(in, 0, SEEK_END);
	len = (size_t)ftell(in);
	rewind(in);
	data = malloc(len);
	if (data == NULL || fread(data, 1, len, in) != len)
		die("read feed", 0, NULL);
	fclose(in);
	t = now_ms();
	store_hash_init(&h);
	store_hash_update(&h, data, len);
	store_hash_hex(&h, hex);
	printf("body hash of %zu bytes: %.1f ms\n", len, now_ms() - t);
	t = now_ms();
	if (feed_parse_new(&fp, "https://londondaily.com/feed", 0) != LDN_OK)
		die("parser", 0, NULL);
	feed_parse_push(fp, data, len);
	if ((st = feed_parse_finish(fp, &f, NULL, &cause)) != LDN_OK)
		die("parse", st, cause);
	feed_parse_free(fp);
	printf("parse %zu articles: %.1f ms\n", f->articles.len, now_ms() - t);

	snprintf(path, sizeof(path), "%s/bench.db", argv[2]);
	rm_cache(path);
	info.body_hash = hex;
	info.fetched = time(NULL);
	t = now_ms();
	if ((st = store_open(&s, path, 0, &cause)) != LDN_OK)
		die("store_open", st, cause);
	printf("create the cache: %.1f ms\n", now_ms() - t);
	store_set_limits(s, &nolimit);
	t = now_ms();
	if ((st = store_merge(s, f, &info, &ms, &cause)) != LDN_OK)
		die("merge", st, cause);
	printf("merge cold (%zu inserted): %.1f ms\n", ms.inserted, now_ms() - t);
	t = now_ms();
	if ((st = store_index_pending(s, 0, NULL, &cause)) != LDN_OK)
		die("index", st, cause);
	printf("index them (store_index_pending): %.1f ms\n", now_ms() - t);
	t = now_ms();
	if ((st = store_merge(s, f, &info, &ms, &cause)) != LDN_OK)
		die("merge", st, cause);
	printf("re-merge, same body hash (same_body=%d): %.3f ms\n", ms.same_body,
	       now_ms() - t);
	t = now_ms();
	info.body_hash = NULL;
	if ((st = store_merge(s, f, &info, &ms, &cause)) != LDN_OK)
		die("merge", st, cause);
	printf("re-merge unchanged, no body hash (%zu unchanged): %.1f ms\n",
	       ms.unchanged, now_ms() - t);
	t = now_ms();
	if ((st = store_note_fetch(s, f->url, time(NULL), NULL, &cause)) != LDN_OK)
		die("note", st, cause);
	printf("304 note: %.3f ms\n", now_ms() - t);
	store_close(s);
	printf("cache size for %zu articles: %lld bytes (%.0f KB per 1,000)\n",
	       f->articles.len, fsize(path),
	       fsize(path) / 1024.0 / (f->articles.len / 1000.0));

	/* 100,000 articles: the same feed under ten URLs. */
	s = NULL;
	if ((st = store_open(&s, path, 0, &cause)) != LDN_OK)
		die("store_open", st, cause);
	store_set_limits(s, &nolimit);
	t = now_ms();
	for (i = 1; i < 10; i++) {
		free(f->url);
		f->url = malloc(64);
		snprintf(f->url, 64, "https://londondaily.com/feed/%zu", i);
		info.body_hash = NULL;
		if ((st = store_merge(s, f, &info, &ms, &cause)) != LDN_OK)
			die("merge", st, cause);
	}
	printf("9 more cold merges: %.1f ms\n", now_ms() - t);
	t = now_ms();
	if ((st = store_index_pending(s, 0, NULL, &cause)) != LDN_OK)
		die("index", st, cause);
	printf("index them: %.1f ms\n", now_ms() - t);
	store_close(s);
	feed_free(f);
	free(data);
	printf("cache size: %lld bytes\n", fsize(path));

	t = now_ms();
	if ((st = store_open(&s, path, 0, &cause)) != LDN_OK)
		die("store_open", st, cause);
	printf("open 100k cache (quick_check): %.1f ms\n", now_ms() - t);
	t = now_ms();
	if ((st = store_load(s, &l, &cause)) != LDN_OK)
		die("load", st, cause);
	printf("store_load %zu articles: %.1f ms\n", l.len, now_ms() - t);
	t = now_ms();
	if ((st = store_load_content(s, l.items[l.len / 2], &cause)) != LDN_OK)
		die("load_content", st, cause);
	printf("store_load_content: %.3f ms\n", now_ms() - t);
	for (i = 0; i < sizeof(queries) / sizeof(queries[0]); i++) {
		t = now_ms();
		if ((st = store_search(s, queries[i], &ids, &n, &cause)) != LDN_OK)
			die("search", st, cause);
		printf("store_search '%s': %zu hits, %.1f ms\n", queries[i], n,
		       now_ms() - t);
		free(ids);
	}
	article_list_free(&l);
	store_close(s);
	s = NULL;
	t = now_ms();
	if ((st = store_open(&s, path, STORE_READONLY, &cause)) != LDN_OK)
		die("store_open ro", st, cause);
	printf("open 100k cache read-only: %.1f ms\n", now_ms() - t);
	store_close(s);
	t = now_ms();
	if ((st = store_open(&s, path, STORE_NO_CHECK, &cause)) != LDN_OK)
		die("store_open", st, cause);
	printf("open 100k cache, STORE_NO_CHECK: %.1f ms\n", now_ms() - t);
	t = now_ms();
	if ((st = store_load(s, &l, &cause)) != LDN_OK)
		die("load", st, cause);
	printf("store_load %zu articles again: %.1f ms\n", l.len, now_ms() - t);
	article_list_free(&l);
	store_close(s);
	getrusage(RUSAGE_SELF, &ru);
	printf("max RSS: %ld MB\n", ru.ru_maxrss / 1024);
	xmlCleanupParser();
	return 0;
}
