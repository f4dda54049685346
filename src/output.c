/*
 * output.c - the headless front end: numbered headline lists, rendered
 * articles and tag counts, as text for people or JSON lines for scripts.
 * It goes through the same query_ and render_ functions as the UI, so the
 * numbers and text it prints are the ones the reader shows. It owns no
 * state: it writes a view it is handed to a FILE, on main's thread, after
 * every fetch has ended.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "date.h"
#include "json.h"
#include "output.h"
#include "page.h"
#include "render.h"
#include "text.h"

static int
output_digits(size_t n)
{
	int d = 1;

	while (n >= 10) {
		n /= 10;
		d++;
	}
	return d;
}

static int
output_list_line(FILE *out, const struct article *a, size_t n, int numw)
{
	char date[32] = "";
	char *title;
	struct tm tm;
	size_t i;

	if (a->has_published && localtime_r(&a->published, &tm) != NULL)
		strftime(date, sizeof(date), "%Y-%m-%d %H:%M", &tm);
	title = text_sanitize(a->title, strlen(a->title), TEXT_FOLD_SPACE);
	if (title == NULL)
		return LDN_ENOMEM;
	fprintf(out, "%*zu  %-16s  %s", numw, n, date, title);
	free(title);
	for (i = 0; i < a->ntags; i++) {
		char *tag = text_sanitize(a->tags[i], strlen(a->tags[i]), TEXT_FOLD_SPACE);
		if (tag == NULL)
			return LDN_ENOMEM;
		fprintf(out, "%s#%s", i == 0 ? "  " : " ", tag);
		free(tag);
	}
	fputc('\n', out);
	return LDN_OK;
}

/* The fields --list --json and --show --json share, without the braces. */
static int
output_json_fields(FILE *out, const struct article *a, size_t n)
{
	char date[21];
	char *summary = NULL;
	size_t i;
	int st = LDN_OK;

	fprintf(out, "\"n\":%zu", n);
	json_key(out, "feed", false);
	st |= json_str(out, a->feed);
	json_key(out, "id", false);
	st |= json_str(out, a->id);
	json_key(out, "title", false);
	st |= json_str(out, a->title);
	json_key(out, "link", false);
	st |= json_str(out, a->link);
	json_key(out, "author", false);
	st |= json_str(out, a->author);
	json_key(out, "published", false);
	if (a->has_published) {
		date_format_rfc3339(a->published, date);
		st |= json_str(out, date);
	} else {
		fputs("null", out);
	}
	json_key(out, "tags", false);
	fputc('[', out);
	for (i = 0; i < a->ntags; i++) {
		if (i)
			fputc(',', out);
		st |= json_str(out, a->tags[i]);
	}
	fputc(']', out);
	json_key(out, "summary", false);
	if (a->summary != NULL && (summary = render_plain(a->summary, a->summary_fmt)) == NULL)
		return LDN_ENOMEM;
	st |= json_str(out, summary);
	free(summary);
	json_key(out, "read", false);
	fputs(a->read ? "true" : "false", out);
	json_key(out, "starred", false);
	fputs(a->starred ? "true" : "false", out);
	return st ? LDN_ENOMEM : LDN_OK;
}

int
output_list_width(size_t total)
{
	return output_digits(total);
}

int
output_list_article(FILE *out, const struct article *a, size_t n, int numw, bool json)
{
	int st;

	if (!json)
		return output_list_line(out, a, n, numw);
	fputc('{', out);
	st = output_json_fields(out, a, n);
	fputs("}\n", out);
	return st;
}

int
output_list(FILE *out, const struct query_view *v, bool json)
{
	int numw = output_list_width(v->len);
	size_t i;
	int st;

	for (i = 0; i < v->len; i++)
		if ((st = output_list_article(out, v->items[i], i + 1, numw, json)) != LDN_OK)
			return st;
	return LDN_OK;
}

static const char *
output_base(const struct article *a)
{
	return a->link ? a->link : a->feed_url;
}

/* --full's fields: where the body came from, and what the page adds. */
static int
output_page_json(FILE *out, const struct extract *x)
{
	size_t i;
	int st = LDN_OK;

	json_key(out, "body_source", false);
	fputs(x != NULL ? "\"page\"" : "\"feed\"", out);
	if (x == NULL)
		return LDN_OK;
	json_key(out, "byline", false);
	st |= json_str(out, x->byline);
	json_key(out, "lead_image", false);
	if (x->lead_image != NULL) {
		fputs("{\"url\":", out);
		st |= json_str(out, x->lead_image);
		json_key(out, "alt", false);
		st |= json_str(out, x->lead_image_alt);
		fputc('}', out);
	} else {
		fputs("null", out);
	}
	json_key(out, "related", false);
	fputc('[', out);
	for (i = 0; i < x->nrelated; i++) {
		fprintf(out, "%s{\"n\":%zu,\"title\":", i ? "," : "", i + 1);
		st |= json_str(out, x->related[i].title);
		json_key(out, "url", false);
		st |= json_str(out, x->related[i].url);
		fputc('}', out);
	}
	fputc(']', out);
	return st ? LDN_ENOMEM : LDN_OK;
}

