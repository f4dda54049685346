/*
 * load.c - the fetch -> feed_parse seam the engine (sync.c) and
 * --check-feed (check.c) build on: a body told apart as a page or a feed
 * as it arrives, a parser readied for a response, what turns a site's
 * HTML page into the feed candidates to try, and a spool that keeps a
 * body for a later parse. It keeps no state of its own; everything runs
 * on the thread of its caller (a spool is parsed on the thread that
 * merges it).
 *
 * Every body is first told apart (struct load_body): its first LOAD_SNIFF
 * bytes wait until they show a page or a feed, so a parser or a merge
 * never starts on a page. A page is kept (at most LOAD_PAGE_MAX) and
 * searched for feeds (load_discover); the engine then tries its
 * candidates one after another, a candidate that is a page again being
 * no feed.
 *
 * A spool holds the body in order: its first LOAD_SPOOL_MEM bytes in
 * memory, any more in a temporary file that is unlinked as soon as it is
 * made (so nothing is left behind, even after a kill).
 */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "discover.h"
#include "feed_parse.h"
#include "load.h"
#include "url.h"

/* Bodies up to this size never touch a file. */
#define LOAD_SPOOL_MEM (1u << 20)
/* How much of the file one read hands to the parser. */
#define LOAD_SPOOL_CHUNK (64u * 1024)

/* Bytes gathered for one write(2) to the file: a chunk of a transfer is
 * small, and a system call per chunk costs more than the copy. */
#define LOAD_SPOOL_WRITE (256u * 1024)

struct load_spool {
	struct buf head;       /* the first bytes */
	int fd;                /* the rest, or -1 while there is none */
	struct buf out;        /* the file's bytes not yet written */
	char *base;            /* the URL after redirects, or NULL */
	char *charset;         /* the Content-Type's charset, or NULL */
};

int
load_parser_prepare(struct feed_parser *p, const struct fetch_response *resp)
{
	char *charset = NULL;
	int st;

	/* After a redirect, relative links are relative to where we landed. */
	if (resp->effective_url != NULL &&
	    feed_parse_set_base(p, resp->effective_url) != LDN_OK)
		return LDN_ENOMEM;
	/* RFC 7303: the HTTP charset outranks the XML declaration. */
	if (feed_parse_charset_of(resp->content_type, &charset) != LDN_OK)
		return LDN_ENOMEM;
	st = charset != NULL ? feed_parse_set_encoding(p, charset) : LDN_OK;
	free(charset);
	return st;
}

/* ---- a page or a feed ---- */

void
load_body_init(struct load_body *b, const struct fetch_response *resp, fetch_sink_fn feed,
	       void *payload)
{
	memset(b, 0, sizeof(*b));
	buf_init(&b->bytes, LOAD_PAGE_MAX);
	b->kind = LOAD_UNKNOWN;
	b->resp = resp;
	b->feed = feed;
	b->payload = payload;
}

void
load_body_free(struct load_body *b)
{
	if (b != NULL)
		buf_free(&b->bytes);
}

/* Keeps what fits of a page; past LOAD_PAGE_MAX the transfer stops. */
static int
load_body_page(struct load_body *b, const char *data, size_t len)
{
	size_t room = LOAD_PAGE_MAX - b->bytes.len;

	if (len > room) {
		b->page_cut = true;
		return buf_append(&b->bytes, data, room) == LDN_OK ? LDN_ELIMIT : LDN_ENOMEM;
	}
	return buf_append(&b->bytes, data, len);
}

/* The held bytes decide; a feed gets them at once. */
static int
load_body_decide(struct load_body *b)
{
	int st;

	if (discover_looks_like_html(b->bytes.data, b->bytes.len,
				     b->resp != NULL ? b->resp->content_type : NULL)) {
		b->kind = LOAD_PAGE;
		return LDN_OK;
	}
	b->kind = LOAD_FEED;
	st = b->bytes.len > 0 ? b->feed(b->bytes.data, b->bytes.len, b->payload) : LDN_OK;
	buf_free(&b->bytes);
	return st;
}

int
load_body_add(const char *data, size_t len, void *payload)
{
	struct load_body *b = payload;
	size_t take;
	int st;

	if (b->kind == LOAD_FEED)
		return b->feed(data, len, b->payload);
	if (b->kind == LOAD_PAGE)
		return load_body_page(b, data, len);
	take = LOAD_SNIFF - b->bytes.len;
	if (take > len)
		take = len;
	if ((st = buf_append(&b->bytes, data, take)) != LDN_OK)
		return st;
	if (b->bytes.len < LOAD_SNIFF)
		return LDN_OK;
	if ((st = load_body_decide(b)) != LDN_OK || take == len)
		return st;
	return load_body_add(data + take, len - take, b);
}

