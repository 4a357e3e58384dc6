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

id_of() { awk -v name="$1" '$1 == name { print $2 }' "$output"; }
if [ -t 0 ] && [ -t 1 ]; then
    # A person at a terminal: open the viewer on the failed deployment (q quits, ? helps).
    printf '\nOpening the viewer on the npm-404 deployment: q quits, ? lists the keys.\n'
    sleep 2
    "$bin/catwalk-logs" "$(id_of npm-404)" -n 1000 || true
else
    for scenario in ticktick npm-404; do
        printf '\n$ catwalk-logs %s    # %s\n' "$(id_of "$scenario")" "$scenario"
        "$bin/catwalk-logs" "$(id_of "$scenario")" || true
    done
fi
printf '\nThe stand-in stops now. To try other ids and options, run it yourself:\n'
printf '  %s/catwalk-stand-in &    # listens on 127.0.0.1:8000, the default --api\n' "$bin"
printf '  CATWALK_TOKEN=catwalk-demo-token %s/catwalk-logs <id> [--json | --stream stderr | -n 1000]\n' "$bin"
