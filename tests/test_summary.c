/*
 * test_summary.c — story summaries on the demo corpus, each gold story
 * summarised from its articles (px_summarize, the outlets rated by the
 * demo registry): every story has a headline, a summary and key points;
 * every sentence shown is a sentence of an article it cites (faithful,
 * extractive; a key point may leave out parts of its sentence, and the
 * whole sentence is then given too); every cited article is in the story;
 * a story covered from both sides cites more than one side in its key
 * points.  Then the parts of a sentence the grammar lets go, and three key
 * points for a story whose reports corroborate little.
 */
#include "testutil.h"

#include <ctype.h>
#include <jansson.h>
#include <locale.h>

#include "ingest/ingest.h"
#include "summary/summary.h"
#include "util/arena.h"

enum { MAX_STORIES = 64, MAX_DOCS = 64 };

typedef struct group {
	char name[96];
	px_doc docs[MAX_DOCS];
	size_t n;
} group;

typedef struct corpus {
	px_arena *a;
	group g[MAX_STORIES];
	size_t n;
} corpus;

static int on_line(void *ctx, const px_doc *d, json_t *obj, const char *where,
                   const char *reason)
{
	corpus *c = ctx;
	if (!d)
		fail_msg("%s: %s", where, reason);
	const char *story = json_string_value(json_object_get(obj, "gold_story"));
	assert_non_null(story);
	size_t i = 0;
	while (i < c->n && strcmp(c->g[i].name, story))
		i++;
	if (i == c->n) {
		assert_true(c->n < MAX_STORIES);
		snprintf(c->g[c->n++].name, sizeof(c->g[0].name), "%s", story);
	}
	group *g = &c->g[i];
	assert_true(g->n < MAX_DOCS);
	g->docs[g->n++] = ingest_doc_copy(c->a, d, where);
	return 0;
}

/* S with every run of white space as one space, in A. */
static char *squeeze(px_arena *a, const char *s)
{
	char *o = px_arena_alloc(a, strlen(s) + 1), *p = o;
	int space = 0;
	for (; *s; s++) {
		if (*s == ' ' || *s == '\n' || *s == '\t' || *s == '\r') {
			space = 1;
			continue;
		}
		if (space && p > o)
			*p++ = ' ';
		space = 0;
		*p++ = *s;
	}
	*p = 0;
	return o;
}

/* 1 if SENTENCE is in the text of the article with id ID of G. */
static int said_by(px_arena *a, const group *g, int64_t id, const char *sentence)
{
	if (id < 1 || (size_t)id > g->n)
		return 0;
	return strstr(squeeze(a, g->docs[id - 1].text), squeeze(a, sentence)) != NULL;
}

/* 1 if T is S with at most CUTS runs of bytes left out, its first letter
 * perhaps made a capital (the rest of S once its opening phrase went). */
static int by_cuts(const char *t, const char *s, int cuts, int first)
{
	const char *t0 = t;
	if (first && *t && *s && *t != *s && toupper((unsigned char)*s) == *t)
		t++, s++;
	while (*t && *t == *s)
		t++, s++;
	if (!*t && !*s)
		return 1;
	for (size_t e = 1; cuts > 0 && e <= strlen(s); e++)
		if (by_cuts(t, s + e, cuts - 1, first && t == t0))
			return 1;
	return 0;
}

