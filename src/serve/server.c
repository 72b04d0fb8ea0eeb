/*
 * server.c — px_serve: the web front end over HTTP (libmicrohttpd).
 *
 * Threads.  libmicrohttpd runs a pool of THREADS threads, each with its
 * own epoll loop over its connections; a page in the cache is answered on
 * the thread that read the request.  A page to build (milliseconds to a
 * second: summaries) is not built there, where it would hold every other
 * connection of that loop: the connection is suspended, one of THREADS
 * builder threads builds the page into the cache and resumes it.  A
 * px_db is for one thread at a time, so each thread opens its own
 * connection to the store when it first needs one (kept in thread-local
 * storage, closed at shutdown).  SQLite's WAL lets these readers read
 * while `parallax run` or `parallax ingest` writes: a reader sees the last
 * commit, never half a batch.
 *
 * Freshness.  One more thread, the watcher, reads the store's version
 * (px_db_version) every WATCH_MS and publishes it; the cache (cache.c)
 * compares each page's version with it, and a story's page is rebuilt only
 * when that story changed.  So a page is at most WATCH_MS behind a commit,
 * and a busy ingest does not empty the cache of stories it does not touch.
 * One request rebuilds a stale page; those that arrive meanwhile are
 * answered with the page as it was (the store is being written anyway:
 * a moment earlier they would have had the same).
 * The watcher also flushes the access log.  Another, the warmer, reads
 * the home page's stories when the version changes (and at start), so that
 * the summariser has parsed their key points before a reader asks: it
 * remembers each sentence's parse, and a cold home page is otherwise
 * seconds of parsing.
 *
 * What every request goes through, in order: method (GET and HEAD only),
 * no body, the URL's length, the client's rate (a token bucket per
 * address), static files (loaded from WEB_DIR at start: a name is served
 * only if it was a file there then, so no path reaches the file system),
 * then the route and the cache.  Responses carry a strong ETag and
 * Last-Modified and answer If-None-Match / If-Modified-Since with 304;
 * gzip when the client accepts it; and the security headers (a
 * Content-Security-Policy without inline script or style, nosniff, no
 * framing, no referrer).  Shutdown stops accepting, lets requests in
 * flight finish (up to 10 s), then stops the pool.
 */
#include "serve/serve.h"

#include <curl/curl.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "render/html.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/hash.h"

enum {
	WATCH_MS = 100,              /* how often the store's version is read */
	MAX_URL = 2048,              /* a longer request target gets a 414 */
	MAX_BODY = 16 * 1024,        /* a longer body is not even read */
	CACHE_BYTES = 64 << 20,      /* rendered pages kept */
	RATE_BUCKETS = 4096,
	MAX_ASSET = 4 << 20,         /* a static file larger is not served */
};

static const char CSP[] =
	"default-src 'none'; style-src 'self'; img-src 'self' data:; "
	"script-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

/* A static file of WEB_DIR, read at start. */
typedef struct asset {
	char name[64];
	const char *type;
	char *body;
	size_t len;
	char etag[24];
	int64_t mtime;
} asset;

/* A client address's token bucket. */
typedef struct rate_bucket {
	uint64_t key;
	double tokens;
	double at;                   /* seconds, monotonic */
} rate_bucket;

typedef struct server {
	px_serve_opts o;
	struct MHD_Daemon *d;
	srv_cache *cache;
	atomic_llong version;
	atomic_int stopping;
	atomic_int inflight;         /* requests begun and not completed */
	char base_url[256];
	asset *assets;
	size_t n_assets;
	pthread_key_t db_key;
	pthread_mutex_t dbs_lock;    /* the pool threads' stores, to close them */
	px_db **dbs;
	size_t n_dbs;
	pthread_mutex_t rate_lock;
	rate_bucket *rate;
	pthread_mutex_t log_lock;
	FILE *log;
	/* the builders: pages are built off the connection threads */
	pthread_mutex_t jobs_lock;
	pthread_cond_t jobs_ready;
	struct job *jobs, *jobs_tail;    /* queued, oldest first */
	pthread_t *builders;
	unsigned n_builders;
	int builders_stop;
} server;


/* What a request carries from its start to its end. */
typedef struct request {
	char *uri;                   /* as the client sent it, for the log */
	char method[8];
	char version[12];            /* "HTTP/1.1" */
	int headers_seen;            /* the handler was called once */
	int built;                   /* a builder filled ENTRY; send it */
	int api;                     /* the page's errors and CORS are the API's */
	size_t body_bytes;           /* of a body sent (and dropped) */
	srv_entry *entry;            /* the cached page being sent, if any */
	unsigned status;
	size_t bytes;
} request;

/* A page to build: the request it is for (suspended meanwhile), its route,
 * the rest of its path and its arguments (copied: the builder does not
 * touch the connection). */
