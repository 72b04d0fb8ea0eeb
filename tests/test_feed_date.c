/*
 * test_feed_date.c — feed dates (src/feed/date.c).  The expected instants
 * are feedparser 6.0.10's (feedparser.datetimes._parse_date, with "today"
 * pinned to NOW), checked with bench/feedconf/date_dev.py, except the rows
 * marked "not feedparser", where date.c departs from it on purpose.
 */
#include "testutil.h"

#include <time.h>

#include "feed/date.h"

#define NOW 1763892000 /* 2025-11-23T10:00:00Z, a Sunday */
#define UNK PX_TIME_UNKNOWN

struct date_case {
	const char *s;
	int64_t t;
};

static void check(const struct date_case *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int64_t t = feed_parse_date_at(c[i].s, NOW);
		if (t != c[i].t)
			fail_msg("\"%s\": %lld, want %lld", c[i].s, (long long)t,
			         (long long)c[i].t);
	}
}

#define CHECK(cases) check(cases, sizeof(cases) / sizeof(cases[0]))

static void rfc822_and_its_broken_forms(void **state)
{
	(void)state;
	static const struct date_case cases[] = {
		{ "Sun, 23 Nov 2025 10:00:00 +0000 (UTC)", 1763892000 },
		{ "Thu, 01 Jan 2004 19:48:21 GMT", 1072986501 },
		{ "thu, 01 jan 04 19:48:21 gmt", 1072986501 },
		{ "THU, 01 JAN 2004 19:48:21 EST", 1073004501 },
		{ "01 Jan 2004 19:48 PDT", 1073011680 },
		{ "Thu, 1 Jan 95 19:48:21 Z", 788989701 },
		{ "Thu, 01 Jan 89 19:48:21 UT", 3755447301 }, /* 2089 */
		{ "Jan 01 2004 19:48:21 +05:30", 1072966701 },
		{ "Thu,, 01 Jan 2004 19:48:21 -0800", 1073015301 },
		{ "Thu, 01 Jan. 2004 19:48:21 A", 1072990101 },
		{ "Thu, 01 Jan 2004 19:48:21 Y", 1072943301 },
		{ "Thu, 01 Jan 2004 19:48:21 GMT-05:00", 1073004501 },
		{ "Thu, 01 Jan 2004 19:48:21 Etc/GMT", 1072986501 },
		{ "Thu, 01 Jan 2004 19:48:21 MEST", 1072979301 },
		{ "Thu, 01 Jan 2004 19:48:21 CET", 1072986501 }, /* unknown: UTC */
		{ "Thu, 01 Jan 2004", 1072915200 },
		{ "Sun, 23 Nov 2025 10:00:00 GMT+05::30", 1763872200 },
		{ "Sun,\302\24023\302\240Nov\302\2402025\343\200\20010:00:00"
		  "\342\200\211GMT", 1763892000 }, /* NBSP, U+3000, U+2009 */
		{ "Thursday, 01-Jan-04 19:48:21 GMT", UNK },
		{ "Sun, 31 Nov 2025 10:00:00 GMT", UNK },
		{ "Sun, 23 Nov 2025 10:00:00:00 GMT", UNK },
		{ "Sun, 23 Nov 2025 10:", UNK },
		{ "Sun, 23 Nov", UNK },
		{ "Nov 23", UNK },
	};
	CHECK(cases);
}

static void w3dtf_and_iso8601(void **state)
{
	(void)state;
	static const struct date_case cases[] = {
		{ "2003-12-31T10:14:55Z", 1072865695 },
		{ "2003-12-31T10:14:55.5-08:00", 1072894495 },
		{ "2003-12-31t10:14:55+0100", 1072862095 },
		{ "2003-12-31 10:14:55", 1072865695 },
		{ "2003-12-31 10:14:55 EST", 1072828800 }, /* 't' in "est" */
		{ "2003-12-31T10:00-05", 1072882800 },
		{ "2003-12-31", 1072828800 },
		{ "2003-12", 1070236800 },
		{ "2003", 1041379200 },
		{ "2003-", 1067644800 },  /* the year, today's month */
		{ "20031231", 1072828800 },
		{ "2003-365", 1072828800 },
		{ "2003365", 1072828800 },
		{ "03-12-31", 1072828800 },
		{ "--12-31", 1767139200 }, /* this year */
		{ "---05", 1762300800 },   /* this month */
		{ "10:00", 1763892000 },   /* today */
		{ "T10:00:30Z", 1763892030 },
		{ "20", -2151187200 },     /* century: 1901-<this month>-01 */
		{ "2003-02-30", 1046563200 },
		{ "2003-19-39T99:99+99:99", 1091923200 },
		{ "2003-12-31T23:59:60Z", 1072915200 },
		{ "2003-12-31T24:00", 1072915200 },
		{ "0000-01-01", -62167219200 },
		{ "2003-12-31 apples", 1072828800 },
		{ "2003-12-31T10:00:inf", 1072864800 },
		{ "2003-12-31T10:00:1_0", 1072864810 },
		{ "2003-12-31T10:00:00.5e1", 1072864805 },
		{ "2003-12-31T10:00:59.99999999999999999999", 1072864859 },
		{ "2003-12-31T10:00:00ZZZZZZZZZZZZZZZZZZZZZZZZZZZZZZ", 1072864800 },
		{ "T10", UNK },
		{ "1e1", UNK },
		{ "+0000", UNK },
	};
	CHECK(cases);
}

