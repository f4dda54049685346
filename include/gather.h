/*
 * gather.h - the articles one run works on: its feeds refreshed into the
 * cache (sync) and read back from it one at a time. Every run has a
 * cache: the file, or one in memory (--no-cache; a kiosk's copy of the
 * file, which is only read). All feeds are fetched at once (sync_feeds).
 * Errors for single feeds are printed as they happen (one line each,
 * naming the feed), and so are a permanent redirect (once: the cache
 * follows it from then on) and a feed left alone for the server's
 * Retry-After; the return value says whether anything is left to show.
 *
 * A headless run is not a forced refresh: a feed still fresh by its
 * server's Cache-Control or Expires or its own ttl is read from the cache
 * without asking the server (so --list then --show N see the same cache),
 * unless `force` is set. It runs on the caller's thread (the engine's
 * callbacks on its merger thread, one at a time).
 */
#ifndef LDN_GATHER_H
#define LDN_GATHER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "article.h"
#include "plan.h"
#include "status.h"
#include "store.h"

/* What a headless run adds to its plan (plan.h): the settings are the
 * plan's alone. */
struct gather_opts {
	const struct plan *plan;    /* the feeds, fetching, the cache (borrowed) */
	bool force;                 /* fetch even feeds still fresh */
	FILE *err;                  /* where per-feed errors go (stderr) */
};

/*
 * Opens the cache per the plan (--cache, XDG default, --reset-cache). A
 * cache that cannot be written is opened read-only when possible, with a
 * note on o->err and *readonly set (then nothing is fetched). A kiosk's
 * file is only read, into a copy in memory (store_open_shared) that its
 * fetches go to; --no-cache gives an empty one. LDN_OK or the store's
 * error with *cause.
 */
int gather_open_store(const struct gather_opts *o, struct store **out, bool *readonly,
		      char **cause) LDN_WUR;

/*
 * The plan's feeds fetched into the cache (unless offline or read-only),
 * then its articles of those feeds one at a time in view order (query.h),
 * in constant memory, with the config's names and tags laid over each,
 * and *total, how many will come. The cache is read from the first
 * gather_stream_next on (until then the caller may still write it, e.g.
 * store_index_pending). LDN_OK when there is something to show or at
 * least one feed could be read; else LDN_EFETCH (all failed, nothing
 * cached) with *cause set when no per-feed line said why.
 */
struct gather_stream;

int gather_stream_open(const struct gather_opts *o, struct store *s, bool readonly,
		       struct gather_stream **out, size_t *total, char **cause) LDN_WUR;
/* The next article (the caller frees it), or *out NULL at the end. */
int gather_stream_next(struct gather_stream *gs, struct article **out, char **cause) LDN_WUR;
/* Back to the first article (no fetch): a second pass over the list. */
void gather_stream_rewind(struct gather_stream *gs);
/* NULL is a no-op. */
void gather_stream_free(struct gather_stream *gs);

#endif
