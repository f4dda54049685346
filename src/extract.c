/*
 * extract.c - the article of a web page: the walk and the scoring
 * (extract_meta.c reads the metadata on the same walk, extract_body.c
 * writes the body out).
 *
 * One iterative walk over the parsed page (no recursion: the C stack
 * does not grow with hostile nesting) visits every element on the way in
 * (metadata; scripts, styles, forms and hidden elements dropped) and on
 * the way out (its text, link text and commas summed from its children;
 * navigation and elements whose class or id says clutter dropped unless
 * they hold the article). Then, as Readability does, every paragraph of
 * 25 characters or more scores 1 + its commas + a point per 100
 * characters (at most 3), shared by five ancestors (all to the parent,
 * half to the grandparent, a third of a level more each beyond); each
 * ancestor starts from its tag's and class's weight. The best score
 * scaled by (1 - link density) wins; siblings close to it join. Each
 * step touches an element a bounded number of times: linear in the page.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>

#include "buf.h"
#include "extract.h"
#include "extract_int.h"
#include "text.h"

#define EX_MIN_PARA 25        /* characters a paragraph needs to score */
#define EX_ANCESTORS 5        /* levels a paragraph's score reaches */
#define EX_ALT_CANDIDATES 5   /* near-best candidates whose common ancestor may win */
#define EX_ALT_DEPTH 64       /* levels searched for that ancestor */

/* Sorted for bsearch. */
static const struct ex_tag {
	const char *name;
	unsigned kind;
} ex_tags[] = {
	{"address", EXT_BLOCK}, {"applet", EXT_STRIP},
	{"article", EXT_BLOCK | EXT_CONTAINER}, {"aside", EXT_CLUTTER | EXT_BLOCK},
	{"blockquote", EXT_BLOCK}, {"button", EXT_STRIP}, {"canvas", EXT_STRIP},
	{"dialog", EXT_STRIP}, {"div", EXT_BLOCK | EXT_CONTAINER},
	{"dl", EXT_BLOCK}, {"embed", EXT_STRIP}, {"fieldset", EXT_BLOCK},
	{"figure", EXT_BLOCK}, {"footer", EXT_CLUTTER | EXT_BLOCK},
	{"form", EXT_CLUTTER | EXT_BLOCK}, {"h1", EXT_BLOCK},
	{"h2", EXT_BLOCK | EXT_PARA}, {"h3", EXT_BLOCK | EXT_PARA},
	{"h4", EXT_BLOCK | EXT_PARA}, {"h5", EXT_BLOCK | EXT_PARA},
	{"h6", EXT_BLOCK | EXT_PARA}, {"header", EXT_CLUTTER | EXT_BLOCK},
	{"hr", EXT_BLOCK}, {"iframe", EXT_STRIP}, {"input", EXT_STRIP},
	{"li", EXT_BLOCK}, {"link", EXT_STRIP}, {"main", EXT_BLOCK},
	{"menu", EXT_CLUTTER | EXT_BLOCK}, {"nav", EXT_CLUTTER | EXT_BLOCK},
	{"noscript", EXT_STRIP}, {"object", EXT_STRIP}, {"ol", EXT_BLOCK},
	{"p", EXT_BLOCK | EXT_PARA}, {"pre", EXT_BLOCK | EXT_PARA},
	{"script", EXT_STRIP}, {"section", EXT_BLOCK | EXT_CONTAINER},
	{"select", EXT_STRIP}, {"style", EXT_STRIP}, {"svg", EXT_STRIP},
	{"table", EXT_BLOCK}, {"td", EXT_PARA}, {"template", EXT_STRIP},
	{"textarea", EXT_STRIP}, {"ul", EXT_BLOCK},
};

static int
ex_tag_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct ex_tag *)elem)->name);
}

static unsigned
ex_tag_kind(const xmlNode *n)
{
	const struct ex_tag *t;

	t = bsearch(n->name, ex_tags, sizeof(ex_tags) / sizeof(ex_tags[0]),
	    sizeof(ex_tags[0]), ex_tag_cmp);
	return t ? t->kind : 0;
}

/* ---- class and id hints ---- */

/* Tokens of class and id (split at every non-alphanumeric byte) that say
 * what an element is. Sorted for bsearch. */
enum { H_POS = 1, H_NEG = 2, H_COMMENTS = 4, H_RELATED = 8, H_BYLINE = 16 };

