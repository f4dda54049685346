/*
 * gather.c - from feed sources to the article list of a run, with or
 * without the cache in between.
 */
#include <stdlib.h>
#include <string.h>

#include "gather.h"
#include "load.h"
#include "paths.h"
#include "sync.h"

static void
gather_report(const struct gather_opts *o, const char *src, const char *what, const char *msg)
{
	fprintf(o->err, "ldnews: %s: %s%s\n", src, what, msg ? msg : "out of memory");
}

int
gather_open_store(const struct gather_opts *o, struct store **out, bool *readonly, char **cause)
{
	char *path = NULL, *moved = NULL, *rocause = NULL;
	int st;

	*out = NULL;
	*readonly = false;
	if (o->cache != NULL)
		st = (path = strdup(o->cache)) ? LDN_OK : LDN_ENOMEM;
	else
		st = paths_cache(&path, cause);
	if (st != LDN_OK)
		return st;
	if (o->kiosk) {
		/* Never creates or writes a file (see STORE_READONLY). */
		*readonly = true;
		st = store_open(out, path, STORE_READONLY | STORE_NO_CHECK, cause);
		goto out;
	}
	if (o->reset_cache) {
		st = store_reset(path, &moved, cause);
		if (st == LDN_OK && moved != NULL)
			fprintf(o->err, "ldnews: the old cache is kept as %s\n", moved);
		if (st != LDN_OK)
			goto out;
	}
	/* No corruption scan at open: it reads the whole file, and a damaged
	 * page is reported when it is read anyway. */
	st = store_open(out, path, STORE_NO_CHECK, cause);
	if (st == LDN_EIO && store_open(out, path, STORE_READONLY | STORE_NO_CHECK,
					&rocause) == LDN_OK) {
		/* Show what the cache has rather than nothing. */
		fprintf(o->err, "ldnews: %s; reading it without refreshing\n",
			*cause ? *cause : "the cache cannot be written");
		free(*cause);
		*cause = NULL;
		*readonly = true;
		st = LDN_OK;
	}
out:
	free(rocause);
	free(moved);
	free(path);
	return st;
}

static int
gather_direct(const struct gather_opts *o, struct article_list *all)
{
	size_t i, ok = 0;
	int st = LDN_OK;

	for (i = 0; i < o->nsrcs; i++) {
		struct feed *f = NULL;
		char *warning = NULL, *cause = NULL;

		st = load_feed(o->srcs[i], o->fetch, o->parse_flags, NULL, &f, &warning, &cause);
		if (st == LDN_OK && warning)
			gather_report(o, o->srcs[i], "warning: ", warning);
		if (st == LDN_OK)
			st = article_list_take_all(all, &f->articles);
		if (st == LDN_OK)
			ok++;
		else
			gather_report(o, o->srcs[i], "", cause);
		feed_free(f);
		free(warning);
		free(cause);
		if (st == LDN_ENOMEM)
			return st;
	}
	return ok > 0 ? LDN_OK : LDN_EFETCH;
}

/* Loads the cache and keeps the articles of the feeds asked for. */
static int
gather_load(const struct gather_opts *o, struct store *s, struct article_list *all,
	    char **cause)
{
	struct article_list l = {0};
	int st = store_load(s, &l, cause);
	int kept = article_list_take_feeds(all, &l, o->srcs, o->nsrcs);

	return st != LDN_OK ? st : kept;
}

/* Kiosk: what the feeds hold now, fetched into memory, over the cache. A
 * feed that fails leaves its cached articles on show. */
static int
gather_kiosk(const struct gather_opts *o, struct article_list *all)
{
	struct article_list fresh = {0};
	int st = gather_direct(o, &fresh);
	int merged = article_list_merge(all, &fresh);

	article_list_free(&fresh);
	if (merged != LDN_OK || st == LDN_ENOMEM)
		return LDN_ENOMEM;
	return all->len > 0 ? LDN_OK : st;
}

int
gather_articles(const struct gather_opts *o, struct store *s, bool readonly,
		struct article_list *all, char **cause)
{
	size_t i, ok = 0;
	int st;

	if (s == NULL)
		return gather_direct(o, all);
	for (i = 0; i < o->nsrcs && !o->offline && !readonly; i++) {
		struct sync_result res;
		char *warning = NULL, *fcause = NULL;

		st = sync_feed(s, o->srcs[i], o->fetch, &res, &warning, &fcause);
		if (st == LDN_OK && warning)
			gather_report(o, o->srcs[i], "warning: ", warning);
		if (st == LDN_OK)
			ok++;
		else
			gather_report(o, o->srcs[i], "", fcause);
		free(warning);
		free(fcause);
		if (st == LDN_ENOMEM)
			return st;
	}
	st = gather_load(o, s, all, cause);
	if (st != LDN_OK)
		return st;
	if (o->kiosk && !o->offline)
		return gather_kiosk(o, all);
	if (all->len == 0 && ok == 0) {
		if (o->offline || readonly)
			return ldn_cause(cause, LDN_EFETCH, "nothing cached for %s%s",
					 o->nsrcs == 1 ? o->srcs[0] : "these feeds",
					 o->offline ? " (run without --offline to fetch)" : "");
		return LDN_EFETCH; /* every feed failed; each said why */
	}
	return LDN_OK;
}
