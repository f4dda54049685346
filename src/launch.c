/*
 * launch.c - spawn a program for a URL without a shell.
 *
 * The URL is one argv element whatever it contains (spaces, quotes, ';',
 * '$(...)'), because no shell ever sees it; and only http(s) URLs are
 * accepted, so javascript:, file: or data: links from a feed do nothing.
 *
 * No state; the reader's thread alone calls it (kiosk mode never).
 */
#include <errno.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
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

int
launch_url(const char *const *command, const char *raw, char **cause)
{
	char *copy = NULL, **words = NULL, **argv = NULL, *url;
	pid_t pid;
	int st, wstatus, err;

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
	err = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);
	if (err != 0) {
		st = ldn_cause(cause, LDN_EIO, "cannot start %s: %s", argv[0], strerror(err));
		goto out;
	}
	while (waitpid(pid, &wstatus, 0) < 0)
		if (errno != EINTR) {
			st = ldn_cause(cause, LDN_EIO, "%s: %s", argv[0], strerror(errno));
			goto out;
		}
	if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0)
		st = ldn_cause(cause, LDN_EIO, "%s failed (status %d)", argv[0],
			       WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus));
out:
	free(argv);
	free(words);
	free(copy);
	free(url);
	return st;
}
