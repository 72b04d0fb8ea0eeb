#!/usr/bin/python3
"""html_dev.py -- src/feed/html.c against Universal Feed Parser (dev only).

Needs Debian's python3-feedparser (6.0.10) under /usr/bin/python3, and the
driver (make build/tests/feed_html_driver).  Nothing here ships or copies
feedparser's tests: they are read where they lie (--data).

  html_dev.py                  identical shares on wellformed/sanitize and
                               wellformed/base, three ways:
      calls   feedparser.parse(path) runs resolve_relative_uris() then
              _sanitize_html() on every HTML field; both are wrapped, so
              each field's raw text, base and both outputs are recorded,
              and feed_html_sanitize(raw, base) / feed_html_resolve(raw,
              base) are compared with them
      fields  the brief's way: the field an Expect line names, read with
              parse(path, sanitize_html=False, resolve_relative_uris=False)
              and sanitised by the driver, against parse(path)
      expect  every Expect line evaluated with the driver standing in for
              feedparser's two functions, against feedparser's own
  html_dev.py --diff N         N generated fragments (pieces of the tests'
                               HTML recombined, mutated, and tag soup) through
                               both; the reference is feedparser with html.h's
                               three safety departures applied to it
                               (SafeSanitizer below), so any difference is a bug
  html_dev.py --pages DIR...   whole web pages (*.html, *.html.gz under DIR,
                               e.g. the shared extraction benchmark) through
                               both, against the same safe reference
  html_dev.py --all            the calls comparison on every folder of the
                               tests (wellformed/*, illformed, encoding, ...)
  html_dev.py --html5-proxy    how close an HTML5 tree builder could come
                               (html5lib standing in for gumbo): the field
                               parsed as a fragment, serialised, sanitised by
                               feedparser, compared with feedparser's output
  -v                           print each difference
"""
import argparse
import glob
import os
import random
import re
import subprocess
import sys

import feedparser
import feedparser.mixin as mixin
import feedparser.sanitizer as fsan
import feedparser.urls as furls
import html.entities

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DATA = '/work/shared/data/feedparser-tests'
DRIVER = os.path.join(ROOT, os.environ.get('BUILD', 'build'), 'tests', 'feed_html_driver')

# --------------------------------------------------------------- the driver


def driver(mode, items, base, path):
    """feed_html_<mode> on each of ITEMS (strings) against BASE, one process."""
    data = b''.join(s.encode('utf-8', 'surrogatepass') + b'\0' for s in items)
    args = [path, '-0', mode] + ([base] if base else [])
    out = subprocess.run(args, input=data, stdout=subprocess.PIPE, check=True).stdout
    parts = out.split(b'\0')
    assert len(parts) == len(items) + 1, (len(parts), len(items))
    return [p.decode('utf-8') for p in parts[:-1]]


def driver_many(mode, pairs, path):
    """feed_html_<mode> on each (text, base) of PAIRS, grouped by base."""
    out = [None] * len(pairs)
    by_base = {}
    for i, (s, b) in enumerate(pairs):
        by_base.setdefault(b or '', []).append(i)
    for b, idx in by_base.items():
        for i, r in zip(idx, driver(mode, [pairs[i][0] for i in idx], b, path)):
            out[i] = r
    return out

# ----------------------------------------------------- feedparser's own calls


ORIG_RESOLVE = mixin.resolve_relative_uris
ORIG_SANITIZE = mixin._sanitize_html


def capture(path):
    """The HTML fields of PATH as feedparser.parse() treats them: a list of
    dicts raw/base/type/resolved/sanitized; None when feedparser raises."""
    fields = []

    def resolve(src, base, enc, typ):
        out = ORIG_RESOLVE(src, base, enc, typ)
        fields.append({'raw': src, 'base': base, 'type': typ, 'resolved': out})
        return out

    def sanitize(src, enc, typ):
        out = ORIG_SANITIZE(src, enc, typ)
        if fields and fields[-1]['resolved'] == src and 'sanitized' not in fields[-1]:
            fields[-1]['sanitized'] = out
        return out

    mixin.resolve_relative_uris, mixin._sanitize_html = resolve, sanitize
    try:
        parse(path)
    except Exception:
        return None
    finally:
        mixin.resolve_relative_uris, mixin._sanitize_html = ORIG_RESOLVE, ORIG_SANITIZE
    return [f for f in fields if 'sanitized' in f]


