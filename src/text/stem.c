/*
 * stem.c — Snowball stemming through libstemmer, one stemmer per language,
 * created on first use and kept for the life of the context.  Languages
 * without a Snowball stemmer get the lower-cased word back unchanged.
 */
#include "text.h"
#include "textctx.h"

#include <libstemmer.h>
#include <stdio.h>
#include <string.h>

static const struct {
	const char *iso, *snowball;
} snowball_names[] = {
	{ "en", "english" }, { "de", "german" }, { "es", "spanish" },
	{ "fr", "french" },  { "it", "italian" }, { "pt", "portuguese" },
	{ "ru", "russian" }, { "nl", "dutch" },   { "sv", "swedish" },
	{ "da", "danish" },  { "no", "norwegian" }, { "fi", "finnish" },
	{ "hu", "hungarian" }, { "ro", "romanian" }, { "tr", "turkish" },
};

static struct sb_stemmer *stemmer_for(px_textctx *ctx, const char *lang)
{
	for (int i = 0; i < ctx->n_stemmers; i++)
		if (!strcmp(ctx->stemmers[i].lang, lang))
			return ctx->stemmers[i].stemmer;
	if (ctx->n_stemmers == PX_MAX_LANGS)
		return NULL;
	struct sb_stemmer *st = NULL;
	for (size_t i = 0; i < sizeof(snowball_names) / sizeof(snowball_names[0]); i++)
		if (!strcmp(snowball_names[i].iso, lang))
			st = sb_stemmer_new(snowball_names[i].snowball, "UTF_8");
	/* Remember misses too, so unknown languages cost one lookup. */
	snprintf(ctx->stemmers[ctx->n_stemmers].lang, 8, "%s", lang);
	ctx->stemmers[ctx->n_stemmers++].stemmer = st;
	return st;
}

const char *px_stem(px_textctx *ctx, const char *lang, const char *word,
                    size_t n, size_t *out_len)
{
	struct sb_stemmer *st = stemmer_for(ctx, lang);
	if (!st) {
		*out_len = n;
		return word;
	}
	const sb_symbol *r = sb_stemmer_stem(st, (const sb_symbol *)word, (int)n);
	if (!r) { /* out of memory inside libstemmer: fall back to the word */
		*out_len = n;
		return word;
	}
	*out_len = (size_t)sb_stemmer_length(st);
	return (const char *)r;
}

void px_stemmers_close(px_textctx *ctx)
{
	for (int i = 0; i < ctx->n_stemmers; i++)
		if (ctx->stemmers[i].stemmer)
			sb_stemmer_delete(ctx->stemmers[i].stemmer);
	ctx->n_stemmers = 0;
}
