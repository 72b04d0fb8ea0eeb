#!/usr/bin/python3
"""Score a story clustering against gold story labels.

This is the scorer for the bench/cluster benchmark (see the README next to the
data in ../shared/data/news-clustering/). It compares a system's grouping of
articles into stories with the gold grouping and reports two families of
metrics:

Pairwise P/R/F1
    Over all unordered pairs of articles, "same story" in the system is the
    prediction and "same story" in gold the truth.  With n_ij the number of
    articles in system cluster i and gold cluster j (the contingency table),
    a_i = sum_j n_ij (system cluster sizes), b_j = sum_i n_ij (gold sizes):
        TP          = sum_ij C(n_ij, 2)     pairs together in both
        system pairs = sum_i C(a_i, 2)       pairs together in the system
        gold pairs   = sum_j C(b_j, 2)       pairs together in gold
        P = TP / system pairs,  R = TP / gold pairs
    so it costs O(n), not O(n^2).  When there are no system pairs (all
    singletons) P is defined as 1.0 (no pair was wrongly merged); likewise R is
    1.0 when gold has no pairs.

B-cubed P/R/F1
    Per article x with system cluster S(x) and gold cluster G(x):
        P(x) = |S(x) & G(x)| / |S(x)|,   R(x) = |S(x) & G(x)| / |G(x)|
    averaged over all articles.  Every article in cell (i, j) has the same
    values, so P = sum_ij n_ij^2 / a_i / N and R = sum_ij n_ij^2 / b_j / N.

F1 is the harmonic mean 2PR / (P + R) (0.0 when P + R == 0).

Use as a module:
    from score import score
    result = score(gold, system)   # dicts article_id -> label
or from the command line:
    score.py GOLD.jsonl[.gz] SYSTEM.tsv [--json]
where GOLD is the benchmark JSONL (fields "id" and "cluster" are used) and
SYSTEM.tsv has one `article_id<TAB>story_label` line per article.  Every gold
article must have a system label; system ids absent from gold are ignored
(and counted).  `score.py --selftest` checks the arithmetic on hand-worked
cases.
"""

import argparse
import gzip
import json
import sys
from collections import Counter


class ScoreError(Exception):
    """Bad input to the scorer (missing articles, malformed files)."""


def _f1(p, r):
    return 2 * p * r / (p + r) if p + r > 0 else 0.0


def _pairs(n):
    return n * (n - 1) // 2


def score(gold, system):
    """Compare `system` (id -> story label) with `gold` (id -> story label).

    Only the articles in `gold` are scored.  Raises ScoreError if any gold
    article is missing from `system`.  Returns a dict:
        {"articles", "gold_clusters", "system_clusters", "ignored_system_ids",
         "pairwise": {"P", "R", "F1", "tp_pairs", "system_pairs", "gold_pairs"},
         "bcubed": {"P", "R", "F1"}}
    """
    missing = [a for a in gold if a not in system]
    if missing:
        shown = ", ".join(missing[:5]) + (", ..." if len(missing) > 5 else "")
        raise ScoreError(
            f"{len(missing)} of {len(gold)} gold articles have no system "
            f"label: {shown}")
    n = len(gold)
    if n == 0:
        raise ScoreError("gold is empty")

    # Contingency counts: n_ij per (system label, gold label), plus marginals.
    cells = Counter((system[a], g) for a, g in gold.items())
    sys_size = Counter()
    gold_size = Counter()
    for (s, g), c in cells.items():
        sys_size[s] += c
        gold_size[g] += c

    tp = sum(_pairs(c) for c in cells.values())
    sys_pairs = sum(_pairs(c) for c in sys_size.values())
    gold_pairs = sum(_pairs(c) for c in gold_size.values())
    pp = tp / sys_pairs if sys_pairs else 1.0
    pr = tp / gold_pairs if gold_pairs else 1.0

    bp = sum(c * c / sys_size[s] for (s, g), c in cells.items()) / n
    br = sum(c * c / gold_size[g] for (s, g), c in cells.items()) / n

    return {
        "articles": n,
        "gold_clusters": len(gold_size),
        "system_clusters": len(sys_size),
        "ignored_system_ids": sum(1 for a in system if a not in gold),
        "pairwise": {"P": pp, "R": pr, "F1": _f1(pp, pr), "tp_pairs": tp,
                     "system_pairs": sys_pairs, "gold_pairs": gold_pairs},
        "bcubed": {"P": bp, "R": br, "F1": _f1(bp, br)},
    }


