/*
 * onesided.c — what one side of the spectrum alone reports (summary.h).
 *
 * The items compared are names and numbers: a run of capitalised words
 * inside a sentence (not its first word alone), keyed by its last word,
 * so "Irena Dalsky" in one article and "Dalsky" in another are one item;
 * and a number as written ("400", "6.2"), years left out.  An item is
 * one-sided when the articles that carry it are all of one side and the
 * story has articles of another side to compare with; unrated outlets
 * count for no side.  Each one-sided fact is the first sentence of an
 * article that carries such items, with the items; a side lists at most
 * three, those with the most one-sided items first, then at most two
 * quotes that only its articles carry (the sentence, with the speaker).
 */
#include "summary.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "util/hash.h"
#include "util/map.h"

enum { MAX_ITEMS = 48, MAX_PER_SIDE = 3, MAX_QUOTES_PER_SIDE = 2 };

typedef struct item {
	uint64_t key;
	const char *surface;   /* as listed; NULL: only mentioned (a clause's first word) */
} item;

/* A sentence's items, read once for both uses. */
typedef struct sentence_items {
	item *it;
	size_t n;
} sentence_items;

/* Capitalised words that name no one: titles, months, days. */
static int plain_word(const char *w, size_t n)
{
	static const char *const words[] = {
		"Mr", "Mrs", "Ms", "Dr", "Rep", "Sen", "Sir", "Gov", "Gen", "Prof", "St", "Lt",
		"Col", "Capt", "President", "Minister", "Mayor", "January", "February", "March",
		"April", "May", "June", "July", "August", "September", "October", "November",
		"December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
		"Sunday", "Today", "Yesterday", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug",
		"Sep", "Sept", "Oct", "Nov", "Dec", "I", NULL,
	};
	for (int i = 0; words[i]; i++)
		if (strlen(words[i]) == n && !strncmp(words[i], w, n))
			return 1;
	return 0;
}

/* 1 if token T of S starts a sentence or a quotation: its capital says
 * nothing. */
static int starts_clause(const char *s, const px_token *t)
{
	size_t i = t->start;
	while (i > 0 && s[i - 1] == ' ')
		i--;
	return i == 0 || s[i - 1] == '"' || (i >= 3 && !memcmp(s + i - 3, "\xE2\x80\x9C", 3)) ||
	       s[i - 1] == ':' || s[i - 1] == '(';
}

/* The items of sentence S[0..N), in A.  A clause's capitalised first word
 * counts as mentioned but has no surface to list: what an article mentions
 * is counted generously, what is called one-sided strictly. */
static sentence_items items_of(px_textctx *ctx, px_arena *a, const char *s, size_t n)
{
	/* A dateline ("GENEVA (MPA) — ") names the wire, not a fact. */
	for (size_t i = 0; i + 5 < n && i < 60; i++)
		if (!memcmp(s + i, " \xE2\x80\x94 ", 5)) {
			s += i + 5;
			n -= i + 5;
			break;
		}
	px_token *t;
	size_t nt = px_tokenize(ctx, a, s, n, &t);
	item *out = px_arena_alloc(a, MAX_ITEMS * sizeof(item));
	size_t k = 0;
	for (size_t i = 0; i < nt && k < MAX_ITEMS; i++) {
		if (t[i].kind == PX_TOK_NUMBER) {
			const char *w = s + t[i].start;
			long v = strtol(w, NULL, 10);
			if ((t[i].len == 4 && v >= 1900 && v <= 2100) || t[i].len < 2)
				continue; /* a year, a day of the month, a small count */
			out[k++] = (item){ px_hash64(w, t[i].len), px_arena_strndup(a, w, t[i].len) };
			continue;
		}
		if (t[i].kind != PX_TOK_WORD || !(t[i].flags & PX_TOK_CAPITAL))
			continue;
		size_t j = i;
		while (j + 1 < nt && t[j + 1].kind == PX_TOK_WORD && (t[j + 1].flags & PX_TOK_CAPITAL) &&
		       t[j + 1].start <= t[j].start + t[j].len + 2) /* "Dr. Helene" too */
			j++;
		/* Titles and months are no name, nor, to list, a clause's
		 * first word. */
		size_t from = i;
		while (from <= j && plain_word(s + t[from].start, t[from].len))
			from++;
		size_t shown = from;
		if (shown == i && shown <= j && starts_clause(s, &t[shown]))
			for (shown++; shown <= j && plain_word(s + t[shown].start, t[shown].len);)
				shown++;
		while (j >= from && j > i && plain_word(s + t[j].start, t[j].len))
			j--;
		if (from <= j && !plain_word(s + t[j].start, t[j].len)) {
			const char *last = s + t[j].start;
			char key[64];
			size_t kl = px_casefold(last, t[j].len, key, sizeof(key));
			out[k++] = (item){ px_hash64(key, kl),
				           shown <= j ? px_arena_strndup(a, s + t[shown].start,
				                                         t[j].start + t[j].len - t[shown].start)
				                      : NULL };
		}
		while (i + 1 < nt && i < j)
			i++;
	}
	return (sentence_items){ out, k };
}

