/*
 * keys.c - the key bindings as one const table: lookup for the loop, rows
 * for the help overlay. vi keys and arrow keys both work.
 */
#include "term.h"
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
	C('g', UI_ACT_TOP, "g Home", "first"),
	K(TERM_KEY_HOME, UI_ACT_TOP, NULL, NULL),
	C('G', UI_ACT_BOTTOM, "G End", "last"),
	K(TERM_KEY_END, UI_ACT_BOTTOM, NULL, NULL),
	K(TERM_KEY_ENTER, UI_ACT_OPEN, "Enter", "open the selected article (or N Enter: article N)"),
	K(TERM_KEY_RIGHT, UI_ACT_OPEN, NULL, NULL),
	C(':', UI_ACT_GOTO, ":N Enter", "open article N"),
	C('n', UI_ACT_NEXT, "n", "next article"),
	C('p', UI_ACT_PREV, "p", "previous article"),
	K(TERM_KEY_TAB, UI_ACT_FOCUS, "Tab", "switch between list and reader"),
	C('z', UI_ACT_ZOOM, "z", "zoom the focused pane"),
	C('v', UI_ACT_DENSITY, "v", "comfortable / compact list"),
	C('t', UI_ACT_TAGS, "t", "tag pane: filter by tags"),
	C('T', UI_ACT_CLEAR_TAGS, "T", "clear the tag filter"),
	C('#', UI_ACT_ARTICLE_TAGS, "#", "filter by the open article's tags"),
	C('/', UI_ACT_SEARCH, "/", "search titles and text (Enter keeps, Esc cancels)"),
	C('F', UI_ACT_FEEDS, "F", "feed pane: show only some feeds"),
	C('r', UI_ACT_REFRESH, "r", "refresh the feeds that are due"),
	C('R', UI_ACT_FORCE_REFRESH, "R", "refresh every feed now (a Retry-After still holds)"),
	C('E', UI_ACT_ERRORS, "E", "the feeds that failed, with the cause"),
	C('o', UI_ACT_BROWSER, "o", "open the article's link in $BROWSER"),
	C('l', UI_ACT_LINK, "l N Enter", "open link N of the article"),
	C('e', UI_ACT_ENCLOSURE, "e N Enter", "play enclosure N (audio, video) in the player"),
	C('u', UI_ACT_TOGGLE_READ, "u", "toggle read / unread"),
	C('s', UI_ACT_STAR, "s", "star / unstar (starred articles are never pruned)"),
	C('S', UI_ACT_STARRED_VIEW, "S", "only starred articles / all"),
	C('?', UI_ACT_HELP, "?", "this help"),
	C('q', UI_ACT_BACK, "q Left", "back; quit from the list"),
	K(TERM_KEY_LEFT, UI_ACT_BACK, NULL, NULL),
	C('Q', UI_ACT_QUIT, "Q", "quit at once"),
};

enum ui_action
ui_keys_lookup(bool is_char, int key)
{
	size_t i;

	for (i = 0; i < sizeof(ui_keys) / sizeof(ui_keys[0]); i++)
		if (ui_keys[i].is_char == is_char && ui_keys[i].key == key)
			return ui_keys[i].act;
	return UI_ACT_NONE;
}

const struct ui_key *
ui_keys_table(size_t *n)
{
	*n = sizeof(ui_keys) / sizeof(ui_keys[0]);
	return ui_keys;
}
