/*
 * ui_priv.h - the reader's state, private to src/ui.
 *
 * struct ui is the one owner of everything on screen: the view (a reader
 * model over the cache, model.h: the store ids of the rows found and one
 * window of articles, never every article), the open article and its
 * rendering, the counts, the filter, the open panes and the prompt. Only
 * the reader's thread touches it. ui.c and panes.c change it in response
 * to keys and refresh results; draw.c writes only what follows from
 * drawing: scroll offsets (top, tag_top, feed_top, error_top). The cache
 * is the source of truth; ui_requery() gives the model the filter, and a
 * refresh that merged a feed shown starts it again.
 */
#ifndef LDN_UI_PRIV_H
#define LDN_UI_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "article.h"
#include "buf.h"
#include "model.h"
#include "query.h"
#include "refresh.h"
#include "render.h"
#include "ui.h"
#include "ui_layout.h"

enum ui_action {
	UI_ACT_NONE = 0,
	UI_ACT_DOWN, UI_ACT_UP, UI_ACT_PGDN, UI_ACT_PGUP, UI_ACT_TOP, UI_ACT_BOTTOM,
	UI_ACT_OPEN, UI_ACT_BACK, UI_ACT_QUIT, UI_ACT_NEXT, UI_ACT_PREV,
	UI_ACT_FOCUS, UI_ACT_ZOOM, UI_ACT_DENSITY, UI_ACT_TAGS, UI_ACT_CLEAR_TAGS,
	UI_ACT_SEARCH, UI_ACT_GOTO, UI_ACT_REFRESH, UI_ACT_BROWSER, UI_ACT_LINK,
	UI_ACT_TOGGLE_READ, UI_ACT_HELP, UI_ACT_ARTICLE_TAGS, UI_ACT_STAR,
	UI_ACT_STARRED_VIEW, UI_ACT_FEEDS, UI_ACT_ERRORS, UI_ACT_ENCLOSURE,
	UI_ACT_FORCE_REFRESH, UI_ACT_PIPE, UI_ACT_SAVE, UI_ACT_COPY, UI_ACT_FULLTEXT,
	UI_ACT_NEXT_UNREAD, UI_ACT_PREV_UNREAD, UI_ACT_MARK_ALL_READ, UI_ACT_UNDO,
	UI_ACT_UNREAD_VIEW
};

enum ui_prompt {
	UI_PROMPT_NONE = 0,
	UI_PROMPT_SEARCH,  /* '/': live filter */
	UI_PROMPT_GOTO,    /* ':': article number */
	UI_PROMPT_LINK,    /* 'l': link number */
	UI_PROMPT_TAGFIND, /* '/' in the tag pane */
	UI_PROMPT_ENCLOSURE, /* 'e': enclosure number */
	UI_PROMPT_PIPE,    /* '|': a command for the open article */
	UI_PROMPT_SAVE     /* 'w': a file for the open article */
};

struct ui_key {
	int key;            /* a TERM_KEY_* or a character */
	bool is_char;
	enum ui_action act;
	const char *name;   /* for the help overlay; NULL: not listed */
	const char *help;
};

struct term_event;
struct ui;
struct ui_fulltext;

/*
 * A pane over the list and the reader: the help, a prompt, the tag, feed
 * and error lists. Open panes form a stack in struct ui; the top one takes
 * every key, and they are drawn bottom-up (the tag pane's "/" opens the
 * prompt on top of itself). The list and the reader are the base under
 * the stack, not panes. Each pane is one table entry in panes.c.
 */
struct ui_pane {
	/* Paints the pane; returns the row the cursor goes to, or -1. NULL:
	 * nothing of its own (the prompt is part of the status line). */
	int (*draw)(struct ui *u);
	void (*key)(struct ui *u, const struct term_event *ev);
	/* NULL: the pane ignores the mouse. */
	void (*mouse)(struct ui *u, const struct term_event *ev);
	/* Called as the pane leaves the stack, by its own key or because the
	 * view is reset; NULL: nothing to undo. */
	void (*close)(struct ui *u);
};

