/*
 * test_syndicate.c — stories and search hits as RSS 2.0 and Atom 1.0
 * (render/syndicate.c).
 *
 * Every feed is parsed twice: by libxml2, which must find it well-formed
 * without a single error or warning (and whose XPath then checks the
 * elements RSS 2.0, RFC 4287 and the W3C validator's rules ask for), and
 * by Parallax's own feed parser (feedparser's semantics), which must read
 * it without bozo and give back the titles, links, ids and dates that
 * went in.  Stories are built by hand (and once through px_summarize) so
 * that each field, hostile ones included, is known.
 */
#include "testutil.h"

#include <regex.h>

#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "render/syndicate.h"
#include "util/utf8.h"

#define BASE "http://127.0.0.1:8080"
#define ATOM_NS "http://www.w3.org/2005/Atom"

/* 2025-08-27T08:00:00Z, a Wednesday. */
#define T0 1756281600LL

static const syn_meta META = {
	BASE, "/feeds/top.rss", "/", "Parallax: top stories",
	"The stories the most outlets cover"
};

/* ---------------------------------------------------------------- fixtures */

/* A story built by hand: up to 4 articles, 2 key points. */
typedef struct fx_story {
	px_story s;
	px_story_article a[4];
	px_key_point kp[2];
	char url[4][80], title[4][80];
} fx_story;

static const char *const OUTLETS[4] = { "Daily Ledger", "The Courier", "Metro Post",
	                                    "Daily Ledger" };

/* Story ID with N articles (1..4), one an hour from T0 + ID days; its
 * headline the first article's title. */
static void fx_init(fx_story *f, int64_t id, size_t n)
{
	memset(f, 0, sizeof(*f));
	int64_t t = T0 + id * 86400;
	for (size_t i = 0; i < n; i++) {
		px_story_article *a = &f->a[i];
		snprintf(f->url[i], sizeof(f->url[i]), "https://news%zu.example/%lld/report-%zu", i,
		         (long long)id, i);
		snprintf(f->title[i], sizeof(f->title[i]), "Bridge %lld reopens, report %zu",
		         (long long)id, i);
		a->id = id * 10 + (int64_t)i;
		a->url = f->url[i];
		a->outlet = OUTLETS[i];
		a->title = f->title[i];
		a->lang = "en";
		a->snippet = "The bridge reopened on Tuesday.";
		a->published = t + 3600 * (int64_t)i;
		a->story_id = id;
	}
	f->kp[0].text = "The bridge reopened after two years.";
	f->kp[1].text = "Traffic is limited to one lane.";
	f->s.id = id;
	f->s.first_seen = t;
	f->s.last_seen = t + 3600 * (int64_t)(n - 1);
	f->s.headline = f->title[0];
	f->s.summary = "The river bridge reopened on Tuesday after repairs.";
	f->s.key_points = f->kp;
	f->s.n_key_points = 2;
	f->s.articles = f->a;
	f->s.n_articles = n;
	f->s.topic = "politics";
	f->s.coverage.sources = 3;
	f->s.coverage.articles = (int)n;
	f->s.coverage.independent = (int)n;
	f->s.coverage.lean_independent.left = 1;
	f->s.coverage.lean_independent.center = 1;
	f->s.coverage.last_updated = f->s.last_seen;
}

/* A list of the stories F[0..N). */
typedef struct fx_list {
	px_story *p[8];
	px_story_list l;
} fx_list;

static void fx_list_init(fx_list *x, fx_story *f, size_t n)
{
	for (size_t i = 0; i < n; i++)
		x->p[i] = &f[i].s;
	x->l.stories = x->p;
	x->l.n = x->l.total = n;
}

/* ---------------------------------------------------------------- XML checks */

static int xml_problems;

/* libxml2's structured error handler: every error and warning counts. */
static void count_problem(void *ctx, const xmlError *e)
{
	(void)ctx;
	fprintf(stderr, "libxml2: line %d: %s", e->line, e->message);
	xml_problems++;
}

/* XML parsed by libxml2, failing the test on any error or warning. */
static xmlDocPtr parse_ok(const char *xml)
{
	xml_problems = 0;
	xmlSetStructuredErrorFunc(NULL, (xmlStructuredErrorFunc)count_problem);
	xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "feed.xml", NULL,
	                              XML_PARSE_NONET | XML_PARSE_PEDANTIC);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (!doc || xml_problems) {
		fprintf(stderr, "%s\n", xml);
		fail_msg("not well-formed: %d problem(s)", xml_problems);
	}
	return doc;
}

/* The XPath value of EXPR in DOC as a string (malloc'd); the prefix "a"
 * is Atom's namespace. */
static char *xp(xmlDocPtr doc, const char *expr)
{
	xmlXPathContextPtr c = xmlXPathNewContext(doc);
	xmlXPathRegisterNs(c, BAD_CAST "a", BAD_CAST ATOM_NS);
	xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, c);
	if (!o)
		fail_msg("bad XPath %s", expr);
	xmlChar *s = xmlXPathCastToString(o);
	char *r = strdup((const char *)s);
	xmlFree(s);
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(c);
	return r;
}

/* The number EXPR counts in DOC. */
static int xp_count(xmlDocPtr doc, const char *expr)
{
	char q[512];
	snprintf(q, sizeof(q), "count(%s)", expr);
	char *s = xp(doc, q);
	int n = atoi(s);
	free(s);
	return n;
}

/* Asserts that EXPR's string value in DOC is WANT. */
static void xp_is(xmlDocPtr doc, const char *expr, const char *want)
{
	char *got = xp(doc, expr);
	if (strcmp(got, want))
		fail_msg("%s: got \"%s\", want \"%s\"", expr, got, want);
	free(got);
}

/* Asserts that every node EXPR selects in DOC has a value starting with
 * "http://" or "https://" (or "tag:" when TAG_OK), and that there is one. */
