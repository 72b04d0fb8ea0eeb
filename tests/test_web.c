/*
 * test_web.c — what the web front end reads and how it serves it: the
 * story queries (topics, filters, paging), search, outlet activity, the
 * store's version and story stamps, and `parallax serve` itself over HTTP
 * (px_serve in a thread, driven with libcurl): status codes, validators,
 * gzip, limits, static files, and pages that follow the store while
 * another connection writes to it.
 */
#include "testutil.h"

#include <curl/curl.h>
#include <pthread.h>
#include <sys/stat.h>
#include <time.h>

/* ------------------------------------------------------------ a store */

/* The demo corpus in a store of its own, shared by the tests. */
static char *demo_dir;
static char demo_path[300];

static int demo_setup(void **state)
{
	(void)state;
	demo_dir = tmpdir();
	snprintf(demo_path, sizeof(demo_path), "%s/test.db", demo_dir);
	px_db *db = open_db(demo_dir);
	px_error err = { 0 };
	px_import_stats ist;
	char buf[300];
	if (px_outlets_import(db, repo_path("data/demo/outlets.csv", buf, sizeof(buf)), "csv",
	                      NULL, NULL, NULL, &ist, &err) < 0)
		fail_msg("%s", err.msg);
	px_ingest_stats st;
	ingest_ok(db, repo_path("data/demo/corpus", buf, sizeof(buf)), &st);
	assert_true(st.added >= 150);
	px_close(db);
	return 0;
}

static int demo_teardown(void **state)
{
	(void)state;
	rmtree(demo_dir);
	return 0;
}

static px_db *demo_open(void)
{
	px_error err = { 0 };
	px_db *db = px_open(demo_path, &err);
	if (!db)
		fail_msg("%s", err.msg);
	return db;
}

/* Adds one article to DB through a pipeline; its story's id. */
static int64_t add_doc(px_db *db, const char *url, const char *outlet, const char *title,
                       const char *text, int64_t published)
{
	px_error err = { 0 };
	px_pipeline *p = px_pipeline_new(db, &err);
	px_doc d = { url, outlet, NULL, title, NULL, NULL, text, NULL, published, "test" };
	px_add_result res;
	if (px_pipeline_add(p, &d, &res, &err) < 0 || px_pipeline_free(p, &err) < 0)
		fail_msg("%s", err.msg);
	return res.story_id;
}

/* ------------------------------------------------------------ topics */

static void topics_are_read_from_the_text(void **state)
{
	(void)state;
	char *dir = tmpdir();
	px_db *db = open_db(dir);
	int64_t t0 = 1741082400;
	int64_t vote = add_doc(db, "https://a.example/vote", "A", "Voters elect a new mayor",
	                       "Voters went to the polls on Tuesday and elected a new mayor. "
	                       "The candidate's party won a majority on the council, and the "
	                       "election turnout was the highest in a decade.", t0);
	int64_t vaccine = add_doc(db, "https://b.example/vaccine", "B",
	                          "Hospitals start giving the new flu vaccine",
	                          "Doctors and nurses at three hospitals began giving patients "
	                          "the new vaccine, as the outbreak of the virus spread to a "
	                          "fourth clinic.", t0 + 60);
	int64_t german = add_doc(db, "https://c.example/wahl", "C", "Die Wähler wählen",
	                         "Die Wähler haben am Sonntag einen neuen Bürgermeister "
	                         "gewählt, und die Partei gewann die Wahl und die Mehrheit "
	                         "im Rat.", t0 + 120);
	int64_t italian = add_doc(db, "https://d.example/voto", "D", "Gli elettori votano",
	                          "Gli elettori hanno scelto domenica un nuovo sindaco, e il "
	                          "partito ha vinto la maggioranza nel consiglio comunale.",
	                          t0 + 180);
	px_story *s;
	px_error err = { 0 };
	assert_int_equal(px_story_get(db, vote, &s, &err), 0);
	assert_string_equal(s->topic, "politics");
	px_story_free(s);
	assert_int_equal(px_story_get(db, vaccine, &s, &err), 0);
	assert_string_equal(s->topic, "health");
	px_story_free(s);
	assert_int_equal(px_story_get(db, german, &s, &err), 0);
	assert_string_equal(s->topic, "politics");   /* German's own lexicon */
	px_story_free(s);
	assert_int_equal(px_story_get(db, italian, &s, &err), 0);
	assert_null(s->topic);    /* no lexicon for Italian */
	px_story_free(s);

	px_story_query q = { .topic = "health" };
	px_story_list l;
	assert_int_equal(px_stories_query(db, &q, &l, &err), 0);
	assert_int_equal(l.total, 1);
	assert_int_equal(l.stories[0]->id, vaccine);
	px_story_list_free(&l);
	q.topic = "astrology";
	assert_int_equal(px_stories_query(db, &q, &l, &err), PX_EINVAL);
	assert_non_null(strstr(err.msg, "astrology"));
	px_close(db);
	rmtree(dir);
}

