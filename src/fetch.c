/*
 * fetch.c - a feed's bytes from http(s) and file:// URLs (libcurl) or from
 * a plain path (read(2)), handed to a sink as they arrive.
 *
 * One transfer is one struct fetch_xfer (fetch_int.h): fetch_xfer_init()
 * configures its easy handle, the handle is driven (curl_easy_perform()
 * here, the multi handle in fetch_multi.c), and fetch_xfer_done() turns
 * the outcome into a status and a one-line cause. Invariants:
 *  - the sink only ever sees decoded body bytes of a final response below
 *    400, and never more than opts.max_bytes of them in total;
 *  - resp->bytes counts exactly the bytes the sink accepted;
 *  - the first failure stops the transfer and its status is the one that
 *    fetch_run() returns (the write callback records why it stopped curl,
 *    since curl itself only reports CURLE_WRITE_ERROR);
 *  - the header callback sees every response of a redirect chain: each
 *    status line resets the scheduling state (struct fetch_hdrs), so the
 *    hints reported are the final response's, while the chain's leading
 *    permanent redirects are followed to the feed's new address, which is
 *    reported only when the transfer worked.
 *
 * Owns a transfer's curl handle and buffers from start to finish; runs on
 * the thread that calls it (the engine's, through fetch_multi.c);
 * fetch_global_init runs once on main's thread before any other starts.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>

#include "buf.h"
#include "fetch.h"
#include "fetch_int.h"
#include "ldn_config.h"
#include "url.h"

#define FETCH_MAX_REDIRS 5
#define FETCH_CHUNK (64 * 1024)
/* The largest curl_off_t (signed), as curl does not export one. */
#define FETCH_OFF_T_MAX ((1ULL << (sizeof(curl_off_t) * CHAR_BIT - 1)) - 1)
/* Curl's own connect timeout when none is set (lib/connect.h). */
#define FETCH_CURL_CONNECT_DEFAULT 300
/* Longest reason phrase or validator header we keep; longer is dropped. */
#define FETCH_LINE_MAX 1024
/* Longest Location kept to follow a redirect chain. */
#define FETCH_URL_MAX (64 * 1024)

void
fetch_opts_default(struct fetch_opts *o)
{
	memset(o, 0, sizeof *o);
	o->connect_timeout = 15;
	o->timeout = 60;
	o->low_speed_time = 30;
	o->max_bytes = 100ULL * 1024 * 1024;
	o->user_agent = "ldnews/" LDN_VERSION;
}

int
fetch_global_init(void)
{
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? LDN_OK : LDN_ENOMEM;
}

void
fetch_global_cleanup(void)
{
	curl_global_cleanup();
}

void
fetch_response_free(struct fetch_response *r)
{
	if (r == NULL)
		return;
	free(r->content_type);
	free(r->effective_url);
	free(r->etag);
	free(r->last_modified);
	free(r->moved_to);
	memset(r, 0, sizeof *r);
}

