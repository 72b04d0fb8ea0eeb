/*
 * html.c — the web UI's pages (html.h): home, a story, blindspots, the
 * outlets, one outlet, search, feeds and errors, each a whole HTML5
 * document written into one px_buf.
 *
 * Shape.  A page is page_open (head, the site header with its navigation
 * and search box, <main>), the page's sections, and page_close (footer).
 * Each section is a function of its own, and markup that recurs — a story
 * in a list, a time, a link out, a link to an article's entry, a stacked
 * bar, a distribution row, the paging links, a select of the filter form —
 * is written by one helper, so every page shows a thing the same way and
 * the ids and classes docs/API.md promises are written in one place each.
 *
 * Safety.  Every outside string goes through escape(): & < > " ' become
 * references, C0 and C1 controls are dropped, invalid UTF-8 becomes U+FFFD,
 * and search marks (PX_MARK_ON/OFF) become balanced <mark> elements in text
 * (attributes drop them).  A URL is a link only when html_safe_url finds
 * an absolute http(s) URL; anything else (javascript:, data:, relative) is
 * shown as text.  Query strings are percent-encoded before the href is
 * escaped.  No page has a script, a style attribute or an event handler:
 * the server's Content-Security-Policy forbids inline script and style, so
 * bars and charts are inline SVG sized with attributes (x, width, height)
 * and coloured by class names that web/style.css styles; each SVG says its
 * numbers in words (role="img", aria-label and <title>).
 *
 * Wording follows render.c's text: the bias sentence ("55% of the sources
 * lean Left") comes from render/bias.h, articles say "lean unrated" and
 * "factuality high", and times read "2025-03-04 09:30 UTC" inside
 * <time datetime="2025-03-04T09:30:00Z">.
 */
#include "render/html.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <utf8proc.h>

#include "outlets/outlets.h"
#include "render/bias.h"
#include "render/render.h"
#include "util/arena.h"

/* ------------------------------------------------------------- escaping */

/* Appends S (NULL: nothing) escaped for text and double-quoted attribute
 * values: & < > " ' as references, C0 controls but tab and newlines
 * dropped, as are DEL and the C1 controls, invalid UTF-8 as U+FFFD.  With
 * MARKS, PX_MARK_ON/OFF become <mark>/</mark>: a second ON while one is
 * open and an OFF with none open are dropped, one left open is closed at
 * the end.  Without MARKS they are dropped like other controls. */
static void escape(px_buf *b, const char *s, int marks)
{
	if (!s)
		return;
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s, *end = p + strlen(s);
	int open = 0;
	while (p < end) {
		unsigned char c = *p;
		if (c >= 0x80) {
			utf8proc_int32_t cp;
			utf8proc_ssize_t k = utf8proc_iterate(p, end - p, &cp);
			if (k < 1) {
				px_buf_add(b, "\xEF\xBF\xBD", 3);
				p++;
				continue;
			}
			if (cp >= 0xA0)
				px_buf_add(b, p, (size_t)k);
			p += k;
			continue;
		}
		p++;
		switch (c) {
		case '&': px_buf_puts(b, "&amp;"); break;
		case '<': px_buf_puts(b, "&lt;"); break;
		case '>': px_buf_puts(b, "&gt;"); break;
		case '"': px_buf_puts(b, "&quot;"); break;
		case '\'': px_buf_puts(b, "&#39;"); break;
		case 0x02:
			if (marks && !open) {
				px_buf_puts(b, "<mark>");
				open = 1;
			}
			break;
		case 0x03:
			if (open) {
				px_buf_puts(b, "</mark>");
				open = 0;
			}
			break;
		default:
			if ((c >= 0x20 && c != 0x7F) || c == '\t' || c == '\n' || c == '\r')
				px_buf_putc(b, (char)c);
		}
	}
	if (open)
		px_buf_puts(b, "</mark>");
}

void html_text(px_buf *b, const char *s)
{
	escape(b, s, 1);
}

/* S escaped, its marks dropped: every string but a search hit's marked
 * title and snippet, in text and in attribute values alike. */
static void plain(px_buf *b, const char *s)
{
	escape(b, s, 0);
}

/* S as text, or FALLBACK (a literal of ours) when S is NULL or empty. */
static void text_or(px_buf *b, const char *s, const char *fallback)
{
	plain(b, s && *s ? s : fallback);
}

void html_query_value(px_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
		unsigned char c = *p;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~') {
			px_buf_putc(b, (char)c);
		} else {
			char e[3] = { '%', hex[c >> 4], hex[c & 15] };
			px_buf_add(b, e, 3);
		}
	}
}

int html_safe_url(const char *url)
{
	if (!url)
		return 0;
	size_t scheme = !strncasecmp(url, "http://", 7) ? 7 : !strncasecmp(url, "https://", 8) ? 8 : 0;
	if (!scheme)
		return 0;
	for (const unsigned char *p = (const unsigned char *)url; *p; p++)
		if (*p <= 0x20 || *p == 0x7F)
			return 0;
	/* The host: what follows any userinfo, up to the path, query or
	 * fragment; it must not be empty (nor a bare port). */
	const char *host = url + scheme, *end = host + strcspn(host, "/?#\\");
	for (const char *q = host; q < end; q++)
		if (*q == '@')
			host = q + 1;
	return host < end && *host != ':';
}

/* Appends NAME=VALUE (percent-encoded) to query string Q, '&' first when Q
 * has a parameter already; nothing when VALUE is NULL or empty. */
static void query_param(px_buf *q, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	if (q->len)
		px_buf_putc(q, '&');
	px_buf_puts(q, name);
	px_buf_putc(q, '=');
	html_query_value(q, value);
}

/* ------------------------------------------------------------- small pieces */

/* T as "2025-03-04 09:30 UTC" in BUF (>= 40 bytes), "unknown" when unknown. */
static const char *utc(int64_t t, char *buf, size_t size)
{
	return render_minute(t, " UTC", "unknown", buf, size);
}

/* <time datetime="RFC 3339">2025-03-04 09:30 UTC</time>; "time unknown"
 * when T is. */
static void time_el(px_buf *b, int64_t t)
{
	char iso[40], shown[40];
	if (t == PX_TIME_UNKNOWN) {
		px_buf_puts(b, "<span class=\"time-unknown\">time unknown</span>");
		return;
	}
	px_buf_printf(b, "<time datetime=\"%s\">%s</time>", px_format_time(t, iso, sizeof(iso)),
	              utc(t, shown, sizeof(shown)));
}

/* A span of S seconds in its largest whole unit: "45 s", "12 min", "3 h",
 * "2 days". */
static const char *duration(int64_t s, char *buf, size_t size)
{
	if (s < 60)
		snprintf(buf, size, "%lld s", (long long)s);
	else if (s < 3600)
		snprintf(buf, size, "%lld min", (long long)(s / 60));
	else if (s < 86400)
		snprintf(buf, size, "%lld h", (long long)(s / 3600));
	else
		snprintf(buf, size, "%lld day%s", (long long)(s / 86400), s < 2 * 86400 ? "" : "s");
	return buf;
}

/* T relative to NOW ("5 min ago", "in 2 h", "just now") then T itself;
 * "never" when T is unknown. */
static void relative_time(px_buf *b, int64_t t, int64_t now)
{
	if (t == PX_TIME_UNKNOWN) {
		px_buf_puts(b, "never");
		return;
	}
	int64_t d = now - t, a = d < 0 ? -d : d;
	char span[32];
	px_buf_puts(b, "<span class=\"relative\">");
	if (a < 60)
		px_buf_puts(b, "just now");
	else
		px_buf_printf(b, d > 0 ? "%s ago" : "in %s", duration(a, span, sizeof(span)));
	px_buf_puts(b, "</span> ");
	time_el(b, t);
}

/* "N ONE" or "N MANY". */
static void count_of(px_buf *b, long long n, const char *one, const char *many)
{
	px_buf_printf(b, "%lld %s", n, n == 1 ? one : many);
}

