"""`neutrality review ...`: the case store of a review team (SQLite file or PostgreSQL URL).

Human output is Indonesian by default (`--lang en` for English), `--json` is for scripts. Exit 0 on
success, 2 with a clear message on any error; `verify-log` exits 1 when the chain is broken.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from neutrality.errors import NeutralityError
from neutrality.i18n import N_, language, set_language, tr, tr_known
from neutrality.review.errors import ReviewError
from neutrality.review.terms import DISPOSITIONS, NOT_IN_LATEST_RUN, REASONS, STATUSES
from neutrality.review.texts import FIELDS, words

# The case store (SQLAlchemy, openpyxl) is imported by the commands that use it, so
# `neutrality audit` and the other commands start without loading the database layer.
if TYPE_CHECKING:
    from neutrality.review.store import Store

app = typer.Typer(
    no_args_is_help=True,
    help="Tinjauan temuan: keputusan, log audit, Excel / Review findings: decisions, audit log.",
)

CaseOpt = Annotated[
    str, typer.Option("--case", help="Berkas kasus SQLite (case.db) atau URL postgresql://...")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="Keluaran JSON untuk skrip.")]
LangOpt = Annotated[str, typer.Option("--lang", help="Bahasa: id atau en.")]
ReviewerOpt = Annotated[str, typer.Option("--reviewer", help="Nama peninjau (wajib).")]
EXIT_ERROR = 2


#: what SQLite says of a file that is not its own, in the officer's language
_NOT_A_DATABASE = N_("the file is not a case store (not a database)")


@contextmanager
def _guard(lang: str, case: str | None = None) -> Iterator[None]:
    """Known problems and database errors print one clear line and exit 2, never a traceback."""
    from sqlalchemy.exc import SQLAlchemyError

    err = Console(stderr=True, soft_wrap=True)
    label = words(lang)["error"]
    try:
        yield
    except NeutralityError as exc:
        for problem in exc.problems:
            err.print(f"{label}: {problem if problem.file else problem.message}", markup=False)
        raise typer.Exit(EXIT_ERROR) from None
    except SQLAlchemyError as exc:
        error = str(getattr(exc, "orig", None) or exc)
        if "file is not a database" in error:
            error = tr_known(_NOT_A_DATABASE)
        detail = tr("database: {error}", error=error)
        err.print(f"{label}: {f'{case}: ' if case else ''}{detail}", markup=False)
        raise typer.Exit(EXIT_ERROR) from None


@contextmanager
def _store(case: str, lang: str, create: bool = False) -> Iterator[Store]:
    from neutrality.review.store import open_store

    with _guard(lang, case), open_store(case, create=create) as store:
        yield store


def _json_default(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return str(value)


def _print_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=_json_default))


def _say(lang: str, key: str, **values: Any) -> None:
    Console(soft_wrap=True).print(words(lang)[key].format(**values), markup=False, highlight=False)


def _check_lang(lang: str) -> None:
    """Refuse an unknown --lang (in Indonesian), then make every message of the command, the
    review library's errors included, come out in `lang`."""
    if lang not in ("id", "en"):
        with _guard("id"), language("id"):
            raise ReviewError(tr('--lang "{lang}": use id or en', lang=lang))
    set_language(lang)


@app.command("load")
def load(
    out_dir: Annotated[Path, typer.Argument(help="Folder --out sebuah audit.")],
    case: CaseOpt,
    as_json: JsonOpt = False,
    lang: LangOpt = "id",
) -> None:
    """Muat findings.jsonl + summary.json sebuah audit ke berkas kasus / Load an audit's output."""
    from neutrality.review.loader import check_audit_folder, load_run

    _check_lang(lang)
    with _guard(lang):  # before the store is made: a wrong folder leaves no empty case file
        check_audit_folder(out_dir)
    with _store(case, lang, create=True) as store:
        result = load_run(store, out_dir)
    if as_json:
        _print_json(result)
    else:
        _say(lang, "already" if result["already_loaded"] else "loaded", **result)


def _check_status(status: str | None) -> None:
    """`--status`: a status, or the marker of findings the latest run did not produce."""
    if status and status not in (*STATUSES, NOT_IN_LATEST_RUN):
        raise ReviewError(
            tr(
                '--status "{status}": use {statuses} or not_in_latest_run',
                status=status,
                statuses=", ".join(STATUSES),
            )
        )


@app.command("list")
def list_(
    case: CaseOpt,
    status: Annotated[
        str | None, typer.Option("--status", help=f"{', '.join(STATUSES)}, not_in_latest_run")
    ] = None,
    as_json: JsonOpt = False,
    lang: LangOpt = "id",
) -> None:
    """Daftar temuan dalam antrean / List the review queue."""
    from neutrality.review import queries

    _check_lang(lang)
    with _store(case, lang) as store:
        _check_status(status)
        with store.begin() as conn:
            rows = queries.list_findings(conn, status)
    if as_json:
        _print_json(rows)
        return
    _print_queue(rows, lang)


