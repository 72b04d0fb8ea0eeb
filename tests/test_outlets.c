/* test_outlets.c — the outlet registry: scales, combining raters, domain
 * keys, the four importers and their other shapes (MBFC's CSV, AllSides'
 * favstats table) on their fixtures (tests/fixtures/ratings), and
 * articles finding their outlet through the registry. */
#include "testutil.h"

#include <math.h>

#include "coverage/coverage.h"
#include "outlets/outlets.h"

static void scales_name_parse_and_round(void **state)
{
	(void)state;
	double v;
	assert_int_equal(outlet_level_parse(OUTLET_LEAN, "Lean Left", &v), 0);
	assert_true(v == -1);
	assert_int_equal(outlet_level_parse(OUTLET_LEAN, "far_right", &v), 0);
	assert_true(v == 3);
	assert_int_equal(outlet_level_parse(OUTLET_LEAN, "centre", &v), 0);
	assert_true(v == 0);
	assert_int_equal(outlet_level_parse(OUTLET_FACTUALITY, "Mostly Factual", &v), 0);
	assert_true(v == 3);
	assert_int_equal(outlet_level_parse(OUTLET_LEAN, "high", &v), -1);
	assert_int_equal(outlet_level_parse(OUTLET_FACTUALITY, "lean-left", &v), -1);
	/* Halves round away from zero; the ends clamp. */
	assert_string_equal(outlet_level_name(OUTLET_LEAN, -1.5), "left");
	assert_string_equal(outlet_level_name(OUTLET_LEAN, 0.49), "center");
	assert_string_equal(outlet_level_name(OUTLET_LEAN, 7), "far-right");
	assert_string_equal(outlet_level_name(OUTLET_FACTUALITY, 4.5), "very-high");
	assert_string_equal(outlet_level_name(OUTLET_FACTUALITY, -1), "very-low");
	assert_null(outlet_level_name(OUTLET_LEAN, NAN));
	assert_true(outlet_ownership_valid("state-controlled"));
	assert_false(outlet_ownership_valid("conglomerate"));
}

static void ratings_combine_as_a_mean_unless_overridden(void **state)
{
	(void)state;
	outlet_rating r[4] = {
		{ OUTLET_LEAN, -2, "allsides", "Left", NULL, NULL },
		{ OUTLET_LEAN, -1, "mbfc", "left-center", NULL, NULL },
		{ OUTLET_FACTUALITY, 3, "mbfc", "mostly-factual", NULL, NULL },
		{ OUTLET_LEAN, 0, "adfontes", "1.2", NULL, NULL },
	};
	outlet_combined c;
	outlet_combine(r, 4, OUTLET_LEAN, &c);
	assert_int_equal(c.n_raters, 3);
	assert_true(fabs(c.value - -1.0) < 1e-9);
	assert_string_equal(c.level, "lean-left");
	assert_false(c.overridden);
	outlet_combine(r, 4, OUTLET_FACTUALITY, &c);
	assert_int_equal(c.n_raters, 1);
	assert_string_equal(c.level, "mostly-factual");
	r[3] = (outlet_rating){ OUTLET_LEAN, 2, OUTLET_USER_RATER, "right", NULL, NULL };
	outlet_combine(r, 4, OUTLET_LEAN, &c);
	assert_true(c.overridden);
	assert_string_equal(c.level, "right");
	outlet_combine(r, 0, OUTLET_LEAN, &c);
	assert_int_equal(c.n_raters, 0);
	assert_null(c.level);
	assert_true(isnan(c.value));
}

static void domain_keys_go_from_section_to_registrable_domain(void **state)
{
	(void)state;
	char k[8][OUTLET_KEY_MAX];
	size_t n = outlet_domain_keys("https://WWW.Example.com/opinion/columns/a-piece?x=1", k, 8);
	assert_int_equal(n, 4);
	assert_string_equal(k[0], "example.com/opinion/columns");
	assert_string_equal(k[1], "example.com/opinion");
	assert_string_equal(k[2], "example.com/columns");
	assert_string_equal(k[3], "example.com");
	n = outlet_domain_keys("https://amp.news.bbc.co.uk/news/world-123", k, 8);
	assert_int_equal(n, 3);              /* never "co.uk" */
	assert_string_equal(k[0], "news.bbc.co.uk/news");
	assert_string_equal(k[1], "news.bbc.co.uk");
	assert_string_equal(k[2], "bbc.co.uk");
	n = outlet_domain_keys("https://www.nytimes.com/2025/03/03/opinion/a-column.html", k, 8);
	assert_int_equal(n, 4);
	assert_string_equal(k[0], "nytimes.com/2025/03");
	assert_string_equal(k[1], "nytimes.com/2025");
	assert_string_equal(k[2], "nytimes.com/opinion");
	assert_string_equal(k[3], "nytimes.com");
	n = outlet_domain_keys("m.abc.net.au", k, 8);
	assert_int_equal(n, 1);
	assert_string_equal(k[0], "abc.net.au");
	n = outlet_domain_keys("http://user@edition.cnn.com:8080/", k, 8);
	assert_int_equal(n, 2);
	assert_string_equal(k[0], "edition.cnn.com");
	assert_string_equal(k[1], "cnn.com");
	assert_int_equal(outlet_domain_keys("https:///nohost", k, 8), 0);
	char h[64];
	assert_int_equal(outlet_host_normalise("WWW.Example.COM.", h, sizeof(h)), 0);
	assert_string_equal(h, "example.com");
	assert_int_equal(outlet_host_normalise("m.co", h, sizeof(h)), 0);
	assert_string_equal(h, "m.co");
}

