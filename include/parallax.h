/*
 * parallax.h — the public API of libparallax.
 *
 * Parallax ingests news articles from many outlets, marks wire copies, groups
 * every article about one event into a story, and describes each story: a
 * headline, a summary, the article list and its coverage.  The command-line
 * tool and the web server use only what this header declares.
 *
 * Conventions a caller may rely on:
 *  - Every function that can fail returns 0 on success and a negative
 *    px_status on failure, and fills the caller's px_error (when not NULL)
 *    with a message that names the file, line, URL or article involved.
 *  - Times are Unix seconds (UTC).  PX_TIME_UNKNOWN marks a missing time.
 *  - Objects returned by px_*_get / px_*_list own all their strings; free
 *    them with the matching px_*_free.  Strings are UTF-8 and NUL-terminated.
 *  - A px_db may be used by one thread at a time.
 */
#ifndef PARALLAX_H
#define PARALLAX_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define PX_VERSION "0.1.0"
#define PX_TIME_UNKNOWN INT64_MIN

typedef enum px_status {
	PX_OK = 0,
	PX_ERR = -1,      /* generic failure; see the message */
	PX_EINVAL = -2,   /* bad input: the message says what and where */
	PX_EIO = -3,      /* reading or writing a file failed */
	PX_ENOMEM = -4,   /* out of memory */
	PX_ESTORE = -5,   /* the store refused (full disk, locked, corrupt) */
	PX_ENOTFOUND = -6 /* no such story, article or outlet */
} px_status;

typedef struct px_error {
	int code;       /* a px_status */
	char msg[512];  /* human-readable, with context */
} px_error;

/* ---------------------------------------------------------------- store */

typedef struct px_db px_db;

/*
 * Opens (creating if needed) the store at PATH and migrates its schema to the
 * current version.  PATH NULL means the default location:
 * $XDG_DATA_HOME/parallax/parallax.db (or ~/.local/share/parallax/...).
 * Returns NULL and fills ERR on failure.
 */
px_db *px_open(const char *path, px_error *err);
void px_close(px_db *db);

/* The default store path, as px_open(NULL) would use it (static buffer). */
const char *px_default_db_path(void);

/* ---------------------------------------------------------------- ingest */

/*
 * One input article as it arrives from a file, a feed or a page.  Either
 * TEXT (plain text, paragraphs separated by blank lines) or HTML must be set;
 * when both are, TEXT wins.  OUTLET or DOMAIN may be NULL: the outlet is then
 * taken from the URL's host.  SOURCE names where the article came from
 * ("file.jsonl:12") for messages and provenance.
 */
typedef struct px_doc {
	const char *url;
	const char *outlet;
	const char *domain;
	const char *title;
	const char *byline;
	const char *lang;      /* a hint; NULL to identify */
	const char *text;
	const char *html;
	int64_t published;     /* PX_TIME_UNKNOWN: use the ingest time */
	const char *source;
} px_doc;

typedef enum px_add_kind {
	PX_ADD_NEW,        /* stored, joined or started a story */
	PX_ADD_COPY,       /* stored, marked as a copy of an earlier article */
	PX_ADD_DUPLICATE,  /* already stored (same URL or same outlet + text) */
	PX_ADD_REJECTED    /* not stored; see reason */
} px_add_kind;

typedef struct px_add_result {
	px_add_kind kind;
	int64_t article_id;  /* the stored (or already stored) article */
	int64_t story_id;
	int64_t copy_of;     /* 0 unless kind == PX_ADD_COPY */
	int64_t merged;      /* a story this article merged into story_id, or 0 */
	double score;        /* the score with which it joined (0: new story) */
	char reason[256];    /* for PX_ADD_REJECTED and PX_ADD_DUPLICATE */
} px_add_result;

typedef struct px_pipeline px_pipeline;

/*
 * A pipeline runs documents through text analysis, wire-copy detection,
 * story clustering and the store.  Work is committed in batches: every
 * BATCH documents (0: the default, 256) and at px_pipeline_commit().  What a
 * commit returned success for survives a crash of the process.
 */
px_pipeline *px_pipeline_new(px_db *db, px_error *err);

/* Adds one document.  Fills RES; returns 0 unless the store failed. */
int px_pipeline_add(px_pipeline *p, const px_doc *doc, px_add_result *res,
                    px_error *err);
int px_pipeline_commit(px_pipeline *p, px_error *err);
void px_pipeline_set_batch(px_pipeline *p, unsigned batch);
/* Documents added since the last commit. */
unsigned px_pipeline_pending(const px_pipeline *p);
/* Bytes held by the clustering index (for the memory benchmark). */
size_t px_pipeline_index_bytes(const px_pipeline *p);
/* Commits what is pending and frees P. */
int px_pipeline_free(px_pipeline *p, px_error *err);

/* ---------------------------------------------------------------- files */

