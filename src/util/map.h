/*
 * map.h — an open-addressing hash map from 64-bit keys to 64-bit values.
 *
 * The clustering and dedupe indexes key everything by 64-bit hashes (terms,
 * entities, story ids), so one small, fast map serves them all.  Key 0 is
 * reserved as "empty"; callers hash with px_hash64(), which never returns 0.
 * Linear probing, power-of-two capacity, load factor <= 0.7, deletion by
 * backward shift (no tombstones), so lookups stay short under churn.
 */
#ifndef PX_MAP_H
#define PX_MAP_H

#include <stddef.h>
#include <stdint.h>

typedef struct px_map {
	uint64_t *keys;
	uint64_t *vals;
	size_t cap, len;
} px_map;

void px_map_init(px_map *m);
void px_map_free(px_map *m);
/* Pointer to KEY's value, or NULL when absent. */
uint64_t *px_map_get(const px_map *m, uint64_t key);
/* Pointer to KEY's value, inserting 0 when absent (*ADDED set if non-NULL). */
uint64_t *px_map_put(px_map *m, uint64_t key, int *added);
int px_map_del(px_map *m, uint64_t key);
size_t px_map_bytes(const px_map *m);

/* Iteration: for (size_t i = 0; i < m.cap; i++) if (m.keys[i]) ... */

#endif
