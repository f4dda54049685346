/*
 * store_reset.c - --reset-cache: the cache and its -wal/-shm/-journal side
 * files are moved aside under a new name, never deleted.
 *
 * Threads: main, before any connection is open.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "buf.h"
#include "store_int.h"

/* ---- reset ---- */

static bool
path_exists(const char *p)
{
	struct stat sb;

	return lstat(p, &sb) == 0 || errno != ENOENT;
}

/* A name `<path>.<stamp>.bak[.N]` whose database and side files are free. */
static int
reset_name(const char *path, struct buf *to)
{
	static const char *const sides[] = {"", "-wal", "-shm"};
	char stamp[32];
	struct tm tm;
	time_t now = time(NULL);
	bool taken;
	size_t i, base;
	int k, ret;

	if (localtime_r(&now, &tm) == NULL ||
	    strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &tm) == 0)
		snprintf(stamp, sizeof(stamp), "%lld", (long long)now);
	for (k = 0; k < 1000; k++) {
		buf_reset(to);
		ret = k == 0 ? buf_printf(to, "%s.%s.bak", path, stamp) :
		    buf_printf(to, "%s.%s.%d.bak", path, stamp, k);
		if (ret != LDN_OK)
			return ret;
		base = to->len;
		taken = false;
		for (i = 0; i < 3 && !taken; i++) {
			if ((ret = buf_puts(to, sides[i])) != LDN_OK)
				return ret;
			taken = path_exists(buf_cstr(to));
			to->len = base;
			to->data[base] = '\0';
		}
		if (!taken)
			return LDN_OK;
	}
	return LDN_ELIMIT;
}

int
store_reset(const char *path, char **moved_to, char **cause)
{
	/* A rollback journal too: left by a killed first fill, it must go
	 * with its database, never be rolled into the new one. */
	static const char *const sides[] = {"", "-wal", "-shm", "-journal"};
	struct buf to, from;
	size_t i;
	int ret;

	*moved_to = NULL;
	if (!path_exists(path))
		return LDN_OK;
	buf_init(&to, 1 << 16);
	buf_init(&from, 1 << 16);
	if ((ret = reset_name(path, &to)) != LDN_OK) {
		ret = ldn_cause(cause, ret, "%s: no free name to move the cache "
				"to", path);
		goto out;
	}
	/* Side files first: a database found without its WAL is older, not
	 * corrupt, and the renamed set stays a consistent database. */
	for (i = sizeof(sides) / sizeof(sides[0]); i-- > 0;) {
		size_t base = to.len;
		buf_reset(&from);
		if (buf_printf(&from, "%s%s", path, sides[i]) != LDN_OK ||
		    buf_puts(&to, sides[i]) != LDN_OK) {
			ret = ldn_cause(cause, LDN_ENOMEM, "out of memory");
			goto out;
		}
		if (path_exists(buf_cstr(&from)) &&
		    rename(buf_cstr(&from), buf_cstr(&to)) != 0) {
			ret = ldn_cause(cause, LDN_EIO, "%s: cannot move it to %s: "
					"%s", buf_cstr(&from), buf_cstr(&to),
					strerror(errno));
			goto out;
		}
		to.len = base;
		to.data[base] = '\0';
	}
	if ((*moved_to = buf_detach(&to)) == NULL)
		ret = ldn_cause(cause, LDN_ENOMEM, "out of memory");
out:
	buf_free(&to);
	buf_free(&from);
	return ret;
}
