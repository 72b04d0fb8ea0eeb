/*
 * bench/ratings/ratings.c — the outlet registry against the raters and the
 * public feed lists, through the library's own importers and lookups.
 *
 *   build/bench/ratings/ratings SOURCES REGISTRY.csv
 *
 * SOURCES is ../shared/data/sources (its README.md describes each file);
 * REGISTRY is data/outlets.csv.  Two questions:
 *
 * 1. Does the combined lean agree with each rater?  The registry and the
 *    three raters' files (MBFC, AllSides, Ad Fontes) go into one fresh
 *    store; for each rater R, over the outlets that R and at least one other
 *    rater rated, R's side (left/center/right) is set against the combined
 *    side, and R's level against the combined level.  The combined value is
 *    the mean of every rater, R included, so it agrees with R partly because
 *    it contains R: the leave-one-out figures (the mean of the others only,
 *    rounded as the library rounds) are the honest ones, and both are shown.
 *    Rows a rater file names only by name match an outlet by name, so the
 *    report also lists the registry outlets that took another site's domain
 *    from a rater row: those are name matches that may have merged two
 *    different outlets and their ratings.
 *
 *    Two raters also come in a second shape, read by the same --format:
 *    MBFC as a CSV (idiap's mbfc.csv, MBFC's own words) and AllSides as
 *    favstats' table (2019, names only).  Each is imported over a store
 *    holding the registry and that rater's main file, and set against the
 *    main file outlet by outlet: the same level, the same side (lean) or
 *    within one level (factuality).  Disagreement here is the rater
 *    changing its mind between the two files, or a mapping error.
 *
 * 2. How much of the public feed lists does the registry know?  Each feed
 *    URL is looked up with px_outlets_list(db, URL) in a store holding only
 *    the registry, as the ingest of a feed would find its outlet; a feed
 *    host is matched when px_outlets_list finds an outlet for the bare host.
 *    The registry's own feed_urls are checked the same way, and the most
 *    frequent unmatched registrable domains are listed (with what the raters'
 *    files know of them), as the next candidates for the registry.
 *
 * The stores live in a temporary directory, removed at the end.  Nothing
 * from SOURCES is written anywhere else.
 */
#include <csv.h>
#include <dirent.h>
#include <jansson.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "outlets/outlets.h"
#include "../bench.h"
#include "parallax.h"
#include "util/url.h"

#define EDITORS "parallax-editors"
#define TOP_HOSTS 15
#define MAX_EXAMPLES 15

/* ------------------------------------------------------------- helpers */

static double pct(size_t part, size_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 0.0;
}

/* DIR "/" REL, malloc'd. */
static char *join(const char *dir, const char *rel)
{
	size_t n = strlen(dir) + strlen(rel) + 2;
	char *s = malloc(n);
	snprintf(s, n, "%s/%s", dir, rel);
	return s;
}

/* A growable array of owned strings; sorted and deduplicated on demand, so
 * that "distinct" is a sort and lookups are a binary search. */
typedef struct strvec {
	char **v;
	size_t n, cap;
} strvec;

static void sv_push(strvec *s, char *owned)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		s->v = realloc(s->v, s->cap * sizeof(char *));
	}
	s->v[s->n++] = owned;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void sv_sort_unique(strvec *s)
{
	if (!s->n)
		return;
	qsort(s->v, s->n, sizeof(char *), cmp_str);
	size_t k = 1;
	for (size_t i = 1; i < s->n; i++) {
		if (strcmp(s->v[i], s->v[k - 1]))
			s->v[k++] = s->v[i];
		else
			free(s->v[i]);
	}
	s->n = k;
}

/* Index of KEY in the sorted S, or -1. */
static long sv_find(const strvec *s, const char *key)
{
	char *const *p = s->n ? bsearch(&key, s->v, s->n, sizeof(char *), cmp_str) : NULL;
	return p ? (long)(p - s->v) : -1;
}

static void sv_free(strvec *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	memset(s, 0, sizeof(*s));
}

static void print_machine(void)
{
	char model[256] = "unknown CPU", line[512];
	FILE *f = fopen("/proc/cpuinfo", "r");
	while (f && fgets(line, sizeof(line), f)) {
		const char *colon = strchr(line, ':');
		if (colon && !strncmp(line, "model name", 10)) {
			snprintf(model, sizeof(model), "%s", colon + 2);
			model[strcspn(model, "\n")] = '\0';
			break;
		}
	}
	if (f)
		fclose(f);
	printf("machine: %ld cores, %s\n", sysconf(_SC_NPROCESSORS_ONLN), model);
}

/* ------------------------------------------------------------- stores */

/* The outlet WHAT (a URL, host, id or name) names: 1 found (*SLUG set to a
 * malloc'd copy of its registry id or NULL, when SLUG is not NULL), 0 none,
 * -1 when the store failed. */
