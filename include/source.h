/*
 * source.h - a feed as the user configured it: its address plus what the
 * config adds to it (a display name, tags for all its articles, its own
 * refresh interval and article limit). Front ends and the refresh code
 * pass these instead of bare URLs.
 */
#ifndef LDN_SOURCE_H
#define LDN_SOURCE_H

#include <stddef.h>
#include <time.h>

#include "article.h"
#include "config.h"
#include "status.h"
#include "store.h"

struct source {
	const char *url;              /* as configured or given (borrowed) */
	const char *name;             /* display name, or NULL: the feed's title */
	const char *const *tags;      /* added to every article of the feed */
	size_t ntags;
	long refresh;                 /* seconds between fetches; 0: the global one */
	size_t limit;                 /* articles kept in the cache; 0: the global one */
	enum config_full_text full_text; /* as configured; plan_full_text decides */
};

/* The source whose url is `url`, or NULL. */
const struct source *source_find(const struct source *srcs, size_t n, const char *url);

/*
 * Gives every article of `all` that comes from one of srcs[0..n) that
 * source's display name and tags. LDN_OK or LDN_ENOMEM (then some
 * articles may be done, none broken).
 */
int source_apply(const struct source *srcs, size_t n, struct article_list *all) LDN_WUR;
/* Gives article a (of feed s->url) s's display name and tags. */
int source_apply_one(const struct source *s, struct article *a) LDN_WUR;
/* Whether s gives its articles anything (a name or tags). */
bool source_lays(const struct source *s);

#endif
