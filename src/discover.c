/*
 * discover.c - feed autodiscovery over libxml2's HTML parser and libcurl's
 * URL API, and the sniffing that tells a page from a feed.
 *
 * The model: the page is parsed into a tree (HTML pages are small next to
 * feeds, and the tree gives document order and <base> for free), walked
 * without recursion, and every qualifying <link> is resolved and kept once.
 * Invariants:
 *  - The HTML parser never touches the network and never prints (NONET,
 *    NOERROR, NOWARNING, and libxml2's per-thread error handlers muted while
 *    it runs: encoding errors have no parser context and would go to
 *    stderr); RECOVER makes any byte string some tree.
 *  - A result is an absolute http(s) URL, or a file: URL found on a page
 *    that was itself read from a file: URL; nothing else leaves here.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <libxml/HTMLparser.h>
#include <libxml/globals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "discover.h"
#include "url.h"

/* The media types of feeds, as <link type> names them. */
static const char *const discover_types[] = {
	"application/rss+xml",
	"application/atom+xml",
	"application/feed+json",
	"application/json",
};

static const char *const discover_paths[] = {
	"/feed", "/rss", "/rss.xml", "/feed.xml", "/atom.xml", "/index.xml",
};

/* ASCII white space as HTML defines it (attribute values, tokens). */
static bool
discover_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static void
discover_quiet(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
}

static void LDN_PRINTF(2, 3)
discover_quiet_generic(void *ctx, const char *msg, ...)
{
	(void)ctx;
	(void)msg;
}

/* htmlReadMemory with libxml2's context-less error reports muted. */
static htmlDocPtr
discover_read(const char *html, int len)
{
	xmlGenericErrorFunc generic = xmlGenericError;
	void *generic_ctx = xmlGenericErrorContext;
	xmlStructuredErrorFunc structured = xmlStructuredError;
	void *structured_ctx = xmlStructuredErrorContext;
	htmlDocPtr doc;

	xmlSetGenericErrorFunc(NULL, discover_quiet_generic);
	xmlSetStructuredErrorFunc(NULL, discover_quiet);
	doc = htmlReadMemory(html, len, NULL, NULL,
			     HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
			     HTML_PARSE_RECOVER);
	xmlSetGenericErrorFunc(generic_ctx, generic);
	xmlSetStructuredErrorFunc(structured_ctx, structured);
	return doc;
}

/* The results being gathered. */
struct discover_list {
	char **urls;
	size_t n, cap;
};

static void
discover_list_free(struct discover_list *l)
{
	discover_free(l->urls, l->n);
	memset(l, 0, sizeof(*l));
}

void
discover_free(char **urls, size_t n)
{
	size_t i;

	if (urls == NULL)
		return;
	for (i = 0; i < n; i++)
		free(urls[i]);
	free(urls);
}

/* Takes url (owned) unless it is there already. LDN_OK or LDN_ENOMEM. */
static int
discover_list_add(struct discover_list *l, char *url)
{
	char **nu;
	size_t i, ncap;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->urls[i], url) == 0) {
			free(url);
			return LDN_OK;
		}
	/* one slot more than used, for the NULL terminator */
	if (l->n + 1 >= l->cap) {
		ncap = l->cap ? l->cap * 2 : 8;
		if ((nu = realloc(l->urls, ncap * sizeof(*nu))) == NULL) {
			free(url);
			return LDN_ENOMEM;
		}
		l->urls = nu;
		l->cap = ncap;
	}
	l->urls[l->n++] = url;
	l->urls[l->n] = NULL;
	return LDN_OK;
}

/* The next node in document order under (and after) n, or NULL. */
static xmlNodePtr
discover_next(xmlNodePtr n)
{
	if (n->children != NULL)
		return n->children;
	while (n != NULL && n->next == NULL)
		n = n->parent;
	return n != NULL ? n->next : NULL;
}

static bool
discover_is(const xmlNode *n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	    xmlStrcasecmp(n->name, (const xmlChar *)name) == 0;
}

/* An attribute's value with HTML's leading/trailing white space removed;
 * NULL when absent or out of memory (*nomem then set). */
static char *
discover_attr(xmlNodePtr n, const char *name, bool *nomem)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	const char *s, *e;
	char *out;

	if (v == NULL)
		return NULL;
	for (s = (const char *)v; discover_space(*s); s++)
		;
	for (e = s + strlen(s); e > s && discover_space(e[-1]); e--)
		;
	if ((out = strndup(s, (size_t)(e - s))) == NULL)
		*nomem = true;
	xmlFree(v);
	return out;
}

/* Whether a rel value holds the token (case-insensitive). */
static bool
discover_has_token(const char *rel, const char *token)
{
	size_t n = strlen(token), len;
	const char *s = rel;

	while (*s != '\0') {
		while (discover_space(*s))
			s++;
		for (len = 0; s[len] != '\0' && !discover_space(s[len]); len++)
			;
		if (len == n && strncasecmp(s, token, n) == 0)
			return true;
		s += len;
	}
	return false;
}

