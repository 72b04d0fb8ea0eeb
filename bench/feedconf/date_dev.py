#!/usr/bin/python3
"""date_dev.py — feed_parse_date (src/feed/date.c) against feedparser's own
feedparser.datetimes._parse_date, string by string (a development check,
not part of `make test`).

    make build/tests/feed_date_driver
    /usr/bin/python3 bench/feedconf/date_dev.py [--show N] [--mutants N]

Three sets of strings:
  (a) the dates in feedparser's test feeds (/work/shared/data/feedparser-tests,
      or $FEEDPARSER_TESTS): the text of every date element, the start=/end=
      of dcterms:valid, and a check that each `*_parsed == (...)` expectation
      is what date.c makes of a date in its file;
  (b) variants written here: RFC 822 in its broken forms, W3C-DTF and every
      ISO 8601 template, asctime, perforce, the localized formats, hostile
      strings;
  (c) seeded random mutations of (a) and (b) (differential fuzzing);
  (d) with --files DIR, the files of DIR, e.g. fuzz_feed_date's corpus.
Both sides run with the same "today" (feedparser's time.gmtime() is pinned
for its ISO 8601 handler, which fills missing fields from it) and TZ=UTC
(that handler goes through time.mktime/localtime).

A disagreement is "deliberate" when date.c departs from feedparser on
purpose (src/feed/date.c says where): the answer must then be what
feedparser's own handler for that format gives (Hungarian, Nate, OnBlog,
perforce) — those handlers are never reached in _parse_date; and where
feedparser raises instead of answering, date.c must say "not a date".
Everything else counts against agreement.
"""
import argparse
import os
import random
import re
import subprocess
import sys
import time

os.environ["TZ"] = "UTC"
time.tzset()

import email.utils  # noqa: E402

import feedparser.datetimes as fd  # noqa: E402
from feedparser.datetimes import iso8601 as fd_iso  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DRIVER = os.path.join(ROOT, os.environ.get("BUILD", "build"), "tests", "feed_date_driver")
TESTS = os.environ.get("FEEDPARSER_TESTS", "/work/shared/data/feedparser-tests")
NOW = 1763892000  # 2025-11-23T10:00:00Z, "today" for both sides


class _PinnedTime:
    """The time module with gmtime() (no argument) pinned to NOW."""

    def __getattr__(self, name):
        return getattr(time, name)

    @staticmethod
    def gmtime(*args):
        return time.gmtime(*args) if args else time.gmtime(NOW)


fd_iso.time = _PinnedTime()


def days_from_civil(y, m, d):
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def seconds(tup):
    y, mo, d, h, mi, s = tup[:6]
    return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s


def feedparser_answer(s):
    """feedparser's instant for S: seconds, None, or 'raise'."""
    try:
        t = fd._parse_date(s)
    except Exception:  # IndexError out of the perforce handler
        return "raise"
    return None if t is None else seconds(t)


def run_driver(strings):
    data = "".join(s.encode("utf-8", "surrogatepass").hex() + "\n" for s in strings)
    out = subprocess.run([DRIVER, "-x", str(NOW)], input=data.encode(),
                         capture_output=True, check=True).stdout.decode()
    res = []
    for line in out.splitlines():
        res.append(None if line == "none" else int(line))
    assert len(res) == len(strings)
    return res


# --- where date.c departs on purpose ------------------------------------

_BARE = re.compile(r"\s*(\d{4})/(\d{1,2})/(\d{2})(?: (\d{0,2}):(\d{2}):(\d{2})"
                   r"(?: ([+-]\d{4}|\w{0,3}))?)?\s*$")


def deliberate(s):
    """(answer, reason): what date.c answers on purpose where it departs
    from feedparser, or ('no', None) when it does not depart for S."""
    for name, handler in (("hungarian", fd._parse_date_hungarian),
                          ("nate", fd._parse_date_nate),
                          ("onblog", fd._parse_date_onblog)):
        try:
            t = handler(s)
        except (KeyError, OverflowError, ValueError, AttributeError):
            t = None
        if t:
            return seconds(t), name
    m = _BARE.fullmatch(s)
    if m and m.group(2) and 1 <= int(m.group(2)) <= 12:
        y, mo, d, hh, mi, ss, z = m.groups()
        names = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
        rebuilt = "%s %s %s %s:%s:%s %s" % (d, names[int(mo) - 1], y, hh or "0",
                                            mi or "00", ss or "00", z or "")
        tm = email.utils.parsedate_tz(rebuilt)
        if tm and 1 <= tm[0] <= 9999:
            return email.utils.mktime_tz(tm), "perforce without day"
    return "no", None


