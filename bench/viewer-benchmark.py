#!/usr/bin/env python3
"""The viewer, measured (not a test), with 1000 lines at 200x60 in tmux:
  - first frame: from launch until the last line is visible, catwalk-logs vs less on the
    same 1000 lines as plain text (both measured the same way);
  - from the response received to the first complete frame, and per full redraw
    (render + paint), from the viewer's CATWALK_LOGS_FRAME_LOG;
  - resident memory of the running viewer.
Targets: launch to last line <= 1.2 x less, redraw < 2 ms, RSS < 30 MB.
Usage: viewer-benchmark.py BIN_DIR BASE_URL TOKEN"""
import os, statistics, subprocess, sys, tempfile, time

from standin import record

bin_dir, base, token = sys.argv[1:4]
deployment = "dec0de00-0000-4000-8000-000000000003"
sockets = iter(range(1000))
socket = None
cache = tempfile.mkdtemp()
env = {"CATWALK_API_URL": base, "CATWALK_TOKEN": token, "XDG_CACHE_HOME": cache, "LANG": "C.UTF-8", "TERM": "screen"}
viewer = f"{bin_dir}/catwalk-logs"

def tmux(*args):
    return subprocess.run(["tmux", "-L", socket, *args], capture_output=True, text=True).stdout

def new_terminal(command):
    """A fresh tmux server per run: reusing one races its shutdown."""
    global socket
    if socket:
        tmux("kill-server")
    socket = f"catwalk-bench-{os.getpid()}-{next(sockets)}"
    tmux("-f", "/dev/null", "new-session", "-d", "-x", "200", "-y", "60", "-s", "main", command)

def env_prefix(extra={}):
    return "env " + " ".join(f"{k}='{v}'" for k, v in {**env, **extra}.items())

plain = subprocess.run([viewer, deployment, "-n", "1000", "--plain"], capture_output=True, text=True,
                       env={**os.environ, **env}).stdout
text_file = os.path.join(cache, "lines.txt")
open(text_file, "w").write(plain)
last_message = plain.splitlines()[-1].split(" ", 2)[2]

def time_until_last_line(command):
    start = time.perf_counter()
    new_terminal(command)
    while True:
        if last_message in tmux("capture-pane", "-p", "-t", "main"):
            elapsed = (time.perf_counter() - start) * 1000
            break
        if time.perf_counter() - start > 10:
            raise SystemExit(f"timed out: {command}")
        time.sleep(0.002)
    tmux("kill-server")
    return elapsed

runs = 15
ours = [time_until_last_line(f"{env_prefix()} {viewer} {deployment} -n 1000; sleep 60") for _ in range(runs)]
offline = [time_until_last_line(f"{env_prefix()} {viewer} {deployment} -n 1000 --offline; sleep 60") for _ in range(runs)]
less = [time_until_last_line(f"{env_prefix()} less +G {text_file}; sleep 60") for _ in range(runs)]

frame_log = os.path.join(cache, "frames.log")
new_terminal(f"{env_prefix({'CATWALK_LOGS_FRAME_LOG': frame_log})} {viewer} {deployment} -n 1000; sleep 60")
deadline = time.time() + 10
while last_message not in tmux("capture-pane", "-p", "-t", "main") and time.time() < deadline:
    time.sleep(0.01)
for _ in range(100):                       # 100 full redraws: scroll up and down
    tmux("send-keys", "-t", "main", "b" if _ % 2 else "Space")
    time.sleep(0.01)
time.sleep(0.3)
pane_pid = tmux("display-message", "-p", "-t", "main", "#{pane_pid}").strip()
viewer_pid = subprocess.run(["pgrep", "-P", pane_pid, "-f", "catwalk-logs"], capture_output=True, text=True).stdout.split()[0]
rss_kb = int([l for l in open(f"/proc/{viewer_pid}/status") if l.startswith("VmRSS")][0].split()[1])
tmux("kill-server")

lines = open(frame_log).read().split("\n")
first = [float(l.split()[1]) for l in lines if l.startswith("first_frame_ms")]
frames = [float(l.split()[1]) for l in lines if l.startswith("frame_ms")]
print(f"launch to last line visible (median of {runs}): catwalk-logs {statistics.median(ours):.1f} ms, "
      f"less {statistics.median(less):.1f} ms, ratio {statistics.median(ours) / statistics.median(less):.2f} (target <= 1.2); "
      f"the fetch included, from the stand-in")
print(f"the same from the cache (--offline, no network, like less reading a file): {statistics.median(offline):.1f} ms, "
      f"ratio to less {statistics.median(offline) / statistics.median(less):.2f}")
print(f"response received to first complete frame: {first[0]:.2f} ms")
print(f"full redraw (render + paint), {len(frames)} frames: median {statistics.median(frames):.3f} ms, "
      f"p95 {sorted(frames)[int(len(frames) * 0.95)]:.3f} ms (target < 2 ms)")
print(f"resident memory: {rss_kb / 1024:.1f} MB (target < 30 MB)")
record("viewer launch to last line visible (fetch)", statistics.median(ours), "ms", "less +G", statistics.median(less), 1.2)
record("viewer launch to last line visible (--offline)", statistics.median(offline), "ms", "less +G", statistics.median(less))
record("viewer full redraw, median", statistics.median(frames), "ms", target=2, target_kind="value")
record("viewer resident memory", rss_kb / 1024, "MB", target=30, target_kind="value")