/* The side of the article with id ID in DOCS; -1 if unrated or none. */
static int side_of_id(const summary_doc *docs, size_t n, int64_t id)
{
	for (size_t d = 0; d < n; d++)
		if (docs[d].id == id)
			return summary_side(docs[d].lean);
	return -1;
}

size_t summary_one_sided(px_textctx *ctx, px_arena *a, const summary_doc *docs, size_t n,
                         const px_quote *quotes, size_t n_quotes, px_side_fact **out)
{
	*out = NULL;
	int story_sides = 0;
	for (size_t d = 0; d < n; d++) {
		int side = summary_side(docs[d].lean);
		if (side >= 0 && !docs[d].is_copy)
			story_sides |= 1 << side;
	}
	if (!(story_sides & (story_sides - 1))) /* one side or none: nothing to compare */
		return 0;
	/* Each sentence's items, and which sides carry each item. */
	px_map sides;
	px_map_init(&sides);
	sentence_items **items = px_arena_zalloc(a, (n + 1) * sizeof(*items));
	for (size_t d = 0; d < n; d++) {
		int side = summary_side(docs[d].lean);
		if (docs[d].is_copy)
			continue;
		items[d] = px_arena_alloc(a, (docs[d].n_sentences + 1) * sizeof(sentence_items));
		for (size_t k = 0; k < docs[d].n_sentences; k++) {
			const px_span *sp = &docs[d].sentences[k];
			items[d][k] = items_of(ctx, a, docs[d].text + sp->start, sp->len);
			for (size_t i = 0; i < items[d][k].n; i++)
				*px_map_put(&sides, items[d][k].it[i].key, NULL) |=
					side >= 0 ? 1u << side : 8u;
		}
	}
	px_side_fact *f = px_arena_zalloc(a, (3 * (MAX_PER_SIDE + MAX_QUOTES_PER_SIDE) + 1) *
	                                     sizeof(px_side_fact));
	size_t nf = 0;
	static const char *const names[3] = { "left", "center", "right" };
	for (int side = 0; side < 3; side++) {
		if (!(story_sides & (1 << side)))
			continue;
		size_t first = nf;
		for (size_t d = 0; d < n; d++) {
			if (docs[d].is_copy || summary_side(docs[d].lean) != side)
				continue;
			for (size_t k = 0; k < docs[d].n_sentences; k++) {
				const px_span *sp = &docs[d].sentences[k];
				const char *text = docs[d].text + sp->start;
				const item *buf = items[d][k].it;
				size_t m = items[d][k].n;
				const char **its = px_arena_alloc(a, (m + 1) * sizeof(char *));
				size_t ni = 0;
				for (size_t i = 0; i < m; i++) {
					uint64_t *mask = px_map_get(&sides, buf[i].key);
					if (!buf[i].surface || !mask || *mask != (1u << side))
						continue;
					int dup = 0;
					for (size_t j = 0; j < ni && !dup; j++)
						dup = !strcmp(its[j], buf[i].surface);
					/* An item a fact of this side already lists is not new. */
					for (size_t j = first; j < nf && !dup; j++)
						for (size_t h = 0; h < f[j].n_items && !dup; h++)
							dup = !strcmp(f[j].items[h], buf[i].surface);
					if (!dup)
						its[ni++] = buf[i].surface;
				}
				if (!ni)
					continue;
				/* Keep the side's MAX_PER_SIDE facts with the most items. */
				size_t slot = nf;
				if (nf - first == MAX_PER_SIDE) {
					slot = first;
					for (size_t j = first + 1; j < nf; j++)
						if (f[j].n_items < f[slot].n_items)
							slot = j;
					if (f[slot].n_items >= ni)
						continue;
				} else {
					nf++;
				}
				f[slot] = (px_side_fact){ names[side], px_arena_strndup(a, text, sp->len), its,
					                  ni, px_arena_alloc(a, sizeof(int64_t)), 1 };
				f[slot].article_ids[0] = docs[d].id;
			}
		}
		/* Quotes only this side's articles carry (the most carried first). */
		size_t nq = 0;
		for (size_t i = 0; i < n_quotes && nq < MAX_QUOTES_PER_SIDE; i++) {
			const px_quote *q = &quotes[i];
			int one = q->n_article_ids > 0;
			for (size_t k = 0; k < q->n_article_ids && one; k++)
				one = side_of_id(docs, n, q->article_ids[k]) == side;
			if (!one)
				continue;
			/* The fact is the sentence that carries the quote. */
			const char *text = NULL;
			for (size_t d = 0; d < n && !text; d++) {
				if (docs[d].id != q->article_ids[0])
					continue;
				for (size_t k = 0; k < docs[d].n_sentences && !text; k++) {
					const px_span *sp = &docs[d].sentences[k];
					char *sent = px_arena_strndup(a, docs[d].text + sp->start, sp->len);
					if (strstr(sent, q->text))
						text = sent;
				}
			}
			if (!text)
				continue;
			const char **its = px_arena_alloc(a, sizeof(char *));
			its[0] = q->speaker;
			f[nf++] = (px_side_fact){ names[side], text, its, 1, q->article_ids,
				                  q->n_article_ids };
			nq++;
		}
	}
	px_map_free(&sides);
	*out = f;
	return nf;
}
