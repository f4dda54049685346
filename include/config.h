/*
 * config.h - the configuration file (ldnews.conf(5)): an INI file read with
 * inih into one struct that owns everything in it.
 *
 * config.c checks all it can by itself: section and key names, numbers,
 * durations and sizes with their ranges, colour names and attributes, the
 * syntax of key specs, feed URL schemes. The names of colour elements and
 * key actions belong to the reader, which checks them (each row keeps its
 * line so the error can still say FILE:LINE).
 */
#ifndef LDN_CONFIG_H
#define LDN_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "buf.h"
#include "ignore.h"
#include "status.h"

/* Defaults of the settings no other module has a default for. */
#define CONFIG_MAX_CONNECTIONS_DEFAULT 8
/* About what people read comfortably in a line (a newspaper column is
 * narrower, a book's page a little wider). */
#define CONFIG_READER_WIDTH_DEFAULT 80
#define CONFIG_MAX_PER_HOST_DEFAULT 2

/*
 * The longest line of a config file, in bytes, its line end included: the
 * reader refuses a longer one, and config_format_feed() writes none (an
 * --import-opml that wrote one would make every later run fail).
 */
#define CONFIG_LINE_MAX 65536

/* One [feed] section. */
/* A feed's `full-text`: when the reader fetches an article's page. */
enum config_full_text {
	CONFIG_FULL_TEXT_UNSET = 0, /* not given: the feed's default (plan.h) */
	CONFIG_FULL_TEXT_NEVER,     /* only on `f` */
	CONFIG_FULL_TEXT_OPEN,      /* when an article with a short feed body opens */
	CONFIG_FULL_TEXT_PREFETCH   /* as open, and after a refresh the newest
				     * unread ones' in the background */
};

struct config_feed {
	char *url;       /* http(s):// or file:// URL, or an absolute path */
	char *name;      /* display name, or NULL: the feed's own title */
	char **tags;     /* added to all its articles; ntags of them */
	size_t ntags;
	long refresh;    /* seconds between refreshes; 0: the general one */
	size_t limit;    /* articles kept; 0: [retention] max-per-feed */
	enum config_full_text full_text;
	int line;        /* of its url = line */
};

/* Colour numbers: 0-255, or one of these. */
#define CONFIG_COLOR_DEFAULT (-1)  /* "default": the terminal's own */
#define CONFIG_COLOR_UNSET (-2)    /* not given: the theme's */

/* Attributes, as a bit set (the same bits as the reader's TERM_A_*). */
#define CONFIG_ATTR_BOLD 1u
#define CONFIG_ATTR_DIM 2u
#define CONFIG_ATTR_REVERSE 4u
#define CONFIG_ATTR_UNDERLINE 8u
#define CONFIG_ATTR_ITALIC 16u

/* One [colors] line: element = [fg] [on bg] [attribute...]. */
struct config_color {
	char *element;   /* not checked here: ui_theme_check does */
	int fg, bg;      /* 0-255, CONFIG_COLOR_DEFAULT or CONFIG_COLOR_UNSET */
	unsigned attrs;  /* CONFIG_ATTR_* (replacing the theme's) */
	int line;
};

/* One [keys] line: action = key. An action may have several lines. */
struct config_binding {
	char *action;    /* not checked here: ui_keys_check does */
	char *key;       /* canonical: one character (UTF-8), "^A".."^Z", or
			  * Enter Tab Space Up Down Left Right PgUp PgDn
			  * Home End Backspace */
	int line;
};

enum config_density {
	CONFIG_DENSITY_COMFORTABLE = 0,
	CONFIG_DENSITY_COMPACT
};

/* The scalar settings, for config.line[]: where each one was set. */
enum config_setting {
	CONFIG_REFRESH,
	CONFIG_BROWSER,
	CONFIG_PLAYER,
	CONFIG_PIPE,
	CONFIG_COPY,
	CONFIG_NOTIFY,
	CONFIG_DENSITY,
	CONFIG_DATE_FORMAT,
	CONFIG_USER_AGENT,
	CONFIG_CONNECT_TIMEOUT,
	CONFIG_TIMEOUT,
	CONFIG_LOW_SPEED_TIME,
	CONFIG_MAX_SIZE,
	CONFIG_MAX_CONNECTIONS,
	CONFIG_MAX_PER_HOST,
	CONFIG_KIOSK,
	CONFIG_READER_WIDTH,
	CONFIG_MAX_AGE,
	CONFIG_MAX_PER_FEED,
	CONFIG_NSETTINGS
};

/*
 * Everything the file said. config_init() puts in the defaults (those of
 * fetch_opts_default() and STORE_*_DEFAULT), so every field holds the value
 * in effect; line[] tells which ones the file set. Strings and arrays are
 * owned; NULL means "not set" (the user of the setting has its default).
 */
