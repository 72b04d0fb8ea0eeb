/*
 * analyze.c — the text stage put together: px_text_analyze() runs the steps
 * of text.h in order on one article and fills a px_text in the caller's
 * arena.  Index terms come from the title and the body (counted apart, so
 * clustering can weigh the headline), entities from both, shingles and
 * sentences from the body only.
 *
 * A word's term (stop word or not, then its stem) depends on the word and
 * the language only, and news repeats its vocabulary from article to
 * article, so each context memoises it (textctx.h): the stemmer was the
 * largest single cost of the stage.  The memo is emptied when it grows past
 * a bound.
 */
#include "text.h"
#include "textctx.h"
#include "entities.h"
#include "util/hash.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MEMO_MAX = 1 << 15 };   /* words remembered before starting afresh */

static void memo_clear(px_textctx *b)
{
	px_map_free(&b->memo);
	b->memo_n = 0;
	b->pool_len = 0;
}

px_textctx *px_textctx_new(void)
{
	px_textctx *ctx = px_xcalloc(1, sizeof(*ctx));
	px_map_init(&ctx->memo);
	if (px_tokenizer_open(ctx) < 0) {
		free(ctx);
		return NULL;
	}
	px_map_init(&ctx->stopwords);
	px_map_init(&ctx->abbreviations);
	px_wordlists_load(ctx);
	return ctx;
}

void px_textctx_free(px_textctx *ctx)
{
	if (!ctx)
		return;
	px_tokenizer_close(ctx);
	px_stemmers_close(ctx);
	px_langid_close(ctx);
	px_map_free(&ctx->stopwords);
	px_map_free(&ctx->abbreviations);
	px_map_free(&ctx->memo);
	px_map_free(&ctx->topic_terms);
	free(ctx->memo_terms);
	free(ctx->pool);
	free(ctx);
}

/* A headline is in title case when no content word in it is lower case. */
static int is_title_case(px_textctx *ctx, const char *s, const px_token *t,
                         size_t n, const char *lang)
{
	int caps = 0;
	for (size_t i = 0; i < n; i++) {
		if (t[i].kind != PX_TOK_WORD)
			continue;
		if (t[i].flags & PX_TOK_CAPITAL) {
			caps++;
			continue;
		}
		char buf[64];
		if (t[i].len >= sizeof(buf) - 4)
			return 0;
		size_t k = px_casefold(s + t[i].start, t[i].len, buf, sizeof(buf));
		if (!px_is_stopword(ctx, lang, buf, k))
			return 0;
	}
	return caps >= 2;
}

static int is_year(const char *w, size_t n)
{
	return n == 4 && (w[0] == '1' || w[0] == '2') && (w[1] == '9' || w[1] == '0');
}

typedef struct term_acc {
	px_map index;      /* hash -> position in terms */
	px_term *terms;
	size_t n, cap;
} term_acc;

/* The term a token gives, computed: WORD is its folded form (WN bytes). */
static word_term term_compute(px_textctx *b, const char *lang, int kind, char *word,
                              size_t wn)
{
	word_term r = { 0, 0, 0 };
	if (kind == PX_TOK_NUMBER) {
		if (wn < 2 || is_year(word, wn))
			return r;
	} else {
		if (wn >= 2 && word[wn - 2] == '\'' && word[wn - 1] == 's')
			wn -= 2;
		if (wn < 2 || px_is_stopword(b, lang, word, wn))
			return r;
	}
	size_t sn = wn, ln = strlen(lang);
	const char *stem = kind == PX_TOK_WORD ? px_stem(b, lang, word, wn, &sn) : word;
	char key[300];
	if (ln + 1 + sn > sizeof(key) || sn > UINT16_MAX)
		return r;
	memcpy(key, lang, ln);
	key[ln] = ':';
	memcpy(key + ln + 1, stem, sn);
	if (b->pool_len + sn + 1 > b->pool_cap) {
		b->pool_cap = (b->pool_len + sn + 1) * 2;
		b->pool = px_xrealloc(b->pool, b->pool_cap);
	}
	memcpy(b->pool + b->pool_len, stem, sn);
	b->pool[b->pool_len + sn] = '\0';
	r = (word_term){ px_hash64(key, ln + 1 + sn), (uint32_t)b->pool_len, (uint16_t)sn };
	b->pool_len += sn + 1;
	return r;
}

