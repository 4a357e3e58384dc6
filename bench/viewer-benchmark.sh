#!/usr/bin/env bash
# The terminal viewer against less (not a test); see viewer-benchmark.py.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
build_release
start_stand_in bench-token
python3 bench/viewer-benchmark.py "$bin" "$base" bench-token