ORIG_OPEN = feedparser.api._open_resource


def parse(path, **kw):
    """feedparser.parse(PATH), an http_* test served as feedparser's own
    harness serves it: from http://127.0.0.1:8097/, with its Header: lines."""
    name = os.path.basename(path)
    if not name.startswith('http_'):
        return feedparser.parse(path, **kw)
    data = open(path, 'rb').read()
    headers = {'content-type': 'application/xml'}
    for m in re.finditer(rb'^Header:\s*([^:]+):\s*(.*?)\s*$', data[:2000], re.M):
        headers[m.group(1).decode().lower()] = m.group(2).decode()

    def fake_open(source, etag, modified, agent, referrer, handlers, request_headers, result):
        result['href'] = 'http://127.0.0.1:8097/tests/' + os.path.relpath(path, os.path.dirname(
            os.path.dirname(os.path.dirname(path))))
        result['status'] = 200
        result['headers'].update(headers)
        return data

    feedparser.api._open_resource = fake_open
    try:
        return feedparser.parse(path, **kw)
    finally:
        feedparser.api._open_resource = ORIG_OPEN


def share(n, d):
    return '%d/%d (%.1f%%)' % (n, d, 100.0 * n / d if d else 0.0)


def run_calls(dirs, args):
    for d in dirs:
        files = sorted(glob.glob(os.path.join(args.data, d if '/' in d else 'wellformed/' + d, '**', '*.xml'), recursive=True))
        fields, raised = [], []
        for f in files:
            got = capture(f)
            if got is None:
                raised.append(os.path.basename(f))
                continue
            for x in got:
                x['file'] = os.path.basename(f)
            fields += got
        san = driver_many('sanitize', [(x['raw'], x['base']) for x in fields], args.driver)
        res = driver_many('resolve', [(x['raw'], x['base']) for x in fields], args.driver)
        same_s = same_r = 0
        for x, s, r in zip(fields, san, res):
            same_s += s == x['sanitized']
            same_r += r == x['resolved']
            if args.v and s != x['sanitized']:
                print('  sanitize %s\n    raw      %r\n    fp       %r\n    ours     %r'
                      % (x['file'], x['raw'][:300], x['sanitized'][:300], s[:300]))
            if args.v and r != x['resolved']:
                print('  resolve %s\n    raw      %r\n    fp       %r\n    ours     %r'
                      % (x['file'], x['raw'][:300], x['resolved'][:300], r[:300]))
        html_only = [i for i, x in enumerate(fields) if x['type'] == 'text/html']
        print('%-12s calls: %d files, %d HTML fields (%d text/html); sanitize %s, resolve %s;'
              ' text/html sanitize %s%s'
              % (d, len(files), len(fields), len(html_only), share(same_s, len(fields)),
                 share(same_r, len(fields)),
                 share(sum(san[i] == fields[i]['sanitized'] for i in html_only), len(html_only)),
                 '; feedparser raised on %s' % ', '.join(raised) if raised else ''))


FIELD_RE = re.compile(r"((?:feed|entries\[\d+\])(?:\[(?:'[^']*'|\d+)\])+)\s*==")


def detail_base(result, expr):
    """The base feedparser recorded for the field EXPR names."""
    m = re.match(r"(.*)\['content'\]\[(\d+)\]\['value'\]$", expr)
    try:
        if m:
            return eval(m.group(1), {}, result)['content'][int(m.group(2))].get('base', '')
        m = re.match(r"(.*)\['([^']*)'\]$", expr)
        return eval('%s[%r]' % (m.group(1), m.group(2) + '_detail'), {}, result).get('base', '')
    except Exception:
        return ''


