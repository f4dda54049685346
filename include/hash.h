/*
 * hash.h - the one hash of in-memory tables and filters: XXH3, 64 bits
 * (libxxhash, compiled in from its header: XXH_INLINE_ALL), fast on the
 * short keys of hash tables and on long ones alike.
 *
 * Only for values that live in memory. A hash that is stored (the cache's
 * row hashes and body hashes, the "hash:" ids feed_parse gives items with
 * neither guid nor link) keeps its own function: changing it needs a
 * schema step, or every cache would look changed once.
 */
#ifndef LDN_HASH_H
#define LDN_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

static inline uint64_t
hash_bytes(const void *p, size_t n)
{
	return XXH3_64bits(p, n);
}

static inline uint64_t
hash_str(const char *s)
{
	return XXH3_64bits(s, strlen(s));
}

/* The hash of s with ASCII letters folded to lower case: equal for two
 * strings that strcasecmp finds equal. */
static inline uint64_t
hash_str_casefold(const char *s)
{
	char low[64];
	XXH3_state_t st;
	size_t n = 0;

	for (; *s != '\0' && n < sizeof(low); s++, n++)
		low[n] = *s >= 'A' && *s <= 'Z' ? (char)(*s + 32) : *s;
	if (*s == '\0')
		return XXH3_64bits(low, n);
	/* Longer than a tag: streamed, which gives the same hash. */
	(void)XXH3_64bits_reset(&st);
	for (;;) {
		if (n == sizeof(low) || *s == '\0') {
			(void)XXH3_64bits_update(&st, low, n);
			n = 0;
			if (*s == '\0')
				break;
		}
		low[n++] = *s >= 'A' && *s <= 'Z' ? (char)(*s + 32) : *s;
		s++;
	}
	return XXH3_64bits_digest(&st);
}

#endif
