/*
 * jsonfeed.c — JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1)
 * into feedparser's result shape, with the names feedparser gives them:
 * title, home_page_url → link, description → subtitle, items → entries
 * with id, url → link, title, content_html / content_text → content and
 * summary, date_published / date_modified → published / updated, authors,
 * tags, attachments → enclosures.  HTML is sanitised like an XML feed's.
 */
#include "feed.h"

#include <stdlib.h>
#include <string.h>

#include "html.h"
#include "util/arena.h"
#include "util/error.h"
#include "util/url.h"

static const char *jstr(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* REF resolved against BASE (JSON Feed URLs may be relative to the feed). */
static const char *resolve(px_arena *a, const char *base, const char *ref)
{
	char *abs = px_url_resolve(base, ref);
	const char *out = abs ? px_arena_strdup(a, abs) : ref;
	free(abs);
	return out;
}

static void text_field(json_t *dst, const char *key, const char *value, const char *type,
                       const char *base, px_arena *a)
{
	if (!value)
		return;
	if (!strcmp(type, "text/html"))
		value = feed_html_sanitize(value, strlen(value), base, a);
	json_object_set_new(dst, key, json_string(value));
	json_t *d = json_object();
	json_object_set_new(d, "type", json_string(type));
	json_object_set_new(d, "language", json_null());
	json_object_set_new(d, "base", json_string(base ? base : ""));
	json_object_set_new(d, "value", json_string(value));
	char k[64];
	snprintf(k, sizeof(k), "%s_detail", key);
	json_object_set_new(dst, k, d);
}

/* SRC's authors (1.1's "authors", else 1.0's "author") as DST's authors,
 * the first also as author and author_detail. */
static void authors(json_t *dst, json_t *src)
{
	json_t *list = json_object_get(src, "authors");
	json_t *one = json_object_get(src, "author");
	size_t n = json_is_array(list) ? json_array_size(list) : json_is_object(one) ? 1 : 0;
	if (!n)
		return;
	json_t *out = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *au = json_is_array(list) ? json_array_get(list, i) : one, *d = json_object();
		if (jstr(au, "name"))
			json_object_set_new(d, "name", json_string(jstr(au, "name")));
		if (jstr(au, "url"))
			json_object_set_new(d, "href", json_string(jstr(au, "url")));
		json_array_append_new(out, d);
		if (i == 0) {
			json_object_set(dst, "author_detail", d);
			if (jstr(au, "name"))
				json_object_set_new(dst, "author", json_string(jstr(au, "name")));
		}
	}
	json_object_set_new(dst, "authors", out);
}

int feed_parse_jsonfeed(const char *data, size_t n, const char *url, json_t *root,
                        px_error *err)
{
	json_error_t je;
	json_t *doc = json_loadb(data, n, 0, &je);
	if (!doc || !json_is_object(doc)) {
		json_decref(doc);
		return px_fail(err, PX_EINVAL, "not a JSON feed: line %d: %s", je.line, je.text);
	}
	px_arena *a = px_arena_new(0);
	const char *version = jstr(doc, "version");
	json_object_set_new(root, "version",
	                    json_string(version && strstr(version, "version/1.1") ? "json11"
	                                : version && strstr(version, "jsonfeed.org") ? "json1" : ""));
	if (!version)
		json_object_set_new(root, "bozo", json_true());
	json_t *feed = json_object_get(root, "feed");
	const char *home = jstr(doc, "home_page_url");
	text_field(feed, "title", jstr(doc, "title"), "text/plain", url, a);
	text_field(feed, "subtitle", jstr(doc, "description"), "text/plain", url, a);
	if (home)
		json_object_set_new(feed, "link", json_string(home));
	if (jstr(doc, "icon"))
		json_object_set_new(feed, "image", json_pack("{s:s}", "href", jstr(doc, "icon")));
	if (jstr(doc, "favicon"))
		json_object_set_new(feed, "icon", json_string(jstr(doc, "favicon")));
	if (jstr(doc, "language"))
		json_object_set_new(feed, "language", json_string(jstr(doc, "language")));
	authors(feed, doc);
	json_t *entries = json_object_get(root, "entries");
	json_t *items = json_object_get(doc, "items");
	for (size_t i = 0; i < json_array_size(items); i++) {
		json_t *it = json_array_get(items, i), *e = json_object();
		if (!json_is_object(it)) {
			json_decref(e);
			continue;
		}
		json_t *id = json_object_get(it, "id");
		if (json_is_string(id))
			json_object_set_new(e, "id", json_string(json_string_value(id)));
		else if (json_is_number(id))
			json_object_set_new(e, "id", json_sprintf("%g", json_number_value(id)));
		if (jstr(it, "url"))
			json_object_set_new(e, "link", json_string(resolve(a, url, jstr(it, "url"))));
		text_field(e, "title", jstr(it, "title"), "text/plain", url, a);
		const char *html = jstr(it, "content_html"), *txt = jstr(it, "content_text");
		json_t *content = json_array();
		if (html || txt) {
			json_t *c = json_object();
			const char *v = html ? feed_html_sanitize(html, strlen(html), url, a) : txt;
			json_object_set_new(c, "type", json_string(html ? "text/html" : "text/plain"));
			json_object_set_new(c, "language", json_null());
			json_object_set_new(c, "base", json_string(url ? url : ""));
			json_object_set_new(c, "value", json_string(v));
			json_array_append_new(content, c);
		}
		json_object_set_new(e, "content", content);
		if (jstr(it, "summary"))
			text_field(e, "summary", jstr(it, "summary"), "text/plain", url, a);
		else if (html)
			text_field(e, "summary", html, "text/html", url, a);
		else if (txt)
			text_field(e, "summary", txt, "text/plain", url, a);
		feed_set_date(e, "published", jstr(it, "date_published"));
		feed_set_date(e, "updated", jstr(it, "date_modified"));
		authors(e, it);
		json_t *tags = json_object_get(it, "tags");
		if (json_array_size(tags)) {
			json_t *out = json_array();
			for (size_t k = 0; k < json_array_size(tags); k++)
				if (json_is_string(json_array_get(tags, k)))
					json_array_append_new(out, json_pack("{s:s,s:n,s:n}", "term",
					                       json_string_value(json_array_get(tags, k)),
					                       "scheme", "label"));
			json_object_set_new(e, "tags", out);
		}
		json_t *att = json_object_get(it, "attachments");
		if (json_array_size(att)) {
			json_t *enc = json_array();
			for (size_t k = 0; k < json_array_size(att); k++) {
				json_t *x = json_array_get(att, k), *o = json_object();
				if (jstr(x, "url"))
					json_object_set_new(o, "href", json_string(jstr(x, "url")));
				if (jstr(x, "mime_type"))
					json_object_set_new(o, "type", json_string(jstr(x, "mime_type")));
				json_t *len = json_object_get(x, "size_in_bytes");
				if (json_is_integer(len))
					json_object_set_new(o, "length",
					                    json_sprintf("%lld", (long long)json_integer_value(len)));
				json_array_append_new(enc, o);
			}
			json_object_set_new(e, "enclosures", enc);
		}
		if (jstr(it, "image"))
			json_object_set_new(e, "image", json_pack("{s:s}", "href", jstr(it, "image")));
		json_array_append_new(entries, e);
	}
	json_decref(doc);
	px_arena_free(a);
	return 0;
}
