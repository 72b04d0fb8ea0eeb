/*
 * store.h — the contract of the store: everything Parallax keeps on disk
 * goes through these functions, and no SQL exists outside store/.
 *
 * Backends: SQLite (sqlite.c, the embedded default) implements this header
 * today; a PostgreSQL backend for deployments larger than one machine will
 * implement the same functions behind the same struct (store_open picks the
 * backend from the path: "postgres://..." versus a file name).
 *
 * What a caller may rely on:
 *  - Writes happen inside store_begin() ... store_commit(); a commit that
 *    returned 0 is durable against a crash of the process (WAL, fsync at
 *    checkpoints).  store_rollback() discards everything since begin.
 *  - Ids are positive 64-bit integers, never reused.
 *  - A story absorbed by a merge keeps its row with merged_into set, so its
 *    id resolves to the survivor forever (store_story_resolve).
 *  - Errors fill px_error with the store path and the operation, and return
 *    a negative px_status; PX_ESTORE for a full disk or a locked database.
 *  - Blobs (story features, article signatures) are opaque here: the stage
 *    that writes one is the only one that reads it.
 */
#ifndef PX_STORE_H
#define PX_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "outlets/outlets.h"
#include "parallax.h"
#include "text/text.h"
#include "util/arena.h"

typedef struct store store;

store *store_open(const char *path, px_error *err);
void store_close(store *st);
const char *store_path(const store *st);
/* For tests: the store's file may grow by at most PAGES more pages, as if
 * the disk were that close to full (SQLite's max_page_count). */
int store_limit_growth(store *st, int pages, px_error *err);

int store_begin(store *st, px_error *err);
int store_commit(store *st, px_error *err);
void store_rollback(store *st);

/*
 * A unit of work that nests: its own transaction when none is open, else a
 * savepoint inside the open one, so that a caller's batch (a pipeline's)
 * is neither committed early nor lost by it.  store_unit_end commits or
 * releases when OK, else rolls the unit back (and only the unit).
 */
int store_unit_begin(store *st, int *nested, px_error *err);
int store_unit_end(store *st, int nested, int ok, px_error *err);

/* ------------------------------------------------------------- outlets */

/*
 * The outlet with NAME or serving DOMAIN (a host without "www."), created
 * when there is none: named NAME, or DOMAIN when NAME is NULL.  Returns its
 * id (> 0) or a negative px_status.
 */
int64_t store_outlet_resolve(store *st, const char *name, const char *domain,
                             px_error *err);

/* The outlet registered under KEY (a host or a host/path section, as
 * outlet_domain_keys gives them); 0 when none. */
int64_t store_outlet_by_domain(store *st, const char *key, px_error *err);

/*
 * Records what R says of an outlet, found by R's slug, then any of its
 * domains, then — only when R has no domain — its name (store_name_key):
 * a registry row (with a slug)
 * sets the outlet's name and facts and takes its domains over from any
 * other outlet; a rater's row only adds domains nobody has.  Ratings
 * replace the same rater's earlier value on the same dimension.  When
 * nothing matches, a new outlet is made if CREATE or R has domains;
 * otherwise 0 is returned (a name-only row for an unknown outlet).
 */
int64_t store_outlet_upsert(store *st, const outlet_record *r, int create,
                            px_error *err);
int store_outlet_rate(store *st, int64_t id, const outlet_rating *r, px_error *err);
int store_outlet_unrate(store *st, int64_t id, outlet_dim d, const char *rater,
                        px_error *err);
/* An outlet by a feed URL it lists, a domain or URL, registry id (slug) or
 * name; 0 when none. */
int64_t store_outlet_find(store *st, const char *what, px_error *err);
/* The key names match on: lower case letters and digits, no leading "the". */
void store_name_key(const char *name, char *out, size_t n);

typedef struct store_outlet {
	int64_t id;
	const char *slug, *name, *country, *language, *ownership, *owner;
	const char **domains;
	size_t n_domains;
	const char **feeds;      /* the feed URLs the registry lists */
	size_t n_feeds;
	outlet_rating *ratings;
	size_t n_ratings;
	int64_t n_articles;
} store_outlet;
/* Every outlet (or only ONLY when not 0), by name, with its domains and
 * feeds (each sorted) and ratings; strings in A, the array malloc'd. */
int store_outlets(store *st, px_arena *a, int64_t only, store_outlet **out,
                  size_t *n, px_error *err);
/* Outlet ID's ratings, in A. */
int store_outlet_ratings(store *st, px_arena *a, int64_t id, outlet_rating **r,
                         size_t *n, px_error *err);

/* An outlet by a feed URL it lists, else by the URL's host or a parent
 * domain of it (outlet_domain_keys); 0 when none. */
