/*
 * article.h - the plain data that flows between the stages:
 * feed_parse produces a struct feed, query orders and filters articles,
 * render and output read them. No library headers, no behaviour beyond
 * construction, ownership and small helpers.
 *
 * Ownership: a struct feed owns its articles (through its article_list);
 * an article owns every string and array hanging from it. All strings are
 * UTF-8 as the parser produced them, NOT yet sanitized for a terminal:
 * render/output/ui sanitize at the edge (text.h).
 */
#ifndef LDN_ARTICLE_H
#define LDN_ARTICLE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "status.h"

/* How a summary or content string is to be read. */
enum article_fmt {
	ARTICLE_FMT_TEXT = 0, /* plain text, newlines are line breaks */
	ARTICLE_FMT_HTML = 1  /* HTML fragment (RSS description, Atom type=html/xhtml) */
};

struct enclosure {
	char *url;          /* never NULL */
	char *type;         /* MIME type or NULL */
	long long length;   /* bytes, -1 when unknown */
};

/*
 * Bounds on what one article keeps from its feed: past them a tag or an
 * enclosure is dropped and counted (article_dropped), so that a hostile
 * item of 300,000 <category> elements costs a scan, not memory, and the
 * parser can say so once. Real feeds stay far below them (a handful of
 * tags; an enclosure or a few media renditions).
 */
#define ARTICLE_MAX_TAGS 256
#define ARTICLE_MAX_ENCLOSURES 64

struct article_index;

/* Pointers first, then the 8-byte fields, then the small ones: no padding
 * but at the end (the struct is allocated once per article, millions of
 * times for a big feed). */
struct article {
	char *feed;         /* title of the feed it came from; never NULL */
	char *feed_url;     /* the feed's URL or path; never NULL */
	char *id;           /* guid / atom:id, else link, else hash of title+date; never NULL */
	char *title;        /* never NULL, may be "" */
	char *link;         /* absolute URL or NULL */
	char *author;       /* NULL when unknown */
	char **tags;        /* trimmed, deduplicated, in feed order */
	char *summary;      /* standfirst or NULL */
	char *content;      /* full body or NULL */
	struct enclosure *enclosures;
	/* Caches owned by the article, filled by front ends: the summary as
	 * one line of plain text (render_plain), and the folded (text_fold)
	 * title and standfirst that interactive search scans. */
	char *standfirst;
	char *search_key;
	/* The tag hash set and the drop counts of an article with many tags
	 * (article.c); NULL for most articles. Moves with `tags`. */
	struct article_index *index;
	time_t published;   /* UTC seconds; meaningful only when has_published */
	unsigned long long tag_bloom; /* a bit per tag hash, kept by article_add_tag:
				       * no shared bit means no shared tag */
	long long store_id; /* row id in the cache, 0 when not stored */
	size_t ntags;       /* the feed's at most ARTICLE_MAX_TAGS, plus the config's */
	size_t nenclosures; /* at most ARTICLE_MAX_ENCLOSURES */
	enum article_fmt summary_fmt;
	enum article_fmt content_fmt;
	bool has_published;
	bool read;
	bool starred;
};

/* A growable array of owned article pointers. */
struct article_list {
	struct article **items;
	size_t len;
	size_t cap;
};

struct feed {
	char *url;          /* where it was read from; never NULL */
	char *title;        /* never NULL, may be "" */
	char *link;         /* the site's address or NULL */
	char *description;  /* the site's tagline or NULL */
	struct article_list articles;
	/* How often the feed says it may be polled: RSS <ttl>, else
	 * sy:updatePeriod / sy:updateFrequency; minutes, 0 when it says not. */
	long ttl_minutes;
	/* The format read, a static string ("RSS 2.0", "Atom 1.0", "JSON Feed
	 * 1.1", ...; see feed_parse.h); NULL for a feed not from feed_parse. */
	const char *format;
};

/* A zeroed article with all strings NULL; NULL on allocation failure. */
struct article *article_new(void);
void article_free(struct article *a);

/*
 * Adds a tag the feed gives: leading/trailing white space trimmed, empty
 * tags ignored, an exact duplicate ignored, in O(1) (a hash set once the
 * article has more than a few); past ARTICLE_MAX_TAGS tags a new one is
 * dropped and counted. LDN_OK or LDN_ENOMEM.
 */
int article_add_tag(struct article *a, const char *tag) LDN_WUR;
/* The same for a tag of the user's (the config's): never dropped, so a
 * feed's tags cannot crowd it out. */
int article_add_user_tag(struct article *a, const char *tag) LDN_WUR;
bool article_has_tag(const struct article *a, const char *tag);

/* How many tags and enclosures the bounds dropped from `a` (both may be
 * NULL). */
void article_dropped(const struct article *a, size_t *tags, size_t *enclosures);

/* The tag_bloom bit of a tag: one of 64, from a hash of the tag with
 * ASCII letters folded to lower case (hash_str_casefold). In memory only. */
unsigned long long article_tag_bit(const char *tag);

/* Copies url/type; past ARTICLE_MAX_ENCLOSURES the enclosure is dropped
 * and counted. LDN_OK or LDN_ENOMEM. */
int article_add_enclosure(struct article *a, const char *url, const char *type,
			  long long length) LDN_WUR;

/* Takes ownership of `a` on success; on LDN_ENOMEM the caller keeps it. */
int article_list_push(struct article_list *l, struct article *a) LDN_WUR;
/*
 * Moves the articles of `src` whose feed_url is one of urls[0..n) to the
 * end of `dst` and frees the others; src is left empty (its array freed).
 * On LDN_ENOMEM the articles not yet moved are freed.
 */
int article_list_take_feeds(struct article_list *dst, struct article_list *src,
			    const char *const *urls, size_t n) LDN_WUR;
void article_list_free(struct article_list *l);

struct feed *feed_new(const char *url);
void feed_free(struct feed *f);

#endif
