/*
 * extract.h - the article held by a web page: its main text found by
 * text-density scoring in the manner of Readability (paragraph scores
 * shared with their parents, class/id hints, link density, siblings),
 * and its metadata from OpenGraph/article:* meta, JSON-LD, <time> and
 * byline markup.
 *
 * Pure: no I/O, no network (the page is given; libxml2 never fetches).
 * Every string of a struct extract went through text_sanitize(); URLs are
 * absolute (resolved against the page and its <base href>) and only
 * http:, https: and mailto: links are kept.
 *
 * Ownership: the struct extract belongs to the caller (extract_free).
 */
#ifndef LDN_EXTRACT_H
#define LDN_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "article.h"
#include "status.h"

/* Bumped whenever the extractor's output for a page may change, so that
 * a cache holding an older extraction extracts again. */
#define EXTRACT_VERSION 1

/* A page larger than this is refused (LDN_ELIMIT): an article page is a
 * few hundred KiB, and the limit keeps a hostile page's cost bounded. */
#define EXTRACT_MAX_BYTES (4UL * 1024 * 1024)

/* Bounds on what one page gives. */
#define EXTRACT_MAX_TAGS 64
#define EXTRACT_MAX_ENCLOSURES 16
#define EXTRACT_MAX_RELATED 200

struct extract_related {
	char *title;   /* never NULL nor "" */
	char *url;     /* absolute http(s) URL, never NULL */
};

struct extract {
	char *title;        /* never NULL, may be "" */
	char *byline;       /* NULL when the page names no author */
	char *date;         /* the publication date as the page writes it, or NULL */
	char *body;         /* cleaned HTML fragment for render_body(ARTICLE_FMT_HTML) */
	char **tags;        /* in page order, deduplicated */
	char *lead_image;   /* absolute URL or NULL */
	char *lead_image_alt; /* NULL when the image has no text */
	struct enclosure *enclosures; /* audio and video the page offers */
	struct extract_related *related;
	time_t published;   /* UTC; meaningful only when has_published */
	size_t ntags;
	size_t nenclosures;
	size_t nrelated;
	bool has_published;
};

/*
 * Extracts the article from the page html[0..len) fetched from page_url
 * (may be NULL: relative URLs then stay relative). The page's encoding is
 * its BOM or <meta charset>, else UTF-8. Returns LDN_OK with *out set;
 * LDN_ELIMIT when the page is larger than EXTRACT_MAX_BYTES, LDN_EPARSE
 * when it holds no article, LDN_ENOMEM; *cause (when cause is not NULL)
 * then says why in one line.
 */
int extract_page(const char *html, size_t len, const char *page_url,
		 struct extract **out, char **cause) LDN_WUR;

void extract_free(struct extract *e);

#endif
