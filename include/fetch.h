/*
 * fetch.h - getting a feed's bytes: http(s) and file:// URLs through
 * libcurl, plain paths straight from the file system.
 *
 * Bytes are handed to a sink as they arrive (decoded when the server
 * compressed them), so a streaming parser never needs the whole document
 * in memory. The fetcher never draws and never parses.
 */
#ifndef LDN_FETCH_H
#define LDN_FETCH_H

#include <stdatomic.h>
#include <stddef.h>
#include <time.h>

#include "status.h"

/* What a trace callback is shown (fetch_opts.trace). */
enum fetch_trace_kind {
	FETCH_TRACE_INFO,      /* what libcurl says it does ("Connected to ...") */
	FETCH_TRACE_SENT,      /* one request header line, as sent */
	FETCH_TRACE_RECEIVED   /* one response header line (status lines too;
				* an empty line ends each response's headers) */
};

/*
 * Called with one line at a time, without its line end; the text is the
 * network's (hostile) and not NUL-terminated.
 */
typedef void (*fetch_trace_fn)(enum fetch_trace_kind kind, const char *line,
			       size_t len, void *payload);

struct fetch_opts {
	long connect_timeout;          /* seconds to connect */
	long timeout;                  /* seconds for the whole transfer */
	long low_speed_time; /* seconds below 1 byte/s before giving up; 0: none */
	unsigned long long max_bytes;  /* cap on the decoded body */
	const char *user_agent;        /* borrowed */
	/* Conditional GET validators to send, or NULL (borrowed). */
	const char *etag;
	const char *last_modified;
	/* Sees every header sent and received (--check-feed), or NULL. */
	fetch_trace_fn trace;
	void *trace_payload;
	/* Another thread sets *stop to make the fetch give up at once (a
	 * reader quitting): between two chunks of the body, or within a
	 * second while the network is silent. NULL: never. */
	const atomic_bool *stop;
};

/* Defaults: 15 s connect, 60 s total, 30 s stalled, 100 MiB,
 * "ldnews/VERSION". o == NULL in fetch_run() means these defaults. */
void fetch_opts_default(struct fetch_opts *o);

/* The longest a server can put off the next fetch (Retry-After) or make
 * a response count as fresh (max-age, Expires, a feed's ttl): one day, so
 * one wrong header never silences a feed for good. */
#define FETCH_HINT_MAX (24L * 3600)

/*
 * Receives body bytes in order. A non-zero return (a negative ldn_status)
 * aborts the transfer and becomes fetch_run()'s return value.
 */
typedef int (*fetch_sink_fn)(const char *data, size_t len, void *payload);

struct fetch_response {
	long status;               /* HTTP status; 200 for files */
	char *content_type;        /* Content-Type header or NULL */
	char *effective_url;       /* after redirects; NULL for paths. Set
				    * before the sink sees the first byte. */
	char *etag;                /* ETag or NULL */
	char *last_modified;       /* Last-Modified or NULL */
	unsigned long long bytes;  /* decoded body bytes handed to the sink */
	/* Scheduling hints of the final response, as times on this machine's
	 * clock (a server's dates count from its own Date header), capped at
	 * FETCH_HINT_MAX ahead; 0 when absent. */
	time_t retry_after;        /* 429 or 503: do not ask before this */
	time_t fresh_until;        /* Cache-Control max-age, else Expires */
	/* Where the first redirects led while each was permanent (301, 308):
	 * the feed's new address, or NULL. Only set when the fetch worked. */
	char *moved_to;
};

/* Once per process, before any fetch; LDN_OK or LDN_ENOMEM. */
int fetch_global_init(void) LDN_WUR;
void fetch_global_cleanup(void);

/*
 * Fetches `src`: an http://, https:// or file:// URL, or a path. Redirects
 * (at most 5, to http/https only) are followed; TLS is always verified;
 * every content coding this libcurl decodes is accepted (gzip, deflate,
 * brotli, zstd); proxies come from the environment (http_proxy, ...,
 * no_proxy), as libcurl reads them. Timeouts: connecting, the whole
 * transfer, and a stall (under 1 byte/s for low_speed_time seconds).
 * On LDN_OK the whole body went to the sink (a 304 reply sends nothing and
 * leaves resp->status 304). Otherwise the status is LDN_EFETCH (HTTP status
 * >= 400, DNS, connection, TLS, timeout), LDN_ELIMIT (size cap), LDN_EIO (a
 * path that cannot be read), LDN_EUSAGE (unsupported scheme) or the sink's
 * own status, with *cause set to one line naming the cause but not the URL.
 * `resp` is filled as far as known either way; free it with
 * fetch_response_free().
 */
int fetch_run(const char *src, const struct fetch_opts *o, fetch_sink_fn sink,
	      void *payload, struct fetch_response *resp, char **cause) LDN_WUR;
/* (resp is zeroed first; the sink may read it while it runs: effective_url
 * and content_type are set before the sink sees the first byte, so a
 * parser can take the final address and the charset from them.) */

void fetch_response_free(struct fetch_response *r);

/*
 * Whether work on a feed that began at `start` (CLOCK_MONOTONIC) must end
 * now: o->stop is set, or o->timeout seconds (when > 0) have gone. The
 * fetch asks it between chunks (libcurl checks its timeout only between
 * its own reads: not within a long sink call, nor for a file:// URL or a
 * path), and so does the parse of a spooled body. LDN_OK to go on, else
 * LDN_EFETCH with *cause ("stopped", "timed out after N s").
 */
int fetch_check_time(const struct fetch_opts *o, const struct timespec *start,
		     char **cause) LDN_WUR;

#endif