/* ------------------------------------------------------------- importing */

typedef struct rejects {
	char where[16][128];
	char reason[16][256];
	size_t n;
} rejects;

static void collect_reject(void *ctx, const char *where, const char *reason)
{
	rejects *r = ctx;
	if (r->n < 16) {
		snprintf(r->where[r->n], sizeof(r->where[0]), "%s", where);
		snprintf(r->reason[r->n], sizeof(r->reason[0]), "%s", reason);
		r->n++;
	}
}

/* The WHERE of reject I ends with SUFFIX and its reason contains WORDS. */
static void assert_reject(const rejects *r, size_t i, const char *suffix, const char *words)
{
	assert_true(i < r->n);
	size_t a = strlen(r->where[i]), b = strlen(suffix);
	if (a < b || strcmp(r->where[i] + a - b, suffix)) {
		fprintf(stderr, "reject %zu at %s, expected ...%s\n", i, r->where[i], suffix);
		fail();
	}
	if (!strstr(r->reason[i], words)) {
		fprintf(stderr, "reject %zu: '%s' lacks '%s'\n", i, r->reason[i], words);
		fail();
	}
}

static const px_outlet *find(const px_outlet_list *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (!strcmp(l->outlets[i].name, name))
			return &l->outlets[i];
	return NULL;
}

static const px_rating *rating(const px_outlet *o, const char *dim, const char *rater)
{
	for (size_t i = 0; i < o->n_ratings; i++)
		if (!strcmp(o->ratings[i].dimension, dim) && !strcmp(o->ratings[i].rater, rater))
			return &o->ratings[i];
	return NULL;
}

static const char *fixture(const char *name, char *buf, size_t n)
{
	char rel[128];
	snprintf(rel, sizeof(rel), "tests/fixtures/ratings/%s", name);
	return repo_path(rel, buf, n);
}

