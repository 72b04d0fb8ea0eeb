/*
 * feed_html_driver.c — feed/html.h from the command line, for
 * bench/feedconf/html_dev.py, which compares it with feedparser:
 *
 *   feed_html_driver sanitize|resolve|text [BASE] < fragment
 *   feed_html_driver -0 sanitize|resolve|text [BASE] < fragments
 *
 * writes the result to stdout.  With -0 the input is many fragments, each
 * ended by a NUL byte, and so is the output (one process for thousands of
 * fragments).  BASE "" or absent: no base.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "feed/html.h"
#include "util/arena.h"
#include "util/buf.h"

/* MODE applied to S (N bytes) against BASE, written to stdout. */
static void run(const char *mode, const char *s, size_t n, const char *base)
{
	px_arena *a = px_arena_new(0);
	const char *r = strcmp(mode, "sanitize") == 0 ? feed_html_sanitize(s, n, base, a)
	              : strcmp(mode, "resolve") == 0 ? feed_html_resolve(s, n, base, a)
	              : feed_html_text(s, n, a);
	fwrite(r, 1, strlen(r), stdout);
	px_arena_free(a);
}

int main(int argc, char **argv)
{
	int batch = argc > 1 && strcmp(argv[1], "-0") == 0;
	argv += batch;
	argc -= batch;
	if (argc < 2 || (strcmp(argv[1], "sanitize") && strcmp(argv[1], "resolve") &&
	                 strcmp(argv[1], "text"))) {
		fprintf(stderr, "usage: feed_html_driver [-0] sanitize|resolve|text [BASE] < html\n");
		return 2;
	}
	const char *base = argc > 2 && argv[2][0] ? argv[2] : NULL;
	px_buf in = PX_BUF_INIT;
	char chunk[65536];
	size_t k;
	while ((k = fread(chunk, 1, sizeof(chunk), stdin)) > 0)
		px_buf_add(&in, chunk, k);
	if (!batch) {
		run(argv[1], px_buf_str(&in), in.len, base);
	} else {
		for (size_t i = 0; i < in.len;) {
			const char *end = memchr(in.s + i, '\0', in.len - i);
			size_t len = end ? (size_t)(end - in.s) - i : in.len - i;
			run(argv[1], in.s + i, len, base);
			fputc('\0', stdout);
			i += len + 1;
		}
	}
	px_buf_free(&in);
	return 0;
}
