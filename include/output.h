/*
 * output.h - what --list, --show and --tags print, plain or JSON: the
 * contract scripts rely on (DESIGN.md, "JSON output"). Reads a query view
 * (or a list's articles one at a time), writes to a stream, never draws and
 * never fetches.
 */
#ifndef LDN_OUTPUT_H
#define LDN_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "extract.h"
#include "query.h"
#include "render.h"
#include "status.h"

/* Most related articles --show lists. */
#define OUTPUT_RELATED_MAX 5

/* One line per article: number, date, title, tags; or one JSON object per line. */
int output_list(FILE *out, const struct query_view *v, bool json) LDN_WUR;

/* One article of a list streamed (number n of a list of numw digits,
 * output_list_width of its length), as output_list prints it. */
int output_list_article(FILE *out, const struct article *a, size_t n, int numw,
			bool json) LDN_WUR;
int output_list_width(size_t total);

/*
 * Article number n (1-based) of the view, rendered to `width` columns, or
 * as one JSON object. LDN_ENOTFOUND (with *cause) when n is out of range.
 */
int output_show(FILE *out, const struct query_view *v, size_t n, size_t width,
		bool json, char **cause) LDN_WUR;

/* Article a as output_show prints it: number n of its list, with its
 * related articles (number and title). */
int output_show_article(FILE *out, const struct article *a, size_t n,
			const struct render_related *rel, size_t nrel, size_t width,
			bool json) LDN_WUR;

/*
 * Article a (number n) with its body from its page x (page.h): the page's
 * byline, tags and enclosures join the feed's, its related headlines are
 * numbered 1..; the text says "from the page", the JSON has
 * "body_source":"page", "byline", "lead_image" and the page's "related"
 * (DESIGN.md).
 */
int output_show_page(FILE *out, const struct article *a, const struct extract *x, size_t n,
		     size_t width, bool json) LDN_WUR;

/* Tags with their article counts, most used first. */
int output_tags(FILE *out, const struct query_view *v, bool json) LDN_WUR;
/* Counts made already (query_tags, or a query_tag_counter), printed so. */
int output_tag_counts(FILE *out, const struct query_tag *tags, size_t n, bool json) LDN_WUR;

#endif