static void importers_read_their_fixtures_and_report_bad_rows(void **state)
{
	(void)state;
	char *dir = tmpdir();
	char f[512];
	px_error err = { 0 };
	px_db *db = open_db(dir);
	assert_non_null(db);
	px_import_stats st;
	rejects r = { 0 };

	/* Our own table: 3 good rows, 4 bad ones, each with its line. */
	assert_int_equal(px_outlets_import(db, fixture("registry.csv", f, sizeof(f)), "csv",
	                                   NULL, collect_reject, &r, &st, &err), 0);
	assert_int_equal(st.read, 3);
	assert_int_equal(st.outlets, 3);
	assert_int_equal(st.ratings, 5);
	assert_int_equal(st.rejected, 4);
	assert_int_equal(r.n, 4);
	assert_reject(&r, 0, "registry.csv:4", "lean 'sideways' is not on the scale");
	assert_reject(&r, 1, "registry.csv:5", "unknown ownership 'conglomerate'");
	assert_reject(&r, 2, "registry.csv:7", "no name");
	assert_reject(&r, 3, "registry.csv:8", "not YYYY-MM-DD");

	/* AllSides: matched by its link's domain; a new outlet for a new
	 * domain; "Mixed" is an outlet without a lean; no domain, no match. */
	memset(&r, 0, sizeof(r));
	assert_int_equal(px_outlets_import(db, fixture("allsides.csv", f, sizeof(f)), "allsides",
	                                   "2023-11-15", collect_reject, &r, &st, &err), 0);
	assert_int_equal(st.read, 7);
	assert_int_equal(st.rejected, 1);
	assert_int_equal(st.unmatched, 2);
	assert_int_equal(st.ratings, 4);
	assert_reject(&r, 0, "allsides.csv:6", "unknown bias_rating 'Sideways'");
	assert_reject(&r, 1, "allsides.csv:7", "no known outlet");
	/* A second row for the same outlet (a columnist on its domain) does not
	 * overwrite the first. */
	assert_reject(&r, 2, "allsides.csv:8", "already");
	assert_non_null(strstr(r.reason[2], "allsides.csv:2"));

	/* Ad Fontes: names only, matched without "The"; bad numbers reported. */
	memset(&r, 0, sizeof(r));
	assert_int_equal(px_outlets_import(db, fixture("adfontes.csv", f, sizeof(f)), "adfontes",
	                                   "2022-01-17", collect_reject, &r, &st, &err), 0);
	assert_int_equal(st.outlets, 2);
	assert_int_equal(st.unmatched, 1);
	assert_int_equal(st.rejected, 2);
	assert_reject(&r, 0, "adfontes.csv:4", "no known outlet");
	assert_reject(&r, 1, "adfontes.csv:5", "reliability 'abc'");
	assert_reject(&r, 2, "adfontes.csv:6", "bias '-50'");

	/* MBFC JSON: dated by the file; no lean for conspiracy sources. */
	memset(&r, 0, sizeof(r));
	assert_int_equal(px_outlets_import(db, fixture("mbfc.json", f, sizeof(f)), "mbfc",
	                                   NULL, collect_reject, &r, &st, &err), 0);
	assert_int_equal(st.read, 3);
	assert_int_equal(st.rejected, 2);
	assert_reject(&r, 0, "mbfc.json:sources[3]", "unknown bias 'diagonal'");
	assert_reject(&r, 1, "mbfc.json:sources[4]", "no name and no domain");

	px_outlet_list l;
	assert_int_equal(px_outlets_list(db, NULL, &l, &err), 0);
	const px_outlet *g = find(&l, "The Harbour Gazette");
	assert_non_null(g);
	assert_string_equal(g->slug, "gazette");
	assert_string_equal(g->owner, "Harbour Media, Ltd.");
	/* Four raters side by side, each with its provenance. */
	assert_int_equal(g->lean.raters, 4);
	const px_rating *a = rating(g, "lean", "allsides");
	assert_non_null(a);
	assert_string_equal(a->level, "left");
	assert_string_equal(a->label, "Left");
	assert_string_equal(a->date, "2023-11-15");
	assert_non_null(strstr(a->source, "allsides.csv:2"));
	const px_rating *af = rating(g, "lean", "adfontes");
	assert_true(fabs(af->value - (-13.5 / 12)) < 1e-9);
	assert_true(fabs(rating(g, "factuality", "adfontes")->value - 4.0) < 1e-9);
	assert_string_equal(rating(g, "lean", "mbfc")->date, "2026-08-19");
	/* (-1 editors, -2 allsides, -1.125 adfontes, -1 mbfc) / 4 */
	assert_true(fabs(g->lean.value - (-5.125 / 4)) < 1e-9);
	assert_string_equal(g->lean.level, "lean-left");
	/* MBFC's aliases add the outlet's other domains. */
	assert_int_equal(g->n_domains, 3);
	/* A row whose domain is elsewhere is another outlet, even of the same
	 * name: never merged by name. */
	const px_outlet *other = find(&l, "The Harbour Gazette (otherharbour.example)");
	assert_non_null(other);
	assert_string_equal(other->lean.level, "right");
	assert_int_equal(other->lean.raters, 1);
	const px_outlet *p = find(&l, "Pinecone Post");
	assert_non_null(p);
	assert_int_equal(p->lean.raters, 3);     /* allsides, adfontes, mbfc */
	const px_outlet *m = find(&l, "Mixed Signals");
	assert_non_null(m);
	assert_int_equal(m->lean.raters, 0);
	assert_null(m->lean.level);
	const px_outlet *z = find(&l, "Lizard Truth");
	assert_int_equal(z->lean.raters, 0);
	assert_string_equal(z->factuality.level, "very-low");
	assert_null(find(&l, "Unknown Voice"));
	assert_null(find(&l, "Name Only Times"));
	px_outlet_list_free(&l);

	/* A feed the registry lists finds its outlet, wherever it is served. */
	assert_int_equal(px_outlets_list(db, "https://feeds.harbourcdn.example/gazette.xml",
	                                 &l, &err), 0);
	assert_string_equal(l.outlets[0].slug, "gazette");
	px_outlet_list_free(&l);

	/* The user's override decides, and can be taken back. */
	assert_int_equal(px_outlet_rate(db, "harbourgazette.example", "lean", "center", &err), 0);
	assert_int_equal(px_outlets_list(db, "The Harbour Gazette", &l, &err), 0);
	assert_int_equal(l.n, 1);
	assert_true(l.outlets[0].lean.overridden);
	assert_string_equal(l.outlets[0].lean.level, "center");
	px_outlet_list_free(&l);
	assert_int_equal(px_outlet_rate(db, "gazette", "lean", NULL, &err), 0);
	assert_int_equal(px_outlets_list(db, "gazette", &l, &err), 0);
	assert_false(l.outlets[0].lean.overridden);
	px_outlet_list_free(&l);
	assert_true(px_outlet_rate(db, "gazette", "lean", "sideways", &err) < 0);
	assert_non_null(strstr(err.msg, "not a lean level"));
	assert_int_equal(px_outlets_list(db, "no-such-outlet", &l, &err), PX_ENOTFOUND);

	/* A file that cannot be read is an error naming it. */
	assert_true(px_outlets_import(db, "/nonexistent/x.csv", "csv", NULL, NULL, NULL,
	                              &st, &err) < 0);
	assert_non_null(strstr(err.msg, "/nonexistent/x.csv"));
	assert_true(px_outlets_import(db, f, "bogus", NULL, NULL, NULL, &st, &err) < 0);
	assert_non_null(strstr(err.msg, "unknown format 'bogus'"));
	px_close(db);
	rmtree(dir);
}

