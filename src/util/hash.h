/*
 * hash.h — the one hash function of the project: XXH3 (libxxhash), 64 bits.
 * px_hash64 never returns 0, so its values can key px_map directly.
 */
#ifndef PX_HASH_H
#define PX_HASH_H

#include <stddef.h>
#include <stdint.h>
#include <xxhash.h>

static inline uint64_t px_hash64(const void *p, size_t n)
{
	uint64_t h = XXH3_64bits(p, n);
	return h ? h : 1;
}

static inline uint64_t px_hash64_seed(const void *p, size_t n, uint64_t seed)
{
	uint64_t h = XXH3_64bits_withSeed(p, n, seed);
	return h ? h : 1;
}

#endif
