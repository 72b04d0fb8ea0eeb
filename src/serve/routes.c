/*
 * routes.c — what each URL is: the route table, and a handler per route
 * that reads its arguments, asks the public API and renders the page.
 *
 * The same data is served three ways, and each way has its own routes
 * rather than a format switch, so that a URL names one representation
 * (caches and validators need that):
 *
 *   /story/42               the page (render/html.c)
 *   /api/v1/stories/42      JSON (render.c's story object)
 *   /feeds/top.atom         a feed (render/syndicate.c)
 *
 * A handler checks every argument and answers 400 with what was wrong;
 * unknown arguments are ignored (and are not part of the cache key, see
 * srv_route_params), so ?utm_source=... neither fails nor splits the
 * cache.
 */
#include "serve/serve.h"

#include <errno.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "render/html.h"
#include "render/render.h"
#include "render/syndicate.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/utf8.h"

enum {
	PER_PAGE = 20,          /* stories or hits on a page */
	MAX_PER_PAGE = 100,
	MAX_PAGE = 100000,
};

typedef void (*handler)(srv_request *r, srv_page *p, int fmt);

/* How a route answers: a page, JSON, or a feed in the format the path
 * names (FMT_FEED: .rss or .atom at the end of the path). */
enum { FMT_HTML, FMT_JSON, FMT_FEED };

struct srv_route {
	const char *path;        /* exact, or a prefix when it ends with '/' */
	handler fn;
	int fmt;
	const char *params;      /* the query arguments it reads */
};

static const char TYPE_HTML[] = "text/html; charset=utf-8";
static const char TYPE_JSON[] = "application/json; charset=utf-8";
static const char TYPE_RSS[] = "application/rss+xml; charset=utf-8";
static const char TYPE_ATOM[] = "application/atom+xml; charset=utf-8";

/* ------------------------------------------------------------ pages */

void srv_page_free(srv_page *p)
{
	free(p->body);
	free(p->location);
	memset(p, 0, sizeof(*p));
}

static void page_set(srv_page *p, int status, const char *type, char *body)
{
	p->status = status;
	p->type = type;
	p->body = body;
	p->len = body ? strlen(body) : 0;
}

