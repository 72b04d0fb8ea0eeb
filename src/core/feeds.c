/*
 * feeds.c — the feed registry behind parallax.h ("feeds registry"): adding
 * and removing feeds, listing them and the due ones, recording fetches
 * with back-off and the adaptive interval, remembering seen entries, and
 * OPML import and export.
 *
 * The layers: store/ keeps the rows (the only SQL), feeds/schedule.c does
 * the arithmetic, feeds/opml.c reads and writes OPML; this file checks
 * arguments, runs each change as one store unit (its own transaction, or a
 * savepoint inside a pipeline batch that is open on the same store, so
 * that entry marks commit with the articles they became), and puts the
 * feed's URL into every message.
 */
#include "core.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "feeds/opml.h"
#include "feeds/schedule.h"
#include "util/arena.h"
#include "util/error.h"
#include "util/utf8.h"

/* A title as stored: trimmed, valid UTF-8 without control characters,
 * NULL when empty; malloc'd. */
static char *clean_title(const char *t)
{
	if (!t)
		return NULL;
	while (*t && isspace((unsigned char)*t))
		t++;
	size_t n = strlen(t);
	while (n && isspace((unsigned char)t[n - 1]))
		n--;
	if (!n)
		return NULL;
	size_t len;
	char *s = px_utf8_fix(t, n, &len);
	for (char *p = s; *p; p++)         /* no line breaks or escapes in a title */
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			*p = ' ';
	return s;
}

/* The canonical form of a feed URL, or NULL with ERR set. */
static char *feed_canonical(const char *url, px_error *err)
{
	if (!url || !*url) {
		px_fail(err, PX_EINVAL, "feed: no URL given");
		return NULL;
	}
	for (const unsigned char *p = (const unsigned char *)url; *p; p++)
		if (*p < 0x20 || *p == 0x7f) {
			px_fail(err, PX_EINVAL, "feed '%.300s': the URL holds control characters", url);
			return NULL;
		}
	char *canon = strlen(url) <= 4096 ? px_url_canonical(url) : NULL;
	if (!canon)
		px_fail(err, PX_EINVAL, "feed '%.300s': not an absolute http(s) URL", url);
	return canon;
}

/*
 * Adds URL (trimmed, checked) with TITLE and SITE_URL at NOW, or fills in
 * what the known feed lacks.  Runs inside the caller's unit.  Returns 1
 * added, 0 present, or a negative px_status.
 */
static int feed_add(px_db *db, const char *url, const char *title, const char *site_url,
                    int64_t now, int64_t *id, px_error *err)
{
	char *canon = feed_canonical(url, err);
	if (!canon)
		return PX_EINVAL;
	char *t = clean_title(title);
	char *site = NULL;
	if (site_url && (site = px_url_canonical(site_url)) != NULL) {
		free(site);
		site = px_xstrdup(site_url);
	}
	int rc;
	int64_t known = store_feed_by_url(db->st, canon, err);
	int64_t outlet = known < 0 ? known : store_outlet_by_url(db->st, url, err);
	if (outlet == 0 && strcmp(canon, url))
		outlet = store_outlet_by_url(db->st, canon, err);
	if (known < 0 || outlet < 0) {
		rc = PX_ESTORE;
	} else if (known) {
		rc = store_feed_fill(db->st, known, t, site, outlet, err) < 0 ? PX_ESTORE : 0;
		if (id)
			*id = known;
	} else {
		px_feed_info f = { 0 };
		f.url = canon;
		f.url_given = url;
		f.title = t;
		f.site_url = site;
		f.outlet_id = outlet;
		f.added_at = now;
		f.next_due_at = now;
		f.interval_s = FEEDS_INTERVAL_DEFAULT;
		rc = store_feed_insert(db->st, &f, err) < 0 ? PX_ESTORE : 1;
		if (id && rc == 1)
			*id = f.id;
	}
	if (rc < 0)
		px_error_prefix(err, "feed %s", url);
	free(canon);
	free(t);
	free(site);
	return rc;
}

