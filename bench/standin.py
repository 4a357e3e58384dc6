"""Shared by the Python benchmarks: talking to the stand-in, and what its counter script stores."""
import json, os, urllib.request


def post(base, path, body):
    """POSTs `body` as JSON to the stand-in at `base`; returns the answer's bytes."""
    request = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    return urllib.request.urlopen(request).read()


def expected(count):
    """The first `count` lines the `counter` script stores, as plain output without timestamps."""
    return [("stderr " if k % 13 == 0 else "stdout ") + ("same again" if k % 10 >= 7 else f"line {k}")
            for k in range(1, count + 1)]


def cpu_seconds(pid):
    """User + system CPU seconds the process `pid` has used, from /proc."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def record(figure, ours, unit, anchor_name=None, anchor=None, target=None, target_kind="ratio"):
    """Appends one figure of this run to $BENCH_FIGURES (bench/report.py makes the table):
    `target` is the highest ratio to the anchor allowed, or with target_kind "value" the
    highest value of `ours` itself."""
    path = os.environ.get("BENCH_FIGURES")
    if not path:
        return
    with open(path, "a") as figures:
        figures.write(json.dumps({"figure": figure, "ours": ours, "unit": unit, "anchor_name": anchor_name,
                                  "anchor": anchor, "target": target, "target_kind": target_kind}) + "\n")
