/* meta.h — a page's metadata from what its publisher declares (internal to
 * extract/; the order of the sources is explained in meta.c). */
#ifndef PX_EXTRACT_META_H
#define PX_EXTRACT_META_H

#include <gumbo.h>

#include "dom.h"
#include "extract.h"
#include "util/arena.h"

typedef struct page_meta {
	const char *title, *byline, *lang, *canonical, *site_name, *excerpt;
	const char *image, *section, *published, *modified, *base;
	const char *article_body;     /* JSON-LD articleBody, when declared */
	const char **tags;
	size_t n_tags;
} page_meta;

/* Reads the metadata of the parsed page OUT (D is its body, flattened). */
void meta_read(page_meta *m, const GumboOutput *out, const dom *d, px_arena *a);

/* S with entities decoded, tags dropped and whitespace collapsed (arena). */
char *meta_clean(px_arena *a, const char *s);

#endif
