/*
 * outlets.c — the outlet table behind parallax.h: listing with combined
 * ratings, importing raters' files, the user's overrides.
 */
#include "core.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "coverage/coverage.h"
#include "outlets/outlets.h"
#include "util/arena.h"
#include "util/error.h"
#include "util/map.h"

static void combined(const outlet_rating *r, size_t n, outlet_dim d,
                     px_rating_combined *out)
{
	outlet_combined c;
	outlet_combine(r, n, d, &c);
	*out = (px_rating_combined){ c.value, c.level, c.n_raters, c.overridden };
}

static int outlets_list_read(px_db *db, const char *what, px_outlet_list *out, px_error *err)
{
	memset(out, 0, sizeof(*out));
	int64_t only = 0;
	if (what) {
		only = store_outlet_find(db->st, what, err);
		if (only < 0)
			return (int)only;
		if (!only)
			return px_fail(err, PX_ENOTFOUND, "no outlet '%s' (give a name, a domain "
			               "or a registry id)", what);
	}
	px_arena *a = px_arena_new(0);
	store_outlet *so;
	size_t n;
	if (store_outlets(db->st, a, only, &so, &n, err) < 0) {
		px_arena_free(a);
		return PX_ESTORE;
	}
	px_outlet *v = px_arena_zalloc(a, (n + 1) * sizeof(px_outlet));
	for (size_t i = 0; i < n; i++) {
		const store_outlet *o = &so[i];
		px_outlet *x = &v[i];
		*x = (px_outlet){ o->id, o->slug, o->name, o->country, o->language, o->ownership,
		                  o->owner, o->domains, o->n_domains, o->feeds, o->n_feeds,
		                  NULL, o->n_ratings,
		                  { NAN, NULL, 0, 0 }, { NAN, NULL, 0, 0 }, o->n_articles };
		x->ratings = px_arena_zalloc(a, (o->n_ratings + 1) * sizeof(px_rating));
		for (size_t k = 0; k < o->n_ratings; k++) {
			const outlet_rating *r = &o->ratings[k];
			x->ratings[k] = (px_rating){ outlet_dim_name(r->dim), r->rater, r->value,
			                             outlet_level_name(r->dim, r->value), r->label,
			                             r->date, r->source };
		}
		combined(o->ratings, o->n_ratings, OUTLET_LEAN, &x->lean);
		combined(o->ratings, o->n_ratings, OUTLET_FACTUALITY, &x->factuality);
	}
	free(so);
	out->outlets = v;
	out->n = n;
	out->arena = a;
	return 0;
}

void px_outlet_list_free(px_outlet_list *l)
{
	if (!l)
		return;
	px_arena_free(l->arena);
	memset(l, 0, sizeof(*l));
}

typedef struct import_ctx {
	px_db *db;
	px_import_stats *stats;
	void (*on_reject)(void *ctx, const char *where, const char *reason);
	void *ctx;
	px_error *err;
	int format;
	px_map rated;          /* outlet id -> 1 + index in `wheres` */
	char **wheres;         /* the row that rated it first */
	size_t n_wheres;
} import_ctx;

static void import_reject(void *vctx, const char *where, const char *reason)
{
	import_ctx *c = vctx;
	c->stats->rejected++;
	if (c->on_reject)
		c->on_reject(c->ctx, where, reason);
}

/* Commit every this many rows: an interrupted import keeps what it had. */
#define IMPORT_BATCH 1000

