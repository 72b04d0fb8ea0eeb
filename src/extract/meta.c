/*
 * meta.c — what the publisher says about the page.
 *
 * Every field is a contest between sources with a rank: the lower rank
 * wins, the first seen wins a tie.  The ranks follow how reliable each
 * source is on news sites, which is also the order Readability and
 * trafilatura use: JSON-LD of an article type first (it is what search
 * engines read, so publishers keep it right), then Dublin Core and
 * OpenGraph, then Twitter cards and other meta tags, then the markup
 * (<title>, <time>, an element marked as the author).  <title> is cleaned
 * of the site's name ("Headline | Site", "Headline - Site").
 *
 * JSON-LD: each <script type="application/ld+json"> is parsed with jansson;
 * objects are looked for at the top, in arrays and in "@graph"; the first
 * of an article type (NewsArticle, ReportageNewsArticle, BlogPosting …)
 * gives headline, author, dates, description, image, publisher, section,
 * keywords, language and body; a WebPage or Organization only fills in
 * what is still missing at a lower rank.
 */
#include "meta.h"

#include <ctype.h>
#include <jansson.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"

enum field {
	F_TITLE, F_BYLINE, F_LANG, F_CANONICAL, F_SITE, F_EXCERPT, F_IMAGE,
	F_SECTION, F_PUBLISHED, F_MODIFIED, F_N
};

typedef struct slot {
	const char *v;
	int rank;
} slot;

typedef struct reader {
	px_arena *a;
	slot f[F_N];
	const char **tags;
	size_t n_tags, cap_tags;
	int tags_rank;
	const char *title_el, *base, *body;
} reader;

static void offer(reader *r, enum field f, const char *v, int rank)
{
	if (!v)
		return;
	while (isspace((unsigned char)*v))
		v++;
	if (!*v)
		return;
	if (!r->f[f].v || rank < r->f[f].rank)
		r->f[f] = (slot){ v, rank };
}

/* Tags from one source only (the best ranked): several sources would
 * repeat each other in different spellings. */
static void offer_tag(reader *r, const char *v, size_t n, int rank)
{
	while (n && isspace((unsigned char)*v))
		v++, n--;
	while (n && isspace((unsigned char)v[n - 1]))
		n--;
	if (!n || n > 100)
		return;
	if (r->n_tags && rank > r->tags_rank)
		return;
	if (r->n_tags && rank < r->tags_rank)
		r->n_tags = 0;
	r->tags_rank = rank;
	for (size_t i = 0; i < r->n_tags; i++)
		if (strlen(r->tags[i]) == n && !strncasecmp(r->tags[i], v, n))
			return;
	if (r->n_tags == 64)
		return;
	if (r->n_tags == r->cap_tags) {
		size_t cap = r->cap_tags ? 2 * r->cap_tags : 8;
		const char **t = px_arena_alloc(r->a, cap * sizeof(char *));
		if (r->n_tags)
			memcpy(t, r->tags, r->n_tags * sizeof(char *));
		r->tags = t;
		r->cap_tags = cap;
	}
	r->tags[r->n_tags++] = px_arena_strndup(r->a, v, n);
}

/* A comma-separated list of tags. */
static void offer_tags(reader *r, const char *list, int rank)
{
	for (const char *p = list; p && *p;) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		offer_tag(r, p, n, rank);
		p = e ? e + 1 : NULL;
	}
}

/* ------------------------------------------------------------- meta tags */

typedef struct meta_key {
	const char *key;
	enum field f;
	int rank;
} meta_key;

