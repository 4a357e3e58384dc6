#!/usr/bin/env python3
"""catwalk-logd at scale, in one run on one PostgreSQL, against the stand-in's Fly emulator (its
real paging: 100 lines a page, strictly after a nanosecond next_token; a machine with no lines
answers an empty page as Fly does).

Replica A collects 1000 deployments with machines: WRITERS of them write LINES_PER_SECOND lines
each (10 lines every 200 ms), the rest are quiet. Replica B only serves (no Fly token); a
`catwalk-logs -f` follows one writing deployment through B.

Measured over RUN_SECONDS after a warm-up (every backfill done):
- stored latency: from a line's write to Fly to its NOTIFY (the commit), for every line written;
  the issue's goal is every line within 3 s, and each must be stored exactly once;
- fan-out latency: from that NOTIFY to the line's arrival at the follower on replica B (goal p99
  ≤ 100 ms);
- Fly requests per second as the emulator counted them, against the budget catwalk-logd states:
  one step a second per writing deployment plus --idle-polls-per-second (20) for all quiet ones;
- replica A's CPU and memory, and B's.

The anchor in the same run: the same measurement with 100 deployments (WRITERS writing, the rest
quiet), so the request rate's independence from the number of quiet deployments shows as a ratio.

Usage: replica-benchmark.py BIN_DIR VENV_PYTHON    (bench/replica-benchmark.sh runs it)"""
import json, os, subprocess, sys, tempfile, threading, time, urllib.request, uuid

sys.path.insert(0, os.path.dirname(__file__))
from standin import cpu_seconds, post, record  # noqa: E402
from logd import SECRET, Cluster, backend_database, free_port, rss_mib, token, wait_for  # noqa: E402

BIN = sys.argv[1]
WRITERS = 10
LINES_PER_SECOND = 50
RUN_SECONDS = float(os.environ.get("REPLICA_BENCH_SECONDS", "15"))
FLY_TOKEN = "bench-fly-token"


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))] if ordered else float("nan")


def start_stand_in():
    process = subprocess.Popen([f"{BIN}/catwalk-stand-in", "--port", "0", "--no-scenarios", "--fly-token", FLY_TOKEN],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    line = process.stdout.readline()
    if not line.startswith("listening on "):
        raise SystemExit(f"the stand-in did not start: {line!r}")
    return process, line.split("listening on ", 1)[1].strip()


def start_logd(url, fly, collecting, log):
    port = free_port()
    environment = {"DATABASE_URL": url, "AUTH_SECRET": SECRET, "PATH": os.environ["PATH"], "HOME": "/nonexistent",
                   "FLY_API_BASE_URL": fly, "FLY_MACHINES_API_URL": fly, "FLY_API_TOKEN": FLY_TOKEN if collecting else ""}
    process = subprocess.Popen([f"{BIN}/catwalk-logd", "serve", "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"],
                               env=environment, stdout=open(log, "w"), stderr=subprocess.STDOUT)
    wait_for(port, "/api/health", log=log, process=process)
    return process, port


def metric(port, name):
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics").read().decode()
    return sum(float(line.split()[-1]) for line in text.splitlines() if line.startswith(name))


def fly_requests(fly):
    return json.loads(urllib.request.urlopen(fly + "/_stand-in/stats").read())["log_requests"]


class Notifications(threading.Thread):
    """LISTENs to catwalk_logd_lines as every replica does and reads each announced range: the
    moment each line was committed, by its message."""

    def __init__(self, url):
        super().__init__(daemon=True)
        import psycopg
        self.connection = psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True)
        self.reader = psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True)
        self.committed = {}   # message -> (commit time, times seen)
        self.lock = threading.Lock()
        self.stopping = False

    def run(self):
        import psycopg
        try:
            self.listen()
        except psycopg.OperationalError:
            pass   # the database went away at the end of a run

    def listen(self):
        self.connection.execute("LISTEN catwalk_logd_lines")
        for notification in self.connection.notifies():
            now = time.time()
            deployment, first, last = notification.payload.split()
            rows = self.reader.execute("SELECT message FROM deployment_logs WHERE deployment_id = %s AND seq BETWEEN %s AND %s",
                                       (deployment, int(first), int(last))).fetchall()
            with self.lock:
                for (message,) in rows:
                    seen = self.committed.get(message, (now, 0))
                    self.committed[message] = (seen[0], seen[1] + 1)
            if self.stopping:
                break


