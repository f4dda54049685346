/*
 * ignore.h - the config's ignore rules ([ignore] in ldnews.conf(5)):
 * articles whose title, a tag, the author or the feed matches a pattern
 * are hidden in every mode (query.h applies them), unless --no-ignore.
 *
 * A pattern with *, ? or [ is a glob (fnmatch(3)) matched against the
 * whole field; any other pattern matches anywhere in it. Both compare
 * without regard to case.
 */
#ifndef LDN_IGNORE_H
#define LDN_IGNORE_H

#include <stdbool.h>
#include <stddef.h>

#include "article.h"

enum ignore_field {
	IGNORE_TITLE,
	IGNORE_TAG,      /* any of the article's tags */
	IGNORE_AUTHOR,
	IGNORE_FEED      /* the feed's name or its URL */
};

/* One rule: an [ignore] line "field = pattern". */
struct ignore_rule {
	enum ignore_field field;
	char *pattern;   /* lower-cased (text_fold); owned by the config */
	int line;        /* of the config file */
};

/* The field named `name` ("title", "tag", "author", "feed"); false when
 * there is none. */
bool ignore_field_parse(const char *name, enum ignore_field *out);

/* Whether `text` (NULL: never) matches `pattern` (lower-cased). */
bool ignore_match(const char *pattern, const char *text);

/* Whether any of rules[0..n) hides the article. */
bool ignore_article(const struct ignore_rule *rules, size_t n, const struct article *a);

#endif
