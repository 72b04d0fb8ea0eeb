/*
 * date.c — dates as feeds write them, read the way Universal Feed Parser
 * 6.0.10 reads them.
 *
 * feedparser does not have one date grammar: it tries nine handlers in
 * turn (W3C-DTF, RFC 822, ISO 8601, asctime, perforce, Hungarian, Greek,
 * Korean Nate and OnBlog) and keeps the first that does not fail.  What a
 * feed "means" by a date is therefore whatever that chain makes of it,
 * quirks included, and the only way to agree with it on strings nobody
 * wrote down is to run the same chain.  So each handler here is the
 * Python handler's algorithm written again over byte spans of the input,
 * step for step, and the comments name the Python step they stand for.
 *
 * The regexes are not compiled: each is a short left-to-right reader,
 * and the fifteen ISO 8601 templates are feedparser's own template
 * strings run by a small backtracking matcher (iso_match).  The Python
 * semantics that change outcomes are kept:
 *   - int() and float(): surrounding whitespace, one sign, underscores
 *     between digits, "1e1", "inf" (OverflowError) and "nan", int()'s
 *     limit of 4300 digits;
 *   - str.split() and regex \s: Unicode whitespace (NBSP, U+2000..U+200A,
 *     U+3000 ...), and slices and len() counted in code points;
 *   - datetime's range (years 1..9999; a zone that pushes the instant out
 *     of it fails the handler, as the OverflowError does);
 *   - the ISO 8601 handler's time.mktime, which normalises out-of-range
 *     fields (month 19, day 39, hour 99, day 0) instead of failing, and
 *     its use of today's date for the parts a string leaves out.
 * Numbers saturate at 10^12, far past every range check, so a digit run of
 * any length costs one pass and cannot overflow.  Nothing is copied except
 * into small fixed buffers for strings the localized handlers build from
 * bounded regex groups; the input is read up to its NUL only.
 *
 * Where feedparser is plainly wrong this parser departs from it:
 *   - The Hungarian, Nate and OnBlog handlers, and perforce dates without
 *     the leading "Day, " ("2003/01/01 12:00:00 EST"), run before ISO
 *     8601: in feedparser they come after it, and the ISO handler takes
 *     any string that starts with four digits as the year alone with
 *     today's month ("2004-július-13T9:15-05:00" gives 2004-<this
 *     month>-01), so those formats are never reached there.
 *   - A perforce month of 13..99 makes feedparser raise IndexError out of
 *     _parse_date; here it is not a date.
 * Not emulated (nothing feeds write): digits outside ASCII, which Python's
 * \d and int() accept, the few non-ASCII letters whose case mapping lands
 * in ASCII (U+0130, U+212A, U+017F, ligatures), and regex \w outside ASCII,
 * approximated (py_word).
 *
 * px_parse_time (util/time.c) is not the first step: its RFC 3339 differs
 * from feedparser's W3C-DTF at the edges (":60", "24:00", "+05", a comma
 * for the fraction), so it would answer first and differently; the civil
 * day arithmetic is util/timeutil.h's.  bench/feedconf/date_dev.py checks
 * the whole chain against feedparser string by string.
 */
#include "feed/date.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/timeutil.h"

#define BIG 1000000000000LL /* saturation bound of parsed numbers */
#define END ((size_t)-1)    /* slice bound: to the end */

typedef struct {
	const char *p;
	size_t n;
} span;

/* "Today" as the ISO 8601 handler fills it in. */
typedef struct {
	int64_t year, month, day;
} today;

/* The span P[0..N). */
static span mk(const char *p, size_t n)
{
	span s = { p, n };
	return s;
}

/* The span of NUL-terminated Z. */
static span lit(const char *z)
{
	return mk(z, strlen(z));
}

/* S[from..to) with both bounds clamped to S. */
static span sub(span s, size_t from, size_t to)
{
	if (to > s.n)
		to = s.n;
	if (from > to)
		from = to;
	return mk(s.p + from, to - from);
}

/* The byte S[i] (0..255), or -1 past the end. */
static int at(span s, size_t i)
{
	return i < s.n ? (unsigned char)s.p[i] : -1;
}

/* S[i] is an ASCII digit. */
static int digit(span s, size_t i)
{
	int c = at(s, i);
	return c >= '0' && c <= '9';
}

/* N ASCII digits at S[i]. */
static int digits(span s, size_t i, size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (!digit(s, i + k))
			return 0;
	return 1;
}

/* Value of the N ASCII digits at S[i] (checked by the caller). */
static int64_t num(span s, size_t i, size_t n)
{
	int64_t v = 0;
	for (size_t k = 0; k < n; k++)
		v = v * 10 + (s.p[i + k] - '0');
	return v;
}

/* ---------------------------------------------------------------------
 * Characters as Python sees them
 */

/* The code point at S[i] (i < S.n), its byte length in *LEN.  A byte that
 * does not start a well-formed sequence reads as U+FFFD of length 1. */
static unsigned cp_at(span s, size_t i, size_t *len)
{
	unsigned c = (unsigned char)s.p[i], v;
	size_t k;
	*len = 1;
	if (c < 0x80)
		return c;
	if (c >= 0xC2 && c <= 0xDF)
		k = 1, v = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		k = 2, v = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		k = 3, v = c & 0x07;
	else
		return 0xFFFD;
	for (size_t j = 1; j <= k; j++) {
		int b = at(s, i + j);
		if (b < 0 || (b & 0xC0) != 0x80)
			return 0xFFFD;
		v = v << 6 | (unsigned)(b & 0x3F);
	}
	if ((k == 2 && (v < 0x800 || (v >= 0xD800 && v <= 0xDFFF))) ||
	    (k == 3 && (v < 0x10000 || v > 0x10FFFF)))
		return 0xFFFD;
	*len = k + 1;
	return v;
}

/* str.isspace() of code point C (also regex \s and str.split()). */
static int py_space(unsigned c)
{
	return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20) ||
	       c == 0x85 || c == 0xA0 || c == 0x1680 ||
	       (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 ||
	       c == 0x202F || c == 0x205F || c == 0x3000;
}

/* Byte length of the whitespace character at S[i], 0 if there is none. */
static size_t space_at(span s, size_t i)
{
	size_t len;
	if (i >= s.n)
		return 0;
	return py_space(cp_at(s, i, &len)) ? len : 0;
}

/* Regex \w of code point C: ASCII letters, digits and '_'; outside ASCII
 * every character but whitespace and the common punctuation blocks (an
 * approximation of Unicode's alphanumerics that is exact for zones). */
