/*
 * render.c - article bodies as sanitized, wrapped lines with numbered links.
 *
 * HTML goes through libxml2's HTML parser (network off, errors quiet,
 * recovering); the resulting DOM is walked iteratively (first child, next
 * sibling, parent pointers), so the C stack does not grow with the nesting
 * of hostile markup. The parser gets XML_PARSE_HUGE because without it
 * libxml2 silently drops everything below 256 levels of nesting; the
 * parser and xmlFreeDoc() are themselves iterative, and what it unlocks
 * beyond depth (long text nodes) is bounded by the fetch size cap.
 *
 * Model: inline text accumulates, already sanitized, in the current block
 * buffer; a block boundary folds its white space and wraps it with the
 * current prefix (quote marks, list indentation, a pending list marker).
 * Blocks are separated by one empty line, requested lazily so there is
 * never a leading, doubled or trailing one. Tables are collected as a grid
 * of one-line cells and laid out when they end. Every string that enters a
 * render_doc went through text_sanitize(); prefixes are capped at half the
 * width so deep nesting never pushes text past the width.
 *
 * No state: a rendered document belongs to its caller. Runs on the
 * reader's thread, main's (--show, --json) and the refresh worker's
 * (standfirsts); libxml2's HTML parser is reentrant.
 */
#define _XOPEN_SOURCE 700

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "buf.h"
#include "hash.h"
#include "render.h"
#include "text.h"
#include "url.h"

#define RENDER_BUF_MAX (SIZE_MAX / 4)
#define MAX_QUOTE_MARKS 16   /* "> " shown at most this many times */
#define MAX_INDENT 64        /* list indentation shown at most this wide */
#define MAX_ALIGNED_COLS 64  /* wider tables always use labelled rows */
#define RULE_COLS 10

enum tag_kind {
	K_INLINE = 0,
	K_A, K_BLOCK, K_BR, K_DD, K_DL, K_DT, K_HEADING, K_HR, K_IMG, K_LI,
	K_MEDIA, K_OL, K_PRE, K_QUOTE, K_SKIP, K_TABLE, K_TD, K_THEAD, K_TR,
	K_UL
};

/* Sorted by name for bsearch. */
static const struct tag {
	const char *name;
	enum tag_kind kind;
} tags[] = {
	{"a", K_A}, {"address", K_BLOCK}, {"article", K_BLOCK},
	{"aside", K_BLOCK}, {"audio", K_MEDIA}, {"blockquote", K_QUOTE},
	{"br", K_BR}, {"caption", K_BLOCK}, {"center", K_BLOCK},
	{"dd", K_DD}, {"details", K_BLOCK}, {"div", K_BLOCK}, {"dl", K_DL},
	{"dt", K_DT}, {"embed", K_MEDIA}, {"fieldset", K_BLOCK},
	{"figcaption", K_BLOCK}, {"figure", K_BLOCK}, {"footer", K_BLOCK},
	{"form", K_BLOCK}, {"h1", K_HEADING}, {"h2", K_HEADING},
	{"h3", K_HEADING}, {"h4", K_HEADING}, {"h5", K_HEADING},
	{"h6", K_HEADING}, {"head", K_SKIP}, {"header", K_BLOCK},
	{"hr", K_HR}, {"iframe", K_MEDIA}, {"img", K_IMG}, {"legend", K_BLOCK},
	{"li", K_LI}, {"listing", K_PRE}, {"main", K_BLOCK}, {"nav", K_BLOCK},
	{"noscript", K_SKIP}, {"object", K_MEDIA}, {"ol", K_OL},
	{"p", K_BLOCK}, {"pre", K_PRE}, {"script", K_SKIP},
	{"section", K_BLOCK}, {"select", K_SKIP}, {"style", K_SKIP},
	{"summary", K_BLOCK}, {"table", K_TABLE}, {"tbody", K_INLINE},
	{"td", K_TD}, {"template", K_SKIP}, {"textarea", K_SKIP},
	{"tfoot", K_INLINE}, {"th", K_TD}, {"thead", K_THEAD},
	{"title", K_SKIP}, {"tr", K_TR}, {"ul", K_UL}, {"video", K_MEDIA},
	{"xmp", K_PRE},
};

static int
tag_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct tag *)elem)->name);
}

static enum tag_kind
tag_kind(const xmlNode *n)
{
	const struct tag *t;

	t = bsearch(n->name, tags, sizeof(tags) / sizeof(tags[0]),
	    sizeof(tags[0]), tag_cmp);
	return t ? t->kind : K_INLINE;
}

/*
 * Walks the subtree under top without recursion. fn(ctx, node, true)
 * returns 1 to descend, 0 to skip the children, < 0 to stop; every node
 * then gets fn(ctx, node, false) after its children.
 */
typedef int (*walk_fn)(void *ctx, xmlNode *n, int enter);

static int
walk(xmlNode *top, walk_fn fn, void *ctx)
{
	xmlNode *n = top->children;
	int rv;

	while (n != NULL) {
		if ((rv = fn(ctx, n, 1)) < 0)
			return rv;
		if (rv > 0 && n->children != NULL) {
			n = n->children;
			continue;
		}
		for (;;) {
			if ((rv = fn(ctx, n, 0)) < 0)
				return rv;
			if (n->next != NULL) {
				n = n->next;
				break;
			}
			n = n->parent;
			if (n == NULL || n == top)
				return LDN_OK;
		}
	}
	return LDN_OK;
}

static xmlDoc *
parse_html(const char *src)
{
	size_t len = strlen(src);

	if (len > INT_MAX)
		return NULL;
	return htmlReadMemory(src, (int)len, NULL, "UTF-8",
	    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_RECOVER | XML_PARSE_HUGE);
}

/* ---- render_doc ---- */

void
render_doc_free(struct render_doc *doc)
{
	size_t i;

	for (i = 0; i < doc->nlines; i++)
		free(doc->lines[i].text);
	free(doc->lines);
	for (i = 0; i < doc->nlinks; i++)
		free(doc->links[i]);
	free(doc->links);
	memset(doc, 0, sizeof(*doc));
}

static int
grow(void **arr, size_t *cap, size_t need, size_t size)
{
	size_t ncap;
	void *p;

	if (need <= *cap)
		return LDN_OK;
	ncap = *cap ? *cap * 2 : 16;
	if (ncap < need)
		ncap = need;
	if (ncap > SIZE_MAX / size)
		return LDN_ENOMEM;
	p = realloc(*arr, ncap * size);
	if (p == NULL)
		return LDN_ENOMEM;
	*arr = p;
	*cap = ncap;
	return LDN_OK;
}