/* A prompt's text, in bytes: a search longer than this finds nothing a
 * shorter one would not, and a paste of a whole page stops here. */
#define UI_PROMPT_MAX 256

#define UI_PANES_MAX 4 /* deepest reachable: the tag pane and its prompt */

/* A row of the feed pane: a feed of the plan, its articles in the cache,
 * and why its last refresh failed. */
struct ui_feed {
	char *url;
	char *title;              /* the config's name, the feed's title, or its URL */
	size_t total, unread;
	char *error;              /* the cause (a copy of u->errors'), NULL: none */
};

/* A feed's articles in the cache (ui_feed_counts). */
struct ui_feed_count {
	size_t total, unread;
};

/* What ui_feed_counts gathers: counts[i] of urls[i]. */
struct ui_feed_tally {
	const char *const *urls;
	size_t n;
	struct ui_feed_count *counts;
};

/* The last failure of one feed, for the status line and the list (E). */
struct ui_feed_error {
	char *src;
	char *cause;
	time_t when;
};

struct ui {
	const struct plan *p;     /* the run's settings (borrowed, read only) */
	/* The cache: this thread's connection (marks, bodies, search; NULL:
	 * no cache) and whether it is only read (it could not be written, or
	 * a kiosk's). */
	struct store *store;
	bool cache_readonly;
	struct refresh *refresh;
	struct model *m;          /* the view: rows of the cache (model.h) */
	long long want_id;        /* the article to select once its row is
				   * found (a filter or refresh started the
				   * view again), 0: none */
	/* Of every article of the plan's feeds, counted in the cache by the
	 * refresh worker after it changed (ui_take_counts), marks adjusting
	 * them meanwhile; never by this thread. */
	size_t total, unread;
	bool counted;             /* the worker's counts came (REFRESH_COUNTS) */
	bool cache_failed;        /* it could not be read: nothing is shown */
	bool multi_feed;          /* several feeds have articles: rows name theirs */
	time_t newest;            /* the newest article's date, 0: none */
	char *newest_title;       /* and its title, or NULL */
	char *feed_title;         /* masthead: first feed's title and tagline */
	char *feed_tagline;

	/* The filter and the view it gives. */
	char **inc, **exc;        /* included / excluded tags (owned) */
	size_t ninc, nexc;
	bool all_tags;
	bool starred_only;        /* the starred view (S) */
	bool unread_only;         /* the unread view (U) */
	/* What the last A marked read (store ids), for u; NULL: nothing to
	 * undo. */
	long long *undo_ids;
	size_t nundo;
	char *find;               /* owned search text or NULL */
	/* Bodies are searched through the cache's index once typing pauses
	 * (ui_search_store), so typing never waits for them: the store ids
	 * it found (sorted), shown beside the headlines' matches. */
	long long *hits;
	size_t nhits;
	bool scanning;            /* the index is still to be asked */
	size_t sel, top;          /* selected and first shown row of the view */

	/* The reader pane. */
	struct article *open;     /* the open article (owned, with its body) or NULL */
	struct render_doc doc;
	size_t doc_width;
	size_t doc_top;
	bool focus_reader, zoom, compact;
	struct ui_fulltext *fulltext; /* the open article's page (fulltext.c) */
	int date_width;           /* of the list's dates (ui_layout_date_width) */

	/* Open panes, bottom first (see struct ui_pane). */
	const struct ui_pane *panes[UI_PANES_MAX];
	size_t npanes;

	/* Input state. */
	enum ui_prompt prompt;    /* which prompt, while ui_pane_prompt is open */
	struct buf input;         /* at most UI_PROMPT_MAX bytes */
	bool input_changed;       /* typed into since the prompt last acted */
	char *find_before;        /* search text to restore on Esc */
	char number[12];          /* digits typed in the list, shown in the status */
	size_t nnumber;
	char **pipe_last;         /* the last command | ran (argv, owned) */

