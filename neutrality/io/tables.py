"""Reading tabular exports (CSV in any common dialect, or XLSX) as chunks of text cells.

Every record a CSV reader yields is numbered (`source_row`: 1 for the first data record after
the header; blank lines are not records). A record whose field count differs from the header's
is kept, marked ragged, so it can be rejected with its reason rather than silently dropped.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import itertools
import json
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import csv as pacsv

from neutrality.errors import InputFileError, Problem
from neutrality.i18n import grouped, tr

SAMPLE_BYTES = 1 << 20
MAX_FIELD_CHARS = 16 * 1024 * 1024
MAX_COLUMNS = 2_000
XLSX_MAX_UNCOMPRESSED = 1 << 30
XLSX_MAX_RATIO = 200
DELIMITERS = ",;\t|"
DEFAULT_CHUNK_ROWS = 100_000
#: rows of a CSV's first chunk at most: read in a fifth of the time of a whole one
FIRST_CHUNK_ROWS = 25_000
TEXT_DTYPE = pd.StringDtype("pyarrow", na_value=float("nan"))

#: Extra columns of every raw chunk: the record's number and, for a ragged record, why.
ROW_COLUMN = "__row"
RAGGED_COLUMN = "__ragged"
SURPLUS_COLUMN = "__surplus"
UNREADABLE = "\x00unreadable:"

_replacements: dict[str, int] = {}


def _count_and_replace(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    _replacements["count"] = _replacements.get("count", 0) + (exc.end - exc.start)
    return "\ufffd", exc.end


codecs.register_error("neutrality_replace", _count_and_replace)
csv.field_size_limit(MAX_FIELD_CHARS)


@dataclass
class RawChunk:
    """A block of records as text: `__col0..__colN` by header position, then the record number,
    why a record is ragged ("fields/width", "!csv error" when unreadable, "" when fine) and its
    surplus cells (JSON) if any."""

    frame: pd.DataFrame
    first_row: int


@dataclass
class TableFile:
    """One opened export: its header, how it was read, and what was odd about it."""

    path: Path
    header: list[str]
    kind: str  # csv | xlsx
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheets: list[str] = field(default_factory=list)  # a workbook's sheets, in order
    warnings: list[str] = field(default_factory=list)
    chunk_rows: int = DEFAULT_CHUNK_ROWS
    #: records the file holds, judged from the line length of its first MiB (None: unknown)
    estimated_rows: float | None = None
    _rows: Callable[[], Iterator[list[str]]] | None = None  # records after the header
    _fast: bool = False  # Arrow may read it (UTF-8 CSV with a one-line header)

    def chunks(self) -> Iterator[RawChunk]:
        """The records in blocks of `chunk_rows`, numbered from 1 after the header.

        Well-formed UTF-8 CSV is read by Arrow's parser; at the first record Arrow cannot take
        (ragged, unreadable, not UTF-8) the file continues with Python's csv module from the
        next record not yet given out, so numbering and content stay the same either way.
        """
        for chunk in self._all_chunks():
            if self.kind == "csv":
                self._look_for_open_quotes(chunk)
            yield chunk

    def _all_chunks(self) -> Iterator[RawChunk]:
        given = 0
        if self._fast:
            try:
                for chunk in self._arrow_chunks():
                    given += len(chunk.frame)
                    yield chunk
                return
            except _SlowPathNeeded:
                pass
        yield from self._python_chunks(skip=given)

    def _look_for_open_quotes(self, chunk: RawChunk) -> None:
        """A quote that is never closed swallows the records after it into one field. The
        records are not lost (they are in that field), but the user is told where to look:
        a cell holding a line with as many separators as a whole record is such a field."""
        width = len(self.header)
        if width < 3 or not self.delimiter:
            return
        for position in range(width):
            column = chunk.frame[f"__col{position}"]
            if not _may_hold_line_breaks(column):
                continue
            multiline = column[column.str.contains("\n", regex=False, na=False)]
            for index, value in multiline.items():
                lines = str(value).split("\n")[1:]
                swallowed = sum(line.count(self.delimiter) >= width - 1 for line in lines)
                if swallowed:
                    number = int(str(chunk.frame.at[index, ROW_COLUMN]))
                    self.warnings.append(
                        tr(
                            'record {number}, column "{column}": the field holds {count} line(s) '
                            'shaped like whole records; a quote (") is probably not closed, so '
                            "those lines were read as text of this record",
                            number=number, column=self.header[position], count=swallowed,
                        )
                    )  # fmt: skip

    def _python_chunks(self, skip: int) -> Iterator[RawChunk]:
        width = len(self.header)
        buffer: list[list[Any]] = []
        first = skip + 1
        rows = self._rows() if self._rows else iter(())
        for number, cells in enumerate(itertools.islice(rows, skip, None), start=skip + 1):
            buffer.append(_fit(cells, width, number))
            if len(buffer) >= self.chunk_rows:
                yield RawChunk(_frame(buffer, self.header), first)
                first, buffer = number + 1, []
        if buffer:
            yield RawChunk(_frame(buffer, self.header), first)
        replaced = _replacements.pop("count", 0)
        if replaced:
            self.warnings.append(
                tr(
                    "{count} byte(s) not valid in {encoding} were replaced by U+FFFD",
                    count=replaced, encoding=self.encoding,
                )
            )  # fmt: skip

    def _arrow_chunks(self) -> Iterator[RawChunk]:
        names = [f"__col{i}" for i in range(len(self.header))]
        invalid: list[int | None] = []

        def on_invalid(row: Any) -> str:
            invalid.append(row.number)
            return "skip"

        try:
            # 1 MiB blocks: Arrow's reader keeps a few dozen blocks read ahead of the consumer,
            # so 4 MiB blocks held about 130 MB of the file in memory for no gain in speed
            reader = pacsv.open_csv(
                self.path,
                read_options=pacsv.ReadOptions(skip_rows=1, column_names=names, block_size=1 << 20),
                parse_options=pacsv.ParseOptions(
                    delimiter=self.delimiter,
                    newlines_in_values=True,
                    invalid_row_handler=on_invalid,
                ),
                convert_options=pacsv.ConvertOptions(
                    column_types=dict.fromkeys(names, pa.large_string()),
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
        except (pa.ArrowInvalid, UnicodeDecodeError):
            raise _SlowPathNeeded from None
        pending: list[pa.RecordBatch] = []
        held = 0
        first = 1
        # the first chunk is at most FIRST_CHUNK_ROWS, so the run's work starts sooner (chunks
        # are cut anywhere without changing any output)
        size = min(self.chunk_rows, FIRST_CHUNK_ROWS)
        while True:
            try:
                batch = reader.read_next_batch()
            except StopIteration:
                break
            except pa.ArrowInvalid:
                raise _SlowPathNeeded from None
            if invalid:
                raise _SlowPathNeeded
            pending.append(batch)
            held += batch.num_rows
            while held >= size:
                table = pa.Table.from_batches(pending)
                yield _arrow_frame(table.slice(0, size), first)
                first += size
                rest = table.slice(size)
                size = self.chunk_rows
                pending, held = rest.to_batches(), rest.num_rows
        if invalid:  # a record Arrow skipped in the last block
            raise _SlowPathNeeded
        if held:
            yield _arrow_frame(pa.Table.from_batches(pending), first)


_LINE_BREAK = b"\n"
_NUL = b"\x00"


def _may_hold_line_breaks(column: pd.Series) -> bool:
    """False when no cell of `column` holds a line break (Arrow text is searched as bytes)."""
    return column.dtype != TEXT_DTYPE or bytes_hold(pa.array(column), _LINE_BREAK)


def bytes_hold(text: pa.Array | pa.ChunkedArray, *needles: bytes) -> bool:
    """Whether a cell of Arrow text holds one of `needles` (bytes that cannot start or end
    inside a UTF-8 character): the bytes the cells lie in are copied once per piece and
    searched with memchr, several times faster than a search per cell (and than a regex over
    them), and only the piece's own cells count."""
    for piece in text.chunks if isinstance(text, pa.ChunkedArray) else [text]:
        data = piece.buffers()[2]
        if data is None or not len(piece):
            continue
        bounds = text_offsets(piece)
        cells = memoryview(data)[int(bounds[0]) : int(bounds[-1])].tobytes()
        if any(needle in cells for needle in needles):
            return True
    return False