FETCH_STATIC int
fetch_limit_cause(unsigned long long max, char **cause)
{
	static const char *const units[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
	unsigned long long whole = max, scale;
	size_t u = 0;

	while (u + 1 < sizeof units / sizeof units[0] && whole >= 1024) {
		whole /= 1024;
		u++;
	}
	if (u == 0)
		return ldn_cause(cause, LDN_ELIMIT,
		    "response larger than the %llu-byte limit", max);
	scale = 1ULL << (10 * u);
	if (max % scale == 0)
		return ldn_cause(cause, LDN_ELIMIT,
		    "response larger than the %llu %s limit", whole, units[u]);
	return ldn_cause(cause, LDN_ELIMIT, "response larger than the %.1f %s limit",
	    (double)max / (double)scale, units[u]);
}

FETCH_STATIC int
fetch_http_cause(long code, const char *reason, char **cause)
{
	if (reason == NULL || *reason == '\0')
		return ldn_cause(cause, LDN_EFETCH, "HTTP %ld", code);
	return ldn_cause(cause, LDN_EFETCH, "HTTP %ld %s", code, reason);
}

static bool
fetch_is_tls_error(CURLcode rc)
{
	switch (rc) {
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_USE_SSL_FAILED:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_SHUTDOWN_FAILED:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_CLIENTCERT:
		return true;
	default:
		return false;
	}
}

FETCH_STATIC int
fetch_curl_cause(const struct fetch_fail *f, char **cause)
{
	const char *detail;
	int n;

	/* Curl's error buffer names the specifics; strerror is the fallback. */
	detail = f->errbuf != NULL && *f->errbuf != '\0' ? f->errbuf : curl_easy_strerror(f->rc);
	/* Some of libcurl's messages end in a space; the cause is one clean line. */
	n = (int)strlen(detail);
	while (n > 0 && (detail[n - 1] == ' ' || detail[n - 1] == '\n'))
		n--;
	if (fetch_is_tls_error(f->rc))
		return ldn_cause(cause, LDN_EFETCH, "TLS: %.*s", n, detail);
	switch (f->rc) {
	case CURLE_OK:
		return LDN_OK;
	case CURLE_OUT_OF_MEMORY:
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	case CURLE_COULDNT_RESOLVE_HOST:
		if (f->host == NULL || *f->host == '\0')
			return ldn_cause(cause, LDN_EFETCH, "could not resolve host");
		return ldn_cause(cause, LDN_EFETCH, "could not resolve host %s", f->host);
	case CURLE_COULDNT_RESOLVE_PROXY:
		return ldn_cause(cause, LDN_EFETCH, "could not resolve proxy: %s", detail);
	case CURLE_COULDNT_CONNECT:
		if (f->os_errno == ECONNREFUSED)
			return ldn_cause(cause, LDN_EFETCH, "connection refused");
		if (f->os_errno != 0)
			return ldn_cause(cause, LDN_EFETCH, "could not connect: %s",
			    strerror((int)f->os_errno));
		return ldn_cause(cause, LDN_EFETCH, "could not connect: %s", detail);
	case CURLE_OPERATION_TIMEDOUT:
		if (f->stalled)
			return ldn_cause(cause, LDN_EFETCH,
			    "stalled: under 1 byte/s for %ld s", f->seconds);
		if (f->seconds <= 0)
			return ldn_cause(cause, LDN_EFETCH, "timed out");
		return ldn_cause(cause, LDN_EFETCH, "timed out after %ld s", f->seconds);
	case CURLE_TOO_MANY_REDIRECTS:
		return ldn_cause(cause, LDN_EFETCH, "too many redirects (more than %d)",
		    FETCH_MAX_REDIRS);
	case CURLE_FILESIZE_EXCEEDED:
		/* Content-Length announced more than the cap. */
		return fetch_limit_cause(f->max_bytes, cause);
	case CURLE_FILE_COULDNT_READ_FILE:
		return ldn_cause(cause, LDN_EIO, "%s", detail);
	default:
		return ldn_cause(cause, LDN_EFETCH, "%.*s", n, detail);
	}
}

FETCH_STATIC int
fetch_status_line(const char *line, size_t len, struct buf *reason)
{
	size_t i = 5, end = len;
	char c;

	/* status-line = HTTP-version SP status-code SP [ reason-phrase ] CRLF */
	if (len < 5 || memcmp(line, "HTTP/", 5) != 0)
		return 0;
	while (i < len && line[i] != ' ')
		i++;
	while (i < len && line[i] == ' ')
		i++;
	while (i < len && isdigit((unsigned char)line[i]))
		i++;
	while (i < len && line[i] == ' ')
		i++;
	/* Curl writes "HTTP/2 404 \r\n" for HTTP/2, which has no phrase. */
	while (end > i && strchr(" \t\r\n", line[end - 1]) != NULL)
		end--;
	buf_reset(reason);
	for (; i < end; i++) {
		/* The phrase ends up on a terminal: printable ASCII only. */
		c = line[i];
		if (c == '\t')
			c = ' ';
		else if ((unsigned char)c < 0x20 || (unsigned char)c > 0x7e)
			c = '?';
		if (buf_putc(reason, c) != LDN_OK) {
			/* Absurdly long: report the code alone. */
			buf_reset(reason);
			break;
		}
	}
	return 1;
}

/* ---- response headers ---- */

FETCH_STATIC void
fetch_hdrs_init(struct fetch_hdrs *h)
{
	memset(h, 0, sizeof *h);
	h->max_age = -1;
	h->retry_secs = -1;
	buf_init(&h->location, FETCH_URL_MAX);
}

FETCH_STATIC void
fetch_hdrs_free(struct fetch_hdrs *h)
{
	buf_free(&h->location);
}

/* A new response: what the one before said no longer counts. */
static void
fetch_hdrs_reset(struct fetch_hdrs *h, long code)
{
	struct buf loc = h->location;

	buf_reset(&loc);
	memset(h, 0, sizeof *h);
	h->code = code;
	h->max_age = -1;
	h->retry_secs = -1;
	h->location = loc;
}

/* A whole run of digits as seconds (huge values saturate), else -1. */
static long
fetch_seconds(const char *s, size_t len)
{
	long v = 0;
	size_t i;

	if (len == 0)
		return -1;
	for (i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]))
			return -1;
		if (v < 1000000000L)
			v = v * 10 + (s[i] - '0');
	}
	return v;
}

