"""`neutrality registry ...` as a user meets it: validate, show, schema; exit codes."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from neutrality.cli import app
from neutrality.schemas import schema_text

ROOT = Path(__file__).resolve().parents[2]

TESTS = Path(__file__).resolve().parents[1]
INVALID = TESTS / "data" / "invalid"
MINIMAL = TESTS / "rules" / "fixtures" / "minimal-registry.yaml"
EXPECTED = yaml.safe_load((INVALID / "expected.yaml").read_text(encoding="utf-8"))

runner = CliRunner()


def registry(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["registry", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def loader() -> None:
    assert importlib.util.find_spec("neutrality.registry.loader") is not None


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize(
    "entry", [e for e in EXPECTED if e["file"].startswith("registry-")], ids=lambda e: e["file"]
)
def test_validate_broken_registry_prints_each_problem_and_exits_2(
    entry: dict[str, object], lang: str, loader: None
) -> None:
    """Indonesian by default (`messages_id`), English with --lang en (`messages`)."""
    path = INVALID / str(entry["file"])
    language_args = ("--lang", "en") if lang == "en" else ()
    code, stdout, stderr = registry("validate", str(path), *language_args)
    assert code == 2
    assert stdout == ""
    messages = entry["messages_id" if lang == "id" else "messages"]
    expected = [str(m).format(file=path) for m in messages]  # type: ignore[attr-defined]
    assert stderr.splitlines()[: len(expected)] == expected


def test_validate_minimal_registry(loader: None) -> None:
    code, stdout, stderr = registry("validate", str(MINIMAL), "--lang", "en")
    assert code == 0, stderr
    assert (
        stdout.strip()
        == f"{MINIMAL}: valid — 1 file(s), 1 election(s), 2 participants, 1 non-participants"
    )


def test_validate_shipped_registries(loader: None) -> None:
    code, stdout, stderr = registry("validate")
    assert code == 0, stderr
    assert "pemilu-2024.yaml" in stdout and "sah" in stdout


def test_validate_missing_file_exits_2(tmp_path: Path, loader: None) -> None:
    code, _, stderr = registry("validate", str(tmp_path / "nope.yaml"))
    assert code == 2
    assert f"{tmp_path / 'nope.yaml'}: berkas tidak ditemukan" in stderr
    code, _, stderr = registry("validate", str(tmp_path / "nope.yaml"), "--lang", "en")
    assert code == 2
    assert f"{tmp_path / 'nope.yaml'}: file not found" in stderr


def test_show_lists_participants_as_json(loader: None) -> None:
    code, stdout, _ = registry("show", "--registry", str(MINIMAL), "--json")
    assert code == 0
    listed = {p["id"]: p for p in json.loads(stdout)}
    assert listed["prabowo-subianto"]["accounts"] == ["x:prabowo"]
    assert listed["prabowo-subianto"]["bakal_calon_from"] == "2022-08-12"
    assert listed["pair-02"]["ballot_number"] == 2


def test_show_one_participant_with_sources(loader: None) -> None:
    code, stdout, _ = registry(
        "show", "prabowo-subianto", "--registry", str(MINIMAL), "--lang", "en"
    )
    assert code == 0
    assert stdout.startswith("prabowo-subianto — Prabowo Subianto (person, capres)")
    assert "Bakal calon from: 2022-08-12 <https://example.org/bacapres>" in stdout
    assert "  - x:prabowo <https://example.org/accounts>" in stdout


def test_show_marks_unverified_facts(tmp_path: Path, loader: None) -> None:
    text = MINIMAL.read_text(encoding="utf-8").replace(
        "        handle: prabowo\n        source: https://example.org/accounts\n",
        "        handle: prabowo\n        unverified: true\n        note: seen on the profile only\n",
    )
    path = tmp_path / "registry.yaml"
    path.write_text(text, encoding="utf-8")
    code, stdout, _ = registry("show", "prabowo-subianto", "--registry", str(path))
    assert code == 0
    assert "  - x:prabowo [belum terverifikasi: seen on the profile only]" in stdout


def test_show_unknown_participant_exits_2(loader: None) -> None:
    code, _, stderr = registry("show", "jokowi", "--registry", str(MINIMAL))
    assert code == 2
    assert stderr.startswith('peserta "jokowi" tidak ada (yang ada: pair-02, prabowo-subianto)')


def test_schema_prints_the_committed_schema() -> None:
    code, stdout, _ = registry("schema")
    assert code == 0 and stdout == schema_text("registry")


def test_registry_errors_point_at_the_key_that_is_wrong(tmp_path: Path, loader: None) -> None:
    """A date that is not a date names the keys leading to it and its own line (the first in the
    file, not the last); dates out of order point at `calon_from`, not at `participants`."""
    shipped = (ROOT / "rules" / "registry" / "pilkada-2024-ntb.yaml").read_text(encoding="utf-8")
    lines = shipped.splitlines(keepends=True)
    first = next(
        n for n, line in enumerate(lines) if line.lstrip().startswith("calon_from: {date:")
    )

    def validate_with_calon_from(date: str) -> tuple[Path, str]:
        path = tmp_path / f"{date}.yaml"
        text = shipped.replace("calon_from: {date: 2024-09-22", f"calon_from: {{date: {date}")
        path.write_text(text, encoding="utf-8")
        code, _, stderr = registry("validate", str(path))
        assert code == 2
        return path, stderr

    path, stderr = validate_with_calon_from("2024-02-30")
    assert f'{path}:{first + 1}: kunci "calon_from.date": "2024-02-30" bukan nilai' in stderr
    path, stderr = validate_with_calon_from("2024-01-02")  # before bakal_calon_from
    assert f"{path}:{first + 1}: peserta " in stderr
    assert 'kunci "calon_from": `bakal_calon_from` jatuh setelah `calon_from`' in stderr
    assert 'kunci "participants"' not in stderr
