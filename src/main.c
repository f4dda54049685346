/*
 * main.c - ldnews: read the London Daily, or any RSS, Atom or JSON feed, in a terminal.
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
 * It owns the config and the run's settings decided from it and the
 * command line (struct plan, plan.h: built once, then only read), and
 * what the modes set up alike (struct main_env: the cache). It runs on
 * the main thread, which the reader keeps; the threads of refresh and
 * sync are started below it and ended before it returns.
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
#include "headless.h"
#include "load.h"
#include "msg.h"
#include "opml.h"
#include "output.h"
#include "paths.h"
#include "plan.h"
#include "source.h"
#include "query.h"
#include "text.h"
#include "store.h"
#include "ui.h"
#include "url.h"

static void
main_error(const char *src, const char *cause)
{
	if (src)
		msg_print(stderr, "%s: %s", src, cause ? cause : "out of memory");
	else
		msg_print(stderr, "%s", cause ? cause : "out of memory");
}

static size_t
main_width(const struct plan *p)
{
	struct winsize ws;

	if (p->width > 0)
		return (size_t)p->width;
	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    ws.ws_col >= 10)
		return ws.ws_col;
	return 80;
}

/* What every run that reads feeds sets up, and tears down in reverse. */
struct main_env {
	struct gather_opts g;
	struct store *store;  /* in memory with --no-cache and in a kiosk */
	bool readonly;        /* the cache could only be opened read-only */
	bool curl_up;
};

