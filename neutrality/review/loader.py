"""Loading an audit's out/ folder (findings.jsonl + summary.json) into a case store.

Re-runs merge by finding_id, the stable fingerprint of (rule, record): a decided finding keeps its
decision, a finding seen for the first time is `new`, an undecided one seen again becomes `open`,
and a finding the latest run no longer produced is kept with `produced_in_last_run` false. Nothing
is ever deleted. The whole load is one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, or_, select, update

from neutrality.findings import ZONE_ABBREVIATION
from neutrality.i18n import tr
from neutrality.review import auditlog
from neutrality.review.errors import ReviewError
from neutrality.review.schema import DATA_COLUMNS, findings, runs
from neutrality.review.store import Store, now_utc, open_store
from neutrality.review.terms import DECIDED, UNDECIDED

BATCH = 1000
_ZONE_BY_ABBREVIATION = {abbr: zone for zone, abbr in ZONE_ABBREVIATION.items()}


def load_audit_into_case(case_url: str, out_dir: Path) -> dict[str, Any]:
    """What `neutrality audit --case DB` calls after the audit: load out_dir into the case store."""
    with open_store(case_url) as store:
        return load_run(store, out_dir)


def check_audit_folder(out_dir: Path) -> None:
    """An audit's --out folder: its summary.json and findings.jsonl are there."""
    summary_path, findings_path = out_dir / "summary.json", out_dir / "findings.jsonl"
    if not summary_path.is_file():
        raise ReviewError(
            tr("{path} not found: give the --out folder of an audit", path=summary_path)
        )
    if not findings_path.is_file():
        raise ReviewError(
            tr("{path} not found: run the audit with --format including jsonl", path=findings_path)
        )


def load_run(store: Store, out_dir: Path) -> dict[str, Any]:
    check_audit_folder(out_dir)
    summary_path, findings_path = out_dir / "summary.json", out_dir / "findings.jsonl"
    summary = _read_summary(summary_path)
    hashes = {"summary_sha256": _sha256(summary_path), "findings_sha256": _sha256(findings_path)}
    with store.begin() as conn:
        earlier = conn.execute(select(runs.c.run_id).filter_by(**hashes)).scalar()
        if earlier is not None:
            return _result(conn, store, int(earlier), already_loaded=True)
        run_id = _insert_run(conn, out_dir, summary, hashes)
        seen, new = _merge(conn, _read_findings(findings_path), run_id)
        not_in_run = _mark_not_produced(conn, run_id)
        _finish_run(conn, run_id, seen, new, not_in_run)
        return _result(conn, store, run_id, already_loaded=False)


def _result(conn: Connection, store: Store, run_id: int, already_loaded: bool) -> dict[str, Any]:
    run = conn.execute(select(runs).where(runs.c.run_id == run_id)).one()
    kept = conn.execute(
        select(func.count())
        .select_from(findings)
        .where(findings.c.last_seen_run == run_id, findings.c.status.in_(DECIDED))
    ).scalar_one()
    return {
        "case": store.display_url,
        "run_id": run_id,
        "already_loaded": already_loaded,
        "findings_in_run": run.findings_in_run,
        "new_findings": run.new_findings,
        "decided_findings_kept": int(kept),
        "not_in_latest_run": run.not_in_run,
    }


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _read_summary(path: Path) -> dict[str, Any]:
    try:
        summary = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReviewError(
            tr("{path}: not a readable summary.json ({error})", path=path, error=exc)
        ) from None
    if not isinstance(summary, dict):
        raise ReviewError(tr("{path}: expected a JSON object", path=path))
    return summary


def _insert_run(
    conn: Connection, out_dir: Path, summary: dict[str, Any], hashes: dict[str, str]
) -> int:
    inputs = [{"path": i.get("path"), "sha256": i.get("sha256")} for i in summary.get("inputs", [])]
    if summary.get("roster"):
        inputs.append(
            {"path": summary["roster"].get("path"), "sha256": summary["roster"]["sha256"]}
        )
    values = {
        "loaded_at": now_utc(),
        "out_dir": str(out_dir.resolve()),
        "tool_version": str(summary.get("version", "")),
        "started_at": _time_or_none(summary.get("started_at")),
        "finished_at": _time_or_none(summary.get("finished_at")),
        "rules_sha256": str((summary.get("rules") or {}).get("sha256", "")),
        "inputs": json.dumps(inputs, ensure_ascii=False),
        "registries": json.dumps(summary.get("registries") or {}, ensure_ascii=False),
        "summary": json.dumps(summary, ensure_ascii=False, sort_keys=True),
        "findings_in_run": 0,
        "new_findings": 0,
        "not_in_run": 0,
        **hashes,
    }
    key = conn.execute(insert(runs).values(**values)).inserted_primary_key
    if key is None:
        raise ReviewError(tr("the case store did not return the new run's id"))
    return int(key[0])


