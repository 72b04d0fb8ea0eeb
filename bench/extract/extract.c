/*
 * bench/extract/extract.c — article extraction, timed in-process on pages
 * already in memory, with the peak memory of each page and the HTML
 * parser's share of the time.
 *
 *   build/bench/extract/extract [--repeat R] [--urls FILE.json]
 *                               [--base-url URL] [--no-memory]
 *                               DIR OUT.jsonl
 *
 * DIR holds pages either as files KEY.html / KEY.html.gz (the extraction
 * benchmark) or as folders KEY/source.html (Readability's test pages).  All
 * pages are read (and gunzipped) before any clock starts.  Then:
 *
 *  1. one untimed pass writes OUT.jsonl, a line per page: {key, text, and
 *     the fields of text_fields and time_fields below[, error]} (times as
 *     ISO 8601 UTC, null when unknown).  Invalid UTF-8 in the output is replaced by U+FFFD so
 *     the file stays JSON; that is what the text stage would do too.
 *  2. R rounds, each timing the whole set twice with the monotonic clock:
 *     px_extract() per page (parse + extract, one arena reset per page as in
 *     the pipeline), then gumbo alone on the same whole pages (its default
 *     options, gumbo_destroy_output included).  The best and the median
 *     round are reported.  The parser's share is the time spent inside
 *     gumbo during the px_extract rounds over those rounds' time: the bench
 *     wraps gumbo's entry points (see "gumbo's share" below), so the share
 *     holds whatever the extractor feeds gumbo (a trimmed page, say) and
 *     however it allocates.  gumbo on the whole page is reported beside it.
 *  3. memory (unless --no-memory): see page_peak() below.
 *
 * The figures also go to OUT.timing.json (OUT without .jsonl), which
 * score.py puts in its table beside the peers' (readability_lxml.py,
 * readability_js.js write the same two files).
 */
#define _GNU_SOURCE /* malloc_trim, RTLD_NEXT */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <gumbo.h>
#include <jansson.h>
#include <malloc.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include "extract/extract.h"
#include "../bench.h"
#include "parallax.h"
#include "util/arena.h"
#include "util/utf8.h"

/*
 * The fields written for each page besides the text: a field added to
 * px_page is one line here (score.py's FIELDS says which are scored).
 */
static const struct text_field {
	const char *name;
	size_t off;
} text_fields[] = {
	{ "title", offsetof(px_page, title) },
	{ "byline", offsetof(px_page, byline) },
	{ "lang", offsetof(px_page, lang) },
	{ "site_name", offsetof(px_page, site_name) },
	{ "excerpt", offsetof(px_page, excerpt) },
	{ "canonical_url", offsetof(px_page, canonical_url) },
	{ "image", offsetof(px_page, image) },
	{ "section", offsetof(px_page, section) },
	{ "charset", offsetof(px_page, charset) },
};
static const struct time_field {
	const char *name;
	size_t off;
} time_fields[] = {
	{ "published", offsetof(px_page, published) },
	{ "modified", offsetof(px_page, modified) },
};

typedef struct page {
	char *key;
	const char *url;   /* NULL when unknown */
	char *html;        /* NUL-terminated copy of the page's bytes */
	size_t size;
} page;

typedef struct pageset {
	page *v;
	size_t n, cap;
	size_t bytes;
} pageset;

static void add_page(pageset *ps, const char *key, const char *path)
{
	size_t len;
	char *html = bench_slurp(path, &len);
	if (!html) {
		fprintf(stderr, "%s: cannot read (%s)\n", path, strerror(errno));
		exit(1);
	}
	if (ps->n == ps->cap) {
		ps->cap = ps->cap ? ps->cap * 2 : 256;
		ps->v = px_xrealloc(ps->v, ps->cap * sizeof(page));
	}
	ps->v[ps->n++] = (page){ px_xstrdup(key), NULL, html, len };
	ps->bytes += len;
}

static int by_key(const void *a, const void *b)
{
	return strcmp(((const page *)a)->key, ((const page *)b)->key);
}

