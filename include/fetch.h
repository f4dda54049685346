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

#include <stddef.h>

#include "status.h"

struct fetch_opts {
	long connect_timeout;          /* seconds to connect */
	long timeout;                  /* seconds for the whole transfer */
	long low_speed_time;           /* abort after this many seconds below
					* 1 byte/s; 0: never */
	unsigned long long max_bytes;  /* cap on the decoded body */
	const char *user_agent;        /* borrowed */
	/* Conditional GET validators to send, or NULL (borrowed). */
	const char *etag;
	const char *last_modified;
};

/* Defaults: 15 s connect, 60 s total, 30 s below 1 byte/s, 100 MiB, "ldnews/VERSION". o == NULL in
 * fetch_run() means these defaults. */
void fetch_opts_default(struct fetch_opts *o);

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
};

/* Once per process, before any fetch; LDN_OK or LDN_ENOMEM. */
int fetch_global_init(void) LDN_WUR;
void fetch_global_cleanup(void);

/*
 * Fetches `src`: an http://, https:// or file:// URL, or a path. Redirects
 * (at most 5, to http/https only) are followed; TLS is always verified.
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
/* (resp must be zeroed by the caller; the sink may read it while it runs.) */

void fetch_response_free(struct fetch_response *r);

#endif
