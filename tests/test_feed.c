/*
 * test_feed.c — the feed parser (src/feed/) on hand-written feeds in
 * tests/fixtures/feed: each format's fields as the pipeline reads them
 * (px_feed_item) and as feedparser names them (px_feed_json), encodings,
 * ill-formed input read as far as it is plain, and hostile input: entity
 * bombs, external entities, script in HTML, deep nesting, non-feeds.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "parallax.h"

static char *fixture(const char *name, size_t *n)
{
	char path[256];
	snprintf(path, sizeof(path), "tests/fixtures/feed/%s", name);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	char *b = malloc(1 << 20);
	*n = fread(b, 1, 1 << 20, f);
	fclose(f);
	return b;
}

/* Parses fixture NAME (with URL and CONTENT_TYPE); fails the test if the
 * parser refuses it. */
static px_feed *parse(const char *name, const char *url, const char *ctype)
{
	size_t n;
	char *b = fixture(name, &n);
	px_feed *f = NULL;
	px_error err = { 0 };
	if (px_feed_parse(b, n, url, ctype, &f, &err) != 0)
		fail_msg("%s: %s", name, err.msg);
	free(b);
	return f;
}

static json_t *as_json(const px_feed *f)
{
	char *s = px_feed_json(f);
	json_t *j = json_loads(s, 0, NULL);
	free(s);
	assert_non_null(j);
	return j;
}

static int64_t utc(int y, int mo, int d, int h, int mi, int s)
{
	char buf[32];
	snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, h, mi, s);
	return px_parse_time(buf);
}

static void rss2_items_as_the_pipeline_reads_them(void **state)
{
	(void)state;
	px_feed *f = parse("rss2.xml", "https://harbourpost.example/feed.xml", NULL);
	assert_string_equal(px_feed_title(f), "The Velmora Harbour Post");
	assert_false(px_feed_bozo(f));
	assert_int_equal(px_feed_count(f), 2);
	const px_feed_item *a = px_feed_entry(f, 0);
	assert_string_equal(a->title, "Council approves the tidal barrier");
	assert_string_equal(a->link, "https://harbourpost.example/2025/03/barrier");
	assert_string_equal(a->id, "hp-2025-0304-barrier"); /* not a permalink: kept as is */
	assert_int_equal(a->published, utc(2025, 3, 4, 18, 5, 0));
	assert_non_null(strstr(a->author, "Ilse Marrow"));
	/* Plain text, no markup, no script; content:encoded beats description. */
	assert_string_equal(a->summary, "The vote was 7\xe2\x80\x93" "4.");
	assert_non_null(strstr(a->content, "After a nine-hour session"));
	assert_non_null(strstr(a->content, "Work starts in May."));
	assert_null(strchr(a->content, '<'));
	assert_string_equal(a->image, "https://harbourpost.example/img/barrier.jpg");
	assert_int_equal(a->n_tags, 1);
	assert_string_equal(a->tags[0], "Infrastructure");
	assert_string_equal(a->lang, "en-gb");
	const px_feed_item *b = px_feed_entry(f, 1);
	assert_string_equal(b->link, "https://harbourpost.example/2025/03/ferry"); /* resolved */
	assert_string_equal(b->id, b->link);
	assert_string_equal(b->author, "Tomas Reyl");
	assert_int_equal(b->published, utc(2025, 3, 3, 8, 40, 0)); /* dc:date, +01:00 */
	assert_string_equal(b->image, "https://harbourpost.example/img/ferry.png");
	assert_null(px_feed_entry(f, 2));

	/* The feedparser-shaped JSON: the HTML sanitised, not just flattened. */
	json_t *j = as_json(f);
	assert_string_equal(json_string_value(json_object_get(j, "version")), "rss20");
	json_t *e0 = json_array_get(json_object_get(j, "entries"), 0);
	const char *summary = json_string_value(json_object_get(e0, "summary"));
	assert_null(strstr(summary, "script"));
	assert_null(strstr(summary, "steal"));
	const char *content = json_string_value(
		json_object_get(json_array_get(json_object_get(e0, "content"), 0), "value"));
	assert_null(strstr(content, "onclick"));
	assert_non_null(strstr(content, "<p>"));
	json_t *ad = json_object_get(e0, "author_detail");
	assert_string_equal(json_string_value(json_object_get(ad, "email")),
	                    "newsdesk@harbourpost.example");
	assert_string_equal(json_string_value(json_object_get(ad, "name")), "Ilse Marrow");
	json_t *parsed = json_object_get(e0, "published_parsed");
	assert_int_equal(json_array_size(parsed), 9);
	assert_int_equal(json_integer_value(json_array_get(parsed, 0)), 2025);
	assert_int_equal(json_integer_value(json_array_get(parsed, 6)), 1); /* a Tuesday */
	json_decref(j);
	px_feed_free(f);
}

