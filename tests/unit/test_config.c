/* Unit tests for config.c: every setting good and bad, one row each, with
 * the exact message and line; a fixture that uses the whole format; the
 * installed example; and the writer that --import-opml appends with. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "support.h"

#ifndef LDN_TEST_DATA
#define LDN_TEST_DATA "tests/data"
#endif

/* A string literal where the struct wants char * (it is only read). */
#define S(x) ((char *)(uintptr_t)(x))

/* Loads `text` as the file "t.conf". */
static int
load(struct config *cfg, const char *text, char **cause)
{
	FILE *f = fmemopen((void *)(uintptr_t)text, strlen(text), "r");
	int st;

	assert_non_null(f);
	st = config_load_file(cfg, f, "t.conf", cause);
	fclose(f);
	return st;
}

/* ---- bad files: the exact one-line message ---- */

static const struct {
	const char *text;
	const char *want;
} bad_rows[] = {
	/* structure */
	{"refresh = 5\n", "t.conf:1: 'refresh' is outside any section (settings go under [general])"},
	{"[general]\nrefersh = 5\n", "t.conf:2: unknown key 'refersh' in [general]"},
	{"[general]\n\n[colours]\nselected = red\n", "t.conf:4: unknown section [colours]"},
	{"[general]\nrefresh 600\n", "t.conf:2: expected 'key = value', a [section] or a comment"},
	{"[general\nrefresh = 5\n", "t.conf:1: no ']' after the section name"},
	{"[general]\nrefresh = 5\nrefresh = 6\n",
	 "t.conf:3: 'refresh' is set twice in [general] (first on line 2)"},
	{"[general]\nrefresh =\n", "t.conf:2: no value for 'refresh'"},
	{"[general]\nrefresh = \"\"\n", "t.conf:2: no value for 'refresh'"},
	{"[general]\npipe =\n", "t.conf:2: no value for 'pipe'"},
	{"[general]\ncopy = wl-copy\ncopy = xclip\n",
	 "t.conf:3: 'copy' is set twice in [general] (first on line 2)"},
	{"[general]\nrefresh = 5\x01\n", "t.conf:2: control character 0x01 in line"},
	{"[general]\nname = a\rb\n", "t.conf:2: control character 0x0d in line"},
	{"[general]\nbrowser = caf\xe9\n", "t.conf:2: invalid UTF-8 in line"},
	{"[general]\nbrowser = a\xc2\x9b" "31m\n", "t.conf:2: control character U+009B in line"},
	{"# ok\n[general]\nbrowser = a\0b\n", "t.conf:3: control character 0x00 in line"},
	/* an earlier line inih refuses wins over a later bad value */
	{"[general]\noops\nrefresh = x\n", "t.conf:2: expected 'key = value', a [section] or a comment"},
	{"[retention]\nrefresh = 5\n", "t.conf:2: unknown key 'refresh' in [retention]"},
	/* [general] values */
	{"[general]\nrefresh = abc\n",
	 "t.conf:2: bad value 'abc' for refresh (a duration such as 600, 10m or 2h, at most 365d; 0 = never)"},
	{"[general]\nrefresh = 366d\n",
	 "t.conf:2: bad value '366d' for refresh (a duration such as 600, 10m or 2h, at most 365d; 0 = never)"},
	{"[general]\nrefresh = -5\n",
	 "t.conf:2: bad value '-5' for refresh (a duration such as 600, 10m or 2h, at most 365d; 0 = never)"},
	{"[general]\nrefresh = 10 m\n",
	 "t.conf:2: bad value '10 m' for refresh (a duration such as 600, 10m or 2h, at most 365d; 0 = never)"},
	{"[general]\nrefresh = 600 seconds\n",
	 "t.conf:2: bad value '600 seconds' for refresh (a duration such as 600, 10m or 2h, at most 365d; 0 = never)"},
	{"[general]\nrefresh = 99999999999999999999d\n",
	 "t.conf:2: bad value '99999999999999999999d' for refresh (a duration such as 600, 10m or 2h, at most 365d; 0 = never)"},
	{"[general]\ndate-format = %d %Q\n",
	 "t.conf:2: bad value '%d %Q' for date-format (a strftime format such as %d %b %H:%M)"},
	{"[general]\ndate-format = %c%c%c%c%c%c%c%c%c%c%c%c\n",
	 "t.conf:2: bad value '%c%c%c%c%c%c%c%c%c%c%c%c' for date-format (a strftime format such as %d %b %H:%M)"},
	{"[general]\ndensity = cosy\n", "t.conf:2: bad value 'cosy' for density (comfortable or compact)"},
	{"[general]\ndate-format = %\n",
	 "t.conf:2: bad value '%' for date-format (a strftime format such as %d %b %H:%M)"},
	{"[general]\nuser-agent = ldnews/1 \xc3\xa9\n",
	 "t.conf:2: bad value 'ldnews/1 \xc3\xa9' for user-agent (printable ASCII, at most 256 characters)"},
	{"[general]\nconnect-timeout = 0\n",
	 "t.conf:2: bad value '0' for connect-timeout (a duration such as 15 or 1m, from 1s to 1h)"},
	{"[general]\nconnect-timeout = 2h\n",
	 "t.conf:2: bad value '2h' for connect-timeout (a duration such as 15 or 1m, from 1s to 1h)"},
	{"[general]\ntimeout = 0\n",
	 "t.conf:2: bad value '0' for timeout (a duration such as 60 or 2m, from 1s to 1d)"},
	{"[general]\ntimeout = 1w\n",
	 "t.conf:2: bad value '1w' for timeout (a duration such as 60 or 2m, from 1s to 1d)"},
	{"[general]\nlow-speed-time = 61m\n",
	 "t.conf:2: bad value '61m' for low-speed-time (a duration such as 30 or 1m, at most 1h; 0 = off)"},
	{"[general]\nmax-size = 100MB\n",
	 "t.conf:2: bad value '100MB' for max-size (a size such as 512K, 100M or 1G, from 1K to 1024G)"},
	{"[general]\nmax-size = 1000\n",
	 "t.conf:2: bad value '1000' for max-size (a size such as 512K, 100M or 1G, from 1K to 1024G)"},
	{"[general]\nmax-size = 1025G\n",
	 "t.conf:2: bad value '1025G' for max-size (a size such as 512K, 100M or 1G, from 1K to 1024G)"},
	{"[general]\nmax-size = 99999999999999999999\n",
	 "t.conf:2: bad value '99999999999999999999' for max-size (a size such as 512K, 100M or 1G, from 1K to 1024G)"},
	{"[general]\nmax-connections = abc\n",
	 "t.conf:2: bad value 'abc' for max-connections (a number 1-64)"},
	{"[general]\nmax-connections = 0\n",
	 "t.conf:2: bad value '0' for max-connections (a number 1-64)"},
	{"[general]\nmax-connections = 65\n",
	 "t.conf:2: bad value '65' for max-connections (a number 1-64)"},
	{"[general]\nmax-per-host = 8x\n", "t.conf:2: bad value '8x' for max-per-host (a number 1-64)"},
	{"[general]\nkiosk = maybe\n", "t.conf:2: bad value 'maybe' for kiosk (true or false)"},
	{"[general]\nkiosk = True\n", "t.conf:2: bad value 'True' for kiosk (true or false)"},
	/* a '#' comment needs white space before it; glued on, it is the value */
	{"[general]\nrefresh = 600#never\n",
	 "t.conf:2: bad value '600#never' for refresh (a duration such as 600, 10m or 2h, at most 365d; 0 = never)"},
	/* [retention] */
	{"[retention]\nmax-age = 90 days\n",
	 "t.conf:2: bad value '90 days' for max-age (a duration such as 90d or 12h, at most 36500d; 0 = keep)"},
	{"[retention]\nmax-per-feed = 10000001\n",
	 "t.conf:2: bad value '10000001' for max-per-feed (a number 0-10000000; 0 = no limit)"},
	/* [feed] */
	{"[feed]\nname = X\nurl = https://a.example/\n",
	 "t.conf:2: 'name' comes before url in [feed] (url must be the first key of each [feed])"},
	{"[feed]\nurl = https://a.example/\n[feed]\ntags = x\n",
	 "t.conf:4: 'tags' comes before url in [feed] (url must be the first key of each [feed])"},
	{"[feed]\nurl = https://a.example/\nurl = https://b.example/\n",
	 "t.conf:3: a second url in one [feed] section (each feed needs a [feed] of its own)"},
	{"[feed]\nurl = https://a.example/\nname = A\nname = B\n",
	 "t.conf:4: 'name' is set twice in this [feed] (first on line 3)"},
	{"[feed]\nurl = https://a.example/\ntitle = A\n", "t.conf:3: unknown key 'title' in [feed]"},
	{"[feed]\nurl = ftp://a.example/feed\n",
	 "t.conf:2: bad url 'ftp://a.example/feed' (an http, https or file URL, or a path starting with /, ~/, ./ or ../)"},
	{"[feed]\nurl = londondaily.com/feed\n",
	 "t.conf:2: bad url 'londondaily.com/feed' (an http, https or file URL, or a path starting with /, ~/, ./ or ../)"},
	{"[feed]\nurl = https://\n",
	 "t.conf:2: bad url 'https://' (an http, https or file URL, or a path starting with /, ~/, ./ or ../)"},
	{"[feed]\nurl = https://exa mple.org/\n",
	 "t.conf:2: bad url 'https://exa mple.org/' (an http, https or file URL, or a path starting with /, ~/, ./ or ../)"},
	{"[feed]\nurl = https://a.example/\ntags = a,,b\n", "t.conf:3: empty tag in 'a,,b'"},
	{"[feed]\nurl = https://a.example/\ntags = a,\n", "t.conf:3: empty tag in 'a,'"},
	{"[feed]\nurl = https://a.example/\nrefresh = soon\n",
	 "t.conf:3: bad value 'soon' for refresh (a duration such as 600, 10m or 2h, at most 365d; 0 = the [general] refresh)"},
	{"[feed]\nurl = https://a.example/\nlimit = -1\n",
	 "t.conf:3: bad value '-1' for limit (a number 0-10000000; 0 = the [retention] max-per-feed)"},
	{"[feed]\nurl = https://a.example/\nfull-text = always\n",
	 "t.conf:3: bad value 'always' for full-text (never, open or prefetch)"},
	{"[feed]\nurl = https://a.example/\nfull-text = open\nfull-text = never\n",
	 "t.conf:4: 'full-text' is set twice in this [feed] (first on line 3)"},
	/* [colors]: the values (element names are the reader's) */
	{"[colors]\nselected = pink\n",
	 "t.conf:2: bad colour or attribute 'pink' for selected (colours: default, black, red, green, yellow, "
	 "blue, magenta, cyan, white, bright-black ... bright-white, 0-255 or colour0-colour255; attributes: bold, dim, "
	 "underline, reverse, italic)"},
	{"[colors]\nselected = red on\n",
	 "t.conf:2: 'on' needs a colour after it for selected (colours: default, black, red, green, yellow, "
	 "blue, magenta, cyan, white, bright-black ... bright-white, 0-255 or colour0-colour255; attributes: bold, dim, "
	 "underline, reverse, italic)"},
	{"[colors]\nselected = red on 256\n",
	 "t.conf:2: 'on' needs a colour after it for selected (colours: default, black, red, green, yellow, "
	 "blue, magenta, cyan, white, bright-black ... bright-white, 0-255 or colour0-colour255; attributes: bold, dim, "
	 "underline, reverse, italic)"},
	{"[colors]\nselected = black cyan\n",
	 "t.conf:2: 'cyan' for selected: a background colour needs 'on' before it (fg on bg)"},
	{"[colors]\nselected = red blink\n",
	 "t.conf:2: bad colour or attribute 'blink' for selected (colours: default, black, red, green, yellow, "
	 "blue, magenta, cyan, white, bright-black ... bright-white, 0-255 or colour0-colour255; attributes: bold, dim, "
	 "underline, reverse, italic)"},
	{"[colors]\nSelected = red\n",
	 "t.conf:2: bad element name 'Selected' in [colors] (lower-case letters, digits and -)"},
	{"[colors]\nselected = red\nselected = blue\n",
	 "t.conf:3: 'selected' is set twice in [colors] (first on line 2)"},
	/* [keys]: the key specs (action names are the reader's) */
	{"[keys]\nrefresh = ^\xc3\xa9\n",
	 "t.conf:2: bad key '^\xc3\xa9' for refresh (a character, ^ and a letter, or Enter, Tab, Space, "
	 "Up, Down, Left, Right, PgUp, PgDn, Home, End or Backspace)"},
	{"[keys]\nrefresh = ctrl-r\n",
	 "t.conf:2: bad key 'ctrl-r' for refresh (a character, ^ and a letter, or Enter, Tab, Space, "
	 "Up, Down, Left, Right, PgUp, PgDn, Home, End or Backspace)"},
	{"[keys]\nrefresh = F5\n",
	 "t.conf:2: bad key 'F5' for refresh (a character, ^ and a letter, or Enter, Tab, Space, "
	 "Up, Down, Left, Right, PgUp, PgDn, Home, End or Backspace)"},
	{"[keys]\nrefresh = R\nquit = R\n", "t.conf:3: key 'R' is bound twice (to refresh on line 2)"},
	{"[keys]\nrefresh = ^r\nquit = ^R\n", "t.conf:3: key '^R' is bound twice (to refresh on line 2)"},
	{"[keys]\nrefresh = enter\nquit = Enter\n",
	 "t.conf:3: key 'Enter' is bound twice (to refresh on line 2)"},
	{"[keys]\nre fresh = r\n",
	 "t.conf:2: bad action name 're fresh' in [keys] (lower-case letters, digits and -)"},
	/* [ignore] */
	{"[ignore]\nbody = x\n", "t.conf:2: unknown key 'body' in [ignore] (title, tag, author or feed)"},
	{"[ignore]\ntag =\n", "t.conf:2: no value for 'tag'"},
};

