/*
 * test_fixture_server.c — the loopback fixture server the fetch tests rely
 * on, checked route by route with libcurl: files with their types and
 * validators, 304 answers, gzip, path confinement, redirect chains, status
 * codes, oversize and dripping bodies, slow answers that do not hold up
 * others, robots.txt, the request statistics, the generated pages and
 * feeds, and both ways of stopping it.
 *
 * One server runs for the whole group, on a temporary copy of
 * tests/fixtures/http (so tests may add and change files); the secret file
 * that the traversal test tries to reach lies beside that copy, outside
 * the root.  The stop tests start servers of their own.
 */
#include "testutil.h"

#include <curl/curl.h>
#include <jansson.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <zlib.h>

#include "fixture_server.h"

/* ------------------------------------------------------------ the server */

static char *dir;        /* the temporary directory */
static char root[300];   /* dir/www, the served root */
static int port;
static pid_t pid;

/* Copies the fixtures into a fresh root, plants a secret outside it, and
 * starts the server. */
static int setup(void **state)
{
	(void)state;
	char src[300], cmd[800];
	dir = tmpdir();
	snprintf(root, sizeof(root), "%s/www", dir);
	repo_path("tests/fixtures/http", src, sizeof(src));
	snprintf(cmd, sizeof(cmd), "cp -R '%s' '%s'", src, root);
	if (system(cmd) != 0)
		return -1;
	snprintf(cmd, sizeof(cmd), "%s/secret.txt", dir);
	write_file(cmd, "the secret\n");
	snprintf(cmd, sizeof(cmd), "%s/escape.txt", root);
	if (symlink("../secret.txt", cmd) != 0)
		return -1;
	curl_global_init(CURL_GLOBAL_DEFAULT);
	return start_fixture_server(root, &port, &pid);
}

/* Stops the server (which must exit cleanly) and removes the root. */
static int teardown(void **state)
{
	(void)state;
	int rc = stop_fixture_server(pid);
	curl_global_cleanup();
	rmtree(dir);
	return rc;
}

/* ------------------------------------------------------------- requests */

/* A request: the path on the server and what to send or allow. */
struct req {
	const char *path;
	const char *headers[4];  /* extra request headers, NULL-terminated */
	int follow;              /* follow redirects */
	int decode;              /* CURLOPT_ACCEPT_ENCODING "gzip": ask and decode */
	int as_is;               /* send the path without dot-segment removal */
	int head;                /* HEAD instead of GET */
	long timeout_ms;
};

/* What came back. */
struct reply {
	CURLcode rc;
	long status;
	long redirects;
	char *body;
	size_t len;
	char *headers;           /* every header line of every hop */
	size_t hlen;
	char *url;               /* the effective URL */
	double seconds;
};

/* libcurl's write callbacks: append to R's body or (HEADERS) to its
 * header lines, kept NUL-terminated. */
static size_t collect(char *data, size_t size, size_t n, void *user, int headers)
{
	struct reply *r = user;
	char **p = headers ? &r->headers : &r->body;
	size_t *len = headers ? &r->hlen : &r->len;
	size_t add = size * n;
	char *grown = realloc(*p, *len + add + 1);
	if (!grown)
		return 0;
	memcpy(grown + *len, data, add);
	*len += add;
	grown[*len] = '\0';
	*p = grown;
	return add;
}

/* The body and header callbacks proper (USER is the struct reply). */
static size_t collect_body(char *data, size_t size, size_t n, void *user)
{
	return collect(data, size, n, user, 0);
}

static size_t collect_header(char *data, size_t size, size_t n, void *user)
{
	return collect(data, size, n, user, 1);
}

/* The server's URL for PATH, in BUF. */
static const char *url_of(const char *path, char *buf, size_t size)
{
	snprintf(buf, size, "http://127.0.0.1:%d%s", port, path);
	return buf;
}

/* A curl handle set up for Q, writing into R; *LIST the header list to
 * free after. */
static CURL *easy_for(const struct req *q, struct reply *r, struct curl_slist **list)
{
	char url[600];
	CURL *h = curl_easy_init();
	assert_non_null(h);
	memset(r, 0, sizeof(*r));
	*list = NULL;
	for (size_t i = 0; i < 4 && q->headers[i]; i++)
		*list = curl_slist_append(*list, q->headers[i]);
	curl_easy_setopt(h, CURLOPT_URL, url_of(q->path, url, sizeof(url)));
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, *list);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, collect_header);
	curl_easy_setopt(h, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, (long)q->follow);
	curl_easy_setopt(h, CURLOPT_MAXREDIRS, 20L);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "parallax-test/1");
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	if (q->decode)
		curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "gzip");
	if (q->as_is)
		curl_easy_setopt(h, CURLOPT_PATH_AS_IS, 1L);
	if (q->head)
		curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, q->timeout_ms ? q->timeout_ms : 20000L);
	return h;
}

