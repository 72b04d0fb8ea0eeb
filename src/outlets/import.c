/*
 * import.c — reading outlet tables and raters' files into outlet records.
 *
 * Formats (../shared/data/sources/README.md describes the raters' scales);
 * a format may come in more than one shape, and detect_shape() looks at the
 * file once to tell which:
 *   csv       Parallax's table (data/outlets.csv): id, name, domains,
 *             feed_urls, country, language, ownership, owner, lean,
 *             lean_rater, lean_date, factuality, factuality_rater,
 *             factuality_date; columns found by their header names.
 *   allsides  a CSV, either news_source, news_link, bias_rating (Left, Lean
 *             Left, Center, Lean Right, Right; "Mixed" is no lean), or,
 *             when the header has "rating" and no "bias_rating", the
 *             favstats table: news_source, rating (left, left-center,
 *             center, right-center, right; "allsides", AllSides' mixed
 *             icon, is no lean), and no domain (its url is AllSides' page),
 *             so those rows rate only outlets known by that name.
 *   adfontes  source, reliability (0..64), bias (-42..+42); names only.
 *   mbfc      the mbfcext JSON (the file begins with '{'): {"date",
 *             "sources": [{domain, name, bias, reporting, ...}]}; or a CSV
 *             with source (a domain), bias and factual_reporting in MBFC's
 *             own words ("least biased", "extreme right", "right
 *             conspiracy-pseudoscience", "very high"); bias left .. right
 *             (pro-science, conspiracy-pseudoscience, satire, fake-news
 *             and questionable are no lean).
 *
 * Mapping to the common scales (outlets.h):
 *   allsides  Left -2, Lean Left -1, Center 0, Lean Right 1, Right 2
 *             (favstats: left, left-center, center, right-center, right).
 *   mbfc      extreme-left -3, left -2, left-center -1, center and
 *             least-biased 0, right-center 1, right 2, extreme-right 3;
 *             reporting very-low 0 .. very-high 5.  The same table reads
 *             both shapes: words are compared in lower case with spaces,
 *             hyphens and dashes alike, "far" is "extreme", a remark in
 *             parentheses and a trailing "bias"/"biased" are dropped.  A
 *             category word anywhere in the bias (pro-science, conspiracy,
 *             pseudoscience, satire, fake-news, questionable) or "not
 *             rated" means no lean, even beside a side ("right
 *             conspiracy-pseudoscience"): MBFC's category takes the
 *             place of the lean, and mbfcext's JSON records no side for it.
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

/* What a file turned out to be: a format and, within it, its shape. */
typedef enum file_shape {
	SHAPE_OWN_CSV,
	SHAPE_MBFC_JSON,          /* mbfcext combined.json */
	SHAPE_MBFC_CSV,           /* source, bias, factual_reporting */
	SHAPE_ALLSIDES,           /* news_source, news_link, bias_rating */
	SHAPE_ALLSIDES_FAVSTATS,  /* news_source, rating; no domains */
	SHAPE_ADFONTES
} file_shape;

typedef struct csv_state {
	const char *path;
	file_shape shape;
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

/* ------------------------------------------------------------- MBFC's words */

/* Does W ("right-conspiracy-pseudoscience") hold WORD ("conspiracy",
 * "pro-science") between hyphens or its ends? */
static int has_word(const char *w, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = w; (p = strstr(p, word)); p++)
		if ((p == w || p[-1] == '-') && (p[n] == '-' || !p[n]))
			return 1;
	return 0;
}

/*
 * MBFC's bias words, as the JSON writes them ("left-center") or as the
 * site does ("Left-Center (by Saudi standards)", "far right-bias"): 1 with
 * *V the lean, 0 for a category with no lean or "not rated", -1 for words
 * that are neither (see the top of this file).
 */
static int mbfc_lean(const char *label, double *v)
{
	static const struct { const char *name; double v; } bias[] = {
		{ "extreme-left", -3 }, { "far-left", -3 }, { "left", -2 }, { "left-center", -1 },
		{ "center", 0 }, { "least-biased", 0 }, { "right-center", 1 }, { "right", 2 },
		{ "extreme-right", 3 }, { "far-right", 3 },
	};
	static const char *const no_lean[] = {
		"pro-science", "conspiracy", "pseudoscience", "satire", "fake-news", "questionable",
		"not-rated", "unrated",
	};
	/* The words in lower case, joined by '-', without remarks in (). */
	char w[128];
	size_t n = 0, depth = 0;
	for (const unsigned char *p = (const unsigned char *)label; *p; p++) {
		unsigned char c = *p >= 'A' && *p <= 'Z' ? (unsigned char)(*p + 32) : *p;
		if (c == '(' || depth) {     /* a remark, to its ')' */
			depth += c == '(';
			depth -= c == ')';
			continue;
		}
		int word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
		if (!word && (!n || w[n - 1] == '-'))
			continue;
		if (n + 1 >= sizeof(w))
			return -1;
		w[n++] = word ? (char)c : '-';
	}
	if (n && w[n - 1] == '-')
		n--;
	w[n] = '\0';
	for (int pass = 0; pass < 2; pass++) {
		for (size_t k = 0; k < sizeof(bias) / sizeof(*bias); k++)
			if (!strcmp(w, bias[k].name)) {
				*v = bias[k].v;
				return 1;
			}
		/* "left biased", "far right-bias" */
		size_t len = strlen(w);
		if (len > 7 && !strcmp(w + len - 7, "-biased"))
			w[len - 7] = '\0';
		else if (len > 5 && !strcmp(w + len - 5, "-bias"))
			w[len - 5] = '\0';
		else
			break;
	}
	for (size_t k = 0; k < sizeof(no_lean) / sizeof(*no_lean); k++)
		if (has_word(w, no_lean[k]))
			return 0;
	return -1;
}