static void
test_bad_rows(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad_rows) / sizeof(bad_rows[0]); i++) {
		struct config cfg;
		char *cause = NULL;
		size_t len = strlen(bad_rows[i].text);
		int st;

		/* One row holds a NUL byte: measure it by its message instead. */
		if (strstr(bad_rows[i].want, "0x00") != NULL)
			len += 1 + strlen(bad_rows[i].text + len + 1);
		{
			FILE *f = fmemopen((void *)(uintptr_t)bad_rows[i].text, len, "r");

			assert_non_null(f);
			st = config_load_file(&cfg, f, "t.conf", &cause);
			fclose(f);
		}
		if (st != LDN_EUSAGE || cause == NULL || strcmp(cause, bad_rows[i].want) != 0)
			fail_msg("row %zu: status %d, cause\n  %s\nwant\n  %s", i, st,
				 cause ? cause : "(none)", bad_rows[i].want);
		/* Nothing half-read is left behind. */
		assert_null(cfg.path);
		assert_int_equal(cfg.nfeeds, 0);
		assert_int_equal(cfg.ncolors, 0);
		assert_int_equal(cfg.nbindings, 0);
		assert_int_equal(cfg.nignore, 0);
		assert_int_equal(cfg.line[CONFIG_REFRESH], 0);
		free(cause);
		config_free(&cfg);
	}
}

