/*
 * fixture_server.c — the loopback HTTP server that the fetch and poller
 * tests start (issue 7): fixture feeds and pages from a directory, plus
 * the misbehaving responses a fetcher must survive.
 *
 *   fixture-server --root DIR [--port N] [--exit-on-eof] [--log]
 *                  [--page-bytes B]
 *
 * It binds 127.0.0.1 only (port 0, the default, asks the kernel for a free
 * one), prints "listening on http://127.0.0.1:PORT/" on stdout once it
 * accepts connections, and serves until SIGTERM or SIGINT, or until stdin
 * reaches end of file when --exit-on-eof is given: a test keeps the write
 * end of a pipe to the server's stdin, so a test that crashes or is killed
 * takes its server with it.  Both ways out stop the daemon, free what the
 * server holds and exit 0, so that under AddressSanitizer a leak shows up
 * as a failed stop.
 *
 * libmicrohttpd runs one thread per connection: a handler that sleeps
 * (/slow, /drip) holds only its own connection.  Every sleep is taken in
 * short naps that end early once the server is stopping, so a shutdown
 * never waits for a long drip.  MHD calls the access handler once when a
 * request's headers have arrived (a `struct request` is made then, and the
 * request is counted in the statistics) and again to produce the answer;
 * the completion callback writes the access log line and frees it.
 *
 * --page-bytes B (the poller benchmark, bench/poll) makes each generated
 * /page/N.html a whole news page of B/2 to 3B/2 bytes, boilerplate and
 * all, telling one of 701 invented stories (news mode, below), and the
 * generated feeds list those pages; without it pages and feeds stay the
 * short ones the tests read.
 *
 * Routes are one table of path prefixes (`routes` below), each with a
 * handler that receives the rest of the path.  Files, generated pages and
 * generated feeds all leave through serve_bytes(), which gives every body
 * the same validators and conditional-GET answers: a strong ETag (FNV-1a
 * of the bytes, "-gz" appended for the gzip form, both accepted back in
 * If-None-Match), Last-Modified, 304 when If-None-Match matches or, when
 * there is none, when the body is not newer than If-Modified-Since, and
 * gzip (deflate with a gzip wrapper, whole body in memory — fixtures are
 * small) when Accept-Encoding allows it.
 *
 * The statistics (/stats) are a jansson object behind one mutex: per
 * path, the number of requests so far, the last status sent, and the last
 * request's User-Agent, If-None-Match, If-Modified-Since and
 * Accept-Encoding.  /stats and /stats/reset are not counted themselves.
 *
 * Paths under /f/ are confined to the root: a ".." segment is refused
 * outright, and the resolved path (symbolic links followed) must still lie
 * under the resolved root and be a regular file; anything else is a 404.
 * This is a test tool, not a product: out of memory aborts.
 */
#include <microhttpd.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <jansson.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include <arpa/inet.h>
#include <netinet/in.h>

/* ------------------------------------------------------------ the state */

static struct {
	char *root;       /* realpath of --root */
	int port;         /* the port bound */
	bool log;         /* --log: one stderr line per request */
	uint64_t page_bytes; /* --page-bytes: generated pages padded to about this */
} server;

/* Set once the server is stopping; naps end early when it is. */
static atomic_int stopping;

/* The write end is written by the signal handler, the read end polled by
 * main(). */
static int signal_pipe[2] = { -1, -1 };

/* The statistics, guarded by stats_lock. */
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static json_t *stats_paths; /* path -> { count, status, user_agent, ... } */
static json_int_t stats_total;

/* One request, from its headers to its completion. */
struct request {
	struct timespec start;
	char *method;
	char *path;
	unsigned status;        /* 0 until an answer is queued */
	long long bytes;        /* body size when known, else -1 */
};

/* ------------------------------------------------------------- helpers */

/* Aborts with a message: the only answer to out of memory here. */
static void oom(void)
{
	fputs("fixture-server: out of memory\n", stderr);
	abort();
}

/* strdup that cannot fail. */
static char *xstrdup(const char *s)
{
	char *d = strdup(s);
	if (!d)
		oom();
	return d;
}

/* A growing string: buf_printf appends, the caller frees .p. */
struct buf {
	char *p;
	size_t len, cap;
};

/* Appends the formatted text to B (which may start zeroed). */
__attribute__((format(printf, 2, 3)))
static void buf_printf(struct buf *b, const char *fmt, ...)
{
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		size_t room = b->cap - b->len;
		int n = vsnprintf(b->p ? b->p + b->len : NULL, room, fmt, ap);
		va_end(ap);
		if (n < 0)
			oom();
		if ((size_t)n < room) {
			b->len += (size_t)n;
			return;
		}
		size_t cap = b->cap ? b->cap : 1024;
		while (cap <= b->len + (size_t)n)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p)
			oom();
		b->p = p;
		b->cap = cap;
	}
}

/* Appends the N bytes at S to B. */
static void buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 1024;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p)
			oom();
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* Sleeps MS milliseconds in naps of at most 20 ms; returns false when
 * the server began stopping meanwhile. */
static bool nap(uint64_t ms)
{
	while (ms > 0 && !atomic_load(&stopping)) {
		uint64_t step = ms < 20 ? ms : 20;
		struct timespec ts = { 0, (long)(step * 1000000) };
		nanosleep(&ts, NULL);
		ms -= step;
	}
	return !atomic_load(&stopping);
}

/* Parses the decimal digits at S (at least one, no sign) into *OUT, up to
 * MAX; returns the first byte after them, or NULL when there are none or
 * the value exceeds MAX. */
static const char *parse_u64(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	const char *p = s;
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned d = (unsigned)(*p - '0');
		if (v > (max - d) / 10)
			return NULL;
		v = v * 10 + d;
	}
	if (p == s)
		return NULL;
	*out = v;
	return p;
}

/* FNV-1a, 64 bits, of N bytes at P: the ETag's hash. */
static uint64_t fnv1a64(const char *p, size_t n)
{
	uint64_t h = 0xcbf29ce484222325ull;
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)p[i];
		h *= 0x100000001b3ull;
	}
	return h;
}

/* splitmix64: the generated pages' choices from a page number. */
static uint64_t mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	return x ^ (x >> 31);
}

/* T as an HTTP date (IMF-fixdate) in BUF (at least 32 bytes). */
static const char *http_date(time_t t, char *buf, size_t size)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, size, "%a, %d %b %Y %H:%M:%S GMT", &tm);
	return buf;
}

/* An IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") as seconds since the
 * epoch, or -1 when S is not one. */