static const struct ex_hint {
	const char *token;
	unsigned what;
} ex_hints[] = {
	{"ad", H_NEG}, {"ads", H_NEG}, {"adslot", H_NEG}, {"advert", H_NEG},
	{"advertisement", H_NEG}, {"article", H_POS}, {"author", H_NEG | H_BYLINE},
	{"banner", H_NEG}, {"blog", H_POS}, {"body", H_POS},
	{"breadcrumb", H_NEG}, {"breadcrumbs", H_NEG}, {"byline", H_NEG | H_BYLINE},
	{"combx", H_NEG}, {"comment", H_NEG | H_COMMENTS},
	{"commentlist", H_NEG | H_COMMENTS}, {"comments", H_NEG | H_COMMENTS},
	{"consent", H_NEG}, {"content", H_POS}, {"cookie", H_NEG},
	{"cookies", H_NEG}, {"dateline", H_NEG}, {"discussion", H_NEG | H_COMMENTS},
	{"disqus", H_NEG | H_COMMENTS}, {"entry", H_POS}, {"follow", H_NEG},
	{"footer", H_NEG}, {"gdpr", H_NEG}, {"header", H_NEG}, {"hentry", H_POS},
	{"hidden", H_NEG}, {"main", H_POS}, {"markup", H_POS},
	{"masthead", H_NEG}, {"menu", H_NEG}, {"meta", H_NEG}, {"modal", H_NEG},
	{"nav", H_NEG}, {"navbar", H_NEG}, {"navigation", H_NEG},
	{"newsletter", H_NEG}, {"outbrain", H_NEG}, {"pager", H_NEG},
	{"pagination", H_NEG}, {"paywall", H_NEG}, {"popular", H_NEG},
	{"popup", H_NEG}, {"post", H_POS}, {"promo", H_NEG}, {"prose", H_POS},
	{"recommended", H_NEG | H_RELATED}, {"related", H_NEG | H_RELATED},
	{"replies", H_NEG | H_COMMENTS}, {"respond", H_NEG | H_COMMENTS},
	{"rss", H_NEG}, {"share", H_NEG}, {"sharing", H_NEG},
	{"shoutbox", H_NEG}, {"sidebar", H_NEG}, {"signup", H_NEG},
	{"skip", H_NEG}, {"skyscraper", H_NEG}, {"social", H_NEG},
	{"sponsor", H_NEG}, {"sponsored", H_NEG}, {"story", H_POS},
	{"subscribe", H_NEG}, {"subscription", H_NEG}, {"taboola", H_NEG},
	{"tags", H_NEG}, {"text", H_POS}, {"toolbar", H_NEG},
	{"trending", H_NEG}, {"widget", H_NEG},
};

static int
ex_hint_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct ex_hint *)elem)->token);
}

static unsigned
ex_hints_of(const char *s)
{
	char tok[32];
	const struct ex_hint *h;
	unsigned what = 0;
	size_t len;
	int k;

	while (s != NULL && *s != '\0') {
		for (len = 0; s[len] != '\0' && ((s[len] >= 'a' && s[len] <= 'z') ||
		    (s[len] >= 'A' && s[len] <= 'Z') || (s[len] >= '0' &&
		    s[len] <= '9')); len++)
			;
		if (len > 0 && len < sizeof(tok)) {
			for (k = 0; k < (int)len; k++)
				tok[k] = (char)((s[k] >= 'A' && s[k] <= 'Z') ?
				    s[k] - 'A' + 'a' : s[k]);
			tok[len] = '\0';
			h = bsearch(tok, ex_hints, sizeof(ex_hints) /
			    sizeof(ex_hints[0]), sizeof(ex_hints[0]), ex_hint_cmp);
			if (h != NULL)
				what |= h->what;
		}
		s += len;
		if (*s != '\0')
			s++;
	}
	return what;
}

/* An element hidden by its own markup: its text is no reader's. */
static bool
ex_hidden(const xmlNode *n)
{
	const xmlAttr *a;
	const char *style;

	for (a = n->properties; a != NULL; a = a->next)
		if (strcmp((const char *)a->name, "hidden") == 0)
			return true;
	if ((style = ex_prop(n, "style")) == NULL)
		return false;
	return strstr(style, "display:none") != NULL ||
	    strstr(style, "display: none") != NULL ||
	    strstr(style, "visibility:hidden") != NULL ||
	    strstr(style, "visibility: hidden") != NULL;
}

/* ---- the walk ---- */

