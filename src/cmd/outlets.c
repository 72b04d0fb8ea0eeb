/*
 * outlets.c — `parallax outlets ...`: the outlet registry and its ratings.
 *
 *   outlets list [--json]                       every outlet, its combined ratings
 *   outlets show NAME|DOMAIN|ID [--json]        one outlet: each rater's value,
 *                                               date and source, and the combination
 *   outlets import --format csv|mbfc|allsides|adfontes [--date YYYY-MM-DD] FILE...
 *   outlets rate NAME|DOMAIN|ID lean|factuality LEVEL|--clear
 *                                               the user's override, a rating of its own
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
	fprintf(stderr,
	        "usage: parallax outlets list [--json]\n"
	        "       parallax outlets show NAME|DOMAIN|ID [--json]\n"
	        "       parallax outlets import --format csv|mbfc|allsides|adfontes"
	        " [--date YYYY-MM-DD] FILE...\n"
	        "       parallax outlets rate NAME|DOMAIN|ID lean|factuality LEVEL|--clear\n");
	return 2;
}

static int show(const cmd_env *env, const char *what, int json)
{
	px_db *db = cmd_open(env);
	if (!db)
		return 1;
	px_outlet_list l;
	px_error err = { 0 };
	if (px_outlets_list(db, what, &l, &err) < 0) {
		px_close(db);
		return cmd_error("%s", err.msg);
	}
	if (json) {
		char *s = px_render_outlets_json(&l);
		puts(s);
		free(s);
	} else {
		px_render_outlets_text(stdout, &l, what != NULL);
	}
	px_outlet_list_free(&l);
	px_close(db);
	return 0;
}

static void print_reject(void *ctx, const char *where, const char *reason)
{
	(void)ctx;
	fprintf(stderr, "%s: %s\n", where, reason);
}

static int import(int argc, char **argv, const cmd_env *env)
{
	const char *format = NULL, *date = NULL;
	int i = 2;
	for (; i < argc && !strncmp(argv[i], "--", 2); i++) {
		if (!strcmp(argv[i], "--format") && i + 1 < argc)
			format = argv[++i];
		else if (!strcmp(argv[i], "--date") && i + 1 < argc)
			date = argv[++i];
		else
			return cmd_error("outlets import: unexpected option '%s'", argv[i]) + 1;
	}
	if (!format || i == argc)
		return usage();
	px_db *db = cmd_open(env);
	if (!db)
		return 1;
	int rc = 0;
	for (; i < argc; i++) {
		px_import_stats st;
		px_error err = { 0 };
		if (px_outlets_import(db, argv[i], format, date, print_reject, NULL, &st, &err) < 0) {
			rc = cmd_error("%s", err.msg);
			continue;
		}
		fprintf(stderr, "%s: %zu rows: %zu outlets, %zu ratings; %zu not matched, "
		        "%zu rejected\n", argv[i], st.read + st.rejected, st.outlets, st.ratings,
		        st.unmatched, st.rejected);
	}
	px_close(db);
	return rc;
}

static int rate(int argc, char **argv, const cmd_env *env)
{
	if (argc != 5)
		return usage();
	const char *level = strcmp(argv[4], "--clear") ? argv[4] : NULL;
	px_db *db = cmd_open(env);
	if (!db)
		return 1;
	px_error err = { 0 };
	int rc = px_outlet_rate(db, argv[2], argv[3], level, &err) < 0 ? cmd_error("%s", err.msg) : 0;
	px_close(db);
	return rc;
}

int cmd_outlets(int argc, char **argv, const cmd_env *env)
{
	if (argc < 2)
		return usage();
	const char *sub = argv[1];
	if (!strcmp(sub, "import"))
		return import(argc, argv, env);
	if (!strcmp(sub, "rate"))
		return rate(argc, argv, env);
	int json = 0;
	const char *what = NULL;
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = 1;
		else if (!what && argv[i][0] != '-')
			what = argv[i];
		else
			return cmd_error("outlets %s: unexpected argument '%s'", sub, argv[i]) + 1;
	}
	if (!strcmp(sub, "list") && !what)
		return show(env, NULL, json);
	if (!strcmp(sub, "show") && what)
		return show(env, what, json);
	return usage();
}
