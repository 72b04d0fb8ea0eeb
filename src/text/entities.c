/*
 * entities.c — named-entity candidates: people, places, organisations.
 *
 * A candidate is a run of capitalised words ("Dmitry Peskov", "Coalition of
 * the Willing", "NATO"), joined across connectors such as "of" and "de" and
 * across hyphens.  Leading titles ("President", "Foreign Minister") are cut
 * off and make the run a person.  A capitalised word that only opens a
 * sentence, or stands in a title-case headline, is kept only when the same
 * key is also seen in a position where capitals mean a name.
 *
 * Every candidate gets a matching key, so that spellings of one entity meet:
 *   - case and diacritics folded, a possessive "'s" dropped;
 *   - transliteration endings folded: -yy, -iy, -ij, -ii, -ey, -ei, -i and
 *     -y all become -y (Zelenskyy, Zelenskiy, Zelensky; Sergey, Sergei);
 *   - exonyms and abbreviations through an alias table (Kiev -> kyiv,
 *     U.S. -> united states, EU -> european union);
 *   - a person's key is the surname, so "Lavrov" and "Sergey Lavrov" meet,
 *     when a title names the run a person ("Sen. Josh Hawley") or the
 *     article also uses the surname alone; a bare pair of capitalised words
 *     keeps its full key, since "Earth Day", "White House" and "New York
 *     City" are not people called Day, House and City.
 * A title word alone ("Sen", "President") is no entity, and a title's
 * abbreviation point does not cut the name that follows it.  This is a
 * candidate generator with high recall: clustering weights entities by
 * rarity, so a spurious capitalised phrase costs little.
 */
#include "text.h"
#include "textctx.h"
#include "entities.h"
#include "util/hash.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

static const char *const aliases[][2] = {
	{ "kiev", "kyiv" }, { "kyyiv", "kyiv" }, { "kharkov", "kharkiv" },
	{ "odessa", "odesa" }, { "lvov", "lviv" }, { "lwow", "lviv" },
	{ "nikolaev", "mykolaiv" }, { "nikolayev", "mykolaiv" },
	{ "zaporozhye", "zaporizhzhia" }, { "zaporizhia", "zaporizhzhia" },
	{ "zaporizhzhya", "zaporizhzhia" }, { "dnepr", "dnipro" },
	{ "dnepropetrovsk", "dnipro" }, { "lugansk", "luhansk" },
	{ "chernigov", "chernihiv" }, { "rovno", "rivne" }, { "donetsk", "donetsk" },
	{ "u.s", "united states" }, { "us", "united states" }, { "usa", "united states" },
	{ "u.s.a", "united states" }, { "united states of america", "united states" },
	{ "uk", "united kingdom" }, { "u.k", "united kingdom" },
	{ "britain", "united kingdom" }, { "great britain", "united kingdom" },
	{ "eu", "european union" }, { "e.u", "european union" },
	{ "un", "united nations" }, { "u.n", "united nations" },
	{ "north atlantic treaty organisation", "nato" },
	{ "north atlantic treaty organization", "nato" },
	{ "russian federation", "russia" }, { "peking", "beijing" },
	{ "bombay", "mumbai" }, { "burma", "myanmar" }, { "prc", "china" },
	{ "people's republic of china", "china" }, { "dprk", "north korea" },
	{ "uae", "united arab emirates" }, { "u.a.e", "united arab emirates" },
};

/* Words that open a run only as a title of the person that follows. */
static const char *const titles =
	" president vice prime minister foreign defence defense interior finance "
	"chancellor secretary senator sen rep representative gov governor mayor king "
	"queen prince princess pope general gen judge justice chief mr mrs ms dr prof "
	"sir dame lord lady spokesman spokeswoman spokesperson director ceo chairman "
	"chairwoman deputy former ambassador commissioner sheriff captain colonel "
	"lieutenant sergeant officer leader premier envoy speaker attorney "
	"president-elect herr frau señor señora presidente ministro canciller "
	"bundeskanzler kanzler präsident ministerin minister ";

