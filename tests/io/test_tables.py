"""Reading exports: separators, encodings, XLSX, and records that are not well formed."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest

from neutrality.errors import InputFileError
from neutrality.io.tables import RAGGED_COLUMN, ROW_COLUMN, bytes_hold, open_table

HEADER = ["nip", "platform", "action", "occurred_at", "content_text"]
ROW = ["198609262015051001", "x", "suka", "27/11/2024 14:05 WITA", "Selamat pagi, café"]


def write_csv(path: Path, sep: str, encoding: str, rows: list[list[str]]) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=sep).writerows([HEADER, *rows])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def all_rows(path: Path) -> list[dict[str, object]]:
    table = open_table(path)
    out = []
    for chunk in table.chunks():
        out.extend(chunk.frame.to_dict("records"))
    return out


@pytest.mark.parametrize(
    ("sep", "encoding", "expected_encoding"),
    [(",", "utf-8", "utf-8"), (";", "cp1252", "cp1252"), ("\t", "utf-8-sig", "utf-8-sig"),
     ("|", "utf-8", "utf-8"), (";", "utf-16", "utf-16")],
)  # fmt: skip
def test_dialects(tmp_path: Path, sep: str, encoding: str, expected_encoding: str) -> None:
    path = write_csv(tmp_path / "a.csv", sep, encoding, [ROW, ROW])
    table = open_table(path)
    assert table.delimiter == sep
    assert table.encoding == expected_encoding
    assert table.header == HEADER
    rows = [r for c in table.chunks() for r in c.frame.to_dict("records")]
    assert [r["__col4"] for r in rows] == ["Selamat pagi, café"] * 2
    assert [r[ROW_COLUMN] for r in rows] == [1, 2]


def test_cp1252_is_a_recorded_warning(tmp_path: Path) -> None:
    table = open_table(write_csv(tmp_path / "excel.csv", ";", "cp1252", [ROW]))
    assert any("cp1252" in w for w in table.warnings)


def test_ragged_and_multiline_records_keep_their_numbers(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text('a,b,c\n1,2,3\n4,5\n\n6,7,8,9\n"x\ny",,\n10,11,12,\n', encoding="utf-8")
    rows = all_rows(path)
    assert [r[ROW_COLUMN] for r in rows] == [1, 2, 3, 4, 5]
    assert [bool(r[RAGGED_COLUMN]) for r in rows] == [False, True, True, False, False]
    assert rows[1][RAGGED_COLUMN] == "2/3"
    assert rows[2]["__surplus"] == '["9"]'
    assert rows[3]["__col0"] == "x\ny"


def test_nul_bytes_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "nul.csv"
    path.write_bytes(b"a,b\n1,x\x00y\n")
    assert all_rows(path)[0]["__col1"] == "xy"


def test_invalid_utf8_in_the_middle_is_replaced_and_reported(tmp_path: Path) -> None:
    path = tmp_path / "mixed.csv"
    path.write_bytes(b"a,b\n" + b"1,ok\n" * 300_000 + b"2,caf\xe9\n")
    table = open_table(path)
    rows = [r for c in table.chunks() for r in c.frame.to_dict("records")]
    assert rows[-1]["__col1"] == "caf\ufffd"
    assert any("replaced" in w for w in table.warnings)


def test_chunks_are_bounded(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", ",", "utf-8", [ROW] * 25)
    table = open_table(path, chunk_rows=10)
    sizes = [(len(c.frame), c.first_row) for c in table.chunks()]
    assert sizes == [(10, 1), (10, 11), (5, 21)]


def test_xlsx(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Aktivitas"
    sheet.append(HEADER)
    sheet.append(["198609262015051001", "x", "suka", "27/11/2024 14:05 WITA", "=1+1"])
    sheet.append([198609262015051001, "x", "suka", "27/11/2024 14:05 WITA", ""])
    book.create_sheet("Lain").append(["x"])
    path = tmp_path / "a.xlsx"
    book.save(path)
    table = open_table(path)
    assert (table.kind, table.sheet, table.header) == ("xlsx", "Aktivitas", HEADER)
    frame = next(table.chunks()).frame
    assert frame.iloc[0]["__col0"] == "198609262015051001"
    assert frame.iloc[0]["__col4"] == ""  # a formula is read as its cached value, never run
    # Excel keeps 15 significant digits: a numeric NIP has lost digits and must not pass as one
    assert frame.iloc[1]["__col0"] == "1.98609262015051e+17"
    with pytest.raises(InputFileError, match='no sheet "Nope"'):
        open_table(path, sheet="Nope")


def test_a_workbook_is_read_as_one_whatever_its_name(tmp_path: Path) -> None:
    """Saved as .csv or with no suffix, a workbook is still read from its bytes (openpyxl goes
    by the suffix and refused it with an English message)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.append(["198609262015051001", "x", "suka", "27/11/2024 14:05 WITA", "halo"])
    for name in ("ekspor.csv", "ekspor"):
        book.save(tmp_path / name)
        table = open_table(tmp_path / name)
        assert (table.kind, table.header) == ("xlsx", HEADER)
        assert next(table.chunks()).frame.iloc[0]["__col4"] == "halo"


