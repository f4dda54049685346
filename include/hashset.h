/*
 * hashset.h - "have I seen this string?" in O(1): a set of positions in an
 * array its owner keeps, looked up by the string at each position.
 *
 * A scan of the array answers the same question in O(n), which makes n
 * additions cost O(n^2): a feed item with 300,000 <category> elements,
 * an OPML file of 100,000 outlines. The set stores no strings, only
 * (hash, position) slots; key_of(items, i) gives the string at position i
 * when a hash matches, so the owner may move or grow its array freely
 * between calls. Growing rehashes from the stored hashes, never reading a
 * key. A zeroed struct hashset is an empty set.
 */
#ifndef LDN_HASHSET_H
#define LDN_HASHSET_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

/* What hashset_find returns for a key the set does not hold. */
#define HASHSET_NONE ((size_t)-1)

/* The string at position i of the owner's array `items`. */
typedef const char *(*hashset_key_fn)(const void *items, size_t i);

struct hashset_slot {
	uint32_t hash;      /* of the key (the low half of hash_bytes) */
	uint32_t pos;       /* position + 1; 0: a free slot */
};

struct hashset {
	struct hashset_slot *slot;  /* NULL until the first add */
	size_t cap;                 /* a power of two, at least twice len */
	size_t len;
};

/*
 * The position whose string is exactly key[0..n) (the string at it has
 * length n), or HASHSET_NONE.
 */
size_t hashset_find(const struct hashset *s, const char *key, size_t n,
		    hashset_key_fn key_of, const void *items);

/*
 * Records position `pos`, whose string is key[0..n); the caller has made
 * sure with hashset_find that the set does not hold it. LDN_OK, or
 * LDN_ENOMEM (also for pos >= UINT32_MAX) with the set unchanged.
 */
int hashset_add(struct hashset *s, const char *key, size_t n, size_t pos) LDN_WUR;

/* Frees the slots and leaves an empty set. */
void hashset_free(struct hashset *s);

/* A hashset_key_fn for an array of C strings (char *items[]). */
const char *hashset_key_strv(const void *items, size_t i);

#endif
