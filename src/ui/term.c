/*
 * term.c - the curses adapter. The only file that includes <curses.h>.
 * It owns the terminal (the curses screen, the colour pairs, the mode
 * saved for term_suspend) from term_init to term_end; only the reader's
 * thread calls it.
 *
 * ncursesw in cbreak mode (so Ctrl-C and Ctrl-Z reach the signal handlers
 * and ncurses' own SIGTSTP handling), or raw mode for a kiosk (they are
 * keys like any other), keypad and mouse on, colours from the TERM_STYLES
 * table. Strings reach the screen only through text_fit().
 */
#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>
#include <wchar.h>

#include "term.h"
#include "text.h"

static bool term_active; /* the one piece of screen state: curses is up */
static bool term_color;

/*
 * Tests' synchronisation (LDNEWS_TEST_SYNC set in the environment): the
 * byte TERM_SYNC_PROBE is no key but a probe. Input is handled in order,
 * so once a probe is read every key sent before it has been handled; the
 * next idle frame then ends with an OSC 7 "ldnews-sync:N" (N probes so
 * far), which tmux keeps as #{pane_path}. A test that sees N there knows
 * the screen it captures next shows the state after its keys, drawn in
 * full: no sleeping, no waiting for text that may already be on screen.
 */
#define TERM_SYNC_PROBE 0x1d /* Ctrl-], bound to nothing */
static bool term_sync_on;
static unsigned long term_probes, term_probes_told;

/* How long a lone Esc waits for the rest of a sequence whose first byte
 * came alone (see term_split). */
#define TERM_SPLIT_MS 100

struct term_look {
	short fg, bg;
	unsigned attr, mono;
};

static const struct term_look term_defaults[TERM_NSTYLES] = {
#define TERM_ROW(name, f, b, a, m) [TERM_##name] = {f, b, a, m},
	TERM_STYLES(TERM_ROW)
#undef TERM_ROW
};

static const char *const term_names[TERM_NSTYLES] = {
#define TERM_NAME(name, f, b, a, m) [TERM_##name] = #name,
	TERM_STYLES(TERM_NAME)
#undef TERM_NAME
};

/* The theme in force: the defaults with the config's colours over them
 * (screen state, like term_active). */
static struct term_look term_styles[TERM_NSTYLES];
static bool term_styles_set;

static void
term_theme_defaults(void)
{
	if (!term_styles_set) {
		memcpy(term_styles, term_defaults, sizeof(term_styles));
		term_styles_set = true;
	}
}

int
term_style_by_name(const char *name)
{
	int i;

	for (i = 0; i < TERM_NSTYLES; i++)
		if (strcasecmp(term_names[i], name) == 0)
			return i;
	/* The masthead date's first name, said to colour a tagline it never
	 * coloured: configs that use it keep working. */
	if (strcasecmp(name, "tagline") == 0)
		return TERM_DATE;
	return -1;
}

void
term_style_set(enum term_style st, int fg, int bg, unsigned attrs)
{
	term_theme_defaults();
	if (fg != TERM_UNSET)
		term_styles[st].fg = (short)fg;
	if (bg != TERM_UNSET)
		term_styles[st].bg = (short)bg;
	/* Without colour the attributes alone must tell the element apart. */
	term_styles[st].attr = term_styles[st].mono = attrs;
}

static attr_t
term_attr(unsigned a)
{
	attr_t r = A_NORMAL;

	if (a & TERM_A_BOLD)
		r |= A_BOLD;
	if (a & TERM_A_DIM)
		r |= A_DIM;
	if (a & TERM_A_REVERSE)
		r |= A_REVERSE;
	if (a & TERM_A_UNDERLINE)
		r |= A_UNDERLINE;
#ifdef A_ITALIC
	if (a & TERM_A_ITALIC)
		r |= A_ITALIC;
#endif
	return r;
}

static void
term_set_style(enum term_style st)
{
	if (term_color) {
		attrset(term_attr(term_styles[st].attr) | COLOR_PAIR(st + 1));
	} else {
		attrset(term_attr(term_styles[st].mono));
	}
}

