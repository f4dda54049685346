/*
 * config.c - the configuration file (ldnews.conf(5)), read with inih.
 *
 * inih splits the file into sections, keys and values. This file hands it
 * the lines (config_read_line, an ini_reader) and takes the pairs
 * (config_pair, an ini_handler), which it checks against const tables and
 * stores. Before inih sees a line, the reader:
 *  - rejects NUL bytes, control characters and invalid UTF-8;
 *  - drops leading white space, so an indented key is a key (inih would
 *    take it for a continuation of the previous value);
 *  - cuts a comment: '#' or ';' after white space and outside double
 *    quotes (inih alone knows only ';', and nothing of quotes). A ';'
 *    inside quotes is handed over as CONFIG_SEMI so inih keeps it;
 *  - hands a line too long for inih's fixed buffer (200 bytes as Debian
 *    builds it) over as "key=" CONFIG_LONG, keeping the value aside.
 * Invariants: inih asks for one line per line, so r->lineno is the line
 * of every pair the handler sees; the first error wins and ends the
 * reading (the reader returns NULL from then on); the file is read into a
 * scratch struct config that reaches the caller only when all of it is
 * good, so a bad file changes nothing.
 *
 * Owns a struct config from config_read to config_free. Runs on main's
 * thread at start-up, before any other thread exists.
 */
#define _XOPEN_SOURCE 700 /* realpath */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <ini.h>

#include "config.h"
#include "fetch.h"
#include "hashset.h"
#include "paths.h"
#include "store.h"
#include "text.h"
#include "url.h"

#define CONFIG_SEMI '\x1f'      /* a quoted ';', hidden from inih */
#define CONFIG_LONG "\x1e"      /* "the value is in r->long_value" */
#define CONFIG_FILE_MAX (16u * 1024 * 1024) /* config_append reads it whole */
#define CONFIG_DAY (24L * 3600)
#define CONFIG_TEXT_MAX 256     /* user-agent and date-format */

/* Feed keys, in the order of config_feed_keys. */
enum config_feed_key {
	FEED_URL, FEED_NAME, FEED_TAGS, FEED_REFRESH, FEED_LIMIT, FEED_FULL_TEXT, FEED_NKEYS
};

struct config_reader {
	FILE *f;
	const char *name;       /* the file, for messages */
	char *dir;              /* its directory, for ./ and ../ paths */
	struct config *cfg;     /* the scratch configuration */
	char *raw;              /* the line read (config_getline), or NULL */
	size_t total;           /* bytes read so far */
	int lineno;
	int section_line;       /* line of the latest [section] header */
	char *long_value;       /* see CONFIG_LONG */
	size_t capfeeds;        /* room in cfg->feeds */
	size_t capcolors;       /* room in cfg->colors */
	struct hashset colors;  /* positions in cfg->colors, by element */
	int feed_section;       /* section_line of the current feed's [feed] */
	int feed_lines[FEED_NKEYS]; /* where the current feed's keys were set */
	int status;             /* the first error's status, or LDN_OK */
	int err_line;           /* and its line */
	char *err;              /* and what it was (NULL: out of memory) */
};

/* ---- errors ---- */

static int LDN_PRINTF(4, 0)
config_vfail(struct config_reader *r, int line, int status, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	if (r->status != LDN_OK)
		return r->status;
	r->status = status;
	r->err_line = line;
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n >= 0 && (r->err = malloc((size_t)n + 1)) != NULL)
		vsnprintf(r->err, (size_t)n + 1, fmt, ap);
	return status;
}

/* Records the first error, on the current line; returns `status`. */
static int LDN_PRINTF(3, 4)
config_fail(struct config_reader *r, int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	config_vfail(r, r->lineno, status, fmt, ap);
	va_end(ap);
	return status;
}

static int
config_nomem(struct config_reader *r)
{
	if (r->status == LDN_OK) {
		r->status = LDN_ENOMEM;
		r->err_line = r->lineno;
	}
	return LDN_ENOMEM;
}

/* ---- small parsers, each returning false on a bad value ---- */

static bool
config_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* "600", "30s", "10m", "2h", "90d" into seconds in [min, max]. */
static bool
config_duration(const char *s, long long min, long long max, long long *out)
{
	static const struct { char c; long long mul; } units[] = {
		{'s', 1}, {'m', 60}, {'h', 3600}, {'d', CONFIG_DAY},
	};
	long long v = 0, mul = 1;
	const char *p = s;
	size_t i;

	if (!isdigit((unsigned char)*p))
		return false;
	for (; isdigit((unsigned char)*p); p++) {
		if (v > (LLONG_MAX - 9) / 10 / CONFIG_DAY)
			return false;
		v = v * 10 + (*p - '0');
	}
	if (*p != '\0') {
		for (i = 0; i < sizeof(units) / sizeof(units[0]) && units[i].c != *p; i++)
			;
		if (i == sizeof(units) / sizeof(units[0]) || p[1] != '\0')
			return false;
		mul = units[i].mul;
	}
	v *= mul;
	if (v < min || v > max)
		return false;
	*out = v;
	return true;
}

/* A plain decimal in [min, max]. */
static bool
config_count(const char *s, long long min, long long max, long long *out)
{
	long long v = 0;
	const char *p;

	if (*s == '\0')
		return false;
	for (p = s; *p; p++) {
		if (!isdigit((unsigned char)*p) || v > (LLONG_MAX - 9) / 10)
			return false;
		v = v * 10 + (*p - '0');
	}
	if (v < min || v > max)
		return false;
	*out = v;
	return true;
}

/* "100M": bytes, with an optional K, M or G (powers of 1024). */
static bool
config_size(const char *s, unsigned long long min, unsigned long long max,
	    unsigned long long *out)
{
	unsigned long long v = 0, mul = 1;
	const char *p = s;

	if (!isdigit((unsigned char)*p))
		return false;
	for (; isdigit((unsigned char)*p); p++) {
		if (v > ULLONG_MAX / 10 / (1ULL << 30))
			return false;
		v = v * 10 + (unsigned long long)(*p - '0');
	}
	if (*p != '\0') {
		const char *u = strchr("KkMmGg", *p);

		if (u == NULL || p[1] != '\0')
			return false;
		mul = 1ULL << (10 * (1 + (u - "KkMmGg") / 2));
	}
	v *= mul;
	if (v < min || v > max)
		return false;
	*out = v;
	return true;
}

static bool
config_bool(const char *s, bool *out)
{
	static const char *const yes[] = {"true", "yes", "on", "1"};
	static const char *const no[] = {"false", "no", "off", "0"};
	size_t i;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (strcmp(s, yes[i]) == 0 || strcmp(s, no[i]) == 0) {
			*out = strcmp(s, yes[i]) == 0;
			return true;
		}
	}
	return false;
}

