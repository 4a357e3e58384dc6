#!/usr/bin/env bash
# `make test`: every test, then the install check. The install check's release build (minutes
# on a fresh clone) runs beside the tests at the lowest CPU priority: the tests mostly wait on
# processes and timers, so it takes their idle time and is ready, or nearly, when they end.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p .build
log=.build/test-release-build.log
echo "make test: building the shipped binary beside the tests, at low priority (log: $log)"
setsid nice -n 19 make --no-print-directory release-product > "$log" 2>&1 &
builder=$!
# Ctrl-C or a failure stops the background build too (it is its own process group).
trap 'kill -- -$builder 2>/dev/null' EXIT
started=$SECONDS
# The whole output goes to $tests_log; the terminal gets the build, every failure, a count of
# passes every 50 and the summary (not a thousand-line pass listing above the failure).
tests_log=.build/test.log
echo "make test: running the tests (whole output: $tests_log)"
swift test 2>&1 | tee "$tests_log" | awk '
    /^(◇|↳) (Test|Suite) / || /^Test Suite .* (started|passed) at / || /Executed 0 tests/ { next }
    /^✔ (Test|Suite) / && !/^✔ Test run/ {
        if ($2 == "Test" && ++passed % 50 == 0) { print "make test: " passed " tests passed so far"; fflush() }
        next
    }
    { print; fflush() }'
tests=${PIPESTATUS[0]}
echo "make test: tests finished in $((SECONDS - started)) s; waiting for the release build"
wait "$builder"
built=$?
trap - EXIT
[ "$tests" -eq 0 ] || { echo "make test: tests failed (the ✘ lines above; whole output: $tests_log)" >&2; exit "$tests"; }
if [ "$built" -ne 0 ]; then
    cat "$log"
    echo "make test: the release build failed (above)" >&2
    exit 1
fi
echo "make test: release build ready $((SECONDS - started)) s after the tests started"
make --no-print-directory test-install
