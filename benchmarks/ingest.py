"""Ingest benchmark: rows per second and peak memory of `neutrality audit` against the floor.

Usage: .venv/bin/python benchmarks/ingest.py [--rows 1000000] [--work DIR]

Generates a sample with `neutrality samples`, then times in one run, each as a whole process:
(a) pyarrow.csv.read_csv of the activity file (the floor), (b) `neutrality audit` writing
findings.csv, findings.jsonl, rejected.csv and summary.json. Peak memory is the child's
maximum resident set size. Machines here are shared: compare the ratio, not the seconds.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def measure(command: list[str]) -> tuple[float, float]:
    """(wall seconds, peak RSS in MiB) of one command run in a fresh measuring process."""
    probe = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "code = subprocess.run(sys.argv[1:]).returncode\n"
        "wall = time.perf_counter() - t\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
        "print(wall, peak, code)\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", probe, *command], capture_output=True, text=True, check=True
    ).stdout.split()
    wall, peak, code = float(output[-3]), float(output[-2]), int(output[-1])
    if code not in (0, 1):
        raise SystemExit(f"command failed with exit {code}: {' '.join(command)}")
    return wall, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--employees", type=int, default=5_000)
    parser.add_argument("--work", type=Path, default=Path("out/bench-ingest"))
    args = parser.parse_args()
    data = args.work / f"rows-{args.rows}"
    if not (data / "activity.csv").exists():
        started = time.perf_counter()
        subprocess.run(
            [str(BIN / "neutrality"), "samples", "--out", str(data), "--rows", str(args.rows),
             "--employees", str(args.employees), "--seed", "7"],
            check=True,
        )  # fmt: skip
        print(f"samples: {args.rows:,} rows generated in {time.perf_counter() - started:.1f} s")
    activity = data / "activity.csv"
    floor = measure(
        [sys.executable, "-c", f"import pyarrow.csv as c; c.read_csv({str(activity)!r})"]
    )
    audit = measure(
        [str(BIN / "neutrality"), "audit", str(activity), "--roster", str(data / "roster.csv"),
         "--out", str(args.work / "audit"), "--format", "csv,jsonl"]
    )  # fmt: skip
    summary = json.loads((args.work / "audit" / "summary.json").read_text(encoding="utf-8"))
    size_mb = activity.stat().st_size / 1e6
    print(f"input: {activity} ({size_mb:.0f} MB, {summary['rows_read']:,} rows)")
    print(f"{'step':<34}{'seconds':>9}{'peak MiB':>10}{'ratio':>8}")
    print(f"{'(a) pyarrow read_csv (floor)':<34}{floor[0]:>9.2f}{floor[1]:>10.0f}{1:>8.1f}")
    print(f"{'(b) neutrality audit csv,jsonl':<34}{audit[0]:>9.2f}{audit[1]:>10.0f}"
          f"{audit[0] / floor[0]:>8.1f}")  # fmt: skip
    print(f"audit throughput: {summary['rows_read'] / audit[0]:,.0f} rows/s; "
          f"findings {summary['findings']:,}; rejected {summary['rows_rejected']:,}")  # fmt: skip


if __name__ == "__main__":
    main()
