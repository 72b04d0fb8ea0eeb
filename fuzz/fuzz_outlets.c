/* fuzz_outlets.c — libFuzzer target: any bytes as a raters' file, in each
 * import format and shape (the first byte picks it; the CSV shapes that a
 * format tells by their header get that header, so the bytes are rows), and
 * any bytes as a URL for the domain keys.  Rows are accepted or reported;
 * nothing may crash, leak or hand out a record without a name. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "outlets/outlets.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int on_record(void *ctx, const outlet_record *r)
{
	(void)ctx;
	if (!r->name || !r->where)
		abort();
	for (size_t i = 0; i < r->n_ratings; i++)
		if (!outlet_level_name(r->ratings[i].dim, r->ratings[i].value))
			abort();
	return 0;
}

static void on_reject(void *ctx, const char *where, const char *reason)
{
	(void)ctx;
	if (!where || !reason)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	static const struct { outlet_format f; const char *header; } shapes[] = {
		{ OUTLET_CSV, "" }, { OUTLET_MBFC, "" }, { OUTLET_ALLSIDES, "" },
		{ OUTLET_ADFONTES, "" },
		{ OUTLET_MBFC, "source,country,bias,factual_reporting\n" },
		{ OUTLET_ALLSIDES, "news_source,rating,rating_num,url\n" },
	};
	size_t pick = data[0] % (sizeof(shapes) / sizeof(*shapes));
	outlet_format f = shapes[pick].f;
	size_t hlen = strlen(shapes[pick].header);
	char path[] = "/tmp/px-fuzz-outlets-XXXXXX";
	int fd = mkstemp(path);
	if (fd < 0)
		return 0;
	if (write(fd, shapes[pick].header, hlen) != (ssize_t)hlen ||
	    write(fd, data + 1, size - 1) != (ssize_t)(size - 1)) {
		close(fd);
		unlink(path);
		return 0;
	}
	close(fd);
	px_error err;
	outlet_import(path, f, NULL, on_record, on_reject, NULL, &err);
	unlink(path);

	char *url = malloc(size);
	memcpy(url, data + 1, size - 1);
	url[size - 1] = '\0';
	char keys[8][OUTLET_KEY_MAX];
	size_t n = outlet_domain_keys(url, keys, 8);
	for (size_t i = 0; i < n; i++)
		if (!memchr(keys[i], '\0', OUTLET_KEY_MAX) || !keys[i][0])
			abort();
	free(url);
	return 0;
}
