/*
 * opml.c - OPML feed lists in and out.
 *
 * In: the whole file is parsed into a libxml2 tree (OPML files are small;
 * the read is capped at OPML_MAX), then the outlines under <body> are
 * walked, depth first, with the texts of the enclosing outlines on a
 * stack: they become tags. Invariants of the parse:
 *  - network access is off (XML_PARSE_NONET) and entities are never
 *    substituted (no XML_PARSE_NOENT) nor DTDs loaded (no
 *    XML_PARSE_DTDLOAD); beyond that, the first <!ENTITY> declaration
 *    stops the parser, so no entity of the file is ever expanded or
 *    fetched (XXE, billion laughs): OPML has no use for them;
 *  - every string taken from the file is sanitized (text_sanitize, white
 *    space folded) before it is kept, so what is written into the config
 *    file and printed on a terminal is clean.
 * Out: libxml2's xmlTextWriter does the escaping.
 *
 * Owns nothing past a call: an opml_doc is its caller's (opml_doc_free).
 * Main's thread only (--import-opml, --export-opml).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlwriter.h>

#include "hashset.h"
#include "opml.h"
#include "text.h"
#include "url.h"

#define OPML_MAX (64u * 1024 * 1024)
#define OPML_NAME_WIDTH 80      /* columns of an outline's url in a message */

/* ---- reading ---- */

struct opml_walk {
	struct opml_doc *doc;
	size_t capfeeds;     /* doc->feeds' room: it grows by doubling */
	char **folders;      /* texts of the enclosing outlines (sanitized) */
	size_t nfolders;
};

/* The tags of the feed being read: a set of them, so that a category of
 * 100,000 names costs O(n), and the room of its array. */
struct opml_tagset {
	struct hashset seen;
	size_t cap;
};

static void
opml_strv_free(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
opml_doc_free(struct opml_doc *doc)
{
	size_t i;

	if (doc == NULL)
		return;
	for (i = 0; i < doc->nfeeds; i++)
		config_feed_free(&doc->feeds[i]);
	free(doc->feeds);
	opml_strv_free(doc->skipped, doc->nskipped);
	memset(doc, 0, sizeof(*doc));
}

/* A sanitized, folded copy of an attribute; NULL when absent or blank. */
static int
opml_attr(xmlNode *n, const char *name, char **out)
{
	xmlChar *v = xmlGetNoNsProp(n, BAD_CAST name);
	int st = LDN_OK;

	*out = NULL;
	if (v == NULL)
		return LDN_OK;
	*out = text_sanitize((const char *)v, strlen((const char *)v), TEXT_FOLD_SPACE);
	if (*out == NULL)
		st = LDN_ENOMEM;
	else if (**out == '\0') {
		free(*out);
		*out = NULL;
	}
	xmlFree(v);
	return st;
}

static int LDN_PRINTF(2, 3)
opml_skip(struct opml_doc *doc, const char *fmt, ...)
{
	char **ns, *msg = NULL;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || (msg = malloc((size_t)n + 1)) == NULL)
		return LDN_ENOMEM;
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);
	if ((ns = realloc(doc->skipped, (doc->nskipped + 1) * sizeof(*ns))) == NULL) {
		free(msg);
		return LDN_ENOMEM;
	}
	doc->skipped = ns;
	ns[doc->nskipped++] = msg;
	return LDN_OK;
}

/* Adds s[0..len) trimmed to f's tags unless it is empty or there already. */
static int
opml_tag(struct config_feed *f, struct opml_tagset *ts, const char *s, size_t len)
{
	char **nt;

	while (len > 0 && *s == ' ') {
		s++;
		len--;
	}
	while (len > 0 && s[len - 1] == ' ')
		len--;
	if (len == 0 || hashset_find(&ts->seen, s, len, hashset_key_strv, f->tags) != HASHSET_NONE)
		return LDN_OK;
	if (f->ntags == ts->cap) {
		size_t cap = ts->cap ? ts->cap * 2 : 4;
		if ((nt = realloc(f->tags, cap * sizeof(*nt))) == NULL)
			return LDN_ENOMEM;
		f->tags = nt;
		ts->cap = cap;
	}
	if ((f->tags[f->ntags] = strndup(s, len)) == NULL ||
	    hashset_add(&ts->seen, s, len, f->ntags) != LDN_OK) {
		free(f->tags[f->ntags]);
		return LDN_ENOMEM;
	}
	f->ntags++;
	return LDN_OK;
}

