/* prefilter.h — script and style bodies and comments emptied before
 * parsing (internal to extract/; why and how in prefilter.c). */
#ifndef PX_EXTRACT_PREFILTER_H
#define PX_EXTRACT_PREFILTER_H

#include <stddef.h>

/* Writes IN (N bytes) without them to OUT (room for 2N + 16 bytes: a tag
 * may gain a space between attributes and a closing '>', an unclosed <svg>
 * its end tag); returns the length written. */
size_t prefilter(const char *in, size_t n, char *out);

#endif