def _print_queue(rows: list[dict[str, Any]], lang: str) -> None:
    text = words(lang)
    if not rows:
        Console().print(text["none"])
        return
    keys = ("col_id", "col_status", "col_rule", "col_nip", "col_name", "col_agency", "col_time")
    table = Table(title=text["queue"])
    for key in (*keys, "col_mark"):
        # ids, NIPs and times are copied into other commands: never cut them
        table.add_column(text[key], no_wrap=key in ("col_id", "col_nip", "col_time"))
    for row in rows:
        table.add_row(
            row["finding_id"], text[row["status"]], row["rule_id"], row["nip"],
            row["employee_name"], row["agency"], row["occurred_at_local"],
            text[row["marker"]] if row["marker"] else "",
        )  # fmt: skip
    console = Console()
    console.width = max(console.width, 150)  # a pipe or a narrow window still gets whole ids
    console.print(table)


@app.command("show")
def show(
    finding_id: Annotated[str, typer.Argument(help="ID temuan, mis. F-0123456789abcdef.")],
    case: CaseOpt,
    as_json: JsonOpt = False,
    lang: LangOpt = "id",
) -> None:
    """Rincian satu temuan dengan bukti dan riwayat / One finding with evidence and history."""
    from neutrality.review import auditlog, queries

    _check_lang(lang)
    with _store(case, lang) as store, store.begin() as conn:
        finding = queries.get_finding(conn, finding_id)
        finding["history"] = auditlog.read_log(conn, finding_id)
    if as_json:
        _print_json(finding)
        return
    _print_finding(finding, lang)


def _print_finding(finding: dict[str, Any], lang: str) -> None:
    text, console = words(lang), Console(highlight=False, soft_wrap=True)
    fields = (
        "finding_id", "status", "version", "rule_id", "category", "nip", "employee_name",
        "agency", "platform", "action", "occurred_at_local", "target_account", "participant_name",
        "match_method", "matched_text", "confidence", "legal_basis", "sanction", "url",
        "decided_by", "decided_at_wib", "reason_code", "note", "marker",
    )  # fmt: skip
    names = FIELDS.get(lang, FIELDS["id"])
    for key in fields:
        value = finding.get(key)
        if value not in (None, ""):
            shown = text.get(value, value) if key in ("status", "marker") else value
            console.print(f"{names[key]}: {shown}", markup=False)
    evidence = json.dumps(finding["evidence"], ensure_ascii=False)
    console.print(f"{text['field_evidence']}: {evidence}", markup=False)
    console.print(f"{text['field_history']}:")
    for entry in finding["history"]:
        console.print(f"  {_log_line(entry)}", markup=False)


def _log_line(entry: dict[str, Any]) -> str:
    from neutrality.review.store import wib

    before = (entry["before_state"] or {}).get("status", "")
    after = (entry["after_state"] or {}).get("status", "")
    change = f"{before} -> {after}" if before or after else ""
    if not change and entry["after_state"]:  # store-wide events such as a loaded run
        change = " ".join(f"{k}={v}" for k, v in sorted(entry["after_state"].items()))
    reason = f" [{entry['reason_code']}]" if entry["reason_code"] else ""
    note = f" {entry['note']}" if entry["note"] else ""
    who = f"#{entry['id']} {wib(entry['at'])} {entry['reviewer']}"
    about = f" {entry['finding_id']}" if entry.get("finding_id") else ""
    return f"{who}: {entry['action']}{about} {change}{reason}{note}"


@app.command("decide")
def decide_(
    finding_id: Annotated[str, typer.Argument(help="ID temuan.")],
    case: CaseOpt,
    disposition: Annotated[str, typer.Option("--disposition", help=" | ".join(DISPOSITIONS))],
    reviewer: ReviewerOpt,
    reason: Annotated[
        str | None, typer.Option("--reason", help=f"Untuk dismiss: {', '.join(REASONS)}")
    ] = None,
    note: Annotated[
        str | None, typer.Option("--note", help="Catatan (wajib untuk dismiss, escalate, reopen).")
    ] = None,
    expect_version: Annotated[
        int | None, typer.Option("--expect-version", help="Versi yang dilihat peninjau.")
    ] = None,
    as_json: JsonOpt = False,
    lang: LangOpt = "id",
) -> None:
    """Putuskan temuan: confirm, dismiss, escalate (ke BKN), reopen / Decide a finding."""
    from neutrality.review.decisions import Decision, decide

    _check_lang(lang)
    decision = Decision(finding_id, disposition, reviewer, reason, note, expect_version)
    with _store(case, lang) as store:
        result = decide(store, decision)
    if as_json:
        _print_json(result)
    else:
        _say(lang, "decided", **{**result, "status": words(lang)[result["status"]]})


