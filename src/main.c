/*
 * main.c - ldnews: read the London Daily, or any RSS/Atom feed, in a terminal.
 *
 * Parses the command line and runs its mode from the table main_modes:
 * most read the config file first (before anything else, so a bad one
 * stops the run having touched nothing). The list modes refresh every
 * feed into the cache (fetch -> parse -> store, through gather), number
 * the articles (query) and print what was asked (output); the reader (ui)
 * does it all itself; the others import or export OPML or check a feed.
 * Maps statuses to the exit codes of the contract. Every error is one line
 * on stderr naming its source; nothing goes to stdout on error.
 *
 * It owns the run's settings (struct main_ctx: the config and the feeds)
 * and what the modes set up alike (struct main_env: fetch options, the
 * cache). It runs on the main thread, which the reader keeps; the
 * threads of refresh and sync are started below it and ended before it
 * returns.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "check.h"
#include "cli.h"
#include "config.h"
#include "feed_parse.h"
#include "fetch.h"
#include "ldn_config.h"
#include "gather.h"
#include "load.h"
#include "msg.h"
#include "opml.h"
#include "output.h"
#include "paths.h"
#include "source.h"
#include "query.h"
#include "text.h"
#include "store.h"
#include "ui.h"
#include "url.h"

/* The London Daily, read when no feed is named: its site address, whose
 * page names its feed (autodiscovery), so a moved feed is still found. */
#define LDN_DEFAULT_FEED "https://londondaily.com/"

static void
main_error(const char *src, const char *cause)
{
	if (src)
		msg_print(stderr, "%s: %s", src, cause ? cause : "out of memory");
	else
		msg_print(stderr, "%s", cause ? cause : "out of memory");
}

static size_t
main_width(const struct cli_opts *o)
{
	struct winsize ws;

	if (o->width > 0)
		return (size_t)o->width;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col >= 10)
		return ws.ws_col;
	return 80;
}

/* What a run reads: the config file, and the feeds it comes to. */
struct main_ctx {
	const struct cli_opts *o;
	struct config cfg;
	const char **srcs;    /* borrowed strings, owned array */
	size_t nsrcs;
	bool kiosk;           /* --kiosk, or kiosk = true in the config */
	struct source *sources; /* the config's feeds' settings, one per feed */
};

/* What every run that reads feeds sets up, and tears down in reverse. */
struct main_env {
	struct fetch_opts fo;
	struct store_limits limits;
	struct gather_opts g;
	struct store *store;  /* NULL with --no-cache */
	bool readonly;        /* the cache could only be opened read-only */
	bool curl_up;
};

static void main_gather_opts(const struct main_ctx *c, const struct fetch_opts *fo,
			     struct gather_opts *g);

/* The fetch settings: the config file's, then the command line's. */
static void
main_fetch_opts(const struct main_ctx *c, struct fetch_opts *fo)
{
	fetch_opts_default(fo);
	fo->connect_timeout = c->cfg.connect_timeout;
	fo->timeout = c->o->timeout > 0 ? c->o->timeout : c->cfg.timeout;
	fo->low_speed_time = c->cfg.low_speed_time;
	fo->max_bytes = c->cfg.max_size;
	if (c->cfg.user_agent != NULL)
		fo->user_agent = c->cfg.user_agent;
}

static int
main_start(const struct main_ctx *c, struct main_env *env, char **cause)
{
	int st;

	memset(env, 0, sizeof(*env));
	main_fetch_opts(c, &env->fo);
	env->limits.max_age = c->cfg.max_age;
	env->limits.max_per_feed = c->cfg.max_per_feed;
	main_gather_opts(c, &env->fo, &env->g);
	env->g.limits = &env->limits;
	if (fetch_global_init() != LDN_OK)
		return ldn_cause(cause, LDN_ENOMEM, "cannot initialise libcurl");
	env->curl_up = true;
	if (c->o->no_cache)
		return LDN_OK;
	st = gather_open_store(&env->g, &env->store, &env->readonly, cause);
	if (st == LDN_OK)
		store_set_limits(env->store, &env->limits);
	return st;
}