int px_feed_add(px_db *db, const char *url, const char *title, int64_t *id,
                px_error *err)
{
	char *u = url ? px_xstrdup(url) : NULL;
	if (u) {              /* trimmed: a URL pasted with a newline is the same URL */
		char *s = u;
		while (*s && isspace((unsigned char)*s))
			s++;
		memmove(u, s, strlen(s) + 1);
		size_t n = strlen(u);
		while (n && isspace((unsigned char)u[n - 1]))
			u[--n] = '\0';
	}
	int nested, rc;
	if (store_unit_begin(db->st, &nested, err) < 0) {
		px_error_prefix(err, "feed %s", u ? u : "");
		free(u);
		return PX_ESTORE;
	}
	rc = feed_add(db, u, title, NULL, (int64_t)time(NULL), id, err);
	if (store_unit_end(db->st, nested, rc >= 0, err) < 0 && rc >= 0) {
		px_error_prefix(err, "feed %s", u);
		rc = PX_ESTORE;
	}
	free(u);
	return rc;
}

/* Feeds as store_feeds selects them, into a list of their own arena. */
static int feeds_select(px_db *db, int64_t only, int64_t due_at, size_t limit,
                        px_feed_info_list *out, px_error *err)
{
	memset(out, 0, sizeof(*out));
	px_arena *a = px_arena_new(0);
	px_feed_info *v;
	size_t n;
	if (store_feeds(db->st, a, only, due_at, limit, &v, &n, err) < 0) {
		px_arena_free(a);
		return PX_ESTORE;
	}
	out->feeds = px_arena_alloc(a, (n + 1) * sizeof(px_feed_info));
	memcpy(out->feeds, v, n * sizeof(px_feed_info));
	free(v);
	out->n = n;
	out->arena = a;
	return 0;
}

/* The feed WHAT names: decimal digits are an id, anything else a URL.
 * Returns its id, 0 (with ERR set to PX_ENOTFOUND) or a negative status. */
static int64_t feed_find(px_db *db, const char *what, px_error *err)
{
	if (!what || !*what)
		return px_fail(err, PX_EINVAL, "feed: give an id or a URL");
	size_t digits = strspn(what, "0123456789");
	int64_t id = 0;
	if (!what[digits] && digits <= 18) {
		int64_t want = strtoll(what, NULL, 10);
		px_feed_info_list l = { 0 };
		if (want > 0 && feeds_select(db, want, PX_TIME_UNKNOWN, 0, &l, err) < 0)
			return PX_ESTORE;
		id = l.n ? l.feeds[0].id : 0;
		px_feed_list_free(&l);
	} else {
		char *canon = px_url_canonical(what);
		id = canon ? store_feed_by_url(db->st, canon, err) : 0;
		free(canon);
		if (id < 0)
			return id;
	}
	if (!id)
		px_fail(err, PX_ENOTFOUND, "no feed '%s' (give its id or URL: `parallax feeds "
		        "list`)", what);
	return id;
}

int px_feed_remove(px_db *db, const char *what, px_error *err)
{
	int64_t id = feed_find(db, what, err);
	if (id <= 0)
		return id < 0 ? (int)id : PX_ENOTFOUND;
	int nested;
	if (store_unit_begin(db->st, &nested, err) < 0)
		return PX_ESTORE;
	int rc = store_feed_delete(db->st, id, err);
	if (store_unit_end(db->st, nested, rc >= 0, err) < 0 || rc < 0) {
		px_error_prefix(err, "feed %s", what);
		return PX_ESTORE;
	}
	return 0;
}

int px_feed_set_disabled(px_db *db, const char *what, int disabled, px_error *err)
{
	int64_t id = feed_find(db, what, err);
	if (id <= 0)
		return id < 0 ? (int)id : PX_ENOTFOUND;
	if (store_feed_set_disabled(db->st, id, disabled, err) < 0) {
		px_error_prefix(err, "feed %s", what);
		return PX_ESTORE;
	}
	return 0;
}

static int feed_list_read(px_db *db, px_feed_info_list *out, px_error *err)
{
	return feeds_select(db, 0, PX_TIME_UNKNOWN, 0, out, err);
}

int px_feed_due(px_db *db, int64_t now, size_t limit, px_feed_info_list *out,
                px_error *err)
{
	if (now == PX_TIME_UNKNOWN)
		now = (int64_t)time(NULL);
	return feeds_select(db, 0, now, limit, out, err);
}

