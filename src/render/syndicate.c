/*
 * syndicate.c — stories and search hits as RSS 2.0 and Atom 1.0 feeds.
 *
 * Both formats are written from one list of items (struct item): a story
 * or a search hit is first turned into its title, links, id, dates,
 * authors, topic, plain summary and HTML description, and then
 * write_rss() or write_atom() lays the same items out in its own
 * elements.  So RSS and Atom never disagree about what an item says.
 *
 * The rules followed are those of the W3C Feed Validation Service:
 *  - Channel and feed metadata come before the first item or entry (Atom:
 *    MisplacedMetadata is an error; RSS: MisplacedItem a warning).
 *  - Every URL is absolute (syn_meta.base joined with a path) and uses
 *    only the characters the validator's URI rule accepts: anything else
 *    (spaces, quotes, angle brackets, non-ASCII bytes, a '%' that starts
 *    no escape) is percent-encoded, then '&' written as &amp;; scheme and
 *    host in lower case.  Brackets stay in an IPv6 host as RFC 3986 wants,
 *    though the validator's URI rule refuses them there too: a feed
 *    served under an IPv6 literal base is flagged.  A link to an article
 *    is used only when it is an absolute http(s) URL; else the item links
 *    to its story page.
 *  - Ids never change as a story grows: a story's RSS guid and Atom id
 *    are its page's URL (isPermaLink="true": it is the item's link); a
 *    search hit's are a tag: URI of its article's id built from the base's
 *    host (tag:HOST,2025:article/ID, isPermaLink="false"), since an
 *    article's story can change by a merge and its own URL is outside
 *    text.  A feed's Atom id is its own URL.
 *  - RSS dates are RFC 822 with a four-digit year and "+0000"; Atom dates
 *    RFC 3339 UTC; both clamped to years 1..9999.  An empty feed's Atom
 *    updated is the Unix epoch (so its bytes never change); an empty RSS
 *    channel has no lastBuildDate at all (optional, and the epoch would be
 *    an ImplausibleDate warning).
 *  - Plain text (titles, summaries, names, categories) escapes '&' and '<'
 *    as &#x26; and &#x3C;: the RSS Profile's advice, which the validator
 *    checks (CharacterData) in RSS; the HTML descriptions (RSS description,
 *    Atom content type="html") are HTML whose text was escaped for HTML,
 *    then escaped again for XML (never CDATA).  '>' is always escaped, so
 *    "]]>" cannot appear; quotes are escaped in attributes.
 *  - Characters XML 1.0 forbids or discourages are dropped: C0 controls
 *    but tab, newline and CR (CR is written &#xD; so it survives), DEL,
 *    C1 controls (the validator's BadCharacters), U+FFFE and U+FFFF, and
 *    surrogates encoded as bytes; any other invalid UTF-8 byte becomes
 *    U+FFFD (which the validator notes as BadCharacters: a warning, where
 *    the text was broken already).  Search hits' PX_MARK_ON / PX_MARK_OFF are control
 *    characters, so they vanish from titles and plain text; in a hit's
 *    HTML description they become <b> and </b>, balanced.
 *  - An Atom entry's authors are its story's outlets (distinct, at most
 *    10), else "Parallax"; RSS names none (its author must be an e-mail
 *    address).  The topic is each item's category.
 *  - Languages: an item's is its headline article's (two letters, as
 *    langid writes them; "und" and the like are no language); RSS
 *    <language> and the Atom feed's xml:lang are set when every item shares
 *    one, and an Atom entry whose language differs carries its own.
 *
 * Written with a px_buf and escaping of our own rather than libxml2's
 * xmlTextWriter: the writer would escape but neither drop what XML
 * forbids nor repair UTF-8 nor write the RSS Profile's hexadecimal
 * references, and all three are needed on every string anyway.
 */
#include "render/syndicate.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "util/buf.h"

#define GENERATOR "Parallax"
#define TAG_DATE "2025"         /* the tag: URIs' date; never changes */
#define MAX_AUTHORS 10          /* outlets named as an Atom entry's authors */

/* ---------------------------------------------------------------- text */

