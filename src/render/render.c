/*
 * render.c — the story page as text for the terminal and as JSON for tools.
 *
 * Text follows the order of a Ground News story page: headline, one-line
 * summary, key points, "N Articles" with each article's outlet, time,
 * headline and snippet, then the coverage details.  JSON carries the same
 * facts with stable field names (docs/API.md); times are RFC 3339 UTC.
 */
#include "parallax.h"

#include <jansson.h>
#include <string.h>

#include "util/arena.h"

static const char *when(int64_t t, char *buf, size_t size)
{
	if (t == PX_TIME_UNKNOWN)
		return "unknown";
	px_format_time(t, buf, size);
	/* "2025-03-04T09:30:00Z" -> "2025-03-04 09:30 UTC" */
	if (strlen(buf) >= 16) {
		buf[10] = ' ';
		strcpy(buf + 16, " UTC");
	}
	return buf;
}

/* Prints S wrapped at WIDTH columns (counting bytes, close enough for
 * the mostly-Latin text of the demo), each line prefixed with INDENT. */
static void wrap(FILE *f, const char *s, const char *indent, const char *first,
                 int width)
{
	const char *p = s;
	fputs(first ? first : indent, f);
	int col = (int)strlen(first ? first : indent);
	int start = col;
	while (*p) {
		while (*p == ' ')
			p++;
		const char *e = p;
		while (*e && *e != ' ')
			e++;
		int wl = (int)(e - p);
		if (!wl)
			break;
		if (col > start && col + 1 + wl > width) {
			fputc('\n', f);
			fputs(indent, f);
			col = start = (int)strlen(indent);
		} else if (col > start) {
			fputc(' ', f);
			col++;
		}
		fwrite(p, 1, (size_t)wl, f);
		col += wl;
		p = e;
	}
	fputc('\n', f);
}

void px_render_story_text(FILE *f, const px_story *s, int explain)
{
	char t1[40], t2[40];
	fprintf(f, "Story %lld\n", (long long)s->id);
	wrap(f, s->headline, "", NULL, 78);
	if (s->summary && *s->summary)
		wrap(f, s->summary, "", NULL, 78);
	for (size_t i = 0; i < s->n_key_points; i++)
		wrap(f, s->key_points[i].text, "  ", "- ", 78);
	fprintf(f, "\n%zu Article%s\n", s->n_articles, s->n_articles == 1 ? "" : "s");
	for (size_t i = 0; i < s->n_articles; i++) {
		const px_story_article *a = &s->articles[i];
		fprintf(f, "\n[%lld] %s · %s\n", (long long)a->id, a->outlet,
		        when(a->published, t1, sizeof(t1)));
		wrap(f, a->title, "    ", "    ", 78);
		if (a->snippet && *a->snippet)
			wrap(f, a->snippet, "    ", "    ", 78);
		if (a->copy_of)
			fprintf(f, "    wire copy of [%lld]\n", (long long)a->copy_of);
		if (explain)
			fprintf(f, "    joined: %s\n", a->join_explain && *a->join_explain
			                                 ? a->join_explain : "{\"first\":true}");
	}
	const px_coverage *c = &s->coverage;
	fprintf(f, "\nCoverage Details\n");
	fprintf(f, "  Total News Sources    %d\n", c->sources);
	fprintf(f, "  Articles              %d\n", c->articles);
	fprintf(f, "  Independent Reports   %d (%d wire cop%s)\n", c->independent,
	        c->articles - c->independent,
	        c->articles - c->independent == 1 ? "y" : "ies");
	fprintf(f, "  First Reported By     %s, %s\n", c->first_outlet ? c->first_outlet : "?",
	        when(c->first_published, t1, sizeof(t1)));
	fprintf(f, "  Last Updated          %s\n", when(c->last_updated, t2, sizeof(t2)));
}

