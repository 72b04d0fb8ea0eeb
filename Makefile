# Parallax — build with `make`, test with `make test`, and again under
# AddressSanitizer + UBSan with `make check-asan`.
#
#   build/libparallax.a   the library (src/<stage>/*.c)
#   build/parallax        the CLI (src/main.c + src/cmd/*.c)
#   build/tests/test_*    one cmocka binary per tests/test_*.c
#   build/tests/fixture-server  the loopback HTTP server the fetch tests start

PKGS     := sqlite3 gumbo libcurl libutf8proc icu-uc icu-i18n libexttextcat jansson zlib libxxhash libmicrohttpd libxml-2.0 uchardet link-grammar
BUILD    ?= build
CC       ?= cc
OPT      ?= -O2 -g
SAN      ?=
CFLAGS   := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
            -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
            $(OPT) $(SAN) -Iinclude -Isrc $(shell pkg-config --cflags $(PKGS))
LDLIBS   := $(shell pkg-config --libs $(PKGS)) -lstemmer -lcsv -lm
LDFLAGS  := $(SAN)

LIB_SRC  := $(sort $(filter-out src/main.c src/cmd/%,$(wildcard src/*/*.c)))
CMD_SRC  := src/main.c $(sort $(wildcard src/cmd/*.c))
TEST_SRC := $(sort $(wildcard tests/test_*.c))
# bench/summary/rouge.c is no program: the summary bench's scorer and its
# unit test (tests/test_rouge.c) link it (rules below).
BENCH_SRC:= $(sort $(filter-out bench/summary/rouge.c,$(wildcard bench/*/*.c)))
FUZZ_SRC := $(sort $(wildcard fuzz/fuzz_*.c))

LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
CMD_OBJ  := $(CMD_SRC:%.c=$(BUILD)/%.o)
TESTS    := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)
BENCHES  := $(BENCH_SRC:bench/%.c=$(BUILD)/bench/%)

.PHONY: all test check-asan bench bench-ratings bench-extract clean demo fuzz
all: $(BUILD)/parallax $(TESTS) $(BENCHES) $(BUILD)/tests/fixture-server

.DEFAULT_GOAL := all

$(BUILD)/%.o: %.c $(wildcard include/*.h src/*/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -c $< -o $@

$(BUILD)/libparallax.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(BUILD)/parallax: $(CMD_OBJ) $(BUILD)/libparallax.a
	$(CC) $(LDFLAGS) $^ $(LDLIBS) -o $@

$(BUILD)/tests/%: tests/%.c tests/testutil.h $(BUILD)/libparallax.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $< $(BUILD)/libparallax.a $(LDFLAGS) $(LDLIBS) -lcmocka -o $@

# The fixture HTTP server (tests/fixture_server.c, not a test itself) and the
# test that drives it; tests that start it include tests/fixture_server.h.
$(BUILD)/tests/fixture-server: tests/fixture_server.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $< $(LDFLAGS) $(shell pkg-config --libs libmicrohttpd jansson zlib) -lpthread -o $@

$(BUILD)/tests/test_fixture_server: tests/fixture_server.h $(BUILD)/tests/fixture-server

$(BUILD)/bench/%: bench/%.c $(BUILD)/libparallax.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $< $(BUILD)/libparallax.a $(LDFLAGS) $(LDLIBS) -o $@

# The ROUGE scorer (bench/summary/rouge.c) with the program and the test
# that use it.
ROUGE := bench/summary/rouge.c bench/summary/rouge.h
$(BUILD)/bench/summary/score: bench/summary/score.c $(ROUGE)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) bench/summary/score.c bench/summary/rouge.c $(LDFLAGS) -lstemmer -lm -o $@

$(BUILD)/tests/test_rouge: tests/test_rouge.c tests/testutil.h $(ROUGE)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -Ibench/summary $< bench/summary/rouge.c $(LDFLAGS) -lstemmer -lcmocka -lm -o $@

# px_summarize timed in-process on the summary bench's cluster files: a
# bench program like the others (the rule $(BUILD)/bench/%), which also
# depends on the JSONL reader and the bench header it includes; run.sh
# builds it (without it, or the library, the ROUGE rows still print).
$(BUILD)/bench/summary/speed: src/ingest/ingest.h bench/bench.h

# The whole suite: unit tests, then CLI tests; the last line is "N passed, N failed".
test: $(BUILD)/parallax $(TESTS) $(BUILD)/tests/fixture-server
	@BUILD=$(BUILD) sh tests/run.sh

check-asan:
	$(MAKE) BUILD=build-asan OPT="-O1 -g -fno-omit-frame-pointer" \
	    SAN="-fsanitize=address,undefined -fno-sanitize-recover=all" test

