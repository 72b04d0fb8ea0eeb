/*
 * html.h — the web UI's pages as HTML (render/html.c), for serve/.
 *
 * Every page is a whole HTML5 document: the site's header (name, the
 * navigation, the search box), the content, a footer.  Pages work without
 * JavaScript and read well on a phone (one stylesheet, /static/style.css;
 * no inline script or style: the server's Content-Security-Policy forbids
 * both, so bars and charts are inline SVG drawn with attributes).
 *
 * Every outside string (titles, names, URLs, query text) is escaped for
 * where it goes: html_text for text and attribute values, links only to
 * http(s) URLs (anything else is shown, not linked), query strings
 * percent-encoded.  Article HTML never reaches a page: articles are stored
 * as text.
 *
 * The functions return a malloc'd NUL-terminated document.  The element
 * ids and classes the browser tests rely on are listed in docs/API.md
 * ("Web pages").
 */
#ifndef PX_RENDER_HTML_H
#define PX_RENDER_HTML_H

#include <stddef.h>
#include <stdint.h>

#include "parallax.h"
#include "util/buf.h"

/* Escapes S for HTML text and double-quoted attribute values (& < > " ').
 * PX_MARK_ON / PX_MARK_OFF in S become <mark> and </mark> (balanced). */
void html_text(px_buf *b, const char *s);
/* Percent-encodes S for a query-string value (RFC 3986 unreserved kept). */
void html_query_value(px_buf *b, const char *s);
/* 1 if URL may be a link target: an absolute http or https URL. */
int html_safe_url(const char *url);

/* The home page's filters and paging, as the request gave them. */
typedef struct html_filters {
	const char *topic, *country, *lang, *window;   /* NULL or "" : any */
	size_t page;            /* 1-based */
	size_t per_page;
	const char *const *countries;  /* the choices offered, NULL-ended */
	const char *const *langs;
} html_filters;

/* Home: the stories of L (one page, L->total matches in all), each with
 * its headline, topic, source count, left/center/right bar and blindspot
 * badge; the filter form; links to the previous and next pages. */
char *html_home(const px_story_list *l, const html_filters *f);

/* A story page.  SIDE ("left", "center", "right", or NULL: all) filters
 * the article list. */
char *html_story(const px_story *s, const char *side);

/* Blindspots: the stories the left barely covers, and those the right
 * barely covers, in two columns; BASELINE is the window's lean counts. */
char *html_blindspots(const px_story_list *left_blind,
                      const px_story_list *right_blind,
                      const px_lean_counts *baseline);

/* The outlet registry, and one outlet with its activity. */
char *html_outlets(const px_outlet_list *l);
char *html_outlet(const px_outlet *o, const px_outlet_activity *act);

/* Search: the form with Q, and R's hits (page PAGE of PER_PAGE); R NULL
 * when no query was given. */
char *html_search(const char *q, const px_search_result *r, size_t page,
                  size_t per_page);

/* The feeds Parallax follows and how each fetch went. */
char *html_feeds(const px_feed_info_list *l, int64_t now);

/* An error page: STATUS (404 ...) and what went wrong. */
char *html_error(int status, const char *message);

#endif
