"""The streamed files are written from columns (FindingTable, encode_columns, encode_table):
byte for byte what the per-finding reference (tests/findings_reference.py: astimezone, a csv row and an orjson call
each) make of the same findings, whatever the cells hold."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
import random
from pathlib import Path
from zoneinfo import ZoneInfo

import numpy as np
import pytest
from findings_reference import csv_text, json_lines, record_of
from report_fixtures import INJECTIONS, SCRIPT, hostile_findings, make_finding, rejected_rows

from neutrality.findings import CSV_COLUMNS, Finding, FindingTable, time_texts
from neutrality.report.jsonl import JsonLinesWriter, _lines, encode_table, encode_table_utf8
from neutrality.report.pseudonym import Pseudonymizer
from neutrality.report.safe_csv import (
    SafeCsvWriter,
    encode_columns,
    encode_columns_utf8,
    encode_rows,
    written,
)

#: cells a person could type, and what a rejected row may carry besides text
ALPHABET = [*"ab ,;\"\r\n=+-@\t'", "é", "😀", "\u2028", "\x00", "\\", "},{"]


def _cell(rng: random.Random, mixed: bool) -> object:
    draw = rng.random()
    if mixed and draw < 0.05:
        return None
    if mixed and draw < 0.08:
        return math.nan
    if mixed and draw < 0.12:
        return rng.randint(-5, 1000)
    if mixed and draw < 0.15:
        return rng.choice([100.0, 87.5, -1.5])
    return "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 8)))


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_columns_are_encoded_as_the_csv_module_writes_rows(
    delimiter: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Arrow makes the text (the csv module's path is not taken) and it is the csv module's."""
    from neutrality.report import safe_csv

    rng = random.Random(7)
    cases = []
    for _ in range(300):
        mixed = rng.random() < 0.5
        width, height = rng.randint(2, 6), rng.randint(1, 30)
        columns = [[_cell(rng, mixed) for _ in range(height)] for _ in range(width)]
        cases.append((columns, written(zip(*columns, strict=True), delimiter)))

    def refused(*_: object) -> str:
        raise AssertionError("the csv module's path was taken")

    monkeypatch.setattr(safe_csv, "written", refused)
    for columns, expected in cases:
        assert encode_columns(columns, delimiter) == expected, columns
        # the bytes the pipeline writes, taken from Arrow's buffer: the same text's UTF-8
        assert encode_columns_utf8(columns, delimiter) == expected.encode("utf-8"), columns
    assert encode_columns([[], []], delimiter) == ""
    assert encode_columns_utf8([[], []], delimiter) == b""


def test_integer_arrays_are_written_as_str_writes_them() -> None:
    """Whole numbers in a numpy or pandas integer column or a list of ints (a finding table's
    source_row) are made by Arrow's cast: the digits str() writes, None empty, a minus sign not
    taken for a formula; floats, mixed cells and nullable integers a cell at a time."""
    import numpy as np
    import pandas as pd

    columns: list[object] = [
        np.array([-5, 0, 2**40, 7], dtype=np.int64),
        pd.Series([1, 2, 3, 4], dtype=np.int32),
        np.array([0, 1, 255, 9], dtype=np.uint8),
        [1.0, 0.5, math.nan, -2.5],
        pd.Series([1, 2, 3, -4], dtype="Int64"),
        [10, None, -3, 2**62],  # a list of ints (a finding table's source_row) and None
        [1, 2.5, True, "x"],  # a list of mixed cells
        [1, np.bool_(False), 3, None],  # a numpy bool among ints: a cell at a time
        ["=a", "b", "", "c,d"],
    ]
    expected = written(zip(*columns, strict=True), ",")
    assert encode_columns(columns, ",") == expected  # type: ignore[arg-type]
    assert expected.startswith("-5,1,0,1.0,1,10,1,1,'=a\r\n0,2,1,0.5,2,,2.5,False,b\r\n")


def test_text_arrow_cannot_hold_is_written_by_the_csv_module() -> None:
    """A lone surrogate (undecodable bytes kept by surrogateescape) takes the row-by-row path."""
    columns = [["=\udcff", "b"], ["c", 'd"']]
    assert encode_columns(columns, ",") == written(zip(*columns, strict=True), ",")
    assert encode_columns(columns, ",") == '\'=\udcff,c\r\nb,"d"""\r\n'