/* The lean (dim "lean") or factuality value of RATER for outlet O, NaN
 * when it has none. */
static double value_of(const px_outlet *o, const char *dim, const char *rater)
{
	const px_rating *r = rating(o, dim, rater);
	return r ? r->value : NAN;
}

/*
 * The other shapes of two formats, told apart by the file: MBFC's CSV
 * (source domain, bias and factual_reporting in MBFC's own words) and
 * AllSides' favstats table (names only, icon slugs).
 */
static void mbfc_csv_and_allsides_favstats_map_and_match(void **state)
{
	(void)state;
	char *dir = tmpdir();
	char f[512];
	px_error err = { 0 };
	px_db *db = open_db(dir);
	assert_non_null(db);
	px_import_stats st;
	rejects r = { 0 };
	assert_int_equal(px_outlets_import(db, fixture("registry.csv", f, sizeof(f)), "csv",
	                                   NULL, NULL, NULL, &st, &err), 0);

	/* MBFC's CSV through --format mbfc: matched and made by domain. */
	assert_int_equal(px_outlets_import(db, fixture("mbfc.csv", f, sizeof(f)), "mbfc",
	                                   NULL, collect_reject, &r, &st, &err), 0);
	assert_int_equal(st.read, 7);
	assert_int_equal(st.outlets, 7);
	assert_int_equal(st.ratings, 11);
	assert_int_equal(st.unmatched, 0);
	assert_int_equal(st.rejected, 4);
	assert_int_equal(r.n, 4);
	assert_reject(&r, 0, "mbfc.csv:6", "no source");
	assert_reject(&r, 1, "mbfc.csv:7", "unknown bias 'diagonal'");
	assert_reject(&r, 2, "mbfc.csv:11", "unknown reporting 'sometimes'");
	assert_reject(&r, 3, "mbfc.csv:12", "source 'Harbour Gazette' is not a domain");

	/* AllSides' favstats table through --format allsides: by name only. */
	memset(&r, 0, sizeof(r));
	assert_int_equal(px_outlets_import(db, fixture("allsides-favstats.csv", f, sizeof(f)),
	                                   "allsides", "2019-10-18", collect_reject, &r, &st,
	                                   &err), 0);
	assert_int_equal(st.read, 5);
	assert_int_equal(st.outlets, 3);
	assert_int_equal(st.ratings, 2);
	assert_int_equal(st.unmatched, 2);
	assert_int_equal(st.rejected, 3);
	assert_int_equal(r.n, 5);
	assert_reject(&r, 0, "allsides-favstats.csv:4", "no known outlet");
	assert_reject(&r, 1, "allsides-favstats.csv:5", "unknown rating 'Center' (left, "
	              "left-center, center, right-center, right, allsides)");
	assert_reject(&r, 2, "allsides-favstats.csv:6", "no news_source");
	assert_reject(&r, 3, "allsides-favstats.csv:7", "no rating");
	assert_reject(&r, 4, "allsides-favstats.csv:9", "already");
	assert_non_null(strstr(r.reason[4], "allsides-favstats.csv:2"));

	px_outlet_list l;
	assert_int_equal(px_outlets_list(db, NULL, &l, &err), 0);
	/* The registry outlet, by its domain (MBFC) and by its name without
	 * "The" (favstats), and nothing taken from favstats' AllSides URL. */
	const px_outlet *g = find(&l, "The Harbour Gazette");
	assert_non_null(g);
	assert_string_equal(g->slug, "gazette");
	assert_int_equal(g->n_domains, 2);
	const px_rating *m = rating(g, "lean", "mbfc");
	assert_non_null(m);
	assert_true(m->value == -1);
	assert_string_equal(m->label, "left-center");
	assert_null(m->date);              /* the CSV has no date; no --date given */
	assert_non_null(strstr(m->source, "mbfc.csv:2"));
	assert_true(value_of(g, "factuality", "mbfc") == 4);
	const px_rating *a = rating(g, "lean", "allsides");
	assert_non_null(a);
	assert_true(a->value == -1);
	assert_string_equal(a->label, "left-center");
	assert_string_equal(a->date, "2019-10-18");
	assert_non_null(strstr(a->source, "allsides-favstats.csv:2"));
	assert_int_equal(g->lean.raters, 3);
	assert_string_equal(g->lean.level, "lean-left");
	assert_true(value_of(find(&l, "The Harbour Gazette (Opinion)"), "lean", "allsides") == 1);
	/* "allsides" is AllSides' mixed icon: the outlet, without a lean. */
	const px_outlet *o = find(&l, "Ostland State Agency");
	assert_non_null(o);
	assert_null(rating(o, "lean", "allsides"));
	/* A new domain makes an outlet named after it, lower case, no www. */
	const px_outlet *p = find(&l, "pineconepost.example");
	assert_non_null(p);
	assert_int_equal(p->n_domains, 1);
	assert_string_equal(p->domains[0], "pineconepost.example");
	assert_true(value_of(p, "lean", "mbfc") == 3);
	assert_string_equal(rating(p, "lean", "mbfc")->label, "Extreme Right");
	assert_true(value_of(p, "factuality", "mbfc") == 0);
	/* MBFC's categories are no lean, even beside a side. */
	const px_outlet *z = find(&l, "lizardtruth.example");
	assert_non_null(z);
	assert_null(rating(z, "lean", "mbfc"));
	assert_true(value_of(z, "factuality", "mbfc") == 1);
	const px_outlet *c = find(&l, "labcoat.example");
	assert_non_null(c);
	assert_null(rating(c, "lean", "mbfc"));
	assert_true(value_of(c, "factuality", "mbfc") == 5);
	/* "far" is "extreme"; a remark in parentheses is dropped, kept in the
	 * label; no bias is no lean. */
	assert_true(value_of(find(&l, "farside.example"), "lean", "mbfc") == -3);
	assert_true(value_of(find(&l, "farside.example"), "factuality", "mbfc") == 3);
	const px_outlet *q = find(&l, "gulfcourier.example");
	assert_non_null(q);
	assert_true(value_of(q, "lean", "mbfc") == -1);
	assert_string_equal(rating(q, "lean", "mbfc")->label,
	                    "left-center (by regional standards)");
	assert_true(value_of(q, "factuality", "mbfc") == 2);
	const px_outlet *n = find(&l, "quietnews.example");
	assert_non_null(n);
	assert_null(rating(n, "lean", "mbfc"));
	assert_true(value_of(n, "factuality", "mbfc") == 2);
	assert_null(find(&l, "oddball.example"));
	assert_null(find(&l, "stillwater.example"));
	assert_null(find(&l, "Quill Ransome"));
	px_outlet_list_free(&l);
	assert_int_equal(px_outlets_list(db, "allsides.com", &l, &err), PX_ENOTFOUND);

	/* A file of neither MBFC shape is refused whole, naming it. */
	assert_true(px_outlets_import(db, fixture("allsides-favstats.csv", f, sizeof(f)), "mbfc",
	                              NULL, NULL, NULL, &st, &err) < 0);
	assert_non_null(strstr(err.msg, "allsides-favstats.csv:1: not MBFC"));
	assert_non_null(strstr(err.msg, "source, bias and factual_reporting"));
	px_close(db);
	rmtree(dir);
}

