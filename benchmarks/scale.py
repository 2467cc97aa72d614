"""Scale benchmark: `neutrality audit` at 100k, 1M and 10M rows against the floor and a naive loop.

Usage: .venv/bin/python benchmarks/scale.py [--sizes 100k,1m,10m] [--data DIR] [--json|--markdown]

Generates the samples once with `neutrality samples` (cached in --data, default
/tmp/neutrality-bench, seed 1, 5,000 employees) and measures, in one run and on the same files,
each step as a whole process (interpreter start-up and imports included):

  floor    `python -c` importing pyarrow and running pyarrow.csv.read_csv on the activity file
  duckdb   one DuckDB query applying the exact-handle rule: target handles lower-cased with the
           `@` stripped, joined on (platform, handle) with the registry's accounts, kept when the
           time falls within the participant's period; matches written to a CSV
  naive    csv.DictReader and a per-row loop (exact handle and period, substring check of the
           text against participant names, aliases, hashtags and slogans) over the first 10,000
           rows, timed inside the process and extrapolated linearly to the size
  naive-full  the audit's own work done the naive way: csv.DictReader, then per row a one-row
           frame normalised (time, NIP, roster join, rejection reasons) and evaluated by the
           engine, over the first 1,000 rows, extrapolated; its finding and rejection counts on
           those rows are checked against the audit's (same work, one row at a time)
  local    neutrality audit --engine local --format csv,jsonl, as a user runs it (--workers
           left to its default: on Linux with two cores or more, the main process reading and
           normalising and one forked helper evaluating); peak memory sums the process tree (a
           page the two processes share counts once per process)
  1 process  the same with --workers 1: everything in one process
  dask     neutrality audit --engine dask --format csv,jsonl (a local cluster of 2 workers);
           skipped at a size where 10x the previous size's time would exceed --dask-limit
  +xlsx,html  (sizes up to 1M) neutrality audit --format csv,jsonl,xlsx,html; the table shows
           the seconds these two formats add to `local`, and per 1,000 findings

Wall time is measured around the child (floor: the fastest of three runs; local: the fastest of
three up to 1M rows, the two sides of the floor ratio); peak memory is the larger of the child's own maximum
resident set (wait4, which covers the largest waited-for descendant) and the largest sum of RSS
over the child's process tree seen by polling every 50 ms (Dask's scheduler and workers are
separate processes). The machine is shared and noisy: compare ratios within one run.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import psutil

BIN = Path(sys.executable).parent
PYTHON = sys.executable
EMPLOYEES = 5_000
SEED = 1
NAIVE_ROWS = 10_000
NAIVE_FULL_ROWS = 1_000
SIZES = {"100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}
TARGETS_TEXT = {
    "floor_ratio": "1M audit (local) <= 10x the pyarrow whole-process read",
    "naive_full_speedup": "1M audit (local) >= 50x faster than the same work done one row at a time",
    "naive_speedup": (
        "1M audit (local) against the simple per-row loop (exact handle and a substring scan, a "
        "fraction of the audit's work: for reference, not a target)"
    ),
    "peak_10m": "10M audit (local) peak RSS <= 1.5 GiB",
    "peak_10m_over_1m": "10M audit (local) peak RSS the same as at 1M (within 10 %)",
    "linear_10m": "10M audit (local) time <= 11x the 1M time",
}

FLOOR = "import sys, pyarrow.csv as c; c.read_csv(sys.argv[1])"

DUCKDB = r"""
import sys, duckdb
activity, accounts, out = sys.argv[1:4]
con = duckdb.connect()
local = "['%Y-%m-%d %H:%M', '%d/%m/%Y %H:%M', '%d-%m-%Y %H:%M']"
con.execute(f'''
COPY (
  WITH a AS (
    SELECT record_id, platform, lower(ltrim(target_account, '@')) AS handle, occurred_at AS t
    FROM read_csv('{activity}', all_varchar = true, header = true)
  ), timed AS (
    SELECT record_id, platform, handle, CASE
      WHEN t LIKE '% WIB' THEN try_strptime(t[:-5], {local}) - INTERVAL 7 HOUR
      WHEN t LIKE '% WITA' THEN try_strptime(t[:-6], {local}) - INTERVAL 8 HOUR
      WHEN t LIKE '% WIT' THEN try_strptime(t[:-5], {local}) - INTERVAL 9 HOUR
      ELSE try_strptime(t[:19], '%Y-%m-%dT%H:%M:%S') - to_hours(try_cast(t[20:22] AS INTEGER))
    END AS utc
    FROM a
  )
  SELECT timed.record_id, r.participant_id, timed.platform, timed.handle, timed.utc
  FROM timed JOIN read_csv('{accounts}', all_varchar = true, header = true) AS r
    ON timed.platform = r.platform AND timed.handle = r.handle
  WHERE timed.utc BETWEEN CAST(r.first AS TIMESTAMP) AND CAST(r.last AS TIMESTAMP)
) TO '{out}' (HEADER, DELIMITER ',')
''')
"""

NAIVE_FULL = r"""
import csv, sys, time
from pathlib import Path
import pandas as pd
from neutrality.engine import Engine
from neutrality.io.columns import ACTIVITY_COLUMNS
from neutrality.io.records import DUPLICATE_COLUMN, NormaliseContext, normalise
from neutrality.io.roster import load_roster
from neutrality.registry import load_registry
from neutrality.resources import default_registry_paths, default_rules_path
from neutrality.rules import load_rules

