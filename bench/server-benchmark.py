#!/usr/bin/env python3
"""catwalk-logd against the Phase 4 plan's own code, side by side on one PostgreSQL, in one run.

1. Ingest with retention: the plan's `store_log` (one INSERT, then its `NOT IN` DELETE, per
   line, committed per line) against catwalk-logd's statements (LogRepository.append: one
   INSERT … SELECT FROM unnest and one DELETE … OFFSET 1000 per Fly page of 100 lines, in one
   transaction), both through psycopg 3 on the same database, retention active throughout.
2. `GET …/logs?limit=1000`: the plan's FastAPI endpoint (its code from the seed, SQLAlchemy
   async + psycopg, under uvicorn, one worker) against catwalk-logd (release build, which also
   checks a token and ownership on every request, as the backend's routes do), the same rows,
   the same keep-alive load: throughput and p99.
3. catwalk-logd's CPU and memory at idle and under that load.

Usage: server-benchmark.py BIN_DIR VENV_PYTHON    (bench/server-benchmark.sh runs it)"""
import os, subprocess, sys, tempfile, threading, time, uuid
import http.client

sys.path.insert(0, os.path.dirname(__file__))
from standin import cpu_seconds, record  # noqa: E402
from logd import SECRET, Cluster, backend_database, free_port, rss_mib, token, wait_for  # noqa: E402

BIN, VENV_PYTHON = sys.argv[1], sys.argv[2]
LOAD_SECONDS = float(os.environ.get("SERVER_BENCH_SECONDS", "10"))
CONCURRENCY = int(os.environ.get("SERVER_BENCH_CONCURRENCY", "4"))


PLAN_INGEST = """
import sys, time, uuid, datetime, psycopg
url, deployment, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
with psycopg.connect(url) as db:
    started = time.perf_counter()
    for number in range(count):
        # The plan's store_log: insert the line, then its retention, per line.
        db.execute("INSERT INTO deployment_logs (id, deployment_id, timestamp, stream, message) VALUES (%s, %s, %s, %s, %s)",
                   (uuid.uuid4(), deployment, datetime.datetime.now(datetime.timezone.utc), "stdout", f"plan line {number}"))
        db.execute(\"\"\"DELETE FROM deployment_logs WHERE deployment_id = %s AND id NOT IN (
                      SELECT id FROM deployment_logs WHERE deployment_id = %s ORDER BY timestamp DESC LIMIT 1000)\"\"\",
                   (deployment, deployment))
        db.commit()
    print(time.perf_counter() - started)
"""

OUR_INGEST = """
import sys, time, psycopg
url, deployment, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
with psycopg.connect(url) as db:
    started = time.perf_counter()
    for first in range(0, count, 100):
        now = int(time.time() * 1_000_000)
        micros = [now] * 100
        with db.transaction():
            # LogRepository.append's statements, one Fly page per transaction.
            db.execute(\"\"\"INSERT INTO deployment_logs (deployment_id, "timestamp", stream, message)
                SELECT %s, timestamptz 'epoch' + line.micros * interval '1 microsecond', line.stream, line.message
                FROM unnest(%s::bigint[], %s::text[], %s::text[]) WITH ORDINALITY AS line(micros, stream, message, position)
                ORDER BY line.position\"\"\",
                (deployment, micros, ["stdout"] * 100, [f"our line {first + index}" for index in range(100)]))
            db.execute(\"\"\"DELETE FROM deployment_logs WHERE deployment_id = %s AND id IN (
                SELECT id FROM deployment_logs WHERE deployment_id = %s ORDER BY "timestamp" DESC, seq DESC OFFSET 1000)\"\"\",
                (deployment, deployment))
            db.execute(\"\"\"INSERT INTO deployment_log_cursors (deployment_id, machine_id, next_token, boundary_lines, updated_at)
                VALUES (%s, 'm', %s, 1, now()) ON CONFLICT (deployment_id) DO UPDATE SET next_token = EXCLUDED.next_token,
                boundary_lines = EXCLUDED.boundary_lines, updated_at = now()\"\"\", (deployment, str(now * 1000)))
    print(time.perf_counter() - started)
"""

