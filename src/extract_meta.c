/*
 * extract_meta.c - what a page says about its article besides the text:
 * title, byline and date (OpenGraph and article:* meta, JSON-LD
 * NewsArticle/Article, <time>, rel=author/itemprop=author/class byline),
 * tags (article:tag, rel=tag, /tag/ links such as "#ANT"), the lead
 * image, audio and video enclosures, and the "related" block's links.
 *
 * Each field keeps one candidate per kind of source (enum ex_src) and the
 * best one present wins at the end, so the order of the page's markup
 * does not decide. Every string is sanitized on the way in.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json-c/json_object.h>
#include <json-c/json_tokener.h>

#include "date.h"
#include "extract_int.h"
#include "text.h"
#include "url.h"

#define EX_LD_MAX (1024 * 1024)  /* bytes of one JSON-LD script read */
#define EX_LD_DEPTH 16           /* its nesting accepted */
#define EX_BYLINE_MAX 150        /* characters of a byline element */
#define EX_BYLINE_TRIES 8        /* byline elements read at most */

char *
ex_clean(const char *s)
{
	return s ? text_sanitize(s, strlen(s), TEXT_FOLD_SPACE) : NULL;
}

char *
ex_text(const xmlNode *n)
{
	xmlChar *c = xmlNodeGetContent(n);
	char *s;

	if (c == NULL)
		return strdup("");
	s = ex_clean((const char *)c);
	xmlFree(c);
	return s;
}

char *
ex_attr(const xmlNode *n, const char *name)
{
	xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
	char *s;

	if (v == NULL)
		return NULL;
	s = strdup((const char *)v);
	xmlFree(v);
	return s;
}

const char *
ex_prop(const xmlNode *n, const char *name)
{
	const xmlAttr *a;

	for (a = n->properties; a != NULL; a = a->next)
		if (a->children != NULL && a->children->type == XML_TEXT_NODE &&
		    a->children->next == NULL &&
		    strcmp((const char *)a->name, name) == 0)
			return (const char *)a->children->content;
	return NULL;
}

void
ex_offer(char **slot, char *s)
{
	if (*slot == NULL && s != NULL && *s != '\0')
		*slot = s;
	else
		free(s);
}

char *
ex_url(const struct ex *ex, const char *href, bool mailto)
{
	char *trim, *abs = NULL;

	if ((trim = ex_clean(href)) == NULL || *trim == '\0') {
		free(trim);
		return NULL;
	}
	if (strncasecmp(trim, "mailto:", 7) == 0)
		return mailto ? trim : (free(trim), NULL);
	if (ex->base == NULL && !url_has_scheme(trim))
		return trim; /* no page address: relative stays relative */
	if (url_resolve(ex->base, trim, &abs) != LDN_OK)
		abs = NULL;
	free(trim);
	if (abs != NULL && !url_is_web(abs)) {
		free(abs);
		abs = NULL;
	}
	return abs;
}

int
ex_meta_base(struct ex *ex, xmlNode *root)
{
	xmlNode *head, *n;
	char *href, *base;

	if (ex->page_url != NULL && (ex->base = strdup(ex->page_url)) == NULL)
		return LDN_ENOMEM;
	for (head = root->children; head != NULL; head = head->next)
		if (head->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)head->name, "head") == 0)
			break;
	for (n = head ? head->children : NULL; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)n->name, "base") != 0 ||
		    (href = ex_attr(n, "href")) == NULL)
			continue;
		/* a relative <base> is relative to the page */
		base = ex_url(ex, href, false);
		free(href);
		if (base != NULL) {
			free(ex->base);
			ex->base = base;
			return LDN_OK;
		}
	}
	return LDN_OK;
}

/* ---- lists ---- */

static int
ex_add_tag(struct ex *ex, const char *raw)
{
	struct extract *o = ex->out;
	char *t, **p;
	size_t k;

	if ((t = ex_clean(raw)) == NULL)
		return LDN_ENOMEM;
	/* "#ANT" is the tag ANT */
	if (t[0] == '#')
		memmove(t, t + 1, strlen(t));
	for (k = 0; k < o->ntags && *t != '\0'; k++)
		if (strcmp(o->tags[k], t) == 0)
			break;
	if (*t == '\0' || k < o->ntags || o->ntags >= EXTRACT_MAX_TAGS) {
		free(t);
		return LDN_OK;
	}
	if ((p = realloc(o->tags, (o->ntags + 1) * sizeof(*p))) == NULL) {
		free(t);
		return LDN_ENOMEM;
	}
	o->tags = p;
	o->tags[o->ntags++] = t;
	return LDN_OK;
}