/* Whether a media type (parameters and case aside) is one of list[0..n). */
static bool
discover_type_in(const char *type, const char *const *list, size_t n)
{
	size_t len, i;

	while (discover_space(*type))
		type++;
	for (len = 0; type[len] != '\0' && type[len] != ';'; len++)
		;
	while (len > 0 && discover_space(type[len - 1]))
		len--;
	for (i = 0; i < n; i++)
		if (strlen(list[i]) == len && strncasecmp(type, list[i], len) == 0)
			return true;
	return false;
}

static bool
discover_is_file(const char *url)
{
	return url != NULL && strncasecmp(url, "file:", 5) == 0;
}

/* A <link> that names a feed: resolved into the list when it qualifies. */
static int
discover_link(xmlNodePtr n, const char *base, bool files, struct discover_list *l)
{
	bool nomem = false;
	char *rel = NULL, *type = NULL, *href = NULL, *abs = NULL;
	int st = LDN_OK;

	rel = discover_attr(n, "rel", &nomem);
	type = discover_attr(n, "type", &nomem);
	href = discover_attr(n, "href", &nomem);
	if (nomem) {
		st = LDN_ENOMEM;
		goto out;
	}
	if (rel == NULL || type == NULL || href == NULL || *href == '\0' ||
	    !discover_has_token(rel, "alternate") || discover_has_token(rel, "stylesheet") ||
	    !discover_type_in(type, discover_types,
			      sizeof(discover_types) / sizeof(discover_types[0])))
		goto out;
	if (url_resolve(base, href, &abs) != LDN_OK) {
		st = LDN_ENOMEM;
		goto out;
	}
	if (url_is_web(abs) || (files && discover_is_file(abs))) {
		st = discover_list_add(l, abs);
		abs = NULL;
	}
out:
	free(rel);
	free(type);
	free(href);
	free(abs);
	return st;
}

/* The document's base URL: its first <base href> against base_url. */
static int
discover_base(xmlNodePtr root, const char *base_url, char **out)
{
	bool nomem = false;
	xmlNodePtr n;
	char *href;
	int st;

	*out = NULL;
	for (n = root; n != NULL; n = discover_next(n)) {
		if (!discover_is(n, "base") || (href = discover_attr(n, "href", &nomem)) == NULL) {
			if (nomem)
				return LDN_ENOMEM;
			continue;
		}
		st = url_resolve(base_url, href, out);
		free(href);
		return st;
	}
	if (base_url != NULL && (*out = strdup(base_url)) == NULL)
		return LDN_ENOMEM;
	return LDN_OK;
}

int
discover_feeds(const char *html, size_t len, const char *base_url, char ***urls,
	       size_t *n, char **cause)
{
	struct discover_list l = {0};
	htmlDocPtr doc = NULL;
	xmlNodePtr root, node;
	char *base = NULL;
	int st = LDN_OK;

	*urls = NULL;
	*n = 0;
	if (len > INT_MAX)
		return ldn_cause(cause, LDN_ELIMIT, "page too large to search for feeds");
	if (len == 0)
		return LDN_OK;
	xmlInitParser();
	doc = discover_read(html, (int)len);
	if (doc == NULL || (root = xmlDocGetRootElement(doc)) == NULL)
		goto out;
	if ((st = discover_base(root, base_url, &base)) != LDN_OK)
		goto out;
	for (node = root; node != NULL && st == LDN_OK; node = discover_next(node))
		if (discover_is(node, "link"))
			st = discover_link(node, base, discover_is_file(base_url), &l);
out:
	xmlFreeDoc(doc);
	free(base);
	if (st != LDN_OK) {
		discover_list_free(&l);
		return ldn_cause(cause, st, "out of memory while searching the page for feeds");
	}
	*urls = l.urls;
	*n = l.n;
	return LDN_OK;
}

const char *const *
discover_common_paths(size_t *n)
{
	*n = sizeof(discover_paths) / sizeof(discover_paths[0]);
	return discover_paths;
}

int
discover_candidate(const char *base_url, const char *path, char **out)
{
	CURLU *u;
	CURLUcode rc;
	char *res = NULL;
	int st = LDN_OK;

	*out = NULL;
	if (base_url == NULL || !url_is_web(base_url))
		return LDN_EUSAGE;
	if ((u = curl_url()) == NULL)
		return LDN_ENOMEM;
	rc = curl_url_set(u, CURLUPART_URL, base_url, 0);
	if (rc == CURLUE_OK)
		rc = curl_url_set(u, CURLUPART_PATH, path, 0);
	if (rc == CURLUE_OK)
		rc = curl_url_set(u, CURLUPART_QUERY, NULL, 0);
	if (rc == CURLUE_OK)
		rc = curl_url_set(u, CURLUPART_FRAGMENT, NULL, 0);
	if (rc == CURLUE_OK)
		rc = curl_url_get(u, CURLUPART_URL, &res, 0);
	if (rc == CURLUE_OK && (*out = strdup(res)) == NULL)
		rc = CURLUE_OUT_OF_MEMORY;
	if (rc == CURLUE_OUT_OF_MEMORY)
		st = LDN_ENOMEM;
	else if (rc != CURLUE_OK)
		st = LDN_EUSAGE;
	curl_free(res);
	curl_url_cleanup(u);
	return st;
}

