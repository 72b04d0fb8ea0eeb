/*
 * boiler.c — lines of a page that are furniture, not article text.
 *
 * A short paragraph is furniture when it
 *   - is one of the labels sites print between paragraphs ("Advertisement",
 *     "Tags", "Comments", "Don't miss", in several languages), whole;
 *   - starts like a service line ("Read more:", "Sign up for", "Follow us
 *     on", "Posted on", "Reporting by", "Lesen Sie auch" …);
 *   - ends like a credit ("… contributed to this report.");
 *   - is nothing but a date and a time ("Monday, Nov. 18, 2019 at 9:40 am",
 *     "segunda-feira, 22 de janeiro de 2018 às 0:13").
 * Only short paragraphs are tested (boiler_line's caller decides how
 * short), so a sentence of the article that happens to start with
 * "Subscribe" is not at risk unless it is a one-liner.
 */
#include "boiler.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#define N_OF(x) (sizeof(x) / sizeof(*(x)))

static const char *const labels[] = {
	"advert", "advertisement", "advertising", "ad", "ads", "sponsored",
	"sponsored content", "anzeige", "werbung", "publicidad", "publicidade",
	"publicité", "pubblicità", "iklan", "реклама", "tags", "tag", "topics",
	"comments", "comment", "share", "share this", "share this article",
	"home", "related", "related articles", "related stories", "related posts",
	"related content", "you may also like", "you might also like",
	"don't miss", "don’t miss", "text size", "learn more", "read more",
	"more", "see more", "show more", "load more", "trending", "popular",
	"most popular", "most read", "recommended", "top stories", "latest",
	"latest news", "next", "previous", "back to top", "print", "email",
	"listen", "close", "menu", "search", "subscribe", "sign in", "log in",
	"loading", "loading...", "关连记事", "関連記事", "関連ニュース",
	"lesen sie auch", "mehr zum thema", "auch interessant", "lire aussi",
	"à lire aussi", "a lire aussi", "lee también", "leer también",
	"leia também", "leia mais", "veja também", "leggi anche",
	"читайте также", "something to consider",
};

static const char *const prefixes[] = {
	"advertisement ", "read more:", "read more at", "read also", "read next",
	"also read", "also on ", "see also", "related:", "related post:",
	"related roundup", "related coverage", "recommended:", "more from ",
	"more on this", "more stories", "sign up", "subscribe to", "subscribe now",
	"follow us", "share this", "share on ", "like this story", "click here",
	"continue reading", "story continues below", "article continues below",
	"listen to this article", "posted on ", "posted:", "posted by ",
	"updated:", "published:", "last updated", "filed under", "publicado por",
	"publicado em", "tempo de leitura", "reading time", "(reporting by",
	"reporting by ", "additional reporting by", "editing by", "(editing by",
	"write to ", "reach the reporter", "contact the author", "have a tip?",
	"we use cookies", "this site uses cookies", "by continuing to use",
	"please enable javascript", "your browser does not", "already a subscriber",
	"get the latest", "download the app", "thanks for reading",
	"support our journalism", "if you enjoyed this article", "don't miss",
	"don’t miss", "lesen sie auch", "mehr zum thema", "weiterlesen",
	"lire aussi", "à lire aussi", "lee también", "leer también", "leia também",
	"leia mais:", "veja também", "leggi anche", "читайте также",
	"list of ", "photo:", "photos:", "image:", "(ap photo", "getty images",
	"copyright ©", "© copyright", "all rights reserved",
};

static const char *const suffixes[] = {
	"contributed to this report.", "contributed to this report",
	"contributed reporting.", "contributed to this story.",
	"contributed reporting from", "all rights reserved.", "all rights reserved",
};

