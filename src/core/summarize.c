/*
 * summarize.c — px_summarize(): documents summarised as one story without
 * a store, the way a stored story is summarised on read (stories.c): each
 * document analysed (text/), wire copies among them found by the rule the
 * pipeline applies (dedupe/), outlets rated from the input's own labels or
 * the registry, then coverage and the summary.  `parallax summarize` and
 * the summary benchmark use it.
 */
#include "core.h"

#include <stdlib.h>
#include <string.h>

#include "coverage/coverage.h"
#include "dedupe/dedupe.h"
#include "extract/extract.h"
#include "outlets/outlets.h"
#include "summary/summary.h"
#include "util/error.h"
#include "util/url.h"

/* The seven lean levels, and a bare "center" as the centre's. */
static const char *lean_label(const char *s)
{
	static const char *const levels[] = { "far-left", "left", "lean-left", "center",
		                              "lean-right", "right", "far-right" };
	if (!s)
		return NULL;
	for (size_t i = 0; i < sizeof(levels) / sizeof(*levels); i++)
		if (!strcmp(s, levels[i]))
			return levels[i];
	return !strcmp(s, "centre") ? "center" : NULL;
}

/* The registry's combined lean and factuality of the outlet DOC names (by
 * name, domain or URL); both NULL when none is known. */
static int rate_from_registry(px_db *db, px_arena *a, const px_doc *doc,
                              px_story_article *art, px_error *err)
{
	int64_t id = 0;
	if (doc->outlet)
		id = store_outlet_find(db->st, doc->outlet, err);
	if (id == 0 && doc->domain)
		id = store_outlet_find(db->st, doc->domain, err);
	if (id == 0 && doc->url)
		id = store_outlet_by_url(db->st, doc->url, err);
	if (id < 0)
		return PX_ESTORE;
	if (id == 0)
		return 0;
	outlet_rating *r;
	size_t nr;
	if (store_outlet_ratings(db->st, a, id, &r, &nr, err) < 0)
		return PX_ESTORE;
	outlet_combined c;
	outlet_combine(r, nr, OUTLET_LEAN, &c);
	art->lean = c.level;
	outlet_combine(r, nr, OUTLET_FACTUALITY, &c);
	art->factuality = c.level;
	art->outlet_id = id;
	return 0;
}

typedef struct item {
	size_t input;          /* its index in the input */
	int64_t published;
} item;

static int by_time(const void *x, const void *y)
{
	const item *a = x, *b = y;
	if (a->published != b->published)
		return a->published < b->published ? -1 : 1;
	return a->input < b->input ? -1 : a->input > b->input;
}

int px_summarize(px_db *db, const px_doc *docs, const char *const *leans, size_t n,
                 px_story **out, px_error *err)
{
	*out = NULL;
	if (!n)
		return px_fail(err, PX_EINVAL, "nothing to summarise: no articles");
	px_textctx *own = NULL, *ctx = db ? px_db_textctx(db) : (own = px_textctx_new());
	if (!ctx)
		return px_fail(err, PX_ERR, "cannot initialise the text stage");
	px_arena *a = px_arena_new(1 << 16);
	px_story *s = px_arena_zalloc(a, sizeof(*s));
	s->arena = a;
	s->n_articles = n;
	s->articles = px_arena_zalloc(a, (n + 1) * sizeof(px_story_article));
	summary_doc *sd = px_arena_zalloc(a, (n + 1) * sizeof(summary_doc));
	px_signature *sig = px_arena_zalloc(a, (n + 1) * sizeof(px_signature));

	/* Oldest first, as a story lists them; an undated one keeps its place
	 * among the undated (they sort first, as PX_TIME_UNKNOWN is least). */
	item *order = px_arena_zalloc(a, n * sizeof(item));
	for (size_t i = 0; i < n; i++)
		order[i] = (item){ i, docs[i].published };
	qsort(order, n, sizeof(item), by_time);

	int rc = 0;
	s->first_seen = s->last_seen = PX_TIME_UNKNOWN;
	for (size_t k = 0; k < n && rc == 0; k++) {
		const px_doc *d = &docs[order[k].input];
		const char *body = d->text;
		px_page pg;
		if (!body && d->html) {
			px_error xe = { 0 };
			if (px_extract(d->html, strlen(d->html), d->url, a, &pg, &xe) == 0)
				body = pg.text;
		}
		px_text t;
		px_text_analyze(ctx, a, d->title ? d->title : "", body ? body : "", d->lang, &t);
		px_signature_compute(t.shingles, t.n_shingles, &sig[k]);
		px_story_article *art = &s->articles[k];
		char host[256];
		*art = (px_story_article){
			.id = (int64_t)order[k].input + 1, .url = d->url,
			.outlet = d->outlet ? d->outlet
			          : *px_url_host(d->url, host, sizeof(host)) ? px_arena_strdup(a, host) : "",
			.domain = d->domain, .title = t.title, .byline = d->byline,
			.lang = px_arena_strdup(a, t.lang), .published = d->published,
		};
		const char *label = leans ? lean_label(leans[order[k].input]) : NULL;
		if (label)
			art->lean = label;
		else if (db)
			rc = rate_from_registry(db, a, d, art, err);
		for (size_t j = 0; j < k && !art->copy_of; j++)
			if (!s->articles[j].copy_of && px_signature_copies(&sig[j], &sig[k]))
				art->copy_of = s->articles[j].id;
		sd[k] = (summary_doc){ art->id, t.title, t.text, t.sentences, t.n_sentences,
		                       art->lang, d->published, art->copy_of != 0, art->lean,
		                       art->factuality };
		if (d->published != PX_TIME_UNKNOWN) {
			if (s->first_seen == PX_TIME_UNKNOWN || d->published < s->first_seen)
				s->first_seen = d->published;
			if (d->published > s->last_seen)
				s->last_seen = d->published;
		}
	}
	if (rc < 0) {
		px_arena_free(a);
		px_textctx_free(own);
		return rc;
	}
	coverage_compute(s->articles, n, &s->coverage);
	summary sm;
	summary_compute(ctx, a, sd, n, &sm);
	story_set_summary(s, &sm);
	px_textctx_free(own);
	*out = s;
	return 0;
}
