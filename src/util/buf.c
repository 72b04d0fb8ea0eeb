/* buf.c — see buf.h. Growth doubles the capacity, so appends are amortised O(1). */
#include "buf.h"
#include "arena.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void px_buf_grow(px_buf *b, size_t extra)
{
	if (b->len + extra + 1 <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 64;
	while (cap < b->len + extra + 1)
		cap *= 2;
	b->s = px_xrealloc(b->s, cap);
	b->cap = cap;
	b->s[b->len] = '\0'; /* a new buffer is "" until something is added */
}

void px_buf_add(px_buf *b, const void *p, size_t n)
{
	px_buf_grow(b, n);
	memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void px_buf_puts(px_buf *b, const char *s)
{
	px_buf_add(b, s, strlen(s));
}

void px_buf_putc(px_buf *b, char c)
{
	px_buf_grow(b, 1);
	b->s[b->len++] = c;
	b->s[b->len] = '\0';
}

void px_buf_vprintf(px_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	va_copy(cp, ap);
	int n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n <= 0)
		return;
	px_buf_grow(b, (size_t)n);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void px_buf_printf(px_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	px_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void px_buf_reset(px_buf *b)
{
	b->len = 0;
	if (b->s)
		b->s[0] = '\0';
}

void px_buf_free(px_buf *b)
{
	free(b->s);
	b->s = NULL;
	b->len = b->cap = 0;
}

char *px_buf_steal(px_buf *b)
{
	char *s = b->s ? b->s : px_xstrdup("");
	b->s = NULL;
	b->len = b->cap = 0;
	return s;
}

const char *px_buf_str(const px_buf *b)
{
	return b->s ? b->s : "";
}
