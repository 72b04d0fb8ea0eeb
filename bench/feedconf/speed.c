/*
 * bench/feedconf/speed.c — Parallax's feed parser timed in-process on
 * feedparser's test feeds held in memory (issue 7, "Conformance": at least
 * 20 times feedparser's parse speed on the same files, in the same run).
 *
 *   build/bench/feedconf/speed [--repeat R] DIR OUT.json
 *
 * DIR is ../shared/data/feedparser-tests.  Every .xml and .json file in its
 * folders (the files conf.py evaluates) is read before any clock starts.
 * A file whose opening comment has a line "Header: Content-type: ..." is
 * parsed with that as CONTENT_TYPE, and one with "Header: Content-Location:
 * ..." with that as URL, as feedparser gets them through response_headers
 * in `conf.py time`; the other files get neither.
 *
 * One untimed pass counts the files px_feed_parse refuses (no feed at all;
 * ERRORS, the first few named on stderr) and warms the caches.  Then R
 * rounds (default 10) each parse every file once, px_feed_parse then
 * px_feed_free, timed with the monotonic clock on one thread; refused files
 * are timed like the others, as feedparser's bozo results are.  The best
 * and the median round are reported on stdout and written to OUT.json as
 * {system, files, bytes, errors, repeat, best_s, median_s}, the record
 * `conf.py speed` puts beside feedparser's.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "../bench.h"
#include "parallax.h"
#include "util/arena.h"

typedef struct feedfile {
	char *rel;            /* path below DIR, for sorting and messages */
	char *data;           /* the file's bytes, NUL-terminated */
	size_t size;
	char *content_type;   /* from "Header: Content-type:", else NULL */
	char *url;            /* from "Header: Content-Location:", else NULL */
} feedfile;

typedef struct fileset {
	feedfile *v;
	size_t n, cap;
	size_t bytes;
} fileset;

/*
 * The value of the line "Header: NAME: value" in DATA (NAME compared
 * without case, the value trimmed), as conf.py's HEADER_RE reads it;
 * malloc'd, or NULL when there is no such line.
 */
static char *header_line(const char *data, size_t n, const char *name)
{
	size_t k = strlen(name);
	for (const char *p = data, *end = data + n; p < end;) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			eol = end;
		if (eol - p > 7 && !memcmp(p, "Header:", 7)) {
			const char *q = p + 7;
			while (q < eol && (*q == ' ' || *q == '\t'))
				q++;
			if (eol - q > (long)k && !strncasecmp(q, name, k) && q[k] == ':') {
				const char *v = q + k + 1, *w = eol;
				while (v < w && (*v == ' ' || *v == '\t'))
					v++;
				while (w > v && (w[-1] == ' ' || w[-1] == '\t' || w[-1] == '\r'))
					w--;
				char *out = px_xmalloc((size_t)(w - v) + 1);
				memcpy(out, v, (size_t)(w - v));
				out[w - v] = 0;
				return out;
			}
		}
		p = eol + 1;
	}
	return NULL;
}

static void add_file(fileset *fs, const char *rel, const char *path)
{
	size_t len;
	char *data = bench_slurp(path, &len);
	if (!data) {
		fprintf(stderr, "%s: cannot read (%s)\n", path, strerror(errno));
		exit(1);
	}
	if (fs->n == fs->cap) {
		fs->cap = fs->cap ? fs->cap * 2 : 1024;
		fs->v = px_xrealloc(fs->v, fs->cap * sizeof(feedfile));
	}
	fs->v[fs->n++] = (feedfile){
		px_xstrdup(rel), data, len,
		header_line(data, len, "Content-type"),
		header_line(data, len, "Content-Location"),
	};
	fs->bytes += len;
}

/* Every .xml / .json file below DIR/REL (REL "" for DIR itself, whose own
 * files, README.md and the licence, are not feeds). */
