#!/usr/bin/env bash
# The cache, measured (not a test):
#   merge: a 1000-line fetch into a full cache, vs the same fetch with --no-cache;
#   read:  --offline --plain printing 1000 cached lines, vs sqlite3 selecting the same rows.
# Target: --offline --plain <= 2 x sqlite3.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
build_release
start_stand_in bench-token
export CATWALK_API_URL=$base CATWALK_TOKEN=bench-token
id=dec0de00-0000-4000-8000-000000000003
"$bin/catwalk-logs" $id -n 1000 > /dev/null   # fill the cache
db="$XDG_CACHE_HOME/catwalk-logs/cache.sqlite3"
select="SELECT timestamp, stream, message FROM deployment_logs WHERE deployment_id = '$id' AND kind = 'line' ORDER BY position"
[ "$(sqlite3 "$db" "$select" | wc -l)" = 1000 ]
[ "$("$bin/catwalk-logs" $id --offline -n 1000 --plain | wc -l)" = 1000 ]

hyperfine -N --warmup 5 --runs 60 --export-json "$results/cache.json" \
    -n fetch+merge "$bin/catwalk-logs $id -n 1000 --plain" \
    -n fetch-no-cache "$bin/catwalk-logs $id -n 1000 --plain --no-cache" \
    -n offline "$bin/catwalk-logs $id -n 1000 --plain --offline" \
    -n sqlite3 "sqlite3 $db \"$select\"" > /dev/null

python3 - "$results/cache.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
ms = lambda n: r[n]["mean"] * 1000
cpu = lambda n: (r[n]["user"] + r[n]["system"]) * 1000
for n in r:
    print(f"{n:15s} wall {ms(n):7.2f} ms   cpu {cpu(n):7.2f} ms")
print(f"\nmerge of a 1000-line window into a full cache: {ms('fetch+merge') - ms('fetch-no-cache'):.2f} ms wall, "
      f"{cpu('fetch+merge') - cpu('fetch-no-cache'):.2f} ms cpu")
print(f"--offline --plain / sqlite3: wall {ms('offline') / ms('sqlite3'):.2f}x, cpu {cpu('offline') / cpu('sqlite3'):.2f}x (target <= 2)")
PY
python3 bench/record.py "$results/cache.json" "--offline --plain 1000 lines" offline sqlite3 2 wall
python3 bench/record.py "$results/cache.json" "--offline --plain 1000 lines" offline sqlite3 - cpu
