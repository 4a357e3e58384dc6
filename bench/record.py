#!/usr/bin/env python3
"""Records figures from hyperfine's JSON for bench/report.py (see standin.record).
Usage: record.py HYPERFINE_JSON FIGURE OURS_COMMAND ANCHOR_COMMAND TARGET|- [wall|cpu]"""
import json, sys

from standin import record

path, figure, ours, anchor, target = sys.argv[1:6]
measure = sys.argv[6] if len(sys.argv) > 6 else "wall"
results = {result["command"]: result for result in json.load(open(path))["results"]}


def milliseconds(name):
    result = results[name]
    return (result["mean"] if measure == "wall" else result["user"] + result["system"]) * 1000


record(f"{figure}, {measure}", milliseconds(ours), "ms", anchor, milliseconds(anchor),
       None if target == "-" else float(target))
