/*
 * plan.c - the run's settings, decided once from the command line and the
 * config (plan.h). It owns the plan's two arrays (srcs, sources) and
 * borrows everything else; it runs on the main thread, before any other
 * starts.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "feed_parse.h"
#include "plan.h"

/* The config's per-feed settings, for every configured feed. */
static int
plan_sources(struct plan *p, const struct config *cfg)
{
	size_t i;

	if (cfg->nfeeds == 0)
		return LDN_OK;
	if ((p->sources = calloc(cfg->nfeeds, sizeof(*p->sources))) == NULL)
		return LDN_ENOMEM;
	for (i = 0; i < cfg->nfeeds; i++) {
		const struct config_feed *f = &cfg->feeds[i];

		p->sources[i] = (struct source){
			.url = f->url, .name = f->name,
			.tags = (const char *const *)f->tags, .ntags = f->ntags,
			.refresh = f->refresh, .limit = f->limit, .full_text = f->full_text,
		};
	}
	p->nsources = cfg->nfeeds;
	return LDN_OK;
}

enum config_full_text
plan_full_text(const struct plan *p, const char *feed_url)
{
	const struct source *s = source_find(p->sources, p->nsources, feed_url);

	if (s != NULL && s->full_text != CONFIG_FULL_TEXT_UNSET)
		return s->full_text;
	/* The London Daily's feed carries standfirsts: its page has the text. */
	if (feed_url != NULL && strcmp(feed_url, PLAN_DEFAULT_FEED) == 0)
		return CONFIG_FULL_TEXT_OPEN;
	return CONFIG_FULL_TEXT_NEVER;
}

/* The feeds read: the command line's, else the config's, else the default. */
static int
plan_srcs(struct plan *p, const struct cli_opts *o, const struct config *cfg)
{
	size_t i;

	p->nsrcs = o->nfeeds ? o->nfeeds : cfg->nfeeds ? cfg->nfeeds : 1;
	if ((p->srcs = calloc(p->nsrcs, sizeof(*p->srcs))) == NULL)
		return LDN_ENOMEM;
	for (i = 0; i < p->nsrcs; i++)
		p->srcs[i] = o->nfeeds ? o->feeds[i] :
			     cfg->nfeeds ? cfg->feeds[i].url : PLAN_DEFAULT_FEED;
	if (o->nfeeds == 0 && cfg->nfeeds > 0)
		p->conf_feeds = cfg->feeds;
	return LDN_OK;
}

/* The config's fetch settings, then the command line's. */
static void
plan_fetch(struct plan *p, const struct cli_opts *o, const struct config *cfg)
{
	fetch_opts_default(&p->fetch);
	p->fetch.connect_timeout = cfg->connect_timeout;
	p->fetch.timeout = o->timeout > 0 ? o->timeout : cfg->timeout;
	p->fetch.low_speed_time = cfg->low_speed_time;
	p->fetch.max_bytes = cfg->max_size;
	if (cfg->user_agent != NULL)
		p->fetch.user_agent = cfg->user_agent;
	p->max_connections = (size_t)cfg->max_connections;
	p->max_host_connections = (size_t)cfg->max_per_host;
	p->offline = o->offline;
	p->reader = o->mode == CLI_MODE_DEFAULT && isatty(STDOUT_FILENO);
	/* Bodies are most of a feed's bytes; in a cache thrown away after
	 * the run (no cache, a kiosk's copy) only --show, --find and the
	 * reader read them. */
	if ((o->no_cache || o->kiosk) && !p->reader && o->mode != CLI_MODE_SHOW &&
	    o->find == NULL)
		p->parse_flags = FEED_PARSE_SKIP_CONTENT;
	/* As many articles a feed as one parsed into memory holds. */
	if (o->no_cache)
		p->parse_flags |= FEED_PARSE_BOUNDED;
}

/* What is shown, and the reader's settings. */
static void
plan_view(struct plan *p, const struct cli_opts *o, const struct config *cfg)
{
	p->tags = o->tags;
	p->ntags = o->ntags;
	p->find = o->find;
	if (!o->no_ignore) {
		p->ignore = cfg->ignore;
		p->nignore = cfg->nignore;
	}
	p->show_n = o->show_n;
	p->json = o->json;
	p->full = o->full;
	p->width = o->width;
	p->check = o->check;
	p->import_opml = o->import_opml;
	p->config = o->config;
	p->open_n = o->open_n;
	p->refresh_secs = o->refresh ? o->refresh : cfg->refresh;
	/* A kiosk keeps itself current unless told otherwise. */
	if (p->kiosk && p->refresh_secs == 0)
		p->refresh_secs = CLI_KIOSK_REFRESH;
	p->ascii = o->ascii;
	p->browser = (const char *const *)cfg->browser;
	p->player = (const char *const *)cfg->player;
	p->pipe = (const char *const *)cfg->pipe;
	p->copy = (const char *const *)cfg->copy;
	/* A kiosk starts no other program. */
	p->notify = p->kiosk ? NULL : (const char *const *)cfg->notify;
	p->compact = cfg->density == CONFIG_DENSITY_COMPACT;
	p->date_format = cfg->date_format;
	p->reader_width = cfg->reader_width;
	p->colors = cfg->colors;
	p->ncolors = cfg->ncolors;
	p->bindings = cfg->bindings;
	p->nbindings = cfg->nbindings;
	p->idle_reset_secs = o->idle_reset;
	p->cycle_secs = o->cycle;
}

int
plan_build(struct plan *p, const struct cli_opts *o, const struct config *cfg, char **cause)
{
	struct config none;

	memset(p, 0, sizeof(*p));
	if (cfg == NULL) {
		config_init(&none); /* allocates nothing: no config_free */
		cfg = &none;
	}
	p->mode = o->mode;
	p->kiosk = o->kiosk || cfg->kiosk;
	p->cache_readonly = p->kiosk;
	p->no_cache = o->no_cache;
	p->cache = o->cache;
	p->reset_cache = o->reset_cache;
	p->limits.max_age = cfg->max_age;
	/* A cache thrown away after the run shows what the feeds carry, as
	 * many as a feed parsed into memory holds: the cap that bounds a
	 * cache kept for months has no job there. */
	p->limits.max_per_feed = p->no_cache ? FEED_PARSE_MAX_ARTICLES : cfg->max_per_feed;
	plan_fetch(p, o, cfg);
	plan_view(p, o, cfg);
	if (p->kiosk && p->reset_cache)
		return ldn_cause(cause, LDN_EUSAGE, "--reset-cache: a kiosk never changes the cache "
				 "(kiosk = true in %s)", cfg->path ? cfg->path : "the config");
	if (plan_sources(p, cfg) != LDN_OK || plan_srcs(p, o, cfg) != LDN_OK)
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	return LDN_OK;
}

void
plan_free(struct plan *p)
{
	free(p->sources);
	free(p->srcs);
	p->sources = NULL;
	p->srcs = NULL;
}

void
plan_sync_opts(const struct plan *p, struct sync_opts *so)
{
	*so = (struct sync_opts){
		.fetch = &p->fetch,
		.parse_flags = p->parse_flags,
		.max_connections = p->max_connections,
		.max_host_connections = p->max_host_connections,
		.sources = p->sources,
		.nsources = p->nsources,
	};
}
