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

/* The attributes anything downstream reads (dom.c, content.c, meta.c), on
 * the elements it reads them on; the rest (data-*, srcset, onclick,
 * aria-label …, often most of a tag's bytes, and some 200 bytes of the
 * parser's memory each) is dropped. */
enum tag_kind { TAG_OTHER, TAG_META, TAG_LINK, TAG_BASE, TAG_HTML, TAG_A, TAG_SCRIPT };

static enum tag_kind tag_kind(const char *name, size_t k)
{
	static const struct {
		const char *name;
		enum tag_kind kind;
	} kinds[] = { { "meta", TAG_META }, { "link", TAG_LINK }, { "base", TAG_BASE },
	              { "html", TAG_HTML }, { "a", TAG_A }, { "script", TAG_SCRIPT } };
	for (size_t i = 0; i < sizeof(kinds) / sizeof(*kinds); i++)
		if (strlen(kinds[i].name) == k && !strncasecmp(name, kinds[i].name, k))
			return kinds[i].kind;
	return TAG_OTHER;
}

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
 * the end of the tag in the input and sets *NAME and *NAME_LEN. */
static const char *copy_start_tag(const char *p, const char *end, char **o,
                                  const char **name, size_t *name_len)
{
	char *w = *o;
	const char *q = p + 1;
	while (q < end && !is_space(*q) && *q != '/' && *q != '>')
		q++;
	*name = p + 1;
	*name_len = (size_t)(q - p - 1);
	enum tag_kind kind = tag_kind(p + 1, *name_len);
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

/* The tree depth that the element NAME (K bytes) adds until its end tag:
 * 0 for void elements, those the parser closes on its own (implied end
 * tags), raw text, the document's html/head/body and foreign content;
 * a list adds its items' level too, a table its body's, row's and cell's. */
static unsigned nesting(const char *name, size_t k)
{
	static const char *const flat[] = {
		"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
		"param", "source", "track", "wbr", "keygen", "frame", "basefont", "bgsound",
		"p", "li", "dt", "dd", "tr", "td", "th", "thead", "tbody", "tfoot", "caption",
		"colgroup", "option", "optgroup", "rb", "rp", "rt", "rtc", "html", "head",
		"body", "script", "style", "textarea", "title", "xmp", "iframe", "noembed",
		"noframes", "noscript", "plaintext", "svg", "math"
	};
	for (size_t i = 0; i < sizeof(flat) / sizeof(*flat); i++)
		if (strlen(flat[i]) == k && !strncasecmp(name, flat[i], k))
			return 0;
	if (k == 5 && !strncasecmp(name, "table", 5))
		return 4;
	if (k == 2 && (!strncasecmp(name, "ul", 2) || !strncasecmp(name, "ol", 2) ||
	               !strncasecmp(name, "dl", 2)))
		return 2;
	return 1;
}

/* The length of the tag name at P (after "<" or "</"). */
static size_t name_len(const char *p, const char *end)
{
	const char *q = p;
	while (q < end && !is_space(*q) && *q != '/' && *q != '>')
		q++;
	return (size_t)(q - p);
}

/* 1 for elements that break the line of text (as dom_is_block has them)
 * and those of the head: whitespace beside them is no text. */
static int breaks_line(const char *name, size_t k)
{
	static const char *const block[] = {
		"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "br",
		"blockquote", "table", "tr", "section", "article", "main", "dl", "dt",
		"dd", "figure", "hr", "address", "header", "footer", "nav", "aside",
		"form", "figcaption", "caption", "tbody", "thead", "tfoot", "center",
		"details", "summary", "body", "fieldset", "html", "head", "meta", "link",
		"title", "base"
	};
	for (size_t i = 0; i < sizeof(block) / sizeof(*block); i++)
		if (strlen(block[i]) == k && !strncasecmp(name, block[i], k))
			return 1;
	return 0;
}

/* 1 if the tag at P ("<" or "</" then a name) breaks the line. */
static int tag_breaks_line(const char *p, const char *end)
{
	p += 1 + (end - p > 1 && p[1] == '/');
	return p < end && is_alpha(*p) && breaks_line(p, name_len(p, end));
}

/* Inline formatting elements with no attribute left (<b>, <em>, <span> …)
 * change nothing downstream but cost the parser two nodes each (theirs and
 * a split text node): they are dropped, start and end tag.  A stack of
 * bits per name says which of the open ones were dropped, so that the end
 * tag of a <span class=…> around a bare <span> stays. */
static const char *const plain_inline[] = {
	"b", "i", "em", "strong", "u", "s", "small", "big", "tt", "mark", "abbr", "dfn",
	"kbd", "samp", "var", "sub", "sup", "cite", "font", "nobr", "bdi", "bdo", "span"
};
enum { N_PLAIN = sizeof(plain_inline) / sizeof(*plain_inline) };

typedef struct {
	uint64_t dropped[N_PLAIN]; /* bit d: the open one at depth d was dropped */
	unsigned depth[N_PLAIN];
	unsigned overflow[N_PLAIN]; /* open beyond 64: always kept */
} inline_state;

static int plain_index(const char *name, size_t k)
{
	for (int i = 0; i < N_PLAIN; i++)
		if (strlen(plain_inline[i]) == k && !strncasecmp(name, plain_inline[i], k))
			return i;
	return -1;
}

/* 1 if the start tag NAME, copied with BARE = no attribute, is kept. */
static int inline_open(inline_state *s, const char *name, size_t k, int bare)
{
	int i = plain_index(name, k);
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

/* 1 if the end tag NAME is kept. */
static int inline_close(inline_state *s, const char *name, size_t k)
{
	int i = plain_index(name, k);
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

/* 1 if the start tag NAME is kept. */
static int nest_push(nesting_state *s, const char *name, size_t k)
{
	unsigned w = nesting(name, k);
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
static int nest_pop(nesting_state *s, const char *name, size_t k)
{
	if (!nesting(name, k))
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
		const char *t = p;
		while (t < lt && is_space(*t))
			t++;
		if (t == lt && p != in && lt < end && (after_break || tag_breaks_line(lt, end))) {
			/* nothing: a text node of whitespace costs the parser ~200 bytes */
		} else if (t == lt && lt - p > 1 && p != in) {
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
		after_break = tag_breaks_line(p, end);
		if (end - p > 2 && p[1] == '/' && is_alpha(p[2]) &&
		    (!inline_close(&plain, p + 2, name_len(p + 2, end)) ||
		     !nest_pop(&nest, p + 2, name_len(p + 2, end)))) {
			const char *gt = memchr(p, '>', (size_t)(end - p));
			p = gt ? gt + 1 : end;
			continue;
		}
		if (end - p > 2 && p[1] == '/' && is_alpha(p[2])) { /* an end tag, whole */
			const char *gt = memchr(p, '>', (size_t)(end - p));
			const char *e = gt ? gt + 1 : end;
			memcpy(o, p, (size_t)(e - p));
			o += e - p;
			p = e;
			continue;
		}
		if (end - p < 2 || !is_alpha(p[1])) {
			*o++ = *p++; /* a doctype, a "<" in text */
			continue;
		}
		const char *name, *tag = p;
		size_t k;
		char *at = o;
		p = copy_start_tag(p, end, &o, &name, &k);
		int bare = o - at <= (ptrdiff_t)k + 3; /* "<b>" or "<b/>" */
		if (!inline_open(&plain, name, k, bare) ||
		    !nest_push(&nest, name, k) || /* "<div/>" opens a div too */
		    (tag_kind(name, k) == TAG_LINK && !useful_link(at, o))) {
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
