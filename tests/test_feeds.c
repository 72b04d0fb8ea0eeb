/*
 * test_feeds.c — the feed registry (parallax.h "feeds registry", store/
 * schema 5, feeds/schedule.c) and the OPML reader and writer
 * (feeds/opml.c): the migration from schema 4 keeps what was stored, adding
 * is idempotent, due feeds come in order, back-off and the adaptive
 * interval come out to the second, seen entries survive a reopen and
 * commit with the pipeline's batch, OPML is read leniently from
 * hand-written fixtures (tests/fixtures/opml) with every skip reported at
 * its line, bad input fails clearly, and export then import gives the
 * registry back; the feeds the outlet registry lists are followed whole or
 * by outlet, each linked to its outlet.  The real lists of
 * awesome-rss-feeds are read too when ../shared/data/sources holds them
 * (skipped otherwise).
 */
#include "testutil.h"

#include <dirent.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <time.h>

#include "feeds/opml.h"
#include "feeds/schedule.h"
#include "store/store.h"
#include "util/arena.h"

#define T0 1750000000   /* a fixed "now" for the schedule */

/* ------------------------------------------------------------- helpers */

static char *fixture(const char *name, char *buf, size_t n)
{
	char rel[200];
	snprintf(rel, sizeof(rel), "tests/fixtures/opml/%s", name);
	return (char *)repo_path(rel, buf, n);
}

static int64_t add_ok(px_db *db, const char *url, const char *title, int want)
{
	px_error err = { 0 };
	int64_t id = 0;
	int rc = px_feed_add(db, url, title, &id, &err);
	if (rc != want)
		fail_msg("px_feed_add %s: %d (wanted %d): %s", url, rc, want, err.msg);
	assert_true(id > 0);
	return id;
}

/* Feed ID as px_feed_list has it, copied into *OUT (strings invalid after
 * the list is freed: only numbers are compared through this). */
static px_feed_info feed_get(px_db *db, int64_t id)
{
	px_feed_info_list l;
	px_error err = { 0 };
	assert_int_equal(px_feed_list(db, &l, &err), 0);
	px_feed_info f = { 0 };
	for (size_t i = 0; i < l.n; i++)
		if (l.feeds[i].id == id)
			f = l.feeds[i];
	f.url = f.url_given = f.title = f.site_url = f.etag = f.last_modified =
		f.last_error = NULL;
	px_feed_list_free(&l);
	assert_true(f.id == id);
	return f;
}

static void record(px_db *db, int64_t id, int64_t at, long status, const char *error,
                   size_t n_new, long retry_after)
{
	px_feed_fetch_outcome o = { at, status, error, NULL, NULL, retry_after, n_new };
	px_error err = { 0 };
	if (px_feed_record_fetch(db, id, &o, &err) < 0)
		fail_msg("px_feed_record_fetch: %s", err.msg);
}

static void mark(px_db *db, int64_t feed, const char *key, int64_t at)
{
	px_error err = { 0 };
	if (px_feed_entry_mark(db, feed, key, 0, at, &err) < 0)
		fail_msg("px_feed_entry_mark %s: %s", key, err.msg);
}

typedef struct skips {
	char where[16][300];
	char why[16][1000];
	int n;
} skips;

static void on_skip(void *ctx, const char *where, const char *reason)
{
	skips *s = ctx;
	if (s->n < 16) {
		snprintf(s->where[s->n], sizeof(s->where[0]), "%s", where);
		snprintf(s->why[s->n], sizeof(s->why[0]), "%s", reason);
	}
	s->n++;
}

/* Reads OPML fixture NAME into D (in A), its skips into S when not NULL. */
static int read_opml(const char *name, px_arena *a, opml_doc *d, skips *s, px_error *err)
{
	char path[300];
	return opml_read_file(fixture(name, path, sizeof(path)), a, d, s ? on_skip : NULL, s, err);
}

/* 1 if some skip was reported at a place ending in WHERE with a reason
 * holding WHY. */
static int skipped(const skips *s, const char *where, const char *why)
{
	for (int i = 0; i < s->n && i < 16; i++) {
		size_t a = strlen(s->where[i]), b = strlen(where);
		if (a >= b && !strcmp(s->where[i] + a - b, where) && strstr(s->why[i], why))
			return 1;
	}
	return 0;
}

/* ------------------------------------------------------------- schema */

static int64_t count(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	int64_t v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
	sqlite3_finalize(s);
	return v;
}

/* A store as schema 4 left it: written by this version, then what
 * schemas 5 to 7 added (the feed tables, articles' topic, the language
 * index) dropped and the version set back. */