/* Appends a copy of text[0..len) without trailing spaces. */
static int
doc_push(struct render_doc *doc, const char *text, size_t len,
    enum render_style style)
{
	char *s;

	while (len > 0 && text[len - 1] == ' ')
		len--;
	if (grow((void **)&doc->lines, &doc->cap_lines, doc->nlines + 1,
	    sizeof(doc->lines[0])) != LDN_OK)
		return LDN_ENOMEM;
	if ((s = malloc(len + 1)) == NULL)
		return LDN_ENOMEM;
	memcpy(s, text, len);
	s[len] = '\0';
	doc->lines[doc->nlines].text = s;
	doc->lines[doc->nlines].style = style;
	doc->nlines++;
	return LDN_OK;
}

/* ---- link numbers: a hash of doc->links so repeats cost O(1) ---- */

struct linkmap {
	size_t *slots; /* index into doc->links plus one; 0 is empty */
	size_t cap;    /* a power of two, at least twice the entries */
};

static size_t
link_hash(const char *s)
{
	return (size_t)hash_str(s);
}

static int
linkmap_add(struct linkmap *m, struct render_doc *doc, size_t idx)
{
	size_t i, j, ncap;
	size_t *ns;

	if ((idx + 1) * 2 > m->cap) {
		ncap = m->cap ? m->cap * 2 : 64;
		if ((ns = calloc(ncap, sizeof(*ns))) == NULL)
			return LDN_ENOMEM;
		for (i = 0; i < m->cap; i++) {
			if (m->slots[i] == 0)
				continue;
			j = link_hash(doc->links[m->slots[i] - 1]) & (ncap - 1);
			while (ns[j] != 0)
				j = (j + 1) & (ncap - 1);
			ns[j] = m->slots[i];
		}
		free(m->slots);
		m->slots = ns;
		m->cap = ncap;
	}
	j = link_hash(doc->links[idx]) & (m->cap - 1);
	while (m->slots[j] != 0)
		j = (j + 1) & (m->cap - 1);
	m->slots[j] = idx + 1;
	return LDN_OK;
}

/* The number (1-based) of url in doc, or 0 when it is not there. */
static size_t
linkmap_find(const struct linkmap *m, const struct render_doc *doc,
    const char *url)
{
	size_t j;

	if (m->cap == 0)
		return 0;
	j = link_hash(url) & (m->cap - 1);
	while (m->slots[j] != 0) {
		if (strcmp(doc->links[m->slots[j] - 1], url) == 0)
			return m->slots[j];
		j = (j + 1) & (m->cap - 1);
	}
	return 0;
}

/* ---- the body renderer's state ---- */

enum frame_kind { FRAME_UL, FRAME_OL, FRAME_DD };

/* One level of list (or definition) nesting. */
struct frame {
	enum frame_kind kind;
	long next;        /* the next ordered-list number */
	size_t base;      /* indentation of the marker */
	size_t markw;     /* columns of the marker, the hanging indent */
	char marker[32];  /* "• " or "<long>. " */
	bool pending;     /* the marker is owed to the next line */
	bool started;     /* some item of this list has been shown */
};

struct row {
	char **cells;
	size_t n, cap;
	bool header;
	bool all_th;
};

struct table {
	struct row *rows;
	size_t n, cap;
	struct buf cell;
	bool in_cell, cell_th, in_row, in_head;
};

struct rs {
	struct render_doc *doc;
	const char *base_url;
	size_t width;
	size_t start_lines;    /* doc->nlines when this body began */
	struct buf block;      /* sanitized inline text of the open block */
	struct buf pre;        /* raw text of the open <pre> */
	struct buf tmp;        /* scratch for building lines */
	int pre_depth;
	int heading;
	size_t quote;
	struct frame *frames;
	size_t nframes, cap_frames;
	struct table tab;
	int table_depth;
	bool need_blank;
	size_t blank_quote;
	bool in_pre_flush;
	struct linkmap links;
};

static void
rs_blank(struct rs *rs)
{
	const struct frame *f = rs->nframes ? &rs->frames[rs->nframes - 1] : NULL;

	/* Items are not separated, even when each is a <p>: a list stays
	 * tight until its item has shown its marker. */
	if (f != NULL && f->pending && f->started)
		return;
	if (!rs->need_blank || rs->quote < rs->blank_quote)
		rs->blank_quote = rs->quote;
	rs->need_blank = true;
}

static enum render_style
rs_style(const struct rs *rs)
{
	if (rs->in_pre_flush)
		return RENDER_PRE;
	if (rs->heading > 0)
		return RENDER_HEADING;
	return rs->quote > 0 ? RENDER_QUOTE : RENDER_BODY;
}

static size_t
prefix_cap(const struct rs *rs)
{
	return rs->width ? rs->width / 2 : MAX_INDENT + 2 * MAX_QUOTE_MARKS;
}

/* Cuts out (ASCII and "•") to at most max columns. */
static void
prefix_cut(struct buf *out, size_t max)
{
	size_t i = 0, cols = 0, n;
	uint32_t cp;

	while (i < out->len) {
		n = text_utf8_decode(out->data + i, out->len - i, &cp);
		if (cols + (size_t)text_cp_width(cp) > max)
			break;
		cols += (size_t)text_cp_width(cp);
		i += n;
	}
	if (i < out->len) {
		out->len = i;
		out->data[i] = '\0';
	}
}

/* Builds the line prefix into out; uses up a pending marker when asked. */
static int
rs_prefix(struct rs *rs, struct buf *out, bool consume)
{
	struct frame *f = rs->nframes ? &rs->frames[rs->nframes - 1] : NULL;
	size_t q = rs->quote < MAX_QUOTE_MARKS ? rs->quote : MAX_QUOTE_MARKS;
	size_t ind = 0, i;
	bool marker = false;
	int st = LDN_OK;

	buf_reset(out);
	for (i = 0; i < q && st == LDN_OK; i++)
		st = buf_puts(out, "> ");
	if (f != NULL) {
		marker = f->pending && f->markw > 0;
		ind = f->base + (marker ? 0 : f->markw);
	}
	if (ind > MAX_INDENT)
		ind = MAX_INDENT;
	for (i = 0; i < ind && st == LDN_OK; i++)
		st = buf_putc(out, ' ');
	if (marker && st == LDN_OK) {
		st = buf_puts(out, f->marker);
		if (consume) {
			f->pending = false;
			f->started = true;
		}
	}
	prefix_cut(out, prefix_cap(rs));
	return st;
}

