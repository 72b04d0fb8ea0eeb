/*
 * feed.c — px_feed_parse(): which parser, then the view the pipeline reads.
 *
 * The parse result is one JSON tree in feedparser's shape (feed.h); the
 * typed px_feed_item array is built from it once, with the feed's HTML
 * flattened to plain text (html.c), because the pipeline stores text and
 * nothing else.  Both live until px_feed_free: the tree in jansson's
 * memory, the items and their strings in the feed's arena.
 */
#include "feed.h"

#include <ctype.h>

#include <string.h>
#include <strings.h>

#include "date.h"
#include "encoding.h"
#include "html.h"
#include "util/arena.h"
#include "util/error.h"

struct px_feed {
	json_t *root;
	px_arena *a;
	px_feed_item *items;
	size_t n_items;
};

int feed_is_json(const char *data, size_t n)
{
	size_t i = 0;
	if (n >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		i = 3;
	while (i < n && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r'))
		i++;
	return i < n && data[i] == '{';
}

void feed_set_bozo(json_t *root, const char *reason)
{
	if (json_is_true(json_object_get(root, "bozo")))
		return;
	json_object_set_new(root, "bozo", json_true());
	json_object_set_new(root, "bozo_exception", json_string(reason));
}

void feed_set_date(json_t *obj, const char *key, const char *s)
{
	if (!s)
		return;
	json_object_set_new(obj, key, json_string(s));
	int64_t t = feed_parse_date(s);
	if (t == PX_TIME_UNKNOWN)
		return;
	int tuple[9];
	feed_date_tuple(t, tuple);
	json_t *a = json_array();
	for (int i = 0; i < 9; i++)
		json_array_append_new(a, json_integer(tuple[i]));
	char k[64];
	snprintf(k, sizeof(k), "%s_parsed", key);
	json_object_set_new(obj, k, a);
}

static const char *str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* The plain text of a text construct: its detail says whether it is HTML. */
static const char *plain(px_arena *a, json_t *o, const char *key)
{
	const char *v = str(o, key);
	if (!v)
		return NULL;
	char dk[64];
	snprintf(dk, sizeof(dk), "%s_detail", key);
	const char *type = str(json_object_get(o, dk), "type");
	if (type && (strstr(type, "html") || strstr(type, "xml")))
		return feed_html_text(v, strlen(v), a);
	return px_arena_strdup(a, v);
}

static const char *content_text(px_arena *a, json_t *e)
{
	json_t *list = json_object_get(e, "content");
	const char *best = NULL;
	size_t best_len = 0;
	for (size_t i = 0; i < json_array_size(list); i++) {
		json_t *c = json_array_get(list, i);
		const char *v = str(c, "value"), *type = str(c, "type");
		if (!v)
			continue;
		const char *t = type && (strstr(type, "html") || strstr(type, "xml"))
		                ? feed_html_text(v, strlen(v), a) : v;
		if (strlen(t) > best_len) {
			best = t;
			best_len = strlen(t);
		}
	}
	return best;
}

/* A lead image: an image enclosure, a media thumbnail or image content. */
static const char *image_of(px_arena *a, json_t *e)
{
	json_t *l = json_object_get(e, "media_thumbnail");
	if (json_array_size(l) && str(json_array_get(l, 0), "url"))
		return px_arena_strdup(a, str(json_array_get(l, 0), "url"));
	l = json_object_get(e, "media_content");
	for (size_t i = 0; i < json_array_size(l); i++) {
		json_t *m = json_array_get(l, i);
		const char *type = str(m, "type"), *medium = str(m, "medium");
		if (str(m, "url") && ((type && !strncmp(type, "image/", 6)) ||
		                      (medium && !strcmp(medium, "image"))))
			return px_arena_strdup(a, str(m, "url"));
	}
	l = json_object_get(e, "enclosures");
	for (size_t i = 0; i < json_array_size(l); i++) {
		json_t *en = json_array_get(l, i);
		const char *type = str(en, "type");
		if (str(en, "href") && type && !strncmp(type, "image/", 6))
			return px_arena_strdup(a, str(en, "href"));
	}
	return NULL;
}

static int64_t date_of(json_t *e, const char *key)
{
	const char *s = str(e, key);
	return s ? feed_parse_date(s) : PX_TIME_UNKNOWN;
}

static void build_items(px_feed *f)
{
	json_t *entries = json_object_get(f->root, "entries");
	size_t n = json_array_size(entries);
	f->items = px_arena_zalloc(f->a, (n ? n : 1) * sizeof(*f->items));
	const char *feed_lang = str(json_object_get(f->root, "feed"), "language");
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_array_get(entries, i);
		px_feed_item *it = &f->items[f->n_items++];
		it->link = px_arena_strdup(f->a, str(e, "link"));
		it->id = px_arena_strdup(f->a, str(e, "id") ? str(e, "id") : it->link);
		it->title = plain(f->a, e, "title");
		it->author = px_arena_strdup(f->a, str(e, "author"));
		it->summary = plain(f->a, e, "summary");
		it->content = content_text(f->a, e);
		if (!it->content)
			it->content = it->summary;
		it->image = image_of(f->a, e);
		const char *lang = str(json_object_get(e, "title_detail"), "language");
		it->lang = px_arena_strdup(f->a, lang ? lang : feed_lang);
		json_t *tags = json_object_get(e, "tags");
		it->tags = px_arena_zalloc(f->a, (json_array_size(tags) + 1) * sizeof(char *));
		for (size_t k = 0; k < json_array_size(tags); k++) {
			const char *term = str(json_array_get(tags, k), "term");
			if (term)
				it->tags[it->n_tags++] = px_arena_strdup(f->a, term);
		}
		it->published = date_of(e, "published");
		it->updated = date_of(e, "updated");
		if (it->published == PX_TIME_UNKNOWN)
			it->published = it->updated;
	}
}

static int parse(const char *data, size_t n, const char *url, const char *content_type,
                 const char *lang, px_feed **out, px_error *err)
{
	*out = NULL;
	size_t k = 0;
	while (k < n && (data[k] == ' ' || data[k] == '\t' || data[k] == '\n' || data[k] == '\r'))
		k++;
	if (k == n)
		return px_fail(err, PX_EINVAL, "not a feed: the document is empty");
	px_feed *f = px_xcalloc(1, sizeof(*f));
	f->a = px_arena_new(0);
	f->root = json_object();
	json_object_set_new(f->root, "bozo", json_false());
	json_object_set_new(f->root, "encoding", json_string("utf-8"));
	json_object_set_new(f->root, "version", json_string(""));
	json_object_set_new(f->root, "feed", json_object());
	json_object_set_new(f->root, "entries", json_array());
	int rc;
	if (feed_is_json(data, n))
		rc = feed_parse_jsonfeed(data, n, url, f->root, err);
	else {
		feed_decoded d;
		if (feed_decode(f->a, data, n, content_type, content_type != NULL, &d) < 0) {
			d.text = data; /* nothing decodes it: read what UTF-8 can */
			d.len = n;
			d.encoding = "";
		}
		json_object_set_new(f->root, "encoding", json_string(d.encoding));
		if (d.bozo)
			feed_set_bozo(f->root, d.bozo);
		rc = feed_parse_xml(d.text, d.len, url, lang, f->root, err);
	}
	if (rc < 0) {
		px_feed_free(f);
		return rc;
	}
	build_items(f);
	*out = f;
	return 0;
}

int px_feed_parse(const char *data, size_t n, const char *url,
                  const char *content_type, px_feed **out, px_error *err)
{
	return parse(data, n, url, content_type, NULL, out, err);
}

/* HTTP's header lines as feedparser's headers dict: names lower-cased
 * (HTTP's are case-insensitive), the last of a repeated name kept. */
static json_t *headers_object(const char *lines)
{
	json_t *h = json_object();
	for (const char *p = lines; p && *p;) {
		const char *nl = strchr(p, '\n'), *e = nl ? nl : p + strlen(p);
		const char *colon = memchr(p, ':', (size_t)(e - p));
		if (colon && colon > p && (size_t)(colon - p) < 128) {
			char name[128];
			size_t k = (size_t)(colon - p);
			for (size_t i = 0; i < k; i++)
				name[i] = (char)tolower((unsigned char)p[i]);
			name[k] = 0;
			const char *v = colon + 1;
			while (v < e && (*v == ' ' || *v == '\t'))
				v++;
			const char *ve = e;
			while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
				ve--;
			json_t *s = json_stringn(v, (size_t)(ve - v));
			if (s) /* NULL: not UTF-8; such a header is left out */
				json_object_set_new(h, name, s);
		}
		p = nl ? nl + 1 : e;
	}
	return h;
}

int px_feed_parse_response(const px_fetch_result *r, px_feed **out, px_error *err)
{
	/* "de, en": the first language is the document's. */
	char lang[64] = "";
	if (r->content_language) {
		const char *s = r->content_language;
		while (*s == ' ' || *s == '\t')
			s++;
		size_t k = strcspn(s, ", \t;");
		if (k < sizeof(lang)) {
			memcpy(lang, s, k);
			lang[k] = 0;
		}
	}
	int rc = parse(r->body ? r->body : "", r->body ? r->len : 0, r->base ? r->base : r->url,
	               r->content_type, *lang ? lang : NULL, out, err);
	if (rc < 0)
		return rc;
	json_t *root = (*out)->root;
	if (r->url)
		json_object_set_new(root, "href", json_string(r->url));
	json_object_set_new(root, "status", json_integer(r->status));
	json_object_set_new(root, "headers", headers_object(r->headers));
	if (r->etag && *r->etag)
		json_object_set_new(root, "etag", json_string(r->etag));
	if (r->last_modified && *r->last_modified)
		feed_set_date(root, "modified", r->last_modified);
	return 0;
}

size_t px_feed_count(const px_feed *f)
{
	return f->n_items;
}

const px_feed_item *px_feed_entry(const px_feed *f, size_t i)
{
	return i < f->n_items ? &f->items[i] : NULL;
}

const char *px_feed_title(const px_feed *f)
{
	return str(json_object_get(f->root, "feed"), "title");
}

const char *px_feed_link(const px_feed *f)
{
	return str(json_object_get(f->root, "feed"), "link");
}

int px_feed_bozo(const px_feed *f)
{
	return json_is_true(json_object_get(f->root, "bozo"));
}

char *px_feed_json(const px_feed *f)
{
	return json_dumps(f->root, JSON_INDENT(2) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(15));
}

void px_feed_free(px_feed *f)
{
	if (!f)
		return;
	json_decref(f->root);
	px_arena_free(f->a);
	free(f);
}