static const char *const org_words =
	" ministry department council party university agency bank company corp "
	"corporation inc ltd llc plc group committee court commission parliament "
	"congress senate assembly office police army navy forces association "
	"organisation organization federation institute foundation fund times post "
	"press service church club league airlines motors reserve board authority "
	"bureau network union coalition alliance administration government cabinet "
	"kremlin pentagon school hospital museum guard tribunal agentur ministerium "
	"partei regierung gericht ministerio partido gobierno tribunal banco ";

static const char *const connectors = " of the de del della di da do dos das du la "
	"le von van der den al bin ibn für ";

static const char *const months =
	" january february march april may june july august september october "
	"november december monday tuesday wednesday thursday friday saturday sunday "
	"jan feb mar apr jun jul aug sep sept oct nov dec "
	"januar februar märz juni juli oktober dezember enero febrero marzo abril "
	"mayo junio julio agosto septiembre octubre noviembre diciembre ";

/* Capitalised only because they open a sentence or a headline word. */
static const char *const function_words =
	" the a an in on at for but and or after as when while with by to from if of "
	"this that these those it its he she they we his her their our there here "
	"what who how why where then so yet not no all some many most more new "
	"did does do is are was were will would can could should might must has have "
	"had just also even only now still before despite amid over under during "
	"since because although though yes every each both another other such "
	"der die das ein eine und im am el la los las un una y en le les une et ";

/* 1 if WORD (lower case, N bytes) is one of the space-separated LIST. */
static int in_list(const char *list, const char *word, size_t n)
{
	if (n == 0 || n > 40)
		return 0;
	char pat[48];
	pat[0] = ' ';
	memcpy(pat + 1, word, n);
	pat[n + 1] = ' ';
	pat[n + 2] = '\0';
	return strstr(list, pat) != NULL;
}

/* Folds one lower-cased word in place to its skeleton; returns new length. */
static size_t skeleton_word(char *w, size_t n)
{
	if (n >= 2 && w[n - 2] == '\'' && w[n - 1] == 's')
		n -= 2;
	else if (n >= 1 && w[n - 1] == '\'')
		n -= 1;
	if (n < 4)
		return n;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)w[i] >= 0x80 || w[i] == '.')
			return n; /* non-Latin or an acronym: leave as is */
	static const char *const ends[] = { "yy", "iy", "ij", "ii", "ey", "ei" };
	for (size_t i = 0; i < sizeof(ends) / sizeof(ends[0]); i++)
		if (w[n - 2] == ends[i][0] && w[n - 1] == ends[i][1]) {
			w[n - 2] = 'y';
			return n - 1;
		}
	if (w[n - 1] == 'i')
		w[n - 1] = 'y';
	return n;
}

const char *px_entity_key(px_arena *a, const char *name, size_t n)
{
	/* Case-fold and strip diacritics; then skeleton each word.  Most names
	 * are ASCII, where folding is lower-casing: skip utf8proc for those. */
	utf8proc_uint8_t *folded = NULL;
	utf8proc_ssize_t m;
	size_t ascii = 0;
	while (ascii < n && (unsigned char)name[ascii] < 0x80)
		ascii++;
	if (ascii == n) {
		folded = px_xmalloc(n + 1);
		for (size_t i = 0; i < n; i++)
			folded[i] = (utf8proc_uint8_t)(name[i] >= 'A' && name[i] <= 'Z'
			                               ? name[i] + 32 : name[i]);
		m = (utf8proc_ssize_t)n;
	} else {
		m = utf8proc_map((const utf8proc_uint8_t *)name, (utf8proc_ssize_t)n, &folded,
		                 UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_STRIPMARK |
		                 UTF8PROC_CASEFOLD);
	}
	char buf[256];
	size_t o = 0;
	if (m > 0) {
		const char *p = (const char *)folded, *end = p + m;
		while (p < end && o < sizeof(buf) - 2) {
			while (p < end && (*p == ' ' || *p == '-'))
				p++;
			const char *e = p;
			while (e < end && *e != ' ' && *e != '-')
				e++;
			if (e == p)
				break;
			size_t wn = (size_t)(e - p);
			if (o + wn + 2 >= sizeof(buf))
				break;
			if (o)
				buf[o++] = ' ';
			char *w = buf + o;
			/* U+2019 becomes ' after folding?  No: map it here. */
			size_t k = 0;
			for (const char *q = p; q < e; q++) {
				if ((unsigned char)q[0] == 0xE2 && q + 2 < e &&
				    (unsigned char)q[1] == 0x80 && (unsigned char)q[2] == 0x99) {
					w[k++] = '\'';
					q += 2;
				} else {
					w[k++] = *q;
				}
			}
			o += skeleton_word(w, k);
			p = e;
		}
	}
	free(folded);
	buf[o] = '\0';
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (!strcmp(buf, aliases[i][0]))
			return px_arena_strdup(a, aliases[i][1]);
	return px_arena_strndup(a, buf, o);
}