/* Emits one line: the owed blank line, the prefix, then text[0..len). */
static int
rs_put_line(struct rs *rs, const char *text, size_t len, enum render_style st)
{
	struct render_doc *doc = rs->doc;
	size_t q, i;
	int rv;

	if (rs->need_blank) {
		rs->need_blank = false;
		if (doc->nlines > rs->start_lines) {
			q = rs->blank_quote < rs->quote ? rs->blank_quote : rs->quote;
			if (q > MAX_QUOTE_MARKS)
				q = MAX_QUOTE_MARKS;
			buf_reset(&rs->tmp);
			for (i = 0, rv = LDN_OK; i < q && rv == LDN_OK; i++)
				rv = buf_puts(&rs->tmp, "> ");
			if (rv != LDN_OK ||
			    doc_push(doc, buf_cstr(&rs->tmp), rs->tmp.len,
			    q ? RENDER_QUOTE : RENDER_BODY) != LDN_OK)
				return LDN_ENOMEM;
		}
	}
	if (rs_prefix(rs, &rs->tmp, true) != LDN_OK ||
	    buf_append(&rs->tmp, text, len) != LDN_OK)
		return LDN_ENOMEM;
	return doc_push(doc, buf_cstr(&rs->tmp), rs->tmp.len, st);
}

struct wrap_ctx {
	struct rs *rs;
	enum render_style style;
};

static int
rs_wrap_line(const char *line, size_t len, void *payload)
{
	struct wrap_ctx *c = payload;

	return rs_put_line(c->rs, line, len, c->style);
}

/* Wraps sanitized text (may hold '\n' line breaks) under the prefix. */
static int
rs_emit_text(struct rs *rs, const char *text, enum render_style style)
{
	struct wrap_ctx c;
	size_t pw, w = 0;

	if (rs_prefix(rs, &rs->tmp, false) != LDN_OK)
		return LDN_ENOMEM;
	pw = text_width(buf_cstr(&rs->tmp));
	if (rs->width > 0)
		w = rs->width > pw ? rs->width - pw : 1;
	c.rs = rs;
	c.style = style;
	return text_wrap(text, w, rs_wrap_line, &c);
}

/* Ends the open block: folds its white space and emits it wrapped. */
static int
rs_flush(struct rs *rs)
{
	char *text;
	int st = LDN_OK;

	if (rs->block.len == 0)
		return LDN_OK;
	text = text_sanitize(rs->block.data, rs->block.len,
	    TEXT_KEEP_NEWLINES | TEXT_FOLD_SPACE);
	if (text == NULL)
		return LDN_ENOMEM;
	buf_reset(&rs->block);
	if (*text != '\0')
		st = rs_emit_text(rs, text, rs_style(rs));
	free(text);
	return st;
}

/* Appends one sanitized line of a <pre>, tabs expanded to 8 columns. */
static int
pre_line(struct buf *out, const char *s, size_t len)
{
	size_t i = 0, j, cols = 0;
	char *seg;
	int st = LDN_OK;

	buf_reset(out);
	while (i <= len && st == LDN_OK) {
		for (j = i; j < len && s[j] != '\t'; j++)
			;
		if ((seg = text_sanitize(s + i, j - i, 0)) == NULL)
			return LDN_ENOMEM;
		cols += text_width(seg);
		st = buf_puts(out, seg);
		free(seg);
		if (j == len)
			break;
		do {
			if (st == LDN_OK)
				st = buf_putc(out, ' ');
		} while (++cols % 8 != 0);
		i = j + 1;
	}
	return st == LDN_OK ? LDN_OK : LDN_ENOMEM;
}

static int
rs_flush_pre(struct rs *rs)
{
	struct buf line;
	const char *s = buf_cstr(&rs->pre), *nl;
	size_t len = rs->pre.len;
	int st = LDN_OK;

	/* Like a browser: one newline right after <pre> is not content. */
	if (len > 0 && s[0] == '\n') {
		s++;
		len--;
	} else if (len > 1 && s[0] == '\r' && s[1] == '\n') {
		s += 2;
		len -= 2;
	}
	while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == '\r'))
		len--;
	buf_init(&line, RENDER_BUF_MAX);
	rs->in_pre_flush = true;
	while (len > 0 && st == LDN_OK) {
		nl = memchr(s, '\n', len);
		st = pre_line(&line, s, nl ? (size_t)(nl - s) : len);
		if (st == LDN_OK)
			st = rs_put_line(rs, buf_cstr(&line), line.len, RENDER_PRE);
		if (nl == NULL)
			break;
		len -= (size_t)(nl - s) + 1;
		s = nl + 1;
	}
	rs->in_pre_flush = false;
	buf_free(&line);
	buf_reset(&rs->pre);
	return st;
}

/* Where inline text goes now. */
static struct buf *
rs_sink(struct rs *rs)
{
	if (rs->table_depth > 0 && rs->tab.in_cell)
		return &rs->tab.cell;
	if (rs->pre_depth > 0 && rs->table_depth == 0)
		return &rs->pre;
	return &rs->block;
}

/* Appends hostile text, sanitized (the <pre> buffer takes it raw). */
static int
rs_text(struct rs *rs, const char *s, size_t len)
{
	struct buf *b = rs_sink(rs);
	char *clean;
	int st;

	if (b == &rs->pre)
		return buf_append(b, s, len) == LDN_OK ? LDN_OK : LDN_ENOMEM;
	if ((clean = text_sanitize(s, len, 0)) == NULL)
		return LDN_ENOMEM;
	st = buf_puts(b, clean);
	free(clean);
	return st == LDN_OK ? LDN_OK : LDN_ENOMEM;
}

static int
rs_lit(struct rs *rs, const char *s)
{
	return buf_puts(rs_sink(rs), s) == LDN_OK ? LDN_OK : LDN_ENOMEM;
}

/* Number for an href: resolved, sanitized, deduplicated. 0 on ENOMEM. */
static size_t
rs_link(struct rs *rs, const char *href)
{
	struct render_doc *doc = rs->doc;
	char *trim, *abs = NULL, *clean = NULL;
	size_t n = 0;

	if ((trim = text_sanitize(href, strlen(href), TEXT_FOLD_SPACE)) == NULL)
		return 0;
	if (url_resolve(rs->base_url, trim, &abs) != LDN_OK)
		goto out;
	clean = text_sanitize(abs, strlen(abs), TEXT_FOLD_SPACE);
	if (clean == NULL)
		goto out;
	if ((n = linkmap_find(&rs->links, doc, clean)) != 0)
		goto out;
	if (grow((void **)&doc->links, &doc->cap_links, doc->nlinks + 1,
	    sizeof(doc->links[0])) != LDN_OK)
		goto out;
	doc->links[doc->nlinks] = clean;
	if (linkmap_add(&rs->links, doc, doc->nlinks) != LDN_OK)
		goto out; /* clean is not counted: freed below */
	clean = NULL;
	n = ++doc->nlinks;
out:
	free(trim);
	free(abs);
	free(clean);
	return n;
}