/* 1 when A and B are both NULL or the same string. */
static int same(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* TEXT linked out to URL (class CLS, never followed for ranking, no
 * referrer) when URL is a safe http(s) URL; otherwise TEXT, and the URL
 * as text after it, neither linked. */
static void link_out(px_buf *b, const char *url, const char *text, const char *cls)
{
	if (html_safe_url(url)) {
		px_buf_printf(b, "<a class=\"%s\" href=\"", cls);
		plain(b, url);
		px_buf_puts(b, "\" rel=\"noopener noreferrer nofollow\">");
		text_or(b, text, url);
		px_buf_puts(b, "</a>");
		return;
	}
	px_buf_printf(b, "<span class=\"%s unlinked\">", cls);
	text_or(b, text, url && *url ? url : "untitled");
	px_buf_puts(b, "</span>");
	if (url && *url && text && *text && !same(url, text)) {
		px_buf_puts(b, " <span class=\"url-unlinked\">");
		plain(b, url);
		px_buf_puts(b, "</span>");
	}
}

/* An outlet's name, linked to its page when ID is known. */
static void outlet_link(px_buf *b, int64_t id, const char *name)
{
	if (id > 0)
		px_buf_printf(b, "<a class=\"outlet\" href=\"/outlet/%lld\">", (long long)id);
	else
		px_buf_puts(b, "<span class=\"outlet\">");
	text_or(b, name, "unknown outlet");
	px_buf_puts(b, id > 0 ? "</a>" : "</span>");
}

/* ------------------------------------------------------------- sides */

enum { LEFT, CENTER, RIGHT, UNRATED, N_SIDES };
static const char *const side_key[N_SIDES] = { "left", "center", "right", "unrated" };
static const char *const side_title[N_SIDES] = { "Left", "Center", "Right", "Unrated" };
static const char *const side_none[3] = {
	"No left-leaning source covered this",
	"No center source covered this",
	"No right-leaning source covered this",
};

/* The side a lean level is on: far-left, left, lean-left are LEFT; center
 * CENTER; lean-right, right, far-right RIGHT; NULL or unknown UNRATED. */
static int side_of(const char *lean)
{
	double v;
	if (!lean || outlet_level_parse(OUTLET_LEAN, lean, &v) < 0)
		return UNRATED;
	return v < 0 ? LEFT : v > 0 ? RIGHT : CENTER;
}

/* LEFT, CENTER or RIGHT for "left", "center", "right"; -1 for anything
 * else (all sides). */
static int side_parse(const char *s)
{
	for (int i = LEFT; i <= RIGHT; i++)
		if (s && !strcmp(s, side_key[i]))
			return i;
	return -1;
}

/* ------------------------------------------------------------- bars */

/* Stacked bars are drawn in this box; the stylesheet scales them. */
#define BAR_W 300
#define BAR_H 20

/* One segment of a stacked bar: its colour class, its short name (shown
 * in it when it is wide enough, with its percentage) and its count. */
typedef struct seg {
	const char *cls;
	const char *name;
	int n;
} seg;

/* Appends " ATTR=\"VALUE\"" with VALUE escaped. */
static void attr_pair(px_buf *b, const char *name, const char *value)
{
	px_buf_printf(b, " %s=\"", name);
	plain(b, value);
	px_buf_putc(b, '"');
}

/* The accessible name of an SVG: role="img", aria-label and <title>, all
 * saying LABEL; closes the <svg start tag. */
static void svg_label(px_buf *b, const char *label)
{
	px_buf_puts(b, " role=\"img\"");
	attr_pair(b, "aria-label", label);
	px_buf_puts(b, "><title>");
	plain(b, label);
	px_buf_puts(b, "</title>");
}

/* An inline SVG bar of SG[0..N) side by side, each as wide as its share
 * of their sum (a sum of 0: an empty track).  ATTRS is the start tag's
 * identity (id, class, data-*), LABEL says the numbers in words. */
static void stacked_bar(px_buf *b, const char *attrs, const seg *sg, int n, const char *label)
{
	int total = 0;
	for (int i = 0; i < n; i++)
		total += sg[i].n;
	px_buf_printf(b, "<svg%s viewBox=\"0 0 %d %d\"", attrs, BAR_W, BAR_H);
	svg_label(b, label);
	if (!total)
		px_buf_printf(b, "<rect class=\"seg-empty\" width=\"%d\" height=\"%d\"/>", BAR_W, BAR_H);
	double x = 0;
	for (int i = 0; i < n && total; i++) {
		if (!sg[i].n)
			continue;
		double w = (double)BAR_W * sg[i].n / total;
		int pct = (int)((200L * sg[i].n + total) / (2L * total));
		px_buf_printf(b, "<rect class=\"%s\" x=\"%.2f\" width=\"%.2f\" height=\"%d\"/>",
		              sg[i].cls, x, w, BAR_H);
		if (w >= 7.5 * ((double)strlen(sg[i].name) + 5))
			px_buf_printf(b, "<text class=\"seg-label\" x=\"%.2f\" y=\"14\" "
			              "text-anchor=\"middle\">%s %d%%</text>", x + w / 2, sg[i].name, pct);
		x += w;
	}
	px_buf_puts(b, "</svg>");
}

/* The left / center / right bar of C (class or id in WHO: ` class="bias-bar"`),
 * with data-left, data-center, data-right and data-unrated; WIDE names the
 * sides in full. */
static void bias_bar(px_buf *b, const char *who, const px_lean_counts *c, int wide)
{
	char attrs[256], label[192];
	snprintf(attrs, sizeof(attrs), "%s data-left=\"%d\" data-center=\"%d\" data-right=\"%d\" "
	         "data-unrated=\"%d\"", who, c->left, c->center, c->right, c->unrated);
	snprintf(label, sizeof(label), "Independent reports by lean: %d left, %d center, %d right, "
	         "%d unrated", c->left, c->center, c->right, c->unrated);
	seg sg[3] = {
		{ "side-left", wide ? "Left" : "L", c->left },
		{ "side-center", wide ? "Center" : "C", c->center },
		{ "side-right", wide ? "Right" : "R", c->right },
	};
	stacked_bar(b, attrs, sg, 3, label);
}

/* The bias sentence of C ("55% of the sources lean Left", "No source is
 * rated"), as render.c words it. */
static void bias_line(px_buf *b, const px_lean_counts *c)
{
	render_bias rb;
	char line[64];
	render_bias_of(c, &rb);
	px_buf_puts(b, render_bias_line(&rb, line, sizeof(line)) ? line : "No source is rated");
}

/* One row of a distribution list: NAME, a meter N of OF wide (coloured by
 * class CLS), N.  NOUN names what is counted ("articles"). */
static void dist_row(px_buf *b, const char *name, const char *cls, int n, int of, const char *noun)
{
	px_buf label = PX_BUF_INIT;
	px_buf_printf(&label, "%s: %d of %d %s", name, n, of, noun);
	px_buf_puts(b, "<li><span class=\"dist-name\">");
	plain(b, name);
	px_buf_puts(b, "</span><svg class=\"meter\" viewBox=\"0 0 100 8\" preserveAspectRatio=\"none\"");
	svg_label(b, px_buf_str(&label));
	px_buf_printf(b, "<rect class=\"meter-track\" width=\"100\" height=\"8\"/><rect "
	              "class=\"meter-fill %s\" width=\"%.2f\" height=\"8\"/></svg><span "
	              "class=\"dist-n\">%d</span></li>\n", cls, of ? 100.0 * n / of : 0.0, n);
	px_buf_free(&label);
}

/* ------------------------------------------------------------- page frame */

typedef struct page_meta {
	const char *title;       /* before " — Parallax"; NULL: the name alone */
	const char *nav;         /* the navigation entry this page is, or NULL */
	const char *feed;        /* "/feeds/top": its RSS and Atom as alternates */
	const char *feed_query;  /* their query string, percent-encoded, or NULL */
	const char *query;       /* what the search box holds, or NULL */
} page_meta;

static const struct {
	const char *path, *name;
} nav_items[] = {
	{ "/", "Home" }, { "/blindspots", "Blindspots" }, { "/outlets", "Outlets" },
	{ "/feeds", "Feeds" },
};

/* The alternate link to P's feed in FORMAT ("rss", "atom"). */
static void feed_link(px_buf *b, const page_meta *p, const char *format, const char *type)
{
	px_buf url = PX_BUF_INIT;
	px_buf_printf(&url, "%s.%s", p->feed, format);
	if (p->feed_query && *p->feed_query)
		px_buf_printf(&url, "?%s", p->feed_query);
	px_buf_printf(b, "<link rel=\"alternate\" type=\"%s\"", type);
	attr_pair(b, "href", px_buf_str(&url));
	px_buf_puts(b, ">\n");
	px_buf_free(&url);
}

/* The document's head, the site header (name, navigation, search box)
 * and the opening of <main>. */
static void page_open(px_buf *b, const page_meta *p)
{
	px_buf_puts(b, "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
	            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	            "<meta name=\"color-scheme\" content=\"light dark\">\n<title>");
	if (p->title) {
		plain(b, p->title);
		px_buf_puts(b, " \xE2\x80\x94 ");
	}
	px_buf_puts(b, "Parallax</title>\n<link rel=\"stylesheet\" href=\"/static/style.css\">\n"
	            "<link rel=\"icon\" type=\"image/svg+xml\" href=\"/static/favicon.svg\">\n");
	if (p->feed) {
		feed_link(b, p, "rss", "application/rss+xml");
		feed_link(b, p, "atom", "application/atom+xml");
	}
	px_buf_puts(b, "</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to content</a>\n"
	            "<header class=\"site-header\">\n<div class=\"wrap\">\n"
	            "<a class=\"brand\" href=\"/\"><svg class=\"logo\" viewBox=\"0 0 24 24\" "
	            "aria-hidden=\"true\"><rect class=\"side-left\" x=\"2\" y=\"4\" width=\"14\" "
	            "height=\"4\" rx=\"2\"/><rect class=\"side-center\" x=\"5\" y=\"10\" width=\"14\" "
	            "height=\"4\" rx=\"2\"/><rect class=\"side-right\" x=\"8\" y=\"16\" width=\"14\" "
	            "height=\"4\" rx=\"2\"/></svg>Parallax</a>\n<nav class=\"site-nav\" "
	            "aria-label=\"Site\"><ul>");
	for (size_t i = 0; i < sizeof(nav_items) / sizeof(nav_items[0]); i++)
		px_buf_printf(b, "<li><a href=\"%s\"%s>%s</a></li>", nav_items[i].path,
		              same(p->nav, nav_items[i].path) ? " aria-current=\"page\"" : "",
		              nav_items[i].name);
	px_buf_puts(b, "</ul></nav>\n<form id=\"site-search\" class=\"search\" action=\"/search\" "
	            "method=\"get\" role=\"search\"><label class=\"sr-only\" for=\"site-q\">Search "
	            "articles</label><input id=\"site-q\" type=\"search\" name=\"q\"");
	if (p->query)
		attr_pair(b, "value", p->query);
	px_buf_puts(b, " placeholder=\"Search articles\"><button type=\"submit\">Search</button>"
	            "</form>\n</div>\n</header>\n<main id=\"main\" class=\"wrap\">\n");
}

/* Closes <main>, writes the footer, ends the document and returns it. */
static char *page_close(px_buf *b)
{
	px_buf_puts(b, "</main>\n<footer class=\"site-footer\">\n<div class=\"wrap\">\n"
	            "<p>Parallax " PX_VERSION " \xE2\x80\x94 open-source news intelligence: every "
	            "story with its coverage, how its sources lean, and what one side leaves "
	            "out.</p>\n<p>Lean and factuality are the outlets\xE2\x80\x99 ratings, each with "
	            "its rater, date and source on the <a href=\"/outlets\">outlet pages</a>. "
	            "<a href=\"/feeds/top.rss\">RSS</a> \xC2\xB7 <a href=\"/feeds/top.atom\">Atom</a>"
	            "</p>\n</div>\n</footer>\n</body>\n</html>\n");
	return px_buf_steal(b);
}

/* A link (rel REL, reading TEXT) to page N: BASE with QUERY
 * (percent-encoded; "" for none) and page=N, left out for the first. */
static void page_link(px_buf *b, const char *base, const char *query, size_t n,
                      const char *rel, const char *text)
{
	px_buf url = PX_BUF_INIT;
	px_buf_puts(&url, base);
	if (*query || n > 1)
		px_buf_putc(&url, '?');
	px_buf_puts(&url, query);
	if (n > 1)
		px_buf_printf(&url, "%spage=%zu", *query ? "&" : "", n);
	px_buf_printf(b, "<a rel=\"%s\"", rel);
	attr_pair(b, "href", px_buf_str(&url));
	px_buf_printf(b, ">%s</a>", text);
	px_buf_free(&url);
}

/* nav.pagination: "Page X of Y" between links to the previous and next
 * pages, each only where that page exists (past the end, "previous" is
 * the last). */
static void pagination(px_buf *b, const char *base, const char *query, size_t page_no,
                       size_t pages)
{
	px_buf_puts(b, "<nav class=\"pagination\" aria-label=\"Pages\">");
	if (page_no > 1)
		page_link(b, base, query, page_no - 1 > pages ? pages : page_no - 1, "prev",
		          "\xE2\x86\x90 Previous");
	px_buf_printf(b, "<span class=\"page-info\">Page %zu of %zu</span>", page_no, pages);
	if (page_no < pages)
		page_link(b, base, query, page_no + 1, "next", "Next \xE2\x86\x92");
	px_buf_puts(b, "</nav>\n");
}

/* How many pages TOTAL items fill at PER_PAGE (at least one). */
static size_t page_count(size_t total, size_t per_page)
{
	if (!per_page || !total)
		return 1;
	return (total + per_page - 1) / per_page;
}

/* ------------------------------------------------------------- story lists */

/* The blindspot badge of a story one side barely covers (SIDE "left" or
 * "right"). */
static void blindspot_badge(px_buf *b, const char *side)
{
	int left = !strcmp(side, "left");
	px_buf_printf(b, "<span class=\"blindspot\" data-side=\"%s\">Blindspot: little %s "
	              "coverage</span>", left ? "left" : "right", left ? "Left" : "Right");
}

/* One story in a list (home, blindspots): li.story with its topic, any
 * blindspot badge, the headline linked to its page, its summary, the bias
 * bar of its independent reports, its size and its first and last times. */
static void story_item(px_buf *b, const px_story *s)
{
	const px_coverage *c = &s->coverage;
	px_buf_printf(b, "<li class=\"story\" data-story-id=\"%lld\">\n<p class=\"story-meta\">"
	              "<span class=\"topic\">", (long long)s->id);
	text_or(b, s->topic, "other");
	px_buf_puts(b, "</span>");
	if (s->blindspot)
		blindspot_badge(b, s->blindspot);
	px_buf_printf(b, "</p>\n<h2 class=\"story-title\"><a class=\"headline\" "
	              "href=\"/story/%lld\">", (long long)s->id);
	text_or(b, s->headline, "untitled story");
	px_buf_puts(b, "</a></h2>\n");
	if (s->summary && *s->summary) {
		px_buf_puts(b, "<p class=\"summary\">");
		plain(b, s->summary);
		px_buf_puts(b, "</p>\n");
	}
	bias_bar(b, " class=\"bias-bar\"", &c->lean_independent, 0);
	px_buf_puts(b, "\n<p class=\"story-facts\"><span class=\"sources\">");
	count_of(b, c->sources, "source", "sources");
	px_buf_puts(b, "</span> \xC2\xB7 <span class=\"articles\">");
	count_of(b, c->articles, "article", "articles");
	px_buf_puts(b, "</span> \xC2\xB7 <span class=\"bias-line\">");
	bias_line(b, &c->lean_independent);
	px_buf_puts(b, "</span></p>\n<p class=\"story-times\">First reported ");
	time_el(b, c->first_published != PX_TIME_UNKNOWN ? c->first_published : s->first_seen);
	px_buf_puts(b, " \xC2\xB7 updated ");
	time_el(b, c->last_updated != PX_TIME_UNKNOWN ? c->last_updated : s->last_seen);
	px_buf_puts(b, "</p>\n</li>\n");
}

/* The stories of L as ol.stories (ID, when not NULL, as its id); EMPTY
 * (a literal) when there are none. */
static void story_list(px_buf *b, const px_story_list *l, const char *id, const char *empty)
{
	if (!l || !l->n) {
		px_buf_printf(b, "<p class=\"empty\">%s</p>\n", empty);
		return;
	}
	px_buf_puts(b, "<ol class=\"stories\"");
	if (id)
		px_buf_printf(b, " id=\"%s\"", id);
	px_buf_puts(b, ">\n");
	for (size_t i = 0; i < l->n; i++)
		story_item(b, l->stories[i]);
	px_buf_puts(b, "</ol>\n");
}

/* ------------------------------------------------------------- home */

static const char *const windows[] = { "24h", "7d", "30d", "all", NULL };
static const char *const window_names[] = { "Last 24 hours", "Last 7 days", "Last 30 days",
                                            "All time", NULL };

/* A labelled <select name=NAME> of VALUES (shown as NAMES, or as
 * themselves), CURRENT selected; ANY (or NULL) first as the empty value.
 * A CURRENT that is none of VALUES is offered too, so the form shows
 * what the page shows. */
static void select_field(px_buf *b, const char *name, const char *label,
                         const char *const *values, const char *const *names,
                         const char *any, const char *current)
{
	int found = 0;
	px_buf_printf(b, "<label class=\"field\"><span>%s</span><select name=\"%s\">", label, name);
	if (any)
		px_buf_printf(b, "<option value=\"\"%s>%s</option>",
		              current && *current ? "" : " selected", any);
	for (size_t i = 0; values && values[i]; i++) {
		int sel = same(values[i], current);
		found |= sel;
		px_buf_puts(b, "<option");
		attr_pair(b, "value", values[i]);
		px_buf_printf(b, "%s>", sel ? " selected" : "");
		plain(b, names ? names[i] : values[i]);
		px_buf_puts(b, "</option>");
	}
	if (current && *current && !found) {
		px_buf_puts(b, "<option");
		attr_pair(b, "value", current);
		px_buf_puts(b, " selected>");
		plain(b, current);
		px_buf_puts(b, "</option>");
	}
	px_buf_puts(b, "</select></label>\n");
}

/* The pages' number of items a page when the request does not say
 * (serve/routes.c's PER_PAGE): links carry per_page only when it differs. */
#define DEFAULT_PER_PAGE 20

/* per_page=N on query string Q, unless N is the default. */
static void per_page_param(px_buf *q, size_t per_page)
{
	char n[24];
	if (!per_page || per_page == DEFAULT_PER_PAGE)
		return;
	snprintf(n, sizeof(n), "%zu", per_page);
	query_param(q, "per_page", n);
}

/* F's filters as a query string (percent-encoded), paging left out. */
static void filter_query(px_buf *q, const html_filters *f)
{
	query_param(q, "topic", f->topic);
	query_param(q, "country", f->country);
	query_param(q, "lang", f->lang);
	query_param(q, "window", f->window);
}

/* form#filters: topic, country, language, time window (and the page
 * size, when not the default, kept). */
static void filter_form(px_buf *b, const html_filters *f, int filtered)
{
	px_buf_puts(b, "<form id=\"filters\" class=\"filters\" action=\"/\" method=\"get\">\n");
	select_field(b, "topic", "Topic", px_topics(), NULL, "Any topic", f->topic);
	select_field(b, "country", "Country", f->countries, NULL, "Any country", f->country);
	select_field(b, "lang", "Language", f->langs, NULL, "Any language", f->lang);
	select_field(b, "window", "Time", windows, window_names, NULL,
	             f->window && *f->window ? f->window : "all");
	if (f->per_page && f->per_page != DEFAULT_PER_PAGE)
		px_buf_printf(b, "<input type=\"hidden\" name=\"per_page\" value=\"%zu\">\n",
		              f->per_page);
	px_buf_puts(b, "<div class=\"actions\"><button type=\"submit\">Apply</button>");
	if (filtered)
		px_buf_puts(b, " <a class=\"clear\" href=\"/\">Clear filters</a>");
	px_buf_puts(b, "</div>\n</form>\n");
}

char *html_home(const px_story_list *l, const html_filters *f)
{
	static const html_filters none;
	px_buf b = PX_BUF_INIT, filters = PX_BUF_INIT, paging = PX_BUF_INIT;
	if (!f)
		f = &none;
	filter_query(&filters, f);
	px_buf_puts(&paging, px_buf_str(&filters));
	per_page_param(&paging, f->per_page);
	page_meta p = { .nav = "/", .feed = "/feeds/top", .feed_query = px_buf_str(&filters) };
	size_t page_no = f->page ? f->page : 1;
	size_t total = l->total > l->n ? l->total : l->n;
	size_t pages = page_count(total, f->per_page);
	page_open(&b, &p);
	px_buf_puts(&b, "<div class=\"page-head\"><h1>Top stories</h1><p class=\"lede\">");
	count_of(&b, (long long)total, "story", "stories");
	px_buf_puts(&b, ", the most covered first, each with how its sources lean.</p></div>\n");
	filter_form(&b, f, filters.len > 0);
	if (!l->n && total)
		px_buf_printf(&b, "<p class=\"empty\">No stories on page %zu: the last is page "
		              "%zu.</p>\n", page_no, pages);
	else
		story_list(&b, l, "stories", filters.len ? "No story matches these filters. <a "
		           "href=\"/\">Show all stories</a>." : "No stories yet: run <code>parallax "
		           "ingest PATH</code>, or <code>parallax run</code> to follow the feeds.");
	if (l->n || page_no > 1)
		pagination(&b, "/", px_buf_str(&paging), page_no, pages);
	px_buf_free(&filters);
	px_buf_free(&paging);
	return page_close(&b);
}

/* ------------------------------------------------------------- story page */

/* What the story page's sections share: the story, the side its article
 * list shows (-1: all), and each article's side, read once. */
typedef struct story_ctx {
	const px_story *s;
	int side;
	int *sides;             /* side_of(s->articles[i].lean), by index */
} story_ctx;

/* Article ID of story S, or NULL. */
static const px_story_article *find_article(const px_story *s, int64_t id)
{
	for (size_t i = 0; i < s->n_articles; i++)
		if (s->articles[i].id == id)
			return &s->articles[i];
	return NULL;
}

enum ref_text { REF_OUTLET, REF_TITLE, REF_BOTH };

/* A link to article ID's entry in the article list — on this page when
 * the list shows it, else on the unfiltered page — reading as its outlet,
 * its title or both; "article ID" when the story has no such article. */
static void article_ref(px_buf *b, const story_ctx *c, int64_t id, enum ref_text what)
{
	const px_story_article *a = find_article(c->s, id);
	if (!a) {
		px_buf_printf(b, "article %lld", (long long)id);
		return;
	}
	px_buf_puts(b, "<a class=\"ref\" href=\"");
	if (c->side >= 0 && c->sides[a - c->s->articles] != c->side)
		px_buf_printf(b, "/story/%lld", (long long)c->s->id);
	px_buf_printf(b, "#article-%lld\">", (long long)id);
	if (what != REF_TITLE)
		text_or(b, a->outlet, "unknown outlet");
	if (what == REF_BOTH)
		px_buf_puts(b, ": ");
	if (what != REF_OUTLET)
		text_or(b, a->title, "untitled");
	px_buf_puts(b, "</a>");
}

#define SOURCES_SHOWN 6

/* The articles IDS[0..N) by outlet, each linked to its entry: "A, B and
 * C", past SOURCES_SHOWN "… and 4 more". */
static void sources_list(px_buf *b, const story_ctx *c, const int64_t *ids, size_t n)
{
	size_t shown = n < SOURCES_SHOWN ? n : SOURCES_SHOWN;
	for (size_t i = 0; i < shown; i++) {
		if (i)
			px_buf_puts(b, i + 1 == shown && shown == n ? " and " : ", ");
		article_ref(b, c, ids[i], REF_OUTLET);
	}
	if (n > shown)
		px_buf_printf(b, " and %zu more", n - shown);
}

/* A section's opening: <section id=ID class="card"> with heading TITLE. */
static void section_open(px_buf *b, const char *id, const char *title)
{
	px_buf_printf(b, "<section id=\"%s\" class=\"card\">\n<h2>%s</h2>\n", id, title);
}

/* The head of the story: topic, blindspot, headline, summary, the bias bar
 * and sentence, its size and times. */
static void story_head(px_buf *b, const px_story *s)
{
	const px_coverage *c = &s->coverage;
	px_buf_puts(b, "<header class=\"story-head\">\n<p class=\"story-meta\"><span class=\"topic\">");
	text_or(b, s->topic, "other");
	px_buf_puts(b, "</span>");
	if (s->blindspot)
		blindspot_badge(b, s->blindspot);
	px_buf_puts(b, "</p>\n<h1 id=\"headline\">");
	text_or(b, s->headline, "Untitled story");
	px_buf_puts(b, "</h1>\n<p id=\"summary\">");
	plain(b, s->summary);
	px_buf_puts(b, "</p>\n<div class=\"bias\">");
	bias_bar(b, " id=\"bias-bar\" class=\"bias-bar wide\"", &c->lean_independent, 1);
	px_buf_puts(b, "<p id=\"bias-summary\">");
	bias_line(b, &c->lean_independent);
	px_buf_puts(b, "</p></div>\n<p class=\"story-facts\"><span class=\"sources\">");
	count_of(b, c->sources, "source", "sources");
	px_buf_puts(b, "</span> \xC2\xB7 ");
	count_of(b, c->articles, "article", "articles");
	px_buf_puts(b, " \xC2\xB7 updated ");
	time_el(b, c->last_updated);
	px_buf_puts(b, "</p>\n</header>\n");
}

/* The counts of one key point's sides, each a chip. */
static void side_chips(px_buf *b, const unsigned v[3])
{
	px_buf_printf(b, "<span class=\"sides\" data-left=\"%u\" data-center=\"%u\" "
	              "data-right=\"%u\">", v[0], v[1], v[2]);
	for (int i = LEFT; i <= RIGHT; i++)
		px_buf_printf(b, "<span class=\"chip side-%s%s\">%s %u</span>", side_key[i],
		              v[i] ? "" : " zero", side_title[i], v[i]);
	px_buf_puts(b, "</span>");
}

/* ol#key-points: each point, the articles that carry it and their sides. */
static void key_points(px_buf *b, const story_ctx *c)
{
	const px_story *s = c->s;
	section_open(b, "points", "Key points");
	if (!s->n_key_points)
		px_buf_puts(b, "<p class=\"empty\">No key points: too little text to choose "
		            "from.</p>\n");
	else
		px_buf_puts(b, "<ol id=\"key-points\">\n");
	for (size_t i = 0; i < s->n_key_points; i++) {
		const px_key_point *kp = &s->key_points[i];
		unsigned v[3] = { kp->left, kp->center, kp->right };
		/* A shortened point carries its whole sentence as its title. */
		px_buf_puts(b, "<li><p class=\"point\"");
		if (kp->sentence)
			attr_pair(b, "title", kp->sentence);
		px_buf_puts(b, ">");
		plain(b, kp->text);
		px_buf_puts(b, "</p><p class=\"point-meta\"><span class=\"sources\">Carried by ");
		sources_list(b, c, kp->article_ids, kp->n_article_ids);
		px_buf_puts(b, "</span> ");
		side_chips(b, v);
		px_buf_puts(b, "</p></li>\n");
	}
	if (s->n_key_points)
		px_buf_puts(b, "</ol>\n");
	px_buf_puts(b, "</section>\n");
}

/* 1 when an article of I's side before I has I's title (I is listed with
 * it). */
static int title_listed(const story_ctx *c, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (c->sides[j] == c->sides[i] && same(c->s->articles[j].title, c->s->articles[i].title))
			return 1;
	return 0;
}

/* One side's headlines: each distinct title once, with every outlet of
 * that side that ran it. */
static void frame(px_buf *b, const story_ctx *c, int side)
{
	const px_story *s = c->s;
	int listed = 0;
	px_buf_printf(b, "<section class=\"frame\" data-side=\"%s\"><h3><span class=\"dot "
	              "side-%s\"></span>%s</h3>\n", side_key[side], side_key[side],
	              side_title[side]);
	for (size_t i = 0; i < s->n_articles; i++) {
		const px_story_article *a = &s->articles[i];
		if (c->sides[i] != side || title_listed(c, i))
			continue;
		px_buf_puts(b, listed++ ? "<li>" : "<ul>\n<li>");
		article_ref(b, c, a->id, REF_TITLE);
		px_buf_puts(b, " <span class=\"by\">");
		for (size_t k = i, n = 0; k < s->n_articles; k++)
			if (c->sides[k] == side && same(s->articles[k].title, a->title)) {
				px_buf_puts(b, n++ ? ", " : "");
				text_or(b, s->articles[k].outlet, "unknown outlet");
			}
		px_buf_puts(b, "</span></li>\n");
	}
	if (listed)
		px_buf_puts(b, "</ul>\n");
	else
		px_buf_printf(b, "<p class=\"empty\">%s</p>\n", side_none[side]);
	px_buf_puts(b, "</section>\n");
}

/* #frames: the headlines as each side wrote them, a column per side. */
static void frames(px_buf *b, const story_ctx *c)
{
	section_open(b, "frames", "Headlines as each side wrote them");
	px_buf_puts(b, "<div class=\"cols\">\n");
	for (int side = LEFT; side <= RIGHT; side++)
		frame(b, c, side);
	px_buf_puts(b, "</div>\n</section>\n");
}

#define QUOTES_SHOWN 8

/* #quotes: the quotes by speaker (the story's order: most carried first),
 * each with the articles that carry it. */
static void quotes(px_buf *b, const story_ctx *c)
{
	const px_story *s = c->s;
	size_t shown = s->n_quotes < QUOTES_SHOWN ? s->n_quotes : QUOTES_SHOWN;
	section_open(b, "quotes", "Quotes");
	if (!shown)
		px_buf_puts(b, "<p class=\"empty\">None: no article quotes a named speaker.</p>\n");
	else
		px_buf_puts(b, "<ul class=\"speakers\">\n");
	for (size_t i = 0; i < shown; i++) {
		size_t j = 0;
		while (j < i && !same(s->quotes[j].speaker, s->quotes[i].speaker))
			j++;
		if (j < i)
			continue;          /* listed with the speaker's first quote */
		px_buf_puts(b, "<li class=\"speaker\"><h3>");
		text_or(b, s->quotes[i].speaker, "unnamed speaker");
		px_buf_puts(b, "</h3><ul>\n");
		for (size_t k = i; k < shown; k++) {
			const px_quote *q = &s->quotes[k];
			if (!same(q->speaker, s->quotes[i].speaker))
				continue;
			px_buf_puts(b, "<li><blockquote>\xE2\x80\x9C");
			plain(b, q->text);
			px_buf_puts(b, "\xE2\x80\x9D</blockquote><p class=\"sources\">");
			sources_list(b, c, q->article_ids, q->n_article_ids);
			px_buf_puts(b, "</p></li>\n");
		}
		px_buf_puts(b, "</ul></li>\n");
	}
	if (shown)
		px_buf_puts(b, "</ul>\n");
	px_buf_puts(b, "</section>\n");
}

/* #one-sided: per side, the sentences with names and numbers only that
 * side reports; when there are none, why (as render.c says it). */
static void one_sided(px_buf *b, const story_ctx *c)
{
	const px_story *s = c->s;
	const px_lean_counts *lc = &s->coverage.lean_all;
	int sides = (lc->left > 0) + (lc->center > 0) + (lc->right > 0);
	section_open(b, "one-sided", "Reported by one side only");
	if (!s->n_one_sided) {
		px_buf_printf(b, "<p class=\"empty\">%s</p>\n</section>\n", sides > 1
		              ? "Nothing: every name and number is carried by more than one side."
		              : "Not comparable: fewer than two sides cover this story.");
		return;
	}
	px_buf_puts(b, "<div class=\"cols\">\n");
	for (int side = LEFT; side <= RIGHT; side++) {
		int listed = 0;
		for (size_t i = 0; i < s->n_one_sided; i++) {
			const px_side_fact *x = &s->one_sided[i];
			if (side_parse(x->side) != side)
				continue;
			if (!listed++)
				px_buf_printf(b, "<section class=\"side-facts\" data-side=\"%s\"><h3><span "
				              "class=\"dot side-%s\"></span>Only the %s</h3><ul>\n",
				              side_key[side], side_key[side], side_key[side]);
			px_buf_puts(b, "<li><p class=\"items\">");
			for (size_t k = 0; k < x->n_items; k++) {
				px_buf_puts(b, k ? ", <strong>" : "<strong>");
				plain(b, x->items[k]);
				px_buf_puts(b, "</strong>");
			}
			px_buf_puts(b, "</p><p>");
			plain(b, x->text);
			px_buf_puts(b, "</p><p class=\"sources\">");
			sources_list(b, c, x->article_ids, x->n_article_ids);
			px_buf_puts(b, "</p></li>\n");
		}
		if (listed)
			px_buf_puts(b, "</ul></section>\n");
	}
	px_buf_puts(b, "</div>\n</section>\n");
}

/* #timeline: what was new, day by day. */
static void timeline(px_buf *b, const story_ctx *c)
{
	const px_story *s = c->s;
	section_open(b, "timeline", "Timeline");
	if (!s->n_timeline)
		px_buf_printf(b, "<p class=\"empty\">No timeline: %s.</p>\n",
		              s->last_seen - s->first_seen < 86400 || s->first_seen == PX_TIME_UNKNOWN
		              ? "the story was reported within one day"
		              : "no later report added something new");
	else
		px_buf_puts(b, "<ol class=\"timeline\">\n");
	for (size_t i = 0; i < s->n_timeline; i++) {
		px_buf_puts(b, "<li>");
		time_el(b, s->timeline[i].published);
		px_buf_puts(b, "<p>");
		plain(b, s->timeline[i].text);
		px_buf_puts(b, "</p><p class=\"sources\">");
		article_ref(b, c, s->timeline[i].article_id, REF_OUTLET);
		px_buf_puts(b, "</p></li>\n");
	}
	if (s->n_timeline)
		px_buf_puts(b, "</ol>\n");
	px_buf_puts(b, "</section>\n");
}

/* One article of the list: outlet, lean, factuality, time, the title
 * linked out, the snippet, and what it is a wire copy of. */
static void article_item(px_buf *b, const story_ctx *c, const px_story_article *a)
{
	int side = c->sides[a - c->s->articles];
	px_buf_printf(b, "<li class=\"article\" id=\"article-%lld\" data-side=\"%s\" "
	              "data-article-id=\"%lld\">\n<p class=\"article-meta\">", (long long)a->id,
	              side_key[side], (long long)a->id);
	outlet_link(b, a->outlet_id, a->outlet);
	px_buf_printf(b, " <span class=\"lean side-%s\">", side_key[side]);
	plain(b, a->lean ? a->lean : "lean unrated");
	px_buf_puts(b, "</span> <span class=\"factuality\">factuality ");
	plain(b, a->factuality ? a->factuality : "unrated");
	px_buf_puts(b, "</span> ");
	time_el(b, a->published);
	px_buf_puts(b, "</p>\n<h3 class=\"article-title\">");
	link_out(b, a->url, a->title, "article-link");
	px_buf_puts(b, "</h3>\n");
	if (a->snippet && *a->snippet) {
		px_buf_puts(b, "<p class=\"snippet\">");
		plain(b, a->snippet);
		px_buf_puts(b, "</p>\n");
	}
	if (a->copy_of) {
		px_buf_puts(b, "<p class=\"copy-of\">Wire copy of ");
		article_ref(b, c, a->copy_of, REF_BOTH);
		px_buf_puts(b, "</p>\n");
	}
	px_buf_puts(b, "</li>\n");
}

/* nav#side-filter (all, left, center, right with their counts, the shown
 * one aria-current) and ol#articles with the articles of that side. */
static void articles(px_buf *b, const story_ctx *c)
{
	const px_story *s = c->s;
	int n[N_SIDES] = { 0 };
	for (size_t i = 0; i < s->n_articles; i++)
		n[c->sides[i]]++;
	px_buf_printf(b, "<section id=\"article-list\" class=\"card\">\n<h2 id=\"articles-h\">");
	count_of(b, (long long)s->n_articles, "Article", "Articles");
	px_buf_puts(b, "</h2>\n<nav id=\"side-filter\" aria-label=\"Show the articles of\">");
	for (int k = -1; k <= RIGHT; k++)
		px_buf_printf(b, "<a data-side=\"%s\" href=\"/story/%lld%s%s#articles-h\"%s>%s "
		              "<span class=\"n\">%d</span></a>", k < 0 ? "all" : side_key[k],
		              (long long)s->id, k < 0 ? "" : "?side=", k < 0 ? "" : side_key[k],
		              k == c->side ? " aria-current=\"page\"" : "",
		              k < 0 ? "All" : side_title[k], k < 0 ? (int)s->n_articles : n[k]);
	px_buf_puts(b, "</nav>\n");
	if (c->side >= 0 && !n[c->side]) {
		px_buf_printf(b, "<p class=\"empty\">%s.</p>\n</section>\n", side_none[c->side]);
		return;
	}
	px_buf_puts(b, "<ol id=\"articles\">\n");
	for (size_t i = 0; i < s->n_articles; i++)
		if (c->side < 0 || c->sides[i] == c->side)
			article_item(b, c, &s->articles[i]);
	px_buf_puts(b, "</ol>\n</section>\n");
}

/* One row of the coverage table: NAME and a cell data-field=FIELD, left
 * open for the value. */
static void fact_row(px_buf *b, const char *name, const char *field)
{
	px_buf_printf(b, "<tr><th scope=\"row\">%s</th><td data-field=\"%s\">", name, field);
}

/* #coverage: the story's size, its independent reports and wire copies,
 * its sides, who reported first and when it last changed. */
static void coverage_details(px_buf *b, const px_story *s)
{
	const px_coverage *c = &s->coverage;
	const px_lean_counts *li = &c->lean_independent;
	const struct {
		const char *name, *field;
		int n;
	} counts[] = {
		{ "Total news sources", "sources", c->sources },
		{ "Articles", "articles", c->articles },
		{ "Independent reports", "independent_reports", c->independent },
		{ "Wire copies", "wire_copies", c->articles - c->independent },
		{ "Leaning left", "left", li->left },
		{ "Center", "center", li->center },
		{ "Leaning right", "right", li->right },
		{ "Unrated", "unrated", li->unrated },
	};
	section_open(b, "coverage", "Coverage details");
	px_buf_puts(b, "<table class=\"facts\"><tbody>\n");
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		fact_row(b, counts[i].name, counts[i].field);
		px_buf_printf(b, "%d</td></tr>\n", counts[i].n);
	}
	fact_row(b, "First reported by", "first_reported_by");
	text_or(b, c->first_outlet, "unknown");
	px_buf_puts(b, ", ");
	time_el(b, c->first_published);
	px_buf_puts(b, "</td></tr>\n");
	fact_row(b, "Last updated", "last_updated");
	time_el(b, c->last_updated);
	px_buf_puts(b, "</td></tr>\n</tbody></table>\n</section>\n");
}

