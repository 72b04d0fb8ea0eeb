/*
 * fetch.h — one guarded HTTP transfer as a libcurl easy handle (internal
 * to fetch/ and its users: px_fetch runs one alone, the poller many at
 * once on a multi handle).
 *
 * A job owns everything its transfer writes: the body (cut off at the
 * cap), the response headers it keeps, and why an address was refused.
 * The guard sits where libcurl opens each socket, after DNS resolution and
 * for every redirect hop, so a name that resolves to 127.0.0.1 or a
 * redirect to 10.0.0.1 is refused as surely as the literal address.
 */
#ifndef PX_FETCH_FETCH_H
#define PX_FETCH_FETCH_H

#include <curl/curl.h>

#include "parallax.h"

typedef struct fetch_job fetch_job;

/* A job for URL with options O (NULL: defaults); NULL with ERR when URL is
 * not an http(s) URL. */
fetch_job *fetch_job_new(const char *url, const px_fetch_opts *o, px_error *err);

/* The easy handle to perform or add to a multi handle. */
CURL *fetch_job_handle(fetch_job *j);

/* The transfer ended with RC: fills R (0) or ERR (a px_status) with the
 * URL and the reason. */
int fetch_job_finish(fetch_job *j, CURLcode rc, px_fetch_result *r, px_error *err);

void fetch_job_free(fetch_job *j);

/* 1 if the address is loopback, private, link-local, multicast or
 * otherwise not on the public Internet (IPv4 and IPv6, mapped forms too). */
int fetch_address_is_private(const struct sockaddr *sa);

/* Parallax's User-Agent. */
#define PX_USER_AGENT "Parallax/0.4 (self-hosted news reader; +https://github.com/parallax-news/parallax)"

#endif
