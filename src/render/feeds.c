/*
 * feeds.c — the feed registry as text columns for the terminal and as JSON
 * for tools (`parallax feeds list [--json]`).
 *
 * Text: one line per feed — id, last status ("-" before the first fetch,
 * "off" when disabled), consecutive errors, the last new entry and the
 * next due time (UTC, to the minute), the URL as given and the title —
 * and, under a feed whose last fetch failed, the reason.  JSON carries
 * every field of px_feed_info under its own name; times are RFC 3339 UTC
 * or null (docs/API.md).
 */
#include "parallax.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "render/render.h"
#include "util/arena.h"
#include "util/utf8.h"

/* T as "2025-03-04 09:30" (UTC), or "-" when unknown. */
static const char *minute(int64_t t, char *buf, size_t size)
{
	return render_minute(t, "", "-", buf, size);
}

/* S with control characters shown as spaces: a title or an error text
 * read from the network must not drive the terminal. */
static void put_plain(FILE *f, const char *s)
{
	for (; *s; s++)
		fputc((unsigned char)*s < 0x20 || *s == 0x7f ? ' ' : *s, f);
}

void px_render_feeds_text(FILE *f, const px_feed_info_list *l)
{
	if (!l->n) {
		fprintf(f, "No feeds yet: `parallax feeds add URL` or `parallax feeds import "
		        "data/feeds.opml`.\n");
		return;
	}
	fprintf(f, "%5s  %-6s %6s  %-16s  %-16s  %s\n", "ID", "STATUS", "ERRORS",
	        "LAST NEW", "NEXT DUE", "URL  TITLE");
	for (size_t i = 0; i < l->n; i++) {
		const px_feed_info *x = &l->feeds[i];
		char status[24], last[40], due[40];
		if (x->disabled)
			snprintf(status, sizeof(status), "off");
		else if (x->last_fetch_at == PX_TIME_UNKNOWN)
			snprintf(status, sizeof(status), "-");
		else
			snprintf(status, sizeof(status), "%ld", x->last_status);
		fprintf(f, "%5lld  %-6s %6d  %-16s  %-16s  ", (long long)x->id, status,
		        x->error_count, minute(x->last_new_at, last, sizeof(last)),
		        x->disabled ? "-" : minute(x->next_due_at, due, sizeof(due)));
		put_plain(f, x->url_given);
		if (x->title) {
			fputs("  ", f);
			put_plain(f, x->title);
		}
		fputc('\n', f);
		if (x->last_error) {
			fprintf(f, "%7s last error: ", "");
			put_plain(f, x->last_error);
			fputc('\n', f);
		}
	}
}

static json_t *time_or_null(int64_t t)
{
	char buf[40];
	return t == PX_TIME_UNKNOWN ? json_null() : json_string(px_format_time(t, buf, sizeof(buf)));
}

/* S as a JSON string (invalid UTF-8 repaired: jansson refuses it), or null. */
static json_t *str_or_null(const char *s)
{
	if (!s)
		return json_null();
	size_t n = strlen(s);
	if (px_utf8_valid(s, n))
		return json_string(s);
	char *fixed = px_utf8_fix(s, n, &n);
	json_t *j = json_string(fixed);
	free(fixed);
	return j;
}

json_t *render_feeds_value(const px_feed_info_list *l)
{
	json_t *a = json_array();
	for (size_t i = 0; i < l->n; i++) {
		const px_feed_info *x = &l->feeds[i];
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(x->id));
		json_object_set_new(o, "url", str_or_null(x->url_given));
		json_object_set_new(o, "canonical_url", str_or_null(x->url));
		json_object_set_new(o, "title", str_or_null(x->title));
		json_object_set_new(o, "site_url", str_or_null(x->site_url));
		json_object_set_new(o, "outlet_id", x->outlet_id ? json_integer(x->outlet_id)
		                                                 : json_null());
		json_object_set_new(o, "outlet", str_or_null(x->outlet));
		json_object_set_new(o, "added_at", time_or_null(x->added_at));
		json_object_set_new(o, "last_fetch_at", time_or_null(x->last_fetch_at));
		json_object_set_new(o, "last_status", x->last_fetch_at == PX_TIME_UNKNOWN
		                                      ? json_null() : json_integer(x->last_status));
		json_object_set_new(o, "last_error", str_or_null(x->last_error));
		json_object_set_new(o, "last_new_at", time_or_null(x->last_new_at));
		json_object_set_new(o, "error_count", json_integer(x->error_count));
		json_object_set_new(o, "next_due_at", time_or_null(x->next_due_at));
		json_object_set_new(o, "interval_s", json_integer(x->interval_s));
		json_object_set_new(o, "etag", str_or_null(x->etag));
		json_object_set_new(o, "last_modified", str_or_null(x->last_modified));
		json_object_set_new(o, "disabled", json_boolean(x->disabled));
		json_array_append_new(a, o);
	}
	return a;
}

char *px_render_feeds_json(const px_feed_info_list *l)
{
	json_t *a = render_feeds_value(l);
	char *s = json_dumps(a, JSON_INDENT(2));
	json_decref(a);
	return s ? s : px_xstrdup("[]");
}
