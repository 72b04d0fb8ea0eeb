/*
 * textctx.h — the inside of a px_textctx, shared by the files of text/.
 * Other stages see px_textctx as opaque (text.h).
 */
#ifndef PX_TEXTCTX_H
#define PX_TEXTCTX_H

#include "util/map.h"

struct UBreakIterator;
struct sb_stemmer;

#define PX_MAX_LANGS 16

struct px_textctx {
	struct UBreakIterator *word_break;
	void *textcat;                /* libexttextcat handle, opened lazily */
	int textcat_failed;
	px_map stopwords;             /* hash("lang:word") -> 1 */
	px_map abbreviations;         /* hash("lang:abbr") -> 1 */
	struct {
		char lang[8];
		struct sb_stemmer *stemmer;
	} stemmers[PX_MAX_LANGS];
	int n_stemmers;
};

int px_tokenizer_open(struct px_textctx *ctx);
void px_tokenizer_close(struct px_textctx *ctx);
void px_wordlists_load(struct px_textctx *ctx);
int px_is_abbreviation(struct px_textctx *ctx, const char *lang,
                       const char *word, size_t n);
void px_stemmers_close(struct px_textctx *ctx);
void px_langid_close(struct px_textctx *ctx);

#endif