static void make_v4(const char *path, const char *extra_sql)
{
	px_error err = { 0 };
	px_db *db = px_open(path, &err);
	assert_non_null(db);
	px_pipeline *p = px_pipeline_new(db, &err);
	px_doc d = { "https://harbortribune.example/2025/03/04/dredging", "Harbor City Tribune",
	             NULL, "Harbour dredging plan wins narrow council vote", NULL, "en",
	             "The council voted five to four on Tuesday to dredge the harbour "
	             "channel, ending a decade of argument over the cost.", NULL,
	             1741082400, "test" };
	px_add_result res;
	assert_int_equal(px_pipeline_add(p, &d, &res, &err), 0);
	assert_int_equal(res.kind, PX_ADD_NEW);
	assert_int_equal(px_pipeline_free(p, &err), 0);
	px_close(db);
	sqlite3 *s;
	assert_int_equal(sqlite3_open(path, &s), SQLITE_OK);
	assert_int_equal(sqlite3_exec(s, "DROP TABLE feed_entries; DROP TABLE feeds;"
	                              "DROP INDEX articles_outlet; DROP INDEX articles_lang;"
	                              "ALTER TABLE articles DROP COLUMN topic;"
	                              "PRAGMA user_version = 4;", NULL, NULL, NULL), SQLITE_OK);
	if (extra_sql)
		assert_int_equal(sqlite3_exec(s, extra_sql, NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(count(s, "PRAGMA user_version"), 4);
	sqlite3_close(s);
}

static void migration_from_4_keeps_the_data(void **state)
{
	(void)state;
	char *dir = tmpdir(), path[300];
	snprintf(path, sizeof(path), "%s/v4.db", dir);
	make_v4(path, NULL);
	px_error err = { 0 };
	px_db *db = px_open(path, &err);
	if (!db)
		fail_msg("px_open of a schema 4 store: %s", err.msg);
	int64_t id = add_ok(db, "https://harbortribune.example/rss.xml", NULL, 1);
	/* The feed joins the outlet its articles created (by host). */
	px_outlet_list ol;
	assert_int_equal(px_outlets_list(db, "harbortribune.example", &ol, &err), 0);
	assert_int_equal(ol.n, 1);
	assert_int_equal(ol.outlets[0].articles, 1);
	assert_int_equal(feed_get(db, id).outlet_id, ol.outlets[0].id);
	px_outlet_list_free(&ol);
	px_close(db);
	sqlite3 *s;
	assert_int_equal(sqlite3_open(path, &s), SQLITE_OK);
	assert_int_equal(count(s, "PRAGMA user_version"), 7);
	assert_int_equal(count(s, "SELECT count(*) FROM articles"), 1);
	/* schema 6: the old article has no topic; new ones get theirs */
	assert_int_equal(count(s, "SELECT count(*) FROM articles WHERE topic IS NULL"), 1);
	assert_int_equal(count(s, "SELECT count(*) FROM stories WHERE n_articles = 1"), 1);
	assert_int_equal(count(s, "SELECT count(*) FROM feeds"), 1);
	assert_int_equal(count(s, "SELECT count(*) FROM sqlite_master WHERE name IN "
	                          "('feeds_due', 'feed_entries_key', 'feed_entries_arrivals')"), 3);
	/* schema 7: the language index, and the language filter reads it */
	assert_int_equal(count(s, "SELECT count(*) FROM sqlite_master WHERE name = "
	                          "'articles_lang'"), 1);
	sqlite3_close(s);
	px_facets fc;
	db = px_open(path, &err);
	assert_non_null(db);
	assert_int_equal(px_facets_get(db, &fc, &err), 0);
	assert_int_equal(fc.n_langs, 1);
	assert_string_equal(fc.langs[0], "en");
	px_facets_free(&fc);
	px_close(db);
	rmtree(dir);
}

static void failed_migration_changes_nothing(void **state)
{
	(void)state;
	char *dir = tmpdir(), path[300];
	snprintf(path, sizeof(path), "%s/v4.db", dir);
	/* A table in the way: migration 5 fails half-way (after creating
	 * feeds) and must leave schema 4 as it was. */
	make_v4(path, "CREATE TABLE feed_entries(x);");
	px_error err = { 0 };
	assert_null(px_open(path, &err));
	assert_non_null(strstr(err.msg, "migrating"));
	assert_non_null(strstr(err.msg, path));
	sqlite3 *s;
	assert_int_equal(sqlite3_open(path, &s), SQLITE_OK);
	assert_int_equal(count(s, "PRAGMA user_version"), 4);
	assert_int_equal(count(s, "SELECT count(*) FROM sqlite_master WHERE name = 'feeds'"), 0);
	assert_int_equal(count(s, "SELECT count(*) FROM articles"), 1);
	sqlite3_close(s);
	rmtree(dir);
}

/* ------------------------------------------------------------- registry */

static void add_list_remove(void **state)
{
	(void)state;
	char *dir = tmpdir();
	px_db *db = open_db(dir);
	px_error err = { 0 };
	int64_t a = add_ok(db, "https://feeds.harbor.example/news.xml", NULL, 1);
	int64_t b = add_ok(db, " https://ledger.example/rss?section=world \n", "  The Ledger ", 1);
	int64_t c = add_ok(db, "http://brackwater.example/feed", "Brackwater", 1);
	assert_true(a < b && b < c);
	/* Idempotent: the same URL in another spelling is the same feed, and a
	 * title given now fills the missing one. */
	assert_int_equal(add_ok(db, "HTTPS://Feeds.Harbor.Example:443/news.xml#top", "Harbor", 0), a);
	assert_int_equal(add_ok(db, "https://feeds.harbor.example/news.xml?utm_source=x", "Other", 0), a);
	assert_int_equal(add_ok(db, "https://ledger.example/rss?section=world", "Renamed", 0), b);

	px_feed_info_list l;
	assert_int_equal(px_feed_list(db, &l, &err), 0);
	assert_int_equal(l.n, 3);
	const px_feed_info *f = &l.feeds[0];
	assert_int_equal(f->id, a);
	assert_string_equal(f->url, "https://feeds.harbor.example/news.xml");
	assert_string_equal(f->url_given, "https://feeds.harbor.example/news.xml");
	assert_string_equal(f->title, "Harbor");
	assert_string_equal(l.feeds[1].title, "The Ledger");
	assert_string_equal(l.feeds[1].url_given, "https://ledger.example/rss?section=world");
	assert_int_equal(f->interval_s, 1800);
	assert_int_equal(f->error_count, 0);
	assert_int_equal(f->last_status, 0);
	assert_true(f->last_fetch_at == PX_TIME_UNKNOWN);
	assert_true(f->last_new_at == PX_TIME_UNKNOWN);
	assert_true(f->next_due_at == f->added_at);   /* due at once */
	assert_null(f->etag);
	assert_null(f->last_error);
	assert_int_equal(f->outlet_id, 0);
	assert_int_equal(f->disabled, 0);
	px_feed_list_free(&l);

	/* Refused, naming the URL. */
	const char *bad[] = { "ftp://files.example/feed.xml", "not a url", "/feed.xml",
	                      "javascript:alert(1)", "https://x.example/a\nb" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		memset(&err, 0, sizeof(err));
		assert_int_equal(px_feed_add(db, bad[i], NULL, NULL, &err), PX_EINVAL);
		assert_non_null(strstr(err.msg, "feed '"));
	}
	assert_non_null(strstr(err.msg, "control characters"));
	assert_int_equal(px_feed_add(db, "", NULL, NULL, &err), PX_EINVAL);

	/* Removed by id, by URL in any spelling; unknown ones are not found. */
	char idbuf[32];
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)a);
	assert_int_equal(px_feed_remove(db, idbuf, &err), 0);
	assert_int_equal(px_feed_remove(db, idbuf, &err), PX_ENOTFOUND);
	assert_non_null(strstr(err.msg, idbuf));
	assert_int_equal(px_feed_remove(db, "HTTP://BRACKWATER.example/feed", &err), 0);
	assert_int_equal(px_feed_remove(db, "https://nowhere.example/", &err), PX_ENOTFOUND);
	assert_non_null(strstr(err.msg, "no feed 'https://nowhere.example/'"));
	assert_int_equal(px_feed_remove(db, "0", &err), PX_ENOTFOUND);
	assert_int_equal(px_feed_list(db, &l, &err), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.feeds[0].id, b);
	px_feed_list_free(&l);
	/* A removed URL added again is a new feed: ids are never reused. */
	assert_true(add_ok(db, "https://feeds.harbor.example/news.xml", NULL, 1) > c);
	px_close(db);
	rmtree(dir);
}

static void feeds_link_to_outlets(void **state)
{
	(void)state;
	char *dir = tmpdir(), csv[300], path[300];
	px_db *db = open_db(dir);
	px_error err = { 0 };
	/* Added before the registry knows the outlet: linked when added again. */
	int64_t early = add_ok(db, "https://rss.meridian.example/top.xml", NULL, 1);
	snprintf(csv, sizeof(csv), "%s/outlets.csv", dir);
	write_file(csv, "id,name,domains,feed_urls,country,language,ownership,owner,lean,"
	                "lean_rater,lean_date,factuality,factuality_rater,factuality_date\n"
	                "mpa,Meridian Press Agency,meridian.example,"
	                "https://feeds.elsewhere.example/mpa.xml,GB,en,,,center,x,,high,x,\n");
	px_import_stats st;
	assert_int_equal(px_outlets_import(db, csv, "csv", NULL, NULL, NULL, &st, &err), 0);
	px_outlet_list ol;
	assert_int_equal(px_outlets_list(db, "mpa", &ol, &err), 0);
	int64_t mpa = ol.outlets[0].id;
	px_outlet_list_free(&ol);
	assert_int_equal(feed_get(db, early).outlet_id, 0);
	add_ok(db, "https://rss.meridian.example/top.xml", NULL, 0);
	assert_int_equal(feed_get(db, early).outlet_id, mpa);
	/* A feed the registry lists, served from another host. */
	int64_t listed = add_ok(db, "https://feeds.elsewhere.example/mpa.xml", NULL, 1);
	assert_int_equal(feed_get(db, listed).outlet_id, mpa);
	/* A host no outlet has. */
	int64_t none = add_ok(db, "https://unknown.example/rss", NULL, 1);
	assert_int_equal(feed_get(db, none).outlet_id, 0);
	(void)path;
	px_close(db);
	rmtree(dir);
}

