"""The Finding record: one rule matched by one activity record, with the evidence behind it."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal
from zoneinfo import ZoneInfo

Confidence = Literal["high", "medium", "low"]
MatchMethod = Literal[
    "exact_handle", "url_handle", "fuzzy_name", "group_name", "phrase", "pattern", "photo_label"
]

#: Column order of findings.csv (SPEC section 5); stable whatever fired.
CSV_COLUMNS: tuple[str, ...] = (
    "finding_id", "rule_id", "category", "record_id", "source_file", "source_row", "nip",
    "employee_name", "agency", "platform", "action", "occurred_at", "occurred_at_local",
    "target_account", "participant_id", "participant_name", "match_method", "matched_text",
    "score", "confidence", "legal_basis", "sanction", "url",
)  # fmt: skip

ZONE_ABBREVIATION = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}


def finding_id(rule_id: str, record_id: str) -> str:
    """Stable fingerprint of (rule, record): the same input gives the same id on every machine."""
    digest = hashlib.sha256(f"{rule_id}\x1f{record_id}".encode()).hexdigest()
    return f"F-{digest[:16]}"


def local_time_text(moment: dt.datetime, timezone: str) -> str:
    """`2023-11-20 14:05:00 WIB`: the time in the election's zone with its abbreviation."""
    local = moment.astimezone(ZoneInfo(timezone))
    return f"{local:%Y-%m-%d %H:%M:%S} {ZONE_ABBREVIATION.get(timezone, timezone)}"


@dataclass(frozen=True)
class Evidence:
    """Why a record matched: what field, which registry entry, which text, how, how sure."""

    matched_field: str
    registry_entry: str  # e.g. "account x:prabowo of prabowo-subianto"
    matched_text: str
    method: MatchMethod
    score: float  # 0-100; 100 for exact matches
    confidence: Confidence
    span: tuple[int, int] | None = None  # character offsets of matched_text in the field
    explanation: str = ""  # one sentence a reviewer reads
    cues: tuple[str, ...] = ()  # further matched cues (support words, ballot calls, labels)


@dataclass(frozen=True, order=True)
class Finding:
    """Ordered by source file, row, rule: every output is deterministic."""

    source_file: str
    source_row: int
    rule_id: str
    record_id: str
    category: str
    lampiran_row: str
    participant_id: str
    participant_name: str
    participant_status: str  # bakal_calon | calon at the moment of the act
    election_id: str
    timezone: str
    occurred_at: dt.datetime  # aware
    platform: str
    action: str
    legal_basis: str
    sanction: str
    nip: str = ""
    employee_name: str = ""
    agency: str = ""
    target_account: str = ""
    url: str = ""
    evidence: Evidence = field(
        default=Evidence("", "", "", "exact_handle", 0.0, "low"), compare=False
    )

    @property
    def finding_id(self) -> str:
        return finding_id(self.rule_id, self.record_id)

    def to_record(self) -> dict[str, Any]:
        """Flat row in CSV_COLUMNS order, times as ISO 8601 with offset and as local text."""
        local = self.occurred_at.astimezone(ZoneInfo(self.timezone))
        iso = local.isoformat()  # 2023-11-20T14:05:00+07:00 (with .ffffff when it has them)
        zone = ZONE_ABBREVIATION.get(self.timezone, self.timezone)
        flat: dict[str, Any] = {
            "finding_id": self.finding_id,
            "rule_id": self.rule_id,
            "category": self.category,
            "record_id": self.record_id,
            "source_file": self.source_file,
            "source_row": self.source_row,
            "nip": self.nip,
            "employee_name": self.employee_name,
            "agency": self.agency,
            "platform": self.platform,
            "action": self.action,
            "occurred_at": iso,
            "occurred_at_local": f"{iso[:10]} {iso[11:19]} {zone}",  # as local_time_text
            "target_account": self.target_account,
            "participant_id": self.participant_id,
            "participant_name": self.participant_name,
            "match_method": self.evidence.method,
            "matched_text": self.evidence.matched_text,
            "score": round(self.evidence.score, 1),
            "confidence": self.evidence.confidence,
            "legal_basis": self.legal_basis,
            "sanction": self.sanction,
            "url": self.url,
        }
        return flat

    def to_json(self, record: dict[str, Any] | None = None) -> dict[str, Any]:
        """The flat record (`record`, when already made by to_record) plus the full evidence,
        for findings.jsonl."""
        record = dict(record) if record is not None else self.to_record()
        ev = self.evidence  # by hand, not dataclasses.asdict: that deep-copies every field
        evidence = {
            "matched_field": ev.matched_field,
            "registry_entry": ev.registry_entry,
            "matched_text": ev.matched_text,
            "method": ev.method,
            "score": ev.score,
            "confidence": ev.confidence,
            "span": list(ev.span) if ev.span else None,
            "explanation": ev.explanation,
            "cues": list(ev.cues),
        }
        record.update(
            lampiran_row=self.lampiran_row,
            participant_status=self.participant_status,
            election_id=self.election_id,
            evidence=evidence,
        )
        return record
