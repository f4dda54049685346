/*
 * text.c - hostile text made safe for a terminal, and display widths.
 *
 * Everything here works on bytes in one forward pass (linear time) and
 * never trusts its input to be valid UTF-8: text_utf8_decode() always
 * consumes at least one byte and maps anything malformed to U+FFFD, using
 * the "maximal subpart" rule of Unicode chapter 3 (a bad sequence costs one
 * U+FFFD per maximal valid prefix, and the byte that broke it is looked at
 * again), so a truncated sequence cannot swallow the character after it.
 *
 * Invariant of text_sanitize()'s output: valid UTF-8 with no C0 byte
 * (except '\n' with TEXT_KEEP_NEWLINES), no DEL, no C1 code point, no ESC
 * and no bidi override, so nothing in it can drive a terminal.
 *
 * Width choices: wcwidth() answers for the current LC_CTYPE (text_init()
 * makes it UTF-8). When it says -1 for a code point that survives
 * sanitizing (unassigned, or no UTF-8 locale), we count one column: that is
 * what terminals do with a printable character they do not know.
 *
 * text_init sets the locale's character type once, on main's thread at
 * start-up; afterwards everything here is stateless, for any thread.
 */
#define _XOPEN_SOURCE 700

#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>
#include <wctype.h>

#include "text.h"

#define REPLACEMENT 0xFFFDu

bool
text_init(void)
{
	const char *cs;

	/* Take the user's LC_CTYPE when it is UTF-8, else fall back. */
	if (setlocale(LC_CTYPE, "") != NULL) {
		cs = nl_langinfo(CODESET);
		if (cs != NULL && (strcasecmp(cs, "UTF-8") == 0 ||
		    strcasecmp(cs, "utf8") == 0))
			return true;
	}
	if (setlocale(LC_CTYPE, "C.UTF-8") != NULL)
		return true;
	if (setlocale(LC_CTYPE, "C.utf8") != NULL)
		return true;
	setlocale(LC_CTYPE, "C");
	return false;
}

size_t
text_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char lo = 0x80, hi = 0xBF;
	size_t need, i;
	uint32_t c;

	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	/* Lead byte ranges and the allowed range of the second byte
	 * (Unicode Table 3-7): this rejects overlongs, surrogates and
	 * anything past U+10FFFF at the second byte. */
	if (u[0] >= 0xC2 && u[0] <= 0xDF) {
		need = 1;
		c = u[0] & 0x1F;
	} else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
		need = 2;
		c = u[0] & 0x0F;
		if (u[0] == 0xE0)
			lo = 0xA0;
		else if (u[0] == 0xED)
			hi = 0x9F;
	} else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
		need = 3;
		c = u[0] & 0x07;
		if (u[0] == 0xF0)
			lo = 0x90;
		else if (u[0] == 0xF4)
			hi = 0x8F;
	} else {
		*cp = REPLACEMENT;
		return 1;
	}
	for (i = 1; i <= need; i++) {
		if (i >= len || u[i] < lo || u[i] > hi) {
			*cp = REPLACEMENT;
			return i;
		}
		c = (c << 6) | (u[i] & 0x3F);
		lo = 0x80;
		hi = 0xBF;
	}
	*cp = c;
	return need + 1;
}

