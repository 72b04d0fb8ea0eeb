/* fuzz_extract.c — libFuzzer target: any bytes as an HTML page through the
 * extractor, with or without an HTTP Content-Type, and as a text file
 * through px_decode_text.  It must return an
 * article or a reason, never crash, leak or run away; what it returns is
 * valid UTF-8 with the text always set, and renders as JSON.  The bytes
 * also go through the prefilter alone, into exactly the room prefilter.h
 * promises, so that ASan sees any write past it.
 *
 * An input whose first byte is below 0x10 spends that byte on the
 * Content-Type: one of fifteen header values, or (0x0F) the input's bytes
 * up to the first newline as the header itself.  Any other input is the
 * page alone, with no header, so pages are seeds as they are:
 *
 *   make fuzz
 *   mkdir -p build-fuzz/corpus-extract
 *   build-fuzz/fuzz/fuzz_extract -max_total_time=600 -rss_limit_mb=2048 \
 *       -timeout=10 -dict=fuzz/fuzz_extract.dict \
 *       build-fuzz/corpus-extract tests/fixtures/extract
 *
 * (the fixtures are the seeds; what it found is in tests/test_extract.c).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "extract/extract.h"
#include "extract/prefilter.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const content_types[15] = {
	NULL,
	"text/html; charset=utf-8",
	"text/html; charset=windows-1252",
	"text/html;charset=\"ISO-8859-1\"",
	"text/html; charset=shift_jis",
	"text/html; charset=gb2312",
	"text/html; charset=utf-16le",
	"text/html; charset=UTF-16BE",
	"text/html; charset=koi8-r",
	"text/html; charset=iso-2022-jp",
	"text/html; charset=big5",
	"text/html; charset=utf-32",
	"text/html; charset=x-no-such-charset",
	"text/html; charset=",
	"text/html",
};

static void check_str(const char *s)
{
	if (s && !px_utf8_valid(s, strlen(s)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *ct = NULL;
	char ctbuf[128];
	if (size && data[0] < 0x10) {
		if (data[0] < 15) {
			ct = content_types[data[0]];
			data++, size--;
		} else {
			const uint8_t *nl = memchr(data + 1, '\n', size - 1);
			size_t k = nl ? (size_t)(nl - data - 1) : size - 1;
			if (k >= sizeof(ctbuf))
				k = sizeof(ctbuf) - 1;
			memcpy(ctbuf, data + 1, k);
			ctbuf[k] = '\0';
			ct = ctbuf;
			size_t used = nl ? (size_t)(nl - data) + 1 : size;
			data += used, size -= used;
		}
	}
	/* An exact-size copy, so reading past the page is caught. */
	char *s = malloc(size ? size : 1);
	if (size)
		memcpy(s, data, size);
	px_arena *a = px_arena_new(0);
	px_page p;
	px_error err = { 0 };
	int rc = px_extract_page(s, size, "https://fuzz.example/news/page?id=1", ct, a, &p, &err);
	if (rc == 0) {
		if (!p.text || !p.charset)
			abort();
		const char *f[] = { p.title, p.text, p.byline, p.lang, p.canonical_url,
		                    p.site_name, p.excerpt, p.image, p.section, p.charset };
		for (size_t i = 0; i < sizeof(f) / sizeof(*f); i++)
			check_str(f[i]);
		if (p.n_tags > 64)
			abort();
		for (size_t i = 0; i < p.n_tags; i++) {
			if (!p.tags[i])
				abort();
			check_str(p.tags[i]);
		}
		char *json = px_render_page_json(&p);
		if (!json)
			abort();
		free(json);
	} else if (rc != PX_EINVAL || !err.msg[0]) {
		abort();
	}
	px_arena_free(a);
	/* The same bytes as a text file (px_decode_text): UTF-8 out (a NUL
	 * byte stays one: binary data is the caller's to refuse), and UTF-8
	 * in comes back as it is. */
	a = px_arena_new(0);
	const char *t, *cs;
	size_t tn;
	err.msg[0] = '\0';
	if (px_decode_text(s, size, a, &t, &tn, &cs, &err) == 0) {
		char *u = malloc(tn + 1);
		for (size_t i = 0; i < tn; i++)
			u[i] = t[i] ? t[i] : ' ';
		if (!cs || (tn && !px_utf8_valid(u, tn)))
			abort();
		free(u);
		int bom = size >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3);
		if (px_utf8_valid(s, size) && (t != s + 3 * bom || tn != size - 3 * (size_t)bom))
			abort();
	} else if (!err.msg[0]) {
		abort();
	}
	px_arena_free(a);
	char *out = malloc(2 * size + 16);
	if (prefilter(s, size, out) > 2 * size + 16)
		abort();
	free(out);
	free(s);
	return 0;
}