/* #bias-levels: the seven lean levels over the independent reports, and
 * the split counting wire copies too. */
static void bias_levels(px_buf *b, const px_story *s)
{
	const px_coverage *c = &s->coverage;
	const px_lean_counts *li = &c->lean_independent;
	int of = li->left + li->center + li->right + li->unrated;
	render_bias all;
	render_bias_of(&c->lean_all, &all);
	section_open(b, "bias-levels", "Bias distribution");
	px_buf_puts(b, "<p class=\"note\">Over ");
	count_of(b, c->independent, "independent report", "independent reports");
	if (all.rated)
		px_buf_printf(b, "; counting wire copies too: %d%% Left, %d%% Center, %d%% Right",
		              all.pct[0], all.pct[1], all.pct[2]);
	else
		px_buf_puts(b, "; no outlet among them is rated");
	px_buf_puts(b, ".</p>\n<ul class=\"dist\">\n");
	for (int i = 0; i < 7; i++) {
		const char *name = outlet_level_name(OUTLET_LEAN, i - 3);
		char cls[32];
		snprintf(cls, sizeof(cls), "side-%s", side_key[side_of(name)]);
		dist_row(b, name, cls, li->levels[i], of, "reports");
	}
	dist_row(b, "unrated", "side-unrated", li->unrated, of, "reports");
	px_buf_puts(b, "</ul>\n</section>\n");
}

