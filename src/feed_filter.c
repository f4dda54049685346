/*
 * feed_filter.c - the byte filter in front of libxml2 (see feed_filter.h).
 *
 * The model: a scan (ff_skip_plain, 32 bytes a step with SSE2) finds the
 * next byte that needs a look; what starts there is acted on (ff_act),
 * which either lets it pass (a valid reference, most UTF-8) or names what
 * replaces it. Bytes that pass are not handed on one piece at a time: a
 * run goes to the sink in one call when something in it must change, or
 * at the end of the chunk, so a feed full of "&lt;p&gt;" costs libxml2 no
 * extra calls. Which bytes stop the scan depends on the zone: outside
 * CDATA a '&' and "<!" (the start of "<![CDATA["), inside "]]" (its end);
 * controls and, for UTF-8, bytes of 0x80 and more stop it everywhere.
 * Feeds are long runs of ASCII, so the scan is most of the cost.
 *
 * Invariant: the zone follows the bytes handed on, which are exactly what
 * libxml2 parses, so the filter and libxml2 agree on where CDATA is.
 *
 * A filter's state (struct feed_filter) is its owner's, from init to finish;
 * runs on the thread of the parse it feeds (feed_parse.c).
 */
#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "feed_filter.h"
#include "text.h"

enum ff_zone { FZ_TEXT, FZ_CDATA };

/* Where in a terminal escape sequence the filter is. */
enum ff_esc {
	FE_NONE,
	FE_ESC,    /* after ESC: an introducer, intermediate or final next */
	FE_CSI,    /* ESC [: parameters up to a final byte */
	FE_STRING  /* ESC ] (OSC), P, X, ^ or _: text up to BEL or ESC \ */
};

/* What the scan stopped at. */
enum ff_event {
	FF_END,      /* nothing: the end of the bytes */
	FF_CONTROL,  /* a C0 control XML forbids */
	FF_NOT_UTF8, /* a byte that starts no UTF-8 character */
	FF_CUT,      /* a UTF-8 sequence the end cuts off */
	FF_NONCHAR,  /* U+FFFE or U+FFFF */
	FF_C1,       /* U+0080-U+009F */
	FF_AMP,      /* '&', outside CDATA */
	FF_PAIR      /* "<!" outside CDATA, "]]" inside; or its first byte, last */
};

/* The bytes that stop the scan in a zone: one alone, and a pair. */
struct ff_stops {
	unsigned char one, a, b;
};

static const struct ff_stops ff_stops[] = {
	[FZ_TEXT] = { '&', '<', '!' },
	[FZ_CDATA] = { 0, ']', ']' }, /* 0: a control, which stops anyway */
};

/* What replaces the bytes acted on: plain (they pass), or out[0..n). */
struct ff_out {
	bool plain;
	size_t n;
	char b[8];
};

/* windows-1252's 0x80-0x9F (WHATWG); 0: one of the five it leaves out. */
static const uint16_t ff_cp1252_table[32] = {
	0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
	0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
};

int
feed_filter_utf8_len(const unsigned char *s, size_t n)
{
	unsigned char lo = 0x80, hi = 0xBF;
	size_t len, k;

	if (s[0] >= 0xC2 && s[0] <= 0xDF)
		len = 2;
	else if (s[0] >= 0xE0 && s[0] <= 0xEF)
		len = 3;
	else if (s[0] >= 0xF0 && s[0] <= 0xF4)
		len = 4;
	else
		return 0;
	/* the second byte's narrower ranges */
	if (s[0] == 0xE0)
		lo = 0xA0;
	else if (s[0] == 0xED)
		hi = 0x9F;
	else if (s[0] == 0xF0)
		lo = 0x90;
	else if (s[0] == 0xF4)
		hi = 0x8F;
	for (k = 1; k < len; k++) {
		if (k == n)
			return -1;
		if (s[k] < (k == 1 ? lo : 0x80) || s[k] > (k == 1 ? hi : 0xBF))
			return 0;
	}
	return (int)len;
}

/*
 * ff_skip_plain: from i, where in s (n bytes) the next byte that needs a
 * look is (see the top), exactly with SSE2, with plain 64-bit arithmetic
 * the start of the 8 bytes that hold it (a '<' alone stops it there); the
 * start of the last 16 or 8 bytes when none comes before, which ff_scan
 * looks at one by one. The line feeds skipped are added to *lines.
 */
