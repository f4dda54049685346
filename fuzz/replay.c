/*
 * replay.c - a main() for a libFuzzer target without libFuzzer, so that
 * `meson test --suite fuzz` runs every committed corpus through its target
 * with any compiler (tests/meson.build): what a target abort()s on, and
 * under -Db_sanitize=address,undefined what the sanitizers catch, fails
 * the test.
 *
 *   replay_<target> PATH...
 *
 * A PATH that is a file is one input; a directory gives every regular file
 * in it (not below), in byte order of the names. Each input is copied into
 * a buffer of exactly its size, as libFuzzer does, so ASan sees a read one
 * past the end. LLVMFuzzerInitialize, when the target has one, runs first.
 * Prints how many inputs each PATH gave and the total; exits 1 when a PATH
 * cannot be read or a directory has no file.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Optional in a target, as for libFuzzer: NULL when it defines none. */
#pragma weak LLVMFuzzerInitialize

/* Runs the file at path through the target: 0, or -1 when it cannot be read. */
static int
replay_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	unsigned char *data = NULL, *grown, *exact;
	size_t len = 0, cap = 0, got;

	if (f == NULL)
		goto fail;
	do {
		if (cap - len < 4096) {
			cap = cap == 0 ? 8192 : cap * 2;
			if ((grown = realloc(data, cap)) == NULL)
				goto fail;
			data = grown;
		}
		got = fread(data + len, 1, cap - len, f);
		len += got;
	} while (got > 0);
	if (ferror(f))
		goto fail;
	fclose(f);
	f = NULL;
	/* Exactly len bytes (one for an empty input, passed as size 0). */
	if ((exact = malloc(len > 0 ? len : 1)) == NULL)
		goto fail;
	if (len > 0)
		memcpy(exact, data, len);
	free(data);
	(void)LLVMFuzzerTestOneInput(exact, len);
	free(exact);
	return 0;
fail:
	fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
	if (f != NULL)
		fclose(f);
	free(data);
	return -1;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Runs every regular file of dir, sorted; the number run, or -1. */
static long
replay_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct stat sb;
	char **names = NULL, **grown, *path;
	size_t n = 0, cap = 0, i, size;
	long run = 0;

	if (d == NULL) {
		fprintf(stderr, "replay: %s: %s\n", dir, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (n == cap) {
			cap = cap == 0 ? 64 : cap * 2;
			if ((grown = realloc(names, cap * sizeof(*names))) == NULL)
				goto oom;
			names = grown;
		}
		if ((names[n] = strdup(e->d_name)) == NULL)
			goto oom;
		n++;
	}
	closedir(d);
	d = NULL;
	if (n > 0)
		qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n && run >= 0; i++) {
		size = strlen(dir) + strlen(names[i]) + 2;
		if ((path = malloc(size)) == NULL)
			goto oom;
		snprintf(path, size, "%s/%s", dir, names[i]);
		if (stat(path, &sb) != 0) {
			fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
			run = -1;
		} else if (S_ISREG(sb.st_mode)) {
			run = replay_file(path) == 0 ? run + 1 : -1;
		}
		free(path);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return run;
oom:
	fprintf(stderr, "replay: %s: out of memory\n", dir);
	if (d != NULL)
		closedir(d);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return -1;
}

int
main(int argc, char **argv)
{
	struct stat sb;
	long total = 0, run;
	int i, status = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE|DIR...\n", argv[0]);
		return 2;
	}
	if (LLVMFuzzerInitialize != NULL)
		(void)LLVMFuzzerInitialize(&argc, &argv);
	for (i = 1; i < argc; i++) {
		if (stat(argv[i], &sb) != 0) {
			fprintf(stderr, "replay: %s: %s\n", argv[i], strerror(errno));
			status = 1;
			continue;
		}
		if (S_ISDIR(sb.st_mode)) {
			run = replay_dir(argv[i]);
			if (run == 0)
				fprintf(stderr, "replay: %s: no input in the directory\n", argv[i]);
		} else {
			run = replay_file(argv[i]) == 0 ? 1 : -1;
		}
		if (run <= 0) {
			status = 1;
			continue;
		}
		printf("%s: %ld inputs\n", argv[i], run);
		total += run;
	}
	printf("replayed %ld inputs\n", total);
	return status;
}
