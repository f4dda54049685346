/*
 * load.c - the fetch -> feed_parse seam: a fetch sink that pushes each
 * chunk into the streaming parser as it arrives.
 */
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>

#include "feed_parse.h"
#include "load.h"
#include "url.h"

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
