/*
 * sync_memo.h - what sync_feeds() knows of each feed between runs when
 * no cache is written: the validators of the last body read (for
 * conditional GETs), when it was fetched, and its schedule (where to
 * fetch it: a permanent redirect's target or the feed its page led to;
 * a server's Retry-After; how long it stays fresh). It answers as the
 * cache's feed state and schedule rows would (store_feed_state,
 * store_feed_schedule), so the run plans a feed the same way from
 * either.
 *
 * Its owner is whoever runs the refreshes that share it: the kiosk and
 * the reader without a cache keep one for their session (refresh.c), a
 * headless kiosk for its one run (gather.c, seeded from the read-only
 * cache); sync_feeds makes a throwaway one when given none. It is not
 * locked: it is used by one sync_feeds() at a time, on the thread that
 * runs it (without a store, sync_feeds starts no merger thread).
 */
#ifndef LDN_SYNC_MEMO_H
#define LDN_SYNC_MEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "status.h"
#include "store.h"

struct sync_memo;

/* An empty memo for the sources srcs[0..n) (copied; a source named
 * twice has one entry). Other sources are never remembered. LDN_OK or
 * LDN_ENOMEM. */
int sync_memo_new(struct sync_memo **out, const char *const *srcs, size_t n) LDN_WUR;

/*
 * Fills the memo from a cache (one opened read-only will do): each
 * source's validators, last fetch and schedule, so the first fetch after
 * a cache was shown may ask "changed since?". A source the cache cannot
 * say anything of (an error, memory) stays as it was: it is then asked
 * unconditionally, which always works.
 */
void sync_memo_seed(struct sync_memo *m, struct store *s);

/* What the memo knows of src, as copies in the cache's own structs (free
 * them with store_feed_state_free and store_schedule_free): all zero for
 * a source it does not hold or knows nothing of. LDN_OK or LDN_ENOMEM. */
int sync_memo_get(const struct sync_memo *m, const char *src, struct store_feed_state *fs,
		  struct store_schedule *sched) LDN_WUR;

/*
 * A fetch of src ended at `when`. With `body`, it brought one: its
 * validators (either may be NULL) replace those kept; without (a 304, a
 * failure), the kept ones stay. LDN_OK or LDN_ENOMEM.
 */
int sync_memo_note(struct sync_memo *m, const char *src, time_t when, bool body,
		   const char *etag, const char *last_modified) LDN_WUR;

/* src's schedule becomes *sch (copied). LDN_OK or LDN_ENOMEM. */
int sync_memo_set_schedule(struct sync_memo *m, const char *src,
			   const struct store_schedule *sch) LDN_WUR;

/* NULL is a no-op. */
void sync_memo_free(struct sync_memo *m);

#endif
