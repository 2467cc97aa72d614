"""The per-finding reference the column writers are tested against: each finding flattened
with `datetime.astimezone` and encoded with one orjson call, as findings.csv and
findings.jsonl were first written. Independent of neutrality.findings.FindingTable."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

import orjson

from neutrality.findings import CSV_COLUMNS, ZONE_ABBREVIATION, Finding, finding_id
from neutrality.report.safe_csv import written


def record_of(finding: Finding) -> dict[str, Any]:
    """findings.csv's row of one finding."""
    iso = finding.occurred_at.astimezone(ZoneInfo(finding.timezone)).isoformat()
    zone = ZONE_ABBREVIATION.get(finding.timezone, finding.timezone)
    ev = finding.evidence
    values = {
        **{name: getattr(finding, name) for name in CSV_COLUMNS if hasattr(finding, name)},
        "finding_id": finding_id(finding.rule_id, finding.record_id),
        "occurred_at": iso,
        "occurred_at_local": f"{iso[:10]} {iso[11:19]} {zone}",
        "match_method": ev.method,
        "matched_text": ev.matched_text,
        "score": round(ev.score, 1),
        "confidence": ev.confidence,
    }
    return {name: values[name] for name in CSV_COLUMNS}


def csv_text(findings: Sequence[Finding], delimiter: str) -> str:
    """findings.csv's rows, through the csv module a row at a time."""
    return written(([record_of(f)[c] for c in CSV_COLUMNS] for f in findings), delimiter)


def json_lines(findings: Sequence[Finding]) -> str:
    """findings.jsonl's lines, one orjson call per finding."""
    lines = []
    for finding in findings:
        ev = finding.evidence
        line = {
            **record_of(finding),
            "lampiran_row": finding.lampiran_row,
            "participant_status": finding.participant_status,
            "election_id": finding.election_id,
            "evidence": {
                "matched_field": ev.matched_field, "registry_entry": ev.registry_entry,
                "matched_text": ev.matched_text, "method": ev.method, "score": ev.score,
                "confidence": ev.confidence, "span": list(ev.span) if ev.span else None,
                "explanation": ev.explanation, "cues": list(ev.cues), "context": ev.context,
                "context_span": list(ev.context_span) if ev.context_span else None,
            },
        }  # fmt: skip
        lines.append(orjson.dumps(line, option=orjson.OPT_SORT_KEYS).decode() + "\n")
    text = "".join(lines)
    for raw, escaped in {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}.items():
        text = text.replace(raw, escaped)
    return text