/*
 * Appends MBFC's BIAS and REPORTING (either may be NULL) to R's ratings
 * (room for two), dated DATE, from R->where.  Returns NULL, or why the row
 * is not usable.
 */
static const char *mbfc_rate(px_arena *a, const char *bias, const char *reporting,
                             const char *date, outlet_record *r)
{
	double v;
	int lean = bias ? mbfc_lean(bias, &v) : 0;
	if (lean < 0)
		return px_arena_printf(a, "unknown bias '%s'", bias);
	if (lean)
		r->ratings[r->n_ratings++] = (outlet_rating){ OUTLET_LEAN, v, "mbfc", bias, date,
		                                              r->where };
	if (reporting && *reporting) {
		if (outlet_level_parse(OUTLET_FACTUALITY, reporting, &v) < 0)
			return px_arena_printf(a, "unknown reporting '%s'", reporting);
		r->ratings[r->n_ratings++] = (outlet_rating){ OUTLET_FACTUALITY, v, "mbfc",
		                                              reporting, date, r->where };
	}
	return NULL;
}

/* ------------------------------------------------------------- CSV shapes */

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

/*
 * AllSides' ratings in either table's words (LABEL for news_source,
 * news_link, bias_rating; SLUG for favstats' rating, the names of its
 * rating icons).  Mixed / "allsides" is an outlet recorded without a lean.
 */
static void row_allsides(csv_state *s, outlet_record *r, outlet_rating *rt)
{
	static const struct { const char *label, *slug; double v; } levels[] = {
		{ "Left", "left", -2 }, { "Lean Left", "left-center", -1 },
		{ "Center", "center", 0 }, { "Lean Right", "right-center", 1 },
		{ "Right", "right", 2 },
	};
	int favstats = s->shape == SHAPE_ALLSIDES_FAVSTATS;
	const char *column = favstats ? "rating" : "bias_rating";
	px_arena *a = s->row;
	r->name = col(s, C_NAME);
	r->n_domains = domains_of(a, col(s, C_DOMAINS), &r->domains);
	const char *b = col(s, C_LEAN);
	if (!r->name) {
		reject(s, "no news_source");
		return;
	}
	if (!b) {
		reject(s, px_arena_printf(a, "no %s", column));
		r->name = NULL;
		return;
	}
	for (size_t i = 0; i < sizeof(levels) / sizeof(*levels); i++)
		if (!strcmp(b, favstats ? levels[i].slug : levels[i].label)) {
			rt[0] = (outlet_rating){ OUTLET_LEAN, levels[i].v, "allsides", b, s->date, NULL };
			r->n_ratings = 1;
			return;
		}
	if (strcmp(b, favstats ? "allsides" : "Mixed")) {
		reject(s, px_arena_printf(a, "unknown %s '%s' (%s)", column, b, favstats ?
		                          "left, left-center, center, right-center, right, allsides" :
		                          "Left, Lean Left, Center, Lean Right, Right, Mixed"));
		r->name = NULL;
	}
	/* Mixed: the outlet is recorded, without a lean. */
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

/* MBFC's CSV: SOURCE is the outlet's domain, and its name until a
 * registry names it. */
static void row_mbfc_csv(csv_state *s, outlet_record *r)
{
	px_arena *a = s->row;
	const char *domain = col(s, C_NAME);
	if (!domain) {
		reject(s, "no source (the outlet's domain)");
		return;
	}
	if (strpbrk(domain, " \t") || !strchr(domain, '.')) {
		reject(s, px_arena_printf(a, "source '%s' is not a domain", domain));
		return;
	}
	r->n_domains = domains_of(a, domain, &r->domains);
	r->name = r->n_domains ? r->domains[0] : domain;
	const char *why = mbfc_rate(a, col(s, C_LEAN), col(s, C_FACT), s->date, r);
	if (why) {
		reject(s, why);
		r->name = NULL;
	}
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
			{ "bias_rating", "lean" }, { "bias", "lean" }, { "rating", "lean" },
			{ "factual_reporting", "factuality" },
		};
		for (int i = 0; i < C_N; i++)
			s->col[i] = -1;
		for (size_t f = 0; f < s->n_fields; f++) {
			const char *h = s->field[f];
			for (size_t k = 0; k < sizeof(alias) / sizeof(*alias); k++)
				if (s->shape != SHAPE_OWN_CSV && !strcmp(h, alias[k][0]))
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
	if (s->shape == SHAPE_OWN_CSV)
		row_own_csv(s, &r, rt);
	else if (s->shape == SHAPE_MBFC_CSV)
		row_mbfc_csv(s, &r);
	else if (s->shape == SHAPE_ADFONTES)
		row_adfontes(s, &r, rt);
	else
		row_allsides(s, &r, rt);
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
		const char *why = mbfc_rate(a, b, rep, date, &r);
		if (!why)
			s->stop = s->on_record(s->ctx, &r);
		else if (s->on_reject)
			s->on_reject(s->ctx, where, why);
		px_arena_reset(a);
	}
	json_decref(root);
	return s->stop;
}

