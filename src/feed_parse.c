/*
 * feed_parse.c - RSS 2.0/0.9x, RSS 1.0 (RDF) and Atom 1.0/0.3 read from
 * libxml2's SAX2 push parser, one article at a time; JSON Feed handed to
 * feed_json.c.
 *
 * The syntax is sniffed from the first byte that is neither white space nor
 * part of a UTF-8 byte order mark: '{' is JSON, anything else XML. Until it
 * shows, the pushed bytes wait in p->head (at most HEAD_MAX of them, all
 * blanks), then go to the chosen reader unchanged, so XML sees exactly the
 * bytes it saw before JSON existed.
 *
 * The model: elements are mapped by (namespace URI, local name) through one
 * sorted const table to a format-neutral role (title, link, item...). The
 * parser keeps only the article being read plus the scratch buffer of the
 * one field being captured, so memory follows the articles kept, not the
 * document. Invariants:
 *  - p->capturing is true only between the start and end tag of a field we
 *    keep; the characters callback returns at once otherwise (hot path).
 *  - Feed-level fields are direct children of the channel (or Atom root),
 *    article fields direct children of the item, so <image><title> and
 *    <source><title> never leak into them.
 *  - p->bases holds the xml:base values in effect, innermost last, each
 *    already absolute (resolved against its parent); the feed URL is the
 *    implicit bottom.
 *  - No external entity, parameter entity or DTD is ever loaded: the SAX
 *    entity getters hide external entities and the external subset hook
 *    does nothing. Internal entities are expanded (XML_PARSE_NOENT) under
 *    libxml2's amplification checks (never XML_PARSE_HUGE).
 *  - What libxml2 would stop at and feeds carry every day (a bare '&', a
 *    control character, bytes that are not UTF-8) is mended on the way in
 *    by feed_filter.c; an end tag that names another element is read past
 *    (feed_parse_end keeps the document's own element stack).
 *  - Otherwise, without XML_PARSE_RECOVER, libxml2 stops delivering events
 *    at the first fatal error, so the articles stored are exactly those
 *    completed before the fault; the half-read one is dropped.
 *
 * Owns one parse (struct feed_parse: the libxml2 push context, the feed
 * being built) from begin to end, used by one thread at a time: the
 * engine's (sync.c) or main's; feed_parse_global_init runs once on main's
 * thread before any other starts.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/entities.h>
#include <libxml/globals.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

#include "buf.h"
#include "date.h"
#include "discover.h"
#include "feed_filter.h"
#include "feed_parse.h"
#include "hash.h"
#include "htmlent.h"
#include "text.h"
#include "feed_parse_int.h"
#include "url.h"

/* What a document that is none of the formats read is told. */
#define FP_NOT_A_FEED "not an RSS, Atom or JSON Feed"

#define NS_RSS090 "http://my.netscape.com/rdf/simple/0.9/"
#define NS_ATOM03 "http://purl.org/atom/ns#"
#define NS_DC "http://purl.org/dc/elements/1.1/"
#define NS_DCTERMS "http://purl.org/dc/terms/"
#define NS_ITUNES "http://www.itunes.com/dtds/podcast-1.0.dtd"
#define NS_RSS10 "http://purl.org/rss/1.0/"
#define NS_CONTENT "http://purl.org/rss/1.0/modules/content/"
#define NS_SY "http://purl.org/rss/1.0/modules/syndication/"
#define NS_MEDIA "http://search.yahoo.com/mrss/"
#define NS_MEDIA_NOSLASH "http://search.yahoo.com/mrss"
#define NS_ATOM "http://www.w3.org/2005/Atom"
#define NS_XHTML "http://www.w3.org/1999/xhtml"

/* Field size caps: short fields vs. bodies. */
#define CAP_SHORT FEED_PARSE_CAP_SHORT
#define CAP_BODY FEED_PARSE_CAP_BODY
#define CAP_WARN ((size_t)64 << 10)

/* Blank bytes held while the syntax is unknown; past them it is XML's to
 * judge (a document of nothing but blanks is no feed either way). */
#define HEAD_MAX ((size_t)64 << 10)

/* A <ttl> or sy: period over a year is taken as a year: no poller waits
 * longer, and minutes stay far from overflowing when made seconds. */
#define TTL_MAX 525600L

/* libxml2 refuses deeper documents without XML_PARSE_HUGE. */
#define FP_DEPTH_MAX 257

/* The options of every XML parse (see feed_parse_new). */
/* Bytes internal entities may expand to in one document, in all. */
#define FP_ENTITY_BUDGET (32 << 20)

#define FP_XML_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOENT | XML_PARSE_NOERROR | \
			XML_PARSE_NOWARNING)

/* What an element means, whatever the format. */
enum fp_role {
	R_NONE = 0,
	R_CHANNEL,      /* rss/rdf channel */
	R_ITEM,         /* rss/rdf item, atom entry */
	R_TITLE,        /* rss/rdf title: text */
	R_ATOM_TITLE,   /* atom title: typed text construct */
	R_LINK,         /* rss/rdf link: URL as text */
	R_ATOM_LINK,    /* atom link: rel/href/type/length attributes */
	R_DESCRIPTION,  /* rss/rdf description: HTML */
	R_SUBTITLE,     /* atom subtitle, atom 0.3 tagline */
	R_GUID,         /* rss guid */
	R_ID,           /* atom id */
	R_PUBLISHED,    /* pubDate, dc:date, atom published, 0.3 issued */
	R_UPDATED,      /* atom updated, 0.3 modified */
	R_AUTHOR,       /* rss author, dc:creator: text */
	R_ATOM_AUTHOR,  /* atom author: person construct */
	R_ATOM_NAME,    /* atom author/name */
	R_CATEGORY,     /* rss category, dc:subject: text */
	R_ATOM_CATEGORY, /* atom category: term/label attributes */
	R_SUMMARY,      /* atom summary: typed */
	R_CONTENT,      /* atom content: typed */
	R_ENCODED,      /* content:encoded: HTML */
	R_ENCLOSURE,    /* rss enclosure: url/type/length attributes */
	R_MEDIA,        /* media:content: url/type/fileSize attributes */
	R_TTL,          /* rss ttl: minutes */
	R_SY_PERIOD,    /* sy:updatePeriod: hourly, daily... */
	R_SY_FREQ,      /* sy:updateFrequency: times per period */
	R_ALT_TITLE,    /* dc:title, media:title: the title when none other */
	R_KEYWORDS,     /* itunes:keywords, media:keywords: tags, comma-separated */
	R_ITUNES_CATEGORY /* itunes:category: a tag in its text attribute */
};

/* Flags of a table row. */
#define F_ATOM03 0x1    /* Atom 0.3 typed constructs: MIME type + mode */

struct fp_tag {
	const char *ns;         /* "" for no namespace */
	const char *name;
	enum fp_role role;
	unsigned flags;
};

/* Sorted by (ns, name) with strcmp, for bsearch. */
static const struct fp_tag fp_tags[] = {
	{"", "author", R_AUTHOR, 0},
	{"", "category", R_CATEGORY, 0},
	{"", "channel", R_CHANNEL, 0},
	{"", "description", R_DESCRIPTION, 0},
	{"", "enclosure", R_ENCLOSURE, 0},
	{"", "guid", R_GUID, 0},
	{"", "item", R_ITEM, 0},
	{"", "link", R_LINK, 0},
	{"", "pubDate", R_PUBLISHED, 0},
	{"", "title", R_TITLE, 0},
	{"", "ttl", R_TTL, 0},
	{NS_RSS090, "channel", R_CHANNEL, 0},
	{NS_RSS090, "description", R_DESCRIPTION, 0},
	{NS_RSS090, "item", R_ITEM, 0},
	{NS_RSS090, "link", R_LINK, 0},
	{NS_RSS090, "title", R_TITLE, 0},
	{NS_ATOM03, "author", R_ATOM_AUTHOR, 0},
	{NS_ATOM03, "content", R_CONTENT, F_ATOM03},
	{NS_ATOM03, "entry", R_ITEM, 0},
	{NS_ATOM03, "id", R_ID, 0},
	{NS_ATOM03, "issued", R_PUBLISHED, 0},
	{NS_ATOM03, "link", R_ATOM_LINK, 0},
	{NS_ATOM03, "modified", R_UPDATED, 0},
	{NS_ATOM03, "name", R_ATOM_NAME, 0},
	{NS_ATOM03, "summary", R_SUMMARY, F_ATOM03},
	{NS_ATOM03, "tagline", R_SUBTITLE, 0},
	{NS_ATOM03, "title", R_ATOM_TITLE, F_ATOM03},
	{NS_DC, "creator", R_AUTHOR, 0},
	{NS_DC, "date", R_PUBLISHED, 0},
	{NS_DC, "subject", R_CATEGORY, 0},
	{NS_DC, "title", R_ALT_TITLE, 0},
	{NS_DCTERMS, "created", R_PUBLISHED, 0},
	{NS_DCTERMS, "issued", R_PUBLISHED, 0},
	{NS_DCTERMS, "modified", R_UPDATED, 0},
	{NS_RSS10, "channel", R_CHANNEL, 0},
	{NS_RSS10, "description", R_DESCRIPTION, 0},
	{NS_RSS10, "item", R_ITEM, 0},
	{NS_RSS10, "link", R_LINK, 0},
	{NS_RSS10, "title", R_TITLE, 0},
	{NS_CONTENT, "encoded", R_ENCODED, 0},
	{NS_SY, "updateFrequency", R_SY_FREQ, 0},
	{NS_SY, "updatePeriod", R_SY_PERIOD, 0},
	{NS_MEDIA_NOSLASH, "content", R_MEDIA, 0},
	{NS_MEDIA_NOSLASH, "keywords", R_KEYWORDS, 0},
	{NS_MEDIA_NOSLASH, "title", R_ALT_TITLE, 0},
	{NS_MEDIA, "content", R_MEDIA, 0},
	{NS_MEDIA, "keywords", R_KEYWORDS, 0},
	{NS_MEDIA, "title", R_ALT_TITLE, 0},
	{NS_ITUNES, "category", R_ITUNES_CATEGORY, 0},
	{NS_ITUNES, "keywords", R_KEYWORDS, 0},
	{NS_ATOM, "author", R_ATOM_AUTHOR, 0},
	{NS_ATOM, "category", R_ATOM_CATEGORY, 0},
	{NS_ATOM, "content", R_CONTENT, 0},
	{NS_ATOM, "entry", R_ITEM, 0},
	{NS_ATOM, "id", R_ID, 0},
	{NS_ATOM, "link", R_ATOM_LINK, 0},
	{NS_ATOM, "name", R_ATOM_NAME, 0},
	{NS_ATOM, "published", R_PUBLISHED, 0},
	{NS_ATOM, "subtitle", R_SUBTITLE, 0},
	{NS_ATOM, "summary", R_SUMMARY, 0},
	{NS_ATOM, "title", R_ATOM_TITLE, 0},
	{NS_ATOM, "updated", R_UPDATED, 0},
};

/* How the text of a captured field is to be read. */
enum fp_kind {
	K_SKIP = 0,     /* not kept (base64, out-of-line, unknown type) */
	K_TEXT,         /* plain text */
	K_HTML,         /* escaped HTML */
	K_XHTML,        /* inline XHTML inside a wrapper div (Atom 1.0) */
	K_XML,          /* inline markup, no wrapper (Atom 0.3 mode="xml") */
	K_B64_TEXT,     /* Atom 0.3 mode="base64" of text/plain */
	K_B64_HTML      /* ... of text/html */
};

struct fp_base {
	size_t depth;
	char *url;
};

enum fp_syntax {
	FP_UNKNOWN = 0,         /* only blanks (and a BOM) seen so far */
	FP_XML,
	FP_JSON
};

struct feed_parser {
	xmlParserCtxtPtr ctxt;
	char *url;
	char *base;             /* a redirect's target, or NULL: then url */
	char *charset;          /* of the HTTP Content-Type, or NULL */
	unsigned flags;
	feed_parse_article_fn cb;
	void *cb_payload;
	struct feed *feed;