static int py_word(unsigned c)
{
	if (c < 0x80)
		return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' &&
		       (c | 0x20) <= 'z') || c == '_';
	if (py_space(c) || c == 0xFFFD)
		return 0;
	if (c >= 0xA0 && c <= 0xBF)
		return c == 0xAA || c == 0xB2 || c == 0xB3 || c == 0xB5 ||
		       c == 0xB9 || c == 0xBA || (c >= 0xBC && c <= 0xBE);
	return c != 0xD7 && c != 0xF7 && !(c >= 0x2000 && c <= 0x206F) &&
	       !(c >= 0x3000 && c <= 0x3003);
}

/* str.strip(); NUMERIC strips as int() and float() do, which keep the
 * separators U+001C..U+001F that str.isspace() counts. */
static span strip(span s, int numeric)
{
	size_t i = 0, end = 0, len;
	while (i < s.n && (len = space_at(s, i)) &&
	       !(numeric && s.p[i] >= 0x1C && s.p[i] <= 0x1F))
		i += len;
	size_t start = i;
	end = i;
	while (i < s.n) {
		len = space_at(s, i);
		if (len && !(numeric && s.p[i] >= 0x1C && s.p[i] <= 0x1F)) {
			i += len;
		} else {
			cp_at(s, i, &len);
			i += len;
			end = i;
		}
	}
	return sub(s, start, end);
}

/* len(S) in code points. */
static size_t cp_len(span s)
{
	size_t n = 0, len;
	for (size_t i = 0; i < s.n; i += len, n++)
		cp_at(s, i, &len);
	return n;
}

/* S[from:to] in code points, the bytes equal to SKIP (if not 0) removed
 * first: a view of ''.join(S.split(SKIP))[from:to] whose skipped bytes
 * the readers below ignore again. */
static span cp_slice(span s, char skip, size_t from, size_t to)
{
	size_t i = 0, k = 0, len, start = s.n;
	for (; i < s.n; i += len) {
		cp_at(s, i, &len);
		if (skip && s.p[i] == skip)
			continue;
		if (k == from)
			start = i;
		if (k == to)
			break;
		k++;
	}
	if (start > i)
		start = i;
	return sub(s, start, i);
}

/* str.split() of S: the first MAX tokens into TOK; returns how many tokens
 * there are in all. */
static size_t py_split(span s, span *tok, size_t max)
{
	size_t n = 0, i = 0, len;
	while (i < s.n) {
		while (i < s.n && (len = space_at(s, i)))
			i += len;
		if (i >= s.n)
			break;
		size_t start = i;
		while (i < s.n && !space_at(s, i)) {
			cp_at(s, i, &len);
			i += len;
		}
		if (n < max)
			tok[n] = sub(s, start, i);
		n++;
	}
	return n;
}

/* ASCII tolower, locale-free. */
static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/* S.lower() == Z for lowercase ASCII Z, bytes equal to SKIP ignored. */
static int ieq(span s, char skip, const char *z)
{
	size_t i = 0;
	for (; i < s.n; i++) {
		if (skip && s.p[i] == skip)
			continue;
		if (!*z || lower((unsigned char)s.p[i]) != *z)
			return 0;
		z++;
	}
	return !*z;
}

/* S.lower().startswith(Z) for lowercase ASCII Z. */
static int iprefix(span s, const char *z)
{
	size_t n = strlen(z);
	return s.n >= n && ieq(sub(s, 0, n), 0, z);
}

/* int(S) as Python reads it (ASCII digits), bytes equal to SKIP ignored:
 * whitespace either side, one sign, digits with single underscores between
 * them, at most 4300 digits (Python 3.11's limit on int from str).  0
 * where Python raises ValueError; else 1 with the value in *V, saturated at
 * +-BIG. */
static int py_int(span s, char skip, int64_t *v)
{
	s = strip(s, 1);
	size_t i = 0;
	int neg = 0, prev_digit = 0;
	size_t nd = 0;
	int64_t x = 0;
	while (i < s.n && skip && s.p[i] == skip)
		i++;
	if (i < s.n && (s.p[i] == '+' || s.p[i] == '-'))
		neg = s.p[i++] == '-';
	for (; i < s.n; i++) {
		char c = s.p[i];
		if (skip && c == skip)
			continue;
		if (c == '_') {
			size_t j = i + 1;
			while (j < s.n && skip && s.p[j] == skip)
				j++;
			if (!prev_digit || !digit(s, j))
				return 0;
			prev_digit = 0;
			continue;
		}
		if (c < '0' || c > '9')
			return 0;
		x = x < BIG ? x * 10 + (c - '0') : BIG;
		nd++;
		prev_digit = 1;
	}
	if (!nd || nd > 4300) /* sys.get_int_max_str_digits() */
		return 0;
	if (x > BIG)
		x = BIG;
	*v = neg ? -x : x;
	return 1;
}

/* A decimal as D[0..nsig) * 10^exp10, the digits past the 64th folded
 * into STICKY (nonzero if any of them is). */
struct mant {
	char d[72];
	int nsig;
	long exp10;
	int sticky;
};

/* Reads a digit part (digits with single underscores between them) at
 * S[*i] into M, FRAC after the decimal point; returns the digit count, -1
 * for a misplaced underscore. */
static int digit_part(span s, size_t *i, struct mant *m, int frac)
{
	int nd = 0;
	while (*i < s.n) {
		char c = s.p[*i];
		if (c == '_') {
			if (!nd || !digit(s, *i + 1))
				return -1;
			(*i)++;
			continue;
		}
		if (c < '0' || c > '9')
			break;
		nd++;
		(*i)++;
		if (m->nsig == 0 && c == '0') {
			if (frac)
				m->exp10--;
		} else if (m->nsig < 64) {
			m->d[m->nsig++] = c;
			if (frac)
				m->exp10--;
		} else {
			if (!frac)
				m->exp10++;
			m->sticky |= c != '0';
		}
	}
	return nd;
}

/* int(float(S)) as Python computes it.  0 where float() raises ValueError,
 * or int() raises OverflowError (inf) or ValueError (nan); else 1 with the
 * value truncated toward zero in *V, saturated at +-BIG.  The decimal is
 * rounded to a double once, correctly (strtod on at most 65 significant
 * digits and a sticky digit), as Python rounds it: "59.99999999999999999"
 * is 60. */
