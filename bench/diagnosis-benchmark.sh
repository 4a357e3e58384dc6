#!/usr/bin/env bash
# Time to diagnose 1000 lines (not a test). The process start is measured on an empty
# file and subtracted. Target: under 5 ms for the 1000 lines.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
build_release
log="$XDG_CACHE_HOME/1000-lines.log"
python3 - "$log" <<'PY'
import random, sys
random.seed(7)
noise = ["npm warn deprecated glob@7.2.3: Glob versions prior to v9 are no longer supported",
         "(node:17) DeprecationWarning: The `punycode` module is deprecated.",
         "    at Module._compile (node:internal/modules/cjs/loader:1256:14)",
         "INFO:     127.0.0.1:51234 - \"GET /health HTTP/1.1\" 200 OK",
         "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"error count: 0\"}]}}",
         "2026-11-28T12:00:01Z app[e784e] iad [info] INFO Starting init (commit: 1e2a3b4)...",
         "fetching tool list from upstream API (attempt 1)"]
lines = [random.choice(noise) + f" #{i}" for i in range(990)]
lines += ["npm ERR! code E404",
          "npm ERR! 404 Not Found - GET https://registry.npmjs.org/ghost-mcp - Not found",
          "npm ERR! 404  'ghost-mcp@*' is not in this registry.",
          "mcp-proxy: child process exited with code 1",
          "Error: Connection closed"] + ["    at Client._onclose (protocol.js:93:23)"] * 5
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
PY
[ "$(wc -l < "$log")" = 1000 ]
hyperfine -N --warmup 5 --runs 100 --export-json "$results/diagnosis.json" \
    -n diagnose-1000 "$bin/catwalk-logs diagnose $log" -n diagnose-empty "$bin/catwalk-logs diagnose /dev/null" \
    -i > /dev/null
python3 - "$results/diagnosis.json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
full, empty = r["diagnose-1000"], r["diagnose-empty"]
print(f"diagnose 1000 lines: {full['mean']*1000:.2f} ms wall in all, {empty['mean']*1000:.2f} ms for an empty file;")
print(f"the diagnosis itself: {(full['mean'] - empty['mean'])*1000:.2f} ms wall, "
      f"{(full['user'] + full['system'] - empty['user'] - empty['system'])*1000:.2f} ms cpu (target < 5 ms)")
sys.path.insert(0, "bench")
from standin import record
record("diagnosis of 1000 lines (less an empty run), wall", (full["mean"] - empty["mean"]) * 1000, "ms", target=5,
       target_kind="value")
PY
