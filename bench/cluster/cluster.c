/*
 * bench/cluster/cluster.c — story clustering on a labelled news stream,
 * through the same code path as `parallax ingest` (JSON Lines reader,
 * pipeline, store), timed in-process with the text already in memory.
 *
 *   build/bench/cluster/cluster [--params SPEC] [--limit N] [--no-dates]
 *                               FILE.jsonl.gz OUT.tsv
 *
 * Reads every line first (id, cluster, and the article), then feeds the
 * articles in file order to a pipeline on a fresh store in a temporary
 * directory, and writes "id<TAB>story" for the scorer (score.py).  Prints
 * throughput (articles/s on one core, wall and CPU), peak RSS, and the bytes
 * held by the clustering index per article.  Merges reported by the pipeline
 * are followed, so every article is labelled with its final story.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "ingest/ingest.h"
#include "parallax.h"
#include "pipeline/pipeline.h"

typedef struct item {
	char *id;
	px_doc doc;
	int64_t story;
} item;

typedef struct corpus {
	item *v;
	size_t n, cap;
	int no_dates;
} corpus;

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int collect(void *ctx, const px_doc *d, json_t *o, const char *where,
                   const char *reason)
{
	corpus *c = ctx;
	if (!d) {
		fprintf(stderr, "%s: %s\n", where, reason);
		return 0;
	}
	if (c->n == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 1024;
		c->v = realloc(c->v, c->cap * sizeof(item));
	}
	item *it = &c->v[c->n++];
	memset(it, 0, sizeof(*it));
	it->id = dup_or_null(json_string_value(json_object_get(o, "id")));
	it->doc.title = dup_or_null(d->title);
	it->doc.text = dup_or_null(d->text);
	it->doc.url = dup_or_null(d->url);
	/* The outlet: its name ("source"), or one shared name when absent. */
	const char *src = json_string_value(json_object_get(o, "source"));
	it->doc.outlet = strdup(src ? src : "unknown outlet");
	it->doc.lang = dup_or_null(d->lang);
	it->doc.published = c->no_dates ? PX_TIME_UNKNOWN : d->published;
	if (it->doc.published == PX_TIME_UNKNOWN)
		it->doc.published = 1600000000; /* one shared time: no time signal */
	return 0;
}

static double now(clockid_t clk)
{
	struct timespec ts;
	clock_gettime(clk, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Union-find over story ids, for merges. */
typedef struct uf {
	int64_t *parent;
	size_t cap;
} uf;

static int64_t find(uf *u, int64_t x)
{
	while ((size_t)x < u->cap && u->parent[x] && u->parent[x] != x)
		x = u->parent[x];
	return x;
}

static void link_to(uf *u, int64_t from, int64_t to)
{
	if ((size_t)from >= u->cap) {
		size_t cap = (size_t)from * 2 + 16;
		u->parent = realloc(u->parent, cap * sizeof(int64_t));
		memset(u->parent + u->cap, 0, (cap - u->cap) * sizeof(int64_t));
		u->cap = cap;
	}
	u->parent[from] = to;
}

int main(int argc, char **argv)
{
	const char *params = NULL;
	size_t limit = 0;
	corpus c = { 0 };
	int argi = 1;
	for (; argi < argc && argv[argi][0] == '-' && argv[argi][1] == '-'; argi++) {
		if (!strcmp(argv[argi], "--params") && argi + 1 < argc)
			params = argv[++argi];
		else if (!strcmp(argv[argi], "--limit") && argi + 1 < argc)
			limit = (size_t)atol(argv[++argi]);
		else if (!strcmp(argv[argi], "--no-dates"))
			c.no_dates = 1;
		else {
			fprintf(stderr, "unknown option %s\n", argv[argi]);
			return 2;
		}
	}
	if (argc - argi != 2) {
		fprintf(stderr, "usage: %s [--params SPEC] [--limit N] [--no-dates] "
		        "FILE.jsonl.gz OUT.tsv\n", argv[0]);
		return 2;
	}
	const char *in = argv[argi], *out = argv[argi + 1];
	if (access(in, R_OK) != 0) {
		printf("skip: %s not found (shared data absent)\n", in);
		return 0;
	}
	px_error err = { 0 };
	if (ingest_jsonl_each(in, collect, &c, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	if (limit && limit < c.n)
		c.n = limit;

	char dir[] = "/tmp/px-bench-XXXXXX";
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	char dbpath[256];
	snprintf(dbpath, sizeof(dbpath), "%s/bench.db", dir);
	px_db *db = px_open(dbpath, &err);
	px_pipeline *p = db ? px_pipeline_new(db, &err) : NULL;
	if (!p || (params && px_pipeline_set_params(p, params, &err) < 0)) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	/* Warm the lazily built parts (language profiles, stemmers). */
	uf u = { 0 };
	size_t peak_index = 0, merges = 0, copies = 0, dups = 0, rejected = 0;
	double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
	for (size_t i = 0; i < c.n; i++) {
		px_add_result r;
		char src[64];
		snprintf(src, sizeof(src), "%s:%zu", in, i + 1);
		c.v[i].doc.source = src;
		if (px_pipeline_add(p, &c.v[i].doc, &r, &err) < 0) {
			fprintf(stderr, "%s\n", err.msg);
			return 1;
		}
		c.v[i].doc.source = NULL;
		c.v[i].story = r.story_id;
		if (r.merged) {
			link_to(&u, r.merged, r.story_id);
			merges++;
		}
		copies += r.kind == PX_ADD_COPY;
		dups += r.kind == PX_ADD_DUPLICATE;
		rejected += r.kind == PX_ADD_REJECTED;
		size_t b = px_pipeline_cluster_bytes(p);
		if (b > peak_index)
			peak_index = b;
	}
	if (px_pipeline_commit(p, &err) < 0) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	double wall = now(CLOCK_MONOTONIC) - w0, cpu = now(CLOCK_PROCESS_CPUTIME_ID) - c0;

	FILE *f = fopen(out, "w");
	if (!f) {
		perror(out);
		return 1;
	}
	for (size_t i = 0; i < c.n; i++)
		fprintf(f, "%s\t%lld\n", c.v[i].id ? c.v[i].id : "?",
		        (long long)find(&u, c.v[i].story));
	fclose(f);

	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	printf("articles %zu  copies %zu  duplicates %zu  rejected %zu  merges %zu\n",
	       c.n, copies, dups, rejected, merges);
	printf("throughput %.0f articles/s wall, %.0f articles/s cpu (%.3f s)\n",
	       c.n / wall, c.n / cpu, wall);
	printf("peak RSS %.1f MiB; clustering index peak %zu bytes = %.0f bytes/article\n",
	       ru.ru_maxrss / 1024.0, peak_index, (double)peak_index / (double)c.n);
	px_pipeline_free(p, &err);
	px_close(db);
	char cmd[512];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return 0;
}
