"""`neutrality audit`: parse options, run the pipeline, print a summary, map the outcome to 0/1/2."""

from __future__ import annotations

import re
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from neutrality.errors import NeutralityError, UsageError
from neutrality.i18n import grouped, set_language, tr

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2

TEXT = {
    "id": {
        "title": "Ringkasan audit (dugaan pelanggaran, perlu ditinjau)",
        "rows_read": "Baris dibaca",
        "rows_evaluated": "Baris dievaluasi",
        "rows_rejected": "Baris ditolak (lihat rejected.csv)",
        "findings": "Temuan dugaan pelanggaran",
        "employees_flagged": "Pegawai terkait",
        "reports": "Laporan ditulis di",
        "error": "Galat",
        "internal": "Galat internal (jalankan dengan --debug untuk rinciannya)",
        "progress": "Memeriksa baris",
        "per_second": "baris/s",
        "warning": "Peringatan",
        "roster_left_out": "{path}: {count} baris daftar pegawai tidak dipakai; aktivitas "
        "pegawai pada baris itu ditolak (actor_not_in_roster):",
        "roster_more": "… dan {count} lainnya (summary.json: roster.rows_left_out)",
    },
    "en": {
        "title": "Audit summary (alleged violations, need review)",
        "rows_read": "Rows read",
        "rows_evaluated": "Rows evaluated",
        "rows_rejected": "Rows rejected (see rejected.csv)",
        "findings": "Alleged violations found",
        "employees_flagged": "Employees involved",
        "reports": "Reports written to",
        "error": "Error",
        "internal": "Internal error (run with --debug for details)",
        "progress": "Checking rows",
        "per_second": "rows/s",
        "warning": "Warning",
        "roster_left_out": "{path}: {count} roster rows left out; activity of the employees "
        "on those rows is rejected (actor_not_in_roster):",
        "roster_more": "… and {count} more (summary.json: roster.rows_left_out)",
    },
}


def register(app: typer.Typer) -> None:
    app.command("audit")(audit)


