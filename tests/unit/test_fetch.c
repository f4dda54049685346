/*
 * Unit tests for fetch.c against the loopback server (tests/server), run
 * through with-server, which exports LDN_TEST_URL and LDN_TEST_LOG. Every
 * URL is on 127.0.0.1; DNS failure is covered by the cause table only.
 * fetch.c is compiled into this test with -DLDN_UNITTEST, which makes the
 * helpers declared in src/fetch_int.h reachable.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "fetch.h"
#include "src/fetch_int.h"
#include "support.h"

#define TINY "http/tiny.xml"
#define BODY_MAX (64ULL * 1024 * 1024)

struct sink {
	struct buf body;
	int calls;
	int fail_status;  /* returned from the first call when non-zero */
};

static int
sink_fn(const char *data, size_t len, void *payload)
{
	struct sink *s = payload;

	s->calls++;
	if (s->fail_status != 0)
		return s->fail_status;
	return buf_append(&s->body, data, len);
}

static void
sink_init(struct sink *s)
{
	memset(s, 0, sizeof *s);
	buf_init(&s->body, BODY_MAX);
}

/* The server's URL for a path: LDN_TEST_URL + path. */
static char *
server_url(const char *path)
{
	const char *base = getenv("LDN_TEST_URL");
	struct buf b;

	assert_non_null(base);
	assert_true(strncmp(base, "http://127.0.0.1:", 17) == 0);
	buf_init(&b, 4096);
	assert_int_equal(buf_printf(&b, "%s%s", base, path), LDN_OK);
	return buf_detach(&b);
}

/* One fetch of a server path; the sink's buffer and resp stay with the caller. */
static int
fetch_path_on_server(const char *path, const struct fetch_opts *o, struct sink *s,
    struct fetch_response *resp, char **cause)
{
	char *url = server_url(path);
	int st;

	*cause = NULL;
	st = fetch_run(url, o, sink_fn, s, resp, cause);
	free(url);
	return st;
}

static void
assert_tiny_body(const struct sink *s, const struct fetch_response *resp)
{
	size_t len;
	char *want = ts_slurp(LDN_TEST_DATA "/" TINY, &len);

	assert_int_equal(s->body.len, len);
	assert_memory_equal(buf_cstr(&s->body), want, len);
	assert_int_equal(resp->bytes, len);
	free(want);
}

static void
test_opts_default(void **state)
{
	struct fetch_opts o;

	(void)state;
	fetch_opts_default(&o);
	assert_int_equal(o.connect_timeout, 15);
	assert_int_equal(o.timeout, 60);
	assert_true(o.max_bytes == 100ULL * 1024 * 1024);
	assert_true(strncmp(o.user_agent, "ldnews/", 7) == 0);
	assert_null(o.etag);
	assert_null(o.last_modified);
}

static void
test_plain_200(void **state)
{
	struct fetch_response resp;
	struct sink s;
	char *cause, *url = server_url("/file/" TINY);

	(void)state;
	sink_init(&s);
	assert_int_equal(fetch_path_on_server("/file/" TINY, NULL, &s, &resp, &cause), LDN_OK);
	assert_null(cause);
	assert_int_equal(resp.status, 200);
	assert_tiny_body(&s, &resp);
	assert_string_equal(resp.content_type, "application/rss+xml");
	assert_string_equal(resp.effective_url, url);
	assert_non_null(resp.etag);
	assert_int_equal(resp.etag[0], '"');
	assert_string_equal(resp.last_modified, "Mon, 01 Jan 2024 00:00:00 GMT");
	fetch_response_free(&resp);
	buf_free(&s.body);
	free(url);
}

/* Bodies that must arrive byte-identical to tests/data/http/tiny.xml. */
static void
test_decoded_and_redirected(void **state)
{
	static const struct {
		const char *path;
		const char *final_path;  /* effective URL's path */
	} rows[] = {
		{"/gzip/" TINY, "/gzip/" TINY},
		{"/deflate/" TINY, "/deflate/" TINY},
		{"/redirect/3/" TINY, "/file/" TINY},
		{"/redirect/5/" TINY, "/file/" TINY},  /* exactly the limit */
		{"/case/moved", "/file/" TINY},         /* 301 */
	};
	struct fetch_response resp;
	struct sink s;
	char *cause, *want_url;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		sink_init(&s);
		assert_int_equal(fetch_path_on_server(rows[i].path, NULL, &s, &resp, &cause), LDN_OK);
		assert_null(cause);
		assert_int_equal(resp.status, 200);
		assert_tiny_body(&s, &resp);
		want_url = server_url(rows[i].final_path);
		assert_string_equal(resp.effective_url, want_url);
		free(want_url);
		fetch_response_free(&resp);
		buf_free(&s.body);
	}
}

/* Transfers that fail before or instead of the sink seeing a byte. */
static void
test_failures(void **state)
{
	static const struct {
		const char *path;
		int status;
		long http;         /* resp.status, or -1 to not check */
		const char *cause;
	} rows[] = {
		{"/redirect-loop", LDN_EFETCH, 302, "too many redirects (more than 5)"},
		{"/redirect/6/" TINY, LDN_EFETCH, 302, "too many redirects (more than 5)"},
		{"/status/404", LDN_EFETCH, 404, "HTTP 404 Not Found"},
		{"/status/500", LDN_EFETCH, 500, "HTTP 500 Internal Server Error"},
		{"/status/410", LDN_EFETCH, 410, "HTTP 410 Gone"},
		{"/file/http/missing.xml", LDN_EFETCH, 404, "HTTP 404 Not Found"},
		{"/case/too-many", LDN_EFETCH, 429, "HTTP 429 Too Many Requests"},
		{"/case/no-reason", LDN_EFETCH, 503, "HTTP 503"},
		/* Redirects may only lead to http and https. */
		{"/case/to-file", LDN_EFETCH, 302, "Protocol \"file\" not supported or disabled in libcurl"},
	};
	struct fetch_response resp;
	struct sink s;
	char *cause;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		sink_init(&s);
		assert_int_equal(fetch_path_on_server(rows[i].path, NULL, &s, &resp, &cause),
		    rows[i].status);
		assert_non_null(cause);
		assert_string_equal(cause, rows[i].cause);
		assert_int_equal(s.calls, 0);
		assert_true(resp.bytes == 0);
		assert_int_equal(resp.status, rows[i].http);
		free(cause);
		fetch_response_free(&resp);
		buf_free(&s.body);
	}
}

