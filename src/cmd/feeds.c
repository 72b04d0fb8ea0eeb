/*
 * feeds.c — `parallax feeds ...`: the feeds Parallax follows.
 *
 *   feeds add URL... [--title TITLE]   follow feeds (known ones are reported as such)
 *   feeds add --outlets [OUTLET...]    the feeds the outlet registry lists: every
 *                                      outlet's, or the named outlets'
 *   feeds import FILE.opml...          every feed of an OPML subscription list
 *   feeds export                       the list as OPML 2.0, to standard output
 *   feeds list [--json]                status, errors, last new entry, next due
 *   feeds remove ID|URL...             stop following (articles stay)
 *
 * Options may stand anywhere after `feeds`; `--` ends them.  Each
 * argument is handled on its own: one bad URL or file is reported (with
 * its line, for OPML) and the others go on; the exit status is then 1.
 */
#include "cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int usage(void)
{
	fprintf(stderr,
	        "usage: parallax feeds add URL... [--title TITLE]\n"
	        "       parallax feeds add --outlets [NAME|DOMAIN|ID...]\n"
	        "       parallax feeds import FILE.opml...\n"
	        "       parallax feeds export\n"
	        "       parallax feeds list [--json]\n"
	        "       parallax feeds remove ID|URL...\n"
	        "\n"
	        "To start with about twenty well-known outlets across the spectrum:\n"
	        "       parallax feeds import data/feeds.opml\n"
	        "or with every feed the outlet registry lists (after `parallax outlets\n"
	        "import --format csv data/outlets.csv`):\n"
	        "       parallax feeds add --outlets\n");
	return 2;
}

/* The subcommand and its arguments, with the options taken out. */
typedef struct args {
	const char *sub;
	char **pos;
	int n;
	int json;
	int outlets;     /* add --outlets: the arguments name outlets */
	const char *title;
} args;

/* Splits ARGV[1..] into the subcommand (the first argument), options and
 * arguments, wherever the options stand; 0, or 2 after a message. */
static int parse(int argc, char **argv, args *a)
{
	memset(a, 0, sizeof(*a));
	a->pos = argv + 1;
	int only_args = 0, n = 0;
	for (int i = 1; i < argc; i++) {
		const char *s = argv[i];
		if (only_args || s[0] != '-' || !s[1]) {
			a->pos[n++] = argv[i];
		} else if (!strcmp(s, "--")) {
			only_args = 1;
		} else if (!strcmp(s, "--json")) {
			a->json = 1;
		} else if (!strcmp(s, "--outlets")) {
			a->outlets = 1;
		} else if (!strcmp(s, "--title") && i + 1 < argc) {
			a->title = argv[++i];
		} else if (!strncmp(s, "--title=", 8)) {
			a->title = s + 8;
		} else {
			cmd_error("feeds: unexpected option '%s'", s);
			return 2;
		}
	}
	if (n == 0)
		return 2;
	a->sub = a->pos[0];
	a->pos++;
	a->n = n - 1;
	return 0;
}

/* What `feeds add --outlets` did, for its summary line. */
typedef struct outlet_tally {
	size_t added, present, outlets;
	int64_t *done;       /* the outlets handled, so one named twice counts once */
	size_t n_done;
} outlet_tally;

/*
 * Follows every feed outlet O lists, each linked to O (px_feed_add links
 * a feed the registry lists to its outlet), printing a line for each as
 * `feeds add` does.  Returns 0, or 1 after a message for each failure.
 */
static int add_outlet_feeds(px_db *db, const px_outlet *o, outlet_tally *t)
{
	for (size_t i = 0; i < t->n_done; i++)
		if (t->done[i] == o->id)
			return 0;
	t->done = realloc(t->done, (t->n_done + 1) * sizeof(*t->done));
	if (!t->done)
		return cmd_error("out of memory");
	t->done[t->n_done++] = o->id;
	t->outlets++;
	int rc = 0;
	for (size_t i = 0; i < o->n_feeds; i++) {
		px_error err = { 0 };
		int64_t id = 0;
		int r = px_feed_add(db, o->feeds[i], NULL, &id, &err);
		if (r < 0) {
			rc = cmd_error("outlet %s: %s", o->name, err.msg);
			continue;
		}
		*(r ? &t->added : &t->present) += 1;
		printf("%s %lld %s\n", r ? "added" : "present", (long long)id, o->feeds[i]);
	}
	return rc;
}

/* `feeds add --outlets [OUTLET...]`: the feeds of every outlet the
 * registry has, or of each outlet named (as `outlets show` finds it). */
