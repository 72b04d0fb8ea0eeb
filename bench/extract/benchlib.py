"""bench/extract/benchlib.py — what the Python side of the extraction bench
shares: reading a page folder the way build/bench/extract/extract does,
the JSON Lines and timing files every system writes, and HTML → paragraphs
(for readability-lxml's output and for Readability's expected.html).

Standard library only, except paragraphs(), which takes an lxml element.
"""
import gzip
import json
import os

# Elements that end a paragraph, and subtrees that are never text.  The same
# lists serve readability-lxml's output and expected.html, and readability_js.js
# keeps its own copy in step.
BLOCK = frozenset("""
    address article aside blockquote body br dd details dialog div dl dt
    fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main
    nav ol p pre section summary table tbody td tfoot th thead tr ul
""".split())
SKIP = frozenset("script style noscript template head title".split())


def load_pages(folder):
    """[(key, bytes)] in key order: KEY.html / KEY.html.gz files and
    KEY/source.html folders, as extract.c reads them."""
    pages = []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name.startswith('.'):
            continue
        if os.path.isdir(path):
            src = os.path.join(path, 'source.html')
            if os.path.isfile(src):
                with open(src, 'rb') as f:
                    pages.append((name, f.read()))
        elif name.endswith('.html.gz'):
            with gzip.open(path, 'rb') as f:
                pages.append((name[:-len('.html.gz')], f.read()))
        elif name.endswith('.html'):
            with open(path, 'rb') as f:
                pages.append((name[:-len('.html')], f.read()))
    pages.sort(key=lambda p: p[0])
    return pages


def load_urls(path, base_url=None):
    """{key: url} from {key: "url"} or {key: {"url": ...}}; a function giving
    BASE_URL for keys it does not have."""
    table = {}
    if path:
        with open(path, encoding='utf-8') as f:
            for k, v in json.load(f).items():
                table[k] = v.get('url') if isinstance(v, dict) else v
    return lambda key: table.get(key) or base_url


def timing_path(jsonl):
    """OUT.jsonl -> OUT.timing.json"""
    assert jsonl.endswith('.jsonl'), jsonl
    return jsonl[:-len('.jsonl')] + '.timing.json'


def write_results(jsonl, rows, timing):
    """Writes the rows (dicts with at least key and text) and the timing."""
    with open(jsonl, 'w', encoding='utf-8') as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + '\n')
    with open(timing_path(jsonl), 'w', encoding='utf-8') as f:
        json.dump(timing, f, indent=1)


def round_stats(system, pages, rounds, **extra):
    """The timing record of R rounds over PAGES (seconds per round)."""
    nbytes = sum(len(b) for _, b in pages)
    rounds = sorted(rounds)
    t = {'system': system, 'pages': len(pages), 'bytes': nbytes,
         'repeat': len(rounds), 'best_s': rounds[0],
         'median_s': rounds[len(rounds) // 2]}
    t.update(extra)
    return t


def print_speed(t):
    n, mb = t['pages'], t['bytes'] / 1e6
    print('%s: %d pages, %.1f MB of HTML, %d errors, %d rounds' %
          (t['system'], n, mb, t.get('errors', 0), t['repeat']))
    print('  extract  best %.1f pages/s %.2f MB/s   median %.1f pages/s %.2f MB/s' %
          (n / t['best_s'], mb / t['best_s'], n / t['median_s'], mb / t['median_s']))


def normalise_space(s):
    return ' '.join(s.split())


def paragraphs(root):
    """The text of an lxml element as paragraphs separated by blank lines:
    block elements end a paragraph, whitespace runs become one space,
    scripts, styles and comments are dropped.  Iterative, so deep trees are
    fine."""
    from lxml import etree
    paras, cur = [], []

    def flush():
        s = normalise_space(''.join(cur))
        if s:
            paras.append(s)
        cur.clear()

    skipping = 0  # depth inside a skipped subtree
    for event, el in etree.iterwalk(root, events=('start', 'end')):
        tag = el.tag.lower() if isinstance(el.tag, str) else None
        if '}' in (tag or ''):
            tag = tag.split('}', 1)[1]
        if event == 'start':
            if skipping or tag is None or tag in SKIP:
                skipping += 1
                continue
            if tag in BLOCK:
                flush()
            if el.text:
                cur.append(el.text)
        else:
            if skipping:
                skipping -= 1
                if skipping:
                    continue
            elif tag in BLOCK:
                flush()
            if el.tail and el is not root:
                cur.append(el.tail)
    flush()
    return '\n\n'.join(paras)
