/*
 * cli.c - getopt_long over the options of DESIGN.md's command-line contract.
 * It fills the caller's struct cli_opts (strings borrowed from argv, the
 * arrays freed by cli_opts_free) and keeps no state; main runs it first,
 * on the only thread there is then.
 *
 * Only the options the program implements are accepted; combinations that
 * make no sense (two modes, --json without a mode that prints JSON) are
 * usage errors, so scripts learn of a typo instead of getting other output.
 */
#define _GNU_SOURCE /* getopt_long */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum {
	OPT_JSON = 256,
	OPT_TAGS,
	OPT_TIMEOUT,
	OPT_ASCII,
	OPT_OFFLINE,
	OPT_NO_CACHE,
	OPT_CACHE,
	OPT_RESET_CACHE,
	OPT_IMPORT_OPML,
	OPT_EXPORT_OPML,
	OPT_IDLE_RESET,
	OPT_CYCLE,
	OPT_CHECK_FEED,
	OPT_NO_IGNORE,
	OPT_FULL
};

static const struct option cli_long_opts[] = {
	{"list", no_argument, NULL, 'l'},
	{"show", required_argument, NULL, 's'},
	{"tag", required_argument, NULL, 't'},
	{"find", required_argument, NULL, 'f'},
	{"json", no_argument, NULL, OPT_JSON},
	{"full", no_argument, NULL, OPT_FULL},
	{"tags", no_argument, NULL, OPT_TAGS},
	{"width", required_argument, NULL, 'w'},
	{"timeout", required_argument, NULL, OPT_TIMEOUT},
	{"open", required_argument, NULL, 'o'},
	{"refresh", required_argument, NULL, 'r'},
	{"ascii", no_argument, NULL, OPT_ASCII},
	{"offline", no_argument, NULL, OPT_OFFLINE},
	{"no-ignore", no_argument, NULL, OPT_NO_IGNORE},
	{"no-cache", no_argument, NULL, OPT_NO_CACHE},
	{"cache", required_argument, NULL, OPT_CACHE},
	{"reset-cache", no_argument, NULL, OPT_RESET_CACHE},
	{"config", required_argument, NULL, 'c'},
	{"import-opml", required_argument, NULL, OPT_IMPORT_OPML},
	{"export-opml", no_argument, NULL, OPT_EXPORT_OPML},
	{"kiosk", no_argument, NULL, 'k'},
	{"idle-reset", required_argument, NULL, OPT_IDLE_RESET},
	{"cycle", required_argument, NULL, OPT_CYCLE},
	{"check-feed", required_argument, NULL, OPT_CHECK_FEED},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
	{NULL, 0, NULL, 0}
};

void
cli_usage(FILE *out)
{
	fputs("usage: ldnews [OPTIONS] [FEED-URL-OR-PATH ...]\n"
	      "Read the London Daily (or any RSS, Atom or JSON Feed) in a terminal.\n"
	      "\n"
	      "  -l, --list        print the numbered headline list and exit\n"
	      "  -s, --show N      print article N as text and exit\n"
	      "      --tags        print the tags with their article counts and exit\n"
	      "      --json        JSON output for --list, --show and --tags\n"
	      "      --full        with --show: the article extracted from its web page\n"
	      "  -t, --tag TAG     only articles with this tag (repeatable: any of them)\n"
	      "  -f, --find TEXT   only articles with every word of TEXT (word starts)\n"
	      "  -w, --width N     wrap width for --show (default: terminal width, else 80)\n"
	      "  -o, --open N      start the reader with article N open\n"
	      "  -r, --refresh S   refresh every S seconds while the reader runs\n"
	      "      --ascii       draw the reader with ASCII characters only\n"
	      "      --offline     never fetch: read the cache only\n"
	      "      --no-ignore   show the articles the config's [ignore] rules hide\n"
	      "      --no-cache    keep nothing on disk (fetch, show, forget)\n"
	      "      --cache F     the cache file (default ~/.local/share/ldnews/cache.db)\n"
	      "      --reset-cache move the cache aside (kept as F.DATE.bak) and start afresh\n"
	      "      --timeout S   give up on a feed after S seconds (default 60)\n"
	      "  -c, --config F    the config file (default ~/.config/ldnews/config)\n"
	      "      --import-opml F  add the feeds of OPML file F to the config file\n"
	      "      --export-opml print the feeds as OPML 2.0 and exit\n"
	      "  -k, --kiosk       read-only kiosk mode: writes no file, starts no program,\n"
	      "                    cannot be quit from the keyboard (SIGTERM ends it)\n"
	      "      --idle-reset S\n"
	      "                    back to the starting view after S seconds without a key\n"
	      "      --cycle S     open the next article every S seconds (a key pauses it)\n"
	      "      --check-feed URL  fetch one feed showing every header, then what\n"
	      "                    was parsed and every warning (no cache)\n"
	      "  -h, --help        show this help\n"
	      "  -V, --version     show the version\n"
	      "\n"
	      "Feeds are http(s) or file:// URLs or paths; given here, they are read\n"
	      "instead of the config file's. Articles are numbered newest first, after\n"
	      "filters, so --show N opens what --list numbered N.\n"
	      "Exit status: 0 ok, 2 usage error, 3 nothing could be read, 4 no such article.\n",
	      out);
}

