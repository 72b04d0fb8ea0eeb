/*
 * buf.h — a growable byte string, always NUL-terminated.
 * The buffer owns its bytes (malloc'd); px_buf_free releases them and
 * px_buf_steal hands them to the caller.
 */
#ifndef PX_BUF_H
#define PX_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct px_buf {
	char *s;
	size_t len, cap;
} px_buf;

#define PX_BUF_INIT { NULL, 0, 0 }

void px_buf_grow(px_buf *b, size_t extra);
void px_buf_add(px_buf *b, const void *p, size_t n);
void px_buf_puts(px_buf *b, const char *s);
void px_buf_putc(px_buf *b, char c);
void px_buf_printf(px_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void px_buf_vprintf(px_buf *b, const char *fmt, va_list ap);
void px_buf_reset(px_buf *b);
void px_buf_free(px_buf *b);
char *px_buf_steal(px_buf *b);
/* The contents, "" when empty (never NULL). */
const char *px_buf_str(const px_buf *b);

#endif