/* Comma-separated tags (JSON-LD keywords as a string). */
static int
ex_add_tags_csv(struct ex *ex, const char *s)
{
	char *copy, *tok, *save = NULL;
	int st = LDN_OK;

	if ((copy = strdup(s)) == NULL)
		return LDN_ENOMEM;
	for (tok = strtok_r(copy, ",", &save); tok != NULL && st == LDN_OK;
	    tok = strtok_r(NULL, ",", &save))
		st = ex_add_tag(ex, tok);
	free(copy);
	return st;
}

static const struct {
	const char *ext;
	const char *type;
} ex_media[] = {
	{".aac", "audio/aac"}, {".m4a", "audio/mp4"}, {".m4v", "video/mp4"},
	{".mov", "video/quicktime"}, {".mp3", "audio/mpeg"}, {".mp4", "video/mp4"},
	{".oga", "audio/ogg"}, {".ogg", "audio/ogg"}, {".opus", "audio/ogg"},
	{".wav", "audio/wav"}, {".webm", "video/webm"},
};

/* The media type a URL's path names by its extension, or NULL. */
static const char *
ex_media_type(const char *url)
{
	size_t len = strcspn(url, "?#"), k, el;

	for (k = 0; k < sizeof(ex_media) / sizeof(ex_media[0]); k++) {
		el = strlen(ex_media[k].ext);
		if (len > el && strncasecmp(url + len - el, ex_media[k].ext, el) == 0)
			return ex_media[k].type;
	}
	return NULL;
}

static int
ex_add_enclosure(struct ex *ex, const char *href, const char *type,
    const char *fallback)
{
	struct extract *o = ex->out;
	struct enclosure *p;
	char *url, *t = NULL;
	size_t k;

	if ((url = ex_url(ex, href, false)) == NULL)
		return LDN_OK;
	for (k = 0; k < o->nenclosures; k++)
		if (strcmp(o->enclosures[k].url, url) == 0)
			break;
	if (k < o->nenclosures || o->nenclosures >= EXTRACT_MAX_ENCLOSURES) {
		free(url);
		return LDN_OK;
	}
	if (type == NULL || *type == '\0')
		type = ex_media_type(url);
	if (type == NULL)
		type = fallback;
	if ((type != NULL && (t = ex_clean(type)) == NULL) ||
	    (p = realloc(o->enclosures, (o->nenclosures + 1) * sizeof(*p))) == NULL) {
		free(url);
		free(t);
		return LDN_ENOMEM;
	}
	o->enclosures = p;
	p[o->nenclosures].url = url;
	p[o->nenclosures].type = t;
	p[o->nenclosures].length = -1;
	o->nenclosures++;
	return LDN_OK;
}

static int
ex_add_related(struct ex *ex, const xmlNode *a)
{
	struct extract *o = ex->out;
	struct extract_related *p;
	char *href, *url, *title;
	size_t k;

	if (o->nrelated >= EXTRACT_MAX_RELATED ||
	    (href = ex_attr(a, "href")) == NULL)
		return LDN_OK;
	url = ex_url(ex, href, false);
	free(href);
	if (url == NULL)
		return LDN_OK;
	for (k = 0; k < o->nrelated; k++)
		if (strcmp(o->related[k].url, url) == 0)
			break;
	if (k < o->nrelated || (ex->page_url && strcmp(url, ex->page_url) == 0)) {
		free(url);
		return LDN_OK;
	}
	if ((title = ex_text(a)) != NULL && *title == '\0') {
		free(title);
		title = ex_attr(a, "title");
		if (title != NULL) {
			href = title;
			title = ex_clean(href);
			free(href);
		}
	}
	if (title == NULL || *title == '\0') {
		free(url);
		free(title);
		return LDN_OK;
	}
	if ((p = realloc(o->related, (o->nrelated + 1) * sizeof(*p))) == NULL) {
		free(url);
		free(title);
		return LDN_ENOMEM;
	}
	o->related = p;
	p[o->nrelated].title = title;
	p[o->nrelated].url = url;
	o->nrelated++;
	return LDN_OK;
}

