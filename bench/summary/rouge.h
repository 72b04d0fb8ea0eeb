/* rouge.h — ROUGE-1, ROUGE-2, ROUGE-L and ROUGE-SU4 of one candidate
 * against one reference, as ../shared/data/summaries/README.md defines
 * them ("ROUGE as used below"): ROUGE-1.5.5 without stopword removal or
 * length limit, with or without stemming (Porter only; see rouge.c).
 *
 * A caller may rely on:
 *   - texts are tokenised once into ids (rouge_tokenize); the same word
 *     gets the same id for the life of the process, so any two token
 *     lists can be scored against each other;
 *   - every score is 0 when the overlap is 0 or a side has no unit;
 *   - nothing here keeps a pointer to the caller's text. */
#ifndef PX_BENCH_ROUGE_H
#define PX_BENCH_ROUGE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* A text as the ids of its tokens, in order; malloc'd. */
typedef struct {
	uint32_t *id;
	size_t n;
} rouge_tokens;

typedef struct {
	double p, r, f;
} rouge_prf;

typedef struct {
	rouge_prf r1, r2, rl, su4;
} rouge_scores;

/* TEXT (NUL-terminated, any bytes) as tokens: ASCII letters lowered, the
 * maximal runs of [a-z0-9]; with STEM, every token longer than 3
 * characters replaced by its Porter (1980) stem (libstemmer's "porter").
 * Returns 0, or -1 when the stemmer cannot be created (the message on
 * stderr).  Free with rouge_tokens_free. */
int rouge_tokenize(const char *text, int stem, rouge_tokens *out);
void rouge_tokens_free(rouge_tokens *t);

/* The word behind an id (for dumps and tests). */
const char *rouge_word(uint32_t id);

/* ROUGE-N (N = 1 or 2): the n-gram multiset overlap. */
rouge_prf rouge_n(const rouge_tokens *ref, const rouge_tokens *cand, int n);
/* ROUGE-L: the longest common subsequence, O(n·m) time, O(min(n, m))
 * memory. */
rouge_prf rouge_l(const rouge_tokens *ref, const rouge_tokens *cand);
/* ROUGE-SU4: unigrams of every token but the last (ROUGE-1.5.5's quirk)
 * plus the skip-bigrams at most 4 tokens apart. */
rouge_prf rouge_su4(const rouge_tokens *ref, const rouge_tokens *cand);
/* All four. */
rouge_scores rouge_score(const rouge_tokens *ref, const rouge_tokens *cand);

/* The README's two worked examples, each figure to 4 decimals; one line a
 * check on LOG (may be NULL).  Returns the number of failed checks. */
int rouge_selftest(FILE *log);

#endif
