"""The audit trail: append-only, hash-chained log of every change a reviewer (or a run) makes.

Each entry stores sha256(previous entry's hash + its own content). The database triggers refuse
UPDATE and DELETE; the chain is the second line: someone who drops the trigger and edits or removes
an entry still breaks it, and `review verify-log` says where.

The findings table holds each finding's current state, which the log must account for: a
finding's status, version, reason, note and reviewer are those of its last log entry (or, with
no entry, a finding never decided), and a decided finding's record fields (NIP, name, agency,
evidence, ...) still have the fingerprint its decision's entry recorded. `verify_chain` checks
both, so an UPDATE of the findings table outside the tool (a status changed, a finding moved to
another employee, a row deleted or added) is found like an edited log entry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, RowMapping, insert, select, update

from neutrality.i18n import tr
from neutrality.review.schema import DATA_COLUMNS, GENESIS_HASH, audit_log, findings, log_head
from neutrality.review.store import now_utc
from neutrality.review.terms import DECIDED, UNDECIDED

#: the review state a log entry's after_state gives a finding (the keys it holds are compared)
STATE_FIELDS = ("status", "version", "reason_code", "note", "decided_by")
#: the key of a decision's after_state holding data_digest() of the finding decided on
DATA_DIGEST = "data_sha256"

HASHED_FIELDS = (
    "id", "finding_id", "reviewer", "action", "before_state", "after_state", "reason_code",
    "note", "via", "at",
)  # fmt: skip


@dataclass(frozen=True)
class LogEntry:
    reviewer: str
    action: str
    finding_id: str | None = None
    before: Mapping[str, Any] | None = None
    after: Mapping[str, Any] | None = None
    reason_code: str | None = None
    note: str | None = None
    via: str = "cli"


def canonical_json(value: Mapping[str, Any] | None) -> str | None:
    if value is None:
        return None
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def data_digest(row: Mapping[str, Any] | RowMapping | Any) -> str:
    """sha256 of a finding's record fields (DATA_COLUMNS) as the store holds them."""
    values = {}
    for name in DATA_COLUMNS:
        value = row[name] if isinstance(row, Mapping) else getattr(row, name)
        values[name] = (
            value.astimezone(dt.UTC).isoformat() if isinstance(value, dt.datetime) else value
        )
    return hashlib.sha256((canonical_json(values) or "").encode("utf-8")).hexdigest()


def entry_hash(prev_hash: str, row: Mapping[str, Any] | RowMapping) -> str:
    content = {name: row[name] for name in HASHED_FIELDS}
    content["at"] = row["at"].astimezone(dt.UTC).isoformat()
    payload = f"{prev_hash}\n{canonical_json(content)}"
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def append(conn: Connection, entry: LogEntry) -> int:
    """Append one entry inside the caller's transaction; returns its id."""
    head = conn.execute(select(log_head).where(log_head.c.id == 1).with_for_update()).one()
    row: dict[str, Any] = {
        "id": head.last_id + 1,
        "finding_id": entry.finding_id,
        "reviewer": entry.reviewer,
        "action": entry.action,
        "before_state": canonical_json(entry.before),
        "after_state": canonical_json(entry.after),
        "reason_code": entry.reason_code,
        "note": entry.note,
        "via": entry.via,
        # stored at microsecond precision on both backends, so the hash reads back the same
        "at": now_utc(),
        "prev_hash": head.last_hash,
    }
    row["entry_hash"] = entry_hash(head.last_hash, row)
    conn.execute(insert(audit_log).values(**row))
    conn.execute(
        update(log_head)
        .where(log_head.c.id == 1)
        .values(last_id=row["id"], last_hash=row["entry_hash"])
    )
    return int(row["id"])


