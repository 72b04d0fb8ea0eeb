/*
 * prefilter.c — the bytes gumbo need not read.
 *
 * On news pages more than half of the HTML is inline script and style
 * (measured on the shared extraction benchmark: 31% script, 25% style) and
 * the parser spends its time per byte, so these bodies are emptied before
 * parsing: the <script> and <style> elements stay, with nothing inside.
 * JSON-LD scripts keep their text (meta.c reads it); comments go whole.
 * What is left is mostly start tags (73% of the rest), and most of their
 * bytes are attributes nobody here reads (srcset, data-*, onclick …): only
 * the attributes the extractor reads are kept.  <svg> bodies go (9%), and
 * a run of nothing but whitespace between two tags becomes one byte (12%).
 *
 * The scan follows the HTML tokenizer where it matters: a script or style
 * body ends at the first "</script" or "</style" followed by a space, "/"
 * or ">", exactly as in the tokenizer's raw-text states, and a start tag
 * ends at the first ">" outside quoted attribute values.  What it does not
 * model (the "<!--<script" escape inside a script, raw text inside
 * <textarea> or <title>, <script> inside SVG) at worst leaves some script
 * text in place for gumbo to parse — the tree then holds what a browser's
 * would, plus that text inside a script element, which is never read.
 *
 * Nesting is capped here too.  Gumbo looks through the stack of open
 * elements on most start tags, so a page of 100,000 nested <div>s took it
 * some 30 s (quadratic in the depth).  The scan keeps a count of open
 * elements — only those whose end tag is never implied (div, span, table,
 * b …; not p, li, td, void or raw-text elements, which a sloppy page leaves
 * open without deepening the tree) — and beyond MAX_NESTING drops the start
 * tags and their end tags, so deeper text joins the element at the cap
 * instead of being cut off.  No real page comes near it; a sloppy one that
 * never closes its <font>s only loses those tags past the cap.
 */
#include "prefilter.h"

#include <stdint.h>
#include <string.h>
#include <strings.h>

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* 1 if P (before END) starts with NAME (lower case) as a tag name. */
static int tag_is(const char *p, const char *end, const char *name, size_t k)
{
	return (size_t)(end - p) > k && !strncasecmp(p, name, k) &&
	       (is_space(p[k]) || p[k] == '>' || p[k] == '/');
}

/* The start of the end tag "</NAME" closing a raw-text body at P, or END. */
static const char *raw_end(const char *p, const char *end, const char *name, size_t k)
{
	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if (end - p > (ptrdiff_t)(k + 2) && p[1] == '/' && !strncasecmp(p + 2, name, k) &&
		    (is_space(p[2 + k]) || p[2 + k] == '>' || p[2 + k] == '/'))
			return p;
		p++;
	}
	return end;
}

static int is_json_ld(const char *tag, const char *tend)
{
	for (const char *p = tag; p + 19 <= tend; p++)
		if (!strncasecmp(p, "application/ld+json", 19))
			return 1;
	return 0;
}

/* What the scan needs to know of an element, by name: the tree depth it
 * adds until its end tag (0 for void elements, those the parser closes on
 * its own — implied end tags —, raw text, the document's html/head/body
 * and foreign content; a list adds its items' level too, a table its
 * body's, row's and cell's); whether it breaks the line of text (as
 * dom_is_block has them, and the head's elements: whitespace beside them
 * is no text); whether it is an inline formatting element dropped when
 * bare (1 + its index in the per-name stacks below); which attributes it
 * keeps (KIND).  Looked up once per tag. */
enum tag_kind { TAG_OTHER, TAG_META, TAG_LINK, TAG_BASE, TAG_HTML, TAG_A, TAG_SCRIPT };

typedef struct tag_info {
	const char *name;
	unsigned char depth, breaks_line, plain;
	enum tag_kind kind;
} tag_info;

