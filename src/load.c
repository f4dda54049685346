/*
 * load.c - the fetch -> feed_parse seam: a fetch sink that pushes each
 * chunk into the streaming parser as it arrives, or into a spool that is
 * parsed once the transfer is over.
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
};

struct load_state {
	struct feed_parser *parser;
	const struct fetch_response *resp;
	const struct load_extra *extra;
	bool based;               /* the redirect target was handed over */
};

static int
load_sink(const char *data, size_t len, void *payload)
{
	struct load_state *ls = payload;

	/* After a redirect, relative links are relative to where we landed. */
	if (!ls->based) {
		ls->based = true;
		if (ls->resp->effective_url != NULL &&
		    feed_parse_set_base(ls->parser, ls->resp->effective_url) != LDN_OK)
			return LDN_ENOMEM;
	}
	if (ls->extra != NULL && ls->extra->tap != NULL)
		ls->extra->tap(data, len, ls->extra->tap_payload);
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
	extra->etag = NULL;
	extra->last_modified = NULL;
}

int
load_feed(const char *src, const struct fetch_opts *fo, unsigned parse_flags,
	  struct load_extra *extra, struct feed **out, char **warning, char **cause)
{
	struct feed_parser *p = NULL;
	struct fetch_response resp = {0};
	struct fetch_opts local;
	struct load_state ls;
	char *fetch_cause = NULL;
	int st;

	*out = NULL;
	st = feed_parse_new(&p, src, parse_flags);
	if (st != LDN_OK)
		goto out;
	if (extra != NULL && extra->on_article != NULL)
		feed_parse_set_article_cb(p, extra->on_article, extra->article_payload);
	/* The size cap guards against servers; a file the user names is read
	 * whole, however large (the parser streams it). */
	local = *fo;
	if (!url_is_web(src))
		local.max_bytes = ULLONG_MAX;
	ls.parser = p;
	ls.resp = &resp;
	ls.extra = extra;
	ls.based = false;
	st = fetch_run(src, &local, load_sink, &ls, &resp, &fetch_cause);
	if (st == LDN_EPARSE) {
		/* The parser stopped the transfer. A malformed feed still yields
		 * the articles before the fault (finish says LDN_OK and warns);
		 * otherwise the parser's cause is the one to report, not the
		 * fetcher's "the receiver stopped". */
		st = feed_parse_finish(p, out, warning, cause);
		goto out;
	}
	if (st != LDN_OK) {
		if (cause != NULL && *cause == NULL) {
			*cause = fetch_cause;
			fetch_cause = NULL;
		}
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
	st = feed_parse_finish(p, out, warning, cause);
out:
	free(fetch_cause);
	fetch_response_free(&resp);
	feed_parse_free(p);
	return st;
}

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
	free(sp);
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

static int
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

struct load_spooler {
	struct load_spool *sp;
	const struct load_extra *extra;
	char *cause;           /* why the spool refused bytes */
};

static int
load_spool_sink(const char *data, size_t len, void *payload)
{
	struct load_spooler *ls = payload;

	if (ls->extra != NULL && ls->extra->tap != NULL)
		ls->extra->tap(data, len, ls->extra->tap_payload);
	return load_spool_add(ls->sp, data, len, &ls->cause);
}

int
load_fetch(struct load_spool **out, const char *src, const struct fetch_opts *fo,
	   struct load_extra *extra, char **cause)
{
	struct fetch_response resp = {0};
	struct fetch_opts local = *fo;
	struct load_spooler ls = {NULL, extra, NULL};
	char *fetch_cause = NULL;
	int st;

	*out = NULL;
	if ((ls.sp = calloc(1, sizeof(*ls.sp))) == NULL)
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	buf_init(&ls.sp->head, LOAD_SPOOL_MEM);
	buf_init(&ls.sp->out, LOAD_SPOOL_WRITE);
	ls.sp->fd = -1;
	/* As in load_feed: the user's own files are read whole. */
	if (!url_is_web(src))
		local.max_bytes = ULLONG_MAX;
	st = fetch_run(src, &local, load_spool_sink, &ls, &resp, &fetch_cause);
	if (st == LDN_OK && ls.sp->fd >= 0)
		st = load_spool_flush(ls.sp, &ls.cause);
	if (st != LDN_OK) {
		if (cause != NULL && *cause == NULL) {
			*cause = ls.cause != NULL ? ls.cause : fetch_cause;
			if (*cause == ls.cause)
				ls.cause = NULL;
			else
				fetch_cause = NULL;
		}
		goto out;
	}
	load_report(extra, &resp);
	if (resp.status == 304 && fo->etag == NULL && fo->last_modified == NULL) {
		st = ldn_cause(cause, LDN_EFETCH, "HTTP 304 Not Modified to an unconditional request");
		goto out;
	}
	if (resp.status == 304)
		goto out;
	ls.sp->base = resp.effective_url;
	resp.effective_url = NULL;
	*out = ls.sp;
	ls.sp = NULL;
out:
	free(ls.cause);
	free(fetch_cause);
	fetch_response_free(&resp);
	load_spool_free(ls.sp);
	return st;
}

/* Pushes the spool's file part; LDN_EPARSE/LDN_ENOMEM when the parser stopped. */
static int
load_parse_file(struct load_spool *sp, struct feed_parser *p, char **cause)
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
	struct feed_parser *p = NULL;
	int st;

	*out = NULL;
	if ((st = feed_parse_new(&p, src, parse_flags)) != LDN_OK ||
	    (sp->base != NULL && (st = feed_parse_set_base(p, sp->base)) != LDN_OK)) {
		st = ldn_cause(cause, st, "out of memory");
		goto out;
	}
	if (extra != NULL && extra->on_article != NULL)
		feed_parse_set_article_cb(p, extra->on_article, extra->article_payload);
	if (sp->head.len > 0)
		st = feed_parse_push(p, sp->head.data, sp->head.len);
	if (st == LDN_OK && sp->fd >= 0)
		st = load_parse_file(sp, p, cause);
	/* A parser that stopped still finishes: a malformed feed keeps the
	 * articles before its fault (feed_parse_finish says which). */
	if (st == LDN_OK || st == LDN_EPARSE || st == LDN_ENOMEM)
		st = feed_parse_finish(p, out, warning, cause);
out:
	feed_parse_free(p);
	return st;
}