size_t
text_utf8_encode(uint32_t cp, char out[4])
{
	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = REPLACEMENT;
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* Where the escape-sequence scanner is. */
enum esc_state {
	ESC_NONE,   /* ordinary text */
	ESC_ESC,    /* after ESC (or inside its intermediate bytes) */
	ESC_CSI,    /* after ESC '[' or U+009B: parameters, intermediates */
	ESC_STRING, /* OSC/DCS/SOS/PM/APC body, up to BEL or ST */
	ESC_STR_ESC /* ESC seen inside a string: '\' ends it */
};

struct sanitizer {
	char *out;
	size_t len;
	unsigned flags;
	bool pending_space; /* folding: a space is owed before the next char */
	enum esc_state state;
};

static bool
is_bidi_override(uint32_t cp)
{
	return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

static void
san_put(struct sanitizer *z, uint32_t cp)
{
	if (z->pending_space) {
		z->out[z->len++] = ' ';
		z->pending_space = false;
	}
	z->len += text_utf8_encode(cp, z->out + z->len);
}

static void
san_space(struct sanitizer *z)
{
	if (!(z->flags & TEXT_FOLD_SPACE)) {
		z->out[z->len++] = ' ';
		return;
	}
	/* Owed, not written: trims the end and folds runs. */
	if (z->len > 0 && z->out[z->len - 1] != '\n')
		z->pending_space = true;
}

static void
san_newline(struct sanitizer *z)
{
	if (!(z->flags & TEXT_KEEP_NEWLINES)) {
		san_space(z);
		return;
	}
	if (z->flags & TEXT_FOLD_SPACE) {
		/* No spaces around a kept newline, none at the start. */
		z->pending_space = false;
		if (z->len == 0)
			return;
	}
	z->out[z->len++] = '\n';
}

/* A code point in plain text (not inside an escape sequence). */
static void
san_text(struct sanitizer *z, uint32_t cp)
{
	if (cp == '\n' || cp == 0x2028 || cp == 0x2029)
		san_newline(z);
	else if (cp == '\t' || cp == ' ')
		san_space(z);
	else if (cp == 0x1B)
		z->state = ESC_ESC;
	else if (cp == 0x9B)
		z->state = ESC_CSI;
	else if (cp == 0x90 || cp == 0x98 || cp == 0x9D || cp == 0x9E ||
	    cp == 0x9F)
		z->state = ESC_STRING; /* C1 DCS, SOS, OSC, PM, APC */
	else if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || is_bidi_override(cp))
		; /* dropped: other controls, DEL, bidi overrides */
	else
		san_put(z, cp);
}

/* Advances the escape scanner by one code point; true when it was eaten. */
static bool
san_escape(struct sanitizer *z, uint32_t cp)
{
	switch (z->state) {
	case ESC_NONE:
		return false;
	case ESC_ESC:
		if (cp == '[') {
			z->state = ESC_CSI;
		} else if (cp == ']' || cp == 'P' || cp == 'X' || cp == '^' ||
		    cp == '_') {
			z->state = ESC_STRING;
		} else if (cp >= 0x20 && cp <= 0x2F) {
			; /* intermediate byte: ESC ( B and friends */
		} else if (cp >= 0x30 && cp <= 0x7E) {
			z->state = ESC_NONE;
		} else {
			/* Not a sequence after all: drop the ESC only. */
			z->state = ESC_NONE;
			return false;
		}
		return true;
	case ESC_CSI:
		if (cp >= 0x20 && cp <= 0x3F)
			return true;
		z->state = ESC_NONE;
		/* A final byte ends it; anything else aborts it and is text. */
		return cp >= 0x40 && cp <= 0x7E;
	case ESC_STRING:
		if (cp == 0x07 || cp == 0x9C)
			z->state = ESC_NONE;
		else if (cp == 0x1B)
			z->state = ESC_STR_ESC;
		return true;
	case ESC_STR_ESC:
		z->state = ESC_NONE;
		if (cp == '\\')
			return true;
		/* ESC ended the string and starts whatever follows. */
		z->state = ESC_ESC;
		return san_escape(z, cp);
	}
	return false;
}

char *
text_sanitize(const char *s, size_t len, unsigned flags)
{
	struct sanitizer z;
	size_t i, n;
	uint32_t cp;

	/* A byte becomes at most 3 (one invalid byte -> U+FFFD). */
	if (len > (SIZE_MAX - 1) / 3)
		return NULL;
	z.out = malloc(len * 3 + 1);
	if (z.out == NULL)
		return NULL;
	z.len = 0;
	z.flags = flags;
	z.pending_space = false;
	z.state = ESC_NONE;
	for (i = 0; i < len; i += n) {
		n = text_utf8_decode(s + i, len - i, &cp);
		if (!san_escape(&z, cp))
			san_text(&z, cp);
	}
	if (flags & TEXT_FOLD_SPACE) {
		while (z.len > 0 && z.out[z.len - 1] == '\n')
			z.len--;
	}
	z.out[z.len] = '\0';
	return z.out;
}

char *
text_line(const char *s)
{
	return text_sanitize(s, strlen(s), TEXT_FOLD_SPACE);
}

int
text_cp_width(uint32_t cp)
{
	int w;

	if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
		return 0;
	if (cp < 0x7F)
		return 1;
	w = wcwidth((wchar_t)cp);
	if (w < 0)
		return 1; /* printable but unknown here: terminals advance one */
	return w > 2 ? 2 : w;
}

size_t
text_width(const char *s)
{
	size_t len = strlen(s), i, w = 0;
	uint32_t cp;

	for (i = 0; i < len; )
	{
		i += text_utf8_decode(s + i, len - i, &cp);
		w += (size_t)text_cp_width(cp);
	}
	return w;
}

static char *
fit_build(const char *s, size_t keep, size_t used, size_t width, bool cut,
    bool pad)
{
	size_t total, fill = 0, i = 0;
	char *out;

	/* Cut: the ellipsis goes in the last column, a gap left by a wide
	 * character that did not fit is a space before it. */
	if (cut)
		fill = width - 1 - used;
	else if (pad)
		fill = width - used;
	total = keep + fill + (cut ? 3 : 0) + 1;
	out = malloc(total);
	if (out == NULL)
		return NULL;
	memcpy(out, s, keep);
	i = keep;
	memset(out + i, ' ', fill);
	i += fill;
	if (cut) {
		memcpy(out + i, "\xe2\x80\xa6", 3);
		i += 3;
	}
	out[i] = '\0';
	return out;
}

char *
text_fit(const char *s, size_t width, bool pad)
{
	size_t len = strlen(s), i, n, w, keep = 0, used = 0;
	uint32_t cp;

	if (text_width(s) <= width)
		return fit_build(s, len, text_width(s), width, false, pad);
	if (width == 0)
		return fit_build(s, 0, 0, 0, false, false);
	/* Keep what fits in width-1 columns, combining marks included. */
	for (i = 0; i < len; i += n) {
		n = text_utf8_decode(s + i, len - i, &cp);
		w = (size_t)text_cp_width(cp);
		if (used + w > width - 1)
			break;
		used += w;
		keep = i + n;
	}
	return fit_build(s, keep, used, width, true, pad);
}

/* Next folded code point of s at *i, or 0 at the end. */
static uint32_t
fold_next(const char *s, size_t len, size_t *i)
{
	uint32_t cp;

	if (*i >= len)
		return 0;
	*i += text_utf8_decode(s + *i, len - *i, &cp);
	if (cp < 0x80)
		return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
	return (uint32_t)towlower((wint_t)cp);
}

char *
text_fold(const char *s)
{
	size_t len = strlen(s), i = 0, n = 0;
	char *out = malloc(len * 4 + 1), *shrunk, enc[4];
	uint32_t cp;

	if (out == NULL)
		return NULL;
	while ((cp = fold_next(s, len, &i)) != 0) {
		size_t k = text_utf8_encode(cp, enc);
		memcpy(out + n, enc, k);
		n += k;
	}
	out[n] = '\0';
	/* Folding rarely changes the length: give back the worst-case room. */
	shrunk = realloc(out, n + 1);
	return shrunk != NULL ? shrunk : out;
}

/* Naive search, O(len(haystack) * len(needle)) at worst, no allocation:
 * needles are what a user types, haystacks one article. */
static bool
is_ascii(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80)
			return false;
	return true;
}