/* An HTTP date (any form curl_getdate knows) as UTC seconds, else 0. */
static time_t
fetch_http_date(const char *s, size_t len)
{
	char tmp[128];
	time_t t;

	if (len == 0 || len >= sizeof tmp)
		return 0;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	t = curl_getdate(tmp, NULL);
	return t > 0 ? t : 0;
}

/* Cache-Control: only max-age and no-cache/no-store matter to a reader. */
static void
fetch_cache_control(struct fetch_hdrs *h, const char *v, size_t len)
{
	size_t i = 0, start, end, eq;
	long n;

	while (i < len) {
		while (i < len && (v[i] == ' ' || v[i] == '\t' || v[i] == ','))
			i++;
		start = i;
		while (i < len && v[i] != ',')
			i++;
		end = i;
		while (end > start && (v[end - 1] == ' ' || v[end - 1] == '\t'))
			end--;
		for (eq = start; eq < end && v[eq] != '='; eq++)
			;
		if (eq - start == 7 && strncasecmp(v + start, "max-age", 7) == 0 && eq < end) {
			const char *num = v + eq + 1;
			size_t nlen = end - eq - 1;
			/* RFC 9111 5.2: the quoted form is tolerated. */
			if (nlen >= 2 && num[0] == '"' && num[nlen - 1] == '"') {
				num++;
				nlen -= 2;
			}
			if ((n = fetch_seconds(num, nlen)) >= 0)
				h->max_age = n;
		} else if ((eq - start == 8 && strncasecmp(v + start, "no-cache", 8) == 0) ||
		    (eq - start == 8 && strncasecmp(v + start, "no-store", 8) == 0)) {
			h->no_cache = true;
		}
	}
}

/* "Name: value": true when the name is `name`; *v and *vlen get the value. */
static bool
fetch_header_is(const char *line, size_t len, const char *name, const char **v, size_t *vlen)
{
	size_t n = strlen(name), i, end;

	if (len <= n || line[n] != ':' || strncasecmp(line, name, n) != 0)
		return false;
	for (i = n + 1; i < len && (line[i] == ' ' || line[i] == '\t'); i++)
		;
	for (end = len; end > i && strchr(" \t\r\n", line[end - 1]) != NULL; end--)
		;
	*v = line + i;
	*vlen = end - i;
	return true;
}

FETCH_STATIC int
fetch_hdrs_line(struct fetch_hdrs *h, const char *line, size_t len)
{
	const char *v;
	size_t vlen;
	long code;

	if (len >= 5 && memcmp(line, "HTTP/", 5) == 0) {
		/* "HTTP/1.1 301 ...": the code follows the first space. */
		const char *sp = memchr(line, ' ', len);
		code = 0;
		if (sp != NULL)
			for (sp++; sp < line + len && isdigit((unsigned char)*sp); sp++)
				code = code * 10 + (*sp - '0');
		fetch_hdrs_reset(h, code);
		return LDN_OK;
	}
	if (fetch_header_is(line, len, "Cache-Control", &v, &vlen)) {
		fetch_cache_control(h, v, vlen);
	} else if (fetch_header_is(line, len, "Expires", &v, &vlen)) {
		h->has_expires = true;
		h->expires = fetch_http_date(v, vlen);
	} else if (fetch_header_is(line, len, "Date", &v, &vlen)) {
		h->date = fetch_http_date(v, vlen);
	} else if (fetch_header_is(line, len, "Age", &v, &vlen)) {
		h->age = fetch_seconds(v, vlen);
		if (h->age < 0)
			h->age = 0;
	} else if (fetch_header_is(line, len, "Retry-After", &v, &vlen)) {
		/* RFC 9110 10.2.3: delay-seconds or an HTTP date. */
		h->retry_secs = fetch_seconds(v, vlen);
		h->retry_date = h->retry_secs < 0 ? fetch_http_date(v, vlen) : 0;
	} else if (fetch_header_is(line, len, "Location", &v, &vlen)) {
		buf_reset(&h->location);
		if (buf_append(&h->location, v, vlen) == LDN_ENOMEM)
			return LDN_ENOMEM;
	}
	return LDN_OK;
}