/* The length of the character at s (n bytes there) when it is a whole
 * two- or three-byte one of the common kind (past the C1 controls, short
 * of the surrogates; not U+FFFE or U+FFFF), else 0: most of the text
 * that is not ASCII, told apart without a call. */
static inline int
ff_utf8_plain(const unsigned char *s, size_t n)
{
	unsigned char c = s[0];

	if (n < 3 || c < 0xC2 || c > 0xEC || (s[1] & 0xC0) != 0x80)
		return 0;
	if (c < 0xE0)
		return c != 0xC2 || s[1] >= 0xA0 ? 2 : 0;
	return (s[2] & 0xC0) == 0x80 && (c != 0xE0 || s[1] >= 0xA0) ? 3 : 0;
}

/* The set bits of a 16-bit mask: inline, where __builtin_popcount is a
 * libgcc call on the x86-64 baseline (no POPCNT). */
static inline unsigned
ff_popcount16(unsigned m)
{
	m = m - ((m >> 1) & 0x5555u);
	m = (m & 0x3333u) + ((m >> 2) & 0x3333u);
	m = (m + (m >> 4)) & 0x0F0Fu;
	return (m + (m >> 8)) & 0x1Fu;
}

#ifdef __SSE2__
#define FF_LOAD(p) _mm_loadu_si128((const __m128i *)(const void *)(p))
#define FF_MASK(v) ((unsigned)_mm_movemask_epi8(v))
#define FF_SET(c) _mm_set1_epi8((char)(c))
/* per byte, unsigned: x >= c */
#define FF_GE(x, c) _mm_cmpeq_epi8(_mm_max_epu8((x), FF_SET(c)), (x))

/*
 * Are the 16 bytes at p UTF-8 that passes as it is (no C1 control, U+FFFE
 * or U+FFFF), given that p starts a character? A character may run past
 * the end: its lead is checked here, its last bytes with the next 16.
 * Reads p[-3..15]. This is the usual vector check (every continuation
 * byte where a lead wants one and nowhere else; the second byte's narrow
 * ranges; no byte that starts nothing) in SSE2, so that a feed's "café"
 * or curly quote costs no stop of the scan.
 */
static inline bool
ff_utf8_block(const unsigned char *p)
{
	const __m128i v = FF_LOAD(p), p1 = FF_LOAD(p - 1), p2 = FF_LOAD(p - 2);
	const __m128i p3 = FF_LOAD(p - 3);
	__m128i want, bad, t;

	want = _mm_or_si128(_mm_or_si128(FF_GE(p1, 0xC0), FF_GE(p2, 0xE0)), FF_GE(p3, 0xF0));
	bad = _mm_xor_si128(want, _mm_cmpeq_epi8(_mm_and_si128(v, FF_SET(0xC0)), FF_SET(0x80)));
	bad = _mm_or_si128(bad, FF_GE(v, 0xF5));
	bad = _mm_or_si128(bad, _mm_cmpeq_epi8(_mm_and_si128(v, FF_SET(0xFE)), FF_SET(0xC0)));
	/* after C2 (a C1 control) and E0 (overlong): A0 and up */
	t = _mm_or_si128(_mm_cmpeq_epi8(p1, FF_SET(0xC2)), _mm_cmpeq_epi8(p1, FF_SET(0xE0)));
	bad = _mm_or_si128(bad, _mm_andnot_si128(FF_GE(v, 0xA0), t));
	/* after ED (surrogates): below A0; after F0: 90 and up; F4: below 90 */
	bad = _mm_or_si128(bad, _mm_and_si128(_mm_cmpeq_epi8(p1, FF_SET(0xED)), FF_GE(v, 0xA0)));
	bad = _mm_or_si128(bad, _mm_andnot_si128(FF_GE(v, 0x90),
						 _mm_cmpeq_epi8(p1, FF_SET(0xF0))));
	bad = _mm_or_si128(bad, _mm_and_si128(_mm_cmpeq_epi8(p1, FF_SET(0xF4)), FF_GE(v, 0x90)));
	/* EF BF BE, EF BF BF */
	t = _mm_and_si128(_mm_cmpeq_epi8(p2, FF_SET(0xEF)), _mm_cmpeq_epi8(p1, FF_SET(0xBF)));
	bad = _mm_or_si128(bad, _mm_and_si128(t, FF_GE(v, 0xBE)));
	return FF_MASK(bad) == 0;
}

/* How many of the last bytes of the 16 at p a character that runs past
 * them starts (0-3): the next block is read from its lead. */
