/*
 * plan.h - what one run of ldnews decided from its command line and its
 * config file: the mode, the feeds and their settings, how to fetch, the
 * cache and its retention, and the reader's settings. Every default and
 * every precedence (the command line over the config, a kiosk's) is
 * resolved once, in plan_build; modules read the plan, never cli_opts or
 * config.
 *
 * main() builds it on the main thread before anything runs and frees it
 * after every thread has ended. In between nothing writes it, so any
 * thread may read it without a lock (the refresh worker and the engine's
 * merger thread do): pass `const struct plan *`.
 */
#ifndef LDN_PLAN_H
#define LDN_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "cli.h"
#include "config.h"
#include "fetch.h"
#include "source.h"
#include "status.h"
#include "store.h"
#include "sync.h"

/*
 * The settings. Strings and the config's arrays are borrowed from the
 * cli_opts and the config it was built from, which must outlive it; the
 * arrays srcs and sources are the plan's own.
 */
struct plan {
	enum cli_mode mode;
	/* No mode and standard output a terminal: the full-screen reader
	 * (else the list). */
	bool reader;

	/* The feeds read: the command line's, else the config's, else the
	 * London Daily (PLAN_DEFAULT_FEED). Never empty. */
	const char **srcs;
	size_t nsrcs;
	/* The config's per-feed settings, one per [feed] (a feed named on the
	 * command line that is also configured gets them too). */
	struct source *sources;
	size_t nsources;
	/* The [feed] sections when they are the feeds read, for
	 * --export-opml (names and tags); NULL: only srcs are known. */
	const struct config_feed *conf_feeds;

	/* Fetching: the config's timeouts, size cap and user agent, --timeout
	 * over the config's; no validators, trace or stop (per transfer). */
	struct fetch_opts fetch;
	size_t max_connections;       /* at once, in all */
	size_t max_host_connections;  /* to one host */
	unsigned parse_flags;         /* feed_parse flags: in a cache thrown
				       * away after the run, bodies are
				       * skipped unless --show, --find or
				       * the reader needs them */
	bool offline;                 /* --offline: never fetch */

	/* The cache. */
	bool no_cache;                /* --no-cache: nothing on disk */
	const char *cache;            /* --cache FILE, NULL: the XDG default */
	bool reset_cache;             /* --reset-cache: move the old one aside */
	/* --kiosk or kiosk = true: the cache is only read (never created or
	 * written), fetches go into memory over it, and the reader refreshes
	 * itself (refresh_secs) and starts no other program. */
	bool kiosk;
	bool cache_readonly;          /* the cache is only ever read: a kiosk */
	struct store_limits limits;   /* [retention] */

	/* What is shown. */
	const char *const *tags;      /* --tag (any of them) */
	size_t ntags;
	const char *find;             /* --find, or NULL */
	/* The config's [ignore] rules, applied in every mode (query.h);
	 * none with --no-ignore. */
	const struct ignore_rule *ignore;
	size_t nignore;
	long show_n;                  /* --show N */
	bool json;                    /* --json */
	bool full;                    /* --full: --show extracts the article's page */
	long width;                   /* --width; 0: the terminal's, else 80 */
	const char *check;            /* --check-feed URL, or NULL */
	const char *import_opml;      /* --import-opml FILE, or NULL */
	const char *config;           /* -c FILE, or NULL: the XDG one */

	/* The reader. */
	long open_n;                  /* open article N once loaded; 0: none */
	long refresh_secs;            /* --refresh, else the config's, else
				       * a kiosk's CLI_KIOSK_REFRESH; 0: never */
	bool ascii;                   /* --ascii: no box or non-ASCII marks */
	const char *const *browser;   /* argv, NULL-terminated: "%u" is the
				       * URL, else it goes last; NULL:
				       * $BROWSER, else xdg-open */
	const char *const *player;    /* the same for enclosures; NULL: the
				       * browser */
	const char *const *pipe;      /* argv the | prompt offers first; NULL:
				       * $PAGER, else less */
	const char *const *copy;      /* argv y hands a link to on its
				       * standard input; NULL: y says how to
				       * set one */
	const char *const *notify;    /* argv run when a refresh brings new
				       * articles (notify.h); NULL: none,
				       * and always in a kiosk */
	bool compact;                 /* start in the compact density */
	const char *date_format;      /* strftime of older dates; NULL:
				       * "%d %b %Y" */
	long reader_width;            /* the reader's text at most, columns; 0: the pane's */
	const struct config_color *colors;     /* checked by ui_theme_check */
	size_t ncolors;
	const struct config_binding *bindings; /* checked by ui_keys_check */
	size_t nbindings;
	long idle_reset_secs;         /* --idle-reset; 0: never */
	long cycle_secs;              /* --cycle; 0: never */
};

/* The London Daily, read when no feed is named: its site address, whose
 * page names its feed (autodiscovery), so a moved feed is still found. */
#define PLAN_DEFAULT_FEED "https://londondaily.com/"

/*
 * Builds *p from the command line `o` and the config `cfg` (NULL: none,
 * its defaults). LDN_OK, or an error with *cause: one line naming what
 * conflicts (LDN_EUSAGE) or LDN_ENOMEM. Free *p with plan_free in every
 * case.
 */
int plan_build(struct plan *p, const struct cli_opts *o, const struct config *cfg,
	       char **cause) LDN_WUR;
void plan_free(struct plan *p);

/*
 * When the reader fetches the pages of feed `feed_url`'s articles: its
 * [feed]'s `full-text`, else `open` for the London Daily
 * (PLAN_DEFAULT_FEED), else `never`. Never CONFIG_FULL_TEXT_UNSET.
 */
enum config_full_text plan_full_text(const struct plan *p, const char *feed_url);

/*
 * The engine's options for fetching the plan's feeds into its cache:
 * fetch options, connection limits, per-feed settings and parse flags.
 * The caller adds what belongs to its run (force, callbacks); so->fetch
 * points into the plan.
 */
void plan_sync_opts(const struct plan *p, struct sync_opts *so);

#endif
