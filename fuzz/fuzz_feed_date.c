/* fuzz_feed_date.c — libFuzzer target: any bytes as a feed date, up to the
 * first NUL, in a buffer of exactly its size (so ASan sees any read past
 * the NUL).  The answer must be "not a date" or an instant near years
 * -99..10000 (ISO 8601's normalisation reaches a little outside 1..9999),
 * the same twice, and its 9-tuple must read back as the same instant.
 * Seeds: bench/feedconf/date_dev.py's strings; dictionary
 * fuzz/fuzz_feed_date.dict. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed/date.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NOW 1763892000 /* 2025-11-23T10:00:00Z */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t n = nul ? (size_t)(nul - data) : size;
	char *s = malloc(n + 1);
	if (!s)
		return 0;
	memcpy(s, data, n);
	s[n] = '\0';
	int64_t t = feed_parse_date_at(s, NOW);
	if (feed_parse_date_at(s, NOW) != t)
		abort();
	if (t != PX_TIME_UNKNOWN) {
		if (t < -65300000000LL || t > 253500000000LL)
			abort();
		int tup[9];
		char buf[80];
		feed_date_tuple(t, tup);
		if (tup[0] >= 1 && tup[0] <= 9999) {
			snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02dZ",
			         tup[0], tup[1], tup[2], tup[3], tup[4], tup[5]);
			if (feed_parse_date_at(buf, NOW) != t)
				abort();
		}
	}
	free(s);
	return 0;
}