static void due_feeds_in_order(void **state)
{
	(void)state;
	char *dir = tmpdir();
	px_db *db = open_db(dir);
	px_error err = { 0 };
	int64_t id[5];
	char url[100];
	for (int i = 0; i < 5; i++) {
		snprintf(url, sizeof(url), "https://f%d.example/rss", i);
		id[i] = add_ok(db, url, NULL, 1);
	}
	/* Fetched at different times: due after 1800 s each (no entries). */
	record(db, id[0], T0 + 300, 200, NULL, 0, 0);   /* due T0+2100 */
	record(db, id[1], T0 + 100, 200, NULL, 0, 0);   /* due T0+1900 */
	record(db, id[2], T0 + 200, 200, NULL, 0, 0);   /* due T0+2000 */
	record(db, id[3], T0 + 100, 200, NULL, 0, 0);   /* due T0+1900, after id[1] */
	assert_int_equal(px_feed_set_disabled(db, "https://f4.example/rss", 1, &err), 0);
	px_feed_info_list l;
	assert_int_equal(px_feed_due(db, T0 + 1899, 0, &l, &err), 0);
	assert_int_equal(l.n, 0);                       /* f4 is disabled */
	px_feed_list_free(&l);
	assert_int_equal(px_feed_due(db, T0 + 2050, 0, &l, &err), 0);
	assert_int_equal(l.n, 3);
	assert_int_equal(l.feeds[0].id, id[1]);
	assert_int_equal(l.feeds[1].id, id[3]);
	assert_int_equal(l.feeds[2].id, id[2]);
	px_feed_list_free(&l);
	assert_int_equal(px_feed_due(db, T0 + 99999, 2, &l, &err), 0);
	assert_int_equal(l.n, 2);
	assert_int_equal(l.feeds[0].id, id[1]);
	px_feed_list_free(&l);
	/* Enabled again, a feed never fetched is due since it was added (now,
	 * after the others' times). */
	assert_int_equal(px_feed_set_disabled(db, "5", 0, &err), 0);
	assert_int_equal(px_feed_due(db, (int64_t)time(NULL) + 10, 0, &l, &err), 0);
	assert_int_equal(l.n, 5);
	assert_int_equal(l.feeds[0].id, id[1]);
	assert_int_equal(l.feeds[4].id, id[4]);
	px_feed_list_free(&l);
	px_close(db);
	rmtree(dir);
}

/* ------------------------------------------------------------- schedule */

static void backoff_arithmetic(void **state)
{
	(void)state;
	assert_int_equal(feeds_next_due(T0, 1800, 0, 0), T0 + 1800);
	assert_int_equal(feeds_next_due(T0, 1800, 1, 0), T0 + 3600);
	assert_int_equal(feeds_next_due(T0, 1800, 2, 0), T0 + 7200);
	assert_int_equal(feeds_next_due(T0, 1800, 5, 0), T0 + 57600);
	assert_int_equal(feeds_next_due(T0, 1800, 6, 0), T0 + 86400);    /* a day at most */
	assert_int_equal(feeds_next_due(T0, 1800, 1000, 0), T0 + 86400);
	assert_int_equal(feeds_next_due(T0, 300, 3, 0), T0 + 2400);
	assert_int_equal(feeds_next_due(T0, 86400, 2, 0), T0 + 86400);
	assert_int_equal(feeds_next_due(T0, 10, 0, 0), T0 + 300);        /* clamped */
	/* Retry-After wins when longer, never when shorter; capped at 7 days. */
	assert_int_equal(feeds_next_due(T0, 1800, 1, 10000), T0 + 10000);
	assert_int_equal(feeds_next_due(T0, 1800, 1, 60), T0 + 3600);
	assert_int_equal(feeds_next_due(T0, 1800, 0, 5000), T0 + 5000);
	assert_int_equal(feeds_next_due(T0, 1800, 1, 100000000), T0 + 7 * 86400);
	/* What counts as a failure. */
	assert_false(feeds_fetch_failed(200, NULL));
	assert_false(feeds_fetch_failed(304, NULL));
	assert_false(feeds_fetch_failed(204, ""));
	assert_true(feeds_fetch_failed(200, "not a feed"));
	assert_true(feeds_fetch_failed(404, NULL));
	assert_true(feeds_fetch_failed(301, NULL));
	assert_true(feeds_fetch_failed(PX_EIO, NULL));
	assert_true(feeds_fetch_failed(0, NULL));
}

static void interval_arithmetic(void **state)
{
	(void)state;
	/* No entries at all: unchanged (clamped). */
	assert_int_equal(feeds_interval(T0, 1800, NULL, NULL, 0), 1800);
	assert_int_equal(feeds_interval(T0, 99, NULL, NULL, 0), 300);
	/* Only the first read's backlog: half the time since, at least 1800. */
	int64_t t1[] = { T0 - 100 };
	int c1[] = { 25 };
	assert_int_equal(feeds_interval(T0, 600, t1, c1, 1), 1800);
	t1[0] = T0 - 7200;
	assert_int_equal(feeds_interval(T0, 600, t1, c1, 1), 3600);
	t1[0] = T0 - 5 * 86400;
	assert_int_equal(feeds_interval(T0, 600, t1, c1, 1), 86400);
	/* One new entry an hour after a backlog: gap 3600, interval 1800. */
	int64_t t2[] = { T0 - 600, T0 - 3600 };
	int c2[] = { 1, 20 };
	assert_int_equal(feeds_interval(T0, 1800, t2, c2, 2), 1800);
	/* Four entries over two hours: gap 1800, interval 900. */
	int64_t t3[] = { T0, T0 - 3600, T0 - 7200 };
	int c3[] = { 3, 1, 50 };
	assert_int_equal(feeds_interval(T0, 1800, t3, c3, 3), 900);
	/* The window closes at 10 entries, whole groups: 5+5 in 1200 s -> 60,
	 * clamped to 300; the older groups do not count. */
	int64_t t4[] = { T0, T0 - 600, T0 - 1200, T0 - 90000 };
	int c4[] = { 5, 5, 3, 40 };
	assert_int_equal(feeds_interval(T0, 1800, t4, c4, 4), 300);
	/* 12 entries spread over 12 hours, window 10: the last 10 in 10 h. */
	int64_t t5[13];
	int c5[13];
	for (int i = 0; i < 13; i++) {
		t5[i] = T0 - 3600 * i;
		c5[i] = 1;
	}
	assert_int_equal(feeds_interval(T0, 1800, t5, c5, 13), 1800);
	/* Silence counts: one entry, then three quiet days. */
	int64_t t6[] = { T0 - 3 * 86400, T0 - 4 * 86400 };
	int c6[] = { 1, 10 };
	assert_int_equal(feeds_interval(T0, 300, t6, c6, 2), 86400);
	int64_t t7[] = { T0 - 20000, T0 - 40000 };
	int c7[] = { 2, 10 };
	assert_int_equal(feeds_interval(T0, 300, t7, c7, 2), 10000);
	/* Entry keys: URLs canonical, other ids trimmed, empty refused. */
	char *k = feeds_entry_key("  https://Example.com/a?utm_source=x&id=3#frag ");
	assert_string_equal(k, "https://example.com/a?id=3");
	free(k);
	k = feeds_entry_key(" tag:example.com,2025:entry-1 ");
	assert_string_equal(k, "tag:example.com,2025:entry-1");
	free(k);
	assert_null(feeds_entry_key("   "));
	assert_null(feeds_entry_key(NULL));
}

