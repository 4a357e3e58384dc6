#!/usr/bin/env bash
# Starts the stand-in backend with its demo deployments, shows their logs, stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(swift build --show-bin-path)
output=$(mktemp)
"$bin/catwalk-stand-in" --port 0 >"$output" &
server=$!
trap 'kill $server 2>/dev/null; rm -f "$output"' EXIT

for _ in $(seq 100); do grep -q '^listening on ' "$output" && break; sleep 0.1; done
export CATWALK_API_URL=$(sed -n 's/^listening on //p' "$output")
export CATWALK_TOKEN=catwalk-demo-token
cat "$output"

for scenario in ticktick npm-404; do
    id=$(awk -v name="$scenario" '$1 == name { print $2 }' "$output")
    printf '\n$ catwalk-logs %s    # %s\n' "$id" "$scenario"
    "$bin/catwalk-logs" "$id" || true
done
printf '\nThe stand-in stops now. To try other ids and options, run it yourself:\n'
printf '  %s/catwalk-stand-in &    # listens on 127.0.0.1:8000, the default --api\n' "$bin"
printf '  CATWALK_TOKEN=catwalk-demo-token %s/catwalk-logs <id> [--json | --stream stderr | -n 1000]\n' "$bin"
