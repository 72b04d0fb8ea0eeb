/*
 * test_pipeline.c — documents through the whole pipeline on a fresh store:
 * duplicates, wire copies, clustering (the demo corpus and the seeds),
 * merges resolving, bad input, and a store that survives kill -9.
 */
#include "testutil.h"

#include <jansson.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <zlib.h>

#include "dedupe/dedupe.h"

/* The demo corpus must cluster at least this well (pairwise F1 against its
 * event-level gold labels, default parameters).  A regression floor, not
 * the goal: the core issue asks for 0.95; today's defaults reach 0.88
 * (docs/BENCHMARKS.md), the misses being next-day follow-ups and events of
 * one thread told apart by their headlines only.  Raise it with the figure. */
#define DEMO_MIN_PAIRWISE_F1 0.85

static const char *wire_text =
	"A highway bridge over the Tessin River collapsed during the evening rush hour "
	"on Monday, sending at least six vehicles into the water, officials in Carrow "
	"said. Rescue crews pulled nine people from the river and three were confirmed "
	"dead by midnight.\n\nThe steel truss bridge, built in 1961, carried about "
	"41,000 vehicles a day. State inspectors rated its deck in poor condition in "
	"2023 but kept it open while a repair contract was prepared.\n\nMayor Ellen "
	"Whitcombe called it the darkest night in the city's history and asked "
	"residents to avoid the riverfront while divers continued to search.\n\n"
	"The National Transportation Board said it would send a team of eleven "
	"investigators on Tuesday morning to examine the wreckage.";

static px_add_result add(px_pipeline *p, const char *url, const char *outlet,
                         const char *title, const char *text, const char *when)
{
	px_doc d = { .url = url, .outlet = outlet, .title = title, .text = text,
	             .published = px_parse_time(when), .source = "test" };
	px_add_result r;
	px_error err = { 0 };
	if (px_pipeline_add(p, &d, &r, &err) < 0)
		fail_msg("px_pipeline_add: %s", err.msg);
	return r;
}

static void duplicates_are_not_stored_twice(void **state)
{
	(void)state;
	char *dir = tmpdir();
	px_db *db = open_db(dir);
	px_error err = { 0 };
	px_pipeline *p = px_pipeline_new(db, &err);
	px_add_result a = add(p, "https://www.mpa-wire.example/a?id=1&utm_source=rss#top",
	                      "MPA", "Bridge collapses", wire_text, "2025-03-03T22:00:00Z");
	assert_int_equal(a.kind, PX_ADD_NEW);
	/* Same canonical URL: tracking parameter and fragment differ. */
	px_add_result b = add(p, "https://WWW.mpa-wire.example/a?id=1&fbclid=x", "MPA",
	                      "Bridge collapses (updated)", wire_text, "2025-03-03T23:00:00Z");
	assert_int_equal(b.kind, PX_ADD_DUPLICATE);
	assert_int_equal(b.article_id, a.article_id);
	/* Same outlet, same text, another URL. */
	px_add_result c = add(p, "https://www.mpa-wire.example/other", "MPA", "Other title",
	                      wire_text, "2025-03-04T01:00:00Z");
	assert_int_equal(c.kind, PX_ADD_DUPLICATE);
	/* Nothing usable. */
	px_add_result d = add(p, "mailto:x@example.com", "MPA", "t", "text", NULL);
	assert_int_equal(d.kind, PX_ADD_REJECTED);
	assert_non_null(strstr(d.reason, "URL"));
	px_add_result e = add(p, "https://x.example/e", "X", "", "", NULL);
	assert_int_equal(e.kind, PX_ADD_REJECTED);
	/* A headline-only item is an article whose text is its headline. */
	px_add_result h = add(p, "https://x.example/h", "X", "Council closes bridge", "", NULL);
	assert_int_equal(h.kind, PX_ADD_NEW);
	assert_int_equal(e.kind, PX_ADD_REJECTED);
	assert_int_equal(px_pipeline_free(p, &err), 0);
	px_close(db);
	rmtree(dir);
}

