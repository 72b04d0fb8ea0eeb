/*
 * coverage.h — what a story's article list says about its coverage:
 * how many outlets, how many independent reports (wire copies folded into
 * their original), who reported first and when, when it last changed; and
 * from each article's outlet ratings (filled in by the caller), the lean
 * distribution over all articles and over independent reports, the
 * factuality and the ownership distributions.
 */
#ifndef PX_COVERAGE_H
#define PX_COVERAGE_H

#include "parallax.h"

/* Fills C from ARTS[0..N), oldest first. */
void coverage_compute(const px_story_article *arts, size_t n, px_coverage *c);

#endif
