/*
 * buf.c - capped growable buffer.
 *
 * Invariants: len < cap whenever data != NULL (room for the NUL), data[len]
 * is '\0', len <= max. A failed operation leaves all four fields unchanged.
 *
 * No state of its own; a buf belongs to its caller, on the caller's thread.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <unistd.h>

#include "buf.h"

void
buf_init(struct buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->max = max;
}

/* Makes room for `need` more bytes plus the NUL. */
static int
buf_reserve(struct buf *b, size_t need)
{
	size_t want, ncap;
	char *p;

	if (need > b->max - b->len)
		return LDN_ELIMIT;
	want = b->len + need + 1;
	if (want <= b->cap)
		return LDN_OK;
	/* Grow geometrically so n appends cost O(n) copies in all. */
	ncap = b->cap ? b->cap : 64;
	while (ncap < want) {
		if (ncap > SIZE_MAX / 2) {
			ncap = want;
			break;
		}
		ncap *= 2;
	}
	p = realloc(b->data, ncap);
	if (p == NULL)
		return LDN_ENOMEM;
	b->data = p;
	b->cap = ncap;
	return LDN_OK;
}

int
buf_append(struct buf *b, const void *p, size_t n)
{
	int st;

	if (n == 0)
		return LDN_OK;
	st = buf_reserve(b, n);
	if (st != LDN_OK)
		return st;
	memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return LDN_OK;
}

int
buf_puts(struct buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

int
buf_putc(struct buf *b, char c)
{
	return buf_append(b, &c, 1);
}

int
buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	int n, st;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return LDN_ENOMEM;
	st = buf_reserve(b, (size_t)n);
	if (st != LDN_OK)
		return st;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return LDN_OK;
}

const char *
buf_cstr(const struct buf *b)
{
	return b->data ? b->data : "";
}

void
buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

char *
buf_detach(struct buf *b)
{
	char *s = b->data;

	if (s == NULL)
		return calloc(1, 1);
	/* Give back the growth slack: the string may live long. */
	if (b->cap > b->len + 1) {
		char *p = realloc(s, b->len + 1);
		if (p != NULL)
			s = p;
	}
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	return s;
}

void
buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

int
buf_read_fd(struct buf *b, int fd)
{
	char chunk[65536];
	ssize_t n;
	int st;

	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return LDN_EIO;
		if ((st = buf_append(b, chunk, (size_t)n)) != LDN_OK)
			return st;
	}
	return LDN_OK;
}
