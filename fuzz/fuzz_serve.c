/* fuzz_serve.c — libFuzzer target: any bytes as a request to the web
 * server's routes (serve/routes.c), against a small store built once.
 * The input's first line is the path; each further line is an argument
 * "name=value" (values are any bytes, as libmicrohttpd hands them over
 * after percent-decoding).  Every route reads its arguments itself — page
 * numbers, codes, topics, sides, search queries rebuilt for FTS5 — and
 * reflects some of them into HTML, JSON and XML.  Whatever comes in, a page
 * must come out: a status from the set the server sends, a content type,
 * and a body that is valid UTF-8 with no unescaped '<' from the input in
 * the HTML (no '<script' can appear), JSON that parses, XML with no raw
 * control characters. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "parallax.h"
#include "serve/serve.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

enum { MAX_ARGS = 8 };

static px_db *db;

typedef struct args {
	char *name[MAX_ARGS], *value[MAX_ARGS];
	size_t n;
} args;

static const char *arg_of(void *conn, const char *name)
{
	args *a = conn;
	for (size_t i = 0; i < a->n; i++)
		if (!strcmp(a->name[i], name))
			return a->value[i];
	return NULL;
}

/* A store with a few articles of two stories, two outlets rated. */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	char dir[] = "/tmp/px-fuzz-serve-XXXXXX", path[64];
	if (!mkdtemp(dir))
		abort();
	snprintf(path, sizeof(path), "%s/f.db", dir);
	px_error err = { 0 };
	if (!(db = px_open(path, &err)))
		abort();
	px_pipeline *p = px_pipeline_new(db, &err);
	static const char *const texts[][3] = {
		{ "https://a.example/1", "Bridge <b>collapses</b> & \"kills\" three",
		  "A bridge collapsed on Monday, killing three people, officials said. "
		  "\"This is a rescue operation,\" the fire chief said." },
		{ "https://b.example/2", "Three dead as bridge falls into river",
		  "A bridge collapsed on Monday, killing three people, officials said. "
		  "Divers searched the river for two missing people." },
		{ "https://c.example/3", "Voters elect a new mayor",
		  "Voters elected a new mayor on Tuesday; the party won the council." },
	};
	for (size_t i = 0; i < 3; i++) {
		px_doc d = { texts[i][0], NULL, NULL, texts[i][1], NULL, NULL, texts[i][2], NULL,
		             1741082400 + (int64_t)i * 600, "fuzz" };
		px_add_result r;
		if (px_pipeline_add(p, &d, &r, &err) < 0)
			abort();
	}
	if (px_pipeline_free(p, &err) < 0 ||
	    px_outlet_rate(db, "a.example", "lean", "left", &err) < 0 ||
	    px_outlet_rate(db, "b.example", "lean", "right", &err) < 0)
		abort();
	return 0;
}

static void check_page(const srv_page *p)
{
	static const int statuses[] = { 200, 301, 400, 404, 500 };
	int ok = 0;
	for (size_t i = 0; i < sizeof(statuses) / sizeof(*statuses); i++)
		ok |= p->status == statuses[i];
	if (!ok || !p->type || (!p->body && p->status != 301))
		abort();
	if (!p->body)
		return;
	if (!px_utf8_valid(p->body, p->len))
		abort();
	if (strstr(p->type, "html")) {
		/* the input had "<script" only if the renderers left it raw */
		if (strstr(p->body, "<script") || strstr(p->body, "<SCRIPT"))
			abort();
	} else if (strstr(p->type, "json")) {
		json_t *j = json_loadb(p->body, p->len, 0, NULL);
		if (!j)
			abort();
		json_decref(j);
	} else {
		for (size_t i = 0; i < p->len; i++) {
			unsigned char c = (unsigned char)p->body[i];
			if (c < 0x20 && c != '\n' && c != '\t' && c != '\r')
				abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 4096)
		return 0;
	char *buf = malloc(size + 1);
	memcpy(buf, data, size);
	buf[size] = '\0';
	args a = { .n = 0 };
	char *line = buf, *path = NULL;
	while (line) {
		char *nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		if (!path) {
			path = line;
		} else if (a.n < MAX_ARGS) {
			char *eq = strchr(line, '=');
			if (eq) {
				*eq = '\0';
				a.name[a.n] = line;
				a.value[a.n++] = eq + 1;
			}
		}
		line = nl ? nl + 1 : NULL;
	}
	const char *rest;
	const srv_route *r = srv_route_find(path, &rest);
	if (r) {
		srv_request req = { db, rest, arg_of, &a, "http://127.0.0.1:8080" };
		srv_page p;
		srv_route_build(r, &req, &p);
		check_page(&p);
		srv_page_free(&p);
	}
	free(buf);
	return 0;
}
