#!/usr/bin/env bash
# catwalk-logd with 1000 deployments on one replica and a live stream through another
# (bench/replica-benchmark.py says what is measured). Uses the benchmarks' virtual environment
# under .build-bench/ for psycopg.
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
build_release
bench_venv
"$venv/bin/python" bench/replica-benchmark.py "$bin" "$(pwd)/$venv/bin/python"
