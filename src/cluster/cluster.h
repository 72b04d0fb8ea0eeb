/*
 * cluster.h — online story clustering.
 *
 * Each new article joins the best existing story or starts a new one; the
 * decision is final except that a later article may show that two stories
 * are one event, and then they merge (the absorbed id resolves to the
 * survivor through the store).  Same input in the same order, same stories:
 * there is no randomness, and ties go to the older story.
 *
 * An article is compared with a story through
 *   - its mean TF-IDF cosine with the story's reports (stems; a headline
 *     word counts as several body words), read off the story's centroid,
 *   - the same for entity vectors (people, places, organisations, by
 *     key): within a language optionally (off by default), and in place
 *     of the terms against a story reported in other languages, where
 *     names are what the reports share (see index.c),
 *   - the span the story would reach with the article: an event is
 *     reported within about a day, so the score decays beyond `grace` and
 *     a story can never span more than `window`.
 * The article joins the best story if the score reaches a threshold that
 * rises with the number of stories live at that time (more competitors,
 * more chance that an unrelated one looks similar).
 * Candidate stories come from an inverted index over the stories' top terms
 * and entities, restricted to stories active within the window, so the cost
 * per article depends on how many stories are live, not on the store's size.
 *
 * Every decision is explained: the terms and entities that carried the score
 * and the time gap, as a JSON object kept with the article.
 */
#ifndef PX_CLUSTER_H
#define PX_CLUSTER_H

#include <stddef.h>
#include <stdint.h>

#include "parallax.h"
#include "store/store.h"
#include "text/text.h"

typedef struct cluster_params {
	double threshold;        /* join the best story at or above this score, */
	double threshold_slope;  /* plus this much per e-fold of live stories */
	double merge_threshold;  /* a second story this close is merged in ... */
	double merge_centroid;   /* ... if the two centroids are this similar */
	double entity_weight;    /* share of the score from entities, 0..1 */
	double cross_language;   /* weight of the entity score across languages, 0 off */
	double title_weight;     /* a headline word counts this many body words */
	int64_t window;          /* the longest span a story can reach, seconds */
	int64_t grace;           /* story span (seconds) with no decay */
	double decay;            /* e-folding time of the decay, seconds */
	int article_terms;       /* terms kept per article vector */
	int story_terms;         /* terms kept per story centroid */
	int story_entities;      /* entities kept per story */
} cluster_params;

void cluster_params_default(cluster_params *p);
/* Applies "name=value,name=value" to P; -1 and ERR on an unknown name. */
int cluster_params_parse(cluster_params *p, const char *spec, px_error *err);

typedef struct cluster cluster;

cluster *cluster_new(store *st, const cluster_params *p, px_error *err);
void cluster_free(cluster *c);

typedef struct cluster_result {
	int64_t story_id;
	double score;            /* 0 for a new story */
	int64_t merged;          /* a story absorbed into story_id, or 0 */
	const char *explain;     /* JSON, in the arena passed to cluster_add */
} cluster_result;

/*
 * Adds analysed article T (published at PUBLISHED) to
 * the best story, a new story, or — when COPY_OF_STORY is not 0 — to the
 * story of the article it copies, without changing that story's centroid
 * (a wire copy is not a second report).  Records the story in the store.
 */
int cluster_add(cluster *c, const px_text *t, int64_t published,
                int64_t copy_of_story, px_arena *a,
                cluster_result *res, px_error *err);

/* Writes changed stories and term statistics (inside the caller's batch). */
int cluster_flush(cluster *c, px_error *err);
/* Forgets unsaved state after a failed commit; reloads from the store. */
void cluster_reset(cluster *c);
size_t cluster_bytes(const cluster *c);
size_t cluster_live_stories(const cluster *c);

#endif