static void load_dir(fileset *fs, const char *dir, const char *rel)
{
	char path[4096], sub[4096];
	snprintf(path, sizeof(path), "%s%s%s", dir, *rel ? "/" : "", rel);
	DIR *d = opendir(path);
	if (!d) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		exit(1);
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		struct stat st;
		if (e->d_name[0] == '.')
			continue;
		int k1 = snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "", e->d_name);
		int k2 = snprintf(path, sizeof(path), "%s/%s", dir, sub);
		if (k1 < 0 || (size_t)k1 >= sizeof(sub) || k2 < 0 || (size_t)k2 >= sizeof(path)) {
			fprintf(stderr, "%s/%s: path too long\n", dir, sub);
			exit(1);
		}
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode))
			load_dir(fs, dir, sub);
		else if (*rel && (bench_ends_with(e->d_name, ".xml") || bench_ends_with(e->d_name, ".json")))
			add_file(fs, sub, path);
	}
	closedir(d);
}

static int by_rel(const void *a, const void *b)
{
	return strcmp(((const feedfile *)a)->rel, ((const feedfile *)b)->rel);
}

static int by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Every file parsed and freed once; returns the seconds taken. */
static double round_parse(const fileset *fs)
{
	double t0 = bench_now();
	for (size_t i = 0; i < fs->n; i++) {
		const feedfile *f = &fs->v[i];
		px_feed *feed = NULL;
		px_error err;
		if (px_feed_parse(f->data, f->size, f->url, f->content_type, &feed, &err) == 0)
			px_feed_free(feed);
	}
	return bench_now() - t0;
}

/* The untimed pass: how many files px_feed_parse refuses (the first few
 * named on stderr). */
static size_t count_refused(const fileset *fs)
{
	size_t errors = 0;
	for (size_t i = 0; i < fs->n; i++) {
		const feedfile *f = &fs->v[i];
		px_feed *feed = NULL;
		px_error err = { 0 };
		if (px_feed_parse(f->data, f->size, f->url, f->content_type, &feed, &err) != 0) {
			if (errors++ < 5)
				fprintf(stderr, "  refused %s: %s\n", f->rel, err.msg);
			continue;
		}
		px_feed_free(feed);
	}
	return errors;
}

int main(int argc, char **argv)
{
	int repeat = 10;
	int argi = 1;
	for (; argi < argc && !strncmp(argv[argi], "--", 2); argi++) {
		if (!strcmp(argv[argi], "--repeat") && argi + 1 < argc)
			repeat = atoi(argv[++argi]);
		else {
			fprintf(stderr, "unknown option %s\n", argv[argi]);
			return 2;
		}
	}
	if (argc - argi != 2 || repeat < 1) {
		fprintf(stderr, "usage: %s [--repeat R] DIR OUT.json\n", argv[0]);
		return 2;
	}
	const char *dir = argv[argi], *out = argv[argi + 1];
	struct stat st;
	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		printf("skip: %s not found (shared data absent)\n", dir);
		return 0;
	}
	fileset fs = { 0 };
	load_dir(&fs, dir, "");
	if (!fs.n) {
		fprintf(stderr, "%s: no .xml or .json files in its folders\n", dir);
		return 1;
	}
	qsort(fs.v, fs.n, sizeof(feedfile), by_rel);

	size_t errors = count_refused(&fs);
	double *t = px_xmalloc((size_t)repeat * sizeof(double));
	for (int r = 0; r < repeat; r++)
		t[r] = round_parse(&fs);
	qsort(t, (size_t)repeat, sizeof(double), by_double);
	double best = t[0], median = t[repeat / 2], mb = fs.bytes / 1e6;
	free(t);
	printf("parallax: %zu files, %.2f MB, %zu refused, best of %d: %.3f s "
	       "(%.0f files/s, %.1f MB/s; median %.0f files/s)\n",
	       fs.n, mb, errors, repeat, best, fs.n / best, mb / best, fs.n / median);

	FILE *f = fopen(out, "w");
	if (!f) {
		perror(out);
		return 1;
	}
	fprintf(f, "{\"system\": \"parallax\", \"files\": %zu, \"bytes\": %zu, \"errors\": %zu, "
	        "\"repeat\": %d, \"best_s\": %.9f, \"median_s\": %.9f}\n",
	        fs.n, fs.bytes, errors, repeat, best, median);
	if (fclose(f) != 0) {
		perror(out);
		return 1;
	}
	for (size_t i = 0; i < fs.n; i++) {
		free(fs.v[i].rel);
		free(fs.v[i].data);
		free(fs.v[i].content_type);
		free(fs.v[i].url);
	}
	free(fs.v);
	return 0;
}