static void reprints_are_copies_but_shared_quotes_are_not(void **state)
{
	(void)state;
	char *dir = tmpdir();
	px_db *db = open_db(dir);
	px_error err = { 0 };
	px_pipeline *p = px_pipeline_new(db, &err);
	px_add_result orig = add(p, "https://www.mpa-wire.example/bridge", "MPA",
	                         "Bridge collapses into Tessin River", wire_text,
	                         "2025-03-03T22:00:00Z");
	/* New headline, identical text. */
	px_add_result c1 = add(p, "https://www.harbor.example/three-dead", "Harbor",
	                       "Three dead as Carrow bridge falls", wire_text,
	                       "2025-03-03T23:30:00Z");
	assert_int_equal(c1.kind, PX_ADD_COPY);
	assert_int_equal(c1.copy_of, orig.article_id);
	assert_int_equal(c1.story_id, orig.story_id);
	/* Last paragraph cut. */
	char trimmed[4096];
	snprintf(trimmed, sizeof(trimmed), "%s", wire_text);
	*strstr(trimmed, "\n\nThe National") = '\0';
	px_add_result c2 = add(p, "https://www.lakeshore.example/collapse", "Lakeshore",
	                       "Carrow collapse: three killed", trimmed,
	                       "2025-03-04T00:30:00Z");
	assert_int_equal(c2.kind, PX_ADD_COPY);
	assert_int_equal(c2.copy_of, orig.article_id);
	/* A local paragraph added on top. */
	char added[4096];
	snprintf(added, sizeof(added), "Residents of the Iron Range know these old truss "
	         "bridges well, and county engineers said on Monday night that two of "
	         "ours share the design.\n\n%s", wire_text);
	px_add_result c3 = add(p, "https://www.ironrange.example/carrow", "Iron Range",
	                       "Deadly collapse puts old bridges in focus", added,
	                       "2025-03-04T02:00:00Z");
	assert_int_equal(c3.kind, PX_ADD_COPY);
	/* An independent report quoting the same two sentences. */
	px_add_result ind = add(p, "https://www.courier.example/report", "Courier",
	                        "Carrow mourns after bridge failure",
	                        "Carrow woke on Tuesday to a gap in its skyline. Mayor Ellen "
	                        "Whitcombe called it the darkest night in the city's history "
	                        "and asked residents to avoid the riverfront while divers "
	                        "continued to search. Families gathered outside the civic "
	                        "centre, where a list of the missing was read aloud every "
	                        "hour. Engineers who studied the span said corrosion in the "
	                        "lower chord had been visible from boats for years, and that "
	                        "the repair contract had been delayed twice by budget votes. "
	                        "The council will meet in emergency session on Thursday to "
	                        "decide how traffic will cross the river until a temporary "
	                        "span can be built by the army engineers.",
	                        "2025-03-04T09:00:00Z");
	assert_int_equal(ind.kind, PX_ADD_NEW);
	assert_int_equal(ind.copy_of, 0);
	assert_int_equal(px_pipeline_free(p, &err), 0);

	px_story *s;
	assert_int_equal(px_story_get(db, orig.story_id, &s, &err), 0);
	assert_int_equal(s->coverage.articles, 5);
	assert_int_equal(s->coverage.independent, 2);
	assert_int_equal(s->coverage.sources, 5);
	assert_string_equal(s->coverage.first_outlet, "MPA");
	px_story_free(s);
	px_close(db);
	rmtree(dir);
}

static void out_of_order_reprint_makes_the_earlier_the_original(void **state)
{
	(void)state;
	char *dir = tmpdir();
	px_db *db = open_db(dir);
	px_error err = { 0 };
	px_pipeline *p = px_pipeline_new(db, &err);
	px_add_result late = add(p, "https://www.harbor.example/b", "Harbor", "Reprint",
	                         wire_text, "2025-03-04T02:00:00Z");
	px_add_result early = add(p, "https://www.mpa-wire.example/b", "MPA", "Original",
	                          wire_text, "2025-03-03T22:00:00Z");
	assert_int_equal(early.kind, PX_ADD_NEW);
	assert_int_equal(px_pipeline_free(p, &err), 0);
	px_story *s;
	assert_int_equal(px_story_get(db, late.story_id, &s, &err), 0);
	assert_int_equal(s->n_articles, 2);
	assert_int_equal(s->articles[0].id, early.article_id);
	assert_int_equal(s->articles[0].copy_of, 0);
	assert_int_equal(s->articles[1].copy_of, early.article_id);
	px_story_free(s);
	px_close(db);
	rmtree(dir);
}

