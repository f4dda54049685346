/*
 * sqlfile.h - an SQLite database's side files read without SQLite and
 * without writing: what a reader that may create and change no file (a
 * kiosk) needs to see the database as SQLite's recovery would leave it.
 *
 * A rollback journal (<db>-journal) whose header is whole holds the
 * original pages of a write that never committed: the database is those
 * pages over the file, cut to the size it had. A WAL (<db>-wal) holds
 * frames: the valid ones (salts and running checksum, as SQLite checks
 * them) up to the last commit frame are the database's newest pages;
 * frames written after it (the same salts) are a write not committed. The formats are
 * SQLite's (https://sqlite.org/fileformat.html, sections 4.4 and 4.5).
 */
#ifndef LDN_SQLFILE_H
#define LDN_SQLFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* A file's identity and last change, to tell whether it changed. */
struct sqlfile_stamp {
	bool exists;
	uint64_t dev, ino, size;
	int64_t mtime_ns;
};

/* What lies beside a database file. */
struct sqlfile_sides {
	bool journal;          /* a -journal with a whole header: a write not
				* committed (unfinished, or cut short) */
	bool wal, shm;         /* -wal and -shm exist */
	uint32_t wal_frames;   /* valid WAL frames up to the last commit */
	bool wal_unfinished;   /* WAL frames of a write not committed */
	struct sqlfile_stamp db_st, journal_st, wal_st;
};

/*
 * Looks at the side files of the database at `path` (the WAL is read
 * through: its frames are checked). Opens nothing for writing and creates
 * nothing. LDN_OK; LDN_ENOMEM.
 */
int sqlfile_sides(const char *path, struct sqlfile_sides *out) LDN_WUR;

/*
 * The database at `path` as SQLite would read it: with sides->journal the
 * file with the journal played back (cut to its size before the write);
 * else with sides->wal_frames the file with the WAL's committed frames
 * over it; else the file. The header is marked as not in WAL mode (the
 * copy lives in memory). On LDN_OK *img (sqlite3_malloc64, for
 * sqlite3_deserialize; NULL when *len is 0) holds *len bytes. LDN_EIO
 * with *cause naming the file when it cannot be read or a header is not
 * SQLite's; LDN_ENOMEM.
 */
int sqlfile_image(const char *path, const struct sqlfile_sides *sides, unsigned char **img,
		  size_t *len, char **cause) LDN_WUR;

/*
 * Whether the database or its -journal or -wal changed since `sides` was
 * taken (a writer at work): an image made meanwhile may mix two states.
 */
bool sqlfile_changed(const char *path, const struct sqlfile_sides *sides);

#endif
