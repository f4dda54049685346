/* Unit tests for plan.c: the run's settings from the command line and the
 * config, with their defaults and precedences decided once. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "feed_parse.h"
#include "plan.h"
#include "support.h"

/* The config file `text`, read into *cfg (its path kept in *dir). */
static void
load_config(struct config *cfg, char **dir, const char *text)
{
	struct buf path;
	char *cause = NULL;

	*dir = ts_tmpdir("plan");
	buf_init(&path, 4096);
	assert_int_equal(buf_printf(&path, "%s/ldnews.conf", *dir), LDN_OK);
	ts_spit(buf_cstr(&path), text, strlen(text));
	config_init(cfg);
	if (config_load(cfg, buf_cstr(&path), 0, &cause) != LDN_OK)
		fail_msg("config: %s", cause);
	buf_free(&path);
}

static void
drop_config(struct config *cfg, char *dir)
{
	config_free(cfg);
	assert_int_equal(ts_rmtree(dir), 0);
	free(dir);
}

/* No config, no option: the London Daily, the fetcher's and the cache's
 * own defaults, no refresh. */
static void
test_defaults(void **state)
{
	struct cli_opts o = {.mode = CLI_MODE_LIST};
	struct fetch_opts fo;
	struct plan p;

	(void)state;
	assert_int_equal(plan_build(&p, &o, NULL, NULL), LDN_OK);
	assert_int_equal(p.nsrcs, 1);
	assert_string_equal(p.srcs[0], PLAN_DEFAULT_FEED);
	assert_int_equal(p.nsources, 0);
	assert_null(p.conf_feeds);
	fetch_opts_default(&fo);
	assert_int_equal(p.fetch.timeout, fo.timeout);
	assert_int_equal(p.fetch.connect_timeout, fo.connect_timeout);
	assert_int_equal(p.fetch.max_bytes, fo.max_bytes);
	assert_string_equal(p.fetch.user_agent, fo.user_agent);
	assert_int_equal(p.max_connections, CONFIG_MAX_CONNECTIONS_DEFAULT);
	assert_int_equal(p.max_host_connections, CONFIG_MAX_PER_HOST_DEFAULT);
	assert_int_equal(p.limits.max_age, STORE_MAX_AGE_DEFAULT);
	assert_int_equal(p.limits.max_per_feed, STORE_MAX_PER_FEED_DEFAULT);
	assert_int_equal(p.refresh_secs, 0);
	assert_false(p.kiosk);
	assert_false(p.cache_readonly);
	assert_false(p.no_cache);
	assert_false(p.compact);
	/* The cache keeps bodies. */
	assert_int_equal(p.parse_flags, 0);
	plan_free(&p);
	/* A list reads no bodies into a cache it throws away; --show and
	 * --find do. */
	o.no_cache = true;
	assert_int_equal(plan_build(&p, &o, NULL, NULL), LDN_OK);
	assert_int_equal(p.parse_flags, FEED_PARSE_SKIP_CONTENT | FEED_PARSE_BOUNDED);
	plan_free(&p);
	o.mode = CLI_MODE_SHOW;
	assert_int_equal(plan_build(&p, &o, NULL, NULL), LDN_OK);
	assert_int_equal(p.parse_flags, FEED_PARSE_BOUNDED);
	plan_free(&p);
	o.mode = CLI_MODE_LIST;
	o.find = "tram";
	assert_int_equal(plan_build(&p, &o, NULL, NULL), LDN_OK);
	assert_int_equal(p.parse_flags, FEED_PARSE_BOUNDED);
	assert_string_equal(p.find, "tram");
	plan_free(&p);
}

#define TWO_FEEDS \
	"[general]\nrefresh = 10m\ntimeout = 7\nuser-agent = conf/1\ndensity = compact\n" \
	"max-connections = 3\n[retention]\nmax-per-feed = 9\n" \
	"[feed]\nurl = https://a.example/feed\nname = A\ntags = x, y\n" \
	"[feed]\nurl = https://b.example/feed\nlimit = 4\n"

/* The config's feeds and settings, unless the command line says otherwise:
 * then its feeds and values win, and the config's per-feed settings stay
 * (for a configured feed named on the command line). */
