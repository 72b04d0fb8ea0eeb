/*
 * summary.c — extractive headline, summary and key points (see summary.h).
 *
 * What several outlets report independently is what the story is; what
 * one alone says is detail or angle.  So the sentences are chosen by the
 * facts they carry that other reports carry too.  A fact is approximated,
 * as in concept-based summarisation (Gillick and Favre's ICSI summariser),
 * by a word bigram of stems with at least one content word ("bridge
 * collaps", "three peopl"); a concept weighs the number of independent
 * articles that use it, and only concepts two of them share count when
 * there are two or more.  Sentences are then taken greedily by the weight
 * of the concepts they add that no sentence taken yet covers, per word of
 * length (a long sentence must bring more), with a bonus for standing early
 * in its article (news puts the news first), until the story's word budget
 * is spent: a summary sentence from the leads, then 3 to 5 key points.
 * Redundancy is then impossible by construction: a sentence that only
 * repeats covered concepts adds nothing.
 *
 * Sentences are also bags of stemmed index terms weighted by their inverse
 * frequency across the story's sentences; the centroid of those vectors
 * picks the headline (the title closest to it) and, for a story of one
 * independent report, the sentences.  Sentences that are too short or too
 * long to stand alone, questions, and page furniture ("READ ALSO",
 * "Advertisement", "list of 4 items") never qualify.
 */
#include "summary.h"

#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/hash.h"
#include "util/map.h"
#include "util/sparse.h"

enum { MAX_SENT_PER_DOC = 40, MAX_SENTENCES = 600, MAX_TERMS = 96, MAX_CONCEPTS = 128 };

typedef struct svec {
	uint64_t h[MAX_TERMS];
	float w[MAX_TERMS];
	int n;
	float norm;
} svec;

typedef struct sent {
	size_t doc;
	size_t index;          /* position in its article */
	const char *text;
	size_t len;
	svec v;
	double score;
	int eligible;
	int words;
	int scare;             /* puts one or two words in quotation marks */
	int sides;             /* how many sides carry it (its article's, others') */
	uint64_t *concepts;    /* distinct bigram concepts, sorted */
	int n_concepts;
} sent;

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Distinct term hashes of S[0..N) in sorted order; returns the word count. */
static int terms_of(px_textctx *ctx, px_arena *a, const char *s, size_t n,
                    const char *lang, svec *v)
{
	uint64_t *h;
	size_t nh;
	size_t words = px_text_terms(ctx, a, s, n, lang, &h, &nh);
	v->n = 0;
	for (size_t i = 0; i < nh && v->n < MAX_TERMS; i++)
		v->h[v->n++] = h[i];
	return (int)words;
}

/* summary.h: content-word stems and bigrams of adjacent stems with at
 * least one not a stop word (none across punctuation). */
int summary_concepts(px_textctx *ctx, px_arena *a, const char *s, size_t n,
                     const char *lang, uint64_t **out)
{
	px_token *toks;
	size_t nt = px_tokenize(ctx, a, s, n, &toks);
	uint64_t *c = px_arena_alloc(a, MAX_CONCEPTS * sizeof(uint64_t));
	int k = 0, prev_stop = 1;
	uint64_t prev = 0;
	for (size_t i = 0; i < nt && k < MAX_CONCEPTS; i++) {
		if (toks[i].kind != PX_TOK_WORD && toks[i].kind != PX_TOK_NUMBER) {
			prev = 0;  /* no bigram across punctuation */
			continue;
		}
		char buf[128];
		size_t bl = px_casefold(s + toks[i].start, toks[i].len, buf, sizeof(buf));
		int stop = px_is_stopword(ctx, lang, buf, bl);
		size_t sl;
		const char *st = px_stem(ctx, lang, buf, bl, &sl);
		uint64_t h = px_hash64(st, sl);
		if (prev && !(stop && prev_stop))
			c[k++] = px_hash64_seed(&h, sizeof(h), prev);
		if (!stop && k < MAX_CONCEPTS) /* a content word is a concept too */
			c[k++] = h;
		prev = h;
		prev_stop = stop;
	}
	qsort(c, (size_t)k, sizeof(uint64_t), cmp_u64);
	int m = 0;
	for (int i = 0; i < k; i++)
		if (!m || c[m - 1] != c[i])
			c[m++] = c[i];
	*out = c;
	return m;
}