typedef struct px_ingest_stats {
	size_t files;        /* files read */
	size_t read;         /* documents read (lines, pages) */
	size_t added;        /* stored as independent reports */
	size_t copies;       /* stored as wire copies */
	size_t duplicates;   /* already stored */
	size_t rejected;     /* not stored, each reported */
	size_t merges;       /* stories merged by a new article */
	size_t committed;    /* documents whose batch is committed */
} px_ingest_stats;

typedef struct px_ingest_opts {
	const char *outlet;  /* for .txt/.html files: their outlet (default: the
	                        name of the directory that holds the file) */
	/* Called for each rejected document or unreadable file, with WHERE as
	 * "PATH:LINE" or "PATH". */
	void (*on_reject)(void *ctx, const char *where, const char *reason);
	/* Called now and then (after each batch commit, and per file). */
	void (*on_progress)(void *ctx, const px_ingest_stats *s, const char *path);
	void *ctx;
	/* When not NULL and set (say, by a signal handler), the run stops after
	 * the current document and commits what it has. */
	volatile int *stop;
} px_ingest_opts;

/*
 * Ingests PATH: JSON Lines (.jsonl, .ndjson, optionally gzipped), plain text
 * (.txt: the first line is the title), HTML pages (.html, .htm), or a
 * directory of those, recursively in name order.  A bad line or file is
 * reported through OPTS->on_reject and skipped; the return value is
 * negative only when the store fails, and then ERR says which batch was lost.
 */
int px_ingest_path(px_pipeline *p, const char *path, const px_ingest_opts *opts,
                   px_ingest_stats *stats, px_error *err);

/* ---------------------------------------------------------------- stories */

typedef struct px_story_article {
	int64_t id;
	const char *url;
	const char *outlet;
	const char *domain;
	const char *title;
	const char *byline;
	const char *lang;
	const char *snippet;    /* the lead, cut at a sentence near 300 bytes */
	int64_t published;
	int64_t copy_of;        /* 0: an independent report */
	double join_score;      /* how it joined its story; 0 for the first */
	const char *join_explain; /* JSON: terms, entities, time gap (or NULL) */
	/* The outlet's combined ratings (NULL: unrated) and ownership type. */
	const char *lean;       /* "far-left" .. "far-right" */
	const char *factuality; /* "very-low" .. "very-high" */
	const char *ownership;  /* "corporation", "public-broadcaster", ... */
	int64_t outlet_id;
	int64_t story_id;       /* the live story it belongs to */
	const char *topic;      /* px_topics() name, or NULL */
} px_story_article;

/* Lean counts over a set of articles: the 7 levels, far-left first, the
 * three sides they group into (left: far-left, left, lean-left; right:
 * lean-right, right, far-right), and the articles whose outlet is unrated. */
typedef struct px_lean_counts {
	int levels[7];
	int left, center, right;
	int unrated;
} px_lean_counts;

#define PX_OWNERSHIP_MAX 12
typedef struct px_ownership_count {
	const char *type;
	int articles;
} px_ownership_count;

typedef struct px_coverage {
	int sources;            /* distinct outlets */
	int articles;
	int independent;        /* articles that are not copies of another */
	const char *first_outlet;
	int64_t first_published;
	int64_t last_updated;
	/* Bias: over every article, and over independent reports only (a wire
	 * copy counts once, with its original). */
	px_lean_counts lean_all, lean_independent;
	/* Factuality levels over every article, very-low first; unrated. */
	int factuality[6];
	int factuality_unrated;
	/* Articles by the ownership type of their outlet ("unknown" when the
	 * registry does not say), most first. */
	px_ownership_count ownership[PX_OWNERSHIP_MAX];
	int n_ownership;
} px_coverage;

typedef struct px_key_point {
	const char *text;
	int64_t *article_ids;   /* the articles whose text carries the point */
	size_t n_article_ids;
	unsigned left, center, right; /* of those, how many by lean (unrated: none) */
	const char *sentence;   /* the sentence as its article has it, when TEXT
	                           leaves parts of it out; else NULL */
} px_key_point;

/* A direct quote and who said it, merged across the articles that carry
 * it. */
typedef struct px_quote {
	const char *speaker;    /* as the articles name the speaker, fullest form */
	const char *text;       /* the quoted words, without quotation marks */
	int64_t *article_ids;
	size_t n_article_ids;
} px_quote;

/* Something only one side reports: a sentence with the names, numbers or
 * quotes in it that no article of another side has. */
typedef struct px_side_fact {
	const char *side;       /* "left", "center" or "right" */
	const char *text;       /* the sentence */
	const char **items;     /* what is one-sided in it: "Irena Dalsky", "400" */
	size_t n_items;
	int64_t *article_ids;   /* the articles of that side that carry the items */
	size_t n_article_ids;
} px_side_fact;

/* One step of a story that develops over days: what was new, when. */
typedef struct px_update {
	int64_t published;      /* the article that first said it */
	const char *text;       /* its sentence */
	int64_t article_id;
} px_update;

