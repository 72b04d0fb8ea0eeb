#!/usr/bin/python3
"""bench/extract/score.py — scores article extractors' JSON Lines output.

    score.py quality GROUND_TRUTH.json NAME=OUT.jsonl... [--pages NAME] [--worst N]
    score.py metadata PAGES_DIR NAME=OUT.jsonl...        [--pages NAME] [--worst N]
    score.py --selftest

Each OUT.jsonl has a line {key, text, title, ...} per page (extract.c,
readability_lxml.py, readability_js.js); OUT.timing.json beside it, when
present, puts the system's speed in the same table.  A page with no line
counts as an empty extraction.

quality: the rule of ../shared/data/extraction-benchmark/README.md, as the
published table computes it:
  - tokens are all `\\w+` matches (Python's Unicode \\w), case kept;
    shingles are every run of 4 consecutive tokens (a text of fewer than 4
    tokens has none);
  - per page, over the multisets of shingles, tp = sum of min(true, pred),
    fp = the predicted excess, fn = the true excess, each divided by
    tp + fp + fn so that every page weighs the same;
  - precision is the mean over pages of tp/(tp+fp), taken as 1 where
    fp = fn = 0 and left out where tp + fp = 0 otherwise (nothing
    predicted); recall likewise with tp/(tp+fn); F1 = 2PR/(P+R);
  - accuracy is the share of pages whose token lists are identical.

metadata: on Readability's test pages (PAGES_DIR/KEY/expected-metadata.json
and expected.html), the share of pages where each field matches, and the
text agreement with expected.html by the same shingle rule.  "Match":
  - text fields (title, byline, excerpt, site name): equal after Unicode NFC
    and collapsing whitespace runs to one space (trimmed); case and
    punctuation count; absent, null and "" are the same (empty);
  - published time: the same instant to the second (ISO 8601; a time with
    no offset is taken as UTC, a date alone as its midnight UTC); a value
    that does not parse is compared as text;
  - language: the same primary subtag, case-insensitively ("en-US" = "en"):
    Parallax keeps a language, not a locale.
Each share is given over all pages (where the expected value is empty, only
an empty answer matches) and over the pages whose expected value is not
empty.  A system that never writes a field is shown as "—".
"""
import argparse
import datetime
import json
import os
import re
import sys
import unicodedata
from collections import Counter

TOKEN = re.compile(r'\w+')
SHINGLE = 4


# ------------------------------------------------------------------ the rule

def tokens(text):
    return TOKEN.findall(text or '')


def shingles(toks):
    return Counter(tuple(toks[i:i + SHINGLE]) for i in range(len(toks) - SHINGLE + 1))


def page_counts(true, pred):
    """(tp, fp, fn) of one page, normalised to sum 1 (all 0 when both have
    no shingles)."""
    t, p = shingles(tokens(true)), shingles(tokens(pred))
    tp = sum(min(c, p[s]) for s, c in t.items() if s in p)
    fp = sum(p.values()) - tp
    fn = sum(t.values()) - tp
    s = tp + fp + fn
    return (tp / s, fp / s, fn / s) if s else (0.0, 0.0, 0.0)


def page_pr(tp, fp, fn):
    """A page's (precision, recall); None where the rule leaves it out."""
    if fp == 0 and fn == 0:
        return 1.0, 1.0
    p = tp / (tp + fp) if tp + fp > 0 else None
    r = tp / (tp + fn) if tp + fn > 0 else None
    return p, r


def f1(p, r):
    return 2 * p * r / (p + r) if p and r else 0.0


def mean(xs):
    xs = [x for x in xs if x is not None]
    return sum(xs) / len(xs) if xs else 0.0


def score_pages(pairs):
    """pairs: [(true text, predicted text)] -> dict of P, R, F1, accuracy,
    and the per-page (p, r)."""
    per_page = [page_pr(*page_counts(t, p)) for t, p in pairs]
    P = mean(p for p, _ in per_page)
    R = mean(r for _, r in per_page)
    acc = mean(1.0 if tokens(t) == tokens(p) else 0.0 for t, p in pairs)
    return {'P': P, 'R': R, 'F1': f1(P, R), 'acc': acc, 'per_page': per_page}


# ------------------------------------------------------------------ metadata

def norm_text(s):
    if s is None:
        return ''
    return ' '.join(unicodedata.normalize('NFC', str(s)).split())


def same_text(expected, got):
    return norm_text(expected) == norm_text(got)


