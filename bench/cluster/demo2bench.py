#!/usr/bin/python3
"""Writes the demo corpus (data/demo/corpus) in the benchmark's format.

    demo2bench.py OUT.jsonl.gz [--level story|thread]

Each article becomes {"id", "cluster", "date", "title", "text", "source",
"url"} with `id` its URL, `cluster` its gold_story (or gold_thread), and
`source` its outlet, so that bench/cluster/cluster, score.py and
baseline.py read it like the shared streams.  Lines keep file (= date)
order.
"""

import argparse
import glob
import gzip
import json
import os
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), "..", ".."))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("--level", choices=("story", "thread"), default="story")
    args = ap.parse_args(argv)
    files = sorted(glob.glob(os.path.join(ROOT, "data", "demo", "corpus", "*.jsonl")))
    if not files:
        print("demo2bench.py: no data/demo/corpus/*.jsonl", file=sys.stderr)
        return 1
    n = 0
    with gzip.open(args.out, "wt", encoding="utf-8") as out:
        for path in files:
            with open(path, encoding="utf-8") as f:
                for line in f:
                    r = json.loads(line)
                    out.write(json.dumps({
                        "id": r["url"],
                        "cluster": r["gold_" + args.level],
                        "date": r["published"],
                        "title": r["title"],
                        "text": r["text"],
                        "source": r["outlet"],
                        "url": r["url"],
                    }, ensure_ascii=False) + "\n")
                    n += 1
    print(f"wrote {n} demo articles to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
