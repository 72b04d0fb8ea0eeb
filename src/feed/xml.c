/*
 * xml.c — RSS, RDF, Atom and CDF feeds read through libxml2's SAX2 events
 * into feedparser's result shape (feed.h).
 *
 * Every feed format is a vocabulary over the same few ideas, so the reader
 * is one table and a handful of behaviours.  An element's name is first
 * made canonical the way feedparser names its handlers: the namespace URI
 * maps to a conventional prefix (any Dublin Core URI to "dc", Atom 0.3 and
 * 1.0 and RSS 1.0 to none ...), joined by "_" and lower-cased: "dc_creator",
 * "content_encoded", "title".  The table then says what the element is:
 *
 *   - a container that opens a context (the feed, an entry, an image, a
 *     text input, a source, a person): fields inside go to that object;
 *   - a field whose text is captured (title, summary, dates, ids ...) and
 *     stored on the current context when it ends, text constructs with a
 *     *_detail {type, language, base, value};
 *   - an element read from its attributes (Atom links, enclosures, media
 *     thumbnails, categories, cloud).
 *
 * Inside a captured field, child elements are markup, not structure (RSS
 * description with raw <p>, Atom type="xhtml"): they are written back into
 * the captured text as tags.  xml:base and xml:lang are inherited down the
 * element stack; links resolve against the base in effect.  HTML fields are
 * sanitised and their links resolved (html.c) when they end.
 *
 * libxml2 parses in recovery mode: a well-formedness error sets bozo with
 * its line and the parse goes on with what libxml2 recovers.  External
 * entities are never loaded (no network, no files); HTML's named entities,
 * undeclared in a feed, are read as HTML reads them (and make it bozo).
 */
#include "feed.h"

#include <libxml/HTMLparser.h>
#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <strings.h>

#include "date.h"
#include "html.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/url.h"
#include "util/utf8.h"

/* ------------------------------------------------------------ namespaces */

