/*
 * msg.h - the one way ldnews writes a line of its own to a stream. Every
 * warning and error on stderr, in every mode, and the status lines on
 * stdout go through here, and the whole formatted line is sanitized
 * (text_line: no control character, no escape sequence, no bidi override,
 * valid UTF-8, line breaks folded to spaces). So whatever a server, a
 * feed, an OPML file, the cache or a config file put into a message (a
 * charset, a reason phrase, a Location, a libxml2 message quoting the
 * document, a path) can neither drive the terminal nor add a line.
 */
#ifndef LDN_MSG_H
#define LDN_MSG_H

#include <stdio.h>

#include "status.h"

/* "ldnews: <message>\n" on out, sanitized (a warning or an error). */
void msg_print(FILE *out, const char *fmt, ...) LDN_PRINTF(2, 3);

/* "<message>\n" on out, sanitized (a status line on stdout). */
void msg_plain(FILE *out, const char *fmt, ...) LDN_PRINTF(2, 3);

#endif
