/*
 * stories.c — the read path: a story as the user sees it.
 *
 * px_story_get() loads a story's articles from the store and computes, at
 * read time, what depends on all of them: the snippets, the coverage
 * details and the summary.  Computing on read keeps the write path (ingest)
 * fast and means a better summariser improves every stored story at once.
 * Everything returned lives in one arena owned by the px_story.
 */
#include "core.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "coverage/coverage.h"
#include "outlets/outlets.h"
#include "summary/summary.h"
#include "util/error.h"

/* The lead of TEXT, cut at a sentence end near 300 bytes. */
static const char *snippet(px_arena *a, const char *text, const px_span *sp,
                           size_t n)
{
	size_t end = 0;
	for (size_t i = 0; i < n; i++) {
		size_t e = sp[i].start + sp[i].len;
		if (end && e > 320)
			break;
		end = e;
		if (end >= 200)
			break;
	}
	if (!end || end > 400) {
		/* no sentence fits: cut at a word boundary */
		end = strlen(text) < 300 ? strlen(text) : 300;
		while (end > 200 && text[end] != ' ')
			end--;
		while (end && ((unsigned char)text[end] & 0xC0) == 0x80)
			end--;
		char *s = px_arena_alloc(a, end + 4);
		memcpy(s, text, end);
		memcpy(s + end, "\xE2\x80\xA6", 3);
		s[end + 3] = '\0';
		for (char *p = s; *p; p++)
			if (*p == '\n')
				*p = ' ';
		return s;
	}
	char *s = px_arena_strndup(a, text, end);
	for (char *p = s; *p; p++)
		if (*p == '\n')
			*p = ' ';
	return s;
}

/* Each article's outlet's combined lean and factuality (outlets/), read
 * once per outlet. */
int core_rate_articles(px_db *db, px_arena *a, px_story_article *arts, size_t n,
                       px_error *err)
{
	for (size_t i = 0; i < n; i++) {
		size_t k = 0;
		while (k < i && arts[k].outlet_id != arts[i].outlet_id)
			k++;
		if (k < i) {
			arts[i].lean = arts[k].lean;
			arts[i].factuality = arts[k].factuality;
			continue;
		}
		outlet_rating *r;
		size_t nr;
		if (store_outlet_ratings(db->st, a, arts[i].outlet_id, &r, &nr, err) < 0)
			return PX_ESTORE;
		outlet_combined c;
		outlet_combine(r, nr, OUTLET_LEAN, &c);
		arts[i].lean = c.level;
		outlet_combine(r, nr, OUTLET_FACTUALITY, &c);
		arts[i].factuality = c.level;
	}
	return 0;
}

px_story_article core_article(px_arena *a, const store_row *r)
{
	return (px_story_article){
		r->id, r->url, r->outlet, r->domain, r->title, r->byline, r->lang,
		snippet(a, r->text, r->sentences, r->n_sentences), r->published,
		r->copy_of, r->join_score, r->join_explain, NULL, NULL, r->ownership,
		r->outlet_id, r->story_id, core_topic(r->topic),
	};
}

const char *core_topic(const char *name)
{
	for (size_t i = 0; name && px_topic_names[i]; i++)
		if (!strcmp(name, px_topic_names[i]))
			return px_topic_names[i];
	return NULL;
}

const char *const *px_topics(void)
{
	return px_topic_names;
}

/* The topic most of N articles have; among equals, the one whose first
 * article has the lowest id (the store's rule for ranking, stories.c and
 * store_story_briefs agree). */
static const char *story_topic(const px_story_article *arts, size_t n)
{
	const char *best = NULL;
	size_t best_n = 0;
	int64_t best_first = 0;
	for (size_t i = 0; i < n; i++) {
		const char *t = arts[i].topic;
		if (!t)
			continue;
		size_t c = 0;
		int64_t first = INT64_MAX;
		for (size_t k = 0; k < n; k++) {
			if (arts[k].topic != t)
				continue;
			c++;
			if (arts[k].id < first)
				first = arts[k].id;
		}
		if (c > best_n || (c == best_n && first < best_first)) {
			best = t;
			best_n = c;
			best_first = first;
		}
	}
	return best;
}

/* Story ID with its articles and coverage; with its summary when
 * SUMMARISE (the costly part: without it the headline is the first
 * article's title and there are no key points). */
