/*
 * load.h - one feed from its source to a struct feed: the fetch stage's
 * bytes streamed straight into the parser, so no whole document is held.
 */
#ifndef LDN_LOAD_H
#define LDN_LOAD_H

#include "article.h"
#include "fetch.h"
#include "status.h"

/*
 * Fetches `src` (URL or path) with `fo` and parses it with the
 * feed_parse flags `parse_flags`. fo->max_bytes applies to http(s) only:
 * paths and file:// URLs are the user's own files and are read whole. On LDN_OK *out is the feed and *warning
 * may hold a message about a malformed document (both the caller's).
 * Otherwise *cause says why, without naming src (callers prefix it).
 */
int load_feed(const char *src, const struct fetch_opts *fo, unsigned parse_flags,
	      struct feed **out, char **warning, char **cause) LDN_WUR;

#endif