static void atom_bases_authors_and_xhtml(void **state)
{
	(void)state;
	px_feed *f = parse("atom.xml", "https://valley.example/feed.atom", NULL);
	assert_string_equal(px_feed_link(f), "https://valley.example/news/");
	const px_feed_item *e = px_feed_entry(f, 0);
	assert_string_equal(e->title, "Frost & the orchards");
	assert_string_equal(e->link, "https://valley.example/news/2025/orchard-frost");
	assert_string_equal(e->id, "tag:valley.example,2025:orchard-frost");
	assert_int_equal(e->published, utc(2025, 3, 5, 5, 30, 0));
	assert_int_equal(e->updated, utc(2025, 3, 5, 8, 0, 0));
	assert_string_equal(e->lang, "en");
	assert_non_null(strstr(e->content, "Growers lost a third of the blossom."));
	json_t *j = as_json(f);
	assert_string_equal(json_string_value(json_object_get(j, "version")), "atom10");
	json_t *e0 = json_array_get(json_object_get(j, "entries"), 0);
	json_t *c = json_array_get(json_object_get(e0, "content"), 0);
	/* The wrapping <div> goes; links resolve against the content's base. */
	const char *v = json_string_value(json_object_get(c, "value"));
	assert_int_equal(strncmp(v, "<p>", 3), 0);
	assert_non_null(strstr(v, "https://valley.example/news/2025/orchard-map"));
	assert_string_equal(json_string_value(json_object_get(c, "type")), "application/xhtml+xml");
	assert_string_equal(json_string_value(json_object_get(e0, "author")),
	                    "Mara Quell (mara@valley.example)");
	json_t *tag = json_array_get(json_object_get(e0, "tags"), 0);
	assert_string_equal(json_string_value(json_object_get(tag, "label")), "Weather");
	json_t *self = json_array_get(json_object_get(json_object_get(j, "feed"), "links"), 1);
	assert_string_equal(json_string_value(json_object_get(self, "href")),
	                    "https://valley.example/news/feed.atom");
	json_decref(j);
	px_feed_free(f);
}

static void rdf_and_json_feed(void **state)
{
	(void)state;
	px_feed *f = parse("rdf.xml", NULL, NULL);
	const px_feed_item *e = px_feed_entry(f, 0);
	assert_string_equal(e->title, "Bridge reopens after repairs");
	assert_string_equal(e->author, "Anna Felt");
	assert_int_equal(e->published, utc(2025, 2, 28, 16, 0, 0));
	json_t *j = as_json(f);
	assert_string_equal(json_string_value(json_object_get(j, "version")), "rss10");
	json_decref(j);
	px_feed_free(f);

	f = parse("feed.json", NULL, NULL);
	assert_string_equal(px_feed_title(f), "Quay Notes");
	e = px_feed_entry(f, 0);
	assert_string_equal(e->id, "q-17");
	assert_string_equal(e->link, "https://quaynotes.example/17");
	assert_string_equal(e->content, "Stalls open after dark again.");
	assert_int_equal(e->published, utc(2025, 3, 1, 7, 0, 0));
	assert_string_equal(e->author, "Jo Brand");
	assert_int_equal(e->n_tags, 2);
	assert_string_equal(e->image, "https://quaynotes.example/m.jpg");
	j = as_json(f);
	assert_string_equal(json_string_value(json_object_get(j, "version")), "json11");
	json_decref(j);
	px_feed_free(f);
}

