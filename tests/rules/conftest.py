"""Fixtures for the rule-set tests: the shipped pack and the check kinds it needs."""

from __future__ import annotations

from pathlib import Path

import pytest

from neutrality.resources import default_rules_path
from neutrality.rules.checks import CHECK_KINDS

REPO = Path(__file__).resolve().parents[2]
INVALID = REPO / "tests" / "data" / "invalid"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
EXPECTED_KINDS = {
    "account_interaction",
    "group_membership",
    "campaign_content",
    "photo_with_participant",
}


def check_kinds_missing() -> set[str]:
    return EXPECTED_KINDS - set(CHECK_KINDS)


@pytest.fixture(scope="session")
def needs_check_kinds() -> None:
    missing = check_kinds_missing()
    assert not missing, f"check kinds not registered: {', '.join(sorted(missing))}"


@pytest.fixture(scope="session")
def shipped_pack_path() -> Path:
    return default_rules_path()
