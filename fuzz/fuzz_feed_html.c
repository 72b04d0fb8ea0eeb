/* fuzz_feed_html.c — libFuzzer target: any bytes as the HTML of a feed
 * field through feed_html_sanitize, feed_html_resolve and feed_html_text.
 * None may crash, leak or run away; every result is valid UTF-8; the text
 * has no runs of spaces or blank lines and no space at either end; and
 * the sanitised HTML passes a checker written apart from the sanitiser,
 * which reads it as a browser would: every '<' opens an end tag, a start
 * tag of a name not on a deny list, or a comment a browser ends where it
 * ends; no attribute is an event handler; no URL attribute is a
 * javascript:, vbscript: or data: URL once references are decoded.
 *
 * An input whose first byte is below 0x08 spends it on the base URL (one
 * of eight); any other input is the fragment alone, without a base:
 *
 *   make fuzz
 *   mkdir -p build-fuzz/corpus-feed-html
 *   build-fuzz/fuzz/fuzz_feed_html -max_total_time=600 -timeout=10 \
 *       -dict=fuzz/fuzz_feed_html.dict build-fuzz/corpus-feed-html
 *
 * (what it found is at the end of tests/test_feed_html.c).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "feed/html.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const bases[8] = {
	NULL,
	"http://example.com/news/today.html",
	"https://example.com/",
	"http://example.com/a/b/c?q=1#f",
	"feed/",
	"http://[::1]:8080/d/",
	"mailto:x@example.com",
	"file:///tmp/x/",
};

/* Names a sanitised fragment may never open. */
static const char *const denied[] = {
	"applet", "base", "embed", "frame", "frameset", "iframe", "link", "meta", "noembed",
	"noframes", "object", "plaintext", "script", "style", "template", "xmp",
};

static const char *const url_attrs[] = {
	"action", "background", "cite", "data", "formaction", "href", "lowsrc", "dynsrc",
	"poster", "src", "xlink:href", "longdesc", "usemap", "xml:base", "icon", "ping",
};

static int in_list(const char *const *list, size_t n, const char *s, size_t k)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(list[i]) == k && strncasecmp(list[i], s, k) == 0)
			return 1;
	return 0;
}

/* The scheme a browser reads in the attribute value V (K bytes, as written)
 * is dangerous. */
static int bad_url(const char *v, size_t k)
{
	char scheme[16];
	size_t n = 0;
	for (size_t i = 0; i < k;) {
		unsigned long c = (unsigned char)v[i++];
		if (c == '&' && i < k && v[i] == '#') {
			int hex = i + 1 < k && (v[i + 1] == 'x' || v[i + 1] == 'X');
			size_t j = i + 1 + (size_t)hex;
			unsigned long x = 0;
			int digits = 0;
			for (; j < k; j++, digits++) {
				char d = v[j];
				int dv = d >= '0' && d <= '9' ? d - '0'
				       : hex && (d | 32) >= 'a' && (d | 32) <= 'f' ? (d | 32) - 'a' + 10 : -1;
				if (dv < 0)
					break;
				x = x > 0x10FFFF ? x : x * (hex ? 16 : 10) + (unsigned long)dv;
			}
			if (digits) {
				c = x;
				i = j + (j < k && v[j] == ';');
			}
		} else if (c == '&') {
			static const struct { const char *name; char c; } refs[] = {
				{ "colon;", ':' }, { "Tab;", '\t' }, { "NewLine;", '\n' },
			};
			for (size_t r = 0; r < 3; r++)
				if (k - i >= strlen(refs[r].name) && !strncmp(v + i, refs[r].name, strlen(refs[r].name))) {
					c = (unsigned char)refs[r].c;
					i += strlen(refs[r].name);
				}
		}
		if (c == '\t' || c == '\n' || c == '\r' || (n == 0 && c <= 0x20))
			continue;
		if (c == ':') {
			scheme[n] = '\0';
			return !strcasecmp(scheme, "javascript") || !strcasecmp(scheme, "vbscript") ||
			       !strcasecmp(scheme, "data");
		}
		if (n + 1 >= sizeof(scheme) || c >= 0x80)
			return 0;
		scheme[n++] = (char)c;
	}
	return 0;
}

/* Aborts unless the sanitiser's output S reads as safe HTML. */
static void check_safe(const char *s)
{
	for (const char *p = s; (p = strchr(p, '<')) != NULL;) {
		if (!strncmp(p, "<!--", 4)) {
			const char *t = p + 4, *e = strstr(t, "-->");
			if (!e || *t == '>' || !strncmp(t, "->", 2))
				abort();
			size_t k = (size_t)(e - t);
			const char *bang = strstr(t, "--!>"), *open = strstr(t, "<!--");
			if ((bang && bang < e) || (open && open + 4 <= e) || (k >= 3 && !strncmp(e - 3, "<!-", 3)))
				abort();
			p = e + 3;
			continue;
		}
		int end = p[1] == '/';
		const char *name = p + 1 + end, *q = name;
		while ((*q | 32) >= 'a' && (*q | 32) <= 'z')
			q++;
		while (((*q | 32) >= 'a' && (*q | 32) <= 'z') || (*q >= '0' && *q <= '9') || *q == '-' || *q == ':')
			q++;
		if (q == name || in_list(denied, sizeof(denied) / sizeof(*denied), name, (size_t)(q - name)))
			abort();
		if (end) {
			if (*q != '>')
				abort();
			p = q + 1;
			continue;
		}
		/* the writer's form:  name="value" ... then > or /> */
		while (*q == ' ' && q[1] != '/') {
			const char *an = ++q;
			while (*q && *q != '=' && *q != ' ' && *q != '>')
				q++;
			size_t ak = (size_t)(q - an);
			if (q[0] != '=' || q[1] != '"' || ak == 0 || !strncasecmp(an, "on", 2) ||
			    (ak == 6 && !strncasecmp(an, "srcdoc", 6)))
				abort();
			const char *v = q + 2, *ve = strchr(v, '"');
			if (!ve || memchr(v, '<', (size_t)(ve - v)) || memchr(v, '>', (size_t)(ve - v)))
				abort();
			if (in_list(url_attrs, sizeof(url_attrs) / sizeof(*url_attrs), an, ak) &&
			    bad_url(v, (size_t)(ve - v)))
				abort();
			q = ve + 1;
		}
		if (!strncmp(q, " />", 3))
			q += 2;
		if (*q != '>')
			abort();
		p = q + 1;
	}
}

/* Aborts unless T is plain text as feed_html_text promises it. */
static void check_text(const char *t)
{
	size_t n = strlen(t);
	if (n && (t[0] == ' ' || t[0] == '\n' || t[n - 1] == ' ' || t[n - 1] == '\n'))
		abort();
	if (strstr(t, "  ") || strstr(t, "\n\n\n") || strstr(t, " \n") || strstr(t, "\n "))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *base = NULL;
	if (size && data[0] < 8) {
		base = bases[data[0]];
		data++, size--;
	}
	/* An exact-size copy, so reading past the fragment is caught. */
	char *s = malloc(size ? size : 1);
	if (size)
		memcpy(s, data, size);
	px_arena *a = px_arena_new(0);
	const char *r[3] = {
		feed_html_sanitize(s, size, base, a),
		feed_html_resolve(s, size, base, a),
		feed_html_text(s, size, a),
	};
	for (int i = 0; i < 3; i++)
		if (!r[i] || !px_utf8_valid(r[i], strlen(r[i])))
			abort();
	check_safe(r[0]);
	check_text(r[2]);
	px_arena_free(a);
	free(s);
	return 0;
}