static void
main_stop(struct main_env *env)
{
	store_close(env->store);
	feed_parse_global_cleanup();
	if (env->curl_up)
		fetch_global_cleanup();
}

/* The reader's settings; env's fetch options and limits, by pointer. */
static void
main_ui_opts(const struct main_ctx *c, const struct main_env *env, struct ui_opts *uo)
{
	const struct cli_opts *o = c->o;

	*uo = (struct ui_opts){
		.srcs = c->srcs,
		.nsrcs = c->nsrcs,
		.fetch = &env->fo,
		.tags = o->tags,
		.ntags = o->ntags,
		.find = o->find,
		.open_n = o->open_n,
		.refresh_secs = o->refresh ? o->refresh : c->cfg.refresh,
		.ascii = o->ascii,
		.offline = o->offline,
		.browser = (const char *const *)c->cfg.browser,
		.player = (const char *const *)c->cfg.player,
		.compact = c->cfg.density == CONFIG_DENSITY_COMPACT,
		.date_format = c->cfg.date_format,
		.colors = c->cfg.colors,
		.ncolors = c->cfg.ncolors,
		.bindings = c->cfg.bindings,
		.nbindings = c->cfg.nbindings,
		.limits = &env->limits,
		.sources = c->sources,
		.nsources = c->cfg.nfeeds,
		.max_connections = (size_t)c->cfg.max_connections,
		.max_host_connections = (size_t)c->cfg.max_per_host,
		.kiosk = c->kiosk,
		.idle_reset_secs = o->idle_reset,
		.cycle_secs = o->cycle,
		.store = env->store,
		.cache = env->store ? store_path(env->store) : NULL,
		.cache_readonly = env->readonly,
	};
	/* A kiosk keeps itself current unless told otherwise. */
	if (c->kiosk && uo->refresh_secs == 0)
		uo->refresh_secs = CLI_KIOSK_REFRESH;
}

/* The full-screen reader: it loads the feeds itself, in the background. */
static int
main_ui(const struct main_ctx *c)
{
	struct main_env env;
	struct ui_opts uo;
	char *cause = NULL;
	int st;

	st = main_start(c, &env, &cause);
	if (st == LDN_OK) {
		main_ui_opts(c, &env, &uo);
		st = ui_run(&uo, &cause);
	}
	if (st != LDN_OK)
		main_error(NULL, cause);
	free(cause);
	main_stop(&env);
	return st;
}

static void
main_gather_opts(const struct main_ctx *c, const struct fetch_opts *fo, struct gather_opts *g)
{
	const struct cli_opts *o = c->o;

	memset(g, 0, sizeof(*g));
	g->srcs = c->srcs;
	g->nsrcs = c->nsrcs;
	g->fetch = fo;
	/* Bodies are most of a feed's bytes; without a cache only --show and
	 * --find read them. */
	if (o->mode != CLI_MODE_SHOW && o->find == NULL)
		g->parse_flags = FEED_PARSE_SKIP_CONTENT;
	g->offline = o->offline;
	g->no_cache = o->no_cache;
	g->cache = o->cache;
	g->reset_cache = o->reset_cache;
	g->kiosk = c->kiosk;
	g->max_connections = (size_t)c->cfg.max_connections;
	g->max_host_connections = (size_t)c->cfg.max_per_host;
	g->sources = c->sources;
	g->nsources = c->cfg.nfeeds;
	g->err = stderr;
}

/* --find looks into bodies through the cache's full-text index. */
struct main_hits {
	const struct article_list *all;
	long long *ids;
	size_t n;
};

static bool
main_hit(size_t i, void *payload)
{
	const struct main_hits *h = payload;
	long long id = h->all->items[i]->store_id;

	return id != 0 && store_ids_have(h->ids, h->n, id);
}

