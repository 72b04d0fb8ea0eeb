/*
 * extract.c — px_extract(): bytes in, article out.
 *
 *   bytes --charset.c--> UTF-8 --prefilter.c--> less --gumbo--> tree --dom.c--> flat tree
 *         --meta.c--> metadata        --content.c--> text
 *
 * Memory: gumbo allocates from galloc.c (size classes whose freed blocks
 * serve again; all released at once), the flat tree and the metadata
 * readers from an arena; what the caller gets is copied into the caller's
 * arena and the rest goes at once.  Peak memory is mostly gumbo's tree:
 * 1-2 MB over the page on news pages, some 5 bytes per input byte on
 * link-dense markup (a Wikipedia article) and more on pages of nothing but
 * tags (docs/BENCHMARKS.md).
 */
#include "extract.h"

#include <gumbo.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "content.h"
#include "dom.h"
#include "galloc.h"
#include "meta.h"
#include "prefilter.h"
#include "util/detect.h"
#include "util/error.h"
#include "util/url.h"
#include "util/utf8.h"

/* S copied into A as valid UTF-8.  The page was decoded to UTF-8 before
 * parsing, but gumbo 0.10.1 writes a stray byte for a character reference
 * past U+10FFFF ("&#xdbbbbbbbbbbb;", found by fuzzing): such bytes become
 * U+FFFD here, where every string leaves the extractor. */
static char *out_str(px_arena *a, const char *s)
{
	if (!s)
		return NULL;
	size_t n = strlen(s);
	if (px_utf8_valid(s, n))
		return px_arena_strndup(a, s, n);
	size_t k;
	char *fixed = px_utf8_fix(s, n, &k);
	char *r = px_arena_strndup(a, fixed, k);
	free(fixed);
	return r;
}

/* REF resolved against BASE (either may be NULL), in A; REF itself when it
 * cannot be resolved (no base, or not a URL libcurl accepts). */
static const char *resolve(px_arena *a, const char *base, const char *ref)
{
	if (!ref || !*ref)
		return NULL;
	char *abs = base && *base ? px_url_resolve(base, ref) : NULL;
	const char *out = out_str(a, abs ? abs : ref);
	free(abs);
	return out;
}

/* The first paragraph of TEXT, cut near 300 bytes at a word. */
static const char *lead_of(px_arena *a, const char *text)
{
	if (!text || !*text)
		return NULL;
	const char *e = strstr(text, "\n\n");
	size_t n = e ? (size_t)(e - text) : strlen(text);
	if (n > 300) {
		n = 300;
		while (n > 200 && text[n] != ' ')
			n--;
		while (n && ((unsigned char)text[n] & 0xC0) == 0x80)
			n--;
	}
	return px_arena_strndup(a, text, n);
}

int px_extract_page(const char *html, size_t n, const char *url,
                    const char *content_type, px_arena *a,
                    px_page *out, px_error *err)
{
	memset(out, 0, sizeof(*out));
	out->published = out->modified = PX_TIME_UNKNOWN;
	if (n > PX_EXTRACT_MAX_HTML)
		return px_fail(err, PX_EINVAL, "page too large (%zu bytes; the limit is %u)",
		               n, PX_EXTRACT_MAX_HTML);
	px_arena *ga = px_arena_new(n < (64u << 10) ? (256u << 10) : 4 * n);
	px_decoded dec;
	if (px_charset_to_utf8(html, n, content_type, ga, &dec, err) < 0) {
		px_arena_free(ga);
		return PX_EINVAL;
	}
	if (px_looks_binary(dec.text, dec.len)) {
		px_arena_free(ga);
		return px_fail(err, PX_EINVAL, "binary data, not an HTML page");
	}
	galloc *gg = galloc_new();
	GumboOptions opt = kGumboDefaultOptions;
	opt.allocator = galloc_alloc;
	opt.deallocator = galloc_dealloc;
	opt.userdata = gg;
	opt.max_errors = 0;
	char *lean = px_arena_alloc(ga, 2 * dec.len + 16); /* prefilter.h: what it may add */
	size_t lean_len = prefilter(dec.text, dec.len, lean);
	GumboOutput *g = gumbo_parse_with_options(&opt, lean, lean_len);
	if (!g) {
		galloc_free(gg);
		px_arena_free(ga);
		return px_fail(err, PX_EINVAL, "HTML parser failed");
	}
	dom d;
	dom_build(&d, g, ga);
	page_meta m;
	dom_count(&d); /* text sizes first: the byline search skips big elements */
	meta_read(&m, g, &d, ga);
	const char *text = content_extract(&d, &m, ga);

	/* Links resolve against <base>, itself resolved against the page. */
	const char *base = url;
	if (m.base)
		base = resolve(ga, url, m.base);
	out->title = out_str(a, m.title);
	out->text = out_str(a, text);
	out->byline = out_str(a, m.byline);
	out->lang = out_str(a, m.lang);
	out->canonical_url = resolve(a, base, m.canonical);
	out->site_name = out_str(a, m.site_name);
	out->excerpt = out_str(a, m.excerpt ? m.excerpt : lead_of(ga, text));
	out->image = resolve(a, base, m.image);
	out->section = out_str(a, m.section);
	out->tags = px_arena_alloc(a, (m.n_tags + 1) * sizeof(char *));
	for (size_t i = 0; i < m.n_tags; i++)
		out->tags[i] = out_str(a, m.tags[i]);
	out->n_tags = m.n_tags;
	out->charset = px_arena_strdup(a, dec.charset);
	if (m.published)
		out->published = px_parse_time(m.published);
	if (m.modified)
		out->modified = px_parse_time(m.modified);
	galloc_free(gg); /* gumbo's tree: nothing to destroy node by node */
	px_arena_free(ga);
	return 0;
}

int px_extract(const char *html, size_t n, const char *url, px_arena *a,
               px_page *out, px_error *err)
{
	return px_extract_page(html, n, url, NULL, a, out, err);
}

int px_page_extract(const char *html, size_t n, const char *url,
                    const char *content_type, px_page **out, px_error *err)
{
	px_arena *a = px_arena_new(0);
	px_page *p = px_arena_zalloc(a, sizeof(*p));
	*out = NULL;
	if (px_extract_page(html, n, url, content_type, a, p, err) < 0) {
		px_arena_free(a);
		return PX_EINVAL;
	}
	p->mem_ = a;
	*out = p;
	return 0;
}

void px_page_free(px_page *p)
{
	if (p)
		px_arena_free(p->mem_);
}

int px_decode_text(const char *in, size_t n, px_arena *a, const char **out,
                   size_t *out_n, const char **charset, px_error *err)
{
	px_decoded d;
	if (px_charset_text_to_utf8(in, n, a, &d, err) < 0)
		return PX_EINVAL;
	*out = d.text;
	*out_n = d.len;
	*charset = d.charset;
	return 0;
}