static void demo_stories_have_faithful_balanced_summaries(void **state)
{
	(void)state;
	char *dir = tmpdir();
	px_db *db = open_db(dir);
	px_error err = { 0 };
	px_import_stats ist;
	if (px_outlets_import(db, "data/demo/outlets.csv", "csv", NULL, NULL, NULL, &ist, &err) < 0)
		fail_msg("%s", err.msg);
	static corpus c;
	c.a = px_arena_new(1 << 16);
	static const char *const days[] = { "03", "04", "05", "06", "07", "08", "09", "10",
		                             "11", "12", "13", "14", "15", "16", "17" };
	for (size_t i = 0; i < sizeof(days) / sizeof(*days); i++) {
		char path[64];
		snprintf(path, sizeof(path), "data/demo/corpus/2025-03-%s.jsonl", days[i]);
		if (access(path, R_OK))
			continue;
		if (ingest_jsonl_each(path, on_line, &c, &err) < 0)
			fail_msg("%s", err.msg);
	}
	assert_true(c.n >= 40);
	size_t spectrum = 0, balanced = 0, quotes = 0, one_sided = 0, timelines = 0, shortened = 0;
	for (size_t i = 0; i < c.n; i++) {
		group *g = &c.g[i];
		px_story *s;
		if (px_summarize(db, g->docs, NULL, g->n, &s, &err) < 0)
			fail_msg("%s: %s", g->name, err.msg);
		px_arena *a = px_arena_new(0);
		/* The headline is one of the story's titles. */
		int title = 0;
		for (size_t k = 0; k < g->n; k++)
			title |= !strcmp(squeeze(a, g->docs[k].title), squeeze(a, s->headline));
		if (!title)
			fail_msg("%s: headline \"%s\" is no article's title", g->name, s->headline);
		/* The summary is a sentence of one of them. */
		int found = 0;
		for (size_t k = 0; k < g->n && *s->summary; k++)
			found |= said_by(a, g, (int64_t)k + 1, s->summary);
		if (!found)
			fail_msg("%s: summary \"%s\" is no article's sentence", g->name, s->summary);
		if (g->n >= 3 && (s->n_key_points < 3 || s->n_key_points > 5))
			fail_msg("%s: %zu articles, %zu key points", g->name, g->n, s->n_key_points);
		unsigned sides[3] = { 0, 0, 0 };
		for (size_t k = 0; k < s->n_key_points; k++) {
			const px_key_point *kp = &s->key_points[k];
			assert_true(kp->n_article_ids >= 1);
			int in_one = 0;
			for (size_t j = 0; j < kp->n_article_ids; j++) {
				if (kp->article_ids[j] < 1 || (size_t)kp->article_ids[j] > g->n)
					fail_msg("%s: key point cites article %lld, not in the story",
					         g->name, (long long)kp->article_ids[j]);
				in_one |= said_by(a, g, kp->article_ids[j], kp->sentence ? kp->sentence
				                                                          : kp->text);
			}
			if (!in_one)
				fail_msg("%s: key point \"%s\" is in no cited article", g->name, kp->text);
			/* A shortened point is its sentence with parts left out. */
			if (kp->sentence && (strlen(kp->text) >= strlen(kp->sentence) ||
			                     !by_cuts(kp->text, kp->sentence, 3, 1)))
				fail_msg("%s: \"%s\" is not \"%s\" shortened", g->name, kp->text,
				         kp->sentence);
			shortened += kp->sentence != NULL;
			assert_true(kp->left + kp->center + kp->right <= kp->n_article_ids);
			sides[0] += kp->left > 0;
			sides[1] += kp->center > 0;
			sides[2] += kp->right > 0;
		}
		/* Quotes and one-sided facts are words of the articles they cite. */
		for (size_t k = 0; k < s->n_quotes; k++)
			for (size_t j = 0; j < s->quotes[k].n_article_ids; j++)
				if (!said_by(a, g, s->quotes[k].article_ids[j], s->quotes[k].text))
					fail_msg("%s: quote \"%s\" is not in article %lld", g->name,
					         s->quotes[k].text, (long long)s->quotes[k].article_ids[j]);
		for (size_t k = 0; k < s->n_one_sided; k++)
			if (!said_by(a, g, s->one_sided[k].article_ids[0], s->one_sided[k].text))
				fail_msg("%s: one-sided fact not in its article", g->name);
		quotes += s->n_quotes > 0;
		/* A story of several days has a timeline, oldest first, each
		 * update a sentence of its article; a one-day story has none. */
		int64_t lo = INT64_MAX, hi = INT64_MIN;
		for (size_t k = 0; k < g->n; k++) {
			lo = g->docs[k].published < lo ? g->docs[k].published : lo;
			hi = g->docs[k].published > hi ? g->docs[k].published : hi;
		}
		if (lo / 86400 == hi / 86400 && s->n_timeline)
			fail_msg("%s: one day, yet a timeline", g->name);
		for (size_t k = 0; k < s->n_timeline; k++) {
			if (k && s->timeline[k].published <= s->timeline[k - 1].published)
				fail_msg("%s: timeline out of order", g->name);
			if (!said_by(a, g, s->timeline[k].article_id, s->timeline[k].text))
				fail_msg("%s: timeline update not in its article", g->name);
		}
		timelines += s->n_timeline >= 2;
		const px_lean_counts *lc = &s->coverage.lean_all;
		if (lc->left && lc->right && s->n_key_points) {
			spectrum++;
			int ok = (sides[0] > 0) + (sides[1] > 0) + (sides[2] > 0) > 1;
			if (!ok)
				print_message("one-sided key points: %s\n", g->name);
			balanced += ok;
			one_sided += s->n_one_sided > 0;
		}
		px_arena_free(a);
		px_story_free(s);
	}
	/* Stories covered from left and right cite more than one side. */
	assert_true(spectrum >= 5);
	print_message("%zu of %zu stories with quotes; %zu of %zu covered from both sides "
	              "with one-sided facts\n", quotes, c.n, one_sided, spectrum);
	assert_true(quotes >= c.n / 2);
	print_message("%zu key points shortened\n", shortened);
	assert_true(shortened >= 1);
	print_message("%zu stories with a timeline of two updates or more\n", timelines);
	assert_true(one_sided >= spectrum / 2);
	if (balanced != spectrum)
		fail_msg("%zu of %zu stories covered from both sides cite one side only",
		         spectrum - balanced, spectrum);
	px_arena_free(c.a);
	px_close(db);
	rmtree(dir);
}