/* Reads the results of a finished transfer H into R and frees H. */
static void finish(CURL *h, CURLcode rc, struct reply *r, struct curl_slist *list)
{
	char *eff = NULL;
	r->rc = rc;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &r->status);
	curl_easy_getinfo(h, CURLINFO_REDIRECT_COUNT, &r->redirects);
	curl_easy_getinfo(h, CURLINFO_TOTAL_TIME, &r->seconds);
	curl_easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &eff);
	r->url = strdup(eff ? eff : "");
	if (!r->body)
		r->body = calloc(1, 1);
	if (!r->headers)
		r->headers = calloc(1, 1);
	curl_easy_cleanup(h);
	curl_slist_free_all(list);
}

/* Performs Q; the reply in R (release it with drop()). */
static void fetch(const struct req *q, struct reply *r)
{
	struct curl_slist *list;
	CURL *h = easy_for(q, r, &list);
	finish(h, curl_easy_perform(h), r, list);
}

/* A plain GET of PATH that must succeed at the transport level. */
static void get(const char *path, struct reply *r)
{
	struct req q = { .path = path };
	fetch(&q, r);
	assert_int_equal(r->rc, CURLE_OK);
}

/* Frees what R holds. */
static void drop(struct reply *r)
{
	free(r->body);
	free(r->headers);
	free(r->url);
}

/* The value of the last NAME header in R (malloc'd), or NULL. */
static char *header(const struct reply *r, const char *name)
{
	char *found = NULL;
	size_t n = strlen(name);
	for (const char *line = r->headers; *line;) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		if (len > n && strncasecmp(line, name, n) == 0 && line[n] == ':') {
			const char *v = line + n + 1;
			while (*v == ' ')
				v++;
			size_t vn = (size_t)(line + len - v);
			while (vn && (v[vn - 1] == '\r' || v[vn - 1] == ' '))
				vn--;
			free(found);
			found = strndup(v, vn);
		}
		line += len + (end ? 1 : 0);
	}
	return found;
}

/* Asserts that header NAME in R equals WANT (NULL: is absent). */
static void assert_header(const struct reply *r, const char *name, const char *want)
{
	char *got = header(r, name);
	if (!want) {
		if (got)
			fail_msg("header %s: %s, wanted none", name, got);
		return;
	}
	if (!got)
		fail_msg("header %s missing", name);
	if (strcmp(got, want) != 0)
		fail_msg("header %s: %s, wanted %s", name, got, want);
	free(got);
}

/* The bytes of REL under the root (malloc'd), *N their count. */
static char *root_file(const char *rel, size_t *n)
{
	char path[600];
	snprintf(path, sizeof(path), "%s/%s", root, rel);
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	char *b = malloc((1 << 20) + 1);
	*n = fread(b, 1, 1 << 20, f);
	fclose(f);
	b[*n] = '\0';
	return b;
}

/* Asserts that R's body is the file REL under the root. */
static void assert_body_is(const struct reply *r, const char *rel)
{
	size_t n;
	char *want = root_file(rel, &n);
	assert_int_equal(r->len, n);
	assert_memory_equal(r->body, want, n);
	free(want);
}

/* ------------------------------------------------------------------ files */

