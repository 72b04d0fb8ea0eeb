/*
 * sqlite.c — the embedded store: one SQLite file in WAL mode.
 *
 * Schema changes are migrations: an ordered list of SQL scripts, applied in
 * one transaction each, with PRAGMA user_version recording how many have
 * run.  Opening a store written by an older Parallax migrates it; opening
 * one written by a newer Parallax is refused rather than misread.
 *
 * Durability: WAL with synchronous=NORMAL makes every committed transaction
 * survive a killed process (the log is replayed on the next open); only a
 * power loss can take back the last commits.  The pipeline commits in
 * batches, so a kill loses at most the batch in flight.
 *
 * Every statement is prepared once and kept in `st->stmt[]`.
 */
#include "store.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/hash.h"

static const char *const migrations[] = {
	/* 1: the first schema */
	"CREATE TABLE outlets ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  created INTEGER NOT NULL DEFAULT (unixepoch()));"
	"CREATE TABLE outlet_domains ("
	"  domain TEXT PRIMARY KEY,"
	"  outlet_id INTEGER NOT NULL REFERENCES outlets(id)) WITHOUT ROWID;"
	"CREATE TABLE stories ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  first_seen INTEGER,"
	"  last_seen INTEGER,"
	"  n_articles INTEGER NOT NULL DEFAULT 0,"
	"  n_independent INTEGER NOT NULL DEFAULT 0,"
	"  merged_into INTEGER REFERENCES stories(id),"
	"  features BLOB);"
	"CREATE INDEX stories_live ON stories(last_seen) WHERE merged_into IS NULL;"
	"CREATE TABLE articles ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  url TEXT UNIQUE,"
	"  outlet_id INTEGER NOT NULL REFERENCES outlets(id),"
	"  title TEXT NOT NULL,"
	"  byline TEXT,"
	"  lang TEXT,"
	"  text TEXT NOT NULL,"
	"  sentences BLOB,"
	"  published INTEGER NOT NULL,"
	"  ingested INTEGER NOT NULL,"
	"  text_hash INTEGER NOT NULL,"
	"  signature BLOB,"
	"  story_id INTEGER REFERENCES stories(id),"
	"  copy_of INTEGER REFERENCES articles(id),"
	"  join_score REAL,"
	"  join_explain TEXT,"
	"  source TEXT);"
	"CREATE INDEX articles_text ON articles(outlet_id, text_hash);"
	"CREATE INDEX articles_story ON articles(story_id, published);"
	"CREATE INDEX articles_published ON articles(published);"
	"CREATE TABLE article_entities ("
	"  article_id INTEGER NOT NULL REFERENCES articles(id),"
	"  key TEXT NOT NULL,"
	"  name TEXT NOT NULL,"
	"  type INTEGER NOT NULL,"
	"  mentions INTEGER NOT NULL,"
	"  PRIMARY KEY (article_id, key)) WITHOUT ROWID;"
	"CREATE INDEX entities_key ON article_entities(key);"
	"CREATE VIRTUAL TABLE articles_fts USING fts5("
	"  title, text, content='articles', content_rowid='id',"
	"  tokenize='unicode61 remove_diacritics 2');"
	"CREATE TRIGGER articles_fts_ins AFTER INSERT ON articles BEGIN"
	"  INSERT INTO articles_fts(rowid, title, text) VALUES (new.id, new.title, new.text);"
	"END;"
	"CREATE TRIGGER articles_fts_del AFTER DELETE ON articles BEGIN"
	"  INSERT INTO articles_fts(articles_fts, rowid, title, text)"
	"  VALUES ('delete', old.id, old.title, old.text);"
	"END;"
	"CREATE TABLE term_df ("
	"  term INTEGER PRIMARY KEY,"
	"  df INTEGER NOT NULL);"
	"CREATE TABLE counters ("
	"  name TEXT PRIMARY KEY,"
	"  value INTEGER NOT NULL) WITHOUT ROWID;"
	"INSERT INTO counters VALUES ('documents', 0);",
	/* 2: the full-text index is written at the end of each batch (see
	 * fts_flush), not by a trigger. */
	"DROP TRIGGER articles_fts_ins;",
	/* 3: the outlet registry and its ratings (outlets/outlets.h) */
	"ALTER TABLE outlets ADD COLUMN slug TEXT;"
	"ALTER TABLE outlets ADD COLUMN name_key TEXT;"
	"ALTER TABLE outlets ADD COLUMN country TEXT;"
	"ALTER TABLE outlets ADD COLUMN language TEXT;"
	"ALTER TABLE outlets ADD COLUMN ownership TEXT;"
	"ALTER TABLE outlets ADD COLUMN owner TEXT;"
	"CREATE UNIQUE INDEX outlets_slug ON outlets(slug) WHERE slug IS NOT NULL;"
	"CREATE INDEX outlets_name_key ON outlets(name_key);"
	"CREATE TABLE outlet_feeds ("
	"  url TEXT PRIMARY KEY,"
	"  outlet_id INTEGER NOT NULL REFERENCES outlets(id)) WITHOUT ROWID;"
	"CREATE TABLE outlet_ratings ("
	"  outlet_id INTEGER NOT NULL REFERENCES outlets(id),"
	"  dimension TEXT NOT NULL CHECK (dimension IN ('lean', 'factuality')),"
	"  rater TEXT NOT NULL,"
	"  value REAL NOT NULL,"
	"  label TEXT,"
	"  rated TEXT,"
	"  source TEXT,"
	"  imported INTEGER NOT NULL DEFAULT (unixepoch()),"
	"  PRIMARY KEY (outlet_id, dimension, rater)) WITHOUT ROWID;",
	/* 4: an outlet's domains are read by outlet (listing 10,000 outlets
	 * scanned the whole table once per outlet). */
	"CREATE INDEX outlet_domains_outlet ON outlet_domains(outlet_id, domain);",
	/* 5: the feed registry (parallax.h, "feeds registry"): the feeds
	 * followed, how each was last fetched and when it is due, and the
	 * entries each has seen, so that a restart ingests nothing twice. */
	"CREATE TABLE feeds ("
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  url TEXT NOT NULL UNIQUE,"
	"  url_given TEXT NOT NULL,"
	"  title TEXT,"
	"  site_url TEXT,"
	"  outlet_id INTEGER REFERENCES outlets(id) ON DELETE SET NULL,"
	"  added_at INTEGER NOT NULL,"
	"  etag TEXT,"
	"  last_modified TEXT,"
	"  last_status INTEGER,"
	"  last_error TEXT,"
	"  last_fetch_at INTEGER,"
	"  last_new_at INTEGER,"
	"  error_count INTEGER NOT NULL DEFAULT 0,"
	"  next_due_at INTEGER NOT NULL,"
	"  interval_s INTEGER NOT NULL DEFAULT 1800"
	"    CHECK (interval_s BETWEEN 300 AND 86400),"
	"  disabled INTEGER NOT NULL DEFAULT 0);"
	"CREATE INDEX feeds_due ON feeds(next_due_at, id) WHERE disabled = 0;"
	"CREATE TABLE feed_entries ("
	"  feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,"
	"  entry_key TEXT NOT NULL,"
	"  first_seen_at INTEGER NOT NULL,"
	"  article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,"
	"  PRIMARY KEY (feed_id, entry_key)) WITHOUT ROWID;"
	"CREATE INDEX feed_entries_key ON feed_entries(entry_key);"
	"CREATE INDEX feed_entries_arrivals ON feed_entries(feed_id, first_seen_at);",
	/* 6: each article's topic (text/topic.c), for the topic filter; the
	 * articles of older stores have none.  Articles by outlet, newest
	 * first, for outlet pages. */
	("ALTER TABLE articles ADD COLUMN topic TEXT;"
	 "CREATE INDEX articles_outlet ON articles(outlet_id, published);"),
	/* 7: articles by language, so that the home page's language filter
	 * finds the few languages without reading every article (Q_LANGS). */
	"CREATE INDEX articles_lang ON articles(lang);",
};

enum {
	Q_OUTLET_BY_DOMAIN,
	Q_OUTLET_BY_NAME,
	Q_OUTLET_INSERT,
	Q_DOMAIN_INSERT,
	Q_OUTLET_BY_SLUG,
	Q_OUTLET_BY_KEY,
	Q_OUTLET_NEW,
	Q_OUTLET_UPDATE,
	Q_DOMAIN_SET,
	Q_FEED_SET,
	Q_RATING_SET,
	Q_RATING_DEL,
	Q_OUTLETS_ALL,
	Q_OUTLET_DOMAINS,
	Q_OUTLET_RATINGS,
	Q_OUTLET_BY_FEED,
	Q_OUTLET_FEEDS,
	Q_ARTICLE_BY_URL,
	Q_ARTICLE_BY_TEXT,
	Q_ARTICLE_INSERT,
	Q_ENTITY_INSERT,
	Q_FTS_INSERT,
	Q_ARTICLE_COPY,
	Q_ARTICLE_STORY,
	Q_SIGNATURES,
	Q_STORY_INSERT,
	Q_STORY_SAVE,
	Q_STORY_MOVE,
	Q_STORY_MERGED,
	Q_STORY_RESOLVE,
	Q_STORIES_BETWEEN,
	Q_COPIES_REROOT,
	Q_DF_LOAD,
	Q_DF_ADD,
	Q_DOCS_GET,
	Q_DOCS_ADD,
	Q_STORY_META,
	Q_STORY_ROWS,
	Q_STORY_BRIEFS,
	Q_OUTLET_ROWS,
	Q_OUTLET_STORY_SIDES,
	Q_WINDOW_REPORTS,
	Q_SEARCH,
	Q_SEARCH_COUNT,
	Q_DATA_VERSION,
	Q_RATINGS_STAMP,
	Q_NEWEST,
	Q_OUTLET_BY_ID,
	Q_COUNTRIES,
	Q_LANGS,
	Q_FEED_BY_URL,
	Q_FEED_INSERT,
	Q_FEED_FILL,
	Q_FEED_ENTRIES_DELETE,
	Q_FEED_DELETE,
	Q_FEED_DISABLE,
	Q_FEEDS_ALL,
	Q_FEEDS_DUE,
	Q_FEED_FETCHED,
	Q_FEED_ARRIVALS,
	Q_FEED_ENTRY_SEEN,
	Q_FEED_ENTRY_MARK,
	Q_COUNT
};

