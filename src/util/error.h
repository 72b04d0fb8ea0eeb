/*
 * error.h — filling a px_error.  Every failure carries a message a user can
 * act on: what failed, where (file:line, URL, article), and why.
 */
#ifndef PX_ERROR_H
#define PX_ERROR_H

#include "parallax.h"

/* Sets ERR (when not NULL) and returns CODE, so callers can `return px_fail(...)`. */
int px_fail(px_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Prefixes ERR's message with "CONTEXT: ". */
void px_error_prefix(px_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
