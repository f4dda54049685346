/*
 * Tests of fetch_multi_run() against the loopback server (run under
 * with-server, which exports LDN_TEST_URL and LDN_TEST_LOG). The server
 * listens on 127.0.0.1..127.0.0.4, so per-host limits can be seen, and
 * counts the connections it serves at once (/stats: max_busy, counted so
 * that it never exceeds what the client had open; max_busy_host per
 * address).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <json-c/json.h>

#include "buf.h"
#include "fetch.h"
#include "fetch_multi.h"

#define TINY "http/tiny.xml"
#define BODY_MAX (64ULL * 1024 * 1024)

/* One job's sink and what the done callback saw. */
struct job_data {
	struct buf body;
	int fail_status;   /* the sink returns it on its first call */
	int calls;
	int done;          /* times done() ran for the job */
	long order;        /* when it finished, 1 = first */
};

struct run_log {
	long finished;
};

static int
sink_fn(const char *data, size_t len, void *payload)
{
	struct job_data *d = payload;

	d->calls++;
	if (d->fail_status != 0)
		return d->fail_status;
	return buf_append(&d->body, data, len);
}

static void
done_fn(struct fetch_multi_job *job, void *payload)
{
	struct run_log *log = payload;
	struct job_data *d = job->user;

	d->done++;
	d->order = ++log->finished;
}

/* "http://127.0.0.<host>:PORT<path>" (caller frees). */
static char *
host_url(int host, const char *path)
{
	const char *base = getenv("LDN_TEST_URL");
	struct buf b;

	assert_non_null(base);
	assert_true(strncmp(base, "http://127.0.0.1:", 17) == 0);
	buf_init(&b, 4096);
	assert_int_equal(buf_printf(&b, "http://127.0.0.%d%s%s", host, strrchr(base, ':'),
	    path), LDN_OK);
	return buf_detach(&b);
}

/* A loopback URL where nothing listens (caller frees). */
static char *
refused_url(void)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof sa;
	struct buf b;
	int fd;

	fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	close(fd);
	buf_init(&b, 256);
	assert_int_equal(buf_printf(&b, "http://127.0.0.1:%u/feed.xml",
	    (unsigned)ntohs(sa.sin_port)), LDN_OK);
	return buf_detach(&b);
}

/* GET of a server path with fetch_run; the body as parsed JSON. */
static struct json_object *
server_json(const char *path)
{
	struct fetch_response resp;
	struct job_data d;
	struct json_object *j;
	char *url = host_url(1, path), *cause = NULL;

	memset(&d, 0, sizeof d);
	buf_init(&d.body, 1 << 20);
	assert_int_equal(fetch_run(url, NULL, sink_fn, &d, &resp, &cause), LDN_OK);
	j = json_tokener_parse(buf_cstr(&d.body));
	assert_non_null(j);
	fetch_response_free(&resp);
	buf_free(&d.body);
	free(url);
	return j;
}

static long
json_num(struct json_object *o, const char *key)
{
	struct json_object *v;

	assert_true(json_object_object_get_ex(o, key, &v));
	return (long)json_object_get_int64(v);
}

/* The most connections the server saw at once, in all and per address. */
static void
assert_busy(long max_total, long max_host, long at_least)
{
	struct json_object *stats = server_json("/stats"), *hosts;
	long total = json_num(stats, "max_busy");

	if (total > max_total || total < at_least)
		fail_msg("%ld connections at once: wanted %ld..%ld", total, at_least, max_total);
	assert_true(json_object_object_get_ex(stats, "max_busy_host", &hosts));
	json_object_object_foreach(hosts, host, n) {
		if (json_object_get_int64(n) > max_host)
			fail_msg("%s: %lld connections at once, limit %ld", host,
			    (long long)json_object_get_int64(n), max_host);
	}
	json_object_put(stats);
}

static void
stats_reset(void)
{
	json_object_put(server_json("/stats/reset"));
}

/*
 * 200 feeds at once over four hosts, a third of them failing (404, 500,
 * refused): every job ends once, each with its own outcome, and the
 * server never sees more than the limits.
 */
