/*
 * check.c - --check-feed: the engine's run for one source (sync_feeds,
 * no cache, nothing sent conditionally), traced, then a report on the
 * feed. It runs on the main thread and keeps nothing past the call.
 *
 * The trace (fetch_opts.trace) prints each header line as it comes, so a
 * transfer that hangs or fails midway still shows how far it got; each
 * transfer's summary follows it (sync_opts.on_response). The body is told
 * apart and parsed as every mode does: an HTML page leads to its feed as
 * for --list, and the parser reads the HTTP charset first and names the
 * format it read. Every string that came from the network goes
 * through text_sanitize() before it is printed, and credentials never
 * are: the user information of a URL (a proxy's from http_proxy) shows as
 * "***", and so does the value of an Authorization or
 * Proxy-Authorization header.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "check.h"
#include "date.h"
#include "query.h"
#include "sync.h"
#include "text.h"
#include "url.h"

struct check {
	FILE *out;
	struct buf status;       /* the transfer's latest status line */
	size_t responses;        /* its status lines seen (1xx excluded) */
	bool in_block;           /* inside a header block */
	/* The outcome (taken from sync_feeds). */
	int st;
	char *cause, *warning, *discovered;
	struct feed *feed;
};

/*
 * Prints "<label>text\n" with text sanitized (one line) and the password
 * of any URL in it hidden (a proxy's, from http_proxy): the report is
 * meant to be pasted into a bug report.
 */
static int
check_put(FILE *out, const char *label, const char *text, size_t len)
{
	char *clean = text_sanitize(text, len, 0);
	char *shown = clean != NULL ? url_hide_userinfo(clean) : NULL;

	free(clean);
	if (shown == NULL)
		return LDN_ENOMEM;
	fprintf(out, "%s%s\n", label, shown);
	free(shown);
	return LDN_OK;
}

/*
 * The length of "Name:" when a request header line carries credentials
 * (their value is never printed), else 0.
 */
static size_t
check_secret_header(const char *line, size_t len)
{
	static const char *const secret[] = {"Authorization:", "Proxy-Authorization:"};
	size_t i, n;

	for (i = 0; i < sizeof(secret) / sizeof(secret[0]); i++) {
		n = strlen(secret[i]);
		if (len >= n && strncasecmp(line, secret[i], n) == 0)
			return n;
	}
	return 0;
}

/* The same for text a feed gave: white space folded too. */
static int
check_put_text(FILE *out, const char *label, const char *text)
{
	char *clean = text_sanitize(text, strlen(text), TEXT_FOLD_SPACE);

	if (clean == NULL)
		return LDN_ENOMEM;
	fprintf(out, "%s%s\n", label, clean);
	free(clean);
	return LDN_OK;
}

/*
 * libcurl's own lines worth showing: where it connects, through which
 * proxy, TLS and the certificate, the redirects it follows. The rest is
 * bookkeeping (connection cache, pointers) that varies between versions.
 */
static bool
check_info_shown(const char *line, size_t len)
{
	static const char *const shown[] = {
		"Trying ", "Connected to ", "Issue another request", "Uses proxy env",
		"Establish HTTP proxy", "SSL connection using", "ALPN", "Server certificate",
		"subject:", "start date:", "expire date:", "issuer:", "SSL certificate",
		"Could not resolve", "Failed to connect",
	};
	size_t i, n;

	while (len > 0 && (*line == ' ' || *line == '\t')) {
		line++;
		len--;
	}
	for (i = 0; i < sizeof(shown) / sizeof(shown[0]); i++) {
		n = strlen(shown[i]);
		if (len >= n && memcmp(line, shown[i], n) == 0)
			return true;
	}
	return false;
}

static void
check_trace(enum fetch_trace_kind kind, const char *line, size_t len, void *payload)
{
	static const char *const marks[] = {
		[FETCH_TRACE_INFO] = "* ",
		[FETCH_TRACE_SENT] = "> ",
		[FETCH_TRACE_RECEIVED] = "< ",
	};
	struct check *c = payload;
	size_t secret;

	if (kind == FETCH_TRACE_INFO && !check_info_shown(line, len))
		return;
	if (len == 0) {
		/* The end of a header block: a blank line, as on the wire. */
		if (c->in_block)
			fputc('\n', c->out);
		c->in_block = false;
		return;
	}
	if (kind != FETCH_TRACE_INFO)
		c->in_block = true;
	if (kind == FETCH_TRACE_RECEIVED && len > 5 && memcmp(line, "HTTP/", 5) == 0) {
		const char *code = memchr(line, ' ', len);
		if (code == NULL || code[1] != '1')
			c->responses++;
		buf_reset(&c->status);
		/* A status line too long to keep is reported as it comes. */
		if (buf_append(&c->status, line, len) != LDN_OK)
			buf_reset(&c->status);
	}
	if (kind == FETCH_TRACE_SENT && (secret = check_secret_header(line, len)) > 0) {
		/* The name matched ours: plain ASCII. */
		fprintf(c->out, "%s%.*s ***\n", marks[kind], (int)secret, line);
		return;
	}
	/* Out of memory here only loses a trace line; the fetch goes on. */
	(void)check_put(c->out, marks[kind], line, len);
}


