/*
 * text.h — the text stage: from an article's raw title and body to the
 * features every later stage works on.
 *
 *   raw bytes ─► valid UTF-8, NFC ─► language ─► word tokens (UAX #29, ICU)
 *             ─► sentences ─► terms (stop words out, Snowball stems)
 *             ─► entity candidates (aliases merged) ─► word 5-shingles
 *
 * Everything px_text_analyze() produces lives in the caller's arena and is
 * freed with it.  A px_textctx holds what is costly to build (ICU break
 * iterators, stemmers, the language classifier, word lists); build one per
 * thread and reuse it for every article.
 *
 * Guarantees: any byte string is accepted (invalid UTF-8 becomes U+FFFD,
 * control characters other than newline and tab are dropped); offsets in
 * tokens and sentences index the normalised text that px_text keeps.
 */
#ifndef PX_TEXT_H
#define PX_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"

typedef struct px_textctx px_textctx;

enum px_tok_kind { PX_TOK_WORD = 1, PX_TOK_NUMBER, PX_TOK_PUNCT };

enum px_tok_flags {
	PX_TOK_CAPITAL = 1,     /* first letter upper or title case */
	PX_TOK_ALLCAPS = 2,     /* two or more letters, all upper case */
	PX_TOK_SENT_START = 4,  /* first word of a sentence */
	PX_TOK_NEWLINE = 8,     /* punctuation run that holds a line break */
};

typedef struct px_token {
	uint32_t start, len;    /* bytes in px_text.text */
	uint8_t kind;           /* enum px_tok_kind */
	uint8_t flags;          /* enum px_tok_flags */
	uint16_t sentence;      /* index into px_text.sentences (saturating) */
} px_token;

typedef struct px_span {
	uint32_t start, len;
} px_span;

/* A distinct index term of the article: a stem, counted in body and title. */
typedef struct px_term {
	uint64_t hash;          /* px_hash64 of "lang:stem" */
	const char *stem;
	uint16_t tf_body;
	uint16_t tf_title;
} px_term;

enum px_entity_type { PX_ENT_OTHER, PX_ENT_PERSON, PX_ENT_PLACE, PX_ENT_ORG };

/* An entity candidate: a run of capitalised words, aliases merged. */
typedef struct px_entity {
	const char *name;       /* the fullest surface form seen */
	const char *key;        /* matching key: "peskov", "kyiv", "united states" */
	uint64_t hash;          /* px_hash64 of key */
	uint8_t type;           /* enum px_entity_type */
	uint16_t count;         /* mentions in title and body */
	uint8_t in_title;
} px_entity;

typedef struct px_text {
	const char *title;      /* normalised title */
	const char *text;       /* normalised body */
	size_t text_len;
	char lang[8];           /* ISO 639-1 ("en") or "und" */
	px_token *tokens;       /* body tokens */
	size_t n_tokens;
	px_span *sentences;     /* body sentences, trimmed */
	size_t n_sentences;
	px_term *terms;         /* sorted by hash */
	size_t n_terms;
	px_entity *entities;    /* sorted by hash */
	size_t n_entities;
	uint64_t *shingles;     /* hashes of word 5-grams of the body, in order */
	size_t n_shingles;
	size_t n_words;         /* body words */
	uint64_t text_hash;     /* of the normalised body, whitespace-folded */
} px_text;

px_textctx *px_textctx_new(void);
void px_textctx_free(px_textctx *ctx);

/*
 * Analyses one article.  LANG_HINT (may be NULL) skips language
 * identification when it names a language Parallax knows.
 */
void px_text_analyze(px_textctx *ctx, px_arena *a, const char *title,
                     const char *body, const char *lang_hint, px_text *out);

/* The pieces, for tests and for stages that need only one of them. */

/*
 * The terms of S[0..N) as px_text_analyze would give them for a body S
 * with no title — the same cleaning, language and terms — without the
 * rest of the analysis: their hashes, distinct and sorted, into *OUT (in
 * A, *N_OUT of them).  Returns the word count (px_text.n_words).
 */
size_t px_text_terms(px_textctx *ctx, px_arena *a, const char *s, size_t n,
                     const char *lang_hint, uint64_t **out, size_t *n_out);

/* Valid, NFC-normalised copy of S[0..N) in A; *OUT_LEN gets its length. */
char *px_utf8_clean(px_arena *a, const char *s, size_t n, size_t *out_len);
/* Identifies the language of S; writes "en", "de", ... or "und" to OUT. */
void px_lang_identify(px_textctx *ctx, const char *s, size_t n, char out[8]);
/* Word tokens of S (already clean) into A. */
size_t px_tokenize(px_textctx *ctx, px_arena *a, const char *s, size_t n,
                   px_token **out);
/* Sentence spans from S and its tokens; marks PX_TOK_SENT_START. */
size_t px_sentences(px_textctx *ctx, const char *s, px_token *toks, size_t n_toks,
                    const char *lang, px_arena *a, px_span **out);
/* Lower-cases WORD (N bytes) into BUF; returns its length. */
size_t px_casefold(const char *word, size_t n, char *buf, size_t size);
/* 1 if the lower-cased WORD is a stop word of LANG. */
int px_is_stopword(px_textctx *ctx, const char *lang, const char *word,
                   size_t n);
/* Snowball stem of the lower-cased WORD; the result lives until the next call. */
const char *px_stem(px_textctx *ctx, const char *lang, const char *word,
                    size_t n, size_t *out_len);
/* The matching key of an entity name, NUL-terminated in A. */
const char *px_entity_key(px_arena *a, const char *name, size_t n);

/* The broad topic T is about (topic.c: one of px_topic_names, which ends
 * with NULL), or NULL when its words point to none with confidence. */
extern const char *const px_topic_names[];
const char *px_topic_classify(px_textctx *ctx, const px_text *t);

/* Languages with a stemmer and a stop-word list here. */
int px_lang_supported(const char *lang);

#endif
