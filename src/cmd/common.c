/* common.c — helpers shared by the subcommands (see cmd.h). */
#include "cmd.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

px_db *cmd_open(const cmd_env *env)
{
	px_error err = { 0 };
	px_db *db = px_open(env->db_path, &err);
	if (!db)
		cmd_error("%s", err.msg);
	return db;
}

int cmd_error(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("parallax: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return 1;
}

long cmd_number(const char *s)
{
	if (!s || !*s)
		return -1;
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	return *end || errno || v < 0 ? -1 : v;
}

void cmd_print_stories(const px_story_list *l, int json)
{
	if (json) {
		char *s = px_render_stories_json(l);
		puts(s);
		free(s);
	} else {
		px_render_stories_text(stdout, l);
	}
}

px_pipeline *cmd_open_pipeline(const cmd_env *env, px_db **db)
{
	*db = cmd_open(env);
	if (!*db)
		return NULL;
	px_error err = { 0 };
	px_pipeline *p = px_pipeline_new(*db, &err);
	if (!p) {
		px_close(*db);
		*db = NULL;
		cmd_error("%s", err.msg);
	}
	return p;
}

int cmd_is_url(const char *s)
{
	return !strncasecmp(s, "http://", 7) || !strncasecmp(s, "https://", 8);
}

/* Reads F whole, up to LIMIT + 1 bytes. */
static char *read_all(FILE *f, size_t limit, size_t *n)
{
	size_t cap = 1 << 16, len = 0;
	char *b = malloc(cap + 1);
	while (b) {
		if (len == cap) {
			if (cap > limit)
				break;
			char *nb = realloc(b, cap * 2 + 1);
			if (!nb) {
				free(b);
				return NULL;
			}
			b = nb;
			cap *= 2;
		}
		size_t k = fread(b + len, 1, cap - len, f);
		len += k;
		if (k == 0)
			break;
	}
	if (b && ferror(f)) {
		free(b);
		return NULL;
	}
	b[len] = 0;
	*n = len;
	return b;
}

int cmd_input_read(const char *src, size_t limit, int allow_private, cmd_input *in)
{
	memset(in, 0, sizeof(*in));
	if (cmd_is_url(src)) {
		px_fetch_opts o = { .allow_private = allow_private };
		px_error err = { 0 };
		if (px_fetch(src, &o, &in->r, &err) < 0)
			return cmd_error("%s", err.msg);
		if (in->r.status >= 400) {
			long status = in->r.status;
			px_fetch_result_free(&in->r);
			return cmd_error("%s: HTTP %ld", src, status);
		}
		in->data = in->r.body;
		in->len = in->r.len;
		return 0;
	}
	FILE *f = strcmp(src, "-") ? fopen(src, "rb") : stdin;
	if (!f)
		return cmd_error("%s: %s", src, strerror(errno));
	in->data = read_all(f, limit, &in->len);
	int rerr = errno;
	if (f != stdin)
		fclose(f);
	if (!in->data)
		return cmd_error("%s: cannot read: %s", src, strerror(rerr));
	return 0;
}

void cmd_input_free(cmd_input *in)
{
	if (in->data != in->r.body)
		free(in->data);
	px_fetch_result_free(&in->r);
	in->data = NULL;
}