static void
term_init_colors(void)
{
	int i;
	const char *nc = getenv("NO_COLOR");

	term_color = false;
	term_theme_defaults();
	/* https://no-color.org: any non-empty NO_COLOR turns colour off. */
	if ((nc && *nc) || !has_colors() || start_color() != OK)
		return;
	use_default_colors();
	for (i = 0; i < TERM_NSTYLES; i++) {
		short fg = term_styles[i].fg, bg = term_styles[i].bg;
		/* Eight-colour terminals: map bright colours down. */
		if (fg >= COLORS)
			fg = fg == 8 ? -1 : (short)(fg % 8);
		if (bg >= COLORS)
			bg = (short)(bg % 8);
		init_pair((short)(i + 1), fg, bg);
	}
	term_color = true;
}

int
term_init(bool raw_keys)
{
	if (initscr() == NULL)
		return -1;
	term_active = true;
	if (raw_keys)
		raw();
	else
		cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	/* 25 ms finds every sequence a terminal writes at once; one that a
	 * slow link or a loaded machine splits is caught by term_split. */
	set_escdelay(25);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	term_init_colors();
	curs_set(1);
	term_sync_on = getenv("LDNEWS_TEST_SYNC") != NULL;
	return 0;
}

void
term_end(void)
{
	if (!term_active)
		return;
	term_active = false;
	attrset(A_NORMAL);
	endwin();
}

void
term_size(int *rows, int *cols)
{
	getmaxyx(stdscr, *rows, *cols);
}

void
term_erase(void)
{
	attrset(A_NORMAL);
	erase();
}

static int
term_draw(int y, int x, int w, const char *s, enum term_style st, bool pad)
{
	char *clean, *fit;
	int used;

	if (w <= 0)
		return 0;
	/* Feed text is hostile: sanitize, then fit. Nothing reaches the
	 * screen any other way. */
	clean = text_sanitize(s ? s : "", s ? strlen(s) : 0, 0);
	fit = clean ? text_fit(clean, (size_t)w, pad) : NULL;
	free(clean);
	if (fit == NULL)
		return 0;
	used = (int)text_width(fit);
	term_set_style(st);
	mvaddstr(y, x, fit);
	free(fit);
	return used;
}

void
term_put(int y, int x, int w, const char *s, enum term_style st)
{
	term_draw(y, x, w, s, st, true);
}

int
term_puts(int y, int x, int w, const char *s, enum term_style st)
{
	return term_draw(y, x, w, s, st, false);
}

void
term_vline(int y, int x, int h, bool ascii)
{
	int i;

	term_set_style(TERM_BORDER);
	for (i = 0; i < h; i++)
		mvaddstr(y + i, x, ascii ? "|" : "\xe2\x94\x82");
}

void
term_hline(int y, int x, int w, bool ascii)
{
	int i;

	term_set_style(TERM_BORDER);
	move(y, x);
	for (i = 0; i < w; i++)
		addstr(ascii ? "-" : "\xe2\x94\x80");
}

void
term_frame(int y, int x, int h, int w, bool ascii)
{
	static const char *const uni[] = {"\xe2\x94\x8c", "\xe2\x94\x90", "\xe2\x94\x94",
					  "\xe2\x94\x98"};
	int i;

	if (h < 2 || w < 2)
		return;
	term_hline(y, x + 1, w - 2, ascii);
	term_hline(y + h - 1, x + 1, w - 2, ascii);
	term_vline(y + 1, x, h - 2, ascii);
	term_vline(y + 1, x + w - 1, h - 2, ascii);
	for (i = 0; i < 4; i++)
		mvaddstr(i < 2 ? y : y + h - 1, i % 2 ? x + w - 1 : x, ascii ? "+" : uni[i]);
}

void
term_cursor(int y, int x)
{
	move(y, x);
}

void
term_flush(void)
{
	refresh();
}

