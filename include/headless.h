/*
 * headless.h - --list, --show N and --tags over the cache, read as a
 * stream (gather_stream): memory stays flat however many articles the
 * cache holds, and a list's first line comes at once. The numbers, the
 * filters (--tag, --find with the cache's full-text index for bodies),
 * the related articles and the output are those of the in-memory path
 * (query.h, output.h), article for article.
 *
 * Runs on main's thread; owns its stream and body hits until
 * headless_close.
 */
#ifndef LDN_HEADLESS_H
#define LDN_HEADLESS_H

#include <stdbool.h>
#include <stddef.h>

#include "gather.h"
#include "query.h"
#include "status.h"
#include "store.h"

struct headless {
	struct gather_stream *gs;
	struct store *s;
	const struct plan *p;     /* the run's (borrowed) */
	bool readonly;            /* s is only read */
	struct query q;
	struct query_test t;
	long long *hits;          /* --find's body hits (store_search), sorted */
	size_t nhits;
	size_t total;             /* the cache's articles of the feeds */
};

/*
 * Fetches into the cache as gather_articles does (unless offline or
 * read-only), then readies the view of p's feeds filtered by its --tag and
 * --find. On error only headless_close may follow.
 */
int headless_open(struct headless *h, const struct gather_opts *g, struct store *s,
		  bool readonly, char **cause) LDN_WUR;
void headless_close(struct headless *h);

/* The modes; each reads the view once (twice for a filtered plain list,
 * whose numbers are padded to its length, and for --show). */
int headless_list(struct headless *h, bool json, char **cause) LDN_WUR;
/* full: the body from the article's page (page.h; --show --full). */
int headless_show(struct headless *h, size_t n, size_t width, bool json, bool full,
		  char **cause) LDN_WUR;
int headless_tags(struct headless *h, bool json, char **cause) LDN_WUR;

#endif