static inline size_t
ff_utf8_open_tail(const unsigned char *p)
{
	if (p[15] >= 0xC0)
		return 1;
	if (p[14] >= 0xE0)
		return 2;
	return p[13] >= 0xF0 ? 3 : 0;
}

static size_t
ff_skip_plain(const unsigned char *s, size_t i, size_t n, bool utf8,
	      const struct ff_stops *st, size_t *lines)
{
	const __m128i c1f = FF_SET(0x1f), lf = FF_SET('\n');
	const __m128i cr = FF_SET('\r'), tab = FF_SET('\t');
	const __m128i one = FF_SET(st->one), pa = FF_SET(st->a), pb = FF_SET(st->b);
	__m128i v, w, x, t;
	unsigned hi, c0, nl, m;
	size_t back = 0;

	/* the pair's second byte is read one ahead: 33 and 17 bytes */
	for (; i + 17 <= n; i += 16 - back) {
		back = 0;
		for (; i + 33 <= n; i += 32) { /* 32 plain bytes: the common case */
			v = FF_LOAD(s + i);
			w = FF_LOAD(s + i + 16);
			hi = utf8 ? FF_MASK(_mm_or_si128(v, w)) : 0;
			x = _mm_min_epu8(v, w);
			t = _mm_or_si128(_mm_cmpeq_epi8(v, one), _mm_cmpeq_epi8(w, one));
			t = _mm_or_si128(t, _mm_and_si128(_mm_cmpeq_epi8(v, pa),
							  _mm_cmpeq_epi8(FF_LOAD(s + i + 1), pb)));
			t = _mm_or_si128(t, _mm_and_si128(_mm_cmpeq_epi8(w, pa),
							  _mm_cmpeq_epi8(FF_LOAD(s + i + 17), pb)));
			t = _mm_or_si128(t, _mm_cmpeq_epi8(_mm_min_epu8(x, c1f), x));
			if ((hi | FF_MASK(t)) != 0)
				break;
		}
		if (i + 17 > n)
			break;
		v = FF_LOAD(s + i);
		hi = utf8 ? FF_MASK(v) : 0;
		if (hi != 0 && i >= 3 && ff_utf8_block(s + i)) {
			hi = 0;
			back = ff_utf8_open_tail(s + i);
		}
		c0 = FF_MASK(_mm_cmpeq_epi8(_mm_min_epu8(v, c1f), v)); /* v <= 0x1f */
		t = _mm_or_si128(_mm_cmpeq_epi8(v, one),
				 _mm_and_si128(_mm_cmpeq_epi8(v, pa),
					       _mm_cmpeq_epi8(FF_LOAD(s + i + 1), pb)));
		m = hi | FF_MASK(t);
		if ((m | c0) == 0)
			continue;
		nl = FF_MASK(_mm_cmpeq_epi8(v, lf));
		m |= c0 & ~nl & ~FF_MASK(_mm_or_si128(_mm_cmpeq_epi8(v, cr),
						      _mm_cmpeq_epi8(v, tab)));
		if (m == 0) {
			*lines += ff_popcount16(nl);
			continue;
		}
		m &= -m; /* the first */
		*lines += ff_popcount16(nl & (m - 1));
		return i + (size_t)__builtin_ctz(m);
	}
	return i;
}
#else
#define FF_ONES UINT64_C(0x0101010101010101)
#define FF_HIGHS UINT64_C(0x8080808080808080)

/* The high bit of each byte of x that equals c (exact, per byte). */
static uint64_t
ff_bytes_eq(uint64_t x, unsigned char c)
{
	uint64_t t = x ^ (FF_ONES * c);

	return ~(((t & ~FF_HIGHS) + ~FF_HIGHS) | t) & FF_HIGHS;
}

static size_t
ff_skip_plain(const unsigned char *s, size_t i, size_t n, bool utf8,
	      const struct ff_stops *st, size_t *lines)
{
	uint64_t x, lf, c0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&x, s + i, 8);
		if (utf8 && (x & FF_HIGHS) != 0)
			break;
		if ((ff_bytes_eq(x, st->one) | ff_bytes_eq(x, st->a)) != 0)
			break;
		lf = ff_bytes_eq(x, '\n');
		c0 = ~((x | FF_HIGHS) - FF_ONES * 0x20) & ~x & FF_HIGHS; /* x < 0x20 */
		if ((c0 & ~lf & ~ff_bytes_eq(x, '\r') & ~ff_bytes_eq(x, '\t')) != 0)
			break;
		*lines += (size_t)__builtin_popcountll(lf);
	}
	return i;
}
#endif

