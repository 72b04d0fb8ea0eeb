/* bias.c — see bias.h.  Percentages round half up, each side on its own,
 * so the three may add up to 99 or 101 as Ground News's do. */
#include "render/bias.h"

#include <stdio.h>
#include <string.h>

void render_bias_of(const px_lean_counts *c, render_bias *b)
{
	int v[3] = { c->left, c->center, c->right };
	static const char *const sides[3] = { "Left", "Center", "Right" };
	static const char *const phrases[3] = { "lean Left", "are Center", "lean Right" };
	memset(b, 0, sizeof(*b));
	b->rated = v[0] + v[1] + v[2];
	if (!b->rated)
		return;
	for (int i = 0; i < 3; i++)
		b->pct[i] = (int)((200L * v[i] + b->rated) / (2L * b->rated));
	/* The largest side; a tie goes to Center, then Left. */
	b->top = v[1] >= v[0] && v[1] >= v[2] ? 1 : v[0] >= v[2] ? 0 : 2;
	b->side = sides[b->top];
	b->phrase = phrases[b->top];
}

const char *render_bias_line(const render_bias *b, char *buf, size_t size)
{
	if (!b->side)
		return NULL;
	snprintf(buf, size, "%d%% of the sources %s", b->pct[b->top], b->phrase);
	return buf;
}
