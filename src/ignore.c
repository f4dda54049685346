/*
 * ignore.c - the ignore rules' matcher (ignore.h).
 *
 * Patterns come lower-cased from the config; a glob is matched against
 * the field lower-cased the same way (text_fold), so fnmatch needs no
 * case-folding extension and folds what text_contains_ci folds.
 */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "ignore.h"
#include "text.h"

bool
ignore_field_parse(const char *name, enum ignore_field *out)
{
	static const char *const names[] = {
		[IGNORE_TITLE] = "title", [IGNORE_TAG] = "tag",
		[IGNORE_AUTHOR] = "author", [IGNORE_FEED] = "feed",
	};
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(names[i], name) == 0) {
			*out = (enum ignore_field)i;
			return true;
		}
	return false;
}

bool
ignore_match(const char *pattern, const char *text)
{
	char *folded;
	bool hit;

	if (text == NULL)
		return false;
	if (strpbrk(pattern, "*?[") == NULL)
		return text_contains_ci(text, pattern);
	/* Out of memory: shown rather than hidden. */
	if ((folded = text_fold(text)) == NULL)
		return false;
	hit = fnmatch(pattern, folded, 0) == 0;
	free(folded);
	return hit;
}

static bool
ignore_rule_hides(const struct ignore_rule *r, const struct article *a)
{
	size_t i;

	switch (r->field) {
	case IGNORE_TITLE:
		return ignore_match(r->pattern, a->title);
	case IGNORE_AUTHOR:
		return ignore_match(r->pattern, a->author);
	case IGNORE_FEED:
		return ignore_match(r->pattern, a->feed) || ignore_match(r->pattern, a->feed_url);
	case IGNORE_TAG:
		for (i = 0; i < a->ntags; i++)
			if (ignore_match(r->pattern, a->tags[i]))
				return true;
		return false;
	}
	return false;
}

bool
ignore_article(const struct ignore_rule *rules, size_t n, const struct article *a)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ignore_rule_hides(&rules[i], a))
			return true;
	return false;
}
