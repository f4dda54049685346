/*
 * paths.c - XDG base directories. Only environment variables are read;
 * nothing is created here (the store creates what it writes, and so does
 * --import-opml).
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "paths.h"

/*
 * $XDG/ldnews/leaf, else $HOME/home_dir/ldnews/leaf. `what` and `option`
 * name the file and the option that places it elsewhere, for the error.
 */
static int
paths_xdg(const char *xdg_var, const char *home_dir, const char *leaf, const char *what,
	  const char *option, char **out, char **cause)
{
	const char *xdg = getenv(xdg_var), *home = getenv("HOME");
	struct buf b;
	int st;

	*out = NULL;
	buf_init(&b, 4096 + 64);
	/* The spec: a relative XDG_*_HOME is invalid and must be ignored. */
	if (xdg != NULL && xdg[0] == '/')
		st = buf_printf(&b, "%s/ldnews/%s", xdg, leaf);
	else if (home != NULL && home[0] == '/')
		st = buf_printf(&b, "%s/%s/ldnews/%s", home, home_dir, leaf);
	else
		return ldn_cause(cause, LDN_EIO, "no place for the %s: set HOME or %s, or give %s",
				 what, xdg_var, option);
	if (st == LDN_ELIMIT)
		st = ldn_cause(cause, LDN_EIO, "the %s path is too long", what);
	if (st == LDN_OK && (*out = buf_detach(&b)) == NULL)
		st = LDN_ENOMEM;
	buf_free(&b);
	return st;
}

int
paths_cache(char **out, char **cause)
{
	return paths_xdg("XDG_DATA_HOME", ".local/share", "cache.db", "cache",
			 "--cache FILE or --no-cache", out, cause);
}

int
paths_config(char **out, char **cause)
{
	return paths_xdg("XDG_CONFIG_HOME", ".config", "config", "config file", "-c FILE",
			 out, cause);
}