/* The bridge collapse, its fallout and the investigators' findings read
 * as one story: a timeline of several days, in order. */
static void a_thread_of_days_has_a_timeline(void **state)
{
	(void)state;
	static corpus c;
	c.a = px_arena_new(1 << 16);
	px_error err = { 0 };
	for (int day = 3; day <= 17; day++) {
		char path[64];
		snprintf(path, sizeof(path), "data/demo/corpus/2025-03-%02d.jsonl", day);
		if (!access(path, R_OK) && ingest_jsonl_each(path, on_line, &c, &err) < 0)
			fail_msg("%s", err.msg);
	}
	px_doc docs[MAX_DOCS];
	size_t n = 0;
	for (size_t i = 0; i < c.n; i++)
		if (!strncmp(c.g[i].name, "carrow-", 7) || strstr(c.g[i].name, "bridge"))
			for (size_t k = 0; k < c.g[i].n && n < MAX_DOCS; k++)
				docs[n++] = c.g[i].docs[k];
	assert_true(n >= 5);
	px_story *s;
	assert_int_equal(px_summarize(NULL, docs, NULL, n, &s, &err), 0);
	assert_true(s->n_timeline >= 3);
	for (size_t k = 1; k < s->n_timeline; k++)
		assert_true(s->timeline[k].published / 86400 > s->timeline[k - 1].published / 86400);
	px_story_free(s);
	px_arena_free(c.a);
}

/* A file's articles as one story: ids are input positions, copies found,
 * the input's own lean labels used. */