void px_feed_list_free(px_feed_info_list *l)
{
	if (!l)
		return;
	px_arena_free(l->arena);
	memset(l, 0, sizeof(*l));
}

/* Prefixes ERR with feed ID's URL (or its id when even that is unknown). */
static void name_feed(px_db *db, int64_t id, px_error *err)
{
	px_feed_info_list l;
	px_error e2 = { 0 };
	if (feeds_select(db, id, PX_TIME_UNKNOWN, 0, &l, &e2) == 0 && l.n)
		px_error_prefix(err, "feed %s", l.feeds[0].url_given);
	else
		px_error_prefix(err, "feed %lld", (long long)id);
	px_feed_list_free(&l);
}

int px_feed_record_fetch(px_db *db, int64_t id, const px_feed_fetch_outcome *o,
                         px_error *err)
{
	if (!o)
		return px_fail(err, PX_EINVAL, "feed %lld: no fetch outcome given", (long long)id);
	/* Read, compute and write in one unit: a fetch recorded at the same
	 * time by another process cannot slip in between. */
	int nested;
	if (store_unit_begin(db->st, &nested, err) < 0) {
		name_feed(db, id, err);
		return PX_ESTORE;
	}
	px_feed_info_list l;
	if (feeds_select(db, id, PX_TIME_UNKNOWN, 0, &l, err) < 0) {
		store_unit_end(db->st, nested, 0, NULL);
		name_feed(db, id, err);
		return PX_ESTORE;
	}
	if (!l.n) {
		store_unit_end(db->st, nested, 0, NULL);
		px_feed_list_free(&l);
		return px_fail(err, PX_ENOTFOUND, "no feed %lld", (long long)id);
	}
	px_feed_info f = l.feeds[0];
	int64_t now = o->fetched_at == PX_TIME_UNKNOWN ? (int64_t)time(NULL) : o->fetched_at;
	int failed = feeds_fetch_failed(o->status, o->error), rc = 0;
	f.last_status = o->status;
	f.last_fetch_at = now;
	if (failed) {
		f.error_count = f.error_count < 1000 ? f.error_count + 1 : 1000;
		f.last_error = o->error && *o->error ? o->error
		             : px_arena_printf(l.arena, o->status > 0 ? "HTTP status %ld"
		                                                     : "fetch failed (%ld)", o->status);
	} else {
		if (o->status >= 200 && o->status <= 299) {
			f.etag = o->etag && *o->etag ? o->etag : NULL;
			f.last_modified = o->last_modified && *o->last_modified ? o->last_modified
			                                                       : NULL;
		}
		f.error_count = 0;
		f.last_error = NULL;
		if (o->n_new > 0)
			f.last_new_at = now;
		int64_t times[FEEDS_RATE_ENTRIES + 1];
		int counts[FEEDS_RATE_ENTRIES + 1];
		size_t n;
		rc = store_feed_arrivals(db->st, id, times, counts, FEEDS_RATE_ENTRIES + 1, &n, err);
		if (rc == 0)
			f.interval_s = feeds_interval(now, f.interval_s, times, counts, n);
	}
	f.next_due_at = feeds_next_due(now, f.interval_s, f.error_count, o->retry_after);
	if (rc == 0)
		rc = store_feed_fetched(db->st, &f, err);
	if (store_unit_end(db->st, nested, rc == 0, err) < 0)
		rc = PX_ESTORE;
	if (rc < 0)
		px_error_prefix(err, "feed %s", f.url_given);
	px_feed_list_free(&l);
	return rc < 0 ? PX_ESTORE : 0;
}

int px_feed_entry_seen(px_db *db, int64_t feed_id, const char *key, px_error *err)
{
	char *k = feeds_entry_key(key);
	if (!k) {
		px_fail(err, PX_EINVAL, "an entry with neither id nor link");
		name_feed(db, feed_id, err);
		return PX_EINVAL;
	}
	int rc = store_feed_entry_seen(db->st, feed_id, k, err);
	free(k);
	if (rc < 0)
		name_feed(db, feed_id, err);
	return rc;
}

