/*
 * extract_body.c - the article's body as a cleaned HTML fragment: the
 * chosen elements written out again, iteratively, with only the tags
 * render_body() shows well (p, h2-h4, lists, quotes, pre, tables, links,
 * images), every text sanitized and escaped, links kept only when they
 * are http, https or mailto, and link-heavy blocks (share bars, tag lists)
 * and headings that repeat the title left out.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "extract.h"
#include "extract_int.h"
#include "text.h"

#define EX_MIN_ARTICLE 25     /* characters below which a page holds no article */

/* What a tag becomes in the body: its own name, another, "" for its
 * children only, NULL for nothing at all. Sorted for bsearch. */
static const struct ex_out {
	const char *name;
	const char *as;
} ex_outs[] = {
	{"a", "a"}, {"abbr", ""}, {"article", "div"}, {"audio", NULL},
	{"b", "b"}, {"blockquote", "blockquote"}, {"br", "br"},
	{"caption", "caption"}, {"cite", "cite"}, {"code", "code"},
	{"dd", "dd"}, {"del", "del"}, {"div", "div"}, {"dl", "dl"},
	{"dt", "dt"}, {"em", "em"}, {"figcaption", "figcaption"},
	{"figure", "figure"}, {"h1", "h2"}, {"h2", "h2"}, {"h3", "h3"},
	{"h4", "h4"}, {"h5", "h4"}, {"h6", "h4"}, {"hr", "hr"}, {"i", "i"},
	{"img", "img"}, {"li", "li"}, {"main", "div"}, {"ol", "ol"},
	{"p", "p"}, {"picture", ""}, {"pre", "pre"}, {"q", "q"},
	{"s", "s"}, {"section", "div"}, {"source", NULL}, {"strong", "strong"},
	{"sub", "sub"}, {"sup", "sup"}, {"table", "table"}, {"tbody", "tbody"},
	{"td", "td"}, {"tfoot", "tfoot"}, {"th", "th"}, {"thead", "thead"},
	{"tr", "tr"}, {"track", NULL}, {"u", "u"}, {"ul", "ul"},
	{"video", NULL}, {"wbr", NULL},
};

static int
ex_out_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct ex_out *)elem)->name);
}

struct ex_body {
	struct ex *ex;
	struct buf out;
	size_t chars;       /* text characters written */
	int pre;
	int st;
};

/* Sanitized s, HTML-escaped, appended: the runs between special
 * characters go in one append each (the body is most of the work). */
static int
ex_put_text(struct ex_body *b, const char *s, bool keep_newlines)
{
	char *clean;
	const char *p, *run, *esc;
	int st = LDN_OK;

	clean = text_sanitize(s, strlen(s), keep_newlines ? TEXT_KEEP_NEWLINES : 0);
	if (clean == NULL)
		return LDN_ENOMEM;
	for (p = run = clean; st == LDN_OK; p++) {
		switch (*p) {
		case '<': esc = "&lt;"; break;
		case '>': esc = "&gt;"; break;
		case '&': esc = "&amp;"; break;
		case '"': esc = "&quot;"; break;
		case '\0': esc = ""; break;
		case ' ': case '\n': continue;
		default: b->chars++; continue;
		}
		if ((st = buf_append(&b->out, run, (size_t)(p - run))) == LDN_OK)
			st = buf_puts(&b->out, esc);
		if (*p == '\0')
			break;
		run = p + 1;
	}
	free(clean);
	return st;
}

static int
ex_put_attr(struct ex_body *b, const char *name, const char *value)
{
	int st;

	if ((st = buf_printf(&b->out, " %s=\"", name)) != LDN_OK)
		return st;
	if ((st = ex_put_text(b, value, false)) != LDN_OK)
		return st;
	return buf_putc(&b->out, '"');
}

/* The image's address: src, else the lazy loaders' data-src. */
static char *
ex_img_src(const struct ex *ex, const xmlNode *n)
{
	char *src = ex_attr(n, "src"), *url = NULL;

	if (src == NULL || strncmp(src, "data:", 5) == 0) {
		free(src);
		src = ex_attr(n, "data-src");
	}
	if (src != NULL)
		url = ex_url(ex, src, false);
	free(src);
	return url;
}