static void asctime_and_perforce(void **state)
{
	(void)state;
	static const struct date_case cases[] = {
		{ "Sun Jan  4 16:29:06 PST 2004", 1073262546 },
		{ "Sun Jan 4 16:29:06 2004", 1073233746 },
		{ "Sun Jan 04 16:29:06 +0100 2004", 1073230146 },
		{ "Mon, 01 Jan 0001 00:30:00 +0100", -59011455600 }, /* asctime's reading */
		{ "Fri, 2006/09/15 08:19:53 EDT", 1158322793 },
		{ "Fri, 06/09/15 8:19:53 +0200", 1158308393 },
		{ "Fri, 2006/00/15 08:19:53 EDT", 1166185193 }, /* month 0: Dec */
		{ "Fri, /09/15 08:19:53 123", -58263464407 },
		/* feedparser raises IndexError */
		{ "Fri, 2006/13/15 08:19:53 EDT", UNK },
		/* not feedparser: it reads these as 2003-<this month>-01 */
		{ "2003/01/01 12:00:00 EST", 1041440400 },
		{ "2003/01/01", 1041379200 },
	};
	CHECK(cases);
}

static void localized_formats(void **state)
{
	(void)state;
	static const struct date_case cases[] = {
		/* Greek */
		{ "\316\232\317\205\317\201, 11 \316\231\316\277\317\215\316\273 "
		  "2004 12:00:00 EST", 1089565200 },
		/* not feedparser (its ISO 8601 handler takes them first):
		 * Hungarian, OnBlog, Nate */
		{ "2004-j\303\272lius-13T9:15-05:00", 1089728100 },
		{ "2004\353\205\204 05\354\233\224 28\354\235\274  01:31:15",
		  1085675475 },
		{ "2004-05-25 \354\230\244\355\233\204 11:23:17", 1085494997 },
	};
	CHECK(cases);
}

static void not_dates(void **state)
{
	(void)state;
	static const struct date_case cases[] = {
		{ "", UNK },
		{ " ", UNK },
		{ "yesterday", UNK },
		{ "T", UNK },
		{ ":", UNK },
		{ ", , , ,", UNK },
		{ "----------------------------------------", UNK },
		{ "\303\277\303\276\303\275", UNK },
		/* out of datetime's range once the zone is applied */
		{ "Fri, 31 Dec 9999 23:00:00 -0100", UNK },
		{ "Sun, 23 Nov 99999 10:00:00 GMT", UNK },
		{ "Sun, 23 Nov 2025 10:00:00 +00:99999999999999999999", UNK },
	};
	CHECK(cases);
	assert_true(feed_parse_date(NULL) == UNK);
	assert_true(feed_parse_date("") == UNK);
}

/* A string of N copies of PART after HEAD and before TAIL (malloc'd). */
static char *repeat(const char *head, const char *part, size_t n,
                    const char *tail)
{
	size_t h = strlen(head), p = strlen(part), t = strlen(tail);
	char *s = malloc(h + p * n + t + 1);
	assert_non_null(s);
	memcpy(s, head, h);
	for (size_t i = 0; i < n; i++)
		memcpy(s + h + i * p, part, p);
	memcpy(s + h + p * n, tail, t + 1);
	return s;
}

static void long_runs_saturate_in_linear_time(void **state)
{
	(void)state;
	static const struct {
		const char *head, *part, *tail;
		int64_t t;
	} runs[] = {
		{ "", "9", "", 253397030400 },          /* 9999-<this month>-01 */
		{ "2003-12-31T", "1", "", 1072828800 },
		{ "", "9", "-01-01", 253397030400 },
		{ "Sun, 23 Nov 2025 10:00:00 +", "0", "1", UNK }, /* int() limit */
		{ "2003-12-31T10:00:00.", "9", "Z", 1072864801 },
		{ "2003-12-31T10:00:", "0", "1", 1072864801 },
		{ "Sun, 23 Nov ", "9", " 10:00:00 GMT", UNK },
		{ "Sun, 23 Nov 2025 ", "1:", "", UNK },
		{ "", " ", "2003-12-31", 1072828800 },
		{ "", "Sun, 23 Nov ", "", UNK },
		{ "", ", 2006/09/1", "", UNK },
		{ "", "t", "", UNK },
		{ "", "\342\200\200", "x", UNK },
	};
	clock_t start = clock();
	for (size_t i = 0; i < sizeof(runs) / sizeof(runs[0]); i++) {
		char *s = repeat(runs[i].head, runs[i].part, 200000, runs[i].tail);
		int64_t t = feed_parse_date_at(s, NOW);
		if (t != runs[i].t)
			fail_msg("run %zu: %lld, want %lld", i, (long long)t,
			         (long long)runs[i].t);
		free(s);
	}
	/* 13 strings of 0.2 to 2.4 MB: well under a second even under ASan */
	assert_true((double)(clock() - start) / CLOCKS_PER_SEC < 10.0);
	assert_int_equal(feed_parse_date_at("2003-12-31T10:00:1e99999999999", NOW),
	                 1072864800);
}

