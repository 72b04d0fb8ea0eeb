/*
 * summary.h — a story's headline, one-sentence summary and key points,
 * extractive: every sentence shown is a sentence of one of the story's
 * articles, and each key point lists the articles that carry it.
 *
 * Sentences are chosen by the facts they carry that other reports carry
 * too (summary.c says how): a summary sentence from the articles' leads,
 * then 3 to 5 key points within a word budget, each adding facts no
 * earlier one covers, so that no two say the same thing.  Datelines and
 * agency tags are cut from the front of a sentence; page furniture,
 * questions and sentences too short or too long to stand alone are never
 * shown.  Wire copies are left out: they would count one report several
 * times.  A key point is corroborated by another report when a story has
 * three independent ones or more; only to reach three points may one
 * report's sentence serve.  A story with fewer than four distinct
 * sentences gets fewer points.
 *
 * A key point is compressed where English grammar allows and the other
 * reports do not support a part of it: a relative clause, an appositive,
 * an opening phrase or a parenthesis goes (compress.c finds them with the
 * link grammar parser), and the point keeps its whole sentence beside.
 */
#ifndef PX_SUMMARY_H
#define PX_SUMMARY_H

#include "parallax.h"
#include "text/text.h"
#include "util/arena.h"

typedef struct summary_doc {
	int64_t id;
	const char *title;
	const char *text;
	const px_span *sentences;
	size_t n_sentences;
	const char *lang;
	int64_t published;
	int is_copy;
	const char *lean;       /* the outlet's lean level ("lean-left" ...) or NULL */
	const char *factuality; /* its factuality level ("very-low" ...) or NULL */
} summary_doc;

typedef struct summary {
	const char *headline;
	const char *summary;
	px_key_point *points;
	size_t n_points;
	px_quote *quotes;
	size_t n_quotes;
	px_side_fact *one_sided;
	size_t n_one_sided;
	px_update *timeline;
	size_t n_timeline;
} summary;

/* Summarises DOCS (oldest first) into OUT, allocating in A. */
void summary_compute(px_textctx *ctx, px_arena *a, const summary_doc *docs,
                     size_t n, summary *out);

/* The direct quotes of DOCS with their speakers (quotes.c): "…," said X;
 * X said: "…"; "…", X told …; merged by speaker and words across articles. */
size_t summary_quotes(px_arena *a, const summary_doc *docs, size_t n, px_quote **out);

/* What one side alone reports (onesided.c): the names and numbers that
 * articles of one lean carry and no article of another does, in the
 * sentences that state them, and the QUOTES (N_QUOTES) that only one
 * side's articles carry; only when two sides or more cover the story. */
size_t summary_one_sided(px_textctx *ctx, px_arena *a, const summary_doc *docs, size_t n,
                         const px_quote *quotes, size_t n_quotes, px_side_fact **out);

/* Sentence *S (*N bytes) without its dateline ("CARROW — ", "GENEVA (MPA)
 * — ", "WASHINGTON - ", "CORLISS, Calder — ") or an agency's tag ("(CNN)
 * "): a prefix dropped, so it is still a piece of its article. */
void summary_drop_dateline(const char **s, size_t *n);

/* A part of a sentence its grammar lets go (compress.c): bytes
 * [START, END) of it, with the commas or the space that set it off. */
enum {
	SUMMARY_CUT_PARENTHESIS, /* "(D-N.Y.)" */
	SUMMARY_CUT_RELATIVE,    /* ", which passed on Tuesday," */
	SUMMARY_CUT_APPOSITIVE,  /* ", 45," ", the agency's director," */
	SUMMARY_CUT_OPENER,      /* "After the vote, " */
};
typedef struct summary_cut {
	size_t start, end;
	int kind;
} summary_cut;

/* The parts of English sentence S[0..N) that may go, at most MAX, in
 * OUT: parentheses always, the rest when the link grammar parser links
 * every word of S.  They may overlap (a relative clause in an
 * appositive). */
int summary_cuts(const char *s, size_t n, summary_cut *out, int max);

/* Without the parser (cheap): the runs of S[0..N) between commas or
 * parentheses that have the shape of a part summary_cuts may find, at
 * most MAX, in OUT, with the kind that shape suggests: the first run when
 * a comma ends it (an opener), a parenthesis's inside, and after a comma
 * a run that opens with "which", "who", "whom" or "whose" or has at most
 * 14 words.  Every part summary_cuts finds begins as one of these, so a
 * caller that would cut none of them need not parse. */
int summary_cut_runs(const char *s, size_t n, summary_cut *out, int max);

/* 1 when the parser links every word of S[0..N) (a sentence of at most 45
 * words without brackets). */
int summary_parses(const char *s, size_t n);

/* 0 left, 1 center, 2 right, -1 unrated: the side of a lean level. */
int summary_side(const char *lean);

/* The distinct concepts of S[0..N) (summary.c): stems of content words
 * and bigrams of adjacent stems with a content word, sorted hashes in A. */
int summary_concepts(px_textctx *ctx, px_arena *a, const char *s, size_t n,
                     const char *lang, uint64_t **out);

/* How a story that spans more than a day developed (timeline.c): for each
 * day with reports, the lead sentence that brought the most concepts no
 * earlier day had, oldest first. */
size_t summary_timeline(px_textctx *ctx, px_arena *a, const summary_doc *docs, size_t n,
                        px_update **out);

#endif