/* ---- good values, one setting a row ---- */

/* [ignore]: a line per rule, any number of each field, in file order;
 * patterns lower-cased for the matcher. */
static void
test_ignore_rules(void **state)
{
	struct config cfg;
	char *cause = NULL;

	(void)state;
	assert_int_equal(load(&cfg, "[ignore]\ntitle = Horoscope\ntag = Sport*\n"
			      "[general]\nrefresh = 5m\n[ignore]\nauthor = \"Press  Association\"\n"
			      "feed = *Mail*\ntag = Royals\n", &cause), LDN_OK);
	assert_int_equal(cfg.nignore, 5);
	assert_int_equal(cfg.ignore[0].field, IGNORE_TITLE);
	assert_string_equal(cfg.ignore[0].pattern, "horoscope");
	assert_int_equal(cfg.ignore[0].line, 2);
	assert_int_equal(cfg.ignore[1].field, IGNORE_TAG);
	assert_string_equal(cfg.ignore[1].pattern, "sport*");
	assert_int_equal(cfg.ignore[2].field, IGNORE_AUTHOR);
	assert_string_equal(cfg.ignore[2].pattern, "press  association");
	assert_int_equal(cfg.ignore[2].line, 7);
	assert_int_equal(cfg.ignore[3].field, IGNORE_FEED);
	assert_int_equal(cfg.ignore[4].field, IGNORE_TAG);
	config_free(&cfg);
	assert_int_equal(cfg.nignore, 0);
}