/* Title, count, date range and tags of what was parsed. */
static int
check_report_feed(FILE *out, struct feed *f)
{
	struct query q = {0};
	struct query_view v = {0};
	struct query_tag *tags = NULL;
	size_t i, ntags = 0, undated = 0;
	time_t lo = 0, hi = 0;
	char a[21], b[21], *s;
	bool any = false;
	int st;

	fprintf(out, "format: %s\n", f->format != NULL ? f->format : "unknown");
	if ((st = check_put_text(out, "title: ", f->title)) != LDN_OK)
		return st;
	if (f->link != NULL && (st = check_put_text(out, "site: ", f->link)) != LDN_OK)
		return st;
	fprintf(out, "articles: %zu\n", f->articles.len);
	for (i = 0; i < f->articles.len; i++) {
		const struct article *x = f->articles.items[i];
		if (!x->has_published) {
			undated++;
			continue;
		}
		if (!any || x->published < lo)
			lo = x->published;
		if (!any || x->published > hi)
			hi = x->published;
		any = true;
	}
	if (any) {
		date_format_rfc3339(lo, a);
		date_format_rfc3339(hi, b);
		fprintf(out, "dates: %s to %s", a, b);
		if (undated > 0)
			fprintf(out, " (%zu without a date)", undated);
		fputc('\n', out);
	} else if (f->articles.len > 0) {
		fputs("dates: none\n", out);
	}
	st = query_run(&f->articles, &q, &v);
	if (st == LDN_OK)
		st = query_tags(&v, &tags, &ntags);
	if (st == LDN_OK)
		fprintf(out, "tags: %zu\n", ntags);
	for (i = 0; st == LDN_OK && i < ntags; i++) {
		if ((s = text_sanitize(tags[i].tag, strlen(tags[i].tag), TEXT_FOLD_SPACE)) == NULL)
			st = LDN_ENOMEM;
		else
			fprintf(out, "%6zu  %s\n", tags[i].count, s);
		free(s);
	}
	free(tags);
	query_view_free(&v);
	return st;
}

/* What one transfer said, after its headers. */
static void
check_report_fetch(FILE *out, struct check *c, const struct fetch_response *r)
{
	char when[21];

	if (c->status.len > 0)
		(void)check_put(out, "status: ", buf_cstr(&c->status), c->status.len);
	else if (r->status != 0)
		fprintf(out, "status: %ld\n", r->status);
	if (c->responses > 1 && r->effective_url != NULL) {
		(void)check_put(out, "final address: ", r->effective_url, strlen(r->effective_url));
		fprintf(out, "redirects followed: %zu\n", c->responses - 1);
	}
	if (r->moved_to != NULL) {
		(void)check_put(out, "moved permanently to: ", r->moved_to, strlen(r->moved_to));
		fputs("  (the cache follows it; update your config)\n", out);
	}
	if (r->content_type != NULL)
		(void)check_put(out, "content type: ", r->content_type, strlen(r->content_type));
	if (r->bytes > 0 || r->status == 200)
		fprintf(out, "body: %llu bytes received (decoded)\n", r->bytes);
	if (r->fresh_until != 0) {
		date_format_rfc3339(r->fresh_until, when);
		fprintf(out, "fresh until: %s (Cache-Control or Expires)\n", when);
	}
	if (r->retry_after != 0) {
		date_format_rfc3339(r->retry_after, when);
		fprintf(out, "retry after: %s (Retry-After)\n", when);
	}
}

/* sync_opts.on_response: a transfer ended; its summary, for the next
 * one to start afresh. */
static void
check_response(const char *url, const struct fetch_response *resp, void *payload)
{
	struct check *c = payload;

	(void)url;
	if (c->in_block)
		fputc('\n', c->out);
	c->in_block = false;
	check_report_fetch(c->out, c, resp);
	buf_reset(&c->status);
	c->responses = 0;
}

/* sync_opts.on_done: the source's outcome, taken. */
static void
check_done(struct sync_outcome *out, void *payload)
{
	struct check *c = payload;

	c->st = out->status;
	c->cause = out->cause;
	c->warning = out->warning;
	c->discovered = out->discovered;
	c->feed = out->feed;
	out->cause = out->warning = out->discovered = NULL;
	out->feed = NULL;
}

int
check_feed(FILE *out, const char *src, const struct fetch_opts *fo, char **cause)
{
	struct fetch_opts o = *fo;
	struct check c;
	struct sync_opts so = {
		.fetch = &o, .force = true, .on_response = check_response,
		.on_done = check_done, .payload = &c,
	};
	char *why = NULL;
	int st;

	memset(&c, 0, sizeof(c));
	c.out = out;
	c.st = LDN_ENOMEM;
	buf_init(&c.status, 4096);
	o.etag = o.last_modified = NULL;
	o.trace = check_trace;
	o.trace_payload = &c;
	/* No cache and no memo: nothing is sent conditionally. */
	st = sync_feeds(NULL, &src, 1, &so, &why);
	if (st == LDN_OK)
		st = c.st;
	if (c.discovered != NULL)
		(void)check_put(out, "feed found on the page: ", c.discovered, strlen(c.discovered));
	if (c.warning != NULL)
		(void)check_put_text(out, "warning: ", c.warning);
	if (st == LDN_OK && c.feed != NULL)
		st = check_report_feed(out, c.feed);
	if (st != LDN_OK) {
		/* libcurl's message may quote the proxy's URL. */
		const char *line = c.cause != NULL ? c.cause : why;
		*cause = url_hide_userinfo(line != NULL ? line : "out of memory");
	}
	fflush(out);
	free(why);
	free(c.cause);
	free(c.warning);
	free(c.discovered);
	feed_free(c.feed);
	buf_free(&c.status);
	return st;
}