/* Printable ASCII only: it goes into an HTTP header. */
static bool
config_agent_ok(const char *s)
{
	const char *p;

	for (p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p > 0x7e)
			return false;
	return p - s <= CONFIG_TEXT_MAX;
}

/*
 * A strftime format: every '%' starts a conversion (glibc's flags and a
 * width allowed), and a sample date comes out non-empty and short.
 */
static bool
config_date_format_ok(const char *s)
{
	static const char conversions[] = "aAbBcCdDeFgGhHIjklmMnprRsStTuUVwWxXyYzZ%+";
	const char *p;
	struct tm tm;
	char out[CONFIG_TEXT_MAX];

	if (strlen(s) > CONFIG_TEXT_MAX / 4)
		return false;
	for (p = s; *p; p++) {
		if (*p != '%')
			continue;
		p++;
		p += strspn(p, "-_0^#");
		p += strspn(p, "0123456789");
		if (*p == 'E' || *p == 'O')
			p++;
		if (*p == '\0' || strchr(conversions, *p) == NULL)
			return false;
	}
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = 124;
	tm.tm_mon = 8;
	tm.tm_mday = 12;
	tm.tm_hour = 9;
	tm.tm_min = 30;
	tm.tm_wday = 4;
	tm.tm_yday = 255;
	/* The format is the user's by design: it is what is being checked. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	return strftime(out, sizeof(out), s, &tm) > 0;
#pragma GCC diagnostic pop
}

/* Lower-case letters, digits, '-' and '_': element and action names. */
static bool
config_name_ok(const char *s)
{
	const char *p;

	if (*s == '\0')
		return false;
	for (p = s; *p; p++)
		if (!islower((unsigned char)*p) && !isdigit((unsigned char)*p) &&
		    *p != '-' && *p != '_')
			return false;
	return true;
}

/* ---- values: argv, tags, urls ---- */

void
config_argv_free(char **v)
{
	size_t i;

	for (i = 0; v != NULL && v[i] != NULL; i++)
		free(v[i]);
	free(v);
}

int
config_argv_split(const char *s, char ***out)
{
	char **v = NULL, **nv;
	size_t n = 0, len;

	*out = NULL;
	for (;;) {
		s += strspn(s, " \t");
		if (*s == '\0')
			break;
		len = strcspn(s, " \t");
		if ((nv = realloc(v, (n + 2) * sizeof(*v))) == NULL)
			goto fail;
		v = nv;
		if ((v[n] = strndup(s, len)) == NULL)
			goto fail;
		v[++n] = NULL;
		s += len;
	}
	*out = v;
	return LDN_OK;
fail:
	config_argv_free(v);
	return LDN_ENOMEM;
}

static bool
config_scheme_ok(const char *s)
{
	static const char *const schemes[] = {"http://", "https://", "file://"};
	size_t i;

	for (i = 0; i < sizeof(schemes) / sizeof(schemes[0]); i++)
		if (strncasecmp(s, schemes[i], strlen(schemes[i])) == 0)
			return true;
	return false;
}

/* libcurl's URL parser accepts it (a host for http, no spaces...). */
static bool
config_url_parses(const char *s)
{
	CURLU *u = curl_url();
	bool ok;

	if (u == NULL)
		return false;
	ok = curl_url_set(u, CURLUPART_URL, s, 0) == CURLUE_OK;
	curl_url_cleanup(u);
	return ok;
}

bool
config_url_ok(const char *s)
{
	if (url_has_scheme(s))
		return config_scheme_ok(s) && config_url_parses(s);
	return s[0] == '/';
}

static int
config_join(const char *a, const char *b, char **out)
{
	size_t la = strlen(a), lb = strlen(b);

	if ((*out = malloc(la + lb + 2)) == NULL)
		return LDN_ENOMEM;
	memcpy(*out, a, la);
	(*out)[la] = '/';
	memcpy(*out + la + 1, b, lb + 1);
	return LDN_OK;
}

/* A feed's url = value: a URL, or a path made absolute. */
static int
config_feed_url(struct config_reader *r, const char *v, char **out)
{
	const char *home = getenv("HOME");

	*out = NULL;
	if (config_url_ok(v))
		return (*out = strdup(v)) != NULL ? LDN_OK : config_nomem(r);
	if (strncmp(v, "~/", 2) == 0) {
		if (home == NULL || home[0] != '/')
			return config_fail(r, LDN_EUSAGE, "'%s': ~/ needs HOME to be set", v);
		return config_join(home, v + 2, out) == LDN_OK ? LDN_OK : config_nomem(r);
	}
	if (strncmp(v, "./", 2) == 0 || strncmp(v, "../", 3) == 0)
		return config_join(r->dir, v, out) == LDN_OK ? LDN_OK : config_nomem(r);
	return config_fail(r, LDN_EUSAGE, "bad url '%s' (an http, https or file URL, "
			   "or a path starting with /, ~/, ./ or ../)", v);
}

/* "london, news" into f->tags: trimmed, none empty, no repeats (a set of
 * them, so a 64 KiB line of tags is read in linear time). */
static int
config_feed_tags(struct config_reader *r, struct config_feed *f, const char *v)
{
	struct hashset seen = {0};
	const char *p = v, *end;
	char **nt;
	size_t len, cap = 0;
	int st = LDN_OK;

	for (;;) {
		p += strspn(p, " \t");
		end = p + strcspn(p, ",");
		len = (size_t)(end - p);
		while (len > 0 && config_blank(p[len - 1]))
			len--;
		if (len == 0) {
			st = config_fail(r, LDN_EUSAGE, "empty tag in '%s'", v);
			break;
		}
		if (hashset_find(&seen, p, len, hashset_key_strv, f->tags) == HASHSET_NONE) {
			if (f->ntags == cap) {
				cap = cap ? cap * 2 : 4;
				if ((nt = realloc(f->tags, cap * sizeof(*nt))) == NULL) {
					st = config_nomem(r);
					break;
				}
				f->tags = nt;
			}
			if ((f->tags[f->ntags] = strndup(p, len)) == NULL ||
			    hashset_add(&seen, p, len, f->ntags) != LDN_OK) {
				free(f->tags[f->ntags]);
				st = config_nomem(r);
				break;
			}
			f->ntags++;
		}
		if (*end == '\0')
			break;
		p = end + 1;
	}
	hashset_free(&seen);
	return st;
}

/* ---- [general] and [retention]: one table ---- */

enum config_kind {
	KIND_DURATION, KIND_COUNT, KIND_SIZE, KIND_BOOL, KIND_COMMAND,
	KIND_DENSITY, KIND_DATE_FORMAT, KIND_AGENT
};

struct config_def {
	const char *section, *name;
	enum config_setting id;
	enum config_kind kind;
	long long min, max;
	const char *hint;      /* what a good value is, for the error */
};

static const struct config_def config_defs[] = {
	{"general", "refresh", CONFIG_REFRESH, KIND_DURATION, 0, 365 * CONFIG_DAY,
	 "a duration such as 600, 10m or 2h, at most 365d; 0 = never"},
	{"general", "browser", CONFIG_BROWSER, KIND_COMMAND, 0, 0, "a command"},
	{"general", "player", CONFIG_PLAYER, KIND_COMMAND, 0, 0, "a command"},
	{"general", "pipe", CONFIG_PIPE, KIND_COMMAND, 0, 0, "a command"},
	{"general", "copy", CONFIG_COPY, KIND_COMMAND, 0, 0, "a command"},
	{"general", "notify", CONFIG_NOTIFY, KIND_COMMAND, 0, 0, "a command"},
	{"general", "density", CONFIG_DENSITY, KIND_DENSITY, 0, 0, "comfortable or compact"},
	{"general", "date-format", CONFIG_DATE_FORMAT, KIND_DATE_FORMAT, 0, 0,
	 "a strftime format such as %d %b %H:%M"},
	{"general", "user-agent", CONFIG_USER_AGENT, KIND_AGENT, 0, 0,
	 "printable ASCII, at most 256 characters"},
	{"general", "connect-timeout", CONFIG_CONNECT_TIMEOUT, KIND_DURATION, 1, 3600,
	 "a duration such as 15 or 1m, from 1s to 1h"},
	{"general", "timeout", CONFIG_TIMEOUT, KIND_DURATION, 1, CONFIG_DAY,
	 "a duration such as 60 or 2m, from 1s to 1d"},
	{"general", "low-speed-time", CONFIG_LOW_SPEED_TIME, KIND_DURATION, 0, 3600,
	 "a duration such as 30 or 1m, at most 1h; 0 = off"},
	{"general", "max-size", CONFIG_MAX_SIZE, KIND_SIZE, 1024, 1024LL << 30,
	 "a size such as 512K, 100M or 1G, from 1K to 1024G"},
	{"general", "max-connections", CONFIG_MAX_CONNECTIONS, KIND_COUNT, 1, 64, "a number 1-64"},
	{"general", "max-per-host", CONFIG_MAX_PER_HOST, KIND_COUNT, 1, 64, "a number 1-64"},
	{"general", "kiosk", CONFIG_KIOSK, KIND_BOOL, 0, 0, "true or false"},
	{"general", "reader-width", CONFIG_READER_WIDTH, KIND_COUNT, 0, 10000,
	 "a number of columns, at most 10000; 0 = the pane's width"},
	{"retention", "max-age", CONFIG_MAX_AGE, KIND_DURATION, 0, 36500 * CONFIG_DAY,
	 "a duration such as 90d or 12h, at most 36500d; 0 = keep"},
	{"retention", "max-per-feed", CONFIG_MAX_PER_FEED, KIND_COUNT, 0, 10000000,
	 "a number 0-10000000; 0 = no limit"},
};

static const struct config_def *
config_def_find(const char *section, const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(config_defs) / sizeof(config_defs[0]); i++)
		if (strcmp(config_defs[i].section, section) == 0 &&
		    strcmp(config_defs[i].name, name) == 0)
			return &config_defs[i];
	return NULL;
}