static time_t parse_http_date(const char *s)
{
	static const char months[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	char wday[4], mon[4], zone[4];
	struct tm tm = { 0 };
	int n = 0;
	if (sscanf(s, "%3s, %d %3s %d %d:%d:%d %3s%n", wday, &tm.tm_mday, mon,
	           &tm.tm_year, &tm.tm_hour, &tm.tm_min, &tm.tm_sec, zone, &n) != 8 ||
	    s[n] != '\0' || strcmp(zone, "GMT") != 0)
		return -1;
	const char *m = strstr(months, mon);
	if (strlen(mon) != 3 || !m || (m - months) % 3 != 0)
		return -1;
	tm.tm_mon = (int)(m - months) / 3;
	tm.tm_year -= 1900;
	if (tm.tm_mday < 1 || tm.tm_mday > 31 || tm.tm_hour > 23 || tm.tm_min > 59 ||
	    tm.tm_sec > 60 || tm.tm_year < 70)
		return -1;
	return timegm(&tm);
}

/* ------------------------------------------------------------ answering */

/* Queues RESP with STATUS for request R (recording the status for the log
 * and the statistics) and releases RESP; NULL RESP is out of memory. */
static enum MHD_Result queue(struct MHD_Connection *c, struct request *r,
                             unsigned status, struct MHD_Response *resp)
{
	if (!resp)
		oom();
	r->status = status;
	pthread_mutex_lock(&stats_lock);
	json_t *entry = json_object_get(stats_paths, r->path);
	if (entry)
		json_object_set_new(entry, "status", json_integer(status));
	pthread_mutex_unlock(&stats_lock);
	enum MHD_Result ret = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* Answers STATUS with TEXT (copied) as a body of type CTYPE. */
static enum MHD_Result respond_text(struct MHD_Connection *c, struct request *r,
                                    unsigned status, const char *ctype, const char *text)
{
	size_t n = strlen(text);
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(n, (void *)text, MHD_RESPMEM_MUST_COPY);
	if (!resp)
		oom();
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
	r->bytes = (long long)n;
	return queue(c, r, status, resp);
}

/* A 404 with a short text body. */
static enum MHD_Result not_found(struct MHD_Connection *c, struct request *r)
{
	return respond_text(c, r, MHD_HTTP_NOT_FOUND, "text/plain", "not found\n");
}

/* A 400 saying WHY. */
static enum MHD_Result bad_request(struct MHD_Connection *c, struct request *r, const char *why)
{
	char msg[200];
	snprintf(msg, sizeof(msg), "bad request: %s\n", why);
	return respond_text(c, r, MHD_HTTP_BAD_REQUEST, "text/plain", msg);
}

/* Whether the If-None-Match list INM names the body whose hash is HEX, in
 * either encoding, weakly compared (RFC 9110 13.1.2), or is "*". */
static bool etag_matches(const char *inm, const char *hex)
{
	const char *p = inm;
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		if (*p == '*')
			return true;
		if (strncmp(p, "W/", 2) == 0)
			p += 2;
		if (*p != '"') {
			p += strcspn(p, ",");
			continue;
		}
		const char *end = strchr(p + 1, '"');
		if (!end)
			return false;
		size_t n = (size_t)(end - p - 1), h = strlen(hex);
		if ((n == h || (n == h + 3 && strncmp(p + 1 + h, "-gz", 3) == 0)) &&
		    strncmp(p + 1, hex, h) == 0)
			return true;
		p = end + 1;
	}
	return false;
}

/* Whether Accept-Encoding AE admits gzip: a "gzip" or "x-gzip" coding
 * whose q is not 0. */
static bool accepts_gzip(const char *ae)
{
	const char *p = ae;
	while (*p) {
		while (*p == ' ' || *p == '\t' || *p == ',')
			p++;
		size_t name = strcspn(p, " \t;,");
		bool gz = (name == 4 && strncasecmp(p, "gzip", 4) == 0) ||
		          (name == 6 && strncasecmp(p, "x-gzip", 6) == 0);
		const char *next = p + strcspn(p, ",");
		const char *q = p + name;
		double qv = 1;
		while (q < next) {
			q += strspn(q, " \t;");
			if ((q[0] == 'q' || q[0] == 'Q') && q[1] == '=')
				qv = strtod(q + 2, NULL);
			q += strcspn(q, ";,");
		}
		if (gz && qv > 0)
			return true;
		p = next;
	}
	return false;
}

/* The gzip form of N bytes at IN (malloc'd), its size in *OUTN. */
static char *gzip_bytes(const char *in, size_t n, size_t *outn)
{
	z_stream z = { 0 };
	if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8,
	                 Z_DEFAULT_STRATEGY) != Z_OK)
		oom();
	size_t cap = deflateBound(&z, (uLong)n) + 32;
	char *out = malloc(cap);
	if (!out)
		oom();
	z.next_in = (Bytef *)in;
	z.avail_in = (uInt)n;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)cap;
	int rc = deflate(&z, Z_FINISH);
	*outn = cap - z.avail_out;
	deflateEnd(&z);
	if (rc != Z_STREAM_END)
		oom();
	return out;
}

/* Serves BODY (N bytes, malloc'd, taken over) of type CTYPE, last
 * modified at MTIME, with an ETag and Last-Modified; 304 to a matching
 * conditional request; gzip-encoded when the request accepts it. */
static enum MHD_Result serve_bytes(struct MHD_Connection *c, struct request *r,
                                   char *body, size_t n, const char *ctype, time_t mtime)
{
	char hex[17], etag[32], date[64];
	snprintf(hex, sizeof(hex), "%016" PRIx64, fnv1a64(body, n));
	http_date(mtime, date, sizeof(date));
	const char *ae = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	                                             MHD_HTTP_HEADER_ACCEPT_ENCODING);
	bool gz = ae && accepts_gzip(ae);
	snprintf(etag, sizeof(etag), "\"%s%s\"", hex, gz ? "-gz" : "");

	const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	                                              MHD_HTTP_HEADER_IF_NONE_MATCH);
	const char *ims = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
	                                              MHD_HTTP_HEADER_IF_MODIFIED_SINCE);
	bool fresh = false;
	if (inm) {
		fresh = etag_matches(inm, hex);
	} else if (ims) {
		time_t since = parse_http_date(ims);
		fresh = since != -1 && mtime <= since;
	}

	struct MHD_Response *resp;
	unsigned status = MHD_HTTP_OK;
	if (fresh) {
		free(body);
		resp = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
		status = MHD_HTTP_NOT_MODIFIED;
		r->bytes = 0;
	} else {
		if (gz) {
			size_t zn;
			char *z = gzip_bytes(body, n, &zn);
			free(body);
			body = z;
			n = zn;
		}
		resp = MHD_create_response_from_buffer(n, body, MHD_RESPMEM_MUST_FREE);
		if (!resp)
			oom();
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
		if (gz)
			MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_ENCODING, "gzip");
		r->bytes = (long long)n;
	}
	if (!resp)
		oom();
	MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, etag);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_LAST_MODIFIED, date);
	MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
	return queue(c, r, status, resp);
}

/* ------------------------------------------------------------- files */

/* The Content-Type for the file name NAME, by its extension. */
static const char *content_type(const char *name)
{
	static const struct { const char *ext, *type; } types[] = {
		{ ".xml", "application/rss+xml" },
		{ ".rss", "application/rss+xml" },
		{ ".atom", "application/atom+xml" },
		{ ".json", "application/feed+json" },
		{ ".html", "text/html; charset=utf-8" },
		{ ".htm", "text/html; charset=utf-8" },
		{ ".opml", "text/x-opml" },
		{ ".txt", "text/plain" },
	};
	const char *dot = strrchr(name, '.');
	if (dot && !strchr(dot, '/'))
		for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
			if (strcasecmp(dot, types[i].ext) == 0)
				return types[i].type;
	return "application/octet-stream";
}

/* The absolute path (malloc'd) of REL under the root, or NULL when REL is
 * empty, has a ".." segment, or resolves (through symbolic links) outside
 * the root or to anything but a regular file; *ST its status. */
static char *resolve(const char *rel, struct stat *st)
{
	if (!*rel)
		return NULL;
	for (const char *seg = rel; *seg;) {
		size_t n = strcspn(seg, "/");
		if (n == 2 && seg[0] == '.' && seg[1] == '.')
			return NULL;
		seg += n;
		seg += strspn(seg, "/");
	}
	struct buf joined = { 0 };
	buf_printf(&joined, "%s/%s", server.root, rel);
	char *real = realpath(joined.p, NULL);
	free(joined.p);
	if (!real)
		return NULL;
	size_t rn = strlen(server.root);
	if (strncmp(real, server.root, rn) != 0 || real[rn] != '/' ||
	    stat(real, st) != 0 || !S_ISREG(st->st_mode)) {
		free(real);
		return NULL;
	}
	return real;
}

/* The bytes of the file REL under the root (malloc'd), *N their count,
 * *MTIME its modification time; NULL when resolve() refuses it or it
 * cannot be read. */