PLAN_API = """
import os
from typing import Optional
from fastapi import Depends, FastAPI, Query
from sqlalchemy import DateTime, String, Text, select
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import DeclarativeBase, mapped_column

class Base(DeclarativeBase):
    pass

class DeploymentLog(Base):
    __tablename__ = "deployment_logs"
    id = mapped_column(UUID(as_uuid=True), primary_key=True)
    deployment_id = mapped_column(UUID(as_uuid=True))
    timestamp = mapped_column(DateTime(timezone=True))
    stream = mapped_column(String(10))
    message = mapped_column(Text)

engine = create_async_engine(os.environ["DATABASE_URL"], pool_size=10)
session_maker = async_sessionmaker(engine, expire_on_commit=False)

async def get_db():
    async with session_maker() as session:
        yield session

app = FastAPI()

# The Phase 4 plan's endpoint, as its seed writes it (pattern= is regex='s current name).
@app.get("/api/deployments/{deployment_id}/logs")
async def get_deployment_logs(deployment_id: str, limit: int = Query(100, le=1000),
                              stream: Optional[str] = Query(None, pattern="^(stdout|stderr)$"),
                              db: AsyncSession = Depends(get_db)):
    query = (select(DeploymentLog).where(DeploymentLog.deployment_id == deployment_id)
             .order_by(DeploymentLog.timestamp.desc()).limit(limit))
    if stream:
        query = query.where(DeploymentLog.stream == stream)
    result = await db.execute(query)
    logs = result.scalars().all()
    return {"logs": [{"timestamp": log.timestamp.isoformat(), "stream": log.stream, "message": log.message}
                     for log in reversed(logs)]}
"""


def run_python(code, *arguments):
    return subprocess.run([VENV_PYTHON, "-c", code, *arguments], check=True, capture_output=True, text=True).stdout.strip()


