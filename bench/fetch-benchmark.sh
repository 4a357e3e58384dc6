#!/usr/bin/env bash
# Fetch 1000 lines from the stand-in three ways and compare wall and CPU time:
#   (a) catwalk-logs --plain (release build), (b) curl -s, (c) curl -s | jq -r (same three fields).
# Not a test: it prints numbers. Targets: a <= 1.3 x b in CPU and <= 1.1 x b in wall time.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
build_release
start_stand_in bench-token
id=dec0de00-0000-4000-8000-000000000003
url="$base/api/deployments/$id/logs?limit=1000"
auth="Authorization: Bearer bench-token"

a="CATWALK_API_URL=$base CATWALK_TOKEN=bench-token $bin/catwalk-logs $id -n 1000 --plain > /dev/null"
a2="${a% > /dev/null} --no-cache > /dev/null"
b="curl -s -H '$auth' '$url' > /dev/null"
c="curl -s -H '$auth' '$url' | jq -r '.logs[] | \"\\(.timestamp) \\(.stream) \\(.message)\"' > /dev/null"

# Same output check: both print 1000 lines.
[ "$(sh -c "${a% > /dev/null}" | wc -l)" = 1000 ]
[ "$(sh -c "${c% > /dev/null}" | wc -l)" = 1000 ]

hyperfine --warmup 5 --runs 60 --export-json "$results/fetch.json" \
    -n catwalk-logs "$a" -n catwalk-logs-no-cache "$a2" -n curl "$b" -n curl+jq "$c" > /dev/null

python3 - "$results/fetch.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
def cpu(n): return r[n]["user"] + r[n]["system"]
a, a2, b, c = "catwalk-logs", "catwalk-logs-no-cache", "curl", "curl+jq"
for n in (a, a2, b, c):
    print(f"{n:22s} wall {r[n]['mean']*1000:7.2f} ms   cpu {cpu(n)*1000:7.2f} ms")
print(f"\nwall ratio  catwalk-logs/curl {r[a]['mean']/r[b]['mean']:.2f}   catwalk-logs/(curl|jq) {r[a]['mean']/r[c]['mean']:.2f}")
print(f"cpu ratio   catwalk-logs/curl {cpu(a)/cpu(b):.2f} (target <= 1.3)   catwalk-logs/(curl|jq) {cpu(a)/cpu(c):.2f}")
print(f"without the cache: cpu ratio /curl {cpu(a2)/cpu(b):.2f}, /(curl|jq) {cpu(a2)/cpu(c):.2f}")
PY
for measure in cpu wall; do
    target=$([ $measure = cpu ] && echo 1.3 || echo 1.1)
    python3 bench/record.py "$results/fetch.json" "fetch 1000 lines --plain" catwalk-logs curl "$target" $measure
    python3 bench/record.py "$results/fetch.json" "fetch 1000 lines --plain --no-cache" catwalk-logs-no-cache curl - $measure
done
python3 bench/record.py "$results/fetch.json" "fetch 1000 lines --plain (vs curl | jq)" catwalk-logs curl+jq - cpu
