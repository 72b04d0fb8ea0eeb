/*
 * search.c — full-text search as a reader types it (parallax.h, px_search).
 *
 * The store answers FTS5 queries; readers type words.  FTS5's syntax
 * (AND, OR, NOT, NEAR, column filters, parentheses, '^', '-') would make
 * "covid-19" or "AT&T" or an unbalanced quote a syntax error, so the
 * query is rebuilt: each word becomes a quoted string (all must occur),
 * a word ending in '*' a quoted prefix, and words the reader quoted stay
 * together as a phrase.  Nothing the reader types reaches FTS5 unquoted.
 */
#include "core.h"

#include <string.h>

#include "util/arena.h"
#include "util/buf.h"
#include "util/error.h"

/* Appends the word S[0..N) to B as an FTS5 string ("…", quotes doubled). */
static void fts_string(px_buf *b, const char *s, size_t n)
{
	px_buf_putc(b, '"');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			px_buf_putc(b, '"');
		px_buf_putc(b, s[i]);
	}
	px_buf_putc(b, '"');
}

/* A byte that separates words: ASCII other than letters and digits (the
 * unicode61 tokenizer splits there too), except inside a word's '*'. */
static int separator(unsigned char c)
{
	return c < 0x80 && !(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'z') &&
	       !(c >= 'A' && c <= 'Z');
}

/* QUERY as an FTS5 query into B; 0 when it has no word at all. */
static int fts_query(const char *query, px_buf *b)
{
	int words = 0;
	const char *p = query;
	while (*p) {
		if (*p == '"') {
			/* a phrase: up to the closing quote (or the end) */
			const char *e = strchr(p + 1, '"');
			size_t n = e ? (size_t)(e - p - 1) : strlen(p + 1);
			px_buf phrase = PX_BUF_INIT;
			for (size_t i = 0; i < n; i++)
				px_buf_putc(&phrase, separator((unsigned char)p[1 + i]) ? ' ' : p[1 + i]);
			const char *w = px_buf_str(&phrase);
			while (*w == ' ')
				w++;
			size_t wn = strlen(w);
			while (wn && w[wn - 1] == ' ')
				wn--;
			if (wn) {
				if (words++)
					px_buf_putc(b, ' ');
				fts_string(b, w, wn);
			}
			px_buf_free(&phrase);
			p += 1 + n + (e != NULL);
			continue;
		}
		if (separator((unsigned char)*p)) {
			p++;
			continue;
		}
		const char *s = p;
		while (*p && !separator((unsigned char)*p))
			p++;
		if (words++)
			px_buf_putc(b, ' ');
		fts_string(b, s, (size_t)(p - s));
		if (*p == '*') {
			px_buf_putc(b, '*');
			p++;
		}
	}
	return words;
}

/* S without the match markers, in A. */
static const char *unmarked(px_arena *a, const char *s)
{
	if (!s)
		return NULL;
	char *o = px_arena_strdup(a, s), *w = o;
	for (const char *r = o; *r; r++)
		if (*r != PX_MARK_ON[0] && *r != PX_MARK_OFF[0])
			*w++ = *r;
	*w = '\0';
	return o;
}

static int search_read(px_db *db, const char *query, size_t offset, size_t limit,
              px_search_result *out, px_error *err)
{
	memset(out, 0, sizeof(*out));
	out->arena = px_arena_new(1 << 15);
	px_buf q = PX_BUF_INIT;
	if (!query || !fts_query(query, &q)) {
		px_buf_free(&q);
		return 0;
	}
	store_hit *h;
	size_t n;
	int rc = store_search(db->st, px_buf_str(&q), offset, limit, out->arena, &h, &n,
	                      &out->total, err);
	px_buf_free(&q);
	if (rc < 0)
		return rc;
	out->hits = px_arena_zalloc(out->arena, (n + 1) * sizeof(px_search_hit));
	px_story_article *arts = px_arena_zalloc(out->arena, (n + 1) * sizeof(*arts));
	for (size_t i = 0; i < n; i++)
		arts[i] = core_article(out->arena, &h[i].row);
	if ((rc = core_rate_articles(db, out->arena, arts, n, err)) < 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		px_search_hit *x = &out->hits[i];
		x->article = arts[i];
		x->title_marked = h[i].title_marked;
		x->snippet = h[i].snippet_marked;
		x->article.snippet = unmarked(out->arena, h[i].snippet_marked);
	}
	out->n = n;
	return 0;
}

void px_search_free(px_search_result *r)
{
	if (r && r->arena)
		px_arena_free(r->arena);
	if (r)
		memset(r, 0, sizeof(*r));
}

/* search_read without leaving its snapshot open (store_release). */
int px_search(px_db *db, const char *query, size_t offset, size_t limit,
              px_search_result *out, px_error *err)
{
	int rc = search_read(db, query, offset, limit, out, err);
	store_release(db->st);
	return rc;
}