static void
term_key(struct term_event *ev, int k)
{
	static const struct {
		int curses, key;
	} map[] = {
		{KEY_UP, TERM_KEY_UP}, {KEY_DOWN, TERM_KEY_DOWN},
		{KEY_LEFT, TERM_KEY_LEFT}, {KEY_RIGHT, TERM_KEY_RIGHT},
		{KEY_PPAGE, TERM_KEY_PGUP}, {KEY_NPAGE, TERM_KEY_PGDN},
		{KEY_HOME, TERM_KEY_HOME}, {KEY_END, TERM_KEY_END},
		{KEY_ENTER, TERM_KEY_ENTER}, {KEY_BACKSPACE, TERM_KEY_BACKSPACE},
		{KEY_BTAB, TERM_KEY_BTAB}, {KEY_DC, TERM_KEY_DELETE},
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (map[i].curses == k) {
			ev->type = TERM_EV_KEY;
			ev->key = map[i].key;
			return;
		}
}

static void
term_mouse(struct term_event *ev)
{
	MEVENT me;

	if (getmouse(&me) != OK)
		return;
	ev->y = me.y;
	ev->x = me.x;
	if (me.bstate & BUTTON4_PRESSED)
		ev->mouse = TERM_MOUSE_WHEEL_UP;
#ifdef BUTTON5_PRESSED
	else if (me.bstate & BUTTON5_PRESSED)
		ev->mouse = TERM_MOUSE_WHEEL_DOWN;
#endif
	else if (me.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED))
		ev->mouse = TERM_MOUSE_CLICK;
	else
		return;
	ev->type = TERM_EV_MOUSE;
}

/* Control characters that are keys, not text. */
static void
term_char(struct term_event *ev, wint_t c)
{
	switch (c) {
	case '\r':
	case '\n':
		ev->type = TERM_EV_KEY;
		ev->key = TERM_KEY_ENTER;
		return;
	case 27:
		ev->type = TERM_EV_KEY;
		ev->key = TERM_KEY_ESC;
		return;
	case '\t':
		ev->type = TERM_EV_KEY;
		ev->key = TERM_KEY_TAB;
		return;
	case 8:
	case 127:
		ev->type = TERM_EV_KEY;
		ev->key = TERM_KEY_BACKSPACE;
		return;
	default:
		ev->type = TERM_EV_CHAR;
		ev->ch = (uint32_t)c;
	}
}

/* An X10 or SGR mouse report's button code and place (0-based). */
static void
term_seq_mouse(struct term_event *ev, unsigned cb, int x, int y, bool press)
{
	ev->type = TERM_EV_NONE;
	if (!press || (cb & 32) != 0) /* a release or a motion: nothing */
		return;
	if (cb & 64)
		ev->mouse = (cb & 3) == 0 ? TERM_MOUSE_WHEEL_UP : (cb & 3) == 1 ? TERM_MOUSE_WHEEL_DOWN : 0;
	else
		ev->mouse = (cb & 3) == 0 ? TERM_MOUSE_CLICK : 0;
	if (ev->mouse == 0 || x < 0 || y < 0)
		return;
	ev->type = TERM_EV_MOUSE;
	ev->x = x;
	ev->y = y;
}

/* The keys a CSI's final byte (and first parameter) or SS3's name. */
static int
term_seq_key(unsigned final, long param)
{
	switch (final) {
	case 'A': return TERM_KEY_UP;
	case 'B': return TERM_KEY_DOWN;
	case 'C': return TERM_KEY_RIGHT;
	case 'D': return TERM_KEY_LEFT;
	case 'H': return TERM_KEY_HOME;
	case 'F': return TERM_KEY_END;
	case 'Z': return TERM_KEY_BTAB;
	case '~':
		switch (param) {
		case 1: case 7: return TERM_KEY_HOME;
		case 4: case 8: return TERM_KEY_END;
		case 3: return TERM_KEY_DELETE;
		case 5: return TERM_KEY_PGUP;
		case 6: return TERM_KEY_PGDN;
		default: return 0;
		}
	default:
		return 0;
	}
}

/* The whole of a sequence in s->b: the event it means, if any. */
static void
term_seq_done(const struct term_seq *s, struct term_event *ev)
{
	unsigned final = s->b[s->n - 1];
	long p[3] = {0, 0, 0};
	size_t i, k = 0;

	memset(ev, 0, sizeof(*ev));
	if (s->b[0] == 'O') {
		ev->key = final == 'M' ? TERM_KEY_ENTER : term_seq_key(final, 0);
	} else if (s->n == 5 && s->b[1] == 'M') {
		term_seq_mouse(ev, s->b[2] - 32u, s->b[3] - 33, s->b[4] - 33, true);
		return;
	} else {
		for (i = s->b[1] == '<' ? 2 : 1; i + 1 < s->n && k < 3; i++) {
			if (s->b[i] == ';')
				k++;
			else if (s->b[i] >= '0' && s->b[i] <= '9' && p[k] < 100000)
				p[k] = p[k] * 10 + (s->b[i] - '0');
		}
		if (s->b[1] == '<') {
			term_seq_mouse(ev, (unsigned)p[0], (int)p[1] - 1, (int)p[2] - 1, final == 'M');
			return;
		}
		ev->key = term_seq_key(final, p[0]);
	}
	if (ev->key != 0)
		ev->type = TERM_EV_KEY;
}