static void all_absolute(xmlDocPtr doc, const char *expr, int tag_ok)
{
	xmlXPathContextPtr c = xmlXPathNewContext(doc);
	xmlXPathRegisterNs(c, BAD_CAST "a", BAD_CAST ATOM_NS);
	xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, c);
	assert_non_null(o);
	assert_non_null(o->nodesetval);
	assert_true(o->nodesetval->nodeNr > 0);
	for (int i = 0; i < o->nodesetval->nodeNr; i++) {
		xmlChar *v = xmlNodeGetContent(o->nodesetval->nodeTab[i]);
		const char *s = (const char *)v;
		if (strncmp(s, "http://", 7) && strncmp(s, "https://", 8) &&
		    !(tag_ok && !strncmp(s, "tag:", 4)))
			fail_msg("%s: relative or odd URL \"%s\"", expr, s);
		xmlFree(v);
	}
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(c);
}

/* Asserts that every node EXPR selects in DOC matches the extended
 * regular expression RE (and that there is one). */
static void all_match(xmlDocPtr doc, const char *expr, const char *re)
{
	regex_t rx;
	assert_int_equal(regcomp(&rx, re, REG_EXTENDED | REG_NOSUB), 0);
	xmlXPathContextPtr c = xmlXPathNewContext(doc);
	xmlXPathRegisterNs(c, BAD_CAST "a", BAD_CAST ATOM_NS);
	xmlXPathObjectPtr o = xmlXPathEvalExpression(BAD_CAST expr, c);
	assert_non_null(o);
	assert_non_null(o->nodesetval);
	assert_true(o->nodesetval->nodeNr > 0);
	for (int i = 0; i < o->nodesetval->nodeNr; i++) {
		xmlChar *v = xmlNodeGetContent(o->nodesetval->nodeTab[i]);
		if (regexec(&rx, (const char *)v, 0, NULL, 0))
			fail_msg("%s: \"%s\" does not match %s", expr, (const char *)v, re);
		xmlFree(v);
	}
	xmlXPathFreeObject(o);
	xmlXPathFreeContext(c);
	regfree(&rx);
}

/* Asserts that the raw document holds only what XML 1.0 allows and the
 * validator accepts: valid UTF-8, no control character but tab and
 * newline, no C1 control, no U+FFFE/FFFF, no CDATA section. */
static void raw_clean(const char *xml)
{
	assert_true(px_utf8_valid(xml, strlen(xml)));
	for (const unsigned char *p = (const unsigned char *)xml; *p; p++) {
		if (*p < 0x20 && *p != '\t' && *p != '\n')
			fail_msg("control byte 0x%02x at %ld", *p, (long)(p - (const unsigned char *)xml));
		if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
			fail_msg("C1 control at %ld", (long)(p - (const unsigned char *)xml));
		if (p[0] == 0xEF && p[1] == 0xBF && (p[2] == 0xBE || p[2] == 0xBF))
			fail_msg("non-character at %ld", (long)(p - (const unsigned char *)xml));
	}
	assert_null(strstr(xml, "<![CDATA["));
	assert_true(!strncmp(xml, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 39));
}

/* XML read by Parallax's own feed parser: no bozo, N entries. */
static px_feed *feedparse_ok(const char *xml, size_t n)
{
	px_feed *f = NULL;
	px_error err = { 0 };
	if (px_feed_parse(xml, strlen(xml), NULL, NULL, &f, &err) < 0)
		fail_msg("px_feed_parse: %s", err.msg);
	if (px_feed_bozo(f)) {
		char *j = px_feed_json(f);
		fail_msg("bozo: %s", j);
	}
	assert_int_equal(px_feed_count(f), n);
	return f;
}

/* ---------------------------------------------------------------- tests */

/* RSS 2.0: the channel's required and recommended elements, each item's
 * title, absolute link, description, guid (its link, a permalink), RFC
 * 822 date and category, channel metadata before the items. */
static void rss_has_what_the_validator_requires(void **state)
{
	(void)state;
	fx_story f[2];
	fx_init(&f[0], 1, 2);
	fx_init(&f[1], 2, 3);
	fx_list x;
	fx_list_init(&x, f, 2);
	char *rss = syn_stories(SYN_RSS, &META, &x.l);
	raw_clean(rss);
	xmlDocPtr d = parse_ok(rss);
	xp_is(d, "/rss/@version", "2.0");
	xp_is(d, "/rss/channel/title", "Parallax: top stories");
	xp_is(d, "/rss/channel/link", BASE "/");
	xp_is(d, "/rss/channel/description", "The stories the most outlets cover");
	xp_is(d, "/rss/channel/language", "en");
	/* The newest story's last update: story 2, 3 articles an hour apart. */
	xp_is(d, "/rss/channel/lastBuildDate", "Fri, 29 Aug 2025 10:00:00 +0000");
	xp_is(d, "/rss/channel/generator", "Parallax " PX_VERSION);
	xp_is(d, "/rss/channel/a:link[@rel='self']/@type", "application/rss+xml");
	xp_is(d, "/rss/channel/a:link[@rel='self']/@href", BASE "/feeds/top.rss");
	assert_int_equal(xp_count(d, "/rss/channel/item"), 2);
	assert_int_equal(xp_count(d, "/rss/channel/item[1]/preceding-sibling::*"), 7);
	xp_is(d, "/rss/channel/item[1]/title", "Bridge 1 reopens, report 0");
	xp_is(d, "/rss/channel/item[1]/link", BASE "/story/1");
	xp_is(d, "/rss/channel/item[1]/guid", BASE "/story/1");
	xp_is(d, "/rss/channel/item[1]/guid/@isPermaLink", "true");
	xp_is(d, "/rss/channel/item[1]/pubDate", "Thu, 28 Aug 2025 09:00:00 +0000");
	xp_is(d, "/rss/channel/item[2]/category", "politics");
	assert_int_equal(xp_count(d, "/rss/channel/item[not(title) or not(link) or "
	                             "not(description) or not(guid) or not(pubDate)]"), 0);
	all_absolute(d, "//link | //guid | //@href", 0);
	/* The description is escaped HTML: summary, key points, coverage. */
	char *desc = xp(d, "/rss/channel/item[2]/description");
	assert_non_null(strstr(desc, "<p>The river bridge reopened on Tuesday after repairs.</p>"));
	assert_non_null(strstr(desc, "<ul><li>The bridge reopened after two years.</li>"
	                             "<li>Traffic is limited to one lane.</li></ul>"));
	assert_non_null(strstr(desc, "3 sources, 3 independent reports: 1 left, 1 center"));
	free(desc);
	xmlFreeDoc(d);
	free(rss);
}

