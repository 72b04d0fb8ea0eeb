/*
 * compress.c — the parts of an English sentence its grammar lets go, found
 * with the CMU link grammar parser (liblink-grammar, Debian's
 * link-grammar-dictionaries-en).
 *
 * A sentence is parsed once; its constituent tree names the parts that can
 * go without breaking the sentence (summary_cuts):
 *   - a non-restrictive relative clause: "The bill, which passed on
 *     Tuesday, would …" loses ", which passed on Tuesday,";
 *   - an appositive noun phrase: "Smith, 45, was arrested" loses ", 45,";
 *   - an opening phrase before the subject: "After the vote, the senator
 *     said …" loses "After the vote, " (here the parser's links say it:
 *     its constituent trees fold an opener into the subject);
 *   - a parenthesis: "(D-N.Y.)", found in the text, not by the parser.
 * Commas and parentheses bound every part; the parser only says which
 * bounded runs of words are whole constituents of the right kind.  Trees
 * of sentences the parser cannot link whole (a word left unlinked) are
 * not trusted: such a sentence gets only its parentheses cut.
 *
 * Which parts to cut is the caller's choice (summary.c: those no other
 * report supports); summary_parses() then checks that what is left still
 * parses whole.
 *
 * The dictionary is loaded once per process, on first use, and shared by
 * every thread (link-grammar's dictionaries are read-only once loaded);
 * each call has its own parse options and sentence.  Without the
 * dictionary (not installed) nothing is cut.
 */
#include "summary.h"

#include "util/hash.h"
#include "util/utf8.h"

#include <ctype.h>
#include <link-grammar/link-includes.h>
#include <locale.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Longer sentences take the parser long (its time grows with the cube of
 * the length) and are seldom key points. */
enum { MAX_WORDS = 45, MAX_ITEMS = 4 * MAX_WORDS };

static Dictionary dict;
static locale_t utf8; /* the locale the parser reads its input in */
static pthread_once_t dict_once = PTHREAD_ONCE_INIT;

/* The parser reports through a handler of its own; a sentence it cannot
 * parse is an answer here, not an error to print. */
static void quiet(lg_errinfo *e, void *data)
{
	(void)e;
	(void)data;
}

/* The parser, on loading its dictionary, sets the process's locale to
 * C.UTF-8, which it needs to read UTF-8.  The process's own locale is put
 * back, and each parse runs in C.UTF-8 on its own thread (uselocale). */
static void dict_open(void)
{
	const char *now = setlocale(LC_ALL, NULL);
	char *saved = now ? strdup(now) : NULL;
	lg_error_set_handler(quiet, NULL);
	utf8 = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
	dict = utf8 ? dictionary_create_lang("en") : NULL;
	if (saved)
		setlocale(LC_ALL, saved);
	free(saved);
}

/* The parses of S that leave no word out, best first: how many (0 when
 * none); *OPTS and *SENT to free with parse_free. */
static int parse(const char *s, Parse_Options *opts, Sentence *sent)
{
	*opts = NULL;
	*sent = NULL;
	pthread_once(&dict_once, dict_open);
	if (!dict)
		return 0;
	lg_error_set_handler(quiet, NULL);
	*opts = parse_options_create();
	parse_options_set_verbosity(*opts, 0);
	parse_options_set_max_parse_time(*opts, 1);
	parse_options_set_linkage_limit(*opts, 20);
	parse_options_set_min_null_count(*opts, 0);
	parse_options_set_max_null_count(*opts, 0);
	/* A name the dictionary lacks is a name, not a typo to correct; and
	 * most links of a news sentence span few words (the dictionary marks
	 * those that may go further): a third less time, as many parses. */
	parse_options_set_spell_guess(*opts, 0);
	parse_options_set_short_length(*opts, 10);
	*sent = sentence_create(s, dict);
	if (!*sent || sentence_split(*sent, *opts) < 0 || sentence_parse(*sent, *opts) <= 0)
		return 0;
	return sentence_num_valid_linkages(*sent);
}

/* Parses on this thread in C.UTF-8 until leave_utf8(the value returned). */
static locale_t enter_utf8(void)
{
	pthread_once(&dict_once, dict_open);
	return utf8 ? uselocale(utf8) : (locale_t)0;
}

static void leave_utf8(locale_t was)
{
	if (was)
		uselocale(was);
}

