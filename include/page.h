/*
 * page.h - an article's web page: fetched by the feeds' rules (fetch.h:
 * the same size cap, timeouts, redirects to http(s) only), extracted
 * (extract.h) and kept in the cache with its validators (store.h,
 * "Article pages"), so the next fetch is conditional and --offline shows
 * what was kept.
 *
 * Runs on the thread that owns the store's connection (a headless run's
 * main thread, the reader's UI thread). Never draws.
 */
#ifndef LDN_PAGE_H
#define LDN_PAGE_H

#include <stdbool.h>

#include "article.h"
#include "extract.h"
#include "fetch.h"
#include "status.h"
#include "store.h"

/* A feed body shorter than this (in words) is a standfirst: the config's
 * `full-text = open` fetches the page of such an article when opened. */
#define PAGE_SHORT_WORDS 80

struct page_opts {
	const struct fetch_opts *fetch; /* the plan's (validators are added) */
	bool offline;                   /* never fetch: the cache's copy or nothing */
	bool keep;                      /* keep what was fetched in the cache
					 * (false: a cache that is only read) */
	long fresh_secs;                /* a copy from this extractor fetched
					 * less long ago is taken without
					 * asking the server; 0: always ask */
};

/* The reader's fresh_secs: a page prefetched or read a while ago opens
 * at once. */
#define PAGE_FRESH_SECS (15L * 60)

/*
 * Whether an article of feed `feed_url` may have its page at `link`
 * fetched: an http(s) URL, or a file: URL when the feed itself is local
 * (a feed from the web never makes ldnews read a file of this machine).
 */
bool page_allowed(const char *link, const char *feed_url);

/*
 * Article a's page, extracted: *out (the caller's, extract_free). A page
 * the cache holds from this extractor is fetched again conditionally (a
 * 304 keeps it); offline, the cache's copy is taken whatever extractor
 * made it. What was fetched is kept in s (o->keep) for a stored article
 * (in a kiosk s is its cache's copy in memory: nothing reaches the file).
 * A fetch that fails (LDN_EFETCH, LDN_ELIMIT) while the cache holds a copy
 * gives that copy: LDN_OK with *cause set, the failure to say beside it.
 * Errors, with *cause one line that does not name the URL (the caller
 * puts it first): LDN_EFETCH (HTTP status, network, not cached while
 * offline), LDN_ELIMIT, LDN_EPARSE (no page, a page not allowed, or "the
 * page holds no article"), LDN_EIO (the cache), LDN_ENOMEM.
 */
int page_get(struct store *s, const struct article *a, const struct page_opts *o,
	     struct extract **out, char **cause) LDN_WUR;

/*
 * Article a as its page x shows it, for render and output: a's fields
 * with x's body (HTML) after its lead image ("[image: alt]" once
 * rendered) unless the body shows it, x's byline when it names one, and
 * x's tags and enclosures after a's (duplicates dropped). Borrows from a and x, which
 * must outlive it; page_view_free frees only its own arrays.
 */
struct page_view {
	struct article a;
	char **tags;
	struct enclosure *enclosures;
	char *body;           /* the lead image and x's body, or NULL: x's */
};

int page_view_init(struct page_view *v, const struct article *a, const struct extract *x) LDN_WUR;
void page_view_free(struct page_view *v);

/*
 * The same on a thread of its own, for a reader that never waits on the
 * network: start reads the cache on the store's thread; when the cache
 * answers at once (offline) *now is the answer (or the error is
 * returned) and *out is NULL; else *out is the task, fetching and
 * extracting without touching the store. Once page_task_done() says so,
 * page_task_finish() (on the store's thread) keeps what came and gives
 * what page_get() would, freeing the task; page_task_cancel() stops it
 * (within a second) and frees it instead.
 */
struct page_task;

int page_task_start(struct store *s, const struct article *a, const struct page_opts *o,
		    struct page_task **out, struct extract **now, char **cause) LDN_WUR;
bool page_task_done(const struct page_task *t);
int page_task_finish(struct page_task *t, struct store *s, struct extract **out,
		     char **cause) LDN_WUR;
void page_task_cancel(struct page_task *t);

/* The number of words of a's feed body (content, else summary), counted
 * up to `max` (so a long body costs little). */
size_t page_feed_words(const struct article *a, size_t max);

#endif
