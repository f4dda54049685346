/*
 * store_open.c - opening and closing a cache: the checks before anything
 * is written, WAL, the upgrade; the read-only ways in, which write no
 * file (the kiosk's: an immutable connection, the -wal read through a
 * read-only -shm, or a copy in memory when the cache is older than this
 * program or a writer left a journal or a -wal without its -shm); the
 * connection's limits and note.
 *
 * Threads: each connection belongs to one thread: the UI thread's (marks,
 * the first screen, search, bodies), the refresh worker's (snapshots,
 * sync, index), or a headless run's; sync hands the worker's to its
 * merger thread for the merges (store_int.h).
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "buf.h"
#include "paths.h"
#include "sqlfile.h"
#include "store_int.h"

/* ---- open and close ---- */

/*
 * SQLite keeps memory statistics, counting every allocation under a
 * global mutex, unless told otherwise before it starts. Nothing here reads
 * them, and a first fill of the 10,000-item feed makes some 600,000
 * allocations (bench/README.md). Told once, before the first connection;
 * should SQLite have started already, it refuses and nothing changes.
 */
static pthread_once_t store_setup_once = PTHREAD_ONCE_INIT;

static void
store_setup(void)
{
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

/* The checks that must pass before anything is written. */
static int
store_check(struct store *s, bool scan, long long *version, char **cause)
{
	sqlite3_stmt *st;
	const char *r;
	long long n;
	int rc, ret;

	if ((ret = store_int_query(s, "PRAGMA user_version", version, cause)) != LDN_OK)
		return ret;
	if (*version > STORE_SCHEMA_VERSION)
		return ldn_cause(cause, LDN_EIO, "%s: the cache was written by a "
				 "newer ldnews (schema %lld, this one knows %d); "
				 "it was left untouched", s->path, *version,
				 STORE_SCHEMA_VERSION);
	if (!scan) /* still read the schema: a broken one is refused here */
		return store_int_query(s, "SELECT count(*) FROM sqlite_schema",
				       &n, cause);
	if ((ret = store_prepare(s, &st, "PRAGMA quick_check(1)", cause)) != LDN_OK)
		return ret;
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		ret = store_fail(s, rc, "checking the cache", cause);
	} else if ((r = (const char *)sqlite3_column_text(st, 0)) == NULL ||
	    strcmp(r, "ok") != 0) {
		ret = ldn_cause(cause, LDN_EIO, "%s: the cache is corrupt (%s); "
				"start fresh with --reset-cache", s->path,
				r ? r : "?");
	}
	sqlite3_finalize(st);
	return ret;
}

static int
store_connect(struct store *s, const char *file, int oflags, char **cause)
{
	int rc = sqlite3_open_v2(file, &s->db, oflags, NULL);

	if (rc != SQLITE_OK) {
		if (s->db == NULL)
			return ldn_cause(cause, LDN_ENOMEM, "out of memory");
		return store_fail(s, rc, "opening", cause);
	}
	sqlite3_extended_result_codes(s->db, 0);
	sqlite3_busy_timeout(s->db, STORE_BUSY_WAIT_MS);
	if ((rc = store_tokenizer(s->db)) != SQLITE_OK)
		return store_fail(s, rc, "opening", cause);
	return LDN_OK;
}

/* The whole of `from` over the empty database of `to`: SQLITE_DONE or
 * SQLite's error. */
static int
store_backup(sqlite3 *to, sqlite3 *from)
{
	sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
	int rc;

	if (b == NULL)
		return sqlite3_errcode(to);
	rc = sqlite3_backup_step(b, -1);
	sqlite3_backup_finish(b);
	return rc == SQLITE_OK ? SQLITE_DONE : rc;
}

