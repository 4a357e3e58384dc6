# Shared by the benchmark scripts (sourced, not run): the shipped release build and a
# stand-in backend on a free port, stopped when the script exits.

# Builds the release binaries (`make release`, the shipped build), sets $bin, and makes
# $results (where hyperfine's JSON goes), $BENCH_FIGURES (what bench/report.py tabulates)
# and a private $XDG_CACHE_HOME.
build_release() {
    results=bench/results
    mkdir -p "$results"
    export XDG_CACHE_HOME BENCH_FIGURES=${BENCH_FIGURES:-$results/figures.jsonl}
    XDG_CACHE_HOME=$(mktemp -d)
    cleanup="'$XDG_CACHE_HOME'"
    bin=$(make --no-print-directory -s release-path)
}

# Starts the stand-in with token $1, sets $base, and stops it (and removes $cleanup) on exit.
start_stand_in() {
    local output
    output=$(mktemp)
    "$bin/catwalk-stand-in" --port 0 --token "$1" >"$output" &
    local server=$!
    trap "kill $server 2>/dev/null; rm -rf '$output' ${cleanup:-}" EXIT
    for _ in $(seq 100); do grep -q '^listening on ' "$output" && break; sleep 0.1; done
    base=$(sed -n 's/^listening on //p' "$output")
}

# The benchmarks' Python (FastAPI, uvicorn, SQLAlchemy, psycopg) in a virtual environment under
# .build-bench/, not the system's; sets $venv.
bench_venv() {
    venv=.build-bench/venv
    if [ ! -x "$venv/bin/python" ]; then
        python3 -m venv "$venv"
        "$venv/bin/python" -m pip install -q --disable-pip-version-check fastapi uvicorn 'sqlalchemy[asyncio]' 'psycopg[binary]'
    fi
}