static int
main_body_hits(struct store *s, bool readonly, const char *find, struct main_hits *h,
	       char **cause)
{
	size_t left;
	int st = LDN_OK;

	if (!readonly)
		st = store_index_pending(s, (size_t)-1, &left, cause);
	if (st == LDN_OK)
		st = store_search(s, find, &h->ids, &h->n, cause);
	return st;
}

static int
main_output(const struct cli_opts *o, struct store *s, const struct query_view *v,
	    char **cause)
{
	size_t n = (size_t)o->show_n;
	int st;

	switch (o->mode) {
	case CLI_MODE_SHOW:
		/* From the cache, only the article shown has its body loaded. */
		if (s != NULL && n >= 1 && n <= v->len && v->items[n - 1]->content == NULL &&
		    v->items[n - 1]->store_id != 0 &&
		    (st = store_load_content(s, v->items[n - 1], cause)) != LDN_OK)
			return st;
		return output_show(stdout, v, n, main_width(o), o->json, cause);
	case CLI_MODE_TAGS:
		return output_tags(stdout, v, o->json);
	default:
		/* No mode and no terminal (a pipe, cron): the list. */
		return output_list(stdout, v, o->json);
	}
}

/* The run's articles, numbered and filtered into view (query.h). */
static int
main_select(const struct main_ctx *c, const struct main_env *env, struct article_list *all,
	    struct main_hits *hits, struct query_view *view, char **cause)
{
	const struct cli_opts *o = c->o;
	struct query q = {.tags = o->tags, .ntags = o->ntags, .find = o->find};
	int st;

	st = gather_articles(&env->g, env->store, env->readonly, all, cause);
	if (st == LDN_OK && env->store != NULL && o->find != NULL && *o->find != '\0') {
		st = main_body_hits(env->store, env->readonly, o->find, hits, cause);
		q.also = main_hit;
		q.also_payload = hits;
	}
	if (st == LDN_OK) {
		query_sort(all);
		st = query_run(all, &q, view);
	}
	return st;
}

/*
 * A list from the cache, streamed in view order: the first line comes at
 * once and memory stays flat however large the cache. Plain text pads the
 * numbers to the list's length: the cache counts an unfiltered list, and
 * a filtered one is counted in a first pass over the stream.
 */
static int
main_stream_pass(struct gather_stream *gs, const struct query_test *t,
		 const struct main_hits *hits, int numw, bool json, size_t *kept, char **cause)
{
	struct article *a;
	int st;

	*kept = 0;
	while ((st = gather_stream_next(gs, &a, cause)) == LDN_OK && a != NULL) {
		if (query_test_keep(t, a, a->store_id != 0 &&
				    store_ids_have(hits->ids, hits->n, a->store_id))) {
			++*kept;
			if (numw > 0 && (st = output_list_article(stdout, a, *kept, numw, json)))
				st = ldn_cause(cause, st, "out of memory");
		}
		article_free(a);
		if (st != LDN_OK)
			break;
	}
	return st;
}

/* A list (not --show or --tags, which need the whole view) read from the
 * cache, unless a kiosk merges fetched feeds over it in memory. */
static bool
main_streams(const struct main_ctx *c, const struct main_env *env)
{
	return env->store != NULL && (c->o->mode == CLI_MODE_LIST ||
				      c->o->mode == CLI_MODE_DEFAULT) &&
	       !(env->g.kiosk && !env->g.offline);
}

