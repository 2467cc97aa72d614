"""Fixtures of the review tests: audit outputs written from Finding records, and a case store on
SQLite and on a real PostgreSQL server (a throwaway cluster started by scripts/postgres-test-server.sh).

Without PostgreSQL binaries the PostgreSQL half is skipped with the reason, unless CI=true or
NEUTRALITY_PG_TESTS=1: then the script installs Debian's postgresql, and a server that cannot
start fails the run.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from neutrality.findings import Evidence, Finding
from neutrality.report.jsonl import JsonLinesWriter

REPO = Path(__file__).resolve().parents[2]
SERVER_SCRIPT = REPO / "scripts" / "postgres-test-server.sh"
WIB = dt.timezone(dt.timedelta(hours=7))
EMPLOYEES = {
    "198609262015051001": ("Budi Santoso", "Dinas Pendidikan"),
    "199001012019032002": ("Siti Aminah", "Dinas Kesehatan"),
    "198512312010011003": ("Agus Salim", "Inspektorat"),
}
SANCTION = {"A": "sanksi moral", "B": "hukuman disiplin berat"}


def make_finding(rule_id: str, row: int, nip: str, sanction: str | None = None) -> Finding:
    """A finding as the engine would write it; the rule id decides category and sanction."""
    name, agency = EMPLOYEES[nip]
    letter = rule_id.removeprefix("SKB-")[0]
    return Finding(
        source_file="activity.csv", source_row=row, rule_id=rule_id,
        record_id=f"activity.csv:{row}", category="ethics" if letter == "A" else "discipline",
        lampiran_row=rule_id.removeprefix("SKB-"), participant_id="prabowo-subianto",
        participant_name="Prabowo Subianto", participant_status="calon", election_id="pemilu-2024",
        timezone="Asia/Jakarta", occurred_at=dt.datetime(2023, 12, 1, 9, row % 60, tzinfo=WIB),
        platform="instagram", action="like", legal_basis="Ps 5 huruf n PP 94/2021",
        sanction=sanction or SANCTION[letter], nip=nip, employee_name=name, agency=agency,
        target_account="@prabowo", url=f"https://instagram.com/p/{row}",
        evidence=Evidence("target_account", "account instagram:prabowo of prabowo-subianto",
                          "@prabowo", "exact_handle", 100.0, "high", explanation="liked a post"),
    )  # fmt: skip


def write_audit(out: Path, findings: Sequence[Finding], run: int = 1) -> Path:
    """findings.jsonl + summary.json of one audit run, as the pipeline writes them."""
    out.mkdir(parents=True, exist_ok=True)
    with JsonLinesWriter(out / "findings.jsonl") as writer:
        writer.write(sorted(findings))
    summary = {
        "tool": "neutrality", "version": "0.1.0", "rows_read": 100 + run, "rows_evaluated": 100,
        "rows_rejected": run, "findings": len(findings), "employees_flagged": 0,
        "inputs": [{"path": "activity.csv", "sha256": f"{run:064x}"}],
        "roster": {"path": "roster.csv", "sha256": "ab" * 32},
        "rules": {"path": "", "sha256": "cd" * 32}, "registries": {"pemilu-2024.yaml": "ef" * 32},
        "started_at": f"2024-01-0{run}T10:00:00+07:00", "finished_at": f"2024-01-0{run}T10:05:00+07:00",
    }  # fmt: skip
    (out / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    return out


def _pg_tests_required() -> bool:
    return os.environ.get("CI") == "true" or os.environ.get("NEUTRALITY_PG_TESTS") == "1"


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    """URL of the maintenance database of a throwaway cluster, stopped after the session."""
    folder = tempfile.mkdtemp(prefix="neutrality-pg-")
    started = subprocess.run(
        ["bash", str(SERVER_SCRIPT), "start", folder],
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "PYTHON": sys.executable},
    )
    if started.returncode != 0:
        shutil.rmtree(folder, ignore_errors=True)
        reason = f"PostgreSQL test server not available: {started.stderr.strip()[-800:]}"
        if started.returncode == 3 and not _pg_tests_required():
            pytest.skip(reason)
        pytest.fail(reason) if _pg_tests_required() else pytest.skip(reason)
    try:
        yield started.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(
            ["bash", str(SERVER_SCRIPT), "stop", folder], capture_output=True, timeout=120
        )
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def pg_case(postgres_server: str) -> Iterator[str]:
    """A fresh empty database per test, dropped afterwards."""
    name = f"case_{uuid.uuid4().hex[:12]}"
    admin = create_engine(postgres_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield postgres_server.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def case(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same tests on both backends: a SQLite file path or a PostgreSQL URL."""
    if request.param == "sqlite":
        return str(tmp_path / "case.db")
    return str(request.getfixturevalue("pg_case"))


@pytest.fixture(name="make_finding")
def make_finding_fixture() -> object:
    return make_finding


@pytest.fixture(name="write_audit")
def write_audit_fixture() -> object:
    return write_audit
