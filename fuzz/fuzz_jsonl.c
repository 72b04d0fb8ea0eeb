/* fuzz_jsonl.c — libFuzzer target: any bytes as a JSON Lines file, through
 * the reader `parallax ingest` and `parallax summarize` use
 * (ingest_jsonl_each: blocks split into lines, NUL bytes and overlong
 * lines refused, broken UTF-8 replaced, fields read).  Every line is
 * answered once, as an article or with a reason; every article's strings
 * are valid UTF-8 and its source names the file and line; nothing leaks.
 * The bytes go through a file (the reader takes a path); zlib reads them
 * as gzip when they start with its magic.  Seeds: lines of data/demo/corpus, e.g.
 *   build-fuzz/fuzz/fuzz_jsonl -max_len=4096 build-fuzz/corpus-jsonl */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest/ingest.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct seen {
	const char *path;
	size_t lines;
} seen;

static void valid(const char *s)
{
	if (s && !px_utf8_valid(s, strlen(s)))
		abort();
}

static int on_line(void *ctx, const px_doc *doc, json_t *obj, const char *where,
                   const char *reason)
{
	seen *sn = ctx;
	size_t n = strlen(sn->path);
	(void)obj;
	if (strncmp(where, sn->path, n) || where[n] != ':' || (!doc && !reason))
		abort();
	sn->lines++;
	if (doc) {
		valid(doc->url);
		valid(doc->outlet);
		valid(doc->domain);
		valid(doc->title);
		valid(doc->byline);
		valid(doc->lang);
		valid(doc->text);
		valid(doc->html);
		if (strcmp(doc->source, where))
			abort();
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char path[64];
	if (!path[0])
		snprintf(path, sizeof(path), "/tmp/fuzz_jsonl-%ld.jsonl", (long)getpid());
	FILE *f = fopen(path, "wb");
	if (!f)
		return 0;
	fwrite(data, 1, size, f);
	fclose(f);
	seen sn = { path, 0 };
	px_error err = { 0 };
	ingest_jsonl_each(path, on_line, &sn, &err);
	unlink(path);
	/* No more answers than lines (blank lines get none). */
	size_t newlines = 0;
	for (size_t i = 0; i < size; i++)
		newlines += data[i] == '\n';
	if (size >= 2 && data[0] == 0x1f && data[1] == 0x8b)
		return 0; /* gzip: the lines are inside */
	if (sn.lines > newlines + 1)
		abort();
	return 0;
}