static const struct {
	const char *uri, *prefix;
} namespaces[] = {
	{ "http://backend.userland.com/rss", "" },
	{ "http://blogs.law.harvard.edu/tech/rss", "" },
	{ "http://purl.org/rss/1.0/", "" },
	{ "http://my.netscape.com/rdf/simple/0.9/", "" },
	{ "http://example.com/newformat#", "" },
	{ "http://example.com/necho", "" },
	{ "http://purl.org/echo/", "" },
	{ "uri/of/echo/namespace#", "" },
	{ "http://purl.org/pie/", "" },
	{ "http://purl.org/atom/ns#", "" },
	{ "http://www.w3.org/2005/Atom", "" },
	{ "http://purl.org/rss/1.0/modules/rss091#", "" },
	{ "http://webns.net/mvcb/", "admin" },
	{ "http://purl.org/rss/1.0/modules/aggregation/", "ag" },
	{ "http://purl.org/rss/1.0/modules/annotate/", "annotate" },
	{ "http://creativecommons.org/ns#license", "cc" },
	{ "http://web.resource.org/cc/", "cc" },
	{ "http://cyber.law.harvard.edu/rss/creativeCommonsRssModule.html", "creativeCommons" },
	{ "http://backend.userland.com/creativeCommonsRssModule", "creativeCommons" },
	{ "http://purl.org/rss/1.0/modules/content/", "content" },
	{ "http://purl.org/dc/elements/1.1/", "dc" },
	{ "http://purl.org/dc/terms/", "dcterms" },
	{ "http://rssnamespace.org/feedburner/ext/1.0", "feedburner" },
	{ "http://www.w3.org/2003/01/geo/wgs84_pos#", "geo" },
	{ "http://www.georss.org/georss", "georss" },
	{ "http://www.opengis.net/gml", "gml" },
	{ "http://www.itunes.com/DTDs/PodCast-1.0.dtd", "itunes" },
	{ "http://example.com/DTDs/PodCast-1.0.dtd", "itunes" },
	{ "http://search.yahoo.com/mrss", "media" },
	{ "http://search.yahoo.com/mrss/", "media" },
	{ "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "rdf" },
	{ "http://www.w3.org/2000/01/rdf-schema#", "rdfs" },
	{ "http://purl.org/rss/1.0/modules/slash/", "slash" },
	{ "http://purl.org/rss/1.0/modules/syndication/", "sy" },
	{ "http://purl.org/rss/1.0/modules/taxonomy/", "taxo" },
	{ "http://www.w3.org/1999/xhtml", "xhtml" },
	{ "http://www.w3.org/XML/1998/namespace", "xml" },
	{ "http://podlove.org/simple-chapters", "psc" },
	{ "http://wellformedweb.org/CommentAPI/", "wfw" },
	{ "http://purl.org/syndication/thread/1.0", "thr" },
};

/* The conventional prefix of namespace URI (NULL: none), else the
 * document's own prefix lower-cased (NULL: ""). */
static const char *ns_prefix(const char *uri, const char *doc_prefix)
{
	if (!uri || !*uri)
		return doc_prefix ? doc_prefix : "";
	for (size_t i = 0; i < sizeof(namespaces) / sizeof(*namespaces); i++)
		if (!strcasecmp(uri, namespaces[i].uri))
			return namespaces[i].prefix;
	if (!strncasecmp(uri, "http://purl.org/dc/elements/", 28))
		return "dc";
	for (const char *p = uri; *p; p++) /* any of UserLand's RSS namespaces */
		if (!strncasecmp(p, "backend.userland.com/rss", 24))
			return "";
	return doc_prefix ? doc_prefix : "";
}

/* ------------------------------------------------------------ the table */

enum kind {
	K_UNKNOWN,
	K_ROOT,      /* rss, rdf, feed (atom), channel: the feed itself */
	K_ENTRY,     /* item, entry */
	K_TEXT,      /* a text construct: KEY and KEY_detail */
	K_CONTENT,   /* an entry of the content list */
	K_STRING,    /* plain text */
	K_DATE,      /* KEY and KEY_parsed */
	K_LINK,      /* RSS text link or Atom attribute link */
	K_ID,        /* guid / id */
	K_PERSON,    /* author, contributor, publisher ... */
	K_NAME, K_EMAIL, K_URL, /* parts of a person */
	K_IMAGE, K_TEXTINPUT, K_SOURCE,
	K_CATEGORY,  /* a tag from the text or the term attribute */
	K_ENCLOSURE, K_CLOUD, /* read from its attributes, names lower-cased */
	K_MEDIA_CONTENT, K_MEDIA_THUMBNAIL,
	K_GENERATOR, /* text + uri/url/version attributes */
	K_RESOURCE,  /* rdf:resource attribute read into KEY */
	K_LICENSE,   /* a link with rel="license" */
	K_ITUNES_IMAGE, K_ITUNES_CATEGORY, K_ITUNES_BOOL, K_ITUNES_KEYWORDS,
	K_VALIDITY,  /* dcterms:valid */
	K_GEO_WHERE, /* georss:where: a GML geometry follows */
	K_GEORSS,    /* georss:point, line, polygon, box: positions as text */
	K_GML,       /* gml:Point, LineString, Polygon: the kind and the axes */
	K_GML_POS,   /* gml:pos, gml:posList: the positions */
	K_PSC_CHAPTERS, K_PSC_CHAPTER, /* Podlove Simple Chapters */
	K_MEDIA_PART, /* media:credit, restriction, license, rating, player:
	                 attributes and the text as "content" */
};

typedef struct row {
	const char *name;   /* canonical element name */
	enum kind kind;
	const char *key;    /* the field it fills */
} row;

static const row rows[] = {
	{ "rss", K_ROOT, NULL }, { "rdf_rdf", K_ROOT, NULL }, { "feed", K_ROOT, NULL },
	{ "channel", K_ROOT, NULL }, { "feedinfo", K_ROOT, NULL },
	{ "item", K_ENTRY, NULL }, { "entry", K_ENTRY, NULL }, { "product", K_ENTRY, NULL },
	{ "title", K_TEXT, "title" }, { "dc_title", K_TEXT, "title" },
	{ "subtitle", K_TEXT, "subtitle" }, { "tagline", K_TEXT, "subtitle" },
	{ "itunes_subtitle", K_TEXT, "subtitle" },
	{ "description", K_TEXT, "description" }, { "dc_description", K_TEXT, "description" },
	{ "summary", K_TEXT, "summary" }, { "abstract", K_TEXT, "description" },
	{ "itunes_summary", K_TEXT, "summary" },
	{ "rights", K_TEXT, "rights" }, { "copyright", K_TEXT, "rights" },
	{ "dc_rights", K_TEXT, "rights" }, { "info", K_TEXT, "info" },
	{ "feedburner_browserfriendly", K_TEXT, "info" },
	{ "content", K_CONTENT, "content" }, { "content_encoded", K_CONTENT, "content" },
	{ "body", K_CONTENT, "content" }, { "xhtml_body", K_CONTENT, "content" },
	{ "fullitem", K_CONTENT, "content" },
	{ "language", K_STRING, "language" }, { "dc_language", K_STRING, "language" },
	{ "ttl", K_STRING, "ttl" }, { "docs", K_STRING, "docs" },
	{ "comments", K_STRING, "comments" }, { "icon", K_STRING, "icon" },
	{ "logo", K_STRING, "logo" }, { "itunes_duration", K_STRING, "itunes_duration" },
	{ "published", K_DATE, "published" }, { "pubdate", K_DATE, "published" },
	{ "issued", K_DATE, "published" }, { "dcterms_issued", K_DATE, "published" },
	{ "updated", K_DATE, "updated" }, { "modified", K_DATE, "updated" },
	{ "lastbuilddate", K_DATE, "updated" }, { "dc_date", K_DATE, "updated" },
	{ "dcterms_modified", K_DATE, "updated" },
	{ "created", K_DATE, "created" }, { "dcterms_created", K_DATE, "created" },
	{ "expirationdate", K_DATE, "expired" }, { "dcterms_valid", K_VALIDITY, "validity" },
	{ "link", K_LINK, "link" },
	{ "guid", K_ID, "id" }, { "id", K_ID, "id" },
	{ "author", K_PERSON, "author" }, { "managingeditor", K_PERSON, "author" },
	{ "dc_creator", K_PERSON, "author" }, { "dc_author", K_PERSON, "author" },
	{ "itunes_author", K_PERSON, "author" },
	{ "contributor", K_PERSON, "contributor" }, { "dc_contributor", K_PERSON, "contributor" },
	{ "webmaster", K_PERSON, "publisher" }, { "dc_publisher", K_PERSON, "publisher" },
	{ "itunes_owner", K_PERSON, "publisher" },
	{ "name", K_NAME, "name" }, { "itunes_name", K_NAME, "name" },
	{ "email", K_EMAIL, "email" }, { "itunes_email", K_EMAIL, "email" },
	{ "uri", K_URL, "href" }, { "url", K_URL, "href" }, { "homepage", K_URL, "href" },
	{ "image", K_IMAGE, "image" }, { "textinput", K_TEXTINPUT, "textinput" },
	{ "source", K_SOURCE, "source" },
	{ "category", K_CATEGORY, "tags" }, { "dc_subject", K_CATEGORY, "tags" },
	{ "keywords", K_CATEGORY, "tags" },
	{ "enclosure", K_ENCLOSURE, "enclosures" }, { "cloud", K_CLOUD, "cloud" },
	{ "media_content", K_MEDIA_CONTENT, "media_content" },
	{ "media_thumbnail", K_MEDIA_THUMBNAIL, "media_thumbnail" },
	{ "generator", K_GENERATOR, "generator" },
	{ "admin_generatoragent", K_RESOURCE, "generator" },
	{ "admin_errorreportsto", K_RESOURCE, "errorreportsurl" },
	{ "cc_license", K_LICENSE, "license" }, { "creativecommons_license", K_LICENSE, "license" },
	{ "media_category", K_CATEGORY, "tags" }, { "media_title", K_STRING, "media_title" },
	{ "itunes_image", K_ITUNES_IMAGE, "image" }, { "itunes_link", K_ITUNES_IMAGE, "image" },
	{ "itunes_category", K_ITUNES_CATEGORY, "tags" },
	{ "itunes_explicit", K_ITUNES_BOOL, "itunes_explicit" },
	{ "itunes_block", K_ITUNES_BOOL, "itunes_block" },
	{ "itunes_keywords", K_ITUNES_KEYWORDS, "tags" }, { "tags", K_ITUNES_KEYWORDS, "tags" },
	{ "newlocation", K_STRING, "newlocation" },
	{ "wfw_comment", K_STRING, "wfw_comment" }, { "wfw_commentrss", K_STRING, "wfw_commentrss" },
	{ "thr_in-reply-to", K_CLOUD, "thr_in-reply-to" },
	{ "georss_where", K_GEO_WHERE, "where" }, { "georss_point", K_GEORSS, "Point" },
	{ "georss_line", K_GEORSS, "LineString" }, { "georss_polygon", K_GEORSS, "Polygon" },
	{ "georss_box", K_GEORSS, "Box" }, { "gml_point", K_GML, "Point" },
	{ "gml_linestring", K_GML, "LineString" }, { "gml_polygon", K_GML, "Polygon" },
	{ "gml_pos", K_GML_POS, "Point" }, { "gml_poslist", K_GML_POS, NULL },
	{ "psc_chapters", K_PSC_CHAPTERS, "psc_chapters" },
	{ "psc_chapter", K_PSC_CHAPTER, "chapters" },
	{ "media_description", K_TEXT, "summary" },
	{ "media_credit", K_MEDIA_PART, "media_credit" },
	{ "media_restriction", K_MEDIA_PART, "media_restriction" },
	{ "media_license", K_MEDIA_PART, "media_license" },
	{ "media_rating", K_MEDIA_PART, "media_rating" },
	{ "media_player", K_MEDIA_PART, "media_player" },
	/* Fields of an image or a text input that share names with others. */
	{ "width", K_STRING, "width" }, { "height", K_STRING, "height" },
};

static const row unknown_row = { "", K_UNKNOWN, NULL };

static const row *row_of(const char *name)
{
	for (size_t i = 0; i < sizeof(rows) / sizeof(*rows); i++)
		if (!strcmp(rows[i].name, name))
			return &rows[i];
	return &unknown_row;
}

/* ------------------------------------------------------------ state */

enum { MAX_DEPTH = 256, MAX_CONTEXT = 64 };

/* What a context object is. */
enum ctx_kind { CTX_FEED, CTX_ENTRY, CTX_PERSON, CTX_IMAGE, CTX_TEXTINPUT, CTX_SOURCE };

typedef struct capture {
	const row *row;
	px_buf text;
	const char *type;     /* text/plain, text/html, application/xhtml+xml */
	const char *mode;     /* Atom 0.3: escaped, base64, xml */
	const char *src;      /* Atom content by reference */
	const char *rel, *link_type; /* a link written as text */
	int second_summary;   /* a summary after a summary: content */
	const char *base, *lang;
	int depth;            /* element depth where it started */
	int markup;           /* children are written into the text as tags */
	const char *name;     /* an unknown element's canonical name */
	int escaped_html;     /* Atom 1.0 type="html" wrapped in elements:
	                         the text inside is the HTML (TypePad did it) */
	json_t *part;         /* a media part's object */
	json_t *ctx;          /* the object it belongs to */
	enum ctx_kind kind;   /* and what that object is */
} capture;

typedef struct elem {
	const row *row;
	const char *base, *lang;
	int contexts;         /* contexts it pushed */
	int children;         /* child elements seen (an Atom person has them) */
} elem;

typedef struct reader {
	json_t *root, *feed, *entries;
	px_arena *a;
	const char *url;          /* the document's address: the first base */
	const char *lang;         /* the language where no xml:lang says one */
	xmlDocPtr entity_doc;     /* HTML entities made on demand */
	elem stack[MAX_DEPTH];
	int depth;
	json_t *ctx[MAX_CONTEXT]; /* innermost last; [0] = feed */
	enum ctx_kind ctx_kind[MAX_CONTEXT];
	int n_ctx;
	capture caps[MAX_DEPTH];
	int n_caps;
	int in_entry;
	int atom;                 /* 3 (0.3), 10 (1.0) or 0 */
	int netscape;             /* Netscape's RSS 0.91 DOCTYPE */
	int utf8;                 /* the document is UTF-8 */
	char root_name[64];       /* the document element, for the error */
	int cdf;                  /* a CDF document (its BASE attribute counts) */
	int version_set;
	const char *gml_kind;     /* the GML geometry being read: "Point" ... */
	int gml_swap, gml_dims;   /* its axes: latitude first?  2 or 3 numbers */
	int psc_skip;             /* inside a second psc:chapters: ignored */
} reader;

static json_t *ctx_top(reader *r)
{
	return r->ctx[r->n_ctx - 1];
}

static void ctx_push(reader *r, elem *e, json_t *o, enum ctx_kind kind)
{
	if (r->n_ctx < MAX_CONTEXT) {
		r->ctx_kind[r->n_ctx] = kind;
		r->ctx[r->n_ctx++] = o;
		e->contexts++;
	}
}

static enum ctx_kind ctx_kind(reader *r)
{
	return r->ctx_kind[r->n_ctx - 1];
}

static void set_str(json_t *o, const char *key, const char *v)
{
	if (v)
		json_object_set_new(o, key, json_string(v));
}

static const char *get_str(json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

/* List KEY of O, created on first use. */
static json_t *list_of(json_t *o, const char *key)
{
	json_t *l = json_object_get(o, key);
	if (!json_is_array(l)) {
		l = json_array();
		json_object_set_new(o, key, l);
	}
	return l;
}

static void set_version(reader *r, const char *v)
{
	if (!r->version_set) {
		json_object_set_new(r->root, "version", json_string(v));
		r->version_set = 1;
	}
}

/* REF resolved against BASE with libcurl's URL parser; REF itself when it
 * cannot be (no base, an unsupported scheme, a malformed base). */
static const char *resolve(reader *r, const char *base, const char *ref)
{
	if (!ref)
		return NULL;
	while (*ref == ' ' || *ref == '\t' || *ref == '\n' || *ref == '\r')
		ref++;
	char *abs = base && *base ? px_url_resolve(base, ref) : NULL;
	const char *out = px_arena_strdup(r->a, abs ? abs : ref);
	free(abs);
	return out;
}

/* A language tag as feeds write it, in the arena: en_US is en-US (NULL
 * stays NULL; "" stays "", which clears an inherited one). */
static char *lang_tag(px_arena *a, const char *s)
{
	if (!s)
		return NULL;
	char *t = px_arena_strdup(a, s);
	for (char *c = t; *c; c++)
		if (*c == '_')
			*c = '-';
	return t;
}

/* 1 if URL may serve as a base: no script or data scheme. */
static int safe_base(const char *url)
{
	static const char *const bad[] = { "javascript:", "vbscript:", "data:", "livescript:" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		if (url && !strncasecmp(url, bad[i], strlen(bad[i])))
			return 0;
	return url != NULL;
}

/* The value of attribute LOCAL (any namespace when NS is NULL) among
 * libxml2's SAX2 attributes: 5 pointers each (local, prefix, URI, value
 * start, value end), in the reader's arena. */
static const char *attr(reader *r, int n, const xmlChar **attrs, const char *local,
                        const char *ns)
{
	for (int i = 0; i < n; i++) {
		const char *name = (const char *)attrs[5 * i];
		const char *uri = (const char *)attrs[5 * i + 2];
		if (strcasecmp(name, local))
			continue;
		if (ns && (!uri || strcmp(uri, ns)))
			continue;
		const char *v = (const char *)attrs[5 * i + 3], *e = (const char *)attrs[5 * i + 4];
		return px_arena_strndup(r->a, v, (size_t)(e - v));
	}
	return NULL;
}

#define XML_NS "http://www.w3.org/XML/1998/namespace"
#define RDF_NS "http://www.w3.org/1999/02/22-rdf-syntax-ns#"

/* ------------------------------------------------------------ captures */

static capture *capture_open(reader *r, const row *w, const char *type)
{
	if (r->n_caps >= MAX_DEPTH)
		return NULL;
	capture *c = &r->caps[r->n_caps++];
	memset(c, 0, sizeof(*c));
	c->row = w;
	c->type = type;
	c->depth = r->depth;
	c->base = r->stack[r->depth - 1].base;
	c->lang = r->stack[r->depth - 1].lang;
	c->ctx = ctx_top(r);
	c->kind = ctx_kind(r);
	return c;
}

static capture *capture_top(reader *r)
{
	return r->n_caps ? &r->caps[r->n_caps - 1] : NULL;
}

/* Text with & < > " escaped, for markup written back into a capture. */
static void put_escaped(px_buf *b, const char *s, size_t n, int quote)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '&': px_buf_puts(b, "&amp;"); break;
		case '<': px_buf_puts(b, "&lt;"); break;
		case '>': px_buf_puts(b, "&gt;"); break;
		case '"':
			if (quote) {
				px_buf_puts(b, "&quot;");
				break;
			}
			/* fall through */
		default: px_buf_putc(b, s[i]);
		}
	}
}

