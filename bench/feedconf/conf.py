#!/usr/bin/python3
"""bench/feedconf/conf.py — feedparser's own test suite (issue 7,
"Conformance") run against Parallax's feed parser, beside feedparser itself.

    conf.py run [--data DIR] [--systems parallax,feedparser,feedparser-json]
                [--parallax build/parallax] [--out DIR] [--jobs N]
                [--only SUBSTRING] [--failures [SYSTEM]] [--worst N]
    conf.py serve [--data DIR]            the loopback server run.sh starts
    conf.py time [--data DIR] [--repeat R] OUT.json   feedparser's speed
    conf.py speed TIMING.json...          the speed table (speed.c, `time`)
    conf.py --selftest

The data: ../shared/data/feedparser-tests (DIR), 1,484 feeds, each opening
with a comment

    Header:      Content-type: text/xml; charset=iso-8859-1   (optional)
    Description: item title
    Expect:      not bozo and entries[0]['title'] == 'Item 1 title'

The Expect line is a Python expression over feedparser's result.  Reading
it follows feedparser's own runtests.py: the comment is decoded by its byte
order mark or its first four bytes (UTF-16/32 files, cp037), and
Description/Expect are found by the same regular expression.  A file is read
by URL, http://127.0.0.1:8097/tests/PATH, when its comment has Header:
lines or its path contains "http" (feedparser's rule), from this script's
loopback server, which sends each file's Header: lines as response headers
(with Content-Length, and a Content-type guessed from the name when the
file gives none); every other file is read by path.  SkipUnless: lines are
not honoured: every file is one expectation.

The systems, each giving one result per file:
  parallax         `build/parallax feed parse PATH|URL --json` (with
                   --allow-private for the loopback URLs); its stdout is one
                   JSON object with feedparser's field names (docs/API.md).
                   Non-zero exit with no JSON, or death by a signal, is a
                   crash: every expectation on that file fails, `Expect: 1`
                   included.
  feedparser       feedparser.parse(PATH|URL), the expression evaluated on
                   feedparser's own FeedParserDict, as runtests.py does
                   (everything_is_unicode included).  The peer figure.
  feedparser-json  feedparser's result cut down to the fields in MODELLED,
                   written as the JSON that Parallax prints, and read back
                   through the same loader as parallax's output.  It checks
                   the loader (it should score what feedparser scores on the
                   modelled expectations) and shows what the schema leaves
                   out.

The JSON is turned into FPDicts: dicts with item and attribute access, .get,
`in`, has_key and feedparser's key aliases (FeedParserDict's keymap and its
derived keys; see FPDict), *_parsed arrays of 9 ints as time.struct_time,
GeoJSON positions (arrays of numbers under "coordinates") as tuples and a
chapter's start_parsed (seconds) as datetime.timedelta, the Python types
feedparser gives them, so that every Expect line is evaluated unchanged.

Each expectation is classified:
  pass          the expression is true;
  fail          it is false or raises, and no field outside MODELLED was
                found missing while evaluating it;
  not modelled  it is false or raises, and it looked up a field that is not
                in MODELLED (or a top-level name not in TOP_MODELLED, such
                as headers or namespaces, or an attribute of the feedparser
                module, such as an exception class) and did not find it:
                by item, attribute, .get, `in`, or as a bare name.  A
                missing field that is in MODELLED never makes "not
                modelled": that is a fail.
Native feedparser models everything: its misses are all fails.

The table: pass / fail / not modelled per folder (wellformed/<sub> each,
sanitize its own row, then illformed, encoding, entities, json), and the
totals: the share of all expectations passing, and of the modelled ones
(pass + fail) outside sanitize.  --failures lists a system's failing files
with the expression and the value of each field it reads.

Standard library and feedparser only (/usr/bin/python3, Debian's
python3-feedparser).
"""
import argparse
import ast
import builtins
import codecs
import concurrent.futures
import datetime
import http.server
import io
import json
import mimetypes
import os
import re
import subprocess
import sys
import threading
import time
import urllib.request
import warnings

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
DATA = os.path.normpath(os.path.join(ROOT, '..', 'shared', 'data', 'feedparser-tests'))
HOST, PORT = '127.0.0.1', 8097          # fixed: Expect lines name this address

# ------------------------------------------------------------------ the schema

# The field names Parallax's JSON can contain (`parallax feed parse --json`,
# docs/API.md), at any depth: the feed's and the entries' fields, and the
# keys of their sub-objects (title_detail, links, authors, tags, image,
# cloud, textinput, media_*, ...).  Whatever is not here is "not modelled".
# When the CLI starts printing a field, add it here (the run lists any key
# the CLI printed that is missing from this list).
MODELLED = frozenset("""
    title title_detail subtitle subtitle_detail summary summary_detail
    content link links id guidislink
    published updated created expired
    published_parsed updated_parsed created_parsed expired_parsed
    author author_detail authors contributors publisher publisher_detail
    language rights rights_detail generator generator_detail
    image icon logo tags enclosures comments source ttl docs cloud textinput
    license media_content media_thumbnail media_title
    itunes_block itunes_explicit itunes_duration
    info info_detail contributor contributor_detail newlocation errorreportsurl
    validity_start validity_start_parsed validity_end validity_end_parsed
    wfw_comment wfw_commentrss thr_in-reply-to ref
    where coordinates psc_chapters chapters start start_parsed
    media_credit media_restriction media_license media_rating media_player
    role relationship

    type base value
    rel href length hreflang src
    name email
    version
    term scheme label
    width height description
    domain port path registerprocedure protocol
    url medium filesize duration
""".split())

# Besides these, an element Parallax does not know, right inside the feed or
# an entry, is printed under its canonical name with its text, as feedparser
# keeps it (feedburner_origlink, slash_comments, ...): such names cannot be
# listed, so a string field of the feed or an entry is never an extra.

# The top-level names of the result that Parallax's JSON has.  headers,
# namespaces, href, status, etag, modified (HTTP's) are feedparser's alone.
TOP_MODELLED = frozenset('bozo bozo_exception encoding version feed entries '
                         'href status headers etag modified modified_parsed'.split())

