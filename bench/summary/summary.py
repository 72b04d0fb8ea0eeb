#!/usr/bin/python3
"""summary.py — ROUGE of story summaries: `parallax summarize` and the
baselines, on the same clusters in the same run.

    summary.py [--data DIR] [--only-track neus|multinews] [--systems a,b]
               [--limit N] [--dump DIR] [--parallax PATH] [--score PATH]
               [--ingest DIR] [--speed PATH]

Data: DIR/neus-val.jsonl.gz and DIR/multinews-val.jsonl.gz (default
../shared/data/summaries; its README.md defines the tracks and the anchors).
Scoring: the C scorer (bench/summary/score, rouge.c) gets one line
"REFERENCE<TAB>CANDIDATE" per pair; this script only builds candidates and
averages the per-cluster P, R and F1 it returns (plain means, x100).

Tracks:
  neus       reference = headline + " " + summary; candidate = the system's
             headline + " " + its summary text; unstemmed ROUGE.
  headline   (part of neus) reference headline vs the candidate headline.
  multinews  reference = summary; candidate = summary text, no headline;
             unstemmed, and stemmed "Porter only" (ROUGE-1.5.5 also uses the
             WordNet 2.0 exception lists, not available offline).

Systems:
  first-article   NeuS: title + ". " + text of articles[0] (README anchor)
  all-articles    NeuS: every article so, joined with spaces (anchor)
  oracle-single   NeuS: the one article (title + ". " + text) of best R1 F1
  first-title     headline: articles[0].title (anchor)
  oracle-title    headline: the title of best R1 F1 (anchor)
  first-1/2/3     Multi-News: the first k sentences of each article, in file
                  order, joined with spaces (README anchors)
  lead            the first sentences of the first article, whole sentences
                  while the candidate stays within the budget (NeuS: the
                  title of articles[0] as headline, counted in the budget)
  lexrank         LexRank (Erkan & Radev 2004): TF-IDF cosine between the
                  cluster's sentences, an edge where it exceeds 0.1, PageRank
                  by power iteration (jump probability 0.15)
  textrank        TextRank (Mihalcea & Tarau 2004), sentence extraction:
                  an undirected graph of the cluster's sentences, edge weight
                  = the paper's similarity |{w: w in Si and w in Sj}| /
                  (log|Si| + log|Sj|) (distinct shared tokens over the log
                  token counts; no edge where it is 0 or undefined, i.e.
                  both sentences one token long), scores by the paper's
                  weighted PageRank WS(Vi) = (1 - d) + d * sum over j of
                  w_ji / (sum over k of w_jk) * WS(Vj), d = 0.85, from 1
                  everywhere until no score moves by more than 1e-10
  centroid        centroid (Radev et al. 2004): sentence score = cosine with
                  the cluster's TF-IDF centroid (mean of its articles' vectors)
  parallax        `parallax summarize FILE.jsonl --json`, one call a cluster

Extractive selection (lead, lexrank, textrank, centroid): sentences in
score order; one is taken when the candidate stays within the budget with
it, skipped (and the next tried) when it would not fit or when its TF-IDF
cosine with a sentence already taken is 0.5 or more; the first one is
always taken.  The chosen sentences are printed in document order.
Budgets are whitespace words: NeuS 70 for the whole candidate, headline
included (the reference averages 74 with its headline; LexRank's published
outputs 69.5), Multi-News 300 (what the extractive systems of Fabbri et al.
2019 output).  NeuS
headline for lexrank/textrank/centroid: the title of the article their
top-ranked sentence came from.
Sentences: a boundary is whitespace after ".", "!" or "?", or after one of
those followed by a closing quote (the README's Multi-News rule; used on
NeuS too).  TF-IDF: ROUGE's tokens (no stemming, no stopword list), raw
term counts, idf = ln(N / df) with the articles of the track's file as the
documents (N = 921 NeuS, 690 Multi-News; with --limit, of the clusters
read).  TextRank's words are the same tokens (no stemming, no stopword
list), as the paper's sentence task counts shared tokens.

Parallax: each cluster is written as Parallax's ingest JSONL in a temporary
directory (NeuS: url null -> https://neus.invalid/ID/I, outlet = source or
"outlet I", lean = side when known, published = date as RFC 3339;
Multi-News: no title, url https://multinews.invalid/ID/I, outlet
"outlet I").  clusters/s = clusters / wall time of the summarize calls;
the process start-up (the median of 10 calls on a one-article file before
the first track and 10 more after each) is
measured apart so the figure can be corrected.  A missing subcommand or a
failing call makes Parallax "unavailable"; the baselines still print.
The cluster files go to --ingest DIR/TRACK/ID.jsonl (default: a temporary
directory).  With --speed PATH (build/bench/summary/speed), after each
track's process-per-cluster line, that program times px_summarize
in-process on the same files and its line is printed beneath.
"""
import argparse
import csv
import gzip
import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from collections import Counter