def instant(s):
    """Unix seconds of an ISO 8601 time, None when it does not parse."""
    s = norm_text(s)
    if not s:
        return None
    try:
        d = datetime.datetime.fromisoformat(s.replace('Z', '+00:00'))
    except ValueError:
        return None
    if d.tzinfo is None:
        d = d.replace(tzinfo=datetime.timezone.utc)
    return int(d.timestamp() // 1)


def same_instant(expected, got):
    e, g = instant(expected), instant(got)
    if e is None or g is None:
        return same_text(expected, got)
    return e == g


def same_lang(expected, got):
    def primary(s):
        return norm_text(s).lower().replace('_', '-').split('-')[0]
    return primary(expected) == primary(got)


# (expected-metadata.json key, output key, how compared).  A field a system
# starts writing (excerpt, say) is scored with no change here.
FIELDS = [
    ('title', 'title', same_text),
    ('byline', 'byline', same_text),
    ('excerpt', 'excerpt', same_text),
    ('siteName', 'site_name', same_text),
    ('publishedTime', 'published', same_instant),
    ('lang', 'lang', same_lang),
]


def expected_text(path):
    import lxml.html
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import benchlib
    with open(path, 'rb') as f:
        data = f.read()
    if not data.strip():
        return ''
    return benchlib.paragraphs(lxml.html.fromstring(data.decode('utf-8')))


# ------------------------------------------------------------------ tables

def load_system(spec):
    """NAME=OUT.jsonl -> (name, {key: row}, timing or None)"""
    name, _, path = spec.partition('=')
    if not path:
        sys.exit('score.py: give systems as NAME=OUT.jsonl (got %r)' % spec)
    rows = {}
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    r = json.loads(line)
                except ValueError as e:
                    sys.exit('%s:%d: %s' % (path, n, e))
                rows[r['key']] = r
    timing = None
    tpath = path[:-len('.jsonl')] + '.timing.json' if path.endswith('.jsonl') else None
    if tpath and os.path.exists(tpath):
        with open(tpath, encoding='utf-8') as f:
            timing = json.load(f)
    return name, rows, timing


def speed_cells(t):
    if not t:
        return ['—'] * 5
    n, mb = t['pages'], t['bytes'] / 1e6
    mem = ('%.1f MB' % (t['mem_max_bytes'] / 1e6)) if 'mem_max_bytes' in t else '—'
    share = ('%.0f%%' % (100 * t['parser_share'])) if 'parser_share' in t else '—'
    rss = ('%.0f MB' % (t['max_rss_bytes'] / 1e6)) if t.get('max_rss_bytes') else '—'
    return ['%.1f' % (n / t['best_s']), '%.2f' % (mb / t['best_s']), mem, rss, share]


def print_table(head, rows):
    w = [max(len(str(r[i])) for r in [head] + rows) for i in range(len(head))]
    last = len(head) - 1
    line = lambda r: '  '.join(str(c).ljust(w[i]) if i in (0, last) else str(c).rjust(w[i])
                               for i, c in enumerate(r)).rstrip()
    print(line(head))
    print('  '.join('-' * x for x in w))
    for r in rows:
        print(line(r))


def worst_pages(keys, per_page, extra, worst):
    """Rows [key, F1, P, R, extra(key)...] of the WORST pages by F1."""
    order = sorted(range(len(keys)), key=lambda i: (f1(*[x or 0 for x in per_page[i]]),
                                                    keys[i]))
    rows = []
    for i in order[:worst]:
        p, r = per_page[i]
        rows.append([keys[i], '%.3f' % f1(p or 0, r or 0),
                     '—' if p is None else '%.3f' % p,
                     '—' if r is None else '%.3f' % r] + extra(keys[i]))
    return rows


def cmd_quality(a):
    with open(a.source, encoding='utf-8') as f:
        truth = json.load(f)
    keys = sorted(truth)
    systems = [load_system(s) for s in a.systems]
    table, detail = [], None
    for name, rows, timing in systems:
        pairs = [(truth[k].get('articleBody', ''), rows.get(k, {}).get('text', ''))
                 for k in keys]
        s = score_pages(pairs)
        errors = timing.get('errors', 0) if timing else sum('error' in r for r in rows.values())
        table.append([name, '%.3f' % s['F1'], '%.3f' % s['P'], '%.3f' % s['R'],
                      '%.3f' % s['acc']] + speed_cells(timing) + [errors])
        if a.pages == name:
            def extra(k, rows=rows):
                return [len(tokens(truth[k].get('articleBody'))),
                        len(tokens(rows.get(k, {}).get('text'))), truth[k].get('url', '')]
            detail = worst_pages(keys, s['per_page'], extra, a.worst)
    print('%d pages; F1/P/R by the shingle rule; speed: best of R rounds, one core, '
          'pages in memory' % len(keys))
    print_table(['system', 'F1', 'P', 'R', 'acc', 'pages/s', 'MB/s', 'mem/page max',
                 'process RSS', 'gumbo share', 'errors'], table)
    if detail is not None:
        print('\n%s: the %d pages with the lowest F1' % (a.pages, len(detail)))
        print_table(['key', 'F1', 'P', 'R', 'true tok', 'pred tok', 'url'], detail)
    elif a.pages:
        sys.exit('score.py: --pages %s: no such system' % a.pages)


def cmd_metadata(a):
    keys = sorted(k for k in os.listdir(a.source)
                  if os.path.isfile(os.path.join(a.source, k, 'expected-metadata.json')))
    expected, texts = {}, {}
    for k in keys:
        with open(os.path.join(a.source, k, 'expected-metadata.json'), encoding='utf-8') as f:
            expected[k] = json.load(f)
        texts[k] = expected_text(os.path.join(a.source, k, 'expected.html'))
    systems = [load_system(s) for s in a.systems]
    table, detail = [], None
    for name, rows, timing in systems:
        cells = []
        for ekey, okey, same in FIELDS:
            if not any(okey in r for r in rows.values()):
                cells.append('—')
                continue
            hits = [same(expected[k].get(ekey), rows.get(k, {}).get(okey)) for k in keys]
            valued = [h for k, h in zip(keys, hits) if norm_text(expected[k].get(ekey))]
            cells.append('%3.0f%% (%3.0f%%)' % (100 * mean(hits), 100 * mean(valued)))
        s = score_pages([(texts[k], rows.get(k, {}).get('text', '')) for k in keys])
        sp = speed_cells(timing)
        table.append([name] + cells + ['%.3f' % s['F1'], '%.3f' % s['P'], '%.3f' % s['R'],
                                       sp[0], sp[1]])
        if a.pages == name:
            def extra(k, rows=rows):
                got = rows.get(k, {})
                return [' '.join(e for e, o, same in FIELDS
                                 if o in got and not same(expected[k].get(e), got.get(o)))
                        or '-']
            detail = worst_pages(keys, s['per_page'], extra, a.worst)
    counts = ', '.join('%s %d' % (e, sum(bool(norm_text(expected[k].get(e))) for k in keys))
                       for e, _, _ in FIELDS)
    print('%d pages; field shares over all pages (over the pages with an expected value: '
          '%s); text F1/P/R against expected.html' % (len(keys), counts))
    print_table(['system'] + [e for e, _, _ in FIELDS] +
                ['text F1', 'P', 'R', 'pages/s', 'MB/s'], table)
    if detail is not None:
        print('\n%s: the %d pages with the lowest text F1' % (a.pages, len(detail)))
        print_table(['key', 'F1', 'P', 'R', 'fields that differ'], detail)
        if a.verbose:
            rows = dict((n, r) for n, r, _ in systems)[a.pages]
            print()
            for k in keys:
                got = rows.get(k, {})
                for e, o, same in FIELDS:
                    if o in got and not same(expected[k].get(e), got.get(o)):
                        print('%s %s: expected %r, got %r' % (k, e, norm_text(
                            expected[k].get(e))[:120], norm_text(got.get(o))[:120]))
    elif a.pages:
        sys.exit('score.py: --pages %s: no such system' % a.pages)


# ------------------------------------------------------------------ self-test

def selftest():
    """Hand-computed cases; exits non-zero on the first that fails."""
    def close(x, y):
        return abs(x - y) < 1e-9

    checks = []

    def check(what, ok):
        checks.append(ok)
        print('%s  %s' % ('ok  ' if ok else 'FAIL', what))

    check('tokens: \\w+ Unicode, case kept, punctuation splits',
          tokens("Hello, World! It's Zürich—naïve 東京 x_1") ==
          ['Hello', 'World', 'It', 's', 'Zürich', 'naïve', '東京', 'x_1'])
    check('fewer than 4 tokens: no shingles', shingles(tokens('a b c')) == Counter())
    # identical: 2 shingles each, tp=2 -> (1,0,0); P=R=1
    check('identical pages', page_counts('a b c d e', 'a b c d e') == (1.0, 0.0, 0.0)
          and page_pr(1.0, 0.0, 0.0) == (1.0, 1.0))
    # true abcd bcde cdef, pred abcd bcde cdex: tp=2 fp=1 fn=1 -> /4; p=r=2/3
    tp, fp, fn = page_counts('a b c d e f', 'a b c d e x')
    check('one wrong word at the end: p = r = 2/3',
          close(tp, .5) and close(fp, .25) and close(fn, .25)
          and all(close(x, 2 / 3) for x in page_pr(tp, fp, fn)))
    # empty prediction: tp=fp=0, fn=1: precision left out, recall 0
    check('empty prediction: precision left out, recall 0',
          page_pr(*page_counts('a b c d', '')) == (None, 0.0))
    # multiset: true has abcd twice (8 tokens -> 5 shingles), pred once: p=1, r=1/5
    p, r = page_pr(*page_counts('a b c d a b c d', 'a b c d'))
    check('shingles are a multiset: p = 1, r = 1/5', close(p, 1) and close(r, .2))
    check('case counts', page_pr(*page_counts('A b c d', 'a b c d')) == (0.0, 0.0))
    check('punctuation and whitespace do not',
          page_counts('a, b;\n\nc  d.', 'a b c d') == (1.0, 0.0, 0.0))
    # four pages: P = mean(1, 2/3, 1/2) (the empty prediction left out),
    # R = mean(1, 2/3, 0, 1); accuracy 1/4
    s = score_pages([('a b c d e', 'a b c d e'),
                     ('a b c d e f', 'a b c d e x'),
                     ('a b c d', ''),
                     ('one two three four five', 'one two three four five six seven')])
    P, R = (1 + 2 / 3 + 1 / 2) / 3, (1 + 2 / 3 + 0 + 1) / 4
    check('set: P = %.4f, R = %.4f, F1 = %.4f, accuracy 1/4' % (P, R, 2 * P * R / (P + R)),
          close(s['P'], P) and close(s['R'], R) and close(s['F1'], 2 * P * R / (P + R))
          and close(s['acc'], .25))
    check('both empty: counts as exact (P = R = 1, identical tokens)',
          score_pages([('', '')])['F1'] == 1.0 and score_pages([('', '')])['acc'] == 1.0)
    check('instants: offsets, Z, fractions, no offset = UTC, date alone',
          same_instant('2021-11-01T10:52:50+0100', '2021-11-01T09:52:50Z')
          and same_instant('2015-03-27T13:07:55.096Z', '2015-03-27T13:07:55Z')
          and same_instant('2018-04-05T06:00', '2018-04-05T06:00:00Z')
          and same_instant('2020-09-21', '2020-09-21T00:00:00Z')
          and not same_instant('2020-09-21', '2020-09-22T00:00:00Z')
          and not same_instant('2018-04-05T06:00', None) and same_instant(None, ''))
    check('text fields: whitespace and NFC, not case',
          same_text(' A  title\n', 'A title') and same_text('Zu\u0308rich', 'Zürich')
          and not same_text('A Title', 'A title') and same_text(None, ''))
    check('language: primary subtag', same_lang('en-US', 'en') and same_lang('pt_BR', 'PT')
          and not same_lang('en', 'fr') and not same_lang('en', None))
    print('%d passed, %d failed' % (sum(checks), len(checks) - sum(checks)))
    return 0 if all(checks) else 1


def main():
    if sys.argv[1:] == ['--selftest']:
        return selftest()
    ap = argparse.ArgumentParser(
        description='Scores extractors (see the top of this file for the rules).')
    ap.add_argument('what', choices=['quality', 'metadata'])
    ap.add_argument('source', help='ground-truth.json (quality) or the pages folder (metadata)')
    ap.add_argument('systems', nargs='+', metavar='NAME=OUT.jsonl')
    ap.add_argument('--pages', metavar='NAME', help="list NAME's worst pages")
    ap.add_argument('--worst', type=int, default=20, help='how many (20)')
    ap.add_argument('--verbose', action='store_true',
                    help="metadata: every field NAME gets wrong, expected and got")
    a = ap.parse_args()
    (cmd_quality if a.what == 'quality' else cmd_metadata)(a)
    return 0


if __name__ == '__main__':
    sys.exit(main())
