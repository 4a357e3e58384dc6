#!/usr/bin/env bash
# Starts the stand-in backend with its demo deployments (one of them still starting and
# writing lines), shows their logs, stops it.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(swift build --show-bin-path)
output=$(mktemp)
"$bin/catwalk-stand-in" --port 0 --demo-live >"$output" &
server=$!
trap 'kill $server 2>/dev/null; rm -f "$output"' EXIT

for _ in $(seq 100); do grep -q '^listening on ' "$output" && break; sleep 0.1; done
export CATWALK_API_URL=$(sed -n 's/^listening on //p' "$output")
export CATWALK_TOKEN=catwalk-demo-token
cat "$output"

# The deployment still starting, by the name the backend lists (the table's first column).
starting=$(awk '$2 == "starting" { print $1 }' "$output")
if [ -t 0 ] && [ -t 1 ]; then
    # A person at a terminal: open the viewer on the deployment that is still starting; its
    # lines arrive live (q quits, ? lists the keys, f pauses). Then a failed one, diagnosed.
    printf '\nOpening the viewer on %s, which is still starting and writing lines.\n' "$starting"
    printf 'q quits, ? lists the keys; after it, the demo shows why npm-404 failed.\n'
    sleep 3
    "$bin/catwalk-logs" "$starting" || true
    printf '\n$ catwalk-logs npm-404 --diagnose\n'
    "$bin/catwalk-logs" npm-404 --diagnose || true
else
    for name in ticktick npm-404; do
        printf '\n$ catwalk-logs %s\n' "$name"
        "$bin/catwalk-logs" "$name" || true
    done
    printf '\n$ catwalk-logs %s -f    # new lines arrive live (stopped after 5 s)\n' "$starting"
    timeout -s INT 5 "$bin/catwalk-logs" "$starting" -f || true
fi
printf '\nThe stand-in stops now. To try other ids and options, run it yourself:\n'
printf '  %s/catwalk-stand-in &    # listens on 127.0.0.1:8000, the default --api\n' "$bin"
printf '  CATWALK_TOKEN=catwalk-demo-token %s/catwalk-logs list\n' "$bin"
printf '  CATWALK_TOKEN=catwalk-demo-token %s/catwalk-logs <name or id> [--json | --stream stderr | -n 1000 | -f]\n' "$bin"
