/*
 * serve.h — the web server's parts and how they meet (parallax.h has
 * px_serve, the entry point).
 *
 *   server.c   libmicrohttpd: a request's method, size, rate and
 *              conditional headers; gzip; security headers; the access log;
 *              a connection to the store per thread; graceful shutdown.
 *   routes.c   the route table: a path and its query to a page (HTML, JSON
 *              or a feed), built from the public API and render/.
 *   cache.c    rendered pages by URL, each valid while the store has not
 *              changed, or (a story's pages) while the story has not.
 *
 * A request flows one way: server.c checks it, asks the cache, and on a
 * miss asks routes.c to build the page, which the cache keeps; server.c
 * then answers from the cached bytes.  Handlers never see HTTP: they read
 * their arguments and fill a srv_page.
 */
#ifndef PX_SERVE_H
#define PX_SERVE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "parallax.h"

/* -------------------------------------------------------------- pages */

/* What a page depends on, and so when the cache must build it again. */
typedef enum srv_dep {
	SRV_DEP_STORE,      /* anything in the store: rebuilt after any commit */
	SRV_DEP_STORY,      /* one story: rebuilt when px_story_stamp changes */
	SRV_DEP_NONE,       /* nothing (an error, a redirect): kept as it is */
	SRV_DEP_UNCACHED,   /* the clock too (feed status): never cached */
} srv_dep;

typedef struct srv_page {
	int status;              /* 200, 301, 400, 404 ... */
	const char *type;        /* Content-Type */
	char *body;              /* malloc'd */
	size_t len;
	char *location;          /* a redirect's target path (malloc'd), or NULL */
	srv_dep dep;
	int64_t story_id;        /* SRV_DEP_STORY: the live story and its stamp */
	uint64_t stamp;
} srv_page;

/* A request as a handler sees it: its store, the rest of the path after
 * the route's prefix, and its query arguments through ARG. */
typedef struct srv_request {
	px_db *db;
	const char *rest;
	const char *(*arg)(void *conn, const char *name);
	void *conn;
	const char *base_url;    /* for absolute links in feeds */
} srv_request;

/* The route of PATH, or NULL (404).  *REST gets the part after its prefix. */
typedef struct srv_route srv_route;
const srv_route *srv_route_find(const char *path, const char **rest);
/* The query arguments the route reads, comma-separated, in the order the
 * cache key lists them ("" : none). */
const char *srv_route_params(const srv_route *r);
/* Walks a comma-separated list of argument names (srv_route_params): the
 * first name of LIST into NAME (SIZE bytes); returns the rest of LIST, or
 * NULL when LIST is empty. */
const char *srv_param_next(const char *list, char *name, size_t size);
/* 1 for the JSON API (errors as JSON). */
int srv_route_is_api(const srv_route *r);
/* Builds the page.  Always fills P (errors are pages too). */
void srv_route_build(const srv_route *r, srv_request *req, srv_page *p);

/* An error page as HTML or, when API, JSON: {"error": {status, message}}. */
void srv_page_error(srv_page *p, int api, int status, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void srv_page_free(srv_page *p);

/* -------------------------------------------------------------- cache */

/*
 * An entry is one URL's page in every encoding the server sends, with its
 * validators.  Entries are shared: srv_cache_get returns one with a
 * reference taken; release it with srv_entry_put.
 */
typedef struct srv_entry {
	char *key;
	int status;
	const char *type;
	char *location;
	char *body, *gz;         /* gz NULL when not worth compressing */
	size_t len, gz_len;
	char etag[24];           /* "\"<16 hex>\"" of the body */
	int64_t last_modified;   /* when the body last changed */
	srv_dep dep;
	int64_t story_id;
	uint64_t stamp;
	int64_t version;         /* the store's version it was checked against */
	int refs;                /* the cache's own, and one per request using it */
	atomic_int building;     /* a request is rebuilding this page */
	struct srv_entry *next;  /* in its hash bucket */
} srv_entry;

typedef struct srv_cache srv_cache;
srv_cache *srv_cache_new(size_t max_bytes);
void srv_cache_free(srv_cache *c);
/* The entry for KEY, or NULL; a reference is taken. */
srv_entry *srv_cache_get(srv_cache *c, const char *key);
/* Marks E checked against VERSION (its story found unchanged). */
void srv_cache_touch(srv_cache *c, srv_entry *e, int64_t version);
/* Makes an entry of P for KEY (P's body moves into it), replaces any
 * entry for KEY, and returns it with a reference taken.  The entry keeps
 * the last-modified time of the one it replaces when the bytes are the
 * same.  Not kept when P is SRV_DEP_UNCACHED (the entry is still returned). */
srv_entry *srv_cache_put(srv_cache *c, const char *key, srv_page *p,
                         int64_t version, int64_t now);
void srv_entry_put(srv_cache *c, srv_entry *e);

#endif
