/*
 * paths.c - XDG base directories, and the directories a file we write
 * needs (paths_mkdirs: the store and --import-opml create what they
 * write, when they write it). Only environment variables are read.
 *
 * No state (paths come back owned by the caller); any thread.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

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

int
paths_mkdirs(const char *path, char **cause)
{
	char *d, *p, c;
	int ret = LDN_OK;

	if ((d = strdup(path)) == NULL)
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	if ((p = strrchr(d, '/')) == NULL || p == d)
		goto out;
	*p = '\0';
	for (p = d + 1; ; p++) {
		if (*p != '/' && *p != '\0')
			continue;
		c = *p;
		*p = '\0';
		if (mkdir(d, 0700) != 0 && errno != EEXIST) {
			ret = ldn_cause(cause, LDN_EIO, "%s: cannot create "
					"directory %s: %s", path, d, strerror(errno));
			goto out;
		}
		*p = c;
		if (c == '\0')
			break;
	}
out:
	free(d);
	return ret;
}