struct config {
	char *path;                     /* the file read; NULL when none was */
	/* [general] */
	long refresh;                   /* seconds between refreshes; 0: never */
	char **browser;                 /* argv, NULL-terminated, or NULL */
	char **player;                  /* argv, NULL-terminated, or NULL */
	char **pipe;                    /* argv the reader's | offers, or NULL */
	char **copy;                    /* argv that y gives a link on its
					 * standard input, or NULL */
	char **notify;                  /* argv run when a refresh brings new
					 * articles (notify.h), or NULL */
	enum config_density density;
	char *date_format;              /* strftime format, or NULL */
	char *user_agent;               /* or NULL: the fetcher's */
	long connect_timeout;           /* seconds */
	long timeout;                   /* seconds, whole transfer */
	long low_speed_time;            /* seconds below 1 byte/s; 0: off */
	unsigned long long max_size;    /* decoded bytes of a response */
	long max_connections;           /* 1-64 */
	long max_per_host;              /* 1-64 */
	bool kiosk;
	long reader_width;              /* the reader's text, in columns; 0: the pane's */
	/* [retention] */
	long long max_age;              /* seconds; 0: keep */
	size_t max_per_feed;            /* 0: no limit */
	int line[CONFIG_NSETTINGS];     /* line that set it; 0: not set */
	/* [feed] sections, [colors] and [keys] lines, in file order */
	struct config_feed *feeds;
	size_t nfeeds;
	struct config_color *colors;
	size_t ncolors;
	struct config_binding *bindings;
	size_t nbindings;
	/* [ignore] lines: field = pattern (ignore.h) */
	struct ignore_rule *ignore;
	size_t nignore;
};

/* config_load() flags. */
enum {
	/* A file that does not exist is an empty configuration. */
	CONFIG_MISSING_OK = 1 << 0
};

/* Defaults, no feeds. Never fails. */
void config_init(struct config *cfg);

/*
 * config_init()s *cfg and reads the file at `path` into it. Relative feed
 * paths (./ and ../) are taken from the file's directory, ~/ from $HOME.
 * LDN_OK (with CONFIG_MISSING_OK and no file, cfg->path stays NULL);
 * LDN_EUSAGE with *cause "PATH:LINE: problem" for the first bad line, or
 * "PATH: why" when the file cannot be read; LDN_ENOMEM. On error *cfg is
 * left as config_init() made it (nothing half-read). Free with
 * config_free() in every case.
 */
int config_load(struct config *cfg, const char *path, unsigned flags,
		char **cause) LDN_WUR;

/*
 * The same from an open stream; `name` is the path used in messages and
 * for relative feed paths. Does not close f.
 */
int config_load_file(struct config *cfg, FILE *f, const char *name,
		     char **cause) LDN_WUR;

/* Frees everything and leaves *cfg as config_init() makes it. NULL is a no-op. */
void config_free(struct config *cfg);

/*
 * True for what a feed may be outside a config file's own directory: an
 * http://, https:// or file:// URL that libcurl can parse, or an absolute
 * path.
 */
bool config_url_ok(const char *s);

/*
 * Splits s at blanks (spaces and tabs) into a NULL-terminated vector, as
 * the command settings (browser, player, pipe, copy) are split, and the
 * reader's | prompt too: no quoting, no shell. Blank s gives an empty
 * vector (*out NULL). LDN_OK or LDN_ENOMEM; free with config_argv_free().
 */
int config_argv_split(const char *s, char ***out) LDN_WUR;
void config_argv_free(char **v);

/* Frees what f holds and zeroes it. NULL is a no-op. */
void config_feed_free(struct config_feed *f);

/*
 * Appends a [feed] section for `f` (url, and name, tags, refresh and limit
 * when set) to `out`, quoting values so that reading them back gives the
 * same strings. LDN_EUSAGE with *cause when a value cannot be written (a
 * control character, or a '"' where quotes are needed, or a tag with a
 * comma, or a line longer than CONFIG_LINE_MAX); nothing is appended then.
 * LDN_ELIMIT or LDN_ENOMEM from the buffer.
 */
int config_format_feed(struct buf *out, const struct config_feed *f,
		       char **cause) LDN_WUR;

/*
 * Appends `text` to the file at `path`, keeping every byte already there:
 * the new contents go to a temporary file in the same directory, which
 * then replaces the file with rename(2) (a symbolic link is followed, so
 * its target is what changes). A missing file (and its directories) is
 * created. LDN_OK, or LDN_EIO with *cause naming the file; LDN_ENOMEM.
 */
int config_append(const char *path, const char *text, char **cause) LDN_WUR;

#endif