/* Headers that never end, as many lines or as one: a clear error, soon. */
static void
test_endless_headers(void **state)
{
	static const struct {
		const char *path, *cause;
	} rows[] = {
		{"/endless-headers/many", "Too large response headers"},
		{"/endless-headers/long", "HTTP 200: a response header line over libcurl's limit"},
	};
	struct fetch_opts o;
	struct fetch_response resp;
	struct timespec t0, t1;
	struct sink s;
	char *cause;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		fetch_opts_default(&o);
		o.timeout = 20;
		sink_init(&s);
		clock_gettime(CLOCK_MONOTONIC, &t0);
		assert_int_equal(fetch_path_on_server(rows[i].path, &o, &s, &resp, &cause),
		    LDN_EFETCH);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		assert_non_null(cause);
		if (strstr(cause, rows[i].cause) == NULL)
			fail_msg("%s: \"%s\"", rows[i].path, cause);
		assert_int_equal(s.calls, 0);
		/* libcurl's header limits, not the transfer timeout. */
		assert_true(t1.tv_sec - t0.tv_sec < 15);
		free(cause);
		fetch_response_free(&resp);
		buf_free(&s.body);
	}
}

/*
 * An https:// URL on a loopback port whose server does not speak TLS: it
 * accepts and closes (a handshake cut short), or answers with plain bytes.
 * The nearest loopback equivalent of a server closing mid-handshake.
 */
static void
test_tls_handshake_broken(void **state)
{
	static const char *const replies[] = {"", "HTTP/1.1 200 OK\r\n\r\ngarbage",
					      "\x16\x03\x01\x00\x05hello"};
	struct sockaddr_in sa;
	socklen_t sl = sizeof(sa);
	struct fetch_response resp;
	struct sink s;
	char url[64], *cause;
	size_t i;
	pid_t pid;
	int ls, c, ws;

	(void)state;
	for (i = 0; i < sizeof replies / sizeof replies[0]; i++) {
		assert_true((ls = socket(AF_INET, SOCK_STREAM, 0)) >= 0);
		memset(&sa, 0, sizeof(sa));
		sa.sin_family = AF_INET;
		sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		assert_int_equal(bind(ls, (struct sockaddr *)&sa, sizeof(sa)), 0);
		assert_int_equal(listen(ls, 4), 0);
		assert_int_equal(getsockname(ls, (struct sockaddr *)&sa, &sl), 0);
		assert_true((pid = fork()) >= 0);
		if (pid == 0) {
			if ((c = accept(ls, NULL, NULL)) >= 0) {
				if (*replies[i] != '\0')
					(void)!write(c, replies[i], strlen(replies[i]));
				close(c);
			}
			_exit(0);
		}
		close(ls);
		snprintf(url, sizeof(url), "https://127.0.0.1:%d/feed.xml", ntohs(sa.sin_port));
		sink_init(&s);
		cause = NULL;
		assert_int_equal(fetch_run(url, NULL, sink_fn, &s, &resp, &cause), LDN_EFETCH);
		assert_non_null(cause);
		/* One line naming TLS, no trailing blank from libcurl. */
		assert_non_null(strstr(cause, "TLS: "));
		assert_true(cause[strlen(cause) - 1] != ' ');
		assert_int_equal(s.calls, 0);
		free(cause);
		fetch_response_free(&resp);
		buf_free(&s.body);
		assert_int_equal(waitpid(pid, &ws, 0), pid);
	}
}

static void
test_truncated_body(void **state)
{
	struct fetch_response resp;
	struct sink s;
	char *cause;

	(void)state;
	/* Content-Length 500, fewer bytes, then the server closes. */
	sink_init(&s);
	assert_int_equal(fetch_path_on_server("/case/bad-length", NULL, &s, &resp, &cause),
	    LDN_EFETCH);
	assert_non_null(strstr(cause, "transfer closed"));
	assert_null(strstr(cause, "127.0.0.1"));
	free(cause);
	fetch_response_free(&resp);
	buf_free(&s.body);
}

/* The cap counts decoded bytes, whatever the wire carried. */
static void
test_size_limits(void **state)
{
	static const struct {
		const char *path;
		unsigned long long max;
		const char *cause;
	} rows[] = {
		{"/big/1000000", 64 * 1024, "response larger than the 64 KiB limit"},
		{"/big/1000000", 1000, "response larger than the 1000-byte limit"},
		/* Refused on its Content-Length, before any body byte. */
		{"/file/" TINY, 100, "response larger than the 100-byte limit"},
		/* About 50 KB of gzip on the wire for 50 MB decoded. */
		{"/gzip-bomb/50000000", 1024 * 1024, "response larger than the 1 MiB limit"},
	};
	struct fetch_opts o;
	struct fetch_response resp;
	struct sink s;
	char *cause;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		fetch_opts_default(&o);
		o.max_bytes = rows[i].max;
		sink_init(&s);
		assert_int_equal(fetch_path_on_server(rows[i].path, &o, &s, &resp, &cause),
		    LDN_ELIMIT);
		assert_string_equal(cause, rows[i].cause);
		assert_true(resp.bytes <= rows[i].max);
		assert_true(s.body.len == resp.bytes);
		free(cause);
		fetch_response_free(&resp);
		buf_free(&s.body);
	}
	/* The same bomb decodes in full under the default cap. */
	sink_init(&s);
	assert_int_equal(fetch_path_on_server("/gzip-bomb/5000000", NULL, &s, &resp, &cause),
	    LDN_OK);
	assert_true(resp.bytes == 5000000);
	assert_true(strncmp(buf_cstr(&s.body), "<?xml", 5) == 0);
	fetch_response_free(&resp);
	buf_free(&s.body);
}

static void
test_timeout(void **state)
{
	struct fetch_opts o;
	struct fetch_response resp;
	struct sink s;
	char *cause;

	(void)state;
	fetch_opts_default(&o);
	o.timeout = 1;
	sink_init(&s);
	assert_int_equal(fetch_path_on_server("/slow/5", &o, &s, &resp, &cause), LDN_EFETCH);
	assert_string_equal(cause, "timed out after 1 s");
	assert_int_equal(s.calls, 0);
	free(cause);
	fetch_response_free(&resp);
	buf_free(&s.body);
}

static void
test_connection_refused(void **state)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof sa;
	struct fetch_response resp;
	struct sink s;
	char url[64], *cause = NULL;
	int fd;

	(void)state;
	/* A loopback port that was free a moment ago and has no listener. */
	fd = socket(AF_INET, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	memset(&sa, 0, sizeof sa);
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	close(fd);
	snprintf(url, sizeof url, "http://127.0.0.1:%u/feed.xml", (unsigned)ntohs(sa.sin_port));
	sink_init(&s);
	assert_int_equal(fetch_run(url, NULL, sink_fn, &s, &resp, &cause), LDN_EFETCH);
	assert_string_equal(cause, "connection refused");
	assert_int_equal(s.calls, 0);
	free(cause);
	fetch_response_free(&resp);
	buf_free(&s.body);
}

