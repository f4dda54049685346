/*
 * fuzz_feed_filter.c - the byte filter in front of libxml2. The input's
 * first byte picks a chunk size (1-256) and whether the document is
 * checked as UTF-8; the rest is the document, pushed whole and then in
 * chunks. The two outputs and every count must be the same (where chunks
 * end changes nothing), and with UTF-8 checked the output must be UTF-8
 * that XML allows: what the filter exists to guarantee.
 */
#include <stdbool.h>
#include <string.h>

#include "buf.h"
#include "feed_filter.h"
#include "fuzz.h"

static bool
sink(void *ctx, const char *s, size_t n)
{
	if (buf_append(ctx, s, n) != LDN_OK)
		abort();
	return true;
}

static void
run(const uint8_t *data, size_t size, size_t step, bool utf8, struct buf *out,
    struct feed_filter *f)
{
	size_t i, n;

	buf_init(out, (size_t)64 << 20);
	feed_filter_init(f, utf8, sink, out);
	for (i = 0; i < size; i += n) {
		n = step == 0 || size - i < step ? size - i : step;
		feed_filter_push(f, (const char *)data + i, n);
	}
	feed_filter_finish(f);
}

/* No byte that starts no UTF-8 character, no C0 control but tab, line feed
 * and return, no C1 control, U+FFFE or U+FFFF. */
static void
check_utf8(const struct buf *b)
{
	const unsigned char *s = (const unsigned char *)b->data;
	size_t i = 0;
	int k;

	while (i < b->len) {
		if (s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' && s[i] != '\r')
			abort();
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		if ((k = feed_filter_utf8_len(s + i, b->len - i)) <= 0)
			abort();
		if (k == 2 && s[i] == 0xC2 && s[i + 1] < 0xA0)
			abort();
		if (k == 3 && s[i] == 0xEF && s[i + 1] == 0xBF && s[i + 2] >= 0xBE)
			abort();
		i += (size_t)k;
	}
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf whole, parts;
	struct feed_filter f, g;
	size_t step;
	bool utf8;

	if (size < 1)
		return 0;
	step = (size_t)(data[0] & 0x7F) * 2 + 1;
	utf8 = (data[0] & 0x80) == 0;
	run(data + 1, size - 1, 0, utf8, &whole, &f);
	run(data + 1, size - 1, step, utf8, &parts, &g);
	if (whole.len != parts.len || (whole.len > 0 && memcmp(whole.data, parts.data, whole.len) != 0))
		abort();
	if (f.dropped.n != g.dropped.n || f.latin.n != g.latin.n || f.c1.n != g.c1.n ||
	    f.amps.n != g.amps.n || f.lines != g.lines)
		abort();
	if (utf8)
		check_utf8(&whole);
	buf_free(&whole);
	buf_free(&parts);
	return 0;
}
