/* coverage.c — see coverage.h. */
#include "coverage.h"

#include <string.h>

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
	}
}
