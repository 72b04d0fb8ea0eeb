/*
 * rouge.c — ROUGE as ../shared/data/summaries/README.md defines it, which
 * is ROUGE-1.5.5 without stopword removal or length limit, one reference.
 *
 * Words are interned once into a process-wide table (open addressing on
 * an FNV-1a hash), so a text becomes an array of 32-bit ids and everything
 * after tokenising compares integers.  An n-gram multiset is an array of
 * 64-bit keys — a unigram is (id, ~0), a pair (a, b) — sorted; the overlap
 * sum over keys of min(count in ref, count in cand) is then one merge of
 * the two sorted arrays.  ROUGE-L is the textbook dynamic programme over
 * two rows as long as the shorter text.
 *
 * Stemming (the Multi-News track, ROUGE-1.5.5's -m): tokens longer than 3
 * characters become their Porter (1980) stem, by libstemmer's "porter"
 * algorithm (Snowball's rendering of the original).  ROUGE-1.5.5 first
 * looks a token up in the WordNet 2.0 exception lists it ships
 * ("abetted abet"); those lists are not available offline, so stemmed
 * figures here are "Porter only".  Each word's stem is computed once and
 * kept in its table entry.
 */
#include "rouge.h"

#include <libstemmer.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- the word table ---- */

#define NO_ID UINT32_MAX

typedef struct {
	char *word;
	uint32_t stem; /* id of the stem, NO_ID until first needed */
} entry;

static entry *entries;
static size_t n_entries, cap_entries;
static uint32_t *slots; /* id + 1, 0 = empty */
static size_t n_slots;
static struct sb_stemmer *porter;

static void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p) {
		fprintf(stderr, "rouge: out of memory\n");
		exit(2);
	}
	return p;
}

static uint64_t fnv1a(const char *s, size_t n)
{
	uint64_t h = 1469598103934665603ull;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
	return h;
}

static void table_grow(void)
{
	size_t n = n_slots ? n_slots * 2 : 1024;
	uint32_t *s = calloc(n, sizeof(*s));
	if (!s) {
		fprintf(stderr, "rouge: out of memory\n");
		exit(2);
	}
	for (size_t id = 0; id < n_entries; id++) {
		size_t i = fnv1a(entries[id].word, strlen(entries[id].word)) & (n - 1);
		while (s[i])
			i = (i + 1) & (n - 1);
		s[i] = (uint32_t)id + 1;
	}
	free(slots);
	slots = s;
	n_slots = n;
}

/* The id of the N bytes at W, added to the table if new. */
static uint32_t intern(const char *w, size_t n)
{
	if (2 * (n_entries + 1) > n_slots)
		table_grow();
	size_t i = fnv1a(w, n) & (n_slots - 1);
	for (; slots[i]; i = (i + 1) & (n_slots - 1)) {
		const char *e = entries[slots[i] - 1].word;
		if (!strncmp(e, w, n) && e[n] == 0)
			return slots[i] - 1;
	}
	if (n_entries == cap_entries) {
		cap_entries = cap_entries ? cap_entries * 2 : 1024;
		entries = xrealloc(entries, cap_entries * sizeof(*entries));
	}
	char *copy = xrealloc(NULL, n + 1);
	memcpy(copy, w, n);
	copy[n] = 0;
	entries[n_entries] = (entry){ copy, NO_ID };
	slots[i] = (uint32_t)n_entries + 1;
	return (uint32_t)n_entries++;
}

const char *rouge_word(uint32_t id)
{
	return id < n_entries ? entries[id].word : "";
}

/* The id of ID's stem: the word itself for 1-3 characters. */
static uint32_t stem_of(uint32_t id)
{
	if (entries[id].stem != NO_ID)
		return entries[id].stem;
	size_t n = strlen(entries[id].word);
	uint32_t s = id;
	if (n > 3) {
		const sb_symbol *r = sb_stemmer_stem(porter, (const sb_symbol *)entries[id].word, (int)n);
		if (r) /* NULL only when libstemmer runs out of memory: keep the word */
			s = intern((const char *)r, (size_t)sb_stemmer_length(porter));
	}
	entries[id].stem = s; /* entries may have moved in intern() */
	return s;
}

/* ---- tokens ---- */

