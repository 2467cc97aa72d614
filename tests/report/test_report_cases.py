"""Case sheets: one per employee, confined to out/cases/, HR fields left out of the Bawaslu pack."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from report_fixtures import NIPS, make_finding, summary_for, write_run

from neutrality.report.cases import case_file_name, confined, roster_lookup, write_cases

HOSTILE_NIPS = ["../../evil", "..", "a/b\\c", "/etc/passwd", "CON", "", "1986 0926", "x" * 300]


@pytest.mark.parametrize("nip", HOSTILE_NIPS)
def test_a_hostile_nip_never_names_a_path(nip: str) -> None:
    name = case_file_name(nip)
    assert name.startswith("id-") and name.endswith(".html")
    assert "/" not in name and "\\" not in name and ".." not in name


def test_well_formed_nip_and_pseudonym_keep_their_names() -> None:
    assert case_file_name(NIPS[0]) == f"{NIPS[0]}.html"
    assert case_file_name("P-0123456789abcdef") == "P-0123456789abcdef.html"


def test_sheets_stay_inside_out_cases(tmp_path: Path) -> None:
    out = tmp_path / "deep" / "out"
    findings = [make_finding(n, nip) for n, nip in enumerate([NIPS[0], *HOSTILE_NIPS], start=1)]
    write_run(out, findings)
    written = write_cases(out, summary_for(findings), "id")
    folder = (out / "cases").resolve()
    assert all(path.resolve().parent == folder for path in written)
    assert len(written) == len(findings) + 1  # one per employee key and the index
    outside = {p for p in tmp_path.rglob("*") if p.is_file()} - {p for p in folder.iterdir()}
    assert {p.name for p in outside} == {
        "findings.csv",
        "findings.jsonl",
        "rejected.csv",
        "summary.json",
    }
    with pytest.raises(ValueError):
        confined(folder, "../x.html")


def hr_frame() -> pd.DataFrame:
    return pd.DataFrame(
        {"name": ["Budi Santoso"], "agency": ["Dinas Pendidikan"], "unit": ["Sekretariat"],
         "position": ["Guru Ahli Muda"], "employment": ["PNS"]},
        index=pd.Index([NIPS[0]], name="nip"),
    )  # fmt: skip


@pytest.mark.parametrize(("pack", "shown"), [(False, True), (True, False)])
def test_bawaslu_pack_leaves_out_hr_fields(tmp_path: Path, pack: bool, shown: bool) -> None:
    out = tmp_path / "out"
    findings = [make_finding(1), make_finding(2, rule_id="SKB-A4")]
    write_run(out, findings)
    write_cases(out, summary_for(findings), "id", bawaslu_pack=pack, hr=roster_lookup(hr_frame()))
    sheet = (out / "cases" / f"{NIPS[0]}.html").read_text(encoding="utf-8")
    for always in (
        NIPS[0],
        "Budi Santoso",
        "Dinas Pendidikan",
        "dugaan pelanggaran — perlu ditinjau",
    ):
        assert always in sheet
    for hr_value in ("Sekretariat", "Guru Ahli Muda", "Unit kerja", "Jabatan"):
        assert (hr_value in sheet) is shown
    assert sheet.count('class="case-finding"') == 2
    assert "Hukuman disiplin berat" in sheet and "Pasal 5 huruf n angka 5 PP 94/2021" in sheet
    assert "<script" not in sheet


def test_english_sheet_and_index_and_no_stale_sheets(tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "cases").mkdir(parents=True)
    (out / "cases" / "199999999999999999.html").write_text("stale from an earlier run")
    findings = [make_finding(1)]
    write_run(out, findings)
    write_cases(out, summary_for(findings), "en")
    names = sorted(p.name for p in (out / "cases").iterdir())
    assert names == [f"{NIPS[0]}.html", "index.html"]
    sheet = (out / "cases" / f"{NIPS[0]}.html").read_text(encoding="utf-8")
    assert "alleged violation — requires review" in sheet and "Legal basis" in sheet
    index = (out / "cases" / "index.html").read_text(encoding="utf-8")
    assert f'href="{NIPS[0]}.html"' in index


def test_a_rerun_rewrites_its_sheets_and_removes_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # sheets are rewritten in place; only those this run did not write again are removed,
    # compared by name, so a relative --out (resolved paths vs listed ones) keeps the new sheets
    monkeypatch.chdir(tmp_path)
    out = Path("out")
    (out / "cases").mkdir(parents=True)
    (out / "cases" / f"{NIPS[0]}.html").write_text("sheet of an earlier run")
    (out / "cases" / "199999999999999999.html").write_text("stale from an earlier run")
    (out / "cases" / "notes.txt").write_text("not a sheet: left alone")
    findings = [make_finding(1)]
    write_run(out, findings)
    written = write_cases(out, summary_for(findings), "id")
    names = sorted(p.name for p in (out / "cases").iterdir())
    assert names == [f"{NIPS[0]}.html", "index.html", "notes.txt"]
    assert sorted(p.name for p in written) == [f"{NIPS[0]}.html", "index.html"]
    sheet = (out / "cases" / f"{NIPS[0]}.html").read_text(encoding="utf-8")
    assert "earlier run" not in sheet and NIPS[0] in sheet


def test_links_left_in_the_folder_are_removed_never_followed(tmp_path: Path) -> None:
    """A link named like a sheet (to a file outside, or to the index) is removed, not written
    through; a stale link is removed itself, not the file it points at."""
    out = tmp_path / "out"
    (out / "cases").mkdir(parents=True)
    outside = tmp_path / "precious.txt"
    outside.write_text("must survive", encoding="utf-8")
    (out / "cases" / f"{NIPS[0]}.html").symlink_to(outside)
    (out / "cases" / "old.html").symlink_to(out / "cases" / "index.html")
    (out / "cases" / "away.html").symlink_to(outside)
    findings = [make_finding(1)]
    write_run(out, findings)
    write_cases(out, summary_for(findings), "id")
    assert outside.read_text(encoding="utf-8") == "must survive"
    names = sorted(p.name for p in (out / "cases").iterdir())
    assert names == [f"{NIPS[0]}.html", "index.html"]
    assert not (out / "cases" / f"{NIPS[0]}.html").is_symlink()
    assert 'href="' in (out / "cases" / "index.html").read_text(encoding="utf-8")


def test_a_failed_rerun_leaves_no_index_of_the_earlier_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from neutrality.report import cases

    out = tmp_path / "out"
    (out / "cases").mkdir(parents=True)
    (out / "cases" / "index.html").write_text("index of an earlier run", encoding="utf-8")
    findings = [make_finding(1)]
    write_run(out, findings)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("rendering failed")

    monkeypatch.setattr(cases, "_identity", broken)
    with pytest.raises(RuntimeError):
        write_cases(out, summary_for(findings), "id")
    assert not (out / "cases" / "index.html").exists()