static void
test_sink_abort(void **state)
{
	static const struct {
		const char *src;
		bool on_server;
	} rows[] = {
		{"/big/1000000", true},
		{LDN_TEST_DATA "/" TINY, false},
	};
	struct fetch_response resp;
	struct sink s;
	char *cause, *url;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		sink_init(&s);
		s.fail_status = LDN_EPARSE;
		url = rows[i].on_server ? server_url(rows[i].src) : strdup(rows[i].src);
		assert_non_null(url);
		cause = NULL;
		assert_int_equal(fetch_run(url, NULL, sink_fn, &s, &resp, &cause), LDN_EPARSE);
		assert_int_equal(s.calls, 1);
		assert_true(resp.bytes == 0);
		assert_non_null(cause);
		free(cause);
		free(url);
		fetch_response_free(&resp);
		buf_free(&s.body);
	}
}

/* The last line of the request log that contains needle, or fails. */
static char *
log_line_with(const char *needle)
{
	const char *path = getenv("LDN_TEST_LOG");
	const char *p, *start = NULL, *end;
	char *text, *line;

	assert_non_null(path);
	text = ts_slurp(path, NULL);
	for (p = text; (p = strstr(p, needle)) != NULL; p++)
		start = p;
	assert_non_null(start);
	while (start > text && start[-1] != '\n')
		start--;
	end = strchr(start, '\n');
	assert_non_null(end);
	line = strndup(start, (size_t)(end - start));
	assert_non_null(line);
	free(text);
	return line;
}

static void
test_request_headers(void **state)
{
	struct fetch_response resp;
	struct sink s;
	char *cause, *line, *ae;

	(void)state;
	sink_init(&s);
	assert_int_equal(fetch_path_on_server("/file/" TINY "?t=headers", NULL, &s, &resp,
	    &cause), LDN_OK);
	line = log_line_with("\"path\": \"/file/" TINY "?t=headers\"");
	assert_non_null(strstr(line, "\"User-Agent\": \"ldnews/"));
	ae = strstr(line, "\"Accept-Encoding\": \"");
	assert_non_null(ae);
	assert_non_null(strstr(ae, "gzip"));
	assert_null(strstr(line, "If-None-Match"));
	assert_null(strstr(line, "If-Modified-Since"));
	free(line);
	fetch_response_free(&resp);
	buf_free(&s.body);
}

static void
test_conditional_get(void **state)
{
	static const struct {
		const char *tag;           /* query string marking the request */
		bool use_etag;             /* send the ETag of the first reply */
		const char *last_modified;
		long http;
		const char *sent;          /* header expected in the log, or NULL */
	} rows[] = {
		{"?t=inm", true, NULL, 304, "\"If-None-Match\": \"\\\""},
		{"?t=ims", false, "Mon, 01 Jan 2024 00:00:00 GMT", 304,
		    "\"If-Modified-Since\": \"Mon, 01 Jan 2024 00:00:00 GMT\""},
		{"?t=old", false, "Sun, 31 Dec 2023 00:00:00 GMT", 200,
		    "\"If-Modified-Since\": \"Sun, 31 Dec 2023"},
		{"?t=split", false, "x\r\nX-Injected: 1", 200, NULL},
	};
	struct fetch_opts o;
	struct fetch_response first, resp;
	struct sink s;
	char *cause, *path, *line, *needle;
	struct buf b;
	size_t i;

	(void)state;
	sink_init(&s);
	assert_int_equal(fetch_path_on_server("/file/" TINY, NULL, &s, &first, &cause), LDN_OK);
	assert_non_null(first.etag);
	buf_free(&s.body);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		fetch_opts_default(&o);
		o.etag = rows[i].use_etag ? first.etag : NULL;
		o.last_modified = rows[i].last_modified;
		buf_init(&b, 4096);
		assert_int_equal(buf_printf(&b, "/file/%s%s", TINY, rows[i].tag), LDN_OK);
		path = buf_detach(&b);
		sink_init(&s);
		assert_int_equal(fetch_path_on_server(path, &o, &s, &resp, &cause), LDN_OK);
		assert_int_equal(resp.status, rows[i].http);
		if (rows[i].http == 304) {
			assert_int_equal(s.calls, 0);
			assert_true(resp.bytes == 0);
		} else {
			assert_tiny_body(&s, &resp);
		}
		buf_init(&b, 4096);
		assert_int_equal(buf_printf(&b, "\"path\": \"%s\"", path), LDN_OK);
		needle = buf_detach(&b);
		line = log_line_with(needle);
		if (rows[i].sent != NULL)
			assert_non_null(strstr(line, rows[i].sent));
		assert_null(strstr(line, "Injected"));
		free(line);
		free(needle);
		free(path);
		fetch_response_free(&resp);
		buf_free(&s.body);
	}
	fetch_response_free(&first);
}

/* Sources that never touch the server. */
static void
test_local_sources(void **state)
{
	static const struct {
		const char *src;
		int status;
		const char *cause;  /* exact, or NULL for a tiny.xml body */
		bool url;           /* effective_url expected */
	} rows[] = {
		{LDN_TEST_DATA "/" TINY, LDN_OK, NULL, false},
		{"file://" LDN_TEST_DATA "/" TINY, LDN_OK, NULL, true},
		{LDN_TEST_DATA "/http/missing.xml", LDN_EIO,
		    "cannot read " LDN_TEST_DATA "/http/missing.xml: No such file or directory", false},
		{LDN_TEST_DATA "/http", LDN_EIO,
		    "cannot read " LDN_TEST_DATA "/http: Is a directory", false},
		{"ftp://127.0.0.1/feed.xml", LDN_EUSAGE, "unsupported URL scheme \"ftp\"", false},
		{"gopher://127.0.0.1/1", LDN_EUSAGE, "unsupported URL scheme \"gopher\"", false},
		{"FILE://" LDN_TEST_DATA "/" TINY, LDN_OK, NULL, true},
	};
	struct fetch_response resp;
	struct sink s;
	char *cause;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		sink_init(&s);
		cause = NULL;
		assert_int_equal(fetch_run(rows[i].src, NULL, sink_fn, &s, &resp, &cause),
		    rows[i].status);
		if (rows[i].status == LDN_OK) {
			assert_null(cause);
			assert_int_equal(resp.status, 200);
			assert_tiny_body(&s, &resp);
		} else {
			assert_string_equal(cause, rows[i].cause);
			assert_int_equal(s.calls, 0);
		}
		if (rows[i].url)
			assert_non_null(resp.effective_url);
		else
			assert_null(resp.effective_url);
		free(cause);
		fetch_response_free(&resp);
		buf_free(&s.body);
	}
}