int64_t store_outlet_by_url(store *st, const char *url, px_error *err);

/* ------------------------------------------------------------- feeds */

/*
 * The feed registry (parallax.h, "feeds registry"): rows are px_feed_info,
 * their strings in an arena; times PX_TIME_UNKNOWN for NULL.
 */

/* The id of the feed with canonical URL CANON; 0 when none. */
int64_t store_feed_by_url(store *st, const char *canon, px_error *err);
/* Inserts F (url, url_given, title, site_url, outlet_id, added_at,
 * next_due_at, interval_s) and sets F->id. */
int store_feed_insert(store *st, px_feed_info *f, px_error *err);
/* Fills feed ID's title, site URL and outlet where they are NULL (a NULL
 * or 0 argument fills nothing). */
int store_feed_fill(store *st, int64_t id, const char *title, const char *site_url,
                    int64_t outlet_id, px_error *err);
/* Deletes feed ID and its entries; 1 if it existed, 0 if not. */
int store_feed_delete(store *st, int64_t id, px_error *err);
int store_feed_set_disabled(store *st, int64_t id, int disabled, px_error *err);
/*
 * Feeds into *OUT (malloc'd array; strings in A): ONLY > 0 that feed alone,
 * else every feed by id when DUE_AT is PX_TIME_UNKNOWN, else the enabled
 * feeds with next_due_at <= DUE_AT by next_due_at then id, at most LIMIT
 * (0: all).
 */
int store_feeds(store *st, px_arena *a, int64_t only, int64_t due_at, size_t limit,
                px_feed_info **out, size_t *n, px_error *err);
/* Stores a fetch's outcome as F holds it (etag, last_modified, last_status,
 * last_error, last_fetch_at, last_new_at, error_count, next_due_at,
 * interval_s). */
int store_feed_fetched(store *st, const px_feed_info *f, px_error *err);
/* Feed ID's entry arrivals, newest first: up to MAX groups of (time first
 * seen, how many entries were first seen then). */
int store_feed_arrivals(store *st, int64_t id, int64_t *times, int *counts,
                        size_t max, size_t *n, px_error *err);
/* 1 if feed ID has seen entry KEY (canonical already), 0 if not. */
int store_feed_entry_seen(store *st, int64_t id, const char *key, px_error *err);
/* Records KEY as seen by feed ID at SEEN_AT (kept when it was seen
 * before), as ARTICLE_ID (0: none; an earlier article is kept then). */
int store_feed_entry_mark(store *st, int64_t id, const char *key, int64_t seen_at,
                          int64_t article_id, px_error *err);

/* ------------------------------------------------------------- articles */

typedef struct store_article {
	int64_t id;              /* set by store_article_insert */
	const char *url;         /* canonical; may be NULL for files without one */
	int64_t outlet_id;
	const char *title;
	const char *byline;
	const char *lang;
	const char *text;
	int64_t published;
	int64_t ingested;
	const px_span *sentences;
	size_t n_sentences;
	uint64_t text_hash;
	const void *signature;   /* dedupe's blob */
	size_t signature_len;
	const px_entity *entities;
	size_t n_entities;
	const char *source;      /* "file.jsonl:12", a feed URL, ... */
	const char *topic;       /* text/topic.c's, or NULL */
} store_article;

/*
 * An already stored article: with URL (when not NULL), or else from
 * OUTLET_ID with the same TEXT_HASH.  *ID is 0 when there is none.
 */
int store_article_find(store *st, const char *url, int64_t outlet_id,
                       uint64_t text_hash, int64_t *id, px_error *err);
int store_article_insert(store *st, store_article *a, px_error *err);
int store_article_set_copy_of(store *st, int64_t id, int64_t copy_of,
                              px_error *err);
int store_article_set_story(store *st, int64_t id, int64_t story_id,
                            double score, const char *explain, px_error *err);

/* Signatures of articles published in [FROM, TO], for the dedupe index. */
typedef struct store_signature {
	int64_t article_id;
	int64_t outlet_id;
	int64_t published;
	int64_t copy_of;
	int64_t story_id;
	const void *blob;
	size_t len;
} store_signature;
typedef int (*store_signature_cb)(void *ctx, const store_signature *s);
int store_signatures_between(store *st, int64_t from, int64_t to,
                             store_signature_cb cb, void *ctx, px_error *err);

/* ------------------------------------------------------------- stories */

typedef struct store_story {
	int64_t id;
	int64_t first_seen;
	int64_t last_seen;
	int n_articles;
	int n_independent;
	const void *features;    /* cluster's blob */
	size_t features_len;
} store_story;

int64_t store_story_create(store *st, px_error *err);
int store_story_save(store *st, const store_story *s, px_error *err);
/* Moves ABSORBED's articles to SURVIVOR and marks ABSORBED merged into it. */
int store_story_merge(store *st, int64_t absorbed, int64_t survivor,
                      px_error *err);
