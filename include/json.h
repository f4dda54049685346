/*
 * json.h - the small JSON writer behind --json. Strings from the network
 * are sanitized (text.h) before escaping, so output is valid UTF-8 with no
 * control characters other than escaped newlines.
 */
#ifndef LDN_JSON_H
#define LDN_JSON_H

#include <stdbool.h>
#include <stdio.h>

#include "status.h"

/* Writes s as a JSON string ("null" for NULL). LDN_OK or LDN_ENOMEM. */
int json_str(FILE *out, const char *s) LDN_WUR;

/* Writes `"key":` preceded by a comma unless first. */
void json_key(FILE *out, const char *key, bool first);

#endif