static char *read_fixture(const char *rel, size_t *n, time_t *mtime)
{
	struct stat st;
	char *path = resolve(rel, &st);
	if (!path)
		return NULL;
	FILE *f = fopen(path, "rb");
	free(path);
	if (!f)
		return NULL;
	size_t cap = (size_t)st.st_size + 1, len = 0;
	char *data = malloc(cap);
	if (!data)
		oom();
	for (;;) {
		if (len == cap) {
			cap *= 2;
			char *p = realloc(data, cap);
			if (!p)
				oom();
			data = p;
		}
		size_t got = fread(data + len, 1, cap - len, f);
		len += got;
		if (got == 0)
			break;
	}
	bool bad = ferror(f);
	fclose(f);
	if (bad) {
		free(data);
		return NULL;
	}
	*n = len;
	*mtime = st.st_mtime;
	return data;
}

/* Serves the file REL under the root through serve_bytes, or a 404. */
static enum MHD_Result serve_file(struct MHD_Connection *c, struct request *r, const char *rel)
{
	size_t n;
	time_t mtime;
	char *data = read_fixture(rel, &n, &mtime);
	if (!data)
		return not_found(c, r);
	return serve_bytes(c, r, data, n, content_type(rel), mtime);
}

/* ------------------------------------------------------------- redirects */

/* "http://HOST" for links and Locations, HOST from the request's Host
 * header when it looks like one, else 127.0.0.1:PORT; in BUF. */
static const char *base_url(struct MHD_Connection *c, char *buf, size_t size)
{
	const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
	if (host && *host && strlen(host) < 200 &&
	    strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]") ==
	            strlen(host))
		snprintf(buf, size, "http://%s", host);
	else
		snprintf(buf, size, "http://127.0.0.1:%d", server.port);
	return buf;
}

/* Appends PATH to B percent-encoded, '/' kept. */
static void buf_path(struct buf *b, const char *path)
{
	static const char keep[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	                           "0123456789-._~/!$&'()*+,;=:@";
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if (strchr(keep, *p))
			buf_add(b, (const char *)p, 1);
		else
			buf_printf(b, "%%%02X", *p);
	}
}

/* Answers STATUS with a Location of LOCATION; a 400 when MHD refuses the
 * value (a line break in it). */
static enum MHD_Result redirect(struct MHD_Connection *c, struct request *r,
                                unsigned status, const char *location)
{
	struct MHD_Response *resp =
		MHD_create_response_from_buffer(10, (void *)"redirect\n\n", MHD_RESPMEM_PERSISTENT);
	if (!resp)
		oom();
	if (MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, location) != MHD_YES) {
		MHD_destroy_response(resp);
		return bad_request(c, r, "unusable redirect target");
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "text/plain");
	r->bytes = 10;
	return queue(c, r, status, resp);
}

/* ------------------------------------------------------------- routes */

/* /f/PATH: the file. */
static enum MHD_Result route_file(struct MHD_Connection *c, struct request *r, const char *rest)
{
	return serve_file(c, r, rest);
}

/* /slow/MS/PATH: the file, after MS milliseconds (at most 10 minutes). */
static enum MHD_Result route_slow(struct MHD_Connection *c, struct request *r, const char *rest)
{
	uint64_t ms;
	const char *p = parse_u64(rest, 600000, &ms);
	if (!p || *p != '/')
		return not_found(c, r);
	if (!nap(ms))
		return MHD_NO;
	return serve_file(c, r, p + 1);
}

/* /status/CODE[/PATH]: CODE, with the file as the body when PATH names
 * one (else a line of text), a Location of /f/PATH for a 3xx with PATH,
 * Retry-After: 2 on 429 and 503, no body on 204 and 304. */
static enum MHD_Result route_status(struct MHD_Connection *c, struct request *r, const char *rest)
{
	uint64_t code;
	const char *p = parse_u64(rest, 599, &code);
	if (!p || (*p != '\0' && *p != '/') || code < 200)
		return not_found(c, r);
	const char *rel = *p == '/' ? p + 1 : "";
	size_t n = 0;
	time_t mtime;
	char *body = NULL;
	const char *ctype = "text/plain";
	if (code != 204 && code != 304) {
		if (*rel && (body = read_fixture(rel, &n, &mtime)) != NULL) {
			ctype = content_type(rel);
		} else {
			struct buf b = { 0 };
			buf_printf(&b, "status %u\n", (unsigned)code);
			body = b.p;
			n = b.len;
		}
	}
	struct MHD_Response *resp = body
		? MHD_create_response_from_buffer(n, body, MHD_RESPMEM_MUST_FREE)
		: MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
	if (!resp)
		oom();
	if (body)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, ctype);
	if (code == 429 || code == 503)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, "2");
	if (code >= 300 && code < 400 && *rel) {
		char base[256];
		struct buf loc = { 0 };
		buf_printf(&loc, "%s/f/", base_url(c, base, sizeof(base)));
		buf_path(&loc, rel);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, loc.p);
		free(loc.p);
	}
	r->bytes = (long long)n;
	return queue(c, r, (unsigned)code, resp);
}

/* /redirect/N/PATH: 302 to /redirect/N-1/PATH, the last hop to /f/PATH;
 * N = 0 serves the file at once. */
static enum MHD_Result route_redirect(struct MHD_Connection *c, struct request *r,
                                      const char *rest)
{
	uint64_t hops;
	const char *p = parse_u64(rest, 1000, &hops);
	if (!p || *p != '/')
		return not_found(c, r);
	if (hops == 0)
		return serve_file(c, r, p + 1);
	char base[256];
	struct buf loc = { 0 };
	buf_printf(&loc, "%s", base_url(c, base, sizeof(base)));
	if (hops > 1)
		buf_printf(&loc, "/redirect/%" PRIu64 "/", hops - 1);
	else
		buf_printf(&loc, "/f/");
	buf_path(&loc, p + 1);
	enum MHD_Result ret = redirect(c, r, MHD_HTTP_FOUND, loc.p);
	free(loc.p);
	return ret;
}

/* /redirect-to?url=URL: one 302 to URL, whatever it is. */
static enum MHD_Result route_redirect_to(struct MHD_Connection *c, struct request *r,
                                         const char *rest)
{
	(void)rest;
	const char *url = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "url");
	if (!url || !*url)
		return bad_request(c, r, "redirect-to needs ?url=");
	return redirect(c, r, MHD_HTTP_FOUND, url);
}

/* A generated stream: TOTAL bytes of RSS (or HTML) text, one byte every
 * MS milliseconds when MS > 0. */
struct stream {
	uint64_t total;
	bool html;
	uint64_t ms;
};

/* A stream's head, repeated item and tail: [0] RSS, [1] HTML. */
static const char *const stream_parts[2][3] = {
	{ "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	  "<rss version=\"2.0\"><channel><title>Oversize fixture</title>"
	  "<link>http://127.0.0.1/</link><description>Filler for the size cap</description>\n",
	  "<item><title>Filler item</title><description>The tide rose over the harbour "
	  "wall again and the council met until late to discuss it.</description></item>\n",
	  "</channel></rss>\n" },
	{ "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	  "<title>Oversize fixture</title></head><body><article><h1>Oversize fixture</h1>\n",
	  "<p>The tide rose over the harbour wall again and the council met until late "
	  "to discuss it, while the ferries waited outside the breakwater.</p>\n",
	  "</article></body></html>\n" },
};

/* Byte POS of stream S: the head, repeated items, and the tail in the last
 * bytes when the total leaves room for head and tail. */
static char stream_byte(const struct stream *s, uint64_t pos)
{
	const char *head = stream_parts[s->html][0], *item = stream_parts[s->html][1],
	           *tail = stream_parts[s->html][2];
	uint64_t hn = strlen(head), in = strlen(item), tn = strlen(tail);
	if (s->total >= hn + tn && pos >= s->total - tn)
		return tail[pos - (s->total - tn)];
	if (pos < hn)
		return head[pos];
	return item[(pos - hn) % in];
}

/* MHD's content reader for a stream: fills BUF from POS, or for a drip
 * naps and gives one byte. */
