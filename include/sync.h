/*
 * sync.h - the one way from a feed's source to its articles, for every
 * mode: fetch, tell a page from a feed, find a page's feed, parse, and
 * merge into the cache (a file, or one in memory: --no-cache and the
 * kiosk), or hand the feed to the caller (--check-feed's trace). A
 * conditional GET with the validators the cache holds, the body hashed as
 * it arrives, and then exactly one of: a 304 noted (no parse, no write
 * but the fetch time), the same bytes as the body last merged (no parse,
 * no write but the fetch time), or one merge transaction.
 *
 * sync_feeds() does many feeds at once (fetch_multi.h) and keeps the
 * schedule across runs (store_schedule): a server's Retry-After is always
 * honoured; Cache-Control max-age, Expires, the feed's ttl and the
 * source's refresh interval are honoured unless the refresh is forced; a
 * permanent redirect (301, 308) makes later fetches go to the new address,
 * and so does the feed found on a source that is an HTML page
 * (autodiscovery, load.h). sync_feed() is that run for one source, forced.
 */
#ifndef LDN_SYNC_H
#define LDN_SYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "article.h"
#include "fetch.h"
#include "status.h"
#include "source.h"
#include "store.h"

struct sync_result {
	long status;                    /* HTTP status (200 for files), 0 when none */
	bool not_modified;              /* a 304: the cache was current */
	struct store_merge_stats stats; /* stats.same_body: nothing written */
};

/*
 * Refreshes `src` in store `s` now: sync_feeds() for it alone, forced (a
 * Retry-After still holds: then LDN_OK and *res all zero). A failed fetch
 * or parse is noted in the cache (its articles stay) and returned with
 * *cause (not naming src). *warning, when set, is a malformed-feed message
 * (caller frees).
 */
int sync_feed(struct store *s, const char *src, const struct fetch_opts *fo,
	      struct sync_result *res, char **warning, char **cause) LDN_WUR;

/* Why sync_feeds() did not fetch a feed this time. */
enum sync_skip {
	SYNC_FETCHED = 0,   /* it was fetched (or tried) */
	SYNC_SKIP_RETRY,    /* the server's Retry-After has not passed */
	SYNC_SKIP_FRESH     /* still fresh (max-age, Expires, ttl); not forced */
};

/* How one feed of sync_feeds() went. */
struct sync_outcome {
	const char *src;                /* the source as given (borrowed) */
	int status;                     /* LDN_OK or why it failed (fetch,
					 * parse, cache) */
	char *cause;                    /* on failure: one line, not naming src */
	char *warning;                  /* a malformed-feed warning, or NULL */
	long http_status;               /* 200 for files, 0 when none */
	bool not_modified;              /* a 304: the cache was current */
	struct store_merge_stats stats; /* with a store, after a merge */
	bool merged;                    /* with a store: a merge was committed,
					 * so the feed's cached articles (or its
					 * title) may have changed; false after a
					 * 304, the same body, a skip or a
					 * failure (a failed merge rolls back) */
	enum sync_skip skipped;
	time_t not_before;              /* skipped: the earliest next fetch */
	char *moved_to;                 /* a permanent redirect seen for the
					 * first time: the feed's new address,
					 * which later fetches use (tell the
					 * user once) */
	char *discovered;               /* src was an HTML page and this feed
					 * found on it was read; it is
					 * remembered in the cache (later
					 * fetches go there: set once); without
					 * one it is found, and told, each run */
	struct feed *feed;              /* without a store, on LDN_OK: the
					 * feed parsed (NULL after a 304) */
};

struct sync_opts {
	const struct fetch_opts *fetch;   /* required */
	unsigned parse_flags;             /* feed_parse flags */
	size_t max_connections;           /* in all; 0: FETCH_MULTI_MAX_TOTAL */
	size_t max_host_connections;      /* to one host; 0: FETCH_MULTI_MAX_PER_HOST */
	bool force;                       /* fetch fresh feeds too (never
					   * before a Retry-After) */
	time_t now;                       /* the clock; 0: time(NULL) */
	/* The config's per-feed settings (source.h), matched by src; a
	 * source's limit replaces the store's max_per_feed for its merge,
	 * its refresh interval makes a feed fetched less long ago fresh.
	 * NULL/0: none. */
	const struct source *sources;
	size_t nsources;
	/* Called as each feed ends (skipped ones first), on one thread at a
	 * time but not always the caller's: with a store and more than one
	 * feed to fetch, merges run on a thread of their own (the store
	 * connection is only used there until sync_feeds returns). It may
	 * take cause, warning, moved_to, discovered and feed (setting them
	 * NULL); the rest is freed after it returns. May be NULL. */
	void (*on_done)(struct sync_outcome *out, void *payload);
	/* Called as each transfer ends, before its body is judged: the
	 * address asked (the source, where the cache sends it,
	 * or a candidate its page named) and the response (status, headers,
	 * body bytes received). On the caller's thread; for a trace (with
	 * fetch->trace) of what the engine did. May be NULL. */
	void (*on_response)(const char *url, const struct fetch_response *resp,
			    void *payload);
	/* Called after each on_done: feeds done (skipped ones included) of
	 * total, and how many of them failed. May be NULL. */
	void (*progress)(size_t done, size_t total, size_t failed, void *payload);
	void *payload;
};

/*
 * Refreshes srcs[0..n) in parallel: with a store `s`, into it (one merge
 * at a time while the other feeds keep arriving, and the schedule kept),
 * else (--check-feed's trace) into memory: each outcome carries its
 * feed, every feed is asked unconditionally, nothing is kept. With a
 * store, a feed merged before is spooled and only parsed when its bytes
 * changed; a feed never merged that is the only one fetched is parsed
 * straight into its merge (memory stays flat); others are parsed as they
 * arrive and merged whole. A source that is an HTML page is searched for
 * its feed (outcome.discovered). Feeds whose schedule says "not yet" are
 * not fetched (outcome.skipped). One feed failing never stops the others:
 * each outcome has its own status. Returns LDN_OK, or LDN_ENOMEM /
 * LDN_EFETCH with *cause when the run itself failed (every feed still got
 * its on_done).
 */
int sync_feeds(struct store *s, const char *const *srcs, size_t n,
	       const struct sync_opts *o, char **cause) LDN_WUR;

/*
 * Whether an address the cache remembers for a source (store_schedule's
 * fetch_url: a permanent redirect's target, or the feed found on its
 * page) may be fetched: as for a redirect, an http or https URL; else
 * only a local file the user named (one of srcs[0..n)). The cache is a
 * file that whoever can write it may have changed. sync_feeds fetches
 * the source instead of a refused address (with a warning, unless a
 * local page's discovery may have made it) and forgets it once that
 * fetch works.
 */
bool sync_cached_url_ok(const char *url, const char *const *srcs, size_t n);

/*
 * Why a skipped feed was not fetched, for the user: "not before 14:05
 * (Retry-After)" or "fresh until 14:05 (server cache headers, the feed's
 * ttl or its refresh setting)", local time, with the date when it is not today. Caller
 * frees; NULL when out->skipped is SYNC_FETCHED or memory ran out.
 */
char *sync_skip_text(const struct sync_outcome *out);

/*
 * The earliest next fetch after a fetch at `now` that brought the HTTP
 * freshness `http_fresh_until` (0: none) for a feed whose ttl is
 * `ttl_minutes` (0: none): the later of the two, at most FETCH_HINT_MAX
 * ahead; 0 when neither says anything.
 */
time_t sync_fresh_until(time_t now, time_t http_fresh_until, long ttl_minutes);

#endif