/* ---- JSON-LD ---- */

static const char *
ex_json_str(struct json_object *o, const char *key)
{
	struct json_object *v;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* A person's name: a string, {"name": ...}, or the first of an array. */
static const char *
ex_json_name(struct json_object *v)
{
	if (v == NULL)
		return NULL;
	if (json_object_is_type(v, json_type_array))
		v = json_object_array_length(v) ? json_object_array_get_idx(v, 0) : NULL;
	if (v == NULL)
		return NULL;
	if (json_object_is_type(v, json_type_string))
		return json_object_get_string(v);
	if (json_object_is_type(v, json_type_object))
		return ex_json_str(v, "name");
	return NULL;
}

static bool
ex_ld_is_article(struct json_object *o)
{
	static const char *const types[] = {
		"Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle",
		"AnalysisNewsArticle", "OpinionNewsArticle", "TechArticle",
		"ScholarlyArticle", "Report", "SocialMediaPosting", "WebPage",
	};
	struct json_object *t;
	const char *name;
	size_t k, j, n;

	if (!json_object_object_get_ex(o, "@type", &t))
		return false;
	n = json_object_is_type(t, json_type_array) ? json_object_array_length(t) : 1;
	for (j = 0; j < n; j++) {
		name = json_object_get_string(json_object_is_type(t, json_type_array) ?
		    json_object_array_get_idx(t, j) : t);
		/* A WebPage counts only when nothing better is there: last. */
		for (k = 0; name != NULL && k < sizeof(types) / sizeof(types[0]) - 1; k++)
			if (strcmp(name, types[k]) == 0)
				return true;
	}
	return false;
}

static int
ex_ld_article(struct ex *ex, struct json_object *o)
{
	struct json_object *v;
	const char *s;
	size_t k;
	int st = LDN_OK;

	ex_offer(&ex->title[SRC_LD], ex_clean(ex_json_str(o, "headline")));
	if (json_object_object_get_ex(o, "author", &v))
		ex_offer(&ex->byline[SRC_LD], ex_clean(ex_json_name(v)));
	ex_offer(&ex->date[SRC_LD], ex_clean(ex_json_str(o, "datePublished")));
	if (json_object_object_get_ex(o, "keywords", &v)) {
		if (json_object_is_type(v, json_type_string))
			st = ex_add_tags_csv(ex, json_object_get_string(v));
		else if (json_object_is_type(v, json_type_array))
			for (k = 0; k < json_object_array_length(v) && st == LDN_OK; k++)
				if ((s = json_object_get_string(
				    json_object_array_get_idx(v, k))) != NULL)
					st = ex_add_tag(ex, s);
	}
	if (st == LDN_OK && ex->out->lead_image == NULL &&
	    json_object_object_get_ex(o, "image", &v)) {
		if (json_object_is_type(v, json_type_array))
			v = json_object_array_length(v) ?
			    json_object_array_get_idx(v, 0) : NULL;
		s = v == NULL ? NULL : json_object_is_type(v, json_type_string) ?
		    json_object_get_string(v) : json_object_is_type(v,
		    json_type_object) ? ex_json_str(v, "url") : NULL;
		if (s != NULL)
			ex->out->lead_image = ex_url(ex, s, false);
	}
	return st;
}

/* The article objects of a JSON-LD block: the top, an array's items,
 * an @graph's items. No deeper. */
static int
ex_ld(struct ex *ex, const char *text)
{
	struct json_tokener *tok;
	struct json_object *root, *list, *o;
	size_t k, n, len = strlen(text);
	int st = LDN_OK;

	if (len > EX_LD_MAX || (tok = json_tokener_new_ex(EX_LD_DEPTH)) == NULL)
		return LDN_OK;
	root = json_tokener_parse_ex(tok, text, (int)len);
	json_tokener_free(tok);
	if (root == NULL)
		return LDN_OK;
	list = root;
	if (json_object_is_type(root, json_type_object) &&
	    !json_object_object_get_ex(root, "@graph", &list))
		list = NULL;
	if (list != NULL && json_object_is_type(list, json_type_array)) {
		n = json_object_array_length(list);
		for (k = 0; k < n && st == LDN_OK; k++) {
			o = json_object_array_get_idx(list, k);
			if (o != NULL && json_object_is_type(o, json_type_object) &&
			    ex_ld_is_article(o))
				st = ex_ld_article(ex, o);
		}
	} else if (json_object_is_type(root, json_type_object) &&
	    ex_ld_is_article(root))
		st = ex_ld_article(ex, root);
	json_object_put(root);
	return st;
}

/* ---- the walk's hooks ---- */

static int
ex_meta_tag(struct ex *ex, const xmlNode *n)
{
	char *key, *content, *k;
	int st = LDN_OK;

	if ((key = ex_attr(n, "property")) == NULL &&
	    (key = ex_attr(n, "name")) == NULL &&
	    (key = ex_attr(n, "itemprop")) == NULL)
		return LDN_OK;
	if ((content = ex_attr(n, "content")) == NULL) {
		free(key);
		return LDN_OK;
	}
	for (k = key; *k != '\0'; k++)
		if (*k >= 'A' && *k <= 'Z')
			*k = (char)(*k - 'A' + 'a');
	if (strcmp(key, "og:title") == 0 || strcmp(key, "twitter:title") == 0)
		ex_offer(&ex->title[SRC_OG], ex_clean(content));
	else if (strcmp(key, "og:site_name") == 0)
		ex_offer(&ex->site_name, ex_clean(content));
	else if (strcmp(key, "article:published_time") == 0)
		ex_offer(&ex->date[SRC_OG], ex_clean(content));
	else if (strcmp(key, "datepublished") == 0 || strcmp(key, "date") == 0 ||
	    strcmp(key, "dc.date") == 0 || strcmp(key, "dcterms.date") == 0 ||
	    strcmp(key, "pubdate") == 0 || strcmp(key, "publish-date") == 0 ||
	    strcmp(key, "parsely-pub-date") == 0)
		ex_offer(&ex->date[SRC_META], ex_clean(content));
	else if (strcmp(key, "article:author") == 0) {
		if (!url_has_scheme(content))
			ex_offer(&ex->byline[SRC_OG], ex_clean(content));
	} else if (strcmp(key, "author") == 0 || strcmp(key, "parsely-author") == 0 ||
	    strcmp(key, "dc.creator") == 0 || strcmp(key, "sailthru.author") == 0)
		ex_offer(&ex->byline[SRC_META], ex_clean(content));
	else if (strcmp(key, "article:tag") == 0)
		st = ex_add_tag(ex, content);
	else if (strcmp(key, "og:image") == 0 || strcmp(key, "og:image:url") == 0 ||
	    strcmp(key, "twitter:image") == 0) {
		if (ex->out->lead_image == NULL)
			ex->out->lead_image = ex_url(ex, content, false);
	} else if (strcmp(key, "og:image:alt") == 0 ||
	    strcmp(key, "twitter:image:alt") == 0)
		ex_offer(&ex->out->lead_image_alt, ex_clean(content));
	else if (strcmp(key, "og:audio") == 0 || strcmp(key, "og:audio:url") == 0)
		st = ex_add_enclosure(ex, content, NULL, "audio/mpeg");
	else if (strcmp(key, "og:video") == 0 || strcmp(key, "og:video:url") == 0)
		st = ex_add_enclosure(ex, content, NULL, NULL);
	free(key);
	free(content);
	return st;
}

/* True when the link's path has a segment that names a tag page. */
static bool
ex_tag_href(const char *href)
{
	static const char *const segs[] = { "/tag/", "/tags/", "/topic/", "/topics/" };
	size_t k;

	for (k = 0; k < sizeof(segs) / sizeof(segs[0]); k++)
		if (strstr(href, segs[k]) != NULL)
			return true;
	return false;
}

static bool
ex_has_word(const char *list, const char *word)
{
	size_t wl = strlen(word);
	const char *p;

	for (p = list; p != NULL && (p = strstr(p, word)) != NULL; p += wl)
		if ((p == list || p[-1] == ' ') && (p[wl] == '\0' || p[wl] == ' '))
			return true;
	return false;
}

static int
ex_meta_link(struct ex *ex, xmlNode *n, size_t i)
{
	char *href = ex_attr(n, "href"), *rel = ex_attr(n, "rel"), *text;
	int st = LDN_OK;

	if (href == NULL) {
		free(rel);
		return LDN_OK;
	}
	if (ex_has_word(rel, "author"))
		ex->nodes[i].flags |= EXN_BYLINE;
	if (ex_has_word(rel, "tag") || ex_tag_href(href)) {
		if ((text = ex_text(n)) == NULL)
			st = LDN_ENOMEM;
		else if (strlen(text) < 64)
			st = ex_add_tag(ex, text);
		free(text);
	}
	if (st == LDN_OK && ex_media_type(href) != NULL)
		st = ex_add_enclosure(ex, href, NULL, NULL);
	if (st == LDN_OK && ex->related_top != EX_NONE)
		st = ex_add_related(ex, n);
	free(href);
	free(rel);
	return st;
}

static bool
ex_named(const xmlNode *n, const char *name)
{
	return strcmp((const char *)n->name, name) == 0;
}

int
ex_meta_enter(struct ex *ex, xmlNode *n, size_t i)
{
	const char *prop;
	char *v, *w;
	int st = LDN_OK;

	if ((prop = ex_prop(n, "itemprop")) != NULL) {
		if (ex_has_word(prop, "articleBody"))
			ex->nodes[i].flags |= EXN_MARKER;
		if (ex_has_word(prop, "author"))
			ex->nodes[i].flags |= EXN_BYLINE;
		/* Blogger writes the date in an <abbr title> */
		if (ex_has_word(prop, "datePublished") &&
		    ((w = ex_attr(n, "datetime")) != NULL ||
		    (w = ex_attr(n, "content")) != NULL ||
		    (w = ex_attr(n, "title")) != NULL)) {
			ex_offer(&ex->date[SRC_META], ex_clean(w));
			free(w);
		}
	}
	if (ex_named(n, "meta"))
		st = ex_meta_tag(ex, n);
	else if (ex_named(n, "title") && ex->title[SRC_DOM] == NULL)
		ex_offer(&ex->title[SRC_DOM], ex_text(n));
	else if (ex_named(n, "h1") && ex->h1 == NULL)
		ex_offer(&ex->h1, ex_text(n));
	else if (ex_named(n, "time") && (v = ex_attr(n, "datetime")) != NULL) {
		ex_offer(&ex->date[SRC_DOM], ex_clean(v));
		free(v);
	} else if (ex_named(n, "script")) {
		v = ex_attr(n, "type");
		if (v != NULL && strcasecmp(v, "application/ld+json") == 0 &&
		    (w = ex_text(n)) != NULL) {
			st = ex_ld(ex, w);
			free(w);
		}
		free(v);
	} else if (ex_named(n, "a"))
		st = ex_meta_link(ex, n, i);
	else if (ex_named(n, "audio") || ex_named(n, "video")) {
		if ((v = ex_attr(n, "src")) != NULL)
			st = ex_add_enclosure(ex, v, NULL, ex_named(n, "audio") ?
			    "audio/mpeg" : NULL);
		free(v);
	} else if (ex_named(n, "source") && n->parent != NULL &&
	    (ex_named(n->parent, "audio") || ex_named(n->parent, "video"))) {
		if ((v = ex_attr(n, "src")) != NULL) {
			w = ex_attr(n, "type");
			st = ex_add_enclosure(ex, v, w, NULL);
			free(w);
		}
		free(v);
	}
	return st;
}

bool
ex_related_heading(struct ex *ex, size_t i)
{
	static const char *const heads[] = { "related", "related articles",
	    "related stories", "related content", "related posts", "read more",
	    "read next", "more stories", "more on this story", "you may also like",
	    "recommended", "recommended for you" };
	const struct ex_node *e = &ex->nodes[i];
	char *t;
	size_t k, len;
	bool yes = false;

	if (e->text == 0 || e->text > 40 || (!ex_is(e->node, "h2") &&
	    !ex_is(e->node, "h3") && !ex_is(e->node, "h4")) ||
	    ex->related_tries++ >= 64)
		return false;
	if ((t = ex_text(e->node)) == NULL)
		return false;
	len = strlen(t);
	while (len > 0 && (t[len - 1] == ':' || t[len - 1] == ' '))
		t[--len] = '\0';
	for (k = 0; k < sizeof(heads) / sizeof(heads[0]) && !yes; k++)
		yes = strcasecmp(t, heads[k]) == 0;
	free(t);
	return yes;
}

/* "By Jane Doe" is Jane Doe. */
static void
ex_strip_by(char *s)
{
	static const char *const bys[] = { "By ", "by ", "BY ", "Von ", "von ",
	    "Par ", "par ", "Por ", "por " };
	size_t k, l;

	for (k = 0; k < sizeof(bys) / sizeof(bys[0]); k++) {
		l = strlen(bys[k]);
		if (strncmp(s, bys[k], l) == 0) {
			memmove(s, s + l, strlen(s + l) + 1);
			return;
		}
	}
}

int
ex_meta_leave(struct ex *ex, size_t i)
{
	const struct ex_node *e = &ex->nodes[i];
	char *s;

	/* a commenter is no author */
	if (!(e->flags & EXN_BYLINE) || ex->byline[SRC_DOM] != NULL ||
	    ex->comments_top != EX_NONE ||
	    e->text == 0 || e->text > EX_BYLINE_MAX ||
	    ex->byline_tries >= EX_BYLINE_TRIES)
		return LDN_OK;
	ex->byline_tries++;
	if ((s = ex_text(e->node)) == NULL)
		return LDN_ENOMEM;
	ex_strip_by(s);
	ex_offer(&ex->byline[SRC_DOM], s);
	return LDN_OK;
}

/* A title without its " | Site" (or " - Site", " — Site") ending. */
static void
ex_strip_site(char *t, const char *site)
{
	static const char *const seps[] = { " | ", " - ", " \xe2\x80\x93 ",
	    " \xe2\x80\x94 ", " :: ", " \xc2\xbb " };
	size_t k, tl = strlen(t), sl, pl;
	char *p, *last;

	for (k = 0; k < sizeof(seps) / sizeof(seps[0]); k++) {
		pl = strlen(seps[k]);
		for (last = NULL, p = t; (p = strstr(p, seps[k])) != NULL; p += pl)
			last = p;
		if (last == NULL)
			continue;
		sl = strlen(last + pl);
		/* the site's name, else a short tail after a longer head */
		if ((site != NULL && strcasecmp(last + pl, site) == 0) ||
		    (site == NULL && sl * 2 < tl && strchr(last + pl, ' ') == NULL) ||
		    (site == NULL && sl < 24 && (size_t)(last - t) > 2 * sl)) {
			*last = '\0';
			return;
		}
	}
}

int
ex_meta_finish(struct ex *ex)
{
	/* JSON-LD names the person; a page's author meta is often the site */
	static const enum ex_src border[] = { SRC_LD, SRC_OG, SRC_DOM, SRC_META };
	struct extract *o = ex->out;
	int k;

	if (ex->title[SRC_OG] != NULL)
		ex_strip_site(ex->title[SRC_OG], ex->site_name);
	if (ex->title[SRC_DOM] != NULL)
		ex_strip_site(ex->title[SRC_DOM], ex->site_name);
	ex->title[SRC_META] = ex->h1 ? strdup(ex->h1) : NULL;
	for (k = 0; k < SRC_N; k++) {
		if (o->title == NULL && ex->title[k] != NULL) {
			o->title = ex->title[k];
			ex->title[k] = NULL;
		}
		if (o->date == NULL && ex->date[k] != NULL) {
			o->date = ex->date[k];
			ex->date[k] = NULL;
		}
	}
	for (k = 0; k < SRC_N && o->byline == NULL; k++) {
		o->byline = ex->byline[border[k]];
		ex->byline[border[k]] = NULL;
	}
	if (o->title == NULL && (o->title = strdup("")) == NULL)
		return LDN_ENOMEM;
	if (o->date != NULL)
		o->has_published = date_parse(o->date, &o->published);
	return LDN_OK;
}

void
ex_meta_free(struct ex *ex)
{
	int k;

	for (k = 0; k < SRC_N; k++) {
		free(ex->title[k]);
		free(ex->byline[k]);
		free(ex->date[k]);
	}
	free(ex->site_name);
	free(ex->h1);
	free(ex->base);
}