typedef struct job {
	struct job *next;
	struct MHD_Connection *conn;
	request *rq;
	const srv_route *route;
	char *rest, *key;
	char **args;                 /* name, value, name, value ..., NULL */
	int64_t version;
} job;

/* ------------------------------------------------------------ time */

static double mono_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* T as an HTTP date ("Tue, 04 Mar 2025 09:30:00 GMT"). */
static void http_date(int64_t t, char out[40])
{
	time_t tt = (time_t)t;
	struct tm tm;
	gmtime_r(&tt, &tm);
	static const char days[7][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char months[12][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	snprintf(out, 40, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday],
	         tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
	         tm.tm_sec);
}

/* ------------------------------------------------------------ the store */

/* This pool thread's store, opened on its first request; NULL (logged)
 * when it cannot be opened. */
static px_db *thread_db(server *s)
{
	px_db *db = pthread_getspecific(s->db_key);
	if (db)
		return db;
	px_error err = { 0 };
	if (!(db = px_open(s->o.db_path, &err))) {
		fprintf(stderr, "parallax serve: %s\n", err.msg);
		return NULL;
	}
	pthread_setspecific(s->db_key, db);
	pthread_mutex_lock(&s->dbs_lock);
	s->dbs = px_xrealloc(s->dbs, (s->n_dbs + 1) * sizeof(*s->dbs));
	s->dbs[s->n_dbs++] = db;
	pthread_mutex_unlock(&s->dbs_lock);
	return db;
}

/* The watcher: publishes the store's version and flushes the log. */
static void *watch(void *arg)
{
	server *s = arg;
	px_error err = { 0 };
	px_db *db = px_open(s->o.db_path, &err);
	if (!db)
		fprintf(stderr, "parallax serve: the watcher: %s\n", err.msg);
	while (!atomic_load(&s->stopping)) {
		int64_t v;
		if (db && px_db_version(db, &v, &err) == 0)
			atomic_store(&s->version, v);
		if (s->log) {
			pthread_mutex_lock(&s->log_lock);
			fflush(s->log);
			pthread_mutex_unlock(&s->log_lock);
		}
		struct timespec ts = { 0, WATCH_MS * 1000000L };
		nanosleep(&ts, NULL);
	}
	px_close(db);
	return NULL;
}

/* The warmer: whenever the store's version changes (and at start), reads
 * the stories of the home page's first page a few at a time, so that
 * their key points' sentences are parsed before a reader asks (the
 * summariser remembers what the parser said of a sentence; a cold home
 * page is otherwise seconds of parsing).  Between reads it looks whether
 * the server is stopping. */
static void *warm(void *arg)
{
	server *s = arg;
	enum { FIRST_PAGE = 20, AT_ONCE = 4 };
	px_error err = { 0 };
	px_db *db = px_open(s->o.db_path, &err);
	int64_t warmed = -1;
	while (db && !atomic_load(&s->stopping)) {
		int64_t v = atomic_load(&s->version);
		for (size_t at = 0; v != warmed && at < FIRST_PAGE && !atomic_load(&s->stopping);
		     at += AT_ONCE) {
			px_story_query q = { .offset = at, .limit = AT_ONCE,
			                     .mark_blindspots = at + AT_ONCE >= FIRST_PAGE };
			px_story_list l;
			if (px_stories_query(db, &q, &l, &err) < 0)
				break;
			px_story_list_free(&l);
		}
		warmed = v;
		struct timespec ts = { 0, WATCH_MS * 1000000L };
		nanosleep(&ts, NULL);
	}
	px_close(db);
	return NULL;
}

/* ------------------------------------------------------------ assets */

static const char *asset_type(const char *name)
{
	static const struct { const char *ext, *type; } types[] = {
		{ ".css", "text/css; charset=utf-8" },
		{ ".js", "text/javascript; charset=utf-8" },
		{ ".svg", "image/svg+xml" },
		{ ".png", "image/png" },
		{ ".ico", "image/x-icon" },
		{ ".woff2", "font/woff2" },
		{ ".txt", "text/plain; charset=utf-8" },
	};
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcmp(dot, types[i].ext))
			return types[i].type;
	return NULL;
}

/* Reads the regular files of DIR whose names are plain ([A-Za-z0-9._-],
 * not starting with a dot) and whose type is known. */