/* ------------------------------------------------------------- the demo corpus */

typedef struct gold {
	char url[256];
	char story[96];
	char copy_of[256];
} gold;

/* The language Parallax found for each demo article, by index. */
static char sys_lang[400][8];

static size_t load_gold(gold *g, size_t max)
{
	char path[512], file[600];
	repo_path("data/demo/corpus", path, sizeof(path));
	size_t n = 0;
	for (int day = 1; day <= 31; day++) {
		snprintf(file, sizeof(file), "%s/2025-03-%02d.jsonl", path, day);
		FILE *f = fopen(file, "r");
		if (!f)
			continue;
		char line[65536];
		while (fgets(line, sizeof(line), f) && n < max) {
			json_t *o = json_loads(line, 0, NULL);
			assert_non_null(o);
			char *c = px_url_canonical(json_string_value(json_object_get(o, "url")));
			snprintf(g[n].url, sizeof(g[n].url), "%s", c);
			free(c);
			snprintf(g[n].story, sizeof(g[n].story), "%s",
			         json_string_value(json_object_get(o, "gold_story")));
			const char *cp = json_string_value(json_object_get(o, "gold_copy_of"));
			c = cp ? px_url_canonical(cp) : NULL;
			snprintf(g[n].copy_of, sizeof(g[n].copy_of), "%s", c ? c : "");
			free(c);
			json_decref(o);
			n++;
		}
		fclose(f);
	}
	return n;
}

static void demo_corpus_clusters_and_finds_every_copy(void **state)
{
	(void)state;
	static gold g[400];
	size_t n = load_gold(g, 400);
	assert_true(n >= 150);
	char *dir = tmpdir();
	px_db *db = open_db(dir);
	px_error err = { 0 };
	px_pipeline *p = px_pipeline_new(db, &err);
	char path[512];
	px_ingest_stats st;
	memset(&st, 0, sizeof(st));
	assert_int_equal(px_ingest_path(p, repo_path("data/demo/corpus", path, sizeof(path)),
	                                 NULL, &st, &err), 0);
	assert_int_equal(px_pipeline_free(p, &err), 0);
	assert_int_equal(st.read, n);
	assert_int_equal(st.rejected, 0);

	px_story_list l;
	assert_int_equal(px_stories_list(db, 0, &l, &err), 0);
	/* url -> system story, url -> system copy_of url */
	static int64_t sys_story[400];
	static char sys_copy[400][256];
	size_t found = 0;
	for (size_t i = 0; i < l.n; i++)
		for (size_t k = 0; k < l.stories[i]->n_articles; k++) {
			const px_story_article *a = &l.stories[i]->articles[k];
			for (size_t j = 0; j < n; j++)
				if (!strcmp(g[j].url, a->url)) {
					sys_story[j] = l.stories[i]->id;
					snprintf(sys_lang[j], sizeof(sys_lang[j]), "%s",
					         a->lang ? a->lang : "");
					sys_copy[j][0] = '\0';
					for (size_t m = 0; a->copy_of && m < l.stories[i]->n_articles; m++)
						if (l.stories[i]->articles[m].id == a->copy_of)
							snprintf(sys_copy[j], 256, "%s", l.stories[i]->articles[m].url);
					found++;
				}
		}
	assert_int_equal(found, n);
	size_t tp = 0, fp = 0, fn = 0;
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++) {
			int same_gold = !strcmp(g[i].story, g[j].story);
			int same_sys = sys_story[i] == sys_story[j];
			tp += same_gold && same_sys;
			fp += same_sys && !same_gold;
			fn += same_gold && !same_sys;
		}
	double prec = tp ? (double)tp / (double)(tp + fp) : 0;
	double rec = tp ? (double)tp / (double)(tp + fn) : 0;
	double f1 = prec + rec > 0 ? 2 * prec * rec / (prec + rec) : 0;
	printf("demo corpus: pairwise P=%.3f R=%.3f F1=%.3f, %zu stories\n", prec, rec, f1, l.n);
	assert_true(f1 >= DEMO_MIN_PAIRWISE_F1);
	/* Stories told in two languages (a German strike, a Spanish-language
	 * water crisis, each with English coverage) are found across them:
	 * every such gold story has a pair of languages in one system story. */
	size_t bilingual = 0, joined = 0;
	for (size_t i = 0; i < n; i++) {
		int first_of_story = 1, other_lang = 0, together = 0;
		for (size_t j = 0; j < i; j++)
			if (!strcmp(g[i].story, g[j].story))
				first_of_story = 0;
		if (!first_of_story)
			continue;
		for (size_t j = 0; j < n; j++)
			for (size_t k = 0; k < n; k++)
				if (!strcmp(g[j].story, g[i].story) && !strcmp(g[k].story, g[i].story) &&
				    strcmp(sys_lang[j], sys_lang[k])) {
					other_lang = 1;
					together |= sys_story[j] == sys_story[k];
				}
		bilingual += other_lang;
		joined += together;
	}
	printf("demo corpus: %zu of %zu bilingual stories joined across languages\n",
	       joined, bilingual);
	assert_true(bilingual >= 2);
	assert_int_equal(joined, bilingual);
	/* Wire copies: every reprint found, pointing at its original, and no
	 * independent article taken for a copy. */
	for (size_t i = 0; i < n; i++)
		assert_string_equal(sys_copy[i], g[i].copy_of);
	px_story_list_free(&l);
	px_close(db);
	rmtree(dir);
}