/* Every page of DIR, in key order: KEY.html[.gz] files and KEY/source.html. */
static void load_dir(pageset *ps, const char *dir)
{
	DIR *d = opendir(dir);
	if (!d) {
		fprintf(stderr, "%s: %s\n", dir, strerror(errno));
		exit(1);
	}
	struct dirent *e;
	char path[4096], key[1024];
	while ((e = readdir(d))) {
		const char *name = e->d_name;
		struct stat st;
		if (name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, name);
		if (stat(path, &st) != 0)
			continue;
		if (S_ISDIR(st.st_mode)) {
			snprintf(path, sizeof(path), "%s/%s/source.html", dir, name);
			if (access(path, R_OK) == 0)
				add_page(ps, name, path);
		} else if (bench_ends_with(name, ".html") || bench_ends_with(name, ".html.gz")) {
			snprintf(key, sizeof(key), "%s", name);
			*strstr(key, ".html") = 0;
			add_page(ps, key, path);
		}
	}
	closedir(d);
	qsort(ps->v, ps->n, sizeof(page), by_key);
}

/* URLs from a JSON object {key: "url"} or {key: {"url": ...}} (ground-truth.json). */
static void load_urls(pageset *ps, const char *file, const char *base_url)
{
	json_t *m = NULL;
	if (file) {
		json_error_t je;
		m = json_load_file(file, 0, &je);
		if (!m) {
			fprintf(stderr, "%s:%d: %s\n", file, je.line, je.text);
			exit(1);
		}
	}
	for (size_t i = 0; i < ps->n; i++) {
		json_t *v = m ? json_object_get(m, ps->v[i].key) : NULL;
		if (json_is_object(v))
			v = json_object_get(v, "url");
		ps->v[i].url = json_is_string(v) ? px_xstrdup(json_string_value(v)) : base_url;
	}
	json_decref(m);
}

static json_t *json_text(const char *s)
{
	if (!s)
		return json_null();
	size_t n = strlen(s);
	if (px_utf8_valid(s, n))
		return json_stringn(s, n);
	size_t k;
	char *fixed = px_utf8_fix(s, n, &k);
	json_t *j = json_stringn(fixed, k);
	free(fixed);
	return j;
}

static json_t *json_time(int64_t t)
{
	if (t == PX_TIME_UNKNOWN)
		return json_null();
	time_t tt = (time_t)t;
	struct tm tm;
	char s[64];
	if (!gmtime_r(&tt, &tm))
		return json_null();
	strftime(s, sizeof(s), "%Y-%m-%dT%H:%M:%SZ", &tm);
	return json_string(s);
}

/* Pass 1: one line per page, untimed (and a warm-up for the timed rounds). */
static size_t write_jsonl(const pageset *ps, const char *out)
{
	FILE *f = fopen(out, "w");
	if (!f) {
		perror(out);
		exit(1);
	}
	px_arena *a = px_arena_new(0);
	size_t errors = 0;
	for (size_t i = 0; i < ps->n; i++) {
		const page *p = &ps->v[i];
		px_page ex;
		px_error err = { 0 };
		json_t *o = json_object();
		json_object_set_new(o, "key", json_string(p->key));
		if (px_extract(p->html, p->size, p->url, a, &ex, &err) < 0) {
			errors++;
			json_object_set_new(o, "text", json_string(""));
			json_object_set_new(o, "error", json_text(err.msg));
		} else {
			json_object_set_new(o, "text", json_text(ex.text));
			for (size_t k = 0; k < sizeof(text_fields) / sizeof(*text_fields); k++)
				json_object_set_new(o, text_fields[k].name,
				                    json_text(*(const char *const *)
				                              ((const char *)&ex + text_fields[k].off)));
			for (size_t k = 0; k < sizeof(time_fields) / sizeof(*time_fields); k++)
				json_object_set_new(o, time_fields[k].name,
				                    json_time(*(const int64_t *)
				                              ((const char *)&ex + time_fields[k].off)));
		}
		char *line = json_dumps(o, JSON_COMPACT);
		fprintf(f, "%s\n", line);
		free(line);
		json_decref(o);
		px_arena_reset(a);
	}
	px_arena_free(a);
	if (fclose(f) != 0) {
		perror(out);
		exit(1);
	}
	return errors;
}