def load(port, path, headers):
    """CONCURRENCY keep-alive connections asking `path` for LOAD_SECONDS: requests/s and latencies."""
    latencies, failures = [], [0]
    lock = threading.Lock()
    stop = time.perf_counter() + LOAD_SECONDS

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine = []
        while time.perf_counter() < stop:
            started = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    failures[0] += 1
            except OSError:
                failures[0] += 1
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            mine.append(time.perf_counter() - started)
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(CONCURRENCY)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    latencies.sort()
    return {"requests_per_second": len(latencies) / elapsed, "p50_ms": latencies[len(latencies) // 2] * 1000,
            "p99_ms": latencies[int(len(latencies) * 0.99) - 1] * 1000, "requests": len(latencies), "failures": failures[0]}


def main():
    cluster = Cluster()
    processes = []
    try:
        url = backend_database(cluster, BIN)
        user, email = str(uuid.uuid4()), "bench@example.com"
        cluster.psql("bench", f"INSERT INTO users (id, email) VALUES ('{user}', '{email}')")
        deployments = [str(uuid.uuid4()) for _ in range(3)]
        for deployment in deployments:
            cluster.psql("bench", f"""INSERT INTO deployments (id, name, schedule_config, status, user_id, access_token)
                                      VALUES ('{deployment}', 'bench', '{{}}', 'running', '{user}', '{uuid.uuid4()}')""")
        psycopg_url = url.replace("postgres://", "postgresql://")

        # 1. Ingest, retention active: each deployment first holds 1000 lines.
        plan_lines, our_lines = int(os.environ.get("SERVER_BENCH_PLAN_LINES", "3000")), int(os.environ.get("SERVER_BENCH_OUR_LINES", "30000"))
        run_python(OUR_INGEST, psycopg_url, deployments[0], "1000")
        run_python(OUR_INGEST, psycopg_url, deployments[1], "1000")
        plan_seconds = float(run_python(PLAN_INGEST, psycopg_url, deployments[0], str(plan_lines)))
        our_seconds = float(run_python(OUR_INGEST, psycopg_url, deployments[1], str(our_lines)))
        kept = [cluster.psql("bench", f"SELECT count(*) FROM deployment_logs WHERE deployment_id = '{d}'") for d in deployments[:2]]
        plan_rate, our_rate = plan_lines / plan_seconds, our_lines / our_seconds
        print(f"ingest with retention: plan {plan_rate:,.0f} lines/s, catwalk-logd {our_rate:,.0f} lines/s "
              f"({our_rate / plan_rate:.1f}x; rows kept {kept[0]} and {kept[1]})")
        record("server ingest with retention, per 1000 lines", 1000 / our_rate * 1000, "ms",
               "plan's per-line insert + NOT IN delete", 1000 / plan_rate * 1000, 1 / 20)

        # 2. GET ?limit=1000 on the same 1000 rows.
        target = deployments[1]
        logd_port, fastapi_port = free_port(), free_port()
        logd_log = tempfile.mktemp(prefix="catwalk-bench-logd-")
        logd = subprocess.Popen([f"{BIN}/catwalk-logd", "serve", "--host", "127.0.0.1", "--port", str(logd_port), "--log-level", "warning"],
                                env={"DATABASE_URL": url, "AUTH_SECRET": SECRET, "PATH": os.environ["PATH"], "HOME": "/nonexistent"},
                                stdout=open(logd_log, "w"), stderr=subprocess.STDOUT)
        processes.append(logd)
        app_dir = tempfile.mkdtemp(prefix="catwalk-bench-app-")
        fastapi_log = os.path.join(app_dir, "uvicorn.log")
        open(os.path.join(app_dir, "plan_api.py"), "w").write(PLAN_API)
        fastapi = subprocess.Popen([VENV_PYTHON, "-m", "uvicorn", "plan_api:app", "--host", "127.0.0.1", "--port", str(fastapi_port),
                                    "--workers", "1", "--log-level", "warning", "--no-access-log"], cwd=app_dir,
                                   env={"DATABASE_URL": url.replace("postgres://", "postgresql+psycopg://").split("?")[0],
                                        "PATH": os.environ["PATH"]}, stdout=open(fastapi_log, "w"), stderr=subprocess.STDOUT)
        processes.append(fastapi)
        path = f"/api/deployments/{target}/logs?limit=1000"
        headers = {"Authorization": f"Bearer {token(email)}"}
        wait_for(logd_port, path, headers, log=logd_log, process=logd)
        wait_for(fastapi_port, path, log=fastapi_log, process=fastapi)
        time.sleep(1)
        idle_start = cpu_seconds(logd.pid)
        time.sleep(5)
        idle_cpu = (cpu_seconds(logd.pid) - idle_start) / 5 * 100
        idle_rss = rss_mib(logd.pid)
        load(fastapi_port, path, {})  # warm both up the same way
        fastapi_result = load(fastapi_port, path, {})
        load(logd_port, path, headers)
        busy_start, began = cpu_seconds(logd.pid), time.perf_counter()
        logd_result = load(logd_port, path, headers)
        busy_cpu = (cpu_seconds(logd.pid) - busy_start) / (time.perf_counter() - began) * 100
        busy_rss = rss_mib(logd.pid)
        for name, result in (("plan's FastAPI", fastapi_result), ("catwalk-logd", logd_result)):
            print(f"GET ?limit=1000, {CONCURRENCY} connections, {LOAD_SECONDS:g} s: {name}: {result['requests_per_second']:,.0f} req/s, "
                  f"p50 {result['p50_ms']:.1f} ms, p99 {result['p99_ms']:.1f} ms, {result['failures']} failures")
        print(f"catwalk-logd: idle {idle_cpu:.1f} % CPU, {idle_rss:.0f} MiB RSS; under load {busy_cpu:.0f} % CPU, {busy_rss:.0f} MiB RSS")
        record("server GET limit=1000, per request", 1000 / logd_result["requests_per_second"], "ms",
               "plan's FastAPI endpoint", 1000 / fastapi_result["requests_per_second"], 1 / 5)
        record("server GET limit=1000, p99", logd_result["p99_ms"], "ms", "plan's FastAPI endpoint", fastapi_result["p99_ms"], 1 / 3)
        record("server idle CPU", idle_cpu, "%")
        record("server idle RSS", idle_rss, "MiB")
        record("server CPU under GET load", busy_cpu, "%")
        record("server RSS under GET load", busy_rss, "MiB")
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)
        cluster.stop()


if __name__ == "__main__":
    main()