/* The term of a token (folded WORD, WN bytes, of KIND) in LANG, memoised. */
static const word_term *term_of(px_textctx *ctx, const char *lang, int kind,
                                char *word, size_t wn)
{
	px_textctx *b = ctx;
	char key[300];
	size_t ln = strlen(lang);
	if (ln + 2 + wn > sizeof(key))
		return NULL;
	key[0] = (char)kind;
	memcpy(key + 1, lang, ln);
	key[ln + 1] = ':';
	memcpy(key + ln + 2, word, wn);
	uint64_t h = px_hash64(key, ln + 2 + wn);
	uint64_t *v = px_map_get(&b->memo, h);
	if (v)
		return &b->memo_terms[*v - 1];
	if (b->memo_n >= MEMO_MAX)
		memo_clear(b);
	word_term r = term_compute(b, lang, kind, word, wn);
	if (b->memo_n == b->memo_cap) {
		b->memo_cap = b->memo_cap ? b->memo_cap * 2 : 1024;
		b->memo_terms = px_xrealloc(b->memo_terms, b->memo_cap * sizeof(word_term));
	}
	b->memo_terms[b->memo_n++] = r;
	*px_map_put(&b->memo, h, NULL) = b->memo_n;
	return &b->memo_terms[b->memo_n - 1];
}

