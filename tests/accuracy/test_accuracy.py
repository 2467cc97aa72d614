"""Floors on the hand-written labelled set (issue targets): exact and URL handles perfect; names,
groups, campaign text and photos at least 0.95 precision and 0.90 recall. The numbers themselves
are printed by `benchmarks/accuracy.py`."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "accuracy.py"


def _benchmark() -> ModuleType:
    spec = importlib.util.spec_from_file_location("accuracy_benchmark", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while building
    spec.loader.exec_module(module)
    return module


accuracy = _benchmark()
ITEMS = accuracy.load_items()
SCORES = accuracy.score(ITEMS)
FLOORS = {
    "exact_handle": (1.0, 1.0),
    "url_handle": (1.0, 1.0),
    "name": (0.95, 0.90),
    "group": (0.95, 0.90),
    "text": (0.95, 0.90),
    "photo": (0.95, 0.90),
}


def test_the_set_is_large_and_mostly_negative() -> None:
    assert len(ITEMS) >= 400
    positives = sum(bool(item.expect) for item in ITEMS)
    assert len(ITEMS) - positives >= positives, "at least as many hard negatives as positives"
    families = Counter(item.family for item in ITEMS)
    assert set(families) == set(FLOORS), families
    assert min(families.values()) >= 40, families


@pytest.mark.parametrize("family", sorted(FLOORS))
def test_precision_and_recall_floors(family: str) -> None:
    score = SCORES[family]
    precision, recall = FLOORS[family]
    assert score.precision >= precision, (family, score.precision, score.misses)
    assert score.recall >= recall, (family, score.recall, score.misses)


BLIND = Path(__file__).resolve().parent / "blind"


def test_blind_set_does_not_regress() -> None:
    """The blind set (written without reading the matcher; docs/accuracy.md) is measured, not
    tuned to: these are its measured values on 2026-12-01 rounded down, a guard against a
    change that makes things worse, not the team's target (names and text recall are below it)."""
    items = accuracy.load_items(BLIND)
    assert len(items) >= 190
    scores = accuracy.score(items)
    overall = scores["all"]
    assert overall.precision >= 0.98, (overall.precision, overall.misses)
    assert overall.recall >= 0.90, (overall.recall, overall.misses)
