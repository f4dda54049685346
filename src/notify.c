/*
 * notify.c - the notification command (notify.h): the config's argv with
 * the count and the title appended, started through launch_stdin
 * (posix_spawnp, never a shell).
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "launch.h"
#include "notify.h"
#include "text.h"

int
notify_new(const struct plan *p, size_t n, const char *title, char **cause)
{
	const char **argv = NULL;
	char count[24], *line = NULL;
	size_t len = 0, i;
	int fd = -1, status, st;

	if (n == 0 || p->notify == NULL || p->notify[0] == NULL || p->kiosk)
		return LDN_OK;
	while (p->notify[len] != NULL)
		len++;
	snprintf(count, sizeof(count), "%zu", n);
	if ((line = text_line(title != NULL ? title : "")) == NULL ||
	    (argv = malloc((len + 3) * sizeof(*argv))) == NULL) {
		st = ldn_cause(cause, LDN_ENOMEM, "out of memory");
		goto out;
	}
	for (i = 0; i < len; i++)
		argv[i] = p->notify[i];
	argv[len] = count;
	argv[len + 1] = line;
	argv[len + 2] = NULL;
	if ((fd = open("/dev/null", O_RDONLY | O_CLOEXEC)) < 0) {
		st = ldn_cause(cause, LDN_EIO, "/dev/null: cannot open");
		goto out;
	}
	st = launch_stdin(argv, fd, true, &status, cause);
out:
	if (fd >= 0)
		close(fd);
	free(argv);
	free(line);
	return st;
}
