"""Report benchmark: seconds and bytes of each output format for N synthetic findings.

Usage: .venv/bin/python benchmarks/reports.py [--findings 10000] [--work DIR] [--employees 2000]

Builds Finding objects directly (no engine, no input file), streams them through the CSV and
JSON Lines writers as the pipeline does, then times findings.xlsx, report.html and the case
sheets, which are read back from findings.jsonl. Peak memory is this process's maximum RSS.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from neutrality.findings import CSV_COLUMNS, Evidence, Finding
from neutrality.report.cases import write_cases
from neutrality.report.html import write_html
from neutrality.report.jsonl import JsonLinesWriter
from neutrality.report.safe_csv import SafeCsvWriter
from neutrality.report.workbook import write_workbook

WIB = dt.timezone(dt.timedelta(hours=7))
RULES = [("SKB-A4", "ethics"), ("SKB-B6", "discipline"), ("SKB-A2", "ethics"),
         ("SKB-B2", "discipline"), ("SKB-B7", "discipline")]  # fmt: skip
AGENCIES = [f"Dinas {name}" for name in ("Pendidikan", "Kesehatan", "Perhubungan", "Sosial",
                                         "Pertanian", "Pariwisata", "Kominfo", "PUPR")]  # fmt: skip


def synthetic_findings(count: int, employees: int, seed: int = 7) -> list[Finding]:
    rng = random.Random(seed)
    start = dt.datetime(2023, 10, 1, tzinfo=WIB)
    findings = []
    for row in range(1, count + 1):
        rule, category = rng.choice(RULES)
        person = rng.randrange(employees)
        nip = f"1985{person % 12 + 1:02d}{person % 28 + 1:02d}2010{person % 12 + 1:02d}1{person % 999 + 1:03d}"
        text = f"Ayo dukung pasangan nomor 02, coblos 02 pada 14 Februari! #{row}"
        findings.append(
            Finding(
                source_file="activity.csv", source_row=row, rule_id=rule,
                record_id=f"activity.csv:{row}", category=category, lampiran_row=rule[4:],
                participant_id="prabowo-subianto", participant_name="Prabowo Subianto",
                participant_status="calon" if category == "discipline" else "bakal_calon",
                election_id="pemilu-2024", timezone="Asia/Jakarta",
                occurred_at=start + dt.timedelta(minutes=rng.randrange(60 * 24 * 130)),
                platform=rng.choice(["x", "instagram", "facebook", "tiktok"]),
                action=rng.choice(["like", "comment", "share", "post"]),
                legal_basis="Pasal 9 ayat (2) UU 5/2014; Pasal 5 huruf n angka 5 PP 94/2021",
                sanction="Hukuman disiplin berat" if category == "discipline" else "Sanksi moral",
                nip=nip, employee_name=f"Pegawai {person}", agency=AGENCIES[person % len(AGENCIES)],
                target_account="@prabowo", url=f"https://x.com/prabowo/status/{row}",
                evidence=Evidence("content_text", "slogan of prabowo-subianto", text, "phrase",
                                  92.5, rng.choice(["high", "medium", "low"]), (20, 29),
                                  "ballot-number call with support words", ("coblos 02",)),
            )
        )  # fmt: skip
    return sorted(findings)


def timed(label: str, action: Callable[[], Any], paths: Callable[[], list[Path]]) -> None:
    began = time.perf_counter()
    action()
    seconds = time.perf_counter() - began
    size = sum(path.stat().st_size for path in paths())
    print(f"{label:<16} {seconds:8.2f} s {size / 1_048_576:10.2f} MiB  ({size:,} bytes)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--findings", type=int, default=10_000)
    parser.add_argument("--employees", type=int, default=2_000)
    parser.add_argument("--work", type=Path, default=None)
    options = parser.parse_args()
    out = options.work or Path(tempfile.mkdtemp(prefix="neutrality-reports-"))
    out.mkdir(parents=True, exist_ok=True)
    findings = synthetic_findings(options.findings, options.employees)
    summary = {
        "version": "bench",
        "findings": len(findings),
        "inputs": [],
        "timezone": "Asia/Jakarta",
    }
    print(f"{len(findings):,} findings, {options.employees:,} employees -> {out}")

    def write_csv() -> None:
        with SafeCsvWriter(out / "findings.csv", CSV_COLUMNS) as writer:
            writer.write(f.to_record() for f in findings)
        SafeCsvWriter(out / "rejected.csv", ("source_file", "source_row", "reason")).close()

    def write_jsonl() -> None:
        with JsonLinesWriter(out / "findings.jsonl") as writer:
            writer.write(findings)

    timed("findings.csv", write_csv, lambda: [out / "findings.csv"])
    timed("findings.jsonl", write_jsonl, lambda: [out / "findings.jsonl"])
    timed(
        "findings.xlsx", lambda: write_workbook(out, summary, "id"), lambda: [out / "findings.xlsx"]
    )
    timed("report.html", lambda: write_html(out, summary, "id", link_cases=True),
          lambda: [out / "report.html"])  # fmt: skip
    timed("cases/*.html", lambda: write_cases(out, summary, "id"),
          lambda: list((out / "cases").glob("*.html")))  # fmt: skip
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MiB (the findings list itself included)")


if __name__ == "__main__":
    main()
