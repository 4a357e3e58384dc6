#!/usr/bin/env python3
"""Many deployments followed at once, measured (not a test), against the stand-in on loopback:
20 deployments, each storing 100 lines/s for 20 s, followed by one `catwalk-logs A B ... -f`
in plain mode. Checks that every line comes out once and, per deployment, in order (live
lines print as they arrive, as stern's do), and measures the process's CPU (user + system, from /proc) while the lines stream. Beside it,
the reference: one Python process following the same 20 WebSocket streams with the
`websockets` library (asyncio), printing each message's text, no merge, no cache.
Target: <= 30 % of a core for catwalk-logs.
Usage: fleet-benchmark.py BIN_DIR BASE_URL TOKEN"""
import os, subprocess, sys, tempfile, threading, time

import standin
from standin import cpu_seconds, expected, record

bin_dir, base, token = sys.argv[1:4]
client = f"{bin_dir}/catwalk-logs"
env = {**os.environ, "CATWALK_API_URL": base, "CATWALK_TOKEN": token, "XDG_CACHE_HOME": tempfile.mkdtemp(),
       "LANG": "C.UTF-8"}
DEPLOYMENTS, RATE, SECONDS = 20, 100, 20
run = iter(range(1, 100))


def post(path, body):
    return standin.post(base, path, body)


def new_fleet():
    """Twenty fresh, named deployments with no lines."""
    number = next(run)
    ids = [f"f1ee0000-0000-4000-8{number:03d}-{index:012d}" for index in range(DEPLOYMENTS)]
    for index, deployment in enumerate(ids):
        post(f"/_stand-in/deployments/{deployment}/logs", {"name": f"mcp-{index:02d}", "logs": []})
    return ids


def measure(process, ids, ready_marker, lines_of):
    """Waits until `process` follows every stream, generates the lines, and returns (CPU % of a
    core while they stream, the lines it printed, seconds until the last came)."""
    deadline = time.time() + 30
    while sum(ready_marker()) < len(ids) and time.time() < deadline:
        time.sleep(0.05)
    if sum(ready_marker()) < len(ids):
        raise SystemExit("the follower did not subscribe to every stream in 30 s")
    before, started = cpu_seconds(process.pid), time.time()
    for deployment in ids:
        post(f"/_stand-in/deployments/{deployment}/generate", {"rate": RATE, "seconds": SECONDS})
    total = DEPLOYMENTS * RATE * SECONDS
    while len(lines_of()) < total and time.time() < started + SECONDS * 3:
        time.sleep(0.05)
    took = time.time() - started
    busy = (cpu_seconds(process.pid) - before) / took * 100
    time.sleep(1)   # nothing more may come
    process.terminate()
    return busy, list(lines_of()), took


def catwalk_logs():
    ids = new_fleet()
    process = subprocess.Popen([client, *ids, "-f", "-n", "0", "--no-timestamps"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=env, bufsize=0)
    got, live = [], []
    threading.Thread(target=lambda: got.extend(line.decode().rstrip("\n") for line in process.stdout), daemon=True).start()
    threading.Thread(target=lambda: live.extend(l for l in process.stderr if b"live (WebSocket" in l), daemon=True).start()
    busy, lines, took = measure(process, ids, lambda: [len(live)], lambda: got)
    per_key = {}
    for line in lines:
        key, rest = line.split(" ", 1)
        per_key.setdefault(key, []).append(rest.lstrip(" "))
    exact = len(per_key) == DEPLOYMENTS and all(printed == expected(RATE * SECONDS) for printed in per_key.values())
    return busy, len(lines), exact, took


def python_reference():
    """Twenty streams in one asyncio process; None when `websockets` is not installed."""
    try:
        import websockets  # noqa: F401
    except ImportError:
        return None
    ids = new_fleet()
    script = f"""
import asyncio, sys, websockets
async def follow(url):
    async with websockets.connect(url, additional_headers={{"Authorization": "Bearer {token}"}}) as socket:
        print("subscribed", file=sys.stderr, flush=True)
        async for message in socket:
            sys.stdout.write(message + "\\n"); sys.stdout.flush()
async def main(urls):
    await asyncio.gather(*(follow(url) for url in urls))
asyncio.run(main(sys.argv[1:]))
"""
    urls = [base.replace("http://", "ws://") + f"/api/deployments/{deployment}/logs/stream" for deployment in ids]
    process = subprocess.Popen([sys.executable, "-c", script, *urls], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               bufsize=0)
    got, ready = [], []
    threading.Thread(target=lambda: got.extend(process.stdout), daemon=True).start()
    threading.Thread(target=lambda: ready.extend(l for l in process.stderr if b"subscribed" in l), daemon=True).start()
    busy, lines, took = measure(process, ids, lambda: [len(ready)], lambda: got)
    return busy, len(lines), took


total = DEPLOYMENTS * RATE * SECONDS
print(f"{DEPLOYMENTS} deployments followed at once, {RATE} lines/s each for {SECONDS} s ({total} lines), plain mode:")
busy, count, exact, took = catwalk_logs()
verdict = "every line once, in order per deployment" if exact else f"NOT exact ({count} of {total} lines)"
print(f"  catwalk-logs -f            CPU {busy:5.1f} % of a core; {verdict}; last line after {took:.1f} s")
reference = python_reference()
if reference:
    ref_busy, ref_count, ref_took = reference
    print(f"  python websockets (ref.)   CPU {ref_busy:5.1f} % of a core; {ref_count} of {total} messages; "
          f"last after {ref_took:.1f} s")
    print(f"  ratio: {busy / ref_busy:.2f}x the reference's CPU")
else:
    print("  (pip install websockets for the reference client)")
print("  target: <= 30 % of a core")
record("20 deployments x 100 lines/s followed, CPU", busy if exact else None, "%",
       "python websockets" if reference else None, reference[0] if reference else None, 30, "value")
