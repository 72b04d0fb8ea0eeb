/* encoding.h — a feed's character encoding decided (RFC 3023, as
 * feedparser applies it) and its bytes converted to UTF-8 (internal to
 * feed/; the rules are in encoding.c). */
#ifndef PX_FEED_ENCODING_H
#define PX_FEED_ENCODING_H

#include <stddef.h>

#include "util/arena.h"

typedef struct feed_decoded {
	const char *text;     /* UTF-8, without a BOM, in the arena */
	size_t len;
	const char *encoding; /* what the bytes were read as: "utf-8", "us-ascii" ... */
	const char *bozo;     /* why the feed is ill-formed here, or NULL */
} feed_decoded;

/* Decodes DATA (N bytes).  CONTENT_TYPE: the HTTP header (NULL: none);
 * FROM_HTTP: the bytes came over HTTP (a missing Content-Type then counts).
 * Returns 0, or -1 when no encoding decodes the bytes (OUT->bozo says so). */
int feed_decode(px_arena *a, const char *data, size_t n, const char *content_type,
                int from_http, feed_decoded *out);

#endif
