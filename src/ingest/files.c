/*
 * files.c — `parallax ingest PATH...`: articles from files.
 *
 * Formats, chosen by the file name:
 *   .jsonl .ndjson (.gz too)  one article per line: {"url", "outlet" or
 *                             "domain", "title", "published" (RFC 3339),
 *                             "text" or "html", "byline", "lang"}
 *   .txt                      the first line is the title, the rest the text;
 *                             in UTF-8, or UTF-16 with a byte order mark, or
 *                             another encoding found by detection (the
 *                             guess is reported)
 *   .html .htm                one page, through the extractor (which decodes
 *                             it as a browser does)
 *   .xml .rss .atom .rdf      a feed (RSS, Atom, RDF; px_feed_parse): each
 *                             entry an article, its own text (the poller
 *                             fetches the pages; a file has only the feed)
 * Directories are walked recursively in name order (hidden entries and
 * files of other types skipped), so a dated layout ingests in date order.
 *
 * A bad line never stops a file and a bad file never stops a run: each is
 * reported as PATH:LINE: reason and skipped; binary data is refused as
 * such.  In a JSON line, bytes that are not UTF-8 are replaced (U+FFFD)
 * before the JSON parser sees them, so one broken byte costs nothing but
 * itself.  Lines are read whole whatever their length, up
 * to a cap that keeps a runaway file from exhausting memory.
 */
#include "ingest.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <zlib.h>

#include "extract/extract.h"
#include "util/arena.h"
#include "util/buf.h"
#include "util/detect.h"
#include "util/error.h"
#include "util/utf8.h"

#define MAX_LINE (64u << 20)
#define PX_STOPPED (-100) /* internal: the caller asked us to stop */
#define MAX_FILE (16u << 20)

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);
	return n >= k && !strcmp(s + n - k, suffix);
}

static int is_jsonl(const char *p)
{
	return ends_with(p, ".jsonl") || ends_with(p, ".jsonl.gz") ||
	       ends_with(p, ".ndjson") || ends_with(p, ".ndjson.gz");
}

static int is_html(const char *p)
{
	return ends_with(p, ".html") || ends_with(p, ".htm") || ends_with(p, ".html.gz");
}

static int is_feed(const char *p)
{
	return ends_with(p, ".xml") || ends_with(p, ".rss") || ends_with(p, ".atom") ||
	       ends_with(p, ".rdf");
}

static const char *str_field(json_t *o, const char *key, const char **bad)
{
	json_t *v = json_object_get(o, key);
	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		*bad = key;
		return NULL;
	}
	return json_string_value(v);
}

/* A JSON Lines file read in blocks: gzgets would stop a line at a NUL
 * byte without saying so. */
typedef struct line_reader {
	gzFile f;
	size_t pos, len;
	int eof;
	char buf[1 << 16];
} line_reader;

/* Reads one line (without its newline) into B; 0 at end of file (or at a
 * read error, which gzerror tells).  *TOO_LONG when the line passed
 * MAX_LINE (the rest of it is dropped); *NUL when it holds a NUL byte,
 * which no line of JSON text does: binary data. */
static int read_line(line_reader *r, px_buf *b, int *too_long, int *nul)
{
	px_buf_reset(b);
	*too_long = *nul = 0;
	int any = 0;
	for (;;) {
		if (r->pos == r->len) {
			int got = r->eof ? 0 : gzread(r->f, r->buf, sizeof(r->buf));
			if (got <= 0) {
				r->eof = 1;
				return any;
			}
			r->pos = 0;
			r->len = (size_t)got;
		}
		any = 1;
		const char *s = r->buf + r->pos;
		size_t n = r->len - r->pos;
		const char *nl = memchr(s, '\n', n);
		size_t take = nl ? (size_t)(nl - s) : n;
		*nul |= memchr(s, 0, take) != NULL;
		if (b->len + take <= MAX_LINE)
			px_buf_add(b, s, take);
		else
			*too_long = 1;
		r->pos += take + (nl != NULL);
		if (nl)
			return 1;
	}
}

/* MSG without a leading "PATH: " (zlib's messages and ours name the file;
 * a report that names it already need not say it twice). */
static const char *after_path(const char *msg, const char *path)
{
	size_t n = strlen(path);
	return !strncmp(msg, path, n) && !strncmp(msg + n, ": ", 2) ? msg + n + 2 : msg;
}

static const char *copy_str(px_arena *a, const char *s)
{
	return s ? px_arena_strdup(a, s) : NULL;
}

px_doc ingest_doc_copy(px_arena *a, const px_doc *d, const char *where)
{
	return (px_doc){ copy_str(a, d->url), copy_str(a, d->outlet), copy_str(a, d->domain),
		         copy_str(a, d->title), copy_str(a, d->byline), copy_str(a, d->lang),
		         copy_str(a, d->text), copy_str(a, d->html), d->published,
		         copy_str(a, where) };
}

