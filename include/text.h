/*
 * text.h - the one place where hostile text from the network is made safe
 * for a terminal, and where display widths are measured.
 *
 * Sanitizing (DESIGN.md, "Text from the network is hostile"): C0 and C1
 * control characters, DEL, escape sequences (CSI, OSC, DCS, SOS, PM, APC
 * and two-byte ESC sequences) and the bidi overrides U+202A-U+202E and
 * U+2066-U+2069 are removed; invalid UTF-8 becomes U+FFFD.
 * Widths come from wcwidth(), so the process must run with a UTF-8
 * LC_CTYPE: text_init() arranges that.
 */
#ifndef LDN_TEXT_H
#define LDN_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* Flags for text_sanitize(). */
enum {
	/* Keep '\n' (else every line break becomes a space). */
	TEXT_KEEP_NEWLINES = 1 << 0,
	/* Fold runs of white space (space, tab, newline unless kept) into one
	 * space and trim both ends. */
	TEXT_FOLD_SPACE = 1 << 1
};

/*
 * Makes the process's LC_CTYPE a UTF-8 one (the user's if it is UTF-8,
 * else C.UTF-8) so wcwidth() knows non-ASCII characters. Returns false when
 * no UTF-8 locale could be set (widths then count one column a character).
 */
bool text_init(void);

/*
 * Decodes one UTF-8 sequence from s (at most len bytes, len >= 1).
 * Stores the code point in *cp (U+FFFD for an invalid, overlong, surrogate
 * or truncated sequence) and returns the bytes consumed (>= 1).
 */
size_t text_utf8_decode(const char *s, size_t len, uint32_t *cp);

/* Encodes cp as UTF-8 into out (4 bytes room); returns the length. */
size_t text_utf8_encode(uint32_t cp, char out[4]);

/*
 * Returns a newly allocated, sanitized copy of s[0..len) (see above),
 * or NULL on allocation failure. Tabs become a space.
 */
char *text_sanitize(const char *s, size_t len, unsigned flags);

/*
 * The one-line form of hostile text that every edge writes it in (messages
 * on stderr, --json strings, the link handed to a browser, the reader's
 * "Link:" line): text_sanitize() with every line break and tab a space,
 * runs of white space folded and both ends trimmed. Caller frees; NULL on
 * allocation failure.
 */
char *text_line(const char *s);

/* Display columns of one code point: 0 (combining), 1 or 2. */
int text_cp_width(uint32_t cp);

/* Display columns of a sanitized UTF-8 string. */
size_t text_width(const char *s);

/*
 * Returns a newly allocated copy of sanitized s cut to at most `width`
 * columns at a character boundary; when cut, the last column holds an
 * ellipsis "…". When `pad` is true, spaces fill it to exactly `width`.
 * NULL on allocation failure.
 */
char *text_fit(const char *s, size_t width, bool pad);

/*
 * A folded (lower-cased, per code point, as text_contains_ci compares)
 * copy of s, so that a plain strstr() on folded strings finds what
 * text_contains_ci() finds. Caller frees; NULL on allocation failure.
 */
char *text_fold(const char *s);

/* Case-insensitive substring search for UTF-8 (simple case folding of
 * the code points towlower knows). */
bool text_contains_ci(const char *haystack, const char *needle);

/*
 * Word-wraps sanitized text (no '\n' inside) to `width` columns.
 * Lines break at spaces; a word longer than the width is broken at a
 * character boundary. Calls `emit` for every line (without trailing
 * spaces); stops and returns its non-zero result if it returns one.
 * width 0 means no wrapping (one line). Returns LDN_OK or emit's result.
 */
typedef int (*text_line_fn)(const char *line, size_t len, void *payload);
int text_wrap(const char *s, size_t width, text_line_fn emit, void *payload);

#endif
