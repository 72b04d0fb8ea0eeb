/*
 * serve.c — `parallax serve [--listen ADDR] [--port N] [--threads N]
 * [--base-url URL] [--rate N] [--access-log FILE|-] [--web DIR]`: the web
 * UI, the JSON API and the feeds (px_serve; docs/API.md) over the store,
 * until SIGINT or SIGTERM, which let requests in flight finish.
 *
 * Loopback (127.0.0.1) and port 8080 unless told otherwise: a server
 * reachable from other machines is a choice (--listen 0.0.0.0).  The
 * static files come from --web, else $PARALLAX_WEB, else the web/ folder
 * beside the binary's build folder (build/parallax -> web/), else ./web.
 */
#include "cmd.h"

#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static volatile int stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void on_ready(void *ctx, const char *url)
{
	(void)ctx;
	printf("Parallax is serving at %s/ (Ctrl-C stops)\n", url);
	fflush(stdout);
}

static int usage(void)
{
	fprintf(stderr, "usage: parallax serve [--listen ADDR] [--port N] [--threads N] "
	                "[--base-url URL] [--rate N] [--access-log FILE|-] [--web DIR]\n");
	return 2;
}

static int is_dir(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The static files' folder when none was given (see the top comment);
 * BUF holds it. */
static const char *web_dir(char *buf, size_t n)
{
	const char *env = getenv("PARALLAX_WEB");
	if (env && *env)
		return env;
	char exe[PATH_MAX];
	ssize_t len = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (len > 0) {
		exe[len] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = '\0';
			snprintf(buf, n, "%s/../web", exe);
			if (is_dir(buf))
				return buf;
			snprintf(buf, n, "%s/../share/parallax/web", exe);
			if (is_dir(buf))
				return buf;
		}
	}
	return "web";
}

int cmd_serve(int argc, char **argv, const cmd_env *env)
{
	px_serve_opts o = { .db_path = env->db_path, .port = 8080, .rate = 50,
	                    .on_ready = on_ready };
	char buf[PATH_MAX + 32];
	for (int i = 1; i < argc; i++) {
		long v;
		const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		if (!val)
			return usage();
		i++;
		if (!strcmp(a, "--listen"))
			o.listen = val;
		else if (!strcmp(a, "--port") && (v = cmd_number(val)) >= 0 && v <= 65535)
			o.port = (unsigned)v;
		else if (!strcmp(a, "--threads") && (v = cmd_number(val)) > 0 && v <= 256)
			o.threads = (unsigned)v;
		else if (!strcmp(a, "--base-url") && (!strncmp(val, "http://", 7) ||
		                                      !strncmp(val, "https://", 8)))
			o.base_url = val;
		else if (!strcmp(a, "--rate") && (v = cmd_number(val)) >= 0)
			o.rate = (double)v;
		else if (!strcmp(a, "--access-log"))
			o.access_log = val;
		else if (!strcmp(a, "--web"))
			o.web_dir = val;
		else
			return usage();
	}
	if (!o.web_dir)
		o.web_dir = web_dir(buf, sizeof(buf));
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	px_error err = { 0 };
	if (px_serve(&o, &stop_requested, &err) < 0)
		return cmd_error("%s", err.msg);
	printf("stopped\n");
	return 0;
}
