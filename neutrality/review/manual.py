"""Manual findings: forms of Lampiran II that activity data cannot show (party membership,
attending a declaration, ...), recorded by a reviewer and reviewed like any detected finding.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from typing import Any

import pandas as pd
from sqlalchemy import Connection, insert, select

from neutrality.findings import finding_id as fingerprint
from neutrality.i18n import current_language, tr
from neutrality.io.messages import NIP_ERRORS, TIME_ERRORS
from neutrality.io.values import nip_errors, parse_times
from neutrality.review import auditlog
from neutrality.review.errors import ReviewError
from neutrality.review.sanctions import (
    LEVEL_TEXT,
    category_of,
    legal_basis_of,
    level_of,
    valid_rule_id,
)
from neutrality.review.schema import findings, manual_findings
from neutrality.review.store import Store, now_utc

WIB_ZONE = "Asia/Jakarta"


@dataclass(frozen=True)
class ManualFinding:
    rule_id: str
    nip: str
    name: str
    agency: str
    occurred_at: str  # as typed: ISO 8601 or "YYYY-MM-DD HH:MM [WIB|WITA|WIT]" (naive = WIB)
    evidence: str
    reviewer: str
    url: str = ""
    platform: str = ""
    participant: str = ""


def _explain(code: str, catalogue: dict[str, dict[str, str]]) -> str:
    """The parsers return codes; their texts come in the language of the other messages."""
    return catalogue.get(code, {}).get(current_language(), code) if code else ""


def _problems(entry: ManualFinding) -> list[str]:
    problems = []
    if not valid_rule_id(entry.rule_id):
        problems.append(
            tr(
                '--rule "{rule_id}" is not a rule of SKB 2/2022 (SKB-A1..A7, SKB-B1..B13)',
                rule_id=entry.rule_id,
            )
        )
    nip_error = _explain(nip_errors(pd.Series([entry.nip.replace(" ", "")])).iloc[0], NIP_ERRORS)
    if nip_error:
        problems.append(f'--nip "{entry.nip}": {nip_error}')  # the parser's text, translated
    elif not entry.nip.strip():
        problems.append(tr('--nip "{nip}": required', nip=entry.nip))
    for option, value in (("--name", entry.name), ("--evidence", entry.evidence),
                          ("--reviewer", entry.reviewer)):  # fmt: skip
        if not value.strip():
            problems.append(tr("{option} is required", option=option))
    if entry.url and not entry.url.startswith(("http://", "https://")):
        problems.append(tr('--url "{url}" must start with http:// or https://', url=entry.url))
    _, time_error = _occurred(entry.occurred_at)
    if time_error:  # every bad option in one message, the time among them
        problems.append(time_error)
    return problems


def _occurred(raw: str) -> tuple[Any, str]:
    """(the time, "") or (None, what is wrong with it)."""
    times, errors = parse_times(pd.Series([raw]), WIB_ZONE)
    if errors.iloc[0]:
        return None, f'--occurred-at "{raw}": {_explain(errors.iloc[0], TIME_ERRORS)}'
    return times.iloc[0].to_pydatetime(), ""


def add_manual(store: Store, entry: ManualFinding) -> dict[str, Any]:
    problems = _problems(entry)
    if problems:
        raise ReviewError("; ".join(problems))
    occurred, _ = _occurred(entry.occurred_at)
    nip = entry.nip.replace(" ", "")
    key = f"{nip}|{occurred.isoformat()}|{entry.evidence.strip()}|{entry.url}"
    record_id = "manual:" + hashlib.sha256(key.encode()).hexdigest()[:16]
    row = _row(entry, nip, occurred, record_id)
    with store.begin() as conn:
        _insert(conn, entry, row)
    return {"finding_id": row["finding_id"], "status": row["status"], "version": row["version"]}


def _row(entry: ManualFinding, nip: str, occurred: Any, record_id: str) -> dict[str, Any]:
    level = level_of(entry.rule_id)
    evidence = {"method": "manual", "explanation": entry.evidence.strip(), "url": entry.url}
    return {
        "finding_id": fingerprint(entry.rule_id, record_id),
        "origin": "manual",
        "rule_id": entry.rule_id,
        "category": category_of(entry.rule_id),
        "lampiran_row": entry.rule_id.removeprefix("SKB-"),
        "record_id": record_id,
        "source_file": "manual",
        "source_row": None,
        "nip": nip,
        "employee_name": entry.name.strip(),
        "agency": entry.agency.strip(),
        "platform": entry.platform,
        "action": "",
        "occurred_at": occurred,
        "timezone": WIB_ZONE,
        "target_account": "",
        "participant_id": "",
        "participant_name": entry.participant,
        "match_method": "manual",
        "matched_text": "",
        "confidence": "",
        "legal_basis": legal_basis_of(entry.rule_id),
        "sanction": LEVEL_TEXT["id"][level],
        "url": entry.url,
        "evidence": json.dumps(evidence, ensure_ascii=False, sort_keys=True),
        "record": json.dumps(asdict(entry), ensure_ascii=False, sort_keys=True),
        "status": "open",
        "produced_in_last_run": False,  # no run produces a manual finding; it is never "dropped"
        "first_seen_run": None,
        "last_seen_run": None,
        "version": 1,
        "created_at": now_utc(),
    }


def _insert(conn: Connection, entry: ManualFinding, row: dict[str, Any]) -> None:
    known = conn.execute(
        select(findings.c.finding_id).where(findings.c.finding_id == row["finding_id"])
    ).scalar()
    if known:
        raise ReviewError(
            tr("this manual finding is already recorded as {finding_id}", finding_id=known)
        )
    conn.execute(insert(findings).values(**row))
    conn.execute(
        insert(manual_findings).values(
            finding_id=row["finding_id"], entered_by=entry.reviewer.strip(),
            entered_at=row["created_at"], evidence_text=entry.evidence.strip(), url=entry.url,
        )
    )  # fmt: skip
    after = {"status": "open", "version": 1, "rule_id": entry.rule_id, "nip": row["nip"]}
    auditlog.append(
        conn,
        auditlog.LogEntry(
            reviewer=entry.reviewer.strip(), action="add_manual", finding_id=row["finding_id"],
            after=after, note=entry.evidence.strip(), via="cli",
        ),
    )  # fmt: skip
