/*
 * encoding.c — which character encoding a feed is in, by RFC 3023's rules
 * as feedparser applies them, and the bytes converted to UTF-8 (iconv).
 *
 * The declared encoding comes from, in order of authority:
 *   - the HTTP Content-Type: application/xml and application/ *+xml take
 *     its charset, else the XML declaration's, else UTF-8; text/xml and
 *     text/ *+xml take its charset, else US-ASCII (RFC 3023 says so, and
 *     real servers get it wrong, which is why the fallbacks below exist);
 *     any other text/ type likewise, but the feed is then flagged: it is
 *     not served as XML;
 *   - without HTTP (a file): the XML declaration, else a byte-order mark,
 *     else UTF-8.
 * GB2312 is read as GB18030, its superset.  When the declared encoding
 * cannot decode the bytes, the XML declaration's, the BOM's, the one ICU's
 * detector is sure of (util/detect.c: Big5, EUC-KR, Shift_JIS, GB18030
 * ... undeclared), uchardet's (TIS-620 ...), UTF-8, windows-1252 and
 * ISO-8859-2 are tried in turn;
 * the first that decodes wins and the feed is flagged ("declared as X, but
 * parsed as Y").  A guess is named as IANA registers it ("Shift_JIS"),
 * GB18030 as GB2312 when the bytes are within GB2312.
 */
#include "encoding.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/arena.h"
#include "util/detect.h"
#include "util/utf8.h"

/* The encoding a byte-order mark (or the first bytes of "<?xml" in a
 * 16/32-bit form) says, and how many bytes the mark takes. */
static const char *bom_encoding(const unsigned char *d, size_t n, size_t *skip)
{
	*skip = 0;
	if (n >= 4 && !memcmp(d, "\x00\x00\xFE\xFF", 4))
		return *skip = 4, "utf-32be";
	if (n >= 4 && !memcmp(d, "\xFF\xFE\x00\x00", 4))
		return *skip = 4, "utf-32le";
	if (n >= 4 && !memcmp(d, "\xFE\xFF", 2) && memcmp(d + 2, "\x00\x00", 2))
		return *skip = 2, "utf-16be";
	if (n >= 4 && !memcmp(d, "\xFF\xFE", 2) && memcmp(d + 2, "\x00\x00", 2))
		return *skip = 2, "utf-16le";
	if (n >= 3 && !memcmp(d, "\xEF\xBB\xBF", 3))
		return *skip = 3, "utf-8";
	if (n >= 4 && !memcmp(d, "\x4C\x6F\xA7\x94", 4))
		return "cp037";
	if (n >= 4 && !memcmp(d, "\x00\x3C\x00\x3F", 4))
		return "utf-16be";
	if (n >= 4 && !memcmp(d, "\x3C\x00\x3F\x00", 4))
		return "utf-16le";
	if (n >= 4 && !memcmp(d, "\x00\x00\x00\x3C", 4))
		return "utf-32be";
	if (n >= 4 && !memcmp(d, "\x3C\x00\x00\x00", 4))
		return "utf-32le";
	return NULL;
}

/* S (N bytes) converted from ENC to UTF-8 in A (S itself when it is UTF-8
 * already); NULL if ENC is unknown or the bytes are not ENC. */
static char *convert(px_arena *a, const char *enc, const char *s, size_t n, size_t *out_n)
{
	/* Most feeds are UTF-8 or ASCII: checked, not converted (iconv_open
	 * loads a gconv module each time: most of a small feed's parse). */
	if (!strcasecmp(enc, "utf-8") || !strcasecmp(enc, "utf8")) {
		if (!px_utf8_valid(s, n))
			return NULL;
		*out_n = n;
		return (char *)s;
	}
	if (!strcasecmp(enc, "us-ascii") || !strcasecmp(enc, "ascii")) {
		for (size_t i = 0; i < n; i++)
			if ((unsigned char)s[i] >= 0x80 || !s[i])
				return NULL;
		*out_n = n;
		return (char *)s;
	}
	iconv_t cd = iconv_open("UTF-8", enc);
	if (cd == (iconv_t)-1)
		return NULL;
	size_t cap = n * 4 + 16;
	char *out = px_arena_alloc(a, cap), *o = out;
	char *in = (char *)s;
	size_t in_left = n, out_left = cap - 1;
	size_t rc = iconv(cd, &in, &in_left, &o, &out_left);
	int ok = rc != (size_t)-1 && in_left == 0;
	if (ok) /* flush any shift state */
		ok = iconv(cd, NULL, NULL, &o, &out_left) != (size_t)-1;
	iconv_close(cd);
	if (!ok)
		return NULL;
	*o = 0;
	*out_n = (size_t)(o - out);
	return out;
}

/* The encoding named in the XML declaration of D (already UTF-8 or
 * ASCII-compatible), lower-cased, in A; NULL if none. */