static int is_html_type(const char *t)
{
	return t && (!strcmp(t, "text/html") || !strcmp(t, "application/xhtml+xml"));
}

/* feedparser's test for text that is HTML although declared plain: a
 * closing tag or an entity reference in it. */
static int looks_like_html(const char *s)
{
	const char *p = s;
	int tag = 0;
	while ((p = strstr(p, "</")) != NULL) {
		if ((p[2] >= 'a' && p[2] <= 'z') || (p[2] >= 'A' && p[2] <= 'Z')) {
			tag = 1;
			break;
		}
		p += 2;
	}
	if (tag)
		return 1;
	for (p = s; (p = strchr(p, '&')) != NULL; p++) {
		const char *q = p + 1;
		if (*q == '#')
			q++;
		const char *w = q;
		while ((*q >= 'a' && *q <= 'z') || (*q >= 'A' && *q <= 'Z') || (*q >= '0' && *q <= '9'))
			q++;
		if (q > w && *q == ';')
			return 1;
	}
	return 0;
}

static int base64_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

/* S decoded from base64 into A; NULL when S is not base64. */
static char *base64_decode(px_arena *a, const char *s)
{
	size_t n = strlen(s);
	char *out = px_arena_alloc(a, n + 1), *o = out;
	unsigned acc = 0;
	int bits = 0;
	for (const char *p = s; *p; p++) {
		if (*p == '=' || *p == ' ' || *p == '\n' || *p == '\r' || *p == '\t')
			continue;
		int v = base64_value(*p);
		if (v < 0)
			return NULL;
		acc = acc << 6 | (unsigned)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			*o++ = (char)(acc >> bits & 0xFF);
		}
	}
	*o = 0;
	return out;
}

