/*
 * feed.h — the feed stage's parts and how they meet (internal to feed/).
 *
 *   feed.c      px_feed_parse(): JSON Feed or XML, then the items view
 *   encoding.c  which encoding (RFC 3023), converted to UTF-8
 *   xml.c       RSS 0.9x/1.0/2.0, Atom 0.3/1.0, CDF through libxml2's SAX2
 *   jsonfeed.c  JSON Feed 1.0/1.1
 *   html.c      feed HTML sanitised, its links resolved, or flattened to text
 *   date.c      dates as feeds write them
 *   geo.c       GeoRSS and GML positions as a GeoJSON-like "where"
 *
 * Both parsers write the same result, feedparser's shape as a JSON tree:
 *   { "bozo": bool, "bozo_exception": "...", "encoding": "...",
 *     "version": "rss20" | "atom10" | ..., "feed": {...}, "entries": [...] }
 * with feedparser's field names (docs/API.md), so that px_feed_json is the
 * tree itself and the items view reads a few of its fields.
 */
#ifndef PX_FEED_FEED_H
#define PX_FEED_FEED_H

#include <jansson.h>
#include <stddef.h>

#include "parallax.h"

/* Parses XML feed bytes, UTF-8 whatever their declaration says
 * (encoding.c converts them first), into ROOT (an object with "feed",
 * "entries" and "encoding" already set).  URL: the document's address,
 * the first xml:base; LANG: the language where no xml:lang says one (HTTP
 * Content-Language); either may be NULL.  Ill-formed input sets bozo and
 * is read on as far as libxml2 recovers it.  Returns 0, or PX_EINVAL with
 * ERR when nothing feed-like could be read. */
int feed_parse_xml(const char *data, size_t n, const char *url, const char *lang,
                   json_t *root, px_error *err);

/* The same for a JSON Feed document. */
int feed_parse_jsonfeed(const char *data, size_t n, const char *url, json_t *root,
                        px_error *err);

/* 1 if DATA looks like a JSON document (first non-space byte '{'). */
int feed_is_json(const char *data, size_t n);

/* Sets ROOT's bozo flag with the first reason given (later ones are kept
 * out: feedparser reports the first). */
void feed_set_bozo(json_t *root, const char *reason);

/* Sets OBJ[KEY] to the string S (NULL: nothing) and OBJ[KEY_parsed] to its
 * date tuple when S parses as a date. */
void feed_set_date(json_t *obj, const char *key, const char *s);

/* TEXT's positions ("lat lon lat lon ...") as a geometry of TYPE
 * ("Point", "LineString", "Polygon", "Box"): {"type", "coordinates"},
 * longitude first when SWAP; DIMS numbers a position (2 or 3).  NULL when
 * the text holds no such geometry. */
json_t *feed_geometry(const char *type, const char *text, int swap, int dims);

/* 0 if GML's SRS_NAME is a projected system (axes already x, y), else 1. */
int feed_geo_swap(const char *srs_name);

#endif
