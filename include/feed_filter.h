/*
 * feed_filter.h - the byte filter between a feed's bytes and libxml2.
 *
 * libxml2 stops for good at the first thing XML forbids, and feeds carry
 * plenty: a vertical tab pasted into a title, one windows-1252 quote in a
 * "UTF-8" feed, "AT&T" with a bare ampersand, "&#11;", a terminal escape
 * sequence. Each of these loses every later article. The filter mends
 * them on the way in, in one pass over the bytes and without a copy of the
 * document: runs of ordinary bytes go to the sink as they are, and only
 * what must change is rewritten. It works on ASCII-compatible documents
 * (UTF-8, the ISO-8859 family, the CJK multi-byte ones), not on UTF-16.
 *
 * What it does, outside and inside CDATA sections alike unless said:
 *  - C0 controls XML forbids are dropped (a vertical tab or form feed
 *    becomes a space); a terminal escape sequence (ESC and its CSI, OSC or
 *    other string) is dropped whole; U+FFFE and U+FFFF are dropped.
 *  - utf8: a byte that starts no UTF-8 character is read as windows-1252
 *    (what the author's software most likely wrote), and a C1 control
 *    (U+0080-U+009F) as the windows-1252 character of that number, as
 *    browsers and feedparser do.
 *  - Outside CDATA: a '&' that starts no reference becomes "&amp;"; a
 *    character reference to a character XML forbids is dropped (one to a
 *    C1 control reads as windows-1252, as above).
 * Every change is counted, with the line of the first, for one warning
 * per kind. A thing cut by the end of a chunk waits (at most
 * FEED_FILTER_PEND bytes) for the next one.
 *
 * Owned by one feed parser, on its thread.
 */
#ifndef LDN_FEED_FILTER_H
#define LDN_FEED_FILTER_H

#include <stdbool.h>
#include <stddef.h>

/* The longest thing the filter looks ahead over: a reference
 * ("&CounterClockwiseContourIntegral;") or "<![CDATA[". */
#define FEED_FILTER_PEND 40

/* Hands on filtered bytes; false stops the filter (the parser gave up). */
typedef bool (*feed_filter_sink)(void *ctx, const char *s, size_t n);

/* What was changed: how many, and the line of the first. */
struct feed_filter_count {
	size_t n;
	size_t line;
};

struct feed_filter {
	bool utf8;                 /* check UTF-8 (else bytes pass as they are) */
	feed_filter_sink sink;
	void *ctx;
	bool stop;                 /* the sink said stop */
	int zone;                  /* enum ff_zone: text or a CDATA section */
	int esc;                   /* enum ff_esc: inside an escape sequence */
	size_t lines;              /* line feeds passed so far */
	unsigned char pend[FEED_FILTER_PEND];
	size_t pend_len;
	struct feed_filter_count dropped; /* characters XML forbids */
	struct feed_filter_count latin;   /* bytes that are not UTF-8 */
	struct feed_filter_count c1;      /* C1 controls read as windows-1252 */
	struct feed_filter_count amps;    /* '&' that start no reference */
};

void feed_filter_init(struct feed_filter *f, bool utf8, feed_filter_sink sink, void *ctx);

/* Filters the next len bytes of the document. */
void feed_filter_push(struct feed_filter *f, const char *data, size_t len);

/* The document has ended: what waits is decided on what there is. */
void feed_filter_finish(struct feed_filter *f);

/* The length of the UTF-8 sequence at s (n bytes there) if it is a whole
 * and valid one (RFC 3629: no overlong forms, surrogates or code points
 * past U+10FFFF); 0 when it is not; -1 when it may be but is cut off. */
int feed_filter_utf8_len(const unsigned char *s, size_t n);

#endif
