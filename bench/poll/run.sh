#!/bin/sh
# bench/poll/run.sh — the live poller end to end: `parallax run --once --all`
# against the loopback fixture server (tests/fixture_server.c, started here
# on 127.0.0.1 with --page-bytes: news pages of 30-100 KB, boilerplate and
# all, each telling one of 701 invented stories, so that pages of a story
# come from different feeds and clustering has real work), F feeds of E
# entries each, every page distinct (poll.py: feed f is
# /feed/E.xml?first=f*E+1).  Beside it, in the same run and at the same
# concurrency N:
#   - python-peer: poll.py peer, Debian's python3-feedparser with a
#     concurrent.futures pool of N threads and urllib; it fetches and parses
#     every feed and fetches every page, and neither extracts nor stores:
#     less work than Parallax;
#   - curl: `curl --parallel --parallel-immediate --parallel-max N
#     --compressed` on the same feed and page URLs, all known in advance:
#     the transfer ceiling of this machine and this server.
# Then the second run of each poller (conditional GET: every feed 304,
# nothing new).  REPEAT rounds, the systems interleaved in each; the table
# gives the median round.  Figures per round in $OUT/*.json, the children's
# standard error in $OUT/stderr.log.  A benchmark, not a test: `make test`
# never runs it.
#
#   sh bench/poll/run.sh                                 (or make bench-poll)
#   FEEDS=200 ENTRIES=10 PARALLEL=8 REPEAT=3 PAGE_BYTES=64000 sh bench/poll/run.sh
set -e
cd "$(dirname "$0")/../.."
BUILD=${BUILD:-build}
OUT=${OUT:-$BUILD/bench/poll/out}
FEEDS=${FEEDS:-200}
ENTRIES=${ENTRIES:-10}
PARALLEL=${PARALLEL:-8}
REPEAT=${REPEAT:-3}
PAGE_BYTES=${PAGE_BYTES:-64000}
PY=/usr/bin/python3
HERE=bench/poll