# FeedParserDict's aliases: a key asked for under the left name is looked up
# under the right one(s) first (feedparser/util.py, same semantics).
KEYMAP = {
    'channel': ['feed'],
    'items': ['entries'],
    'guid': ['id'],
    'date': ['updated'],
    'date_parsed': ['updated_parsed'],
    'description': ['summary', 'subtitle'],
    'description_detail': ['summary_detail', 'subtitle_detail'],
    'url': ['href'],
    'modified': ['updated'],
    'modified_parsed': ['updated_parsed'],
    'issued': ['published'],
    'issued_parsed': ['published_parsed'],
    'copyright': ['rights'],
    'copyright_detail': ['rights_detail'],
    'tagline': ['subtitle'],
    'tagline_detail': ['subtitle_detail'],
}
# Keys computed from others rather than stored.
DERIVED = {'category': 'tags', 'enclosures': 'links', 'license': 'links'}


def is_modelled(key, top=False):
    """True if Parallax's JSON can hold KEY, directly or under the name an
    alias stands for (at the top level only TOP_MODELLED and its aliases)."""
    names = TOP_MODELLED if top else MODELLED
    if key in names:
        return True
    if key in KEYMAP:
        return any(k in names for k in KEYMAP[key])
    return not top and key in DERIVED and DERIVED[key] in names


# ------------------------------------------------------------------ the loader

class Probe:
    """What one evaluation looked up and did not find: (key, top level?)."""
    absent = []

    @classmethod
    def reset(cls):
        cls.absent = []

    @classmethod
    def unmodelled(cls):
        """The missing keys outside the schema, or [] when any missing key
        was a modelled one (then a failure is a fail)."""
        if any(is_modelled(k, top) for k, top in cls.absent):
            return []
        return sorted({k for k, top in cls.absent})


class FPDict(dict):
    """A dict that answers as feedparser's FeedParserDict does:
      - d[k], d.k, d.get(k), k in d, d.has_key(k);
      - aliases (KEYMAP): d['guid'] is d['id'] when there is an id, else the
        key itself; description tries summary, then subtitle;
      - 'category' is tags[0]['term']; 'enclosures' the links with rel
        "enclosure" without their rel (a dict with no links key answers its
        own 'enclosures', if any); 'license' the href of the first link
        with rel "license" and an href, else the key itself;
      - 'updated' and 'updated_parsed' fall back to published(_parsed),
        but `'updated' in d` is true only when updated itself is there;
      - `in`, .get and attribute access are built on d[k], so they see the
        aliases too.
    Every failed lookup is noted in Probe."""

    top = False

    def _lookup(self, key):
        if key == 'category':
            tags = dict.get(self, 'tags')
            if tags and isinstance(tags[0], dict) and 'term' in tags[0]:
                return tags[0]['term']
            raise KeyError(key)
        if key == 'enclosures':
            if not dict.__contains__(self, 'links'):
                return dict.__getitem__(self, 'enclosures')
            return [FPDict((k, v) for k, v in link.items() if k != 'rel')
                    for link in dict.__getitem__(self, 'links') if link['rel'] == 'enclosure']
        if key == 'license':
            for link in dict.get(self, 'links') or []:
                if link.get('rel') == 'license' and 'href' in link:
                    return link['href']
            return dict.__getitem__(self, key)
        if key in ('updated', 'updated_parsed'):
            if not dict.__contains__(self, key):
                fallback = key.replace('updated', 'published')
                if dict.__contains__(self, fallback):
                    return dict.__getitem__(self, fallback)
            return dict.__getitem__(self, key)
        for real in KEYMAP.get(key, ()):
            if dict.__contains__(self, real):
                return dict.__getitem__(self, real)
        return dict.__getitem__(self, key)

    def _note(self, key):
        Probe.absent.append((key, self.top))

    def __getitem__(self, key):
        try:
            return self._lookup(key)
        except KeyError:
            self._note(key)
            raise

    def __contains__(self, key):
        if key in ('updated', 'updated_parsed'):
            found = dict.__contains__(self, key)
        else:
            try:
                self._lookup(key)
                found = True
            except KeyError:
                found = False
        if not found:
            self._note(key)
        return found

    has_key = __contains__

    def get(self, key, default=None):
        try:
            return self._lookup(key)
        except KeyError:
            self._note(key)
            return default

    def __getattr__(self, key):
        if key.startswith('__'):
            raise AttributeError(key)
        try:
            return self[key]
        except KeyError:
            raise AttributeError("object has no attribute '%s'" % key)

    def __hash__(self):            # FeedParserDict's (dicts in sets)
        return id(self)


class Result(FPDict):
    """The top-level result, used as eval's locals: names the expression
    takes from the globals (len, datetime, ...) are not noted as missing."""
    top = True

    def _note(self, key):
        if key not in EVAL_GLOBALS and not hasattr(builtins, key):
            FPDict._note(self, key)


def load(value, key=None):
    """JSON (as json.loads gives it) -> FPDicts, lists, struct_times."""
    if isinstance(value, dict):
        return FPDict((k, load(v, k)) for k, v in value.items())
    if isinstance(value, list):
        if (key and key.endswith('_parsed') and len(value) == 9
                and all(isinstance(x, int) and not isinstance(x, bool) for x in value)):
            return time.struct_time(value)
        if key == 'coordinates':
            return position(value)
        return [load(v) for v in value]
    if key == 'start_parsed' and isinstance(value, (int, float)):
        return datetime.timedelta(seconds=value)
    return value


def position(value):
    """GeoJSON coordinates: a position (numbers) is a tuple, as feedparser
    has it; a list of positions or of rings stays a list."""
    if value and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in value):
        return tuple(value)
    return [position(v) if isinstance(v, list) else v for v in value]


def load_result(obj):
    """The CLI's top-level JSON object -> a Result (the eval locals)."""
    if not isinstance(obj, dict):
        raise ValueError('the output is not a JSON object')
    r = Result((k, load(v, k)) for k, v in obj.items())
    return r


class Unmodelled:
    """Stands for the feedparser module in the JSON systems' globals: any
    attribute (an exception class, say) is noted as missing and is a class
    nothing is an instance of."""

    def __getattr__(self, name):
        if name.startswith('__'):
            raise AttributeError(name)
        Probe.absent.append(('feedparser.' + name, True))
        return type(name, (Exception,), {})


