"""`neutrality audit`: parse options, run the pipeline, print a summary, map the outcome to 0/1/2."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from neutrality.errors import NeutralityError, UsageError

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
        "warning": "Peringatan",
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
        "warning": "Warning",
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
        str, typer.Option("--tz", help="Zona waktu untuk waktu tanpa zona.")
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
    from neutrality.pipeline import FORMATS, AuditOptions, run_audit

    text = TEXT.get(lang, TEXT["id"])
    console = Console(stderr=True, soft_wrap=True)  # a path or message is never cut in two

    def options() -> AuditOptions:
        chosen = [f.strip().lower() for f in formats.split(",") if f.strip()]
        chosen += ["jsonl"] if case and "jsonl" not in chosen else []  # the case loads jsonl
        checks = [
            (lang not in TEXT, f'--lang "{lang}": use id or en'),
            (engine not in ("local", "dask"), f'--engine "{engine}": use local or dask'),
            (scheduler is not None and engine != "dask", "--scheduler needs --engine dask"),
            (any(f not in FORMATS for f in chosen), f"--format {formats}: valid are {', '.join(FORMATS)}"),
            (csv_separator not in (",", ";"), f'--csv-separator "{csv_separator}": use , or ;'),
        ]  # fmt: skip
        for failed, message in checks:
            if failed:
                raise UsageError(message)
        return AuditOptions(
            activity=activity, out=out, roster=roster, rules=rules, registries=registry or [],
            mapping=mapping, tz=tz, sheet=sheet, formats=chosen, chunk_rows=chunk_rows, lang=lang,
            engine=engine, scheduler=scheduler, pseudonymize_key=pseudonymize_key,
            bawaslu_pack=bawaslu_pack, csv_separator=csv_separator,
        )  # fmt: skip

    with _guard(console, text, debug), _progress(console, text["progress"]) as advance:
        result = run_audit(options(), advance)
    _print_summary(result.summary, result.out, text)
    if case:
        from neutrality.review import load_audit_into_case

        with _guard(console, text, debug):
            loaded = load_audit_into_case(case, result.out)
        label = "Berkas kasus" if lang == "id" else "Case store"
        Console().print(f"{label}: {loaded['case']} run {loaded['run_id']}", highlight=False)
    raise typer.Exit(EXIT_FINDINGS if result.findings else EXIT_CLEAN)


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
def _progress(console: Console, label: str) -> Iterator[Callable[[int], None] | None]:
    if not sys.stderr.isatty():
        yield None
        return
    columns = (SpinnerColumn(), TextColumn("{task.description}: {task.completed:,} ({task.speed})"))
    with Progress(*columns, TimeElapsedColumn(), console=console, transient=True) as progress:
        task = progress.add_task(label, total=None)
        yield lambda rows: progress.advance(task, rows)


def _print_summary(summary: dict[str, Any], out: Path, text: dict[str, str]) -> None:
    table = Table(title=text["title"], show_header=False)
    for key in ("rows_read", "rows_evaluated", "rows_rejected", "findings", "employees_flagged"):
        table.add_row(text[key], f"{summary[key]:,}".replace(",", "."))
    console = Console(soft_wrap=True)
    console.print(table)
    for source in summary.get("inputs", []):
        for warning in source.get("warnings", []):
            line = escape(f"{source['path']}: {warning}")
            console.print(f"[yellow]{text['warning']}:[/] {line}", highlight=False)
    console.print(f"{text['reports']}: {out}/", highlight=False)