static double cosine(const svec *a, const svec *b)
{
	if (a->norm <= 0 || b->norm <= 0)
		return 0;
	return px_sparse_dot(a->h, a->w, (size_t)a->n, b->h, b->w, (size_t)b->n) /
	       ((double)a->norm * b->norm);
}

int summary_side(const char *lean)
{
	if (!lean)
		return -1;
	if (strstr(lean, "left"))
		return 0;
	if (strstr(lean, "right"))
		return 2;
	return strcmp(lean, "center") ? -1 : 1;
}

/* 1 if S[0..N) puts one or two words in quotation marks: a "so-called"
 * framing, not a quote of what someone said. */
static int scare_quotes(const char *s, size_t n)
{
	static const char *const open[] = { "\"", "\xE2\x80\x9C", NULL };
	static const char *const close[] = { "\"", "\xE2\x80\x9D", NULL };
	for (int q = 0; open[q]; q++) {
		size_t lo = strlen(open[q]), lc = strlen(close[q]);
		for (size_t i = 0; i + lo < n; i++) {
			if (memcmp(s + i, open[q], lo))
				continue;
			size_t j = i + lo;
			int spaces = 0, letters = 0;
			while (j + lc <= n && memcmp(s + j, close[q], lc) && spaces < 2) {
				spaces += s[j] == ' ';
				letters += s[j] != ' ';
				j++;
			}
			if (j + lc <= n && !memcmp(s + j, close[q], lc) && spaces < 2 && letters > 2)
				return 1;
			i = j; /* on to the next pair */
		}
	}
	return 0;
}

/* 1 if S[0..N) has a run of RUN capitals: a word in capitals
 * ("DECLINING", RUN 5), a place in a dateline ("CARROW", RUN 3). */
static int shouts(const char *s, size_t n, int run)
{
	int k = 0;
	for (size_t i = 0; i < n; i++) {
		k = s[i] >= 'A' && s[i] <= 'Z' ? k + 1 : 0;
		if (k >= run)
			return 1;
	}
	return 0;
}

/* 1 if T[0..N) has a lower-case ASCII letter outside parentheses (an
 * agency's "(dpa)" is a tag; "Officials said" is a sentence). */
static int has_lower(const char *t, size_t n)
{
	int depth = 0;
	for (size_t m = 0; m < n; m++) {
		depth += (t[m] == '(') - (t[m] == ')');
		if (t[m] >= 'a' && t[m] <= 'z' && depth <= 0)
			return 1;
	}
	return 0;
}

/* 1 if [P, E) is a state or country after a dateline's place: up to three
 * capitalised words ("Calder", "Ore.", "New Mexico"), perhaps an agency
 * in parentheses after them ("D.C. (AP)"). */
static int region(const char *p, const char *e)
{
	int words = 0;
	while (p < e) {
		while (p < e && *p == ' ')
			p++;
		if (p >= e)
			break;
		if (*p == '(') {
			const char *c = memchr(p, ')', (size_t)(e - p));
			if (!c)
				return 0;
			p = c + 1;
			continue;
		}
		if (!(*p >= 'A' && *p <= 'Z') || ++words > 3)
			return 0;
		while (p < e && *p != ' ')
			p++;
	}
	return words > 0;
}

/* The length of the dash at T[0..N), spaces around it (" — ", " – ",
 * " - "), or 0. */
static size_t dash_at(const char *t, size_t n)
{
	static const char *const dashes[] = { " \xE2\x80\x94 ", " \xE2\x80\x93 ", " - ", NULL };
	for (int d = 0; dashes[d]; d++) {
		size_t k = strlen(dashes[d]);
		if (n >= k && !memcmp(t, dashes[d], k))
			return k;
	}
	return 0;
}

/* summary.h: a place and an agency in capitals up to a dash near the start
 * ("CARROW — ", "GENEVA (MPA) – ", "WASHINGTON - "), perhaps with its state
 * or country ("CORLISS, Calder — ", "TRENTON, N.J. (AP) — "), or an
 * agency's tag in parentheses ("(CNN) ", "(CNN) - "). */
