/*
 * paths.c - XDG base directories. Only environment variables are read;
 * nothing is created here (the store creates what it writes).
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "paths.h"

int
paths_cache(char **out, char **cause)
{
	const char *xdg = getenv("XDG_DATA_HOME"), *home = getenv("HOME");
	struct buf b;
	int st;

	*out = NULL;
	buf_init(&b, 4096 + 64);
	/* The spec: a relative XDG_DATA_HOME is invalid and must be ignored. */
	if (xdg != NULL && xdg[0] == '/')
		st = buf_printf(&b, "%s/ldnews/cache.db", xdg);
	else if (home != NULL && home[0] == '/')
		st = buf_printf(&b, "%s/.local/share/ldnews/cache.db", home);
	else
		return ldn_cause(cause, LDN_EIO, "no place for the cache: set HOME or "
				 "XDG_DATA_HOME, or give --cache FILE or --no-cache");
	if (st == LDN_ELIMIT)
		st = ldn_cause(cause, LDN_EIO, "the cache path is too long");
	if (st == LDN_OK && (*out = buf_detach(&b)) == NULL)
		st = LDN_ENOMEM;
	buf_free(&b);
	return st;
}
