#!/bin/sh
# bench/ratings/run.sh — the outlet registry against the raters (lean
# agreement, leave-one-out) and the public feed lists (share matched), on
# ../shared/data/sources.
#   sh bench/ratings/run.sh        (after `make`; builds nothing)
set -e
cd "$(dirname "$0")/../.."
DATA=../shared/data/sources
if [ ! -d "$DATA" ]; then
	echo "skip: $DATA not found (shared data absent)"
	exit 0
fi
echo "== outlet registry: ratings and feed coverage ($(uname -sr))"
"${BUILD:-build}"/bench/ratings/ratings "$DATA" data/outlets.csv
