"""Case-store tables and their versioned migrations (SQLAlchemy Core, SQLite and PostgreSQL alike).

Each migration is a numbered function applied once, in order, and recorded in `schema_version`;
a store opened by an older tool version is brought forward, never rebuilt. Migration 1 may use the
table objects below because they *are* version 1; later migrations must use explicit DDL so that
an old store upgrades to exactly what a new one gets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    Connection,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    TypeDecorator,
    func,
    insert,
    select,
    text,
)

from neutrality.i18n import tr
from neutrality.review.errors import ReviewError

GENESIS_HASH = "0" * 64


class UtcDateTime(TypeDecorator[dt.datetime]):
    """timestamptz on PostgreSQL; on SQLite (no zones) UTC is stored naive and read back aware."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are ambiguous; pass an aware one")
        utc = value.astimezone(dt.UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        moment: dt.datetime = value
        if moment.tzinfo is None:
            return moment.replace(tzinfo=dt.UTC)
        return moment.astimezone(dt.UTC)


metadata = MetaData()

schema_version = Table(
    "schema_version",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("description", Text, nullable=False),
    Column("applied_at", UtcDateTime, nullable=False),
)

runs = Table(
    "runs",
    metadata,
    Column("run_id", Integer, primary_key=True, autoincrement=True),
    Column("loaded_at", UtcDateTime, nullable=False),
    Column("out_dir", Text, nullable=False),
    Column("tool_version", Text, nullable=False),
    Column("started_at", UtcDateTime),
    Column("finished_at", UtcDateTime),
    Column("summary_sha256", String(64), nullable=False),
    Column("findings_sha256", String(64), nullable=False),
    Column("rules_sha256", Text, nullable=False),
    Column("inputs", Text, nullable=False),  # JSON list of {path, sha256}
    Column("registries", Text, nullable=False),  # JSON {path: sha256}
    Column("summary", Text, nullable=False),  # summary.json as loaded
    Column("findings_in_run", Integer, nullable=False),
    Column("new_findings", Integer, nullable=False),
    Column("not_in_run", Integer, nullable=False),
)

findings = Table(
    "findings",
    metadata,
    Column("finding_id", String(40), primary_key=True),
    Column("origin", String(10), nullable=False),  # audit | manual
    Column("rule_id", String(16), nullable=False),
    Column("category", String(16), nullable=False),
    Column("lampiran_row", String(8), nullable=False),
    Column("record_id", Text, nullable=False),
    Column("source_file", Text, nullable=False),
    Column("source_row", Integer),
    Column("nip", String(32), nullable=False),
    Column("employee_name", Text, nullable=False),
    Column("agency", Text, nullable=False),
    Column("platform", Text, nullable=False),
    Column("action", Text, nullable=False),
    Column("occurred_at", UtcDateTime, nullable=False),
    Column("timezone", Text, nullable=False),
    Column("target_account", Text, nullable=False),
    Column("participant_id", Text, nullable=False),
    Column("participant_name", Text, nullable=False),
    Column("match_method", String(16), nullable=False),
    Column("matched_text", Text, nullable=False),
    Column("confidence", String(8), nullable=False),
    Column("legal_basis", Text, nullable=False),
    Column("sanction", Text, nullable=False),
    Column("url", Text, nullable=False),
    Column("evidence", Text, nullable=False),  # JSON of the Evidence
    Column("record", Text, nullable=False),  # the whole findings.jsonl line
    Column("status", String(12), nullable=False),
    Column("produced_in_last_run", Boolean, nullable=False),
    Column("first_seen_run", Integer, ForeignKey("runs.run_id")),
    Column("last_seen_run", Integer, ForeignKey("runs.run_id")),
    Column("version", Integer, nullable=False),
    Column("decided_by", Text),
    Column("decided_at", UtcDateTime),
    Column("reason_code", String(32)),
    Column("note", Text),
    Column("created_at", UtcDateTime, nullable=False),
    Index("ix_findings_status", "status"),
    Index("ix_findings_nip", "nip"),
)

# a finding's record fields: refreshed when an undecided finding is produced again (a decided
# one keeps the evidence its reviewer saw), and fingerprinted in each decision's log entry
DATA_COLUMNS = (
    "rule_id", "category", "lampiran_row", "record_id", "source_file", "source_row", "nip",
    "employee_name", "agency", "platform", "action", "occurred_at", "timezone", "target_account",
    "participant_id", "participant_name", "match_method", "matched_text", "confidence",
    "legal_basis", "sanction", "url", "evidence", "record",
)  # fmt: skip

manual_findings = Table(
    "manual_findings",
    metadata,
    Column("finding_id", String(40), ForeignKey("findings.finding_id"), primary_key=True),
    Column("entered_by", Text, nullable=False),
    Column("entered_at", UtcDateTime, nullable=False),
    Column("evidence_text", Text, nullable=False),
    Column("url", Text, nullable=False),
)

audit_log = Table(
    "audit_log",
    metadata,
    # ids are given, not generated: the hash chain needs them before the row exists
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("finding_id", String(40)),  # NULL for store-wide events such as a loaded run
    Column("reviewer", Text, nullable=False),
    Column("action", String(16), nullable=False),
    Column("before_state", Text),  # JSON
    Column("after_state", Text),  # JSON
    Column("reason_code", String(32)),
    Column("note", Text),
    Column("via", Text, nullable=False),
    Column("at", UtcDateTime, nullable=False),
    Column("prev_hash", String(64), nullable=False),
    Column("entry_hash", String(64), nullable=False),
    Index("ix_audit_log_finding", "finding_id"),
)

# One row: the last log entry. Appenders lock it, so concurrent appends queue instead of forking
# the chain; verify-log compares it with the last entry, so cutting the tail is seen too.
log_head = Table(
    "log_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("last_id", Integer, nullable=False),
    Column("last_hash", String(64), nullable=False),
)

APPEND_ONLY_MESSAGE = "audit_log is append-only: entries cannot be changed or deleted"

_SQLITE_TRIGGERS = (
    f"CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END",
    f"CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    f"BEGIN SELECT RAISE(ABORT, '{APPEND_ONLY_MESSAGE}'); END",
)

_POSTGRES_TRIGGERS = (
    "CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
    f"BEGIN RAISE EXCEPTION '{APPEND_ONLY_MESSAGE}'; END $$",
    "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
    "CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
    "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()",
)


def _v1_tables(conn: Connection) -> None:
    metadata.create_all(
        conn, tables=[runs, findings, manual_findings, audit_log, log_head], checkfirst=False
    )
    conn.execute(insert(log_head).values(id=1, last_id=0, last_hash=GENESIS_HASH))


def _v2_append_only_log(conn: Connection) -> None:
    statements = _POSTGRES_TRIGGERS if conn.dialect.name == "postgresql" else _SQLITE_TRIGGERS
    for statement in statements:
        conn.execute(text(statement))


Migration = tuple[int, str, Callable[[Connection], None]]

MIGRATIONS: tuple[Migration, ...] = (
    (1, "tables: runs, findings, manual_findings, audit_log, log_head", _v1_tables),
    (2, "audit_log refuses UPDATE and DELETE (triggers)", _v2_append_only_log),
)
LATEST_VERSION = MIGRATIONS[-1][0]


def current_version(conn: Connection) -> int:
    version = conn.execute(select(func.max(schema_version.c.version))).scalar()
    return int(version or 0)


def migrate(conn: Connection) -> int:
    """Apply the migrations this store lacks, in the caller's transaction; return the version."""
    if conn.dialect.name == "postgresql":
        # two tools opening a fresh team store at once must not both create the tables
        conn.execute(text("SELECT pg_advisory_xact_lock(7424242)"))
    schema_version.create(conn, checkfirst=True)
    version = current_version(conn)
    if version > LATEST_VERSION:
        raise ReviewError(
            tr(
                "case store has schema version {version}; this tool knows up to {latest}: "
                "upgrade neutrality",
                version=version,
                latest=LATEST_VERSION,
            )
        )
    for number, description, apply in MIGRATIONS:
        if number > version:
            apply(conn)
            conn.execute(
                insert(schema_version).values(
                    version=number, description=description, applied_at=dt.datetime.now(dt.UTC)
                )
            )
    return LATEST_VERSION
