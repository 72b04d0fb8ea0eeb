#!/usr/bin/python3
"""bench/poll/poll.py — the live poller benchmark's helpers (run.sh drives
them): the URLs, a child measured, the Python peer poller, the table.

    poll.py urls --base URL --feeds F --entries E [--pages]
    poll.py measure --out RESULT.json --system NAME --round R
                    [--server-pid PID] [--stderr LOG] -- COMMAND...
    poll.py peer --base URL --feeds F --entries E --parallel N
                 --state STATE.json [--conditional]
    poll.py table RESULT.json...
    poll.py --selftest

The workload: F generated feeds on the fixture server
(tests/fixture_server.c), feed f being /feed/E.xml?first=f*E+1, so that
each lists E pages of its own and the F*E pages are all distinct
(/page/K.html, K from 1 to F*E).

measure runs COMMAND as a child and writes one JSON result: the wall time
(fork to reaping), the child's user and system CPU and peak RSS
(getrusage through wait4: the child alone, not its own children), the
fixture server's CPU over the same span (/proc/PID/stat), the exit status
and the last line of its standard output (the run's summary, for
Parallax), and for curl the status and size of every transfer
(`--write-out` lines "STATUS BYTES").

peer is the Python poller the benchmark sets beside Parallax: a
concurrent.futures thread pool of N workers with urllib (one connection a
request: urllib does not keep connections), Accept-Encoding: gzip as
Parallax sends it, every feed fetched and parsed with feedparser (in the
worker, under the GIL), and every entry's page fetched as soon as its feed
is parsed, on the same pool.  It extracts nothing and stores nothing: it
does less work than Parallax.  It saves each feed's validators in STATE;
with --conditional it fetches the feeds only, with If-None-Match and
If-Modified-Since from STATE (the second run: all 304).  Its summary line
is "F feeds (M not modified), P pages, B bytes decoded, X errors".

Standard library and feedparser only (/usr/bin/python3, Debian's
python3-feedparser).
"""
import argparse
import concurrent.futures
import gzip
import json
import os
import re
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
import warnings


def feed_urls(base, feeds, entries):
    """The F feed URLs of the workload."""
    return ['%s/feed/%d.xml?first=%d' % (base, entries, f * entries + 1) for f in range(feeds)]


def page_urls(base, feeds, entries):
    """The F*E page URLs the feeds list."""
    return ['%s/page/%d.html' % (base, k) for k in range(1, feeds * entries + 1)]


# ------------------------------------------------------------------ measure

