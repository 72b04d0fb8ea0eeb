#!/bin/sh
# tests/run.sh — the whole suite: every cmocka binary in $BUILD/tests, then
# the CLI tests (tests/cli.sh, and tests/cli_net.sh against the loopback
# fixture server), then the web server in Chromium (tests/browser/run.sh).
# Prints each binary's report and closes with one line, "N passed, N
# failed", counting test cases; exits non-zero on any failure.
BUILD=${BUILD:-build}
# Under ASan: leaks inside packaged libraries are listed in tests/lsan.supp.
LSAN_OPTIONS="suppressions=$(pwd)/tests/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
export LSAN_OPTIONS
passed=0
failed=0
for t in "$BUILD"/tests/test_*; do
	[ -x "$t" ] || continue
	echo "== $t"
	out=$("$t" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
	f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -n 1)
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	if [ "$rc" -ne 0 ] && [ -z "$f" ]; then
		echo "$t exited with status $rc"
		failed=$((failed + 1))
	fi
done
for script in tests/cli.sh tests/cli_net.sh tests/browser/run.sh; do
	echo "== $script"
	out=$(PARALLAX="$BUILD/parallax" sh "$script" 2>&1)
	printf '%s\n' "$out"
	p=$(printf '%s\n' "$out" | grep -c '^ok ')
	f=$(printf '%s\n' "$out" | grep -c '^not ok ')
	passed=$((passed + p))
	failed=$((failed + f))
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