int ingest_jsonl_each(const char *path, ingest_line_cb cb, void *ctx,
                      px_error *err)
{
	gzFile f = gzopen(path, "rb");
	if (!f)
		return px_fail(err, PX_EIO, "%s: cannot open: %s", path, strerror(errno));
	gzbuffer(f, 1 << 17);
	line_reader *lr = px_xcalloc(1, sizeof(*lr));
	lr->f = f;
	px_buf line = PX_BUF_INIT;
	char where[4200];
	int rc = 0, too_long, nul;
	for (size_t lineno = 1; read_line(lr, &line, &too_long, &nul); lineno++) {
		snprintf(where, sizeof(where), "%s:%zu", path, lineno);
		size_t k = 0;
		while (k < line.len && (line.s[k] == ' ' || line.s[k] == '\t' || line.s[k] == '\r'))
			k++;
		if (k == line.len && !too_long)
			continue; /* blank lines are allowed */
		if (too_long) {
			rc = cb(ctx, NULL, NULL, where, "line longer than 64 MiB");
		} else if (nul) {
			rc = cb(ctx, NULL, NULL, where, "binary data (a NUL byte), not a line of JSON");
		} else {
			char reason[256];
			int fixed = !px_utf8_valid(line.s, line.len);
			if (fixed) {
				size_t k2;
				char *f2 = px_utf8_fix(line.s, line.len, &k2);
				px_buf_reset(&line);
				px_buf_add(&line, f2, k2);
				free(f2);
			}
			json_error_t je;
			json_t *o = json_loadb(line.s, line.len, 0, &je);
			if (!o) {
				snprintf(reason, sizeof(reason), "invalid JSON at column %d: %s",
				         je.column, je.text);
				rc = cb(ctx, NULL, NULL, where, reason);
			} else if (!json_is_object(o)) {
				rc = cb(ctx, NULL, o, where, "not a JSON object");
			} else {
				const char *bad = NULL;
				px_doc d = {
					.url = str_field(o, "url", &bad),
					.outlet = str_field(o, "outlet", &bad),
					.domain = str_field(o, "domain", &bad),
					.title = str_field(o, "title", &bad),
					.byline = str_field(o, "byline", &bad),
					.lang = str_field(o, "lang", &bad),
					.text = str_field(o, "text", &bad),
					.html = str_field(o, "html", &bad),
					.published = PX_TIME_UNKNOWN,
					.source = where,
				};
				json_t *pub = json_object_get(o, "published");
				if (!pub)
					pub = json_object_get(o, "date");
				if (bad) {
					snprintf(reason, sizeof(reason), "\"%s\" must be a string", bad);
					rc = cb(ctx, NULL, o, where, reason);
				} else if (pub && json_is_string(pub) &&
				           (d.published = px_parse_time(json_string_value(pub))) ==
				                   PX_TIME_UNKNOWN) {
					snprintf(reason, sizeof(reason),
					         "\"published\" is not an RFC 3339 time: \"%.60s\"",
					         json_string_value(pub));
					rc = cb(ctx, NULL, o, where, reason);
				} else if (pub && !json_is_string(pub) && !json_is_null(pub)) {
					rc = cb(ctx, NULL, o, where, "\"published\" must be a string");
				} else {
					rc = cb(ctx, &d, o, where, fixed ? "invalid UTF-8 replaced" : NULL);
				}
			}
			json_decref(o);
		}
		if (rc < 0)
			break;
	}
	int gz_err;
	const char *msg = gzerror(f, &gz_err);
	if (rc >= 0 && gz_err != Z_OK && gz_err != Z_STREAM_END)
		rc = px_fail(err, PX_EIO, "%s: read error: %s", path, after_path(msg, path));
	gzclose(f);
	free(lr);
	px_buf_free(&line);
	return rc;
}

/* ------------------------------------------------------------- one run */

typedef struct run {
	px_pipeline *p;
	const px_ingest_opts *o;
	px_ingest_stats *s;
	px_error *err;
	const char *path;
} run;

static void rejected(run *r, const char *where, const char *reason)
{
	r->s->rejected++;
	if (r->o && r->o->on_reject)
		r->o->on_reject(r->o->ctx, where, reason);
}

static int add(run *r, const px_doc *d)
{
	if (r->o && r->o->stop && *r->o->stop)
		return PX_STOPPED;
	px_add_result res;
	unsigned pending = px_pipeline_pending(r->p);
	r->s->read++;
	int rc = px_pipeline_add(r->p, d, &res, r->err);
	if (rc < 0)
		return rc;
	switch (res.kind) {
	case PX_ADD_NEW: r->s->added++; break;
	case PX_ADD_COPY: r->s->copies++; break;
	case PX_ADD_DUPLICATE: r->s->duplicates++; break;
	case PX_ADD_REJECTED: rejected(r, d->source, res.reason); break;
	}
	if (res.merged)
		r->s->merges++;
	/* The pipeline commits whole batches: when its batch empties, everything
	 * read so far is safe on disk. */
	if (pending && !px_pipeline_pending(r->p)) {
		r->s->committed = r->s->read;
		if (r->o && r->o->on_progress)
			r->o->on_progress(r->o->ctx, r->s, r->path);
	}
	return 0;
}