int px_feed_entry_mark(px_db *db, int64_t feed_id, const char *key,
                       int64_t article_id, int64_t seen_at, px_error *err)
{
	char *k = feeds_entry_key(key);
	if (!k) {
		px_fail(err, PX_EINVAL, "an entry with neither id nor link");
		name_feed(db, feed_id, err);
		return PX_EINVAL;
	}
	if (seen_at == PX_TIME_UNKNOWN)
		seen_at = (int64_t)time(NULL);
	int nested;
	int rc = store_unit_begin(db->st, &nested, err);
	if (rc == 0) {
		rc = store_feed_entry_mark(db->st, feed_id, k, seen_at, article_id, err);
		if (store_unit_end(db->st, nested, rc == 0, err) < 0)
			rc = PX_ESTORE;
	}
	free(k);
	if (rc < 0) {
		name_feed(db, feed_id, err);
		return PX_ESTORE;
	}
	return 0;
}

int px_feeds_import_opml(px_db *db, const char *path,
                         void (*on_skip)(void *ctx, const char *where, const char *reason),
                         void *ctx, px_feeds_import_stats *stats, px_error *err)
{
	memset(stats, 0, sizeof(*stats));
	px_arena *a = px_arena_new(0);
	opml_doc doc;
	if (opml_read_file(path, a, &doc, on_skip, ctx, err) < 0) {
		px_arena_free(a);
		return err ? err->code : PX_EINVAL;
	}
	if (doc.error && on_skip) {
		char where[600], why[400];
		snprintf(where, sizeof(where), "%s:%d", path, doc.error_line);
		snprintf(why, sizeof(why), "ill-formed XML, read as far as it goes: %s", doc.error);
		on_skip(ctx, where, why);
	}
	stats->read = doc.n;
	stats->skipped = doc.skipped;
	stats->mended = doc.mended;
	int nested;
	if (store_unit_begin(db->st, &nested, err) < 0) {
		px_arena_free(a);
		return PX_ESTORE;
	}
	int rc = 0;
	int64_t now = (int64_t)time(NULL);
	for (size_t i = 0; i < doc.n && rc >= 0; i++) {
		const opml_outline *o = &doc.feeds[i];
		rc = feed_add(db, o->url, o->title, o->site_url, now, NULL, err);
		if (rc == 1) {
			stats->added++;
		} else if (rc == 0) {
			stats->present++;
		} else if (rc == PX_EINVAL) {     /* the reader let through what the
		                                     registry refuses: skip it too */
			char where[600];
			snprintf(where, sizeof(where), "%s:%d", path, o->line);
			if (on_skip)
				on_skip(ctx, where, err ? err->msg : "not a feed URL");
			stats->skipped++;
			rc = 0;
		} else {
			px_error_prefix(err, "%s:%d", path, o->line);
		}
	}
	if (store_unit_end(db->st, nested, rc >= 0, err) < 0 && rc >= 0)
		rc = PX_ESTORE;
	px_arena_free(a);
	if (rc < 0) {
		stats->added = stats->present = 0;
		return rc;
	}
	return 0;
}

int px_feeds_export_opml(px_db *db, FILE *out, px_error *err)
{
	px_feed_info_list l;
	if (px_feed_list(db, &l, err) < 0)
		return PX_ESTORE;
	opml_outline *o = px_arena_alloc(l.arena, (l.n + 1) * sizeof(*o));
	for (size_t i = 0; i < l.n; i++)
		o[i] = (opml_outline){ l.feeds[i].url_given, l.feeds[i].title,
		                       l.feeds[i].site_url, 0 };
	char *s = opml_write("Parallax feeds", o, l.n);
	px_feed_list_free(&l);
	size_t n = strlen(s);
	int bad = fwrite(s, 1, n, out) != n || fflush(out) != 0;
	free(s);
	return bad ? px_fail(err, PX_EIO, "writing the OPML failed") : 0;
}

/* feed_list_read without leaving its snapshot open (store_release). */
int px_feed_list(px_db *db, px_feed_info_list *out, px_error *err)
{
	int rc = feed_list_read(db, out, err);
	store_release(db->st);
	return rc;
}