/* #factuality: the articles by their outlet's factuality, highest first. */
static void factuality(px_buf *b, const px_story *s)
{
	const px_coverage *c = &s->coverage;
	section_open(b, "factuality", "Factuality");
	px_buf_puts(b, "<p class=\"note\">Of all ");
	count_of(b, c->articles, "article", "articles");
	px_buf_puts(b, ", by their outlet\xE2\x80\x99s rating.</p>\n<ul class=\"dist\">\n");
	for (int i = 5; i >= 0; i--) {
		char cls[16];
		snprintf(cls, sizeof(cls), "fact-%d", i);
		if (c->factuality[i])
			dist_row(b, outlet_level_name(OUTLET_FACTUALITY, i), cls, c->factuality[i],
			         c->articles, "articles");
	}
	dist_row(b, "unrated", "fact-unrated", c->factuality_unrated, c->articles, "articles");
	px_buf_puts(b, "</ul>\n</section>\n");
}

/* #ownership: the articles by who owns their outlet, most first. */
static void ownership(px_buf *b, const px_story *s)
{
	const px_coverage *c = &s->coverage;
	section_open(b, "ownership", "Ownership");
	if (!c->n_ownership)
		px_buf_puts(b, "<p class=\"empty\">No article.</p>\n");
	else
		px_buf_puts(b, "<ul class=\"dist\">\n");
	for (int i = 0; i < c->n_ownership && i < PX_OWNERSHIP_MAX; i++)
		dist_row(b, c->ownership[i].type, "own", c->ownership[i].articles, c->articles,
		         "articles");
	if (c->n_ownership)
		px_buf_puts(b, "</ul>\n");
	px_buf_puts(b, "</section>\n");
}

