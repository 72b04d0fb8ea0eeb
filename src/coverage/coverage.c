/* coverage.c — see coverage.h. */
#include "coverage.h"

#include <string.h>

#include "outlets/outlets.h"

/* Index 0..6 of a lean level name, -1 for NULL (unrated). */
static int lean_index(const char *level)
{
	double v;
	return level && outlet_level_parse(OUTLET_LEAN, level, &v) == 0 ? (int)v + 3 : -1;
}

void coverage_add_lean(px_lean_counts *c, int level, int n)
{
	if (level < 0 || level > 6) {
		c->unrated += n;
		return;
	}
	c->levels[level] += n;
	if (level < 3)
		c->left += n;
	else if (level == 3)
		c->center += n;
	else
		c->right += n;
}

int coverage_lean_index(const char *level)
{
	return lean_index(level);
}

static void count_lean(px_lean_counts *c, const char *level)
{
	coverage_add_lean(c, lean_index(level), 1);
}

static void count_ownership(px_coverage *c, const char *type)
{
	if (!type)
		type = "unknown";
	for (int i = 0; i < c->n_ownership; i++)
		if (!strcmp(c->ownership[i].type, type)) {
			c->ownership[i].articles++;
			return;
		}
	if (c->n_ownership < PX_OWNERSHIP_MAX) {
		c->ownership[c->n_ownership].type = type;
		c->ownership[c->n_ownership++].articles = 1;
	}
}

void coverage_compute(const px_story_article *arts, size_t n, px_coverage *c)
{
	memset(c, 0, sizeof(*c));
	c->first_published = PX_TIME_UNKNOWN;
	c->last_updated = PX_TIME_UNKNOWN;
	c->articles = (int)n;
	for (size_t i = 0; i < n; i++) {
		const px_story_article *x = &arts[i];
		int seen = 0;
		for (size_t k = 0; k < i && !seen; k++)
			seen = !strcmp(arts[k].outlet, x->outlet);
		c->sources += !seen;
		c->independent += x->copy_of == 0;
		if (c->first_published == PX_TIME_UNKNOWN || x->published < c->first_published) {
			c->first_published = x->published;
			c->first_outlet = x->outlet;
		}
		if (c->last_updated == PX_TIME_UNKNOWN || x->published > c->last_updated)
			c->last_updated = x->published;
		count_lean(&c->lean_all, x->lean);
		if (!x->copy_of)
			count_lean(&c->lean_independent, x->lean);
		double f;
		if (x->factuality && outlet_level_parse(OUTLET_FACTUALITY, x->factuality, &f) == 0)
			c->factuality[(int)f]++;
		else
			c->factuality_unrated++;
		count_ownership(c, x->ownership);
	}
	/* Most articles first; ties by name, so the order is stable. */
	for (int i = 1; i < c->n_ownership; i++)
		for (int k = i; k > 0; k--) {
			int a = c->ownership[k - 1].articles, b = c->ownership[k].articles;
			if (a > b || (a == b && strcmp(c->ownership[k - 1].type, c->ownership[k].type) <= 0))
				break;
			px_ownership_count t = c->ownership[k];
			c->ownership[k] = c->ownership[k - 1];
			c->ownership[k - 1] = t;
		}
}

const char *coverage_blindspot(const px_lean_counts *story, const px_lean_counts *baseline,
                               double factor, int min_rated)
{
	int n = story->left + story->center + story->right;
	int bn = baseline->left + baseline->center + baseline->right;
	if (n < min_rated || n <= 0 || bn <= 0)
		return NULL;
	double l = (double)story->left / n, r = (double)story->right / n;
	double bl = (double)baseline->left / bn, br = (double)baseline->right / bn;
	const double eps = 1e-9; /* "at most a third": 10% of 30% is one */
	if (l <= factor * bl + eps && r + eps >= br && r > 0)
		return "left";
	if (r <= factor * br + eps && l + eps >= bl && l > 0)
		return "right";
	return NULL;
}