static void documents_summarised_without_a_store(void **state)
{
	(void)state;
	static const char *const body =
		"The Velmora council approved the tidal barrier on Tuesday after a nine-hour "
		"session that ran past midnight.\n\nThe barrier will cost 310 million and take "
		"six years to build, the council's engineers said in their final report.\n\n"
		"Opponents said the vote ignored the fishermen of the north harbour, whose "
		"boats will need a new channel.\n\nThe mayor said construction would begin in "
		"the spring once the state releases its share of the money.";
	px_doc d[3] = {
		{ .url = "https://b.example/2", .outlet = "B", .title = "Velmora backs barrier",
		  .text = body, .published = 200 },
		{ .url = "https://a.example/1", .outlet = "A", .title = "Council approves tidal barrier",
		  .text = body, .published = 100 },
		{ .url = "https://c.example/3", .outlet = "C", .title = "Fishermen fear the barrier",
		  .text = "Fishermen in the north harbour of Velmora said on Wednesday that the "
		          "tidal barrier approved by the council would cut their boats off from "
		          "the sea for six years.\n\nThe council said a new channel would be dug "
		          "before the work began.", .published = 300 },
	};
	const char *leans[3] = { "left", "right", "center" };
	px_story *s;
	px_error err = { 0 };
	assert_int_equal(px_summarize(NULL, d, leans, 3, &s, &err), 0);
	assert_int_equal(s->n_articles, 3);
	assert_int_equal(s->articles[0].id, 2); /* oldest first; ids are input positions */
	assert_string_equal(s->articles[0].lean, "right");
	assert_int_equal(s->articles[1].copy_of, 2); /* B reprints A */
	assert_int_equal(s->coverage.lean_all.left + s->coverage.lean_all.center + s->coverage.lean_all.right, 3);
	assert_true(*s->headline && *s->summary);
	px_story_free(s);
	assert_int_equal(px_summarize(NULL, d, NULL, 0, &s, &err), PX_EINVAL);
}

/* Quotes merged by speaker across articles, pronouns left out; names and
 * numbers one side alone reports listed for that side. */
static void quotes_and_one_sided_facts(void **state)
{
	(void)state;
	px_doc d[3] = {
		{ .url = "https://l.example/1", .outlet = "L", .title = "Council backs tidal barrier",
		  .published = 100,
		  .text = "The Velmora council approved the tidal barrier on Tuesday after a long "
		          "session.\n\n\"We will protect every home on this coast,\" said Mayor Ellen "
		          "Whitcombe after the vote.\n\nThe plan was drawn up by engineer Harlan Fisk, "
		          "who put its cost at 310 million.\n\n\"It is a good day,\" he said." },
		{ .url = "https://r.example/2", .outlet = "R", .title = "Velmora approves barrier",
		  .published = 200,
		  .text = "Velmora's council approved the tidal barrier on Tuesday night after a "
		          "long session.\n\nWhitcombe said: \"We will protect every home on this "
		          "coast.\"\n\nOpponents said the vote ignored the fishermen of the north "
		          "harbour." },
		{ .url = "https://c.example/3", .outlet = "C", .title = "Barrier approved",
		  .published = 300,
		  .text = "The council in Velmora approved the tidal barrier on Tuesday after a "
		          "session that ran past midnight.\n\nThe vote was 9 to 4.\n\n\"Nobody left "
		          "that room happy with every line,\" said council clerk Ana Ruiz." },
	};
	const char *leans[3] = { "left", "right", "center" };
	px_story *s;
	px_error err = { 0 };
	assert_int_equal(px_summarize(NULL, d, leans, 3, &s, &err), 0);
	assert_int_equal(s->n_quotes, 2); /* "he said" has no name: left out */
	assert_string_equal(s->quotes[0].speaker, "Mayor Ellen Whitcombe"); /* two carry it */
	assert_int_equal(s->quotes[0].n_article_ids, 2);
	for (size_t k = 0; k < s->quotes[0].n_article_ids; k++) /* in every article cited */
		assert_non_null(strstr(d[s->quotes[0].article_ids[k] - 1].text, s->quotes[0].text));
	int fisk = 0, cost = 0, ruiz = 0;
	for (size_t i = 0; i < s->n_one_sided; i++) {
		const px_side_fact *f = &s->one_sided[i];
		assert_non_null(strstr(d[f->article_ids[0] - 1].text, f->text));
		for (size_t k = 0; k < f->n_items; k++) {
			fisk |= !strcmp(f->items[k], "Harlan Fisk") && !strcmp(f->side, "left");
			cost |= !strcmp(f->items[k], "310") && !strcmp(f->side, "left");
			ruiz |= !strcmp(f->items[k], "Ana Ruiz") && !strcmp(f->side, "center");
			if (!strcmp(f->items[k], "Velmora") || strstr(f->items[k], "Whitcombe"))
				fail_msg("%s is reported by every side, not one", f->items[k]);
		}
	}
	assert_true(fisk && cost && ruiz); /* the clerk's quote: the centre's alone */
	char *json = px_render_story_json(s, 0);
	assert_non_null(strstr(json, "\"one_sided\""));
	assert_non_null(strstr(json, "\"speaker\": \"Mayor Ellen Whitcombe\""));
	free(json);
	px_story_free(s);
}

