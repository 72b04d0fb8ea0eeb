/*
 * coverage.h — what a story's article list says about its coverage:
 * how many outlets, how many independent reports (wire copies folded into
 * their original), who reported first and when, when it last changed.
 * The outlets-and-ratings issue adds lean, factuality and ownership
 * distributions here, from the same article list.
 */
#ifndef PX_COVERAGE_H
#define PX_COVERAGE_H

#include "parallax.h"

/* Fills C from ARTS[0..N), oldest first. */
void coverage_compute(const px_story_article *arts, size_t n, px_coverage *c);

#endif