static void assets_load(server *s, const char *dir)
{
	DIR *d = dir ? opendir(dir) : NULL;
	if (!d) {
		fprintf(stderr, "parallax serve: no static files: %s: %s (pages will have no "
		        "style; give --web DIR)\n", dir ? dir : "(no directory)", strerror(errno));
		return;
	}
	struct dirent *de;
	while ((de = readdir(d))) {
		const char *n = de->d_name;
		size_t len = strlen(n);
		int plain = len && len < sizeof(s->assets->name) && n[0] != '.';
		for (size_t i = 0; plain && i < len; i++)
			plain = strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			               "0123456789._-", n[i]) != NULL;
		const char *type = plain ? asset_type(n) : NULL;
		if (!type)
			continue;
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", dir, n);
		/* not through a symbolic link: what is served is what the folder
		 * holds, not what it points to */
		struct stat st;
		int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
		FILE *f = fd >= 0 ? fdopen(fd, "rb") : NULL;
		if (!f && fd >= 0)
			close(fd);
		if (!f || fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode) ||
		    st.st_size > MAX_ASSET) {
			if (f)
				fclose(f);
			continue;
		}
		asset a = { .type = type, .len = (size_t)st.st_size, .mtime = st.st_mtime };
		memcpy(a.name, n, len + 1);   /* len < sizeof(a.name), checked above */
		a.body = px_xmalloc(a.len + 1);
		if (fread(a.body, 1, a.len, f) != a.len) {
			free(a.body);
			fclose(f);
			continue;
		}
		fclose(f);
		snprintf(a.etag, sizeof(a.etag), "\"%016llx\"",
		         (unsigned long long)px_hash64(a.body, a.len));
		s->assets = px_xrealloc(s->assets, (s->n_assets + 1) * sizeof(asset));
		s->assets[s->n_assets++] = a;
	}
	closedir(d);
}

static const asset *asset_find(const server *s, const char *name)
{
	for (size_t i = 0; i < s->n_assets; i++)
		if (!strcmp(s->assets[i].name, name))
			return &s->assets[i];
	return NULL;
}

/* ------------------------------------------------------------ the rate */

/* 1 if the client at ADDR may make a request now (a token bucket of
 * RATE per second, BURST twice that; buckets are shared by addresses
 * that hash alike, which only ever limits sooner). */
static int rate_ok(server *s, const struct sockaddr *addr)
{
	if (s->o.rate <= 0 || !addr)
		return 1;
	uint64_t key;
	if (addr->sa_family == AF_INET6)
		key = px_hash64(&((const struct sockaddr_in6 *)addr)->sin6_addr, 16);
	else
		key = px_hash64(&((const struct sockaddr_in *)addr)->sin_addr, 4);
	double now = mono_now(), burst = 2 * s->o.rate;
	pthread_mutex_lock(&s->rate_lock);
	rate_bucket *b = &s->rate[key % RATE_BUCKETS];
	if (b->key != key) {
		b->key = key;
		b->tokens = burst;
		b->at = now;
	}
	b->tokens += (now - b->at) * s->o.rate;
	if (b->tokens > burst)
		b->tokens = burst;
	b->at = now;
	int ok = b->tokens >= 1;
	if (ok)
		b->tokens -= 1;
	pthread_mutex_unlock(&s->rate_lock);
	return ok;
}

/* ------------------------------------------------------------ responses */

static void security_headers(struct MHD_Response *r, int api)
{
	MHD_add_response_header(r, "Content-Security-Policy", CSP);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(r, "Permissions-Policy",
	                        "camera=(), microphone=(), geolocation=(), interest-cohort=()");
	/* The API and the feeds are public and read-only, sent without
	 * credentials: any site may read them. */
	if (api)
		MHD_add_response_header(r, "Access-Control-Allow-Origin", "*");
}

/* Queues a response of BODY[0..LEN) (kept alive by the caller until the
 * request completes), with TYPE and the usual headers. */
static enum MHD_Result send_bytes(struct MHD_Connection *c, request *rq, unsigned status,
                                  const char *type, const char *body, size_t len,
                                  int api, const char *extra_name, const char *extra_value)
{
	struct MHD_Response *r =
		MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_PERSISTENT);
	if (!r)
		return MHD_NO;
	if (type)
		MHD_add_response_header(r, "Content-Type", type);
	security_headers(r, api);
	if (extra_name)
		MHD_add_response_header(r, extra_name, extra_value);
	enum MHD_Result ok = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	rq->status = status;
	rq->bytes = len;
	return ok;
}

/* A short plain error, for what is refused before any route (405, 413,
 * 414, 429). */
static enum MHD_Result send_refusal(struct MHD_Connection *c, request *rq,
                                    unsigned status, const char *msg,
                                    const char *extra_name, const char *extra_value)
{
	return send_bytes(c, rq, status, "text/plain; charset=utf-8", msg, strlen(msg), 0,
	                  extra_name, extra_value);
}

/* 1 if the request's If-None-Match lists ETAG (weak comparison: a W/
 * prefix and our "-gz" variant's suffix are ignored, as is "*"). */