/* The columns of an article as store_row has them (read_row reads them):
 * the article, its outlet and the outlet's shortest domain. */
#define ROW_SELECT \
	"SELECT a.id, a.url, o.name, (SELECT domain FROM outlet_domains d" \
	"   WHERE d.outlet_id = o.id ORDER BY length(domain) LIMIT 1)," \
	" a.title, a.byline, a.lang, a.text, a.sentences, a.published, a.copy_of," \
	" a.join_score, a.join_explain, o.id, o.ownership, a.topic, a.story_id"
#define ROW_FROM " FROM articles a JOIN outlets o ON o.id = a.outlet_id"
#define ROW_COLUMNS ROW_SELECT ROW_FROM

/* The columns of a px_feed_info, in its order (feed_row reads them). */
#define FEED_COLUMNS \
	"SELECT id, url, url_given, title, site_url, outlet_id, added_at, etag," \
	" last_modified, last_status, last_error, last_fetch_at, last_new_at," \
	" error_count, next_due_at, interval_s, disabled," \
	" (SELECT name FROM outlets o WHERE o.id = feeds.outlet_id) FROM feeds"

static const char *const sql[Q_COUNT] = {
	[Q_OUTLET_BY_DOMAIN] = "SELECT outlet_id FROM outlet_domains WHERE domain = ?1",
	[Q_OUTLET_BY_NAME] = "SELECT id FROM outlets WHERE name = ?1",
	[Q_OUTLET_INSERT] = "INSERT INTO outlets(name, name_key) VALUES (?1, ?2)",
	[Q_DOMAIN_INSERT] = "INSERT OR IGNORE INTO outlet_domains(domain, outlet_id) VALUES (?1, ?2)",
	[Q_OUTLET_BY_SLUG] = "SELECT id FROM outlets WHERE slug = ?1",
	[Q_OUTLET_BY_KEY] = "SELECT id FROM outlets WHERE name_key = ?1 ORDER BY slug IS NULL, id LIMIT 1",
	[Q_OUTLET_NEW] = "INSERT INTO outlets(name, name_key) VALUES (?1, ?2)",
	[Q_OUTLET_UPDATE] =
		"UPDATE outlets SET slug = coalesce(?2, slug),"
		" name = CASE WHEN ?3 IS NOT NULL AND NOT EXISTS"
		"   (SELECT 1 FROM outlets x WHERE x.name = ?3 AND x.id <> ?1) THEN ?3 ELSE name END,"
		" name_key = coalesce(?4, name_key), country = coalesce(?5, country),"
		" language = coalesce(?6, language), ownership = coalesce(?7, ownership),"
		" owner = coalesce(?8, owner) WHERE id = ?1",
	[Q_DOMAIN_SET] = "INSERT INTO outlet_domains(domain, outlet_id) VALUES (?1, ?2)"
		" ON CONFLICT(domain) DO UPDATE SET outlet_id = excluded.outlet_id WHERE ?3",
	[Q_FEED_SET] = "INSERT INTO outlet_feeds(url, outlet_id) VALUES (?1, ?2)"
		" ON CONFLICT(url) DO UPDATE SET outlet_id = excluded.outlet_id",
	[Q_RATING_SET] =
		"INSERT INTO outlet_ratings(outlet_id, dimension, rater, value, label, rated, source)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT(outlet_id, dimension, rater)"
		" DO UPDATE SET value = excluded.value, label = excluded.label,"
		" rated = excluded.rated, source = excluded.source, imported = unixepoch()",
	[Q_RATING_DEL] = "DELETE FROM outlet_ratings WHERE outlet_id = ?1 AND dimension = ?2"
		" AND rater = ?3",
	[Q_OUTLETS_ALL] =
		"SELECT id, slug, name, country, language, ownership, owner,"
		" (SELECT count(*) FROM articles a WHERE a.outlet_id = o.id)"
		" FROM outlets o WHERE ?1 = 0 OR o.id = ?1 ORDER BY name COLLATE NOCASE, id",
	[Q_OUTLET_DOMAINS] = "SELECT domain FROM outlet_domains WHERE outlet_id = ?1 ORDER BY domain",
	[Q_OUTLET_BY_FEED] = "SELECT outlet_id FROM outlet_feeds WHERE url = ?1",
	/* No index by outlet_id: the table holds the registry's feeds only (a
	 * few hundred), so even 10,000 outlets listed scan little; an index
	 * would cost a schema migration. */
	[Q_OUTLET_FEEDS] = "SELECT url FROM outlet_feeds WHERE outlet_id = ?1 ORDER BY url",
	[Q_OUTLET_RATINGS] =
		"SELECT dimension, rater, value, label, rated, source FROM outlet_ratings"
		" WHERE outlet_id = ?1 ORDER BY dimension, rater",
	[Q_ARTICLE_BY_URL] = "SELECT id FROM articles WHERE url = ?1",
	[Q_ARTICLE_BY_TEXT] = "SELECT id FROM articles WHERE outlet_id = ?1 AND text_hash = ?2",
	[Q_ARTICLE_INSERT] =
		"INSERT INTO articles(url, outlet_id, title, byline, lang, text, sentences,"
		" published, ingested, text_hash, signature, source, topic)"
		" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
	[Q_FTS_INSERT] = "INSERT INTO articles_fts(rowid, title, text) VALUES (?1, ?2, ?3)",
	[Q_ENTITY_INSERT] =
		"INSERT OR IGNORE INTO article_entities(article_id, key, name, type, mentions)"
		" VALUES (?1, ?2, ?3, ?4, ?5)",
	[Q_ARTICLE_COPY] = "UPDATE articles SET copy_of = ?2 WHERE id = ?1",
	[Q_ARTICLE_STORY] =
		"UPDATE articles SET story_id = ?2, join_score = ?3, join_explain = ?4 WHERE id = ?1",
	[Q_SIGNATURES] =
		"SELECT id, outlet_id, published, copy_of, story_id, signature FROM articles"
		" WHERE published BETWEEN ?1 AND ?2 AND signature IS NOT NULL ORDER BY id",
	[Q_STORY_INSERT] = "INSERT INTO stories(n_articles) VALUES (0)",
	[Q_STORY_SAVE] =
		"UPDATE stories SET first_seen = ?2, last_seen = ?3, n_articles = ?4,"
		" n_independent = ?5, features = ?6 WHERE id = ?1",
	[Q_STORY_MOVE] = "UPDATE articles SET story_id = ?2 WHERE story_id = ?1",
	[Q_STORY_MERGED] =
		"UPDATE stories SET merged_into = ?2, features = NULL, n_articles = 0,"
		" n_independent = 0 WHERE id = ?1",
	[Q_STORY_RESOLVE] = "SELECT merged_into FROM stories WHERE id = ?1",
	[Q_STORIES_BETWEEN] =
		"SELECT id, first_seen, last_seen, n_articles, n_independent, features"
		" FROM stories WHERE merged_into IS NULL AND last_seen BETWEEN ?1 AND ?2"
		" ORDER BY id",
	[Q_COPIES_REROOT] =
		"UPDATE articles SET copy_of = ?2 WHERE (id = ?1 OR copy_of = ?1) AND id != ?2",
	[Q_DF_LOAD] = "SELECT term, df FROM term_df",
	[Q_DF_ADD] =
		"INSERT INTO term_df(term, df) VALUES (?1, ?2)"
		" ON CONFLICT(term) DO UPDATE SET df = df + excluded.df",
	[Q_DOCS_GET] = "SELECT value FROM counters WHERE name = 'documents'",
	[Q_DOCS_ADD] = "UPDATE counters SET value = value + ?1 WHERE name = 'documents'",
	[Q_STORY_META] =
		"SELECT id, first_seen, last_seen, n_articles, n_independent FROM stories"
		" WHERE id = ?1",
	[Q_STORY_ROWS] = ROW_COLUMNS " WHERE a.story_id = ?1 ORDER BY a.published, a.id",
	/* A story's topic is the one most of its articles have (the first
	 * article's among equals); LANG and COUNTRY (NULL: any) keep the
	 * stories with an article in that language or from an outlet of that
	 * country. */
	[Q_STORY_BRIEFS] =
		"SELECT s.id, s.last_seen, s.n_articles, s.n_independent,"
		" (SELECT a.topic FROM articles a WHERE a.story_id = s.id AND a.topic IS NOT NULL"
		"   GROUP BY a.topic ORDER BY count(*) DESC, min(a.id) LIMIT 1)"
		" FROM stories s WHERE s.merged_into IS NULL AND s.n_articles > 0"
		" AND (?1 IS NULL OR EXISTS (SELECT 1 FROM articles a"
		"   WHERE a.story_id = s.id AND a.lang = lower(?1)))"
		" AND (?2 IS NULL OR EXISTS (SELECT 1 FROM articles a JOIN outlets o"
		"   ON o.id = a.outlet_id WHERE a.story_id = s.id AND o.country = ?2 COLLATE NOCASE))",
	[Q_OUTLET_ROWS] = ROW_COLUMNS " WHERE a.outlet_id = ?1"
		" ORDER BY a.published DESC, a.id DESC LIMIT ?2",
	/* The independent reports of each outlet in the stories of outlet ?1's
	 * newest ?2 articles. */
	[Q_OUTLET_STORY_SIDES] =
		"SELECT a.story_id, a.outlet_id, count(*) FROM articles a"
		" WHERE a.copy_of IS NULL AND a.story_id IN (SELECT story_id FROM articles"
		"   WHERE outlet_id = ?1 AND story_id IS NOT NULL"
		"   ORDER BY published DESC LIMIT ?2)"
		" GROUP BY a.story_id, a.outlet_id",
	[Q_WINDOW_REPORTS] =
		"SELECT a.story_id, a.outlet_id, count(*) FROM stories s"
		" JOIN articles a ON a.story_id = s.id"
		" WHERE s.merged_into IS NULL AND s.last_seen >= ?1 AND a.copy_of IS NULL"
		" GROUP BY a.story_id, a.outlet_id",
	/* Title matches weigh five times text matches (BM25 per column). */
	[Q_SEARCH] =
		ROW_SELECT ", highlight(articles_fts, 0, char(2), char(3)),"
		" snippet(articles_fts, 1, char(2), char(3), '\xe2\x80\xa6', 32)"
		" FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid"
		" JOIN outlets o ON o.id = a.outlet_id"
		" WHERE articles_fts MATCH ?1"
		" ORDER BY bm25(articles_fts, 5.0, 1.0), a.id DESC LIMIT ?2 OFFSET ?3",
	[Q_SEARCH_COUNT] = "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH ?1",
	[Q_DATA_VERSION] = "PRAGMA data_version",
	[Q_OUTLET_BY_ID] = "SELECT id FROM outlets WHERE id = ?1",
	[Q_COUNTRIES] =
		"SELECT DISTINCT upper(o.country) FROM outlets o WHERE o.country IS NOT NULL"
		" AND EXISTS (SELECT 1 FROM articles a WHERE a.outlet_id = o.id) ORDER BY 1",
	/* DISTINCT would read every article; this steps from one language to
	 * the next through the index, a lookup per language. */
	[Q_LANGS] = "WITH RECURSIVE l(v) AS (SELECT min(lang) FROM articles"
		" UNION ALL SELECT (SELECT min(lang) FROM articles WHERE lang > l.v)"
		" FROM l WHERE v IS NOT NULL)"
		" SELECT v FROM l WHERE v IS NOT NULL AND v <> 'und' ORDER BY 1",
	[Q_NEWEST] = "SELECT max(last_seen) FROM stories WHERE merged_into IS NULL",
	[Q_RATINGS_STAMP] =
		"SELECT count(*), total(value), max(imported) FROM outlet_ratings",
	[Q_FEED_BY_URL] = "SELECT id FROM feeds WHERE url = ?1",
	[Q_FEED_INSERT] =
		"INSERT INTO feeds(url, url_given, title, site_url, outlet_id, added_at,"
		" next_due_at, interval_s) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[Q_FEED_FILL] =
		"UPDATE feeds SET title = coalesce(title, ?2), site_url = coalesce(site_url, ?3),"
		" outlet_id = coalesce(outlet_id, ?4) WHERE id = ?1",
	[Q_FEED_ENTRIES_DELETE] = "DELETE FROM feed_entries WHERE feed_id = ?1",
	[Q_FEED_DELETE] = "DELETE FROM feeds WHERE id = ?1",
	[Q_FEED_DISABLE] = "UPDATE feeds SET disabled = ?2 WHERE id = ?1",
	[Q_FEEDS_ALL] = FEED_COLUMNS " WHERE ?1 = 0 OR id = ?1 ORDER BY id",
	[Q_FEEDS_DUE] = FEED_COLUMNS
		" WHERE disabled = 0 AND next_due_at <= ?1 ORDER BY next_due_at, id LIMIT ?2",
	[Q_FEED_FETCHED] =
		"UPDATE feeds SET etag = ?2, last_modified = ?3, last_status = ?4,"
		" last_error = ?5, last_fetch_at = ?6, last_new_at = ?7, error_count = ?8,"
		" next_due_at = ?9, interval_s = ?10 WHERE id = ?1",
	[Q_FEED_ARRIVALS] =
		"SELECT first_seen_at, count(*) FROM feed_entries WHERE feed_id = ?1"
		" GROUP BY first_seen_at ORDER BY first_seen_at DESC LIMIT ?2",
	[Q_FEED_ENTRY_SEEN] = "SELECT 1 FROM feed_entries WHERE feed_id = ?1 AND entry_key = ?2",
	[Q_FEED_ENTRY_MARK] =
		"INSERT INTO feed_entries(feed_id, entry_key, first_seen_at, article_id)"
		" VALUES (?1, ?2, ?3, ?4) ON CONFLICT(feed_id, entry_key)"
		" DO UPDATE SET article_id = coalesce(excluded.article_id, article_id)",
};