# README anchors: NeuS R1/R2/RL F1 (ALL-ARTICLES also R1 P and R);
# Multi-News R1/R2/SU4 F1, unstemmed and stemmed by ROUGE-1.5.5 itself.
ANCHORS = {
    ('neus', 'first-article'): {'r1f': 38.11, 'r2f': 15.58, 'rlf': 25.91},
    ('neus', 'all-articles'): {'r1f': 33.05, 'r2f': 16.47, 'rlf': 21.70,
                               'r1p': 23.00, 'r1r': 68.25},
    ('neus', 'oracle-single'): {'r1f': 46.88, 'r2f': 24.10, 'rlf': 33.93},
    ('headline', 'first-title'): {'r1f': 37.53, 'r2f': 17.21, 'rlf': 34.09},
    ('headline', 'oracle-title'): {'r1f': 52.14, 'r2f': 29.63, 'rlf': 47.91},
    ('multinews', 'first-1'): {'r1f': 22.93, 'r2f': 6.45, 'su4f': 8.22},
    ('multinews', 'first-2'): {'r1f': 33.04, 'r2f': 9.61, 'su4f': 12.26},
    ('multinews', 'first-3'): {'r1f': 37.54, 'r2f': 11.34, 'su4f': 14.42},
}
STEMMED_ANCHORS = {  # ROUGE-1.5.5 -m (WordNet exceptions + Porter)
    'first-1': (24.20, 6.77, 8.81),
    'first-2': (34.82, 9.99, 13.07),
    'first-3': (39.57, 11.81, 15.36),
}
PUBLISHED = {  # shown under the tables; the README has the full ones
    'neus': 'published on NeuS test (README): LexRank 40.34 / 17.38 / 25.64 (69.5 words); '
            'Llama-2 + event graph 43.20 / 21.44 / 32.93',
    'multinews': 'published on Multi-News test (Fabbri et al. 2019, stemmed, R-1/R-2/R-SU): '
                 'First-3 39.41 / 11.77 / 14.51; LexRank 38.27 / 12.70 / 13.20; '
                 'TextRank 38.44 / 13.10 / 13.50; Hi-MAP 43.47 / 14.89 / 17.41',
}
SYSTEMS = {
    'neus': ['first-article', 'all-articles', 'oracle-single', 'lead', 'lexrank',
             'textrank', 'centroid', 'parallax'],
    'headline': ['first-title', 'oracle-title', 'lexrank', 'textrank', 'centroid', 'parallax'],
    'multinews': ['first-1', 'first-2', 'first-3', 'lead', 'lexrank', 'textrank', 'centroid',
                  'parallax'],
}
BUDGET = {'neus': 70, 'multinews': 300}
# What each track is scored as: the demo corpus's stories as NeuS clusters
# (headline + summary + key points against data/demo/references.jsonl),
# with no anchors to check.
KIND = {'neus': 'neus', 'headline': 'headline', 'multinews': 'multinews',
        'demo': 'neus', 'demo-headline': 'headline'}
SIDE_OF_LEAN = {'far-left': 'left', 'left': 'left', 'lean-left': 'left', 'center': 'center',
                'lean-right': 'right', 'right': 'right', 'far-right': 'right'}
