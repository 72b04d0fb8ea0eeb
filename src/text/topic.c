/*
 * topic.c — what an article is about, as one of a few broad topics.
 *
 * Readers filter the news by topic ("Business", "Health"), as Ground News
 * and every news site's sections let them.  Feeds rarely say: categories
 * are missing, per-outlet ("Nation", "Metro") or tags by the dozen.  So the
 * topic is read from the text itself with a lexicon: each topic lists the
 * words that mark it, stemmed with the article's own stemmer so that "elections",
 * "elected" and "election" count alike.  An article's score for a topic
 * sums its terms' counts, a title's words three times a body's; the topic
 * with the highest score wins when it reaches MIN_SCORE and is not tied,
 * else the article has none rather than a guess.
 *
 * Why a lexicon and not a trained classifier: there is no labelled corpus
 * to train on here, the lexicon reads in one screen and a user can see
 * why an article got its topic.  Its words are chosen to be specific to a
 * topic ("tariff", "vaccine", "wildfire"); words every topic uses ("said",
 * "official", "report") are left out.  There are lexicons for English,
 * German, Spanish and French; an article in another language has no
 * topic.
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

enum { N_TOPICS = sizeof(px_topic_names) / sizeof(px_topic_names[0]) - 1 };

/* Each topic's marker words in English, space-separated, by
 * px_topic_names index. */
