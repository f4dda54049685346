/*
 * json.h - the small JSON writer behind --json. Strings from the network
 * are made one sanitized line (text_line) before escaping, so output is
 * valid UTF-8 and no string holds a control character, escaped or not.
 * (--show's "body" keeps its paragraph breaks: output.c writes it.)
 */
#ifndef LDN_JSON_H
#define LDN_JSON_H

#include <stdbool.h>
#include <stdio.h>

#include "buf.h"
#include "status.h"

/* Writes s as a JSON string ("null" for NULL): its one-line form,
 * text_line(). LDN_OK or LDN_ENOMEM. */
int json_str(FILE *out, const char *s) LDN_WUR;

/*
 * Appends s to out as a JSON string, quotes included: '"' and '\\'
 * escaped, a control character as \u00XX, every other byte as it is (no
 * text_line: the caller decides). LDN_OK, LDN_ENOMEM, LDN_ELIMIT.
 */
int json_escape(struct buf *out, const char *s) LDN_WUR;

/* Writes `"key":` preceded by a comma unless first. The key is one of the
 * program's names (letters and '_'), so it needs no escaping. */
void json_key(FILE *out, const char *key, bool first);

#endif