LEXRANK_THRESHOLD = 0.1
LEXRANK_JUMP = 0.15
TEXTRANK_D = 0.85
TEXTRANK_EPSILON = 1e-10
REDUNDANT = 0.5

ASCII_LOWER = str.maketrans('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')
TOKEN = re.compile(r'[a-z0-9]+')
SENTENCE_END = re.compile(r'(?:(?<=[.!?])|(?<=[.!?]["\'\u201d\u2019]))\s+')
SCORE_FIELDS = ('r1p', 'r1r', 'r1f', 'r2p', 'r2r', 'r2f',
                'rlp', 'rlr', 'rlf', 'su4p', 'su4r', 'su4f')


def tokens(text):
    """ROUGE's tokens (README step 1): ASCII lowered, runs of [a-z0-9]."""
    return TOKEN.findall(text.translate(ASCII_LOWER))


def words(text):
    return len(text.split())


def sentences(text):
    return [s for s in SENTENCE_END.split((text or '').strip()) if s.strip()]


def flat(text):
    """TEXT on one line without tabs: those carry no meaning to ROUGE."""
    return re.sub(r'[\t\r\n]', ' ', text or '')


def load(path, limit):
    clusters = []
    with gzip.open(path, 'rt', encoding='utf-8') as f:
        for line in f:
            clusters.append(json.loads(line))
            if limit and len(clusters) == limit:
                break
    return clusters


def load_demo(root, limit):
    """The demo corpus's gold stories as NeuS-shaped clusters: articles in
    file order with their outlet's side (data/demo/outlets.csv), reference
    headline and summary from data/demo/references.jsonl; None when absent."""
    refs_path = os.path.join(root, 'data', 'demo', 'references.jsonl')
    if not os.path.exists(refs_path):
        return None
    side = {}
    with open(os.path.join(root, 'data', 'demo', 'outlets.csv'), encoding='utf-8') as f:
        for row in csv.DictReader(f):
            side[row['name']] = SIDE_OF_LEAN.get(row['lean'])
    stories = {}
    corpus = os.path.join(root, 'data', 'demo', 'corpus')
    for name in sorted(os.listdir(corpus)):
        with open(os.path.join(corpus, name), encoding='utf-8') as f:
            for line in f:
                a = json.loads(line)
                stories.setdefault(a['gold_story'], []).append(
                    {'title': a.get('title'), 'text': a.get('text'), 'url': a.get('url'),
                     'source': a.get('outlet'), 'side': side.get(a.get('outlet')),
                     'date': a.get('published')})
    clusters = []
    with open(refs_path, encoding='utf-8') as f:
        for line in f:
            r = json.loads(line)
            clusters.append({'id': r['story'], 'headline': r['headline'], 'summary': r['summary'],
                             'articles': stories[r['story']]})
            if limit and len(clusters) == limit:
                break
    return clusters


# ---- TF-IDF, LexRank, centroid ----

class Tfidf:
    """idf = ln(N / df) over the articles of the clusters given."""

    def __init__(self, clusters):
        df = Counter()
        n = 0
        for c in clusters:
            for a in c['articles']:
                df.update(set(tokens(a['text'] or '')))
                n += 1
        self.idf = {w: math.log(n / d) for w, d in df.items()}

    def vector(self, text):
        tf = Counter(tokens(text))
        v = {w: k * self.idf.get(w, 0.0) for w, k in tf.items()}
        return {w: x for w, x in v.items() if x > 0}


def unit(v):
    """V scaled to length 1, so that a cosine is a dot product."""
    norm = math.sqrt(sum(x * x for x in v.values()))
    return {w: x / norm for w, x in v.items()} if norm else {}


def cosine(u, v):
    """The cosine of two unit vectors."""
    if len(u) > len(v):
        u, v = v, u
    return sum(x * v.get(w, 0.0) for w, x in u.items())