activity, roster_path, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
engine = Engine(load_rules(default_rules_path()), load_registry(default_registry_paths()), "id")
context = NormaliseContext(tz="Asia/Jakarta", lang="id", roster=load_roster(Path(roster_path)))
seen: set[str] = set()
findings = rejected = 0
started = time.perf_counter()
with open(activity, encoding="utf-8", newline="") as handle:
    for number, row in enumerate(csv.DictReader(handle), start=1):
        if number > limit:
            break
        cells = {name: row.get(name) or "" for name in ACTIVITY_COLUMNS}
        record_id = cells["record_id"] or f"{Path(activity).name}:{number}"
        cells["record_id"] = record_id
        frame = pd.DataFrame([{**cells, "other_fields": "", "source_file": Path(activity).name,
                               "source_row": number, "__ragged": "",
                               DUPLICATE_COLUMN: record_id in seen}])
        seen.add(record_id)
        records, bad = normalise(frame, context)
        rejected += len(bad)
        findings += len(engine.evaluate(records))
print(time.perf_counter() - started, min(number, limit), findings, rejected)
"""

NAIVE = r"""
import csv, datetime as dt, json, sys, time
activity, accounts_path, limit = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(accounts_path, encoding="utf-8") as handle:
    accounts = {(r["platform"], r["handle"]): r for r in csv.DictReader(handle)}
phrases = json.loads(sys.argv[4])
zones = {"WIB": 7, "WITA": 8, "WIT": 9}

def utc(text):
    for suffix, hours in zones.items():
        if text.endswith(" " + suffix):
            body = text[: -len(suffix) - 1]
            for form in ("%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M", "%d-%m-%Y %H:%M"):
                try:
                    return dt.datetime.strptime(body, form) - dt.timedelta(hours=hours)
                except ValueError:
                    pass
            return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment.astimezone(dt.timezone.utc).replace(tzinfo=None) if moment.tzinfo else None

started = time.perf_counter()
found = []
with open(activity, encoding="utf-8", newline="") as handle:
    for number, row in enumerate(csv.DictReader(handle)):
        if number == limit:
            break
        hit = accounts.get((row["platform"], row["target_account"].lstrip("@").lower()))
        if hit is not None:
            moment = utc(row["occurred_at"])
            first = dt.datetime.fromisoformat(hit["first"])
            last = dt.datetime.fromisoformat(hit["last"])
            if moment is not None and first <= moment <= last:
                found.append((row["record_id"], "handle", hit["participant_id"]))
        text = row["content_text"].lower()
        for phrase in phrases:
            if phrase in text:
                found.append((row["record_id"], "text", phrase))
                break
print(time.perf_counter() - started, number, len(found))
"""


@dataclass
class Step:
    size: str
    rows: int
    step: str
    seconds: float | None
    peak_mib: float | None
    note: str = ""
    findings: int | None = None


def measure(command: list[str], timeout: float | None = None) -> tuple[float, float, str, str]:
    """(wall seconds, peak MiB, stdout, note) of one command; note says why it did not finish."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err)
        peak_tree = 0
        done = threading.Event()

        def poll() -> None:
            nonlocal peak_tree
            parent = psutil.Process(child.pid)
            while not done.is_set():
                try:
                    tree = [parent, *parent.children(recursive=True)]
                    total = 0
                    for process in tree:
                        with contextlib.suppress(psutil.Error):
                            total += process.memory_info().rss
                    peak_tree = max(peak_tree, total)
                except psutil.Error:
                    return
                done.wait(0.05)

        poller = threading.Thread(target=poll, daemon=True)
        poller.start()
        note = ""
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if timeout is not None and time.perf_counter() - started > timeout:
                for process in psutil.Process(child.pid).children(recursive=True):
                    process.kill()
                child.kill()
                pid, status, usage = os.wait4(child.pid, 0)
                note = f"stopped after {timeout:.0f} s"
                break
            time.sleep(0.02)
        wall = time.perf_counter() - started
        done.set()
        poller.join()
        child.returncode = os.waitstatus_to_exitcode(status)
        code = child.returncode
        peak = max(peak_tree / 2**20, usage.ru_maxrss / 1024)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        if not note and code not in (0, 1):
            tail = err.read().decode("utf-8", "replace").strip().splitlines()[-3:]
            note = f"exit {code}: {' / '.join(tail)}"
    return wall, peak, stdout, note