static void
test_command_line_over_config(void **state)
{
	const char *feeds[] = {"https://b.example/feed"};
	struct cli_opts o = {.mode = CLI_MODE_LIST};
	struct config cfg;
	struct plan p;
	char *dir;

	(void)state;
	load_config(&cfg, &dir, TWO_FEEDS);
	assert_int_equal(plan_build(&p, &o, &cfg, NULL), LDN_OK);
	assert_int_equal(p.nsrcs, 2);
	assert_string_equal(p.srcs[0], "https://a.example/feed");
	assert_string_equal(p.srcs[1], "https://b.example/feed");
	assert_ptr_equal(p.conf_feeds, cfg.feeds);
	assert_int_equal(p.nsources, 2);
	assert_string_equal(p.sources[0].name, "A");
	assert_int_equal(p.sources[0].ntags, 2);
	assert_int_equal(p.sources[1].limit, 4);
	assert_int_equal(p.refresh_secs, 600);
	assert_int_equal(p.fetch.timeout, 7);
	assert_string_equal(p.fetch.user_agent, "conf/1");
	assert_int_equal(p.max_connections, 3);
	assert_int_equal(p.limits.max_per_feed, 9);
	assert_true(p.compact);
	plan_free(&p);

	o.feeds = feeds;
	o.nfeeds = 1;
	o.timeout = 2;
	o.refresh = 30;
	assert_int_equal(plan_build(&p, &o, &cfg, NULL), LDN_OK);
	assert_int_equal(p.nsrcs, 1);
	assert_string_equal(p.srcs[0], "https://b.example/feed");
	assert_null(p.conf_feeds); /* --export-opml: only the url is known */
	assert_int_equal(p.nsources, 2);
	assert_int_equal(p.fetch.timeout, 2);
	assert_int_equal(p.refresh_secs, 30);
	assert_string_equal(p.fetch.user_agent, "conf/1");
	plan_free(&p);
	drop_config(&cfg, dir);
}

/* full-text: the feed's [feed] says; else the London Daily opens its
 * pages, other feeds never. */
static void
test_full_text(void **state)
{
	struct cli_opts o = {.mode = CLI_MODE_LIST};
	struct config cfg;
	struct plan p;
	char *dir;

	(void)state;
	assert_int_equal(plan_build(&p, &o, NULL, NULL), LDN_OK);
	assert_int_equal(plan_full_text(&p, PLAN_DEFAULT_FEED), CONFIG_FULL_TEXT_OPEN);
	assert_int_equal(plan_full_text(&p, "https://a.example/feed"), CONFIG_FULL_TEXT_NEVER);
	plan_free(&p);
	load_config(&cfg, &dir, "[feed]\nurl = https://a.example/feed\nfull-text = prefetch\n"
		    "[feed]\nurl = https://londondaily.com/\nfull-text = never\n"
		    "[feed]\nurl = https://c.example/feed\n");
	assert_int_equal(plan_build(&p, &o, &cfg, NULL), LDN_OK);
	assert_int_equal(plan_full_text(&p, "https://a.example/feed"), CONFIG_FULL_TEXT_PREFETCH);
	assert_int_equal(plan_full_text(&p, PLAN_DEFAULT_FEED), CONFIG_FULL_TEXT_NEVER);
	assert_int_equal(plan_full_text(&p, "https://c.example/feed"), CONFIG_FULL_TEXT_NEVER);
	plan_free(&p);
	drop_config(&cfg, dir);
}

/* A kiosk (from either side) only reads the cache and refreshes itself
 * every CLI_KIOSK_REFRESH seconds, unless a refresh is given. */