static void
config_set_number(struct config *c, enum config_setting id, long long n)
{
	switch (id) {
	case CONFIG_REFRESH: c->refresh = (long)n; break;
	case CONFIG_CONNECT_TIMEOUT: c->connect_timeout = (long)n; break;
	case CONFIG_TIMEOUT: c->timeout = (long)n; break;
	case CONFIG_LOW_SPEED_TIME: c->low_speed_time = (long)n; break;
	case CONFIG_MAX_CONNECTIONS: c->max_connections = (long)n; break;
	case CONFIG_MAX_PER_HOST: c->max_per_host = (long)n; break;
	case CONFIG_READER_WIDTH: c->reader_width = (long)n; break;
	case CONFIG_MAX_AGE: c->max_age = n; break;
	case CONFIG_MAX_PER_FEED: c->max_per_feed = (size_t)n; break;
	default: break;
	}
}

static int
config_bad(struct config_reader *r, const char *name, const char *v, const char *hint)
{
	return config_fail(r, LDN_EUSAGE, "bad value '%s' for %s (%s)", v, name, hint);
}

static int
config_no_value(struct config_reader *r, const char *key)
{
	return config_fail(r, LDN_EUSAGE, "no value for '%s'", key);
}

/* Stores a checked text setting (copied). */
static int
config_set_text(struct config_reader *r, char **field, const char *v)
{
	char *s = strdup(v);

	if (s == NULL)
		return config_nomem(r);
	free(*field);
	*field = s;
	return LDN_OK;
}

static int
config_apply(struct config_reader *r, const struct config_def *d, const char *v)
{
	struct config *c = r->cfg;
	long long n = 0;
	char ***argv;

	switch (d->kind) {
	case KIND_DURATION:
		if (!config_duration(v, d->min, d->max, &n))
			return config_bad(r, d->name, v, d->hint);
		config_set_number(c, d->id, n);
		return LDN_OK;
	case KIND_COUNT:
		if (!config_count(v, d->min, d->max, &n))
			return config_bad(r, d->name, v, d->hint);
		config_set_number(c, d->id, n);
		return LDN_OK;
	case KIND_SIZE:
		if (!config_size(v, (unsigned long long)d->min, (unsigned long long)d->max,
				 &c->max_size))
			return config_bad(r, d->name, v, d->hint);
		return LDN_OK;
	case KIND_BOOL:
		return config_bool(v, &c->kiosk) ? LDN_OK : config_bad(r, d->name, v, d->hint);
	case KIND_DENSITY:
		if (strcmp(v, "comfortable") != 0 && strcmp(v, "compact") != 0)
			return config_bad(r, d->name, v, d->hint);
		c->density = strcmp(v, "compact") == 0 ? CONFIG_DENSITY_COMPACT :
			     CONFIG_DENSITY_COMFORTABLE;
		return LDN_OK;
	case KIND_DATE_FORMAT:
		if (!config_date_format_ok(v))
			return config_bad(r, d->name, v, d->hint);
		return config_set_text(r, &c->date_format, v);
	case KIND_AGENT:
		if (!config_agent_ok(v))
			return config_bad(r, d->name, v, d->hint);
		return config_set_text(r, &c->user_agent, v);
	case KIND_COMMAND:
		argv = d->id == CONFIG_BROWSER ? &c->browser : d->id == CONFIG_PLAYER ? &c->player :
		       d->id == CONFIG_PIPE ? &c->pipe : d->id == CONFIG_COPY ? &c->copy :
		       &c->notify;
		config_argv_free(*argv);
		return config_argv_split(v, argv) == LDN_OK ? LDN_OK : config_nomem(r);
	}
	return LDN_OK;
}

