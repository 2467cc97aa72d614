"""What the workbook, the HTML report and the case sheets read: the run's streamed files.

Findings come back from findings.jsonl and rejected rows from rejected.csv, one at a time, so
a report's memory follows its tallies (employees, agencies, days), never the input's rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from neutrality.findings import ZONE_ABBREVIATION, local_time_text
from neutrality.report.safe_csv import FORMULA_PREFIXES

FINDINGS_FILE = "findings.jsonl"
REJECTED_FILE = "rejected.csv"

#: heavier sanctions rank higher; words of the rule pack's sanction texts in both languages
_SANCTION_WORDS: tuple[tuple[int, tuple[str, ...]], ...] = (
    (5, ("tidak dengan hormat", "ptdh", "dishonourable")),
    (4, ("berat", "severe")),
    (3, ("sedang", "moderate")),
    (2, ("ringan", "light")),
)


def iter_findings(out: Path) -> Iterator[dict[str, Any]]:
    """Each finding of the run as its findings.jsonl object (flat record plus evidence)."""
    path = out / FINDINGS_FILE
    if not path.exists():
        return
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def iter_rejected(out: Path) -> Iterator[dict[str, str]]:
    """Rejected rows with the CSV's formula neutralisation undone (writers re-protect them)."""
    path = out / REJECTED_FILE
    if not path.exists():
        return
    csv.field_size_limit(2**31 - 1)  # a ragged row's other_fields can be long
    with path.open(encoding="utf-8-sig", newline="") as handle:
        first = handle.readline()
        delimiter = _delimiter(first)
        header = next(csv.reader([first], delimiter=delimiter), [])
        for row in csv.DictReader(handle, fieldnames=header, delimiter=delimiter):
            yield {key: unneutralise(value or "") for key, value in row.items() if key}


def rejected_header(out: Path) -> list[str]:
    path = out / REJECTED_FILE
    if not path.exists():
        return []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        first = handle.readline()
    return next(csv.reader([first], delimiter=_delimiter(first)), [])


def _delimiter(header_line: str) -> str:
    """`;` when the run wrote Excel-in-Indonesian CSV (`--csv-separator ';'`), else `,`."""
    return ";" if header_line.count(";") > header_line.count(",") else ","


def unneutralise(value: str) -> str:
    if value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def sanction_rank(category: str, sanction: str) -> int:
    text = sanction.casefold()
    for rank, words in _SANCTION_WORDS:
        if any(word in text for word in words):
            return rank
    return 1 if category == "ethics" else 2  # any discipline penalty outweighs a moral one


#: roster rows left out listed in report.html and on the workbook's Ringkasan sheet (a roster
#: of many non-ASN staff would list tens of thousands); summary.json has them all
ROSTER_ROWS_LISTED = 1_000


def run_time(text: Any) -> str:
    """A run's start or end (ISO 8601 in summary.json) as officers read times: in WIB with its
    abbreviation (`2026-12-02 13:31:50 WIB`); the text as it is when it is not a time."""
    try:
        moment = dt.datetime.fromisoformat(str(text))
    except ValueError:
        return "" if text is None else str(text)
    if moment.tzinfo is None:
        return str(text)
    return local_time_text(moment, "Asia/Jakarta")


def local_time(record: Mapping[str, Any]) -> tuple[dt.datetime | None, str]:
    """(naive local datetime, WIB/WITA/WIT) of a finding, for spreadsheets that cannot hold
    offsets; the offset in occurred_at picks the abbreviation when the text does not give it."""
    try:
        moment = dt.datetime.fromisoformat(str(record.get("occurred_at", "")))
    except ValueError:
        return None, ""
    text = str(record.get("occurred_at_local", ""))
    zone = text.rsplit(" ", 1)[-1] if " " in text else ""
    if zone not in ZONE_ABBREVIATION.values():
        zone = _zone_of_offset(moment)
    return moment.replace(tzinfo=None), zone


def _zone_of_offset(moment: dt.datetime) -> str:
    offset = moment.utcoffset()
    hours = offset.total_seconds() / 3600 if offset is not None else None
    return {7.0: "WIB", 8.0: "WITA", 9.0: "WIT"}.get(hours or 0.0, "")


@dataclass
class Tally:
    """Counts of one employee or one agency."""

    name: str = ""
    agency: str = ""
    findings: int = 0
    by_rule: Counter[str] = field(default_factory=Counter)
    by_category: Counter[str] = field(default_factory=Counter)
    high_confidence: int = 0
    heaviest: tuple[int, str, str] = (0, "", "")  # rank, rule id, sanction text
    employees: set[str] = field(default_factory=set)
    first: str = ""
    last: str = ""

    def add(self, record: Mapping[str, Any]) -> None:
        self.findings += 1
        rule, category = str(record.get("rule_id", "")), str(record.get("category", ""))
        self.by_rule[rule] += 1
        self.by_category[category] += 1
        self.high_confidence += record.get("confidence") == "high"
        sanction = str(record.get("sanction", ""))
        rank = sanction_rank(category, sanction)
        if rank > self.heaviest[0]:
            self.heaviest = (rank, rule, sanction)
        self.employees.add(employee_key(record))
        when = str(record.get("occurred_at_local", ""))
        self.first = min(self.first, when) if self.first else when
        self.last = max(self.last, when)


def employee_key(record: Mapping[str, Any]) -> str:
    """The NIP; a finding without one (no roster) is keyed by its record so it is not lost."""
    return str(record.get("nip") or "") or f"?{record.get('record_id', '')}"


@dataclass
class Tallies:
    by_employee: dict[str, Tally] = field(default_factory=dict)
    by_agency: dict[str, Tally] = field(default_factory=dict)
    by_rule: Counter[str] = field(default_factory=Counter)
    by_confidence: Counter[str] = field(default_factory=Counter)
    by_day: Counter[str] = field(default_factory=Counter)
    total: int = 0

    def add(self, record: Mapping[str, Any]) -> None:
        self.total += 1
        key, agency = employee_key(record), str(record.get("agency") or "")
        employee = self.by_employee.setdefault(key, Tally(str(record.get("employee_name", ""))))
        employee.agency = employee.agency or agency
        employee.add(record)
        self.by_agency.setdefault(agency, Tally(agency, agency)).add(record)
        self.by_rule[str(record.get("rule_id", ""))] += 1
        self.by_confidence[str(record.get("confidence", ""))] += 1
        self.by_day[str(record.get("occurred_at", ""))[:10]] += 1

    @property
    def rules(self) -> list[str]:
        return sorted(self.by_rule, key=_rule_order)


def tally(out: Path) -> Tallies:
    tallies = Tallies()
    for record in iter_findings(out):
        tallies.add(record)
    return tallies


def _rule_order(rule_id: str) -> tuple[str, int, str]:
    """SKB-A2 < SKB-A4 < SKB-B2 < SKB-B13: table, then row number, not text order."""
    head, _, row = rule_id.rpartition("-")
    digits = "".join(ch for ch in row if ch.isdigit())
    return (head + row[:1], int(digits) if digits else 0, rule_id)


def rule_order(rule_ids: Mapping[str, int] | list[str]) -> list[str]:
    return sorted(rule_ids, key=_rule_order)
