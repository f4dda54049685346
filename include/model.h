/*
 * model.h - the reader model: what a front end shows of the cache, asked
 * for a window at a time, so that what it holds does not grow with the
 * cache (bench/README.md: a million articles).
 *
 * A model is a view over one store connection: the articles of some feeds
 * that pass a filter (query.h's test, the same as --list's), in view order
 * and numbered as query.h numbers them. It keeps the store id of each row
 * found so far and the articles of one window of rows; nothing else.
 *
 * Rows are found progressively: model_fill() reads on from where it
 * stopped, within a time budget, so a front end finds a screenful at once
 * and the rest between keys (model_complete() says when the count is
 * final). A filter change starts again from the first row; so does
 * model_changed() for a refresh that merged a feed the view shows.
 *
 * The model holds no statement and no transaction open between calls, so
 * the same connection may write marks in between. It belongs to one
 * thread: the one its store connection belongs to (the reader's).
 */
#ifndef LDN_MODEL_H
#define LDN_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include "article.h"
#include "query.h"
#include "source.h"
#include "ignore.h"
#include "status.h"
#include "store.h"

/* What the view shows; copied by model_set_filter. */
struct model_filter {
	const char *const *feeds;   /* the feeds shown (their URLs); none: nothing */
	size_t nfeeds;
	const char *const *tags;    /* any of these (ASCII case-insensitive) */
	size_t ntags;
	bool all_tags;              /* every one of `tags` instead */
	const char *const *exclude; /* none of these tags */
	size_t nexclude;
	bool starred_only;
	bool unread_only;           /* articles not read (as the rows are found) */
	/* Search-as-you-type (find.h) over the title and the standfirst
	 * (query.h, find_headlines); NULL or "": no search. */
	const char *find;
	/* Articles a body search found (sorted store ids, as store_search
	 * gives them), shown too when `find` misses them. */
	const long long *also;
	size_t nalso;
	/* The config's feeds (borrowed: they must outlive the model): their
	 * names and tags are laid over each article (source.h), before the
	 * filter tests it. */
	const struct source *sources;
	size_t nsources;
	/* Articles these rules hide are not in the view (query.h; the
	 * plan's, borrowed: they must outlive the model); NULL/0: none. */
	const struct ignore_rule *ignore;
	size_t nignore;
};

struct model;

/* An empty view over s (borrowed: it must outlive the model). */
int model_new(struct model **out, struct store *s) LDN_WUR;
/* NULL is a no-op. */
void model_free(struct model *m);

/* Replaces the filter and starts the view again (nothing read yet). LDN_ENOMEM. */
int model_set_filter(struct model *m, const struct model_filter *f) LDN_WUR;

/*
 * Reads on until `rows` rows are known, the view is complete, or
 * budget_ms milliseconds have passed (checked between slices of a few
 * hundred articles; 0: one slice). LDN_OK, or the store's error (the view
 * then ends at the rows found: model_complete).
 */
int model_fill(struct model *m, size_t rows, long budget_ms, char **cause) LDN_WUR;

/* Rows known so far (numbered 1..model_rows), and whether that is all. */
size_t model_rows(const struct model *m);
bool model_complete(const struct model *m);

/* Articles the ignore rules hid among those read so far ("N hidden"; final
 * when model_complete). */
size_t model_hidden(const struct model *m);

/* Row i's store id (i < model_rows). */
long long model_id(const struct model *m, size_t i);

/* Row i's standfirst as plain text (made once, as the row is drawn); ""
 * when it has none or cannot be read. Borrowed as model_article's. */
const char *model_standfirst(struct model *m, size_t i);

/* The row of store id `id` among those found so far, or SIZE_MAX. */
size_t model_find(const struct model *m, long long id);

/*
 * Row i's article (heads, tags, enclosures; no body), read with the rows
 * around it when it is not in the window: borrowed until the next call
 * that may move the window (model_article, model_fill, model_set_filter,
 * model_changed). *out NULL when the cache no longer holds it. i must be
 * below model_rows.
 */
int model_article(struct model *m, size_t i, const struct article **out, char **cause) LDN_WUR;

/* The marks of an article shown changed in the cache: the window is read
 * again when next asked. */
void model_forget_window(struct model *m);

/*
 * Marks every article of the view read in the cache, in one transaction:
 * the rows not found yet too (a filter SQL cannot express finds them all
 * first; without one, the feeds' articles are marked in one statement).
 * *changed (caller frees; NULL when none) gets the store ids whose mark
 * it changed, for an undo (store_set_read_ids). The window is read again.
 */
int model_mark_all_read(struct model *m, long long **changed, size_t *nchanged,
			char **cause) LDN_WUR;

/*
 * The first row after `from` (forward) or before it whose article the
 * cache holds unread, in *row, or SIZE_MAX when there is none; forward
 * finds more rows of the view as it goes, and from SIZE_MAX starts at
 * the first row.
 */
int model_next_unread(struct model *m, size_t from, bool forward, size_t *row,
		      char **cause) LDN_WUR;

/*
 * Every article of feeds[0..n) in the cache, in view order, with the
 * sources' names and tags laid over it, to fn (which may keep nothing of
 * it); a pass over them all, for counts of the whole cache (the tag and
 * feed panes). Stops at fn's first status other than LDN_OK, which it
 * returns, or the store's error.
 */
int model_scan(struct store *s, const char *const *feeds, size_t n,
	       const struct source *sources, size_t nsources,
	       int (*fn)(const struct article *a, void *payload), void *payload,
	       char **cause) LDN_WUR;

/* What a reader shows of the whole cache (of some feeds), counted there. */
struct model_counts {
	size_t total, unread;       /* articles, and those unread */
	bool multi_feed;            /* more than one feed has articles */
	struct query_tag *tags;     /* every tag's count, query_tags's order
				     * (the sources' tags included); owned */
	size_t ntags;
};

/*
 * Counts the articles of feeds[0..n) in the cache s as model_scan would
 * see them (the sources' tags laid over), with grouped queries instead of
 * a pass over every article: a few hundred milliseconds over a million,
 * so a reader asks its refresh worker for them (refresh.h). LDN_OK, or
 * the store's error; free *out with model_counts_free.
 */
int model_count(struct store *s, const char *const *feeds, size_t n,
		const struct source *sources, size_t nsources, struct model_counts *out,
		char **cause) LDN_WUR;
void model_counts_free(struct model_counts *c);

/*
 * The feeds urls[0..n) changed in the cache (a refresh merged them): when
 * the view shows any of them it starts again. Returns whether it did.
 */
bool model_changed(struct model *m, const char *const *urls, size_t n);

#endif
