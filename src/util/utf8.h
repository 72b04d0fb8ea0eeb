/*
 * utf8.h — checking and repairing UTF-8 at the edges, before outside bytes
 * reach a parser that would reject a whole line for one bad byte.
 * (The text stage normalises further: text/text.h px_utf8_clean.)
 */
#ifndef PX_UTF8_H
#define PX_UTF8_H

#include <stddef.h>

/* 1 when S[0..N) is valid UTF-8 without NUL bytes. */
int px_utf8_valid(const char *s, size_t n);
/* 1 when S[0..N) reads as UTF-8 with at most a few broken bytes: none, or
 * fewer than its valid multi-byte sequences.  Text in an 8-bit encoding
 * seldom holds even one valid sequence ("Ã©" is two letters no language
 * puts together), so such bytes are UTF-8 with damage, not another
 * encoding to guess. */
int px_utf8_mostly(const char *s, size_t n);
/* A malloc'd, NUL-terminated copy with each invalid byte replaced by U+FFFD
 * and NUL bytes dropped; *OUT_LEN gets its length. */
char *px_utf8_fix(const char *s, size_t n, size_t *out_len);

#endif