/* --- telling a page from a feed --- */

/* Case-insensitive "does s[0..len) start with word". */
static bool
discover_prefix(const char *s, size_t len, const char *word)
{
	size_t n = strlen(word);

	return len >= n && strncasecmp(s, word, n) == 0;
}

/*
 * Skips what may precede the first tag: a BOM, blanks, processing
 * instructions and comments. Returns the offset of what follows, or len
 * when the prefix ends first.
 */
static size_t
discover_skip_prolog(const char *s, size_t len)
{
	size_t i = 0;
	const char *end;

	if (discover_prefix(s, len, "\xef\xbb\xbf"))
		i = 3;
	for (;;) {
		while (i < len && discover_space(s[i]))
			i++;
		if (discover_prefix(s + i, len - i, "<?"))
			end = "?>";
		else if (discover_prefix(s + i, len - i, "<!--"))
			end = "-->";
		else
			return i;
		for (i += 2; i < len && !discover_prefix(s + i, len - i, end); i++)
			;
		if (i >= len)
			return len;
		i += strlen(end);
	}
}

/* The name at s[0..len) ends here: the prefix says no more than that. */
static bool
discover_name_is(const char *s, size_t len, const char *name)
{
	size_t n = strlen(name);

	return len > n && strncasecmp(s, name, n) == 0 &&
	    (discover_space(s[n]) || s[n] == '>' || s[n] == '/');
}

/* The element that s starts with: 1 an HTML one, 0 a feed's root, -1
 * neither (or not yet all there). */
static int
discover_element(const char *s, size_t len)
{
	static const char *const html[] = {
		"html", "head", "body", "title", "meta", "script", "style", "div",
		"iframe", "table", "p", "h1", "a", "br",
	};
	static const char *const feeds[] = { "rss", "feed", "rdf:RDF", "RDF" };
	size_t k;

	if (len == 0 || *s != '<')
		return -1;
	for (k = 0; k < sizeof(html) / sizeof(html[0]); k++)
		if (discover_name_is(s + 1, len - 1, html[k]))
			return 1;
	for (k = 0; k < sizeof(feeds) / sizeof(feeds[0]); k++)
		if (discover_name_is(s + 1, len - 1, feeds[k]))
			return 0;
	return -1;
}

const char *
discover_xml_decl(const char *s, size_t len)
{
	const char *q, *end = s + (len < DISCOVER_JUNK_MAX ? len : DISCOVER_JUNK_MAX);

	for (q = s; (q = memchr(q, '<', (size_t)(end - q))) != NULL; q++)
		if (end - q > 5 && memcmp(q, "<?xml", 5) == 0 && discover_space(q[5]))
			return q;
	return NULL;
}

/* 1: HTML, 0: not HTML, -1: the bytes do not say. */
static int
discover_sniff(const char *s, size_t len)
{
	const char *decl = discover_xml_decl(s, len);
	size_t i;
	const char *end;
	int v;

	if (decl != NULL) { /* from the declaration on (see discover_xml_decl) */
		len -= (size_t)(decl - s);
		s = decl;
	}
	i = discover_skip_prolog(s, len);

	if (i >= len)
		return -1;
	s += i;
	len -= i;
	if (*s == '{')
		return 0;
	if (!discover_prefix(s, len, "<!doctype"))
		return discover_element(s, len);
	for (i = 9; i < len && discover_space(s[i]); i++)
		;
	if (!discover_name_is(s + i, len - i, "html"))
		return i + 4 < len ? 0 : -1;
	/* An XHTML or HTML5 DOCTYPE in front of <rss> or <feed> is a feed's
	 * (generators copy their page template's): a feed's root after it
	 * decides; anything else, or nothing yet, is HTML, as the DOCTYPE
	 * says. */
	if ((end = memchr(s + i, '>', len - i)) == NULL)
		return 1;
	len -= (size_t)(end + 1 - s);
	s = end + 1;
	i = discover_skip_prolog(s, len);
	v = i < len ? discover_element(s + i, len - i) : 1;
	return v == 0 ? 0 : 1;
}

bool
discover_looks_like_html(const char *prefix, size_t len, const char *content_type)
{
	static const char *const types[] = { "text/html", "application/xhtml+xml" };
	int v = prefix != NULL ? discover_sniff(prefix, len) : -1;

	if (v >= 0)
		return v == 1;
	return content_type != NULL &&
	    discover_type_in(content_type, types, sizeof(types) / sizeof(types[0]));
}
