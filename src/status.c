/*
 * status.c - exit-status mapping and cause strings.
 *
 * Constant strings: any thread.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "status.h"

int
ldn_status_exit_code(int status)
{
	switch (status) {
	case LDN_OK:
		return 0;
	case LDN_EUSAGE:
		return 2;
	case LDN_ENOTFOUND:
		return 4;
	default:
		return 3;
	}
}

int
ldn_cause(char **cause, int status, const char *fmt, ...)
{
	va_list ap;
	int n;
	char *s;

	if (cause == NULL || *cause != NULL)
		return status;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return status;
	s = malloc((size_t)n + 1);
	if (s == NULL)
		return status;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	*cause = s;
	return status;
}
