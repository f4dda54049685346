/*
 * load.h - the pieces between a fetch and the parser that the engine
 * (sync.h) puts together: the body's bytes streamed straight into the
 * parser (so no whole document is held) or into a spool parsed later; an
 * HTML page told from a feed by its first bytes, and the feeds it leads
 * to found by autodiscovery (discover.h). The only way from a source to
 * its articles is sync_feeds().
 */
#ifndef LDN_LOAD_H
#define LDN_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "article.h"
#include "buf.h"
#include "feed_parse.h"
#include "fetch.h"
#include "status.h"

/* What a caller may add to a parse (load_parse). All optional. */
struct load_extra {
	/* Runs as each article completes (see feed_parse_set_article_cb). */
	feed_parse_article_fn on_article;
	void *article_payload;
	/* Its stop flag and timeout bound the parse of the spool as they
	 * bound a fetch (fetch_check_time, from the start of the parse), or
	 * NULL. */
	const struct fetch_opts *bounds;
};

/*
 * Readies a parser for a response's body, before the first push: relative
 * links resolve against the address a redirect led to (effective_url),
 * and the Content-Type's charset is the encoding. LDN_OK or LDN_ENOMEM.
 */
int load_parser_prepare(struct feed_parser *p, const struct fetch_response *resp) LDN_WUR;

/* ---- a page or a feed ---- */

/* Body bytes looked at (with the Content-Type) to tell a page from a feed. */
#define LOAD_SNIFF 1024
/* The most of an HTML page read to search for feeds; the rest is not. */
#define LOAD_PAGE_MAX (2u << 20)

enum load_kind {
	LOAD_UNKNOWN,   /* fewer than LOAD_SNIFF bytes so far */
	LOAD_FEED,      /* the bytes go on to the feed sink */
	LOAD_PAGE       /* an HTML page: kept in `bytes` */
};

/*
 * A response body told apart as it arrives (discover_looks_like_html):
 * its first LOAD_SNIFF bytes are held back until they decide; then a
 * feed's bytes, those first, go on to the caller's sink in order, and an
 * HTML page's are kept, up to LOAD_PAGE_MAX.
 */
struct load_body {
	enum load_kind kind;
	struct buf bytes;       /* held back while UNKNOWN; the page when PAGE */
	bool page_cut;          /* the page passed LOAD_PAGE_MAX: the transfer
				 * was stopped there (the fetch's LDN_ELIMIT
				 * then is no failure) */
	const struct fetch_response *resp;  /* its Content-Type */
	fetch_sink_fn feed;
	void *payload;          /* the feed sink's */
};

void load_body_init(struct load_body *b, const struct fetch_response *resp,
		    fetch_sink_fn feed, void *payload);
/* A fetch sink; its payload is the struct load_body. */
int load_body_add(const char *data, size_t len, void *payload);
/* The body ended: decides with what came, handing a feed's held bytes on.
 * LDN_OK or the feed sink's status. */
int load_body_end(struct load_body *b);
void load_body_free(struct load_body *b);

/* Where an HTML page leads: the URLs to try, in order. */
struct load_discovery {
	char **urls;
	size_t n;
	bool named;   /* urls[0] (the only one) is the first feed the page
		       * names; else the site's common feed paths */
};

/*
 * The candidates of the page b->bytes (a LOAD_PAGE) read from page_url:
 * its first <link rel=alternate> feed, else the common feed paths of an
 * http(s) page's site (none for a page from a file). LDN_OK or LDN_ENOMEM
 * with *cause; free with load_discovery_free.
 */
int load_discover(struct load_discovery *d, const struct load_body *page,
		  const char *page_url, char **cause) LDN_WUR;

/*
 * No candidate was a feed: sets *cause ("no feed found: the page names
 * none, and none of /feed, ... is a feed"; or, for a named feed, its URL
 * and `why` it failed) and returns the status to report (st for a named
 * feed, else LDN_EPARSE).
 */
int load_discover_fail(const struct load_discovery *d, int st, const char *why,
		       char **cause);

void load_discovery_free(struct load_discovery *d);

/* ---- a body kept for a later parse ---- */

/*
 * A fetched body kept for a later parse: its first bytes in memory, the
 * rest in an unlinked temporary file in $TMPDIR (else /tmp). A long body
 * then costs no memory, and whoever parses it into the cache need not
 * hold the cache's write lock while a slow server sends it.
 */
struct load_spool;

/* An empty spool. LDN_OK or LDN_ENOMEM. */
int load_spool_new(struct load_spool **out) LDN_WUR;

/* Appends body bytes in order. LDN_OK, LDN_ENOMEM, or LDN_EIO when the
 * temporary file cannot be made or written, with *cause. */
int load_spool_add(struct load_spool *sp, const char *data, size_t len,
		   char **cause) LDN_WUR;

/* The body is complete: writes out what waits and keeps what the parse
 * needs of the response (its final address and charset). */
int load_spool_end(struct load_spool *sp, const struct fetch_response *resp,
		   char **cause) LDN_WUR;

/*
 * Parses a complete spool as the body would have been parsed as it came
 * (src names the feed; extra->on_article runs for each article): on
 * LDN_OK *out is the feed and *warning may say it was malformed (both
 * the caller's); else *cause says why, without naming src. The spool can
 * be parsed again.
 */
int load_parse(struct load_spool *sp, const char *src, unsigned parse_flags,
	       struct load_extra *extra, struct feed **out, char **warning,
	       char **cause) LDN_WUR;

/* NULL is a no-op. */
void load_spool_free(struct load_spool *sp);

#endif