# What the Expect lines see besides the result, as in runtests.py.
EVAL_GLOBALS = {'codecs': codecs, 'datetime': datetime, 'time': time, 're': re,
                'sys': sys, 'os': os, 'io': io, 'feedparser': Unmodelled()}


# ------------------------------------------------------------------ test files

DESC_RE = re.compile(r'Description:\s*(.*?)\s*Expect:\s*(.*)\s*-->')
HEADER_RE = re.compile(r'^Header:\s+([^:]+):(.+)$', re.M)


def decode_comment(data):
    """The file's text for reading its comment, as runtests.py reads it:
    by byte order mark or the first four bytes; UTF-8 otherwise."""
    head = data[:4]
    for sig, enc, skip in ((b'\x4c\x6f\xa7\x94', 'cp037', 0),
                           (b'\x00\x00\xfe\xff', 'utf-32be', 4),
                           (b'\xff\xfe\x00\x00', 'utf-32le', 4),
                           (b'\x00\x00\x00\x3c', 'utf-32be', 0),
                           (b'\x3c\x00\x00\x00', 'utf-32le', 0),
                           (b'\x00\x3c\x00\x3f', 'utf-16be', 0),
                           (b'\x3c\x00\x3f\x00', 'utf-16le', 0)):
        if head == sig:
            return data[skip:].decode(enc, 'replace')
    if data[:2] == b'\xfe\xff':
        return data[2:].decode('utf-16be', 'replace')
    if data[:2] == b'\xff\xfe':
        return data[2:].decode('utf-16le', 'replace')
    if data[:3] == codecs.BOM_UTF8:
        data = data[3:]
    return data.decode('utf-8', 'replace')


def folder_of(rel):
    """The table row: wellformed/<sub> per subfolder, else the top folder."""
    parts = rel.split('/')
    if parts[0] == 'wellformed' and len(parts) > 2:
        return 'wellformed/' + parts[1]
    return parts[0]


class Case:
    def __init__(self, rel, data):
        self.rel = rel
        self.data = data
        text = decode_comment(data)
        m = DESC_RE.search(text)
        if not m:
            raise ValueError('%s: no Description/Expect comment' % rel)
        self.description, self.expect = m.group(1).strip(), m.group(2).strip()
        self.headers = [(k.strip(), v.strip()) for k, v in HEADER_RE.findall(text)]
        self.folder = folder_of(rel)
        # False for the UTF-16/32 files: a reader that takes the comment as
        # UTF-8 misses them (issue 7's count of 1,471 did).
        self.utf8_comment = DESC_RE.search(data.decode('utf-8', 'ignore')) is not None
        self.http = bool(self.headers) or 'http' in rel
        self.url = 'http://%s:%d/tests/%s' % (HOST, PORT, rel) if self.http else None

    def response_headers(self):
        """The Header: lines as feedparser's response_headers (lowercase)."""
        return {k.lower(): v for k, v in self.headers}


def test_files(data_dir):
    """Relative paths of the test feeds (every .xml / .json below DIR's
    folders), sorted."""
    out = []
    for d, dirs, files in os.walk(data_dir):
        dirs.sort()
        if os.path.samefile(d, data_dir):
            continue
        for f in files:
            if f.endswith(('.xml', '.json')):
                out.append(os.path.relpath(os.path.join(d, f), data_dir).replace(os.sep, '/'))
    return sorted(out)


def load_cases(data_dir, only=None):
    cases = []
    for rel in test_files(data_dir):
        if only and only not in rel:
            continue
        with open(os.path.join(data_dir, rel), 'rb') as f:
            cases.append(Case(rel, f.read()))
    return cases


# ------------------------------------------------------------------ the server

class Handler(http.server.BaseHTTPRequestHandler):
    """Serves DATA under /tests/ with each file's Header: lines as response
    headers, as feedparser's runtests.py does: Content-type defaults to the
    type guessed from the name, Content-Length is the file's size, a
    request whose If-Modified-Since / If-None-Match equals the file's
    Last-Modified / ETag gets 304, and a Status header sets the status."""
    data_dir = DATA
    protocol_version = 'HTTP/1.0'

    def log_message(self, *args):
        pass

    def do_HEAD(self):
        self.respond(False)

    def do_GET(self):
        self.respond(True)

    def respond(self, body):
        path = self.path.split('?', 1)[0]
        if path == '/-/feedconf':
            self.send(200, {'Content-type': 'text/plain'}, self.data_dir.encode(), body)
            return
        rel = urllib.request.url2pathname(path[len('/tests/'):]) if path.startswith('/tests/') else ''
        full = os.path.normpath(os.path.join(self.data_dir, rel))
        if not rel or not full.startswith(self.data_dir + os.sep) or not os.path.isfile(full):
            self.send(404, {'Content-type': 'text/plain'}, b'not found\n', body)
            return
        with open(full, 'rb') as f:
            data = f.read()
        headers = {}
        for k, v in HEADER_RE.findall(decode_comment(data)):
            headers[k.strip()] = v.strip()
        lower = {k.lower(): v for k, v in headers.items()}
        status = int(lower.pop('status', 200))
        if (self.headers.get('If-Modified-Since') == lower.get('last-modified', 'nom') or
                self.headers.get('If-None-Match') == lower.get('etag', 'nomatch')):
            status = 304
        out = {'Content-type': lower.pop('content-type', None) or
               mimetypes.guess_type(full)[0] or 'application/octet-stream'}
        for k, v in headers.items():
            if k.lower() not in ('content-type', 'status'):
                out[k] = v
        self.send(status, out, data, body)

    def send(self, status, headers, data, body):
        self.send_response(status)
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header('Content-Length', str(len(data)))
        self.end_headers()
        if body and status != 304:
            self.wfile.write(data)


def server_is_ours(data_dir):
    """True if the loopback port answers as this script's server on DATA_DIR."""
    try:
        with urllib.request.urlopen('http://%s:%d/-/feedconf' % (HOST, PORT), timeout=2) as r:
            return r.read().decode() == data_dir
    except OSError:
        return False