/* now + delta, or 0 for no hint; capped at FETCH_HINT_MAX ahead. */
static time_t
fetch_hint(time_t now, long long delta)
{
	if (delta <= 0)
		return 0;
	if (delta > FETCH_HINT_MAX)
		delta = FETCH_HINT_MAX;
	return now + (time_t)delta;
}

FETCH_STATIC void
fetch_hdrs_schedule(const struct fetch_hdrs *h, time_t now, time_t *retry_after,
    time_t *fresh_until)
{
	/* A server's dates are on its clock: measure from its Date. */
	time_t server_now = h->date > 0 ? h->date : now;

	*retry_after = 0;
	*fresh_until = 0;
	if (h->code == 429 || h->code == 503) {
		if (h->retry_secs >= 0)
			*retry_after = fetch_hint(now, h->retry_secs);
		else if (h->retry_date > 0)
			*retry_after = fetch_hint(now, (long long)(h->retry_date - server_now));
	}
	if (h->no_cache)
		return;
	/* RFC 9111 4.2.1: max-age wins over Expires; a bad Expires is stale. */
	if (h->max_age >= 0)
		*fresh_until = fetch_hint(now, (long long)h->max_age - h->age);
	else if (h->has_expires && h->expires > 0)
		*fresh_until = fetch_hint(now, (long long)(h->expires - server_now) - h->age);
}

/*
 * A response's headers have all arrived. When it redirects, follows the
 * chain: while every hop is permanent (301, 308), the target is the feed's
 * new address; the first temporary hop ends that, since the address after
 * it is only where the feed is today.
 */
static void
fetch_xfer_headers_end(struct fetch_xfer *x)
{
	long code = x->hdrs.code;
	char *next = NULL;

	if (code < 300 || code > 399 || code == 304 || x->hdrs.location.len == 0)
		return;
	if (url_resolve(x->cur_url, buf_cstr(&x->hdrs.location), &next) != LDN_OK) {
		x->oom = LDN_ENOMEM;
		return;
	}
	free(x->cur_url);
	x->cur_url = next;
	if (x->only_permanent && (code == 301 || code == 308)) {
		free(x->moved_to);
		if ((x->moved_to = strdup(next)) == NULL)
			x->oom = LDN_ENOMEM;
	} else {
		x->only_permanent = false;
	}
}

/* Hands each line of data to the trace, without line ends. */
static void
fetch_trace_lines(const struct fetch_xfer *x, enum fetch_trace_kind kind, const char *data,
    size_t len)
{
	const char *p = data, *end = data + len, *nl;
	size_t n;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		n = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		if (n > 0 && p[n - 1] == '\r')
			n--;
		x->opts.trace(kind, p, n, x->opts.trace_payload);
		p = nl != NULL ? nl + 1 : end;
	}
}

static size_t
fetch_header_cb(char *data, size_t size, size_t nmemb, void *arg)
{
	struct fetch_xfer *x = arg;
	size_t len = size * nmemb;

	/* Every response (redirects too) starts with its status line, so the
	 * phrase kept at the end is the final response's. */
	fetch_status_line(data, len, &x->reason);
	if (x->opts.trace != NULL)
		fetch_trace_lines(x, FETCH_TRACE_RECEIVED, data, len);
	if (fetch_hdrs_line(&x->hdrs, data, len) != LDN_OK)
		x->oom = LDN_ENOMEM;
	if (len <= 2 && (len == 0 || data[0] == '\r' || data[0] == '\n'))
		fetch_xfer_headers_end(x);
	return len;
}

/* Only installed with a trace: what curl sends and says it does. */
static int
fetch_debug_cb(CURL *e, curl_infotype type, char *data, size_t len, void *arg)
{
	struct fetch_xfer *x = arg;

	(void)e;
	if (type == CURLINFO_HEADER_OUT)
		fetch_trace_lines(x, FETCH_TRACE_SENT, data, len);
	else if (type == CURLINFO_TEXT)
		fetch_trace_lines(x, FETCH_TRACE_INFO, data, len);
	return 0;
}