static const meta_key meta_keys[] = {
	{ "dc.title", F_TITLE, 20 }, { "dcterms.title", F_TITLE, 20 },
	{ "og:title", F_TITLE, 21 }, { "twitter:title", F_TITLE, 23 },
	{ "parsely-title", F_TITLE, 24 }, { "sailthru.title", F_TITLE, 25 },
	{ "headline", F_TITLE, 22 },
	{ "dc.creator", F_BYLINE, 20 }, { "dcterms.creator", F_BYLINE, 20 },
	{ "author", F_BYLINE, 21 }, { "parsely-author", F_BYLINE, 22 },
	{ "article:author", F_BYLINE, 23 }, { "sailthru.author", F_BYLINE, 24 },
	{ "byl", F_BYLINE, 25 }, { "twitter:creator", F_BYLINE, 40 },
	{ "dc.language", F_LANG, 22 }, { "og:locale", F_LANG, 24 },
	{ "inlanguage", F_LANG, 23 },
	{ "og:url", F_CANONICAL, 21 }, { "twitter:url", F_CANONICAL, 23 },
	{ "og:site_name", F_SITE, 20 }, { "application-name", F_SITE, 25 },
	{ "dc.publisher", F_SITE, 24 }, { "twitter:site", F_SITE, 40 },
	{ "dc.description", F_EXCERPT, 20 }, { "dcterms.description", F_EXCERPT, 20 },
	{ "og:description", F_EXCERPT, 21 }, { "description", F_EXCERPT, 22 },
	{ "twitter:description", F_EXCERPT, 23 },
	{ "og:image", F_IMAGE, 20 }, { "og:image:url", F_IMAGE, 20 },
	{ "og:image:secure_url", F_IMAGE, 20 }, { "twitter:image", F_IMAGE, 22 },
	{ "twitter:image:src", F_IMAGE, 22 }, { "thumbnailurl", F_IMAGE, 25 },
	{ "image", F_IMAGE, 24 },
	{ "article:section", F_SECTION, 20 }, { "parsely-section", F_SECTION, 22 },
	{ "articlesection", F_SECTION, 21 }, { "section", F_SECTION, 24 },
	{ "article:published_time", F_PUBLISHED, 20 },
	{ "og:article:published_time", F_PUBLISHED, 20 },
	{ "article:published", F_PUBLISHED, 21 },
	{ "datepublished", F_PUBLISHED, 21 }, { "dc.date.issued", F_PUBLISHED, 22 },
	{ "dcterms.issued", F_PUBLISHED, 22 }, { "dcterms.created", F_PUBLISHED, 23 },
	{ "dc.date", F_PUBLISHED, 23 }, { "parsely-pub-date", F_PUBLISHED, 22 },
	{ "sailthru.date", F_PUBLISHED, 24 }, { "pubdate", F_PUBLISHED, 24 },
	{ "publish-date", F_PUBLISHED, 24 }, { "date", F_PUBLISHED, 25 },
	{ "article.published", F_PUBLISHED, 24 }, { "datecreated", F_PUBLISHED, 26 },
	{ "article:modified_time", F_MODIFIED, 20 },
	{ "og:article:modified_time", F_MODIFIED, 20 },
	{ "og:updated_time", F_MODIFIED, 21 }, { "datemodified", F_MODIFIED, 21 },
	{ "dcterms.modified", F_MODIFIED, 22 }, { "last-modified", F_MODIFIED, 24 },
};

static void meta_tag(reader *r, const GumboElement *e)
{
	const char *content = dom_attr(e, "content");
	const char *eq = dom_attr(e, "http-equiv");
	if (eq && content && !strcasecmp(eq, "content-language")) {
		offer(r, F_LANG, content, 22);
		return;
	}
	if (!content)
		return;
	/* property="og:title twitter:title" names two keys at once. */
	const char *names[3] = { dom_attr(e, "property"), dom_attr(e, "name"),
	                         dom_attr(e, "itemprop") };
	for (int k = 0; k < 3; k++) {
		const char *p = names[k];
		while (p && *p) {
			while (*p == ' ')
				p++;
			const char *end = p;
			while (*end && *end != ' ')
				end++;
			size_t n = (size_t)(end - p);
			if (n == 11 && !strncasecmp(p, "article:tag", 11))
				offer_tag(r, content, strlen(content), 20);
			else if ((n == 12 && !strncasecmp(p, "news_keywords", 12)) ||
			         (n == 12 && !strncasecmp(p, "parsely-tags", 12)))
				offer_tags(r, content, 22);
			else if (n == 8 && !strncasecmp(p, "keywords", 8))
				offer_tags(r, content, 24);
			for (size_t i = 0; i < sizeof(meta_keys) / sizeof(*meta_keys); i++)
				if (strlen(meta_keys[i].key) == n &&
				    !strncasecmp(meta_keys[i].key, p, n)) {
					/* article:author is often a profile URL, not a name. */
					if (meta_keys[i].f == F_BYLINE && !strncmp(content, "http", 4))
						break;
					offer(r, meta_keys[i].f, content, meta_keys[i].rank);
					break;
				}
			p = end;
		}
	}
}

