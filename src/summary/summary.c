/*
 * summary.c — extractive headline, summary and key points (see summary.h).
 *
 * Sentences are bags of stemmed index terms.  Each term is weighted by its
 * inverse frequency across the story's sentences, so words every sentence
 * shares ("Russia" in a Russia story) count little against the words that
 * carry a particular fact.  The centroid is the sum of the article vectors;
 * a sentence scores its cosine with the centroid, plus a bonus for standing
 * early in its article (news puts the news first).  Sentences that are too
 * short or too long to stand alone, questions, and page furniture ("READ
 * ALSO", "Advertisement", "list of 4 items") never qualify.
 */
#include "summary.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/map.h"
#include "util/sparse.h"

enum { MAX_SENT_PER_DOC = 14, MAX_TERMS = 96 };

typedef struct svec {
	uint64_t h[MAX_TERMS];
	float w[MAX_TERMS];
	int n;
	float norm;
} svec;

typedef struct sent {
	size_t doc;
	size_t index;          /* position in its article */
	const char *text;
	size_t len;
	svec v;
	double score;
	int eligible;
} sent;

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Distinct term hashes of S[0..N) in sorted order; returns the word count. */
static int terms_of(px_textctx *ctx, px_arena *a, const char *s, size_t n,
                    const char *lang, svec *v)
{
	px_text t;
	char *copy = px_arena_strndup(a, s, n);
	px_text_analyze(ctx, a, "", copy, lang, &t);
	v->n = 0;
	for (size_t i = 0; i < t.n_terms && v->n < MAX_TERMS; i++)
		v->h[v->n++] = t.terms[i].hash;
	qsort(v->h, (size_t)v->n, sizeof(uint64_t), cmp_u64);
	return (int)t.n_words;
}

static double cosine(const svec *a, const svec *b)
{
	if (a->norm <= 0 || b->norm <= 0)
		return 0;
	return px_sparse_dot(a->h, a->w, (size_t)a->n, b->h, b->w, (size_t)b->n) /
	       ((double)a->norm * b->norm);
}

/* 0 left, 1 center, 2 right, -1 unrated: the side a lean level is on. */
static int side_of(const char *lean)
{
	if (!lean)
		return -1;
	if (strstr(lean, "left"))
		return 0;
	if (strstr(lean, "right"))
		return 2;
	return strcmp(lean, "center") ? -1 : 1;
}

static int furniture(const char *s, size_t n)
{
	static const char *const marks[] = {
		"READ ALSO", "READ MORE", "Advertisement", "Recommended", "list of ",
		"end of list", "Sign up", "Subscribe", "Click here", "Follow us",
		"All rights reserved", "Copyright", NULL,
	};
	for (int i = 0; marks[i]; i++) {
		size_t k = strlen(marks[i]);
		for (size_t j = 0; j + k <= n; j++)
			if (!strncasecmp(s + j, marks[i], k))
				return 1;
	}
	return 0;
}

