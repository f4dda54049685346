/*
 * term.h - the thin terminal adapter: the only interface to curses.
 * Private to src/ui (term.c is the one file that includes <curses.h>).
 *
 * Every string drawn goes through text_fit(), so it is sanitized, cut at a
 * character boundary with an ellipsis and padded to exactly its width.
 */
#ifndef LDN_UI_TERM_H
#define LDN_UI_TERM_H

#include <stdbool.h>
#include <stdint.h>

/* Colour roles: X(name, fg, bg, colour attrs, monochrome attrs). */
#define TERM_STYLES(X)                                                   \
	X(NORMAL, -1, -1, 0, 0)                                          \
	X(MASTHEAD, 15, 1, TERM_A_BOLD, TERM_A_REVERSE | TERM_A_BOLD)    \
	X(DATE, 15, 1, 0, TERM_A_REVERSE)                                \
	X(NUMBER, 6, -1, 0, 0)                                           \
	X(UNREAD, -1, -1, TERM_A_BOLD, TERM_A_BOLD)                      \
	X(READ, -1, -1, 0, 0)                                            \
	X(DIM, 8, -1, TERM_A_DIM, TERM_A_DIM)                            \
	X(TAG, 3, -1, 0, 0)                                              \
	X(SELECTED, 0, 6, 0, TERM_A_REVERSE)                             \
	X(TITLE, -1, -1, TERM_A_BOLD, TERM_A_BOLD)                       \
	X(STANDFIRST, -1, -1, TERM_A_ITALIC, 0)                          \
	X(META, 6, -1, 0, 0)                                             \
	X(HEADING, -1, -1, TERM_A_BOLD, TERM_A_BOLD)                     \
	X(QUOTE, 2, -1, 0, 0)                                            \
	X(PRE, 3, -1, 0, 0)                                              \
	X(LINK, 4, -1, 0, TERM_A_UNDERLINE)                              \
	X(SECTION, 1, -1, TERM_A_BOLD, TERM_A_BOLD)                      \
	X(BORDER, 8, -1, 0, 0)                                           \
	X(STATUS, 0, 7, 0, TERM_A_REVERSE)                               \
	X(ERROR, 15, 1, TERM_A_BOLD, TERM_A_REVERSE | TERM_A_BOLD)       \
	X(PROMPT, -1, -1, TERM_A_BOLD, TERM_A_BOLD)

#define TERM_A_BOLD 1u
#define TERM_A_DIM 2u
#define TERM_A_REVERSE 4u
#define TERM_A_UNDERLINE 8u
#define TERM_A_ITALIC 16u

enum term_style {
#define TERM_ENUM(name, fg, bg, a, m) TERM_##name,
	TERM_STYLES(TERM_ENUM)
#undef TERM_ENUM
	TERM_NSTYLES
};

enum term_event_type {
	TERM_EV_NONE = 0, /* timeout */
	TERM_EV_KEY,      /* a function key: key holds a TERM_KEY_* */
	TERM_EV_CHAR,     /* a character: ch holds the code point */
	TERM_EV_RESIZE,
	TERM_EV_MOUSE
};

enum term_key {
	TERM_KEY_UP = 1, TERM_KEY_DOWN, TERM_KEY_LEFT, TERM_KEY_RIGHT,
	TERM_KEY_PGUP, TERM_KEY_PGDN, TERM_KEY_HOME, TERM_KEY_END,
	TERM_KEY_ENTER, TERM_KEY_BACKSPACE, TERM_KEY_ESC, TERM_KEY_TAB,
	TERM_KEY_BTAB, TERM_KEY_DELETE
};

enum term_mouse {
	TERM_MOUSE_CLICK = 1, TERM_MOUSE_WHEEL_UP, TERM_MOUSE_WHEEL_DOWN
};

struct term_event {
	enum term_event_type type;
	int key;          /* enum term_key */
	uint32_t ch;      /* code point for TERM_EV_CHAR */
	int mouse;        /* enum term_mouse */
	int y, x;         /* mouse position */
};

/* The style an element name of the config means ("masthead", "selected",
 * ... the TERM_STYLES names, any case), or -1. */
int term_style_by_name(const char *name);
/* Before term_init: colours (0-255, -1 the terminal's default, TERM_UNSET
 * the theme's) and TERM_A_* attributes replacing a style's defaults. */
#define TERM_UNSET (-2)
void term_style_set(enum term_style st, int fg, int bg, unsigned attrs);

/* Starts curses; colour unless NO_COLOR is set or the terminal has none.
 * raw: the keys that send signals (Ctrl-C, Ctrl-\, Ctrl-Z) and flow
 * control (Ctrl-S, Ctrl-Q) arrive as characters instead. */
int term_init(bool raw);
/* Restores the terminal; safe to call twice. */
void term_end(void);
void term_size(int *rows, int *cols);
void term_erase(void);
/* Draws s at (y, x) fitted and padded to exactly w columns. */
void term_put(int y, int x, int w, const char *s, enum term_style st);
/* Draws s at (y, x) in at most w columns, not padded; returns columns used. */
int term_puts(int y, int x, int w, const char *s, enum term_style st);
void term_vline(int y, int x, int h, bool ascii);
void term_hline(int y, int x, int w, bool ascii);
/* A border around the h x w cells at (y, x) (the border on their edge). */
void term_frame(int y, int x, int h, int w, bool ascii);
void term_cursor(int y, int x);
void term_flush(void);
/* Waits up to timeout_ms (-1: forever) for input. */
void term_event(struct term_event *ev, int timeout_ms);
/* After a frame drawn with nothing left to do: tells a test (see term.c)
 * how many probes have been handled, when that changed. */
void term_sync_idle(void);

/* The rest of an escape sequence after its Esc, one byte at a time (the
 * first byte '[' or 'O'): TERM_SEQ_MORE, or TERM_SEQ_DONE with *ev the key
 * or mouse event it means (TERM_EV_NONE: one that means nothing here). */
struct term_seq {
	unsigned char b[32];
	size_t n;
};
enum { TERM_SEQ_MORE, TERM_SEQ_DONE };
int term_seq_feed(struct term_seq *s, unsigned c, struct term_event *ev);
/* Leaves curses mode for another program, and comes back. */
void term_suspend(void);
void term_resume(void);

#endif