static int py_float_int(span s, int64_t *v)
{
	s = strip(s, 1);
	size_t i = 0;
	int neg = 0;
	if (i < s.n && (s.p[i] == '+' || s.p[i] == '-'))
		neg = s.p[i++] == '-';
	span rest = sub(s, i, END);
	if (ieq(rest, 0, "inf") || ieq(rest, 0, "infinity") ||
	    ieq(rest, 0, "nan"))
		return 0;
	struct mant m = { .nsig = 0, .exp10 = 0, .sticky = 0 };
	int a = digit_part(s, &i, &m, 0), b = 0;
	if (a < 0)
		return 0;
	if (at(s, i) == '.') {
		i++;
		if ((b = digit_part(s, &i, &m, 1)) < 0)
			return 0;
	}
	if (a + b == 0)
		return 0;
	long e = 0;
	if (at(s, i) == 'e' || at(s, i) == 'E') {
		i++;
		int eneg = 0, nd = 0, prev = 0;
		if (at(s, i) == '+' || at(s, i) == '-')
			eneg = s.p[i++] == '-';
		for (; i < s.n; i++) {
			if (s.p[i] == '_' && prev && digit(s, i + 1)) {
				prev = 0;
				continue;
			}
			if (!digit(s, i))
				break;
			e = e < 1000000 ? e * 10 + (s.p[i] - '0') : 1000000;
			nd = prev = 1;
		}
		if (!nd)
			return 0;
		if (eneg)
			e = -e;
	}
	if (i != s.n)
		return 0;
	if (m.nsig == 0) {
		*v = 0;
		return 1;
	}
	if (m.sticky) {
		m.d[m.nsig++] = '1';
		m.exp10--;
	}
	long mag = m.exp10 + e + m.nsig; /* value < 10^mag */
	if (mag > 20) {
		*v = neg ? -BIG : BIG;
		return 1;
	}
	if (mag < -20) {
		*v = 0;
		return 1;
	}
	char buf[96];
	snprintf(buf, sizeof(buf), "%.*se%ld", m.nsig, m.d, m.exp10 + e);
	double d = strtod(buf, NULL);
	int64_t x = d >= (double)BIG ? BIG : (int64_t)d;
	*v = neg ? -x : x;
	return 1;
}

/* ---------------------------------------------------------------------
 * The calendar
 */

static int leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days in month M (1..12) of year Y. */
static int month_days(int64_t y, int64_t m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30,
	                              31, 31, 30, 31, 30, 31 };
	return days[m - 1] + (m == 2 && leap(y));
}

/* datetime.datetime(Y, MO, D, H, MI, S) would not raise. */
static int valid_datetime(int64_t y, int64_t mo, int64_t d, int64_t h,
                          int64_t mi, int64_t s)
{
	return y >= 1 && y <= 9999 && mo >= 1 && mo <= 12 && d >= 1 &&
	       d <= month_days(y, mo) && h >= 0 && h <= 23 && mi >= 0 &&
	       mi <= 59 && s >= 0 && s <= 59;
}

/* Unix seconds of a valid civil date and time. */
static int64_t civil(int64_t y, int64_t mo, int64_t d, int64_t h, int64_t mi,
                     int64_t s)
{
	return px_days_from_civil(y, (unsigned)mo, (unsigned)d) * 86400 +
	       h * 3600 + mi * 60 + s;
}

/* datetime.datetime(Y, MO, D, H, MI, S) - timedelta(hours=ZH, minutes=ZM)
 * into *OUT; 0 where Python raises (a field out of range, or the result
 * outside years 1..9999). */
static int datetime_minus(int64_t y, int64_t mo, int64_t d, int64_t h,
                          int64_t mi, int64_t s, int64_t zh, int64_t zm,
                          int64_t *out)
{
	if (!valid_datetime(y, mo, d, h, mi, s))
		return 0;
	int64_t t = civil(y, mo, d, h, mi, s) - zh * 3600 - zm * 60;
	if (t < civil(1, 1, 1, 0, 0, 0) || t > civil(9999, 12, 31, 23, 59, 59))
		return 0;
	*out = t;
	return 1;
}

/* A / B rounded toward minus infinity (B != 0). */
static int64_t floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* Year, month and day of day number Z (days since 1970-01-01), found with
 * px_days_from_civil rather than a second copy of the inverse. */
static void civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	int64_t yy = 1970 + floor_div(z * 400, 146097);
	while (px_days_from_civil(yy + 1, 1, 1) <= z)
		yy++;
	while (px_days_from_civil(yy, 1, 1) > z)
		yy--;
	int mm = 12;
	while (px_days_from_civil(yy, (unsigned)mm, 1) > z)
		mm--;
	*y = yy;
	*m = mm;
	*d = (int)(z - px_days_from_civil(yy, (unsigned)mm, 1)) + 1;
}

/* ---------------------------------------------------------------------
 * Zone tables
 */

struct zone {
	const char *name;
	int value;
};

/* w3dtf's timezonenames and rfc822's timezone_names (hours); the last two
 * rows are rfc822's only. */
static const struct zone zones[] = {
	{ "ut", 0 },   { "gmt", 0 },  { "z", 0 },    { "adt", -3 },
	{ "ast", -4 }, { "at", -4 },  { "edt", -4 }, { "est", -5 },
	{ "et", -5 },  { "cdt", -5 }, { "cst", -6 }, { "ct", -6 },
	{ "mdt", -6 }, { "mst", -7 }, { "mt", -7 },  { "pdt", -7 },
	{ "pst", -8 }, { "pt", -8 },  { "a", -1 },   { "n", 1 },
	{ "m", -12 },  { "y", 12 },   { "met", 1 },  { "mest", 2 },
};

/* names.get(S.lower(), 0), bytes equal to SKIP ignored; RFC822 selects
 * rfc822's table (with met, mest). */
static int zone_hours(span s, char skip, int rfc822)
{
	size_t n = sizeof(zones) / sizeof(zones[0]) - (rfc822 ? 0 : 2);
	for (size_t i = 0; i < n; i++)
		if (ieq(s, skip, zones[i].name))
			return zones[i].value;
	return 0;
}

/* email._parseaddr's _timezones (+-HHMM). */
static const struct zone mail_zones[] = {
	{ "ut", 0 },    { "utc", 0 },   { "gmt", 0 },   { "z", 0 },
	{ "ast", -400 }, { "adt", -300 }, { "est", -500 }, { "edt", -400 },
	{ "cst", -600 }, { "cdt", -500 }, { "mst", -700 }, { "mdt", -600 },
	{ "pst", -800 }, { "pdt", -700 },
};

static const char *const month_names[12] = {
	"jan", "feb", "mar", "apr", "may", "jun",
	"jul", "aug", "sep", "oct", "nov", "dec",
};

