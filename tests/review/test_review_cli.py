"""`neutrality review ...` as an officer or a script meets it: JSON, Indonesian/English, exit codes."""

from __future__ import annotations

import json
import sys
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from neutrality.cli import app

BUDI = "198609262015051001"
runner = CliRunner()


def review(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["review", *args])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def loaded(case: str, tmp_path: Path, make_finding: Any, write_audit: Any) -> tuple[str, list[str]]:
    findings = [make_finding("SKB-B6", 2, BUDI), make_finding("SKB-A4", 3, BUDI)]
    out = write_audit(tmp_path / "out", findings)
    code, stdout, stderr = review("load", str(out), "--case", case, "--json")
    assert code == 0, stderr
    assert json.loads(stdout)["new_findings"] == 2
    return case, sorted(f.finding_id for f in findings)


def test_list_show_decide_log_verify(loaded: tuple[str, list[str]]) -> None:
    case, (first, second) = loaded
    code, stdout, _ = review("list", "--case", case, "--json")
    assert code == 0 and {r["finding_id"] for r in json.loads(stdout)} == {first, second}
    code, stdout, _ = review("list", "--case", case)
    assert code == 0 and "Antrean tinjauan" in stdout and "baru" in stdout

    code, stdout, _ = review("decide", first, "--case", case, "--disposition", "dismiss",
                             "--reviewer", "Bob", "--reason", "duplicate", "--note", "dobel")  # fmt: skip
    assert code == 0 and "ditolak" in stdout
    code, stdout, _stderr = review("decide", second, "--case", case, "--disposition", "confirm",
                                  "--reviewer", "Ani", "--expect-version", "1", "--lang", "en")  # fmt: skip
    assert code == 0 and "confirmed (version 2) by Ani" in stdout

    code, stdout, _ = review("list", "--case", case, "--status", "confirmed", "--json")
    assert [r["finding_id"] for r in json.loads(stdout)] == [second]
    code, stdout, _ = review("show", first, "--case", case)
    assert code == 0 and "Alasan: duplicate" in stdout and "WIB" in stdout
    code, stdout, _ = review("show", first, "--case", case, "--json")
    assert json.loads(stdout)["history"][0]["action"] == "dismiss"
    code, stdout, _ = review("log", "--case", case, "--json")
    assert [e["action"] for e in json.loads(stdout)] == ["load_run", "dismiss", "confirm"]
    code, stdout, _ = review("verify-log", "--case", case)
    assert code == 0 and "Log audit utuh: 3 entri" in stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["decide", "F-x", "--disposition", "confirm", "--reviewer", "A"], "ID temuan F-x tidak dikenal"),
        (["decide", "{first}", "--disposition", "dismiss", "--reviewer", "A"], "dismiss wajib disertai kode alasan"),
        (["decide", "{first}", "--disposition", "escalate", "--reviewer", "A"], "escalate wajib disertai catatan"),
        (["decide", "{first}", "--disposition", "confirm", "--reviewer", "A", "--expect-version", "7"], "tidak pernah berversi 7"),
        (["list", "--status", "done"], '--status "done": gunakan new, open'),
        (["export-xlsx", "--out", "/tmp/never-written.xlsx", "--status", "done"],
         '--status "done": gunakan new, open'),
        (["list", "--lang", "fr"], '--lang "fr": gunakan id atau en'),
        (["show", "F-x"], "ID temuan F-x tidak dikenal"),
        (["add-manual", "--rule", "SKB-B20", "--nip", BUDI, "--name", "Budi", "--occurred-at",
          "2024-01-01 10:00", "--evidence", "x", "--reviewer", "A"], '--rule "SKB-B20" bukan aturan'),
    ],
)  # fmt: skip
def test_errors_exit_2_with_a_message(
    loaded: tuple[str, list[str]], args: list[str], message: str
) -> None:
    case, (first, _) = loaded
    code, stdout, stderr = review(*[a.format(first=first) for a in args], "--case", case)
    assert code == 2, stdout
    assert message in stderr and "Traceback" not in stderr


def test_missing_case_file_is_an_error(tmp_path: Path) -> None:
    code, _, stderr = review("list", "--case", str(tmp_path / "none.db"))
    assert code == 2 and "berkas kasus" in stderr and "tidak ada" in stderr
    assert not (tmp_path / "none.db").exists()


