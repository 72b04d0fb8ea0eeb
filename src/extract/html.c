/*
 * html.c — the first HTML extractor: gumbo parses the page as a browser
 * would (HTML5 tree construction, so broken markup yields the same tree a
 * reader sees), then one walk collects the metadata from <head> and the
 * visible text of <body>.
 *
 * Block elements (p, div, li, h1-h6, blockquote, tr, br ...) end a paragraph;
 * inline elements flow into the current one; whitespace runs collapse to one
 * space.  Subtrees that are not article text are skipped whole: scripts and
 * styles, navigation, headers and footers, asides, forms, figures'
 * captions, and anything hidden.  The walk is bounded in depth (deeper
 * nesting is ignored, never recursed into), so hostile pages cannot exhaust
 * the stack.
 */
#include "extract.h"

#include <gumbo.h>
#include <string.h>
#include <strings.h>

#include "util/buf.h"
#include "util/error.h"

enum { MAX_DEPTH = 400 };

typedef struct walk {
	px_buf text;
	px_buf title;
	const char *og_title, *byline, *lang, *canonical, *site_name, *published;
	int in_para;      /* the current paragraph has text */
	int space;        /* a space is pending */
} walk;

static int skipped(GumboTag tag)
{
	switch (tag) {
	case GUMBO_TAG_SCRIPT: case GUMBO_TAG_STYLE: case GUMBO_TAG_NOSCRIPT:
	case GUMBO_TAG_NAV: case GUMBO_TAG_HEADER: case GUMBO_TAG_FOOTER:
	case GUMBO_TAG_ASIDE: case GUMBO_TAG_FORM: case GUMBO_TAG_IFRAME:
	case GUMBO_TAG_SVG: case GUMBO_TAG_MATH: case GUMBO_TAG_BUTTON:
	case GUMBO_TAG_SELECT: case GUMBO_TAG_TEXTAREA: case GUMBO_TAG_FIGCAPTION:
	case GUMBO_TAG_TEMPLATE: case GUMBO_TAG_OBJECT: case GUMBO_TAG_EMBED:
	case GUMBO_TAG_CANVAS: case GUMBO_TAG_AUDIO: case GUMBO_TAG_VIDEO:
	case GUMBO_TAG_HEAD: case GUMBO_TAG_TITLE:
		return 1;
	default:
		return 0;
	}
}

static int is_block(GumboTag tag)
{
	switch (tag) {
	case GUMBO_TAG_P: case GUMBO_TAG_DIV: case GUMBO_TAG_LI: case GUMBO_TAG_UL:
	case GUMBO_TAG_OL: case GUMBO_TAG_H1: case GUMBO_TAG_H2: case GUMBO_TAG_H3:
	case GUMBO_TAG_H4: case GUMBO_TAG_H5: case GUMBO_TAG_H6: case GUMBO_TAG_BR:
	case GUMBO_TAG_BLOCKQUOTE: case GUMBO_TAG_PRE: case GUMBO_TAG_TABLE:
	case GUMBO_TAG_TR: case GUMBO_TAG_SECTION: case GUMBO_TAG_ARTICLE:
	case GUMBO_TAG_MAIN: case GUMBO_TAG_DL: case GUMBO_TAG_DT: case GUMBO_TAG_DD:
	case GUMBO_TAG_FIGURE: case GUMBO_TAG_HR: case GUMBO_TAG_ADDRESS:
		return 1;
	default:
		return 0;
	}
}

static const char *attr(const GumboElement *e, const char *name)
{
	GumboAttribute *a = gumbo_get_attribute(&e->attributes, name);
	return a ? a->value : NULL;
}

static int hidden(const GumboElement *e)
{
	const char *style = attr(e, "style");
	return attr(e, "hidden") || (attr(e, "aria-hidden") &&
	                             !strcmp(attr(e, "aria-hidden"), "true")) ||
	       (style && (strstr(style, "display:none") || strstr(style, "display: none")));
}

static void end_para(walk *w)
{
	if (w->in_para)
		px_buf_puts(&w->text, "\n\n");
	w->in_para = 0;
	w->space = 0;
}

static void add_text(walk *w, px_buf *b, const char *s, int *in_para, int *space)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
			*space = 1;
			continue;
		}
		if (*space && *in_para)
			px_buf_putc(b, ' ');
		*space = 0;
		*in_para = 1;
		px_buf_putc(b, (char)c);
	}
	(void)w;
}