static int story_load(px_db *db, int64_t id, int summarise, px_story **out,
                      px_error *err)
{
	*out = NULL;
	int64_t live = store_story_resolve(db->st, id, err);
	if (live < 0)
		return (int)live;
	if (live == 0)
		return px_fail(err, PX_ENOTFOUND, "no story %lld", (long long)id);
	px_arena *a = px_arena_new(1 << 16);
	store_row *rows;
	size_t n;
	store_story meta;
	int rc = store_story_rows(db->st, live, a, &rows, &n, &meta, err);
	if (rc < 0) {
		px_arena_free(a);
		return rc;
	}
	px_story *s = px_arena_zalloc(a, sizeof(*s));
	s->arena = a;
	s->id = live;
	s->first_seen = meta.first_seen;
	s->last_seen = meta.last_seen;
	s->n_articles = n;
	s->articles = px_arena_zalloc(a, (n + 1) * sizeof(px_story_article));
	summary_doc *docs = px_arena_zalloc(a, (n + 1) * sizeof(summary_doc));
	for (size_t i = 0; i < n; i++) {
		store_row *r = &rows[i];
		s->articles[i] = core_article(a, r);
		s->articles[i].story_id = live;
		docs[i] = (summary_doc){ r->id, r->title, r->text, r->sentences,
		                         r->n_sentences, r->lang, r->published,
		                         r->copy_of != 0, NULL, NULL };
	}
	s->topic = story_topic(s->articles, n);
	if (core_rate_articles(db, a, s->articles, n, err) < 0) {
		px_arena_free(a);
		return PX_ESTORE;
	}
	for (size_t i = 0; i < n; i++) {
		docs[i].lean = s->articles[i].lean;
		docs[i].factuality = s->articles[i].factuality;
	}
	coverage_compute(s->articles, n, &s->coverage);
	if (!summarise) {
		s->headline = n ? s->articles[0].title : "";
		s->summary = "";
		*out = s;
		return 0;
	}
	summary sm;
	px_textctx *ctx = px_db_textctx(db);
	if (!ctx) {
		px_arena_free(a);
		return px_fail(err, PX_ERR, "cannot initialise the text stage");
	}
	summary_compute(ctx, a, docs, n, &sm);
	story_set_summary(s, &sm);
	*out = s;
	return 0;
}

void story_set_summary(px_story *s, const summary *sm)
{
	s->headline = sm->headline ? sm->headline : "";
	s->summary = sm->summary ? sm->summary : "";
	s->key_points = sm->points;
	s->n_key_points = sm->n_points;
	s->quotes = sm->quotes;
	s->n_quotes = sm->n_quotes;
	s->one_sided = sm->one_sided;
	s->n_one_sided = sm->n_one_sided;
	s->timeline = sm->timeline;
	s->n_timeline = sm->n_timeline;
}

static int story_get_read(px_db *db, int64_t id, px_story **out, px_error *err)
{
	return story_load(db, id, 1, out, err);
}

void px_story_free(px_story *s)
{
	if (s)
		px_arena_free(s->arena);
}

typedef struct ranked {
	int64_t id;
	double score;
	int64_t last;
} ranked;

static int by_rank(const void *x, const void *y)
{
	const ranked *a = x, *b = y;
	if (a->score != b->score)
		return a->score < b->score ? 1 : -1;
	if (a->last != b->last)
		return a->last < b->last ? 1 : -1;
	return a->id < b->id ? -1 : a->id > b->id;
}

/* The live stories Q's filters keep (Q may be NULL: all), ranked by
 * size and recency: each story's number of independent reports (a copy
 * counts a quarter), decayed by the age of its last article relative to
 * the newest story in the store.  *NEWEST gets that time. */
static int rank_stories(px_db *db, const px_story_query *q, ranked **out, size_t *n,
                        int64_t *newest, px_error *err)
{
	px_story_query none = { 0 };
	if (!q)
		q = &none;
	int rc = store_newest(db->st, newest, err);
	store_story_brief *b;
	if (rc < 0 || (rc = store_story_briefs(db->st, q->lang && *q->lang ? q->lang : NULL,
	                                       q->country && *q->country ? q->country : NULL,
	                                       &b, n, err)) < 0)
		return rc;
	const char *topic = q->topic && *q->topic ? q->topic : NULL;
	int64_t from = q->window > 0 && *newest != PX_TIME_UNKNOWN ? *newest - q->window
	                                                          : INT64_MIN;
	/* A story two days older than the newest news needs e times the
	 * reports to rank as high. */
	ranked *r = px_xmalloc((*n + 1) * sizeof(ranked));
	size_t k = 0;
	for (size_t i = 0; i < *n; i++) {
		if (b[i].last_seen < from || (topic && strcmp(topic, b[i].topic)))
			continue;
		double age_days = (double)(*newest - b[i].last_seen) / 86400.0;
		r[k++] = (ranked){ b[i].id,
		                   (b[i].n_independent + 0.25 * (b[i].n_articles - b[i].n_independent)) *
		                           exp(-age_days / 2.0),
		                   b[i].last_seen };
	}
	free(b);
	*n = k;
	qsort(r, *n, sizeof(ranked), by_rank);
	*out = r;
	return 0;
}