/* ------------------------------------------------------------- shapes */

/* The column names of a CSV's first line. */
typedef struct header {
	char name[MAX_FIELDS][32];
	size_t n;
	int done;
} header;

static void header_field(void *f, size_t len, void *data)
{
	header *h = data;
	if (h->done || h->n == MAX_FIELDS)
		return;
	snprintf(h->name[h->n++], sizeof(h->name[0]), "%.*s", (int)len, f ? (char *)f : "");
}

static void header_end(int term, void *data)
{
	(void)term;
	((header *)data)->done = 1;
}

static int has_column(const header *h, const char *name)
{
	for (size_t i = 0; i < h->n; i++)
		if (!strcmp(h->name[i], name))
			return 1;
	return 0;
}

/*
 * The one place that tells a format's shapes apart, from the start of the
 * file: MBFC's JSON begins with '{' (or '['), its CSV has source, bias and
 * factual_reporting columns; AllSides' favstats table has a "rating"
 * column and no "bias_rating".  0, or a px_status with ERR set.
 */
static int detect_shape(const char *path, outlet_format format, file_shape *shape,
                        px_error *err)
{
	*shape = format == OUTLET_CSV ? SHAPE_OWN_CSV : format == OUTLET_ADFONTES ?
	         SHAPE_ADFONTES : format == OUTLET_MBFC ? SHAPE_MBFC_JSON : SHAPE_ALLSIDES;
	if (format != OUTLET_MBFC && format != OUTLET_ALLSIDES)
		return 0;
	FILE *fp = fopen(path, "rb");
	if (!fp)
		return px_fail(err, PX_EIO, "%s: %s", path, strerror(errno));
	char buf[4096];
	size_t n = fread(buf, 1, sizeof(buf), fp), at = 0;
	int bad = ferror(fp);
	fclose(fp);
	if (bad)
		return px_fail(err, PX_EIO, "%s: %s", path, strerror(errno));
	if (n >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3))
		at = 3;   /* a byte-order mark */
	size_t first = at;
	while (first < n && strchr(" \t\r\n", buf[first]))
		first++;
	if (format == OUTLET_MBFC && (first == n || buf[first] == '{' || buf[first] == '['))
		return 0; /* JSON, or nothing: the JSON reader says what is wrong */
	/* The header: the first line. */
	size_t end = at;
	while (end < n && buf[end] != '\n' && buf[end] != '\r')
		end++;
	header h;
	memset(&h, 0, sizeof(h));
	struct csv_parser p;
	csv_init(&p, 0);
	csv_parse(&p, buf + at, end - at, header_field, header_end, &h);
	csv_fini(&p, header_field, header_end, &h);
	csv_free(&p);
	if (format == OUTLET_ALLSIDES) {
		if (has_column(&h, "rating") && !has_column(&h, "bias_rating"))
			*shape = SHAPE_ALLSIDES_FAVSTATS;
		return 0;
	}
	if (!has_column(&h, "source") || !has_column(&h, "bias") ||
	    !has_column(&h, "factual_reporting"))
		return px_fail(err, PX_EINVAL, "%s:1: not MBFC: neither mbfcext's JSON nor a "
		               "CSV with source, bias and factual_reporting columns", path);
	*shape = SHAPE_MBFC_CSV;
	return 0;
}

int outlet_import(const char *path, outlet_format format, const char *date,
                  outlet_record_cb on_record, outlet_reject_cb on_reject, void *ctx,
                  px_error *err)
{
	csv_state s;
	memset(&s, 0, sizeof(s));
	int rc = detect_shape(path, format, &s.shape, err);
	if (rc < 0)
		return rc;
	s.path = path;
	s.on_record = on_record;
	s.on_reject = on_reject;
	s.ctx = ctx;
	s.date = date;
	s.row = px_arena_new(0);
	rc = s.shape == SHAPE_MBFC_JSON ? import_mbfc(path, &s, err) : import_csv(path, &s, err);
	px_arena_free(s.row);
	return rc;
}
