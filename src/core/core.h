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

struct summary;
/* S's headline, summary, key points, quotes, one-sided facts and timeline
 * from what the summariser computed (stories.c). */
void story_set_summary(px_story *s, const struct summary *sm);

#endif