static long long
number(const struct config *c, enum config_setting id)
{
	switch (id) {
	case CONFIG_REFRESH: return c->refresh;
	case CONFIG_CONNECT_TIMEOUT: return c->connect_timeout;
	case CONFIG_TIMEOUT: return c->timeout;
	case CONFIG_LOW_SPEED_TIME: return c->low_speed_time;
	case CONFIG_MAX_SIZE: return (long long)c->max_size;
	case CONFIG_MAX_CONNECTIONS: return c->max_connections;
	case CONFIG_MAX_PER_HOST: return c->max_per_host;
	case CONFIG_KIOSK: return c->kiosk;
	case CONFIG_READER_WIDTH: return c->reader_width;
	case CONFIG_DENSITY: return c->density;
	case CONFIG_MAX_AGE: return c->max_age;
	case CONFIG_MAX_PER_FEED: return (long long)c->max_per_feed;
	default: return -1;
	}
}

static const struct {
	const char *text;
	enum config_setting id;
	long long want;
} good_rows[] = {
	{"[general]\nrefresh = 600\n", CONFIG_REFRESH, 600},
	{"[general]\nrefresh = 0\n", CONFIG_REFRESH, 0},
	{"[general]\nrefresh = 45s\n", CONFIG_REFRESH, 45},
	{"[general]\nrefresh = 10m\n", CONFIG_REFRESH, 600},
	{"[general]\nrefresh = 2h\n", CONFIG_REFRESH, 7200},
	{"[general]\nrefresh = 365d\n", CONFIG_REFRESH, 365 * 86400LL},
	{"[general]\nrefresh = 600   # seconds; 0 = never\n", CONFIG_REFRESH, 600},
	{"[general]\nrefresh = 600 ; seconds\n", CONFIG_REFRESH, 600},
	{"  [general]  \n\t refresh\t=\t600\t\n", CONFIG_REFRESH, 600},
	{"[general]\r\nrefresh = 600\r\n", CONFIG_REFRESH, 600},
	{"[ general ]\nrefresh = 600\n", CONFIG_REFRESH, 600},
	{"[general]\nrefresh: 600\n", CONFIG_REFRESH, 600},
	{"[general]\nconnect-timeout = 1\n", CONFIG_CONNECT_TIMEOUT, 1},
	{"[general]\nconnect-timeout = 1h\n", CONFIG_CONNECT_TIMEOUT, 3600},
	{"[general]\ntimeout = 1d\n", CONFIG_TIMEOUT, 86400},
	{"[general]\nlow-speed-time = 0\n", CONFIG_LOW_SPEED_TIME, 0},
	{"[general]\nlow-speed-time = 1m\n", CONFIG_LOW_SPEED_TIME, 60},
	{"[general]\nmax-size = 1K\n", CONFIG_MAX_SIZE, 1024},
	{"[general]\nmax-size = 100M\n", CONFIG_MAX_SIZE, 100LL << 20},
	{"[general]\nmax-size = 2g\n", CONFIG_MAX_SIZE, 2LL << 30},
	{"[general]\nmax-size = 1024G\n", CONFIG_MAX_SIZE, 1024LL << 30},
	{"[general]\nmax-size = 4096\n", CONFIG_MAX_SIZE, 4096},
	{"[general]\nmax-connections = 1\n", CONFIG_MAX_CONNECTIONS, 1},
	{"[general]\nmax-connections = 64\n", CONFIG_MAX_CONNECTIONS, 64},
	{"[general]\nmax-per-host = 3\n", CONFIG_MAX_PER_HOST, 3},
	{"[general]\nreader-width = 66\n", CONFIG_READER_WIDTH, 66},
	{"[general]\nreader-width = 0\n", CONFIG_READER_WIDTH, 0},
	{"[general]\nkiosk = true\n", CONFIG_KIOSK, 1},
	{"[general]\nkiosk = off\n", CONFIG_KIOSK, 0},
	{"[general]\nkiosk = 1\n", CONFIG_KIOSK, 1},
	{"[general]\ndensity = compact\n", CONFIG_DENSITY, CONFIG_DENSITY_COMPACT},
	{"[general]\ndensity = comfortable\n", CONFIG_DENSITY, CONFIG_DENSITY_COMFORTABLE},
	{"[retention]\nmax-age = 0\n", CONFIG_MAX_AGE, 0},
	{"[retention]\nmax-age = 90d\n", CONFIG_MAX_AGE, 90 * 86400LL},
	{"[retention]\nmax-age = 36500d\n", CONFIG_MAX_AGE, 36500 * 86400LL},
	{"[retention]\nmax-per-feed = 0\n", CONFIG_MAX_PER_FEED, 0},
	{"[retention]\nmax-per-feed = 10000000\n", CONFIG_MAX_PER_FEED, 10000000},
	/* the second [general] adds to the first */
	{"[general]\nkiosk = no\n[retention]\nmax-age = 1d\n[general]\nrefresh = 5\n", CONFIG_REFRESH, 5},
};