static void files_have_type_etag_and_date(void **state)
{
	(void)state;
	static const struct { const char *path, *type; } cases[] = {
		{ "/f/harbor.xml", "application/rss+xml" },
		{ "/f/valley.atom", "application/atom+xml" },
		{ "/f/notes.json", "application/feed+json" },
		{ "/f/articles/tidal-barrier.html", "text/html; charset=utf-8" },
		{ "/f/robots.txt", "text/plain" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct reply r;
		get(cases[i].path, &r);
		assert_int_equal(r.status, 200);
		assert_body_is(&r, cases[i].path + 3);
		assert_header(&r, "Content-Type", cases[i].type);
		char *etag = header(&r, "ETag"), *lm = header(&r, "Last-Modified");
		assert_non_null(etag);
		assert_non_null(lm);
		assert_int_equal(etag[0], '"');
		assert_int_equal(etag[strlen(etag) - 1], '"');
		assert_non_null(strstr(lm, " GMT"));
		assert_header(&r, "Content-Encoding", NULL);
		free(etag);
		free(lm);
		drop(&r);
	}
	/* An OPML file, and one with no known extension. */
	char path[600];
	snprintf(path, sizeof(path), "%s/feeds.opml", root);
	write_file(path, "<opml version=\"2.0\"><body/></opml>\n");
	snprintf(path, sizeof(path), "%s/blob.bin", root);
	write_file(path, "xyz");
	struct reply r;
	get("/f/feeds.opml", &r);
	assert_header(&r, "Content-Type", "text/x-opml");
	drop(&r);
	get("/f/blob.bin", &r);
	assert_header(&r, "Content-Type", "application/octet-stream");
	drop(&r);
}

static void conditional_get_answers_304(void **state)
{
	(void)state;
	struct reply r;
	get("/f/harbor.xml", &r);
	char *etag = header(&r, "ETag"), *lm = header(&r, "Last-Modified");
	drop(&r);
	char inm[200], ims[200], weak[200], list[300];
	snprintf(inm, sizeof(inm), "If-None-Match: %s", etag);
	snprintf(weak, sizeof(weak), "If-None-Match: W/%s", etag);
	snprintf(list, sizeof(list), "If-None-Match: \"nope\", %s", etag);
	snprintf(ims, sizeof(ims), "If-Modified-Since: %s", lm);

	const char *fresh[] = { inm, weak, list, ims, "If-None-Match: *" };
	for (size_t i = 0; i < sizeof(fresh) / sizeof(fresh[0]); i++) {
		struct req q = { .path = "/f/harbor.xml", .headers = { fresh[i] } };
		fetch(&q, &r);
		assert_int_equal(r.rc, CURLE_OK);
		if (r.status != 304)
			fail_msg("%s: status %ld, wanted 304", fresh[i], r.status);
		assert_int_equal(r.len, 0);
		assert_header(&r, "ETag", etag);
		drop(&r);
	}

	/* A different tag, an older date, or a tag that does not match even
	 * with a matching date (If-None-Match wins): the whole body. */
	const char *stale[][2] = {
		{ "If-None-Match: \"0000000000000000\"", NULL },
		{ "If-Modified-Since: Sat, 01 Jan 2000 00:00:00 GMT", NULL },
		{ "If-Modified-Since: not a date", NULL },
		{ "If-None-Match: \"other\"", ims },
	};
	for (size_t i = 0; i < sizeof(stale) / sizeof(stale[0]); i++) {
		struct req q = { .path = "/f/harbor.xml", .headers = { stale[i][0], stale[i][1] } };
		fetch(&q, &r);
		if (r.status != 200)
			fail_msg("%s: status %ld, wanted 200", stale[i][0], r.status);
		assert_body_is(&r, "harbor.xml");
		drop(&r);
	}
	free(etag);
	free(lm);
}

static void changed_file_gets_a_new_etag(void **state)
{
	(void)state;
	char path[600];
	snprintf(path, sizeof(path), "%s/changing.xml", root);
	write_file(path, "<rss version=\"2.0\"><channel><title>one</title></channel></rss>\n");
	struct reply r;
	get("/f/changing.xml", &r);
	char *first = header(&r, "ETag");
	drop(&r);
	write_file(path, "<rss version=\"2.0\"><channel><title>two</title></channel></rss>\n");
	char inm[200];
	snprintf(inm, sizeof(inm), "If-None-Match: %s", first);
	struct req q = { .path = "/f/changing.xml", .headers = { inm } };
	fetch(&q, &r);
	assert_int_equal(r.status, 200);
	assert_non_null(strstr(r.body, "two"));
	char *second = header(&r, "ETag");
	assert_string_not_equal(first, second);
	drop(&r);
	free(first);
	free(second);
}

static void gzip_when_asked(void **state)
{
	(void)state;
	size_t n;
	char *want = root_file("articles/tidal-barrier.html", &n);

	/* Raw: the body is a gzip stream that inflates to the file. */
	struct req q = { .path = "/f/articles/tidal-barrier.html",
	                 .headers = { "Accept-Encoding: gzip" } };
	struct reply r;
	fetch(&q, &r);
	assert_int_equal(r.status, 200);
	assert_header(&r, "Content-Encoding", "gzip");
	assert_header(&r, "Vary", "Accept-Encoding");
	assert_true(r.len > 18 && r.len < n);
	assert_int_equal((unsigned char)r.body[0], 0x1f);
	assert_int_equal((unsigned char)r.body[1], 0x8b);
	char *out = malloc(n + 100);
	z_stream z = { 0 };
	assert_int_equal(inflateInit2(&z, 15 + 16), Z_OK);
	z.next_in = (Bytef *)r.body;
	z.avail_in = (uInt)r.len;
	z.next_out = (Bytef *)out;
	z.avail_out = (uInt)(n + 100);
	assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
	assert_int_equal(z.total_out, n);
	assert_memory_equal(out, want, n);
	inflateEnd(&z);
	free(out);
	char *gz_etag = header(&r, "ETag");
	drop(&r);

	/* Through libcurl's own decoding; q=0 refuses gzip. */
	struct req dq = { .path = "/f/articles/tidal-barrier.html", .decode = 1 };
	fetch(&dq, &r);
	assert_header(&r, "Content-Encoding", "gzip");
	assert_body_is(&r, "articles/tidal-barrier.html");
	drop(&r);
	struct req no = { .path = "/f/articles/tidal-barrier.html",
	                  .headers = { "Accept-Encoding: gzip;q=0, identity" } };
	fetch(&no, &r);
	assert_header(&r, "Content-Encoding", NULL);
	assert_body_is(&r, "articles/tidal-barrier.html");
	char *plain_etag = header(&r, "ETag");
	drop(&r);

	/* The two forms have different strong tags; either one is fresh. */
	assert_string_not_equal(gz_etag, plain_etag);
	char inm[200];
	snprintf(inm, sizeof(inm), "If-None-Match: %s", gz_etag);
	struct req c = { .path = "/f/articles/tidal-barrier.html", .headers = { inm } };
	fetch(&c, &r);
	assert_int_equal(r.status, 304);
	drop(&r);
	free(gz_etag);
	free(plain_etag);
	free(want);
}

static void paths_outside_the_root_are_refused(void **state)
{
	(void)state;
	const char *paths[] = {
		"/f/../secret.txt", "/f/%2e%2e/secret.txt", "/f/articles/../../secret.txt",
		"/f/..%2fsecret.txt", "/f/escape.txt", "/f/", "/f/articles", "/f/missing.xml",
		"/f/articles/..", "/slow/1/../secret.txt", "/status/200/../secret.txt",
	};
	for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		struct req q = { .path = paths[i], .as_is = 1 };
		struct reply r;
		fetch(&q, &r);
		assert_int_equal(r.rc, CURLE_OK);
		if (strstr(r.body, "the secret"))
			fail_msg("%s leaked the secret", paths[i]);
		if (strncmp(paths[i], "/status/", 8) != 0 && r.status != 404)
			fail_msg("%s: status %ld, wanted 404", paths[i], r.status);
		drop(&r);
	}
	/* A symbolic link that stays inside the root is followed. */
	char link[600];
	snprintf(link, sizeof(link), "%s/alias.xml", root);
	assert_int_equal(symlink("harbor.xml", link), 0);
	struct reply r;
	get("/f/alias.xml", &r);
	assert_int_equal(r.status, 200);
	assert_body_is(&r, "harbor.xml");
	drop(&r);
}

