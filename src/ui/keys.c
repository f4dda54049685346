/*
 * keys.c - the key bindings: one const table of defaults (lookup for the
 * loop, rows for the help overlay; vi keys and arrow keys both work), the
 * names the config file uses for actions and keys, and the user's own
 * bindings, which are looked at before the defaults; and what kiosk mode
 * refuses, whichever key is bound to it. The tables are const; the user's
 * bindings belong to struct ui. ui_keys_check also runs from main, before
 * the reader starts; everything else on the reader's thread.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "term.h"
#include "text.h"
#include "ui_priv.h"

#define K(k, a, n, h) {k, false, a, n, h}
#define C(c, a, n, h) {c, true, a, n, h}

static const struct ui_key ui_keys[] = {
	C('j', UI_ACT_DOWN, "j Down", "next headline / scroll down"),
	K(TERM_KEY_DOWN, UI_ACT_DOWN, NULL, NULL),
	C('k', UI_ACT_UP, "k Up", "previous headline / scroll up"),
	K(TERM_KEY_UP, UI_ACT_UP, NULL, NULL),
	C(' ', UI_ACT_PGDN, "Space PgDn", "page down"),
	K(TERM_KEY_PGDN, UI_ACT_PGDN, NULL, NULL),
	C('b', UI_ACT_PGUP, "b PgUp", "page up"),
	K(TERM_KEY_PGUP, UI_ACT_PGUP, NULL, NULL),
	C('g', UI_ACT_TOP, "g G", "first / last (Home, End)"),
	K(TERM_KEY_HOME, UI_ACT_TOP, NULL, NULL),
	C('G', UI_ACT_BOTTOM, NULL, NULL),
	K(TERM_KEY_END, UI_ACT_BOTTOM, NULL, NULL),
	K(TERM_KEY_ENTER, UI_ACT_OPEN, "Enter", "open the selected article (or N Enter: article N)"),
	K(TERM_KEY_RIGHT, UI_ACT_OPEN, NULL, NULL),
	C(':', UI_ACT_GOTO, ":N Enter", "open article N"),
	C('n', UI_ACT_NEXT_UNREAD, "n p", "next / previous unread article (n: on to the next feed)"),
	C('p', UI_ACT_PREV_UNREAD, NULL, NULL),
	C('J', UI_ACT_NEXT, "J K", "next / previous article"),
	C('K', UI_ACT_PREV, NULL, NULL),
	K(TERM_KEY_TAB, UI_ACT_FOCUS, "Tab", "switch between list and reader"),
	C('z', UI_ACT_ZOOM, "z", "zoom the focused pane"),
	C('v', UI_ACT_DENSITY, "v", "comfortable / compact list"),
	C('t', UI_ACT_TAGS, "t T", "tag pane: filter by tags / clear the tag filter"),
	C('T', UI_ACT_CLEAR_TAGS, NULL, NULL),
	C('#', UI_ACT_ARTICLE_TAGS, "#", "filter by the open article's tags"),
	C('/', UI_ACT_SEARCH, "/", "search titles and text (Enter keeps, Esc cancels)"),
	C('F', UI_ACT_FEEDS, "F", "feed pane: show only some feeds"),
	C('r', UI_ACT_REFRESH, "r", "refresh the feeds that are due"),
	C('R', UI_ACT_FORCE_REFRESH, "R", "refresh every feed now (a Retry-After still holds)"),
	C('E', UI_ACT_ERRORS, "E", "the feeds that failed, with the cause"),
	C('o', UI_ACT_BROWSER, "o", "open the article's link in $BROWSER"),
	C('f', UI_ACT_FULLTEXT, "f", "the article's text from its web page / the feed's"),
	C('l', UI_ACT_LINK, "l N Enter", "open link N of the article"),
	C('e', UI_ACT_ENCLOSURE, "e N Enter", "play enclosure N (audio, video) in the player"),
	C('|', UI_ACT_PIPE, "|", "pipe the article (as --show prints it) to a command"),
	C('w', UI_ACT_SAVE, "w", "save the article (as --show prints it) to a file"),
	C('y', UI_ACT_COPY, "y", "copy the article's link (the config's copy command)"),
	C('N', UI_ACT_TOGGLE_READ, "N", "toggle read / unread"),
	C('A', UI_ACT_MARK_ALL_READ, "A u", "mark every article shown read / undo that"),
	C('u', UI_ACT_UNDO, NULL, NULL),
	C('U', UI_ACT_UNREAD_VIEW, "U", "only unread articles / all"),
	C('s', UI_ACT_STAR, "s", "star / unstar (starred articles are never pruned)"),
	C('S', UI_ACT_STARRED_VIEW, "S", "only starred articles / all"),
	C('?', UI_ACT_HELP, "?", "this help"),
	C('q', UI_ACT_BACK, "q Left", "back; clear the filter; quit from the list (Esc: all but quit)"),
	K(TERM_KEY_LEFT, UI_ACT_BACK, NULL, NULL),
	C('Q', UI_ACT_QUIT, "Q", "quit at once"),
};

/* Action names for the config's [keys] section, in help order. */
static const struct {
	const char *name;
	enum ui_action act;
} ui_actions[] = {
	{"down", UI_ACT_DOWN}, {"up", UI_ACT_UP}, {"page-down", UI_ACT_PGDN},
	{"page-up", UI_ACT_PGUP}, {"top", UI_ACT_TOP}, {"bottom", UI_ACT_BOTTOM},
	{"open", UI_ACT_OPEN}, {"goto", UI_ACT_GOTO}, {"next", UI_ACT_NEXT},
	{"prev", UI_ACT_PREV}, {"focus", UI_ACT_FOCUS}, {"zoom", UI_ACT_ZOOM},
	{"density", UI_ACT_DENSITY}, {"tags", UI_ACT_TAGS}, {"clear-tags", UI_ACT_CLEAR_TAGS},
	{"article-tags", UI_ACT_ARTICLE_TAGS}, {"search", UI_ACT_SEARCH},
	{"feeds", UI_ACT_FEEDS}, {"refresh", UI_ACT_REFRESH},
	{"force-refresh", UI_ACT_FORCE_REFRESH}, {"errors", UI_ACT_ERRORS},
	{"browser", UI_ACT_BROWSER}, {"full-text", UI_ACT_FULLTEXT}, {"link", UI_ACT_LINK}, {"enclosure", UI_ACT_ENCLOSURE},
	{"pipe", UI_ACT_PIPE}, {"save", UI_ACT_SAVE}, {"copy", UI_ACT_COPY},
	{"next-unread", UI_ACT_NEXT_UNREAD}, {"prev-unread", UI_ACT_PREV_UNREAD},
	{"toggle-read", UI_ACT_TOGGLE_READ}, {"mark-all-read", UI_ACT_MARK_ALL_READ},
	{"undo", UI_ACT_UNDO}, {"unread", UI_ACT_UNREAD_VIEW}, {"star", UI_ACT_STAR},
	{"starred", UI_ACT_STARRED_VIEW}, {"help", UI_ACT_HELP}, {"back", UI_ACT_BACK},
	{"quit", UI_ACT_QUIT},
};

