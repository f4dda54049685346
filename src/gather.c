/*
 * gather.c - from feed sources to the article list of a headless run,
 * with or without the cache in between, through the engine (sync.h), as
 * the run's plan (plan.h) says. It owns nothing past the call; it runs on
 * the main thread, and its per-feed callback on the engine's merger
 * thread when there is one (one call at a time).
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gather.h"
#include "msg.h"
#include "paths.h"
#include "plan.h"
#include "sync.h"

static void
gather_report(const struct gather_opts *o, const char *src, const char *what, const char *msg)
{
	msg_print(o->err, "%s: %s%s", src, what, msg ? msg : "out of memory");
}

/*
 * A kiosk's cache: the file read once, never written, copied into memory,
 * where its feeds are fetched into as a cache's would be (validators,
 * schedule, retention).
 */
static int
gather_open_kiosk(const struct gather_opts *o, const char *path, struct store **out,
		  char **cause)
{
	struct store *disk;
	int st = store_open(&disk, path, STORE_READONLY | STORE_NO_CHECK, cause);

	if (st != LDN_OK)
		return st;
	/* A write of another ldnews left out of what is shown. */
	if (store_note(disk) != NULL)
		msg_print(o->err, "%s: %s", store_path(disk), store_note(disk));
	st = store_open_shared(out, disk, cause);
	store_close(disk);
	return st;
}

int
gather_open_store(const struct gather_opts *o, struct store **out, bool *readonly, char **cause)
{
	char *path = NULL, *moved = NULL, *rocause = NULL;
	int st;

	*out = NULL;
	*readonly = false;
	if (o->plan->no_cache)
		return store_open_shared(out, NULL, cause);
	if (o->plan->cache != NULL)
		st = (path = strdup(o->plan->cache)) ? LDN_OK : LDN_ENOMEM;
	else
		st = paths_cache(&path, cause);
	if (st != LDN_OK)
		return st;
	if (o->plan->cache_readonly) {
		/* Never creates or writes a file (see STORE_READONLY). */
		st = gather_open_kiosk(o, path, out, cause);
		goto out;
	}
	if (o->plan->reset_cache) {
		st = store_reset(path, &moved, cause);
		if (st == LDN_OK && moved != NULL)
			msg_print(o->err, "the old cache is kept as %s", moved);
		if (st != LDN_OK)
			goto out;
	}
	/* No corruption scan at open: it reads the whole file, and a damaged
	 * page is reported when it is read anyway. */
	st = store_open(out, path, STORE_NO_CHECK, cause);
	if (st == LDN_EIO && store_open(out, path, STORE_READONLY | STORE_NO_CHECK,
					&rocause) == LDN_OK) {
		/* Show what the cache has rather than nothing. */
		msg_print(o->err, "%s; reading it without refreshing",
			  *cause ? *cause : "the cache cannot be written");
		free(*cause);
		*cause = NULL;
		*readonly = true;
		st = LDN_OK;
	}
out:
	/* A write of another ldnews left out of what is shown. */
	if (st == LDN_OK && *readonly && store_note(*out) != NULL)
		msg_print(o->err, "%s: %s", store_path(*out), store_note(*out));
	free(rocause);
	free(moved);
	free(path);
	return st;
}

/* What the per-feed callback needs. */
struct gather_run {
	const struct gather_opts *o;
	size_t ok;                  /* feeds that worked (or are fresh) */
};

/* One feed is done: its lines on o->err. */
static void
gather_done(struct sync_outcome *out, void *payload)
{
	struct gather_run *g = payload;
	const struct gather_opts *o = g->o;
	char *why;

	if (out->status != LDN_OK) {
		gather_report(o, out->src, "", out->cause);
		return;
	}
	if (out->warning != NULL)
		gather_report(o, out->src, "warning: ", out->warning);
	if (out->discovered != NULL)
		msg_print(o->err, "%s: using the feed found at %s", out->src, out->discovered);
	if (out->moved_to != NULL)
		msg_print(o->err, "%s: moved permanently to %s; update your config", out->src,
			  out->moved_to);
	if (out->skipped == SYNC_SKIP_RETRY) {
		/* Stale data on the server's word: the user should know. */
		why = sync_skip_text(out);
		gather_report(o, out->src, "not fetched: ", why);
		free(why);
		return;
	}
	g->ok++;
}