def make_server(data_dir):
    Handler.data_dir = data_dir
    http.server.ThreadingHTTPServer.allow_reuse_address = True
    srv = http.server.ThreadingHTTPServer((HOST, PORT), Handler)
    srv.daemon_threads = True
    return srv


def ensure_server(data_dir):
    """Uses the server run.sh started, or starts one in a thread."""
    if server_is_ours(data_dir):
        return
    try:
        srv = make_server(data_dir)
    except OSError as e:
        sys.exit('conf.py: cannot listen on %s:%d (%s); something else holds the port'
                 % (HOST, PORT, e))
    threading.Thread(target=srv.serve_forever, daemon=True).start()


def cmd_serve(a):
    try:
        srv = make_server(a.data)
    except OSError as e:
        sys.exit('conf.py serve: cannot listen on %s:%d (%s)' % (HOST, PORT, e))
    print('serving %s on http://%s:%d/tests/' % (a.data, HOST, PORT), flush=True)
    try:
        srv.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


# ------------------------------------------------------------------ systems

class Outcome:
    """One file's parse under one system: the eval locals, or why there are
    none (crash: every expectation on the file fails)."""

    def __init__(self, env=None, crash=None, native=False):
        self.env, self.crash, self.native = env, crash, native


def src_of(case, data_dir):
    return case.url or os.path.join(data_dir, case.rel)


def run_parallax(exe, case, data_dir):
    src = src_of(case, data_dir)
    cmd = [exe, 'feed', 'parse', src, '--json'] + (['--allow-private'] if case.url else [])
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=60)
    except subprocess.TimeoutExpired:
        return Outcome(crash='timed out after 60 s')
    err = p.stderr.decode('utf-8', 'replace').strip().splitlines()
    err = err[0] if err else ''
    if p.returncode < 0:
        return Outcome(crash='killed by signal %d %s' % (-p.returncode, err))
    try:
        obj = json.loads(p.stdout.decode('utf-8'))
    except UnicodeDecodeError as e:
        return Outcome(crash='output is not UTF-8 (%s)' % e)
    except ValueError as e:
        if p.returncode != 0:
            return Outcome(crash='exit %d, no JSON: %s' % (p.returncode, err))
        return Outcome(crash='output is not JSON (%s)' % e)
    try:
        return Outcome(env=load_result(obj))
    except ValueError as e:
        return Outcome(crash=str(e))


def parse_feedparser(case, data_dir):
    import feedparser
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        try:
            return feedparser.parse(src_of(case, data_dir))
        except Exception as e:       # feedparser's own crashes count as fails
            return e


def run_feedparser(case, data_dir):
    r = parse_feedparser(case, data_dir)
    if isinstance(r, Exception):
        return Outcome(crash='feedparser raised %r' % r, native=True)
    return Outcome(env=r, native=True)


DROP = object()


def to_json(value, key=None, element=False):
    """feedparser's values -> JSON values, fields outside MODELLED dropped
    (DROP for a value JSON cannot hold: timedelta, bytes, ...; None stays
    null, as feedparser keeps it: tags' scheme, title_detail's language)."""
    if isinstance(value, time.struct_time):
        return list(value)
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, dict):
        out = {}
        for k, v in dict.items(value):
            if k in MODELLED:
                j = to_json(v, k)
                if j is not DROP:
                    out[k] = j
            elif element and isinstance(v, str):   # an unknown element's text
                out[k] = v
        if 'enclosures' in MODELLED and dict.__contains__(value, 'links'):
            try:
                enc = value['enclosures']
            except (KeyError, TypeError):
                enc = None
            if enc:
                out['enclosures'] = to_json(enc)
        return out
    if isinstance(value, (list, tuple)):
        return [j for j in (to_json(v) for v in value) if j is not DROP]
    if value is None or isinstance(value, (str, int, float)):
        return value
    return DROP


def feedparser_json(r):
    """feedparser's result as Parallax's JSON (the schema of the top of
    this file): a JSON text."""
    obj = {'bozo': bool(r.get('bozo'))}
    if obj['bozo']:
        obj['bozo_exception'] = str(r.get('bozo_exception', ''))
    for k in ('encoding', 'version'):
        if k in r:
            obj[k] = r[k] or ''
    for k in ('href', 'status', 'etag', 'modified'):   # read over HTTP
        if k in r:
            obj[k] = r[k]
    if 'modified_parsed' in r and r['modified_parsed']:
        obj['modified_parsed'] = list(r['modified_parsed'])
    if 'headers' in r:
        obj['headers'] = {k.lower(): v for k, v in r['headers'].items()}
    obj['feed'] = to_json(r.get('feed', {}), element=True)
    obj['entries'] = [to_json(e, element=True) for e in r.get('entries', [])]
    return json.dumps(obj, ensure_ascii=False)


def run_feedparser_json(case, data_dir):
    r = parse_feedparser(case, data_dir)
    if isinstance(r, Exception):
        return Outcome(crash='feedparser raised %r' % r)
    return Outcome(env=load_result(json.loads(feedparser_json(r))))


SYSTEMS = ('parallax', 'feedparser', 'feedparser-json')


# ------------------------------------------------------------------ evaluation

def everything_is_unicode(d):
    """No bytes anywhere in the result (headers aside): runtests.py's check."""
    for k, v in d.items():
        if isinstance(v, dict) and k != 'headers':
            if not everything_is_unicode(v):
                return False
        elif isinstance(v, list):
            for i in v:
                if isinstance(i, dict) and not everything_is_unicode(i):
                    return False
                if isinstance(i, bytes):
                    return False
        elif isinstance(v, bytes):
            return False
    return True


def native_globals():
    import feedparser
    g = dict(EVAL_GLOBALS)
    g['feedparser'] = feedparser
    return g


def evaluate(expr, outcome):
    """(status, detail, missing): status 'pass' | 'fail' | 'nm'."""
    if outcome.crash is not None:
        return 'fail', 'crash: ' + outcome.crash, []
    g = native_globals() if outcome.native else dict(EVAL_GLOBALS)
    Probe.reset()
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        try:
            ok = bool(eval(expr, g, outcome.env))
            detail = None if ok else 'false'
        except Exception as e:
            ok, detail = False, '%s: %s' % (type(e).__name__, e)
    if ok and outcome.native and not everything_is_unicode(outcome.env):
        ok, detail = False, 'not everything is unicode'
    if ok:
        return 'pass', None, []
    missing = [] if outcome.native else Probe.unmodelled()
    return ('nm' if missing else 'fail'), detail, missing


