/*
 * sqlfile.c - an SQLite database's journal and WAL, read as SQLite's
 * recovery reads them, without writing (sqlfile.h).
 *
 * Every file is opened O_RDONLY and read with pread; nothing is created,
 * locked or written. The checks are SQLite's own (pager.c
 * readJournalHdr and pager_playback_one_page; wal.c walIndexRecover and
 * walDecodeFrame), so the image is what the next writer would make of the
 * files; what they reject ends the playback, as it does there.
 *
 * Owns nothing past a call (an image read is its caller's); runs on the
 * thread opening the store (store_open.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "buf.h"
#include "sqlfile.h"

#define JRNL_HDR 28                     /* the fields of a journal header */
#define WAL_HDR 32
#define WAL_FRAME_HDR 24
#define WAL_MAGIC 0x377f0682u           /* | 1: checksums of big-endian words */
#define WAL_VERSION 3007000u
#define SQL_PENDING_BYTE 0x40000000u    /* its page is never written */
#define SQL_PAGE_MIN 512u
#define SQL_PAGE_MAX 65536u

static const unsigned char jrnl_magic[8] = {0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7};

static uint32_t
get_be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t
get_le32(const unsigned char *p)
{
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static bool
pow2_in(uint32_t v, uint32_t lo, uint32_t hi)
{
	return v >= lo && v <= hi && (v & (v - 1)) == 0;
}

/* path + suffix, or NULL when memory runs out. */
static char *
side_name(const char *path, const char *suffix)
{
	size_t n = strlen(path), k = strlen(suffix);
	char *s = malloc(n + k + 1);

	if (s != NULL)
		snprintf(s, n + k + 1, "%s%s", path, suffix);
	return s;
}

static void
stamp(const char *name, struct sqlfile_stamp *st)
{
	struct stat sb;

	memset(st, 0, sizeof(*st));
	if (stat(name, &sb) != 0)
		return;
	st->exists = true;
	st->dev = (uint64_t)sb.st_dev;
	st->ino = (uint64_t)sb.st_ino;
	st->size = (uint64_t)sb.st_size;
	st->mtime_ns = (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec;
}

/* Exactly n bytes at off; false at a short read or an error. */
static bool
read_at(int fd, void *buf, size_t n, uint64_t off)
{
	unsigned char *p = buf;
	ssize_t r;

	while (n > 0) {
		r = pread(fd, p, n, (off_t)off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		p += r;
		n -= (size_t)r;
		off += (uint64_t)r;
	}
	return true;
}

/* ---- the WAL ---- */

/* SQLite's WAL checksum over n bytes (a multiple of 8), carried in s. */
static void
wal_cksum(bool be, const unsigned char *p, size_t n, uint32_t s[2])
{
	size_t i;

	for (i = 0; i + 8 <= n; i += 8) {
		s[0] += (be ? get_be32(p + i) : get_le32(p + i)) + s[1];
		s[1] += (be ? get_be32(p + i + 4) : get_le32(p + i + 4)) + s[0];
	}
}

/* A WAL's header, and where its frames go. */
struct wal {
	int fd;
	uint32_t psize;
	bool be;
	unsigned char salt[8];
	uint32_t sum[2];        /* running checksum */
	unsigned char *page;    /* psize bytes */
};

static bool
wal_open(struct wal *w, int fd)
{
	unsigned char h[WAL_HDR];
	uint32_t magic;

	memset(w, 0, sizeof(*w));
	w->fd = fd;
	if (!read_at(fd, h, WAL_HDR, 0))
		return false;
	magic = get_be32(h);
	w->be = (magic & 1) != 0;
	w->psize = get_be32(h + 8);
	if ((magic & ~1u) != WAL_MAGIC || get_be32(h + 4) != WAL_VERSION ||
	    !pow2_in(w->psize, SQL_PAGE_MIN, SQL_PAGE_MAX))
		return false;
	wal_cksum(w->be, h, 24, w->sum);
	if (w->sum[0] != get_be32(h + 24) || w->sum[1] != get_be32(h + 28))
		return false;
	memcpy(w->salt, h + 16, 8);
	return (w->page = malloc(w->psize)) != NULL;
}

/* Frame i, when valid: its page in w->page, *pgno, *commit (the database's
 * size in pages after it when it ends a transaction, else 0). */
static bool
wal_frame(struct wal *w, uint32_t i, uint32_t *pgno, uint32_t *commit)
{
	unsigned char h[WAL_FRAME_HDR];
	uint64_t off = WAL_HDR + (uint64_t)i * (WAL_FRAME_HDR + w->psize);

	if (!read_at(w->fd, h, WAL_FRAME_HDR, off) ||
	    !read_at(w->fd, w->page, w->psize, off + WAL_FRAME_HDR) ||
	    memcmp(h + 8, w->salt, 8) != 0 || (*pgno = get_be32(h)) == 0)
		return false;
	wal_cksum(w->be, h, 8, w->sum);
	wal_cksum(w->be, w->page, w->psize, w->sum);
	*commit = get_be32(h + 4);
	return w->sum[0] == get_be32(h + 16) && w->sum[1] == get_be32(h + 20);
}

/* Whether frame i was written since the WAL last started over (its salts
 * are the header's), whatever its checksum. */
static bool
wal_frame_current(const struct wal *w, uint32_t i)
{
	unsigned char h[WAL_FRAME_HDR];
	uint64_t off = WAL_HDR + (uint64_t)i * (WAL_FRAME_HDR + w->psize);

	return read_at(w->fd, h, WAL_FRAME_HDR, off) && memcmp(h + 8, w->salt, 8) == 0 &&
	    get_be32(h) != 0;
}

/*
 * Counts the frames up to the last commit. A frame of this generation
 * after them is a write that did not commit: its checksum need not hold,
 * as SQLite fixes the checksums of frames it rewrote only at the commit.
 */
static void
wal_scan(const char *name, struct sqlfile_sides *out)
{
	struct wal w;
	uint32_t i, pgno, commit;
	int fd = open(name, O_RDONLY | O_CLOEXEC);

	if (fd == -1)
		return;
	if (wal_open(&w, fd)) {
		for (i = 0; wal_frame(&w, i, &pgno, &commit); i++)
			if (commit != 0)
				out->wal_frames = i + 1;
		out->wal_unfinished = wal_frame_current(&w, out->wal_frames);
	}
	free(w.page);
	close(fd);
}

/* The committed frames over img (*pages pages of *psize bytes; a
 * *psize of 0, an empty file's, takes the WAL's). */
static int
wal_apply(const char *name, uint32_t frames, unsigned char **img, uint64_t *pages,
	  uint32_t *ps)
{
	struct wal w;
	uint32_t i, pgno, commit, psize;
	int fd = open(name, O_RDONLY | O_CLOEXEC), st = LDN_OK;
	unsigned char *grown;

	if (fd == -1)
		return LDN_EIO;
	if (!wal_open(&w, fd) || (*ps != 0 && w.psize != *ps))
		st = LDN_EIO;
	else if (*ps == 0)
		*ps = w.psize;
	psize = *ps;
	for (i = 0; st == LDN_OK && i < frames; i++) {
		if (!wal_frame(&w, i, &pgno, &commit)) {
			st = LDN_EIO; /* changed under us: the caller sees it */
			break;
		}
		if (pgno > *pages) {
			grown = sqlite3_realloc64(*img, (sqlite3_uint64)pgno * psize);
			if (grown == NULL) {
				st = LDN_ENOMEM;
				break;
			}
			memset(grown + *pages * psize, 0, (size_t)(pgno - *pages) * psize);
			*img = grown;
			*pages = pgno;
		}
		memcpy(*img + (uint64_t)(pgno - 1) * psize, w.page, psize);
		if (commit != 0)
			*pages = commit; /* the size after that transaction */
	}
	free(w.page);
	close(fd);
	return st;
}

/* ---- the rollback journal ---- */

static bool
journal_whole(const char *name)
{
	unsigned char h[JRNL_HDR];
	bool whole;
	int fd = open(name, O_RDONLY | O_CLOEXEC);

	if (fd == -1)
		return false;
	whole = read_at(fd, h, JRNL_HDR, 0) && memcmp(h, jrnl_magic, 8) == 0;
	close(fd);
	return whole;
}

/* SQLite's page checksum in a journal record. */
static uint32_t
journal_cksum(uint32_t nonce, const unsigned char *page, uint32_t psize)
{
	uint32_t sum = nonce;
	int64_t i;

	for (i = (int64_t)psize - 200; i > 0; i -= 200)
		sum += page[i];
	return sum;
}

/* Plays the journal's records (whole buffer j) back over img, which is
 * pages pages of psize; stops where SQLite stops. */
static void
journal_play(const struct buf *j, unsigned char *img, uint32_t pages, uint32_t psize,
	     uint32_t sector)
{
	const unsigned char *p = (const unsigned char *)j->data;
	uint64_t off = 0, rec = (uint64_t)psize + 8, k, nrec;
	uint32_t pgno, nonce;

	while (off + JRNL_HDR <= j->len && memcmp(p + off, jrnl_magic, 8) == 0) {
		nrec = get_be32(p + off + 8);
		nonce = get_be32(p + off + 12);
		off += sector;
		if (nrec == 0xffffffffu)
			nrec = off < j->len ? (j->len - off) / rec : 0;
		for (k = 0; k < nrec; k++, off += rec) {
			if (off + rec > j->len)
				return;
			pgno = get_be32(p + off);
			if (pgno == 0 || pgno == SQL_PENDING_BYTE / psize + 1 ||
			    journal_cksum(nonce, p + off + 4, psize) != get_be32(p + off + 4 + psize))
				return;
			if (pgno <= pages)
				memcpy(img + (uint64_t)(pgno - 1) * psize, p + off + 4, psize);
		}
		/* The next header starts on a sector boundary. */
		off = (off + sector - 1) / sector * sector;
	}
}

/* ---- both ---- */

int
sqlfile_sides(const char *path, struct sqlfile_sides *out)
{
	char *j = side_name(path, "-journal"), *w = side_name(path, "-wal");
	char *m = side_name(path, "-shm");
	struct sqlfile_stamp shm;
	int st = LDN_ENOMEM;

	memset(out, 0, sizeof(*out));
	if (j != NULL && w != NULL && m != NULL) {
		stamp(path, &out->db_st);
		stamp(j, &out->journal_st);
		stamp(w, &out->wal_st);
		stamp(m, &shm);
		out->journal = out->journal_st.exists && journal_whole(j);
		out->wal = out->wal_st.exists;
		out->shm = shm.exists;
		if (out->wal)
			wal_scan(w, out);
		st = LDN_OK;
	}
	free(j);
	free(w);
	free(m);
	return st;
}

static bool
stamp_same(const struct sqlfile_stamp *a, const struct sqlfile_stamp *b)
{
	return a->exists == b->exists && a->dev == b->dev && a->ino == b->ino &&
	    a->size == b->size && a->mtime_ns == b->mtime_ns;
}

bool
sqlfile_changed(const char *path, const struct sqlfile_sides *sides)
{
	struct sqlfile_sides now;

	if (sqlfile_sides(path, &now) != LDN_OK)
		return true;
	return !stamp_same(&now.db_st, &sides->db_st) ||
	    !stamp_same(&now.journal_st, &sides->journal_st) ||
	    !stamp_same(&now.wal_st, &sides->wal_st);
}

/* The first `pages` pages of the file into a new image (zeros past its end). */
static int
image_read(int fd, uint64_t pages, uint32_t psize, unsigned char **img)
{
	uint64_t len = pages * psize, have;
	struct stat sb;

	if (fstat(fd, &sb) != 0)
		return LDN_EIO;
	if ((*img = sqlite3_malloc64(len ? len : 1)) == NULL)
		return LDN_ENOMEM;
	have = (uint64_t)sb.st_size < len ? (uint64_t)sb.st_size : len;
	memset(*img + have, 0, (size_t)(len - have));
	return read_at(fd, *img, (size_t)have, 0) ? LDN_OK : LDN_EIO;
}

/* The page size a database file's header gives (1 means 65536). */
static int
image_psize(int fd, uint32_t *psize)
{
	unsigned char h[100];

	if (!read_at(fd, h, sizeof(h), 0) || memcmp(h, "SQLite format 3", 16) != 0)
		return LDN_EIO;
	*psize = (uint32_t)h[16] << 8 | h[17];
	if (*psize == 1)
		*psize = SQL_PAGE_MAX;
	return pow2_in(*psize, SQL_PAGE_MIN, SQL_PAGE_MAX) ? LDN_OK : LDN_EIO;
}

/* The database as it was before the journal's write. */
static int
image_rollback(const char *path, int fd, unsigned char **img, uint64_t *pages,
	       uint32_t *psize)
{
	char *name = side_name(path, "-journal");
	const unsigned char *h;
	struct buf j;
	uint32_t sector;
	int jfd = -1, st;

	buf_init(&j, SIZE_MAX);
	if (name == NULL) {
		st = LDN_ENOMEM;
		goto out;
	}
	if ((jfd = open(name, O_RDONLY | O_CLOEXEC)) == -1 || (st = buf_read_fd(&j, jfd)) == LDN_EIO) {
		st = LDN_EIO;
		goto out;
	}
	if (st != LDN_OK)
		goto out;
	h = (const unsigned char *)j.data;
	if (j.len < JRNL_HDR || memcmp(h, jrnl_magic, 8) != 0) {
		st = LDN_EIO; /* gone or rewritten since: the caller sees it */
		goto out;
	}
	*pages = get_be32(h + 16);
	sector = get_be32(h + 20);
	*psize = get_be32(h + 24);
	if (!pow2_in(*psize, SQL_PAGE_MIN, SQL_PAGE_MAX) || !pow2_in(sector, 32, 65536)) {
		st = LDN_EIO;
		goto out;
	}
	if ((st = image_read(fd, *pages, *psize, img)) == LDN_OK)
		journal_play(&j, *img, (uint32_t)*pages, *psize, sector);
out:
	if (jfd != -1)
		close(jfd);
	buf_free(&j);
	free(name);
	return st;
}

int
sqlfile_image(const char *path, const struct sqlfile_sides *sides, unsigned char **img,
	      size_t *len, char **cause)
{
	char *wal = NULL;
	uint64_t pages = 0;
	uint32_t psize = 0;
	struct stat sb;
	int fd, st;

	*img = NULL;
	*len = 0;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
		return errno == ENOMEM ? LDN_ENOMEM :
		       ldn_cause(cause, LDN_EIO, "%s: %s", path, strerror(errno));
	if (sides->journal) {
		st = image_rollback(path, fd, img, &pages, &psize);
	} else if ((st = fstat(fd, &sb) == 0 ? LDN_OK : LDN_EIO) == LDN_OK &&
		   (sb.st_size == 0 || (st = image_psize(fd, &psize)) == LDN_OK)) {
		pages = sb.st_size == 0 ? 0 : (uint64_t)sb.st_size / psize;
		st = image_read(fd, pages, psize ? psize : 1, img);
		if (st == LDN_OK && sides->wal_frames > 0) {
			if ((wal = side_name(path, "-wal")) == NULL)
				st = LDN_ENOMEM;
			else
				st = wal_apply(wal, sides->wal_frames, img, &pages, &psize);
		}
	}
	close(fd);
	free(wal);
	if (st == LDN_OK && pages > 0) {
		*len = (size_t)(pages * psize);
		/* Bytes 18 and 19: 1, the rollback journal; a copy in memory
		 * cannot be in WAL mode. */
		(*img)[18] = (*img)[19] = 1;
	}
	if (st != LDN_OK || *len == 0) {
		sqlite3_free(*img);
		*img = NULL;
		*len = 0;
	}
	if (st == LDN_EIO)
		return ldn_cause(cause, LDN_EIO, "%s: cannot read the cache and the files beside "
				 "it as SQLite would", path);
	if (st == LDN_ENOMEM)
		return ldn_cause(cause, LDN_ENOMEM, "out of memory");
	return st;
}
