/*
 * launch.h - starting another program (the browser, later a media player)
 * for a URL, as DESIGN.md requires: an argument vector through
 * posix_spawnp, never a shell, and only for http and https URLs, so
 * nothing from a feed can become a command.
 */
#ifndef LDN_LAUNCH_H
#define LDN_LAUNCH_H

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

#endif
