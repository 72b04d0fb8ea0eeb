/*
 * wordlists.c — stop words and abbreviations, per language.
 *
 * Stop words are the function words of each language (articles, pronouns,
 * auxiliaries, prepositions, conjunctions) plus, for news, the reporting
 * verbs and calendar words that every story shares ("said", "Wednesday"):
 * they carry no event identity, and dropping them keeps the clustering index
 * small.  Abbreviations are the words after which a full stop does not end a
 * sentence.  The lists were written for Parallax; each is one string of
 * space-separated lower-case words, so a list reads like a list.
 */
#include "text.h"
#include "textctx.h"
#include "util/hash.h"

#include <string.h>

static const struct {
	const char *lang;
	const char *words;
} stop_lists[] = {
	{ "en",
	  "a about above across after afterwards again against all almost alone along "
	  "already also although always am among amongst an and another any anyhow anyone "
	  "anything anyway anywhere are around as at back be became because become becomes "
	  "been before beforehand behind being below beside besides between beyond both but "
	  "by can cannot could did do does doing done down due during each either else "
	  "elsewhere enough even ever every everyone everything everywhere except few for "
	  "former formerly from further had has have having he hence her here hereafter "
	  "hereby herein hers herself him himself his how however i if in indeed into is it "
	  "its itself just last latter least less many may me meanwhile might mine more "
	  "moreover most mostly much must my myself namely neither never nevertheless next "
	  "no nobody none noone nor not nothing now nowhere of off often on once one only "
	  "onto or other others otherwise our ours ourselves out over own per perhaps "
	  "rather re same seem seemed seeming seems several she should since so some "
	  "somehow someone something sometime sometimes somewhere still such than that the "
	  "their theirs them themselves then thence there thereafter thereby therefore "
	  "therein thereupon these they this those though through throughout thru thus to "
	  "together too toward towards under until up upon us very via was we well were "
	  "what whatever when whence whenever where whereafter whereas whereby wherein "
	  "whereupon wherever whether which while whither who whoever whole whom whose why "
	  "will with within without would yet you your yours yourself yourselves "
	  "i'm you're he's she's it's we're they're i've you've we've they've i'd you'd "
	  "he'd she'd we'd they'd i'll you'll he'll she'll we'll they'll isn't aren't "
	  "wasn't weren't hasn't haven't hadn't doesn't don't didn't won't wouldn't "
	  "shan't shouldn't can't couldn't mustn't let's that's who's what's here's "
	  "there's when's where's why's how's "
	  /* reporting and calendar words of news copy */
	  "said says say saying told tell tells according added adding asked noted "
	  "stated statement reported reports report reporters reporter news "
	  "monday tuesday wednesday thursday friday saturday sunday today yesterday "
	  "tomorrow week weeks month months year years day days time times "
	  "mr mrs ms dr new two three first second like get got make made way "
	  "s t don ll ve re d m" },
	{ "de",
	  "aber alle allem allen aller alles als also am an ander andere anderem anderen "
	  "anderer anderes anderm andern anders auch auf aus bei bin bis bist da damit "
	  "dann das dass daß dasselbe dazu dein deine deinem deinen deiner deines dem "
	  "demselben den denn denselben der derer derselbe derselben des desselben dessen "
	  "dich die dies diese dieselbe dieselben diesem diesen dieser dieses dir doch dort "
	  "du durch ein eine einem einen einer eines einig einige einigem einigen einiger "
	  "einiges einmal er es etwas euch euer eure eurem euren eurer eures für gegen "
	  "gewesen hab habe haben hat hatte hatten hier hin hinter ich ihm ihn ihnen ihr "
	  "ihre ihrem ihren ihrer ihres im in indem ins ist jede jedem jeden jeder jedes "
	  "jene jenem jenen jener jenes jetzt kann kein keine keinem keinen keiner keines "
	  "können könnte machen man manche manchem manchen mancher manches mein meine "
	  "meinem meinen meiner meines mich mir mit muss musste nach nicht nichts noch nun "
	  "nur ob oder ohne sehr sein seine seinem seinen seiner seines selbst sich sie "
	  "sind so solche solchem solchen solcher solches soll sollte sondern sonst über "
	  "um und uns unsere unserem unseren unser unseres unter viel vom von vor während "
	  "war waren warst was weg weil weiter welche welchem welchen welcher welches wenn "
	  "werde werden wie wieder will wir wird wirst wo wollen wollte würde würden zu "
	  "zum zur zwar zwischen "
	  "sagte sagt sagten erklärte laut heute gestern montag dienstag mittwoch "
	  "donnerstag freitag samstag sonntag jahr jahre jahren woche wochen tag tage "
	  "tagen neue neuen neuer zwei drei bereits rund mehr mehrere" },
	{ "es",
	  "a al algo algunas algunos ante antes como con contra cual cuando de del desde "
	  "donde durante e el ella ellas ellos en entre era erais eran eras eres es esa "
	  "esas ese eso esos esta estaba estado estamos estan están estar estas este esto "
	  "estos estoy fue fueron fui ha habia había han has hasta hay haya he la las le "
	  "les lo los mas más me mi mis mucho muchos muy nada ni no nos nosotros o os otra "
	  "otras otro otros para pero poco por porque que qué quien quienes se sea sean "
	  "según ser si sí sido siempre sin sobre sois solo sólo somos son soy su sus "
	  "también tanto te tenemos tener tengo ti tiene tienen todo todos tu tus un una "
	  "uno unos usted ustedes vosotros y ya yo "
	  "dijo dice afirmó aseguró explicó señaló según hoy ayer lunes martes miércoles "
	  "jueves viernes sábado domingo año años semana semanas día días nuevo nueva "
	  "dos tres más además" },
	{ "fr",
	  "à a ai aie aient aies ait alors as au aucun aura aurai auraient aurais aurait "
	  "aux avaient avais avait avec avez aviez avions avoir avons ayant c ça car ce "
	  "ceci cela celle celles celui ces cet cette ceux chaque comme d dans de des du "
	  "elle elles en encore es est et étaient étais était été être eu eux fait fut "
	  "il ils j je l la le les leur leurs lui m ma mais me même mes moi mon n ne ni "
	  "nos notre nous on ont ou où par pas peu peut plus pour qu que quel quelle "
	  "quelles quels qui s sa sans se sera ses si son sont sur ta te tes toi ton tous "
	  "tout toute toutes tu un une vos votre vous y "
	  "a déclaré dit selon aujourd'hui hier lundi mardi mercredi jeudi vendredi "
	  "samedi dimanche an ans année semaine jour jours nouveau nouvelle deux trois" },
	{ "it",
	  "a ad al alla alle allo agli ai anche avere aveva c che chi ci come con contro "
	  "cui da dal dalla dalle dallo dagli dai degli dei del della delle dello di dove "
	  "e è ed era erano essere fa fra gli ha hanno ho i il in io la le lei li lo loro "
	  "lui ma me mi mia mio molto ne nei nel nella nelle nello noi non nostro o per "
	  "perché più poi quale quando quella quelle quello questa queste questo se sei "
	  "si sia sono sta stata stato su sua sue sui sul sulla suo tra tu tutti tutto "
	  "un una uno voi "
	  "ha detto secondo oggi ieri lunedì martedì mercoledì giovedì venerdì sabato "
	  "domenica anno anni settimana giorno giorni nuovo nuova due tre" },
	{ "pt",
	  "a à ao aos as às até com como da das de dela delas dele deles depois do dos e "
	  "é ela elas ele eles em entre era eram essa essas esse esses esta está estão "
	  "estas este estes eu foi foram há isso isto já la lhe lhes mais mas me mesmo "
	  "meu minha muito na nas nem no nos nós nossa nosso num numa o os ou para pela "
	  "pelas pelo pelos por qual quando que quem se sem ser seu seus só sua suas "
	  "também te tem têm tu um uma você vocês "
	  "disse afirmou segundo hoje ontem segunda terça quarta quinta sexta sábado "
	  "domingo ano anos semana dia dias novo nova dois três" },
	{ "ru",
	  "и в во не что он на я с со как а то все она так его но да ты к у же вы за бы "
	  "по только ее её мне было вот от меня еще ещё нет о из ему теперь когда даже ну "
	  "вдруг ли если уже или ни быть был него до вас нибудь опять уж вам ведь там "
	  "потом себя ничего ей может они тут где есть надо ней для мы тебя их чем была "
	  "сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того потому "
	  "этого какой совсем ним здесь этом один почти мой тем чтобы нее сейчас были "
	  "куда зачем всех никогда можно при наконец два об другой хоть после над больше "
	  "тот через эти нас про всего них какая много разве три эту моя впрочем хорошо "
	  "свою этой перед иногда лучше чуть том нельзя такой им более всегда конечно "
	  "всю между это также "
	  "заявил заявила сказал сказала сообщил сообщила по словам сегодня вчера "
	  "понедельник вторник среда среду четверг пятница пятницу суббота субботу "
	  "воскресенье год года лет неделя недели день дня дней новый новая" },
	{ "uk",
	  "і й та але а або як що це ця цей ці цього цієї цим ці які який яка яке не ні "
	  "на в у до з із зі за від по при про для без над під між через після перед "
	  "він вона воно вони ми ви я ти його її їх їм йому нам вам нас вас мене тебе "
	  "себе свій своя своє свої був була було були бути є буде будуть вже ще також "
	  "тільки лише навіть коли де тут там так теж чи би б же ж то тому отже "
	  "заявив заявила сказав сказала повідомив повідомила за словами сьогодні вчора "
	  "понеділок вівторок середа середу четвер пʼятниця субота неділя рік року років "
	  "тиждень день дня днів новий нова два три" },
	{ "nl",
	  "aan al alles als altijd andere ben bij daar dan dat de der deze die dit doch "
	  "doen door dus een eens en er ge geen geweest haar had heb hebben heeft hem het "
	  "hier hij hoe hun iemand iets ik in is ja je kan kon kunnen maar me meer men met "
	  "mij mijn moet na naar niet niets nog nu of om omdat onder ons ook op over reeds "
	  "te tegen toch toen tot u uit uw van veel voor want waren was wat werd wezen wie "
	  "wil worden wordt zal ze zelf zich zij zijn zo zonder zou "
	  "zei zegt volgens vandaag gisteren maandag dinsdag woensdag donderdag vrijdag "
	  "zaterdag zondag jaar jaren week dag dagen nieuwe twee drie" },
};

