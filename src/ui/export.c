/*
 * export.c - the open article handed outside the reader: piped to a
 * command (|), saved to a file (w), its link copied through the config's
 * copy command (y).
 *
 * The text piped and saved is what `ldnews --show N` prints for it, made
 * by the same function (output_show_article) at --width, else 80 columns
 * (what `ldnews --show N | cmd` gets), not the pane's width: a file or a
 * pager is not the pane. Commands are argument vectors split as the
 * config's are (config_argv_split), started without a shell, with the
 * text on their standard input from an unlinked temporary file (a
 * command that reads nothing neither blocks the reader nor kills it with
 * SIGPIPE). A file is created, never overwritten. Kiosk mode refuses all
 * three in ui_act (keys.c lists them); the guards here are the last ones.
 * The reader's thread alone runs this.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "config.h"
#include "launch.h"
#include "output.h"
#include "term.h"
#include "text.h"
#include "ui_priv.h"

#define UI_EXPORT_WIDTH 80   /* without --width, as --show into a pipe */
#define UI_EXPORT_NAME_MAX 40 /* bytes of a default file name, before .txt */

/* Refused in kiosk mode (the last guard: ui_act refuses first). */
static bool
ui_export_kiosk(struct ui *u, const char *what)
{
	if (u->p->kiosk)
		ui_message(u, true, "%s: disabled in kiosk mode", what);
	return u->p->kiosk;
}

/* The open article, as --show prints it (--show --full when the reader
 * shows its page), to f. */
static int
ui_export_write(struct ui *u, FILE *f)
{
	struct render_related rel[OUTPUT_RELATED_MAX];
	const struct extract *x = ui_fulltext_page(u);
	size_t width = u->p->width > 0 ? (size_t)u->p->width : UI_EXPORT_WIDTH;
	size_t nrel;
	int st;

	/* The version shown: the page's as `--show N --full` prints it. */
	if (x != NULL)
		st = output_show_page(f, u->open, x, 0, width, false);
	else {
		nrel = ui_related(u, u->open, rel, OUTPUT_RELATED_MAX);
		st = output_show_article(f, u->open, 0, rel, nrel, width, false);
		ui_related_free(rel, nrel);
	}
	if (st == LDN_OK && fflush(f) != 0)
		st = LDN_EIO;
	return st;
}

/* Words joined by blanks: config_argv_split gives the same words back. */
static void
ui_export_join(struct buf *b, const char *const *argv)
{
	size_t i;

	for (i = 0; argv != NULL && argv[i] != NULL; i++)
		if ((i > 0 && buf_putc(b, ' ') != LDN_OK) || buf_puts(b, argv[i]) != LDN_OK) {
			buf_reset(b); /* longer than a prompt: offered as nothing */
			return;
		}
}

void
ui_export_start_pipe(struct ui *u)
{
	const char *pager = getenv("PAGER");

	if (ui_export_kiosk(u, "pipe"))
		return;
	if (u->open == NULL) {
		ui_message(u, true, "Open an article first");
		return;
	}
	ui_start_prompt(u, UI_PROMPT_PIPE);
	/* What ran last, else the config's pipe, else $PAGER, else less. */
	if (u->pipe_last != NULL)
		ui_export_join(&u->input, (const char *const *)u->pipe_last);
	else if (u->p->pipe != NULL)
		ui_export_join(&u->input, u->p->pipe);
	else if (buf_puts(&u->input, pager && *pager ? pager : "less") != LDN_OK)
		buf_reset(&u->input);
}

/* Runs argv with the article on its standard input, the terminal handed
 * over until it returns. */
static void
ui_export_run(struct ui *u, char **argv)
{
	FILE *f;
	char *cause = NULL;
	int st, status = 0;

	if ((f = tmpfile()) == NULL) {
		ui_message(u, true, "cannot make a temporary file: %s", strerror(errno));
		return;
	}
	if (ui_export_write(u, f) != LDN_OK) {
		fclose(f);
		ui_message(u, true, "cannot write the article for %s", argv[0]);
		return;
	}
	rewind(f);
	term_suspend();
	st = launch_stdin((const char *const *)argv, fileno(f), false, &status, &cause);
	term_resume();
	fclose(f);
	if (st == LDN_OK)
		ui_message(u, false, "Piped to %s (exit status 0)", argv[0]);
	else
		ui_message(u, true, "%s", cause ? cause : "out of memory");
	free(cause);
}