/* months.get(S.lower()[:3]) of rfc822: 1..12, or 0. */
static int month_of(span s)
{
	if (s.n < 3)
		return 0;
	for (int i = 0; i < 12; i++)
		if (ieq(sub(s, 0, 3), 0, month_names[i]))
			return i + 1;
	return 0;
}

/* S.lower()[:3] in rfc822's day_names. */
static int day_name(span s)
{
	static const char *const days[7] = { "mon", "tue", "wed", "thu",
	                                     "fri", "sat", "sun" };
	if (s.n < 3)
		return 0;
	for (int i = 0; i < 7; i++)
		if (ieq(sub(s, 0, 3), 0, days[i]))
			return 1;
	return 0;
}

/* Index of the first byte C in S, or S.n. */
static size_t find(span s, char c)
{
	const char *q = s.n ? memchr(s.p, c, s.n) : NULL;
	return q ? (size_t)(q - s.p) : s.n;
}

/* ---------------------------------------------------------------------
 * _parse_date_w3dtf
 */

/* _parse_date_w3dtf(S): 1 with the instant in *OUT, 0 where it returns
 * None or raises. */
static int w3dtf(span s, int64_t *out)
{
	if (strip(s, 0).n == 0)
		return 0;
	/* parts = datestr.lower().split('t') */
	span part[3];
	size_t np = 2, t1 = END;
	for (size_t i = 0; i < s.n; i++) {
		if (lower((unsigned char)s.p[i]) != 't')
			continue;
		if (t1 != END)
			return 0; /* more than two parts */
		t1 = i;
	}
	if (t1 == END) {
		span tok[3] = { { s.p, 0 }, { s.p, 0 }, { s.p, 0 } };
		size_t k = py_split(s, tok, 3);
		part[0] = tok[0];
		part[1] = k == 1 ? lit("00:00:00z") : tok[1];
		if (k >= 3) {
			part[2] = tok[2];
			np = 3;
		}
	} else {
		part[0] = sub(s, 0, t1);
		part[1] = sub(s, t1 + 1, END);
	}
	/* date = parts[0].split('-', 2), padded with '1' */
	span date[3] = { part[0], lit("1"), lit("1") };
	size_t d1 = find(part[0], '-');
	if (d1 < part[0].n) {
		span rest = sub(part[0], d1 + 1, END);
		size_t d2 = find(rest, '-');
		date[0] = sub(part[0], 0, d1);
		date[1] = sub(rest, 0, d2);
		if (d2 < rest.n)
			date[2] = sub(rest, d2 + 1, END);
	}
	if (cp_len(date[0]) != 4)
		return 0;
	int64_t y, mo, d;
	if (!py_int(date[0], 0, &y) || !py_int(date[1], 0, &mo) ||
	    !py_int(date[2], 0, &d))
		return 0;
	/* a trailing 'z' moves to the end of parts; then the offset, from the
	 * first '-' (else '+'), is appended: parts[2] is the zone */
	span tm = part[1];
	int z = tm.n && lower((unsigned char)tm.p[tm.n - 1]) == 'z';
	if (z)
		tm.n--;
	size_t loc = find(tm, '-');
	if (loc == tm.n)
		loc = find(tm, '+');
	span zone = np == 3 ? part[2] : z ? lit("z") : sub(tm, loc, END);
	tm = sub(tm, 0, loc);
	/* time = parts[1].split(':', 2), padded with '0' */
	span hms[3] = { tm, lit("0"), lit("0") };
	size_t c1 = find(tm, ':');
	if (c1 < tm.n) {
		span rest = sub(tm, c1 + 1, END);
		size_t c2 = find(rest, ':');
		hms[0] = sub(tm, 0, c1);
		hms[1] = sub(rest, 0, c2);
		if (c2 < rest.n)
			hms[2] = sub(rest, c2 + 1, END);
	}
	int64_t zh = 0, zm = 0;
	if (zone.n && (zone.p[0] == '-' || zone.p[0] == '+')) {
		if (!py_int(cp_slice(zone, 0, 1, 3), 0, &zh) ||
		    !py_int(cp_slice(zone, 0, 4, END), 0, &zm))
			return 0;
		if (zone.p[0] == '-')
			zh = -zh, zm = -zm;
	} else {
		zh = zone_hours(zone, 0, 0);
	}
	int64_t h, mi, sec;
	if (!py_float_int(hms[0], &h) || !py_float_int(hms[1], &mi) ||
	    !py_float_int(hms[2], &sec))
		return 0;
	return datetime_minus(y, mo, d, h, mi, sec, zh, zm, out);
}

/* ---------------------------------------------------------------------
 * _parse_date_rfc822
 */

/* _parse_date_rfc822 over the tokens of date.lower().split(): TOK holds
 * the first min(N, 6) of the string's N tokens.  1 with *OUT, or 0. */
static int rfc822(const span *tok, size_t n, int64_t *out)
{
	span part[8];
	size_t k = n < 6 ? n : 6, np = n;
	for (size_t i = 0; i < k; i++)
		part[i] = tok[i];
	if (n < 5) { /* assume the time and zone are missing */
		part[k] = lit("00:00:00");
		part[k + 1] = lit("0000");
		np = n + 2;
	}
	const span *p = part;
	if (day_name(p[0]))
		p++, np--;
	if (np < 5)
		return 0;
	/* day and month, maybe swapped */
	int mo = month_of(p[1]);
	int64_t d, y, hms[3] = { 0, 0, 0 };
	if (!py_int(p[0], 0, &d)) {
		int m0 = month_of(p[0]);
		if (!m0 || !py_int(p[1], 0, &d))
			return 0;
		mo = m0;
	}
	if (!mo || !py_int(p[2], 0, &y))
		return 0;
	if (cp_len(p[2]) <= 2)
		y += y < 90 ? 2000 : 1900;
	/* time_parts = parts[3].split(':'), padded with '0'; more than three
	 * do not unpack */
	span tm = p[3];
	for (int i = 0;; i++) {
		size_t c = find(tm, ':');
		if (i == 3 || !py_int(sub(tm, 0, c), 0, &hms[i]))
			return 0;
		if (c == tm.n)
			break;
		tm = sub(tm, c + 1, END);
	}
	/* the zone: 'etc/' dropped, 'gmt...' without its colons */
	span zone = p[4];
	char skip = 0;
	if (iprefix(zone, "etc/"))
		zone = sub(zone, 4, END);
	if (iprefix(zone, "gmt")) {
		span rest = sub(zone, 3, END);
		size_t i = 0;
		while (i < rest.n && rest.p[i] == ':')
			i++;
		if (i < rest.n)
			zone = rest, skip = ':';
		else
			zone = lit("gmt");
	}
	size_t first = 0;
	while (first < zone.n && skip && zone.p[first] == skip)
		first++;
	int64_t zh = 0, zm = 0;
	if (first < zone.n && (zone.p[first] == '-' || zone.p[first] == '+')) {
		int colon = !skip && find(zone, ':') < zone.n;
		if (!py_int(cp_slice(zone, skip, 1, 3), skip, &zh) ||
		    !py_int(cp_slice(zone, skip, colon ? 4 : 3, END), skip, &zm))
			return 0;
		if (zone.p[first] == '-')
			zh = -zh, zm = -zm;
	} else {
		zh = zone_hours(zone, skip, 1);
	}
	return datetime_minus(y, mo, d, hms[0], hms[1], hms[2], zh, zm, out);
}