/* A row for the full-text index, held until the batch commits. */
typedef struct fts_row {
	int64_t id;
	char *title, *text;
} fts_row;

struct store {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *stmt[Q_COUNT];
	int in_tx;
	fts_row *fts;          /* the batch's articles, not yet in articles_fts */
	size_t n_fts, cap_fts;
};

/* Fills ERR from the connection's last error, naming the store and OP. */
static int fail(store *st, px_error *err, const char *op)
{
	int rc = sqlite3_extended_errcode(st->db);
	const char *why = sqlite3_errmsg(st->db);
	if ((rc & 0xff) == SQLITE_FULL)
		why = "disk full (nothing of this batch was stored)";
	return px_fail(err, PX_ESTORE, "store %s: %s: %s", st->path, op, why);
}

static sqlite3_stmt *q(store *st, int which)
{
	sqlite3_stmt *s = st->stmt[which];
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	return s;
}

static void bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

static int exec(store *st, const char *script, px_error *err, const char *op)
{
	if (sqlite3_exec(st->db, script, NULL, NULL, NULL) != SQLITE_OK)
		return fail(st, err, op);
	return 0;
}

static int name_keys_backfill(store *st, px_error *err);

/* The schema version (PRAGMA user_version); -1 after a message. */
static int schema_version(store *st, px_error *err)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK)
		return fail(st, err, "reading the schema version"), -1;
	int version = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
	sqlite3_finalize(s);
	return version;
}

/* Applies the migrations the store lacks, one transaction each.  The
 * version is read again inside each write transaction: two processes that
 * open a new store at once then take turns, and the second finds the
 * first's work done instead of creating the same tables again. */
static int migrate(store *st, px_error *err)
{
	int latest = (int)(sizeof(migrations) / sizeof(migrations[0]));
	int version = schema_version(st, err);
	if (version < 0)
		return PX_ESTORE;
	while (version < latest) {
		if (exec(st, "BEGIN IMMEDIATE", err, "migrating") < 0)
			return PX_ESTORE;
		version = schema_version(st, err);
		if (version < 0 || version >= latest) {
			sqlite3_exec(st->db, version < 0 ? "ROLLBACK" : "COMMIT", NULL, NULL, NULL);
			break;
		}
		char pragma[64];
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d;", version + 1);
		if (exec(st, migrations[version], err, "migrating") < 0 ||
		    exec(st, pragma, err, "migrating") < 0) {
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
			return PX_ESTORE;
		}
		if (exec(st, "COMMIT", err, "migrating") < 0)
			return PX_ESTORE;
		version++;
	}
	if (version < 0)
		return PX_ESTORE;
	if (version > latest)
		return px_fail(err, PX_ESTORE,
		               "store %s: schema version %d is newer than this Parallax "
		               "understands (%d); upgrade Parallax", st->path, version, latest);
	return 0;
}

/* How long store_open waits for other processes, in milliseconds. */
enum { BUSY_TIMEOUT_MS = 10000 };

/*
 * Puts the store in WAL mode (a no-op once it is: the mode is kept in the
 * file).  Switching takes an exclusive lock on top of the shared one the
 * pragma already holds, and when another process holds a lock in between,
 * SQLite answers SQLITE_BUSY at once instead of calling the busy handler,
 * since two connections waiting to upgrade could wait for each other.
 * Several processes opening a new store at once meet exactly that, so this
 * waits and tries again, as the busy handler would, for as long.
 */
static int use_wal(store *st, px_error *err)
{
	int waited = 0;
	for (int pause = 1;; pause = pause < 100 ? pause * 2 : 100) {
		int rc = sqlite3_exec(st->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
		if (rc == SQLITE_OK)
			return 0;
		if ((rc & 0xff) != SQLITE_BUSY || waited >= BUSY_TIMEOUT_MS)
			return fail(st, err, "setting up WAL mode");
		waited += sqlite3_sleep(pause);
	}
}

int store_limit_growth(store *st, int pages, px_error *err)
{
	char pragma[80];
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "PRAGMA page_count", -1, &s, NULL) != SQLITE_OK)
		return fail(st, err, "reading the page count");
	int64_t now = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	snprintf(pragma, sizeof(pragma), "PRAGMA max_page_count = %lld", (long long)(now + pages));
	return exec(st, pragma, err, "limiting growth");
}

