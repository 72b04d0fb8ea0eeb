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

#include "outlets/outlets.h"
#include "render/bias.h"
#include "render/render.h"
#include "util/arena.h"

const char *render_minute(int64_t t, const char *suffix, const char *unknown, char *buf,
                          size_t size)
{
	if (t == PX_TIME_UNKNOWN)
		return unknown;
	px_format_time(t, buf, size);
	/* "2025-03-04T09:30:00Z" -> "2025-03-04 09:30" + suffix */
	if (strlen(buf) >= 16) {
		buf[10] = ' ';
		snprintf(buf + 16, size - 16, "%s", suffix);
	}
	return buf;
}

/* T as the terminal shows it: "2025-03-04 09:30 UTC", or "unknown". */
static const char *when(int64_t t, char *buf, size_t size)
{
	return render_minute(t, " UTC", "unknown", buf, size);
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

/* The level names of the common scales (outlets/outlets.h), by index. */
static const char *lean_level(int i)
{
	return outlet_level_name(OUTLET_LEAN, i - 3);
}

static const char *fact_level(int i)
{
	return outlet_level_name(OUTLET_FACTUALITY, i);
}

void px_render_story_text(FILE *f, const px_story *s, int explain)
{
	char t1[40], t2[40];
	fprintf(f, "Story %lld\n", (long long)s->id);
	wrap(f, s->headline, "", NULL, 78);
	if (s->summary && *s->summary)
		wrap(f, s->summary, "", NULL, 78);
	for (size_t i = 0; i < s->n_key_points; i++) {
		const px_key_point *kp = &s->key_points[i];
		wrap(f, kp->text, "  ", "- ", 78);
		fprintf(f, "    [");
		for (size_t k = 0; k < kp->n_article_ids; k++)
			fprintf(f, "%s%lld", k ? ", " : "", (long long)kp->article_ids[k]);
		fprintf(f, "] left %u · center %u · right %u\n", kp->left, kp->center, kp->right);
	}
	if (s->n_timeline) {
		fprintf(f, "\nTimeline\n");
		for (size_t i = 0; i < s->n_timeline; i++) {
			fprintf(f, "  %s [%lld]\n", when(s->timeline[i].published, t1, sizeof(t1)),
			        (long long)s->timeline[i].article_id);
			wrap(f, s->timeline[i].text, "    ", "    ", 78);
		}
	}
	fprintf(f, "\nQuotes\n");
	if (!s->n_quotes)
		fprintf(f, "  none: no article quotes a named speaker\n");
	{
		for (size_t i = 0; i < s->n_quotes && i < 8; i++) {
			const px_quote *q = &s->quotes[i];
			char *line = malloc(strlen(q->text) + strlen(q->speaker) + 64);
			sprintf(line, "\xE2\x80\x9C%s\xE2\x80\x9D \xE2\x80\x94 %s [", q->text, q->speaker);
			for (size_t k = 0; k < q->n_article_ids; k++)
				sprintf(line + strlen(line), "%s%lld", k ? ", " : "", (long long)q->article_ids[k]);
			strcat(line, "]");
			wrap(f, line, "    ", "  ", 78);
			free(line);
		}
	}
	fprintf(f, "\nReported by one side only\n");
	const px_lean_counts *lc = &s->coverage.lean_all;
	int sides = (lc->left > 0) + (lc->center > 0) + (lc->right > 0);
	if (!s->n_one_sided)
		fprintf(f, "  %s\n", sides > 1
		                   ? "nothing: every name and number is carried by more than one side"
		                   : "not comparable: fewer than two sides cover this story");
	{
		for (size_t i = 0; i < s->n_one_sided; i++) {
			const px_side_fact *x = &s->one_sided[i];
			fprintf(f, "  %s [%lld]:", x->side, (long long)x->article_ids[0]);
			for (size_t k = 0; k < x->n_items; k++)
				fprintf(f, "%s %s", k ? "," : "", x->items[k]);
			fputc('\n', f);
			wrap(f, x->text, "    ", "    ", 78);
		}
	}
	fprintf(f, "\n%zu Article%s\n", s->n_articles, s->n_articles == 1 ? "" : "s");
	for (size_t i = 0; i < s->n_articles; i++) {
		const px_story_article *a = &s->articles[i];
		fprintf(f, "\n[%lld] %s · %s · %s · factuality %s\n", (long long)a->id,
		        a->outlet, a->lean ? a->lean : "lean unrated",
		        when(a->published, t1, sizeof(t1)),
		        a->factuality ? a->factuality : "unrated");
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
	const px_lean_counts *li = &c->lean_independent;
	fprintf(f, "  Leaning Left          %d\n", li->left);
	fprintf(f, "  Center                %d\n", li->center);
	fprintf(f, "  Leaning Right         %d\n", li->right);
	fprintf(f, "  Unrated               %d\n", li->unrated);
	fprintf(f, "  First Reported By     %s, %s\n", c->first_outlet ? c->first_outlet : "?",
	        when(c->first_published, t1, sizeof(t1)));
	fprintf(f, "  Last Updated          %s\n", when(c->last_updated, t2, sizeof(t2)));

	render_bias b, ball;
	render_bias_of(li, &b);
	render_bias_of(&c->lean_all, &ball);
	fprintf(f, "\nBias Distribution (over %d independent report%s; counting wire "
	        "copies too: %d%% Left, %d%% Center, %d%% Right)\n", c->independent,
	        c->independent == 1 ? "" : "s", ball.pct[0], ball.pct[1], ball.pct[2]);
	char line[64];
	fprintf(f, "  %s\n", render_bias_line(&b, line, sizeof(line)) ? line : "No source is rated");
	fprintf(f, "  Left %d%% · Center %d%% · Right %d%%\n", b.pct[0], b.pct[1], b.pct[2]);
	fprintf(f, "  ");
	for (int i = 0; i < 7; i++)
		fprintf(f, "%s %d · ", lean_level(i), li->levels[i]);
	fprintf(f, "unrated %d\n", li->unrated);

	fprintf(f, "\nFactuality (all %d articles)\n  ", c->articles);
	for (int i = 5; i >= 0; i--)
		if (c->factuality[i])
			fprintf(f, "%s %d · ", fact_level(i), c->factuality[i]);
	fprintf(f, "unrated %d\n", c->factuality_unrated);
	fprintf(f, "\nOwnership (all %d articles)\n  ", c->articles);
	for (int i = 0; i < c->n_ownership; i++)
		fprintf(f, "%s%s %d", i ? " · " : "", c->ownership[i].type, c->ownership[i].articles);
	fprintf(f, "\n");
}

void px_render_stories_text(FILE *f, const px_story_list *l)
{
	char t[40];
	for (size_t i = 0; i < l->n; i++) {
		const px_story *s = l->stories[i];
		fprintf(f, "%3zu. [story %lld] ", i + 1, (long long)s->id);
		wrap(f, s->headline, "     ", "", 78);
		fprintf(f, "     %d source%s · %d article%s · %d independent · last updated %s\n",
		        s->coverage.sources, s->coverage.sources == 1 ? "" : "s",
		        s->coverage.articles, s->coverage.articles == 1 ? "" : "s",
		        s->coverage.independent, when(s->coverage.last_updated, t, sizeof(t)));
		const px_lean_counts *c = &s->coverage.lean_independent;
		fprintf(f, "     Left %d · Center %d · Right %d · unrated %d%s%s\n", c->left,
		        c->center, c->right, c->unrated,
		        s->blindspot ? " · blindspot for the " : "",
		        s->blindspot ? (!strcmp(s->blindspot, "left") ? "Left" : "Right") : "");
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

/* A lean distribution: counts by side and level, percentages of the rated,
 * and the Ground News sentence; BASIS says what was counted. */
static json_t *lean_json(const px_lean_counts *c, const char *basis)
{
	render_bias b;
	render_bias_of(c, &b);
	json_t *o = json_object(), *lv = json_object(), *pc = json_object();
	json_object_set_new(o, "basis", json_string(basis));
	json_object_set_new(o, "left", json_integer(c->left));
	json_object_set_new(o, "center", json_integer(c->center));
	json_object_set_new(o, "right", json_integer(c->right));
	json_object_set_new(o, "unrated", json_integer(c->unrated));
	for (int i = 0; i < 7; i++)
		json_object_set_new(lv, lean_level(i), json_integer(c->levels[i]));
	json_object_set_new(o, "levels", lv);
	json_object_set_new(pc, "left", json_integer(b.pct[0]));
	json_object_set_new(pc, "center", json_integer(b.pct[1]));
	json_object_set_new(pc, "right", json_integer(b.pct[2]));
	json_object_set_new(o, "percent_of_rated", b.rated ? pc : (json_decref(pc), json_null()));
	char line[64];
	json_object_set_new(o, "summary", render_bias_line(&b, line, sizeof(line))
	                                  ? json_string(line) : json_null());
	return o;
}

json_t *render_article_value(const px_story_article *a, int explain)
{
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
	json_object_set_new(x, "lean", str_json(a->lean));
	json_object_set_new(x, "factuality", str_json(a->factuality));
	json_object_set_new(x, "ownership", str_json(a->ownership));
	json_object_set_new(x, "join_score", json_real(a->join_score));
	if (explain) {
		json_t *e = a->join_explain ? json_loads(a->join_explain, 0, NULL) : NULL;
		json_object_set_new(x, "explain", e ? e : json_null());
	}
	return x;
}

json_t *render_story_value(const px_story *s, int explain)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(s->id));
	json_object_set_new(o, "headline", str_json(s->headline));
	json_object_set_new(o, "summary", str_json(s->summary));
	json_t *kps = json_array();
	for (size_t i = 0; i < s->n_key_points; i++) {
		json_t *kp = json_object(), *ids = json_array();
		json_object_set_new(kp, "text", json_string(s->key_points[i].text));
		if (s->key_points[i].sentence)
			json_object_set_new(kp, "sentence", json_string(s->key_points[i].sentence));
		for (size_t k = 0; k < s->key_points[i].n_article_ids; k++)
			json_array_append_new(ids, json_integer(s->key_points[i].article_ids[k]));
		json_object_set_new(kp, "sources", ids);
		json_t *sides = json_object();
		json_object_set_new(sides, "left", json_integer(s->key_points[i].left));
		json_object_set_new(sides, "center", json_integer(s->key_points[i].center));
		json_object_set_new(sides, "right", json_integer(s->key_points[i].right));
		json_object_set_new(kp, "sides", sides);
		json_array_append_new(kps, kp);
	}
	json_object_set_new(o, "key_points", kps);
	json_t *qs = json_array();
	for (size_t i = 0; i < s->n_quotes; i++) {
		json_t *q = json_object(), *ids = json_array();
		json_object_set_new(q, "speaker", str_json(s->quotes[i].speaker));
		json_object_set_new(q, "text", str_json(s->quotes[i].text));
		for (size_t k = 0; k < s->quotes[i].n_article_ids; k++)
			json_array_append_new(ids, json_integer(s->quotes[i].article_ids[k]));
		json_object_set_new(q, "sources", ids);
		json_array_append_new(qs, q);
	}
	json_object_set_new(o, "quotes", qs);
	json_t *one = json_object();
	static const char *const side_names[3] = { "left", "center", "right" };
	for (int side = 0; side < 3; side++)
		json_object_set_new(one, side_names[side], json_array());
	for (size_t i = 0; i < s->n_one_sided; i++) {
		const px_side_fact *x = &s->one_sided[i];
		json_t *fo = json_object(), *items = json_array(), *ids = json_array();
		json_object_set_new(fo, "text", str_json(x->text));
		for (size_t k = 0; k < x->n_items; k++)
			json_array_append_new(items, str_json(x->items[k]));
		json_object_set_new(fo, "items", items);
		for (size_t k = 0; k < x->n_article_ids; k++)
			json_array_append_new(ids, json_integer(x->article_ids[k]));
		json_object_set_new(fo, "sources", ids);
		json_array_append_new(json_object_get(one, x->side), fo);
	}
	json_object_set_new(o, "one_sided", one);
	json_t *tl = json_array();
	for (size_t i = 0; i < s->n_timeline; i++) {
		json_t *x = json_object();
		json_object_set_new(x, "published", time_json(s->timeline[i].published));
		json_object_set_new(x, "text", str_json(s->timeline[i].text));
		json_object_set_new(x, "source", json_integer(s->timeline[i].article_id));
		json_array_append_new(tl, x);
	}
	json_object_set_new(o, "timeline", tl);
	json_object_set_new(o, "first_seen", time_json(s->first_seen));
	json_object_set_new(o, "last_seen", time_json(s->last_seen));
	json_t *arts = json_array();
	for (size_t i = 0; i < s->n_articles; i++) {
		json_array_append_new(arts, render_article_value(&s->articles[i], explain));
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
	json_object_set_new(cov, "bias", lean_json(&c->lean_independent, "independent_reports"));
	json_object_set_new(cov, "bias_all_articles", lean_json(&c->lean_all, "articles"));
	json_t *fa = json_object(), *ow = json_object();
	for (int i = 0; i < 6; i++)
		json_object_set_new(fa, fact_level(i), json_integer(c->factuality[i]));
	json_object_set_new(fa, "unrated", json_integer(c->factuality_unrated));
	json_object_set_new(cov, "factuality", fa);
	for (int i = 0; i < c->n_ownership; i++)
		json_object_set_new(ow, c->ownership[i].type, json_integer(c->ownership[i].articles));
	json_object_set_new(cov, "ownership", ow);
	json_object_set_new(o, "coverage", cov);
	json_object_set_new(o, "blindspot", str_json(s->blindspot));
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
	return dump(render_story_value(s, explain));
}

json_t *render_stories_value(const px_story_list *l)
{
	json_t *a = json_array();
	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, render_story_value(l->stories[i], 0));
	return a;
}

char *px_render_stories_json(const px_story_list *l)
{
	return dump(render_stories_value(l));
}

/* ------------------------------------------------------------- outlets */

static json_t *combined_json(const px_rating_combined *c)
{
	json_t *o = json_object();
	json_object_set_new(o, "level", str_json(c->level));
	json_object_set_new(o, "value", c->level ? json_real(c->value) : json_null());
	json_object_set_new(o, "raters", json_integer(c->raters));
	json_object_set_new(o, "method", json_string(!c->raters ? "unrated" :
	                                             c->overridden ? "user override" :
	                                             "mean of raters"));
	return o;
}

json_t *render_outlet_value(const px_outlet *x)
{
	json_t *o = json_object(), *d = json_array(), *r = json_array();
	json_object_set_new(o, "id", json_integer(x->id));
	json_object_set_new(o, "slug", str_json(x->slug));
	json_object_set_new(o, "name", str_json(x->name));
	for (size_t i = 0; i < x->n_domains; i++)
		json_array_append_new(d, json_string(x->domains[i]));
	json_object_set_new(o, "domains", d);
	json_t *feeds = json_array();
	for (size_t i = 0; i < x->n_feeds; i++)
		json_array_append_new(feeds, json_string(x->feeds[i]));
	json_object_set_new(o, "feeds", feeds);
	json_object_set_new(o, "country", str_json(x->country));
	json_object_set_new(o, "language", str_json(x->language));
	json_object_set_new(o, "ownership", str_json(x->ownership));
	json_object_set_new(o, "owner", str_json(x->owner));
	json_object_set_new(o, "lean", combined_json(&x->lean));
	json_object_set_new(o, "factuality", combined_json(&x->factuality));
	for (size_t i = 0; i < x->n_ratings; i++) {
		const px_rating *g = &x->ratings[i];
		json_t *e = json_object();
		json_object_set_new(e, "dimension", json_string(g->dimension));
		json_object_set_new(e, "rater", str_json(g->rater));
		json_object_set_new(e, "level", str_json(g->level));
		json_object_set_new(e, "value", json_real(g->value));
		json_object_set_new(e, "label", str_json(g->label));
		json_object_set_new(e, "date", str_json(g->date));
		json_object_set_new(e, "source", str_json(g->source));
		json_array_append_new(r, e);
	}
	json_object_set_new(o, "ratings", r);
	json_object_set_new(o, "articles", json_integer(x->articles));
	return o;
}

json_t *render_outlets_value(const px_outlet_list *l)
{
	json_t *a = json_array();
	for (size_t i = 0; i < l->n; i++)
		json_array_append_new(a, render_outlet_value(&l->outlets[i]));
	return a;
}

char *px_render_outlets_json(const px_outlet_list *l)
{
	return dump(render_outlets_value(l));
}

static const char *level_or(const px_rating_combined *c, const char *none)
{
	return c->level ? c->level : none;
}

void px_render_outlets_text(FILE *f, const px_outlet_list *l, int details)
{
	for (size_t i = 0; i < l->n; i++) {
		const px_outlet *x = &l->outlets[i];
		if (!details) {
			fprintf(f, "%-36s %-11s %-15s %-2s %s\n", x->name,
			        level_or(&x->lean, "unrated"), level_or(&x->factuality, "unrated"),
			        x->country ? x->country : "", x->n_domains ? x->domains[0] : "");
			continue;
		}
		fprintf(f, "%s%s%s%s\n", x->name, x->slug ? " (" : "", x->slug ? x->slug : "",
		        x->slug ? ")" : "");
		fprintf(f, "  Domains:    ");
		for (size_t k = 0; k < x->n_domains; k++)
			fprintf(f, "%s%s", k ? " " : "", x->domains[k]);
		fprintf(f, "%s\n", x->n_domains ? "" : "(none)");
		for (size_t k = 0; k < x->n_feeds; k++)
			fprintf(f, "  %-11s %s\n", k ? "" : "Feeds:", x->feeds[k]);
		fprintf(f, "  Country:    %s   Language: %s\n", x->country ? x->country : "-",
		        x->language ? x->language : "-");
		fprintf(f, "  Ownership:  %s%s%s\n", x->ownership ? x->ownership : "-",
		        x->owner ? ", " : "", x->owner ? x->owner : "");
		const px_rating_combined *cs[2] = { &x->lean, &x->factuality };
		const char *names[2] = { "lean", "factuality" };
		for (int d = 0; d < 2; d++) {
			const px_rating_combined *c = cs[d];
			if (!c->raters)
				fprintf(f, "  %-11s unrated\n", d ? "Factuality:" : "Lean:");
			else
				fprintf(f, "  %-11s %s (%.2f; %s of %d rating%s)\n",
				        d ? "Factuality:" : "Lean:", c->level, c->value,
				        c->overridden ? "your override, out" : "mean", c->raters,
				        c->raters == 1 ? "" : "s");
			for (size_t k = 0; k < x->n_ratings; k++) {
				const px_rating *g = &x->ratings[k];
				if (strcmp(g->dimension, names[d]))
					continue;
				fprintf(f, "    %-17s %-15s (%s, %.2f)  rated %s%s%s\n", g->rater,
				        g->level ? g->level : "-", g->label ? g->label : "",
				        g->value, g->date ? g->date : "date unknown",
				        g->source ? "  from " : "", g->source ? g->source : "");
			}
		}
		fprintf(f, "  Articles:   %lld\n\n", (long long)x->articles);
	}
}

char *px_render_page_json(const px_page *p)
{
	json_t *o = json_object();
	json_object_set_new(o, "title", str_json(p->title));
	json_object_set_new(o, "byline", str_json(p->byline));
	json_object_set_new(o, "published", time_json(p->published));
	json_object_set_new(o, "modified", time_json(p->modified));
	json_object_set_new(o, "site_name", str_json(p->site_name));
	json_object_set_new(o, "lang", str_json(p->lang));
	json_object_set_new(o, "excerpt", str_json(p->excerpt));
	json_object_set_new(o, "image", str_json(p->image));
	json_object_set_new(o, "canonical_url", str_json(p->canonical_url));
	json_object_set_new(o, "section", str_json(p->section));
	json_t *tags = json_array();
	for (size_t i = 0; i < p->n_tags; i++)
		json_array_append_new(tags, json_string(p->tags[i]));
	json_object_set_new(o, "tags", tags);
	json_object_set_new(o, "charset", str_json(p->charset));
	json_object_set_new(o, "text", str_json(p->text));
	return dump(o);
}