/* A sentence is shown without its dateline or agency tag; a prefix that
 * reads as words is kept. */
static void datelines_and_agency_tags_are_dropped(void **state)
{
	(void)state;
	static const char *const cases[][2] = {
		{ "CARROW \xE2\x80\x94 A bridge fell.", "A bridge fell." },
		{ "GENEVA (MPA) \xE2\x80\x93 Talks began.", "Talks began." },
		{ "BERLIN (dpa) - Talks began.", "Talks began." },
		{ "(CNN) - Patience is short.", "Patience is short." },
		{ "(CNN) Patience is short.", "Patience is short." },
		{ "(CNN)Patience is short.", "(CNN)Patience is short." },
		{ "Officials said - again - no.", "Officials said - again - no." },
		{ "(Moore has denied it.) He ran.", "(Moore has denied it.) He ran." },
		{ "A - B", "A - B" },
		{ "NO DASH HERE.", "NO DASH HERE." },
		{ "X - ", "X - " },
		{ "CORLISS, Calder \xE2\x80\x94 The office paid.", "The office paid." },
		{ "TRENTON, N.J. (AP) \xE2\x80\x94 A judge ruled.", "A judge ruled." },
		{ "SANTA FE, New Mexico - Voters went.", "Voters went." },
		{ "NATO, the alliance said \xE2\x80\x94 no.", "NATO, the alliance said \xE2\x80\x94 no." },
		{ "US, UK and EU \xE2\x80\x94 all.", "US, UK and EU \xE2\x80\x94 all." },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		const char *s = cases[i][0];
		size_t n = strlen(s);
		summary_drop_dateline(&s, &n);
		if (n != strlen(cases[i][1]) || memcmp(s, cases[i][1], n))
			fail_msg("\"%s\" -> \"%.*s\", want \"%s\"", cases[i][0], (int)n, s,
			         cases[i][1]);
		assert_ptr_equal(s + n, cases[i][0] + strlen(cases[i][0])); /* a suffix */
	}
}

/* Quotes in more shapes: over two sentences, a title before the name, a
 * firm's title before the person, an abbreviated rank, German and Spanish
 * marks and verbs; an anonymous source and a pronoun give no speaker; a
 * fragment is not merged into the whole quote of the same speaker. */