static void encodings_from_the_declaration_bom_or_http(void **state)
{
	(void)state;
	px_feed *f = parse("latin1.xml", NULL, NULL);
	assert_string_equal(px_feed_title(f), "Caf\xc3\xa9 news");
	assert_string_equal(px_feed_entry(f, 0)->title, "Cr\xc3\xa8me br\xc3\xbbl\xc3\xa9" "e week");
	px_feed_free(f);
	f = parse("utf16.xml", NULL, NULL);
	assert_string_equal(px_feed_title(f), "Wide \xc3\xa9" "dition");
	assert_string_equal(px_feed_entry(f, 0)->title, "\xe6\x96\xb0\xe9\x97\xbb");
	px_feed_free(f);
	/* HTTP's charset wins over the declaration. */
	f = parse("latin1.xml", NULL, "application/rss+xml; charset=windows-1252");
	json_t *j = as_json(f);
	assert_string_equal(json_string_value(json_object_get(j, "encoding")), "windows-1252");
	assert_false(px_feed_bozo(f));
	json_decref(j);
	px_feed_free(f);
	/* Undeclared and not UTF-8: the detector's guess, named as IANA does. */
	static const struct { const char *file, *enc, *title; } guessed[] = {
		{ "sjis-undeclared.xml", "Shift_JIS",
		  "\xe6\x9d\xb1\xe4\xba\xac\xe3\x83\x8b\xe3\x83\xa5\xe3\x83\xbc\xe3\x82\xb9" },
		{ "euckr-undeclared.xml", "EUC-KR",
		  "\xec\x84\x9c\xec\x9a\xb8 \xeb\x89\xb4\xec\x8a\xa4" },
		{ "tis620-undeclared.xml", "TIS-620", /* ICU has no Thai: uchardet */
		  "\xe0\xb8\x82\xe0\xb9\x88\xe0\xb8\xb2\xe0\xb8\xa7\xe0\xb8\x81\xe0\xb8\xa3"
		  "\xe0\xb8\xb8\xe0\xb8\x87\xe0\xb9\x80\xe0\xb8\x97\xe0\xb8\x9e" },
	};
	for (size_t i = 0; i < sizeof(guessed) / sizeof(*guessed); i++) {
		f = parse(guessed[i].file, NULL, NULL);
		j = as_json(f);
		assert_string_equal(json_string_value(json_object_get(j, "encoding")), guessed[i].enc);
		assert_true(px_feed_bozo(f));
		assert_string_equal(px_feed_title(f), guessed[i].title);
		json_decref(j);
		px_feed_free(f);
	}
	/* Served as text/plain: read, but flagged. */
	f = parse("rss2.xml", NULL, "text/plain");
	assert_true(px_feed_bozo(f));
	assert_int_equal(px_feed_count(f), 2);
	px_feed_free(f);
}

static void ill_formed_feeds_are_read_and_flagged(void **state)
{
	(void)state;
	px_feed *f = parse("bare-amp.xml", NULL, NULL);
	assert_true(px_feed_bozo(f));
	assert_string_equal(px_feed_title(f), "Fish & Chips Weekly");
	assert_string_equal(px_feed_entry(f, 0)->link, "https://fish.example/?a=1&b=2");
	assert_non_null(strstr(px_feed_entry(f, 0)->title, "prices rise"));
	json_t *j = as_json(f);
	assert_non_null(json_string_value(json_object_get(j, "bozo_exception")));
	json_decref(j);
	px_feed_free(f);
	f = parse("truncated.xml", NULL, NULL);
	assert_true(px_feed_bozo(f));
	assert_int_equal(px_feed_count(f), 2);
	assert_string_equal(px_feed_entry(f, 0)->link, "https://cut.example/1");
	px_feed_free(f);
}

