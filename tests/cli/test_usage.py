"""Usage errors as the user meets them from the installed `neutrality` command: in Indonesian
by default, in English with `--lang en`, exit code 2, the command's help named; and the exit
codes of a normal run kept (0 clean, 1 findings, 2 stopped)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from neutrality.cli import app
from neutrality.cli.usage import run

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def usage(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str]]:
    code = run(app, list(argv), prog_name="neutrality")
    return code, capsys.readouterr().err.splitlines()


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["audit", "a.csv", "--bogus"], "Galat: opsi tidak dikenal: --bogus (opsi yang mirip: --out)"),
        (["audit", "--out", "o"], "Galat: argumen activity wajib diisi"),
        (["audit", "a.csv"], "Galat: opsi --out wajib diisi"),
        (["audit", "a.csv", "--out", "o", "--workers", "x"],
         "Galat: nilai tidak sah untuk --workers: nilai harus berupa bilangan bulat; teks "
         "tersebut tidak dapat dibaca sebagai bilangan bulat"),
        (["audit", "a.csv", "--out", "o", "--chunk-rows", "5"],
         "Galat: nilai tidak sah untuk --chunk-rows: nilai harus lebih besar dari atau sama "
         "dengan 1000"),
        (["audit", "a.csv", "--out"], "Galat: opsi --out memerlukan nilai"),
        (["audit", "a.csv", "--debug=yes", "--out", "o"], "Galat: opsi --debug tidak menerima nilai"),
        (["rules", "list", "extra"], "Galat: argumen tambahan yang tidak diharapkan: extra"),
        (["audt"], "Galat: perintah tidak dikenal: 'audt' (maksud Anda 'audit'?)"),
        (["rules", "list", "x", "y"], "Galat: argumen tambahan yang tidak diharapkan: x y"),
        (["--"], "Galat: perintah belum diberikan"),
        (["revew"], "Galat: perintah tidak dikenal: 'revew' (maksud Anda 'review'?)"),
        (["xyz"], "Galat: perintah tidak dikenal: 'xyz'"),
    ],
)  # fmt: skip
def test_usage_errors_are_in_indonesian(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    code, lines = usage(capsys, *argv)
    assert code == 2
    assert lines[0] == expected
    assert lines[1].startswith("Lihat 'neutrality") and lines[1].endswith("untuk bantuan.")
    assert len(lines) == 2  # no English usage line, no panel


def test_an_option_parser_error_points_at_its_commands_help(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The option parser's errors carry no context: the command is found from the arguments."""
    assert usage(capsys, "audit", "a.csv", "--out") == (
        2, ["Galat: opsi --out memerlukan nilai", "Lihat 'neutrality audit --help' untuk bantuan."]
    )  # fmt: skip
    _, lines = usage(capsys, "review", "decide", "F-1", "--note")
    assert lines[1] == "Lihat 'neutrality review decide --help' untuk bantuan."


@pytest.mark.parametrize(
    ("argv", "first"),
    [
        (["audit", "a.csv", "--lang", "en", "--nope"], "Error: no such option: --nope"),
        (["audit", "a.csv", "--lang=en", "--nope"], "Error: no such option: --nope"),
        # the last --lang counts, as for click
        (["audit", "a.csv", "--lang", "en", "--lang", "id", "--nope"], "Galat: opsi tidak dikenal: --nope"),
        # the value of --note, not the language
        (["review", "decide", "F-1", "--note", "--lang", "en", "--nope"],
         "Galat: opsi tidak dikenal: --nope (opsi yang mirip: --note)"),
        # after --, an argument
        (["audit", "a.csv", "--nope", "--", "--lang", "en"], "Galat: opsi tidak dikenal: --nope"),
    ],
)  # fmt: skip
def test_the_language_is_that_of_the_last_lang_option(
    capsys: pytest.CaptureFixture[str], argv: list[str], first: str
) -> None:
    assert usage(capsys, *argv)[1][0] == first


def test_usage_errors_in_english_with_lang_en(capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = usage(capsys, "audit", "a.csv", "--lang", "en", "--out", "o", "--workers", "0")
    assert code == 2
    assert lines == [
        "Error: invalid value for --workers: Input should be greater than or equal to 1",
        "See 'neutrality audit --help' for help.",
    ]
    code, lines = usage(capsys, "audit", "a.csv", "--lang=en", "--nope")
    assert (code, lines[0]) == (2, "Error: no such option: --nope")


def test_help_and_exit_codes_stay(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(app, ["--help"]) == 0
    assert "audit" in capsys.readouterr().out
    assert run(app, []) == 2  # no command: the help, as a usage error
    assert "audit" in capsys.readouterr().out
    args = ["audit", str(SAMPLES / "activity.csv"), "--roster", str(SAMPLES / "roster.csv")]
    assert run(app, [*args, "--out", str(tmp_path / "out")]) == 1  # findings
    assert run(app, ["audit", str(tmp_path / "absent.csv"), "--out", str(tmp_path / "o")]) == 2


def test_the_installed_command_says_them(tmp_path: Path) -> None:
    """The console script's own process (`python -m neutrality`, the same `main`): the program
    is named as typer names it, in the pointer to the help and in the help itself."""

    def neutrality(*argv: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "neutrality", *argv],
            capture_output=True, text=True, check=False, cwd=tmp_path,
        )  # fmt: skip

    done = neutrality("audit", "a.csv", "--bogus")
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "Galat: opsi tidak dikenal: --bogus (opsi yang mirip: --out)",
        "Lihat 'python -m neutrality audit --help' untuk bantuan.",
    ]
    assert "Usage: python -m neutrality audit" in neutrality("audit", "--help").stdout


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["samples", "--out", "{file}"], "tidak dapat menulis ke folder ini: sudah ada"),
        (["rules", "schema", "--out", "{missing}/x.json"], "tidak dapat ditulis: berkas atau folder tidak ada"),
        (["rules", "schema", "--out", "{folder}", "--lang", "en"], "cannot write: is a folder"),
        (["registry", "schema", "--out", "{missing}/x.json"], "tidak dapat ditulis: berkas atau folder tidak ada"),
    ],
)  # fmt: skip
def test_an_output_that_cannot_be_written_is_a_message_not_a_traceback(
    tmp_path: Path, args: list[str], expected: str
) -> None:
    from typer.testing import CliRunner

    from neutrality.cli import app

    (tmp_path / "ada.csv").write_text("x", encoding="utf-8")
    places = {"file": tmp_path / "ada.csv", "missing": tmp_path / "tidak-ada", "folder": tmp_path}
    result = CliRunner().invoke(app, [a.format(**places) for a in args])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert expected in result.output