static void
test_local_limits(void **state)
{
	static const char *const srcs[] = {
		LDN_TEST_DATA "/" TINY,
		"file://" LDN_TEST_DATA "/" TINY,
	};
	struct fetch_opts o;
	struct fetch_response resp;
	struct sink s;
	char *cause;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof srcs / sizeof srcs[0]; i++) {
		fetch_opts_default(&o);
		o.max_bytes = 100;
		sink_init(&s);
		cause = NULL;
		assert_int_equal(fetch_run(srcs[i], &o, sink_fn, &s, &resp, &cause), LDN_ELIMIT);
		assert_string_equal(cause, "response larger than the 100-byte limit");
		assert_true(resp.bytes <= 100);
		free(cause);
		fetch_response_free(&resp);
		buf_free(&s.body);
	}
	/* A missing file:// URL is an I/O error too. */
	cause = NULL;
	sink_init(&s);
	assert_int_equal(fetch_run("file://" LDN_TEST_DATA "/http/missing.xml", NULL, sink_fn,
	    &s, &resp, &cause), LDN_EIO);
	assert_non_null(cause);
	free(cause);
	fetch_response_free(&resp);
	buf_free(&s.body);
}

static void
test_curl_cause_table(void **state)
{
	static const struct {
		struct fetch_fail f;
		int status;
		const char *cause;
	} rows[] = {
		{{CURLE_COULDNT_RESOLVE_HOST, 0, "news.example.invalid",
		    "Could not resolve host: news.example.invalid", 15, 0, false},
		    LDN_EFETCH, "could not resolve host news.example.invalid"},
		{{CURLE_COULDNT_RESOLVE_HOST, 0, NULL, "", 15, 0, false},
		    LDN_EFETCH, "could not resolve host"},
		{{CURLE_COULDNT_CONNECT, ECONNREFUSED, "127.0.0.1", "Failed to connect", 15, 0, false},
		    LDN_EFETCH, "connection refused"},
		{{CURLE_COULDNT_CONNECT, ENETUNREACH, "10.0.0.1", "Failed to connect", 15, 0, false},
		    LDN_EFETCH, "could not connect: Network is unreachable"},
		{{CURLE_COULDNT_CONNECT, 0, "10.0.0.1", "Failed to connect to x", 15, 0, false},
		    LDN_EFETCH, "could not connect: Failed to connect to x"},
		{{CURLE_OPERATION_TIMEDOUT, 0, "h", "Operation timed out after 1001 ms", 60, 0, false},
		    LDN_EFETCH, "timed out after 60 s"},
		{{CURLE_OPERATION_TIMEDOUT, 0, "h", "Operation too slow", 30, 0, true},
		    LDN_EFETCH, "stalled: under 1 byte/s for 30 s"},
		{{CURLE_TOO_MANY_REDIRECTS, 0, "h", "Maximum (5) redirects followed", 60, 0, false},
		    LDN_EFETCH, "too many redirects (more than 5)"},
		{{CURLE_PEER_FAILED_VERIFICATION, 0, "h", "SSL certificate problem: expired", 60, 0, false},
		    LDN_EFETCH, "TLS: SSL certificate problem: expired"},
		{{CURLE_SSL_CONNECT_ERROR, 0, "h", "", 60, 0, false},
		    LDN_EFETCH, "TLS: SSL connect error"},
		{{CURLE_FILESIZE_EXCEEDED, 0, "h", "", 60, 100ULL * 1024 * 1024, false},
		    LDN_ELIMIT, "response larger than the 100 MiB limit"},
		{{CURLE_OUT_OF_MEMORY, 0, "h", "", 60, 0, false}, LDN_ENOMEM, "out of memory"},
		{{CURLE_FILE_COULDNT_READ_FILE, 0, "", "Couldn't open file /x", 60, 0, false},
		    LDN_EIO, "Couldn't open file /x"},
		{{CURLE_PARTIAL_FILE, 0, "h", "transfer closed with 9 bytes remaining to read", 60, 0, false},
		    LDN_EFETCH, "transfer closed with 9 bytes remaining to read"},
		{{CURLE_GOT_NOTHING, 0, "h", "", 60, 0, false},
		    LDN_EFETCH, "Server returned nothing (no headers, no data)"},
	};
	char *cause;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		cause = NULL;
		assert_int_equal(fetch_curl_cause(&rows[i].f, &cause), rows[i].status);
		assert_string_equal(cause, rows[i].cause);
		free(cause);
	}
}

static void
test_small_cause_tables(void **state)
{
	static const struct {
		unsigned long long max;
		const char *cause;
	} limits[] = {
		{100ULL * 1024 * 1024, "response larger than the 100 MiB limit"},
		{64 * 1024, "response larger than the 64 KiB limit"},
		{1536, "response larger than the 1.5 KiB limit"},
		{1023, "response larger than the 1023-byte limit"},
		{3ULL << 30, "response larger than the 3 GiB limit"},
	};
	static const struct {
		long code;
		const char *reason, *cause;
	} https[] = {
		{404, "Not Found", "HTTP 404 Not Found"},
		{500, "", "HTTP 500"},
		{403, NULL, "HTTP 403"},
	};
	char *cause;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof limits / sizeof limits[0]; i++) {
		cause = NULL;
		assert_int_equal(fetch_limit_cause(limits[i].max, &cause), LDN_ELIMIT);
		assert_string_equal(cause, limits[i].cause);
		free(cause);
	}
	for (i = 0; i < sizeof https / sizeof https[0]; i++) {
		cause = NULL;
		assert_int_equal(fetch_http_cause(https[i].code, https[i].reason, &cause),
		    LDN_EFETCH);
		assert_string_equal(cause, https[i].cause);
		free(cause);
	}
}

static void
test_status_line_table(void **state)
{
	static const struct {
		const char *line;
		int is_status;
		const char *reason;
	} rows[] = {
		{"HTTP/1.1 404 Not Found\r\n", 1, "Not Found"},
		{"HTTP/1.0 200 OK\r\n", 1, "OK"},
		{"HTTP/2 404 \r\n", 1, ""},
		{"HTTP/2 200\r\n", 1, ""},
		{"HTTP/1.1 500 Bad\x1b[31m red\r\n", 1, "Bad?[31m red"},
		{"HTTP/1.1 418 I'm\ta teapot\r\n", 1, "I'm a teapot"},
		{"Content-Type: text/html\r\n", 0, "kept"},
		{"\r\n", 0, "kept"},
	};
	struct buf reason;
	size_t i;

	(void)state;
	buf_init(&reason, 1024);
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		buf_reset(&reason);
		assert_int_equal(buf_puts(&reason, "kept"), LDN_OK);
		assert_int_equal(fetch_status_line(rows[i].line, strlen(rows[i].line), &reason),
		    rows[i].is_status);
		assert_string_equal(buf_cstr(&reason), rows[i].reason);
	}
	buf_free(&reason);
}

/* ---- scheduling hints, permanent redirects, stalls (issue 5) ---- */

