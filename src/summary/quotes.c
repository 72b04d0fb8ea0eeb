/*
 * quotes.c — direct quotes and their speakers (summary.h).
 *
 * News attributes a quote in a few fixed shapes, inside one sentence:
 *
 *   "We will rebuild," said Mayor Ellen Whitcombe.      quote, verb, name
 *   "We will rebuild," Whitcombe said.                  quote, name, verb
 *   Whitcombe said: "We will rebuild."                  name, verb, quote
 *   Whitcombe told reporters that "the city will pay".  name, verb ..., quote
 *   „Wir streiken", sagte Korthals.  «No», dijo Benavídez.
 *
 * A quote may run over several sentences ("It was hard. We tried," said
 * X): it ends at its closing mark within the paragraph, and the words
 * around it are those of the sentences where it opens and closes.  The
 * marks are English, German („…“) and French or Spanish («…») ones, and
 * the verbs those of English, German, Spanish and French.
 *
 * The speaker is the run of capitalised words next to the verb (titles
 * such as "Mayor" kept in the name shown, dropped from the key: quotes are
 * merged by the speaker's last name and the quoted words).  A pronoun ("he
 * said") or a quote with no verb of saying next to it is left out rather
 * than guessed.  Quotes of fewer than four words are framing, not speech
 * (see the scare quotes in summary.c), and are left out too.
 */
#include "summary.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

enum { MAX_QUOTES = 256 };

static const char *const verbs[] = {
	"said", "says", "told", "added", "wrote", "asked", "stated", "declared", "warned",
	"insisted", "argued", "explained", "noted", "replied", "according",
	"sagte", "sagt", "erkl\xC3\xA4rte", "betonte", "warnte", "fragte", "schrieb",
	"dijo", "declar\xC3\xB3", "afirm\xC3\xB3", "se\xC3\xB1" "al\xC3\xB3",
	"explic\xC3\xB3", "asegur\xC3\xB3", "advirti\xC3\xB3", "grit\xC3\xB3", "gritaba",
	"a d\xC3\xA9" "clar\xC3\xA9", "a dit", "a affirm\xC3\xA9", "a expliqu\xC3\xA9",
	NULL,
};

/* Words of a title before a name ("said council clerk Ana Ruiz",
 * "incident commander Ray Okafor said"): up to three lower-case words
 * from S; the name's first letter, or S when there is no such title. */
static const char *past_title(const char *s, const char *end)
{
	const char *m = s;
	if ((end - m > 2 && !memcmp(m, "a ", 2)) || (end - m > 3 && !memcmp(m, "an ", 3)) ||
	    (end - m > 4 && !memcmp(m, "one ", 4)))
		return s; /* "said one bank executive who asked not to be named" */
	for (int w = 0; w < 3 && m < end && *m >= 'a' && *m <= 'z'; w++) {
		if (end - m > 3 && !memcmp(m, "of ", 3))
			return s; /* "the mayor of Carrow said": Carrow is no speaker */
		while (m < end && *m != ' ' && *m != ',')
			m++;
		if (m >= end || *m != ' ')
			return s;
		m++;
		if (m < end && isupper((unsigned char)*m))
			return m;
	}
	return s;
}

/* The length of the verb of saying at S, or 0. */
static size_t verb_at(const char *s, const char *end)
{
	for (int i = 0; verbs[i]; i++) {
		size_t k = strlen(verbs[i]);
		if ((size_t)(end - s) >= k && !strncmp(s, verbs[i], k) &&
		    (s + k == end || !isalpha((unsigned char)s[k])))
			return k;
	}
	return 0;
}

/* A run of capitalised words (and "de", "van", initials) from S forward:
 * its end, or S when there is none. */
static const char *name_forward(const char *s, const char *end)
{
	const char *p = s, *last = s;
	int words = 0;
	while (p < end && words < 6) {
		while (p < end && *p == ' ')
			p++;
		if (p >= end || !(isupper((unsigned char)*p) || (unsigned char)*p >= 0xC0))
			break;
		const char *w = p;
		while (p < end && (isalnum((unsigned char)*p) || *p == '.' || *p == '-' ||
		                   *p == '\'' || (unsigned char)*p >= 0x80))
			p++;
		if (p == w)
			break;
		last = p;
		words++;
	}
	while (last > s && last[-1] == '.' && !(last - s >= 2 && isupper((unsigned char)last[-2]) &&
	                                         (last - s == 2 || last[-3] == ' ')))
		last--; /* a full stop ends the sentence, not an initial */
	return words ? last : s;
}

/* The same backward from END (exclusive): the start of the name. */
static const char *name_backward(const char *start, const char *end)
{
	const char *p = end, *first = end;
	int words = 0;
	while (p > start && words < 6) {
		while (p > start && p[-1] == ' ')
			p--;
		const char *e = p;
		while (p > start && p[-1] != ' ' && p[-1] != ',' && p[-1] != '"' &&
		       (unsigned char)p[-1] != 0x9D && (unsigned char)p[-1] != 0x9C)
			p--;
		if (p == e || !(isupper((unsigned char)*p) || (unsigned char)*p >= 0xC0))
			break;
		first = p;
		words++;
	}
	return words ? first : end;
}

