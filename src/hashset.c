/*
 * hashset.c - an open-addressed table (linear probing) of (hash, position)
 * slots over an array the owner keeps. Invariants: cap is 0 or a power of
 * two with len * 2 <= cap, so a probe always ends at a free slot; a slot's
 * pos is its position plus one, 0 marking it free.
 *
 * The table belongs to its owner (article.c, opml.c, config.c), on
 * the owner's thread.
 */
#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "hashset.h"

size_t
hashset_find(const struct hashset *s, const char *key, size_t n,
	     hashset_key_fn key_of, const void *items)
{
	uint32_t h = (uint32_t)hash_bytes(key, n);
	size_t i;

	if (s->cap == 0)
		return HASHSET_NONE;
	for (i = h & (s->cap - 1); s->slot[i].pos != 0; i = (i + 1) & (s->cap - 1)) {
		const char *k;

		if (s->slot[i].hash != h)
			continue;
		k = key_of(items, s->slot[i].pos - 1);
		if (strncmp(k, key, n) == 0 && k[n] == '\0')
			return s->slot[i].pos - 1;
	}
	return HASHSET_NONE;
}

static void
hashset_place(struct hashset_slot *slot, size_t cap, struct hashset_slot v)
{
	size_t i;

	for (i = v.hash & (cap - 1); slot[i].pos != 0; i = (i + 1) & (cap - 1))
		;
	slot[i] = v;
}

static int
hashset_grow(struct hashset *s)
{
	size_t cap = s->cap ? s->cap * 2 : 16, i;
	struct hashset_slot *slot;

	if ((slot = calloc(cap, sizeof(*slot))) == NULL)
		return LDN_ENOMEM;
	for (i = 0; i < s->cap; i++)
		if (s->slot[i].pos != 0)
			hashset_place(slot, cap, s->slot[i]);
	free(s->slot);
	s->slot = slot;
	s->cap = cap;
	return LDN_OK;
}

int
hashset_add(struct hashset *s, const char *key, size_t n, size_t pos)
{
	struct hashset_slot v;

	if (pos >= UINT32_MAX)
		return LDN_ENOMEM;
	if ((s->len + 1) * 2 > s->cap && hashset_grow(s) != LDN_OK)
		return LDN_ENOMEM;
	v.hash = (uint32_t)hash_bytes(key, n);
	v.pos = (uint32_t)pos + 1;
	hashset_place(s->slot, s->cap, v);
	s->len++;
	return LDN_OK;
}

void
hashset_free(struct hashset *s)
{
	free(s->slot);
	memset(s, 0, sizeof(*s));
}

const char *
hashset_key_strv(const void *items, size_t i)
{
	return ((char *const *)items)[i];
}
