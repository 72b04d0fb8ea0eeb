/* test_text.c — the text stage: UTF-8, tokens, sentences, stems, language,
 * entities, on sentences written for these tests. */
#include "testutil.h"

#include <pthread.h>

#include "text/text.h"

static px_textctx *ctx;

static int setup(void **state)
{
	(void)state;
	ctx = px_textctx_new();
	return ctx ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	px_textctx_free(ctx);
	return 0;
}

static void invalid_utf8_is_replaced_and_nfc_composed(void **state)
{
	(void)state;
	px_arena *a = px_arena_new(0);
	size_t n;
	/* a lone continuation byte, a truncated sequence, a NUL, CRLF, NBSP */
	const char in[] = "ok\x80 caf\x65\xCC\x81 \xE2\x82 end\r\nnext\xC2\xA0word";
	char *out = px_utf8_clean(a, in, sizeof(in) - 1, &n);
	assert_string_equal(out, "ok\xEF\xBF\xBD caf\xC3\xA9 \xEF\xBF\xBD\xEF\xBF\xBD end\nnext word");
	assert_int_equal(n, strlen(out));
	px_arena_free(a);
}

static void words_follow_unicode_boundaries(void **state)
{
	(void)state;
	px_arena *a = px_arena_new(0);
	const char *s = "The U.S. rate rose 3.5% — Peskov's remark, Zelenskyy’s reply.";
	px_token *t;
	size_t n = px_tokenize(ctx, a, s, strlen(s), &t);
	char words[20][32];
	size_t nw = 0;
	for (size_t i = 0; i < n && nw < 20; i++)
		if (t[i].kind != PX_TOK_PUNCT)
			snprintf(words[nw++], 32, "%.*s", (int)t[i].len, s + t[i].start);
	assert_int_equal(nw, 9);
	assert_string_equal(words[1], "U.S");
	assert_string_equal(words[4], "3.5");
	assert_string_equal(words[5], "Peskov's");
	assert_string_equal(words[7], "Zelenskyy’s");
	px_arena_free(a);
}

static size_t split(const char *s, const char *lang, char out[][200], size_t max)
{
	px_arena *a = px_arena_new(0);
	px_token *t;
	px_span *sp;
	size_t n = px_tokenize(ctx, a, s, strlen(s), &t);
	size_t k = px_sentences(ctx, s, t, n, lang, a, &sp);
	for (size_t i = 0; i < k && i < max; i++)
		snprintf(out[i], 200, "%.*s", (int)sp[i].len, s + sp[i].start);
	px_arena_free(a);
	return k;
}

static void sentences_survive_abbreviations_numbers_and_quotes(void **state)
{
	(void)state;
	char s[8][200];
	size_t n = split("Mr. Hollis met Dr. Amara Osei in the U.S. capital on Sept. 5 "
	                 "to discuss a 3.5% levy. \"No,\" he said. J. R. Hollis left at "
	                 "9 a.m. on Friday. The talks resume in the U.S. The date is open!",
	                 "en", s, 8);
	assert_int_equal(n, 5);
	assert_string_equal(s[0], "Mr. Hollis met Dr. Amara Osei in the U.S. capital on "
	                          "Sept. 5 to discuss a 3.5% levy.");
	assert_string_equal(s[1], "\"No,\" he said.");
	assert_string_equal(s[2], "J. R. Hollis left at 9 a.m. on Friday.");
	/* "U.S." then a capitalised function word: that is a sentence end. */
	assert_string_equal(s[3], "The talks resume in the U.S.");
	assert_string_equal(s[4], "The date is open!");
	/* Ranks and a run of initials before a name do not end a sentence. */
	n = split("\"We flew all night,\" said Brig. Gen. Ann Holt. \"It is narrow,\" said "
	          "Prof. J. T. Marlowe.", "en", s, 8);
	assert_int_equal(n, 2);
	assert_string_equal(s[0], "\"We flew all night,\" said Brig. Gen. Ann Holt.");
}

static void sentences_end_at_quotes_and_lines(void **state)
{
	(void)state;
	char s[8][200];
	size_t n = split("\"We will not fly again,\" she said. \"Not yet.\" Then she left.\n"
	                 "A headline without a stop\nNext paragraph here.", "en", s, 8);
	assert_int_equal(n, 5);
	assert_string_equal(s[1], "\"Not yet.\"");
	assert_string_equal(s[3], "A headline without a stop");
	n = split("Der Streik begann am 12. März in Hohenbrück. Die Gewerkschaft "
	          "fordert z.B. höhere Löhne. Dr. Vogel widersprach.", "de", s, 8);
	assert_int_equal(n, 3);
}

