#!/bin/sh
# bench/opml/run.sh — the OPML reader on every OPML file of awesome-rss-feeds
# (../shared/data/sources/awesome-rss-feeds, or $OPML_DIR): feeds read,
# outlines skipped and why, repairs made.  OPML_VERBOSE=1 lists each skip.
BUILD=${BUILD:-build}
DIR=${OPML_DIR:-../shared/data/sources/awesome-rss-feeds}
if [ ! -d "$DIR" ]; then
	echo "bench/opml: $DIR not found; nothing to read"
	exit 0
fi
find "$DIR" -name '*.opml' -print0 | sort -z | xargs -0 "$BUILD/bench/opml/opml"
