/*
 * extract_tool.c - a test driver (never installed): prints what
 * extract_page() finds in a page, for tests/differential/extract_diff.py.
 *
 *   extract_tool [--url URL] [--json] PAGE   the extraction: the body as
 *                                             render_body() lines, or JSON
 *   extract_tool --render FRAGMENT           an HTML fragment rendered the
 *                                             same way (another extractor's
 *                                             output, compared alike)
 *   extract_tool --repeat N PAGE             extracts N times, then parses
 *                                             N times (libxml2 alone): the
 *                                             median milliseconds of each
 *                                             (bench/extract.py)
 *
 * Exit status 0, or 3 with one line on stderr naming the cause.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <json-c/json_object.h>
#include <libxml/HTMLparser.h>


#include "buf.h"
#include "extract.h"
#include "render.h"
#include "text.h"

static int
slurp(const char *path, struct buf *b)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	int st = LDN_OK;

	if (f == NULL)
		return LDN_EIO;
	while (st == LDN_OK && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		st = buf_append(b, chunk, n);
	if (ferror(f))
		st = LDN_EIO;
	fclose(f);
	return st;
}

/* The body as render_body's lines, one block a line (width 0). */
static char *
body_text(const char *html, const char *base)
{
	struct render_doc doc;
	struct buf out;
	size_t i;

	memset(&doc, 0, sizeof(doc));
	buf_init(&out, (size_t)1 << 30);
	if (render_body(&doc, html, ARTICLE_FMT_HTML, base, 0) != LDN_OK) {
		render_doc_free(&doc);
		return NULL;
	}
	for (i = 0; i < doc.nlines; i++)
		if (doc.lines[i].text[0] != '\0' &&
		    (buf_puts(&out, doc.lines[i].text) != LDN_OK ||
		    buf_putc(&out, '\n') != LDN_OK))
			break;
	render_doc_free(&doc);
	return buf_detach(&out);
}

static int
cmp_ll(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

/* The median time of one extraction, in microseconds: the figure the
 * bench compares with xmllint's parse of the same page. */
static int
repeat(const struct buf *page, const char *url, long n)
{
	struct timespec t0, t1;
	struct extract *e;
	long long *us;
	char *cause = NULL;
	long i;

	if (n < 1 || (us = calloc((size_t)n, sizeof(*us))) == NULL)
		return 2;
	for (i = 0; i < n; i++) {
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (extract_page(page->data, page->len, url, &e, &cause) != LDN_OK) {
			fprintf(stderr, "extract_tool: %s\n", cause ? cause : "failed");
			free(cause);
			free(us);
			return 3;
		}
		clock_gettime(CLOCK_MONOTONIC, &t1);
		extract_free(e);
		us[i] = (t1.tv_sec - t0.tv_sec) * 1000000LL + (t1.tv_nsec - t0.tv_nsec) / 1000;
	}
	qsort(us, (size_t)n, sizeof(*us), cmp_ll);
	printf("%.3f", (double)us[n / 2] / 1000.0);
	/* libxml2's parse of the same page alone, the same way */
	for (i = 0; i < n; i++) {
		xmlDoc *doc;

		clock_gettime(CLOCK_MONOTONIC, &t0);
		doc = htmlReadMemory(page->data, (int)page->len, url, NULL,
		    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
		    HTML_PARSE_RECOVER | HTML_PARSE_COMPACT);
		clock_gettime(CLOCK_MONOTONIC, &t1);
		xmlFreeDoc(doc);
		us[i] = (t1.tv_sec - t0.tv_sec) * 1000000LL + (t1.tv_nsec - t0.tv_nsec) / 1000;
	}
	qsort(us, (size_t)n, sizeof(*us), cmp_ll);
	printf(" %.3f\n", (double)us[n / 2] / 1000.0);
	free(us);
	return 0;
}

static struct json_object *
jstr(const char *s)
{
	return s ? json_object_new_string(s) : NULL;
}

static void
print_json(const struct extract *e, const char *text)
{
	struct json_object *o = json_object_new_object(), *a, *x;
	size_t i;

	json_object_object_add(o, "extract_version", json_object_new_int(EXTRACT_VERSION));
	json_object_object_add(o, "title", jstr(e->title));
	json_object_object_add(o, "byline", jstr(e->byline));
	json_object_object_add(o, "date", jstr(e->date));
	json_object_object_add(o, "published", e->has_published ?
	    json_object_new_int64((int64_t)e->published) : NULL);
	a = json_object_new_array();
	for (i = 0; i < e->ntags; i++)
		json_object_array_add(a, jstr(e->tags[i]));
	json_object_object_add(o, "tags", a);
	json_object_object_add(o, "lead_image", jstr(e->lead_image));
	json_object_object_add(o, "lead_image_alt", jstr(e->lead_image_alt));
	a = json_object_new_array();
	for (i = 0; i < e->nenclosures; i++) {
		x = json_object_new_object();
		json_object_object_add(x, "url", jstr(e->enclosures[i].url));
		json_object_object_add(x, "type", jstr(e->enclosures[i].type));
		json_object_array_add(a, x);
	}
	json_object_object_add(o, "enclosures", a);
	a = json_object_new_array();
	for (i = 0; i < e->nrelated; i++) {
		x = json_object_new_object();
		json_object_object_add(x, "title", jstr(e->related[i].title));
		json_object_object_add(x, "url", jstr(e->related[i].url));
		json_object_array_add(a, x);
	}
	json_object_object_add(o, "related", a);
	json_object_object_add(o, "body", jstr(e->body));
	json_object_object_add(o, "text", jstr(text));
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
	    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

int
main(int argc, char **argv)
{
	const char *url = NULL, *path = NULL;
	struct extract *e = NULL;
	char *cause = NULL, *text;
	bool json = false, render = false;
	long reps = 0;
	struct buf page;
	int i, st;

	text_init();
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--url") == 0 && i + 1 < argc)
			url = argv[++i];
		else if (strcmp(argv[i], "--json") == 0)
			json = true;
		else if (strcmp(argv[i], "--repeat") == 0 && i + 1 < argc)
			reps = strtol(argv[++i], NULL, 10);
		else if (strcmp(argv[i], "--render") == 0)
			render = true;
		else
			path = argv[i];
	}
	if (path == NULL) {
		fprintf(stderr, "usage: extract_tool [--url URL] [--json|--render] FILE\n");
		return 2;
	}
	buf_init(&page, (size_t)64 << 20);
	if (slurp(path, &page) != LDN_OK) {
		fprintf(stderr, "extract_tool: %s: cannot read\n", path);
		return 3;
	}
	if (reps > 0) {
		st = repeat(&page, url, reps);
		buf_free(&page);
		return st;
	}
	if (render) {
		text = body_text(buf_cstr(&page), url);
		fputs(text ? text : "", stdout);
		free(text);
		buf_free(&page);
		return text ? 0 : 3;
	}
	st = extract_page(page.data ? page.data : "", page.len, url, &e, &cause);
	buf_free(&page);
	if (st != LDN_OK) {
		fprintf(stderr, "extract_tool: %s: %s\n", path, cause ? cause : "failed");
		free(cause);
		return 3;
	}
	text = body_text(e->body, url);
	if (json)
		print_json(e, text);
	else
		fputs(text ? text : "", stdout);
	free(text);
	extract_free(e);
	return 0;
}