void px_render_stories_text(FILE *f, const px_story_list *l)
{
	char t[40];
	for (size_t i = 0; i < l->n; i++) {
		const px_story *s = l->stories[i];
		fprintf(f, "%3zu. [story %lld] ", i + 1, (long long)s->id);
		wrap(f, s->headline, "     ", "", 78);
		fprintf(f, "     %d sources · %d articles · %d independent · last updated %s\n",
		        s->coverage.sources, s->coverage.articles, s->coverage.independent,
		        when(s->coverage.last_updated, t, sizeof(t)));
	}
	if (!l->n)
		fprintf(f, "No stories yet: run `parallax ingest PATH` first.\n");
}

static json_t *time_json(int64_t t)
{
	char buf[40];
	return t == PX_TIME_UNKNOWN ? json_null() : json_string(px_format_time(t, buf, sizeof(buf)));
}

static json_t *str_json(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *story_json(const px_story *s, int explain)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(s->id));
	json_object_set_new(o, "headline", str_json(s->headline));
	json_object_set_new(o, "summary", str_json(s->summary));
	json_t *kps = json_array();
	for (size_t i = 0; i < s->n_key_points; i++) {
		json_t *kp = json_object(), *ids = json_array();
		json_object_set_new(kp, "text", json_string(s->key_points[i].text));
		for (size_t k = 0; k < s->key_points[i].n_article_ids; k++)
			json_array_append_new(ids, json_integer(s->key_points[i].article_ids[k]));
		json_object_set_new(kp, "article_ids", ids);
		json_array_append_new(kps, kp);
	}
	json_object_set_new(o, "key_points", kps);
	json_object_set_new(o, "first_seen", time_json(s->first_seen));
	json_object_set_new(o, "last_seen", time_json(s->last_seen));
	json_t *arts = json_array();
	for (size_t i = 0; i < s->n_articles; i++) {
		const px_story_article *a = &s->articles[i];
		json_t *x = json_object();
		json_object_set_new(x, "id", json_integer(a->id));
		json_object_set_new(x, "url", str_json(a->url));
		json_object_set_new(x, "outlet", str_json(a->outlet));
		json_object_set_new(x, "domain", str_json(a->domain));
		json_object_set_new(x, "title", str_json(a->title));
		json_object_set_new(x, "byline", str_json(a->byline));
		json_object_set_new(x, "lang", str_json(a->lang));
		json_object_set_new(x, "published", time_json(a->published));
		json_object_set_new(x, "snippet", str_json(a->snippet));
		json_object_set_new(x, "copy_of", a->copy_of ? json_integer(a->copy_of) : json_null());
		json_object_set_new(x, "join_score", json_real(a->join_score));
		if (explain) {
			json_t *e = a->join_explain ? json_loads(a->join_explain, 0, NULL) : NULL;
			json_object_set_new(x, "explain", e ? e : json_null());
		}
		json_array_append_new(arts, x);
	}
	json_object_set_new(o, "articles", arts);
	const px_coverage *c = &s->coverage;
	json_t *cov = json_object(), *first = json_object();
	json_object_set_new(cov, "sources", json_integer(c->sources));
	json_object_set_new(cov, "articles", json_integer(c->articles));
	json_object_set_new(cov, "independent_reports", json_integer(c->independent));
	json_object_set_new(cov, "wire_copies", json_integer(c->articles - c->independent));
	json_object_set_new(first, "outlet", str_json(c->first_outlet));
	json_object_set_new(first, "published", time_json(c->first_published));
	json_object_set_new(cov, "first_reported_by", first);
	json_object_set_new(cov, "last_updated", time_json(c->last_updated));
	json_object_set_new(o, "coverage", cov);
	return o;
}

static char *dump(json_t *o)
{
	char *s = json_dumps(o, JSON_INDENT(2));
	json_decref(o);
	return s ? s : px_xstrdup("null");
}

char *px_render_story_json(const px_story *s, int explain)
{
	return dump(story_json(s, explain));
}

char *px_render_stories_json(const px_story_list *l)
{
	json_t *a = json_array();
	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, story_json(l->stories[i], 0));
	return dump(a);
}