typedef struct px_story {
	int64_t id;
	int64_t first_seen;
	int64_t last_seen;
	const char *headline;
	const char *summary;
	px_key_point *key_points;
	size_t n_key_points;
	px_quote *quotes;            /* by how many articles carry them */
	size_t n_quotes;
	px_side_fact *one_sided;     /* left first, then center, right */
	size_t n_one_sided;
	px_update *timeline;         /* oldest first; none within one day */
	size_t n_timeline;
	px_story_article *articles;  /* oldest first */
	size_t n_articles;
	px_coverage coverage;
	const char *blindspot;       /* "left"/"right" (px_blindspots only, and
	                                px_stories_query with MARK_BLINDSPOTS), or NULL */
	const char *topic;           /* the topic most of its articles have, or NULL */
	struct px_arena *arena;      /* owns everything above */
} px_story;

/*
 * Loads story ID with its articles, coverage and summary.  An id absorbed by
 * a merge resolves to the surviving story (its id is then the survivor's).
 */
int px_story_get(px_db *db, int64_t id, px_story **out, px_error *err);

/*
 * DOCS[0..N) summarised as one story without storing them, as a stored
 * story would be: articles oldest first (ids = 1 + their index in DOCS),
 * wire copies among them found, coverage and summary.  LEANS (NULL, or N
 * entries each NULL or a lean level, "left", "center", "right" ...) are the
 * input's own labels of the outlets' lean; where one is NULL and DB is given
 * (DB may be NULL), the registry's rating of the outlet.  Free *OUT with
 * px_story_free.
 */
int px_summarize(px_db *db, const px_doc *docs, const char *const *leans, size_t n,
                 px_story **out, px_error *err);
void px_story_free(px_story *s);

typedef struct px_story_list {
	px_story **stories;
	size_t n;
	size_t total;           /* px_stories_query: matches before paging */
} px_story_list;

/*
 * Topics: every article gets at most one, from what its text is about
 * (text/topic.h: a lexicon of stems per topic); a story's topic is the one
 * most of its articles have.  The names, in display order, NULL-terminated:
 * "politics", "world", "business", "technology", "science", "health",
 * "environment", "disasters", "crime", "sports", "culture".  Lexicons for
 * English, German, Spanish and French; other languages have no topic.
 */
const char *const *px_topics(void);

/*
 * A page of stories ranked as px_stories_list ranks them, filtered: TOPIC
 * (a px_topics name), COUNTRY (an outlet's ISO 3166 code, "US") and LANG
 * (an article's ISO 639-1 code) each keep the stories with at least one
 * article that has it (the story's topic, for TOPIC); WINDOW (seconds, 0:
 * all) keeps those with an article in that span before the newest article
 * in the store (the news in the store, not the clock, so an archive reads
 * the same any day).  OFFSET and LIMIT (0: all) page the result; OUT->total
 * counts every match.  MARK_BLINDSPOTS sets each story's blindspot as
 * px_blindspots with default options would.
 */
typedef struct px_story_query {
	const char *topic, *country, *lang;
	int64_t window;
	size_t offset, limit;
	int mark_blindspots;
} px_story_query;
int px_stories_query(px_db *db, const px_story_query *q, px_story_list *out,
                     px_error *err);

/* The values the filters can take in this store, sorted: the countries of
 * the outlets that have articles, and the articles' languages. */
typedef struct px_facets {
	const char **countries;
	size_t n_countries;
	const char **langs;
	size_t n_langs;
	struct px_arena *arena;
} px_facets;
int px_facets_get(px_db *db, px_facets *out, px_error *err);
void px_facets_free(px_facets *f);

/*
 * The top LIMIT stories (0: all) ranked by size and recency: each story's
 * number of independent reports, decayed by the age of its last article
 * relative to the newest article in the store.
 */
int px_stories_list(px_db *db, size_t limit, px_story_list *out,
                    px_error *err);
void px_story_list_free(px_story_list *l);

/*
 * Blindspots: stories of the DAYS (default 7) up to the newest article that
 * one side barely covers while the other covers them at least as much as
 * usual (coverage/coverage.h has the rule; FACTOR default 1/3, MIN_REPORTS
 * rated independent reports default 5).  SIDE "left" or "right" keeps
 * only that side's blindspots (NULL: both).  OUT is ranked like
 * px_stories_list; BASELINE (may be NULL) gets the window's lean counts.
 */
typedef struct px_blindspot_opts {
	const char *side;
	int days;
	double factor;
	int min_reports;
} px_blindspot_opts;
int px_blindspots(px_db *db, const px_blindspot_opts *opts, px_story_list *out,
                  px_lean_counts *baseline, px_error *err);

/* ---------------------------------------------------------------- outlets */

