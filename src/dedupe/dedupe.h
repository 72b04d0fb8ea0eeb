/*
 * dedupe.h — wire copies: which earlier article does this one reprint?
 *
 * An article that reprints another (an AP or Reuters story under a new
 * headline, with its tail trimmed or a local paragraph added) is a copy of
 * the earliest article of its group, so a story can count its independent
 * reports.  Detection compares MinHash signatures of word 5-shingles of the
 * body; candidates come from an LSH index over recent articles, so the cost
 * per article does not grow with the store.
 *
 * Precision comes first: an article is a copy only when most of the shorter
 * text's shingles are in the other (containment >= 0.7) and the two texts
 * overlap substantially overall (Jaccard >= 0.3).  Two reports of one press
 * conference that quote the same sentences share a few dozen shingles out of
 * hundreds and are not copies.  Texts under 20 shingles (teasers) are never
 * judged: there is too little to tell a reprint from a shared quote.
 */
#ifndef PX_DEDUPE_H
#define PX_DEDUPE_H

#include <stddef.h>
#include <stdint.h>

#include "parallax.h"
#include "store/store.h"

#define PX_MINHASH 64

typedef struct px_signature {
	uint32_t min[PX_MINHASH];
	uint32_t n_shingles;
} px_signature;

/* MinHash of the shingle hashes S[0..N). */
void px_signature_compute(const uint64_t *s, size_t n, px_signature *out);
/* Serialised form for the store (little-endian), and back; 0 if malformed. */
size_t px_signature_pack(const px_signature *sig, unsigned char *buf, size_t size);
int px_signature_unpack(const void *buf, size_t len, px_signature *out);
/* Estimated Jaccard similarity and containment of the smaller in the larger. */
double px_signature_jaccard(const px_signature *a, const px_signature *b);
double px_signature_containment(const px_signature *a, const px_signature *b);
/* 1 when one of the two texts reprints the other: both long enough to
 * judge (20 shingles), containment >= 0.7 and Jaccard >= 0.3 (the rule
 * dedupe_find applies). */
int px_signature_copies(const px_signature *a, const px_signature *b);

typedef struct dedupe dedupe;

typedef struct dedupe_match {
	int64_t article_id;   /* the most similar earlier article */
	int64_t root;         /* the original of its group (the earliest) */
	int64_t story_id;
	int64_t published;
	double containment, jaccard;
} dedupe_match;

/* Articles within WINDOW seconds of each other are compared (0: 3 days). */
dedupe *dedupe_new(store *st, int64_t window);
void dedupe_free(dedupe *d);

/*
 * Looks for an article that SIG copies or that copies SIG.  Returns 1 and
 * fills M when one is found, 0 when none, or a negative px_status when
 * loading recent signatures from the store failed.
 */
int dedupe_find(dedupe *d, const px_signature *sig, int64_t published,
                dedupe_match *m, px_error *err);
/* Adds a stored article; ROOT is its original (itself when independent). */
void dedupe_add(dedupe *d, int64_t article_id, int64_t published, int64_t root,
                int64_t story_id, const px_signature *sig);
/* Repoints every article of group OLD_ROOT at NEW_ROOT (and the story). */
void dedupe_reroot(dedupe *d, int64_t old_root, int64_t new_root);
/* Forgets everything (after a failed commit); reloads from the store lazily. */
void dedupe_reset(dedupe *d);
size_t dedupe_bytes(const dedupe *d);

#endif
