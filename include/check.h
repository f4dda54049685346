/*
 * check.h - `ldnews --check-feed URL`: one feed fetched through the
 * engine (sync.h) with every header shown, then what the parser made of
 * it; the diagnostic a user needs when a feed misbehaves. It never reads
 * or writes the cache (nothing is sent conditionally, no Retry-After is
 * kept): it shows what the server does now.
 */
#ifndef LDN_CHECK_H
#define LDN_CHECK_H

#include <stdio.h>

#include "fetch.h"
#include "status.h"

/*
 * Fetches `src` (URL or path) with `fo` and writes to `out`: libcurl's
 * account of the connection ("* "), every request header sent ("> ") and
 * every response's status line and headers ("< "), redirects followed in
 * order, then the final status, address, type and size, the scheduling
 * hints (permanent move, freshness, Retry-After), for each transfer
 * (an HTML page is searched for its feed as sync_feeds does for every
 * mode, and the feed it names, or the site's common feed paths, fetched
 * in turn: then "feed found on the page: URL"), and what was parsed:
 * format, title, article count, date range, tags with counts, and every
 * warning. Text from the network is sanitized (text.h) on its way out;
 * credentials are not shown (a URL's user information and the value of
 * an Authorization or Proxy-Authorization header print as "***").
 * The account is written whether or not the feed works. Returns LDN_OK
 * when the feed parsed, else the fetch's or the parser's status with
 * *cause (one line, not naming src, credentials hidden).
 */
int check_feed(FILE *out, const char *src, const struct fetch_opts *fo, char **cause) LDN_WUR;

#endif