int rouge_tokenize(const char *text, int stem, rouge_tokens *out)
{
	if (stem && !porter && !(porter = sb_stemmer_new("porter", NULL))) {
		fprintf(stderr, "rouge: libstemmer has no \"porter\" stemmer\n");
		return -1;
	}
	size_t cap = 64, n = 0, len = strlen(text);
	uint32_t *id = xrealloc(NULL, cap * sizeof(*id));
	char *buf = xrealloc(NULL, len + 1);
	for (size_t i = 0; i < len;) {
		size_t k = 0;
		for (; i < len; i++) {
			char c = text[i];
			if (c >= 'A' && c <= 'Z')
				c = (char)(c - 'A' + 'a');
			if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')))
				break;
			buf[k++] = c;
		}
		if (k) {
			if (n == cap)
				id = xrealloc(id, (cap *= 2) * sizeof(*id));
			uint32_t t = intern(buf, k);
			id[n++] = stem ? stem_of(t) : t;
		} else {
			i++;
		}
	}
	free(buf);
	out->id = id;
	out->n = n;
	return 0;
}

void rouge_tokens_free(rouge_tokens *t)
{
	free(t->id);
	t->id = NULL;
	t->n = 0;
}

/* ---- n-gram multisets ---- */

#define UNIGRAM(a) (((uint64_t)(a) << 32) | 0xFFFFFFFFu)
#define PAIR(a, b) (((uint64_t)(a) << 32) | (uint64_t)(b))

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return (x > y) - (x < y);
}

/* Sum over keys of min(count in A, count in B); A and B sorted. */
static size_t overlap(const uint64_t *a, size_t na, const uint64_t *b, size_t nb)
{
	size_t i = 0, j = 0, m = 0;
	while (i < na && j < nb) {
		if (a[i] == b[j]) {
			m++;
			i++;
			j++;
		} else if (a[i] < b[j]) {
			i++;
		} else {
			j++;
		}
	}
	return m;
}

/* P = m / cand units, R = m / ref units, all 0 when m = 0. */
static rouge_prf prf(size_t m, size_t n_cand, size_t n_ref)
{
	rouge_prf s = { 0, 0, 0 };
	if (m == 0 || n_cand == 0 || n_ref == 0)
		return s;
	s.p = (double)m / (double)n_cand;
	s.r = (double)m / (double)n_ref;
	s.f = 2 * s.p * s.r / (s.p + s.r);
	return s;
}

/* The sorted keys of T's n-grams (n = 1, 2), or with SU4 its SU4 units. */
static uint64_t *units(const rouge_tokens *t, int n, int su4, size_t *count)
{
	size_t k = 0;
	uint64_t *u = xrealloc(NULL, (t->n * (su4 ? 6 : 1) + 1) * sizeof(*u));
	if (su4) {
		for (size_t i = 0; i < t->n; i++) {
			if (i + 1 < t->n) /* every token but the last */
				u[k++] = UNIGRAM(t->id[i]);
			for (size_t j = i + 1; j < t->n && j <= i + 5; j++)
				u[k++] = PAIR(t->id[i], t->id[j]);
		}
	} else if (n == 1) {
		for (size_t i = 0; i < t->n; i++)
			u[k++] = UNIGRAM(t->id[i]);
	} else {
		for (size_t i = 0; i + 1 < t->n; i++)
			u[k++] = PAIR(t->id[i], t->id[i + 1]);
	}
	qsort(u, k, sizeof(*u), cmp_u64);
	*count = k;
	return u;
}

static rouge_prf unit_overlap(const rouge_tokens *ref, const rouge_tokens *cand, int n, int su4)
{
	size_t nr, nc;
	uint64_t *r = units(ref, n, su4, &nr), *c = units(cand, n, su4, &nc);
	rouge_prf s = prf(overlap(r, nr, c, nc), nc, nr);
	free(r);
	free(c);
	return s;
}

rouge_prf rouge_n(const rouge_tokens *ref, const rouge_tokens *cand, int n)
{
	return unit_overlap(ref, cand, n, 0);
}

rouge_prf rouge_su4(const rouge_tokens *ref, const rouge_tokens *cand)
{
	return unit_overlap(ref, cand, 0, 1);
}