/*
 * Ratings use common scales: lean -3 far-left .. 0 center .. 3 far-right
 * (US politics, as Ground News uses), factuality 0 very-low .. 5 very-high.
 * Each rater's value keeps its provenance; an outlet's combined value is
 * the mean of its raters', unless the user rated it (rater "user"), which
 * then decides.
 */
typedef struct px_rating {
	const char *dimension;  /* "lean" or "factuality" */
	const char *rater;      /* "parallax-editors", "mbfc", "allsides", "adfontes", "user" */
	double value;           /* on the common scale */
	const char *level;      /* the nearest level: "lean-left", "high", ... */
	const char *label;      /* the rater's own words or number, as read */
	const char *date;       /* when rated (YYYY-MM-DD) or NULL if not known */
	const char *source;     /* where it was read ("FILE:LINE") or NULL */
} px_rating;

typedef struct px_rating_combined {
	double value;           /* NaN when no rater rated the outlet */
	const char *level;      /* NULL when unrated */
	int raters;             /* how many ratings went in */
	int overridden;         /* the user's rating decided */
} px_rating_combined;

typedef struct px_outlet {
	int64_t id;
	const char *slug;       /* registry id (data/outlets.csv), or NULL */
	const char *name;
	const char *country, *language, *ownership, *owner;   /* or NULL */
	const char **domains;
	size_t n_domains;
	const char **feeds;     /* the feed URLs the registry lists (its
	                           feed_urls column), sorted; followed with
	                           px_feed_add, they link to this outlet */
	size_t n_feeds;
	px_rating *ratings;
	size_t n_ratings;
	px_rating_combined lean, factuality;
	int64_t articles;       /* stored articles from this outlet */
} px_outlet;

typedef struct px_outlet_list {
	px_outlet *outlets;
	size_t n;
	struct px_arena *arena;
} px_outlet_list;

/* Every outlet, or (WHAT not NULL) the one WHAT names: a feed URL it
 * lists, a domain or URL, a registry id, a name, or "#ID" (the store's
 * id, px_outlet.id).  PX_ENOTFOUND when WHAT names none. */
int px_outlets_list(px_db *db, const char *what, px_outlet_list *out, px_error *err);
void px_outlet_list_free(px_outlet_list *l);

typedef struct px_import_stats {
	size_t read;            /* usable rows */
	size_t outlets;         /* outlets created or updated */
	size_t ratings;         /* ratings recorded */
	size_t unmatched;       /* rows not imported, each reported: name-only
	                           rows naming no known outlet, and rows for an
	                           outlet the same file rated already */
	size_t rejected;        /* bad rows, each reported */
} px_import_stats;

/*
 * Imports FORMAT ("csv", "mbfc", "allsides", "adfontes") from PATH: the
 * outlets and their ratings.  DATE (YYYY-MM-DD or NULL) dates ratings the
 * file does not date.  Bad rows go to ON_REJECT as "FILE:LINE" and a reason
 * and are skipped; rows that name an outlet only by name (Ad Fontes) and
 * match none are counted and reported the same way, as not imported.
 */
int px_outlets_import(px_db *db, const char *path, const char *format,
                      const char *date,
                      void (*on_reject)(void *ctx, const char *where, const char *reason),
                      void *ctx, px_import_stats *stats, px_error *err);

/* The user's own rating of outlet WHAT on DIMENSION ("lean" or
 * "factuality") at LEVEL ("lean-left", "high", ...); it overrides the
 * raters'.  LEVEL NULL removes the override. */
int px_outlet_rate(px_db *db, const char *what, const char *dimension,
                   const char *level, px_error *err);

/* ---------------------------------------------------------------- pages */

/*
 * An article read from an HTML page: its main text (paragraphs separated by
 * blank lines) and what the page declares about it.  Any string may be NULL
 * when the page does not say; URLs are absolute when the page's URL is known.
 */
typedef struct px_page {
	const char *title;
	const char *text;
	const char *byline;
	const char *lang;          /* as declared: "en", "en-GB" ... */
	const char *canonical_url;
	const char *site_name;
	const char *excerpt;       /* the publisher's description, or the lead */
	const char *image;         /* the lead image */
	const char *section;
	const char **tags;         /* N_TAGS keywords */
	size_t n_tags;
	const char *charset;       /* what the bytes were decoded from */
	int64_t published;         /* PX_TIME_UNKNOWN when the page does not say */
	int64_t modified;
	void *mem_;                /* internal: what px_page_free releases */
} px_page;

/*
 * Extracts the article from HTML (N bytes of any encoding; broken markup is
 * read as a browser would).  URL is the page's address (NULL if unknown);
 * CONTENT_TYPE the HTTP header's value, whose charset wins (NULL if none).
 * Returns 0 and *OUT (free with px_page_free), or PX_EINVAL with a reason:
 * a page over 16 MiB, binary data, bytes that cannot be decoded.
 */
int px_page_extract(const char *html, size_t n, const char *url,
                    const char *content_type, px_page **out, px_error *err);
