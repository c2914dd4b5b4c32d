/* err.c: error reporting (see err.h). */
#include "base/err.h"

#include <stdarg.h>
#include <stdio.h>

void pd_err_clear(pd_err *e)
{
	if (e) {
		e->code = PD_OK;
		e->msg[0] = '\0';
	}
}

int pd_err_set(pd_err *e, int code, const char *fmt, ...)
{
	if (e) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(e->msg, sizeof e->msg, fmt, ap);
		va_end(ap);
		e->code = code;
	}
	return code;
}

const char *pd_err_name(int code)
{
	switch (code) {
	case PD_OK: return "ok";
	case PD_EINPUT: return "bad input";
	case PD_ETOOBIG: return "too large";
	case PD_EIO: return "i/o error";
	case PD_ESTORE: return "database error";
	case PD_ENOTFOUND: return "not found";
	case PD_EUSAGE: return "usage";
	case PD_EUNAVAIL: return "unavailable";
	case PD_EUNSUPPORTED: return "not supported";
	}
	return "error";
}
