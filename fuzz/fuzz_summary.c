/* fuzz_summary.c — libFuzzer target: any bytes as the articles of one
 * story, summarised (px_summarize, no store).  The input is cut into up to
 * six articles at form feeds ('\f'); an article's first line is its title,
 * the rest its text, and its lean is picked by its length.  The summariser
 * reads outside text with its own small parsers (quotes and speakers,
 * names and numbers, datelines, scare quotes): every string it returns must
 * be valid UTF-8, every source an article of the story, and the story's
 * JSON must print and parse back. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parallax.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAX_DOCS = 6 };

static void check(const char *s)
{
	if (s && !px_utf8_valid(s, strlen(s)))
		abort();
}

static void check_ids(const int64_t *ids, size_t n, size_t docs)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] < 1 || (size_t)ids[i] > docs)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1 << 16)
		return 0;
	char *buf = malloc(size + 1);
	memcpy(buf, data, size);
	buf[size] = 0;
	static const char *const leans[] = { "left", "center", "right", "far-right", NULL };
	px_doc docs[MAX_DOCS];
	const char *lean[MAX_DOCS];
	size_t n = 0;
	char *p = buf;
	while (p && n < MAX_DOCS) {
		char *next = strchr(p, '\f');
		if (next)
			*next++ = 0;
		char *nl = strchr(p, '\n');
		const char *title = "", *text = p;
		if (nl) {
			*nl = 0;
			title = p;
			text = nl + 1;
		}
		docs[n] = (px_doc){ .url = "https://fuzz.example/a", .outlet = title, .title = title,
		                    .text = text, .published = (int64_t)(strlen(text) % 5) * 40000 };
		lean[n] = leans[strlen(title) % 5];
		n++;
		p = next;
	}
	px_story *s = NULL;
	px_error err = { 0 };
	if (px_summarize(NULL, docs, lean, n, &s, &err) == 0) {
		check(s->headline);
		check(s->summary);
		for (size_t i = 0; i < s->n_key_points; i++) {
			check(s->key_points[i].text);
			check_ids(s->key_points[i].article_ids, s->key_points[i].n_article_ids, n);
		}
		for (size_t i = 0; i < s->n_quotes; i++) {
			check(s->quotes[i].speaker);
			check(s->quotes[i].text);
			check_ids(s->quotes[i].article_ids, s->quotes[i].n_article_ids, n);
		}
		for (size_t i = 0; i < s->n_one_sided; i++) {
			check(s->one_sided[i].text);
			for (size_t k = 0; k < s->one_sided[i].n_items; k++)
				check(s->one_sided[i].items[k]);
			check_ids(s->one_sided[i].article_ids, s->one_sided[i].n_article_ids, n);
		}
		for (size_t i = 0; i < s->n_timeline; i++) {
			check(s->timeline[i].text);
			check_ids(&s->timeline[i].article_id, 1, n);
		}
		char *json = px_render_story_json(s, 0);
		json_t *back = json ? json_loads(json, 0, NULL) : NULL;
		if (!back)
			abort();
		json_decref(back);
		free(json);
		px_story_free(s);
	}
	free(buf);
	return 0;
}