/* ------------------------------------------------------------- the seeds */

static char *read_seed(const char *dir, const char *prefix)
{
	char cmd[600];
	snprintf(cmd, sizeof(cmd), "ls %s/%s_*.txt 2>/dev/null", dir, prefix);
	FILE *ls = popen(cmd, "r");
	char path[512] = "";
	if (!ls || !fgets(path, sizeof(path), ls)) {
		if (ls)
			pclose(ls);
		return NULL;
	}
	pclose(ls);
	path[strcspn(path, "\n")] = '\0';
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	char *buf = calloc(1, 1 << 16);
	size_t k = fread(buf, 1, (1 << 16) - 1, f);
	buf[k] = '\0';
	fclose(f);
	return buf;
}

static void seeds_same_event_joins_other_event_stays_apart(void **state)
{
	(void)state;
	char seeds[512];
	repo_path("../shared/seeds", seeds, sizeof(seeds));
	char *s0 = read_seed(seeds, "000"), *s1 = read_seed(seeds, "001"),
	     *s3 = read_seed(seeds, "003");
	if (!s0 || !s1 || !s3) {
		free(s0);
		free(s1);
		free(s3);
		skip(); /* ../shared/seeds is absent: nothing to test against */
	}
	char *dir = tmpdir();
	px_db *db = open_db(dir);
	px_error err = { 0 };
	px_pipeline *p = px_pipeline_new(db, &err);
	/* First line is the title (000 carries a "date" prefix; text is kept as is). */
	char *b0 = strchr(s0, '\n'), *b1 = strchr(s1, '\n'), *b3 = strchr(s3, '\n');
	*b0++ = *b1++ = *b3++ = '\0';
	px_add_result r1 = add(p, "https://seed.example/001", "Outlet 001", s1, b1,
	                       "2025-04-02T10:00:00Z");
	px_add_result r0 = add(p, "https://seed.example/000", "Outlet 000", s0, b0,
	                       "2025-08-27T10:00:00Z");
	px_add_result r3 = add(p, "https://seed.example/003", "Outlet 003", s3, b3,
	                       "2025-08-27T14:00:00Z");
	assert_int_equal(px_pipeline_free(p, &err), 0);
	assert_int_equal(r0.story_id, r3.story_id);
	assert_true(r1.story_id != r0.story_id);
	px_close(db);
	rmtree(dir);
	free(s0);
	free(s1);
	free(s3);
}

/* ------------------------------------------------------------- bad input */

typedef struct log {
	char lines[16][300];
	int n;
} log;

static void on_reject(void *ctx, const char *where, const char *reason)
{
	log *l = ctx;
	if (l->n < 16)
		snprintf(l->lines[l->n++], 300, "%s: %s", where, reason);
}

