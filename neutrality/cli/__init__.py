"""Command line: a thin typer app. Each command group lives in its own module.

Exit codes (SPEC section 4): 0 = audit completed without findings, 1 = with findings,
2 = usage, rule, registry or input error that stopped the run.
"""

from __future__ import annotations

from typing import Annotated

import typer

from neutrality.cli import audit_cmd, registry_cmd, review_cmd, rules_cmd, samples_cmd

app = typer.Typer(
    name="neutrality",
    help="Pemeriksa netralitas ASN (SKB 2/2022) / ASN election-neutrality checker.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        from neutrality import __version__

        typer.echo(f"neutrality {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Versi / version."),
    ] = False,
) -> None:
    """Pemeriksa netralitas ASN (SKB 2/2022) / ASN election-neutrality checker."""


audit_cmd.register(app)
samples_cmd.register(app)
app.add_typer(rules_cmd.app, name="rules")
app.add_typer(registry_cmd.app, name="registry")
app.add_typer(review_cmd.app, name="review")


def main() -> None:
    from neutrality.cli.usage import run

    raise SystemExit(run(app))
