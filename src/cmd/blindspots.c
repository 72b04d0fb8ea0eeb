/*
 * blindspots.c — `parallax blindspots [--side left|right] [--days N]
 * [--min-reports N] [--json]`: the stories one side barely covers
 * (px_blindspots; the rule is in coverage/coverage.h).
 */
#include "cmd.h"

#include <stdlib.h>
#include <string.h>

static int usage(void)
{
	fprintf(stderr, "usage: parallax blindspots [--db PATH] [--side left|right] "
	        "[--days N] [--min-reports N] [--json]\n");
	return 2;
}

int cmd_blindspots(int argc, char **argv, const cmd_env *env)
{
	px_blindspot_opts o = { NULL, 7, 0, 5 };
	int json = 0;
	for (int i = 1; i < argc; i++) {
		long v;
		if (!strcmp(argv[i], "--json")) {
			json = 1;
		} else if (!strcmp(argv[i], "--side") && i + 1 < argc) {
			o.side = argv[++i];
			if (strcmp(o.side, "left") && strcmp(o.side, "right"))
				return cmd_error("blindspots: --side is left or right, not '%s'", o.side) + 1;
		} else if (!strcmp(argv[i], "--days") && i + 1 < argc) {
			if ((v = cmd_number(argv[++i])) <= 0)
				return cmd_error("blindspots: --days wants a positive number") + 1;
			o.days = (int)v;
		} else if (!strcmp(argv[i], "--min-reports") && i + 1 < argc) {
			if ((v = cmd_number(argv[++i])) <= 0)
				return cmd_error("blindspots: --min-reports wants a positive number") + 1;
			o.min_reports = (int)v;
		} else {
			cmd_error("blindspots: unexpected argument '%s'", argv[i]);
			return usage();
		}
	}
	px_db *db = cmd_open(env);
	if (!db)
		return 1;
	px_story_list l;
	px_lean_counts base;
	px_error err = { 0 };
	if (px_blindspots(db, &o, &l, &base, &err) < 0) {
		px_close(db);
		return cmd_error("%s", err.msg);
	}
	if (json) {
		cmd_print_stories(&l, 1);
	} else {
		int rated = base.left + base.center + base.right;
		printf("Blindspots of the last %d days: stories one side barely covers "
		       "(at most a third of its usual share, at least %d rated independent "
		       "reports).\nUsual shares: Left %d%% · Center %d%% · Right %d%% of %d "
		       "rated independent reports.\n\n", o.days, o.min_reports,
		       rated ? (int)(100.0 * base.left / rated + 0.5) : 0,
		       rated ? (int)(100.0 * base.center / rated + 0.5) : 0,
		       rated ? (int)(100.0 * base.right / rated + 0.5) : 0, rated);
		if (l.n)
			cmd_print_stories(&l, 0);
		else
			printf("No blindspots.\n");
	}
	px_story_list_free(&l);
	px_close(db);
	return 0;
}
