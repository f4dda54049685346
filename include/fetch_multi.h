/*
 * fetch_multi.h - many fetches at once, over libcurl's multi interface,
 * driven on the calling thread.
 *
 * Each job is what one fetch_run() call would be: the same options, the
 * same sink contract (body bytes in order, a non-zero return stops that
 * transfer), the same statuses and causes, the same response. Limits: at
 * most max_total transfers run at once, and at most max_per_host to one
 * host (scheme, host and port): a job waits for a free slot before it
 * starts, so its timeouts only run while it really runs. Paths and file://
 * URLs are read as fetch_run() reads them, one at a time between network
 * events. One job failing never stops the others.
 */
#ifndef LDN_FETCH_MULTI_H
#define LDN_FETCH_MULTI_H

#include <stddef.h>

#include "fetch.h"
#include "status.h"

/* Connections at once, in all and to one host, when a limit is 0. */
#define FETCH_MULTI_MAX_TOTAL 8
#define FETCH_MULTI_MAX_PER_HOST 2

struct fetch_multi_limits {
	size_t max_total;     /* 0: FETCH_MULTI_MAX_TOTAL */
	size_t max_per_host;  /* 0: FETCH_MULTI_MAX_PER_HOST */
};

struct fetch_multi_job {
	/* In (borrowed; must stay valid until the job is done): */
	const char *src;              /* http(s) or file:// URL, or a path */
	struct fetch_opts opts;       /* as fetch_run() takes them */
	fetch_sink_fn sink;
	void *payload;                /* the sink's */
	void *user;                   /* the caller's, untouched */
	/* Out, set when the job is done (free with fetch_multi_job_clear): */
	int status;                   /* what fetch_run() would return */
	char *cause;                  /* one line on error, else NULL */
	struct fetch_response resp;   /* filled as fetch_run() fills it; the
				       * sink may read it while it runs */
};

/* Called once per job, as it finishes, on the calling thread. */
typedef void (*fetch_multi_done_fn)(struct fetch_multi_job *job, void *payload);

/*
 * Runs jobs[0..n) (in, as far as the limits allow, that order) and calls
 * done for each as it ends. `lim` may be NULL (the defaults). done is
 * called exactly once for every job, even when the run cannot go on:
 * then the jobs not finished get that failure (LDN_ENOMEM, or LDN_EFETCH
 * naming libcurl's error), and it is returned too; else LDN_OK, whatever
 * the jobs' own statuses.
 */
int fetch_multi_run(struct fetch_multi_job *jobs, size_t n,
		    const struct fetch_multi_limits *lim, fetch_multi_done_fn done,
		    void *payload) LDN_WUR;

/* Frees a job's cause and response (its inputs are the caller's). */
void fetch_multi_job_clear(struct fetch_multi_job *job);

#endif
