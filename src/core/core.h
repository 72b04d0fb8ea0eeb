/*
 * core.h — what lies behind the public handles of parallax.h.  Only the
 * files of core/ and pipeline/ see inside a px_db.
 */
#ifndef PX_CORE_H
#define PX_CORE_H

#include "parallax.h"
#include "store/store.h"
#include "text/text.h"
#include "util/map.h"

struct px_db {
	store *st;
	px_textctx *text;   /* for the read path (summaries); made on first use */
};

px_textctx *px_db_textctx(px_db *db);

/* A stored article as the public API shows it (its lean and factuality
 * unset: core_rate_articles sets them), in A. */
px_story_article core_article(px_arena *a, const store_row *r);
/* Sets each article's lean and factuality from its outlet's ratings. */
int core_rate_articles(px_db *db, px_arena *a, px_story_article *arts, size_t n,
                       px_error *err);
/* Outlets' combined lean, read once per outlet: the level's index (0
 * far-left .. 6 far-right) or -1 when unrated.  FAILED is set (and ERR
 * filled) when the store could not be read. */
typedef struct core_leans {
	px_db *db;
	px_arena *a;
	px_map memo;            /* outlet id -> level index + 2 */
	int failed;
	px_error *err;
} core_leans;
void core_leans_init(core_leans *l, px_db *db, px_arena *a, px_error *err);
int core_lean_of(core_leans *l, int64_t outlet);
void core_leans_free(core_leans *l);

/* NAME as the px_topics() string it equals, or NULL. */
const char *core_topic(const char *name);

struct summary;
/* S's headline, summary, key points, quotes, one-sided facts and timeline
 * from what the summariser computed (stories.c). */
void story_set_summary(px_story *s, const struct summary *sm);

#endif