def test_unreachable_postgres_is_an_error() -> None:
    code, _, stderr = review("list", "--case", "postgresql://nobody@127.0.0.1:1/none")
    assert code == 2 and "tidak dapat dibuka" in stderr and "Traceback" not in stderr
    code, _, stderr = review(
        "list", "--case", "postgresql://nobody@127.0.0.1:1/none", "--lang", "en"
    )
    assert code == 2 and "cannot open case store" in stderr and "Traceback" not in stderr


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ([], "Galat: ID temuan F-x tidak dikenal"),
        (["--lang", "id"], "Galat: ID temuan F-x tidak dikenal"),
        (["--lang", "en"], "Error: unknown finding id F-x"),
    ],
)
def test_library_errors_come_in_the_chosen_language(
    loaded: tuple[str, list[str]], lang: list[str], expected: str
) -> None:
    case, _ = loaded
    args = ["decide", "F-x", "--case", case, "--disposition", "confirm", "--reviewer", "A"]
    code, stdout, stderr = review(*args, *lang)
    assert code == 2, stdout
    assert stderr.strip() == expected


def test_composed_errors_are_translated_part_by_part(loaded: tuple[str, list[str]]) -> None:
    case, (first, _) = loaded
    decide = ["decide", first, "--case", case, "--reviewer", "Ani"]
    assert review(*decide, "--disposition", "confirm")[0] == 0
    code, _, stderr = review(*decide, "--disposition", "dismiss", "--reason", "duplicate",
                             "--note", "dobel")  # fmt: skip
    assert code == 2
    assert f"keputusan dismiss tidak dapat diterapkan pada temuan {first}" in stderr
    assert "statusnya dikonfirmasi oleh Ani pada " in stderr
    assert "WIB; buka kembali (reopen) terlebih dahulu" in stderr
    code, _, stderr = review(*decide, "--disposition", "dismiss", "--reason", "duplicate",
                             "--note", "dobel", "--lang", "en")  # fmt: skip
    assert code == 2
    assert f"cannot dismiss finding {first}: it is confirmed by Ani at " in stderr
    assert "WIB; reopen it first" in stderr
    code, _, stderr = review(*decide, "--disposition", "reopen", "--expect-version", "1",
                             "--note", "x")  # fmt: skip
    assert code == 2
    assert f"konflik: temuan {first} telah diubah oleh Ani pada " in stderr
    assert "statusnya kini dikonfirmasi (versi 2)" in stderr


def test_manual_export_import_recommendations(
    loaded: tuple[str, list[str]], tmp_path: Path
) -> None:
    case, (first, _second) = loaded
    code, stdout, stderr = review(
        "add-manual", "--case", case, "--rule", "SKB-B5", "--nip", BUDI, "--name", "Budi Santoso",
        "--agency", "Dinas Pendidikan", "--occurred-at", "2024-01-10 09:00 WIB",
        "--evidence", "Tercatat sebagai pengurus partai", "--url", "https://example.org/sk",
        "--reviewer", "Dewi", "--json",
    )  # fmt: skip
    assert code == 0, stderr
    manual = json.loads(stdout)["finding_id"]
    xlsx = tmp_path / "antrean.xlsx"
    code, stdout, _ = review("export-xlsx", "--case", case, "--out", str(xlsx))
    assert code == 0 and "3 temuan diekspor" in stdout
    from openpyxl import load_workbook

    book = load_workbook(xlsx)
    sheet = book.worksheets[0]
    disposition = [str(c.value) for c in sheet[1]].index("Keputusan [disposition]") + 1
    for row in range(2, 5):
        sheet.cell(row, disposition, "confirm")
    book.save(xlsx)
    code, stdout, stderr = review("import-xlsx", str(xlsx), "--case", case, "--reviewer", "Citra")
    assert code == 0, stderr
    code, stdout, _ = review(
        "recommendations", "--case", case, "--out", str(tmp_path / "r.xlsx"), "--json"
    )
    [employee] = json.loads(stdout)
    assert (employee["heaviest_rule"], employee["sanction_level"], employee["findings"]) == (
        "SKB-B5",
        "ptdh",
        3,
    )
    assert manual in employee["finding_ids"] and first in employee["finding_ids"]
    # scripts that read --json before the act's zone was added still find their key
    assert employee["last_occurred_wib"].endswith(" WIB") and employee["last_occurred_local"]