static void bad_lines_are_reported_and_skipped(void **state)
{
	(void)state;
	char *dir = tmpdir();
	char file[300];
	snprintf(file, sizeof(file), "%s/in.jsonl", dir);
	write_file(file,
	           "{\"url\":\"https://a.example/1\",\"outlet\":\"A\",\"title\":\"One\","
	           "\"published\":\"2025-03-01T10:00:00Z\",\"text\":\"The first article is fine.\"}\n"
	           "{not json\n"
	           "[1,2]\n"
	           "{\"url\":\"https://a.example/2\",\"outlet\":\"A\",\"title\":\"Two\","
	           "\"published\":\"last Tuesday\",\"text\":\"Bad date.\"}\n"
	           "\n"
	           "{\"url\":\"https://a.example/3\",\"outlet\":\"A\",\"title\":\"Caf\xe9\","
	           "\"published\":\"2025-03-01T11:00:00Z\",\"text\":\"Broken byte \xff here.\"}\n"
	           "{\"url\":\"https://a.example/4\",\"outlet\":\"A\",\"title\":7,\"text\":\"x\"}\n");
	px_db *db = open_db(dir);
	px_error err = { 0 };
	px_pipeline *p = px_pipeline_new(db, &err);
	log lg = { .n = 0 };
	px_ingest_opts o = { .on_reject = on_reject, .ctx = &lg };
	px_ingest_stats st;
	memset(&st, 0, sizeof(st));
	assert_int_equal(px_ingest_path(p, file, &o, &st, &err), 0);
	assert_int_equal(st.read, 6);
	assert_int_equal(st.added, 2);
	assert_int_equal(st.rejected, 4);
	char want[400];
	snprintf(want, sizeof(want), "%s:2: invalid JSON", file);
	assert_memory_equal(lg.lines[0], want, strlen(want));
	snprintf(want, sizeof(want), "%s:3: not a JSON object", file);
	assert_string_equal(lg.lines[1], want);
	snprintf(want, sizeof(want), "%s:4: \"published\" is not an RFC 3339 time", file);
	assert_memory_equal(lg.lines[2], want, strlen(want));
	snprintf(want, sizeof(want), "%s:6: invalid UTF-8 replaced", file);
	assert_string_equal(lg.lines[3], want);
	snprintf(want, sizeof(want), "%s:7: \"title\" must be a string", file);
	assert_string_equal(lg.lines[4], want);
	/* A missing file and an unsupported one are reported, not fatal. */
	snprintf(file, sizeof(file), "%s/missing.jsonl", dir);
	assert_int_equal(px_ingest_path(p, file, &o, &st, &err), 0);
	assert_non_null(strstr(lg.lines[5], "missing.jsonl: cannot read"));
	/* Binary data (a NUL byte; no JSON text holds one) is named as such,
	 * whether it opens a line or sits inside one, and the next line is
	 * read whole. */
	static const char bin[] =
		"\0\x01\x02PK\n"
		"{\"url\":\"https://a.example/5\",\"outlet\":\"A\",\"title\":\"Fi\0ve\"}\n"
		"{\"url\":\"https://a.example/6\",\"outlet\":\"A\",\"title\":\"Six\","
		"\"published\":\"2025-03-01T12:00:00Z\",\"text\":\"The sixth article is fine.\"}\n";
	snprintf(file, sizeof(file), "%s/bin.jsonl", dir);
	write_bytes(file, bin, sizeof(bin) - 1);
	memset(&st, 0, sizeof(st));
	assert_int_equal(px_ingest_path(p, file, &o, &st, &err), 0);
	assert_int_equal(st.added, 1);
	assert_int_equal(st.rejected, 2);
	snprintf(want, sizeof(want), "%s:1: binary data (a NUL byte), not a line of JSON", file);
	assert_string_equal(lg.lines[6], want);
	snprintf(want, sizeof(want), "%s:2: binary data (a NUL byte), not a line of JSON", file);
	assert_string_equal(lg.lines[7], want);
	/* A line past the 64 MiB cap is refused, not held whole; the lines
	 * around it are read. */
	snprintf(file, sizeof(file), "%s/long.jsonl", dir);
	FILE *lf = fopen(file, "wb");
	assert_non_null(lf);
	fputs("{\"url\":\"https://a.example/7\",\"outlet\":\"A\",\"title\":\"Seven\","
	      "\"published\":\"2025-03-01T13:00:00Z\",\"text\":\"The seventh article is fine.\"}\n"
	      "{\"url\":\"https://a.example/8\",\"outlet\":\"A\",\"title\":\"Eight\",\"text\":\"",
	      lf);
	static char block[1 << 20];
	memset(block, 'w', sizeof(block));
	for (int i = 0; i < 65; i++)
		assert_int_equal(fwrite(block, 1, sizeof(block), lf), sizeof(block));
	fputs("\"}\n{\"url\":\"https://a.example/9\",\"outlet\":\"A\",\"title\":\"Nine\","
	      "\"published\":\"2025-03-01T14:00:00Z\",\"text\":\"The ninth article is fine.\"}\n",
	      lf);
	fclose(lf);
	lg.n = 0;
	memset(&st, 0, sizeof(st));
	assert_int_equal(px_ingest_path(p, file, &o, &st, &err), 0);
	assert_int_equal(st.added, 2);
	assert_int_equal(st.rejected, 1);
	snprintf(want, sizeof(want), "%s:2: line longer than 64 MiB", file);
	assert_string_equal(lg.lines[0], want);
	unlink(file);
	/* A gzip file cut short: what it holds is read, then the cut is
	 * reported once, the file named once. */
	snprintf(file, sizeof(file), "%s/cut.jsonl.gz", dir);
	gzFile gz = gzopen(file, "wb");
	assert_non_null(gz);
	for (int i = 0; i < 200; i++)
		gzprintf(gz, "{\"url\":\"https://b.example/%d\",\"outlet\":\"B\",\"title\":\"Item %d\","
		             "\"text\":\"Article %d of a long file that will be cut short.\"}\n",
		         i, i, i * 7919 % 10007);
	assert_int_equal(gzclose(gz), Z_OK);
	struct stat sb;
	assert_int_equal(stat(file, &sb), 0);
	assert_int_equal(truncate(file, sb.st_size / 2), 0);
	lg.n = 0;
	memset(&st, 0, sizeof(st));
	assert_int_equal(px_ingest_path(p, file, &o, &st, &err), 0);
	assert_true(st.added > 0 && st.added < 200);
	snprintf(want, sizeof(want), "%s: read error: unexpected end of file", file);
	assert_string_equal(lg.lines[lg.n - 1], want);
	assert_int_equal(px_pipeline_free(p, &err), 0);
	px_close(db);
	rmtree(dir);
}

