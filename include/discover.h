/*
 * discover.h - feed autodiscovery, the pure part: the feeds an HTML page
 * names in its <link rel="alternate"> elements, the common feed paths of a
 * site, and a cheap test for "this response is an HTML page, not a feed".
 * Fetching the page and trying the candidates is the caller's.
 */
#ifndef LDN_DISCOVER_H
#define LDN_DISCOVER_H

#include <stdbool.h>
#include <stddef.h>

#include "status.h"

/*
 * The feeds an HTML page links to: every <link> whose rel holds the token
 * "alternate" (tokens are white-space separated, matched without regard
 * to case; "alternate stylesheet" is a style sheet, not a feed) and whose
 * type is application/rss+xml, application/atom+xml, application/feed+json
 * or application/json (parameters and case ignored), in document order,
 * duplicates removed. Each href is resolved against the page's first
 * <base href> (itself resolved against base_url), else base_url (may be
 * NULL). Only http and https results are kept, and file: ones when
 * base_url is a file: URL (a web page may not point the reader at the
 * user's files). The page is read by libxml2's HTML parser, network off,
 * recovering from errors, reporting none.
 *
 * On LDN_OK *urls holds *n malloc'd URLs (NULL-terminated; *urls is NULL
 * when *n is 0: a page without feeds is no error); free with
 * discover_free(). LDN_ENOMEM, or LDN_ELIMIT for a page over 2 GiB, with
 * *cause set.
 */
int discover_feeds(const char *html, size_t len, const char *base_url, char ***urls,
		   size_t *n, char **cause) LDN_WUR;

/* Frees what discover_feeds() returned; NULL is fine. */
void discover_free(char **urls, size_t n);

/*
 * The paths tried on a site whose page names no feed, in order:
 * /feed, /rss, /rss.xml, /feed.xml, /atom.xml, /index.xml. Static.
 */
const char *const *discover_common_paths(size_t *n);

/*
 * The URL of `path` (which starts with '/') at the root of base_url's site:
 * scheme, user info, host and port kept, path replaced, query and fragment
 * dropped. For an http or https base only. LDN_OK (*out malloc'd),
 * LDN_EUSAGE (base_url is no http(s) URL) or LDN_ENOMEM.
 */
int discover_candidate(const char *base_url, const char *path, char **out) LDN_WUR;

/* How far into a document its XML declaration may come after junk. */
#define DISCOVER_JUNK_MAX 1024

/*
 * The XML declaration ("<?xml" and a blank) among the first
 * DISCOVER_JUNK_MAX bytes of s[0..len), or NULL. A broken script prints its
 * warning ("<br />\n<b>Warning</b>: ...") before the feed it then sends; a
 * declaration is only ever first, so what comes before it is that junk.
 */
const char *discover_xml_decl(const char *s, size_t len);

/*
 * Whether a response whose body starts with prefix[0..len) is an HTML page
 * rather than a feed. The bytes decide when they can: after a BOM, blanks,
 * processing instructions (<?xml ...?>, <?xml-stylesheet ...?>) and
 * comments, an HTML doctype or an <html>, <head>, <body>... tag is HTML; an
 * <rss>, <feed> or <rdf:RDF> root, another doctype, or a '{' is not. When
 * they cannot (too short, something else), the Content-Type decides:
 * (junk before an XML declaration is skipped: discover_xml_decl)
 * text/html or application/xhtml+xml. content_type may be NULL.
 */
bool discover_looks_like_html(const char *prefix, size_t len, const char *content_type);

#endif