/* ------------------------------------------------------------ collection */

typedef struct cand {
	const char *name;
	size_t name_len;
	const char *key;
	const char *surname;    /* key of the last word, for a guessed person */
	uint8_t type;
	uint8_t weak;
	uint8_t in_title;
} cand;

typedef struct collector {
	px_arena *a;
	cand *c;
	size_t n, cap;
} collector;

static int lower_is(const char *s, const px_token *t, const char *list)
{
	char buf[48];
	if (t->len >= 40)
		return 0;
	size_t n = px_casefold(s + t->start, t->len, buf, sizeof(buf));
	return in_list(list, buf, n);
}

/* "Russia's Ministry": a possessive closes the name before it. */
static int ends_possessive(const char *s, const px_token *t)
{
	const char *e = s + t->start + t->len;
	return t->kind == PX_TOK_WORD && t->len > 2 &&
	       ((e[-1] == 's' && e[-2] == '\'') ||
	        (t->len > 4 && e[-1] == 's' && !memcmp(e - 4, "\xE2\x80\x99", 3)));
}

static uint8_t guess_type(const char *s, const px_token *t, size_t from, size_t to,
                          int had_title, int prev_is_place_prep)
{
	if (to - from == 1 && (t[from].flags & PX_TOK_ALLCAPS) && t[from].len <= 6)
		return PX_ENT_ORG;
	for (size_t i = from; i < to; i++)
		if (t[i].kind == PX_TOK_WORD && lower_is(s, &t[i], org_words))
			return PX_ENT_ORG;
	if (had_title)
		return PX_ENT_PERSON;
	if (prev_is_place_prep)
		return PX_ENT_PLACE;
	size_t words = 0; /* a hyphenated compound counts once */
	for (size_t i = from; i < to; i++)
		words += t[i].kind == PX_TOK_WORD &&
		         !(i > from && t[i - 1].kind == PX_TOK_PUNCT);
	if (words >= 2 && words <= 3)
		return PX_ENT_PERSON;
	return PX_ENT_OTHER;
}