static int
ex_push(struct ex *ex, xmlNode *n)
{
	struct ex_node *p, *e;
	size_t ncap;

	if (ex->n == ex->cap) {
		ncap = ex->cap ? ex->cap * 2 : 256;
		if ((p = realloc(ex->nodes, ncap * sizeof(*p))) == NULL)
			return LDN_ENOMEM;
		ex->nodes = p;
		ex->cap = ncap;
	}
	e = &ex->nodes[ex->n];
	memset(e, 0, sizeof(*e));
	e->node = n;
	e->parent = n->parent != NULL && n->parent->type == XML_ELEMENT_NODE &&
	    n->parent->_private != NULL ?
	    (size_t)(uintptr_t)n->parent->_private - 1 : EX_NONE;
	n->_private = (void *)(uintptr_t)(ex->n + 1);
	ex->n++;
	return LDN_OK;
}

/* Characters and commas of a text node, white space folded. */
static void
ex_count_text(struct ex_node *e, const char *s)
{
	bool space = true;
	const unsigned char *p;

	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
			if (!space)
				e->text++;
			space = true;
			continue;
		}
		space = false;
		if ((*p & 0xC0) == 0x80)
			continue;
		e->text++;
		/* ',' and the CJK and Arabic commas (U+3001, U+FF0C, U+060C) */
		if (*p == ',' || (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x81) ||
		    (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8C) ||
		    (p[0] == 0xD8 && p[1] == 0x8C))
			e->commas++;
	}
}

/* On the way in: 1 to descend, 0 to skip the children, < 0 on error. */
static int
ex_enter(struct ex *ex, xmlNode *n)
{
	struct ex_node *e;
	unsigned what;
	size_t i;
	int st;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		i = n->parent ? ex_index(n->parent) : EX_NONE;
		if (i != EX_NONE && n->content != NULL)
			ex_count_text(&ex->nodes[i], (const char *)n->content);
		return 0;
	}
	if (n->type != XML_ELEMENT_NODE)
		return 0;
	if ((st = ex_push(ex, n)) != LDN_OK)
		return st;
	i = ex->n - 1;
	e = &ex->nodes[i];
	e->tag = ex_tag_kind(n);
	what = ex_hints_of(ex_prop(n, "class")) | ex_hints_of(ex_prop(n, "id"));
	if (what & H_POS)
		e->weight += 25;
	if (what & H_NEG)
		e->weight -= 25;
	e->flags |= (what & H_NEG ? EXN_NEG : 0) |
	    (what & H_COMMENTS ? EXN_COMMENTS : 0) |
	    (what & H_RELATED ? EXN_RELATED : 0) |
	    (what & H_BYLINE ? EXN_BYLINE : 0);
	/* the block after a "Related articles" heading is one too */
	if (ex->related_after != EX_NONE && e->parent == ex->related_after) {
		e->flags |= EXN_RELATED | EXN_NEG;
		ex->related_after = EX_NONE;
	}
	if ((e->flags & EXN_RELATED) && ex->related_top == EX_NONE)
		ex->related_top = i;
	if ((e->flags & EXN_COMMENTS) && ex->comments_top == EX_NONE)
		ex->comments_top = i;
	if ((st = ex_meta_enter(ex, n, i)) != LDN_OK)
		return st;
	e = &ex->nodes[i];
	if ((e->tag & EXT_STRIP) || ex_hidden(n)) {
		e->flags |= EXN_REMOVED;
		return 0;
	}
	return 1;
}

static bool
ex_keep_anyway(const struct ex_node *e)
{
	return (e->flags & EXN_MARKER) || e->long_paras >= 3;
}

