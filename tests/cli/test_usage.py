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
    code = run(app, list(argv))
    return code, capsys.readouterr().err.splitlines()


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["audit", "a.csv", "--bogus"], "Galat: opsi tidak dikenal: --bogus (opsi yang mirip: --out)"),
        (["audit", "--out", "o"], "Galat: argumen 'activity' wajib diisi"),
        (["audit", "a.csv"], "Galat: opsi '--out' wajib diisi"),
        (["audit", "a.csv", "--out", "o", "--workers", "x"],
         "Galat: nilai tidak sah untuk '--workers': nilai harus berupa bilangan bulat; teks "
         "tersebut tidak dapat dibaca sebagai bilangan bulat"),
        (["audit", "a.csv", "--out", "o", "--chunk-rows", "5"],
         "Galat: nilai tidak sah untuk '--chunk-rows': nilai harus lebih besar dari atau sama "
         "dengan 1000"),
        (["audit", "a.csv", "--out"], "Galat: opsi --out memerlukan nilai"),
        (["audit", "a.csv", "--debug=yes", "--out", "o"], "Galat: opsi --debug tidak menerima nilai"),
        (["rules", "list", "extra"], "Galat: argumen berlebih yang tidak dikenal: extra"),
        (["audt"], "Galat: perintah tidak dikenal: 'audt' (maksud Anda 'audit'?)"),
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


def test_usage_errors_in_english_with_lang_en(capsys: pytest.CaptureFixture[str]) -> None:
    code, lines = usage(capsys, "audit", "a.csv", "--lang", "en", "--out", "o", "--workers", "0")
    assert code == 2
    assert lines == [
        "Error: invalid value for '--workers': Input should be greater than or equal to 1",
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
    """The console script's own process (`python -m neutrality`, the same `main`)."""
    done = subprocess.run(
        [sys.executable, "-m", "neutrality", "audit", "a.csv", "--bogus"],
        capture_output=True, text=True, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert done.returncode == 2
    assert (
        done.stderr.splitlines()[0] == "Galat: opsi tidak dikenal: --bogus (opsi yang mirip: --out)"
    )
    assert "Usage" not in done.stderr and "Error" not in done.stderr