static int
config_setting_pair(struct config_reader *r, const char *section, const char *key,
		    const char *v)
{
	const struct config_def *d = config_def_find(section, key);
	int st;

	if (d == NULL)
		return config_fail(r, LDN_EUSAGE, "unknown key '%s' in [%s]", key, section);
	if (r->cfg->line[d->id] != 0)
		return config_fail(r, LDN_EUSAGE, "'%s' is set twice in [%s] (first on line %d)",
				   key, section, r->cfg->line[d->id]);
	if (*v == '\0')
		return config_no_value(r, key);
	st = config_apply(r, d, v);
	if (st == LDN_OK)
		r->cfg->line[d->id] = r->lineno;
	return st;
}

/* ---- [feed] ---- */

static const char *const config_feed_keys[FEED_NKEYS] = {
	[FEED_URL] = "url", [FEED_NAME] = "name", [FEED_TAGS] = "tags",
	[FEED_REFRESH] = "refresh", [FEED_LIMIT] = "limit", [FEED_FULL_TEXT] = "full-text",
};

/* The words of `full-text`, in enum config_full_text's order from NEVER. */
static const char *const config_full_text_words[] = {"never", "open", "prefetch"};

static int
config_feed_full_text(struct config_reader *r, struct config_feed *f, const char *v)
{
	size_t i;

	for (i = 0; i < sizeof(config_full_text_words) / sizeof(config_full_text_words[0]); i++)
		if (strcmp(v, config_full_text_words[i]) == 0) {
			f->full_text = (enum config_full_text)(CONFIG_FULL_TEXT_NEVER + i);
			return LDN_OK;
		}
	return config_bad(r, "full-text", v, "never, open or prefetch");
}

static int
config_feed_start(struct config_reader *r, const char *v)
{
	struct config *c = r->cfg;
	struct config_feed *nf;
	char *url;
	int st;

	if (r->feed_section == r->section_line)
		return config_fail(r, LDN_EUSAGE, "a second url in one [feed] section "
				   "(each feed needs a [feed] of its own)");
	if ((st = config_feed_url(r, v, &url)) != LDN_OK)
		return st;
	if (c->nfeeds == r->capfeeds) {
		/* doubling: 100,000 feeds (an OPML import) read in linear time */
		size_t cap = r->capfeeds ? r->capfeeds * 2 : 8;
		if ((nf = realloc(c->feeds, cap * sizeof(*nf))) == NULL) {
			free(url);
			return config_nomem(r);
		}
		c->feeds = nf;
		r->capfeeds = cap;
	}
	nf = c->feeds;
	memset(&nf[c->nfeeds], 0, sizeof(*nf));
	nf[c->nfeeds].url = url;
	nf[c->nfeeds].line = r->lineno;
	c->nfeeds++;
	r->feed_section = r->section_line;
	memset(r->feed_lines, 0, sizeof(r->feed_lines));
	r->feed_lines[FEED_URL] = r->lineno;
	return LDN_OK;
}

static int
config_feed_pair(struct config_reader *r, const char *section, const char *key,
		 const char *v)
{
	struct config_feed *f;
	long long n;
	size_t k;

	for (k = 0; k < FEED_NKEYS && strcmp(config_feed_keys[k], key) != 0; k++)
		;
	if (k == FEED_NKEYS)
		return config_fail(r, LDN_EUSAGE, "unknown key '%s' in [%s]", key, section);
	if (*v == '\0')
		return config_no_value(r, key);
	if (k == FEED_URL)
		return config_feed_start(r, v);
	if (r->feed_section != r->section_line)
		return config_fail(r, LDN_EUSAGE, "'%s' comes before url in [feed] "
				   "(url must be the first key of each [feed])", key);
	if (r->feed_lines[k] != 0)
		return config_fail(r, LDN_EUSAGE, "'%s' is set twice in this [feed] "
				   "(first on line %d)", key, r->feed_lines[k]);
	r->feed_lines[k] = r->lineno;
	f = &r->cfg->feeds[r->cfg->nfeeds - 1];
	switch (k) {
	case FEED_NAME:
		return (f->name = strdup(v)) != NULL ? LDN_OK : config_nomem(r);
	case FEED_TAGS:
		return config_feed_tags(r, f, v);
	case FEED_REFRESH:
		if (!config_duration(v, 0, 365 * CONFIG_DAY, &n))
			return config_bad(r, "refresh", v, "a duration such as 600, 10m or 2h, at "
					  "most 365d; 0 = the [general] refresh");
		f->refresh = (long)n;
		return LDN_OK;
	case FEED_FULL_TEXT:
		return config_feed_full_text(r, f, v);
	default:
		if (!config_count(v, 0, 10000000, &n))
			return config_bad(r, "limit", v, "a number 0-10000000; 0 = the "
					  "[retention] max-per-feed");
		f->limit = (size_t)n;
		return LDN_OK;
	}
}

/* ---- [colors] ---- */

/* A colour name or number into *out. */
static bool
config_colour(const char *w, size_t n, int *out)
{
	static const char *const names[] = {
		"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
	};
	size_t i, base = 0;
	long long v;
	char num[4];

	if (n == 7 && strncmp(w, "default", 7) == 0) {
		*out = CONFIG_COLOR_DEFAULT;
		return true;
	}
	/* "colour208", "color208": the 256-colour numbers by name, as tmux
	 * writes them. */
	if (n > 6 && strncmp(w, "colour", 6) == 0 && isdigit((unsigned char)w[6])) {
		w += 6;
		n -= 6;
	} else if (n > 5 && strncmp(w, "color", 5) == 0 && isdigit((unsigned char)w[5])) {
		w += 5;
		n -= 5;
	}
	if (n > 0 && n < sizeof(num) && isdigit((unsigned char)w[0])) {
		memcpy(num, w, n);
		num[n] = '\0';
		if (!config_count(num, 0, 255, &v))
			return false;
		*out = (int)v;
		return true;
	}
	if (n > 7 && strncmp(w, "bright-", 7) == 0) {
		base = 8;
		w += 7;
		n -= 7;
	}
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		if (strlen(names[i]) == n && strncmp(w, names[i], n) == 0) {
			*out = (int)(base + i);
			return true;
		}
	}
	return false;
}

static unsigned
config_attr(const char *w, size_t n)
{
	static const struct { const char *name; unsigned bit; } attrs[] = {
		{"bold", CONFIG_ATTR_BOLD}, {"dim", CONFIG_ATTR_DIM},
		{"reverse", CONFIG_ATTR_REVERSE}, {"underline", CONFIG_ATTR_UNDERLINE},
		{"italic", CONFIG_ATTR_ITALIC},
	};
	size_t i;

	for (i = 0; i < sizeof(attrs) / sizeof(attrs[0]); i++)
		if (strlen(attrs[i].name) == n && strncmp(w, attrs[i].name, n) == 0)
			return attrs[i].bit;
	return 0;
}