enum {
	ESC_ATTR = 1,   /* a double-quoted attribute: '"' too */
	ESC_HEX = 2,    /* plain text: '&' and '<' as &#x26; and &#x3C; */
	ESC_MARKS = 4   /* PX_MARK_ON/OFF become raw <b> and </b> (HTML) */
};

/* The length of the next character of S[0..N) and its code point in *CP
 * (-1: an invalid byte, length 1; a surrogate encoded as bytes is
 * returned as the surrogate, length 3, for the caller to drop). */
static size_t next_char(const unsigned char *s, size_t n, int32_t *cp)
{
	if (*s < 0x80) {
		*cp = *s;
		return 1;
	}
	if (n >= 3 && s[0] == 0xED && s[1] >= 0xA0 && s[1] <= 0xBF &&
	    s[2] >= 0x80 && s[2] <= 0xBF) {
		*cp = 0xD000 | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F);
		return 3;
	}
	utf8proc_int32_t c;
	utf8proc_ssize_t k = utf8proc_iterate(s, (utf8proc_ssize_t)n, &c);
	if (k < 1) {
		*cp = -1;
		return 1;
	}
	*cp = c;
	return (size_t)k;
}

/* 1 if XML 1.0 output should drop code point CP (see the file comment). */
static int dropped(int32_t cp)
{
	if (cp < 0x20)
		return cp != '\t' && cp != '\n' && cp != '\r';
	return (cp >= 0x7F && cp <= 0x9F) || (cp >= 0xD800 && cp <= 0xDFFF) ||
	       cp == 0xFFFE || cp == 0xFFFF;
}

/* Appends S cleaned (invalid UTF-8 repaired, forbidden characters
 * dropped) and escaped for XML as FLAGS say.  With ESC_MARKS the marks
 * become <b>..</b>, an unmatched one dropped and an open one closed at the
 * end; without, they are dropped as the controls they are. */
static void put_text(px_buf *b, const char *s, int flags)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p);
	int bold = 0;
	while (n) {
		int32_t cp;
		size_t k = next_char(p, n, &cp);
		if ((flags & ESC_MARKS) && (cp == PX_MARK_ON[0] || cp == PX_MARK_OFF[0])) {
			if ((cp == PX_MARK_ON[0]) != bold) {
				px_buf_puts(b, bold ? "</b>" : "<b>");
				bold = !bold;
			}
		} else if (cp < 0) {
			px_buf_puts(b, "\xEF\xBF\xBD");
		} else if (dropped(cp)) {
			/* nothing */
		} else if (cp == '&') {
			px_buf_puts(b, flags & ESC_HEX ? "&#x26;" : "&amp;");
		} else if (cp == '<') {
			px_buf_puts(b, flags & ESC_HEX ? "&#x3C;" : "&lt;");
		} else if (cp == '>') {
			px_buf_puts(b, "&gt;");
		} else if (cp == '"' && (flags & ESC_ATTR)) {
			px_buf_puts(b, "&quot;");
		} else if (cp == '\r') {
			px_buf_puts(b, "&#xD;");
		} else {
			px_buf_add(b, p, k);
		}
		p += k;
		n -= k;
	}
	if (bold)
		px_buf_puts(b, "</b>");
}

/* 1 if S has something to show once cleaned: a character that is neither
 * white space nor dropped. */
static int has_text(const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t n = strlen((const char *)p);
	while (n) {
		int32_t cp;
		size_t k = next_char(p, n, &cp);
		if (cp != ' ' && cp != '\t' && cp != '\n' && cp != '\r' && !dropped(cp))
			return 1;
		p += k;
		n -= k;
	}
	return 0;
}

/* ---------------------------------------------------------------- URLs */

/* 1 if byte C may stand in a URI as the validator reads one (its
 * rfc2396_full rule); '%' and '#' are judged by put_uri. */
static int uri_char(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       (c && strchr(";/?:@&=+$.-_!~*'(),", c));
}

static int is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/* Appends URI (absolute) percent-encoded where the validator would refuse
 * a character, then escaped for an attribute or element: '&' as &amp;.
 * Brackets stay only in the authority (an IPv6 host); a '%' stays only
 * when it starts an escape; '#' only the first.  The scheme and host are
 * written in lower case, their canonical form (RFC 3986 6.2.2.1). */