/* The character at s[i]: its length when it passes as it is (a line feed
 * counted), else 0 with *ev what it is. */
static int
ff_char(const unsigned char *s, size_t i, size_t n, bool utf8, const struct ff_stops *st,
	enum ff_event *ev, size_t *lines)
{
	unsigned char c = s[i];
	int k;

	if (c < 0x20) {
		if (c == '\n')
			(*lines)++;
		if (c == '\n' || c == '\t' || c == '\r')
			return 1;
		*ev = FF_CONTROL;
		return 0;
	}
	if (c == st->one) {
		*ev = FF_AMP;
		return 0;
	}
	if (c == st->a && (i + 1 == n || s[i + 1] == st->b)) {
		*ev = FF_PAIR;
		return 0;
	}
	if (c < 0x80 || !utf8)
		return 1;
	if ((k = ff_utf8_plain(s + i, n - i)) > 0)
		return k;
	if ((k = feed_filter_utf8_len(s + i, n - i)) == 0)
		*ev = FF_NOT_UTF8;
	else if (k < 0)
		*ev = FF_CUT;
	else if (k == 3 && c == 0xEF && s[i + 1] == 0xBF && s[i + 2] >= 0xBE)
		*ev = FF_NONCHAR;
	else if (k == 2 && c == 0xC2 && s[i + 1] < 0xA0)
		*ev = FF_C1;
	else
		return k;
	return 0;
}

/* Where in s (n bytes) the first thing to act on is, *ev what (FF_END:
 * none); adds the line feeds before it to *lines. */
static size_t
ff_scan(const unsigned char *s, size_t n, bool utf8, const struct ff_stops *st,
	enum ff_event *ev, size_t *lines)
{
	size_t i = 0;
	int k;

	for (;;) {
		i = ff_skip_plain(s, i, n, utf8, st, lines);
		if (i == n) {
			*ev = FF_END;
			return n;
		}
		if ((k = ff_char(s, i, n, utf8, st, ev, lines)) == 0)
			return i;
		i += (size_t)k;
	}
}

static void
ff_count(const struct feed_filter *f, struct feed_filter_count *c)
{
	if (c->n++ == 0)
		c->line = f->lines + 1;
}

static void
ff_set(struct ff_out *o, const char *s, size_t n)
{
	o->plain = false;
	memcpy(o->b, s, n);
	o->n = n;
}

/* A byte 0x80-0xFF read as windows-1252 (0x80-0x9F as C1 controls, from
 * FF_C1 or a reference); the five it leaves out are dropped. */
static void
ff_cp1252(struct ff_out *o, unsigned char c)
{
	uint32_t cp = c >= 0xA0 ? c : ff_cp1252_table[c - 0x80];

	o->plain = false;
	o->n = cp != 0 ? text_utf8_encode(cp, o->b) : 0;
}

/* Can a character reference name v (XML 1.0's Char)? */
static bool
ff_xml_char(uint32_t v)
{
	return v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v <= 0xD7FF) ||
	    (v >= 0xE000 && v <= 0xFFFD) || (v >= 0x10000 && v <= 0x10FFFF);
}

static int
ff_digit(unsigned char c, bool hex)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (hex && ((c | 0x20) >= 'a' && (c | 0x20) <= 'f'))
		return (c | 0x20) - 'a' + 10;
	return -1;
}

/* The bytes of s a reference is looked for in: what waits may not exceed
 * FEED_FILTER_PEND, so a longer one is no reference. */
static size_t
ff_ref_limit(size_t n)
{
	return n < FEED_FILTER_PEND - 1 ? n : FEED_FILTER_PEND - 1;
}

/* "&#...": a reference to a character XML allows passes; one to a C1
 * control reads as windows-1252, one to any other character XML forbids
 * is dropped (a vertical tab or form feed: a space); not a reference: the
 * '&' is text. Returns the bytes taken, 0 when more are needed. */