static const struct {
	const char *lang;
	const char *words;
} abbrev_lists[] = {
	{ "en",
	  "mr mrs ms dr prof sr jr st mt ft rev hon sen rep gov gen col lt sgt capt cmdr "
	  "adm maj brig cpl pvt supt insp det amb pres atty messrs mmes "
	  "inc ltd co corp plc llc bros dept univ assn est "
	  "jan feb mar apr jun jul aug sep sept oct nov dec "
	  "mon tue tues wed thu thur thurs fri sat sun "
	  "no nos vol vols p pp fig figs ch sec art para approx ca cf vs etc al "
	  "ave blvd rd hwy e.g i.e a.m p.m u.s u.k u.n e.u d.c l.a n.y "
	  "ala ariz ark calif colo conn del fla ga ill ind kan ky la md mass mich minn "
	  "miss mo mont neb nev okla ore pa tenn tex va vt wash wis wyo" },
	{ "de",
	  "dr prof hr fr nr str bzw ca usw z.b d.h u.a s.o vgl evtl inkl ggf jh mio mrd "
	  "jan feb febr mär apr jun jul aug sep sept okt nov dez st abs bd" },
	{ "es",
	  "sr sra srta dr dra lic ing arq prof ud uds av avda núm pág etc ee.uu "
	  "ene feb mar abr may jun jul ago sep sept oct nov dic gral gob dña" },
	{ "fr",
	  "m mm mme mlle dr pr me st ste av bd etc cf env p ex janv févr avr juil sept "
	  "oct nov déc" },
	{ "it", "sig sigg dott dr prof avv ing on sen geom ecc gen gen pag" },
	{ "pt", "sr sra dr dra prof eng av etc pág jan fev mar abr mai jun jul ago set out nov dez" },
	{ "ru", "г гг т тт им ул д др проф см стр рис млн млрд тыс руб" },
	{ "uk", "р рр т тт ім вул д див стр рис млн млрд тис грн" },
	{ "nl", "dhr mevr mw dr prof ir ing mr drs st nr blz jan feb mrt apr jun jul aug sep okt nov dec" },
};