/* ------------------------------------------------------------- the chart */

/* The chart's box and its plot area. */
#define CHART_W 320
#define CHART_H 170
#define PLOT_L 26
#define PLOT_R 6
#define PLOT_T 8
#define PLOT_B 22
#define CHART_MAX_BUCKETS 90

/* Articles per time bucket and side. */
typedef struct buckets {
	int64_t start, step;    /* the first bucket's start, each one's span (s) */
	size_t n;
	int (*count)[N_SIDES];
	int max;                /* the fullest bucket's articles */
	int undated;
	int sides[N_SIDES];     /* the dated articles by side */
} buckets;

/* The times a chart places: years 1 to 9999 (others count as undated,
 * so no bucket arithmetic can overflow). */
#define CHART_T_MIN (-62135596800LL)
#define CHART_T_MAX 253402300799LL

/* 1 when T can be placed on the chart. */
static int chart_dated(int64_t t)
{
	return t != PX_TIME_UNKNOWN && t >= CHART_T_MIN && t <= CHART_T_MAX;
}

/* X floor-divided by D (> 0), towards minus infinity. */
static int64_t floor_div(int64_t x, int64_t d)
{
	return x / d - (x % d < 0);
}

/* The story's dated articles counted per bucket: hours when they span under two
 * days, days otherwise (several days each past CHART_MAX_BUCKETS).
 * Returns 0 when no article is dated (nothing allocated). */
static int bucket_articles(const story_ctx *c, buckets *bk)
{
	const px_story *s = c->s;
	int64_t lo = INT64_MAX, hi = INT64_MIN;
	memset(bk, 0, sizeof(*bk));
	for (size_t i = 0; i < s->n_articles; i++) {
		int64_t t = s->articles[i].published;
		if (!chart_dated(t)) {
			bk->undated++;
			continue;
		}
		lo = t < lo ? t : lo;
		hi = t > hi ? t : hi;
	}
	if (lo > hi)
		return 0;
	bk->step = hi - lo < 2 * 86400 ? 3600 : 86400;
	int64_t span = hi - floor_div(lo, bk->step) * bk->step;
	if (span / bk->step >= CHART_MAX_BUCKETS)
		bk->step *= span / bk->step / CHART_MAX_BUCKETS + 1;
	bk->start = floor_div(lo, bk->step) * bk->step;
	bk->n = (size_t)((hi - bk->start) / bk->step) + 1;
	bk->count = px_xcalloc(bk->n, sizeof(*bk->count));
	for (size_t i = 0; i < s->n_articles; i++) {
		const px_story_article *a = &s->articles[i];
		if (!chart_dated(a->published))
			continue;
		size_t k = (size_t)((a->published - bk->start) / bk->step);
		int side = c->sides[i];
		bk->count[k][side]++;
		bk->sides[side]++;
	}
	for (size_t k = 0; k < bk->n; k++) {
		int sum = 0;
		for (int side = 0; side < N_SIDES; side++)
			sum += bk->count[k][side];
		bk->max = sum > bk->max ? sum : bk->max;
	}
	return 1;
}