static const char *const lexicon_en[N_TOPICS] = {
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

/* German: words, not compounds ("Wahlkampf" is one word the stemmer
 * keeps whole, so the common compounds are listed as they are). */
static const char *const lexicon_de[N_TOPICS] = {
	/* politics */
	"wahl wahlen wähler wahlkampf abstimmung partei parteien parlament "
	"bundestag landtag regierung koalition opposition minister ministerin "
	"kanzler kanzlerin bürgermeister gesetz gesetzentwurf abgeordnete "
	"präsident präsidentin politik politiker rücktritt",
	/* world */
	"krieg waffenruhe waffenstillstand truppen armee grenze flüchtlinge "
	"diplomaten botschaft sanktionen verhandlungen gipfel frieden nato "
	"vereinten nationen geiseln rakete raketen",
	/* business */
	"wirtschaft inflation zinsen zins leitzins zentralbank bank banken "
	"börse aktie aktien anleger gewinn umsatz unternehmen konzern fusion "
	"zölle handel export exporte arbeitsplätze stellen stellenabbau "
	"arbeitslosigkeit löhne rezession preise industrie werk fabrik streik "
	"warnstreik gewerkschaft tarif vorstand standort",
	/* technology */
	"software internet online daten datenleck hacker cyberangriff "
	"app smartphone chip chips halbleiter künstliche intelligenz ki "
	"plattform technologie digital netzwerk",
	/* science */
	"wissenschaftler forscher forschung studie raumfahrt rakete satellit "
	"teleskop planet entdeckung labor experiment",
	/* health */
	"gesundheit krankenhaus krankenhäuser patienten ärzte arzt pflege "
	"krankheit ausbruch virus impfstoff impfung infektion medizin "
	"medikament medikamente krebs pandemie klinik",
	/* environment */
	"klima emissionen erwärmung waldbrand brand hochwasser überschwemmung "
	"sturm dürre hitzewelle regen fluss umwelt erneuerbare solar wind "
	"kohle wasser trinkwasser",
	/* disasters */
	"einsturz eingestürzt unglück absturz explosion rettung retter "
	"überlebende opfer verletzte vermisste erdbeben evakuierung katastrophe",
	/* crime */
	"polizei festnahme festgenommen verdächtige anklage gericht prozess "
	"richter staatsanwaltschaft klage urteil verurteilt gefängnis mord "
	"betrug ermittlungen ermittler",
	/* sports */
	"spiel saison meisterschaft turnier liga pokal trainer spieler "
	"mannschaft tor tore olympia fußball medaille stadion",
	/* culture */
	"film festival album musik sänger konzert kunst künstler museum "
	"ausstellung buch roman autor theater preis schauspieler",
};

static const char *const lexicon_es[N_TOPICS] = {
	/* politics */
	"elección elecciones votantes voto votación campaña candidato "
	"parlamento congreso senado senador diputados ley gobierno gobernador "
	"alcalde alcaldesa partido partidos ministro ministra presidente "
	"presidenta coalición oposición referéndum política renuncia",
	/* world */
	"guerra alto fuego tregua tropas ejército frontera refugiados "
	"diplomáticos embajada sanciones negociaciones cumbre paz otan "
	"naciones unidas rehenes misiles",
	/* business */
	"economía inflación tipos interés banco bancos central bolsa acciones "
	"inversores ganancias ingresos empresa empresas fusión aranceles "
	"comercio exportaciones empleo desempleo salarios recesión precios "
	"industria fábrica huelga sindicato comerciantes",
	/* technology */
	"software internet datos hackers ciberataque aplicación teléfono "
	"chips inteligencia artificial plataforma tecnología digital red",
	/* science */
	"científicos investigadores investigación estudio espacio cohete "
	"satélite telescopio planeta descubrimiento laboratorio",
	/* health */
	"salud hospital hospitales pacientes médicos enfermeras enfermedad "
	"brote virus vacuna vacunas infección medicina medicamento cáncer "
	"pandemia clínica",
	/* environment */
	"clima emisiones calentamiento incendio incendios inundación "
	"inundaciones tormenta sequía ola calor lluvias río agua embalse "
	"racionamiento ambiental renovable",
	/* disasters */
	"derrumbe colapso accidente explosión rescate rescatistas "
	"sobrevivientes víctimas heridos desaparecidos terremoto evacuación "
	"emergencia desastre",
	/* crime */
	"policía detenido detenidos arrestado sospechoso acusado tribunal "
	"juicio juez fiscal fiscalía demanda condenado prisión asesinato "
	"fraude investigación",
	/* sports */
	"partido temporada campeonato torneo liga copa entrenador jugador "
	"jugadores equipo gol goles olímpicos fútbol medalla estadio",
	/* culture */
	"película festival álbum música cantante concierto arte artista museo "
	"exposición libro novela autor teatro premio actor actriz",
};

static const char *const lexicon_fr[N_TOPICS] = {
	/* politics */
	"élection élections électeurs vote scrutin campagne candidat "
	"parlement assemblée sénat député députés loi gouvernement maire "
	"parti partis ministre président présidente coalition opposition "
	"référendum politique démission",
	/* world */
	"guerre cessez feu trêve troupes armée frontière réfugiés diplomates "
	"ambassade sanctions négociations sommet paix otan nations unies "
	"otages missiles",
	/* business */
	"économie inflation taux banque banques centrale bourse actions "
	"investisseurs bénéfices chiffre entreprise entreprises fusion "
	"droits douane commerce exportations emplois chômage salaires "
	"récession prix industrie usine grève syndicat",
	/* technology */
	"logiciel internet données pirates cyberattaque application "
	"smartphone puces intelligence artificielle plateforme technologie "
	"numérique réseau",
	/* science */
	"scientifiques chercheurs recherche étude espace fusée satellite "
	"télescope planète découverte laboratoire",
	/* health */
	"santé hôpital hôpitaux patients médecins infirmières maladie "
	"épidémie virus vaccin vaccins infection médecine médicament cancer "
	"pandémie clinique",
	/* environment */
	"climat émissions réchauffement incendie incendies inondation "
	"inondations tempête sécheresse canicule pluies fleuve rivière eau "
	"environnement renouvelable",
	/* disasters */
	"effondrement effondré accident explosion sauvetage secouristes "
	"survivants victimes blessés disparus séisme évacuation catastrophe",
	/* crime */
	"police arrestation arrêté suspect suspects accusé tribunal procès "
	"juge parquet procureur plainte condamné prison meurtre fraude "
	"enquête enquêteurs",
	/* sports */
	"match saison championnat tournoi ligue coupe entraîneur joueur "
	"joueurs équipe but buts olympiques football médaille stade",
	/* culture */
	"film festival album musique chanteur concert art artiste musée "
	"exposition livre roman auteur théâtre prix acteur actrice",
};

/* The lexicons by language. */
static const struct {
	const char *lang;
	const char *const *words;
} lexicons[] = {
	{ "en", lexicon_en }, { "de", lexicon_de }, { "es", lexicon_es }, { "fr", lexicon_fr },
};

/* A title word and a body word, or four body words. */
enum { MIN_SCORE = 4 };

/* Fills CTX's lexicon map: term hash ("en:stem") -> topic index + 1.  A
 * stem two topics list counts for neither (it does not tell them apart). */
static void lexicon_load(px_textctx *ctx)
{
	px_map_init(&ctx->topic_terms);
	for (size_t l = 0; l < sizeof(lexicons) / sizeof(lexicons[0]); l++) {
		const char *lang = lexicons[l].lang;
		size_t ln = strlen(lang);
		for (size_t t = 0; t < N_TOPICS; t++) {
			for (const char *p = lexicons[l].words[t]; *p; p += strspn(p, " ")) {
				size_t n = strcspn(p, " "), sn;
				const char *stem = px_stem(ctx, lang, p, n, &sn);
				char key[80];
				if (stem && ln + 1 + sn < sizeof(key)) {
					memcpy(key, lang, ln);
					key[ln] = ':';
					memcpy(key + ln + 1, stem, sn);
					int added;
					uint64_t *v = px_map_put(&ctx->topic_terms,
					                         px_hash64(key, ln + 1 + sn), &added);
					if (added)
						*v = t + 1;
					else if (*v != t + 1)
						*v = 0;
				}
				p += n;
			}
		}
	}
	ctx->topics_loaded = 1;
}

/* 1 if there is a lexicon for LANG. */
static int has_lexicon(const char *lang)
{
	for (size_t l = 0; l < sizeof(lexicons) / sizeof(lexicons[0]); l++)
		if (!strcmp(lexicons[l].lang, lang))
			return 1;
	return 0;
}

const char *px_topic_classify(px_textctx *ctx, const px_text *t)
{
	if (!has_lexicon(t->lang))
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
