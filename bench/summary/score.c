/*
 * score.c — the ROUGE scorer the summary bench (summary.py) calls: one
 * reference/candidate pair a line in, one line of scores out.
 *
 *   score [--stem] [FILE]     lines "REFERENCE<TAB>CANDIDATE" (FILE or stdin)
 *   score --selftest          the README's worked examples (rouge.c)
 *
 * Each output line holds twelve numbers, tab-separated, for the pair on the
 * same input line: P R F1 of ROUGE-1, ROUGE-2, ROUGE-L and ROUGE-SU4, as
 * fractions (not ×100).  Tabs and line breaks carry no meaning to the
 * tokeniser, so a writer replaces those inside a text by spaces.  Averages
 * are the caller's: this program scores pairs and nothing else.
 */
#include "rouge.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put(rouge_prf s)
{
	printf("%.6f\t%.6f\t%.6f", s.p, s.r, s.f);
}

int main(int argc, char **argv)
{
	int stem = 0;
	const char *path = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--selftest")) {
			int failed = rouge_selftest(stdout);
			printf("%s\n", failed ? "selftest FAILED" : "selftest passed");
			return failed ? 1 : 0;
		} else if (!strcmp(argv[i], "--stem")) {
			stem = 1;
		} else if (argv[i][0] == '-' && argv[i][1]) {
			fprintf(stderr, "usage: score [--stem] [FILE] | score --selftest\n");
			return 2;
		} else {
			path = argv[i];
		}
	}
	FILE *in = path && strcmp(path, "-") ? fopen(path, "r") : stdin;
	if (!in) {
		perror(path);
		return 1;
	}
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	long lineno = 0;
	while ((len = getline(&line, &cap, in)) >= 0) {
		lineno++;
		char *tab = strchr(line, '\t');
		if (!tab) {
			fprintf(stderr, "%s: line %ld: no tab between reference and candidate\n",
			        path ? path : "stdin", lineno);
			return 1;
		}
		*tab = 0;
		rouge_tokens ref, cand;
		if (rouge_tokenize(line, stem, &ref) || rouge_tokenize(tab + 1, stem, &cand))
			return 1;
		rouge_scores s = rouge_score(&ref, &cand);
		put(s.r1);
		putchar('\t');
		put(s.r2);
		putchar('\t');
		put(s.rl);
		putchar('\t');
		put(s.su4);
		putchar('\n');
		rouge_tokens_free(&ref);
		rouge_tokens_free(&cand);
	}
	free(line);
	if (in != stdin)
		fclose(in);
	return 0;
}
