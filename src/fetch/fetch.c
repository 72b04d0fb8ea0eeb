/*
 * fetch.c — a guarded GET on libcurl: what a long-running poller pointed at
 * hundreds of outside servers needs from every single transfer.
 *
 *   - Only http and https, for the first request and every redirect
 *     (CURLOPT_PROTOCOLS_STR / REDIR_PROTOCOLS_STR), at most 5 hops.
 *   - Addresses checked where libcurl opens the socket (OPENSOCKETFUNCTION):
 *     after DNS resolution and again on every hop, so neither a name that
 *     resolves to a private address nor a redirect to one gets through.
 *     No proxy from the environment: a proxy would hide the address.
 *   - The body is written to a buffer that stops at the cap: the transfer
 *     is aborted there and the result marked truncated, so a 10 GB page or
 *     a gzip bomb costs at most the cap (libcurl decompresses before the
 *     write callback, so the cap counts decompressed bytes).
 *   - Timeouts: 10 s to connect, the whole transfer bounded, and a server
 *     that drips less than 64 bytes a second for 15 s is dropped.
 *   - Conditional GET with the ETag and Last-Modified of the last fetch;
 *     the response's own are kept for the next, with Retry-After.
 */
#include "fetch.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/url.h"

enum { DEFAULT_MAX = 16 << 20, DEFAULT_TIMEOUT_MS = 30000 };

struct fetch_job {
	CURL *h;
	char *url;
	px_buf body;
	size_t max;
	int truncated;
	int allow_private;
	char refused[96];          /* the address refused, for the message */
	char *etag, *last_modified, *content_location, *content_language;
	px_buf head;               /* the header lines of the last response */
	long retry_after;
	struct curl_slist *headers;
	char errbuf[CURL_ERROR_SIZE];
};

