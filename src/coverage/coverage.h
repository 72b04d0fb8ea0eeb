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

/* A lean level's index (0 far-left .. 6 far-right), -1 for NULL or an
 * unknown name; and N reports of level index LEVEL (-1: unrated) counted
 * into C, as coverage_compute counts them. */
int coverage_lean_index(const char *level);
void coverage_add_lean(px_lean_counts *c, int level, int n);

/*
 * Blindspots.  A story is a blindspot for a side (Left or Right) when that
 * side barely covers it while the other side covers it at least as much as
 * it covers the news in general:
 *   share(S)     <= FACTOR x baseline(S), and
 *   share(other) >= baseline(other),
 * where share is a side's part of the story's rated independent reports
 * (wire copies fold into their original) and baseline its part of all
 * rated independent reports of the stories in the same window.  Only
 * stories with at least MIN_RATED rated independent reports qualify: with
 * fewer, one missing report decides.  Defaults: factor 1/3, min_rated 5.
 * Returns "left", "right" or NULL.
 */
const char *coverage_blindspot(const px_lean_counts *story, const px_lean_counts *baseline,
                               double factor, int min_rated);

#endif
