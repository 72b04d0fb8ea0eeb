/*
 * opml.c — reading and writing OPML subscription lists (see opml.h).
 *
 * Reading is two passes.  The first, opml_mend, is a small scanner that
 * knows just enough XML to tell markup from text and quoted attribute
 * values from the rest of a tag; it rewrites the handful of mistakes real
 * OPML files make (a bare `&`, HTML entities, `<` and quotes inside an
 * attribute, unquoted values) into what their author meant, one byte run
 * for another, never adding or removing a line break, so that libxml2's
 * line numbers still point into the user's file.  It also blanks any DOCTYPE: OPML
 * needs no DTD, and without one there are no entities to expand, so the
 * parse cannot be made to grow (no billion laughs, no external entities).
 *
 * The second pass is libxml2 in recovery mode, without network access,
 * error printing or CDATA nodes, with line numbers past 65535.  The tree
 * is walked without recursion (next / parent pointers), so a file of
 * deeply nested categories costs no stack; every <outline> with an xmlUrl
 * is a feed, whatever encloses it, and the others are categories (when
 * they hold outlines) or skipped with a reason.  Duplicates are found by
 * canonical URL (px_url_canonical) in a hash map.
 *
 * Writing escapes every attribute for XML, repairs invalid UTF-8 and
 * drops characters XML 1.0 cannot carry (C0 controls, U+FFFE, U+FFFF).
 */
#include "feeds/opml.h"

#include <ctype.h>
#include <errno.h>
#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/map.h"
#include "util/utf8.h"

/* ------------------------------------------------------------- mending */

/* 1 if C may start an XML name (ASCII letters, '_', ':', any non-ASCII). */
static int name_start(unsigned char c)
{
	return isalpha(c) || c == '_' || c == ':' || c >= 0x80;
}

/* 1 if the code point V may appear in an XML 1.0 document. */
static int xml_char(unsigned long v)
{
	return v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v <= 0xD7FF) ||
	       (v >= 0xE000 && v <= 0xFFFD) || (v >= 0x10000 && v <= 0x10FFFF);
}

/*
 * The '&' at D[I] (I < N): appends it as a valid reference to B and returns
 * the bytes consumed.  A character reference of a valid character, or one
 * of XML's five entities, is copied; an HTML named entity (&nbsp;) becomes
 * a character reference; anything else was a bare ampersand: "&amp;",
 * and the scan goes on after the '&'.
 */
static size_t mend_amp(const char *d, size_t i, size_t n, px_buf *b, size_t *mended)
{
	size_t j = i + 1;
	if (j < n && d[j] == '#') {
		j++;
		int hex = j < n && (d[j] == 'x' || d[j] == 'X');
		int upper_x = hex && d[j] == 'X';
		j += (size_t)hex;
		unsigned long v = 0;
		size_t digits = 0;
		while (j < n && digits < 8 && (hex ? isxdigit((unsigned char)d[j])
		                                   : isdigit((unsigned char)d[j]))) {
			int c = (unsigned char)d[j];
			v = v * (hex ? 16 : 10) +
			    (unsigned long)(isdigit(c) ? c - '0' : (tolower(c) - 'a' + 10));
			j++;
			digits++;
		}
		if (digits && j < n && d[j] == ';' && xml_char(v)) {
			if (upper_x) {      /* HTML allows &#X..; XML does not */
				px_buf_printf(b, "&#%lu;", v);
				(*mended)++;
			} else {
				px_buf_add(b, d + i, j + 1 - i);
			}
			return j + 1 - i;
		}
	} else {
		char name[40];
		size_t k = 0;
		while (j < n && k < sizeof(name) - 1 && isalnum((unsigned char)d[j]))
			name[k++] = d[j++];
		name[k] = '\0';
		if (k && j < n && d[j] == ';') {
			static const char *const xml[] = { "amp", "lt", "gt", "quot", "apos" };
			for (size_t x = 0; x < sizeof(xml) / sizeof(*xml); x++)
				if (!strcmp(name, xml[x])) {
					px_buf_add(b, d + i, j + 1 - i);
					return j + 1 - i;
				}
			const htmlEntityDesc *e = htmlEntityLookup((const xmlChar *)name);
			if (e && xml_char(e->value)) {
				px_buf_printf(b, "&#%u;", e->value);
				(*mended)++;
				return j + 1 - i;
			}
		}
	}
	px_buf_puts(b, "&amp;");
	(*mended)++;
	return 1;
}

