"""`neutrality samples`: synthetic activity, roster and ground truth."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from neutrality.errors import NeutralityError, Problem
from neutrality.i18n import os_error, set_language, tr


def register(app: typer.Typer) -> None:
    app.command("samples")(samples)


def samples(
    out: Annotated[Path, typer.Option("--out", help="Folder tujuan / output folder.")],
    rows: Annotated[int, typer.Option("--rows", min=1, help="Jumlah baris aktivitas.")] = 2000,
    employees: Annotated[int, typer.Option("--employees", min=1, help="Jumlah pegawai.")] = 60,
    seed: Annotated[int, typer.Option("--seed", help="Benih acak (hasil sama per benih).")] = 1,
    registry: Annotated[
        list[Path] | None, typer.Option("--registry", help="Registri peserta YAML.")
    ] = None,
) -> None:
    """Buat data contoh dengan kebenaran dasar / Write synthetic data with ground truth."""
    from neutrality.registry import load_registry
    from neutrality.resources import default_registry_paths
    from neutrality.samples import write_samples

    set_language("id")  # the command's messages are Indonesian, as its help is
    try:
        loaded = load_registry(list(registry or default_registry_paths()))
        counts = write_samples(loaded, out, rows, employees, seed)
    except NeutralityError as exc:
        for problem in exc.problems:
            typer.echo(f"Galat: {problem}", err=True)
        raise typer.Exit(2) from None
    except OSError as exc:  # --out is a file, or cannot be written
        problem = Problem(
            str(out), message=tr("cannot write to this folder: {error}", error=os_error(exc))
        )
        typer.echo(f"Galat: {problem}", err=True)
        raise typer.Exit(2) from None
    typer.echo(
        f"{out}/activity.csv ({counts['activity']} baris), roster.csv ({counts['roster']}), "
        f"truth.csv ({counts['violations']} pelanggaran)"
    )
