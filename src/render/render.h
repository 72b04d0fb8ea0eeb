/*
 * render.h — what the files of render/ share, and serve/ builds on: the
 * JSON values behind px_render_*_json (docs/API.md), so the API's
 * envelopes hold them without printing and parsing again, and the one way
 * a time reads on a page or a terminal.
 */
#ifndef PX_RENDER_RENDER_H
#define PX_RENDER_RENDER_H

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#include "parallax.h"

/* A story, a list of them, one article of a story (EXPLAIN: with how it
 * joined), an outlet, the outlet table and the feeds, as JSON values the
 * caller owns. */
json_t *render_story_value(const px_story *s, int explain);
json_t *render_stories_value(const px_story_list *l);
json_t *render_article_value(const px_story_article *a, int explain);
json_t *render_outlet_value(const px_outlet *o);
json_t *render_outlets_value(const px_outlet_list *l);
json_t *render_feeds_value(const px_feed_info_list *l);

/* T as "2025-03-04 09:30" and SUFFIX (" UTC", or "") in BUF (>= 40
 * bytes); UNKNOWN when T is PX_TIME_UNKNOWN. */
const char *render_minute(int64_t t, const char *suffix, const char *unknown, char *buf,
                          size_t size);

#endif
