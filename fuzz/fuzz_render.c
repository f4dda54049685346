/*
 * fuzz_render.c - the article body renderer (libxml2's HTML parser, the
 * table layout, wrapping) at widths 1, 20 and 80, as HTML and as plain
 * text, plus the one-line render_plain() forms.
 */
#include <stdio.h>

#include "render.h"
#include "text.h"
#include "fuzz.h"

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	text_init();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t widths[] = { 1, 20, 80 };
	static const enum article_fmt fmts[] = { ARTICLE_FMT_HTML, ARTICLE_FMT_TEXT };
	struct render_doc doc = { 0 };
	char *src, *plain;
	size_t i, j;

	src = fuzz_cstring(data, size);
	if (src == NULL)
		return 0;
	for (j = 0; j < sizeof(fmts) / sizeof(fmts[0]); j++) {
		for (i = 0; i < sizeof(widths) / sizeof(widths[0]); i++) {
			/* Appending to one doc also checks link numbering
			 * across bodies, as render_article does. */
			if (render_body(&doc, src, fmts[j], "https://example.com/a/b.html",
					widths[i]) != 0)
				break;
		}
		plain = render_plain(src, fmts[j]);
		free(plain);
	}
	render_doc_free(&doc);
	free(src);
	return 0;
}