static const char *const date_words[] = {
	"january", "february", "march", "april", "may", "june", "july", "august",
	"september", "october", "november", "december", "jan", "feb", "mar", "apr",
	"jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "monday",
	"tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon",
	"tue", "wed", "thu", "fri", "sat", "sun", "am", "pm", "at", "on", "the",
	"of", "posted", "updated", "published", "et", "est", "edt", "gmt", "utc",
	"bst", "cet", "cest", "pst", "pdt", "amt", "ist",
	"janeiro", "fevereiro", "março", "maio", "junho", "julho", "agosto",
	"setembro", "outubro", "novembro", "dezembro", "segunda", "terça",
	"quarta", "quinta", "sexta", "feira", "sábado", "domingo", "de", "às",
	"em", "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio",
	"septiembre", "octubre", "noviembre", "diciembre", "lunes", "martes",
	"miércoles", "jueves", "viernes", "del", "januar", "februar", "märz",
	"mai", "juni", "juli", "oktober", "dezember", "montag", "dienstag",
	"mittwoch", "donnerstag", "freitag", "samstag", "sonntag", "um", "uhr",
	"janvier", "février", "mars", "avril", "juin", "juillet", "août",
	"septembre", "octobre", "novembre", "décembre", "lundi", "mardi",
	"mercredi", "jeudi", "vendredi", "samedi", "dimanche", "le", "à",
	"gennaio", "febbraio", "aprile", "maggio", "giugno", "luglio",
	"settembre", "ottobre", "dicembre", "il", "alle",
};

/* T (N bytes) lower-cased into OUT, trimmed of spaces and of the
 * punctuation that labels carry (":", "|", "»", "›", "…"). */
static size_t trimmed_lower(const char *t, size_t n, char *out, size_t size)
{
	while (n && (*t == ' ' || *t == '|' || *t == '>' || *t == '-'))
		t++, n--;
	while (n && (t[n - 1] == ' ' || t[n - 1] == ':' || t[n - 1] == '|' ||
	             t[n - 1] == '.' || t[n - 1] == '>'))
		n--;
	if (n >= size)
		return 0;
	for (size_t i = 0; i < n; i++)
		out[i] = (char)tolower((unsigned char)t[i]);
	out[n] = '\0';
	return n;
}

static int in_list(const char *w, const char *const *list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(w, list[i]))
			return 1;
	return 0;
}

/* Nothing but dates, times, weekdays and their little words. */
static int date_line(const char *s)
{
	int numbers = 0, words = 0;
	char w[32];
	for (const unsigned char *p = (const unsigned char *)s; *p;) {
		while (*p && !(isalnum(*p) || *p >= 0x80))
			p++;
		if (!*p)
			break;
		const unsigned char *b = p;
		int digits = 1;
		while (*p && (isalnum(*p) || *p >= 0x80)) {
			digits &= isdigit(*p) != 0;
			p++;
		}
		size_t k = (size_t)(p - b);
		if (digits) {
			numbers++;
			continue;
		}
		/* "18th", "2nd" */
		if (k <= 4 && isdigit(*b))
			continue;
		if (k >= sizeof(w))
			return 0;
		for (size_t i = 0; i < k; i++)
			w[i] = (char)tolower(b[i]);
		w[k] = '\0';
		if (!in_list(w, date_words, N_OF(date_words)))
			return 0;
		words++;
	}
	return numbers > 0 && numbers + words >= 2;
}

int boiler_line(const char *t, size_t n)
{
	char low[256];
	size_t k = trimmed_lower(t, n, low, sizeof(low));
	if (!k)
		return n > 0 && n < sizeof(low); /* only punctuation */
	if (in_list(low, labels, N_OF(labels)))
		return 1;
	for (size_t i = 0; i < N_OF(prefixes); i++)
		if (!strncmp(low, prefixes[i], strlen(prefixes[i])))
			return 1;
	for (size_t i = 0; i < N_OF(suffixes); i++) {
		size_t s = strlen(suffixes[i]);
		if (k >= s && !strcmp(low + k - s, suffixes[i]))
			return 1;
	}
	if (!strncmp(low, "follow ", 7) &&
	    (strstr(low, "twitter") || strstr(low, "facebook") || strstr(low, "instagram")))
		return 1;
	return k <= 80 && date_line(low);
}
