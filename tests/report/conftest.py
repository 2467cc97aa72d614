"""Fixtures of the report tests (helpers in report_fixtures.py, importable by the test modules)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from report_fixtures import hostile_findings, rejected_rows, write_run


@pytest.fixture
def run_out(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    out = tmp_path / "out"
    return out, write_run(out, hostile_findings(), rejected_rows())