def audit(
    activity: Annotated[list[Path], typer.Argument(help="Ekspor aktivitas (CSV/XLSX).")],
    out: Annotated[Path, typer.Option("--out", help="Folder laporan.")],
    roster: Annotated[
        Path | None, typer.Option("--roster", help="Daftar pegawai (CSV/XLSX).")
    ] = None,
    rules: Annotated[Path | None, typer.Option("--rules", help="Berkas aturan YAML.")] = None,
    registry: Annotated[
        list[Path] | None,
        typer.Option("--registry", help="Registri peserta YAML (boleh berulang)."),
    ] = None,
    mapping: Annotated[Path | None, typer.Option("--mapping", help="Pemetaan kolom YAML.")] = None,
    tz: Annotated[
        str,
        typer.Option(
            "--tz", help="Zona waktu untuk waktu tanpa zona: WIB, WITA, WIT atau nama IANA."
        ),
    ] = "Asia/Jakarta",
    lang: Annotated[str, typer.Option("--lang", help="Bahasa: id atau en.")] = "id",
    formats: Annotated[
        str, typer.Option("--format", help="Format: csv,jsonl,xlsx,html.")
    ] = "csv,jsonl,xlsx,html",
    engine: Annotated[
        str, typer.Option("--engine", help="local, atau dask untuk klaster Dask.")
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler", help="Alamat penjadwal Dask (tcp://host:8786); tanpa ini klaster lokal."
        ),
    ] = None,
    sheet: Annotated[str | None, typer.Option("--sheet", help="Lembar XLSX.")] = None,
    chunk_rows: Annotated[
        int, typer.Option("--chunk-rows", min=1000, help="Baris per potong.")
    ] = 100_000,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            max=64,
            help="Proses mesin lokal yang mengevaluasi potongan, proses ini termasuk (bawaan: "
            "jumlah inti CPU dikurangi satu di Linux, paling banyak 4; tiap proses tambahan "
            "sekitar 200 MiB memori); 1 = satu proses.",
        ),
    ] = None,
    debug: Annotated[bool, typer.Option("--debug", help="Tampilkan traceback.")] = False,
    case: Annotated[
        str | None, typer.Option("--case", help="Muat temuan ke berkas kasus (SQLite/PostgreSQL).")
    ] = None,
    pseudonymize_key: Annotated[
        Path | None,
        typer.Option(
            "--pseudonymize-key",
            help="Berkas kunci (min. 16 bita): NIP dan nama diganti pseudonim HMAC di semua keluaran.",
        ),
    ] = None,
    bawaslu_pack: Annotated[
        bool,
        typer.Option(
            "--bawaslu-pack", help="Lembar kasus hanya memuat nama, NIP dan instansi pegawai."
        ),
    ] = False,
    csv_separator: Annotated[
        str,
        typer.Option("--csv-separator", help="Pemisah CSV: , atau ; (Excel berbahasa Indonesia)."),
    ] = ",",
) -> None:
    """Audit ekspor aktivitas media sosial terhadap SKB 2/2022 / Audit an activity export."""
    from neutrality.memory import fewer_collections, lean_arrow_pool, reuse_freed_heap
    from neutrality.pipeline import FORMATS, AuditOptions, run_audit

    lean_arrow_pool()  # freed chunk memory goes back to the system (neutrality/memory.py)
    reuse_freed_heap()  # a chunk's malloc'd memory is reused by the next (same module)
    fewer_collections()  # the collector walks the whole heap less often (same module)
    shown = lang if lang in TEXT else "id"  # an unknown --lang is refused, in Indonesian
    text = TEXT[shown]
    set_language(shown)  # every message from here on is in `lang`
    console = Console(stderr=True, soft_wrap=True)  # a path or message is never cut in two

    def options() -> AuditOptions:
        chosen = [f.strip().lower() for f in formats.split(",") if f.strip()]
        chosen += ["jsonl"] if case and "jsonl" not in chosen else []  # the case loads jsonl
        checks = [
            (lang not in TEXT, tr('--lang "{lang}": use id or en', lang=lang)),
            (engine not in ("local", "dask"), tr('--engine "{engine}": use local or dask', engine=engine)),
            (scheduler is not None and engine != "dask", tr("--scheduler needs --engine dask")),
            (workers is not None and workers > 1 and engine != "local",
             tr("--workers applies to --engine local")),
            (not chosen,
             tr("--format is empty: use one or more of {valid}", valid=", ".join(FORMATS))),
            (any(f not in FORMATS for f in chosen),
             tr("--format {formats}: valid are {valid}", formats=formats, valid=", ".join(FORMATS))),
            (csv_separator not in (",", ";"),
             tr('--csv-separator "{separator}": use , or ;', separator=csv_separator)),
        ]  # fmt: skip
        for failed, message in checks:
            if failed:
                raise UsageError(message)
        return AuditOptions(
            activity=activity, out=out, roster=roster, rules=rules, registries=registry or [],
            mapping=mapping, tz=_zone(tz), sheet=sheet, formats=chosen, chunk_rows=chunk_rows, lang=lang,
            engine=engine, scheduler=scheduler, workers=workers, pseudonymize_key=pseudonymize_key,
            bawaslu_pack=bawaslu_pack, csv_separator=csv_separator,
            parallel_reports=True,  # the command line's main module is safe to import in a child
        )  # fmt: skip

    progress = _progress(console, text, shown, activity)
    with _guard(console, text, debug), progress as advance:
        result = run_audit(options(), advance)
    _print_summary(result.summary, result.out, text, shown)
    if case:
        from neutrality.review import load_audit_into_case

        with _guard(console, text, debug):
            loaded = load_audit_into_case(case, result.out)
        label = "Berkas kasus" if lang == "id" else "Case store"
        Console().print(f"{label}: {loaded['case']} run {loaded['run_id']}", highlight=False)
    raise typer.Exit(EXIT_FINDINGS if result.findings else EXIT_CLEAN)


def _zone(tz: str) -> str:
    """--tz WIB, WITA or WIT (any case) as the zone it names; anything else as given."""
    from neutrality.findings import ZONE_ABBREVIATION

    named = {abbreviation: zone for zone, abbreviation in ZONE_ABBREVIATION.items()}
    return named.get(tz.strip().upper(), tz)


@contextmanager
def _guard(console: Console, text: dict[str, str], debug: bool) -> Iterator[None]:
    """Known problems print as `file:line: message`; anything else never as a bare traceback."""
    try:
        yield
    except NeutralityError as exc:
        for problem in exc.problems:
            line = str(problem) if problem.file else problem.message
            console.print(f"[bold red]{text['error']}:[/] {escape(line)}", highlight=False)
        raise typer.Exit(EXIT_ERROR) from None
    except (typer.Exit, KeyboardInterrupt):
        raise
    except Exception as exc:
        if debug:
            traceback.print_exc()
        detail = escape(f"{type(exc).__name__}: {exc}")
        console.print(f"[bold red]{text['internal']}:[/] {detail}", highlight=False)
        raise typer.Exit(EXIT_ERROR) from None