static size_t
ff_charref(struct feed_filter *f, const unsigned char *s, size_t n, bool more, struct ff_out *o)
{
	bool hex = n > 2 && (s[2] == 'x' || s[2] == 'X');
	size_t i = hex ? 3 : 2, start = i, limit = ff_ref_limit(n);
	uint32_t v = 0;
	int d;

	for (; i < limit && (d = ff_digit(s[i], hex)) >= 0; i++)
		if (v <= 0x10FFFF)
			v = v * (hex ? 16 : 10) + (uint32_t)d;
	if (i == n && more)
		return 0;
	if (i == start || i == n || s[i] != ';') {
		ff_count(f, &f->amps);
		ff_set(o, "&amp;", 5);
		return 1;
	}
	if (v >= 0x80 && v < 0xA0) {
		ff_count(f, &f->c1);
		ff_cp1252(o, (unsigned char)v);
	} else if (!ff_xml_char(v)) {
		ff_count(f, &f->dropped);
		ff_set(o, " ", v == 0xB || v == 0xC ? 1 : 0);
	}
	return i + 1;
}

static bool
ff_name_char(unsigned char c, bool first)
{
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
		return true;
	if (c == '_' || c == ':')
		return true;
	return !first && ((c >= '0' && c <= '9') || c == '-' || c == '.');
}

/* A '&' outside CDATA: a reference passes (entities are the parser's),
 * anything else is text, "&amp;". Returns the bytes taken, 0 when more
 * are needed. */
static size_t
ff_amp(struct feed_filter *f, const unsigned char *s, size_t n, bool more, struct ff_out *o)
{
	size_t i, limit = ff_ref_limit(n);

	if (n == 1 && more)
		return 0;
	if (n > 1 && s[1] == '#')
		return ff_charref(f, s, n, more, o);
	for (i = 1; i < limit && ff_name_char(s[i], i == 1); i++)
		;
	if (i == n && more)
		return 0;
	if (i > 1 && i < n && s[i] == ';')
		return i + 1;
	ff_count(f, &f->amps);
	ff_set(o, "&amp;", 5);
	return 1;
}

/* "<!" outside CDATA: "<![CDATA[" opens a section; anything else passes. */
static size_t
ff_bang(struct feed_filter *f, const unsigned char *s, size_t n, bool more)
{
	static const char open[] = "<![CDATA[";
	size_t k = n < 9 ? n : 9;

	if (memcmp(s, open, k) != 0)
		return 1;
	if (k < 9)
		return more ? 0 : 1;
	f->zone = FZ_CDATA;
	return 9;
}

/* "]]" inside CDATA: "]]>" closes the section. */
static size_t
ff_cdata_end(struct feed_filter *f, const unsigned char *s, size_t n, bool more)
{
	if (n < 3)
		return more ? 0 : 1;
	if (s[1] == ']' && s[2] == '>') {
		f->zone = FZ_TEXT;
		return 3;
	}
	return 1;
}

/*
 * Acts on what ff_scan found at s (n bytes from there): *o says what
 * replaces the bytes taken. Returns how many it took; 0 when it needs
 * bytes yet to come (only when more).
 */
static size_t
ff_act(struct feed_filter *f, enum ff_event ev, const unsigned char *s, size_t n, bool more,
       struct ff_out *o)
{
	o->plain = true;
	switch (ev) {
	case FF_CONTROL:
		ff_count(f, &f->dropped);
		if (s[0] == 0x1B)
			f->esc = FE_ESC;
		ff_set(o, " ", s[0] == '\v' || s[0] == '\f' ? 1 : 0);
		return 1;
	case FF_CUT: /* when the document's end cut it, no character */
	case FF_NOT_UTF8:
		if (ev == FF_CUT && more)
			return 0;
		ff_count(f, &f->latin);
		ff_cp1252(o, s[0]);
		return 1;
	case FF_NONCHAR:
		ff_count(f, &f->dropped);
		ff_set(o, "", 0);
		return 3;
	case FF_C1:
		ff_count(f, &f->c1);
		ff_cp1252(o, s[1]);
		return 2;
	case FF_AMP:
		return ff_amp(f, s, n, more, o);
	case FF_PAIR:
		return f->zone == FZ_TEXT ? ff_bang(f, s, n, more) : ff_cdata_end(f, s, n, more);
	case FF_END:
		break;
	}
	return n;
}

/*
 * Inside a terminal escape sequence (a feed's text is never one; shown,
 * it would retitle the window, write the clipboard or clear the screen):
 * drops its bytes up to and with its final one. Anything that can be no
 * part of it ends it untaken, '<' and '&' above all, so markup and
 * references are never eaten. Returns the bytes dropped.
 */