/* ------------------------------------------------------------- matching */

static int ingest_line(px_db *db, const char *dir, const char *url, const char *domain,
                       const char *title)
{
	char file[400];
	snprintf(file, sizeof(file), "%s/in.jsonl", dir);
	FILE *fp = fopen(file, "w");
	assert_non_null(fp);
	fprintf(fp, "{\"url\": \"%s\", %s%s%s\"title\": \"%s\", \"published\": "
	        "\"2025-03-03T10:00:00Z\", \"text\": \"%s reported on the harbour "
	        "pilots' strike on Monday.\"}\n", url, domain ? "\"domain\": \"" : "",
	        domain ? domain : "", domain ? "\", " : "", title, title);
	fclose(fp);
	px_error err = { 0 };
	px_pipeline *p = px_pipeline_new(db, &err);
	px_ingest_stats st;
	memset(&st, 0, sizeof(st));
	int rc = px_ingest_path(p, file, NULL, &st, &err);
	assert_int_equal(px_pipeline_free(p, &err), 0);
	return rc < 0 ? rc : (int)st.added;
}

static int64_t articles_of(px_db *db, const char *what)
{
	px_outlet_list l;
	px_error err = { 0 };
	if (px_outlets_list(db, what, &l, &err) < 0)
		return -1;
	int64_t n = l.outlets[0].articles;
	px_outlet_list_free(&l);
	return n;
}