/* *out = a copy of the final response's header, or stays NULL. */
static int
fetch_xfer_header(struct fetch_xfer *x, const char *name, char **out)
{
	struct curl_header *h;

	if (*out != NULL || curl_easy_header(x->easy, name, 0, CURLH_HEADER, -1, &h) != CURLHE_OK)
		return LDN_OK;
	*out = strdup(h->value);
	return *out != NULL ? LDN_OK : LDN_ENOMEM;
}

/* Before the sink's first byte: what a parser may want to know. */
static int
fetch_xfer_body_start(struct fetch_xfer *x)
{
	char *url = NULL;

	/* The final address is known once the body starts: published here,
	 * a parser resolves relative links against the URL a redirect led
	 * to; the Content-Type's charset outranks the document's own
	 * declaration (RFC 7303). */
	if (x->resp->effective_url == NULL) {
		curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL, &url);
		if (url != NULL && (x->resp->effective_url = strdup(url)) == NULL)
			return LDN_ENOMEM;
	}
	return fetch_xfer_header(x, "Content-Type", &x->resp->content_type);
}

int
fetch_check_time(const struct fetch_opts *o, const struct timespec *start, char **cause)
{
	struct timespec now;

	if (o->stop != NULL && atomic_load(o->stop))
		return ldn_cause(cause, LDN_EFETCH, "stopped");
	if (o->timeout <= 0)
		return LDN_OK;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec - start->tv_sec > o->timeout ||
	    (now.tv_sec - start->tv_sec == o->timeout && now.tv_nsec >= start->tv_nsec))
		return ldn_cause(cause, LDN_EFETCH, "timed out after %ld s", o->timeout);
	return LDN_OK;
}

/* Curl's progress callback, at least once a second: a stop while the
 * network is silent. */
static int
fetch_xferinfo_cb(void *arg, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
		  curl_off_t ulnow)
{
	struct fetch_xfer *x = arg;

	(void)dltotal;
	(void)dlnow;
	(void)ultotal;
	(void)ulnow;
	if (x->opts.stop == NULL || !atomic_load(x->opts.stop))
		return 0;
	x->abort_status = ldn_cause(&x->abort_cause, LDN_EFETCH, "stopped");
	return 1;
}

static size_t
fetch_write_cb(char *data, size_t size, size_t nmemb, void *arg)
{
	struct fetch_xfer *x = arg;
	size_t len = size * nmemb;
	long code = 0;
	int st;

	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &code);
	if (code >= 400) {
		/* An error page is never the feed: stop instead of reading it. */
		x->http_failed = true;
		return 0;
	}
	/* Decoded bytes count, so a small gzip bomb still hits the cap. */
	if (len > x->opts.max_bytes - x->resp->bytes) {
		x->abort_status = LDN_ELIMIT;
		return 0;
	}
	if (x->resp->bytes == 0 && (st = fetch_xfer_body_start(x)) != LDN_OK) {
		x->abort_status = st;
		return 0;
	}
	if ((st = fetch_check_time(&x->opts, &x->start, &x->abort_cause)) != LDN_OK) {
		x->abort_status = st;
		return 0;
	}
	st = x->sink(data, len, x->payload);
	if (st != 0) {
		x->abort_status = st;
		return 0;
	}
	x->resp->bytes += len;
	return len;
}

/* Adds "Name: value" unless the value is empty, huge or could split the line. */
static int
fetch_xfer_add_header(struct fetch_xfer *x, const char *name, const char *value)
{
	struct buf line;
	struct curl_slist *l;
	int st;

	if (value == NULL || *value == '\0' || strpbrk(value, "\r\n") != NULL)
		return LDN_OK;
	buf_init(&line, FETCH_LINE_MAX);
	st = buf_printf(&line, "%s: %s", name, value);
	if (st == LDN_ELIMIT) {
		st = LDN_OK;
		goto out;
	}
	if (st != LDN_OK)
		goto out;
	l = curl_slist_append(x->headers, buf_cstr(&line));
	if (l == NULL) {
		st = LDN_ENOMEM;
		goto out;
	}
	x->headers = l;
out:
	buf_free(&line);
	return st;
}