static void add_run(collector *col, const char *s, const px_token *t, size_t n,
                    size_t from, size_t to, int title_case, int in_title)
{
	int weak = title_case;
	int had_title = 0;
	/* A sentence-opening function word ("The", "In") is not part of a name. */
	while (from < to && t[from].kind == PX_TOK_WORD &&
	       (t[from].flags & PX_TOK_SENT_START || title_case) &&
	       lower_is(s, &t[from], function_words)) {
		from++;
	}
	/* "Ukrainian President Volodymyr Zelenskyy": the name follows the
	 * last title word of the run. */
	for (size_t k = to - 1; k > from; k--)
		if (t[k - 1].kind == PX_TOK_WORD && lower_is(s, &t[k - 1], titles)) {
			had_title = 1;
			from = k;
			break;
		}
	while (from < to && t[from].kind != PX_TOK_WORD) /* "Sen. Josh Hawley" */
		from++;
	/* "Sen. Josh Hawley of Missouri": after a title, "of" ends the name. */
	if (had_title)
		for (size_t k = from + 1; k < to; k++)
			if (t[k].kind == PX_TOK_WORD && !(t[k].flags & PX_TOK_CAPITAL) &&
			    lower_is(s, &t[k], " of ")) {
				to = k;
				break;
			}
	while (to > from && t[to - 1].kind == PX_TOK_WORD && !(t[to - 1].flags & PX_TOK_ALLCAPS) &&
	       lower_is(s, &t[to - 1], function_words))
		to--;
	while (to > from && (t[to - 1].kind != PX_TOK_WORD ||
	                     lower_is(s, &t[to - 1], connectors)))
		to--;
	if (from >= to)
		return;
	if (to - from == 1) {
		/* A month, or a title without its name ("Sen", "President"). */
		if (lower_is(s, &t[from], months) || lower_is(s, &t[from], titles))
			return;
		if (t[from].flags & PX_TOK_SENT_START)
			weak = 1;
		if (t[from].len < 2)
			return;
	}
	int prep = from > 0 && t[from - 1].kind == PX_TOK_WORD &&
	           !(t[from - 1].flags & PX_TOK_CAPITAL) &&
	           lower_is(s, &t[from - 1], " in at near from across outside inside ");
	(void)n;
	if (col->n == col->cap) {
		col->cap = col->cap ? col->cap * 2 : 32;
		col->c = px_xrealloc(col->c, col->cap * sizeof(cand));
	}
	const char *name = s + t[from].start;
	size_t name_len = t[to - 1].start + t[to - 1].len - t[from].start;
	if (ends_possessive(s, &t[to - 1]))
		name_len -= s[t[to - 1].start + t[to - 1].len - 2] == '\'' ? 2 : 4;
	uint8_t type = guess_type(s, t, from, to, had_title, prep);
	const char *key = px_entity_key(col->a, name, name_len), *surname = NULL;
	int aliased = 0;
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]) && !aliased; i++)
		aliased = !strcmp(key, aliases[i][1]);
	if (aliased && type == PX_ENT_PERSON) {
		type = PX_ENT_PLACE;
	} else if (type == PX_ENT_PERSON && to - from >= 2 && t[to - 2].kind == PX_TOK_WORD) {
		/* A title makes the run a person: key by surname.  A bare two or
		 * three capitalised words may be a person ("Denis Hayes") or not
		 * ("Earth Day", "White House", "New York City"); the surname key
		 * is taken only if the article also uses the surname alone. */
		surname = px_entity_key(col->a, s + t[to - 1].start, t[to - 1].len);
		if (had_title) {
			key = surname;
			surname = NULL;
		}
	}
	if (!*key)
		return;
	col->c[col->n++] = (cand){ name, name_len, key, surname, type, (uint8_t)weak,
	                           (uint8_t)in_title };
}