/* Opens n in the output; *as is what closes it (NULL: nothing). */
static int
ex_open(struct ex_body *b, xmlNode *n, const char **as)
{
	struct ex *ex = b->ex;
	const struct ex_out *o;
	char *href, *url, *alt;
	int st = LDN_OK;

	*as = NULL;
	o = bsearch(n->name, ex_outs, sizeof(ex_outs) / sizeof(ex_outs[0]),
	    sizeof(ex_outs[0]), ex_out_cmp);
	if (o != NULL && o->as == NULL)
		return 0;
	if (o == NULL || *o->as == '\0')
		return 1;
	if (strcmp(o->as, "a") == 0) {
		href = ex_attr(n, "href");
		url = href ? ex_url(ex, href, true) : NULL;
		free(href);
		if (url == NULL)
			return 1; /* javascript:, data:, none: its text only */
		if ((st = buf_puts(&b->out, "<a")) == LDN_OK &&
		    (st = ex_put_attr(b, "href", url)) == LDN_OK)
			st = buf_putc(&b->out, '>');
		free(url);
		*as = "a";
		return st == LDN_OK ? 1 : st;
	}
	if (strcmp(o->as, "img") == 0) {
		url = ex_img_src(ex, n);
		alt = ex_attr(n, "alt");
		if (url != NULL && ex->out->lead_image == NULL) {
			/* an og:image:alt without its og:image is not this
			 * image's text */
			free(ex->out->lead_image_alt);
			ex->out->lead_image_alt = NULL;
			if ((ex->out->lead_image = strdup(url)) == NULL)
				st = LDN_ENOMEM;
			else if (alt != NULL && *alt != '\0')
				ex->out->lead_image_alt = ex_clean(alt);
		}
		if (st == LDN_OK)
			st = buf_puts(&b->out, "<img");
		if (st == LDN_OK && url != NULL)
			st = ex_put_attr(b, "src", url);
		if (st == LDN_OK && alt != NULL)
			st = ex_put_attr(b, "alt", alt);
		if (st == LDN_OK)
			st = buf_putc(&b->out, '>');
		free(url);
		free(alt);
		return st == LDN_OK ? 0 : st;
	}
	if (strcmp(o->as, "br") == 0 || strcmp(o->as, "hr") == 0) {
		st = buf_printf(&b->out, "<%s>", o->as);
		return st == LDN_OK ? 0 : st;
	}
	if (strcmp(o->as, "pre") == 0)
		b->pre++;
	*as = o->as;
	st = buf_printf(&b->out, "<%s>", o->as);
	return st == LDN_OK ? 1 : st;
}

/* Within the article, a block that is largely links (a fifth of its
 * text, half for a list or a block the class calls content, as
 * Readability's conditional cleaning has it) is a share bar, a byline
 * box, a tag list or a list of other stories: dropped. The page's own headline
 * (a heading that repeats the title) is dropped too: title carries it. */
static bool
ex_body_skip(struct ex_body *b, xmlNode *n, size_t i)
{
	const struct ex_node *e = &b->ex->nodes[i];
	char *text;
	bool same;

	if (e->flags & EXN_DEAD)
		return true;
	if ((e->tag & (EXT_BLOCK | EXT_CONTAINER)) && !(e->tag & EXT_PARA) &&
	    e->text > 0 && e->commas < 10 && ex_density(e) >
	    (e->weight >= 25 || ex_is(n, "ul") || ex_is(n, "ol") ? 0.5 : 0.2))
		return true;
	if ((ex_is(n, "h1") || ex_is(n, "h2") || ex_is(n, "h3")) && e->text < 512 &&
	    b->ex->h1_tries++ < 8) {
		if ((text = ex_text(n)) == NULL)
			return false;
		same = strcasecmp(text, b->ex->out->title) == 0;
		free(text);
		return same;
	}
	return false;
}

static int
ex_close(struct ex_body *b, xmlNode *n)
{
	struct ex_node *e;
	size_t i;

	if (n->type != XML_ELEMENT_NODE || (i = ex_index(n)) == EX_NONE)
		return LDN_OK;
	e = &b->ex->nodes[i];
	if (e->as == NULL)
		return LDN_OK;
	if (strcmp(e->as, "pre") == 0)
		b->pre--;
	return buf_printf(&b->out, "</%s>", e->as);
}

/* Writes the subtree of top (top included), iteratively. */
static int
ex_body_node(struct ex_body *b, xmlNode *top)
{
	xmlNode *n = top;
	size_t i;
	int rv;

	while (n != NULL) {
		rv = 0;
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content != NULL && (rv = ex_put_text(b,
			    (const char *)n->content, b->pre > 0)) != LDN_OK)
				return rv;
		} else if (n->type == XML_ELEMENT_NODE &&
		    (i = ex_index(n)) != EX_NONE && !ex_body_skip(b, n, i)) {
			if ((rv = ex_open(b, n, &b->ex->nodes[i].as)) < 0)
				return rv;
		}
		if (rv > 0 && n->children != NULL) {
			n = n->children;
			continue;
		}
		for (;;) {
			if ((rv = ex_close(b, n)) != LDN_OK)
				return rv;
			if (n == top)
				return LDN_OK;
			if (n->next != NULL) {
				n = n->next;
				break;
			}
			n = n->parent;
		}
	}
	return LDN_OK;
}

/* The selected elements, in page order, as one fragment. */
int
ex_body(struct ex *ex)
{
	struct ex_body b;
	const struct ex_node *t = &ex->nodes[ex->top];
	xmlNode *n;
	size_t i;
	int st = LDN_OK;

	memset(&b, 0, sizeof(b));
	b.ex = ex;
	buf_init(&b.out, EXTRACT_MAX_BYTES * 8);
	if (t->parent == EX_NONE)
		st = ex_body_node(&b, t->node);
	for (n = t->parent == EX_NONE ? NULL : ex->nodes[t->parent].node->children;
	    n != NULL && st == LDN_OK; n = n->next)
		if ((i = ex_index(n)) != EX_NONE &&
		    (ex->nodes[i].flags & EXN_SELECTED))
			st = ex_body_node(&b, n);
	if (st == LDN_OK && b.chars < EX_MIN_ARTICLE)
		st = LDN_EPARSE;
	if (st == LDN_OK && (ex->out->body = buf_detach(&b.out)) == NULL)
		st = LDN_ENOMEM;
	buf_free(&b.out);
	return st;
}
