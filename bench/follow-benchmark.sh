#!/usr/bin/env bash
# Live follow: latency, sustained rate and viewer CPU (not a test); see follow-benchmark.py.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
build_release
start_stand_in bench-token
python3 bench/follow-benchmark.py "$bin" "$base" bench-token
