/* galloc.h — the allocator gumbo parses with (internal to extract/).
 *
 * Gumbo allocates some 5 blocks per node and frees most of the small ones
 * at once (the tokenizer's buffers) or when they grow (vectors, strings
 * that double); all it builds goes together at the end.  galloc keeps a
 * free list per size class so those blocks serve again, and releases
 * everything in galloc_free() — gumbo_destroy_output() is never needed. */
#ifndef PX_EXTRACT_GALLOC_H
#define PX_EXTRACT_GALLOC_H

#include <stddef.h>

typedef struct galloc galloc;

galloc *galloc_new(void);
void galloc_free(galloc *g);

/* GumboOptions.allocator / .deallocator with USERDATA = a galloc. */
void *galloc_alloc(void *userdata, size_t n);
void galloc_dealloc(void *userdata, void *p);

#endif
