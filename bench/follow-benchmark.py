#!/usr/bin/env python3
"""Live follow, measured (not a test), against the stand-in on loopback:
  - latency from storing a line at the server (its timestamp) to reading it from
    `catwalk-logs -f --json`, p50 and p99, over the WebSocket and by polling; beside it the
    same over Python's `websockets` client reading the stream directly (a reference);
  - the highest rate sustained in plain mode for 10 s with every line out exactly once, in
    order, with the stand-in sending one message per line (as the contract says) and in
    batches of one message per 10 ms tick;
  - the viewer in tmux at 1000 and 10,000 lines/s: CPU (user + system, from /proc), RSS,
    and how long a key takes to show on screen.
Targets: WebSocket p50 <= 20 ms and p99 <= 100 ms; >= 20,000 lines/s; viewer <= 30 % of a core.
Usage: follow-benchmark.py BIN_DIR BASE_URL TOKEN"""
import json, os, statistics, subprocess, sys, tempfile, threading, time
from datetime import datetime

import standin
from standin import cpu_seconds, expected, record

bin_dir, base, token = sys.argv[1:4]
client = f"{bin_dir}/catwalk-logs"
cache = tempfile.mkdtemp()
env = {**os.environ, "CATWALK_API_URL": base, "CATWALK_TOKEN": token, "XDG_CACHE_HOME": cache, "LANG": "C.UTF-8"}
deployments = iter(range(100, 1000))


def post(path, body):
    return standin.post(base, path, body)


def new_deployment():
    """A fresh deployment with no lines, so every run starts clean."""
    deployment = f"be0c0000-0000-4000-8000-{next(deployments):012d}"
    post(f"/_stand-in/deployments/{deployment}/logs", {"logs": []})
    return deployment


def start_follow(deployment, *extra, json_output=False):
    """Starts `catwalk-logs -f` and waits for its mode line on stderr."""
    args = [client, deployment, "-f", "-n", "1"] + (["--json"] if json_output else ["--no-timestamps"]) + list(extra)
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, bufsize=0)
    ready = threading.Event()

    def read_stderr():
        for line in process.stderr:
            if b"following" in line:
                ready.set()
    threading.Thread(target=read_stderr, daemon=True).start()
    if not ready.wait(15):
        raise SystemExit("catwalk-logs did not start following")
    return process


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def latencies_from(lines_with_arrival):
    result = []
    for arrival, line in lines_with_arrival:
        stamp = datetime.fromisoformat(json.loads(line)["timestamp"].replace("Z", "+00:00")).timestamp()
        result.append((arrival - stamp) * 1000)
    return result


def follow_latency(*extra, rate=200, seconds=5):
    deployment = new_deployment()
    process = start_follow(deployment, *extra, json_output=True)
    post(f"/_stand-in/deployments/{deployment}/generate", {"rate": rate, "seconds": seconds})
    received = []
    for _ in range(rate * seconds):
        line = process.stdout.readline()
        received.append((time.time(), line))
    process.terminate()
    return latencies_from(received)


def websockets_latency(rate=200, seconds=5):
    """The reference: Python's websockets client on the same stream (no backlog merge)."""
    from websockets.sync.client import connect
    deployment = new_deployment()
    url = base.replace("http://", "ws://") + f"/api/deployments/{deployment}/logs/stream"
    with connect(url, additional_headers={"Authorization": f"Bearer {token}"}) as socket:
        post(f"/_stand-in/deployments/{deployment}/generate", {"rate": rate, "seconds": seconds})
        received = [(time.time(), socket.recv()) for _ in range(rate * seconds)]
    return latencies_from(received)


def sustained(rate, batches, seconds=10):
    """Whether `rate` lines/s for `seconds` all come out once, in order; and the time it took."""
    post("/_stand-in/stream", {"batch_per_tick": batches})
    deployment = new_deployment()
    process = start_follow(deployment)
    started = time.time()
    post(f"/_stand-in/deployments/{deployment}/generate", {"rate": rate, "seconds": seconds})
    wanted = expected(rate * seconds)
    got = []
    deadline = started + seconds * 3 + 10
    reader = threading.Thread(target=lambda: got.extend(line.decode().rstrip("\n") for line in process.stdout), daemon=True)
    reader.start()
    while len(got) < len(wanted) and time.time() < deadline:
        time.sleep(0.05)
    finished = time.time() - started
    time.sleep(1)   # nothing more may come
    process.terminate()
    post("/_stand-in/stream", {"batch_per_tick": False})
    return got == wanted, len(got), finished