	/* The tag pane. */
	struct query_tag *tags;   /* rows of the pane, borrowed from tag_counts */
	size_t ntags, tag_sel, tag_top;
	struct query_tag *tag_counts; /* every tag's count (owned copies),
				       * made when the pane opens after the
				       * cache changed */
	size_t ntag_counts;
	char *tag_find;

	/* The feed pane (F) and the feed filter. */
	struct ui_feed *feeds;    /* rows of the pane (owned) */
	size_t nfeeds, feed_sel, feed_top;
	bool feeds_by_unread;     /* sorted by unread count, else by name (s) */
	char **feed_inc;          /* feed URLs shown (owned); none: all */
	size_t nfeed_inc;

	/* Feeds whose last refresh failed (E lists them). */
	struct ui_feed_error *errors;
	size_t nerrors, error_sel, error_top;

	struct ui_key *custom;    /* the config's key bindings (owned array) */
	size_t ncustom;
	size_t help_top;          /* first key row shown in the help */
	char *message;            /* one-line notice, cleared on the next key */
	bool message_is_error;
	char *last_error;         /* last refresh error, kept in the status */
	time_t last_refresh;
	time_t next_refresh;
	long pending_open;        /* --open N, done after the first load */
	bool loading;
	bool quit;
	struct ui_layout lay;

	/* Unattended screens (kiosk mode, --refresh, --idle-reset, --cycle). */
	size_t round_ok, round_failed; /* sources of the refresh running (a
				   * run that failed counts as one failed) */
	size_t round_tried;       /* sources it tried to fetch */
	size_t round_new;         /* articles new to the cache it brought */
	bool round_from_empty;    /* the cache held nothing as it started */
	bool stale;               /* the last refresh failed for every feed */
	int backoff;              /* refreshes failed in a row, at most 2: the
				   * next waits refresh_secs << backoff */
	time_t good_refresh;      /* end of the last refresh that worked, 0: none */
	time_t started;
	long long last_key_ms;    /* monotonic, of the last key */
	bool idle_done;           /* reset since that key (or none pressed) */
	long long next_cycle_ms;  /* when --cycle opens the next article */
};

/* ui.c */
void ui_requery(struct ui *u);
/* Rows of the view found so far, and row i's article (NULL when it cannot
 * be read: the message says why); borrowed until the next row asked. */
size_t ui_rows(const struct ui *u);
const struct article *ui_row(struct ui *u, size_t i);
/* Whether a search or a filter narrows the list (Esc and q clear it). */
bool ui_filtered(const struct ui *u);
void ui_start_prompt(struct ui *u, enum ui_prompt p);
void ui_prompt_key(struct ui *u, const struct term_event *ev);
void ui_prompt_close(struct ui *u);
/* What was typed since the last frame takes effect (the search runs). */
void ui_prompt_apply(struct ui *u);
void ui_message(struct ui *u, bool error, const char *fmt, ...) LDN_PRINTF(3, 4);
/* Up to max articles related to a (numbers of the view), as the reader
 * shows them under it, with copies of their titles; how many. */
size_t ui_related(struct ui *u, const struct article *a, struct render_related *rel,
		  size_t max);
/* Frees the titles ui_related copied. */
void ui_related_free(struct render_related *rel, size_t n);

/* panes.c */
extern const struct ui_pane ui_pane_help, ui_pane_prompt, ui_pane_tags, ui_pane_feeds,
    ui_pane_errors;
