/*
 * check.c - --check-feed: a traced fetch streamed into the parser, then a
 * report on the feed.
 *
 * The trace (fetch_opts.trace) prints each header line as it comes, so a
 * transfer that hangs or fails midway still shows how far it got. The
 * body's first bytes are kept (up to CHECK_HEAD) to name the format from
 * the root element. Every string that came from the network goes through
 * text_sanitize() before it is printed.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "check.h"
#include "date.h"
#include "feed_parse.h"
#include "query.h"
#include "text.h"
#include "url.h"

/* Bytes of the body kept to name its format. */
#define CHECK_HEAD 4096

struct check {
	FILE *out;
	struct feed_parser *parser;
	const struct fetch_response *resp;
	struct buf head;         /* the body's first bytes */
	struct buf status;       /* the latest status line */
	size_t responses;        /* status lines seen (1xx excluded) */
	bool based;              /* the parser has the final address */
	bool in_block;           /* inside a header block */
};

/* Prints "<label>text\n" with text sanitized (one line). */
static int
check_put(FILE *out, const char *label, const char *text, size_t len)
{
	char *clean = text_sanitize(text, len, 0);

	if (clean == NULL)
		return LDN_ENOMEM;
	fprintf(out, "%s%s\n", label, clean);
	free(clean);
	return LDN_OK;
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
	/* Out of memory here only loses a trace line; the fetch goes on. */
	(void)check_put(c->out, marks[kind], line, len);
}

static int
check_sink(const char *data, size_t len, void *payload)
{
	struct check *c = payload;
	size_t keep = c->head.len < CHECK_HEAD ? CHECK_HEAD - c->head.len : 0;

	if (!c->based) {
		c->based = true;
		if (c->resp->effective_url != NULL &&
		    feed_parse_set_base(c->parser, c->resp->effective_url) != LDN_OK)
			return LDN_ENOMEM;
	}
	if (keep > len)
		keep = len;
	if (keep > 0 && buf_append(&c->head, data, keep) != LDN_OK)
		return LDN_ENOMEM;
	return feed_parse_push(c->parser, data, len);
}

/* The value of attribute `name` in the start tag tag[0..len), or NULL. */
static const char *
check_attr(const char *tag, size_t len, const char *name, size_t *vlen)
{
	size_t n = strlen(name), i;
	const char *v, *end;

	for (i = 0; i + n + 2 < len; i++) {
		if (memcmp(tag + i, name, n) != 0 || tag[i + n] != '=' ||
		    (tag[i + n + 1] != '"' && tag[i + n + 1] != '\'') ||
		    (i > 0 && tag[i - 1] != ' ' && tag[i - 1] != '\t' && tag[i - 1] != '\n'))
			continue;
		v = tag + i + n + 2;
		end = memchr(v, tag[i + n + 1], len - (size_t)(v - tag));
		if (end == NULL)
			return NULL;
		*vlen = (size_t)(end - v);
		return v;
	}
	return NULL;
}

/* Whether p[0..len) holds needle (memmem is not POSIX). */
static bool
check_has(const char *p, size_t len, const char *needle)
{
	size_t n = strlen(needle), i;

	for (i = 0; i + n <= len; i++)
		if (memcmp(p + i, needle, n) == 0)
			return true;
	return false;
}

/* Skips white space, a BOM, the XML declaration, comments, processing
 * instructions and the doctype; returns the root's start tag, or NULL. */
static const char *
check_root(const char *p, const char *end)
{
	const char *q;

	if (end - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end) {
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
			p++;
		} else if (end - p >= 4 && memcmp(p, "<!--", 4) == 0) {
			for (q = p + 4; q + 3 <= end && memcmp(q, "-->", 3) != 0; q++)
				;
			p = q + 3;
		} else if (end - p >= 2 && (memcmp(p, "<?", 2) == 0 || memcmp(p, "<!", 2) == 0)) {
			q = memchr(p, '>', (size_t)(end - p));
			if (q == NULL)
				return NULL;
			p = q + 1;
		} else {
			return *p == '<' ? p + 1 : p;
		}
	}
	return NULL;
}

