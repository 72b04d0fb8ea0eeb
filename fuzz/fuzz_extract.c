/* fuzz_extract.c — libFuzzer target: any bytes as an HTML page through the
 * extractor.  It must return text or a reason, never crash or run away. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extract.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	px_arena *a = px_arena_new(0);
	px_extracted ex;
	px_error err;
	if (px_extract(s, size, "https://fuzz.example/page", a, &ex, &err) == 0 &&
	    (!ex.text || !ex.title))
		abort();
	px_arena_free(a);
	free(s);
	return 0;
}
