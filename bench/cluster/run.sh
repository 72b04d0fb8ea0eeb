#!/bin/sh
# bench/cluster/run.sh — story clustering, Parallax and the scikit-learn
# baseline in the same run, on the labelled streams in ../shared/data.
#   sh bench/cluster/run.sh        (after `make`; needs python3-sklearn)
set -e
cd "$(dirname "$0")/../.."
DATA=../shared/data/news-clustering
if [ ! -f "$DATA/allsides-2021.jsonl.gz" ]; then
	echo "skip: $DATA/allsides-2021.jsonl.gz not found (shared data absent)"
	exit 0
fi
PY=/usr/bin/python3
OUT=$(mktemp -d /tmp/px-bench-cluster-XXXXXX)
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr)"
for set in allsides-2021 neus-train; do
	opts=
	[ "$set" = neus-train ] && opts=--no-dates
	echo "== Parallax on $set ($opts)"
	build/bench/cluster/cluster $opts "$DATA/$set.jsonl.gz" "$OUT/$set.tsv"
	$PY bench/cluster/score.py "$DATA/$set.jsonl.gz" "$OUT/$set.tsv"
done
# The demo corpus (data/demo, in this repository), event-level gold labels.
$PY bench/cluster/demo2bench.py "$OUT/demo.jsonl.gz"
echo "== Parallax on the demo corpus"
build/bench/cluster/cluster "$OUT/demo.jsonl.gz" "$OUT/demo.tsv"
$PY bench/cluster/score.py "$OUT/demo.jsonl.gz" "$OUT/demo.tsv"
if $PY -c 'import sklearn' 2>/dev/null; then
	echo "== scikit-learn baseline on allsides-2021"
	$PY bench/cluster/baseline.py --stream --input "$DATA/allsides-2021.jsonl.gz"
	echo "== scikit-learn baseline on the demo corpus"
	$PY bench/cluster/baseline.py --stream --thresholds 0.15,0.2,0.25,0.3 \
		--input "$OUT/demo.jsonl.gz"
else
	echo "skip: python3-sklearn not installed (apt-get install python3-sklearn)"
fi
rm -rf "$OUT"