static int
main_stream(const struct main_ctx *c, const struct main_env *env, char **cause)
{
	const struct cli_opts *o = c->o;
	struct query q = {.tags = o->tags, .ntags = o->ntags, .find = o->find};
	struct main_hits hits = {NULL, NULL, 0};
	bool find = o->find != NULL && *o->find != '\0';
	struct gather_stream *gs = NULL;
	struct query_test t;
	size_t n = 0;
	int st;

	if (query_test_init(&t, &q) != LDN_OK)
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	st = gather_stream_open(&env->g, env->store, env->readonly, &gs, &n, cause);
	if (st == LDN_OK && find)
		st = main_body_hits(env->store, env->readonly, o->find, &hits, cause);
	if (st == LDN_OK && !o->json && (o->ntags > 0 || find) &&
	    (st = main_stream_pass(gs, &t, &hits, 0, false, &n, cause)) == LDN_OK)
		gather_stream_rewind(gs);
	if (st == LDN_OK)
		st = main_stream_pass(gs, &t, &hits, output_list_width(n), o->json, &n, cause);
	gather_stream_free(gs);
	query_test_free(&t);
	free(hits.ids);
	return st;
}

/* --list, --show, --tags, and no mode without a terminal. */
static int
main_run(const struct main_ctx *c)
{
	struct article_list all = {0};
	struct query_view view = {0};
	struct main_hits hits = {&all, NULL, 0};
	struct main_env env;
	char *cause = NULL;
	int st;

	st = main_start(c, &env, &cause);
	if (st == LDN_OK && main_streams(c, &env))
		st = main_stream(c, &env, &cause);
	else if (st == LDN_OK && (st = main_select(c, &env, &all, &hits, &view, &cause)) == LDN_OK)
		st = main_output(c->o, env.store, &view, &cause);
	if (st == LDN_OK && (fflush(stdout) != 0 || ferror(stdout))) {
		st = LDN_EIO;
		cause = strdup("cannot write the output");
	}
	/* Per-feed failures were reported as they happened. */
	if (st != LDN_OK && (cause != NULL || st == LDN_ENOMEM))
		main_error(NULL, cause);
	free(cause);
	free(hits.ids);
	query_view_free(&view);
	article_list_free(&all);
	main_stop(&env);
	return st;
}

/* The config file to read: -c FILE, else the XDG one (NULL: no place). */
static int
main_config_path(const struct cli_opts *o, char **out, char **cause)
{
	if (o->config != NULL)
		return (*out = strdup(o->config)) != NULL ? LDN_OK : LDN_ENOMEM;
	return paths_config(out, cause);
}

/* --import-opml FILE: its feeds appended to the config file. */
static int
main_import(const struct main_ctx *c)
{
	const struct cli_opts *o = c->o;
	struct opml_doc doc = {0};
	char *path = NULL, *cause = NULL;
	size_t added = 0, present = 0, i;
	int st;

	st = main_config_path(o, &path, &cause);
	if (st == LDN_OK)
		st = opml_read(&doc, o->import_opml, &cause);
	if (st == LDN_OK)
		st = opml_import(&doc, path, &added, &present, &cause);
	for (i = 0; i < doc.nskipped; i++)
		msg_print(stderr, "%s: skipped %s", o->import_opml, doc.skipped[i]);
	if (st == LDN_OK)
		msg_plain(stdout, "imported %zu feed%s (%zu already present) into %s", added,
			  added == 1 ? "" : "s", present, path);
	else
		main_error(NULL, cause);
	free(cause);
	free(path);
	opml_doc_free(&doc);
	feed_parse_global_cleanup();
	return st;
}

/* --export-opml: the feeds this run would read, as OPML 2.0. */
static int
main_export(const struct main_ctx *c)
{
	struct config_feed *plain = NULL;
	const struct config_feed *feeds = c->cfg.feeds;
	struct buf out;
	char *cause = NULL;
	size_t i;
	int st = LDN_OK;

	buf_init(&out, (size_t)-1);
	/* Feeds not from the config file have only their url. */
	if (c->o->nfeeds > 0 || c->cfg.nfeeds == 0) {
		if ((plain = calloc(c->nsrcs, sizeof(*plain))) == NULL)
			st = LDN_ENOMEM;
		for (i = 0; st == LDN_OK && i < c->nsrcs; i++)
			plain[i].url = (char *)(uintptr_t)c->srcs[i];
		feeds = plain;
	}
	if (st == LDN_OK)
		st = opml_export(&out, feeds, c->nsrcs, &cause);
	if (st == LDN_OK && (fwrite(out.data, 1, out.len, stdout) != out.len ||
			     fflush(stdout) != 0))
		st = ldn_cause(&cause, LDN_EIO, "cannot write the output");
	if (st != LDN_OK)
		main_error(NULL, cause);
	free(cause);
	free(plain);
	buf_free(&out);
	feed_parse_global_cleanup();
	return st;
}