int
load_body_end(struct load_body *b)
{
	return b->kind == LOAD_UNKNOWN ? load_body_decide(b) : LDN_OK;
}

int
load_discover(struct load_discovery *d, const struct load_body *page, const char *page_url,
	      char **cause)
{
	const char *const *paths;
	size_t i, npaths;
	char **urls = NULL;
	size_t n = 0;
	int st;

	memset(d, 0, sizeof(*d));
	st = discover_feeds(page->bytes.data, page->bytes.len, page_url, &urls, &n, cause);
	if (st != LDN_OK)
		return st;
	if (n > 0) {
		/* The first feed the page names is the one it offers first. */
		for (i = 1; i < n; i++)
			free(urls[i]);
		d->urls = urls;
		d->n = 1;
		d->named = true;
		return LDN_OK;
	}
	free(urls);
	paths = discover_common_paths(&npaths);
	if ((d->urls = calloc(npaths, sizeof(*d->urls))) == NULL)
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	for (i = 0; i < npaths; i++) {
		st = discover_candidate(page_url, paths[i], &d->urls[d->n]);
		if (st == LDN_EUSAGE)
			break;          /* no web page: no site to try */
		if (st != LDN_OK) {
			load_discovery_free(d);
			return ldn_cause(cause, st, "out of memory");
		}
		d->n++;
	}
	return LDN_OK;
}

int
load_discover_fail(const struct load_discovery *d, int st, const char *why, char **cause)
{
	const char *const *paths;
	struct buf b;
	size_t i, npaths;
	int ret;

	if (d->named)
		return ldn_cause(cause, st, "the page's feed %s: %s", d->urls[0],
				 why != NULL ? why : "failed");
	if (d->n == 0)
		return ldn_cause(cause, LDN_EPARSE, "no feed found: an HTML page that names none");
	paths = discover_common_paths(&npaths);
	buf_init(&b, 4096);
	ret = buf_puts(&b, "no feed found: the page names none, and none of ");
	for (i = 0; ret == LDN_OK && i < npaths; i++)
		ret = buf_printf(&b, "%s%s", i == 0 ? "" : i + 1 < npaths ? ", " : " or ",
				 paths[i]);
	if (ret == LDN_OK)
		ret = ldn_cause(cause, LDN_EPARSE, "%s is a feed", buf_cstr(&b));
	else
		ret = ldn_cause(cause, LDN_ENOMEM, "out of memory");
	buf_free(&b);
	return ret;
}

void
load_discovery_free(struct load_discovery *d)
{
	if (d == NULL)
		return;
	discover_free(d->urls, d->n);
	d->urls = NULL;
	d->n = 0;
}

/* ---- a body kept for a later parse ---- */

void
load_spool_free(struct load_spool *sp)
{
	if (sp == NULL)
		return;
	buf_free(&sp->head);
	buf_free(&sp->out);
	if (sp->fd >= 0)
		close(sp->fd);
	free(sp->base);
	free(sp->charset);
	free(sp);
}

int
load_spool_new(struct load_spool **out)
{
	struct load_spool *sp;

	if ((*out = sp = calloc(1, sizeof(*sp))) == NULL)
		return LDN_ENOMEM;
	buf_init(&sp->head, LOAD_SPOOL_MEM);
	buf_init(&sp->out, LOAD_SPOOL_WRITE);
	sp->fd = -1;
	return LDN_OK;
}

/* An unlinked temporary file in $TMPDIR, else /tmp. */
static int
load_spool_open(struct load_spool *sp, char **cause)
{
	const char *dir = getenv("TMPDIR");
	struct buf path;
	int ret = LDN_OK;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	buf_init(&path, SIZE_MAX);
	if (buf_printf(&path, "%s/ldnews-spool-XXXXXX", dir) != LDN_OK) {
		ret = ldn_cause(cause, LDN_ENOMEM, "out of memory");
	} else if ((sp->fd = mkstemp(path.data)) < 0) {
		ret = ldn_cause(cause, LDN_EIO, "cannot make a temporary file in %s: %s",
				dir, strerror(errno));
	} else {
		unlink(buf_cstr(&path));
	}
	buf_free(&path);
	return ret;
}

static int
load_spool_write(struct load_spool *sp, const char *data, size_t len, char **cause)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(sp->fd, data, len)) < 0) {
			if (errno == EINTR)
				continue;
			return ldn_cause(cause, LDN_EIO, "cannot write a temporary file: %s",
					 strerror(errno));
		}
		data += n;
		len -= (size_t)n;
	}
	return LDN_OK;
}

