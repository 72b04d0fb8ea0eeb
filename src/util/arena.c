/*
 * arena.c — a list of chunks; allocation bumps a pointer in the newest one.
 * Requests larger than a quarter of the chunk size get a chunk of their own
 * so that a big allocation does not waste the rest of the current chunk.
 */
#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct chunk {
	struct chunk *next;
	size_t size, used;
	_Alignas(16) unsigned char data[];
};

struct px_arena {
	struct chunk *head;
	size_t chunk_size;
	size_t total;
};

static void oom(size_t n)
{
	fprintf(stderr, "parallax: out of memory (allocating %zu bytes)\n", n);
	abort();
}

void *px_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom(n);
	return p;
}

void *px_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom(n * size);
	return p;
}

void *px_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);
	if (!q)
		oom(n);
	return q;
}

char *px_xstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	return memcpy(px_xmalloc(n), s, n);
}

static struct chunk *chunk_new(size_t size)
{
	struct chunk *c = px_xmalloc(sizeof(*c) + size);
	c->next = NULL;
	c->size = size;
	c->used = 0;
	return c;
}

px_arena *px_arena_new(size_t chunk)
{
	px_arena *a = px_xcalloc(1, sizeof(*a));
	a->chunk_size = chunk ? chunk : 16384;
	a->head = chunk_new(a->chunk_size);
	return a;
}

void px_arena_free(px_arena *a)
{
	if (!a)
		return;
	for (struct chunk *c = a->head, *n; c; c = n) {
		n = c->next;
		free(c);
	}
	free(a);
}

void px_arena_reset(px_arena *a)
{
	struct chunk *last = a->head;
	for (struct chunk *c = a->head, *n; c; c = n) {
		n = c->next;
		if (!n)
			last = c;
		else
			free(c);
	}
	/* The oldest chunk is the last in the list; keep it. */
	a->head = last;
	a->head->next = NULL;
	a->head->used = 0;
	a->total = 0;
}

void *px_arena_alloc(px_arena *a, size_t n)
{
	n = (n + 15) & ~(size_t)15;
	if (n > a->chunk_size / 4) {
		/* Own chunk, linked behind the head so the head stays current. */
		struct chunk *c = chunk_new(n);
		c->used = n;
		c->next = a->head->next;
		a->head->next = c;
		a->total += n;
		return c->data;
	}
	if (a->head->used + n > a->head->size) {
		struct chunk *c = chunk_new(a->chunk_size);
		c->next = a->head;
		a->head = c;
	}
	void *p = a->head->data + a->head->used;
	a->head->used += n;
	a->total += n;
	return p;
}

void *px_arena_zalloc(px_arena *a, size_t n)
{
	return memset(px_arena_alloc(a, n), 0, n);
}

char *px_arena_strndup(px_arena *a, const char *s, size_t n)
{
	if (!s)
		return NULL;
	char *d = px_arena_alloc(a, n + 1);
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

char *px_arena_strdup(px_arena *a, const char *s)
{
	return s ? px_arena_strndup(a, s, strlen(s)) : NULL;
}

char *px_arena_printf(px_arena *a, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return px_arena_strdup(a, "");
	char *s = px_arena_alloc(a, (size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

size_t px_arena_used(const px_arena *a)
{
	return a->total;
}