static void trim(char *s)
{
	size_t n = strlen(s), i = 0;
	while (i < n && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r'))
		i++;
	while (n > i && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	memmove(s, s + i, n - i);
	s[n - i] = 0;
}

/* V without one <div> around all of it (and only then). */
static char *strip_div(char *v)
{
	size_t n = strlen(v);
	if (strncmp(v, "<div", 4) || (v[4] != '>' && v[4] != ' ') || n < 11 ||
	    strcmp(v + n - 6, "</div>"))
		return v;
	/* The first <div> must close at the very end. */
	int depth = 0;
	for (char *p = v; p < v + n - 6; p++) {
		if (*p != '<')
			continue;
		if (p[1] == '/') {
			if (--depth == 0)
				return v;
		} else {
			char *gt = strchr(p, '>');
			if (gt && gt[-1] != '/')
				depth++;
		}
	}
	char *open_end = strchr(v, '>');
	v[n - 6] = 0;
	memmove(v, open_end + 1, strlen(open_end + 1) + 1);
	trim(v);
	return v;
}

/* A text construct's detail object. */
static json_t *detail(const capture *c, const char *type, const char *value)
{
	json_t *d = json_object();
	set_str(d, "type", type);
	json_object_set_new(d, "language", c->lang ? json_string(c->lang) : json_null());
	json_object_set_new(d, "base", json_string(c->base ? c->base : ""));
	set_str(d, "value", value);
	return d;
}

/* The captured text, finished: base64 decoded, trimmed, type settled
 * (plain text that looks like HTML becomes HTML), HTML sanitised with its
 * links resolved.  *TYPE gets the type. */
static char *finish_text(reader *r, capture *c, const char **type)
{
	char *v = px_arena_strdup(r->a, px_buf_str(&c->text));
	const char *t = c->type ? c->type : "text/plain";
	trim(v);
	/* Atom 1.0 XHTML sits in one <div> that is not content. */
	if (r->atom == 10 && (!strcmp(t, "application/xhtml+xml") || c->escaped_html))
		v = strip_div(v);
	/* Base64: Atom 0.3's mode, Atom 1.0's non-text types. */
	int base64 = c->mode ? !strcmp(c->mode, "base64")
	             : r->atom == 10 && strncmp(t, "text/", 5) && !strstr(t, "xml");
	if (base64) { /* kept as written unless it decodes to UTF-8 text */
		char *d = base64_decode(r->a, v);
		if (d && px_utf8_valid(d, strlen(d)))
			v = d;
	}
	if (!r->atom && !strcmp(t, "text/plain") && !c->markup && looks_like_html(v))
		t = "text/html";
	if (c->markup && !strcmp(t, "text/plain"))
		t = "application/xhtml+xml";
	if (is_html_type(t))
		v = feed_html_sanitize(v, strlen(v), c->base, r->a);
	*type = t;
	return v;
}

/* Sets KEY on the context from a person's fields: "name (email)". */
static void person_sync(json_t *ctx, const char *key, json_t *d)
{
	const char *name = get_str(d, "name"), *email = get_str(d, "email");
	char buf[1024];
	if (name && email) {
		snprintf(buf, sizeof(buf), "%s (%s)", name, email);
		set_str(ctx, key, buf);
	} else if (name) {
		set_str(ctx, key, name);
	} else if (email) {
		set_str(ctx, key, email);
	}
}

/* An RSS author written as text: "me@example.com (Name)", "Name
 * <me@example.com>" or a name alone: CTX[KEY] is the text, the detail D
 * gets its parts. */
static void person_from_text(reader *r, json_t *ctx, const char *key, const char *text,
                             json_t *d)
{
	set_str(ctx, key, text);
	const char *at = strchr(text, '@');
	char *name = px_arena_strdup(r->a, text);
	if (at) {
		const char *s = at, *e = at;
		while (s > text && (s[-1] == '.' || s[-1] == '_' || s[-1] == '-' || s[-1] == '+' ||
		                    (s[-1] >= 'a' && s[-1] <= 'z') || (s[-1] >= 'A' && s[-1] <= 'Z') ||
		                    (s[-1] >= '0' && s[-1] <= '9')))
			s--;
		while (e[1] && (e[1] == '.' || e[1] == '-' || (e[1] >= 'a' && e[1] <= 'z') ||
		                (e[1] >= 'A' && e[1] <= 'Z') || (e[1] >= '0' && e[1] <= '9')))
			e++;
		if (e > at && s < at) {
			char *email = px_arena_strndup(r->a, s, (size_t)(e - s + 1));
			set_str(d, "email", email);
			/* The name: the rest, without "()", "<>" and one pair of parentheses. */
			px_buf b = PX_BUF_INIT;
			px_buf_add(&b, text, (size_t)(s - text));
			px_buf_puts(&b, e + 1);
			char *rest = px_arena_strdup(r->a, px_buf_str(&b));
			px_buf_free(&b);
			char *p;
			while ((p = strstr(rest, "()")) != NULL || (p = strstr(rest, "<>")) != NULL)
				memmove(p, p + 2, strlen(p + 2) + 1);
			trim(rest);
			size_t k = strlen(rest);
			if (k && rest[0] == '(')
				memmove(rest, rest + 1, k--);
			if (k && rest[k - 1] == ')')
				rest[--k] = 0;
			trim(rest);
			name = rest;
		}
	}
	if (*name)
		set_str(d, "name", name);
}

static void add_tag(json_t *ctx, const char *term, const char *scheme, const char *label)
{
	if (!term && !scheme && !label)
		return;
	json_t *tags = list_of(ctx, "tags");
	json_t *t = json_object();
	json_object_set_new(t, "term", term ? json_string(term) : json_null());
	json_object_set_new(t, "scheme", scheme ? json_string(scheme) : json_null());
	json_object_set_new(t, "label", label ? json_string(label) : json_null());
	for (size_t i = 0; i < json_array_size(tags); i++)
		if (json_equal(json_array_get(tags, i), t)) {
			json_decref(t);
			return;
		}
	json_array_append_new(tags, t);
}

/* Text repaired as feedparser repairs it: in a UTF-8 document (UTF8),
 * UTF-8 that was read as Latin-1 and encoded again ("donâ€™t") decoded
 * once more, when every character is below U+0100 and the bytes are
 * UTF-8; then, whatever the encoding, C1 controls, which are
 * windows-1252 punctuation written as Latin-1, mapped to what they meant. */
static void repair_text(px_buf *b, int utf8)
{
	static const uint16_t cp1252[32] = {
		0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
		0x2039, 0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
		0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178
	};
	/* Both repairs start at a C2 or C3 byte (U+0080..U+00FF); most text
	 * has none, and is left at once. */
	if (!b->len || (!memchr(b->s, 0xC2, b->len) && !memchr(b->s, 0xC3, b->len)))
		return;
	/* Latin-1 bytes of the text, if every character fits one. */
	unsigned char *lat = px_xmalloc(b->len + 1);
	size_t k = 0;
	int high = 0, fits = utf8;
	for (size_t i = 0; fits && i < b->len; i++) {
		unsigned char c = (unsigned char)b->s[i];
		if (c < 0x80) {
			lat[k++] = c;
		} else if ((c == 0xC2 || c == 0xC3) && i + 1 < b->len) {
			lat[k++] = (unsigned char)(((c & 0x1F) << 6) | ((unsigned char)b->s[++i] & 0x3F));
			high = 1;
		} else {
			fits = 0;
			break;
		}
	}
	lat[k] = 0;
	if (fits && high && px_utf8_valid((const char *)lat, k)) {
		px_buf_reset(b);
		px_buf_add(b, lat, k);
	}
	free(lat);
	/* C1 controls (U+0080..U+009F, bytes C2 80..C2 9F). */
	px_buf o = PX_BUF_INIT;
	int changed = 0;
	for (size_t i = 0; i < b->len; i++) {
		unsigned char c = (unsigned char)b->s[i];
		if (c == 0xC2 && i + 1 < b->len && (unsigned char)b->s[i + 1] >= 0x80 &&
		    (unsigned char)b->s[i + 1] <= 0x9F && cp1252[(unsigned char)b->s[i + 1] - 0x80]) {
			unsigned u = cp1252[(unsigned char)b->s[++i] - 0x80];
			char e[4];
			size_t m = 0;
			if (u < 0x800) {
				e[m++] = (char)(0xC0 | u >> 6);
			} else {
				e[m++] = (char)(0xE0 | u >> 12);
				e[m++] = (char)(0x80 | (u >> 6 & 0x3F));
			}
			e[m++] = (char)(0x80 | (u & 0x3F));
			px_buf_add(&o, e, m);
			changed = 1;
		} else {
			px_buf_putc(&o, (char)c);
		}
	}
	if (changed) {
		px_buf_free(b);
		*b = o;
	} else {
		px_buf_free(&o);
	}
}

/* A Podlove chapter's start, "[[HH:]MM:]SS[.mmm]" (hours of any width),
 * in seconds into *OUT; 0 if it is not one. */
static int psc_seconds(const char *s, double *out)
{
	double total = 0;
	int parts = 0;
	for (;;) {
		if (*s < '0' || *s > '9')
			return 0;
		char *end;
		long n = strtol(s, &end, 10);
		if (parts && (end - s != 2 || n > 59)) /* minutes, seconds: two digits */
			return 0;
		total = total * 60 + (double)n;
		parts++;
		s = end;
		if (*s != ':')
			break;
		if (parts == 3)
			return 0;
		s++;
	}
	if (*s == '.') {
		if (s[1] < '0' || s[1] > '9')
			return 0;
		char *end;
		total += strtod(s, &end);
		s = end;
	}
	if (*s)
		return 0;
	*out = total;
	return 1;
}

/* Ends capture C: the text goes to its context as its row says. */
static void capture_close(reader *r, capture *c)
{
	const row *w = c->row;
	json_t *ctx = c->ctx;
	const char *type = NULL;
	repair_text(&c->text, r->utf8);
	switch (w->kind) {
	case K_TEXT: {
		char *v = finish_text(r, c, &type);
		const char *key = w->key;
		/* RSS "description": the entry's summary, the feed's subtitle. */
		if (!strcmp(key, "description"))
			key = ctx == r->feed ? "subtitle" : "summary";
		/* A second summary before any content is the content. */
		if (!strcmp(key, "summary") && c->second_summary) {
			json_t *d = detail(c, type, v);
			json_array_append_new(list_of(ctx, "content"), d);
			break;
		}
		if ((!strcmp(w->name, "itunes_summary") || !strcmp(w->name, "media_description")) &&
		    json_object_get(ctx, "summary") && ctx != r->feed)
			break; /* itunes:summary and a media caption never override */
		char dk[64];
		snprintf(dk, sizeof(dk), "%s_detail", key);
		set_str(ctx, key, v);
		json_object_set_new(ctx, dk, detail(c, type, v));
		break;
	}
	case K_CONTENT: {
		char *v = finish_text(r, c, &type);
		json_t *d = detail(c, type, v);
		set_str(d, "src", c->src);
		json_array_append_new(list_of(ctx, "content"), d);
		/* Text or HTML content is the summary too, where there is none. */
		if (!json_object_get(ctx, "summary") &&
		    (!strcmp(type, "text/plain") || is_html_type(type)))
			set_str(ctx, "summary", v);
		break;
	}
	case K_STRING: {
		char *v = px_arena_strdup(r->a, px_buf_str(&c->text));
		trim(v);
		if (!strcmp(w->key, "width") || !strcmp(w->key, "height")) {
			char *end;
			long k = strtol(v, &end, 10);
			json_object_set_new(ctx, w->key, json_integer(*v && !*end ? k : 0));
			break;
		}
		if (!strcmp(w->key, "docs") || !strcmp(w->key, "comments") ||
		    !strcmp(w->key, "icon") || !strcmp(w->key, "logo") ||
		    !strncmp(w->key, "wfw_", 4))
			v = (char *)resolve(r, c->base, v);
		set_str(ctx, w->key, v);
		break;
	}
	case K_VALIDITY: { /* "start=…; end=…; scheme=W3C-DTF" */
		char *v = px_arena_strdup(r->a, px_buf_str(&c->text));
		for (char *part = strtok(v, ";"); part; part = strtok(NULL, ";")) {
			char *eq = strchr(part, '=');
			if (!eq)
				continue;
			*eq = 0;
			trim(part);
			char *val = eq + 1;
			trim(val);
			if (!strcmp(part, "start"))
				feed_set_date(ctx, "validity_start", val);
			else if (!strcmp(part, "end"))
				feed_set_date(ctx, "validity_end", val);
		}
		break;
	}
	case K_DATE: {
		char *v = px_arena_strdup(r->a, px_buf_str(&c->text));
		trim(v);
		feed_set_date(ctx, w->key, v);
		break;
	}
	case K_LINK: {
		char *v = px_arena_strdup(r->a, px_buf_str(&c->text));
		trim(v);
		if (!*v)
			break;
		const char *href = resolve(r, c->base, v);
		int alternate = !c->rel || !strcmp(c->rel, "alternate");
		if (alternate)
			set_str(ctx, "link", href);
		if (c->kind != CTX_FEED && c->kind != CTX_ENTRY && c->kind != CTX_SOURCE)
			break;
		json_t *l = json_object();
		set_str(l, "rel", c->rel ? c->rel : "alternate");
		set_str(l, "type", c->link_type ? c->link_type : "text/html");
		set_str(l, "href", href);
		json_array_append_new(list_of(ctx, "links"), l);
		break;
	}
	case K_ID: {
		char *v = px_arena_strdup(r->a, px_buf_str(&c->text));
		trim(v);
		if (json_is_true(json_object_get(ctx, "guidislink")))
			v = (char *)resolve(r, c->base, v);
		set_str(ctx, "id", v);
		break;
	}
	case K_NAME: case K_EMAIL: case K_URL: {
		char *v = px_arena_strdup(r->a, px_buf_str(&c->text));
		trim(v);
		if (w->kind == K_URL)
			v = (char *)resolve(r, c->base, v);
		set_str(ctx, w->key, v);
		break;
	}
	case K_PERSON: { /* an RSS author as text (no child elements) */
		char *v = px_arena_strdup(r->a, px_buf_str(&c->text));
		trim(v);
		if (*v && !r->stack[c->depth - 1].children)
			person_from_text(r, ctx, w->key, v, ctx_top(r));
		break;
	}
	case K_CATEGORY: case K_ITUNES_KEYWORDS: {
		char *v = px_arena_strdup(r->a, px_buf_str(&c->text));
		trim(v);
		if (w->kind == K_ITUNES_KEYWORDS) { /* "a, b" (itunes: "a b" too) */
			int itunes = !strcmp(w->name, "itunes_keywords");
			for (char *t = strtok(v, itunes ? ", " : ","); t; t = strtok(NULL, itunes ? ", " : ",")) {
				trim(t);
				if (*t)
					add_tag(ctx, t, itunes ? "http://www.itunes.com/" : NULL, NULL);
			}
			break;
		}
		/* The term attribute (Atom) was added at the start; RSS's text adds it here. */
		json_t *tags = json_object_get(ctx, "tags");
		json_t *last = json_array_size(tags) ? json_array_get(tags, json_array_size(tags) - 1) : NULL;
		if (last && json_is_null(json_object_get(last, "term")) && *v)
			json_object_set_new(last, "term", json_string(v));
		break;
	}
	case K_GENERATOR: {
		char *v = px_arena_strdup(r->a, px_buf_str(&c->text));
		trim(v);
		set_str(ctx, "generator", v);
		json_t *d = json_object_get(ctx, "generator_detail");
		if (d && *v)
			set_str(d, "name", v);
		break;
	}
	case K_MEDIA_PART: {
		char *v = px_arena_strdup(r->a, px_buf_str(&c->text));
		trim(v);
		if (!*v || !c->part)
			break;
		if (strcmp(w->key, "media_restriction")) {
			set_str(c->part, "content", v);
			break;
		}
		json_t *codes = json_array(); /* "au us": country codes */
		for (char *t = strtok(v, " \t\n\r"); t; t = strtok(NULL, " \t\n\r")) {
			for (char *k = t; *k; k++)
				*k = (char)(*k >= 'A' && *k <= 'Z' ? *k - 'A' + 'a' : *k);
			json_array_append_new(codes, json_string(t));
		}
		json_object_set_new(c->part, "content", codes);
		break;
	}
	case K_UNKNOWN: { /* a leaf of the feed or an entry: text under its name */
		char *v = px_arena_strdup(r->a, px_buf_str(&c->text));
		trim(v);
		if (*v && !r->stack[c->depth - 1].children && !json_object_get(ctx, c->name))
			set_str(ctx, c->name, v);
		break;
	}
	case K_GEORSS: case K_GML_POS: {
		const char *shape = w->key;
		int swap = 1, dims = 2;
		if (w->kind == K_GML_POS) {
			if (!shape) /* posList: the line or the polygon's ring */
				shape = r->gml_kind && !strcmp(r->gml_kind, "Polygon") ? "Polygon"
				                                                      : "LineString";
			swap = r->gml_swap;
			dims = r->gml_dims;
		}
		json_t *g = feed_geometry(shape, px_buf_str(&c->text), swap, dims);
		if (g)
			json_object_set_new(ctx, "where", g);
		break;
	}
	case K_ITUNES_BOOL: {
		char *v = px_arena_strdup(r->a, px_buf_str(&c->text));
		trim(v);
		/* Exactly as written, untrimmed (as feedparser's tests have it):
		 * explicit "yes"/"true", "clean"/"no"/"false", else unknown;
		 * block "yes"/"Yes", else no. */
		v = px_arena_strdup(r->a, px_buf_str(&c->text));
		if (!strcmp(w->key, "itunes_explicit"))
			json_object_set_new(ctx, "itunes_explicit",
			                    !strcmp(v, "yes") || !strcmp(v, "true") ? json_true()
			                    : !strcmp(v, "clean") || !strcmp(v, "no") ||
			                      !strcmp(v, "false") ? json_false() : json_null());
		else
			json_object_set_new(ctx, w->key,
			                    json_integer(!strcmp(v, "yes") || !strcmp(v, "Yes")));
		break;
	}
	default:
		break;
	}
	px_buf_free(&c->text);
	r->n_caps--;
}

/* ------------------------------------------------------------ events */

/* The canonical name of an element: "prefix_local", lower-cased. */
static void canonical_name(char *out, size_t size, const xmlChar *local, const xmlChar *prefix,
                           const xmlChar *uri)
{
	const char *p = ns_prefix((const char *)uri, (const char *)prefix);
	if (*p)
		snprintf(out, size, "%s_%s", p, (const char *)local);
	else
		snprintf(out, size, "%s", (const char *)local);
	for (char *s = out; *s; s++)
		if (*s >= 'A' && *s <= 'Z')
			*s = (char)(*s - 'A' + 'a');
}

/* Writes a child element's start tag into the capture's text. */
static void markup_start(capture *c, const xmlChar *local, const xmlChar *prefix, int n_attrs,
                         const xmlChar **attrs)
{
	(void)prefix;
	px_buf_putc(&c->text, '<');
	px_buf_puts(&c->text, (const char *)local);
	for (int i = 0; i < n_attrs; i++) {
		const char *v = (const char *)attrs[5 * i + 3], *e = (const char *)attrs[5 * i + 4];
		px_buf_putc(&c->text, ' ');
		if (attrs[5 * i + 1]) {
			px_buf_puts(&c->text, (const char *)attrs[5 * i + 1]);
			px_buf_putc(&c->text, ':');
		}
		px_buf_puts(&c->text, (const char *)attrs[5 * i]);
		px_buf_puts(&c->text, "=\"");
		put_escaped(&c->text, v, (size_t)(e - v), 1);
		px_buf_putc(&c->text, '"');
	}
	px_buf_putc(&c->text, '>');
}

/* CDF says on its CHANNEL and ITEM elements what RSS says in children:
 * HREF is the link, LASTMOD the update time. */
static void cdf_attributes(reader *r, elem *e, json_t *ctx, int n_attrs, const xmlChar **attrs)
{
	const char *href = attr(r, n_attrs, attrs, "href", NULL);
	if (href) {
		const char *abs = resolve(r, e->base, href);
		set_str(ctx, "link", abs);
		json_t *l = json_object();
		set_str(l, "rel", "alternate");
		set_str(l, "type", "text/html");
		set_str(l, "href", abs);
		json_array_append_new(list_of(ctx, "links"), l);
	}
	const char *lastmod = attr(r, n_attrs, attrs, "lastmod", NULL);
	if (lastmod)
		feed_set_date(ctx, "updated", lastmod);
}

static const char *content_type(const char *t)
{
	if (!t)
		return NULL;
	if (!strcasecmp(t, "text") || !strcasecmp(t, "plain"))
		return "text/plain";
	if (!strcasecmp(t, "html"))
		return "text/html";
	if (!strcasecmp(t, "xhtml"))
		return "application/xhtml+xml";
	return t;
}

/* An element's attributes as an object, names as written or (LOWER)
 * lower-cased. */
static json_t *attrs_object(int n_attrs, const xmlChar **attrs, int lower)
{
	json_t *o = json_object();
	for (int i = 0; i < n_attrs; i++) {
		const char *v = (const char *)attrs[5 * i + 3], *end = (const char *)attrs[5 * i + 4];
		char key[64];
		snprintf(key, sizeof(key), "%s", (const char *)attrs[5 * i]);
		for (char *k = key; lower && *k; k++)
			*k = (char)(*k >= 'A' && *k <= 'Z' ? *k - 'A' + 'a' : *k);
		json_object_set_new(o, key, json_stringn(v, (size_t)(end - v)));
	}
	return o;
}

static void on_start(void *ud, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri,
                     int n_ns, const xmlChar **ns, int n_attrs, int n_defaulted,
                     const xmlChar **attrs)
{
	(void)n_ns;
	(void)ns;
	(void)n_defaulted;
	xmlParserCtxtPtr ctxt = ud;
	reader *r = ctxt->_private;
	if (r->depth >= MAX_DEPTH) {
		r->depth++;
		return;
	}
	elem *parent = r->depth ? &r->stack[r->depth - 1] : NULL;
	if (parent)
		parent->children++;
	elem *e = &r->stack[r->depth++];
	memset(e, 0, sizeof(*e));
	e->row = &unknown_row;
	/* xml:base and xml:lang, inherited. */
	const char *base = attr(r, n_attrs, attrs, "base", XML_NS);
	if (!base && (r->depth == 1 || r->cdf)) /* CDF's own BASE attribute */
		base = attr(r, n_attrs, attrs, "base", NULL);
	const char *pbase = parent ? parent->base : r->url;
	e->base = base ? resolve(r, pbase, base) : pbase;
	if (base && !safe_base(e->base)) /* javascript: and the like are no base */
		e->base = pbase;
	/* xml:lang="" clears it; en_US is en-US. */
	char *lang = lang_tag(r->a, attr(r, n_attrs, attrs, "lang", XML_NS));
	e->lang = lang ? (*lang ? lang : NULL) : parent ? parent->lang : r->lang;

	capture *c = capture_top(r);
	if (c && c->markup) { /* inside inline markup: it is text */
		markup_start(c, local, prefix, n_attrs, attrs);
		return;
	}
	char name[128];
	canonical_name(name, sizeof(name), local, prefix, uri);
	if (r->depth == 1) {
		snprintf(r->root_name, sizeof(r->root_name), "%s", (const char *)local);
		if (!strcmp(name, "channel")) { /* CDF: a channel alone */
			set_version(r, "cdf");
			r->cdf = 1;
			const char *b = attr(r, n_attrs, attrs, "base", NULL);
			if (b)
				e->base = resolve(r, e->base, b);
		}
	}
	if (c && (c->row->kind == K_TEXT || c->row->kind == K_CONTENT)) {
		/* Raw HTML in an RSS field: kept as markup. */
		c->markup = 1;
		if (r->atom == 10 && !strcmp(c->type, "text/html") && r->depth == c->depth + 1)
			c->escaped_html = 1;
		markup_start(c, local, prefix, n_attrs, attrs);
		return;
	}
	const row *w = row_of(name);
	e->row = w;
	json_t *ctx = ctx_top(r);
	const char *type = attr(r, n_attrs, attrs, "type", NULL);
	switch (w->kind) {
	case K_ROOT:
		if (e->lang && !json_object_get(r->feed, "language"))
			set_str(r->feed, "language", e->lang);
		if (!strcmp(name, "rss")) {
			const char *v = attr(r, n_attrs, attrs, "version", NULL);
			if (!v)
				set_version(r, "rss");
			else if (!strncmp(v, "2.", 2))
				set_version(r, "rss20");
			else if (!strcmp(v, "0.91"))
				set_version(r, r->netscape ? "rss091n" : "rss091u");
			else if (!strcmp(v, "0.92"))
				set_version(r, "rss092");
			else if (!strcmp(v, "0.93"))
				set_version(r, "rss093");
			else if (!strcmp(v, "0.94"))
				set_version(r, "rss094");
			else
				set_version(r, "rss");
		} else if (!strcmp(name, "rdf_rdf")) {
			/* The version from the default namespace: 0.90 or 1.0. */
			set_version(r, "rss10");
		} else if (!strcmp(name, "feed")) {
			const char *v = attr(r, n_attrs, attrs, "version", NULL);
			if (uri && !strcmp((const char *)uri, "http://www.w3.org/2005/Atom")) {
				set_version(r, "atom10");
				r->atom = 10;
			} else if (v && !strcmp(v, "0.3")) {
				set_version(r, "atom03");
				r->atom = 3;
			} else if (v && !strcmp(v, "0.2")) {
				set_version(r, "atom02");
				r->atom = 3;
			} else if (v && !strcmp(v, "0.1")) {
				set_version(r, "atom01");
				r->atom = 3;
			} else {
				set_version(r, "atom");
				r->atom = 3;
			}
		} else if (!strcmp(name, "channel") && !strcmp(r->root_name, (const char *)local) &&
		           r->depth == 1) {
			cdf_attributes(r, e, r->feed, n_attrs, attrs);
		} else if (!strcmp(name, "channel") && uri &&
		           !strcmp((const char *)uri, "http://my.netscape.com/rdf/simple/0.9/")) {
			json_object_set_new(r->root, "version", json_string("rss090"));
			r->version_set = 1;
		}
		break;
	case K_ENTRY: {
		if (r->in_entry)
			break;
		r->in_entry = 1;
		json_t *en = json_object();
		ctx_push(r, e, en, CTX_ENTRY);
		json_array_append_new(r->entries, en);
		const char *about = attr(r, n_attrs, attrs, "about", RDF_NS);
		if (about)
			set_str(en, "id", about);
		cdf_attributes(r, e, en, n_attrs, attrs);
		break;
	}
	case K_TEXT: case K_CONTENT: {
		const char *t = content_type(type);
		if (!t)
			t = w->kind == K_CONTENT && strcmp(name, "content") ? "text/html"
			    : !strcmp(w->key, "description") ? "text/html" : "text/plain";
		if (!strcmp(name, "body") || !strcmp(name, "xhtml_body"))
			t = "application/xhtml+xml";
		capture *k = capture_open(r, w, t);
		if (!k)
			break;
		if ((!strcmp(w->key, "summary") || (!strcmp(w->key, "description") && ctx != r->feed)) &&
		    json_object_get(ctx, "summary") && !json_object_get(ctx, "content"))
			k->second_summary = 1;
		k->mode = attr(r, n_attrs, attrs, "mode", NULL);
		k->src = attr(r, n_attrs, attrs, "src", NULL);
		if (k->src)
			k->src = resolve(r, e->base, k->src);
		if (!strcmp(t, "application/xhtml+xml") || (k->mode && !strcmp(k->mode, "xml")))
			k->markup = 1;
		if (!strcmp(name, "body") || !strcmp(name, "xhtml_body"))
			k->markup = 1;
		break;
	}
	case K_LINK: {
		const char *href = attr(r, n_attrs, attrs, "href", NULL);
		const char *rel = attr(r, n_attrs, attrs, "rel", NULL);
		if (!href) { /* RSS: the link is the text */
			capture *k = capture_open(r, w, NULL);
			if (k) {
				k->rel = rel;
				k->link_type = type;
			}
			break;
		}
		json_t *l = json_object();
		set_str(l, "rel", rel ? rel : "alternate");
		set_str(l, "type", type ? type : rel && !strcmp(rel, "self") ? "application/atom+xml"
		                                : "text/html");
		const char *abs = resolve(r, e->base, href);
		set_str(l, "href", abs);
		set_str(l, "title", attr(r, n_attrs, attrs, "title", NULL));
		set_str(l, "length", attr(r, n_attrs, attrs, "length", NULL));
		set_str(l, "hreflang", attr(r, n_attrs, attrs, "hreflang", NULL));
		json_array_append_new(list_of(ctx, "links"), l);
		if (!rel || !strcmp(rel, "alternate")) {
			if (!json_object_get(ctx, "link"))
				set_str(ctx, "link", abs);
		} else if (!strcmp(rel, "enclosure")) {
			json_t *en = json_object();
			set_str(en, "href", abs);
			set_str(en, "type", type);
			set_str(en, "length", attr(r, n_attrs, attrs, "length", NULL));
			json_array_append_new(list_of(ctx, "enclosures"), en);
		} else if (!strcmp(rel, "license")) {
			set_str(ctx, "license", abs);
		}
		break;
	}
	case K_PERSON: {
		char dk[64];
		snprintf(dk, sizeof(dk), "%s_detail", w->key);
		json_t *d = json_object();
		json_object_set_new(ctx, dk, d);
		if (!strcmp(w->key, "contributor")) {
			json_array_append(list_of(ctx, "contributors"), d);
		} else if (!strcmp(w->key, "author")) {
			json_array_append(list_of(ctx, "authors"), d);
		}
		ctx_push(r, e, d, CTX_PERSON);
		/* An RSS author has text; an Atom one, child elements.  Capture
		 * into the parent context: person_from_text fills the detail. */
		capture *k = capture_open(r, w, NULL);
		if (k)
			k->ctx = ctx;
		break;
	}
	case K_NAME: case K_EMAIL: case K_URL:
		if (ctx_kind(r) != CTX_FEED && ctx_kind(r) != CTX_ENTRY)
			capture_open(r, w, NULL);
		break;
	case K_IMAGE: {
		json_t *img = json_object();
		json_object_set_new(ctx, "image", img);
		ctx_push(r, e, img, CTX_IMAGE);
		break;
	}
	case K_TEXTINPUT: {
		json_t *ti = json_object();
		json_object_set_new(ctx, "textinput", ti);
		ctx_push(r, e, ti, CTX_TEXTINPUT);
		break;
	}
	case K_SOURCE: {
		json_t *src = json_object();
		json_object_set_new(ctx, "source", src);
		const char *url = attr(r, n_attrs, attrs, "url", NULL);
		ctx_push(r, e, src, CTX_SOURCE);
		if (url) { /* RSS: the source's feed URL, its title as text */
			static const row source_title = { "title", K_STRING, "title" };
			set_str(src, "href", resolve(r, e->base, url));
			capture_open(r, &source_title, NULL);
		}
		break;
	}
	case K_CATEGORY: {
		const char *term = attr(r, n_attrs, attrs, "term", NULL);
		const char *scheme = attr(r, n_attrs, attrs, "scheme", NULL);
		if (!scheme)
			scheme = attr(r, n_attrs, attrs, "domain", NULL);
		if (!scheme && !strcmp(name, "media_category"))
			scheme = "http://search.yahoo.com/mrss/category_schema";
		add_tag(ctx, term, scheme, attr(r, n_attrs, attrs, "label", NULL));
		if (!term) {
			json_t *tags = list_of(ctx, "tags");
			if (!scheme) {
				json_t *t = json_object();
				json_object_set_new(t, "term", json_null());
				json_object_set_new(t, "scheme", json_null());
				json_object_set_new(t, "label", json_null());
				json_array_append_new(tags, t);
			}
			capture_open(r, w, NULL);
		}
		break;
	}
	case K_ITUNES_CATEGORY:
		add_tag(ctx, attr(r, n_attrs, attrs, "text", NULL), "http://www.itunes.com/", NULL);
		break;
	case K_ITUNES_IMAGE: {
		const char *href = attr(r, n_attrs, attrs, "href", NULL);
		if (!href)
			href = attr(r, n_attrs, attrs, "url", NULL);
		if (href) {
			json_t *img = json_object_get(ctx, "image");
			if (!json_is_object(img)) {
				img = json_object();
				json_object_set_new(ctx, "image", img);
			}
			set_str(img, "href", resolve(r, e->base, href));
		}
		break;
	}
	case K_ENCLOSURE: {
		json_t *en = json_object();
		const char *url = attr(r, n_attrs, attrs, "url", NULL);
		const char *abs = url ? resolve(r, e->base, url) : NULL;
		set_str(en, "href", abs);
		set_str(en, "type", type);
		set_str(en, "length", attr(r, n_attrs, attrs, "length", NULL));
		json_array_append(list_of(ctx, "enclosures"), en);
		json_t *l = json_object();
		set_str(l, "rel", "enclosure");
		set_str(l, "href", abs);
		set_str(l, "type", type);
		set_str(l, "length", attr(r, n_attrs, attrs, "length", NULL));
		json_array_append_new(list_of(ctx, "links"), l);
		json_decref(en);
		break;
	}
	case K_MEDIA_CONTENT: case K_MEDIA_THUMBNAIL:
		json_array_append_new(list_of(ctx, w->key), attrs_object(n_attrs, attrs, 0));
		break;
	case K_CLOUD: /* cloud, thr:in-reply-to */
		json_object_set_new(ctx, w->key, attrs_object(n_attrs, attrs, 1));
		break;
	case K_GENERATOR: {
		json_t *d = json_object();
		const char *href = attr(r, n_attrs, attrs, "uri", NULL);
		if (!href)
			href = attr(r, n_attrs, attrs, "url", NULL);
		if (href)
			set_str(d, "href", resolve(r, e->base, href));
		set_str(d, "version", attr(r, n_attrs, attrs, "version", NULL));
		json_object_set_new(ctx, "generator_detail", d);
		capture_open(r, w, NULL);
		break;
	}
	case K_RESOURCE: {
		const char *res = attr(r, n_attrs, attrs, "resource", RDF_NS);
		if (!strcmp(w->key, "generator")) {
			json_t *d = json_object();
			set_str(d, "href", res);
			json_object_set_new(ctx, "generator_detail", d);
			set_str(ctx, "generator", res);
		} else {
			set_str(ctx, w->key, res);
		}
		break;
	}
	case K_LICENSE: {
		const char *res = attr(r, n_attrs, attrs, "resource", RDF_NS);
		if (res) {
			json_t *l = json_object();
			set_str(l, "rel", "license");
			set_str(l, "href", res);
			json_array_append_new(list_of(ctx, "links"), l);
			set_str(ctx, "license", res);
		} else {
			static const row license_text = { "license", K_STRING, "license" };
			capture_open(r, &license_text, NULL);
		}
		break;
	}
	case K_ID: { /* a guid or id is a link too unless it says it is not */
		capture_open(r, w, NULL);
		const char *perm = attr(r, n_attrs, attrs, "isPermaLink", NULL);
		json_object_set_new(ctx, "guidislink", json_boolean(!perm || strcasecmp(perm, "false")));
		break;
	}
	case K_GEO_WHERE: case K_GEORSS: /* "where" is there, even if empty */
		json_object_set_new(ctx, "where", json_object());
		if (w->kind == K_GEORSS)
			capture_open(r, w, NULL);
		break;
	case K_GML: {
		if (!json_is_object(json_object_get(ctx, "where")))
			json_object_set_new(ctx, "where", json_object());
		r->gml_kind = w->key;
		r->gml_swap = feed_geo_swap(attr(r, n_attrs, attrs, "srsName", NULL));
		const char *d = attr(r, n_attrs, attrs, "srsDimension", NULL);
		r->gml_dims = d && !strcmp(d, "3") ? 3 : 2;
		break;
	}
	case K_PSC_CHAPTERS:
		if (json_object_get(ctx, w->key)) { /* the first list counts */
			r->psc_skip = r->depth;
		} else {
			json_t *pc = json_object();
			set_str(pc, "version", attr(r, n_attrs, attrs, "version", NULL));
			json_object_set_new(pc, "chapters", json_array());
			json_object_set_new(ctx, w->key, pc);
		}
		break;
	case K_PSC_CHAPTER: {
		json_t *list = json_object_get(json_object_get(ctx, "psc_chapters"), "chapters");
		if (r->psc_skip || !list)
			break;
		json_t *ch = json_object();
		const char *start = attr(r, n_attrs, attrs, "start", NULL);
		set_str(ch, "start", start);
		double secs;
		if (start && psc_seconds(start, &secs))
			json_object_set_new(ch, "start_parsed", json_real(secs));
		set_str(ch, "title", attr(r, n_attrs, attrs, "title", NULL));
		const char *href = attr(r, n_attrs, attrs, "href", NULL);
		set_str(ch, "href", href ? resolve(r, e->base, href) : NULL);
		const char *image = attr(r, n_attrs, attrs, "image", NULL);
		set_str(ch, "image", image ? resolve(r, e->base, image) : NULL);
		json_array_append_new(list, ch);
		break;
	}
	case K_MEDIA_PART: {
		json_t *m = attrs_object(n_attrs, attrs, 0);
		if (!strcmp(w->key, "media_credit")) {
			json_array_append(list_of(ctx, w->key), m);
		} else if (!strcmp(w->key, "media_rating") && json_object_get(ctx, w->key)) {
			json_decref(m); /* the first rating counts */
			break;
		} else {
			json_object_set(ctx, w->key, m);
		}
		capture *k = capture_open(r, w, NULL);
		if (k)
			k->part = m;
		json_decref(m); /* ctx holds it */
		break;
	}
	case K_UNKNOWN:
		/* An element Parallax does not know, right inside the feed or
		 * an entry, keeps its text under its canonical name (feedparser
		 * does so: feedburner:origLink, slash:comments ...). */
		if (parent && ((parent->row->kind == K_ROOT && ctx_kind(r) == CTX_FEED) ||
		               (parent->row->kind == K_ENTRY && parent->contexts)) &&
		    name[0] && name[0] != '_') {
			capture *k = capture_open(r, w, NULL);
			if (k)
				k->name = px_arena_strdup(r->a, name);
		}
		break;
	case K_STRING: case K_DATE: case K_ITUNES_BOOL: case K_ITUNES_KEYWORDS: case K_VALIDITY:
	case K_GML_POS:
		capture_open(r, w, NULL);
		break;
	default:
		break;
	}
}

static void on_end(void *ud, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri)
{
	(void)uri;
	xmlParserCtxtPtr ctxt = ud;
	reader *r = ctxt->_private;
	if (r->depth > MAX_DEPTH) {
		r->depth--;
		return;
	}
	if (!r->depth)
		return;
	elem *e = &r->stack[r->depth - 1];
	capture *c = capture_top(r);
	if (c && c->depth < r->depth) { /* the end of markup inside a capture */
		px_buf_puts(&c->text, "</");
		(void)prefix;
		px_buf_puts(&c->text, (const char *)local);
		px_buf_putc(&c->text, '>');
		r->depth--;
		return;
	}
	while ((c = capture_top(r)) != NULL && c->depth == r->depth)
		capture_close(r, c);
	if (e->row->kind == K_PERSON && e->children && e->contexts) {
		json_t *d = ctx_top(r);
		json_t *ctx = r->n_ctx >= 2 ? r->ctx[r->n_ctx - 2] : NULL;
		if (ctx)
			person_sync(ctx, e->row->key, d);
	}
	if (e->row->kind == K_ENTRY && e->contexts) {
		json_t *en = ctx_top(r);
		json_t *mt = json_object_get(en, "media_title");
		if (mt && !json_object_get(en, "title")) { /* a media title as the title */
			json_object_set(en, "title", mt);
			json_t *d = json_object();
			set_str(d, "type", "text/plain");
			json_object_set_new(d, "language", json_null());
			set_str(d, "base", e->base ? e->base : "");
			json_object_set(d, "value", mt);
			json_object_set_new(en, "title_detail", d);
		}
		/* guid as link when there is no link and it is a permalink. */
		json_t *gil = json_object_get(en, "guidislink");
		if (gil && json_is_true(gil) && !json_object_get(en, "link") && get_str(en, "id")) {
			set_str(en, "link", get_str(en, "id"));
		} else if (gil && json_is_true(gil) && json_object_get(en, "link")) {
			json_object_set_new(en, "guidislink", json_false());
		}
		r->in_entry = 0;
	}
	if (r->psc_skip == r->depth)
		r->psc_skip = 0;
	while (e->contexts-- > 0)
		r->n_ctx--;
	r->depth--;
}

static void on_text(void *ud, const xmlChar *s, int n)
{
	xmlParserCtxtPtr ctxt = ud;
	reader *r = ctxt->_private;
	capture *c = capture_top(r);
	if (!c || r->depth > MAX_DEPTH)
		return;
	if (c->markup && !c->escaped_html)
		put_escaped(&c->text, (const char *)s, (size_t)n, 0);
	else
		px_buf_add(&c->text, s, (size_t)n);
}

/* HTML's named entities, undeclared in a feed, read as HTML reads them. */
static xmlEntityPtr on_entity(void *ud, const xmlChar *name)
{
	xmlParserCtxtPtr ctxt = ud;
	reader *r = ctxt->_private;
	xmlEntityPtr e = xmlSAX2GetEntity(ctxt, name);
	if (e)
		return e;
	const htmlEntityDesc *h = htmlEntityLookup(name);
	if (!h)
		return NULL;
	if (!r->entity_doc) {
		r->entity_doc = xmlNewDoc((const xmlChar *)"1.0");
		xmlCreateIntSubset(r->entity_doc, (const xmlChar *)"x", NULL, NULL);
	}
	e = xmlGetDocEntity(r->entity_doc, name);
	if (e)
		return e;
	xmlChar utf8[8];
	int k = xmlCopyCharMultiByte(utf8, (int)h->value);
	utf8[k > 0 ? k : 0] = 0;
	feed_set_bozo(r->root, "undefined entity");
	return xmlAddDocEntity(r->entity_doc, name, XML_INTERNAL_GENERAL_ENTITY, NULL, NULL, utf8);
}

static void on_error(void *ud, xmlErrorPtr err)
{
	xmlParserCtxtPtr ctxt = ud;
	reader *r = ctxt->_private;
	if (!err || err->level < XML_ERR_ERROR)
		return;
	/* An external DTD's entities, never loaded here, are no fault of the feed. */
	if (err->message && !strncmp(err->message, "PEReference", 11))
		return;
	char msg[512];
	const char *m = err->message ? err->message : "not well-formed";
	size_t k = strlen(m);
	while (k && m[k - 1] == '\n')
		k--;
	snprintf(msg, sizeof(msg), "line %d: %.*s", err->line, (int)k, m);
	feed_set_bozo(r->root, msg);
}

static xmlParserInputPtr no_external(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	(void)url;
	(void)id;
	(void)ctxt;
	return NULL; /* never a file, never the network */
}

/* The DOCTYPE: Netscape's RSS 0.91 says so only there. */
static void on_doctype(void *ud, const xmlChar *name, const xmlChar *external_id,
                       const xmlChar *system_id)
{
	xmlParserCtxtPtr ctxt = ud;
	reader *r = ctxt->_private;
	if (external_id && strstr((const char *)external_id, "Netscape"))
		r->netscape = 1;
	xmlSAX2InternalSubset(ctxt, name, external_id, system_id);
}

/* A copy of DATA with the commonest ill-formedness mended, where what was
 * meant is plain: a bare "&" (not starting an entity or character
 * reference) becomes "&amp;", "&#X41;" becomes "&#x41;".  NULL when there
 * is nothing to mend. */
static int is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_' || c == '-' || c == '.';
}

static char *mend(const char *data, size_t n, size_t *out_n)
{
	px_buf b = PX_BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		if (data[i] != '&') {
			px_buf_putc(&b, data[i]);
			continue;
		}
		size_t j = i + 1;
		int ok;
		if (j < n && data[j] == '#') {
			int hex = j + 1 < n && (data[j + 1] == 'x' || data[j + 1] == 'X');
			size_t k = j + 1 + hex;
			while (k < n && (hex ? (data[k] >= '0' && data[k] <= '9') ||
			                       ((data[k] | 0x20) >= 'a' && (data[k] | 0x20) <= 'f')
			                     : data[k] >= '0' && data[k] <= '9'))
				k++;
			ok = k > j + 1 + hex && k < n && data[k] == ';';
			if (ok && hex) {
				px_buf_puts(&b, "&#x");
				i = j + 1;
				continue;
			}
		} else {
			while (j < n && is_name_char(data[j]))
				j++;
			ok = j > i + 1 && j < n && data[j] == ';';
		}
		px_buf_puts(&b, ok ? "&" : "&amp;");
	}
	if (b.len == n && !memcmp(b.s, data, n)) {
		px_buf_free(&b);
		return NULL;
	}
	*out_n = b.len;
	return px_buf_steal(&b);
}