/* 1 if D[I..N) starts with the literal S. */
static int at(const char *d, size_t i, size_t n, const char *s)
{
	size_t k = strlen(s);
	return n - i >= k && !memcmp(d + i, s, k);
}

/* Copies D[I..) up to and including the terminator END (or to the end of
 * the data); returns the new position. */
static size_t copy_until(const char *d, size_t i, size_t n, const char *end, px_buf *b)
{
	size_t k = strlen(end);
	size_t j = i;
	while (j < n && !(n - j >= k && !memcmp(d + j, end, k)))
		j++;
	j = j < n ? j + k : n;
	px_buf_add(b, d + i, j - i);
	return j;
}

/* A declaration "<!..." that is not a comment or CDATA (a DOCTYPE): its
 * bytes become spaces, its line breaks stay.  Brackets (the internal
 * subset) and quoted strings are followed so that a '>' inside them does
 * not end it.  Returns the new position. */
static size_t blank_decl(const char *d, size_t i, size_t n, px_buf *b, size_t *mended)
{
	int depth = 0;
	char quote = 0;
	size_t j = i;
	for (; j < n; j++) {
		char c = d[j];
		px_buf_putc(b, c == '\n' || c == '\r' ? c : ' ');
		if (quote) {
			if (c == quote)
				quote = 0;
		} else if (c == '"' || c == '\'') {
			quote = c;
		} else if (c == '[') {
			depth++;
		} else if (c == ']' && depth > 0) {
			depth--;
		} else if (c == '>' && depth == 0) {
			j++;
			break;
		}
	}
	(*mended)++;
	return j;
}

/* Appends the attribute-value or text byte at D[J] (not a quote), mending
 * '<' and '&'; returns the bytes consumed. */
static size_t value_byte(const char *d, size_t j, size_t n, px_buf *b, size_t *mended)
{
	if (d[j] == '&')
		return mend_amp(d, j, n, b, mended);
	if (d[j] == '<') {
		px_buf_puts(b, "&lt;");
		(*mended)++;
		return 1;
	}
	px_buf_putc(b, d[j]);
	return 1;
}

/* 1 if the quote at D[Q] can end an attribute value: what follows is
 * '>', "/>", the end of the data, or white space and then '>', "/>" or a
 * name and '='.  (Bounded: a few hundred bytes are looked at.) */
static int closes_value(const char *d, size_t q, size_t n)
{
	size_t j = q + 1, lim = n - q > 256 ? q + 256 : n;
	int space = 0;
	while (j < lim && isspace((unsigned char)d[j])) {
		j++;
		space = 1;
	}
	if (j >= lim || d[j] == '>' || (d[j] == '/' && j + 1 < n && d[j + 1] == '>'))
		return 1;
	if (!space)
		return 0;
	size_t k = j;
	while (k < lim && (isalnum((unsigned char)d[k]) || d[k] == '_' || d[k] == ':' ||
	                   d[k] == '-' || d[k] == '.'))
		k++;
	if (k == j)
		return 0;
	while (k < lim && isspace((unsigned char)d[k]))
		k++;
	return k < lim && d[k] == '=';
}

/*
 * Where the attribute value opened by QUOTE before D[START] ends.  Files
 * put quotes inside values unescaped: as text (title="Jen "From Head To
 * Toe" blog") and in HTML pasted into a description (<a href="...">).  So
 * the first QUOTE ends the value only when it can (closes_value) or when
 * no later QUOTE on its line can; otherwise the value runs to the first
 * QUOTE that can, and quotes inside an embedded tag (<a ...>) never end
 * it.  *FAIL_UNTIL remembers how far a search found nothing, so that a
 * line is searched once (the scan stays linear).  Returns N when the
 * value never ends.
 */
