/*
 * detect.c — which encoding undeclared bytes are in.  ICU's detector
 * weighs byte patterns per encoding (multi-byte CJK sequences, the common
 * letters of single-byte scripts) and gives each candidate a confidence;
 * the extract stage reads pages with it and the feed stage feeds, so that
 * both guess alike.
 */
#include "detect.h"

#include <unicode/ucsdet.h>

const char *px_charset_detect(const char *s, size_t n, int min)
{
	UErrorCode e = U_ZERO_ERROR;
	UCharsetDetector *d = ucsdet_open(&e);
	const char *name = NULL;
	if (U_SUCCESS(e)) {
		ucsdet_setText(d, s, (int32_t)(n < 65536 ? n : 65536), &e);
		const UCharsetMatch *m = U_SUCCESS(e) ? ucsdet_detect(d, &e) : NULL;
		if (m && U_SUCCESS(e) && ucsdet_getConfidence(m, &e) >= min)
			name = ucsdet_getName(m, &e); /* ICU's own static string */
		if (U_FAILURE(e))
			name = NULL;
	}
	ucsdet_close(d);
	return name;
}