static void parse_free(Parse_Options opts, Sentence sent)
{
	if (sent)
		sentence_delete(sent);
	if (opts)
		parse_options_delete(opts);
}

/* Words of S[0..N): runs between spaces; 0 when over MAX_WORDS. */
static int fits(const char *s, size_t n)
{
	int words = 0;
	for (size_t i = 0; i < n; i++)
		words += (i == 0 || s[i - 1] == ' ') && s[i] != ' ';
	return words <= MAX_WORDS;
}

/* S[0..N) as a C string, or NULL: not valid UTF-8, or with brackets the
 * tree would confuse with its own. */
static char *plain_copy(const char *s, size_t n)
{
	if (!n || !fits(s, n) || !px_utf8_valid(s, n))
		return NULL;
	for (size_t i = 0; i < n; i++)
		if (s[i] == '(' || s[i] == ')' || s[i] == '[' || s[i] == ']' || !s[i])
			return NULL;
	char *c = malloc(n + 1);
	if (c) {
		memcpy(c, s, n);
		c[n] = 0;
	}
	return c;
}

static int parses_whole(const char *s, size_t n)
{
	char *c = plain_copy(s, n);
	if (!c)
		return 0;
	Parse_Options o;
	Sentence st;
	locale_t was = enter_utf8();
	int ok = parse(c, &o, &st) > 0;
	parse_free(o, st);
	leave_utf8(was);
	free(c);
	return ok;
}

/* The constituent tree as nodes whose children are items: a node's index
 * (>= 0) or a word's (-1 - word, words counted from 1 after the left
 * wall). */
typedef struct node {
	char label[8];
	int first, last;   /* its words */
	int item0, n_items; /* its children in items[] */
} node;

typedef struct tree {
	node nodes[MAX_ITEMS];
	int items[MAX_ITEMS];
	int n_nodes, n_items, n_words;
	const char *p;
} tree;

/* One "(LABEL child …)" from t->p on, its children in items[] in order.
 * Children are collected on a stack first: a node's items are contiguous. */
static int read_node(tree *t)
{
	if (*t->p != '(' || t->n_nodes >= MAX_ITEMS)
		return -1;
	t->p++;
	int me = t->n_nodes++;
	node *x = &t->nodes[me];
	size_t k = 0;
	while (*t->p && *t->p != ' ' && *t->p != ')' && k + 1 < sizeof(x->label))
		x->label[k++] = *t->p++;
	x->label[k] = 0;
	while (*t->p && *t->p != ' ' && *t->p != ')')
		t->p++;
	int kids[MAX_ITEMS], nk = 0;
	x->first = t->n_words + 1;
	for (;;) {
		while (*t->p == ' ' || *t->p == '\n')
			t->p++;
		if (*t->p == ')') {
			t->p++;
			break;
		}
		if (!*t->p || nk >= MAX_ITEMS)
			return -1;
		if (*t->p == '(') {
			int c = read_node(t);
			if (c < 0)
				return -1;
			kids[nk++] = c;
		} else {
			while (*t->p && *t->p != ' ' && *t->p != ')' && *t->p != '\n')
				t->p++;
			kids[nk++] = -1 - ++t->n_words;
		}
	}
	x = &t->nodes[me];
	x->last = t->n_words;
	if (t->n_items + nk > MAX_ITEMS)
		return -1;
	x->item0 = t->n_items;
	x->n_items = nk;
	memcpy(t->items + t->n_items, kids, (size_t)nk * sizeof(int));
	t->n_items += nk;
	return me;
}

/* Word W of the linkage as the sentence has it. */
typedef struct word {
	size_t start, end;
	char tag; /* the parser's subscript: 'v' in "said.v-d", 'n' in "bill.n" */
} word;

static int is_word(const char *s, const word *w, const char *lit)
{
	size_t n = strlen(lit);
	return w->end - w->start == n && !strncasecmp(s + w->start, lit, n);
}

static int is_node(const tree *t, int item, const char *label)
{
	return item >= 0 && !strcmp(t->nodes[item].label, label);
}

static int first_word(const tree *t, int item)
{
	return item >= 0 ? t->nodes[item].first : -1 - item;
}

static int last_word(const tree *t, int item)
{
	return item >= 0 ? t->nodes[item].last : -1 - item;
}

