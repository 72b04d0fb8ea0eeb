/* charset.h — a page's bytes decoded to UTF-8 (internal to extract/; see
 * charset.c for the order in which the encoding is decided). */
#ifndef PX_EXTRACT_CHARSET_H
#define PX_EXTRACT_CHARSET_H

#include <stddef.h>

#include "parallax.h"
#include "util/arena.h"

typedef struct px_decoded {
	const char *text;      /* the input itself when it is UTF-8, else in the arena */
	size_t len;
	const char *charset;   /* "utf-8", "windows-1252", "shift_jis" ... */
} px_decoded;

/* Decodes IN (N bytes); CONTENT_TYPE is the HTTP header or NULL.  Fails
 * only when the bytes cannot be decoded at all. */
int px_charset_to_utf8(const char *in, size_t n, const char *content_type,
                       px_arena *a, px_decoded *out, px_error *err);

/* The same for plain text, which declares nothing: a byte order mark, else
 * UTF-8 when the bytes read as UTF-8 (a few broken ones allowed), else what
 * ICU's detector finds (windows-1252 when it finds nothing sure).  Unlike a page's, the text is always valid
 * UTF-8 (a NUL byte stays one). */
int px_charset_text_to_utf8(const char *in, size_t n, px_arena *a, px_decoded *out,
                            px_error *err);

#endif