static int etag_matches(const char *inm, const char *etag)
{
	size_t el = strlen(etag) - 2;    /* without the quotes */
	const char *p = inm;
	while (*p) {
		while (*p == ' ' || *p == ',' || *p == '\t')
			p++;
		if (*p == '*')
			return 1;
		if (!strncmp(p, "W/", 2))
			p += 2;
		if (*p != '"')
			break;
		const char *e = strchr(p + 1, '"');
		if (!e)
			break;
		size_t n = (size_t)(e - p - 1);
		if (n >= 3 && !strncmp(e - 3, "-gz", 3))
			n -= 3;
		if (n == el && !strncmp(p + 1, etag + 1, el))
			return 1;
		p = e + 1;
	}
	return 0;
}

/* 1 if the client accepts gzip (an Accept-Encoding naming it without
 * q=0). */
static int accepts_gzip(struct MHD_Connection *c)
{
	const char *ae = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Accept-Encoding");
	const char *g = ae ? strstr(ae, "gzip") : NULL;
	if (!g)
		return 0;
	const char *q = g + 4;
	while (*q == ' ')
		q++;
	if (*q != ';')
		return 1;
	q = strstr(q, "q=");
	return !q || strtod(q + 2, NULL) > 0;
}

/* 1 if the request's validators say the client has this version: its
 * If-None-Match lists ETAG, or (without one) its If-Modified-Since is not
 * before LAST_MODIFIED. */
static int not_modified(struct MHD_Connection *c, const char *etag, int64_t last_modified)
{
	const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
	if (inm)
		return etag_matches(inm, etag);
	const char *ims = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-Modified-Since");
	if (!ims)
		return 0;
	time_t t = curl_getdate(ims, NULL);
	return t != -1 && (int64_t)t >= last_modified;
}

/* A 304 or the bytes of BODY/GZ, with the validators; CACHE_CONTROL as
 * given. */
static enum MHD_Result send_validated(struct MHD_Connection *c, request *rq, unsigned status,
                                      const char *type, const char *body, size_t len,
                                      const char *gz, size_t gz_len, const char *etag,
                                      int64_t last_modified, const char *cache_control,
                                      const char *location, int api)
{
	char date[40], tag[32];
	http_date(last_modified, date);
	int use_gz = gz && accepts_gzip(c);
	if (use_gz)
		snprintf(tag, sizeof(tag), "%.*s-gz\"", (int)strlen(etag) - 1, etag);
	else
		snprintf(tag, sizeof(tag), "%s", etag);
	int fresh = status == 200 && not_modified(c, etag, last_modified);
	struct MHD_Response *r = fresh ?
		MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT) :
		MHD_create_response_from_buffer(use_gz ? gz_len : len,
		                                (void *)(use_gz ? gz : body),
		                                MHD_RESPMEM_PERSISTENT);
	if (!r)
		return MHD_NO;
	if (!fresh && type)
		MHD_add_response_header(r, "Content-Type", type);
	if (!fresh && use_gz)
		MHD_add_response_header(r, "Content-Encoding", "gzip");
	if (gz)
		MHD_add_response_header(r, "Vary", "Accept-Encoding");
	if (status == 200) {
		MHD_add_response_header(r, "ETag", tag);
		MHD_add_response_header(r, "Last-Modified", date);
	}
	MHD_add_response_header(r, "Cache-Control", cache_control);
	if (location)
		MHD_add_response_header(r, "Location", location);
	security_headers(r, api);
	unsigned code = fresh ? MHD_HTTP_NOT_MODIFIED : status;
	enum MHD_Result ok = MHD_queue_response(c, code, r);
	MHD_destroy_response(r);
	rq->status = code;
	rq->bytes = fresh ? 0 : use_gz ? gz_len : len;
	return ok;
}

/* ------------------------------------------------------------ pages */

/* The cache key of a request for PATH on route R: the path and the values
 * of the arguments the route reads, in its order. */
static char *cache_key(struct MHD_Connection *c, const srv_route *r, const char *path)
{
	px_buf b = PX_BUF_INIT;
	px_buf_puts(&b, path);
	char name[32];
	for (const char *n = srv_route_params(r); (n = srv_param_next(n, name, sizeof(name)));) {
		const char *v = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, name);
		/* values percent-encoded: none holds the separator, so no two
		 * requests' keys collide */
		px_buf_putc(&b, '\n');
		if (v && *v) {
			px_buf_printf(&b, "%s=", name);
			html_query_value(&b, v);
		}
	}
	return px_buf_steal(&b);
}

/* 1 if entry E still shows what the store holds at VERSION: built at it,
 * or a story's page whose story has not changed since. */
static int entry_fresh(server *s, px_db *db, srv_entry *e, int64_t version)
{
	if (e->version == version)
		return 1;
	if (e->dep != SRV_DEP_STORY)
		return 0;
	int64_t live;
	uint64_t stamp;
	px_error err = { 0 };
	if (px_story_stamp(db, e->story_id, &live, &stamp, &err) < 0 ||
	    live != e->story_id || stamp != e->stamp)
		return 0;
	srv_cache_touch(s->cache, e, version);
	return 1;
}

