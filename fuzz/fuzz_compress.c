/* fuzz_compress.c — libFuzzer target: any bytes as one sentence, through
 * the runs that could hold a cut (summary_cut_runs, no parser), the parts
 * the link grammar parser lets go (summary_cuts) and its check
 * that a sentence parses whole (summary_parses).  compress.c reads the
 * parser's constituent tree back from text and maps its words to bytes of
 * the sentence: every cut must lie inside the sentence, start before it
 * ends, and be of a known kind; the sentence left after each cut must be
 * parsed without fault.  Seeds: key points of data/demo, e.g.
 *   build-fuzz/fuzz/fuzz_compress -max_len=400 build-fuzz/corpus-compress */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "summary/summary.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 600) /* the parser's time grows with the cube of the length */
		return 0;
	/* Not terminated: the sentence is a span of a longer text. */
	char *s = malloc(size ? size : 1);
	memcpy(s, data, size);
	/* Runs: inside the sentence, in order, apart (a delimiter between
	 * two); one may be empty: "()". */
	summary_cut runs[8];
	int nr = summary_cut_runs(s, size, runs, 8);
	if (nr < 0 || nr > 8)
		abort();
	for (int i = 0; i < nr; i++)
		if (runs[i].start > runs[i].end || runs[i].end > size ||
		    (i && runs[i].start <= runs[i - 1].end) ||
		    runs[i].kind < SUMMARY_CUT_PARENTHESIS || runs[i].kind > SUMMARY_CUT_OPENER)
			abort();
	summary_cut cuts[16];
	int n = summary_cuts(s, size, cuts, 16);
	if (n < 0 || n > 16)
		abort();
	char *left = malloc(size + 1);
	for (int i = 0; i < n; i++) {
		if (cuts[i].start >= cuts[i].end || cuts[i].end > size ||
		    cuts[i].kind < SUMMARY_CUT_PARENTHESIS || cuts[i].kind > SUMMARY_CUT_OPENER)
			abort();
		memcpy(left, s, cuts[i].start);
		memcpy(left + cuts[i].start, s + cuts[i].end, size - cuts[i].end);
		summary_parses(left, size - (cuts[i].end - cuts[i].start));
	}
	free(left);
	free(s);
	return 0;
}