/* ------------------------------------------------------------ queries */

static void stories_query_pages_and_filters(void **state)
{
	(void)state;
	px_db *db = demo_open();
	px_error err = { 0 };
	px_story_list all;
	assert_int_equal(px_stories_query(db, &(px_story_query){ 0 }, &all, &err), 0);
	assert_true(all.total >= 40);
	assert_int_equal(all.n, all.total);

	/* pages of 7 are the full ranking cut in order */
	size_t seen = 0;
	for (size_t page = 0; seen < all.total; page++) {
		px_story_list l;
		px_story_query q = { .offset = page * 7, .limit = 7 };
		assert_int_equal(px_stories_query(db, &q, &l, &err), 0);
		assert_int_equal(l.total, all.total);
		assert_true(l.n > 0 && l.n <= 7);
		for (size_t i = 0; i < l.n; i++)
			assert_int_equal(l.stories[i]->id, all.stories[seen + i]->id);
		seen += l.n;
		px_story_list_free(&l);
	}
	assert_int_equal(seen, all.total);
	px_story_list past;
	px_story_query beyond = { .offset = all.total + 5, .limit = 7 };
	assert_int_equal(px_stories_query(db, &beyond, &past, &err), 0);
	assert_int_equal(past.n, 0);
	assert_int_equal(past.total, all.total);
	px_story_list_free(&past);

	/* language: every story kept has an article in it, and none missed */
	px_story_list de;
	assert_int_equal(px_stories_query(db, &(px_story_query){ .lang = "de" }, &de, &err), 0);
	size_t want = 0;
	for (size_t i = 0; i < all.n; i++) {
		int has = 0;
		for (size_t k = 0; k < all.stories[i]->n_articles; k++)
			has |= all.stories[i]->articles[k].lang &&
			       !strcmp(all.stories[i]->articles[k].lang, "de");
		want += has;
	}
	assert_true(want > 0 && want < all.total);
	assert_int_equal(de.total, want);
	px_story_list_free(&de);

	/* window: the stories with an article in the last day of the news */
	int64_t newest = 0;
	for (size_t i = 0; i < all.n; i++)
		if (all.stories[i]->last_seen > newest)
			newest = all.stories[i]->last_seen;
	px_story_list day;
	assert_int_equal(px_stories_query(db, &(px_story_query){ .window = 86400 }, &day, &err), 0);
	want = 0;
	for (size_t i = 0; i < all.n; i++)
		want += all.stories[i]->last_seen >= newest - 86400;
	assert_int_equal(day.total, want);
	assert_true(want < all.total);
	px_story_list_free(&day);

	/* topic: exactly the stories whose topic it is */
	px_story_list env;
	assert_int_equal(px_stories_query(db, &(px_story_query){ .topic = "environment" },
	                                  &env, &err), 0);
	want = 0;
	for (size_t i = 0; i < all.n; i++)
		want += all.stories[i]->topic && !strcmp(all.stories[i]->topic, "environment");
	assert_true(want > 0);
	assert_int_equal(env.total, want);
	px_story_list_free(&env);

	/* blindspot marks agree with px_blindspots */
	px_story_list marked, spots;
	assert_int_equal(px_stories_query(db, &(px_story_query){ .mark_blindspots = 1 },
	                                  &marked, &err), 0);
	assert_int_equal(px_blindspots(db, NULL, &spots, NULL, &err), 0);
	size_t n_marked = 0;
	for (size_t i = 0; i < marked.n; i++) {
		if (!marked.stories[i]->blindspot)
			continue;
		n_marked++;
		int found = 0;
		for (size_t k = 0; k < spots.n; k++)
			found |= spots.stories[k]->id == marked.stories[i]->id &&
			         !strcmp(spots.stories[k]->blindspot, marked.stories[i]->blindspot);
		assert_true(found);
	}
	assert_int_equal(n_marked, spots.n);
	px_story_list_free(&marked);
	px_story_list_free(&spots);

	/* the filters offered are the store's */
	px_facets f;
	assert_int_equal(px_facets_get(db, &f, &err), 0);
	int has_de = 0, has_en = 0;
	for (size_t i = 0; i < f.n_langs; i++) {
		has_de |= !strcmp(f.langs[i], "de");
		has_en |= !strcmp(f.langs[i], "en");
	}
	assert_true(has_de && has_en);
	assert_true(f.n_countries >= 2);
	px_facets_free(&f);
	px_story_list_free(&all);
	px_close(db);
}

