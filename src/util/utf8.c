/* utf8.c — see utf8.h.  Decoding is utf8proc's, so "valid" means what the
 * Unicode standard says (no overlongs, no surrogates, nothing past U+10FFFF). */
#include "utf8.h"
#include "buf.h"

#include <utf8proc.h>

int px_utf8_valid(const char *s, size_t n)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s, *end = p + n;
	while (p < end) {
		if (*p && *p < 0x80) {
			p++;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p, end - p, &cp);
		if (k < 1 || cp == 0)
			return 0;
		p += k;
	}
	return 1;
}

int px_utf8_mostly(const char *s, size_t n)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s, *end = p + n;
	size_t good = 0, bad = 0;
	while (p < end) {
		if (*p < 0x80) {
			p++;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p, end - p, &cp);
		if (k < 1) {
			bad++;
			p++;
		} else {
			good++;
			p += k;
		}
	}
	return bad == 0 || good > bad;
}

char *px_utf8_fix(const char *s, size_t n, size_t *out_len)
{
	px_buf b = PX_BUF_INIT;
	px_buf_grow(&b, n);
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s, *end = p + n;
	while (p < end) {
		if (*p < 0x80) {
			if (*p)
				px_buf_putc(&b, (char)*p);
			p++;
			continue;
		}
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p, end - p, &cp);
		if (k < 1) {
			px_buf_add(&b, "\xEF\xBF\xBD", 3);
			p++;
		} else {
			px_buf_add(&b, p, (size_t)k);
			p += k;
		}
	}
	*out_len = b.len;
	return px_buf_steal(&b);
}
