/*
 * fetch.c — `parallax fetch URL... [--allow-private] [--outlet NAME]`: one
 * article page per URL fetched through the guarded fetcher (px_fetch),
 * extracted and put through the pipeline, as `parallax ingest` does with
 * files.  Each URL's outcome is printed: stored (and into which story), a
 * wire copy, a duplicate, or why not.
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
	fprintf(stderr, "usage: parallax fetch URL... [--allow-private] [--outlet NAME]\n");
	return 2;
}

int cmd_fetch(int argc, char **argv, const cmd_env *env)
{
	const char *outlet = NULL;
	int allow_private = 0, n_urls = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--allow-private"))
			allow_private = 1;
		else if (!strcmp(argv[i], "--outlet") && i + 1 < argc)
			outlet = argv[++i];
		else if (argv[i][0] == '-')
			return usage();
		else
			argv[1 + n_urls++] = argv[i];
	}
	if (!n_urls)
		return usage();
	px_db *db;
	px_pipeline *p = cmd_open_pipeline(env, &db);
	if (!p)
		return 1;
	px_error err = { 0 };
	int failed = 0;
	for (int i = 1; i <= n_urls; i++) {
		const char *url = argv[i];
		cmd_input in;
		if (!cmd_is_url(url)) {
			cmd_error("%s: not an http(s) URL", url);
			failed = 1;
			continue;
		}
		if (cmd_input_read(url, 0, allow_private, &in)) {
			failed = 1;
			continue;
		}
		const px_fetch_result *r = &in.r;
		if (r->truncated) {
			cmd_error("%s: larger than the size cap", url);
			cmd_input_free(&in);
			failed = 1;
			continue;
		}
		px_page *page = NULL;
		if (px_page_extract(in.data, in.len, r->url, r->content_type, &page, &err) < 0) {
			cmd_error("%s: %s", url, err.msg);
			cmd_input_free(&in);
			failed = 1;
			continue;
		}
		px_doc d = { .url = page->canonical_url ? page->canonical_url : r->url,
		             .outlet = outlet ? outlet : page->site_name, .title = page->title,
		             .byline = page->byline, .text = page->text,
		             .published = page->published, .source = url };
		px_add_result res;
		if (px_pipeline_add(p, &d, &res, &err) < 0) {
			px_page_free(page);
			cmd_input_free(&in);
			failed = 2;
			break;
		}
		switch (res.kind) {
		case PX_ADD_NEW:
			printf("%s: stored as article %lld in story %lld\n", url,
			       (long long)res.article_id, (long long)res.story_id);
			break;
		case PX_ADD_COPY:
			printf("%s: stored as a copy of article %lld (story %lld)\n", url,
			       (long long)res.copy_of, (long long)res.story_id);
			break;
		case PX_ADD_DUPLICATE:
			printf("%s: already stored (article %lld)\n", url, (long long)res.article_id);
			break;
		case PX_ADD_REJECTED:
			cmd_error("%s: not stored: %s", url, res.reason);
			failed = 1;
			break;
		}
		px_page_free(page);
		cmd_input_free(&in);
	}
	px_error ce = { 0 };
	if (px_pipeline_free(p, &ce) < 0 && failed != 2) {
		err = ce;
		failed = 2;
	}
	px_close(db);
	if (failed == 2)
		return cmd_error("%s", err.msg);
	return failed;
}