def verdict(s, ours):
    """('agree' | 'deliberate' | 'MISMATCH', feedparser's answer, reason)
    for S given date.c's answer."""
    theirs = feedparser_answer(s)
    if theirs == "raise":
        return ("deliberate" if ours is None else "MISMATCH"), theirs, "feedparser raises"
    if ours == theirs:
        return "agree", theirs, None
    d, why = deliberate(s)
    if d != "no" and ours == d:
        return "deliberate", theirs, why
    return "MISMATCH", theirs, None


# --- (a) the test feeds --------------------------------------------------

DATE_ELEMENTS = ("pubDate", "date", "updated", "published", "issued", "modified",
                 "created", "expirationDate", "lastBuildDate", "expired",
                 "dateAccepted", "dateCopyrighted", "dateSubmitted", "available")
_ELEM = re.compile(r"<((?:[\w-]+:)?(?:%s))(?:\s[^>]*)?>(.*?)</\1\s*>" %
                   "|".join(DATE_ELEMENTS), re.S)
_ATTR = re.compile(r"\b(?:LASTMOD|lastmod|date|updated)\s*=\s*\"([^\"]*)\"")
_VALID = re.compile(r"<(?:[\w-]+:)?valid(?:\s[^>]*)?>(.*?)<", re.S)
_EXPECT = re.compile(r"(\w+_parsed)'\]\s*==\s*(\([\d,\s]+\))")


def corpus_strings():
    strings, expects = [], []
    for dirpath, _, files in os.walk(TESTS):
        for name in sorted(files):
            path = os.path.join(dirpath, name)
            try:
                text = open(path, encoding="utf-8", errors="replace").read()
            except OSError:
                continue
            found = []
            for m in _ELEM.finditer(text):
                v = m.group(2)
                if v.startswith("<![CDATA[") and v.endswith("]]>"):
                    v = v[9:-3]
                found += [v, v.strip()]
            found += [m.group(1) for m in _ATTR.finditer(text)]
            for m in _VALID.finditer(text):
                for part in m.group(1).split(";"):
                    k, _, v = part.partition("=")
                    if k.strip() in ("start", "end"):
                        found.append(v.strip())
            strings += found
            for m in _EXPECT.finditer(text):
                expects.append((path, m.group(1), eval(m.group(2)), found))
    return [s for s in dict.fromkeys(strings) if s], expects


# --- (b) written variants ------------------------------------------------

