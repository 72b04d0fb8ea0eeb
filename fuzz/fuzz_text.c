/* fuzz_text.c — libFuzzer target: any bytes through the text stage (the
 * first line as the title, the rest as the body).  Seeds: data/demo. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static px_textctx *ctx;
	if (!ctx)
		ctx = px_textctx_new();
	char *s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	char *nl = memchr(s, '\n', size);
	if (nl)
		*nl = '\0';
	px_arena *a = px_arena_new(0);
	px_text t;
	px_text_analyze(ctx, a, s, nl ? nl + 1 : "", NULL, &t);
	for (size_t i = 0; i < t.n_sentences; i++)
		if (t.sentences[i].start + t.sentences[i].len > t.text_len)
			abort();
	px_arena_free(a);
	free(s);
	return 0;
}