int fetch_address_is_private(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET) {
		uint32_t a = ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr);
		return (a >> 24) == 0 || (a >> 24) == 10 || (a >> 24) == 127 ||
		       (a >> 22) == (100u << 2 | 1) ||          /* 100.64/10 */
		       (a >> 16) == (169u << 8 | 254) ||        /* 169.254/16 */
		       (a >> 20) == (172u << 4 | 1) ||          /* 172.16/12 */
		       (a >> 8) == (192u << 16 | 0 << 8 | 0) || /* 192.0.0/24 */
		       (a >> 16) == (192u << 8 | 168) ||        /* 192.168/16 */
		       (a >> 17) == (198u << 7 | 18 >> 1) ||    /* 198.18/15 */
		       (a >> 28) >= 14;                         /* multicast, reserved */
	}
	if (sa->sa_family == AF_INET6) {
		const unsigned char *b = ((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr;
		static const unsigned char zero[10] = { 0 };
		if (!memcmp(b, zero, 10) && b[10] == 0xFF && b[11] == 0xFF) { /* ::ffff:a.b.c.d */
			struct sockaddr_in v4 = { .sin_family = AF_INET };
			memcpy(&v4.sin_addr, b + 12, 4);
			return fetch_address_is_private((const struct sockaddr *)&v4);
		}
		int all_zero = 1;
		for (int i = 0; i < 15; i++)
			all_zero &= b[i] == 0;
		if (all_zero) /* :: and ::1 */
			return 1;
		return (b[0] & 0xFE) == 0xFC ||                /* fc00::/7 unique local */
		       (b[0] == 0xFE && (b[1] & 0xC0) == 0x80) || /* fe80::/10 link-local */
		       b[0] == 0xFF ||                          /* multicast */
		       (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8); /* doc */
	}
	return 1; /* anything else is no Internet address */
}

static curl_socket_t open_socket(void *userp, curlsocktype purpose, struct curl_sockaddr *addr)
{
	fetch_job *j = userp;
	(void)purpose;
	if (!j->allow_private && fetch_address_is_private(&addr->addr)) {
		char ip[INET6_ADDRSTRLEN] = "?";
		const void *src = addr->family == AF_INET
		                  ? (const void *)&((struct sockaddr_in *)&addr->addr)->sin_addr
		                  : (const void *)&((struct sockaddr_in6 *)&addr->addr)->sin6_addr;
		inet_ntop(addr->family, src, ip, sizeof(ip));
		snprintf(j->refused, sizeof(j->refused), "%s", ip);
		return CURL_SOCKET_BAD;
	}
	return socket(addr->family, addr->socktype, addr->protocol);
}

static size_t on_body(char *p, size_t size, size_t n, void *userp)
{
	fetch_job *j = userp;
	size_t k = size * n;
	if (j->body.len + k > j->max) {
		px_buf_add(&j->body, p, j->max - j->body.len);
		j->truncated = 1;
		return 0; /* aborts the transfer: CURLE_WRITE_ERROR */
	}
	px_buf_add(&j->body, p, k);
	return k;
}

/* The value of header line P (N bytes) if it is NAME, trimmed, malloc'd. */
static char *header_value(const char *p, size_t n, const char *name)
{
	size_t k = strlen(name);
	if (n <= k || strncasecmp(p, name, k) || p[k] != ':')
		return NULL;
	const char *v = p + k + 1, *e = p + n;
	while (v < e && (*v == ' ' || *v == '\t'))
		v++;
	while (e > v && (e[-1] == '\r' || e[-1] == '\n' || e[-1] == ' '))
		e--;
	char *s = px_xmalloc((size_t)(e - v) + 1);
	memcpy(s, v, (size_t)(e - v));
	s[e - v] = 0;
	return s;
}

static size_t on_header(char *p, size_t size, size_t n, void *userp)
{
	fetch_job *j = userp;
	size_t k = size * n;
	if (k >= 5 && !strncmp(p, "HTTP/", 5)) { /* a new response (a redirect's) */
		free(j->etag);
		free(j->last_modified);
		free(j->content_location);
		free(j->content_language);
		j->etag = j->last_modified = j->content_location = j->content_language = NULL;
		j->retry_after = 0;
		px_buf_free(&j->head);
		return k;
	}
	size_t line = k;
	while (line && (p[line - 1] == '\r' || p[line - 1] == '\n'))
		line--;
	if (line && j->head.len < 64 * 1024) { /* a bound against endless headers */
		px_buf_add(&j->head, p, line);
		px_buf_putc(&j->head, '\n');
	}
	char *v;
	if ((v = header_value(p, k, "ETag")) != NULL) {
		free(j->etag);
		j->etag = v;
	} else if ((v = header_value(p, k, "Last-Modified")) != NULL) {
		free(j->last_modified);
		j->last_modified = v;
	} else if ((v = header_value(p, k, "Content-Location")) != NULL) {
		free(j->content_location);
		j->content_location = v;
	} else if ((v = header_value(p, k, "Content-Language")) != NULL) {
		free(j->content_language);
		j->content_language = v;
	} else if ((v = header_value(p, k, "Retry-After")) != NULL) {
		char *end;
		long s = strtol(v, &end, 10);
		j->retry_after = *v && !*end && s > 0 ? s : 60; /* a date: a minute */
		free(v);
	}
	return k;
}

fetch_job *fetch_job_new(const char *url, const px_fetch_opts *o, px_error *err)
{
	static const px_fetch_opts defaults = { 0 };
	if (!o)
		o = &defaults;
	if (!url || (strncasecmp(url, "http://", 7) && strncasecmp(url, "https://", 8))) {
		px_fail(err, PX_EINVAL, "%s: only http and https URLs can be fetched", url ? url : "(null)");
		return NULL;
	}
	fetch_job *j = px_xcalloc(1, sizeof(*j));
	j->url = px_xstrdup(url);
	j->max = o->max_bytes ? o->max_bytes : DEFAULT_MAX;
	j->allow_private = o->allow_private;
	j->h = curl_easy_init();
	if (!j->h) {
		fetch_job_free(j);
		px_fail(err, PX_ENOMEM, "%s: cannot start a transfer", url);
		return NULL;
	}
	CURL *h = j->h;
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(h, CURLOPT_MAXREDIRS, 5L);
	curl_easy_setopt(h, CURLOPT_PROXY, "");
	curl_easy_setopt(h, CURLOPT_OPENSOCKETFUNCTION, open_socket);
	curl_easy_setopt(h, CURLOPT_OPENSOCKETDATA, j);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, j);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, j);
	curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(h, CURLOPT_USERAGENT, o->user_agent ? o->user_agent : PX_USER_AGENT);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, 10000L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, o->timeout_ms > 0 ? o->timeout_ms : (long)DEFAULT_TIMEOUT_MS);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 64L);
	curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, 15L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, j->errbuf);
	curl_easy_setopt(h, CURLOPT_PRIVATE, j);
	if (o->etag && *o->etag) {
		char line[512];
		snprintf(line, sizeof(line), "If-None-Match: %s", o->etag);
		j->headers = curl_slist_append(j->headers, line);
	}
	if (o->last_modified && *o->last_modified) {
		char line[512];
		snprintf(line, sizeof(line), "If-Modified-Since: %s", o->last_modified);
		j->headers = curl_slist_append(j->headers, line);
	}
	if (j->headers)
		curl_easy_setopt(h, CURLOPT_HTTPHEADER, j->headers);
	return j;
}

