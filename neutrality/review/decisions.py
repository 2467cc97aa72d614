"""Dispositions: confirm, dismiss (with a reason code and a note), escalate to BKN, reopen.

Every change is checked against the finding's version (optimistic locking: UPDATE ... WHERE
version = the one read), so two reviewers deciding the same finding at once never lose an update
silently: the second is told who decided first. Each change is appended to the audit log in the
same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, select, update

from neutrality.i18n import current_language, tr
from neutrality.review import auditlog
from neutrality.review.errors import ConflictError, ReviewError
from neutrality.review.schema import findings
from neutrality.review.store import Store, now_utc, wib
from neutrality.review.terms import DISPOSITIONS, REASONS, STATUSES
from neutrality.review.texts import words

__all__ = ["DISPOSITIONS", "REASONS", "STATUSES", "Decision", "decide"]

RESULT_STATUS = {"confirm": "confirmed", "dismiss": "dismissed", "escalate": "escalated",
                 "reopen": "open"}  # fmt: skip
# A decided finding must be reopened (with a note) before it gets a different decision, so every
# change of mind is visible in the log; confirmed -> escalated is the normal forward to BKN.
ALLOWED_FROM = {
    "confirm": ("new", "open"),
    "dismiss": ("new", "open"),
    "escalate": ("new", "open", "confirmed"),
    "reopen": ("confirmed", "dismissed", "escalated"),
}
NOTE_REQUIRED = ("dismiss", "escalate", "reopen")


@dataclass(frozen=True)
class Decision:
    finding_id: str
    disposition: str
    reviewer: str
    reason: str | None = None
    note: str | None = None
    expect_version: int | None = None


def request_problems(decision: Decision) -> list[str]:
    """What is wrong with a decision on its own, before looking at the store."""
    problems = []
    disposition, reason = decision.disposition, decision.reason
    if disposition not in DISPOSITIONS:
        problems.append(
            tr(
                'disposition "{disposition}" is not one of {choices}',
                disposition=disposition,
                choices=", ".join(DISPOSITIONS),
            )
        )
    if not decision.reviewer.strip():
        problems.append(tr("reviewer name is required"))
    if disposition == "dismiss" and not reason:
        problems.append(tr("dismiss needs a reason code ({reasons})", reasons=", ".join(REASONS)))
    if reason and reason not in REASONS:
        problems.append(
            tr(
                'reason "{reason}" is not one of {choices}',
                reason=reason,
                choices=", ".join(REASONS),
            )
        )
    if reason and disposition in DISPOSITIONS and disposition != "dismiss":
        problems.append(tr("a reason code is given only with dismiss"))
    if disposition in NOTE_REQUIRED and not (decision.note or "").strip():
        problems.append(tr("{disposition} needs a note", disposition=disposition))
    return problems


def review_state(row: Row[Any]) -> dict[str, Any]:
    return {
        "status": row.status,
        "version": row.version,
        "reason_code": row.reason_code,
        "note": row.note,
        "decided_by": row.decided_by,
    }


def status_text(status: str) -> str:
    """A status in messages: the code in English, the word officers read in Indonesian."""
    return words("id").get(status, status) if current_language() == "id" else status


def conflict_message(row: Row[Any], expected: int) -> str:
    if expected > row.version or not row.decided_by:
        # nobody changed it: the finding never had that version (a mistyped --expect-version,
        # or a workbook cell edited); loading a run never changes a version
        return tr(
            "finding {finding_id} is at version {version} ({status}); it never had version "
            "{expected}. Look again (neutrality review show {finding_id}) and decide again.",
            finding_id=row.finding_id,
            version=row.version,
            status=status_text(row.status),
            expected=expected,
        )
    who = tr("{reviewer} at {time}", reviewer=row.decided_by, time=wib(row.decided_at))
    return tr(
        "conflict: finding {finding_id} was changed by {who}; it is now {status} "
        "(version {version}), you decided on version {expected}. "
        "Look again (neutrality review show {finding_id}) and decide again.",
        finding_id=row.finding_id,
        who=who,
        status=status_text(row.status),
        version=row.version,
        expected=expected,
    )


def _current(conn: Connection, finding_id: str) -> Row[Any]:
    row = conn.execute(select(findings).where(findings.c.finding_id == finding_id)).one_or_none()
    if row is None:
        raise ReviewError(tr("unknown finding id {finding_id}", finding_id=finding_id))
    return row


def _check_transition(row: Row[Any], decision: Decision) -> None:
    if decision.expect_version is not None and row.version != decision.expect_version:
        raise ConflictError(conflict_message(row, decision.expect_version))
    if row.status not in ALLOWED_FROM[decision.disposition]:
        by = (
            tr(" by {reviewer} at {time}", reviewer=row.decided_by, time=wib(row.decided_at))
            if row.decided_by
            else ""
        )
        hint = tr("; reopen it first") if decision.disposition != "reopen" else ""
        raise ReviewError(
            tr(
                "cannot {disposition} finding {finding_id}: it is {status}{by}{hint}",
                disposition=decision.disposition,
                finding_id=row.finding_id,
                status=status_text(row.status),
                by=by,
                hint=hint,
            )
        )


def apply_decision(conn: Connection, decision: Decision, via: str = "cli") -> dict[str, Any]:
    """Decide inside the caller's transaction. Raises before writing anything when it cannot."""
    problems = request_problems(decision)
    if problems:
        raise ReviewError(
            tr(
                "finding {finding_id}: {problems}",
                finding_id=decision.finding_id,
                problems="; ".join(problems),
            )
        )
    row = _current(conn, decision.finding_id)
    _check_transition(row, decision)
    values = {
        "status": RESULT_STATUS[decision.disposition],
        "version": row.version + 1,
        "decided_by": decision.reviewer.strip(),
        "decided_at": now_utc(),
        "reason_code": decision.reason or None,
        "note": (decision.note or "").strip() or None,
    }
    changed = conn.execute(
        update(findings)
        .where(findings.c.finding_id == row.finding_id, findings.c.version == row.version)
        .values(**values)
    )
    if changed.rowcount == 0:  # another reviewer committed in between
        raise ConflictError(conflict_message(_current(conn, row.finding_id), row.version))
    after = {**review_state(row), **values, auditlog.DATA_DIGEST: auditlog.data_digest(row)}
    after.pop("decided_at")
    auditlog.append(conn, _log_entry(decision, review_state(row), after, via))
    return {"finding_id": row.finding_id, **after, "decided_at": values["decided_at"]}


def _log_entry(
    decision: Decision, before: dict[str, Any], after: dict[str, Any], via: str
) -> auditlog.LogEntry:
    return auditlog.LogEntry(
        reviewer=decision.reviewer.strip(),
        action=decision.disposition,
        finding_id=decision.finding_id,
        before=before,
        after=after,
        reason_code=decision.reason or None,
        note=(decision.note or "").strip() or None,
        via=via,
    )


def decide(store: Store, decision: Decision, via: str = "cli") -> dict[str, Any]:
    with store.begin() as conn:
        return apply_decision(conn, decision, via)
