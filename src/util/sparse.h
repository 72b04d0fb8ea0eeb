/*
 * sparse.h — sparse vectors as parallel arrays of term hashes (sorted,
 * ascending) and weights: the representation both the clusterer and the
 * summariser score text with.
 */
#ifndef PX_SPARSE_H
#define PX_SPARSE_H

#include <stddef.h>
#include <stdint.h>

/* The dot product of (HA, WA)[0..NA) and (HB, WB)[0..NB), by merging. */
static inline double px_sparse_dot(const uint64_t *ha, const float *wa, size_t na,
                                   const uint64_t *hb, const float *wb, size_t nb)
{
	double s = 0;
	size_t i = 0, j = 0;
	while (i < na && j < nb) {
		if (ha[i] < hb[j])
			i++;
		else if (ha[i] > hb[j])
			j++;
		else
			s += (double)wa[i++] * wb[j++];
	}
	return s;
}

#endif
