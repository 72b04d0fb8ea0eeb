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

/* The term a folded word gives: its stem (in the memo's pool) and the
 * term hash, or no term (hash 0: a stop word, too short, a year). */
typedef struct word_term {
	uint64_t hash;
	uint32_t off;
	uint16_t len;
} word_term;

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
	/* analyze.c's memo of word -> term */
	px_map memo;                  /* hash of (kind, "lang:word") -> index + 1 */
	word_term *memo_terms;
	size_t memo_n, memo_cap;
	char *pool;                   /* the stems, NUL-separated */
	size_t pool_len, pool_cap;
	/* topic.c's lexicon: term hash -> topic index + 1, loaded on first use */
	px_map topic_terms;
	int topics_loaded;
};

int px_tokenizer_open(struct px_textctx *ctx);
void px_tokenizer_close(struct px_textctx *ctx);
void px_wordlists_load(struct px_textctx *ctx);
int px_is_abbreviation(struct px_textctx *ctx, const char *lang,
                       const char *word, size_t n);
void px_stemmers_close(struct px_textctx *ctx);
void px_langid_close(struct px_textctx *ctx);

#endif