void px_page_free(px_page *p);

/* ---------------------------------------------------------------- fetch */

/*
 * One HTTP(S) GET through the guarded fetcher (src/fetch/): http and https
 * only, redirects followed (each hop checked again), private, loopback,
 * link-local and multicast addresses refused after DNS resolution unless
 * ALLOW_PRIVATE, bodies decompressed and cut off at MAX_BYTES (never
 * buffered past it), a descriptive User-Agent, conditional GET.
 */
typedef struct px_fetch_opts {
	size_t max_bytes;          /* 0: 16 MiB */
	long timeout_ms;           /* the whole transfer; 0: 30 s */
	int allow_private;         /* 1: loopback and private networks too */
	const char *etag;          /* If-None-Match (NULL: none) */
	const char *last_modified; /* If-Modified-Since, as the server sent it */
	const char *user_agent;    /* NULL: Parallax's own */
} px_fetch_opts;

typedef struct px_fetch_result {
	long status;               /* the final response's HTTP status (304 ...) */
	char *body;                /* malloc'd, NUL-terminated; NULL on 304 */
	size_t len;
	int truncated;             /* the body went past max_bytes and was cut */
	char *url;                 /* where the last redirect led */
	char *base;                /* the document's base: its Content-Location
	                              resolved against URL, else URL */
	char *content_type, *etag, *last_modified; /* NULL when absent */
	char *content_language;    /* NULL when absent */
	char *headers;             /* the final response's header lines as sent,
	                              "Name: value\n" each (no status line) */
	long retry_after;          /* seconds asked by a 429/503, else 0 */
} px_fetch_result;

/* Fetches URL.  Returns 0 with *R filled (any HTTP status: the caller
 * decides), or a px_status with ERR naming the URL and the reason (refused
 * address, DNS, timeout, TLS ...).  Free R with px_fetch_result_free. */
int px_fetch(const char *url, const px_fetch_opts *o, px_fetch_result *r, px_error *err);
void px_fetch_result_free(px_fetch_result *r);

/* ---------------------------------------------------------------- polling */

/*
 * px_poll: the feeds registry's due feeds fetched (conditional GET), their
 * new entries' pages fetched and extracted — the entry's own text where a
 * page cannot be fetched, is disallowed by robots.txt or yields nothing —
 * and every article put through the pipeline, its entry marked seen in the
 * same batch, so a restart fetches nothing twice and loses nothing.  Transfers run concurrently (libcurl multi) within
 * per-host limits.  ONCE: one round; else rounds until *STOP is set.
 */
typedef struct px_poll_opts {
	int once;                  /* 1: the feeds due now, then return */
	int all;                   /* 1: every feed, due or not */
	int allow_private;         /* loopback and private addresses too (tests) */
	int feeds_only;            /* 1: never fetch the pages, use the feeds' text */
	unsigned max_parallel;     /* transfers at once; 0: 16 */
	unsigned per_host;         /* transfers at once per host; 0: 2 */
	long host_delay_ms;        /* between two requests to a host; 0: 1000, -1: none */
	size_t max_bytes;          /* per response; 0: the fetcher's 16 MiB */
	long timeout_ms;           /* per transfer; 0: the fetcher's 30 s */
	const char *user_agent;    /* NULL: Parallax's */
	unsigned extract_threads;  /* pages extracted at once on worker threads;
	                              0: one per core but one, at least one */
	volatile int *stop;        /* set (by a signal handler, say) to stop */
	void (*on_log)(void *ctx, const char *line); /* one line per event */
	void *ctx;
} px_poll_opts;

typedef struct px_poll_stats {
	size_t feeds;              /* fetched and parsed */
	size_t not_modified;       /* answered 304 */
	size_t feed_errors;
	size_t entries_new;        /* entries not seen before */
	size_t pages;              /* article pages fetched and extracted */
	size_t page_errors;        /* fell back to the feed's text */
	size_t robots_denied;      /* likewise, by robots.txt */
	size_t articles_new, copies, duplicates, rejected; /* what the pipeline did */
} px_poll_stats;

int px_poll(px_db *db, const px_poll_opts *o, px_poll_stats *st, px_error *err);

/* ---------------------------------------------------------------- feeds */

/*
 * A parsed feed: RSS 0.9x/1.0/2.0, Atom 0.3/1.0 or JSON Feed 1.x.  Its full
 * form is feedparser's result as JSON (px_feed_json; docs/API.md lists the
 * fields); the pipeline reads the entries through px_feed_item.
 */
typedef struct px_feed px_feed;

/* One entry as the pipeline reads it.  Strings may be NULL; SUMMARY and
 * CONTENT are plain text (the feed's HTML sanitised and flattened). */
