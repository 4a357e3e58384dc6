#!/usr/bin/env bash
# Fuzzes every parser (one libFuzzer run per seed corpus under Tests/Fuzz/Corpus) for
# FUZZ_SECONDS seconds each (default 60), under AddressSanitizer. A broken property or a
# crash is a finding: its input is saved under Tests/Fuzz/Crashes/<target>/, where the unit
# tests replay it, and the script exits 1. Prints each target's executions per second.
set -uo pipefail
cd "$(dirname "$0")/.."

seconds="${FUZZ_SECONDS:-60}"
scratch="$PWD/.build-fuzz"
build=(swift build -c debug --package-path Tests/Fuzz --scratch-path "$scratch" -Xswiftc -sanitize=fuzzer,address)
# The linker's "Cannot export local symbol '__asan_…'" warnings are harmless (and many).
"${build[@]}" 2>&1 | grep -v "Cannot export local symbol" || true
binary="$("${build[@]}" --show-bin-path)/catwalk-fuzz"
[ -x "$binary" ] || { echo "fuzz: the fuzzing build failed" >&2; exit 1; }

findings=0
printf '%-14s %12s %12s  %s\n' target exec/s runs result
for seeds in Tests/Fuzz/Corpus/*/; do
    target="$(basename "$seeds")"
    mkdir -p "$scratch/corpus/$target" "Tests/Fuzz/Crashes/$target"
    log="$scratch/$target.log"
    # The Swift runtime's own crash backtracer would hold up libFuzzer's crash handling. Leak
    # checking is off: Swift's Regex compiler leaks its parse trees (in the runtime, not here).
    SWIFT_BACKTRACE=enable=no ASAN_OPTIONS=detect_leaks=0 "$binary" "$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 \
        -print_final_stats=1 -artifact_prefix="Tests/Fuzz/Crashes/$target/" \
        "$scratch/corpus/$target" "$seeds" > "$log" 2>&1
    status=$?
    rate="$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | head -1)"
    runs="$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | head -1)"
    if [ "$status" -eq 0 ]; then
        result=clean
    else
        findings=$((findings + 1))
        result="FINDING (exit $status): $(grep -m1 -E 'property broken|ERROR:|deadly signal|timeout' "$log"); see $log"
    fi
    printf '%-14s %12s %12s  %s\n' "$target" "${rate:-?}" "${runs:-?}" "$result"
done
[ "$findings" -eq 0 ] || { echo "fuzz: $findings target(s) with findings; inputs under Tests/Fuzz/Crashes" >&2; exit 1; }