def text_offsets(piece: pa.Array) -> np.ndarray:
    """Where each cell of an Arrow text array starts in its data buffer, and where the last one
    ends (len(piece) + 1 positions, int64), for string and large_string alike."""
    width = 8 if pa.types.is_large_string(piece.type) else 4
    offsets = np.frombuffer(piece.buffers()[1], dtype=f"<i{width}")
    return offsets[piece.offset : piece.offset + len(piece) + 1].astype(np.int64)


class _SlowPathNeeded(Exception):
    """Arrow met a record it cannot take; the csv module reads on from there."""


def _arrow_frame(table: pa.Table, first: int) -> RawChunk:
    # NUL bytes are dropped from cells, as the csv module path does; a column is searched for
    # them (a scan without copying) and rewritten only when it holds one
    columns = {
        name: pc.replace_substring(column, "\x00", "") if bytes_hold(column, _NUL) else column
        for name, column in zip(table.column_names, table.columns, strict=True)
    }
    frame = pa.table(columns).to_pandas(types_mapper=lambda _: TEXT_DTYPE)
    frame[ROW_COLUMN] = np.arange(first, first + len(frame), dtype="int64")
    frame[RAGGED_COLUMN] = pd.Series("", index=frame.index, dtype=TEXT_DTYPE)
    frame[SURPLUS_COLUMN] = pd.Series("", index=frame.index, dtype=TEXT_DTYPE)
    return RawChunk(frame, first)