static size_t value_end(const char *d, size_t start, size_t n, char quote,
                        size_t *fail_until)
{
	const char *q = memchr(d + start, quote, n - start);
	if (!q)
		return n;
	size_t first = (size_t)(q - d);
	if (first < *fail_until || closes_value(d, first, n))
		return first;
	int in_tag = 0;
	size_t j = start;
	for (; j < n && !(d[j] == '\n' && j > first); j++) {
		if (in_tag) {
			in_tag = d[j] != '>';
		} else if (d[j] == '<' && j + 1 < n && (d[j + 1] == '/' ||
		                                        isalpha((unsigned char)d[j + 1]))) {
			in_tag = 1;
		} else if (d[j] == quote && closes_value(d, j, n)) {
			return j;
		}
	}
	*fail_until = j;
	return first;
}

/* A tag from its '<' at D[I]: names and spaces copied, quoted values
 * mended, unquoted values quoted.  Ends after its '>', or before a '<'
 * that opens the next tag when this one was never closed.  FAIL_UNTIL:
 * value_end's memory, one per quote character. */
static size_t mend_tag(const char *d, size_t i, size_t n, px_buf *b, size_t *mended,
                       size_t fail_until[2])
{
	px_buf_putc(b, '<');
	size_t j = i + 1;
	while (j < n) {
		char c = d[j];
		if (c == '>') {
			px_buf_putc(b, '>');
			return j + 1;
		}
		if (c == '<')
			return j;
		if (c == '"' || c == '\'') {
			size_t end = value_end(d, j + 1, n, c, &fail_until[c == '"']);
			px_buf_putc(b, c);
			j++;
			while (j < end) {
				if (d[j] == c) {        /* a quote of the value's own */
					px_buf_puts(b, c == '"' ? "&quot;" : "&apos;");
					(*mended)++;
					j++;
				} else {
					j += value_byte(d, j, n, b, mended);
				}
			}
			if (j < n) {
				px_buf_putc(b, c);
				j++;
			}
			continue;
		}
		px_buf_putc(b, c);
		j++;
		if (c != '=')
			continue;
		while (j < n && (d[j] == ' ' || d[j] == '\t' || d[j] == '\r' || d[j] == '\n'))
			px_buf_putc(b, d[j++]);
		if (j >= n || d[j] == '"' || d[j] == '\'' || d[j] == '>' || d[j] == '<')
			continue;
		/* An unquoted value, as HTML allows: up to a space or '>'. */
		px_buf_putc(b, '"');
		while (j < n && !isspace((unsigned char)d[j]) && d[j] != '>') {
			if (d[j] == '"') {
				px_buf_puts(b, "&quot;");
				j++;
			} else {
				j += value_byte(d, j, n, b, mended);
			}
		}
		px_buf_putc(b, '"');
		(*mended)++;
	}
	return j;
}

char *opml_mend(const char *d, size_t n, size_t *out_len, size_t *mended)
{
	size_t count = 0, fail_until[2] = { 0, 0 };
	px_buf b = PX_BUF_INIT;
	px_buf_grow(&b, n + n / 16 + 16);
	px_buf_reset(&b);
	size_t i = 0;
	while (i < n) {
		char c = d[i];
		if (c == '&') {
			i += mend_amp(d, i, n, &b, &count);
		} else if (c != '<') {
			px_buf_putc(&b, c);
			i++;
		} else if (at(d, i, n, "<!--")) {
			i = copy_until(d, i, n, "-->", &b);
		} else if (at(d, i, n, "<![CDATA[")) {
			i = copy_until(d, i, n, "]]>", &b);
		} else if (at(d, i, n, "<?")) {
			i = copy_until(d, i, n, "?>", &b);
		} else if (at(d, i, n, "<!")) {
			i = blank_decl(d, i, n, &b, &count);
		} else if (i + 1 < n && (d[i + 1] == '/' || name_start((unsigned char)d[i + 1]))) {
			i = mend_tag(d, i, n, &b, &count, fail_until);
		} else {
			px_buf_puts(&b, "&lt;");
			count++;
			i++;
		}
	}
	if (mended)
		*mended = count;
	*out_len = b.len;
	return px_buf_steal(&b);
}

