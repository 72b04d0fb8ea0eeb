/*
 * timeline.c — how a story developed (summary.h).
 *
 * A story that runs for days is read day by day (UTC): of each day's
 * independent reports, the lead sentence (first or second of its article)
 * that brings the most concepts no earlier day's reports had is that day's
 * update: a bridge collapses on Monday, the death toll rises on Tuesday, the
 * council freezes projects on Wednesday.  A day whose reports add nothing
 * new gets no entry; a story within one day has no timeline.
 */
#include "summary.h"

#include <stdlib.h>
#include <string.h>

#include "util/map.h"

enum { MAX_UPDATES = 12, DAY = 86400 };

static int64_t day_of(int64_t t)
{
	return t >= 0 ? t / DAY : -((-t + DAY - 1) / DAY);
}

size_t summary_timeline(px_textctx *ctx, px_arena *a, const summary_doc *docs, size_t n,
                        px_update **out)
{
	*out = NULL;
	int64_t first = INT64_MAX, last = INT64_MIN;
	for (size_t d = 0; d < n; d++)
		if (docs[d].published != PX_TIME_UNKNOWN && !docs[d].is_copy) {
			first = docs[d].published < first ? docs[d].published : first;
			last = docs[d].published > last ? docs[d].published : last;
		}
	if (first == INT64_MAX || day_of(last) == day_of(first))
		return 0;
	px_update *u = px_arena_zalloc(a, (MAX_UPDATES + 1) * sizeof(px_update));
	size_t nu = 0;
	px_map seen;
	px_map_init(&seen);
	/* DOCS are oldest first: a day is a run of them. */
	for (size_t d = 0; d < n && nu < MAX_UPDATES;) {
		if (docs[d].published == PX_TIME_UNKNOWN) {
			d++;
			continue;
		}
		int64_t day = day_of(docs[d].published);
		size_t end = d;
		while (end < n && (docs[end].published == PX_TIME_UNKNOWN ||
		                   day_of(docs[end].published) == day))
			end++;
		/* The concepts of every sentence of the day, read once. */
		uint64_t ***c = px_arena_alloc(a, (end - d) * sizeof(*c));
		int **nc = px_arena_alloc(a, (end - d) * sizeof(*nc));
		for (size_t k = d; k < end; k++) {
			c[k - d] = px_arena_alloc(a, (docs[k].n_sentences + 1) * sizeof(**c));
			nc[k - d] = px_arena_alloc(a, (docs[k].n_sentences + 1) * sizeof(**nc));
			for (size_t i = 0; i < docs[k].n_sentences; i++) {
				const px_span *sp = &docs[k].sentences[i];
				nc[k - d][i] = summary_concepts(ctx, a, docs[k].text + sp->start, sp->len,
				                                docs[k].lang, &c[k - d][i]);
			}
		}
		const char *best = NULL;
		size_t best_len = 0, best_doc = d;
		int best_new = 0;
		for (size_t k = d; k < end; k++) {
			if (docs[k].is_copy || docs[k].published == PX_TIME_UNKNOWN)
				continue;
			for (size_t i = 0; i < docs[k].n_sentences && i < 2; i++) {
				int fresh = 0;
				for (int j = 0; j < nc[k - d][i]; j++)
					fresh += px_map_get(&seen, c[k - d][i][j]) == NULL;
				if (fresh > best_new) {
					const px_span *sp = &docs[k].sentences[i];
					best_new = fresh;
					best = docs[k].text + sp->start;
					best_len = sp->len;
					best_doc = k;
					summary_drop_dateline(&best, &best_len);
				}
			}
		}
		/* Everything the day's reports said is old news from now on. */
		for (size_t k = d; k < end; k++)
			for (size_t i = 0; i < docs[k].n_sentences; i++)
				for (int j = 0; j < nc[k - d][i]; j++)
					px_map_put(&seen, c[k - d][i][j], NULL);
		if (best && best_new >= 3)
			u[nu++] = (px_update){ docs[best_doc].published,
				               px_arena_strndup(a, best, best_len), docs[best_doc].id };
		d = end;
	}
	px_map_free(&seen);
	*out = u;
	return nu;
}