store *store_open(const char *path, px_error *err)
{
	store *st = px_xcalloc(1, sizeof(*st));
	st->path = px_xstrdup(path);
	int rc = sqlite3_open_v2(path, &st->db,
	                         SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (rc != SQLITE_OK) {
		px_fail(err, PX_ESTORE, "store %s: cannot open: %s", path,
		        st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
		store_close(st);
		return NULL;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_timeout(st->db, BUSY_TIMEOUT_MS);
	if (use_wal(st, err) < 0 ||
	    exec(st, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;"
	         "PRAGMA temp_store = MEMORY;", err, "setting up") < 0 ||
	    migrate(st, err) < 0 || name_keys_backfill(st, err) < 0) {
		store_close(st);
		return NULL;
	}
	for (int i = 0; i < Q_COUNT; i++)
		if (sqlite3_prepare_v3(st->db, sql[i], -1, SQLITE_PREPARE_PERSISTENT,
		                       &st->stmt[i], NULL) != SQLITE_OK) {
			fail(st, err, "preparing statements");
			store_close(st);
			return NULL;
		}
	return st;
}

static void fts_clear(store *st)
{
	for (size_t i = 0; i < st->n_fts; i++) {
		free(st->fts[i].title);
		free(st->fts[i].text);
	}
	st->n_fts = 0;
}

static int fts_insert(store *st, int64_t id, const char *title, const char *text,
                      px_error *err)
{
	sqlite3_stmt *s = q(st, Q_FTS_INSERT);
	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, title);
	bind_text(s, 3, text);
	return sqlite3_step(s) == SQLITE_DONE ? 0 : fail(st, err, "indexing an article's text");
}

/*
 * Writes the batch's rows to the full-text index, just before COMMIT.
 * Why not as each article is stored (or by a trigger): every statement
 * that runs in a statement savepoint (a trigger, a foreign-key update such
 * as setting an article's story) makes FTS5 flush its pending terms into a
 * new segment; with the index written article by article that meant a
 * segment per article and a third of ingest time spent merging them.
 * Written last, FTS5 buffers the whole batch and flushes once.
 */
static int fts_flush(store *st, px_error *err)
{
	int rc = 0;
	for (size_t i = 0; i < st->n_fts && rc == 0; i++)
		rc = fts_insert(st, st->fts[i].id, st->fts[i].title, st->fts[i].text, err);
	fts_clear(st);
	return rc;
}

void store_close(store *st)
{
	if (!st)
		return;
	fts_clear(st);
	free(st->fts);
	for (int i = 0; i < Q_COUNT; i++)
		sqlite3_finalize(st->stmt[i]);
	if (st->db) {
		if (st->in_tx)
			sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
		sqlite3_close(st->db);
	}
	free(st->path);
	free(st);
}

const char *store_path(const store *st)
{
	return st->path;
}

int store_begin(store *st, px_error *err)
{
	if (st->in_tx)
		return 0;
	if (exec(st, "BEGIN IMMEDIATE", err, "starting a batch") < 0)
		return PX_ESTORE;
	st->in_tx = 1;
	return 0;
}

int store_commit(store *st, px_error *err)
{
	if (!st->in_tx)
		return 0;
	if (fts_flush(st, err) < 0 || exec(st, "COMMIT", err, "committing a batch") < 0) {
		store_rollback(st);
		return PX_ESTORE;
	}
	st->in_tx = 0;
	return 0;
}

void store_rollback(store *st)
{
	if (st->in_tx)
		sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
	st->in_tx = 0;
	fts_clear(st);
}

int store_unit_begin(store *st, int *nested, px_error *err)
{
	*nested = st->in_tx;
	if (*nested)
		return exec(st, "SAVEPOINT unit", err, "starting a savepoint");
	return store_begin(st, err);
}

int store_unit_end(store *st, int nested, int ok, px_error *err)
{
	if (nested) {
		if (ok)
			return exec(st, "RELEASE unit", err, "releasing a savepoint");
		sqlite3_exec(st->db, "ROLLBACK TO unit; RELEASE unit", NULL, NULL, NULL);
		return 0;
	}
	if (ok)
		return store_commit(st, err);
	store_rollback(st);
	return 0;
}

/* ------------------------------------------------------------- outlets */

static int64_t one_id(store *st, sqlite3_stmt *s, px_error *err, const char *op)
{
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		return sqlite3_column_int64(s, 0);
	if (rc == SQLITE_DONE)
		return 0;
	return fail(st, err, op);
}

int64_t store_outlet_resolve(store *st, const char *name, const char *domain,
                             px_error *err)
{
	int64_t id = 0;
	if (domain && *domain) {
		sqlite3_stmt *s = q(st, Q_OUTLET_BY_DOMAIN);
		bind_text(s, 1, domain);
		if ((id = one_id(st, s, err, "finding an outlet")) < 0)
			return id;
	}
	if (!id && name && *name) {
		sqlite3_stmt *s = q(st, Q_OUTLET_BY_NAME);
		bind_text(s, 1, name);
		if ((id = one_id(st, s, err, "finding an outlet")) < 0)
			return id;
	}
	if (!id) {
		const char *n = name && *name ? name : domain;
		if (!n || !*n)
			return px_fail(err, PX_EINVAL, "article has no outlet, domain or URL");
		char key[256];
		store_name_key(n, key, sizeof(key));
		sqlite3_stmt *s = q(st, Q_OUTLET_INSERT);
		bind_text(s, 1, n);
		bind_text(s, 2, key);
		if (sqlite3_step(s) != SQLITE_DONE)
			return fail(st, err, "creating an outlet");
		id = sqlite3_last_insert_rowid(st->db);
	}
	if (domain && *domain) {
		sqlite3_stmt *s = q(st, Q_DOMAIN_INSERT);
		bind_text(s, 1, domain);
		sqlite3_bind_int64(s, 2, id);
		if (sqlite3_step(s) != SQLITE_DONE)
			return fail(st, err, "recording an outlet's domain");
	}
	return id;
}

void store_name_key(const char *name, char *out, size_t n)
{
	size_t len = 0;
	const char *p = name;
	if (!strncasecmp(p, "the ", 4))
		p += 4;
	for (; *p && len + 1 < n; p++) {
		unsigned char c = (unsigned char)*p;
		if (c >= 'A' && c <= 'Z')
			out[len++] = (char)(c + 32);
		else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80)
			out[len++] = (char)c;
	}
	out[len] = '\0';
}

/* Name keys for outlets stored before the registry existed (schema 3). */
static int name_keys_backfill(store *st, px_error *err)
{
	sqlite3_stmt *s, *u;
	if (sqlite3_prepare_v2(st->db, "SELECT id, name FROM outlets WHERE name_key IS NULL",
	                       -1, &s, NULL) != SQLITE_OK)
		return fail(st, err, "reading outlets");
	if (sqlite3_prepare_v2(st->db, "UPDATE outlets SET name_key = ?2 WHERE id = ?1",
	                       -1, &u, NULL) != SQLITE_OK) {
		sqlite3_finalize(s);
		return fail(st, err, "updating outlets");
	}
	int rc = 0;
	while (rc == 0 && sqlite3_step(s) == SQLITE_ROW) {
		char key[256];
		store_name_key((const char *)sqlite3_column_text(s, 1), key, sizeof(key));
		sqlite3_reset(u);
		sqlite3_bind_int64(u, 1, sqlite3_column_int64(s, 0));
		sqlite3_bind_text(u, 2, key, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(u) != SQLITE_DONE)
			rc = fail(st, err, "updating outlets");
	}
	sqlite3_finalize(s);
	sqlite3_finalize(u);
	return rc;
}

int64_t store_outlet_by_domain(store *st, const char *key, px_error *err)
{
	sqlite3_stmt *s = q(st, Q_OUTLET_BY_DOMAIN);
	bind_text(s, 1, key);
	return one_id(st, s, err, "finding an outlet");
}

int64_t store_outlet_upsert(store *st, const outlet_record *r, int create,
                            px_error *err)
{
	int64_t id = 0;
	char key[256];
	store_name_key(r->name, key, sizeof(key));
	if (r->slug) {
		sqlite3_stmt *s = q(st, Q_OUTLET_BY_SLUG);
		bind_text(s, 1, r->slug);
		if ((id = one_id(st, s, err, "finding an outlet")) < 0)
			return id;
	}
	for (size_t i = 0; !id && i < r->n_domains; i++)
		if ((id = store_outlet_by_domain(st, r->domains[i], err)) < 0)
			return id;
	/* By name only when the row gives no domain: two outlets share a name
	 * more often than one outlet changes its domain (The Observer,
	 * observer.co.uk, is not opelikaobserver.com). */
	if (!id && *key && !r->n_domains) {
		sqlite3_stmt *s = q(st, Q_OUTLET_BY_KEY);
		bind_text(s, 1, key);
		if ((id = one_id(st, s, err, "finding an outlet")) < 0)
			return id;
	}
	if (!id) {
		if (!create && !r->n_domains)
			return 0;
		/* Names are unique; another outlet of the same name is told apart
		 * by its domain ("The Times (times.com.mx)"). */
		char name[600];
		for (int attempt = 0; !id && attempt < 2; attempt++) {
			sqlite3_stmt *s = q(st, Q_OUTLET_NEW);
			snprintf(name, sizeof(name), attempt ? "%s (%s)" : "%s", r->name,
			         r->n_domains ? r->domains[0] : r->where ? r->where : "?");
			bind_text(s, 1, name);
			bind_text(s, 2, key);
			if (sqlite3_step(s) == SQLITE_DONE)
				id = sqlite3_last_insert_rowid(st->db);
			else if (attempt ||
			         sqlite3_extended_errcode(st->db) != SQLITE_CONSTRAINT_UNIQUE)
				return fail(st, err, "creating an outlet");
		}
	}
	/* A registry row (with a slug) sets the outlet's facts and owns its
	 * domains; a rater's row only adds domains nobody has. */
	sqlite3_stmt *s = q(st, Q_OUTLET_UPDATE);
	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, r->slug);
	bind_text(s, 3, r->slug ? r->name : NULL);
	bind_text(s, 4, r->slug ? key : NULL);
	bind_text(s, 5, r->country);
	bind_text(s, 6, r->language);
	bind_text(s, 7, r->ownership);
	bind_text(s, 8, r->owner);
	if (sqlite3_step(s) != SQLITE_DONE)
		return fail(st, err, "updating an outlet");
	for (size_t i = 0; i < r->n_domains; i++) {
		s = q(st, Q_DOMAIN_SET);
		bind_text(s, 1, r->domains[i]);
		sqlite3_bind_int64(s, 2, id);
		sqlite3_bind_int(s, 3, r->slug != NULL);
		if (sqlite3_step(s) != SQLITE_DONE)
			return fail(st, err, "recording an outlet's domain");
	}
	for (size_t i = 0; i < r->n_feeds; i++) {
		s = q(st, Q_FEED_SET);
		bind_text(s, 1, r->feeds[i]);
		sqlite3_bind_int64(s, 2, id);
		if (sqlite3_step(s) != SQLITE_DONE)
			return fail(st, err, "recording an outlet's feed");
	}
	for (size_t i = 0; i < r->n_ratings; i++)
		if (store_outlet_rate(st, id, &r->ratings[i], err) < 0)
			return PX_ESTORE;
	return id;
}

