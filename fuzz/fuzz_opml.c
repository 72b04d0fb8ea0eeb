/* fuzz_opml.c — libFuzzer target: any bytes as an OPML file.  The reader
 * accepts or refuses them with a message; nothing may crash or leak.  What
 * it accepts must hold together: every feed has an http(s) URL, a line and
 * (like every skip) a place and a reason; mending never moves a line; and
 * the feeds written out by opml_write read back the same, with nothing to
 * mend and nothing to recover. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "feeds/opml.h"
#include "util/arena.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void on_skip(void *ctx, const char *where, const char *reason)
{
	(void)ctx;
	if (!where || !reason || !*reason || !strchr(where, ':'))
		abort();
}

static size_t lines(const char *s, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += s[i] == '\n';
	return k;
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	size_t n;
	char *mended = opml_mend(in, size, &n, NULL);
	if (lines(in, size) != lines(mended, n) || mended[n] != '\0')
		abort();
	free(mended);

	px_arena *a = px_arena_new(0);
	opml_doc d;
	px_error err = { 0 };
	if (opml_read(in, size, "fuzz.opml", a, &d, on_skip, NULL, &err) < 0) {
		if (!err.msg[0] || strncmp(err.msg, "fuzz.opml", 9))
			abort();
		px_arena_free(a);
		return 0;
	}
	for (size_t i = 0; i < d.n; i++) {
		const opml_outline *o = &d.feeds[i];
		char *canon = px_url_canonical(o->url);
		if (!canon || o->line <= 0)
			abort();
		free(canon);
	}
	char *out = opml_write(d.title, d.feeds, d.n);
	opml_doc e;
	if (opml_read(out, strlen(out), "round.opml", a, &e, on_skip, NULL, &err) < 0)
		abort();
	if (e.n != d.n || e.mended || e.ill_formed || e.skipped)
		abort();
	for (size_t i = 0; i < d.n; i++) {
		const opml_outline *x = &d.feeds[i], *y = &e.feeds[i];
		if (!same(x->url, y->url) || !same(x->title ? x->title : x->url, y->title) ||
		    !same(x->site_url, y->site_url))
			abort();
	}
	free(out);
	px_arena_free(a);
	return 0;
}