@app.command("add-manual")
def add_manual_(
    case: CaseOpt,
    rule: Annotated[str, typer.Option("--rule", help="SKB-A1..A7 atau SKB-B1..B13.")],
    nip: Annotated[str, typer.Option("--nip", help="NIP 18 digit.")],
    name: Annotated[str, typer.Option("--name", help="Nama pegawai.")],
    occurred_at: Annotated[
        str, typer.Option("--occurred-at", help="Waktu, mis. 2024-01-10 09:00 WIB.")
    ],
    evidence: Annotated[str, typer.Option("--evidence", help="Uraian bukti.")],
    reviewer: ReviewerOpt,
    agency: Annotated[str, typer.Option("--agency", help="Instansi.")] = "",
    url: Annotated[str, typer.Option("--url", help="Tautan bukti.")] = "",
    platform: Annotated[str, typer.Option("--platform", help="Platform, bila ada.")] = "",
    participant: Annotated[str, typer.Option("--participant", help="Peserta terkait.")] = "",
    as_json: JsonOpt = False,
    lang: LangOpt = "id",
) -> None:
    """Catat temuan manual yang tidak terlihat dari data aktivitas / Record a manual finding."""
    from neutrality.review.manual import ManualFinding, add_manual

    _check_lang(lang)
    entry = ManualFinding(rule, nip, name, agency, occurred_at, evidence, reviewer, url, platform,
                          participant)  # fmt: skip
    with _store(case, lang, create=True) as store:
        result = add_manual(store, entry)
    if as_json:
        _print_json(result)
    else:
        _say(lang, "added", **{**result, "status": words(lang)[result["status"]]})


@app.command("log")
def log(
    case: CaseOpt,
    finding: Annotated[str | None, typer.Option("--finding", help="Hanya satu temuan.")] = None,
    as_json: JsonOpt = False,
    lang: LangOpt = "id",
) -> None:
    """Log audit (hanya-tambah) / The append-only audit log."""
    from neutrality.review import auditlog

    _check_lang(lang)
    with _store(case, lang) as store, store.begin() as conn:
        entries = auditlog.read_log(conn, finding)
    if as_json:
        _print_json(entries)
        return
    console = Console(highlight=False, soft_wrap=True)
    console.print(words(lang)["log_title"])
    for entry in entries:
        console.print(_log_line(entry), markup=False)


@app.command("verify-log")
def verify_log(case: CaseOpt, as_json: JsonOpt = False, lang: LangOpt = "id") -> None:
    """Periksa rantai hash log audit / Check the audit log's hash chain (exit 1 when broken)."""
    from neutrality.review import auditlog

    _check_lang(lang)
    with _store(case, lang) as store, store.begin() as conn:
        report = auditlog.verify_chain(conn)
    if as_json:
        _print_json({"ok": report.ok, "entries": report.entries, "head_hash": report.head_hash,
                     "problems": report.problems})  # fmt: skip
    elif report.ok:
        _say(lang, "chain_ok", entries=report.entries, head_hash=report.head_hash)
    else:
        _say(lang, "chain_bad", entries=report.entries)
        for problem in report.problems:
            Console(soft_wrap=True).print(f"  {problem}", markup=False)
    if not report.ok:
        raise typer.Exit(1)


@app.command("export-xlsx")
def export_xlsx_(
    case: CaseOpt,
    out: Annotated[Path, typer.Option("--out", help="Berkas .xlsx yang ditulis.")],
    status: Annotated[
        str | None,
        typer.Option(
            "--status", help=f"Hanya status ini: {', '.join(STATUSES)}, not_in_latest_run"
        ),
    ] = None,
    lang: LangOpt = "id",
) -> None:
    """Ekspor antrean ke Excel untuk ditinjau luring / Export the queue for offline review."""
    from neutrality.review.workbook import export_xlsx

    _check_lang(lang)
    with _store(case, lang) as store:
        _check_status(status)
        count = export_xlsx(store, out, status, lang)
    _say(lang, "exported", count=count, out=out)


@app.command("import-xlsx")
def import_xlsx_(
    path: Annotated[Path, typer.Argument(help="Berkas .xlsx hasil export-xlsx yang sudah diisi.")],
    case: CaseOpt,
    reviewer: ReviewerOpt,
    as_json: JsonOpt = False,
    lang: LangOpt = "id",
) -> None:
    """Terapkan keputusan dari Excel, semua atau tidak sama sekali / Apply decisions from Excel."""
    from neutrality.review.workbook import import_xlsx

    _check_lang(lang)
    with _store(case, lang) as store:
        result = import_xlsx(store, path, reviewer)
    if as_json:
        _print_json(result)
    else:
        _say(lang, "imported", path=path, **result)


@app.command("recommendations")
def recommendations(
    case: CaseOpt,
    out: Annotated[Path, typer.Option("--out", help="Berkas .xlsx yang ditulis.")],
    as_json: JsonOpt = False,
    lang: LangOpt = "id",
) -> None:
    """Rekomendasi sanksi per pegawai (temuan terkonfirmasi) / Recommended sanction per employee."""
    from neutrality.review.recommendations import write_recommendations

    _check_lang(lang)
    with _store(case, lang) as store:
        employees = write_recommendations(store, out, lang)
    if as_json:
        _print_json(employees)
    else:
        _say(lang, "recommended", count=len(employees), out=out)
