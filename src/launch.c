/*
 * launch.c - spawn a program for a URL, or with a file on its standard
 * input (the reader's | and y), without a shell.
 *
 * The URL is one argv element whatever it contains (spaces, quotes, ';',
 * '$(...)'), because no shell ever sees it; and only http(s) URLs are
 * accepted, so javascript:, file: or data: links from a feed do nothing.
 *
 * No state; the reader's thread alone calls it (kiosk mode never).
 */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/wait.h>

#include "launch.h"
#include "text.h"
#include "url.h"

extern char **environ;

/* The URL's place in a command: "%u" (the config's word) or "%s". */
static bool
launch_is_placeholder(const char *arg)
{
	return strcmp(arg, "%u") == 0 || strcmp(arg, "%s") == 0;
}

/*
 * The vector to run: cmd (the config's argv) with the URL put at its
 * placeholder, else appended. The strings stay cmd's and url's.
 */
static int
launch_vector(const char *const *cmd, const char *url, char ***out)
{
	size_t n = 0, i;
	char **argv;
	bool have_url = false;

	while (cmd[n] != NULL)
		n++;
	if ((argv = calloc(n + 2, sizeof(*argv))) == NULL)
		return LDN_ENOMEM;
	for (i = 0; i < n; i++) {
		have_url |= launch_is_placeholder(cmd[i]);
		argv[i] = (char *)(uintptr_t)(launch_is_placeholder(cmd[i]) ? url : cmd[i]);
	}
	if (!have_url)
		argv[n++] = (char *)(uintptr_t)url;
	argv[n] = NULL;
	*out = argv;
	return LDN_OK;
}

/* $BROWSER's first ':'-separated entry split at blanks, else xdg-open,
 * into *words (owned) and *copy (the strings they point into). */
static int
launch_default(char **copy, char ***words)
{
	const char *env = getenv("BROWSER");
	char *tok, *save = NULL, **w;
	size_t n = 0;

	*copy = env && *env ? strndup(env, strcspn(env, ":")) : strdup("xdg-open");
	if (*copy == NULL || (w = calloc(strlen(*copy) / 2 + 2, sizeof(*w))) == NULL)
		return LDN_ENOMEM;
	for (tok = strtok_r(*copy, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save))
		w[n++] = tok;
	w[n] = NULL;
	*words = w;
	return LDN_OK;
}

/*
 * Starts argv (its file actions `fa`, or NULL) and waits for it: LDN_OK
 * with *status its exit status (128 + N for signal N), or LDN_EIO when
 * it cannot start.
 */
static int
launch_run(char *const *argv, const posix_spawn_file_actions_t *fa, int *status,
	   char **cause)
{
	pid_t pid;
	int err, wstatus;

	err = posix_spawnp(&pid, argv[0], fa, NULL, argv, environ);
	if (err != 0)
		return ldn_cause(cause, LDN_EIO, "cannot start %s: %s", argv[0], strerror(err));
	while (waitpid(pid, &wstatus, 0) < 0)
		if (errno != EINTR)
			return ldn_cause(cause, LDN_EIO, "%s: %s", argv[0], strerror(errno));
	*status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
	return LDN_OK;
}

int
launch_url(const char *const *command, const char *raw, char **cause)
{
	char *copy = NULL, **words = NULL, **argv = NULL, *url;
	int st, status;

	if ((url = text_line(raw)) == NULL)
		return LDN_ENOMEM;
	if (!url_is_web(url)) {
		st = ldn_cause(cause, LDN_EUSAGE, "not an http or https link: not opened");
		goto out;
	}
	if (command == NULL && (st = launch_default(&copy, &words)) != LDN_OK)
		goto out;
	st = launch_vector(command ? command : (const char *const *)words, url, &argv);
	if (st != LDN_OK)
		goto out;
	if (argv[0] == url) {
		st = ldn_cause(cause, LDN_EIO, "no browser command");
		goto out;
	}
	st = launch_run((char *const *)argv, NULL, &status, cause);
	if (st == LDN_OK && status != 0)
		st = ldn_cause(cause, LDN_EIO, "%s failed (status %d)", argv[0], status);
out:
	free(argv);
	free(words);
	free(copy);
	free(url);
	return st;
}

/* The first line of what `f` holds (a quiet program's standard error),
 * cleaned for the status line; NULL when there is none. */
static char *
launch_first_line(FILE *f)
{
	char line[256];

	rewind(f);
	if (fgets(line, sizeof(line), f) == NULL)
		return NULL;
	line[strcspn(line, "\n")] = '\0';
	return line[0] ? text_line(line) : NULL;
}

int
launch_stdin(const char *const *argv, int fd, bool quiet, int *status, char **cause)
{
	posix_spawn_file_actions_t fa;
	FILE *err = NULL;
	char *why;
	int st;

	if (argv == NULL || argv[0] == NULL)
		return ldn_cause(cause, LDN_EUSAGE, "no command");
	if (quiet && (err = tmpfile()) == NULL)
		return ldn_cause(cause, LDN_EIO, "cannot make a temporary file: %s",
				 strerror(errno));
	if (posix_spawn_file_actions_init(&fa) != 0) {
		if (err)
			fclose(err);
		return LDN_ENOMEM;
	}
	/* The descriptors are dup2'ed, so the child's copies lose
	 * FD_CLOEXEC whatever the originals have. */
	st = posix_spawn_file_actions_adddup2(&fa, fd, STDIN_FILENO);
	if (st == 0 && quiet)
		st = posix_spawn_file_actions_addopen(&fa, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
	if (st == 0 && quiet)
		st = posix_spawn_file_actions_adddup2(&fa, fileno(err), STDERR_FILENO);
	if (st != 0)
		st = ldn_cause(cause, LDN_ENOMEM, "out of memory");
	else
		st = launch_run((char *const *)(uintptr_t)argv, &fa, status, cause);
	if (st == LDN_OK && *status != 0) {
		why = err ? launch_first_line(err) : NULL;
		st = ldn_cause(cause, LDN_EIO, "%s failed (status %d)%s%s", argv[0], *status,
			       why ? ": " : "", why ? why : "");
		free(why);
	}
	posix_spawn_file_actions_destroy(&fa);
	if (err)
		fclose(err);
	return st;
}