static void
test_good_rows(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(good_rows) / sizeof(good_rows[0]); i++) {
		struct config cfg;
		char *cause = NULL;
		int st = load(&cfg, good_rows[i].text, &cause);

		if (st != LDN_OK)
			fail_msg("row %zu: %s", i, cause ? cause : "(no cause)");
		assert_null(cause);
		if (number(&cfg, good_rows[i].id) != good_rows[i].want)
			fail_msg("row %zu: %lld, want %lld", i, number(&cfg, good_rows[i].id),
				 good_rows[i].want);
		assert_int_not_equal(cfg.line[good_rows[i].id], 0);
		assert_string_equal(cfg.path, "t.conf");
		config_free(&cfg);
	}
}

/* Nothing set: the defaults of the modules that own them. */
static void
test_defaults(void **state)
{
	struct config cfg;
	char *cause = NULL;
	size_t i;

	(void)state;
	assert_int_equal(load(&cfg, "# nothing but a comment\n\n", &cause), LDN_OK);
	assert_int_equal(cfg.refresh, 0);
	assert_null(cfg.browser);
	assert_null(cfg.player);
	assert_null(cfg.pipe);
	assert_null(cfg.copy);
	assert_null(cfg.date_format);
	assert_null(cfg.user_agent);
	assert_int_equal(cfg.density, CONFIG_DENSITY_COMFORTABLE);
	assert_int_equal(cfg.connect_timeout, 15);
	assert_int_equal(cfg.timeout, 60);
	assert_int_equal(cfg.low_speed_time, 30);
	assert_true(cfg.max_size == 100ULL << 20);
	assert_int_equal(cfg.max_connections, 8);
	assert_int_equal(cfg.max_per_host, 2);
	assert_false(cfg.kiosk);
	assert_true(cfg.max_age == 90LL * 86400);
	assert_int_equal(cfg.max_per_feed, 5000);
	for (i = 0; i < CONFIG_NSETTINGS; i++)
		assert_int_equal(cfg.line[i], 0);
	assert_int_equal(cfg.nfeeds, 0);
	config_free(&cfg);
}

/* ---- the fixture that uses the whole format ---- */

/* The 256 colours by number, bare or named as tmux names them. */
static void
test_colour_numbers(void **state)
{
	struct config cfg;
	char *cause = NULL;

	(void)state;
	assert_int_equal(load(&cfg, "[colors]\nselected = colour208 on color17\n"
			      "date = 9 on colour0 bold\n", &cause), LDN_OK);
	assert_int_equal(cfg.ncolors, 2);
	assert_int_equal(cfg.colors[0].fg, 208);
	assert_int_equal(cfg.colors[0].bg, 17);
	assert_string_equal(cfg.colors[1].element, "date");
	assert_int_equal(cfg.colors[1].fg, 9);
	assert_int_equal(cfg.colors[1].bg, 0);
	config_free(&cfg);
	assert_int_equal(load(&cfg, "[colors]\nselected = colour256\n", &cause), LDN_EUSAGE);
	assert_non_null(strstr(cause, "bad colour or attribute 'colour256'"));
	config_free(&cfg);
	free(cause);
	cause = NULL;
	assert_int_equal(load(&cfg, "[colors]\nselected = colour\n", &cause), LDN_EUSAGE);
	config_free(&cfg);
	free(cause);
}

/* The reader's | and y commands: argument vectors split at blanks (as
 * browser's), no quoting, no shell; the | prompt splits the same way. */
static void
test_pipe_and_copy(void **state)
{
	struct config cfg;
	char *cause = NULL, **v;

	(void)state;
	if (load(&cfg, "[general]\npipe = less  -R\ncopy = \"xclip -selection\tclipboard\"\n",
		 &cause) != LDN_OK)
		fail_msg("%s", cause);
	assert_string_equal(cfg.pipe[0], "less");
	assert_string_equal(cfg.pipe[1], "-R");
	assert_null(cfg.pipe[2]);
	assert_int_equal(cfg.line[CONFIG_PIPE], 2);
	assert_string_equal(cfg.copy[0], "xclip");
	assert_string_equal(cfg.copy[1], "-selection");
	assert_string_equal(cfg.copy[2], "clipboard");
	assert_null(cfg.copy[3]);
	assert_int_equal(cfg.line[CONFIG_COPY], 3);
	config_free(&cfg);
	assert_null(cfg.pipe);
	assert_null(cfg.copy);

	assert_int_equal(config_argv_split(" grep\t-i 'a b' $HOME;x ", &v), LDN_OK);
	assert_string_equal(v[0], "grep");
	assert_string_equal(v[1], "-i");
	assert_string_equal(v[2], "'a");
	assert_string_equal(v[3], "b'");
	assert_string_equal(v[4], "$HOME;x");
	assert_null(v[5]);
	config_argv_free(v);
	assert_int_equal(config_argv_split(" \t ", &v), LDN_OK);
	assert_null(v);
	config_argv_free(NULL);
}