/* ------------------------------------------------------------- JSON-LD */

static int is_article_type(const char *t)
{
	static const char *const types[] = {
		"Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle",
		"OpinionNewsArticle", "BackgroundNewsArticle", "ReviewNewsArticle",
		"AskPublicNewsArticle", "BlogPosting", "LiveBlogPosting", "SocialMediaPosting",
		"TechArticle", "ScholarlyArticle", "Report", "SatiricalArticle", "Review",
	};
	if (!t)
		return 0;
	if (!strncmp(t, "http://schema.org/", 18) || !strncmp(t, "https://schema.org/", 19))
		t = strrchr(t, '/') + 1;
	for (size_t i = 0; i < sizeof(types) / sizeof(*types); i++)
		if (!strcmp(t, types[i]))
			return 1;
	return 0;
}

static int has_type(json_t *o, int (*pred)(const char *))
{
	json_t *t = json_object_get(o, "@type");
	if (json_is_string(t))
		return pred(json_string_value(t));
	size_t i;
	json_t *v;
	if (json_is_array(t))
		json_array_foreach(t, i, v)
			if (json_is_string(v) && pred(json_string_value(v)))
				return 1;
	return 0;
}

static const char *jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* A name from a string, an object's "name", or the names of an array of
 * them, joined with ", ". */
static const char *jnames(reader *r, json_t *v)
{
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_object(v))
		return jstr(v, "name");
	if (!json_is_array(v))
		return NULL;
	px_buf b = PX_BUF_INIT;
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x) {
		const char *n = json_is_string(x) ? json_string_value(x) :
		                json_is_object(x) ? jstr(x, "name") : NULL;
		if (!n || !*n)
			continue;
		if (b.len)
			px_buf_puts(&b, ", ");
		px_buf_puts(&b, n);
	}
	const char *s = b.len ? px_arena_strdup(r->a, px_buf_str(&b)) : NULL;
	px_buf_free(&b);
	return s;
}

/* An image or URL: a string, an object's "url" or "@id", or the first of an array. */
static const char *jurl(json_t *v)
{
	if (json_is_array(v))
		v = json_array_get(v, 0);
	if (json_is_string(v))
		return json_string_value(v);
	if (json_is_object(v))
		return jstr(v, "url") ? jstr(v, "url") : jstr(v, "@id");
	return NULL;
}