void summary_drop_dateline(const char **s, size_t *n)
{
	const char *t = *s;
	if (*n > 2 && t[0] == '(') {
		size_t j = 1;
		while (j < *n && j < 16 && t[j] != ')' && t[j] != ' ')
			j++;
		if (j > 1 && j + 1 < *n && t[j] == ')' && t[j + 1] == ' ' && !has_lower(t, j)) {
			size_t k = j + 1, d = dash_at(t + k, *n - k);
			k += d ? d : 1; /* the tag, and its dash or its space */
			*s = t + k;
			*n -= k;
			return;
		}
	}
	for (size_t j = 1; j < *n && j < 48; j++) {
		size_t k = dash_at(t + j, *n - j);
		if (!k || j + k >= *n)
			continue;
		/* The place in capitals, then perhaps its state or country
		 * after a comma ("CORLISS, Calder — "). */
		const char *comma = memchr(t, ',', j);
		size_t place = comma ? (size_t)(comma - t) : j;
		if (has_lower(t, place) || !shouts(t, place, 3) ||
		    (comma && !region(comma + 1, t + j)))
			return;
		*s = t + j + k;
		*n -= j + k;
		return;
	}
}

static int furniture(const char *s, size_t n)
{
	static const char *const marks[] = {
		"READ ALSO", "READ MORE", "Advertisement", "Recommended", "list of ",
		"end of list", "Sign up", "Subscribe", "Click here", "Follow us",
		"All rights reserved", "Copyright", NULL,
	};
	for (int i = 0; marks[i]; i++) {
		size_t k = strlen(marks[i]);
		int c0 = tolower((unsigned char)marks[i][0]);
		for (size_t j = 0; j + k <= n; j++)
			if (tolower((unsigned char)s[j]) == c0 && !strncasecmp(s + j, marks[i], k))
				return 1;
	}
	return 0;
}

/* 1 when another report supports S[0..N): half of its concepts or more
 * are used by two independent articles or more (CDF), or it has none. */
static int supported(px_textctx *ctx, px_arena *a, const char *lang, const char *s,
                     size_t n, const px_map *cdf)
{
	uint64_t *c;
	int nc = summary_concepts(ctx, a, s, n, lang, &c), shared = 0;
	for (int k = 0; k < nc; k++) {
		const uint64_t *f = px_map_get(cdf, c[k]);
		shared += f && *f >= 2;
	}
	return 2 * shared >= nc;
}

/* Sentence X without the parts its grammar lets go (compress.c) that no
 * other report supports.  What is left must still parse whole; a cut at
 * the front leaves the next word capitalised.  NULL when nothing is cut. */
static char *compress(px_textctx *ctx, px_arena *a, const summary_doc *doc, const sent *x,
                      const px_map *cdf)
{
	if (!doc->lang || strcmp(doc->lang, "en"))
		return NULL;
	/* Unless a run that could hold a cut is unsupported, no cut would
	 * pass, and the parser (the costly part) is not asked. */
	enum { MAX_CUTS = 16, MAX_RUNS = 32 };
	summary_cut runs[MAX_RUNS];
	int nr = summary_cut_runs(x->text, x->len, runs, MAX_RUNS), weak = 0;
	for (int i = 0; i < nr && !weak; i++)
		weak = !supported(ctx, a, doc->lang, x->text + runs[i].start,
		                  runs[i].end - runs[i].start, cdf);
	if (!weak)
		return NULL;
	summary_cut cuts[MAX_CUTS];
	int n = summary_cuts(x->text, x->len, cuts, MAX_CUTS);
	int keep[MAX_CUTS] = { 0 }, any = 0, tree = 0;
	for (int i = 0; i < n; i++) {
		if (supported(ctx, a, doc->lang, x->text + cuts[i].start, cuts[i].end - cuts[i].start,
		              cdf))
			continue;
		/* of two cuts that overlap, the one found first goes */
		int skip = 0;
		for (int k = 0; k < i && !skip; k++)
			skip = keep[k] && cuts[k].start < cuts[i].end && cuts[i].start < cuts[k].end;
		if (skip)
			continue;
		keep[i] = 1;
		any = 1;
		tree |= cuts[i].kind != SUMMARY_CUT_PARENTHESIS;
	}
	if (!any)
		return NULL;
	char *out = px_arena_alloc(a, x->len + 1);
	size_t m = 0, at = 0;
	int cap = 0;
	for (;;) {
		int next = -1;
		for (int i = 0; i < n; i++)
			if (keep[i] && cuts[i].start >= at && (next < 0 || cuts[i].start < cuts[next].start))
				next = i;
		size_t end = next < 0 ? x->len : cuts[next].start;
		memcpy(out + m, x->text + at, end - at);
		m += end - at;
		if (next < 0)
			break;
		cap |= cuts[next].start == 0;
		at = cuts[next].end;
	}
	out[m] = 0;
	if (cap && islower((unsigned char)out[0]))
		out[0] = (char)toupper((unsigned char)out[0]);
	if (tree && !summary_parses(out, m))
		return NULL;
	return out;
}