/* The live story that ID is or was merged into; 0 if there is none. */
int64_t store_story_resolve(store *st, int64_t id, px_error *err);

typedef int (*store_story_cb)(void *ctx, const store_story *s);
/* Live stories whose last article is in [FROM, TO]. */
int store_stories_between(store *st, int64_t from, int64_t to, store_story_cb cb,
                          void *ctx, px_error *err);
/* Marks ROOT and every copy of ROOT as copies of NEW_ROOT. */
int store_copies_reroot(store *st, int64_t root, int64_t new_root, px_error *err);

/* ------------------------------------------------------------- term statistics */

/* Document frequencies of index terms, for TF-IDF weighting. */
typedef void (*store_df_cb)(void *ctx, uint64_t term, uint32_t df);
int store_df_load(store *st, store_df_cb cb, void *ctx, int64_t *n_docs,
                  px_error *err);
int store_df_add(store *st, const uint64_t *terms, const uint32_t *deltas,
                 size_t n, int64_t docs_delta, px_error *err);

/* ------------------------------------------------------------- reading */

typedef struct store_row {
	int64_t id;
	const char *url, *outlet, *domain, *title, *byline, *lang, *text;
	px_span *sentences;
	size_t n_sentences;
	int64_t published;
	int64_t copy_of;
	double join_score;
	const char *join_explain;
	int64_t outlet_id;
	const char *ownership;   /* the outlet's, or NULL */
	const char *topic;       /* or NULL */
	int64_t story_id;
} store_row;

/* Story ID's articles, oldest first, allocated in A. */
int store_story_rows(store *st, int64_t id, px_arena *a, store_row **rows,
                     size_t *n, store_story *meta, px_error *err);

/* Every live story's id, size, last time and topic, for ranking; LANG and
 * COUNTRY (NULL: any) keep the stories with an article in that language or
 * from an outlet of that country.  *OUT is malloc'd. */
typedef struct store_story_brief {
	int64_t id;
	int64_t last_seen;
	int n_articles;
	int n_independent;
	char topic[16];          /* "" when none */
} store_story_brief;
int store_story_briefs(store *st, const char *lang, const char *country,
                       store_story_brief **out, size_t *n, px_error *err);

/* The distinct values of WHICH: the countries of outlets with articles,
 * or the articles' languages; sorted, NULL-terminated, in A. */
enum { STORE_COUNTRIES, STORE_LANGS };
int store_facets(store *st, int which, px_arena *a, const char ***vals, size_t *n,
                 px_error *err);

/* The last article's time of the newest live story (PX_TIME_UNKNOWN: none). */
int store_newest(store *st, int64_t *newest, px_error *err);

/* Outlet OUTLET_ID's newest LIMIT articles (0: all), in A. */
int store_outlet_rows(store *st, int64_t outlet_id, size_t limit, px_arena *a,
                      store_row **rows, size_t *n, px_error *err);

/* The independent reports of each outlet in each story of outlet
 * OUTLET_ID's newest ARTICLES articles: CB(CTX, story, outlet, count). */
typedef void (*store_reports_cb)(void *ctx, int64_t story_id, int64_t outlet_id,
                                 int reports);
int store_outlet_story_sides(store *st, int64_t outlet_id, size_t articles,
                             store_reports_cb cb, void *ctx, px_error *err);
/* The same for every live story whose last article is at FROM or later:
 * its independent reports (not copies) by outlet. */
int store_window_reports(store *st, int64_t from, store_reports_cb cb, void *ctx,
                         px_error *err);

/* Full-text search: the articles MATCH (an FTS5 query) finds, best first,
 * with their titles and snippets marked (char 2 before a match, char 3
 * after), in A; *TOTAL counts every match. */
typedef struct store_hit {
	store_row row;
	const char *title_marked, *snippet_marked;
} store_hit;
int store_search(store *st, const char *match, size_t offset, size_t limit,
                 px_arena *a, store_hit **hits, size_t *n, size_t *total,
                 px_error *err);

/* Ends the read transaction a statement left open (statements are reset
 * when next used, so a read leaves its snapshot open until then): a
 * reader that lives long calls it after each read, or it would see the
 * store as it was and keep the WAL from being checkpointed. */
void store_release(store *st);

/* A number that moves with every commit, this connection's or another's. */
int store_version(store *st, int64_t *version, px_error *err);
/* Story ID's live id (0: none) and a hash of what its page shows that the
 * store keeps outside its articles' text: its size and times, and the
 * ratings table. */
int store_story_stamp(store *st, int64_t id, int64_t *live, uint64_t *stamp,
                      px_error *err);

#endif