static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	const struct stream *s = cls;
	if (pos >= s->total)
		return MHD_CONTENT_READER_END_OF_STREAM;
	if (s->ms) {
		if (!nap(s->ms))
			return MHD_CONTENT_READER_END_WITH_ERROR;
		max = 1;
	}
	uint64_t left = s->total - pos;
	size_t n = left < max ? (size_t)left : max;
	for (size_t i = 0; i < n; i++)
		buf[i] = stream_byte(s, pos + i);
	return (ssize_t)n;
}

/* Answers a stream of BYTES[.html|.xml] (REST) with one byte per MS ms,
 * with a Content-Length when SIZED. */
static enum MHD_Result stream(struct MHD_Connection *c, struct request *r, const char *rest,
                              bool sized, uint64_t ms)
{
	uint64_t total;
	const char *p = parse_u64(rest, UINT64_C(1) << 50, &total);
	if (!p)
		return not_found(c, r);
	bool html = strcmp(p, ".html") == 0;
	if (!html && *p && strcmp(p, ".xml") != 0)
		return not_found(c, r);
	struct stream *s = malloc(sizeof(*s));
	if (!s)
		oom();
	*s = (struct stream){ total, html, ms };
	struct MHD_Response *resp = MHD_create_response_from_callback(
		sized ? total : MHD_SIZE_UNKNOWN, 16 * 1024, stream_read, s, free);
	if (!resp)
		oom();
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
	                        html ? "text/html; charset=utf-8" : "application/rss+xml");
	r->bytes = (long long)total;
	return queue(c, r, MHD_HTTP_OK, resp);
}

/* /big/BYTES[.html]: BYTES bytes of feed (or page) text, chunked. */
static enum MHD_Result route_big(struct MHD_Connection *c, struct request *r, const char *rest)
{
	return stream(c, r, rest, false, 0);
}

/* /bigcl/BYTES[.html]: the same with a Content-Length. */
static enum MHD_Result route_bigcl(struct MHD_Connection *c, struct request *r, const char *rest)
{
	return stream(c, r, rest, true, 0);
}

/* /drip/BYTES/MS: BYTES bytes (Content-Length given), one every MS ms
 * (MS from 1 to 60000). */
static enum MHD_Result route_drip(struct MHD_Connection *c, struct request *r, const char *rest)
{
	uint64_t total, ms;
	const char *p = parse_u64(rest, UINT64_C(1) << 30, &total);
	if (!p || *p != '/' || !(p = parse_u64(p + 1, 60000, &ms)) || *p || ms == 0)
		return not_found(c, r);
	char digits[32];
	snprintf(digits, sizeof(digits), "%" PRIu64, total);
	return stream(c, r, digits, true, ms);
}

/* /robots.txt: the root's robots.txt, or a 404. */
static enum MHD_Result route_robots(struct MHD_Connection *c, struct request *r, const char *rest)
{
	(void)rest;
	return serve_file(c, r, "robots.txt");
}

/* /stats: the statistics as JSON. */
static enum MHD_Result route_stats(struct MHD_Connection *c, struct request *r, const char *rest)
{
	(void)rest;
	pthread_mutex_lock(&stats_lock);
	json_t *doc = json_pack("{sIsO}", "total", stats_total, "paths", stats_paths);
	char *text = doc ? json_dumps(doc, JSON_SORT_KEYS | JSON_INDENT(1)) : NULL;
	json_decref(doc);
	pthread_mutex_unlock(&stats_lock);
	if (!text)
		oom();
	struct buf b = { 0 };
	buf_printf(&b, "%s\n", text);
	free(text);
	struct MHD_Response *resp = MHD_create_response_from_buffer(b.len, b.p,
	                                                            MHD_RESPMEM_MUST_FREE);
	if (!resp)
		oom();
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, "application/json");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	r->bytes = (long long)b.len;
	return queue(c, r, MHD_HTTP_OK, resp);
}

/* /stats/reset: forgets every count. */
static enum MHD_Result route_stats_reset(struct MHD_Connection *c, struct request *r,
                                         const char *rest)
{
	(void)rest;
	pthread_mutex_lock(&stats_lock);
	json_object_clear(stats_paths);
	stats_total = 0;
	pthread_mutex_unlock(&stats_lock);
	return respond_text(c, r, MHD_HTTP_OK, "application/json", "{\"reset\": true}\n");
}

/* ------------------------------------------------- generated pages */