class Writer(threading.Thread):
    """Writes LINES_PER_SECOND lines to each writing deployment's machine (a batch every 200 ms);
    keeps the moment each line was written while `measuring`."""

    def __init__(self, fly, writers):
        super().__init__(daemon=True)
        self.fly, self.writers = fly, writers
        self.written = {}
        self.measuring = self.stopping = False

    def run(self):
        batch, interval, began, tick = LINES_PER_SECOND // 5, 0.2, time.time(), 0
        while not self.stopping:
            for index, (deployment, machine) in enumerate(self.writers):
                messages = [f"w{index}-{tick}-{k}" for k in range(batch)]
                now, measured = time.time(), self.measuring
                post(self.fly, f"/_stand-in/deployments/{deployment}/logs",
                     {"machine_id": machine, "logs": [{"stream": "stdout", "message": m} for m in messages]})
                if measured:
                    self.written.update((message, now) for message in messages)
            tick += 1
            time.sleep(max(0, began + tick * interval - time.time()))


class Follower(threading.Thread):
    """`catwalk-logs -f --plain` on replica B: when each line arrived."""

    def __init__(self, port, deployment, email):
        super().__init__(daemon=True)
        environment = dict(os.environ, CATWALK_API_URL=f"http://127.0.0.1:{port}", CATWALK_TOKEN=token(email),
                           XDG_CACHE_HOME=tempfile.mkdtemp(prefix="catwalk-bench-cache-"))
        self.process = subprocess.Popen([f"{BIN}/catwalk-logs", deployment, "-f", "--plain", "--no-timestamps", "--no-cache"],
                                        env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, bufsize=1)
        self.arrived = {}

    def run(self):
        for line in self.process.stdout:
            self.arrived[line.split()[-1] if line.split() else ""] = time.time()

    def live(self, seconds=20):
        deadline = time.time() + seconds
        while time.time() < deadline:
            line = self.process.stderr.readline()
            if "live (WebSocket stream" in line:
                return
        raise SystemExit("the follower on replica B did not go live")


