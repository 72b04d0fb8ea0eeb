/* timeutil.h — calendar arithmetic shared by the time parsers (time.c). */
#ifndef PX_TIMEUTIL_H
#define PX_TIMEUTIL_H

#include <stdint.h>

/* Days since 1970-01-01 of the proleptic Gregorian date Y-M-D. */
int64_t px_days_from_civil(int64_t y, unsigned m, unsigned d);

#endif
