"""Canonical column names, header matching, and the column-mapping file (`--mapping`)."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from neutrality.errors import InputFileError, Problem
from neutrality.i18n import tr
from neutrality.yamlio import load_yaml, pydantic_problems

#: SPEC 2.1, in the order rejected.csv shows them.
ACTIVITY_COLUMNS: tuple[str, ...] = (
    "record_id", "nip", "actor_account", "platform", "action", "occurred_at", "target_account",
    "target_name", "group_name", "content_text", "photo_labels", "url", "employee_name", "agency",
)  # fmt: skip
ACTIVITY_REQUIRED: tuple[str, ...] = ("platform", "action", "occurred_at")
ACTOR_COLUMNS: tuple[str, ...] = ("nip", "actor_account")

ROSTER_PLATFORMS: tuple[str, ...] = ("instagram", "facebook", "x", "tiktok", "youtube", "threads")
ROSTER_COLUMNS: tuple[str, ...] = (
    "nip", "name", "agency", "unit", "position", "employment", *ROSTER_PLATFORMS,
)  # fmt: skip
ROSTER_REQUIRED: tuple[str, ...] = ("nip", "name", "agency")

#: Header spellings seen in exports, mapped without a mapping file. Keys are normalised headers.
HEADER_ALIASES: dict[str, str] = {
    "twitter": "x",
    "ig": "instagram",
    "fb": "facebook",
    "nama": "name",
    "instansi": "agency",
    "unit_kerja": "unit",
    "jabatan": "position",
    "status_kepegawaian": "employment",
}


def normalise_header(text: str) -> str:
    """Case-insensitive, trimmed, inner spaces and dashes as underscores."""
    return "_".join(text.strip().lstrip("\ufeff").lower().replace("-", " ").split())


class ColumnMapping(BaseModel):
    """`--mapping FILE`: which header of the export holds each canonical column."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    columns: dict[str, str] = Field(description="canonical column -> header in the export")


def load_mapping(path: Path, known: Sequence[str]) -> dict[str, str]:
    """Read a mapping file; unknown canonical names are errors with the file's line."""
    doc = load_yaml(path)
    try:
        mapping = ColumnMapping.model_validate(doc.data)
    except ValidationError as exc:
        raise InputFileError(pydantic_problems(doc, exc, ColumnMapping)) from None
    problems = [
        Problem(
            str(path),
            doc.line_of(("columns", canonical)),
            canonical,
            tr(
                '"{name}" is not a column name (valid: {valid})',
                name=canonical,
                valid=", ".join(dict.fromkeys(known)),
            ),
        )
        for canonical in mapping.columns
        if canonical not in known
    ]
    named: dict[str, str] = {}
    for canonical, header in mapping.columns.items():
        key = normalise_header(header)
        if key in named:  # one header cannot be two columns
            problems.append(
                Problem(
                    str(path),
                    doc.line_of(("columns", canonical)),
                    canonical,
                    tr(
                        '"{name}" and "{first}" both name the header "{header}"; '
                        "a header is one column",
                        name=canonical,
                        first=named[key],
                        header=header,
                    ),
                )
            )
        named.setdefault(key, canonical)
    if problems:
        raise InputFileError(problems)
    found = ColumnMap(
        {normalise_header(header): canonical for canonical, header in mapping.columns.items()}
    )
    found.written = dict(mapping.columns)
    return found


class ColumnMap(dict[str, str]):
    """A mapping file's headers (as they are matched: normalise_header) -> canonical column,
    with `written`: canonical column -> the header as the file spells it, for messages."""

    written: dict[str, str]


def resolve_columns(
    header: Sequence[str],
    file_name: str,
    known: Sequence[str],
    mapping: dict[str, str] | None = None,
) -> dict[str, int]:
    """canonical column -> position in the header. Two headers for one column is an error."""
    found: dict[str, int] = {}
    problems: list[Problem] = []
    for position, raw in enumerate(header):
        key = normalise_header(raw)
        canonical = (mapping or {}).get(key) or HEADER_ALIASES.get(key, key)
        if canonical not in known:
            continue
        if canonical in found:
            first = header[found[canonical]]
            problems.append(
                Problem(
                    file_name,
                    1,
                    canonical,
                    tr(
                        'column "{name}" appears twice: "{first}" (column {first_at}) and '
                        '"{second}" (column {second_at})',
                        name=canonical,
                        first=first,
                        first_at=found[canonical] + 1,
                        second=raw,
                        second_at=position + 1,
                    ),
                )
            )
            continue
        found[canonical] = position
    if problems:
        raise InputFileError(problems)
    return found


def require_columns(
    found: dict[str, int],
    header: Sequence[str],
    file_name: str,
    required: Sequence[str],
    one_of: Sequence[str] = (),
    sheets: Sequence[str] = (),
    sheet: str | None = None,
    mapping: dict[str, str] | None = None,
) -> None:
    """Stop with a message naming the missing column and the closest header that is there.
    `sheets`, `sheet`: a workbook's sheets and the one read, for a hint to choose another;
    `mapping` (load_mapping's): a column the mapping names a header for says so."""
    mapped = {canonical: key for key, canonical in (mapping or {}).items()}
    mapped |= getattr(mapping, "written", {})  # as the mapping file spells them
    where = _Where(header, file_name, sheet, sheets, mapped)
    problems = [_missing(name, (name,), where) for name in required if name not in found]
    if one_of and not any(name in found for name in one_of):
        problems.append(_missing(tr(" or ").join(one_of), one_of, where))
    if problems:
        raise InputFileError(problems)


@dataclass(frozen=True)
class _Where:
    """What a missing column's message can point at: the file's header, the workbook's sheets,
    the headers a mapping file names."""

    header: Sequence[str]
    file_name: str
    sheet: str | None
    sheets: Sequence[str]
    mapped: dict[str, str]  # canonical column -> header the mapping names for it


def _missing(name: str, names: Sequence[str], where: _Where) -> Problem:
    """`names`: the column(s) `name` stands for; the first is looked for among close headers."""
    header = where.header
    message = tr('required column "{name}" is missing', name=name)
    mapped = [n for n in names if n in where.mapped]
    targets = {normalise_header(h): h for h in header if h.strip()}
    close = difflib.get_close_matches(names[0], list(targets), n=1, cutoff=0.6)
    if mapped:  # the user said where it is, and it is not there
        message += tr(
            '; the mapping names the header "{header}" for "{name}", which this file does not have',
            header=where.mapped[mapped[0]],
            name=mapped[0],
        )
    elif close:
        message += tr(
            '; closest header: "{header}" (use --mapping to map it)', header=targets[close[0]]
        )
    elif len(where.sheets) > 1:  # a workbook: the data may be on another sheet
        message += tr(
            '; sheet "{sheet}" was read (sheets: {sheets}): choose the data sheet with --sheet',
            sheet=where.sheet or where.sheets[0],
            sheets=", ".join(where.sheets),
        )
    elif len(header) == 1:
        message += tr(
            '; the header is one column "{header}": is the separator , ; tab or |?',
            header=header[0][:80],
        )
    return Problem(where.file_name, 1, name, message)
