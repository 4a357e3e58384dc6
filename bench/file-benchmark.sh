#!/usr/bin/env bash
# Saved files of 200,000 and 1,000,000 lines in the tool's plain format (not a test): `-n 5`
# against `tail -n 5`, and `--include` against `grep` and lnav's headless filter, in one run,
# with the peak RSS of each. Goal (issue 26): `-n 5` within 5× tail, process start included.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
build_release
trap "rm -rf '$XDG_CACHE_HOME'" EXIT
for lines in 200000 1000000; do
    file="$XDG_CACHE_HOME/big-$lines.log"
    python3 - "$file" "$lines" <<'PY'
import sys
path, count = sys.argv[1], int(sys.argv[2])
with open(path, "w") as out:
    for i in range(count):
        stamp = f"2026-12-07T{10 + i // 3_600_000:02d}:{(i // 60_000) % 60:02d}:{(i // 1000) % 60:02d}.{i % 1000:03d}Z"
        if i % 997 == 0:
            out.write(f"{stamp} stderr npm error code E404 (request {i})\n")
        else:
            out.write(f"{stamp} {'stderr' if i % 5 == 0 else 'stdout'} handled request {i} in {i % 97} ms\n")
PY
    commands=(-n "catwalk-logs -n 5" "$bin/catwalk-logs --file $file --plain -n 5" -n "tail -n 5" "tail -n 5 $file"
              -n "catwalk-logs --include" "$bin/catwalk-logs --file $file --plain --include E404 -n 1000000"
              -n "grep" "grep E404 $file")
    if command -v lnav > /dev/null; then
        commands+=(-n "lnav filter-in" "lnav -n -c ':filter-in E404' $file")
    fi
    hyperfine -N --warmup 2 --runs 10 --export-json "$results/file-$lines.json" "${commands[@]}" > /dev/null
    python3 - "$results/file-$lines.json" "$lines" "$file" "$bin/catwalk-logs" <<'PY'
import json, subprocess, sys
sys.path.insert(0, "bench")
from standin import record
results, lines, path, client = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
r = {x["command"]: x["mean"] * 1000 for x in json.load(open(results))["results"]}
def rss(command):
    out = subprocess.run(["/usr/bin/time", "-f", "%M"] + command, capture_output=True, text=True)
    return int(out.stderr.strip().splitlines()[-1]) / 1024
ours_rss = rss([client, "--file", path, "--plain", "--include", "E404", "-n", "1000000"])
print(f"{lines:,} lines: -n 5 {r['catwalk-logs -n 5']:.1f} ms vs tail {r['tail -n 5']:.1f} ms "
      f"({r['catwalk-logs -n 5'] / r['tail -n 5']:.1f}×); --include {r['catwalk-logs --include']:.0f} ms vs grep "
      f"{r['grep']:.0f} ms" + (f", lnav {r['lnav filter-in']:.0f} ms" if "lnav filter-in" in r else "")
      + f"; --include RSS {ours_rss:.0f} MB")
record(f"--file -n 5, {lines:,} lines", r["catwalk-logs -n 5"], "ms", "tail -n 5", r["tail -n 5"], target=5)
anchor = ("lnav filter-in", r["lnav filter-in"]) if "lnav filter-in" in r else ("grep", r["grep"])
record(f"--file --include, {lines:,} lines", r["catwalk-logs --include"], "ms", anchor[0], anchor[1])
PY
done
