/*
 * store_hash.c - the two hashes the cache keeps: a fetched body's
 * (store_hash_*, XXH3-128, for "the same bytes as last time") and an
 * article row's (store_row_hash, store_row_xhash: the stored format).
 *
 * Threads: the body hash runs on the refresh worker's (or the headless
 * run's) transfer thread, over every byte fetched; the row hash on the
 * thread that merges (the sync merger thread, or the worker inline).
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <sqlite3.h>

#include "hash.h"
#include "store_int.h"

/* ---- hashing ---- */

/*
 * A fetched body's hash: XXH3, 128 bits (libxxhash, compiled in from its
 * header, through hash.h). It runs on the parser's thread over every byte
 * of a feed, so its speed shows: XXH3 costs next to nothing where the
 * hash below showed in a cold fetch (bench/README.md). Stored (the feed
 * row keeps the last body's hash), so it stays XXH3-128. The state is kept in the caller's
 * struct store_hash (opaque bytes) and copied in and out around each use,
 * which costs nothing next to a chunk of a transfer.
 */
_Static_assert(sizeof(XXH3_state_t) <= sizeof(((struct store_hash *)0)->state),
	       "struct store_hash holds an XXH3 state");

void
store_hash_init(struct store_hash *h)
{
	XXH3_state_t st;

	(void)XXH3_128bits_reset(&st);
	memcpy(h->state, &st, sizeof(st));
}

void
store_hash_update(struct store_hash *h, const void *data, size_t len)
{
	XXH3_state_t st;

	memcpy(&st, h->state, sizeof(st));
	(void)XXH3_128bits_update(&st, data, len);
	memcpy(h->state, &st, sizeof(st));
}

void
store_hash_hex(const struct store_hash *h, char out[33])
{
	XXH3_state_t st;
	XXH128_hash_t v;

	memcpy(&st, h->state, sizeof(st));
	v = XXH3_128bits_digest(&st);
	snprintf(out, 33, "%016llx%016llx", (unsigned long long)v.high64,
		 (unsigned long long)v.low64);
}

/*
 * An article row's hash, of its fields: the stored format (rows keep it),
 * so it stays this hand-made one, which is not on the parser's thread.
 */
struct row_hash {
	uint64_t h[4];           /* four lanes: 32 bytes a step */
	unsigned char tail[32];  /* bytes waiting for a whole step */
	size_t ntail;
	uint64_t len;
};

#define HASH_K0 0x9e3779b97f4a7c15ULL
#define HASH_K1 0xc2b2ae3d27d4eb4fULL

static uint64_t
row_hash_fmix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

/* One lane absorbs one word. */
static uint64_t
row_hash_lane(uint64_t h, uint64_t w)
{
	h = (h ^ w) * HASH_K0;
	return h ^ (h >> 29);
}

/* 32 bytes, one word per lane: the lanes' chains run side by side. */
static void
row_hash_block(struct row_hash *h, const unsigned char *p)
{
	uint64_t w[4];

	memcpy(w, p, sizeof(w));
	h->h[0] = row_hash_lane(h->h[0], w[0]);
	h->h[1] = row_hash_lane(h->h[1], w[1]);
	h->h[2] = row_hash_lane(h->h[2], w[2]);
	h->h[3] = row_hash_lane(h->h[3], w[3]);
}

static void
row_hash_init(struct row_hash *h)
{
	memset(h, 0, sizeof(*h));
	h->h[0] = 0x243f6a8885a308d3ULL;
	h->h[1] = 0x13198a2e03707344ULL;
	h->h[2] = 0xa4093822299f31d0ULL;
	h->h[3] = 0x082efa98ec4e6c89ULL;
}

static void
row_hash_update(struct row_hash *h, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t k;

	h->len += len;
	if (h->ntail > 0) {
		k = sizeof(h->tail) - h->ntail;
		if (k > len)
			k = len;
		memcpy(h->tail + h->ntail, p, k);
		h->ntail += k;
		p += k;
		len -= k;
		if (h->ntail < sizeof(h->tail))
			return;
		row_hash_block(h, h->tail);
		h->ntail = 0;
	}
	for (; len >= sizeof(h->tail); p += sizeof(h->tail), len -= sizeof(h->tail))
		row_hash_block(h, p);
	memcpy(h->tail, p, len);
	h->ntail = len;
}

static void
row_hash_final(const struct row_hash *in, uint64_t out[2])
{
	struct row_hash h = *in;

	/* The tail zero-padded, then the length, so "a" and "a\0" differ. */
	memset(h.tail + h.ntail, 0, sizeof(h.tail) - h.ntail);
	row_hash_block(&h, h.tail);
	h.h[0] = row_hash_lane(h.h[0], h.len);
	out[0] = row_hash_fmix(h.h[0] ^ row_hash_fmix(h.h[1] + HASH_K1));
	out[1] = row_hash_fmix(h.h[2] ^ row_hash_fmix(h.h[3] + out[0]));
	out[0] ^= row_hash_fmix(out[1] + h.h[1]);
}

/* A field: its length (or "absent") then its bytes, so fields never blur. */
static void
row_hash_str(struct row_hash *h, const char *s)
{
	uint64_t n = s == NULL ? UINT64_MAX : strlen(s);

	row_hash_update(h, &n, sizeof(n));
	if (s != NULL)
		row_hash_update(h, s, (size_t)n);
}

static void
row_hash_num(struct row_hash *h, long long v)
{
	row_hash_update(h, &v, sizeof(v));
}

static sqlite3_int64
row_hash_value(const struct row_hash *h)
{
	uint64_t v[2];

	row_hash_final(h, v);
	return (sqlite3_int64)(v[0] >> 1); /* non-negative: SQLite INTEGER */
}

/* The stored fields, id and feed excluded (they are the row's key). */
sqlite3_int64
store_row_hash(const struct article *a)
{
	struct row_hash h;

	row_hash_init(&h);
	row_hash_str(&h, a->title);
	row_hash_str(&h, a->link);
	row_hash_str(&h, a->author);
	row_hash_num(&h, a->has_published ? (long long)a->published : -1);
	row_hash_num(&h, a->has_published);
	row_hash_str(&h, a->summary);
	row_hash_num(&h, a->summary_fmt);
	row_hash_str(&h, a->content);
	row_hash_num(&h, a->content_fmt);
	return row_hash_value(&h);
}

sqlite3_int64
store_row_xhash(const struct article *a)
{
	struct row_hash h;
	size_t i;

	row_hash_init(&h);
	row_hash_num(&h, (long long)a->ntags);
	for (i = 0; i < a->ntags; i++)
		row_hash_str(&h, a->tags[i]);
	row_hash_num(&h, (long long)a->nenclosures);
	for (i = 0; i < a->nenclosures; i++) {
		row_hash_str(&h, a->enclosures[i].url);
		row_hash_str(&h, a->enclosures[i].type);
		row_hash_num(&h, a->enclosures[i].length);
	}
	return row_hash_value(&h);
}
