/* detect.h — the character encoding of undeclared bytes guessed, with
 * ICU's detector, then uchardet (see detect.c). */
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

#endif