def variants():
    v = []
    days = ["Sun, ", "sun, ", "SUN, ", "Sunday, ", "Sun ", "Sun., ", "Sun ,", ""]
    months = ["Nov", "nov", "NOV", "November", "Nov."]
    years = ["2025", "25", "95", "89", "90", "0025", "1"]
    times = ["10:00:00", "10:00", "1:2:3", "10:00:00.5", "", "24:00:00", "23:59:60", "10.00"]
    zones = ["GMT", "UT", "UTC", "Z", "z", "EST", "EDT", "CST", "CDT", "MST", "MDT",
             "PST", "PDT", "AST", "ADT", "A", "N", "M", "Y", "+0000", "-0500", "+05:30",
             "+0530", "-05", "+5", "GMT+05:00", "GMT-0500", "GMT+5", "Etc/GMT", "Etc/GMT+5",
             "MET", "MEST", "CET", "-0000", "+0000 (UTC)", "gmt", "+00:00", "+1:00",
             "-99:99", "+12345", ""]
    for dn in days:
        for mon in months[:3]:
            for tz in ["GMT", "+0000", "-0500", "EST", "z", ""]:
                v.append(f"{dn}23 {mon} 2025 10:00:00 {tz}".strip())
    for y in years:
        for t in times:
            v.append(f"Sun, 23 Nov {y} {t} GMT".replace("  ", " "))
    for tz in zones:
        v.append(f"Sun, 23 Nov 2025 10:00:00 {tz}".strip())
        v.append(f"23 Nov 2025 10:00 {tz}".strip())
    for mon in months:
        v += [f"{mon} 23 2025 10:00 EST", f"23 {mon} 2025", f"Sun, 23 {mon} 25",
              f"Sunday, 23-{mon}-25 10:00:00 GMT"]
    v += [
        "Sun, 23 Nov 2025 10:00:00 +0000 (UTC)", "Sun,23 Nov 2025 10:00:00 GMT",
        "Sun, 23 Nov 2025, 10:00:00 GMT", "Sun, 23 Nov. 2025 10:00:00 GMT",
        "Sun,  23  Nov  2025  10:00:00  GMT", "Sun,\xa023\xa0Nov 2025 10:00:00 GMT",
        "Sun, 23\u2009Nov\u30002025 10:00:00 GMT", "Sun, 31 Nov 2025 10:00:00 GMT",
        "Thu, 29 Feb 2024 10:00:00 GMT", "Thu, 29 Feb 2023 10:00:00 GMT",
        "Fri, 31 Dec 9999 23:00:00 -0100", "Mon, 01 Jan 0001 00:30:00 +0100",
        "Mon, 01 Jan 0001 00:30:00 -0100", "Sun, 23 Nov 2025 10:00:00 +00:99999999999",
        "Sun, 23 Nov 2025 10:00:00 +0_0", "Sun, 23 Nov 2_025 10:00:00 GMT",
        "Sun, 23 Nov +2025 10:00:00 GMT", "Sun, 23 Nov -5 10:00:00 GMT",
        "Sun, 23 Nov 2025 10:00:00:00 GMT", "Sun, 23 Nov 2025 -1:00:00 GMT",
        "Sun, 23 Nov 2025 10:00:00 GMT+05::30", "Sun, 23 Nov 2025 10:00:00 gmt:e:s:t",
        "Sun, 23 Nov 2025 10:00:00 ++530", "Sun, 23 Nov 2025 10:00:00 +-130",
        "Sun, 23 Nov 2025 10:00:00 +05é30", "Sun, 23 Nov 2025 10:00:00 +05:é",
        "Nov 23", "23 Nov", "Sun 23 Nov", "Sun, 23 Nov 2025 10:00:00 GMT extra words here",
        "Thu, 01 Jan 2004 19:48:21 GMT",
    ]
    # W3C-DTF and ISO 8601
    v += [
        "2003", "2003-12", "2003-12-31", "20031231", "2003-12-31T10:14", "2003-12-31T10:14:55",
        "2003-12-31T10:14:55Z", "2003-12-31t10:14:55z", "2003-12-31T10:14:55.5Z",
        "2003-12-31T10:14:55.123456+01:00", "2003-12-31T10:14:55+0100", "2003-12-31T10:14:55-08",
        "2003-12-31 10:14:55", "2003-12-31 10:14:55 -0800", "2003-12-31 10:14:55 -08:00",
        "2003-12-31 10:14:55 EST", "2003-12-31 10:14:55 pst", "2003-12-31 10:14 Z",
        "2003-12-31T10:14:55-08:00", "2003-12-31T10:14:55.5-08:00", "2003-12-31T10:14:55,5Z",
        "2003-365", "2003365", "2003-000", "2003-366", "2004-366", "03-12-31", "031231",
        "03-365", "-03-12", "-0312", "-365", "-000", "-03", "--12-31", "--1231", "--12",
        "---31", "20", "00", "99", "20\n", "10:00", "T10:00", "10:00:00Z", "T10:00+01:00",
        "2003-13-01", "2003-12-32", "2003-12-39", "2003-19-39T99:99:99+99:99", "2003-00-00",
        "2003-02-29", "2004-02-29", "2003-12-31T24:00Z", "2003-12-31T23:59:60Z",
        "2003-0-15", "2003-011", "2003-0121", "2003-01-1", "2003 apples", "2003-12-31 apples",
        "2003-12-31garbage", "0000-01-01", "0001-01-01T00:00:00+01:00",
        "9999-12-31T23:59:59-01:00", "9999-12-31T23:59:59Z", "2003-12-31T10:14:55+",
        "2003-12-31T10:14:55 +01:00", "2003-12-31T1:2:3Z", "2003-12-31T10", "2003-12-31T",
        "2003-12-31T10:00-05:30z", "2003-12-31T10:00:00.999999999999999999999Z",
        "2003-12-31T10:00:59.99999999999999999999Z", "2003-12-31T1e1:00Z",
        "2003-12-31T10:00:inf", "2003-12-31T10:00:nan", "2003-12-31T10:00:1_0",
        "2003-12-31T 10 : 00 ", "\xa0203-01-01t10:00", " 2003-12-31", "2003-12-31 ",
        "2003-12-31T10:00:00+05:3", "2003-12-31T10:00:00+5:30", "2003-1-1", "2003-1-1T1:1",
        "2003/12/31", "31.12.2003", "12/31/2003", "2003-12-31T10:14:55.Z",
        "2002-10-13T09:00+01:00", "2009-12-08T16:59:02.544-08:00",
        "2003-12-31T10:14:55+1400", "2003-12-31T10:14:55-1200",
    ]
    # asctime
    v += [
        "Sun Jan  4 16:29:06 PST 2004", "Sun Jan 4 16:29:06 2004", "Sun Jan 04 16:29:06 +0100 2004",
        "sun jan 4 16:29:06 2004", "Sun Jan 4 16:29 2004", "Sun Jan 4 2004",
        "Jan 4 16:29:06 PST 2004", "Sun Jan 32 16:29:06 2004", "Sun Feb 29 16:29:06 2004",
    ]
    # perforce
    v += [
        "Fri, 2006/09/15 08:19:53 EDT", "Fri, 2006/09/15 08:19:53 +0200", "Fri, 2006/09/15 08:19:53 ",
        "Fri, 2006/09/15 08:19:53", "Friday, 2006/09/15 08:19:53 EDT", ", 2006/09/15 08:19:53 EDT",
        "Fri, 06/09/15 08:19:53 EDT", "Fri, 206/9/15 8:19:53 PST", "Fri, /09/15 08:19:53 EDT",
        "Fri, /09/15 08:19:53 123", "Fri, 2006//15 08:19:53 EDT", "Fri, 2006/00/15 08:19:53 EDT",
        "Fri, 2006/13/15 08:19:53 EDT", "Fri, 2006/09/15 :19:53 EDT", "Fri, 2006/09/99 99:99:99 EDT",
        "Fri, 0000/09/15 08:19:53 EDT", "Fri, 2006/09/15 08:19:53 EDTX", "x, y, 2006/09/15 08:19:53 utc",
        "Fri, 2006/09/15 08:19:53 1_2", "2003/01/01 12:00:00 EST", "2003/01/01 12:00:00",
        "2003/01/01", "2003/1/01 12:00:00 +0100", "2003/13/01 12:00:00 EST",
    ]
    # localized (feedparser's own test strings and variants)
    v += [
        "\u039a\u03c5\u03c1, 11 \u0399\u03bf\u03cd\u03bb 2004 12:00:00 EST",
        "\u039a\u03c5\u03c1, 11 \u0399\u03b1\u03bd 2004 12:00:00 +0200",
        "\u03a0\u03b5\u03bc,  01 \u0394\u03b5\u03ba 2005 23:59:59 GMT",
        "\u039a\u03c5\u03c1, 11 Jul 2004 12:00:00 EST", "Xyz, 11 \u0399\u03b1\u03bd 2004 12:00:00 EST",
        "2004-j\u00falius-13T9:15-05:00", "2004-janu\u00e1r-01T12:00+01:00",
        "2004-okt\u00f3ber-1T1:01-:30", "2004-july-13T9:15-05:00",
        "2004\ub144 05\uc6d4 28\uc77c  01:31:15", "2004\ub144 05\uc6d4 28\uc77c 1:31:15",
        "2004-05-25 \uc624\ud6c4 11:23:17", "2004-05-25 \uc624\uc804 11:23:17",
        "2004-05-25 \uc624\ud6c4 1:2:3", "2004-05-25 \uc624\ud6c4 :23:17",
        "2004\u5e747\u670813\u65e5",
    ]
    # hostile
    v += [
        "", " ", "\t\n", "0", "1", "9" * 200, "2003-12-31T" + "1" * 100, "-" * 50,
        "Sun, " + "9" * 60 + " Nov 2025", "Sun, 23 Nov " + "9" * 60, "99999-12-31",
        "Sun, 23 Nov 2025 10:00:00 +" + "0" * 80 + "1", "T", "Z", "+0000", "1e1", "inf",
        "nan", ",", ", , , ,", "2003-12-31T10:00:00" + "Z" * 30, "\u00ff\u00fe",
        "Sun, 23 Nov 2025 " + "1:" * 20, "2003-12-31T10:00:00.5e3Z",
        # Python's int() refuses more than 4300 digits; float() does not
        "Sun, 23 Nov 2025 10:00:00 +" + "0" * 4298 + "1", "Sun, 23 Nov 2025 10:00:00 +" + "0" * 4299 + "1",
        "Sun, 23 Nov 2025 10:00:00 +00:" + "0" * 4299 + "1", "2003-12-31T10:00:" + "0" * 5000 + "1",
        "2003-12-31T10:00:00+00:" + "0" * 4300, "Sun, 23 Nov " + "0" * 4297 + "2025 10:00:00 GMT",
    ]
    return v


