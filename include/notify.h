/*
 * notify.h - the config's notification command ([general] notify, a
 * program and its arguments: argv, no shell), run when a refresh brings
 * new articles, never in kiosk mode.
 *
 * The front end calls notify_new() where a refresh's result is known,
 * with the number of new articles and the first one's title.
 */
#ifndef LDN_NOTIFY_H
#define LDN_NOTIFY_H

#include <stddef.h>

#include "plan.h"
#include "status.h"

/*
 * Runs p->notify with two more arguments, the count n in decimal and
 * `title` as one sanitized line (text_line: no control character, no
 * escape sequence reaches a notifier), and waits for it; its standard
 * input is /dev/null and its output is discarded (it runs under curses).
 * Nothing is run, and LDN_OK returned, when n is 0, there is no command,
 * or the plan is a kiosk's. LDN_EIO when it cannot start or fails, with
 * *cause ("notify-send failed (status 1): ..."); LDN_ENOMEM. A notifier
 * should return at once (notify-send does): the caller waits for it.
 */
int notify_new(const struct plan *p, size_t n, const char *title, char **cause) LDN_WUR;

#endif