static int import_record(void *vctx, const outlet_record *r)
{
	import_ctx *c = vctx;
	c->stats->read++;
	/* Parallax's own table makes outlets; a rater's row needs a domain
	 * (store_outlet_upsert), so a name-only row only rates a known one.
	 * The ratings wait until the outlet is known: a file rates an outlet
	 * once, and a second row for it (a show, a columnist, an old name on
	 * the same domain) is reported, not allowed to overwrite the first. */
	outlet_record bare = *r;
	bare.n_ratings = 0;
	int64_t id = store_outlet_upsert(c->db->st, &bare, c->format == OUTLET_CSV, c->err);
	if (id < 0)
		return (int)id;
	if (id && r->n_ratings) {
		uint64_t *first = px_map_get(&c->rated, (uint64_t)id);
		if (first) {
			char why[700];
			snprintf(why, sizeof(why), "not imported: the same outlet was rated by "
			         "%s already", c->wheres[*first - 1]);
			c->stats->unmatched++;
			if (c->on_reject)
				c->on_reject(c->ctx, r->where, why);
			return 0;
		}
		c->wheres = px_xrealloc(c->wheres, (c->n_wheres + 1) * sizeof(char *));
		c->wheres[c->n_wheres++] = px_xstrdup(r->where);
		*px_map_put(&c->rated, (uint64_t)id, NULL) = c->n_wheres;
		for (size_t i = 0; i < r->n_ratings; i++)
			if (store_outlet_rate(c->db->st, id, &r->ratings[i], c->err) < 0)
				return PX_ESTORE;
	}
	if (!id) {
		c->stats->unmatched++;
		if (c->on_reject)
			c->on_reject(c->ctx, r->where, "not imported: no known outlet of that name "
			             "(the row has no domain to create one from)");
		return 0;
	}
	c->stats->outlets++;
	c->stats->ratings += r->n_ratings;
	if (c->stats->read % IMPORT_BATCH == 0 &&
	    (store_commit(c->db->st, c->err) < 0 || store_begin(c->db->st, c->err) < 0))
		return PX_ESTORE;
	return 0;
}

int px_outlets_import(px_db *db, const char *path, const char *format,
                      const char *date,
                      void (*on_reject)(void *ctx, const char *where, const char *reason),
                      void *ctx, px_import_stats *stats, px_error *err)
{
	outlet_format f;
	memset(stats, 0, sizeof(*stats));
	if (outlet_format_parse(format, &f) < 0)
		return px_fail(err, PX_EINVAL, "unknown format '%s' (csv, mbfc, allsides, "
		               "adfontes)", format);
	import_ctx c = { db, stats, on_reject, ctx, err, (int)f, { 0 }, NULL, 0 };
	px_map_init(&c.rated);
	int rc = store_begin(db->st, err) < 0 ? PX_ESTORE :
	         outlet_import(path, f, date, import_record, import_reject, &c, err);
	if (rc < 0)
		store_rollback(db->st);
	else
		rc = store_commit(db->st, err);
	px_map_free(&c.rated);
	for (size_t i = 0; i < c.n_wheres; i++)
		free(c.wheres[i]);
	free(c.wheres);
	return rc;
}

int px_outlet_rate(px_db *db, const char *what, const char *dimension,
                   const char *level, px_error *err)
{
	outlet_dim d;
	if (!strcmp(dimension, "lean"))
		d = OUTLET_LEAN;
	else if (!strcmp(dimension, "factuality"))
		d = OUTLET_FACTUALITY;
	else
		return px_fail(err, PX_EINVAL, "unknown rating '%s' (lean or factuality)", dimension);
	int64_t id = store_outlet_find(db->st, what, err);
	if (id < 0)
		return (int)id;
	if (!id)
		return px_fail(err, PX_ENOTFOUND, "no outlet '%s'", what);
	outlet_rating r = { d, 0, OUTLET_USER_RATER, level, NULL, "parallax outlets rate" };
	if (level && outlet_level_parse(d, level, &r.value) < 0)
		return px_fail(err, PX_EINVAL, "'%s' is not a %s level (%s)", level, dimension,
		               d == OUTLET_LEAN ?
		               "far-left, left, lean-left, center, lean-right, right, far-right" :
		               "very-low, low, mixed, mostly-factual, high, very-high");
	char today[11];
	time_t now = time(NULL);
	struct tm tm;
	strftime(today, sizeof(today), "%Y-%m-%d", gmtime_r(&now, &tm));
	r.date = today;
	if (store_begin(db->st, err) < 0)
		return PX_ESTORE;
	int rc = level ? store_outlet_rate(db->st, id, &r, err)
	               : store_outlet_unrate(db->st, id, d, OUTLET_USER_RATER, err);
	if (rc < 0) {
		store_rollback(db->st);
		return rc;
	}
	return store_commit(db->st, err);
}

void core_leans_init(core_leans *l, px_db *db, px_arena *a, px_error *err)
{
	*l = (core_leans){ .db = db, .a = a, .err = err };
	px_map_init(&l->memo);
}

