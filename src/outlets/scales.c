/*
 * scales.c — the common lean and factuality scales, ownership tokens, and
 * how several raters' values combine into one.
 */
#include "outlets.h"

#include <math.h>
#include <string.h>
#include <strings.h>

static const char *const lean_names[] = {
	"far-left", "left", "lean-left", "center", "lean-right", "right", "far-right"
};
static const char *const fact_names[] = {
	"very-low", "low", "mixed", "mostly-factual", "high", "very-high"
};
static const char *const ownership[] = {
	"independent", "corporation", "public-broadcaster", "state-funded",
	"state-controlled", "non-profit", "cooperative", "trust", "private-individual"
};

const char *outlet_dim_name(outlet_dim d)
{
	return d == OUTLET_LEAN ? "lean" : "factuality";
}

const char *outlet_level_name(outlet_dim d, double v)
{
	if (isnan(v))
		return NULL;
	/* Round half away from zero, so a mean of -1.5 is "left", 2.5 "high". */
	long r = lround(v);
	if (d == OUTLET_LEAN) {
		r = r < -3 ? -3 : r > 3 ? 3 : r;
		return lean_names[r + 3];
	}
	r = r < 0 ? 0 : r > 5 ? 5 : r;
	return fact_names[r];
}

/* Compares S with NAME ignoring case and treating ' ', '_' and '-' alike. */
static int same_words(const char *s, const char *name)
{
	for (; *s && *name; s++, name++) {
		char a = *s, b = *name;
		if (a == ' ' || a == '_')
			a = '-';
		if (a >= 'A' && a <= 'Z')
			a = (char)(a + 32);
		if (a != b)
			return 0;
	}
	return !*s && !*name;
}

int outlet_level_parse(outlet_dim d, const char *s, double *v)
{
	if (!s)
		return -1;
	const char *const *names = d == OUTLET_LEAN ? lean_names : fact_names;
	size_t n = d == OUTLET_LEAN ? 7 : 6;
	for (size_t i = 0; i < n; i++)
		if (same_words(s, names[i])) {
			*v = d == OUTLET_LEAN ? (double)i - 3 : (double)i;
			return 0;
		}
	if (d == OUTLET_LEAN && same_words(s, "centre")) {
		*v = 0;
		return 0;
	}
	return -1;
}

int outlet_ownership_valid(const char *s)
{
	for (size_t i = 0; i < sizeof(ownership) / sizeof(*ownership); i++)
		if (!strcmp(s, ownership[i]))
			return 1;
	return 0;
}

void outlet_combine(const outlet_rating *r, size_t n, outlet_dim d,
                    outlet_combined *out)
{
	double sum = 0;
	int count = 0;
	memset(out, 0, sizeof(*out));
	out->value = NAN;
	for (size_t i = 0; i < n; i++) {
		if (r[i].dim != d || isnan(r[i].value))
			continue;
		if (r[i].rater && !strcmp(r[i].rater, OUTLET_USER_RATER)) {
			out->value = r[i].value;
			out->overridden = 1;
		}
		sum += r[i].value;
		count++;
	}
	out->n_raters = count;
	if (!out->overridden && count)
		out->value = sum / count;
	out->level = outlet_level_name(d, out->value);
}
