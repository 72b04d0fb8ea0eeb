/*
 * core.h — what lies behind the public handles of parallax.h.  Only the
 * files of core/ and pipeline/ see inside a px_db.
 */
#ifndef PX_CORE_H
#define PX_CORE_H

#include "parallax.h"
#include "store/store.h"
#include "text/text.h"

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
/* NAME as the px_topics() string it equals, or NULL. */
const char *core_topic(const char *name);

struct summary;
/* S's headline, summary, key points, quotes, one-sided facts and timeline
 * from what the summariser computed (stories.c). */
void story_set_summary(px_story *s, const struct summary *sm);

#endif