/* Atom 1.0: what RFC 4287 requires of a feed (id, title, updated, an
 * author) and of each entry (id, title, updated, an alternate link, a
 * summary or content), plus the self and alternate links, published,
 * the outlets as authors and the topic as category; metadata before the
 * entries. */
static void atom_has_what_rfc4287_requires(void **state)
{
	(void)state;
	fx_story f[2];
	fx_init(&f[0], 1, 4);
	fx_init(&f[1], 2, 1);
	f[1].s.topic = NULL;
	fx_list x;
	fx_list_init(&x, f, 2);
	syn_meta m = META;
	m.self = "/feeds/top.atom";
	char *atom = syn_stories(SYN_ATOM, &m, &x.l);
	raw_clean(atom);
	xmlDocPtr d = parse_ok(atom);
	assert_int_equal(xp_count(d, "/a:feed"), 1);
	xp_is(d, "/a:feed/a:id", BASE "/feeds/top.atom");
	xp_is(d, "/a:feed/a:title", "Parallax: top stories");
	xp_is(d, "/a:feed/a:subtitle", "The stories the most outlets cover");
	xp_is(d, "/a:feed/a:updated", "2025-08-29T08:00:00Z");   /* story 2 */
	xp_is(d, "/a:feed/a:author/a:name", "Parallax");
	xp_is(d, "/a:feed/a:link[@rel='self']/@type", "application/atom+xml");
	xp_is(d, "/a:feed/a:link[@rel='self']/@href", BASE "/feeds/top.atom");
	xp_is(d, "/a:feed/a:link[@rel='alternate']/@type", "text/html");
	xp_is(d, "/a:feed/a:link[@rel='alternate']/@href", BASE "/");
	xp_is(d, "/a:feed/a:generator", "Parallax");
	xp_is(d, "/a:feed/@xml:lang", "en");
	assert_int_equal(xp_count(d, "/a:feed/a:entry"), 2);
	assert_int_equal(xp_count(d, "/a:feed/a:entry[1]/following-sibling::*[not(self::a:entry)]"), 0);
	/* Each required element exactly once per entry. */
	static const char *const once[] = { "a:id", "a:title", "a:updated", "a:published",
		                                "a:summary", "a:content", NULL };
	for (size_t i = 0; once[i]; i++) {
		char q[128];
		snprintf(q, sizeof(q), "/a:feed/a:entry[count(%s) != 1]", once[i]);
		assert_int_equal(xp_count(d, q), 0);
	}
	assert_int_equal(xp_count(d, "/a:feed/a:entry[not(a:link[@rel='alternate'])]"), 0);
	assert_int_equal(xp_count(d, "/a:feed/a:entry[not(a:author/a:name)]"), 0);
	xp_is(d, "/a:feed/a:entry[1]/a:id", BASE "/story/1");
	xp_is(d, "/a:feed/a:entry[1]/a:link[@rel='alternate']/@href", BASE "/story/1");
	xp_is(d, "/a:feed/a:entry[1]/a:published", "2025-08-28T08:00:00Z");
	xp_is(d, "/a:feed/a:entry[1]/a:updated", "2025-08-28T11:00:00Z");
	xp_is(d, "/a:feed/a:entry[1]/a:category/@term", "politics");
	assert_int_equal(xp_count(d, "/a:feed/a:entry[2]/a:category"), 0);
	/* Distinct outlets in article order; "Daily Ledger" twice is one author. */
	assert_int_equal(xp_count(d, "/a:feed/a:entry[1]/a:author"), 3);
	xp_is(d, "/a:feed/a:entry[1]/a:author[3]/a:name", "Metro Post");
	xp_is(d, "/a:feed/a:entry[1]/a:content/@type", "html");
	xp_is(d, "/a:feed/a:entry[1]/a:summary", "The river bridge reopened on Tuesday after repairs.");
	all_absolute(d, "//a:id | //@href", 0);
	xmlFreeDoc(d);
	free(atom);
}

/* Both formats read back through Parallax's feed parser (feedparser's
 * semantics) without bozo, with the titles, links, ids and dates that
 * went in. */
static void feeds_round_trip_through_the_feed_parser(void **state)
{
	(void)state;
	fx_story f[3];
	for (int i = 0; i < 3; i++)
		fx_init(&f[i], 40 + i, (size_t)i + 1);
	f[1].s.last_seen = 951782400;              /* 2000-02-29T00:00:00Z */
	f[2].s.last_seen = 4102444799;             /* 2099-12-31T23:59:59Z */
	fx_list x;
	fx_list_init(&x, f, 3);
	for (int fmt = SYN_RSS; fmt <= SYN_ATOM; fmt++) {
		char *doc = syn_stories((syn_format)fmt, &META, &x.l);
		px_feed *pf = feedparse_ok(doc, 3);
		assert_string_equal(px_feed_title(pf), "Parallax: top stories");
		assert_string_equal(px_feed_link(pf), BASE "/");
		for (size_t i = 0; i < 3; i++) {
			const px_feed_item *it = px_feed_entry(pf, i);
			char link[64];
			snprintf(link, sizeof(link), BASE "/story/%lld", (long long)f[i].s.id);
			assert_string_equal(it->title, f[i].s.headline);
			assert_string_equal(it->link, link);
			assert_string_equal(it->id, link);
			assert_non_null(strstr(it->summary, "The river bridge reopened"));
			if (fmt == SYN_ATOM) {
				assert_int_equal(it->published, f[i].s.first_seen);
				assert_int_equal(it->updated, f[i].s.last_seen);
				/* feedparser's author is the last one named. */
				assert_string_equal(it->author, OUTLETS[i]);
			} else {
				assert_int_equal(it->published, f[i].s.last_seen);
			}
			assert_int_equal(it->n_tags, 1);
			assert_string_equal(it->tags[0], "politics");
			assert_string_equal(it->lang, "en");
		}
		px_feed_free(pf);
		free(doc);
	}
}