static int is_verb(const word *w)
{
	return w->tag == 'v' || w->tag == 'q';
}

/* The cut of words FIRST..LAST (a comma before them).  Both commas go
 * when a verb follows the second ("Smith, 45, was arrested"): the part
 * sat between a subject and its verb.  Otherwise the second comma closes
 * something larger ("Under Article I, Section 4, the states …"; "Harold
 * Brandvold, 71, whose truck …") and stays, as the sentence's end does. */
static int cut_after_comma(const char *s, const word *w, int n_words, int first, int last,
                           int kind, summary_cut *out)
{
	if (first < 2 || last >= n_words || !is_word(s, &w[first - 1], ","))
		return 0;
	int after = last + 1;
	if (is_word(s, &w[after], ",") && after + 1 < n_words && is_verb(&w[after + 1])) {
		*out = (summary_cut){ w[first - 1].start, w[after].end, kind };
		return 1;
	}
	if (is_word(s, &w[after], ",") || (after == n_words && strchr(".!", s[w[after].start]))) {
		*out = (summary_cut){ w[first - 1].start, w[last].end, kind };
		return 1;
	}
	return 0;
}

/* What opens a relative clause that can go (", which …"). */
static const char *const relative_pronouns[] = { "which", "who", "whom", "whose", NULL };

static int wh(const char *s, const word *w)
{
	for (int i = 0; relative_pronouns[i]; i++)
		if (is_word(s, w, relative_pronouns[i]))
			return 1;
	return 0;
}

static int list_word(const char *s, const word *w)
{
	return is_word(s, w, "and") || is_word(s, w, "or") || is_word(s, w, "but") ||
	       is_word(s, w, "nor");
}

/* Words FIRST..LAST set off by commas name again the noun before them
 * ("Smith, 45,"; "the capital, San Aurelio,"), not an item of a list
 * ("an engineer by 22, an architect, and …"; "ham, bacon, cheese") nor
 * what follows a verb or an adjective ("well received, their album,"). */
static int appositive(const char *s, const word *w, int n_words, int first, int last)
{
	if (first < 3 || (w[first - 2].tag && strchr("vqaejr", w[first - 2].tag)))
		return 0;
	for (int m = first; m <= last; m++)
		if (list_word(s, &w[m]))
			return 0;
	for (int m = last + 2; m <= last + 4 && m < n_words; m++)
		if (is_word(s, &w[m], ",") || (m == last + 2 && list_word(s, &w[m])))
			return 0;
	return 1;
}

/* Parts of the tree that may go, in OUT (at most MAX). */
static int tree_cuts(const char *s, const tree *t, const word *w, summary_cut *out, int max)
{
	int n = 0;
	for (int i = 0; i < t->n_nodes && n < max; i++) {
		const node *x = &t->nodes[i];
		const int *c = t->items + x->item0;
		for (int k = 0; k < x->n_items && n < max; k++) {
			int f = first_word(t, c[k]), l = last_word(t, c[k]);
			/* ", which …": a relative clause after a comma, as one SBAR
			 * or as the pronoun and a clause side by side */
			if (f >= 2 && is_word(s, &w[f - 1], ",") && wh(s, &w[f]) &&
			    (is_node(t, c[k], "SBAR") ||
			     (c[k] < 0 && k + 1 < x->n_items && is_node(t, c[k + 1], "S"))))
				n += cut_after_comma(s, w, t->n_words, f,
				                     is_node(t, c[k], "SBAR") ? l : last_word(t, c[k + 1]),
				                     SUMMARY_CUT_RELATIVE, &out[n]);
			/* "NP , NP ,": the second is an appositive */
			else if (!strcmp(x->label, "NP") && k == 2 && is_node(t, c[0], "NP") &&
			         is_node(t, c[2], "NP") && c[1] < 0 && is_word(s, &w[-1 - c[1]], ",") &&
			         appositive(s, w, t->n_words, f, l))
				n += cut_after_comma(s, w, t->n_words, f, l, SUMMARY_CUT_APPOSITIVE, &out[n]);
		}
		/* "(NP , Mary Barra ,)": the appositive as one node */
		if (n < max && !strcmp(x->label, "NP") && x->n_items >= 3 && x->first >= 2 &&
		    is_word(s, &w[x->first], ",") && is_word(s, &w[x->last], ",") &&
		    appositive(s, w, t->n_words, x->first + 1, x->last - 1))
			n += cut_after_comma(s, w, t->n_words, x->first + 1, x->last - 1,
			                     SUMMARY_CUT_APPOSITIVE, &out[n]);
	}
	return n;
}