static int
rs_link_mark(struct rs *rs, const char *href)
{
	char mark[32];
	size_t n = rs_link(rs, href);

	if (n == 0)
		return LDN_ENOMEM;
	snprintf(mark, sizeof(mark), "[%zu]", n);
	return rs_lit(rs, mark);
}

static char *
prop(const xmlNode *n, const char *name)
{
	return (char *)xmlGetProp(n, (const xmlChar *)name);
}

static int
rs_img(struct rs *rs, const xmlNode *n)
{
	char *alt = prop(n, "alt"), *clean = NULL;
	int st;

	if (alt != NULL &&
	    (clean = text_sanitize(alt, strlen(alt), TEXT_FOLD_SPACE)) == NULL) {
		xmlFree(alt);
		return LDN_ENOMEM;
	}
	xmlFree(alt);
	if (clean != NULL && *clean != '\0') {
		st = rs_lit(rs, "[image: ");
		if (st == LDN_OK)
			st = rs_lit(rs, clean);
		if (st == LDN_OK)
			st = rs_lit(rs, "]");
	} else {
		st = rs_lit(rs, "[image]");
	}
	free(clean);
	return st;
}

/* The source of video/audio/iframe/embed/object, or of a <source> child. */
static char *
media_src(const xmlNode *n)
{
	const xmlNode *c;
	char *s;

	if ((s = prop(n, "src")) != NULL || (s = prop(n, "data")) != NULL)
		return s;
	for (c = n->children; c != NULL; c = c->next) {
		if (c->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)c->name, "source") == 0 &&
		    (s = prop(c, "src")) != NULL)
			return s;
	}
	return NULL;
}

static int
rs_media(struct rs *rs, const xmlNode *n)
{
	char *src = media_src(n);
	char mark[32];
	size_t k;
	int st;

	st = rs_lit(rs, "[");
	if (st == LDN_OK)
		st = rs_lit(rs, (const char *)n->name);
	if (st == LDN_OK && src != NULL) {
		if ((k = rs_link(rs, src)) == 0) {
			st = LDN_ENOMEM;
			goto out;
		}
		snprintf(mark, sizeof(mark), "]" "[%zu]", k);
		st = rs_lit(rs, ": ");
		if (st == LDN_OK)
			st = rs_lit(rs, rs->doc->links[k - 1]);
		if (st == LDN_OK)
			st = rs_lit(rs, mark);
	} else if (st == LDN_OK) {
		st = rs_lit(rs, "]");
	}
out:
	xmlFree(src);
	return st;
}

/* ---- lists ---- */

static int
rs_push_frame(struct rs *rs, enum frame_kind kind, long start)
{
	struct frame *parent, *f;

	if (grow((void **)&rs->frames, &rs->cap_frames, rs->nframes + 1,
	    sizeof(rs->frames[0])) != LDN_OK)
		return LDN_ENOMEM;
	parent = rs->nframes ? &rs->frames[rs->nframes - 1] : NULL;
	f = &rs->frames[rs->nframes++];
	memset(f, 0, sizeof(*f));
	f->kind = kind;
	f->next = start;
	/* A nested list starts 2 columns in; a definition 4 past the text. */
	if (kind == FRAME_DD)
		f->base = (parent ? parent->base + parent->markw : 0) + 4;
	else
		f->base = parent ? parent->base + 2 : 0;
	if (f->base > MAX_INDENT)
		f->base = MAX_INDENT;
	if (parent != NULL)
		parent->pending = false; /* an empty item before a nested list */
	return LDN_OK;
}

static void
rs_li(struct rs *rs)
{
	struct frame *f;

	if (rs->nframes == 0)
		return;
	f = &rs->frames[rs->nframes - 1];
	if (f->kind == FRAME_OL) {
		snprintf(f->marker, sizeof(f->marker), "%ld. ", f->next);
		if (f->next < LONG_MAX)
			f->next++;
	} else if (f->kind == FRAME_UL) {
		snprintf(f->marker, sizeof(f->marker), "\xe2\x80\xa2 ");
	} else {
		return;
	}
	f->markw = text_width(f->marker);
	f->pending = true;
	if (f->started)
		rs->need_blank = false;
}

static long
ol_start(const xmlNode *n)
{
	char *s = prop(n, "start"), *end;
	long v = 1;

	if (s != NULL) {
		v = strtol(s, &end, 10);
		if (end == s || v < 0 || v > 1000000000L)
			v = 1;
		xmlFree(s);
	}
	return v;
}

/* ---- tables ---- */

static int
tab_close_cell(struct rs *rs)
{
	struct table *t = &rs->tab;
	struct row *r;
	char *text;

	if (!t->in_cell)
		return LDN_OK;
	t->in_cell = false;
	r = &t->rows[t->n - 1];
	text = text_sanitize(buf_cstr(&t->cell), t->cell.len, TEXT_FOLD_SPACE);
	buf_reset(&t->cell);
	if (text == NULL || grow((void **)&r->cells, &r->cap, r->n + 1,
	    sizeof(r->cells[0])) != LDN_OK) {
		free(text);
		return LDN_ENOMEM;
	}
	r->cells[r->n++] = text;
	if (!t->cell_th)
		r->all_th = false;
	return LDN_OK;
}

static int
tab_open_row(struct rs *rs)
{
	struct table *t = &rs->tab;
	struct row *r;

	if (tab_close_cell(rs) != LDN_OK)
		return LDN_ENOMEM;
	if (grow((void **)&t->rows, &t->cap, t->n + 1, sizeof(t->rows[0])) !=
	    LDN_OK)
		return LDN_ENOMEM;
	r = &t->rows[t->n++];
	memset(r, 0, sizeof(*r));
	r->all_th = true;
	r->header = t->in_head;
	t->in_row = true;
	return LDN_OK;
}

static int
tab_open_cell(struct rs *rs, bool th)
{
	struct table *t = &rs->tab;

	if (!t->in_row && tab_open_row(rs) != LDN_OK)
		return LDN_ENOMEM;
	if (tab_close_cell(rs) != LDN_OK)
		return LDN_ENOMEM;
	t->in_cell = true;
	t->cell_th = th;
	return LDN_OK;
}

static void
tab_free(struct table *t)
{
	size_t i, j;

	for (i = 0; i < t->n; i++) {
		for (j = 0; j < t->rows[i].n; j++)
			free(t->rows[i].cells[j]);
		free(t->rows[i].cells);
	}
	free(t->rows);
	buf_free(&t->cell);
	t->rows = NULL;
	t->n = t->cap = 0;
	t->in_cell = t->in_row = t->in_head = false;
}

