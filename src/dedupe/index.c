/*
 * index.c — the LSH index of recent articles' signatures.
 *
 * The 64 minima of a signature form 16 bands of 4; two articles become
 * candidates when any band is equal, which happens with probability
 * 1 - (1 - J^4)^16: 0.64 at Jaccard 0.5, 0.99 at 0.7, 0.08 at 0.25.  Each
 * band value keys a chain of entries (px_map from band hash to the newest
 * entry, entries linking to older ones), so a lookup touches only articles
 * that share a band.
 *
 * The index covers a time range around the articles seen so far.  When an
 * article falls outside it, the missing part is loaded from the store, so a
 * new process, or an ingest of older files, sees the same candidates as one
 * long run.  Entries older than twice the window behind the newest article
 * are dropped when the index is rebuilt, which bounds its memory by the
 * number of articles in a few days, not in the store.
 */
#include "dedupe.h"

#include <stdlib.h>
#include <string.h>

#include "util/hash.h"
#include "util/map.h"

enum { BANDS = 16, ROWS = PX_MINHASH / BANDS };

typedef struct entry {
	int64_t article_id, published, root, story_id;
	px_signature sig;
	int32_t next[BANDS];  /* older entry with the same band value, or -1 */
} entry;

struct dedupe {
	store *st;
	int64_t window;
	entry *e;
	size_t n, cap;
	px_map bands;        /* band hash -> newest entry index + 1 */
	px_map by_article;   /* article id -> entry index + 1 */
	int loaded;
	int64_t lo, hi;      /* published range loaded from the store */
	int64_t newest;
	int64_t purged_at;
};

static uint64_t band_key(const px_signature *s, int b)
{
	uint32_t v[ROWS + 1];
	memcpy(v, s->min + b * ROWS, ROWS * sizeof(uint32_t));
	v[ROWS] = (uint32_t)b;
	return px_hash64(v, sizeof(v));
}

dedupe *dedupe_new(store *st, int64_t window)
{
	dedupe *d = px_xcalloc(1, sizeof(*d));
	d->st = st;
	d->window = window > 0 ? window : 3 * 86400;
	px_map_init(&d->bands);
	px_map_init(&d->by_article);
	return d;
}

void dedupe_reset(dedupe *d)
{
	free(d->e);
	d->e = NULL;
	d->n = d->cap = 0;
	px_map_free(&d->bands);
	px_map_free(&d->by_article);
	d->loaded = 0;
}

void dedupe_free(dedupe *d)
{
	if (!d)
		return;
	dedupe_reset(d);
	free(d);
}

static void insert(dedupe *d, int64_t id, int64_t published, int64_t root,
                   int64_t story, const px_signature *sig)
{
	int added;
	uint64_t *slot = px_map_put(&d->by_article, (uint64_t)id, &added);
	if (!added)
		return;
	if (d->n == d->cap) {
		d->cap = d->cap ? d->cap * 2 : 256;
		d->e = px_xrealloc(d->e, d->cap * sizeof(entry));
	}
	size_t i = d->n++;
	*slot = i + 1;
	entry *x = &d->e[i];
	x->article_id = id;
	x->published = published;
	x->root = root ? root : id;
	x->story_id = story;
	x->sig = *sig;
	for (int b = 0; b < BANDS; b++) {
		uint64_t *head = px_map_put(&d->bands, band_key(sig, b), NULL);
		x->next[b] = (int32_t)*head - 1;
		*head = i + 1;
	}
	if (published > d->newest)
		d->newest = published;
}

/* Drops entries far behind the newest article by rebuilding the index. */
static void purge(dedupe *d)
{
	int64_t keep_from = d->newest - 2 * d->window;
	size_t old_n = d->n;
	entry *old = d->e;
	d->e = NULL;
	d->n = d->cap = 0;
	px_map_free(&d->bands);
	px_map_free(&d->by_article);
	for (size_t i = 0; i < old_n; i++)
		if (old[i].published >= keep_from)
			insert(d, old[i].article_id, old[i].published, old[i].root,
			       old[i].story_id, &old[i].sig);
	free(old);
	if (d->lo < keep_from)
		d->lo = keep_from;
	d->purged_at = d->newest;
}

static int load_cb(void *ctx, const store_signature *s)
{
	dedupe *d = ctx;
	px_signature sig;
	if (px_signature_unpack(s->blob, s->len, &sig))
		insert(d, s->article_id, s->published, s->copy_of, s->story_id, &sig);
	return 0;
}

/* Makes sure every stored article published within the window of T is in. */
static int cover(dedupe *d, int64_t t, px_error *err)
{
	int64_t from = t - d->window, to = t + d->window;
	if (!d->loaded) {
		d->loaded = 1;
		d->lo = from;
		d->hi = to;
		return store_signatures_between(d->st, from, to, load_cb, d, err);
	}
	if (from < d->lo) {
		int rc = store_signatures_between(d->st, from, d->lo - 1, load_cb, d, err);
		if (rc < 0)
			return rc;
		d->lo = from;
	}
	if (to > d->hi) {
		int rc = store_signatures_between(d->st, d->hi + 1, to, load_cb, d, err);
		if (rc < 0)
			return rc;
		d->hi = to;
	}
	return 0;
}

int dedupe_find(dedupe *d, const px_signature *sig, int64_t published,
                dedupe_match *m, px_error *err)
{
	if (sig->n_shingles < 20)
		return 0;
	if (d->newest - d->purged_at > 4 * d->window)
		purge(d);
	int rc = cover(d, published, err);
	if (rc < 0)
		return rc;
	int found = 0;
	px_map seen;
	px_map_init(&seen);
	for (int b = 0; b < BANDS; b++) {
		uint64_t *head = px_map_get(&d->bands, band_key(sig, b));
		for (int32_t i = head ? (int32_t)*head - 1 : -1; i >= 0; i = d->e[i].next[b]) {
			entry *x = &d->e[i];
			int added;
			px_map_put(&seen, (uint64_t)i + 1, &added);
			if (!added || x->sig.n_shingles < 20)
				continue;
			int64_t gap = x->published - published;
			if (gap > d->window || -gap > d->window)
				continue;
			double j = px_signature_jaccard(sig, &x->sig);
			double c = px_signature_containment(sig, &x->sig);
			if (j < 0.3 || c < 0.7)
				continue;
			/* Best: highest containment, then the earliest article. */
			if (!found || c > m->containment ||
			    (c == m->containment && x->published < m->published)) {
				*m = (dedupe_match){ x->article_id, x->root, x->story_id,
				                     x->published, c, j };
				found = 1;
			}
		}
	}
	px_map_free(&seen);
	if (found) {
		/* Report the group's original, not just the nearest member. */
		uint64_t *r = px_map_get(&d->by_article, (uint64_t)m->root);
		if (r)
			m->published = d->e[*r - 1].published;
	}
	return found;
}

void dedupe_add(dedupe *d, int64_t article_id, int64_t published, int64_t root,
                int64_t story_id, const px_signature *sig)
{
	if (sig->n_shingles < 20)
		return;
	insert(d, article_id, published, root, story_id, sig);
}

void dedupe_reroot(dedupe *d, int64_t old_root, int64_t new_root)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->e[i].root == old_root)
			d->e[i].root = new_root;
}

size_t dedupe_bytes(const dedupe *d)
{
	return d->cap * sizeof(entry) + px_map_bytes(&d->bands) +
	       px_map_bytes(&d->by_article);
}