static void entity_bombs_and_external_entities(void **state)
{
	(void)state;
	double t0 = (double)clock() / CLOCKS_PER_SEC;
	px_feed *f = parse("xxe.xml", NULL, NULL);
	double t = (double)clock() / CLOCKS_PER_SEC - t0;
	assert_true(t < 2.0);
	assert_true(px_feed_bozo(f));
	/* /etc/passwd is never read into the feed. */
	assert_null(strstr(px_feed_title(f), "root:"));
	char *s = px_feed_json(f);
	assert_null(strstr(s, "root:"));
	assert_true(strlen(s) < 1 << 20); /* the billion laughs did not expand */
	free(s);
	px_feed_free(f);
}

static void non_feeds_are_refused_with_a_reason(void **state)
{
	(void)state;
	size_t n;
	char *b = fixture("not-a-feed.html", &n);
	px_feed *f = (px_feed *)1;
	px_error err = { 0 };
	assert_int_equal(px_feed_parse(b, n, NULL, NULL, &f, &err), PX_EINVAL);
	assert_null(f);
	assert_non_null(strstr(err.msg, "<html>"));
	free(b);
	assert_int_equal(px_feed_parse("  \n", 3, NULL, NULL, &f, &err), PX_EINVAL);
	assert_non_null(strstr(err.msg, "empty"));
	static const char bin[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
	assert_int_equal(px_feed_parse(bin, sizeof(bin) - 1, NULL, NULL, &f, &err), PX_EINVAL);
	assert_int_equal(px_feed_parse("{\"items\": [1,", 13, NULL, NULL, &f, &err), PX_EINVAL);
	assert_non_null(strstr(err.msg, "JSON"));
}

static void deep_nesting_is_bounded(void **state)
{
	(void)state;
	size_t depth = 100000;
	char *b = malloc(depth * 11 + 256), *w = b;
	w += sprintf(w, "<rss version=\"2.0\"><channel><title>Deep</title><item><description>");
	for (size_t i = 0; i < depth; i++)
		memcpy(w, "<div>", 5), w += 5;
	w += sprintf(w, "inside");
	for (size_t i = 0; i < depth; i++)
		memcpy(w, "</div>", 6), w += 6;
	w += sprintf(w, "</description></item></channel></rss>");
	px_feed *f = NULL;
	px_error err = { 0 };
	double t0 = (double)clock() / CLOCKS_PER_SEC;
	int rc = px_feed_parse(b, (size_t)(w - b), NULL, NULL, &f, &err);
	double t = (double)clock() / CLOCKS_PER_SEC - t0;
	printf("100,000 nested elements: %.2f s, rc %d\n", t, rc);
	assert_true(t < 5.0);
	if (rc == 0) {
		assert_string_equal(px_feed_title(f), "Deep");
		px_feed_free(f);
	} else {
		assert_true(err.msg[0] != 0);
	}
	free(b);
}

static json_t *parse_text(const char *xml)
{
	px_feed *f = NULL;
	px_error err = { 0 };
	if (px_feed_parse(xml, strlen(xml), "http://example.com/feed", NULL, &f, &err) != 0)
		fail_msg("%s", err.msg);
	json_t *j = as_json(f);
	px_feed_free(f);
	return j;
}

static double coord(json_t *where, size_t i, size_t k)
{
	json_t *c = json_object_get(where, "coordinates");
	if (i != (size_t)-1)
		c = json_array_get(c, i);
	return json_number_value(json_array_get(c, k));
}

/* GeoRSS Simple and GML: longitude first, unless a projected system. */
static void where_entries_are(void **state)
{
	(void)state;
	json_t *j = parse_text(
		"<feed xmlns='http://www.w3.org/2005/Atom' xmlns:georss='http://www.georss.org/georss'"
		" xmlns:gml='http://www.opengis.net/gml'>"
		"<entry><georss:point>45.256 -71.92</georss:point></entry>"
		"<entry><georss:where><gml:Point srsName='EPSG:26913'><gml:pos>500 4649</gml:pos>"
		"</gml:Point></georss:where></entry>"
		"<entry><georss:where><gml:Polygon><gml:exterior><gml:LinearRing><gml:posList>"
		"1 2 3 4 5 6 1 2</gml:posList></gml:LinearRing></gml:exterior></gml:Polygon>"
		"</georss:where></entry>"
		"<entry><georss:line>1 2 x 4</georss:line></entry>"
		"<entry><georss:box>1 2 3 4</georss:box></entry>"
		"</feed>");
	json_t *en = json_object_get(j, "entries");
	json_t *w = json_object_get(json_array_get(en, 0), "where");
	assert_string_equal(json_string_value(json_object_get(w, "type")), "Point");
	assert_true(coord(w, (size_t)-1, 0) == -71.92 && coord(w, (size_t)-1, 1) == 45.256);
	w = json_object_get(json_array_get(en, 1), "where");
	assert_true(coord(w, (size_t)-1, 0) == 500 && coord(w, (size_t)-1, 1) == 4649);
	w = json_object_get(json_array_get(en, 2), "where");
	assert_string_equal(json_string_value(json_object_get(w, "type")), "Polygon");
	json_t *ring = json_array_get(json_object_get(w, "coordinates"), 0);
	assert_int_equal(json_array_size(ring), 4);
	assert_true(json_number_value(json_array_get(json_array_get(ring, 1), 0)) == 4);
	w = json_object_get(json_array_get(en, 3), "where"); /* a bad number: nothing */
	assert_true(json_is_object(w) && json_object_size(w) == 0);
	w = json_object_get(json_array_get(en, 4), "where");
	assert_string_equal(json_string_value(json_object_get(w, "type")), "Box");
	assert_true(coord(w, 1, 0) == 4 && coord(w, 1, 1) == 3);
	json_decref(j);
}

/* Podlove Simple Chapters: the first list, starts in seconds. */
static void podcast_chapters(void **state)
{
	(void)state;
	json_t *j = parse_text(
		"<rss version='2.0' xmlns:psc='http://podlove.org/simple-chapters'><channel><item>"
		"<psc:chapters version='1.2'><psc:chapter start='1:02:03.5' title='A' href='/a'/>"
		"<psc:chapter start='99:99' title='B'/></psc:chapters>"
		"<psc:chapters><psc:chapter start='0' title='ignored'/></psc:chapters>"
		"</item></channel></rss>");
	json_t *pc = json_object_get(json_array_get(json_object_get(j, "entries"), 0), "psc_chapters");
	assert_string_equal(json_string_value(json_object_get(pc, "version")), "1.2");
	json_t *ch = json_object_get(pc, "chapters");
	assert_int_equal(json_array_size(ch), 2);
	json_t *a = json_array_get(ch, 0);
	assert_true(json_number_value(json_object_get(a, "start_parsed")) == 3723.5);
	assert_string_equal(json_string_value(json_object_get(a, "href")), "http://example.com/a");
	assert_null(json_object_get(json_array_get(ch, 1), "start_parsed")); /* 99 minutes? no */
	json_decref(j);
}

/* A fetched feed: Content-Language is the default language; the HTTP
 * fields are in the result as feedparser has them. */
static void fetched_feed_keeps_http_metadata(void **state)
{
	(void)state;
	static char body[] = "<feed version='0.3' xmlns='http://purl.org/atom/ns#'>"
	                     "<entry><id xml:lang='fr'>1</id><title>t</title></entry></feed>";
	px_fetch_result r = {
		.status = 200, .body = body, .len = sizeof(body) - 1,
		.url = "http://example.com/f", .base = "http://example.com/f",
		.etag = "\"x\"", .last_modified = "Mon, 03 Apr 2023 01:02:03 GMT",
		.content_language = "en-GB, fr", .content_type = "application/atom+xml",
		.headers = "Content-Type: application/atom+xml\nX-Foo: bar\nContent-Language: en-GB, fr\n",
	};
	px_feed *f = NULL;
	px_error err = { 0 };
	assert_int_equal(px_feed_parse_response(&r, &f, &err), 0);
	json_t *j = as_json(f);
	px_feed_free(f);
	json_t *e = json_array_get(json_object_get(j, "entries"), 0);
	assert_string_equal(json_string_value(json_object_get(json_object_get(e, "title_detail"),
	                                                      "language")), "en-GB");
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "feed"), "language")),
	                    "en-GB");
	assert_int_equal(json_integer_value(json_object_get(j, "status")), 200);
	assert_string_equal(json_string_value(json_object_get(json_object_get(j, "headers"), "x-foo")),
	                    "bar");
	assert_string_equal(json_string_value(json_object_get(j, "etag")), "\"x\"");
	assert_int_equal(json_integer_value(json_array_get(json_object_get(j, "modified_parsed"), 0)),
	                 2023);
	json_decref(j);
}

