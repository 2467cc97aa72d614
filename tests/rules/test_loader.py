"""load_rules: the RuleSet it returns, and the problems it reports for broken files."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
import yaml

from neutrality.errors import RuleFileError
from neutrality.rules import load_rules

INVALID = Path(__file__).resolve().parents[1] / "data" / "invalid"
MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal-rules.yaml"
EXPECTED = yaml.safe_load((INVALID / "expected.yaml").read_text(encoding="utf-8"))
RULE_CASES = [entry for entry in EXPECTED if entry["file"].startswith("rules-")]


def test_every_broken_file_has_an_expected_message() -> None:
    listed = {entry["file"] for entry in EXPECTED}
    present = {path.name for path in INVALID.glob("*.yaml")} - {"expected.yaml"}
    assert listed == present


def test_minimal_file_loads(needs_check_kinds: None) -> None:
    rules = load_rules(MINIMAL)
    assert rules.path == MINIMAL
    assert rules.sha256 == hashlib.sha256(MINIMAL.read_bytes()).hexdigest()
    assert [rule.id for rule in rules.rules] == ["SKB-B6", "SKB-B5"]
    assert [rule.id for rule in rules.detectable] == ["SKB-B6"]
    rule = rules.get("skb-b6")
    assert rule is not None and rule.checks[0].type == "account_interaction"
    assert rule.check_actions(rule.checks[0]) == ("like", "comment")
    assert rules.get("SKB-A9") is None
    assert rules.file.id == "minimal"


@pytest.mark.parametrize("entry", RULE_CASES, ids=lambda entry: entry["file"])
def test_broken_rule_file_reports_every_problem(entry: dict[str, object]) -> None:
    path = INVALID / str(entry["file"])
    with pytest.raises(RuleFileError) as caught:
        load_rules(path)
    if any("(valid: none registered)" in str(p) for p in caught.value.problems):
        pytest.skip("check kinds not registered yet")  # YAML-level files still run meanwhile
    expected = [str(m).format(file=path) for m in entry["messages"]]  # type: ignore[attr-defined]
    assert [str(problem) for problem in caught.value.problems] == expected


def test_missing_file_is_an_error_not_a_fallback(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError) as caught:
        load_rules(tmp_path / "absent.yaml")
    assert [str(p) for p in caught.value.problems] == [
        f"{tmp_path / 'absent.yaml'}: file not found"
    ]


def test_a_list_at_top_level_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "list.yaml"
    path.write_text("- a\n- b\n", encoding="utf-8")
    with pytest.raises(RuleFileError, match="a rule file must be a YAML mapping"):
        load_rules(path)


def test_sha256_changes_with_the_bytes(tmp_path: Path, needs_check_kinds: None) -> None:
    copy = tmp_path / "rules.yaml"
    shutil.copy(MINIMAL, copy)
    first = load_rules(copy).sha256
    copy.write_text(copy.read_text(encoding="utf-8") + "# comment\n", encoding="utf-8")
    assert load_rules(copy).sha256 != first