static int parse_once(const char *data, size_t n, const char *url, const char *lang, json_t *root,
                      px_error *err);

int feed_parse_xml(const char *data, size_t n, const char *url, const char *lang,
                   json_t *root, px_error *err)
{
	int rc = parse_once(data, n, url, lang, root, err);
	if (!json_is_true(json_object_get(root, "bozo")))
		return rc;
	size_t m;
	char *mended = mend(data, n, &m);
	if (!mended)
		return rc;
	/* Read again from the mended bytes; the first error stays the reason. */
	json_t *reason = json_incref(json_object_get(root, "bozo_exception"));
	json_object_set_new(root, "feed", json_object());
	json_object_set_new(root, "entries", json_array());
	json_object_set_new(root, "version", json_string(""));
	json_object_del(root, "bozo");
	json_object_del(root, "bozo_exception");
	px_error err2 = { 0 };
	int rc2 = parse_once(mended, m, url, lang, root, &err2);
	free(mended);
	json_object_set_new(root, "bozo", json_true());
	json_object_set_new(root, "bozo_exception", reason);
	if (rc2 < 0 && rc == 0)
		return px_fail(err, err2.code, "%s", err2.msg);
	return rc2 < 0 ? rc : 0;
}

static int parse_once(const char *data, size_t n, const char *url, const char *lang, json_t *root,
                      px_error *err)
{
	static int initialised;
	if (!initialised) {
		xmlInitParser();
		xmlSetExternalEntityLoader(no_external);
		initialised = 1;
	}
	if (n > INT32_MAX)
		return px_fail(err, PX_EINVAL, "feed too large (%zu bytes)", n);
	reader r;
	memset(&r, 0, sizeof(r));
	r.a = px_arena_new(0);
	r.root = root;
	r.feed = json_object_get(root, "feed");
	r.entries = json_object_get(root, "entries");
	r.ctx_kind[0] = CTX_FEED;
	r.ctx[r.n_ctx++] = r.feed;
	r.url = url;
	r.lang = lang_tag(r.a, lang);

	xmlSAXHandler sax;
	memset(&sax, 0, sizeof(sax));
	sax.initialized = XML_SAX2_MAGIC;
	sax.startDocument = xmlSAX2StartDocument;
	sax.endDocument = xmlSAX2EndDocument;
	sax.internalSubset = on_doctype;
	sax.entityDecl = xmlSAX2EntityDecl;
	sax.getEntity = on_entity;
	sax.startElementNs = on_start;
	sax.endElementNs = on_end;
	sax.characters = on_text;
	sax.cdataBlock = on_text;
	sax.serror = on_error;
	xmlParserCtxtPtr ctxt = xmlCreatePushParserCtxt(&sax, NULL, NULL, 0, url);
	if (!ctxt) {
		px_arena_free(r.a);
		return px_fail(err, PX_ENOMEM, "cannot create an XML parser");
	}
	ctxt->_private = &r;
	ctxt->userData = ctxt;
	/* The bytes are UTF-8 already (encoding.c): the declaration is moot. */
	xmlCtxtUseOptions(ctxt, XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOENT |
	                          XML_PARSE_NOWARNING | XML_PARSE_NOERROR | XML_PARSE_IGNORE_ENC);
	xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
	const char *enc = json_string_value(json_object_get(root, "encoding"));
	r.utf8 = !enc || !strcasecmp(enc, "utf-8");
	xmlParseChunk(ctxt, data, (int)n, 1);
	/* Captures left open by a truncated document still count. */
	while (r.n_caps)
		capture_close(&r, &r.caps[r.n_caps - 1]);
	if (ctxt->myDoc)
		xmlFreeDoc(ctxt->myDoc);
	xmlFreeParserCtxt(ctxt);
	if (r.entity_doc)
		xmlFreeDoc(r.entity_doc);
	px_arena_free(r.a);
	if (!r.version_set) {
		json_t *b = json_object_get(root, "bozo_exception");
		if (r.root_name[0])
			return px_fail(err, PX_EINVAL, "not a feed: the document is <%s>", r.root_name);
		return px_fail(err, PX_EINVAL, "not a feed%s%s", b ? ": " : ": no XML in it",
		               b ? json_string_value(b) : "");
	}
	return 0;
}
