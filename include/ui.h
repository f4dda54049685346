/*
 * ui.h - the full-screen reader: the UI's whole public surface.
 *
 * The UI loads feeds through refresh.h (a worker thread that fetches and
 * stores them, or a kiosk's memory copy, with sync.h) and
 * reaches the cache only through store.h, on a connection of its own
 * thread (the first screen, marks, bodies, search), so it never calls
 * libcurl or SQLite itself. It renders articles through render.h and
 * numbers them through query.h, exactly as --list/--show do. It runs on
 * the main thread, and reads its settings from the run's plan (plan.h).
 */
#ifndef LDN_UI_H
#define LDN_UI_H

#include <stdbool.h>
#include <stddef.h>

#include "plan.h"
#include "store.h"
#include "status.h"

/*
 * Runs the reader of plan `p` (plan.h: the feeds, the filters it starts
 * with, --open, --refresh, the config's browser, colours and keys...)
 * until the user quits or SIGINT/SIGTERM/SIGHUP arrives (in kiosk mode:
 * until SIGTERM/SIGHUP). `store` is the cache opened on this thread
 * (marks, bodies, search; NULL: --no-cache), whose file the refresh
 * worker opens for itself; `cache_readonly` says it is only read (it
 * could not be written, or a kiosk's).
 *
 * Kiosk: nothing is written; refreshes fetch into memory and merge over
 * the cache; no other program is started (browser, link, enclosure keys
 * say "disabled in kiosk mode"); the keyboard cannot end or suspend it
 * (raw mode, SIGINT, SIGQUIT, SIGTSTP ignored): SIGTERM and SIGHUP end
 * it, status 0.
 *
 * The terminal is restored on every path. LDN_OK, or an error with *cause
 * (e.g. standard input/output is not a terminal).
 */
int ui_run(const struct plan *p, struct store *store, bool cache_readonly,
	   char **cause) LDN_WUR;

/*
 * For the config reader: whether `action` names an action of the reader
 * and `key` a key it can bind, and whether `element` names a coloured
 * part of the screen. LDN_OK, or LDN_EUSAGE with *cause saying what is
 * wrong (without file or line, which the caller knows).
 */
int ui_keys_check(const char *action, const char *key, char **cause) LDN_WUR;
int ui_theme_check(const char *element, char **cause) LDN_WUR;

#endif