def _findings() -> list[Finding]:
    found = hostile_findings()
    moment = dt.datetime(2024, 2, 10, 23, 59, 59, 123456, tzinfo=dt.UTC)
    for n, zone in enumerate(["Asia/Makassar", "Asia/Jayapura", "Asia/Jakarta"]):
        found.append(dataclasses.replace(make_finding(40 + n, timezone=zone), occurred_at=moment))
    found.append(make_finding(50, name='},{"action":"x"} \\" \n', matched_text="\u2029\x85"))
    return sorted(found)


@pytest.mark.parametrize("delimiter", [",", ";"])
def test_a_table_is_written_as_its_findings_one_by_one(delimiter: str) -> None:
    findings = _findings()
    table = FindingTable.from_findings(findings)
    flat = table.flat()
    records = [record_of(f) for f in findings]
    assert flat == {name: [r[name] for r in records] for name in CSV_COLUMNS}
    assert [f.to_record() for f in findings] == records
    assert encode_columns(list(flat.values()), delimiter) == csv_text(findings, delimiter)
    assert encode_table(table) == json_lines(findings)
    assert encode_table(FindingTable.from_findings([])) == ""
    assert encode_columns_utf8(list(flat.values()), delimiter) == csv_text(
        findings, delimiter
    ).encode("utf-8")
    jsonl = encode_table_utf8(table, flat)
    assert jsonl == json_lines(findings).encode("utf-8")
    assert b"\\u2029\\u0085" in jsonl and "\u2029".encode() not in jsonl  # escaped as bytes
    assert encode_table_utf8(FindingTable.from_findings([])) == b""


def test_bytes_and_text_written_in_turn_keep_their_order(tmp_path: Path) -> None:
    """The writers take a chunk's text or its UTF-8 bytes; the bytes go past the text layer,
    after what it holds: one file, the BOM and header first."""
    findings = _findings()
    table = FindingTable.from_findings(findings)
    rows = [f.to_record() for f in findings]
    with SafeCsvWriter(tmp_path / "a.csv", CSV_COLUMNS) as one:
        one.write(rows[:2])
        one.write_encoded(
            encode_columns_utf8(
                list(FindingTable.from_findings(findings[2:4]).flat().values()), ","
            ),
            2,
        )
        one.write(rows[4:])
    with SafeCsvWriter(tmp_path / "b.csv", CSV_COLUMNS) as other:
        other.write(rows)
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    assert (
        (tmp_path / "a.csv")
        .read_bytes()
        .startswith(b"\xef\xbb\xbf" + b",".join(c.encode() for c in CSV_COLUMNS))
    )
    with JsonLinesWriter(tmp_path / "a.jsonl") as lines:
        lines.write(findings[:1])
        lines.write_encoded(
            encode_table_utf8(FindingTable.from_findings(findings[1:])), len(findings) - 1
        )
    assert (tmp_path / "a.jsonl").read_text(encoding="utf-8") == encode_table(table)


def test_a_table_gives_back_its_findings() -> None:
    findings = _findings()
    back = FindingTable.from_findings(findings).findings()
    assert [dataclasses.astuple(f) for f in back] == [dataclasses.astuple(f) for f in findings]
    assert [f.evidence for f in back] == [f.evidence for f in findings]  # not compared above


def test_pseudonyms_of_a_table_are_those_of_each_finding() -> None:
    findings = _findings()
    key = Pseudonymizer(b"k" * 32)
    table = key.finding_table(FindingTable.from_findings(findings))
    assert table.texts["nip"] == [key.pseudonym("nip", f.nip) for f in findings]
    assert table.texts["employee_name"] == [
        key.pseudonym("name", f.employee_name) for f in findings
    ]
    assert set(table.texts["employee_name"]).isdisjoint({SCRIPT, *INJECTIONS})
    assert table.texts["agency"] == [f.agency for f in findings]