static int line_cb(void *ctx, const px_doc *d, json_t *obj, const char *where,
                   const char *reason)
{
	(void)obj;
	run *r = ctx;
	if (!d) {
		r->s->read++;
		rejected(r, where, reason);
		return 0;
	}
	if (reason && r->o && r->o->on_reject)
		r->o->on_reject(r->o->ctx, where, reason); /* a warning; still ingested */
	return add(r, d);
}

static char *slurp(const char *path, size_t *n, px_error *err)
{
	gzFile f = gzopen(path, "rb");
	if (!f) {
		px_fail(err, PX_EIO, "cannot open: %s", strerror(errno));
		return NULL;
	}
	px_buf b = PX_BUF_INIT;
	char chunk[65536];
	int k;
	while ((k = gzread(f, chunk, sizeof(chunk))) > 0) {
		if (b.len + (size_t)k > MAX_FILE) {
			gzclose(f);
			px_buf_free(&b);
			px_fail(err, PX_EINVAL, "larger than %u MiB", MAX_FILE >> 20);
			return NULL;
		}
		px_buf_add(&b, chunk, (size_t)k);
	}
	int e;
	const char *msg = gzerror(f, &e);
	if (k < 0 || (e != Z_OK && e != Z_STREAM_END)) {
		px_fail(err, PX_EIO, "read error: %s", after_path(msg, path));
		gzclose(f);
		px_buf_free(&b);
		return NULL;
	}
	gzclose(f);
	*n = b.len;
	return px_buf_steal(&b);
}

/* The outlet of a loose file: the option, else its directory's name. */
static const char *file_outlet(run *r, const char *path, char *buf, size_t size)
{
	if (r->o && r->o->outlet)
		return r->o->outlet;
	snprintf(buf, size, "%s", path);
	char *slash = strrchr(buf, '/');
	if (!slash)
		return "local files";
	*slash = '\0';
	slash = strrchr(buf, '/');
	const char *dir = slash ? slash + 1 : buf;
	return *dir && strcmp(dir, ".") && strcmp(dir, "..") ? dir : "local files";
}

/* The whole file at PATH (counted; a file that cannot be read is
 * reported and NULL returned). */
static char *read_counted(run *r, const char *path, size_t *n)
{
	px_error fe = { 0 };
	char *data = slurp(path, n, &fe);
	r->s->files++;
	if (!data) {
		r->s->read++;
		rejected(r, path, fe.msg);
	}
	return data;
}

static int ingest_loose(run *r, const char *path, int html)
{
	size_t n;
	char *data = read_counted(r, path, &n);
	if (!data)
		return 0;
	/* A page goes to the extractor as its bytes, which it decodes as a
	 * browser does (byte order mark, <meta charset>, detection), so a
	 * windows-1252 page keeps its accents; only a page with NUL bytes
	 * (UTF-16, which a C string cannot carry, or binary data) is decoded
	 * here.  A text file declares nothing: its encoding is decided here,
	 * the extractor's way (px_decode_text). */
	int decode = !html || memchr(data, 0, n);
	px_arena *ta = px_arena_new(0);
	const char *text = data, *cs = "utf-8";
	size_t tn = n;
	px_error de = { 0 };
	if (decode && (px_decode_text(data, n, ta, &text, &tn, &cs, &de) < 0 ||
	               px_looks_binary(text, tn))) {
		px_arena_free(ta);
		free(data);
		r->s->read++;
		rejected(r, path, de.msg[0] ? de.msg
		                  : html   ? "binary data, not an HTML page"
		                           : "binary data (not text)");
		return 0;
	}
	if (decode && r->o && r->o->on_reject) {
		char note[96];
		snprintf(note, sizeof(note), "not UTF-8: read as %s", cs);
		if (strcmp(cs, "utf-8"))
			r->o->on_reject(r->o->ctx, path, note);
		else if (!px_utf8_valid(data, n))
			r->o->on_reject(r->o->ctx, path, "invalid UTF-8 replaced");
	}
	size_t fixed_len;
	char *fixed = decode ? px_utf8_fix(text, tn, &fixed_len) : NULL;
	px_arena_free(ta);
	char obuf[512];
	struct stat sb;
	int64_t mtime = stat(path, &sb) == 0 ? (int64_t)sb.st_mtime : PX_TIME_UNKNOWN;
	px_doc d = { .outlet = file_outlet(r, path, obuf, sizeof(obuf)),
	             .published = mtime, .source = path };
	if (html) {
		d.html = fixed ? fixed : data;
		d.published = PX_TIME_UNKNOWN; /* the page's own time, when it has one */
	} else {
		char *nl = strchr(fixed, '\n');
		if (nl)
			*nl = '\0';
		d.title = fixed;
		d.text = nl ? nl + 1 : "";
	}
	int rc = add(r, &d);
	free(fixed);
	free(data);
	return rc;
}

