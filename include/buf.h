/*
 * buf.h - growable byte buffer with a hard size cap fixed at init.
 *
 * Everything whose size the network decides goes through a struct buf.
 * An append that would pass the cap, or that cannot allocate, fails and
 * leaves the buffer exactly as it was; the contents stay NUL-terminated
 * so buf_cstr() is always a valid C string (of the bytes appended so far).
 * The struct is owned by whoever declared it; buf_free() releases the
 * memory and leaves an empty buffer with the same cap.
 */
#ifndef LDN_BUF_H
#define LDN_BUF_H

#include <stddef.h>

#include "status.h"

struct buf {
	char *data;  /* NULL until the first append */
	size_t len;  /* bytes in use, not counting the terminating NUL */
	size_t cap;  /* bytes allocated */
	size_t max;  /* most bytes len may reach */
};

void buf_init(struct buf *b, size_t max);

/* LDN_OK, LDN_ELIMIT when len + n > max, LDN_ENOMEM. */
int buf_append(struct buf *b, const void *p, size_t n) LDN_WUR;
int buf_puts(struct buf *b, const char *s) LDN_WUR;
int buf_putc(struct buf *b, char c) LDN_WUR;
int buf_printf(struct buf *b, const char *fmt, ...) LDN_WUR LDN_PRINTF(2, 3);

/* The contents as a C string; "" for an empty buffer. Borrowed. */
const char *buf_cstr(const struct buf *b);

/* Empties the buffer, keeping its memory for reuse. */
void buf_reset(struct buf *b);

/*
 * Hands the contents over as a malloc'd C string the caller frees and
 * empties the buffer. Returns NULL only when an empty buffer cannot
 * allocate its "".
 */
char *buf_detach(struct buf *b);

void buf_free(struct buf *b);

/*
 * Appends everything read from fd until end of file (EINTR retried).
 * LDN_OK; LDN_EIO with errno set when a read fails; LDN_ELIMIT when the
 * file is larger than the buffer's max; LDN_ENOMEM. What was read before
 * an error stays in b.
 */
int buf_read_fd(struct buf *b, int fd) LDN_WUR;

#endif
