/*
 * sentences.c — sentence boundaries that survive news copy.
 *
 * A sentence ends at a line break, or at ".", "!", "?" or "…" (with any
 * closing quotes and brackets that follow) when the next word could start a
 * sentence.  Lower-case next words never start one ("No," he said. / "Stop!"
 * she cried.).  After a full stop we also look at the word before it:
 *   - a known abbreviation of the language ("Mr.", "Sept.", "Inc."),
 *   - a single capital letter (the initials of "J. R. Hollis", "J. T.
 *     Marlowe": an initial next never opens a sentence),
 *   - a word with inner full stops ("U.S.", "e.g."),
 * end a sentence only when the next word is a capitalised function word
 * ("... from the U.S. The talks ..."), which names and dates almost never are.
 * Numbers like "3.5%" never reach this point: the word breaker keeps them
 * whole.  In languages that write ordinals with a full stop ("am 12. März"),
 * a number followed by a stop is treated like an abbreviation.
 */
#include "text.h"
#include "textctx.h"

#include <stdlib.h>
#include <string.h>

static int is_terminal(const char *s, size_t n)
{
	return (n == 1 && (*s == '.' || *s == '!' || *s == '?')) ||
	       (n == 3 && (!memcmp(s, "\xE2\x80\xA6", 3) ||   /* … */
	                   !memcmp(s, "\xE3\x80\x82", 3) ||   /* 。 */
	                   !memcmp(s, "\xEF\xBC\x81", 3) ||   /* ！ */
	                   !memcmp(s, "\xEF\xBC\x9F", 3)));   /* ？ */
}

static int is_closer(const char *s, size_t n)
{
	if (n == 1)
		return *s == '"' || *s == '\'' || *s == ')' || *s == ']' || is_terminal(s, n);
	return (n == 3 && (!memcmp(s, "\xE2\x80\x9D", 3) ||   /* ” */
	                   !memcmp(s, "\xE2\x80\x99", 3) ||   /* ’ */
	                   !memcmp(s, "\xC2\xBB", 2))) ||      /* » */
	       (n == 2 && !memcmp(s, "\xC2\xBB", 2)) || is_terminal(s, n);
}

/* Next word could open a sentence, and is a capitalised function word. */
static int opens_clearly(px_textctx *ctx, const char *s, const px_token *t,
                         const char *lang)
{
	char buf[64];
	if (t->kind != PX_TOK_WORD || !(t->flags & PX_TOK_CAPITAL) || t->len >= 60)
		return 0;
	size_t n = px_casefold(s + t->start, t->len, buf, sizeof(buf));
	return px_is_stopword(ctx, lang, buf, n);
}

/* Languages that write ordinals as "12." (German "am 12. März"). */
static int ordinal_dot(const char *lang)
{
	static const char *const langs[] = { "de", "da", "no", "fi", "cs", "pl",
		"hu", "sk", "sl", "hr", "sr", "et", "lv", "is", "tr", NULL };
	for (int i = 0; langs[i]; i++)
		if (!strcmp(lang, langs[i]))
			return 1;
	return 0;
}

static int ends_sentence(px_textctx *ctx, const char *s, const px_token *toks,
                         size_t n, size_t dot, size_t next, const char *lang)
{
	if (next >= n || (toks[next].flags & PX_TOK_NEWLINE))
		return 1;
	const px_token *nt = &toks[next];
	if (nt->kind == PX_TOK_WORD && !(nt->flags & PX_TOK_CAPITAL))
		return 0;
	if (nt->kind == PX_TOK_PUNCT) {
		/* An opening quote or bracket: judge by the word inside it. */
		if (next + 1 < n && toks[next + 1].kind == PX_TOK_WORD &&
		    !(toks[next + 1].flags & PX_TOK_CAPITAL))
			return 0;
	}
	const px_token *d = &toks[dot];
	if (s[d->start] != '.' || dot == 0)
		return 1;
	const px_token *w = &toks[dot - 1];
	if (w->kind == PX_TOK_NUMBER && w->start + w->len == d->start &&
	    ordinal_dot(lang))
		return opens_clearly(ctx, s, nt, lang); /* "am 12. März" */
	if (w->kind != PX_TOK_WORD || w->start + w->len != d->start)
		return 1;
	char buf[64];
	if (w->len >= sizeof(buf) - 4)
		return 1;
	size_t wn = px_casefold(s + w->start, w->len, buf, sizeof(buf));
	int suspicious = px_is_abbreviation(ctx, lang, buf, wn) ||
	                 px_is_abbreviation(ctx, "en", buf, wn) ||
	                 memchr(buf, '.', wn) != NULL ||
	                 (w->len == 1 && (w->flags & PX_TOK_CAPITAL)) ||
	                 (w->len <= 4 && (w->flags & PX_TOK_CAPITAL) && wn == 1);
	if (!suspicious)
		return 1;
	if (nt->kind == PX_TOK_NUMBER)
		return 0;
	if (nt->len == 1 && next + 1 < n && toks[next + 1].start == nt->start + 1 &&
	    s[toks[next + 1].start] == '.')
		return 0; /* another initial ("J. T. Marlowe"), though "t" is a stop word */
	return opens_clearly(ctx, s, nt, lang);
}

size_t px_sentences(px_textctx *ctx, const char *s, px_token *toks, size_t n,
                    const char *lang, px_arena *a, px_span **out)
{
	size_t cap = 16, len = 0;
	px_span *sp = px_xmalloc(cap * sizeof(*sp));
	size_t first = 0; /* first token of the current sentence */
	for (size_t i = 0; i <= n; i++) {
		size_t last = 0; /* one past the last token of a sentence ending here */
		size_t resume = i + 1;
		if (i == n) {
			last = n;
		} else if (toks[i].kind == PX_TOK_PUNCT && (toks[i].flags & PX_TOK_NEWLINE)) {
			last = i;
		} else if (toks[i].kind == PX_TOK_PUNCT &&
		           is_terminal(s + toks[i].start, toks[i].len)) {
			size_t j = i + 1;
			while (j < n && toks[j].kind == PX_TOK_PUNCT &&
			       !(toks[j].flags & PX_TOK_NEWLINE) &&
			       toks[j].start == toks[j - 1].start + toks[j - 1].len &&
			       is_closer(s + toks[j].start, toks[j].len))
				j++;
			if (!ends_sentence(ctx, s, toks, n, i, j, lang)) {
				i = j - 1;
				continue;
			}
			last = j;
			resume = j;
		} else {
			continue;
		}
		/* Tokens [first, last) form a sentence if they hold a word. */
		size_t w = first;
		while (w < last && toks[w].kind == PX_TOK_PUNCT)
			w++;
		if (w < last) {
			if (len == cap) {
				cap *= 2;
				sp = px_xrealloc(sp, cap * sizeof(*sp));
			}
			uint32_t st = toks[first].start;
			if (toks[first].flags & PX_TOK_NEWLINE)
				st = toks[w].start;
			uint32_t en = toks[last - 1].start + toks[last - 1].len;
			while (en > st && (s[en - 1] == ' ' || s[en - 1] == '\n'))
				en--;
			toks[w].flags |= PX_TOK_SENT_START;
			uint16_t idx = len < UINT16_MAX ? (uint16_t)len : UINT16_MAX;
			for (size_t k = first; k < last; k++)
				toks[k].sentence = idx;
			sp[len++] = (px_span){ st, en - st };
		}
		first = resume;
		i = resume - 1;
	}
	*out = px_arena_alloc(a, (len ? len : 1) * sizeof(**out));
	memcpy(*out, sp, len * sizeof(*sp));
	free(sp);
	return len;
}