def _fit(cells: list[Any], width: int, number: int) -> list[Any]:
    """Pad or cut a record to the header width, noting a ragged one in the last cell."""
    if len(cells) == width:  # the common case, kept cheap
        cells.extend((number, "", ""))
        return cells
    if len(cells) == 1 and cells[0].startswith(UNREADABLE):
        return [*([""] * width), number, "!" + cells[0].removeprefix(UNREADABLE), ""]
    ragged = ""
    surplus = cells[width:]
    if len(cells) != width and not (len(cells) > width and not any(surplus)):
        ragged = f"{len(cells)}/{width}"
    fitted = (cells + [""] * width)[:width]
    fitted.extend((number, ragged, json.dumps(surplus, ensure_ascii=False) if ragged else ""))
    return fitted


def _frame(rows: list[list[Any]], header: list[str]) -> pd.DataFrame:
    columns = [
        *[f"__col{i}" for i in range(len(header))], ROW_COLUMN, RAGGED_COLUMN, SURPLUS_COLUMN,
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=columns, dtype=object)
    # Arrow-backed strings: vectorised string kernels instead of a Python call per cell
    text = [c for c in columns if c != ROW_COLUMN]
    frame[text] = frame[text].astype(TEXT_DTYPE)
    frame[ROW_COLUMN] = frame[ROW_COLUMN].astype("int64")
    return frame


def open_table(
    path: Path, *, sheet: str | None = None, chunk_rows: int = DEFAULT_CHUNK_ROWS
) -> TableFile:
    """Open a CSV or XLSX export. File-level problems raise InputFileError naming the file."""
    name = str(path)
    if not path.exists():
        raise InputFileError([Problem(name, message=tr("file not found"))])
    if path.is_dir():
        raise InputFileError([Problem(name, message=tr("is a folder, not a file"))])
    with path.open("rb") as handle:
        head = handle.read(SAMPLE_BYTES)
    if not head.strip():
        raise InputFileError([Problem(name, message=tr("file is empty"))])
    if head.startswith(b"PK\x03\x04"):
        return _open_xlsx(path, sheet, chunk_rows)
    if sheet is not None:
        raise InputFileError([Problem(name, message=tr("--sheet applies only to XLSX files"))])
    return _open_csv(path, head, chunk_rows)


# --- CSV -----------------------------------------------------------------------------------