static const tag_info tags[] = {
	{ "a", 1, 0, 0, TAG_A },
	{ "abbr", 1, 0, 11, TAG_OTHER },
	{ "address", 1, 1, 0, TAG_OTHER },
	{ "area", 0, 0, 0, TAG_OTHER },
	{ "article", 1, 1, 0, TAG_OTHER },
	{ "aside", 1, 1, 0, TAG_OTHER },
	{ "b", 1, 0, 1, TAG_OTHER },
	{ "base", 0, 1, 0, TAG_BASE },
	{ "basefont", 0, 0, 0, TAG_OTHER },
	{ "bdi", 1, 0, 21, TAG_OTHER },
	{ "bdo", 1, 0, 22, TAG_OTHER },
	{ "bgsound", 0, 0, 0, TAG_OTHER },
	{ "big", 1, 0, 8, TAG_OTHER },
	{ "blockquote", 1, 1, 0, TAG_OTHER },
	{ "body", 0, 1, 0, TAG_OTHER },
	{ "br", 0, 1, 0, TAG_OTHER },
	{ "caption", 0, 1, 0, TAG_OTHER },
	{ "center", 1, 1, 0, TAG_OTHER },
	{ "cite", 1, 0, 18, TAG_OTHER },
	{ "col", 0, 0, 0, TAG_OTHER },
	{ "colgroup", 0, 0, 0, TAG_OTHER },
	{ "dd", 0, 1, 0, TAG_OTHER },
	{ "details", 1, 1, 0, TAG_OTHER },
	{ "dfn", 1, 0, 12, TAG_OTHER },
	{ "div", 1, 1, 0, TAG_OTHER },
	{ "dl", 2, 1, 0, TAG_OTHER },
	{ "dt", 0, 1, 0, TAG_OTHER },
	{ "em", 1, 0, 3, TAG_OTHER },
	{ "embed", 0, 0, 0, TAG_OTHER },
	{ "fieldset", 1, 1, 0, TAG_OTHER },
	{ "figcaption", 1, 1, 0, TAG_OTHER },
	{ "figure", 1, 1, 0, TAG_OTHER },
	{ "font", 1, 0, 19, TAG_OTHER },
	{ "footer", 1, 1, 0, TAG_OTHER },
	{ "form", 1, 1, 0, TAG_OTHER },
	{ "frame", 0, 0, 0, TAG_OTHER },
	{ "h1", 1, 1, 0, TAG_OTHER },
	{ "h2", 1, 1, 0, TAG_OTHER },
	{ "h3", 1, 1, 0, TAG_OTHER },
	{ "h4", 1, 1, 0, TAG_OTHER },
	{ "h5", 1, 1, 0, TAG_OTHER },
	{ "h6", 1, 1, 0, TAG_OTHER },
	{ "head", 0, 1, 0, TAG_OTHER },
	{ "header", 1, 1, 0, TAG_OTHER },
	{ "hr", 0, 1, 0, TAG_OTHER },
	{ "html", 0, 1, 0, TAG_HTML },
	{ "i", 1, 0, 2, TAG_OTHER },
	{ "iframe", 0, 0, 0, TAG_OTHER },
	{ "img", 0, 0, 0, TAG_OTHER },
	{ "input", 0, 0, 0, TAG_OTHER },
	{ "kbd", 1, 0, 13, TAG_OTHER },
	{ "keygen", 0, 0, 0, TAG_OTHER },
	{ "li", 0, 1, 0, TAG_OTHER },
	{ "link", 0, 1, 0, TAG_LINK },
	{ "main", 1, 1, 0, TAG_OTHER },
	{ "mark", 1, 0, 10, TAG_OTHER },
	{ "math", 0, 0, 0, TAG_OTHER },
	{ "meta", 0, 1, 0, TAG_META },
	{ "nav", 1, 1, 0, TAG_OTHER },
	{ "nobr", 1, 0, 20, TAG_OTHER },
	{ "noembed", 0, 0, 0, TAG_OTHER },
	{ "noframes", 0, 0, 0, TAG_OTHER },
	{ "noscript", 0, 0, 0, TAG_OTHER },
	{ "ol", 2, 1, 0, TAG_OTHER },
	{ "optgroup", 0, 0, 0, TAG_OTHER },
	{ "option", 0, 0, 0, TAG_OTHER },
	{ "p", 0, 1, 0, TAG_OTHER },
	{ "param", 0, 0, 0, TAG_OTHER },
	{ "plaintext", 0, 0, 0, TAG_OTHER },
	{ "rb", 0, 0, 0, TAG_OTHER },
	{ "rp", 0, 0, 0, TAG_OTHER },
	{ "rt", 0, 0, 0, TAG_OTHER },
	{ "rtc", 0, 0, 0, TAG_OTHER },
	{ "s", 1, 0, 6, TAG_OTHER },
	{ "samp", 1, 0, 14, TAG_OTHER },
	{ "script", 0, 0, 0, TAG_SCRIPT },
	{ "section", 1, 1, 0, TAG_OTHER },
	{ "small", 1, 0, 7, TAG_OTHER },
	{ "source", 0, 0, 0, TAG_OTHER },
	{ "span", 1, 0, 23, TAG_OTHER },
	{ "strong", 1, 0, 4, TAG_OTHER },
	{ "style", 0, 0, 0, TAG_OTHER },
	{ "sub", 1, 0, 16, TAG_OTHER },
	{ "summary", 1, 1, 0, TAG_OTHER },
	{ "sup", 1, 0, 17, TAG_OTHER },
	{ "svg", 0, 0, 0, TAG_OTHER },
	{ "table", 4, 1, 0, TAG_OTHER },
	{ "tbody", 0, 1, 0, TAG_OTHER },
	{ "td", 0, 0, 0, TAG_OTHER },
	{ "textarea", 0, 0, 0, TAG_OTHER },
	{ "tfoot", 0, 1, 0, TAG_OTHER },
	{ "th", 0, 0, 0, TAG_OTHER },
	{ "thead", 0, 1, 0, TAG_OTHER },
	{ "title", 0, 1, 0, TAG_OTHER },
	{ "tr", 0, 1, 0, TAG_OTHER },
	{ "track", 0, 0, 0, TAG_OTHER },
	{ "tt", 1, 0, 9, TAG_OTHER },
	{ "u", 1, 0, 5, TAG_OTHER },
	{ "ul", 2, 1, 0, TAG_OTHER },
	{ "var", 1, 0, 15, TAG_OTHER },
	{ "wbr", 0, 0, 0, TAG_OTHER },
	{ "xmp", 0, 0, 0, TAG_OTHER },
};

