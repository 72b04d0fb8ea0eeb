/*
 * summary.h — a story's headline, one-sentence summary and key points,
 * extractive: every sentence shown is a sentence of one of the story's
 * articles, and each key point lists the articles that carry it.
 *
 * This first summariser ranks sentences by their similarity to the story's
 * centroid (TF-IDF over the story's own sentences) and their position in
 * their article, then picks key points greedily with maximal marginal
 * relevance so that no two say the same thing.  Wire copies are left out:
 * they would count one report several times.
 */
#ifndef PX_SUMMARY_H
#define PX_SUMMARY_H

#include "parallax.h"
#include "text/text.h"
#include "util/arena.h"

typedef struct summary_doc {
	int64_t id;
	const char *title;
	const char *text;
	const px_span *sentences;
	size_t n_sentences;
	const char *lang;
	int64_t published;
	int is_copy;
	const char *lean;       /* the outlet's lean level ("lean-left" ...) or NULL */
	const char *factuality; /* its factuality level ("very-low" ...) or NULL */
} summary_doc;

typedef struct summary {
	const char *headline;
	const char *summary;
	px_key_point *points;
	size_t n_points;
} summary;

/* Summarises DOCS (oldest first) into OUT, allocating in A. */
void summary_compute(px_textctx *ctx, px_arena *a, const summary_doc *docs,
                     size_t n, summary *out);

#endif
