/*
 * main.c - ldnews: read the London Daily, or any RSS/Atom feed, in a terminal.
 *
 * Parses the command line, refreshes every feed into the cache (fetch ->
 * parse -> store, through gather), numbers the articles (query) and prints
 * what was asked (output), or hands it all to the reader (ui). Maps
 * statuses to the exit codes of the contract. Every error is one line on
 * stderr naming its source; nothing goes to stdout on error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "check.h"
#include "cli.h"
#include "feed_parse.h"
#include "fetch.h"
#include "ldn_config.h"
#include "gather.h"
#include "load.h"
#include "output.h"
#include "query.h"
#include "text.h"
#include "store.h"
#include "ui.h"

/* The London Daily's own feed, read when no feed is named. */
#define LDN_DEFAULT_FEED "https://londondaily.com/feed"

static void
main_error(const char *src, const char *cause)
{
	if (src)
		fprintf(stderr, "ldnews: %s: %s\n", src, cause ? cause : "out of memory");
	else
		fprintf(stderr, "ldnews: %s\n", cause ? cause : "out of memory");
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

static const char *const main_default_srcs[] = {LDN_DEFAULT_FEED};

/* What every run that reads feeds sets up, and tears down in reverse. */
struct main_env {
	struct fetch_opts fo;
	struct gather_opts g;
	struct store *store;  /* NULL with --no-cache */
	bool readonly;        /* the cache could only be opened read-only */
	bool curl_up;
};

static void main_gather_opts(const struct cli_opts *o, const struct fetch_opts *fo,
			     struct gather_opts *g);

static int
main_start(const struct cli_opts *o, struct main_env *env, char **cause)
{
	memset(env, 0, sizeof(*env));
	fetch_opts_default(&env->fo);
	if (o->timeout > 0)
		env->fo.timeout = o->timeout;
	main_gather_opts(o, &env->fo, &env->g);
	if (fetch_global_init() != LDN_OK)
		return ldn_cause(cause, LDN_ENOMEM, "cannot initialise libcurl");
	env->curl_up = true;
	if (o->no_cache)
		return LDN_OK;
	return gather_open_store(&env->g, &env->store, &env->readonly, cause);
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
main_ui(const struct cli_opts *o)
{
	struct main_env env;
	struct ui_opts uo = {
		.srcs = o->nfeeds ? o->feeds : main_default_srcs,
		.nsrcs = o->nfeeds ? o->nfeeds : 1,
		.fetch = &env.fo,
		.tags = o->tags,
		.ntags = o->ntags,
		.find = o->find,
		.open_n = o->open_n,
		.refresh_secs = o->refresh,
		.ascii = o->ascii,
		.offline = o->offline,
	};
	char *cause = NULL;
	int st;

	st = main_start(o, &env, &cause);
	if (st == LDN_OK) {
		uo.store = env.store;
		uo.cache = env.store ? store_path(env.store) : NULL;
		uo.cache_readonly = env.readonly;
		st = ui_run(&uo, &cause);
	}
	if (st != LDN_OK)
		main_error(NULL, cause);
	free(cause);
	main_stop(&env);
	return st;
}

static void
main_gather_opts(const struct cli_opts *o, const struct fetch_opts *fo, struct gather_opts *g)
{
	memset(g, 0, sizeof(*g));
	g->srcs = o->nfeeds ? o->feeds : main_default_srcs;
	g->nsrcs = o->nfeeds ? o->nfeeds : 1;
	g->fetch = fo;
	/* Bodies are most of a feed's bytes; without a cache only --show and
	 * --find read them. */
	if (o->mode != CLI_MODE_SHOW && o->find == NULL)
		g->parse_flags = FEED_PARSE_SKIP_CONTENT;
	g->offline = o->offline;
	g->no_cache = o->no_cache;
	g->cache = o->cache;
	g->reset_cache = o->reset_cache;
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

static int
main_run(const struct cli_opts *o)
{
	struct article_list all = {0};
	struct query_view view = {0};
	struct main_hits hits = {&all, NULL, 0};
	struct query q = {.tags = o->tags, .ntags = o->ntags, .find = o->find};
	struct main_env env;
	char *cause = NULL;
	int st;

	st = main_start(o, &env, &cause);
	if (st == LDN_OK)
		st = gather_articles(&env.g, env.store, env.readonly, &all, &cause);
	if (st == LDN_OK && env.store != NULL && o->find != NULL && *o->find != '\0') {
		st = main_body_hits(env.store, env.readonly, o->find, &hits, &cause);
		q.also = main_hit;
		q.also_payload = &hits;
	}
	if (st == LDN_OK) {
		query_sort(&all);
		st = query_run(&all, &q, &view);
	}
	if (st == LDN_OK)
		st = main_output(o, env.store, &view, &cause);
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

/* --check-feed: one feed, traced, nothing cached. */
static int
main_check(const struct cli_opts *o)
{
	struct fetch_opts fo;
	char *cause = NULL;
	int st;

	fetch_opts_default(&fo);
	if (o->timeout > 0)
		fo.timeout = o->timeout;
	if (fetch_global_init() != LDN_OK) {
		main_error(NULL, "cannot initialise libcurl");
		return LDN_ENOMEM;
	}
	st = check_feed(stdout, o->check, &fo, &cause);
	if (st != LDN_OK)
		main_error(o->check, cause);
	free(cause);
	feed_parse_global_cleanup();
	fetch_global_cleanup();
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
	if (st != LDN_OK) {
		main_error(NULL, cause);
		free(cause);
		cli_opts_free(&o);
		return ldn_status_exit_code(st);
	}
	if (o.mode == CLI_MODE_HELP)
		cli_usage(stdout);
	else if (o.mode == CLI_MODE_VERSION)
		puts("ldnews " LDN_VERSION);
	else if (o.mode == CLI_MODE_CHECK)
		st = main_check(&o);
	else if (o.mode == CLI_MODE_DEFAULT && isatty(STDOUT_FILENO))
		st = main_ui(&o);
	else
		st = main_run(&o);
	cli_opts_free(&o);
	return ldn_status_exit_code(st);
}