/* _parse_date_rfc822(S). */
static int rfc822_string(span s, int64_t *out)
{
	span tok[6];
	size_t n = py_split(s, tok, 6);
	return rfc822(tok, n, out);
}

/* ---------------------------------------------------------------------
 * _parse_date_iso8601: the first of fifteen templates that matches a
 * prefix of S, then time.mktime's normalisation of the fields.
 */

struct iso {
	int year_len;             /* 0: no year group; 2 or 4 digits */
	int64_t year;
	int has_month, has_day, has_century;
	int64_t month, day, ordinal, century;
	size_t end;               /* end of the date part */
};

/* [01]\d at S[i]. */
static int mm_at(span s, size_t i)
{
	return (at(s, i) == '0' || at(s, i) == '1') && digit(s, i + 1);
}

/* [0123]\d at S[i]. */
static int dd_at(span s, size_t i)
{
	return at(s, i) >= '0' && at(s, i) <= '3' && digit(s, i + 1);
}

/* [0123]\d\d at S[i]. */
static int ooo_at(span s, size_t i)
{
	return dd_at(s, i) && digit(s, i + 2);
}

/* feedparser's templates, in its order: the first that matches a prefix
 * wins.  YYYY/YY year, MM month ([01]\d), DD day ([0123]\d), OOO ordinal
 * ([0123]\d\d), CC century (\d\d$), "-?" an optional dash, "MM?" an
 * optional month. */
static const char *const iso_templates[] = {
	"YYYY-?MM-?DD", "YYYY-0MM?-?DD", "YYYY-MM", "YYYY-?OOO", "YY-?MM-?DD",
	"YY-?OOO", "YYYY", "-YY-?MM", "-OOO", "-YY", "--MM-?DD", "--MM",
	"---DD", "CC", "",
};

/* Template T against S at I, backtracking as the regex does (greedy
 * first, then without the optional part); 1 with the groups in *M and the
 * end of the date in M->end on a match. */
static int iso_match(span s, const char *t, size_t i, struct iso *m)
{
	struct iso save = *m;
	if (!*t) {
		m->end = i;
		return 1;
	}
	if (t[0] == 'Y') {
		size_t n = strncmp(t, "YYYY", 4) == 0 ? 4 : 2;
		if (!digits(s, i, n))
			return 0;
		m->year = num(s, i, n);
		m->year_len = (int)n;
		return iso_match(s, t + n, i + n, m);
	}
	if (t[0] == 'M') {
		int opt = t[2] == '?';
		if (mm_at(s, i)) {
			m->month = num(s, i, 2);
			m->has_month = 1;
			if (iso_match(s, t + 2 + opt, i + 2, m))
				return 1;
			*m = save;
		}
		return opt && iso_match(s, t + 3, i, m);
	}
	if (t[0] == 'D') {
		if (!dd_at(s, i))
			return 0;
		m->day = num(s, i, 2);
		m->has_day = 1;
		return iso_match(s, t + 2, i + 2, m);
	}
	if (t[0] == 'O') {
		if (!ooo_at(s, i))
			return 0;
		m->ordinal = num(s, i, 3);
		return iso_match(s, t + 3, i + 3, m);
	}
	if (t[0] == 'C') { /* $: the end, or before a final newline */
		if (!digits(s, i, 2) ||
		    !(s.n == i + 2 || (s.n == i + 3 && s.p[i + 2] == '\n')))
			return 0;
		m->century = num(s, i, 2);
		m->has_century = 1;
		return iso_match(s, t + 2, i + 2, m);
	}
	if (t[1] == '?') { /* -? */
		if (at(s, i) == t[0] && iso_match(s, t + 2, i + 1, m))
			return 1;
		*m = save;
		return iso_match(s, t + 2, i, m);
	}
	return at(s, i) == t[0] && iso_match(s, t + 1, i + 1, m);
}

/* _parse_date_iso8601(S) with NOW as today: 1 with the instant in *OUT,
 * 0 when no template matches more than nothing. */
static int iso8601(span s, const today *now, int64_t *out)
{
	struct iso m;
	for (size_t t = 0;; t++) {
		memset(&m, 0, sizeof(m));
		if (iso_match(s, iso_templates[t], 0, &m))
			break;
	}
	/* (T?HH:MM(:SS)?(\.\d+)?([+-]HH(:MM)?|Z)?)? */
	size_t i = m.end;
	int64_t h = 0, mi = 0, sec = 0, zh = 0, zm = 0;
	int zsign = 0;
	if (at(s, i) == 'T')
		i++;
	if (digits(s, i, 2) && at(s, i + 2) == ':' && digits(s, i + 3, 2)) {
		h = num(s, i, 2);
		mi = num(s, i + 3, 2);
		i += 5;
		if (at(s, i) == ':' && digits(s, i + 1, 2)) {
			sec = num(s, i + 1, 2);
			i += 3;
		}
		if (at(s, i) == '.' && digit(s, i + 1))
			for (i++; digit(s, i); i++)
				;
		if ((at(s, i) == '+' || at(s, i) == '-') && digits(s, i + 1, 2)) {
			zsign = at(s, i) == '-' ? 1 : -1;
			zh = num(s, i + 1, 2);
			i += 3;
			if (at(s, i) == ':' && digits(s, i + 1, 2)) {
				zm = num(s, i + 1, 2);
				i += 3;
			}
		}
		m.end = i;
	}
	if (m.end == 0) /* m.span() == (0, 0) */
		return 0;
	int64_t ord = m.ordinal, y, mo, d;
	if (!m.year_len)
		y = now->year;
	else if (m.year_len == 2)
		y = 100 * (now->year / 100) + m.year;
	else
		y = m.year;
	mo = m.has_month ? m.month : ord ? 1 : now->month;
	if (m.has_day)
		d = m.day;
	else if (ord)
		d = ord;
	else if (m.has_century || m.year_len || m.has_month)
		d = 1;
	else
		d = now->day;
	if (m.has_century)
		y = (m.century - 1) * 100 + 1;
	h += zsign * zh;
	mi += zsign * zm;
	/* time.mktime: months roll into years, the rest into seconds */
	y += floor_div(mo - 1, 12);
	mo = mo - 1 - 12 * floor_div(mo - 1, 12) + 1;
	*out = (px_days_from_civil(y, (unsigned)mo, 1) + d - 1) * 86400 +
	       h * 3600 + mi * 60 + sec;
	return 1;
}