/* The cuts linkage L of C (LEN bytes) licenses, in OUT (at most MAX). */
static int linkage_cuts(const char *c, size_t len, Linkage l, summary_cut *out, int max)
{
	int n = 0;
	char *str = linkage_print_constituent_tree(l, SINGLE_LINE);
	size_t nw = linkage_get_num_words(l);
	tree *t = str && nw >= 3 && nw - 2 < MAX_WORDS * 2 ? calloc(1, sizeof(tree)) : NULL;
	word *w = t ? calloc(nw, sizeof(word)) : NULL;
	if (w) {
		for (size_t i = 0; i < nw; i++) {
			const char *dot = strrchr(linkage_get_word(l, i), '.');
			w[i] = (word){ linkage_get_word_byte_start(l, i), linkage_get_word_byte_end(l, i),
			               dot ? dot[1] : 0 };
		}
		t->p = str;
		/* Every word but the walls is a leaf of the tree, in order, and
		 * sits inside the sentence. */
		int ok = read_node(t) == 0 && (size_t)t->n_words == nw - 2;
		for (size_t i = 1; ok && i + 1 < nw; i++)
			ok = w[i].start < w[i].end && w[i].end <= len;
		if (ok)
			n = tree_cuts(c, t, w, out, max);
		/* An opening phrase: the first word opens the sentence (a
		 * "CO" link to the subject) and reaches the comma that closes
		 * it (an "Xc" link): "After the vote, | the council …". */
		int opens = 0;
		size_t comma = 0;
		for (size_t k = 0; k < linkage_get_num_links(l); k++) {
			if (linkage_get_link_lword(l, k) != 1)
				continue;
			const char *label = linkage_get_link_label(l, k);
			opens |= !strncmp(label, "CO", 2);
			if (!strncmp(label, "Xc", 2))
				comma = linkage_get_link_rword(l, k);
		}
		if (ok && opens && n < max && comma > 1 && comma + 2 < nw && is_word(c, &w[comma], ","))
			out[n++] = (summary_cut){ w[1].start, w[comma + 1].start, SUMMARY_CUT_OPENER };
	}
	free(w);
	free(t);
	if (str)
		linkage_free_constituent_tree_str(str);
	return n;
}

static int find_cuts(const char *s, size_t len, summary_cut *out, int max)
{
	int n = 0;
	/* Parentheses, with the space before them. */
	for (size_t i = 0; i < len && n < max; i++) {
		if (s[i] != '(')
			continue;
		const char *close = memchr(s + i, ')', len - i);
		if (!close || memchr(s + i + 1, '(', (size_t)(close - s) - i - 1) || i == 0)
			continue;
		/* "The Personal Data (Accountability) Bill": part of a name */
		size_t after = (size_t)(close - s) + 1;
		if (after + 1 < len && s[after] == ' ' && isupper((unsigned char)s[after + 1])) {
			i = after - 1;
			continue;
		}
		size_t start = s[i - 1] == ' ' ? i - 1 : i;
		out[n++] = (summary_cut){ start, (size_t)(close - s) + 1, SUMMARY_CUT_PARENTHESIS };
		i = (size_t)(close - s);
	}
	char *c = plain_copy(s, len);
	if (!c || n >= max) {
		free(c);
		return n;
	}
	/* The best parse's tree (the parser ranks them by cost). */
	Parse_Options o;
	Sentence st;
	int m = 0;
	locale_t was = enter_utf8();
	if (parse(c, &o, &st) > 0) {
		Linkage l = linkage_create(0, st, o);
		if (l) {
			m = linkage_cuts(c, len, l, out + n, max - n);
			linkage_delete(l);
		}
	}
	parse_free(o, st);
	leave_utf8(was);
	/* A quotation mark inside a part means the part splits a quote from
	 * its speaker ("…," said Orcutt, who …): such a part stays. */
	int kept = 0;
	for (int i = 0; i < m; i++) {
		const summary_cut *x = &out[n + i];
		int quoted = 0;
		for (size_t k = x->start; k < x->end && !quoted; k++)
			quoted = c[k] == '"' || !strncmp(c + k, "\xE2\x80\x9C", 3) ||
			         !strncmp(c + k, "\xE2\x80\x9D", 3) || !strncmp(c + k, "\xC2\xAB", 2) ||
			         !strncmp(c + k, "\xC2\xBB", 2) || !strncmp(c + k, "\xE2\x80\x9E", 3);
		if (!quoted)
			out[n + kept++] = *x;
	}
	free(c);
	return n + kept;
}