/* Every piece of s between the separators `seps` becomes a tag. */
static int
opml_tags(struct config_feed *f, struct opml_tagset *ts, const char *s, const char *seps)
{
	size_t len;
	int st = LDN_OK;

	while (st == LDN_OK && *s != '\0') {
		len = strcspn(s, seps);
		st = opml_tag(f, ts, s, len);
		s += len;
		s += strspn(s, seps);
	}
	return st;
}

/* An outline with an xmlUrl: one more feed. Takes url and name. */
static int
opml_feed(struct opml_walk *w, xmlNode *n, char *url, char *name)
{
	struct opml_doc *doc = w->doc;
	struct opml_tagset ts = {{0}, 0};
	struct config_feed *nf, *f;
	char *category = NULL;
	size_t i;
	int st;

	if (!config_url_ok(url)) {
		st = opml_skip(doc, "outline '%s': '%s' is not an http, https or file URL",
			       name ? name : url, url);
		free(url);
		free(name);
		return st;
	}
	if (doc->nfeeds == w->capfeeds) {
		size_t cap = w->capfeeds ? w->capfeeds * 2 : 16;
		if ((nf = realloc(doc->feeds, cap * sizeof(*nf))) == NULL) {
			free(url);
			free(name);
			return LDN_ENOMEM;
		}
		doc->feeds = nf;
		w->capfeeds = cap;
	}
	f = &doc->feeds[doc->nfeeds++];
	memset(f, 0, sizeof(*f));
	f->url = url;
	/* Export writes the url as the text of a feed without a name. */
	if (name != NULL && strcmp(name, url) == 0) {
		free(name);
		name = NULL;
	}
	f->name = name;
	st = LDN_OK;
	for (i = 0; st == LDN_OK && i < w->nfolders; i++)
		st = opml_tags(f, &ts, w->folders[i], ",");
	if (st == LDN_OK)
		st = opml_attr(n, "category", &category);
	/* OPML 2.0: comma-separated, slash-delimited category strings. */
	if (st == LDN_OK && category != NULL)
		st = opml_tags(f, &ts, category, ",/");
	free(category);
	hashset_free(&ts.seen);
	return st;
}

static bool
opml_is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && xmlStrEqual(n->name, BAD_CAST name);
}

static bool
opml_has_outlines(const xmlNode *n)
{
	for (n = n->children; n != NULL; n = n->next)
		if (opml_is(n, "outline"))
			return true;
	return false;
}

static int opml_outlines(struct opml_walk *w, xmlNode *parent);

static int
opml_outline(struct opml_walk *w, xmlNode *n)
{
	char *url = NULL, *label = NULL, **nf;
	bool folder = opml_has_outlines(n);
	int st;

	st = opml_attr(n, "xmlUrl", &url);
	if (st == LDN_OK)
		st = opml_attr(n, "text", &label);
	if (st == LDN_OK && label == NULL)
		st = opml_attr(n, "title", &label);
	if (st != LDN_OK)
		goto fail;
	if (url != NULL) {
		/* opml_feed takes both; the label stays usable as a folder's
		 * only when it is not one, so keep nothing more. */
		st = opml_feed(w, n, url, label);
		return st == LDN_OK && folder ? opml_outlines(w, n) : st;
	}
	if (!folder) {
		st = label ? opml_skip(w->doc, "outline '%s' has no xmlUrl", label) :
			     opml_skip(w->doc, "an outline without text or xmlUrl");
		goto fail;
	}
	if (label == NULL)
		return opml_outlines(w, n);
	if ((nf = realloc(w->folders, (w->nfolders + 1) * sizeof(*nf))) == NULL) {
		st = LDN_ENOMEM;
		goto fail;
	}
	w->folders = nf;
	nf[w->nfolders++] = label;
	st = opml_outlines(w, n);
	free(w->folders[--w->nfolders]);
	return st;
fail:
	free(url);
	free(label);
	return st;
}