static int
main_start(const struct plan *p, struct main_env *env, char **cause)
{
	int st;

	memset(env, 0, sizeof(*env));
	env->g = (struct gather_opts){.plan = p, .err = stderr};
	if (fetch_global_init() != LDN_OK)
		return ldn_cause(cause, LDN_ENOMEM, "cannot initialise libcurl");
	env->curl_up = true;
	st = gather_open_store(&env->g, &env->store, &env->readonly, cause);
	if (st == LDN_OK)
		store_set_limits(env->store, &p->limits);
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

/* The full-screen reader: it loads the feeds itself, in the background. */
static int
main_ui(const struct plan *p)
{
	struct main_env env;
	char *cause = NULL;
	int st;

	st = main_start(p, &env, &cause);
	if (st == LDN_OK)
		st = ui_run(p, env.store, env.readonly, &cause);
	if (st != LDN_OK)
		main_error(NULL, cause);
	free(cause);
	main_stop(&env);
	return st;
}

/* The cache read as a stream (headless.h): memory stays flat. */
static int
main_stream(const struct plan *o, const struct main_env *env, char **cause)
{
	struct headless h;
	int st = headless_open(&h, &env->g, env->store, env->readonly, cause);

	if (st == LDN_OK && o->mode == CLI_MODE_SHOW)
		st = headless_show(&h, (size_t)o->show_n, main_width(o), o->json, o->full,
				   cause);
	else if (st == LDN_OK && o->mode == CLI_MODE_TAGS)
		st = headless_tags(&h, o->json, cause);
	else if (st == LDN_OK)
		st = headless_list(&h, o->json, cause);
	headless_close(&h);
	return st;
}

/* --list, --show, --tags, and no mode without a terminal. */
static int
main_run(const struct plan *p)
{
	struct main_env env;
	char *cause = NULL;
	int st;

	st = main_start(p, &env, &cause);
	if (st == LDN_OK)
		st = main_stream(p, &env, &cause);
	if (st == LDN_OK && (fflush(stdout) != 0 || ferror(stdout))) {
		st = LDN_EIO;
		cause = strdup("cannot write the output");
	}
	/* Per-feed failures were reported as they happened. */
	if (st != LDN_OK && (cause != NULL || st == LDN_ENOMEM))
		main_error(NULL, cause);
	free(cause);
	main_stop(&env);
	return st;
}

/* The config file to read: -c FILE, else the XDG one (NULL: no place). */
static int
main_config_path(const char *config, char **out, char **cause)
{
	if (config != NULL)
		return (*out = strdup(config)) != NULL ? LDN_OK : LDN_ENOMEM;
	return paths_config(out, cause);
}

/* --import-opml FILE: its feeds appended to the config file. */
static int
main_import(const struct plan *p)
{
	struct opml_doc doc = {0};
	char *path = NULL, *cause = NULL;
	size_t added = 0, present = 0, i;
	int st;

	st = main_config_path(p->config, &path, &cause);
	if (st == LDN_OK)
		st = opml_read(&doc, p->import_opml, &cause);
	if (st == LDN_OK)
		st = opml_import(&doc, path, &added, &present, &cause);
	for (i = 0; i < doc.nskipped; i++)
		msg_print(stderr, "%s: skipped %s", p->import_opml, doc.skipped[i]);
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
main_export(const struct plan *p)
{
	struct config_feed *plain = NULL;
	const struct config_feed *feeds = p->conf_feeds;
	struct buf out;
	char *cause = NULL;
	size_t i;
	int st = LDN_OK;

	buf_init(&out, (size_t)-1);
	/* Feeds not from the config file have only their url. */
	if (feeds == NULL) {
		if ((plain = calloc(p->nsrcs, sizeof(*plain))) == NULL)
			st = LDN_ENOMEM;
		for (i = 0; st == LDN_OK && i < p->nsrcs; i++)
			plain[i].url = (char *)(uintptr_t)p->srcs[i];
		feeds = plain;
	}
	if (st == LDN_OK)
		st = opml_export(&out, feeds, p->nsrcs, &cause);
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
 * Reads the config file into *cfg: -c FILE, else the XDG one. A missing
 * default file is no config; a missing -c FILE is an error.
 */
static int
main_config(struct config *cfg, const struct cli_opts *o, char **cause)
{
	char *path = NULL;
	int st;

	st = main_config_path(o->config, &path, cause);
	if (st == LDN_EIO) {
		/* No HOME and no XDG_CONFIG_HOME: no default file to read. */
		free(*cause);
		*cause = NULL;
		st = LDN_OK;
	} else if (st == LDN_OK) {
		st = config_load(cfg, path, o->config ? 0 : CONFIG_MISSING_OK, cause);
		if (st == LDN_OK)
			st = main_check_ui_names(cfg, cause);
	}
	free(path);
	return st;
}

/* --check-feed: one feed, traced, nothing cached. */
static int
main_check(const struct plan *p)
{
	char *cause = NULL, *shown;
	int st;

	if (fetch_global_init() != LDN_OK) {
		main_error(NULL, "cannot initialise libcurl");
		return LDN_ENOMEM;
	}
	st = check_feed(stdout, p->check, &p->fetch, &cause);
	if (st != LDN_OK) {
		/* Like the report, the line is for a bug report: no password. */
		shown = url_hide_userinfo(p->check);
		main_error(shown ? shown : p->check, cause);
		free(shown);
	}
	free(cause);
	feed_parse_global_cleanup();
	fetch_global_cleanup();
	return st;
}

static int
main_help(const struct plan *p)
{
	(void)p;
	cli_usage(stdout);
	return LDN_OK;
}

static int
main_version(const struct plan *p)
{
	(void)p;
	puts("ldnews " LDN_VERSION);
	return LDN_OK;
}

/* No mode: the reader on a terminal, else (a pipe, cron) the list. */
static int
main_default(const struct plan *p)
{
	return p->reader ? main_ui(p) : main_run(p);
}

/*
 * What each mode runs, with the run's plan. With `setup`, the config is
 * read first (a bad config stops the run having touched nothing);
 * without, the plan has only the command line.
 */
static const struct main_mode {
	enum cli_mode mode;
	bool setup;
	int (*run)(const struct plan *p);
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
	struct config cfg;
	struct plan p = {0};
	char *cause = NULL;
	size_t i;
	int st = LDN_OK;

	for (i = 0; i < sizeof(main_modes) / sizeof(main_modes[0]); i++)
		if (main_modes[i].mode == o->mode)
			m = &main_modes[i];
	if (m == NULL) { /* a mode cli.c knows and this table does not */
		msg_print(stderr, "internal error: no handler for mode %d", (int)o->mode);
		return LDN_EUSAGE;
	}
	config_init(&cfg);
	if (m->setup)
		st = main_config(&cfg, o, &cause);
	if (st == LDN_OK)
		st = plan_build(&p, o, m->setup ? &cfg : NULL, &cause);
	if (st == LDN_OK)
		st = m->run(&p);
	else
		main_error(NULL, cause);
	free(cause);
	plan_free(&p);
	config_free(&cfg);
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
