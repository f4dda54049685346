/*
 * status.h - status codes shared by every module, and the one place that
 * maps them to the process exit statuses of the command-line contract.
 *
 * Functions return LDN_OK (0) or a negative enum ldn_status.  The human
 * readable cause travels separately, through a `char **cause` out-parameter
 * that the caller owns and frees; there is no global "last error".
 */
#ifndef LDN_STATUS_H
#define LDN_STATUS_H

#if defined(__GNUC__)
#define LDN_WUR __attribute__((warn_unused_result))
#define LDN_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define LDN_WUR
#define LDN_PRINTF(fmt, args)
#endif

enum ldn_status {
	LDN_OK = 0,
	LDN_EUSAGE = -1,    /* bad command line or option value */
	LDN_EIO = -2,       /* a file could not be read or written */
	LDN_EFETCH = -3,    /* a transfer failed: DNS, connect, HTTP status, timeout */
	LDN_EPARSE = -4,    /* the document is not a usable feed */
	LDN_ENOTFOUND = -5, /* no such article number */
	LDN_ENOMEM = -6,    /* out of memory */
	LDN_ELIMIT = -7     /* a size limit was reached */
};

/* The exit status for a status: 0 ok, 2 usage, 4 no such article, 3 else. */
int ldn_status_exit_code(int status);

/*
 * Sets *cause to a newly allocated formatted message, unless cause is NULL
 * or *cause is already set (the first cause wins: it is the root one).
 * Returns `status` so callers can write `return ldn_cause(cause, st, ...)`.
 */
int ldn_cause(char **cause, int status, const char *fmt, ...) LDN_PRINTF(3, 4);

#endif