/* The word pools of the generated articles (no XML/HTML specials). */
static const char *const places[] = {
	"Velmora", "Ostrand", "Kesh Valley", "Port Alaric", "Brennick", "Lowmere",
	"Tarsis Bay", "Quillon", "Harrowgate Flats", "Meridel", "Ashcombe", "Saltreach",
	"Dunmoor", "Evenholt", "Corrin Ridge", "Yarrow Point",
};
static const char *const bodies[] = {
	"council", "port authority", "teachers union", "water board", "rail operator",
	"hospital trust", "fishing cooperative", "university senate", "transit agency",
	"farmers league", "housing office", "energy regulator", "library trust",
	"ferry company", "weather service", "appeals court",
};
static const char *const verbs[] = {
	"approves", "delays", "rejects", "funds", "reviews", "suspends", "expands", "challenges",
};
static const char *const plans[] = {
	"tidal barrier plan", "night bus routes", "school meal budget", "bridge repairs",
	"wind farm lease", "flood warning system", "clinic opening hours", "harbour dredging",
	"rent freeze", "orchard frost fund", "museum extension", "cycle lane network",
	"reservoir cleanup", "festival permits", "ferry timetable", "fire station merger",
};
static const char *const people[] = {
	"Ilse Marrow", "Tomas Reyl", "Anouk Veddar", "Caspian Oduya", "Mirela Stane",
	"Jonah Kettleby", "Priya Alcott", "Bastien Hollow",
};
/* Sentence templates: {P} the place, {B} the body, {A} and {W} numbers. */
static const char *const sentences[] = {
	"Officials in {P} said the {B} had weighed {A} written submissions before the vote.",
	"The {B} meets again in {W} weeks, when a revised costing is due.",
	"Residents who spoke at the session were divided, with {A} signing a petition in favour.",
	"Opposition members called the decision rushed and asked for an independent review.",
	"The measure would cost about {W} million over five years, according to the {B}.",
	"Local businesses in {P} said they had not been consulted on the timing.",
	"A spokesperson said the plan follows the storms that closed the coast road in spring.",
	"Engineers expect the first phase to start within {W} months if funding holds.",
	"Two members abstained, citing the absence of an environmental assessment.",
	"The {B} published its minutes the same evening, including {A} pages of annexes.",
	"Neighbouring towns are watching closely, since a similar scheme failed a decade ago.",
	"Unions representing staff said they would study the details before responding.",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The publication time of generated page N: 2025-03-01T00:00:00Z plus N
 * quarter hours. */
static time_t page_time(uint64_t n)
{
	return (time_t)(1740787200 + n * 900);
}

/* Appends generated page N's headline to B. */
static void page_headline(struct buf *b, uint64_t n)
{
	uint64_t h = mix64(n);
	buf_printf(b, "%s %s %s %s", places[h % COUNT(places)],
	           bodies[(h >> 8) % COUNT(bodies)], verbs[(h >> 16) % COUNT(verbs)],
	           plans[(h >> 24) % COUNT(plans)]);
}

/* Appends sentence K of generated page N to B: a template chosen by N
 * and K, its slots filled from N's place and body and two numbers. */
static void page_sentence(struct buf *b, uint64_t n, unsigned k)
{
	uint64_t h = mix64(n), s = mix64(n * 131 + k);
	unsigned a = (unsigned)(n % 900) + 12 + k, w = (unsigned)(s >> 40) % 11 + 2;
	for (const char *p = sentences[s % COUNT(sentences)]; *p; p++) {
		if (p[0] == '{' && p[1] && p[2] == '}') {
			switch (p[1]) {
			case 'P': buf_printf(b, "%s", places[h % COUNT(places)]); break;
			case 'B': buf_printf(b, "%s", bodies[(h >> 8) % COUNT(bodies)]); break;
			case 'A': buf_printf(b, "%u", a); break;
			default: buf_printf(b, "%u", w); break;
			}
			p += 2;
		} else {
			size_t lit = strcspn(p, "{");
			buf_add(b, p, lit ? lit : 1);
			p += (lit ? lit : 1) - 1;
		}
	}
}

/* News mode (--page-bytes): page N reports story (N - 1) % NEWS_STORIES,
 * so pages N, N + 701, N + 1402 ... are one story told by different
 * feeds, a few hours apart.  Each story has its own invented names (a
 * person, an organisation, a place, three topic words, built from
 * syllables by the story's number), which its pages share and other
 * stories do not; each page tells it in its own choice and order of
 * sentences, so that clustering has stories to find and no two pages are
 * copies. */
#define NEWS_STORIES 701

static const char *const syllables[] = {
	"ka", "lo", "mer", "vin", "dal", "ros", "tek", "an", "bri", "sol", "un", "gar",
	"pel", "thi", "nor", "ves", "quo", "lim", "ra", "dun", "fe", "hal", "ost", "ze",
	"mar", "cul", "ine", "bo", "tra", "wen", "is", "gol", "per", "ath", "lun", "ce",
};
static const char *const orgs[] = {
	"Authority", "Commission", "Institute", "Council", "Agency", "Trust", "Board",
	"Cooperative", "Alliance", "Foundation", "Group", "Ministry",
};
static const char *const news_verbs[] = {
	"backs", "blocks", "questions", "expands", "halts", "rewrites", "defends", "delays",
	"unveils", "scraps", "probes", "approves",
};
/* Sentence templates: {N} the person, {O} the organisation, {P} the place,
 * {T} {U} {V} the topic words, {A} {W} numbers. */
static const char *const news_sentences[] = {
	"{N} told reporters in {P} that the {O} would not change course on the {T} {U}.",
	"The {O} said the {T} {U} had been under review since the spring.",
	"Critics of {N} argue that the {V} levy falls hardest on small firms in {P}.",
	"According to figures released on Tuesday, the {T} {U} will cost {A} million.",
	"{N}, who has led the {O} for {W} years, declined to comment further.",
	"Residents of {P} gathered outside the {O} offices on Monday evening.",
	"The {V} dispute has divided the regional assembly for months.",
	"Analysts said the {T} {U} could become a test for the coalition.",
	"A spokesperson for the {O} said talks with unions would resume next week.",
	"In {P}, shopkeepers said the uncertainty over the {V} rules was hurting trade.",
	"{N} insisted the {T} {U} was lawful and had been properly consulted on.",
	"Opposition leaders called on {N} to publish the {V} assessment in full.",
	"The {O} received {A} objections during the consultation period.",
	"Legal experts said a court challenge to the {T} {U} was likely.",
	"A similar {V} scheme was abandoned in {P} {W} years ago after protests.",
	"The decision follows a report that found {A} cases of {V} fraud last year.",
	"Supporters of the {T} {U} say it will create {A} jobs within {W} years.",
	"{N} is expected to face questions about the {V} contract at a hearing.",
	"Officials from the {O} met farmers near {P} to discuss compensation.",
	"Environmental groups welcomed parts of the {T} {U} but warned about the {V} clause.",
	"The national government has so far stayed out of the {P} row.",
	"Shares in companies linked to the {V} sector fell after the announcement.",
	"{N} said on social media that the {O} had acted within its powers.",
	"A final vote on the {T} {U} is scheduled for the end of the month.",
};

/* Appends to B a word of two or three syllables chosen by H,
 * capitalised when CAP. */
static void news_word(struct buf *b, uint64_t h, bool cap)
{
	unsigned n = 2 + (unsigned)(h % 2);
	for (unsigned i = 0; i < n; i++) {
		const char *s = syllables[(h >> (8 + 6 * i)) % COUNT(syllables)];
		buf_printf(b, "%c%s", cap && i == 0 ? s[0] - 'a' + 'A' : s[0], s + 1);
	}
}

/* Appends to B story S's name of kind K: 'N' the person, 'O' the
 * organisation, 'P' the place, 'T' 'U' 'V' the topic words. */
static void news_name(struct buf *b, uint64_t s, char k)
{
	uint64_t h = mix64(s * 8 + (uint64_t)k);
	switch (k) {
	case 'N':
		news_word(b, h, true);
		buf_add(b, " ", 1);
		news_word(b, mix64(h), true);
		break;
	case 'O':
		news_word(b, h, true);
		buf_printf(b, " %s", orgs[(h >> 40) % COUNT(orgs)]);
		break;
	case 'P':
		news_word(b, h, true);
		break;
	default:
		news_word(b, h, false);
		break;
	}
}

/* The story of news page N. */
static uint64_t news_story(uint64_t n)
{
	return (n + NEWS_STORIES - 1) % NEWS_STORIES;
}

/* The publication time of news page N: its story's time, plus two hours
 * for each page of the story before it. */
static time_t news_time(uint64_t n)
{
	return page_time(news_story(n) * 3) + (time_t)(n ? (n - 1) / NEWS_STORIES : 0) * 7200;
}

/* Appends template T to B for story S: {A} and {W} are the numbers A and
 * W, {v} the verb V, any other {X} the story's name of kind X. */
static void news_expand(struct buf *b, uint64_t s, const char *t, unsigned a, unsigned w,
                        const char *v)
{
	for (const char *p = t; *p; p++) {
		if (p[0] == '{' && p[1] && p[2] == '}') {
			if (p[1] == 'A')
				buf_printf(b, "%u", a);
			else if (p[1] == 'W')
				buf_printf(b, "%u", w);
			else if (p[1] == 'v')
				buf_printf(b, "%s", v);
			else
				news_name(b, s, p[1]);
			p += 2;
		} else {
			size_t lit = strcspn(p, "{");
			buf_add(b, p, lit ? lit : 1);
			p += (lit ? lit : 1) - 1;
		}
	}
}

/* The shapes of a news page's headline. */
static const char *const news_headlines[] = {
	"{O} {v} {T} {U} in {P}",
	"{N} {v} {V} plan as {P} protests grow",
	"{P}: {O} under pressure over {T} {U}",
};

/* Appends news page N's headline to B. */
static void news_headline(struct buf *b, uint64_t n)
{
	uint64_t h = mix64(n);
	news_expand(b, news_story(n), news_headlines[h % 3], 0, 0,
	            news_verbs[(h >> 8) % COUNT(news_verbs)]);
}

/* Appends sentence K of news page N to B. */
static void news_sentence(struct buf *b, uint64_t n, unsigned k)
{
	uint64_t h = mix64(n * 131 + k);
	news_expand(b, news_story(n), news_sentences[h % COUNT(news_sentences)],
	            (unsigned)(h >> 20) % 900 + 12, (unsigned)(h >> 40) % 11 + 2, "");
}

/* The site's sections: the navigation menu of a padded page. */
static const char *const sections[] = {
	"World", "Politics", "Business", "Markets", "Climate", "Science", "Health",
	"Education", "Transport", "Housing", "Courts", "Culture", "Books", "Food",
	"Travel", "Sport", "Weather", "Opinion", "Letters", "Obituaries", "Podcasts",
	"Video", "Photography", "Local", "Regional", "Coast", "Farming", "Energy",
	"Technology", "Jobs", "Property", "Motoring", "Puzzles", "Newsletters",
};

/* Appends to B the headline of generated page M as a teaser: a link, the
 * first sentence and a time, in the markup of a news site's lists. */
static void page_teaser(struct buf *b, const char *base, uint64_t m)
{
	buf_printf(b, "<li class=\"teaser teaser--%" PRIu64 "\"><div class=\"teaser__media\">"
	              "<img src=\"%s/img/%" PRIu64 "-320.jpg\" srcset=\"%s/img/%" PRIu64
	              "-640.jpg 2x\" alt=\"\" loading=\"lazy\" width=\"320\" height=\"180\"></div>"
	              "<div class=\"teaser__body\"><a class=\"teaser__link\" data-track=\"list\" "
	              "href=\"%s/page/%" PRIu64 ".html\"><h3 class=\"teaser__headline\">",
	           m % 7, base, m, base, m, base, m);
	news_headline(b, m);
	buf_printf(b, "</h3></a><p class=\"teaser__standfirst\">");
	news_sentence(b, m, 0);
	buf_printf(b, "</p><span class=\"teaser__meta\">%s</span></div></li>\n",
	           sections[mix64(m) % COUNT(sections)]);
}

/* Appends to B generated page N as a news site would serve it, about
 * TARGET bytes: head with styles and scripts, a cookie banner, the menu,
 * the article (8 to 16 paragraphs of 3 to 5 sentences, a figure), a
 * most-read list, teasers of other pages, the footer, structured data,
 * and an inline script bundle filling up to TARGET. */
static void page_padded(struct buf *b, uint64_t n, const char *base, const char *headline,
                        const char *author, const char *iso, const char *human, size_t target)
{
	uint64_t h = mix64(n ^ 0xa11ce);
	struct buf caption_place = { 0 };
	news_name(&caption_place, news_story(n), 'P');
	buf_printf(b, "<!DOCTYPE html>\n<html lang=\"en\" class=\"no-js\"><head>"
	              "<meta charset=\"utf-8\">\n"
	              "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	              "<title>%s - Fixture Gazette</title>\n"
	              "<meta name=\"description\" content=\"",
	           headline);
	news_sentence(b, n, 0);
	buf_printf(b, "\">\n<meta property=\"og:title\" content=\"%s\">\n"
	              "<meta property=\"og:type\" content=\"article\">\n"
	              "<meta property=\"og:site_name\" content=\"Fixture Gazette\">\n"
	              "<meta property=\"og:image\" content=\"%s/img/%" PRIu64 "-1200.jpg\">\n"
	              "<meta property=\"article:published_time\" content=\"%s\">\n"
	              "<meta property=\"article:section\" content=\"%s\">\n"
	              "<meta name=\"author\" content=\"%s\">\n"
	              "<link rel=\"canonical\" href=\"%s/page/%" PRIu64 ".html\">\n"
	              "<link rel=\"stylesheet\" href=\"%s/static/site.css\">\n<style>\n",
	           headline, base, n, iso, sections[h % COUNT(sections)], author, base, n, base);
	for (size_t i = 0; i < COUNT(sections); i++)
		buf_printf(b, ".section-%zu .menu__item{color:#%06x;border-bottom:2px solid "
		              "#%06x;padding:0 .5rem}\n.section-%zu .teaser__headline{font:600 "
		              "1.1rem/1.3 Georgia,serif;margin:.25rem 0}\n",
		           i, (unsigned)(mix64(i) & 0xffffff), (unsigned)(mix64(i + 99) & 0xffffff), i);
	buf_printf(b, "</style>\n<script>window.dataLayer=window.dataLayer||[];"
	              "dataLayer.push({pageType:'article',articleId:%" PRIu64 ",section:'%s',"
	              "author:'%s',wordCount:0,paywall:false});</script>\n</head>\n"
	              "<body class=\"article section-%u\">\n"
	              "<div class=\"cookie-banner\" role=\"dialog\"><p>We use cookies to measure "
	              "our audience and to show you relevant advertising. You can change your "
	              "choices at any time in the privacy settings.</p><button>Accept all</button>"
	              "<button>Manage settings</button></div>\n"
	              "<header class=\"masthead\"><a class=\"logo\" href=\"%s/\">Fixture Gazette</a>"
	              "<form class=\"search\" action=\"/search\"><input name=\"q\" "
	              "placeholder=\"Search\"></form>\n<nav class=\"menu\"><ul>\n",
	           n, sections[h % COUNT(sections)], author, (unsigned)(h % COUNT(sections)), base);
	for (size_t i = 0; i < COUNT(sections); i++)
		buf_printf(b, "<li class=\"menu__item\"><a href=\"%s/section/%s\">%s</a></li>\n",
		           base, sections[i], sections[i]);
	buf_printf(b, "</ul></nav></header>\n<main class=\"layout\">\n<article class=\"story\">\n"
	              "<p class=\"kicker\"><a href=\"%s/section/%s\">%s</a></p>\n"
	              "<h1 class=\"story__headline\">%s</h1>\n"
	              "<p class=\"byline\">By <a rel=\"author\" href=\"%s/people/%" PRIu64 "\">%s"
	              "</a></p>\n<time datetime=\"%s\">%s</time>\n"
	              "<div class=\"share\"><a href=\"#\">Share</a> <a href=\"#\">Save</a> "
	              "<a href=\"#comments\">Comments</a></div>\n",
	           base, sections[h % COUNT(sections)], sections[h % COUNT(sections)], headline,
	           base, h % 97, author, iso, human);
	unsigned paras = 8 + (unsigned)(h >> 8) % 9, k = 0;
	for (unsigned para = 0; para < paras; para++) {
		buf_printf(b, "<p>");
		unsigned len = 3 + (unsigned)(mix64(n * 7 + para) % 3);
		for (unsigned s = 0; s < len; s++, k++) {
			if (s)
				buf_printf(b, " ");
			news_sentence(b, n, k);
		}
		buf_printf(b, "</p>\n");
		if (para == 2)
			buf_printf(b, "<figure><img src=\"%s/img/%" PRIu64 "-960.jpg\" alt=\"\" "
			              "width=\"960\" height=\"540\"><figcaption>The meeting hall in %s. "
			              "Photograph: Fixture Gazette</figcaption></figure>\n",
			           base, n, caption_place.p);
		if (para == 5)
			buf_printf(b, "<aside class=\"inline-related\"><h2>Read more</h2><ul>\n");
		if (para == 5)
			for (uint64_t m = n + 1; m < n + 4; m++)
				page_teaser(b, base, m);
		if (para == 5)
			buf_printf(b, "</ul></aside>\n");
	}
	buf_printf(b, "<div class=\"newsletter\"><h2>Morning briefing</h2><p>The day's "
	              "stories in your inbox before seven.</p><form><input type=\"email\">"
	              "<button>Sign up</button></form></div>\n"
	              "<section id=\"comments\"><h2>Comments</h2><p>Comments are closed on "
	              "this article.</p></section>\n</article>\n"
	              "<aside class=\"sidebar\"><h2>Most read</h2><ol>\n");
	for (uint64_t m = 1; m <= 10; m++)
		page_teaser(b, base, mix64(n + m) % 100000 + 1);
	buf_printf(b, "</ol><div class=\"ad ad--mpu\" data-slot=\"mpu-1\">Advertisement</div>"
	              "</aside>\n</main>\n<section class=\"more\"><h2>More from Fixture Gazette"
	              "</h2><ul>\n");
	/* Teasers to about 60% of the target, the script bundle to the rest. */
	for (uint64_t m = 1; b->len < target * 3 / 5; m++)
		page_teaser(b, base, mix64(n * 1000 + m) % 100000 + 1);
	buf_printf(b, "</ul></section>\n<footer class=\"site-footer\"><ul>\n");
	for (size_t i = 0; i < COUNT(sections); i++)
		buf_printf(b, "<li><a href=\"%s/section/%s\">%s</a></li>\n", base, sections[i],
		           sections[i]);
	buf_printf(b, "</ul><p>&copy; 2025 Fixture Gazette Ltd. All rights reserved. "
	              "Registered in %s.</p></footer>\n"
	              "<script type=\"application/ld+json\">{\"@context\":\"https://schema.org\","
	              "\"@type\":\"NewsArticle\",\"headline\":\"%s\",\"datePublished\":\"%s\","
	              "\"author\":{\"@type\":\"Person\",\"name\":\"%s\"},\"publisher\":"
	              "{\"@type\":\"Organization\",\"name\":\"Fixture Gazette\"}}</script>\n<script>\n",
	           places[h % COUNT(places)], headline, iso, author);
	for (uint64_t i = 0; b->len + 40 < target; i++)
		buf_printf(b, "function m%" PRIu64 "(e,t){var n=e&&e[\"k%" PRIx64 "\"];if(!n)return "
		              "t;return n.map(function(r){return r*%u+t.offset}).filter(Boolean)}\n",
		           i, mix64(n + i) & 0xffff, (unsigned)(i % 13) + 2);
	buf_printf(b, "</script>\n</body></html>\n");
	free(caption_place.p);
}

/* /page/N.html: a generated article page (headline, byline, date and four
 * paragraphs, all chosen by N); with --page-bytes B, a whole news page
 * (page_padded) of B/2 to 3B/2 bytes, the size chosen by N. */
static enum MHD_Result route_page(struct MHD_Connection *c, struct request *r, const char *rest)
{
	uint64_t n;
	const char *p = parse_u64(rest, 1000000000, &n);
	if (!p || strcmp(p, ".html") != 0)
		return not_found(c, r);
	char base[256], iso[40], human[40];
	time_t t = server.page_bytes ? news_time(n) : page_time(n);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(iso, sizeof(iso), "%Y-%m-%dT%H:%M:%SZ", &tm);
	strftime(human, sizeof(human), "%d %B %Y, %H:%M", &tm);
	const char *author = people[mix64(n ^ 0x5a5a) % COUNT(people)];
	base_url(c, base, sizeof(base));

	struct buf head = { 0 }, b = { 0 };
	if (server.page_bytes) {
		news_headline(&head, n);
		size_t target = (size_t)(server.page_bytes / 2 +
		                         mix64(n ^ 0x5123) % server.page_bytes);
		page_padded(&b, n, base, head.p, author, iso, human, target);
		free(head.p);
		return serve_bytes(c, r, b.p, b.len, "text/html; charset=utf-8", t);
	}
	page_headline(&head, n);
	buf_printf(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	               "<title>%s - Fixture Gazette</title>\n"
	               "<meta property=\"og:title\" content=\"%s\">\n"
	               "<meta property=\"og:type\" content=\"article\">\n"
	               "<meta property=\"og:site_name\" content=\"Fixture Gazette\">\n"
	               "<meta property=\"article:published_time\" content=\"%s\">\n"
	               "<meta name=\"author\" content=\"%s\">\n"
	               "<link rel=\"canonical\" href=\"%s/page/%" PRIu64 ".html\">\n"
	               "</head><body>\n<header><nav><a href=\"/\">Home</a> "
	               "<a href=\"/feed/20.xml\">Latest</a></nav></header>\n<article>\n"
	               "<h1>%s</h1>\n<p class=\"byline\">By %s</p>\n"
	               "<time datetime=\"%s\">%s</time>\n",
	           head.p, head.p, iso, author, base, n, head.p, author, iso, human);
	for (unsigned para = 0; para < 4; para++) {
		buf_printf(&b, "<p>");
		for (unsigned k = 0; k < 3; k++) {
			if (k)
				buf_printf(&b, " ");
			page_sentence(&b, n, para * 3 + k);
		}
		buf_printf(&b, "</p>\n");
	}
	buf_printf(&b, "</article>\n<footer>Fixture Gazette, generated page %" PRIu64
	               "</footer>\n</body></html>\n", n);
	free(head.p);
	return serve_bytes(c, r, b.p, b.len, "text/html; charset=utf-8", t);
}

/* /feed/N.xml: a generated RSS 2.0 feed of N items (at most 100,000),
 * newest first, item K linking to /page/K.html and dated as that page.
 * /feed/N.xml?first=F: items F to F+N-1 instead of 1 to N (F from 1 to
 * 1,000,000,000), so that many feeds can each list pages of their own.
 * With --page-bytes the items are the news pages' (news_headline, the
 * first sentence, news_time), whose dates are then not in order. */
static enum MHD_Result route_feed(struct MHD_Connection *c, struct request *r, const char *rest)
{
	uint64_t n, first = 1;
	const char *p = parse_u64(rest, 100000, &n);
	if (!p || strcmp(p, ".xml") != 0)
		return not_found(c, r);
	const char *arg = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "first");
	if (arg && (!(p = parse_u64(arg, 1000000000, &first)) || *p || first == 0))
		return bad_request(c, r, "first= wants a number from 1 to 1000000000");
	char base[256], date[64];
	base_url(c, base, sizeof(base));
	struct buf b = { 0 };
	struct tm tm;
	uint64_t last = first + n - 1;
	time_t built = page_time(last);
	for (uint64_t k = first; server.page_bytes && n && k <= last; k++)
		if (k == first || news_time(k) > built)
			built = news_time(k);
	gmtime_r(&built, &tm);
	strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
	buf_printf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\">\n"
	               "<channel>\n<title>Fixture Gazette</title>\n<link>%s/</link>\n"
	               "<description>A generated feed of %" PRIu64 " items</description>\n"
	               "<language>en</language>\n<lastBuildDate>%s</lastBuildDate>\n",
	           base, n, date);
	for (uint64_t k = last; n && k >= first; k--) {
		time_t t = server.page_bytes ? news_time(k) : page_time(k);
		gmtime_r(&t, &tm);
		strftime(date, sizeof(date), "%a, %d %b %Y %H:%M:%S +0000", &tm);
		buf_printf(&b, "<item>\n<title>");
		(server.page_bytes ? news_headline : page_headline)(&b, k);
		buf_printf(&b, "</title>\n<link>%s/page/%" PRIu64 ".html</link>\n"
		               "<guid isPermaLink=\"true\">%s/page/%" PRIu64 ".html</guid>\n"
		               "<pubDate>%s</pubDate>\n<description>",
		           base, k, base, k, date);
		(server.page_bytes ? news_sentence : page_sentence)(&b, k, 0);
		buf_printf(&b, "</description>\n</item>\n");
	}
	buf_printf(&b, "</channel>\n</rss>\n");
	return serve_bytes(c, r, b.p, b.len, "application/rss+xml", built);
}

