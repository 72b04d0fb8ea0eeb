#!/bin/sh
# tests/cli_net.sh — the commands that reach the network, against the
# loopback fixture server (tests/fixture_server.c): feed parse URL,
# extract URL, fetch, feeds + run, and run stopped by a signal or killed.
# Same TAP-style lines as tests/cli.sh; run by tests/run.sh with PARALLAX
# set.  The server serves a copy of tests/fixtures/http, so that tests may
# add feeds to it; the stop tests read its /stats with curl(1) and check
# the store with sqlite3(1).
P=${PARALLAX:-build/parallax}
FS=${FIXTURE_SERVER:-$(dirname "$P")/tests/fixture-server}
T=$(mktemp -d /tmp/px-clinet-XXXXXX)
W=$T/www
cp -R tests/fixtures/http "$W"
mkfifo "$T/in"
"$FS" --root "$W" --exit-on-eof <"$T/in" >"$T/srv" 2>/dev/null &
SRV=$!
exec 3>"$T/in" # the server lives while this end is open
trap 'kill -CONT $SRV 2>/dev/null; exec 3>&-; rm -rf "$T"' EXIT
i=0
while ! grep -q listening "$T/srv" 2>/dev/null && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
PORT=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' "$T/srv")
U="http://127.0.0.1:$PORT"
. tests/tap.sh

check "the fixture server is up" test -n "$PORT"
check "feed parse URL" $P feed parse "$U/f/harbor.xml" --allow-private --json
check "feed parse URL resolves links against the URL" has "\"link\": \"$U/f/articles/tidal-barrier.html\"" "$T/out"
fails "feed parse URL refuses loopback by default" 1 $P feed parse "$U/f/harbor.xml"
check "extract URL" $P extract "$U/f/articles/tidal-barrier.html" --allow-private --json
check "extract URL gives the headline" has '"title": "Velmora council approves the tidal barrier after a nine-hour session"' "$T/out"
fails "extract URL of a missing page fails" 1 $P extract "$U/f/no-such-page.html" --allow-private
check "extract URL names the status" has "HTTP 404" "$T/err"

DB="$T/net.db"
check "fetch URL stores the article" $P --db "$DB" fetch "$U/f/articles/tidal-barrier.html" --allow-private
check "fetch says where it went" has "stored as article 1 in story 1" "$T/out"
check "fetch of the same page again" $P --db "$DB" fetch --allow-private "$U/f/articles/tidal-barrier.html"
check "fetch knows it already" has "already stored (article 1)" "$T/out"
fails "fetch refuses loopback by default" 1 $P --db "$DB" fetch "$U/f/articles/ferry-strike.html"
check "fetch says why" has "private or local address" "$T/err"
fails "fetch without a URL is a usage error" 2 $P --db "$DB" fetch

check "feeds add the fixture feeds" $P --db "$DB" feeds add "$U/f/harbor.xml" "$U/f/valley.atom" "$U/f/notes.json"
check "run --once fetches the feeds and their pages" $P --db "$DB" run --once --allow-private --delay 0
check "run reports what it did" has "3 feeds fetched (0 not modified, 0 failed), 6 new entries" "$T/out"
check "run logs each feed" has "valley.atom: 200, 2 new" "$T/err"
check "the feeds' stories are there" $P --db "$DB" stories
check "the fetched page joined the feed's story" has "2 articles" "$T/out"
check "run --once --all again: conditional GET, nothing new" $P --db "$DB" run --once --all --allow-private --delay 0
check "the second run fetched nothing twice" has "3 feeds fetched (3 not modified, 0 failed), 0 new entries" "$T/out"
check "feeds list shows the last status" $P --db "$DB" feeds list --json
check "feeds list has status 304" has '304' "$T/out"
fails "run with an unknown option is a usage error" 2 $P --db "$DB" run --bogus
TDB="$T/threads.db"
check "feeds add for a run on three extraction threads" $P --db "$TDB" feeds add "$U/f/harbor.xml" "$U/f/valley.atom" "$U/f/notes.json"
check "run --threads 3 stores what one thread does" $P --db "$TDB" run --once --allow-private --delay 0 --threads 3
check "... the same feeds, entries and stories" has "3 feeds fetched (0 not modified, 0 failed), 6 new entries" "$T/out"
fails "run --threads 0 is a usage error" 2 $P --db "$TDB" run --threads 0