/* -------------------------------------------------------------- redirects */

static void redirect_chain_ends_at_the_file(void **state)
{
	(void)state;
	struct reply r;
	struct req q = { .path = "/redirect/3/valley.atom", .follow = 1 };
	fetch(&q, &r);
	assert_int_equal(r.rc, CURLE_OK);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.redirects, 3);
	char want[200];
	assert_string_equal(r.url, url_of("/f/valley.atom", want, sizeof(want)));
	assert_body_is(&r, "valley.atom");
	drop(&r);

	/* One hop at a time: 302 and where to. */
	get("/redirect/2/valley.atom", &r);
	assert_int_equal(r.status, 302);
	assert_header(&r, "Location", url_of("/redirect/1/valley.atom", want, sizeof(want)));
	drop(&r);
	get("/redirect/1/valley.atom", &r);
	assert_int_equal(r.status, 302);
	assert_header(&r, "Location", url_of("/f/valley.atom", want, sizeof(want)));
	drop(&r);
	get("/redirect/0/valley.atom", &r);
	assert_int_equal(r.status, 200);
	drop(&r);

	/* Names that need escaping stay escaped in Location. */
	char path[600];
	snprintf(path, sizeof(path), "%s/two words.xml", root);
	write_file(path, "<rss/>\n");
	struct req sp = { .path = "/redirect/2/two%20words.xml", .follow = 1 };
	fetch(&sp, &r);
	assert_int_equal(r.status, 200);
	assert_string_equal(r.body, "<rss/>\n");
	drop(&r);
}

