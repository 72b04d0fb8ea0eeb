/*
 * ingest.c — `parallax ingest [--outlet NAME] [--batch N] [--quiet] PATH...`
 *
 * Reads articles from files and directories into the store (see
 * px_ingest_path for the formats).  Each rejected line or file is reported
 * on standard error as PATH:LINE: reason; a progress line is kept on
 * standard error when it is a terminal; a summary closes the run.
 * SIGINT and SIGTERM stop it after the current article, with everything
 * read so far committed.
 */
#include "cmd.h"

#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static volatile int stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

typedef struct reasons {
	char kind[16][80];
	size_t count[16];
	int n;
	int tty, quiet;
	double last_progress;
} reasons;

static void on_reject(void *ctx, const char *where, const char *reason)
{
	reasons *r = ctx;
	if (r->tty)
		fputs("\r\033[K", stderr);
	fprintf(stderr, "%s: %s\n", where, reason);
	if (!strcmp(reason, "invalid UTF-8 replaced"))
		return; /* a warning: the document was still read */
	/* Group by the reason's first clause for the summary. */
	char kind[80];
	snprintf(kind, sizeof(kind), "%s", reason);
	kind[strcspn(kind, ":(\"")] = '\0';
	size_t n = strlen(kind);
	while (n && kind[n - 1] == ' ')
		kind[--n] = '\0';
	for (int i = 0; i < r->n; i++)
		if (!strcmp(r->kind[i], kind)) {
			r->count[i]++;
			return;
		}
	if (r->n < 16) {
		snprintf(r->kind[r->n], sizeof(r->kind[0]), "%s", kind);
		r->count[r->n++] = 1;
	}
}

static double mono(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void on_progress(void *ctx, const px_ingest_stats *s, const char *path)
{
	reasons *r = ctx;
	double t = mono();
	if (!r->tty || r->quiet || t - r->last_progress < 0.25)
		return;
	r->last_progress = t;
	fprintf(stderr, "\r\033[K%zu read · %zu new · %zu wire copies · %zu duplicates · "
	        "%zu rejected · %zu committed  %s", s->read, s->added, s->copies,
	        s->duplicates, s->rejected, s->committed, path);
	fflush(stderr);
}

int cmd_ingest(int argc, char **argv, const cmd_env *env)
{
	const char *outlet = NULL;
	long batch = 0;
	int quiet = 0, npaths = 0;
	char **paths = argv + 1;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--outlet") && i + 1 < argc) {
			outlet = argv[++i];
		} else if (!strcmp(argv[i], "--batch") && i + 1 < argc) {
			if ((batch = cmd_number(argv[++i])) <= 0)
				return cmd_error("ingest: --batch wants a positive number, not '%s'",
				                 argv[i]) + 1;
		} else if (!strcmp(argv[i], "--quiet") || !strcmp(argv[i], "-q")) {
			quiet = 1;
		} else if (argv[i][0] == '-' && argv[i][1] == '-') {
			return cmd_error("ingest: unknown option '%s'", argv[i]) + 1;
		} else {
			paths[npaths++] = argv[i];
		}
	}
	if (!npaths) {
		fprintf(stderr, "usage: parallax ingest [--db PATH] [--outlet NAME] "
		        "[--batch N] [--quiet] PATH...\n");
		return 2;
	}
	px_db *db;
	px_pipeline *p = cmd_open_pipeline(env, &db);
	if (!p)
		return 1;
	px_error err = { 0 };
	if (batch)
		px_pipeline_set_batch(p, (unsigned)batch);

	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	reasons r;
	memset(&r, 0, sizeof(r));
	r.tty = isatty(2);
	r.quiet = quiet;
	px_ingest_opts o = { outlet, on_reject, on_progress, &r, &stop_requested };
	px_ingest_stats st;
	memset(&st, 0, sizeof(st));
	int rc = 0;
	double t0 = mono();
	for (int i = 0; i < npaths && !stop_requested && rc == 0; i++)
		rc = px_ingest_path(p, paths[i], &o, &st, &err);
	if (rc == 0)
		rc = px_pipeline_commit(p, &err);
	px_error ferr = { 0 };
	if (px_pipeline_free(p, &ferr) < 0 && rc == 0) {
		rc = -1;
		err = ferr;
	}
	px_close(db);
	if (r.tty && !quiet)
		fputs("\r\033[K", stderr);
	if (rc < 0)
		cmd_error("%s", err.msg);
	if (stop_requested)
		fprintf(stderr, "parallax: interrupted; everything read so far is stored\n");
	double dt = mono() - t0;
	if (!quiet || rc < 0) {
		printf("%zu read in %.2f s: %zu new, %zu wire copies, %zu duplicates, "
		       "%zu rejected", st.read, dt, st.added, st.copies, st.duplicates,
		       st.rejected);
		for (int i = 0; i < r.n; i++)
			printf("%s%zu %s", i ? ", " : " (", r.count[i], r.kind[i]);
		printf("%s\n", r.n ? ")" : "");
		if (st.merges)
			printf("%zu stor%s merged into others\n", st.merges,
			       st.merges == 1 ? "y" : "ies");
	}
	return rc < 0 ? 1 : 0;
}