def ensure_sample(data: Path, label: str, rows: int) -> Path:
    """The cached sample for a size, generated when missing or made with other parameters."""
    folder = data / label
    params = {"rows": rows, "employees": EMPLOYEES, "seed": SEED}
    marker = folder / "params.json"
    cached = (folder / "activity.csv").exists() and marker.exists()
    if cached and json.loads(marker.read_text()) == params:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    started = time.perf_counter()
    subprocess.run(
        [str(BIN / "neutrality"), "samples", "--out", str(folder), "--rows", str(rows),
         "--employees", str(EMPLOYEES), "--seed", str(SEED)],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    marker.write_text(json.dumps(params))
    print(f"samples {label}: {rows:,} rows in {time.perf_counter() - started:.1f} s",
          file=sys.stderr)  # fmt: skip
    return folder


def export_registry(data: Path) -> tuple[Path, list[str]]:
    """accounts.csv (platform, handle, participant, period in UTC) and the naive loop's phrases."""
    from neutrality.registry import load_registry
    from neutrality.resources import default_registry_paths
    from neutrality.samples import participant_period

    registry = load_registry(default_registry_paths())
    path = data / "accounts.csv"
    phrases: set[str] = set()
    data.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["platform", "handle", "participant_id", "first", "last"])
        for participant in registry.participants.values():
            first, last = participant_period(registry, participant.id)
            period = [time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(s)) for s in (first, last)]
            for account in participant.accounts:
                writer.writerow([account.platform, account.handle.lower(), participant.id, *period])
            phrases |= {participant.name.lower(), *(a.lower() for a in participant.aliases)}
            phrases |= {f"#{h.tag.lower()}" for h in participant.hashtags}
            phrases |= {s.text.lower() for s in participant.slogans}
    return path, sorted(phrases)


def findings_of(out: Path) -> int | None:
    try:
        return int(json.loads((out / "summary.json").read_text())["findings"])
    except (OSError, ValueError, KeyError):
        return None


def run_size(
    label: str, rows: int, folder: Path, accounts: Path, phrases: list[str], args: Any,
    dask_estimate: float | None,
) -> list[Step]:  # fmt: skip
    activity, roster = folder / "activity.csv", folder / "roster.csv"
    steps: list[Step] = []
    scratch = Path(tempfile.mkdtemp(prefix=f"scale-{label}-", dir=args.data))

    def record(step: str, command: list[str], timeout: float | None = None, best_of: int = 1
               ) -> Step:  # fmt: skip
        runs = [measure(command, timeout) for _ in range(best_of)]
        wall, _, _, note = min(runs, key=lambda run: run[0])  # the fastest: least disturbed
        peak = max(run[1] for run in runs)
        result = Step(label, rows, step, None if note else wall, peak, note)
        steps.append(result)
        print(f"  {label:>5} {step:<12} {wall:8.1f} s {peak:8.0f} MiB {note}", file=sys.stderr)
        return result

    def audit(engine: str, formats: str, out: Path) -> list[str]:
        return [str(BIN / "neutrality"), "audit", str(activity), "--roster", str(roster),
                "--out", str(out), "--format", formats, "--engine", engine]  # fmt: skip

    try:
        # the two sides of the floor ratio: the fastest of three runs each (up to 1M rows), so
        # a short step disturbed once by the shared machine does not move the ratio
        repeat = 3 if rows <= 1_000_000 else 1
        record("floor", [PYTHON, "-c", FLOOR, str(activity)], best_of=3)
        record("duckdb", [PYTHON, "-c", DUCKDB, str(activity), str(accounts),
                          str(scratch / "duckdb.csv")])  # fmt: skip
        _, _, stdout, note = measure(
            [
                PYTHON,
                "-c",
                NAIVE,
                str(activity),
                str(accounts),
                str(NAIVE_ROWS),
                json.dumps(phrases),
            ]
        )
        loop = float(stdout.split()[0]) if stdout else None
        steps.append(Step(label, rows, "naive", loop * rows / NAIVE_ROWS if loop else None, None,
                          note or f"{loop:.2f} s for {NAIVE_ROWS:,} rows, extrapolated"))  # fmt: skip
        local = record("local", audit("local", "csv,jsonl", scratch / "local"), best_of=repeat)
        local.findings = findings_of(scratch / "local")
        steps.append(naive_full(label, rows, activity, roster, scratch / "local"))
        one_process = [*audit("local", "csv,jsonl", scratch / "one"), "--workers", "1"]
        one = record("1 process", one_process, best_of=repeat)
        one.findings = findings_of(scratch / "one")
        if rows <= 1_000_000 and not args.no_reports:
            full = record("+xlsx,html", audit("local", "csv,jsonl,xlsx,html", scratch / "full"))
            full.findings = findings_of(scratch / "full")
            if full.seconds is not None and local.seconds is not None:
                extra = full.seconds - local.seconds
                per = extra / max(full.findings or 1, 1) * 1000
                full.note = f"adds {extra:.1f} s to local ({per:.2f} s per 1,000 findings)"
        if args.no_dask:
            steps.append(Step(label, rows, "dask", None, None, "not run (--no-dask)"))
        elif dask_estimate is not None and dask_estimate > args.dask_limit:
            steps.append(Step(label, rows, "dask", None, None,
                              f"skipped: about {dask_estimate:.0f} s expected "
                              f"(> --dask-limit {args.dask_limit:.0f} s)"))  # fmt: skip
        else:
            dask = record("dask", audit("dask", "csv,jsonl", scratch / "dask"), args.dask_timeout)
            dask.findings = findings_of(scratch / "dask")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return steps


