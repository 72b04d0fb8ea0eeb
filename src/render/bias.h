/*
 * bias.h — a lean distribution as the story pages word it (render.c's text
 * and JSON, html.c's page): each side's share of the rated reports, and
 * the Ground News sentence for the largest side ("55% of the sources lean
 * Left").  One rule, so every output says the same.
 */
#ifndef PX_RENDER_BIAS_H
#define PX_RENDER_BIAS_H

#include <stddef.h>

#include "parallax.h"

typedef struct render_bias {
	int pct[3];             /* left, center, right; rounded, of rated */
	int rated;
	int top;                /* index of the largest side */
	const char *side;       /* "Left", "Center", "Right"; NULL if none rated */
	const char *phrase;     /* "lean Left", "are Center", "lean Right" */
} render_bias;

/* Fills B from C's side counts; the largest side's tie goes to Center,
 * then Left.  B->side is NULL when no report is rated. */
void render_bias_of(const px_lean_counts *c, render_bias *b);

/* "55% of the sources lean Left" into BUF; NULL (BUF untouched) when
 * nothing is rated. */
const char *render_bias_line(const render_bias *b, char *buf, size_t size);

#endif
