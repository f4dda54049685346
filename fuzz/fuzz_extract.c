/*
 * fuzz_extract.c - the article extractor over a hostile page (bytes as
 * they come, NUL bytes included, as a fetch hands them over), with and
 * without a page URL; every extraction must hold the properties callers
 * rely on (abort() otherwise, so the fuzzer keeps the input): a body and
 * a title, no escape or other C0 control in any string, absolute web
 * URLs, and a body its renderer accepts.
 */
#include <stdio.h>

#include "extract.h"
#include "render.h"
#include "text.h"
#include "url.h"
#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	text_init();
	return 0;
}

static void
check_clean(const char *s, bool newlines)
{
	const unsigned char *p;

	if (s == NULL)
		return;
	for (p = (const unsigned char *)s; *p != '\0'; p++)
		if ((*p < 0x20 && !(newlines && *p == '\n')) || *p == 0x7f)
			abort();
}

static void
check(const struct extract *e, bool absolute)
{
	struct render_doc doc = { 0 };
	size_t i;

	if (e->title == NULL || e->body == NULL)
		abort();
	check_clean(e->title, false);
	check_clean(e->byline, false);
	check_clean(e->date, false);
	check_clean(e->body, true);
	check_clean(e->lead_image, false);
	check_clean(e->lead_image_alt, false);
	for (i = 0; i < e->ntags; i++)
		check_clean(e->tags[i], false);
	for (i = 0; i < e->nenclosures; i++) {
		check_clean(e->enclosures[i].url, false);
		if (absolute && !url_is_web(e->enclosures[i].url))
			abort();
	}
	for (i = 0; i < e->nrelated; i++) {
		check_clean(e->related[i].title, false);
		if (absolute && !url_is_web(e->related[i].url))
			abort();
	}
	if (e->ntags > EXTRACT_MAX_TAGS || e->nenclosures > EXTRACT_MAX_ENCLOSURES ||
	    e->nrelated > EXTRACT_MAX_RELATED)
		abort();
	if (render_body(&doc, e->body, ARTICLE_FMT_HTML, NULL, 40) != LDN_OK)
		abort();
	render_doc_free(&doc);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const urls[] = { "https://example.com/a/b.html", NULL };
	struct extract *e;
	char *cause;
	size_t i;
	int st;

	for (i = 0; i < sizeof(urls) / sizeof(urls[0]); i++) {
		e = NULL;
		cause = NULL;
		st = extract_page((const char *)data, size, urls[i], &e, &cause);
		if ((st == LDN_OK) != (e != NULL) || (st != LDN_OK && cause == NULL))
			abort();
		if (e != NULL)
			check(e, urls[i] != NULL);
		extract_free(e);
		free(cause);
	}
	return 0;
}