def test_times_are_written_as_datetime_writes_them() -> None:
    """ISO text with the zone's offset (historic offsets too) and the local text with its
    abbreviation, microseconds only when there are some, before and after 1970."""
    rng = random.Random(3)
    moments = [dt.datetime(1970, 1, 1, tzinfo=dt.UTC)]
    for _ in range(3000):
        year = rng.choice([rng.randint(1850, 2150), rng.randint(1985, 2030)])
        moments.append(
            dt.datetime(year, 1, 1, tzinfo=dt.UTC)
            + dt.timedelta(seconds=rng.randint(0, 365 * 86400), microseconds=rng.choice(
                [0, rng.randint(1, 999_999)]))
        )  # fmt: skip
    micros = np.array(
        [(m - dt.datetime(1970, 1, 1, tzinfo=dt.UTC)) // dt.timedelta(microseconds=1)
         for m in moments], dtype=np.int64,
    )  # fmt: skip
    zones = ["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura", "UTC"]
    chosen = [rng.choice(zones) for _ in moments]
    iso, local = time_texts(micros, chosen)
    for moment, zone, text, shown in zip(moments, chosen, iso, local, strict=True):
        expected = moment.astimezone(ZoneInfo(zone)).isoformat()
        assert text == expected
        assert shown.startswith(f"{expected[:10]} {expected[11:19]} ")
    assert {s.rsplit(" ", 1)[1] for s, z in zip(local, chosen, strict=True) if z != "UTC"} == {
        "WIB", "WITA", "WIT"}  # fmt: skip


def test_lines_are_cut_between_objects_whatever_the_values_hold() -> None:
    objects = [{"a": [{"a": 1}, {"a": 2}], "b": '},{"a":'}, {"a": 3, "b": ""}]
    assert _lines(objects) == b'{"a":[{"a":1},{"a":2}],"b":"},{\\"a\\":"}\n{"a":3,"b":""}\n'
    plain = [{"b": n, "a": 'x"},{"a":' + str(n)} for n in range(3)]
    assert _lines(plain).decode().splitlines() == [
        '{"a":"x\\"},{\\"a\\":' + str(n) + '","b":' + str(n) + "}" for n in range(3)
    ]


def test_rejected_rows_are_written_as_the_csv_module_writes_them() -> None:
    rows = rejected_rows()
    names = list(rows[0])
    expected = written(([row.get(name, "") for name in names] for row in rows), ",")
    assert encode_rows(rows, names, ",") == expected


def test_json_lines_are_those_of_orjson_whatever_the_fields_hold() -> None:
    """Every text field, cue, span and score with random hostile content: the column-made
    lines equal one orjson call per finding (escapes, control characters, line breaks)."""
    rng = random.Random(11)
    alphabet = [*ALPHABET, "\x1f", "\x7f", "\u2029", "\x85", "/", "<", "ü"]

    def text() -> str:
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))

    findings = []
    for row in range(200):
        base = make_finding(row, name=text(), agency=text(), matched_text=text(),
                            explanation=text(), span=rng.choice([None, (0, 3), (2, 9)]))  # fmt: skip
        evidence = dataclasses.replace(
            base.evidence,
            cues=tuple(text() for _ in range(rng.randint(0, 3))),
            score=rng.choice([100.0, 99.95, 87.5, 1e-7, 0.0, 66.66666666666667]),
            registry_entry=text(),
        )
        findings.append(dataclasses.replace(base, url=text(), target_account=text(),
                                            record_id=f"r{row}{text()}", evidence=evidence))  # fmt: skip
    findings.sort()
    assert encode_table(FindingTable.from_findings(findings)) == json_lines(findings)


def test_a_chunk_may_make_more_than_2_gib_of_csv() -> None:
    """Arrow's 32-bit text offsets end at 2 GiB; one chunk of long cells may pass that."""
    big, rows = "x" * (1 << 20), 2049  # 2 GiB and 1 MiB of text in the first column
    text = encode_columns([[big] * rows, ["=y"] * rows], ",")
    assert len(text) == rows * ((1 << 20) + len(",'=y\r\n")) and text.endswith(",'=y\r\n")
    del text
    assert encode_columns([[""], [""]], ",") == ",\r\n" and encode_columns([[""]], ",") == '""\r\n'