int
term_seq_feed(struct term_seq *s, unsigned c, struct term_event *ev)
{
	if (s->n == sizeof(s->b) || c > 0xff)
		goto drop; /* nothing a terminal sends */
	s->b[s->n++] = (unsigned char)c;
	if (s->n == 1)
		return TERM_SEQ_MORE; /* '[' or 'O': the caller's test */
	if (s->b[0] == 'O')
		goto done; /* SS3: one byte names the key */
	if (s->b[1] == 'M') /* X10 mouse: "[M" and three bytes of any value */
		return s->n == 5 ? (term_seq_done(s, ev), TERM_SEQ_DONE) : TERM_SEQ_MORE;
	if (c >= 0x20 && c <= 0x3f)
		return TERM_SEQ_MORE; /* parameters ('<' of SGR mouse too), intermediates */
	if (c >= 0x40 && c <= 0x7e)
		goto done;
drop: /* a control inside, or too long: broken, dropped whole */
	memset(ev, 0, sizeof(*ev));
	return TERM_SEQ_DONE;
done:
	term_seq_done(s, ev);
	return TERM_SEQ_DONE;
}

/*
 * ncurses gave a lone Esc: nothing followed it within the escape delay.
 * When a '[' or 'O' comes next all the same, the terminal's sequence was
 * split (a slow link, a loaded machine): its rest is read here and taken
 * for the key or mouse report it is, or dropped, never as keys of its
 * own (a split mouse report once read as "[M" and letters). Anything else
 * after the Esc is a key of its own and goes back to be read next.
 */
static void
term_split(struct term_event *ev)
{
	struct term_seq seq = {.n = 0};
	wint_t c;
	int r;

	memset(ev, 0, sizeof(*ev));
	ev->type = TERM_EV_KEY;
	ev->key = TERM_KEY_ESC;
	timeout(TERM_SPLIT_MS);
	r = get_wch(&c);
	if (r == ERR)
		return;
	if (r != OK || (c != '[' && c != 'O')) {
		if (r == KEY_CODE_YES)
			ungetch((int)c);
		else
			unget_wch((wchar_t)c);
		return;
	}
	term_seq_feed(&seq, (unsigned)c, ev);
	for (;;) {
		r = get_wch(&c);
		if (r == ERR || r == KEY_CODE_YES) { /* cut short: dropped */
			if (r == KEY_CODE_YES)
				ungetch((int)c);
			memset(ev, 0, sizeof(*ev));
			return;
		}
		if (term_seq_feed(&seq, (unsigned)c, ev) == TERM_SEQ_DONE)
			return;
	}
}

void
term_event(struct term_event *ev, int timeout_ms)
{
	wint_t c;
	int r;

	memset(ev, 0, sizeof(*ev));
	timeout(timeout_ms);
	r = get_wch(&c);
	if (r == ERR)
		return;
	if (r == KEY_CODE_YES) {
		if (c == KEY_RESIZE)
			ev->type = TERM_EV_RESIZE;
		else if (c == KEY_MOUSE)
			term_mouse(ev);
		else
			term_key(ev, (int)c);
		return;
	}
	if (c == TERM_SYNC_PROBE && term_sync_on) {
		term_probes++;
		return;
	}
	if (c == 27) {
		term_split(ev);
		return;
	}
	term_char(ev, c);
}

void
term_sync_idle(void)
{
	char osc[64];
	int n;

	if (!term_sync_on || term_probes == term_probes_told)
		return;
	term_probes_told = term_probes;
	n = snprintf(osc, sizeof(osc), "\033]7;ldnews-sync:%lu\007", term_probes);
	if (n > 0 && write(STDOUT_FILENO, osc, (size_t)n) < 0)
		term_sync_on = false; /* the terminal is gone; nothing to tell */
}

void
term_suspend(void)
{
	def_prog_mode();
	endwin();
}

void
term_resume(void)
{
	reset_prog_mode();
	clearok(curscr, TRUE);
	refresh();
}