int store_outlet_rate(store *st, int64_t id, const outlet_rating *r, px_error *err)
{
	sqlite3_stmt *s = q(st, Q_RATING_SET);
	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, outlet_dim_name(r->dim));
	bind_text(s, 3, r->rater);
	sqlite3_bind_double(s, 4, r->value);
	bind_text(s, 5, r->label);
	bind_text(s, 6, r->date);
	bind_text(s, 7, r->source);
	return sqlite3_step(s) == SQLITE_DONE ? 0 : fail(st, err, "recording a rating");
}

int store_outlet_unrate(store *st, int64_t id, outlet_dim d, const char *rater,
                        px_error *err)
{
	sqlite3_stmt *s = q(st, Q_RATING_DEL);
	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, outlet_dim_name(d));
	bind_text(s, 3, rater);
	return sqlite3_step(s) == SQLITE_DONE ? 0 : fail(st, err, "removing a rating");
}

static const char *col_text(px_arena *a, sqlite3_stmt *s, int i)
{
	return px_arena_strdup(a, (const char *)sqlite3_column_text(s, i));
}

/* Outlet ID's ratings, in A. */
int store_outlet_ratings(store *st, px_arena *a, int64_t id, outlet_rating **out,
                         size_t *n, px_error *err)
{
	sqlite3_stmt *s = q(st, Q_OUTLET_RATINGS);
	sqlite3_bind_int64(s, 1, id);
	size_t cap = 4;
	outlet_rating *v = px_arena_alloc(a, cap * sizeof(outlet_rating));
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			outlet_rating *w = px_arena_alloc(a, 2 * cap * sizeof(outlet_rating));
			memcpy(w, v, cap * sizeof(outlet_rating));
			v = w;
			cap *= 2;
		}
		outlet_rating *r = &v[(*n)++];
		r->dim = strcmp((const char *)sqlite3_column_text(s, 0), "lean") ?
		         OUTLET_FACTUALITY : OUTLET_LEAN;
		r->rater = col_text(a, s, 1);
		r->value = sqlite3_column_double(s, 2);
		r->label = col_text(a, s, 3);
		r->date = col_text(a, s, 4);
		r->source = col_text(a, s, 5);
	}
	*out = v;
	return rc == SQLITE_DONE ? 0 : fail(st, err, "reading an outlet's ratings");
}

/* The first column of every row S gives (its parameters bound), as
 * strings in A: *OUT and *N.  WHAT names the reading for an error. */
static int text_column(store *st, sqlite3_stmt *s, px_arena *a, const char ***out,
                       size_t *n, const char *what, px_error *err)
{
	size_t cap = 4;
	const char **v = px_arena_alloc(a, cap * sizeof(char *));
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			const char **w = px_arena_alloc(a, 2 * cap * sizeof(char *));
			memcpy(w, v, cap * sizeof(char *));
			v = w;
			cap *= 2;
		}
		v[(*n)++] = col_text(a, s, 0);
	}
	*out = v;
	return rc == SQLITE_DONE ? 0 : fail(st, err, what);
}

/* Fills O's domains, feeds and ratings. */
static int outlet_details(store *st, px_arena *a, store_outlet *o, px_error *err)
{
	sqlite3_stmt *s = q(st, Q_OUTLET_DOMAINS);
	sqlite3_bind_int64(s, 1, o->id);
	if (text_column(st, s, a, &o->domains, &o->n_domains, "reading an outlet's domains",
	                err) < 0)
		return PX_ESTORE;
	s = q(st, Q_OUTLET_FEEDS);
	sqlite3_bind_int64(s, 1, o->id);
	if (text_column(st, s, a, &o->feeds, &o->n_feeds, "reading an outlet's feeds",
	                err) < 0)
		return PX_ESTORE;
	return store_outlet_ratings(st, a, o->id, &o->ratings, &o->n_ratings, err);
}


int store_outlets(store *st, px_arena *a, int64_t only, store_outlet **out,
                  size_t *n, px_error *err)
{
	sqlite3_stmt *s = q(st, Q_OUTLETS_ALL);
	sqlite3_bind_int64(s, 1, only);
	size_t cap = 64;
	store_outlet *v = px_xmalloc(cap * sizeof(*v));
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap)
			v = px_xrealloc(v, (cap *= 2) * sizeof(*v));
		store_outlet *o = &v[(*n)++];
		memset(o, 0, sizeof(*o));
		o->id = sqlite3_column_int64(s, 0);
		o->slug = col_text(a, s, 1);
		o->name = col_text(a, s, 2);
		o->country = col_text(a, s, 3);
		o->language = col_text(a, s, 4);
		o->ownership = col_text(a, s, 5);
		o->owner = col_text(a, s, 6);
		o->n_articles = sqlite3_column_int64(s, 7);
	}
	if (rc != SQLITE_DONE) {
		free(v);
		return fail(st, err, "listing outlets");
	}
	/* Details after the scan: the statements share nothing with it. */
	for (size_t i = 0; i < *n; i++)
		if (outlet_details(st, a, &v[i], err) < 0) {
			free(v);
			return PX_ESTORE;
		}
	*out = v;
	return 0;
}

int64_t store_outlet_by_url(store *st, const char *url, px_error *err)
{
	sqlite3_stmt *s = q(st, Q_OUTLET_BY_FEED);
	bind_text(s, 1, url);
	int64_t id = one_id(st, s, err, "finding an outlet");
	if (id)
		return id;
	char keys[8][OUTLET_KEY_MAX];
	size_t n = outlet_domain_keys(url, keys, 8);
	for (size_t i = 0; i < n; i++)
		if ((id = store_outlet_by_domain(st, keys[i], err)) != 0)
			return id;
	return 0;
}

int64_t store_outlet_find(store *st, const char *what, px_error *err)
{
	char keys[8][OUTLET_KEY_MAX], key[256];
	if (what[0] == '#') {
		/* the store's own id, as pages link to an outlet */
		char *end;
		long long id = strtoll(what + 1, &end, 10);
		if (end == what + 1 || *end || id <= 0)
			return 0;
		sqlite3_stmt *s = q(st, Q_OUTLET_BY_ID);
		sqlite3_bind_int64(s, 1, id);
		return one_id(st, s, err, "finding an outlet");
	}
	if (strstr(what, "://")) {
		/* A feed the registry lists belongs to its outlet, wherever it is
		 * served from (feeds.bbci.co.uk, feeds.a.dj.com). */
		sqlite3_stmt *s = q(st, Q_OUTLET_BY_FEED);
		bind_text(s, 1, what);
		int64_t id = one_id(st, s, err, "finding an outlet");
		if (id)
			return id;
	}
	size_t n = strchr(what, '.') ? outlet_domain_keys(what, keys, 8) : 0;
	for (size_t i = 0; i < n; i++) {
		int64_t id = store_outlet_by_domain(st, keys[i], err);
		if (id)
			return id;
	}
	sqlite3_stmt *s = q(st, Q_OUTLET_BY_SLUG);
	bind_text(s, 1, what);
	int64_t id = one_id(st, s, err, "finding an outlet");
	if (id)
		return id;
	store_name_key(what, key, sizeof(key));
	s = q(st, Q_OUTLET_BY_KEY);
	bind_text(s, 1, key);
	return one_id(st, s, err, "finding an outlet");
}