static const char *declared(px_arena *a, const char *d, size_t n)
{
	if (n < 6 || strncmp(d, "<?xml", 5))
		return NULL;
	const char *end = memchr(d, '>', n < 512 ? n : 512);
	if (!end)
		return NULL;
	for (const char *p = d; p + 8 < end; p++) {
		if (strncmp(p, "encoding", 8))
			continue;
		p += 8;
		while (p < end && (*p == ' ' || *p == '='))
			p++;
		if (p >= end || (*p != '"' && *p != '\''))
			return NULL;
		char q = *p++;
		const char *e = memchr(p, q, (size_t)(end - p));
		if (!e || e == p)
			return NULL;
		char *v = px_arena_strndup(a, p, (size_t)(e - p));
		for (char *c = v; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		return v;
	}
	return NULL;
}

static const char *superset(const char *enc)
{
	return enc && !strcasecmp(enc, "gb2312") ? "gb18030" : enc;
}

static int is_wide(const char *e)
{
	static const char *const wide[] = { "u16", "utf-16", "utf16", "utf_16", "u32", "utf-32",
	                                    "utf32", "utf_32", "iso-10646-ucs-2",
	                                    "iso-10646-ucs-4", "csucs4", "csunicode", "ucs-2",
	                                    "ucs-4" };
	for (size_t i = 0; i < sizeof(wide) / sizeof(*wide); i++)
		if (!strcasecmp(e, wide[i]))
			return 1;
	return 0;
}

/* The detector's guess when it is sure (CJK multi-byte text scores 100;
 * single-byte guesses rarely pass 50, and windows-1252 comes later
 * anyway); GB18030 named GB2312 when the bytes are within it. */
static const char *guess(px_arena *a, const char *s, size_t n)
{
	const char *g = px_charset_detect(s, n, 50);
	size_t k;
	if (g && !strcasecmp(g, "GB18030") && convert(a, "GB2312", s, n, &k))
		g = "GB2312";
	return g;
}

int feed_decode(px_arena *a, const char *data, size_t n, const char *content_type,
                int from_http, feed_decoded *out)
{
	memset(out, 0, sizeof(*out));
	size_t skip;
	const char *bom = bom_encoding((const unsigned char *)data, n, &skip);
	const char *body = data + skip;
	size_t body_n = n - skip;

	/* The XML declaration, read in the BOM's encoding when there is one. */
	const char *xml_enc = NULL;
	if (bom) {
		size_t k;
		char *head = convert(a, bom, body, body_n < 1024 ? body_n & ~(size_t)3 : 1024, &k);
		if (head)
			xml_enc = declared(a, head, k);
		if (xml_enc && is_wide(xml_enc))
			xml_enc = bom;
	} else {
		xml_enc = declared(a, body, body_n);
	}
	xml_enc = superset(xml_enc);

	/* The media type and its charset. */
	char type[128] = "", charset[64] = "";
	if (content_type) {
		size_t k = strcspn(content_type, "; \t");
		snprintf(type, sizeof(type), "%.*s", (int)(k < 127 ? k : 127), content_type);
		for (char *c = type; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		/* Parameters: "; name = value", the value maybe quoted. */
		for (const char *p = strchr(content_type, ';'); p; p = strchr(p, ';')) {
			p++;
			while (*p == ' ' || *p == '\t')
				p++;
			if (strncasecmp(p, "charset", 7))
				continue;
			const char *v = p + 7;
			while (*v == ' ' || *v == '\t')
				v++;
			if (*v != '=')
				continue;
			v++;
			while (*v == ' ' || *v == '\t' || *v == '"' || *v == '\'')
				v++;
			size_t m = strcspn(v, "\"'; \t");
			snprintf(charset, sizeof(charset), "%.*s", (int)(m < 63 ? m : 63), v);
			break;
		}
	}
	size_t tl = strlen(type);
	int plus_xml = tl > 4 && !strcmp(type + tl - 4, "+xml");
	int app_xml = !strcmp(type, "application/xml") || !strcmp(type, "application/xml-dtd") ||
	              !strcmp(type, "application/xml-external-parsed-entity") ||
	              (!strncmp(type, "application/", 12) && plus_xml);
	int text_xml = !strcmp(type, "text/xml") || !strcmp(type, "text/xml-external-parsed-entity") ||
	               (!strncmp(type, "text/", 5) && plus_xml);
	const char *chosen;
	if (app_xml)
		chosen = *charset ? charset : xml_enc ? xml_enc : "utf-8";
	else if (text_xml || !strncmp(type, "text/", 5))
		chosen = *charset ? charset : "us-ascii";
	else if (from_http && !content_type)
		chosen = xml_enc ? xml_enc : "iso-8859-1";
	else
		chosen = xml_enc ? xml_enc : "utf-8";
	chosen = px_arena_strdup(a, superset(chosen));
	if (from_http && !app_xml && !text_xml)
		out->bozo = content_type ? px_arena_printf(a, "%s is not an XML media type", content_type)
		                         : "no Content-type specified";

	enum { GUESS = 3, SECOND = 4 }; /* the detectors' slots, filled when reached */
	const char *tries[] = { chosen, xml_enc, bom, NULL, NULL, "utf-8", "windows-1252",
		                "iso-8859-2" };
	for (size_t i = 0; i < sizeof(tries) / sizeof(*tries); i++) {
		if (i == GUESS)
			tries[i] = guess(a, body, body_n);
		if (i == SECOND) /* when ICU's guess did not decode the bytes */
			tries[i] = px_charset_detect_second(body, body_n);
		if (!tries[i])
			continue;
		int seen = 0;
		for (size_t j = 0; j < i; j++)
			seen |= tries[j] && !strcasecmp(tries[j], tries[i]);
		if (seen)
			continue;
		size_t k;
		char *u = convert(a, tries[i], body, body_n, &k);
		if (!u)
			continue;
		out->text = u;
		out->len = k;
		out->encoding = tries[i];
		if (i > 0)
			out->bozo = px_arena_printf(a, "document declared as %s, but parsed as %s",
			                            chosen, tries[i]);
		return 0;
	}
	out->bozo = px_arena_printf(a, "document encoding unknown, I tried %s, %s, utf-8, "
	                               "windows-1252, and iso-8859-2 but nothing worked",
	                            chosen, xml_enc ? xml_enc : "");
	return -1;
}