/* The response headers' hints at a fixed clock, header lines as sent. */
static void
test_hdrs_table(void **state)
{
	enum { NOW = 1700000000, D = NOW - 1000 /* a server clock 1000 s behind */ };
	static const struct {
		const char *lines[6];
		long retry, fresh;     /* seconds after NOW, 0: none */
		const char *location;  /* kept Location, or NULL for none */
	} rows[] = {
		{{"HTTP/1.1 429 Too Many Requests\r\n", "Retry-After: 120\r\n"}, 120, 0, NULL},
		{{"HTTP/1.1 503 Service Unavailable", "Date: Tue, 14 Nov 2023 22:00:20 GMT",
		    "Retry-After: Tue, 14 Nov 2023 22:05:20 GMT"}, 300, 0, NULL},
		{{"HTTP/2 429", "retry-after:    60  "}, 60, 0, NULL},
		{{"HTTP/1.1 200 OK", "Retry-After: 120"}, 0, 0, NULL},
		{{"HTTP/1.1 429", "Retry-After: 999999"}, FETCH_HINT_MAX, 0, NULL},
		{{"HTTP/1.1 429", "Retry-After: soon"}, 0, 0, NULL},
		{{"HTTP/1.1 200 OK", "Cache-Control: public, max-age=600"}, 0, 600, NULL},
		{{"HTTP/1.1 200 OK", "cache-control: max-age=\"60\", must-revalidate"}, 0, 60, NULL},
		{{"HTTP/1.1 200 OK", "Cache-Control: max-age=600", "Age: 100"}, 0, 500, NULL},
		{{"HTTP/1.1 200 OK", "Cache-Control: max-age=60", "Age: 100"}, 0, 0, NULL},
		{{"HTTP/1.1 200 OK", "Cache-Control: no-cache, max-age=600"}, 0, 0, NULL},
		{{"HTTP/1.1 200 OK", "Cache-Control: no-store"}, 0, 0, NULL},
		{{"HTTP/1.1 200 OK", "Date: Tue, 14 Nov 2023 22:00:20 GMT",
		    "Expires: Tue, 14 Nov 2023 22:15:20 GMT"}, 0, 900, NULL},
		{{"HTTP/1.1 200 OK", "Expires: 0"}, 0, 0, NULL},
		{{"HTTP/1.1 200 OK", "Cache-Control: max-age=60", "Date: Tue, 14 Nov 2023 22:00:20 GMT",
		    "Expires: Tue, 14 Nov 2023 22:15:20 GMT"}, 0, 60, NULL},
		{{"HTTP/1.1 200 OK", "Cache-Control: max-age=99999999"}, 0, FETCH_HINT_MAX, NULL},
		{{"HTTP/1.1 304 Not Modified", "Cache-Control: max-age=300"}, 0, 300, NULL},
		/* A new status line starts a new response: nothing carries over. */
		{{"HTTP/1.1 301 Moved Permanently", "Cache-Control: max-age=600",
		    "Location: /new", "\r\n", "HTTP/1.1 200 OK"}, 0, 0, NULL},
		{{"HTTP/1.1 301 Moved Permanently", "Location:  /new/feed \r\n"}, 0, 0, "/new/feed"},
		{{"HTTP/1.1 200 OK", "X-Max-Age: 600", "Cache-Controlled: max-age=5"}, 0, 0, NULL},
	};
	struct fetch_hdrs h;
	time_t retry, fresh;
	size_t i, k;

	(void)state;
	assert_int_equal(D, 1699999000); /* the Date lines above */
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		fetch_hdrs_init(&h);
		for (k = 0; k < 6 && rows[i].lines[k] != NULL; k++)
			assert_int_equal(fetch_hdrs_line(&h, rows[i].lines[k],
			    strlen(rows[i].lines[k])), LDN_OK);
		fetch_hdrs_schedule(&h, NOW, &retry, &fresh);
		if (retry != (rows[i].retry ? NOW + rows[i].retry : 0) ||
		    fresh != (rows[i].fresh ? NOW + rows[i].fresh : 0))
			fail_msg("row %zu: retry %+lld fresh %+lld", i, (long long)retry - NOW,
			    (long long)fresh - NOW);
		if (rows[i].location != NULL)
			assert_string_equal(buf_cstr(&h.location), rows[i].location);
		else
			assert_int_equal(h.location.len, 0);
		fetch_hdrs_free(&h);
	}
}

/* The same hints from the server, through the whole fetcher. */
static void
test_schedule_on_the_wire(void **state)
{
	static const struct {
		const char *path;
		int status;
		long retry, fresh;   /* seconds from now, 0: none */
	} rows[] = {
		{"/retry/429/120", LDN_EFETCH, 120, 0},
		{"/retry/503/date300", LDN_EFETCH, 300, 0},
		{"/retry/429/date999999", LDN_EFETCH, FETCH_HINT_MAX, 0},
		{"/cache/600/" TINY, LDN_OK, 0, 600},
		{"/expires/900/" TINY, LDN_OK, 0, 900},
		{"/file/" TINY, LDN_OK, 0, 0},
	};
	struct fetch_response resp;
	struct sink s;
	char *cause;
	time_t before, after;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		sink_init(&s);
		before = time(NULL);
		assert_int_equal(fetch_path_on_server(rows[i].path, NULL, &s, &resp, &cause),
		    rows[i].status);
		after = time(NULL);
		if (rows[i].status != LDN_OK)
			assert_non_null(strstr(cause, rows[i].path[7] == '4' ?
			    "HTTP 429 Too Many Requests" : "HTTP 503 Service Unavailable"));
		/* An HTTP date has whole seconds: one second of slack. */
		if (rows[i].retry == 0)
			assert_int_equal(resp.retry_after, 0);
		else
			assert_in_range(resp.retry_after, before + rows[i].retry - 1,
			    after + rows[i].retry + 1);
		if (rows[i].fresh == 0)
			assert_int_equal(resp.fresh_until, 0);
		else
			assert_in_range(resp.fresh_until, before + rows[i].fresh - 1,
			    after + rows[i].fresh + 1);
		free(cause);
		fetch_response_free(&resp);
		buf_free(&s.body);
	}
}