/* ---------------------------------------------------------------------
 * _parse_date_asctime: "Sun Jan  4 16:29:06 [PST] 2004" reordered for
 * rfc822.
 */

static int asctime_date(span s, int64_t *out)
{
	span tok[6];
	size_t n = py_split(s, tok, 6);
	if (n == 5) {
		tok[5] = tok[4];
		tok[4] = lit("+0000");
		n = 6;
	}
	if (n != 6)
		return 0;
	span r[6] = { tok[0], tok[2], tok[1], tok[5], tok[3], tok[4] };
	return rfc822(r, 6, out);
}

/* ---------------------------------------------------------------------
 * _parse_date_perforce: "Fri, 2006/09/15 08:19:53 EDT" anywhere in S,
 * rebuilt as "Fri, 15 Sep 2006 08:19:53 EDT" for email's parsedate_tz.
 */

struct perforce {
	span year, month, day, hour, min, sec, zone;
};

/* Up to MAX ASCII digits at S[*i]. */
static span run_digits(span s, size_t *i, size_t max)
{
	size_t start = *i;
	while (*i - start < max && digit(s, *i))
		(*i)++;
	return sub(s, start, *i);
}

/* Up to 3 \w characters at S[*i]. */
static span run_word3(span s, size_t *i)
{
	size_t start = *i, len;
	for (int k = 0; k < 3 && *i < s.n; k++) {
		if (!py_word(cp_at(s, *i, &len)))
			break;
		*i += len;
	}
	return sub(s, start, *i);
}

/* (\d{,4})/(\d{,2})/(\d{2}) (\d{,2}):(\d{2}):(\d{2}) (\w{,3}) at S[i];
 * MIN_YEAR and ZONE_SEP loosen it for the form without a day name. */
static int perforce_match(span s, size_t i, struct perforce *m,
                          size_t year_digits, int zone_required)
{
	m->year = run_digits(s, &i, 4);
	if (m->year.n < year_digits || at(s, i++) != '/')
		return 0;
	m->month = run_digits(s, &i, 2);
	if (at(s, i++) != '/' || !digits(s, i, 2))
		return 0;
	m->day = sub(s, i, i + 2);
	i += 2;
	if (at(s, i) != ' ') {
		if (zone_required)
			return 0;
		m->hour = lit("0");
		m->min = m->sec = lit("00");
		m->zone = lit("");
		return i == s.n;
	}
	i++;
	m->hour = run_digits(s, &i, 2);
	if (at(s, i++) != ':' || !digits(s, i, 2) || at(s, i + 2) != ':' ||
	    !digits(s, i + 3, 2))
		return 0;
	m->min = sub(s, i, i + 2);
	m->sec = sub(s, i + 3, i + 5);
	i += 5;
	m->zone = lit("");
	if (at(s, i) == ' ' && !zone_required && (at(s, i + 1) == '+' ||
	    at(s, i + 1) == '-') && digits(s, i + 2, 4)) {
		m->zone = sub(s, i + 1, i + 6);
		i += 6;
	} else if (at(s, i) == ' ') {
		i++;
		m->zone = run_word3(s, &i);
	} else if (zone_required) {
		return 0;
	}
	return zone_required || i == s.n;
}

/* The instant of a perforce match, as parsedate_tz and mktime_tz make it:
 * 1 with *OUT, 0 when parsedate_tz fails, -1 where feedparser raises
 * IndexError (month 13..99). */
static int perforce_time(const struct perforce *m, int64_t *out)
{
	int64_t mo, d, y, h, mi, sec, off = 0;
	if (!py_int(m->month, 0, &mo))
		return 0;
	if (mo > 12)
		return -1;
	if (mo < 1) /* months[-1] */
		mo = 12;
	span zone = m->zone;
	if (m->year.n) {
		if (!py_int(m->year, 0, &y))
			return 0;
	} else {
		/* [dd, mon, time, zone, ''] : the zone is taken for the year
		 * when the time has a ':' past its start */
		if (!m->hour.n || !zone.n || !digit(zone, 0) ||
		    !py_int(zone, 0, &y))
			return 0;
		zone = lit("");
	}
	if (!py_int(m->day, 0, &d) || !py_int(m->hour, 0, &h) ||
	    !py_int(m->min, 0, &mi) || !py_int(m->sec, 0, &sec))
		return 0;
	if (y < 100)
		y += y > 68 ? 1900 : 2000;
	int named = 0;
	for (size_t i = 0; i < sizeof(mail_zones) / sizeof(mail_zones[0]); i++)
		if (ieq(zone, 0, mail_zones[i].name)) {
			off = mail_zones[i].value;
			named = 1;
		}
	if (!named && !py_int(zone, 0, &off))
		off = 0;
	int64_t a = off < 0 ? -off : off;
	a = (a / 100) * 3600 + (a % 100) * 60;
	off = off < 0 ? -a : a;
	/* calendar.timegm needs date(y, mo, 1) */
	if (y < 1 || y > 9999)
		return 0;
	*out = (px_days_from_civil(y, (unsigned)mo, 1) + d - 1) * 86400 +
	       h * 3600 + mi * 60 + sec - off;
	return 1;
}

/* _parse_date_perforce(S): 1 with *OUT, 0 when it fails, -1 where
 * feedparser raises. */
static int perforce(span s, int64_t *out)
{
	for (size_t c = 0; c + 1 < s.n; c++) {
		struct perforce m;
		if (s.p[c] == ',' && s.p[c + 1] == ' ' &&
		    perforce_match(s, c + 2, &m, 0, 1))
			return perforce_time(&m, out);
	}
	return 0;
}

/* Not feedparser: "YYYY/MM/DD[ HH:MM:SS[ ZONE]]" alone, which feedparser
 * reads as the year with today's month. */