/*
 * gumbo's share.  The bench defines gumbo's entry points itself, so the
 * calls px_extract makes (and the bench's own) land here first; each wrapper
 * times the real function, found with dlsym(RTLD_NEXT), and adds to
 * gumbo_seconds.  DEPTH keeps a call that gumbo makes to itself from being
 * counted twice.  The cost is two clock reads a call.
 */
static double gumbo_seconds;
static int gumbo_depth;

GumboOutput *gumbo_parse_with_options(const GumboOptions *options,
                                      const char *buffer, size_t length)
{
	static GumboOutput *(*real)(const GumboOptions *, const char *, size_t);
	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "gumbo_parse_with_options");
	double t0 = gumbo_depth++ ? 0 : bench_now();
	GumboOutput *g = real(options, buffer, length);
	if (!--gumbo_depth)
		gumbo_seconds += bench_now() - t0;
	return g;
}

GumboOutput *gumbo_parse(const char *buffer)
{
	static GumboOutput *(*real)(const char *);
	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "gumbo_parse");
	double t0 = gumbo_depth++ ? 0 : bench_now();
	GumboOutput *g = real(buffer);
	if (!--gumbo_depth)
		gumbo_seconds += bench_now() - t0;
	return g;
}

void gumbo_destroy_output(const GumboOptions *options, GumboOutput *output)
{
	static void (*real)(const GumboOptions *, GumboOutput *);
	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "gumbo_destroy_output");
	double t0 = gumbo_depth++ ? 0 : bench_now();
	real(options, output);
	if (!--gumbo_depth)
		gumbo_seconds += bench_now() - t0;
}

/* One timed round of px_extract over every page; seconds. */
static double round_extract(const pageset *ps, px_arena *a)
{
	double t0 = bench_now();
	for (size_t i = 0; i < ps->n; i++) {
		px_page ex;
		px_error err;
		(void)px_extract(ps->v[i].html, ps->v[i].size, ps->v[i].url, a, &ex, &err);
		px_arena_reset(a);
	}
	return bench_now() - t0;
}

/* One timed round of gumbo alone on every whole page; seconds. */
static double round_parse(const pageset *ps)
{
	double t0 = bench_now();
	for (size_t i = 0; i < ps->n; i++) {
		GumboOutput *g = gumbo_parse_with_options(&kGumboDefaultOptions,
		                                          ps->v[i].html, ps->v[i].size);
		if (g)
			gumbo_destroy_output(&kGumboDefaultOptions, g);
	}
	return bench_now() - t0;
}

static int by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static int by_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

/* The process's VmHWM or VmRSS in bytes, -1 when /proc is not there. */
static long proc_status_bytes(const char *field)
{
	FILE *f = fopen("/proc/self/status", "r");
	if (!f)
		return -1;
	char line[256];
	long kb = -1;
	size_t k = strlen(field);
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, field, k) && line[k] == ':') {
			kb = atol(line + k + 1);
			break;
		}
	fclose(f);
	return kb < 0 ? -1 : kb * 1024;
}

/* Resets the peak RSS (VmHWM) to the current RSS (Linux >= 4.0). */
static int reset_peak_rss(void)
{
	int fd = open("/proc/self/clear_refs", O_WRONLY);
	if (fd < 0)
		return -1;
	int ok = write(fd, "5", 1) == 1;
	close(fd);
	return ok ? 0 : -1;
}

static const char warmup_html[] =
	"<html lang=en><head><title>t</title><meta property=og:site_name content=s>"
	"</head><body><article><h1>t</h1><p>One paragraph, <b>bold</b>.</p>"
	"<p>Two.</p></article></body></html>";

/*
 * The peak memory of extracting page P, in bytes beyond what the process
 * held before (so the page's own bytes, already loaded, are not counted);
 * -1 when it cannot be measured, -2 when the extractor crashed.
 *
 * Why this measure: it is what the kernel charges the process (resident
 * pages: gumbo's tree, the extractor's buffers, the arena, the stack,
 * allocator slack and fragmentation), not what one allocator believes is
 * live.  Each page runs in a forked child so pages cannot hide behind one
 * another's freed memory.  In the child: one tiny page is extracted first
 * so that code and lazily built tables are resident and not charged to the
 * page, malloc_trim(0) hands freed heap pages back so the page's
 * allocations must touch new pages, then the peak RSS is reset to the
 * current RSS (clear_refs 5), the page is extracted, and the peak RSS minus
 * that baseline is the answer.  Granularity is one 4 KiB page.
 */