static void articles_find_their_outlet_through_the_registry(void **state)
{
	(void)state;
	char *dir = tmpdir();
	char f[512];
	px_error err = { 0 };
	px_db *db = open_db(dir);
	px_import_stats st;
	assert_int_equal(px_outlets_import(db, fixture("registry.csv", f, sizeof(f)), "csv",
	                                   NULL, NULL, NULL, &st, &err), 0);
	/* www., amp. and a subdomain all reach the outlet; the country variant
	 * is listed in its row; the opinion section is an outlet of its own. */
	assert_int_equal(ingest_line(db, dir, "https://www.harbourgazette.example/news/a1", NULL, "One"), 1);
	assert_int_equal(ingest_line(db, dir, "https://amp.harbourgazette.example/news/a2", NULL, "Two"), 1);
	assert_int_equal(ingest_line(db, dir, "https://live.harbourgazette.example.uk/a3", NULL, "Three"), 1);
	assert_int_equal(ingest_line(db, dir, "https://harbourgazette.example/opinion/a4", NULL, "Four"), 1);
	assert_int_equal(articles_of(db, "gazette"), 3);
	assert_int_equal(articles_of(db, "gazette-opinion"), 1);
	/* An unknown domain makes an unrated outlet named after its host. */
	assert_int_equal(ingest_line(db, dir, "https://www.unknown-news.example/x/a5", NULL, "Five"), 1);
	px_outlet_list l;
	assert_int_equal(px_outlets_list(db, "unknown-news.example", &l, &err), 0);
	assert_string_equal(l.outlets[0].name, "unknown-news.example");
	assert_int_equal(l.outlets[0].lean.raters, 0);
	assert_null(l.outlets[0].lean.level);
	assert_int_equal(l.outlets[0].articles, 1);
	px_outlet_list_free(&l);
	/* Importing the registry later adopts that outlet and its articles. */
	char later[400];
	snprintf(later, sizeof(later), "%s/later.csv", dir);
	FILE *fp = fopen(later, "w");
	fprintf(fp, "id,name,domains,country,ownership,lean,lean_rater,lean_date\n"
	        "unknown,Unknown News,unknown-news.example,US,independent,right,"
	        "parallax-editors,2026-11-01\n");
	fclose(fp);
	assert_int_equal(px_outlets_import(db, later, "csv", NULL, NULL, NULL, &st, &err), 0);
	assert_int_equal(px_outlets_list(db, "unknown-news.example", &l, &err), 0);
	assert_string_equal(l.outlets[0].name, "Unknown News");
	assert_string_equal(l.outlets[0].lean.level, "right");
	assert_int_equal(l.outlets[0].articles, 1);
	px_outlet_list_free(&l);
	px_close(db);
	rmtree(dir);
}

/* The demo corpus with its outlet table, as `make demo` loads it. */
static void ingest_demo(px_db *db)
{
	char f[512];
	px_error err = { 0 };
	px_import_stats st;
	assert_int_equal(px_outlets_import(db, repo_path("data/demo/outlets.csv", f, sizeof(f)),
	                                   "csv", NULL, NULL, NULL, &st, &err), 0);
	px_pipeline *p = px_pipeline_new(db, &err);
	px_ingest_stats is;
	memset(&is, 0, sizeof(is));
	assert_int_equal(px_ingest_path(p, repo_path("data/demo/corpus", f, sizeof(f)), NULL,
	                                &is, &err), 0);
	assert_int_equal(px_pipeline_free(p, &err), 0);
}

/* ------------------------------------------------------------- coverage */

/*
 * The demo's Eldoria rate decision (9 articles, one day), its distributions
 * worked out by hand from data/demo/outlets.csv:
 *   Continental News Service  center      high        corporation
 *   Meridian Press Agency     center      very-high   non-profit
 *   The Civic Record          center      high        independent   (wire copy)
 *   PBN News                  center      very-high   public-broadcaster
 *   Granite State Gazette     lean-right  high        independent   (wire copy)
 *   Volga Today               right       very-low    state-controlled
 *   The Albion Daily          right       mixed       corporation
 *   Red Maple Review          far-left    mixed       non-profit
 *   Heartland Herald          lean-right  high        corporation
 * Independent reports (7): left 1, center 3, right 3 -> 14% / 43% / 43%,
 * and a tie between Center and Right is worded as Center.
 */