static int perforce_bare(span s, int64_t *out)
{
	struct perforce m;
	s = strip(s, 0);
	int64_t mo;
	if (!perforce_match(s, 0, &m, 4, 0) || !py_int(m.month, 0, &mo) ||
	    mo < 1)
		return 0;
	return perforce_time(&m, out) > 0;
}

/* ---------------------------------------------------------------------
 * The localized handlers.  Their month and day names must match exactly
 * (feedparser looks them up as they are); each rebuilds a W3C-DTF or RFC
 * 822 string from its groups, all of bounded length.
 */

/* Regex \s+ at S[*i]. */
static int spaces(span s, size_t *i)
{
	size_t start = *i, len;
	while ((len = space_at(s, *i)))
		*i += len;
	return *i > start;
}

/* Regex [^\s]+ at S[*i]. */
static span nonspace(span s, size_t *i)
{
	size_t start = *i, len;
	while (*i < s.n && !space_at(s, *i)) {
		cp_at(s, *i, &len);
		*i += len;
	}
	return sub(s, start, *i);
}

/* Literal UTF-8 Z at S[*i]. */
static int word(span s, size_t *i, const char *z)
{
	size_t n = strlen(z);
	if (s.n - *i < n || memcmp(s.p + *i, z, n) != 0)
		return 0;
	*i += n;
	return 1;
}

/* w3dtf of the string FMT formats (short: the groups are bounded). */
static int w3dtf_printf(int64_t *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int w3dtf_printf(int64_t *out, const char *fmt, ...)
{
	char buf[96];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(buf))
		return 0;
	return w3dtf(mk(buf, (size_t)n), out);
}

static const char *const hungarian_months[12] = {
	"janu\xc3\xa1r", "febru\xc3\xa1ri", "m\xc3\xa1rcius",
	"\xc3\xa1prilis", "m\xc3\xa1ujus", "j\xc3\xbanius", "j\xc3\xbalius",
	"augusztus", "szeptember", "okt\xc3\xb3\x62\x65\x72", "november", "december",
};

/* (\d{4})-([^-]+)-(\d{,2})T(\d{,2}):(\d{2})([+-](\d{,2}:\d{2})) */
static int hungarian(span s, int64_t *out)
{
	size_t i = 4;
	if (!digits(s, 0, 4) || at(s, i++) != '-')
		return 0;
	size_t dash2 = i + find(sub(s, i, END), '-');
	span month = sub(s, i, dash2);
	int mo = 0;
	for (int k = 0; k < 12 && !mo; k++)
		if (month.n == strlen(hungarian_months[k]) &&
		    memcmp(month.p, hungarian_months[k], month.n) == 0)
			mo = k + 1;
	if (!mo || at(s, dash2) != '-')
		return 0;
	i = dash2 + 1;
	span day = run_digits(s, &i, 2);
	if (at(s, i++) != 'T')
		return 0;
	span hour = run_digits(s, &i, 2);
	if (at(s, i++) != ':' || !digits(s, i, 2))
		return 0;
	span minute = sub(s, i, i + 2);
	i += 2;
	if (at(s, i) != '+' && at(s, i) != '-')
		return 0;
	size_t zstart = i++;
	run_digits(s, &i, 2);
	if (at(s, i) != ':' || !digits(s, i + 1, 2))
		return 0;
	span zone = sub(s, zstart, i + 3);
	return w3dtf_printf(out, "%.4s-%02d-%s%.*sT%s%.*s:%.2s%.*s", s.p, mo,
	                    day.n == 1 ? "0" : "", (int)day.n, day.p,
	                    hour.n == 1 ? "0" : "", (int)hour.n, hour.p,
	                    minute.p, (int)zone.n, zone.p);
}

#define KO_YEAR "\xeb\x85\x84"  /* U+B144 */
#define KO_MONTH "\xec\x9b\x94" /* U+C6D4 */
#define KO_DAY "\xec\x9d\xbc"   /* U+C77C */
#define KO_AM "\xec\x98\xa4\xec\xa0\x84" /* U+C624 U+C804 */
#define KO_PM "\xec\x98\xa4\xed\x9b\x84" /* U+C624 U+D6C4 */

/* OnBlog: (\d{4})년\s+(\d{2})월\s+(\d{2})일\s+(\d{2}):(\d{2}):(\d{2}),
 * in Korea's zone (+09:00). */
static int onblog(span s, int64_t *out)
{
	size_t i = 4, mo, d, h;
	if (!digits(s, 0, 4) || !word(s, &i, KO_YEAR) || !spaces(s, &i) ||
	    !digits(s, (mo = i), 2))
		return 0;
	i += 2;
	if (!word(s, &i, KO_MONTH) || !spaces(s, &i) || !digits(s, (d = i), 2))
		return 0;
	i += 2;
	if (!word(s, &i, KO_DAY) || !spaces(s, &i) || !digits(s, (h = i), 2) ||
	    at(s, h + 2) != ':' || !digits(s, h + 3, 2) || at(s, h + 5) != ':' ||
	    !digits(s, h + 6, 2))
		return 0;
	return w3dtf_printf(out, "%.4s-%.2s-%.2sT%.8s+09:00", s.p, s.p + mo,
	                    s.p + d, s.p + h);
}

/* Nate: (\d{4})-(\d{2})-(\d{2})\s+(오전|오후)\s+(\d{,2}):(\d{,2}):(\d{,2}),
 * in Korea's zone; 오후 (p.m.) adds 12 hours. */
static int nate(span s, int64_t *out)
{
	size_t i = 10;
	if (!digits(s, 0, 4) || at(s, 4) != '-' || !digits(s, 5, 2) ||
	    at(s, 7) != '-' || !digits(s, 8, 2) || !spaces(s, &i))
		return 0;
	int pm = 0;
	if (word(s, &i, KO_PM))
		pm = 1;
	else if (!word(s, &i, KO_AM))
		return 0;
	if (!spaces(s, &i))
		return 0;
	span hour = run_digits(s, &i, 2);
	if (at(s, i++) != ':')
		return 0;
	span minute = run_digits(s, &i, 2);
	if (at(s, i++) != ':')
		return 0;
	span second = run_digits(s, &i, 2);
	int64_t h;
	if (!py_int(hour, 0, &h))
		return 0;
	h += pm ? 12 : 0;
	return w3dtf_printf(out, "%.4s-%.2s-%.2sT%02d:%.*s:%.*s+09:00", s.p,
	                    s.p + 5, s.p + 8, (int)h, (int)minute.n, minute.p,
	                    (int)second.n, second.p);
}

