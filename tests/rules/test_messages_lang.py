"""Problems in rule and registry files come out in the user's language: Indonesian at the command
line by default, English with `--lang en` and in the library (the templates' language)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from typer.testing import CliRunner

from neutrality.cli import app
from neutrality.errors import RegistryFileError, RuleFileError, YamlFileError
from neutrality.i18n import language
from neutrality.registry import load_registry
from neutrality.rules import load_rules
from neutrality.yamlio import YamlDocument, load_yaml, pydantic_problems

FIXTURES = Path(__file__).resolve().parent / "fixtures"
runner = CliRunner()


def cli(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))  # tests/conftest.py restores the language
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def broken_rules(tmp_path: Path) -> Path:
    """The minimal rule file without `sanction.level` and with a misspelt check option."""
    text = (FIXTURES / "minimal-rules.yaml").read_text(encoding="utf-8")
    text = text.replace("      level: berat\n", "").replace(
        "      - type: account_interaction\n",
        "      - type: account_interaction\n        treshold: 90\n",
    )
    path = tmp_path / "rules.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def broken_registry(tmp_path: Path) -> Path:
    """The minimal registry with an unsourced end date and a stage that ends before it starts."""
    text = (FIXTURES / "minimal-registry.yaml").read_text(encoding="utf-8")
    text = text.replace("    source: https://example.org/ends\n", "").replace(
        "      start: 2023-11-13\n", "      start: 2023-11-13\n      end: 2023-11-01\n"
    )
    path = tmp_path / "registry.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_rules_validate_speaks_indonesian_by_default(broken_rules: Path) -> None:
    code, stdout, stderr = cli("rules", "validate", str(broken_rules))
    assert code == 2 and stdout == ""
    assert stderr.splitlines() == [
        f'{broken_rules}:22: aturan SKB-B6: kunci "level": kunci wajib "level" tidak ada',
        f'{broken_rules}:33: aturan SKB-B6: kunci "treshold": kunci "treshold" tidak dikenal '
        "(yang valid: type, actions, options)",
        "2 masalah; berkas tidak dimuat.",
    ]


def test_rules_validate_speaks_english_with_lang_en(broken_rules: Path) -> None:
    code, stdout, stderr = cli("rules", "validate", str(broken_rules), "--lang", "en")
    assert code == 2 and stdout == ""
    assert stderr.splitlines() == [
        f'{broken_rules}:22: rule SKB-B6: key "level": missing required key "level"',
        f'{broken_rules}:33: rule SKB-B6: key "treshold": unknown key "treshold" '
        "(valid: type, actions, options)",
        "2 problem(s); the file was not loaded.",
    ]


@pytest.mark.parametrize(
    "command",
    [["list", "--rules"], ["explain", "SKB-B6", "--rules"], ["coverage", "--rules"], ["test"]],
)
def test_every_rules_command_reports_loading_problems_in_its_language(
    broken_rules: Path, command: list[str]
) -> None:
    args = ["rules", *command, str(broken_rules)]
    _, _, stderr = cli(*args)
    assert (
        f'{broken_rules}:22: aturan SKB-B6: kunci "level": kunci wajib "level" tidak ada' in stderr
    )
    _, _, stderr = cli(*args, "--lang", "en")
    assert f'{broken_rules}:22: rule SKB-B6: key "level": missing required key "level"' in stderr


def test_registry_validate_in_both_languages(broken_registry: Path) -> None:
    code, _, stderr = cli("registry", "validate", str(broken_registry))
    assert code == 2
    assert stderr.splitlines()[:2] == [
        f'{broken_registry}:13: kunci "stages": tahapan pair_determination: tanggal akhir '
        "2023-11-01 lebih awal daripada tanggal mulai 2023-11-13",
        f'{broken_registry}:20: kunci "ends": setiap fakta memerlukan `source`, atau '
        "`unverified: true` disertai `note`",
    ]
    code, _, stderr = cli("registry", "validate", str(broken_registry), "--lang", "en")
    assert code == 2
    assert stderr.splitlines()[:2] == [
        f'{broken_registry}:13: key "stages": stage pair_determination: end 2023-11-01 is before '
        "start 2023-11-13",
        f'{broken_registry}:20: key "ends": a fact needs `source` or `unverified: true` with a '
        "`note`",
    ]


def test_registry_show_reports_loading_problems_in_its_language(broken_registry: Path) -> None:
    _, _, stderr = cli("registry", "show", "--registry", str(broken_registry))
    assert "tanggal akhir 2023-11-01 lebih awal daripada tanggal mulai 2023-11-13" in stderr


def test_library_is_english_unless_told(broken_rules: Path, broken_registry: Path) -> None:
    with pytest.raises(RuleFileError) as caught:
        load_rules(broken_rules)
    assert str(caught.value.problems[0]).endswith('key "level": missing required key "level"')
    with language("id"):
        with pytest.raises(RuleFileError) as caught:
            load_rules(broken_rules)
        first = str(caught.value.problems[0])  # Problem names its key in the language of str()
        assert first.endswith('aturan SKB-B6: kunci "level": kunci wajib "level" tidak ada')
        with pytest.raises(RegistryFileError) as caught_registry:
            load_registry([broken_registry])
        assert "setiap fakta memerlukan `source`" in str(caught_registry.value)


# --- pydantic's messages -----------------------------------------------------------------------


class _Sample(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = "x"
    short: str = Field("xx", min_length=2)
    nonempty: str = Field("x", min_length=1)
    code: str = Field("ab", pattern=r"^[a-z]+$")
    whole: int = 1
    number: float = Field(90.0, ge=80.0, le=100.0)
    flag: bool = False
    items: list[str] = Field(default_factory=lambda: ["a"], min_length=1)
    table: dict[str, str] = Field(default_factory=dict)
    zone: Literal["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"] = "Asia/Jakarta"
    day: dt.date = dt.date(2024, 1, 1)
    required: str


BAD: dict[str, object] = {
    "text": 5,
    "short": "a",
    "nonempty": "",
    "code": "AB",
    "whole": "lima",
    "number": 79.5,
    "flag": "mungkin",
    "items": [],
    "table": [1],
    "zone": "Asia/Tokyo",
    "day": "2024-13-01",
    "extra": 1,
}
INDONESIAN = {
    "text": "nilai harus berupa teks",
    "short": "teks harus berisi paling sedikit 2 karakter",
    "nonempty": "teks harus berisi paling sedikit 1 karakter",
    "code": "teks harus sesuai dengan pola '^[a-z]+$'",
    "whole": "nilai harus berupa bilangan bulat; teks tersebut tidak dapat dibaca sebagai bilangan "
    "bulat",
    "number": "nilai harus lebih besar dari atau sama dengan 80",
    "flag": "nilai harus berupa boolean (true atau false); masukan tidak dapat ditafsirkan",
    "items": "daftar harus berisi paling sedikit 1 butir, bukan 0",
    "table": "nilai harus berupa pemetaan (mapping YAML)",
    "zone": "nilai harus 'Asia/Jakarta', 'Asia/Makassar' atau 'Asia/Jayapura'",
    "day": "nilai harus berupa tanggal atau tanggal dan waktu yang valid, nilai bulan di luar "
    "rentang 1-12",
    "extra": 'kunci "extra" tidak dikenal (yang valid: text, short, nonempty, code, whole, number, '
    "flag, items, table, zone, day, required)",
    "required": 'kunci wajib "required" tidak ada',
}


def _problems(lang: str) -> tuple[dict[str, str], ValidationError]:
    doc = YamlDocument("sample.yaml", BAD)
    with pytest.raises(ValidationError) as caught:
        _Sample.model_validate(BAD)
    with language(lang):
        problems = pydantic_problems(doc, caught.value, _Sample)
    return {str(p.key): p.message for p in problems}, caught.value


def test_pydantic_messages_in_indonesian() -> None:
    messages, _ = _problems("id")
    assert messages == INDONESIAN


def test_pydantic_messages_in_english_are_pydantics_own() -> None:
    messages, error = _problems("en")
    ours = {"extra": 'unknown key "extra"', "required": 'missing required key "required"'}
    for err in error.errors():
        key = str(err["loc"][0])
        if key in ours:
            assert messages[key].startswith(ours[key])
        else:
            assert messages[key] == err["msg"], key


# --- YAML's own messages -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "english", "indonesian"),
    [
        ("a: b: c\n", "mapping values are not allowed here", "nilai pemetaan tidak diperbolehkan"),
        ("a: *x\n", "found undefined alias 'x'", "alias 'x' belum didefinisikan"),
        ("a: 1\n---\nb: 2\n", "but found another document", "satu dokumen YAML"),
        ("a: [1, 2\n", "expected ',' or ']', but got '<stream end>'", "tetapi didapati"),
        ("a: 1\na: 2\n", "duplicate key (first defined on line 1)", "kunci ganda"),
        ("", "file is empty", "berkas kosong"),
    ],
)
def test_yaml_problems_in_both_languages(
    tmp_path: Path, text: str, english: str, indonesian: str
) -> None:
    path = tmp_path / "file.yaml"
    path.write_text(text, encoding="utf-8")
    for lang, expected in (("en", english), ("id", indonesian)):
        with language(lang), pytest.raises(YamlFileError) as caught:
            load_yaml(path)
        assert expected in str(caught.value), (lang, str(caught.value))