/* The next white-space separated word of *p, or NULL. */
static const char *
config_word(const char **p, size_t *n)
{
	const char *w = *p + strspn(*p, " \t");

	*n = strcspn(w, " \t");
	*p = w + *n;
	return *n > 0 ? w : NULL;
}

#define CONFIG_COLOUR_HINT "colours: default, black, red, green, yellow, blue, magenta, " \
	"cyan, white, bright-black ... bright-white, 0-255 or colour0-colour255; " \
	"attributes: bold, dim, " \
	"underline, reverse, italic"

/* "[fg] [on bg] [attribute...]" into *c. */
static int
config_colour_value(struct config_reader *r, const char *el, const char *v,
		    struct config_color *c)
{
	const char *p = v, *w;
	size_t n;
	int extra;

	c->fg = c->bg = CONFIG_COLOR_UNSET;
	c->attrs = 0;
	w = config_word(&p, &n);
	if (w != NULL && !(n == 2 && strncmp(w, "on", 2) == 0) && config_colour(w, n, &c->fg))
		w = config_word(&p, &n);
	if (w != NULL && n == 2 && strncmp(w, "on", 2) == 0) {
		w = config_word(&p, &n);
		if (w == NULL || !config_colour(w, n, &c->bg))
			return config_fail(r, LDN_EUSAGE, "'on' needs a colour after it for %s "
					   "(" CONFIG_COLOUR_HINT ")", el);
		w = config_word(&p, &n);
	}
	for (; w != NULL; w = config_word(&p, &n)) {
		unsigned a = config_attr(w, n);

		if (a == 0 && config_colour(w, n, &extra))
			return config_fail(r, LDN_EUSAGE, "'%.*s' for %s: a background colour "
					   "needs 'on' before it (fg on bg)", (int)n, w, el);
		if (a == 0)
			return config_fail(r, LDN_EUSAGE, "bad colour or attribute '%.*s' for %s "
					   "(" CONFIG_COLOUR_HINT ")", (int)n, w, el);
		c->attrs |= a;
	}
	return LDN_OK;
}

static const char *
config_color_key(const void *colors, size_t i)
{
	return ((const struct config_color *)colors)[i].element;
}

static int
config_colour_pair(struct config_reader *r, const char *section, const char *key,
		   const char *v)
{
	struct config *cfg = r->cfg;
	struct config_color row, *nc;
	size_t i;
	int st;

	(void)section;
	if (!config_name_ok(key))
		return config_fail(r, LDN_EUSAGE, "bad element name '%s' in [colors] "
				   "(lower-case letters, digits and -)", key);
	if (*v == '\0')
		return config_no_value(r, key);
	/* The names are checked later (ui_theme_check), so a file may hold
	 * any number: a set, not a scan, finds a repeat. */
	i = hashset_find(&r->colors, key, strlen(key), config_color_key, cfg->colors);
	if (i != HASHSET_NONE)
		return config_fail(r, LDN_EUSAGE, "'%s' is set twice in [colors] "
				   "(first on line %d)", key, cfg->colors[i].line);
	if ((st = config_colour_value(r, key, v, &row)) != LDN_OK)
		return st;
	row.line = r->lineno;
	if ((row.element = strdup(key)) == NULL)
		return config_nomem(r);
	if (cfg->ncolors == r->capcolors) {
		size_t cap = r->capcolors ? r->capcolors * 2 : 8;
		if ((nc = realloc(cfg->colors, cap * sizeof(*nc))) == NULL) {
			free(row.element);
			return config_nomem(r);
		}
		cfg->colors = nc;
		r->capcolors = cap;
	}
	if (hashset_add(&r->colors, key, strlen(key), cfg->ncolors) != LDN_OK) {
		free(row.element);
		return config_nomem(r);
	}
	cfg->colors[cfg->ncolors++] = row;
	return LDN_OK;
}

/* ---- [keys] ---- */

static const char *const config_key_names[] = {
	"Enter", "Tab", "Space", "Up", "Down", "Left", "Right", "PgUp", "PgDn",
	"Home", "End", "Backspace",
};

/* The canonical spelling of a key spec, or NULL when it is not one. */
static char *
config_keyspec(const char *v, bool *bad)
{
	size_t i, len = strlen(v);
	uint32_t cp;
	char out[3];

	*bad = false;
	for (i = 0; i < sizeof(config_key_names) / sizeof(config_key_names[0]); i++)
		if (strcasecmp(v, config_key_names[i]) == 0)
			return strdup(config_key_names[i]);
	if (strcmp(v, " ") == 0)
		return strdup("Space");
	if (len == 2 && v[0] == '^' && isalpha((unsigned char)v[1])) {
		out[0] = '^';
		out[1] = (char)toupper((unsigned char)v[1]);
		out[2] = '\0';
		return strdup(out);
	}
	/* One printable character: ASCII, or one UTF-8 sequence. */
	if (len >= 1 && text_utf8_decode(v, len, &cp) == len &&
	    ((cp > 0x20 && cp < 0x7f) || (cp >= 0xa0 && cp != 0xfffd)))
		return strdup(v);
	*bad = true;
	return NULL;
}

static int
config_binding_pair(struct config_reader *r, const char *section, const char *key,
		    const char *v)
{
	struct config *cfg = r->cfg;
	struct config_binding row, *nb;
	bool bad;
	size_t i;

	(void)section;
	if (!config_name_ok(key))
		return config_fail(r, LDN_EUSAGE, "bad action name '%s' in [keys] "
				   "(lower-case letters, digits and -)", key);
	if (*v == '\0')
		return config_no_value(r, key);
	row.key = config_keyspec(v, &bad);
	if (bad)
		return config_fail(r, LDN_EUSAGE, "bad key '%s' for %s (a character, ^ and a "
				   "letter, or Enter, Tab, Space, Up, Down, Left, Right, PgUp, "
				   "PgDn, Home, End or Backspace)", v, key);
	if (row.key == NULL)
		return config_nomem(r);
	for (i = 0; i < cfg->nbindings; i++) {
		if (strcmp(cfg->bindings[i].key, row.key) == 0) {
			config_fail(r, LDN_EUSAGE, "key '%s' is bound twice (to %s on line %d)",
				    row.key, cfg->bindings[i].action, cfg->bindings[i].line);
			free(row.key);
			return LDN_EUSAGE;
		}
	}
	row.line = r->lineno;
	row.action = strdup(key);
	nb = row.action ? realloc(cfg->bindings, (cfg->nbindings + 1) * sizeof(*nb)) : NULL;
	if (nb == NULL) {
		free(row.action);
		free(row.key);
		return config_nomem(r);
	}
	cfg->bindings = nb;
	nb[cfg->nbindings++] = row;
	return LDN_OK;
}