def field_values(expr, outcome, limit=160):
    """'text = value' of each field the expression reads (its comparison
    operands, calls' arguments and truth-tested fields), for --failures."""
    if outcome.crash is not None:
        return []
    try:
        tree = ast.parse(expr, mode='eval')
    except SyntaxError:
        return []
    nodes = []

    def want(n):
        return isinstance(n, (ast.Subscript, ast.Attribute, ast.Name, ast.Call))

    def visit(n):
        if isinstance(n, ast.BoolOp):
            for v in n.values:
                visit(v)
        elif isinstance(n, ast.UnaryOp):
            visit(n.operand)
        elif isinstance(n, ast.Compare):
            for v in [n.left] + n.comparators:
                visit(v) if not want(v) else nodes.append(v)
        elif isinstance(n, ast.Call):
            nodes.extend(a for a in n.args if want(a))
            if isinstance(n.func, ast.Attribute):
                nodes.append(n.func.value)
        elif want(n):
            nodes.append(n)
    visit(tree.body)
    g = native_globals() if outcome.native else dict(EVAL_GLOBALS)
    out, seen = [], set()
    for n in nodes:
        text = ast.unparse(n)
        if text in seen or text in g or text in ('len', 'ord', 'isinstance', 'locals'):
            continue
        seen.add(text)
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            try:
                v = repr(eval(text, g, outcome.env))
            except Exception as e:
                v = '<%s: %s>' % (type(e).__name__, e)
        out.append('%s = %s' % (text, v if len(v) <= limit else v[:limit] + '...'))
    return out


def run_system(system, cases, data_dir, exe, jobs):
    """{rel: Outcome} of SYSTEM on every case."""
    if system == 'parallax':
        with concurrent.futures.ThreadPoolExecutor(jobs) as ex:
            futs = {c.rel: ex.submit(run_parallax, exe, c, data_dir) for c in cases}
            return {rel: f.result() for rel, f in futs.items()}
    fn = run_feedparser if system == 'feedparser' else run_feedparser_json
    return {c.rel: fn(c, data_dir) for c in cases}


def parallax_available(exe, cases, data_dir):
    """None if `parallax feed parse` gives JSON on a plain RSS file, else why not."""
    if not os.access(exe, os.X_OK):
        return '%s not built' % exe
    probe = next((c for c in cases if c.rel.startswith('wellformed/rss/') and not c.http), None)
    if probe is None:
        return None
    o = run_parallax(exe, probe, data_dir)
    if o.crash is not None:
        return '`%s feed parse %s --json` gave no JSON (%s)' % (exe, probe.rel, o.crash)
    return None


def schema_extras(outcomes):
    """Keys the CLI printed that MODELLED does not list (then MODELLED is
    behind the CLI: those fields count as not modelled until added)."""
    extra = set()

    def walk(v, top=False, element=False):
        if isinstance(v, dict):
            for k, x in dict.items(v):
                known = (TOP_MODELLED if top else MODELLED).__contains__(k)
                if not known and not (element and isinstance(x, str)):
                    extra.add(k)
                if not (top and k == 'headers'):   # HTTP's names, not fields
                    walk(x)
        elif isinstance(v, list):
            for x in v:
                walk(x)
    for o in outcomes.values():
        if o.env is not None:
            for k, x in dict.items(o.env):
                if k == 'feed':
                    walk(x, element=True)
                elif k == 'entries' and isinstance(x, list):
                    for e in x:
                        walk(e, element=True)
                else:
                    walk({k: x}, True)
    return sorted(extra)


# ------------------------------------------------------------------ tables

ORDER = ['wellformed', 'sanitize', 'illformed', 'encoding', 'entities', 'json']


def row_key(folder):
    top = 'sanitize' if folder == 'wellformed/sanitize' else folder.split('/')[0]
    return (ORDER.index(top) if top in ORDER else len(ORDER), folder)


def print_table(head, rows):
    w = [max(len(str(r[i])) for r in [head] + rows if r) for i in range(len(head))]
    line = lambda r: '  '.join(str(c).ljust(w[i]) if i == 0 else str(c).rjust(w[i])
                               for i, c in enumerate(r)).rstrip()
    print(line(head))
    print('  '.join('-' * x for x in w))
    for r in rows:
        print(line(r) if r else '')


def pct(a, b):
    return '%.1f%%' % (100.0 * a / b) if b else '—'


def tally(results, pick):
    t = {'pass': 0, 'fail': 0, 'nm': 0}
    for r in results:
        if pick(r):
            t[r['status']] += 1
    return t


def report(cases, systems, results):
    folders = sorted({c.folder for c in cases}, key=row_key)
    head = ['folder', 'files']
    for s in systems:
        head += ['%s pass' % s, 'fail', 'n/m']
    rows = []
    for f in folders:
        row = [f, sum(c.folder == f for c in cases)]
        for s in systems:
            t = tally(results[s], lambda r, f=f: r['folder'] == f)
            row += [t['pass'], t['fail'], t['nm'] if s != 'feedparser' else '—']
        rows.append(row)
    rows.append([])
    row = ['all', len(cases)]
    for s in systems:
        t = tally(results[s], lambda r: True)
        row += [t['pass'], t['fail'], t['nm'] if s != 'feedparser' else '—']
    rows.append(row)
    print_table(head, rows)
    print()
    head = ['system', 'all pass', 'of', 'modelled pass (no sanitize)', 'of',
            'sanitize pass', 'crashes']
    rows = []
    for s in systems:
        rs = results[s]
        t = tally(rs, lambda r: True)
        m = tally(rs, lambda r: r['folder'] != 'wellformed/sanitize')
        z = tally(rs, lambda r: r['folder'] == 'wellformed/sanitize')
        crashes = sum(1 for r in rs if (r['detail'] or '').startswith('crash:'))
        rows.append([s, '%s (%d)' % (pct(t['pass'], len(rs)), t['pass']), len(rs),
                     '%s (%d)' % (pct(m['pass'], m['pass'] + m['fail']), m['pass']),
                     m['pass'] + m['fail'],
                     '%s (%d/%d)' % (pct(z['pass'], z['pass'] + z['fail'] + z['nm']), z['pass'],
                                     z['pass'] + z['fail'] + z['nm']),
                     crashes])
    print_table(head, rows)
    print('goals (issue 7): all >= 99%, modelled outside sanitize 100%; sanitize: no '
          'script, handler, javascript:/data: URL or style attack left')
    if 'feedparser' in results:
        utf8 = {c.rel for c in cases if c.utf8_comment}
        t = tally(results['feedparser'], lambda r: r['file'] in utf8)
        print('feedparser on the %d files whose comment reads as UTF-8 (issue 7 counted '
              'these): %d pass, %s; issue 7: 1,456 of 1,471, 99.0%%'
              % (len(utf8), t['pass'], pct(t['pass'], len(utf8))))