static const struct {
	const char *name;
	int key;
} ui_key_names[] = {
	{"Enter", TERM_KEY_ENTER}, {"Tab", TERM_KEY_TAB}, {"Up", TERM_KEY_UP},
	{"Down", TERM_KEY_DOWN}, {"Left", TERM_KEY_LEFT}, {"Right", TERM_KEY_RIGHT},
	{"PgUp", TERM_KEY_PGUP}, {"PgDn", TERM_KEY_PGDN}, {"Home", TERM_KEY_HOME},
	{"End", TERM_KEY_END}, {"Backspace", TERM_KEY_BACKSPACE}, {"Delete", TERM_KEY_DELETE},
};

static bool
ui_keys_action(const char *name, enum ui_action *act)
{
	size_t i;

	for (i = 0; i < sizeof(ui_actions) / sizeof(ui_actions[0]); i++)
		if (strcmp(ui_actions[i].name, name) == 0) {
			*act = ui_actions[i].act;
			return true;
		}
	return false;
}

/*
 * A key as the config writes it: one character ("j", "#", "é"), "Space",
 * "^X" for Ctrl-X, or a name from ui_key_names. Esc and the digits are
 * not bindable: they cancel and type article numbers everywhere.
 */
static bool
ui_keys_parse(const char *spec, bool *is_char, int *key)
{
	uint32_t cp;
	size_t i, n;

	for (i = 0; i < sizeof(ui_key_names) / sizeof(ui_key_names[0]); i++)
		if (strcmp(ui_key_names[i].name, spec) == 0) {
			*is_char = false;
			*key = ui_key_names[i].key;
			return true;
		}
	*is_char = true;
	if (strcmp(spec, "Space") == 0) {
		*key = ' ';
		return true;
	}
	if (spec[0] == '^' && spec[1] != '\0' && spec[2] == '\0' &&
	    ((spec[1] >= 'A' && spec[1] <= 'Z') || (spec[1] >= 'a' && spec[1] <= 'z'))) {
		*key = spec[1] & 0x1f;
		/* ^I, ^M, ^[ are Tab, Enter and Esc in a terminal. */
		return *key != '\t' && *key != '\r' && *key != '\n';
	}
	if (*spec == '\0') /* decoding would take the NUL for a character */
		return false;
	n = text_utf8_decode(spec, strlen(spec), &cp);
	if (n == 0 || spec[n] != '\0' || cp <= ' ' || cp == 0x7f || (cp >= '0' && cp <= '9') ||
	    (cp == 0xFFFD && n != 3)) /* invalid UTF-8 decodes as U+FFFD */
		return false;
	*key = (int)cp;
	return true;
}

