/*
 * run.c — `parallax run [--once] [--allow-private] [--feeds-only]
 * [--parallel N] [--per-host N] [--delay MS] [--quiet]`: the poller
 * (px_poll) over the feeds registry.  It runs until SIGINT or SIGTERM, which
 * stop it cleanly: what was stored is committed and marked seen, and a
 * restart goes on from there.  --all fetches every feed, due or not.  One line per event on standard error, a
 * summary at the end.
 */
#include "cmd.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile int stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void on_log(void *ctx, const char *line)
{
	if (!*(int *)ctx)
		fprintf(stderr, "%s\n", line);
}

static int usage(void)
{
	fprintf(stderr, "usage: parallax run [--once] [--all] [--allow-private] [--feeds-only] "
	                "[--parallel N] [--per-host N] [--delay MS] [--threads N] [--quiet]\n"
	                "(add feeds first: parallax feeds add URL, or parallax feeds import "
	                "data/feeds.opml)\n");
	return 2;
}

int cmd_run(int argc, char **argv, const cmd_env *env)
{
	px_poll_opts o = { 0 };
	int quiet = 0;
	for (int i = 1; i < argc; i++) {
		long v;
		if (!strcmp(argv[i], "--once"))
			o.once = 1;
		else if (!strcmp(argv[i], "--all"))
			o.all = 1;
		else if (!strcmp(argv[i], "--allow-private"))
			o.allow_private = 1;
		else if (!strcmp(argv[i], "--feeds-only"))
			o.feeds_only = 1;
		else if (!strcmp(argv[i], "--quiet"))
			quiet = 1;
		else if (!strcmp(argv[i], "--parallel") && i + 1 < argc && (v = cmd_number(argv[++i])) > 0)
			o.max_parallel = (unsigned)v;
		else if (!strcmp(argv[i], "--per-host") && i + 1 < argc && (v = cmd_number(argv[++i])) > 0)
			o.per_host = (unsigned)v;
		else if (!strcmp(argv[i], "--delay") && i + 1 < argc && (v = cmd_number(argv[++i])) >= 0)
			o.host_delay_ms = v ? v : -1;
		else if (!strcmp(argv[i], "--threads") && i + 1 < argc && (v = cmd_number(argv[++i])) > 0)
			o.extract_threads = (unsigned)v;
		else
			return usage();
	}
	px_db *db = cmd_open(env);
	if (!db)
		return 1;
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	o.stop = &stop_requested;
	o.on_log = on_log;
	o.ctx = &quiet;
	px_poll_stats st;
	px_error err = { 0 };
	int rc = px_poll(db, &o, &st, &err);
	printf("%zu feeds fetched (%zu not modified, %zu failed), %zu new entries; "
	       "%zu pages extracted (%zu failed, %zu disallowed by robots.txt); "
	       "%zu new articles, %zu wire copies, %zu duplicates, %zu rejected%s\n",
	       st.feeds + st.not_modified, st.not_modified, st.feed_errors, st.entries_new,
	       st.pages, st.page_errors, st.robots_denied, st.articles_new, st.copies,
	       st.duplicates, st.rejected, stop_requested ? " (stopped)" : "");
	px_close(db);
	if (rc < 0)
		return cmd_error("%s", err.msg);
	return 0;
}
