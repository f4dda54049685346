/*
 * fetch_int.h - fetch.c's internals, for fetch.c, fetch_multi.c and the
 * fetch unit test only (nothing else includes this file).
 *
 * One transfer is one struct fetch_xfer: fetch_xfer_init() configures its
 * easy handle, a driver runs it (curl_easy_perform() in fetch_run(), a
 * multi handle in fetch_multi.c), and fetch_xfer_done() turns the outcome
 * into a status and a one-line cause, so both drivers behave the same.
 *
 * The other helpers are static in the library. The unit test compiles
 * fetch.c a second time with -DLDN_UNITTEST, which makes them external so
 * that the tables can be checked without provoking every case on a network.
 */
#ifndef LDN_FETCH_INT_H
#define LDN_FETCH_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include <curl/curl.h>

#include "buf.h"
#include "fetch.h"

#ifdef LDN_UNITTEST
#define FETCH_STATIC
#else
#define FETCH_STATIC static
#endif

/*
 * What one response's header lines said, as far as scheduling and
 * redirects care. A status line starts a new response and resets it, so
 * after a redirect chain it describes the final response.
 */
struct fetch_hdrs {
	long code;           /* from the status line; 0 before one */
	long max_age;        /* Cache-Control max-age, -1 when absent */
	bool no_cache;       /* Cache-Control no-cache or no-store */
	bool has_expires;    /* an Expires header (a bad date: already stale) */
	time_t expires;      /* its date, 0 when it did not parse */
	time_t date;         /* Date, 0 when absent or bad */
	long age;            /* Age, 0 when absent */
	long retry_secs;     /* Retry-After in seconds, -1 when absent */
	time_t retry_date;   /* Retry-After as an HTTP date, 0 when absent */
	struct buf location; /* Location, empty when absent */
};

struct fetch_xfer {
	CURL *easy;
	struct curl_slist *headers;    /* request headers (validators) */
	struct fetch_opts opts;        /* copy; its strings are setup-only */
	fetch_sink_fn sink;
	void *payload;
	struct fetch_response *resp;   /* caller's, filled by fetch_xfer_done */
	int abort_status;              /* why the write callback stopped curl */
	char *abort_cause;             /* and its words, when it has them */
	struct timespec start;         /* CLOCK_MONOTONIC, for fetch_check_time */
	bool http_failed;              /* the body of a >= 400 reply arrived */
	struct buf reason;             /* latest status line's reason phrase */
	struct fetch_hdrs hdrs;        /* the latest response's headers */
	char *cur_url;                 /* the address the latest request went to */
	char *moved_to;                /* a permanent redirect's target so far */
	bool only_permanent;           /* every redirect so far was 301/308 */
	int oom;                       /* LDN_ENOMEM when a header copy failed */
	char errbuf[CURL_ERROR_SIZE];  /* curl's documented size */
};

/*
 * Sets up x for one transfer of `url` (http, https or file). Whatever it
 * returns, x must later go to fetch_xfer_free(). CURLOPT_PRIVATE is x.
 */
int fetch_xfer_init(struct fetch_xfer *x, const char *url, const struct fetch_opts *o,
		    fetch_sink_fn sink, void *payload, struct fetch_response *resp,
		    char **cause);

/* The transfer ended with rc: fills x->resp and returns its status. */
int fetch_xfer_done(struct fetch_xfer *x, CURLcode rc, char **cause);

void fetch_xfer_free(struct fetch_xfer *x);

/* The helpers below are fetch.c's own (fetch_multi.c sets this). */
#ifndef LDN_FETCH_XFER_ONLY

/* What is known about a failed transfer when its cause is written. */
struct fetch_fail {
	CURLcode rc;
	long os_errno;                 /* CURLINFO_OS_ERRNO, 0 if none */
	const char *host;              /* host of the URL that failed, or NULL */
	const char *errbuf;            /* curl's error buffer, maybe "" */
	long seconds;                  /* the timeout that ran out */
	unsigned long long max_bytes;  /* the size cap */
	bool stalled;                  /* the timeout was the low-speed one */
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

/* An empty header state (call once; fetch_hdrs_free releases it). */
FETCH_STATIC void fetch_hdrs_init(struct fetch_hdrs *h);
FETCH_STATIC void fetch_hdrs_free(struct fetch_hdrs *h);

/*
 * Takes one header line (with or without its CRLF): a status line resets
 * h for a new response; Cache-Control, Expires, Date, Age, Retry-After and
 * Location are read; anything else is ignored. LDN_OK, or LDN_ENOMEM when
 * the Location could not be kept.
 */
FETCH_STATIC int fetch_hdrs_line(struct fetch_hdrs *h, const char *line, size_t len);

/*
 * The scheduling hints of a response whose headers are h, received at
 * `now` (this machine's clock): *retry_after for a 429 or 503 with
 * Retry-After, *fresh_until from max-age (less Age) or Expires (against
 * Date). Each is 0 when there is none, else in (now, now + FETCH_HINT_MAX].
 */
FETCH_STATIC void fetch_hdrs_schedule(const struct fetch_hdrs *h, time_t now,
				      time_t *retry_after, time_t *fresh_until);

#endif /* LDN_FETCH_XFER_ONLY */

#endif