@dataclass
class ChainReport:
    entries: int = 0
    head_hash: str = GENESIS_HASH
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_chain(conn: Connection) -> ChainReport:
    """Walk the log in id order, recompute every link; collect every break, not just the first."""
    report = ChainReport()
    expected_id, prev = 1, GENESIS_HASH
    for row in conn.execute(select(audit_log).order_by(audit_log.c.id)).mappings():
        _check_entry(row, expected_id, prev, report.problems)
        report.entries += 1
        expected_id, prev = row["id"] + 1, row["entry_hash"]
    report.head_hash = prev
    head = conn.execute(select(log_head).where(log_head.c.id == 1)).one()
    _check_findings(conn, report.problems)
    if head.last_id != expected_id - 1 or head.last_hash != prev:
        report.problems.append(
            tr(
                "the log ends at entry {last_id} but its head records entry {head_id}: "
                "entries were removed or added outside the tool",
                last_id=expected_id - 1,
                head_id=head.last_id,
            )
        )
    return report


def _check_entry(row: RowMapping, expected_id: int, prev: str, problems: list[str]) -> None:
    entry_id = row["id"]
    if entry_id != expected_id:
        problems.append(
            tr("entries {first}-{last} are missing", first=expected_id, last=entry_id - 1)
        )
    if row["prev_hash"] != prev:
        problems.append(
            tr("entry {entry_id}: does not link to the entry before it", entry_id=entry_id)
        )
    if entry_hash(row["prev_hash"], row) != row["entry_hash"]:
        problems.append(
            tr("entry {entry_id}: content was changed after it was written", entry_id=entry_id)
        )


def _check_findings(conn: Connection, problems: list[str]) -> None:
    """Each finding's state against its last log entry (module docstring)."""
    last: dict[str, tuple[int, dict[str, Any]]] = {}
    query = (
        select(audit_log.c.id, audit_log.c.finding_id, audit_log.c.after_state)
        .where(audit_log.c.finding_id.is_not(None))
        .order_by(audit_log.c.id)
    )
    for entry_id, finding_id, after in conn.execute(query):
        last[finding_id] = (entry_id, json.loads(after) if after else {})
    for row in conn.execute(select(findings).order_by(findings.c.finding_id)).mappings():
        entry = last.pop(row["finding_id"], None)
        if entry is None:
            if row["status"] not in UNDECIDED or row["version"] != 1 or row["decided_by"]:
                problems.append(
                    tr(
                        "finding {finding_id}: it is {status} (version {version}) but the log "
                        "has no decision on it: changed outside the tool",
                        finding_id=row["finding_id"], status=row["status"], version=row["version"],
                    )
                )  # fmt: skip
            continue
        entry_id, after = entry
        for name in STATE_FIELDS:
            if name in after and after[name] != row[name]:
                problems.append(
                    tr(
                        'finding {finding_id}: {field} is "{value}" but its last log entry '
                        '({entry_id}) says "{logged}": changed outside the tool',
                        finding_id=row["finding_id"], field=name, value=row[name],
                        entry_id=entry_id, logged=after[name],
                    )
                )  # fmt: skip
        digest = after.get(DATA_DIGEST)
        if digest and row["status"] in DECIDED and digest != data_digest(row):
            problems.append(
                tr(
                    "finding {finding_id}: its record (NIP, name, agency, evidence, ...) is not "
                    "the one decided on in log entry {entry_id}: changed outside the tool",
                    finding_id=row["finding_id"], entry_id=entry_id,
                )
            )  # fmt: skip
    for finding_id, (entry_id, _) in sorted(last.items()):
        problems.append(
            tr(
                "finding {finding_id} (log entry {entry_id}) is no longer in the store: "
                "removed outside the tool",
                finding_id=finding_id, entry_id=entry_id,
            )
        )  # fmt: skip


def read_log(conn: Connection, finding_id: str | None = None) -> list[dict[str, Any]]:
    query = select(audit_log).order_by(audit_log.c.id)
    if finding_id:
        query = query.where(audit_log.c.finding_id == finding_id)
    entries = []
    for row in conn.execute(query).mappings():
        entry = dict(row)
        entry["before_state"] = json.loads(row["before_state"]) if row["before_state"] else None
        entry["after_state"] = json.loads(row["after_state"]) if row["after_state"] else None
        entries.append(entry)
    return entries