/* moved_to: where a run of permanent redirects led, once it worked. */
static void
test_permanent_redirects(void **state)
{
	static const struct {
		const char *path;
		int status;
		const char *moved;   /* path on the server, or NULL */
	} rows[] = {
		{"/moved/301/file/" TINY, LDN_OK, "/file/" TINY},
		{"/moved/308/file/" TINY, LDN_OK, "/file/" TINY},
		{"/moved/308/moved/301/file/" TINY, LDN_OK, "/file/" TINY},
		{"/case/moved", LDN_OK, "/file/" TINY},
		/* A temporary hop ends the chain: the address after it is only
		 * where the feed is today. */
		{"/moved/301/redirect/1/" TINY, LDN_OK, "/redirect/1/" TINY},
		{"/moved/302/moved/301/file/" TINY, LDN_OK, NULL},
		{"/moved/307/file/" TINY, LDN_OK, NULL},
		{"/redirect/2/" TINY, LDN_OK, NULL},
		{"/file/" TINY, LDN_OK, NULL},
		/* A move to a page that fails is no new address. */
		{"/moved/301/status/404", LDN_EFETCH, NULL},
	};
	struct fetch_response resp;
	struct sink s;
	char *cause, *want;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		sink_init(&s);
		assert_int_equal(fetch_path_on_server(rows[i].path, NULL, &s, &resp, &cause),
		    rows[i].status);
		if (rows[i].moved == NULL) {
			if (resp.moved_to != NULL)
				fail_msg("%s: moved to %s", rows[i].path, resp.moved_to);
		} else {
			want = server_url(rows[i].moved);
			assert_non_null(resp.moved_to);
			assert_string_equal(resp.moved_to, want);
			free(want);
		}
		if (rows[i].status == LDN_OK)
			assert_tiny_body(&s, &resp);
		free(cause);
		fetch_response_free(&resp);
		buf_free(&s.body);
	}
}

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A stall gives up on the low-speed limit; a slow drip is no stall. */
static void
test_stall_and_drip(void **state)
{
	static const struct {
		const char *path;
		long timeout, low_speed;
		int status;
		const char *cause;
		double max_s;
	} rows[] = {
		/* Headers, then nothing: the overall 30 s never comes. */
		{"/stall/20", 30, 1, LDN_EFETCH, "stalled: under 1 byte/s for 1 s", 8},
		/* A few bytes a second is slow, not stalled: it completes. */
		{"/drip/60/150", 30, 1, LDN_OK, NULL, 8},
		/* ... unless the whole transfer takes too long. */
		{"/drip/8/400", 2, 1, LDN_EFETCH, "timed out after 2 s", 8},
		/* Without a low-speed limit a stall waits for the overall one. */
		{"/stall/20", 2, 0, LDN_EFETCH, "timed out after 2 s", 8},
	};
	struct fetch_opts o;
	struct fetch_response resp;
	struct sink s;
	char *cause;
	double t;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		fetch_opts_default(&o);
		o.timeout = rows[i].timeout;
		o.low_speed_time = rows[i].low_speed;
		sink_init(&s);
		t = now_s();
		assert_int_equal(fetch_path_on_server(rows[i].path, &o, &s, &resp, &cause),
		    rows[i].status);
		assert_true(now_s() - t < rows[i].max_s);
		if (rows[i].cause != NULL)
			assert_string_equal(cause, rows[i].cause);
		else
			assert_true(strstr(buf_cstr(&s.body), "<title>Drip</title>") != NULL);
		free(cause);
		fetch_response_free(&resp);
		buf_free(&s.body);
	}
}

/* Content-Length promises more than comes before the close. */
static void
test_body_cut_short(void **state)
{
	struct fetch_response resp;
	struct sink s;
	char *cause, *want;
	size_t len;

	(void)state;
	sink_init(&s);
	assert_int_equal(fetch_path_on_server("/short/" TINY, NULL, &s, &resp, &cause),
	    LDN_EFETCH);
	assert_string_equal(cause, "transfer closed with 1000 bytes remaining to read");
	/* What did arrive went to the sink, in order. */
	want = ts_slurp(LDN_TEST_DATA "/" TINY, &len);
	assert_int_equal(s.body.len, len);
	free(want);
	free(cause);
	fetch_response_free(&resp);
	buf_free(&s.body);
}

/* A sink that notes what the response said before its first byte. */
struct typed_sink {
	struct sink s;
	const struct fetch_response *resp;
	char *type_at_first;
	char *url_at_first;
};

static int
typed_sink_fn(const char *data, size_t len, void *payload)
{
	struct typed_sink *t = payload;

	if (t->s.calls == 0) {
		t->type_at_first = t->resp->content_type ? strdup(t->resp->content_type) : NULL;
		t->url_at_first = t->resp->effective_url ? strdup(t->resp->effective_url) : NULL;
	}
	return sink_fn(data, len, &t->s);
}

static void
test_content_type_before_first_byte(void **state)
{
	static const struct {
		const char *path;
		const char *type;
		const char *file;      /* the body must be this file's bytes */
		const char *has;       /* and hold this, or NULL */
		const char *lacks;     /* and not this, or NULL */
	} rows[] = {
		{"/plain/" TINY, "text/plain", TINY, NULL, NULL},
		{"/charset/ISO-8859-1/http/latin1-lying.xml",
		    "application/rss+xml; charset=ISO-8859-1", "http/latin1-lying.xml",
		    "encoding=\"UTF-8\"", NULL},
		{"/file/http/site-with-feed.html", "text/html; charset=utf-8",
		    "http/site-with-feed.html", "rel=\"alternate\" type=\"application/rss+xml\"", NULL},
		{"/file/http/site-without-feed.html", "text/html; charset=utf-8",
		    "http/site-without-feed.html", NULL, "application/rss+xml"},
		{"/redirect/1/" TINY, "application/rss+xml", TINY, NULL, NULL},
	};
	struct fetch_response resp;
	struct typed_sink t;
	char *cause, *url, *want;
	size_t i, len;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		memset(&t, 0, sizeof t);
		sink_init(&t.s);
		t.resp = &resp;
		url = server_url(rows[i].path);
		cause = NULL;
		assert_int_equal(fetch_run(url, NULL, typed_sink_fn, &t, &resp, &cause), LDN_OK);
		assert_non_null(t.type_at_first);
		assert_string_equal(t.type_at_first, rows[i].type);
		assert_non_null(t.url_at_first);
		assert_string_equal(t.url_at_first, resp.effective_url);
		want = ts_slurp(ts_data_path("%s", rows[i].file), &len);
		assert_int_equal(t.s.body.len, len);
		assert_memory_equal(buf_cstr(&t.s.body), want, len);
		if (rows[i].has != NULL)
			assert_non_null(strstr(buf_cstr(&t.s.body), rows[i].has));
		if (rows[i].lacks != NULL)
			assert_null(strstr(buf_cstr(&t.s.body), rows[i].lacks));
		free(want);
		free(t.type_at_first);
		free(t.url_at_first);
		free(url);
		fetch_response_free(&resp);
		buf_free(&t.s.body);
	}
}

/* The trace sees every request and response header, in order. */
struct trace_log {
	struct buf b;
};

static void
trace_fn(enum fetch_trace_kind kind, const char *line, size_t len, void *payload)
{
	struct trace_log *t = payload;
	static const char *const marks[] = {"* ", "> ", "< "};

	assert_int_equal(buf_puts(&t->b, marks[kind]), LDN_OK);
	assert_int_equal(buf_append(&t->b, line, len), LDN_OK);
	assert_int_equal(buf_putc(&t->b, '\n'), LDN_OK);
	/* Lines come without their line ends. */
	assert_null(memchr(line, '\n', len));
	assert_null(memchr(line, '\r', len));
}