static void redirect_to_any_url(void **state)
{
	(void)state;
	struct reply r;
	get("/redirect-to?url=http%3A%2F%2F10.0.0.1%2Fadmin", &r);
	assert_int_equal(r.status, 302);
	assert_header(&r, "Location", "http://10.0.0.1/admin");
	drop(&r);
	get("/redirect-to?url=http://169.254.169.254/latest/meta-data/", &r);
	assert_int_equal(r.status, 302);
	assert_header(&r, "Location", "http://169.254.169.254/latest/meta-data/");
	drop(&r);
	get("/redirect-to", &r);
	assert_int_equal(r.status, 400);
	drop(&r);
	/* A line break would split the header: refused, not sent. */
	get("/redirect-to?url=http://x/%0d%0aSet-Cookie:%20a=b", &r);
	assert_int_equal(r.status, 400);
	assert_header(&r, "Set-Cookie", NULL);
	drop(&r);
}

/* ----------------------------------------------------------------- status */

static void status_codes_as_asked(void **state)
{
	(void)state;
	static const struct { const char *path; long status; const char *retry; } cases[] = {
		{ "/status/404", 404, NULL }, { "/status/410", 410, NULL },
		{ "/status/500", 500, NULL }, { "/status/503", 503, "2" },
		{ "/status/429", 429, "2" },  { "/status/200", 200, NULL },
		{ "/status/204", 204, NULL },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct reply r;
		get(cases[i].path, &r);
		assert_int_equal(r.status, cases[i].status);
		assert_header(&r, "Retry-After", cases[i].retry);
		drop(&r);
	}
	/* With a path: the file as the body; a 3xx points at it. */
	struct reply r;
	get("/status/500/articles/ferry-strike.html", &r);
	assert_int_equal(r.status, 500);
	assert_body_is(&r, "articles/ferry-strike.html");
	assert_header(&r, "Content-Type", "text/html; charset=utf-8");
	drop(&r);
	char want[200];
	get("/status/301/harbor.xml", &r);
	assert_int_equal(r.status, 301);
	assert_header(&r, "Location", url_of("/f/harbor.xml", want, sizeof(want)));
	drop(&r);
	const char *bad[] = { "/status/", "/status/99", "/status/600", "/status/abc" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		get(bad[i], &r);
		assert_int_equal(r.status, 404);
		drop(&r);
	}
}

static void unknown_routes_and_methods(void **state)
{
	(void)state;
	struct reply r;
	get("/nothing/here", &r);
	assert_int_equal(r.status, 404);
	drop(&r);
	get("/", &r);
	assert_int_equal(r.status, 404);
	drop(&r);

	CURL *h = curl_easy_init();
	char url[200];
	curl_easy_setopt(h, CURLOPT_URL, url_of("/f/harbor.xml", url, sizeof(url)));
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, "a=b");
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect_body);
	memset(&r, 0, sizeof(r));
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &r);
	assert_int_equal(curl_easy_perform(h), CURLE_OK);
	long status;
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &status);
	assert_int_equal(status, 405);
	curl_easy_cleanup(h);
	free(r.body);

	/* HEAD: the headers of a GET, no body. */
	struct req q = { .path = "/f/harbor.xml", .head = 1 };
	fetch(&q, &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.len, 0);
	size_t n;
	free(root_file("harbor.xml", &n));
	char cl[40];
	snprintf(cl, sizeof(cl), "%zu", n);
	assert_header(&r, "Content-Length", cl);
	drop(&r);
}

/* ------------------------------------------------------ size and timing */