def run_fields(dirs, args):
    for d in dirs:
        rows = []
        for f in sorted(glob.glob(os.path.join(args.data, 'wellformed', d, '*.xml'))):
            head = open(f, encoding='utf-8', errors='replace').read(4000)
            m = re.search(r'Expect:\s*(.*)', head)
            fm = FIELD_RE.search(m.group(1)) if m else None
            if not fm:
                continue
            try:
                want = parse(f)
                raw = parse(f, sanitize_html=False, resolve_relative_uris=False)
                r = eval(fm.group(1), {}, raw)
                w = eval(fm.group(1), {}, want)
            except Exception:
                continue
            if not isinstance(r, str):
                continue
            detail = re.sub(r"\['value'\]$", '', fm.group(1))
            try:
                typ = eval(detail, {}, raw).get('type') if detail != fm.group(1) else \
                    eval(re.sub(r"\['([^']*)'\]$", r"['\1_detail']", fm.group(1)), {}, raw).get('type')
            except Exception:
                typ = None
            if typ not in ('text/html', 'application/xhtml+xml'):
                continue
            rows.append((os.path.basename(f), r, w, detail_base(raw, fm.group(1))))
        got = driver_many('sanitize', [(r, b) for _, r, _, b in rows], args.driver)
        same = 0
        for (name, r, w, b), g in zip(rows, got):
            same += g == w
            if args.v and g != w:
                print('  field %s\n    raw  %r\n    fp   %r\n    ours %r' % (name, r[:300], w[:300], g[:300]))
        print('%-9s fields: %d Expect fields that are HTML; sanitize %s' % (d, len(rows), share(same, len(rows))))


def run_expect(dirs, args):
    def resolve(src, base, enc, typ):
        pending.append(base)
        return src

    def sanitize(src, enc, typ):
        base = pending.pop() if pending else ''
        return driver('sanitize', [src], base, args.driver)[0]

    for d in dirs:
        total = ours = theirs = 0
        for f in sorted(glob.glob(os.path.join(args.data, 'wellformed', d, '*.xml'))):
            head = open(f, encoding='utf-8', errors='replace').read(4000)
            m = re.search(r'Expect:\s*(.*)', head)
            if not m:
                continue
            total += 1
            pending = []
            for who in ('theirs', 'ours'):
                if who == 'ours':
                    mixin.resolve_relative_uris, mixin._sanitize_html = resolve, sanitize
                try:
                    r = parse(f)
                    ok = bool(eval(m.group(1), {}, r))
                except Exception:
                    ok = False
                finally:
                    mixin.resolve_relative_uris, mixin._sanitize_html = ORIG_RESOLVE, ORIG_SANITIZE
                if who == 'theirs':
                    theirs += ok
                else:
                    ours += ok
                    if args.v and not ok:
                        print('  expect fails with ours: %s' % os.path.basename(f))
        print('%-9s expect: %d Expect lines; true with feedparser %s, with ours %s'
              % (d, total, share(theirs, total), share(ours, total)))

# ------------------------------------------------ the reference, made safe


ENTITIES = dict(html.entities.name2codepoint)
ENTITIES['apos'] = 39
for k, v in html.entities.html5.items():
    if k.endswith(';') and len(v) == 1 and ord(v) < 128 and k[:-1] not in ENTITIES:
        ENTITIES[k[:-1]] = ord(v)
URL_ATTRS = {'action', 'altimg', 'background', 'cite', 'data', 'datasrc', 'dynsrc', 'href',
             'icon', 'longdesc', 'lowsrc', 'ping', 'poster', 'src', 'usemap', 'vrml',
             'xlink:href', 'xml:base'}


def serialised(value):
    """An attribute value as _BaseHTMLProcessor writes it."""
    value = value.replace('>', '&gt;').replace('<', '&lt;').replace('"', '&quot;')
    return _BaseHTML.bare_ampersand.sub('&amp;', value)


def url_is_dangerous(v):
    """html.c's url_is_dangerous, on the value as written out."""
    scheme, i = '', 0
    while i < len(v):
        c, used = v[i], 1
        if c == '&' and i + 1 < len(v):
            m = re.match(r'&#([xX])?([0-9a-fA-F]*)', v[i:]) if v[i + 1] == '#' else None
            if m and m.group(2) and (m.group(1) or m.group(2).isdigit()):
                digits = m.group(2) if m.group(1) else re.match(r'\d*', m.group(2)).group()
                x = int(digits, 16 if m.group(1) else 10)
                used = 2 + (1 if m.group(1) else 0) + len(digits)
                used += v[i + used:i + used + 1] == ';'
                c = chr(x) if x <= 0x10FFFF else '\ufffd'
            elif v[i + 1] != '#':
                n = re.match(r'[a-zA-Z0-9]*', v[i + 1:]).group()
                if n in ENTITIES:
                    used = 1 + len(n) + (v[i + 1 + len(n):i + 2 + len(n)] == ';')
                    c = chr(ENTITIES[n])
        i += used
        if c in '\t\n\r' or (not scheme and ord(c) <= 0x20):
            continue
        if c == ':':
            return scheme in ('data', 'javascript', 'livescript', 'mocha', 'vbscript')
        if len(scheme) >= 15 or not (c.isascii() and (c.isalnum() or c in '+-.')):
            return False
        scheme += c.lower()
    return False


