"""Recommendations for forwarding: confirmed findings per employee with the heaviest sanction.

Bawaslu decides and forwards; it imposes no sanction itself (DOMAIN.md section 7). The workbook
therefore speaks of a *recommended* sanction: per employee, the heaviest that applies among their
confirmed or escalated findings (PTDH > berat > sedang > ringan > moral; discipline over ethics).
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import select

from neutrality.i18n import tr
from neutrality.review.errors import ReviewError
from neutrality.review.sanctions import LEVEL_TEXT, level_of, rank
from neutrality.review.schema import findings
from neutrality.review.store import Store, act_time, sheet_text, wib

FORWARDED = ("confirmed", "escalated")  # escalated = confirmed and forwarded to BKN

EMPLOYEE_COLUMNS = (
    ("nip", "NIP", "NIP"),
    ("employee_name", "Nama", "Name"),
    ("agency", "Instansi", "Agency"),
    ("findings", "Jumlah temuan", "Findings"),
    ("rules", "Aturan", "Rules"),
    ("heaviest_rule", "Aturan terberat", "Heaviest rule"),
    ("category", "Kategori", "Category"),
    ("sanction_level", "Tingkat sanksi", "Sanction level"),
    ("recommended_sanction", "Rekomendasi sanksi", "Recommended sanction"),
    ("legal_basis", "Dasar hukum", "Legal basis"),
    ("finding_ids", "ID temuan", "Finding ids"),
    ("last_occurred_local", "Waktu terakhir", "Last act"),
)
FINDING_COLUMNS = (
    ("finding_id", "ID temuan", "Finding id"),
    ("status", "Status", "Status"),
    ("rule_id", "Aturan", "Rule"),
    ("nip", "NIP", "NIP"),
    ("employee_name", "Nama", "Name"),
    ("agency", "Instansi", "Agency"),
    ("occurred_at_local", "Waktu", "Time"),
    ("platform", "Platform", "Platform"),
    ("participant_name", "Peserta", "Participant"),
    ("url", "Tautan", "Link"),
    ("sanction", "Sanksi", "Sanction"),
    ("decided_by", "Diputus oleh", "Decided by"),
    ("note", "Catatan", "Note"),
)
DISCLAIMER = {
    "id": "Disusun dari temuan yang dikonfirmasi peninjau; penjatuhan sanksi ada pada PPK/BKN.",
    "en": "Built from findings confirmed by reviewers; sanctions are imposed by the PPK/BKN.",
}


def forwarded_findings(store: Store) -> list[dict[str, Any]]:
    query = (
        select(findings)
        .where(findings.c.status.in_(FORWARDED))
        .order_by(findings.c.agency, findings.c.nip, findings.c.occurred_at)
    )
    with store.begin() as conn:
        rows = [dict(row) for row in conn.execute(query).mappings()]
    for row in rows:
        row["sanction_level"] = level_of(row["rule_id"], row["sanction"])
        row["occurred_at_local"] = act_time(row["occurred_at"], row["timezone"])
        row["occurred_at_wib"] = wib(row["occurred_at"])  # as --json gave it before
    return rows


def _heaviest_key(row: dict[str, Any]) -> tuple[int, bool, str]:
    return (rank(row["sanction_level"]), row["category"] == "discipline", row["rule_id"])


def per_employee(rows: list[dict[str, Any]], lang: str = "id") -> list[dict[str, Any]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[row["nip"] or f"{row['employee_name']}|{row['agency']}"].append(row)
    return [_employee(group, lang) for group in groups.values()]


def _employee(group: list[dict[str, Any]], lang: str) -> dict[str, Any]:
    heaviest = max(group, key=_heaviest_key)
    level = heaviest["sanction_level"]
    last = max(group, key=lambda row: row["occurred_at"])
    return {
        "nip": heaviest["nip"],
        "employee_name": heaviest["employee_name"],
        "agency": heaviest["agency"],
        "findings": len(group),
        "rules": ", ".join(sorted({row["rule_id"] for row in group})),
        "heaviest_rule": heaviest["rule_id"],
        "category": heaviest["category"],
        "sanction_level": level,
        "recommended_sanction": LEVEL_TEXT.get(lang, LEVEL_TEXT["id"])[level],
        "legal_basis": heaviest["legal_basis"],
        "finding_ids": ", ".join(row["finding_id"] for row in group),
        "last_occurred_local": last["occurred_at_local"],
        "last_occurred_wib": last["occurred_at_wib"],  # as --json gave it before
    }


def write_recommendations(store: Store, out: Path, lang: str = "id") -> list[dict[str, Any]]:
    rows = forwarded_findings(store)
    employees = per_employee(rows, lang)
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new Workbook always has one sheet
    sheet.title = "Rekomendasi" if lang == "id" else "Recommendations"
    _table(sheet, EMPLOYEE_COLUMNS, _shown(employees, lang), lang)
    findings_sheet = book.create_sheet("Temuan" if lang == "id" else "Findings")
    _table(findings_sheet, FINDING_COLUMNS, _shown(rows, lang), lang)
    notes = book.create_sheet("Keterangan" if lang == "id" else "Notes")
    notes.cell(1, 1, DISCLAIMER.get(lang, DISCLAIMER["id"]))
    try:
        book.save(out)
    except OSError as exc:
        raise ReviewError(
            tr("cannot write {path}: {reason}", path=out, reason=exc.strerror)
        ) from None
    return employees


def _shown(rows: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """Status and category in the officer's words (diteruskan ke BKN, Etik), not codes."""
    from neutrality.report.labels import labels
    from neutrality.review.texts import words

    status, category = words(lang), labels(lang)
    return [
        {**row,
         **({"status": status.get(row["status"], row["status"])} if "status" in row else {}),
         **({"category": category.get(row["category"], row["category"])} if "category" in row else {})}
        for row in rows
    ]  # fmt: skip


def _table(
    sheet: Worksheet,
    columns: tuple[tuple[str, str, str], ...],
    rows: list[dict[str, Any]],
    lang: str,
) -> None:
    for index, (_, label_id, label_en) in enumerate(columns, start=1):
        sheet.cell(1, index, label_id if lang == "id" else label_en).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = 18
    for row_no, row in enumerate(rows, start=2):
        for index, (key, _, _) in enumerate(columns, start=1):
            cell = sheet.cell(row_no, index, sheet_text(row.get(key)))
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text from the input is never a formula
    sheet.freeze_panes = "A2"
