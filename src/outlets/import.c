/*
 * import.c — reading outlet tables and raters' files into outlet records.
 *
 * Formats (../shared/data/sources/README.md describes the raters' scales):
 *   csv       Parallax's table (data/outlets.csv): id, name, domains,
 *             feed_urls, country, language, ownership, owner, lean,
 *             lean_rater, lean_date, factuality, factuality_rater,
 *             factuality_date; columns found by their header names.
 *   allsides  news_source, news_link, bias_rating (Left, Lean Left,
 *             Center, Lean Right, Right; "Mixed" is no lean).
 *   adfontes  source, reliability (0..64), bias (-42..+42); names only.
 *   mbfc      the mbfcext JSON: {"date", "sources": [{domain, name, bias,
 *             reporting, ...}]}; bias left .. right (pro-science,
 *             conspiracy-pseudoscience, satire and fake-news are no lean).
 *
 * Mapping to the common scales (outlets.h):
 *   allsides  Left -2, Lean Left -1, Center 0, Lean Right 1, Right 2.
 *   mbfc      extreme-left -3, left -2, left-center -1, center and
 *             least-biased 0, right-center 1, right 2, extreme-right 3;
 *             reporting very-low 0 .. very-high 5.
 *   adfontes  lean = bias / 12, so its bands (middle -6..6, skews 6..18,
 *             hyper-partisan 18..30, most extreme beyond) round to center,
 *             lean, left/right, far; factuality = (reliability - 12) / 8,
 *             so its bands of 8 (48+ original reporting, 40 fact
 *             reporting, 32 mixed with analysis, 24 analysis and opinion,
 *             16 unfair persuasion, below misleading) round to very-high ..
 *             very-low.  Both clamped to the scale.
 *
 * A bad row is reported as FILE:LINE with the reason and skipped; the
 * import goes on.  Every string of a record lives in a per-row arena.
 */
#include "outlets.h"

#include <csv.h>
#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/arena.h"
#include "util/error.h"

int outlet_format_parse(const char *s, outlet_format *f)
{
	static const struct { const char *name; outlet_format f; } formats[] = {
		{ "csv", OUTLET_CSV }, { "mbfc", OUTLET_MBFC },
		{ "allsides", OUTLET_ALLSIDES }, { "adfontes", OUTLET_ADFONTES },
	};
	for (size_t i = 0; i < sizeof(formats) / sizeof(*formats); i++)
		if (!strcmp(s, formats[i].name)) {
			*f = formats[i].f;
			return 0;
		}
	return -1;
}

/* ------------------------------------------------------------- CSV rows */

#define MAX_FIELDS 64

typedef struct csv_state {
	const char *path;
	outlet_format format;
	outlet_record_cb on_record;
	outlet_reject_cb on_reject;
	void *ctx;
	px_arena *row;           /* the current row's strings */
	char *field[MAX_FIELDS];
	size_t n_fields;
	long line, row_line;     /* physical line now; where the row began */
	int header_done;
	int col[16];             /* column index by role, -1 when absent */
	int stop;                /* a callback's non-zero return */
	const char *date;        /* default rating date */
} csv_state;

enum {
	C_ID, C_NAME, C_DOMAINS, C_FEEDS, C_COUNTRY, C_LANGUAGE, C_OWNERSHIP, C_OWNER,
	C_LEAN, C_LEAN_RATER, C_LEAN_DATE, C_FACT, C_FACT_RATER, C_FACT_DATE,
	C_RELIABILITY, C_N
};

static const char *const csv_roles[C_N] = {
	"id", "name", "domains", "feed_urls", "country", "language", "ownership", "owner",
	"lean", "lean_rater", "lean_date", "factuality", "factuality_rater",
	"factuality_date", "reliability"
};

static void reject(csv_state *s, const char *reason)
{
	char where[600];
	snprintf(where, sizeof(where), "%s:%ld", s->path, s->row_line);
	if (s->on_reject)
		s->on_reject(s->ctx, where, reason);
}