def comment_is_safe(t):
    return not (t.startswith('>') or t.startswith('->') or '<!--' in t or '-->' in t
                or '--!>' in t or t.endswith('<!-'))


_BaseHTML = feedparser.html._BaseHTMLProcessor


class _UrlFilter(_BaseHTML):
    def unknown_starttag(self, tag, attrs):
        attrs = [(k, '' if k in URL_ATTRS and url_is_dangerous(serialised(v)) else v)
                 for k, v in attrs]
        super().unknown_starttag(tag, attrs)


def _declaration(self, i):
    try:
        return feedparser.sgml.sgmllib.SGMLParser.parse_declaration(self, i)
    except (feedparser.sgml.sgmllib.SGMLParseError, AssertionError):
        self.handle_data('&lt;')
        return i + 1


class SafeSanitizer(fsan._HTMLSanitizer, _UrlFilter):
    """feedparser's sanitiser with html.h's departures: no raw '<' in text,
    comments a browser would end early dropped, dangerous URLs emptied;
    and Python 3.11's AssertionError in declarations handled as before."""
    parse_declaration = _declaration

    def handle_data(self, text):
        super().handle_data(text.replace('<', '&lt;'))

    def handle_comment(self, text):
        if comment_is_safe(text):
            super().handle_comment(text)


class Resolver(furls.RelativeURIResolver):
    parse_declaration = _declaration


def ref_resolve(s, base):
    p = Resolver(base or '', 'utf-8', 'text/html')
    p.feed(s)
    return p.output()


def ref_sanitize(s, base):
    s = ref_resolve(s, base)
    p = SafeSanitizer('utf-8', 'text/html')
    p.feed(s.replace('<![CDATA[', '&lt;![CDATA['))
    return p.output().strip().replace('\r\n', '\n')

# ------------------------------------------------------ differential testing


SOUP = ['<', '>', '/', '"', "'", '=', ' ', '\n', '\t', '&', ';', '#', '!', '?', '-', '--',
        '<!--', '-->', '<!', '<?', '</', '/>', '<>', '</>', '[', ']', '(', ')', ':',
        'a', 'p', 'b', 'img', 'script', 'style', 'svg', 'math', 'span', 'div', 'br', 'hr',
        'href', 'src', 'style', 'class', 'onclick', 'xlink:href', 'xmlns', 'rel', 'type',
        'javascript:', 'http://x.test/', '../', './', '//', 'x.html', '&amp;', '&copy;',
        '&#150;', '&#x41;', '&#106', '&foo;', '&#39;', '&#34;', '<![CDATA[', ']]>', 'DOCTYPE',
        '<!DOCTYPE', '<!ENTITY', '<!ELEMENT', '<!ATTLIST', 'color: red;', 'url(x)',
        'expression(', 'margin: 0 auto', 'é', 'İ', '\u00a0', '\u2028', '٣', 'Σ', 'foreignObject',
        'viewBox', 'animateColor', 'mi', 'mglyph', 'annotation-xml', 'applet', 'textarea',
        '\x0b', '\x0c', '\x1c', '\x1f', '\x85', '\u3000', '\u212a', '\u01c5', '\U0001d7ce',
        '\u00df', '\u03a3\u0391', '\u00c0\u03a3.', '&#\u0661\u0662\u0668;', '</\u0130>', '</\u03a3>']
TAGS = ['a', 'img', 'p', 'span', 'svg', 'math', 'mi', 'a', 'script', 'style', 'form', 'use',
        'foreignObject', 'linearGradient', 'font-face', 'td', 'input', 'blockquote', 'q', 'x:y',
        'SVG', 'Img', 'br', 'none', 'applet', 'object', 'source', 'video', 'audio', 'area']