/* The routes: a request's path is matched against each prefix in turn
 * (EXACT: the whole path); the handler gets what follows the prefix. */
typedef enum MHD_Result (*route_fn)(struct MHD_Connection *, struct request *, const char *);
static const struct route {
	const char *prefix;
	bool exact;
	route_fn fn;
} routes[] = {
	{ "/f/", false, route_file },
	{ "/slow/", false, route_slow },
	{ "/status/", false, route_status },
	{ "/redirect/", false, route_redirect },
	{ "/redirect-to", true, route_redirect_to },
	{ "/big/", false, route_big },
	{ "/bigcl/", false, route_bigcl },
	{ "/drip/", false, route_drip },
	{ "/robots.txt", true, route_robots },
	{ "/stats", true, route_stats },
	{ "/stats/reset", true, route_stats_reset },
	{ "/page/", false, route_page },
	{ "/feed/", false, route_feed },
};

/* ------------------------------------------------------------- MHD glue */

/* A jansson string of S, bytes that are not UTF-8 as '?'; json null for
 * NULL. */
static json_t *json_text(const char *s)
{
	if (!s)
		return json_null();
	json_t *j = json_string(s);
	if (j)
		return j;
	char *t = xstrdup(s);
	for (char *p = t; *p; p++)
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	j = json_string(t);
	free(t);
	return j;
}

