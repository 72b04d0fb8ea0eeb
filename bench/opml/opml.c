/*
 * opml.c — the OPML reader (src/feeds/opml.c) on real subscription lists:
 * for each file given, how many feeds it lists, how many outlines were
 * skipped and why (the reason's first words), how many repairs the mending
 * pass made, whether libxml2 still had to recover, and how many "xmlUrl="
 * attributes the raw bytes hold (every one must come out as a feed or a
 * skip), then the totals.  bench/opml/run.sh runs it on the
 * awesome-rss-feeds lists.
 *
 *   build/bench/opml/opml FILE.opml...
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "feeds/opml.h"
#include "util/arena.h"

#define REASONS 8

typedef struct tally {
	const char *why[REASONS];   /* reason kinds, by their first words */
	size_t n[REASONS];
	size_t other;
} tally;

/* The kind of a skip reason: what follows the quoted value, or its start. */
static const char *kind(const char *reason)
{
	if (strstr(reason, "is listed already"))
		return "duplicate";
	if (strstr(reason, "has no xmlUrl"))
		return "no xmlUrl";
	if (strstr(reason, "not an absolute http(s) URL"))
		return "not http(s)";
	if (strstr(reason, "control characters"))
		return "control characters";
	if (strstr(reason, "too long"))
		return "too long";
	return NULL;
}

static void on_skip(void *ctx, const char *where, const char *reason)
{
	tally *t = ctx;
	const char *k = kind(reason);
	if (getenv("OPML_VERBOSE"))
		printf("    %s: %s\n", where, reason);
	for (int i = 0; k && i < REASONS; i++) {
		if (!t->why[i])
			t->why[i] = k;
		if (!strcmp(t->why[i], k)) {
			t->n[i]++;
			return;
		}
	}
	t->other++;
}

/* Occurrences of "xmlUrl=" (any case) in the file at PATH. */
static size_t raw_count(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		return 0;
	size_t n = 0, k = 0;
	const char *pat = "xmlurl=";
	int c;
	while ((c = fgetc(f)) != EOF) {
		int lc = c >= 'A' && c <= 'Z' ? c + 32 : c;
		if (lc == pat[k]) {
			if (!pat[++k]) {
				n++;
				k = 0;
			}
		} else {
			k = lc == pat[0];
		}
	}
	fclose(f);
	return n;
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: %s FILE.opml...\n", argv[0]);
		return 2;
	}
	tally total = { { 0 }, { 0 }, 0 };
	size_t files = 0, failed = 0, feeds = 0, raw = 0, mended = 0, mended_files = 0,
	       recovered = 0, missing = 0;
	for (int i = 1; i < argc; i++) {
		px_arena *a = px_arena_new(0);
		opml_doc d;
		px_error err = { 0 };
		tally t = { { 0 }, { 0 }, 0 };
		size_t r = raw_count(argv[i]);
		files++;
		if (opml_read_file(argv[i], a, &d, on_skip, &t, &err) < 0) {
			printf("%s: FAILED: %s\n", argv[i], err.msg);
			failed++;
			px_arena_free(a);
			continue;
		}
		size_t url_skips = 0;
		for (int k = 0; k < REASONS && t.why[k]; k++)
			if (strcmp(t.why[k], "no xmlUrl"))
				url_skips += t.n[k];
		printf("%-70s %4zu feeds %3zu skipped %4zu mended%s%s\n", argv[i], d.n, d.skipped,
		       d.mended, d.ill_formed ? "  (recovered)" : "",
		       d.n + url_skips != r ? "  (xmlUrl count differs)" : "");
		if (d.n + url_skips != r)
			missing += r > d.n + url_skips ? r - d.n - url_skips : 0;
		feeds += d.n;
		raw += r;
		mended += d.mended;
		mended_files += d.mended > 0;
		recovered += d.ill_formed;
		for (int k = 0; k < REASONS && t.why[k]; k++)
			for (int m = 0; m < REASONS; m++) {
				if (!total.why[m])
					total.why[m] = t.why[k];
				if (!strcmp(total.why[m], t.why[k])) {
					total.n[m] += t.n[k];
					break;
				}
			}
		total.other += t.other;
		px_arena_free(a);
	}
	printf("\n%zu files (%zu not read): %zu feeds of %zu xmlUrl attributes; %zu repairs "
	       "in %zu files; libxml2 recovered %zu files after mending; %zu xmlUrl not "
	       "accounted for\nskipped:", files, failed, feeds, raw, mended, mended_files,
	       recovered, missing);
	size_t skipped = 0;
	for (int m = 0; m < REASONS && total.why[m]; m++) {
		printf(" %s %zu;", total.why[m], total.n[m]);
		skipped += total.n[m];
	}
	printf(" other %zu (total %zu)\n", total.other, skipped + total.other);
	return failed || missing ? 1 : 0;
}
