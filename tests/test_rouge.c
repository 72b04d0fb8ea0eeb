/* test_rouge.c — the summary bench's ROUGE scorer (bench/summary/rouge.c):
 * the shared data README's two worked examples to 4 decimals, and the
 * edges of its definition on texts written for these tests. */
#include "testutil.h"

#include "rouge.h"

#include <math.h>

static rouge_scores score(const char *ref, const char *cand, int stem)
{
	rouge_tokens r, c;
	assert_int_equal(rouge_tokenize(ref, stem, &r), 0);
	assert_int_equal(rouge_tokenize(cand, stem, &c), 0);
	rouge_scores s = rouge_score(&r, &c);
	rouge_tokens_free(&r);
	rouge_tokens_free(&c);
	return s;
}

static void near(double got, double want)
{
	if (fabs(got - want) >= 5e-5)
		fail_msg("%.6f, expected %.4f", got, want);
}

static void readme_worked_examples(void **state)
{
	(void)state;
	assert_int_equal(rouge_selftest(NULL), 0);
	/* and once more here, so a failure names the figure */
	rouge_scores s = score("U.S.-backed forces retake the city of Raqqa.",
	                       "US backed forces retook Raqqa city", 0);
	near(s.r1.p, 0.6667), near(s.r1.r, 0.4444), near(s.r1.f, 0.5333);
	near(s.r2.p, 0.2), near(s.r2.r, 0.125), near(s.r2.f, 0.1538);
	near(s.rl.p, 0.5), near(s.rl.r, 0.3333), near(s.rl.f, 0.4);
	near(s.su4.p, 0.3), near(s.su4.r, 0.1579), near(s.su4.f, 0.2069);
	s = score("The cat sat on the mat.", "The cat is on the mat", 0);
	near(s.r1.f, 0.8333), near(s.r2.f, 0.6), near(s.rl.f, 0.8333), near(s.su4.f, 0.7);
}

static void tokens_are_ascii_alnum_runs(void **state)
{
	(void)state;
	rouge_tokens t;
	/* hyphen, apostrophe, non-ASCII letters and digits' punctuation split */
	rouge_tokenize("Zürich's COVID-19 rate: 3.5%\n\tnaïve", 0, &t);
	const char *want[] = { "z", "rich", "s", "covid", "19", "rate", "3", "5", "na", "ve" };
	assert_int_equal(t.n, 10);
	for (size_t i = 0; i < t.n; i++)
		assert_string_equal(rouge_word(t.id[i]), want[i]);
	rouge_tokens_free(&t);
	rouge_tokenize(" -- ... ", 0, &t);
	assert_int_equal(t.n, 0);
	rouge_tokens_free(&t);
}

static void counts_are_clipped_multisets(void **state)
{
	(void)state;
	/* cand says "the" four times, ref twice: 2 of 4 unigrams match */
	rouge_scores s = score("the cat the dog", "the the the the", 0);
	near(s.r1.p, 0.5), near(s.r1.r, 0.5);
	/* bigram "the the" is not in the ref */
	near(s.r2.f, 0);
}

static void empty_and_disjoint_score_zero(void **state)
{
	(void)state;
	rouge_scores s = score("a b c", "", 0);
	near(s.r1.f, 0), near(s.rl.f, 0), near(s.su4.f, 0);
	s = score("", "a b c", 0);
	near(s.r1.p, 0), near(s.r2.p, 0);
	s = score("a b c", "d e f", 0);
	near(s.r1.p, 0), near(s.r1.r, 0), near(s.rl.f, 0);
	/* one token: no bigram, and SU4 drops the last (only) unigram */
	s = score("word", "word", 0);
	near(s.r1.f, 1), near(s.r2.f, 0), near(s.su4.f, 0), near(s.rl.f, 1);
}

static void lcs_either_way_round(void **state)
{
	(void)state;
	/* LCS of "a b c d e f g" and "x b d y f" is b d f: 3 */
	rouge_scores s = score("a b c d e f g", "x b d y f", 0);
	near(s.rl.p, 3.0 / 5), near(s.rl.r, 3.0 / 7);
	s = score("x b d y f", "a b c d e f g", 0);
	near(s.rl.p, 3.0 / 7), near(s.rl.r, 3.0 / 5);
	/* skip-bigrams reach 4 tokens in between, not 5 */
	s = score("a 1 2 3 4 b", "a b", 0);   /* (a, b) is 5 apart: a unit */
	near(s.su4.p, 1);                      /* cand units: "a", (a, b) */
	s = score("a 1 2 3 4 5 b", "a b", 0); /* 6 apart: not */
	near(s.su4.p, 1.0 / 2);                /* only the unigram "a" */
	near(s.su4.r, 1.0 / (6 + 5 + 5 + 4 + 3 + 2 + 1));
}

static void porter_stems_long_tokens_only(void **state)
{
	(void)state;
	rouge_tokens t;
	rouge_tokenize("Running ponies ran caresses was generalization", 1, &t);
	const char *want[] = { "run", "poni", "ran", "caress", "was", "gener" };
	assert_int_equal(t.n, 6);
	for (size_t i = 0; i < t.n; i++)
		assert_string_equal(rouge_word(t.id[i]), want[i]);
	rouge_tokens_free(&t);
	/* "runs" and "running" meet at "run" */
	rouge_scores s = score("he runs", "he running", 1);
	near(s.r1.f, 1);
	s = score("he runs", "he running", 0);
	near(s.r1.f, 0.5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(readme_worked_examples),
		cmocka_unit_test(tokens_are_ascii_alnum_runs),
		cmocka_unit_test(counts_are_clipped_multisets),
		cmocka_unit_test(empty_and_disjoint_score_zero),
		cmocka_unit_test(lcs_either_way_round),
		cmocka_unit_test(porter_stems_long_tokens_only),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