static void demo_story_shows_its_coverage_distributions(void **state)
{
	(void)state;
	char *dir = tmpdir();
	px_error err = { 0 };
	px_db *db = open_db(dir);
	ingest_demo(db);
	px_story_list l;
	assert_int_equal(px_stories_list(db, 0, &l, &err), 0);
	const px_story *s = NULL;
	for (size_t i = 0; i < l.n && !s; i++)
		for (size_t k = 0; k < l.stories[i]->n_articles; k++)
			if (strstr(l.stories[i]->articles[k].url, "central-bank-of-eldoria-holds-rates"))
				s = l.stories[i];
	assert_non_null(s);
	const px_coverage *c = &s->coverage;
	assert_int_equal(c->articles, 9);
	assert_int_equal(c->sources, 9);
	assert_int_equal(c->independent, 7);
	const int all[7] = { 1, 0, 0, 4, 2, 2, 0 }, ind[7] = { 1, 0, 0, 3, 1, 2, 0 };
	for (int i = 0; i < 7; i++) {
		assert_int_equal(c->lean_all.levels[i], all[i]);
		assert_int_equal(c->lean_independent.levels[i], ind[i]);
	}
	assert_int_equal(c->lean_all.left, 1);
	assert_int_equal(c->lean_all.center, 4);
	assert_int_equal(c->lean_all.right, 4);
	assert_int_equal(c->lean_independent.left, 1);
	assert_int_equal(c->lean_independent.center, 3);
	assert_int_equal(c->lean_independent.right, 3);
	assert_int_equal(c->lean_independent.unrated, 0);
	const int fact[6] = { 1, 0, 2, 0, 4, 2 };   /* very-low .. very-high */
	for (int i = 0; i < 6; i++)
		assert_int_equal(c->factuality[i], fact[i]);
	assert_int_equal(c->factuality_unrated, 0);
	assert_int_equal(c->n_ownership, 5);
	const char *types[5] = { "corporation", "independent", "non-profit",
	                         "public-broadcaster", "state-controlled" };
	const int counts[5] = { 3, 2, 2, 1, 1 };
	for (int i = 0; i < 5; i++) {
		assert_string_equal(c->ownership[i].type, types[i]);
		assert_int_equal(c->ownership[i].articles, counts[i]);
	}
	/* Each article carries its outlet's ratings. */
	for (size_t k = 0; k < s->n_articles; k++)
		if (!strcmp(s->articles[k].outlet, "Volga Today")) {
			assert_string_equal(s->articles[k].lean, "right");
			assert_string_equal(s->articles[k].factuality, "very-low");
			assert_string_equal(s->articles[k].ownership, "state-controlled");
		}
	/* The page and its JSON say it in Ground News' words, and on what. */
	char *json = px_render_story_json(s, 0);
	assert_non_null(strstr(json, "\"summary\": \"43% of the sources are Center\""));
	assert_non_null(strstr(json, "\"basis\": \"independent_reports\""));
	free(json);
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	px_render_story_text(mem, s, 0);
	fclose(mem);
	assert_non_null(strstr(text, "Bias Distribution (over 7 independent reports"));
	assert_non_null(strstr(text, "43% of the sources are Center"));
	assert_non_null(strstr(text, "Left 14% · Center 43% · Right 43%"));
	assert_non_null(strstr(text, "Volga Today · right ·"));
	free(text);
	px_story_list_free(&l);
	px_close(db);
	rmtree(dir);
}

static px_lean_counts sides(int left, int center, int right)
{
	px_lean_counts c;
	memset(&c, 0, sizeof(c));
	c.left = left;
	c.center = center;
	c.right = right;
	return c;
}

static void blindspot_rule_thresholds_and_minimum_size(void **state)
{
	(void)state;
	/* Usual shares: Left 30%, Center 40%, Right 30%. */
	px_lean_counts base = sides(30, 40, 30);
	px_lean_counts s;
	s = sides(0, 2, 4);                 /* no Left, Right above usual */
	assert_string_equal(coverage_blindspot(&s, &base, 1.0 / 3, 5), "left");
	s = sides(5, 1, 0);
	assert_string_equal(coverage_blindspot(&s, &base, 1.0 / 3, 5), "right");
	s = sides(1, 5, 4);                 /* Left 10%: at most a third of 30% */
	assert_string_equal(coverage_blindspot(&s, &base, 1.0 / 3, 5), "left");
	s = sides(2, 5, 3);                 /* Left 20%: low, but not that low */
	assert_null(coverage_blindspot(&s, &base, 1.0 / 3, 5));
	s = sides(0, 6, 1);                 /* no Left, but the Right below usual too */
	assert_null(coverage_blindspot(&s, &base, 1.0 / 3, 5));
	s = sides(2, 2, 2);                 /* balanced */
	assert_null(coverage_blindspot(&s, &base, 1.0 / 3, 5));
	s = sides(0, 0, 4);                 /* one-sided but too small */
	assert_null(coverage_blindspot(&s, &base, 1.0 / 3, 5));
	assert_string_equal(coverage_blindspot(&s, &base, 1.0 / 3, 4), "left");
	s.unrated = 9;                      /* unrated reports do not count */
	assert_null(coverage_blindspot(&s, &base, 1.0 / 3, 5));
	px_lean_counts none = sides(0, 0, 0);
	s = sides(0, 0, 6);
	assert_null(coverage_blindspot(&s, &none, 1.0 / 3, 5));
}

/* The registry Parallax ships (data/outlets.csv) imports whole, covers
 * what the issue asks, and routes real URLs to the right rows. */