/* On the way out, the children all counted. */
static int
ex_leave(struct ex *ex, xmlNode *n)
{
	struct ex_node *e, *p;
	size_t i;
	int st;

	if (n->type != XML_ELEMENT_NODE || (i = ex_index(n)) == EX_NONE)
		return LDN_OK;
	e = &ex->nodes[i];
	if ((st = ex_meta_leave(ex, i)) != LDN_OK)
		return st;
	if (ex->related_top == i)
		ex->related_top = EX_NONE;
	if (ex->related_after == i)
		ex->related_after = EX_NONE;
	if (ex->related_top == EX_NONE && !(e->flags & EXN_REMOVED) &&
	    ex_related_heading(ex, i)) {
		ex->related_after = e->parent;
		e->flags |= EXN_REMOVED; /* a heading of the related block's */
	}
	if (ex->comments_top == i)
		ex->comments_top = EX_NONE;
	if (e->flags & EXN_REMOVED)
		return LDN_OK;
	if (ex_is(n, "a"))
		e->link = e->text;
	if (ex_is(n, "p") && e->text >= 80)
		e->long_paras++;
	/* The page's own frame is never clutter; comments (unless marked
	 * as the article) and clutter are. */
	if (!(ex_is(n, "body") || ex_is(n, "html") || ex_is(n, "article") ||
	      ex_is(n, "main")) &&
	    (((e->flags & EXN_COMMENTS) && !(e->flags & EXN_MARKER)) ||
	     (((e->tag & EXT_CLUTTER) || (e->flags & EXN_NEG)) && !ex_keep_anyway(e))))
		e->flags |= EXN_REMOVED;
	if ((e->flags & EXN_REMOVED) || e->parent == EX_NONE)
		return LDN_OK;
	p = &ex->nodes[e->parent];
	p->text += e->text;
	p->link += e->link;
	p->commas += e->commas;
	p->long_paras += e->long_paras;
	p->flags |= e->flags & EXN_MARKER;
	if (e->tag & EXT_BLOCK)
		p->flags |= EXN_BLOCKCHILD;
	return LDN_OK;
}

static int
ex_walk(struct ex *ex, xmlNode *top)
{
	xmlNode *n = top;
	int rv;

	while (n != NULL) {
		if ((rv = ex_enter(ex, n)) < 0)
			return rv;
		if (rv > 0 && n->children != NULL) {
			n = n->children;
			continue;
		}
		for (;;) {
			if ((rv = ex_leave(ex, n)) < 0)
				return rv;
			if (n == top)
				return LDN_OK;
			if (n->next != NULL) {
				n = n->next;
				break;
			}
			n = n->parent;
			if (n == NULL)
				return LDN_OK;
		}
	}
	return LDN_OK;
}

/* ---- scoring ---- */

static int
ex_tag_base(const xmlNode *n)
{
	static const struct { const char *name; int base; } bases[] = {
		{"div", 5}, {"article", 5}, {"section", 3}, {"pre", 3}, {"td", 3},
		{"blockquote", 3}, {"address", -3}, {"ol", -3}, {"ul", -3},
		{"dl", -3}, {"dd", -3}, {"dt", -3}, {"li", -3}, {"form", -3},
		{"h1", -5}, {"h2", -5}, {"h3", -5}, {"h4", -5}, {"h5", -5},
		{"h6", -5}, {"th", -5},
	};
	size_t k;

	for (k = 0; k < sizeof(bases) / sizeof(bases[0]); k++)
		if (strcmp((const char *)n->name, bases[k].name) == 0)
			return bases[k].base;
	return 0;
}

static void
ex_score(struct ex *ex)
{
	struct ex_node *e, *a;
	double content;
	size_t hundreds;
	size_t i, j, level;

	for (i = 0; i < ex->n; i++) {
		e = &ex->nodes[i];
		if ((e->flags & EXN_REMOVED) || (e->parent != EX_NONE &&
		    (ex->nodes[e->parent].flags & EXN_DEAD)))
			e->flags |= EXN_DEAD;
	}
	for (i = 0; i < ex->n; i++) {
		e = &ex->nodes[i];
		if ((e->flags & EXN_DEAD) || e->text < EX_MIN_PARA)
			continue;
		if (!(e->tag & EXT_PARA) && !((e->tag & EXT_CONTAINER) &&
		    !(e->flags & EXN_BLOCKCHILD)))
			continue;
		/* A point a whole hundred characters, at most three. */
		hundreds = e->text / 100 < 3 ? e->text / 100 : 3;
		content = 1.0 + (double)e->commas + (double)hundreds;
		for (j = e->parent, level = 0; j != EX_NONE && level < EX_ANCESTORS;
		    j = ex->nodes[j].parent, level++) {
			a = &ex->nodes[j];
			if (!(a->flags & EXN_CANDIDATE)) {
				a->flags |= EXN_CANDIDATE;
				a->score = ex_tag_base(a->node) + a->weight;
			}
			a->score += level == 0 ? content : level == 1 ?
			    content / 2 : content / ((double)level * 3);
		}
	}
	for (i = 0; i < ex->n; i++)
		if (ex->nodes[i].flags & EXN_CANDIDATE)
			ex->nodes[i].score *= 1.0 - ex_density(&ex->nodes[i]);
}