/* Every feed of o, at once, into the store. */
static int
gather_sync(const struct gather_opts *o, struct store *s, size_t *ok, char **cause)
{
	struct gather_run g = {.o = o};
	struct sync_opts so;
	int st;

	plan_sync_opts(o->plan, &so);
	so.force = o->force;
	so.on_done = gather_done;
	so.payload = &g;
	st = sync_feeds(s, o->plan->srcs, o->plan->nsrcs, &so, cause);
	*ok = g.ok;
	return st;
}

static int
gather_str_cmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/*
 * A run that does not fetch (--offline, a read-only cache) shows what the
 * cache has: a feed it has nothing of (has[i] false for the plan's
 * srcs[i]) would be left out without a word. One line for each, by URL.
 * LDN_ENOMEM, else LDN_OK.
 */
static int
gather_say_missing(const struct gather_opts *o, const bool *has)
{
	const struct plan *p = o->plan;
	const char **srcs = malloc((p->nsrcs ? p->nsrcs : 1) * sizeof(*srcs));
	size_t i, n = 0;

	if (srcs == NULL)
		return LDN_ENOMEM;
	for (i = 0; i < p->nsrcs; i++)
		if (!has[i])
			srcs[n++] = p->srcs[i];
	qsort(srcs, n, sizeof(*srcs), gather_str_cmp);
	for (i = 0; i < n; i++)
		if (i == 0 || strcmp(srcs[i], srcs[i - 1]) != 0)
			msg_print(o->err, "%s: warning: nothing cached for it, and %s", srcs[i],
				  p->offline ? "--offline does not fetch" :
				  "the cache is read-only: not fetched");
	free(srcs);
	return LDN_OK;
}

/*
 * Into the cache (unless offline or read-only), then what it holds: *total
 * articles of the plan's feeds; errors as gather_stream_open says.
 */
static int
gather_cached(const struct gather_opts *o, struct store *s, bool readonly, size_t *total,
	      char **cause)
{
	const struct plan *p = o->plan;
	bool *has = calloc(p->nsrcs ? p->nsrcs : 1, sizeof(*has));
	size_t ok = 0;
	int st = LDN_OK;

	*total = 0;
	if (has == NULL) {
		(void)ldn_cause(cause, LDN_ENOMEM, "out of memory");
		return LDN_ENOMEM; /* said outright, for the analyzers */
	}
	if (!p->offline && !readonly)
		st = gather_sync(o, s, &ok, cause);
	if (st == LDN_OK)
		st = store_count_cached(s, p->srcs, p->nsrcs, total, has, cause);
	/* One feed with nothing: the error below names it, once. */
	if (st == LDN_OK && (p->offline || readonly) && (p->nsrcs > 1 || *total > 0) &&
	    gather_say_missing(o, has) != LDN_OK)
		st = ldn_cause(cause, LDN_ENOMEM, "out of memory");
	free(has);
	if (st != LDN_OK || *total > 0 || ok > 0)
		return st;
	if (p->offline || readonly)
		return ldn_cause(cause, LDN_EFETCH, "nothing cached for %s%s",
				 p->nsrcs == 1 ? p->srcs[0] : "these feeds",
				 p->offline ? " (run without --offline to fetch)" :
				 " (the cache is read-only: not fetched)");
	return LDN_EFETCH; /* every feed failed; each said why */
}

/* ---- a run's articles one at a time ---- */