static void meta(walk *w, const GumboElement *e)
{
	const char *key = attr(e, "property");
	if (!key)
		key = attr(e, "name");
	if (!key)
		key = attr(e, "itemprop");
	const char *content = attr(e, "content");
	if (!key || !content)
		return;
	if (!strcasecmp(key, "og:title") && !w->og_title)
		w->og_title = content;
	else if ((!strcasecmp(key, "author") || !strcasecmp(key, "article:author") ||
	          !strcasecmp(key, "dc.creator")) && !w->byline)
		w->byline = content;
	else if (!strcasecmp(key, "og:site_name") && !w->site_name)
		w->site_name = content;
	else if ((!strcasecmp(key, "article:published_time") ||
	          !strcasecmp(key, "datePublished") || !strcasecmp(key, "dc.date") ||
	          !strcasecmp(key, "pubdate")) && !w->published)
		w->published = content;
}

static void visit(walk *w, const GumboNode *n, int depth, int in_body)
{
	if (depth > MAX_DEPTH)
		return;
	if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_CDATA ||
	    n->type == GUMBO_NODE_WHITESPACE) {
		if (in_body)
			add_text(w, &w->text, n->v.text.text, &w->in_para, &w->space);
		else
			w->space = 1;
		return;
	}
	if (n->type != GUMBO_NODE_ELEMENT && n->type != GUMBO_NODE_TEMPLATE)
		return;
	const GumboElement *e = &n->v.element;
	switch (e->tag) {
	case GUMBO_TAG_HTML:
		if (attr(e, "lang"))
			w->lang = attr(e, "lang");
		break;
	case GUMBO_TAG_TITLE:
		if (!w->title.len)
			for (unsigned i = 0; i < e->children.length; i++) {
				const GumboNode *c = e->children.data[i];
				if (c->type == GUMBO_NODE_TEXT) {
					int ip = 0, sp = 0;
					add_text(w, &w->title, c->v.text.text, &ip, &sp);
				}
			}
		return;
	case GUMBO_TAG_META:
		meta(w, e);
		return;
	case GUMBO_TAG_LINK: {
		const char *rel = attr(e, "rel");
		if (rel && !strcasecmp(rel, "canonical") && !w->canonical)
			w->canonical = attr(e, "href");
		return;
	}
	case GUMBO_TAG_TIME:
		if (!w->published && attr(e, "datetime"))
			w->published = attr(e, "datetime");
		break;
	case GUMBO_TAG_HEAD:
		for (unsigned i = 0; i < e->children.length; i++)
			visit(w, e->children.data[i], depth + 1, 0);
		return;
	case GUMBO_TAG_BODY:
		in_body = 1;
		break;
	default:
		break;
	}
	if (in_body && (skipped(e->tag) || hidden(e)))
		return;
	int block = is_block(e->tag);
	if (block && in_body)
		end_para(w);
	for (unsigned i = 0; i < e->children.length; i++)
		visit(w, e->children.data[i], depth + 1, in_body);
	if (block && in_body)
		end_para(w);
}

static int looks_binary(const char *s, size_t n)
{
	size_t k = n < 4096 ? n : 4096, ctl = 0;
	for (size_t i = 0; i < k; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == 0)
			return 1;
		ctl += c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f';
	}
	return k && ctl * 10 > k;
}

int px_extract(const char *html, size_t n, const char *url, px_arena *a,
               px_extracted *out, px_error *err)
{
	(void)url;
	memset(out, 0, sizeof(*out));
	out->published = PX_TIME_UNKNOWN;
	if (n > PX_EXTRACT_MAX_HTML)
		return px_fail(err, PX_EINVAL, "page too large (%zu bytes; the limit is %u)",
		               n, PX_EXTRACT_MAX_HTML);
	if (looks_binary(html, n))
		return px_fail(err, PX_EINVAL, "binary data, not an HTML page");
	GumboOutput *g = gumbo_parse_with_options(&kGumboDefaultOptions, html, n);
	if (!g)
		return px_fail(err, PX_EINVAL, "HTML parser failed");
	walk w;
	memset(&w, 0, sizeof(w));
	visit(&w, g->root, 0, 0);
	/* Headline: og:title is the cleanest; <title> often carries the site. */
	out->title = px_arena_strdup(a, w.og_title ? w.og_title : px_buf_str(&w.title));
	size_t tl = w.text.len;
	while (tl && (w.text.s[tl - 1] == '\n' || w.text.s[tl - 1] == ' '))
		tl--;
	out->text = px_arena_strndup(a, px_buf_str(&w.text), tl);
	out->byline = px_arena_strdup(a, w.byline);
	out->lang = px_arena_strdup(a, w.lang);
	out->canonical_url = px_arena_strdup(a, w.canonical);
	out->site_name = px_arena_strdup(a, w.site_name);
	if (w.published)
		out->published = px_parse_time(w.published);
	px_buf_free(&w.text);
	px_buf_free(&w.title);
	gumbo_destroy_output(&kGumboDefaultOptions, g);
	return 0;
}
