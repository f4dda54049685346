/*
 * sync.h - one feed from its source into the cache: a conditional GET
 * with the validators the cache holds, the body hashed as it arrives, and
 * then exactly one of: a 304 noted (no parse, no write but the fetch
 * time), the same body as last merged (no parse, no write), or one merge
 * transaction fed article by article by the parser.
 */
#ifndef LDN_SYNC_H
#define LDN_SYNC_H

#include <stdbool.h>

#include "fetch.h"
#include "status.h"
#include "store.h"

struct sync_result {
	long status;                    /* HTTP status (200 for files), 0 when none */
	bool not_modified;              /* a 304: the cache was current */
	struct store_merge_stats stats; /* stats.same_body: nothing written */
};

/*
 * Refreshes `src` in store `s`. A failed fetch or parse is noted in the
 * cache (its articles stay) and returned with *cause (not naming src).
 * *warning, when set, is a malformed-feed message (caller frees).
 */
int sync_feed(struct store *s, const char *src, const struct fetch_opts *fo,
	      struct sync_result *res, char **warning, char **cause) LDN_WUR;

#endif
