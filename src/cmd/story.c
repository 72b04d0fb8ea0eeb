/* story.c — `parallax story ID [--json] [--explain]`: one story page.
 * --explain shows, per article, the score with which it joined its story
 * and the terms, entities and time gap that carried it. */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>

int cmd_story(int argc, char **argv, const cmd_env *env)
{
	int json = 0, explain = 0;
	long id = -1;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = 1;
		else if (!strcmp(argv[i], "--explain"))
			explain = 1;
		else if (id < 0 && (id = cmd_number(argv[i])) > 0)
			;
		else {
			cmd_error("story: unexpected argument '%s'", argv[i]);
			id = -2;
			break;
		}
	}
	if (id <= 0) {
		fprintf(stderr, "usage: parallax story [--db PATH] ID [--json] [--explain]\n");
		return 2;
	}
	px_db *db = cmd_open(env);
	if (!db)
		return 1;
	px_story *s;
	px_error err = { 0 };
	if (px_story_get(db, id, &s, &err) < 0) {
		px_close(db);
		return cmd_error("%s", err.msg);
	}
	if (s->id != id)
		fprintf(stderr, "parallax: story %ld was merged into story %lld\n", id,
		        (long long)s->id);
	if (json) {
		char *out = px_render_story_json(s, explain);
		puts(out);
		free(out);
	} else {
		px_render_story_text(stdout, s, explain);
	}
	px_story_free(s);
	px_close(db);
	return 0;
}