/* Read-only: an older or empty cache is upgraded in a copy in memory. */
static int
store_to_memory(struct store *s, bool copy, char **cause)
{
	sqlite3 *disk = s->db;
	int rc, ret;

	s->db = NULL;
	ret = store_connect(s, ":memory:", SQLITE_OPEN_READWRITE |
			    SQLITE_OPEN_CREATE, cause);
	if (ret == LDN_OK && copy && (rc = store_backup(s->db, disk)) != SQLITE_DONE)
		ret = store_fail(s, rc, "reading", cause);
	sqlite3_close(disk);
	return ret;
}

/* An SQLite URI for path: "file:" and the path, its ? # % escaped. */
static int
store_uri(struct buf *uri, const char *path, const char *query)
{
	const char *p;
	int ret = buf_puts(uri, "file:");

	for (p = path; *p != '\0' && ret == LDN_OK; p++) {
		if (*p == '?' || *p == '#' || *p == '%')
			ret = buf_printf(uri, "%%%02X", (unsigned char)*p);
		else
			ret = buf_putc(uri, *p);
	}
	return ret == LDN_OK ? buf_puts(uri, query) : ret;
}

static int
store_connect_uri(struct store *s, const char *path, const char *query, char **cause)
{
	struct buf uri;
	int ret;

	buf_init(&uri, SIZE_MAX);
	if (store_uri(&uri, path, query) != LDN_OK)
		ret = ldn_cause(cause, LDN_ENOMEM, "out of memory");
	else
		ret = store_connect(s, buf_cstr(&uri), SQLITE_OPEN_READONLY | SQLITE_OPEN_URI,
				    cause);
	buf_free(&uri);
	return ret;
}

/*
 * The image of `from`'s database for a memdb copy: its bytes (serialized:
 * read whole), told to use a rollback journal. A cache file is in WAL
 * mode (bytes 18 and 19 of its header are 2), which a memdb, without
 * shared memory, cannot open; the backup API copies the header as it is.
 */
static int
store_image_for_memory(struct store *from, sqlite3 **out, char **cause)
{
	sqlite3_int64 len = 0;
	unsigned char *img = sqlite3_serialize(from->db, "main", &len, 0);
	int rc;

	*out = NULL;
	if (img == NULL && len > 0) /* len 0: an empty database, no image */
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	if (len >= 100 && img[18] == 2 && img[19] == 2)
		img[18] = img[19] = 1;
	rc = sqlite3_open_v2(":memory:", out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc == SQLITE_OK && len > 0)
		rc = sqlite3_deserialize(*out, "main", img, len, len, SQLITE_DESERIALIZE_FREEONCLOSE);
	else
		sqlite3_free(img);
	if (rc != SQLITE_OK) {
		sqlite3_close(*out);
		*out = NULL;
		return rc == SQLITE_NOMEM ? ldn_cause(cause, LDN_ENOMEM, "out of memory") :
		    store_fail(from, rc, "copying into memory", cause);
	}
	return LDN_OK;
}

/*
 * A database in memory shared by this process's connections that name it
 * (SQLite's memdb VFS: a name starting with '/'), filled with a copy of
 * `from` when there is one. A memdb copy keeps its source's page size,
 * which it can only take while empty.
 */
static int
store_connect_shared(struct store *s, const char *name, struct store *from, char **cause)
{
	struct buf uri;
	sqlite3 *img = NULL;
	long long page = 0;
	int ret, rc;

	buf_init(&uri, SIZE_MAX);
	if (buf_printf(&uri, "file:%s?vfs=memdb", name) != LDN_OK)
		ret = ldn_cause(cause, LDN_ENOMEM, "out of memory");
	else
		ret = store_connect(s, buf_cstr(&uri), SQLITE_OPEN_READWRITE |
				    SQLITE_OPEN_CREATE | SQLITE_OPEN_URI, cause);
	buf_free(&uri);
	if (ret != LDN_OK || from == NULL)
		return ret;
	/* What the copy left out, as the source said it. */
	if (from->note != NULL && (s->note = strdup(from->note)) == NULL)
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	if ((ret = store_int_query(from, "PRAGMA page_size", &page, cause)) != LDN_OK)
		return ret;
	buf_init(&uri, SIZE_MAX);
	if (buf_printf(&uri, "PRAGMA page_size = %lld", page) != LDN_OK)
		ret = ldn_cause(cause, LDN_ENOMEM, "out of memory");
	else
		ret = store_exec(s, buf_cstr(&uri), "copying", cause);
	buf_free(&uri);
	if (ret == LDN_OK)
		ret = store_image_for_memory(from, &img, cause);
	if (ret == LDN_OK && (rc = store_backup(s->db, img)) != SQLITE_DONE)
		ret = store_fail(s, rc, "copying into memory", cause);
	sqlite3_close(img);
	return ret;
}