	enum fp_syntax syntax;
	struct buf head;        /* bytes pushed while the syntax is unknown */
	size_t bom;             /* leading bytes that match a UTF-8 BOM (3: one) */
	size_t skip;            /* leading bytes still to drop (the BOM) */
	struct feed_json *json; /* the JSON reader once the syntax is JSON */
	bool filter;            /* bytes go through p->ff (feed_filter.h) */
	bool utf8;              /* ... which checks UTF-8 */
	bool force_utf8;        /* read as UTF-8 whatever it declares */
	struct feed_filter ff;
	size_t items;           /* articles completed */
	uint64_t *ids;          /* hashes of the ids given so far (0: free) */
	size_t ids_cap, ids_len; /* a power of two; at most half full */
	struct feed_parse_drops drops; /* what the bounds dropped */
	xmlEntity text_entity;  /* what feed_parse_get_entity makes up */
	struct buf entity_text; /* its text when that is "&name;" */
	bool told_entity;       /* an undefined entity was warned about */

	int status;             /* first fatal status, LDN_OK while fine */
	char *cause;            /* its message */
	bool stopped;           /* no more bytes are parsed */
	size_t entity_bytes;    /* text internal entities expanded to so far */
	bool root_seen;
	bool saw_text;          /* a non-blank byte was pushed: not "empty" */
	bool saw_markup;        /* a '<' was pushed: not "no markup" */
	bool terminating;       /* inside the final xmlParseChunk */
	int xml_errno;          /* first fatal libxml2 error code */
	bool lib_error;         /* an error libxml2 raised without a context */
	struct buf warn;        /* "line N: ..." messages joined by "; " */

	size_t depth;           /* open elements, as the document means them */
	size_t lib_depth;       /* ... as libxml2 counts them (see feed_parse_end) */
	const xmlChar *names[FP_DEPTH_MAX]; /* local names of the open, by depth */
	char mismatch[64];      /* the end tag libxml2 just found mismatched */
	bool mismatch_now;      /* ... and is closing an element for */
	size_t mismatches;      /* end tags that did not match, read past */
	int mismatch_line;      /* the line of the first */
	char mismatch_first[140]; /* "</close> in <open>" of the first */
	bool chan_open;
	size_t chan_depth;      /* of the channel, or of the Atom root */

	struct article *item;   /* being read, or NULL */
	size_t item_depth;
	char *item_id;          /* guid or atom:id */
	bool guid_permalink;    /* of the guid being read */
	bool id_is_link;        /* item_id is a guid that is also a permalink */
	int link_prio;          /* of item->link: 2 alternate/rss, 1 rel-less */
	int pub_prio;           /* 2 published, 1 updated */
	char *alt_title;        /* the item's dc:title or media:title */
	int feed_link_prio;

	bool in_author;
	size_t author_depth;
	char *feed_author;      /* Atom feed-level author name */

	long sy_period;         /* sy:updatePeriod in minutes, 0 if none */
	long sy_freq;           /* sy:updateFrequency, 0 if none */

	bool capturing;         /* the hot-path flag */
	enum fp_role cap_role;
	enum fp_kind cap_kind;
	size_t cap_depth;
	size_t div_depth;       /* xhtml wrapper div being skipped, 0 if none */
	bool div_seen;
	bool cap_full;          /* cap reached: further text is dropped */
	struct buf text;

	struct fp_base *bases;
	size_t nbases, capbases;
};

static int
fp_tag_cmp(const void *key, const void *elem)
{
	const struct fp_tag *k = key, *e = elem;
	int c = strcmp(k->ns, e->ns);

	return c != 0 ? c : strcmp(k->name, e->name);
}

/*
 * Namespaces that RSS 0.9x/2.0 documents put on their own elements as the
 * default one: Userland's, Harvard's (RSS 2.0's homes before the RSS
 * Advisory Board) and the RSS 0.90/1.0 ones on an <rss> root. Their
 * elements are RSS's own, looked up as if without a namespace.
 */
static bool
fp_rss_alias(const char *ns)
{
	static const char *const aliases[] = {
		"http://backend.userland.com/rss2",
		"http://backend.userland.com/rss",
		"http://blogs.law.harvard.edu/tech/rss",
		NS_RSS090,
		NS_RSS10,
	};
	size_t i;

	for (i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (strcmp(ns, aliases[i]) == 0)
			return true;
	return false;
}

static const struct fp_tag *
feed_parse_lookup(const xmlChar *uri, const xmlChar *name)
{
	struct fp_tag key;
	const struct fp_tag *t;

	/* Only ns and name take part in the comparison; the rest zeroed. */
	memset(&key, 0, sizeof(key));
	key.ns = uri != NULL ? (const char *)uri : "";
	key.name = (const char *)name;
	t = bsearch(&key, fp_tags, sizeof(fp_tags) / sizeof(fp_tags[0]),
		    sizeof(fp_tags[0]), fp_tag_cmp);
	if (t == NULL && fp_rss_alias(key.ns)) {
		key.ns = "";
		t = bsearch(&key, fp_tags, sizeof(fp_tags) / sizeof(fp_tags[0]),
			    sizeof(fp_tags[0]), fp_tag_cmp);
	}
	return t;
}

/* Records an unrecoverable condition (its cause already set) and stops. */
static void
feed_parse_fail(struct feed_parser *p, int status)
{
	if (p->status == LDN_OK)
		p->status = status;
	if (!p->stopped) {
		p->stopped = true;
		xmlStopParser(p->ctxt);
	}
}

static void
feed_parse_nomem(struct feed_parser *p)
{
	ldn_cause(&p->cause, LDN_ENOMEM, "out of memory while parsing");
	feed_parse_fail(p, LDN_ENOMEM);
}

/* libxml2's messages may run over lines ("...\nBytes: 0xE9 0x20"): a
 * warning is one line, each run of line breaks one space. */
static void
fp_one_line(char *s)
{
	char *w = s;

	for (; *s != '\0'; s++) {
		if (*s == '\n' || *s == '\r') {
			while (s[1] == '\n' || s[1] == '\r' || s[1] == ' ')
				s++;
			*w++ = ' ';
		} else {
			*w++ = *s;
		}
	}
	*w = '\0';
}

/*
 * Appends a warning. Past CAP_WARN further ones are dropped: warnings are
 * advice, never a reason to fail.
 */
static void LDN_PRINTF(2, 3)
feed_parse_warnf(struct feed_parser *p, const char *fmt, ...)
{
	va_list ap;
	char *msg;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((msg = malloc((size_t)n + 1)) == NULL) {
		feed_parse_nomem(p);
		return;
	}
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);
	fp_one_line(msg);
	if (p->warn.len == 0 || buf_append(&p->warn, "; ", 2) == LDN_OK)
		if (buf_append(&p->warn, msg, (size_t)n) == LDN_ENOMEM)
			feed_parse_nomem(p);
	free(msg);
}

static bool
fp_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

void
feed_parse_fold(char *s)
{
	char *w = s, *start = s;
	bool sp = false;

	for (; *s != '\0'; s++) {
		if (fp_space(*s)) {
			sp = true;
			continue;
		}
		if (sp && w != start)
			*w++ = ' ';
		sp = false;
		*w++ = *s;
	}
	*w = '\0';
}

char *
feed_parse_trim(char *s)
{
	size_t start = 0, len = strlen(s);

	while (start < len && fp_space(s[start]))
		start++;
	while (len > start && fp_space(s[len - 1]))
		len--;
	memmove(s, s + start, len - start);
	s[len - start] = '\0';
	return s;
}

/* Replaces *dst with src (owned); NULL src is out of memory. */
static void
feed_parse_set(struct feed_parser *p, char **dst, char *src)
{
	if (src == NULL) {
		feed_parse_nomem(p);
		return;
	}
	free(*dst);
	*dst = src;
}

static const char *
feed_parse_base(const struct feed_parser *p)
{
	if (p->nbases > 0)
		return p->bases[p->nbases - 1].url;
	return p->base != NULL ? p->base : p->url;
}

/* Resolves ref against the current base; NULL on allocation failure. */
static char *
feed_parse_resolve(struct feed_parser *p, const char *ref)
{
	char *out = NULL;

	if (url_resolve(feed_parse_base(p), ref, &out) != LDN_OK) {
		feed_parse_nomem(p);
		return NULL;
	}
	return out;
}

/* --- attributes: SAX2 gives 5-tuples (local, prefix, URI, value, end) --- */

static const xmlChar **
fp_attr(int nb, const xmlChar **attrs, const char *ns, const char *name)
{
	int i;

	for (i = 0; i < nb; i++) {
		const xmlChar **a = attrs + 5 * i;

		if (strcmp((const char *)a[0], name) != 0)
			continue;
		if (ns == NULL ? a[2] == NULL
			       : a[2] != NULL && strcmp((const char *)a[2], ns) == 0)
			return a;
	}
	return NULL;
}

/* A malloc'd copy of an attribute's value; NULL if absent or out of memory. */
static char *
fp_attr_dup(struct feed_parser *p, int nb, const xmlChar **attrs, const char *name)
{
	const xmlChar **a = fp_attr(nb, attrs, NULL, name);
	char *s;

	if (a == NULL)
		return NULL;
	s = strndup((const char *)a[3], (size_t)(a[4] - a[3]));
	if (s == NULL)
		feed_parse_nomem(p);
	return s;
}

static bool
fp_attr_is(int nb, const xmlChar **attrs, const char *name, const char *value)
{
	const xmlChar **a = fp_attr(nb, attrs, NULL, name);
	size_t n = strlen(value);

	return a != NULL && (size_t)(a[4] - a[3]) == n &&
	    strncmp((const char *)a[3], value, n) == 0;
}