static void put_uri(px_buf *b, const char *uri)
{
	const char *p = uri, *end = uri + strlen(uri);
	while (p < end && (unsigned char)*p <= ' ')
		p++;
	while (end > p && (unsigned char)end[-1] <= ' ')
		end--;
	const char *auth = strstr(p, "://");
	const char *auth_end = NULL;
	if (auth && auth < end) {
		auth += 3;
		auth_end = auth + strcspn(auth, "/?#");
		if (auth_end > end)
			auth_end = end;
	}
	const char *user = auth_end ? memchr(auth, '@', (size_t)(auth_end - auth)) : NULL;
	const char *host = user ? user + 1 : auth;
	int hash = 0;
	for (const char *q = p; q < end; q++) {
		unsigned char c = (unsigned char)*q;
		if (c >= 'A' && c <= 'Z' && auth_end && (q < auth || (q >= host && q < auth_end)))
			c = (unsigned char)(c - 'A' + 'a');
		int keep = uri_char(c);
		if (c == '%')
			keep = end - q > 2 && is_hex(q[1]) && is_hex(q[2]);
		else if (c == '#')
			keep = !hash++;
		else if (c == '[' || c == ']')
			keep = auth_end && q >= auth && q < auth_end;
		if (c == '&')
			px_buf_puts(b, "&amp;");
		else if (keep)
			px_buf_putc(b, (char)c);
		else
			px_buf_printf(b, "%%%02X", c);
	}
}

/* 1 if URL is an absolute http or https URL (any case). */
static int http_url(const char *url)
{
	if (!url)
		return 0;
	while (*url == ' ')
		url++;
	return (!strncasecmp(url, "http://", 7) && url[7]) ||
	       (!strncasecmp(url, "https://", 8) && url[8]);
}

/* Appends BASE joined with PATH, raw (put_uri escapes it on output): PATH
 * as it is when it is an absolute http(s) URL already, else after BASE
 * without its trailing slashes, with a '/' between unless PATH starts a
 * query. */
static void url_join(px_buf *u, const char *base, const char *path)
{
	if (!path)
		path = "/";
	if (http_url(path)) {
		px_buf_puts(u, path);
		return;
	}
	size_t n = strlen(base);
	while (n && base[n - 1] == '/')
		n--;
	px_buf_add(u, base, n);
	if (*path != '/' && *path != '?')
		px_buf_putc(u, '/');
	px_buf_puts(u, path);
}

/* The tag: URI authority from BASE's host: lower case, its port and user
 * dropped, only the characters a tag's DNS name may hold ("localhost"
 * when none is left, as for an IPv6 literal). */