/* The database as sqlfile_image makes it, in memory. */
static int
store_deserialize(struct store *s, const char *path, const struct sqlfile_sides *sd,
		  char **cause)
{
	unsigned char *img;
	size_t len;
	int ret = sqlfile_image(path, sd, &img, &len, cause), rc;

	if (ret == LDN_OK)
		ret = store_connect(s, ":memory:", SQLITE_OPEN_READWRITE |
				    SQLITE_OPEN_CREATE, cause);
	if (ret != LDN_OK || len == 0) {
		sqlite3_free(img);
		return ret;
	}
	/* Resizeable: an older schema is upgraded in place. */
	rc = sqlite3_deserialize(s->db, "main", img, (sqlite3_int64)len, (sqlite3_int64)len,
				 SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE);
	return rc == SQLITE_OK ? LDN_OK : store_fail(s, rc, "reading", cause);
}

/* Tries at reading a cache into memory while a writer changes it. */
#define STORE_RO_TRIES 3

/*
 * Read-only, creating and writing no file: not even the -wal and -shm
 * that a reader of a WAL database makes (and writes) when they are
 * missing, nor the -shm it writes when they are there. By what lies
 * beside the file (sqlfile.h), whether a writer is at work or was killed:
 *  - a rollback journal (a write not committed): the database as before
 *    that write, played back into a copy in memory;
 *  - a -wal and its -shm: SQLite reads them, the -shm opened read-only
 *    (readonly_shm), so the committed frames are seen;
 *  - a -wal with committed frames but no -shm: those frames over a copy
 *    in memory;
 *  - else the file is opened "immutable" (no locks, no side files). The
 *    cost: a writer that starts later is not seen, and its checkpoint
 *    during a read may surface as LDN_EIO.
 * A copy made while the files changed is made again. A write not
 * committed that is left out is said in s->note; *in_memory tells a copy.
 */
static int
store_open_ro(struct store *s, const char *path, bool *in_memory, char **cause)
{
	struct sqlfile_sides sd;
	char *why = NULL;
	int ret = LDN_OK, tries;

	*in_memory = false;
	for (tries = 0; tries < STORE_RO_TRIES; tries++) {
		if (sqlfile_sides(path, &sd) != LDN_OK)
			return ldn_cause(cause, LDN_ENOMEM, "out of memory");
		if (!sd.journal && !(sd.wal && !sd.shm && sd.wal_frames > 0))
			break;
		*in_memory = true;
		ret = store_deserialize(s, path, &sd, &why);
		if (!sqlfile_changed(path, &sd))
			break;
		free(why);
		why = NULL;
		sqlite3_close(s->db);
		s->db = NULL;
	}
	if (tries == STORE_RO_TRIES)
		ret = ldn_cause(cause, LDN_EIO, "%s: the cache kept changing while it was read "
				"(a writer at work?); try again", path);
	else if (*in_memory && ret != LDN_OK)
		ret = ldn_cause(cause, ret, "%s", why ? why : "out of memory");
	else if (!*in_memory)
		ret = store_connect_uri(s, path, sd.wal && sd.shm ? "?readonly_shm=1" :
					"?immutable=1", cause);
	free(why);
	if (ret == LDN_OK && (sd.journal || sd.wal_unfinished) &&
	    ldn_cause(&s->note, LDN_OK, "an unfinished write (its %s) is left out; nothing "
		      "was changed", sd.journal ? "-journal" : "-wal") == LDN_OK && s->note == NULL)
		ret = ldn_cause(cause, LDN_ENOMEM, "out of memory");
	return ret;
}