def test_a_workbook_read_on_the_wrong_sheet_says_to_choose_one(tmp_path: Path) -> None:
    from neutrality.i18n import language
    from neutrality.pipeline import AuditOptions, run_audit

    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "Petunjuk"
    first.append(["Isi data di lembar Data"])
    book.create_sheet("Data").append(HEADER)
    book.save(tmp_path / "ekspor.xlsx")
    options = AuditOptions(activity=[tmp_path / "ekspor.xlsx"], out=tmp_path / "out")
    with language("id"), pytest.raises(InputFileError) as caught:
        run_audit(options)
    assert (
        'lembar yang dibaca "Petunjuk" (lembar: Petunjuk, Data): pilih lembar data dengan --sheet'
        in str(caught.value)
    )


def test_xlsx_date_cells_keep_what_their_format_shows(tmp_path: Path) -> None:
    """A date cell formatted without a time of day and holding midnight gave no time: it is
    read as the date alone (and then refused as a date without a time); midnight in a format
    with hours, and a time the value holds, are kept."""
    import datetime as dt

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["occurred_at"])
    cells = [
        (dt.datetime(2024, 1, 10), "yyyy-mm-dd"),
        (dt.datetime(2024, 1, 10), "[$-421]dd mmmm yyyy"),
        (dt.datetime(2024, 1, 10), "dd/mm/yyyy hh:mm"),
        (dt.datetime(2024, 1, 10), "d/m/yyyy h:mm AM/PM"),
        (dt.datetime(2024, 1, 10, 10, 30), "yyyy-mm-dd"),
    ]
    for value, number_format in cells:
        sheet.append([value])
        sheet.cell(sheet.max_row, 1).number_format = number_format
    path = tmp_path / "dates.xlsx"
    book.save(path)
    frame = next(open_table(path).chunks()).frame
    assert frame["__col0"].tolist() == [
        "2024-01-10", "2024-01-10", "2024-01-10 00:00:00", "2024-01-10 00:00:00",
        "2024-01-10 10:30:00",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "file is empty"), (b"\n\n\n", "file is empty"), (b"\x00\x01\x02\x03" * 100, "binary"),
     (b"PK\x03\x04garbage", "bad ZIP")],
)  # fmt: skip
def test_file_level_problems(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(InputFileError, match=message) as caught:
        open_table(path)
    assert str(path) in str(caught.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="file not found"):
        open_table(tmp_path / "none.csv")


@pytest.mark.parametrize("bad_at", [None, 3, 15, 25])
def test_arrow_and_python_readers_agree(tmp_path: Path, bad_at: int | None) -> None:
    """The fast reader hands over to the csv module at the first record it cannot take."""
    rows = [
        [f"r{i}", "x", "like", "2024-11-27 14:05", f'teks "{i}", baris\nkedua'] for i in range(30)
    ]
    if bad_at is not None:
        rows[bad_at - 1] = rows[bad_at - 1][:3]
    path = write_csv(tmp_path / "a.csv", ",", "utf-8", rows)
    fast = open_table(path, chunk_rows=10)
    slow = open_table(path, chunk_rows=10)
    slow._fast = False
    assert fast._fast
    got = [(c.first_row, c.frame.astype(str).values.tolist()) for c in fast.chunks()]
    expected = [(c.first_row, c.frame.astype(str).values.tolist()) for c in slow.chunks()]
    assert got == expected
    assert sum(len(values) for _, values in got) == 30


def test_estimated_rows(tmp_path: Path) -> None:
    """Counted when the file fits the first MiB; judged from its line length otherwise (used to
    decide whether worker processes can share an input, so a few % off is fine)."""
    small = tmp_path / "small.csv"
    small.write_text("a,b\n1,2\n3,4", encoding="utf-8")  # no line end after the last record
    assert open_table(small).estimated_rows == 2
    big = tmp_path / "big.csv"
    rows = [f"{n},{'x' * (n % 50)}" for n in range(60_000)]  # lines of 7 to 56 bytes
    big.write_text("id,text\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert big.stat().st_size > 1 << 20
    estimated = open_table(big).estimated_rows
    assert estimated is not None and abs(estimated - 60_000) < 0.05 * 60_000
    mac = tmp_path / "mac.csv"  # "CSV (Macintosh)": carriage returns alone end the lines
    mac.write_bytes(big.read_bytes().replace(b"\n", b"\r"))
    estimated = open_table(mac).estimated_rows
    assert estimated is not None and abs(estimated - 60_000) < 0.05 * 60_000
    long_first = tmp_path / "long.csv"  # too few lines in the first MiB to judge by
    long_first.write_text("id,text\n1," + "x" * (2 << 20) + "\n2,y\n", encoding="utf-8")
    assert open_table(long_first).estimated_rows is None


def test_line_breaks_are_searched_in_each_piece_own_bytes() -> None:
    """The open-quote check skips columns without a line break by searching the bytes of each
    Arrow piece: only the piece's own cells count, not the rest of a buffer it shares."""
    import pandas as pd
    import pyarrow as pa

    from neutrality.io.tables import TEXT_DTYPE, _may_hold_line_breaks

    whole = pa.array(["a\nb", "plain", "also plain", "c\nd"], type=pa.large_string())
    inner = pd.Series(pa.chunked_array([whole.slice(1, 2)]), dtype=TEXT_DTYPE)
    assert pa.array(inner).offset == 1  # the slice itself, not a copy
    assert not _may_hold_line_breaks(inner)
    outer = pd.Series(pa.chunked_array([whole.slice(1, 3)]), dtype=TEXT_DTYPE)
    assert _may_hold_line_breaks(outer)
    assert _may_hold_line_breaks(pd.Series(["x\ny"], dtype=object))  # not Arrow: searched per cell


def test_the_first_chunk_is_smaller_and_rows_run_on(tmp_path: Path) -> None:
    """A CSV's first chunk has at most FIRST_CHUNK_ROWS rows (the run starts sooner); the
    others have chunk_rows; record numbers run on across them, every record given once."""
    from neutrality.io.tables import FIRST_CHUNK_ROWS

    path = tmp_path / "many.csv"
    rows = FIRST_CHUNK_ROWS + 2 * 30_000 + 7
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("record_id,nip\n")
        handle.writelines(f"r{n},{n}\n" for n in range(1, rows + 1))
    sizes, numbers = [], []
    for chunk in open_table(path, chunk_rows=30_000).chunks():
        sizes.append(len(chunk.frame))
        numbers += chunk.frame[ROW_COLUMN].tolist()
    assert sizes == [FIRST_CHUNK_ROWS, 30_000, 30_000, 7]
    assert numbers == list(range(1, rows + 1))
    small = [len(c.frame) for c in open_table(path, chunk_rows=1_000).chunks()][:2]
    assert small == [1_000, 1_000]  # chunks smaller than that bound are cut as asked


def test_bytes_hold_searches_only_the_cells_of_each_piece() -> None:
    """A byte is found in any piece of a chunked column, for any of the needles; bytes of the
    buffer outside a sliced piece's own cells do not count."""
    import pyarrow as pa

    text = pa.array(["ab", "c\nd", "e\x00f"], pa.large_string())
    assert bytes_hold(text, b"\n") and bytes_hold(text, b"\x00")
    assert not bytes_hold(text, b"\t")
    assert bytes_hold(text, b"\t", b"\x00")  # one of several needles
    assert not bytes_hold(text.slice(0, 1), b"\n", b"\x00")  # the buffer holds both, later
    assert not bytes_hold(text.slice(2, 1), b"\n") and bytes_hold(text.slice(2, 1), b"\x00")
    chunked = pa.chunked_array([pa.array(["x"]), pa.array(["", "y\nz"]), pa.array([], pa.string())])
    assert bytes_hold(chunked, b"\n") and not bytes_hold(chunked, b"\x00")
    assert not bytes_hold(pa.array([None, ""], pa.string()), b"\n")