enum { N_PLAIN = 23 }; /* the tags with PLAIN set */

static const tag_info *tag_lookup(const char *name, size_t k)
{
	static const tag_info other = { "", 1, 0, 0, TAG_OTHER };
	for (size_t i = 0; i < sizeof(tags) / sizeof(*tags); i++)
		if (strlen(tags[i].name) == k && !strncasecmp(name, tags[i].name, k))
			return &tags[i];
	return &other;
}

/* The attributes anything downstream reads (dom.c, content.c, meta.c), on
 * the elements it reads them on; the rest (data-*, srcset, onclick,
 * aria-label …, often most of a tag's bytes, and some 200 bytes of the
 * parser's memory each) is dropped. */
static int attr_is(const char *a, size_t k, const char *name)
{
	return strlen(name) == k && !strncasecmp(a, name, k);
}

/* 1 if the attribute A (K bytes) with the value V (VK bytes, quotes
 * included) on an element of KIND is read downstream. */
static int kept_attribute(enum tag_kind kind, const char *a, size_t k,
                          const char *v, size_t vk)
{
	static const char *const everywhere[] = { "class", "id", "role", "hidden",
	                                          "aria-hidden", "itemprop", "content",
	                                          "datetime", "pubdate" };
	for (size_t i = 0; i < sizeof(everywhere) / sizeof(*everywhere); i++)
		if (attr_is(a, k, everywhere[i]))
			return 1;
	if (attr_is(a, k, "style")) { /* only "display: none", "visibility: hidden" */
		for (size_t i = 0; i + 4 <= vk; i++)
			if (!strncasecmp(v + i, "none", 4) || !strncasecmp(v + i, "hidd", 4))
				return 1;
		return 0;
	}
	switch (kind) {
	case TAG_META:
		return attr_is(a, k, "name") || attr_is(a, k, "property") ||
		       attr_is(a, k, "http-equiv") || attr_is(a, k, "charset");
	case TAG_LINK:
		return attr_is(a, k, "rel") || attr_is(a, k, "href");
	case TAG_BASE:
		return attr_is(a, k, "href");
	case TAG_HTML:
		return attr_is(a, k, "lang") || attr_is(a, k, "xml:lang");
	case TAG_A: /* rel="author" marks a byline; "nofollow" and the rest nothing */
		if (!attr_is(a, k, "rel"))
			return 0;
		for (size_t i = 0; i + 6 <= vk; i++)
			if (!strncasecmp(v + i, "author", 6))
				return 1;
		return 0;
	case TAG_SCRIPT:
		return attr_is(a, k, "type");
	default:
		return 0;
	}
}