static int
opml_outlines(struct opml_walk *w, xmlNode *parent)
{
	xmlNode *n;
	int st = LDN_OK;

	for (n = parent->children; n != NULL && st == LDN_OK; n = n->next)
		if (opml_is(n, "outline"))
			st = opml_outline(w, n);
	return st;
}

/* What the SAX hooks below learn during a parse (ctxt->_private). */
struct opml_parse_state {
	bool entity;         /* an entity was declared */
	int line;            /* the first error's line */
	char *msg;           /* and its message, sanitized; NULL: none yet */
};

/* SAX hook: the first entity declaration ends the parse. */
static void
opml_entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *public_id,
		 const xmlChar *system_id, xmlChar *content)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct opml_parse_state *ps = ctxt->_private;

	(void)name;
	(void)type;
	(void)public_id;
	(void)system_id;
	(void)content;
	ps->entity = true;
	xmlStopParser(ctxt);
}

/* SAX hook: keeps the first error (libxml2 keeps the last), prints nothing. */
static void
opml_serror(void *ctx, xmlErrorPtr e)
{
	xmlParserCtxtPtr ctxt = ctx;
	struct opml_parse_state *ps = ctxt->_private;

	if (ps->msg != NULL || e->level < XML_ERR_ERROR || e->message == NULL)
		return;
	ps->line = e->line;
	ps->msg = text_sanitize(e->message, strlen(e->message), TEXT_FOLD_SPACE);
}

