/* detect.h — what undeclared bytes are: text or binary data, and the
 * character encoding of text, guessed with ICU's detector, then uchardet
 * (see detect.c). */
#ifndef PX_UTIL_DETECT_H
#define PX_UTIL_DETECT_H

#include <stddef.h>

/* The encoding ICU's detector finds most likely for the first 64 KiB of S
 * (N bytes), under its IANA name ("Shift_JIS", "EUC-KR", "ISO-8859-1" ...;
 * a static string), when its confidence (0-100) is at least MIN; else
 * uchardet's guess when it is a script ICU has no model for ("TIS-620",
 * "windows-1258" ...) or a CJK encoding; else NULL. */
const char *px_charset_detect(const char *s, size_t n, int min);

/* uchardet's guess alone, among the encodings above; NULL if none (for a
 * second opinion when ICU's guess does not decode the bytes). */
const char *px_charset_detect_second(const char *s, size_t n);

/* 1 when S (N bytes) is binary data, not text in any encoding: a NUL
 * byte, or more than one byte in ten a control character other than
 * whitespace, in its first 4 KiB. */
int px_looks_binary(const char *s, size_t n);

#endif