def naive_full(label: str, rows: int, activity: Path, roster: Path, audited: Path) -> Step:
    """The per-row implementation of the audit's own work, checked against the audit's output."""
    command = [PYTHON, "-c", NAIVE_FULL, str(activity), str(roster), str(NAIVE_FULL_ROWS)]
    _, _, stdout, note = measure(command)
    if note or not stdout:
        return Step(label, rows, "naive-full", None, None, note or "no output")
    seconds, done, findings, rejected = (float(v) for v in stdout.split()[:4])
    expected = (
        _count_rows(audited / "findings.csv", done),
        _count_rows(audited / "rejected.csv", done),
    )
    agree = "same" if (findings, rejected) == expected else f"DIFFERENT from the audit's {expected}"
    note = (
        f"{seconds:.1f} s for {int(done):,} rows, extrapolated; {int(findings)} findings and "
        f"{int(rejected)} rejected rows there: {agree}"
    )
    return Step(label, rows, "naive-full", seconds * rows / done, None, note)


def _count_rows(path: Path, last_row: float) -> int:
    """Rows of an output file whose source_row is at most `last_row`."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return sum(int(r["source_row"]) <= last_row for r in csv.DictReader(handle))


def add_ratios(steps: list[Step]) -> list[dict[str, Any]]:
    rows = []
    for step in steps:
        same = {s.step: s for s in steps if s.size == step.size}
        floor, naive = same.get("floor"), same.get("naive")
        row = asdict(step)
        row["x_floor"] = (
            step.seconds / floor.seconds if step.seconds and floor and floor.seconds else None
        )
        row["naive_over"] = (
            naive.seconds / step.seconds if step.seconds and naive and naive.seconds else None
        )
        full = same.get("naive-full")
        row["naive_full_over"] = (
            full.seconds / step.seconds if step.seconds and full and full.seconds else None
        )
        rows.append(row)
    return rows


def targets(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    def get(size: str, step: str) -> dict[str, Any] | None:
        return next((r for r in rows if r["size"] == size and r["step"] == step), None)

    result: dict[str, dict[str, Any]] = {}
    one, ten = get("1m", "local"), get("10m", "local")
    if one and one["x_floor"] is not None:
        result["floor_ratio"] = {"value": round(one["x_floor"], 1), "met": one["x_floor"] <= 10}
    if one and one["naive_over"] is not None:
        value = one["naive_over"]
        result["naive_speedup"] = {"value": round(value, 1), "met": None}  # for reference
    if one and one.get("naive_full_over") is not None:
        value = one["naive_full_over"]
        result["naive_full_speedup"] = {"value": round(value), "met": value >= 50}
    if ten and ten["peak_mib"] is not None:
        result["peak_10m"] = {"value": round(ten["peak_mib"]), "met": ten["peak_mib"] <= 1536}
    if one and ten and one["peak_mib"] and ten["peak_mib"]:
        value = ten["peak_mib"] / one["peak_mib"]
        result["peak_10m_over_1m"] = {"value": round(value, 2), "met": value <= 1.1}
    if one and ten and one["seconds"] and ten["seconds"]:
        value = ten["seconds"] / one["seconds"]
        result["linear_10m"] = {"value": round(value, 1), "met": value <= 11}
    return result


def fmt(value: Any, digits: int = 1) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def table(rows: list[dict[str, Any]], markdown: bool) -> str:
    header = ["size", "step", "seconds", "peak MiB", "× floor", "× faster than naive",
              "× faster than naive-full", "findings", "note"]  # fmt: skip
    body = [
        [r["size"], r["step"], fmt(r["seconds"]), fmt(r["peak_mib"], 0), fmt(r["x_floor"]),
         fmt(r["naive_over"]), fmt(r.get("naive_full_over"), 0), fmt(r["findings"], 0), r["note"]]
        for r in rows
    ]  # fmt: skip
    if markdown:
        lines = ["| " + " | ".join(header) + " |", "|" + " --- |" * len(header)]
        lines += ["| " + " | ".join(cells) + " |" for cells in body]
        return "\n".join(lines)
    widths = [max(len(str(c)) for c in column) for column in zip(header, *body, strict=True)]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(header, widths, strict=True))]
    lines += [
        "  ".join(str(c).ljust(w) for c, w in zip(cells, widths, strict=True)) for cells in body
    ]
    return "\n".join(line.rstrip() for line in lines)


def machine() -> dict[str, Any]:
    model = ""
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    from neutrality.workers import default_workers

    return {"cpus": os.cpu_count(), "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
            "cpu_model": model, "python": platform.python_version(),
            "audit_processes": default_workers()}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="100k,1m,10m", help="comma-separated: 100k,1m,10m")
    parser.add_argument("--data", type=Path, default=Path("/tmp/neutrality-bench"))
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--markdown", action="store_true", help="the table as Markdown, for docs")
    parser.add_argument("--no-dask", action="store_true", help="leave the Dask engine out")
    parser.add_argument("--no-reports", action="store_true", help="leave +xlsx,html out")
    parser.add_argument("--dask-limit", type=float, default=600,
                        help="skip Dask at a size expected to take longer (s)")  # fmt: skip
    parser.add_argument("--dask-timeout", type=float, default=900,
                        help="stop a Dask run after this many seconds")  # fmt: skip
    parser.add_argument("--save", type=Path, help="also write the JSON output to this file")
    parser.add_argument("--load", type=Path, help="print a saved --json/--save result, run nothing")
    args = parser.parse_args()
    if args.load:
        saved = json.loads(args.load.read_text())
        saved["targets"] = targets(saved["steps"])  # judged as this script judges them
        report(saved, args)
        return
    labels = [s.strip().lower() for s in args.sizes.split(",") if s.strip()]
    unknown = [s for s in labels if s not in SIZES]
    if unknown:
        parser.error(f"--sizes: unknown {', '.join(unknown)}; valid are {', '.join(SIZES)}")
    labels.sort(key=SIZES.__getitem__)
    compile_package()
    accounts, phrases = export_registry(args.data)
    folders = {label: ensure_sample(args.data, label, SIZES[label]) for label in labels}
    steps: list[Step] = []
    last_dask: Step | None = None
    for label in labels:
        estimate = None
        if last_dask is not None and last_dask.seconds is not None:
            estimate = last_dask.seconds * SIZES[label] / last_dask.rows
        steps += run_size(label, SIZES[label], folders[label], accounts, phrases, args, estimate)
        last_dask = next((s for s in steps if s.size == label and s.step == "dask"), None)
    rows = add_ratios(steps)
    result = {"machine": machine(), "steps": rows, "targets": targets(rows)}
    if args.save:
        args.save.write_text(json.dumps(result, indent=2) + "\n")
    report(result, args)


def compile_package() -> None:
    """Byte-compile the package as `pip install` does for an installed one, so no step pays for
    compiling its sources (an editable install under PYTHONDONTWRITEBYTECODE=1 compiles them
    at every start: about 0.3 s here)."""
    import compileall

    import neutrality

    compileall.compile_dir(str(Path(neutrality.__file__).parent), quiet=1)


def report(result: dict[str, Any], args: Any) -> None:
    if args.json:
        print(json.dumps(result, indent=2))
        return
    met = result["targets"]
    print(table(result["steps"], args.markdown))
    print()
    for key, text in TARGETS_TEXT.items():
        if key in met:
            verdict = {True: "met", False: "NOT met", None: "reported"}[met[key]["met"]]
            print(f"- {text}: {met[key]['value']} — {verdict}")
        else:
            print(f"- {text}: not measured in this run")


if __name__ == "__main__":
    main()
