"""Offline review in Excel: export the queue, let officers fill in decisions, import them back.

Finding ids and every evidence column are locked by sheet protection; only the decision columns
(disposition and reason as dropdowns, note, reviewer) are editable. The import is validated row by
row and applied all or nothing, in one transaction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from neutrality.errors import Problem
from neutrality.i18n import tr
from neutrality.review.decisions import DISPOSITIONS, REASONS, Decision, apply_decision
from neutrality.review.errors import ReviewError
from neutrality.review.queries import evidence_of, list_findings
from neutrality.review.store import Store, sheet_text


@dataclass(frozen=True)
class Column:
    key: str
    label_id: str
    label_en: str
    width: int = 14
    editable: bool = False


COLUMNS = (
    Column("finding_id", "ID temuan", "Finding id", 21),
    Column("status", "Status", "Status", 11),
    Column("version", "Versi", "Version", 7),
    Column("rule_id", "Aturan", "Rule", 9),
    Column("nip", "NIP", "NIP", 20),
    Column("employee_name", "Nama", "Name", 22),
    Column("agency", "Instansi", "Agency", 22),
    Column("platform", "Platform", "Platform", 10),
    Column("action", "Tindakan", "Action", 10),
    Column("occurred_at_local", "Waktu", "Time", 25),
    Column("participant_name", "Peserta", "Participant", 20),
    Column("confidence", "Keyakinan", "Confidence", 10),
    Column("target_account", "Akun sasaran", "Target account", 18),
    Column("matched_text", "Teks cocok", "Matched text", 24),
    Column("explanation", "Penjelasan", "Explanation", 50),
    Column("context", "Kutipan teks", "Text excerpt", 50),
    Column("legal_basis", "Dasar hukum", "Legal basis", 30),
    Column("sanction", "Sanksi", "Sanction", 22),
    Column("url", "Tautan bukti", "Evidence link", 30),
    Column("marker", "Run terakhir", "Latest run", 16),
    Column("disposition", "Keputusan", "Disposition", 13, editable=True),
    Column("reason", "Alasan (dismiss)", "Reason (dismiss)", 20, editable=True),
    Column("note", "Catatan", "Note", 40, editable=True),
    Column("reviewer", "Peninjau", "Reviewer", 18, editable=True),
)
_KEY_IN_HEADER = re.compile(r"\[([a-z_]+)\]\s*$")
REQUIRED_KEYS = ("finding_id", "version", "disposition", "reason", "note", "reviewer")


def export_xlsx(store: Store, out: Path, status: str | None = None, lang: str = "id") -> int:
    with store.begin() as conn:
        rows = list_findings(conn, status)
        evidence = evidence_of(conn, [row["finding_id"] for row in rows])
    rows = [{**row, **evidence.get(row["finding_id"], {})} for row in rows]
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new Workbook always has one sheet
    sheet.title = "Temuan" if lang == "id" else "Findings"
    _write_findings(sheet, rows, lang)
    _write_instructions(book.create_sheet("Petunjuk" if lang == "id" else "Instructions"), lang)
    try:
        book.save(out)
    except OSError as exc:
        raise ReviewError(
            tr("cannot write {path}: {reason}", path=out, reason=exc.strerror)
        ) from None
    return len(rows)


def _write_findings(sheet: Worksheet, rows: list[dict[str, Any]], lang: str) -> None:
    for index, column in enumerate(COLUMNS, start=1):
        label = column.label_id if lang == "id" else column.label_en
        cell = sheet.cell(1, index, f"{label} [{column.key}]")
        cell.font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    unlocked = Protection(locked=False)
    for row_no, row in enumerate(rows, start=2):
        for index, column in enumerate(COLUMNS, start=1):
            value = None if column.editable else sheet_text(row.get(column.key))
            cell = sheet.cell(row_no, index, value)
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text from the input is never a formula
            if column.editable:
                cell.protection = unlocked
    _add_dropdowns(sheet, len(rows))
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"
    sheet.protection.sheet = True
    # still let officers filter, sort and resize while ids and evidence stay locked
    for allowed in ("autoFilter", "sort", "formatColumns", "formatRows"):
        setattr(sheet.protection, allowed, False)


def _add_dropdowns(sheet: Worksheet, count: int) -> None:
    last = max(count + 1, 2)
    for key, choices in (("disposition", DISPOSITIONS), ("reason", REASONS)):
        letter = get_column_letter([c.key for c in COLUMNS].index(key) + 1)
        rule = DataValidation(
            type="list", formula1=f'"{",".join(choices)}"', allow_blank=True, showErrorMessage=True
        )
        rule.add(f"{letter}2:{letter}{last}")
        sheet.add_data_validation(rule)


INSTRUCTIONS = {
    "id": [
        "Isi kolom Keputusan, Alasan, Catatan dan Peninjau; kolom lain terkunci.",
        "confirm = dugaan pelanggaran dikonfirmasi; dismiss = ditolak (Alasan dan Catatan wajib);",
        "escalate = diteruskan ke BKN (Catatan wajib); "
        "reopen = buka kembali keputusan (Catatan wajib).",
        "Baris dengan Keputusan kosong tidak diubah. Impor dibatalkan seluruhnya bila ada satu "
        "baris salah.",
        "Alasan: " + ", ".join(REASONS),
    ],
    "en": [
        "Fill in Disposition, Reason, Note and Reviewer; the other columns are locked.",
        "confirm = alleged violation confirmed; dismiss = rejected (Reason and Note required);",
        "escalate = forwarded to BKN (Note required); reopen = reopen a decision (Note required).",
        "Rows with an empty Disposition are left as they are. The import is refused whole if any "
        "row is wrong.",
        "Reasons: " + ", ".join(REASONS),
    ],
}


def _write_instructions(sheet: Worksheet, lang: str) -> None:
    for row_no, line in enumerate(INSTRUCTIONS.get(lang, INSTRUCTIONS["id"]), start=1):
        sheet.cell(row_no, 1, line)
    sheet.column_dimensions["A"].width = 110


def import_xlsx(store: Store, path: Path, importer: str) -> dict[str, int]:
    """Apply the filled-in decisions; every problem is reported with its row, nothing is applied."""
    if not importer.strip():
        raise ReviewError(tr("{option} is required", option="--reviewer"))
    decisions, problems = read_decisions(path, importer.strip())
    via = f"xlsx {path.name} imported by {importer.strip()}"
    applied = 0
    with store.begin() as conn:
        for row_no, decision in decisions:
            try:
                apply_decision(conn, decision, via=via)
                applied += 1
            except ReviewError as exc:
                problems.extend(Problem(str(path), row_no, message=e.message) for e in exc.problems)
        if problems:
            raise ReviewError(sorted(problems))  # leaving the block rolls every row back
    return {"applied": applied}


def read_decisions(path: Path, importer: str) -> tuple[list[tuple[int, Decision]], list[Problem]]:
    sheet = _open_sheet(path)
    rows = sheet.iter_rows(values_only=True)
    keys = _header_keys(path, next(rows, ()))
    decisions: list[tuple[int, Decision]] = []
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for row_no, values in enumerate(rows, start=2):
        cells = {key: _text(values[i]) for i, key in keys.items() if i < len(values)}
        decision = _row_decision(cells, importer)
        if decision is None:
            if any(cells.get(k) for k in ("reason", "note")):
                message = tr("reason or note without a disposition")
                problems.append(Problem(str(path), row_no, message=message))
            continue
        if not decision.finding_id:
            problems.append(Problem(str(path), row_no, message=tr("the finding id cell is empty")))
            continue
        if decision.finding_id in seen:
            message = tr(
                "finding {finding_id} is also decided in row {row}",
                finding_id=decision.finding_id,
                row=seen[decision.finding_id],
            )
            problems.append(Problem(str(path), row_no, message=message))
            continue
        seen[decision.finding_id] = row_no
        problems.extend(Problem(str(path), row_no, message=f"{decision.finding_id}: {p}")
                        for p in _version_problems(cells))  # fmt: skip
        decisions.append((row_no, decision))
    return decisions, problems


def _open_sheet(path: Path) -> Any:
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, ValueError, KeyError, BadZipFile) as exc:
        raise ReviewError(
            tr("{path}: not a readable .xlsx workbook ({error})", path=path, error=exc)
        ) from None
    return book.worksheets[0]


def _header_keys(path: Path, header: tuple[Any, ...]) -> dict[int, str]:
    keys: dict[int, str] = {}
    for index, value in enumerate(header):
        match = _KEY_IN_HEADER.search(_text(value))
        key = match.group(1) if match else _text(value).lower()
        if key in {c.key for c in COLUMNS}:
            keys[index] = key
    missing = [key for key in REQUIRED_KEYS if key not in keys.values()]
    if missing:
        raise ReviewError(
            tr(
                "{path}: row 1: missing columns {columns}: use a workbook made by "
                "neutrality review export-xlsx",
                path=path,
                columns=", ".join(missing),
            )
        )
    return keys


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _row_decision(cells: dict[str, str], importer: str) -> Decision | None:
    if not cells.get("disposition"):
        return None
    version = cells.get("version", "")
    return Decision(
        finding_id=cells.get("finding_id", ""),
        disposition=cells["disposition"].lower(),
        reviewer=cells.get("reviewer") or importer,
        reason=cells.get("reason", "").lower() or None,
        note=cells.get("note") or None,
        expect_version=int(float(version)) if _is_number(version) else None,
    )


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _version_problems(cells: dict[str, str]) -> list[str]:
    if not _is_number(cells.get("version", "")):
        return [tr("the Version cell is empty or changed; export the workbook again")]
    return []
