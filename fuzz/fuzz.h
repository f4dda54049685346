/*
 * fuzz.h - what every libFuzzer target shares: the entry points' prototypes
 * (libFuzzer declares none; -Wmissing-prototypes wants one) and a
 * NUL-terminated copy of the input for the APIs that take C strings.
 */
#ifndef LDN_FUZZ_H
#define LDN_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* data[0..size) as a C string (cut at its first NUL, as a caller's would
 * be); NULL when out of memory, which a target treats as "nothing to do". */
static inline char *
fuzz_cstring(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	if (s == NULL)
		return NULL;
	if (size > 0)
		memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

#endif
