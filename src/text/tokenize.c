/*
 * tokenize.c — word tokens on Unicode word boundaries (UAX #29).
 *
 * ICU's rule-based word break iterator does the segmentation, reading the
 * UTF-8 text in place through a UText, so offsets are byte offsets and no
 * UTF-16 copy is made.  "U.S", "3.5", "Peskov's" and "don't" stay one token
 * each; ICU reports the kind of every segment (letters, number, or none).
 * Segments of kind "none" that are not blank become punctuation tokens, and
 * blank runs that hold a line break become one PX_TOK_NEWLINE token: the
 * sentence splitter needs both.  The iterator is built once per context,
 * because opening one costs far more than segmenting an article.
 */
#include "text.h"
#include "textctx.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/utext.h>
#include <utf8proc.h>

int px_tokenizer_open(px_textctx *ctx)
{
	UErrorCode st = U_ZERO_ERROR;
	ctx->word_break = ubrk_open(UBRK_WORD, "en", NULL, 0, &st);
	return U_FAILURE(st) ? -1 : 0;
}

void px_tokenizer_close(px_textctx *ctx)
{
	if (ctx->word_break)
		ubrk_close(ctx->word_break);
}

static uint8_t case_flags(const char *s, size_t n)
{
	const utf8proc_uint8_t *p = (const utf8proc_uint8_t *)s, *end = p + n;
	int letters = 0, upper = 0, lower = 0, first = -1;
	while (p < end) {
		utf8proc_int32_t cp;
		utf8proc_ssize_t k = utf8proc_iterate(p, end - p, &cp);
		if (k < 1)
			break;
		p += k;
		utf8proc_category_t c = utf8proc_category(cp);
		int up = c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
		int lo = c == UTF8PROC_CATEGORY_LL;
		if (up || lo || c == UTF8PROC_CATEGORY_LO) {
			if (first < 0)
				first = up;
			letters++;
			upper += up;
			lower += lo;
		}
	}
	uint8_t f = 0;
	if (first == 1)
		f |= PX_TOK_CAPITAL;
	if (letters >= 2 && upper >= 2 && !lower)
		f |= PX_TOK_ALLCAPS;
	return f;
}

static int is_blank(const char *s, size_t n, int *newline)
{
	*newline = 0;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '\n')
			*newline = 1;
		else if (s[i] != ' ')
			return 0;
	}
	return 1;
}

size_t px_tokenize(px_textctx *ctx, px_arena *a, const char *s, size_t n,
                   px_token **out)
{
	size_t cap = n / 3 + 16, len = 0;
	px_token *t = px_xmalloc(cap * sizeof(*t));
	UErrorCode st = U_ZERO_ERROR;
	UText *ut = utext_openUTF8(NULL, s, (int64_t)n, &st);
	ubrk_setUText(ctx->word_break, ut, &st);
	if (U_FAILURE(st)) {
		utext_close(ut);
		free(t);
		*out = NULL;
		return 0;
	}
	int32_t start = ubrk_first(ctx->word_break);
	for (int32_t end = ubrk_next(ctx->word_break); end != UBRK_DONE;
	     start = end, end = ubrk_next(ctx->word_break)) {
		int32_t rule = ubrk_getRuleStatus(ctx->word_break);
		const char *w = s + start;
		size_t wn = (size_t)(end - start);
		px_token tok = { (uint32_t)start, (uint32_t)wn, 0, 0, 0 };
		if (rule >= UBRK_WORD_NUMBER && rule < UBRK_WORD_NUMBER_LIMIT) {
			tok.kind = PX_TOK_NUMBER;
		} else if (rule >= UBRK_WORD_LETTER) {
			tok.kind = PX_TOK_WORD;
			tok.flags = case_flags(w, wn);
		} else {
			int nl;
			if (is_blank(w, wn, &nl)) {
				if (!nl)
					continue;
				tok.flags = PX_TOK_NEWLINE;
			}
			tok.kind = PX_TOK_PUNCT;
		}
		if (len == cap) {
			cap *= 2;
			t = px_xrealloc(t, cap * sizeof(*t));
		}
		t[len++] = tok;
	}
	utext_close(ut);
	*out = px_arena_alloc(a, (len ? len : 1) * sizeof(**out));
	memcpy(*out, t, len * sizeof(*t));
	free(t);
	return len;
}