def lexrank_scores(vectors):
    """Stationary distribution of the thresholded, degree-normalised cosine
    graph (self-loops included, so no row is empty), with uniform jumps."""
    n = len(vectors)
    adj = [[i] for i in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            if cosine(vectors[i], vectors[j]) > LEXRANK_THRESHOLD:
                adj[i].append(j)
                adj[j].append(i)
    p = [1.0 / n] * n
    for _ in range(200):
        nxt = [LEXRANK_JUMP / n] * n
        for i in range(n):
            share = (1 - LEXRANK_JUMP) * p[i] / len(adj[i])
            for j in adj[i]:
                nxt[j] += share
        delta = sum(abs(a - b) for a, b in zip(nxt, p))
        p = nxt
        if delta < 1e-10:
            break
    return p


def textrank_scores(token_lists):
    """TextRank's weighted PageRank over the sentence graph (Mihalcea &
    Tarau 2004, sections 2.2 and 4.1): similarity = distinct shared tokens /
    (log|Si| + log|Sj|); WS(Vi) = (1 - d) + d * sum_j w_ji / out(Vj) * WS(Vj),
    iterated from 1 everywhere until no score moves by TEXTRANK_EPSILON."""
    n = len(token_lists)
    sets = [set(t) for t in token_lists]
    logs = [math.log(len(t)) if t else 0.0 for t in token_lists]
    edges = [[] for _ in range(n)]  # (j, w_ij); the graph is undirected
    for i in range(n):
        for j in range(i + 1, n):
            shared = len(sets[i] & sets[j])
            norm = logs[i] + logs[j]
            if shared and norm > 0:
                w = shared / norm
                edges[i].append((j, w))
                edges[j].append((i, w))
    out = [sum(w for _, w in e) for e in edges]
    ws = [1.0] * n
    for _ in range(10000):
        nxt = [1 - TEXTRANK_D] * n
        for j in range(n):
            if out[j]:
                share = TEXTRANK_D * ws[j] / out[j]
                for i, w in edges[j]:
                    nxt[i] += w * share
        delta = max(abs(a - b) for a, b in zip(nxt, ws))
        ws = nxt
        if delta < TEXTRANK_EPSILON:
            break
    return ws


def cluster_sentences(cluster):
    """[(article index, sentence index, text)] of every article's text."""
    return [(i, k, s) for i, a in enumerate(cluster['articles'])
            for k, s in enumerate(sentences(a['text']))]


def select(sents, scores, vectors, budget):
    """Sentences in score order within BUDGET words, near-duplicates
    skipped; returned in document order with the top-ranked one's article."""
    order = sorted(range(len(sents)), key=lambda i: (-scores[i], i))
    taken, used = [], 0
    for i in order:
        w = words(sents[i][2])
        if taken and used + w > budget:
            continue
        if any(cosine(vectors[i], vectors[j]) >= REDUNDANT for j in taken):
            continue
        taken.append(i)
        used += w
    top = sents[order[0]][0] if order else 0
    return [sents[i][2] for i in sorted(taken)], top


def extractive(cluster, track, tfidf, method):
    sents = cluster_sentences(cluster)
    if not sents:
        return {'cand': '', 'headline': ''}
    vectors = [unit(tfidf.vector(s[2])) for s in sents]
    if method == 'lexrank':
        scores = lexrank_scores(vectors)
    elif method == 'textrank':
        scores = textrank_scores([tokens(s[2]) for s in sents])
    else:
        centroid = Counter()
        for a in cluster['articles']:
            centroid.update(tfidf.vector(a['text'] or ''))
        centroid = unit(centroid)  # the mean's direction: its length drops out
        scores = [cosine(v, centroid) for v in vectors]
    if KIND[track] == 'neus':
        # the headline is the top sentence's article title; it counts in the budget
        top = sents[max(range(len(sents)), key=lambda i: (scores[i], -i))][0]
        headline = cluster['articles'][top]['title'] or ''
        body, _ = select(sents, scores, vectors, BUDGET['neus'] - words(headline))
        return {'cand': ' '.join([headline] + body), 'headline': headline}
    body, _ = select(sents, scores, vectors, BUDGET['multinews'])
    return {'cand': ' '.join(body)}


def lead(cluster, track):
    first = cluster['articles'][0]
    headline = (first['title'] or '') if KIND[track] == 'neus' else ''
    budget = BUDGET[KIND[track]] - words(headline)
    body, used = [], 0
    for s in sentences(first['text']):
        if body and used + words(s) > budget:
            break
        body.append(s)
        used += words(s)
    out = {'cand': ' '.join(([headline] if headline else []) + body)}
    if KIND[track] == 'neus':
        out['headline'] = headline
    return out


def article_text(a):
    return (a['title'] or '') + '. ' + (a['text'] or '')


# ---- Parallax ----

def rfc3339(date):
    if not date:
        return None
    return date + 'T00:00:00Z' if len(date) == 10 else date


def write_ingest(cluster, track, path):
    """CLUSTER as Parallax's ingest JSONL, one article a line."""
    host = 'neus.invalid' if KIND[track] == 'neus' else 'multinews.invalid'
    with open(path, 'w', encoding='utf-8') as f:
        for i, a in enumerate(cluster['articles'], 1):
            o = {'url': a.get('url') or 'https://%s/%s/%d' % (host, cluster['id'], i),
                 'outlet': a.get('source') or 'outlet %d' % i}
            if a.get('title'):
                o['title'] = a['title']
            o['text'] = a['text'] or ''
            if rfc3339(a.get('date')):
                o['published'] = rfc3339(a['date'])
            if a.get('side') in ('left', 'center', 'right'):
                o['lean'] = a['side']
            f.write(json.dumps(o, ensure_ascii=False) + '\n')


class Parallax:
    def __init__(self, binary, tmp):
        self.binary, self.tmp = binary, tmp
        self.dir = tmp  # where the cluster files go (--ingest DIR/TRACK)
        self.paths = []
        self.seconds, self.calls, self.failures, self.times = 0.0, 0, [], []
        self.error = None
        self.startup_samples = []

    def call(self, path):
        t0 = time.monotonic()
        p = subprocess.run([self.binary, '--db', os.path.join(self.tmp, 'bench.db'),
                            'summarize', path, '--json'],
                           capture_output=True, text=True)
        return time.monotonic() - t0, p

    def probe(self):
        """None when summarize works on a one-article file; else the reason.
        Each probe adds 10 start-up samples (the median of all is used)."""
        if not os.access(self.binary, os.X_OK):
            return '%s not built' % self.binary
        path = os.path.join(self.tmp, 'startup.jsonl')
        with open(path, 'w') as f:
            f.write(json.dumps({'url': 'https://startup.invalid/1', 'outlet': 'outlet 1',
                                'title': 'Start-up', 'text': 'One sentence.'}) + '\n')
        for _ in range(10):
            dt, p = self.call(path)
            if p.returncode != 0:
                return 'exit %d: %s' % (p.returncode, (p.stderr.strip().splitlines() or [''])[0])
            self.startup_samples.append(dt)
        return None

    @property
    def startup(self):
        return statistics.median(self.startup_samples)

    def summarize(self, cluster, track):
        path = os.path.join(self.dir, '%s.jsonl' % cluster['id'])
        write_ingest(cluster, track, path)
        self.paths.append(path)
        dt, p = self.call(path)
        self.seconds += dt
        self.calls += 1
        self.times.append(dt)
        try:
            if p.returncode != 0:
                raise ValueError('exit %d: %s' % (p.returncode, p.stderr.strip()[:200]))
            out = json.loads(p.stdout)
        except ValueError as e:
            self.failures.append('%s: %s' % (cluster['id'], e))
            return {'cand': '', 'headline': ''}
        headline = out.get('headline') or ''
        summary = out.get('summary') or ''
        points = [k.get('text') or '' for k in out.get('key_points') or []]
        parts = ([headline] if KIND[track] == 'neus' else []) + [summary] + points
        return {'cand': ' '.join(x for x in parts if x), 'headline': headline}


# ---- the run ----

def score(pairs, scorer, stem):
    """Per-pair score dicts from the C scorer, in order."""
    data = ''.join('%s\t%s\n' % (flat(r), flat(c)) for r, c in pairs)
    p = subprocess.run([scorer] + (['--stem'] if stem else []), input=data,
                       capture_output=True, text=True, check=True)
    rows = [dict(zip(SCORE_FIELDS, map(float, l.split('\t')))) for l in p.stdout.splitlines()]
    assert len(rows) == len(pairs)
    return rows


def mean_scores(rows):
    return {k: 100 * sum(r[k] for r in rows) / len(rows) for k in SCORE_FIELDS} if rows else {}


def candidates(track, clusters, systems, args, parallax):
    """{system: [{'cand', 'headline', 'alts'?}, ...]} for the track."""
    tfidf = Tfidf(clusters)
    out = {}
    for name in systems:
        rows = []
        t0 = time.monotonic()
        for c in clusters:
            arts = c['articles']
            if name == 'first-article':
                rows.append({'cand': article_text(arts[0])})
            elif name == 'all-articles':
                rows.append({'cand': ' '.join(article_text(a) for a in arts)})
            elif name == 'oracle-single':
                rows.append({'alts': [article_text(a) for a in arts]})
            elif name == 'first-title':
                rows.append({'headline': arts[0]['title'] or ''})
            elif name == 'oracle-title':
                rows.append({'headline_alts': [a['title'] or '' for a in arts]})
            elif name.startswith('first-'):
                k = int(name[6:])
                rows.append({'cand': ' '.join(s for a in arts for s in sentences(a['text'])[:k])})
            elif name == 'lead':
                rows.append(lead(c, track))
            elif name in ('lexrank', 'textrank', 'centroid'):
                rows.append(extractive(c, track, tfidf, name))
            elif name == 'parallax':
                rows.append(parallax.summarize(c, track))
        out[name] = rows
        if name != 'parallax' and args.verbose:
            print('  %s: %.1f s' % (name, time.monotonic() - t0), file=sys.stderr)
    return out


def resolve(pairs_of, refs, rows, key, alts_key, scorer, stem):
    """Scores of each cluster for one system on one (sub-)track; an oracle
    takes the alternative of best R1 F1 (the first of equals)."""
    pairs, index = [], []
    for i, r in enumerate(rows):
        alts = r.get(alts_key) or [r.get(key) or '']
        for a in alts:
            pairs.append((refs[i], a))
            index.append((i, a))
    scored = score(pairs, scorer, stem)
    best = {}
    for (i, a), s in zip(index, scored):
        if i not in best or s['r1f'] > best[i][1]['r1f']:
            best[i] = (a, s)
    return [best[i][0] for i in range(len(rows))], [best[i][1] for i in range(len(rows))]


def fmt(x):
    return '%.2f' % x


def anchor_check(track, name, m, results):
    a = ANCHORS.get((track, name))
    if not a:
        return ''
    ok = all(abs(m[k] - v) <= 0.01 + 1e-9 for k, v in a.items())
    results.append(ok)
    return '%s (%s)' % (' / '.join(fmt(v) for v in a.values()), 'ok' if ok else 'DIFFERS')


def report(track, title, clusters, cands, args, parallax, checks):
    if KIND[track] == 'neus':
        refs = [c['headline'] + ' ' + c['summary'] for c in clusters]
    elif KIND[track] == 'headline':
        refs = [c['headline'] for c in clusters]
    else:
        refs = [c['summary'] for c in clusters]
    key, alts = ('headline', 'headline_alts') if KIND[track] == 'headline' else ('cand', 'alts')
    stems = [False, True] if KIND[track] == 'multinews' else [False]
    print()
    print('== %s: %d clusters, reference %.1f words avg' %
          (title, len(clusters), sum(map(words, refs)) / len(refs)))
    if KIND[track] == 'multinews':
        print('| system | words | R1 F1 | R2 F1 | RL F1 | SU4 F1 | R1 P | R1 R | README anchor R1 / R2 / SU4 '
              '| Porter only: R1 / R2 / RL / SU4 F1 | README stemmed (WordNet + Porter) |')
        print('| --- ' * 11 + '|')
    else:
        extra = ' R1 P | R1 R |' if KIND[track] == 'neus' else ''
        print('| system | words | R1 F1 | R2 F1 | RL F1 |%s README anchor |' % extra)
        print('| --- ' * (8 if KIND[track] == 'neus' else 6) + '|')
    for name in [n for n in SYSTEMS[KIND[track]] if n in cands]:
        rows = cands[name]
        if name == 'parallax' and parallax.error:
            print('| parallax | unavailable: %s |' % parallax.error)
            continue
        texts, by_stem = None, []
        for stem in stems:
            texts, scored = resolve(None, refs, rows, key, alts, args.score, stem)
            by_stem.append(mean_scores(scored))
            if args.dump:
                d = os.path.join(args.dump, track)
                os.makedirs(d, exist_ok=True)
                with open(os.path.join(d, name + '.jsonl'), 'w', encoding='utf-8') as f:
                    for c, t in zip(clusters, texts):
                        f.write(json.dumps({'id': c['id'], 'candidate': t, 'words': words(t)},
                                           ensure_ascii=False) + '\n')
        m = by_stem[0]
        w = sum(map(words, texts)) / len(texts)
        check = anchor_check(track, name, m, checks) if not args.limit else ''
        if KIND[track] == 'multinews':
            s = by_stem[1]
            st = STEMMED_ANCHORS.get(name)
            print('| %s | %.1f | %s | %s | %s | %s | %s | %s | %s | %s | %s |' % (
                name, w, fmt(m['r1f']), fmt(m['r2f']), fmt(m['rlf']), fmt(m['su4f']),
                fmt(m['r1p']), fmt(m['r1r']), check,
                ' / '.join(fmt(s[k]) for k in ('r1f', 'r2f', 'rlf', 'su4f')),
                ' / '.join(map(fmt, st)) if st else ''))
        elif KIND[track] == 'neus':
            print('| %s | %.1f | %s | %s | %s | %s | %s | %s |' % (
                name, w, fmt(m['r1f']), fmt(m['r2f']), fmt(m['rlf']), fmt(m['r1p']),
                fmt(m['r1r']), check))
        else:
            print('| %s | %.1f | %s | %s | %s | %s |' % (
                name, w, fmt(m['r1f']), fmt(m['r2f']), fmt(m['rlf']), check))
    if args.dump:
        d = os.path.join(args.dump, track)
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, 'reference.jsonl'), 'w', encoding='utf-8') as f:
            for c, r in zip(clusters, refs):
                f.write(json.dumps({'id': c['id'], 'reference': r}, ensure_ascii=False) + '\n')
    if track in PUBLISHED:
        print(PUBLISHED[track])


