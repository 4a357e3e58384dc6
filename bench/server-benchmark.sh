#!/usr/bin/env bash
# catwalk-logd against the Phase 4 plan's own ingest and FastAPI endpoint on one PostgreSQL
# (bench/server-benchmark.py says what is measured). Installs FastAPI, uvicorn, SQLAlchemy and
# psycopg into a virtual environment under .build-bench/ (not the system's Python).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
build_release
bench_venv
"$venv/bin/python" bench/server-benchmark.py "$bin" "$(pwd)/$venv/bin/python"
