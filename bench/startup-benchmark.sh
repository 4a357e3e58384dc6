#!/usr/bin/env bash
# Start-up and size (not a test): `catwalk-logs --version` against `curl --version`, wall
# and CPU, and the size of the binary `make install` puts in place (stripped).
# Targets: --version <= 1.2 x curl in both; installed binary <= 20 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
build_release
hyperfine -N --warmup 20 --runs 300 --export-json "$results/startup.json" \
    -n catwalk-logs "$bin/catwalk-logs --version" -n curl "curl --version" > /dev/null
python3 bench/record.py "$results/startup.json" "--version" catwalk-logs curl 1.2 wall
python3 bench/record.py "$results/startup.json" "--version" catwalk-logs curl 1.2 cpu
installed=$(mktemp -d)
cleanup="$cleanup '$installed'"
trap "rm -rf $cleanup" EXIT
cp "$bin/catwalk-logs" "$installed/catwalk-logs"
strip "$installed/catwalk-logs"
bytes=$(stat -c %s "$installed/catwalk-logs")
python3 - "$results/startup.json" "$bytes" <<'PY'
import json, sys
sys.path.insert(0, "bench")
from standin import record
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
cpu = lambda n: (r[n]["user"] + r[n]["system"]) * 1000
for n in r:
    print(f"{n + ' --version':24s} wall {r[n]['mean'] * 1000:6.2f} ms   cpu {cpu(n):6.2f} ms")
print(f"ratio to curl: wall {r['catwalk-logs']['mean'] / r['curl']['mean']:.2f}, cpu {cpu('catwalk-logs') / cpu('curl'):.2f} (target <= 1.2)")
size = int(sys.argv[2]) / 1_048_576
print(f"installed binary (stripped): {size:.1f} MB (target <= 20 MB)")
record("installed binary (stripped)", size, "MB", target=20, target_kind="value")
PY