/* ------------------------------------------------------------ search */

/* 1 if S has a marked word that starts with WORD (any case). */
static int marked_word(const char *s, const char *word)
{
	for (const char *p = strchr(s, PX_MARK_ON[0]); p; p = strchr(p + 1, PX_MARK_ON[0]))
		if (!strncasecmp(p + 1, word, strlen(word)))
			return 1;
	return 0;
}

static void search_marks_matches_and_takes_any_query(void **state)
{
	(void)state;
	px_db *db = demo_open();
	px_error err = { 0 };
	px_search_result r;
	assert_int_equal(px_search(db, "bridge", 0, 5, &r, &err), 0);
	assert_true(r.total >= 5);
	assert_int_equal(r.n, 5);
	size_t bridge_total = r.total;
	for (size_t i = 0; i < r.n; i++) {
		const px_search_hit *h = &r.hits[i];
		assert_true(marked_word(h->title_marked, "bridge") ||
		            marked_word(h->snippet, "bridge"));
		assert_null(strchr(h->article.snippet, PX_MARK_ON[0]));
		assert_true(h->article.story_id > 0);
		assert_non_null(h->article.outlet);
	}
	/* the title counts more: the first hit has the word in its title */
	assert_true(marked_word(r.hits[0].title_marked, "bridge"));
	px_search_free(&r);

	/* a phrase finds no more than its words; a prefix no fewer */
	assert_int_equal(px_search(db, "\"bridge collapse\"", 0, 0, &r, &err), 0);
	assert_true(r.total > 0 && r.total <= bridge_total);
	px_search_free(&r);
	assert_int_equal(px_search(db, "brid*", 0, 0, &r, &err), 0);
	assert_true(r.total >= bridge_total);
	px_search_free(&r);

	/* FTS5 syntax is read as words: nothing is an error */
	static const char *const odd[] = {
		"AT&T", "\"unbalanced", "NOT", "bridge OR", "(", "-", "*", "title:bridge",
		"^bridge", "NEAR(a b)", "\"\"", "' OR 1=1 --", "bridge\"collapse",
	};
	for (size_t i = 0; i < sizeof(odd) / sizeof(*odd); i++) {
		if (px_search(db, odd[i], 0, 10, &r, &err) < 0)
			fail_msg("query %s: %s", odd[i], err.msg);
		px_search_free(&r);
	}
	assert_int_equal(px_search(db, "collapse:bridge", 0, 0, &r, &err), 0);
	assert_true(r.total > 0);   /* "collapse" and "bridge", as words */
	px_search_free(&r);
	assert_int_equal(px_search(db, "   ", 0, 10, &r, &err), 0);
	assert_int_equal(r.total, 0);
	px_search_free(&r);
	px_close(db);
}