mkdir -p "$OUT/root"
rm -f "$OUT"/*.json "$OUT/stderr.log"
$PY $HERE/poll.py --selftest >"$OUT/selftest.txt" 2>&1 || {
	cat "$OUT/selftest.txt"
	echo "poll.py --selftest failed"
	exit 1
}
make -s BUILD="$BUILD" "$BUILD/parallax" "$BUILD/tests/fixture-server" >"$OUT/build.log" 2>&1 || {
	cat "$OUT/build.log"
	echo "$BUILD/parallax or $BUILD/tests/fixture-server does not build"
	exit 1
}

# Which peers can run; each missing one is named, never silently dropped.
PEER=1
if ! $PY -c 'import feedparser' 2>/dev/null; then
	PEER=
	echo "skip peer python-peer: python3-feedparser not installed (apt-get install python3-feedparser)"
fi
CURL=1
if ! command -v curl >/dev/null || ! curl --help all 2>/dev/null | grep -q -- '--parallel-max'; then
	CURL=
	echo "skip peer curl: no curl with --parallel (apt-get install curl; 7.66 or later)"
fi

# The fixture server, for this run only; an empty root: /robots.txt is a 404.
"$BUILD/tests/fixture-server" --root "$OUT/root" --page-bytes "$PAGE_BYTES" \
	>"$OUT/server.out" 2>"$OUT/server.log" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true' EXIT
trap 'exit 130' INT TERM
i=0
until grep -q '^listening' "$OUT/server.out"; do
	i=$((i + 1))
	if [ $i -gt 100 ] || ! kill -0 $SERVER 2>/dev/null; then
		cat "$OUT/server.log"
		echo "the fixture server did not start"
		exit 1
	fi
	sleep 0.1
done
BASE=$(sed -n 's|^listening on \(http://127\.0\.0\.1:[0-9]*\)/$|\1|p' "$OUT/server.out")

$PY $HERE/poll.py urls --base "$BASE" --feeds "$FEEDS" --entries "$ENTRIES" >"$OUT/feeds.txt"
$PY $HERE/poll.py urls --base "$BASE" --feeds "$FEEDS" --entries "$ENTRIES" --pages |
	sed 's|.*|url = "&"\noutput = "/dev/null"|' >"$OUT/curl.conf"

MEM=$(awk '/^MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)
MODEL=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
echo "machine: $MODEL, $(nproc) cores, $MEM RAM, $(uname -sr); $(date -u '+%Y-%m-%d %H:%M UTC');" \
	"load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "workload: $FEEDS feeds x $ENTRIES entries = $((FEEDS * ENTRIES)) distinct pages on $BASE," \
	"concurrency $PARALLEL, $REPEAT rounds"
# The page sizes, as served and as sent gzip'd (every transfer here asks for gzip).
{ seq 1 50 | sed "s|.*|url = \"$BASE/page/&.html\"\noutput = \"/dev/null\"|" |
	curl -s -K - -w '%{size_download}\n'
  seq 1 50 | sed "s|.*|url = \"$BASE/page/&.html\"\noutput = \"/dev/null\"|" |
	curl -s --compressed -K - -w 'gz %{size_download}\n'; } |
	awk '/^gz/ { z += $2; nz++; next } { s += $1; n++; if (!min || $1 < min) min = $1;
	     if ($1 > max) max = $1 }
	     END { printf "pages: %.1f KB mean (%.1f-%.1f KB), %.1f KB gzip'"'"'d (pages 1-50)\n",
	           s / n / 1000, min / 1000, max / 1000, z / nz / 1000 }'
echo

RUN="--once --all --allow-private --delay 0 --parallel $PARALLEL --per-host $PARALLEL --quiet"
echo "parallax: $BUILD/parallax --db DB run $RUN"
[ -n "$PEER" ] && echo "python-peer: $PY $HERE/poll.py peer --base $BASE --feeds $FEEDS --entries $ENTRIES --parallel $PARALLEL --state STATE [--conditional]"
[ -n "$CURL" ] && printf '%s\n' "curl: curl -s --no-progress-meter --parallel --parallel-immediate --parallel-max $PARALLEL --compressed -K $OUT/curl.conf -w '%{http_code} %{size_download}\\n'"
M="$PY $HERE/poll.py measure --server-pid $SERVER --stderr $OUT/stderr.log"
r=1
while [ $r -le $REPEAT ]; do
	rm -f "$OUT/parallax.db" "$OUT/parallax.db-wal" "$OUT/parallax.db-shm" "$OUT/peer-state.json"
	xargs "$BUILD/parallax" --db "$OUT/parallax.db" feeds add <"$OUT/feeds.txt" >/dev/null
	$M --out "$OUT/parallax-r$r.json" --system parallax --round $r -- \
		"$BUILD/parallax" --db "$OUT/parallax.db" run $RUN || true
	$M --out "$OUT/parallax-304-r$r.json" --system parallax --round "$r (304)" -- \
		"$BUILD/parallax" --db "$OUT/parallax.db" run $RUN || true
	if [ -n "$PEER" ]; then
		$M --out "$OUT/peer-r$r.json" --system python-peer --round $r -- \
			$PY $HERE/poll.py peer --base "$BASE" --feeds "$FEEDS" --entries "$ENTRIES" \
			--parallel "$PARALLEL" --state "$OUT/peer-state.json" || true
		$M --out "$OUT/peer-304-r$r.json" --system python-peer --round "$r (304)" -- \
			$PY $HERE/poll.py peer --base "$BASE" --feeds "$FEEDS" --entries "$ENTRIES" \
			--parallel "$PARALLEL" --state "$OUT/peer-state.json" --conditional || true
	fi
	if [ -n "$CURL" ]; then
		$M --out "$OUT/curl-r$r.json" --system curl --round $r -- \
			curl -s --no-progress-meter --parallel --parallel-immediate --parallel-max "$PARALLEL" --compressed -K "$OUT/curl.conf" \
			-w '%{http_code} %{size_download}\n' || true
	fi
	r=$((r + 1))
done
echo
echo "== first run: $FEEDS feeds, $((FEEDS * ENTRIES)) new pages (median of $REPEAT rounds;" \
	"pages/s: articles stored for parallax, pages fetched for the peers)"
$PY $HERE/poll.py table --feeds "$FEEDS" "$OUT"/parallax-r*.json "$OUT"/peer-r*.json \
	"$OUT"/curl-r*.json
echo
echo "== second run: conditional GET, every feed 304, nothing new"
$PY $HERE/poll.py table --feeds "$FEEDS" "$OUT"/parallax-304-r*.json "$OUT"/peer-304-r*.json
echo
$PY - "$OUT/parallax.db" <<'EOF'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
one = lambda q: db.execute(q).fetchone()[0]
print('the last round\'s store: %d articles in %d stories, %.1f MB' % (
    one('select count(*) from articles'), one('select count(*) from stories'),
    one('select page_count * page_size from pragma_page_count, pragma_page_size') / 1e6))
EOF
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