static void
test_trace(void **state)
{
	static const char *const in_order[] = {
		"> GET /moved/301/file/" TINY " HTTP/1.1\n",
		"> User-Agent: ldnews/",
		"\n> \n",
		"< HTTP/1.1 301 Moved Permanently\n",
		"< Location: /file/" TINY "\n",
		"\n< \n",
		"> GET /file/" TINY " HTTP/1.1\n",
		"< HTTP/1.1 200 OK\n",
		"< ETag: \"",
		"< Content-Type: application/rss+xml\n",
		"\n< \n",
	};
	struct trace_log t;
	struct fetch_opts o;
	struct fetch_response resp;
	struct sink s;
	const char *p;
	char *cause;
	size_t i;

	(void)state;
	buf_init(&t.b, 1 << 20);
	fetch_opts_default(&o);
	o.trace = trace_fn;
	o.trace_payload = &t;
	sink_init(&s);
	assert_int_equal(fetch_path_on_server("/moved/301/file/" TINY, &o, &s, &resp, &cause),
	    LDN_OK);
	assert_tiny_body(&s, &resp);
	p = buf_cstr(&t.b);
	for (i = 0; i < sizeof in_order / sizeof in_order[0]; i++) {
		const char *q = strstr(p, in_order[i]);
		if (q == NULL)
			fail_msg("missing %s in:\n%s", in_order[i], buf_cstr(&t.b));
		p = q + strlen(in_order[i]);
	}
	/* libcurl's own account of the connection is there too. */
	assert_non_null(strstr(buf_cstr(&t.b), "\n* Connected to 127.0.0.1"));
	/* The body is not part of the trace. */
	assert_null(strstr(buf_cstr(&t.b), "Ants march"));
	buf_free(&t.b);
	fetch_response_free(&resp);
	buf_free(&s.body);
}

/* The body of a small server path, as a C string (caller frees). */
static char *
server_get(const char *url)
{
	struct fetch_response resp;
	struct sink s;
	char *cause = NULL, *body;

	sink_init(&s);
	assert_int_equal(fetch_run(url, NULL, sink_fn, &s, &resp, &cause), LDN_OK);
	body = buf_detach(&s.body);
	buf_free(&s.body);
	fetch_response_free(&resp);
	return body;
}

/*
 * IPv6: the test server binds [::1] too when the machine has IPv6
 * loopback, and says so in /stats. Then a fetch over it must work; when
 * there is none, the test says so and checks what it can: the fetcher
 * reports a connect failure instead of hanging or crashing.
 */
static void
test_ipv6_loopback_or_refused(void **state)
{
	const char *base = getenv("LDN_TEST_URL");
	char *stats_url = server_url("/stats"), *stats, *url;
	struct fetch_response resp;
	struct sink s;
	struct buf b;
	char *cause = NULL, *line;
	bool v6;

	(void)state;
	stats = server_get(stats_url);
	v6 = strstr(stats, "\"ipv6\": true") != NULL;
	buf_init(&b, 4096);
	/* http://127.0.0.1:PORT -> http://[::1]:PORT */
	assert_int_equal(buf_printf(&b, "http://[::1]%s/file/%s?t=ipv6",
	    strrchr(base, ':'), TINY), LDN_OK);
	url = buf_detach(&b);
	sink_init(&s);
	if (v6) {
		assert_int_equal(fetch_run(url, NULL, sink_fn, &s, &resp, &cause), LDN_OK);
		assert_tiny_body(&s, &resp);
		assert_string_equal(resp.effective_url, url);
		line = log_line_with("?t=ipv6");
		assert_non_null(strstr(line, "\"Host\": \"[::1]:"));
		free(line);
	} else {
		print_message("no IPv6 loopback on this machine: checking the failure only\n");
		assert_int_equal(fetch_run(url, NULL, sink_fn, &s, &resp, &cause), LDN_EFETCH);
		assert_true(strstr(cause, "connect") != NULL || strstr(cause, "refused") != NULL);
	}
	free(cause);
	free(url);
	free(stats);
	free(stats_url);
	fetch_response_free(&resp);
	buf_free(&s.body);
}

/* Proxies come from the environment, as libcurl reads it: nothing in the
 * fetcher turns that off. The test server acts as the proxy. */
static void
test_proxy_from_environment(void **state)
{
	struct fetch_response resp;
	struct sink s;
	char *cause = NULL, *line;
	char *saved_no_proxy = getenv("no_proxy") ? strdup(getenv("no_proxy")) : NULL;
	char *saved_NO_PROXY = getenv("NO_PROXY") ? strdup(getenv("NO_PROXY")) : NULL;

	(void)state;
	assert_int_equal(setenv("http_proxy", getenv("LDN_TEST_URL"), 1), 0);
	assert_int_equal(unsetenv("no_proxy"), 0);
	assert_int_equal(unsetenv("NO_PROXY"), 0);
	sink_init(&s);
	/* .invalid never resolves: only a proxy can answer this. */
	assert_int_equal(fetch_run("http://feeds.invalid/file/" TINY "?t=proxy", NULL, sink_fn,
	    &s, &resp, &cause), LDN_OK);
	assert_tiny_body(&s, &resp);
	line = log_line_with("?t=proxy");
	assert_non_null(strstr(line, "\"path\": \"http://feeds.invalid/file/" TINY "?t=proxy\""));
	free(line);
	assert_int_equal(unsetenv("http_proxy"), 0);
	if (saved_no_proxy != NULL)
		assert_int_equal(setenv("no_proxy", saved_no_proxy, 1), 0);
	if (saved_NO_PROXY != NULL)
		assert_int_equal(setenv("NO_PROXY", saved_NO_PROXY, 1), 0);
	free(saved_no_proxy);
	free(saved_NO_PROXY);
	fetch_response_free(&resp);
	buf_free(&s.body);
}

/* Every coding this libcurl decodes is offered; brotli when it has it. */
static void
test_encodings_offered(void **state)
{
	const curl_version_info_data *v = curl_version_info(CURLVERSION_NOW);
	struct fetch_response resp;
	struct sink s;
	char *cause, *line, *ae;

	(void)state;
	sink_init(&s);
	assert_int_equal(fetch_path_on_server("/file/" TINY "?t=codings", NULL, &s, &resp,
	    &cause), LDN_OK);
	line = log_line_with("?t=codings");
	ae = strstr(line, "\"Accept-Encoding\": \"");
	assert_non_null(ae);
	ae = strndup(ae, (size_t)(strchr(ae + 20, '"') - ae));
	assert_non_null(strstr(ae, "gzip"));
	assert_non_null(strstr(ae, "deflate"));
	if (v->features & CURL_VERSION_BROTLI)
		assert_non_null(strstr(ae, "br"));
	else
		assert_null(strstr(ae, "br"));
	free(ae);
	free(line);
	fetch_response_free(&resp);
	buf_free(&s.body);
}

