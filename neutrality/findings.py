"""The Finding record: one rule matched by one activity record, with the evidence behind it."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Any, Literal
from zoneinfo import ZoneInfo

import numpy as np

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
    #: the text around a match in a post (excerpt()), so a reviewer can tell support from news
    context: str = ""
    #: where the match is in `context` (character offsets), for marking it there
    context_span: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        # the engine ranks matches by score: a score outside 0-100 (NaN included) is a bug
        if not 0 <= self.score <= 100:
            raise ValueError(f"evidence score {self.score!r} is not within 0-100")


#: characters of a post kept on each side of a match in Evidence.context
CONTEXT_CHARS = 120
_SPACE = re.compile(r"\s+")


def excerpt(
    text: str, span: tuple[int, int] | None, reach: int = CONTEXT_CHARS
) -> tuple[str, tuple[int, int] | None]:
    """The words around `span` in `text`, white space made single spaces, cut at word ends,
    with "…" where the post goes on (the whole text when it is short), and where the match is
    in it."""
    if span is None:
        return "", None
    start, end = max(0, span[0] - reach), min(len(text), span[1] + reach)
    if start > 0:  # begin at a word: after the first white space, the cut word dropped
        cut = _SPACE.search(text, start, span[0])
        start = cut.end() if cut else start
    if end < len(text):  # end at a word: before the last white space
        cuts = list(_SPACE.finditer(text, span[1], end))
        end = cuts[-1].start() if cuts else end
    before, match, after = text[start : span[0]], text[span[0] : span[1]], text[span[1] : end]
    left = " ".join(before.split()) + (" " if before.strip() and before[-1].isspace() else "")
    middle = " ".join(match.split())
    right = (" " if after.strip() and after[0].isspace() else "") + " ".join(after.split())
    lead = "…" if start > 0 else ""
    at = len(lead) + len(left)
    context = lead + left + middle + right + ("…" if end < len(text) else "")
    return context, (at, at + len(middle))


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
        """Flat row in CSV_COLUMNS order, times as ISO 8601 with offset and as local text
        (`FindingTable.flat` for one finding: findings.csv's own values)."""
        return {
            name: values[0] for name, values in FindingTable.from_findings([self]).flat().items()
        }


#: Finding's text fields, kept as one list each by a FindingTable
TABLE_TEXTS: tuple[str, ...] = tuple(
    f.name for f in fields(Finding) if f.name not in ("source_row", "occurred_at", "evidence")
)
_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass
class FindingTable:
    """Findings as columns, in Finding order: what the engine makes and the streamed files are
    written from, without an object, a dict and a csv row per finding on the way."""

    texts: dict[str, list[str]]  # TABLE_TEXTS -> one value per finding
    source_row: list[int]
    occurred_at: np.ndarray  # int64 microseconds since 1970-01-01 UTC
    evidence: list[Evidence]

    def __len__(self) -> int:
        return len(self.evidence)

    @classmethod
    def from_findings(cls, findings: Sequence[Finding]) -> FindingTable:
        micros = [(f.occurred_at - _EPOCH) // dt.timedelta(microseconds=1) for f in findings]
        return cls(
            texts={name: [getattr(f, name) for f in findings] for name in TABLE_TEXTS},
            source_row=[f.source_row for f in findings],
            occurred_at=np.array(micros, dtype=np.int64),
            evidence=[f.evidence for f in findings],
        )

    def findings(self) -> list[Finding]:
        """One Finding per row (the engine's API, tests, a pseudonymised run's workers)."""
        moments = [_EPOCH + dt.timedelta(microseconds=m) for m in self.occurred_at.tolist()]
        names = (*TABLE_TEXTS, "source_row", "occurred_at", "evidence")
        texts = [self.texts[name] for name in TABLE_TEXTS]
        values = zip(*texts, self.source_row, moments, self.evidence, strict=True)
        return [Finding(**dict(zip(names, row, strict=True))) for row in values]

    def replaced(self, **texts: list[str]) -> FindingTable:
        """The same findings with some text columns replaced (pseudonyms)."""
        return FindingTable({**self.texts, **texts}, self.source_row, self.occurred_at,
                            self.evidence)  # fmt: skip

    def flat(self) -> dict[str, list[Any]]:
        """CSV_COLUMNS -> one value per finding, as findings.csv shows them: times as ISO 8601
        with the zone's offset and as local text, the score to one decimal."""
        texts = self.texts
        iso, local = time_texts(self.occurred_at, texts["timezone"])
        evidence = self.evidence
        flat: dict[str, list[Any]] = {
            "finding_id": [
                finding_id(rule, record)
                for rule, record in zip(texts["rule_id"], texts["record_id"], strict=True)
            ],
            "source_row": self.source_row,
            "occurred_at": iso,
            "occurred_at_local": local,
            "match_method": [e.method for e in evidence],
            "matched_text": [e.matched_text for e in evidence],
            "score": [round(e.score, 1) for e in evidence],
            "confidence": [e.confidence for e in evidence],
        }
        return {name: flat[name] if name in flat else texts[name] for name in CSV_COLUMNS}


def time_texts(micros: np.ndarray, timezones: Sequence[str]) -> tuple[list[str], list[str]]:
    """Per moment (microseconds since 1970 UTC) and zone: the ISO 8601 text with the zone's
    offset, as datetime.isoformat writes it (`2023-11-20T14:05:00+07:00`, `.ffffff` when there
    are microseconds), and the local text with the zone's abbreviation (as local_time_text)."""
    import pandas as pd

    iso = [""] * len(micros)
    local = [""] * len(micros)
    zones = np.asarray(timezones, dtype=object)
    for timezone in dict.fromkeys(timezones):
        at = np.flatnonzero(zones == timezone)
        utc = micros[at]
        stamps = pd.DatetimeIndex(utc.astype("datetime64[us]")).tz_localize("UTC")
        wall = stamps.tz_convert(ZoneInfo(timezone)).tz_localize(None).as_unit("us").asi8
        seconds = np.datetime_as_string(wall.astype("datetime64[us]").astype("datetime64[s]"))
        fraction = wall % 1_000_000
        offset = (wall - utc) // 1_000_000
        signs = {int(o): _offset_text(int(o)) for o in np.unique(offset).tolist()}
        zone = ZONE_ABBREVIATION.get(timezone, timezone)
        for n, text, part, shift in zip(
            at.tolist(), seconds.tolist(), fraction.tolist(), offset.tolist(), strict=True
        ):
            iso[n] = f"{text}.{part:06d}{signs[shift]}" if part else f"{text}{signs[shift]}"
            local[n] = f"{text[:10]} {text[11:19]} {zone}"
    return iso, local


def _offset_text(seconds: int) -> str:
    """`+07:00` as datetime.isoformat writes an offset of `seconds`."""
    zone = dt.timezone(dt.timedelta(seconds=seconds))
    return dt.datetime(2000, 1, 1, tzinfo=zone).isoformat()[19:]