/* What feedparser keeps besides the common fields: an unknown leaf of an
 * entry under its name (the shallowest one), Media RSS credits and the
 * like, a TypePad-style escaped HTML body, C1 controls as windows-1252. */
static void unknown_elements_media_parts_and_repairs(void **state)
{
	(void)state;
	json_t *j = parse_text(
		"<feed xmlns='http://www.w3.org/2005/Atom' xmlns:fb='http://rssnamespace.org/feedburner/ext/1.0'"
		" xmlns:x='http://x.test/' xmlns:media='http://search.yahoo.com/mrss/'><entry>"
		"<image><x:note>inner</x:note></image><x:note>outer</x:note>"
		"<fb:origLink>http://example.com/a</fb:origLink><x:box><x:in>no</x:in></x:box>"
		"<media:group><media:credit role='photographer'>A. Lens</media:credit>"
		"<media:restriction relationship='deny'>CN RU</media:restriction></media:group>"
		"<content type='html'><div xmlns='http://www.w3.org/1999/xhtml'>A &lt;b&gt;bold&lt;/b&gt; move</div></content>"
		"</entry></feed>");
	json_t *e = json_array_get(json_object_get(j, "entries"), 0);
	assert_string_equal(json_string_value(json_object_get(e, "x_note")), "outer");
	assert_string_equal(json_string_value(json_object_get(e, "feedburner_origlink")),
	                    "http://example.com/a");
	assert_null(json_object_get(e, "x_box")); /* not a leaf */
	json_t *credit = json_array_get(json_object_get(e, "media_credit"), 0);
	assert_string_equal(json_string_value(json_object_get(credit, "role")), "photographer");
	assert_string_equal(json_string_value(json_object_get(credit, "content")), "A. Lens");
	json_t *codes = json_object_get(json_object_get(e, "media_restriction"), "content");
	assert_string_equal(json_string_value(json_array_get(codes, 1)), "ru");
	json_t *content = json_array_get(json_object_get(e, "content"), 0);
	assert_string_equal(json_string_value(json_object_get(content, "value")), "A <b>bold</b> move");
	json_decref(j);

	/* ISO-8859-2 declared; 0x80 and 0x99 are C1 controls there. */
	static const char latin2[] = "<?xml version='1.0' encoding='iso-8859-2'?><rss version='2.0'>"
	                             "<channel><title>\x80 5, Caf\xe9\x99</title></channel></rss>";
	px_feed *f = NULL;
	px_error err = { 0 };
	assert_int_equal(px_feed_parse(latin2, sizeof(latin2) - 1, NULL, NULL, &f, &err), 0);
	assert_string_equal(px_feed_title(f), "\xe2\x82\xac 5, Caf\xc3\xa9\xe2\x84\xa2");
	px_feed_free(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rss2_items_as_the_pipeline_reads_them),
		cmocka_unit_test(atom_bases_authors_and_xhtml),
		cmocka_unit_test(rdf_and_json_feed),
		cmocka_unit_test(encodings_from_the_declaration_bom_or_http),
		cmocka_unit_test(ill_formed_feeds_are_read_and_flagged),
		cmocka_unit_test(entity_bombs_and_external_entities),
		cmocka_unit_test(non_feeds_are_refused_with_a_reason),
		cmocka_unit_test(deep_nesting_is_bounded),
		cmocka_unit_test(where_entries_are),
		cmocka_unit_test(podcast_chapters),
		cmocka_unit_test(fetched_feed_keeps_http_metadata),
		cmocka_unit_test(unknown_elements_media_parts_and_repairs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