/* A blindspot found: the story and the side that barely covers it. */
typedef struct spot {
	int64_t id;
	const char *side;
} spot;

/* A window's stories' lean counts, as the store's report counts come in. */
typedef struct window_ctx {
	core_leans leans;
	px_map index;               /* story id -> 1 + its index in COUNTS */
	px_lean_counts *counts;
	px_lean_counts base;
} window_ctx;

static void window_report(void *vctx, int64_t story, int64_t outlet, int reports)
{
	window_ctx *w = vctx;
	uint64_t *ix = px_map_get(&w->index, (uint64_t)story);
	if (!ix)
		return;
	int level = core_lean_of(&w->leans, outlet);
	coverage_add_lean(&w->counts[*ix - 1], level, reports);
	coverage_add_lean(&w->base, level, reports);
}

/* The blindspots of O's window, ranked (coverage/coverage.h has the rule),
 * into *OUT (malloc'd); *BASE gets the window's lean counts.  The counts
 * come from the store in one query (each story's independent reports by
 * outlet, each outlet's lean read once), not from loading every story of
 * the window. */
static int blindspots_find(px_db *db, const px_blindspot_opts *o, spot **out,
                           size_t *n_out, px_lean_counts *base, px_error *err)
{
	ranked *r;
	size_t n;
	int64_t newest;
	int rc = rank_stories(db, NULL, &r, &n, &newest, err);
	if (rc < 0)
		return rc;
	int64_t from = n ? newest - (int64_t)o->days * 86400 : 0;
	px_arena *a = px_arena_new(0);
	window_ctx w = { .counts = px_xcalloc(n + 1, sizeof(px_lean_counts)) };
	core_leans_init(&w.leans, db, a, err);
	px_map_init(&w.index);
	for (size_t i = 0; i < n; i++)
		if (r[i].last >= from) {
			int added;
			*px_map_put(&w.index, (uint64_t)r[i].id, &added) = i + 1;
		}
	rc = store_window_reports(db->st, from, window_report, &w, err);
	if (rc == 0 && w.leans.failed)
		rc = PX_ESTORE;
	spot *sp = px_xmalloc((n + 1) * sizeof(spot));
	*n_out = 0;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (r[i].last < from)
			continue;
		const char *b = coverage_blindspot(&w.counts[i], &w.base, o->factor, o->min_reports);
		if (b && (!o->side || !strcmp(o->side, b)))
			sp[(*n_out)++] = (spot){ r[i].id, b };
	}
	*base = w.base;
	free(r);
	free(w.counts);
	px_map_free(&w.index);
	core_leans_free(&w.leans);
	px_arena_free(a);
	if (rc < 0) {
		free(sp);
		return rc;
	}
	*out = sp;
	return 0;
}

/* O with its defaults filled in, or a message. */
static int blindspot_opts(const px_blindspot_opts *opts, px_blindspot_opts *o,
                          px_error *err)
{
	*o = opts ? *opts : (px_blindspot_opts){ 0 };
	if (o->days <= 0)
		o->days = 7;
	if (o->factor <= 0)
		o->factor = 1.0 / 3;
	if (o->min_reports <= 0)
		o->min_reports = 5;
	if (o->side && strcmp(o->side, "left") && strcmp(o->side, "right"))
		return px_fail(err, PX_EINVAL, "blindspot side '%s': left or right", o->side);
	return 0;
}

