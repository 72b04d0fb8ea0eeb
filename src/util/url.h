/* url.h — URL helpers used by ingest and the feed reader (see url.c). */
#ifndef PX_URL_H
#define PX_URL_H

#include <stddef.h>

/* 1 if the query parameter NAME (N bytes) only tracks the reader. */
int px_url_param_is_tracking(const char *name, size_t n);
/* The lower-cased host of URL (no port, no user) into OUT; "" if none. */
char *px_url_host(const char *url, char *out, size_t size);
/* HOST without a leading "www.", "m.", "amp." ... (a pointer into HOST). */
const char *px_domain_strip(const char *host);
/* REF resolved against BASE (RFC 3986, libcurl's URL parser; any scheme),
 * malloc'd; NULL when BASE or REF is NULL or they do not resolve. */
char *px_url_resolve(const char *base, const char *ref);

#endif