/* ------------------------------------------------------------- reading */

/* S as text XML 1.0 can carry: valid UTF-8 (bad bytes become U+FFFD),
 * without C0 controls other than tab, LF and CR, without U+FFFE and
 * U+FFFF.  malloc'd.  The reader's strings pass through it (libxml2 in
 * recovery mode lets bad bytes through) and so does what the writer
 * writes, so a list written out reads back the same. */
static char *xml_text(const char *s)
{
	size_t n = strlen(s), len;
	char *t = px_utf8_valid(s, n) ? px_xstrdup(s) : px_utf8_fix(s, n, &len);
	char *w = t;
	for (const char *r = t; *r; r++) {
		unsigned char c = (unsigned char)*r;
		if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
			continue;
		if (c == 0xEF && (unsigned char)r[1] == 0xBF &&
		    ((unsigned char)r[2] & 0xFE) == 0xBE) {
			r += 2;
			continue;
		}
		*w++ = (char)c;
	}
	*w = '\0';
	return t;
}

/* S as text (xml_text) without leading and trailing white space, in A;
 * NULL when empty. */
static const char *trimmed(px_arena *a, const char *s)
{
	if (!s)
		return NULL;
	char *t = xml_text(s);
	const char *p = t;
	while (*p && isspace((unsigned char)*p))
		p++;
	size_t k = strlen(p);
	while (k && isspace((unsigned char)p[k - 1]))
		k--;
	const char *v = k ? px_arena_strndup(a, p, k) : NULL;
	free(t);
	return v;
}

/* Attribute NAME of N (any case: files write xmlurl and XMLURL too),
 * trimmed, in A; NULL when absent or empty. */
static const char *attr(px_arena *a, xmlNodePtr n, const char *name)
{
	for (xmlAttrPtr p = n->properties; p; p = p->next) {
		if (strcasecmp((const char *)p->name, name))
			continue;
		xmlChar *v = xmlNodeListGetString(n->doc, p->children, 1);
		const char *s = trimmed(a, (const char *)v);
		xmlFree(v);
		return s;
	}
	return NULL;
}

static int is_element(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE && n->name &&
	       !strcasecmp((const char *)n->name, name);
}

static int has_outlines(xmlNodePtr n)
{
	for (xmlNodePtr c = n->children; c; c = c->next)
		if (is_element(c, "outline"))
			return 1;
	return 0;
}

/* The URL of an xmlUrl value as it will be fetched: "feed:" schemes
 * (feed://host/..., feed:https://...) read as the http(s) they stand for,
 * inner spaces as %20.  NULL (with *WHY) when it cannot be a feed URL. */
static const char *feed_url(px_arena *a, const char *v, const char **why)
{
	if (!strncasecmp(v, "feed:", 5)) {
		if (!strncasecmp(v + 5, "//", 2))
			v = px_arena_printf(a, "http:%s", v + 5);
		else
			v += 5;
	}
	px_buf b = PX_BUF_INIT;
	for (const char *p = v; *p; p++) {
		if (*p == ' ') {
			px_buf_puts(&b, "%20");
		} else if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			px_buf_free(&b);
			*why = "holds control characters";
			return NULL;
		} else {
			px_buf_putc(&b, *p);
		}
	}
	if (b.len > 4096) {         /* as it will be fetched: spaces encoded */
		px_buf_free(&b);
		*why = "is too long";
		return NULL;
	}
	const char *u = px_arena_strdup(a, px_buf_str(&b));
	px_buf_free(&b);
	char *canon = px_url_canonical(u);
	if (!canon) {
		*why = "is not an absolute http(s) URL";
		return NULL;
	}
	free(canon);
	return u;
}

typedef struct reader {
	const char *name;
	px_arena *a;
	opml_doc *doc;
	opml_skip_cb on_skip;
	void *ctx;
	px_map seen;            /* hash of the canonical URL -> index + 1 */
	char **canon;           /* each feed's canonical URL (malloc'd) */
	size_t cap;
} reader;