/* Everything one transfer needs set on its easy handle. */
static CURLcode
fetch_xfer_setup(struct fetch_xfer *x, const char *url)
{
	CURL *e = x->easy;
	const struct fetch_opts *o = &x->opts;
	CURLcode rc = CURLE_OK;

	/* Stops at the first failing option; none of them return early.
	 * Proxies: nothing here sets CURLOPT_PROXY or CURLOPT_NOPROXY, so
	 * libcurl takes http_proxy, https_proxy, all_proxy and no_proxy
	 * from the environment, as users expect. */
#define FETCH_SET(opt, val) do { \
	if (rc == CURLE_OK) \
		rc = curl_easy_setopt(e, opt, val); \
} while (0)
	FETCH_SET(CURLOPT_URL, url);
	FETCH_SET(CURLOPT_PRIVATE, (void *)x);
	FETCH_SET(CURLOPT_PROTOCOLS_STR, "http,https,file");
	FETCH_SET(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	FETCH_SET(CURLOPT_FOLLOWLOCATION, 1L);
	FETCH_SET(CURLOPT_MAXREDIRS, (long)FETCH_MAX_REDIRS);
	/* "" asks for every coding this libcurl can decode (gzip, deflate, br...). */
	FETCH_SET(CURLOPT_ACCEPT_ENCODING, "");
	FETCH_SET(CURLOPT_USERAGENT, o->user_agent != NULL ? o->user_agent : "ldnews/" LDN_VERSION);
	FETCH_SET(CURLOPT_CONNECTTIMEOUT, o->connect_timeout);
	FETCH_SET(CURLOPT_TIMEOUT, o->timeout);
	if (o->low_speed_time > 0) {
		/* A connection that stays open and sends nothing (a stalled
		 * server) gives up long before the overall timeout. */
		FETCH_SET(CURLOPT_LOW_SPEED_LIMIT, 1L);
		FETCH_SET(CURLOPT_LOW_SPEED_TIME, o->low_speed_time);
	}
	FETCH_SET(CURLOPT_SSL_VERIFYPEER, 1L);
	FETCH_SET(CURLOPT_SSL_VERIFYHOST, 2L);
	/* Threads (the multi interface, the UI) and signals do not mix. */
	FETCH_SET(CURLOPT_NOSIGNAL, 1L);
	/* A proxy's CONNECT reply is no response of the feed's server. */
	FETCH_SET(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
	FETCH_SET(CURLOPT_ERRORBUFFER, x->errbuf);
	/* Bigger reads than libcurl's 16 KiB: a quarter of the calls into the
	 * parser and of the system calls for a big feed (bench/README.md); at
	 * most 8 transfers run at once: 2 MiB. */
	FETCH_SET(CURLOPT_BUFFERSIZE, 262144L);
	FETCH_SET(CURLOPT_WRITEFUNCTION, fetch_write_cb);
	FETCH_SET(CURLOPT_WRITEDATA, (void *)x);
	FETCH_SET(CURLOPT_HEADERFUNCTION, fetch_header_cb);
	FETCH_SET(CURLOPT_HEADERDATA, (void *)x);
	if (o->stop != NULL) {
		FETCH_SET(CURLOPT_XFERINFOFUNCTION, fetch_xferinfo_cb);
		FETCH_SET(CURLOPT_XFERINFODATA, (void *)x);
		FETCH_SET(CURLOPT_NOPROGRESS, 0L);
	}
	if (o->trace != NULL) {
		FETCH_SET(CURLOPT_DEBUGFUNCTION, fetch_debug_cb);
		FETCH_SET(CURLOPT_DEBUGDATA, (void *)x);
		FETCH_SET(CURLOPT_VERBOSE, 1L);
	}
	if (x->headers != NULL)
		FETCH_SET(CURLOPT_HTTPHEADER, x->headers);
	/* An announced Content-Length over the cap fails before any body;
	 * the write callback still counts what is actually decoded. */
	if (o->max_bytes > 0 && o->max_bytes <= FETCH_OFF_T_MAX)
		FETCH_SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_bytes);
#undef FETCH_SET
	return rc;
}

void
fetch_xfer_free(struct fetch_xfer *x)
{
	if (x->easy != NULL)
		curl_easy_cleanup(x->easy);
	curl_slist_free_all(x->headers);
	buf_free(&x->reason);
	fetch_hdrs_free(&x->hdrs);
	free(x->cur_url);
	free(x->moved_to);
	free(x->abort_cause);
	x->abort_cause = NULL;
	x->easy = NULL;
	x->headers = NULL;
	x->cur_url = NULL;
	x->moved_to = NULL;
}

