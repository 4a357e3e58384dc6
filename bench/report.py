#!/usr/bin/env python3
"""The table `make bench` ends with: every figure of this run beside its anchor (measured in
the same run), the ratio and the target; saved as JSON so that two runs can be compared.
Usage: report.py FIGURES_JSONL OUT_JSON      (print the table, save the run)
       report.py --compare OLD_JSON NEW_JSON (two saved runs side by side)"""
import json, os, subprocess, sys, time


def verdict(row):
    if row["target"] is None:
        return ""
    value = row["ours"] if row["target_kind"] == "value" else ratio(row)
    return "met" if value is not None and value <= row["target"] else "MISSED"


def ratio(row):
    return row["ours"] / row["anchor"] if row.get("anchor") and row["ours"] is not None else None


def number(value, unit):
    return "" if value is None else f"{value:.1f} {unit}" if unit != "x" else f"{value:.2f}x"


def table(rows):
    print(f"{'figure':<46} {'catwalk-logs':>13}  {'anchor':<28} {'ratio':>6}  {'target':>8}  verdict")
    for row in rows:
        anchor = f"{row['anchor_name']} {number(row['anchor'], row['unit'])}" if row.get("anchor_name") else ""
        target = "" if row["target"] is None else (f"<= {row['target']:g} {row['unit']}" if row["target_kind"] == "value"
                                                   else f"<= {row['target']:g}x")
        shown_ratio = "" if ratio(row) is None else f"{ratio(row):.2f}"
        print(f"{row['figure']:<46} {number(row['ours'], row['unit']):>13}  {anchor:<28} {shown_ratio:>6}  {target:>8}  {verdict(row)}")


def save(figures_path, out_path):
    rows = [json.loads(line) for line in open(figures_path) if line.strip()]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    run = {"when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "commit": commit, "cores": os.cpu_count(),
           "load_average": os.getloadavg()[0], "figures": rows}
    json.dump(run, open(out_path, "w"), indent=1)
    print(f"\nAll figures of this run ({run['when']}, {commit}, {run['cores']} cores, load {run['load_average']:.2f}):\n")
    table(rows)
    print(f"\nsaved {out_path}; compare two runs with: bench/report.py --compare OLD.json NEW.json")


def compare(old_path, new_path):
    old, new = (json.load(open(path)) for path in (old_path, new_path))
    before = {row["figure"]: row for row in old["figures"]}
    print(f"{'figure':<46} {old['commit']:>13} {new['commit']:>13}  change")
    for row in new["figures"]:
        earlier = before.get(row["figure"])
        change = (f"{(row['ours'] / earlier['ours'] - 1) * 100:+.0f} %" if earlier and earlier["ours"] and row["ours"] is not None
                  else "new")
        print(f"{row['figure']:<46} {number(earlier['ours'], row['unit']) if earlier else '':>13} "
              f"{number(row['ours'], row['unit']):>13}  {change}")


if __name__ == "__main__":
    if sys.argv[1] == "--compare":
        compare(sys.argv[2], sys.argv[3])
    else:
        save(sys.argv[1], sys.argv[2])