static int stories_query_read(px_db *db, const px_story_query *q, px_story_list *out,
                     px_error *err)
{
	memset(out, 0, sizeof(*out));
	if (q && q->topic && *q->topic && !core_topic(q->topic))
		return px_fail(err, PX_EINVAL, "no topic '%s'", q->topic);
	ranked *r;
	size_t n;
	int64_t newest;
	int rc = rank_stories(db, q, &r, &n, &newest, err);
	if (rc < 0)
		return rc;
	spot *spots = NULL;
	size_t n_spots = 0;
	if (q && q->mark_blindspots) {
		px_blindspot_opts o;
		px_lean_counts base;
		blindspot_opts(NULL, &o, err);
		if ((rc = blindspots_find(db, &o, &spots, &n_spots, &base, err)) < 0) {
			free(r);
			return rc;
		}
	}
	out->total = n;
	size_t from = q ? q->offset : 0, to = n;
	if (from > n)
		from = n;
	if (q && q->limit && q->limit < to - from)
		to = from + q->limit;
	out->stories = px_xcalloc(to - from + 1, sizeof(px_story *));
	for (size_t i = from; i < to && rc == 0; i++) {
		if ((rc = px_story_get(db, r[i].id, &out->stories[out->n], err)) < 0)
			break;
		px_story *s = out->stories[out->n++];
		for (size_t k = 0; k < n_spots; k++)
			if (spots[k].id == s->id)
				s->blindspot = spots[k].side;
	}
	free(r);
	free(spots);
	if (rc < 0)
		px_story_list_free(out);
	return rc < 0 ? rc : 0;
}

int px_stories_list(px_db *db, size_t limit, px_story_list *out, px_error *err)
{
	px_story_query q = { .limit = limit };
	return px_stories_query(db, &q, out, err);
}

void px_story_list_free(px_story_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		px_story_free(l->stories[i]);
	free(l->stories);
	memset(l, 0, sizeof(*l));
}

static int blindspots_read(px_db *db, const px_blindspot_opts *opts, px_story_list *out,
                  px_lean_counts *baseline, px_error *err)
{
	memset(out, 0, sizeof(*out));
	px_blindspot_opts o;
	int rc = blindspot_opts(opts, &o, err);
	if (rc < 0)
		return rc;
	spot *sp;
	size_t n;
	px_lean_counts base;
	if ((rc = blindspots_find(db, &o, &sp, &n, &base, err)) < 0)
		return rc;
	/* The few blindspots are loaded whole. */
	out->stories = px_xcalloc(n + 1, sizeof(px_story *));
	for (size_t i = 0; i < n && rc == 0; i++) {
		if ((rc = px_story_get(db, sp[i].id, &out->stories[out->n], err)) < 0)
			break;
		out->stories[out->n++]->blindspot = sp[i].side;
	}
	free(sp);
	if (rc < 0) {
		px_story_list_free(out);
		return rc;
	}
	out->total = out->n;
	if (baseline)
		*baseline = base;
	return 0;
}

static int facets_get_read(px_db *db, px_facets *out, px_error *err)
{
	memset(out, 0, sizeof(*out));
	out->arena = px_arena_new(0);
	int rc = store_facets(db->st, STORE_COUNTRIES, out->arena, &out->countries,
	                      &out->n_countries, err);
	if (rc == 0)
		rc = store_facets(db->st, STORE_LANGS, out->arena, &out->langs, &out->n_langs,
		                  err);
	return rc;
}

void px_facets_free(px_facets *f)
{
	if (f && f->arena)
		px_arena_free(f->arena);
	if (f)
		memset(f, 0, sizeof(*f));
}

/* story_get_read without leaving its snapshot open (store_release). */
int px_story_get(px_db *db, int64_t id, px_story **out, px_error *err)
{
	int rc = story_get_read(db, id, out, err);
	store_release(db->st);
	return rc;
}

/* stories_query_read without leaving its snapshot open (store_release). */
int px_stories_query(px_db *db, const px_story_query *q, px_story_list *out,
                     px_error *err)
{
	int rc = stories_query_read(db, q, out, err);
	store_release(db->st);
	return rc;
}

/* blindspots_read without leaving its snapshot open (store_release). */
int px_blindspots(px_db *db, const px_blindspot_opts *opts, px_story_list *out,
                  px_lean_counts *baseline, px_error *err)
{
	int rc = blindspots_read(db, opts, out, baseline, err);
	store_release(db->st);
	return rc;
}

/* facets_get_read without leaving its snapshot open (store_release). */
int px_facets_get(px_db *db, px_facets *out, px_error *err)
{
	int rc = facets_get_read(db, out, err);
	store_release(db->st);
	return rc;
}