/* The request's page (RQ->entry) with its validators. */
static enum MHD_Result send_entry(struct MHD_Connection *c, request *rq)
{
	const srv_entry *e = rq->entry;
	return send_validated(c, rq, (unsigned)e->status, e->type, e->body, e->len, e->gz,
	                      e->gz_len, e->etag, e->last_modified, "no-cache", e->location,
	                      rq->api);
}

/* The arguments ROUTE reads, as C has them: name, value pairs (values
 * present only), NULL-ended, malloc'd. */
static char **route_args(struct MHD_Connection *c, const srv_route *route)
{
	const char *names = srv_route_params(route);
	size_t k = 0, cap = 1;
	for (const char *p = names; *p; p++)
		cap += *p == ',';
	char **a = px_xcalloc(2 * cap + 1, sizeof(char *)), name[32];
	for (const char *n = names; (n = srv_param_next(n, name, sizeof(name)));) {
		const char *v = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, name);
		if (v) {
			a[k++] = px_xstrdup(name);
			a[k++] = px_xstrdup(v);
		}
	}
	return a;
}

static const char *job_arg(void *ctx, const char *name)
{
	char **a = ctx;
	for (size_t i = 0; a[i]; i += 2)
		if (!strcmp(a[i], name))
			return a[i + 1];
	return NULL;
}

static void job_free(job *j)
{
	for (size_t i = 0; j->args[i]; i++)
		free(j->args[i]);
	free(j->args);
	free(j->rest);
	free(j->key);
	free(j);
}

static void jobs_push(server *s, job *j)
{
	pthread_mutex_lock(&s->jobs_lock);
	if (s->jobs_tail)
		s->jobs_tail->next = j;
	else
		s->jobs = j;
	s->jobs_tail = j;
	pthread_cond_signal(&s->jobs_ready);
	pthread_mutex_unlock(&s->jobs_lock);
}

/* A builder: takes jobs, builds their pages on its own store connection,
 * puts them in the cache and resumes their connections. */
static void *builder(void *arg)
{
	server *s = arg;
	px_db *db = NULL;
	for (;;) {
		pthread_mutex_lock(&s->jobs_lock);
		while (!s->jobs && !s->builders_stop)
			pthread_cond_wait(&s->jobs_ready, &s->jobs_lock);
		job *j = s->jobs;
		if (j) {
			s->jobs = j->next;
			if (!s->jobs)
				s->jobs_tail = NULL;
		}
		pthread_mutex_unlock(&s->jobs_lock);
		if (!j)
			break;
		/* built meanwhile for a request like this one (many ask for a page
		 * that is not there yet at once): that page will do */
		srv_entry *done = srv_cache_get(s->cache, j->key);
		if (done && done->version >= j->version && !atomic_load(&done->building)) {
			j->rq->entry = done;
			j->rq->built = 1;
			MHD_resume_connection(j->conn);
			job_free(j);
			continue;
		}
		srv_entry_put(s->cache, done);
		if (!db)
			db = thread_db(s);
		srv_page p;
		if (db) {
			srv_request req = { db, j->rest, job_arg, j->args, s->base_url };
			srv_route_build(j->route, &req, &p);
		} else {
			memset(&p, 0, sizeof(p));
			srv_page_error(&p, srv_route_is_api(j->route), 503,
			               "the store cannot be opened");
		}
		j->rq->entry = srv_cache_put(s->cache, j->key, &p, j->version, (int64_t)time(NULL));
		j->rq->built = 1;
		srv_page_free(&p);
		MHD_resume_connection(j->conn);
		job_free(j);
	}
	return NULL;
}