/* 1 if the <link> copied to T..E is one meta.c reads (rel="canonical" or
 * "image_src"); stylesheets, preloads, icons and alternates, dozens on a
 * news page, are not. */
static int useful_link(const char *t, const char *e)
{
	for (const char *p = t; p + 9 <= e; p++)
		if (!strncasecmp(p, "canonical", 9) || !strncasecmp(p, "image_src", 9))
			return 1;
	return 0;
}

/* Copies the start tag at P ("<" then a letter) to *O with only the kept
 * attributes, as the tokenizer reads attributes: names end at a space,
 * "/", ">" or "="; values are quoted or end at a space or ">".  Returns
 * the end of the tag in the input and sets *NAME, *NAME_LEN and *INFO. */
static const char *copy_start_tag(const char *p, const char *end, char **o,
                                  const char **name, size_t *name_len,
                                  const tag_info **info)
{
	char *w = *o;
	const char *q = p + 1;
	while (q < end && !is_space(*q) && *q != '/' && *q != '>')
		q++;
	*name = p + 1;
	*name_len = (size_t)(q - p - 1);
	*info = tag_lookup(p + 1, *name_len);
	enum tag_kind kind = (*info)->kind;
	memcpy(w, p, (size_t)(q - p));
	w += q - p;
	int self_closing = 0;
	while (q < end) {
		while (q < end && (is_space(*q) || *q == '/')) {
			self_closing = *q == '/';
			q++;
		}
		if (q >= end)
			break;
		if (*q == '>') {
			q++;
			break;
		}
		self_closing = 0;
		const char *a = q++;
		while (q < end && !is_space(*q) && *q != '/' && *q != '>' && *q != '=')
			q++;
		size_t k = (size_t)(q - a);
		const char *e = q, *v = q;
		while (e < end && is_space(*e))
			e++;
		if (e < end && *e == '=') {
			e++;
			while (e < end && is_space(*e))
				e++;
			v = e;
			if (e < end && (*e == '"' || *e == '\'')) {
				const char *c = memchr(e + 1, *e, (size_t)(end - e - 1));
				e = c ? c + 1 : end;
			} else {
				while (e < end && !is_space(*e) && *e != '>')
					e++;
			}
			q = e;
		}
		if (kept_attribute(kind, a, k, v, (size_t)(e - v))) {
			*w++ = ' ';
			memcpy(w, a, (size_t)(q - a));
			w += q - a;
		}
	}
	if (self_closing)
		*w++ = '/';
	*w++ = '>';
	*o = w;
	return q;
}

