#!/usr/bin/env bash
# Twenty deployments followed at once: CPU and exactness (not a test); see fleet-benchmark.py.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
build_release
start_stand_in bench-token
python3 bench/fleet-benchmark.py "$bin" "$base" bench-token
