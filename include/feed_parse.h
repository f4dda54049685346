/*
 * feed_parse.h - streaming feed parser: RSS 2.0/0.9x, RSS 1.0 (RDF),
 * Atom 1.0/0.3, built on libxml2's SAX2 push parser, so memory grows with
 * the articles kept and never with the document.
 *
 * Bytes are pushed as they arrive (a fetch sink can feed them directly).
 * Security: no network, no external entities or DTDs are loaded; entity
 * expansion is bounded by libxml2's amplification checks, which make a
 * billion-laughs document a fatal error.
 *
 * Result rules:
 *  - A document whose root is not rss/RDF/feed is LDN_EPARSE ("not a feed").
 *  - A malformed or truncated feed yields the articles completed before the
 *    fault, LDN_OK, and a warning naming the line and the problem.
 *  - Entity amplification/loops are LDN_EPARSE with a cause.
 */
#ifndef LDN_FEED_PARSE_H
#define LDN_FEED_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "article.h"
#include "status.h"

/* Flags for feed_parse_new(). */
enum {
	/* Do not keep article content (content:encoded, atom:content): the
	 * headline list needs none, and bodies are most of a feed's bytes. */
	FEED_PARSE_SKIP_CONTENT = 1 << 0
};

struct feed_parser;

/*
 * Called when an article is complete, before it is stored. Return true to
 * keep it (the callback may edit it, e.g. free its content), false to drop
 * it (the parser frees it).
 */
typedef bool (*feed_parse_article_fn)(struct article *a, void *payload);

/*
 * Creates a parser. `url` is the feed's address (used for relative links,
 * as the fallback xml:base, and in messages); it is copied.
 * LDN_OK or LDN_ENOMEM.
 */
int feed_parse_new(struct feed_parser **out, const char *url, unsigned flags) LDN_WUR;

/*
 * Sets the address relative links resolve against when the document sets
 * no xml:base (default: the url given to feed_parse_new, which stays the
 * articles' feed_url). For a redirect's target; call before the first push.
 * LDN_OK or LDN_ENOMEM.
 */
int feed_parse_set_base(struct feed_parser *p, const char *base) LDN_WUR;

void feed_parse_set_article_cb(struct feed_parser *p, feed_parse_article_fn cb,
			       void *payload);

/*
 * Feeds the next `len` bytes. Returns LDN_OK, or LDN_EPARSE / LDN_ENOMEM
 * when parsing cannot go on (further pushes are ignored); the cause is
 * reported by feed_parse_finish().
 */
int feed_parse_push(struct feed_parser *p, const char *data, size_t len);

/*
 * Ends the document and hands over the result. On LDN_OK *out is the feed
 * (caller frees with feed_free) and *warning, when not NULL, a message for a
 * malformed/truncated document (caller frees). On error *cause says why.
 * The parser must still be freed.
 */
int feed_parse_finish(struct feed_parser *p, struct feed **out, char **warning,
		      char **cause) LDN_WUR;

void feed_parse_free(struct feed_parser *p);

/* Frees libxml2's global state at exit, so leak checkers see only real leaks. */
void feed_parse_global_cleanup(void);

/* One-shot convenience over the functions above. */
int feed_parse_buffer(const char *data, size_t len, const char *url, unsigned flags,
		      struct feed **out, char **warning, char **cause) LDN_WUR;

#endif
