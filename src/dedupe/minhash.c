/*
 * minhash.c — MinHash signatures of shingle sets.
 *
 * Each of the PX_MINHASH hash functions is h_i(x) = (a_i * x + b_i) >> 32
 * over 64-bit shingle hashes, with odd multipliers drawn once from a fixed
 * seed: universal enough for sets of a few hundred shingles, and one
 * multiply-add per function.  The share of equal minima estimates the
 * Jaccard similarity with a standard error of at most 0.0625.
 */
#include "dedupe.h"

#include <string.h>

static uint64_t mult[PX_MINHASH], add[PX_MINHASH];
static int seeded;

static uint64_t splitmix(uint64_t *x)
{
	uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static void seed(void)
{
	uint64_t x = 0x5061726160786178ull; /* fixed: signatures are stored */
	for (int i = 0; i < PX_MINHASH; i++) {
		mult[i] = splitmix(&x) | 1;
		add[i] = splitmix(&x);
	}
	seeded = 1;
}

void px_signature_compute(const uint64_t *s, size_t n, px_signature *out)
{
	if (!seeded)
		seed();
	for (int i = 0; i < PX_MINHASH; i++)
		out->min[i] = UINT32_MAX;
	for (size_t k = 0; k < n; k++) {
		uint64_t x = s[k];
		for (int i = 0; i < PX_MINHASH; i++) {
			uint32_t h = (uint32_t)((mult[i] * x + add[i]) >> 32);
			if (h < out->min[i])
				out->min[i] = h;
		}
	}
	out->n_shingles = n > UINT32_MAX ? UINT32_MAX : (uint32_t)n;
}

size_t px_signature_pack(const px_signature *sig, unsigned char *buf, size_t size)
{
	size_t need = 4 * (PX_MINHASH + 1);
	if (size < need)
		return 0;
	uint32_t v[PX_MINHASH + 1];
	v[0] = sig->n_shingles;
	memcpy(v + 1, sig->min, sizeof(sig->min));
	for (size_t i = 0; i < PX_MINHASH + 1; i++)
		for (int k = 0; k < 4; k++)
			buf[i * 4 + k] = (unsigned char)(v[i] >> (8 * k));
	return need;
}

int px_signature_unpack(const void *buf, size_t len, px_signature *out)
{
	const unsigned char *b = buf;
	if (!b || len != 4 * (PX_MINHASH + 1))
		return 0;
	uint32_t v[PX_MINHASH + 1];
	for (size_t i = 0; i < PX_MINHASH + 1; i++)
		v[i] = (uint32_t)b[i * 4] | (uint32_t)b[i * 4 + 1] << 8 |
		       (uint32_t)b[i * 4 + 2] << 16 | (uint32_t)b[i * 4 + 3] << 24;
	out->n_shingles = v[0];
	memcpy(out->min, v + 1, sizeof(out->min));
	return 1;
}

double px_signature_jaccard(const px_signature *a, const px_signature *b)
{
	if (!a->n_shingles || !b->n_shingles)
		return 0;
	int same = 0;
	for (int i = 0; i < PX_MINHASH; i++)
		same += a->min[i] == b->min[i];
	return (double)same / PX_MINHASH;
}

int px_signature_copies(const px_signature *a, const px_signature *b)
{
	return a->n_shingles >= 20 && b->n_shingles >= 20 && px_signature_jaccard(a, b) >= 0.3 &&
	       px_signature_containment(a, b) >= 0.7;
}

double px_signature_containment(const px_signature *a, const px_signature *b)
{
	double j = px_signature_jaccard(a, b);
	double na = a->n_shingles, nb = b->n_shingles;
	if (j <= 0)
		return 0;
	/* |A ∩ B| = J (|A| + |B|) / (1 + J), relative to the smaller set. */
	double inter = j * (na + nb) / (1 + j);
	double c = inter / (na < nb ? na : nb);
	return c > 1 ? 1 : c;
}