def run(cluster, bin_dir, fly, deployments_count, follow):
    """One measurement with `deployments_count` deployments: a fresh database, replica A (and B)."""
    cluster.psql("postgres", "DROP DATABASE IF EXISTS bench WITH (FORCE)")
    url = backend_database(cluster, bin_dir)
    user, email = str(uuid.uuid4()), "bench@example.com"
    cluster.psql("bench", f"INSERT INTO users (id, email) VALUES ('{user}', '{email}')")
    cluster.psql("bench", f"""INSERT INTO deployments (id, name, schedule_config, status, machine_id, user_id, access_token)
        SELECT gen_random_uuid(), 'bench-' || n, '{{}}', 'running', substr(md5(random()::text), 1, 14), '{user}', md5(random()::text)
        FROM generate_series(1, {deployments_count}) AS n""")
    writers = [tuple(row.split("|")) for row in
               cluster.psql("bench", f"SELECT id, machine_id FROM deployments ORDER BY name LIMIT {WRITERS}").splitlines()]
    logs = [tempfile.mktemp(prefix="catwalk-bench-replica-") for _ in range(2)]
    processes = []
    try:
        a, a_port = start_logd(url, fly, True, logs[0])
        processes.append(a)
        b, b_port = start_logd(url, fly, False, logs[1])
        processes.append(b)
        # The writers write throughout, as the ten do; the rest stay quiet.
        notifications = Notifications(url)
        notifications.start()
        writer = Writer(fly, writers)
        writer.start()
        # Warm-up: every deployment owned and backfilled (each quiet one asked once at least).
        deadline = time.time() + 120
        while metric(a_port, "catwalk_logd_deployments_owned") < deployments_count and time.time() < deadline:
            time.sleep(0.5)
        time.sleep(5)
        follower = None
        if follow:
            follower = Follower(b_port, writers[0][0], email)
            follower.start()
            follower.live()
        a_cpu, b_cpu, requests, began = cpu_seconds(a.pid), cpu_seconds(b.pid), fly_requests(fly), time.time()
        writer.measuring = True
        time.sleep(RUN_SECONDS)
        writer.measuring = False
        elapsed = time.time() - began
        request_rate = (fly_requests(fly) - requests) / elapsed
        a_cpu_percent = (cpu_seconds(a.pid) - a_cpu) / elapsed * 100
        b_cpu_percent = (cpu_seconds(b.pid) - b_cpu) / elapsed * 100
        time.sleep(4)   # the last lines' way in
        writer.stopping = notifications.stopping = True
        written = dict(writer.written)
        with notifications.lock:
            committed = dict(notifications.committed)
        notifications.reader.close()
        stored = [committed[m][0] - t for m, t in written.items() if m in committed]
        doubled = sum(1 for m in written if m in committed and committed[m][1] > 1)
        missing = sum(1 for m in written if m not in committed)
        fanout = []
        if follower:
            fanout = [follower.arrived[m] - committed[m][0] for m in written
                      if m.startswith("w0-") and m in committed and m in follower.arrived]
            follower.process.terminate()
        return {"deployments": deployments_count, "lines": len(written), "missing": missing, "doubled": doubled,
                "stored_p50": percentile(stored, 0.5), "stored_p99": percentile(stored, 0.99), "stored_max": max(stored, default=float("nan")),
                "fanout_p50": percentile(fanout, 0.5), "fanout_p99": percentile(fanout, 0.99), "fanout_lines": len(fanout),
                "fly_requests_per_second": request_rate, "a_cpu": a_cpu_percent, "a_rss": rss_mib(a.pid),
                "b_cpu": b_cpu_percent, "b_rss": rss_mib(b.pid)}
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=20)


def main():
    cluster = Cluster()
    stand_in, fly = start_stand_in()
    try:
        anchor = run(cluster, BIN, fly, 100, follow=False)
        ours = run(cluster, BIN, fly, 1000, follow=True)
        budget = WRITERS + 20
        for result in (anchor, ours):
            print(f"{result['deployments']} deployments ({WRITERS} writing {LINES_PER_SECOND} lines/s, {RUN_SECONDS:g} s): "
                  f"{result['lines']} lines, {result['missing']} missing, {result['doubled']} doubled; "
                  f"stored p50 {result['stored_p50'] * 1000:.0f} ms, p99 {result['stored_p99'] * 1000:.0f} ms, max {result['stored_max'] * 1000:.0f} ms; "
                  f"Fly {result['fly_requests_per_second']:.1f} requests/s (budget {budget}); "
                  f"replica A {result['a_cpu']:.0f} % CPU, {result['a_rss']:.0f} MiB")
        print(f"fan-out to a follower on replica B: p50 {ours['fanout_p50'] * 1000:.1f} ms, p99 {ours['fanout_p99'] * 1000:.1f} ms "
              f"over {ours['fanout_lines']} lines; replica B {ours['b_cpu']:.0f} % CPU, {ours['b_rss']:.0f} MiB")
        print(f"Fly requests/s with 1000 deployments ÷ with 100: {ours['fly_requests_per_second'] / anchor['fly_requests_per_second']:.2f}")
        record("server 1000 deployments: stored latency max", ours["stored_max"] * 1000, "ms", target=3000, target_kind="value")
        record("server 1000 deployments: Fly requests/s", ours["fly_requests_per_second"], "req/s",
               "100 deployments", anchor["fly_requests_per_second"], budget / anchor["fly_requests_per_second"])
        record("server fan-out to another replica, p99", ours["fanout_p99"] * 1000, "ms", target=100, target_kind="value")
        record("server replica CPU, 1000 deployments", ours["a_cpu"], "%")
        record("server replica RSS, 1000 deployments", ours["a_rss"], "MiB")
    finally:
        stand_in.terminate()
        cluster.stop()


if __name__ == "__main__":
    main()