static void tag_host(px_buf *h, const char *base)
{
	const char *p = strstr(base, "://");
	p = p ? p + 3 : base;
	size_t len = strcspn(p, "/?#");
	const char *at = memchr(p, '@', len);
	if (at) {
		len -= (size_t)(at + 1 - p);
		p = at + 1;
	}
	for (size_t i = 0; i < len && p[i] != ':'; i++) {
		char c = p[i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-')
			px_buf_putc(h, c);
	}
	if (!h->len)
		px_buf_puts(h, "localhost");
}

/* ---------------------------------------------------------------- dates */

#define TIME_MIN (-62135596800LL)   /* 0001-01-01T00:00:00Z */
#define TIME_MAX 253402300799LL     /* 9999-12-31T23:59:59Z */

/* T within the years 1..9999 (unknown: the epoch). */
static int64_t clamp_time(int64_t t)
{
	if (t == PX_TIME_UNKNOWN)
		return 0;
	return t < TIME_MIN ? TIME_MIN : t > TIME_MAX ? TIME_MAX : t;
}

/* T as RFC 3339 UTC: "2025-08-27T09:30:00Z". */
static const char *rfc3339(int64_t t, char *buf, size_t size)
{
	return px_format_time(clamp_time(t), buf, size);
}

/* T as RFC 822 with a four-digit year: "Wed, 27 Aug 2025 09:30:00 +0000". */
static const char *rfc822(int64_t t, char *buf, size_t size)
{
	static const char *const days[7] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char *const months[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	char iso[40];
	t = clamp_time(t);
	rfc3339(t, iso, sizeof(iso));            /* YYYY-MM-DDTHH:MM:SSZ */
	int64_t day = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int dow = (int)(((day % 7) + 7 + 4) % 7); /* 1970-01-01 was a Thursday */
	int month = (iso[5] - '0') * 10 + (iso[6] - '0');
	snprintf(buf, size, "%s, %.2s %s %.4s %.8s +0000", days[dow], iso + 8,
	         months[month - 1], iso, iso + 11);
	return buf;
}

/* ---------------------------------------------------------------- items */

/* One item or entry, whatever it was made from.  Strings in px_bufs are
 * the item's own; the others point into the caller's story or hit. */
typedef struct item {
	const char *title;        /* raw; marks and controls dropped on output */
	int64_t story_id;         /* for the fallback title "Story N" */
	px_buf link;              /* absolute, raw */
	px_buf related;           /* Atom's second link (a hit's story page), or empty */
	px_buf id;                /* guid / Atom id */
	int permalink;            /* ID is LINK */
	const char *summary;      /* plain text for Atom's summary */
	px_buf html;              /* the description: HTML, clean and escaped */
	const char *topic;
	const char *authors[MAX_AUTHORS];
	size_t n_authors;
	char lang[3];             /* two letters, or "" */
	int64_t updated, published;
} item;

/* What a feed says before its items, and the items. */
typedef struct feed {
	const syn_meta *m;
	px_buf self, page;        /* absolute, raw */
	int64_t updated;          /* the newest item's, or the epoch */
	char lang[3];             /* shared by every item, or "" */
	item *items;
	size_t n;
} feed;

/* Copies LANG's two letters to OUT when it names a language as langid and
 * feeds write it ("en", "pt-BR": two lower-case letters, a region after
 * '-' or '_' ignored; "und" and the like are none); else OUT is "". */
static void lang_code(char out[3], const char *lang)
{
	out[0] = '\0';
	if (!lang || !(lang[0] >= 'a' && lang[0] <= 'z') || !(lang[1] >= 'a' && lang[1] <= 'z') ||
	    (lang[2] && lang[2] != '-' && lang[2] != '_'))
		return;
	out[0] = lang[0];
	out[1] = lang[1];
	out[2] = '\0';
}

/* Adds NAME to IT's authors unless it is there or there are enough. */
static void add_author(item *it, const char *name)
{
	if (!has_text(name) || it->n_authors == MAX_AUTHORS)
		return;
	for (size_t i = 0; i < it->n_authors; i++)
		if (!strcmp(it->authors[i], name))
			return;
	it->authors[it->n_authors++] = name;
}

/* Appends "<p>TEXT</p>" to the HTML H (marks as <b> when MARKS). */
static void html_par(px_buf *h, const char *text, int marks)
{
	px_buf_puts(h, "<p>");
	put_text(h, text, marks ? ESC_MARKS : 0);
	px_buf_puts(h, "</p>");
}

/* The description of story S: its summary, its key points as a list, its
 * coverage in one line, and its blindspot if it has one. */
static void story_html(px_buf *h, const px_story *s)
{
	if (has_text(s->summary))
		html_par(h, s->summary, 0);
	if (s->n_key_points) {
		px_buf_puts(h, "<ul>");
		for (size_t i = 0; i < s->n_key_points; i++) {
			px_buf_puts(h, "<li>");
			put_text(h, s->key_points[i].text, 0);
			px_buf_puts(h, "</li>");
		}
		px_buf_puts(h, "</ul>");
	}
	const px_coverage *c = &s->coverage;
	const px_lean_counts *li = &c->lean_independent;
	px_buf_printf(h, "<p>%d source%s, %d independent report%s: %d left, %d center, "
	              "%d right, %d unrated.</p>", c->sources, c->sources == 1 ? "" : "s",
	              c->independent, c->independent == 1 ? "" : "s", li->left, li->center,
	              li->right, li->unrated);
	if (s->blindspot && (!strcmp(s->blindspot, "left") || !strcmp(s->blindspot, "right")))
		px_buf_printf(h, "<p>Blindspot: the %s barely covers this story.</p>", s->blindspot);
}

/* Fills IT from story S: linked and identified by its page. */
static void story_item(item *it, const feed *f, const px_story *s)
{
	char path[48];
	snprintf(path, sizeof(path), "/story/%lld", (long long)s->id);
	it->title = s->headline;
	it->story_id = s->id;
	url_join(&it->link, f->m->base, path);
	px_buf_puts(&it->id, px_buf_str(&it->link));
	it->permalink = 1;
	it->summary = has_text(s->summary) ? s->summary : s->headline;
	story_html(&it->html, s);
	it->topic = s->topic;
	for (size_t i = 0; i < s->n_articles; i++)
		add_author(it, s->articles[i].outlet);
	/* The language of the headline's article, else of the first that has one. */
	for (size_t i = 0; i < s->n_articles && !it->lang[0]; i++)
		if (s->headline && s->articles[i].title && !strcmp(s->articles[i].title, s->headline))
			lang_code(it->lang, s->articles[i].lang);
	for (size_t i = 0; i < s->n_articles && !it->lang[0]; i++)
		lang_code(it->lang, s->articles[i].lang);
	it->updated = s->last_seen != PX_TIME_UNKNOWN ? s->last_seen
	              : s->coverage.last_updated != PX_TIME_UNKNOWN ? s->coverage.last_updated
	              : s->first_seen;
	it->published = s->first_seen != PX_TIME_UNKNOWN ? s->first_seen : it->updated;
}

/* Fills IT from search hit H: linked to its article (its story page when
 * the article has no http(s) URL, the feed's page when it has no story
 * either) and to its story page, identified by a tag: URI of the
 * article's id. */
static void hit_item(item *it, const feed *f, const px_search_hit *h)
{
	const px_story_article *a = &h->article;
	if (a->story_id > 0) {
		char path[48];
		snprintf(path, sizeof(path), "/story/%lld", (long long)a->story_id);
		url_join(&it->related, f->m->base, path);
	}
	px_buf_puts(&it->link, http_url(a->url) ? a->url : it->related.len
	                       ? px_buf_str(&it->related) : px_buf_str(&f->page));
	it->title = has_text(h->title_marked) ? h->title_marked : a->title;
	it->story_id = a->story_id;
	px_buf_puts(&it->id, "tag:");
	tag_host(&it->id, f->m->base);
	px_buf_printf(&it->id, "," TAG_DATE ":article/%lld", (long long)a->id);
	it->summary = has_text(h->snippet) ? h->snippet : has_text(a->snippet) ? a->snippet
	              : it->title;
	html_par(&it->html, it->summary, 1);
	px_buf_puts(&it->html, "<p>");
	put_text(&it->html, has_text(a->outlet) ? a->outlet : "Unknown outlet", 0);
	if (it->related.len) {
		px_buf_puts(&it->html, " \xC2\xB7 <a href=\"");
		put_uri(&it->html, px_buf_str(&it->related));
		px_buf_puts(&it->html, "\">The story's coverage on Parallax</a>");
	}
	px_buf_puts(&it->html, "</p>");
	it->topic = a->topic;
	add_author(it, a->outlet);
	lang_code(it->lang, a->lang);
	it->updated = it->published = a->published != PX_TIME_UNKNOWN ? a->published : 0;
}

/* Starts F for M: its own absolute URLs, no items yet (room for N). */
static void feed_init(feed *f, const syn_meta *m, size_t n)
{
	assert(m && m->base);
	memset(f, 0, sizeof(*f));
	f->m = m;
	url_join(&f->self, m->base, m->self);
	url_join(&f->page, m->base, m->page);
	f->items = calloc(n ? n : 1, sizeof(*f->items));
}

/* Sets F's date and language from its items. */
static void feed_finish(feed *f)
{
	f->updated = PX_TIME_UNKNOWN;
	for (size_t i = 0; i < f->n; i++) {
		const item *it = &f->items[i];
		if (f->updated == PX_TIME_UNKNOWN || it->updated > f->updated)
			f->updated = it->updated;
		if (i == 0)
			memcpy(f->lang, it->lang, sizeof(f->lang));
		else if (strcmp(f->lang, it->lang))
			f->lang[0] = '\0';
	}
}

static void feed_free(feed *f)
{
	for (size_t i = 0; i < f->n; i++) {
		item *it = &f->items[i];
		px_buf_free(&it->link);
		px_buf_free(&it->related);
		px_buf_free(&it->id);
		px_buf_free(&it->html);
	}
	free(f->items);
	px_buf_free(&f->self);
	px_buf_free(&f->page);
}

/* ---------------------------------------------------------------- writing */

/* Appends "<NAME>VALUE</NAME>" on its own line at INDENT: VALUE plain
 * text, or a URI when IS_URI.  NAME may carry attributes; the end tag is
 * its first word. */
static void put_value(px_buf *b, int indent, const char *name, const char *value,
                      int is_uri)
{
	px_buf_printf(b, "%*s<%s>", indent, "", name);
	if (is_uri)
		put_uri(b, value);
	else
		put_text(b, value, ESC_HEX);
	px_buf_printf(b, "</%.*s>\n", (int)strcspn(name, " "), name);
}

static void put_el(px_buf *b, int indent, const char *name, const char *text)
{
	put_value(b, indent, name, text, 0);
}

static void put_uri_el(px_buf *b, int indent, const char *name, const char *uri)
{
	put_value(b, indent, name, uri, 1);
}

/* Appends an Atom link of REL and TYPE to URI. */
static void put_link(px_buf *b, int indent, const char *rel, const char *type,
                     const char *uri)
{
	px_buf_printf(b, "%*s<link rel=\"%s\" type=\"%s\" href=\"", indent, "", rel, type);
	put_uri(b, uri);
	px_buf_puts(b, "\"/>\n");
}

/* The item's title, or "Story N" when it has none to show. */
static void put_title(px_buf *b, int indent, const char *name, const item *it)
{
	char fallback[48];
	const char *t = it->title;
	if (!has_text(t)) {
		snprintf(fallback, sizeof(fallback), "Story %lld", (long long)it->story_id);
		t = fallback;
	}
	put_el(b, indent, name, t);
}

/* The feed's title and description (defaults when the caller gave none). */
static const char *feed_title(const feed *f)
{
	return has_text(f->m->title) ? f->m->title : "Parallax";
}

static const char *feed_description(const feed *f)
{
	return has_text(f->m->description) ? f->m->description : feed_title(f);
}

/* F as RSS 2.0. */
static void write_rss(px_buf *b, const feed *f)
{
	char date[48];
	px_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	               "<rss version=\"2.0\" xmlns:atom=\"http://www.w3.org/2005/Atom\">\n"
	               "  <channel>\n");
	put_el(b, 4, "title", feed_title(f));
	put_uri_el(b, 4, "link", px_buf_str(&f->page));
	put_el(b, 4, "description", feed_description(f));
	if (f->lang[0])
		put_el(b, 4, "language", f->lang);
	if (f->n)
		put_el(b, 4, "lastBuildDate", rfc822(f->updated, date, sizeof(date)));
	put_el(b, 4, "generator", GENERATOR " " PX_VERSION);
	px_buf_puts(b, "    <atom:link rel=\"self\" type=\"application/rss+xml\" href=\"");
	put_uri(b, px_buf_str(&f->self));
	px_buf_puts(b, "\"/>\n");
	for (size_t i = 0; i < f->n; i++) {
		const item *it = &f->items[i];
		px_buf_puts(b, "    <item>\n");
		put_title(b, 6, "title", it);
		put_uri_el(b, 6, "link", px_buf_str(&it->link));
		px_buf_puts(b, "      <description>");
		put_text(b, px_buf_str(&it->html), 0);
		px_buf_puts(b, "</description>\n");
		if (has_text(it->topic))
			put_el(b, 6, "category", it->topic);
		put_uri_el(b, 6, it->permalink ? "guid isPermaLink=\"true\""
		                               : "guid isPermaLink=\"false\"", px_buf_str(&it->id));
		put_el(b, 6, "pubDate", rfc822(it->updated, date, sizeof(date)));
		px_buf_puts(b, "    </item>\n");
	}
	px_buf_puts(b, "  </channel>\n</rss>\n");
}

/* Appends an Atom person construct named NAME. */
static void put_author(px_buf *b, int indent, const char *name)
{
	px_buf_printf(b, "%*s<author>\n", indent, "");
	put_el(b, indent + 2, "name", name);
	px_buf_printf(b, "%*s</author>\n", indent, "");
}

/* F as Atom 1.0. */
static void write_atom(px_buf *b, const feed *f)
{
	char date[48];
	px_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	               "<feed xmlns=\"http://www.w3.org/2005/Atom\"");
	if (f->lang[0])
		px_buf_printf(b, " xml:lang=\"%s\"", f->lang);
	px_buf_puts(b, ">\n");
	put_uri_el(b, 2, "id", px_buf_str(&f->self));
	put_el(b, 2, "title", feed_title(f));
	put_el(b, 2, "subtitle", feed_description(f));
	put_el(b, 2, "updated", rfc3339(f->n ? f->updated : 0, date, sizeof(date)));
	put_author(b, 2, GENERATOR);
	put_link(b, 2, "self", "application/atom+xml", px_buf_str(&f->self));
	put_link(b, 2, "alternate", "text/html", px_buf_str(&f->page));
	put_el(b, 2, "generator version=\"" PX_VERSION "\"", GENERATOR);
	for (size_t i = 0; i < f->n; i++) {
		const item *it = &f->items[i];
		px_buf_puts(b, "  <entry");
		if (it->lang[0] && strcmp(it->lang, f->lang))
			px_buf_printf(b, " xml:lang=\"%s\"", it->lang);
		px_buf_puts(b, ">\n");
		put_uri_el(b, 4, "id", px_buf_str(&it->id));
		put_title(b, 4, "title", it);
		put_el(b, 4, "updated", rfc3339(it->updated, date, sizeof(date)));
		put_el(b, 4, "published", rfc3339(it->published, date, sizeof(date)));
		put_link(b, 4, "alternate", "text/html", px_buf_str(&it->link));
		if (it->related.len)
			put_link(b, 4, "related", "text/html", px_buf_str(&it->related));
		for (size_t k = 0; k < it->n_authors; k++)
			put_author(b, 4, it->authors[k]);
		if (!it->n_authors)
			put_author(b, 4, GENERATOR);
		if (has_text(it->topic)) {
			px_buf_puts(b, "    <category term=\"");
			put_text(b, it->topic, ESC_ATTR);
			px_buf_puts(b, "\"/>\n");
		}
		if (has_text(it->summary))
			put_el(b, 4, "summary", it->summary);
		px_buf_puts(b, "    <content type=\"html\">");
		put_text(b, px_buf_str(&it->html), 0);
		px_buf_puts(b, "</content>\n  </entry>\n");
	}
	px_buf_puts(b, "</feed>\n");
}

/* Writes F in format FMT, frees F and returns the document. */
static char *emit(syn_format fmt, feed *f)
{
	px_buf b = PX_BUF_INIT;
	feed_finish(f);
	if (fmt == SYN_ATOM)
		write_atom(&b, f);
	else
		write_rss(&b, f);
	feed_free(f);
	return px_buf_steal(&b);
}

char *syn_stories(syn_format fmt, const syn_meta *m, const px_story_list *l)
{
	feed f;
	feed_init(&f, m, l ? l->n : 0);
	for (size_t i = 0; l && i < l->n; i++)
		if (l->stories[i])
			story_item(&f.items[f.n++], &f, l->stories[i]);
	return emit(fmt, &f);
}

char *syn_search(syn_format fmt, const syn_meta *m, const px_search_result *r)
{
	feed f;
	feed_init(&f, m, r ? r->n : 0);
	for (size_t i = 0; r && i < r->n; i++)
		hit_item(&f.items[f.n++], &f, &r->hits[i]);
	return emit(fmt, &f);
}