static int add_outlets(const args *a, px_db *db)
{
	outlet_tally t = { 0 };
	int rc = 0;
	for (int i = 0; i < (a->n ? a->n : 1); i++) {
		const char *what = a->n ? a->pos[i] : NULL;
		px_outlet_list l;
		px_error err = { 0 };
		if (px_outlets_list(db, what, &l, &err) < 0) {
			rc = cmd_error("%s", err.msg);
			continue;
		}
		size_t listing = 0;
		for (size_t k = 0; k < l.n; k++) {
			if (!l.outlets[k].n_feeds)
				continue;
			listing++;
			if (add_outlet_feeds(db, &l.outlets[k], &t))
				rc = 1;
		}
		if (what && !listing)
			rc = cmd_error("outlet %s lists no feed URLs (follow its feeds with "
			               "`parallax feeds add URL...`)", l.outlets[0].name);
		else if (!what && !listing)
			rc = cmd_error("the outlet registry lists no feed URLs (load it first: "
			               "`parallax outlets import --format csv data/outlets.csv`)");
		px_outlet_list_free(&l);
	}
	fprintf(stderr, "%zu feed%s added, %zu already followed, from %zu outlet%s\n",
	        t.added, t.added == 1 ? "" : "s", t.present, t.outlets,
	        t.outlets == 1 ? "" : "s");
	free(t.done);
	return rc;
}

/* 0 if A's arguments suit `feeds add`, else 2 after a message. */
static int add_usage(const args *a)
{
	if (a->outlets && a->title) {
		cmd_error("feeds add: --title names one feed, not an outlet's");
		return usage();
	}
	if (!a->outlets && (!a->n || (a->title && a->n != 1))) {
		if (a->title && a->n > 1)
			cmd_error("feeds add: --title names one feed, not %d", a->n);
		return usage();
	}
	return 0;
}

static int add(const args *a, px_db *db)
{
	if (a->outlets)
		return add_outlets(a, db);
	int rc = 0;
	for (int i = 0; i < a->n; i++) {
		px_error err = { 0 };
		int64_t id = 0;
		int r = px_feed_add(db, a->pos[i], a->title, &id, &err);
		if (r < 0)
			rc = cmd_error("%s", err.msg);
		else
			printf("%s %lld %s\n", r ? "added" : "present", (long long)id, a->pos[i]);
	}
	return rc;
}

static void print_skip(void *ctx, const char *where, const char *reason)
{
	(void)ctx;
	fprintf(stderr, "%s: skipped: %s\n", where, reason);
}

static int import(const args *a, px_db *db)
{
	int rc = 0;
	for (int i = 0; i < a->n; i++) {
		px_feeds_import_stats st;
		px_error err = { 0 };
		if (px_feeds_import_opml(db, a->pos[i], print_skip, NULL, &st, &err) < 0) {
			rc = cmd_error("%s", err.msg);
			continue;
		}
		fprintf(stderr, "%s: %zu feeds: %zu added, %zu already present, %zu skipped\n",
		        a->pos[i], st.read, st.added, st.present, st.skipped);
	}
	return rc;
}

static int export(const args *a, px_db *db)
{
	(void)a;
	px_error err = { 0 };
	return px_feeds_export_opml(db, stdout, &err) < 0 ? cmd_error("%s", err.msg) : 0;
}

static int list(const args *a, px_db *db)
{
	px_feed_info_list l;
	px_error err = { 0 };
	if (px_feed_list(db, &l, &err) < 0)
		return cmd_error("%s", err.msg);
	if (a->json) {
		char *s = px_render_feeds_json(&l);
		puts(s);
		free(s);
	} else {
		px_render_feeds_text(stdout, &l);
	}
	px_feed_list_free(&l);
	return 0;
}

static int remove_feeds(const args *a, px_db *db)
{
	int rc = 0;
	for (int i = 0; i < a->n; i++) {
		px_error err = { 0 };
		if (px_feed_remove(db, a->pos[i], &err) < 0)
			rc = cmd_error("%s", err.msg);
		else
			printf("removed %s\n", a->pos[i]);
	}
	return rc;
}

int cmd_feeds(int argc, char **argv, const cmd_env *env)
{
	args a;
	if (parse(argc, argv, &a))
		return usage();
	const char *sub = a.sub;
	if ((a.json && strcmp(sub, "list")) || (a.title && strcmp(sub, "add")) ||
	    (a.outlets && strcmp(sub, "add"))) {
		cmd_error("feeds %s: unexpected option '%s'", sub, a.json ? "--json" :
		          a.title ? "--title" : "--outlets");
		return 2;
	}
	/* The subcommands, and whether each takes arguments (add: its own
	 * rules).  The store is opened once the command line is known good. */
	static const struct {
		const char *name;
		int (*run)(const args *a, px_db *db);
		int takes_args;
		int (*check)(const args *a); /* its own rules, instead */
	} subs[] = {
		{ "add", add, 1, add_usage }, { "import", import, 1, NULL },
		{ "export", export, 0, NULL }, { "list", list, 0, NULL },
		{ "remove", remove_feeds, 1, NULL },
	};
	size_t i = 0;
	while (i < sizeof(subs) / sizeof(*subs) && strcmp(subs[i].name, sub))
		i++;
	if (i == sizeof(subs) / sizeof(*subs))
		return usage();
	int bad = subs[i].check ? subs[i].check(&a)
	          : (a.n > 0) != subs[i].takes_args ? usage() : 0;
	if (bad)
		return bad;
	px_db *db = cmd_open(env);
	if (!db)
		return 1;
	int rc = subs[i].run(&a, db);
	px_close(db);
	return rc;
}
