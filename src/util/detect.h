/* detect.h — the character encoding of undeclared bytes guessed, with
 * ICU's detector (see detect.c). */
#ifndef PX_UTIL_DETECT_H
#define PX_UTIL_DETECT_H

#include <stddef.h>

/* The encoding ICU's detector finds most likely for the first 64 KiB of S
 * (N bytes), under its IANA name ("Shift_JIS", "EUC-KR", "ISO-8859-1" ...;
 * a static string), when its confidence (0-100) is at least MIN; else
 * NULL. */
const char *px_charset_detect(const char *s, size_t n, int min);

#endif
