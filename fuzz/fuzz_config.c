/*
 * fuzz_config.c - the configuration file reader (inih and config.c's
 * checks of every value), from an in-memory stream.
 */
#define _XOPEN_SOURCE 700 /* fmemopen is POSIX.1-2008, but glibc wants it */

#include <stdio.h>
#include <stdlib.h>

#include "config.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config cfg;
	char *cause = NULL;
	FILE *f;

	if (size == 0)
		return 0; /* fmemopen refuses a zero-size buffer */
	f = fmemopen((void *)(uintptr_t)data, size, "r");
	if (f == NULL)
		return 0;
	/* Refusing the input is as good an answer as taking it, but a refused
	 * file always says why: that, a crash, a leak or undefined behaviour
	 * is a finding. */
	if (config_load_file(&cfg, f, "/fuzz/dir/ldnews.conf", &cause) == LDN_EUSAGE &&
	    cause == NULL)
		abort();
	config_free(&cfg);
	free(cause);
	fclose(f);
	return 0;
}
