"""Canonical column names, header matching, and the column-mapping file (`--mapping`)."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
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
                valid=", ".join(known),
            ),
        )
        for canonical in mapping.columns
        if canonical not in known
    ]
    if problems:
        raise InputFileError(problems)
    return {normalise_header(header): canonical for canonical, header in mapping.columns.items()}


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
) -> None:
    """Stop with a message naming the missing column and the closest header that is there.
    `sheets`, `sheet`: a workbook's sheets and the one read, for a hint to choose another."""
    where = (sheet, sheets)
    problems = [
        _missing(name, header, file_name, where=where) for name in required if name not in found
    ]
    if one_of and not any(name in found for name in one_of):
        problems.append(_missing(tr(" or ").join(one_of), header, file_name, one_of[0], where))
    if problems:
        raise InputFileError(problems)


def _missing(
    name: str,
    header: Sequence[str],
    file_name: str,
    like: str | None = None,
    where: tuple[str | None, Sequence[str]] = (None, ()),
) -> Problem:
    """`like`: the column name to look for a close header by (default `name`)."""
    message = tr('required column "{name}" is missing', name=name)
    targets = {normalise_header(h): h for h in header if h.strip()}
    close = difflib.get_close_matches(like or name, list(targets), n=1, cutoff=0.6)
    sheet, sheets = where
    if close:
        message += tr(
            '; closest header: "{header}" (use --mapping to map it)', header=targets[close[0]]
        )
    elif len(sheets) > 1:  # a workbook: the data may be on another sheet
        message += tr(
            '; sheet "{sheet}" was read (sheets: {sheets}): choose the data sheet with --sheet',
            sheet=sheet or sheets[0],
            sheets=", ".join(sheets),
        )
    elif len(header) == 1:
        message += tr(
            '; the header is one column "{header}": is the separator , ; tab or |?',
            header=header[0][:80],
        )
    return Problem(file_name, 1, name, message)
