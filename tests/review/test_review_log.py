"""The audit log refuses UPDATE and DELETE by plain SQL, and its hash chain shows tampering
even after someone drops the triggers. Both backends."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from neutrality.review import Decision, decide, load_run, open_store
from neutrality.review.auditlog import verify_chain
from neutrality.review.schema import APPEND_ONLY_MESSAGE, audit_log

BUDI = "198609262015051001"
DROP_TRIGGERS = {
    "sqlite": ("DROP TRIGGER audit_log_no_update", "DROP TRIGGER audit_log_no_delete"),
    "postgresql": ("DROP TRIGGER audit_log_no_change ON audit_log",),
}


@pytest.fixture
def store(case: str, tmp_path: Path, make_finding: Any, write_audit: Any) -> Any:
    """A store with four log entries: a loaded run and three decisions."""
    findings = [make_finding("SKB-B6", row, BUDI) for row in (2, 3, 4)]
    with open_store(case) as opened:
        load_run(opened, write_audit(tmp_path / "run", findings))
        for finding in findings:
            decide(opened, Decision(finding.finding_id, "confirm", "Alice"))
        yield opened


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_log SET note = 'changed' WHERE id = 2",
        "UPDATE audit_log SET reviewer = 'Mallory'",
        "DELETE FROM audit_log WHERE id = 4",
        "DELETE FROM audit_log",
    ],
)
def test_plain_sql_cannot_change_the_log(store: Any, statement: str) -> None:
    with pytest.raises(DBAPIError, match="append-only"), store.begin() as conn:
        conn.execute(text(statement))
    with store.begin() as conn:
        assert conn.execute(text("SELECT count(*) FROM audit_log")).scalar() == 4
        assert verify_chain(conn).ok


def test_postgres_refuses_truncate(store: Any) -> None:
    if store.dialect != "postgresql":
        pytest.skip("TRUNCATE is PostgreSQL only")
    with pytest.raises(DBAPIError, match=APPEND_ONLY_MESSAGE.split(":")[0]), store.begin() as conn:
        conn.execute(text("TRUNCATE audit_log"))


def _drop_triggers(store: Any) -> None:
    with store.begin() as conn:
        for statement in DROP_TRIGGERS[store.dialect]:
            conn.execute(text(statement))


def test_chain_detects_an_edited_entry(store: Any) -> None:
    _drop_triggers(store)
    with store.begin() as conn:
        conn.execute(audit_log.update().where(audit_log.c.id == 3).values(reviewer="Mallory"))
    with store.begin() as conn:
        report = verify_chain(conn)
    assert report.problems == ["entry 3: content was changed after it was written"]


def test_chain_detects_an_edit_with_a_recomputed_hash(store: Any) -> None:
    from neutrality.review.auditlog import entry_hash

    _drop_triggers(store)
    with store.begin() as conn:
        row = dict(conn.execute(audit_log.select().where(audit_log.c.id == 2)).mappings().one())
        row["note"] = "forged"
        conn.execute(
            audit_log.update().where(audit_log.c.id == 2)
            .values(note="forged", entry_hash=entry_hash(row["prev_hash"], row))
        )  # fmt: skip
    with store.begin() as conn:
        assert verify_chain(conn).problems == ["entry 3: does not link to the entry before it"]


def test_chain_detects_removed_entries(store: Any) -> None:
    _drop_triggers(store)
    with store.begin() as conn:
        conn.execute(audit_log.delete().where(audit_log.c.id == 2))
    with store.begin() as conn:
        problems = verify_chain(conn).problems
    chain, [finding] = problems[:2], problems[2:]
    assert chain == ["entries 2-2 are missing", "entry 3: does not link to the entry before it"]
    # the finding entry 2 confirmed is still confirmed, now with no decision in the log
    assert "is confirmed (version 2) but the log has no decision on it" in finding


def test_chain_detects_a_cut_tail(store: Any) -> None:
    _drop_triggers(store)
    with store.begin() as conn:
        conn.execute(audit_log.delete().where(audit_log.c.id == 4))
    with store.begin() as conn:
        [finding, head] = verify_chain(conn).problems
    assert "is confirmed (version 2) but the log has no decision on it" in finding
    assert "ends at entry 3 but its head records entry 4" in head


def _one_finding(conn: Any) -> str:
    return str(conn.execute(text("SELECT finding_id FROM findings ORDER BY finding_id")).scalar())


@pytest.mark.parametrize(
    ("statement", "expected"),
    [
        # the findings table has no triggers: its rows must agree with the log instead
        ("UPDATE findings SET status = 'dismissed' WHERE finding_id = :f",
         'status is "dismissed" but its last log entry'),
        ("UPDATE findings SET version = 7 WHERE finding_id = :f",
         'version is "7" but its last log entry'),
        ("UPDATE findings SET reason_code = 'other' WHERE finding_id = :f",
         'reason_code is "other" but its last log entry'),
        ("UPDATE findings SET decided_by = 'Mallory' WHERE finding_id = :f",
         'decided_by is "Mallory" but its last log entry'),
        # a confirmed finding moved to someone else, or its evidence rewritten
        ("UPDATE findings SET nip = '199001012015012002' WHERE finding_id = :f",
         "is not the one decided on in log entry"),
        ("UPDATE findings SET evidence = '{}' WHERE finding_id = :f",
         "is not the one decided on in log entry"),
        ("DELETE FROM findings WHERE finding_id = :f", "is no longer in the store"),
    ],
)  # fmt: skip
def test_findings_changed_outside_the_tool_are_found(
    store: Any, statement: str, expected: str
) -> None:
    with store.begin() as conn:
        finding_id = _one_finding(conn)
        conn.execute(text(statement), {"f": finding_id})
    with store.begin() as conn:
        [problem] = verify_chain(conn).problems
    assert problem.startswith(f"finding {finding_id}") and expected in problem


def test_a_finding_added_outside_the_tool_is_found(store: Any) -> None:
    with store.begin() as conn:
        finding_id = _one_finding(conn)
        row = dict(conn.execute(text("SELECT * FROM findings WHERE finding_id = :f"),
                                {"f": finding_id}).mappings().one())  # fmt: skip
        row.update(finding_id="F-forged", version=1, decided_by=None, reason_code=None, note=None)
        columns = ", ".join(row)
        conn.execute(
            text(f"INSERT INTO findings ({columns}) VALUES ({', '.join(':' + c for c in row)})"),
            row,
        )
    with store.begin() as conn:
        [problem] = verify_chain(conn).problems
    assert "finding F-forged: it is confirmed (version 1) but the log has no decision" in problem


def test_reviewing_as_the_tool_does_keeps_the_findings_in_step(store: Any) -> None:
    """Reopen, decide again, load the run again: nothing to report."""
    with store.begin() as conn:
        finding_id = _one_finding(conn)
    decide(store, Decision(finding_id, "reopen", "Alice", note="dilihat lagi"))
    decide(store, Decision(finding_id, "dismiss", "Budi", reason="other", note="berita"))
    with store.begin() as conn:
        assert verify_chain(conn).ok, verify_chain(conn).problems