/* Dates: RFC 822 with the right weekday, a four-digit year and +0000 over
 * many days (leap days, centuries, before 1970), read back by the feed
 * parser's RFC 822 reader; out-of-range times clamped to four digits. */
static void dates_are_rfc822_and_rfc3339(void **state)
{
	(void)state;
	static const struct { int64_t t; const char *rss, *atom; } cases[] = {
		{ 0, "Thu, 01 Jan 1970 00:00:00 +0000", "1970-01-01T00:00:00Z" },
		{ T0, "Wed, 27 Aug 2025 08:00:00 +0000", "2025-08-27T08:00:00Z" },
		{ 951782400, "Tue, 29 Feb 2000 00:00:00 +0000", "2000-02-29T00:00:00Z" },
		{ -1, "Wed, 31 Dec 1969 23:59:59 +0000", "1969-12-31T23:59:59Z" },
		{ 253402300799 + 86400 * 400LL, "Fri, 31 Dec 9999 23:59:59 +0000",
		  "9999-12-31T23:59:59Z" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		fx_story f;
		fx_init(&f, 1, 1);
		f.s.last_seen = f.s.first_seen = cases[i].t;
		fx_list x;
		fx_list_init(&x, &f, 1);
		char *rss = syn_stories(SYN_RSS, &META, &x.l);
		char *atom = syn_stories(SYN_ATOM, &META, &x.l);
		xmlDocPtr d = parse_ok(rss);
		xp_is(d, "/rss/channel/item/pubDate", cases[i].rss);
		xmlFreeDoc(d);
		d = parse_ok(atom);
		xp_is(d, "/a:feed/a:entry/a:updated", cases[i].atom);
		xmlFreeDoc(d);
		free(rss);
		free(atom);
	}
	/* Every day of 1900..2100 in steps that visit each weekday and month:
	 * what the feed parser reads back is the time written. */
	for (int64_t t = -2208988800LL; t < 4102444800LL; t += 86400 * 97 + 3671) {
		fx_story f;
		fx_init(&f, 1, 1);
		f.s.last_seen = t;
		fx_list x;
		fx_list_init(&x, &f, 1);
		char *rss = syn_stories(SYN_RSS, &META, &x.l);
		px_feed *pf = feedparse_ok(rss, 1);
		assert_int_equal(px_feed_entry(pf, 0)->published, t);
		px_feed_free(pf);
		free(rss);
	}
}

/* The hostile headline and summary every test of escaping uses. */
#define HOSTILE "A<script>alert(\"x\")</script> & ]]> 'q'\x01\x1f\x7f\xc2\x85 \xff " \
	"\xed\xa0\x80 \xef\xbf\xbe" PX_MARK_ON "hit" PX_MARK_OFF " end\r\n"
/* What of it survives, as XML text. */
#define HOSTILE_CLEAN "A<script>alert(\"x\")</script> & ]]> 'q' \xEF\xBF\xBD  hit end\r\n"

/* Markup, "]]>", '&', quotes, control characters, C1 controls, invalid
 * UTF-8, encoded surrogates, non-characters and mark markers in outside
 * strings come out escaped or dropped, in every element and attribute. */
static void hostile_strings_come_out_clean(void **state)
{
	(void)state;
	fx_story f;
	fx_init(&f, 7, 2);
	f.s.headline = HOSTILE;
	f.s.summary = HOSTILE;
	f.kp[0].text = "<img src=x onerror=alert(1)>";
	f.s.topic = "a\"b<c>&d";
	f.a[0].outlet = "Outlet <b>&amp;</b> \"Q\"";
	fx_list x;
	fx_list_init(&x, &f, 1);
	syn_meta m = META;
	m.title = "Feed <i>&</i>\x01";
	for (int fmt = SYN_RSS; fmt <= SYN_ATOM; fmt++) {
		char *doc = syn_stories((syn_format)fmt, &m, &x.l);
		raw_clean(doc);
		assert_null(strstr(doc, "<script"));
		assert_null(strstr(doc, "<img"));
		assert_null(strstr(doc, "]]>"));
		assert_null(strstr(doc, "\xed\xa0\x80"));
		xmlDocPtr d = parse_ok(doc);
		const char *title = fmt == SYN_RSS ? "/rss/channel/item/title" : "/a:feed/a:entry/a:title";
		xp_is(d, title, HOSTILE_CLEAN);
		xp_is(d, fmt == SYN_RSS ? "/rss/channel/title" : "/a:feed/a:title", "Feed <i>&</i>");
		/* The description is HTML whose text is escaped for HTML. */
		char *html = xp(d, fmt == SYN_RSS ? "/rss/channel/item/description"
		                                  : "/a:feed/a:entry/a:content");
		assert_null(strstr(html, "<script"));
		assert_null(strstr(html, "<img"));
		assert_non_null(strstr(html, "<p>A&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; ]]&gt;"));
		assert_non_null(strstr(html, "&lt;img src=x onerror=alert(1)&gt;"));
		assert_null(strstr(html, "<b>"));   /* a story's marks are no highlight */
		free(html);
		if (fmt == SYN_RSS) {
			xp_is(d, "/rss/channel/item/category", "a\"b<c>&d");
		} else {
			xp_is(d, "/a:feed/a:entry/a:category/@term", "a\"b<c>&d");
			xp_is(d, "/a:feed/a:entry/a:author[1]/a:name", "Outlet <b>&amp;</b> \"Q\"");
			xp_is(d, "/a:feed/a:entry/a:summary", HOSTILE_CLEAN);
		}
		xmlFreeDoc(d);
		/* Plain text escapes '&' and '<' as the RSS Profile asks. */
		assert_non_null(strstr(doc, "A&#x3C;script&gt;alert(\"x\")&#x3C;/script&gt; &#x26; ]]&gt;"));
		/* And the feed parser reads it without complaint: Atom's text
		 * title as it is; RSS's, which has no type, as feedparser reads
		 * a title that looks like HTML (sanitised: the script goes). */
		px_feed *pf = feedparse_ok(doc, 1);
		assert_string_equal(px_feed_entry(pf, 0)->title, fmt == SYN_ATOM
		                    ? "A<script>alert(\"x\")</script> & ]]> 'q' \xEF\xBF\xBD  hit end"
		                    : "A & ]]> 'q' \xEF\xBF\xBD hit end");
		px_feed_free(pf);
		free(doc);
	}
}

/* A search result: each hit an item linking to its article (Atom: its
 * story page as a related link), identified by a tag: URI that is no
 * permalink; marks dropped from titles and turned into balanced <b> in
 * the description; relative or non-http article URLs never linked. */
static void search_hits_link_articles_and_highlight(void **state)
{
	(void)state;
	px_search_hit h[4];
	memset(h, 0, sizeof(h));
	static const char *const urls[4] = { "https://news.example/a?x=1&y=2",
		                                 "/relative/path", "javascript:alert(1)", NULL };
	for (int i = 0; i < 4; i++) {
		px_story_article *a = &h[i].article;
		a->id = 100 + i;
		a->story_id = i == 3 ? 0 : 7 + i;   /* the last has no story */
		a->url = urls[i];
		a->outlet = "The Courier";
		a->title = "Storm hits coast";
		a->lang = i == 2 ? "de" : "en";
		a->published = T0 + i * 60;
		a->topic = "environment";
		h[i].title_marked = PX_MARK_ON "Storm" PX_MARK_OFF " hits coast";
		h[i].snippet = "A " PX_MARK_ON "storm" PX_MARK_OFF " hit " PX_MARK_OFF "the coast "
		               PX_MARK_ON "today";
	}
	px_search_result r = { h, 4, 4, NULL };
	syn_meta m = META;
	m.self = "/feeds/search.rss?q=storm&page=1";
	m.page = "/search?q=storm";
	m.title = "Parallax: search for storm";
	char *rss = syn_search(SYN_RSS, &m, &r);
	raw_clean(rss);
	assert_null(strstr(rss, "\x02"));
	xmlDocPtr d = parse_ok(rss);
	assert_int_equal(xp_count(d, "/rss/channel/item"), 4);
	xp_is(d, "/rss/channel/item[1]/title", "Storm hits coast");
	xp_is(d, "/rss/channel/item[1]/link", "https://news.example/a?x=1&y=2");
	xp_is(d, "/rss/channel/item[2]/link", BASE "/story/8");
	xp_is(d, "/rss/channel/item[3]/link", BASE "/story/9");
	xp_is(d, "/rss/channel/item[4]/link", BASE "/search?q=storm");
	assert_int_equal(xp_count(d, "/rss/channel/item[4]/description[contains(., 'href')]"), 0);
	xp_is(d, "/rss/channel/item[1]/guid", "tag:127.0.0.1,2025:article/100");
	xp_is(d, "/rss/channel/item[1]/guid/@isPermaLink", "false");
	xp_is(d, "/rss/channel/item[3]/pubDate", "Wed, 27 Aug 2025 08:02:00 +0000");
	xp_is(d, "/rss/channel/a:link[@rel='self']/@href", BASE "/feeds/search.rss?q=storm&page=1");
	assert_int_equal(xp_count(d, "/rss/channel/language"), 0);   /* en, en, de */
	char *desc = xp(d, "/rss/channel/item[1]/description");
	assert_non_null(strstr(desc, "<p>A <b>storm</b> hit the coast <b>today</b></p>"));
	assert_non_null(strstr(desc, "<a href=\"" BASE "/story/7\">"));
	free(desc);
	all_absolute(d, "//link | //@href | //guid", 1);
	xmlFreeDoc(d);
	/* The item link's '&' is escaped in the raw bytes. */
	assert_non_null(strstr(rss, "<link>https://news.example/a?x=1&amp;y=2</link>"));
	px_feed *pf = feedparse_ok(rss, 4);
	assert_string_equal(px_feed_entry(pf, 0)->id, "tag:127.0.0.1,2025:article/100");
	assert_string_equal(px_feed_entry(pf, 0)->title, "Storm hits coast");
	assert_int_equal(px_feed_entry(pf, 1)->published, T0 + 60);
	px_feed_free(pf);
	free(rss);

	m.self = "/feeds/search.atom?q=storm&page=1";
	char *atom = syn_search(SYN_ATOM, &m, &r);
	raw_clean(atom);
	d = parse_ok(atom);
	xp_is(d, "/a:feed/a:id", BASE "/feeds/search.atom?q=storm&page=1");
	xp_is(d, "/a:feed/a:updated", "2025-08-27T08:03:00Z");
	xp_is(d, "/a:feed/a:entry[1]/a:id", "tag:127.0.0.1,2025:article/100");
	xp_is(d, "/a:feed/a:entry[1]/a:link[@rel='alternate']/@href", "https://news.example/a?x=1&y=2");
	xp_is(d, "/a:feed/a:entry[1]/a:link[@rel='related']/@href", BASE "/story/7");
	xp_is(d, "/a:feed/a:entry[1]/a:author/a:name", "The Courier");
	xp_is(d, "/a:feed/a:entry[1]/a:summary", "A storm hit the coast today");
	xp_is(d, "/a:feed/a:entry[3]/@xml:lang", "de");
	xp_is(d, "/a:feed/a:entry[1]/@xml:lang", "en");
	/* One alternate link per entry (two would be DuplicateAtomLink). */
	assert_int_equal(xp_count(d, "/a:feed/a:entry[count(a:link[@rel='alternate']) != 1]"), 0);
	assert_int_equal(xp_count(d, "/a:feed/a:entry[4]/a:link[@rel='related']"), 0);
	all_absolute(d, "//@href", 0);
	xmlFreeDoc(d);
	pf = feedparse_ok(atom, 4);
	assert_string_equal(px_feed_entry(pf, 2)->link, BASE "/story/9");
	px_feed_free(pf);
	free(atom);
}

/* Ids, guids and links stay the same when a story gains an article; its
 * date moves to the new article. */
static void ids_stay_as_a_story_grows(void **state)
{
	(void)state;
	fx_story f;
	fx_init(&f, 12, 2);
	fx_list x;
	fx_list_init(&x, &f, 1);
	char *before[2], *after[2];
	for (int fmt = SYN_RSS; fmt <= SYN_ATOM; fmt++)
		before[fmt] = syn_stories((syn_format)fmt, &META, &x.l);
	f.s.n_articles = 3;
	f.s.last_seen = f.a[2].published;
	f.s.coverage.articles = 3;
	for (int fmt = SYN_RSS; fmt <= SYN_ATOM; fmt++)
		after[fmt] = syn_stories((syn_format)fmt, &META, &x.l);
	static const char *const ids[2] = { "/rss/channel/item/guid", "/a:feed/a:entry/a:id" };
	static const char *const dates[2] = { "/rss/channel/item/pubDate",
		                                  "/a:feed/a:entry/a:updated" };
	for (int fmt = SYN_RSS; fmt <= SYN_ATOM; fmt++) {
		xmlDocPtr d1 = parse_ok(before[fmt]), d2 = parse_ok(after[fmt]);
		char *id1 = xp(d1, ids[fmt]), *id2 = xp(d2, ids[fmt]);
		char *t1 = xp(d1, dates[fmt]), *t2 = xp(d2, dates[fmt]);
		assert_string_equal(id1, BASE "/story/12");
		assert_string_equal(id1, id2);
		assert_string_not_equal(t1, t2);
		assert_string_not_equal(before[fmt], after[fmt]);
		free(id1);
		free(id2);
		free(t1);
		free(t2);
		xmlFreeDoc(d1);
		xmlFreeDoc(d2);
		free(before[fmt]);
		free(after[fmt]);
	}
}

/* Empty lists (and no list at all) make valid feeds: RSS without items or
 * lastBuildDate, Atom with its required metadata and the epoch as
 * updated; the same bytes every time. */
static void empty_lists_make_valid_feeds(void **state)
{
	(void)state;
	px_story_list empty = { NULL, 0, 0 };
	px_search_result none = { NULL, 0, 0, NULL };
	for (int fmt = SYN_RSS; fmt <= SYN_ATOM; fmt++) {
		char *docs[4] = {
			syn_stories((syn_format)fmt, &META, &empty),
			syn_stories((syn_format)fmt, &META, NULL),
			syn_search((syn_format)fmt, &META, &none),
			syn_search((syn_format)fmt, &META, NULL),
		};
		for (int i = 0; i < 4; i++) {
			raw_clean(docs[i]);
			assert_string_equal(docs[i], docs[0]);
			xmlDocPtr d = parse_ok(docs[i]);
			if (fmt == SYN_RSS) {
				assert_int_equal(xp_count(d, "/rss/channel/title"), 1);
				assert_int_equal(xp_count(d, "/rss/channel/link"), 1);
				assert_int_equal(xp_count(d, "/rss/channel/description"), 1);
				assert_int_equal(xp_count(d, "/rss/channel/a:link[@rel='self']"), 1);
				assert_int_equal(xp_count(d, "/rss/channel/item"), 0);
				assert_int_equal(xp_count(d, "/rss/channel/lastBuildDate"), 0);
				assert_int_equal(xp_count(d, "/rss/channel/language"), 0);
			} else {
				xp_is(d, "/a:feed/a:updated", "1970-01-01T00:00:00Z");
				assert_int_equal(xp_count(d, "/a:feed/a:id"), 1);
				assert_int_equal(xp_count(d, "/a:feed/a:title"), 1);
				assert_int_equal(xp_count(d, "/a:feed/a:author/a:name"), 1);
				assert_int_equal(xp_count(d, "/a:feed/a:link[@rel='self']"), 1);
				assert_int_equal(xp_count(d, "/a:feed/a:entry"), 0);
			}
			xmlFreeDoc(d);
			px_feed *pf = feedparse_ok(docs[i], 0);
			px_feed_free(pf);
		}
		for (int i = 0; i < 4; i++)
			free(docs[i]);
	}
}

/* Self and page links are absolute from the base (a trailing slash on
 * it, a path without its leading one, an absolute URL given as the path)
 * and escaped: '&' as &amp;, characters no URI may hold percent-encoded. */
static void self_links_are_absolute_and_escaped(void **state)
{
	(void)state;
	syn_meta m = META;
	m.base = BASE "/";
	m.self = "/feeds/search.rss?q=a&b=c d<\"x\"\xc3\xa9%zz#f#g";
	m.page = "search?q=a&b";
	char *rss = syn_search(SYN_RSS, &m, NULL);
	assert_non_null(strstr(rss, "href=\"" BASE "/feeds/search.rss?q=a&amp;b=c%20d%3C%22x%22"
	                            "%C3%A9%25zz#f%23g\""));
	assert_non_null(strstr(rss, "<link>" BASE "/search?q=a&amp;b</link>"));
	xmlDocPtr d = parse_ok(rss);
	xp_is(d, "/rss/channel/a:link/@href",
	      BASE "/feeds/search.rss?q=a&b=c%20d%3C%22x%22%C3%A9%25zz#f%23g");
	xmlFreeDoc(d);
	free(rss);

	m.self = "https://news.example.org/feeds/top.atom";
	m.page = NULL;
	char *atom = syn_stories(SYN_ATOM, &m, NULL);
	d = parse_ok(atom);
	xp_is(d, "/a:feed/a:link[@rel='self']/@href", "https://news.example.org/feeds/top.atom");
	xp_is(d, "/a:feed/a:id", "https://news.example.org/feeds/top.atom");
	xp_is(d, "/a:feed/a:link[@rel='alternate']/@href", BASE "/");
	xmlFreeDoc(d);
	free(atom);

	/* A host with a port and upper case gives a tag: authority without. */
	m.base = "HTTP://News.Example.ORG:8443";
	px_search_hit h;
	memset(&h, 0, sizeof(h));
	h.article.id = 5;
	h.article.story_id = 2;
	h.article.title = "t";
	h.article.published = T0;
	h.article.url = "http://[::1]:8080/v6[x]";
	px_search_result r = { &h, 1, 1, NULL };
	rss = syn_search(SYN_RSS, &m, &r);
	d = parse_ok(rss);
	xp_is(d, "/rss/channel/item/guid", "tag:news.example.org,2025:article/5");
	/* Brackets stay in an IPv6 host (the validator's URI rule refuses
	 * them even there; RFC 3986 does not), and only there. */
	xp_is(d, "/rss/channel/item/link", "http://[::1]:8080/v6%5Bx%5D");
	/* Scheme and host in lower case, the user and path as they were. */
	xp_is(d, "/rss/channel/link", "http://news.example.org:8443/");
	xmlFreeDoc(d);
	free(rss);
	h.article.url = "HTTPS://Ann@News.Example/A/B?C=D";
	rss = syn_search(SYN_RSS, &m, &r);
	d = parse_ok(rss);
	xp_is(d, "/rss/channel/item/link", "https://Ann@news.example/A/B?C=D");
	xmlFreeDoc(d);
	free(rss);
}

/* The patterns the W3C validator applies (src/feedvalidator/validators.py
 * there, restated here as POSIX expressions): every URI only of the
 * characters its rfc2396_full rule allows, http ones with a host, tag:
 * URIs as its tag rule reads them, RFC 2822 dates with a four-digit year
 * and a numeric zone, RFC 3339 dates, ISO 639 language codes; guids and
 * entry ids unique (DuplicateValue is an error); a permalink guid no
 * tag: URI (InvalidPermalink).  Outside URLs with spaces, quotes, angle
 * brackets, non-ASCII and broken escapes included. */
#define URI_RE "^[a-zA-Z][0-9a-zA-Z+.-]*:(//)?[0-9a-zA-Z;/?:@&=+$._!~*'()%,#-]+$"
#define HTTP_RE "^https?://[^/]"
#define TAG_RE "^tag:[a-z0-9.-]+,[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?:[0-9a-zA-Z;/?:@&=+$._!~*'()%,-]*$"
#define RFC822_RE "^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} (Jan|Feb|Mar|Apr|May|Jun|" \
	"Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} [0-9]{2}:[0-9]{2}:[0-9]{2} \\+0000$"
#define RFC3339_RE "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"
static void uris_and_dates_keep_to_the_validators_patterns(void **state)
{
	(void)state;
	px_search_hit h[3];
	memset(h, 0, sizeof(h));
	static const char *const urls[3] = {
		" https://news.example/caf\xc3\xa9 menu?q=\"x\"<y>|{}^`\\[1]%zz#a#b ",
		"HTTPS://News.Example/ok?a=1&b=%20", "http://user@news.example:81/p;x=1?a=(b)&c=~d'e" };
	for (int i = 0; i < 3; i++) {
		h[i].article.id = 900 + i;
		h[i].article.story_id = 30 + i;
		h[i].article.url = urls[i];
		h[i].article.title = "t";
		h[i].article.lang = "fr";
		h[i].article.published = T0 - 86400 * 365 * 20 * i;
	}
	px_search_result r = { h, 3, 3, NULL };
	fx_story f[2];
	fx_init(&f[0], 1, 4);
	fx_init(&f[1], 2, 2);
	f[1].s.headline = HOSTILE;
	fx_list x;
	fx_list_init(&x, f, 2);
	syn_meta m = META;
	m.self = "/feeds/search.rss?q=caf\xc3\xa9 \"au lait\"&page=2";
	for (int fmt = SYN_RSS; fmt <= SYN_ATOM; fmt++) {
		char *docs[2] = { syn_search((syn_format)fmt, &m, &r),
			              syn_stories((syn_format)fmt, &m, &x.l) };
		for (int k = 0; k < 2; k++) {
			xmlDocPtr d = parse_ok(docs[k]);
			if (fmt == SYN_RSS) {
				all_match(d, "//link | //a:link/@href | //guid[@isPermaLink='true']", URI_RE);
				all_match(d, "//link | //a:link/@href | //guid[@isPermaLink='true']", HTTP_RE);
				all_match(d, "//pubDate | //lastBuildDate", RFC822_RE);
				all_match(d, "//language", "^[a-z]{2}$");
				assert_int_equal(xp_count(d, "//item[guid = following-sibling::item/guid]"), 0);
				if (k == 0)
					all_match(d, "//guid[@isPermaLink='false']", TAG_RE);
			} else {
				all_match(d, "//a:link/@href | /a:feed/a:id", URI_RE);
				all_match(d, "//a:link/@href | /a:feed/a:id", HTTP_RE);
				all_match(d, "//a:entry/a:id", k == 0 ? TAG_RE : URI_RE);
				all_match(d, "//a:updated | //a:published", RFC3339_RE);
				assert_int_equal(xp_count(d, "//a:entry[a:id = following-sibling::a:entry/a:id]"), 0);
				assert_int_equal(xp_count(d, "//a:link[text()]"), 0);
			}
			xmlFreeDoc(d);
		}
		/* The outside URL, percent-encoded where the validator would balk. */
		assert_non_null(strstr(docs[0], "https://news.example/caf%C3%A9%20menu?q=%22x%22%3Cy%3E"
		                                "%7C%7B%7D%5E%60%5C%5B1%5D%25zz#a%23b"));
		/* An escape already there stays one; scheme and host lower case. */
		assert_non_null(strstr(docs[0], "https://news.example/ok?a=1&amp;b=%20"));
		free(docs[0]);
		free(docs[1]);
	}
}

/* Titles and languages: a story without a headline to show is "Story N";
 * a shared language is the channel's and the feed's, mixed ones are each
 * entry's, unknown ones ("und") none. */
static void titles_and_languages(void **state)
{
	(void)state;
	fx_story f[3];
	for (int i = 0; i < 3; i++)
		fx_init(&f[i], 20 + i, 2);
	f[0].s.headline = " \x01\x02 ";
	for (int i = 0; i < 2; i++) {
		f[1].a[i].lang = "de-AT";
		f[2].a[i].lang = "und";
	}
	fx_list x;
	fx_list_init(&x, f, 3);
	char *atom = syn_stories(SYN_ATOM, &META, &x.l);
	xmlDocPtr d = parse_ok(atom);
	xp_is(d, "/a:feed/a:entry[1]/a:title", "Story 20");
	assert_int_equal(xp_count(d, "/a:feed/@xml:lang"), 0);
	xp_is(d, "/a:feed/a:entry[1]/@xml:lang", "en");
	xp_is(d, "/a:feed/a:entry[2]/@xml:lang", "de");
	assert_int_equal(xp_count(d, "/a:feed/a:entry[3]/@xml:lang"), 0);
	xmlFreeDoc(d);
	free(atom);

	for (int i = 0; i < 2; i++)
		f[0].a[i].lang = f[2].a[i].lang = "de";
	char *rss = syn_stories(SYN_RSS, &META, &x.l);
	d = parse_ok(rss);
	xp_is(d, "/rss/channel/language", "de");
	xp_is(d, "/rss/channel/item[1]/title", "Story 20");
	xmlFreeDoc(d);
	free(rss);
	atom = syn_stories(SYN_ATOM, &META, &x.l);
	d = parse_ok(atom);
	xp_is(d, "/a:feed/@xml:lang", "de");
	assert_int_equal(xp_count(d, "/a:feed/a:entry/@xml:lang"), 0);
	xmlFreeDoc(d);
	free(atom);
}

/* A story as px_summarize makes it (summary, key points, coverage from
 * real text) goes through both formats and back. */
static void summarized_story_round_trips(void **state)
{
	(void)state;
	px_doc docs[3] = {
		{ .url = "https://ledger.example/harbor", .outlet = "Daily Ledger",
		  .title = "Harbor strike ends after nine days",
		  .text = "Dock workers in Port Elm ended a nine-day strike on Monday. "
		          "The union said members approved a new contract by a wide margin.\n\n"
		          "Shipping companies said cargo would move again by Wednesday.",
		  .published = T0 },
		{ .url = "https://courier.example/strike", .outlet = "The Courier",
		  .title = "Port Elm dock strike is over",
		  .text = "The nine-day dock strike in Port Elm ended on Monday. "
		          "Union members approved a new contract, the union said.\n\n"
		          "Cargo is expected to move again by Wednesday.",
		  .published = T0 + 7200 },
		{ .url = "https://metro.example/port", .outlet = "Metro Post",
		  .title = "Union approves contract, ending port strike",
		  .text = "Dock workers approved a new contract on Monday, ending a nine-day "
		          "strike at Port Elm. Shipping firms expect cargo to move by Wednesday.",
		  .published = T0 + 3600 },
	};
	px_story *s = NULL;
	px_error err = { 0 };
	if (px_summarize(NULL, docs, NULL, 3, &s, &err) < 0)
		fail_msg("px_summarize: %s", err.msg);
	s->id = 77;
	px_story *p[1] = { s };
	px_story_list l = { p, 1, 1 };
	for (int fmt = SYN_RSS; fmt <= SYN_ATOM; fmt++) {
		char *doc = syn_stories((syn_format)fmt, &META, &l);
		raw_clean(doc);
		xmlDocPtr d = parse_ok(doc);
		xmlFreeDoc(d);
		px_feed *pf = feedparse_ok(doc, 1);
		const px_feed_item *it = px_feed_entry(pf, 0);
		assert_string_equal(it->title, s->headline);
		assert_string_equal(it->link, BASE "/story/77");
		assert_int_equal(fmt == SYN_RSS ? it->published : it->updated, T0 + 7200);
		if (s->n_key_points)
			assert_non_null(strstr(it->content ? it->content : it->summary,
			                       s->key_points[0].text));
		px_feed_free(pf);
		free(doc);
	}
	px_story_free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rss_has_what_the_validator_requires),
		cmocka_unit_test(atom_has_what_rfc4287_requires),
		cmocka_unit_test(feeds_round_trip_through_the_feed_parser),
		cmocka_unit_test(dates_are_rfc822_and_rfc3339),
		cmocka_unit_test(hostile_strings_come_out_clean),
		cmocka_unit_test(search_hits_link_articles_and_highlight),
		cmocka_unit_test(ids_stay_as_a_story_grows),
		cmocka_unit_test(empty_lists_make_valid_feeds),
		cmocka_unit_test(self_links_are_absolute_and_escaped),
		cmocka_unit_test(uris_and_dates_keep_to_the_validators_patterns),
		cmocka_unit_test(titles_and_languages),
		cmocka_unit_test(summarized_story_round_trips),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	xmlCleanupParser();
	return rc;
}
