"""Meta-test over the shipped rule pack: every Lampiran II row is there and complete."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from neutrality.resources import default_rules_path
from neutrality.rules import RuleSet, load_rules

ROWS = [f"A{n}" for n in range(1, 8)] + [f"B{n}" for n in range(1, 14)]
DETECTABLE = {"A2", "A4", "A5", "B2", "B6", "B7"}
REGISTRY_IDS = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def raw_rules() -> list[dict[str, object]]:
    """The pack read as plain YAML, so the meta-test can walk it even while loading fails."""
    data = yaml.safe_load(default_rules_path().read_text(encoding="utf-8"))
    return list(data["rules"])


@pytest.fixture(scope="module")
def pack(needs_check_kinds: None) -> RuleSet:
    return load_rules(default_rules_path())


def test_the_pack_loads(pack: RuleSet) -> None:
    assert len(pack.sha256) == 64
    assert pack.get("skb-b6") is pack.get("SKB-B6") is not None


def test_exactly_the_twenty_rows_of_lampiran_ii_in_order() -> None:
    assert [rule["id"] for rule in raw_rules()] == [f"SKB-{row}" for row in ROWS]


@pytest.mark.parametrize("rule", raw_rules(), ids=lambda rule: str(rule["id"]))
def test_every_rule_is_complete(rule: dict[str, object]) -> None:
    from neutrality.rules.schema import Rule

    parsed = Rule.model_validate(rule)
    assert parsed.title.id and parsed.title.en and parsed.title.id != parsed.title.en
    assert parsed.description.id and parsed.description.en
    assert parsed.legal_basis.skb.startswith("SKB 2/2022 Lampiran II huruf ")
    assert parsed.legal_basis.articles
    row = parsed.lampiran_row
    assert parsed.legal_basis.skb.endswith(f"huruf {row[0]} angka {row[1:]}")
    assert parsed.category == ("ethics" if row[0] == "A" else "discipline")
    assert parsed.sanction.text.id and parsed.sanction.text.en
    assert parsed.sources
    assert parsed.detectable is (row in DETECTABLE)


@pytest.mark.parametrize("rule", raw_rules(), ids=lambda rule: str(rule["id"]))
def test_detectable_rules_have_examples_both_ways(rule: dict[str, object]) -> None:
    from neutrality.rules.schema import Rule

    parsed = Rule.model_validate(rule)
    if not parsed.detectable:
        assert not parsed.examples.match and not parsed.examples.no_match
        return
    assert len(parsed.examples.match) >= 2
    assert len(parsed.examples.no_match) >= 2
    for example in parsed.examples.match:
        assert example.participant and REGISTRY_IDS.match(example.participant)


def test_sanctions_follow_the_decree() -> None:
    from neutrality.rules.schema import Rule

    rules = {r.lampiran_row: r for r in (Rule.model_validate(raw) for raw in raw_rules())}
    assert {rules[f"A{n}"].sanction.kind for n in range(1, 8)} == {"moral"}
    assert rules["B5"].sanction.kind == "ptdh"
    assert rules["B13"].sanction.kind == "satgas"
    assert rules["B3"].sanction.level == "sedang"
    for row in ("B8", "B9"):  # the levels sources disagree on say so in the notes
        assert "CONFLICT" in (rules[row].notes or "")


def test_the_pack_points_editors_at_the_committed_schema() -> None:
    first = default_rules_path().read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=../neutrality/schemas/rules.schema.json"
    target = (default_rules_path().parent / "../neutrality/schemas/rules.schema.json").resolve()
    assert target.is_file(), Path(target)


def test_examples_name_participants_of_the_shipped_registry() -> None:
    from neutrality.resources import default_registry_paths
    from neutrality.rules.schema import Rule

    known: set[str] = set()
    for path in default_registry_paths():
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        known |= {participant["id"] for participant in data.get("participants", [])}
    for raw in raw_rules():
        rule = Rule.model_validate(raw)
        for example in rule.examples.match:
            assert example.participant in known, (rule.id, example.participant)