static enum MHD_Result send_page(server *s, struct MHD_Connection *c, request *rq,
                                 const char *path)
{
	const char *rest;
	const srv_route *route = srv_route_find(path, &rest);
	if (!route) {
		srv_page p = { 0 };
		srv_page_error(&p, !strncmp(path, "/api/", 5), 404, "nothing at %.200s", path);
		srv_entry *e = srv_cache_put(s->cache, "", &(srv_page){ .status = p.status,
		                             .type = p.type, .body = p.body, .len = p.len,
		                             .dep = SRV_DEP_UNCACHED }, 0, (int64_t)time(NULL));
		rq->entry = e;
		return send_bytes(c, rq, 404, e->type, e->body, e->len, 0, NULL, NULL);
	}
	int api = srv_route_is_api(route);
	px_db *db = thread_db(s);
	if (!db)
		return send_refusal(c, rq, 503, "the store cannot be opened\n", "Retry-After", "5");
	char *key = cache_key(c, route, path);
	int64_t version = atomic_load(&s->version);
	srv_entry *e = srv_cache_get(s->cache, key);
	/* A stale page is rebuilt by the first request that finds it so; the
	 * requests that come while it is being rebuilt get the page as it was
	 * a moment before, instead of building it too (a rebuild holds its
	 * thread's connections for its duration). */
	if (e && !entry_fresh(s, db, e, version) && !atomic_exchange(&e->building, 1)) {
		srv_entry_put(s->cache, e);
		e = NULL;
	}
	rq->api = api || !strncmp(path, "/feeds/", 7);
	if (!e) {
		/* built by a builder thread while this connection waits, so the
		 * connection thread goes on serving its other connections */
		job *j = px_xcalloc(1, sizeof(*j));
		*j = (job){ .conn = c, .rq = rq, .route = route, .rest = px_xstrdup(rest),
		            .key = key, .args = route_args(c, route), .version = version };
		MHD_suspend_connection(c);
		jobs_push(s, j);
		return MHD_YES;
	}
	free(key);
	rq->entry = e;
	return send_entry(c, rq);
}

/* ------------------------------------------------------------ requests */

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version,
                                  const char *upload_data, size_t *upload_size,
                                  void **con_cls)
{
	(void)upload_data;
	server *s = cls;
	request *rq = *con_cls;
	/* The first call brings the headers only.  A response queued then
	 * makes libmicrohttpd close the connection after it (it cannot know
	 * the request is whole), so it is queued on the second call. */
	if (rq->built)
		return send_entry(c, rq);
	if (!rq->headers_seen) {
		rq->headers_seen = 1;
		snprintf(rq->method, sizeof(rq->method), "%s", method);
		snprintf(rq->version, sizeof(rq->version), "%s", version);
		return MHD_YES;
	}
	/* A body is read and dropped (nothing here takes one), up to
	 * MAX_BODY; past that the refusal goes out at once and the connection
	 * closes. */
	if (*upload_size) {
		rq->body_bytes += *upload_size;
		*upload_size = 0;
		if (rq->body_bytes <= MAX_BODY)
			return MHD_YES;
		return send_refusal(c, rq, MHD_HTTP_CONTENT_TOO_LARGE,
		                    "no request here takes a body\n", "Connection", "close");
	}
	if (strcmp(method, "GET") && strcmp(method, "HEAD"))
		return send_refusal(c, rq, MHD_HTTP_METHOD_NOT_ALLOWED,
		                    "only GET and HEAD are served here\n", "Allow", "GET, HEAD");
	if (rq->body_bytes)
		return send_refusal(c, rq, MHD_HTTP_CONTENT_TOO_LARGE,
		                    "a GET has no body\n", "Connection", "close");
	if (rq && rq->uri && strlen(rq->uri) > MAX_URL)
		return send_refusal(c, rq, MHD_HTTP_URI_TOO_LONG, "the URL is too long\n", NULL,
		                    NULL);
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (!rate_ok(s, ci ? ci->client_addr : NULL))
		return send_refusal(c, rq, MHD_HTTP_TOO_MANY_REQUESTS,
		                    "too many requests: slow down\n", "Retry-After", "1");
	if (!strncmp(url, "/static/", 8)) {
		const asset *a = asset_find(s, url + 8);
		if (!a)
			return send_page(s, c, rq, url);
		return send_validated(c, rq, 200, a->type, a->body, a->len, NULL, 0, a->etag,
		                      a->mtime, "public, max-age=3600", NULL, 0);
	}
	return send_page(s, c, rq, url);
}

/* Percent-decodes S in place (libmicrohttpd's unescaping, for the path
 * and each argument), except "%00": a NUL would cut the string short, so
 * "/static/style.css%00.png" would read as "/static/style.css".  Kept
 * as it is, it names nothing.  Returns the new length. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	static const char hex[] = "0123456789abcdef";
	char *w = s;
	for (const char *r = s; *r; r++) {
		const char *h1, *h2;
		if (r[0] == '%' && r[1] && r[2] &&
		    (h1 = strchr(hex, r[1] | 0x20)) && (h2 = strchr(hex, r[2] | 0x20)) &&
		    (h1 != hex || h2 != hex)) {
			*w++ = (char)((h1 - hex) << 4 | (h2 - hex));
			r += 2;
		} else {
			*w++ = *r;
		}
	}
	*w = '\0';
	return (size_t)(w - s);
}

/* The start of a request: keeps its URI for the log (libmicrohttpd calls
 * this before the handler and passes the result as its *con_cls). */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	(void)c;
	server *s = cls;
	request *rq = px_xcalloc(1, sizeof(*rq));
	rq->uri = px_xstrdup(uri ? uri : "");
	atomic_fetch_add(&s->inflight, 1);
	return rq;
}

