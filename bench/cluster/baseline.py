#!/usr/bin/python3
"""scikit-learn baseline for the bench/cluster story-clustering benchmark.

Reproduces the baseline described in ../shared/data/news-clustering/README.md
so that Parallax can be compared against it in the same run:

1. Vectorise: TfidfVectorizer(sublinear_tf=True, stop_words="english") fitted
   on `title + " " + text` of every article in the file (fit + transform are
   timed together and reported separately from the clustering loop).  Rows
   come out L2-normalised.
2. Cluster online, in file (= date) order: each article is compared with the
   centroid of every story updated within the last 3 days (article `date`
   minus the story's latest member `date` <= 3 days; dates are RFC 3339 with
   an offset).  The centroid is the mean of the members' tf-idf vectors; as
   cosine ignores scale, the loop keeps the *sum* instead and
       cosine(x, centroid) = (sum . x) / (|sum| |x|),  |x| = 1.
   The article joins the most similar story if that cosine >= threshold,
   otherwise it starts a new story.  Story sums are dense rows (one per live
   story); stories older than the window are dropped, which is exact because
   the stream is in date order (a warning is printed if it is not).
3. Score each threshold with score.score() (pairwise and B-cubed P/R/F1 against
   the gold `cluster` field, see score.py), and report the clustering loop's
   throughput (articles/s, time.perf_counter, text already vectorised) and
   the process's peak RSS so far (resource.getrusage ru_maxrss, MiB; it
   includes Python, sklearn and the vectoriser, and never decreases).

Batch vs stream.  Steps 1-3 (batch mode) time the clustering loop
only: every article was vectorised beforehand in one fit_transform call, so
its art/s does no per-article text work and is not comparable with a system
that analyses each article as it arrives (Parallax: text analysis +
clustering + storage per article).  --stream adds the online measurement:
4. Fit a fresh TfidfVectorizer (same parameters) on the whole file, as the
   README's baseline defines, and report the fit time separately.
5. Then, per threshold, feed the articles in file order; each one is
   transformed on arrival with vec.transform([title + " " + text]) and
   assigned by the same centroid code as the batch mode.  The timed figure
   is articles/s for transform + assign (time.perf_counter around the whole
   per-article loop); the share spent in transform is also shown.
6. The transform of one text equals its row of the batch matrix up to float
   rounding, so the stream labels must equal the batch labels at the same
   threshold: they are compared at every threshold run, and a warning is
   printed (stderr, and in the table) naming the first article that differs.

Usage:
    baseline.py [--input PATH] [--thresholds 0.2,0.25,0.3] [--stream]
                [--json] [--dump-assignments FILE]
Without --input the file is looked for at
<repo root>/../shared/data/news-clustering/allsides-2021.jsonl.gz; if it is
absent the script prints "skip: ..." and exits 0.  --dump-assignments writes
`article_id<TAB>story` for the best threshold (highest pairwise F1, ties
broken by B-cubed F1), in the format score.py reads.
"""

import argparse
import json
import os
import resource
import sys
import time
from datetime import datetime
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

# Import the sibling scorer without leaving a __pycache__/ in the tree.
sys.dont_write_bytecode = True
sys.path.insert(0, str(Path(__file__).resolve().parent))
from score import read_jsonl, score  # noqa: E402  (sibling module)

REPO_ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_INPUT = os.path.normpath(
    REPO_ROOT / ".." / "shared" / "data" / "news-clustering"
    / "allsides-2021.jsonl.gz")


def parse_time(s):
    """RFC 3339 timestamp with offset -> POSIX seconds."""
    t = datetime.fromisoformat(s)
    if t.tzinfo is None:
        raise ValueError(f"date without UTC offset: {s!r}")
    return t.timestamp()


def peak_rss_mib():
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def csr_rows(X):
    """Yield (indices, values) of each row of CSR matrix X (batch mode)."""
    indptr, indices, data = X.indptr, X.indices, X.data
    for i in range(X.shape[0]):
        yield (indices[indptr[i]:indptr[i + 1]],
               data[indptr[i]:indptr[i + 1]])


class OnArrival:
    """Yield (indices, values) of each record, vectorised when it is reached.

    Each step runs vec.transform([title + " " + text]) on one article, so a
    consumer that times its whole loop times transform + assign.  The time
    spent inside transform is accumulated in .transform_s.
    """

    def __init__(self, vec, records):
        self.vec, self.records = vec, records
        self.transform_s = 0.0

    def __iter__(self):
        clock = time.perf_counter
        transform = self.vec.transform
        for r in self.records:
            t0 = clock()
            x = transform([r["title"] + " " + r["text"]]).tocsr()
            self.transform_s += clock() - t0
            yield x.indices, x.data