/* ------------------------------------------------------------ outlets */

static void outlet_activity_lists_its_articles_and_stories(void **state)
{
	(void)state;
	px_db *db = demo_open();
	px_error err = { 0 };
	px_outlet_list ol;
	assert_int_equal(px_outlets_list(db, "mpa-wire.example", &ol, &err), 0);
	int64_t id = ol.outlets[0].id;
	int64_t articles = ol.outlets[0].articles;
	px_outlet_list_free(&ol);
	char what[32];
	snprintf(what, sizeof(what), "#%lld", (long long)id);
	assert_int_equal(px_outlets_list(db, what, &ol, &err), 0);
	assert_int_equal(ol.outlets[0].id, id);
	px_outlet_list_free(&ol);
	assert_int_equal(px_outlets_list(db, "#0", &ol, &err), PX_ENOTFOUND);

	px_outlet_activity a;
	assert_int_equal(px_outlet_activity_get(db, id, 5, &a, &err), 0);
	assert_int_equal(a.n_recent, articles < 5 ? articles : 5);
	for (size_t i = 0; i < a.n_recent; i++) {
		assert_int_equal(a.recent[i].outlet_id, id);
		assert_true(a.recent[i].story_id > 0);
		if (i)
			assert_true(a.recent[i].published <= a.recent[i - 1].published);
	}
	assert_true(a.stories > 0);
	assert_int_equal(a.by_side[0] + a.by_side[1] + a.by_side[2] + a.no_side, a.stories);
	px_outlet_activity_free(&a);
	px_close(db);
}

/* ------------------------------------------------------------ freshness */

static void version_and_stamp_follow_other_writers(void **state)
{
	(void)state;
	char *dir = tmpdir();
	px_db *w = open_db(dir), *r = open_db(dir);
	px_error err = { 0 };
	int64_t t0 = 1741082400;
	const char *text = "The council voted five to four on Tuesday to dredge the harbour "
	                   "channel, ending a decade of argument over the cost of the work and "
	                   "who should pay for it, the mayor said after the meeting.";
	int64_t a = add_doc(w, "https://a.example/1", "A", "Harbour dredging plan wins vote",
	                    text, t0);
	int64_t b = add_doc(w, "https://b.example/2", "B", "Zoo welcomes twin pandas",
	                    "Two giant panda cubs were born at the city zoo, keepers said, the "
	                    "first twins in the zoo's history.", t0 + 60);
	int64_t v1, v2, live;
	uint64_t sa1, sa2, sb1, sb2;
	assert_int_equal(px_db_version(r, &v1, &err), 0);
	assert_int_equal(px_story_stamp(r, a, &live, &sa1, &err), 0);
	assert_int_equal(live, a);
	assert_int_equal(px_story_stamp(r, b, &live, &sb1, &err), 0);

	/* another outlet reprints the first story: it joins it */
	int64_t j = add_doc(w, "https://c.example/3", "C", "Council backs dredging", text,
	                    t0 + 600);
	assert_int_equal(j, a);
	assert_int_equal(px_db_version(r, &v2, &err), 0);
	assert_true(v2 != v1);
	assert_int_equal(px_story_stamp(r, a, &live, &sa2, &err), 0);
	assert_int_equal(px_story_stamp(r, b, &live, &sb2, &err), 0);
	assert_true(sa2 != sa1);
	assert_true(sb2 == sb1);

	/* a rating changes every story's stamp (pages show ratings) */
	assert_int_equal(px_outlet_rate(w, "b.example", "lean", "left", &err), 0);
	assert_int_equal(px_story_stamp(r, b, &live, &sb1, &err), 0);
	assert_true(sb1 != sb2);
	assert_int_equal(px_story_stamp(r, 999999, &live, &sa1, &err), 0);
	assert_int_equal(live, 0);
	px_close(w);
	px_close(r);
	rmtree(dir);
}

/* ------------------------------------------------------------ the server */

typedef struct served {
	pthread_t thread;
	px_serve_opts o;
	volatile int stop;
	char url[128];
	volatile int ready;
	int rc;
	px_error err;
} served;

