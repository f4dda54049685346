/*
 * refresh.h - loading feeds on a background thread, so an interactive
 * front end keeps answering keys while the network and the disk work.
 * Every fetch goes through the engine (sync_feeds, sync.h).
 *
 * The worker opens a connection of its own to the front end's cache (a
 * file, or one in memory: --no-cache, a kiosk), loads what is cached (on the first run), syncs
 * every source into the cache (conditional GET, one merge each), indexes
 * the new text, and queues per-source results without feeds plus, when
 * a feed was merged, a snapshot: the cached articles of the feeds merged,
 * which replace theirs in what the front end shows (or, on the first run
 * and when every source was merged, of every source; a run of 304s,
 * unchanged bodies and failures reads no article). All sources are fetched at once (sync_feeds), and each
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
#include "plan.h"
#include "query.h"
#include "source.h"
#include "status.h"
#include "store.h"

struct refresh;

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

/*
 * The worker's messages, in the order it queues them (a FIFO). A run with
 * a cache queues a SNAPSHOT (on the first run, before syncing: a whole
 * one; after syncing, when it merged a feed or the last snapshot failed),
 * then its PREP; every run queues one SOURCE_DONE per source; RUN_FAILED says
 * why a run could not do its work (the cache would not open or load) or
 * stopped short (every source still has its SOURCE_DONE).
 */
enum refresh_kind {
	REFRESH_SOURCE_DONE,
	REFRESH_SNAPSHOT,
	REFRESH_PREP,
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
};

/*
 * REFRESH_SNAPSHOT: every cached article of the sources, to show now; or,
 * when `feeds` is set, every cached article of those feeds alone (the
 * sources a refresh merged), to show in place of theirs: the others are
 * as the cache has them.
 */
struct refresh_snapshot {
	unsigned generation;          /* snapshots made so far */
	struct article_list *articles;
	char **feeds;                 /* NULL: the whole list */
	size_t nfeeds;
	char *warning;    /* how a read-only cache was read (store_note), on
			   * the first snapshot, or NULL */
	char *title;      /* the first source's title and tagline from the */
	char *tagline;    /* cache, or NULL */
};

/*
 * REFRESH_PREP: the display caches of snapshot `generation`, made after
 * it was handed over (so it shows at once): articles[i] gets
 * standfirst[i] and key[i] where it has none yet. The articles stay valid while that
 * snapshot is the one shown.
 */
struct refresh_prep {
	unsigned generation;
	struct article **articles;
	char **standfirst, **key;
	size_t n;
	struct refresh_pack pack;     /* of articles with key */
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
		struct refresh_snapshot snapshot;
		struct refresh_prep prep;
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