def detect_encoding(head: bytes) -> tuple[str, str | None]:
    """(encoding, warning or None) from the first bytes of a file."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", None
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", tr("file is UTF-16; read as UTF-16")
    if b"\x00" in head[:4096] and head[1:2] == b"\x00":
        raise ValueError(tr("looks like UTF-16 without a byte-order mark"))
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if len(head) < SAMPLE_BYTES or exc.start < len(head) - 4:  # not a cut character
            return "cp1252", tr("file is not UTF-8; read as Windows-1252 (cp1252)")
    return "utf-8", None


def sniff_delimiter(sample: str) -> str:
    """The separator among , ; tab | that splits the first lines most consistently."""
    lines = [line for line in sample.splitlines()[:50] if line.strip()]
    if not lines:
        return ","
    try:
        return csv.Sniffer().sniff("\n".join(lines[:20]), delimiters=DELIMITERS).delimiter
    except csv.Error:
        counts = {d: lines[0].count(d) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def _open_csv(path: Path, head: bytes, chunk_rows: int) -> TableFile:
    name = str(path)
    if _looks_binary(head):
        raise InputFileError([Problem(name, message=tr("not a text table (binary content)"))])
    try:
        encoding, warning = detect_encoding(head)
    except ValueError as exc:
        raise InputFileError([Problem(name, message=str(exc))]) from None
    sample = head.decode(encoding, errors="replace")
    delimiter = sniff_delimiter(sample.lstrip("\ufeff"))

    def records() -> Iterator[list[str]]:
        _replacements.pop("count", None)
        stream = path.open(encoding=encoding, errors="neutrality_replace", newline="")
        reader = _records(stream, delimiter, name)
        next(reader, None)  # the header
        return reader

    with path.open(encoding=encoding, errors="replace", newline="") as stream:
        header = next(_records(stream, delimiter, name), None)
    if header is None or not any(cell.strip() for cell in header):
        raise InputFileError([Problem(name, 1, message=tr("no header row"))])
    if len(header) > MAX_COLUMNS:
        raise InputFileError(
            [
                Problem(
                    name,
                    1,
                    message=tr(
                        "{count} columns; at most {limit}", count=len(header), limit=MAX_COLUMNS
                    ),
                )
            ]
        )
    table = TableFile(path, header, "csv", encoding, delimiter, chunk_rows=chunk_rows)
    table.estimated_rows = _estimated_rows(path, head)
    if warning:
        table.warnings.append(warning)
    table._rows = records
    table._fast = encoding in ("utf-8", "utf-8-sig") and not any("\n" in h for h in header)
    return table


def _estimated_rows(path: Path, head: bytes) -> float | None:
    """Records of a CSV file: its lines (line feeds, or carriage returns where a file ends its
    lines with those alone), counted in `head` when that is the whole file, or its size over
    the mean line length of `head` (a field with line breaks counts extra); None when `head`
    holds too few lines to judge by (a first record of many kilobytes)."""
    lines = max(head.count(b"\n"), head.count(b"\r"))
    if len(head) < SAMPLE_BYTES:
        return float(lines + (not head.endswith((b"\n", b"\r"))) - 1)
    if lines < 100:
        return None
    return max(path.stat().st_size * lines / len(head) - 1, 0.0)


def _looks_binary(head: bytes) -> bool:
    """An image, PDF or old .xls given as a CSV: many control bytes in text that is not UTF-8.
    Text that is UTF-8 is read and its rows judged one by one (a cell of control characters is
    a row's problem, not the file's) unless control bytes are most of it."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    sample = head[:8192]
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    if controls < 8 or controls <= len(sample) // 20:
        return False
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample)  # a cut last character is fine
    except UnicodeDecodeError:
        return True
    return controls > len(sample) * 3 // 10


def _records(stream: TextIO, delimiter: str, name: str) -> Iterator[list[str]]:
    """Records of a CSV stream; a record the csv module cannot read becomes a ragged marker."""
    reader = csv.reader(_without_nul(stream), delimiter=delimiter)
    try:
        while True:
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                yield [f"{UNREADABLE}{exc}"]
                continue
            if record:
                yield record
    finally:
        stream.close()