static void on_ready(void *ctx, const char *url)
{
	served *s = ctx;
	snprintf(s->url, sizeof(s->url), "%s", url);
	s->ready = 1;
}

static void *serve_thread(void *arg)
{
	served *s = arg;
	s->rc = px_serve(&s->o, &s->stop, &s->err);
	s->ready = 1;
	return NULL;
}

/* Starts px_serve on DB_PATH on a free loopback port. */
static void serve_start(served *s, const char *db_path, const char *web_dir, double rate)
{
	memset(s, 0, sizeof(*s));
	s->o = (px_serve_opts){ .db_path = db_path, .port = 0, .threads = 2, .web_dir = web_dir,
	                        .rate = rate, .on_ready = on_ready, .ctx = s };
	pthread_create(&s->thread, NULL, serve_thread, s);
	for (int i = 0; i < 500 && !s->ready; i++)
		usleep(10000);
	if (!s->url[0])
		fail_msg("px_serve did not start: %s", s->err.msg);
}

static void serve_stop(served *s)
{
	struct timespec t0, t1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	s->stop = 1;
	pthread_join(s->thread, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_int_equal(s->rc, 0);
	assert_true(t1.tv_sec - t0.tv_sec < 3);
}

typedef struct reply {
	long status;
	px_error unused;
	char *body;
	size_t len;
	char headers[4096];
	size_t hlen;
} reply;

static size_t on_body(char *p, size_t size, size_t n, void *ctx)
{
	reply *r = ctx;
	r->body = realloc(r->body, r->len + size * n + 1);
	memcpy(r->body + r->len, p, size * n);
	r->len += size * n;
	r->body[r->len] = '\0';
	return size * n;
}

static size_t on_header(char *p, size_t size, size_t n, void *ctx)
{
	reply *r = ctx;
	size_t k = size * n;
	if (r->hlen + k < sizeof(r->headers)) {
		memcpy(r->headers + r->hlen, p, k);
		r->hlen += k;
		r->headers[r->hlen] = '\0';
	}
	return k;
}

/* GET (or METHOD) URL+PATH with the header lines HDRS (NULL-ended). */
static reply http(const served *s, const char *method, const char *path,
                  const char *const *hdrs)
{
	reply r;
	memset(&r, 0, sizeof(r));
	r.body = calloc(1, 1);
	char url[8192];
	snprintf(url, sizeof(url), "%s%s", s->url, path);
	CURL *c = curl_easy_init();
	struct curl_slist *h = NULL;
	for (size_t i = 0; hdrs && hdrs[i]; i++)
		h = curl_slist_append(h, hdrs[i]);
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, &r);
	curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
	if (method && !strcmp(method, "HEAD"))
		curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
	else if (method && !strcmp(method, "POST"))
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, "x=1");
	else if (method && !strcmp(method, "GET+BODY")) {
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, "x=1");
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, "GET");
	}
	if (curl_easy_perform(c) != CURLE_OK)
		fail_msg("GET %s failed", url);
	curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
	curl_slist_free_all(h);
	curl_easy_cleanup(c);
	return r;
}

/* The value of header NAME in R (static buffer), or NULL. */
static const char *header(const reply *r, const char *name)
{
	static char v[512];
	size_t n = strlen(name);
	for (const char *p = r->headers; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if (!strncasecmp(p, name, n) && p[n] == ':') {
			const char *s = p + n + 1;
			while (*s == ' ')
				s++;
			size_t k = strcspn(s, "\r\n");
			snprintf(v, sizeof(v), "%.*s", (int)k, s);
			return v;
		}
	}
	return NULL;
}

static void reply_free(reply *r)
{
	free(r->body);
}

/* The story id of the JSON story list's first story. */
static long first_story(const char *json)
{
	const char *p = strstr(json, "\"id\":");
	return p ? strtol(p + 5, NULL, 10) : 0;
}