typedef struct px_feed_item {
	const char *id;            /* the entry's id, else its link */
	const char *title;
	const char *link;          /* absolute */
	const char *author;
	const char *summary;
	const char *content;       /* the longest content, else the summary */
	const char *image;         /* enclosure or media thumbnail, absolute */
	const char *lang;
	const char **tags;
	size_t n_tags;
	int64_t published;         /* PX_TIME_UNKNOWN when the entry does not say */
	int64_t updated;
} px_feed_item;

/*
 * Parses N bytes of a feed.  URL is where it came from (for relative links
 * and xml:base; NULL if unknown), CONTENT_TYPE the HTTP header (its charset
 * wins over the XML declaration; NULL if none).  Ill-formed input is read
 * as far as it is unambiguous and flagged (bozo); only input that is no
 * feed at all fails: returns PX_EINVAL with the reason and the line.
 */
int px_feed_parse(const char *data, size_t n, const char *url,
                  const char *content_type, px_feed **out, px_error *err);
/* The same for a feed as fetched (px_fetch; not a 304): its body read
 * against its base and Content-Type, its Content-Language the default
 * language; the JSON form then also has feedparser's HTTP fields: href,
 * status, headers, etag, modified and modified_parsed. */
int px_feed_parse_response(const px_fetch_result *r, px_feed **out, px_error *err);
size_t px_feed_count(const px_feed *f);
/* Entry I (< px_feed_count) as the pipeline reads it; owned by F. */
const px_feed_item *px_feed_entry(const px_feed *f, size_t i);
/* The feed's title and link (NULL when absent), and 1 if it was ill-formed. */
const char *px_feed_title(const px_feed *f);
const char *px_feed_link(const px_feed *f);
int px_feed_bozo(const px_feed *f);
/* The whole parse as JSON with feedparser's field names; malloc'd. */
char *px_feed_json(const px_feed *f);
void px_feed_free(px_feed *f);

/* ---------------------------------------------------------------- feeds registry */

/*
 * The feeds Parallax follows, and what it knows of each for polling: when
 * it was fetched and how that went, its validators for conditional GET,
 * its consecutive errors, its adaptive interval and when it is due next,
 * and the entries it has already seen (so that a restart ingests nothing
 * twice).  Each message of a failure names the feed's URL.
 *
 * A feed is known by its canonical URL (px_url_canonical); the URL as
 * given is kept too, and is what is fetched and exported.  A feed whose
 * URL the outlet registry lists, or whose host is an outlet's domain (or a
 * subdomain of one), is linked to that outlet.
 *
 * Polling (feeds/schedule.h): the interval starts at 1800 s and follows
 * the feed's posting rate (half the mean gap between its latest new
 * entries, the silence since the last one included), within 300..86400 s.
 * After N consecutive failures a feed is due again after
 * min(interval * 2^N, 1 day); a Retry-After is honoured (up to 7 days).
 */
typedef struct px_feed_info {
	int64_t id;
	const char *url;           /* canonical */
	const char *url_given;     /* as added: what is fetched */
	const char *title;         /* or NULL */
	const char *site_url;      /* the site's home page (OPML htmlUrl), or NULL */
	int64_t outlet_id;         /* the outlet registry's id, 0 when none */
	int64_t added_at;
	const char *etag;          /* validators of the last good response, or NULL */
	const char *last_modified;
	long last_status;          /* HTTP status, a negative px_status when no
	                              response came, 0 when never fetched */
	const char *last_error;    /* why the last fetch failed, or NULL */
	int64_t last_fetch_at;     /* PX_TIME_UNKNOWN: never */
	int64_t last_new_at;       /* the last fetch that found a new entry */
	int error_count;           /* consecutive failed fetches */
	int64_t next_due_at;
	int interval_s;            /* the adaptive polling interval */
	int disabled;              /* 1: never due */
	const char *outlet;        /* the linked outlet's name, or NULL */
} px_feed_info;

typedef struct px_feed_info_list {
	px_feed_info *feeds;
	size_t n;
	struct px_arena *arena;    /* owns the strings */
} px_feed_info_list;

/*
 * Adds the feed at URL (an absolute http or https URL) titled TITLE (NULL:
 * unknown, the feed's own title may fill it later) and sets *ID (may be
 * NULL).  Idempotent: a URL whose canonical form is known already gives
 * that feed's id (a missing title or outlet link is filled in).  Returns 1
 * when the feed was added, 0 when it was there, or a negative px_status
 * (PX_EINVAL: not an http(s) URL).  A new feed is due at once.
 */
int px_feed_add(px_db *db, const char *url, const char *title, int64_t *id,
                px_error *err);

/* Removes the feed WHAT names (its id in decimal, or its URL) with its
 * seen entries (the articles stay).  PX_ENOTFOUND when none. */
int px_feed_remove(px_db *db, const char *what, px_error *err);

/* Stops (DISABLED 1) or resumes (0) polling the feed WHAT names. */
int px_feed_set_disabled(px_db *db, const char *what, int disabled, px_error *err);

