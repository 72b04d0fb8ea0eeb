/*
 * detect.c — which encoding undeclared bytes are in.  ICU's detector
 * weighs byte patterns per encoding (multi-byte CJK sequences, the common
 * letters of single-byte scripts) and gives each candidate a confidence;
 * the extract stage reads pages with it and the feed stage feeds, so that
 * both guess alike.  ICU has no model for some scripts (Thai, Vietnamese);
 * when it is unsure, uchardet (Mozilla's detector, as freedesktop keeps it)
 * is asked, and a guess of one of the encodings below is taken.
 */
#include "detect.h"

#include <strings.h>
#include <uchardet/uchardet.h>
#include <unicode/ucsdet.h>

/* uchardet's names of the encodings it is asked for, and IANA's. */
static const struct {
	const char *uchardet, *iana;
} second[] = {
	{ "TIS-620", "TIS-620" }, { "ISO-8859-11", "TIS-620" },
	{ "WINDOWS-1258", "windows-1258" }, { "VISCII", "VISCII" },
	{ "WINDOWS-1251", "windows-1251" }, { "KOI8-R", "KOI8-R" },
	{ "IBM866", "IBM866" }, { "WINDOWS-1253", "windows-1253" },
	{ "WINDOWS-1255", "windows-1255" }, { "WINDOWS-1256", "windows-1256" },
	{ "BIG5", "Big5" }, { "EUC-KR", "EUC-KR" }, { "SHIFT_JIS", "Shift_JIS" },
	{ "EUC-JP", "EUC-JP" }, { "GB18030", "GB18030" },
};

const char *px_charset_detect_second(const char *s, size_t n)
{
	uchardet_t u = uchardet_new();
	if (!u)
		return NULL;
	const char *r = NULL;
	if (uchardet_handle_data(u, s, n < 65536 ? n : 65536) == 0) {
		uchardet_data_end(u);
		const char *g = uchardet_get_charset(u);
		for (size_t i = 0; g && i < sizeof(second) / sizeof(*second); i++)
			if (!strcasecmp(g, second[i].uchardet))
				r = second[i].iana;
	}
	uchardet_delete(u);
	return r;
}

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
	return name ? name : px_charset_detect_second(s, n);
}

int px_looks_binary(const char *s, size_t n)
{
	size_t k = n < 4096 ? n : 4096, ctl = 0;
	for (size_t i = 0; i < k; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == 0)
			return 1;
		ctl += c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f';
	}
	return k && ctl * 10 > k;
}
