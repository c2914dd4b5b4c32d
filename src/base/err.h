/* err.h: errors a user can act on.
 *
 * A pd_err carries a code and a one-line message that names the input, the
 * position where it matters and the reason, e.g.
 *   "transcript-41751.xml: empty file"
 * Functions that can fail on input take a `pd_err *` (may be NULL) and
 * return a negative PD_E* code; the caller decides whether to report and go
 * on (a batch) or stop.
 */
#ifndef PD_BASE_ERR_H
#define PD_BASE_ERR_H

enum {
	PD_OK = 0,
	PD_EINPUT = -1,   /* the input is malformed or unsupported */
	PD_ETOOBIG = -2,  /* the input passes a ceiling in limits.h */
	PD_EIO = -3,      /* reading or writing a file failed */
	PD_ESTORE = -4,   /* the database reported an error */
	PD_ENOTFOUND = -5,/* the thing asked for does not exist */
	PD_EUSAGE = -6,   /* bad command-line or request arguments */
	PD_EUNAVAIL = -7, /* a backend is temporarily unavailable */
	PD_EUNSUPPORTED = -8, /* the backend cannot do this (by design, not now) */
};

#define PD_ERR_MSG_MAX 512

typedef struct pd_err {
	int code;
	char msg[PD_ERR_MSG_MAX];
} pd_err;

/* Empties the error. */
void pd_err_clear(pd_err *e);
/* Sets code and message (printf-style) and returns code, so that
 *   return pd_err_set(err, PD_EINPUT, "%s: empty file", name);
 * reports and fails in one line. err may be NULL. */
int pd_err_set(pd_err *e, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* A short English name for a code ("bad input", "too large", ...). */
const char *pd_err_name(int code);

#endif