/* Hash of "lang:word", or 0 when too long to be listed.  Called for every
 * word of every article: built with memcpy, not snprintf. */
static uint64_t lang_word_hash(const char *lang, const char *w, size_t n)
{
	char key[128];
	size_t ln = strlen(lang);
	if (ln + 1 + n >= sizeof(key))
		return 0;
	memcpy(key, lang, ln);
	key[ln] = ':';
	memcpy(key + ln + 1, w, n);
	return px_hash64(key, ln + 1 + n);
}

static void load(px_map *m, const char *lang, const char *words)
{
	for (const char *p = words; *p;) {
		while (*p == ' ')
			p++;
		const char *e = p;
		while (*e && *e != ' ')
			e++;
		if (e > p) {
			uint64_t h = lang_word_hash(lang, p, (size_t)(e - p));
			if (h)
				*px_map_put(m, h, NULL) = 1;
		}
		p = e;
	}
}

void px_wordlists_load(px_textctx *ctx)
{
	for (size_t i = 0; i < sizeof(stop_lists) / sizeof(stop_lists[0]); i++)
		load(&ctx->stopwords, stop_lists[i].lang, stop_lists[i].words);
	for (size_t i = 0; i < sizeof(abbrev_lists) / sizeof(abbrev_lists[0]); i++)
		load(&ctx->abbreviations, abbrev_lists[i].lang, abbrev_lists[i].words);
}

int px_is_stopword(px_textctx *ctx, const char *lang, const char *word, size_t n)
{
	uint64_t h = lang_word_hash(lang, word, n);
	return h && px_map_get(&ctx->stopwords, h);
}

int px_is_abbreviation(px_textctx *ctx, const char *lang, const char *word, size_t n)
{
	uint64_t h = lang_word_hash(lang, word, n);
	return h && px_map_get(&ctx->abbreviations, h);
}

int px_lang_supported(const char *lang)
{
	for (size_t i = 0; i < sizeof(stop_lists) / sizeof(stop_lists[0]); i++)
		if (!strcmp(stop_lists[i].lang, lang))
			return 1;
	return 0;
}