static void
test_kiosk(void **state)
{
	struct cli_opts o = {.kiosk = true};
	struct config cfg;
	struct plan p;
	char *dir;

	(void)state;
	assert_int_equal(plan_build(&p, &o, NULL, NULL), LDN_OK);
	assert_true(p.kiosk);
	assert_true(p.cache_readonly);
	assert_int_equal(p.refresh_secs, CLI_KIOSK_REFRESH);
	plan_free(&p);
	o.refresh = 45;
	assert_int_equal(plan_build(&p, &o, NULL, NULL), LDN_OK);
	assert_int_equal(p.refresh_secs, 45);
	plan_free(&p);

	load_config(&cfg, &dir, "[general]\nkiosk = true\n");
	o = (struct cli_opts){.mode = CLI_MODE_DEFAULT};
	assert_int_equal(plan_build(&p, &o, &cfg, NULL), LDN_OK);
	assert_true(p.kiosk);
	assert_true(p.cache_readonly);
	assert_int_equal(p.refresh_secs, CLI_KIOSK_REFRESH);
	plan_free(&p);
	drop_config(&cfg, dir);

	/* The notification command is the config's, and never a kiosk's. */
	load_config(&cfg, &dir, "[general]\nnotify = notify-send -a ldnews\n");
	assert_int_equal(plan_build(&p, &o, &cfg, NULL), LDN_OK);
	assert_non_null(p.notify);
	assert_string_equal(p.notify[0], "notify-send");
	assert_string_equal(p.notify[2], "ldnews");
	assert_null(p.notify[3]);
	plan_free(&p);
	o.kiosk = true;
	assert_int_equal(plan_build(&p, &o, &cfg, NULL), LDN_OK);
	assert_null(p.notify);
	plan_free(&p);
	drop_config(&cfg, dir);
}

/* --no-cache keeps nothing on disk; a list still skips bodies. */
static void
test_no_cache(void **state)
{
	const char *feeds[] = {"https://a.example/feed"};
	struct cli_opts o = {.mode = CLI_MODE_LIST, .no_cache = true, .feeds = feeds,
			     .nfeeds = 1};
	struct plan p;

	(void)state;
	assert_int_equal(plan_build(&p, &o, NULL, NULL), LDN_OK);
	assert_true(p.no_cache);
	assert_null(p.cache);
	assert_false(p.cache_readonly);
	assert_int_equal(p.parse_flags, FEED_PARSE_SKIP_CONTENT | FEED_PARSE_BOUNDED);
	/* Its cache in memory keeps what a feed parsed into memory would. */
	assert_int_equal(p.limits.max_per_feed, FEED_PARSE_MAX_ARTICLES);
	plan_free(&p);
}

/* A setting the plan cannot honour: one line naming the option and where
 * the conflicting setting came from. */
static void
test_errors(void **state)
{
	struct cli_opts o = {.mode = CLI_MODE_LIST, .reset_cache = true};
	struct config cfg;
	struct plan p;
	char *dir, *cause = NULL;

	(void)state;
	load_config(&cfg, &dir, "[general]\nkiosk = true\n");
	assert_int_equal(plan_build(&p, &o, &cfg, &cause), LDN_EUSAGE);
	assert_non_null(cause);
	assert_null(strchr(cause, '\n'));
	assert_non_null(strstr(cause, "--reset-cache"));
	assert_non_null(strstr(cause, cfg.path));
	plan_free(&p);
	free(cause);
	drop_config(&cfg, dir);
}

/* What the engine is given comes from the plan, in one place. */
static void
test_sync_opts(void **state)
{
	struct cli_opts o = {.mode = CLI_MODE_LIST};
	struct config cfg;
	struct sync_opts so;
	struct plan p;
	char *dir;

	(void)state;
	load_config(&cfg, &dir, TWO_FEEDS);
	assert_int_equal(plan_build(&p, &o, &cfg, NULL), LDN_OK);
	plan_sync_opts(&p, &so);
	assert_ptr_equal(so.fetch, &p.fetch);
	assert_int_equal(so.parse_flags, 0); /* the cache keeps bodies */
	assert_int_equal(so.max_connections, 3);
	assert_int_equal(so.max_host_connections, CONFIG_MAX_PER_HOST_DEFAULT);
	assert_ptr_equal(so.sources, p.sources);
	assert_int_equal(so.nsources, 2);
	assert_false(so.force);
	plan_free(&p);
	/* A cache thrown away after a --list needs no bodies. */
	o.no_cache = true;
	assert_int_equal(plan_build(&p, &o, &cfg, NULL), LDN_OK);
	plan_sync_opts(&p, &so);
	assert_int_equal(so.parse_flags, FEED_PARSE_SKIP_CONTENT | FEED_PARSE_BOUNDED);
	plan_free(&p);
	drop_config(&cfg, dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_full_text),
		cmocka_unit_test(test_command_line_over_config),
		cmocka_unit_test(test_kiosk),
		cmocka_unit_test(test_no_cache),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_sync_opts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