int
fetch_xfer_init(struct fetch_xfer *x, const char *url, const struct fetch_opts *o,
    fetch_sink_fn sink, void *payload, struct fetch_response *resp, char **cause)
{
	CURLcode rc;
	int st;

	memset(x, 0, sizeof *x);
	x->opts = *o;
	x->sink = sink;
	x->payload = payload;
	x->resp = resp;
	x->only_permanent = true;
	clock_gettime(CLOCK_MONOTONIC, &x->start);
	buf_init(&x->reason, FETCH_LINE_MAX);
	fetch_hdrs_init(&x->hdrs);
	x->cur_url = strdup(url);
	x->easy = curl_easy_init();
	if (x->easy == NULL || x->cur_url == NULL)
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	/* RFC 9110 13.1.2: If-None-Match wins when a server sees both. */
	st = fetch_xfer_add_header(x, "If-None-Match", o->etag);
	if (st == LDN_OK)
		st = fetch_xfer_add_header(x, "If-Modified-Since", o->last_modified);
	if (st != LDN_OK)
		return ldn_cause(cause, st, "out of memory");
	rc = fetch_xfer_setup(x, url);
	if (rc == CURLE_OUT_OF_MEMORY)
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	if (rc != CURLE_OK)
		return ldn_cause(cause, LDN_EFETCH, "libcurl: %s", curl_easy_strerror(rc));
	return LDN_OK;
}

static int
fetch_xfer_fill(struct fetch_xfer *x, CURLcode rc)
{
	struct fetch_response *r = x->resp;
	char *url = NULL;
	int st = LDN_OK;

	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &r->status);
	curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL, &url);
	if (r->status == 0 && rc == CURLE_OK && url != NULL &&
	    strncasecmp(url, "file:", 5) == 0)
		r->status = 200;
	if (url != NULL && r->effective_url == NULL && (r->effective_url = strdup(url)) == NULL)
		st = LDN_ENOMEM;
	if (st == LDN_OK)
		st = fetch_xfer_header(x, "Content-Type", &r->content_type);
	if (st == LDN_OK)
		st = fetch_xfer_header(x, "ETag", &r->etag);
	if (st == LDN_OK)
		st = fetch_xfer_header(x, "Last-Modified", &r->last_modified);
	if (st == LDN_OK)
		st = x->oom;
	fetch_hdrs_schedule(&x->hdrs, time(NULL), &r->retry_after, &r->fresh_until);
	return st;
}

/* The host of url (malloc'd), or NULL. */
static char *
fetch_url_host(const char *url)
{
	CURLU *u;
	char *host = NULL, *copy = NULL;

	if (url == NULL || (u = curl_url()) == NULL)
		return NULL;
	if (curl_url_set(u, CURLUPART_URL, url, 0) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_HOST, &host, 0) == CURLUE_OK)
		copy = strdup(host);
	curl_free(host);
	curl_url_cleanup(u);
	return copy;
}

/*
 * Which timeout ran out: the connect one if curl never connected, the
 * low-speed one if it is the shorter (or the only) one and the transfer
 * stopped well before the overall limit, else the overall one. Sets
 * f->seconds and f->stalled. "Well before": curl's clock and its
 * TOTAL_TIME differ by a few milliseconds, so a transfer that ran into a
 * 1 s limit could show 0.998 s and read as a stall of 30 s.
 */
#define FETCH_CLOCK_SLACK_US 500000

static void
fetch_xfer_timeout(struct fetch_xfer *x, struct fetch_fail *f)
{
	curl_off_t connected = 0, total = 0;
	long secs = x->opts.timeout, conn = x->opts.connect_timeout;
	long slow = x->opts.low_speed_time;

	curl_easy_getinfo(x->easy, CURLINFO_CONNECT_TIME_T, &connected);
	curl_easy_getinfo(x->easy, CURLINFO_TOTAL_TIME_T, &total);
	if (connected <= 0) {
		if (conn <= 0)
			conn = FETCH_CURL_CONNECT_DEFAULT;
		f->seconds = secs > 0 && secs < conn ? secs : conn;
		return;
	}
	if (slow > 0 && (secs <= 0 || (slow < secs &&
	    total < (curl_off_t)secs * 1000000 - FETCH_CLOCK_SLACK_US))) {
		f->seconds = slow;
		f->stalled = true;
		return;
	}
	f->seconds = secs;
}

