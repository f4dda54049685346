/*
 * main.c - ldnews: read the London Daily, or any RSS/Atom feed, in a terminal.
 *
 * Parses the command line, loads every feed (fetch -> parse), merges and
 * numbers the articles (query) and prints what was asked (output). Maps
 * statuses to the exit codes of the contract. Every error is one line on
 * stderr naming its source; nothing goes to stdout on error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"
#include "feed_parse.h"
#include "fetch.h"
#include "ldn_config.h"
#include "load.h"
#include "output.h"
#include "query.h"
#include "text.h"
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

/* The full-screen reader: it loads the feeds itself, in the background. */
static int
main_ui(const struct cli_opts *o)
{
	struct fetch_opts fo;
	struct ui_opts uo = {
		.srcs = o->nfeeds ? o->feeds : main_default_srcs,
		.nsrcs = o->nfeeds ? o->nfeeds : 1,
		.fetch = &fo,
		.tags = o->tags,
		.ntags = o->ntags,
		.find = o->find,
		.open_n = o->open_n,
		.refresh_secs = o->refresh,
		.ascii = o->ascii,
	};
	char *cause = NULL;
	int st;

	fetch_opts_default(&fo);
	if (o->timeout > 0)
		fo.timeout = o->timeout;
	st = fetch_global_init();
	if (st == LDN_OK) {
		st = ui_run(&uo, &cause);
		if (st != LDN_OK)
			main_error(NULL, cause);
	} else {
		main_error(NULL, "cannot initialise libcurl");
	}
	free(cause);
	feed_parse_global_cleanup();
	fetch_global_cleanup();
	return st;
}

/*
 * Loads every source into `all`. A source that fails is reported and
 * skipped; returns LDN_OK when at least one was read.
 */
static int
main_load(const struct cli_opts *o, struct article_list *all)
{
	const char *const *srcs = o->nfeeds ? o->feeds : main_default_srcs;
	size_t n = o->nfeeds ? o->nfeeds : 1, i, ok = 0;
	struct fetch_opts fo;
	unsigned flags = 0;
	int st = LDN_OK;

	fetch_opts_default(&fo);
	if (o->timeout > 0)
		fo.timeout = o->timeout;
	/* Bodies are most of a feed's bytes; only --show and --find read them. */
	if (o->mode != CLI_MODE_SHOW && o->find == NULL)
		flags |= FEED_PARSE_SKIP_CONTENT;
	for (i = 0; i < n; i++) {
		struct feed *f = NULL;
		char *warning = NULL, *cause = NULL;

		st = load_feed(srcs[i], &fo, flags, NULL, &f, &warning, &cause);
		if (st == LDN_OK && warning)
			fprintf(stderr, "ldnews: %s: warning: %s\n", srcs[i], warning);
		if (st == LDN_OK)
			st = article_list_take_all(all, &f->articles);
		if (st == LDN_OK)
			ok++;
		else
			main_error(srcs[i], cause);
		feed_free(f);
		free(warning);
		free(cause);
		if (st == LDN_ENOMEM)
			return st;
	}
	return ok > 0 ? LDN_OK : LDN_EFETCH;
}

static int
main_output(const struct cli_opts *o, const struct query_view *v, char **cause)
{
	switch (o->mode) {
	case CLI_MODE_SHOW:
		return output_show(stdout, v, (size_t)o->show_n, main_width(o), o->json, cause);
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
	struct query q = {.tags = o->tags, .ntags = o->ntags, .find = o->find};
	char *cause = NULL;
	int st;

	st = fetch_global_init();
	if (st != LDN_OK) {
		main_error(NULL, "cannot initialise libcurl");
		return st;
	}
	st = main_load(o, &all);
	if (st != LDN_OK)
		goto out;
	query_sort(&all);
	st = query_run(&all, &q, &view);
	if (st == LDN_OK)
		st = main_output(o, &view, &cause);
	if (st != LDN_OK)
		main_error(NULL, cause);
	else if (fflush(stdout) != 0 || ferror(stdout)) {
		st = LDN_EIO;
		main_error(NULL, "cannot write the output");
	}
out:
	free(cause);
	query_view_free(&view);
	article_list_free(&all);
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
	else if (o.mode == CLI_MODE_DEFAULT && isatty(STDOUT_FILENO))
		st = main_ui(&o);
	else
		st = main_run(&o);
	cli_opts_free(&o);
	return ldn_status_exit_code(st);
}
