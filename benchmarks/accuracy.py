"""Precision and recall of the engine on the hand-written labelled set in tests/accuracy/.

Each CSV row is one activity record with the findings it must give (`expect`: `RULE:participant`,
several joined by `|`, empty for none) and the family it tests (exact_handle, url_handle, name,
group, text, photo). The records were written by the team for this purpose; none comes from the
real corpus. A prediction counts as a true positive when (rule, participant) is expected; every
other finding of the record is a false positive, every expected pair not found a false negative.

Usage: `.venv/bin/python benchmarks/accuracy.py [--json] [--misses] [--data FOLDER]`
(`--data tests/accuracy/blind` scores the blind set, written from SPEC and the registry only).
"""

from __future__ import annotations

import argparse
import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from neutrality.engine import Engine
from neutrality.io.columns import ACTIVITY_COLUMNS
from neutrality.io.records import records_from_dicts
from neutrality.registry import load_registry
from neutrality.resources import default_rules_path, shipped_registry_paths
from neutrality.rules import load_rules

DATA = Path(__file__).resolve().parents[1] / "tests" / "accuracy"
FAMILIES = ("exact_handle", "url_handle", "name", "group", "text", "photo")


@dataclass
class Item:
    source: str  # file:line
    family: str
    expect: set[tuple[str, str]]
    record: dict[str, str]
    note: str


@dataclass
class Score:
    records: int = 0
    positives: int = 0  # records that expect a finding
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def load_items(folder: Path = DATA) -> list[Item]:
    items = []
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for line, row in enumerate(csv.DictReader(handle), start=2):
                expect = {
                    (pair.split(":", 1)[0], pair.split(":", 1)[1])
                    for pair in row["expect"].split("|")
                    if pair
                }
                record = {c: row.get(c, "") or "" for c in ACTIVITY_COLUMNS if row.get(c)}
                record["record_id"] = f"{path.stem}-{line}"
                items.append(Item(f"{path.name}:{line}", row["family"], expect, record,
                                  row.get("note", "")))  # fmt: skip
    return items


def score(items: list[Item], engine: Engine | None = None) -> dict[str, Score]:
    engine = engine or Engine(
        load_rules(default_rules_path()), load_registry(shipped_registry_paths())
    )
    records, rejected = records_from_dicts([item.record for item in items], source_file="accuracy")
    if not rejected.empty:
        raise SystemExit(f"labelled records rejected: {rejected[['record_id', 'message']].values}")
    found: dict[str, set[tuple[str, str]]] = {}
    for finding in engine.evaluate(records):
        found.setdefault(finding.record_id, set()).add((finding.rule_id, finding.participant_id))
    scores = {family: Score() for family in FAMILIES}
    scores["all"] = Score()
    for item in items:
        got = found.get(item.record["record_id"], set())
        for key in (item.family, "all"):
            s = scores[key]
            s.records += 1
            s.positives += bool(item.expect)
            s.tp += len(got & item.expect)
            s.fp += len(got - item.expect)
            s.fn += len(item.expect - got)
        if got != item.expect:
            scores[item.family].misses.append(
                f"{item.source} expected {sorted(item.expect)} got {sorted(got)} ({item.note})"
            )
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.add_argument("--misses", action="store_true", help="list every disagreement")
    parser.add_argument("--data", type=Path, default=DATA, help="folder of labelled CSV files")
    args = parser.parse_args()
    scores = score(load_items(args.data))
    if args.json:
        print(json.dumps({k: {"records": s.records, "positives": s.positives, "tp": s.tp,
                              "fp": s.fp, "fn": s.fn, "precision": round(s.precision, 4),
                              "recall": round(s.recall, 4), "misses": s.misses}
                          for k, s in scores.items()}, indent=2))  # fmt: skip
        return 0
    print(f"{'family':14} {'records':>7} {'pos':>4} {'neg':>4} {'TP':>4} {'FP':>4} {'FN':>4} "
          f"{'precision':>9} {'recall':>7}")  # fmt: skip
    for family, s in scores.items():
        print(f"{family:14} {s.records:>7} {s.positives:>4} {s.records - s.positives:>4} "
              f"{s.tp:>4} {s.fp:>4} {s.fn:>4} {s.precision:>9.3f} {s.recall:>7.3f}")  # fmt: skip
    if args.misses:
        for family in FAMILIES:
            for miss in scores[family].misses:
                print(f"  {family}: {miss}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