def format_result(res):
    """Human-readable lines, one per metric family, plus a counts line."""
    lines = []
    for fam in ("pairwise", "bcubed"):
        m = res[fam]
        lines.append(f"{fam} P={m['P']:.3f} R={m['R']:.3f} F1={m['F1']:.3f}")
    lines.append(f"counts articles={res['articles']} "
                 f"gold_clusters={res['gold_clusters']} "
                 f"system_clusters={res['system_clusters']}")
    return "\n".join(lines)


# ---------------------------------------------------------------- file input

def read_jsonl(path):
    """Yield the records of a JSONL file, gzipped if the name ends in .gz."""
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as e:
                    raise ScoreError(f"{path}:{lineno}: bad JSON: {e}") from e


def read_gold(path):
    """id -> gold cluster label from the benchmark JSONL."""
    gold = {}
    for rec in read_jsonl(path):
        a = rec["id"]
        if a in gold:
            raise ScoreError(f"{path}: duplicate article id {a}")
        gold[a] = rec["cluster"]
    return gold


def read_system(path):
    """id -> story label from `id<TAB>label` lines (blank / # lines skipped)."""
    system = {}
    with open(path, encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            line = line.rstrip("\r\n")
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 2:
                raise ScoreError(f"{path}:{lineno}: expected "
                                 f"'article_id<TAB>story_label', got {line!r}")
            a, label = parts
            if a in system and system[a] != label:
                raise ScoreError(f"{path}:{lineno}: article {a} has two "
                                 f"labels ({system[a]!r}, {label!r})")
            system[a] = label
    return system


# ---------------------------------------------------------------- self-test

def selftest():
    """Hand-computed cases; returns the number of failures."""
    def close(x, y):
        return abs(x - y) < 1e-9

    def check(name, gold, system, pw, b3):
        res = score(gold, system)
        got_pw = tuple(res["pairwise"][k] for k in ("P", "R", "F1"))
        got_b3 = tuple(res["bcubed"][k] for k in ("P", "R", "F1"))
        ok = all(map(close, got_pw, pw)) and all(map(close, got_b3, b3))
        print(f"{'ok  ' if ok else 'FAIL'} {name}: pairwise "
              f"{tuple(round(x, 4) for x in got_pw)} bcubed "
              f"{tuple(round(x, 4) for x in got_b3)}")
        if not ok:
            print(f"     expected pairwise {pw} bcubed {b3}")
        return 0 if ok else 1

    # Gold for the first three cases: {a,b,c} {d,e}  (N = 5, 4 gold pairs).
    gold = {"a": "G1", "b": "G1", "c": "G1", "d": "G2", "e": "G2"}
    fails = 0

    # Perfect clustering, with different label names: everything is 1.
    fails += check("perfect", gold,
                   {"a": "x", "b": "x", "c": "x", "d": "y", "e": "y"},
                   (1, 1, 1), (1, 1, 1))

    # All singletons: no system pairs -> pairwise P = 1 (by convention),
    # R = 0/4 = 0, F1 = 0.  B-cubed P = 1; R = (3 * 1/3 + 2 * 1/2) / 5 = 2/5;
    # F1 = 2 * 1 * 0.4 / 1.4 = 4/7.
    fails += check("all singletons", gold, {a: a for a in gold},
                   (1, 0, 0), (1, 2 / 5, 4 / 7))

    # All in one cluster: system pairs = C(5,2) = 10, TP = 3 + 1 = 4,
    # pairwise P = 4/10, R = 1, F1 = 0.8 / 1.4 = 4/7.
    # B-cubed P = (3 * 3/5 + 2 * 2/5) / 5 = 13/25, R = 1,
    # F1 = 2 * 0.52 / 1.52 = 13/19.
    fails += check("all in one", gold, {a: "one" for a in gold},
                   (2 / 5, 1, 4 / 7), (13 / 25, 1, 13 / 19))

    # Worked example (N = 6):
    #   gold   {a,b,c,d} {e,f}          gold pairs   = 6 + 1 = 7
    #   system {a,b,c} {d,e} {f}        system pairs = 3 + 1 + 0 = 4
    #   contingency: S1xG1 = 3, S2xG1 = 1, S2xG2 = 1, S3xG2 = 1
    #   TP = C(3,2) = 3 -> pairwise P = 3/4, R = 3/7,
    #   F1 = 2 (3/4)(3/7) / (3/4 + 3/7) = (18/28) / (33/28) = 6/11.
    #   B-cubed P per article: a,b,c 3/3; d 1/2; e 1/2; f 1/1 -> 5/6 = 0.8333
    #   B-cubed R per article: a,b,c 3/4; d 1/4; e 1/2; f 1/2
    #     -> (9/4 + 1/4 + 1) / 6 = 3.5 / 6 = 7/12 = 0.5833
    #   F1 = 2 (5/6)(7/12) / (5/6 + 7/12) = (35/36) / (17/12) = 35/51.
    gold2 = {"a": 1, "b": 1, "c": 1, "d": 1, "e": 2, "f": 2}
    sys2 = {"a": "S1", "b": "S1", "c": "S1", "d": "S2", "e": "S2", "f": "S3",
            "zz": "S9"}  # an id absent from gold is ignored
    fails += check("worked example", gold2, sys2,
                   (3 / 4, 3 / 7, 6 / 11), (5 / 6, 7 / 12, 35 / 51))
    if score(gold2, sys2)["ignored_system_ids"] != 1:
        print("FAIL ignored id count")
        fails += 1

    # All-singleton gold scored by itself: no pairs anywhere -> all 1.
    fails += check("singleton gold", {"p": 1, "q": 2}, {"p": 3, "q": 4},
                   (1, 1, 1), (1, 1, 1))

    # Random clusterings against the O(n^2) / per-article definitions.
    import itertools
    import random
    rng = random.Random(7)
    for trial in range(20):
        ids = [f"x{i}" for i in range(rng.randint(1, 40))]
        g = {a: rng.randint(0, 6) for a in ids}
        s = {a: rng.randint(0, 9) for a in ids}
        tp = sp = gp = 0
        for x, y in itertools.combinations(ids, 2):
            ss, gg = s[x] == s[y], g[x] == g[y]
            tp += ss and gg
            sp += ss
            gp += gg
        pw_p, pw_r = (tp / sp if sp else 1.0), (tp / gp if gp else 1.0)
        bp = br = 0.0
        for x in ids:
            sc = {y for y in ids if s[y] == s[x]}
            gc = {y for y in ids if g[y] == g[x]}
            bp += len(sc & gc) / len(sc) / len(ids)
            br += len(sc & gc) / len(gc) / len(ids)
        fails += check(f"brute force #{trial}", g, s,
                       (pw_p, pw_r, _f1(pw_p, pw_r)), (bp, br, _f1(bp, br)))

    # A gold article missing from the system is an error.
    try:
        score(gold, {"a": "x"})
        print("FAIL missing articles not detected")
        fails += 1
    except ScoreError as e:
        print(f"ok   missing articles rejected: {e}")

    print("selftest:", "FAILED" if fails else "passed")
    return fails


def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Score a story clustering (pairwise and B-cubed P/R/F1).")
    ap.add_argument("gold", nargs="?", help="gold JSONL(.gz) with id, cluster")
    ap.add_argument("system", nargs="?", help="TSV: article_id<TAB>story_label")
    ap.add_argument("--json", action="store_true", help="print JSON")
    ap.add_argument("--selftest", action="store_true",
                    help="run the hand-computed checks and exit")
    args = ap.parse_args(argv)

    if args.selftest:
        return 1 if selftest() else 0
    if not args.gold or not args.system:
        ap.error("GOLD and SYSTEM are required (or use --selftest)")
    try:
        res = score(read_gold(args.gold), read_system(args.system))
    except (ScoreError, OSError, KeyError) as e:
        msg = f"missing field {e}" if isinstance(e, KeyError) else str(e)
        print(f"score.py: error: {msg}", file=sys.stderr)
        return 2
    if res["ignored_system_ids"]:
        print(f"score.py: note: ignored {res['ignored_system_ids']} system "
              f"ids not in gold", file=sys.stderr)
    print(json.dumps(res, indent=2) if args.json else format_result(res))
    return 0


if __name__ == "__main__":
    sys.exit(main())