def test_a_finding_with_control_characters_exports_and_recommends(
    loaded: tuple[str, list[str]], tmp_path: Path
) -> None:
    """A post may carry control characters a worksheet cannot hold; the officer's workbooks are
    written all the same (each such character as U+FFFD), not a traceback."""
    case, _ = loaded
    code, stdout, stderr = review(
        "add-manual", "--case", case, "--rule", "SKB-B5", "--nip", BUDI, "--name", "Budi\x01 Santoso",
        "--agency", "Dinas\x02", "--occurred-at", "2024-01-10 09:00 WIB",
        "--evidence", "Menangkan\x01 satu putaran", "--reviewer", "Dewi", "--json",
    )  # fmt: skip
    assert code == 0, stderr
    manual = json.loads(stdout)["finding_id"]
    code, stdout, stderr = review("export-xlsx", "--case", case, "--out", str(tmp_path / "a.xlsx"))
    assert code == 0 and "Traceback" not in stderr, stderr
    review("decide", manual, "--case", case, "--disposition", "confirm", "--reviewer", "Dewi")
    code, _, stderr = review("recommendations", "--case", case, "--out", str(tmp_path / "r.xlsx"))
    assert code == 0 and "Traceback" not in stderr, stderr
    from openpyxl import load_workbook

    names = {c.value for row in load_workbook(tmp_path / "r.xlsx").worksheets[0].iter_rows()
             for c in row}  # fmt: skip
    assert "Budi\ufffd Santoso" in names


def test_verify_log_exits_1_when_broken(loaded: tuple[str, list[str]]) -> None:
    case, _ = loaded
    from sqlalchemy import text

    from neutrality.review import open_store

    with open_store(case) as store, store.begin() as conn:
        trigger = (
            "audit_log_no_change ON audit_log"
            if store.dialect == "postgresql"
            else "audit_log_no_update"
        )
        conn.execute(text(f"DROP TRIGGER {trigger}"))
        conn.execute(text("UPDATE audit_log SET reviewer = 'Mallory'"))
    code, stdout, _ = review("verify-log", "--case", case, "--lang", "en")
    assert code == 1 and "Audit log BROKEN" in stdout and "entry 1: content was changed" in stdout


@dataclass
class _FakeResult:
    summary: dict[str, Any]
    out: Path
    files: list[Path] = field(default_factory=list)

    @property
    def findings(self) -> int:
        return int(self.summary["findings"])


def test_audit_case_option_loads_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_finding: Any, write_audit: Any
) -> None:
    """`neutrality audit ... --case DB`: the engine is replaced by a stand-in that writes outputs."""
    seen: dict[str, Any] = {}

    def run_audit(options: Any, progress: Any = None) -> _FakeResult:
        seen["formats"] = list(options.formats)
        out = write_audit(options.out, [make_finding("SKB-B6", 2, BUDI)])
        summary = json.loads((out / "summary.json").read_text())
        return _FakeResult(summary, out)

    fake = types.ModuleType("neutrality.pipeline")
    fake.FORMATS = ("csv", "jsonl", "xlsx", "html")  # type: ignore[attr-defined]
    fake.AuditOptions = types.SimpleNamespace  # type: ignore[attr-defined]
    fake.run_audit = run_audit  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "neutrality.pipeline", fake)
    case = tmp_path / "case.db"
    result = runner.invoke(app, ["audit", "a.csv", "--out", str(tmp_path / "out"), "--format", "csv",
                                 "--case", str(case)])  # fmt: skip
    assert result.exit_code == 1, result.stderr
    assert "jsonl" in seen["formats"] and "Berkas kasus" in result.stdout
    _code, stdout, _ = review("list", "--case", str(case), "--json")
    assert len(json.loads(stdout)) == 1


def test_a_folder_that_is_not_an_audit_leaves_no_case_file(tmp_path: Path) -> None:
    case = tmp_path / "baru.db"
    code, _, stderr = review("load", str(tmp_path), "--case", str(case))
    assert code == 2 and "summary.json tidak ditemukan: berikan folder --out sebuah audit" in stderr
    assert not case.exists()


def test_a_file_that_is_not_a_case_store_is_named(tmp_path: Path) -> None:
    other = tmp_path / "pegawai.csv"
    other.write_text("nip,nama\n" * 200, encoding="utf-8")
    code, _, stderr = review("list", "--case", str(other))
    assert code == 2
    assert f"{other}: basis data: berkas ini bukan berkas kasus (bukan basis data)" in stderr


def test_add_manual_names_every_bad_option_the_time_included(
    loaded: tuple[str, list[str]],
) -> None:
    case, _ = loaded
    code, _, stderr = review(
        "add-manual", "--case", case, "--rule", "SKB-B20", "--nip", "123", "--name", " ",
        "--occurred-at", "31/02/2024 10:00", "--evidence", "tangkapan layar", "--reviewer", "A",
    )  # fmt: skip
    assert code == 2
    for part in ('--rule "SKB-B20"', '--nip "123"', "--name", '--occurred-at "31/02/2024 10:00"'):
        assert part in stderr, (part, stderr)