static void stems_and_stop_words_per_language(void **state)
{
	(void)state;
	size_t n;
	const char *st = px_stem(ctx, "en", "negotiations", 12, &n);
	assert_int_equal(n, 6);
	assert_memory_equal(st, "negoti", 6);
	st = px_stem(ctx, "de", "verhandlungen", 13, &n);
	assert_true(n < 13);
	assert_true(px_is_stopword(ctx, "en", "the", 3));
	assert_true(px_is_stopword(ctx, "en", "said", 4));
	assert_false(px_is_stopword(ctx, "en", "bridge", 6));
	assert_true(px_is_stopword(ctx, "de", "und", 3));
	assert_true(px_is_stopword(ctx, "es", "que", 3));
	assert_true(px_is_stopword(ctx, "ru", "\xD0\xB8", 2)); /* и */
}

static void identifies_eight_languages(void **state)
{
	(void)state;
	static const struct {
		const char *lang, *text;
	} cases[] = {
		{ "en", "The city council voted on Tuesday to close the old bridge after "
		        "engineers found deep cracks in its supports and warned of danger." },
		{ "de", "Der Stadtrat hat am Dienstag beschlossen, die alte Brücke zu "
		        "schließen, nachdem Ingenieure tiefe Risse gefunden hatten." },
		{ "es", "El ayuntamiento votó el martes cerrar el viejo puente después de "
		        "que los ingenieros encontraran grietas profundas en sus soportes." },
		{ "fr", "Le conseil municipal a voté mardi la fermeture du vieux pont après "
		        "que des ingénieurs ont découvert de profondes fissures." },
		{ "it", "Il consiglio comunale ha votato martedì la chiusura del vecchio "
		        "ponte dopo che gli ingegneri hanno trovato crepe profonde." },
		{ "pt", "A câmara municipal votou na terça-feira o encerramento da velha "
		        "ponte depois de os engenheiros encontrarem fissuras profundas." },
		{ "ru", "Городской совет во вторник проголосовал за закрытие старого моста "
		        "после того, как инженеры обнаружили глубокие трещины." },
		{ "uk", "Міська рада у вівторок проголосувала за закриття старого мосту "
		        "після того, як інженери виявили глибокі тріщини в опорах." },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char got[8];
		px_lang_identify(ctx, cases[i].text, strlen(cases[i].text), got);
		assert_string_equal(got, cases[i].lang);
	}
}

/* Contexts made and freed in turn, and more at once than the pool of
 * classifiers keeps, on several threads: each still names the language
 * (a classifier handed from a freed context to the next is reset), and
 * nothing leaks (the ASan run checks). */
enum { LANG_THREADS = 4, LANG_CTXS = 12 };

static void *identify_in_turn(void *arg)
{
	const char *const *texts = arg;
	int bad = 0;
	for (int round = 0; round < 3; round++) {
		px_textctx *c[LANG_CTXS];
		for (int i = 0; i < LANG_CTXS; i++)
			c[i] = px_textctx_new();
		for (int i = 0; i < LANG_CTXS; i++) {
			char got[8];
			px_lang_identify(c[i], texts[i % 2], strlen(texts[i % 2]), got);
			bad += strcmp(got, i % 2 ? "de" : "en") != 0;
		}
		for (int i = 0; i < LANG_CTXS; i++)
			px_textctx_free(c[i]);
	}
	return bad ? (void *)1 : NULL;
}

static void classifiers_pass_between_contexts(void **state)
{
	(void)state;
	static const char *const texts[] = {
		"The city council voted on Tuesday to close the old bridge after engineers "
		"found deep cracks in its supports and warned of danger.",
		"Der Stadtrat hat am Dienstag beschlossen, die alte Brücke zu schließen, "
		"nachdem Ingenieure tiefe Risse gefunden hatten.",
	};
	pthread_t t[LANG_THREADS];
	for (int i = 0; i < LANG_THREADS; i++)
		assert_int_equal(pthread_create(&t[i], NULL, identify_in_turn, (void *)texts), 0);
	for (int i = 0; i < LANG_THREADS; i++) {
		void *bad;
		assert_int_equal(pthread_join(t[i], &bad), 0);
		assert_null(bad);
	}
}

static const px_entity *entity(const px_text *t, const char *key)
{
	for (size_t i = 0; i < t->n_entities; i++)
		if (!strcmp(t->entities[i].key, key))
			return &t->entities[i];
	return NULL;
}

static void entity_aliases_merge(void **state)
{
	(void)state;
	px_arena *a = px_arena_new(0);
	px_text t;
	px_text_analyze(ctx, a, "Ministers meet in Kiev",
	                "Foreign Minister Sergey Lavrov spoke on Monday. Later, Lavrov "
	                "said Ukrainian President Volodymyr Zelenskyy had refused. "
	                "Officials in Kyiv said Zelensky and Zelenskiy were misquoted. "
	                "Sergei Lavrov repeated the claim in the U.S. and in the United States.",
	                "en", &t);
	const px_entity *lav = entity(&t, "lavrov");
	assert_non_null(lav);
	assert_int_equal(lav->count, 3);
	assert_int_equal(lav->type, PX_ENT_PERSON);
	assert_string_equal(lav->name, "Sergey Lavrov");
	const px_entity *zel = entity(&t, "zelensky");
	assert_non_null(zel);
	assert_int_equal(zel->count, 3);
	const px_entity *kyiv = entity(&t, "kyiv");
	assert_non_null(kyiv);
	assert_int_equal(kyiv->count, 2);
	assert_true(kyiv->in_title);
	const px_entity *us = entity(&t, "united states");
	assert_non_null(us);
	assert_int_equal(us->count, 2);
	px_arena_free(a);
}

