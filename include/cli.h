/*
 * cli.h - the command-line contract of DESIGN.md, parsed into plain data.
 * Nothing here opens, fetches or prints except cli_usage().
 */
#ifndef LDN_CLI_H
#define LDN_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "status.h"

enum cli_mode {
	CLI_MODE_DEFAULT = 0, /* no mode option: the reader on a terminal, else the list */
	CLI_MODE_LIST,
	CLI_MODE_SHOW,
	CLI_MODE_TAGS,
	CLI_MODE_IMPORT_OPML, /* --import-opml FILE: add its feeds to the config file */
	CLI_MODE_EXPORT_OPML, /* --export-opml: print the feeds as OPML 2.0 */
	CLI_MODE_HELP,
	CLI_MODE_VERSION,
	CLI_MODE_CHECK        /* --check-feed URL */
};

struct cli_opts {
	enum cli_mode mode;
	bool json;
	bool full;           /* --full: --show extracts the article's page */
	long show_n;         /* --show N, >= 1 */
	const char **tags;   /* --tag values (borrowed from argv), owned array */
	size_t ntags;
	const char *find;    /* --find TEXT or NULL (borrowed) */
	long width;          /* --width N, 0 when not given */
	long timeout;        /* --timeout S, 0 when not given */
	long open_n;         /* --open N, 0 when not given */
	long refresh;        /* --refresh S, 0 when not given */
	bool ascii;          /* --ascii */
	bool offline;        /* --offline: never fetch */
	bool no_ignore;      /* --no-ignore: the config's [ignore] rules off */
	bool no_cache;       /* --no-cache: keep nothing on disk */
	bool reset_cache;    /* --reset-cache: move the old cache aside first */
	const char *cache;   /* --cache FILE or NULL (borrowed) */
	const char *config;  /* -c/--config FILE or NULL (borrowed) */
	const char *import_opml; /* --import-opml FILE (borrowed) */
	const char *check;   /* --check-feed URL or NULL (borrowed) */
	const char **feeds;  /* positional arguments (borrowed), owned array */
	size_t nfeeds;
	bool kiosk;          /* -k, --kiosk: read-only kiosk mode */
	long idle_reset;     /* --idle-reset S, 0 when not given */
	long cycle;          /* --cycle S, 0 when not given */
};

/* --refresh in kiosk mode when none is given, in seconds. */
#define CLI_KIOSK_REFRESH 300

/*
 * Parses argv into *o (zeroed first). LDN_OK, LDN_EUSAGE with *cause naming
 * the option and the problem, or LDN_ENOMEM. Free with cli_opts_free() in
 * every case.
 */
int cli_parse(int argc, char **argv, struct cli_opts *o, char **cause) LDN_WUR;
void cli_opts_free(struct cli_opts *o);

/* Prints the --help text. */
void cli_usage(FILE *out);

#endif
