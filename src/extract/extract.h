/*
 * extract.h — from an HTML page to an article: its text and its metadata.
 *
 * Contract: px_extract() accepts any bytes (broken markup, binary data, any
 * character encoding) and either fills OUT or returns PX_EINVAL with a
 * reason; it never crashes, its stack is bounded whatever the nesting, and
 * its memory is bounded by the page size (the parse tree lives in one arena
 * that is dropped before the call returns; extract.c says how much).
 *
 * What comes out:
 *   - text: the article's main text, paragraphs separated by blank lines
 *     (headings, list items, quotes and table rows each a paragraph of their
 *     own); navigation, share bars, "Read also" blocks, captions, bylines,
 *     comments, cookie and subscription notices are left out;
 *   - metadata from what the publisher declares — JSON-LD (NewsArticle and
 *     its kin, @graph included), OpenGraph, article:*, Dublin Core, other
 *     meta tags, <time> — before anything guessed from the page's layout;
 *   - URLs (canonical_url, image) absolute, resolved against <base> and the
 *     page's URL.
 * Strings are UTF-8 (NFC is the text stage's job), in the caller's arena;
 * any of them may be NULL when the page does not say.
 *
 * The stages inside (see extract.c): charset.c decodes the bytes to UTF-8;
 * gumbo parses them as a browser would; dom.c turns gumbo's tree into a
 * compact one with text statistics; meta.c reads the metadata; content.c
 * finds and cleans the main text.
 */
#ifndef PX_EXTRACT_H
#define PX_EXTRACT_H

#include <stddef.h>
#include <stdint.h>

#include "parallax.h"
#include "util/arena.h"

#define PX_EXTRACT_MAX_HTML (16u << 20)

/* px_page (parallax.h) is what comes out; here it lives in the caller's
 * arena, with MEM_ unused. */

/* Extracts the article of the page HTML (N bytes) found at URL (may be NULL;
 * relative links then stay relative unless the page has a <base>).
 * CONTENT_TYPE is the HTTP header's value when there is one (its charset
 * wins over the page's own declaration, as in a browser), else NULL. */
int px_extract_page(const char *html, size_t n, const char *url,
                    const char *content_type, px_arena *a,
                    px_page *out, px_error *err);

/* The same for a page with no HTTP header (a file). */
int px_extract(const char *html, size_t n, const char *url, px_arena *a,
               px_page *out, px_error *err);

/* A plain-text file's bytes (N) as UTF-8: *OUT (*OUT_N bytes; the input
 * itself when it is UTF-8, else NUL-terminated in A) and the encoding they
 * were read in, *CHARSET ("utf-8", "utf-16le", "windows-1252" ...).  It is
 * decided as for a page that declares none: a byte order mark, else UTF-8
 * when the bytes read as UTF-8 (a few broken ones allowed, and mended),
 * else ICU's detector.  *OUT is valid UTF-8 but for NUL
 * bytes, which stay (binary data is the caller's to refuse).  Fails only
 * when the bytes cannot be decoded at all. */
int px_decode_text(const char *in, size_t n, px_arena *a, const char **out,
                   size_t *out_n, const char **charset, px_error *err);

#endif
