/*
 * feed_parse_int.h - what feed_parse.c and feed_json.c share, for those two
 * files only (nothing else includes this one).
 *
 * feed_parse.c owns the parser object, sniffs whether the pushed bytes are
 * XML or JSON and reads XML itself; feed_json.c reads JSON Feed documents
 * into the same struct feed, with the same field caps and id fallbacks.
 */
#ifndef LDN_FEED_PARSE_INT_H
#define LDN_FEED_PARSE_INT_H

#include <stdbool.h>
#include <stddef.h>

#include "article.h"
#include "buf.h"
#include "feed_parse.h"
#include "status.h"

/* Field size caps: short fields (titles, ids, links) vs. bodies. */
#define FEED_PARSE_CAP_SHORT ((size_t)1 << 20)
#define FEED_PARSE_CAP_BODY ((size_t)16 << 20)

/* Folds runs of white space into one space and trims, in place. */
void feed_parse_fold(char *s);

/* Trims leading and trailing white space, in place; returns s. */
char *feed_parse_trim(char *s);

/*
 * The id of an article with neither id nor link: "hash:" and the FNV-1a 64
 * of its title, a NUL and its RFC 3339 date. NULL on allocation failure.
 */
char *feed_parse_hash_id(const struct article *a);

/* What the bounds dropped from one document, said in one warning at its
 * end (tags and enclosures: article.h). */
struct feed_parse_drops {
	size_t tags, tag_articles;              /* tags, and articles that lost some */
	size_t enclosures, enclosure_articles;
	size_t articles;                        /* past FEED_PARSE_MAX_ARTICLES */
};

/* Counts what the bounds dropped from a completed article. */
void feed_parse_tally(struct feed_parse_drops *d, const struct article *a);

/*
 * True when the parse is full: `bounded` (no callback takes the articles,
 * or FEED_PARSE_BOUNDED) and `seen` articles came before this one, at
 * least FEED_PARSE_MAX_ARTICLES. The article just completed is then to be
 * dropped unread; it is counted in d.
 */
bool feed_parse_full(size_t seen, bool bounded, struct feed_parse_drops *d);

/* --- feed_json.c --- */

/* One JSON Feed document being read. */
struct feed_json;

/* Where a JSON Feed goes and how: the parser's own state, borrowed. */
struct feed_json_env {
	struct feed *feed;          /* receives the feed's fields and articles */
	const char *url;            /* the articles' feed_url */
	const char *base;           /* what relative URLs resolve against */
	unsigned flags;             /* FEED_PARSE_* */
	feed_parse_article_fn cb;   /* may be NULL */
	void *cb_payload;
	struct buf *warn;           /* warnings are appended, "; "-separated */
	/* makes an id that an earlier item gave unique ("<id>#2"), as for
	 * XML items; LDN_OK or LDN_ENOMEM */
	int (*unique_id)(void *ctx, struct article *a);
	void *unique_ctx;
	struct feed_parse_drops *drops; /* what the bounds dropped, counted */
};

/*
 * `offset` is where in the pushed bytes the JSON starts (after a BOM), so
 * that messages give offsets in the document. LDN_OK or LDN_ENOMEM.
 */
int feed_json_new(struct feed_json **out, size_t offset) LDN_WUR;

/*
 * Feeds the next bytes of the document (a UTF-8 BOM already skipped).
 * LDN_OK to go on; LDN_EPARSE (malformed, too deep) or LDN_ENOMEM when the
 * document cannot be read, with *cause set. Bytes after the complete
 * top-level value are counted, not parsed.
 */
int feed_json_push(struct feed_json *j, const char *data, size_t len,
		   char **cause) LDN_WUR;

/*
 * Ends the document and maps it into env->feed, calling env->cb for each
 * article in item order. LDN_OK (warnings appended to env->warn), or
 * LDN_EPARSE (truncated, not a JSON Feed) / LDN_ENOMEM with *cause set.
 */
int feed_json_finish(struct feed_json *j, const struct feed_json_env *env,
		     char **cause) LDN_WUR;

void feed_json_free(struct feed_json *j);

#endif