/* The key a speaker is merged by: the last word, lower-cased. */
static void speaker_key(const char *name, char *out, size_t size)
{
	const char *last = strrchr(name, ' ');
	last = last ? last + 1 : name;
	size_t k = 0;
	for (const char *p = last; *p && k + 1 < size; p++)
		out[k++] = (char)tolower((unsigned char)*p);
	out[k] = 0;
}

static int pronoun(const char *s, size_t n)
{
	static const char *const p[] = { "He", "She", "They", "It", "We", "I", "You", NULL };
	for (int i = 0; p[i]; i++)
		if (strlen(p[i]) == n && !strncmp(s, p[i], n))
			return 1;
	return 0;
}

/* Quotation marks: an opening one and the closing ones that may end it. */
static const struct mark {
	const char *open;
	const char *close[3];
} marks[] = {
	{ "\"", { "\"", "\xE2\x80\x9D", NULL } },               /* "…" "…” */
	{ "\xE2\x80\x9C", { "\xE2\x80\x9D", "\"", NULL } },       /* “…” */
	{ "\xE2\x80\x9E", { "\xE2\x80\x9C", "\"", "\xE2\x80\x9D" } }, /* „…“ */
	{ "\xC2\xAB", { "\xC2\xBB", NULL, NULL } },                 /* «…» */
};

/* The opening quotation mark at S: its index in MARKS, or -1. */
static int open_at(const char *s, const char *end)
{
	if (*s != '"' && (unsigned char)*s != 0xE2 && (unsigned char)*s != 0xC2)
		return -1;
	for (int i = 0; i < (int)(sizeof(marks) / sizeof(*marks)); i++) {
		size_t k = strlen(marks[i].open);
		if ((size_t)(end - s) >= k && !memcmp(s, marks[i].open, k))
			return i;
	}
	return -1;
}

/* The first closing mark of MARK in [S, END), its length in *K; NULL at
 * none, or when a paragraph ends first. */
static const char *close_from(int mark, const char *s, const char *end, size_t *k)
{
	for (const char *p = s; p < end; p++) {
		if (*p == '\n' && p + 1 < end && p[1] == '\n')
			return NULL;
		for (int i = 0; i < 3 && marks[mark].close[i]; i++) {
			size_t n = strlen(marks[mark].close[i]);
			if ((size_t)(end - p) >= n && !memcmp(p, marks[mark].close[i], n)) {
				*k = n;
				return p;
			}
		}
	}
	return NULL;
}

/* The name [N, *NE) if it is a person's; if it is a firm's ("said Midland
 * Axle's managing director, Graham Tilsley"), the person's after the
 * title, *NE moved to its end. */
static const char *person_of_firm(const char *n, const char **ne, const char *e)
{
	const char *t = *ne;
	if (!((t - n > 2 && !memcmp(t - 2, "'s", 2)) ||
	      (t - n > 4 && !memcmp(t - 4, "\xE2\x80\x99s", 4))))
		return n;
	while (t < e && *t == ' ')
		t++;
	const char *m = past_title(t, e);
	if (m == t && t < e && *t >= 'a' && *t <= 'z') { /* "…director, Graham" */
		while (m < e && *m != ',' && m - t < 40)
			m++;
		m += m + 2 < e && m[0] == ',' && m[1] == ' ' ? 2 : 0;
	}
	const char *me = m > t ? name_forward(m, e) : m;
	if (me <= m)
		return n;
	*ne = me;
	return m;
}

/* The speaker of the quote [QS, QE) in the sentence [S, E), or NULL. */
static const char *speaker_of(px_arena *a, const char *s, const char *e, const char *qs,
                              const char *qe)
{
	/* After: `," said X` / `," X said` / `," according to X`. */
	const char *p = qe;
	while (p < e && (*p == ',' || *p == ' '))
		p++;
	size_t v = verb_at(p, e);
	if (v) {
		const char *n = p + v;
		if (!strncmp(p, "according", 9)) {
			n = p + 9;
			while (n < e && *n == ' ')
				n++;
			if (!strncmp(n, "to ", 3))
				n += 3;
		}
		while (n < e && *n == ' ')
			n++;
		const char *m = past_title(n, e);
		if (m > n && name_forward(m, e) > m)
			n = m;
		const char *ne = name_forward(n, e);
		n = person_of_firm(n, &ne, e);
		if (ne > n && !pronoun(n, (size_t)(ne - n)))
			return px_arena_strndup(a, n, (size_t)(ne - n));
	} else {
		p = past_title(p, e);
		const char *ne = name_forward(p, e);
		const char *after = ne;
		while (after < e && *after == ' ')
			after++;
		if (ne > p && verb_at(after, e) && !pronoun(p, (size_t)(ne - p)))
			return px_arena_strndup(a, p, (size_t)(ne - p));
	}
	/* Before: `X said: "` / `X said "` / `X told reporters that "`. */
	const char *b = qs;
	while (b > s && (b[-1] == ' ' || b[-1] == ':' || b[-1] == ','))
		b--;
	for (const char *w = b; w > s && b - w < 40; w--) { /* the verb, near */
		if (w[-1] != ' ' && w != s + 1)
			continue;
		if (verb_at(w, b) || (w == s + 1 && verb_at(s, b))) {
			const char *vs = w == s + 1 && verb_at(s, b) ? s : w;
			const char *ns = name_backward(s, vs - (vs > s));
			const char *nend = vs;
			while (nend > ns && nend[-1] == ' ')
				nend--;
			if (nend > ns && !pronoun(ns, (size_t)(nend - ns)))
				return px_arena_strndup(a, ns, (size_t)(nend - ns));
			return NULL;
		}
	}
	return NULL;
}

