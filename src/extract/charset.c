/*
 * charset.c — a page's bytes to UTF-8, the way a browser decides.
 *
 * The order is the HTML standard's: a byte order mark, then the HTTP
 * header's charset, then a <meta charset> or <meta http-equiv> (or an XML
 * declaration) in the first 4 KiB, then a guess.  The guess trusts bytes
 * that read as UTF-8 (nearly every page today), a few broken bytes
 * allowed (px_utf8_mostly), and otherwise asks ICU's detector;
 * windows-1252 is the last resort.  Labels are mapped as the
 * Encoding standard does: "iso-8859-1", "latin1" and "ascii" all mean
 * windows-1252, and a page that declares UTF-16 in its markup is not
 * (markup that can be read as ASCII cannot be UTF-16).  ICU converts; bytes
 * invalid in the encoding become U+FFFD.  UTF-8 input is returned as is:
 * gumbo replaces its invalid bytes itself.
 *
 * Plain text (px_charset_text_to_utf8, for text files) declares nothing:
 * a byte order mark, else the guess; and it comes out valid (broken
 * UTF-8 bytes mended to U+FFFD).
 */
#include "charset.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>
#include <unicode/ucnv.h>

#include "util/detect.h"
#include "util/error.h"
#include "util/utf8.h"

/* Copies the label starting at P (up to a quote, ';', space or '>') into
 * OUT, lower-cased; 1 if it is not empty. */
static int take_label(const char *p, const char *end, char *out, size_t size)
{
	while (p < end && (*p == ' ' || *p == '"' || *p == '\'' || *p == '='))
		p++;
	size_t k = 0;
	while (p < end && k + 1 < size && *p != '"' && *p != '\'' && *p != ';' &&
	       *p != ' ' && *p != '>' && *p != '/' && *p != ',' &&
	       (unsigned char)*p > ' ' && (unsigned char)*p < 0x7f) /* labels are ASCII */
		out[k++] = (char)tolower((unsigned char)*p++);
	out[k] = '\0';
	return k > 0;
}

/* The charset parameter of a Content-Type value. */
static int from_content_type(const char *ct, char *out, size_t size)
{
	if (!ct)
		return 0;
	for (const char *p = ct; *p; p++)
		if (!strncasecmp(p, "charset", 7)) {
			const char *q = p + 7;
			while (*q == ' ')
				q++;
			if (*q == '=')
				return take_label(q + 1, q + 1 + strlen(q + 1), out, size);
		}
	return 0;
}

static const char *find_ci(const char *s, const char *end, const char *needle)
{
	size_t k = strlen(needle);
	for (const char *p = s; p + k <= end; p++)
		if (!strncasecmp(p, needle, k))
			return p;
	return NULL;
}

/* <meta charset=X>, <meta http-equiv=content-type content="...charset=X">
 * or <?xml ... encoding="X"?> near the start of the page. */
static int prescan(const char *s, size_t n, char *out, size_t size)
{
	const char *end = s + (n < 4096 ? n : 4096);
	if (n > 5 && !strncmp(s, "<?xml", 5)) {
		const char *q = memchr(s, '>', (size_t)(end - s));
		const char *e = q ? find_ci(s, q, "encoding") : NULL;
		if (e && take_label(e + 8, q, out, size))
			return 1;
	}
	for (const char *p = s; (p = find_ci(p, end, "<meta")) != NULL; p += 5) {
		const char *q = memchr(p, '>', (size_t)(end - p));
		if (!q)
			break;
		const char *c = find_ci(p, q, "charset");
		if (!c)
			continue;
		c += 7;
		while (c < q && *c == ' ')
			c++;
		if (c < q && *c == '=' && take_label(c + 1, q, out, size))
			return 1;
	}
	return 0;
}

/* The Encoding standard's labels (https://encoding.spec.whatwg.org/): a
 * label maps to the name ICU converts from; any other label — utf-32,
 * utf-7 (which can hide markup), a typo — counts as no declaration, as in
 * a browser. */