static void big_streams_the_byte_count(void **state)
{
	(void)state;
	struct reply r;
	get("/big/3000000", &r);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.len, 3000000);
	assert_header(&r, "Content-Length", NULL);
	assert_header(&r, "Transfer-Encoding", "chunked");
	assert_header(&r, "Content-Type", "application/rss+xml");
	assert_int_equal(strncmp(r.body, "<?xml", 5), 0);
	assert_int_equal(strcmp(r.body + r.len - 17, "</channel></rss>\n"), 0);
	assert_int_equal(strlen(r.body), r.len);
	drop(&r);

	get("/bigcl/123457", &r);
	assert_int_equal(r.len, 123457);
	assert_header(&r, "Content-Length", "123457");
	drop(&r);

	get("/big/50000.html", &r);
	assert_int_equal(r.len, 50000);
	assert_header(&r, "Content-Type", "text/html; charset=utf-8");
	assert_int_equal(strncmp(r.body, "<!DOCTYPE html>", 15), 0);
	drop(&r);

	/* Shorter than head and tail together: still exactly that many. */
	get("/big/10", &r);
	assert_int_equal(r.len, 10);
	drop(&r);
	get("/bigcl/0", &r);
	assert_int_equal(r.len, 0);
	drop(&r);

	/* A client that stops reading gets cut off cleanly; the server
	 * carries on. */
	struct req q = { .path = "/big/1000000000", .timeout_ms = 300 };
	fetch(&q, &r);
	assert_int_equal(r.rc, CURLE_OPERATION_TIMEDOUT);
	assert_true(r.len > 0);
	drop(&r);
	get("/f/harbor.xml", &r);
	assert_int_equal(r.status, 200);
	drop(&r);
}

/* Milliseconds on the monotonic clock. */
static long long now_ms(void)
{
	return fixture_server_now_ms();
}

static void slow_waits_without_holding_up_others(void **state)
{
	(void)state;
	struct reply r;
	long long t0 = now_ms();
	get("/slow/300/harbor.xml", &r);
	assert_true(now_ms() - t0 >= 290);
	assert_int_equal(r.status, 200);
	assert_body_is(&r, "harbor.xml");
	drop(&r);

	/* A 3 s answer in flight; a plain one beside it comes back at once. */
	CURLM *m = curl_multi_init();
	struct req sq = { .path = "/slow/3000/harbor.xml" }, fq = { .path = "/f/harbor.xml" };
	struct reply sr, fr;
	struct curl_slist *sl, *fl;
	CURL *sh = easy_for(&sq, &sr, &sl);
	curl_multi_add_handle(m, sh);
	int running = 1;
	t0 = now_ms();
	while (now_ms() - t0 < 100) {
		curl_multi_perform(m, &running);
		curl_multi_poll(m, NULL, 0, 20, NULL);
	}
	CURL *fh = easy_for(&fq, &fr, &fl);
	curl_multi_add_handle(m, fh);
	long long t1 = now_ms();
	int done = 0;
	while (!done && now_ms() - t1 < 5000) {
		curl_multi_perform(m, &running);
		CURLMsg *msg;
		int left;
		while ((msg = curl_multi_info_read(m, &left)))
			if (msg->msg == CURLMSG_DONE && msg->easy_handle == fh)
				done = 1;
		if (!done)
			curl_multi_poll(m, NULL, 0, 20, NULL);
	}
	long long fast = now_ms() - t1;
	assert_true(done);
	if (fast > 1500)
		fail_msg("a plain request took %lld ms beside a slow one", fast);
	curl_multi_remove_handle(m, fh);
	curl_multi_remove_handle(m, sh);
	finish(fh, CURLE_OK, &fr, fl);
	assert_int_equal(fr.status, 200);
	assert_int_equal(sr.len, 0); /* the slow one had not answered yet */
	finish(sh, CURLE_OK, &sr, sl);
	drop(&fr);
	drop(&sr);
	curl_multi_cleanup(m);
}

static void drip_sends_slowly_and_times_out(void **state)
{
	(void)state;
	struct reply r;
	long long t0 = now_ms();
	get("/drip/4/100", &r);
	long long took = now_ms() - t0;
	assert_int_equal(r.status, 200);
	assert_int_equal(r.len, 4);
	assert_header(&r, "Content-Length", "4");
	assert_true(took >= 350);
	drop(&r);

	struct req q = { .path = "/drip/100/100", .timeout_ms = 500 };
	fetch(&q, &r);
	assert_int_equal(r.rc, CURLE_OPERATION_TIMEDOUT);
	assert_true(r.len < 100);
	drop(&r);

	const char *bad[] = { "/drip/10", "/drip/10/0", "/drip/x/10", "/drip/10/70000" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		get(bad[i], &r);
		assert_int_equal(r.status, 404);
		drop(&r);
	}
}

/* ------------------------------------------------- robots, stats, pages */

