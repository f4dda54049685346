/*
 * ui.h - the full-screen reader: the UI's whole public surface.
 *
 * The UI loads feeds through refresh.h (a worker thread that fetches and
 * stores them with sync.h; a kiosk's memory copy still through load.h) and
 * reaches the cache only through store.h, on a connection of its own
 * thread (the first screen, marks, bodies, search), so it never calls
 * libcurl or SQLite itself. It renders articles through render.h and
 * numbers them through query.h, exactly as --list/--show do.
 */
#ifndef LDN_UI_H
#define LDN_UI_H

#include <stdbool.h>
#include <stddef.h>

#include "config.h"
#include "fetch.h"
#include "source.h"
#include "store.h"
#include "status.h"

struct ui_opts {
	const char *const *srcs;      /* feeds to read (borrowed) */
	size_t nsrcs;
	const struct fetch_opts *fetch;
	const char *const *tags;      /* start filtered by these tags (any) */
	size_t ntags;
	const char *find;             /* start with this search, or NULL */
	long open_n;                  /* open article N once loaded; 0: none */
	long refresh_secs;            /* refresh every S seconds; 0: never */
	bool ascii;                   /* draw no box or non-ASCII marks */
	/* The cache: a connection for this thread (marks, bodies, search;
	 * NULL: no cache) and its file, which the refresh worker opens
	 * for itself. */
	struct store *store;
	const char *cache;
	bool cache_readonly;
	bool offline;                 /* never fetch */
	/* From the config file (all borrowed; NULL or 0 when not set). */
	const char *const *browser;   /* argv, NULL-terminated: "%u" is the URL,
				       * else it goes last; NULL: $BROWSER,
				       * else xdg-open */
	const char *const *player;    /* the same, for enclosures; NULL: the browser */
	bool compact;                 /* start in the compact density */
	const char *date_format;      /* strftime format of the list's older
				       * dates; NULL: "%d %b %Y" */
	const struct config_color *colors;    /* checked with ui_theme_check */
	size_t ncolors;
	const struct config_binding *bindings; /* checked with ui_keys_check */
	size_t nbindings;
	const struct source *sources;          /* the config's per-feed settings */
	size_t nsources;
	size_t max_connections;                /* at once; 0: 8 */
	size_t max_host_connections;           /* to one host; 0: 2 */
	const struct store_limits *limits;     /* retention for the refresh
						* worker's cache; NULL: the
						* store's defaults */
	/* Kiosk: `store` and `cache` are read-only (cache_readonly set too)
	 * and nothing is written; refreshes fetch into memory and merge over
	 * the cache; no other program is started (browser, link, enclosure
	 * keys say "disabled in kiosk mode"); the keyboard cannot end or
	 * suspend it (raw mode, SIGINT, SIGQUIT, SIGTSTP ignored): SIGTERM
	 * and SIGHUP end it, status 0. */
	bool kiosk;
	long idle_reset_secs;         /* back to the starting view after S s
				       * without a key; 0: never */
	long cycle_secs;              /* open the next article every S s (a key
				       * pauses it for a minute); 0: never */
};

/*
 * Runs the reader until the user quits or SIGINT/SIGTERM/SIGHUP arrives
 * (in kiosk mode: until SIGTERM/SIGHUP).
 * The terminal is restored on every path. LDN_OK, or an error with *cause
 * (e.g. standard input/output is not a terminal).
 */
int ui_run(const struct ui_opts *o, char **cause) LDN_WUR;

/*
 * For the config reader: whether `action` names an action of the reader
 * and `key` a key it can bind, and whether `element` names a coloured
 * part of the screen. LDN_OK, or LDN_EUSAGE with *cause saying what is
 * wrong (without file or line, which the caller knows).
 */
int ui_keys_check(const char *action, const char *key, char **cause) LDN_WUR;
int ui_theme_check(const char *element, char **cause) LDN_WUR;

#endif