struct gather_stream {
	/* Opened by the first gather_stream_next, so that the caller may
	 * still write the cache in between (store_index_pending). */
	struct store_stream *ss;
	struct store *store;       /* borrowed, as are: */
	const char *const *srcs;   /* the gather_opts' feeds */
	size_t nsrcs;
	/* The config's sources by URL (none when no source lays a name or
	 * tags): articles of many feeds come mixed (view order), each looked
	 * up. */
	const struct source **lay;
	size_t nlay;
};

static int
gather_source_cmp(const void *x, const void *y)
{
	const struct source *const *a = x, *const *b = y;
	int c = strcmp((*a)->url, (*b)->url);

	/* Equal URLs in config order: the first is source_find's. */
	return c != 0 ? c : (*a > *b) - (*a < *b);
}

static int
gather_stream_sources(struct gather_stream *gs, const struct gather_opts *o)
{
	const struct plan *p = o->plan;
	size_t i;

	gs->lay = malloc((p->nsources ? p->nsources : 1) * sizeof(*gs->lay));
	if (gs->lay == NULL)
		return LDN_ENOMEM;
	for (i = 0; i < p->nsources; i++)
		gs->lay[i] = &p->sources[i];
	/* None lays anything (the usual case): nothing to look up. */
	for (i = 0; i < p->nsources && gs->nlay == 0; i++)
		if (source_lays(&p->sources[i]))
			gs->nlay = p->nsources;
	qsort(gs->lay, gs->nlay, sizeof(*gs->lay), gather_source_cmp);
	return LDN_OK;
}

int
gather_stream_open(const struct gather_opts *o, struct store *s, bool readonly,
		   struct gather_stream **out, size_t *total, char **cause)
{
	struct gather_stream *gs;
	int st;

	*out = NULL;
	if ((st = gather_cached(o, s, readonly, total, cause)) != LDN_OK)
		return st;
	if ((gs = calloc(1, sizeof(*gs))) == NULL)
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	if (gather_stream_sources(gs, o) != LDN_OK) {
		gather_stream_free(gs);
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	}
	gs->store = s;
	gs->srcs = o->plan->srcs;
	gs->nsrcs = o->plan->nsrcs;
	*out = gs;
	return LDN_OK;
}

/* source_find() of feed `url`, in a sorted array: the first in config order. */
static const struct source *
gather_stream_source(const struct gather_stream *gs, const char *url)
{
	size_t lo = 0, hi = gs->nlay, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(gs->lay[mid]->url, url) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < gs->nlay && strcmp(gs->lay[lo]->url, url) == 0 ? gs->lay[lo] : NULL;
}

int
gather_stream_next(struct gather_stream *gs, struct article **out, char **cause)
{
	const struct source *src;
	int st;

	*out = NULL;
	if (gs->ss == NULL) {
		st = store_stream_open(&gs->ss, gs->store, gs->srcs, gs->nsrcs, cause);
		/* (An open that worked gave a stream; said for the analyzers.) */
		if (st != LDN_OK || gs->ss == NULL)
			return st != LDN_OK ? st : LDN_ENOMEM;
	}
	st = store_stream_next(gs->ss, out, cause);

	/* The config's names and tags over the cache's. */
	if (st == LDN_OK && *out != NULL && (src = gather_stream_source(gs, (*out)->feed_url)) &&
	    source_lays(src) && source_apply_one(src, *out) != LDN_OK) {
		article_free(*out);
		*out = NULL;
		st = ldn_cause(cause, LDN_ENOMEM, "out of memory");
	}
	return st;
}

void
gather_stream_rewind(struct gather_stream *gs)
{
	store_stream_free(gs->ss);
	gs->ss = NULL; /* the next gather_stream_next opens it again */
}

void
gather_stream_free(struct gather_stream *gs)
{
	if (gs == NULL)
		return;
	store_stream_free(gs->ss);
	free(gs->lay);
	free(gs);
}