static const char *const greek_months[][2] = {
	{ "\xce\x99\xce\xb1\xce\xbd", "Jan" },
	{ "\xce\xa6\xce\xb5\xce\xb2", "Feb" },
	{ "\xce\x9c\xce\xac\xcf\x8e", "Mar" },
	{ "\xce\x9c\xce\xb1\xcf\x8e", "Mar" },
	{ "\xce\x91\xcf\x80\xcf\x81", "Apr" },
	{ "\xce\x9c\xce\xac\xce\xb9", "May" },
	{ "\xce\x9c\xce\xb1\xcf\x8a", "May" },
	{ "\xce\x9c\xce\xb1\xce\xb9", "May" },
	{ "\xce\x99\xce\xbf\xcf\x8d\xce\xbd", "Jun" },
	{ "\xce\x99\xce\xbf\xce\xbd", "Jun" },
	{ "\xce\x99\xce\xbf\xcf\x8d\xce\xbb", "Jul" },
	{ "\xce\x99\xce\xbf\xce\xbb", "Jul" },
	{ "\xce\x91\xcf\x8d\xce\xb3", "Aug" },
	{ "\xce\x91\xcf\x85\xce\xb3", "Aug" },
	{ "\xce\xa3\xce\xb5\xcf\x80", "Sep" },
	{ "\xce\x9f\xce\xba\xcf\x84", "Oct" },
	{ "\xce\x9d\xce\xbf\xce\xad", "Nov" },
	{ "\xce\x9d\xce\xbf\xce\xb5", "Nov" },
	{ "\xce\x94\xce\xb5\xce\xba", "Dec" },
};

static const char *const greek_days[][2] = {
	{ "\xce\x9a\xcf\x85\xcf\x81", "Sun" },
	{ "\xce\x94\xce\xb5\xcf\x85", "Mon" },
	{ "\xce\xa4\xcf\x81\xce\xb9", "Tue" },
	{ "\xce\xa4\xce\xb5\xcf\x84", "Wed" },
	{ "\xce\xa0\xce\xb5\xce\xbc", "Thu" },
	{ "\xce\xa0\xce\xb1\xcf\x81", "Fri" },
	{ "\xce\xa3\xce\xb1\xce\xb2", "Sat" },
};

/* The English name of Greek name S in TABLE (N rows), or NULL. */
static const char *greek_name(span s, const char *const (*table)[2], size_t n)
{
	for (size_t k = 0; k < n; k++)
		if (s.n == strlen(table[k][0]) &&
		    memcmp(s.p, table[k][0], s.n) == 0)
			return table[k][1];
	return NULL;
}

/* Regex \s+ then N digits at S[*i] into *OUT. */
static int spaced_digits(span s, size_t *i, size_t n, span *out)
{
	if (!spaces(s, i) || !digits(s, *i, n))
		return 0;
	*out = sub(s, *i, *i + n);
	*i += n;
	return 1;
}

/* ([^,]+),\s+(\d{2})\s+([^\s]+)\s+(\d{4})\s+(\d{2}):(\d{2}):(\d{2})\s+
 * ([^\s]+), the names translated, through rfc822. */
static int greek(span s, int64_t *out)
{
	size_t comma = find(s, ','), i = comma + 1;
	span day, month, year, time, zone;
	if (comma == 0 || comma == s.n || !spaced_digits(s, &i, 2, &day) ||
	    !spaces(s, &i))
		return 0;
	month = nonspace(s, &i);
	if (!spaced_digits(s, &i, 4, &year) || !spaced_digits(s, &i, 2, &time) ||
	    at(s, i) != ':' || !digits(s, i + 1, 2) || at(s, i + 3) != ':' ||
	    !digits(s, i + 4, 2))
		return 0;
	time.n = 8; /* HH:MM:SS */
	i += 6;
	if (!spaces(s, &i))
		return 0;
	zone = nonspace(s, &i);
	if (!zone.n)
		return 0;
	const char *wd = greek_name(sub(s, 0, comma), greek_days,
	                            sizeof(greek_days) / sizeof(greek_days[0]));
	const char *mo = greek_name(month, greek_months,
	                           sizeof(greek_months) / sizeof(greek_months[0]));
	if (!wd || !mo)
		return 0;
	span tok[6] = { lit(wd), day, lit(mo), year, time, zone };
	return rfc822(tok, 6, out);
}

/* ---------------------------------------------------------------------
 * The chain
 */

/* feedparser's chain, reordered only as the top of the file says. */
int64_t feed_parse_date_at(const char *str, int64_t now)
{
	if (!str || !*str)
		return PX_TIME_UNKNOWN;
	span s = lit(str);
	int64_t t;
	int r;
	today td;
	int m, d;
	if (now < -BIG * 10 || now > BIG * 10)
		now = 0;
	civil_from_days(floor_div(now, 86400), &td.year, &m, &d);
	td.month = m;
	td.day = d;
	if (w3dtf(s, &t) || rfc822_string(s, &t))
		return t;
	/* feedparser runs these after the ISO 8601 handler, which never
	 * lets them see a string (see the top of the file) */
	if (hungarian(s, &t) || nate(s, &t) || onblog(s, &t) ||
	    perforce_bare(s, &t))
		return t;
	if (iso8601(s, &td, &t) || asctime_date(s, &t))
		return t;
	if ((r = perforce(s, &t)) != 0)
		return r > 0 ? t : PX_TIME_UNKNOWN;
	if (greek(s, &t))
		return t;
	return PX_TIME_UNKNOWN;
}

/* feed_parse_date_at with the clock's today. */
int64_t feed_parse_date(const char *s)
{
	return feed_parse_date_at(s, (int64_t)time(NULL));
}

/* The fields of T by the day number's civil date; see date.h. */
void feed_date_tuple(int64_t t, int out[9])
{
	memset(out, 0, 9 * sizeof(out[0]));
	if (t == PX_TIME_UNKNOWN || t < -31600000000000LL ||
	    t > 31500000000000LL)
		return;
	int64_t days = floor_div(t, 86400), rem = t - days * 86400, y;
	int m, d;
	civil_from_days(days, &y, &m, &d);
	out[0] = (int)y;
	out[1] = m;
	out[2] = d;
	out[3] = (int)(rem / 3600);
	out[4] = (int)(rem / 60 % 60);
	out[5] = (int)(rem % 60);
	out[6] = (int)(days + 3 - 7 * floor_div(days + 3, 7)); /* 1970-01-01: Thu */
	out[7] = (int)(days - px_days_from_civil(y, 1, 1)) + 1;
	out[8] = 0;
}