static void jsonld_article(reader *r, json_t *o, int base)
{
	offer(r, F_TITLE, jstr(o, "headline"), base);
	offer(r, F_TITLE, jstr(o, "name"), base + 2);
	offer(r, F_BYLINE, jnames(r, json_object_get(o, "author")), base);
	offer(r, F_BYLINE, jnames(r, json_object_get(o, "creator")), base + 1);
	offer(r, F_PUBLISHED, jstr(o, "datePublished"), base);
	offer(r, F_PUBLISHED, jstr(o, "dateCreated"), base + 2);
	offer(r, F_MODIFIED, jstr(o, "dateModified"), base);
	offer(r, F_EXCERPT, jstr(o, "description"), base);
	offer(r, F_IMAGE, jurl(json_object_get(o, "image")), base);
	offer(r, F_IMAGE, jurl(json_object_get(o, "thumbnailUrl")), base + 1);
	json_t *pub = json_object_get(o, "publisher");
	if (json_is_array(pub))
		pub = json_array_get(pub, 0);
	if (json_is_object(pub))
		offer(r, F_SITE, jstr(pub, "name"), base);
	json_t *lang = json_object_get(o, "inLanguage");
	offer(r, F_LANG, json_is_string(lang) ? json_string_value(lang) :
	                 json_is_object(lang) ? jstr(lang, "alternateName") : NULL, base);
	offer(r, F_CANONICAL, jurl(json_object_get(o, "mainEntityOfPage")), base + 1);
	offer(r, F_CANONICAL, jstr(o, "url"), base);
	json_t *sec = json_object_get(o, "articleSection");
	offer(r, F_SECTION, json_is_string(sec) ? json_string_value(sec) :
	                    json_is_array(sec) && json_is_string(json_array_get(sec, 0)) ?
	                    json_string_value(json_array_get(sec, 0)) : NULL, base);
	json_t *kw = json_object_get(o, "keywords");
	size_t i;
	json_t *x;
	if (json_is_string(kw))
		offer_tags(r, json_string_value(kw), base);
	else if (json_is_array(kw))
		json_array_foreach(kw, i, x)
			if (json_is_string(x))
				offer_tag(r, json_string_value(x), strlen(json_string_value(x)), base);
	const char *body = jstr(o, "articleBody");
	if (body && *body && !r->body && base < 10)
		r->body = body;
}

static int is_page_type(const char *t)
{
	return !strcmp(t, "WebPage") || !strcmp(t, "ItemPage") || !strcmp(t, "WebSite");
}

static int is_org_type(const char *t)
{
	return !strcmp(t, "Organization") || !strcmp(t, "NewsMediaOrganization");
}

static void jsonld_visit(reader *r, json_t *v, int depth)
{
	if (depth > 8)
		return;
	size_t i;
	json_t *x;
	if (json_is_array(v)) {
		json_array_foreach(v, i, x)
			jsonld_visit(r, x, depth + 1);
		return;
	}
	if (!json_is_object(v))
		return;
	if (has_type(v, is_article_type))
		jsonld_article(r, v, 1);
	else if (has_type(v, is_page_type))
		jsonld_article(r, v, 30);
	else if (has_type(v, is_org_type))
		offer(r, F_SITE, jstr(v, "name"), 30);
	json_t *g = json_object_get(v, "@graph");
	if (g)
		jsonld_visit(r, g, depth + 1);
	json_t *main = json_object_get(v, "mainEntity");
	if (json_is_object(main))
		jsonld_visit(r, main, depth + 1);
}

static void jsonld(reader *r, const char *text, json_t **keep, size_t *n_keep)
{
	/* The strings offered point into the parsed value: it is kept until
	 * meta_read is done, and a page with more blocks than that is rare
	 * enough to read only its first 16. */
	if (*n_keep == 16)
		return;
	json_error_t je;
	json_t *v = json_loads(text, JSON_DECODE_ANY, &je);
	if (!v)
		return;
	jsonld_visit(r, v, 0);
	keep[(*n_keep)++] = v;
}

/* ------------------------------------------------------------- markup */

static const char *child_text(const GumboElement *e)
{
	for (unsigned i = 0; i < e->children.length; i++) {
		const GumboNode *c = e->children.data[i];
		if (c->type == GUMBO_NODE_TEXT || c->type == GUMBO_NODE_CDATA ||
		    c->type == GUMBO_NODE_WHITESPACE)
			return c->v.text.text;
	}
	return NULL;
}

static int rel_has(const char *rel, const char *word)
{
	size_t k = strlen(word);
	for (const char *p = rel; p && *p;) {
		while (*p == ' ')
			p++;
		const char *e = p;
		while (*e && *e != ' ')
			e++;
		if ((size_t)(e - p) == k && !strncasecmp(p, word, k))
			return 1;
		p = e;
	}
	return 0;
}