/* The config's per-feed settings, for every configured feed (a feed named
 * on the command line that is also configured gets them too). */
static int
main_sources(struct main_ctx *c)
{
	size_t i;

	if (c->cfg.nfeeds == 0)
		return LDN_OK;
	if ((c->sources = calloc(c->cfg.nfeeds, sizeof(*c->sources))) == NULL)
		return LDN_ENOMEM;
	for (i = 0; i < c->cfg.nfeeds; i++) {
		const struct config_feed *f = &c->cfg.feeds[i];
		c->sources[i] = (struct source){
			.url = f->url, .name = f->name,
			.tags = (const char *const *)f->tags, .ntags = f->ntags,
			.refresh = f->refresh, .limit = f->limit,
		};
	}
	return LDN_OK;
}

/* The [keys] and [colors] names only the reader knows: FILE:LINE: problem. */
static int
main_check_ui_names(const struct config *cfg, char **cause)
{
	char *why = NULL;
	size_t i;
	int st = LDN_OK, line = 0;

	for (i = 0; st == LDN_OK && i < cfg->nbindings; i++) {
		st = ui_keys_check(cfg->bindings[i].action, cfg->bindings[i].key, &why);
		line = cfg->bindings[i].line;
	}
	for (i = 0; st == LDN_OK && i < cfg->ncolors; i++) {
		st = ui_theme_check(cfg->colors[i].element, &why);
		line = cfg->colors[i].line;
	}
	if (st != LDN_OK)
		st = ldn_cause(cause, st, "%s:%d: %s", cfg->path ? cfg->path : "config", line,
			       why ? why : "out of memory");
	free(why);
	return st;
}

/*
 * Reads the config file into c->cfg and picks the feeds: those on the
 * command line, else the config file's, else the London Daily. A missing
 * default file is no config; a missing -c FILE is an error.
 */
static int
main_setup(struct main_ctx *c, const struct cli_opts *o)
{
	char *path = NULL, *cause = NULL;
	size_t i;
	int st;

	memset(c, 0, sizeof(*c));
	c->o = o;
	config_init(&c->cfg);
	st = main_config_path(o, &path, &cause);
	if (st == LDN_EIO) {
		/* No HOME and no XDG_CONFIG_HOME: no default file to read. */
		free(cause);
		cause = NULL;
		st = LDN_OK;
	} else if (st == LDN_OK) {
		st = config_load(&c->cfg, path, o->config ? 0 : CONFIG_MISSING_OK, &cause);
		if (st == LDN_OK)
			st = main_check_ui_names(&c->cfg, &cause);
	}
	c->kiosk = o->kiosk || c->cfg.kiosk;
	if (st == LDN_OK && c->kiosk && o->reset_cache)
		st = ldn_cause(&cause, LDN_EUSAGE, "--reset-cache: a kiosk never changes the cache "
			       "(kiosk = true in %s)", c->cfg.path ? c->cfg.path : "the config");
	if (st == LDN_OK && (st = main_sources(c)) != LDN_OK)
		cause = strdup("out of memory");
	c->nsrcs = o->nfeeds ? o->nfeeds : c->cfg.nfeeds ? c->cfg.nfeeds : 1;
	if (st == LDN_OK && (c->srcs = calloc(c->nsrcs, sizeof(*c->srcs))) == NULL)
		st = LDN_ENOMEM;
	for (i = 0; st == LDN_OK && i < c->nsrcs; i++)
		c->srcs[i] = o->nfeeds ? o->feeds[i] :
			     c->cfg.nfeeds ? c->cfg.feeds[i].url : LDN_DEFAULT_FEED;
	if (st != LDN_OK)
		main_error(NULL, cause);
	free(cause);
	free(path);
	return st;
}