void
ui_export_pipe(struct ui *u, const char *line)
{
	char **argv = NULL;

	if (ui_export_kiosk(u, "pipe"))
		return;
	if (u->open == NULL) {
		ui_message(u, true, "Open an article first");
		return;
	}
	if (!isatty(STDIN_FILENO)) {
		ui_message(u, true, "No terminal to hand to another program");
		return;
	}
	if (config_argv_split(line, &argv) != LDN_OK) {
		ui_message(u, true, "out of memory");
		return;
	}
	if (argv == NULL) {
		ui_message(u, true, "Type a command, then Enter (a program and its arguments, "
			   "no shell)");
		return;
	}
	ui_export_run(u, argv);
	config_argv_free(u->pipe_last);
	u->pipe_last = argv;
}

/*
 * A file name from the title: ASCII letters and digits kept (lower case),
 * every other run of characters one '-', at most UI_EXPORT_NAME_MAX
 * bytes, then ".txt"; "article.txt" when nothing is left.
 */
static void
ui_export_name(struct buf *b, const char *title)
{
	size_t start = b->len;
	bool dash = false;
	const char *p;

	for (p = title ? title : ""; *p && b->len - start < UI_EXPORT_NAME_MAX; p++) {
		char c = *p;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (dash && b->len > start && buf_putc(b, '-') != LDN_OK)
				return;
			dash = false;
			if (buf_putc(b, c) != LDN_OK)
				return;
		} else {
			dash = true;
		}
	}
	if (buf_puts(b, b->len > start ? ".txt" : "article.txt") != LDN_OK)
		buf_reset(b);
}

void
ui_export_start_save(struct ui *u)
{
	if (ui_export_kiosk(u, "save"))
		return;
	if (u->open == NULL) {
		ui_message(u, true, "Open an article first");
		return;
	}
	ui_start_prompt(u, UI_PROMPT_SAVE);
	ui_export_name(&u->input, u->open->title);
}

/* "~/x" is in $HOME, as a shell would have it; anything else as typed. */
static char *
ui_export_path(const char *in)
{
	const char *home = getenv("HOME");
	char *path;

	if (in[0] != '~' || in[1] != '/' || home == NULL || *home == '\0')
		return strdup(in);
	if ((path = malloc(strlen(home) + strlen(in))) != NULL)
		sprintf(path, "%s%s", home, in + 1);
	return path;
}

void
ui_export_save(struct ui *u, const char *in)
{
	char *path;
	FILE *f;
	int fd, err = 0;

	if (ui_export_kiosk(u, "save"))
		return;
	if (u->open == NULL) {
		ui_message(u, true, "Open an article first");
		return;
	}
	if (*in == '\0') {
		ui_message(u, true, "Type a file name, then Enter");
		return;
	}
	if ((path = ui_export_path(in)) == NULL) {
		ui_message(u, true, "out of memory");
		return;
	}
	/* O_EXCL: a file already there is never overwritten, not even one
	 * made since the prompt opened. */
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd < 0 && errno == EEXIST) {
		ui_message(u, true, "%s exists: not overwritten (w again for another name)", path);
		free(path);
		return;
	}
	if (fd < 0 || (f = fdopen(fd, "w")) == NULL) {
		err = errno;
		if (fd >= 0)
			close(fd);
	} else {
		errno = 0;
		if (ui_export_write(u, f) != LDN_OK)
			err = errno ? errno : EIO;
		if (fclose(f) != 0 && err == 0)
			err = errno;
	}
	if (err != 0) {
		if (fd >= 0)
			unlink(path); /* half an article is not kept */
		ui_message(u, true, "cannot write %s: %s", path, strerror(err));
	} else {
		ui_message(u, false, "Saved to %s", path);
	}
	free(path);
}

void
ui_export_copy(struct ui *u, const struct article *a)
{
	char *url = NULL, *cause = NULL;
	FILE *f;
	int st, status = 0;

	if (ui_export_kiosk(u, "copy") || a == NULL)
		return;
	if (u->p->copy == NULL) {
		ui_message(u, true, "No copy command: set copy = in [general] of the config "
			   "(e.g. wl-copy, xclip -selection clipboard)");
		return;
	}
	if (a->link == NULL || (url = text_line(a->link)) == NULL || *url == '\0') {
		free(url);
		ui_message(u, true, "This article has no link");
		return;
	}
	/* The link as the article shows it, without a line end. */
	if ((f = tmpfile()) == NULL || fputs(url, f) < 0 || fflush(f) != 0) {
		ui_message(u, true, "cannot make a temporary file: %s", strerror(errno));
	} else {
		rewind(f);
		st = launch_stdin(u->p->copy, fileno(f), true, &status, &cause);
		if (st == LDN_OK)
			ui_message(u, false, "Copied %s", url);
		else
			ui_message(u, true, "%s", cause ? cause : "out of memory");
	}
	if (f != NULL)
		fclose(f);
	free(cause);
	free(url);
}
