/* content.h — the main text of a page (internal to extract/; content.c
 * explains how it is found). */
#ifndef PX_EXTRACT_CONTENT_H
#define PX_EXTRACT_CONTENT_H

#include "dom.h"
#include "meta.h"
#include "util/arena.h"

/* The article's text in D (paragraphs separated by blank lines), or "" when
 * the page has none.  D must be counted (dom_count) already; its nodes are
 * marked (junk) and recounted on the way. */
char *content_extract(dom *d, const page_meta *m, px_arena *a);

#endif
