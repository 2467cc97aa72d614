"""Offline review in Excel: the workbook's locks and dropdowns, and an import that is validated row
by row and applied all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from neutrality.review import ReviewError, load_run, open_store
from neutrality.review.queries import list_findings
from neutrality.review.workbook import COLUMNS, export_xlsx, import_xlsx

BUDI, SITI = "198609262015051001", "199001012019032002"
KEYS = [c.key for c in COLUMNS]


@pytest.fixture
def exported(case: str, tmp_path: Path, make_finding: Any, write_audit: Any) -> Any:
    findings = [make_finding("SKB-B6", row, BUDI if row % 2 else SITI) for row in range(2, 8)]
    with open_store(case) as store:
        load_run(store, write_audit(tmp_path / "run", findings))
        path = tmp_path / "review.xlsx"
        export_xlsx(store, path)
        yield store, path


def set_rows(path: Path, rows: dict[int, dict[str, Any]]) -> None:
    book = load_workbook(path)
    sheet = book.worksheets[0]
    for row_no, values in rows.items():
        for key, value in values.items():
            sheet.cell(row_no, KEYS.index(key) + 1, value)
    book.save(path)


def test_export_locks_ids_and_offers_dropdowns(exported: Any) -> None:
    _, path = exported
    sheet = load_workbook(path).worksheets[0]
    assert sheet.protection.sheet is True
    assert sheet.cell(2, KEYS.index("finding_id") + 1).protection.locked is True
    for key in ("disposition", "reason", "note", "reviewer"):
        assert sheet.cell(2, KEYS.index(key) + 1).protection.locked is False
    lists = sorted(v.formula1 for v in sheet.data_validations.dataValidation)
    assert lists == ['"confirm,dismiss,escalate,reopen"',
                     '"not_the_employee,not_a_participant,outside_period,neutral_content,duplicate,insufficient_evidence,other"']  # fmt: skip
    assert sheet.cell(1, 1).value == "ID temuan [finding_id]"


def test_import_reports_every_bad_row_and_applies_nothing(exported: Any) -> None:
    store, path = exported
    set_rows(path, {
        2: {"disposition": "confirm"},  # fine on its own
        3: {"finding_id": "F-unknown", "disposition": "confirm"},
        4: {"disposition": "approve"},
        5: {"disposition": "dismiss", "note": "tidak relevan"},
        6: {"disposition": "escalate"},
        7: {"note": "lupa memilih keputusan"},
    })  # fmt: skip
    with pytest.raises(ReviewError) as caught:
        import_xlsx(store, path, "Citra")
    lines = [f"{p.line}: {p.message}" for p in caught.value.problems]
    assert len(lines) == 5
    assert lines[0].startswith("3: unknown finding id F-unknown")
    assert lines[1].startswith("4: ") and 'disposition "approve"' in lines[1]
    assert lines[2].startswith("5: ") and "dismiss needs a reason code" in lines[2]
    assert lines[3].startswith("6: ") and "escalate needs a note" in lines[3]
    assert lines[4] == "7: reason or note without a disposition"
    with store.begin() as conn:
        assert {r["status"] for r in list_findings(conn)} == {"new"}  # row 2 was not applied


def test_import_refuses_rows_decided_meanwhile(exported: Any) -> None:
    from neutrality.review import Decision, decide

    store, path = exported
    sheet = load_workbook(path).worksheets[0]
    first = sheet.cell(2, 1).value
    decide(store, Decision(first, "confirm", "Alice"))
    set_rows(path, {2: {"disposition": "dismiss", "reason": "duplicate", "note": "dobel"},
                    3: {"disposition": "confirm"}, 4: {"disposition": "confirm", "finding_id": first}})  # fmt: skip
    with pytest.raises(ReviewError) as caught:
        import_xlsx(store, path, "Citra")
    messages = {p.line: p.message for p in caught.value.problems}
    assert "changed by Alice" in messages[2]
    assert messages[4] == f"finding {first} is also decided in row 2"


def test_import_applies_good_rows_with_row_reviewer(exported: Any) -> None:
    store, path = exported
    set_rows(path, {2: {"disposition": "confirm", "reviewer": "Dewi"},
                    3: {"disposition": "dismiss", "reason": "not_the_employee", "note": "akun lain"}})  # fmt: skip
    assert import_xlsx(store, path, "Citra") == {"applied": 2}
    with store.begin() as conn:
        decided = {r["decided_by"] for r in list_findings(conn) if r["decided_by"]}
    assert decided == {"Dewi", "Citra"}


def test_text_that_looks_like_a_formula_stays_text(
    case: str, tmp_path: Path, make_finding: Any, write_audit: Any
) -> None:
    import dataclasses

    finding = dataclasses.replace(make_finding("SKB-B6", 2, BUDI), employee_name="=HYPERLINK(1)")
    with open_store(case) as store:
        load_run(store, write_audit(tmp_path / "run", [finding]))
        export_xlsx(store, tmp_path / "x.xlsx")
    cell = load_workbook(tmp_path / "x.xlsx").worksheets[0].cell(2, KEYS.index("employee_name") + 1)
    assert cell.data_type == "s" and cell.value == "=HYPERLINK(1)"


def test_not_a_workbook(exported: Any, tmp_path: Path) -> None:
    store, _ = exported
    bogus = tmp_path / "bogus.xlsx"
    bogus.write_text("not excel")
    with pytest.raises(ReviewError, match=r"not a readable \.xlsx"):
        import_xlsx(store, bogus, "Citra")
