/*
 * extract.c — `parallax extract FILE|URL|- [--url URL] [--json]
 * [--allow-private]`: the article in one HTML page (px_page_extract), as
 * text or as JSON.  Options may stand before or after the file; "-" reads
 * standard input; a URL is read through the guarded fetcher (px_fetch),
 * whose Content-Type and final address then count.
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
	fprintf(stderr, "usage: parallax extract FILE|URL|- [--url URL] [--json] [--allow-private]\n");
	return 2;
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
	cmd_input in;
	if (cmd_input_read(path, 16u << 20, allow_private, &in))
		return 1;
	if (!url)
		url = in.r.url;
	px_page *p;
	px_error err = { 0 };
	int rc = px_page_extract(in.data, in.len, url, in.r.content_type, &p, &err);
	cmd_input_free(&in);
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
