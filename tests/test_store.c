/* test_store.c — the store's contract (store/store.h): schema versions,
 * outlets by domain, merges that keep old ids resolving, the full-text
 * index written with each committed batch and never for a rolled-back one. */
#include "testutil.h"

#include <sqlite3.h>

#include "store/store.h"

/* A new store in DIR; PATH gets its file name. */
static store *open_store(const char *dir, char *path, size_t n)
{
	px_error err = { 0 };
	snprintf(path, n, "%s/s.db", dir);
	store *st = store_open(path, &err);
	if (!st)
		fail_msg("store_open: %s", err.msg);
	return st;
}

static void newer_schema_is_refused_not_misread(void **state)
{
	(void)state;
	char *dir = tmpdir();
	char path[300];
	px_error err = { 0 };
	store *st = open_store(dir, path, sizeof(path));
	assert_non_null(st);
	store_close(st);
	sqlite3 *db;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA user_version = 999", NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
	assert_null(store_open(path, &err));
	assert_non_null(strstr(err.msg, "schema version 999 is newer"));
	assert_non_null(strstr(err.msg, path));
	rmtree(dir);
}

static void outlets_resolve_by_domain_or_name(void **state)
{
	(void)state;
	char *dir = tmpdir();
	char path[300];
	px_error err = { 0 };
	store *st = open_store(dir, path, sizeof(path));
	assert_int_equal(store_begin(st, &err), 0);
	int64_t a = store_outlet_resolve(st, "Harbor City Tribune", "harborcitytribune.example", &err);
	int64_t b = store_outlet_resolve(st, NULL, "harborcitytribune.example", &err);
	int64_t c = store_outlet_resolve(st, "Harbor City Tribune", NULL, &err);
	int64_t d = store_outlet_resolve(st, NULL, "other.example", &err);
	assert_true(a > 0);
	assert_int_equal(a, b);
	assert_int_equal(a, c);
	assert_true(d > 0 && d != a);
	assert_true(store_outlet_resolve(st, NULL, NULL, &err) < 0);
	assert_int_equal(store_commit(st, &err), 0);
	store_close(st);
	rmtree(dir);
}

static void merged_story_ids_resolve_to_the_survivor(void **state)
{
	(void)state;
	char *dir = tmpdir();
	char path[300];
	px_error err = { 0 };
	store *st = open_store(dir, path, sizeof(path));
	assert_int_equal(store_begin(st, &err), 0);
	int64_t s1 = store_story_create(st, &err), s2 = store_story_create(st, &err),
	        s3 = store_story_create(st, &err);
	assert_int_equal(store_story_merge(st, s3, s2, &err), 0);
	assert_int_equal(store_story_merge(st, s2, s1, &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	assert_int_equal(store_story_resolve(st, s3, &err), s1);
	assert_int_equal(store_story_resolve(st, s2, &err), s1);
	assert_int_equal(store_story_resolve(st, s1, &err), s1);
	assert_int_equal(store_story_resolve(st, 12345, &err), 0);
	store_close(st);
	/* Through the public API too: an absorbed id shows the survivor. */
	px_db *db = px_open(path, &err);
	px_story *s;
	assert_int_equal(px_story_get(db, s3, &s, &err), 0);
	assert_int_equal(s->id, s1);
	px_story_free(s);
	assert_int_equal(px_story_get(db, 999, &s, &err), PX_ENOTFOUND);
	px_close(db);
	rmtree(dir);
}

static int fts_hits(const char *path, const char *query)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM articles_fts "
	                                    "WHERE articles_fts MATCH ?1", -1, &s, NULL),
	                 SQLITE_OK);
	sqlite3_bind_text(s, 1, query, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	int n = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return n;
}