def viewer_under_load(rate, seconds=10):
    """The viewer following `rate` lines/s: its CPU idle and busy, its RSS, and how long a key
    takes to show on screen (? opens the help, any key closes it), median of 5."""
    deployment = new_deployment()
    socket = f"catwalk-follow-bench-{os.getpid()}-{rate}"
    tmux = lambda *args: subprocess.run(["tmux", "-L", socket, *args], capture_output=True, text=True).stdout
    prefix = "env " + " ".join(f"{k}='{v}'" for k, v in env.items() if k.startswith(("CATWALK", "XDG", "LANG")))
    tmux("-f", "/dev/null", "new-session", "-d", "-x", "200", "-y", "60", "-s", "main",
         f"TERM=screen {prefix} {client} {deployment}; sleep 60")
    try:
        pid = []
        for _ in range(100):
            candidates = subprocess.run(["pgrep", "-f", f"{client} {deployment}"], capture_output=True, text=True).stdout.split()
            # The process itself, not the shell tmux started it from.
            pid = [p for p in candidates if open(f"/proc/{p}/comm").read().strip() == "catwalk-logs"]
            if pid:
                break
            time.sleep(0.1)
        time.sleep(2)
        idle_before = cpu_seconds(pid[0])
        time.sleep(3)
        idle = (cpu_seconds(pid[0]) - idle_before) / 3 * 100
        post(f"/_stand-in/deployments/{deployment}/generate", {"rate": rate, "seconds": seconds + 5})
        time.sleep(1)
        before, started = cpu_seconds(pid[0]), time.time()
        time.sleep(seconds)
        busy = (cpu_seconds(pid[0]) - before) / (time.time() - started) * 100
        rss = int(open(f"/proc/{pid[0]}/status").read().split("VmRSS:")[1].split()[0]) / 1024
        key_latencies = []
        for _ in range(5):
            pressed = time.perf_counter()
            tmux("send-keys", "-t", "main", "?")
            while "pause/resume live updates" not in tmux("capture-pane", "-p", "-t", "main"):
                time.sleep(0.002)
            key_latencies.append((time.perf_counter() - pressed) * 1000)
            tmux("send-keys", "-t", "main", "x")
            time.sleep(0.2)
        # Every line kept: when the generator is done, the newest line is on screen.
        last = f"line {rate * (seconds + 5)}"
        deadline = started + seconds + 15
        while last not in tmux("capture-pane", "-p", "-t", "main") and time.time() < deadline:
            time.sleep(0.1)
        kept = last in tmux("capture-pane", "-p", "-t", "main")
    finally:
        tmux("kill-server")
    return idle, busy, rss, statistics.median(key_latencies), kept


def summary(name, values):
    print(f"  {name:<42} p50 {percentile(values, 0.5):7.1f} ms   p99 {percentile(values, 0.99):7.1f} ms   (n={len(values)})")


print("Latency, stored at the server -> read from stdout (200 lines/s for 5 s):")
live = follow_latency()
summary("catwalk-logs -f (WebSocket)", live)
record("follow latency over the WebSocket, p50", percentile(live, 0.5), "ms", target=20, target_kind="value")
try:
    reference = websockets_latency()
    summary("python websockets client (reference)", reference)
    print(f"  ratio p50 {percentile(live, 0.5) / percentile(reference, 0.5):.2f}x, "
          f"p99 {percentile(live, 0.99) / percentile(reference, 0.99):.2f}x the reference")
except ImportError:
    print("  (pip install websockets for the reference client)")
summary("catwalk-logs -f --poll --interval 0.5", follow_latency("--poll", "--interval", "0.5"))
summary("catwalk-logs -f --poll (every 2 s)", follow_latency("--poll"))
print("  targets: WebSocket p50 <= 20 ms, p99 <= 100 ms")

print("\nSustained rate in plain mode for 10 s, every line once and in order:")
for batches in (False, True):
    best = 0
    for rate in (5000, 10000, 20000, 40000, 80000):
        exact, count, took = sustained(rate, batches)
        verdict = "exact" if exact else f"NOT exact ({count} of {rate * 10} lines)"
        print(f"  {'batched' if batches else 'one message per line':<22} {rate:6d} lines/s: {verdict}, "
              f"all out after {took:.1f} s")
        if not exact or took > 10 * 1.2 + 2:
            break
        best = rate
    print(f"  -> sustained: {best} lines/s ({'batched' if batches else 'per-line'} messages; target >= 20000)")

print("\nViewer following in tmux 200x60 (key: ? until the help shows, median of 5):")
for rate in (1000, 10000):
    idle, busy, rss, key, kept = viewer_under_load(rate)
    print(f"  {rate:6d} lines/s: CPU {busy:.1f} % of a core (idle {idle:.1f} %), RSS {rss:.1f} MB, key shown in {key:.0f} ms, "
          f"{'the newest line shown at the end' if kept else 'NOT every line: the newest never showed'}")
    record(f"viewer following {rate} lines/s, CPU", busy if kept else None, "%", target=30, target_kind="value")
print("  target: <= 30 % of a core at 10,000 lines/s, every line kept; responsive to keys")