/* A feed file: each entry is an article with the feed's own text; the
 * outlet is the feed's title (the domain of each link decides when the
 * registry knows it).  Entries are numbered in messages: FILE#3. */
static int ingest_feed(run *r, const char *path)
{
	size_t n;
	char *data = read_counted(r, path, &n);
	if (!data)
		return 0;
	px_error fe = { 0 };
	px_feed *f = NULL;
	if (px_feed_parse(data, n, NULL, NULL, &f, &fe) < 0) {
		free(data);
		r->s->read++;
		rejected(r, path, fe.msg);
		return 0;
	}
	if (px_feed_bozo(f) && r->o && r->o->on_reject)
		r->o->on_reject(r->o->ctx, path, "ill-formed feed: read as far as it goes");
	int rc = 0;
	for (size_t i = 0; i < px_feed_count(f) && rc >= 0; i++) {
		const px_feed_item *e = px_feed_entry(f, i);
		char where[600];
		snprintf(where, sizeof(where), "%s#%zu", path, i + 1);
		px_doc d = { .url = e->link, .outlet = px_feed_title(f), .title = e->title,
		             .byline = e->author, .lang = e->lang,
		             .text = e->content ? e->content : "", .published = e->published,
		             .source = where };
		rc = add(r, &d);
	}
	px_feed_free(f);
	free(data);
	return rc;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk(run *r, const char *path, int top);

static int walk_dir(run *r, const char *path)
{
	DIR *d = opendir(path);
	if (!d) {
		char msg[300];
		snprintf(msg, sizeof(msg), "cannot read directory: %s", strerror(errno));
		rejected(r, path, msg);
		return 0;
	}
	size_t n = 0, cap = 64;
	char **names = px_xmalloc(cap * sizeof(char *));
	struct dirent *e;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (n == cap)
			names = px_xrealloc(names, (cap *= 2) * sizeof(char *));
		names[n++] = px_xstrdup(e->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(char *), cmp_names);
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		if (rc >= 0 && !(r->o && r->o->stop && *r->o->stop)) {
			px_buf child = PX_BUF_INIT;
			px_buf_printf(&child, "%s/%s", path, names[i]);
			rc = walk(r, child.s, 0);
			px_buf_free(&child);
		}
		free(names[i]);
	}
	free(names);
	return rc;
}

static int walk(run *r, const char *path, int top)
{
	struct stat sb;
	if (stat(path, &sb) < 0) {
		char msg[300];
		snprintf(msg, sizeof(msg), "cannot read: %s", strerror(errno));
		r->s->read++;
		rejected(r, path, msg);
		return 0;
	}
	if (S_ISDIR(sb.st_mode))
		return walk_dir(r, path);
	r->path = path;
	int rc;
	if (is_jsonl(path)) {
		r->s->files++;
		px_error fe = { 0 };
		rc = ingest_jsonl_each(path, line_cb, r, &fe);
		if (rc < 0 && fe.msg[0]) {
			/* The file failed (unreadable, corrupt gzip): report and go on. */
			rejected(r, path, after_path(fe.msg, path));
			rc = 0;
		}
	} else if (is_html(path)) {
		rc = ingest_loose(r, path, 1);
	} else if (is_feed(path)) {
		rc = ingest_feed(r, path);
	} else if (ends_with(path, ".txt") || ends_with(path, ".txt.gz")) {
		rc = ingest_loose(r, path, 0);
	} else {
		if (top) {
			r->s->read++;
			rejected(r, path, "unsupported file type (expected .jsonl, .jsonl.gz, "
			         ".txt, .html, a feed (.xml .rss .atom .rdf) or a directory)");
		}
		return 0;
	}
	if (rc >= 0 && r->o && r->o->on_progress)
		r->o->on_progress(r->o->ctx, r->s, path);
	return rc;
}

int px_ingest_path(px_pipeline *p, const char *path, const px_ingest_opts *opts,
                   px_ingest_stats *stats, px_error *err)
{
	run r = { p, opts, stats, err, path };
	int rc = walk(&r, path, 1);
	if (rc == PX_STOPPED)
		rc = 0;
	if (rc < 0)
		return rc;
	rc = px_pipeline_commit(p, err);
	if (rc == 0)
		stats->committed = stats->read;
	return rc;
}
