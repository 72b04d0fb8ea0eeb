/*
 * extract.c — `parallax extract FILE|URL|- [--url URL] [--json]
 * [--allow-private]`: the article in one HTML page (px_page_extract), as
 * text or as JSON.  Options may stand before or after the file; "-" reads
 * standard input; a URL is read through the guarded fetcher (px_fetch),
 * whose Content-Type and final address then count.
 */
#include "cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
	fprintf(stderr, "usage: parallax extract FILE|URL|- [--url URL] [--json] [--allow-private]\n");
	return 2;
}

/* Reads F whole, up to LIMIT + 1 bytes (so an oversize page is seen as one). */
static char *slurp(FILE *f, size_t limit, size_t *n)
{
	size_t cap = 1 << 16, len = 0;
	char *b = malloc(cap);
	while (b) {
		if (len == cap) {
			if (cap > limit)
				break;
			char *nb = realloc(b, cap * 2);
			if (!nb) {
				free(b);
				return NULL;
			}
			b = nb;
			cap *= 2;
		}
		size_t k = fread(b + len, 1, cap - len, f);
		len += k;
		if (k == 0)
			break;
	}
	if (b && ferror(f)) {
		free(b);
		return NULL;
	}
	*n = len;
	return b;
}

int cmd_extract(int argc, char **argv, const cmd_env *env)
{
	(void)env;
	const char *path = NULL, *url = NULL;
	int json = 0, allow_private = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = 1;
		else if (!strcmp(argv[i], "--allow-private"))
			allow_private = 1;
		else if (!strcmp(argv[i], "--url") && i + 1 < argc)
			url = argv[++i];
		else if (!strncmp(argv[i], "--url=", 6))
			url = argv[i] + 6;
		else if (!path && (argv[i][0] != '-' || !strcmp(argv[i], "-")))
			path = argv[i];
		else {
			cmd_error("extract: unexpected argument '%s'", argv[i]);
			return usage();
		}
	}
	if (!path)
		return usage();
	size_t n = 0;
	char *html = NULL;
	const char *ctype = NULL;
	px_fetch_result r = { 0 };
	px_error err = { 0 };
	if (!strncmp(path, "http://", 7) || !strncmp(path, "https://", 8)) {
		px_fetch_opts o = { .allow_private = allow_private };
		if (px_fetch(path, &o, &r, &err) < 0)
			return cmd_error("%s", err.msg);
		if (r.status >= 400) {
			long status = r.status;
			px_fetch_result_free(&r);
			return cmd_error("%s: HTTP %ld", path, status);
		}
		html = r.body;
		r.body = NULL;
		n = r.len;
		ctype = r.content_type;
		if (!url)
			url = r.url;
	} else {
		FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
		if (!f)
			return cmd_error("%s: %s", path, strerror(errno));
		html = slurp(f, 16u << 20, &n);
		int rerr = errno;
		if (f != stdin)
			fclose(f);
		if (!html)
			return cmd_error("%s: cannot read: %s", path, strerror(rerr));
	}
	px_page *p;
	int rc = px_page_extract(html, n, url, ctype, &p, &err);
	free(html);
	px_fetch_result_free(&r);
	if (rc < 0)
		return cmd_error("%s: %s", strcmp(path, "-") ? path : "standard input", err.msg);
	if (json) {
		char *s = px_render_page_json(p);
		puts(s);
		free(s);
	} else {
		char when[40] = "";
		if (p->published != PX_TIME_UNKNOWN)
			px_format_time(p->published, when, sizeof(when));
		printf("%s\n", p->title ? p->title : "(no title)");
		if (p->byline || *when)
			printf("%s%s%s\n", p->byline ? p->byline : "", p->byline && *when ? " · " : "", when);
		printf("\n%s\n", p->text ? p->text : "");
	}
	px_page_free(p);
	return 0;
}