static unsigned char
ascii_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/*
 * The search box's hot path: an ASCII needle. Bytes of multi-byte UTF-8
 * sequences are >= 0x80 and never equal an ASCII byte, so a byte-wise
 * search is exact (but for the rare non-ASCII letters that fold to ASCII,
 * such as the Kelvin sign, which it does not match).
 */
static bool
contains_ascii_ci(const char *h, size_t hlen, const char *n, size_t nlen)
{
	const unsigned char *hp = (const unsigned char *)h, *np = (const unsigned char *)n;
	unsigned char first = ascii_lower(np[0]);
	size_t i, j;

	if (nlen > hlen)
		return false;
	for (i = 0; i + nlen <= hlen; i++) {
		if (ascii_lower(hp[i]) != first)
			continue;
		for (j = 1; j < nlen && ascii_lower(hp[i + j]) == ascii_lower(np[j]); j++)
			;
		if (j == nlen)
			return true;
	}
	return false;
}

bool
text_contains_ci(const char *haystack, const char *needle)
{
	size_t hlen = strlen(haystack), nlen = strlen(needle);
	size_t start, hi, ni;
	uint32_t hc, nc;

	if (nlen == 0)
		return true;
	if (is_ascii(needle, nlen))
		return contains_ascii_ci(haystack, hlen, needle, nlen);
	for (start = 0; start < hlen; ) {
		hi = start;
		ni = 0;
		for (;;) {
			if (ni >= nlen)
				return true;
			if (hi >= hlen)
				return false; /* needle longer than what is left */
			hc = fold_next(haystack, hlen, &hi);
			nc = fold_next(needle, nlen, &ni);
			if (hc != nc)
				break;
		}
		start += text_utf8_decode(haystack + start, hlen - start, &hc);
	}
	return false;
}

