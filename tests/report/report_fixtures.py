"""Helpers of the report tests: a run's streamed outputs written from Finding records as the
pipeline writes them (as columns: FindingTable, encode_columns, encode_table), with hostile
text in every field a person could type (no engine needed)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from neutrality.findings import CSV_COLUMNS, Evidence, Finding, FindingTable
from neutrality.report.jsonl import JsonLinesWriter, encode_table
from neutrality.report.pseudonym import Pseudonymizer
from neutrality.report.safe_csv import SafeCsvWriter, encode_columns

WIB = dt.timezone(dt.timedelta(hours=7))
SCRIPT = "<script>alert(1)</script>"
INJECTIONS = ("=cmd|' /C calc'!A0", "+1", "-1", "@SUM(1)", "\tTAB", "\rCR")
NIPS = ("198609262015051001", "199001012019032002", "198512312010011003")
REJECTED_COLUMNS = (
    "source_file", "source_row", "record_id", "reason", "message", "nip", "actor_account",
    "platform", "action", "occurred_at", "target_account", "content_text", "other_fields",
)  # fmt: skip


def make_finding(
    row: int,
    nip: str = NIPS[0],
    rule_id: str = "SKB-B6",
    *,
    name: str = "Budi Santoso",
    agency: str = "Dinas Pendidikan",
    matched_text: str = "@prabowo",
    span: tuple[int, int] | None = None,
    url: str = "https://x.com/prabowo/status/1",
    confidence: str = "high",
    timezone: str = "Asia/Jakarta",
    explanation: str = "liked a post of the participant's official account",
) -> Finding:
    ethics = rule_id.startswith("SKB-A")
    return Finding(
        source_file="activity.csv", source_row=row, rule_id=rule_id,
        record_id=f"activity.csv:{row}", category="ethics" if ethics else "discipline",
        lampiran_row=rule_id.removeprefix("SKB-"), participant_id="prabowo-subianto",
        participant_name="Prabowo Subianto", participant_status="bakal_calon" if ethics else "calon",
        election_id="pemilu-2024", timezone=timezone,
        occurred_at=dt.datetime(2023, 11, 20 + row % 5, 9, row % 60, tzinfo=WIB),
        platform="x", action="like",
        legal_basis="Pasal 9 ayat (2) UU 5/2014; Pasal 5 huruf n angka 5 PP 94/2021",
        sanction="Sanksi moral" if ethics else "Hukuman disiplin berat", nip=nip,
        employee_name=name, agency=agency, target_account="@prabowo", url=url,
        evidence=Evidence("target_account", "account x:prabowo of prabowo-subianto", matched_text,
                          "exact_handle", 100.0, confidence, span, explanation, ("coblos 02",)),  # type: ignore[arg-type]
    )  # fmt: skip


def hostile_findings() -> list[Finding]:
    """Findings whose input texts hold scripts, attribute breakers and spreadsheet formulas."""
    findings = [make_finding(1), make_finding(2, NIPS[1], "SKB-A4", name="Siti Aminah",
                                              agency="Dinas Kesehatan", confidence="medium")]  # fmt: skip
    findings.append(
        make_finding(
            3,
            NIPS[2],
            "SKB-B2",
            name=SCRIPT,
            agency='Dinas "><img src=x onerror=alert(2)>',
            matched_text=f"ayo coblos 02 {SCRIPT} \u2028 & </script>",
            span=(4, 13),
            url="javascript:alert(3)",
            explanation=SCRIPT,
            confidence="low",
        )
    )
    for offset, payload in enumerate(INJECTIONS):
        findings.append(make_finding(10 + offset, NIPS[0], matched_text=payload, name=payload))
    return findings


def rejected_rows() -> list[dict[str, Any]]:
    rows = []
    for index, payload in enumerate((*INJECTIONS, SCRIPT)):
        rows.append({
            "source_file": "activity.csv", "source_row": 100 + index, "record_id": f"r{index}",
            "reason": "nip_invalid", "message": f'nip "{NIPS[1]}9": harus 18 angka',
            "nip": f"{NIPS[1]}9", "actor_account": "@siti_r", "platform": "x", "action": "like",
            "occurred_at": "2023-11-20 10:00 WIB", "target_account": "@prabowo",
            "content_text": payload, "other_fields": f"extra {NIPS[2]}",
        })  # fmt: skip
    return rows


def summary_for(findings: Sequence[Finding], rejected: int = 0) -> dict[str, Any]:
    return {
        "tool": "neutrality", "version": "0.1.0", "rows_read": len(findings) + rejected + 5,
        "rows_evaluated": len(findings) + 5, "rows_rejected": rejected, "findings": len(findings),
        "employees_flagged": len({f.nip for f in findings}),
        "findings_by_rule": {}, "findings_by_confidence": {},
        "inputs": [{"path": "activity.csv", "sha256": "ab" * 32, "format": "csv",
                    "rows_read": len(findings) + rejected + 5, "rows_evaluated": len(findings) + 5,
                    "rows_rejected": rejected}],
        "roster": {"path": "roster.csv", "sha256": "cd" * 32, "rows_read": 3},
        "rules": {"path": "", "sha256": "ef" * 32}, "registries": {"pemilu-2024.yaml": "12" * 32},
        "timezone": "Asia/Jakarta", "started_at": "2024-01-05T10:00:00+07:00",
        "finished_at": "2024-01-05T10:05:00+07:00",
        "elections": [{"id": "pemilu-2024", "stages": [
            {"id": "campaign", "name": {"id": "Masa kampanye", "en": "Campaign"}, "start": "2023-11-28"},
            {"id": "calon", "name": {"id": f"Penetapan {SCRIPT}", "en": "Candidates"}, "start": "2023-11-21"},
        ]}],
    }  # fmt: skip


def write_run(
    out: Path,
    findings: Sequence[Finding],
    rejected: Sequence[dict[str, Any]] = (),
    *,
    pseudonymizer: Pseudonymizer | None = None,
    delimiter: str = ",",
) -> dict[str, Any]:
    """findings.csv, findings.jsonl, rejected.csv and summary.json as the pipeline streams them."""
    out.mkdir(parents=True, exist_ok=True)
    table = FindingTable.from_findings(sorted(findings))
    if pseudonymizer is not None:
        table = pseudonymizer.finding_table(table)
        rejected = [pseudonymizer.rejected_row(row) for row in rejected]
    flat = table.flat()
    with SafeCsvWriter(out / "findings.csv", CSV_COLUMNS, delimiter) as writer:
        writer.write_encoded(encode_columns(list(flat.values()), delimiter), len(table))
    with JsonLinesWriter(out / "findings.jsonl") as jsonl:
        jsonl.write_encoded(encode_table(table, flat), len(table))
    with SafeCsvWriter(out / "rejected.csv", REJECTED_COLUMNS, delimiter) as writer:
        writer.write(rejected)
    summary = summary_for(findings, len(rejected))
    (out / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    return summary
