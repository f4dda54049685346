/*
 * bench_refresh.c - the reader's refresh with a cache, timed inside one
 * process: the worker (refresh.h) driven as the reader drives it, without
 * a terminal. Not a test; bench/refresh.py runs it (bench/README.md).
 *
 *     bench_refresh CACHE URLFILE [RUNS [TOUCH]]
 *
 * URLFILE holds one source a line. The first run fills (or syncs) the
 * cache; then RUNS forced runs (the reader's `R`), each timed from its
 * start until the worker has ended and every message is taken. One line
 * a run: "run N: S s, M messages (K changed)". TOUCH, a URL
 * with "%u" in it, is fetched with the run's number there before each
 * timed run (untimed): a test server's /control/alias/... that changes a
 * feed.
 */
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"

#include "fetch.h"
#include "plan.h"
#include "refresh.h"

static double
bench_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* One forced run, until the worker ended and its queue is empty. */
static void
bench_run(struct refresh *r, unsigned n)
{
	struct refresh_result *res;
	size_t msgs = 0, changed = 0;
	double t0 = bench_now();
	bool running;

	if (!refresh_start_forced(r)) {
		fprintf(stderr, "bench_refresh: cannot start a refresh\n");
		exit(1);
	}
	do {
		running = refresh_running(r, NULL, NULL);
		while ((res = refresh_poll(r)) != NULL) {
			msgs++;
			changed += res->kind == REFRESH_CHANGED;
			if (res->kind == REFRESH_SOURCE_DONE && res->u.source.status != LDN_OK)
				fprintf(stderr, "bench_refresh: %s: %s\n", res->u.source.src,
					res->u.source.cause ? res->u.source.cause : "failed");
			refresh_result_free(res);
		}
		if (running)
			sched_yield();
	} while (running);
	printf("run %u: %.3f s, %zu messages (%zu changed)\n", n, bench_now() - t0, msgs,
	       changed);
}

static int
bench_sink(const char *data, size_t len, void *payload)
{
	(void)data;
	(void)len;
	(void)payload;
	return LDN_OK;
}

static void
bench_touch(const char *fmt, unsigned n)
{
	struct fetch_response resp;
	struct buf url;
	const char *at = strstr(fmt, "%u");
	char *cause = NULL;

	buf_init(&url, 4096);
	if (at == NULL || buf_append(&url, fmt, (size_t)(at - fmt)) != LDN_OK ||
	    buf_printf(&url, "%u", n) != LDN_OK || buf_puts(&url, at + 2) != LDN_OK ||
	    fetch_run(buf_cstr(&url), NULL, bench_sink, NULL, &resp, &cause) != LDN_OK) {
		fprintf(stderr, "bench_refresh: %s: %s\n", buf_cstr(&url), cause ? cause : "failed");
		exit(1);
	}
	fetch_response_free(&resp);
	buf_free(&url);
}

int
main(int argc, char **argv)
{
	struct cli_opts o = {.cache = argv[1]};
	struct plan p;
	struct refresh *r;
	struct store *front = NULL;
	char **srcs = NULL, *line = NULL;
	size_t n = 0, cap = 0;
	unsigned i, runs = argc > 3 ? (unsigned)atoi(argv[3]) : 5;
	FILE *f;

	if (argc < 3 || (f = fopen(argv[2], "r")) == NULL) {
		fprintf(stderr, "usage: bench_refresh CACHE URLFILE [RUNS]\n");
		return 2;
	}
	while (getline(&line, &cap, f) != -1) {
		line[strcspn(line, "\r\n")] = '\0';
		if (*line == '\0')
			continue;
		if ((srcs = realloc(srcs, (n + 1) * sizeof(*srcs))) == NULL ||
		    (srcs[n++] = strdup(line)) == NULL)
			return 1;
	}
	free(line);
	fclose(f);
	if (fetch_global_init() != LDN_OK)
		return 1;
	/* The settings the program would have, with no config file. */
	o.feeds = (const char **)srcs;
	o.nfeeds = n;
	if (plan_build(&p, &o, NULL, NULL) != LDN_OK ||
	    store_open(&front, argv[1], STORE_NO_CHECK, NULL) != LDN_OK ||
	    refresh_new(&r, &p, front, false) != LDN_OK)
		return 1;
	for (i = 0; i <= runs; i++) {
		if (i > 0 && argc > 4)
			bench_touch(argv[4], i);
		bench_run(r, i);
	}
	refresh_free(r);
	store_close(front);
	plan_free(&p);
	while (n > 0)
		free(srcs[--n]);
	free(srcs);
	fetch_global_cleanup();
	return 0;
}
