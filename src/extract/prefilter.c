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
 */
#include "prefilter.h"

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

/* The attributes anything downstream reads (dom.c, content.c, meta.c);
 * the rest (data-*, srcset, onclick, aria-label …, often most of a tag's
 * bytes) is dropped.  href only matters on <link> and <base>. */
static int kept_attribute(const char *a, size_t k, int wants_href)
{
	static const char *const keep[] = { "class", "id", "role", "style", "hidden",
	                                    "aria-hidden", "content", "http-equiv",
	                                    "property", "name", "itemprop", "rel", "type",
	                                    "datetime", "pubdate", "lang", "xml:lang",
	                                    "charset" };
	if (k == 4 && wants_href && !strncasecmp(a, "href", 4))
		return 1;
	for (size_t i = 0; i < sizeof(keep) / sizeof(*keep); i++)
		if (strlen(keep[i]) == k && !strncasecmp(a, keep[i], k))
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
	int wants_href = (*name_len == 4 && !strncasecmp(p + 1, "link", 4)) ||
	                 (*name_len == 4 && !strncasecmp(p + 1, "base", 4));
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
		const char *e = q;
		while (e < end && is_space(*e))
			e++;
		if (e < end && *e == '=') {
			e++;
			while (e < end && is_space(*e))
				e++;
			if (e < end && (*e == '"' || *e == '\'')) {
				const char *c = memchr(e + 1, *e, (size_t)(end - e - 1));
				e = c ? c + 1 : end;
			} else {
				while (e < end && !is_space(*e) && *e != '>')
					e++;
			}
			q = e;
		}
		if (kept_attribute(a, k, wants_href)) {
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

size_t prefilter(const char *in, size_t n, char *out)
{
	const char *p = in, *end = in + n;
	char *o = out;
	while (p < end) {
		const char *lt = memchr(p, '<', (size_t)(end - p));
		if (!lt)
			lt = end;
		/* Text; a run of nothing but whitespace between tags is one byte. */
		const char *t = p;
		while (t < lt && is_space(*t))
			t++;
		if (t == lt && lt - p > 1 && p != in) {
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
		if (end - p < 2 || !is_alpha(p[1])) {
			*o++ = *p++; /* an end tag, a doctype, or a "<" in text */
			continue;
		}
		const char *name, *tag = p;
		size_t k;
		p = copy_start_tag(p, end, &o, &name, &k);
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