int
fetch_xfer_done(struct fetch_xfer *x, CURLcode rc, char **cause)
{
	struct fetch_fail f;
	char *url = NULL, *host;
	int st;

	if (fetch_xfer_fill(x, rc) != LDN_OK)
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	if (x->abort_status == LDN_ELIMIT)
		return fetch_limit_cause(x->opts.max_bytes, cause);
	if (x->abort_status != 0)
		/* The sink may have set *cause itself; the first cause wins. */
		return ldn_cause(cause, x->abort_status, "%s", x->abort_cause != NULL ?
				 x->abort_cause : "the receiver stopped the transfer");
	if (x->http_failed || (rc == CURLE_OK && x->resp->status >= 400))
		return fetch_http_cause(x->resp->status, buf_cstr(&x->reason), cause);
	if (rc == CURLE_OK) {
		/* A permanent move counts once the new address answered. */
		x->resp->moved_to = x->moved_to;
		x->moved_to = NULL;
		return LDN_OK;
	}
	/*
	 * libcurl refuses a header line over its 100 kB limit with
	 * CURLE_OUT_OF_MEMORY and no message: after the status line and before
	 * any body byte, that is the server's doing far more likely than ours.
	 */
	if (rc == CURLE_OUT_OF_MEMORY && x->resp->status > 0 && x->resp->bytes == 0)
		return ldn_cause(cause, LDN_EFETCH, "HTTP %ld: a response header line over "
		    "libcurl's limit (or out of memory)", x->resp->status);
	memset(&f, 0, sizeof f);
	f.rc = rc;
	f.errbuf = x->errbuf;
	f.max_bytes = x->opts.max_bytes;
	if (rc == CURLE_OPERATION_TIMEDOUT)
		fetch_xfer_timeout(x, &f);
	curl_easy_getinfo(x->easy, CURLINFO_OS_ERRNO, &f.os_errno);
	curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL, &url);
	host = fetch_url_host(url);
	f.host = host;
	st = fetch_curl_cause(&f, cause);
	free(host);
	return st;
}

/* A plain path: read(2) in chunks, under the same cap as a download. */
static int
fetch_path(const char *path, const struct fetch_opts *o, fetch_sink_fn sink,
    void *payload, struct fetch_response *resp, char **cause)
{
	struct timespec start;
	char *chunk = NULL;
	ssize_t n;
	int fd, st = LDN_OK;

	clock_gettime(CLOCK_MONOTONIC, &start);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1)
		return ldn_cause(cause, LDN_EIO, "cannot read %s: %s", path, strerror(errno));
	chunk = malloc(FETCH_CHUNK);
	if (chunk == NULL) {
		st = ldn_cause(cause, LDN_ENOMEM, "out of memory");
		goto out;
	}
	for (;;) {
		n = read(fd, chunk, FETCH_CHUNK);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			/* A directory opens fine and fails here with EISDIR. */
			st = ldn_cause(cause, LDN_EIO, "cannot read %s: %s", path, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		if ((unsigned long long)n > o->max_bytes - resp->bytes) {
			st = fetch_limit_cause(o->max_bytes, cause);
			goto out;
		}
		if ((st = fetch_check_time(o, &start, cause)) != LDN_OK)
			goto out;
		st = sink(chunk, (size_t)n, payload);
		if (st != 0) {
			st = ldn_cause(cause, st, "the receiver stopped the transfer");
			goto out;
		}
		resp->bytes += (unsigned long long)n;
	}
	resp->status = 200;
out:
	free(chunk);
	close(fd);
	return st;
}

static bool
fetch_scheme_ok(const char *src)
{
	static const char *const schemes[] = {"http:", "https:", "file:"};
	size_t i;

	for (i = 0; i < sizeof schemes / sizeof schemes[0]; i++) {
		if (strncasecmp(src, schemes[i], strlen(schemes[i])) == 0)
			return true;
	}
	return false;
}

int
fetch_run(const char *src, const struct fetch_opts *o, fetch_sink_fn sink,
    void *payload, struct fetch_response *resp, char **cause)
{
	struct fetch_opts def;
	struct fetch_xfer x;
	int st;

	memset(resp, 0, sizeof *resp);
	if (o == NULL) {
		fetch_opts_default(&def);
		o = &def;
	}
	if (!url_has_scheme(src))
		return fetch_path(src, o, sink, payload, resp, cause);
	if (!fetch_scheme_ok(src))
		return ldn_cause(cause, LDN_EUSAGE, "unsupported URL scheme \"%.*s\"",
		    (int)strcspn(src, ":"), src);
	st = fetch_xfer_init(&x, src, o, sink, payload, resp, cause);
	if (st == LDN_OK)
		st = fetch_xfer_done(&x, curl_easy_perform(x.easy), cause);
	fetch_xfer_free(&x);
	return st;
}
