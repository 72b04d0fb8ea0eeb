#!/bin/sh
# tests/cli.sh — the `parallax` command as a user runs it: exit codes,
# messages and output shapes.  One "ok N - what" or "not ok N - what" line
# per check (TAP style); run by tests/run.sh with PARALLAX set.
P=${PARALLAX:-build/parallax}
T=$(mktemp -d /tmp/px-cli-XXXXXX)
trap 'rm -rf "$T"' EXIT
. tests/tap.sh

DB="$T/demo.db"
check "ingest the demo corpus" $P ingest --db "$DB" data/demo/corpus
NDEMO=$(cat data/demo/corpus/*.jsonl | wc -l | tr -d ' ')
check "ingest summary counts every article" has "^$NDEMO read in" "$T/out"
check "ingest summary counts wire copies" has "20 wire copies" "$T/out"
check "re-ingest stores nothing twice" $P --db "$DB" ingest data/demo/corpus
check "re-ingest reports duplicates" has "0 new, 0 wire copies, $NDEMO duplicates" "$T/out"
check "stories lists ranked stories" $P stories --db "$DB" --limit 5
check "stories prints five" test "$(grep -c '^ *[0-9]*\. \[story' "$T/out")" -eq 5
check "stories --json is a JSON list" $P stories --db "$DB" --limit 3 --json
check "stories --json has story fields" has '"key_points"' "$T/out"
id=$(sed -n 's/.*"id": \([0-9]*\),/\1/p' "$T/out" | head -n 1)
check "story page" $P story "$id" --db "$DB"
check "story page has coverage details" has "^Coverage Details" "$T/out"
check "story page has articles" has "^[0-9]* Articles\?$" "$T/out"
check "story --explain shows join reasons" $P story --db "$DB" "$id" --explain
check "explain names the terms" has "joined: " "$T/out"
check "story --json" $P story --db "$DB" "$id" --json
check "story JSON has coverage" has '"independent_reports"' "$T/out"
fails "unknown story is an error" 1 $P story --db "$DB" 999999
check "unknown story says which" has "no story 999999" "$T/err"
fails "bad --limit is a usage error" 2 $P stories --db "$DB" --limit many
fails "unknown command is a usage error" 2 $P frobnicate
fails "ingest without paths is a usage error" 2 $P ingest --db "$DB"
printf '{"title": "x"\n' >"$T/bad.jsonl"
check "a bad line does not fail the run" $P ingest --db "$DB" "$T/bad.jsonl"
check "a bad line is reported with its place" has "bad.jsonl:1: invalid JSON" "$T/err"
fails "an unopenable store is an error" 1 $P stories --db /proc/parallax/nope.db
check "the store error names the path" has "/proc/parallax" "$T/err"
check "version" $P --version
gzip -c data/demo/corpus/2025-03-03.jsonl >"$T/day.jsonl.gz"
check "ingest reads gzipped JSON Lines" $P ingest --db "$T/gz.db" "$T/day.jsonl.gz"
check "gzipped lines are all read" has "^$(wc -l <data/demo/corpus/2025-03-03.jsonl) read in" "$T/out"
# The outlet registry.
ODB="$T/outlets.db"
check "outlets import reads the demo table" $P outlets --db "$ODB" import --format csv data/demo/outlets.csv
check "outlets import summarises" has "25 rows: 25 outlets, 50 ratings; 0 not matched, 0 rejected" "$T/err"
check "outlets import reports bad rows and goes on" $P outlets --db "$ODB" import --format csv tests/fixtures/ratings/registry.csv
check "a bad outlet row names its line" has "registry.csv:4: lean 'sideways' is not on the scale" "$T/err"
check "outlets import --format mbfc reads MBFC's CSV too" $P outlets --db "$T/mbfc.db" import --format mbfc tests/fixtures/ratings/mbfc.csv
check "an MBFC CSV row names its line" has "mbfc.csv:7: unknown bias 'diagonal'" "$T/err"
check "outlets import --format allsides reads the favstats table too" $P outlets --db "$T/mbfc.db" import --format allsides tests/fixtures/ratings/allsides-favstats.csv
check "a favstats row names its line" has "allsides-favstats.csv:5: unknown rating 'Center'" "$T/err"
fails "a file of neither MBFC shape is refused" 1 $P outlets --db "$T/mbfc.db" import --format mbfc tests/fixtures/ratings/adfontes.csv
check "the refusal names the file" has "adfontes.csv:1: not MBFC" "$T/err"
check "outlets list" $P outlets --db "$ODB" list
check "outlets list shows lean and factuality" has "^Meridian Press Agency  *center  *very-high" "$T/out"
check "outlets list --json" $P outlets --db "$ODB" list --json
for field in '"id"' '"name"' '"domains"' '"feeds"' '"country"' '"lean"' '"factuality"' '"ownership"' '"ratings"' '"rater"' '"date"'; do
	check "outlets list --json has $field" has "$field" "$T/out"
done
check "outlets show by domain" $P outlets --db "$ODB" show www.mpa-wire.example
check "outlets show gives each rating's provenance" has "parallax-demo .* rated 2025-03-01  from data/demo/outlets.csv:2" "$T/out"
check "outlets rate overrides" $P outlets --db "$ODB" rate mpa lean lean-right
check "outlets show marks the override" $P outlets --db "$ODB" show "Meridian Press Agency"
check "the override decides" has "Lean: *lean-right (1.00; your override" "$T/out"
fails "outlets rate refuses an unknown level" 1 $P outlets --db "$ODB" rate mpa lean sideways
fails "outlets show of an unknown outlet fails" 1 $P outlets --db "$ODB" show no-such.example
fails "outlets import without --format is a usage error" 2 $P outlets --db "$ODB" import data/demo/outlets.csv
check "ingest after import rates the articles' outlets" $P ingest --db "$ODB" data/demo/corpus
check "outlets list counts their articles" $P outlets --db "$ODB" show mpa --json
check "the agency has its articles" has '"articles": [1-9]' "$T/out"
check "blindspots runs on the demo" $P blindspots --db "$ODB"
check "blindspots states its rule and the usual shares" has "^Usual shares: Left [0-9]*% · Center [0-9]*% · Right [0-9]*%" "$T/out"
check "blindspots --json is a list" $P blindspots --db "$ODB" --side left --json
check "blindspots --json starts a list" has "^\[" "$T/out"
fails "blindspots refuses an unknown side" 2 $P blindspots --db "$ODB" --side up
# parallax extract: one HTML page to its article.
XF=tests/fixtures/extract
check "extract FILE --json" $P extract "$XF/news-full.html" --json
for field in '"title"' '"byline"' '"published"' '"modified"' '"site_name"' '"lang"' '"excerpt"' '"image"' '"canonical_url"' '"section"' '"tags"' '"charset"' '"text"'; do
	check "extract --json has $field" has "$field" "$T/out"
done
check "extract --json gives the headline" has '"title": "Harbour dredging plan wins narrow council vote"' "$T/out"
check "extract --json joins the authors" has '"byline": "Mara Quillfeather, Tobias Renwick"' "$T/out"
check "extract --json leaves the comments out" test "$(grep -c 'Nobody asked' "$T/out")" -eq 0
check "extract - reads standard input" sh -c "$P extract - --json <'$XF/meta-tags.html'"
check "extract - gives the page's title" has '"title": "Night buses return to Eastmoor after two-year gap"' "$T/out"
check "extract options before the file" $P extract --json "$XF/title-only.html"
check "extract options before the file give JSON" has '"byline": "Ottilie Marsh"' "$T/out"
check "extract --url resolves a relative canonical" $P extract "$XF/news-full.html" --url "https://www.ledger.example/amp/12345?ref=home" --json
check "the canonical is absolute against <base> and --url" has '"canonical_url": "https://www.ledger.example/news/2025/harbour-dredging-vote"' "$T/out"
check "extract --url=URL too" $P extract --url=https://www.brackwater.example/transport/123 "$XF/meta-tags.html" --json
check "og:url made absolute" has '"canonical_url": "https://www.brackwater.example/transport/night-buses-eastmoor"' "$T/out"
check "extract without --json prints title, byline and text" $P extract "$XF/title-only.html"
check "the text output starts with the headline" test "$(head -n 1 "$T/out")" = "Volunteers reopen the old lido after six dry summers"
check "the text output has the article" has "^The friends raised the money for the pumps" "$T/out"
head -c 2048 /dev/zero >"$T/image.png"
printf '\211PNG\r\n\032\n' | cat - "$T/image.png" >"$T/photo.html"
fails "extract refuses binary data" 1 $P extract "$T/photo.html"
check "the refusal names the file and says binary" has "photo.html: binary data" "$T/err"
fails "extract of a missing file fails" 1 $P extract "$T/no-such-page.html"
check "the failure names the missing file" has "no-such-page.html" "$T/err"
fails "extract without a file is a usage error" 2 $P extract --json
fails "extract with two files is a usage error" 2 $P extract "$XF/split-ad.html" "$XF/br-widget.html"

# parallax feed parse: one feed to feedparser-shaped JSON or a listing.
FF=tests/fixtures/feed
check "feed parse FILE --json" $P feed parse "$FF/rss2.xml" --json
check "feed parse --json names the version" has '"version": "rss20"' "$T/out"
check "feed parse --json has entries with links" has '"link": "https://harbourpost.example/2025/03/barrier"' "$T/out"
check "feed parse --json leaves no script" test "$(grep -c 'steal()' "$T/out")" -eq 0
check "feed parse options before the file" $P feed --json parse "$FF/atom.xml"
check "feed parse of Atom says atom10" has '"version": "atom10"' "$T/out"
check "feed parse without --json lists the entries" $P feed parse "$FF/rdf.xml"
check "feed parse listing shows the title" has "Bridge reopens after repairs" "$T/out"
check "feed parse - reads standard input" sh -c "$P feed parse - --json <'$FF/feed.json'"
check "feed parse of JSON Feed says json11" has '"version": "json11"' "$T/out"
check "feed parse of an ill-formed feed flags it" $P feed parse "$FF/bare-amp.xml" --json
check "feed parse ill-formed: bozo" has '"bozo": true' "$T/out"
fails "feed parse of an HTML page fails" 1 $P feed parse "$FF/not-a-feed.html"
check "feed parse names the file and the reason" has "not-a-feed.html: not a feed: the document is <html>" "$T/err"
fails "feed parse of a missing file fails" 1 $P feed parse "$T/no-such-feed.xml"
fails "feed parse refuses a loopback URL" 1 $P feed parse http://127.0.0.1:9/feed.xml
check "feed parse says why the URL was refused" has "private or local address" "$T/err"
fails "feed parse without a file is a usage error" 2 $P feed parse
fails "feed without parse is a usage error" 2 $P feed "$FF/rss2.xml"
check "ingest reads feed files: each entry an article" $P --db "$T/feeds.db" ingest "$FF/atom.xml" "$FF/rdf.xml"
check "feed ingest counts the entries" has "^2 read in" "$T/out"
check "feed ingest stores them" has "2 new" "$T/out"
check "feed ingest makes stories" $P --db "$T/feeds.db" stories
check "feed ingest keeps the entry's title" has "Bridge reopens after repairs" "$T/out"
# The feed registry: parallax feeds add / import / export / list / remove.
FDB="$T/registry.db"
OF=tests/fixtures/opml
check "feeds add" $P feeds --db "$FDB" add https://feeds.harbor.example/news.xml
check "feeds add prints the new id" has "^added 1 https://feeds.harbor.example/news.xml$" "$T/out"
check "feeds add again is idempotent" $P feeds add "HTTPS://Feeds.Harbor.example/news.xml#top" --db "$FDB"
check "a known feed is reported present with its id" has "^present 1 " "$T/out"
check "feeds add --title after the URL" $P feeds add https://ledger.example/rss --title "The Ledger" --db "$FDB"
fails "feeds add refuses a non-http URL" 1 $P feeds --db "$FDB" add ftp://files.example/feed.xml
check "the refusal names the URL" has "feed 'ftp://files.example/feed.xml': not an absolute http(s) URL" "$T/err"
fails "feeds add without a URL is a usage error" 2 $P feeds --db "$FDB" add
check "feeds add's usage points to the starter list" has "parallax feeds import data/feeds.opml" "$T/err"
fails "feeds add --title names one feed" 2 $P feeds --db "$FDB" add --title X https://a.example/ https://b.example/
check "feeds list" $P feeds --db "$FDB" list
check "feeds list has its columns" has "ID  STATUS ERRORS  LAST NEW  *NEXT DUE  *URL  TITLE" "$T/out"
check "feeds list shows a never-fetched feed" has "^ *2  -  *0  -  *[0-9-]* [0-9:]*  https://ledger.example/rss  The Ledger$" "$T/out"
check "feeds list --json" $P feeds --db "$FDB" --json list
for field in '"id"' '"url"' '"title"' '"last_status"' '"last_error"' '"last_new_at"' '"error_count"' '"next_due_at"' '"interval_s"' '"etag"' '"disabled"'; do
	check "feeds list --json has $field" has "$field" "$T/out"
done
check "feeds import the starter list" $P feeds --db "$FDB" import data/feeds.opml
check "the starter list is imported whole" has "^data/feeds.opml: 20 feeds: 20 added, 0 already present, 0 skipped$" "$T/err"
check "feeds import again" $P feeds --db "$FDB" import data/feeds.opml
check "a second import finds them present" has "20 feeds: 0 added, 20 already present, 0 skipped" "$T/err"
check "feeds import reports skips and goes on" $P feeds --db "$FDB" import "$OF/skips.opml"
check "a skipped outline names its line" has "skips.opml:9: skipped: xmlUrl 'javascript:alert(1)' is not an absolute http(s) URL" "$T/err"
check "a duplicate names the first line" has "skips.opml:12: skipped: .* is listed already, at line 5" "$T/err"
check "feeds import counts the skips" has "skips.opml: 4 feeds: 4 added, 0 already present, 7 skipped" "$T/err"
check "feeds import mends bare ampersands" $P feeds --db "$FDB" import "$OF/mended.opml"
check "a mended file is read whole" has "mended.opml: 8 feeds: 8 added" "$T/err"
fails "feeds import of a feed is refused" 1 $P feeds --db "$FDB" import "$OF/feed.rss"
check "the refusal names file and line" has "feed.rss:2: not an OPML file: the root element is <rss>" "$T/err"
fails "feeds import of a missing file fails" 1 $P feeds --db "$FDB" import "$T/none.opml"
check "the failure names the file" has "none.opml" "$T/err"
head -c 1024 /dev/urandom | tr -d '<' | cat - /dev/zero | head -c 4096 >"$T/binary.opml"
fails "feeds import refuses binary data" 1 $P feeds --db "$FDB" import "$T/binary.opml"
check "the refusal says binary" has "binary.opml: binary data, not an OPML file" "$T/err"
check "feeds export" $P feeds --db "$FDB" export
check "feeds export writes OPML 2.0" has '<opml version="2.0">' "$T/out"
check "feeds export escapes attributes" has 'xmlUrl="https://tea.example/feed?a=1&amp;b=2&amp;c=3"' "$T/out"
cp "$T/out" "$T/export.opml"
check "an export imports into a new store" $P feeds --db "$T/registry2.db" import "$T/export.opml"
check "the round trip keeps every feed" has "export.opml: 34 feeds: 34 added, 0 already present, 0 skipped" "$T/err"
check "feeds remove by id" $P feeds --db "$FDB" remove 1
check "feeds remove says what it removed" has "^removed 1$" "$T/out"
fails "feeds remove of an unknown id fails" 1 $P feeds --db "$FDB" remove 1
check "the failure names the id" has "no feed '1'" "$T/err"
check "feeds remove by URL" $P feeds --db "$FDB" remove https://LEDGER.example/rss
# feeds add --outlets: the feeds the outlet registry lists.
OCSV="$T/follow.csv"
{
	echo "id,name,domains,feed_urls,country,language,ownership,owner,lean,lean_rater,lean_date,factuality,factuality_rater,factuality_date"
	echo "harbour,Harbour Gazette,harbour.example,https://harbour.example/rss https://cdn.elsewhere.example/harbour.xml,GB,en,,,,,,,,"
	echo "pine,Pinecone Post,pinecone.example,https://pinecone.example/feed/,US,en,,,,,,,,"
	echo "quiet,Quiet Times,quiet.example,,US,en,,,,,,,,"
} >"$OCSV"
NFEEDS=$(tail -n +2 "$OCSV" | cut -d, -f4 | tr ' ' '\n' | grep -c '^http')
NLISTING=$(tail -n +2 "$OCSV" | cut -d, -f4 | grep -c '^http')
WDB="$T/follow-all.db"
fails "feeds add --outlets with no registry loaded fails" 1 $P feeds --db "$WDB" add --outlets
check "the failure says the registry lists no feeds" has "the outlet registry lists no feed URLs" "$T/err"
check "outlets import of the feeds fixture" $P outlets --db "$WDB" import --format csv "$OCSV"
check "feeds add --outlets follows every listed feed" $P feeds --db "$WDB" add --outlets
check "each listed feed is added" test "$(grep -c '^added [0-9]* https://' "$T/out")" -eq "$NFEEDS"
check "feeds add --outlets summarises" has "^$NFEEDS feeds added, 0 already followed, from $NLISTING outlets$" "$T/err"
check "feeds list after --outlets" $P feeds --db "$WDB" list --json
check "the registry holds exactly the listed feeds" test "$(grep -c '"outlet_id": [0-9]' "$T/out")" -eq "$NFEEDS"
check "feeds add --outlets again" $P feeds --db "$WDB" add --outlets
check "a second run adds nothing" has "^0 feeds added, $NFEEDS already followed, from $NLISTING outlets$" "$T/err"
check "a second run reports each feed present" test "$(grep -c '^present ' "$T/out")" -eq "$NFEEDS"
NDB="$T/follow-named.db"
check "outlets import for a named follow" $P outlets --db "$NDB" import --format csv "$OCSV"
check "outlets show --json lists the outlet's feeds" $P outlets --db "$NDB" show harbour --json
check "the feeds are in the outlet JSON" has '"https://cdn.elsewhere.example/harbour.xml"' "$T/out"
hid=$(sed -n 's/^    "id": \([0-9]*\),$/\1/p' "$T/out" | head -n 1)
check "feeds add --outlets NAME" $P feeds --db "$NDB" add --outlets "Harbour Gazette"
check "the named outlet's feeds are added" test "$(grep -c '^added ' "$T/out")" -eq 2
check "feeds add --outlets NAME summarises" has "^2 feeds added, 0 already followed, from 1 outlet$" "$T/err"
check "feeds list --json after a named follow" $P feeds --db "$NDB" list --json
check "both feeds link to the named outlet" test "$(grep -c "\"outlet_id\": $hid,\$" "$T/out")" -eq 2
check "no other outlet's feed is followed" test "$(grep -c '"id": ' "$T/out")" -eq 2
fails "feeds add --outlets of an outlet without feeds fails" 1 $P feeds --db "$NDB" add --outlets quiet pinecone.example
check "the outlet without feeds is named" has "outlet Quiet Times lists no feed URLs" "$T/err"
check "the other outlet is still followed" has "^added [0-9]* https://pinecone.example/feed/$" "$T/out"
fails "feeds add --outlets of an unknown outlet fails" 1 $P feeds --db "$NDB" add --outlets harbour no-such-outlet
check "the unknown outlet is named" has "no outlet 'no-such-outlet'" "$T/err"
check "the known outlet's feeds are reported present" test "$(grep -c '^present ' "$T/out")" -eq 2
fails "feeds add --outlets --title is a usage error" 2 $P feeds --db "$NDB" add --outlets --title X harbour
fails "--outlets belongs to feeds add only" 2 $P feeds --db "$NDB" list --outlets
RDB="$T/follow-registry.db"
check "outlets import of the shipped registry" $P outlets --db "$RDB" import --format csv data/outlets.csv
check "outlets list --json of the shipped registry" $P outlets --db "$RDB" list --json
NREG=$(awk '/"feeds": \[$/ { inside = 1; next } inside && /\]/ { inside = 0 } inside' "$T/out" | sort -u | grep -c 'http')
check "the shipped registry lists feeds" test "$NREG" -ge 100
check "feeds add --outlets follows the shipped registry's feeds" $P feeds --db "$RDB" add --outlets
check "every distinct listed feed is added" has "^$NREG feeds added, 0 already followed, from " "$T/err"
fails "feeds with an unknown option is a usage error" 2 $P feeds --db "$FDB" list --frobnicate
fails "feeds with an unknown subcommand is a usage error" 2 $P feeds --db "$FDB" frobnicate

# summarize: a JSONL file's articles as one story, nothing stored.
grep -h '"gold_story": "carrow-bridge-collapse"' data/demo/corpus/*.jsonl > "$T/bridge.jsonl"
NB=$(wc -l < "$T/bridge.jsonl" | tr -d ' ')
check "the demo has a bridge-collapse story" test "$NB" -ge 3
check "summarize FILE --json" $P --db "$ODB" summarize "$T/bridge.jsonl" --json
check "summarize gives key points with sources" has '"sources": \[' "$T/out"
check "summarize lists every article" test "$(grep -c '"snippet"' "$T/out")" -eq "$NB"
check "summarize rates outlets from the store's registry" has '"lean": "' "$T/out"
check "summarize FILE as text" $P --db "$ODB" summarize "$T/bridge.jsonl"
check "the text shows each key point's sides" has "left [0-9]* · center [0-9]* · right [0-9]*" "$T/out"
fails "summarize without a file is a usage error" 2 $P summarize
fails "summarize of a missing file fails" 1 $P --db "$DB" summarize "$T/no-such.jsonl"
check "summarize names the missing file" has "no-such.jsonl" "$T/err"

# A new store opened by several processes at once: each switches it to WAL
# and migrates it, or finds that done; none fails.  The race is narrow (it
# failed about one round in fifty before store_open retried the switch to
# WAL), so five rounds, each on a new store.
: >"$T/conc.rc"; : >"$T/conc.err"
for round in 1 2 3 4 5; do
	CDB="$T/concurrent$round.db"
	for i in 1 2 3 4 5 6; do
		($P --db "$CDB" stories >/dev/null 2>"$T/conc$i.err"; echo $? >"$T/conc$i.rc") &
	done
	wait
	cat "$T"/conc[1-6].rc | tr -d '\n' >>"$T/conc.rc"
	cat "$T"/conc[1-6].err >>"$T/conc.err"
done
check "six processes create one store at once, all succeed (5 rounds)" \
	test "$(cat "$T/conc.rc")" = "000000000000000000000000000000"
check "... and none reports an error" test ! -s "$T/conc.err"
cat "$T/conc.err" >&2