ATTRS = ['href', 'src', 'style', 'class', 'onclick', 'xlink:href', 'xmlns', 'rel', 'type', 'cite',
         'viewBox', 'VIEWBOX', 'fill', 'action', 'poster', 'longdesc', 'usemap', 'xml:base',
         'data', 'title', 'id', 'xmlns:xlink', 'background', 'alt', 'REL', 'dir', 'altimg']
VALUES = ['http://x.test/a', 'x.html', '../up', '/abs', '//host/p', '', ' ', 'javascript:alert(1)',
          ' JaVaScRiPt:x', 'java&#115;cript:x', 'jav&#x09;ascript:x', 'javascript&colon;x',
          '&#106avascript:x', 'data:text/html,x', 'vbscript:x', 'mailto:a@b', 'HTTP://X.TEST/',
          'http://[::1]/', 'http://[x]/', 'http://[::1', 'http://a]b/', 'http://ex\u2100.com/',
          'http://v1.x]/', 'http:///x', 'ftp://f/', 'feed:x', 'svn+ssh://h/', '?q', '#f', ';p',
          'a;b/c;d', 'color: red', 'color: red; background: url(x)', 'margin: 0 auto',
          'margin: 1px 2em 3% #ff0', 'padding: rgb(1,2,3)', 'border: 1px solid red',
          'border-color: #FFF', 'font: 12pt \'Times New\'', 'width: expression(x)',
          'fill: red; stroke-width: 2', 'color : blue ;', 'x: 1', 'color: \u0663', 'COLOR: Red',
          'background-color: transparent !important', 'rgb(1,2,3)', 'a&b', 'a&amp;b', 'a&#60;b',
          'Stylesheet', 'TEXT/HTML', 'http://www.w3.org/2000/svg', 'http://www.w3.org/1998/Math/MathML',
          'http://www.w3.org/1999/xlink', '\u0130', '\u03a3x\u03a3', 'margin: \u0661px',
          'padding: 1.5em .5em', 'margin: 12.34px', 'margin: 123px', 'border: rgb(1%,2%,3%)']


def tag(rng):
    t = rng.choice(TAGS)
    out = '<' + t
    for _ in range(rng.randint(0, 4)):
        a = rng.choice(ATTRS)
        v = rng.choice(VALUES)
        q = rng.choice(['"', "'", '', '"'])
        out += rng.choice([' ', '  ', '\n', '']) + a
        if rng.random() < 0.9:
            out += rng.choice(['=', ' = ']) + q + v + q
    out += rng.choice(['>', '/>', ' />', '', '>'])
    if rng.random() < 0.5:
        out += soup(rng)[:10] + '</' + rng.choice([t, t.upper(), rng.choice(TAGS)]) + '>'
    return out


def structured(rng):
    return ''.join(tag(rng) if rng.random() < 0.6 else soup(rng) for _ in range(rng.randint(1, 8)))


BASES = ['', 'http://example.com/a/b/c.html', 'http://example.com/', 'feed/', 'https://x.test/?q=1#f',
         'http://example.com/a;p?q#f', 'mailto:x@y', 'http://[::1]:8080/d/', 'file:///tmp/x/']


def soup(rng):
    return ''.join(rng.choice(SOUP) for _ in range(rng.randint(1, 40)))


def mutate(rng, s):
    for _ in range(rng.randint(1, 6)):
        if not s:
            return soup(rng)
        i, j = sorted(rng.randrange(len(s) + 1) for _ in range(2))
        op = rng.randrange(4)
        if op == 0:
            s = s[:i] + s[j:]
        elif op == 1:
            s = s[:i] + rng.choice(SOUP) + s[i:]
        elif op == 2:
            s = s[:i] + s[i:j] + s[i:j] + s[j:]
        else:
            s = s[:i] + soup(rng) + s[j:]
    return s