def proc_cpu(pid):
    """User + system CPU seconds of process PID so far, or None."""
    try:
        with open('/proc/%d/stat' % pid) as f:
            fields = f.read().rsplit(')', 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')
    except (OSError, IndexError, ValueError):
        return None


def cmd_measure(a):
    server0 = proc_cpu(a.server_pid) if a.server_pid else None
    t0 = time.perf_counter()
    err = open(a.stderr, 'ab') if a.stderr else None
    if err:
        err.write(('== %s round %s\n' % (a.system, a.round)).encode())
        err.flush()
    child = subprocess.Popen(a.command, stdout=subprocess.PIPE, stderr=err)
    out = child.stdout.read()
    _, status, ru = os.wait4(child.pid, 0)
    wall = time.perf_counter() - t0
    child.returncode = os.waitstatus_to_exitcode(status)
    server1 = proc_cpu(a.server_pid) if a.server_pid else None
    if err:
        err.close()
    lines = out.decode('utf-8', 'replace').splitlines()
    r = {'system': a.system, 'round': a.round, 'command': a.command, 'exit': child.returncode,
         'wall_s': wall, 'user_s': ru.ru_utime, 'sys_s': ru.ru_stime,
         'max_rss_kb': ru.ru_maxrss,
         'server_cpu_s': (server1 - server0) if server0 is not None and server1 is not None
         else None,
         'summary': lines[-1] if lines else ''}
    transfers = [l.split() for l in lines if re.fullmatch(r'\d{3} \d+', l)]
    if transfers:
        r['transfers'] = len(transfers)
        r['statuses'] = {}
        for code, _ in transfers:
            r['statuses'][code] = r['statuses'].get(code, 0) + 1
        r['bytes'] = sum(int(n) for _, n in transfers)
        r['summary'] = '%d transfers %s, %d bytes' % (
            len(transfers), json.dumps(r['statuses'], sort_keys=True), r['bytes'])
    with open(a.out, 'w', encoding='utf-8') as f:
        json.dump(r, f, indent=1)
    print('%-10s round %s: %6.2f s wall, %5.2f s CPU, server %s s CPU, peak RSS %5.1f MiB, '
          'exit %d: %s' % (a.system, a.round, wall, ru.ru_utime + ru.ru_stime,
                            '%.2f' % r['server_cpu_s'] if r['server_cpu_s'] is not None else '?',
                            ru.ru_maxrss / 1024, child.returncode, r['summary']))
    return 0 if child.returncode == 0 else 1


# ------------------------------------------------------------------ the peer

def fetch(url, headers):
    """GET URL: (status, body bytes decoded from gzip, response headers)."""
    req = urllib.request.Request(url, headers=dict(headers, **{
        'User-Agent': 'parallax-bench-peer/1', 'Accept-Encoding': 'gzip'}))
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            body, status, h = resp.read(), resp.status, resp.headers
    except urllib.error.HTTPError as e:
        body, status, h = e.read(), e.code, e.headers
    if h.get('Content-Encoding', '').lower() == 'gzip':
        body = gzip.decompress(body)
    return status, body, {k.lower(): v for k, v in h.items()}


def peer_feed(url, validators):
    """Fetches and parses the feed URL: (status, entry links, validators,
    bytes)."""
    headers = {}
    if validators.get('etag'):
        headers['If-None-Match'] = validators['etag']
    if validators.get('last_modified'):
        headers['If-Modified-Since'] = validators['last_modified']
    status, body, h = fetch(url, headers)
    links = []
    if status == 200:
        with warnings.catch_warnings():
            warnings.simplefilter('ignore')
            d = feedparser.parse(body, response_headers=h)
        links = [e.link for e in d.entries if e.get('link')]
    return status, links, {'etag': h.get('etag'), 'last_modified': h.get('last-modified')}, \
        len(body)


def peer_page(url):
    status, body, _ = fetch(url, {})
    return status, len(body)


def cmd_peer(a):
    global feedparser
    import feedparser
    urls = feed_urls(a.base, a.feeds, a.entries)
    state = {}
    if a.conditional:
        with open(a.state, encoding='utf-8') as f:
            state = json.load(f)
    feeds = not_modified = pages = nbytes = errors = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=a.parallel) as pool:
        feed_jobs = {pool.submit(peer_feed, u, state.get(u, {})): u for u in urls}
        page_jobs = []
        for job in concurrent.futures.as_completed(feed_jobs):
            url = feed_jobs[job]
            try:
                status, links, validators, n = job.result()
            except Exception as e:
                errors += 1
                print('feed %s: %s' % (url, e), file=sys.stderr)
                continue
            feeds += 1
            nbytes += n
            if status == 304:
                not_modified += 1
                continue
            if status != 200:
                errors += 1
                continue
            state[url] = validators
            page_jobs += [pool.submit(peer_page, link) for link in links]
        for job in concurrent.futures.as_completed(page_jobs):
            try:
                status, n = job.result()
            except Exception as e:
                errors += 1
                print('page: %s' % e, file=sys.stderr)
                continue
            nbytes += n
            if status == 200:
                pages += 1
            else:
                errors += 1
    if not a.conditional:
        with open(a.state, 'w', encoding='utf-8') as f:
            json.dump(state, f)
    print('%d feeds (%d not modified), %d pages, %d bytes decoded, %d errors' % (
        feeds, not_modified, pages, nbytes, errors))
    return 0 if errors == 0 else 1


# ------------------------------------------------------------------ the table

def summary_counts(r):
    """(feeds fetched, pages stored or fetched, articles stored) from a
    result's summary line."""
    s = r['summary']
    m = re.match(r'(\d+) feeds fetched \((\d+) not modified.*?(\d+) pages extracted.*?'
                 r'(\d+) new articles, (\d+) wire copies, (\d+) duplicates', s)
    if m:
        feeds, _, pages, new, copies, dups = map(int, m.groups())
        return feeds, pages, new + copies + dups
    m = re.match(r'(\d+) feeds \((\d+) not modified\), (\d+) pages', s)
    if m:
        return int(m.group(1)), int(m.group(3)), None
    return None, None, None


def fmt(x, spec='%.0f'):
    return '—' if x is None else (spec % x)


def print_table(head, rows):
    w = [max(len(str(x)) for x in col) for col in zip(head, *rows)]
    line = lambda r: '| ' + ' | '.join(str(x).ljust(n) for x, n in zip(r, w)) + ' |'
    print(line(head))
    print('|' + '|'.join('-' * (n + 2) for n in w) + '|')
    for r in rows:
        print(line(r))