typedef struct gframe {
	const GumboNode *n;
	unsigned i;
} gframe;

static void walk_markup(reader *r, const GumboOutput *out, json_t **keep, size_t *n_keep)
{
	gframe st[DOM_MAX_DEPTH + 1];
	int sp = 0;
	if (out->root && out->root->type == GUMBO_NODE_ELEMENT)
		st[sp++] = (gframe){ out->root, 0 };
	while (sp) {
		gframe *f = &st[sp - 1];
		const GumboVector *c = &f->n->v.element.children;
		if (f->i >= c->length) {
			sp--;
			continue;
		}
		const GumboNode *k = c->data[f->i++];
		if (k->type != GUMBO_NODE_ELEMENT)
			continue;
		const GumboElement *e = &k->v.element;
		switch (e->tag) {
		case GUMBO_TAG_META:
			meta_tag(r, e);
			continue;
		case GUMBO_TAG_TITLE:
			if (!r->title_el)
				r->title_el = child_text(e);
			continue;
		case GUMBO_TAG_BASE:
			if (!r->base)
				r->base = dom_attr(e, "href");
			continue;
		case GUMBO_TAG_LINK: {
			const char *rel = dom_attr(e, "rel"), *href = dom_attr(e, "href");
			if (rel && href && rel_has(rel, "canonical"))
				offer(r, F_CANONICAL, href, 10);
			else if (rel && href && rel_has(rel, "image_src"))
				offer(r, F_IMAGE, href, 26);
			continue;
		}
		case GUMBO_TAG_SCRIPT: {
			const char *type = dom_attr(e, "type");
			const char *t = child_text(e);
			if (type && t && !strncasecmp(type, "application/ld+json", 19))
				jsonld(r, t, keep, n_keep);
			continue;
		}
		case GUMBO_TAG_STYLE: case GUMBO_TAG_SVG: case GUMBO_TAG_TEMPLATE:
			continue;
		case GUMBO_TAG_TIME: {
			const char *dt = dom_attr(e, "datetime");
			const char *ip = dom_attr(e, "itemprop");
			if (dt && ip && !strcasecmp(ip, "dateModified"))
				offer(r, F_MODIFIED, dt, 27);
			else if (dt)
				offer(r, F_PUBLISHED, dt,
				      (ip && !strcasecmp(ip, "datePublished")) || dom_attr(e, "pubdate") ?
				      26 : 28);
			break;
		}
		default:
			break;
		}
		/* itemprop on any element: a datetime or a content attribute. */
		const char *ip = dom_attr(e, "itemprop");
		if (ip && e->tag != GUMBO_TAG_TIME) {
			const char *v = dom_attr(e, "datetime");
			if (!v)
				v = dom_attr(e, "content");
			if (v && !strcasecmp(ip, "datePublished"))
				offer(r, F_PUBLISHED, v, 26);
			else if (v && !strcasecmp(ip, "dateModified"))
				offer(r, F_MODIFIED, v, 27);
		}
		if (sp <= DOM_MAX_DEPTH - 1)
			st[sp++] = (gframe){ k, 0 };
	}
}

/* ------------------------------------------------------------- cleaning */

