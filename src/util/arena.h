/*
 * arena.h — bump allocation for memory with one owner and one lifetime.
 *
 * An article being analysed, a story being rendered, a request being served:
 * each gets an arena, allocates freely from it, and frees everything at once
 * with px_arena_free().  Nothing allocated from an arena is freed singly.
 * Allocation never fails silently: on out-of-memory the process aborts with a
 * message, because every caller would otherwise have to unwind half-built
 * structures for a condition it cannot recover from.
 */
#ifndef PX_ARENA_H
#define PX_ARENA_H

#include <stddef.h>

typedef struct px_arena px_arena;

px_arena *px_arena_new(size_t chunk);   /* chunk 0: 16 KiB */
void px_arena_free(px_arena *a);
void px_arena_reset(px_arena *a);        /* keeps the first chunk */
void *px_arena_alloc(px_arena *a, size_t n);          /* 16-byte aligned */
void *px_arena_zalloc(px_arena *a, size_t n);
char *px_arena_strdup(px_arena *a, const char *s);    /* NULL -> NULL */
char *px_arena_strndup(px_arena *a, const char *s, size_t n);
char *px_arena_printf(px_arena *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
size_t px_arena_used(const px_arena *a);

/* malloc/realloc that abort with a message on failure. */
void *px_xmalloc(size_t n);
void *px_xcalloc(size_t n, size_t size);
void *px_xrealloc(void *p, size_t n);
char *px_xstrdup(const char *s);

#endif
