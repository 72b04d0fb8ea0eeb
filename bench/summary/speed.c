/*
 * bench/summary/speed.c — px_summarize timed in-process, one thread, on the
 * cluster files the summary bench writes (bench/summary/summary.py: one
 * ingest JSONL file a cluster, the file `parallax summarize` reads).
 *
 *   build/bench/summary/speed [--rounds R] [--label TEXT] FILE.jsonl...
 *
 * Every file is read first, through the project's JSONL reader
 * (ingest_jsonl_each, as `parallax summarize` and tests/test_summary.c
 * read), into memory; an article's own "lean" field is passed as its lean
 * label, as the CLI does.  No clock runs while reading.  Then R rounds
 * (default 3) each summarise every cluster once: px_summarize(NULL, docs,
 * leans, n) then px_story_free, and only that, is timed with the monotonic
 * clock (and the thread's CPU clock beside it, which a loaded machine
 * disturbs less).  The first round is reported on its own: the parser
 * of key points (src/summary/compress.c) loads its dictionary on first use
 * and remembers what it said of a sentence, so later rounds parse
 * nothing again, and the first round is what a story summarised for the
 * first time costs.  Then the best round (least wall time in total):
 * clusters/s, mean, median and p95 ms a cluster, and the process's peak
 * RSS (VmHWM; the files held in memory included, their share shown as the
 * RSS after reading); median and p95 by nearest rank.  Not getrusage's
 * ru_maxrss: Linux carries it over execve, so it would report the larger
 * RSS of the Python process that forked this one.  No store is
 * opened (DB NULL): the bench's `parallax summarize` runs on an empty
 * store, whose registry rates no outlet, so both see only the files' own
 * lean labels and write the same stories.
 *
 * One line on stdout; exit 1 when a file cannot be read or a cluster fails
 * to summarise (the first such error on stderr).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../bench.h"
#include "ingest/ingest.h"
#include "parallax.h"
#include "util/arena.h"

/* One cluster: its articles and their lean labels, owned by A. */
typedef struct cluster {
	const char *path;
	px_arena *a;
	px_doc *docs;
	const char **leans;
	size_t n, cap;
	int bad;              /* a line the reader refused */
	char where[256];      /* that line, for the message */
} cluster;

/* ingest_line_cb: DOC and its "lean" copied into the cluster CTX. */
static int on_line(void *ctx, const px_doc *doc, json_t *obj, const char *where,
                   const char *reason)
{
	cluster *c = ctx;
	if (!doc) {
		snprintf(c->where, sizeof(c->where), "%s: %s", where, reason);
		c->bad = 1;
		return -1;
	}
	if (c->n == c->cap) {
		c->cap = c->cap ? 2 * c->cap : 8;
		c->docs = px_xrealloc(c->docs, c->cap * sizeof(*c->docs));
		c->leans = px_xrealloc(c->leans, c->cap * sizeof(*c->leans));
	}
	const char *lean = json_string_value(json_object_get(obj, "lean"));
	c->docs[c->n] = ingest_doc_copy(c->a, doc, where);
	c->leans[c->n++] = lean ? px_arena_strdup(c->a, lean) : NULL;
	return 0;
}

/* Seconds of CPU this thread has used. */
static double cpu_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* FIELD ("VmRSS:" now, "VmHWM:" at its peak) of /proc/self/status, the
 * resident set size of this program's image, in KiB; 0 if unknown. */
static long rss_kib(const char *field)
{
	FILE *f = fopen("/proc/self/status", "r");
	char line[256];
	long kib = 0;
	size_t k = strlen(field);
	while (f && fgets(line, sizeof(line), f))
		if (!strncmp(line, field, k))
			kib = strtol(line + k, NULL, 10);
	if (f)
		fclose(f);
	return kib;
}

static int by_value(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;
	return (a > b) - (a < b);
}