/* One aligned row, or the rule under the header when rule is set. */
static int
tab_aligned_row(struct rs *rs, const struct row *r, const size_t *colw,
    size_t ncols, bool rule)
{
	struct buf line;
	size_t c, k;
	char *cell;
	int st = LDN_OK;

	buf_init(&line, RENDER_BUF_MAX);
	for (c = 0; c < ncols && st == LDN_OK; c++) {
		if (c > 0)
			st = buf_puts(&line, "  ");
		for (k = 0; rule && k < colw[c] && st == LDN_OK; k++)
			st = buf_puts(&line, "\xe2\x94\x80");
		if (rule || st != LDN_OK)
			continue;
		cell = text_fit(c < r->n ? r->cells[c] : "", colw[c], true);
		if (cell == NULL) {
			st = LDN_ENOMEM;
			break;
		}
		st = buf_puts(&line, cell);
		free(cell);
	}
	if (st == LDN_OK)
		st = rs_put_line(rs, buf_cstr(&line), line.len, rs_style(rs));
	buf_free(&line);
	return st == LDN_OK ? LDN_OK : LDN_ENOMEM;
}

/* Each row as "Header: cell" lines, a blank line between rows. */
static int
tab_labelled(struct rs *rs, const struct row *head, size_t first)
{
	struct table *t = &rs->tab;
	struct buf line;
	size_t i, c;
	int st = LDN_OK;

	buf_init(&line, RENDER_BUF_MAX);
	for (i = first; i < t->n && st == LDN_OK; i++) {
		if (i > first)
			rs_blank(rs);
		for (c = 0; c < t->rows[i].n && st == LDN_OK; c++) {
			if (*t->rows[i].cells[c] == '\0')
				continue;
			buf_reset(&line);
			if (head != NULL && c < head->n && *head->cells[c] != '\0')
				st = buf_puts(&line, head->cells[c]);
			else
				st = buf_printf(&line, "Column %zu", c + 1);
			if (st == LDN_OK)
				st = buf_printf(&line, ": %s", t->rows[i].cells[c]);
			if (st == LDN_OK)
				st = rs_emit_text(rs, buf_cstr(&line), rs_style(rs));
		}
	}
	buf_free(&line);
	return st == LDN_OK ? LDN_OK : LDN_ENOMEM;
}

static int
tab_render(struct rs *rs)
{
	struct table *t = &rs->tab;
	const struct row *head = NULL;
	size_t *colw = NULL, ncols = 0, total, i, c, w;
	int st = LDN_OK;

	if (tab_close_cell(rs) != LDN_OK)
		return LDN_ENOMEM;
	for (i = 0; i < t->n; i++)
		if (t->rows[i].n > ncols)
			ncols = t->rows[i].n;
	if (ncols == 0)
		return LDN_OK;
	/* A header row is the first one, from <thead> or all <th>. */
	if (t->n > 1 && (t->rows[0].header || t->rows[0].all_th))
		head = &t->rows[0];
	if ((colw = calloc(ncols, sizeof(*colw))) == NULL)
		return LDN_ENOMEM;
	for (i = 0; i < t->n; i++) {
		for (c = 0; c < t->rows[i].n; c++) {
			w = text_width(t->rows[i].cells[c]);
			if (w > colw[c])
				colw[c] = w;
		}
	}
	if (rs_prefix(rs, &rs->tmp, false) != LDN_OK) {
		st = LDN_ENOMEM;
		goto out;
	}
	total = text_width(buf_cstr(&rs->tmp)) + 2 * (ncols - 1);
	for (c = 0; c < ncols && total <= SIZE_MAX / 2; c++)
		total += colw[c];
	if (ncols > MAX_ALIGNED_COLS || (rs->width > 0 && total > rs->width)) {
		st = tab_labelled(rs, head, head ? 1 : 0);
		goto out;
	}
	for (i = 0; i < t->n && st == LDN_OK; i++) {
		st = tab_aligned_row(rs, &t->rows[i], colw, ncols, false);
		if (st == LDN_OK && i == 0 && head != NULL)
			st = tab_aligned_row(rs, head, colw, ncols, true);
	}
out:
	free(colw);
	return st;
}

/* ---- the body walk ---- */

/* Inside a table cell, block structure flattens to spaces. */
static bool
rs_flat(const struct rs *rs)
{
	return rs->table_depth > 0;
}

static int
rs_enter_table(struct rs *rs, enum tag_kind k, const xmlNode *n)
{
	if (k == K_TABLE) {
		if (rs->table_depth++ > 0)
			return rs_lit(rs, " ");
		if (rs->pre_depth > 0 && rs_flush_pre(rs) != LDN_OK)
			return LDN_ENOMEM;
		if (rs_flush(rs) != LDN_OK)
			return LDN_ENOMEM;
		rs_blank(rs);
		return LDN_OK;
	}
	if (rs->table_depth > 1)
		return rs_lit(rs, " ");
	if (k == K_THEAD) {
		rs->tab.in_head = true;
		return LDN_OK;
	}
	if (k == K_TR) {
		/* Text before the first row (a caption) is its own block. */
		if (rs_flush(rs) != LDN_OK)
			return LDN_ENOMEM;
		return tab_open_row(rs);
	}
	return tab_open_cell(rs, strcmp((const char *)n->name, "th") == 0);
}

static int
rs_leave_table(struct rs *rs, enum tag_kind k)
{
	int st;

	if (k == K_TABLE) {
		if (--rs->table_depth > 0)
			return rs_lit(rs, " ");
		st = tab_close_cell(rs);
		if (st == LDN_OK)
			st = rs_flush(rs);
		if (st == LDN_OK)
			st = tab_render(rs);
		tab_free(&rs->tab);
		buf_init(&rs->tab.cell, RENDER_BUF_MAX);
		rs_blank(rs);
		return st;
	}
	if (rs->table_depth > 1)
		return rs_lit(rs, " ");
	if (k == K_THEAD) {
		rs->tab.in_head = false;
		return LDN_OK;
	}
	if (k == K_TR) {
		rs->tab.in_row = false;
		return tab_close_cell(rs);
	}
	return tab_close_cell(rs);
}

/* Elements that change block structure, on the way in. */
static int
rs_enter_block(struct rs *rs, enum tag_kind k, const xmlNode *n)
{
	int st;

	if (rs_flat(rs))
		return rs_lit(rs, " ");
	if ((st = rs_flush(rs)) != LDN_OK)
		return st;
	switch (k) {
	case K_UL:
	case K_OL:
		if (rs->nframes == 0)
			rs_blank(rs);
		return rs_push_frame(rs, k == K_OL ? FRAME_OL : FRAME_UL,
		    k == K_OL ? ol_start(n) : 0);
	case K_LI:
		rs_li(rs);
		return LDN_OK;
	case K_DD:
		return rs_push_frame(rs, FRAME_DD, 0);
	case K_DT:
		return LDN_OK;
	case K_QUOTE:
		rs_blank(rs);
		rs->quote++;
		return LDN_OK;
	case K_HEADING:
		rs_blank(rs);
		rs->heading++;
		return LDN_OK;
	case K_PRE:
		rs_blank(rs);
		rs->pre_depth++;
		return LDN_OK;
	default:
		rs_blank(rs);
		return LDN_OK;
	}
}