CURL *fetch_job_handle(fetch_job *j)
{
	return j->h;
}

/* LOCATION (a Content-Location, may be NULL or relative) resolved against
 * URL, malloc'd; URL itself when there is none or it does not resolve. */
static char *resolve_base(const char *url, const char *location)
{
	char *out = location && *location ? px_url_resolve(url, location) : NULL;
	return out ? out : px_xstrdup(url);
}

static char *dup_or_null(const char *s)
{
	return s ? px_xstrdup(s) : NULL;
}

int fetch_job_finish(fetch_job *j, CURLcode rc, px_fetch_result *r, px_error *err)
{
	memset(r, 0, sizeof(*r));
	if (rc != CURLE_OK && !(rc == CURLE_WRITE_ERROR && j->truncated)) {
		if (j->refused[0])
			return px_fail(err, PX_EINVAL,
			               "%s: refused to connect to %s, a private or local address "
			               "(--allow-private allows it)", j->url, j->refused);
		return px_fail(err, PX_EIO, "%s: %s", j->url,
		               j->errbuf[0] ? j->errbuf : curl_easy_strerror(rc));
	}
	curl_easy_getinfo(j->h, CURLINFO_RESPONSE_CODE, &r->status);
	char *ct = NULL, *eff = NULL;
	curl_easy_getinfo(j->h, CURLINFO_CONTENT_TYPE, &ct);
	curl_easy_getinfo(j->h, CURLINFO_EFFECTIVE_URL, &eff);
	r->content_type = dup_or_null(ct);
	r->url = px_xstrdup(eff ? eff : j->url);
	r->base = resolve_base(r->url, j->content_location);
	r->etag = j->etag;
	r->last_modified = j->last_modified;
	r->content_language = j->content_language;
	j->etag = j->last_modified = j->content_language = NULL;
	r->headers = px_buf_steal(&j->head);
	if (!r->headers)
		r->headers = px_xstrdup("");
	r->retry_after = j->retry_after;
	r->truncated = j->truncated;
	if (r->status != 304) {
		r->len = j->body.len;
		r->body = px_buf_steal(&j->body);
		if (!r->body)
			r->body = px_xstrdup("");
	}
	return 0;
}

void fetch_job_free(fetch_job *j)
{
	if (!j)
		return;
	if (j->h)
		curl_easy_cleanup(j->h);
	curl_slist_free_all(j->headers);
	px_buf_free(&j->body);
	free(j->etag);
	free(j->last_modified);
	free(j->content_location);
	free(j->content_language);
	px_buf_free(&j->head);
	free(j->url);
	free(j);
}

int px_fetch(const char *url, const px_fetch_opts *o, px_fetch_result *r, px_error *err)
{
	memset(r, 0, sizeof(*r));
	fetch_job *j = fetch_job_new(url, o, err);
	if (!j)
		return PX_EINVAL;
	CURLcode rc = curl_easy_perform(j->h);
	int st = fetch_job_finish(j, rc, r, err);
	fetch_job_free(j);
	return st;
}

void px_fetch_result_free(px_fetch_result *r)
{
	free(r->body);
	free(r->url);
	free(r->base);
	free(r->content_type);
	free(r->etag);
	free(r->last_modified);
	free(r->content_language);
	free(r->headers);
	memset(r, 0, sizeof(*r));
}
