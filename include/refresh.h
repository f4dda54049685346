/*
 * refresh.h - loading feeds on a background thread, so an interactive
 * front end keeps answering keys while the network works.
 *
 * The worker runs load_feed() for every source and queues one result per
 * source. The front end polls with refresh_poll() from its own loop; it
 * never blocks on the network. One refresh runs at a time per handle.
 */
#ifndef LDN_REFRESH_H
#define LDN_REFRESH_H

#include <stdbool.h>
#include <stddef.h>

#include "article.h"
#include "fetch.h"
#include "status.h"

struct refresh;

/* The outcome for one source; all fields owned by the result. */
struct refresh_result {
	char *src;        /* the source as given */
	int status;       /* LDN_OK or the load_feed error */
	struct feed *feed;/* on LDN_OK */
	char *warning;    /* malformed-feed warning or NULL */
	char *cause;      /* on error */
};

/*
 * Creates a handle for `nsrc` sources (copied) fetched with `fo` (copied;
 * its strings must outlive the handle) and feed_parse flags. LDN_OK or
 * LDN_ENOMEM.
 */
int refresh_new(struct refresh **out, const char *const *srcs, size_t nsrc,
		const struct fetch_opts *fo, unsigned parse_flags) LDN_WUR;

/* Starts a background refresh; false when one is already running. */
bool refresh_start(struct refresh *r);

/* True while the worker runs. done/total report progress. */
bool refresh_running(struct refresh *r, size_t *done, size_t *total);

/*
 * Takes the next finished result, if any (caller frees it with
 * refresh_result_free). Never blocks.
 */
struct refresh_result *refresh_poll(struct refresh *r);

void refresh_result_free(struct refresh_result *res);

/* Waits for a running worker and frees everything. NULL is a no-op. */
void refresh_free(struct refresh *r);

#endif