static void record_fetch_backs_off_and_adapts(void **state)
{
	(void)state;
	char *dir = tmpdir();
	px_db *db = open_db(dir);
	px_error err = { 0 };
	int64_t id = add_ok(db, "https://ledger.example/rss", "Ledger", 1);

	/* First read at T0: a backlog of 20 entries, validators kept. */
	char key[64];
	for (int i = 0; i < 20; i++) {
		snprintf(key, sizeof(key), "https://ledger.example/a/%d", i);
		mark(db, id, key, T0);
	}
	px_feed_fetch_outcome o = { T0, 200, NULL, "\"v1\"", "Mon, 03 Mar 2025 09:00:00 GMT", 0, 20 };
	assert_int_equal(px_feed_record_fetch(db, id, &o, &err), 0);
	px_feed_info_list l;
	assert_int_equal(px_feed_list(db, &l, &err), 0);
	px_feed_info f = l.feeds[0];
	assert_int_equal(f.last_status, 200);
	assert_string_equal(f.etag, "\"v1\"");
	assert_string_equal(f.last_modified, "Mon, 03 Mar 2025 09:00:00 GMT");
	assert_int_equal(f.last_fetch_at, T0);
	assert_int_equal(f.last_new_at, T0);
	assert_int_equal(f.interval_s, 1800);
	assert_int_equal(f.next_due_at, T0 + 1800);
	px_feed_list_free(&l);

	/* Half an hour later, one new entry: gap 1800 -> interval 900. */
	mark(db, id, "https://ledger.example/a/20", T0 + 1800);
	px_feed_fetch_outcome o2 = { T0 + 1800, 200, NULL, "\"v2\"", NULL, 0, 1 };
	assert_int_equal(px_feed_record_fetch(db, id, &o2, &err), 0);
	f = feed_get(db, id);
	assert_int_equal(f.interval_s, 900);
	assert_int_equal(f.next_due_at, T0 + 2700);
	assert_int_equal(f.last_new_at, T0 + 1800);

	/* 304 with nothing new: silence counts (2700 s for 1 entry -> 1350);
	 * the validators stay. */
	px_feed_fetch_outcome nm = { T0 + 2700, 304, NULL, NULL, NULL, 0, 0 };
	assert_int_equal(px_feed_record_fetch(db, id, &nm, &err), 0);
	assert_int_equal(px_feed_list(db, &l, &err), 0);
	assert_int_equal(l.feeds[0].interval_s, 1350);
	assert_int_equal(l.feeds[0].next_due_at, T0 + 4050);
	assert_int_equal(l.feeds[0].last_new_at, T0 + 1800);
	assert_string_equal(l.feeds[0].etag, "\"v2\"");
	assert_null(l.feeds[0].last_modified);     /* the 200 sent none */
	assert_int_equal(l.feeds[0].last_status, 304);
	px_feed_list_free(&l);

	/* Failures back off from the kept interval: 2700, 5400, 10800 ... */
	int64_t t = T0 + 4050;
	long expect[] = { 2700, 5400, 10800, 21600, 43200, 86400, 86400 };
	for (int i = 0; i < 7; i++) {
		record(db, id, t, 503, NULL, 0, 0);
		f = feed_get(db, id);
		assert_int_equal(f.error_count, i + 1);
		assert_int_equal(f.interval_s, 1350);
		assert_int_equal(f.next_due_at, t + expect[i]);
		t = f.next_due_at;
	}
	/* No response at all: a negative status and the caller's reason. */
	record(db, id, t, PX_EIO, "connection refused", 0, 0);
	assert_int_equal(px_feed_list(db, &l, &err), 0);
	assert_int_equal(l.feeds[0].last_status, PX_EIO);
	assert_string_equal(l.feeds[0].last_error, "connection refused");
	assert_int_equal(l.feeds[0].error_count, 8);
	assert_string_equal(l.feeds[0].etag, "\"v2\"");   /* kept through errors */
	px_feed_list_free(&l);
	/* A 429 with Retry-After longer than the back-off. */
	record(db, id, t, 429, NULL, 0, 200000);
	f = feed_get(db, id);
	assert_int_equal(f.next_due_at, t + 200000);
	assert_int_equal(px_feed_list(db, &l, &err), 0);
	assert_string_equal(l.feeds[0].last_error, "HTTP status 429");
	px_feed_list_free(&l);
	/* A 200 whose body is no feed is a failure too, and its validators are
	 * not kept (the next fetch must read the body again). */
	px_feed_fetch_outcome junk = { t, 200, "not a feed: HTML page", "\"junk\"", NULL, 0, 0 };
	assert_int_equal(px_feed_record_fetch(db, id, &junk, &err), 0);
	assert_int_equal(px_feed_list(db, &l, &err), 0);
	assert_int_equal(l.feeds[0].error_count, 10);
	assert_string_equal(l.feeds[0].etag, "\"v2\"");
	px_feed_list_free(&l);
	/* A good fetch resets the count; a 200 without validators clears them. */
	t += 86400;
	record(db, id, t, 200, NULL, 0, 0);
	assert_int_equal(px_feed_list(db, &l, &err), 0);
	assert_int_equal(l.feeds[0].error_count, 0);
	assert_null(l.feeds[0].last_error);
	assert_null(l.feeds[0].etag);
	assert_int_equal(l.feeds[0].interval_s, 86400);   /* days of silence */
	assert_int_equal(l.feeds[0].next_due_at, t + 86400);
	px_feed_list_free(&l);

	/* Unknown feed: not found. */
	o.fetched_at = t;
	assert_int_equal(px_feed_record_fetch(db, 999, &o, &err), PX_ENOTFOUND);
	assert_non_null(strstr(err.msg, "no feed 999"));
	px_close(db);
	rmtree(dir);
}

/* ------------------------------------------------------------- entries */

static void entries_are_seen_once_across_reopens(void **state)
{
	(void)state;
	char *dir = tmpdir();
	px_db *db = open_db(dir);
	px_error err = { 0 };
	int64_t a = add_ok(db, "https://a.example/rss", NULL, 1);
	int64_t b = add_ok(db, "https://b.example/rss", NULL, 1);
	/* An article to link an entry to. */
	px_pipeline *p = px_pipeline_new(db, &err);
	px_doc d = { "https://a.example/story", "A", NULL, "Night buses return to Eastmoor",
	             NULL, "en", "The night buses return to Eastmoor on Monday after a "
	             "two-year gap, the transport board said.", NULL, 1741082400, "test" };
	px_add_result res;
	assert_int_equal(px_pipeline_add(p, &d, &res, &err), 0);
	/* Marked while the pipeline's batch is open: joins it. */
	assert_int_equal(px_feed_entry_mark(db, a, "https://A.example/story?utm_medium=rss#x",
	                                    res.article_id, T0, &err), 0);
	assert_int_equal(px_pipeline_free(p, &err), 0);
	assert_int_equal(px_feed_entry_mark(db, a, "tag:a.example,2025:7", 0, T0 + 5, &err), 0);
	assert_int_equal(px_feed_entry_seen(db, a, "https://a.example/story", &err), 1);
	px_close(db);

	db = open_db(dir);
	assert_int_equal(px_feed_entry_seen(db, a, "https://a.example/story", &err), 1);
	assert_int_equal(px_feed_entry_seen(db, a, "  tag:a.example,2025:7", &err), 1);
	assert_int_equal(px_feed_entry_seen(db, a, "tag:a.example,2025:8", &err), 0);
	assert_int_equal(px_feed_entry_seen(db, b, "https://a.example/story", &err), 0);
	assert_int_equal(px_feed_entry_seen(db, a, " ", &err), PX_EINVAL);
	assert_non_null(strstr(err.msg, "feed https://a.example/rss"));
	/* Marked again: the first time and the article stay. */
	assert_int_equal(px_feed_entry_mark(db, a, "https://a.example/story", 0, T0 + 99, &err), 0);
	px_close(db);
	char path[300];
	snprintf(path, sizeof(path), "%s/test.db", dir);
	sqlite3 *s;
	assert_int_equal(sqlite3_open(path, &s), SQLITE_OK);
	assert_int_equal(count(s, "SELECT count(*) FROM feed_entries"), 2);
	assert_int_equal(count(s, "SELECT first_seen_at FROM feed_entries WHERE entry_key ="
	                          " 'https://a.example/story'"), T0);
	assert_int_equal(count(s, "SELECT article_id FROM feed_entries WHERE entry_key ="
	                          " 'https://a.example/story'"), res.article_id);
	sqlite3_close(s);

	/* Removing the feed forgets its entries; the article stays. */
	db = open_db(dir);
	assert_int_equal(px_feed_remove(db, "https://a.example/rss", &err), 0);
	int64_t a2 = add_ok(db, "https://a.example/rss", NULL, 1);
	assert_int_equal(px_feed_entry_seen(db, a2, "https://a.example/story", &err), 0);
	/* Marking for a feed that does not exist fails, naming it. */
	assert_true(px_feed_entry_mark(db, 4242, "x", 0, T0, &err) < 0);
	assert_non_null(strstr(err.msg, "feed 4242"));
	px_close(db);
	assert_int_equal(sqlite3_open(path, &s), SQLITE_OK);
	assert_int_equal(count(s, "SELECT count(*) FROM articles"), 1);
	assert_int_equal(count(s, "SELECT count(*) FROM feed_entries"), 0);
	sqlite3_close(s);
	rmtree(dir);
}