/* Writes out what waits in sp->out. */
static int
load_spool_flush(struct load_spool *sp, char **cause)
{
	int ret = LDN_OK;

	if (sp->out.len > 0)
		ret = load_spool_write(sp, sp->out.data, sp->out.len, cause);
	buf_reset(&sp->out);
	return ret;
}

int
load_spool_add(struct load_spool *sp, const char *data, size_t len, char **cause)
{
	int ret;

	if (sp->fd < 0) {
		ret = buf_append(&sp->head, data, len);
		if (ret != LDN_ELIMIT)
			return ret == LDN_OK ? LDN_OK : ldn_cause(cause, ret, "out of memory");
		if ((ret = load_spool_open(sp, cause)) != LDN_OK)
			return ret;
	}
	if ((ret = buf_append(&sp->out, data, len)) != LDN_ELIMIT)
		return ret == LDN_OK ? LDN_OK : ldn_cause(cause, ret, "out of memory");
	if ((ret = load_spool_flush(sp, cause)) != LDN_OK)
		return ret;
	if (len >= LOAD_SPOOL_WRITE)
		return load_spool_write(sp, data, len, cause);
	ret = buf_append(&sp->out, data, len);
	return ret == LDN_OK ? LDN_OK : ldn_cause(cause, ret, "out of memory");
}

int
load_spool_end(struct load_spool *sp, const struct fetch_response *resp, char **cause)
{
	int st = sp->fd >= 0 ? load_spool_flush(sp, cause) : LDN_OK;

	if (st != LDN_OK)
		return st;
	if ((resp->effective_url != NULL && (sp->base = strdup(resp->effective_url)) == NULL) ||
	    feed_parse_charset_of(resp->content_type, &sp->charset) != LDN_OK)
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	return LDN_OK;
}

/* Pushes the spool's file part; LDN_EPARSE/LDN_ENOMEM when the parser
 * stopped, LDN_EFETCH when `bounds` say to stop (see load_extra). */
static int
load_parse_file(struct load_spool *sp, struct feed_parser *p, const struct fetch_opts *bounds,
		const struct timespec *start, char **cause)
{
	char *chunk;
	ssize_t n;
	int st = LDN_OK;

	if ((chunk = malloc(LOAD_SPOOL_CHUNK)) == NULL)
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	if (lseek(sp->fd, 0, SEEK_SET) != 0)
		st = ldn_cause(cause, LDN_EIO, "cannot read a temporary file: %s",
			       strerror(errno));
	while (st == LDN_OK && (n = read(sp->fd, chunk, LOAD_SPOOL_CHUNK)) != 0) {
		if (n > 0 && bounds != NULL && (st = fetch_check_time(bounds, start, cause)) != LDN_OK)
			break;
		if (n > 0)
			st = feed_parse_push(p, chunk, (size_t)n);
		else if (errno != EINTR)
			st = ldn_cause(cause, LDN_EIO, "cannot read a temporary file: %s",
				       strerror(errno));
	}
	free(chunk);
	return st;
}

int
load_parse(struct load_spool *sp, const char *src, unsigned parse_flags,
	   struct load_extra *extra, struct feed **out, char **warning, char **cause)
{
	const struct fetch_opts *bounds = extra != NULL ? extra->bounds : NULL;
	struct feed_parser *p = NULL;
	struct timespec start;
	int st;

	*out = NULL;
	clock_gettime(CLOCK_MONOTONIC, &start);
	if ((st = feed_parse_new(&p, src, parse_flags)) != LDN_OK ||
	    (sp->base != NULL && (st = feed_parse_set_base(p, sp->base)) != LDN_OK) ||
	    (sp->charset != NULL && (st = feed_parse_set_encoding(p, sp->charset)) != LDN_OK)) {
		st = ldn_cause(cause, st, "out of memory");
		goto out;
	}
	if (extra != NULL && extra->on_article != NULL)
		feed_parse_set_article_cb(p, extra->on_article, extra->article_payload);
	if (sp->head.len > 0)
		st = feed_parse_push(p, sp->head.data, sp->head.len);
	if (st == LDN_OK && sp->fd >= 0)
		st = load_parse_file(sp, p, bounds, &start, cause);
	/* A parser that stopped still finishes: a malformed feed keeps the
	 * articles before its fault (feed_parse_finish says which). */
	if (st == LDN_OK || st == LDN_EPARSE || st == LDN_ENOMEM)
		st = feed_parse_finish(p, out, warning, cause);
out:
	feed_parse_free(p);
	return st;
}
