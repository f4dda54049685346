/*
 * load.c - the fetch -> feed_parse seam: a fetch sink that pushes each
 * chunk into the streaming parser as it arrives, or into a spool that is
 * parsed once the transfer is over; and what turns a site's HTML page
 * into its feed.
 *
 * Every body is first told apart (struct load_body): its first LOAD_SNIFF
 * bytes wait until they show a page or a feed, so a parser or a merge
 * never starts on a page. A page is kept (at most LOAD_PAGE_MAX) and
 * searched for feeds; load_feed then tries its candidates one after
 * another, a candidate that is a page again being no feed.
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

/* ---- one feed into memory ---- */

struct load_state {
	struct feed_parser *parser;
	const struct fetch_response *resp;
	bool started;             /* the parser knows the response */
};

static int
load_sink(const char *data, size_t len, void *payload)
{
	struct load_state *ls = payload;

	if (!ls->started) {
		ls->started = true;
		if (load_parser_prepare(ls->parser, ls->resp) != LDN_OK)
			return LDN_ENOMEM;
	}
	return feed_parse_push(ls->parser, data, len);
}

/* Hands the response's status and validators to the caller. */
static void
load_report(struct load_extra *extra, struct fetch_response *resp)
{
	if (extra == NULL)
		return;
	extra->status = resp->status;
	extra->etag = resp->etag;
	extra->last_modified = resp->last_modified;
	resp->etag = NULL;
	resp->last_modified = NULL;
}

void
load_extra_free(struct load_extra *extra)
{
	if (extra == NULL)
		return;
	free(extra->etag);
	free(extra->last_modified);
	free(extra->discovered);
	extra->etag = NULL;
	extra->last_modified = NULL;
	extra->discovered = NULL;
}

/*
 * One fetch of src: a feed parsed into *out (NULL after a 304) under the
 * name `name` (the source's: src may be a feed its page led to), or an
 * HTML page left in *page (kind LOAD_PAGE) with its address in *page_url
 * (NULL for a path). The caller frees *page, always initialised.
 */
static int
load_once(const char *name, const char *src, const struct fetch_opts *fo, unsigned parse_flags,
	  struct load_extra *extra, struct feed **out, char **warning, struct load_body *page,
	  char **page_url, char **cause)
{
	struct fetch_response resp = {0};
	struct fetch_opts local = *fo;
	struct load_state ls = {NULL, &resp, false};
	char *fetch_cause = NULL;
	int st;

	*out = NULL;
	*page_url = NULL;
	load_body_init(page, &resp, load_sink, &ls);
	if ((st = feed_parse_new(&ls.parser, name, parse_flags)) != LDN_OK) {
		st = ldn_cause(cause, st, "out of memory");
		goto out;
	}
	if (extra != NULL && extra->on_article != NULL)
		feed_parse_set_article_cb(ls.parser, extra->on_article, extra->article_payload);
	/* The size cap guards against servers; a file the user names is read
	 * whole, however large (the parser streams it). */
	if (!url_is_web(src))
		local.max_bytes = ULLONG_MAX;
	st = fetch_run(src, &local, load_body_add, page, &resp, &fetch_cause);
	if (page->page_cut)
		st = LDN_OK;      /* enough of the page to search */
	if (st == LDN_OK && resp.status != 304)
		st = load_body_end(page);
	if (st == LDN_EPARSE) {
		/* The parser stopped the transfer. A malformed feed still yields
		 * the articles before the fault (finish says LDN_OK and warns);
		 * otherwise the parser's cause is the one to report, not the
		 * fetcher's "the receiver stopped". */
		st = feed_parse_finish(ls.parser, out, warning, cause);
		goto out;
	}
	if (st != LDN_OK) {
		/* Out of memory stops a transfer as "the receiver stopped". */
		if (st != LDN_ENOMEM && cause != NULL && *cause == NULL) {
			*cause = fetch_cause;
			fetch_cause = NULL;
		}
		st = ldn_cause(cause, st, "out of memory");
		goto out;
	}
	load_report(extra, &resp);
	/* Not modified: no body, nothing to parse, the cache is current. A 304
	 * to a request that asked nothing is the server's error. */
	if (resp.status == 304 && fo->etag == NULL && fo->last_modified == NULL) {
		st = ldn_cause(cause, LDN_EFETCH, "HTTP 304 Not Modified to an unconditional request");
		goto out;
	}
	if (resp.status == 304)
		goto out;
	if (page->kind == LOAD_PAGE) {
		*page_url = resp.effective_url;
		resp.effective_url = NULL;
		goto out;
	}
	st = feed_parse_finish(ls.parser, out, warning, cause);
out:
	free(fetch_cause);
	fetch_response_free(&resp);
	feed_parse_free(ls.parser);
	/* resp and ls end here: the caller keeps only the page's bytes. */
	page->resp = NULL;
	page->feed = NULL;
	page->payload = NULL;
	return st;
}

/* The page led to d: its candidates in turn, until one is a feed. */
static int
load_candidates(const char *name, const struct load_discovery *d, const struct fetch_opts *fo,
		unsigned parse_flags, struct load_extra *extra, struct feed **out,
		char **warning, char **cause)
{
	struct load_body page;
	char *url = NULL, *why = NULL;
	int st = LDN_EPARSE;
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(why);
		why = NULL;
		load_extra_free(extra);
		st = load_once(name, d->urls[i], fo, parse_flags, extra, out, warning, &page, &url,
			       &why);
		if (st == LDN_OK && page.kind == LOAD_PAGE)
			st = ldn_cause(&why, LDN_EPARSE, "an HTML page, not a feed");
		load_body_free(&page);
		free(url);
		if (st == LDN_OK || d->named)
			break;
	}
	if (st == LDN_OK && extra != NULL && (extra->discovered = strdup(d->urls[i])) == NULL) {
		feed_free(*out);
		*out = NULL;
		if (warning != NULL) {
			free(*warning);
			*warning = NULL;
		}
		st = ldn_cause(cause, LDN_ENOMEM, "out of memory");
	} else if (st != LDN_OK) {
		st = load_discover_fail(d, st, why, cause);
	}
	free(why);
	return st;
}

int
load_feed(const char *src, const struct fetch_opts *fo, unsigned parse_flags,
	  struct load_extra *extra, struct feed **out, char **warning, char **cause)
{
	struct load_discovery d = {0};
	struct load_body page;
	char *page_url = NULL;
	int st;

	st = load_once(src, src, fo, parse_flags, extra, out, warning, &page, &page_url, cause);
	if (st != LDN_OK || page.kind != LOAD_PAGE)
		goto out;
	st = load_discover(&d, &page, page_url != NULL ? page_url : src, cause);
	if (st == LDN_OK)
		st = load_candidates(src, &d, fo, parse_flags, extra, out, warning, cause);
out:
	load_discovery_free(&d);
	load_body_free(&page);
	free(page_url);
	return st;
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
