#!/bin/sh
# bench/feedconf/run.sh — feed parsing conformance and speed (issue 7,
# "Conformance"): feedparser's own test suite (../shared/data/feedparser-tests,
# 1,484 feeds, each with an Expect: expression) evaluated on
#   - parallax:         `parallax feed parse FILE|URL --json`,
#   - feedparser:       Debian's python3-feedparser itself (the peer),
#   - feedparser-json:  feedparser's result written as Parallax's JSON and
#                       read back through the same loader (checks the loader,
#                       shows what the JSON schema leaves out),
# with the files the suite reads over HTTP served from a loopback server on
# 127.0.0.1:8097 that this script starts and stops (conf.py serve).  Then the
# parse speed of both, in-process on the files in memory, one core, best of R
# rounds: build/bench/feedconf/speed (px_feed_parse) and feedparser.parse
# (conf.py time).  Tables with the machine and the date; per-file results in
# $OUT (default build/bench/feedconf/out).  Failing expectations:
#   /usr/bin/python3 bench/feedconf/conf.py run --systems parallax --failures
#
#   sh bench/feedconf/run.sh                    (or make bench-feedconf)
#   REPEAT=20 PEER_REPEAT=5 sh bench/feedconf/run.sh
set -e
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
OUT=${OUT:-$BUILD/bench/feedconf/out}
REPEAT=${REPEAT:-10}
PEER_REPEAT=${PEER_REPEAT:-3}
PY=/usr/bin/python3
HERE=bench/feedconf
DATA=../shared/data/feedparser-tests

if [ ! -d "$DATA" ]; then
	echo "skip: $DATA not found (shared data absent)"
	exit 0
fi
mkdir -p "$OUT"
$PY $HERE/conf.py --selftest >"$OUT/selftest.txt" 2>&1 || {
	cat "$OUT/selftest.txt"
	echo "conf.py --selftest failed"
	exit 1
}

# Which systems can run; each missing one is named, never silently dropped.
SYSTEMS=parallax
if $PY -c 'import feedparser' 2>/dev/null; then
	SYSTEMS="parallax,feedparser,feedparser-json"
else
	echo "skip peer feedparser: python3-feedparser not installed (apt-get install python3-feedparser)"
fi
if ! make -s BUILD="$BUILD" "$BUILD/parallax" >"$OUT/build.log" 2>&1; then
	SYSTEMS=${SYSTEMS#parallax}
	SYSTEMS=${SYSTEMS#,}
	echo "skip Parallax: $BUILD/parallax does not build ($OUT/build.log)"
fi
SPEED=1
if ! make -s BUILD="$BUILD" "$BUILD/bench/feedconf/speed" >"$OUT/speed-build.log" 2>&1; then
	SPEED=
	echo "skip Parallax's speed: $BUILD/bench/feedconf/speed does not build ($OUT/speed-build.log)"
fi

# The loopback server, for this run only.
$PY $HERE/conf.py serve --data "$DATA" >"$OUT/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM
i=0
until grep -q '^serving' "$OUT/server.log"; do
	i=$((i + 1))
	if [ $i -gt 100 ] || ! kill -0 $SERVER 2>/dev/null; then
		cat "$OUT/server.log"
		echo "the loopback server did not start on 127.0.0.1:8097"
		exit 1
	fi
	sleep 0.1
done

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(uname -sr); $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "== conformance: feedparser's test suite ($DATA)"
[ -n "$SYSTEMS" ] && $PY $HERE/conf.py run --data "$DATA" --systems "$SYSTEMS" --parallax "$BUILD/parallax" --out "$OUT"
kill $SERVER 2>/dev/null || true

echo
echo "== speed: rounds Parallax $REPEAT, feedparser $PEER_REPEAT (best round reported)"
rm -f "$OUT/speed-parallax.json" "$OUT/speed-feedparser.json"
if [ -n "$SPEED" ]; then
	"$BUILD/bench/feedconf/speed" --repeat "$REPEAT" "$DATA" "$OUT/speed-parallax.json"
fi
case $SYSTEMS in
*feedparser*) $PY $HERE/conf.py time --data "$DATA" --repeat "$PEER_REPEAT" "$OUT/speed-feedparser.json" ;;
esac
echo
$PY $HERE/conf.py speed "$OUT/speed-parallax.json" "$OUT/speed-feedparser.json"
echo
echo "outputs: $OUT (SYSTEM.jsonl: each file's status; conf.py run --failures [SYSTEM] lists the failures)"
