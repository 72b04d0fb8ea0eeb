/*
 * main.c — the `parallax` command: one table of subcommands, each in its
 * own file under src/cmd/.  The global option --db PATH (or --db=PATH) may
 * stand anywhere on the command line.
 */
#include <curl/curl.h>
#include <stdio.h>
#include <string.h>

#include "cmd/cmd.h"

static const struct {
	const char *name;
	int (*run)(int argc, char **argv, const cmd_env *env);
	const char *help;
} commands[] = {
	{ "ingest", cmd_ingest, "read articles from JSONL, text and HTML files" },
	{ "stories", cmd_stories, "list the top stories" },
	{ "story", cmd_story, "show one story: summary, articles, coverage" },
	{ "summarize", cmd_summarize, "summarise the articles of a JSONL file as one story" },
	{ "blindspots", cmd_blindspots, "stories one side of the spectrum barely covers" },
	{ "outlets", cmd_outlets, "the outlet registry: list, show, import ratings, rate" },
	{ "extract", cmd_extract, "the article in an HTML page: text and metadata" },
	{ "feeds", cmd_feeds, "the feeds followed: add, import/export OPML, list, remove" },
	{ "feed", cmd_feed, "parse a feed (RSS, Atom, JSON Feed) from a file or URL" },
	{ "run", cmd_run, "poll the feeds: fetch new entries and their pages, ingest them" },
	{ "fetch", cmd_fetch, "fetch article pages by URL and ingest them" },
	{ "serve", cmd_serve, "the web UI, JSON API and RSS/Atom feeds over HTTP" },
};

static int usage(FILE *f)
{
	fprintf(f, "usage: parallax [--db PATH] COMMAND [ARGS]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].help);
	fprintf(f, "\nThe store is %s unless --db says otherwise.\n",
	        px_default_db_path());
	return f == stderr ? 2 : 0;
}

int main(int argc, char **argv)
{
	cmd_env env = { NULL };
	int n = 0;
	/* Take --db out wherever it stands; keep the rest in order. */
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--db")) {
			if (i + 1 >= argc) {
				fprintf(stderr, "parallax: --db needs a path\n");
				return 2;
			}
			env.db_path = argv[++i];
		} else if (!strncmp(argv[i], "--db=", 5)) {
			env.db_path = argv[i] + 5;
		} else {
			argv[1 + n++] = argv[i];
		}
	}
	if (n == 0)
		return usage(stderr);
	const char *name = argv[1];
	if (!strcmp(name, "help") || !strcmp(name, "--help") || !strcmp(name, "-h"))
		return usage(stdout);
	if (!strcmp(name, "version") || !strcmp(name, "--version")) {
		printf("parallax %s\n", PX_VERSION);
		return 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(name, commands[i].name)) {
			curl_global_init(CURL_GLOBAL_DEFAULT); /* before any thread */
			int rc = commands[i].run(n, argv + 1, &env);
			curl_global_cleanup();
			return rc;
		}
	fprintf(stderr, "parallax: '%s' is not a command\n", name);
	return usage(stderr);
}
