/*
 * htmlent.c - HTML5 named character references: a sorted table
 * (htmlent_table.h, generated) and a binary search over it.
 *
 * A constant table: any thread.
 */
#include <string.h>

#include "htmlent.h"

struct htmlent {
	const char *name;
	const char *text;
};

static const struct htmlent htmlent_table[] = {
#include "htmlent_table.h"
};

const char *
htmlent_lookup(const char *name, size_t n)
{
	size_t lo = 0, hi = sizeof(htmlent_table) / sizeof(htmlent_table[0]), mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strncmp(htmlent_table[mid].name, name, n);
		if (c == 0 && htmlent_table[mid].name[n] != '\0')
			c = 1; /* the row's name is longer: after name */
		if (c == 0)
			return htmlent_table[mid].text;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