static const struct { const char *label, *name; } labels[] = {
	{ "utf-8", "utf-8" }, { "utf8", "utf-8" }, { "unicode-1-1-utf-8", "utf-8" },
	{ "unicode11utf8", "utf-8" }, { "unicode20utf8", "utf-8" }, { "x-unicode20utf8", "utf-8" },
	{ "windows-1252", "windows-1252" }, { "cp1252", "windows-1252" },
	{ "x-cp1252", "windows-1252" }, { "iso-8859-1", "windows-1252" },
	{ "iso8859-1", "windows-1252" }, { "iso88591", "windows-1252" },
	{ "iso_8859-1", "windows-1252" }, { "iso_8859-1:1987", "windows-1252" },
	{ "iso-ir-100", "windows-1252" }, { "csisolatin1", "windows-1252" },
	{ "latin1", "windows-1252" }, { "l1", "windows-1252" }, { "ascii", "windows-1252" },
	{ "us-ascii", "windows-1252" }, { "ansi_x3.4-1968", "windows-1252" },
	{ "cp819", "windows-1252" }, { "ibm819", "windows-1252" },
	{ "windows-1250", "windows-1250" }, { "cp1250", "windows-1250" },
	{ "windows-1251", "windows-1251" }, { "cp1251", "windows-1251" },
	{ "windows-1253", "windows-1253" }, { "windows-1254", "windows-1254" },
	{ "iso-8859-9", "windows-1254" }, { "latin5", "windows-1254" },
	{ "windows-1255", "windows-1255" }, { "windows-1256", "windows-1256" },
	{ "windows-1257", "windows-1257" }, { "windows-1258", "windows-1258" },
	{ "windows-874", "windows-874" }, { "tis-620", "windows-874" },
	{ "iso-8859-11", "windows-874" },
	{ "iso-8859-2", "iso-8859-2" }, { "latin2", "iso-8859-2" },
	{ "iso-8859-3", "iso-8859-3" }, { "iso-8859-4", "iso-8859-4" },
	{ "iso-8859-5", "iso-8859-5" }, { "iso-8859-6", "iso-8859-6" },
	{ "iso-8859-7", "iso-8859-7" }, { "greek", "iso-8859-7" },
	{ "iso-8859-8", "iso-8859-8" }, { "iso-8859-8-i", "iso-8859-8" },
	{ "iso-8859-10", "iso-8859-10" }, { "iso-8859-13", "iso-8859-13" },
	{ "iso-8859-14", "iso-8859-14" }, { "iso-8859-15", "iso-8859-15" },
	{ "latin9", "iso-8859-15" }, { "iso-8859-16", "iso-8859-16" },
	{ "koi8-r", "koi8-r" }, { "koi8", "koi8-r" }, { "koi", "koi8-r" },
	{ "koi8_r", "koi8-r" }, { "koi8-u", "koi8-u" }, { "koi8-ru", "koi8-u" },
	{ "ibm866", "ibm866" }, { "cp866", "ibm866" }, { "866", "ibm866" },
	{ "macintosh", "macintosh" }, { "mac", "macintosh" }, { "x-mac-roman", "macintosh" },
	{ "x-mac-cyrillic", "x-mac-cyrillic" },
	{ "gbk", "gb18030" }, { "gb2312", "gb18030" }, { "gb18030", "gb18030" },
	{ "x-gbk", "gb18030" }, { "chinese", "gb18030" }, { "csgb2312", "gb18030" },
	{ "big5", "big5" }, { "big5-hkscs", "big5" }, { "cn-big5", "big5" }, { "x-x-big5", "big5" },
	{ "euc-jp", "euc-jp" }, { "x-euc-jp", "euc-jp" }, { "iso-2022-jp", "iso-2022-jp" },
	{ "shift_jis", "shift_jis" }, { "shift-jis", "shift_jis" }, { "sjis", "shift_jis" },
	{ "x-sjis", "shift_jis" }, { "ms932", "shift_jis" }, { "ms_kanji", "shift_jis" },
	{ "windows-31j", "shift_jis" }, { "euc-kr", "euc-kr" }, { "korean", "euc-kr" },
	{ "ks_c_5601-1987", "euc-kr" }, { "windows-949", "euc-kr" },
	{ "utf-16", "utf-16le" }, { "utf-16le", "utf-16le" }, { "utf-16be", "utf-16be" },
};

/* The name LABEL (lower case) stands for, or NULL if it is not a label. */
static const char *canonical_label(const char *label)
{
	for (size_t i = 0; i < sizeof(labels) / sizeof(*labels); i++)
		if (!strcmp(label, labels[i].label))
			return labels[i].name;
	return NULL;
}

static int is_utf8_label(const char *label)
{
	return !strcmp(label, "utf-8");
}

