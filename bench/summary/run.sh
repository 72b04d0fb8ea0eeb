#!/bin/sh
# bench/summary/run.sh — ROUGE of story summaries on ../shared/data/summaries
# (its README.md defines the tracks, the ROUGE rule and the anchors):
#   - NeuS (neus-val, 307 clusters of 3 articles: left, centre, right):
#     headline + summary against AllSides' neutral headline + roundup, and
#     the headline alone;
#   - Multi-News (multinews-val, 250 clusters): summary against newser.com's,
#     unstemmed and stemmed (Porter only: ROUGE-1.5.5's WordNet exception
#     lists are not available offline).
# Systems in the same run on the same clusters: `parallax summarize` (one
# call a cluster, timed) and the baselines of summary.py — the README's
# anchor rows (FIRST-ARTICLE, ALL-ARTICLES, ORACLE-SINGLE, FIRST-TITLE,
# ORACLE-TITLE, First-1/2/3), each printed beside its anchor and checked to
# ±0.01 — then Lead, LexRank, TextRank and centroid.  The scorer is C
# (bench/summary/rouge.c, through bench/summary/score); its self-test on the
# README's worked examples runs first.  Every candidate lands in
# $OUT/candidates/TRACK/SYSTEM.jsonl, every cluster file Parallax reads in
# $OUT/ingest/TRACK/ID.jsonl.  Beside each track's process-per-cluster
# figure (process start-up included), bench/summary/speed times
# px_summarize in-process on those files (one thread, best of 3 rounds).
# Arguments go to summary.py:
#
#   sh bench/summary/run.sh                      (or make bench-summary)
#   sh bench/summary/run.sh --only-track neus --systems lexrank,parallax --limit 30
set -e
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
OUT=${OUT:-$BUILD/bench/summary/out}
PY=/usr/bin/python3
HERE=bench/summary
DATA=../shared/data/summaries

if [ ! -f "$DATA/neus-val.jsonl.gz" ] && [ ! -f "$DATA/multinews-val.jsonl.gz" ]; then
	echo "skip: $DATA/{neus,multinews}-val.jsonl.gz not found (shared data absent)"
	exit 0
fi
make -s BUILD="$BUILD" "$BUILD/bench/summary/score"
mkdir -p "$OUT"
"$BUILD/bench/summary/score" --selftest >"$OUT/selftest.txt" || {
	cat "$OUT/selftest.txt"
	echo "score --selftest failed"
	exit 1
}
# Parallax is one of the systems: when it does not build, the baselines
# still run and its row says "unavailable".
if ! make -s BUILD="$BUILD" "$BUILD/parallax" >"$OUT/build.log" 2>&1; then
	echo "note: $BUILD/parallax does not build ($OUT/build.log)"
fi
if ! make -s BUILD="$BUILD" "$BUILD/bench/summary/speed" >>"$OUT/build.log" 2>&1; then
	echo "note: $BUILD/bench/summary/speed does not build ($OUT/build.log)"
fi

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/^Mem:/ {print $2}') GiB, $(uname -sr); $(date -u '+%Y-%m-%d %H:%M UTC')"
# The source Parallax was built from: its commit, and the files that differ
# from it (others may be editing the tree).
DIRTY=$(git status --porcelain -- src include Makefile 2>/dev/null | awk '{print $2}' | tr '\n' ' ' | sed 's/ $//')
echo "source: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)${DIRTY:+ plus uncommitted changes in $DIRTY}"
rm -rf "$OUT/candidates" "$OUT/ingest"
$PY $HERE/summary.py --data "$DATA" --parallax "$BUILD/parallax" \
	--score "$BUILD/bench/summary/score" --dump "$OUT/candidates" \
	--ingest "$OUT/ingest" --speed "$BUILD/bench/summary/speed" "$@"
echo
echo "candidates: $OUT/candidates/TRACK/SYSTEM.jsonl (reference.jsonl beside them)"
