"""Reading the case store: the review queue, one finding with its history, runs."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Connection, select

from neutrality.i18n import tr
from neutrality.review.errors import ReviewError
from neutrality.review.schema import findings, manual_findings, runs
from neutrality.review.store import act_time, wib
from neutrality.review.terms import NOT_IN_LATEST_RUN

LIST_COLUMNS = (
    "finding_id", "status", "version", "rule_id", "category", "nip", "employee_name", "agency",
    "platform", "action", "occurred_at", "participant_name", "confidence", "origin",
    "produced_in_last_run", "decided_by", "decided_at", "reason_code", "note", "timezone",
)  # fmt: skip


def marker(row: dict[str, Any]) -> str:
    """`not_in_latest_run` for a detected finding the latest run no longer produced."""
    return NOT_IN_LATEST_RUN if row["origin"] == "audit" and not row["produced_in_last_run"] else ""


def _plain(row: dict[str, Any]) -> dict[str, Any]:
    """JSON-ready: times as ISO 8601 UTC plus a WIB text, the act's time also in its election's
    zone (`occurred_at_local`, as the audit's reports show it), the run marker spelled out."""
    out = dict(row)
    if row.get("occurred_at"):
        out["occurred_at_local"] = act_time(row["occurred_at"], row.get("timezone"))
    for key in ("occurred_at", "decided_at", "created_at"):
        if key in out:
            moment = out[key]
            out[key] = moment.isoformat() if moment else None
            out[f"{key}_wib"] = wib(moment)
    out["marker"] = marker(row)
    return out


def list_findings(conn: Connection, status: str | None = None) -> list[dict[str, Any]]:
    query = select(*(findings.c[name] for name in LIST_COLUMNS)).order_by(
        findings.c.agency, findings.c.nip, findings.c.occurred_at, findings.c.finding_id
    )
    if status == NOT_IN_LATEST_RUN:
        query = query.where(
            findings.c.origin == "audit", findings.c.produced_in_last_run.is_(False)
        )
    elif status:
        query = query.where(findings.c.status == status)
    return [_plain(dict(row)) for row in conn.execute(query).mappings()]


#: what an officer reads to decide, beside the queue's columns (the offline workbook's evidence)
EVIDENCE_COLUMNS = ("target_account", "matched_text", "url", "legal_basis", "sanction")


def evidence_of(conn: Connection, finding_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Per finding: EVIDENCE_COLUMNS and the evidence's explanation and text excerpt."""
    query = select(findings.c.finding_id, findings.c.evidence,
                   *(findings.c[name] for name in EVIDENCE_COLUMNS))  # fmt: skip
    out: dict[str, dict[str, Any]] = {}
    for start in range(0, len(finding_ids), 1000):  # bounded IN lists on both backends
        part = finding_ids[start : start + 1000]
        for row in conn.execute(query.where(findings.c.finding_id.in_(part))).mappings():
            values = {name: row[name] for name in EVIDENCE_COLUMNS}
            try:
                evidence = json.loads(row["evidence"])
                values["explanation"] = str(evidence.get("explanation") or "")
                values["context"] = str(evidence.get("context") or "")
            except (ValueError, AttributeError):
                values["explanation"] = values["context"] = ""
            out[row["finding_id"]] = values
    return out


def get_finding(conn: Connection, finding_id: str) -> dict[str, Any]:
    row = conn.execute(select(findings).where(findings.c.finding_id == finding_id)).mappings()
    found = row.one_or_none()
    if found is None:
        raise ReviewError(tr("unknown finding id {finding_id}", finding_id=finding_id))
    out = _plain(dict(found))
    out["evidence"] = json.loads(found["evidence"])
    out["record"] = json.loads(found["record"])
    manual = conn.execute(
        select(manual_findings).where(manual_findings.c.finding_id == finding_id)
    ).mappings()
    entered = manual.one_or_none()
    if entered:
        out["manual"] = {**dict(entered), "entered_at": wib(entered["entered_at"])}
    return out


def list_runs(conn: Connection) -> list[dict[str, Any]]:
    query = select(runs).order_by(runs.c.run_id)
    return [dict(row) for row in conn.execute(query).mappings()]