/* ------------------------------------------------------------- articles */

int store_article_find(store *st, const char *url, int64_t outlet_id,
                       uint64_t text_hash, int64_t *id, px_error *err)
{
	*id = 0;
	if (url) {
		sqlite3_stmt *s = q(st, Q_ARTICLE_BY_URL);
		bind_text(s, 1, url);
		if ((*id = one_id(st, s, err, "finding an article")) < 0)
			return (int)*id;
		if (*id)
			return 0;
	}
	sqlite3_stmt *s = q(st, Q_ARTICLE_BY_TEXT);
	sqlite3_bind_int64(s, 1, outlet_id);
	sqlite3_bind_int64(s, 2, (int64_t)text_hash);
	if ((*id = one_id(st, s, err, "finding an article")) < 0)
		return (int)*id;
	return 0;
}

/* Sentences as little-endian (start, length) pairs of 32 bits. */
static void *pack_spans(const px_span *sp, size_t n, size_t *len)
{
	unsigned char *b = px_xmalloc(n * 8 + 1);
	for (size_t i = 0; i < n; i++)
		for (int k = 0; k < 4; k++) {
			b[i * 8 + k] = (unsigned char)(sp[i].start >> (8 * k));
			b[i * 8 + 4 + k] = (unsigned char)(sp[i].len >> (8 * k));
		}
	*len = n * 8;
	return b;
}

static px_span *unpack_spans(px_arena *a, const unsigned char *b, size_t len,
                             size_t *n)
{
	*n = len / 8;
	px_span *sp = px_arena_alloc(a, (*n + 1) * sizeof(*sp));
	for (size_t i = 0; i < *n; i++) {
		sp[i].start = sp[i].len = 0;
		for (int k = 0; k < 4; k++) {
			sp[i].start |= (uint32_t)b[i * 8 + k] << (8 * k);
			sp[i].len |= (uint32_t)b[i * 8 + 4 + k] << (8 * k);
		}
	}
	return sp;
}

int store_article_insert(store *st, store_article *a, px_error *err)
{
	sqlite3_stmt *s = q(st, Q_ARTICLE_INSERT);
	size_t spans_len;
	void *spans = pack_spans(a->sentences, a->n_sentences, &spans_len);
	bind_text(s, 1, a->url);
	sqlite3_bind_int64(s, 2, a->outlet_id);
	bind_text(s, 3, a->title ? a->title : "");
	bind_text(s, 4, a->byline);
	bind_text(s, 5, a->lang);
	bind_text(s, 6, a->text ? a->text : "");
	sqlite3_bind_blob(s, 7, spans, (int)spans_len, SQLITE_STATIC);
	sqlite3_bind_int64(s, 8, a->published);
	sqlite3_bind_int64(s, 9, a->ingested);
	sqlite3_bind_int64(s, 10, (int64_t)a->text_hash);
	if (a->signature)
		sqlite3_bind_blob(s, 11, a->signature, (int)a->signature_len, SQLITE_STATIC);
	bind_text(s, 12, a->source);
	bind_text(s, 13, a->topic);
	int rc = sqlite3_step(s);
	free(spans);
	if (rc != SQLITE_DONE)
		return fail(st, err, "storing an article");
	a->id = sqlite3_last_insert_rowid(st->db);
	const char *title = a->title ? a->title : "", *text = a->text ? a->text : "";
	if (!st->in_tx) {
		if (fts_insert(st, a->id, title, text, err) < 0)
			return PX_ESTORE;
	} else {
		if (st->n_fts == st->cap_fts) {
			st->cap_fts = st->cap_fts ? 2 * st->cap_fts : 256;
			st->fts = px_xrealloc(st->fts, st->cap_fts * sizeof(fts_row));
		}
		st->fts[st->n_fts++] = (fts_row){ a->id, px_xstrdup(title), px_xstrdup(text) };
	}
	for (size_t i = 0; i < a->n_entities; i++) {
		const px_entity *e = &a->entities[i];
		sqlite3_stmt *es = q(st, Q_ENTITY_INSERT);
		sqlite3_bind_int64(es, 1, a->id);
		bind_text(es, 2, e->key);
		bind_text(es, 3, e->name);
		sqlite3_bind_int(es, 4, e->type);
		sqlite3_bind_int(es, 5, e->count);
		if (sqlite3_step(es) != SQLITE_DONE)
			return fail(st, err, "storing an article's entities");
	}
	return 0;
}

static int step_done(store *st, sqlite3_stmt *s, px_error *err, const char *op)
{
	return sqlite3_step(s) == SQLITE_DONE ? 0 : fail(st, err, op);
}

int store_article_set_copy_of(store *st, int64_t id, int64_t copy_of,
                              px_error *err)
{
	sqlite3_stmt *s = q(st, Q_ARTICLE_COPY);
	sqlite3_bind_int64(s, 1, id);
	if (copy_of)
		sqlite3_bind_int64(s, 2, copy_of);
	return step_done(st, s, err, "marking a copy");
}

int store_article_set_story(store *st, int64_t id, int64_t story_id,
                            double score, const char *explain, px_error *err)
{
	sqlite3_stmt *s = q(st, Q_ARTICLE_STORY);
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, story_id);
	sqlite3_bind_double(s, 3, score);
	bind_text(s, 4, explain);
	return step_done(st, s, err, "assigning an article to a story");
}

int store_signatures_between(store *st, int64_t from, int64_t to,
                             store_signature_cb cb, void *ctx, px_error *err)
{
	sqlite3_stmt *s = q(st, Q_SIGNATURES);
	sqlite3_bind_int64(s, 1, from);
	sqlite3_bind_int64(s, 2, to);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		store_signature sig = {
			sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1),
			sqlite3_column_int64(s, 2), sqlite3_column_int64(s, 3),
			sqlite3_column_int64(s, 4), sqlite3_column_blob(s, 5),
			(size_t)sqlite3_column_bytes(s, 5),
		};
		int r = cb(ctx, &sig);
		if (r < 0) {
			sqlite3_reset(s);
			return r;
		}
	}
	return rc == SQLITE_DONE ? 0 : fail(st, err, "loading signatures");
}

/* ------------------------------------------------------------- stories */

int64_t store_story_create(store *st, px_error *err)
{
	sqlite3_stmt *s = q(st, Q_STORY_INSERT);
	if (sqlite3_step(s) != SQLITE_DONE)
		return fail(st, err, "creating a story");
	return sqlite3_last_insert_rowid(st->db);
}

int store_story_save(store *st, const store_story *ss, px_error *err)
{
	sqlite3_stmt *s = q(st, Q_STORY_SAVE);
	sqlite3_bind_int64(s, 1, ss->id);
	sqlite3_bind_int64(s, 2, ss->first_seen);
	sqlite3_bind_int64(s, 3, ss->last_seen);
	sqlite3_bind_int(s, 4, ss->n_articles);
	sqlite3_bind_int(s, 5, ss->n_independent);
	if (ss->features)
		sqlite3_bind_blob(s, 6, ss->features, (int)ss->features_len, SQLITE_STATIC);
	return step_done(st, s, err, "saving a story");
}

int store_story_merge(store *st, int64_t absorbed, int64_t survivor,
                      px_error *err)
{
	sqlite3_stmt *s = q(st, Q_STORY_MOVE);
	sqlite3_bind_int64(s, 1, absorbed);
	sqlite3_bind_int64(s, 2, survivor);
	if (step_done(st, s, err, "merging stories") < 0)
		return PX_ESTORE;
	s = q(st, Q_STORY_MERGED);
	sqlite3_bind_int64(s, 1, absorbed);
	sqlite3_bind_int64(s, 2, survivor);
	return step_done(st, s, err, "merging stories");
}

int64_t store_story_resolve(store *st, int64_t id, px_error *err)
{
	/* Follow merged_into links; a chain longer than the number of stories
	 * would be a cycle, which merges never create, but bound it anyway. */
	for (int hops = 0; hops < 1000; hops++) {
		sqlite3_stmt *s = q(st, Q_STORY_RESOLVE);
		sqlite3_bind_int64(s, 1, id);
		int rc = sqlite3_step(s);
		if (rc == SQLITE_DONE)
			return 0;
		if (rc != SQLITE_ROW)
			return fail(st, err, "resolving a story id");
		if (sqlite3_column_type(s, 0) == SQLITE_NULL)
			return id;
		id = sqlite3_column_int64(s, 0);
	}
	return px_fail(err, PX_ESTORE, "store %s: story %lld: merge chain too long",
	               st->path, (long long)id);
}

int store_copies_reroot(store *st, int64_t root, int64_t new_root, px_error *err)
{
	sqlite3_stmt *s = q(st, Q_COPIES_REROOT);
	sqlite3_bind_int64(s, 1, root);
	sqlite3_bind_int64(s, 2, new_root);
	return step_done(st, s, err, "repointing copies");
}