static size_t
ff_esc(struct feed_filter *f, const unsigned char *s, size_t n)
{
	size_t i;
	unsigned char c;

	for (i = 0; i < n && f->esc != FE_NONE; i++) {
		c = s[i];
		if (c == '<' || c == '&')
			break;
		if (f->esc == FE_ESC) {
			if (c == '[')
				f->esc = FE_CSI;
			else if (c == ']' || c == 'P' || c == 'X' || c == '^' || c == '_')
				f->esc = FE_STRING;
			else if (c >= 0x30 && c <= 0x7E)
				f->esc = FE_NONE; /* a final byte */
			else if (c < 0x21 || c > 0x2F) /* not an intermediate */
				break;  /* (nor a space: "word ESC word" loses no word) */
		} else if (f->esc == FE_CSI) {
			if (c >= 0x40 && c <= 0x7E)
				f->esc = FE_NONE;
			else if (c < 0x20 || c > 0x3F)
				break;
		} else if (c == 0x07) {
			f->esc = FE_NONE;
		} else if (c == 0x1B) {
			f->esc = FE_ESC; /* ESC \ ends the string */
		} else if (c < 0x20) {
			break;
		}
	}
	if (i < n && f->esc != FE_NONE)
		f->esc = FE_NONE;
	return i;
}

static void
ff_emit(struct feed_filter *f, const unsigned char *s, size_t n)
{
	if (n > 0 && !f->stop && !f->sink(f->ctx, (const char *)s, n))
		f->stop = true;
}

/*
 * Filters s (n bytes) to the sink. Returns how many were dealt with: all,
 * or, when more, fewer: then what starts at the return needs the bytes
 * that follow.
 */
static size_t
ff_run(struct feed_filter *f, const unsigned char *s, size_t n, bool more)
{
	size_t i = 0, start = 0, at, took;
	enum ff_event ev;
	struct ff_out o;

	while (i < n && !f->stop) {
		if (f->esc != FE_NONE) { /* its bytes never go out */
			ff_emit(f, s + start, i - start);
			i += ff_esc(f, s + i, n - i);
			start = i;
			continue;
		}
		at = i + ff_scan(s + i, n - i, f->utf8, &ff_stops[f->zone], &ev, &f->lines);
		if (ev == FF_END)
			break;
		if ((took = ff_act(f, ev, s + at, n - at, more, &o)) == 0) {
			ff_emit(f, s + start, at - start);
			return at;
		}
		i = at + took;
		if (!o.plain) {
			ff_emit(f, s + start, at - start);
			ff_emit(f, (const unsigned char *)o.b, o.n);
			start = i;
		}
	}
	ff_emit(f, s + start, n - start);
	return n;
}

void
feed_filter_init(struct feed_filter *f, bool utf8, feed_filter_sink sink, void *ctx)
{
	memset(f, 0, sizeof(*f));
	f->utf8 = utf8;
	f->sink = sink;
	f->ctx = ctx;
	f->zone = FZ_TEXT;
	f->esc = FE_NONE;
}

/* What ff_run left undecided at the end of s waits for the next bytes. */
static void
ff_keep(struct feed_filter *f, const unsigned char *s, size_t n)
{
	/* ff_act asks for more only below FEED_FILTER_PEND bytes */
	if (n >= FEED_FILTER_PEND)
		n = FEED_FILTER_PEND - 1;
	memcpy(f->pend, s, n);
	f->pend_len = n;
}

void
feed_filter_push(struct feed_filter *f, const char *data, size_t len)
{
	const unsigned char *s = (const unsigned char *)data;
	unsigned char tmp[2 * FEED_FILTER_PEND];
	size_t k, total, done;

	/* what waits, with as many new bytes as it may need */
	while (f->pend_len > 0 && len > 0 && !f->stop) {
		k = len < FEED_FILTER_PEND ? len : FEED_FILTER_PEND;
		memcpy(tmp, f->pend, f->pend_len);
		memcpy(tmp + f->pend_len, s, k);
		total = f->pend_len + k;
		f->pend_len = 0;
		done = ff_run(f, tmp, total, true);
		ff_keep(f, tmp + done, total - done);
		s += k;
		len -= k;
	}
	if (f->pend_len > 0 || f->stop || len == 0)
		return;
	done = ff_run(f, s, len, true);
	ff_keep(f, s + done, len - done);
}

void
feed_filter_finish(struct feed_filter *f)
{
	unsigned char tmp[FEED_FILTER_PEND];
	size_t n = f->pend_len;

	memcpy(tmp, f->pend, n);
	f->pend_len = 0;
	(void)ff_run(f, tmp, n, false);
}
