/*
 * url.h - URL helpers on top of libcurl's CURLU API.
 */
#ifndef LDN_URL_H
#define LDN_URL_H

#include <stdbool.h>

#include "status.h"

/*
 * Resolves `ref` against `base` (RFC 3986). When base is NULL or either
 * does not parse, *out is a copy of ref. Returns LDN_OK or LDN_ENOMEM; the
 * caller frees *out.
 */
int url_resolve(const char *base, const char *ref, char **out) LDN_WUR;

/* True for an absolute http:// or https:// URL (case-insensitive scheme). */
bool url_is_web(const char *url);

/* True when s starts with "scheme:" (an RFC 3986 scheme then a colon). */
bool url_has_scheme(const char *s);

/*
 * The file a local source names, as one form whoever wrote it: an
 * absolute path as it is, a file: URL's path (its host empty or
 * "localhost", its %XX decoded); NULL for anything else (a web URL) or
 * when out of memory. Two sources read the same file when these are
 * equal. Caller frees.
 */
char *url_local_path(const char *src);

/*
 * A copy of the text s (a URL, or a line that holds URLs) where every
 * URL's user information (the "user:password@" before its host) becomes
 * "***@", for output a user pastes into a bug report. Caller frees; NULL
 * on allocation failure.
 */
char *url_hide_userinfo(const char *s);

#endif