static void
test_two_hundred_feeds(void **state)
{
	enum { N = 200 };
	struct fetch_multi_job *jobs = calloc(N, sizeof *jobs);
	struct job_data *data = calloc(N, sizeof *data);
	struct fetch_multi_limits lim = {8, 2};
	struct run_log log = {0};
	char *urls[N], *refused = refused_url(), title[64], path[64];
	size_t i, ok = 0;

	(void)state;
	assert_non_null(jobs);
	assert_non_null(data);
	stats_reset();
	for (i = 0; i < N; i++) {
		if (i % 3 != 0)
			snprintf(path, sizeof path, "/gen/%zu/100?ms=20", i);
		else
			snprintf(path, sizeof path, "/status/%s", i % 9 == 0 ? "404" : "500");
		urls[i] = i % 9 == 6 ? strdup(refused) : host_url(1 + (int)(i % 4), path);
		assert_non_null(urls[i]);
		buf_init(&data[i].body, BODY_MAX);
		jobs[i].src = urls[i];
		fetch_opts_default(&jobs[i].opts);
		jobs[i].sink = sink_fn;
		jobs[i].payload = &data[i];
		jobs[i].user = &data[i];
	}
	assert_int_equal(fetch_multi_run(jobs, N, &lim, done_fn, &log), LDN_OK);
	assert_int_equal(log.finished, N);
	for (i = 0; i < N; i++) {
		assert_int_equal(data[i].done, 1);
		if (i % 3 != 0) {
			assert_int_equal(jobs[i].status, LDN_OK);
			assert_null(jobs[i].cause);
			assert_int_equal(jobs[i].resp.status, 200);
			snprintf(title, sizeof title, "<title>Generated feed %zu</title>", i);
			assert_non_null(strstr(buf_cstr(&data[i].body), title));
			assert_non_null(strstr(buf_cstr(&data[i].body), "<guid>gen-"));
			ok++;
		} else {
			assert_int_equal(jobs[i].status, LDN_EFETCH);
			assert_string_equal(jobs[i].cause, i % 9 == 6 ? "connection refused" :
			    i % 9 == 0 ? "HTTP 404 Not Found" : "HTTP 500 Internal Server Error");
			assert_int_equal(data[i].calls, 0);
		}
		fetch_multi_job_clear(&jobs[i]);
		buf_free(&data[i].body);
		free(urls[i]);
	}
	assert_int_equal(ok, N - (N + 2) / 3);
	/* Parallel for real: more than one host's two at once, never more
	 * than eight. */
	assert_busy(8, 2, 3);
	free(refused);
	free(jobs);
	free(data);
}

/* Tighter limits are kept too; jobs start in order as slots free up. */
static void
test_small_limits(void **state)
{
	enum { N = 12 };
	struct fetch_multi_job jobs[N];
	struct job_data data[N];
	struct fetch_multi_limits lim = {3, 1};
	struct run_log log = {0};
	char *urls[N], path[64];
	size_t i;

	(void)state;
	memset(jobs, 0, sizeof jobs);
	memset(data, 0, sizeof data);
	stats_reset();
	for (i = 0; i < N; i++) {
		snprintf(path, sizeof path, "/gen/%zu/20?ms=100", 1000 + i);
		urls[i] = host_url(1 + (int)(i % 4), path);
		buf_init(&data[i].body, BODY_MAX);
		jobs[i].src = urls[i];
		fetch_opts_default(&jobs[i].opts);
		jobs[i].sink = sink_fn;
		jobs[i].payload = jobs[i].user = &data[i];
	}
	assert_int_equal(fetch_multi_run(jobs, N, &lim, done_fn, &log), LDN_OK);
	for (i = 0; i < N; i++) {
		assert_int_equal(jobs[i].status, LDN_OK);
		assert_int_equal(data[i].done, 1);
		fetch_multi_job_clear(&jobs[i]);
		buf_free(&data[i].body);
		free(urls[i]);
	}
	assert_busy(3, 1, 2);
}

/*
 * Each job ends as fetch_run() would end it: same status, same cause,
 * same response; paths, file:// and bad schemes among them.
 */