def cmd_table(a):
    results = []
    for p in a.results:
        if os.path.exists(p):
            with open(p, encoding='utf-8') as f:
                results.append(json.load(f))
    groups = {}
    for r in results:
        groups.setdefault(r['system'], []).append(r)
    rows = []
    for system, rs in groups.items():
        rs.sort(key=lambda r: r['wall_s'])
        med = rs[len(rs) // 2]
        walls = [r['wall_s'] for r in rs]
        if 'transfers' in med:       # curl: feeds and pages in one batch
            feeds, pages, stored = None, med['transfers'] - a.feeds, None
            requests = med['transfers']
        else:
            feeds, pages, stored = summary_counts(med)
            requests = (feeds or 0) + (pages or 0)
        bad = [r for r in rs if r['exit'] != 0]
        rows.append([system + (' (%d failed)' % len(bad) if bad else ''), len(rs),
                     '%.2f' % med['wall_s'],
                     '%.2f–%.2f' % (walls[0], walls[-1]),
                     fmt(feeds / med['wall_s'] if feeds else None),
                     fmt(pages / med['wall_s'] if pages else None),
                     fmt(requests / med['wall_s'] if requests else None),
                     fmt(stored), '%.2f' % (med['user_s'] + med['sys_s']),
                     fmt(med['server_cpu_s'], '%.2f'), '%.1f' % (med['max_rss_kb'] / 1024)])
    print_table(['system', 'R', 'wall s (median)', 'wall s (range)', 'feeds/s', 'pages/s',
                 'requests/s',
                 'articles stored', 'CPU s', 'server CPU s', 'peak RSS MiB'], rows)
    for system, rs in groups.items():
        print('  %s: %s' % (system, rs[len(rs) // 2]['summary']))
    return 0


# ------------------------------------------------------------------ self-test

def selftest():
    ok = True

    def check(what, cond):
        nonlocal ok
        ok = ok and bool(cond)
        print('%s  %s' % ('ok  ' if cond else 'FAIL', what))

    f = feed_urls('http://h', 3, 10)
    check('feed URLs: each its own first page',
          f == ['http://h/feed/10.xml?first=1', 'http://h/feed/10.xml?first=11',
                'http://h/feed/10.xml?first=21'])
    p = page_urls('http://h', 3, 10)
    check('page URLs: 1 to F*E', len(p) == 30 and p[0].endswith('/page/1.html')
          and p[-1].endswith('/page/30.html'))
    check('Parallax summary read',
          summary_counts({'summary': '200 feeds fetched (0 not modified, 0 failed), 2000 new '
                          'entries; 2000 pages extracted (0 failed, 0 disallowed by robots.txt); '
                          '1971 new articles, 29 wire copies, 0 duplicates, 0 rejected'})
          == (200, 2000, 2000))
    check('peer summary read',
          summary_counts({'summary': '200 feeds (200 not modified), 0 pages, 0 bytes decoded, '
                          '0 errors'})
          == (200, 0, None))
    check('this machine reports CPU through /proc', proc_cpu(os.getpid()) is not None)
    return 0 if ok else 1


def main():
    if sys.argv[1:] == ['--selftest']:
        return selftest()
    ap = argparse.ArgumentParser(description='the live poller benchmark (see the top of '
                                 'this file)')
    sub = ap.add_subparsers(dest='cmd', required=True)
    u = sub.add_parser('urls', help='the feed (and page) URLs, one a line')
    m = sub.add_parser('measure', help='run a command, write its figures as JSON')
    m.add_argument('--out', required=True)
    m.add_argument('--system', required=True)
    m.add_argument('--round', default='1')
    m.add_argument('--server-pid', type=int)
    m.add_argument('--stderr', help="append the command's standard error here")
    m.add_argument('command', nargs='+')
    pe = sub.add_parser('peer', help='the Python poller (feedparser + urllib)')
    for p in (u, pe):
        p.add_argument('--base', required=True)
        p.add_argument('--feeds', type=int, default=200)
        p.add_argument('--entries', type=int, default=10)
    u.add_argument('--pages', action='store_true', help='the page URLs too')
    pe.add_argument('--parallel', type=int, default=8)
    pe.add_argument('--state', required=True)
    pe.add_argument('--conditional', action='store_true')
    t = sub.add_parser('table', help='the table from result files')
    t.add_argument('--feeds', type=int, default=200)
    t.add_argument('results', nargs='+')
    a = ap.parse_args()
    if a.cmd == 'urls':
        for url in feed_urls(a.base, a.feeds, a.entries):
            print(url)
        if a.pages:
            for url in page_urls(a.base, a.feeds, a.entries):
                print(url)
        return 0
    return {'measure': cmd_measure, 'peer': cmd_peer, 'table': cmd_table}[a.cmd](a)


if __name__ == '__main__':
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