static void robots_txt_from_the_root(void **state)
{
	(void)state;
	struct reply r;
	get("/robots.txt", &r);
	assert_int_equal(r.status, 200);
	assert_header(&r, "Content-Type", "text/plain");
	assert_non_null(strstr(r.body, "Disallow: /f/private/"));
	drop(&r);

	char path[600], moved[600];
	snprintf(path, sizeof(path), "%s/robots.txt", root);
	snprintf(moved, sizeof(moved), "%s/robots.txt.off", root);
	assert_int_equal(rename(path, moved), 0);
	get("/robots.txt", &r);
	assert_int_equal(r.status, 404);
	drop(&r);
	assert_int_equal(rename(moved, path), 0);
}

/* The /stats document (the caller json_decref()s it). */
static json_t *stats(void)
{
	struct reply r;
	get("/stats", &r);
	assert_int_equal(r.status, 200);
	assert_header(&r, "Content-Type", "application/json");
	json_error_t err;
	json_t *doc = json_loads(r.body, 0, &err);
	if (!doc)
		fail_msg("stats: %s", err.text);
	drop(&r);
	return doc;
}

static void stats_count_requests_and_headers(void **state)
{
	(void)state;
	struct reply r;
	get("/stats/reset", &r);
	assert_int_equal(r.status, 200);
	drop(&r);
	json_t *doc = stats();
	assert_int_equal(json_integer_value(json_object_get(doc, "total")), 0);
	assert_int_equal(json_object_size(json_object_get(doc, "paths")), 0);
	json_decref(doc);

	get("/f/valley.atom", &r);
	char *etag = header(&r, "ETag");
	drop(&r);
	char inm[200];
	snprintf(inm, sizeof(inm), "If-None-Match: %s", etag);
	struct req q = { .path = "/f/valley.atom",
	                 .headers = { inm, "If-Modified-Since: Sat, 01 Mar 2025 00:00:00 GMT",
	                              "Accept-Encoding: gzip" } };
	fetch(&q, &r);
	assert_int_equal(r.status, 304);
	drop(&r);
	get("/status/503", &r);
	drop(&r);

	doc = stats();
	json_t *paths = json_object_get(doc, "paths");
	assert_int_equal(json_integer_value(json_object_get(doc, "total")), 3);
	assert_int_equal(json_object_size(paths), 2);
	json_t *atom = json_object_get(paths, "/f/valley.atom");
	assert_non_null(atom);
	assert_int_equal(json_integer_value(json_object_get(atom, "count")), 2);
	assert_int_equal(json_integer_value(json_object_get(atom, "status")), 304);
	assert_string_equal(json_string_value(json_object_get(atom, "user_agent")),
	                    "parallax-test/1");
	assert_string_equal(json_string_value(json_object_get(atom, "if_none_match")), etag);
	assert_string_equal(json_string_value(json_object_get(atom, "if_modified_since")),
	                    "Sat, 01 Mar 2025 00:00:00 GMT");
	assert_string_equal(json_string_value(json_object_get(atom, "accept_encoding")), "gzip");
	json_t *down = json_object_get(paths, "/status/503");
	assert_int_equal(json_integer_value(json_object_get(down, "count")), 1);
	assert_int_equal(json_integer_value(json_object_get(down, "status")), 503);
	assert_true(json_is_null(json_object_get(down, "if_none_match")));
	json_decref(doc);
	free(etag);

	get("/stats/reset", &r);
	drop(&r);
	doc = stats();
	assert_int_equal(json_object_size(json_object_get(doc, "paths")), 0);
	json_decref(doc);
}