static int cmp_hash(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* 1 if token T is a word or number short enough to be a term (the terms
 * and the word count read the same tokens). */
static int term_token(const px_token *t)
{
	return t->kind != PX_TOK_PUNCT && t->len < 256 - 4;
}

static void add_terms(px_textctx *ctx, px_arena *a, term_acc *acc, const char *s,
                      const px_token *t, size_t n, const char *lang, int title)
{
	char word[256];
	for (size_t i = 0; i < n; i++) {
		if (!term_token(&t[i]))
			continue;
		size_t wn = px_casefold(s + t[i].start, t[i].len, word, sizeof(word));
		const word_term *wt = term_of(ctx, lang, t[i].kind, word, wn);
		if (!wt || !wt->hash)
			continue;
		int added;
		uint64_t *slot = px_map_put(&acc->index, wt->hash, &added);
		if (added) {
			if (acc->n == acc->cap) {
				acc->cap = acc->cap ? acc->cap * 2 : 64;
				acc->terms = px_xrealloc(acc->terms, acc->cap * sizeof(px_term));
			}
			*slot = acc->n;
			const char *stem = ctx->pool + wt->off;
			acc->terms[acc->n++] = (px_term){ wt->hash, px_arena_strndup(a, stem, wt->len),
			                                  0, 0 };
		}
		px_term *pt = &acc->terms[*slot];
		if (title)
			pt->tf_title += pt->tf_title < UINT16_MAX;
		else
			pt->tf_body += pt->tf_body < UINT16_MAX;
	}
}

static int cmp_term(const void *a, const void *b)
{
	const px_term *x = a, *y = b;
	return x->hash < y->hash ? -1 : x->hash > y->hash;
}

static void shingle(px_arena *a, const char *s, const px_token *t, size_t n,
                    px_text *out)
{
	enum { K = 5 };
	uint64_t *words = px_xmalloc((n + 1) * sizeof(uint64_t));
	size_t nw = 0;
	XXH3_state_t *st = XXH3_createState();
	XXH3_64bits_reset(st);
	char buf[256];
	for (size_t i = 0; i < n; i++) {
		if (!term_token(&t[i]))
			continue;
		size_t k = px_casefold(s + t[i].start, t[i].len, buf, sizeof(buf));
		words[nw++] = px_hash64(buf, k);
		XXH3_64bits_update(st, buf, k + 1); /* include the NUL as separator */
	}
	out->text_hash = XXH3_64bits_digest(st);
	if (!out->text_hash)
		out->text_hash = 1;
	XXH3_freeState(st);
	out->n_words = nw;
	out->n_shingles = nw >= K ? nw - K + 1 : 0;
	out->shingles = px_arena_alloc(a, (out->n_shingles + 1) * sizeof(uint64_t));
	for (size_t i = 0; i < out->n_shingles; i++)
		out->shingles[i] = px_hash64(words + i, K * sizeof(uint64_t));
	free(words);
}

/* The language of TITLE and TEXT (clean, TEXT BL bytes) into OUT: the
 * hint when Parallax knows it, else identified (from the text alone when
 * it is long enough).  Returns the language to analyse with: unknown
 * languages are analysed with the English lists, harmless for scripts
 * without stop words and right for the most common case. */
static const char *analysis_lang(px_textctx *ctx, px_arena *a, const char *title,
                                 const char *text, size_t bl, const char *lang_hint,
                                 char out[8])
{
	if (lang_hint && px_lang_supported(lang_hint)) {
		snprintf(out, 8, "%s", lang_hint);
	} else if (bl >= 200) {
		px_lang_identify(ctx, text, bl, out);
	} else {
		char *both = px_arena_printf(a, "%s\n%s", title, text);
		px_lang_identify(ctx, both, strlen(both), out);
	}
	return px_lang_supported(out) ? out : "en";
}

size_t px_text_terms(px_textctx *ctx, px_arena *a, const char *s, size_t n,
                     const char *lang_hint, uint64_t **out, size_t *n_out)
{
	size_t bl = 0;
	const char *text = px_utf8_clean(a, s, n, &bl);
	char found[8];
	const char *lang = analysis_lang(ctx, a, "", text, bl, lang_hint, found);
	px_token *t;
	size_t nt = px_tokenize(ctx, a, text, bl, &t), words = 0, k = 0;
	uint64_t *h = px_arena_alloc(a, (nt + 1) * sizeof(uint64_t));
	char word[256];
	for (size_t i = 0; i < nt; i++) {
		if (!term_token(&t[i]))
			continue;
		words++;
		size_t wn = px_casefold(text + t[i].start, t[i].len, word, sizeof(word));
		const word_term *wt = term_of(ctx, lang, t[i].kind, word, wn);
		if (wt && wt->hash)
			h[k++] = wt->hash;
	}
	qsort(h, k, sizeof(uint64_t), cmp_hash);
	size_t m = 0;
	for (size_t i = 0; i < k; i++)
		if (!m || h[m - 1] != h[i])
			h[m++] = h[i];
	*out = h;
	*n_out = m;
	return words;
}

void px_text_analyze(px_textctx *ctx, px_arena *a, const char *title,
                     const char *body, const char *lang_hint, px_text *out)
{
	memset(out, 0, sizeof(*out));
	size_t tl = 0, bl = 0;
	out->title = px_utf8_clean(a, title ? title : "", title ? strlen(title) : 0, &tl);
	out->text = px_utf8_clean(a, body ? body : "", body ? strlen(body) : 0, &bl);
	out->text_len = bl;
	const char *lang = analysis_lang(ctx, a, out->title, out->text, bl, lang_hint,
	                                 out->lang);

	px_token *tt;
	size_t ntt = px_tokenize(ctx, a, out->title, tl, &tt);
	for (size_t i = 0; i < ntt; i++)
		if (tt[i].kind != PX_TOK_PUNCT) {
			tt[i].flags |= PX_TOK_SENT_START;
			break;
		}
	out->n_tokens = px_tokenize(ctx, a, out->text, bl, &out->tokens);
	out->n_sentences = px_sentences(ctx, out->text, out->tokens, out->n_tokens,
	                                lang, a, &out->sentences);

	term_acc acc;
	memset(&acc, 0, sizeof(acc));
	px_map_init(&acc.index);
	add_terms(ctx, a, &acc, out->title, tt, ntt, lang, 1);
	add_terms(ctx, a, &acc, out->text, out->tokens, out->n_tokens, lang, 0);
	out->terms = px_arena_alloc(a, (acc.n ? acc.n : 1) * sizeof(px_term));
	if (acc.n) {
		qsort(acc.terms, acc.n, sizeof(px_term), cmp_term);
		memcpy(out->terms, acc.terms, acc.n * sizeof(px_term));
	}
	out->n_terms = acc.n;
	free(acc.terms);
	px_map_free(&acc.index);

	int title_case = is_title_case(ctx, out->title, tt, ntt, lang);
	out->n_entities = px_entities_find(a, out->title, tt, ntt, title_case, out->text,
	                                   out->tokens, out->n_tokens, &out->entities);
	shingle(a, out->text, out->tokens, out->n_tokens, out);
}