static void shipped_registry_imports_cleanly_and_matches(void **state)
{
	(void)state;
	char *dir = tmpdir();
	char f[512];
	px_error err = { 0 };
	px_db *db = open_db(dir);
	px_import_stats st;
	rejects r = { 0 };
	assert_int_equal(px_outlets_import(db, repo_path("data/outlets.csv", f, sizeof(f)), "csv",
	                                   NULL, collect_reject, &r, &st, &err), 0);
	if (r.n)
		fprintf(stderr, "%s: %s\n", r.where[0], r.reason[0]);
	assert_int_equal(st.rejected, 0);
	assert_true(st.outlets >= 200);
	px_outlet_list l;
	assert_int_equal(px_outlets_list(db, NULL, &l, &err), 0);
	char countries[128][3];
	size_t nc = 0;
	for (size_t i = 0; i < l.n; i++) {
		const px_outlet *o = &l.outlets[i];
		assert_non_null(o->country);
		assert_non_null(o->ownership);
		assert_true(o->n_domains >= 1);
		size_t k = 0;
		while (k < nc && strcmp(countries[k], o->country))
			k++;
		if (k == nc && nc < 128)
			snprintf(countries[nc++], 3, "%s", o->country);
		/* Every rating carries its provenance. */
		for (size_t j = 0; j < o->n_ratings; j++) {
			assert_non_null(o->ratings[j].rater);
			assert_non_null(o->ratings[j].date);
		}
	}
	assert_true(nc >= 20);
	px_outlet_list_free(&l);
	static const char *const urls[][2] = {
		{ "https://www.bbc.co.uk/news/world-europe-1", "bbc-news" },
		{ "https://www.bbc.com/news/articles/x", "bbc-news" },
		{ "https://www.reuters.com/world/europe/x-2025-08-27/", "reuters" },
		{ "https://www.nytimes.com/2025/03/03/opinion/a-column.html", "nyt-opinion" },
		{ "https://www.nytimes.com/2025/03/03/world/europe/a-story.html", "nyt" },
	};
	for (size_t i = 0; i < sizeof(urls) / sizeof(*urls); i++) {
		assert_int_equal(px_outlets_list(db, urls[i][0], &l, &err), 0);
		if (!l.outlets[0].slug || strcmp(l.outlets[0].slug, urls[i][1]))
			fprintf(stderr, "%s -> %s, expected %s\n", urls[i][0],
			        l.outlets[0].slug ? l.outlets[0].slug : "(none)", urls[i][1]);
		assert_string_equal(l.outlets[0].slug, urls[i][1]);
		px_outlet_list_free(&l);
	}
	px_close(db);
	rmtree(dir);
}

/* The demo corpus has two stories built one-sided (data/demo/README.md):
 * Calder's broadband-grant audit, reported by right-leaning outlets only,
 * and the Brenton warehouse heat report, by left-leaning ones only.  They
 * are the blindspots, each for the side that left it out, and no balanced
 * story is. */
static void demo_blindspots_are_the_one_sided_stories(void **state)
{
	(void)state;
	char *dir = tmpdir();
	px_error err = { 0 };
	px_db *db = open_db(dir);
	ingest_demo(db);
	px_blindspot_opts o = { NULL, 30, 0, 0 };
	px_story_list l;
	px_lean_counts base;
	assert_int_equal(px_blindspots(db, &o, &l, &base, &err), 0);
	assert_int_equal(l.n, 2);
	int found_left = 0, found_right = 0;
	for (size_t i = 0; i < l.n; i++) {
		const px_story *s = l.stories[i];
		int calder = 0, brenton = 0;
		for (size_t k = 0; k < s->n_articles; k++) {
			calder += strstr(s->articles[k].url, "calder") != NULL;
			brenton += strstr(s->articles[k].url, "parcelway") != NULL ||
			           strstr(s->articles[k].url, "brenton") != NULL;
		}
		if (calder) {
			assert_string_equal(s->blindspot, "left");
			assert_int_equal(s->coverage.lean_independent.left, 0);
			found_left = 1;
		}
		if (brenton) {
			assert_string_equal(s->blindspot, "right");
			assert_int_equal(s->coverage.lean_independent.right, 0);
			found_right = 1;
		}
	}
	assert_true(found_left && found_right);
	px_story_list_free(&l);
	/* Asking for one side gives that side's only. */
	o.side = "right";
	assert_int_equal(px_blindspots(db, &o, &l, NULL, &err), 0);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.stories[0]->blindspot, "right");
	px_story_list_free(&l);
	o.side = "up";
	assert_int_equal(px_blindspots(db, &o, &l, NULL, &err), PX_EINVAL);
	px_close(db);
	rmtree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(scales_name_parse_and_round),
		cmocka_unit_test(ratings_combine_as_a_mean_unless_overridden),
		cmocka_unit_test(domain_keys_go_from_section_to_registrable_domain),
		cmocka_unit_test(importers_read_their_fixtures_and_report_bad_rows),
		cmocka_unit_test(mbfc_csv_and_allsides_favstats_map_and_match),
		cmocka_unit_test(articles_find_their_outlet_through_the_registry),
		cmocka_unit_test(demo_story_shows_its_coverage_distributions),
		cmocka_unit_test(blindspot_rule_thresholds_and_minimum_size),
		cmocka_unit_test(shipped_registry_imports_cleanly_and_matches),
		cmocka_unit_test(demo_blindspots_are_the_one_sided_stories),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
