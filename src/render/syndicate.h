/*
 * syndicate.h — stories and search results as RSS 2.0 and Atom 1.0 feeds
 * (render/syndicate.c), for serve/.
 *
 * Feeds follow the rules the W3C Feed Validation Service checks: RSS 2.0
 * with title, link and description on the channel and every item, RFC 822
 * dates, a guid on every item (isPermaLink="false" unless it is the
 * item's URL), an atom:link rel="self"; Atom 1.0 with id, title, updated
 * (RFC 3339) and author on the feed, id, title, updated, link and summary
 * on every entry, and a rel="self" link.  Text is escaped, never CDATA;
 * characters XML 1.0 forbids are dropped.
 *
 * An item is a story: its headline, its summary and key points as the
 * description, a link to the story page, the story's last update as its
 * date, and a guid that stays the same as the story grows.
 */
#ifndef PX_RENDER_SYNDICATE_H
#define PX_RENDER_SYNDICATE_H

#include "parallax.h"

typedef enum syn_format { SYN_RSS, SYN_ATOM } syn_format;

/* What a feed is about.  BASE is the site's address without a trailing
 * slash ("http://127.0.0.1:8080"); SELF the feed's own path and query
 * ("/feeds/top.atom"); PAGE the path of the HTML page it mirrors ("/"). */
typedef struct syn_meta {
	const char *base;
	const char *self;
	const char *page;
	const char *title;        /* "Parallax: top stories" */
	const char *description;
} syn_meta;

/* Stories as a feed, dated by the newest story's last update (with no
 * stories: the Unix epoch, so an empty feed's bytes never change).
 * Malloc'd, NUL-terminated. */
char *syn_stories(syn_format f, const syn_meta *m, const px_story_list *l);

/* Search hits as a feed: each item an article, linking to the article
 * (and its story page as a second link in Atom). */
char *syn_search(syn_format f, const syn_meta *m, const px_search_result *r);

#endif