static int
rs_leave_block(struct rs *rs, enum tag_kind k)
{
	int st;

	if (rs_flat(rs))
		return rs_lit(rs, " ");
	if (k == K_PRE) {
		st = LDN_OK;
		if (--rs->pre_depth == 0)
			st = rs_flush_pre(rs);
		rs_blank(rs);
		return st;
	}
	if ((st = rs_flush(rs)) != LDN_OK)
		return st;
	switch (k) {
	case K_UL:
	case K_OL:
	case K_DD:
		if (rs->nframes > 0)
			rs->nframes--;
		if (k != K_DD && rs->nframes == 0)
			rs_blank(rs);
		return LDN_OK;
	case K_LI:
	case K_DT:
		return LDN_OK;
	case K_QUOTE:
		rs->quote--;
		rs_blank(rs);
		return LDN_OK;
	case K_HEADING:
		rs->heading--;
		rs_blank(rs);
		return LDN_OK;
	default:
		rs_blank(rs);
		return LDN_OK;
	}
}

static int
rs_rule(struct rs *rs)
{
	size_t cols = RULE_COLS, i;
	struct buf line;
	int st = LDN_OK;

	if (rs_flat(rs))
		return rs_lit(rs, " ");
	if ((st = rs_flush(rs)) != LDN_OK)
		return st;
	rs_blank(rs);
	if (rs->width > 0 && cols > rs->width / 2)
		cols = rs->width / 2 ? rs->width / 2 : 1;
	buf_init(&line, RENDER_BUF_MAX);
	for (i = 0; i < cols && st == LDN_OK; i++)
		st = buf_puts(&line, "\xe2\x94\x80");
	if (st == LDN_OK)
		st = rs_put_line(rs, buf_cstr(&line), line.len, rs_style(rs));
	buf_free(&line);
	rs_blank(rs);
	return st == LDN_OK ? LDN_OK : LDN_ENOMEM;
}

static int
rs_visit(void *ctx, xmlNode *n, int enter)
{
	struct rs *rs = ctx;
	enum tag_kind k;
	char *href;
	int st;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (!enter || n->content == NULL)
			return 0;
		return rs_text(rs, (const char *)n->content,
		    strlen((const char *)n->content));
	}
	if (n->type != XML_ELEMENT_NODE)
		return 0;
	k = tag_kind(n);
	switch (k) {
	case K_SKIP:
		return 0;
	case K_INLINE:
		return 1;
	case K_A:
		if (enter)
			return 1;
		if ((href = prop(n, "href")) == NULL)
			return LDN_OK;
		st = rs_link_mark(rs, href);
		xmlFree(href);
		return st;
	case K_BR:
		return enter ? rs_lit(rs, rs_flat(rs) ? " " : "\n") : 0;
	case K_HR:
		return enter ? rs_rule(rs) : 0;
	case K_IMG:
		return enter ? rs_img(rs, n) : 0;
	case K_MEDIA:
		return enter ? rs_media(rs, n) : 0;
	case K_TABLE:
	case K_THEAD:
	case K_TR:
	case K_TD:
		if (rs->table_depth == 0 && k != K_TABLE)
			return enter ? 1 : 0; /* stray cell outside a table */
		if (enter)
			return (st = rs_enter_table(rs, k, n)) < 0 ? st : 1;
		return rs_leave_table(rs, k);
	default:
		if (enter)
			return (st = rs_enter_block(rs, k, n)) < 0 ? st : 1;
		return rs_leave_block(rs, k);
	}
}

static void
rs_init(struct rs *rs, struct render_doc *doc, const char *base_url,
    size_t width)
{
	memset(rs, 0, sizeof(*rs));
	rs->doc = doc;
	rs->base_url = base_url;
	rs->width = width;
	rs->start_lines = doc->nlines;
	buf_init(&rs->block, RENDER_BUF_MAX);
	buf_init(&rs->pre, RENDER_BUF_MAX);
	buf_init(&rs->tmp, RENDER_BUF_MAX);
	buf_init(&rs->tab.cell, RENDER_BUF_MAX);
}

static void
rs_fini(struct rs *rs)
{
	buf_free(&rs->block);
	buf_free(&rs->pre);
	buf_free(&rs->tmp);
	tab_free(&rs->tab);
	free(rs->frames);
	free(rs->links.slots);
}

/* Plain text: blank lines separate blocks, other newlines break lines. */
static int
rs_plain_text(struct rs *rs, const char *src)
{
	char *text, *line, *nl;
	int st = LDN_OK;

	text = text_sanitize(src, strlen(src),
	    TEXT_KEEP_NEWLINES | TEXT_FOLD_SPACE);
	if (text == NULL)
		return LDN_ENOMEM;
	for (line = text; st == LDN_OK && line != NULL; line = nl) {
		if ((nl = strchr(line, '\n')) != NULL)
			*nl++ = '\0';
		if (*line == '\0')
			rs_blank(rs);
		else
			st = rs_emit_text(rs, line, RENDER_BODY);
	}
	free(text);
	return st;
}

int
render_body(struct render_doc *doc, const char *src, enum article_fmt fmt,
    const char *base_url, size_t width)
{
	struct rs rs;
	xmlDoc *x = NULL;
	size_t i;
	int st = LDN_OK;

	rs_init(&rs, doc, base_url, width);
	/* Repeats of links already in doc keep their numbers. */
	for (i = 0; i < doc->nlinks && st == LDN_OK; i++)
		st = linkmap_add(&rs.links, doc, i);
	if (st != LDN_OK)
		goto out;
	if (fmt == ARTICLE_FMT_TEXT) {
		st = rs_plain_text(&rs, src);
		goto out;
	}
	if ((x = parse_html(src)) == NULL) {
		/* Only an empty or impossibly large input gets no tree. */
		st = *src == '\0' ? LDN_OK : LDN_ENOMEM;
		goto out;
	}
	st = walk((xmlNode *)x, rs_visit, &rs);
	if (st == LDN_OK && rs.pre_depth > 0)
		st = rs_flush_pre(&rs);
	if (st == LDN_OK)
		st = rs_flush(&rs);
out:
	xmlFreeDoc(x);
	rs_fini(&rs);
	return st < 0 ? LDN_ENOMEM : LDN_OK;
}