/* The tree of an OPML document, or NULL with *st and *cause. */
static xmlDoc *
opml_tree(const char *data, size_t len, const char *name, int *st, char **cause)
{
	struct opml_parse_state ps = {false, 0, NULL};
	xmlParserCtxtPtr ctxt;
	xmlDoc *d;

	*st = LDN_OK;
	if (len > INT_MAX) {
		*st = ldn_cause(cause, LDN_EPARSE, "%s: too large", name);
		return NULL;
	}
	xmlInitParser();
	if ((ctxt = xmlNewParserCtxt()) == NULL) {
		*st = LDN_ENOMEM;
		return NULL;
	}
	ctxt->_private = &ps;
	ctxt->sax->entityDecl = opml_entity_decl;
	ctxt->sax->serror = opml_serror;
	d = xmlCtxtReadMemory(ctxt, data, (int)len, name, NULL,
			      XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
	if (ps.entity) {
		xmlFreeDoc(d);
		d = NULL;
		*st = ldn_cause(cause, LDN_EPARSE, "%s: declares entities (<!ENTITY>), "
				"which are not accepted in OPML", name);
	} else if (d == NULL) {
		*st = ldn_cause(cause, LDN_EPARSE, "%s:%d: not well-formed XML: %s", name,
				ps.line, ps.msg ? ps.msg : "unknown error");
	}
	free(ps.msg);
	xmlFreeParserCtxt(ctxt);
	return d;
}

int
opml_parse(struct opml_doc *doc, const char *data, size_t len, const char *name,
	   char **cause)
{
	struct opml_walk w = {doc, 0, NULL, 0};
	xmlNode *root, *body = NULL;
	xmlDoc *d;
	char *rname;
	int st;

	memset(doc, 0, sizeof(*doc));
	if ((d = opml_tree(data, len, name, &st, cause)) == NULL)
		return st;
	root = xmlDocGetRootElement(d);
	if (root == NULL || !opml_is(root, "opml")) {
		rname = root ? text_sanitize((const char *)root->name,
					     strlen((const char *)root->name), 0) : NULL;
		st = ldn_cause(cause, LDN_EPARSE, "%s: not an OPML file (the root element "
			       "is <%s>)", name, rname ? rname : "?");
		free(rname);
		goto out;
	}
	for (body = root->children; body != NULL && !opml_is(body, "body"); body = body->next)
		;
	if (body == NULL) {
		st = ldn_cause(cause, LDN_EPARSE, "%s: no <body> in the OPML file", name);
		goto out;
	}
	st = opml_outlines(&w, body);
out:
	opml_strv_free(w.folders, w.nfolders);
	xmlFreeDoc(d);
	return st;
}

int
opml_read(struct opml_doc *doc, const char *path, char **cause)
{
	struct buf b;
	int fd, st;

	memset(doc, 0, sizeof(*doc));
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return ldn_cause(cause, LDN_EIO, "%s: %s", path, strerror(errno));
	buf_init(&b, OPML_MAX);
	st = buf_read_fd(&b, fd);
	if (st == LDN_EIO)
		st = ldn_cause(cause, LDN_EIO, "%s: %s", path, strerror(errno));
	else if (st == LDN_ELIMIT)
		st = ldn_cause(cause, LDN_EIO, "%s: larger than 64 MiB", path);
	close(fd);
	if (st == LDN_OK)
		st = opml_parse(doc, buf_cstr(&b), b.len, path, cause);
	buf_free(&b);
	return st;
}

/* ---- into the config file ---- */

/*
 * The form feeds are compared in: the file a local one reads (so a path
 * and a file:// URL to one file are one feed), else the url as written.
 * What the config gets is what the document wrote. NULL: out of memory.
 */
static char *
opml_key(const char *url)
{
	char *k = url_local_path(url);

	return k != NULL ? k : strdup(url);
}

static void
opml_keys_free(char **keys, size_t n)
{
	size_t i;

	if (keys == NULL)
		return;
	for (i = 0; i < n; i++)
		free(keys[i]);
	free(keys);
}

/*
 * Whether doc's feed i is known: in the config (cfg_urls holds its feeds'
 * keys, cfg_keys) or earlier in doc (doc_urls over doc_keys, to which it
 * is added when not). A scan of both instead made 100,000 outlines cost
 * 46 s. *nomem on failure.
 */
static bool
opml_known(const struct hashset *cfg_urls, char **cfg_keys, struct hashset *doc_urls,
	   char **doc_keys, const struct opml_doc *doc, size_t i, bool *nomem)
{
	const char *key;
	size_t n;

	if ((doc_keys[i] = opml_key(doc->feeds[i].url)) == NULL) {
		*nomem = true;
		return false;
	}
	key = doc_keys[i];
	n = strlen(key);
	if (hashset_find(cfg_urls, key, n, hashset_key_strv, cfg_keys) != HASHSET_NONE ||
	    hashset_find(doc_urls, key, n, hashset_key_strv, doc_keys) != HASHSET_NONE)
		return true;
	*nomem = hashset_add(doc_urls, key, n, i) != LDN_OK;
	return false;
}

/* A feed config_format_feed refused: named by its url, cut to a line's
 * width (it may be the value that was too long). */
static int
opml_skip_unwritable(struct opml_doc *doc, const struct config_feed *f, const char *why)
{
	char *name = text_fit(f->url, OPML_NAME_WIDTH, false);
	int st;

	if (name == NULL)
		return LDN_ENOMEM;
	st = opml_skip(doc, "outline '%s': %s", name, why ? why : "cannot be written");
	free(name);
	return st;
}

/* The keys of the config's feeds (opml_key; *keys has cfg->nfeeds), as a
 * set. */
static int
opml_config_urls(const struct config *cfg, struct hashset *urls, char ***keys)
{
	size_t i, n;

	if ((*keys = calloc(cfg->nfeeds + 1, sizeof(**keys))) == NULL)
		return LDN_ENOMEM;
	for (i = 0; i < cfg->nfeeds; i++) {
		if (((*keys)[i] = opml_key(cfg->feeds[i].url)) == NULL)
			return LDN_ENOMEM;
		n = strlen((*keys)[i]);
		if (hashset_find(urls, (*keys)[i], n, hashset_key_strv, *keys) == HASHSET_NONE &&
		    hashset_add(urls, (*keys)[i], n, i) != LDN_OK)
			return LDN_ENOMEM;
	}
	return LDN_OK;
}

int
opml_import(struct opml_doc *doc, const char *config_path, size_t *added,
	    size_t *present, char **cause)
{
	struct hashset cfg_urls = {0}, doc_urls = {0};
	char **cfg_keys = NULL, **doc_keys = NULL;
	struct config cfg;
	struct buf text;
	size_t i, mark;
	bool nomem = false;
	int st;

	*added = *present = 0;
	buf_init(&text, OPML_MAX);
	st = config_load(&cfg, config_path, CONFIG_MISSING_OK, cause);
	/* A kiosk writes no file, as --kiosk would say (cli.c). */
	if (st == LDN_OK && cfg.kiosk)
		st = ldn_cause(cause, LDN_EUSAGE, "--import-opml: a kiosk never changes its "
			       "config file (kiosk = true in %s:%d)", cfg.path,
			       cfg.line[CONFIG_KIOSK]);
	if (st == LDN_OK)
		st = opml_config_urls(&cfg, &cfg_urls, &cfg_keys);
	if (st == LDN_OK && (doc_keys = calloc(doc->nfeeds + 1, sizeof(*doc_keys))) == NULL)
		st = LDN_ENOMEM;
	if (st == LDN_OK)
		st = buf_puts(&text, cfg.path == NULL ?
			      "# ldnews configuration: see ldnews.conf(5).\n" : "");
	for (i = 0; st == LDN_OK && i < doc->nfeeds; i++) {
		char *why = NULL;

		if (opml_known(&cfg_urls, cfg_keys, &doc_urls, doc_keys, doc, i, &nomem)) {
			(*present)++;
			continue;
		}
		if (nomem) {
			st = LDN_ENOMEM;
			break;
		}
		mark = text.len;
		st = buf_puts(&text, "\n");
		if (st == LDN_OK)
			st = config_format_feed(&text, &doc->feeds[i], &why);
		if (st == LDN_EUSAGE) {
			text.len = mark;
			text.data[mark] = '\0';
			st = opml_skip_unwritable(doc, &doc->feeds[i], why);
		} else if (st == LDN_OK) {
			(*added)++;
		}
		free(why);
	}
	if (st == LDN_ELIMIT)
		st = ldn_cause(cause, LDN_EIO, "too many feeds to add at once");
	if (st == LDN_OK && *added > 0)
		st = config_append(config_path, buf_cstr(&text), cause);
	buf_free(&text);
	hashset_free(&cfg_urls);
	hashset_free(&doc_urls);
	opml_keys_free(cfg_keys, cfg.nfeeds);
	opml_keys_free(doc_keys, doc->nfeeds);
	config_free(&cfg);
	return st;
}

/* ---- out ---- */

/* Valid UTF-8 without control characters: what XML 1.0 can carry. */
static bool
opml_text_ok(const char *s)
{
	const char *p;

	for (p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return false;
	return xmlCheckUTF8((const unsigned char *)s) != 0;
}

static int
opml_write_feed(xmlTextWriterPtr w, const struct config_feed *f, struct buf *cat)
{
	const char *text = f->name ? f->name : f->url;
	size_t i;
	int rc, st = LDN_OK;

	buf_reset(cat);
	for (i = 0; st == LDN_OK && i < f->ntags; i++)
		st = buf_printf(cat, "%s%s", i ? "," : "", f->tags[i]);
	if (st != LDN_OK)
		return st;
	rc = xmlTextWriterStartElement(w, BAD_CAST "outline");
	if (rc >= 0)
		rc = xmlTextWriterWriteAttribute(w, BAD_CAST "type", BAD_CAST "rss");
	if (rc >= 0)
		rc = xmlTextWriterWriteAttribute(w, BAD_CAST "text", BAD_CAST text);
	if (rc >= 0)
		rc = xmlTextWriterWriteAttribute(w, BAD_CAST "title", BAD_CAST text);
	if (rc >= 0)
		rc = xmlTextWriterWriteAttribute(w, BAD_CAST "xmlUrl", BAD_CAST f->url);
	if (rc >= 0 && f->ntags > 0)
		rc = xmlTextWriterWriteAttribute(w, BAD_CAST "category", BAD_CAST buf_cstr(cat));
	if (rc >= 0)
		rc = xmlTextWriterEndElement(w);
	return rc >= 0 ? LDN_OK : LDN_ENOMEM;
}

/* Every string of the feeds can be written. */
static int
opml_check(const struct config_feed *feeds, size_t n, char **cause)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		const struct config_feed *f = &feeds[i];
		bool ok = opml_text_ok(f->url) && (f->name == NULL || opml_text_ok(f->name));

		for (j = 0; ok && j < f->ntags; j++)
			ok = opml_text_ok(f->tags[j]);
		if (!ok)
			return ldn_cause(cause, LDN_EUSAGE, "feed %zu cannot be written as OPML: "
					 "not UTF-8 text", i + 1);
	}
	return LDN_OK;
}