@contextmanager
def _progress(
    console: Console, text: dict[str, str], lang: str, inputs: list[Path]
) -> Iterator[Callable[[int], None] | None]:
    """Rows done, rows per second, time elapsed and, for CSV inputs, time left (estimated from
    the files' line counts, read at disk speed before the audit starts)."""
    if not sys.stderr.isatty():
        yield None
        return
    total = _estimated_rows(inputs)
    columns = (
        SpinnerColumn(),
        *_row_columns(text, lang),
        TimeElapsedColumn(),
        *([TimeRemainingColumn()] if total else []),
    )  # fmt: skip
    # redrawn as each chunk is done, not by rich's refresh thread: `--workers` forks its worker
    # processes during the run, and a thread caught writing to the terminal at that moment would
    # leave the workers a locked stderr
    with Progress(*columns, console=console, transient=True, auto_refresh=False) as progress:
        task = progress.add_task(text["progress"], total=total)

        def advance(rows: int) -> None:
            progress.advance(task, rows)
            progress.refresh()

        yield advance


def _row_columns(text: dict[str, str], lang: str) -> tuple[ProgressColumn, ProgressColumn]:
    """`Memeriksa baris: 225.000 (695.565 baris/s)`, digits grouped as `lang` writes them."""
    return _RowsDone(lang), _RowsPerSecond(text["per_second"], lang)


class _RowsDone(ProgressColumn):
    def __init__(self, lang: str) -> None:
        super().__init__()
        self.lang = lang

    def render(self, task: Task) -> Text:
        return Text(f"{task.description}: {grouped(task.completed, self.lang)}")


class _RowsPerSecond(ProgressColumn):
    def __init__(self, unit: str, lang: str) -> None:
        super().__init__()
        self.unit, self.lang = unit, lang

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"({grouped(speed, self.lang)} {self.unit})" if speed else f"(… {self.unit})")


def _estimated_rows(inputs: list[Path]) -> float | None:
    """Lines of the CSV inputs less their headers; None when any input is not a CSV file."""
    lines = 0
    for path in inputs:
        if path.suffix.lower() not in (".csv", ".txt", ".tsv") or not path.is_file():
            return None
        with path.open("rb") as handle:
            while block := handle.read(1 << 24):
                lines += block.count(b"\n")
        lines -= 1
    return float(max(lines, 1))


def _print_summary(summary: dict[str, Any], out: Path, text: dict[str, str], lang: str) -> None:
    table = Table(title=text["title"], show_header=False)
    for key in ("rows_read", "rows_evaluated", "rows_rejected", "findings", "employees_flagged"):
        table.add_row(text[key], grouped(summary[key], lang))
    console = Console(soft_wrap=True)
    console.print(table)
    for source in summary.get("inputs", []):
        for warning in source.get("warnings", []):
            line = escape(f"{source['path']}: {warning}")
            console.print(f"[yellow]{text['warning']}:[/] {line}", highlight=False)
    _print_roster_left_out(console, summary.get("roster") or {}, text, lang)
    console.print(f"{text['reports']}: {out}/", highlight=False)


#: roster rows left out that the console lists; summary.json and the reports have them all
ROSTER_ROWS_SHOWN = 10
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _print_roster_left_out(
    console: Console, roster: dict[str, Any], text: dict[str, str], lang: str
) -> None:
    left_out = roster.get("rows_left_out") or []
    if not left_out:
        return
    head = text["roster_left_out"].format(
        path=roster.get("path", ""), count=grouped(len(left_out), lang)
    )
    console.print(f"[yellow]{text['warning']}:[/] {escape(head)}", highlight=False)
    for problem in left_out[:ROSTER_ROWS_SHOWN]:
        # a roster cell may hold terminal control sequences: shown, never obeyed
        shown = _CONTROLS.sub("\ufffd", problem)
        console.print(f"  {escape(shown)}", highlight=False)
    if len(left_out) > ROSTER_ROWS_SHOWN:
        more = text["roster_more"].format(count=grouped(len(left_out) - ROSTER_ROWS_SHOWN, lang))
        console.print(f"  {escape(more)}", highlight=False)