/* Every feed, by id.  Free OUT with px_feed_list_free. */
int px_feed_list(px_db *db, px_feed_info_list *out, px_error *err);
void px_feed_list_free(px_feed_info_list *l);

/* The enabled feeds due at NOW (next_due_at <= NOW; PX_TIME_UNKNOWN: the
 * current time), the longest overdue first (then by id); at most LIMIT of
 * them (0: all). */
int px_feed_due(px_db *db, int64_t now, size_t limit, px_feed_info_list *out,
                px_error *err);

/* What one fetch of a feed came to, for px_feed_record_fetch. */
typedef struct px_feed_fetch_outcome {
	int64_t fetched_at;        /* when it ended; the schedule counts from it */
	long status;               /* HTTP status (200, 304, 404 ...), or a negative
	                              px_status when no response came */
	const char *error;         /* why it failed (NULL: it did not; set it for a
	                              200 whose body is no feed, too) */
	const char *etag;          /* the response's validators: stored after a
	                              2xx (NULL clears), kept otherwise */
	const char *last_modified;
	long retry_after;          /* seconds a 429/503 asked for, 0: none */
	size_t n_new;              /* entries this fetch saw for the first time */
} px_feed_fetch_outcome;

/*
 * Records a fetch of feed ID: its status and error, validators, the
 * consecutive error count (reset by a good fetch), the last time a new
 * entry appeared, and the next due time — backed off after a failure,
 * after the adaptive interval otherwise (which is recomputed from the
 * entries marked so far: mark a fetch's entries before recording it).
 * PX_ENOTFOUND when there is no feed ID.
 */
int px_feed_record_fetch(px_db *db, int64_t id, const px_feed_fetch_outcome *o,
                         px_error *err);

/*
 * Entries already seen: KEY is the entry's id, else its link (a URL key is
 * compared in canonical form).  px_feed_entry_seen returns 1 when feed
 * FEED_ID has seen KEY, 0 when not, or a negative px_status.
 * px_feed_entry_mark records KEY as seen at SEEN_AT (PX_TIME_UNKNOWN: now),
 * with the article it became (ARTICLE_ID, 0: none); marking a seen entry
 * again keeps its first time and sets the article if one is given.
 * Called while a pipeline batch is open on DB, a mark joins that batch and
 * commits (or is lost) with it: an entry is seen exactly when its article
 * is stored.
 */
int px_feed_entry_seen(px_db *db, int64_t feed_id, const char *key, px_error *err);
int px_feed_entry_mark(px_db *db, int64_t feed_id, const char *key,
                       int64_t article_id, int64_t seen_at, px_error *err);

typedef struct px_feeds_import_stats {
	size_t read;               /* feeds the file lists (outlines with an xmlUrl) */
	size_t added;              /* new to the registry */
	size_t present;            /* known already */
	size_t skipped;            /* outlines left out, each reported */
	size_t mended;             /* bare '&' and the like repaired before parsing */
} px_feeds_import_stats;

/*
 * Adds every feed of the OPML file PATH (1.0 or 2.0, categories nested to
 * any depth; read leniently: a bare '&', HTML entities and markup in
 * attributes are repaired) in one transaction.  Outlines that cannot be
 * feeds (no xmlUrl, not http(s), listed twice) go to ON_SKIP as
 * "PATH:LINE" and a reason, and so does the XML error that stopped the
 * reading early when the file stays ill-formed after repair.  Fails with
 * "PATH[:LINE]: reason" when PATH is no OPML at all; then nothing is added.
 */
int px_feeds_import_opml(px_db *db, const char *path,
                         void (*on_skip)(void *ctx, const char *where, const char *reason),
                         void *ctx, px_feeds_import_stats *stats, px_error *err);

/* The registry as OPML 2.0 (title, xmlUrl as given, htmlUrl), to OUT. */
int px_feeds_export_opml(px_db *db, FILE *out, px_error *err);

/* The feed registry as text columns (id, last status, errors, last new
 * entry, next due, URL, title; the last error under a failing feed) and
 * as JSON (every px_feed_info field; docs/API.md). */
void px_render_feeds_text(FILE *f, const px_feed_info_list *l);
char *px_render_feeds_json(const px_feed_info_list *l);

/* ---------------------------------------------------------------- search */

/*
 * Full-text search over articles' titles and texts (SQLite FTS5, diacritics
 * folded).  QUERY is what a reader types: its words must all occur (a
 * word ending in '*' is a prefix, "quoted words" a phrase); FTS5 operators
 * and punctuation are read as plain words, so no query is a syntax error.
 * Hits are ranked by BM25, the title weighted above the text.  In TITLE
 * and SNIPPET the matched words are wrapped in PX_MARK_ON / PX_MARK_OFF
 * (control characters no article text contains: the text stage drops
 * them), for a renderer to turn into <mark> after escaping.
 */