int store_stories_between(store *st, int64_t from, int64_t to, store_story_cb cb,
                          void *ctx, px_error *err)
{
	sqlite3_stmt *s = q(st, Q_STORIES_BETWEEN);
	sqlite3_bind_int64(s, 1, from);
	sqlite3_bind_int64(s, 2, to);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		store_story ss = {
			sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1),
			sqlite3_column_int64(s, 2), sqlite3_column_int(s, 3),
			sqlite3_column_int(s, 4), sqlite3_column_blob(s, 5),
			(size_t)sqlite3_column_bytes(s, 5),
		};
		int r = cb(ctx, &ss);
		if (r < 0) {
			sqlite3_reset(s);
			return r;
		}
	}
	return rc == SQLITE_DONE ? 0 : fail(st, err, "loading stories");
}

/* ------------------------------------------------------------- term statistics */

int store_df_load(store *st, store_df_cb cb, void *ctx, int64_t *n_docs,
                  px_error *err)
{
	sqlite3_stmt *s = q(st, Q_DOCS_GET);
	*n_docs = one_id(st, s, err, "loading term statistics");
	if (*n_docs < 0)
		return (int)*n_docs;
	s = q(st, Q_DF_LOAD);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		cb(ctx, (uint64_t)sqlite3_column_int64(s, 0),
		   (uint32_t)sqlite3_column_int64(s, 1));
	return rc == SQLITE_DONE ? 0 : fail(st, err, "loading term statistics");
}

int store_df_add(store *st, const uint64_t *terms, const uint32_t *deltas,
                 size_t n, int64_t docs_delta, px_error *err)
{
	for (size_t i = 0; i < n; i++) {
		sqlite3_stmt *s = q(st, Q_DF_ADD);
		sqlite3_bind_int64(s, 1, (int64_t)terms[i]);
		sqlite3_bind_int64(s, 2, deltas[i]);
		if (step_done(st, s, err, "saving term statistics") < 0)
			return PX_ESTORE;
	}
	sqlite3_stmt *s = q(st, Q_DOCS_ADD);
	sqlite3_bind_int64(s, 1, docs_delta);
	return step_done(st, s, err, "saving term statistics");
}

/* ------------------------------------------------------------- reading */

/* Reads the rows S yields (columns ROW_SELECT, then with MARKED two more,
 * the marked title and snippet, into (*MARKED)[2i] and [2i + 1]) into A. */
static int read_rows(store *st, sqlite3_stmt *s, px_arena *a, store_row **rows,
                     size_t *n, const char ***marked, px_error *err)
{
	size_t cap = 16;
	store_row *r = px_xmalloc(cap * sizeof(*r));
	const char **m = marked ? px_xmalloc(2 * cap * sizeof(*m)) : NULL;
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap *= 2;
			r = px_xrealloc(r, cap * sizeof(*r));
			if (m)
				m = px_xrealloc(m, 2 * cap * sizeof(*m));
		}
		store_row *x = &r[*n];
		x->id = sqlite3_column_int64(s, 0);
		x->url = col_text(a, s, 1);
		x->outlet = col_text(a, s, 2);
		x->domain = col_text(a, s, 3);
		x->title = col_text(a, s, 4);
		x->byline = col_text(a, s, 5);
		x->lang = col_text(a, s, 6);
		x->text = col_text(a, s, 7);
		x->sentences = unpack_spans(a, sqlite3_column_blob(s, 8),
		                            (size_t)sqlite3_column_bytes(s, 8),
		                            &x->n_sentences);
		x->published = sqlite3_column_int64(s, 9);
		x->copy_of = sqlite3_column_int64(s, 10);
		x->join_score = sqlite3_column_double(s, 11);
		x->join_explain = col_text(a, s, 12);
		x->outlet_id = sqlite3_column_int64(s, 13);
		x->ownership = col_text(a, s, 14);
		x->topic = col_text(a, s, 15);
		x->story_id = sqlite3_column_int64(s, 16);
		if (m) {
			m[2 * *n] = col_text(a, s, 17);
			m[2 * *n + 1] = col_text(a, s, 18);
		}
		(*n)++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(r);
		free(m);
		return fail(st, err, "loading articles");
	}
	*rows = px_arena_alloc(a, (*n + 1) * sizeof(**rows));
	memcpy(*rows, r, *n * sizeof(*r));
	free(r);
	if (marked) {
		const char **mm = px_arena_alloc(a, (2 * *n + 1) * sizeof(*mm));
		memcpy(mm, m, 2 * *n * sizeof(*mm));
		*marked = mm;
		free(m);
	}
	return 0;
}

int store_story_rows(store *st, int64_t id, px_arena *a, store_row **rows,
                     size_t *n, store_story *meta, px_error *err)
{
	sqlite3_stmt *s = q(st, Q_STORY_META);
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_DONE)
		return px_fail(err, PX_ENOTFOUND, "no story %lld", (long long)id);
	if (rc != SQLITE_ROW)
		return fail(st, err, "loading a story");
	memset(meta, 0, sizeof(*meta));
	meta->id = sqlite3_column_int64(s, 0);
	meta->first_seen = sqlite3_column_int64(s, 1);
	meta->last_seen = sqlite3_column_int64(s, 2);
	meta->n_articles = sqlite3_column_int(s, 3);
	meta->n_independent = sqlite3_column_int(s, 4);
	sqlite3_reset(s);

	s = q(st, Q_STORY_ROWS);
	sqlite3_bind_int64(s, 1, id);
	return read_rows(st, s, a, rows, n, NULL, err);
}

int store_outlet_rows(store *st, int64_t outlet_id, size_t limit, px_arena *a,
                      store_row **rows, size_t *n, px_error *err)
{
	sqlite3_stmt *s = q(st, Q_OUTLET_ROWS);
	sqlite3_bind_int64(s, 1, outlet_id);
	sqlite3_bind_int64(s, 2, limit ? (int64_t)limit : -1);
	return read_rows(st, s, a, rows, n, NULL, err);
}

int store_search(store *st, const char *match, size_t offset, size_t limit,
                 px_arena *a, store_hit **hits, size_t *n, size_t *total,
                 px_error *err)
{
	sqlite3_stmt *s = q(st, Q_SEARCH_COUNT);
	bind_text(s, 1, match);
	int rc = sqlite3_step(s);
	if (rc != SQLITE_ROW)
		return fail(st, err, "searching");
	*total = (size_t)sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	s = q(st, Q_SEARCH);
	bind_text(s, 1, match);
	sqlite3_bind_int64(s, 2, limit ? (int64_t)limit : -1);
	sqlite3_bind_int64(s, 3, (int64_t)offset);
	store_row *rows;
	const char **marked;
	if ((rc = read_rows(st, s, a, &rows, n, &marked, err)) < 0)
		return rc;
	*hits = px_arena_alloc(a, (*n + 1) * sizeof(**hits));
	for (size_t i = 0; i < *n; i++)
		(*hits)[i] = (store_hit){ rows[i], marked[2 * i], marked[2 * i + 1] };
	return 0;
}

/* Calls CB for each (story, outlet, count) row S yields. */
static int each_report(store *st, sqlite3_stmt *s, store_reports_cb cb, void *ctx,
                       px_error *err, const char *op)
{
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		cb(ctx, sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1),
		   sqlite3_column_int(s, 2));
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : fail(st, err, op);
}

int store_outlet_story_sides(store *st, int64_t outlet_id, size_t articles,
                             store_reports_cb cb, void *ctx, px_error *err)
{
	sqlite3_stmt *s = q(st, Q_OUTLET_STORY_SIDES);
	sqlite3_bind_int64(s, 1, outlet_id);
	sqlite3_bind_int64(s, 2, (int64_t)articles);
	return each_report(st, s, cb, ctx, err, "counting an outlet's stories");
}

int store_window_reports(store *st, int64_t from, store_reports_cb cb, void *ctx,
                         px_error *err)
{
	sqlite3_stmt *s = q(st, Q_WINDOW_REPORTS);
	sqlite3_bind_int64(s, 1, from);
	return each_report(st, s, cb, ctx, err, "counting the window's reports");
}

int store_facets(store *st, int which, px_arena *a, const char ***vals, size_t *n,
                 px_error *err)
{
	sqlite3_stmt *s = q(st, which == STORE_COUNTRIES ? Q_COUNTRIES : Q_LANGS);
	size_t cap = 16;
	const char **v = px_arena_alloc(a, cap * sizeof(*v));
	int rc;
	*n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n + 1 == cap) {
			const char **w = px_arena_alloc(a, 2 * cap * sizeof(*w));
			memcpy(w, v, *n * sizeof(*v));
			v = w;
			cap *= 2;
		}
		v[(*n)++] = col_text(a, s, 0);
	}
	v[*n] = NULL;
	sqlite3_reset(s);
	*vals = v;
	return rc == SQLITE_DONE ? 0 : fail(st, err, "listing filter values");
}

int store_newest(store *st, int64_t *newest, px_error *err)
{
	sqlite3_stmt *s = q(st, Q_NEWEST);
	if (sqlite3_step(s) != SQLITE_ROW)
		return fail(st, err, "reading the newest story's time");
	*newest = sqlite3_column_type(s, 0) == SQLITE_NULL ? PX_TIME_UNKNOWN
	                                                   : sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return 0;
}

void store_release(store *st)
{
	for (sqlite3_stmt *s = sqlite3_next_stmt(st->db, NULL); s; s = sqlite3_next_stmt(st->db, s))
		sqlite3_reset(s);
}

