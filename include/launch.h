/*
 * launch.h - starting another program (the browser, later a media player)
 * for a URL, as DESIGN.md requires: an argument vector through
 * posix_spawnp, never a shell, and only for http and https URLs, so
 * nothing from a feed can become a command.
 */
#ifndef LDN_LAUNCH_H
#define LDN_LAUNCH_H

#include <stdbool.h>

#include "status.h"

/*
 * Runs `command` (an argument vector, NULL-terminated, as the config's
 * browser and player settings give it) with `url` and waits for it: an
 * argument "%u" (or "%s") is replaced by the URL, else the URL is
 * appended. The URL passed is text_line(url), what the reader shows.
 * When command is NULL, $BROWSER (its first ':'-separated entry, split at
 * blanks) is used, else "xdg-open".
 * Returns LDN_OK; LDN_EUSAGE when url is not http(s); LDN_EIO when the
 * program cannot start or exits non-zero; LDN_ENOMEM. *cause says which.
 */
int launch_url(const char *const *command, const char *url, char **cause) LDN_WUR;

/*
 * Runs `argv` (NULL-terminated; argv[0] looked up in $PATH) with the open
 * descriptor `fd` as its standard input, and waits for it; *status gets
 * its exit status (128 + N when signal N ended it). quiet: its standard
 * output goes to /dev/null and its standard error is kept, its first
 * line told in *cause when it fails (for a program run under curses);
 * else it has the caller's terminal.
 * LDN_OK when it exited with 0; LDN_EIO when it could not start or
 * failed ("xclip failed (status 1): Error: Can't open display");
 * LDN_EUSAGE for an empty argv; LDN_ENOMEM.
 */
int launch_stdin(const char *const *argv, int fd, bool quiet, int *status,
		 char **cause) LDN_WUR;

#endif
