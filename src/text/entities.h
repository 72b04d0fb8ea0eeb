/* entities.h — internal to text/: the entity finder used by analyze.c. */
#ifndef PX_ENTITIES_H
#define PX_ENTITIES_H

#include "text.h"

/*
 * Entity candidates of a title (tokens TT, title case when TITLE_CASE) and a
 * body (tokens BT, sentences already marked), merged by key, sorted by hash.
 */
size_t px_entities_find(px_arena *a, const char *title, const px_token *tt,
                        size_t ntt, int title_case, const char *body,
                        const px_token *bt, size_t nbt, px_entity **out);

#endif
