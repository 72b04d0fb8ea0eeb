/*
 * feed.c — `parallax feed parse FILE|URL|- [--json] [--url URL]
 * [--content-type TYPE] [--allow-private]`: one feed parsed (px_feed_parse)
 * and printed, as feedparser-shaped JSON or as a short listing.  A URL is
 * read through the guarded fetcher (px_fetch), whose Content-Type then
 * counts; options may stand before or after the file or URL.
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
	fprintf(stderr, "usage: parallax feed parse FILE|URL|- [--json] [--url URL] "
	                "[--content-type TYPE] [--allow-private]\n");
	return 2;
}

static void print_text(const px_feed *f)
{
	const char *t = px_feed_title(f), *l = px_feed_link(f);
	printf("%s\n", t ? t : "(no title)");
	if (l)
		printf("%s\n", l);
	if (px_feed_bozo(f))
		printf("(ill-formed: read as far as it goes)\n");
	printf("\n");
	for (size_t i = 0; i < px_feed_count(f); i++) {
		const px_feed_item *e = px_feed_entry(f, i);
		char when[32] = "";
		if (e->published != PX_TIME_UNKNOWN)
			px_format_time(e->published, when, sizeof(when));
		printf("%3zu. %s\n", i + 1, e->title ? e->title : "(no title)");
		if (*when || e->author)
			printf("     %s%s%s\n", when, *when && e->author ? " · " : "",
			       e->author ? e->author : "");
		if (e->link)
			printf("     %s\n", e->link);
	}
}

int cmd_feed(int argc, char **argv, const cmd_env *env)
{
	(void)env;
	const char *src = NULL, *url = NULL, *ctype = NULL;
	int json = 0, allow_private = 0, parse = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = 1;
		else if (!strcmp(argv[i], "--allow-private"))
			allow_private = 1;
		else if (!strcmp(argv[i], "--url") && i + 1 < argc)
			url = argv[++i];
		else if (!strcmp(argv[i], "--content-type") && i + 1 < argc)
			ctype = argv[++i];
		else if (argv[i][0] == '-' && argv[i][1])
			return usage();
		else if (!parse && !strcmp(argv[i], "parse"))
			parse = 1;
		else if (!src)
			src = argv[i];
		else
			return usage();
	}
	if (!parse || !src)
		return usage();
	cmd_input in;
	if (cmd_input_read(src, 64u << 20, allow_private, &in))
		return 1;
	px_error err = { 0 };
	px_feed *feed = NULL;
	int rc;
	if (in.r.body) { /* a URL: the response, with what the options override */
		px_fetch_result r = in.r;
		if (url)
			r.base = (char *)url;
		if (ctype)
			r.content_type = (char *)ctype;
		rc = px_feed_parse_response(&r, &feed, &err);
	} else {
		rc = px_feed_parse(in.data, in.len, url, ctype, &feed, &err);
	}
	if (rc < 0) {
		if (json) /* what feedparser gives for no feed: bozo and nothing */
			printf("{\"bozo\": true, \"bozo_exception\": \"%s\", \"feed\": {}, "
			       "\"entries\": []}\n", "not a feed");
		cmd_error("%s: %s", src, err.msg);
	} else if (json) {
		char *s = px_feed_json(feed);
		puts(s);
		free(s);
	} else {
		print_text(feed);
	}
	px_feed_free(feed);
	cmd_input_free(&in);
	return rc < 0 ? 1 : 0;
}