static void skip(reader *r, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Reports the outline at LINE as skipped. */
static void skip(reader *r, int line, const char *fmt, ...)
{
	r->doc->skipped++;
	if (!r->on_skip)
		return;
	char where[600], why[700];
	snprintf(where, sizeof(where), "%s:%d", r->name, line);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	r->on_skip(r->ctx, where, why);
}

/* The line element N starts on (its start tag's end, as libxml2 counts):
 * kept by start_element, since libxml2's own node->line stops at 65535. */
static int line_of(xmlNodePtr n)
{
	return n->_private ? (int)(intptr_t)n->_private : (int)xmlGetLineNo(n);
}

/* libxml2's SAX2 tree builder, and the element's exact line kept in the
 * node's application pointer. */
static void start_element(void *ctx, const xmlChar *localname, const xmlChar *prefix,
                          const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
                          int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
	xmlParserCtxtPtr pc = ctx;
	xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces, namespaces,
	                      nb_attributes, nb_defaulted, attributes);
	if (pc->node && pc->input && pc->input->line > 0)
		pc->node->_private = (void *)(intptr_t)pc->input->line;
}

/* One <outline>: a feed, a category, or skipped. */
static void outline(reader *r, xmlNodePtr n)
{
	int line = line_of(n);
	const char *xml_url = attr(r->a, n, "xmlUrl");
	const char *title = attr(r->a, n, "title");
	if (!title)
		title = attr(r->a, n, "text");
	if (!xml_url) {
		if (has_outlines(n))
			return;     /* a category */
		if (title)
			skip(r, line, "outline \"%.200s\" has no xmlUrl", title);
		else
			skip(r, line, "outline has no xmlUrl");
		return;
	}
	const char *why = NULL;
	const char *url = feed_url(r->a, xml_url, &why);
	if (!url) {
		skip(r, line, "xmlUrl '%.300s' %s", xml_url, why);
		return;
	}
	char *canon = px_url_canonical(url);
	uint64_t *slot = px_map_put(&r->seen, px_hash64(canon, strlen(canon)), NULL);
	if (*slot && !strcmp(r->canon[*slot - 1], canon)) {
		skip(r, line, "'%.300s' is listed already, at line %d", url,
		     r->doc->feeds[*slot - 1].line);
		free(canon);
		return;
	}
	opml_doc *d = r->doc;
	if (d->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 64;
		opml_outline *v = px_arena_alloc(r->a, r->cap * sizeof(*v));
		if (d->n)
			memcpy(v, d->feeds, d->n * sizeof(*v));
		d->feeds = v;
		r->canon = px_xrealloc(r->canon, r->cap * sizeof(char *));
	}
	if (!*slot)
		*slot = d->n + 1;
	r->canon[d->n] = canon;
	d->feeds[d->n++] = (opml_outline){ url, title, attr(r->a, n, "htmlUrl"), line };
}

/* The text of ROOT's <head><title>, or NULL. */
static const char *head_title(px_arena *a, xmlNodePtr root)
{
	for (xmlNodePtr h = root->children; h; h = h->next)
		if (is_element(h, "head"))
			for (xmlNodePtr t = h->children; t; t = t->next)
				if (is_element(t, "title")) {
					xmlChar *s = xmlNodeGetContent(t);
					const char *v = trimmed(a, (const char *)s);
					xmlFree(s);
					return v;
				}
	return NULL;
}

/* Every outline under ROOT, in document order, without recursion; the
 * <head> is not searched. */
static void walk(reader *r, xmlNodePtr root)
{
	xmlNodePtr node = root->children;
	while (node) {
		int descend = 0;
		if (is_element(node, "outline")) {
			outline(r, node);
			descend = 1;
		} else if (node->type == XML_ELEMENT_NODE) {
			descend = !is_element(node, "head");
		}
		if (descend && node->children) {
			node = node->children;
			continue;
		}
		while (node != root && !node->next)
			node = node->parent;
		if (node == root)
			break;
		node = node->next;
	}
}

