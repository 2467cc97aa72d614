"""CSV that is safe to open in a spreadsheet: UTF-8 with BOM, formula-like cells neutralised.

A cell from social media that begins with `=`, `+`, `-`, `@`, tab or CR would be run as a
formula by Excel or LibreOffice; a leading apostrophe makes it plain text there and is easy
to strip for machines.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

if TYPE_CHECKING:
    import pandas as pd

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_PREFIX_SET = frozenset(FORMULA_PREFIXES)
_FORMULA = "^[" + "".join(re.escape(p) for p in FORMULA_PREFIXES) + "]"  # RE2, through Arrow


def _text(value: str) -> pa.Scalar:
    """A text scalar of the columns' own type (64-bit offsets): Arrow joins only equal types."""
    return pa.scalar(value, pa.large_string())


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

    def write_encoded(self, text: str | bytes, rows: int) -> None:
        """Rows already made by `encode_rows` or `encode_columns` (with this file's columns
        and delimiter), as text or as its UTF-8 bytes (`encode_columns_utf8`)."""
        write_utf8(self._handle, text)
        self.rows += rows

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> SafeCsvWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def write_utf8(handle: io.TextIOWrapper, text: str | bytes) -> None:
    """Text, or UTF-8 bytes written past the text layer (flushed first, so order is kept)."""
    if isinstance(text, str):
        handle.write(text)
        return
    handle.flush()
    handle.buffer.write(text)


def encode_rows(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], delimiter: str) -> str:
    """The text of `rows` (dicts; a missing key is an empty cell) under `columns`: made where
    the rows are (a worker process), written as it is by the process that owns the file."""
    return encode_columns([[row.get(name, "") for row in rows] for name in columns], delimiter)


def written(rows: Iterable[Iterable[Any]], delimiter: str) -> str:
    """`rows` of cells as the csv module writes them, cell by cell as `_cell` makes them: the
    path for what Arrow cannot hold, and the reference `encode_columns` is tested against."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows([_cell(value) for value in row] for row in rows)
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


def encode_columns(columns: Sequence[Sequence[Any] | pd.Series], delimiter: str) -> str:
    """What `written` gives for the rows made of `columns` (one sequence of cells per column, or
    a pandas Series, all as long; cells of text, numbers, None or NaN, as rows hold them), made
    a column at a time with Arrow compute instead of a cell at a time: formula-like text
    neutralised, then quoted as the csv module quotes (only a cell holding the delimiter, a
    quote, CR or LF; quotes doubled). Arrow text with 64-bit offsets, so a chunk may make more
    than 2 GiB."""
    joined = _joined(columns, delimiter)
    return _written(columns, delimiter) if joined is None else str(_bytes_of(joined), "utf-8")


def encode_columns_utf8(columns: Sequence[Sequence[Any] | pd.Series], delimiter: str) -> bytes:
    """`encode_columns` as the UTF-8 bytes a file holds, taken from Arrow's buffer as they are:
    no str is made of them, for the writer to encode back."""
    joined = _joined(columns, delimiter)
    return (
        _written(columns, delimiter).encode("utf-8") if joined is None else bytes(_bytes_of(joined))
    )


def _written(columns: Sequence[Sequence[Any] | pd.Series], delimiter: str) -> str:
    """`encode_columns` by the csv module, for what `_joined` does not make."""
    if not columns or not len(columns[0]):
        return ""
    return written(zip(*columns, strict=True), delimiter)


def _joined(columns: Sequence[Sequence[Any] | pd.Series], delimiter: str) -> pa.Array | None:
    """The lines of `encode_columns` as one Arrow text array; None where Arrow does not make
    them (no rows, one column, text Arrow cannot hold)."""
    if not columns or not len(columns[0]):
        return None
    if len(columns) == 1:  # the csv module quotes a row of one empty cell; files have more
        return None
    try:
        cells = [_quoted(_neutralised(values), delimiter) for values in columns]
        cells[-1] = pc.binary_join_element_wise(cells[-1], _text(""), _text("\r\n"))  # line end
        joined: pa.Array = pc.binary_join_element_wise(*cells, _text(delimiter))
        return joined
    except (pa.ArrowException, UnicodeError):  # text Arrow cannot hold (lone surrogates)
        return None


def _neutralised(values: Sequence[Any] | pd.Series) -> pa.Array:
    """A column's cells as Arrow text, as `_cell` makes them."""
    try:
        array = pa.array(values, pa.large_string())  # text and None: the common case
    except (pa.ArrowTypeError, pa.ArrowInvalid):  # numbers, NaN
        return _numbers(values)
    array = array.fill_null("")
    formula = pc.match_substring_regex(array, _FORMULA)
    if pc.any(formula).as_py():
        quoted = pc.binary_join_element_wise(_text("'"), array, _text(""))
        array = pc.if_else(formula, quoted, array)
    return array


def _numbers(values: Sequence[Any] | pd.Series) -> pa.Array:
    """Cells that are not all text, as `_cell` makes them: whole numbers (an integer array, or a
    list of ints and None) by Arrow's cast (the digits str() writes; None empty), anything else
    a cell at a time (a float as str() writes it, NaN empty)."""
    dtype = getattr(values, "dtype", None)  # a numpy array's, or a pandas Series' numpy dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "iu":
        return pa.array(np.asarray(values)).cast(pa.large_string())
    if dtype is None and set(map(type, values)) <= {int, type(None)}:  # ints and None only
        try:
            numbers = pa.array(values)
        except (pa.ArrowTypeError, pa.ArrowInvalid, OverflowError):
            numbers = None
        if numbers is not None and pa.types.is_integer(numbers.type):
            return numbers.cast(pa.large_string()).fill_null("")
    cells = [
        ("" if value != value else str(value)) if type(value) is float else str(_cell(value))
        for value in values
    ]
    return pa.array(cells, pa.large_string())


def _quoted(array: pa.Array, delimiter: str) -> pa.Array:
    special = pc.match_substring_regex(array, "[" + re.escape(delimiter) + '"\r\n]')
    if not pc.any(special).as_py():
        return array
    doubled = pc.replace_substring(array, '"', '""')
    quoted = pc.binary_join_element_wise(_text('"'), doubled, _text('"'), _text(""))
    return pc.if_else(special, quoted, array)


def _bytes_of(array: pa.Array) -> memoryview:
    """The values of a text array with no nulls, one after the other, as the bytes Arrow holds."""
    _, offsets, data = array.buffers()
    dtype = np.int64 if pa.types.is_large_string(array.type) else np.int32
    bounds = np.frombuffer(
        offsets, dtype=dtype, count=len(array) + 1, offset=array.offset * dtype().itemsize
    )
    return memoryview(data)[int(bounds[0]) : int(bounds[-1])]