static long page_peak(const page *p)
{
	int fds[2];
	if (pipe(fds) != 0)
		return -1;
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		px_arena *a = px_arena_new(0);
		px_page ex;
		px_error err;
		(void)px_extract(warmup_html, sizeof(warmup_html) - 1, NULL, a, &ex, &err);
		px_arena_reset(a);
		malloc_trim(0);
		long res[2] = { -1, -1 };
		if (reset_peak_rss() == 0) {
			res[0] = proc_status_bytes("VmHWM");
			(void)px_extract(p->html, p->size, p->url, a, &ex, &err);
			res[1] = proc_status_bytes("VmHWM");
		}
		if (write(fds[1], res, sizeof(res)) != (ssize_t)sizeof(res))
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	long res[2] = { -1, -1 };
	ssize_t got = read(fds[0], res, sizeof(res));
	close(fds[0]);
	int status;
	waitpid(pid, &status, 0);
	if (WIFSIGNALED(status)) {
		fprintf(stderr, "memory: page %s: extractor died with signal %d\n",
		        p->key, WTERMSIG(status));
		return -2;
	}
	if (got != (ssize_t)sizeof(res) || res[0] < 0 || res[1] < 0)
		return -1;
	return res[1] - res[0];
}

int main(int argc, char **argv)
{
	int repeat = 5, memory = 1;
	const char *urls = NULL, *base_url = NULL;
	int argi = 1;
	for (; argi < argc && !strncmp(argv[argi], "--", 2); argi++) {
		if (!strcmp(argv[argi], "--repeat") && argi + 1 < argc)
			repeat = atoi(argv[++argi]);
		else if (!strcmp(argv[argi], "--urls") && argi + 1 < argc)
			urls = argv[++argi];
		else if (!strcmp(argv[argi], "--base-url") && argi + 1 < argc)
			base_url = argv[++argi];
		else if (!strcmp(argv[argi], "--no-memory"))
			memory = 0;
		else {
			fprintf(stderr, "unknown option %s\n", argv[argi]);
			return 2;
		}
	}
	if (argc - argi != 2 || repeat < 1 || !bench_ends_with(argv[argi + 1], ".jsonl")) {
		fprintf(stderr, "usage: %s [--repeat R] [--urls FILE.json] [--base-url URL] "
		        "[--no-memory] DIR OUT.jsonl\n", argv[0]);
		return 2;
	}
	const char *dir = argv[argi], *out = argv[argi + 1];
	if (access(dir, R_OK) != 0) {
		printf("skip: %s not found (shared data absent)\n", dir);
		return 0;
	}
	pageset ps = { 0 };
	load_dir(&ps, dir);
	load_urls(&ps, urls, base_url);
	if (!ps.n) {
		fprintf(stderr, "%s: no pages (KEY.html, KEY.html.gz or KEY/source.html)\n", dir);
		return 1;
	}

	size_t errors = write_jsonl(&ps, out);

	double *te = px_xcalloc((size_t)repeat, sizeof(double));
	double *tp = px_xcalloc((size_t)repeat, sizeof(double));
	double inside = 0, total = 0;
	px_arena *a = px_arena_new(0);
	for (int r = 0; r < repeat; r++) {
		gumbo_seconds = 0;
		te[r] = round_extract(&ps, a);
		inside += gumbo_seconds;
		total += te[r];
		tp[r] = round_parse(&ps);
	}
	px_arena_free(a);
	qsort(te, (size_t)repeat, sizeof(double), by_double);
	qsort(tp, (size_t)repeat, sizeof(double), by_double);
	double e_best = te[0], e_med = te[repeat / 2], p_best = tp[0], p_med = tp[repeat / 2];
	double share = total > 0 ? inside / total : 0, mb = ps.bytes / 1e6;
	free(te);
	free(tp);
	printf("parallax: %zu pages, %.1f MB of HTML, %zu extraction errors, %d rounds\n",
	       ps.n, mb, errors, repeat);
	printf("  extract             best %.0f pages/s %.1f MB/s   median %.0f pages/s %.1f MB/s"
	       "   gumbo's share %.1f%%\n",
	       ps.n / e_best, mb / e_best, ps.n / e_med, mb / e_med, 100 * share);
	printf("  gumbo, whole pages  best %.0f pages/s %.1f MB/s   median %.0f pages/s %.1f MB/s\n",
	       ps.n / p_best, mb / p_best, ps.n / p_med, mb / p_med);

	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	json_t *t = json_object();
	json_object_set_new(t, "system", json_string("parallax"));
	json_object_set_new(t, "pages", json_integer((json_int_t)ps.n));
	json_object_set_new(t, "bytes", json_integer((json_int_t)ps.bytes));
	json_object_set_new(t, "errors", json_integer((json_int_t)errors));
	json_object_set_new(t, "repeat", json_integer(repeat));
	json_object_set_new(t, "best_s", json_real(e_best));
	json_object_set_new(t, "median_s", json_real(e_med));
	json_object_set_new(t, "parse_whole_best_s", json_real(p_best));
	json_object_set_new(t, "parse_whole_median_s", json_real(p_med));
	json_object_set_new(t, "parser_share", json_real(share));
	json_object_set_new(t, "max_rss_bytes", json_integer((json_int_t)ru.ru_maxrss * 1024));

	if (memory) {
		long *peak = px_xcalloc(ps.n, sizeof(long));
		size_t measured = 0, over5 = 0, crashed = 0, imax = 0;
		long *sorted = px_xcalloc(ps.n, sizeof(long));
		malloc_trim(0);
		for (size_t i = 0; i < ps.n; i++) {
			peak[i] = page_peak(&ps.v[i]);
			crashed += peak[i] == -2;
			if (peak[i] < 0)
				continue;
			sorted[measured++] = peak[i];
			over5 += peak[i] > 5L * 1000 * 1000;
			if (peak[i] > peak[imax] || peak[imax] < 0)
				imax = i;
		}
		if (measured) {
			qsort(sorted, measured, sizeof(long), by_long);
			long mmed = sorted[measured / 2], p90 = sorted[measured * 9 / 10];
			printf("  memory   peak RSS over the page, per page: median %.2f MB, p90 %.2f MB, "
			       "max %.2f MB (%s, a %.2f MB page); %zu of %zu pages above 5 MB\n",
			       mmed / 1e6, p90 / 1e6, peak[imax] / 1e6, ps.v[imax].key,
			       ps.v[imax].size / 1e6, over5, measured);
			json_object_set_new(t, "mem_method", json_string(
				"fork per page; VmHWM after extraction minus VmRSS before (clear_refs 5)"));
			json_object_set_new(t, "mem_median_bytes", json_integer(mmed));
			json_object_set_new(t, "mem_p90_bytes", json_integer(p90));
			json_object_set_new(t, "mem_max_bytes", json_integer(peak[imax]));
			json_object_set_new(t, "mem_max_key", json_string(ps.v[imax].key));
			json_object_set_new(t, "mem_max_page_bytes",
			                    json_integer((json_int_t)ps.v[imax].size));
			json_object_set_new(t, "mem_pages_over_5mb", json_integer((json_int_t)over5));
		} else {
			printf("  memory   not measured (no /proc/self/clear_refs?)\n");
		}
		if (crashed)
			printf("  memory   %zu pages crashed the extractor\n", crashed);
		json_object_set_new(t, "crashed", json_integer((json_int_t)crashed));
		free(peak);
		free(sorted);
	}

	char path[4096];
	snprintf(path, sizeof(path), "%.*s.timing.json", (int)(strlen(out) - 6), out);
	if (json_dump_file(t, path, JSON_INDENT(1)) != 0) {
		fprintf(stderr, "%s: cannot write\n", path);
		return 1;
	}
	json_decref(t);
	for (size_t i = 0; i < ps.n; i++) {
		free(ps.v[i].key);
		free(ps.v[i].html);
		if (ps.v[i].url != base_url)
			free((char *)ps.v[i].url);
	}
	free(ps.v);
	return 0;
}