/* A bucket's start as the axis shows it: "Mar 4" for days, "Mar 4
 * 09:00" for hours. */
static const char *bucket_label(int64_t t, int hourly, char *buf, size_t size)
{
	static const char *const months[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t tt = (time_t)t;
	struct tm tm;
	if (!gmtime_r(&tt, &tm))
		return "?";
	if (hourly)
		snprintf(buf, size, "%s %d %02d:00", months[tm.tm_mon], tm.tm_mday, tm.tm_hour);
	else
		snprintf(buf, size, "%s %d", months[tm.tm_mon], tm.tm_mday);
	return buf;
}

/* The chart in words: its buckets, span, sides and peak. */
static void chart_label(const buckets *bk, char *buf, size_t size)
{
	char from[40], to[40], span[32];
	const char *unit = bk->step == 3600 ? "hour" : bk->step == 86400 ? "day"
	                   : duration(bk->step, span, sizeof(span));
	snprintf(buf, size, "Articles over time by side, per %s, from %s to %s: %d left, "
	         "%d center, %d right, %d unrated; at most %d in one %s", unit,
	         utc(bk->start, from, sizeof(from)),
	         utc(bk->start + (int64_t)(bk->n - 1) * bk->step, to, sizeof(to)),
	         bk->sides[LEFT], bk->sides[CENTER], bk->sides[RIGHT], bk->sides[UNRATED],
	         bk->max, bk->step == 3600 ? "hour" : bk->step == 86400 ? "day" : "bucket");
}

/* The chart's grid and axis labels: 0, half and the peak on the left,
 * the first and last buckets' starts below. */
static void chart_axes(px_buf *b, const buckets *bk)
{
	double plot_h = CHART_H - PLOT_T - PLOT_B;
	int marks[3] = { 0, bk->max >= 4 ? bk->max / 2 : -1, bk->max };
	for (int i = 0; i < 3; i++) {
		if (marks[i] < 0 || (i && marks[i] == marks[i - 1]))
			continue;
		double y = CHART_H - PLOT_B - plot_h * marks[i] / bk->max;
		px_buf_printf(b, "<line class=\"grid\" x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\"/>"
		              "<text class=\"axis\" x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%d</text>",
		              PLOT_L, CHART_W - PLOT_R, y, y, PLOT_L - 4, y + 4, marks[i]);
	}
	char first[32], last[32];
	int hourly = bk->step < 86400;
	px_buf_printf(b, "<text class=\"axis\" x=\"%d\" y=\"%d\" text-anchor=\"start\">%s</text>",
	              PLOT_L, CHART_H - 6, bucket_label(bk->start, hourly, first, sizeof(first)));
	if (bk->n > 1)
		px_buf_printf(b, "<text class=\"axis\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
		              CHART_W - PLOT_R, CHART_H - 6,
		              bucket_label(bk->start + (int64_t)(bk->n - 1) * bk->step, hourly, last,
		                           sizeof(last)));
}

/* One bucket's column: its sides stacked from the bottom (left, center,
 * right, unrated), with its numbers as a tooltip. */
static void chart_column(px_buf *b, const buckets *bk, size_t k)
{
	double plot_w = CHART_W - PLOT_L - PLOT_R, plot_h = CHART_H - PLOT_T - PLOT_B;
	double slot = plot_w / (double)bk->n, w = slot * 0.8 > 32 ? 32 : slot * 0.8;
	double x = PLOT_L + slot * (double)k + (slot - w) / 2, y = CHART_H - PLOT_B;
	const int *v = bk->count[k];
	char when[40];
	if (!(v[0] + v[1] + v[2] + v[3]))
		return;
	px_buf_printf(b, "<g class=\"bucket\"><title>%s: %d left, %d center, %d right, %d "
	              "unrated</title>", utc(bk->start + (int64_t)k * bk->step, when, sizeof(when)),
	              v[LEFT], v[CENTER], v[RIGHT], v[UNRATED]);
	for (int side = 0; side < N_SIDES; side++) {
		if (!v[side])
			continue;
		double h = plot_h * v[side] / bk->max;
		y -= h;
		px_buf_printf(b, "<rect class=\"side-%s\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" "
		              "height=\"%.2f\"/>", side_key[side], x, y, w, h);
	}
	px_buf_puts(b, "</g>");
}

/* svg#coverage-chart: the articles per hour or day, stacked by side, with
 * a legend; data-bucket ("hour", "day" or "days") and data-buckets say how
 * they were counted. */
static void coverage_chart(px_buf *b, const story_ctx *c)
{
	buckets bk;
	char label[400];
	section_open(b, "chart", "Coverage over time");
	if (!bucket_articles(c, &bk)) {
		px_buf_printf(b, "<svg id=\"coverage-chart\" class=\"chart\" viewBox=\"0 0 %d 40\" "
		              "data-buckets=\"0\"", CHART_W);
		svg_label(b, "No article is dated");
		px_buf_puts(b, "<text class=\"axis\" x=\"8\" y=\"24\">No article is dated.</text>"
		            "</svg>\n</section>\n");
		return;
	}
	chart_label(&bk, label, sizeof(label));
	px_buf_printf(b, "<svg id=\"coverage-chart\" class=\"chart\" viewBox=\"0 0 %d %d\" "
	              "data-bucket=\"%s\" data-buckets=\"%zu\"", CHART_W, CHART_H,
	              bk.step == 3600 ? "hour" : bk.step == 86400 ? "day" : "days", bk.n);
	svg_label(b, label);
	chart_axes(b, &bk);
	for (size_t k = 0; k < bk.n; k++)
		chart_column(b, &bk, k);
	px_buf_puts(b, "</svg>\n<ul class=\"legend\">");
	for (int side = 0; side < N_SIDES; side++)
		px_buf_printf(b, "<li><span class=\"dot side-%s\"></span>%s %d</li>", side_key[side],
		              side_title[side], bk.sides[side]);
	px_buf_puts(b, "</ul>\n");
	if (bk.undated)
		px_buf_printf(b, "<p class=\"note\">%d undated article%s not shown.</p>\n", bk.undated,
		              bk.undated == 1 ? "" : "s");
	px_buf_puts(b, "</section>\n");
	free(bk.count);
}

char *html_story(const px_story *s, const char *side)
{
	px_buf b = PX_BUF_INIT;
	story_ctx c = { s, side_parse(side), px_xcalloc(s->n_articles + 1, sizeof(int)) };
	page_meta p = { .title = s->headline ? s->headline : "Story" };
	for (size_t i = 0; i < s->n_articles; i++)
		c.sides[i] = side_of(s->articles[i].lean);
	page_open(&b, &p);
	px_buf_printf(&b, "<article class=\"story\" data-story-id=\"%lld\">\n", (long long)s->id);
	story_head(&b, s);
	px_buf_puts(&b, "<div class=\"story-layout\">\n<div class=\"story-main\">\n");
	key_points(&b, &c);
	frames(&b, &c);
	articles(&b, &c);
	quotes(&b, &c);
	one_sided(&b, &c);
	timeline(&b, &c);
	px_buf_puts(&b, "</div>\n<aside class=\"story-aside\">\n");
	coverage_details(&b, s);
	coverage_chart(&b, &c);
	bias_levels(&b, s);
	factuality(&b, s);
	ownership(&b, s);
	px_buf_puts(&b, "</aside>\n</div>\n</article>\n");
	free(c.sides);
	return page_close(&b);
}

/* ------------------------------------------------------------- blindspots */

/* One column of the blindspots page: the stories SIDE barely covers. */
static void blindspot_column(px_buf *b, const px_story_list *l, int side)
{
	px_buf_printf(b, "<section id=\"blindspots-%s\" class=\"card blindspots\" "
	              "data-side=\"%s\">\n<h2><span class=\"dot side-%s\"></span>Blindspots for the "
	              "%s</h2>\n<p class=\"note\">Stories the %s barely covers.</p>\n",
	              side_key[side], side_key[side], side_key[side], side_title[side],
	              side_key[side]);
	story_list(b, l, NULL, side == LEFT ? "No blindspot for the left in this window."
	                                    : "No blindspot for the right in this window.");
	px_buf_puts(b, "</section>\n");
}

char *html_blindspots(const px_story_list *left_blind, const px_story_list *right_blind,
                      const px_lean_counts *baseline)
{
	px_buf b = PX_BUF_INIT;
	page_meta p = { .title = "Blindspots", .nav = "/blindspots", .feed = "/feeds/blindspots" };
	page_open(&b, &p);
	px_buf_puts(&b, "<div class=\"page-head\"><h1>Blindspots</h1>\n<p class=\"lede\">Stories "
	            "one side barely covers while the other covers them at least as much as "
	            "usual.</p>\n<p id=\"baseline\" class=\"note\">");
	static const px_lean_counts none;
	render_bias rb;
	render_bias_of(baseline ? baseline : &none, &rb);
	if (rb.rated)
		px_buf_printf(&b, "Baseline: of this window\xE2\x80\x99s %d rated independent reports, "
		              "%d%% lean Left, %d%% are Center and %d%% lean Right. A story is a "
		              "blindspot for a side when that side\xE2\x80\x99s share of its reports is "
		              "a third of its baseline or less.", rb.rated, rb.pct[0], rb.pct[1],
		              rb.pct[2]);
	else
		px_buf_puts(&b, "No rated report in this window: no baseline to compare with.");
	px_buf_puts(&b, "</p></div>\n<div class=\"cols two\">\n");
	blindspot_column(&b, left_blind, LEFT);
	blindspot_column(&b, right_blind, RIGHT);
	px_buf_puts(&b, "</div>\n");
	return page_close(&b);
}

/* ------------------------------------------------------------- outlets */

/* A rating level as a badge coloured by its side (lean) or level
 * (factuality); "unrated" when LEVEL is NULL. */
static void level_badge(px_buf *b, outlet_dim d, const char *level)
{
	double v;
	if (!level) {
		px_buf_puts(b, "<span class=\"level unrated\">unrated</span>");
		return;
	}
	if (d == OUTLET_LEAN)
		px_buf_printf(b, "<span class=\"level side-%s\">", side_key[side_of(level)]);
	else if (outlet_level_parse(OUTLET_FACTUALITY, level, &v) == 0)
		px_buf_printf(b, "<span class=\"level fact-%d\">", (int)v);
	else
		px_buf_puts(b, "<span class=\"level\">");
	plain(b, level);
	px_buf_puts(b, "</span>");
}

char *html_outlets(const px_outlet_list *l)
{
	px_buf b = PX_BUF_INIT;
	page_meta p = { .title = "Outlets", .nav = "/outlets" };
	page_open(&b, &p);
	px_buf_puts(&b, "<div class=\"page-head\"><h1>Outlets</h1>\n<p class=\"lede\">");
	count_of(&b, (long long)l->n, "outlet", "outlets");
	px_buf_puts(&b, ", each with its raters\xE2\x80\x99 lean and factuality.</p></div>\n");
	if (!l->n) {
		px_buf_puts(&b, "<p class=\"empty\">No outlets yet: <code>parallax outlets import "
		            "--format csv data/outlets.csv</code>.</p>\n");
		return page_close(&b);
	}
	px_buf_puts(&b, "<div class=\"table-scroll\"><table id=\"outlets\" class=\"list\">\n"
	            "<thead><tr><th scope=\"col\">Outlet</th><th scope=\"col\">Country</th>"
	            "<th scope=\"col\">Lean</th><th scope=\"col\">Factuality</th>"
	            "<th scope=\"col\">Ownership</th><th scope=\"col\" class=\"num\">Articles</th>"
	            "</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < l->n; i++) {
		const px_outlet *o = &l->outlets[i];
		px_buf_printf(&b, "<tr data-outlet-id=\"%lld\"><td><a href=\"/outlet/%lld\">",
		              (long long)o->id, (long long)o->id);
		text_or(&b, o->name, "unnamed outlet");
		px_buf_puts(&b, "</a></td><td>");
		text_or(&b, o->country, "\xE2\x80\x94");
		px_buf_puts(&b, "</td><td>");
		level_badge(&b, OUTLET_LEAN, o->lean.level);
		px_buf_puts(&b, "</td><td>");
		level_badge(&b, OUTLET_FACTUALITY, o->factuality.level);
		px_buf_puts(&b, "</td><td>");
		text_or(&b, o->ownership, "\xE2\x80\x94");
		px_buf_printf(&b, "</td><td class=\"num\">%lld</td></tr>\n", (long long)o->articles);
	}
	px_buf_puts(&b, "</tbody>\n</table></div>\n");
	return page_close(&b);
}

/* A combined rating in words: "lean-left (-1.33, the mean of 3 ratings)". */
static void combined(px_buf *b, outlet_dim d, const px_rating_combined *c)
{
	level_badge(b, d, c->level);
	if (!c->raters || !c->level)
		return;
	px_buf_printf(b, " <span class=\"how\">(%.2f, %s", c->value,
	              c->overridden ? "your override" : "the mean of ");
	if (!c->overridden)
		count_of(b, c->raters, "rating", "ratings");
	px_buf_puts(b, ")</span>");
}

/* What a rating counts for: the user's decides when it overrides, the
 * others are then set aside; else each goes into the mean. */
static const char *rating_role(const px_outlet *o, const px_rating *g)
{
	const px_rating_combined *c = !strcmp(g->dimension, "lean") ? &o->lean : &o->factuality;
	if (!c->overridden)
		return "in the mean";
	return same(g->rater, OUTLET_USER_RATER) ? "your override decides" : "overridden by yours";
}

/* table#ratings: every rating with its provenance. */
static void ratings_table(px_buf *b, const px_outlet *o)
{
	section_open(b, "ratings-section", "Ratings");
	if (!o->n_ratings) {
		px_buf_puts(b, "<p class=\"empty\">No rater rates this outlet.</p>\n</section>\n");
		return;
	}
	px_buf_puts(b, "<div class=\"table-scroll\"><table id=\"ratings\" class=\"list\">\n"
	            "<thead><tr><th scope=\"col\">Dimension</th><th scope=\"col\">Level</th>"
	            "<th scope=\"col\">Rater</th><th scope=\"col\">Date</th>"
	            "<th scope=\"col\">Source</th><th scope=\"col\">Counts</th></tr></thead>\n"
	            "<tbody>\n");
	for (size_t i = 0; i < o->n_ratings; i++) {
		const px_rating *g = &o->ratings[i];
		int lean = !strcmp(g->dimension, "lean");
		px_buf_puts(b, "<tr");
		attr_pair(b, "data-dimension", g->dimension);
		attr_pair(b, "data-rater", g->rater);
		px_buf_puts(b, "><td>");
		plain(b, g->dimension);
		px_buf_puts(b, "</td><td>");
		level_badge(b, lean ? OUTLET_LEAN : OUTLET_FACTUALITY, g->level);
		if (g->label && *g->label && (!g->level || strcasecmp(g->label, g->level))) {
			px_buf_puts(b, " <span class=\"label\">(");
			plain(b, g->label);
			px_buf_puts(b, ")</span>");
		}
		px_buf_printf(b, " <span class=\"value\">%.2f</span></td><td>", g->value);
		text_or(b, g->rater, "unknown");
		px_buf_puts(b, "</td><td class=\"nowrap\">");
		text_or(b, g->date, "date unknown");
		px_buf_puts(b, "</td><td class=\"provenance\">");
		text_or(b, g->source, "\xE2\x80\x94");
		px_buf_printf(b, "</td><td>%s</td></tr>\n", rating_role(o, g));
	}
	px_buf_puts(b, "</tbody>\n</table></div>\n</section>\n");
}

/* #stories-by-side: the outlet's stories by the side most of their
 * coverage leans. */
static void stories_by_side(px_buf *b, const px_outlet_activity *act)
{
	char attrs[160], label[192];
	section_open(b, "stories-by-side", "Its stories by side");
	snprintf(attrs, sizeof(attrs), " class=\"bias-bar wide\" data-left=\"%d\" "
	         "data-center=\"%d\" data-right=\"%d\" data-none=\"%d\"", act->by_side[0],
	         act->by_side[1], act->by_side[2], act->no_side);
	snprintf(label, sizeof(label), "Stories by the side most of their coverage leans: %d left, "
	         "%d center, %d right, %d with no side", act->by_side[0], act->by_side[1],
	         act->by_side[2], act->no_side);
	seg sg[4] = {
		{ "side-left", "Left", act->by_side[0] },
		{ "side-center", "Center", act->by_side[1] },
		{ "side-right", "Right", act->by_side[2] },
		{ "side-unrated", "None", act->no_side },
	};
	stacked_bar(b, attrs, sg, 4, label);
	px_buf_puts(b, "<p class=\"note\">Of ");
	count_of(b, act->stories, "story", "stories");
	px_buf_printf(b, " it covered: %d mostly covered by the left, %d by the center, %d by the "
	              "right, %d with no clear side.</p>\n</section>\n", act->by_side[0],
	              act->by_side[1], act->by_side[2], act->no_side);
}

/* ol#recent: the outlet's newest articles, each linked to its story and
 * out to the article. */
static void recent_articles(px_buf *b, const px_outlet_activity *act)
{
	section_open(b, "recent-section", "Recent articles");
	if (!act->n_recent) {
		px_buf_puts(b, "<p class=\"empty\">No article stored yet.</p>\n</section>\n");
		return;
	}
	px_buf_puts(b, "<ol id=\"recent\">\n");
	for (size_t i = 0; i < act->n_recent; i++) {
		const px_story_article *a = &act->recent[i];
		px_buf_printf(b, "<li data-article-id=\"%lld\">", (long long)a->id);
		if (a->story_id > 0) {
			px_buf_printf(b, "<a class=\"story-link\" href=\"/story/%lld\">",
			              (long long)a->story_id);
			text_or(b, a->title, "untitled");
			px_buf_puts(b, "</a>");
		} else {
			text_or(b, a->title, "untitled");
		}
		px_buf_puts(b, "<p class=\"hit-meta\">");
		time_el(b, a->published);
		px_buf_puts(b, " \xC2\xB7 ");
		link_out(b, a->url, "read at the outlet", "article-link");
		px_buf_puts(b, "</p></li>\n");
	}
	px_buf_puts(b, "</ol>\n</section>\n");
}

/* The outlet's identity: slug, country, language, owner, domains, feeds. */
static void outlet_identity(px_buf *b, const px_outlet *o)
{
	px_buf_puts(b, "<dl class=\"facts\">\n<dt>Domains</dt><dd class=\"domains\">");
	for (size_t i = 0; i < o->n_domains; i++) {
		px_buf_puts(b, i ? ", <code>" : "<code>");
		plain(b, o->domains[i]);
		px_buf_puts(b, "</code>");
	}
	if (!o->n_domains)
		px_buf_puts(b, "none");
	px_buf_puts(b, "</dd>\n<dt>Country</dt><dd>");
	text_or(b, o->country, "\xE2\x80\x94");
	px_buf_puts(b, "</dd>\n<dt>Language</dt><dd>");
	text_or(b, o->language, "\xE2\x80\x94");
	px_buf_puts(b, "</dd>\n<dt>Ownership</dt><dd>");
	text_or(b, o->ownership, "\xE2\x80\x94");
	if (o->owner && *o->owner) {
		px_buf_puts(b, ", ");
		plain(b, o->owner);
	}
	px_buf_puts(b, "</dd>\n<dt>Lean</dt><dd id=\"combined-lean\">");
	combined(b, OUTLET_LEAN, &o->lean);
	px_buf_puts(b, "</dd>\n<dt>Factuality</dt><dd id=\"combined-factuality\">");
	combined(b, OUTLET_FACTUALITY, &o->factuality);
	px_buf_printf(b, "</dd>\n<dt>Articles</dt><dd>%lld</dd>\n", (long long)o->articles);
	if (o->n_feeds)
		px_buf_puts(b, "<dt>Feeds</dt><dd><ul class=\"plain\">");
	for (size_t i = 0; i < o->n_feeds; i++) {
		px_buf_puts(b, "<li>");
		link_out(b, o->feeds[i], o->feeds[i], "feed-url");
		px_buf_puts(b, "</li>");
	}
	if (o->n_feeds)
		px_buf_puts(b, "</ul></dd>\n");
	px_buf_puts(b, "</dl>\n");
}

char *html_outlet(const px_outlet *o, const px_outlet_activity *act)
{
	px_buf b = PX_BUF_INIT;
	page_meta p = { .title = o->name ? o->name : "Outlet", .nav = "/outlets" };
	page_open(&b, &p);
	px_buf_printf(&b, "<div class=\"page-head\" data-outlet-id=\"%lld\"><h1>", (long long)o->id);
	text_or(&b, o->name, "Unnamed outlet");
	px_buf_puts(&b, "</h1>");
	if (o->slug) {
		px_buf_puts(&b, "<p class=\"lede\"><code>");
		plain(&b, o->slug);
		px_buf_puts(&b, "</code></p>");
	}
	/* The facts first, so a phone shows them before the lists. */
	px_buf_puts(&b, "</div>\n<div class=\"story-layout aside-first\">\n<aside "
	            "class=\"story-aside\">\n<section class=\"card\"><h2>About</h2>\n");
	outlet_identity(&b, o);
	px_buf_puts(&b, "</section>\n</aside>\n<div class=\"story-main\">\n");
	if (act) {
		stories_by_side(&b, act);
		recent_articles(&b, act);
	}
	ratings_table(&b, o);
	px_buf_puts(&b, "</div>\n</div>\n");
	return page_close(&b);
}

/* ------------------------------------------------------------- search */

/* One hit: the title (matches marked) linked to its story, the outlet,
 * time and a link out, the snippet with its marks. */
static void hit_item(px_buf *b, const px_search_hit *h)
{
	const px_story_article *a = &h->article;
	px_buf_printf(b, "<li class=\"hit\" data-article-id=\"%lld\" data-story-id=\"%lld\">\n"
	              "<h2 class=\"hit-title\">", (long long)a->id, (long long)a->story_id);
	if (a->story_id > 0)
		px_buf_printf(b, "<a class=\"headline\" href=\"/story/%lld\">", (long long)a->story_id);
	else
		px_buf_puts(b, "<span class=\"headline\">");
	if (h->title_marked && *h->title_marked)
		html_text(b, h->title_marked);
	else
		text_or(b, a->title, "untitled");
	px_buf_puts(b, a->story_id > 0 ? "</a></h2>\n" : "</span></h2>\n");
	px_buf_puts(b, "<p class=\"hit-meta\">");
	outlet_link(b, a->outlet_id, a->outlet);
	px_buf_printf(b, " <span class=\"lean side-%s\">", side_key[side_of(a->lean)]);
	plain(b, a->lean ? a->lean : "lean unrated");
	px_buf_puts(b, "</span> ");
	time_el(b, a->published);
	px_buf_puts(b, " \xC2\xB7 ");
	link_out(b, a->url, "read at the outlet", "article-link");
	px_buf_puts(b, "</p>\n<p class=\"snippet\">");
	html_text(b, h->snippet);
	px_buf_puts(b, "</p>\n</li>\n");
}

/* The search form in the page, for a search page without a query. */
static void search_form(px_buf *b)
{
	px_buf_puts(b, "<form id=\"search-form\" class=\"search big\" action=\"/search\" "
	            "method=\"get\" role=\"search\"><label class=\"sr-only\" for=\"q\">Search "
	            "articles</label><input id=\"q\" type=\"search\" name=\"q\" placeholder=\""
	            "Words, \xE2\x80\x9C" "a phrase\xE2\x80\x9D or a prefix*\"><button type=\"submit\">"
	            "Search</button></form>\n<p class=\"hint\">Every word must occur in an "
	            "article\xE2\x80\x99s title or text; end a word with <code>*</code> for a prefix, "
	            "put words in \"quotes\" for a phrase.</p>\n");
}

/* p#result-count: "25 results for “Q”", "No results for “Q”". */
static void result_count(px_buf *b, const char *q, size_t total)
{
	px_buf_puts(b, "<p id=\"result-count\">");
	if (total)
		count_of(b, (long long)total, "result", "results");
	else
		px_buf_puts(b, "No results");
	px_buf_puts(b, " for \xE2\x80\x9C");
	plain(b, q);
	px_buf_puts(b, "\xE2\x80\x9D</p>\n");
}

char *html_search(const char *q, const px_search_result *r, size_t page_no, size_t per_page)
{
	px_buf b = PX_BUF_INIT, query = PX_BUF_INIT, paging = PX_BUF_INIT;
	query_param(&query, "q", q);
	px_buf_puts(&paging, px_buf_str(&query));
	per_page_param(&paging, per_page);
	page_meta p = { .title = q && *q ? q : "Search", .feed = r ? "/feeds/search" : NULL,
	                .feed_query = px_buf_str(&query), .query = q };
	if (!page_no)
		page_no = 1;
	page_open(&b, &p);
	px_buf_puts(&b, "<div class=\"page-head\"><h1>Search</h1>\n");
	if (r)
		result_count(&b, q, r->total);
	else
		search_form(&b);
	px_buf_puts(&b, "</div>\n");
	if (r && r->n) {
		px_buf_printf(&b, "<ol id=\"results\" start=\"%zu\">\n",
		              (page_no - 1) * per_page + 1);
		for (size_t i = 0; i < r->n; i++)
			hit_item(&b, &r->hits[i]);
		px_buf_puts(&b, "</ol>\n");
	}
	if (r && (r->n || page_no > 1))
		pagination(&b, "/search", px_buf_str(&paging), page_no,
		           page_count(r->total > r->n ? r->total : r->n, per_page));
	px_buf_free(&query);
	px_buf_free(&paging);
	return page_close(&b);
}

/* ------------------------------------------------------------- feeds */

/* The last fetch's status: "never fetched", "no response" or the HTTP
 * status, classed ok or failed. */
static void feed_status(px_buf *b, const px_feed_info *x)
{
	if (x->last_fetch_at == PX_TIME_UNKNOWN && !x->last_status)
		px_buf_puts(b, "<span class=\"status\">never fetched</span>");
	else if (x->last_status < 0)
		px_buf_puts(b, "<span class=\"status failed\">no response</span>");
	else
		px_buf_printf(b, "<span class=\"status %s\">%ld</span>",
		              x->last_status < 400 && !x->error_count ? "ok" : "failed", x->last_status);
}

/* One feed's row: title and URL, outlet, last fetch, status, errors,
 * last error, next due, interval, disabled. */
static void feed_row(px_buf *b, const px_feed_info *x, int64_t now)
{
	char span[32];
	px_buf_printf(b, "<tr data-feed-id=\"%lld\"%s><td class=\"feed\"><span class=\"title\">",
	              (long long)x->id, x->error_count ? " class=\"failing\"" : "");
	text_or(b, x->title, "untitled feed");
	px_buf_puts(b, "</span><br>");
	link_out(b, x->url_given ? x->url_given : x->url, x->url_given ? x->url_given : x->url,
	         "feed-url");
	px_buf_puts(b, "</td><td class=\"nowrap\">");
	if (x->outlet_id > 0)
		outlet_link(b, x->outlet_id, x->outlet ? x->outlet : "(unnamed outlet)");
	else
		px_buf_puts(b, "\xE2\x80\x94");
	px_buf_puts(b, "</td><td>");
	relative_time(b, x->last_fetch_at, now);
	px_buf_puts(b, "</td><td>");
	feed_status(b, x);
	px_buf_printf(b, "</td><td class=\"num\">%d</td><td class=\"error\">", x->error_count);
	plain(b, x->last_error);
	px_buf_puts(b, "</td><td>");
	if (x->disabled) {
		px_buf_puts(b, "\xE2\x80\x94");
	} else if (x->next_due_at != PX_TIME_UNKNOWN && x->next_due_at <= now) {
		px_buf_puts(b, "<span class=\"relative\">due now</span> ");
		time_el(b, x->next_due_at);
	} else {
		relative_time(b, x->next_due_at, now);
	}
	px_buf_printf(b, "</td><td>%s</td><td>%s</td></tr>\n",
	              duration(x->interval_s, span, sizeof(span)), x->disabled ? "yes" : "no");
}

char *html_feeds(const px_feed_info_list *l, int64_t now)
{
	px_buf b = PX_BUF_INIT;
	page_meta p = { .title = "Feeds", .nav = "/feeds" };
	int failing = 0, disabled = 0;
	for (size_t i = 0; i < l->n; i++) {
		failing += l->feeds[i].error_count > 0;
		disabled += l->feeds[i].disabled != 0;
	}
	page_open(&b, &p);
	px_buf_puts(&b, "<div class=\"page-head\"><h1>Feeds</h1>\n<p class=\"lede\">");
	count_of(&b, (long long)l->n, "feed", "feeds");
	px_buf_printf(&b, " followed \xC2\xB7 %d failing \xC2\xB7 %d disabled.</p></div>\n", failing,
	              disabled);
	if (!l->n) {
		px_buf_puts(&b, "<p class=\"empty\">No feeds yet: <code>parallax feeds add URL</code> "
		            "or <code>parallax feeds import data/feeds.opml</code>.</p>\n");
		return page_close(&b);
	}
	px_buf_puts(&b, "<div class=\"table-scroll\"><table id=\"feeds\" class=\"list\">\n"
	            "<thead><tr><th scope=\"col\">Feed</th><th scope=\"col\">Outlet</th>"
	            "<th scope=\"col\">Last fetch</th><th scope=\"col\">Status</th>"
	            "<th scope=\"col\" class=\"num\">Errors</th><th scope=\"col\">Last error</th>"
	            "<th scope=\"col\">Next due</th><th scope=\"col\">Interval</th>"
	            "<th scope=\"col\">Disabled</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < l->n; i++)
		feed_row(&b, &l->feeds[i], now);
	px_buf_puts(&b, "</tbody>\n</table></div>\n");
	return page_close(&b);
}

/* ------------------------------------------------------------- errors */

/* The reason phrase of an HTTP status the server sends. */
static const char *reason_phrase(int status)
{
	switch (status) {
	case 400: return "Bad Request";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 413: return "Content Too Large";
	case 429: return "Too Many Requests";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	default: return status >= 500 ? "Server Error" : "Error";
	}
}

char *html_error(int status, const char *message)
{
	px_buf b = PX_BUF_INIT;
	char title[64];
	snprintf(title, sizeof(title), "%d %s", status, reason_phrase(status));
	page_meta p = { .title = title };
	page_open(&b, &p);
	px_buf_printf(&b, "<section class=\"card error\" data-status=\"%d\">\n<h1>%s</h1>\n"
	              "<p class=\"error-message\">", status, title);
	text_or(&b, message, "Something went wrong.");
	px_buf_puts(&b, "</p>\n<p><a href=\"/\">Back to the top stories</a></p>\n</section>\n");
	return page_close(&b);
}