/* Decodes the entities that JSON-LD and meta values carry over from HTML. */
static size_t decode_entity(const char *s, px_buf *b)
{
	static const struct { const char *name; const char *utf8; } named[] = {
		{ "amp;", "&" }, { "lt;", "<" }, { "gt;", ">" }, { "quot;", "\"" },
		{ "apos;", "'" }, { "nbsp;", " " }, { "#39;", "'" }, { "rsquo;", "\xE2\x80\x99" },
		{ "lsquo;", "\xE2\x80\x98" }, { "rdquo;", "\xE2\x80\x9D" },
		{ "ldquo;", "\xE2\x80\x9C" }, { "mdash;", "\xE2\x80\x94" },
		{ "ndash;", "\xE2\x80\x93" }, { "hellip;", "\xE2\x80\xA6" },
	};
	for (size_t i = 0; i < sizeof(named) / sizeof(*named); i++) {
		size_t k = strlen(named[i].name);
		if (!strncmp(s, named[i].name, k)) {
			px_buf_puts(b, named[i].utf8);
			return k;
		}
	}
	if (s[0] == '#') {
		int hex = s[1] == 'x' || s[1] == 'X';
		const char *p = s + 1 + hex;
		unsigned long cp = 0;
		int digits = 0;
		while (digits < 8 && (hex ? isxdigit((unsigned char)*p) : isdigit((unsigned char)*p))) {
			cp = cp * (hex ? 16 : 10) + (unsigned long)(isdigit((unsigned char)*p) ?
			     *p - '0' : (tolower((unsigned char)*p) - 'a' + 10));
			p++, digits++;
		}
		if (digits && *p == ';' && cp > 0 && cp < 0x110000 && (cp < 0xD800 || cp > 0xDFFF)) {
			char u[4];
			int n;
			if (cp < 0x80) u[0] = (char)cp, n = 1;
			else if (cp < 0x800) u[0] = (char)(0xC0 | (cp >> 6)), u[1] = (char)(0x80 | (cp & 63)), n = 2;
			else if (cp < 0x10000) u[0] = (char)(0xE0 | (cp >> 12)), u[1] = (char)(0x80 | ((cp >> 6) & 63)), u[2] = (char)(0x80 | (cp & 63)), n = 3;
			else u[0] = (char)(0xF0 | (cp >> 18)), u[1] = (char)(0x80 | ((cp >> 12) & 63)), u[2] = (char)(0x80 | ((cp >> 6) & 63)), u[3] = (char)(0x80 | (cp & 63)), n = 4;
			px_buf_add(b, u, (size_t)n);
			return (size_t)(p + 1 - s);
		}
	}
	return 0;
}

char *meta_clean(px_arena *a, const char *s)
{
	if (!s)
		return NULL;
	px_buf b = PX_BUF_INIT;
	int space = 0;
	for (const char *p = s; *p; p++) {
		unsigned char c = (unsigned char)*p;
		if (c == '<' && (isalpha((unsigned char)p[1]) || p[1] == '/')) {
			const char *e = strchr(p, '>');
			if (e) { /* a tag inside a value: drop it */
				p = e;
				space = 1;
				continue;
			}
		}
		if (isspace(c) || (c == 0xC2 && (unsigned char)p[1] == 0xA0)) {
			p += c == 0xC2;
			space = 1;
			continue;
		}
		if (space && b.len)
			px_buf_putc(&b, ' ');
		space = 0;
		size_t k;
		if (c == '&' && (k = decode_entity(p + 1, &b)) > 0) {
			p += k;
			continue;
		}
		px_buf_putc(&b, (char)c);
	}
	char *r = b.len ? px_arena_strdup(a, px_buf_str(&b)) : NULL;
	px_buf_free(&b);
	return r;
}

static int words(const char *s, size_t n)
{
	int w = 0, in = 0;
	for (size_t i = 0; i < n; i++) {
		int sp = s[i] == ' ';
		w += !sp && !in;
		in = !sp;
	}
	return w;
}

/* "Headline | Site", "Headline - Site — Section": the headline, when what
 * is left has at least three words; else the title as it is. */
