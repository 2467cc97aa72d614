"""CSV that is safe to open in a spreadsheet: UTF-8 with BOM, formula-like cells neutralised.

A cell from social media that begins with `=`, `+`, `-`, `@`, tab or CR would be run as a
formula by Excel or LibreOffice; a leading apostrophe makes it plain text there and is easy
to strip for machines.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_PREFIX_SET = frozenset(FORMULA_PREFIXES)


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would read as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class SafeCsvWriter:
    """Streams rows with a fixed header, so a file can be written chunk after chunk."""

    def __init__(self, path: Path, columns: Sequence[str], delimiter: str = ",") -> None:
        self.path = path
        self.columns = tuple(columns)
        self.delimiter = delimiter
        self._handle = path.open("w", encoding="utf-8-sig", newline="")
        self._writer = csv.writer(self._handle, delimiter=delimiter, lineterminator="\r\n")
        self._writer.writerow(self.columns)
        self.rows = 0

    def write(self, rows: Iterable[Mapping[str, Any]]) -> None:
        listed = list(rows)
        self.write_encoded(encode_rows(listed, self.columns, self.delimiter), len(listed))

    def write_encoded(self, text: str, rows: int) -> None:
        """Rows already made by `encode_rows` (with this file's columns and delimiter)."""
        self._handle.write(text)
        self.rows += rows

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> SafeCsvWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def encode_rows(rows: Iterable[Mapping[str, Any]], columns: Sequence[str], delimiter: str) -> str:
    """The text SafeCsvWriter.write would write for `rows`: made where the rows are (a worker
    process), written as it is by the process that owns the file."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows([_cell(row.get(c, "")) for c in columns] for row in rows)
    return buffer.getvalue()


def _cell(value: Any) -> Any:
    """A value as written to a cell: None and NaN empty, formula-like text neutralised."""
    if type(value) is str:  # the common case first, without a call per check
        return "'" + value if value[:1] in _PREFIX_SET else value
    if value is None:
        return ""
    if isinstance(value, float) and value != value:  # NaN
        return ""
    return neutralise(value)
