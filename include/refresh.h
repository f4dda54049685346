/*
 * refresh.h - loading feeds on a background thread, so an interactive
 * front end keeps answering keys while the network and the disk work.
 * Every fetch goes through the engine (sync_feeds, sync.h).
 *
 * The worker opens a connection of its own to the front end's cache (a
 * file, or one in memory: --no-cache, a kiosk), syncs every source into
 * it (conditional GET, one merge each), indexes the new text, and queues
 * how each source went and which feeds it merged; it reads no article.
 * The front end shows the cache through its own connection (model.h) and
 * reads the merged feeds again. All sources are fetched at once
 * (sync_feeds), and each result is queued as its source finishes. The
 * front end polls with refresh_poll() from its own loop; it never blocks
 * on the network. One refresh runs at a time; a read-only cache (it could
 * not be written) or --offline fetches nothing.
 *
 * A refresh leaves alone a feed its server asked to leave
 * (Retry-After) and, unless forced (refresh_start_forced: the reader's
 * `R`), a feed still fresh (Cache-Control, Expires, its ttl).
 */
#ifndef LDN_REFRESH_H
#define LDN_REFRESH_H

#include <stdbool.h>
#include <stddef.h>

#include "article.h"
#include "model.h"
#include "plan.h"
#include "source.h"
#include "status.h"
#include "store.h"

struct refresh;

/*
 * The worker's messages, in the order it queues them (a FIFO): one
 * SOURCE_DONE per source as it ends; then, when the run merged a feed,
 * one CHANGED naming the feeds merged (their articles are for the front
 * end to read again: a run of 304s, unchanged bodies and failures sends
 * none); COUNTS, the counts of the whole cache (model_count: a few
 * hundred milliseconds over a million articles, which the front end's
 * thread never spends), before the first run's fetches and after any run
 * that merged; RUN_FAILED says why a run could not do its work (the cache
 * would not open or be counted) or stopped short (every source still has
 * its SOURCE_DONE).
 */
enum refresh_kind {
	REFRESH_SOURCE_DONE,
	REFRESH_CHANGED,
	REFRESH_COUNTS,
	REFRESH_RUN_FAILED
};

/* REFRESH_SOURCE_DONE: how one source went. */
struct refresh_source {
	char *src;        /* the source as given */
	int status;       /* LDN_OK or the error */
	char *cause;      /* on error */
	char *warning;    /* a malformed-feed warning, or NULL */
	char *discovered; /* src was a page and this feed was found there (said
			   * once: later runs go straight to it), or NULL */
	char *moved_to;   /* the feed moved permanently to this address (said
			   * once; later refreshes fetch it from there) */
	char *note;       /* not fetched, and why: "not before 14:05
			   * (Retry-After)", "fresh until ..." */
	size_t inserted;  /* articles new to the cache its merge brought */
};

/* REFRESH_CHANGED: the feeds whose articles changed in the cache. */
struct refresh_changed {
	char **feeds;     /* NULL: every feed */
	size_t nfeeds;
};

/* REFRESH_RUN_FAILED: why, one line ("cache: ..." is the front end's). */
struct refresh_failure {
	int status;
	char *cause;
};

/* A message from the worker; everything in it is owned by it. */
struct refresh_result {
	enum refresh_kind kind;
	union {
		struct refresh_source source;
		struct refresh_changed changed;
		struct model_counts counts;
		struct refresh_failure failure;
	} u;
};

/*
 * A handle that refreshes the plan's feeds (plan.h: the feeds and their
 * settings, fetching, retention, offline) into the front end's cache
 * `front` (borrowed: it must outlive the handle; the worker opens a
 * connection of its own to it: store_open_another), only read when
 * `readonly` (it could not be written). The plan is borrowed and must
 * outlive the handle.
 */
int refresh_new(struct refresh **out, const struct plan *p, const struct store *front,
		bool readonly) LDN_WUR;

/* Starts a background refresh; false when one is already running. */
bool refresh_start(struct refresh *r);
/* The same, fetching feeds still fresh too (never before a Retry-After). */
bool refresh_start_forced(struct refresh *r);

/* True while the worker runs. done/total report progress over sources. */
bool refresh_running(struct refresh *r, size_t *done, size_t *total);
/* The same, with how many of the sources done failed (may be NULL). */
bool refresh_progress(struct refresh *r, size_t *done, size_t *total, size_t *failed);

/*
 * Takes the next finished result, if any (caller frees it with
 * refresh_result_free). Never blocks.
 */
struct refresh_result *refresh_poll(struct refresh *r);

void refresh_result_free(struct refresh_result *res);

/* Waits for a running worker and frees everything. NULL is a no-op. */
void refresh_free(struct refresh *r);

#endif
