/*
 * html.h — the HTML inside feed fields (internal to feed/): made safe,
 * relative links resolved, or reduced to plain text.
 *
 * The first two match Universal Feed Parser 6.0.10 byte for byte on the
 * HTML it sanitises (text/html content), except where its output would not
 * be safe: there a '<' in text is written "&lt;", a comment a browser would
 * end early is dropped, and a URL attribute whose scheme, once character
 * references are decoded, is javascript:, vbscript: or data: is emptied.
 * How, and why a tokenizer of our own rather than gumbo: html.c.
 */
#ifndef PX_FEED_HTML_H
#define PX_FEED_HTML_H

#include <stddef.h>

#include "util/arena.h"

/* The HTML fragment S (N bytes, UTF-8) made safe as feedparser makes it: only allowed elements and attributes (HTML, MathML, SVG allowlists), no script/style content, no event handlers, no javascript:/data:/vbscript: URLs, inline style filtered to safe properties; relative URLs in href/src/etc. resolved against BASE (absolute URL or NULL = leave relative); re-serialised as feedparser does (`<img src="..." />`, attribute values double-quoted and escaped, `<span class=""></span>`). Result NUL-terminated in A, never NULL. */
char *feed_html_sanitize(const char *s, size_t n, const char *base, px_arena *a);
/* Only the relative-URL resolution feedparser applies to HTML content that it does not sanitise, same serialisation. */
char *feed_html_resolve(const char *s, size_t n, const char *base, px_arena *a);
/* Plain text of an HTML fragment, for the pipeline: tags dropped (script/style content too), entities decoded, block elements and <br> become line breaks, whitespace runs collapsed, paragraphs separated by a blank line. */
char *feed_html_text(const char *s, size_t n, px_arena *a);

#endif