/* ---- longest common subsequence ---- */

rouge_prf rouge_l(const rouge_tokens *ref, const rouge_tokens *cand)
{
	/* Rows run over the shorter text; the longer one drives the loop. */
	const rouge_tokens *lo = ref->n <= cand->n ? ref : cand;
	const rouge_tokens *hi = lo == ref ? cand : ref;
	size_t *prev = xrealloc(NULL, (lo->n + 1) * sizeof(*prev));
	size_t *cur = xrealloc(NULL, (lo->n + 1) * sizeof(*cur));
	memset(prev, 0, (lo->n + 1) * sizeof(*prev));
	cur[0] = 0;
	for (size_t i = 0; i < hi->n; i++) {
		for (size_t j = 0; j < lo->n; j++) {
			if (hi->id[i] == lo->id[j])
				cur[j + 1] = prev[j] + 1;
			else
				cur[j + 1] = prev[j + 1] > cur[j] ? prev[j + 1] : cur[j];
		}
		size_t *t = prev;
		prev = cur;
		cur = t;
	}
	size_t lcs = prev[lo->n];
	free(prev);
	free(cur);
	return prf(lcs, cand->n, ref->n);
}

rouge_scores rouge_score(const rouge_tokens *ref, const rouge_tokens *cand)
{
	rouge_scores s;
	s.r1 = rouge_n(ref, cand, 1);
	s.r2 = rouge_n(ref, cand, 2);
	s.rl = rouge_l(ref, cand);
	s.su4 = rouge_su4(ref, cand);
	return s;
}

/* ---- the README's worked examples ---- */

static int check(FILE *log, const char *what, rouge_prf got, double p, double r, double f)
{
	/* "to 4 decimals": the README prints values rounded to 4 places */
	int ok = fabs(got.p - p) < 5e-5 && fabs(got.r - r) < 5e-5 && fabs(got.f - f) < 5e-5;
	if (log)
		fprintf(log, "%s  %s: %.4f / %.4f / %.4f (README %.4f / %.4f / %.4f)\n",
		        ok ? "ok  " : "FAIL", what, got.p, got.r, got.f, p, r, f);
	return !ok;
}

int rouge_selftest(FILE *log)
{
	int failed = 0;
	rouge_tokens ref, cand;
	rouge_scores s;

	rouge_tokenize("The cat sat on the mat.", 0, &ref);
	rouge_tokenize("The cat is on the mat", 0, &cand);
	s = rouge_score(&ref, &cand);
	failed += check(log, "cat/mat R1", s.r1, 0.8333, 0.8333, 0.8333);
	failed += check(log, "cat/mat R2", s.r2, 0.6, 0.6, 0.6);
	failed += check(log, "cat/mat RL", s.rl, 0.8333, 0.8333, 0.8333);
	failed += check(log, "cat/mat SU4", s.su4, 0.7, 0.7, 0.7);
	rouge_tokens_free(&ref);
	rouge_tokens_free(&cand);

	rouge_tokenize("U.S.-backed forces retake the city of Raqqa.", 0, &ref);
	rouge_tokenize("US backed forces retook Raqqa city", 0, &cand);
	static const char *want[] = { "u", "s", "backed", "forces", "retake", "the", "city", "of", "raqqa" };
	int tok_ok = ref.n == 9;
	for (size_t i = 0; tok_ok && i < ref.n; i++)
		tok_ok = !strcmp(rouge_word(ref.id[i]), want[i]);
	if (log)
		fprintf(log, "%s  Raqqa reference tokens: u s backed forces retake the city of raqqa\n",
		        tok_ok ? "ok  " : "FAIL");
	failed += !tok_ok;
	s = rouge_score(&ref, &cand);
	failed += check(log, "Raqqa R1", s.r1, 0.6667, 0.4444, 0.5333);
	failed += check(log, "Raqqa R2", s.r2, 0.2, 0.125, 0.1538);
	failed += check(log, "Raqqa RL", s.rl, 0.5, 0.3333, 0.4);
	failed += check(log, "Raqqa SU4", s.su4, 0.3, 0.1579, 0.2069);
	rouge_tokens_free(&ref);
	rouge_tokens_free(&cand);
	return failed;
}