static int
store_open_at(struct store **out, const char *path, unsigned flags, int upto,
	      struct store *from, char **cause)
{
	struct store *s;
	struct stat sb;
	long long v = 0;
	bool copied = false;    /* read-only: the cache is a copy in memory */
	int ret;

	*out = NULL;
	(void)pthread_once(&store_setup_once, store_setup);
	if ((s = calloc(1, sizeof(*s))) == NULL)
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	s->lim.max_age = STORE_MAX_AGE_DEFAULT;
	s->lim.max_per_feed = STORE_MAX_PER_FEED_DEFAULT;
	s->readonly = (flags & STORE_READONLY) != 0 && !(flags & STORE_SHARED);
	s->shared = (flags & STORE_SHARED) != 0;
	if (flags & STORE_MEMORY)
		path = ":memory:";
	if ((s->path = strdup(path)) == NULL) {
		ret = ldn_cause(cause, LDN_ENOMEM, "out of memory");
		goto out;
	}
	if (flags & STORE_MEMORY) {
		ret = store_connect(s, ":memory:", SQLITE_OPEN_READWRITE |
				    SQLITE_OPEN_CREATE, cause);
	} else if (s->shared) {
		ret = store_connect_shared(s, path, from, cause);
	} else if (s->readonly) {
		if (stat(path, &sb) != 0 && errno == ENOENT)
			ret = store_connect(s, ":memory:", SQLITE_OPEN_READWRITE |
					    SQLITE_OPEN_CREATE, cause);
		else
			ret = store_open_ro(s, path, &copied, cause);
	} else {
		ret = paths_mkdirs(path, cause);
		if (ret == LDN_OK)
			ret = store_connect(s, path, SQLITE_OPEN_READWRITE |
					    SQLITE_OPEN_CREATE, cause);
		if (ret == LDN_OK && sqlite3_db_readonly(s->db, "main") == 1)
			ret = ldn_cause(cause, LDN_EIO, "%s: the cache file is "
					"read-only; use --kiosk to read it, or "
					"--cache FILE for another one", path);
	}
	if (ret != LDN_OK || (ret = store_check(s, !(flags & STORE_NO_CHECK), &v,
	    cause)) != LDN_OK)
		goto out;
	if (s->readonly && v < upto && sqlite3_db_readonly(s->db, "main") == 1) {
		if ((ret = store_to_memory(s, v > 0, cause)) != LDN_OK)
			goto out;
		copied = true;
	}
	if (!s->readonly && !(flags & (STORE_MEMORY | STORE_SHARED))) {
		/* Big pages: article bodies are kilobytes, and every page is
		 * a system call (no effect once the file has tables). */
		if (v == 0)
			ret = store_exec_busy(s, "PRAGMA page_size = "
					      STORE_PAGE_SIZE, cause);
		if (ret == LDN_OK)
			ret = store_exec_busy(s, "PRAGMA journal_mode = WAL", cause);
		if (ret != LDN_OK)
			goto out;
	}
	/* A small page cache (2 MiB): a big merge's pages go out to the WAL as
	 * they fill instead of piling up in memory (a larger one made merges
	 * slower, all page faults: bench/README.md), and reads of a large cache go through
	 * the system's page cache anyway. */
	ret = store_exec(s, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
			 " PRAGMA temp_store = MEMORY; PRAGMA cache_size = -" STORE_CACHE_KIB_STR, "opening", cause);
	if (ret == LDN_OK && v < upto)
		ret = store_migrate(s, upto, cause);
	/* A kiosk's upgraded copy in memory: index it there, once. */
	if (ret == LDN_OK && copied && v < upto && upto == STORE_SCHEMA_VERSION)
		ret = store_index(s, 0, NULL, cause);
out:
	if (ret != LDN_OK) {
		store_close(s);
		return ret;
	}
	*out = s;
	return LDN_OK;
}

