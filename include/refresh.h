/*
 * refresh.h - loading feeds on a background thread, so an interactive
 * front end keeps answering keys while the network and the disk work.
 * Every fetch goes through the engine (sync_feeds, sync.h).
 *
 * Without a cache, the worker fetches and parses every source and queues
 * one result per source holding its feed (none after a 304: the feeds'
 * validators and schedule are kept in memory across refreshes). With a cache, it opens a
 * connection of its own, loads what is cached (on the first run), syncs
 * every source into the cache (conditional GET, one merge each), indexes
 * the new text, and queues per-source results without feeds plus a
 * snapshot: every cached article of the sources, which replaces what the
 * front end shows. All sources are fetched at once (sync_feeds), and each
 * result is queued as its source finishes. The front end polls with
 * refresh_poll() from its own loop; it never blocks on the network. One
 * refresh runs at a time.
 *
 * With a cache, a refresh leaves alone a feed its server asked to leave
 * (Retry-After) and, unless forced (refresh_start_forced: the reader's
 * `R`), a feed still fresh (Cache-Control, Expires, its ttl).
 */
#ifndef LDN_REFRESH_H
#define LDN_REFRESH_H

#include <stdbool.h>
#include <stddef.h>

#include "article.h"
#include "fetch.h"
#include "query.h"
#include "source.h"
#include "status.h"
#include "store.h"

struct refresh_opts {
	const char *const *srcs;     /* copied */
	size_t nsrcs;
	const struct fetch_opts *fetch; /* copied; its strings must outlive the handle */
	size_t max_connections;      /* at once, in all; 0: 8 */
	size_t max_host_connections; /* to one host; 0: 2 */
	/* The config's per-feed settings (borrowed: must outlive the handle):
	 * names and tags laid over every result, limits and intervals. */
	const struct source *sources;
	size_t nsources;
	const struct store_limits *limits; /* retention (copied); NULL: defaults */
	unsigned parse_flags;        /* for the no-cache path */
	const char *cache;           /* cache file (copied), or NULL: no cache */
	bool readonly;               /* the cache is read-only: load, never sync */
	bool offline;                /* never fetch */
	/* Kiosk: the cache (if any) is only read (implies readonly): the
	 * first run queues its snapshot; every run, unless offline, fetches
	 * the sources into memory and queues results with feeds, as without
	 * a cache, for the front end to merge over what it shows. What the
	 * cache would keep of each feed (validators, schedule, where it is
	 * fetched) is kept in memory, seeded from the cache; a 304 or a
	 * fresh feed queues a result without a feed. */
	bool in_memory;
};

struct refresh;

/* The outcome for one source, or a snapshot; all fields owned by the result. */
/*
 * The reader's filter data for a list in the view's order, made on the
 * worker so that no keystroke makes it (query.h): the search keys packed
 * into one arena and the tag counts. It fits a reader whose list is
 * exactly `order` (refresh_pack_fits); the tag names are the articles'.
 */
struct refresh_pack {
	struct article **order;  /* the list it was made for, or NULL: none */
	size_t n;
	struct query_index index;
	struct query_tag *tags;
	size_t ntags;
};

/* Whether p was made for exactly this list (same articles, same order). */
bool refresh_pack_fits(const struct refresh_pack *p, const struct article_list *l);
void refresh_pack_free(struct refresh_pack *p);

struct refresh_result {
	char *src;        /* the source as given; NULL for a snapshot */
	int status;       /* LDN_OK or the error */
	struct feed *feed;/* no cache, LDN_OK: the feed parsed */
	char *warning;    /* malformed-feed warning, for the first snapshot
			   * store_note(), or NULL */
	char *cause;      /* on error */
	char *discovered; /* src was a page and this feed was found there (said
			   * once: later runs go straight to it), or NULL */
	char *moved_to;   /* the feed moved permanently to this address (said
			   * once; later refreshes fetch it from there) */
	char *note;       /* not fetched, and why: "not before 14:05
			   * (Retry-After)", "fresh until ..." */
	struct article_list *snapshot; /* cache: the articles to show now */
	/* Cache: the display caches of snapshot `generation`, made after it
	 * was handed over (so it shows at once): prep_for[i] gets
	 * prep_standfirst[i] and prep_key[i] where it has none yet. The
	 * articles stay valid while that snapshot is the one shown. */
	unsigned generation;
	struct article **prep_for;
	char **prep_standfirst, **prep_key;
	size_t nprep;
	struct refresh_pack prep_pack; /* of prep_for with prep_key */
	struct refresh_pack feed_pack; /* no cache: of feed's articles */
	char *title;      /* with a snapshot: the first source's title and */
	char *tagline;    /* tagline from the cache, or NULL */
};

int refresh_new(struct refresh **out, const struct refresh_opts *o) LDN_WUR;

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
