"""Every hostile file ends in its documented outcome: exit 2 with a message naming the file and
line or row, or a completed audit with the bad rows rejected for their reason. Never a traceback,
never more than 60 s or 1 GiB, never a file written outside the case's folder and `--out`.

Each case runs `neutrality` in its own process so its time and peak memory are its own.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import Case, cases

ROOT = Path(__file__).resolve().parents[2]
LIMIT_SECONDS = 60
LIMIT_BYTES = 1 << 30
#: Runs the CLI and reports the process's own peak memory on a pipe, whatever the exit code.
#: VmHWM, not ru_maxrss: ru_maxrss survives exec, so a child would report pytest's own peak.
RUNNER = (
    "import os, resource, sys\n"
    "from neutrality.cli import app\n"
    "code = 0\n"
    "try:\n"
    "    app(args=sys.argv[1:], prog_name='neutrality')\n"
    "except SystemExit as exc:\n"
    "    code = exc.code if isinstance(exc.code, int) else 1\n"
    "status = open('/proc/self/status').read().split('VmHWM:')[1].split()[0]\n"
    "peak = int(status) if status.isdigit() else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
    "os.write(int(os.environ['NEUTRALITY_PEAK_FD']), str(peak).encode())\n"
    "sys.exit(code)\n"
)
MEASURED: dict[str, tuple[float, int]] = {}


def tree(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


def run(case: Case, folder: Path) -> tuple[subprocess.CompletedProcess[str], float, int]:
    shutil.copy(ROOT / "samples" / "roster.csv", folder / "roster.csv")
    args = case.make(folder)
    read, write = os.pipe()
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [sys.executable, "-c", RUNNER, *args], cwd=folder, capture_output=True, text=True,
            timeout=LIMIT_SECONDS, pass_fds=(write,), env={**os.environ, "COLUMNS": "200", "NEUTRALITY_PEAK_FD": str(write)},
        )  # fmt: skip
    finally:
        os.close(write)
    seconds = time.perf_counter() - started
    with os.fdopen(read) as pipe:
        peak = int(pipe.read() or 0) * 1024  # ru_maxrss is in KiB on Linux
    return done, seconds, peak


@pytest.mark.parametrize("case", cases(), ids=lambda c: c.name)
def test_hostile_case(case: Case, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    folder = outside / "case"
    folder.mkdir()
    done, seconds, peak = run(case, folder)
    MEASURED[case.name] = (seconds, peak)
    stderr = done.stderr
    assert "Traceback" not in stderr and "Traceback" not in done.stdout, stderr
    assert done.returncode == case.exit_code, (done.returncode, stderr[-2000:], done.stdout[-2000:])
    for fragment in case.stderr:
        assert fragment in stderr, (fragment, stderr[-2000:])
    assert seconds < LIMIT_SECONDS
    assert peak < LIMIT_BYTES, f"{peak / 2**20:.0f} MiB"
    # nothing written beside the case folder, and inside it only the inputs and --out
    assert tree(outside) - {"case"} == {p for p in tree(outside) if p.startswith("case")} - {"case"}
    assert not (Path("/tmp") / "escaped").exists()
    out = folder / "out"
    if case.rejected is not None:
        _check_outputs(case, out)


def _check_outputs(case: Case, out: Path) -> None:
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    for source in summary["inputs"]:
        assert source["rows_read"] == source["rows_evaluated"] + source["rows_rejected"]
    with (out / "rejected.csv").open(encoding="utf-8-sig", newline="") as handle:
        reasons = Counter(row["reason"] for row in csv.DictReader(handle))
    assert dict(reasons) == case.rejected
    if case.findings is not None:
        assert summary["findings"] == case.findings
    warnings = " ".join(w for source in summary["inputs"] for w in source["warnings"])
    for fragment in case.warnings:
        assert fragment in warnings, warnings
    for name in ("findings.csv", "rejected.csv"):
        _formula_safe(out / name)
    report = out / "report.html"
    if report.exists():
        html = report.read_text(encoding="utf-8")
        assert "<script>alert" not in html and "<img src=x" not in html
    produced = {p.name for p in out.iterdir()}
    assert produced <= {"findings.csv", "findings.jsonl", "findings.xlsx", "report.html",
                        "rejected.csv", "summary.json", "cases"}, produced  # fmt: skip
    for sheet in (out / "cases").glob("**/*") if (out / "cases").exists() else []:
        assert sheet.resolve().is_relative_to(out.resolve())


def _formula_safe(path: Path) -> None:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.reader(handle):
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), (path.name, cell[:40])
                if cell.startswith("-"):
                    assert cell[1:2].isdigit() or cell == "-", (path.name, cell[:40])


def test_zz_report_slowest_and_largest() -> None:
    """Printed for the notes: the slowest case and the highest peak memory (run with -s)."""
    if len(MEASURED) < len(cases()):
        pytest.skip("run together with all the hostile cases")
    slowest = max(MEASURED.items(), key=lambda item: item[1][0])
    largest = max(MEASURED.items(), key=lambda item: item[1][1])
    print(f"\nhostile files: {len(MEASURED)}; slowest {slowest[0]} {slowest[1][0]:.1f} s; "
          f"highest memory {largest[0]} {largest[1][1] / 2**20:.0f} MiB")  # fmt: skip
    assert len(MEASURED) >= 40