/* xorshift64: the same garbage every run. */
static uint64_t next(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static void garbage_stays_in_range(void **state)
{
	(void)state;
	static const char pieces[][8] = {
		"0", "1", "2", "9", "12", "2003", "-", ":", "+", ".", "/", ",",
		" ", "T", "t", "Z", "z", "GMT", "EST", "Nov", "Sun", "e", "_",
		"\302\240", "\316\232", "\354\230\244", "\377", "\n", "(",
	};
	uint64_t x = 88172645463325252ULL;
	int parsed = 0;
	for (int n = 0; n < 20000; n++) {
		char s[96];
		size_t len = 0, k = next(&x) % 12;
		for (size_t i = 0; i < k; i++) {
			const char *p = pieces[next(&x) % (sizeof(pieces) / sizeof(pieces[0]))];
			size_t pl = strlen(p);
			memcpy(s + len, p, pl);
			len += pl;
		}
		s[len] = '\0';
		int64_t t = feed_parse_date_at(s, NOW);
		if (t == UNK)
			continue;
		parsed++;
		/* ISO 8601's century "00" is -99; its normalisation reaches
		 * a little past 9999 */
		if (t < -65300000000LL || t > 253500000000LL)
			fail_msg("\"%s\": %lld", s, (long long)t);
		int tup[9];
		feed_date_tuple(t, tup);
		assert_true(tup[1] >= 1 && tup[1] <= 12 && tup[2] >= 1 && tup[2] <= 31);
	}
	assert_true(parsed > 100);
}

static void tuples_are_feedparsers(void **state)
{
	(void)state;
	static const struct {
		int64_t t;
		int tup[9];
	} cases[] = {
		{ 1072865695, { 2003, 12, 31, 10, 14, 55, 2, 365, 0 } },
		{ 1072986501, { 2004, 1, 1, 19, 48, 21, 3, 1, 0 } },
		{ 1034496000, { 2002, 10, 13, 8, 0, 0, 6, 286, 0 } },
		{ 1709164800, { 2024, 2, 29, 0, 0, 0, 3, 60, 0 } },
		{ 0, { 1970, 1, 1, 0, 0, 0, 3, 1, 0 } },
		{ -1, { 1969, 12, 31, 23, 59, 59, 2, 365, 0 } },
		{ -62167219200, { 0, 1, 1, 0, 0, 0, 5, 1, 0 } },
		{ -65265091200, { -99, 11, 1, 0, 0, 0, 4, 305, 0 } },
		{ 253402300799, { 9999, 12, 31, 23, 59, 59, 4, 365, 0 } },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int tup[9];
		feed_date_tuple(cases[i].t, tup);
		assert_memory_equal(tup, cases[i].tup, sizeof(tup));
	}
	int tup[9], zero[9] = { 0 };
	feed_date_tuple(PX_TIME_UNKNOWN, tup);
	assert_memory_equal(tup, zero, sizeof(tup));
	feed_date_tuple(INT64_MAX, tup);
	assert_memory_equal(tup, zero, sizeof(tup));
	/* every day of 1900..2100 round-trips through the tuple */
	for (int64_t t = -2208988800LL; t < 4102444800LL; t += 86400 + 3601) {
		feed_date_tuple(t, tup);
		char buf[64];
		snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02dZ", tup[0],
		         tup[1], tup[2], tup[3], tup[4], tup[5]);
		assert_int_equal(feed_parse_date_at(buf, NOW), t);
	}
}

static void the_clock_is_today(void **state)
{
	(void)state;
	assert_int_equal(feed_parse_date("Thu, 01 Jan 2004 19:48:21 GMT"), 1072986501);
	/* "--01-01" is January 1st of this year, by the clock */
	int64_t before = (int64_t)time(NULL);
	int64_t t = feed_parse_date("--01-01");
	int tup[9];
	feed_date_tuple(t, tup);
	int now[9];
	feed_date_tuple(before, now);
	assert_true(tup[0] == now[0] || tup[0] == now[0] + 1);
	assert_int_equal(tup[1], 1);
	assert_int_equal(tup[2], 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rfc822_and_its_broken_forms),
		cmocka_unit_test(w3dtf_and_iso8601),
		cmocka_unit_test(asctime_and_perforce),
		cmocka_unit_test(localized_formats),
		cmocka_unit_test(not_dates),
		cmocka_unit_test(long_runs_saturate_in_linear_time),
		cmocka_unit_test(garbage_stays_in_range),
		cmocka_unit_test(tuples_are_feedparsers),
		cmocka_unit_test(the_clock_is_today),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
