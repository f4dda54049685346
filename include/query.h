/*
 * query.h - the view: which articles, in which order, with which numbers.
 *
 * Numbering (DESIGN.md): articles are numbered 1..N in view order, newest
 * first by published time, unknown dates last, ties broken by a stable key
 * (feed URL, then id), after the filters apply. Every mode (list, show, UI)
 * goes through query_run, so the same filters give the same numbers.
 */
#ifndef LDN_QUERY_H
#define LDN_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include "article.h"
#include "ignore.h"
#include "status.h"

/*
 * What filters look at, one entry per article of a list, so that a filter
 * pass walks two arrays instead of every article struct (in a large
 * list the scattered structs, not the compares, are the cost of a
 * keystroke: bench/README.md). key[i] is article i's folded search key, or NULL for one
 * without a key yet (matched the slow way).
 *
 * Two ways to make one. query_index_pack() copies the keys into one
 * arena in list order: a search then walks memory in order (keys
 * scattered over the heap make a keystroke much slower), but the copy (a
 * second copy of every key) is work for the refresh worker, never for a
 * keystroke; figures in bench/README.md. query_index_build() borrows the
 * articles' own keys (O(n), no copy): what the reader makes when its list
 * changed after the worker packed one. Either is rebuilt when the list
 * changes or keys are added, and valid while the articles live.
 */
struct query_index {
	unsigned long long *bloom;  /* article tag_bloom */
	const char **key;           /* into arena, or borrowed; or NULL */
	char *arena;                /* the packed keys, or NULL (borrowed) */
	size_t len;                 /* articles indexed */
};

/* LDN_OK or LDN_ENOMEM (then *ix is empty). Free with query_index_free. */
int query_index_build(const struct article_list *all, struct query_index *ix) LDN_WUR;
/* The index of items[0..n), packing keys[i] (NULL: none) for each; keys
 * NULL packs the articles' own search keys. */
int query_index_pack(struct article *const *items, const char *const *keys, size_t n,
		     struct query_index *ix) LDN_WUR;
void query_index_free(struct query_index *ix);

struct query {
	const char *const *tags;    /* any of these tags (ASCII case-insensitive); NULL/0: all */
	size_t ntags;
	bool all_tags;              /* every one of `tags` instead of any */
	const char *const *exclude; /* none of these tags */
	size_t nexclude;
	const char *find;           /* a search (find.h) of title, standfirst and body, or NULL */
	/* Interactive search: `find` looks at the title and the standfirst
	 * only (cheap enough for every keystroke), and an article it misses is
	 * still kept when also(i, also_payload) says so, i being its index in
	 * the article list; front ends search bodies on their own time. */
	bool find_headlines;
	bool starred_only;          /* only starred articles */
	bool unread_only;           /* only articles not read */
	const char *const *feeds;   /* only articles of these feed URLs (any); NULL/0: all */
	size_t nfeeds;
	/* With find_headlines: an index of the same list (len must match) to
	 * search instead of each article's own key; NULL: none. */
	const struct query_index *index;
	bool (*also)(size_t i, void *payload);
	void *also_payload;
	/* Articles these rules hide (ignore.h) are never in the view, found
	 * by `also` or not; NULL/0: none. */
	const struct ignore_rule *ignore;
	size_t nignore;
	/* When set, query_run stores how many articles the other filters
	 * kept that `ignore` hid (the reader's "N hidden"). */
	size_t *hidden;
};

/* Borrowed pointers into an article_list, in view order: item i is number i+1. */
struct query_view {
	struct article **items;
	size_t len;
};

struct query_tag {
	const char *tag;         /* borrowed from an article */
	size_t count;
};

struct query_feed {
	const char *url;         /* borrowed from an article (feed_url) */
	const char *title;       /* borrowed: the feed's display title */
	size_t count;
};

/* Sorts `all` in view order (stable, O(n log n)). */
void query_sort(struct article_list *all);

/* Fills *out with the articles of sorted `all` that pass q. LDN_OK or LDN_ENOMEM. */
int query_run(const struct article_list *all, const struct query *q,
	      struct query_view *out) LDN_WUR;
void query_view_free(struct query_view *v);

/*
 * query_run's test, for articles that come one at a time (a stream from
 * the cache, in view order): init once, keep() for each, free. `also` is
 * what q->also would say of the article.
 */
struct query_test {
	const struct query *q;      /* borrowed */
	char *folded;               /* the search's needles (find.h), or NULL */
	unsigned long long want;    /* the tags' bloom bits */
};

int query_test_init(struct query_test *t, const struct query *q) LDN_WUR;
bool query_test_keep(const struct query_test *t, const struct article *a, bool also);

/* query_test_keep's answer, telling an article the ignore rules hid
 * (which every other filter kept: what "N hidden" counts) from one
 * another filter dropped. */
enum query_verdict {
	QUERY_KEEP,
	QUERY_DROP,
	QUERY_HIDDEN
};
enum query_verdict query_test_judge(const struct query_test *t, const struct article *a,
				    bool also);
void query_test_free(struct query_test *t);

/*
 * Whether the article passes the search `find` (find.h) over its title,
 * standfirst and body: what a front end scanning bodies on its own time
 * asks of each. With a NULL find every article passes; when memory runs
 * out, none does.
 */
bool query_find_article(const struct article *a, const char *find);

/*
 * Up to `max` other articles of the view that share tags with item `idx`:
 * most shared tags first, then view order. Writes their indexes into out
 * and returns how many. `max` is clamped to QUERY_RELATED_MAX.
 */
size_t query_related(const struct query_view *v, size_t idx, size_t *out, size_t max);

/*
 * query_related for articles that come one at a time in view order (a
 * stream): init with the article `a` (at view position idx), offer every
 * article of the view with its position and a payload of the caller's;
 * pos[0..n) are then the related positions, best first, with their
 * payloads. An offer returns the payload that is not kept (the one
 * offered, or one it pushed out), or NULL.
 */
#define QUERY_RELATED_MAX 64
struct query_related {
	const struct article *a;
	size_t idx, max, n;
	size_t shared[QUERY_RELATED_MAX];
	size_t pos[QUERY_RELATED_MAX];
	void *payload[QUERY_RELATED_MAX];
};

void query_related_init(struct query_related *r, const struct article *a, size_t idx,
			size_t max);
void *query_related_offer(struct query_related *r, const struct article *b, size_t pos,
			  void *payload);

/* Tags of the view with counts, most articles first then by name. */
int query_tags(const struct query_view *v, struct query_tag **out, size_t *n) LDN_WUR;

/*
 * query_tags for articles that come one at a time (a stream): add each
 * article of the view, then take the counts, sorted as query_tags sorts
 * them; the tags are copies, freed with query_tags_free_owned. One take
 * per counter.
 */
struct query_tag_counter;

int query_tag_counter_new(struct query_tag_counter **out) LDN_WUR;
int query_tag_counter_add(struct query_tag_counter *c, const struct article *a) LDN_WUR;
/* n articles more with `tag` (counted in the cache: model_count). */
int query_tag_counter_add_n(struct query_tag_counter *c, const char *tag, size_t n) LDN_WUR;
void query_tag_counter_take(struct query_tag_counter *c, struct query_tag **out, size_t *n);
void query_tag_counter_free(struct query_tag_counter *c);
void query_tags_free_owned(struct query_tag *tags, size_t n);

/* Feeds of the view with article counts, by title then URL. */
int query_feeds(const struct query_view *v, struct query_feed **out, size_t *n) LDN_WUR;

#endif