/* Writes S to the log with quotes, backslashes and controls escaped
 * (runs of plain bytes written at once). */
static void log_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "-");
	while (*p) {
		const unsigned char *run = p;
		while (*p && *p != '"' && *p != '\\' && *p >= 0x20 && *p != 0x7f)
			p++;
		fwrite(run, 1, (size_t)(p - run), f);
		if (*p)
			fprintf(f, "\\x%02x", *p++);
	}
}

/* The end of a request: its line in the access log (Combined Log Format),
 * and its page released. */
static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	(void)toe;
	server *s = cls;
	request *rq = *con_cls;
	if (!rq)
		return;
	if (s->log && rq->status) {
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		char host[64] = "-";
		if (ci && ci->client_addr)
			getnameinfo(ci->client_addr, ci->client_addr->sa_family == AF_INET6 ?
			            sizeof(struct sockaddr_in6) : sizeof(struct sockaddr_in),
			            host, sizeof(host), NULL, 0, NI_NUMERICHOST);
		char when[64];
		time_t now = time(NULL);
		struct tm tm;
		gmtime_r(&now, &tm);
		strftime(when, sizeof(when), "%d/%b/%Y:%H:%M:%S +0000", &tm);
		const char *ref = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Referer");
		const char *ua = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "User-Agent");
		pthread_mutex_lock(&s->log_lock);
		fprintf(s->log, "%s - - [%s] \"%s ", host, when, rq->method);
		log_string(s->log, rq->uri);
		fprintf(s->log, " %s\" %u %zu \"", rq->version, rq->status, rq->bytes);
		log_string(s->log, ref);
		fputs("\" \"", s->log);
		log_string(s->log, ua);
		fputs("\"\n", s->log);
		pthread_mutex_unlock(&s->log_lock);
	}
	srv_entry_put(s->cache, rq->entry);
	free(rq->uri);
	free(rq);
	*con_cls = NULL;
	atomic_fetch_sub(&s->inflight, 1);
}

/* ------------------------------------------------------------ px_serve */

/* The address to listen on: O's LISTEN (a numeric address or a name) and
 * PORT, into SA; its length, or 0 with a message. */
static socklen_t listen_addr(const px_serve_opts *o, struct sockaddr_storage *sa,
                             px_error *err)
{
	const char *host = o->listen && *o->listen ? o->listen : "127.0.0.1";
	struct addrinfo hints = { .ai_flags = AI_PASSIVE, .ai_socktype = SOCK_STREAM };
	struct addrinfo *ai;
	int rc = getaddrinfo(host, NULL, &hints, &ai);
	if (rc) {
		px_fail(err, PX_EINVAL, "--listen %s: %s", host, gai_strerror(rc));
		return 0;
	}
	socklen_t len = (socklen_t)ai->ai_addrlen;
	memcpy(sa, ai->ai_addr, ai->ai_addrlen);
	freeaddrinfo(ai);
	if (sa->ss_family == AF_INET6)
		((struct sockaddr_in6 *)sa)->sin6_port = htons((uint16_t)o->port);
	else
		((struct sockaddr_in *)sa)->sin_port = htons((uint16_t)o->port);
	return len;
}

static void server_free(server *s)
{
	for (size_t i = 0; i < s->n_dbs; i++)
		px_close(s->dbs[i]);
	free(s->dbs);
	for (size_t i = 0; i < s->n_assets; i++)
		free(s->assets[i].body);
	free(s->assets);
	free(s->rate);
	srv_cache_free(s->cache);
	if (s->log && s->log != stderr)
		fclose(s->log);
	else if (s->log)
		fflush(s->log);
	pthread_key_delete(s->db_key);
	pthread_mutex_destroy(&s->dbs_lock);
	pthread_mutex_destroy(&s->rate_lock);
	pthread_mutex_destroy(&s->log_lock);
	pthread_mutex_destroy(&s->jobs_lock);
	pthread_cond_destroy(&s->jobs_ready);
	free(s->builders);
	free(s);
}