/* Generated feeds: distinct per seed, with validators. */
static void
test_generated_feed(void **state)
{
	struct fetch_opts o;
	struct fetch_response resp, again;
	struct sink s;
	char *cause;

	(void)state;
	sink_init(&s);
	assert_int_equal(fetch_path_on_server("/gen/5/3", NULL, &s, &resp, &cause), LDN_OK);
	assert_non_null(strstr(buf_cstr(&s.body), "<title>Generated feed 5</title>"));
	assert_non_null(strstr(buf_cstr(&s.body), "<guid>gen-5-2</guid>"));
	assert_null(strstr(buf_cstr(&s.body), "<guid>gen-5-3</guid>"));
	assert_non_null(resp.etag);
	buf_free(&s.body);
	fetch_opts_default(&o);
	o.etag = resp.etag;
	sink_init(&s);
	assert_int_equal(fetch_path_on_server("/gen/5/3", &o, &s, &again, &cause), LDN_OK);
	assert_int_equal(again.status, 304);
	assert_int_equal(s.calls, 0);
	fetch_response_free(&again);
	sink_init(&s);
	assert_int_equal(fetch_path_on_server("/gen/6/3", &o, &s, &again, &cause), LDN_OK);
	assert_int_equal(again.status, 200);
	assert_non_null(strstr(buf_cstr(&s.body), "<guid>gen-6-0</guid>"));
	fetch_response_free(&again);
	fetch_response_free(&resp);
	buf_free(&s.body);
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

/* ---- stop flag and timeout between chunks (issue 14, 5) ---- */

struct slow_sink {
	atomic_bool *stop;      /* set on the first call, when not NULL */
	double spin;            /* seconds each call takes (a slow parser) */
	int calls;
};

static double
mono_seconds(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int
slow_sink_fn(const char *data, size_t len, void *payload)
{
	struct slow_sink *s = payload;
	double until = mono_seconds() + s->spin;

	(void)data;
	(void)len;
	s->calls++;
	if (s->stop != NULL)
		atomic_store(s->stop, true);
	/* busy: the work of a parser, not a wait for anything */
	while (mono_seconds() < until)
		;
	return 0;
}

/* A reader that quits sets the flag: the fetch ends at the next chunk,
 * and within a second while the server sends nothing. */
static void
test_stop_flag(void **state)
{
	struct fetch_opts o;
	struct fetch_response resp;
	atomic_bool stop;
	struct slow_sink s = {&stop, 0, 0};
	char *url, *cause = NULL;
	double t0;

	(void)state;
	fetch_opts_default(&o);
	o.stop = &stop;
	atomic_init(&stop, false);
	url = server_url("/drip/1000/100000"); /* 100 s of body */
	t0 = mono_seconds();
	assert_int_equal(fetch_run(url, &o, slow_sink_fn, &s, &resp, &cause), LDN_EFETCH);
	assert_string_equal(cause, "stopped");
	assert_int_equal(s.calls, 1);
	assert_true(mono_seconds() - t0 < 10);
	fetch_response_free(&resp);
	free(url);
	free(cause);
	cause = NULL;

	/* headers, then nothing for 20 s */
	s.stop = NULL;
	atomic_store(&stop, true);
	url = server_url("/slow/20");
	t0 = mono_seconds();
	assert_int_equal(fetch_run(url, &o, slow_sink_fn, &s, &resp, &cause), LDN_EFETCH);
	assert_string_equal(cause, "stopped");
	assert_true(mono_seconds() - t0 < 10);
	fetch_response_free(&resp);
	free(url);
	free(cause);
}

/* --timeout bounds the parse too: a sink slower than the timeout stops
 * at the next chunk, for a path and a file:// URL (which libcurl reads in
 * one go, checking no timeout of its own). */
static void
test_timeout_between_chunks(void **state)
{
	static const char *const how[] = {"", "file://"};
	struct fetch_opts o;
	struct fetch_response resp;
	struct slow_sink s = {NULL, 0.6, 0};
	char *dir = ts_tmpdir("fetch-timeout"), *cause = NULL, *big, src[4096];
	size_t i, n = (size_t)1 << 20;

	(void)state;
	fetch_opts_default(&o);
	o.timeout = 1;
	assert_non_null(big = malloc(n));
	memset(big, 'x', n);
	snprintf(src, sizeof(src), "%s/feed.xml", dir);
	ts_spit(src, big, n);
	free(big);
	for (i = 0; i < 2; i++) {
		snprintf(src, sizeof(src), "%s%s/feed.xml", how[i], dir);
		s.calls = 0;
		assert_int_equal(fetch_run(src, &o, slow_sink_fn, &s, &resp, &cause), LDN_EFETCH);
		assert_string_equal(cause, "timed out after 1 s");
		/* 0.6 s, 1.2 s: the third chunk is never handed over */
		assert_int_equal(s.calls, 2);
		fetch_response_free(&resp);
		free(cause);
		cause = NULL;
	}
	assert_int_equal(ts_rmtree(dir), 0);
	free(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_opts_default),
		cmocka_unit_test(test_curl_cause_table),
		cmocka_unit_test(test_small_cause_tables),
		cmocka_unit_test(test_status_line_table),
		cmocka_unit_test(test_local_sources),
		cmocka_unit_test(test_local_limits),
		cmocka_unit_test(test_plain_200),
		cmocka_unit_test(test_decoded_and_redirected),
		cmocka_unit_test(test_failures),
		cmocka_unit_test(test_truncated_body),
		cmocka_unit_test(test_endless_headers),
		cmocka_unit_test(test_tls_handshake_broken),
		cmocka_unit_test(test_size_limits),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_connection_refused),
		cmocka_unit_test(test_sink_abort),
		cmocka_unit_test(test_request_headers),
		cmocka_unit_test(test_conditional_get),
		cmocka_unit_test(test_hdrs_table),
		cmocka_unit_test(test_schedule_on_the_wire),
		cmocka_unit_test(test_permanent_redirects),
		cmocka_unit_test(test_stall_and_drip),
		cmocka_unit_test(test_body_cut_short),
		cmocka_unit_test(test_content_type_before_first_byte),
		cmocka_unit_test(test_trace),
		cmocka_unit_test(test_ipv6_loopback_or_refused),
		cmocka_unit_test(test_proxy_from_environment),
		cmocka_unit_test(test_encodings_offered),
		cmocka_unit_test(test_generated_feed),
		cmocka_unit_test(test_stop_flag),
		cmocka_unit_test(test_timeout_between_chunks),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