def cluster_stream(rows, times, threshold, window_s, vocab):
    """Online centroid clustering of L2-normalised sparse vectors.

    rows: iterable of (indices, values), one per article in stream order,
    over `vocab` columns (csr_rows() for the batch matrix, OnArrival for
    per-article transforms).  times: POSIX seconds per row.  Returns an int
    array of story numbers (0, 1, ... in order of creation), one per row.
    """
    n = len(times)
    labels = np.empty(n, dtype=np.int64)

    # Live stories, rows 0..k-1 of these parallel arrays.
    cap = 64
    sums = np.zeros((cap, vocab))        # sum of member vectors
    sqnorm = np.zeros(cap)               # |sum|^2
    last = np.zeros(cap)                 # latest member time
    story = np.zeros(cap, dtype=np.int64)
    k = 0
    n_stories = 0
    prev_t = -np.inf
    warned = False

    i = -1
    for i, (idx, val) in enumerate(rows):
        t = times[i]
        if t < prev_t and not warned:
            print("baseline.py: warning: input not in date order; stories "
                  "dropped from the window may have been eligible",
                  file=sys.stderr)
            warned = True
        prev_t = max(prev_t, t)

        # Drop stories not updated within the window.
        if k:
            live = last[:k] >= t - window_s
            if not live.all():
                keep = np.flatnonzero(live)
                m = len(keep)
                sums[:m] = sums[keep]
                sqnorm[:m], last[:m], story[:m] = (
                    sqnorm[keep], last[keep], story[keep])
                sums[m:k] = 0.0
                k = m

        # Cosine with every live centroid: (sum . x) / |sum|.
        best = -1
        if k and len(idx):
            dots = sums[:k, idx] @ val
            norms = np.sqrt(sqnorm[:k])
            cos = np.divide(dots, norms, out=np.zeros(k), where=norms > 0)
            j = int(np.argmax(cos))
            if cos[j] >= threshold:
                best = j

        if best < 0:                      # start a new story
            if k == cap:
                cap *= 2
                sums = np.vstack([sums, np.zeros_like(sums)])
                sqnorm, last, story = (np.resize(a, cap)
                                       for a in (sqnorm, last, story))
            best = k
            k += 1
            sums[best] = 0.0
            sqnorm[best] = 0.0
            story[best] = n_stories
            n_stories += 1
            dot = 0.0
        else:
            dot = dots[best]
        # |s + x|^2 = |s|^2 + 2 s.x + |x|^2
        sqnorm[best] += 2.0 * dot + float(val @ val)
        sums[best, idx] += val
        last[best] = max(last[best], t)
        labels[i] = story[best]
    if i != n - 1:
        raise ValueError(f"{i + 1} rows for {n} times")
    return labels


def run(path, thresholds, window_days=3.0, stream=False):
    """Vectorise once, cluster and score at each threshold; list of results.

    With stream=True each result also gets a "stream" dict: the same
    threshold run again with per-article transforms (see the module
    docstring), its throughput and whether its labels equal the batch ones.
    """
    records = list(read_jsonl(path))
    ids = [r["id"] for r in records]
    gold = {r["id"]: r["cluster"] for r in records}
    if len(gold) != len(records):
        raise SystemExit(f"baseline.py: duplicate article ids in {path}")
    texts = [r["title"] + " " + r["text"] for r in records]
    times = np.array([parse_time(r["date"]) for r in records])

    t0 = time.perf_counter()
    vec = TfidfVectorizer(sublinear_tf=True, stop_words="english")
    X = vec.fit_transform(texts).tocsr()
    vec_s = time.perf_counter() - t0

    window_s = window_days * 86400.0
    if stream:
        # Fitted on the whole file, as the README's baseline defines; the
        # fit is deterministic, so vocabulary and idf equal the batch ones.
        t0 = time.perf_counter()
        svec = TfidfVectorizer(sublinear_tf=True, stop_words="english")
        svec.fit(texts)
        fit_s = time.perf_counter() - t0

    results, assignments = [], []
    for thr in thresholds:
        t0 = time.perf_counter()
        labels = cluster_stream(csr_rows(X), times, thr, window_s, X.shape[1])
        loop_s = time.perf_counter() - t0
        system = {a: f"story-{s:05d}" for a, s in zip(ids, labels)}
        sc = score(gold, system)
        results.append({
            "threshold": thr,
            "articles": sc["articles"],
            "gold_clusters": sc["gold_clusters"],
            "system_clusters": sc["system_clusters"],
            "pairwise": {m: sc["pairwise"][m] for m in ("P", "R", "F1")},
            "bcubed": sc["bcubed"],
            "loop_seconds": loop_s,
            "articles_per_s": len(ids) / loop_s if loop_s > 0 else None,
            "vectorizer_seconds": vec_s,
            "vocabulary": len(vec.vocabulary_),
            "peak_rss_mib": peak_rss_mib(),
        })
        if stream:
            feed = OnArrival(svec, records)
            t0 = time.perf_counter()
            slabels = cluster_stream(feed, times, thr, window_s,
                                     len(svec.vocabulary_))
            stream_s = time.perf_counter() - t0
            # Story numbers follow creation order, so one different decision
            # renumbers everything after it: report where they first differ.
            diff = np.flatnonzero(slabels != labels)
            first = int(diff[0]) if len(diff) else None
            if first is not None:
                print(f"baseline.py: warning: threshold {thr:g}: stream "
                      f"labels differ from batch labels from article "
                      f"#{first} ({ids[first]}) on", file=sys.stderr)
            results[-1]["stream"] = {
                "fit_seconds": fit_s,
                "loop_seconds": stream_s,
                "transform_seconds": feed.transform_s,
                "articles_per_s": len(ids) / stream_s if stream_s > 0
                else None,
                "labels_equal_batch": first is None,
                "labels_first_difference": first,
                "peak_rss_mib": peak_rss_mib(),
            }
        assignments.append([(a, system[a]) for a in ids])
    return results, assignments