static void
test_full_fixture(void **state)
{
	struct config cfg;
	char *cause = NULL, *home = getenv("HOME");
	const struct config_feed *f;

	(void)state;
	(void)home;
	if (config_load(&cfg, LDN_TEST_DATA "/config/full.conf", 0, &cause) != LDN_OK)
		fail_msg("%s", cause);
	assert_int_equal(cfg.refresh, 600);
	assert_int_equal(cfg.line[CONFIG_REFRESH], 5);
	assert_string_equal(cfg.browser[0], "firefox");
	assert_string_equal(cfg.browser[1], "--new-tab");
	assert_string_equal(cfg.browser[2], "%u");
	assert_null(cfg.browser[3]);
	assert_int_equal(cfg.line[CONFIG_BROWSER], 6);
	assert_string_equal(cfg.player[0], "mpv");
	assert_string_equal(cfg.player[1], "--no-video");
	assert_null(cfg.player[2]);
	assert_int_equal(cfg.density, CONFIG_DENSITY_COMPACT);
	assert_string_equal(cfg.date_format, "%d %b #%H:%M");
	assert_string_equal(cfg.user_agent, "ldnews-test/1.0 (+https://example.org/#about)");
	assert_int_equal(cfg.connect_timeout, 20);
	assert_int_equal(cfg.timeout, 120);
	assert_int_equal(cfg.low_speed_time, 0);
	assert_true(cfg.max_size == 512 * 1024);
	assert_int_equal(cfg.max_connections, 16);
	assert_int_equal(cfg.max_per_host, 4);
	assert_true(cfg.kiosk);
	assert_true(cfg.max_age == 12 * 3600);
	assert_int_equal(cfg.max_per_feed, 0);

	assert_int_equal(cfg.ncolors, 4);
	assert_string_equal(cfg.colors[0].element, "selected");
	assert_int_equal(cfg.colors[0].fg, 0);
	assert_int_equal(cfg.colors[0].bg, 6);
	assert_int_equal(cfg.colors[0].attrs, CONFIG_ATTR_BOLD);
	assert_int_equal(cfg.colors[0].line, 24);
	assert_int_equal(cfg.colors[1].fg, 15);
	assert_int_equal(cfg.colors[1].bg, 52);
	assert_int_equal(cfg.colors[1].attrs, CONFIG_ATTR_BOLD | CONFIG_ATTR_UNDERLINE);
	assert_int_equal(cfg.colors[2].fg, CONFIG_COLOR_UNSET);
	assert_int_equal(cfg.colors[2].bg, CONFIG_COLOR_DEFAULT);
	assert_int_equal(cfg.colors[2].attrs, 0);
	assert_int_equal(cfg.colors[3].fg, CONFIG_COLOR_UNSET);
	assert_int_equal(cfg.colors[3].bg, CONFIG_COLOR_UNSET);
	assert_int_equal(cfg.colors[3].attrs, CONFIG_ATTR_REVERSE);

	assert_int_equal(cfg.nbindings, 5);
	assert_string_equal(cfg.bindings[0].action, "refresh");
	assert_string_equal(cfg.bindings[0].key, "^R");
	assert_int_equal(cfg.bindings[0].line, 30);
	assert_string_equal(cfg.bindings[1].key, "Q");
	assert_string_equal(cfg.bindings[2].action, "article-tags");
	assert_string_equal(cfg.bindings[2].key, "#");
	assert_string_equal(cfg.bindings[3].key, "Down");
	assert_string_equal(cfg.bindings[4].key, ";");

	assert_int_equal(cfg.nfeeds, 4);
	f = &cfg.feeds[0];
	assert_string_equal(f->url, "https://londondaily.com/");
	assert_string_equal(f->name, "London Daily");
	assert_int_equal(f->ntags, 2);
	assert_string_equal(f->tags[0], "london");
	assert_string_equal(f->tags[1], "news");
	assert_int_equal(f->refresh, 300);
	assert_int_equal(f->limit, 500);
	assert_int_equal(f->full_text, CONFIG_FULL_TEXT_OPEN);
	assert_int_equal(f->line, 37);
	/* A line longer than inih's buffer still reads whole. */
	f = &cfg.feeds[1];
	assert_int_equal(strlen(f->url), 26 + 300 + 4);
	assert_string_equal(f->url + 26 + 300, "?x=1");
	assert_string_equal(f->name, "Semicolons ; and #hashes");
	assert_null(f->tags);
	assert_int_equal(f->refresh, 0);
	assert_int_equal(f->limit, 0);
	/* ./ paths are the config file's neighbours. */
	assert_string_equal(cfg.feeds[2].url, LDN_TEST_DATA "/config/./local.xml");
	assert_string_equal(cfg.feeds[3].url, "file:///srv/feeds/x.xml");
	config_free(&cfg);
}