static int
output_show_json(FILE *out, const struct article *a, size_t n,
		 const struct render_related *rel, size_t nrel, const struct extract *page)
{
	struct render_doc body = {0};
	const char *src = a->content ? a->content : a->summary;
	enum article_fmt fmt = a->content ? a->content_fmt : a->summary_fmt;
	size_t i;
	int st;

	fputc('{', out);
	st = output_json_fields(out, a, n);
	if (st == LDN_OK && src != NULL)
		st = render_body(&body, src, fmt, output_base(a), 0);
	if (st != LDN_OK)
		goto out;
	json_key(out, "body", false);
	fputc('"', out);
	/* One string: the lines of the unwrapped rendering, so paragraphs are
	 * separated by a blank line. Lines are sanitized already. */
	for (i = 0; i < body.nlines; i++) {
		const char *p;
		if (i)
			fputs("\\n", out);
		for (p = body.lines[i].text; *p; p++) {
			if (*p == '"' || *p == '\\')
				fputc('\\', out);
			fputc(*p, out);
		}
	}
	fputc('"', out);
	json_key(out, "links", false);
	fputc('[', out);
	for (i = 0; i < body.nlinks; i++) {
		fprintf(out, "%s{\"n\":%zu,\"url\":", i ? "," : "", i + 1);
		st |= json_str(out, body.links[i]);
		fputc('}', out);
	}
	fputc(']', out);
	json_key(out, "enclosures", false);
	fputc('[', out);
	for (i = 0; i < a->nenclosures; i++) {
		fputs(i ? ",{\"url\":" : "{\"url\":", out);
		st |= json_str(out, a->enclosures[i].url);
		json_key(out, "type", false);
		st |= json_str(out, a->enclosures[i].type);
		json_key(out, "length", false);
		if (a->enclosures[i].length >= 0)
			fprintf(out, "%lld}", a->enclosures[i].length);
		else
			fputs("null}", out);
	}
	fputc(']', out);
	if (page == NULL) {
		json_key(out, "related", false);
		fputc('[', out);
		for (i = 0; i < nrel; i++) {
			fprintf(out, "%s{\"n\":%zu,\"title\":", i ? "," : "", rel[i].n);
			st |= json_str(out, rel[i].title);
			fputc('}', out);
		}
		fputc(']', out);
	}
	st |= output_page_json(out, page);
	fputs("}\n", out);
	st = st ? LDN_ENOMEM : LDN_OK;
out:
	render_doc_free(&body);
	return st;
}

static int
output_show_text(FILE *out, const struct article *a, const struct render_related *rel,
		 size_t nrel, size_t width, unsigned flags)
{
	struct render_doc doc = {0};
	size_t i;
	int st;

	st = render_article(&doc, a, rel, nrel, width, flags);
	if (st == LDN_OK)
		for (i = 0; i < doc.nlines; i++) {
			fputs(doc.lines[i].text, out);
			fputc('\n', out);
		}
	render_doc_free(&doc);
	return st;
}

int
output_show_article(FILE *out, const struct article *a, size_t n,
		    const struct render_related *rel, size_t nrel, size_t width, bool json)
{
	if (json)
		return output_show_json(out, a, n, rel, nrel, NULL);
	return output_show_text(out, a, rel, nrel, width, 0);
}

int
output_show_page(FILE *out, const struct article *a, const struct extract *x, size_t n,
		 size_t width, bool json)
{
	struct render_related *rel = NULL;
	struct page_view v;
	size_t i;
	int st;

	if ((st = page_view_init(&v, a, x)) != LDN_OK)
		return st;
	if (!json && x->nrelated > 0 && (rel = calloc(x->nrelated, sizeof(*rel))) == NULL) {
		page_view_free(&v);
		return LDN_ENOMEM;
	}
	for (i = 0; rel != NULL && i < x->nrelated; i++) {
		rel[i].n = i + 1;
		rel[i].title = x->related[i].title;
	}
	if (json) {
		/* The lead image is a field of its own. */
		v.a.content = x->body;
		st = output_show_json(out, &v.a, n, NULL, 0, x);
	} else {
		st = output_show_text(out, &v.a, rel, rel != NULL ? x->nrelated : 0, width,
				      RENDER_FROM_PAGE);
	}
	free(rel);
	page_view_free(&v);
	return st;
}

int
output_show(FILE *out, const struct query_view *v, size_t n, size_t width, bool json,
	    char **cause)
{
	struct render_related rel[OUTPUT_RELATED_MAX];
	size_t pos[OUTPUT_RELATED_MAX], nrel, i;

	if (n < 1 || n > v->len)
		return ldn_cause(cause, LDN_ENOTFOUND, "no article %zu (the list has %zu)", n,
				 v->len);
	nrel = query_related(v, n - 1, pos, OUTPUT_RELATED_MAX);
	for (i = 0; i < nrel; i++) {
		rel[i].n = pos[i] + 1;
		rel[i].title = v->items[pos[i]]->title;
	}
	return output_show_article(out, v->items[n - 1], n, rel, nrel, width, json);
}

int
output_tag_counts(FILE *out, const struct query_tag *tags, size_t n, bool json)
{
	size_t i;
	int st = LDN_OK;

	for (i = 0; st == LDN_OK && i < n; i++) {
		if (json) {
			fputs("{\"tag\":", out);
			st = json_str(out, tags[i].tag);
			fprintf(out, ",\"count\":%zu}\n", tags[i].count);
		} else {
			char *tag = text_sanitize(tags[i].tag, strlen(tags[i].tag), TEXT_FOLD_SPACE);
			if (tag == NULL)
				return LDN_ENOMEM;
			fprintf(out, "%6zu  %s\n", tags[i].count, tag);
			free(tag);
		}
	}
	return st;
}

int
output_tags(FILE *out, const struct query_view *v, bool json)
{
	struct query_tag *tags;
	size_t n;
	int st = query_tags(v, &tags, &n);

	if (st == LDN_OK)
		st = output_tag_counts(out, tags, n, json);
	free(tags);
	return st;
}