static void a_unit_inside_a_batch_rolls_back_alone(void **state)
{
	(void)state;
	char *dir = tmpdir(), path[300];
	snprintf(path, sizeof(path), "%s/s.db", dir);
	px_error err = { 0 };
	store *st = store_open(path, &err);
	assert_non_null(st);
	px_feed_info f = { 0 };
	f.url = f.url_given = "https://kept.example/rss";
	f.added_at = f.next_due_at = T0;
	f.interval_s = 1800;
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(store_feed_insert(st, &f, &err), 0);
	int nested;
	assert_int_equal(store_unit_begin(st, &nested, &err), 0);
	assert_true(nested);
	f.url = f.url_given = "https://lost.example/rss";
	assert_int_equal(store_feed_insert(st, &f, &err), 0);
	assert_int_equal(store_unit_end(st, nested, 0, &err), 0);
	assert_int_equal(store_unit_begin(st, &nested, &err), 0);
	f.url = f.url_given = "https://also-kept.example/rss";
	assert_int_equal(store_feed_insert(st, &f, &err), 0);
	assert_int_equal(store_unit_end(st, nested, 1, &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	assert_true(store_feed_by_url(st, "https://kept.example/rss", &err) > 0);
	assert_true(store_feed_by_url(st, "https://also-kept.example/rss", &err) > 0);
	assert_int_equal(store_feed_by_url(st, "https://lost.example/rss", &err), 0);
	/* Outside a batch a unit is a transaction of its own. */
	assert_int_equal(store_unit_begin(st, &nested, &err), 0);
	assert_false(nested);
	f.url = f.url_given = "https://own.example/rss";
	assert_int_equal(store_feed_insert(st, &f, &err), 0);
	assert_int_equal(store_unit_end(st, nested, 0, &err), 0);
	assert_int_equal(store_feed_by_url(st, "https://own.example/rss", &err), 0);
	store_close(st);
	rmtree(dir);
}

/* ------------------------------------------------------------- OPML */

static void opml_nested_categories(void **state)
{
	(void)state;
	px_arena *a = px_arena_new(0);
	opml_doc d;
	skips s = { .n = 0 };
	px_error err = { 0 };
	assert_int_equal(read_opml("nested.opml", a, &d, &s, &err), 0);
	assert_string_equal(d.title, "Nested & categorised");
	assert_int_equal(d.n, 5);
	assert_string_equal(d.feeds[0].url, "https://harbortribune.example/rss.xml");
	assert_string_equal(d.feeds[0].title, "Harbor Tribune");   /* title before text */
	assert_string_equal(d.feeds[0].site_url, "https://harbortribune.example/");
	assert_int_equal(d.feeds[0].line, 11);
	assert_string_equal(d.feeds[1].title, "Only text");
	assert_null(d.feeds[1].site_url);
	assert_string_equal(d.feeds[2].url, "https://parent.example/feed.xml");
	assert_string_equal(d.feeds[3].url, "https://child.example/feed.xml");
	assert_string_equal(d.feeds[4].url, "https://upper.example/rss");   /* trimmed */
	assert_string_equal(d.feeds[4].title, "Upper case attributes");
	/* The outline in <head> is no feed; the empty category is reported. */
	assert_int_equal(d.skipped, 1);
	assert_true(skipped(&s, "nested.opml:20", "outline \"Empty category\" has no xmlUrl"));
	assert_int_equal(d.mended, 0);
	assert_false(d.ill_formed);
	px_arena_free(a);
}

static void opml_mends_what_real_files_get_wrong(void **state)
{
	(void)state;
	px_arena *a = px_arena_new(0);
	opml_doc d;
	skips s = { .n = 0 };
	px_error err = { 0 };
	assert_int_equal(read_opml("mended.opml", a, &d, &s, &err), 0);
	assert_int_equal(s.n, 0);
	assert_false(d.ill_formed);
	assert_true(d.mended >= 10);
	assert_int_equal(d.n, 8);
	assert_string_equal(d.title, "Plenary export \xc2\xa0with mistakes");
	assert_string_equal(d.feeds[0].url, "http://rssfeeds.9news.example/kusa/home&x=1");
	assert_string_equal(d.feeds[1].url, "https://tea.example/feed?a=1&b=2&c=3");
	assert_string_equal(d.feeds[1].title, "Tea & Biscuits\xc2\xa0Weekly");
	assert_string_equal(d.feeds[2].url, "https://pod.example/rss");
	assert_string_equal(d.feeds[3].title, "Jen \"From Head To Toe\" Blog");
	assert_string_equal(d.feeds[3].url, "https://jen.example/feed");
	assert_string_equal(d.feeds[4].url, "https://saket.example/feed/");
	assert_string_equal(d.feeds[5].url, "https://unquoted.example/rss");
	assert_string_equal(d.feeds[5].title, "Unquoted");
	/* Character references repaired; the DOCTYPE's entities never exist,
	 * so nothing expands and nothing is read from the disk. */
	assert_string_equal(d.feeds[6].title, "ABC &lol2; &ext; &bogus; &#0;");
	assert_string_equal(d.feeds[7].title, "Tom's Blog");
	assert_int_equal(d.feeds[7].line, 17);
	px_arena_free(a);
}

static void opml_mend_keeps_lines(void **state)
{
	(void)state;
	const char *in =
		"<!DOCTYPE x [\n<!ENTITY a 'b'>\n]>\n<o t=\"a & b\" u=x&y>\n"
		"<!-- & < -->\n<![CDATA[ & < ]]>\n1 < 2 && 3 &amp; &#169; &#xD800; &copy;\n</o>";
	size_t n, mended;
	char *out = opml_mend(in, strlen(in), &n, &mended);
	assert_int_equal(n, strlen(out));
	int lines_in = 0, lines_out = 0;
	for (const char *p = in; *p; p++)
		lines_in += *p == '\n';
	for (const char *p = out; *p; p++)
		lines_out += *p == '\n';
	assert_int_equal(lines_in, lines_out);
	assert_null(strstr(out, "ENTITY"));
	assert_non_null(strstr(out, "<o t=\"a &amp; b\" u=\"x&amp;y\">"));
	assert_non_null(strstr(out, "<!-- & < -->"));
	assert_non_null(strstr(out, "<![CDATA[ & < ]]>"));
	assert_non_null(strstr(out, "1 &lt; 2 &amp;&amp; 3 &amp; &#169; &amp;#xD800; &#169;"));
	assert_int_equal(mended, 9);
	free(out);
	out = opml_mend("", 0, &n, NULL);
	assert_string_equal(out, "");
	free(out);
}

static void opml_reports_each_skip_with_its_line(void **state)
{
	(void)state;
	px_arena *a = px_arena_new(0);
	opml_doc d;
	skips s = { .n = 0 };
	px_error err = { 0 };
	assert_int_equal(read_opml("skips.opml", a, &d, &s, &err), 0);
	assert_int_equal(d.n, 4);
	assert_string_equal(d.feeds[0].url, "https://good.example/rss");
	assert_string_equal(d.feeds[1].url, "http://feedscheme.example/rss");
	assert_string_equal(d.feeds[2].url, "https://feedhttps.example/rss");
	assert_string_equal(d.feeds[3].url, "https://spaces.example/my%20feed.xml");
	assert_int_equal(d.skipped, 7);
	assert_int_equal(s.n, 7);
	assert_true(skipped(&s, "skips.opml:6", "outline \"A bookmark\" has no xmlUrl"));
	assert_true(skipped(&s, "skips.opml:7", "outline \"Empty\" has no xmlUrl"));
	assert_true(skipped(&s, "skips.opml:8", "outline has no xmlUrl"));
	assert_true(skipped(&s, "skips.opml:9", "'javascript:alert(1)' is not an absolute http(s) URL"));
	assert_true(skipped(&s, "skips.opml:10", "'ftp://files.example/feed.xml' is not"));
	assert_true(skipped(&s, "skips.opml:11", "'/feed.xml' is not"));
	assert_true(skipped(&s, "skips.opml:12", "is listed already, at line 5"));
	px_arena_free(a);
}

static void opml_encodings(void **state)
{
	(void)state;
	px_arena *a = px_arena_new(0);
	opml_doc d;
	px_error err = { 0 };
	assert_int_equal(read_opml("utf16.opml", a, &d, NULL, &err), 0);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.feeds[0].title, "Caf\xc3\xa9 UTF-16");
	assert_int_equal(read_opml("latin1.opml", a, &d, NULL, &err), 0);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.feeds[0].title, "Caf\xc3\xa9 Latin-1 & Co");
	assert_string_equal(d.feeds[0].url, "https://latin1.example/rss?a=1&b=2");
	px_arena_free(a);
}

