/*
 * extract_int.h - what extract.c (the walk, the scoring, the body) and
 * extract_meta.c (title, byline, date, tags, media, related) share.
 */
#ifndef LDN_EXTRACT_INT_H
#define LDN_EXTRACT_INT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <libxml/tree.h>

#include "extract.h"

#define EX_NONE ((size_t)-1)

/* What a tag is to the extractor (bits). */
enum {
	EXT_STRIP = 1 << 0,   /* dropped with everything in it */
	EXT_CLUTTER = 1 << 1, /* nav, aside, ...: dropped unless it holds the article */
	EXT_BLOCK = 1 << 2,   /* a block: a div holding one is no paragraph */
	EXT_PARA = 1 << 3,    /* scored as a paragraph */
	EXT_CONTAINER = 1 << 4 /* div, section, article: a paragraph when it holds no block */
};

/* What an element is, after its class and id are read (bits). */
enum {
	EXN_REMOVED = 1 << 0,
	EXN_DEAD = 1 << 1,      /* removed, or inside a removed element */
	EXN_CANDIDATE = 1 << 2,
	EXN_MARKER = 1 << 3,    /* is or holds itemprop=articleBody */
	EXN_BLOCKCHILD = 1 << 4,
	EXN_NEG = 1 << 5,       /* class/id says clutter */
	EXN_COMMENTS = 1 << 6,  /* class/id says comments: dropped even when long */
	EXN_RELATED = 1 << 7,   /* class/id says related articles */
	EXN_BYLINE = 1 << 8,    /* class/id/rel/itemprop says author */
	EXN_SELECTED = 1 << 9
};

/* One element of the page, in document order. */
struct ex_node {
	xmlNode *node;
	size_t parent;       /* index, EX_NONE for the root */
	double score;
	size_t text;         /* characters of text inside (white space folded) */
	size_t link;         /* of which inside links */
	size_t commas;
	size_t long_paras;   /* <p> of 80 characters or more inside */
	unsigned tag;        /* EXT_* */
	unsigned flags;      /* EXN_* */
	int weight;          /* class/id weight, -25..25 */
	const char *as;      /* the tag it was written as in the body, to close it */
};

/* Metadata candidates, best source first; each owned, sanitized. */
enum ex_src { SRC_OG, SRC_LD, SRC_META, SRC_DOM, SRC_N };

struct ex {
	xmlDoc *doc;
	const char *page_url;
	char *base;               /* <base href> resolved, else the page URL */
	struct ex_node *nodes;
	size_t n, cap;
	size_t related_top;       /* the related block being walked, or EX_NONE */
	size_t related_after;     /* a "Related articles" heading's parent: its
				   * next child is the block; EX_NONE */
	size_t comments_top;      /* the comments block being walked, or EX_NONE */
	size_t top;               /* the chosen candidate */
	char *title[SRC_N];
	char *byline[SRC_N];
	char *date[SRC_N];
	char *site_name;
	char *h1;
	int byline_tries;
	int h1_tries;
	int related_tries;
	bool in_head;
	struct extract *out;
};

static inline bool
ex_is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->name, name) == 0;
}

/* The index of an element in ex->nodes (kept in its _private). */
static inline size_t
ex_index(const xmlNode *n)
{
	return n->_private ? (size_t)(uintptr_t)n->_private - 1 : EX_NONE;
}

static inline double
ex_density(const struct ex_node *e)
{
	return e->text ? (double)e->link / (double)e->text : 0.0;
}

/* ---- extract_body.c ---- */

/* Writes the top candidate and its chosen siblings into ex->out->body;
 * LDN_EPARSE when they hold almost no text. */
int ex_body(struct ex *ex) LDN_WUR;

/* ---- extract_meta.c ---- */

/* A sanitized, folded copy of s (NULL stays NULL); NULL on ENOMEM. */
char *ex_clean(const char *s);
/* The text inside n, sanitized and folded; caller frees. */
char *ex_text(const xmlNode *n);
/* The attribute `name` of n, or NULL; caller frees with free(). */
char *ex_attr(const xmlNode *n, const char *name);
/* The attribute `name` of n when it is plain text, without a copy;
 * NULL when absent (or made of entity references). */
const char *ex_prop(const xmlNode *n, const char *name);
/* href resolved against the base; NULL unless http(s) (or mailto: when
 * mailto is true). Caller frees. */
char *ex_url(const struct ex *ex, const char *href, bool mailto);
/* Sets *slot to s unless already set (s is freed then). */
void ex_offer(char **slot, char *s);

/* Finds <base href> in the head (before the walk resolves anything). */
int ex_meta_base(struct ex *ex, xmlNode *root) LDN_WUR;
/* Reads what an element says about the article, on the way in. */
int ex_meta_enter(struct ex *ex, xmlNode *n, size_t i) LDN_WUR;
/* True when the heading n (text counted) announces related articles. */
bool ex_related_heading(struct ex *ex, size_t i);
/* On the way out, once its text is counted (bylines). */
int ex_meta_leave(struct ex *ex, size_t i) LDN_WUR;
/* Picks title, byline and date from the candidates into ex->out. */
int ex_meta_finish(struct ex *ex) LDN_WUR;
void ex_meta_free(struct ex *ex);

#endif