static void analysis_counts_title_and_body_terms(void **state)
{
	(void)state;
	px_arena *a = px_arena_new(0);
	px_text t;
	px_text_analyze(ctx, a, "Bridge collapses", "The bridge collapsed into the river. "
	                "Divers searched the river for hours.", NULL, &t);
	assert_string_equal(t.lang, "en");
	assert_int_equal(t.n_sentences, 2);
	int found = 0;
	for (size_t i = 0; i < t.n_terms; i++)
		if (!strcmp(t.terms[i].stem, "bridg")) {
			assert_int_equal(t.terms[i].tf_title, 1);
			assert_int_equal(t.terms[i].tf_body, 1);
			found = 1;
		}
	assert_true(found);
	assert_int_equal(t.n_words, 12);
	assert_int_equal(t.n_shingles, 8);
	/* The same words with other spacing and case hash the same. */
	px_text u;
	px_text_analyze(ctx, a, "x", "the  bridge collapsed into the river.\n\nDivers "
	                "searched the river for hours!", "en", &u);
	assert_true(t.text_hash == u.text_hash);
	px_arena_free(a);
}

static void garbage_in_never_crashes(void **state)
{
	(void)state;
	px_arena *a = px_arena_new(0);
	char junk[4096];
	uint32_t x = 12345;
	for (int round = 0; round < 50; round++) {
		for (size_t i = 0; i < sizeof(junk) - 1; i++) {
			x = x * 1103515245u + 12345u;
			junk[i] = (char)(x >> 16);
		}
		junk[sizeof(junk) - 1] = '\0';
		px_text t;
		px_text_analyze(ctx, a, junk + 4000, junk, NULL, &t);
		assert_true(t.text_len <= 3 * sizeof(junk));
		px_arena_reset(a);
	}
	px_arena_free(a);
}

/* px_text_terms gives what px_text_analyze gives a body with no title:
 * the same distinct term hashes and word count, whatever the language
 * hint (known, unknown, none), the length, the script or the bytes. */
static void terms_alone_match_the_analysis(void **state)
{
	(void)state;
	static const struct {
		const char *text, *hint;
	} cases[] = {
		{ "The council voted five to four on Tuesday to dredge the harbour's channel.", "en" },
		{ "Die Wähler haben am Sonntag einen neuen Bürgermeister gewählt.", "de" },
		{ "Los vecinos bloquean una avenida en protesta por el racionamiento.", NULL },
		{ "Short one.", "und" },
		{ "Η βουλή ψήφισε τον νόμο την Τρίτη με μεγάλη πλειοψηφία των βουλευτών "
		  "και η αντιπολίτευση αποχώρησε από την αίθουσα πριν από την ψηφοφορία, "
		  "λέγοντας ότι ο νόμος παραβιάζει το σύνταγμα της χώρας και τα δικαιώματα.", "xx" },
		{ "caf\x65\xCC\x81 \x80 42 1999 3.5% U.S. e-mail x\x01y", NULL },
		{ "", "en" },
	};
	px_arena *a = px_arena_new(0);
	for (size_t c = 0; c < sizeof(cases) / sizeof(*cases); c++) {
		px_text t;
		px_text_analyze(ctx, a, "", cases[c].text, cases[c].hint, &t);
		uint64_t *h;
		size_t n;
		size_t words = px_text_terms(ctx, a, cases[c].text, strlen(cases[c].text),
		                             cases[c].hint, &h, &n);
		assert_int_equal(words, t.n_words);
		assert_int_equal(n, t.n_terms);
		for (size_t i = 0; i < n; i++)
			assert_true(h[i] == t.terms[i].hash);
		if (c == 0)
			assert_true(n >= 6);
		px_arena_reset(a);
	}
	px_arena_free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(invalid_utf8_is_replaced_and_nfc_composed),
		cmocka_unit_test(words_follow_unicode_boundaries),
		cmocka_unit_test(sentences_survive_abbreviations_numbers_and_quotes),
		cmocka_unit_test(sentences_end_at_quotes_and_lines),
		cmocka_unit_test(stems_and_stop_words_per_language),
		cmocka_unit_test(identifies_eight_languages),
		cmocka_unit_test(classifiers_pass_between_contexts),
		cmocka_unit_test(entity_aliases_merge),
		cmocka_unit_test(analysis_counts_title_and_body_terms),
		cmocka_unit_test(garbage_in_never_crashes),
		cmocka_unit_test(terms_alone_match_the_analysis),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
