/*
 * load.h - one feed from its source to a struct feed: the fetch stage's
 * bytes streamed straight into the parser, so no whole document is held.
 */
#ifndef LDN_LOAD_H
#define LDN_LOAD_H

#include <stddef.h>

#include "article.h"
#include "feed_parse.h"
#include "fetch.h"
#include "status.h"

/* What a caller may add to a load, and learn from it. All optional. */
struct load_extra {
	/* In: sees every body byte, before the parser does (a body hash). */
	void (*tap)(const char *data, size_t len, void *payload);
	void *tap_payload;
	/* In: runs as each article completes (see feed_parse_set_article_cb). */
	feed_parse_article_fn on_article;
	void *article_payload;
	/* Out: the HTTP status (200 for files) and the response's validators
	 * (NULL when absent; free with load_extra_free). */
	long status;
	char *etag;
	char *last_modified;
};

/*
 * Fetches `src` (URL or path) with `fo` and parses it with the feed_parse
 * flags `parse_flags`. fo->max_bytes applies to http(s) only: paths and
 * file:// URLs are the user's own files and are read whole. On LDN_OK *out
 * is the feed and *warning may hold a message about a malformed document
 * (both the caller's); after a 304 Not Modified (fo carried validators)
 * *out is NULL and extra->status is 304. Otherwise *cause says why, without
 * naming src (callers prefix it). `extra` may be NULL.
 */
int load_feed(const char *src, const struct fetch_opts *fo, unsigned parse_flags,
	      struct load_extra *extra, struct feed **out, char **warning,
	      char **cause) LDN_WUR;

/* Frees the strings load_feed put into extra. */
void load_extra_free(struct load_extra *extra);

/*
 * A fetched body kept for a later parse: its first bytes in memory, the
 * rest in an unlinked temporary file in $TMPDIR (else /tmp). A long body
 * then costs no memory, and whoever parses it into the cache need not
 * hold the cache's write lock while a slow server sends it.
 */
struct load_spool;

/*
 * Fetches `src` as load_feed() does, into a spool instead of a parser:
 * extra->tap sees every byte, extra->on_article is not used. On LDN_OK
 * *out is the spool (free with load_spool_free), or NULL after a 304 Not
 * Modified. Errors as load_feed's, and LDN_EIO when the temporary file
 * cannot be made or written.
 */
int load_fetch(struct load_spool **out, const char *src, const struct fetch_opts *fo,
	       struct load_extra *extra, char **cause) LDN_WUR;

/*
 * Parses a spool as load_feed() would have parsed the body as it came
 * (src names the feed; extra->on_article runs for each article; the
 * status and validators of `extra` are left alone). Results as
 * load_feed's. The spool can be parsed again.
 */
int load_parse(struct load_spool *sp, const char *src, unsigned parse_flags,
	       struct load_extra *extra, struct feed **out, char **warning,
	       char **cause) LDN_WUR;

/* NULL is a no-op. */
void load_spool_free(struct load_spool *sp);

#endif