static void full_text_index_follows_commits(void **state)
{
	(void)state;
	char *dir = tmpdir();
	char path[300];
	px_error err = { 0 };
	store *st = open_store(dir, path, sizeof(path));
	assert_non_null(st);
	/* A committed batch is searchable, by title and by text. */
	assert_int_equal(store_begin(st, &err), 0);
	int64_t outlet = store_outlet_resolve(st, "Lakeshore Times", NULL, &err);
	store_article a = { .url = "https://lakeshore.example/a", .outlet_id = outlet,
	                    .title = "Ferry strike ends", .text = "The harbour pilots voted.",
	                    .published = 1, .ingested = 1, .text_hash = 1 };
	assert_int_equal(store_article_insert(st, &a, &err), 0);
	/* (a statement under a foreign key: it used to flush the index early) */
	int64_t story = store_story_create(st, &err);
	assert_true(story > 0);
	assert_int_equal(store_article_set_story(st, a.id, story, 0, NULL, &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	assert_int_equal(fts_hits(path, "ferry"), 1);
	assert_int_equal(fts_hits(path, "pilots"), 1);
	/* A rolled-back batch leaves nothing behind, in the table or the index. */
	assert_int_equal(store_begin(st, &err), 0);
	store_article b = { .url = "https://lakeshore.example/b", .outlet_id = outlet,
	                    .title = "Glacier survey", .text = "Ice cores were drilled.",
	                    .published = 2, .ingested = 2, .text_hash = 2 };
	assert_int_equal(store_article_insert(st, &b, &err), 0);
	store_rollback(st);
	assert_int_equal(fts_hits(path, "glacier"), 0);
	/* The next batch indexes only its own article. */
	assert_int_equal(store_begin(st, &err), 0);
	store_article c = { .url = "https://lakeshore.example/c", .outlet_id = outlet,
	                    .title = "Ferry timetable", .text = "Summer sailings resume.",
	                    .published = 3, .ingested = 3, .text_hash = 3 };
	assert_int_equal(store_article_insert(st, &c, &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	assert_int_equal(fts_hits(path, "ferry"), 2);
	assert_int_equal(fts_hits(path, "glacier"), 0);
	assert_int_equal(fts_hits(path, "sailings"), 1);
	store_close(st);
	rmtree(dir);
}

/* A disk that fills up in the middle of a batch: the batch fails with a
 * message that says so, and every batch committed before it is intact. */
static void full_disk_loses_only_the_batch_in_flight(void **state)
{
	(void)state;
	char *dir = tmpdir();
	char path[300];
	px_error err = { 0 };
	store *st = open_store(dir, path, sizeof(path));
	assert_int_equal(store_begin(st, &err), 0);
	int64_t outlet = store_outlet_resolve(st, "Lakeshore Times", NULL, &err);
	store_article a = { .url = "https://lakeshore.example/kept", .outlet_id = outlet,
	                    .title = "Ferry strike ends", .text = "The harbour pilots voted.",
	                    .published = 1, .ingested = 1, .text_hash = 1 };
	assert_int_equal(store_article_insert(st, &a, &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	assert_int_equal(store_limit_growth(st, 8, &err), 0);
	/* 200 articles of 2 KiB each need far more than 8 pages of 4 KiB */
	char text[2048], url[64];
	memset(text, 'x', sizeof(text) - 1);
	text[sizeof(text) - 1] = '\0';
	int failed = 0;
	assert_int_equal(store_begin(st, &err), 0);
	for (int i = 0; i < 200 && !failed; i++) {
		snprintf(url, sizeof(url), "https://lakeshore.example/lost/%d", i);
		text[i % 2000] = 'y';
		store_article b = { .url = url, .outlet_id = outlet, .title = "Glacier survey",
		                    .text = text, .published = 2, .ingested = 2,
		                    .text_hash = (uint64_t)i + 100 };
		failed = store_article_insert(st, &b, &err) < 0;
	}
	if (!failed)
		failed = store_commit(st, &err) < 0;
	assert_true(failed);
	assert_non_null(strstr(err.msg, path));
	assert_non_null(strstr(err.msg, ": disk full (nothing of this batch was stored)"));
	store_rollback(st);
	store_close(st);
	/* Opened again (no limit now): the first batch is there, none of the
	 * second, and the store takes new batches. */
	st = open_store(dir, path, sizeof(path));
	int64_t id = 0;
	assert_int_equal(store_article_find(st, "https://lakeshore.example/kept", outlet, 1, &id,
	                                    &err), 0);
	assert_true(id > 0);
	assert_int_equal(store_article_find(st, "https://lakeshore.example/lost/0", outlet, 100,
	                                    &id, &err), 0);
	assert_int_equal(id, 0);
	assert_int_equal(store_begin(st, &err), 0);
	store_article c = { .url = "https://lakeshore.example/after", .outlet_id = outlet,
	                    .title = "Ferry timetable", .text = "Summer sailings resume.",
	                    .published = 3, .ingested = 3, .text_hash = 3 };
	assert_int_equal(store_article_insert(st, &c, &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	store_close(st);
	rmtree(dir);
}

static void default_path_follows_xdg(void **state)
{
	(void)state;
	setenv("XDG_DATA_HOME", "/tmp/px-xdg", 1);
	assert_string_equal(px_default_db_path(), "/tmp/px-xdg/parallax/parallax.db");
	unsetenv("XDG_DATA_HOME");
	setenv("HOME", "/home/someone", 1);
	assert_string_equal(px_default_db_path(),
	                    "/home/someone/.local/share/parallax/parallax.db");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(newer_schema_is_refused_not_misread),
		cmocka_unit_test(outlets_resolve_by_domain_or_name),
		cmocka_unit_test(merged_story_ids_resolve_to_the_survivor),
		cmocka_unit_test(full_text_index_follows_commits),
		cmocka_unit_test(full_disk_loses_only_the_batch_in_flight),
		cmocka_unit_test(default_path_follows_xdg),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
