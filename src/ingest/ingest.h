/*
 * ingest.h — reading article files.  The public entry point is
 * px_ingest_path() (parallax.h); this header exposes the JSON Lines reader
 * so that benchmarks can read labelled streams with the exact code path of
 * `parallax ingest`.
 */
#ifndef PX_INGEST_H
#define PX_INGEST_H

#include <jansson.h>

#include "parallax.h"
#include "util/arena.h"

/*
 * Called for each line of a JSON Lines file: DOC is the article (NULL when
 * the line is bad, and then REASON says why), OBJ the parsed line (for
 * extra fields), WHERE "PATH:LINE".  A negative return stops the reading.
 */
typedef int (*ingest_line_cb)(void *ctx, const px_doc *doc, json_t *obj,
                              const char *where, const char *reason);

/* DOC with every string copied into A, SOURCE set to WHERE: a callback's
 * document kept past the callback (its strings live in the line's JSON). */
px_doc ingest_doc_copy(px_arena *a, const px_doc *doc, const char *where);

/* Reads PATH (plain or gzip) line by line; negative on an unreadable file. */
int ingest_jsonl_each(const char *path, ingest_line_cb cb, void *ctx,
                      px_error *err);

#endif