static void opml_refuses_what_is_no_opml(void **state)
{
	(void)state;
	char path[300], *dir = tmpdir();
	px_arena *a = px_arena_new(0);
	opml_doc d;
	px_error err = { 0 };
	assert_int_equal(read_opml("feed.rss", a, &d, NULL, &err), PX_EINVAL);
	assert_non_null(strstr(err.msg, "feed.rss:2: not an OPML file: the root element is <rss>"));
	assert_non_null(strstr(err.msg, "feeds add"));
	assert_int_equal(read_opml("text.opml", a, &d, NULL, &err), PX_EINVAL);
	assert_non_null(strstr(err.msg, "text.opml:1: not an OPML file"));
	const char html[] = "<!DOCTYPE html><html><body><p>Hi</p></body></html>";
	assert_int_equal(opml_read(html, strlen(html), "page.html", a, &d, NULL, NULL, &err),
	                 PX_EINVAL);
	assert_non_null(strstr(err.msg, "root element is <html>"));
	assert_int_equal(opml_read(" \n\t", 3, "blank.opml", a, &d, NULL, NULL, &err), PX_EINVAL);
	assert_non_null(strstr(err.msg, "blank.opml: empty"));
	/* Binary: a PNG signature and zero bytes. */
	char png[600];
	memcpy(png, "\x89PNG\r\n\x1a\n", 8);
	memset(png + 8, 0, sizeof(png) - 8);
	assert_int_equal(opml_read(png, sizeof(png), "logo.png", a, &d, NULL, NULL, &err),
	                 PX_EINVAL);
	assert_string_equal(err.msg, "logo.png: binary data, not an OPML file");
	/* Huge: refused by size before anything is read or parsed. */
	char big[300];
	snprintf(big, sizeof(big), "%s/big.opml", dir);
	FILE *f = fopen(big, "w");
	assert_non_null(f);
	fputs("<opml><body>", f);
	assert_int_equal(fseek(f, OPML_MAX_BYTES + 10, SEEK_SET), 0);
	fputs("</body></opml>", f);
	fclose(f);
	assert_int_equal(opml_read_file(big, a, &d, NULL, NULL, &err), PX_EINVAL);
	assert_non_null(strstr(err.msg, "big.opml: "));
	assert_non_null(strstr(err.msg, "over the 16 MiB"));
	/* Missing or a directory. */
	char missing[320];
	snprintf(missing, sizeof(missing), "%s/none.opml", dir);
	assert_int_equal(opml_read_file(missing, a, &d, NULL, NULL, &err), PX_EIO);
	assert_non_null(strstr(err.msg, "none.opml: No such file"));
	assert_int_equal(opml_read_file(dir, a, &d, NULL, NULL, &err), PX_EIO);
	assert_non_null(strstr(err.msg, "a directory"));
	/* Through the API: the file is named and nothing is added. */
	px_db *db = open_db(dir);
	px_feeds_import_stats st;
	assert_int_equal(px_feeds_import_opml(db, big, NULL, NULL, &st, &err), PX_EINVAL);
	assert_int_equal(st.added, 0);
	assert_int_equal(px_feeds_import_opml(db, fixture("feed.rss", path, sizeof(path)), NULL,
	                                      NULL, &st, &err), PX_EINVAL);
	px_feed_info_list l;
	assert_int_equal(px_feed_list(db, &l, &err), 0);
	assert_int_equal(l.n, 0);
	px_feed_list_free(&l);
	px_close(db);
	px_arena_free(a);
	rmtree(dir);
}

/* Found by fuzz_opml: libxml2 in recovery mode let a byte that is not
 * UTF-8 through into an attribute, the writer repaired it, and the list
 * no longer read back the same.  The reader repairs it now. */
static void opml_strings_are_valid_utf8(void **state)
{
	(void)state;
	const char doc[] = "<?xml version='1.0' encoding='UTF-8' ?>\n<opml><body>\n"
	                   "<outline title=\"Beauty Tips, Tren\xe4" "ds\" "
	                   "xmlUrl=\"https://gloss.example/rss\"/></body></opml>";
	px_arena *a = px_arena_new(0);
	opml_doc d, e;
	px_error err = { 0 };
	assert_int_equal(opml_read(doc, strlen(doc), "bad-utf8.opml", a, &d, NULL, NULL, &err), 0);
	assert_int_equal(d.n, 1);
	assert_string_equal(d.feeds[0].title, "Beauty Tips, Tren\xef\xbf\xbd" "ds");
	char *out = opml_write(d.title, d.feeds, d.n);
	assert_int_equal(opml_read(out, strlen(out), "again.opml", a, &e, NULL, NULL, &err), 0);
	assert_int_equal(e.n, 1);
	assert_string_equal(e.feeds[0].title, d.feeds[0].title);
	assert_int_equal(e.mended, 0);
	free(out);
	px_arena_free(a);
}

/* Found by fuzz_opml: an xmlUrl of 3,000 bytes with spaces was read (the
 * length was checked before each space became %20) and written out at
 * over 4096, which the next read refused.  The length is now checked as
 * the URL will be fetched. */
static void opml_url_length_counts_encoded_spaces(void **state)
{
	(void)state;
	size_t k = 3000;
	char *doc = malloc(k * 2 + 200);
	char *p = doc + sprintf(doc, "<opml><body><outline xmlUrl=\"https://long.example/");
	for (size_t i = 0; i < k; i++)
		*p++ = i % 2 ? ' ' : 'a';
	sprintf(p, "\"/></body></opml>");
	px_arena *a = px_arena_new(0);
	opml_doc d;
	skips s = { .n = 0 };
	px_error err = { 0 };
	assert_int_equal(opml_read(doc, strlen(doc), "long.opml", a, &d, on_skip, &s, &err), 0);
	assert_int_equal(d.n, 0);
	assert_true(skipped(&s, "long.opml:1", "is too long"));
	free(doc);
	px_arena_free(a);
}

static void opml_deep_and_long_files(void **state)
{
	(void)state;
	px_arena *a = px_arena_new(0);
	opml_doc d;
	skips s = { .n = 0 };
	px_error err = { 0 };
	/* Line numbers past 65535 are exact. */
	size_t blank = 70000;
	char *doc = malloc(blank + 200);
	char *p = doc + sprintf(doc, "<opml><body>");
	memset(p, '\n', blank);
	p += blank;
	sprintf(p, "<outline text=\"far\"/>\n<outline xmlUrl=\"https://far.example/\"/></body></opml>");
	assert_int_equal(opml_read(doc, strlen(doc), "far.opml", a, &d, on_skip, &s, &err), 0);
	assert_int_equal(d.n, 1);
	assert_int_equal(d.feeds[0].line, 70002);
	assert_true(skipped(&s, "far.opml:70001", "has no xmlUrl"));
	free(doc);
	/* 5,000 nested categories: no crash, what lies within 256 levels is
	 * read, and the cut is reported. */
	{
		size_t depth = 5000, cap = depth * 40 + 200;
		doc = malloc(cap);
		p = doc + sprintf(doc, "<opml><body>");
		for (size_t i = 0; i < depth; i++) {
			p += sprintf(p, "<outline text=\"c%zu\">", i);
			if (i == 10)
				p += sprintf(p, "<outline xmlUrl=\"https://shallow.example/\"/>");
		}
		p += sprintf(p, "<outline xmlUrl=\"https://deep.example/\"/>");
		for (size_t i = 0; i < depth; i++)
			p += sprintf(p, "</outline>");
		sprintf(p, "</body></opml>");
		s.n = 0;
		assert_int_equal(opml_read(doc, strlen(doc), "deep.opml", a, &d, on_skip, &s, &err), 0);
		assert_int_equal(d.n, 1);
		assert_string_equal(d.feeds[0].url, "https://shallow.example/");
		assert_true(d.ill_formed);
		assert_non_null(d.error);
		assert_non_null(strstr(d.error, "nested more than 256 deep"));
		free(doc);
	}
	px_arena_free(a);
}