static void
test_same_as_fetch_run(void **state)
{
	static const char *const paths[] = {
		"/file/" TINY, "/gzip/" TINY, "/deflate/" TINY, "/redirect/2/" TINY,
		"/moved/301/file/" TINY, "/status/404", "/redirect-loop", "/case/to-file",
		"/gzip-bomb/5000000", "/big/200000", "/short/" TINY, "/retry/429/60",
		"/cache/300/" TINY, "@" LDN_TEST_DATA "/" TINY, "@file://" LDN_TEST_DATA "/" TINY,
		"@" LDN_TEST_DATA "/http/missing.xml", "@ftp://127.0.0.1/x",
	};
	enum { N = sizeof paths / sizeof paths[0] };
	struct fetch_multi_job jobs[N];
	struct job_data data[N], one;
	struct fetch_multi_limits lim = {4, 2};
	struct fetch_response resp;
	struct run_log log = {0};
	char *urls[N], *cause;
	size_t i;
	int st;

	(void)state;
	memset(jobs, 0, sizeof jobs);
	memset(data, 0, sizeof data);
	for (i = 0; i < N; i++) {
		urls[i] = paths[i][0] == '@' ? strdup(paths[i] + 1) : host_url(2, paths[i]);
		buf_init(&data[i].body, BODY_MAX);
		jobs[i].src = urls[i];
		fetch_opts_default(&jobs[i].opts);
		jobs[i].opts.max_bytes = 100000;  /* /big/200000 passes it */
		jobs[i].sink = sink_fn;
		jobs[i].payload = jobs[i].user = &data[i];
	}
	assert_int_equal(fetch_multi_run(jobs, N, &lim, done_fn, &log), LDN_OK);
	for (i = 0; i < N; i++) {
		memset(&one, 0, sizeof one);
		buf_init(&one.body, BODY_MAX);
		cause = NULL;
		st = fetch_run(urls[i], &jobs[i].opts, sink_fn, &one, &resp, &cause);
		if (st != jobs[i].status)
			fail_msg("%s: %d in the multi, %d alone", paths[i], jobs[i].status, st);
		if (cause != NULL || jobs[i].cause != NULL) {
			assert_non_null(cause);
			assert_non_null(jobs[i].cause);
			assert_string_equal(jobs[i].cause, cause);
		}
		assert_int_equal(jobs[i].resp.status, resp.status);
		/* Where a capped transfer stops depends on how the bytes came
		 * in; only a whole body must be the same. */
		if (st == LDN_ELIMIT) {
			assert_true(jobs[i].resp.bytes <= jobs[i].opts.max_bytes);
		} else {
			assert_true(jobs[i].resp.bytes == resp.bytes);
			assert_int_equal(data[i].body.len, one.body.len);
			assert_memory_equal(buf_cstr(&data[i].body), buf_cstr(&one.body),
			    one.body.len);
		}
		assert_int_equal(jobs[i].resp.retry_after != 0, resp.retry_after != 0);
		assert_int_equal(jobs[i].resp.fresh_until != 0, resp.fresh_until != 0);
		assert_int_equal(jobs[i].resp.moved_to != NULL, resp.moved_to != NULL);
		if (resp.content_type != NULL)
			assert_string_equal(jobs[i].resp.content_type, resp.content_type);
		assert_int_equal(data[i].done, 1);
		free(cause);
		fetch_response_free(&resp);
		buf_free(&one.body);
		fetch_multi_job_clear(&jobs[i]);
		buf_free(&data[i].body);
		free(urls[i]);
	}
	assert_int_equal(log.finished, N);
}

/* A sink that stops its own transfer stops only that one. */
static void
test_one_sink_stops(void **state)
{
	enum { N = 6 };
	struct fetch_multi_job jobs[N];
	struct job_data data[N];
	struct run_log log = {0};
	char *urls[N], path[64];
	size_t i;

	(void)state;
	memset(jobs, 0, sizeof jobs);
	memset(data, 0, sizeof data);
	for (i = 0; i < N; i++) {
		snprintf(path, sizeof path, "/gen/%zu/50", 2000 + i);
		urls[i] = host_url(3, path);
		buf_init(&data[i].body, BODY_MAX);
		data[i].fail_status = i == 2 ? LDN_EPARSE : 0;
		jobs[i].src = urls[i];
		fetch_opts_default(&jobs[i].opts);
		jobs[i].sink = sink_fn;
		jobs[i].payload = jobs[i].user = &data[i];
	}
	assert_int_equal(fetch_multi_run(jobs, N, NULL, done_fn, &log), LDN_OK);
	for (i = 0; i < N; i++) {
		assert_int_equal(jobs[i].status, i == 2 ? LDN_EPARSE : LDN_OK);
		assert_int_equal(data[i].done, 1);
		if (i == 2)
			assert_int_equal(data[i].calls, 1);
		fetch_multi_job_clear(&jobs[i]);
		buf_free(&data[i].body);
		free(urls[i]);
	}
}

static void
test_nothing_to_do(void **state)
{
	struct run_log log = {0};

	(void)state;
	assert_int_equal(fetch_multi_run(NULL, 0, NULL, done_fn, &log), LDN_OK);
	assert_int_equal(log.finished, 0);
}

static int
setup(void **state)
{
	(void)state;
	return fetch_global_init() == LDN_OK ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	fetch_global_cleanup();
	return 0;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nothing_to_do),
		cmocka_unit_test(test_same_as_fetch_run),
		cmocka_unit_test(test_one_sink_stops),
		cmocka_unit_test(test_small_limits),
		cmocka_unit_test(test_two_hundred_feeds),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