/* Converts with ICU; 0 and the UTF-8 text, or -1 if ICU has no converter. */
static int convert(const char *from, const char *in, size_t n, px_arena *a,
                   const char **out, size_t *out_n)
{
	UErrorCode e = U_ZERO_ERROR;
	UConverter *cv = ucnv_open(from, &e);
	if (U_FAILURE(e))
		return -1;
	ucnv_close(cv);
	if (n > INT32_MAX / 4)
		return -1;
	e = U_ZERO_ERROR;
	int32_t len = ucnv_convert("UTF-8", from, NULL, 0, in, (int32_t)n, &e);
	if (e != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(e))
		return -1;
	char *buf = px_arena_alloc(a, (size_t)len + 1);
	e = U_ZERO_ERROR;
	len = ucnv_convert("UTF-8", from, buf, len + 1, in, (int32_t)n, &e);
	if (U_FAILURE(e))
		return -1;
	buf[len] = '\0';
	*out = buf;
	*out_n = (size_t)len;
	return 0;
}

static const char *detect(const char *s, size_t n, px_arena *a)
{
	const char *name = px_charset_detect(s, n, 20);
	const char *r = "windows-1252";
	if (name) {
		char *lower = px_arena_strdup(a, name);
		for (char *p = lower; *p; p++)
			*p = (char)tolower((unsigned char)*p);
		r = canonical_label(lower); /* ICU says ISO-8859-1 for windows-1252 */
		if (!r || !strncmp(r, "utf-16", 6))
			r = "windows-1252";
	}
	return r;
}

/* A byte order mark: 1 and OUT decoded (0 and OUT untouched without one;
 * -1 after a message when its UTF-16 cannot be decoded). */
static int by_bom(const char *in, size_t n, px_arena *a, px_decoded *out, px_error *err)
{
	const unsigned char *u = (const unsigned char *)in;
	if (n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
		*out = (px_decoded){ in + 3, n - 3, "utf-8" };
		return 1;
	}
	if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
		const char *cs = u[0] == 0xFF ? "utf-16le" : "utf-16be";
		if (convert(cs, in + 2, n - 2, a, &out->text, &out->len) < 0)
			return px_fail(err, PX_EINVAL, "cannot decode the bytes as %s", cs), -1;
		out->charset = cs;
		return 1;
	}
	return 0;
}

int px_charset_to_utf8(const char *in, size_t n, const char *content_type,
                       px_arena *a, px_decoded *out, px_error *err)
{
	char label[64] = "";
	*out = (px_decoded){ in, n, "utf-8" };
	int bom = by_bom(in, n, a, out, err);
	if (bom)
		return bom < 0 ? PX_EINVAL : 0;
	int declared = from_content_type(content_type, label, sizeof(label)) ||
	               prescan(in, n, label, sizeof(label));
	const char *cs = declared ? canonical_label(label) : NULL;
	if (cs && !strncmp(cs, "utf-16", 6))
		cs = "utf-8"; /* markup readable as ASCII is not UTF-16 */
	if (!cs)
		cs = px_utf8_mostly(in, n) ? "utf-8" : detect(in, n, a);
	if (is_utf8_label(cs))
		return 0;
	if (convert(cs, in, n, a, &out->text, &out->len) < 0) {
		/* An unknown label: decode as a browser would with no label. */
		cs = px_utf8_mostly(in, n) ? "utf-8" : "windows-1252";
		if (is_utf8_label(cs))
			return 0;
		if (convert(cs, in, n, a, &out->text, &out->len) < 0)
			return px_fail(err, PX_EINVAL, "cannot decode the page (charset '%s')", label);
	}
	out->charset = px_arena_strdup(a, cs);
	return 0;
}

int px_charset_text_to_utf8(const char *in, size_t n, px_arena *a, px_decoded *out,
                            px_error *err)
{
	*out = (px_decoded){ in, n, "utf-8" };
	int bom = by_bom(in, n, a, out, err);
	if (bom < 0)
		return PX_EINVAL;
	if (!bom && !px_utf8_mostly(in, n))
		out->charset = detect(in, n, a);
	/* UTF-16 comes out of ICU valid; UTF-8 with broken bytes is mended
	 * (U+FFFD), another encoding converted */
	if (px_utf8_valid(out->text, out->len) || (bom && strcmp(out->charset, "utf-8")))
		return 0;
	if (convert(out->charset, out->text, out->len, a, &out->text, &out->len) < 0)
		return px_fail(err, PX_EINVAL, "cannot decode the text as %s", out->charset);
	return 0;
}
