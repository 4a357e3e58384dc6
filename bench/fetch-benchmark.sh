#!/usr/bin/env bash
# Fetch 1000 lines from the stand-in three ways and compare wall and CPU time:
#   (a) catwalk-logs --plain (release build), (b) curl -s, (c) curl -s | jq -r (same three fields).
# Not a test: it prints numbers. Targets (CPU): a <= 1.2 x b, a <= 0.3 x c.
set -euo pipefail
cd "$(dirname "$0")/.."
# The shipped binary: release, Swift runtime linked statically (`make release`).
swift build -c release --static-swift-stdlib --scratch-path .build-static >/dev/null
bin=$(swift build -c release --static-swift-stdlib --scratch-path .build-static --show-bin-path)
results=bench/results
mkdir -p "$results"

output=$(mktemp)
"$bin/catwalk-stand-in" --port 0 --token bench-token >"$output" &
server=$!
trap 'kill $server 2>/dev/null; rm -f "$output"' EXIT
for _ in $(seq 100); do grep -q '^listening on ' "$output" && break; sleep 0.1; done
base=$(sed -n 's/^listening on //p' "$output")
id=dec0de00-0000-4000-8000-000000000003
url="$base/api/deployments/$id/logs?limit=1000"
auth="Authorization: Bearer bench-token"

a="CATWALK_API_URL=$base CATWALK_TOKEN=bench-token $bin/catwalk-logs $id -n 1000 --plain > /dev/null"
b="curl -s -H '$auth' '$url' > /dev/null"
c="curl -s -H '$auth' '$url' | jq -r '.logs[] | \"\\(.timestamp) \\(.stream) \\(.message)\"' > /dev/null"

# Same output check: both print 1000 lines.
[ "$(sh -c "${a% > /dev/null}" | wc -l)" = 1000 ]
[ "$(sh -c "${c% > /dev/null}" | wc -l)" = 1000 ]

hyperfine --warmup 5 --runs 60 --export-json "$results/fetch.json" -n catwalk-logs "$a" -n curl "$b" -n curl+jq "$c"

python3 - "$results/fetch.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
def cpu(n): return r[n]["user"] + r[n]["system"]
a, b, c = "catwalk-logs", "curl", "curl+jq"
print()
for n in (a, b, c):
    print(f"{n:13s} wall {r[n]['mean']*1000:7.2f} ms   cpu {cpu(n)*1000:7.2f} ms")
print(f"\nwall ratio  catwalk-logs/curl {r[a]['mean']/r[b]['mean']:.2f}   catwalk-logs/(curl|jq) {r[a]['mean']/r[c]['mean']:.2f}")
print(f"cpu ratio   catwalk-logs/curl {cpu(a)/cpu(b):.2f} (target <= 1.2)   catwalk-logs/(curl|jq) {cpu(a)/cpu(c):.2f} (target <= 0.3)")
PY
