"""findings.xlsx read back with openpyxl: sheets in both languages, real datetimes, no formula
from input text, row accounting, and the Excel row cap with its note."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from report_fixtures import INJECTIONS, NIPS, SCRIPT, hostile_findings, rejected_rows, write_run

from neutrality.report import workbook
from neutrality.report.workbook import write_workbook

SHEETS = {
    "id": ["Ringkasan", "Temuan", "Per Pegawai", "Per Instansi", "Ditolak"],
    "en": ["Summary", "Findings", "Per Employee", "Per Agency", "Rejected"],
}


@pytest.mark.parametrize("lang", ["id", "en"])
def test_sheet_names_in_each_language(run_out: tuple[Path, Any], lang: str) -> None:
    out, summary = run_out
    book = load_workbook(write_workbook(out, summary, lang))
    assert book.sheetnames == SHEETS[lang]


def test_no_cell_holds_a_formula_and_payloads_stay_text(run_out: tuple[Path, Any]) -> None:
    out, summary = run_out
    book = load_workbook(write_workbook(out, summary, "id"))
    texts = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):  # OOXML writes a CR as _x000D_, Excel shows CR
                    texts.add(cell.value.replace("_x000D_", "\r"))
    for payload in (*INJECTIONS, SCRIPT):
        assert payload in texts, f"{payload!r} written as the text it was"


def test_findings_sheet_types_zone_and_frozen_filtered_header(run_out: tuple[Path, Any]) -> None:
    out, summary = run_out
    sheet = load_workbook(write_workbook(out, summary, "id"))["Temuan"]
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["ID temuan", "Aturan", "Kategori"]
    time_col, zone_col = header.index("Waktu") + 1, header.index("Zona") + 1
    score_col = header.index("Skor") + 1
    first = sheet.cell(2, time_col).value
    assert isinstance(first, dt.datetime) and first.tzinfo is None
    assert first == dt.datetime(2023, 11, 21, 9, 1)  # local WIB wall time, not UTC
    assert sheet.cell(2, zone_col).value == "WIB"
    assert sheet.cell(2, score_col).value == 100  # a number, not the text "100.0"
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref is not None and sheet.auto_filter.ref.startswith("A1:")
    assert sheet.max_row == 1 + len(hostile_findings())
    assert "Penjelasan" in header and "Entri registri" in header
    # codes in the reader's words (findings.csv keeps the codes)
    column = {name: [sheet.cell(r, header.index(name) + 1).value for r in range(2, sheet.max_row + 1)]
              for name in ("Kategori", "Keyakinan", "Metode", "Kolom cocok")}  # fmt: skip
    assert set(column["Kategori"]) <= {"Disiplin", "Etik"} and "Disiplin" in column["Kategori"]
    assert set(column["Keyakinan"]) <= {"tinggi", "sedang", "rendah"}
    assert set(column["Metode"]) == {"akun sama persis"}
    assert set(column["Kolom cocok"]) == {"akun sasaran (target_account)"}
    rejected = load_workbook(out / "findings.xlsx")["Ditolak"]
    assert "Keterangan" in [cell.value for cell in rejected[1]]


def test_per_employee_and_per_agency_counts(run_out: tuple[Path, Any]) -> None:
    out, summary = run_out
    book = load_workbook(write_workbook(out, summary, "en"))
    employees = list(book["Per Employee"].values)
    header = list(employees[0])
    rows = {row[0]: dict(zip(header, row, strict=True)) for row in employees[1:]}
    budi = rows[NIPS[0]]
    assert budi["Findings"] == 7 and budi["Discipline"] == 7 and budi["Ethics"] == 0
    assert budi["SKB-B6"] == 7 and budi["Heaviest sanction"].startswith(
        "SKB-B6: Hukuman disiplin berat"
    )
    assert rows[NIPS[1]]["Ethics"] == 1
    agencies = list(book["Per Agency"].values)
    assert agencies[0][:3] == ("Agency", "Employees involved", "Findings")
    assert agencies[1][:3] == ("Dinas Pendidikan", 1, 7)


def test_summary_sheet_has_counts_inputs_and_hashes(run_out: tuple[Path, Any]) -> None:
    out, summary = run_out
    sheet = load_workbook(write_workbook(out, summary, "id"))["Ringkasan"]
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row if cell is not None]
    assert "Baris dibaca" in values and summary["rows_read"] in values
    assert "ab" * 32 in values  # the input's sha256
    assert "SKB-B6" in values and "tinggi" in values
    assert any("dugaan pelanggaran" in str(v) for v in values)
    assert sheet["A1"].value == "Laporan dugaan pelanggaran netralitas ASN"  # said once


def test_rejected_sheet_stops_at_the_row_limit_with_a_note(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    summary = write_run(out, hostile_findings(), rejected_rows())
    monkeypatch.setattr(workbook, "EXCEL_MAX_ROWS", 5)  # room for 3 rows and the note
    sheet = load_workbook(write_workbook(out, summary, "en"))["Rejected"]
    rows = list(sheet.values)
    assert rows[0][:4] == ("Source file", "Source row", "Record id", "Reason")
    assert len(rows) == 5
    assert "3 of 7 rows" in rows[4][0] and "rejected.csv" in rows[4][0]
    assert rows[1][1] == 100 and rows[1][11] == INJECTIONS[0]


def _sheet_xml(path: Path) -> dict[str, bytes]:
    import zipfile

    with zipfile.ZipFile(path) as book:  # docProps/core.xml carries the time it was written
        return {name: book.read(name) for name in book.namelist() if name.startswith("xl/")}


@pytest.fixture
def second_process(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Two usable CPUs whatever the runner has, and a record of tasks sent to a process."""
    import concurrent.futures

    from neutrality import report

    monkeypatch.setattr(report, "_usable_cpus", lambda: 2)
    sent: list[str] = []
    submit = concurrent.futures.ProcessPoolExecutor.submit

    def recording(self: Any, fn: Any, *args: Any, **kwargs: Any) -> Any:
        sent.append(fn.__name__)
        return submit(self, fn, *args, **kwargs)

    monkeypatch.setattr(concurrent.futures.ProcessPoolExecutor, "submit", recording)
    return sent


def test_the_workbook_written_by_a_second_process_is_the_same(
    run_out: tuple[Path, Any], second_process: list[str]
) -> None:
    from neutrality.report import write_reports

    out, summary = run_out
    alone = write_reports(out, summary, ["xlsx", "html"], "id")
    assert second_process == []  # not asked: all in this process
    here = _sheet_xml(alone[0])
    alone[0].unlink()
    both = write_reports(out, summary, ["xlsx", "html"], "id", parallel=True, parallel_findings=1)
    assert second_process == ["write_workbook"]
    assert [p.name for p in both] == [p.name for p in alone]
    assert _sheet_xml(both[0]) == here


def test_an_error_in_the_workbook_process_reaches_the_caller(
    run_out: tuple[Path, Any], second_process: list[str]
) -> None:
    from xlsxwriter.exceptions import FileCreateError

    from neutrality.report import write_reports

    out, summary = run_out
    (out / "findings.xlsx").mkdir()  # only the workbook's process meets this
    with pytest.raises(FileCreateError):
        write_reports(out, summary, ["xlsx", "html"], "id", parallel=True, parallel_findings=1)
    assert second_process == ["write_workbook"]
    assert (out / "report.html").exists()  # this process wrote its part before the error came