def run_diff(args):
    rng = random.Random(args.seed)
    seeds = []
    for d in ('sanitize', 'base'):
        for f in sorted(glob.glob(os.path.join(args.data, 'wellformed', d, '*.xml'))):
            got = capture(f) or []
            seeds += [x['raw'] for x in got]
    cases = []
    for _ in range(args.diff):
        r = rng.random()
        s = soup(rng) if r < 0.2 else structured(rng) if r < 0.5 else \
            mutate(rng, rng.choice(seeds)) if r < 0.85 else \
            rng.choice(seeds) + structured(rng) + rng.choice(seeds)
        s = s.replace('\0', '')
        cases.append((s, rng.choice(BASES)))
    bad = {'sanitize': 0, 'resolve': 0}
    raised = 0
    shown = 0
    for mode, ref in (('resolve', ref_resolve), ('sanitize', ref_sanitize)):
        got = driver_many(mode, cases, args.driver)
        for (s, b), g in zip(cases, got):
            try:
                want = ref(s, b)
            except Exception:
                raised += 1
                continue
            if g != want:
                bad[mode] += 1
                if shown < args.show:
                    shown += 1
                    print('  %s base=%r\n    in   %r\n    ref  %r\n    ours %r' % (mode, b, s, want, g))
    print('diff: %d fragments; differ: resolve %d, sanitize %d (reference raised on %d)'
          % (len(cases), bad['resolve'], bad['sanitize'], raised))


def run_pages(args):
    import gzip
    paths = []
    for d in args.pages:
        paths += glob.glob(os.path.join(d, '**', '*.html'), recursive=True)
        paths += glob.glob(os.path.join(d, '**', '*.html.gz'), recursive=True)
    pages = []
    for path in sorted(paths):
        data = gzip.open(path).read() if path.endswith('.gz') else open(path, 'rb').read()
        pages.append((path, data.decode('utf-8', 'replace').replace('\0', '')))
    base = 'http://example.com/news/page.html'
    for mode, ref in (('resolve', ref_resolve), ('sanitize', ref_sanitize)):
        got = driver(mode, [t for _, t in pages], base, args.driver)
        same = 0
        for (path, t), g in zip(pages, got):
            want = ref(t, base)
            same += g == want
            if g != want and args.v:
                i = next((k for k in range(min(len(g), len(want))) if g[k] != want[k]), min(len(g), len(want)))
                print('  %s %s at %d\n    ref  %r\n    ours %r' % (mode, path, i, want[max(0, i - 80):i + 80],
                                                                    g[max(0, i - 80):i + 80]))
        print('pages: %d pages (%.1f MB); %s identical %s'
              % (len(pages), sum(len(t) for _, t in pages) / 1e6, mode, share(same, len(pages))))


def run_html5_proxy(dirs, args):
    import html5lib
    ser = html5lib.serializer.HTMLSerializer(
        quote_attr_values='always', omit_optional_tags=False, resolve_entities=False,
        use_trailing_solidus=True, minimize_boolean_attributes=False)
    walker = html5lib.getTreeWalker('etree')
    for d in dirs:
        total = same = 0
        for f in sorted(glob.glob(os.path.join(args.data, 'wellformed', d, '*.xml'))):
            for x in capture(f) or []:
                total += 1
                tree = html5lib.parseFragment(x['resolved'], container='div')
                out = fsan._sanitize_html(ser.render(walker(tree)), 'utf-8', x['type'])
                same += out == x['sanitized']
        print('%-9s html5-proxy: a tree builder reaches at most %s' % (d, share(same, total)))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--data', default=DATA)
    ap.add_argument('--driver', default=DRIVER)
    ap.add_argument('--diff', type=int, default=0)
    ap.add_argument('--seed', type=int, default=1)
    ap.add_argument('--show', type=int, default=10)
    ap.add_argument('--html5-proxy', action='store_true')
    ap.add_argument('--all', action='store_true')
    ap.add_argument('--pages', nargs='+')
    ap.add_argument('-v', action='store_true')
    args = ap.parse_args()
    dirs = ('sanitize', 'base')
    if args.diff:
        run_diff(args)
    elif args.pages:
        run_pages(args)
    elif args.all:
        run_calls(sorted(os.path.relpath(d, args.data) + '/' for d in glob.glob(os.path.join(args.data, '*'))
                         if os.path.isdir(d)), args)
    elif args.html5_proxy:
        run_html5_proxy(dirs, args)
    else:
        run_calls(dirs, args)
        run_fields(dirs, args)
        run_expect(dirs, args)


if __name__ == '__main__':
    main()