/* Columns of s[from..to). */
static size_t
span_width(const char *s, size_t from, size_t to)
{
	size_t w = 0;
	uint32_t cp;

	while (from < to) {
		from += text_utf8_decode(s + from, to - from, &cp);
		w += (size_t)text_cp_width(cp);
	}
	return w;
}

/* The line being built by text_wrap: s[start..end), cols wide. */
struct wrap {
	const char *s;
	size_t width;
	size_t start, end, cols;
	bool have;
	text_line_fn emit;
	void *payload;
};

static int
wrap_flush(struct wrap *w)
{
	int rv = 0;

	if (w->have)
		rv = w->emit(w->s + w->start, w->end - w->start, w->payload);
	w->have = false;
	w->cols = 0;
	return rv;
}

/*
 * Places s[from..to) (a word, maybe with leading indentation) on fresh
 * lines, breaking it at character boundaries where it is wider than the
 * line. The last piece stays open so the next word may join it.
 */
static int
wrap_long(struct wrap *w, size_t from, size_t to)
{
	size_t i = from, n, cw;
	uint32_t cp;
	int rv;

	w->start = from;
	w->end = from;
	w->cols = 0;
	w->have = true;
	while (i < to) {
		n = text_utf8_decode(w->s + i, to - i, &cp);
		cw = (size_t)text_cp_width(cp);
		/* A character wider than the whole line goes alone. */
		if (w->cols + cw > w->width && w->end > w->start) {
			if ((rv = wrap_flush(w)) != 0)
				return rv;
			w->start = i;
			w->end = i;
			w->have = true;
		}
		w->cols += cw;
		i += n;
		w->end = i;
	}
	return 0;
}

/* Wraps one line of s (no '\n' in s[from..to)). */
static int
wrap_segment(struct wrap *w, size_t from, size_t to)
{
	const char *s = w->s;
	size_t i = from, j, k, ww, nsp;
	int rv;

	while (i < to) {
		for (j = i; j < to && s[j] == ' '; j++)
			;
		if (j == to)
			break; /* trailing spaces are dropped */
		for (k = j; k < to && s[k] != ' '; k++)
			;
		nsp = j - i;
		ww = span_width(s, j, k);
		if (w->have && (w->width == 0 || w->cols + nsp + ww <= w->width)) {
			w->cols += nsp + ww;
			w->end = k;
		} else {
			if (w->have && (rv = wrap_flush(w)) != 0)
				return rv;
			/* Indentation survives only at the start of the text. */
			if (i != from)
				nsp = 0;
			if (w->width == 0 || nsp + ww <= w->width) {
				w->start = j - nsp;
				w->end = k;
				w->cols = nsp + ww;
				w->have = true;
			} else if ((rv = wrap_long(w, j - nsp, k)) != 0) {
				return rv;
			}
		}
		i = k;
	}
	return wrap_flush(w);
}

int
text_wrap(const char *s, size_t width, text_line_fn emit, void *payload)
{
	struct wrap w;
	size_t len = strlen(s), from = 0, to;
	const char *nl;
	int rv;

	w.s = s;
	w.width = width;
	w.have = false;
	w.start = w.end = w.cols = 0;
	w.emit = emit;
	w.payload = payload;
	/* A stray '\n' is a hard break: every segment is its own text. */
	for (;;) {
		nl = memchr(s + from, '\n', len - from);
		to = nl ? (size_t)(nl - s) : len;
		if (to == from && nl != NULL) {
			if ((rv = emit(s + from, 0, payload)) != 0)
				return rv;
		} else if ((rv = wrap_segment(&w, from, to)) != 0) {
			return rv;
		}
		if (nl == NULL)
			break;
		from = to + 1;
	}
	return LDN_OK;
}
