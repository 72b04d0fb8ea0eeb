/*
 * normalize.c — making outside text safe to work on, and case folding.
 *
 * Outside bytes may be anything: a page in Latin-1 that claims UTF-8, a
 * truncated multi-byte sequence, NULs.  px_utf8_clean() replaces every
 * invalid sequence with U+FFFD (one per bad byte, as the WHATWG decoder
 * does), turns CR and CRLF into LF and non-breaking and other Unicode spaces
 * into plain spaces, drops other control characters, and then composes the
 * result to NFC with utf8proc, so that "é" typed two ways is one string.
 */
#include "text.h"

#include <string.h>
#include <utf8proc.h>

#include "util/buf.h"

char *px_utf8_clean(px_arena *a, const char *s, size_t n, size_t *out_len)
{
	px_buf b = PX_BUF_INIT;
	px_buf_grow(&b, n);
	int ascii = 1;
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s;
	const utf8proc_uint8_t *end = p + n;
	while (p < end) {
		if (*p < 0x80) {
			unsigned char c = *p++;
			if (c == '\r') {
				if (p < end && *p == '\n')
					p++;
				px_buf_putc(&b, '\n');
			} else if (c == '\n' || c == '\t' || c >= 0x20) {
				px_buf_putc(&b, c == '\t' ? ' ' : (char)c);
			}
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p, end - p, &cp);
		if (k < 1) {
			px_buf_add(&b, "\xEF\xBF\xBD", 3);
			p++;
			ascii = 0;
			continue;
		}
		p += k;
		utf8proc_category_t cat = utf8proc_category(cp);
		if (cat == UTF8PROC_CATEGORY_ZS) {
			px_buf_putc(&b, ' ');
		} else if (cp == 0x2028 || cp == 0x2029) {
			px_buf_putc(&b, '\n');
		} else if (cat == UTF8PROC_CATEGORY_CC ||
		           (cat == UTF8PROC_CATEGORY_CF && cp != 0x200D)) {
			/* controls, soft hyphens, zero-width marks: invisible noise */
		} else {
			px_buf_add(&b, p - k, (size_t)k);
			ascii = 0;
		}
	}
	if (!ascii) {
		utf8proc_uint8_t *nfc = NULL;
		utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)px_buf_str(&b),
		                                  (utf8proc_ssize_t)b.len, &nfc,
		                                  UTF8PROC_STABLE | UTF8PROC_COMPOSE);
		if (m >= 0) {
			char *r = px_arena_strndup(a, (const char *)nfc, (size_t)m);
			free(nfc);
			px_buf_free(&b);
			*out_len = (size_t)m;
			return r;
		}
		free(nfc);
	}
	char *r = px_arena_strndup(a, px_buf_str(&b), b.len);
	*out_len = b.len;
	px_buf_free(&b);
	return r;
}

size_t px_casefold(const char *word, size_t n, char *buf, size_t size)
{
	size_t o = 0;
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)word;
	const utf8proc_uint8_t *end = p + n;
	while (p < end && o + 4 < size) {
		if (*p < 0x80) {
			unsigned char c = *p++;
			buf[o++] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p, end - p, &cp);
		if (k < 1) {
			p++;
			continue;
		}
		p += k;
		if (cp == 0x2019 || cp == 0x2018) /* typographic apostrophes */
			cp = '\'';
		o += (size_t)utf8proc_encode_char(utf8proc_tolower(cp),
		                                  (utf8proc_uint8_t *)buf + o);
	}
	buf[o] = '\0';
	return o;
}
