/*
 * dom.h — the extractor's own view of a parsed page (internal to extract/).
 *
 * gumbo's tree is general and pointer-heavy; the extractor needs a few
 * numbers per element (how much text is under it, how much of that is link
 * text, how many commas) and fast walks up and down.  dom_build() flattens
 * the <body> into an array in document order: each node knows its parent,
 * first child and next sibling by index, so every walk is a loop, never a
 * recursion, and nesting deeper than DOM_MAX_DEPTH is cut off (hostile
 * pages cannot exhaust the stack).  Subtrees that can never be article
 * text (scripts, styles, forms' controls, media, templates) are not copied
 * at all; <head> and JSON-LD scripts are handed to meta.c on the way.
 */
#ifndef PX_EXTRACT_DOM_H
#define PX_EXTRACT_DOM_H

#include <gumbo.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

enum { DOM_MAX_DEPTH = 256 };

enum dom_flag {
	DOM_TEXT = 1,         /* a text node: TEXT holds it */
	DOM_JUNK = 2,         /* boilerplate: never article text */
	DOM_HIDDEN = 4,       /* hidden by attribute or inline style */
	DOM_IN_LINK = 8,      /* inside an <a> */
	DOM_KEPT = 16         /* chosen as (part of) the article */
};

typedef struct dom_node {
	const GumboElement *el;   /* NULL for text */
	const char *text;         /* text nodes: gumbo's text */
	int32_t parent;           /* -1 for <body> */
	uint32_t end;             /* index past this node's subtree */
	uint16_t depth;
	uint16_t flags;
	/* Statistics of the subtree, junk excluded (dom_count): */
	uint32_t chars;           /* text bytes, whitespace runs counted once */
	uint32_t link_chars;      /* of which inside links */
	uint32_t para_chars;      /* of which in <p>-like text blocks */
	uint16_t commas;
	float score;              /* content score (content.c) */
	uint8_t tag;              /* a GumboTag */
} dom_node;

_Static_assert(GUMBO_TAG_LAST < 256, "a GumboTag fits a byte");

typedef struct dom {
	dom_node *n;
	size_t len;
	int32_t body;             /* index of <body> (0) */
	const GumboElement *html; /* the <html> element, for lang */
	const GumboElement *head;
} dom;

/* Nodes are stored in document order, so node I's children run from I + 1
 * to its END, each one's next sibling starting where its subtree ends. */
static inline int32_t dom_first(const dom *d, int32_t i)
{
	return d->n[i].end > (uint32_t)i + 1 ? i + 1 : -1;
}

static inline int32_t dom_next(const dom *d, int32_t i)
{
	int32_t p = d->n[i].parent;
	return p >= 0 && d->n[i].end < d->n[p].end ? (int32_t)d->n[i].end : -1;
}

/* Flattens OUT's body into D (arrays in A). */
void dom_build(dom *d, const GumboOutput *out, px_arena *a);

/* Recomputes every node's statistics, leaving junk subtrees out. */
void dom_count(dom *d);

/* The text of node I's subtree, whitespace collapsed, junk included. */
char *dom_text(const dom *d, int32_t i, px_arena *a);

/* The value of attribute NAME of E, or NULL. */
const char *dom_attr(const GumboElement *e, const char *name);

/* 1 for elements that start a new line of text (p, div, li, h1 ...). */
int dom_is_block(GumboTag tag);

#endif