void srv_page_error(srv_page *p, int api, int status, const char *fmt, ...)
{
	char raw[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	/* Messages quote the request, whose bytes may be anything (and the
	 * cut at 512 may split a character): valid UTF-8 before JSON or HTML. */
	size_t n;
	char *msg = px_utf8_fix(raw, strlen(raw), &n);
	free(p->body);
	p->dep = SRV_DEP_NONE;
	if (api) {
		json_t *o = json_pack("{s:{s:i,s:s}}", "error", "status", status, "message", msg);
		page_set(p, status, TYPE_JSON, json_dumps(o, JSON_INDENT(2)));
		json_decref(o);
	} else {
		page_set(p, status, TYPE_HTML, html_error(status, msg));
	}
	free(msg);
}

/* A store failure as a 500 (the message names the store and what failed;
 * the details go to the server's log, not to the reader). */
static void page_failed(srv_page *p, int api, const px_error *err)
{
	fprintf(stderr, "parallax serve: %s\n", err->msg);
	if (err->code == PX_ENOTFOUND)
		srv_page_error(p, api, 404, "%s", err->msg);
	else if (err->code == PX_EINVAL)
		srv_page_error(p, api, 400, "%s", err->msg);
	else
		srv_page_error(p, api, 500, "the store could not be read");
}

/* ------------------------------------------------------------ arguments */

static const char *arg(srv_request *r, const char *name)
{
	const char *v = r->arg(r->conn, name);
	return v && *v ? v : NULL;
}

/* A positive integer argument NAME (DEF when absent) up to MAX; -1 and a
 * 400 page when it is not one. */
static long number_arg(srv_request *r, srv_page *p, int api, const char *name,
                       long def, long max)
{
	const char *v = arg(r, name);
	if (!v)
		return def;
	char *end;
	errno = 0;
	long n = strtol(v, &end, 10);
	if (*end || errno || n < 1 || n > max) {
		srv_page_error(p, api, 400, "%s must be a number from 1 to %ld, not '%.40s'",
		               name, max, v);
		return -1;
	}
	return n;
}

/* The id in R's rest of the path ("42"); 0 and a 404 page if there is none. */
static int64_t id_arg(srv_request *r, srv_page *p, int api, const char *what)
{
	char *end;
	errno = 0;
	long long id = strtoll(r->rest, &end, 10);
	if (!*r->rest || *end || errno || id <= 0) {
		srv_page_error(p, api, 404, "no %s '%.40s'", what, r->rest);
		return 0;
	}
	return id;
}

/* A code of two or three ASCII letters (a country, a language), or NULL
 * and a 400 page. */
static const char *code_arg(srv_request *r, srv_page *p, int api, const char *name,
                            int *bad)
{
	const char *v = arg(r, name);
	*bad = 0;
	if (!v)
		return NULL;
	size_t n = strlen(v);
	int ok = n >= 2 && n <= 3;
	for (size_t i = 0; ok && i < n; i++)
		ok = (v[i] >= 'a' && v[i] <= 'z') || (v[i] >= 'A' && v[i] <= 'Z');
	if (!ok) {
		srv_page_error(p, api, 400, "%s must be a code of two or three letters, not '%.40s'",
		               name, v);
		*bad = 1;
	}
	return v;
}

/* The stories query the home page's arguments ask for; 0, or -1 with a
 * 400 page. */
typedef struct home_args {
	px_story_query q;
	const char *window;
	long page, per_page;
} home_args;

static int home_args_read(srv_request *r, srv_page *p, int api, home_args *h)
{
	memset(h, 0, sizeof(*h));
	int bad;
	h->q.topic = arg(r, "topic");
	if (h->q.topic) {
		const char *const *t = px_topics();
		while (*t && strcmp(*t, h->q.topic))
			t++;
		if (!*t) {
			srv_page_error(p, api, 400, "no topic '%.40s'", h->q.topic);
			return -1;
		}
	}
	h->q.country = code_arg(r, p, api, "country", &bad);
	if (bad)
		return -1;
	h->q.lang = code_arg(r, p, api, "lang", &bad);
	if (bad)
		return -1;
	static const struct { const char *name; int64_t seconds; } windows[] = {
		{ "24h", 86400 }, { "7d", 7 * 86400 }, { "30d", 30 * 86400 }, { "all", 0 },
	};
	h->window = arg(r, "window");
	if (h->window) {
		size_t i = 0, n = sizeof(windows) / sizeof(windows[0]);
		while (i < n && strcmp(windows[i].name, h->window))
			i++;
		if (i == n) {
			srv_page_error(p, api, 400, "window must be 24h, 7d, 30d or all, not '%.40s'",
			               h->window);
			return -1;
		}
		h->q.window = windows[i].seconds;
	}
	if ((h->page = number_arg(r, p, api, "page", 1, MAX_PAGE)) < 0 ||
	    (h->per_page = number_arg(r, p, api, "per_page", PER_PAGE, MAX_PER_PAGE)) < 0)
		return -1;
	h->q.offset = (size_t)(h->page - 1) * (size_t)h->per_page;
	h->q.limit = (size_t)h->per_page;
	h->q.mark_blindspots = 1;
	return 0;
}

/* ------------------------------------------------------------ JSON */

static void page_json(srv_page *p, json_t *o)
{
	page_set(p, 200, TYPE_JSON, json_dumps(o, JSON_INDENT(2)));
	json_decref(o);
}

/* The API's link to page PAGE of PATH with R's arguments NAMES (a
 * comma-separated list; "page" is replaced), or null. */
static json_t *page_link(srv_request *r, const char *path, const char *names, long page)
{
	px_buf b = PX_BUF_INIT;
	px_buf_puts(&b, path);
	char sep = '?', name[32];
	for (const char *n = names; (n = srv_param_next(n, name, sizeof(name)));) {
		const char *v = strcmp(name, "page") ? arg(r, name) : NULL;
		if (v) {
			px_buf_printf(&b, "%c%s=", sep, name);
			html_query_value(&b, v);
			sep = '&';
		}
	}
	if (page > 1)
		px_buf_printf(&b, "%cpage=%ld", sep, page);
	json_t *s = json_string(px_buf_str(&b));
	px_buf_free(&b);
	return s;
}

/* The paging fields of a list: total, page, per_page, next, prev. */
static void json_paging(json_t *o, srv_request *r, const char *path, const char *names,
                        size_t total, long page, long per_page)
{
	long pages = (long)((total + (size_t)per_page - 1) / (size_t)per_page);
	json_object_set_new(o, "total", json_integer((json_int_t)total));
	json_object_set_new(o, "page", json_integer(page));
	json_object_set_new(o, "per_page", json_integer(per_page));
	json_object_set_new(o, "next", page < pages ? page_link(r, path, names, page + 1)
	                                            : json_null());
	json_object_set_new(o, "prev", page > 1 ? page_link(r, path, names, page - 1)
	                                        : json_null());
}

/* ------------------------------------------------------------ handlers */

#define HOME_PARAMS "topic,country,lang,window,page,per_page"

/* A feed's metadata for R: its self path and title. */
static syn_meta feed_meta(srv_request *r, const char *self, const char *page,
                          const char *title, const char *description)
{
	return (syn_meta){ r->base_url, self, page, title, description };
}

/* The feed format the path ends with (REST is ".rss" or ".atom", or with
 * NAMED a name before it); -1 and a 404 when neither. */
static int feed_format(const char *rest, int named, srv_page *p)
{
	size_t n = strlen(rest);
	if (n >= 4 && !strcmp(rest + n - 4, ".rss") && (named ? n > 4 : n == 4))
		return SYN_RSS;
	if (n >= 5 && !strcmp(rest + n - 5, ".atom") && (named ? n > 5 : n == 5))
		return SYN_ATOM;
	srv_page_error(p, 0, 404, "no feed here: feeds end in .rss or .atom");
	return -1;
}

static void page_feed(srv_page *p, int format, char *xml)
{
	page_set(p, 200, format == SYN_RSS ? TYPE_RSS : TYPE_ATOM, xml);
}

/* L as the feed /feeds/NAME.rss or .atom (format F), mirroring the page
 * at PAGE. */
static void stories_feed(srv_request *r, srv_page *p, const px_story_list *l, int f,
                         const char *name, const char *page, const char *title,
                         const char *description)
{
	char self[96];
	snprintf(self, sizeof(self), "/feeds/%s.%s", name, f == SYN_RSS ? "rss" : "atom");
	syn_meta m = feed_meta(r, self, page, title, description);
	page_feed(p, f, syn_stories(f, &m, l));
}

/* The home page, the stories API and the top-stories feeds. */
static void home(srv_request *r, srv_page *p, int fmt)
{
	int api = fmt == FMT_JSON;
	home_args h;
	if (home_args_read(r, p, api, &h) < 0)
		return;
	px_story_list l;
	px_error err = { 0 };
	if (px_stories_query(r->db, &h.q, &l, &err) < 0)
		return page_failed(p, api, &err);
	if (fmt == FMT_JSON) {
		json_t *o = json_object();
		json_object_set_new(o, "stories", render_stories_value(&l));
		json_paging(o, r, "/api/v1/stories", HOME_PARAMS, l.total, h.page, h.per_page);
		page_json(p, o);
	} else if (fmt == FMT_FEED) {
		int f = feed_format(r->rest, 0, p);
		if (f >= 0)
			stories_feed(r, p, &l, f, "top", "/", "Parallax: top stories",
			             "The top stories, every side's coverage side by side");
	} else {
		px_facets fc;
		if (px_facets_get(r->db, &fc, &err) < 0) {
			px_story_list_free(&l);
			return page_failed(p, api, &err);
		}
		html_filters f = { h.q.topic, h.q.country, h.q.lang, h.window,
		                   (size_t)h.page, (size_t)h.per_page, fc.countries, fc.langs };
		page_set(p, 200, TYPE_HTML, html_home(&l, &f));
		px_facets_free(&fc);
	}
	px_story_list_free(&l);
}

/* One story: the page (with the side filter) and the API. */
static void story(srv_request *r, srv_page *p, int fmt)
{
	int api = fmt == FMT_JSON;
	int64_t id = id_arg(r, p, api, "story");
	if (!id)
		return;
	const char *side = arg(r, "side");
	if (side && strcmp(side, "left") && strcmp(side, "center") && strcmp(side, "right")) {
		srv_page_error(p, api, 400, "side must be left, center or right, not '%.40s'", side);
		return;
	}
	px_error err = { 0 };
	int64_t live;
	uint64_t stamp;
	if (px_story_stamp(r->db, id, &live, &stamp, &err) < 0)
		return page_failed(p, api, &err);
	if (!live) {
		srv_page_error(p, api, 404, "no story %lld", (long long)id);
		return;
	}
	if (live != id) {
		/* merged into another: its stable address is the survivor's */
		px_buf b = PX_BUF_INIT;
		px_buf_printf(&b, "%s%lld", api ? "/api/v1/stories/" : "/story/", (long long)live);
		if (side)
			px_buf_printf(&b, "?side=%s", side);
		p->location = px_buf_steal(&b);
		p->dep = SRV_DEP_STORE;
		page_set(p, 301, api ? TYPE_JSON : TYPE_HTML, NULL);
		return;
	}
	px_story *s;
	if (px_story_get(r->db, id, &s, &err) < 0)
		return page_failed(p, api, &err);
	page_set(p, 200, api ? TYPE_JSON : TYPE_HTML,
	         api ? px_render_story_json(s, 0) : html_story(s, side));
	p->dep = SRV_DEP_STORY;
	p->story_id = live;
	p->stamp = stamp;
	px_story_free(s);
}

/* Blindspots: the page (both sides), the API and the feeds. */
static void blindspots(srv_request *r, srv_page *p, int fmt)
{
	int api = fmt == FMT_JSON;
	const char *side = api ? arg(r, "side") : NULL;
	if (side && strcmp(side, "left") && strcmp(side, "right")) {
		srv_page_error(p, api, 400, "side must be left or right, not '%.40s'", side);
		return;
	}
	px_blindspot_opts o = { .side = side };
	px_story_list l;
	px_lean_counts base;
	px_error err = { 0 };
	if (px_blindspots(r->db, &o, &l, &base, &err) < 0)
		return page_failed(p, api, &err);
	if (fmt == FMT_JSON) {
		json_t *o2 = json_object(), *b = json_object();
		json_object_set_new(o2, "stories", render_stories_value(&l));
		json_object_set_new(b, "left", json_integer(base.left));
		json_object_set_new(b, "center", json_integer(base.center));
		json_object_set_new(b, "right", json_integer(base.right));
		json_object_set_new(b, "unrated", json_integer(base.unrated));
		json_object_set_new(o2, "baseline", b);
		page_json(p, o2);
	} else if (fmt == FMT_FEED) {
		int f = feed_format(r->rest, 0, p);
		if (f >= 0)
			stories_feed(r, p, &l, f, "blindspots", "/blindspots", "Parallax: blindspots",
			             "Stories one side of the spectrum barely covers");
	} else {
		/* two columns: split the list by the side that misses the story */
		px_story_list left = { px_xcalloc(l.n + 1, sizeof(px_story *)), 0, 0 };
		px_story_list right = { px_xcalloc(l.n + 1, sizeof(px_story *)), 0, 0 };
		for (size_t i = 0; i < l.n; i++) {
			px_story_list *to = !strcmp(l.stories[i]->blindspot, "left") ? &left : &right;
			to->stories[to->n++] = l.stories[i];
		}
		left.total = left.n;
		right.total = right.n;
		page_set(p, 200, TYPE_HTML, html_blindspots(&left, &right, &base));
		free(left.stories);
		free(right.stories);
	}
	px_story_list_free(&l);
}

/* The outlet registry: the page and the API. */
static void outlets(srv_request *r, srv_page *p, int fmt)
{
	int api = fmt == FMT_JSON;
	px_outlet_list l;
	px_error err = { 0 };
	if (px_outlets_list(r->db, NULL, &l, &err) < 0)
		return page_failed(p, api, &err);
	if (api) {
		json_t *o = json_object();
		json_object_set_new(o, "outlets", render_outlets_value(&l));
		page_json(p, o);
	} else {
		page_set(p, 200, TYPE_HTML, html_outlets(&l));
	}
	px_outlet_list_free(&l);
}

/* The API's form of an article of activity or search: a story's article
 * (render.c), with its story and topic. */
static json_t *article_json(const px_story_article *a)
{
	json_t *x = render_article_value(a, 0);
	json_object_set_new(x, "story_id", a->story_id ? json_integer(a->story_id) : json_null());
	json_object_set_new(x, "topic", a->topic ? json_string(a->topic) : json_null());
	return x;
}

/* One outlet: its ratings with provenance, recent articles, stories by side. */
static void outlet(srv_request *r, srv_page *p, int fmt)
{
	int api = fmt == FMT_JSON;
	int64_t id = id_arg(r, p, api, "outlet");
	if (!id)
		return;
	char what[32];
	snprintf(what, sizeof(what), "#%lld", (long long)id);
	px_outlet_list l;
	px_error err = { 0 };
	if (px_outlets_list(r->db, what, &l, &err) < 0)
		return page_failed(p, api, &err);
	px_outlet_activity act;
	if (px_outlet_activity_get(r->db, id, PER_PAGE, &act, &err) < 0) {
		px_outlet_list_free(&l);
		return page_failed(p, api, &err);
	}
	if (api) {
		json_t *o = render_outlet_value(&l.outlets[0]);
		json_t *recent = json_array(), *sides = json_object();
		for (size_t i = 0; i < act.n_recent; i++)
			json_array_append_new(recent, article_json(&act.recent[i]));
		json_object_set_new(sides, "stories", json_integer(act.stories));
		json_object_set_new(sides, "left", json_integer(act.by_side[0]));
		json_object_set_new(sides, "center", json_integer(act.by_side[1]));
		json_object_set_new(sides, "right", json_integer(act.by_side[2]));
		json_object_set_new(sides, "none", json_integer(act.no_side));
		json_object_set_new(o, "recent", recent);
		json_object_set_new(o, "stories_by_side", sides);
		page_json(p, o);
	} else {
		page_set(p, 200, TYPE_HTML, html_outlet(&l.outlets[0], &act));
	}
	px_outlet_activity_free(&act);
	px_outlet_list_free(&l);
}

/* Highlights of a marked snippet in the API: the snippet without marks
 * and [start, end) pairs in Unicode code points. */
static json_t *highlights(const char *marked)
{
	json_t *a = json_array();
	size_t cp = 0, start = 0;
	for (const unsigned char *s = (const unsigned char *)marked; s && *s; s++) {
		if (*s == (unsigned char)PX_MARK_ON[0])
			start = cp;
		else if (*s == (unsigned char)PX_MARK_OFF[0])
			json_array_append_new(a, json_pack("[I,I]", (json_int_t)start, (json_int_t)cp));
		else if ((*s & 0xC0) != 0x80)
			cp++;
	}
	return a;
}

#define SEARCH_PARAMS "q,page,per_page"

static void search_page(srv_request *r, srv_page *p, int fmt, const char *q);

/* Search: the page, the API and the feeds; the query is shown back, so
 * its bytes are made valid UTF-8 first. */
static void search(srv_request *r, srv_page *p, int fmt)
{
	const char *raw = arg(r, "q");
	size_t qn;
	char *q = raw ? px_utf8_fix(raw, strlen(raw), &qn) : NULL;
	search_page(r, p, fmt, q);
	free(q);
}

/* Search for Q (valid UTF-8, or NULL: no query) as FMT. */
static void search_page(srv_request *r, srv_page *p, int fmt, const char *q)
{
	int api = fmt == FMT_JSON;
	long page = number_arg(r, p, api, "page", 1, MAX_PAGE);
	long per_page = page < 0 ? -1 : number_arg(r, p, api, "per_page", PER_PAGE, MAX_PER_PAGE);
	if (page < 0 || per_page < 0)
		return;
	if (q && strlen(q) > 500) {
		srv_page_error(p, api, 400, "the query is longer than 500 bytes");
		return;
	}
	px_search_result res;
	px_error err = { 0 };
	if (q && px_search(r->db, q, (size_t)(page - 1) * (size_t)per_page, (size_t)per_page,
	                   &res, &err) < 0)
		return page_failed(p, api, &err);
	if (fmt == FMT_JSON) {
		json_t *o = json_object(), *hits = json_array();
		for (size_t i = 0; q && i < res.n; i++) {
			json_t *h = article_json(&res.hits[i].article);
			json_object_set_new(h, "snippet", json_string(res.hits[i].article.snippet));
			json_object_set_new(h, "highlights", highlights(res.hits[i].snippet));
			json_array_append_new(hits, h);
		}
		json_object_set_new(o, "query", q ? json_string(q) : json_null());
		json_object_set_new(o, "hits", hits);
		json_paging(o, r, "/api/v1/search", SEARCH_PARAMS, q ? res.total : 0, page, per_page);
		page_json(p, o);
	} else if (fmt == FMT_FEED) {
		int f = feed_format(r->rest, 0, p);
		if (f >= 0) {
			px_buf self = PX_BUF_INIT, title = PX_BUF_INIT, pg = PX_BUF_INIT;
			px_buf_printf(&self, "/feeds/search.%s?q=", f == SYN_RSS ? "rss" : "atom");
			html_query_value(&self, q ? q : "");
			px_buf_puts(&pg, "/search?q=");
			html_query_value(&pg, q ? q : "");
			px_buf_printf(&title, "Parallax: search for %s", q ? q : "");
			syn_meta m = feed_meta(r, px_buf_str(&self), px_buf_str(&pg),
			                       px_buf_str(&title), "Articles that match the search");
			px_search_result none = { 0 };
			page_feed(p, f, syn_search(f, &m, q ? &res : &none));
			px_buf_free(&self);
			px_buf_free(&title);
			px_buf_free(&pg);
		}
	} else {
		page_set(p, 200, TYPE_HTML, html_search(q, q ? &res : NULL, (size_t)page,
		                                        (size_t)per_page));
	}
	if (q)
		px_search_free(&res);
}

/* Feed status: the page and the API; never cached (it shows times
 * relative to now). */
static void feeds(srv_request *r, srv_page *p, int fmt)
{
	int api = fmt == FMT_JSON;
	px_feed_info_list l;
	px_error err = { 0 };
	if (px_feed_list(r->db, &l, &err) < 0)
		return page_failed(p, api, &err);
	if (api) {
		json_t *o = json_object();
		json_object_set_new(o, "feeds", render_feeds_value(&l));
		page_json(p, o);
	} else {
		page_set(p, 200, TYPE_HTML, html_feeds(&l, (int64_t)time(NULL)));
	}
	p->dep = SRV_DEP_UNCACHED;
	px_feed_list_free(&l);
}

/* A topic's feed: /feeds/topic/NAME.rss. */
static void topic_feed(srv_request *r, srv_page *p, int fmt)
{
	(void)fmt;
	int f = feed_format(r->rest, 1, p);
	if (f < 0)
		return;
	char name[32];
	size_t n = strlen(r->rest) - (f == SYN_RSS ? 4 : 5);
	snprintf(name, sizeof(name), "%.*s", (int)(n < sizeof(name) ? n : 0), r->rest);
	const char *const *t = px_topics();
	while (*t && strcmp(*t, name))
		t++;
	if (!*t) {
		srv_page_error(p, 0, 404, "no topic '%.40s'", name);
		return;
	}
	px_story_query q = { .topic = *t, .limit = PER_PAGE };
	px_story_list l;
	px_error err = { 0 };
	if (px_stories_query(r->db, &q, &l, &err) < 0)
		return page_failed(p, 0, &err);
	char feed[48], page[64], title[64];
	snprintf(feed, sizeof(feed), "topic/%s", *t);
	snprintf(page, sizeof(page), "/?topic=%s", *t);
	snprintf(title, sizeof(title), "Parallax: %s", *t);
	stories_feed(r, p, &l, f, feed, page, title, "Top stories of one topic");
	px_story_list_free(&l);
}

/* ------------------------------------------------------------ the table */

static const srv_route routes[] = {
	{ "/", home, FMT_HTML, HOME_PARAMS },
	{ "/story/", story, FMT_HTML, "side" },
	{ "/blindspots", blindspots, FMT_HTML, "" },
	{ "/outlets", outlets, FMT_HTML, "" },
	{ "/outlet/", outlet, FMT_HTML, "" },
	{ "/search", search, FMT_HTML, SEARCH_PARAMS },
	{ "/feeds", feeds, FMT_HTML, "" },
	{ "/api/v1/stories", home, FMT_JSON, HOME_PARAMS },
	{ "/api/v1/stories/", story, FMT_JSON, "" },
	{ "/api/v1/blindspots", blindspots, FMT_JSON, "side" },
	{ "/api/v1/outlets", outlets, FMT_JSON, "" },
	{ "/api/v1/outlets/", outlet, FMT_JSON, "" },
	{ "/api/v1/search", search, FMT_JSON, SEARCH_PARAMS },
	{ "/api/v1/feeds", feeds, FMT_JSON, "" },
	{ "/feeds/top.", home, FMT_FEED, HOME_PARAMS },
	{ "/feeds/blindspots.", blindspots, FMT_FEED, "" },
	{ "/feeds/search.", search, FMT_FEED, "q" },
	{ "/feeds/topic/", topic_feed, FMT_FEED, "" },
};

const srv_route *srv_route_find(const char *path, const char **rest)
{
	for (size_t i = 0; i < sizeof(routes) / sizeof(routes[0]); i++) {
		const srv_route *r = &routes[i];
		size_t n = strlen(r->path);
		int prefix = r->path[n - 1] == '/' || r->path[n - 1] == '.';
		if (prefix && n > 1 ? !strncmp(path, r->path, n) && path[n] : !strcmp(path, r->path)) {
			/* a feed's rest keeps its extension: "rss", "atom" */
			*rest = path + (r->fmt == FMT_FEED && r->path[n - 1] == '.' ? n - 1 : n);
			return r;
		}
	}
	return NULL;
}

const char *srv_param_next(const char *list, char *name, size_t size)
{
	if (!*list)
		return NULL;
	size_t len = strcspn(list, ",");
	snprintf(name, size, "%.*s", (int)len, list);
	return list + len + (list[len] == ',');
}

const char *srv_route_params(const srv_route *r)
{
	return r->params;
}

int srv_route_is_api(const srv_route *r)
{
	return r->fmt == FMT_JSON;
}

void srv_route_build(const srv_route *r, srv_request *req, srv_page *p)
{
	memset(p, 0, sizeof(*p));
	p->dep = SRV_DEP_STORE;
	r->fn(req, p, r->fmt);
	if (!p->type)
		srv_page_error(p, r->fmt == FMT_JSON, 500, "the page could not be built");
}