static void
test_home_paths(void **state)
{
	struct config cfg;
	char *cause = NULL;

	(void)state;
	setenv("HOME", "/home/reader", 1);
	assert_int_equal(load(&cfg, "[feed]\nurl = ~/news/feed.xml\n[feed]\nurl = /abs.xml\n", &cause),
			 LDN_OK);
	assert_string_equal(cfg.feeds[0].url, "/home/reader/news/feed.xml");
	assert_string_equal(cfg.feeds[1].url, "/abs.xml");
	config_free(&cfg);
	unsetenv("HOME");
	assert_int_equal(load(&cfg, "[feed]\nurl = ~/feed.xml\n", &cause), LDN_EUSAGE);
	assert_string_equal(cause, "t.conf:2: '~/feed.xml': ~/ needs HOME to be set");
	free(cause);
	config_free(&cfg);
}

static void
test_missing_and_unreadable(void **state)
{
	struct config cfg;
	char *cause = NULL;

	(void)state;
	assert_int_equal(config_load(&cfg, "/nonexistent/ldnews/config", CONFIG_MISSING_OK, &cause),
			 LDN_OK);
	assert_null(cause);
	assert_null(cfg.path);
	config_free(&cfg);
	assert_int_equal(config_load(&cfg, "/nonexistent/ldnews/config", 0, &cause), LDN_EUSAGE);
	assert_string_equal(cause, "/nonexistent/ldnews/config: No such file or directory");
	free(cause);
	cause = NULL;
	config_free(&cfg);
	/* A directory opens, and fails on the first read. */
	assert_int_equal(config_load(&cfg, LDN_TEST_DATA "/config", CONFIG_MISSING_OK, &cause),
			 LDN_EUSAGE);
	assert_string_equal(cause, LDN_TEST_DATA "/config: Is a directory");
	free(cause);
	config_free(&cfg);
}

/* The example installed as share/ldnews/config.example is a valid file. */
static void
test_example(void **state)
{
	struct config cfg;
	char *cause = NULL;

	(void)state;
	if (config_load(&cfg, LDN_TEST_DATA "/../../data/config.example", 0, &cause) != LDN_OK)
		fail_msg("%s", cause);
	assert_int_equal(cfg.nfeeds, 1);
	assert_string_equal(cfg.feeds[0].url, "https://londondaily.com/");
	assert_true(cfg.ncolors > 0);
	assert_true(cfg.nbindings > 0);
	/* It restates the defaults, so copying it changes nothing. */
	assert_int_equal(cfg.timeout, 60);
	assert_int_equal(cfg.max_connections, 8);
	config_free(&cfg);
}

/* ---- writing: what is written reads back the same ---- */

static void
test_format_reads_back(void **state)
{
	static const char *const names[] = {
		"Plain name", "Hash #1", "Semi ; colon", "\"Quoted\"", " padded ", "a\"b #c",
		"ends with \"", "#first", "x;y", "caf\xc3\xa9 \xe2\x80\x94 news",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *tags[] = {S("one"), S("two #2")};
		struct config_feed f = {.url = S("https://a.example/feed?x=1#frag"),
					.name = S(names[i]), .tags = tags,
					.ntags = 2, .refresh = 60, .limit = 10,
					.full_text = CONFIG_FULL_TEXT_PREFETCH};
		struct config cfg;
		struct buf b;
		char *cause = NULL;
		int st;

		buf_init(&b, 1 << 16);
		st = config_format_feed(&b, &f, &cause);
		if (st == LDN_EUSAGE) {
			/* Only a value that cannot be said may be refused. */
			assert_non_null(strchr(names[i], '"'));
			assert_non_null(cause);
			assert_int_equal(b.len, 0);
			free(cause);
			buf_free(&b);
			continue;
		}
		assert_int_equal(st, LDN_OK);
		if (load(&cfg, buf_cstr(&b), &cause) != LDN_OK)
			fail_msg("name %zu: %s in\n%s", i, cause, buf_cstr(&b));
		assert_int_equal(cfg.nfeeds, 1);
		assert_string_equal(cfg.feeds[0].url, f.url);
		assert_string_equal(cfg.feeds[0].name, names[i]);
		assert_int_equal(cfg.feeds[0].ntags, 2);
		assert_string_equal(cfg.feeds[0].tags[1], "two #2");
		assert_int_equal(cfg.feeds[0].refresh, 60);
		assert_int_equal(cfg.feeds[0].limit, 10);
		assert_int_equal(cfg.feeds[0].full_text, CONFIG_FULL_TEXT_PREFETCH);
		config_free(&cfg);
		buf_free(&b);
	}
}

static void
test_format_refuses(void **state)
{
	char *comma[] = {S("a,b")};
	const struct config_feed bad[] = {
		{.url = S("https://a.example/"), .name = S("line\nbreak")},
		{.url = S("https://a.example/"), .tags = comma, .ntags = 1},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct buf b;
		char *cause = NULL;

		buf_init(&b, 1 << 16);
		assert_int_equal(config_format_feed(&b, &bad[i], &cause), LDN_EUSAGE);
		assert_non_null(cause);
		assert_int_equal(b.len, 0);
		free(cause);
		buf_free(&b);
	}
}