static void server_answers_with_validators_limits_and_errors(void **state)
{
	(void)state;
	char *web = tmpdir(), path[400];
	snprintf(path, sizeof(path), "%s/style.css", web);
	write_file(path, "body { margin: 0 }\n");
	snprintf(path, sizeof(path), "%s/evil.css", web);
	assert_int_equal(symlink("/etc/passwd", path), 0);
	served s;
	serve_start(&s, demo_path, web, 0);

	/* the home page, with its security headers */
	reply r = http(&s, NULL, "/", NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(header(&r, "Content-Type"), "text/html"));
	assert_non_null(strstr(header(&r, "Content-Security-Policy"), "default-src 'none'"));
	assert_string_equal(header(&r, "X-Content-Type-Options"), "nosniff");
	assert_non_null(strstr(r.body, " id=\"stories\""));
	reply_free(&r);

	/* a story: ETag, 304, gzip, HEAD */
	r = http(&s, NULL, "/api/v1/stories?per_page=3", NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(header(&r, "Content-Type"), "application/json"));
	assert_non_null(strstr(r.body, "\"total\":"));
	assert_non_null(strstr(r.body, "\"next\": \"/api/v1/stories?per_page=3&page=2\""));
	long id = first_story(r.body);
	assert_true(id > 0);
	reply_free(&r);
	char story[64];
	snprintf(story, sizeof(story), "/story/%ld", id);
	r = http(&s, NULL, story, NULL);
	assert_int_equal(r.status, 200);
	char etag[64], inm[96];
	snprintf(etag, sizeof(etag), "%s", header(&r, "ETag"));
	assert_true(etag[0] == '"');
	assert_non_null(header(&r, "Last-Modified"));
	size_t plain_len = r.len;
	reply_free(&r);
	snprintf(inm, sizeof(inm), "If-None-Match: %s", etag);
	r = http(&s, NULL, story, (const char *[]){ inm, NULL });
	assert_int_equal(r.status, 304);
	assert_int_equal(r.len, 0);
	reply_free(&r);
	r = http(&s, NULL, story, (const char *[]){ "If-None-Match: \"0000000000000000\"", NULL });
	assert_int_equal(r.status, 200);
	reply_free(&r);
	r = http(&s, NULL, story, (const char *[]){ "Accept-Encoding: gzip", NULL });
	assert_int_equal(r.status, 200);
	assert_string_equal(header(&r, "Content-Encoding"), "gzip");
	assert_true(r.len < plain_len / 2);
	assert_true(r.len >= 2 && (unsigned char)r.body[0] == 0x1f &&
	            (unsigned char)r.body[1] == 0x8b);
	reply_free(&r);
	r = http(&s, "HEAD", story, NULL);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.len, 0);
	reply_free(&r);

	/* errors: as JSON under /api/, as pages elsewhere */
	r = http(&s, NULL, "/api/v1/stories/999999", NULL);
	assert_int_equal(r.status, 404);
	assert_non_null(strstr(r.body, "\"status\": 404"));
	assert_non_null(strstr(r.body, "no story 999999"));
	reply_free(&r);
	r = http(&s, NULL, "/api/v1/stories?page=0", NULL);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(r.body, "page must be a number"));
	reply_free(&r);
	r = http(&s, NULL, "/?topic=astrology", NULL);
	assert_int_equal(r.status, 400);
	assert_non_null(strstr(header(&r, "Content-Type"), "text/html"));
	reply_free(&r);
	r = http(&s, NULL, "/story/12abc", NULL);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	r = http(&s, "POST", "/", NULL);
	assert_int_equal(r.status, 405);
	assert_string_equal(header(&r, "Allow"), "GET, HEAD");
	reply_free(&r);
	r = http(&s, "GET+BODY", "/", NULL);
	assert_int_equal(r.status, 413);
	reply_free(&r);
	char long_path[4000] = "/search?q=";
	memset(long_path + 10, 'a', 3000);
	long_path[3010] = '\0';
	r = http(&s, NULL, long_path, NULL);
	assert_int_equal(r.status, 414);
	reply_free(&r);
	char *big = malloc(100 * 1024);
	strcpy(big, "X-Big: ");
	memset(big + 7, 'a', 100 * 1024 - 8);
	big[100 * 1024 - 1] = '\0';
	r = http(&s, NULL, "/", (const char *[]){ big, NULL });
	assert_int_equal(r.status, 431);   /* past the connection's memory */
	reply_free(&r);
	free(big);

	/* static files: only what the folder held, never a path */
	r = http(&s, NULL, "/static/style.css", NULL);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, "body { margin: 0 }\n");
	assert_non_null(strstr(header(&r, "Content-Type"), "text/css"));
	reply_free(&r);
	static const char *const bad[] = {
		"/static/evil.css", "/static/../../../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd",
		"/static/..%2f..%2fetc%2fpasswd", "/static/", "/static/.hidden",
		"/static/style.css%00.png", "/static/style.css%00",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		r = http(&s, NULL, bad[i], NULL);
		if (r.status != 404 && r.status != 400)
			fail_msg("%s: %ld", bad[i], r.status);
		assert_null(strstr(r.body, "root:"));
		assert_null(strstr(r.body, "margin: 0"));
		reply_free(&r);
	}

	/* the cache tells arguments apart however their values are spelled:
	 * q "bridge\npage=2" and q "bridge" with page "2\n" once made one key,
	 * and the second's 400 was served for the first */
	r = http(&s, NULL, "/api/v1/search?q=bridge%2Bcollapse%00", NULL);
	assert_int_equal(r.status, 200);   /* "%00" stays as it is, a word */
	assert_non_null(strstr(r.body, "\"query\": \"bridge+collapse%00\""));
	reply_free(&r);
	reply q2 = http(&s, NULL, "/api/v1/search?q=bridge&page=2%0A", NULL);
	reply q1 = http(&s, NULL, "/api/v1/search?q=bridge%0Apage%3D2", NULL);
	assert_int_equal(q2.status, 400);
	assert_int_equal(q1.status, 200);
	reply_free(&q1);
	reply_free(&q2);

	/* feeds */
	r = http(&s, NULL, "/feeds/top.atom", NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(header(&r, "Content-Type"), "application/atom+xml"));
	assert_non_null(strstr(r.body, "<feed xmlns=\"http://www.w3.org/2005/Atom\""));
	reply_free(&r);
	r = http(&s, NULL, "/feeds/topic/politics.rss", NULL);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "<rss"));
	reply_free(&r);
	r = http(&s, NULL, "/feeds/topic/astrology.rss", NULL);
	assert_int_equal(r.status, 404);
	reply_free(&r);
	serve_stop(&s);
	rmtree(web);
}