static void text_and_html_files_and_directories(void **state)
{
	(void)state;
	char *dir = tmpdir();
	char sub[300], file[400];
	snprintf(sub, sizeof(sub), "%s/Harbor Tribune", dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	snprintf(file, sizeof(file), "%s/a.txt", sub);
	write_file(file, "Council closes old bridge\nThe council closed the old bridge on "
	                 "Tuesday after engineers found cracks.\n");
	snprintf(file, sizeof(file), "%s/b.html", sub);
	write_file(file, "<!doctype html><html lang=\"en\"><head><title>Site | x</title>"
	                 "<meta property=\"og:title\" content=\"Divers search the river\">"
	                 "<meta property=\"article:published_time\" content=\"2025-03-04T08:00:00Z\">"
	                 "<script>var x = 1;</script></head><body><nav>Home News Sport</nav>"
	                 "<article><h1>Divers search the river</h1><p>Divers searched the "
	                 "Tessin River <b>all night</b> for two missing drivers.</p>"
	                 "<p>The search resumes at dawn.</div></article>"
	                 "<footer>Copyright</footer></body></html>");
	snprintf(file, sizeof(file), "%s/notes.md", sub);
	write_file(file, "ignored");
	/* a .txt that is binary data (control bytes, as in an executable) */
	snprintf(file, sizeof(file), "%s/c.txt", sub);
	write_file(file, "\x7f" "ELF\x02\x01\x01\x03\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f"
	                 "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f"
	                 "@8\x0b@\x1e\x1d");
	px_db *db = open_db(dir);
	px_error err = { 0 };
	px_ingest_stats st;
	ingest_ok(db, dir, &st);
	assert_int_equal(st.files, 3);
	assert_int_equal(st.added, 2);
	assert_int_equal(st.rejected, 1);
	px_story_list l;
	assert_int_equal(px_stories_list(db, 0, &l, &err), 0);
	int saw_html = 0;
	for (size_t i = 0; i < l.n; i++)
		for (size_t k = 0; k < l.stories[i]->n_articles; k++) {
			const px_story_article *a = &l.stories[i]->articles[k];
			assert_string_equal(a->outlet, "Harbor Tribune");
			if (!strcmp(a->title, "Divers search the river")) {
				saw_html = 1;
				assert_int_equal(a->published, px_parse_time("2025-03-04T08:00:00Z"));
				assert_null(strstr(a->snippet, "Home News"));
				assert_non_null(strstr(a->snippet, "all night for two"));
			}
		}
	assert_true(saw_html);
	px_story_list_free(&l);
	px_close(db);
	rmtree(dir);
}

/* Files in other encodings than UTF-8 keep their letters: a text file is
 * decoded by its byte order mark (UTF-16 here) or by detection (Latin-1
 * here), a page by the extractor, which obeys its <meta charset>. */
static void files_in_other_encodings_keep_their_letters(void **state)
{
	(void)state;
	char *dir = tmpdir();
	char sub[300], file[400];
	snprintf(sub, sizeof(sub), "%s/Tribune", dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	snprintf(file, sizeof(file), "%s/latin1.txt", sub);
	write_file(file, "Caf\xe9 owner in S\xe3o Paulo wins appeal\nThe caf\xe9 owner won "
	                 "her appeal on Tuesday, ending a long dispute over the terrace of "
	                 "the caf\xe9 on the square.\n");
	snprintf(file, sizeof(file), "%s/page.html", sub);
	write_file(file, "<html><head><meta charset=\"windows-1252\"><title>M\xe1laga port "
	                 "expands</title></head><body><article><h1>M\xe1laga port expands</h1>"
	                 "<p>The port of M\xe1laga will expand its cruise terminal, the regional "
	                 "government said on Friday, in a plan worth 40 million euros.</p>"
	                 "</article></body></html>");
	/* "Z\u00fcrich votes\nVoters in Z\u00fcrich ..." in UTF-16LE, with its
	 * byte order mark */
	static const char zurich[] = "Z\xc3\xbcrich votes on housing\nVoters in Z\xc3\xbcrich "
	                             "approved the housing plan on Sunday by a wide margin.\n";
	char u16[2 * sizeof(zurich) + 2];
	size_t k = 0;
	u16[k++] = (char)0xFF;
	u16[k++] = (char)0xFE;
	for (size_t i = 0; zurich[i]; i++) {
		unsigned c = (unsigned char)zurich[i];
		if (c == 0xC3) /* the only two-byte sequence here: U+00FC */
			c = 0xC0 | ((unsigned char)zurich[++i] & 0x3F);
		u16[k++] = (char)c;
		u16[k++] = 0;
	}
	snprintf(file, sizeof(file), "%s/u16.txt", sub);
	write_bytes(file, u16, k);
	/* UTF-8 with one broken byte: that byte goes, the letters stay */
	snprintf(file, sizeof(file), "%s/broken.txt", sub);
	write_file(file, "Z\xc3\xbcrich caf\xc3\xa9 owner wins\nThe caf\xc3\xa9 owner in "
	                 "Z\xc3\xbcrich won her appeal on Tuesday \xff after a long fight.\n");
	/* an empty file is no article */
	snprintf(file, sizeof(file), "%s/empty.txt", sub);
	write_file(file, "");
	px_db *db = open_db(dir);
	px_error err = { 0 };
	px_pipeline *p = px_pipeline_new(db, &err);
	log lg = { .n = 0 };
	px_ingest_opts o = { .on_reject = on_reject, .ctx = &lg };
	px_ingest_stats st;
	memset(&st, 0, sizeof(st));
	assert_int_equal(px_ingest_path(p, dir, &o, &st, &err), 0);
	assert_int_equal(px_pipeline_free(p, &err), 0);
	assert_int_equal(st.added, 4);
	assert_int_equal(st.rejected, 1);
	/* what was guessed or mended is said; the page's own declaration is
	 * not news (files come in name order) */
	assert_int_equal(lg.n, 4);
	snprintf(file, sizeof(file), "%s/broken.txt: invalid UTF-8 replaced", sub);
	assert_string_equal(lg.lines[0], file);
	snprintf(file, sizeof(file), "%s/empty.txt: ", sub);
	assert_memory_equal(lg.lines[1], file, strlen(file));
	snprintf(file, sizeof(file), "%s/latin1.txt: not UTF-8: read as windows-1252", sub);
	assert_string_equal(lg.lines[2], file);
	snprintf(file, sizeof(file), "%s/u16.txt: not UTF-8: read as utf-16le", sub);
	assert_string_equal(lg.lines[3], file);
	static const char *const want[] = {
		"Caf\xc3\xa9 owner in S\xc3\xa3o Paulo wins appeal",
		"M\xc3\xa1laga port expands",
		"Z\xc3\xbcrich votes on housing",
		"Z\xc3\xbcrich caf\xc3\xa9 owner wins",
	};
	px_story_list l;
	assert_int_equal(px_stories_list(db, 0, &l, &err), 0);
	int found = 0;
	for (size_t i = 0; i < l.n; i++)
		for (size_t j = 0; j < l.stories[i]->n_articles; j++)
			for (size_t w = 0; w < 4; w++)
				found += !strcmp(l.stories[i]->articles[j].title, want[w]);
	assert_int_equal(found, 4);
	px_story_list_free(&l);
	px_close(db);
	rmtree(dir);
}

/* ------------------------------------------------------------- crashes */

static void killed_ingest_keeps_committed_batches(void **state)
{
	(void)state;
	char *dir = tmpdir();
	char file[300], dbpath[300];
	snprintf(file, sizeof(file), "%s/many.jsonl", dir);
	snprintf(dbpath, sizeof(dbpath), "%s/test.db", dir);
	FILE *f = fopen(file, "w");
	for (int i = 0; i < 4000; i++)
		fprintf(f, "{\"url\":\"https://k.example/%d\",\"outlet\":\"K\",\"title\":\"Item %d "
		        "report\",\"published\":\"2025-03-01T10:00:00Z\",\"text\":\"Report number %d "
		        "about topic %d with detail %d and more words to make it longer.\"}\n",
		        i, i, i, i % 37, i * 7);
	fclose(f);
	pid_t pid = fork();
	if (pid == 0) {
		px_error err = { 0 };
		px_db *db = px_open(dbpath, &err);
		px_pipeline *p = px_pipeline_new(db, &err);
		px_pipeline_set_batch(p, 50);
		px_ingest_stats st;
		memset(&st, 0, sizeof(st));
		px_ingest_path(p, file, NULL, &st, &err);
		_exit(0);
	}
	usleep(150 * 1000);
	kill(pid, SIGKILL);
	int status;
	waitpid(pid, &status, 0);
	/* The store opens, and a re-ingest finds each committed article once. */
	px_error err = { 0 };
	px_db *db = px_open(dbpath, &err);
	assert_non_null(db);
	px_ingest_stats st;
	ingest_ok(db, file, &st);
	assert_int_equal(st.read, 4000);
	assert_int_equal(st.added + st.copies + st.duplicates, 4000);
	printf("killed ingest: %zu of 4000 were already stored\n", st.duplicates);
	assert_int_equal(st.duplicates % 50, 0); /* whole batches, never half */
	px_close(db);
	rmtree(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(duplicates_are_not_stored_twice),
		cmocka_unit_test(reprints_are_copies_but_shared_quotes_are_not),
		cmocka_unit_test(out_of_order_reprint_makes_the_earlier_the_original),
		cmocka_unit_test(demo_corpus_clusters_and_finds_every_copy),
		cmocka_unit_test(seeds_same_event_joins_other_event_stays_apart),
		cmocka_unit_test(bad_lines_are_reported_and_skipped),
		cmocka_unit_test(text_and_html_files_and_directories),
		cmocka_unit_test(files_in_other_encodings_keep_their_letters),
		cmocka_unit_test(killed_ingest_keeps_committed_batches),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