bench: $(BUILD)/parallax $(BENCHES)
	sh bench/cluster/run.sh
	BUILD=$(BUILD) sh bench/ratings/run.sh
	BUILD=$(BUILD) sh bench/extract/run.sh

# The outlet registry against the raters and the public feed lists alone.
bench-ratings: $(BUILD)/bench/ratings/ratings
	BUILD=$(BUILD) sh bench/ratings/run.sh

# Article extraction against readability-lxml and Readability.js (their
# install: sh bench/extract/install-deps; without them only Parallax runs).
bench-extract: $(BUILD)/bench/extract/extract
	BUILD=$(BUILD) sh bench/extract/run.sh

# feedparser's own test suite against `parallax feed parse`, beside Debian's
# python3-feedparser, and both parsers' speed (feedparser: apt-get install
# python3-feedparser; without it only Parallax runs).
.PHONY: bench-feedconf
bench-feedconf: $(BUILD)/parallax $(BUILD)/bench/feedconf/speed
	BUILD=$(BUILD) sh bench/feedconf/run.sh

# The live poller end to end (`parallax run --once --all`) against the
# loopback fixture server, beside a Python poller (python3-feedparser,
# thread pool, urllib) and `curl --parallel` on the same URLs; then the
# second, all-304 run.  A benchmark, not a test: never part of `make test`.
.PHONY: bench-poll
bench-poll: $(BUILD)/parallax $(BUILD)/tests/fixture-server
	BUILD=$(BUILD) sh bench/poll/run.sh

# ROUGE of story summaries on ../shared/data/summaries (NeuS, Multi-News):
# `parallax summarize` beside the baselines in the same run (bench/summary).
.PHONY: bench-summary
bench-summary: $(BUILD)/bench/summary/score
	BUILD=$(BUILD) sh bench/summary/run.sh

# `parallax serve` under wrk (story page, story JSON, home page) beside nginx
# serving the same bytes, in the same run (wrk and nginx: sh
# bench/serve/install-deps; without them the bench skips).
.PHONY: bench-serve
bench-serve: $(BUILD)/parallax
	BUILD=$(BUILD) sh bench/serve/run.sh

# feed_parse_date (src/feed/date.c) string by string against feedparser's
# own _parse_date: the test feeds' dates, written variants, mutations.
.PHONY: feedconf-date
feedconf-date: $(BUILD)/tests/feed_date_driver
	BUILD=$(BUILD) /usr/bin/python3 bench/feedconf/date_dev.py

# Ingests the bundled demo corpus into the default store and shows the top
# stories (`build/parallax story ID` then shows one).
# The demo corpus stored, its top stories printed, then served at
# http://localhost:8080/ until Ctrl-C (PORT=N to choose another port).
PORT ?= 8080
demo: $(BUILD)/parallax
	$(BUILD)/parallax outlets import --format csv data/outlets.csv data/demo/outlets.csv
	$(BUILD)/parallax ingest data/demo/corpus
	$(BUILD)/parallax stories --limit 10
	$(BUILD)/parallax serve --port $(PORT) --web web

# libFuzzer targets (clang): `make fuzz`, then e.g.
#   build-fuzz/fuzz/fuzz_text -max_total_time=600 build-fuzz/corpus-text
FUZZERS  := $(FUZZ_SRC:fuzz/%.c=build-fuzz/fuzz/%)
fuzz:
	$(MAKE) BUILD=build-fuzz CC=clang OPT="-O1 -g" \
	    SAN="-fsanitize=address,undefined,fuzzer-no-link" build-fuzz/libparallax.a
	$(MAKE) BUILD=build-fuzz CC=clang OPT="-O1 -g" \
	    SAN="-fsanitize=address,undefined,fuzzer-no-link" $(FUZZERS)

build-fuzz/fuzz/%: fuzz/%.c build-fuzz/libparallax.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -fsanitize=fuzzer $< build-fuzz/libparallax.a $(LDFLAGS) $(LDLIBS) -o $@

# src/feed/html.c against feedparser's own sanitiser and URI resolver, field
# by field on its test feeds (needs python3-feedparser; see the script).
.PHONY: feedconf-html
feedconf-html: $(BUILD)/tests/feed_html_driver
	BUILD=$(BUILD) /usr/bin/python3 bench/feedconf/html_dev.py

$(BUILD)/tests/feed_html_driver: tests/feed_html_driver.c $(BUILD)/libparallax.a
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $< $(BUILD)/libparallax.a $(LDFLAGS) $(LDLIBS) -o $@

clean:
	rm -rf build build-asan build-fuzz