void summary_compute(px_textctx *ctx, px_arena *a, const summary_doc *docs,
                     size_t n, summary *out)
{
	memset(out, 0, sizeof(*out));
	if (!n)
		return;
	/* A big story reads fewer sentences of each article, not fewer articles. */
	size_t per_doc = n ? MAX_SENTENCES / n : MAX_SENT_PER_DOC;
	per_doc = per_doc < 5 ? 5 : per_doc > MAX_SENT_PER_DOC ? MAX_SENT_PER_DOC : per_doc;
	size_t cap = n * per_doc + n;
	sent *ss = px_arena_zalloc(a, cap * sizeof(sent));
	svec *titles = px_arena_zalloc(a, n * sizeof(svec));
	size_t ns = 0;
	px_map df;
	px_map_init(&df);
	for (size_t d = 0; d < n; d++) {
		terms_of(ctx, a, docs[d].title, strlen(docs[d].title), docs[d].lang, &titles[d]);
		if (docs[d].is_copy)
			continue;
		for (size_t k = 0; k < docs[d].n_sentences && k < per_doc; k++) {
			const px_span *sp = &docs[d].sentences[k];
			sent *x = &ss[ns++];
			x->doc = d;
			x->index = k;
			x->text = docs[d].text + sp->start;
			x->len = sp->len;
			summary_drop_dateline(&x->text, &x->len);
			int words = terms_of(ctx, a, x->text, x->len, docs[d].lang, &x->v);
			x->words = words;
			x->eligible = words >= 8 && words <= 60 && x->text[x->len - 1] != '?' &&
			              !furniture(x->text, x->len);
			x->scare = scare_quotes(x->text, x->len);
			x->n_concepts = summary_concepts(ctx, a, x->text, x->len, docs[d].lang,
			                            &x->concepts);
			for (int i = 0; i < x->v.n; i++)
				++*px_map_put(&df, x->v.h[i], NULL);
		}
	}
	/* Weights: inverse frequency over the story's sentences. */
	size_t total = ns ? ns : 1;
	for (size_t i = 0; i < ns + n; i++) {
		svec *v = i < ns ? &ss[i].v : &titles[i - ns];
		double norm = 0;
		for (int k = 0; k < v->n; k++) {
			uint64_t *f = px_map_get(&df, v->h[k]);
			v->w[k] = (float)log(1.0 + (double)total / (double)(f ? *f : 1));
			norm += (double)v->w[k] * v->w[k];
		}
		v->norm = (float)sqrt(norm);
	}
	/* Centroid: the sum of all sentence vectors, cut to its top terms. */
	px_map cmap;
	px_map_init(&cmap);
	for (size_t i = 0; i < ns; i++)
		for (int k = 0; k < ss[i].v.n; k++) {
			uint64_t *slot = px_map_put(&cmap, ss[i].v.h[k], NULL);
			float w;
			memcpy(&w, slot, sizeof(w));
			w += ss[i].v.w[k];
			memcpy(slot, &w, sizeof(w));
		}
	svec *cent = px_arena_zalloc(a, sizeof(svec));
	{
		/* keep the MAX_TERMS heaviest */
		for (size_t i = 0; i < cmap.cap; i++) {
			if (!cmap.keys[i])
				continue;
			float w;
			memcpy(&w, &cmap.vals[i], sizeof(w));
			if (cent->n < MAX_TERMS) {
				cent->h[cent->n] = cmap.keys[i];
				cent->w[cent->n++] = w;
			} else {
				int min = 0;
				for (int k = 1; k < cent->n; k++)
					if (cent->w[k] < cent->w[min])
						min = k;
				if (w > cent->w[min]) {
					cent->h[min] = cmap.keys[i];
					cent->w[min] = w;
				}
			}
		}
		/* sort by hash, carrying weights */
		for (int i = 1; i < cent->n; i++)
			for (int k = i; k > 0 && cent->h[k - 1] > cent->h[k]; k--) {
				uint64_t th = cent->h[k];
				float tw = cent->w[k];
				cent->h[k] = cent->h[k - 1];
				cent->w[k] = cent->w[k - 1];
				cent->h[k - 1] = th;
				cent->w[k - 1] = tw;
			}
		double norm = 0;
		for (int k = 0; k < cent->n; k++)
			norm += (double)cent->w[k] * cent->w[k];
		cent->norm = (float)sqrt(norm);
	}
	px_map_free(&cmap);
	px_map_free(&df);

	/* Headline: the title closest to the centroid (ties: the earliest). */
	size_t best_title = 0;
	double best = -1;
	for (size_t d = 0; d < n; d++) {
		double c = cosine(&titles[d], cent) - (docs[d].is_copy ? 0.01 : 0);
		if (c > best + 1e-9) {
			best = c;
			best_title = d;
		}
	}
	out->headline = docs[best_title].title;

	for (size_t i = 0; i < ns; i++)
		ss[i].score = cosine(&ss[i].v, cent) + 0.15 / (1.0 + (double)ss[i].index);

	/* How many sides carry each sentence: its article's and those of the
	 * articles with a sentence close to it (asked only of the sentences
	 * that may be chosen: it costs a comparison with every other). */
	for (size_t i = 0; i < ns; i++) {
		if (!ss[i].eligible)
			continue;
		int seen[3] = { 0, 0, 0 }, better = 0;
		int own = summary_side(docs[ss[i].doc].lean);
		int weak = docs[ss[i].doc].factuality &&
		           !strcmp(docs[ss[i].doc].factuality, "very-low");
		if (own >= 0)
			seen[own] = 1;
		for (size_t k = 0; k < ns; k++) {
			int side = summary_side(docs[ss[k].doc].lean);
			if (ss[k].doc == ss[i].doc || cosine(&ss[i].v, &ss[k].v) < 0.45)
				continue;
			if (side >= 0)
				seen[side] = 1;
			better |= weak && !(docs[ss[k].doc].factuality &&
			                    !strcmp(docs[ss[k].doc].factuality, "very-low"));
		}
		ss[i].sides = seen[0] + seen[1] + seen[2];
		/* A very-low-factuality source's sentence is not shown when a
		 * better source carries it: that one's sentence is. */
		if (better)
			ss[i].eligible = 0;
	}

	/* Concept weights: how many independent articles use each. */
	px_map cdf;
	px_map_init(&cdf);
	size_t n_indep = 0, indep_words = 0;
	uint64_t **doc_concepts = px_arena_zalloc(a, (n + 1) * sizeof(uint64_t *));
	size_t *n_doc_concepts = px_arena_zalloc(a, (n + 1) * sizeof(size_t));
	for (size_t i = 0; i < ns;) {
		size_t j = i, m = 0;
		while (j < ns && ss[j].doc == ss[i].doc)
			m += (size_t)ss[j++].n_concepts;
		uint64_t *all = px_arena_alloc(a, (m + 1) * sizeof(uint64_t));
		m = 0;
		for (size_t k = i; k < j; k++) {
			memcpy(all + m, ss[k].concepts, (size_t)ss[k].n_concepts * sizeof(uint64_t));
			m += (size_t)ss[k].n_concepts;
			indep_words += (size_t)ss[k].words;
		}
		qsort(all, m, sizeof(uint64_t), cmp_u64);
		size_t u = 0;
		for (size_t k = 0; k < m; k++)
			if (!k || all[k] != all[k - 1]) {
				++*px_map_put(&cdf, all[k], NULL);
				all[u++] = all[k];
			}
		doc_concepts[ss[i].doc] = all;
		n_doc_concepts[ss[i].doc] = u;
		n_indep++;
		i = j;
	}
	const uint64_t min_df = n_indep >= 2 ? 2 : 1;

	/* Headline: the title that says most of what the reports share and
	 * least of what no other report says (a loaded word one outlet alone
	 * uses, a teaser's "you won't believe"), per word; scare quotes, a
	 * question or a shouted word count against it.  One report: the title
	 * closest to the centroid. */
	if (n_indep >= 2) {
		double best_h = -1e9;
		for (size_t d = 0; d < n; d++) {
			const char *t = docs[d].title;
			size_t tl = strlen(t);
			uint64_t *tc;
			int ntc = summary_concepts(ctx, a, t, tl, docs[d].lang, &tc);
			double sc = 0;
			for (int k = 0; k < ntc; k++) {
				uint64_t *f = px_map_get(&cdf, tc[k]);
				sc += f && *f >= min_df ? (double)*f : -1.0;
			}
			int words = 1;
			for (size_t k = 0; k < tl; k++)
				words += t[k] == ' ';
			sc /= sqrt((double)words);
			if (scare_quotes(t, tl) || strchr(t, '?') || strchr(t, '!') || shouts(t, tl, 5))
				sc -= 2;
			if (docs[d].is_copy)
				sc -= 0.01;
			if (sc > best_h + 1e-9) {
				best_h = sc;
				best_title = d;
			}
		}
		out->headline = docs[best_title].title;
	}
	px_map covered;
	px_map_init(&covered);
	/* The words the summary and the key points may take together: about
	 * a quarter of what the independent reports say, 60 to 200. */
	double budget = 40 + 0.25 * (double)indep_words;
	budget = budget < 60 ? 60 : budget > 200 ? 200 : budget;

	/* Key points: 3 to 5, within the budget once there are 3. */
	enum { MAX_POINTS = 5, MIN_POINTS = 3 };
	sent *pick[MAX_POINTS + 1];
	size_t np = 0;
	sent *lead = NULL;
	double used = 0;
	int any_lead = 0;
	for (size_t i = 0; i < ns; i++)
		any_lead |= ss[i].eligible && ss[i].index <= 1;
	int sides_taken[3] = { 0, 0, 0 };
	while (np < MAX_POINTS) {
		sent *bestp = NULL;
		double bestv = 0;
		for (size_t i = 0; i < ns; i++) {
			sent *x = &ss[i];
			if (!x->eligible || x == lead)
				continue;
			/* The summary comes from an article's lead (any sentence
			 * when no lead qualifies). */
			if (!lead && x->index > 1 && any_lead)
				continue;
			int taken = 0;
			double red = 0;
			for (size_t k = 0; k < np && !taken; k++) {
				taken = pick[k] == x;
				double c = cosine(&x->v, &pick[k]->v);
				red = c > red ? c : red;
			}
			if (lead) {
				double c = cosine(&x->v, &lead->v);
				red = c > red ? c : red;
			}
			if (taken || red >= 0.6)
				continue;
			double gain = 0;
			for (int k = 0; k < x->n_concepts; k++) {
				uint64_t *f = px_map_get(&cdf, x->concepts[k]);
				if (f && *f >= min_df && !px_map_get(&covered, x->concepts[k]))
					gain += (double)*f;
			}
			/* In a story of three reports or more a key point is
			 * corroborated: it adds a fact another report has too (of
			 * two, each may well have facts the other lacks).  Only to
			 * reach three points does one report's sentence serve: the
			 * one closest to the headline (the title that says most of
			 * what the reports share), so that it stays on the event
			 * rather than on one report's angle; its sources then name
			 * that report alone. */
			int alone = lead && n_indep >= 3 && gain <= 0;
			if (alone && np >= MIN_POINTS)
				continue;
			double v = alone ? 0.05 * (cosine(&x->v, &titles[best_title]) + 0.01 * x->score)
			                 : gain * (1.0 + 0.5 / (1.0 + (double)x->index)) /
			                           pow((double)x->words, 0.5) +
			                   0.05 * x->score; /* ties and single reports: centrality */
			/* The summary says what happened: the first reports state
			 * the event, later ones add angles (DOCS are oldest first). */
			if (!lead && docs[x->doc].published != PX_TIME_UNKNOWN)
				v *= 1.0 + 1.0 / (1.0 + (double)x->doc);
			/* Balance: what several sides carry, and a side not heard
			 * yet, are preferred; framing in scare quotes is not. */
			int side = summary_side(docs[x->doc].lean);
			if (side >= 0 && !sides_taken[side])
				v *= 1.3;
			if (x->sides > 1)
				v *= 1.0 + 0.2 * (x->sides - 1);
			if (x->scare)
				v *= lead ? 0.5 : 0.1;
			if (v > bestv) {
				bestv = v;
				bestp = x;
			}
		}
		if (!bestp)
			break;
		if (lead && np >= MIN_POINTS && used + bestp->words > budget)
			break;
		for (int k = 0; k < bestp->n_concepts; k++)
			px_map_put(&covered, bestp->concepts[k], NULL);
		int side = summary_side(docs[bestp->doc].lean);
		if (side >= 0)
			sides_taken[side] = 1;
		used += bestp->words;
		if (!lead)
			lead = bestp;
		else
			pick[np++] = bestp;
	}
	px_map_free(&covered);
	if (lead)
		out->summary = px_arena_strndup(a, lead->text, lead->len);
	/* In the order the story unfolded: article time, then position. */
	for (size_t i = 1; i < np; i++)
		for (size_t k = i; k > 0 && (pick[k - 1]->doc > pick[k]->doc ||
		                             (pick[k - 1]->doc == pick[k]->doc &&
		                              pick[k - 1]->index > pick[k]->index)); k--) {
			sent *t = pick[k];
			pick[k] = pick[k - 1];
			pick[k - 1] = t;
		}
	out->points = px_arena_zalloc(a, (np + 1) * sizeof(px_key_point));
	for (size_t i = 0; i < np; i++) {
		px_key_point *kp = &out->points[i];
		kp->text = compress(ctx, a, &docs[pick[i]->doc], pick[i], &cdf);
		if (kp->text)
			kp->sentence = px_arena_strndup(a, pick[i]->text, pick[i]->len);
		else
			kp->text = px_arena_strndup(a, pick[i]->text, pick[i]->len);
		/* Support: the articles with a sentence close to this point, or
		 * that carry most of its shared concepts in other words. */
		kp->article_ids = px_arena_alloc(a, (n + 1) * sizeof(int64_t));
		const sent *x = pick[i];
		for (size_t d = 0; d < n; d++) {
			int support = d == x->doc;
			for (size_t k = 0; k < ns && !support; k++)
				support = ss[k].doc == d && cosine(&ss[k].v, &x->v) >= 0.45;
			if (!support && doc_concepts[d]) {
				int shared = 0, of = 0;
				for (int k = 0; k < x->n_concepts; k++) {
					uint64_t *f = px_map_get(&cdf, x->concepts[k]);
					if (!f || *f < 2)
						continue;
					of++;
					shared += bsearch(&x->concepts[k], doc_concepts[d], n_doc_concepts[d],
					                  sizeof(uint64_t), cmp_u64) != NULL;
				}
				support = shared >= 4 && 2 * shared >= of;
			}
			if (!support)
				continue;
			kp->article_ids[kp->n_article_ids++] = docs[d].id;
			int side = summary_side(docs[d].lean);
			kp->left += side == 0;
			kp->center += side == 1;
			kp->right += side == 2;
		}
	}
	px_map_free(&cdf);
	out->n_points = np;
	out->n_quotes = summary_quotes(a, docs, n, &out->quotes);
	out->n_one_sided = summary_one_sided(ctx, a, docs, n, out->quotes, out->n_quotes,
	                                     &out->one_sided);
	out->n_timeline = summary_timeline(ctx, a, docs, n, &out->timeline);
}
