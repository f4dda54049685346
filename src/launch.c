/*
 * launch.c - spawn a program for a URL without a shell.
 *
 * The URL is one argv element whatever it contains (spaces, quotes, ';',
 * '$(...)'), because no shell ever sees it; and only http(s) URLs are
 * accepted, so javascript:, file: or data: links from a feed do nothing.
 */
#include <errno.h>
#include <spawn.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "launch.h"
#include "url.h"

extern char **environ;

/* Splits a copy of cmd at spaces into argv, with room for the URL. */
static int
launch_argv(char *copy, const char *url, char ***out)
{
	size_t n = 0, cap = 4;
	char **argv = malloc(cap * sizeof(*argv)), **p, *tok, *save = NULL;
	int have_url = 0;

	if (argv == NULL)
		return LDN_ENOMEM;
	for (tok = strtok_r(copy, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
		if (n + 2 >= cap) {
			cap *= 2;
			if ((p = realloc(argv, cap * sizeof(*argv))) == NULL) {
				free(argv);
				return LDN_ENOMEM;
			}
			argv = p;
		}
		if (strcmp(tok, "%s") == 0) {
			argv[n++] = (char *)(uintptr_t)url;
			have_url = 1;
		} else {
			argv[n++] = tok;
		}
	}
	if (!have_url)
		argv[n++] = (char *)(uintptr_t)url;
	argv[n] = NULL;
	*out = argv;
	return LDN_OK;
}

static char *
launch_command(const char *command)
{
	const char *env;

	if (command && *command)
		return strdup(command);
	env = getenv("BROWSER");
	if (env && *env)
		return strndup(env, strcspn(env, ":"));
	return strdup("xdg-open");
}

int
launch_url(const char *command, const char *url, char **cause)
{
	char *copy = NULL, **argv = NULL;
	pid_t pid;
	int st, wstatus, err;

	if (!url_is_web(url))
		return ldn_cause(cause, LDN_EUSAGE, "not an http or https link: not opened");
	copy = launch_command(command);
	if (copy == NULL)
		return LDN_ENOMEM;
	st = launch_argv(copy, url, &argv);
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
	free(copy);
	return st;
}