def print_not_modelled(system, results):
    by = {}
    for r in results:
        if r['status'] == 'nm':
            for k in r['missing']:
                by[k] = by.get(k, 0) + 1
    if by:
        print('%s, not modelled (expectations by missing field): %s' % (
            system, ', '.join('%s %d' % kv for kv in sorted(by.items(), key=lambda kv: (-kv[1], kv[0])))))


def print_failures(system, cases, results, outcomes, worst):
    bad = [r for r in results if r['status'] == 'fail']
    print('\n%s: %d failing expectations%s' % (system, len(bad),
          '' if len(bad) <= worst else ' (the first %d)' % worst))
    byrel = {c.rel: c for c in cases}
    for r in bad[:worst]:
        c = byrel[r['file']]
        print('\n%s%s\n  %s\n  expect: %s\n  got:    %s' % (
            r['file'], ' (%s)' % c.url if c.url else '', c.description, c.expect, r['detail']))
        for fv in field_values(c.expect, outcomes[r['file']]):
            print('          ' + fv)


def cmd_run(a):
    if not os.path.isdir(a.data):
        print('skip: %s not found (shared data absent)' % a.data)
        return 0
    cases = load_cases(a.data, a.only)
    if not cases:
        sys.exit('conf.py: no test files under %s' % a.data)
    systems = [s for s in a.systems.split(',') if s]
    for s in systems:
        if s not in SYSTEMS:
            sys.exit('conf.py: unknown system %r (%s)' % (s, ', '.join(SYSTEMS)))
    if any(c.http for c in cases):
        ensure_server(a.data)
    if 'parallax' in systems:
        why = parallax_available(a.parallax, cases, a.data)
        if why:
            print('skip system parallax: %s' % why)
            systems.remove('parallax')
    if not systems:
        return 0
    os.makedirs(a.out, exist_ok=True)
    results, outcomes = {}, {}
    for s in systems:
        t0 = time.time()
        outcomes[s] = run_system(s, cases, a.data, a.parallax, a.jobs)
        rs = []
        for c in cases:
            status, detail, missing = evaluate(c.expect, outcomes[s][c.rel])
            rs.append({'file': c.rel, 'folder': c.folder, 'status': status,
                       'detail': detail, 'missing': missing, 'expect': c.expect})
        results[s] = rs
        with open(os.path.join(a.out, s + '.jsonl'), 'w', encoding='utf-8') as f:
            for r in rs:
                f.write(json.dumps(r, ensure_ascii=False) + '\n')
        print('%s: %d files in %.1f s' % (s, len(cases), time.time() - t0), file=sys.stderr)
    print('%d test files (%d read over HTTP from %s:%d); n/m = not modelled' % (
        len(cases), sum(c.http for c in cases), HOST, PORT))
    report(cases, systems, results)
    for s in systems:
        if s != 'feedparser':
            print_not_modelled(s, results[s])
    if 'parallax' in systems:
        extra = schema_extras(outcomes['parallax'])
        if extra:
            print('parallax printed keys that MODELLED does not list (add them there: '
                  'until then a file without them counts as not modelled): %s' % ' '.join(extra))
    if a.failures is not None:
        s = a.failures or systems[0]
        if s not in results:
            sys.exit('conf.py: --failures %s: that system did not run' % s)
        print_failures(s, cases, results[s], outcomes[s], a.worst)
    return 0


# ------------------------------------------------------------------ speed

