/*
 * fetch_int.h - fetch.c's internal helpers, for fetch.c and its unit test
 * only (nothing else includes this file).
 *
 * The helpers are static in the library. The unit test compiles fetch.c a
 * second time with -DLDN_UNITTEST, which makes them external so that the
 * cause tables can be checked without provoking every failure on a network.
 */
#ifndef LDN_FETCH_INT_H
#define LDN_FETCH_INT_H

#include <stddef.h>

#include <curl/curl.h>

#include "buf.h"

#ifdef LDN_UNITTEST
#define FETCH_STATIC
#else
#define FETCH_STATIC static
#endif

/* What is known about a failed transfer when its cause is written. */
struct fetch_fail {
	CURLcode rc;
	long os_errno;                 /* CURLINFO_OS_ERRNO, 0 if none */
	const char *host;              /* host of the URL that failed, or NULL */
	const char *errbuf;            /* curl's error buffer, maybe "" */
	long seconds;                  /* the timeout that ran out */
	unsigned long long max_bytes;  /* the size cap */
};

/* Maps a failed transfer to its status, setting *cause (one line). */
FETCH_STATIC int fetch_curl_cause(const struct fetch_fail *f, char **cause);

/* "HTTP 404 Not Found", or "HTTP 404" without a reason; LDN_EFETCH. */
FETCH_STATIC int fetch_http_cause(long code, const char *reason, char **cause);

/* The size cap's cause: "response larger than the 100 MiB limit". */
FETCH_STATIC int fetch_limit_cause(unsigned long long max, char **cause);

/*
 * If the header line is a status line ("HTTP/1.1 404 Not Found\r\n"),
 * replaces `reason` with its printable reason phrase and returns 1; else
 * returns 0 and leaves `reason` alone.
 */
FETCH_STATIC int fetch_status_line(const char *line, size_t len, struct buf *reason);

#endif
