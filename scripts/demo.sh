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

id_of() { awk -v name="$1" '$1 == name { print $2 }' "$output"; }
if [ -t 0 ] && [ -t 1 ]; then
    # A person at a terminal: open the viewer on the deployment that is still starting; its
    # lines arrive live (q quits, ? lists the keys, f pauses).
    printf '\nOpening the viewer on the "starting" deployment, which is still writing lines.\n'
    printf 'q quits, ? lists the keys; then try the npm-404 deployment for a diagnosed failure.\n'
    sleep 3
    "$bin/catwalk-logs" "$(id_of starting)" || true
else
    for scenario in ticktick npm-404; do
        printf '\n$ catwalk-logs %s    # %s\n' "$(id_of "$scenario")" "$scenario"
        "$bin/catwalk-logs" "$(id_of "$scenario")" || true
    done
    printf '\n$ catwalk-logs %s -f    # starting: new lines arrive live (stopped after 5 s)\n' "$(id_of starting)"
    timeout -s INT 5 "$bin/catwalk-logs" "$(id_of starting)" -f || true
fi
printf '\nThe stand-in stops now. To try other ids and options, run it yourself:\n'
printf '  %s/catwalk-stand-in &    # listens on 127.0.0.1:8000, the default --api\n' "$bin"
printf '  CATWALK_TOKEN=catwalk-demo-token %s/catwalk-logs <id> [--json | --stream stderr | -n 1000 | -f]\n' "$bin"