static int lookup(px_db *db, const char *what, char **slug)
{
	px_outlet_list l;
	px_error err = { 0 };
	int rc = px_outlets_list(db, what, &l, &err);
	if (rc == PX_ENOTFOUND)
		return 0;
	if (rc < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	if (slug)
		*slug = l.n && l.outlets[0].slug ? strdup(l.outlets[0].slug) : NULL;
	px_outlet_list_free(&l);
	return 1;
}

/* What one import reported: the counts, and a few of its messages. */
typedef struct import_log {
	const char *format;
	px_import_stats st;
	char unmatched[2][160], rejected[2][160];
	size_t n_unmatched_shown, n_rejected_shown;
} import_log;

static void keep_example(char (*slot)[160], size_t *n, const char *where,
                         const char *reason)
{
	if (*n < 2)
		snprintf(slot[(*n)++], 160, "%s: %s", where, reason);
}

static void log_reject(void *ctx, const char *where, const char *reason)
{
	import_log *lg = ctx;
	/* The library reports name-only rows it could not place the same way
	 * as bad rows; keep the first two of each kind. */
	const char *base = strrchr(where, '/');
	base = base ? base + 1 : where;
	if (!strncmp(reason, "not imported", 12))
		keep_example(lg->unmatched, &lg->n_unmatched_shown, base, reason);
	else
		keep_example(lg->rejected, &lg->n_rejected_shown, base, reason);
}

static int import_one(px_db *db, const char *path, import_log *lg)
{
	px_error err = { 0 };
	if (px_outlets_import(db, path, lg->format, NULL, log_reject, lg, &lg->st, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	return 0;
}

/* How many of RATER's ratings the store holds, over every outlet of L. */
static size_t ratings_kept(const px_outlet_list *l, const char *rater)
{
	size_t n = 0;
	for (size_t i = 0; i < l->n; i++)
		for (size_t k = 0; k < l->outlets[i].n_ratings; k++)
			n += !strcmp(l->outlets[i].ratings[k].rater, rater);
	return n;
}

/* One line per import.  A store keeps one rating per outlet, dimension and
 * rater, so "kept" below "ratings" means rows of one file that landed on
 * the same outlet, the later overwriting the earlier. */
static void print_imports(const import_log *lg, size_t n, const px_outlet_list *all)
{
	printf("\n== imports (rows: imported / not matched / rejected; ratings "
	       "recorded / kept in the store)\n");
	printf("  %-9s %7s %9s %12s %9s %8s %6s\n", "format", "rows", "imported",
	       "not matched", "rejected", "ratings", "kept");
	for (size_t i = 0; i < n; i++) {
		const px_import_stats *s = &lg[i].st;
		const char *rater = strcmp(lg[i].format, "csv") ? lg[i].format : EDITORS;
		printf("  %-9s %7zu %9zu %12zu %9zu %8zu %6zu\n", lg[i].format,
		       s->read + s->rejected, s->read - s->unmatched, s->unmatched,
		       s->rejected, s->ratings, ratings_kept(all, rater));
	}
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < lg[i].n_unmatched_shown; k++)
			printf("    e.g. %s\n", lg[i].unmatched[k]);
		for (size_t k = 0; k < lg[i].n_rejected_shown; k++)
			printf("    e.g. %s\n", lg[i].rejected[k]);
	}
}

/* ------------------------------------------------------------- lean agreement */

enum { MBFC, ALLSIDES, ADFONTES, EDITORS_R, N_RATERS };
static const char *const raters[N_RATERS] = { "mbfc", "allsides", "adfontes", EDITORS };
static const char *const sides[3] = { "left", "center", "right" };

static int rater_index(const char *name)
{
	for (int i = 0; i < N_RATERS; i++)
		if (name && !strcmp(name, raters[i]))
			return i;
	return -1;
}

/* The level index -3..3 nearest V: lround rounds halves away from zero, as
 * outlet_level_name does. */
static int lean_level(double v)
{
	long r = lround(v);
	return (int)(r < -3 ? -3 : r > 3 ? 3 : r);
}

/* far-left/left/lean-left 0, center 1, lean-right/right/far-right 2. */
static int side_of(int level)
{
	return level < 0 ? 0 : level > 0 ? 2 : 1;
}

/* One outlet's lean ratings: every value with its rater's index (-1 for a
 * rater not in raters[]), and by rater. */
#define MAX_LEAN 16
typedef struct lean_view {
	double all[MAX_LEAN];
	int who[MAX_LEAN];
	int n;
	double v[N_RATERS];
	int has[N_RATERS];
} lean_view;

static void lean_view_of(const px_outlet *o, lean_view *lv)
{
	memset(lv, 0, sizeof(*lv));
	for (size_t i = 0; i < o->n_ratings; i++) {
		const px_rating *r = &o->ratings[i];
		if (strcmp(r->dimension, "lean") || isnan(r->value))
			continue;
		int k = rater_index(r->rater);
		if (k >= 0) {
			lv->v[k] = r->value;
			lv->has[k] = 1;
		}
		if (lv->n < MAX_LEAN) {
			lv->all[lv->n] = r->value;
			lv->who[lv->n++] = k;
		}
	}
}

/* The mean of the lean values not by rater SKIP (-1: of all of them).
 * Summed afresh rather than by subtracting from the total, so that a mean
 * of exactly -0.5 stays -0.5 and rounds as the library rounds it. */
static double lean_mean(const lean_view *lv, int skip)
{
	double sum = 0;
	int n = 0;
	for (int i = 0; i < lv->n; i++)
		if (skip < 0 || lv->who[i] != skip) {
			sum += lv->all[i];
			n++;
		}
	return n ? sum / n : NAN;
}

/* Rater R against [0] the combined lean and [1] the others' mean. */
typedef struct agreement {
	size_t n;
	size_t shared[N_RATERS];   /* of the N, those the other rater also rated */
	size_t conf[2][3][3];      /* R's side x the other side */
	size_t exact[2], side[2];
} agreement;

static void tally(agreement *a, int r, const lean_view *lv, double combined)
{
	if (!lv->has[r] || lv->n < 2)
		return;
	a->n++;
	for (int o = 0; o < N_RATERS; o++)
		a->shared[o] += o != r && lv->has[o];
	int own = lean_level(lv->v[r]);
	int against[2] = { lean_level(combined), lean_level(lean_mean(lv, r)) };
	for (int k = 0; k < 2; k++) {
		a->conf[k][side_of(own)][side_of(against[k])]++;
		a->exact[k] += own == against[k];
		a->side[k] += side_of(own) == side_of(against[k]);
	}
}

static void print_agreement(int r, const agreement *a)
{
	printf("\n-- %s: %zu outlets rated by %s and at least one other (shared with",
	       raters[r], a->n, raters[r]);
	for (int o = 0; o < N_RATERS; o++)
		if (o != r)
			printf(" %s %zu", raters[o], a->shared[o]);
	printf(")\n");
	printf("  %-16s %-26s  %s\n", "", "combined (R included)", "leave-one-out (honest)");
	printf("  %-16s %6s %6s %6s        %6s %6s %6s\n", raters[r], "left", "center",
	       "right", "left", "center", "right");
	for (int s = 0; s < 3; s++) {
		const size_t *c = a->conf[0][s], *l = a->conf[1][s];
		printf("  %-16s %6zu %6zu %6zu        %6zu %6zu %6zu\n", sides[s],
		       c[0], c[1], c[2], l[0], l[1], l[2]);
	}
	printf("  %-16s %19.1f%%        %19.1f%%\n", "exact level", pct(a->exact[0], a->n),
	       pct(a->exact[1], a->n));
	printf("  %-16s %19.1f%%        %19.1f%%\n", "same side", pct(a->side[0], a->n),
	       pct(a->side[1], a->n));
}

/* Tallies every rater over L; returns how many outlets' combined level the
 * rounding here did not reproduce (0 unless the library changed). */
static size_t tally_all(const px_outlet_list *l, agreement *a)
{
	static const char *const names[7] = {
		"far-left", "left", "lean-left", "center", "lean-right", "right", "far-right"
	};
	size_t differ = 0;
	for (size_t i = 0; i < l->n; i++) {
		const px_outlet *o = &l->outlets[i];
		lean_view lv;
		lean_view_of(o, &lv);
		if (!lv.n || o->lean.overridden)
			continue;
		differ += strcmp(names[lean_level(lean_mean(&lv, -1)) + 3], o->lean.level) != 0;
		for (int r = 0; r < N_RATERS; r++)
			tally(&a[r], r, &lv, o->lean.value);
	}
	return differ;
}

/* Registry outlets (with a registry id) and those an outside rater rated. */
static void print_outside(const px_outlet_list *l)
{
	size_t reg = 0, any = 0, lean = 0, by[N_RATERS] = { 0 };
	for (size_t i = 0; i < l->n; i++) {
		const px_outlet *o = &l->outlets[i];
		if (!o->slug)
			continue;
		reg++;
		int seen[N_RATERS] = { 0 }, outside = 0, outside_lean = 0;
		for (size_t k = 0; k < o->n_ratings; k++) {
			int r = rater_index(o->ratings[k].rater);
			if (r < 0 || r == EDITORS_R)
				continue;
			seen[r] = 1;
			outside = 1;
			outside_lean |= !strcmp(o->ratings[k].dimension, "lean");
		}
		for (int r = 0; r < N_RATERS; r++)
			by[r] += seen[r];
		any += outside;
		lean += outside_lean;
	}
	printf("\nregistry outlets: %zu; with at least one outside rating: %zu (%.1f%%), "
	       "with an outside lean: %zu; by rater: mbfc %zu, allsides %zu, adfontes %zu\n",
	       reg, any, pct(any, reg), lean, by[MBFC], by[ALLSIDES], by[ADFONTES]);
}

/* ------------------------------------------------------------- domain takeovers */

/* The registrable domain of a domain key ("news.bbc.co.uk/x" -> "bbc.co.uk"). */
static void registrable(const char *domain, char out[OUTLET_KEY_MAX])
{
	char keys[16][OUTLET_KEY_MAX];
	size_t n = outlet_domain_keys(domain, keys, 16);
	snprintf(out, OUTLET_KEY_MAX, "%s", n ? keys[n - 1] : domain);
}

static int has_domain(const px_outlet *o, const char *d)
{
	for (size_t i = 0; i < o->n_domains; i++)
		if (!strcmp(o->domains[i], d))
			return 1;
	return 0;
}

/* Is D on a registrable domain one of O's domains is on? */
static int same_site(const px_outlet *o, const char *d)
{
	char a[OUTLET_KEY_MAX], b[OUTLET_KEY_MAX];
	registrable(d, a);
	for (size_t i = 0; i < o->n_domains; i++) {
		registrable(o->domains[i], b);
		if (!strcmp(a, b))
			return 1;
	}
	return 0;
}

static int cmp_slug(const void *a, const void *b)
{
	const px_outlet *x = *(const px_outlet *const *)a, *y = *(const px_outlet *const *)b;
	return strcmp(x->slug, y->slug);
}

static void print_takeover(const px_outlet *reg, const px_outlet *o, const char *d)
{
	printf("  %-22s %-24s + %s  [", o->slug, reg->domains[0], d);
	for (size_t k = 0; k < o->n_ratings; k++)
		if (!strcmp(o->ratings[k].dimension, "lean") && strcmp(o->ratings[k].rater, EDITORS))
			printf(" %s=%s", o->ratings[k].rater, o->ratings[k].label);
	printf(" ]\n");
}

/*
 * A rater row whose domain no outlet has is matched by name; when the name
 * is shared ("The Observer", "Metro", "Focus") the row's domain and rating
 * land on a registry outlet that is another paper.  Lists the registry
 * outlets of ALL that have domains the registry (REG) did not give them.
 */
static void print_takeovers(const px_outlet_list *all, const px_outlet_list *reg)
{
	const px_outlet **by_slug = malloc((reg->n + 1) * sizeof(*by_slug));
	size_t n = 0, same = 0, other = 0;
	for (size_t i = 0; i < reg->n; i++)
		if (reg->outlets[i].slug && reg->outlets[i].n_domains)
			by_slug[n++] = &reg->outlets[i];
	qsort(by_slug, n, sizeof(*by_slug), cmp_slug);
	printf("\nregistry outlets that took another site's domain from a rater row, "
	       "matched by name (the same outlet's old domain, or another outlet whose "
	       "ratings now count as this one's; outside lean labels in brackets):\n");
	for (size_t i = 0; i < all->n; i++) {
		const px_outlet *o = &all->outlets[i], *key = o;
		if (!o->slug)
			continue;
		const px_outlet **hit = bsearch(&key, by_slug, n, sizeof(*by_slug), cmp_slug);
		for (size_t k = 0; hit && k < o->n_domains; k++) {
			if (has_domain(*hit, o->domains[k]))
				continue;
			if (same_site(*hit, o->domains[k])) {
				same++;
				continue;
			}
			other++;
			print_takeover(*hit, o, o->domains[k]);
		}
	}
	printf("  %zu domains on another site; %zu more on the outlet's own site "
	       "(sections, subdomains)\n", other, same);
	free(by_slug);
}

/* Part 1: imports REGISTRY and the raters into DB, and reports. */
static int rate_agreement(px_db *db, px_db *reg_db, const char *registry,
                          char *const *rater_paths)
{
	import_log lg[4] = { { .format = "csv" }, { .format = "mbfc" },
	                     { .format = "allsides" }, { .format = "adfontes" } };
	const char *paths[4] = { registry, rater_paths[0], rater_paths[1], rater_paths[2] };
	double t = bench_now();
	for (int i = 0; i < 4; i++)
		if (import_one(db, paths[i], &lg[i]) < 0)
			return -1;
	double t_import = bench_now() - t;
	px_outlet_list all, reg;
	px_error err = { 0 };
	if (px_outlets_list(db, NULL, &all, &err) < 0 ||
	    px_outlets_list(reg_db, NULL, &reg, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	print_imports(lg, 4, &all);
	print_outside(&all);
	print_takeovers(&all, &reg);

	agreement a[N_RATERS];
	memset(a, 0, sizeof(a));
	size_t differ = tally_all(&all, a);
	printf("\n== lean: each rater's side and level against the combined lean "
	       "(%zu outlets in the store)\n", all.n);
	printf("rows: the rater's own side; columns: the combined side with the rater "
	       "included, and without it (leave-one-out: the mean of the other raters, "
	       "rounded half away from zero)\n");
	for (int r = 0; r < N_RATERS; r++)
		print_agreement(r, &a[r]);
	printf("\ncheck: combined levels recomputed here differ from the library's on %zu "
	       "outlets\n", differ);
	printf("time: imports %.2f s, agreement %.2f s\n", t_import, bench_now() - t - t_import);
	px_outlet_list_free(&all);
	px_outlet_list_free(&reg);
	return 0;
}

/* ------------------------------------------------------------- other shapes */

static px_db *open_store(const char *dir, const char *name);

enum { LEAN_D, FACT_D };

/* One rater's lean and factuality by outlet id (NaN: none). */
typedef struct by_outlet {
	double *v[2];
	size_t n;
} by_outlet;

/* Is SOURCE ("PATH:LINE") a row of FILE? */
static int from_file(const char *source, const char *file)
{
	size_t n = strlen(file);
	return source && !strncmp(source, file, n) && source[n] == ':';
}

/* RATER's values over L, of the ratings read from FILE (NULL: any file). */
static void by_outlet_of(const px_outlet_list *l, const char *rater, const char *file,
                         by_outlet *b)
{
	int64_t max = 0;
	for (size_t i = 0; i < l->n; i++)
		max = l->outlets[i].id > max ? l->outlets[i].id : max;
	b->n = (size_t)max + 1;
	for (int d = 0; d < 2; d++) {
		b->v[d] = malloc(b->n * sizeof(double));
		for (size_t i = 0; i < b->n; i++)
			b->v[d][i] = NAN;
	}
	for (size_t i = 0; i < l->n; i++)
		for (size_t k = 0; k < l->outlets[i].n_ratings; k++) {
			const px_rating *r = &l->outlets[i].ratings[k];
			if (strcmp(r->rater, rater) || (file && !from_file(r->source, file)))
				continue;
			b->v[strcmp(r->dimension, "lean") ? FACT_D : LEAN_D][l->outlets[i].id] = r->value;
		}
}

static void by_outlet_free(by_outlet *b)
{
	free(b->v[0]);
	free(b->v[1]);
}

/* The factuality level 0..5 nearest V. */
static int fact_level(double v)
{
	long r = lround(v);
	return (int)(r < 0 ? 0 : r > 5 ? 5 : r);
}

/* SHAPE (the other file) against MAIN (the rater's main file). */
static void print_shape_agreement(const by_outlet *shape, const by_outlet *main_file)
{
	size_t n[2] = { 0 }, exact[2] = { 0 }, near[2] = { 0 }, only[2] = { 0 };
	size_t conf[3][3] = { { 0 } };
	for (size_t i = 0; i < shape->n; i++) {
		for (int d = 0; d < 2; d++) {
			double a = shape->v[d][i], b = i < main_file->n ? main_file->v[d][i] : NAN;
			only[d] += !isnan(a) && isnan(b);
			if (isnan(a) || isnan(b))
				continue;
			n[d]++;
			if (d == LEAN_D) {
				int x = lean_level(a), y = lean_level(b);
				exact[d] += x == y;
				near[d] += side_of(x) == side_of(y);
				conf[side_of(x)][side_of(y)]++;
			} else {
				int x = fact_level(a), y = fact_level(b);
				exact[d] += x == y;
				near[d] += abs(x - y) <= 1;
			}
		}
	}
	printf("    lean on %zu outlets rated in both: same level %.1f%%, same side %.1f%% "
	       "(%zu more with a lean in this file only)\n", n[LEAN_D],
	       pct(exact[LEAN_D], n[LEAN_D]), pct(near[LEAN_D], n[LEAN_D]), only[LEAN_D]);
	printf("      sides, rows this file, columns the main file (left center right): "
	       "left %zu %zu %zu, center %zu %zu %zu, right %zu %zu %zu\n", conf[0][0],
	       conf[0][1], conf[0][2], conf[1][0], conf[1][1], conf[1][2], conf[2][0],
	       conf[2][1], conf[2][2]);
	if (n[FACT_D] || only[FACT_D])
		printf("    factuality on %zu outlets rated in both: same level %.1f%%, within one "
		       "level %.1f%% (%zu more in this file only)\n", n[FACT_D],
		       pct(exact[FACT_D], n[FACT_D]), pct(near[FACT_D], n[FACT_D]), only[FACT_D]);
}

/*
 * One other shape: a fresh store DB gets REGISTRY and the rater's MAIN file,
 * then SHAPE over it; prints SHAPE's import and its agreement with MAIN.
 */
static int shape_against_main(px_db *db, const char *registry, const char *format,
                              const char *main_path, const char *shape_path)
{
	import_log reg = { .format = "csv" }, lm = { .format = format },
	           ls = { .format = format };
	if (import_one(db, registry, &reg) < 0 || import_one(db, main_path, &lm) < 0)
		return -1;
	px_outlet_list before, after;
	px_error err = { 0 };
	double t0 = bench_now();
	if (px_outlets_list(db, NULL, &before, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return -1;
	}
	double t = bench_now();
	if (import_one(db, shape_path, &ls) < 0) {
		px_outlet_list_free(&before);
		return -1;
	}
	t = bench_now() - t;
	if (px_outlets_list(db, NULL, &after, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		px_outlet_list_free(&before);
		return -1;
	}
	by_outlet m, o;
	by_outlet_of(&before, format, NULL, &m);
	by_outlet_of(&after, format, shape_path, &o);
	const px_import_stats *st = &ls.st;
	const char *base = strrchr(shape_path, '/');
	printf("\n  %s: %s (import %.2f s; with listing the store before and after %.2f s)\n",
	       format, base ? base + 1 : shape_path, t, bench_now() - t0);
	printf("    %zu rows: %zu imported (%zu outlets new to the store), %zu not matched, "
	       "%zu rejected; %zu ratings\n", st->read + st->rejected, st->read - st->unmatched,
	       after.n - before.n, st->unmatched, st->rejected, st->ratings);
	for (size_t k = 0; k < ls.n_unmatched_shown; k++)
		printf("    e.g. %s\n", ls.unmatched[k]);
	for (size_t k = 0; k < ls.n_rejected_shown; k++)
		printf("    e.g. %s\n", ls.rejected[k]);
	print_shape_agreement(&o, &m);
	by_outlet_free(&m);
	by_outlet_free(&o);
	px_outlet_list_free(&before);
	px_outlet_list_free(&after);
	return 0;
}

/* Part 1b: each other shape in a store of its own under DIR. */
static int other_shapes(const char *dir, const char *registry, char *const *rater_paths,
                        char *const *shape_paths)
{
	static const char *const formats[2] = { "mbfc", "allsides" };
	printf("\n== other shapes of two formats, each against its rater's main file "
	       "(a store with the registry and the main file, then the other shape over it)\n");
	for (int i = 0; i < 2; i++) {
		char name[32];
		snprintf(name, sizeof(name), "shape-%s.db", formats[i]);
		px_db *db = open_store(dir, name);
		int rc = db ? shape_against_main(db, registry, formats[i], rater_paths[i],
		                                 shape_paths[i]) : -1;
		if (db)
			px_close(db);
		if (rc < 0)
			return -1;
	}
	return 0;
}

/* ------------------------------------------------------------- feed lists */

typedef struct feed_list {
	const char *name;
	strvec urls;            /* canonical http(s) URLs; distinct after reading */
	size_t entries;         /* every entry read */
	size_t unusable;        /* entries that are no http(s) URL */
	size_t files;
} feed_list;

static void add_entry(feed_list *l, const char *s)
{
	char *c = s ? px_url_canonical(s) : NULL;
	l->entries++;
	if (c)
		sv_push(&l->urls, c);
	else
		l->unusable++;
}

static void add_json_array(feed_list *l, json_t *arr)
{
	size_t i;
	json_t *v;
	json_array_foreach(arr, i, v)
		add_entry(l, json_string_value(v));
}

static json_t *load_json(const char *path)
{
	json_error_t je;
	json_t *root = json_load_file(path, 0, &je);
	if (!root)
		fprintf(stderr, "%s:%d: %s\n", path, je.line, je.text);
	return root;
}

/* kite_feeds.json: {category: {"feeds": [url...]}}; core_feeds: {category: [url...]}. */
static int read_kite(feed_list *l, const char *feeds, const char *core)
{
	json_t *a = load_json(feeds), *b = a ? load_json(core) : NULL;
	if (!b) {
		json_decref(a);
		return -1;
	}
	const char *k;
	json_t *v;
	json_object_foreach(a, k, v)
		add_json_array(l, json_object_get(v, "feeds"));
	json_object_foreach(b, k, v)
		add_json_array(l, v);
	l->files = 2;
	json_decref(a);
	json_decref(b);
	return 0;
}

/* package_rss.db, table rss_main, column rss_url. */
static int read_newscatcher(feed_list *l, const char *path)
{
	sqlite3 *db;
	sqlite3_stmt *s = NULL;
	/* immutable: the shared folder is read-only, and nothing else writes it. */
	char uri[4200];
	snprintf(uri, sizeof(uri), "file:%s?immutable=1", path);
	int rc = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(db, "SELECT rss_url FROM rss_main", -1, &s, NULL);
	if (rc == SQLITE_OK)
		while ((rc = sqlite3_step(s)) == SQLITE_ROW)
			add_entry(l, (const char *)sqlite3_column_text(s, 0));
	if (rc != SQLITE_DONE)
		fprintf(stderr, "%s: %s\n", path, sqlite3_errmsg(db));
	sqlite3_finalize(s);
	sqlite3_close(db);
	l->files = 1;
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Every *.json of DIR: {ISO3: [{"publication_rss_feed_uri": url, ...}]}. */
static int read_country_lists(feed_list *l, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		perror(dir);
		return -1;
	}
	struct dirent *e;
	int rc = 0;
	while (!rc && (e = readdir(d))) {
		if (!bench_ends_with(e->d_name, ".json"))
			continue;
		char *path = join(dir, e->d_name);
		json_t *root = load_json(path), *arr, *o;
		const char *k;
		size_t i;
		rc = root ? 0 : -1;
		json_object_foreach(root, k, arr)
			json_array_foreach(arr, i, o)
				add_entry(l, json_string_value(json_object_get(o,
				          "publication_rss_feed_uri")));
		json_decref(root);
		free(path);
		l->files++;
	}
	closedir(d);
	return rc;
}

/* Decodes the XML entities an attribute value may hold, in place. */
static void xml_unescape(char *s)
{
	static const struct { const char *ent; char c; } ents[] = {
		{ "&amp;", '&' }, { "&quot;", '"' }, { "&apos;", '\'' }, { "&lt;", '<' },
		{ "&gt;", '>' }, { "&#38;", '&' }, { "&#39;", '\'' },
	};
	char *w = s;
	for (const char *r = s; *r;) {
		size_t i = 0, n = sizeof(ents) / sizeof(*ents);
		while (i < n && strncmp(r, ents[i].ent, strlen(ents[i].ent)))
			i++;
		if (i < n) {
			*w++ = ents[i].c;
			r += strlen(ents[i].ent);
		} else {
			*w++ = *r++;
		}
	}
	*w = '\0';
}

/*
 * The xmlUrl="..." attributes of an OPML text.  Many of these files are not
 * well-formed XML (a bare & in a URL), which would stop an XML parser at
 * the first one; a scan for the attribute reads them all.
 */
static void scan_xmlurls(feed_list *l, const char *text)
{
	for (const char *p = text; (p = strpbrk(p, "xX"));) {
		if (strncasecmp(p, "xmlurl", 6)) {
			p++;
			continue;
		}
		p += 6;
		p += strspn(p, " \t\r\n");
		if (*p != '=')
			continue;
		p++;
		p += strspn(p, " \t\r\n");
		if (*p != '"' && *p != '\'')
			continue;
		const char *end = strchr(p + 1, *p);
		if (!end)
			break;
		char *v = strndup(p + 1, (size_t)(end - p - 1));
		xml_unescape(v);
		add_entry(l, v);
		free(v);
		p = end + 1;
	}
}

static int read_opml(feed_list *l, const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return -1;
	}
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	rewind(f);
	char *buf = malloc((size_t)(n > 0 ? n : 0) + 1);
	size_t got = fread(buf, 1, (size_t)(n > 0 ? n : 0), f);
	buf[got] = '\0';
	fclose(f);
	scan_xmlurls(l, buf);
	free(buf);
	l->files++;
	return 0;
}

/* Every *.opml under DIR, at any depth. */
static int read_opml_tree(feed_list *l, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		perror(dir);
		return -1;
	}
	struct dirent *e;
	int rc = 0;
	while (!rc && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		char *path = join(dir, e->d_name);
		struct stat st;
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
			rc = read_opml_tree(l, path);
		else if (bench_ends_with(e->d_name, ".opml"))
			rc = read_opml(l, path);
		free(path);
	}
	closedir(d);
	return rc;
}

/* ------------------------------------------------------------- feed matching */

/* The host of URL without "www." and the like, into OUT; 0 or -1. */
static int host_of(const char *url, char out[OUTLET_KEY_MAX])
{
	char raw[OUTLET_KEY_MAX];
	px_url_host(url, raw, sizeof(raw));
	return outlet_host_normalise(raw, out, OUTLET_KEY_MAX);
}

/* Distinct keys (URLs or hosts) and whether the registry knows each: every
 * one is looked up once, whichever lists it is in. */
typedef struct known {
	strvec keys;
	unsigned char *hit;
	size_t n_hit;
} known;

static int known_resolve(known *k, px_db *db)
{
	sv_sort_unique(&k->keys);
	k->hit = calloc(k->keys.n + 1, 1);
	for (size_t i = 0; i < k->keys.n; i++) {
		int rc = lookup(db, k->keys.v[i], NULL);
		if (rc < 0)
			return -1;
		k->hit[i] = (unsigned char)rc;
		k->n_hit += (size_t)rc;
	}
	return 0;
}

static void known_free(known *k)
{
	sv_free(&k->keys);
	free(k->hit);
}

/* Distinct hosts of the URLs in URLS. */
static void hosts_of(const strvec *urls, strvec *hosts)
{
	char h[OUTLET_KEY_MAX];
	for (size_t i = 0; i < urls->n; i++)
		if (host_of(urls->v[i], h) == 0)
			sv_push(hosts, strdup(h));
	sv_sort_unique(hosts);
}

static size_t count_hits(const strvec *keys, const known *k)
{
	size_t n = 0;
	for (size_t i = 0; i < keys->n; i++) {
		long at = sv_find(&k->keys, keys->v[i]);
		n += at >= 0 && k->hit[at];
	}
	return n;
}

static void print_feed_row(const char *name, size_t files, size_t entries, size_t unusable,
                           size_t urls, size_t url_hits, size_t hosts, size_t host_hits)
{
	printf("  %-28s %5zu %8zu %8zu %7zu %6zu %5.1f%% %6zu %5zu %5.1f%%\n", name, files,
	       entries, unusable, urls, url_hits, pct(url_hits, urls), hosts, host_hits,
	       pct(host_hits, hosts));
}

typedef struct host_count {
	const char *host;
	size_t n;
} host_count;

static int cmp_count(const void *a, const void *b)
{
	const host_count *x = a, *y = b;
	if (x->n != y->n)
		return x->n < y->n ? 1 : -1;
	return strcmp(x->host, y->host);
}

/* What the raters' files (in ALL_DB) know of HOST, for the registry's
 * maintainers: the outlet's name and its outside lean labels. */
static void print_rated(px_db *all_db, const char *host)
{
	px_outlet_list l;
	px_error err = { 0 };
	if (px_outlets_list(all_db, host, &l, &err) < 0 || !l.n) {
		printf("\n");
		return;
	}
	const px_outlet *o = &l.outlets[0];
	printf("  raters: %s", o->name);
	for (size_t k = 0; k < o->n_ratings; k++)
		if (!strcmp(o->ratings[k].dimension, "lean"))
			printf(" %s=%s", o->ratings[k].rater, o->ratings[k].label);
	printf("\n");
	px_outlet_list_free(&l);
}

/* The registrable domains with the most unmatched distinct feed URLs. */
static void print_top_unmatched(const known *urls, px_db *all_db)
{
	strvec regs = { 0 };
	char h[OUTLET_KEY_MAX], r[OUTLET_KEY_MAX];
	for (size_t i = 0; i < urls->keys.n; i++)
		if (!urls->hit[i] && host_of(urls->keys.v[i], h) == 0) {
			registrable(h, r);
			sv_push(&regs, strdup(r));
		}
	qsort(regs.v, regs.n, sizeof(char *), cmp_str);
	host_count *c = malloc((regs.n + 1) * sizeof(*c));
	size_t n = 0;
	for (size_t i = 0; i < regs.n; i++) {
		if (n && !strcmp(c[n - 1].host, regs.v[i]))
			c[n - 1].n++;
		else
			c[n++] = (host_count){ regs.v[i], 1 };
	}
	qsort(c, n, sizeof(*c), cmp_count);
	printf("\nthe %d registrable domains with the most unmatched feed URLs (all lists; "
	       "what the raters' files say of them):\n", TOP_HOSTS);
	for (size_t i = 0; i < n && i < TOP_HOSTS; i++) {
		printf("  %2zu. %-26s %5zu URLs", i + 1, c[i].host, c[i].n);
		print_rated(all_db, c[i].host);
	}
	free(c);
	sv_free(&regs);
}

/* ------------------------------------------------------------- registry feeds */

/* data/outlets.csv read for its id and feed_urls columns only. */
typedef struct reg_feeds {
	px_db *db;
	char *field[64];
	size_t nf;
	int row, col_id, col_feeds;
	size_t n, own, other, none;
	size_t cut;             /* URLs holding ',' or ';' (kept whole) */
	int failed;
} reg_feeds;

static void reg_field(void *s, size_t len, void *data)
{
	reg_feeds *r = data;
	if (r->nf < sizeof(r->field) / sizeof(*r->field))
		r->field[r->nf++] = strndup(s ? s : "", len);
}

/* Looks FEED up and counts whether it names outlet SLUG. */
static void check_feed(reg_feeds *r, const char *slug, const char *feed)
{
	char *found = NULL;
	int rc = lookup(r->db, feed, &found);
	if (rc < 0) {
		r->failed = 1;
		return;
	}
	r->n++;
	r->cut += strpbrk(feed, ",;") != NULL;
	if (rc && found && !strcmp(found, slug)) {
		r->own++;
	} else {
		size_t shown = r->other + r->none;
		if (rc)
			r->other++;
		else
			r->none++;
		if (shown < MAX_EXAMPLES)
			printf("  %-22s %-58s -> %s\n", slug, feed, rc ? found ? found : "?" :
			       "no outlet");
	}
	free(found);
}

static void reg_row(int term, void *data)
{
	(void)term;
	reg_feeds *r = data;
	if (r->row++ == 0) {
		r->col_id = r->col_feeds = -1;
		for (size_t i = 0; i < r->nf; i++) {
			if (!strcmp(r->field[i], "id"))
				r->col_id = (int)i;
			if (!strcmp(r->field[i], "feed_urls"))
				r->col_feeds = (int)i;
		}
	} else if (r->col_id >= 0 && r->col_feeds >= 0 &&
	           (size_t)r->col_feeds < r->nf && (size_t)r->col_id < r->nf) {
		/* Space-separated: ',' and ';' are legal in a URL. */
		char *save = NULL;
		for (char *f = strtok_r(r->field[r->col_feeds], " \t", &save); f;
		     f = strtok_r(NULL, " \t", &save))
			check_feed(r, r->field[r->col_id], f);
	}
	for (size_t i = 0; i < r->nf; i++)
		free(r->field[i]);
	r->nf = 0;
}

/*
 * The registry's own feed_urls: does px_outlets_list(db, FEED) give back the
 * outlet that lists it?  It looks at domains only, so a feed on a feed host
 * (feeds.feedburner.com, feeds.a.dj.com) or a CDN is the test.
 */
static int check_registry_feeds(px_db *db, const char *registry)
{
	FILE *f = fopen(registry, "rb");
	if (!f) {
		perror(registry);
		return -1;
	}
	reg_feeds r = { .db = db };
	struct csv_parser p;
	csv_init(&p, CSV_APPEND_NULL);
	char buf[65536];
	size_t n;
	printf("\nthe registry's own feed_urls that do not lead back to their outlet:\n");
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		if (csv_parse(&p, buf, n, reg_field, reg_row, &r) != n) {
			fprintf(stderr, "%s: %s\n", registry, csv_strerror(csv_error(&p)));
			r.failed = 1;
			break;
		}
	csv_fini(&p, reg_field, reg_row, &r);
	csv_free(&p);
	fclose(f);
	printf("  %zu feed URLs: %zu find their own outlet, %zu another outlet, %zu none\n",
	       r.n, r.own, r.other, r.none);
	if (r.cut)
		printf("  (%zu of them hold ',' or ';', which a list must not split)\n", r.cut);
	return r.failed ? -1 : 0;
}

/* ------------------------------------------------------------- part 2 */

enum { KITE, NEWSCATCHER, COUNTRIES, AWESOME, N_LISTS };

static int read_lists(feed_list *lists, const char *sources)
{
	char *kite = join(sources, "kite-public/kite_feeds.json");
	char *core = join(sources, "kite-public/core_feeds.extracted.json");
	char *nc = join(sources, "newscatcher/package_rss.db");
	char *nflc = join(sources, "news-feed-list-of-countries");
	char *arf = join(sources, "awesome-rss-feeds");
	int rc = read_kite(&lists[KITE], kite, core) < 0 ||
	         read_newscatcher(&lists[NEWSCATCHER], nc) < 0 ||
	         read_country_lists(&lists[COUNTRIES], nflc) < 0 ||
	         read_opml_tree(&lists[AWESOME], arf) < 0 ? -1 : 0;
	free(kite);
	free(core);
	free(nc);
	free(nflc);
	free(arf);
	return rc;
}

/* Part 2: the feed lists against the registry alone (REG_DB). */
static int feed_coverage(px_db *reg_db, px_db *all_db, const char *sources,
                         const char *registry)
{
	feed_list lists[N_LISTS] = { { .name = "kite" }, { .name = "newscatcher" },
	                             { .name = "news-feed-list-of-countries" },
	                             { .name = "awesome-rss-feeds" } };
	double t = bench_now();
	if (read_lists(lists, sources) < 0)
		return -1;
	known urls = { 0 }, hosts = { 0 };
	size_t files = 0, entries = 0, unusable = 0;
	for (int i = 0; i < N_LISTS; i++) {
		sv_sort_unique(&lists[i].urls);
		for (size_t k = 0; k < lists[i].urls.n; k++)
			sv_push(&urls.keys, strdup(lists[i].urls.v[k]));
		files += lists[i].files;
		entries += lists[i].entries;
		unusable += lists[i].unusable;
	}
	double t_read = bench_now() - t;
	if (known_resolve(&urls, reg_db) < 0)
		return -1;
	hosts_of(&urls.keys, &hosts.keys);
	if (known_resolve(&hosts, reg_db) < 0)
		return -1;

	printf("\n== feed lists: distinct feed URLs and hosts whose outlet the registry "
	       "alone finds (px_outlets_list)\n");
	printf("  %-28s %5s %8s %8s %7s %13s %6s %12s\n", "list", "files", "entries",
	       "unusable", "URLs", "matched", "hosts", "matched");
	for (int i = 0; i < N_LISTS; i++) {
		strvec h = { 0 };
		hosts_of(&lists[i].urls, &h);
		print_feed_row(lists[i].name, lists[i].files, lists[i].entries, lists[i].unusable,
		               lists[i].urls.n, count_hits(&lists[i].urls, &urls), h.n,
		               count_hits(&h, &hosts));
		sv_free(&h);
		sv_free(&lists[i].urls);
	}
	print_feed_row("overall (distinct)", files, entries, unusable, urls.keys.n,
	               urls.n_hit, hosts.keys.n, hosts.n_hit);
	printf("  (unusable: not an http(s) URL; a host matches when the bare host finds "
	       "an outlet)\n");
	print_top_unmatched(&urls, all_db);
	int rc = check_registry_feeds(reg_db, registry);
	printf("time: reading lists %.2f s, %zu URL and %zu host lookups %.2f s\n", t_read,
	       urls.keys.n, hosts.keys.n, bench_now() - t - t_read);
	known_free(&urls);
	known_free(&hosts);
	return rc;
}

/* ------------------------------------------------------------- main */

static px_db *open_store(const char *dir, const char *name)
{
	char *path = join(dir, name);
	px_error err = { 0 };
	px_db *db = px_open(path, &err);
	if (!db)
		fprintf(stderr, "%s\n", err.msg);
	free(path);
	return db;
}

static int import_registry(px_db *db, const char *registry)
{
	import_log lg = { .format = "csv" };
	return import_one(db, registry, &lg);
}

static void print_paths(const char *registry, char *const *rater_paths,
                        char *const *shape_paths, const char *sources)
{
	printf("registry: %s\n", registry);
	printf("raters:   mbfc %s\n          allsides %s\n          adfontes %s\n",
	       rater_paths[0], rater_paths[1], rater_paths[2]);
	printf("shapes:   mbfc %s\n          allsides %s\n", shape_paths[0], shape_paths[1]);
	printf("feeds:    %s/kite-public/{kite_feeds,core_feeds.extracted}.json\n"
	       "          %s/newscatcher/package_rss.db (rss_main)\n"
	       "          %s/news-feed-list-of-countries/*.json\n"
	       "          %s/awesome-rss-feeds/**/*.opml\n", sources, sources, sources, sources);
}

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: %s SOURCES_DIR REGISTRY.csv\n", argv[0]);
		return 2;
	}
	const char *sources = argv[1], *registry = argv[2];
	if (access(sources, R_OK) != 0) {
		printf("skip: %s not found (shared data absent)\n", sources);
		return 0;
	}
	double t0 = bench_now();
	char *rater_paths[3] = {
		join(sources, "mbfcext/combined.v5.json"),
		join(sources, "allsides-mbg/all_sides_snapshot_15_11_2023.csv"),
		join(sources, "adfontes-mrdevs/ad_fontes_media_sources_ratings__2022_01_17.csv"),
	};
	char *shape_paths[2] = {
		join(sources, "idiap-news-media-reliability/mbfc.csv"),
		join(sources, "allsides-favstats/allsides_data.csv"),
	};
	print_machine();
	print_paths(registry, rater_paths, shape_paths, sources);

	char dir[] = "/tmp/px-bench-ratings-XXXXXX";
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	/* Two stores (and one per other shape): the raters' rows would add
	 * domains to the registry, and the feed coverage is the registry's
	 * alone. */
	px_db *all = open_store(dir, "all.db"), *reg = open_store(dir, "registry.db");
	int rc = all && reg && import_registry(reg, registry) == 0 ? 0 : -1;
	if (!rc)
		rc = rate_agreement(all, reg, registry, rater_paths);
	if (!rc)
		rc = other_shapes(dir, registry, rater_paths, shape_paths);
	if (!rc)
		rc = feed_coverage(reg, all, sources, registry);
	if (all)
		px_close(all);
	if (reg)
		px_close(reg);
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	for (int i = 0; i < 3; i++)
		free(rater_paths[i]);
	for (int i = 0; i < 2; i++)
		free(shape_paths[i]);
	printf("\nwall time: %.2f s\n", bench_now() - t0);
	return rc ? 1 : 0;
}