/* A byte count, or -1 when absent, empty, not all digits or too large. */
static long long
fp_length(const char *s)
{
	long long v = 0;
	bool any = false;

	if (s == NULL)
		return -1;
	while (fp_space(*s))
		s++;
	for (; *s >= '0' && *s <= '9'; s++) {
		if (v > (INT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (*s - '0');
		any = true;
	}
	while (fp_space(*s))
		s++;
	return any && *s == '\0' ? v : -1;
}

/* --- xml:base --- */

static void
feed_parse_push_base(struct feed_parser *p, const xmlChar **a, size_t depth)
{
	char *ref, *abs;
	struct fp_base *nb;

	if (p->nbases == p->capbases) {
		size_t ncap = p->capbases ? p->capbases * 2 : 8;

		nb = realloc(p->bases, ncap * sizeof(*nb));
		if (nb == NULL) {
			feed_parse_nomem(p);
			return;
		}
		p->bases = nb;
		p->capbases = ncap;
	}
	ref = strndup((const char *)a[3], (size_t)(a[4] - a[3]));
	if (ref == NULL) {
		feed_parse_nomem(p);
		return;
	}
	abs = feed_parse_resolve(p, feed_parse_trim(ref));
	free(ref);
	if (abs == NULL)
		return;
	p->bases[p->nbases].depth = depth;
	p->bases[p->nbases].url = abs;
	p->nbases++;
}

static void
feed_parse_pop_base(struct feed_parser *p, size_t depth)
{
	if (p->nbases > 0 && p->bases[p->nbases - 1].depth == depth) {
		p->nbases--;
		free(p->bases[p->nbases].url);
	}
}

/* --- text capture --- */

/* Length of the longest prefix of s[0..n) not splitting a UTF-8 sequence. */
static size_t
fp_utf8_cut(const char *s, size_t n)
{
	size_t i = n;

	while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
		i--;
	return i;
}

static void
feed_parse_capture_raw(struct feed_parser *p, const char *s, size_t n)
{
	size_t room;
	int st;

	if (p->cap_full)
		return;
	st = buf_append(&p->text, s, n);
	if (st == LDN_OK)
		return;
	if (st == LDN_ENOMEM) {
		feed_parse_nomem(p);
		return;
	}
	/* Over the cap: keep what fits, cut at a character boundary. */
	room = p->text.max - p->text.len;
	if (room < n && room > 0)
		room = fp_utf8_cut(s, room);
	if (room > 0 && buf_append(&p->text, s, room) != LDN_OK) {
		feed_parse_nomem(p);
		return;
	}
	p->cap_full = true;
	feed_parse_warnf(p, "line %d: field truncated at %zu bytes",
			 xmlSAX2GetLineNumber(p->ctxt), p->text.len);
}

/* Appends text, escaped for HTML when serializing markup. */
static void
feed_parse_capture_text(struct feed_parser *p, const char *s, size_t n, bool attr)
{
	size_t i, run = 0;
	const char *esc;

	if (p->cap_kind != K_XHTML && p->cap_kind != K_XML) {
		feed_parse_capture_raw(p, s, n);
		return;
	}
	for (i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': esc = "&amp;"; break;
		case '<': esc = "&lt;"; break;
		case '>': esc = "&gt;"; break;
		case '"': esc = attr ? "&quot;" : NULL; break;
		default: esc = NULL; break;
		}
		if (esc == NULL)
			continue;
		feed_parse_capture_raw(p, s + run, i - run);
		feed_parse_capture_raw(p, esc, strlen(esc));
		run = i + 1;
	}
	feed_parse_capture_raw(p, s + run, n - run);
}

static void
feed_parse_characters(void *ctx, const xmlChar *ch, int len)
{
	struct feed_parser *p = ctx;

	if (!p->capturing)
		return;
	feed_parse_capture_text(p, (const char *)ch, (size_t)len, false);
}

static void
feed_parse_begin(struct feed_parser *p, enum fp_role role, enum fp_kind kind,
		 size_t depth, size_t max)
{
	if (kind == K_SKIP)
		return;
	buf_reset(&p->text);
	p->text.max = max;
	p->capturing = true;
	p->cap_role = role;
	p->cap_kind = kind;
	p->cap_depth = depth;
	p->cap_full = false;
	p->div_depth = 0;
	p->div_seen = false;
}

/* HTML elements that have no end tag. */
static bool
fp_void_element(const char *name)
{
	static const char *const v[] = {
		"area", "base", "br", "col", "embed", "hr", "img", "input",
		"link", "meta", "param", "source", "track", "wbr"
	};
	size_t i;

	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		if (strcmp(name, v[i]) == 0)
			return true;
	return false;
}

/* A start tag inside a captured field: serialized for inline markup. */
static void
feed_parse_markup_start(struct feed_parser *p, size_t d, const xmlChar *name,
			const xmlChar *uri, int nb, const xmlChar **attrs)
{
	int i;

	if (p->cap_kind != K_XHTML && p->cap_kind != K_XML)
		return;
	/* Atom 1.0: the one xhtml:div around the content is not content. */
	if (p->cap_kind == K_XHTML && d == p->cap_depth + 1 && !p->div_seen &&
	    strcmp((const char *)name, "div") == 0 &&
	    uri != NULL && strcmp((const char *)uri, NS_XHTML) == 0) {
		p->div_seen = true;
		p->div_depth = d;
		return;
	}
	feed_parse_capture_raw(p, "<", 1);
	feed_parse_capture_raw(p, (const char *)name, strlen((const char *)name));
	for (i = 0; i < nb; i++) {
		const xmlChar **a = attrs + 5 * i;

		if (a[1] != NULL) /* xml:lang, xlink:href... are not HTML */
			continue;
		feed_parse_capture_raw(p, " ", 1);
		feed_parse_capture_raw(p, (const char *)a[0], strlen((const char *)a[0]));
		feed_parse_capture_raw(p, "=\"", 2);
		feed_parse_capture_text(p, (const char *)a[3], (size_t)(a[4] - a[3]), true);
		feed_parse_capture_raw(p, "\"", 1);
	}
	feed_parse_capture_raw(p, ">", 1);
}

static void
feed_parse_markup_end(struct feed_parser *p, size_t d, const xmlChar *name)
{
	if (p->cap_kind != K_XHTML && p->cap_kind != K_XML)
		return;
	if (p->div_depth != 0 && d == p->div_depth) {
		p->div_depth = 0;
		return;
	}
	if (fp_void_element((const char *)name))
		return;
	feed_parse_capture_raw(p, "</", 2);
	feed_parse_capture_raw(p, (const char *)name, strlen((const char *)name));
	feed_parse_capture_raw(p, ">", 1);
}

/* Plain text of an HTML fragment, through libxml2's HTML parser. */
/* Elements that break a line: a space between their text and the next. */
static bool
fp_breaks(const xmlChar *name)
{
	static const char *const names[] = {
		"br", "p", "div", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
		"blockquote", "pre", "hr", "dd", "dt",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (xmlStrcasecmp(name, (const xmlChar *)names[i]) == 0)
			return true;
	return false;
}

/* The text of an HTML fragment, a space where it broke lines ("Line
 * one<br>line two"); a walk without recursion, whatever the depth. */
static char *
feed_parse_html_text(const char *html)
{
	htmlDocPtr doc;
	xmlNodePtr n;
	struct buf b;
	bool ok = true;

	buf_init(&b, CAP_SHORT);
	if (*html == '\0')
		return strdup("");
	doc = htmlReadMemory(html, (int)strlen(html), NULL, "UTF-8",
			     HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
			     HTML_PARSE_NONET | HTML_PARSE_NOBLANKS);
	n = doc != NULL ? xmlDocGetRootElement(doc) : NULL;
	while (n != NULL && ok) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
			ok = buf_append(&b, n->content, xmlStrlen(n->content)) != LDN_ENOMEM;
		else if (n->type == XML_ELEMENT_NODE && fp_breaks(n->name))
			ok = buf_append(&b, " ", 1) != LDN_ENOMEM;
		if (n->type == XML_ELEMENT_NODE && n->children != NULL) {
			n = n->children;
			continue;
		}
		while (n != NULL && n->next == NULL)
			n = n->parent != NULL && n->parent->type == XML_ELEMENT_NODE ? n->parent
				: NULL;
		if (n != NULL)
			n = n->next;
	}
	xmlFreeDoc(doc);
	if (!ok) {
		buf_free(&b);
		return NULL;
	}
	return b.data != NULL ? buf_detach(&b) : strdup("");
}

/* The typed text constructs of Atom: how to read title/summary/content. */
static enum fp_kind
feed_parse_kind(int nb, const xmlChar **attrs, unsigned flags)
{
	const xmlChar **t = fp_attr(nb, attrs, NULL, "type");
	char type[64];
	size_t n = 0;

	if (fp_attr(nb, attrs, NULL, "src") != NULL)
		return K_SKIP;
	if (t != NULL) {
		n = (size_t)(t[4] - t[3]);
		if (n >= sizeof(type))
			return K_SKIP;
		memcpy(type, t[3], n);
	}
	type[n] = '\0';
	if (flags & F_ATOM03) {
		/* Atom 0.3: MIME type (text/plain by default) and a mode. */
		if (fp_attr_is(nb, attrs, "mode", "base64"))
			return n == 0 || strcmp(type, "text/plain") == 0 ? K_B64_TEXT
				: strcmp(type, "text/html") == 0 ? K_B64_HTML : K_SKIP;
		if (fp_attr_is(nb, attrs, "mode", "escaped"))
			return strcmp(type, "text/html") == 0 ? K_HTML : K_TEXT;
		if (n == 0 || strcmp(type, "text/plain") == 0)
			return K_TEXT;
		return K_XML;
	}
	if (n == 0 || strcmp(type, "text") == 0)
		return K_TEXT;
	if (strcmp(type, "html") == 0 || strcmp(type, "text/html") == 0)
		return K_HTML;
	if (strcmp(type, "xhtml") == 0)
		return K_XHTML;
	if (strncmp(type, "text/", 5) == 0)
		return K_TEXT;
	/* a MIME type of XML (application/xhtml+xml): inline markup, read
	 * as Atom 0.3's mode="xml" (RFC 4287 allows only the three names,
	 * feeds use the MIME types all the same) */
	if (n > 4 && (strcmp(type + n - 4, "+xml") == 0 || strcmp(type + n - 4, "/xml") == 0))
		return K_XML;
	return K_SKIP;
}

static enum article_fmt
fp_fmt(enum fp_kind k)
{
	return k == K_TEXT ? ARTICLE_FMT_TEXT : ARTICLE_FMT_HTML;
}

static void
feed_parse_set_date(struct feed_parser *p, const char *s, int prio)
{
	time_t t;

	if (prio <= p->pub_prio || !date_parse(s, &t))
		return;
	p->item->published = t;
	p->item->has_published = true;
	p->pub_prio = prio;
}

/* s holds a closing tag ("</sup>") or a reference ("&amp;", "&#8217;",
 * "&#x24;"): the marks of escaped HTML that feedparser goes by. A lone
 * "<details>" or "<br/>" is not enough: "Use the <details> element". */
static bool
fp_looks_html(const char *s)
{
	const char *c;
	size_t n;

	for (c = s; (c = strpbrk(c, "<&")) != NULL; c++) {
		if (*c == '<') {
			for (n = 2; c[1] == '/' && isalnum((unsigned char)c[n]); n++)
				;
			if (n > 2 && c[n] == '>')
				return true;
			continue;
		}
		n = c[1] == '#' ? (c[2] == 'x' || c[2] == 'X' ? 3 : 2) : 1;
		if (n == 1 ? !isalpha((unsigned char)c[1]) : !isxdigit((unsigned char)c[n]))
			continue;
		while (isalnum((unsigned char)c[n]))
			n++;
		if (c[n] == ';')
			return true;
	}
	return false;
}

/* Titles are plain text with white space folded; Atom HTML is rendered. */
static void
feed_parse_store_title(struct feed_parser *p, char *s, enum fp_kind kind)
{
	char *t;

	/* RSS says nothing of a title's markup: one that holds a tag or a
	 * reference ("E = mc&lt;sup&gt;2", "Fish &amp;amp; chips") was
	 * escaped HTML to its author, as feedparser and readers take it.
	 * Atom's type="text" says plain text: "<blink>" stays. */
	if (kind == K_TEXT && p->cap_role == R_TITLE && fp_looks_html(s))
		kind = K_HTML;
	if (kind != K_TEXT) {
		t = feed_parse_html_text(s);
		free(s);
		if ((s = t) == NULL) {
			feed_parse_nomem(p);
			return;
		}
	}
	feed_parse_fold(s);
	feed_parse_set(p, p->item != NULL ? &p->item->title : &p->feed->title, s);
}

/* An RSS <link>: it ranks with Atom rel="alternate". Borrows s. */
static void
feed_parse_store_link(struct feed_parser *p, char *s)
{
	int *prio = p->item != NULL ? &p->link_prio : &p->feed_link_prio;
	char **dst = p->item != NULL ? &p->item->link : &p->feed->link;
	char *t;

	if (*prio >= 2 || *feed_parse_trim(s) == '\0')
		return;
	if ((t = feed_parse_resolve(p, s)) == NULL)
		return;
	*prio = 2;
	feed_parse_set(p, dst, t);
}

/* How often the feed may be polled: <ttl> minutes, or the sy: module. */
static void
feed_parse_store_ttl(struct feed_parser *p, enum fp_role role, char *s)
{
	static const struct {
		const char *name;
		long minutes;
	} periods[] = {
		{"hourly", 60}, {"daily", 1440}, {"weekly", 10080},
		{"monthly", 43200}, {"yearly", TTL_MAX},
	};
	long long v;
	size_t i;

	feed_parse_trim(s);
	if (role == R_SY_PERIOD) {
		for (i = 0; i < sizeof(periods) / sizeof(periods[0]); i++)
			if (strcasecmp(s, periods[i].name) == 0)
				p->sy_period = periods[i].minutes;
		return;
	}
	if ((v = fp_length(s)) <= 0)
		return;
	if (v > TTL_MAX)
		v = TTL_MAX;
	if (role == R_TTL)
		p->feed->ttl_minutes = (long)v;
	else
		p->sy_freq = (long)v;
}

/* A captured field is complete: store it where it belongs. */
/* itunes:keywords, media:keywords: "gardening, soil,worms" as tags. */
static void
feed_parse_keywords(struct feed_parser *p, char *s)
{
	char *word, *save = NULL;

	for (word = strtok_r(s, ",", &save); word != NULL; word = strtok_r(NULL, ",", &save))
		if (*feed_parse_trim(word) != '\0' &&
		    article_add_tag(p->item, feed_parse_trim(word)) != LDN_OK) {
			feed_parse_nomem(p);
			return;
		}
}

/* RSS's author is an e-mail address, by custom followed by the name:
 * "desk@example.com (Ben Amsel)" is Ben Amsel, as readers show it. */
static void
fp_author_name(char *s)
{
	size_t n = strlen(s);
	char *open = strchr(s, '(');

	if (open == NULL || open == s || open[-1] != ' ' || n < 2 || s[n - 1] != ')' ||
	    memchr(s, '@', (size_t)(open - s)) == NULL || memchr(s, ' ', (size_t)(open - s - 1)))
		return;
	memmove(s, open + 1, (size_t)(s + n - 1 - (open + 1)));
	s[s + n - 1 - (open + 1)] = '\0';
	feed_parse_trim(s);
}

/* Decodes base64 (RFC 4648; blanks ignored, padding optional) over s in
 * place: false when s is not base64, or not text once decoded. */
static bool
fp_base64(char *s)
{
	static const char abc[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned long acc = 0;
	size_t bits = 0, w = 0;
	const char *c, *r;
	int l = 1;

	for (r = s; *r != '\0' && *r != '='; r++) {
		if (fp_space(*r))
			continue;
		if ((c = strchr(abc, *r)) == NULL)
			return false;
		acc = (acc << 6) | (unsigned long)(c - abc);
		if ((bits += 6) >= 8) {
			bits -= 8;
			s[w++] = (char)((acc >> bits) & 0xFF);
		}
	}
	s[w] = '\0';
	if (memchr(s, '\0', w) != NULL)
		return false;
	for (r = s; *r != '\0'; r += l > 0 ? l : 1) /* UTF-8, as XML text is */
		if ((unsigned char)*r >= 0x80 &&
		    (l = feed_filter_utf8_len((const unsigned char *)r, w - (size_t)(r - s))) <= 0)
			return false;
	return true;
}

static void
feed_parse_end_capture(struct feed_parser *p)
{
	struct article *a = p->item;
	struct feed *f = p->feed;
	enum fp_kind kind = p->cap_kind;
	char *s;

	p->capturing = false;
	/* An exact-size copy, and the buffer kept for the next field: handing
	 * the buffer itself over would keep its growth slack (up to half of
	 * every body) for the life of the article, and regrow it each time. */
	s = strndup(buf_cstr(&p->text), p->text.len);
	buf_reset(&p->text);
	if (s == NULL) {
		feed_parse_nomem(p);
		return;
	}
	if (kind == K_B64_TEXT || kind == K_B64_HTML) {
		if (!fp_base64(s)) { /* not what it said: nothing kept */
			free(s);
			return;
		}
		kind = kind == K_B64_TEXT ? K_TEXT : K_HTML;
	}
	switch (p->cap_role) {
	case R_TITLE:
	case R_ATOM_TITLE:
		feed_parse_store_title(p, s, kind);
		return;
	case R_LINK:
		feed_parse_store_link(p, s);
		break;
	case R_DESCRIPTION:
	case R_SUBTITLE:
		if (a != NULL) {
			/* only an item description is captured inside an item */
			feed_parse_set(p, &a->summary, s);
			a->summary_fmt = ARTICLE_FMT_HTML;
			return;
		}
		if (f->description == NULL) {
			feed_parse_set(p, &f->description, feed_parse_trim(s));
			return;
		}
		break;
	case R_GUID:
	case R_ID:
		if (p->item_id == NULL && *feed_parse_trim(s) != '\0') {
			p->item_id = s;
			p->id_is_link = p->cap_role == R_GUID && p->guid_permalink;
			return;
		}
		break;
	case R_PUBLISHED:
	case R_UPDATED:
		feed_parse_set_date(p, s, p->cap_role == R_PUBLISHED ? 2 : 1);
		break;
	case R_AUTHOR:
	case R_ATOM_NAME:
		feed_parse_fold(s);
		fp_author_name(s);
		if (*s == '\0')
			break;
		if (a != NULL && a->author == NULL) {
			a->author = s;
			return;
		}
		if (a == NULL && p->feed_author == NULL) {
			p->feed_author = s;
			return;
		}
		break;
	case R_CATEGORY:
		if (article_add_tag(a, s) != LDN_OK)
			feed_parse_nomem(p);
		break;
	case R_KEYWORDS:
		feed_parse_keywords(p, s);
		break;
	case R_ALT_TITLE:
		feed_parse_fold(s);
		if (p->alt_title == NULL && *s != '\0') {
			p->alt_title = s;
			return;
		}
		break;
	case R_TTL:
	case R_SY_PERIOD:
	case R_SY_FREQ:
		feed_parse_store_ttl(p, p->cap_role, s);
		break;
	case R_SUMMARY:
		feed_parse_set(p, &a->summary, s);
		a->summary_fmt = fp_fmt(kind);
		return;
	case R_CONTENT:
	case R_ENCODED:
		/* content:encoded and atom:content: the first one wins */
		if (a->content == NULL) {
			a->content = s;
			a->content_fmt = fp_fmt(kind);
			return;
		}
		break;
	default:
		break;
	}
	free(s);
}

/* --- elements with attributes only --- */

static void
feed_parse_enclosure(struct feed_parser *p, int nb, const xmlChar **attrs,
		     const char *url_attr, const char *len_attr, bool unique)
{
	char *url, *abs = NULL, *type = NULL, *len = NULL;
	size_t i;

	if ((url = fp_attr_dup(p, nb, attrs, url_attr)) == NULL)
		return;
	if (*feed_parse_trim(url) == '\0')
		goto out;
	if ((abs = feed_parse_resolve(p, url)) == NULL)
		goto out;
	if (unique)
		for (i = 0; i < p->item->nenclosures; i++)
			if (strcmp(p->item->enclosures[i].url, abs) == 0)
				goto out;
	type = fp_attr_dup(p, nb, attrs, "type");
	len = fp_attr_dup(p, nb, attrs, len_attr);
	if (p->status != LDN_OK)
		goto out;
	if (article_add_enclosure(p->item, abs, type, fp_length(len)) != LDN_OK)
		feed_parse_nomem(p);
out:
	free(url);
	free(abs);
	free(type);
	free(len);
}

static void
feed_parse_atom_link(struct feed_parser *p, int nb, const xmlChar **attrs)
{
	const xmlChar **rel = fp_attr(nb, attrs, NULL, "rel");
	char *href, *abs;
	int prio;
	int *cur = p->item != NULL ? &p->link_prio : &p->feed_link_prio;
	char **dst = p->item != NULL ? &p->item->link : &p->feed->link;

	if (rel != NULL && fp_attr_is(nb, attrs, "rel", "enclosure")) {
		if (p->item != NULL)
			feed_parse_enclosure(p, nb, attrs, "href", "length", false);
		return;
	}
	if (rel == NULL)
		prio = 1;
	else if (fp_attr_is(nb, attrs, "rel", "alternate"))
		prio = 2;
	else
		return;
	if (prio <= *cur || (href = fp_attr_dup(p, nb, attrs, "href")) == NULL)
		return;
	abs = feed_parse_resolve(p, feed_parse_trim(href));
	free(href);
	if (abs == NULL)
		return;
	*cur = prio;
	feed_parse_set(p, dst, abs);
}

static void
feed_parse_atom_category(struct feed_parser *p, int nb, const xmlChar **attrs)
{
	char *tag = fp_attr_dup(p, nb, attrs, "term");

	if (tag == NULL || *feed_parse_trim(tag) == '\0') {
		free(tag);
		tag = fp_attr_dup(p, nb, attrs, "label");
	}
	if (tag != NULL && article_add_tag(p->item, tag) != LDN_OK)
		feed_parse_nomem(p);
	free(tag);
}

/* --- articles --- */

/* <itunes:category text="History"/> in an item: a tag. */
static void
feed_parse_itunes_category(struct feed_parser *p, int nb, const xmlChar **attrs)
{
	char *text = fp_attr_dup(p, nb, attrs, "text");

	if (text != NULL && *feed_parse_trim(text) != '\0' &&
	    article_add_tag(p->item, feed_parse_trim(text)) != LDN_OK)
		feed_parse_nomem(p);
	free(text);
}

static void
feed_parse_item_begin(struct feed_parser *p, size_t depth)
{
	if ((p->item = article_new()) == NULL) {
		feed_parse_nomem(p);
		return;
	}
	p->item_depth = depth;
	p->link_prio = 0;
	p->pub_prio = 0;
	free(p->alt_title);
	p->alt_title = NULL;
	p->guid_permalink = false;
	p->id_is_link = false;
	free(p->item_id);
	p->item_id = NULL;
}

/* FNV-1a, 64 bits: a stable id for items with neither guid nor link. Not
 * hash.h's: the id is stored in the cache (its guid column), so the same
 * item must get the same id from every version of ldnews. */
static uint64_t
fp_fnv1a(uint64_t h, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

char *
feed_parse_hash_id(const struct article *a)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	char date[21] = "", *s;

	if (a->has_published)
		date_format_rfc3339(a->published, date);
	h = fp_fnv1a(h, a->title, strlen(a->title) + 1);
	h = fp_fnv1a(h, date, strlen(date));
	if ((s = malloc(22)) != NULL)
		snprintf(s, 22, "hash:%016llx", (unsigned long long)h);
	return s;
}

/* Adds the id's hash to the document's set: false when it was there. */
static bool
feed_parse_id_new(struct feed_parser *p, const char *id, bool *nomem)
{
	uint64_t h = hash_str(id), *grown;
	size_t i, k, cap;

	h += h == 0; /* 0 marks a free slot */
	if (p->ids_len * 2 >= p->ids_cap) {
		cap = p->ids_cap ? p->ids_cap * 2 : 64;
		if ((grown = calloc(cap, sizeof(*grown))) == NULL) {
			*nomem = true;
			return true;
		}
		for (k = 0; k < p->ids_cap; k++)
			for (i = p->ids[k] & (cap - 1); p->ids[k] != 0; i = (i + 1) & (cap - 1))
				if (grown[i] == 0) {
					grown[i] = p->ids[k];
					break;
				}
		free(p->ids);
		p->ids = grown;
		p->ids_cap = cap;
	}
	for (i = h & (p->ids_cap - 1); p->ids[i] != 0; i = (i + 1) & (p->ids_cap - 1))
		if (p->ids[i] == h)
			return false;
	p->ids[i] = h;
	p->ids_len++;
	return true;
}

/*
 * An id the document already gave another item (a CMS that reuses a
 * guid): this one becomes "<id>#2" (#3, ...), so that it is an article of
 * its own in the cache as without one, as feedparser reads it. Ids are
 * hashed (64 bits) for the check: O(1) an item.
 */
static int
feed_parse_unique_id(struct feed_parser *p, struct article *a)
{
	bool nomem = false;
	size_t n, len;
	char *id;

	if (feed_parse_id_new(p, a->id, &nomem))
		return nomem ? LDN_ENOMEM : LDN_OK;
	len = strlen(a->id) + 24;
	if ((id = malloc(len)) == NULL)
		return LDN_ENOMEM;
	for (n = 2;; n++) {
		snprintf(id, len, "%s#%zu", a->id, n);
		if (feed_parse_id_new(p, id, &nomem))
			break;
	}
	free(a->id);
	a->id = id;
	return nomem ? LDN_ENOMEM : LDN_OK;
}

void
feed_parse_tally(struct feed_parse_drops *d, const struct article *a)
{
	size_t tags, enclosures;

	article_dropped(a, &tags, &enclosures);
	d->tags += tags;
	d->tag_articles += tags > 0;
	d->enclosures += enclosures;
	d->enclosure_articles += enclosures > 0;
}

bool
feed_parse_full(size_t seen, bool bounded, struct feed_parse_drops *d)
{
	if (!bounded || seen < FEED_PARSE_MAX_ARTICLES)
		return false;
	d->articles++;
	return true;
}

/* One warning for all the bounds dropped (a few words each). */
static void
feed_parse_warn_drops(struct feed_parser *p)
{
	const struct feed_parse_drops *d = &p->drops;

	if (d->tags > 0)
		feed_parse_warnf(p, "%zu tag%s dropped in %zu article%s (at most %d kept an "
				 "article)", d->tags, d->tags == 1 ? "" : "s", d->tag_articles,
				 d->tag_articles == 1 ? "" : "s", ARTICLE_MAX_TAGS);
	if (d->enclosures > 0)
		feed_parse_warnf(p, "%zu enclosure%s dropped in %zu article%s (at most %d kept "
				 "an article)", d->enclosures, d->enclosures == 1 ? "" : "s",
				 d->enclosure_articles, d->enclosure_articles == 1 ? "" : "s",
				 ARTICLE_MAX_ENCLOSURES);
	if (d->articles > 0)
		feed_parse_warnf(p, "%zu article%s dropped (at most %d kept a feed)", d->articles,
				 d->articles == 1 ? "" : "s", FEED_PARSE_MAX_ARTICLES);
}

/* feed_parse_unique_id for the JSON reader (struct feed_json_env). */
static int
feed_parse_unique_id_cb(void *ctx, struct article *a)
{
	return feed_parse_unique_id(ctx, a);
}

static int
feed_parse_item_fill(struct feed_parser *p, struct article *a)
{
	if (a->title == NULL && p->alt_title != NULL) {
		a->title = p->alt_title;
		p->alt_title = NULL;
	}
	if (a->title == NULL && (a->title = strdup("")) == NULL)
		return LDN_ENOMEM;
	if (a->link == NULL && p->id_is_link) {
		/* a permalink guid is the link, if it makes a web address */
		if ((a->link = feed_parse_resolve(p, p->item_id)) == NULL)
			return LDN_ENOMEM;
		if (!url_is_web(a->link)) {
			free(a->link);
			a->link = NULL;
		}
	}
	if (p->item_id != NULL) {
		a->id = p->item_id;
		p->item_id = NULL;
	} else if (a->link != NULL)
		a->id = strdup(a->link);
	else
		a->id = feed_parse_hash_id(a);
	if (a->id == NULL || feed_parse_unique_id(p, a) != LDN_OK)
		return LDN_ENOMEM;
	if (a->author == NULL && p->feed_author != NULL &&
	    (a->author = strdup(p->feed_author)) == NULL)
		return LDN_ENOMEM;
	/*
	 * The callback sees the feed title known so far; a title that comes
	 * after the items reaches the stored articles in feed_parse_finish().
	 */
	a->feed = strdup(p->feed->title);
	a->feed_url = strdup(p->url);
	if (a->feed == NULL || a->feed_url == NULL)
		return LDN_ENOMEM;
	return LDN_OK;
}

static void
feed_parse_item_end(struct feed_parser *p)
{
	struct article *a = p->item;

	p->item = NULL;
	if (feed_parse_full(p->items, p->cb == NULL || (p->flags & FEED_PARSE_BOUNDED),
			    &p->drops)) {
		article_free(a);
		p->items++;
		return;
	}
	if (feed_parse_item_fill(p, a) != LDN_OK) {
		article_free(a);
		feed_parse_nomem(p);
		return;
	}
	p->items++;
	feed_parse_tally(&p->drops, a);
	if (p->cb != NULL && !p->cb(a, p->cb_payload)) {
		article_free(a);
		return;
	}
	if (article_list_push(&p->feed->articles, a) != LDN_OK) {
		article_free(a);
		feed_parse_nomem(p);
	}
}

/* --- SAX callbacks --- */

/* The format name of <rss version="...">. */
static const char *
fp_rss_format(int nb, const xmlChar **attrs)
{
	const xmlChar **v = fp_attr(nb, attrs, NULL, "version");
	size_t n = v != NULL ? (size_t)(v[4] - v[3]) : 0;

	if (n >= 2 && strncmp((const char *)v[3], "2.", 2) == 0)
		return "RSS 2.0";
	if (n >= 3 && strncmp((const char *)v[3], "0.9", 3) == 0)
		return "RSS 0.9x";
	return "RSS";
}

static void
feed_parse_root(struct feed_parser *p, const xmlChar *name, const xmlChar *uri,
		int nb, const xmlChar **attrs)
{
	const char *n = (const char *)name, *ns = uri != NULL ? (const char *)uri : "";

	p->root_seen = true;
	if (strcmp(n, "rss") == 0) {
		p->feed->format = fp_rss_format(nb, attrs);
		return;
	}
	if (strcmp(n, "RDF") == 0) {
		p->feed->format = "RSS 1.0";
		return;
	}
	if (strcmp(n, "feed") == 0) {
		p->feed->format = strcmp(ns, NS_ATOM) == 0 ? "Atom 1.0"
			: strcmp(ns, NS_ATOM03) == 0 ? "Atom 0.3" : "Atom";
		p->chan_open = true;
		p->chan_depth = 0;
		return;
	}
	ldn_cause(&p->cause, LDN_EPARSE, FP_NOT_A_FEED " (root element <%s>)", n);
	feed_parse_fail(p, LDN_EPARSE);
}

/* Starts the capture of a field, or handles an attribute-only element. */
static void
feed_parse_element(struct feed_parser *p, const struct fp_tag *t, size_t d,
		   int nb, const xmlChar **attrs)
{
	bool in_item = p->item != NULL && d == p->item_depth + 1;
	bool in_chan = p->item == NULL && p->chan_open && d == p->chan_depth + 1;
	bool skip = (p->flags & FEED_PARSE_SKIP_CONTENT) != 0;

	switch (t->role) {
	case R_CHANNEL:
		if (p->item == NULL) {
			p->chan_open = true;
			p->chan_depth = d;
		}
		/* an RDF root is RSS 1.0 or 0.90: its channel's namespace says */
		if (strcmp(t->ns, NS_RSS090) == 0)
			p->feed->format = "RSS 0.90";
		break;
	case R_ITEM:
		if (p->item == NULL)
			feed_parse_item_begin(p, d);
		break;
	case R_TITLE:
	case R_LINK:
	case R_SUBTITLE:
		if (in_item || in_chan)
			feed_parse_begin(p, t->role, K_TEXT, d, CAP_SHORT);
		break;
	case R_TTL:
	case R_SY_PERIOD:
	case R_SY_FREQ:
		if (in_chan)
			feed_parse_begin(p, t->role, K_TEXT, d, CAP_SHORT);
		break;
	case R_ATOM_TITLE:
		if (in_item || in_chan)
			feed_parse_begin(p, t->role, feed_parse_kind(nb, attrs, t->flags),
					 d, CAP_SHORT);
		break;
	case R_DESCRIPTION:
		if (in_item || in_chan)
			feed_parse_begin(p, t->role, K_HTML, d, in_item ? CAP_BODY : CAP_SHORT);
		break;
	case R_GUID:
		if (in_item) {
			p->guid_permalink = !fp_attr_is(nb, attrs, "isPermaLink", "false");
			feed_parse_begin(p, t->role, K_TEXT, d, CAP_SHORT);
		}
		break;
	case R_ID:
	case R_PUBLISHED:
	case R_UPDATED:
	case R_AUTHOR:
	case R_CATEGORY:
		if (in_item)
			feed_parse_begin(p, t->role, K_TEXT, d, CAP_SHORT);
		break;
	case R_ATOM_AUTHOR:
		if (in_item || in_chan) {
			p->in_author = true;
			p->author_depth = d;
		}
		break;
	case R_ATOM_NAME:
		if (p->in_author && d == p->author_depth + 1)
			feed_parse_begin(p, t->role, K_TEXT, d, CAP_SHORT);
		break;
	case R_SUMMARY:
		if (in_item)
			feed_parse_begin(p, t->role, feed_parse_kind(nb, attrs, t->flags),
					 d, CAP_BODY);
		break;
	case R_CONTENT:
		if (in_item && !skip)
			feed_parse_begin(p, t->role, feed_parse_kind(nb, attrs, t->flags),
					 d, CAP_BODY);
		break;
	case R_ENCODED:
		if (in_item && !skip)
			feed_parse_begin(p, t->role, K_HTML, d, CAP_BODY);
		break;
	case R_ATOM_LINK:
		if (in_item || in_chan)
			feed_parse_atom_link(p, nb, attrs);
		break;
	case R_ATOM_CATEGORY:
		if (in_item)
			feed_parse_atom_category(p, nb, attrs);
		break;
	case R_ENCLOSURE:
		if (in_item)
			feed_parse_enclosure(p, nb, attrs, "url", "length", false);
		break;
	case R_MEDIA:
		/* anywhere in the item: media:content often sits in media:group */
		if (p->item != NULL && d > p->item_depth)
			feed_parse_enclosure(p, nb, attrs, "url", "fileSize", true);
		break;
	case R_ALT_TITLE:
	case R_KEYWORDS:
		/* media:title and media:keywords may sit in media:group too */
		if (p->item != NULL && d > p->item_depth)
			feed_parse_begin(p, t->role, K_TEXT, d, CAP_SHORT);
		break;
	case R_ITUNES_CATEGORY:
		if (in_item)
			feed_parse_itunes_category(p, nb, attrs);
		break;
	default:
		break;
	}
}

static void
feed_parse_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
		 const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
		 int nb_attributes, int nb_defaulted, const xmlChar **attrs)
{
	struct feed_parser *p = ctx;
	const xmlChar **base;
	const struct fp_tag *t;
	size_t d = p->depth++;

	p->lib_depth++;
	if (d < FP_DEPTH_MAX)
		p->names[d] = localname; /* libxml2's dictionary keeps it */

	(void)prefix;
	(void)nb_namespaces;
	(void)namespaces;
	(void)nb_defaulted;
	if (p->stopped)
		return;
	if (nb_attributes > 0 &&
	    (base = fp_attr(nb_attributes, attrs, (const char *)XML_XML_NAMESPACE,
			    "base")) != NULL) {
		feed_parse_push_base(p, base, d);
	}
	if (d == 0) {
		feed_parse_root(p, localname, uri, nb_attributes, attrs);
		return;
	}
	if (p->capturing) {
		feed_parse_markup_start(p, d, localname, uri, nb_attributes, attrs);
		return;
	}
	if ((t = feed_parse_lookup(uri, localname)) != NULL)
		feed_parse_element(p, t, d, nb_attributes, attrs);
}

/* Closes the innermost open element. */
static void
feed_parse_close(struct feed_parser *p)
{
	size_t d = --p->depth;

	if (p->stopped)
		return;
	if (p->capturing) {
		if (d > p->cap_depth)
			feed_parse_markup_end(p, d, d < FP_DEPTH_MAX ? p->names[d] :
					      (const xmlChar *)"");
		else
			feed_parse_end_capture(p);
	}
	if (p->in_author && d == p->author_depth)
		p->in_author = false;
	else if (p->item != NULL && d == p->item_depth)
		feed_parse_item_end(p);
	else if (p->chan_open && d == p->chan_depth)
		p->chan_open = false;
	feed_parse_pop_base(p, d);
}

/* The depth of the innermost open element named name (a local name, or a
 * prefixed one), or -1. */
static long
feed_parse_open_named(const struct feed_parser *p, const char *name)
{
	const char *colon = strrchr(name, ':');
	size_t d;

	if (colon != NULL)
		name = colon + 1;
	for (d = p->depth < FP_DEPTH_MAX ? p->depth : FP_DEPTH_MAX; d-- > 0;)
		if (strcmp((const char *)p->names[d], name) == 0)
			return (long)d;
	return -1;
}

/* Is s an XML name of ASCII letters, digits, '-', '_', '.' and ':' that
 * fits n bytes with its NUL? (What a message may quote.) */
static bool
fp_plain_name(const char *s, size_t n)
{
	size_t len = s != NULL ? strlen(s) : 0;

	return len > 0 && len < n && strspn(s, "abcdefghijklmnopqrstuvwxyz"
					    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:") == len;
}

/* An end tag that is not the innermost open element's: counted, the
 * first named, for one warning. */
static void
feed_parse_misnested(struct feed_parser *p, const char *name)
{
	const char *open = p->depth > 0 && p->depth <= FP_DEPTH_MAX ?
	    (const char *)p->names[p->depth - 1] : "";

	if (p->mismatches++ > 0)
		return;
	p->mismatch_line = xmlSAX2GetLineNumber(p->ctxt);
	snprintf(p->mismatch_first, sizeof(p->mismatch_first), "</%s> in <%s>",
		 fp_plain_name(name, 64) ? name : "?", fp_plain_name(open, 64) ? open : "?");
}

/*
 * An end tag. libxml2 closes its innermost element for every end tag,
 * even one that names another (feed_parse_serror lets it go on then):
 * "<description>News<b>Update</description>" would leave the description
 * open and put every later item inside it. So the document's own element
 * stack is kept here, and an end tag closes the innermost open element
 * of its name, with everything inside it, as HTML parsers do. One that
 * names no open element closes libxml2's innermost, a misspelt
 * "</titel>", when both stacks agree; otherwise it is stray and ignored.
 */
static void
feed_parse_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
	       const xmlChar *uri)
{
	struct feed_parser *p = ctx;
	const char *name = (const char *)localname;
	bool in_step = p->lib_depth == p->depth;
	long k;

	(void)prefix;
	(void)uri;
	p->lib_depth--;
	if (p->mismatch_now) {
		p->mismatch_now = false;
		/* back to stopping at errors, and nothing left that says stop */
		p->ctxt->recovery = 0;
		p->ctxt->errNo = XML_ERR_OK;
		name = p->mismatch;
	}
	k = feed_parse_open_named(p, name);
	if (k < 0 || (size_t)k + 1 < p->depth)
		feed_parse_misnested(p, name);
	if (k >= 0) {
		while (p->depth > (size_t)k)
			feed_parse_close(p);
	} else if (in_step && p->depth > 0) {
		feed_parse_close(p);
	}
}

/*
 * Entities: only internal ones are visible. An external entity is reported
 * as undeclared by libxml2 instead of being fetched (file: or http:).
 */
/*
 * An entity the document does not define (libxml2 would stop at it): an
 * HTML5 name stands for its character(s), any other name for its own text
 * ("&sitename;"), and nothing is ever loaded. Made up as a "predefined"
 * entity, whose content libxml2 hands to the characters callback as it
 * is, right away (xmlParseReference, xmlParseAttValueComplex): so one
 * entity per parser serves every such reference.
 */
static xmlEntityPtr
feed_parse_text_entity(struct feed_parser *p, const xmlChar *name)
{
	size_t n = strlen((const char *)name);
	const char *text = htmlent_lookup((const char *)name, n);
	xmlEntityPtr e = &p->text_entity;

	if (text == NULL) {
		if (!p->told_entity) {
			p->told_entity = true;
			feed_parse_warnf(p, "line %d: Entity '%.64s' not defined, kept as text",
					 xmlSAX2GetLineNumber(p->ctxt), (const char *)name);
		}
		buf_reset(&p->entity_text);
		if (buf_append(&p->entity_text, "&", 1) != LDN_OK ||
		    buf_append(&p->entity_text, name, n) != LDN_OK ||
		    buf_append(&p->entity_text, ";", 1) != LDN_OK) {
			feed_parse_nomem(p);
			return NULL;
		}
		text = buf_cstr(&p->entity_text);
	}
	memset(e, 0, sizeof(*e));
	e->type = XML_ENTITY_DECL;
	e->etype = XML_INTERNAL_PREDEFINED_ENTITY;
	e->name = name;
	/* libxml2 only reads it */
	e->content = (xmlChar *)(uintptr_t)text;
	e->length = (int)strlen(text);
	return e;
}

static xmlEntityPtr
feed_parse_get_entity(void *ctx, const xmlChar *name)
{
	struct feed_parser *p = ctx;
	xmlEntityPtr e = xmlGetPredefinedEntity(name);

	if (e != NULL)
		return e;
	e = p->ctxt->myDoc != NULL ? xmlGetDocEntity(p->ctxt->myDoc, name) : NULL;
	/* Inside the DTD libxml2 keeps its own rules (and, stopped there,
	 * leaks what it was declaring): nothing is made up. */
	if ((e == NULL || e->etype != XML_INTERNAL_GENERAL_ENTITY) && p->ctxt->inSubset != 0)
		return NULL;
	if (e == NULL || e->etype != XML_INTERNAL_GENERAL_ENTITY)
		return feed_parse_text_entity(p, name);
	/*
	 * libxml2 2.9's amplification check counts only entities that hold
	 * references: one plain 100 kB entity used 100,000 times (the
	 * "quadratic blow-up") expands to 10 GB unchecked. Every reference
	 * comes through here, so the expansion is budgeted here.
	 */
	if (e->length > 0) {
		p->entity_bytes += (size_t)e->length;
		if (p->entity_bytes > FP_ENTITY_BUDGET) {
			if (p->status == LDN_OK)
				ldn_cause(&p->cause, LDN_EPARSE, "entity expansion refused "
					  "(amplification) at line %d: entities expand to "
					  "more than %d MiB", xmlSAX2GetLineNumber(p->ctxt),
					  FP_ENTITY_BUDGET >> 20);
			feed_parse_fail(p, LDN_EPARSE);
			return NULL;
		}
	}
	return e;
}

static xmlEntityPtr
feed_parse_get_pentity(void *ctx, const xmlChar *name)
{
	struct feed_parser *p = ctx;
	xmlEntityPtr e;

	if (p->ctxt->myDoc == NULL)
		return NULL;
	e = xmlGetParameterEntity(p->ctxt->myDoc, name);
	if (e != NULL && e->etype != XML_INTERNAL_PARAMETER_ENTITY)
		return NULL;
	return e;
}

static xmlParserInputPtr
feed_parse_resolve_entity(void *ctx, const xmlChar *public_id,
			  const xmlChar *system_id)
{
	(void)ctx;
	(void)public_id;
	(void)system_id;
	return NULL;
}

static void
feed_parse_external_subset(void *ctx, const xmlChar *name, const xmlChar *external_id,
			   const xmlChar *system_id)
{
	(void)ctx;
	(void)name;
	(void)external_id;
	(void)system_id;
}

/* libxml2's own DTD handlers keep the entity table; they want the ctxt. */
static void
feed_parse_start_document(void *ctx)
{
	struct feed_parser *p = ctx;

	xmlSAX2StartDocument(p->ctxt);
}

static void
feed_parse_internal_subset(void *ctx, const xmlChar *name, const xmlChar *external_id,
			   const xmlChar *system_id)
{
	struct feed_parser *p = ctx;

	xmlSAX2InternalSubset(p->ctxt, name, external_id, system_id);
}

static void
feed_parse_entity_decl(void *ctx, const xmlChar *name, int type,
		       const xmlChar *public_id, const xmlChar *system_id,
		       xmlChar *content)
{
	struct feed_parser *p = ctx;

	xmlSAX2EntityDecl(p->ctxt, name, type, public_id, system_id, content);
}

/* libxml2 reports through here, never to stderr. */
/*
 * An end tag that does not match the element libxml2 has open (err->str1
 * that one, err->str2 the end tag's name): a fatal error, after which
 * libxml2 would deliver nothing. It is let through (recovery, for this one
 * error: libxml2 then closes its innermost element and goes on), and
 * feed_parse_end, called next, decides what the end tag closes.
 */
static void
feed_parse_mismatch(struct feed_parser *p, xmlErrorPtr e)
{
	p->ctxt->recovery = 1;
	p->mismatch_now = true;
	snprintf(p->mismatch, sizeof(p->mismatch), "%s",
		 fp_plain_name(e->str2, sizeof(p->mismatch)) ? e->str2 : "");
}

static void
feed_parse_serror(void *ctx, xmlErrorPtr e)
{
	struct feed_parser *p = ctx;
	size_t n;

	/* Warnings are noise; after the first fatal error, echoes. */
	if (e == NULL || e->level == XML_ERR_WARNING || p->xml_errno != 0)
		return;
	if (e->code == XML_ERR_TAG_NAME_MISMATCH) {
		feed_parse_mismatch(p, e);
		return;
	}
	/* libxml2's own stack, off by the end tags it mismatched, is still
	 * open where the document's is closed */
	if (p->terminating && p->root_seen && p->depth == 0 && p->lib_depth > 0)
		return;
	if (e->level == XML_ERR_FATAL)
		p->xml_errno = e->code;
	if (e->code == XML_ERR_NO_MEMORY && p->status == LDN_OK) {
		p->status = LDN_ENOMEM;
		ldn_cause(&p->cause, LDN_ENOMEM, "out of memory in the XML parser");
		return;
	}
	/* libxml2 ends its messages with a newline; one line is what we print. */
	n = e->message != NULL ? strlen(e->message) : 0;
	while (n > 0 && fp_space(e->message[n - 1]))
		n--;
	if (e->code == XML_ERR_ENTITY_LOOP && p->status == LDN_OK) {
		p->status = LDN_EPARSE;
		ldn_cause(&p->cause, LDN_EPARSE,
			  "entity expansion refused (loop or amplification) at line %d: %.*s",
			  e->line, (int)n, e->message != NULL ? e->message : "");
	}
	/* libxml2 words a cut-off document as "Extra content"; say it plainly */
	if (p->terminating && p->root_seen && p->depth > 0) {
		feed_parse_warnf(p, "line %d: document ends early (truncated), "
				 "%zu element(s) left open", e->line, p->depth);
		return;
	}
	feed_parse_warnf(p, "line %d: %.*s", e->line, (int)n,
			 e->message != NULL ? e->message : "");
}

/*
 * libxml2 raises encoding and I/O errors (bytes that are not in the
 * document's encoding) without a parser context, to its per-thread handlers,
 * which print on stderr. While our parser runs they come here instead: the
 * first becomes a warning, the parser halts on its own (it keeps the
 * articles before the fault).
 */
static void
feed_parse_lib_error(void *ctx, xmlErrorPtr e)
{
	struct feed_parser *p = ctx;
	size_t n;

	if (e == NULL || e->level == XML_ERR_WARNING || p->lib_error)
		return;
	p->lib_error = true;
	n = e->message != NULL ? strlen(e->message) : 0;
	while (n > 0 && fp_space(e->message[n - 1]))
		n--;
	feed_parse_warnf(p, "line %d: %.*s", xmlSAX2GetLineNumber(p->ctxt), (int)n,
			 e->message != NULL ? e->message : "");
}

/* The same errors' older, printf-like channel: their structured twin above
 * already said it. */
static void LDN_PRINTF(2, 3)
feed_parse_lib_generic(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* --- public interface --- */

int
feed_parse_new(struct feed_parser **out, const char *url, unsigned flags)
{
	struct feed_parser *p;
	xmlSAXHandler sax;

	*out = NULL;
	xmlInitParser();
	if ((p = calloc(1, sizeof(*p))) == NULL)
		return LDN_ENOMEM;
	p->flags = flags;
	buf_init(&p->warn, CAP_WARN);
	buf_init(&p->text, CAP_SHORT);
	buf_init(&p->head, HEAD_MAX);
	buf_init(&p->entity_text, HEAD_MAX); /* names stop at 50,000 bytes */
	p->url = strdup(url);
	p->feed = feed_new(url);
	if (p->url == NULL || p->feed == NULL)
		goto fail;

	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startDocument = feed_parse_start_document;
	sax.internalSubset = feed_parse_internal_subset;
	sax.externalSubset = feed_parse_external_subset;
	sax.entityDecl = feed_parse_entity_decl;
	sax.getEntity = feed_parse_get_entity;
	sax.getParameterEntity = feed_parse_get_pentity;
	sax.resolveEntity = feed_parse_resolve_entity;
	sax.startElementNs = feed_parse_start;
	sax.endElementNs = feed_parse_end;
	sax.characters = feed_parse_characters;
	sax.cdataBlock = feed_parse_characters;
	sax.ignorableWhitespace = feed_parse_characters;
	sax.serror = feed_parse_serror;

	p->ctxt = xmlCreatePushParserCtxt(&sax, p, NULL, 0, NULL);
	if (p->ctxt == NULL)
		goto fail;
	/*
	 * NOENT expands internal entities; it is safe only because the SAX
	 * getters above never hand out an external one. No RECOVER: events
	 * stop at the first fatal error, which is what keeps the articles
	 * before a fault and nothing after it.
	 */
	xmlCtxtUseOptions(p->ctxt, FP_XML_OPTIONS);
	*out = p;
	return LDN_OK;
fail:
	feed_parse_free(p);
	return LDN_ENOMEM;
}

void
feed_parse_set_article_cb(struct feed_parser *p, feed_parse_article_fn cb,
			  void *payload)
{
	p->cb = cb;
	p->cb_payload = payload;
}

/* Only for the message of a document that never reached a root element. */
static void
feed_parse_sniff(struct feed_parser *p, const char *data, size_t len)
{
	size_t i;

	if (!p->saw_markup && len > 0 && memchr(data, '<', len) != NULL)
		p->saw_markup = true;
	for (i = 0; !p->saw_text && i < len; i++)
		if (!fp_space(data[i]))
			p->saw_text = true;
}

/*
 * RFC 7303: the charset of the HTTP Content-Type wins over the XML
 * declaration, which libxml2 is then told to ignore. A byte order mark wins
 * over both, as in the WHATWG encoding standard: after a UTF-8 one the
 * document is UTF-8 (the mark dropped, libxml2 would take it for text once
 * told the encoding), a UTF-16 one (first byte 0xFE or 0xFF) is left to
 * libxml2's own detection. An unknown charset is ignored with a warning.
 */
static void
feed_parse_use_charset(struct feed_parser *p, int first)
{
	const char *name = p->force_utf8 ? "UTF-8" : p->charset;
	xmlCharEncodingHandlerPtr h;

	if (name == NULL || first == 0xFE || first == 0xFF)
		return;
	if (p->bom == 3) {
		name = "UTF-8";
		p->skip = 3;
	}
	if (strlen(name) > 64 || (h = xmlFindCharEncodingHandler(name)) == NULL) {
		feed_parse_warnf(p, "unknown charset \"%.64s\" in the Content-Type ignored, "
				 "the document's own encoding used", name);
		return;
	}
	if (xmlSwitchToEncoding(p->ctxt, h) != 0) {
		feed_parse_warnf(p, "charset \"%s\" of the Content-Type could not be used",
				 name);
		return;
	}
	xmlCtxtUseOptions(p->ctxt, FP_XML_OPTIONS | XML_PARSE_IGNORE_ENC);
}

/* Parses what was pushed; false once parsing cannot go on. */
static bool
feed_parse_chunk(struct feed_parser *p, const char *data, int len, int terminate)
{
	xmlGenericErrorFunc generic = xmlGenericError;
	void *generic_ctx = xmlGenericErrorContext;
	xmlStructuredErrorFunc structured = xmlStructuredError;
	void *structured_ctx = xmlStructuredErrorContext;
	int rc;

	xmlSetGenericErrorFunc(p, feed_parse_lib_generic);
	xmlSetStructuredErrorFunc(p, feed_parse_lib_error);
	rc = xmlParseChunk(p->ctxt, data, len, terminate);
	xmlSetGenericErrorFunc(generic_ctx, generic);
	xmlSetStructuredErrorFunc(structured_ctx, structured);
	if (p->status != LDN_OK || rc != 0 || p->xml_errno != 0)
		p->stopped = true;
	return !p->stopped;
}

/* Hands bytes to libxml2, in pieces its int length takes. */
static void
feed_parse_xml(struct feed_parser *p, const char *data, size_t len)
{
	size_t n;

	while (!p->stopped && len > 0) {
		n = len > INT32_MAX ? INT32_MAX : len;
		feed_parse_chunk(p, data, (int)n, 0);
		data += n;
		len -= n;
	}
}

/* Filtered bytes on their way to libxml2 (feed_filter's sink). */
static bool
feed_parse_sink(void *ctx, const char *s, size_t n)
{
	struct feed_parser *p = ctx;

	feed_parse_xml(p, s, n);
	return !p->stopped;
}

/* The syntax is known: set up its reader. `first` is the first byte of the
 * document, -1 when there is none. */
static void
feed_parse_choose(struct feed_parser *p, enum fp_syntax syntax, int first)
{
	p->syntax = syntax;
	if (syntax == FP_XML) {
		feed_filter_init(&p->ff, p->utf8, feed_parse_sink, p);
		feed_parse_use_charset(p, first);
		return;
	}
	/* JSON is UTF-8 whatever the Content-Type says (RFC 8259); json-c
	 * does not expect the BOM */
	p->skip = p->bom;
	if (feed_json_new(&p->json, p->bom) != LDN_OK)
		feed_parse_nomem(p);
}

/* Hands bytes to the reader of the syntax, dropping a BOM it must not see. */
static void
feed_parse_route(struct feed_parser *p, const char *data, size_t len)
{
	size_t n;
	int st;

	n = p->skip < len ? p->skip : len;
	p->skip -= n;
	data += n;
	len -= n;
	if (p->syntax == FP_JSON) {
		if (!p->stopped && len > 0 &&
		    (st = feed_json_push(p->json, data, len, &p->cause)) != LDN_OK)
			feed_parse_fail(p, st);
		return;
	}
	if (p->filter)
		feed_filter_push(&p->ff, data, len);
	else
		feed_parse_xml(p, data, len);
}

/* The blanks and UTF-8 BOMs (one, or two from a careless concatenation)
 * that lead s: where the first other byte is; *boms, how many BOMs. */
static size_t
fp_lead(const char *s, size_t n, size_t *boms)
{
	size_t i = 0;

	*boms = 0;
	while (i < n) {
		if (fp_space(s[i])) {
			i++;
		} else if (n - i >= 3 && memcmp(s + i, "\xef\xbb\xbf", 3) == 0) {
			(*boms)++;
			i += 3;
		} else {
			break;
		}
	}
	return i;
}

/* Can the markup at s (n bytes, n >= 5) begin a document: a comment, a
 * DOCTYPE, a processing instruction, or a feed's or a page's root? */
static bool
fp_may_begin(const char *s, size_t n)
{
	static const char *const starts[] = { "<!", "<?", "<rss", "<feed", "<rdf", "<RDF",
					      "<html", "<HTML" };
	size_t k, len;

	for (k = 0; k < sizeof(starts) / sizeof(starts[0]); k++) {
		len = strlen(starts[k]);
		if (n >= len && memcmp(s, starts[k], len) == 0)
			return true;
	}
	return false;
}

/* Do the first n bytes of a document say how to read it: its first
 * markup and, when that is an XML declaration, all of it (the encoding it
 * names decides how bytes are read)? */
static bool
fp_head_ready(const char *s, size_t n)
{
	size_t boms, i = fp_lead(s, n, &boms);
	const char *q;

	if (i == n || (n - i < 3 && memcmp(s + i, "\xef\xbb\xbf", n - i) == 0))
		return false;
	s += i;
	n -= i;
	if (*s == '{')
		return true;
	if (*s != '<') { /* text before the markup: the markup decides */
		if ((q = memchr(s, '<', n)) == NULL)
			return false;
		n -= (size_t)(q - s);
		s = q;
	}
	if (n < 5)
		return memcmp(s, "<?xml", n) != 0;
	if (memcmp(s, "<?xml", 5) != 0) {
		/* markup that may begin a document decides; other markup may
		 * be a script's warning before the declaration */
		if (fp_may_begin(s, n))
			return true;
		if ((q = discover_xml_decl(s, n)) == NULL)
			return n >= DISCOVER_JUNK_MAX;
		n -= (size_t)(q - s);
		s = q;
	}
	for (q = s; (q = memchr(q, '?', n - (size_t)(q - s))) != NULL; q++)
		if ((size_t)(q - s) + 1 < n && q[1] == '>')
			return true;
	return false;
}

/* The encoding an XML declaration at s names, lower case, in out ("" for
 * none or for one that does not fit). */
static void
fp_decl_encoding(const char *s, size_t n, char out[64])
{
	const char *e, *end = s + n;
	size_t k = 0;
	char quote;

	out[0] = '\0';
	if (n < 5 || memcmp(s, "<?xml", 5) != 0)
		return;
	for (e = s + 5; e + 8 < end && !(e[0] == '?' && e[1] == '>'); e++)
		if (memcmp(e, "encoding", 8) == 0)
			break;
	if (e + 8 >= end || memcmp(e, "encoding", 8) != 0)
		return;
	for (e += 8; e < end && fp_space(*e); e++)
		;
	if (e == end || *e++ != '=')
		return;
	for (; e < end && fp_space(*e); e++)
		;
	if (e == end || (*e != '"' && *e != '\''))
		return;
	quote = *e++;
	for (; e < end && *e != quote && k < 63; e++)
		out[k++] = (char)tolower((unsigned char)*e);
	out[e < end && *e == quote ? k : 0] = '\0';
}

static bool
fp_is_utf8_name(const char *name)
{
	return strcasecmp(name, "utf-8") == 0 || strcasecmp(name, "utf8") == 0;
}

/* Does libxml2 (iconv) know this encoding? */
static bool
fp_known_encoding(const char *name)
{
	xmlCharEncodingHandlerPtr h = xmlFindCharEncodingHandler(name);

	if (h == NULL)
		return false;
	xmlCharEncCloseFunc(h);
	return true;
}

/*
 * How an ASCII-compatible XML document (doc, n bytes from its first
 * markup) is read. UTF-8 (said by the HTTP charset, a BOM, its own
 * declaration, or nothing at all: XML's default) is checked byte by byte
 * and a byte that is not UTF-8 read as windows-1252. A declaration that
 * cannot be right (UTF-16 over bytes with no NUL) or that libxml2 does
 * not know ("win-1252") would stop libxml2 at once: such a document is
 * read as UTF-8 that way, and said so. Any other encoding is libxml2's to
 * convert; ISO-2022's escape sequences are its text, so nothing is
 * filtered there.
 */
static void
feed_parse_encoding(struct feed_parser *p, const char *doc, size_t n)
{
	char decl[64];

	fp_decl_encoding(doc, n, decl);
	p->filter = strncmp(decl, "iso-2022", 8) != 0;
	if (p->bom == 3) { /* it wins over the header and the declaration */
		p->utf8 = true;
		return;
	}
	if (p->charset != NULL && fp_known_encoding(p->charset)) {
		p->utf8 = fp_is_utf8_name(p->charset);
		return;
	}
	if (decl[0] == '\0' || fp_is_utf8_name(decl)) {
		p->utf8 = true;
		return;
	}
	if (strncmp(decl, "utf-16", 6) == 0 || strncmp(decl, "utf-32", 6) == 0 ||
	    strncmp(decl, "ucs-", 4) == 0 || !fp_known_encoding(decl)) {
		/* the document's own words: quoted only when they are a name */
		feed_parse_warnf(p, "line 1: the declared encoding \"%s\" does not fit the "
				 "document: read as UTF-8",
				 strspn(decl, "abcdefghijklmnopqrstuvwxyz0123456789._:-") ==
				 strlen(decl) ? decl : "?");
		p->utf8 = p->force_utf8 = true;
	}
}

/*
 * The document's first bytes (doc, n; all of them when it is shorter) say
 * what it is: JSON, XML with a UTF-16 BOM (libxml2's to read), or other
 * XML, whose leading blanks and BOMs go (WordPress, FeedBurner and YouTube
 * send them, and libxml2 stops at the declaration after them; a BOM
 * still says UTF-8 and goes in front), then any text before its first
 * markup ("Warning: ..." from a broken script), and whose encoding decides
 * how the rest is read.
 */
static void
feed_parse_begin_doc(struct feed_parser *p, const char *doc, size_t n)
{
	static const char bom[] = "\xef\xbb\xbf";
	size_t boms, at = fp_lead(doc, n, &boms);
	int first = n > 0 ? (unsigned char)doc[0] : -1;
	const char *lt;

	if ((at < n && doc[at] == '{') || first == 0xFE || first == 0xFF) {
		p->bom = n >= 3 && memcmp(doc, bom, 3) == 0 ? 3 : 0;
		feed_parse_choose(p, at < n && doc[at] == '{' ? FP_JSON : FP_XML, first);
		feed_parse_route(p, doc, n);
		return;
	}
	p->bom = boms > 0 ? 3 : 0;
	doc += at;
	n -= at;
	if ((lt = discover_xml_decl(doc, n)) != NULL && lt > doc) {
		feed_parse_warnf(p, "line 1: %zu bytes before the XML declaration ignored",
				 (size_t)(lt - doc));
		n -= (size_t)(lt - doc);
		doc = lt;
	}
	if (n > 0 && *doc != '<' && (lt = memchr(doc, '<', n)) != NULL) {
		feed_parse_warnf(p, "line 1: %zu bytes of text before the first element ignored",
				 (size_t)(lt - doc));
		n -= (size_t)(lt - doc);
		doc = lt;
	}
	/* No NUL among the first bytes: not UTF-16 or UTF-32 without a BOM,
	 * so a byte below 0x20 is that control character. */
	if (memchr(doc, '\0', n < 4 ? n : 4) == NULL)
		feed_parse_encoding(p, doc, n);
	feed_parse_choose(p, FP_XML, first);
	feed_parse_route(p, bom, p->bom);
	feed_parse_route(p, doc, n);
}

/* Decides how to read the document once its first bytes say (or at its
 * end); until then they wait in p->head. */
static void
feed_parse_decide(struct feed_parser *p, const char *data, size_t len, bool end)
{
	if (p->head.len == 0 && (end || fp_head_ready(data, len))) {
		feed_parse_begin_doc(p, data, len);
		return;
	}
	if (buf_append(&p->head, data, len) != LDN_OK) {
		/* HEAD_MAX bytes and still undecided: decide on those */
		feed_parse_begin_doc(p, buf_cstr(&p->head), p->head.len);
		buf_free(&p->head);
		feed_parse_route(p, data, len);
		return;
	}
	if (!end && !fp_head_ready(p->head.data, p->head.len))
		return;
	feed_parse_begin_doc(p, buf_cstr(&p->head), p->head.len);
	buf_free(&p->head);
}

/*
 * LDN_EPARSE here only means "stop sending bytes": a malformed document
 * still finishes as LDN_OK with the articles before the fault.
 */
int
feed_parse_push(struct feed_parser *p, const char *data, size_t len)
{
	feed_parse_sniff(p, data, len);
	if (p->syntax == FP_UNKNOWN && !p->stopped)
		feed_parse_decide(p, data, len, false);
	else
		feed_parse_route(p, data, len);
	if (!p->stopped)
		return LDN_OK;
	return p->status == LDN_ENOMEM ? LDN_ENOMEM : LDN_EPARSE;
}

/* Every article gets the final feed title, even when it came late. */
static int
feed_parse_fix_titles(struct feed_parser *p)
{
	struct feed *f = p->feed;
	size_t i;
	char *t;

	for (i = 0; i < f->articles.len; i++) {
		struct article *a = f->articles.items[i];

		if (strcmp(a->feed, f->title) != 0) {
			if ((t = strdup(f->title)) == NULL)
				return LDN_ENOMEM;
			free(a->feed);
			a->feed = t;
		}
		if (a->author == NULL && p->feed_author != NULL &&
		    (a->author = strdup(p->feed_author)) == NULL)
			return LDN_ENOMEM;
	}
	return LDN_OK;
}

/* The JSON document is complete: map it into the feed. */
static void
feed_parse_end_json(struct feed_parser *p)
{
	struct feed_json_env env;
	int st;

	if (p->stopped)
		return;
	env.feed = p->feed;
	env.url = p->url;
	env.base = feed_parse_base(p);
	env.flags = p->flags;
	env.cb = p->cb;
	env.cb_payload = p->cb_payload;
	env.unique_id = feed_parse_unique_id_cb;
	env.unique_ctx = p;
	env.drops = &p->drops;
	env.warn = &p->warn;
	if ((st = feed_json_finish(p->json, &env, &p->cause)) != LDN_OK)
		feed_parse_fail(p, st);
}

/* sy:updatePeriod (default daily) over sy:updateFrequency (default 1),
 * when the feed gave no <ttl>. */
static void
feed_parse_end_ttl(struct feed_parser *p)
{
	long period = p->sy_period > 0 ? p->sy_period : 1440;
	long freq = p->sy_freq > 0 ? p->sy_freq : 1;

	if (p->feed->ttl_minutes > 0 || (p->sy_period == 0 && p->sy_freq == 0))
		return;
	p->feed->ttl_minutes = period / freq > 0 ? period / freq : 1;
}

/* What the byte filter mended, a line each. */
static void
feed_parse_filter_warnings(struct feed_parser *p)
{
	const struct feed_filter *f = &p->ff;

	if (f->dropped.n > 0)
		feed_parse_warnf(p, "line %zu: %zu character%s that XML forbids (control "
				 "characters, escape sequences, U+FFFE, U+FFFF) removed, the first "
				 "here", f->dropped.line, f->dropped.n, f->dropped.n == 1 ? "" : "s");
	if (f->latin.n > 0)
		feed_parse_warnf(p, "line %zu: %zu byte%s that %s not UTF-8 read as windows-1252, "
				 "the first here", f->latin.line, f->latin.n,
				 f->latin.n == 1 ? "" : "s", f->latin.n == 1 ? "is" : "are");
	if (f->c1.n > 0)
		feed_parse_warnf(p, "line %zu: %zu C1 control character%s read as windows-1252, "
				 "the first here", f->c1.line, f->c1.n, f->c1.n == 1 ? "" : "s");
	if (f->amps.n > 0)
		feed_parse_warnf(p, "line %zu: %zu '&' that start%s no reference read as text, "
				 "the first here", f->amps.line, f->amps.n, f->amps.n == 1 ? "s" : "");
}

int
feed_parse_finish(struct feed_parser *p, struct feed **out, char **warning,
		  char **cause)
{
	*out = NULL;
	if (warning != NULL)
		*warning = NULL;
	/* nothing but blanks: XML's messages say what is wrong */
	if (p->syntax == FP_UNKNOWN && !p->stopped)
		feed_parse_decide(p, "", 0, true);
	if (p->syntax == FP_JSON)
		feed_parse_end_json(p);
	else if (!p->stopped) {
		if (p->filter) /* what the document's end cut off */
			feed_filter_finish(&p->ff);
		p->terminating = true;
		feed_parse_chunk(p, NULL, 0, 1);
		p->terminating = false;
	}
	p->stopped = true;
	feed_parse_filter_warnings(p);
	if (p->mismatches > 0)
		feed_parse_warnf(p, "line %d: %zu misnested end tag%s read past, the first %s",
				 p->mismatch_line, p->mismatches, p->mismatches == 1 ? "" : "s",
				 p->mismatch_first);
	feed_parse_warn_drops(p);
	if (p->status != LDN_OK) {
		if (cause != NULL && *cause == NULL) {
			*cause = p->cause;
			p->cause = NULL;
		}
		return ldn_cause(cause, p->status, "%s", "out of memory");
	}
	if (p->syntax == FP_XML && !p->root_seen) {
		if (!p->saw_text)
			return ldn_cause(cause, LDN_EPARSE,
					 "empty document, " FP_NOT_A_FEED);
		if (!p->saw_markup)
			return ldn_cause(cause, LDN_EPARSE,
					 FP_NOT_A_FEED " (no XML markup)");
		return ldn_cause(cause, LDN_EPARSE,
				 FP_NOT_A_FEED " (not well-formed XML: %s)",
				 p->warn.len > 0 ? buf_cstr(&p->warn) : "no root element");
	}
	/* "0 articles" is silent only when the feed has none: a fault that
	 * left none is the feed's failure, named. */
	if (p->syntax == FP_XML && p->items == 0 && (p->xml_errno != 0 || p->lib_error))
		return ldn_cause(cause, LDN_EPARSE, "no article could be read (%s)",
				 p->warn.len > 0 ? buf_cstr(&p->warn) : "not well-formed XML");
	if (feed_parse_fix_titles(p) != LDN_OK)
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	feed_parse_end_ttl(p);
	if (warning != NULL && p->warn.len > 0) {
		if ((*warning = buf_detach(&p->warn)) == NULL)
			return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	}
	*out = p->feed;
	p->feed = NULL;
	return LDN_OK;
}

void
feed_parse_free(struct feed_parser *p)
{
	if (p == NULL)
		return;
	if (p->ctxt != NULL) {
		xmlFreeDoc(p->ctxt->myDoc);
		p->ctxt->myDoc = NULL;
		xmlFreeParserCtxt(p->ctxt);
	}
	while (p->nbases > 0)
		free(p->bases[--p->nbases].url);
	free(p->bases);
	article_free(p->item);
	free(p->item_id);
	free(p->alt_title);
	free(p->ids);
	free(p->feed_author);
	free(p->cause);
	free(p->url);
	free(p->base);
	free(p->charset);
	feed_json_free(p->json);
	buf_free(&p->warn);
	buf_free(&p->text);
	buf_free(&p->head);
	buf_free(&p->entity_text);
	feed_free(p->feed);
	free(p);
}

int
feed_parse_buffer(const char *data, size_t len, const char *url, unsigned flags,
		  struct feed **out, char **warning, char **cause)
{
	struct feed_parser *p;
	int st;

	*out = NULL;
	if (warning != NULL)
		*warning = NULL;
	if ((st = feed_parse_new(&p, url, flags)) != LDN_OK)
		return ldn_cause(cause, st, "out of memory");
	st = feed_parse_push(p, data, len);
	if (st == LDN_ENOMEM) {
		feed_parse_free(p);
		return ldn_cause(cause, st, "out of memory");
	}
	st = feed_parse_finish(p, out, warning, cause);
	feed_parse_free(p);
	return st;
}

void
feed_parse_global_cleanup(void)
{
	/* libxml2 keeps global tables (encodings, dictionaries) for the life
	 * of the process; freeing them at exit keeps leak reports honest. */
	xmlCleanupParser();
}

int
feed_parse_set_encoding(struct feed_parser *p, const char *charset)
{
	char *c = NULL;

	if (charset != NULL && *charset != '\0' && (c = strdup(charset)) == NULL)
		return LDN_ENOMEM;
	free(p->charset);
	p->charset = c;
	return LDN_OK;
}

static bool
fp_ows(char c)
{
	return c == ' ' || c == '\t';
}

/* A parameter value at s (after '='): a token up to ';' or a quoted string
 * with backslash escapes. Sets *end past it; NULL when out of memory. */
static char *
fp_param_value(const char *s, const char **end)
{
	const char *e;
	char *v, *w;

	if (*s != '"') {
		for (e = s; *e != '\0' && *e != ';'; e++)
			;
		*end = e;
		while (e > s && fp_ows(e[-1]))
			e--;
		return strndup(s, (size_t)(e - s));
	}
	if ((v = malloc(strlen(s))) == NULL)
		return NULL;
	for (w = v, s++; *s != '\0' && *s != '"'; s++) {
		if (*s == '\\' && s[1] != '\0')
			s++;
		*w++ = *s;
	}
	*w = '\0';
	*end = *s == '"' ? s + 1 : s;
	return v;
}

int
feed_parse_charset_of(const char *content_type, char **charset)
{
	const char *s, *name, *end;
	size_t nlen;
	char *v;

	*charset = NULL;
	if (content_type == NULL || (s = strchr(content_type, ';')) == NULL)
		return LDN_OK;
	while (*s == ';') {
		for (s++; fp_ows(*s); s++)
			;
		for (name = s; *s != '\0' && *s != '=' && *s != ';'; s++)
			;
		for (nlen = (size_t)(s - name); nlen > 0 && fp_ows(name[nlen - 1]); nlen--)
			;
		if (*s != '=')
			continue;
		for (s++; fp_ows(*s); s++)
			;
		if ((v = fp_param_value(s, &end)) == NULL)
			return LDN_ENOMEM;
		for (s = end; *s != '\0' && *s != ';'; s++)
			;
		if (nlen == 7 && strncasecmp(name, "charset", 7) == 0 && *v != '\0') {
			*charset = v;
			return LDN_OK;
		}
		free(v);
	}
	return LDN_OK;
}

int
feed_parse_set_base(struct feed_parser *p, const char *base)
{
	char *b = strdup(base);

	if (b == NULL)
		return LDN_ENOMEM;
	free(p->base);
	p->base = b;
	return LDN_OK;
}