def format_table(path, results):
    r0 = results[0]
    out = [f"input: {path}",
           f"articles: {r0['articles']}  gold stories: {r0['gold_clusters']}"
           f"  vocabulary: {r0['vocabulary']}",
           f"vectorizer fit+transform: {r0['vectorizer_seconds']:.3f} s",
           "",
           f"{'thresh':>6} | {'pw P':>5} {'pw R':>5} {'pw F1':>5} | "
           f"{'b3 P':>5} {'b3 R':>5} {'b3 F1':>5} | {'stories':>7} | "
           f"{'art/s':>8} | {'peak RSS':>9}"]
    out.append("-" * len(out[-1]))
    for r in results:
        pw, b3 = r["pairwise"], r["bcubed"]
        out.append(
            f"{r['threshold']:6.2f} | {pw['P']:5.3f} {pw['R']:5.3f} "
            f"{pw['F1']:5.3f} | {b3['P']:5.3f} {b3['R']:5.3f} {b3['F1']:5.3f}"
            f" | {r['system_clusters']:7d} | {r['articles_per_s']:8.0f} | "
            f"{r['peak_rss_mib']:5.1f} MiB")
    out.append("(art/s: online clustering loop only; peak RSS: whole process "
               "so far)")
    if "stream" not in r0:
        return "\n".join(out)

    best = best_index(results)
    out += ["",
            "stream mode: vectorizer fitted on the whole file first, then "
            "per article",
            "vec.transform([title + \" \" + text]) + assign, in file order",
            f"vectorizer fit: {r0['stream']['fit_seconds']:.3f} s",
            "",
            f"{'thresh':>6} | {'art/s':>8} | {'transform':>9} | "
            f"{'labels = batch':>14} | {'peak RSS':>9}"]
    out.append("-" * len(out[-1]))
    for i, r in enumerate(results):
        s = r["stream"]
        same = ("yes" if s["labels_equal_batch"]
                else f"NO (from #{s['labels_first_difference']})")
        mark = "  <- best" if i == best else ""
        out.append(
            f"{r['threshold']:6.2f} | {s['articles_per_s']:8.0f} | "
            f"{100 * s['transform_seconds'] / s['loop_seconds']:8.0f}% | "
            f"{same:>14} | {s['peak_rss_mib']:5.1f} MiB{mark}")
    out.append("(art/s: transform + assign per article, fit excluded; "
               "transform: its share of the loop)")
    if not all(r["stream"]["labels_equal_batch"] for r in results):
        out.append("WARNING: stream labels differ from batch labels")
    return "\n".join(out)


def best_index(results):
    """Index of the best threshold: highest pairwise F1, then B-cubed F1."""
    return max(range(len(results)),
               key=lambda i: (results[i]["pairwise"]["F1"],
                              results[i]["bcubed"]["F1"]))


def parse_thresholds(s):
    try:
        vals = [float(x) for x in s.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"bad threshold list: {s!r}")
    if not vals:
        raise argparse.ArgumentTypeError("empty threshold list")
    return vals


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="TF-IDF + online centroid clustering baseline.")
    ap.add_argument("--input", default=DEFAULT_INPUT,
                    help=f"benchmark JSONL(.gz) (default: {DEFAULT_INPUT})")
    ap.add_argument("--thresholds", type=parse_thresholds,
                    default=[0.20, 0.25, 0.30],
                    help="comma-separated cosine thresholds "
                         "(default: 0.2,0.25,0.3)")
    ap.add_argument("--window-days", type=float, default=3.0,
                    help="a story is a candidate if updated within this many "
                         "days (default: 3)")
    ap.add_argument("--stream", action="store_true",
                    help="also run each threshold online: fit on the whole "
                         "file, then transform + assign one article at a "
                         "time, and check its labels equal the batch ones")
    ap.add_argument("--json", action="store_true",
                    help="print a JSON list, one object per threshold")
    ap.add_argument("--dump-assignments", metavar="FILE",
                    help="write article_id<TAB>story for the best threshold")
    args = ap.parse_args(argv)

    if not os.path.exists(args.input):
        print(f"skip: {args.input} not found (shared data absent)")
        return 0

    results, assignments = run(args.input, args.thresholds, args.window_days,
                               args.stream)
    print(json.dumps(results, indent=2) if args.json
          else format_table(args.input, results))

    if args.dump_assignments:
        best = best_index(results)
        with open(args.dump_assignments, "w", encoding="utf-8") as f:
            for a, s in assignments[best]:
                f.write(f"{a}\t{s}\n")
        print(f"wrote {args.dump_assignments} (threshold "
              f"{results[best]['threshold']:g})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