int px_serve(const px_serve_opts *o, volatile int *stop, px_error *err)
{
	/* The store must open (and be migrated) before anything listens. */
	px_db *probe = px_open(o->db_path, err);
	if (!probe)
		return err ? err->code : PX_ERR;
	int64_t v0 = 0;
	px_db_version(probe, &v0, err);
	px_close(probe);

	server *s = px_xcalloc(1, sizeof(*s));
	s->o = *o;
	atomic_store(&s->version, v0);
	s->cache = srv_cache_new(CACHE_BYTES);
	s->rate = px_xcalloc(RATE_BUCKETS, sizeof(rate_bucket));
	pthread_key_create(&s->db_key, NULL);
	pthread_mutex_init(&s->dbs_lock, NULL);
	pthread_mutex_init(&s->rate_lock, NULL);
	pthread_mutex_init(&s->log_lock, NULL);
	pthread_mutex_init(&s->jobs_lock, NULL);
	pthread_cond_init(&s->jobs_ready, NULL);
	if (o->access_log) {
		s->log = strcmp(o->access_log, "-") ? fopen(o->access_log, "a") : stderr;
		if (!s->log) {
			int e = errno;
			server_free(s);
			return px_fail(err, PX_EIO, "access log %s: %s", o->access_log, strerror(e));
		}
		if (s->log != stderr)
			setvbuf(s->log, NULL, _IOFBF, 1 << 16);
	}
	assets_load(s, o->web_dir);

	struct sockaddr_storage sa;
	socklen_t salen = listen_addr(o, &sa, err);
	if (!salen) {
		server_free(s);
		return PX_EINVAL;
	}
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned threads = o->threads ? o->threads : cores > 0 ? (unsigned)cores : 1;
	unsigned flags = MHD_USE_AUTO_INTERNAL_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG |
	                 MHD_ALLOW_SUSPEND_RESUME |
	                 (sa.ss_family == AF_INET6 ? MHD_USE_IPv6 : 0);
	s->d = MHD_start_daemon(
		flags, (uint16_t)o->port, NULL, NULL, on_request, s,
		MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_THREAD_POOL_SIZE, threads,
		MHD_OPTION_CONNECTION_LIMIT, (unsigned)1024,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)256,
		MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)30,
		/* 32 KiB: a request's headers fit (more gets 431), and up to this
		 * size libmicrohttpd takes a connection's pool from malloc; above
		 * it, mmap and munmap per connection (a quarter of nginx's rate
		 * for clients that connect once per request) and a memset of the
		 * whole pool after every request */
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
		MHD_OPTION_URI_LOG_CALLBACK, on_uri, s,
		MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL,
		MHD_OPTION_NOTIFY_COMPLETED, on_completed, s,
		MHD_OPTION_END);
	if (!s->d) {
		char host[64] = "?";
		getnameinfo((struct sockaddr *)&sa, salen, host, sizeof(host), NULL, 0,
		            NI_NUMERICHOST);
		server_free(s);
		return px_fail(err, PX_EIO, "cannot listen on %s port %u (in use? try --port)",
		               host, o->port);
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	unsigned port = di ? di->port : o->port;
	if (o->base_url && *o->base_url) {
		snprintf(s->base_url, sizeof(s->base_url), "%s", o->base_url);
	} else {
		char host[64] = "127.0.0.1";
		getnameinfo((struct sockaddr *)&sa, salen, host, sizeof(host), NULL, 0,
		            NI_NUMERICHOST);
		int any = !strcmp(host, "0.0.0.0") || !strcmp(host, "::");
		snprintf(s->base_url, sizeof(s->base_url), strchr(host, ':') && !any ?
		         "http://[%s]:%u" : "http://%s:%u", any ? "localhost" : host, port);
	}
	size_t bl = strlen(s->base_url);
	while (bl && s->base_url[bl - 1] == '/')
		s->base_url[--bl] = '\0';

	pthread_t watcher, warmer;
	pthread_create(&watcher, NULL, watch, s);
	pthread_create(&warmer, NULL, warm, s);
	s->n_builders = threads;
	s->builders = px_xcalloc(threads, sizeof(pthread_t));
	for (unsigned i = 0; i < threads; i++)
		pthread_create(&s->builders[i], NULL, builder, s);
	if (o->on_ready)
		o->on_ready(o->ctx, s->base_url);
	while (!*stop) {
		struct timespec ts = { 0, 50 * 1000000L };
		nanosleep(&ts, NULL);
	}

	/* Graceful: stop accepting, let the requests in flight finish (idle
	 * keep-alive connections are then closed with the pool). */
	MHD_socket ls = MHD_quiesce_daemon(s->d);
	if (ls != MHD_INVALID_SOCKET)
		close(ls);
	for (int i = 0; i < 200 && atomic_load(&s->inflight) > 0; i++) {
		struct timespec ts = { 0, 50 * 1000000L };
		nanosleep(&ts, NULL);
	}
	/* the builders finish what is queued (resuming those requests) */
	pthread_mutex_lock(&s->jobs_lock);
	s->builders_stop = 1;
	pthread_cond_broadcast(&s->jobs_ready);
	pthread_mutex_unlock(&s->jobs_lock);
	for (unsigned i = 0; i < s->n_builders; i++)
		pthread_join(s->builders[i], NULL);
	MHD_stop_daemon(s->d);
	atomic_store(&s->stopping, 1);
	pthread_join(watcher, NULL);
	pthread_join(warmer, NULL);
	server_free(s);
	return 0;
}