/* Past the "</svg>" that closes the <svg> whose start tag ends at P. */
static const char *svg_end(const char *p, const char *end)
{
	int depth = 1;
	while (depth && (p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if (tag_is(p + 1, end, "svg", 3))
			depth++;
		else if (end - p > 5 && p[1] == '/' && !strncasecmp(p + 2, "svg", 3) &&
		         (is_space(p[5]) || p[5] == '>'))
			depth--;
		p++;
	}
	if (!p)
		return end;
	const char *gt = memchr(p, '>', (size_t)(end - p));
	return gt ? gt + 1 : end;
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

enum { MAX_NESTING = 200 };

/* The length of the tag name at P (after "<" or "</"). */
static size_t name_len(const char *p, const char *end)
{
	const char *q = p;
	while (q < end && !is_space(*q) && *q != '/' && *q != '>')
		q++;
	return (size_t)(q - p);
}

/* 1 if the tag at P ("<" or "</" then a name) breaks the line. */
static int tag_breaks_line(const char *p, const char *end)
{
	p += 1 + (end - p > 1 && p[1] == '/');
	return p < end && is_alpha(*p) && tag_lookup(p, name_len(p, end))->breaks_line;
}

/* Inline formatting elements with no attribute left (<b>, <em>, <span> …)
 * change nothing downstream but cost the parser two nodes each (theirs and
 * a split text node): they are dropped, start and end tag.  A stack of
 * bits per name says which of the open ones were dropped, so that the end
 * tag of a <span class=…> around a bare <span> stays. */
typedef struct {
	uint64_t dropped[N_PLAIN]; /* bit d: the open one at depth d was dropped */
	unsigned depth[N_PLAIN];
	unsigned overflow[N_PLAIN]; /* open beyond 64: always kept */
} inline_state;

/* 1 if the start tag T, copied with BARE = no attribute, is kept. */
static int inline_open(inline_state *s, const tag_info *t, int bare)
{
	int i = t->plain - 1;
	if (i < 0)
		return 1;
	if (s->depth[i] >= 64) {
		s->overflow[i]++;
		return 1;
	}
	uint64_t bit = (uint64_t)1 << s->depth[i]++;
	s->dropped[i] = bare ? s->dropped[i] | bit : s->dropped[i] & ~bit;
	return !bare;
}

/* 1 if the end tag T is kept. */
static int inline_close(inline_state *s, const tag_info *t)
{
	int i = t->plain - 1;
	if (i < 0)
		return 1;
	if (s->overflow[i]) {
		s->overflow[i]--;
		return 1;
	}
	if (!s->depth[i])
		return 1; /* closes nothing: the parser ignores it */
	return !(s->dropped[i] >> --s->depth[i] & 1);
}

/* The open nesting elements as the scan sees them: those kept (up to a
 * depth of MAX_NESTING) and the count of those dropped beyond it. */
typedef struct {
	struct {
		const char *name;
		unsigned char len, weight;
	} open[MAX_NESTING];
	unsigned n, depth, dropped;
} nesting_state;

/* 1 if the start tag NAME (K bytes; T its info) is kept. */
static int nest_push(nesting_state *s, const tag_info *t, const char *name, size_t k)
{
	unsigned w = t->depth;
	if (!w)
		return 1;
	if (s->depth + w > MAX_NESTING) {
		s->dropped++;
		return 0;
	}
	s->open[s->n].name = name;
	s->open[s->n].len = (unsigned char)(k < 255 ? k : 255);
	s->open[s->n].weight = (unsigned char)w;
	s->n++;
	s->depth += w;
	return 1;
}

/* 1 if the end tag NAME is kept.  The dropped ones are the innermost, so
 * their end tags come first; an end tag that closes nothing open (as in
 * "<em>x</i>") is left for the parser to ignore. */
static int nest_pop(nesting_state *s, const tag_info *t, const char *name, size_t k)
{
	if (!t->depth)
		return 1;
	if (s->dropped) {
		s->dropped--;
		return 0;
	}
	for (unsigned i = s->n; i-- > 0;)
		if (s->open[i].len == k && !strncasecmp(s->open[i].name, name, k)) {
			while (s->n > i)
				s->depth -= s->open[--s->n].weight;
			break;
		}
	return 1;
}

size_t prefilter(const char *in, size_t n, char *out)
{
	const char *p = in, *end = in + n;
	char *o = out;
	nesting_state nest = { .n = 0 };
	int after_break = 0; /* the last tag broke the line */
	inline_state plain = { .depth = { 0 } };
	while (p < end) {
		const char *lt = memchr(p, '<', (size_t)(end - p));
		if (!lt)
			lt = end;
		/* Text; a run of nothing but whitespace between tags is one byte. */
		const char *nonspace = p;
		while (nonspace < lt && is_space(*nonspace))
			nonspace++;
		int blank = nonspace == lt;
		if (blank && p != in && lt < end && (after_break || tag_breaks_line(lt, end))) {
			/* nothing: a text node of whitespace costs the parser ~200 bytes */
		} else if (blank && lt - p > 1 && p != in) {
			*o++ = memchr(p, '\n', (size_t)(lt - p)) ? '\n' : ' ';
		} else {
			memcpy(o, p, (size_t)(lt - p));
			o += lt - p;
		}
		p = lt;
		if (p >= end)
			break;
		if (end - p >= 4 && !memcmp(p, "<!--", 4)) {
			/* A comment: to "-->", or "<!-->" / "<!--->" at once. */
			const char *q = p + 4;
			if (q < end && *q == '>')
				p = q + 1;
			else if (end - q >= 2 && q[0] == '-' && q[1] == '>')
				p = q + 2;
			else {
				const char *c = q;
				while (c && (c = memchr(c, '-', (size_t)(end - c))) != NULL &&
				       !(end - c >= 3 && c[1] == '-' && c[2] == '>'))
					c++;
				p = c ? c + 3 : end;
			}
			continue;
		}
		if (end - p > 2 && p[1] == '/' && is_alpha(p[2])) { /* an end tag, whole */
			size_t k = name_len(p + 2, end);
			const tag_info *t = tag_lookup(p + 2, k);
			after_break = t->breaks_line;
			const char *gt = memchr(p, '>', (size_t)(end - p));
			const char *e = gt ? gt + 1 : end;
			if (inline_close(&plain, t) && nest_pop(&nest, t, p + 2, k)) {
				memcpy(o, p, (size_t)(e - p));
				o += e - p;
			}
			p = e;
			continue;
		}
		if (end - p < 2 || !is_alpha(p[1])) {
			after_break = 0;
			*o++ = *p++; /* a doctype, a "<" in text */
			continue;
		}
		const char *name, *tag = p;
		const tag_info *t;
		size_t k;
		char *at = o;
		p = copy_start_tag(p, end, &o, &name, &k, &t);
		after_break = t->breaks_line;
		int bare = o - at <= (ptrdiff_t)k + 3; /* "<b>" or "<b/>" */
		if (!inline_open(&plain, t, bare) ||
		    !nest_push(&nest, t, name, k) || /* "<div/>" opens a div too */
		    (t->kind == TAG_LINK && !useful_link(at, o))) {
			o = at;
			continue;
		}
		int script = k == 6 && !strncasecmp(name, "script", 6);
		int style = k == 5 && !strncasecmp(name, "style", 5);
		if (k == 3 && !strncasecmp(name, "svg", 3) && o[-2] != '/') {
			p = svg_end(p, end);
			memcpy(o, "</svg>", 6);
			o += 6;
			continue;
		}
		if (!script && !style)
			continue;
		const char *close = raw_end(p, end, script ? "script" : "style", k);
		if (script && is_json_ld(tag, p)) {
			memcpy(o, p, (size_t)(close - p));
			o += close - p;
		}
		p = close;
		if (p < end) { /* copy "</" so the scan does not see the tag again */
			memcpy(o, p, 2);
			o += 2;
			p += 2;
		}
	}
	return (size_t)(o - out);
}