static void collect(collector *col, const char *s, const px_token *t, size_t n,
                    int title_case, int in_title)
{
	for (size_t i = 0; i < n;) {
		if (t[i].kind != PX_TOK_WORD || !(t[i].flags & PX_TOK_CAPITAL)) {
			i++;
			continue;
		}
		size_t j = i + 1;
		for (;;) {
			if (ends_possessive(s, &t[j - 1])) {
				break;
			} else if (j < n && t[j].kind == PX_TOK_WORD && (t[j].flags & PX_TOK_CAPITAL) &&
			    !(t[j].flags & PX_TOK_SENT_START)) {
				j++;
			} else if (j + 1 < n && t[j].kind == PX_TOK_PUNCT && t[j].len == 1 &&
			           s[t[j].start] == '.' &&
			           t[j].start == t[j - 1].start + t[j - 1].len &&
			           t[j - 1].kind == PX_TOK_WORD && lower_is(s, &t[j - 1], titles) &&
			           t[j + 1].kind == PX_TOK_WORD && (t[j + 1].flags & PX_TOK_CAPITAL)) {
				j += 2; /* "Sen. Josh Hawley": the title joins its name */
			} else if (j + 1 < n && t[j].kind == PX_TOK_PUNCT && t[j].len == 1 &&
			           s[t[j].start] == '-' &&
			           t[j].start == t[j - 1].start + t[j - 1].len &&
			           t[j + 1].kind == PX_TOK_WORD &&
			           (t[j + 1].flags & PX_TOK_CAPITAL) &&
			           t[j + 1].start == t[j].start + 1) {
				j += 2;
			} else if (j + 1 < n && t[j].kind == PX_TOK_WORD &&
			           !(t[j].flags & PX_TOK_CAPITAL) &&
			           lower_is(s, &t[j], connectors) &&
			           t[j + 1].kind == PX_TOK_WORD &&
			           (t[j + 1].flags & PX_TOK_CAPITAL)) {
				j += 2;
			} else if (j + 2 < n && t[j].kind == PX_TOK_WORD &&
			           t[j + 1].kind == PX_TOK_WORD &&
			           !(t[j].flags & PX_TOK_CAPITAL) &&
			           !(t[j + 1].flags & PX_TOK_CAPITAL) &&
			           lower_is(s, &t[j], connectors) &&
			           lower_is(s, &t[j + 1], connectors) &&
			           t[j + 2].kind == PX_TOK_WORD &&
			           (t[j + 2].flags & PX_TOK_CAPITAL)) {
				j += 3;
			} else {
				break;
			}
		}
		add_run(col, s, t, n, i, j, title_case, in_title);
		i = j;
	}
}

static int cmp_hash(const void *a, const void *b)
{
	const px_entity *x = a, *y = b;
	return x->hash < y->hash ? -1 : x->hash > y->hash;
}

size_t px_entities_find(px_arena *a, const char *title, const px_token *tt,
                        size_t ntt, int title_case, const char *body,
                        const px_token *bt, size_t nbt, px_entity **out)
{
	collector col = { a, NULL, 0, 0 };
	collect(&col, body, bt, nbt, 0, 0);
	collect(&col, title, tt, ntt, title_case, 1);

	/* A guessed person takes its surname key when the surname also stands
	 * alone in the article ("Joe Biden ... Biden said"). */
	for (size_t i = 0; i < col.n; i++) {
		if (!col.c[i].surname)
			continue;
		for (size_t k = 0; k < col.n; k++)
			if (k != i && !strcmp(col.c[k].key, col.c[i].surname)) {
				col.c[i].key = col.c[i].surname;
				break;
			}
	}
	px_map by_key;
	px_map_init(&by_key);
	px_entity *e = px_arena_alloc(a, (col.n ? col.n : 1) * sizeof(*e));
	size_t ne = 0;
	/* Strong mentions first, so weak ones can only join existing keys. */
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < col.n; i++) {
			cand *c = &col.c[i];
			if (c->weak != pass)
				continue;
			uint64_t h = px_hash64(c->key, strlen(c->key));
			int added;
			uint64_t *slot = pass ? px_map_get(&by_key, h) : px_map_put(&by_key, h, &added);
			if (!slot)
				continue;
			if (!pass && added) {
				*slot = ne;
				e[ne++] = (px_entity){ px_arena_strndup(a, c->name, c->name_len),
				                       c->key, h, c->type, 0, 0 };
			}
			px_entity *x = &e[*slot];
			x->count += x->count < UINT16_MAX;
			x->in_title |= c->in_title;
			if (c->name_len > strlen(x->name) && !c->weak)
				x->name = px_arena_strndup(a, c->name, c->name_len);
			if (c->type == PX_ENT_PERSON || (x->type == PX_ENT_OTHER && c->type))
				x->type = c->type;
		}
	}
	px_map_free(&by_key);
	free(col.c);
	qsort(e, ne, sizeof(*e), cmp_hash);
	*out = e;
	return ne;
}