# --- (c) mutations -------------------------------------------------------

ALPHABET = ("0123456789-:+./, TtZz\xa0ESTGMPDUCjanovJN_eifW;()é²\u2009\u3000\x1c\x85"
            "\u039a\u03c5\u03c1\uc624\ud6c4\ub144")


def mutants(seeds, n, rng):
    out = []
    for _ in range(n):
        s = list(rng.choice(seeds))
        for _ in range(rng.randint(1, 6)):
            op = rng.randrange(5)
            i = rng.randrange(len(s) + 1)
            if op == 0 and s:
                del s[min(i, len(s) - 1)]
            elif op == 1:
                s.insert(i, rng.choice(ALPHABET))
            elif op == 2 and s:
                j = min(i, len(s) - 1)
                s[j] = rng.choice(ALPHABET)
            elif op == 3 and s:
                j = min(i, len(s) - 1)
                s[j] = s[j].swapcase()
            elif op == 4 and s:
                j = rng.randrange(len(s))
                s[i:i] = s[j:j + rng.randint(1, 4)]
        out.append("".join(s).replace("\n", " "))
    return out


def compare(name, strings, show):
    ours = run_driver(strings)
    counts = {"agree": 0, "deliberate": 0, "MISMATCH": 0}
    shown = {"deliberate": 0, "MISMATCH": 0}
    reasons = {}
    for s, o in zip(strings, ours):
        v, theirs, why = verdict(s, o)
        counts[v] += 1
        if why:
            reasons[why] = reasons.get(why, 0) + 1
        if v != "agree" and shown[v] < show:
            shown[v] += 1
            print(f"  {v}: {s!r}: feedparser {theirs}, date.c {o}")
    n = len(strings)
    print(f"{name}: {n} strings, {counts['agree']} agree "
          f"({100.0 * counts['agree'] / max(n, 1):.2f}%), "
          f"{counts['deliberate']} deliberate, {counts['MISMATCH']} mismatch")
    if reasons:
        print("  deliberate: " + ", ".join(f"{k} {n}" for k, n in sorted(reasons.items())))
    return counts["MISMATCH"]