static void quotes_in_more_shapes(void **state)
{
	(void)state;
	px_doc d[2] = {
		{ .url = "https://a.example/1", .outlet = "A", .title = "Dam opened early",
		  .published = 100,
		  .text = "\"It was a hard night for the valley. We opened the gates at midnight,\" "
		          "said managing director Dr Sarah Pennock.\n\n\"The river crested at dawn "
		          "today,\" incident commander Ray Okafor said.\n\n\"We fill out forms every "
		          "single week,\" said one bank executive who asked not to be named.\n\n"
		          "\"The lorries are stuck in Calais again,\" said Midland Axle's managing "
		          "director, Graham Tilsley.\n\n\"Our crews flew through the night,\" said "
		          "Brig. Gen. Ann Holt of the Guard.\n\n\"Releasing water early would have "
		          "flooded the town,\" said Okafor." },
		{ .url = "https://b.example/2", .outlet = "B", .title = "Damm geöffnet",
		  .published = 200, .lang = "de",
		  .text = "\xE2\x80\x9EWir haben die Tore um Mitternacht geöffnet\xE2\x80\x9C, "
		          "sagte Betriebsleiterin Petra Lindemann.\n\n\xC2\xAB" "Aquí no se puede "
		          "racionar lo que no llega\xC2\xBB, dijo Marta Rincón.\n\n\"Es war eine lange "
		          "Nacht für uns alle\", sagte er.\n\nOkafor said water released early "
		          "\"would have flooded the town\" and cost lives." },
	};
	px_story *s;
	px_error err = { 0 };
	assert_int_equal(px_summarize(NULL, d, NULL, 2, &s, &err), 0);
	static const char *const want[][2] = {
		{ "Dr Sarah Pennock", "It was a hard night for the valley. We opened the gates at midnight" },
		{ "Ray Okafor", "The river crested at dawn today" },
		{ "Graham Tilsley", "The lorries are stuck in Calais again" },
		{ "Brig. Gen. Ann Holt", "Our crews flew through the night" },
		{ "Okafor", "Releasing water early would have flooded the town" },
		{ "Betriebsleiterin Petra Lindemann", "Wir haben die Tore um Mitternacht geöffnet" },
		{ "Marta Rincón", "Aquí no se puede racionar lo que no llega" },
		{ "Okafor", "would have flooded the town" },
	};
	size_t nwant = sizeof(want) / sizeof(*want);
	for (size_t k = 0; k < s->n_quotes; k++)
		print_message("quote: %s: %s\n", s->quotes[k].speaker, s->quotes[k].text);
	assert_int_equal(s->n_quotes, nwant);
	for (size_t i = 0; i < nwant; i++) {
		size_t k = 0;
		while (k < s->n_quotes && (strcmp(s->quotes[k].speaker, want[i][0]) ||
		                           strcmp(s->quotes[k].text, want[i][1])))
			k++;
		if (k == s->n_quotes)
			fail_msg("no quote \"%s\" by %s", want[i][1], want[i][0]);
		assert_int_equal(s->quotes[k].n_article_ids, 1);
	}
	px_story_free(s);
}

/* SENTENCE less its cut of KIND, as summary_cuts finds it: the cut text
 * removed, or NULL when there is no such cut. */
static char *cut_of(px_arena *a, const char *sentence, int kind)
{
	summary_cut cuts[16];
	int n = summary_cuts(sentence, strlen(sentence), cuts, 16);
	for (int i = 0; i < n; i++) {
		if (cuts[i].kind != kind)
			continue;
		size_t len = strlen(sentence);
		assert_true(cuts[i].start < cuts[i].end && cuts[i].end <= len);
		char *o = px_arena_alloc(a, len + 1);
		memcpy(o, sentence, cuts[i].start);
		strcpy(o + cuts[i].start, sentence + cuts[i].end);
		/* the cheap shape check foresaw it: a run of its kind overlaps it */
		summary_cut runs[32];
		int nr = summary_cut_runs(sentence, len, runs, 32), seen = 0;
		for (int k = 0; k < nr; k++)
			seen |= runs[k].kind == kind && runs[k].start < cuts[i].end &&
			        cuts[i].start < runs[k].end;
		if (!seen)
			fail_msg("\"%s\": summary_cut_runs misses the cut of kind %d", sentence, kind);
		return o;
	}
	return NULL;
}