/* The Q-quantile (0..1) of sorted V[0..N), nearest rank. */
static double quantile(const double *v, size_t n, double q)
{
	size_t k = (size_t)(q * (double)n + 0.999999);
	return v[k ? k - 1 : 0];
}

int main(int argc, char **argv)
{
	int rounds = 3, first = 1;
	const char *label = "clusters";
	for (; first < argc && argv[first][0] == '-'; first++) {
		if (!strcmp(argv[first], "--rounds") && first + 1 < argc)
			rounds = atoi(argv[++first]);
		else if (!strcmp(argv[first], "--label") && first + 1 < argc)
			label = argv[++first];
		else
			break;
	}
	size_t n = argc > first ? (size_t)(argc - first) : 0;
	if (!n || rounds < 1) {
		fprintf(stderr, "usage: speed [--rounds R] [--label TEXT] FILE.jsonl...\n");
		return 2;
	}

	cluster *cl = px_xcalloc(n, sizeof(*cl));
	size_t articles = 0;
	for (size_t i = 0; i < n; i++) {
		cluster *c = &cl[i];
		px_error err = { 0 };
		c->path = argv[first + (int)i];
		c->a = px_arena_new(1 << 16);
		if (ingest_jsonl_each(c->path, on_line, c, &err) < 0 || c->bad || !c->n) {
			fprintf(stderr, "speed: %s: %s\n", c->path,
			        c->bad ? c->where : err.msg[0] ? err.msg : "no article");
			return 1;
		}
		articles += c->n;
	}
	long rss_read = rss_kib("VmRSS:");

	double *wall = px_xmalloc(n * sizeof(*wall)), *cpu = px_xmalloc(n * sizeof(*cpu));
	double *best = px_xmalloc(n * sizeof(*best));
	double best_wall = 0, best_cpu = 0, first_wall = 0, first_cpu = 0;
	for (int r = 0; r < rounds; r++) {
		double round_wall = 0, round_cpu = 0;
		for (size_t i = 0; i < n; i++) {
			cluster *c = &cl[i];
			px_story *s = NULL;
			px_error err = { 0 };
			double t0 = bench_now(), c0 = cpu_now();
			int rc = px_summarize(NULL, c->docs, c->leans, c->n, &s, &err);
			px_story_free(s);
			wall[i] = bench_now() - t0;
			cpu[i] = cpu_now() - c0;
			if (rc < 0) {
				fprintf(stderr, "speed: %s: %s\n", c->path, err.msg);
				return 1;
			}
			round_wall += wall[i];
			round_cpu += cpu[i];
		}
		if (r == 0) {
			first_wall = round_wall;
			first_cpu = round_cpu;
		}
		if (r == 0 || round_wall < best_wall) {
			best_wall = round_wall;
			best_cpu = round_cpu;
			memcpy(best, wall, n * sizeof(*best));
		}
	}
	qsort(best, n, sizeof(*best), by_value);

	printf("in-process px_summarize on %s: %zu clusters (%zu articles), one thread, "
	       "first round %.1f clusters/s (%.2f ms a cluster, CPU %.2f), "
	       "best of %d rounds: %.1f clusters/s, %.2f ms a cluster (median %.2f, p95 %.2f, "
	       "max %.2f; CPU %.2f ms a cluster); peak RSS %.1f MiB (%.1f MiB after reading "
	       "the files)\n",
	       label, n, articles, (double)n / first_wall, 1000 * first_wall / (double)n,
	       1000 * first_cpu / (double)n, rounds, (double)n / best_wall,
	       1000 * best_wall / (double)n,
	       1000 * quantile(best, n, 0.5), 1000 * quantile(best, n, 0.95), 1000 * best[n - 1],
	       1000 * best_cpu / (double)n, rss_kib("VmHWM:") / 1024.0, rss_read / 1024.0);

	for (size_t i = 0; i < n; i++) {
		free(cl[i].docs);
		free(cl[i].leans);
		px_arena_free(cl[i].a);
	}
	free(cl);
	free(wall);
	free(cpu);
	free(best);
	return 0;
}