#define PX_MARK_ON "\x02"
#define PX_MARK_OFF "\x03"
typedef struct px_search_hit {
	px_story_article article;  /* its snippet and title not marked */
	const char *title_marked;
	const char *snippet;       /* marked, about 30 words around matches */
} px_search_hit;

typedef struct px_search_result {
	px_search_hit *hits;
	size_t n;
	size_t total;              /* every match */
	struct px_arena *arena;    /* owns everything above */
} px_search_result;
int px_search(px_db *db, const char *query, size_t offset, size_t limit,
              px_search_result *out, px_error *err);
void px_search_free(px_search_result *r);

/* ---------------------------------------------------------------- outlet activity */

/*
 * What outlet OUTLET_ID has published lately: its LIMIT newest articles
 * (each with its story), and over the stories of its articles in the store
 * (up to the 500 newest) how many lean which way by their coverage: a
 * story's side is the side with most of its rated independent reports
 * (ties and unrated: none).
 */
typedef struct px_outlet_activity {
	px_story_article *recent;
	size_t n_recent;
	int stories;                /* stories counted below */
	int by_side[3];             /* left, center, right */
	int no_side;
	struct px_arena *arena;
} px_outlet_activity;
int px_outlet_activity_get(px_db *db, int64_t outlet_id, size_t limit,
                           px_outlet_activity *out, px_error *err);
void px_outlet_activity_free(px_outlet_activity *a);

/*
 * A number that changes whenever any connection (this process's or
 * another's) commits to the store: readers that cache what they read
 * compare it to see whether to read again.  A story's stamp changes when
 * the story changes (an article joins, a merge, a rating of one of its
 * outlets); *LIVE gets the id it resolves to (0: none).
 */
int px_db_version(px_db *db, int64_t *version, px_error *err);
int px_story_stamp(px_db *db, int64_t id, int64_t *live, uint64_t *stamp,
                   px_error *err);

/* ---------------------------------------------------------------- serve */

/*
 * The web front end: server-rendered HTML pages, the JSON API under
 * /api/v1/ and RSS/Atom feeds (docs/API.md), served by libmicrohttpd with
 * a pool of THREADS threads (0: one per core), each with its own
 * connection to the store at DB_PATH, until *STOP is set.  LISTEN is an
 * address to bind ("127.0.0.1" when NULL: loopback unless told otherwise);
 * BASE_URL the site's public address for links in feeds (NULL: from
 * LISTEN and PORT).  RATE (requests per second per client address, burst
 * twice that; 0: no limit) and ACCESS_LOG (NULL: none, "-": stderr) as
 * named.  WEB_DIR holds the static assets (style.css ...).
 */
typedef struct px_serve_opts {
	const char *db_path;
	const char *listen;
	unsigned port;
	unsigned threads;
	const char *base_url;
	const char *web_dir;
	double rate;
	const char *access_log;
	void (*on_ready)(void *ctx, const char *url);
	void *ctx;
} px_serve_opts;
int px_serve(const px_serve_opts *o, volatile int *stop, px_error *err);

/* ---------------------------------------------------------------- output */

/*
 * The story page as text (the shape of a Ground News story page: headline,
 * summary, key points, the articles, coverage details).  EXPLAIN adds, for
 * each article, the score with which it joined and what carried it.
 */
void px_render_story_text(FILE *f, const px_story *s, int explain);
/* One line-block per story of L: rank, headline, sizes, times. */
void px_render_stories_text(FILE *f, const px_story_list *l);
/* The same as JSON (docs/API.md has the schema); malloc'd, NUL-terminated. */
char *px_render_story_json(const px_story *s, int explain);
char *px_render_stories_json(const px_story_list *l);

/* The outlet table as text (one line each; DETAILS: every rating with its
 * provenance and how the combined value was computed) and as JSON. */
void px_render_outlets_text(FILE *f, const px_outlet_list *l, int details);
char *px_render_outlets_json(const px_outlet_list *l);

/* An extracted page as JSON: title, byline, published, modified, site_name,
 * lang, excerpt, image, canonical_url, section, tags, text (docs/API.md). */
char *px_render_page_json(const px_page *p);

/* ---------------------------------------------------------------- text */

/* Helpers exposed for tools and tests. */

/* Parses RFC 3339 (and the common ISO 8601 variants); PX_TIME_UNKNOWN if bad. */
int64_t px_parse_time(const char *s);
/* Formats T as RFC 3339 UTC ("2025-08-27T09:30:00Z") into BUF (>= 32). */
char *px_format_time(int64_t t, char *buf, size_t size);

/*
 * Canonical form of URL: lower-case scheme and host, no default port, no
 * fragment, no tracking parameters (utm_*, fbclid, gclid, ...).  Returns a
 * malloc'd string or NULL if URL is not an absolute http(s) URL.
 */
char *px_url_canonical(const char *url);

#ifdef __cplusplus
}
#endif
#endif /* PARALLAX_H */