/* Puts p on top of the stack (nothing when it is open already). */
void ui_pane_open(struct ui *u, const struct ui_pane *p);
/* Closes p and every pane above it; nothing when p is not open. */
void ui_pane_close(struct ui *u, const struct ui_pane *p);
void ui_pane_close_all(struct ui *u);
bool ui_pane_is_open(const struct ui *u, const struct ui_pane *p);
/* The pane that takes keys, or NULL: the list and the reader do. */
const struct ui_pane *ui_pane_top(const struct ui *u);
bool ui_pane_motion(const struct term_event *ev, size_t *sel, size_t n, size_t page);
bool ui_str_in(char **arr, size_t n, const char *s, size_t *at);
void ui_toggle(char ***arr, size_t *n, const char *s);
void ui_clear_set(char ***arr, size_t *n);
void ui_load_tags(struct ui *u, const struct article *only);
void ui_tags_stale(struct ui *u);
void ui_load_feeds(struct ui *u);
/* (*out)[i]: feed u->p->srcs[i]'s counts (zero when nothing is cached),
 * one grouped query (store_feed_counts); the caller frees *out. */
int ui_feed_counts(struct ui *u, struct ui_feed_count **out, char **cause);
void ui_feeds_stale(struct ui *u);
/* Frees what the tag and feed panes hold. */
void ui_panes_free(struct ui *u);
void ui_note_error(struct ui *u, const char *src, const char *cause);
void ui_errors_free(struct ui *u);

/* keys.c */
enum ui_action ui_keys_lookup(const struct ui *u, bool is_char, int key);
bool ui_keys_rebound(const struct ui *u, enum ui_action act);
/* Takes the user's bindings (checked by ui_keys_check); LDN_ENOMEM. */
int ui_keys_bind(struct ui *u, const struct config_binding *b, size_t n);
const struct ui_key *ui_keys_table(size_t *n);
/* Kiosk mode: what `act` does ("links"), for "links: disabled in kiosk
 * mode", when a kiosk refuses it; NULL when it is allowed. */
const char *ui_keys_kiosk_denied(enum ui_action act);

/* export.c: |, w and y. The start functions open the prompt (prefilled);
 * the others act on what it holds when Enter is pressed. */
void ui_export_start_pipe(struct ui *u);
void ui_export_pipe(struct ui *u, const char *line);
void ui_export_start_save(struct ui *u);
void ui_export_save(struct ui *u, const char *path);
void ui_export_copy(struct ui *u, const struct article *a);

/* fulltext.c: the open article's text from its web page. */
/* f: shows the page's text (fetching it first, in the background), or
 * the feed's again; whether to render again now. */
bool ui_fulltext_toggle(struct ui *u);
/* After an article opened and rendered: its feed's full-text may fetch
 * its page; whether to render again now. */
bool ui_fulltext_opened(struct ui *u);
/* From the loop: a page fetched has come; whether to render again. */
bool ui_fulltext_poll(struct ui *u);
/* After a refresh: the pages of the newest unread articles of the feeds
 * whose full-text is prefetch, fetched in the background. */
void ui_fulltext_prefetch(struct ui *u);
/* The open article as the reader shows it: render_article, or its page. */
int ui_fulltext_render(struct ui *u, struct render_doc *doc, const struct render_related *rel,
		       size_t nrel, size_t width) LDN_WUR;
void ui_fulltext_free(struct ui *u);
/* The open article's page when the reader shows it, else NULL. */
const struct extract *ui_fulltext_page(struct ui *u);
/* The open article as the reader shows it: with the page's body, byline,
 * tags and enclosures (page.h) when it shows the page; else u->open.
 * Borrowed until the article or its text changes. */
const struct article *ui_fulltext_shown(struct ui *u);

/* draw.c */
void ui_draw(struct ui *u);
/* The panes' painters (struct ui_pane.draw). */
int ui_draw_help(struct ui *u);
int ui_draw_tags(struct ui *u);
int ui_draw_feeds(struct ui *u);
int ui_draw_errors(struct ui *u);
/* Rows of the list pane an item takes, and how many items fit. */
size_t ui_list_visible(const struct ui *u);

#endif