/* ---- render_plain ---- */

static int
plain_visit(void *ctx, xmlNode *n, int enter)
{
	struct buf *b = ctx;
	enum tag_kind k;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
		if (!enter)
			return 0;
		if (n->content == NULL)
			return 0;
		return buf_puts(b, (const char *)n->content) == LDN_OK ?
		    0 : LDN_ENOMEM;
	}
	if (n->type != XML_ELEMENT_NODE)
		return 0;
	k = tag_kind(n);
	if (k == K_SKIP || k == K_MEDIA)
		return 0;
	/* Any element that is not inline text separates words, at its start
	 * and at its end ("<p>June.</p><a>Continue reading</a>"). */
	if (k != K_INLINE && k != K_A && buf_putc(b, ' ') != LDN_OK)
		return LDN_ENOMEM;
	return 1;
}

char *
render_plain(const char *src, enum article_fmt fmt)
{
	struct buf b;
	xmlDoc *x;
	char *out = NULL;

	if (fmt == ARTICLE_FMT_TEXT)
		return text_sanitize(src, strlen(src), TEXT_FOLD_SPACE);
	if ((x = parse_html(src)) == NULL)
		return *src == '\0' ? calloc(1, 1) : NULL;
	buf_init(&b, RENDER_BUF_MAX);
	/* Sanitizing the joined text also removes sequences split by tags. */
	if (walk((xmlNode *)x, plain_visit, &b) == LDN_OK)
		out = text_sanitize(buf_cstr(&b), b.len, TEXT_FOLD_SPACE);
	buf_free(&b);
	xmlFreeDoc(x);
	return out;
}

/* ---- render_article ---- */

struct art_wrap {
	struct render_doc *doc;
	enum render_style style;
	const char *indent; /* prefix of continuation lines */
	bool first;
	struct buf line;
};

static int
art_line(const char *text, size_t len, void *payload)
{
	struct art_wrap *a = payload;
	int st = LDN_OK;

	buf_reset(&a->line);
	if (!a->first)
		st = buf_puts(&a->line, a->indent);
	a->first = false;
	if (st == LDN_OK)
		st = buf_append(&a->line, text, len);
	if (st != LDN_OK)
		return LDN_ENOMEM;
	return doc_push(a->doc, buf_cstr(&a->line), a->line.len, a->style);
}

/*
 * Emits sanitized text wrapped; continuation lines get `indent` (plain
 * ASCII spaces) when the width leaves room for it.
 */
static int
art_emit(struct render_doc *doc, const char *text, size_t width,
    enum render_style style, const char *indent)
{
	struct art_wrap a;
	size_t w = width;
	int st;

	if (*text == '\0')
		return LDN_OK;
	if (width > 0 && strlen(indent) * 2 > width)
		indent = "";
	a.doc = doc;
	a.style = style;
	a.indent = indent;
	a.first = true;
	buf_init(&a.line, RENDER_BUF_MAX);
	/* Every line gets the width left after the indent: simple, and the
	 * first line is at most an indent short. */
	if (w > 0)
		w -= strlen(indent);
	st = text_wrap(text, w, art_line, &a);
	buf_free(&a.line);
	return st;
}

/* The same for hostile text: sanitized and its white space folded. */
static int
art_text(struct render_doc *doc, const char *raw, size_t width,
    enum render_style style, const char *indent)
{
	char *text;
	int st;

	if ((text = text_sanitize(raw, strlen(raw), TEXT_FOLD_SPACE)) == NULL)
		return LDN_ENOMEM;
	st = art_emit(doc, text, width, style, indent);
	free(text);
	return st;
}

/* One empty line between sections, never two, never at the top. */
static int
art_gap(struct render_doc *doc, size_t start)
{
	if (doc->nlines <= start || doc->lines[doc->nlines - 1].text[0] == '\0')
		return LDN_OK;
	return doc_push(doc, "", 0, RENDER_BODY);
}

/*
 * Appends a piece of hostile text sanitized on its own, so an unterminated
 * escape sequence in one field cannot swallow the fields after it.
 */
static int
buf_put_clean(struct buf *b, const char *pre, const char *raw)
{
	char *c;
	int st;

	/* text_line: a link shown is the link launch_url() starts. */
	if ((c = text_line(raw)) == NULL)
		return LDN_ENOMEM;
	st = buf_puts(b, pre);
	if (st == LDN_OK)
		st = buf_puts(b, c);
	free(c);
	return st;
}

static int
art_byline(struct render_doc *doc, const struct article *a, size_t width)
{
	struct buf b;
	struct tm tm;
	char date[64];
	int st = LDN_OK;

	buf_init(&b, RENDER_BUF_MAX);
	if (a->author != NULL && *a->author != '\0')
		st = buf_put_clean(&b, "By ", a->author);
	if (st == LDN_OK && a->has_published &&
	    localtime_r(&a->published, &tm) != NULL &&
	    strftime(date, sizeof(date), "%a %d %b %Y %H:%M", &tm) > 0)
		st = buf_printf(&b, "%s%s", b.len ? " \xc2\xb7 " : "", date);
	if (st == LDN_OK && a->feed != NULL && *a->feed != '\0')
		st = buf_put_clean(&b, b.len ? " \xc2\xb7 " : "", a->feed);
	if (st == LDN_OK && b.len > 0)
		st = art_text(doc, buf_cstr(&b), width, RENDER_META, "");
	buf_free(&b);
	return st == LDN_OK ? LDN_OK : LDN_ENOMEM;
}

static int
art_meta(struct render_doc *doc, const struct article *a, size_t width, size_t urlw,
    unsigned flags)
{
	struct buf b;
	size_t i;
	int st;

	if ((st = art_byline(doc, a, width)) != LDN_OK)
		return st;
	buf_init(&b, RENDER_BUF_MAX);
	if (a->ntags > 0)
		st = buf_puts(&b, "Tags:");
	for (i = 0; i < a->ntags && st == LDN_OK; i++)
		st = buf_put_clean(&b, " #", a->tags[i]);
	if (st == LDN_OK && b.len > 0)
		st = art_text(doc, buf_cstr(&b), width, RENDER_META, "  ");
	buf_reset(&b);
	if (st == LDN_OK && a->link != NULL && *a->link != '\0') {
		st = buf_put_clean(&b, "Link: ", a->link);
		/* urlw 0 (--show): a URL stays whole, as a terminal clicks it;
		 * a pane wraps it rather than cut it. */
		if (st == LDN_OK)
			st = art_text(doc, buf_cstr(&b), urlw, RENDER_META, "");
	}
	if (st == LDN_OK && (flags & RENDER_FROM_PAGE))
		st = art_text(doc, "Text: from the page", width, RENDER_META, "");
	buf_free(&b);
	return st == LDN_OK ? LDN_OK : LDN_ENOMEM;
}