static const char *col(const csv_state *s, int role)
{
	int i = s->col[role];
	if (i < 0 || (size_t)i >= s->n_fields)
		return NULL;
	const char *v = s->field[i];
	while (*v == ' ' || *v == '\t')
		v++;
	return *v ? v : NULL;
}

/* Splits a whitespace-separated list into an arena array (only
 * whitespace: URLs may hold ',' and ';'). */
static size_t split_list(px_arena *a, const char *s, const char ***out)
{
	size_t n = 0, cap = 4;
	const char **v = px_arena_alloc(a, cap * sizeof(char *));
	while (s && *s) {
		while (*s == ' ' || *s == '\t')
			s++;
		size_t k = strcspn(s, " \t");
		if (!k)
			break;
		if (n == cap) {
			const char **w = px_arena_alloc(a, 2 * cap * sizeof(char *));
			memcpy(w, v, cap * sizeof(char *));
			v = w;
			cap *= 2;
		}
		v[n++] = px_arena_strndup(a, s, k);
		s += k;
	}
	*out = v;
	return n;
}

static int valid_date(const char *d)
{
	/* YYYY-MM-DD, or YYYY-MM */
	size_t n = strlen(d);
	if (n != 10 && n != 7)
		return 0;
	for (size_t i = 0; i < n; i++)
		if ((i == 4 || i == 7) ? d[i] != '-' : (d[i] < '0' || d[i] > '9'))
			return 0;
	return 1;
}

/* Domains as registered: normalised host, with its path section if any. */
static size_t domains_of(px_arena *a, const char *list, const char ***out)
{
	size_t n = split_list(a, list, out);
	for (size_t i = 0; i < n; i++) {
		const char *d = (*out)[i], *p = strstr(d, "://");
		p = p ? p + 3 : d;
		char host[OUTLET_KEY_MAX];
		if (outlet_host_normalise(p, host, sizeof(host)) < 0)
			continue;
		const char *path = strchr(p, '/');
		size_t plen = path ? strlen(path) : 0;
		while (plen && path[plen - 1] == '/')
			plen--;
		(*out)[i] = plen ? px_arena_printf(a, "%s%.*s", host, (int)plen, path)
		                 : px_arena_strdup(a, host);
		for (char *c = (char *)(*out)[i]; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c + 32);
	}
	return n;
}

static int parse_number(const char *s, double *v)
{
	char *end;
	errno = 0;
	*v = strtod(s, &end);
	while (*end == ' ')
		end++;
	return s != end && !*end && errno == 0 && isfinite(*v) ? 0 : -1;
}