/* An [ignore] line: title, tag, author or feed = a pattern (ignore.h). */
static int
config_ignore_pair(struct config_reader *r, const char *section, const char *key,
		   const char *v)
{
	struct config *cfg = r->cfg;
	struct ignore_rule row, *nr;

	(void)section;
	if (!ignore_field_parse(key, &row.field))
		return config_fail(r, LDN_EUSAGE, "unknown key '%s' in [ignore] (title, tag, "
				   "author or feed)", key);
	if (*v == '\0')
		return config_no_value(r, key);
	row.line = r->lineno;
	row.pattern = text_fold(v);
	nr = row.pattern ? realloc(cfg->ignore, (cfg->nignore + 1) * sizeof(*nr)) : NULL;
	if (nr == NULL) {
		free(row.pattern);
		return config_nomem(r);
	}
	cfg->ignore = nr;
	nr[cfg->nignore++] = row;
	return LDN_OK;
}

/* ---- sections ---- */

typedef int (*config_pair_fn)(struct config_reader *, const char *, const char *,
			      const char *);

static const struct {
	const char *name;
	config_pair_fn fn;
} config_sections[] = {
	{"colors", config_colour_pair},
	{"feed", config_feed_pair},
	{"general", config_setting_pair},
	{"ignore", config_ignore_pair},
	{"keys", config_binding_pair},
	{"retention", config_setting_pair},
};

static int
config_dispatch(struct config_reader *r, const char *section, const char *key,
		const char *v)
{
	size_t i, len;

	section += strspn(section, " \t");
	len = strlen(section);
	while (len > 0 && config_blank(section[len - 1]))
		len--;
	if (len == 0)
		return config_fail(r, LDN_EUSAGE, "'%s' is outside any section "
				   "(settings go under [general])", key);
	for (i = 0; i < sizeof(config_sections) / sizeof(config_sections[0]); i++) {
		if (strlen(config_sections[i].name) != len ||
		    strncmp(config_sections[i].name, section, len) != 0)
			continue;
		return config_sections[i].fn(r, config_sections[i].name, key, v);
	}
	return config_fail(r, LDN_EUSAGE, "unknown section [%.*s]", (int)len, section);
}

/* ---- the line seam: what inih is handed, and what it hands back ---- */

/* Cuts a comment off s (see the top of the file) and trailing blanks. */
static void
config_cut_comment(char *s)
{
	bool quoted = false, blank = false;
	size_t len;
	char *p;

	for (p = s; *p; p++) {
		if (*p == '"') {
			quoted = !quoted;
		} else if (!quoted && blank && (*p == '#' || *p == ';')) {
			*p = '\0';
			break;
		} else if (quoted && *p == ';') {
			*p = CONFIG_SEMI;
		}
		blank = config_blank(*p);
	}
	len = strlen(s);
	while (len > 0 && config_blank(s[len - 1]))
		s[--len] = '\0';
}

/* What a value handed over by inih says: ';' back, outer quotes off. */
static void
config_unhide(char *v)
{
	size_t len;
	char *p;

	for (p = v; *p; p++)
		if (*p == CONFIG_SEMI)
			*p = ';';
	len = strlen(v);
	if (len >= 2 && v[0] == '"' && v[len - 1] == '"') {
		memmove(v, v + 1, len - 2);
		v[len - 2] = '\0';
	}
}