static void
main_teardown(struct main_ctx *c)
{
	free(c->sources);
	free(c->srcs);
	config_free(&c->cfg);
}

/* --check-feed: one feed, traced, nothing cached. */
static int
main_check(const struct main_ctx *c)
{
	struct fetch_opts fo;
	char *cause = NULL, *shown;
	int st;

	main_fetch_opts(c, &fo);
	if (fetch_global_init() != LDN_OK) {
		main_error(NULL, "cannot initialise libcurl");
		return LDN_ENOMEM;
	}
	st = check_feed(stdout, c->o->check, &fo, &cause);
	if (st != LDN_OK) {
		/* Like the report, the line is for a bug report: no password. */
		shown = url_hide_userinfo(c->o->check);
		main_error(shown ? shown : c->o->check, cause);
		free(shown);
	}
	free(cause);
	feed_parse_global_cleanup();
	fetch_global_cleanup();
	return st;
}

static int
main_help(const struct main_ctx *c)
{
	(void)c;
	cli_usage(stdout);
	return LDN_OK;
}

static int
main_version(const struct main_ctx *c)
{
	(void)c;
	puts("ldnews " LDN_VERSION);
	return LDN_OK;
}

/* No mode: the reader on a terminal, else (a pipe, cron) the list. */
static int
main_default(const struct main_ctx *c)
{
	return isatty(STDOUT_FILENO) ? main_ui(c) : main_run(c);
}

/*
 * What each mode runs. With `setup`, main_setup reads the config and
 * picks the feeds first (a bad config stops the run having touched
 * nothing); without, the mode has only the command line.
 */
static const struct main_mode {
	enum cli_mode mode;
	bool setup;
	int (*run)(const struct main_ctx *c);
} main_modes[] = {
	{CLI_MODE_HELP, false, main_help},
	{CLI_MODE_VERSION, false, main_version},
	{CLI_MODE_IMPORT_OPML, false, main_import},
	{CLI_MODE_EXPORT_OPML, true, main_export},
	{CLI_MODE_CHECK, true, main_check},
	{CLI_MODE_DEFAULT, true, main_default},
	{CLI_MODE_LIST, true, main_run},
	{CLI_MODE_SHOW, true, main_run},
	{CLI_MODE_TAGS, true, main_run},
};

static int
main_dispatch(const struct cli_opts *o)
{
	const struct main_mode *m = NULL;
	struct main_ctx c = {.o = o};
	size_t i;
	int st;

	for (i = 0; i < sizeof(main_modes) / sizeof(main_modes[0]); i++)
		if (main_modes[i].mode == o->mode)
			m = &main_modes[i];
	if (m == NULL) { /* a mode cli.c knows and this table does not */
		msg_print(stderr, "internal error: no handler for mode %d", (int)o->mode);
		return LDN_EUSAGE;
	}
	if (!m->setup)
		return m->run(&c);
	if ((st = main_setup(&c, o)) == LDN_OK)
		st = m->run(&c);
	main_teardown(&c);
	return st;
}

int
main(int argc, char **argv)
{
	struct cli_opts o;
	char *cause = NULL;
	int st;

	text_init();
	st = cli_parse(argc, argv, &o, &cause);
	if (st != LDN_OK)
		main_error(NULL, cause);
	else
		st = main_dispatch(&o);
	free(cause);
	cli_opts_free(&o);
	return ldn_status_exit_code(st);
}