static int
art_size(struct buf *b, long long n)
{
	static const char *const units[] = {"KB", "MB", "GB", "TB"};
	double v = (double)n;
	size_t u = 0;

	if (n < 1024)
		return buf_printf(b, "%lld bytes", n);
	v /= 1024;
	while (v >= 1024 && u + 1 < sizeof(units) / sizeof(units[0])) {
		v /= 1024;
		u++;
	}
	return buf_printf(b, "%.1f %s", v, units[u]);
}

static int
art_enclosures(struct render_doc *doc, const struct article *a, size_t width, size_t start)
{
	const struct enclosure *e;
	struct buf b;
	size_t i;
	int st = LDN_OK;

	if (a->nenclosures == 0)
		return LDN_OK;
	if ((st = art_gap(doc, start)) != LDN_OK ||
	    (st = doc_push(doc, "Enclosures", 10, RENDER_SECTION)) != LDN_OK)
		return st;
	buf_init(&b, RENDER_BUF_MAX);
	for (i = 0; i < a->nenclosures && st == LDN_OK; i++) {
		e = &a->enclosures[i];
		buf_reset(&b);
		st = buf_printf(&b, "[e%zu]", i + 1);
		if (st == LDN_OK)
			st = buf_put_clean(&b, " ", e->url);
		if (st == LDN_OK && (e->type != NULL || e->length >= 0))
			st = buf_puts(&b, " (");
		if (st == LDN_OK && e->type != NULL)
			st = buf_put_clean(&b, "", e->type);
		if (st == LDN_OK && e->type != NULL && e->length >= 0)
			st = buf_puts(&b, ", ");
		if (st == LDN_OK && e->length >= 0)
			st = art_size(&b, e->length);
		if (st == LDN_OK && (e->type != NULL || e->length >= 0))
			st = buf_puts(&b, ")");
		if (st == LDN_OK) /* width 0: a URL stays whole and clickable */
			st = art_text(doc, buf_cstr(&b), width, RENDER_LINKS, "");
	}
	buf_free(&b);
	return st == LDN_OK ? LDN_OK : LDN_ENOMEM;
}

static int
art_links(struct render_doc *doc, size_t first, size_t width, size_t start)
{
	struct buf b;
	size_t i;
	int st;

	if (doc->nlinks <= first)
		return LDN_OK;
	if ((st = art_gap(doc, start)) != LDN_OK ||
	    (st = doc_push(doc, "Links", 5, RENDER_SECTION)) != LDN_OK)
		return st;
	buf_init(&b, RENDER_BUF_MAX);
	for (i = first; i < doc->nlinks && st == LDN_OK; i++) {
		buf_reset(&b);
		st = buf_printf(&b, "[%zu] %s", i + 1, doc->links[i]);
		if (st == LDN_OK) /* width 0: a URL stays whole and clickable */
			st = art_text(doc, buf_cstr(&b), width, RENDER_LINKS, "");
	}
	buf_free(&b);
	return st == LDN_OK ? LDN_OK : LDN_ENOMEM;
}

static int
art_related(struct render_doc *doc, const struct render_related *rel,
    size_t nrel, size_t width, size_t start)
{
	struct buf b, ind;
	size_t i, numw = 1, k, w;
	char *title;
	int st;

	if (nrel == 0)
		return LDN_OK;
	if ((st = art_gap(doc, start)) != LDN_OK ||
	    (st = doc_push(doc, "Related articles", 16, RENDER_SECTION)) !=
	    LDN_OK)
		return st;
	for (i = 0; i < nrel; i++) {
		for (k = rel[i].n, w = 1; k >= 10; k /= 10)
			w++;
		if (w > numw)
			numw = w;
	}
	buf_init(&b, RENDER_BUF_MAX);
	buf_init(&ind, RENDER_BUF_MAX);
	/* Titles line up after the widest number and two spaces. */
	for (i = 0; i < numw + 2 && st == LDN_OK; i++)
		st = buf_putc(&ind, ' ');
	for (i = 0; i < nrel && st == LDN_OK; i++) {
		title = text_sanitize(rel[i].title ? rel[i].title : "",
		    rel[i].title ? strlen(rel[i].title) : 0, TEXT_FOLD_SPACE);
		if (title == NULL) {
			st = LDN_ENOMEM;
			break;
		}
		buf_reset(&b);
		st = buf_printf(&b, "%*zu  %s", (int)numw, rel[i].n, title);
		free(title);
		if (st == LDN_OK)
			st = art_emit(doc, buf_cstr(&b), width, RENDER_BODY,
			    buf_cstr(&ind));
	}
	buf_free(&b);
	buf_free(&ind);
	return st == LDN_OK ? LDN_OK : LDN_ENOMEM;
}

int
render_article(struct render_doc *doc, const struct article *a,
    const struct render_related *related, size_t nrelated, size_t width, unsigned flags)
{
	size_t urlw = flags & RENDER_WRAP_URLS ? width : 0;
	size_t start = doc->nlines, first_link = doc->nlinks;
	bool has_content = a->content != NULL && *a->content != '\0';
	bool has_summary = a->summary != NULL && *a->summary != '\0';
	char *stand;
	int st;

	st = art_text(doc, a->title ? a->title : "", width, RENDER_TITLE, "");
	if (st == LDN_OK && has_content && has_summary) {
		if ((stand = render_plain(a->summary, a->summary_fmt)) == NULL)
			return LDN_ENOMEM;
		st = art_gap(doc, start);
		if (st == LDN_OK)
			st = art_text(doc, stand, width, RENDER_STANDFIRST, "");
		free(stand);
	}
	if (st == LDN_OK)
		st = art_gap(doc, start);
	if (st == LDN_OK)
		st = art_meta(doc, a, width, urlw, flags);
	if (st == LDN_OK && (has_content || has_summary)) {
		st = art_gap(doc, start);
		if (st == LDN_OK)
			st = render_body(doc,
			    has_content ? a->content : a->summary,
			    has_content ? a->content_fmt : a->summary_fmt,
			    a->link, width);
	}
	if (st == LDN_OK)
		st = art_enclosures(doc, a, urlw, start);
	if (st == LDN_OK)
		st = art_links(doc, first_link, urlw, start);
	if (st == LDN_OK)
		st = art_related(doc, related, nrelated, width, start);
	/* No trailing empty lines, whatever the sections left. */
	while (doc->nlines > start && doc->lines[doc->nlines - 1].text[0] == '\0')
		free(doc->lines[--doc->nlines].text);
	return st;
}