/* Counts a request for PATH in the statistics, with its headers. */
static void stats_count(struct MHD_Connection *c, const char *path)
{
	static const struct { const char *key, *header; } kept[] = {
		{ "user_agent", MHD_HTTP_HEADER_USER_AGENT },
		{ "if_none_match", MHD_HTTP_HEADER_IF_NONE_MATCH },
		{ "if_modified_since", MHD_HTTP_HEADER_IF_MODIFIED_SINCE },
		{ "accept_encoding", MHD_HTTP_HEADER_ACCEPT_ENCODING },
	};
	json_t *key = json_text(path);
	pthread_mutex_lock(&stats_lock);
	json_t *entry = json_object_get(stats_paths, json_string_value(key));
	if (!entry) {
		entry = json_pack("{sIsn}", "count", (json_int_t)0, "status");
		json_object_set_new(stats_paths, json_string_value(key), entry);
	}
	json_object_set_new(entry, "count",
	                    json_integer(json_integer_value(json_object_get(entry, "count")) + 1));
	for (size_t i = 0; i < COUNT(kept); i++)
		json_object_set_new(entry, kept[i].key,
		                    json_text(MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		                                                          kept[i].header)));
	stats_total++;
	pthread_mutex_unlock(&stats_lock);
	json_decref(key);
}