static bool
ex_is_ancestor(const struct ex *ex, size_t anc, size_t i)
{
	int depth;

	for (depth = 0; i != EX_NONE && depth < EX_ALT_DEPTH * 4; depth++) {
		if (i == anc)
			return true;
		i = ex->nodes[i].parent;
	}
	return false;
}

static size_t
ex_layout_cell(const struct ex *ex, size_t top)
{
	const xmlNode *n, *c;
	size_t best, i;

	for (;;) {
		n = ex->nodes[top].node;
		if (!ex_is(n, "tr") && !ex_is(n, "tbody") && !ex_is(n, "table"))
			return top;
		for (best = EX_NONE, c = n->children; c != NULL; c = c->next)
			if ((i = ex_index(c)) != EX_NONE &&
			    !(ex->nodes[i].flags & EXN_DEAD) && (best == EX_NONE ||
			    ex->nodes[i].text > ex->nodes[best].text))
				best = i;
		if (best == EX_NONE ||
		    ex->nodes[best].text * 4 < ex->nodes[top].text * 3)
			return top;
		top = best;
	}
}

/*
 * The best candidate; when several near-best ones share an ancestor
 * (an article split into sections), that ancestor. EX_NONE for none.
 */
static size_t
ex_pick(struct ex *ex)
{
	size_t best[EX_ALT_CANDIDATES], nb = 0, i, k, top, anc, hits;
	int depth;

	for (i = 0; i < ex->n; i++) {
		if (!(ex->nodes[i].flags & EXN_CANDIDATE) ||
		    (ex->nodes[i].flags & EXN_DEAD))
			continue;
		for (k = nb; k > 0 && ex->nodes[best[k - 1]].score <
		    ex->nodes[i].score; k--)
			if (k < EX_ALT_CANDIDATES)
				best[k] = best[k - 1];
		if (k < EX_ALT_CANDIDATES) {
			best[k] = i;
			if (nb < EX_ALT_CANDIDATES)
				nb++;
		}
	}
	if (nb == 0)
		return EX_NONE;
	top = best[0];
	anc = ex->nodes[top].parent;
	for (depth = 0; anc != EX_NONE && depth < EX_ALT_DEPTH; depth++) {
		if (ex_is(ex->nodes[anc].node, "body"))
			break;
		for (hits = 0, k = 1; k < nb; k++)
			if (ex->nodes[best[k]].score >= ex->nodes[top].score * 0.75 &&
			    ex_is_ancestor(ex, anc, best[k]))
				hits++;
		if (hits >= 2) {
			top = anc;
			break;
		}
		anc = ex->nodes[anc].parent;
	}
	/* A layout table's row: the cell that holds the text, not the menu
	 * in the cell beside it. */
	top = ex_layout_cell(ex, top);
	/* A lone child adds nothing its parent does not: take the parent,
	 * so that a wrapper's figures and headings come along. */
	while (ex->nodes[top].parent != EX_NONE &&
	    !ex_is(ex->nodes[ex->nodes[top].parent].node, "body") &&
	    xmlChildElementCount(ex->nodes[ex->nodes[top].parent].node) == 1)
		top = ex->nodes[top].parent;
	return top;
}

/* Marks the top candidate and the siblings that belong with it. */
static int
ex_siblings(struct ex *ex, size_t top)
{
	const struct ex_node *t = &ex->nodes[top];
	double threshold = t->score * 0.2 > 10 ? t->score * 0.2 : 10;
	char *tcls, *cls, *text;
	struct ex_node *s;
	xmlNode *n;
	size_t i;
	bool join;

	ex->nodes[top].flags |= EXN_SELECTED;
	if (t->parent == EX_NONE)
		return LDN_OK;
	tcls = ex_attr(t->node, "class");
	for (n = ex->nodes[t->parent].node->children; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE || (i = ex_index(n)) == EX_NONE ||
		    i == top)
			continue;
		s = &ex->nodes[i];
		if (s->flags & EXN_DEAD)
			continue;
		cls = ex_attr(n, "class");
		join = (s->flags & EXN_CANDIDATE) && s->score +
		    (tcls && cls && *tcls && strcmp(tcls, cls) == 0 ?
		    ex->nodes[top].score * 0.2 : 0) >= threshold;
		free(cls);
		if (!join && ex_is(n, "p")) {
			if (s->text >= 80 && ex_density(s) < 0.25)
				join = true;
			else if (s->text > 0 && s->text < 80 && s->link == 0) {
				if ((text = ex_text(n)) == NULL) {
					free(tcls);
					return LDN_ENOMEM;
				}
				join = strstr(text, ". ") != NULL ||
				    (*text && text[strlen(text) - 1] == '.');
				free(text);
			}
		}
		if (join)
			s->flags |= EXN_SELECTED;
	}
	free(tcls);
	return LDN_OK;
}