/* The number of times NEEDLE occurs in HAY. */
static size_t occurrences(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static void generated_pages_and_feeds(void **state)
{
	(void)state;
	struct reply a, b, again;
	get("/page/7.html", &a);
	get("/page/8.html", &b);
	get("/page/7.html", &again);
	assert_int_equal(a.status, 200);
	assert_header(&a, "Content-Type", "text/html; charset=utf-8");
	assert_non_null(strstr(a.body, "<h1>"));
	assert_int_equal(occurrences(a.body, "<p>"), 4);
	assert_non_null(strstr(a.body, "article:published_time\" content=\"2025-03-01T01:45:00Z\""));
	assert_string_not_equal(a.body, b.body);
	assert_string_equal(a.body, again.body);
	char *etag = header(&a, "ETag");
	drop(&a);
	drop(&b);
	drop(&again);
	char inm[200];
	snprintf(inm, sizeof(inm), "If-None-Match: %s", etag);
	struct req q = { .path = "/page/7.html", .headers = { inm } };
	fetch(&q, &a);
	assert_int_equal(a.status, 304);
	drop(&a);
	free(etag);

	struct reply f;
	get("/feed/5.xml", &f);
	assert_int_equal(f.status, 200);
	assert_header(&f, "Content-Type", "application/rss+xml");
	assert_int_equal(occurrences(f.body, "<item>"), 5);
	assert_int_equal(occurrences(f.body, "<pubDate>"), 5);
	char link[40], url[100], want[200];
	for (int k = 1; k <= 5; k++) {
		snprintf(link, sizeof(link), "/page/%d.html", k);
		snprintf(want, sizeof(want), "<link>%s</link>", url_of(link, url, sizeof(url)));
		assert_non_null(strstr(f.body, want));
	}
	/* Newest first; an item's title is its page's headline. */
	assert_true(strstr(f.body, "/page/5.html") < strstr(f.body, "/page/1.html"));
	get("/page/3.html", &a);
	const char *h1 = strstr(a.body, "<h1>") + 4;
	char title[200];
	snprintf(title, sizeof(title), "<title>%.*s</title>", (int)(strchr(h1, '<') - h1), h1);
	assert_non_null(strstr(f.body, title));
	drop(&a);
	drop(&f);

	get("/feed/0.xml", &f);
	assert_int_equal(occurrences(f.body, "<item>"), 0);
	drop(&f);
	get("/feed/2000.xml", &f);
	assert_int_equal(occurrences(f.body, "<item>"), 2000);
	drop(&f);
	const char *bad[] = { "/page/7", "/page/x.html", "/feed/5.json", "/feed/100001.xml" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		get(bad[i], &f);
		assert_int_equal(f.status, 404);
		drop(&f);
	}
}

/* ------------------------------------------------------------ stopping */

static void stops_on_sigterm_and_on_eof(void **state)
{
	(void)state;
	int p2;
	pid_t s2;
	assert_int_equal(start_fixture_server(root, &p2, &s2), 0);
	assert_int_not_equal(p2, port);
	/* A drip in flight does not hold up the stop. */
	char url[200];
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/drip/100/1000", p2);
	CURLM *m = curl_multi_init();
	CURL *h = curl_easy_init();
	struct reply r = { 0 };
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &r);
	curl_multi_add_handle(m, h);
	int running;
	for (int i = 0; i < 10; i++) {
		curl_multi_perform(m, &running);
		curl_multi_poll(m, NULL, 0, 20, NULL);
	}
	long long t0 = now_ms();
	assert_int_equal(stop_fixture_server(s2), 0);
	assert_true(now_ms() - t0 < 3000);
	curl_multi_remove_handle(m, h);
	curl_easy_cleanup(h);
	curl_multi_cleanup(m);
	free(r.body);

	int p3;
	pid_t s3;
	assert_int_equal(start_fixture_server(root, &p3, &s3), 0);
	assert_int_equal(stop_fixture_server_by_eof(s3), 0);
}

static void refuses_a_missing_root(void **state)
{
	(void)state;
	char path[400], missing[400];
	fixture_server_path(path, sizeof(path));
	snprintf(missing, sizeof(missing), "%s/no-such-dir", dir);
	char cmd[1000];
	snprintf(cmd, sizeof(cmd), "'%s' --root '%s' </dev/null >/dev/null 2>&1", path, missing);
	int status = system(cmd);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 1);
	snprintf(cmd, sizeof(cmd), "'%s' --bogus </dev/null >/dev/null 2>&1", path);
	status = system(cmd);
	assert_int_equal(WEXITSTATUS(status), 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(files_have_type_etag_and_date),
		cmocka_unit_test(conditional_get_answers_304),
		cmocka_unit_test(changed_file_gets_a_new_etag),
		cmocka_unit_test(gzip_when_asked),
		cmocka_unit_test(paths_outside_the_root_are_refused),
		cmocka_unit_test(redirect_chain_ends_at_the_file),
		cmocka_unit_test(redirect_to_any_url),
		cmocka_unit_test(status_codes_as_asked),
		cmocka_unit_test(unknown_routes_and_methods),
		cmocka_unit_test(big_streams_the_byte_count),
		cmocka_unit_test(slow_waits_without_holding_up_others),
		cmocka_unit_test(drip_sends_slowly_and_times_out),
		cmocka_unit_test(robots_txt_from_the_root),
		cmocka_unit_test(stats_count_requests_and_headers),
		cmocka_unit_test(generated_pages_and_feeds),
		cmocka_unit_test(stops_on_sigterm_and_on_eof),
		cmocka_unit_test(refuses_a_missing_root),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
