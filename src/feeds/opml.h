/*
 * opml.h — subscription lists in and out: the OPML 1.0 and 2.0 that feed
 * readers import and export.
 *
 * Reading is lenient, because the files people hand around are rarely
 * well-formed XML: many carry a bare `&` in a URL (`?a=1&b=2`), HTML named
 * entities (`&nbsp;`), quotes inside a quoted title (`title="Jen "From
 * Head To Toe""`), or HTML markup pasted unescaped into an attribute
 * (`description="<p><a href="...">...</a></p>"`).  All 118 OPML files of
 * awesome-rss-feeds have one of these or parse clean; after mending,
 * every one is well-formed.  opml_read mends those before libxml2 sees
 * the bytes (opml_mend: the line numbers do not move), then parses in
 * recovery mode with no network and no DTD or external entities (a
 * DOCTYPE is blanked out), and collects every <outline> with an xmlUrl,
 * however deep its categories nest.  An outline that cannot be a feed is
 * skipped and reported with its line: no xmlUrl (a leaf that is not a
 * category), an xmlUrl that is not http(s), or a URL the file already
 * listed (compared in canonical form).
 *
 * Writing produces OPML 2.0 with every attribute escaped and valid UTF-8.
 *
 * This stage holds no SQL: the registry (store/, core/feeds.c) keeps.
 */
#ifndef PX_FEEDS_OPML_H
#define PX_FEEDS_OPML_H

#include <stddef.h>

#include "parallax.h"
#include "util/arena.h"

/* The largest OPML file read (real ones are a few hundred KiB). */
#define OPML_MAX_BYTES (16u << 20)

/* One feed of the list. */
typedef struct opml_outline {
	const char *url;        /* xmlUrl, trimmed; "feed:" turned into http(s) */
	const char *title;      /* title, else text; NULL when both are empty */
	const char *site_url;   /* htmlUrl, or NULL */
	int line;               /* where the <outline> starts (0 when written) */
} opml_outline;

typedef struct opml_doc {
	const char *title;      /* the <head>'s <title>, or NULL */
	opml_outline *feeds;    /* in document order */
	size_t n;
	size_t skipped;         /* outlines reported through ON_SKIP */
	size_t mended;          /* bytes escaped or entities rewritten first */
	int ill_formed;         /* libxml2 still had to recover after mending */
	const char *error;      /* then its last error (what may have cut the */
	int error_line;         /* file short, such as nesting over 256 deep) */
} opml_doc;

/* Called for each skipped outline: WHERE is "NAME:LINE". */
typedef void (*opml_skip_cb)(void *ctx, const char *where, const char *reason);

/*
 * Reads N bytes of OPML named NAME (a path, for messages) into OUT, every
 * string allocated in A.  ON_SKIP (may be NULL) hears of each outline left
 * out.  Returns 0, or PX_EINVAL with ERR ("NAME: reason" or
 * "NAME:LINE: reason") when the bytes are not OPML at all: over
 * OPML_MAX_BYTES, binary, not XML, or a root element other than <opml>.
 */
int opml_read(const char *data, size_t n, const char *name, px_arena *a,
              opml_doc *out, opml_skip_cb on_skip, void *ctx, px_error *err);

/* The same for the file at PATH; PX_EIO when it cannot be read. */
int opml_read_file(const char *path, px_arena *a, opml_doc *out,
                   opml_skip_cb on_skip, void *ctx, px_error *err);

/*
 * The repair pass opml_read applies (exposed for tests): each `&` that
 * starts no XML reference becomes `&amp;`, an HTML named entity becomes a
 * character reference, `<` inside an attribute value or before no tag
 * becomes `&lt;`, a quote that cannot end its attribute value (what
 * follows is no attribute and no tag end, while a later quote on the line
 * is) becomes `&quot;` or `&apos;`, an unquoted attribute value is
 * quoted, and a DOCTYPE is
 * blanked to spaces (keeping its newlines).  Comments, CDATA and
 * processing instructions pass unchanged.  Returns a malloc'd,
 * NUL-terminated copy; *OUT_LEN its length, *MENDED (may be NULL) how many
 * repairs were made.  Line breaks are never added or removed.
 */
char *opml_mend(const char *data, size_t n, size_t *out_len, size_t *mended);

/*
 * OPML 2.0 for N outlines under the head title TITLE (NULL: none): one
 * <outline type="rss" text title xmlUrl [htmlUrl]> each, text falling
 * back on the URL.  Invalid UTF-8 is repaired, characters XML cannot hold
 * are dropped.  Returns a malloc'd string.
 */
char *opml_write(const char *title, const opml_outline *o, size_t n);

#endif
