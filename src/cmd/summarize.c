/*
 * summarize.c — `parallax summarize FILE.jsonl [--json]`: every article of
 * FILE (the ingest JSONL format, plain or gzip) read as one story and
 * summarised as a story page leads with it: headline, summary, key points
 * with their sources (1-based lines of FILE), coverage.  Nothing is stored.
 * An article's own "lean" field ("left", "center", "right" or a lean
 * level) rates its outlet; otherwise the outlet registry of the store does,
 * when --db names one or the default store exists.  Benchmarks and outside
 * tools use it.
 */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ingest/ingest.h"
#include "util/arena.h"

typedef struct reader {
	px_arena *a;
	px_doc *docs;
	const char **leans;
	size_t n, cap;
	int bad;
} reader;

static int on_line(void *ctx, const px_doc *doc, json_t *obj, const char *where,
                   const char *reason)
{
	reader *r = ctx;
	if (!doc) {
		fprintf(stderr, "parallax: %s: %s\n", where, reason);
		r->bad = 1;
		return 0;
	}
	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 16;
		r->docs = realloc(r->docs, r->cap * sizeof(*r->docs));
		r->leans = realloc(r->leans, r->cap * sizeof(*r->leans));
		if (!r->docs || !r->leans)
			return -1;
	}
	const char *lean = json_string_value(json_object_get(obj, "lean"));
	r->docs[r->n] = ingest_doc_copy(r->a, doc, where);
	r->leans[r->n++] = lean ? px_arena_strdup(r->a, lean) : NULL;
	return 0;
}

int cmd_summarize(int argc, char **argv, const cmd_env *env)
{
	const char *path = NULL;
	int json = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = 1;
		else if (argv[i][0] == '-' && argv[i][1])
			path = NULL, i = argc;
		else if (!path)
			path = argv[i];
		else
			path = NULL, i = argc;
	}
	if (!path) {
		fprintf(stderr, "usage: parallax [--db PATH] summarize FILE.jsonl [--json]\n");
		return 2;
	}
	reader r = { .a = px_arena_new(1 << 16) };
	px_error err = { 0 };
	int rc = ingest_jsonl_each(strcmp(path, "-") ? path : "/dev/stdin", on_line, &r, &err);
	if (rc < 0 && err.msg[0])
		cmd_error("%s", err.msg);
	px_db *db = NULL;
	if (rc >= 0 && (env->db_path || access(px_default_db_path(), R_OK) == 0))
		db = cmd_open(env);
	px_story *s = NULL;
	if (rc >= 0 && (!(env->db_path) || db)) {
		if (px_summarize(db, r.docs, r.leans, r.n, &s, &err) < 0)
			cmd_error("%s: %s", path, err.msg);
	}
	if (s && json) {
		char *out = px_render_story_json(s, 0);
		puts(out);
		free(out);
	} else if (s) {
		px_render_story_text(stdout, s, 0);
	}
	int status = s ? r.bad : 1;
	px_story_free(s);
	px_close(db);
	free(r.docs);
	free(r.leans);
	px_arena_free(r.a);
	return status;
}