# ------------------------------------------------------------ stopping run
# SIGTERM or SIGINT in the middle of a transfer: run ends at once (under
# 2 s, the transfer would take 30), status 0, "(stopped)", keeping what it
# stored (each seen entry with its article) and marking nothing else; a
# restart fetches what was left and nothing that was stored.  SIGKILL in
# the middle of a batch: the store opens and passes integrity_check, holds
# the committed batch whole and nothing of the open one, and a restart
# completes the work.  A page transfer is held up by a /slow/30000/ link
# (rewritten to the plain page before the restart), a feed transfer by
# stopping the server (SIGSTOP) until the run has ended.

# hits PATH: how many times the server was asked for PATH.
hits() {
	curl -s "$U/stats" | awk -v k="\"$1\": {" \
		'index($0, k) == 3 { on = 1 } on && /"count":/ { gsub(/[^0-9]/, ""); print; exit }' |
		grep . || echo 0
}
# waitfor COMMAND...: until COMMAND succeeds, 10 s at most.
waitfor() {
	w=0
	until "$@"; do
		[ $w -ge 200 ] && return 1
		sleep 0.05
		w=$((w + 1))
	done
}
# stall_feed NAME LINK: an RSS feed $W/NAME of four entries (ids stop-1 to
# stop-4) linking to fixture pages, the third to LINK.
stall_feed() {
	{
		echo '<rss version="2.0"><channel><title>Stop desk</title>'
		for e in 1:tidal-barrier 2:ferry-strike "3:$2" 4:barrier-upriver; do
			link=${e#*:}
			case $link in /*) ;; *) link=articles/$link.html ;; esac
			echo "<item><title>Entry ${e%%:*}</title><guid isPermaLink=\"false\">stop-${e%%:*}</guid>"
			echo "<link>$link</link><description>Entry ${e%%:*} of the stop desk.</description></item>"
		done
		echo '</channel></rss>'
	} >"$W/$1"
}
# run_bg DB ARGS...: `parallax --db DB run --allow-private --delay 0 ARGS`
# in the background, its output in $T/run.out and $T/run.err; $RUN is its pid,
# and $T/rc gets its exit status when it ends.
run_bg() {
	rm -f "$T/pid" "$T/rc"
	db=$1
	shift
	{
		sh -c 'echo $$ >"$0"; exec "$@"' "$T/pid" "$P" --db "$db" run --allow-private \
			--delay 0 "$@" >"$T/run.out" 2>"$T/run.err"
		echo $? >"$T/rc"
	} &
	BG=$!
	waitfor test -s "$T/pid"
	RUN=$(cat "$T/pid")
}
# signal_run SIGNAL: sends it to $RUN and waits for the run to end (10 s at
# most, then it is killed); $MS is how long it took, $RC its status.
signal_run() {
	t0=$(date +%s%N)
	kill -"$1" "$RUN" 2>/dev/null
	waitfor test -s "$T/rc" || kill -KILL "$RUN"
	MS=$((($(date +%s%N) - t0) / 1000000))
	wait "$BG"
	RC=$(cat "$T/rc")
}
# q DB SQL: from the store.
q() { sqlite3 "$1" "$2"; }
# consistent DB N: integrity_check passes, N articles are stored and N
# entries seen, each with its article (what it found goes to stdout).
consistent() {
	found=$(q "$1" 'PRAGMA integrity_check; SELECT count(*) FROM articles;
		SELECT count(*) FROM feed_entries; SELECT count(*) FROM feed_entries
		WHERE article_id IS NULL OR article_id NOT IN (SELECT id FROM articles)' | tr '\n' ' ')
	echo "integrity, articles, entries seen, seen without article: $found"
	test "$found" = "ok $2 $2 0 "
}
# stored_hits DB: each stored article's path on the server and how many
# times it was asked for, "PATH COUNT" a line (each URL must be the
# server's, else the path is the whole URL and the line says so).
stored_hits() {
	q "$1" 'SELECT url FROM articles ORDER BY url' | while read -r u; do
		echo "${u#"$U"} $(hits "${u#"$U"}")"
	done
}
# recount FILE: the paths stored_hits wrote to FILE, with their counts now.
recount() { while read -r path count; do echo "$path $(hits "$path")"; done <"$1"; }
asked() { test "$(hits "$1")" -ge 1; } # asked PATH: the server was asked for PATH
connected() { # a connection to the server is open (the client's end)
	grep -q " 0100007F:$(printf %04X "$PORT") 01 " /proc/net/tcp
}

# SIGTERM while the third page is in flight (one transfer at a time, so
# the first two are stored and the fourth is not begun).
SLOW=/slow/30000/articles/orchard-frost.html
stall_feed stop.xml "$SLOW"
DB=$T/stop.db
curl -s "$U/stats/reset" >/dev/null
check "feeds add a feed with a slow page" $P --db "$DB" feeds add "$U/f/stop.xml"
run_bg "$DB" --parallel 1
check "run asks for the slow page" waitfor asked "$SLOW"
signal_run TERM
check "SIGTERM in mid-transfer: run ends at once (${MS} ms)" test "$MS" -lt 2000
check "... with status 0" test "$RC" = 0
check "... and says it stopped" has "2 new articles.*(stopped)" "$T/run.out"
check "what was stored before the signal is there, and only that" consistent "$DB" 2
check "the feed is not recorded as fetched: it is due again" \
	test "$(q "$DB" 'SELECT count(*) FROM feeds WHERE last_status IS NULL')" = 1
stored_hits "$DB" >"$T/before"
stall_feed stop.xml orchard-frost # the slow page answers at once now
check "run --once after the stop" $P --db "$DB" run --once --allow-private --delay 0
check "the restart fetches the entries left" has "2 new entries; 2 pages extracted" "$T/out"
recount "$T/before" >"$T/after"
check "the restart fetches no stored page again" cmp "$T/before" "$T/after"
check "... each stored page came from the server" test "$(grep -c '^/f/articles/' "$T/before")" = 2
check "every entry is stored now" consistent "$DB" 4
check "the page the stop cut off is fetched on the restart" test "$(hits /f/articles/orchard-frost.html)" = 1

# SIGINT while the feed is in flight: the server, stopped, does not answer.
DB=$T/int.db
check "feeds add a generated feed" $P --db "$DB" feeds add "$U/feed/2.xml"
curl -s "$U/stats/reset" >/dev/null
kill -STOP $SRV
run_bg "$DB"
check "run connects for the feed" waitfor connected
signal_run INT
kill -CONT $SRV
check "SIGINT in mid-transfer: run ends at once (${MS} ms)" test "$MS" -lt 2000
check "... with status 0" test "$RC" = 0
check "... and says it stopped" has "0 feeds fetched.*(stopped)" "$T/run.out"
check "nothing is stored" consistent "$DB" 0
check "the feed is not recorded as fetched" \
	test "$(q "$DB" 'SELECT count(*) FROM feeds WHERE last_status IS NULL')" = 1
check "run --once after the stop" $P --db "$DB" run --once --allow-private --delay 0
check "the restart fetches the feed and its pages" has "1 feeds fetched (0 not modified, 0 failed), 2 new entries; 2 pages" "$T/out"
check "every entry is stored" consistent "$DB" 2
check "each of its pages was fetched once" test "$(hits /page/1.html) $(hits /page/2.html)" = "1 1"

# SIGKILL with a batch open: one feed's round committed, the next killed
# after two pages joined its batch, while the third is in flight.
DB=$T/kill.db
curl -s "$U/stats/reset" >/dev/null
check "feeds add a generated feed" $P --db "$DB" feeds add "$U/feed/3.xml"
check "run --once stores its pages" $P --db "$DB" run --once --allow-private --delay 0
check "... three of them" consistent "$DB" 3
stall_feed kill.xml "$SLOW"
check "feeds add a feed with a slow page" $P --db "$DB" feeds add "$U/f/kill.xml"
run_bg "$DB" --parallel 1
check "run asks for the slow page" waitfor asked "$SLOW"
signal_run KILL
check "SIGKILL ends it" test "$RC" = 137
check "the store opens, passes integrity_check, holds the committed batch whole" consistent "$DB" 3
check "the killed round's feed is not recorded as fetched" \
	test "$(q "$DB" 'SELECT count(*) FROM feeds WHERE last_status IS NULL')" = 1
stored_hits "$DB" >"$T/before"
stall_feed kill.xml orchard-frost
check "run --once after the kill" $P --db "$DB" run --once --allow-private --delay 0
check "the restart fetches the killed round's feed, not the other" has "1 feeds fetched (0 not modified, 0 failed), 4 new entries" "$T/out"
recount "$T/before" >"$T/after"
check "the restart fetches no stored page again" cmp "$T/before" "$T/after"
check "... each stored page came from the server" test "$(grep -c '^/page/' "$T/before")" = 3
check "every entry is stored now" consistent "$DB" 7
