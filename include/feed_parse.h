/*
 * feed_parse.h - feed parser: RSS 2.0/0.9x, RSS 1.0 (RDF), Atom 1.0/0.3
 * streamed through libxml2's SAX2 push parser, so memory grows with the
 * articles kept and never with the document; and JSON Feed 1.0/1.1 read
 * with json-c, which holds the document's tree until it ends.
 *
 * Bytes are pushed as they arrive (a fetch sink can feed them directly).
 * The syntax is sniffed: when the first byte that is neither white space
 * nor part of a UTF-8 BOM is '{', the document is read as JSON Feed, else
 * as XML.
 * Security: no network, no external entities or DTDs are loaded; entity
 * expansion is bounded by libxml2's amplification checks, which make a
 * billion-laughs document a fatal error. JSON nested deeper than 64 levels
 * is refused.
 *
 * Result rules:
 *  - A document whose root is not rss/RDF/feed is LDN_EPARSE ("not a feed").
 *  - A malformed or truncated XML feed yields the articles completed before
 *    the fault, LDN_OK, and a warning naming the line and the problem.
 *  - A malformed or truncated JSON document is LDN_EPARSE with json-c's
 *    reason and the byte offset: json-c builds the whole tree or none, so
 *    there are no "articles before the fault" to keep. A JSON object whose
 *    "version" is no jsonfeed.org version URL is LDN_EPARSE ("not a JSON
 *    Feed"). A JSON member of the wrong type is ignored with a warning.
 *  - Entity amplification/loops are LDN_EPARSE with a cause.
 *  - Text is UTF-8 without NUL or C0 controls other than tab, LF and CR in
 *    both syntaxes (libxml2 guarantees it for XML; JSON strings are made so,
 *    bad UTF-8 becoming U+FFFD); it is not sanitized for a terminal (text.h).
 *
 * struct feed's `format` is one of "RSS 2.0", "RSS 0.9x" (0.91-0.94),
 * "RSS" (no or another version), "RSS 1.0", "RSS 0.90" (RDF), "Atom 1.0",
 * "Atom 0.3", "Atom" (unknown namespace), "JSON Feed 1.0", "JSON Feed 1.1",
 * "JSON Feed" (another jsonfeed.org version).
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
	FEED_PARSE_SKIP_CONTENT = 1 << 0,
	/* Keep the FEED_PARSE_MAX_ARTICLES bound with a callback too: for a
	 * cache thrown away after the run (in memory), which the bound then
	 * keeps as small as a feed parsed into memory. */
	FEED_PARSE_BOUNDED = 1 << 1
};

/*
 * The articles a parse keeps in its struct feed when no callback takes
 * them (feed_parse_set_article_cb), or with FEED_PARSE_BOUNDED: past them
 * an article is dropped and counted (a warning says how many). Each costs
 * ~350 bytes even when minimal, so 3 million tiny items in a 100 MiB body
 * would take over 1 GB; real feeds carry tens to a few thousand (the
 * cache keeps 5,000 by default).
 */
#define FEED_PARSE_MAX_ARTICLES 100000

struct feed_parser;

/*
 * Called when an article is complete, before it is stored. Return true to
 * keep it (the callback may edit it, e.g. free its content), false to drop
 * it (the parser frees it). XML articles complete during the pushes, JSON
 * Feed items all in feed_parse_finish() (the tree is whole only then).
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
 * Makes `charset` (the HTTP Content-Type's, see feed_parse_charset_of) the
 * XML document's encoding, over its XML declaration (RFC 7303). A byte
 * order mark still wins (UTF-8: the document is read as UTF-8; UTF-16: as
 * libxml2 detects it). A charset libxml2 does not know is ignored with a
 * warning and the declaration is used. JSON is UTF-8 whatever the header
 * says (RFC 8259). NULL or "" clears it. Call before the first push (it
 * takes effect when the first non-blank byte arrives). LDN_OK or LDN_ENOMEM.
 */
int feed_parse_set_encoding(struct feed_parser *p, const char *charset) LDN_WUR;

/*
 * The charset parameter of a Content-Type value, e.g. "iso-8859-1" from
 * `text/xml; Charset="iso-8859-1"`: the parameter name matched without
 * regard to case, the value unquoted and unescaped but otherwise as
 * written. *charset is NULL when there is none (or content_type is NULL);
 * the caller frees it. LDN_OK or LDN_ENOMEM.
 */
int feed_parse_charset_of(const char *content_type, char **charset) LDN_WUR;

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