int
ui_keys_check(const char *action, const char *key, char **cause)
{
	enum ui_action act;
	bool is_char;
	int k;

	if (!ui_keys_action(action, &act))
		return ldn_cause(cause, LDN_EUSAGE, "unknown action '%s'", action);
	if (!ui_keys_parse(key, &is_char, &k))
		return ldn_cause(cause, LDN_EUSAGE,
				 "bad key '%s' for %s (a character, Space, ^X, or a key name "
				 "such as Enter, Tab, PgDn; not Esc or a digit)", key, action);
	return LDN_OK;
}

int
ui_keys_bind(struct ui *u, const struct config_binding *b, size_t n)
{
	struct ui_key *k;
	size_t i;

	if (n == 0)
		return LDN_OK;
	if ((k = calloc(n, sizeof(*k))) == NULL)
		return LDN_ENOMEM;
	for (i = 0; i < n; i++) {
		/* Checked when the config was read; a bad row binds nothing. */
		if (!ui_keys_action(b[i].action, &k[i].act) ||
		    !ui_keys_parse(b[i].key, &k[i].is_char, &k[i].key))
			k[i].act = UI_ACT_NONE;
		k[i].name = b[i].key;
		k[i].help = b[i].action;
	}
	u->custom = k;
	u->ncustom = n;
	return LDN_OK;
}

/* Whether the config gave `act` keys of its own, which replace its defaults. */
bool
ui_keys_rebound(const struct ui *u, enum ui_action act)
{
	size_t i;

	for (i = 0; i < u->ncustom; i++)
		if (u->custom[i].act == act)
			return true;
	return false;
}

enum ui_action
ui_keys_lookup(const struct ui *u, bool is_char, int key)
{
	size_t i;

	/* The user's bindings first: a key they bind does that action. */
	for (i = u->ncustom; i-- > 0;)
		if (u->custom[i].act != UI_ACT_NONE && u->custom[i].is_char == is_char &&
		    u->custom[i].key == key)
			return u->custom[i].act;
	for (i = 0; i < sizeof(ui_keys) / sizeof(ui_keys[0]); i++)
		if (ui_keys[i].is_char == is_char && ui_keys[i].key == key &&
		    !ui_keys_rebound(u, ui_keys[i].act))
			return ui_keys[i].act;
	return UI_ACT_NONE;
}

/*
 * Kiosk mode refuses these: they start another program, write a file,
 * end the reader, or send requests when a passer-by likes (a kiosk
 * refreshes itself).
 * Reading keys, the panes, search and marks in memory stay.
 */
static const struct {
	enum ui_action act;
	const char *what;
} ui_kiosk_denied[] = {
	{UI_ACT_BROWSER, "browser"},
	{UI_ACT_LINK, "links"},
	{UI_ACT_ENCLOSURE, "enclosures"},
	{UI_ACT_PIPE, "pipe"},
	{UI_ACT_SAVE, "save"},
	{UI_ACT_COPY, "copy"},
	{UI_ACT_QUIT, "quit"},
	{UI_ACT_REFRESH, "refresh"},
	{UI_ACT_FORCE_REFRESH, "refresh"},
};

const char *
ui_keys_kiosk_denied(enum ui_action act)
{
	size_t i;

	for (i = 0; i < sizeof(ui_kiosk_denied) / sizeof(ui_kiosk_denied[0]); i++)
		if (ui_kiosk_denied[i].act == act)
			return ui_kiosk_denied[i].what;
	return NULL;
}

const struct ui_key *
ui_keys_table(size_t *n)
{
	*n = sizeof(ui_keys) / sizeof(ui_keys[0]);
	return ui_keys;
}
