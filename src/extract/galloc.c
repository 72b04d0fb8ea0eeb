/*
 * galloc.c — size classes with free lists, on chunks that all go at once.
 *
 * Measured on a 1 MB Wikipedia page: gumbo made 150,000 allocations, 87,000
 * of them under 8 bytes (the tokenizer's buffers, freed after each token);
 * a bump allocator that ignores frees peaked near 7.5 MB, most of it dead.
 *
 * Every block carries an 8-byte word before it naming its class, so a
 * free knows where it belongs.  Classes are 8-byte steps up to 128 (gumbo's
 * nodes are 128 bytes, its attributes 104), 64-byte steps up to 1 KiB and
 * 512-byte steps up to 8 KiB; a freed block goes on its class's list and
 * the next request of that class takes it back, which fits gumbo's habit
 * of growing buffers by doubling from the same small sizes again and
 * again.  Bigger blocks (the children of a long list) are malloc'd one by
 * one, linked so that galloc_free finds them, and given back when freed.
 */
#include "galloc.h"

#include <stdint.h>
#include <stdlib.h>

#include "util/arena.h"

enum {
	CHUNK = 64 << 10,
	SMALL_MAX = 128,     /* 8-byte steps: classes 0..15 */
	MEDIUM_MAX = 1024,   /* 64-byte steps: classes 16..29 */
	LARGE_MAX = 8192,    /* 512-byte steps: classes 30..43 */
	N_CLASSES = 44,
	BIG = 0xB16
};

typedef struct chunk {
	struct chunk *next;
	size_t used;
	_Alignas(16) unsigned char data[CHUNK];
} chunk;

typedef struct big {
	struct big *prev, *next;
	uint64_t cls; /* BIG: the word before the block, as for the others */
} big;

struct galloc {
	chunk *chunks;
	big *bigs;
	void *free_list[N_CLASSES];
};

static unsigned class_of(size_t n)
{
	if (n <= SMALL_MAX)
		return n ? (unsigned)((n - 1) / 8) : 0;
	if (n <= MEDIUM_MAX)
		return 16 + (unsigned)((n - SMALL_MAX - 1) / 64);
	return 30 + (unsigned)((n - MEDIUM_MAX - 1) / 512);
}

static size_t class_size(unsigned c)
{
	if (c < 16)
		return 8 * (c + 1);
	if (c < 30)
		return SMALL_MAX + 64 * (c - 15);
	return MEDIUM_MAX + 512 * (size_t)(c - 29);
}

galloc *galloc_new(void)
{
	galloc *g = px_xcalloc(1, sizeof(*g));
	return g;
}

void galloc_free(galloc *g)
{
	if (!g)
		return;
	for (chunk *c = g->chunks, *n; c; c = n) {
		n = c->next;
		free(c);
	}
	for (big *b = g->bigs, *n; b; b = n) {
		n = b->next;
		free(b);
	}
	free(g);
}

static void *big_alloc(galloc *g, size_t n)
{
	big *b = px_xmalloc(sizeof(*b) + n);
	b->prev = NULL;
	b->next = g->bigs;
	if (g->bigs)
		g->bigs->prev = b;
	g->bigs = b;
	b->cls = BIG;
	return b + 1;
}

void *galloc_alloc(void *userdata, size_t n)
{
	galloc *g = userdata;
	if (n > LARGE_MAX)
		return big_alloc(g, n);
	unsigned c = class_of(n);
	void *p = g->free_list[c];
	if (p) {
		g->free_list[c] = *(void **)p;
		return p;
	}
	size_t need = 8 + class_size(c);
	if (!g->chunks || g->chunks->used + need > CHUNK) {
		chunk *k = px_xmalloc(sizeof(*k));
		k->next = g->chunks;
		k->used = 0;
		g->chunks = k;
	}
	uint64_t *w = (uint64_t *)(g->chunks->data + g->chunks->used);
	g->chunks->used += need;
	*w = c;
	return w + 1;
}

void galloc_dealloc(void *userdata, void *p)
{
	galloc *g = userdata;
	if (!p)
		return;
	uint64_t c = ((uint64_t *)p)[-1];
	if (c == BIG) {
		big *b = (big *)p - 1;
		if (b->prev)
			b->prev->next = b->next;
		else
			g->bigs = b->next;
		if (b->next)
			b->next->prev = b->prev;
		free(b);
		return;
	}
	*(void **)p = g->free_list[c];
	g->free_list[c] = p;
}
