#!/bin/sh
# tests/cli_net.sh — the commands that reach the network, against the
# loopback fixture server (tests/fixture_server.c): feed parse URL,
# extract URL, fetch, feeds + run.  Same TAP-style lines as tests/cli.sh;
# run by tests/run.sh with PARALLAX set.
P=${PARALLAX:-build/parallax}
FS=${FIXTURE_SERVER:-$(dirname "$P")/tests/fixture-server}
T=$(mktemp -d /tmp/px-clinet-XXXXXX)
mkfifo "$T/in"
"$FS" --root tests/fixtures/http --exit-on-eof <"$T/in" >"$T/srv" 2>/dev/null &
exec 3>"$T/in" # the server lives while this end is open
trap 'exec 3>&-; rm -rf "$T"' EXIT
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
