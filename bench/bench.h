/* bench.h — what the benches share: the monotonic clock, file names and
 * whole files read into memory (plain or gzip).  Header-only: each bench
 * is one program. */
#ifndef PX_BENCH_H
#define PX_BENCH_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>

#include "util/arena.h"

/* Seconds on the monotonic clock. */
static inline double bench_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static inline int bench_ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && !strcmp(s + n - k, suffix);
}

/* The whole file at PATH (gzip or plain; zlib reads both), NUL-terminated,
 * malloc'd; NULL (with the reason on stderr for a read error) if it cannot
 * be read. */
static inline char *bench_slurp(const char *path, size_t *len)
{
	gzFile f = gzopen(path, "rb");
	if (!f)
		return NULL;
	size_t n = 0, cap = 1 << 16;
	char *s = px_xmalloc(cap);
	for (;;) {
		if (cap - n < (1 << 15)) {
			cap *= 2;
			s = px_xrealloc(s, cap);
		}
		int k = gzread(f, s + n, (unsigned)(cap - n - 1));
		if (k < 0) {
			int e;
			fprintf(stderr, "%s: %s\n", path, gzerror(f, &e));
			gzclose(f);
			free(s);
			return NULL;
		}
		if (k == 0)
			break;
		n += (size_t)k;
	}
	gzclose(f);
	s[n] = 0;
	*len = n;
	return s;
}

#endif
