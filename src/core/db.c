/*
 * db.c — opening and closing a Parallax store, and where it lives by
 * default: $XDG_DATA_HOME/parallax/parallax.db, or
 * ~/.local/share/parallax/parallax.db when XDG_DATA_HOME is unset, as the
 * XDG Base Directory specification says.  The directory is created on open.
 */
#include "core.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util/error.h"

const char *px_default_db_path(void)
{
	static char path[4096];
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	if (xdg && *xdg == '/')
		snprintf(path, sizeof(path), "%s/parallax/parallax.db", xdg);
	else
		snprintf(path, sizeof(path), "%s/.local/share/parallax/parallax.db",
		         home && *home ? home : ".");
	return path;
}

/* mkdir -p of the directory part of PATH. */
static int make_parent(const char *path, px_error *err)
{
	char dir[4096];
	snprintf(dir, sizeof(dir), "%s", path);
	char *slash = strrchr(dir, '/');
	if (!slash || slash == dir)
		return 0;
	*slash = '\0';
	for (char *p = dir + 1; ; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;
			*p = '\0';
			if (mkdir(dir, 0755) < 0 && errno != EEXIST)
				return px_fail(err, PX_EIO, "cannot create directory %s: %s",
				               dir, strerror(errno));
			*p = c;
			if (!c)
				break;
		}
	}
	return 0;
}

px_db *px_open(const char *path, px_error *err)
{
	if (!path)
		path = px_default_db_path();
	if (make_parent(path, err) < 0)
		return NULL;
	store *st = store_open(path, err);
	if (!st)
		return NULL;
	px_db *db = px_xcalloc(1, sizeof(*db));
	db->st = st;
	return db;
}

void px_close(px_db *db)
{
	if (!db)
		return;
	store_close(db->st);
	px_textctx_free(db->text);
	free(db);
}

px_textctx *px_db_textctx(px_db *db)
{
	if (!db->text)
		db->text = px_textctx_new();
	return db->text;
}

int px_db_version(px_db *db, int64_t *version, px_error *err)
{
	return store_version(db->st, version, err);
}

int px_story_stamp(px_db *db, int64_t id, int64_t *live, uint64_t *stamp,
                   px_error *err)
{
	return store_story_stamp(db->st, id, live, stamp, err);
}
