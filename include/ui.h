/*
 * ui.h - the full-screen reader: the UI's whole public surface.
 *
 * The UI loads feeds through refresh.h (a worker thread over load.h), so it
 * never touches libcurl or SQLite itself, and it renders articles through
 * render.h and numbers them through query.h, exactly as --list/--show do.
 */
#ifndef LDN_UI_H
#define LDN_UI_H

#include <stdbool.h>
#include <stddef.h>

#include "fetch.h"
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
	/* Commands for links and enclosures (launch.h splits them; NULL:
	 * $BROWSER, else xdg-open; a NULL player uses the browser). */
	const char *browser;
	const char *player;
};

/*
 * Runs the reader until the user quits or SIGINT/SIGTERM/SIGHUP arrives.
 * The terminal is restored on every path. LDN_OK, or an error with *cause
 * (e.g. standard input/output is not a terminal).
 */
int ui_run(const struct ui_opts *o, char **cause) LDN_WUR;

#endif