/* 1 when the bytes are UTF-16 (by BOM or by "<" written in two bytes):
 * left to libxml2 unmended, as the scanner reads single bytes. */
static int utf16(const unsigned char *d, size_t n)
{
	return n >= 2 && ((d[0] == 0xFE && d[1] == 0xFF) || (d[0] == 0xFF && d[1] == 0xFE) ||
	                  (d[0] == 0 && d[1] == '<') || (d[0] == '<' && d[1] == 0));
}

int opml_read(const char *data, size_t n, const char *name, px_arena *a,
              opml_doc *out, opml_skip_cb on_skip, void *ctx, px_error *err)
{
	memset(out, 0, sizeof(*out));
	if (n > OPML_MAX_BYTES)
		return px_fail(err, PX_EINVAL, "%s: %zu bytes, over the %u MiB an OPML file "
		               "may have", name, n, OPML_MAX_BYTES >> 20);
	size_t lead = 0;
	while (lead < n && isspace((unsigned char)data[lead]))
		lead++;
	if (lead == n)
		return px_fail(err, PX_EINVAL, "%s: empty, not an OPML file", name);
	int wide = utf16((const unsigned char *)data, n);
	if (!wide && memchr(data, '\0', n))
		return px_fail(err, PX_EINVAL, "%s: binary data, not an OPML file", name);

	size_t len = n;
	char *buf = wide ? NULL : opml_mend(data, n, &len, &out->mended);
	if (len > INT32_MAX) {
		free(buf);
		return px_fail(err, PX_EINVAL, "%s: too large", name);
	}
	xmlInitParser();
	xmlParserCtxtPtr pc = xmlNewParserCtxt();
	if (!pc) {
		free(buf);
		return px_fail(err, PX_ENOMEM, "%s: out of memory", name);
	}
	pc->sax->startElementNs = start_element;
	int opts = XML_PARSE_RECOVER | XML_PARSE_NONET | XML_PARSE_NOERROR |
	           XML_PARSE_NOWARNING | XML_PARSE_BIG_LINES | XML_PARSE_NOCDATA;
	xmlDocPtr doc = xmlCtxtReadMemory(pc, buf ? buf : data, (int)len, NULL, NULL, opts);
	free(buf);
	xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
	int rc = 0;
	if (!root) {
		const xmlError *e = xmlCtxtGetLastError(pc);
		char msg[300] = "no element";
		if (e && e->message) {
			snprintf(msg, sizeof(msg), "%s", e->message);
			msg[strcspn(msg, "\n")] = '\0';
		}
		rc = px_fail(err, PX_EINVAL, "%s:%d: not an OPML file: %s", name,
		             e && e->line > 0 ? e->line : 1, msg);
	} else if (strcasecmp((const char *)root->name, "opml")) {
		int is_feed = !strcasecmp((const char *)root->name, "rss") ||
		              !strcasecmp((const char *)root->name, "feed") ||
		              !strcasecmp((const char *)root->name, "RDF");
		rc = px_fail(err, PX_EINVAL, "%s:%d: not an OPML file: the root element is "
		             "<%.60s>%s", name, line_of(root), (const char *)root->name,
		             is_feed ? " (a feed: add it with `parallax feeds add URL`)" : "");
	} else {
		out->ill_formed = !pc->wellFormed;
		const xmlError *e = out->ill_formed ? xmlCtxtGetLastError(pc) : NULL;
		if (e && e->message) {
			char msg[300];
			snprintf(msg, sizeof(msg), "%s", strstr(e->message, "Excessive depth")
			         ? "outlines nested more than 256 deep" : e->message);
			msg[strcspn(msg, "\n")] = '\0';
			out->error = px_arena_strdup(a, msg);
			out->error_line = e->line > 0 ? e->line : 1;
		}
		out->title = head_title(a, root);
		reader r = { name, a, out, on_skip, ctx, { 0 }, NULL, 0 };
		px_map_init(&r.seen);
		walk(&r, root);
		for (size_t i = 0; i < out->n; i++)
			free(r.canon[i]);
		free(r.canon);
		px_map_free(&r.seen);
	}
	xmlFreeDoc(doc);
	xmlFreeParserCtxt(pc);
	return rc;
}