/* The format the body's first bytes announce, for the report. */
static void
check_format(FILE *out, const struct buf *head)
{
	const char *p = head->data, *end, *tag, *v, *gt;
	size_t n, tlen, vlen;
	char *name;

	/* An empty body has no data at all, and NULL + 0 is undefined. */
	end = p != NULL ? p + head->len : NULL;
	if (p == NULL || (tag = check_root(p, end)) == NULL) {
		fputs("format: unknown (no root element)\n", out);
		return;
	}
	if (tag > p && tag[-1] != '<') {
		fputs(*tag == '{' ? "format: JSON\n" : "format: unknown (not XML)\n", out);
		return;
	}
	for (n = 0; tag + n < end && strchr(" \t\r\n/>", tag[n]) == NULL; n++)
		;
	gt = memchr(tag, '>', (size_t)(end - tag));
	tlen = gt != NULL ? (size_t)(gt - tag) : (size_t)(end - tag);
	if (n == 3 && memcmp(tag, "rss", 3) == 0) {
		v = check_attr(tag, tlen, "version", &vlen);
		if (v == NULL) {
			fputs("format: RSS (no version)\n", out);
			return;
		}
		(void)check_put(out, "format: RSS ", v, vlen);
	} else if ((n == 7 && memcmp(tag, "rdf:RDF", 7) == 0) || (n >= 4 &&
	    memcmp(tag + n - 4, ":RDF", 4) == 0) || (n == 3 && memcmp(tag, "RDF", 3) == 0)) {
		fputs("format: RSS 1.0 (RDF)\n", out);
	} else if (n == 4 && memcmp(tag, "feed", 4) == 0) {
		if (check_has(tag, tlen, "http://purl.org/atom/ns#"))
			fputs("format: Atom 0.3\n", out);
		else
			fputs("format: Atom 1.0\n", out);
	} else {
		if ((name = text_sanitize(tag, n, 0)) != NULL)
			fprintf(out, "format: not a feed (root element <%s>)\n", name);
		free(name);
	}
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

/* What the transfer said, after the headers. */
static void
check_report_fetch(FILE *out, struct check *c)
{
	const struct fetch_response *r = c->resp;
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
		fprintf(out, "body: %llu bytes (decoded)\n", r->bytes);
	if (r->fresh_until != 0) {
		date_format_rfc3339(r->fresh_until, when);
		fprintf(out, "fresh until: %s (Cache-Control or Expires)\n", when);
	}
	if (r->retry_after != 0) {
		date_format_rfc3339(r->retry_after, when);
		fprintf(out, "retry after: %s (Retry-After)\n", when);
	}
}

int
check_feed(FILE *out, const char *src, const struct fetch_opts *fo, char **cause)
{
	struct fetch_response resp = {0};
	struct fetch_opts o = *fo;
	struct feed *f = NULL;
	struct check c;
	char *warning = NULL, *fetch_cause = NULL;
	int st;

	memset(&c, 0, sizeof(c));
	c.out = out;
	c.resp = &resp;
	buf_init(&c.head, CHECK_HEAD);
	buf_init(&c.status, 4096);
	o.etag = o.last_modified = NULL;
	o.trace = check_trace;
	o.trace_payload = &c;
	if (!url_is_web(src))
		o.max_bytes = ULLONG_MAX; /* the user's own file is read whole */
	if ((st = feed_parse_new(&c.parser, src, 0)) != LDN_OK) {
		st = ldn_cause(cause, st, "out of memory");
		goto out;
	}
	st = fetch_run(src, &o, check_sink, &c, &resp, &fetch_cause);
	if (c.in_block)
		fputc('\n', out);
	check_report_fetch(out, &c);
	if (st != LDN_OK && st != LDN_EPARSE) {
		*cause = fetch_cause;
		fetch_cause = NULL;
		goto out;
	}
	check_format(out, &c.head);
	/* The parser stopped the transfer (st LDN_EPARSE) or the body ended:
	 * either way finish says what the document was. */
	st = feed_parse_finish(c.parser, &f, &warning, cause);
	if (warning != NULL)
		(void)check_put_text(out, "warning: ", warning);
	if (st == LDN_OK)
		st = check_report_feed(out, f);
	if (st == LDN_ENOMEM)
		ldn_cause(cause, st, "out of memory");
out:
	fflush(out);
	free(warning);
	free(fetch_cause);
	feed_free(f);
	feed_parse_free(c.parser);
	fetch_response_free(&resp);
	buf_free(&c.head);
	buf_free(&c.status);
	return st;
}