/* NUL, control characters (other than a line end) and bad UTF-8 are errors. */
static int
config_check_line(struct config_reader *r, const char *s, size_t n)
{
	uint32_t cp;
	size_t i = 0, k;

	if (n > CONFIG_LINE_MAX)
		return config_fail(r, LDN_EUSAGE, "line longer than %d bytes", CONFIG_LINE_MAX);
	if (n > 0 && s[n - 1] == '\n')
		n--;
	if (n > 0 && s[n - 1] == '\r')
		n--;
	while (i < n) {
		unsigned char c = (unsigned char)s[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return config_fail(r, LDN_EUSAGE, "control character 0x%02x in line", c);
		if (c < 0x80) {
			i++;
			continue;
		}
		k = text_utf8_decode(s + i, n - i, &cp);
		if (cp == 0xfffd && !(k == 3 && memcmp(s + i, "\xef\xbf\xbd", 3) == 0))
			return config_fail(r, LDN_EUSAGE, "invalid UTF-8 in line");
		/* C1 controls: some terminals act on them even in UTF-8. */
		if (cp >= 0x80 && cp <= 0x9f)
			return config_fail(r, LDN_EUSAGE, "control character U+%04X in line",
					   (unsigned)cp);
		i += k;
	}
	return LDN_OK;
}

/*
 * Reads the next line, its '\n' included, into r->raw (NUL-terminated)
 * and returns its length: 0 at the end of the file, -1 on a read error.
 * At most CONFIG_LINE_MAX + 1 bytes are read for one line, so a longer
 * one is refused once that much is seen (`-c /dev/zero`, which never
 * ends a line, once grew to 3.8 GB here), and the whole file at most
 * CONFIG_FILE_MAX (what config_append reads too), so an endless FIFO of
 * comments ends as well.
 */
static ssize_t
config_getline(struct config_reader *r)
{
	size_t n = 0;
	int c = 0;

	if (r->raw == NULL && (r->raw = malloc(CONFIG_LINE_MAX + 2)) == NULL) {
		config_nomem(r);
		return -1;
	}
	while (n <= CONFIG_LINE_MAX && c != '\n' && (c = getc(r->f)) != EOF)
		r->raw[n++] = (char)c;
	r->raw[n] = '\0';
	if (c == EOF && ferror(r->f)) {
		/* Not a line's fault: reported without one (line 0). */
		r->lineno = 0;
		config_fail(r, LDN_EUSAGE, "%s", strerror(errno));
		return -1;
	}
	if ((r->total += n) > CONFIG_FILE_MAX) {
		r->lineno = 0;
		config_fail(r, LDN_EUSAGE, "larger than %u bytes", CONFIG_FILE_MAX);
		return -1;
	}
	return (ssize_t)n;
}

/* inih's ini_reader: the next line, cleaned, into out[num]. */
static char *
config_read_line(char *out, int num, void *stream)
{
	struct config_reader *r = stream;
	size_t len, room = num > 0 ? (size_t)num : 0;
	ssize_t n;
	char *s, *eq;

	free(r->long_value);
	r->long_value = NULL;
	if (r->status != LDN_OK)
		return NULL;
	if ((n = config_getline(r)) <= 0)
		return NULL;
	r->lineno++;
	if (config_check_line(r, r->raw, (size_t)n) != LDN_OK)
		return NULL;
	s = r->raw;
	s[strcspn(s, "\r\n")] = '\0';
	if (r->lineno == 1 && strncmp(s, "\xef\xbb\xbf", 3) == 0)
		s += 3;
	s += strspn(s, " \t");
	if (*s == '#' || *s == ';')
		*s = '\0';
	config_cut_comment(s);
	if (*s == '[') {
		r->section_line = r->lineno;
		if (strchr(s, ']') == NULL) {
			config_fail(r, LDN_EUSAGE, "no ']' after the section name");
			return NULL;
		}
	}
	len = strlen(s);
	if (len + 2 <= room) {
		memcpy(out, s, len);
		memcpy(out + len, "\n", 2);
		return out;
	}
	/* Too long for inih: it gets "key=" CONFIG_LONG, the value stays here. */
	eq = strpbrk(s, "=:");
	if (*s == '[' || eq == NULL || (size_t)(eq - s) + 3 > room) {
		config_fail(r, LDN_EUSAGE, "line too long to be a section header or a key");
		return NULL;
	}
	if ((r->long_value = strdup(eq + 1 + strspn(eq + 1, " \t"))) == NULL) {
		config_nomem(r);
		return NULL;
	}
	memcpy(out, s, (size_t)(eq - s) + 1);
	memcpy(out + (eq - s) + 1, CONFIG_LONG "\n", 3);
	return out;
}

/* inih's ini_handler: nonzero to go on. */
static int
config_pair(void *user, const char *section, const char *name, const char *value)
{
	struct config_reader *r = user;
	char *k, *v;
	int st;

	if (r->status != LDN_OK)
		return 0;
	if (strcmp(value, CONFIG_LONG) == 0 && r->long_value != NULL)
		value = r->long_value;
	k = strdup(name);
	v = strdup(value);
	if (k == NULL || v == NULL) {
		st = config_nomem(r);
	} else {
		config_unhide(k);
		config_unhide(v);
		st = config_dispatch(r, section, k, v);
	}
	free(k);
	free(v);
	return st == LDN_OK;
}

/* ---- public interface ---- */

void
config_init(struct config *cfg)
{
	struct fetch_opts fo;

	memset(cfg, 0, sizeof(*cfg));
	fetch_opts_default(&fo);
	cfg->connect_timeout = fo.connect_timeout;
	cfg->timeout = fo.timeout;
	cfg->low_speed_time = fo.low_speed_time;
	cfg->max_size = fo.max_bytes;
	cfg->max_connections = CONFIG_MAX_CONNECTIONS_DEFAULT;
	cfg->max_per_host = CONFIG_MAX_PER_HOST_DEFAULT;
	cfg->reader_width = CONFIG_READER_WIDTH_DEFAULT;
	cfg->max_age = STORE_MAX_AGE_DEFAULT;
	cfg->max_per_feed = STORE_MAX_PER_FEED_DEFAULT;
	cfg->density = CONFIG_DENSITY_COMFORTABLE;
}

void
config_feed_free(struct config_feed *f)
{
	size_t i;

	if (f == NULL)
		return;
	free(f->url);
	free(f->name);
	for (i = 0; i < f->ntags; i++)
		free(f->tags[i]);
	free(f->tags);
	memset(f, 0, sizeof(*f));
}

void
config_free(struct config *cfg)
{
	size_t i;

	if (cfg == NULL)
		return;
	free(cfg->path);
	config_argv_free(cfg->browser);
	config_argv_free(cfg->player);
	config_argv_free(cfg->pipe);
	config_argv_free(cfg->copy);
	config_argv_free(cfg->notify);
	free(cfg->date_format);
	free(cfg->user_agent);
	for (i = 0; i < cfg->nfeeds; i++)
		config_feed_free(&cfg->feeds[i]);
	free(cfg->feeds);
	for (i = 0; i < cfg->ncolors; i++)
		free(cfg->colors[i].element);
	free(cfg->colors);
	for (i = 0; i < cfg->nbindings; i++) {
		free(cfg->bindings[i].action);
		free(cfg->bindings[i].key);
	}
	free(cfg->bindings);
	for (i = 0; i < cfg->nignore; i++)
		free(cfg->ignore[i].pattern);
	free(cfg->ignore);
	config_init(cfg);
}

/* The directory part of a path: "." when there is none. */
static char *
config_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

int
config_load_file(struct config *cfg, FILE *f, const char *name, char **cause)
{
	struct config_reader r;
	struct config tmp;
	int rc, st;

	config_init(cfg);
	config_init(&tmp);
	memset(&r, 0, sizeof(r));
	r.f = f;
	r.name = name;
	r.cfg = &tmp;
	r.feed_section = -1;
	if ((r.dir = config_dirname(name)) == NULL || (tmp.path = strdup(name)) == NULL) {
		st = LDN_ENOMEM;
		goto out;
	}
	rc = ini_parse_stream(config_read_line, &r, config_pair, &r);
	/* inih's own finding (a line that is neither [section] nor key = value)
	 * comes first when it is on an earlier line. */
	if (rc > 0 && (r.status == LDN_OK || rc < r.err_line)) {
		free(r.err);
		r.err = NULL;
		r.status = LDN_OK;
		r.lineno = rc;
		config_fail(&r, LDN_EUSAGE, "expected 'key = value', a [section] or a comment");
	} else if (rc < 0 && r.status == LDN_OK) {
		config_nomem(&r);
	}
	st = r.status;
	if (st == LDN_EUSAGE && r.err_line == 0)
		ldn_cause(cause, st, "%s: %s", name, r.err ? r.err : "out of memory");
	else if (st == LDN_EUSAGE)
		ldn_cause(cause, st, "%s:%d: %s", name, r.err_line, r.err ? r.err : "out of memory");
	if (st == LDN_OK) {
		*cfg = tmp;
		config_init(&tmp);
	}
out:
	config_free(&tmp);
	free(r.long_value);
	hashset_free(&r.colors);
	free(r.raw);
	free(r.err);
	free(r.dir);
	return st;
}

int
config_load(struct config *cfg, const char *path, unsigned flags, char **cause)
{
	FILE *f;
	int st;

	config_init(cfg);
	f = fopen(path, "r");
	if (f == NULL && errno == ENOENT && (flags & CONFIG_MISSING_OK))
		return LDN_OK;
	if (f == NULL)
		return errno == ENOMEM ? LDN_ENOMEM :
		       ldn_cause(cause, LDN_EUSAGE, "%s: %s", path, strerror(errno));
	st = config_load_file(cfg, f, path, cause);
	fclose(f);
	return st;
}

/* ---- writing ---- */

/* True when "key = " `text`, read back, gives the value `want`. */
static bool
config_reads_back(const char *text, const char *want)
{
	size_t len = strlen(text);
	char *s = malloc(len + 5), *v;
	bool same;

	if (s == NULL)
		return false;
	/* In its line, as the reader sees it: a '#' right after "= " is a comment. */
	/* NUL-terminated by the copy of text, which carries its own. */
	memcpy(s, "k = ", 4); /* NOLINT(bugprone-not-null-terminated-result) */
	memcpy(s + 4, text, len + 1);
	config_cut_comment(s);
	v = strlen(s) > 4 ? s + 4 : s + strlen(s);
	v += strspn(v, " \t");
	len = strlen(v);
	while (len > 0 && isspace((unsigned char)v[len - 1]))
		v[--len] = '\0';
	config_unhide(v);
	same = strcmp(v, want) == 0;
	free(s);
	return same;
}

/* "key = value\n", the value quoted when it must be. */
static int
config_put(struct buf *out, const char *key, const char *v, char **cause)
{
	struct buf q;
	const char *p;
	int st;

	for (p = v; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return ldn_cause(cause, LDN_EUSAGE, "a control character in the %s", key);
	/* "key = ", two quotes at most, and the line end. */
	if (strlen(key) + strlen(v) + 6 > CONFIG_LINE_MAX)
		return ldn_cause(cause, LDN_EUSAGE, "its %s line would be %zu bytes long, longer "
				 "than a config file allows (%d)", key, strlen(key) + strlen(v) + 4,
				 CONFIG_LINE_MAX);
	if (*v != '\0' && config_reads_back(v, v))
		return buf_printf(out, "%s = %s\n", key, v);
	buf_init(&q, out->max);
	st = buf_printf(&q, "\"%s\"", v);
	if (st == LDN_OK && *v != '\0' && config_reads_back(buf_cstr(&q), v))
		st = buf_printf(out, "%s = %s\n", key, buf_cstr(&q));
	else if (st == LDN_OK)
		st = ldn_cause(cause, LDN_EUSAGE, "%s '%s' cannot be written in a config file",
			       key, v);
	buf_free(&q);
	return st;
}

int
config_format_feed(struct buf *out, const struct config_feed *f, char **cause)
{
	struct buf tags;
	size_t i, mark = out->len;
	int st;

	buf_init(&tags, out->max);
	st = buf_puts(out, "[feed]\n");
	if (st == LDN_OK)
		st = config_put(out, "url", f->url, cause);
	if (st == LDN_OK && f->name != NULL)
		st = config_put(out, "name", f->name, cause);
	for (i = 0; st == LDN_OK && i < f->ntags; i++) {
		const char *t = f->tags[i];
		size_t len = strlen(t);

		if (len == 0 || strchr(t, ',') != NULL || config_blank(t[0]) ||
		    config_blank(t[len - 1]))
			st = ldn_cause(cause, LDN_EUSAGE, "tag '%s' cannot be written in a "
				       "config file", t);
		else
			st = buf_printf(&tags, "%s%s", i ? ", " : "", t);
	}
	if (st == LDN_OK && f->ntags > 0)
		st = config_put(out, "tags", buf_cstr(&tags), cause);
	if (st == LDN_OK && f->refresh > 0)
		st = buf_printf(out, "refresh = %ld\n", f->refresh);
	if (st == LDN_OK && f->limit > 0)
		st = buf_printf(out, "limit = %zu\n", f->limit);
	if (st == LDN_OK && f->full_text != CONFIG_FULL_TEXT_UNSET)
		st = buf_printf(out, "full-text = %s\n",
				config_full_text_words[f->full_text - CONFIG_FULL_TEXT_NEVER]);
	if (st != LDN_OK && out->data != NULL) {
		/* Nothing half-written. */
		out->len = mark;
		out->data[mark] = '\0';
	}
	buf_free(&tags);
	return st;
}

/* The whole file into b and its mode; a missing one is empty (*exists false). */
static int
config_slurp(const char *path, struct buf *b, bool *exists, mode_t *mode, char **cause)
{
	struct stat sb;
	int fd, st;

	*exists = false;
	*mode = 0600;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1) {
		if (errno == ENOENT)
			return LDN_OK;
		return ldn_cause(cause, LDN_EIO, "%s: %s", path, strerror(errno));
	}
	*exists = true;
	if (fstat(fd, &sb) == 0)
		*mode = sb.st_mode & 07777;
	st = buf_read_fd(b, fd);
	if (st == LDN_EIO)
		st = ldn_cause(cause, LDN_EIO, "%s: %s", path, strerror(errno));
	else if (st == LDN_ELIMIT)
		st = ldn_cause(cause, LDN_EIO, "%s: larger than %u bytes", path, CONFIG_FILE_MAX);
	close(fd);
	return st;
}

static int
config_write_all(int fd, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, p, n);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* Writes old + text to a new file beside `path` and renames it over. */
static int
config_replace(const char *path, const struct buf *old, mode_t mode, const char *text,
	       char **cause)
{
	char *tmp = NULL;
	bool nl = old->len > 0 && old->data[old->len - 1] != '\n';
	int fd = -1, st = LDN_OK;

	if ((tmp = malloc(strlen(path) + 8)) == NULL)
		return LDN_ENOMEM;
	memcpy(tmp, path, strlen(path));
	memcpy(tmp + strlen(path), ".XXXXXX", 8);
	if ((fd = mkstemp(tmp)) == -1) {
		st = ldn_cause(cause, LDN_EIO, "%s: cannot create a file beside it: %s", path,
			       strerror(errno));
		goto out;
	}
	if (config_write_all(fd, buf_cstr(old), old->len) != 0 ||
	    config_write_all(fd, "\n", nl ? 1 : 0) != 0 ||
	    config_write_all(fd, text, strlen(text)) != 0 ||
	    fchmod(fd, mode) != 0 || fsync(fd) != 0) {
		st = ldn_cause(cause, LDN_EIO, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	if (close(fd) != 0) {
		fd = -1;
		st = ldn_cause(cause, LDN_EIO, "%s: %s", tmp, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, path) != 0)
		st = ldn_cause(cause, LDN_EIO, "%s: cannot replace it: %s", path, strerror(errno));
out:
	if (fd != -1)
		close(fd);
	if (st != LDN_OK)
		unlink(tmp);
	free(tmp);
	return st;
}

int
config_append(const char *path, const char *text, char **cause)
{
	struct buf old;
	char *real;
	mode_t mode;
	bool exists;
	int st;

	/* Through a symbolic link (a dotfiles checkout): change its target. */
	real = realpath(path, NULL);
	if (real == NULL && errno != ENOENT)
		return ldn_cause(cause, LDN_EIO, "%s: %s", path, strerror(errno));
	if (real == NULL && (real = strdup(path)) == NULL)
		return LDN_ENOMEM;
	buf_init(&old, CONFIG_FILE_MAX);
	st = config_slurp(real, &old, &exists, &mode, cause);
	if (st == LDN_OK && !exists)
		st = paths_mkdirs(real, cause);
	if (st == LDN_OK)
		st = config_replace(real, &old, mode, text, cause);
	buf_free(&old);
	free(real);
	return st;
}
