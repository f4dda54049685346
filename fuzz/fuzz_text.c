/*
 * fuzz_text.c - the terminal sanitizer and the width, fit, wrap and fold
 * code. The input is split at its first NUL: before it the text, after it
 * a needle for text_contains_ci. Each line text_wrap emits is checked to
 * fit its width, the invariant the reader's drawing relies on.
 */
#include <stdbool.h>
#include <string.h>

#include "text.h"
#include "fuzz.h"

struct wrap_check {
	size_t width;
};

static int
check_line(const char *line, size_t len, void *payload)
{
	struct wrap_check *w = payload;
	char *copy;

	copy = fuzz_cstring((const uint8_t *)line, len);
	if (copy == NULL)
		return 0;
	/* A double-width character cannot fit one column: let it overflow
	 * by one, as the wrapping of a lone wide character must. */
	if (w->width > 0 && text_width(copy) > (w->width < 2 ? 2 : w->width))
		abort();
	free(copy);
	return 0;
}

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
	static const size_t widths[] = { 0, 1, 2, 5, 80 };
	static const unsigned flags[] = {
		0, TEXT_KEEP_NEWLINES, TEXT_FOLD_SPACE,
		TEXT_KEEP_NEWLINES | TEXT_FOLD_SPACE,
	};
	const char *s = (const char *)data;
	const char *nul = memchr(data, '\0', size);
	size_t hay_len = nul != NULL ? (size_t)(nul - s) : size;
	char *clean = NULL, *needle = NULL, *hay = NULL, *t;
	size_t i;

	for (i = 0; i < sizeof(flags) / sizeof(flags[0]); i++) {
		t = text_sanitize(s, size, flags[i]);
		free(t);
	}
	clean = text_sanitize(s, hay_len, 0);
	if (clean == NULL)
		goto out;
	(void)text_width(clean);
	for (i = 0; i < sizeof(widths) / sizeof(widths[0]); i++) {
		struct wrap_check w = { widths[i] };

		t = text_fit(clean, widths[i], i % 2 == 0);
		if (t != NULL && text_width(t) > widths[i])
			abort(); /* text_fit promises at most `width` columns */
		free(t);
		(void)text_wrap(clean, widths[i], check_line, &w);
	}
	t = text_fold(clean);
	free(t);

	hay = fuzz_cstring(data, hay_len);
	needle = nul != NULL ? fuzz_cstring((const uint8_t *)nul + 1,
					    strnlen(nul + 1, size - hay_len - 1)) : NULL;
	if (hay != NULL && needle != NULL)
		(void)text_contains_ci(hay, needle);
	if (hay != NULL)
		(void)text_contains_ci(clean, hay);
out:
	free(hay);
	free(needle);
	free(clean);
	return 0;
}