def check_expects(expects):
    """Each *_parsed == (...) expectation against date.c's tuple of one of
    the file's dates (through the driver's seconds)."""
    bad = 0
    for path, key, tup, found in expects:
        want = seconds(tup)
        got = run_driver(found) if found else []
        if want not in got:
            bad += 1
            print(f"  expectation {key} {tup} of {path}: not among {got}")
    print(f"(a) expectations: {len(expects)} checked, {len(expects) - bad} met")
    return bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--show", type=int, default=20, help="disagreements shown per kind")
    ap.add_argument("--mutants", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--files", metavar="DIR",
                    help="also each file of DIR (a fuzz corpus) that is UTF-8 without NUL")
    args = ap.parse_args()
    if not os.access(DRIVER, os.X_OK):
        sys.exit(f"{DRIVER}: build it first (make {os.path.relpath(DRIVER, ROOT)})")
    corpus, expects = corpus_strings()
    bad = compare("(a) feedparser's test feeds", corpus, args.show)
    bad += check_expects(expects)
    written = list(dict.fromkeys(variants()))
    bad += compare("(b) written variants", written, args.show)
    rng = random.Random(args.seed)
    bad += compare("(c) mutations", mutants(corpus + written, args.mutants, rng), args.show)
    if args.files:
        found = []
        for name in sorted(os.listdir(args.files)):
            try:
                text = open(os.path.join(args.files, name), "rb").read().decode("utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            if text and "\0" not in text:
                found.append(text)
        bad += compare(f"(d) files of {args.files}", found, args.show)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