/* ---- the whole ---- */

static void LDN_PRINTF(2, 3)
ex_quiet_generic(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

static void
ex_quiet(void *ctx, xmlErrorPtr err)
{
	(void)ctx;
	(void)err;
}

static xmlDoc *
ex_parse(const char *html, size_t len, const char *page_url)
{
	xmlGenericErrorFunc generic = xmlGenericError;
	void *generic_ctx = xmlGenericErrorContext;
	xmlStructuredErrorFunc structured = xmlStructuredError;
	void *structured_ctx = xmlStructuredErrorContext;
	xmlDoc *doc;

	/* libxml2 reports a few errors (an unknown encoding) even with
	 * NOERROR: muted, as discover.c does. */
	xmlSetGenericErrorFunc(NULL, ex_quiet_generic);
	xmlSetStructuredErrorFunc(NULL, ex_quiet);
	doc = htmlReadMemory(html, (int)len, page_url, NULL,
	    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_RECOVER | HTML_PARSE_COMPACT);
	xmlSetGenericErrorFunc(generic_ctx, generic);
	xmlSetStructuredErrorFunc(structured_ctx, structured);
	return doc;
}

void
extract_free(struct extract *e)
{
	size_t i;

	if (e == NULL)
		return;
	free(e->title);
	free(e->byline);
	free(e->date);
	free(e->body);
	for (i = 0; i < e->ntags; i++)
		free(e->tags[i]);
	free(e->tags);
	free(e->lead_image);
	free(e->lead_image_alt);
	for (i = 0; i < e->nenclosures; i++) {
		free(e->enclosures[i].url);
		free(e->enclosures[i].type);
	}
	free(e->enclosures);
	for (i = 0; i < e->nrelated; i++) {
		free(e->related[i].title);
		free(e->related[i].url);
	}
	free(e->related);
	free(e);
}

static int
ex_run(struct ex *ex, xmlNode *root, char **cause)
{
	int st;

	if ((st = ex_meta_base(ex, root)) != LDN_OK)
		return ldn_cause(cause, st, "out of memory");
	if ((st = ex_walk(ex, root)) != LDN_OK)
		return ldn_cause(cause, st, "out of memory");
	ex_score(ex);
	if ((ex->top = ex_pick(ex)) == EX_NONE)
		return ldn_cause(cause, LDN_EPARSE, "the page holds no article");
	if ((st = ex_siblings(ex, ex->top)) != LDN_OK ||
	    (st = ex_meta_finish(ex)) != LDN_OK)
		return ldn_cause(cause, st, "out of memory");
	if ((st = ex_body(ex)) == LDN_EPARSE)
		return ldn_cause(cause, st, "the page holds no article");
	if (st != LDN_OK)
		return ldn_cause(cause, st, st == LDN_ELIMIT ?
		    "the article is too large" : "out of memory");
	return LDN_OK;
}

int
extract_page(const char *html, size_t len, const char *page_url,
    struct extract **out, char **cause)
{
	struct ex ex;
	xmlNode *root;
	int st;

	*out = NULL;
	if (len > EXTRACT_MAX_BYTES)
		return ldn_cause(cause, LDN_ELIMIT,
		    "page larger than the %lu MiB limit for extraction",
		    EXTRACT_MAX_BYTES >> 20);
	memset(&ex, 0, sizeof(ex));
	ex.page_url = page_url;
	ex.related_top = EX_NONE;
	ex.related_after = EX_NONE;
	ex.comments_top = EX_NONE;
	if ((ex.out = calloc(1, sizeof(*ex.out))) == NULL)
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	ex.doc = ex_parse(html, len, page_url);
	if (ex.doc == NULL || (root = xmlDocGetRootElement(ex.doc)) == NULL)
		st = ldn_cause(cause, LDN_EPARSE, "the page holds no article");
	else
		st = ex_run(&ex, root, cause);
	if (st == LDN_OK) {
		*out = ex.out;
		ex.out = NULL;
	}
	extract_free(ex.out);
	ex_meta_free(&ex);
	free(ex.nodes);
	if (ex.doc != NULL)
		xmlFreeDoc(ex.doc);
	return st;
}
