/*
 * cache.c — rendered pages by URL.
 *
 * Building a story page runs the summariser (milliseconds); serving bytes
 * already built takes microseconds.  So every page is built once and kept
 * with its validators (a strong ETag over its bytes, the time they last
 * changed) and its gzip form, until the store changes: server.c compares
 * each entry's version with the store's (px_db_version, polled) and, for
 * a story's pages, asks whether that story changed (px_story_stamp) before
 * building anything again.
 *
 * Entries are reference-counted: a request holds its entry until its
 * response is sent, so replacing or evicting an entry never frees bytes a
 * connection is still sending.  One mutex guards the table; it is held
 * only to find, insert or unlink, never while building or compressing.
 * When the kept bytes pass the budget, a sweep around the table (from
 * where the last one stopped) evicts entries until they fit: no order is
 * kept per request, and a page evicted by mistake costs one rebuild.
 */
#include "serve/serve.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "util/arena.h"
#include "util/hash.h"

enum { BUCKETS = 4096 };

struct srv_cache {
	pthread_mutex_t lock;
	srv_entry *bucket[BUCKETS];
	size_t sweep;             /* the bucket the next eviction starts at */
	size_t bytes, max_bytes;
};

srv_cache *srv_cache_new(size_t max_bytes)
{
	srv_cache *c = px_xcalloc(1, sizeof(*c));
	pthread_mutex_init(&c->lock, NULL);
	c->max_bytes = max_bytes;
	return c;
}

static void entry_free(srv_entry *e)
{
	free(e->key);
	free(e->location);
	free(e->body);
	free(e->gz);
	free(e);
}

static size_t entry_bytes(const srv_entry *e)
{
	return sizeof(*e) + strlen(e->key) + e->len + e->gz_len;
}

/* Drops the cache's reference to E (locked). */
static void release(srv_entry *e)
{
	if (--e->refs == 0)
		entry_free(e);
}

void srv_cache_free(srv_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < BUCKETS; i++)
		for (srv_entry *e = c->bucket[i], *next; e; e = next) {
			next = e->next;
			release(e);
		}
	pthread_mutex_destroy(&c->lock);
	free(c);
}

static size_t bucket_of(const char *key)
{
	return (size_t)(px_hash64(key, strlen(key)) % BUCKETS);
}

/* Unlinks E from its bucket (locked); 1 if it was there. */
static int unlink_entry(srv_cache *c, srv_entry *e)
{
	for (srv_entry **p = &c->bucket[bucket_of(e->key)]; *p; p = &(*p)->next)
		if (*p == e) {
			*p = e->next;
			c->bytes -= entry_bytes(e);
			release(e);
			return 1;
		}
	return 0;
}

srv_entry *srv_cache_get(srv_cache *c, const char *key)
{
	pthread_mutex_lock(&c->lock);
	srv_entry *e = c->bucket[bucket_of(key)];
	while (e && strcmp(e->key, key))
		e = e->next;
	if (e)
		e->refs++;
	pthread_mutex_unlock(&c->lock);
	return e;
}

void srv_cache_touch(srv_cache *c, srv_entry *e, int64_t version)
{
	pthread_mutex_lock(&c->lock);
	if (e->version < version)
		e->version = version;
	pthread_mutex_unlock(&c->lock);
}

/* BODY[0..LEN) gzip-compressed (malloc'd), or NULL when that saves less
 * than a tenth. */
static char *gzip(const char *body, size_t len, size_t *out_len)
{
	if (len < 512)
		return NULL;
	z_stream z;
	memset(&z, 0, sizeof(z));
	if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;
	size_t cap = deflateBound(&z, (uLong)len);
	char *out = px_xmalloc(cap);
	z.next_in = (Bytef *)body;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)cap;
	int rc = deflate(&z, Z_FINISH);
	*out_len = z.total_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END || *out_len > len - len / 10) {
		free(out);
		return NULL;
	}
	return out;
}

/* Evicts entries, sweeping on from the last sweep, until the kept bytes
 * fit (locked). */
static void evict(srv_cache *c)
{
	for (size_t n = 0; c->bytes > c->max_bytes && n < BUCKETS; n++) {
		while (c->bucket[c->sweep] && c->bytes > c->max_bytes)
			unlink_entry(c, c->bucket[c->sweep]);
		c->sweep = (c->sweep + 1) % BUCKETS;
	}
}

srv_entry *srv_cache_put(srv_cache *c, const char *key, srv_page *p,
                         int64_t version, int64_t now)
{
	srv_entry *e = px_xcalloc(1, sizeof(*e));
	e->key = px_xstrdup(key);
	e->status = p->status;
	e->type = p->type;
	e->location = p->location;
	e->body = p->body ? p->body : px_xstrdup("");
	e->len = p->body ? p->len : 0;
	p->body = NULL;
	p->location = NULL;
	e->gz = gzip(e->body, e->len, &e->gz_len);
	if (!e->gz)
		e->gz_len = 0;
	snprintf(e->etag, sizeof(e->etag), "\"%016llx\"",
	         (unsigned long long)px_hash64(e->body, e->len));
	e->last_modified = now;
	e->dep = p->dep;
	e->story_id = p->story_id;
	e->stamp = p->stamp;
	e->version = version;
	e->refs = 1;   /* the caller's */
	if (p->dep == SRV_DEP_UNCACHED)
		return e;

	pthread_mutex_lock(&c->lock);
	srv_entry **b = &c->bucket[bucket_of(key)];
	for (srv_entry *old = *b; old; old = old->next)
		if (!strcmp(old->key, key)) {
			if (!strcmp(old->etag, e->etag))
				e->last_modified = old->last_modified;
			unlink_entry(c, old);
			break;
		}
	e->next = *b;
	*b = e;
	e->refs++;    /* the table's */
	c->bytes += entry_bytes(e);
	evict(c);
	pthread_mutex_unlock(&c->lock);
	return e;
}

void srv_entry_put(srv_cache *c, srv_entry *e)
{
	if (!e)
		return;
	pthread_mutex_lock(&c->lock);
	release(e);
	pthread_mutex_unlock(&c->lock);
}