def cmd_time(a):
    """feedparser.parse on every file's bytes in memory, best of R rounds."""
    import feedparser
    cases = load_cases(a.data)
    work = [(c.data, c.response_headers() or None) for c in cases]
    nbytes = sum(len(d) for d, _ in work)
    rounds, errors = [], 0
    with warnings.catch_warnings():
        warnings.simplefilter('ignore')
        for r in range(a.repeat):
            t0 = time.perf_counter()
            for data, headers in work:
                try:
                    feedparser.parse(data, response_headers=headers)
                except Exception:
                    if r == 0:
                        errors += 1
            rounds.append(time.perf_counter() - t0)
    rounds.sort()
    t = {'system': 'feedparser %s' % feedparser.__version__, 'files': len(work),
         'bytes': nbytes, 'errors': errors, 'repeat': len(rounds),
         'best_s': rounds[0], 'median_s': rounds[len(rounds) // 2]}
    with open(a.out, 'w', encoding='utf-8') as f:
        json.dump(t, f, indent=1)
    print('%s: %d files, %.2f MB, %d errors, best of %d: %.2f s' % (
        t['system'], t['files'], nbytes / 1e6, errors, len(rounds), rounds[0]))
    return 0


def cmd_speed(a):
    ts = []
    for p in a.timings:
        if os.path.exists(p):
            with open(p, encoding='utf-8') as f:
                ts.append(json.load(f))
    if not ts:
        print('speed: no timings')
        return 0
    base = next((t for t in ts if t['system'].startswith('feedparser')), None)
    rows = []
    for t in ts:
        mb = t['bytes'] / 1e6
        ratio = '%.1fx' % (base['best_s'] / t['best_s']) if base else '—'
        rows.append([t['system'], t['files'], '%.2f' % mb, t['repeat'],
                     '%.0f' % (t['files'] / t['best_s']), '%.2f' % (mb / t['best_s']),
                     '%.0f' % (t['files'] / t['median_s']), ratio, t.get('errors', 0)])
    print('parse speed: every file in memory, in-process, one core, best of R rounds '
          '(Header: lines passed as the HTTP headers)')
    print_table(['system', 'files', 'MB', 'R', 'files/s', 'MB/s', 'median files/s',
                 'vs feedparser', 'errors'], rows)
    print('goal (issue 7): parallax >= 20x feedparser')
    return 0


# ------------------------------------------------------------------ self-test

def selftest():
    checks = []

    def check(what, ok):
        checks.append(bool(ok))
        print('%s  %s' % ('ok  ' if ok else 'FAIL', what))

    def ev(expr, obj):
        return evaluate(expr, Outcome(env=load_result(obj)))[0]

    d = load({'title': 'T', 'id': 'I', 'summary': 'S', 'rights': 'R', 'subtitle': 'Sub',
              'published': 'P', 'published_parsed': [2004, 1, 2, 3, 4, 5, 4, 2, 0],
              'links': [{'rel': 'alternate', 'href': 'http://a/'},
                        {'rel': 'enclosure', 'href': 'http://e/x.mp3', 'type': 'audio/mpeg',
                         'length': '10'},
                        {'rel': 'license', 'href': 'http://l/'}],
              'tags': [{'term': 'cat', 'scheme': None, 'label': None}],
              'image': {'url': 'http://i/', 'description': 'D'}})
    check('item, attribute, .get, in', d['title'] == 'T' and d.title == 'T'
          and d.get('title') == 'T' and 'title' in d and d.get('nope', 7) == 7
          and 'nope' not in d and not hasattr(d, 'nope'))
    check('aliases: guid->id, description->summary, copyright->rights, tagline->subtitle',
          d.guid == 'I' and d.description == 'S' and d['copyright'] == 'R'
          and d.tagline == 'Sub' and 'guid' in d)
    check('description falls back to subtitle', load({'subtitle': 'X'}).description == 'X')
    check('url -> href, or the key itself', load({'href': 'h'}).url == 'h'
          and d.image.url == 'http://i/' and d.image['description'] == 'D')
    check('updated falls back to published, but `updated in d` does not',
          d.updated == 'P' and 'updated' not in d and d['updated_parsed'].tm_year == 2004)
    check('date and modified -> updated, without the fallback',
          'date' not in d and 'modified' not in d
          and load({'updated': 'U'}).date == 'U' and load({'updated': 'U'}).modified == 'U')
    check('issued -> published', d.issued == 'P' and d.issued_parsed[0] == 2004)
    check('*_parsed: struct_time equal to the tuple',
          d.published_parsed == (2004, 1, 2, 3, 4, 5, 4, 2, 0)
          and isinstance(d.published_parsed, time.struct_time))
    check('category = tags[0].term; absent with no tags, [] or [{}]',
          d.category == 'cat' and 'category' not in load({'tags': []})
          and 'category' not in load({'tags': [{}]}) and 'category' not in load({}))
    check('enclosures from links rel=enclosure, rel dropped',
          d.enclosures == [{'href': 'http://e/x.mp3', 'type': 'audio/mpeg', 'length': '10'}]
          and load({'links': []}).enclosures == [] and 'enclosures' not in load({}))
    check('license = the href of the link rel=license',
          d.license == 'http://l/' and 'license' not in load({'links': [{'rel': 'license'}]}))
    check('has_key and dict methods', d.has_key('guid') and not d.has_key('x')
          and callable(d.items) and 'title' in d.keys())

    # The same lookups against feedparser's own FeedParserDict.
    try:
        from feedparser.util import FeedParserDict
    except ImportError:
        FeedParserDict = None
    if FeedParserDict:
        def fpd(v):
            if isinstance(v, dict):
                return FeedParserDict({k: fpd(x) for k, x in v.items()})
            if isinstance(v, list):
                return [fpd(x) for x in v]
            return v
        samples = [{}, {'summary': 1}, {'subtitle': 2}, {'summary': 1, 'subtitle': 2},
                   {'published': 'p'}, {'updated': 'u', 'published': 'p'},
                   {'links': [{'rel': 'enclosure', 'href': 'h'}, {'rel': 'license'}]},
                   {'links': [{'rel': 'license', 'href': 'l'}]}, {'tags': [{'term': 't'}]},
                   {'tags': [{}]}, {'href': 'x'}, {'guid': 'g'}, {'description': 'd'},
                   {'rights': 'r', 'copyright': 'c'}, {'date': 'd'}]
        keys = sorted(set(KEYMAP) | set(DERIVED) | {'updated', 'updated_parsed', 'summary',
                                                     'subtitle', 'id', 'href', 'links', 'x'})
        same = True
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            for s in samples:
                ours, theirs = load(s), fpd(s)
                for k in keys:
                    if (k in ours) != (k in theirs) or ours.get(k) != theirs.get(k):
                        same = False
                        print('      differs: %r on %r: ours %r/%r, feedparser %r/%r' % (
                            k, s, k in ours, ours.get(k), k in theirs, theirs.get(k)))
        check('`in` and .get agree with FeedParserDict on %d dicts x %d keys'
              % (len(samples), len(keys)), same)

    ok = {'bozo': False, 'encoding': 'utf-8', 'version': 'rss20',
          'feed': {'title': 'T', 'links': []}, 'entries': [{'title': 'E'}]}
    check('pass', ev("not bozo and feed['title'] == 'T' and entries[0].title == 'E'", ok) == 'pass')
    check('fail on a modelled value', ev("feed['title'] == 'X'", ok) == 'fail')
    check('fail on a missing modelled field', ev("feed['subtitle'] == 'X'", ok) == 'fail'
          and ev("entries[0].get('link') == 'x'", ok) == 'fail')
    check('not modelled: a missing unmodelled field (item, attribute, .get, in)',
          ev("feed['itunes_new_feed_url'] == 'x'", ok) == 'nm'
          and ev("entries[0].sy_updateperiod['type'] == 'x'", ok) == 'nm'
          and ev("feed.get('media_community') == 'x'", ok) == 'nm'
          and ev("'slash_comments' in entries[0]", ok) == 'nm')
    check('not modelled: top-level names outside the schema (namespaces)',
          ev("namespaces.get('x-foo') == 'bar'", ok) == 'nm'
          and ev("not bozo and redirect_count", ok) == 'nm'
          and ev("'itunes' in namespaces", ok) == 'nm')
    check('a modelled miss beside an unmodelled one is a fail',
          ev("feed.get('subtitle') == 'x' or feed.get('sy_updateperiod') == 'x'", ok) == 'fail'
          and ev("feed.get('where') == 'x' or feed.get('subtitle') == 'x'", ok) == 'fail')
    check('short-circuit on a wrong modelled value is a fail',
          ev("bozo and feed['where'] == 'x'", ok) == 'fail')
    check('exception classes are not modelled',
          ev("bozo and isinstance(bozo_exception, feedparser.CharacterEncodingOverride)",
             dict(ok, bozo=True, bozo_exception='x')) == 'nm')
    check("globals and builtins are not missing fields; `not 'modified' in locals()`",
          ev("len(entries) == 1 and ord(entries[0].title) == 69 and "
             "datetime.timedelta(0, 1).seconds == 1", ok) == 'pass'
          and ev("not bozo and not 'modified' in locals()", ok) == 'pass')
    check('Expect: 1 passes on any parse and fails on a crash',
          ev('1', ok) == 'pass' and evaluate('1', Outcome(crash='exit 1'))[0] == 'fail')
    check('an IndexError is a fail', ev("entries[3].title == 'x'", ok) == 'fail')

    text = ('<?xml version="1.0" encoding="utf-16"?>\n<!--\nHeader: Content-type: text/xml; '
            'charset=utf-16\nDescription: d\nExpect:      not bozo and feed["title"] == "é"\n-->\n')
    c = Case('encoding/http_x.xml', codecs.BOM_UTF16_LE + text.encode('utf-16le'))
    check('UTF-16 comment: Description, Expect, Header; http path -> URL',
          c.description == 'd' and c.expect == 'not bozo and feed["title"] == "é"'
          and c.headers == [('Content-type', 'text/xml; charset=utf-16')]
          and c.url == 'http://127.0.0.1:8097/tests/encoding/http_x.xml'
          and c.response_headers() == {'content-type': 'text/xml; charset=utf-16'})
    c = Case('wellformed/rss/x.xml', b'<!--\nDescription: a\nExpect: 1\n-->\n<rss/>')
    check('plain file: no headers, read by path', c.url is None and c.expect == '1')
    check('folders', folder_of('wellformed/atom10/a.xml') == 'wellformed/atom10'
          and folder_of('illformed/chardet/b.xml') == 'illformed'
          and folder_of('json/example.json') == 'json'
          and row_key('wellformed/sanitize') > row_key('wellformed/xml')
          and row_key('illformed') > row_key('wellformed/sanitize'))

    try:
        import feedparser
    except ImportError:
        feedparser = None
    if feedparser:
        feed = b'''<?xml version="1.0"?><rss version="2.0"><channel><title>C</title>
            <description>D</description><item><title>I</title><guid>http://g/1</guid>
            <pubDate>Fri, 02 Jan 2004 03:04:05 GMT</pubDate><category>cat</category>
            <enclosure url="http://e/x.mp3" type="audio/mpeg" length="10"/>
            </item></channel></rss>'''
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            native = feedparser.parse(feed)
        mine = load_result(json.loads(feedparser_json(native)))
        exprs = ["not bozo and version == 'rss20' and channel.title == 'C'",
                 "feed.description == 'D' and feed.subtitle_detail['type'] == 'text/html'",
                 "items[0].guid == 'http://g/1' and entries[0].guidislink",
                 "entries[0].updated_parsed == (2004, 1, 2, 3, 4, 5, 4, 2, 0)",
                 "entries[0].category == 'cat'",
                 "entries[0].enclosures[0].url == 'http://e/x.mp3'",
                 "entries[0].enclosures[0]['length'] == '10'"]
        agree = all(evaluate(e, Outcome(env=native, native=True))[0] == 'pass' and
                    evaluate(e, Outcome(env=mine))[0] == 'pass' for e in exprs)
        check('feedparser -> JSON -> loader keeps what %d expressions read' % len(exprs), agree)

    print('%d passed, %d failed' % (sum(checks), len(checks) - sum(checks)))
    return 0 if all(checks) else 1


def main():
    if sys.argv[1:] == ['--selftest']:
        return selftest()
    ap = argparse.ArgumentParser(description='feedparser\'s test suite against Parallax '
                                 '(see the top of this file).')
    sub = ap.add_subparsers(dest='cmd', required=True)
    r = sub.add_parser('run', help='evaluate the expectations, print the tables')
    r.add_argument('--data', default=DATA)
    r.add_argument('--systems', default=','.join(SYSTEMS))
    r.add_argument('--parallax', default=os.path.join(ROOT, 'build', 'parallax'))
    r.add_argument('--out', default=os.path.join(ROOT, 'build', 'bench', 'feedconf', 'out'))
    r.add_argument('--jobs', type=int, default=os.cpu_count() or 1,
                   help='parallax processes at a time (the cores)')
    r.add_argument('--only', metavar='SUBSTRING', help='only files whose path has it')
    r.add_argument('--failures', nargs='?', const='', metavar='SYSTEM',
                   help="list SYSTEM's failing expectations (default: the first system)")
    r.add_argument('--worst', type=int, default=1000, help='list at most N failures')
    s = sub.add_parser('serve', help='the loopback HTTP server on %s:%d' % (HOST, PORT))
    s.add_argument('--data', default=DATA)
    t = sub.add_parser('time', help="feedparser's parse speed on the files in memory")
    t.add_argument('--data', default=DATA)
    t.add_argument('--repeat', type=int, default=3)
    t.add_argument('out', metavar='OUT.json')
    p = sub.add_parser('speed', help='the speed table from timing files')
    p.add_argument('timings', nargs='+', metavar='TIMING.json')
    a = ap.parse_args()
    if hasattr(a, 'data'):
        a.data = os.path.realpath(a.data)
    return {'run': cmd_run, 'serve': cmd_serve, 'time': cmd_time, 'speed': cmd_speed}[a.cmd](a)


if __name__ == '__main__':
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