int store_version(store *st, int64_t *version, px_error *err)
{
	store_release(st);
	sqlite3_stmt *s = q(st, Q_DATA_VERSION);
	if (sqlite3_step(s) != SQLITE_ROW)
		return fail(st, err, "reading the data version");
	/* data_version moves with other connections' commits, total_changes
	 * with this one's: their sum moves with both and never goes back. */
	*version = sqlite3_column_int64(s, 0) + sqlite3_total_changes64(st->db);
	sqlite3_reset(s);
	return 0;
}

int store_story_stamp(store *st, int64_t id, int64_t *live, uint64_t *stamp,
                      px_error *err)
{
	*stamp = 0;
	store_release(st);
	*live = store_story_resolve(st, id, err);
	if (*live <= 0)
		return *live < 0 ? (int)*live : 0;
	sqlite3_stmt *s = q(st, Q_STORY_META);
	sqlite3_bind_int64(s, 1, *live);
	if (sqlite3_step(s) != SQLITE_ROW)
		return fail(st, err, "reading a story's stamp");
	int64_t v[8] = { *live, sqlite3_column_int64(s, 1), sqlite3_column_int64(s, 2),
	                 sqlite3_column_int64(s, 3), sqlite3_column_int64(s, 4) };
	sqlite3_reset(s);
	s = q(st, Q_RATINGS_STAMP);
	if (sqlite3_step(s) != SQLITE_ROW)
		return fail(st, err, "reading the ratings' stamp");
	double total = sqlite3_column_double(s, 1);
	v[5] = sqlite3_column_int64(s, 0);
	memcpy(&v[6], &total, sizeof(total));
	v[7] = sqlite3_column_int64(s, 2);
	sqlite3_reset(s);
	*stamp = px_hash64(v, sizeof(v));
	store_release(st);
	return 0;
}

int store_story_briefs(store *st, const char *lang, const char *country,
                       store_story_brief **out, size_t *n, px_error *err)
{
	sqlite3_stmt *s = q(st, Q_STORY_BRIEFS);
	bind_text(s, 1, lang);
	bind_text(s, 2, country);
	size_t cap = 64;
	store_story_brief *b = px_xmalloc(cap * sizeof(*b));
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap *= 2;
			b = px_xrealloc(b, cap * sizeof(*b));
		}
		store_story_brief *x = &b[(*n)++];
		*x = (store_story_brief){ sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1),
		                          sqlite3_column_int(s, 2), sqlite3_column_int(s, 3),
		                          "" };
		const char *topic = (const char *)sqlite3_column_text(s, 4);
		if (topic)
			snprintf(x->topic, sizeof(x->topic), "%s", topic);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(b);
		return fail(st, err, "listing stories");
	}
	*out = b;
	return 0;
}

/* ------------------------------------------------------------- feeds */

static void bind_time(sqlite3_stmt *s, int i, int64_t t)
{
	if (t == PX_TIME_UNKNOWN)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_int64(s, i, t);
}

static int64_t col_time(sqlite3_stmt *s, int i)
{
	return sqlite3_column_type(s, i) == SQLITE_NULL ? PX_TIME_UNKNOWN
	                                                 : sqlite3_column_int64(s, i);
}

int64_t store_feed_by_url(store *st, const char *canon, px_error *err)
{
	sqlite3_stmt *s = q(st, Q_FEED_BY_URL);
	bind_text(s, 1, canon);
	return one_id(st, s, err, "finding a feed");
}

int store_feed_insert(store *st, px_feed_info *f, px_error *err)
{
	sqlite3_stmt *s = q(st, Q_FEED_INSERT);
	bind_text(s, 1, f->url);
	bind_text(s, 2, f->url_given);
	bind_text(s, 3, f->title);
	bind_text(s, 4, f->site_url);
	if (f->outlet_id > 0)
		sqlite3_bind_int64(s, 5, f->outlet_id);
	sqlite3_bind_int64(s, 6, f->added_at);
	sqlite3_bind_int64(s, 7, f->next_due_at);
	sqlite3_bind_int(s, 8, f->interval_s);
	if (step_done(st, s, err, "adding a feed") < 0)
		return PX_ESTORE;
	f->id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int store_feed_fill(store *st, int64_t id, const char *title, const char *site_url,
                    int64_t outlet_id, px_error *err)
{
	sqlite3_stmt *s = q(st, Q_FEED_FILL);
	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, title);
	bind_text(s, 3, site_url);
	if (outlet_id > 0)
		sqlite3_bind_int64(s, 4, outlet_id);
	return step_done(st, s, err, "updating a feed");
}

int store_feed_delete(store *st, int64_t id, px_error *err)
{
	sqlite3_stmt *s = q(st, Q_FEED_ENTRIES_DELETE);
	sqlite3_bind_int64(s, 1, id);
	if (step_done(st, s, err, "removing a feed's entries") < 0)
		return PX_ESTORE;
	s = q(st, Q_FEED_DELETE);
	sqlite3_bind_int64(s, 1, id);
	if (step_done(st, s, err, "removing a feed") < 0)
		return PX_ESTORE;
	return sqlite3_changes(st->db) > 0;
}

int store_feed_set_disabled(store *st, int64_t id, int disabled, px_error *err)
{
	sqlite3_stmt *s = q(st, Q_FEED_DISABLE);
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, disabled != 0);
	return step_done(st, s, err, "disabling a feed");
}

/* The row under S (FEED_COLUMNS) into F, strings in A. */
static void feed_row(px_arena *a, sqlite3_stmt *s, px_feed_info *f)
{
	f->id = sqlite3_column_int64(s, 0);
	f->url = col_text(a, s, 1);
	f->url_given = col_text(a, s, 2);
	f->title = col_text(a, s, 3);
	f->site_url = col_text(a, s, 4);
	f->outlet_id = sqlite3_column_int64(s, 5);
	f->added_at = sqlite3_column_int64(s, 6);
	f->etag = col_text(a, s, 7);
	f->last_modified = col_text(a, s, 8);
	f->last_status = (long)sqlite3_column_int64(s, 9);
	f->last_error = col_text(a, s, 10);
	f->last_fetch_at = col_time(s, 11);
	f->last_new_at = col_time(s, 12);
	f->error_count = sqlite3_column_int(s, 13);
	f->next_due_at = sqlite3_column_int64(s, 14);
	f->interval_s = sqlite3_column_int(s, 15);
	f->disabled = sqlite3_column_int(s, 16);
	f->outlet = col_text(a, s, 17);
}

int store_feeds(store *st, px_arena *a, int64_t only, int64_t due_at, size_t limit,
                px_feed_info **out, size_t *n, px_error *err)
{
	sqlite3_stmt *s;
	if (only > 0 || due_at == PX_TIME_UNKNOWN) {
		s = q(st, Q_FEEDS_ALL);
		sqlite3_bind_int64(s, 1, only > 0 ? only : 0);
	} else {
		s = q(st, Q_FEEDS_DUE);
		sqlite3_bind_int64(s, 1, due_at);
		sqlite3_bind_int64(s, 2, limit ? (int64_t)limit : -1);
	}
	size_t cap = 16;
	px_feed_info *v = px_xmalloc(cap * sizeof(*v));
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap)
			v = px_xrealloc(v, (cap *= 2) * sizeof(*v));
		feed_row(a, s, &v[(*n)++]);
	}
	if (rc != SQLITE_DONE) {
		free(v);
		return fail(st, err, "listing feeds");
	}
	*out = v;
	return 0;
}

int store_feed_fetched(store *st, const px_feed_info *f, px_error *err)
{
	sqlite3_stmt *s = q(st, Q_FEED_FETCHED);
	sqlite3_bind_int64(s, 1, f->id);
	bind_text(s, 2, f->etag);
	bind_text(s, 3, f->last_modified);
	sqlite3_bind_int64(s, 4, f->last_status);
	bind_text(s, 5, f->last_error);
	bind_time(s, 6, f->last_fetch_at);
	bind_time(s, 7, f->last_new_at);
	sqlite3_bind_int(s, 8, f->error_count);
	sqlite3_bind_int64(s, 9, f->next_due_at);
	sqlite3_bind_int(s, 10, f->interval_s);
	return step_done(st, s, err, "recording a fetch");
}

int store_feed_arrivals(store *st, int64_t id, int64_t *times, int *counts,
                        size_t max, size_t *n, px_error *err)
{
	sqlite3_stmt *s = q(st, Q_FEED_ARRIVALS);
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, (int64_t)max);
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < max) {
		times[*n] = sqlite3_column_int64(s, 0);
		counts[(*n)++] = sqlite3_column_int(s, 1);
	}
	if (rc == SQLITE_ROW)
		sqlite3_reset(s);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : fail(st, err, "reading a feed's entries");
}

int store_feed_entry_seen(store *st, int64_t id, const char *key, px_error *err)
{
	sqlite3_stmt *s = q(st, Q_FEED_ENTRY_SEEN);
	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, key);
	int64_t r = one_id(st, s, err, "looking up a feed entry");
	return r < 0 ? (int)r : r > 0;
}

int store_feed_entry_mark(store *st, int64_t id, const char *key, int64_t seen_at,
                          int64_t article_id, px_error *err)
{
	sqlite3_stmt *s = q(st, Q_FEED_ENTRY_MARK);
	sqlite3_bind_int64(s, 1, id);
	bind_text(s, 2, key);
	sqlite3_bind_int64(s, 3, seen_at);
	if (article_id > 0)
		sqlite3_bind_int64(s, 4, article_id);
	return step_done(st, s, err, "marking a feed entry");
}
