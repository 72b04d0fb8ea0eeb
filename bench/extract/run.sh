#!/bin/sh
# bench/extract/run.sh — article extraction (issue 6, "Measure"): Parallax's
# px_extract and, in the same run on the same pages held in memory, two
# peers: readability-lxml (Debian's python3-readability) and Readability.js
# (@mozilla/readability on jsdom).  What it measures:
#   - quality on ../shared/data/extraction-benchmark (human ground truth):
#     F1, precision, recall and accuracy by the published shingle rule
#     (score.py);
#   - speed: pages/s and MB/s of parse + extract, in-process, one core, best
#     of R rounds over the whole set; for Parallax also the peak memory per
#     page beyond the page itself (a forked child per page) and gumbo's
#     share of the time;
#   - metadata on ../shared/data/readability-pages: the share of pages whose
#     title, byline, excerpt, site name, published time and language match
#     expected-metadata.json, and the text F1 against expected.html.
# One table per data set, with the machine and the date.  Outputs stay in
# $OUT (default build/bench/extract/out) for
#   python3 bench/extract/score.py quality ... --pages parallax   (worst pages)
#
#   sh bench/extract/run.sh          (builds the bench; the peers need
#                                     sh bench/extract/install-deps once)
#   REPEAT=10 PEER_REPEAT=3 sh bench/extract/run.sh
set -e
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
OUT=${OUT:-$BUILD/bench/extract/out}
REPEAT=${REPEAT:-10}
PEER_REPEAT=${PEER_REPEAT:-3}
PY=/usr/bin/python3
HERE=bench/extract
EB=../shared/data/extraction-benchmark
RP=../shared/data/readability-pages

if [ ! -d "$EB/html" ] && [ ! -d "$RP" ]; then
	echo "skip: $EB and $RP not found (shared data absent)"
	exit 0
fi
make -s BUILD="$BUILD" "$BUILD/bench/extract/extract"
mkdir -p "$OUT"
$PY $HERE/score.py --selftest >"$OUT/selftest.txt" || {
	cat "$OUT/selftest.txt"
	echo "score.py --selftest failed"
	exit 1
}

# Which peers can run; each missing one is named, never silently dropped.
LXML=1
if ! $PY -c 'import readability, lxml' 2>/dev/null; then
	LXML=
	echo "skip peer readability-lxml: python3-readability not installed (sh $HERE/install-deps)"
fi
JS=1
if ! command -v node >/dev/null 2>&1; then
	JS=
	echo "skip peer Readability.js: node not installed (sh $HERE/install-deps)"
elif [ ! -d $HERE/node_modules/jsdom ]; then
	if ! command -v npm >/dev/null 2>&1 ||
	   ! npm ci --prefix $HERE --no-audit --no-fund >"$OUT/npm.log" 2>&1; then
		JS=
		echo "skip peer Readability.js: npm ci --prefix $HERE failed ($OUT/npm.log)"
	fi
fi

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr); $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "rounds: Parallax $REPEAT, peers $PEER_REPEAT (best round reported)"

# run_systems SET DIR URL-OPTIONS...: every system on DIR, outputs $OUT/SET-*.jsonl
run_systems() {
	set_=$1 dir=$2
	shift 2
	"$BUILD/bench/extract/extract" --repeat "$REPEAT" "$@" "$dir" "$OUT/$set_-parallax.jsonl"
	SYSTEMS="parallax=$OUT/$set_-parallax.jsonl"
	if [ -n "$LXML" ]; then
		$PY $HERE/readability_lxml.py --repeat "$PEER_REPEAT" "$@" "$dir" "$OUT/$set_-readability-lxml.jsonl"
		SYSTEMS="$SYSTEMS readability-lxml=$OUT/$set_-readability-lxml.jsonl"
	fi
	if [ -n "$JS" ]; then
		node $HERE/readability_js.js --repeat "$PEER_REPEAT" "$@" "$dir" "$OUT/$set_-readability.js.jsonl"
		SYSTEMS="$SYSTEMS readability.js=$OUT/$set_-readability.js.jsonl"
	fi
}

if [ -d "$EB/html" ]; then
	echo
	echo "== extraction-benchmark: quality (human ground truth) and speed"
	run_systems quality "$EB/html" --urls "$EB/ground-truth.json"
	echo
	# shellcheck disable=SC2086
	$PY $HERE/score.py quality "$EB/ground-truth.json" $SYSTEMS
	echo "published (all 181 pages): best 0.970; trafilatura 0.958; Readability.js 0.947; readability-lxml 0.922"
else
	echo "skip: $EB not found (shared data absent)"
fi

if [ -d "$RP" ]; then
	echo
	echo "== readability-pages: metadata and agreement with Readability.js's output"
	# The address Readability's own test harness gives these pages.
	run_systems metadata "$RP" --base-url http://fakehost/test/page.html
	echo
	# shellcheck disable=SC2086
	$PY $HERE/score.py metadata "$RP" $SYSTEMS
else
	echo "skip: $RP not found (shared data absent)"
fi
echo
echo "outputs: $OUT (score.py quality|metadata ... --pages parallax lists the worst pages)"