int
store_open(struct store **out, const char *path, unsigned flags, char **cause)
{
	return store_open_at(out, path, flags, STORE_SCHEMA_VERSION, NULL, cause);
}

/* A shared store's names: memdb's, and the one errors give the user. */
static int
store_name_shared(struct store *s, const char *memdb, const char *shown)
{
	char *m = strdup(memdb), *p = strdup(shown);

	if (m == NULL || p == NULL) {
		free(m);
		free(p);
		return LDN_ENOMEM;
	}
	free(s->memdb);
	free(s->path);
	s->memdb = m;
	s->path = p;
	return LDN_OK;
}

int
store_open_shared(struct store **out, struct store *from, char **cause)
{
	static atomic_uint made;
	char name[64];
	struct buf shown;
	int ret;

	/* Unique in the process, and across processes for the eye. */
	(void)snprintf(name, sizeof(name), "/ldnews-%ld-%u", (long)getpid(),
		       atomic_fetch_add(&made, 1) + 1);
	ret = store_open_at(out, name, STORE_SHARED | STORE_NO_CHECK, STORE_SCHEMA_VERSION,
			    from, cause);
	if (ret != LDN_OK || *out == NULL)
		return ret != LDN_OK ? ret : LDN_ENOMEM;
	buf_init(&shown, SIZE_MAX);
	if ((from != NULL ? buf_printf(&shown, "%s (its copy in memory)", from->path) :
	     buf_puts(&shown, "the cache in memory")) != LDN_OK ||
	    store_name_shared(*out, name, buf_cstr(&shown)) != LDN_OK) {
		store_close(*out);
		*out = NULL;
		ret = ldn_cause(cause, LDN_ENOMEM, "out of memory");
	}
	buf_free(&shown);
	return ret;
}

int
store_open_another(struct store **out, const struct store *s, char **cause)
{
	unsigned flags = STORE_NO_CHECK | (s->readonly ? STORE_READONLY : 0) |
	    (s->shared ? STORE_SHARED : 0);
	struct store *o = NULL;
	int ret = store_open_at(&o, s->shared ? s->memdb : s->path, flags, STORE_SCHEMA_VERSION,
				NULL, cause);

	*out = NULL;
	if (ret != LDN_OK || o == NULL) /* (an open that worked gave one) */
		return ret != LDN_OK ? ret : LDN_ENOMEM;
	o->lim = s->lim;
	if (s->shared && store_name_shared(o, s->memdb, s->path) != LDN_OK) {
		store_close(o);
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	}
	if (s->shared && s->note != NULL && (o->note = strdup(s->note)) == NULL) {
		store_close(o);
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	}
	*out = o;
	return LDN_OK;
}

#ifdef LDN_UNITTEST
int
store_open_version(struct store **out, const char *path, int version,
		   char **cause)
{
	return store_open_at(out, path, 0, version, NULL, cause);
}

struct sqlite3 *
store_db(struct store *s)
{
	return s->db;
}
#endif

void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	sqlite3_close(s->db);
	free(s->path);
	free(s->memdb);
	free(s->note);
	free(s);
}

const char *
store_note(const struct store *s)
{
	return s->note;
}

void
store_set_limits(struct store *s, const struct store_limits *lim)
{
	s->lim = *lim;
}

void
store_get_limits(const struct store *s, struct store_limits *out)
{
	*out = s->lim;
}

const char *
store_path(const struct store *s)
{
	return s->path;
}

int
store_writable(const struct store *s, char **cause)
{
	if (s->readonly)
		return ldn_cause(cause, LDN_EIO, "%s: the cache is open read-only",
				 s->path);
	return LDN_OK;
}