int opml_read_file(const char *path, px_arena *a, opml_doc *out,
                   opml_skip_cb on_skip, void *ctx, px_error *err)
{
	memset(out, 0, sizeof(*out));
	FILE *f = fopen(path, "rb");
	if (!f)
		return px_fail(err, PX_EIO, "%s: %s", path, strerror(errno));
	struct stat sb;
	if (fstat(fileno(f), &sb) == 0 && S_ISDIR(sb.st_mode)) {
		fclose(f);
		return px_fail(err, PX_EIO, "%s: a directory, not an OPML file", path);
	}
	if (fstat(fileno(f), &sb) == 0 && S_ISREG(sb.st_mode) &&
	    (uintmax_t)sb.st_size > OPML_MAX_BYTES) {
		fclose(f);
		return px_fail(err, PX_EINVAL, "%s: %jd bytes, over the %u MiB an OPML file "
		               "may have", path, (intmax_t)sb.st_size, OPML_MAX_BYTES >> 20);
	}
	/* Read one byte past the cap, so a pipe that is too long is caught. */
	size_t cap = 1 << 16, n = 0;
	char *data = px_xmalloc(cap);
	for (;;) {
		if (n == cap) {
			if (cap > OPML_MAX_BYTES)
				break;
			cap *= 2;
			data = px_xrealloc(data, cap);
		}
		size_t k = fread(data + n, 1, cap - n, f);
		n += k;
		if (k == 0)
			break;
	}
	int bad = ferror(f);
	fclose(f);
	if (bad) {
		free(data);
		return px_fail(err, PX_EIO, "%s: read error", path);
	}
	int rc = opml_read(data, n, path, a, out, on_skip, ctx, err);
	free(data);
	return rc;
}

/* ------------------------------------------------------------- writing */

/* S escaped for an XML attribute or text, as text XML can carry
 * (xml_text). */
static void put_escaped(px_buf *b, const char *s)
{
	char *t = xml_text(s);
	for (const char *p = t; *p; p++) {
		switch (*p) {
		case '&': px_buf_puts(b, "&amp;"); break;
		case '<': px_buf_puts(b, "&lt;"); break;
		case '>': px_buf_puts(b, "&gt;"); break;
		case '"': px_buf_puts(b, "&quot;"); break;
		case '\t': px_buf_puts(b, "&#9;"); break;
		case '\n': px_buf_puts(b, "&#10;"); break;
		case '\r': px_buf_puts(b, "&#13;"); break;
		default: px_buf_putc(b, *p);
		}
	}
	free(t);
}

static void put_attr(px_buf *b, const char *name, const char *v)
{
	if (!v)
		return;
	px_buf_printf(b, " %s=\"", name);
	put_escaped(b, v);
	px_buf_putc(b, '"');
}

char *opml_write(const char *title, const opml_outline *o, size_t n)
{
	px_buf b = PX_BUF_INIT;
	px_buf_puts(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	                "<opml version=\"2.0\">\n  <head>\n");
	if (title) {
		px_buf_puts(&b, "    <title>");
		put_escaped(&b, title);
		px_buf_puts(&b, "</title>\n");
	}
	px_buf_puts(&b, "  </head>\n  <body>\n");
	for (size_t i = 0; i < n; i++) {
		const char *text = o[i].title && *o[i].title ? o[i].title : o[i].url;
		px_buf_puts(&b, "    <outline type=\"rss\"");
		put_attr(&b, "text", text);
		put_attr(&b, "title", o[i].title && *o[i].title ? o[i].title : NULL);
		put_attr(&b, "xmlUrl", o[i].url);
		put_attr(&b, "htmlUrl", o[i].site_url);
		px_buf_puts(&b, "/>\n");
	}
	px_buf_puts(&b, "  </body>\n</opml>\n");
	return px_buf_steal(&b);
}
