/*
 * extract.h — from an HTML page to an article: title, text and metadata.
 *
 * Contract: px_extract() accepts any bytes (broken markup, binary data) and
 * either fills OUT or returns PX_EINVAL with a reason; it never crashes, and
 * its memory is bounded by a small multiple of the page size.  Text comes
 * out as paragraphs separated by blank lines.  This first extractor keeps
 * the visible text of the page minus scripts, navigation, headers, footers,
 * asides and forms; the article-extraction issue replaces the inside of
 * this call with content scoring, and every ingest path already goes
 * through it.
 */
#ifndef PX_EXTRACT_H
#define PX_EXTRACT_H

#include <stddef.h>
#include <stdint.h>

#include "parallax.h"
#include "util/arena.h"

#define PX_EXTRACT_MAX_HTML (16u << 20)

typedef struct px_extracted {
	const char *title;
	const char *text;
	const char *byline;
	const char *lang;
	const char *canonical_url;
	const char *site_name;
	int64_t published;      /* PX_TIME_UNKNOWN when the page does not say */
} px_extracted;

int px_extract(const char *html, size_t n, const char *url, px_arena *a,
               px_extracted *out, px_error *err);

#endif
