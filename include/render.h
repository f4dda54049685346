/*
 * render.h - article bodies (HTML through libxml2's HTML parser, or plain
 * text) turned into sanitized, wrapped lines with numbered links.
 *
 * Pure: no curses, no I/O. The UI's reader pane and `--show` use the same
 * functions, so what a test reads here is what a reader sees.
 */
#ifndef LDN_RENDER_H
#define LDN_RENDER_H

#include <stddef.h>

#include "article.h"
#include "status.h"

/* What a line is, so a UI can style it; output prints them all alike. */
enum render_style {
	RENDER_BODY = 0,   /* paragraph text, list items, table cells */
	RENDER_TITLE,      /* the headline */
	RENDER_STANDFIRST, /* the summary under the headline */
	RENDER_META,       /* byline, date, tags */
	RENDER_HEADING,    /* h1-h6 in the body */
	RENDER_QUOTE,      /* block quote lines (prefixed) */
	RENDER_PRE,        /* preformatted, never wrapped */
	RENDER_LINKS,      /* the numbered link list after the body */
	RENDER_SECTION     /* section titles: "Links", "Related articles" */
};

struct render_line {
	char *text;              /* sanitized UTF-8, no '\n'; owned */
	enum render_style style;
};

struct render_doc {
	struct render_line *lines;
	size_t nlines;
	size_t cap_lines;
	char **links;            /* links[i] is link number i+1; owned, sanitized */
	size_t nlinks;
	size_t cap_links;
};

/* One related article: its number in the current view and its title. */
struct render_related {
	size_t n;
	const char *title;
};

/* Frees everything inside doc and zeroes it (doc itself is the caller's). */
void render_doc_free(struct render_doc *doc);

/*
 * Appends the rendering of an HTML fragment (or plain text when fmt is
 * ARTICLE_FMT_TEXT) to doc, wrapped to `width` columns (0: no wrapping, one
 * line per block). Blocks are separated by one empty line. Links get numbers
 * continuing doc->nlinks and appear in the text as "[n]"; relative hrefs are
 * resolved against base_url (may be NULL). Paragraphs, headings, lists,
 * block quotes, preformatted text, images ("[image: alt]") and tables
 * (aligned columns when they fit, labelled rows otherwise) are kept.
 * LDN_OK or LDN_ENOMEM.
 */
int render_body(struct render_doc *doc, const char *src, enum article_fmt fmt,
		const char *base_url, size_t width) LDN_WUR;

/* render_article flags. */
enum {
	/* The article's link and the "Links" and "Enclosures" lists wrap
	 * too (a pane cuts a long line; --show leaves a URL whole on its
	 * line, for the terminal to wrap and to click). */
	RENDER_WRAP_URLS = 1 << 0,
	/* The body is the article's page's (page.h): a "Text: from the page"
	 * line after the link says so. */
	RENDER_FROM_PAGE = 1 << 1
};

/*
 * The whole article as `--show` prints it: headline, standfirst, byline and
 * date, tags, body (content, else summary), "Links" list, then "Related
 * articles" with their numbers. width 0: no wrapping.
 */
int render_article(struct render_doc *doc, const struct article *a,
		   const struct render_related *related, size_t nrelated,
		   size_t width, unsigned flags) LDN_WUR;

/*
 * A one-line plain-text form of an HTML or text fragment (tags dropped,
 * entities decoded, white space folded, sanitized). Caller frees; NULL on
 * allocation failure.
 */
char *render_plain(const char *src, enum article_fmt fmt);

#endif