def _time_or_none(value: Any) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def _read_findings(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for line_no, line in enumerate(handle, start=1):
            if line.strip():
                yield finding_row(line, f"{path}:{line_no}")


def finding_row(line: str, place: str) -> dict[str, Any]:
    """One findings.jsonl line as a findings-table row (without the review columns)."""
    try:
        record = json.loads(line)
        occurred = dt.datetime.fromisoformat(record["occurred_at"])
        finding_id, rule_id = str(record["finding_id"]), str(record["rule_id"])
    except (ValueError, KeyError, TypeError) as exc:
        raise ReviewError(
            tr(
                "{place}: not a finding record ({kind}: {error})",
                place=place,
                kind=type(exc).__name__,
                error=exc,
            )
        ) from None
    if occurred.tzinfo is None:
        raise ReviewError(tr("{place}: occurred_at has no UTC offset", place=place))
    evidence = record.get("evidence") or {}
    text = {key: str(record.get(key) or "") for key in DATA_COLUMNS}
    abbreviation = str(record.get("occurred_at_local") or "")
    row: dict[str, Any] = {
        **text,
        "finding_id": finding_id,
        "rule_id": rule_id,
        "source_row": int(record["source_row"]) if record.get("source_row") else None,
        "occurred_at": occurred,
        "timezone": _ZONE_BY_ABBREVIATION.get(abbreviation.rsplit(" ", 1)[-1], "Asia/Jakarta"),
        "match_method": str(record.get("match_method") or evidence.get("method", "")),
        "evidence": json.dumps(evidence, ensure_ascii=False, sort_keys=True),
        "record": json.dumps(record, ensure_ascii=False, sort_keys=True),
    }
    return row


def _batches(rows: Iterable[dict[str, Any]]) -> Iterator[dict[str, dict[str, Any]]]:
    batch: dict[str, dict[str, Any]] = {}
    for row in rows:
        batch[row["finding_id"]] = row  # a repeated id within a run is one finding
        if len(batch) >= BATCH:
            yield batch
            batch = {}
    if batch:
        yield batch


def _merge(conn: Connection, rows: Iterable[dict[str, Any]], run_id: int) -> tuple[int, int]:
    seen: set[str] = set()
    new = 0
    for batch in _batches(rows):
        batch = {key: row for key, row in batch.items() if key not in seen}
        seen.update(batch)
        known = set(
            conn.execute(
                select(findings.c.finding_id).where(findings.c.finding_id.in_(list(batch)))
            ).scalars()
        )
        fresh = [_new_finding(row, run_id) for key, row in batch.items() if key not in known]
        if fresh:
            conn.execute(insert(findings), fresh)
        if known:
            _seen_again(conn, [batch[key] for key in known], run_id)
        new += len(fresh)
    return len(seen), new


def _new_finding(row: dict[str, Any], run_id: int) -> dict[str, Any]:
    return {
        **row,
        "origin": "audit",
        "status": "new",
        "produced_in_last_run": True,
        "first_seen_run": run_id,
        "last_seen_run": run_id,
        "version": 1,
        "created_at": now_utc(),
    }


def _seen_again(conn: Connection, rows: list[dict[str, Any]], run_id: int) -> None:
    params = [{f"p_{key}": value for key, value in row.items()} for row in rows]
    match = findings.c.finding_id == bindparam("p_finding_id")
    conn.execute(
        update(findings).where(match).values(last_seen_run=run_id, produced_in_last_run=True),
        params,
    )
    refresh: dict[str, Any] = {column: bindparam(f"p_{column}") for column in DATA_COLUMNS}
    # IN (...) cannot be used with executemany; spelled out instead
    undecided = or_(*(findings.c.status == status for status in UNDECIDED))
    conn.execute(update(findings).where(match, undecided).values(**refresh), params)
    # undecided and produced before: no longer new, still waiting for a decision
    conn.execute(
        update(findings)
        .where(match, findings.c.status == "new", findings.c.first_seen_run < run_id)
        .values(status="open"),
        params,
    )


def _mark_not_produced(conn: Connection, run_id: int) -> int:
    conn.execute(
        update(findings)
        .where(findings.c.origin == "audit", findings.c.last_seen_run != run_id)
        .values(produced_in_last_run=False)
    )
    count = conn.execute(
        select(func.count())
        .select_from(findings)
        .where(findings.c.origin == "audit", findings.c.produced_in_last_run.is_(False))
    ).scalar_one()
    return int(count)


def _finish_run(conn: Connection, run_id: int, seen: int, new: int, not_in_run: int) -> None:
    counts = {"findings_in_run": seen, "new_findings": new, "not_in_run": not_in_run}
    conn.execute(update(runs).where(runs.c.run_id == run_id).values(**counts))
    entry = auditlog.LogEntry(
        reviewer="system", action="load_run", after={"run_id": run_id, **counts}, via="load"
    )
    auditlog.append(conn, entry)