/* MHD's access handler: on the first call makes the request's record and
 * counts it; on the next answers through the route table (GET and HEAD
 * only; request bodies are read and dropped). */
static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload, size_t *upload_size, void **ctx)
{
	(void)cls;
	(void)version;
	(void)upload;
	struct request *r = *ctx;
	if (!r) {
		r = calloc(1, sizeof(*r));
		if (!r)
			oom();
		clock_gettime(CLOCK_MONOTONIC, &r->start);
		r->method = xstrdup(method);
		r->path = xstrdup(url);
		r->bytes = -1;
		*ctx = r;
		if (strcmp(url, "/stats") != 0 && strcmp(url, "/stats/reset") != 0)
			stats_count(c, url);
		return MHD_YES;
	}
	if (*upload_size) {
		*upload_size = 0;
		return MHD_YES;
	}
	if (strcmp(method, MHD_HTTP_METHOD_GET) != 0 && strcmp(method, MHD_HTTP_METHOD_HEAD) != 0) {
		struct MHD_Response *resp = MHD_create_response_from_buffer(
			19, (void *)"method not allowed\n", MHD_RESPMEM_PERSISTENT);
		if (!resp)
			oom();
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, "GET, HEAD");
		return queue(c, r, MHD_HTTP_METHOD_NOT_ALLOWED, resp);
	}
	for (size_t i = 0; i < COUNT(routes); i++) {
		size_t n = strlen(routes[i].prefix);
		if (routes[i].exact ? strcmp(url, routes[i].prefix) == 0
		                    : strncmp(url, routes[i].prefix, n) == 0)
			return routes[i].fn(c, r, url + n);
	}
	return not_found(c, r);
}

/* MHD's completion callback: the access log line (--log), then the
 * request's record is freed. */
static void on_completed(void *cls, struct MHD_Connection *c, void **ctx,
                         enum MHD_RequestTerminationCode why)
{
	(void)cls;
	struct request *r = *ctx;
	if (!r)
		return;
	if (server.log) {
		struct timespec now;
		clock_gettime(CLOCK_MONOTONIC, &now);
		double ms = (double)(now.tv_sec - r->start.tv_sec) * 1e3 +
		            (double)(now.tv_nsec - r->start.tv_nsec) / 1e6;
		const char *ua = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
		                                             MHD_HTTP_HEADER_USER_AGENT);
		fprintf(stderr, "fixture-server: %s %s %u %lld %.1fms%s \"%s\"\n", r->method,
		        r->path, r->status, r->bytes, ms,
		        why == MHD_REQUEST_TERMINATED_COMPLETED_OK ? "" : " (cut off)",
		        ua ? ua : "-");
	}
	free(r->method);
	free(r->path);
	free(r);
	*ctx = NULL;
}

/* MHD's error log: to stderr with our prefix, except while stopping,
 * when connections cut off mid-answer are expected. */
static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	(void)cls;
	if (atomic_load(&stopping))
		return;
	fputs("fixture-server: ", stderr);
	vfprintf(stderr, fmt, ap);
}

/* SIGTERM and SIGINT: wake main() through the pipe. */
static void on_signal(int sig)
{
	int saved = errno;
	char b = (char)sig;
	if (write(signal_pipe[1], &b, 1) < 0) {
		/* The pipe is full: a wake-up is already pending. */
	}
	errno = saved;
}

/* Waits until a signal arrives or, when WATCH_STDIN, stdin reaches end of
 * file (or fails). */
static void wait_for_stop(bool watch_stdin)
{
	struct pollfd fds[2] = { { signal_pipe[0], POLLIN, 0 }, { 0, POLLIN, 0 } };
	for (;;) {
		int n = poll(fds, watch_stdin ? 2 : 1, -1);
		if (n < 0 && errno != EINTR)
			return;
		if (n <= 0)
			continue;
		if (fds[0].revents)
			return;
		if (fds[1].revents) {
			char buf[256];
			ssize_t got = read(0, buf, sizeof(buf));
			if (got == 0 || (got < 0 && errno != EINTR && errno != EAGAIN))
				return;
		}
	}
}

/* The usage line, on stderr; returns 2 (the exit status). */
static int usage(void)
{
	fputs("usage: fixture-server --root DIR [--port N] [--exit-on-eof] [--log] "
	      "[--page-bytes B]\n", stderr);
	return 2;
}

/* Reads the options, binds 127.0.0.1, says where, serves until told to
 * stop; 0 on a clean stop, 1 when it cannot start, 2 on bad usage. */
int main(int argc, char **argv)
{
	const char *root = NULL;
	uint64_t port = 0;
	bool exit_on_eof = false;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--root") == 0 && i + 1 < argc) {
			root = argv[++i];
		} else if (strcmp(argv[i], "--port") == 0 && i + 1 < argc) {
			const char *end = parse_u64(argv[++i], 65535, &port);
			if (!end || *end)
				return usage();
		} else if (strcmp(argv[i], "--exit-on-eof") == 0) {
			exit_on_eof = true;
		} else if (strcmp(argv[i], "--log") == 0) {
			server.log = true;
		} else if (strcmp(argv[i], "--page-bytes") == 0 && i + 1 < argc) {
			const char *end = parse_u64(argv[++i], 64 << 20, &server.page_bytes);
			if (!end || *end)
				return usage();
		} else {
			return usage();
		}
	}
	if (!root)
		return usage();
	server.root = realpath(root, NULL);
	struct stat st;
	if (!server.root || stat(server.root, &st) != 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "fixture-server: --root %s: not a directory\n", root);
		free(server.root);
		return 1;
	}

	if (pipe(signal_pipe) != 0) {
		perror("fixture-server: pipe");
		return 1;
	}
	fcntl(signal_pipe[1], F_SETFL, O_NONBLOCK);
	struct sigaction sa = { 0 };
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);

	stats_paths = json_object();
	if (!stats_paths)
		oom();

	struct sockaddr_in addr = { 0 };
	addr.sin_family = AF_INET;
	addr.sin_port = htons((uint16_t)port);
	addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO |
			MHD_USE_ERROR_LOG,
		(uint16_t)port, NULL, NULL, on_request, NULL,
		MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL, /* first, as MHD asks */
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
		MHD_OPTION_END);
	const union MHD_DaemonInfo *info = d ? MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT)
	                                     : NULL;
	int status = 0;
	if (!info) {
		fprintf(stderr, "fixture-server: cannot listen on 127.0.0.1:%" PRIu64 "\n", port);
		status = 1;
	} else {
		server.port = info->port;
		printf("listening on http://127.0.0.1:%d/\n", server.port);
		fflush(stdout);
		wait_for_stop(exit_on_eof);
	}
	atomic_store(&stopping, 1);
	if (d)
		MHD_stop_daemon(d);
	json_decref(stats_paths);
	close(signal_pipe[0]);
	close(signal_pipe[1]);
	free(server.root);
	return status;
}