static void opml_write_escapes_and_round_trips(void **state)
{
	(void)state;
	char *dir = tmpdir(), out[300];
	px_db *db = open_db(dir);
	px_error err = { 0 };
	add_ok(db, "https://a.example/rss?x=1&y=2", "Fish & Chips <Weekly> \"quoted\" 'single'", 1);
	add_ok(db, "https://b.example/feed", "Caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x93\xb0 news", 1);
	add_ok(db, "https://c.example/feed", "Line\nbreak\tand\x01" "control \xff bad byte", 1);
	add_ok(db, "https://d.example/feed", NULL, 1);
	snprintf(out, sizeof(out), "%s/export.opml", dir);
	FILE *f = fopen(out, "w");
	assert_non_null(f);
	assert_int_equal(px_feeds_export_opml(db, f, &err), 0);
	fclose(f);

	/* Well-formed as it is: nothing to mend, nothing recovered. */
	px_arena *a = px_arena_new(0);
	opml_doc d;
	assert_int_equal(opml_read_file(out, a, &d, NULL, NULL, &err), 0);
	assert_int_equal(d.mended, 0);
	assert_false(d.ill_formed);
	assert_int_equal(d.n, 4);
	assert_string_equal(d.title, "Parallax feeds");
	assert_string_equal(d.feeds[0].title, "Fish & Chips <Weekly> \"quoted\" 'single'");
	assert_string_equal(d.feeds[0].url, "https://a.example/rss?x=1&y=2");
	assert_string_equal(d.feeds[3].title, "https://d.example/feed");   /* text falls back */
	px_arena_free(a);

	/* Into a fresh store: the same feeds, titles and URLs. */
	char dir2[200];
	snprintf(dir2, sizeof(dir2), "%s/again", dir);
	assert_int_equal(mkdir(dir2, 0755), 0);
	px_db *db2 = open_db(dir2);
	px_feeds_import_stats st;
	assert_int_equal(px_feeds_import_opml(db2, out, NULL, NULL, &st, &err), 0);
	assert_int_equal(st.read, 4);
	assert_int_equal(st.added, 4);
	assert_int_equal(st.present, 0);
	assert_int_equal(st.skipped, 0);
	px_feed_info_list l1, l2;
	assert_int_equal(px_feed_list(db, &l1, &err), 0);
	assert_int_equal(px_feed_list(db2, &l2, &err), 0);
	assert_int_equal(l1.n, l2.n);
	for (size_t i = 0; i < l1.n; i++) {
		assert_string_equal(l1.feeds[i].url_given, l2.feeds[i].url_given);
		if (i < 3)
			assert_string_equal(l1.feeds[i].title, l2.feeds[i].title);
	}
	/* The stored title has no control characters and valid UTF-8. */
	assert_string_equal(l1.feeds[2].title, "Line break and control \xef\xbf\xbd bad byte");
	px_feed_list_free(&l1);
	px_feed_list_free(&l2);
	/* Imported again: all present. */
	assert_int_equal(px_feeds_import_opml(db2, out, NULL, NULL, &st, &err), 0);
	assert_int_equal(st.added, 0);
	assert_int_equal(st.present, 4);
	/* An empty registry exports an empty body. */
	char *empty = opml_write(NULL, NULL, 0);
	assert_non_null(strstr(empty, "<body>\n  </body>"));
	free(empty);
	px_close(db);
	px_close(db2);
	rmtree(dir);
}

static void the_starter_list_imports(void **state)
{
	(void)state;
	char *dir = tmpdir(), path[300];
	px_db *db = open_db(dir);
	px_error err = { 0 };
	px_import_stats os;
	assert_int_equal(px_outlets_import(db, repo_path("data/outlets.csv", path, sizeof(path)),
	                                   "csv", NULL, NULL, NULL, &os, &err), 0);
	px_feeds_import_stats st;
	skips s = { .n = 0 };
	assert_int_equal(px_feeds_import_opml(db, repo_path("data/feeds.opml", path, sizeof(path)),
	                                      on_skip, &s, &st, &err), 0);
	assert_int_equal(s.n, 0);
	assert_true(st.added >= 15 && st.added <= 25);
	assert_int_equal(st.mended, 0);
	/* Every feed of the list is one the outlet registry lists. */
	px_feed_info_list l;
	assert_int_equal(px_feed_list(db, &l, &err), 0);
	for (size_t i = 0; i < l.n; i++)
		if (!l.feeds[i].outlet_id)
			fail_msg("%s: no outlet", l.feeds[i].url_given);
	px_feed_list_free(&l);
	px_close(db);
	rmtree(dir);
}

/* ------------------------------------------------------------- outlets' feeds */

/* What following outlets' feeds came to. */
typedef struct followed {
	size_t outlets, added, present;
} followed;

/*
 * Follows the feeds px_outlets_list gives for WHAT (NULL: every outlet) as
 * `parallax feeds add --outlets` does, and checks that each feed ends up
 * linked to the outlet that lists it.  Returns px_outlets_list's status.
 */
static int follow_outlets(px_db *db, const char *what, followed *f, px_error *err)
{
	memset(f, 0, sizeof(*f));
	px_outlet_list l;
	int rc = px_outlets_list(db, what, &l, err);
	if (rc < 0)
		return rc;
	for (size_t i = 0; i < l.n; i++) {
		const px_outlet *o = &l.outlets[i];
		f->outlets += o->n_feeds > 0;
		for (size_t k = 0; k < o->n_feeds; k++) {
			int64_t id = 0;
			int r = px_feed_add(db, o->feeds[k], NULL, &id, err);
			if (r < 0)
				fail_msg("outlet %s: %s", o->name, err->msg);
			*(r ? &f->added : &f->present) += 1;
			if (feed_get(db, id).outlet_id != o->id)
				fail_msg("%s: linked to outlet %lld, not to %s (%lld)", o->feeds[k],
				         (long long)feed_get(db, id).outlet_id, o->name,
				         (long long)o->id);
		}
	}
	px_outlet_list_free(&l);
	return 0;
}

