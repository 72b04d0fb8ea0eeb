/*
 * topic.c — what an article is about, as one of a few broad topics.
 *
 * Readers filter the news by topic ("Business", "Health"), as Ground News
 * and every news site's sections let them.  Feeds rarely say: categories
 * are missing, per-outlet ("Nation", "Metro") or tags by the dozen.  So the
 * topic is read from the text itself with a lexicon: each topic lists the
 * words that mark it (English here; an article in another language gets
 * no topic), stemmed with the article's own stemmer so that "elections",
 * "elected" and "election" count alike.  An article's score for a topic
 * sums its terms' counts, a title's words three times a body's; the topic
 * with the highest score wins when it reaches MIN_SCORE and is not tied,
 * else the article has none rather than a guess.
 *
 * Why a lexicon and not a trained classifier: there is no labelled corpus
 * to train on here, the lexicon reads in one screen and a user can see
 * why an article got its topic.  Its words are chosen to be specific to a
 * topic ("tariff", "vaccine", "wildfire"); words every topic uses ("said",
 * "official", "report") are left out.
 */
#include <string.h>

#include "text/text.h"
#include "text/textctx.h"
#include "util/hash.h"

/* The topics, in display order (parallax.h, px_topics). */
const char *const px_topic_names[] = {
	"politics", "world", "business", "technology", "science", "health",
	"environment", "disasters", "crime", "sports", "culture", NULL,
};

/* Each topic's marker words, space-separated, by px_topic_names index. */
static const char *const lexicon[] = {
	/* politics */
	"election elections vote voter voters ballot ballots campaign candidate "
	"parliament congress senate senator lawmaker lawmakers legislation bill "
	"legislature governor mayor council party parties minister cabinet "
	"president presidential coalition opposition referendum democrat "
	"republican conservative liberal policy veto impeachment constitution "
	"constitutional poll polls polling incumbent resign resignation",
	/* world */
	"war ceasefire truce troops military army invasion border refugees "
	"diplomat diplomats diplomatic embassy sanctions treaty talks summit "
	"negotiations negotiators peace nato united nations foreign ministry "
	"militia insurgents rebels hostage hostages airstrike airstrikes missile "
	"missiles envoy humanitarian",
	/* business */
	"economy economic inflation interest rates rate bank banks central "
	"market markets stock stocks shares investors investor earnings profit "
	"profits revenue company companies merger acquisition tariff tariffs "
	"trade exports imports jobs unemployment wages gdp recession bond bonds "
	"currency price prices consumer retail industry factory manufacturing "
	"ceo layoffs strike union",
	/* technology */
	"software hardware internet online data breach hackers hacker hacking "
	"cyberattack cybersecurity ransomware hack hacked privacy app apps smartphone chip chips "
	"semiconductor artificial intelligence ai algorithm platform tech "
	"technology startup encryption passwords cloud computer computers "
	"digital network outage",
	/* science */
	"scientists scientist research researchers study studies space nasa "
	"telescope astronomers planet orbit satellite rocket launch physics "
	"species fossil genome discovery laboratory experiment journal "
	"archaeologists",
	/* health */
	"health hospital hospitals patients patient doctors doctor nurses "
	"disease outbreak virus vaccine vaccines vaccination infection "
	"infections medical medicine drug drugs cancer pandemic epidemic "
	"clinic clinics symptoms treatment mental",
	/* environment */
	"climate emissions carbon warming wildfire wildfires fire fires flood "
	"floods flooding storm storms hurricane drought heatwave rainfall "
	"river pollution environmental renewable solar wind coal oil gas "
	"wildlife forest weather reservoir water",
	/* disasters (and accidents) */
	"collapse collapsed crash crashed derailment derailed explosion blast "
	"rescue rescuers survivors victims injured missing earthquake tornado "
	"evacuation evacuations evacuated dam disaster emergency divers toll",
	/* crime */
	"police arrest arrested arrests suspect suspects charged charges court "
	"trial judge jury prosecutors prosecutor lawsuit sued verdict sentenced "
	"prison murder shooting killed stabbing fraud investigation "
	"investigators crime criminal indictment indicted custody",
	/* sports */
	"match game games season championship tournament league cup coach "
	"player players team teams goal goals scored score olympic olympics "
	"football soccer basketball baseball tennis cricket rugby medal "
	"stadium fans",
	/* culture */
	"film films movie movies festival album music musician singer concert "
	"art artist artists museum exhibition book novel author theatre theater "
	"award awards actor actress television series",
};

enum {
	N_TOPICS = sizeof(lexicon) / sizeof(lexicon[0]),
	MIN_SCORE = 4,      /* a title word and a body word, or four body words */
};

/* Fills CTX's lexicon map: term hash ("en:stem") -> topic index + 1.  A
 * stem two topics list counts for neither (it does not tell them apart). */
static void lexicon_load(px_textctx *ctx)
{
	px_map_init(&ctx->topic_terms);
	for (size_t t = 0; t < N_TOPICS; t++) {
		const char *p = lexicon[t];
		while (*p) {
			size_t n = strcspn(p, " ");
			size_t sn;
			const char *stem = px_stem(ctx, "en", p, n, &sn);
			char key[64];
			if (stem && sn + 3 < sizeof(key)) {
				memcpy(key, "en:", 3);
				memcpy(key + 3, stem, sn);
				int added;
				uint64_t *v = px_map_put(&ctx->topic_terms, px_hash64(key, sn + 3),
				                         &added);
				if (added)
					*v = t + 1;
				else if (*v != t + 1)
					*v = 0;
			}
			p += n;
			p += strspn(p, " ");
		}
	}
	ctx->topics_loaded = 1;
}

const char *px_topic_classify(px_textctx *ctx, const px_text *t)
{
	if (strcmp(t->lang, "en"))
		return NULL;
	if (!ctx->topics_loaded)
		lexicon_load(ctx);
	unsigned score[N_TOPICS] = { 0 };
	for (size_t i = 0; i < t->n_terms; i++) {
		const uint64_t *v = px_map_get(&ctx->topic_terms, t->terms[i].hash);
		if (v && *v)
			score[*v - 1] += t->terms[i].tf_body + 3u * t->terms[i].tf_title;
	}
	size_t best = 0, second = 1;
	if (score[second] > score[best])
		best = 1, second = 0;
	for (size_t i = 2; i < N_TOPICS; i++) {
		if (score[i] > score[best]) {
			second = best;
			best = i;
		} else if (score[i] > score[second]) {
			second = i;
		}
	}
	/* A tie says neither with confidence: an article about a court case
	 * on a bank's fraud is crime or business. */
	if (score[best] < MIN_SCORE || score[best] == score[second])
		return NULL;
	return px_topic_names[best];
}