def speed(parallax, title):
    if parallax.error or not parallax.calls:
        return
    parallax.probe()  # 10 more start-up samples, after the track's calls
    fixed = parallax.seconds - parallax.calls * parallax.startup
    print('parallax summarize on %s, one process a cluster (each call includes the process '
          'start-up, ~%.0f ms): %d clusters in %.2f s of summarize calls = %.1f clusters/s '
          '(median call %.1f ms); start-up %.1f ms a call (median of %d calls on one article); '
          'less start-up: %s clusters/s%s' % (
              title, parallax.startup * 1000, parallax.calls, parallax.seconds,
              parallax.calls / parallax.seconds,
              statistics.median(parallax.times) * 1000, parallax.startup * 1000,
              len(parallax.startup_samples),
              '%.1f' % (parallax.calls / fixed) if fixed > 0 else 'n/a',
              '; %d calls failed (first: %s)' % (len(parallax.failures), parallax.failures[0])
              if parallax.failures else ''))


def speed_in_process(binary, parallax, title):
    """bench/summary/speed on the track's cluster files: px_summarize timed
    in-process, one thread: the first round (sentences parsed for the first
    time) and the best of 3; its line, or why not."""
    if parallax.error or not parallax.paths:
        return
    if not os.access(binary, os.X_OK):
        print('in-process px_summarize on %s: unavailable (%s not built)' % (title, binary))
        return
    p = subprocess.run([binary, '--label', title] + parallax.paths,
                       capture_output=True, text=True)
    if p.returncode != 0:
        print('in-process px_summarize on %s: unavailable (exit %d: %s)' % (
            title, p.returncode, (p.stderr.strip().splitlines() or [''])[0]))
        return
    print(p.stdout.strip())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--data', default='../shared/data/summaries')
    ap.add_argument('--only-track', choices=['neus', 'multinews', 'demo'])
    ap.add_argument('--systems', help='comma-separated names (default: all)')
    ap.add_argument('--limit', type=int, default=0, help='first N clusters of each file')
    ap.add_argument('--dump', help='write every candidate to DIR/TRACK/SYSTEM.jsonl')
    ap.add_argument('--parallax', default='build/parallax')
    ap.add_argument('--score', default='build/bench/summary/score')
    ap.add_argument('--ingest', help='write the cluster files to DIR/TRACK/ID.jsonl')
    ap.add_argument('--speed', help='time px_summarize in-process with this program '
                    '(build/bench/summary/speed) on the cluster files')
    ap.add_argument('-v', '--verbose', action='store_true')
    args = ap.parse_args()
    wanted = set(args.systems.split(',')) if args.systems else None
    known = set(n for v in SYSTEMS.values() for n in v)
    if wanted and wanted - known:
        ap.error('unknown systems: %s (known: %s)' % (
            ', '.join(sorted(wanted - known)), ', '.join(sorted(known))))

    checks = []
    with tempfile.TemporaryDirectory(prefix='px-bench-summary-') as tmp:
        parallax = Parallax(args.parallax, tmp)
        if not wanted or 'parallax' in wanted:
            parallax.error = parallax.probe()
            if parallax.error:
                print('parallax summarize unavailable: %s' % parallax.error)
        for track, file, title in (('neus', 'neus-val.jsonl.gz', 'NeuS (neus-val)'),
                                   ('multinews', 'multinews-val.jsonl.gz',
                                    'Multi-News (multinews-val)'),
                                   ('demo', None, 'Demo corpus (data/demo, references.jsonl)')):
            if args.only_track and args.only_track != track:
                continue
            if track == 'demo':
                clusters = load_demo(ROOT, args.limit)
                if not clusters:
                    print('skip demo: data/demo/references.jsonl not found')
                    continue
            else:
                path = os.path.join(args.data, file)
                if not os.path.exists(path):
                    print('skip %s: %s not found' % (track, path))
                    continue
                clusters = load(path, args.limit)
            names = SYSTEMS[KIND[track]] + (SYSTEMS['headline'] if KIND[track] == 'neus' else [])
            names = [n for i, n in enumerate(names) if n not in names[:i]]
            names = [n for n in names if not wanted or n in wanted]
            if parallax.error and 'parallax' in names:
                names.remove('parallax')
                names.append('parallax')  # the "unavailable" row, last
            parallax.seconds, parallax.calls, parallax.failures, parallax.times = 0.0, 0, [], []
            parallax.paths = []
            parallax.dir = os.path.join(args.ingest or tmp, track)
            if os.path.isdir(parallax.dir):
                for f in os.listdir(parallax.dir):  # a previous run's clusters
                    if f.endswith('.jsonl'):
                        os.remove(os.path.join(parallax.dir, f))
            os.makedirs(parallax.dir, exist_ok=True)
            cands = candidates(track, clusters,
                               [n for n in names if n != 'parallax' or not parallax.error],
                               args, parallax)
            if parallax.error and 'parallax' in names:
                cands['parallax'] = []
            report(track, title, clusters, {n: r for n, r in cands.items()
                                             if n in SYSTEMS[KIND[track]]}, args, parallax, checks)
            if KIND[track] == 'neus':
                sub = 'headline' if track == 'neus' else track + '-headline'
                report(sub, '%s headline sub-track (reference headline vs candidate '
                       'headline)' % title.split(' (')[0], clusters,
                       {n: r for n, r in cands.items() if n in SYSTEMS['headline']},
                       args, parallax, checks)
            speed(parallax, title)
            if args.speed:
                speed_in_process(args.speed, parallax, title)
    if checks:
        print()
        print('anchors: %d of %d reproduced to +-0.01' % (sum(checks), len(checks)))
    return 0 if all(checks) else 1


if __name__ == '__main__':
    sys.exit(main())