/* A whole-string decimal in [min, max], else a usage error. */
static int
cli_number(const char *opt, const char *s, long min, long max, long *out, char **cause)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s == '\0' || *end != '\0' || errno == ERANGE || v < min || v > max)
		return ldn_cause(cause, LDN_EUSAGE,
				 "%s: '%s' is not a number from %ld to %ld", opt, s, min, max);
	*out = v;
	return LDN_OK;
}

/* --show N: a number --list printed, so 0 (the commonest slip) and
 * anything below it say where numbering starts. */
static int
cli_show_number(const char *s, long *out, char **cause)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 10);
	if (*s != '\0' && *end == '\0' && errno == 0 && v < 1)
		return ldn_cause(cause, LDN_EUSAGE,
				 "--show %s: numbers start at 1, as --list numbers articles", s);
	return cli_number("--show", s, 1, LONG_MAX, out, cause);
}

static int
cli_set_mode(struct cli_opts *o, enum cli_mode m, char **cause)
{
	static const char *const names[] = {
		[CLI_MODE_LIST] = "--list",
		[CLI_MODE_SHOW] = "--show",
		[CLI_MODE_TAGS] = "--tags",
		[CLI_MODE_IMPORT_OPML] = "--import-opml",
		[CLI_MODE_EXPORT_OPML] = "--export-opml",
		[CLI_MODE_CHECK] = "--check-feed",
	};

	if (o->mode != CLI_MODE_DEFAULT && o->mode != m)
		return ldn_cause(cause, LDN_EUSAGE, "%s and %s cannot be used together",
				 names[o->mode], names[m]);
	o->mode = m;
	return LDN_OK;
}

static int
cli_push(const char ***arr, size_t *n, const char *s)
{
	const char **p = realloc(*arr, (*n + 1) * sizeof(*p));

	if (p == NULL)
		return LDN_ENOMEM;
	p[(*n)++] = s;
	*arr = p;
	return LDN_OK;
}

static int
cli_option(struct cli_opts *o, int c, const char *arg, char **cause)
{
	switch (c) {
	case 'l':
		return cli_set_mode(o, CLI_MODE_LIST, cause);
	case 's':
		if (cli_set_mode(o, CLI_MODE_SHOW, cause) != LDN_OK)
			return LDN_EUSAGE;
		return cli_show_number(arg, &o->show_n, cause);
	case OPT_TAGS:
		return cli_set_mode(o, CLI_MODE_TAGS, cause);
	case 't':
		if (*arg == '\0')
			return ldn_cause(cause, LDN_EUSAGE, "--tag: empty tag");
		return cli_push(&o->tags, &o->ntags, arg);
	case 'f':
		o->find = arg;
		return LDN_OK;
	case OPT_JSON:
		o->json = true;
		return LDN_OK;
	case OPT_FULL:
		o->full = true;
		return LDN_OK;
	case 'w':
		return cli_number("--width", arg, 10, 10000, &o->width, cause);
	case OPT_TIMEOUT:
		return cli_number("--timeout", arg, 1, 86400, &o->timeout, cause);
	case 'o':
		return cli_number("--open", arg, 1, LONG_MAX, &o->open_n, cause);
	case 'r':
		return cli_number("--refresh", arg, 1, 86400 * 365L, &o->refresh, cause);
	case OPT_ASCII:
		o->ascii = true;
		return LDN_OK;
	case OPT_OFFLINE:
		o->offline = true;
		return LDN_OK;
	case OPT_NO_CACHE:
		o->no_cache = true;
		return LDN_OK;
	case OPT_NO_IGNORE:
		o->no_ignore = true;
		return LDN_OK;
	case OPT_CACHE:
		if (*arg == '\0')
			return ldn_cause(cause, LDN_EUSAGE, "--cache: empty file name");
		o->cache = arg;
		return LDN_OK;
	case OPT_RESET_CACHE:
		o->reset_cache = true;
		return LDN_OK;
	case 'c':
		if (*arg == '\0')
			return ldn_cause(cause, LDN_EUSAGE, "--config: empty file name");
		o->config = arg;
		return LDN_OK;
	case OPT_IMPORT_OPML:
		if (*arg == '\0')
			return ldn_cause(cause, LDN_EUSAGE, "--import-opml: empty file name");
		o->import_opml = arg;
		return cli_set_mode(o, CLI_MODE_IMPORT_OPML, cause);
	case OPT_EXPORT_OPML:
		return cli_set_mode(o, CLI_MODE_EXPORT_OPML, cause);
	case 'k':
		o->kiosk = true;
		return LDN_OK;
	case OPT_IDLE_RESET:
		return cli_number("--idle-reset", arg, 1, 86400 * 365L, &o->idle_reset, cause);
	case OPT_CYCLE:
		return cli_number("--cycle", arg, 1, 86400 * 365L, &o->cycle, cause);
	case OPT_CHECK_FEED:
		if (*arg == '\0')
			return ldn_cause(cause, LDN_EUSAGE, "--check-feed: empty URL");
		o->check = arg;
		return cli_set_mode(o, CLI_MODE_CHECK, cause);
	default:
		/* getopt_long has printed nothing (opterr = 0): say it once here. */
		return ldn_cause(cause, LDN_EUSAGE, "unknown option or missing argument (see --help)");
	}
}

