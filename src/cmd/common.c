/* common.c — helpers shared by the subcommands (see cmd.h). */
#include "cmd.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

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