/* What the parser said of a sentence, by the hash of its text: a story
 * page is summarised again whenever an article joins the story, and its
 * key points are mostly the same sentences.  Direct-mapped: a newer
 * sentence takes the slot of an older one with the same low bits. */
enum { MEMO_SLOTS = 32768, MEMO_CUTS = 8 };
typedef struct memo {
	uint64_t key;
	int n;
	summary_cut cuts[MEMO_CUTS];
} memo;
static memo *memos;
static pthread_mutex_t memo_lock = PTHREAD_MUTEX_INITIALIZER;

/* Slot KEY's answer in OUT (at most MAX): its count, or -1 when unknown. */
static int memo_get(uint64_t key, summary_cut *out, int max)
{
	int n = -1;
	pthread_mutex_lock(&memo_lock);
	const memo *m = memos ? &memos[key % MEMO_SLOTS] : NULL;
	if (m && m->key == key) {
		n = m->n < max ? m->n : max;
		if (out)
			memcpy(out, m->cuts, (size_t)n * sizeof(summary_cut));
	}
	pthread_mutex_unlock(&memo_lock);
	return n;
}

static void memo_put(uint64_t key, const summary_cut *cuts, int n)
{
	pthread_mutex_lock(&memo_lock);
	if (!memos)
		memos = calloc(MEMO_SLOTS, sizeof(memo));
	if (memos && n <= MEMO_CUTS) {
		memo *m = &memos[key % MEMO_SLOTS];
		m->key = key;
		m->n = n;
		if (cuts)
			memcpy(m->cuts, cuts, (size_t)n * sizeof(summary_cut));
	}
	pthread_mutex_unlock(&memo_lock);
}

/* 1 when S[0..N) starts with a relative pronoun (a word, any case). */
static int opens_relative(const char *s, size_t n)
{
	for (int i = 0; relative_pronouns[i]; i++) {
		size_t k = strlen(relative_pronouns[i]);
		if (n >= k && !strncasecmp(s, relative_pronouns[i], k) &&
		    (n == k || !isalpha((unsigned char)s[k])))
			return 1;
	}
	return 0;
}

int summary_cut_runs(const char *s, size_t n, summary_cut *out, int max)
{
	int k = 0;
	for (size_t i = 0, from = 0; i <= n && k < max; i++) {
		if (i < n && s[i] != ',' && s[i] != '(' && s[i] != ')')
			continue;
		size_t r = from;
		while (r < i && s[r] == ' ')
			r++;
		int words = 1;
		for (size_t j = r; j < i; j++)
			words += s[j] == ' ';
		char before = from ? s[from - 1] : 0;
		int kind = -1;
		if (!from && i < n && s[i] == ',')
			kind = SUMMARY_CUT_OPENER;
		else if (before == '(')
			kind = SUMMARY_CUT_PARENTHESIS;
		else if (before == ',' && opens_relative(s + r, i - r))
			kind = SUMMARY_CUT_RELATIVE;
		else if (before == ',' && words <= 14)
			kind = SUMMARY_CUT_APPOSITIVE;
		if (kind >= 0)
			out[k++] = (summary_cut){ from, i, kind };
		from = i + 1;
	}
	return k;
}

int summary_cuts(const char *s, size_t n, summary_cut *out, int max)
{
	uint64_t key = px_hash64_seed(s, n, (uint64_t)max);
	int got = memo_get(key, out, max);
	if (got < 0) {
		got = find_cuts(s, n, out, max);
		memo_put(key, out, got);
	}
	return got;
}

int summary_parses(const char *s, size_t n)
{
	uint64_t key = px_hash64_seed(s, n, 0x9e3779b97f4a7c15u);
	int got = memo_get(key, NULL, 0);
	if (got < 0) {
		got = parses_whole(s, n);
		memo_put(key, NULL, got);
	}
	return got;
}
