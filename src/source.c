/*
 * source.c - what the config adds to a feed, applied to its articles
 * after they are parsed or loaded from the cache. The cache keeps what
 * the feed itself said; the name and tags of the config are laid over it
 * each time, so editing the config changes what is shown without a
 * refetch, and the cache never holds the user's renamings.
 *
 * Borrows the config's sources; any thread.
 */
#include <stdlib.h>
#include <string.h>

#include "source.h"

const struct source *
source_find(const struct source *srcs, size_t n, const char *url)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(srcs[i].url, url) == 0)
			return &srcs[i];
	return NULL;
}

bool
source_lays(const struct source *s)
{
	return s->name != NULL || s->ntags > 0;
}

int
source_apply_one(const struct source *s, struct article *a)
{
	size_t i;
	int st;

	if (s->name != NULL && strcmp(a->feed, s->name) != 0) {
		char *name = strdup(s->name);
		if (name == NULL)
			return LDN_ENOMEM;
		free(a->feed);
		a->feed = name;
	}
	for (i = 0; i < s->ntags; i++)
		if ((st = article_add_user_tag(a, s->tags[i])) != LDN_OK)
			return st;
	return LDN_OK;
}

int
source_apply(const struct source *srcs, size_t n, struct article_list *all)
{
	const struct source *s = NULL;
	size_t i, with = 0;
	int st;

	for (i = 0; i < n; i++)
		with += source_lays(&srcs[i]);
	if (with == 0)
		return LDN_OK; /* the usual case: nothing to lay over */
	for (i = 0; i < all->len; i++) {
		struct article *a = all->items[i];
		/* Articles come in runs of one feed: look up only on a change. */
		if (s == NULL || strcmp(s->url, a->feed_url) != 0)
			s = source_find(srcs, n, a->feed_url);
		if (s != NULL && (st = source_apply_one(s, a)) != LDN_OK)
			return st;
	}
	return LDN_OK;
}