int
opml_export(struct buf *out, const struct config_feed *feeds, size_t n, char **cause)
{
	xmlBufferPtr xb = NULL;
	xmlTextWriterPtr w = NULL;
	struct buf cat;
	size_t i;
	int rc, st;

	buf_init(&cat, OPML_MAX);
	if ((st = opml_check(feeds, n, cause)) != LDN_OK)
		return st;
	if ((xb = xmlBufferCreate()) == NULL || (w = xmlNewTextWriterMemory(xb, 0)) == NULL) {
		st = LDN_ENOMEM;
		goto out;
	}
	/* Grown by doubling, not to the exact size each time: an export of
	 * 50,000 feeds otherwise copies the document over and over. */
	xmlBufferSetAllocationScheme(xb, XML_BUFFER_ALLOC_DOUBLEIT);
	rc = xmlTextWriterSetIndent(w, 1);
	if (rc >= 0)
		rc = xmlTextWriterSetIndentString(w, BAD_CAST "  ");
	if (rc >= 0)
		rc = xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
	if (rc >= 0)
		rc = xmlTextWriterStartElement(w, BAD_CAST "opml");
	if (rc >= 0)
		rc = xmlTextWriterWriteAttribute(w, BAD_CAST "version", BAD_CAST "2.0");
	if (rc >= 0)
		rc = xmlTextWriterStartElement(w, BAD_CAST "head");
	if (rc >= 0)
		rc = xmlTextWriterWriteElement(w, BAD_CAST "title", BAD_CAST "ldnews feeds");
	if (rc >= 0)
		rc = xmlTextWriterEndElement(w);
	if (rc >= 0)
		rc = xmlTextWriterStartElement(w, BAD_CAST "body");
	for (i = 0; rc >= 0 && i < n; i++)
		if ((st = opml_write_feed(w, &feeds[i], &cat)) != LDN_OK)
			goto out;
	if (rc >= 0)
		rc = xmlTextWriterEndDocument(w);
	if (rc < 0) {
		st = LDN_ENOMEM;
		goto out;
	}
	/* Freeing the writer flushes it into xb. */
	xmlFreeTextWriter(w);
	w = NULL;
	st = buf_append(out, xmlBufferContent(xb), (size_t)xmlBufferLength(xb));
out:
	xmlFreeTextWriter(w);
	xmlBufferFree(xb);
	buf_free(&cat);
	return st;
}
