#include "map.h"
#include "arena.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

static inline size_t slot_of(const px_map *m, uint64_t key)
{
	/* Keys are already well-mixed hashes; a multiply spreads ids too. */
	return (size_t)((key * 0x9E3779B97F4A7C15ull) >> 17) & (m->cap - 1);
}

void px_map_init(px_map *m)
{
	memset(m, 0, sizeof(*m));
}

void px_map_free(px_map *m)
{
	free(m->keys);
	free(m->vals);
	px_map_init(m);
}

static void rehash(px_map *m, size_t cap)
{
	px_map old = *m;
	m->cap = cap;
	m->len = 0;
	m->keys = px_xcalloc(cap, sizeof(uint64_t));
	m->vals = px_xcalloc(cap, sizeof(uint64_t));
	for (size_t i = 0; i < old.cap; i++)
		if (old.keys[i])
			*px_map_put(m, old.keys[i], NULL) = old.vals[i];
	free(old.keys);
	free(old.vals);
}

uint64_t *px_map_get(const px_map *m, uint64_t key)
{
	assert(key != 0);
	if (!m->cap)
		return NULL;
	for (size_t i = slot_of(m, key);; i = (i + 1) & (m->cap - 1)) {
		if (m->keys[i] == key)
			return &m->vals[i];
		if (!m->keys[i])
			return NULL;
	}
}

uint64_t *px_map_put(px_map *m, uint64_t key, int *added)
{
	assert(key != 0);
	if ((m->len + 1) * 10 > m->cap * 7)
		rehash(m, m->cap ? m->cap * 2 : 16);
	size_t i = slot_of(m, key);
	while (m->keys[i] && m->keys[i] != key)
		i = (i + 1) & (m->cap - 1);
	if (added)
		*added = !m->keys[i];
	if (!m->keys[i]) {
		m->keys[i] = key;
		m->vals[i] = 0;
		m->len++;
	}
	return &m->vals[i];
}

int px_map_del(px_map *m, uint64_t key)
{
	if (!m->cap)
		return 0;
	size_t i = slot_of(m, key);
	while (m->keys[i] != key) {
		if (!m->keys[i])
			return 0;
		i = (i + 1) & (m->cap - 1);
	}
	/* Backward-shift: pull later members of the probe run into the hole. */
	size_t hole = i;
	for (size_t j = (i + 1) & (m->cap - 1); m->keys[j]; j = (j + 1) & (m->cap - 1)) {
		size_t home = slot_of(m, m->keys[j]);
		/* Move j into the hole unless its home lies cyclically in (hole, j]. */
		int in_range = hole <= j ? (home > hole && home <= j)
		                         : (home > hole || home <= j);
		if (!in_range) {
			m->keys[hole] = m->keys[j];
			m->vals[hole] = m->vals[j];
			hole = j;
		}
	}
	m->keys[hole] = 0;
	m->vals[hole] = 0;
	m->len--;
	return 1;
}

size_t px_map_bytes(const px_map *m)
{
	return m->cap * 2 * sizeof(uint64_t);
}