static void
test_append(void **state)
{
	char *dir, path[128], link[128], *got, *cause = NULL;
	const char *orig = "# my comments\n[general]\nrefresh = 5 ; keep\n[feed]\nurl = /a.xml";
	struct stat sb;

	(void)state;
	dir = ts_tmpdir("config");
	/* A new file, and the directories above it. */
	snprintf(path, sizeof(path), "%s/sub/dir/config", dir);
	assert_int_equal(config_append(path, "[feed]\nurl = /b.xml\n", &cause), LDN_OK);
	got = ts_slurp(path, NULL);
	assert_string_equal(got, "[feed]\nurl = /b.xml\n");
	free(got);
	/* An existing one keeps every byte, gets a line end, and its mode. */
	ts_spit(path, orig, strlen(orig));
	chmod(path, 0640);
	snprintf(link, sizeof(link), "%s/link", dir);
	assert_int_equal(symlink(path, link), 0);
	assert_int_equal(config_append(link, "[feed]\nurl = /c.xml\n", &cause), LDN_OK);
	got = ts_slurp(path, NULL);
	assert_int_equal(strncmp(got, orig, strlen(orig)), 0);
	assert_string_equal(got + strlen(orig), "\n[feed]\nurl = /c.xml\n");
	free(got);
	assert_int_equal(lstat(link, &sb), 0);
	assert_true(S_ISLNK(sb.st_mode));
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0640);
	/* A place that cannot be written: an error naming it, nothing else. */
	snprintf(path, sizeof(path), "%s/link/config", dir);
	assert_int_equal(config_append(path, "x", &cause), LDN_EIO);
	assert_non_null(strstr(cause, path));
	free(cause);
	unlink(link);
	snprintf(path, sizeof(path), "%s/sub/dir/config", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/sub/dir", dir);
	rmdir(path);
	snprintf(path, sizeof(path), "%s/sub", dir);
	rmdir(path);
	assert_int_equal(rmdir(dir), 0);
	free(dir);
}

/* Reading stops at the first line over 64 KiB, and at 16 MiB in all,
 * however much the stream would give: /dev/zero ends no line, so it grew
 * to 3.8 GB before the line check. */
static void
test_bounded_reads(void **state)
{
	struct config cfg;
	char *cause = NULL;
	FILE *f;
	size_t i;

	(void)state;
	assert_non_null(f = fopen("/dev/zero", "r"));
	assert_int_equal(config_load_file(&cfg, f, "t.conf", &cause), LDN_EUSAGE);
	assert_string_equal(cause, "t.conf:1: line longer than 65536 bytes");
	/* it read no more than the line it refused */
	assert_true(ftell(f) <= 65537 + 65536);
	fclose(f);
	free(cause);
	cause = NULL;

	/* comments without end, as from a FIFO: 17 MiB of them */
	assert_non_null(f = tmpfile());
	for (i = 0; i < (size_t)17 << 19; i++)
		assert_true(fputs("#\n", f) >= 0);
	rewind(f);
	assert_int_equal(config_load_file(&cfg, f, "t.conf", &cause), LDN_EUSAGE);
	assert_string_equal(cause, "t.conf: larger than 16777216 bytes");
	assert_true(ftell(f) <= (16L << 20) + 2);
	fclose(f);
	free(cause);
}

/* n feeds with tags and n colours: read in O(n). */
static void
load_many(size_t n, void *arg)
{
	struct config cfg;
	struct buf b;
	char *cause = NULL;
	size_t i;

	(void)arg;
	buf_init(&b, (size_t)64 << 20);
	for (i = 0; i < n; i++)
		assert_int_equal(buf_printf(&b, "[feed]\nurl = https://x/%zu\ntags = a, b%zu, a\n",
					    i, i), LDN_OK);
	assert_int_equal(buf_puts(&b, "[colors]\n"), LDN_OK);
	for (i = 0; i < n; i++)
		assert_int_equal(buf_printf(&b, "e%zu = red\n", i), LDN_OK);
	assert_int_equal(buf_puts(&b, "[feed]\nurl = https://x/t\ntags = "), LDN_OK);
	for (i = 0; i < n / 40; i++)
		assert_int_equal(buf_printf(&b, "%st%zu", i ? ", " : "", i), LDN_OK);
	assert_int_equal(buf_puts(&b, "\n"), LDN_OK);
	if (load(&cfg, buf_cstr(&b), &cause) != LDN_OK)
		fail_msg("%s", cause);
	buf_free(&b);
	assert_int_equal(cfg.nfeeds, n + 1);
	assert_int_equal(cfg.ncolors, n);
	assert_int_equal(cfg.feeds[n].ntags, n / 40);
	config_free(&cfg);
}

static void
test_load_linear(void **state)
{
	(void)state;
	ts_assert_linear("config feeds, colours and tags", load_many, NULL,
			 getenv("LDN_VALGRIND") ? 400 : TS_SANITIZED ? 5000 : 10000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_rows),
		cmocka_unit_test(test_good_rows),
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_pipe_and_copy),
		cmocka_unit_test(test_colour_numbers),
		cmocka_unit_test(test_full_fixture),
		cmocka_unit_test(test_home_paths),
		cmocka_unit_test(test_missing_and_unreadable),
		cmocka_unit_test(test_example),
		cmocka_unit_test(test_format_reads_back),
		cmocka_unit_test(test_format_refuses),
		cmocka_unit_test(test_ignore_rules),
		cmocka_unit_test(test_append),
		cmocka_unit_test(test_bounded_reads),
		cmocka_unit_test(test_load_linear),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