static double clamp(double v, double lo, double hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static void row_own_csv(csv_state *s, outlet_record *r, outlet_rating *rt)
{
	px_arena *a = s->row;
	r->slug = col(s, C_ID);
	r->name = col(s, C_NAME);
	r->n_domains = domains_of(a, col(s, C_DOMAINS), &r->domains);
	r->n_feeds = split_list(a, col(s, C_FEEDS), &r->feeds);
	r->country = col(s, C_COUNTRY);
	r->language = col(s, C_LANGUAGE);
	r->ownership = col(s, C_OWNERSHIP);
	r->owner = col(s, C_OWNER);
	if (!r->name) {
		reject(s, "no name");
		r->name = NULL;
		return;
	}
	if (r->ownership && !outlet_ownership_valid(r->ownership)) {
		reject(s, px_arena_printf(a, "unknown ownership '%s' (independent, "
		                          "corporation, public-broadcaster, state-funded, "
		                          "state-controlled, non-profit, cooperative, trust, "
		                          "private-individual)", r->ownership));
		r->name = NULL;
		return;
	}
	static const struct { outlet_dim d; int v, rater, date; } dims[] = {
		{ OUTLET_LEAN, C_LEAN, C_LEAN_RATER, C_LEAN_DATE },
		{ OUTLET_FACTUALITY, C_FACT, C_FACT_RATER, C_FACT_DATE },
	};
	for (size_t i = 0; i < 2; i++) {
		const char *v = col(s, dims[i].v);
		if (!v)
			continue;
		outlet_rating *x = &rt[r->n_ratings];
		memset(x, 0, sizeof(*x));
		x->dim = dims[i].d;
		if (outlet_level_parse(x->dim, v, &x->value) < 0) {
			reject(s, px_arena_printf(a, "%s '%s' is not on the scale (%s)",
			                          outlet_dim_name(x->dim), v,
			                          x->dim == OUTLET_LEAN ?
			                          "far-left .. far-right" : "very-low .. very-high"));
			r->name = NULL;
			return;
		}
		x->label = v;
		x->rater = col(s, dims[i].rater);
		x->date = col(s, dims[i].date);
		if (!x->date)
			x->date = s->date;
		if (!x->rater) {
			reject(s, px_arena_printf(a, "%s without a rater (%s_rater)",
			                          outlet_dim_name(x->dim), outlet_dim_name(x->dim)));
			r->name = NULL;
			return;
		}
		if (x->date && !valid_date(x->date)) {
			reject(s, px_arena_printf(a, "%s date '%s' is not YYYY-MM-DD",
			                          outlet_dim_name(x->dim), x->date));
			r->name = NULL;
			return;
		}
		r->n_ratings++;
	}
}

static void row_allsides(csv_state *s, outlet_record *r, outlet_rating *rt)
{
	static const struct { const char *label; double v; } levels[] = {
		{ "Left", -2 }, { "Lean Left", -1 }, { "Center", 0 },
		{ "Lean Right", 1 }, { "Right", 2 },
	};
	px_arena *a = s->row;
	r->name = col(s, C_NAME);
	r->n_domains = domains_of(a, col(s, C_DOMAINS), &r->domains);
	const char *b = col(s, C_LEAN);
	if (!r->name) {
		reject(s, "no news_source");
		return;
	}
	if (!b) {
		reject(s, "no bias_rating");
		r->name = NULL;
		return;
	}
	for (size_t i = 0; i < sizeof(levels) / sizeof(*levels); i++)
		if (!strcmp(b, levels[i].label)) {
			rt[0] = (outlet_rating){ OUTLET_LEAN, levels[i].v, "allsides", b, s->date, NULL };
			r->n_ratings = 1;
			return;
		}
	if (strcmp(b, "Mixed")) {
		reject(s, px_arena_printf(a, "unknown bias_rating '%s'", b));
		r->name = NULL;
	}
	/* "Mixed": the outlet is recorded, without a lean. */
}

static void row_adfontes(csv_state *s, outlet_record *r, outlet_rating *rt)
{
	px_arena *a = s->row;
	r->name = col(s, C_NAME);
	const char *rel = col(s, C_RELIABILITY), *bias = col(s, C_LEAN);
	double rv, bv;
	if (!r->name) {
		reject(s, "no source name");
		return;
	}
	if (!rel || parse_number(rel, &rv) < 0 || rv < 0 || rv > 64) {
		reject(s, px_arena_printf(a, "reliability '%s' is not a number in 0..64",
		                          rel ? rel : ""));
		r->name = NULL;
		return;
	}
	if (!bias || parse_number(bias, &bv) < 0 || bv < -42 || bv > 42) {
		reject(s, px_arena_printf(a, "bias '%s' is not a number in -42..42",
		                          bias ? bias : ""));
		r->name = NULL;
		return;
	}
	rt[0] = (outlet_rating){ OUTLET_LEAN, clamp(bv / 12, -3, 3), "adfontes", bias, s->date, NULL };
	rt[1] = (outlet_rating){ OUTLET_FACTUALITY, clamp((rv - 12) / 8, 0, 5), "adfontes",
	                         rel, s->date, NULL };
	r->n_ratings = 2;
}

static void end_row(int term, void *data)
{
	(void)term;
	csv_state *s = data;
	if (s->stop)
		goto next;
	if (!s->header_done) {
		/* The header: map roles to columns by name. */
		static const char *const alias[][2] = {
			{ "news_source", "name" }, { "source", "name" }, { "news_link", "domains" },
			{ "bias_rating", "lean" }, { "bias", "lean" },
		};
		for (int i = 0; i < C_N; i++)
			s->col[i] = -1;
		for (size_t f = 0; f < s->n_fields; f++) {
			const char *h = s->field[f];
			for (size_t k = 0; k < sizeof(alias) / sizeof(*alias); k++)
				if (s->format != OUTLET_CSV && !strcmp(h, alias[k][0]))
					h = alias[k][1];
			for (int i = 0; i < C_N; i++)
				if (!strcmp(h, csv_roles[i]) && s->col[i] < 0)
					s->col[i] = (int)f;
		}
		s->header_done = 1;
		if (s->col[C_NAME] < 0)
			reject(s, "header has no name column (name, news_source or source)");
		goto next;
	}
	if (s->n_fields == 1 && !*s->field[0])
		goto next; /* a blank line */
	outlet_record r;
	outlet_rating rt[4];
	memset(&r, 0, sizeof(r));
	r.ratings = rt;
	r.where = px_arena_printf(s->row, "%s:%ld", s->path, s->row_line);
	if (s->format == OUTLET_CSV)
		row_own_csv(s, &r, rt);
	else if (s->format == OUTLET_ALLSIDES)
		row_allsides(s, &r, rt);
	else
		row_adfontes(s, &r, rt);
	for (size_t i = 0; i < r.n_ratings; i++)
		rt[i].source = r.where;
	if (r.name)
		s->stop = s->on_record(s->ctx, &r);
next:
	s->n_fields = 0;
	px_arena_reset(s->row);
}

static void end_field(void *f, size_t len, void *data)
{
	csv_state *s = data;
	if (s->n_fields == 0)
		s->row_line = s->line;
	if (s->n_fields < MAX_FIELDS)
		s->field[s->n_fields++] = px_arena_strndup(s->row, f ? f : "", len);
}

static int import_csv(const char *path, csv_state *s, px_error *err)
{
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return px_fail(err, PX_EIO, "%s: %s", path, strerror(errno));
	struct csv_parser p;
	csv_init(&p, CSV_APPEND_NULL);
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int rc = 0;
	while (!s->stop && (len = getline(&line, &cap, fp)) >= 0) {
		s->line++;
		if (s->line == 1 && len >= 3 && !memcmp(line, "\xEF\xBB\xBF", 3)) {
			memmove(line, line + 3, (size_t)len - 2);  /* a byte-order mark */
			len -= 3;
		}
		if (csv_parse(&p, line, (size_t)len, end_field, end_row, s) != (size_t)len) {
			rc = px_fail(err, PX_EINVAL, "%s:%ld: %s", path, s->line,
			             csv_strerror(csv_error(&p)));
			break;
		}
	}
	if (!rc && ferror(fp))
		rc = px_fail(err, PX_EIO, "%s: %s", path, strerror(errno));
	if (!rc)
		csv_fini(&p, end_field, end_row, s);
	csv_free(&p);
	free(line);
	fclose(fp);
	return rc ? rc : s->stop;
}

/* ------------------------------------------------------------- MBFC JSON */

static int import_mbfc(const char *path, csv_state *s, px_error *err)
{
	json_error_t je;
	json_t *root = json_load_file(path, 0, &je);
	if (!root)
		return px_fail(err, PX_EINVAL, "%s:%d: %s", path, je.line, je.text);
	json_t *sources = json_object_get(root, "sources");
	if (!json_is_array(sources)) {
		json_decref(root);
		return px_fail(err, PX_EINVAL, "%s: no \"sources\" array (not an mbfcext "
		               "combined.json?)", path);
	}
	/* The file's date ("2026-08-19T10:00:49Z") dates its ratings. */
	char fdate[11] = "";
	const char *d = json_string_value(json_object_get(root, "date"));
	if (d && strlen(d) >= 10) {
		memcpy(fdate, d, 10);
		if (!valid_date(fdate))
			fdate[0] = '\0';
	}
	const char *date = s->date ? s->date : fdate[0] ? fdate : NULL;
	json_t *aliases = json_object_get(root, "aliases");
	static const struct { const char *name; double v; } bias[] = {
		{ "extreme-left", -3 }, { "left", -2 }, { "left-center", -1 }, { "center", 0 },
		{ "least-biased", 0 }, { "right-center", 1 }, { "right", 2 }, { "extreme-right", 3 },
	};
	static const char *const no_lean[] = {
		"pro-science", "conspiracy-pseudoscience", "satire", "fake-news", "questionable",
	};
	size_t i;
	json_t *o;
	json_array_foreach(sources, i, o) {
		if (s->stop)
			break;
		/* A line number for each source: the JSON has none kept, so the
		 * report names its index. */
		s->row_line = (long)i;
		px_arena *a = s->row;
		char *where = px_arena_printf(a, "%s:sources[%zu]", path, i);
		const char *name = json_string_value(json_object_get(o, "name"));
		const char *domain = json_string_value(json_object_get(o, "domain"));
		const char *b = json_string_value(json_object_get(o, "bias"));
		const char *rep = json_string_value(json_object_get(o, "reporting"));
		outlet_record r;
		outlet_rating rt[2];
		memset(&r, 0, sizeof(r));
		r.ratings = rt;
		r.where = where;
		r.name = name && *name ? name : domain;
		if (!r.name) {
			if (s->on_reject)
				s->on_reject(s->ctx, where, "no name and no domain");
			px_arena_reset(a);
			continue;
		}
		if (domain) {
			/* The file's aliases name the same outlet's other domains
			 * ("bbc.co.uk" -> "bbc.com"). */
			const char *alias;
			json_t *to;
			char *list = px_arena_strdup(a, domain);
			json_object_foreach(aliases, alias, to)
				if (json_is_string(to) && !strcmp(json_string_value(to), domain))
					list = px_arena_printf(a, "%s %s", list, alias);
			r.n_domains = domains_of(a, list, &r.domains);
		}
		int bad = 0, known = 0;
		for (size_t k = 0; b && k < sizeof(bias) / sizeof(*bias); k++)
			if (!strcmp(b, bias[k].name)) {
				rt[r.n_ratings++] = (outlet_rating){ OUTLET_LEAN, bias[k].v, "mbfc", b,
				                                     date, where };
				known = 1;
			}
		for (size_t k = 0; b && !known && k < sizeof(no_lean) / sizeof(*no_lean); k++)
			known = !strcmp(b, no_lean[k]);
		if (b && !known) {
			if (s->on_reject)
				s->on_reject(s->ctx, where, px_arena_printf(a, "unknown bias '%s'", b));
			bad = 1;
		}
		double fv;
		if (!bad && rep && outlet_level_parse(OUTLET_FACTUALITY, rep, &fv) == 0)
			rt[r.n_ratings++] = (outlet_rating){ OUTLET_FACTUALITY, fv, "mbfc", rep,
			                                     date, where };
		else if (!bad && rep && *rep) {
			if (s->on_reject)
				s->on_reject(s->ctx, where,
				             px_arena_printf(a, "unknown reporting '%s'", rep));
			bad = 1;
		}
		if (!bad)
			s->stop = s->on_record(s->ctx, &r);
		px_arena_reset(a);
	}
	json_decref(root);
	return s->stop;
}

int outlet_import(const char *path, outlet_format format, const char *date,
                  outlet_record_cb on_record, outlet_reject_cb on_reject, void *ctx,
                  px_error *err)
{
	csv_state s;
	memset(&s, 0, sizeof(s));
	s.path = path;
	s.format = format;
	s.on_record = on_record;
	s.on_reject = on_reject;
	s.ctx = ctx;
	s.date = date;
	s.row = px_arena_new(0);
	int rc = format == OUTLET_MBFC ? import_mbfc(path, &s, err) : import_csv(path, &s, err);
	px_arena_free(s.row);
	return rc;
}