/* The kiosk's options, and what a kiosk must never do. */
static int
cli_check_kiosk(const struct cli_opts *o, char **cause)
{
	if (o->kiosk && (o->reset_cache || o->mode == CLI_MODE_IMPORT_OPML))
		return ldn_cause(cause, LDN_EUSAGE, "--kiosk writes no file: it does not go with "
				 "%s", o->reset_cache ? "--reset-cache" : "--import-opml");
	if ((o->idle_reset || o->cycle) && o->mode != CLI_MODE_DEFAULT)
		return ldn_cause(cause, LDN_EUSAGE, "%s works in the reader: it does not go with "
				 "--list, --show or --tags", o->cycle ? "--cycle" : "--idle-reset");
	return LDN_OK;
}

int
cli_parse(int argc, char **argv, struct cli_opts *o, char **cause)
{
	int c, st = LDN_OK;
	bool help = false, version = false;

	memset(o, 0, sizeof(*o));
	opterr = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "ls:t:f:w:o:r:c:khV", cli_long_opts, NULL)) != -1) {
		if (c == 'h') {
			help = true;
			continue;
		}
		if (c == 'V') {
			version = true;
			continue;
		}
		if (c == '?') /* argv[optind - 1] is the word getopt stopped at */
			return ldn_cause(cause, LDN_EUSAGE, "%s: unknown option or missing argument",
					 argv[optind - 1]);
		st = cli_option(o, c, optarg, cause);
		if (st != LDN_OK)
			return st;
	}
	for (; optind < argc; optind++)
		if ((st = cli_push(&o->feeds, &o->nfeeds, argv[optind])) != LDN_OK)
			return st;
	if (help || version) {
		o->mode = help ? CLI_MODE_HELP : CLI_MODE_VERSION;
		return LDN_OK;
	}
	if (o->mode == CLI_MODE_CHECK && o->nfeeds > 0)
		return ldn_cause(cause, LDN_EUSAGE, "--check-feed takes its one feed, and no other feeds");
	if (o->json && o->mode != CLI_MODE_LIST && o->mode != CLI_MODE_SHOW &&
	    o->mode != CLI_MODE_TAGS)
		return ldn_cause(cause, LDN_EUSAGE, "--json needs --list, --show or --tags");
	if (o->full && o->mode != CLI_MODE_SHOW)
		return ldn_cause(cause, LDN_EUSAGE, "--full needs --show");
	if (o->mode == CLI_MODE_IMPORT_OPML && o->nfeeds > 0)
		return ldn_cause(cause, LDN_EUSAGE, "--import-opml adds to the config file: "
				 "it takes no feed arguments");
	if (o->no_cache && (o->cache || o->reset_cache))
		return ldn_cause(cause, LDN_EUSAGE, "--no-cache does not go with --cache or --reset-cache");
	if (o->no_cache && o->offline)
		return ldn_cause(cause, LDN_EUSAGE, "--offline reads the cache: it does not go with --no-cache");
	if (o->open_n && o->mode != CLI_MODE_DEFAULT)
		return ldn_cause(cause, LDN_EUSAGE, "--open starts the reader: it does not go with "
				 "--list, --show or --tags");
	return cli_check_kiosk(o, cause);
}

void
cli_opts_free(struct cli_opts *o)
{
	free(o->tags);
	free(o->feeds);
	o->tags = NULL;
	o->feeds = NULL;
	o->ntags = 0;
	o->nfeeds = 0;
}
