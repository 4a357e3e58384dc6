#!/usr/bin/env bash
# catwalk-logd against the Phase 4 plan's own ingest and FastAPI endpoint on one PostgreSQL
# (bench/server-benchmark.py says what is measured). Installs FastAPI, uvicorn, SQLAlchemy and
# psycopg into a virtual environment under .build-bench/ (not the system's Python).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/common.sh
build_release
venv=.build-bench/venv
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check fastapi uvicorn 'sqlalchemy[asyncio]' 'psycopg[binary]'
fi
"$venv/bin/python" bench/server-benchmark.py "$bin" "$(pwd)/$venv/bin/python"