/* The runs that could hold a cut, found without the parser. */
static void cut_runs_have_a_cuts_shape(void **state)
{
	(void)state;
	static const char s[] = "In Ohio, the bill (HB 6), which failed, was backed by Smith, "
	                        "a lawyer who has argued for years that the state should act on it soon, "
	                        "and by the mayor.";
	summary_cut r[8];
	int n = summary_cut_runs(s, strlen(s), r, 8);
	/* Shape only: " the bill " and " was backed by Smith" are short runs
	 * after a comma, whatever the parser will make of them; " a lawyer
	 * who … it soon" has 15 words and opens with no relative pronoun. */
	static const struct {
		int kind;
		const char *text;
	} want[] = {
		{ SUMMARY_CUT_OPENER, "In Ohio" },
		{ SUMMARY_CUT_APPOSITIVE, " the bill " },
		{ SUMMARY_CUT_PARENTHESIS, "HB 6" },
		{ SUMMARY_CUT_RELATIVE, " which failed" },
		{ SUMMARY_CUT_APPOSITIVE, " was backed by Smith" },
		{ SUMMARY_CUT_APPOSITIVE, " and by the mayor." },
	};
	assert_int_equal(n, 6);
	for (int i = 0; i < n; i++) {
		assert_int_equal(r[i].kind, want[i].kind);
		assert_int_equal(r[i].end - r[i].start, strlen(want[i].text));
		assert_memory_equal(s + r[i].start, want[i].text, strlen(want[i].text));
	}
	assert_int_equal(summary_cut_runs(s, strlen(s), r, 2), 2);
	assert_int_equal(summary_cut_runs("No commas here.", 15, r, 8), 0);
}

/* What the link grammar parser says may go, and what it keeps. */
static void sentences_lose_what_grammar_lets_go(void **state)
{
	(void)state;
	px_arena *a = px_arena_new(0);
	static const struct {
		const char *sentence;
		int kind;
		const char *left; /* NULL: no such cut */
	} cases[] = {
		{ "The bill, which passed the Senate on Tuesday, would require companies to "
		  "register with the state.", SUMMARY_CUT_RELATIVE,
		  "The bill would require companies to register with the state." },
		{ "The ruling was welcomed by attorney Glenn Orcutt, who filed one of the "
		  "cases.", SUMMARY_CUT_RELATIVE, "The ruling was welcomed by attorney Glenn Orcutt." },
		{ "The mayor, whose term ends in May, opened the new bridge on Sunday.",
		  SUMMARY_CUT_RELATIVE, "The mayor opened the new bridge on Sunday." },
		{ "Marta Rinc\xC3\xB3n, who runs the caf\xC3\xA9 in the square, said the town had "
		  "no water.", SUMMARY_CUT_RELATIVE, "Marta Rinc\xC3\xB3n said the town had no water." },
		{ "His girlfriend, Daisha Lewis, told reporters in Detroit that he was "
		  "innocent.", SUMMARY_CUT_APPOSITIVE,
		  "His girlfriend told reporters in Detroit that he was innocent." },
		{ "Colin Mayhew, director of the broadband office, is scheduled to testify "
		  "on Friday.", SUMMARY_CUT_APPOSITIVE, "Colin Mayhew is scheduled to testify on Friday." },
		/* a list is no appositive */
		{ "She was an engineer by 22, an architect with her own practice, and a "
		  "mother of three.", SUMMARY_CUT_APPOSITIVE, NULL },
		/* the party after a name goes; a word in a name stays */
		{ "Sen. Jeff Flake (R-Ariz.) said the memo was outrageous.",
		  SUMMARY_CUT_PARENTHESIS, "Sen. Jeff Flake said the memo was outrageous." },
		{ "The Personal Data (Accountability) Bill passed its second reading.",
		  SUMMARY_CUT_PARENTHESIS, NULL },
		{ "After a nine-hour session, the council approved the barrier.",
		  SUMMARY_CUT_OPENER, "the council approved the barrier." },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *left = cut_of(a, cases[i].sentence, cases[i].kind);
		if (!cases[i].left != !left || (left && strcmp(left, cases[i].left)))
			fail_msg("\"%s\": kind %d leaves \"%s\", want \"%s\"", cases[i].sentence,
			         cases[i].kind, left ? left : "(no cut)",
			         cases[i].left ? cases[i].left : "(no cut)");
		if (left)
			assert_true(summary_parses(left, strlen(left)));
	}
	/* The parser links every word of a sentence, not of a word salad;
	 * it leaves brackets and very long sentences alone. */
	static const char ok[] = "The council approved the barrier on Tuesday.";
	static const char salad[] = "Barrier the approved of council the Tuesday on.";
	assert_true(summary_parses(ok, strlen(ok)));
	assert_false(summary_parses(salad, strlen(salad)));
	assert_false(summary_parses("The council (in full) approved it.", 34));
	/* The parser reads UTF-8 in a locale of its own thread's; the
	 * process's stays C, as main left it. */
	assert_string_equal(setlocale(LC_ALL, NULL), "C");
	px_arena_free(a);
}

