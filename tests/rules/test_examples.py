"""One generic test runs every rule example and every case in tests/rules/cases/ through the real
engine, so `pytest -k SKB-B6` runs one rule (as sqlfluff's std_rule_cases do)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import pytest
import yaml
from pydantic import BaseModel, ConfigDict

from neutrality.resources import default_registry_paths, default_rules_path
from neutrality.rules.schema import Rule

CASES = Path(__file__).resolve().parent / "cases"


class Case(BaseModel):
    """One record and what the rule must do with it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str
    expect: Literal["match", "no_match"]
    record: dict[str, str]
    participant: str | None = None
    note: str | None = None


class CaseFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    rule: str
    cases: list[Case]


def pack_cases() -> Iterator[Any]:
    data = yaml.safe_load(default_rules_path().read_text(encoding="utf-8"))
    for raw in data["rules"]:
        rule = Rule.model_validate(raw)
        for kind in ("match", "no_match"):
            for number, ex in enumerate(getattr(rule.examples, kind), start=1):
                case = Case(name=f"{kind}-{number}", expect=kind, record=ex.record,  # type: ignore[arg-type]
                            participant=ex.participant, note=ex.note)  # fmt: skip
                yield pytest.param(rule.id, case, id=f"{rule.id}-{kind}-{number}")


def file_cases() -> Iterator[Any]:
    for path in sorted(CASES.glob("*.yaml")):
        case_file = CaseFile.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        for case in case_file.cases:
            yield pytest.param(case_file.rule, case, id=f"{case_file.rule}-case-{case.name}")


@pytest.fixture(scope="session")
def engine(needs_check_kinds: None) -> Any:
    from neutrality.engine import Engine
    from neutrality.registry import load_registry
    from neutrality.rules import load_rules

    return Engine(load_rules(default_rules_path()), load_registry(default_registry_paths()))


@pytest.mark.parametrize(("rule_id", "case"), [*pack_cases(), *file_cases()])
def test_rule_case(engine: Any, rule_id: str, case: Case) -> None:
    from neutrality.io.records import records_from_dicts

    records, rejected = records_from_dicts([case.record], source_file="case")
    assert rejected.empty, f"the example record is rejected: {rejected['message'].tolist()}"
    found = [f for f in engine.evaluate(records) if f.rule_id == rule_id]
    names = sorted({f.participant_id for f in found})
    if case.expect == "no_match":
        assert not found, f"{rule_id} must not match ({case.note}); it found {names}"
        return
    assert found, f"{rule_id} must match ({case.note}); no finding"
    if case.participant:
        assert case.participant in names, f"expected {case.participant}, found {names}"


def test_case_files_name_rules_of_the_pack() -> None:
    data = yaml.safe_load(default_rules_path().read_text(encoding="utf-8"))
    ids = {raw["id"] for raw in data["rules"]}
    for path in sorted(CASES.glob("*.yaml")):
        assert CaseFile.model_validate(yaml.safe_load(path.read_text())).rule in ids, path.name