def _without_nul(stream: TextIO) -> Iterator[str]:
    """NUL bytes break the csv module; they never carry meaning in an export, so drop them."""
    for line in stream:
        yield line.replace("\x00", "") if "\x00" in line else line


# --- XLSX ----------------------------------------------------------------------------------


def _open_xlsx(path: Path, sheet: str | None, chunk_rows: int) -> TableFile:
    import openpyxl

    name = str(path)
    _check_zip(path)
    # openpyxl goes by the name's suffix; a workbook saved as .csv (or without a suffix) is
    # still a workbook, read from its bytes
    # (its bytes in memory: the archive is compressed, and no handle is left open)
    source: Any = path if path.suffix.lower() in _EXCEL_SUFFIXES else io.BytesIO(path.read_bytes())
    try:
        book = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise InputFileError(
            [Problem(name, message=tr("not a readable XLSX workbook ({error})", error=exc))]
        ) from None
    if not book.sheetnames:
        raise InputFileError([Problem(name, message=tr("workbook has no sheets"))])
    if sheet is not None and sheet not in book.sheetnames:
        raise InputFileError(
            [
                Problem(
                    name,
                    message=tr(
                        'no sheet "{sheet}" (sheets: {sheets})',
                        sheet=sheet,
                        sheets=", ".join(book.sheetnames),
                    ),
                )
            ]
        )
    worksheet = book[sheet or book.sheetnames[0]]
    rows = (
        [_cell_text(cell.value, cell.number_format) for cell in row]
        for row in worksheet.iter_rows()  # cells, not values: a date cell's format counts
        if row is not None and any(c.value is not None and str(c.value).strip() for c in row)
    )
    header = next(rows, None)
    if header is None:
        raise InputFileError(
            [Problem(name, message=tr('sheet "{sheet}" is empty', sheet=worksheet.title))]
        )
    while header and not header[-1]:
        header.pop()
    table = TableFile(path, header, "xlsx", sheet=worksheet.title, chunk_rows=chunk_rows,
                      sheets=list(book.sheetnames))  # fmt: skip
    table._rows = lambda: rows  # one pass: openpyxl streams the sheet
    return table


_EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xltx", ".xltm")


def _check_zip(path: Path) -> None:
    name = str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except zipfile.BadZipFile:
        raise InputFileError(
            [Problem(name, message=tr("not a readable XLSX workbook (bad ZIP)"))]
        ) from None
    names = {entry.filename for entry in entries}
    if "[Content_Types].xml" not in names:
        raise InputFileError([Problem(name, message=tr("a ZIP archive, not an XLSX workbook"))])
    packed = sum(entry.compress_size for entry in entries) or 1
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > XLSX_MAX_UNCOMPRESSED or unpacked / packed > XLSX_MAX_RATIO:
        raise InputFileError(
            [
                Problem(
                    name,
                    message=tr(
                        "workbook expands to {size} bytes; refused as unsafe",
                        size=grouped(unpacked),
                    ),
                )
            ]
        )


def _cell_text(value: object, number_format: str | None = None) -> str:
    """An Excel cell as the text a person sees: whole numbers without `.0`, dates in ISO form;
    a date cell whose format shows no time of day, holding midnight, as the date alone (the
    export gave no time: read as "2024-01-10", it is refused as a date without a time)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))  # beyond 15 digits Excel has lost digits: keep the float form
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0) and not _shows_time(number_format or ""):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    return str(value)


#: what an Excel number format shows literally: quoted text, [colours and locales] (not [h],
#: elapsed hours), \x, _x, *x
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\[(?![hms]+\])[^\]]*\]|\\.|[_*].', re.IGNORECASE)


def _shows_time(number_format: str) -> bool:
    """Whether an Excel number format shows a time of day (hours, seconds or AM/PM; minutes
    are "m" like months and never come without one of those)."""
    shown = _FORMAT_LITERALS.sub("", number_format).lower()
    return "h" in shown or "s" in shown or "am/pm" in shown or "a/p" in shown