/* Three reports that share little besides the event: the story page
 * still gets three key points, each citing the one report it comes from. */
static void thin_stories_get_three_key_points(void **state)
{
	(void)state;
	px_doc d[3] = {
		{ .url = "https://a.example/1", .outlet = "A", .title = "Storm floods Harlow valley",
		  .text = "A storm flooded the Harlow valley on Sunday and forced hundreds of "
		          "families from their homes.\n\nVolunteers filled sandbags outside the "
		          "old mill until the early hours.\n\nThe county's emergency budget was "
		          "spent on a new radio network last spring.", .published = 100 },
		{ .url = "https://b.example/2", .outlet = "B", .title = "Harlow valley families flee storm",
		  .text = "Hundreds of families left their homes in the Harlow valley as the storm "
		          "flooded roads on Sunday.\n\nA school gymnasium in Dunmore opened as a "
		          "shelter with cots donated by a church.\n\nInsurers expect claims to "
		          "exceed those of the floods eight years ago.", .published = 200 },
		{ .url = "https://c.example/3", .outlet = "C", .title = "Storm hits Harlow valley",
		  .text = "The storm that flooded the Harlow valley on Sunday drove hundreds of "
		          "families from their homes.\n\nFarmers along the river fear that the "
		          "silt will ruin this year's barley harvest.\n\nThe railway line to the "
		          "coast stays closed until engineers inspect two bridges.", .published = 300 },
	};
	const char *leans[3] = { "left", "center", "right" };
	px_story *s;
	px_error err = { 0 };
	assert_int_equal(px_summarize(NULL, d, leans, 3, &s, &err), 0);
	if (s->n_key_points < 3 || s->n_key_points > 5)
		fail_msg("%zu key points", s->n_key_points);
	size_t alone = 0;
	for (size_t i = 0; i < s->n_key_points; i++)
		alone += s->key_points[i].n_article_ids == 1;
	assert_true(alone >= 1); /* and says so: one source */
	px_story_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(demo_stories_have_faithful_balanced_summaries),
		cmocka_unit_test(documents_summarised_without_a_store),
		cmocka_unit_test(quotes_and_one_sided_facts),
		cmocka_unit_test(quotes_in_more_shapes),
		cmocka_unit_test(a_thread_of_days_has_a_timeline),
		cmocka_unit_test(datelines_and_agency_tags_are_dropped),
		cmocka_unit_test(sentences_lose_what_grammar_lets_go),
		cmocka_unit_test(thin_stories_get_three_key_points),
		cmocka_unit_test(cut_runs_have_a_cuts_shape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
