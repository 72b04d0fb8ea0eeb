/*
 * testutil.h — what the cmocka tests share: a fresh store in a temporary
 * directory, paths into the repository, and a document builder.
 */
#ifndef PX_TESTUTIL_H
#define PX_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parallax.h"

/* A new empty directory under /tmp; the caller removes it with rmtree(). */
static inline char *tmpdir(void)
{
	char *d = strdup("/tmp/px-test-XXXXXX");
	if (!mkdtemp(d))
		fail_msg("mkdtemp failed");
	return d;
}

static inline void rmtree(char *dir)
{
	char cmd[300];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	free(dir);
}

/* A store at DIR/test.db. */
static inline px_db *open_db(const char *dir)
{
	char path[300];
	px_error err = { 0 };
	snprintf(path, sizeof(path), "%s/test.db", dir);
	px_db *db = px_open(path, &err);
	if (!db)
		fail_msg("px_open: %s", err.msg);
	return db;
}

/* Ingests PATH into DB through a pipeline of its own, as `parallax ingest`
 * does; fails the test on an error; the counts in *ST. */
static inline void ingest_ok(px_db *db, const char *path, px_ingest_stats *st)
{
	px_error err = { 0 };
	px_pipeline *p = px_pipeline_new(db, &err);
	if (!p)
		fail_msg("px_pipeline_new: %s", err.msg);
	memset(st, 0, sizeof(*st));
	if (px_ingest_path(p, path, NULL, st, &err) < 0)
		fail_msg("px_ingest_path %s: %s", path, err.msg);
	if (px_pipeline_free(p, &err) < 0)
		fail_msg("px_pipeline_free: %s", err.msg);
}

/* The repository root (tests run from it, or from build/tests). */
static inline const char *repo_path(const char *rel, char *buf, size_t size)
{
	const char *roots[] = { ".", "..", "../.." };
	for (size_t i = 0; i < 3; i++) {
		snprintf(buf, size, "%s/%s", roots[i], rel);
		if (access(buf, R_OK) == 0)
			return buf;
	}
	snprintf(buf, size, "%s", rel);
	return buf;
}

/* N bytes at PATH (NUL bytes too). */
static inline void write_bytes(const char *path, const void *bytes, size_t n)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		fail_msg("cannot write %s", path);
	if (fwrite(bytes, 1, n, f) != n)
		fail_msg("cannot write %s", path);
	fclose(f);
}

static inline void write_file(const char *path, const char *content)
{
	write_bytes(path, content, strlen(content));
}

#endif
