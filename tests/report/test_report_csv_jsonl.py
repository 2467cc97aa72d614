"""findings.csv, rejected.csv and findings.jsonl read back as a spreadsheet user and a script
would read them: column order, formula neutralisation, separator, evidence on every line."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
from report_fixtures import INJECTIONS, hostile_findings, rejected_rows, write_run

from neutrality.findings import CSV_COLUMNS
from neutrality.report.safe_csv import FORMULA_PREFIXES
from neutrality.report.source import iter_rejected

EVIDENCE_KEYS = {
    "matched_field", "registry_entry", "matched_text", "method", "score", "confidence", "span",
    "explanation", "cues",
}  # fmt: skip


def read_csv(path: Path, delimiter: str = ",") -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM, so Excel reads it as UTF-8"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, delimiter=delimiter))


def test_findings_csv_header_is_exactly_the_spec_columns(run_out: tuple[Path, Any]) -> None:
    out, _ = run_out
    rows = read_csv(out / "findings.csv")
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 1 + len(hostile_findings())


@pytest.mark.parametrize("name", ["findings.csv", "rejected.csv"])
def test_no_cell_starts_like_a_formula(run_out: tuple[Path, Any], name: str) -> None:
    out, _ = run_out
    cells = [cell for row in read_csv(out / name)[1:] for cell in row]
    assert not [cell for cell in cells if cell.startswith(FORMULA_PREFIXES)]
    for payload in INJECTIONS:
        assert "'" + payload in cells, f"{payload!r} kept, behind an apostrophe"


def test_semicolon_separator_for_excel_in_indonesian(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_run(out, hostile_findings(), rejected_rows(), delimiter=";")
    rows = read_csv(out / "findings.csv", ";")
    assert tuple(rows[0]) == CSV_COLUMNS
    assert {len(row) for row in rows} == {len(CSV_COLUMNS)}
    back = list(iter_rejected(out))  # the workbook reads it back whatever the separator
    assert [row["content_text"] for row in back][: len(INJECTIONS)] == list(INJECTIONS)


def test_every_jsonl_line_parses_and_carries_the_evidence(run_out: tuple[Path, Any]) -> None:
    out, _ = run_out
    lines = (out / "findings.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(hostile_findings())
    for line in lines:
        record = json.loads(line)
        assert set(CSV_COLUMNS) <= set(record)
        assert set(record["evidence"]) >= EVIDENCE_KEYS
        assert record["occurred_at"].endswith("+07:00")
        assert record["occurred_at_local"].endswith(" WIB")
