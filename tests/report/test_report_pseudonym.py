"""Keyed pseudonyms: stable for one key, different for another, and no raw NIP or name left in
any output of a run made with a key."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from report_fixtures import NIPS, hostile_findings, rejected_rows, write_run

from neutrality.errors import UsageError
from neutrality.report import write_reports
from neutrality.report.pseudonym import Pseudonymizer

KEY = b"k" * 32


def test_stable_for_a_key_and_different_across_keys() -> None:
    one, again, other = Pseudonymizer(KEY), Pseudonymizer(KEY), Pseudonymizer(b"o" * 32)
    assert one.pseudonym("nip", NIPS[0]) == again.pseudonym("nip", NIPS[0])
    assert one.pseudonym("nip", NIPS[0]) != other.pseudonym("nip", NIPS[0])
    assert one.pseudonym("nip", NIPS[0]) != one.pseudonym("nip", NIPS[1])
    assert (
        one.pseudonym("nip", NIPS[0]).startswith("P-") and len(one.pseudonym("nip", NIPS[0])) == 18
    )
    assert one.pseudonym("name", "Budi  Santoso") == one.pseudonym("name", "budi santoso")
    assert one.pseudonym("name", NIPS[0]) != one.pseudonym("nip", NIPS[0])  # kinds kept apart
    assert one.pseudonym("nip", "") == ""


def test_key_file_must_exist_and_hold_16_bytes(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="cannot read the key file"):
        Pseudonymizer.from_file(tmp_path / "missing.key")
    short = tmp_path / "short.key"
    short.write_bytes(b"0123456789\n")
    with pytest.raises(UsageError, match="holds 10 bytes, at least 16"):
        Pseudonymizer.from_file(short)
    good = tmp_path / "good.key"
    good.write_bytes(KEY + b"\n")
    assert Pseudonymizer.from_file(good).pseudonym("nip", NIPS[0]) == Pseudonymizer(KEY).pseudonym(
        "nip", NIPS[0]
    )


def all_output_text(out: Path) -> str:
    """Every file of the run as text, the workbook's XML parts included."""
    texts = []
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        if path.suffix == ".xlsx":
            with zipfile.ZipFile(path) as book:
                texts += [book.read(name).decode("utf-8") for name in book.namelist()]
        else:
            texts.append(path.read_text(encoding="utf-8-sig"))
    return "\n".join(texts)


def test_no_raw_nip_or_name_in_any_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    keyed = Pseudonymizer(KEY)
    summary = write_run(out, hostile_findings(), rejected_rows(), pseudonymizer=keyed)
    written = write_reports(out, summary, ["xlsx", "html"], "id")
    assert {p.name for p in written} >= {"findings.xlsx", "report.html", "index.html"}
    text = all_output_text(out)
    for raw in (*NIPS, f"{NIPS[1]}9", "Budi Santoso", "Siti Aminah", "siti_r"):
        assert raw not in text, f"{raw} leaked"
    pseudonym = keyed.pseudonym("nip", NIPS[0])
    assert pseudonym in text and (out / "cases" / f"{pseudonym}.html").exists()
    assert keyed.pseudonym("nip", f"{NIPS[1]}9") in text  # the rejected row's bad NIP too


def test_another_key_gives_other_pseudonyms(tmp_path: Path) -> None:
    texts = []
    for key in (KEY, b"another key, also long enough"):
        out = tmp_path / key.hex()[:8]
        write_run(out, hostile_findings(), pseudonymizer=Pseudonymizer(key))
        texts.append((out / "findings.csv").read_text(encoding="utf-8-sig"))
    first = Pseudonymizer(KEY).pseudonym("nip", NIPS[0])
    assert first in texts[0] and first not in texts[1]
