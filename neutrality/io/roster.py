"""The staff roster (SPEC 2.2): who is an employee, and which handles are theirs."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from neutrality.errors import InputFileError, Problem
from neutrality.i18n import tr
from neutrality.io.columns import (
    ROSTER_COLUMNS,
    ROSTER_PLATFORMS,
    ROSTER_REQUIRED,
    require_columns,
    resolve_columns,
)
from neutrality.io.messages import NIP_ERRORS, ROSTER_ROW, detail_text
from neutrality.io.tables import RAGGED_COLUMN, ROW_COLUMN, open_table
from neutrality.io.values import actor_handle_key, clean_nip, nip_errors

EMPLOYEE_FIELDS = ("name", "agency", "unit", "position", "employment")
EMPLOYMENT_KINDS = {"PNS", "CPNS", "PPPK"}


@dataclass
class Roster:
    """Employees by NIP, and (platform, handle key) -> NIP for actors known by handle."""

    path: Path
    sha256: str
    employees: pd.DataFrame  # index: nip; columns: EMPLOYEE_FIELDS
    handles: pd.DataFrame  # columns: platform, key, nip (unique platform+key)
    ambiguous: set[tuple[str, str]] = field(default_factory=set)
    problems: list[Problem] = field(default_factory=list)  # roster rows left out, with reasons
    rows_read: int = 0

    @functools.cached_property
    def nip_by_handle(self) -> dict[str, str]:
        """ "<platform>\x1f<handle key>" -> NIP: `handles` as a dict, for lookups by value."""
        keys = (self.handles["platform"] + "\x1f" + self.handles["key"]).tolist()
        return dict(zip(keys, self.handles["nip"].tolist(), strict=True))

    @functools.cached_property
    def rows_by_handle(self) -> tuple[pa.Array, np.ndarray, pa.Array]:
        """`nip_by_handle` for lookups of many pairs at once (Arrow's index_in): the
        "<platform>\x1f<handle key>" keys as Arrow text, the roster row of each key's NIP (its
        own: every handle comes from a roster row), and each roster row's NIP as Arrow text with
        one more "" at the end (row -1 reads it)."""
        keys = pa.array(list(self.nip_by_handle), pa.large_string())
        rows = self.employees.index.get_indexer(pd.Index(list(self.nip_by_handle.values())))
        nips = pa.array([*self.employees.index.tolist(), ""], pa.large_string())
        return keys, rows, nips

    @functools.cached_property
    def field_values(self) -> dict[str, tuple[pa.Array, np.ndarray]]:
        """Each of EMPLOYEE_FIELDS as (its value per employee as Arrow text, "" when empty;
        whether it is filled), each with one more empty entry at the end: gathered by roster
        row, -1 (no employee) reads that entry."""
        fields: dict[str, tuple[pa.Array, np.ndarray]] = {}
        for name in EMPLOYEE_FIELDS:
            values = np.append(self.employees[name].fillna("").to_numpy(dtype=object), "")
            fields[name] = (pa.array(values, pa.large_string()), values != "")
        return fields


def load_roster(path: Path, mapping: dict[str, str] | None = None, lang: str = "id") -> Roster:
    """Read and check a roster. Rows with a bad NIP are left out and reported, not guessed."""
    table = open_table(path)
    columns = resolve_columns(table.header, str(path), ROSTER_COLUMNS, mapping)
    require_columns(columns, table.header, str(path), ROSTER_REQUIRED, mapping=mapping)
    frames = []
    for chunk in table.chunks():
        frame = pd.DataFrame({name: chunk.frame[f"__col{i}"] for name, i in columns.items()})
        frame[ROW_COLUMN] = chunk.frame[ROW_COLUMN]
        frame[RAGGED_COLUMN] = chunk.frame[RAGGED_COLUMN]
        frames.append(frame)
    if not frames:
        raise InputFileError([Problem(str(path), 2, message=tr("roster has a header but no rows"))])
    raw = pd.concat(frames, ignore_index=True)
    for name in ROSTER_COLUMNS:
        if name not in raw:
            raw[name] = ""
    return _build(path, raw, lang)


def _build(path: Path, raw: pd.DataFrame, lang: str) -> Roster:
    raw["nip"] = clean_nip(raw["nip"]).astype(object)  # the employees' index: Python strings
    problem, key = _row_problems(raw, lang)
    problems = [
        Problem(str(path), None, column or None, render_row(lang, row, text))
        for row, text, column in zip(raw[ROW_COLUMN], problem, key, strict=True)
        if text
    ]
    kept = raw[problem == ""].copy()
    kept["employment"] = kept["employment"].str.strip().str.upper()
    employees = kept.set_index("nip")[list(EMPLOYEE_FIELDS)]
    handles, ambiguous = _handles(kept)
    return Roster(
        path=path,
        sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
        employees=employees,
        handles=handles,
        ambiguous=ambiguous,
        problems=problems,
        rows_read=len(raw),
    )


def render_row(lang: str, row: int, text: str) -> str:
    return ROSTER_ROW[lang].format(row=row, detail=text)


ROSTER_TEXT = {
    "empty": {"id": "nip kosong", "en": "nip is empty"},
    "ragged": {"id": "jumlah kolom baris tidak sama dengan tajuk", "en": "ragged row"},
    "repeat": {"id": "nip muncul lagi (kemunculan pertama dipakai)", "en": "nip appears again (first occurrence kept)"},
    "employment": {"id": "employment harus PNS, CPNS atau PPPK", "en": "employment is not PNS, CPNS or PPPK"},
}  # fmt: skip


def _row_problems(raw: pd.DataFrame, lang: str) -> tuple[pd.Series, pd.Series]:
    """Text per roster row that cannot be used ("" when fine), the first problem winning, and
    the column it is about ("" for a ragged row, which is about the whole row)."""
    codes = nip_errors(raw["nip"])
    text = 'nip "' + raw["nip"] + '": ' + detail_text(codes, NIP_ERRORS, lang)
    problem = text.where(codes != "", "")
    key = pd.Series(np.where(codes != "", "nip", ""), index=raw.index, dtype=object)
    employment = raw["employment"].str.strip().str.upper()
    later = [
        (raw["nip"].duplicated(keep="first"), "repeat", "nip"),
        ((employment != "") & ~employment.isin(EMPLOYMENT_KINDS), "employment", "employment"),
    ]
    for mask, code, column in later:
        chosen = mask & (problem == "")
        problem = problem.mask(chosen, ROSTER_TEXT[code][lang])
        key = key.mask(chosen, column)
    empty, ragged = raw["nip"] == "", raw[RAGGED_COLUMN] != ""
    problem = problem.mask(empty, ROSTER_TEXT["empty"][lang])
    key = key.mask(empty, "nip").mask(ragged, "")
    return problem.mask(ragged, ROSTER_TEXT["ragged"][lang]), key


def _handles(kept: pd.DataFrame) -> tuple[pd.DataFrame, set[tuple[str, str]]]:
    """One row per (platform, handle key); a handle claimed by two NIPs is ambiguous."""
    parts = []
    for platform in ROSTER_PLATFORMS:
        cells = kept[["nip", platform]].rename(columns={platform: "handle"})
        cells = cells.assign(handle=cells["handle"].str.split(";")).explode("handle")
        cells = cells[cells["handle"].fillna("").str.strip() != ""]
        parts.append(cells.assign(platform=platform, key=actor_handle_key(cells["handle"])))
    allh = pd.concat(parts, ignore_index=True)[["platform", "key", "nip"]].drop_duplicates()
    counts = allh.groupby(["platform", "key"])["nip"].transform("nunique")
    ambiguous = set(map(tuple, allh.loc[counts > 1, ["platform", "key"]].values.tolist()))
    unique = allh[counts == 1].reset_index(drop=True)
    return unique, ambiguous
