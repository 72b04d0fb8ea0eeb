/* stories.c — `parallax stories [--limit N] [--json]`: the top stories,
 * ranked by size and recency (px_stories_list); --limit 0 lists all. */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>

int cmd_stories(int argc, char **argv, const cmd_env *env)
{
	long limit = 10;
	int json = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			json = 1;
		} else if (!strcmp(argv[i], "--limit") && i + 1 < argc) {
			if ((limit = cmd_number(argv[++i])) < 0)
				return cmd_error("stories: --limit wants a number, not '%s'", argv[i]) + 1;
		} else {
			cmd_error("stories: unexpected argument '%s'", argv[i]);
			fprintf(stderr, "usage: parallax stories [--db PATH] [--limit N] [--json]\n");
			return 2;
		}
	}
	px_db *db = cmd_open(env);
	if (!db)
		return 1;
	px_story_list l;
	px_error err = { 0 };
	int rc = px_stories_list(db, (size_t)limit, &l, &err);
	if (rc < 0) {
		px_close(db);
		return cmd_error("%s", err.msg);
	}
	cmd_print_stories(&l, json);
	px_story_list_free(&l);
	px_close(db);
	return 0;
}
