"""findings.xlsx: Ringkasan, Temuan, Per Pegawai, Per Instansi, Ditolak (English with lang="en").

Written with xlsxwriter in constant_memory mode from the run's findings.jsonl and rejected.csv,
so a sheet's rows go to disk as they are written. Every text that came from the input goes in
with write_string: a comment that starts with `=` stays text and never becomes a formula.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from neutrality.findings import CSV_COLUMNS
from neutrality.i18n import grouped
from neutrality.report.labels import labels
from neutrality.report.source import (
    REJECTED_FILE,
    ROSTER_ROWS_LISTED,
    Tallies,
    Tally,
    iter_findings,
    iter_rejected,
    local_time,
    rejected_header,
    rule_order,
    run_time,
)
from neutrality.report.views import coded

WORKBOOK_FILE = "findings.xlsx"
EXCEL_MAX_ROWS = 1_048_576
#: findings.csv's columns with the zone next to the local time, then the evidence
FINDING_KEYS: tuple[str, ...] = (
    *CSV_COLUMNS[: CSV_COLUMNS.index("occurred_at") + 1],
    "zone",
    *CSV_COLUMNS[CSV_COLUMNS.index("occurred_at") + 1 :],
    "lampiran_row", "participant_status", "election_id", "matched_field", "registry_entry",
    "explanation", "cues", "context",
)  # fmt: skip
WIDTHS = {
    "finding_id": 20, "rule_id": 9, "category": 10, "record_id": 16, "source_file": 18,
    "source_row": 8, "nip": 20, "employee_name": 24, "agency": 26, "platform": 10, "action": 10,
    "occurred_at": 19, "zone": 6, "occurred_at_local": 23, "target_account": 22,
    "participant_id": 20, "participant_name": 22, "match_method": 12, "matched_text": 30,
    "score": 7, "confidence": 10, "legal_basis": 34, "sanction": 40, "url": 34,
    "registry_entry": 30, "explanation": 50, "context": 60, "heaviest_sanction": 40, "reason": 18,
    "message": 40, "content_text": 40, "other_fields": 30,
}  # fmt: skip
NUMERIC = {"source_row", "score"}
EVIDENCE_KEYS = ("matched_field", "registry_entry", "explanation", "cues", "context")


def write_workbook(out: Path, summary: Mapping[str, Any], lang: str) -> Path:
    """Write out/findings.xlsx from out/findings.jsonl and out/rejected.csv; return its path."""
    text = labels(lang)
    path = out / WORKBOOK_FILE
    book = xlsxwriter.Workbook(
        str(path),
        # no guessing: a text that looks like a number, formula or link stays the text it was
        {"constant_memory": True, "strings_to_numbers": False, "strings_to_formulas": False,
         "strings_to_urls": False},
    )  # fmt: skip
    styles = _Styles(book)
    order = ("sheet_summary", "sheet_findings", "sheet_employees", "sheet_agencies")
    sheets = {key: book.add_worksheet(text[key]) for key in (*order, "sheet_rejected")}
    # constant_memory keeps row order within a sheet, not across sheets: the summary, which
    # needs the tallies, is filled last though it is the first sheet
    tallies = _write_findings(sheets["sheet_findings"], out, styles, text)
    _write_employees(sheets["sheet_employees"], tallies, styles, text)
    _write_agencies(sheets["sheet_agencies"], tallies, styles, text)
    _write_rejected(sheets["sheet_rejected"], out, styles, text)
    _write_summary(sheets["sheet_summary"], summary, tallies, styles, text)
    book.close()
    return path


class _Styles:
    def __init__(self, book: Workbook) -> None:
        self.header = book.add_format(
            {"bold": True, "bg_color": "#1F4E79", "font_color": "#FFFFFF", "text_wrap": True,
             "valign": "top", "border": 1},
        )  # fmt: skip
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.section = book.add_format({"bold": True, "font_size": 11, "bottom": 1})
        self.notice = book.add_format({"italic": True, "font_color": "#9C0006"})
        self.datetime = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
        self.number = book.add_format({"num_format": "0.0"})
        self.integer = book.add_format({"num_format": "#,##0"})


def _put(sheet: Worksheet, row: int, col: int, value: Any, styles: _Styles) -> None:
    """Numbers and datetimes as themselves; anything else as a string, never a formula."""
    if value is None or value == "":
        return  # an empty cell without a format: xlsxwriter's write_blank would store nothing
    if isinstance(value, dt.datetime):
        sheet.write_datetime(row, col, value, styles.datetime)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        style = styles.integer if isinstance(value, int) else styles.number
        sheet.write_number(row, col, value, style)
    else:
        sheet.write_string(row, col, str(value))


def _table(
    sheet: Worksheet,
    keys: Sequence[str],
    rows: Iterable[Sequence[Any]],
    styles: _Styles,
    text: Mapping[str, str],
    source_file: str,
) -> bool:
    """Header, frozen header row, autofilter, widths, then the rows up to Excel's limit.
    Returns True when rows were left out (a note row then says where they all are)."""
    for col, key in enumerate(keys):
        sheet.write_string(0, col, text.get(key, key), styles.header)
        sheet.set_column(col, col, WIDTHS.get(key, 14))
    sheet.freeze_panes(1, 0)
    limit = EXCEL_MAX_ROWS - 2  # the header row and a possible note row
    written = total = 0
    for values in rows:
        total += 1
        if written < limit:
            written += 1
            for col, value in enumerate(values):
                _put(sheet, written, col, value, styles)
    sheet.autofilter(0, 0, max(written, 1), max(len(keys) - 1, 0))
    if total > written:
        note = text["rows_capped"].format(
            shown=grouped(written, text["lang"]),
            total=grouped(total, text["lang"]),
            file=source_file,
        )
        sheet.write_string(written + 1, 0, note, styles.notice)
    return total > written


def _write_findings(
    sheet: Worksheet, out: Path, styles: _Styles, text: Mapping[str, str]
) -> Tallies:
    tallies = Tallies()

    def rows() -> Iterable[list[Any]]:
        for record in iter_findings(out):
            tallies.add(record)
            yield _finding_row(record, text)

    _table(sheet, FINDING_KEYS, rows(), styles, text, "findings.csv")
    return tallies


def _finding_row(record: Mapping[str, Any], text: Mapping[str, str]) -> list[Any]:
    when, zone = local_time(record)
    evidence = record.get("evidence") or {}
    values: dict[str, Any] = {**record, "occurred_at": when, "zone": zone}
    for key in EVIDENCE_KEYS:
        value = evidence.get(key, "")
        values[key] = "; ".join(map(str, value)) if isinstance(value, list) else value
    # codes in the reader's words: Disiplin, tinggi, frasa kampanye (findings.csv keeps codes)
    for key in ("category", "confidence", "participant_status"):
        values[key] = text.get(str(values.get(key) or ""), values.get(key))
    values["match_method"] = coded(text, "method", values.get("match_method"))
    if "matched_field" in values:
        values["matched_field"] = coded(text, "field", values.get("matched_field"))
    return [_cell(key, values.get(key, "")) for key in FINDING_KEYS]


def _cell(key: str, value: Any) -> Any:
    if key in NUMERIC and isinstance(value, int | float):
        return value
    if isinstance(value, dt.datetime):
        return value
    return "" if value is None else str(value)


def _tally_keys(first: Sequence[str], rules: Sequence[str]) -> list[str]:
    return [*first, "findings", "ethics", "discipline", *rules, "high_confidence",
            "heaviest_sanction"]  # fmt: skip


def _tally_values(tally: Tally, rules: Sequence[str]) -> list[Any]:
    return [
        tally.findings,
        tally.by_category.get("ethics", 0),
        tally.by_category.get("discipline", 0),
        *(tally.by_rule.get(rule, 0) for rule in rules),
        tally.high_confidence,
        f"{tally.heaviest[1]}: {tally.heaviest[2]}" if tally.heaviest[1] else "",
    ]


def _write_employees(
    sheet: Worksheet, tallies: Tallies, styles: _Styles, text: Mapping[str, str]
) -> None:
    rules = tallies.rules
    keys = [*_tally_keys(("nip", "employee_name", "agency"), rules), "first_seen", "last_seen"]
    ranked = sorted(tallies.by_employee.items(), key=lambda item: (-item[1].findings, item[0]))
    rows = (
        ["" if nip.startswith("?") else nip, t.name, t.agency,
         *_tally_values(t, rules), t.first, t.last]
        for nip, t in ranked
    )  # fmt: skip
    _table(sheet, keys, rows, styles, text, "findings.csv")


def _write_agencies(
    sheet: Worksheet, tallies: Tallies, styles: _Styles, text: Mapping[str, str]
) -> None:
    rules = tallies.rules
    keys = [*_tally_keys(("agency", "employees_flagged"), rules)]
    ranked = sorted(tallies.by_agency.values(), key=lambda t: (-t.findings, t.agency))
    rows = (
        [t.agency or text["unknown"], len(t.employees), *_tally_values(t, rules)] for t in ranked
    )
    _table(sheet, keys, rows, styles, text, "findings.csv")


def _write_rejected(sheet: Worksheet, out: Path, styles: _Styles, text: Mapping[str, str]) -> bool:
    header = rejected_header(out)
    rows = ([_rejected_cell(key, row.get(key, "")) for key in header] for row in iter_rejected(out))
    return _table(sheet, header, rows, styles, text, REJECTED_FILE)


def _rejected_cell(key: str, value: str) -> Any:
    return int(value) if key == "source_row" and value.isdigit() else value


def _write_summary(
    sheet: Worksheet,
    summary: Mapping[str, Any],
    tallies: Tallies,
    styles: _Styles,
    text: Mapping[str, str],
) -> None:
    sheet.set_column(0, 0, 34)
    sheet.set_column(1, 1, 66)
    sheet.set_column(2, 6, 14)
    sheet.write_string(0, 0, text["title"], styles.title)  # the title says "alleged" already
    sheet.write_string(1, 0, text["review_notice"], styles.notice)
    row = 3
    for title, pairs in _summary_sections(summary, tallies, text):
        sheet.write_string(row, 0, title, styles.section)
        row += 1
        for values in pairs:
            for col, value in enumerate(values):
                _put(sheet, row, col, value, styles)
            row += 1
        row += 1
    row = _inputs_table(sheet, row, summary, styles, text)


def _summary_sections(
    summary: Mapping[str, Any], tallies: Tallies, text: Mapping[str, str]
) -> list[tuple[str, list[Sequence[Any]]]]:
    count_keys = ("rows_read", "rows_evaluated", "rows_rejected", "findings", "employees_flagged")
    counts: list[Sequence[Any]] = [
        (text[key], _int(summary.get(key, _fallback(key, tallies)))) for key in count_keys
    ]
    by_rule = summary.get("findings_by_rule") or dict(tallies.by_rule)
    by_confidence = summary.get("findings_by_confidence") or dict(tallies.by_confidence)
    confidence: list[Sequence[Any]] = [
        (text.get(k, k), _int(v)) for k, v in sorted(by_confidence.items(), key=_conf)
    ]
    return [
        (text["counts"], counts),
        (text["by_rule"], [(rule, _int(by_rule[rule])) for rule in rule_order(by_rule)]),
        (text["by_confidence"], confidence),
        (text["rules"], [(text["path"], _text(summary.get("rules", {}).get("path"))),
                         (text["sha256"], _text(summary.get("rules", {}).get("sha256")))]),
        (text["registries"], _registry_pairs(summary.get("registries"))),
        (text["roster"], _roster_pairs(summary.get("roster"), text)),
        (text["version"], [(text["version"], _text(summary.get("version"))),
                           (text["timezone"], _text(summary.get("timezone"))),
                           (text["started_at"], run_time(summary.get("started_at"))),
                           (text["finished_at"], run_time(summary.get("finished_at")))]),
    ]  # fmt: skip


def _inputs_table(
    sheet: Worksheet, row: int, summary: Mapping[str, Any], styles: _Styles, text: Mapping[str, str]
) -> int:
    keys = ("path", "sha256", "format", "rows_read", "rows_evaluated", "rows_rejected")
    sheet.write_string(row, 0, text["inputs"], styles.section)
    row += 1
    for col, key in enumerate(keys):
        sheet.write_string(row, col, text[key], styles.header)
    for item in summary.get("inputs") or []:
        row += 1
        for col, key in enumerate(keys):
            value = item.get(key, "")
            _put(sheet, row, col, _int(value) if key.startswith("rows_") else _text(value), styles)
    return row + 2


def _registry_pairs(registries: Any) -> list[Sequence[Any]]:
    if isinstance(registries, Mapping):
        return [(_text(path), _text(sha)) for path, sha in registries.items()]
    if isinstance(registries, list):
        return [
            (_text(r.get("path")), _text(r.get("sha256")))
            for r in registries
            if isinstance(r, Mapping)
        ]
    return []


def _roster_pairs(roster: Any, text: Mapping[str, str]) -> list[Sequence[Any]]:
    if not isinstance(roster, Mapping):
        return [(text["roster"], "-")]
    left_out = roster.get("rows_left_out") or []
    return [
        (text["path"], _text(roster.get("path"))),
        (text["sha256"], _text(roster.get("sha256"))),
        (text["rows_read"], _int(roster.get("rows_read"))),
        (text["roster_employees"], _int(roster.get("employees"))),
        (text["roster_left_out"], len(left_out)),
        *((text["roster_left_out"], _text(problem)) for problem in left_out[:ROSTER_ROWS_LISTED]),
        *(
            [(text["roster_left_out"],
              text["roster_left_out_more"].format(count=grouped(len(left_out) - ROSTER_ROWS_LISTED, text["lang"])))]
            if len(left_out) > ROSTER_ROWS_LISTED else []
        ),
    ]  # fmt: skip


def _fallback(key: str, tallies: Tallies) -> int:
    return {"findings": tallies.total, "employees_flagged": len(tallies.by_employee)}.get(key, 0)


def _conf(item: tuple[str, Any]) -> int:
    return {"high": 0, "medium": 1, "low": 2}.get(item[0], 3)


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def _text(value: Any) -> str:
    return "" if value is None else str(value)
