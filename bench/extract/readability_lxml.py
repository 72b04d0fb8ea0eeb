#!/usr/bin/python3
"""bench/extract/readability_lxml.py — the readability-lxml peer (Debian's
python3-readability), timed in-process on pages already in memory.

    readability_lxml.py [--repeat R] [--urls FILE.json] [--base-url URL] DIR OUT.jsonl

Per page, inside the clock: Document(html, url=...).summary(html_partial=True)
and the summary's text as paragraphs (lxml, whitespace normalised:
benchlib.paragraphs).  The title, short_title(), is taken outside the clock:
each readability-lxml call parses the page again, and the peer is timed
generously, on the text alone.  The page is handed over as text decoded
as UTF-8, as a server's "charset=utf-8" header would say (every page in both
data sets is valid UTF-8, and some have no <meta charset>); decoding is
inside the clock.  R rounds over the whole set; the best and the median are
reported, and the first round's output is written as OUT.jsonl
{key, text, title[, error]}, with the timing in OUT.timing.json.
readability-lxml gives no byline, date, language or site name.
"""
import argparse
import logging
import resource
import sys
import time

import lxml.html
from readability import Document

import benchlib


def extract(html, url):
    """The timed part: the article's text, and the Document for the title."""
    doc = Document(html.decode('utf-8', 'replace'), url=url)
    summary = doc.summary(html_partial=True)
    text = benchlib.paragraphs(lxml.html.fromstring(summary)) if summary.strip() else ''
    return {'text': text}, doc


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--repeat', type=int, default=3)
    ap.add_argument('--urls')
    ap.add_argument('--base-url')
    ap.add_argument('dir')
    ap.add_argument('out')
    a = ap.parse_args()
    logging.getLogger('readability').setLevel(logging.CRITICAL)
    pages = benchlib.load_pages(a.dir)
    url_of = benchlib.load_urls(a.urls, a.base_url)
    urls = [url_of(k) for k, _ in pages]
    rows, rounds, errors = None, [], 0
    for r in range(a.repeat):
        out = []
        t0 = time.monotonic()
        for (key, html), url in zip(pages, urls):
            try:
                out.append(extract(html, url))
            except Exception as e:  # readability raises on pages it cannot read
                out.append(({'text': '', 'error': '%s: %s' % (type(e).__name__, e)}, None))
        rounds.append(time.monotonic() - t0)
        if rows is None:
            rows = []
            for (key, _), (row, doc) in zip(pages, out):
                if doc is not None:
                    row['title'] = doc.short_title()
                rows.append(dict(key=key, **row))
            errors = sum('error' in row for row in rows)
    t = benchlib.round_stats(
        'readability-lxml', pages, rounds, errors=errors,
        max_rss_bytes=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024)
    benchlib.write_results(a.out, rows, t)
    benchlib.print_speed(t)
    return 0


if __name__ == '__main__':
    sys.exit(main())