int core_lean_of(core_leans *l, int64_t outlet)
{
	int added;
	uint64_t *v = px_map_put(&l->memo, (uint64_t)outlet, &added);
	if (!added)
		return (int)*v - 2;
	*v = 1;   /* unrated, also when the store fails */
	outlet_rating *r;
	size_t nr;
	if (store_outlet_ratings(l->db->st, l->a, outlet, &r, &nr, l->err) < 0) {
		l->failed = 1;
		return -1;
	}
	outlet_combined oc;
	outlet_combine(r, nr, OUTLET_LEAN, &oc);
	*v = (uint64_t)(coverage_lean_index(oc.level) + 2);
	return (int)*v - 2;
}

void core_leans_free(core_leans *l)
{
	px_map_free(&l->memo);
}

/* Outlet activity: what the stories of an outlet's articles look like. */
typedef struct activity_ctx {
	core_leans leans;
	px_map story;       /* story id -> index into tally */
	int (*tally)[3];
	size_t n, cap;
} activity_ctx;

static void activity_reports(void *vctx, int64_t story, int64_t outlet, int reports)
{
	activity_ctx *c = vctx;
	int level = core_lean_of(&c->leans, outlet);
	int side = level < 0 ? -1 : level < 3 ? 0 : level == 3 ? 1 : 2;
	int added;
	uint64_t *ix = px_map_put(&c->story, (uint64_t)story, &added);
	if (added) {
		if (c->n == c->cap) {
			c->cap = c->cap ? 2 * c->cap : 64;
			c->tally = px_xrealloc(c->tally, c->cap * sizeof(*c->tally));
		}
		memset(c->tally[c->n], 0, sizeof(c->tally[c->n]));
		*ix = c->n++;
	}
	if (side >= 0)
		c->tally[*ix][side] += reports;
}

static int outlet_activity_get_read(px_db *db, int64_t outlet_id, size_t limit,
                           px_outlet_activity *out, px_error *err)
{
	memset(out, 0, sizeof(*out));
	out->arena = px_arena_new(1 << 15);
	store_row *rows;
	size_t n;
	int rc = store_outlet_rows(db->st, outlet_id, limit, out->arena, &rows, &n, err);
	if (rc < 0)
		return rc;
	out->recent = px_arena_zalloc(out->arena, (n + 1) * sizeof(*out->recent));
	for (size_t i = 0; i < n; i++)
		out->recent[i] = core_article(out->arena, &rows[i]);
	out->n_recent = n;
	if ((rc = core_rate_articles(db, out->arena, out->recent, n, err)) < 0)
		return rc;

	activity_ctx c = { .n = 0 };
	core_leans_init(&c.leans, db, out->arena, err);
	px_map_init(&c.story);
	rc = store_outlet_story_sides(db->st, outlet_id, 500, activity_reports, &c, err);
	if (rc == 0 && c.leans.failed)
		rc = PX_ESTORE;
	/* A story's side is the side with most of its rated independent
	 * reports; a tie between the largest has none. */
	for (size_t i = 0; rc == 0 && i < c.n; i++) {
		int *t = c.tally[i], best = 0;
		for (int k = 1; k < 3; k++)
			if (t[k] > t[best])
				best = k;
		int tie = 0;
		for (int k = 0; k < 3; k++)
			tie += k != best && t[k] == t[best];
		if (t[best] == 0 || tie)
			out->no_side++;
		else
			out->by_side[best]++;
		out->stories++;
	}
	free(c.tally);
	core_leans_free(&c.leans);
	px_map_free(&c.story);
	return rc;
}

void px_outlet_activity_free(px_outlet_activity *a)
{
	if (a && a->arena)
		px_arena_free(a->arena);
	if (a)
		memset(a, 0, sizeof(*a));
}

/* outlets_list_read without leaving its snapshot open (store_release). */
int px_outlets_list(px_db *db, const char *what, px_outlet_list *out, px_error *err)
{
	int rc = outlets_list_read(db, what, out, err);
	store_release(db->st);
	return rc;
}

/* outlet_activity_get_read without leaving its snapshot open (store_release). */
int px_outlet_activity_get(px_db *db, int64_t outlet_id, size_t limit,
                           px_outlet_activity *out, px_error *err)
{
	int rc = outlet_activity_get_read(db, outlet_id, limit, out, err);
	store_release(db->st);
	return rc;
}