size_t summary_quotes(px_arena *a, const summary_doc *docs, size_t n, px_quote **out)
{
	px_quote *q = px_arena_zalloc(a, (MAX_QUOTES + 1) * sizeof(px_quote));
	char (*keys)[64] = px_arena_zalloc(a, (MAX_QUOTES + 1) * 64);
	size_t nq = 0;
	for (size_t d = 0; d < n; d++) {
		if (docs[d].is_copy) /* a reprint adds no speaker */
			continue;
		const char *text0 = docs[d].text;
		const px_span *sp = docs[d].sentences;
		size_t ns = docs[d].n_sentences;
		for (size_t k = 0; k < ns; k++) {
			const char *s = text0 + sp[k].start, *e = s + sp[k].len;
			for (const char *p = s; p < e; p++) {
				int mark = open_at(p, e);
				if (mark < 0)
					continue;
				/* The close, in this sentence or one of the next three. */
				const char *qs = p + strlen(marks[mark].open), *qe = NULL;
				size_t kc = 0, last = k;
				while (last < ns && last < k + 4) {
					const char *le = text0 + sp[last].start + sp[last].len;
					if ((qe = close_from(mark, qs, le, &kc)) || last + 1 == ns)
						break;
					last++;
				}
				if (!qe)
					break;
				const char *qend = text0 + sp[last].start + sp[last].len;
				int words = 1;
				for (const char *c = qs; c < qe; c++)
					words += *c == ' ' || *c == '\n';
				const char *speaker = words >= 4 ? speaker_of(a, s, qend, p, qe + kc) : NULL;
				if (last > k) { /* go on after the close, in its sentence */
					k = last;
					s = text0 + sp[k].start;
					e = qend;
				}
				p = qe + kc - 1;
				if (!speaker)
					continue;
				char *text = px_arena_strndup(a, qs, (size_t)(qe - qs));
				size_t tl = strlen(text); /* the comma or stop the attribution needs */
				while (tl && (text[tl - 1] == ',' || text[tl - 1] == ' ' ||
				              (text[tl - 1] == '.' && (tl < 3 || text[tl - 2] != '.'))))
					text[--tl] = 0;
				char key[64];
				speaker_key(speaker, key, sizeof(key));
				/* One quote: the same speaker, and words of one in the
				 * other, both from the start of a sentence (a fragment,
				 * "would risk undoing …", stays apart: it is not what
				 * an article that quotes the whole says). */
				int whole = !islower((unsigned char)text[0]);
				size_t i = 0;
				while (i < nq && !(!strcmp(keys[i], key) &&
				                   whole == !islower((unsigned char)q[i].text[0]) &&
				                   (strstr(q[i].text, text) || strstr(text, q[i].text))))
					i++;
				if (i == nq) {
					if (nq == MAX_QUOTES)
						continue;
					q[nq] = (px_quote){ speaker, text,
						            px_arena_zalloc(a, (n + 1) * sizeof(int64_t)), 0 };
					memcpy(keys[nq], key, sizeof(key));
					nq++;
				} else {
					if (strlen(speaker) > strlen(q[i].speaker))
						q[i].speaker = speaker;
					/* The words every citing article carries. */
					if (strlen(text) < strlen(q[i].text))
						q[i].text = text;
				}
				if (!q[i].n_article_ids ||
				    q[i].article_ids[q[i].n_article_ids - 1] != docs[d].id)
					q[i].article_ids[q[i].n_article_ids++] = docs[d].id;
			}
		}
	}
	/* The most carried first; then in the order they were said. */
	for (size_t i = 1; i < nq; i++)
		for (size_t j = i; j > 0 && q[j - 1].n_article_ids < q[j].n_article_ids; j--) {
			px_quote t = q[j];
			q[j] = q[j - 1];
			q[j - 1] = t;
		}
	*out = q;
	return nq;
}
