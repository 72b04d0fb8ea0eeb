/* boiler.h — furniture lines ("Advertisement", "Read more:", a bare date)
 * (internal to extract/; the rules are in boiler.c). */
#ifndef PX_EXTRACT_BOILER_H
#define PX_EXTRACT_BOILER_H

#include <stddef.h>

/* 1 if the short paragraph T (N bytes of UTF-8) is furniture. */
int boiler_line(const char *t, size_t n);

#endif