static void outlet_feeds_followed_by_name(void **state)
{
	(void)state;
	char *dir = tmpdir(), csv[300];
	px_db *db = open_db(dir);
	px_error err = { 0 };
	snprintf(csv, sizeof(csv), "%s/outlets.csv", dir);
	write_file(csv, "id,name,domains,feed_urls,country,language,ownership,owner,lean,"
	                "lean_rater,lean_date,factuality,factuality_rater,factuality_date\n"
	                "harbour,Harbour Gazette,harbour.example,"
	                "https://harbour.example/rss https://cdn.elsewhere.example/harbour.xml,"
	                "GB,en,,,,,,,,\n"
	                "pine,Pinecone Post,pinecone.example,https://pinecone.example/feed/,"
	                "US,en,,,,,,,,\n"
	                "quiet,Quiet Times,quiet.example,,US,en,,,,,,,,\n");
	px_import_stats st;
	assert_int_equal(px_outlets_import(db, csv, "csv", NULL, NULL, NULL, &st, &err), 0);
	/* The outlet's feeds, sorted, found by registry id, name, domain or
	 * one of its feeds. */
	const char *names[] = { "harbour", "Harbour Gazette", "www.harbour.example",
	                        "https://cdn.elsewhere.example/harbour.xml" };
	int64_t harbour = 0;
	for (size_t i = 0; i < 4; i++) {
		px_outlet_list l;
		if (px_outlets_list(db, names[i], &l, &err) < 0)
			fail_msg("px_outlets_list %s: %s", names[i], err.msg);
		assert_int_equal(l.n, 1);
		assert_string_equal(l.outlets[0].slug, "harbour");
		assert_int_equal(l.outlets[0].n_feeds, 2);
		assert_string_equal(l.outlets[0].feeds[0], "https://cdn.elsewhere.example/harbour.xml");
		assert_string_equal(l.outlets[0].feeds[1], "https://harbour.example/rss");
		harbour = l.outlets[0].id;
		px_outlet_list_free(&l);
	}
	/* Named: its feeds only, linked to it (checked by follow_outlets). */
	followed f;
	assert_int_equal(follow_outlets(db, "Harbour Gazette", &f, &err), 0);
	assert_int_equal(f.outlets, 1);
	assert_int_equal(f.added, 2);
	assert_int_equal(f.present, 0);
	px_feed_info_list fl;
	assert_int_equal(px_feed_list(db, &fl, &err), 0);
	assert_int_equal(fl.n, 2);
	for (size_t i = 0; i < fl.n; i++)
		assert_int_equal(fl.feeds[i].outlet_id, harbour);
	px_feed_list_free(&fl);
	/* An outlet without feeds lists none; an unknown one is named. */
	px_outlet_list l;
	assert_int_equal(px_outlets_list(db, "quiet", &l, &err), 0);
	assert_int_equal(l.n, 1);
	assert_int_equal(l.outlets[0].n_feeds, 0);
	px_outlet_list_free(&l);
	assert_int_equal(follow_outlets(db, "quiet", &f, &err), 0);
	assert_int_equal(f.outlets + f.added + f.present, 0);
	assert_int_equal(follow_outlets(db, "no-such-outlet", &f, &err), PX_ENOTFOUND);
	assert_non_null(strstr(err.msg, "no outlet 'no-such-outlet'"));
	/* Every outlet: what the name left out, then nothing new. */
	assert_int_equal(follow_outlets(db, NULL, &f, &err), 0);
	assert_int_equal(f.outlets, 2);
	assert_int_equal(f.added, 1);
	assert_int_equal(f.present, 2);
	assert_int_equal(follow_outlets(db, NULL, &f, &err), 0);
	assert_int_equal(f.added, 0);
	assert_int_equal(f.present, 3);
	assert_int_equal(px_feed_list(db, &fl, &err), 0);
	assert_int_equal(fl.n, 3);
	px_feed_list_free(&fl);
	px_close(db);
	rmtree(dir);
}

static void registry_feeds_followed_whole(void **state)
{
	(void)state;
	char *dir = tmpdir(), path[300];
	px_db *db = open_db(dir);
	px_error err = { 0 };
	px_import_stats os;
	assert_int_equal(px_outlets_import(db, repo_path("data/outlets.csv", path, sizeof(path)),
	                                   "csv", NULL, NULL, NULL, &os, &err), 0);
	/* What the loaded registry lists, read from its table directly. */
	sqlite3 *s;
	snprintf(path, sizeof(path), "%s/test.db", dir);
	assert_int_equal(sqlite3_open(path, &s), SQLITE_OK);
	int64_t urls = count(s, "SELECT count(DISTINCT url) FROM outlet_feeds");
	int64_t outlets = count(s, "SELECT count(DISTINCT outlet_id) FROM outlet_feeds");
	sqlite3_close(s);
	assert_true(urls >= 100 && outlets >= 100);
	followed f;
	assert_int_equal(follow_outlets(db, NULL, &f, &err), 0);
	assert_int_equal(f.added, urls);
	assert_int_equal(f.present, 0);
	assert_int_equal(f.outlets, outlets);
	assert_int_equal(follow_outlets(db, NULL, &f, &err), 0);
	assert_int_equal(f.added, 0);
	assert_int_equal(f.present, urls);
	px_feed_info_list l;
	assert_int_equal(px_feed_list(db, &l, &err), 0);
	assert_int_equal(l.n, urls);
	px_feed_list_free(&l);
	px_close(db);
	rmtree(dir);
}

/* Occurrences of "xmlUrl=" in the file at PATH. */
static size_t xmlurl_count(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	static char buf[1 << 20];
	size_t n = fread(buf, 1, sizeof(buf) - 1, f), k = 0;
	fclose(f);
	buf[n] = '\0';
	for (const char *p = buf; (p = strstr(p, "xmlUrl=")) != NULL; p++)
		k++;
	return k;
}

/* Each *.opml under DIR (recursively) into FILES. */
static void find_opml(const char *dir, char files[][400], size_t *n, size_t max)
{
	DIR *d = opendir(dir);
	if (!d)
		return;
	struct dirent *e;
	while ((e = readdir(d)) != NULL && *n < max) {
		if (e->d_name[0] == '.')
			continue;
		char p[400];
		snprintf(p, sizeof(p), "%s/%s", dir, e->d_name);
		size_t len = strlen(p);
		struct stat sb;
		if (stat(p, &sb) == 0 && S_ISDIR(sb.st_mode))
			find_opml(p, files, n, max);
		else if (len > 5 && !strcmp(p + len - 5, ".opml"))
			snprintf(files[(*n)++], 400, "%s", p);
	}
	closedir(d);
}

static void awesome_rss_feeds_lists_read_whole(void **state)
{
	(void)state;
	char dir[300];
	repo_path("../shared/data/sources/awesome-rss-feeds", dir, sizeof(dir));
	static char files[400][400];
	size_t n = 0;
	find_opml(dir, files, &n, 400);
	if (n == 0)
		skip();
	size_t feeds = 0, attrs = 0;
	for (size_t i = 0; i < n; i++) {
		px_arena *a = px_arena_new(0);
		opml_doc d;
		skips s = { .n = 0 };
		px_error err = { 0 };
		if (opml_read_file(files[i], a, &d, on_skip, &s, &err) < 0)
			fail_msg("%s", err.msg);
		size_t want = xmlurl_count(files[i]);
		/* Every xmlUrl attribute is a feed (none of these files lists one
		 * twice or a non-http URL), and after mending the XML is sound. */
		if (d.n != want || d.ill_formed || s.n)
			fail_msg("%s: %zu feeds of %zu xmlUrl, %d skipped, ill-formed %d (%s)", files[i],
			         d.n, want, s.n, d.ill_formed, s.n ? s.why[0] : "");
		feeds += d.n;
		attrs += want;
		px_arena_free(a);
	}
	assert_int_equal(feeds, attrs);
	assert_true(feeds >= 1500);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(migration_from_4_keeps_the_data),
		cmocka_unit_test(failed_migration_changes_nothing),
		cmocka_unit_test(add_list_remove),
		cmocka_unit_test(feeds_link_to_outlets),
		cmocka_unit_test(due_feeds_in_order),
		cmocka_unit_test(backoff_arithmetic),
		cmocka_unit_test(interval_arithmetic),
		cmocka_unit_test(record_fetch_backs_off_and_adapts),
		cmocka_unit_test(entries_are_seen_once_across_reopens),
		cmocka_unit_test(a_unit_inside_a_batch_rolls_back_alone),
		cmocka_unit_test(opml_nested_categories),
		cmocka_unit_test(opml_mends_what_real_files_get_wrong),
		cmocka_unit_test(opml_mend_keeps_lines),
		cmocka_unit_test(opml_reports_each_skip_with_its_line),
		cmocka_unit_test(opml_encodings),
		cmocka_unit_test(opml_refuses_what_is_no_opml),
		cmocka_unit_test(opml_strings_are_valid_utf8),
		cmocka_unit_test(opml_url_length_counts_encoded_spaces),
		cmocka_unit_test(opml_deep_and_long_files),
		cmocka_unit_test(opml_write_escapes_and_round_trips),
		cmocka_unit_test(the_starter_list_imports),
		cmocka_unit_test(outlet_feeds_followed_by_name),
		cmocka_unit_test(registry_feeds_followed_whole),
		cmocka_unit_test(awesome_rss_feeds_lists_read_whole),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