static const char *clean_title(px_arena *a, const char *t, const char *site)
{
	static const char *const seps[] = { " | ", " - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ",
	                                    " :: ", " \xC2\xBB ", " / ", " \xC2\xB7 " };
	if (!t)
		return NULL;
	size_t n = strlen(t);
	/* The site's own name at either end goes first. */
	if (site) {
		size_t k = strlen(site);
		for (size_t i = 0; i < sizeof(seps) / sizeof(*seps); i++) {
			size_t sk = strlen(seps[i]);
			if (n > k + sk && !strcasecmp(t + n - k, site) &&
			    !strncmp(t + n - k - sk, seps[i], sk))
				return px_arena_strndup(a, t, n - k - sk);
			if (n > k + sk && !strncasecmp(t, site, k) && !strncmp(t + k, seps[i], sk))
				return px_arena_strdup(a, t + k + sk);
		}
	}
	const char *cut = NULL;
	for (size_t i = 0; i < sizeof(seps) / sizeof(*seps); i++) {
		const char *p = t, *last = NULL;
		while ((p = strstr(p, seps[i])) != NULL)
			last = p++;
		if (last && (!cut || last > cut))
			cut = last;
	}
	if (cut && words(t, (size_t)(cut - t)) >= 3)
		return px_arena_strndup(a, t, (size_t)(cut - t));
	return t;
}

/* The byline from the markup: an element marked as the author's. */
static const char *byline_in_body(const dom *d, px_arena *a)
{
	for (size_t i = 1; i < d->len; i++) {
		const dom_node *x = &d->n[i];
		if (!x->el)
			continue;
		const char *rel = dom_attr(x->el, "rel"), *ip = dom_attr(x->el, "itemprop");
		const char *cls = dom_attr(x->el, "class"), *id = dom_attr(x->el, "id");
		int hit = (rel && rel_has(rel, "author")) || (ip && strstr(ip, "author")) ||
		          (cls && (strstr(cls, "byline") || strstr(cls, "author"))) ||
		          (id && (strstr(id, "byline") || strstr(id, "author")));
		if (!hit)
			continue;
		if (x->chars > 100)
			continue; /* a byline is short; never copy a big subtree */
		char *t = dom_text(d, (int32_t)i, a);
		size_t n = t ? strlen(t) : 0;
		if (n >= 3 && n <= 100)
			return t;
	}
	return NULL;
}

void meta_read(page_meta *m, const GumboOutput *out, const dom *d, px_arena *a)
{
	reader r;
	memset(&r, 0, sizeof(r));
	r.a = a;
	json_t *keep[16];
	size_t n_keep = 0;
	walk_markup(&r, out, keep, &n_keep);
	if (d->html) {
		offer(&r, F_LANG, dom_attr(d->html, "lang"), 10);
		offer(&r, F_LANG, dom_attr(d->html, "xml:lang"), 11);
	}

	memset(m, 0, sizeof(*m));
	m->site_name = meta_clean(a, r.f[F_SITE].v);
	const char *title = meta_clean(a, r.f[F_TITLE].v);
	const char *el = meta_clean(a, r.title_el);
	m->title = clean_title(a, title ? title : el, m->site_name);
	m->byline = meta_clean(a, r.f[F_BYLINE].v);
	if (!m->byline)
		m->byline = byline_in_body(d, a);
	m->lang = meta_clean(a, r.f[F_LANG].v);
	if (m->lang) { /* og:locale says en_US */
		char *l = (char *)m->lang;
		for (char *p = l; *p; p++)
			if (*p == '_')
				*p = '-';
	}
	m->canonical = meta_clean(a, r.f[F_CANONICAL].v);
	m->excerpt = meta_clean(a, r.f[F_EXCERPT].v);
	m->image = meta_clean(a, r.f[F_IMAGE].v);
	m->section = meta_clean(a, r.f[F_SECTION].v);
	m->published = meta_clean(a, r.f[F_PUBLISHED].v);
	m->modified = meta_clean(a, r.f[F_MODIFIED].v);
	m->base = meta_clean(a, r.base);
	m->article_body = r.body ? px_arena_strdup(a, r.body) : NULL;
	m->tags = px_arena_alloc(a, (r.n_tags + 1) * sizeof(char *));
	for (size_t i = 0; i < r.n_tags; i++) /* markup alone cleans to NULL */
		if ((m->tags[m->n_tags] = meta_clean(a, r.tags[i])) != NULL)
			m->n_tags++;
	for (size_t i = 0; i < n_keep; i++)
		json_decref(keep[i]);
}
