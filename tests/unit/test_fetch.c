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
#include <unistd.h>

#include "buf.h"
#include "fetch.h"
#include "src/fetch_int.h"

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

/* The contents of a file, NUL-terminated, through a buf. */
static void
slurp(const char *path, struct buf *out)
{
	char chunk[4096];
	size_t n;
	FILE *f = fopen(path, "rb");

	assert_non_null(f);
	buf_init(out, BODY_MAX);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		assert_int_equal(buf_append(out, chunk, n), LDN_OK);
	assert_int_equal(ferror(f), 0);
	fclose(f);
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
	struct buf want;

	slurp(LDN_TEST_DATA "/" TINY, &want);
	assert_int_equal(s->body.len, want.len);
	assert_memory_equal(buf_cstr(&s->body), buf_cstr(&want), want.len);
	assert_int_equal(resp->bytes, want.len);
	buf_free(&want);
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
	struct buf log;
	const char *p, *start = NULL, *end;
	char *line;

	assert_non_null(path);
	slurp(path, &log);
	for (p = buf_cstr(&log); (p = strstr(p, needle)) != NULL; p++)
		start = p;
	assert_non_null(start);
	while (start > buf_cstr(&log) && start[-1] != '\n')
		start--;
	end = strchr(start, '\n');
	assert_non_null(end);
	line = strndup(start, (size_t)(end - start));
	assert_non_null(line);
	buf_free(&log);
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
		cmocka_unit_test(test_size_limits),
		cmocka_unit_test(test_timeout),
		cmocka_unit_test(test_connection_refused),
		cmocka_unit_test(test_sink_abort),
		cmocka_unit_test(test_request_headers),
		cmocka_unit_test(test_conditional_get),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
