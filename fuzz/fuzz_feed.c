/* fuzz_feed.c — libFuzzer target: any bytes as a feed (XML or JSON Feed),
 * with a Content-Type picked by the first byte when it is below 0x10.  A
 * parse either succeeds or fails with a message; every string the pipeline
 * reads must be valid UTF-8, every time known or PX_TIME_UNKNOWN, and the
 * JSON must be printable and parse back. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "parallax.h"
#include "util/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const content_types[] = {
	NULL,
	"application/rss+xml",
	"application/atom+xml; charset=utf-8",
	"text/xml",
	"text/xml; charset=iso-8859-1",
	"application/xml; charset=utf-16",
	"text/plain",
	"application/feed+json",
	"application/xml; charset=gb2312",
	"text/html; charset=shift_jis",
	"application/rss+xml; charset= 'us-ascii'",
	"application/xml; charset=x-no-such-thing",
};

static void check(const char *s)
{
	if (s && !px_utf8_valid(s, strlen(s)))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *ct = NULL;
	if (size && data[0] < sizeof(content_types) / sizeof(*content_types)) {
		ct = content_types[data[0]];
		data++, size--;
	}
	char *s = malloc(size ? size : 1); /* exact size: overreads are caught */
	if (size)
		memcpy(s, data, size);
	px_feed *f = NULL;
	px_error err = { 0 };
	int rc = px_feed_parse(s, size, "https://fuzz.example/feed/", ct, &f, &err);
	if (rc == 0) {
		check(px_feed_title(f));
		check(px_feed_link(f));
		for (size_t i = 0; i < px_feed_count(f); i++) {
			const px_feed_item *e = px_feed_entry(f, i);
			const char *fs[] = { e->id, e->title, e->link, e->author, e->summary,
			                     e->content, e->image, e->lang };
			for (size_t k = 0; k < sizeof(fs) / sizeof(*fs); k++)
				check(fs[k]);
			for (size_t k = 0; k < e->n_tags; k++)
				check(e->tags[k]);
		}
		char *j = px_feed_json(f);
		if (!j)
			abort();
		json_t *back = json_loads(j, 0, NULL);
		if (!back)
			abort();
		json_decref(back);
		free(j);
		px_feed_free(f);
	} else if (!err.msg[0] || f) {
		abort();
	}
	free(s);
	return 0;
}