/* Keep-alive: libmicrohttpd closes a connection whose response was
 * queued before it knew the request was whole; two requests on one
 * connection must use one socket. */
static void server_keeps_connections_alive(void **state)
{
	(void)state;
	served s;
	serve_start(&s, demo_path, NULL, 0);
	char url[256];
	snprintf(url, sizeof(url), "%s/api/v1/feeds", s.url);
	CURL *c = curl_easy_init();
	reply r;
	memset(&r, 0, sizeof(r));
	curl_easy_setopt(c, CURLOPT_URL, url);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
	long connects = 0, total = 0;
	for (int i = 0; i < 3; i++) {
		assert_int_equal(curl_easy_perform(c), CURLE_OK);
		curl_easy_getinfo(c, CURLINFO_NUM_CONNECTS, &connects);
		total += connects;
	}
	assert_int_equal(total, 1);
	curl_easy_cleanup(c);
	free(r.body);
	serve_stop(&s);
}

static void server_follows_a_writer(void **state)
{
	(void)state;
	char *dir = tmpdir(), path[300];
	snprintf(path, sizeof(path), "%s/test.db", dir);
	px_db *w = open_db(dir);
	int64_t t0 = 1741082400;
	const char *text = "The council voted five to four on Tuesday to dredge the harbour "
	                   "channel, ending a decade of argument over the cost of the work and "
	                   "who should pay for it, the mayor said after the meeting.";
	int64_t a = add_doc(w, "https://a.example/1", "A", "Harbour dredging plan wins vote",
	                    text, t0);
	int64_t b = add_doc(w, "https://b.example/2", "B", "Zoo welcomes twin pandas",
	                    "Two giant panda cubs were born at the city zoo, keepers said, the "
	                    "first twins in the zoo's history.", t0 + 60);
	served s;
	serve_start(&s, path, NULL, 0);
	char pa[64], pb[64];
	snprintf(pa, sizeof(pa), "/api/v1/stories/%lld", (long long)a);
	snprintf(pb, sizeof(pb), "/story/%lld", (long long)b);
	reply ra = http(&s, NULL, pa, NULL), rb = http(&s, NULL, pb, NULL);
	assert_non_null(strstr(ra.body, "\"articles\": 1,"));
	char etag_b[64], lm_b[64];
	snprintf(etag_b, sizeof(etag_b), "%s", header(&rb, "ETag"));
	snprintf(lm_b, sizeof(lm_b), "%s", header(&rb, "Last-Modified"));

	/* another connection adds a report to story A while the server runs */
	assert_int_equal(add_doc(w, "https://c.example/3", "C", "Council backs dredging", text,
	                         t0 + 600), a);
	usleep(400000);   /* the server reads the store's version every 100 ms */
	reply ra2 = http(&s, NULL, pa, NULL), rb2 = http(&s, NULL, pb, NULL);
	assert_non_null(strstr(ra2.body, "\"articles\": 2,"));
	char etag_a[64];
	snprintf(etag_a, sizeof(etag_a), "%s", header(&ra, "ETag"));
	assert_string_not_equal(header(&ra2, "ETag"), etag_a);
	/* story B did not change: the same bytes, the same validators */
	assert_string_equal(header(&rb2, "ETag"), etag_b);
	assert_string_equal(header(&rb2, "Last-Modified"), lm_b);
	reply_free(&ra);
	reply_free(&rb);
	reply_free(&ra2);
	reply_free(&rb2);
	serve_stop(&s);
	px_close(w);
	rmtree(dir);
}