void summary_compute(px_textctx *ctx, px_arena *a, const summary_doc *docs,
                     size_t n, summary *out)
{
	memset(out, 0, sizeof(*out));
	if (!n)
		return;
	size_t cap = n * MAX_SENT_PER_DOC + n;
	sent *ss = px_arena_zalloc(a, cap * sizeof(sent));
	svec *titles = px_arena_zalloc(a, n * sizeof(svec));
	size_t ns = 0;
	px_map df;
	px_map_init(&df);
	for (size_t d = 0; d < n; d++) {
		terms_of(ctx, a, docs[d].title, strlen(docs[d].title), docs[d].lang, &titles[d]);
		if (docs[d].is_copy)
			continue;
		for (size_t k = 0; k < docs[d].n_sentences && k < MAX_SENT_PER_DOC; k++) {
			const px_span *sp = &docs[d].sentences[k];
			sent *x = &ss[ns++];
			x->doc = d;
			x->index = k;
			x->text = docs[d].text + sp->start;
			x->len = sp->len;
			int words = terms_of(ctx, a, x->text, x->len, docs[d].lang, &x->v);
			x->eligible = words >= 8 && words <= 60 && x->text[x->len - 1] != '?' &&
			              !furniture(x->text, x->len);
			for (int i = 0; i < x->v.n; i++)
				++*px_map_put(&df, x->v.h[i], NULL);
		}
	}
	/* Weights: inverse frequency over the story's sentences. */
	size_t total = ns ? ns : 1;
	for (size_t i = 0; i < ns + n; i++) {
		svec *v = i < ns ? &ss[i].v : &titles[i - ns];
		double norm = 0;
		for (int k = 0; k < v->n; k++) {
			uint64_t *f = px_map_get(&df, v->h[k]);
			v->w[k] = (float)log(1.0 + (double)total / (double)(f ? *f : 1));
			norm += (double)v->w[k] * v->w[k];
		}
		v->norm = (float)sqrt(norm);
	}
	/* Centroid: the sum of all sentence vectors, cut to its top terms. */
	px_map cmap;
	px_map_init(&cmap);
	for (size_t i = 0; i < ns; i++)
		for (int k = 0; k < ss[i].v.n; k++) {
			uint64_t *slot = px_map_put(&cmap, ss[i].v.h[k], NULL);
			float w;
			memcpy(&w, slot, sizeof(w));
			w += ss[i].v.w[k];
			memcpy(slot, &w, sizeof(w));
		}
	svec *cent = px_arena_zalloc(a, sizeof(svec));
	{
		/* keep the MAX_TERMS heaviest */
		for (size_t i = 0; i < cmap.cap; i++) {
			if (!cmap.keys[i])
				continue;
			float w;
			memcpy(&w, &cmap.vals[i], sizeof(w));
			if (cent->n < MAX_TERMS) {
				cent->h[cent->n] = cmap.keys[i];
				cent->w[cent->n++] = w;
			} else {
				int min = 0;
				for (int k = 1; k < cent->n; k++)
					if (cent->w[k] < cent->w[min])
						min = k;
				if (w > cent->w[min]) {
					cent->h[min] = cmap.keys[i];
					cent->w[min] = w;
				}
			}
		}
		/* sort by hash, carrying weights */
		for (int i = 1; i < cent->n; i++)
			for (int k = i; k > 0 && cent->h[k - 1] > cent->h[k]; k--) {
				uint64_t th = cent->h[k];
				float tw = cent->w[k];
				cent->h[k] = cent->h[k - 1];
				cent->w[k] = cent->w[k - 1];
				cent->h[k - 1] = th;
				cent->w[k - 1] = tw;
			}
		double norm = 0;
		for (int k = 0; k < cent->n; k++)
			norm += (double)cent->w[k] * cent->w[k];
		cent->norm = (float)sqrt(norm);
	}
	px_map_free(&cmap);
	px_map_free(&df);

	/* Headline: the title closest to the centroid (ties: the earliest). */
	size_t best_title = 0;
	double best = -1;
	for (size_t d = 0; d < n; d++) {
		double c = cosine(&titles[d], cent) - (docs[d].is_copy ? 0.01 : 0);
		if (c > best + 1e-9) {
			best = c;
			best_title = d;
		}
	}
	out->headline = docs[best_title].title;

	for (size_t i = 0; i < ns; i++)
		ss[i].score = cosine(&ss[i].v, cent) + 0.15 / (1.0 + (double)ss[i].index);

	/* Summary: the best-scoring eligible lead sentence. */
	sent *lead = NULL;
	for (size_t i = 0; i < ns; i++)
		if (ss[i].eligible && ss[i].index <= 1 &&
		    (!lead || ss[i].score > lead->score))
			lead = &ss[i];
	if (lead)
		out->summary = px_arena_strndup(a, lead->text, lead->len);

	/* Key points: maximal marginal relevance, 3 to 5 of them. */
	enum { MAX_POINTS = 5 };
	sent *pick[MAX_POINTS];
	size_t np = 0;
	while (np < MAX_POINTS) {
		sent *bestp = NULL;
		double bests = -1e9;
		for (size_t i = 0; i < ns; i++) {
			sent *x = &ss[i];
			if (!x->eligible || x == lead)
				continue;
			double red = lead ? cosine(&x->v, &lead->v) : 0;
			int taken = 0;
			for (size_t k = 0; k < np; k++) {
				double c = cosine(&x->v, &pick[k]->v);
				if (pick[k] == x)
					taken = 1;
				if (c > red)
					red = c;
			}
			if (taken)
				continue;
			double mmr = 0.7 * x->score - 0.3 * red;
			if (red < 0.6 && mmr > bests) {
				bests = mmr;
				bestp = x;
			}
		}
		if (!bestp)
			break;
		pick[np++] = bestp;
	}
	/* In the order the story unfolded: article time, then position. */
	for (size_t i = 1; i < np; i++)
		for (size_t k = i; k > 0 && (pick[k - 1]->doc > pick[k]->doc ||
		                             (pick[k - 1]->doc == pick[k]->doc &&
		                              pick[k - 1]->index > pick[k]->index)); k--) {
			sent *t = pick[k];
			pick[k] = pick[k - 1];
			pick[k - 1] = t;
		}
	out->points = px_arena_zalloc(a, (np + 1) * sizeof(px_key_point));
	for (size_t i = 0; i < np; i++) {
		px_key_point *kp = &out->points[i];
		kp->text = px_arena_strndup(a, pick[i]->text, pick[i]->len);
		/* Support: the articles with a sentence close to this point. */
		kp->article_ids = px_arena_alloc(a, (n + 1) * sizeof(int64_t));
		for (size_t d = 0; d < n; d++) {
			int support = d == pick[i]->doc;
			for (size_t k = 0; k < ns && !support; k++)
				support = ss[k].doc == d && cosine(&ss[k].v, &pick[i]->v) >= 0.45;
			if (!support)
				continue;
			kp->article_ids[kp->n_article_ids++] = docs[d].id;
			int side = side_of(docs[d].lean);
			kp->left += side == 0;
			kp->center += side == 1;
			kp->right += side == 2;
		}
	}
	out->n_points = np;
}