static void server_limits_the_rate(void **state)
{
	(void)state;
	served s;
	serve_start(&s, demo_path, NULL, 5);
	int ok = 0, limited = 0;
	for (int i = 0; i < 30; i++) {
		reply r = http(&s, NULL, "/api/v1/feeds", NULL);
		if (r.status == 200)
			ok++;
		else if (r.status == 429) {
			limited++;
			assert_string_equal(header(&r, "Retry-After"), "1");
		}
		reply_free(&r);
	}
	/* a burst of twice the rate, then about the rate */
	assert_true(ok >= 10 && ok <= 14);
	assert_int_equal(ok + limited, 30);
	serve_stop(&s);
}

static void serve_refuses_a_busy_port(void **state)
{
	(void)state;
	served s;
	serve_start(&s, demo_path, NULL, 0);
	unsigned port = (unsigned)strtoul(strrchr(s.url, ':') + 1, NULL, 10);
	px_serve_opts o = { .db_path = demo_path, .port = port };
	volatile int stop = 1;
	px_error err = { 0 };
	assert_true(px_serve(&o, &stop, &err) < 0);
	assert_non_null(strstr(err.msg, "cannot listen"));
	serve_stop(&s);
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(topics_are_read_from_the_text),
		cmocka_unit_test(stories_query_pages_and_filters),
		cmocka_unit_test(search_marks_matches_and_takes_any_query),
		cmocka_unit_test(outlet_activity_lists_its_articles_and_stories),
		cmocka_unit_test(version_and_stamp_follow_other_writers),
		cmocka_unit_test(server_answers_with_validators_limits_and_errors),
		cmocka_unit_test(server_keeps_connections_alive),
		cmocka_unit_test(server_follows_a_writer),
		cmocka_unit_test(server_limits_the_rate),
		cmocka_unit_test(serve_refuses_a_busy_port),
	};
	int rc = cmocka_run_group_tests(tests, demo_setup, demo_teardown);
	curl_global_cleanup();
	return rc;
}
