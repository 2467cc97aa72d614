"""Every real election text of ../shared/corpus goes through `audit` as post text without an error.

The corpus is unseen text for robustness only: nothing here tunes rules to it or copies it into
the project; the test builds its export in a temporary folder at run time.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from neutrality.cli import app

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
NIP = "198609262015051001"


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.csv")) if CORPUS.is_dir() else []


@pytest.mark.skipif(
    not corpus_files(), reason=f"corpus folder {CORPUS} is absent (needs ../shared)"
)
def test_whole_corpus_runs_through_audit(tmp_path: Path) -> None:
    activity = tmp_path / "corpus_activity.csv"
    texts = 0
    with activity.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["record_id", "nip", "platform", "action", "occurred_at", "content_text"])
        for path in corpus_files():
            with path.open(encoding="utf-8", newline="") as source:
                # row_id repeats across a file's source_path values, so number the rows here
                for number, row in enumerate(csv.DictReader(source), start=1):
                    texts += 1
                    record_id = f"{path.stem}:{number}"
                    writer.writerow(
                        [record_id, NIP, "x", "post", "2023-12-15 10:00 WIB", row["text"]]
                    )
    roster = tmp_path / "roster.csv"
    roster.write_text(f"nip,name,agency\n{NIP},Pegawai Uji,Instansi Uji\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        app,
        [
            "audit",
            str(activity),
            "--roster",
            str(roster),
            "--out",
            str(out),
            "--format",
            "csv,jsonl",
        ],
    )
    assert result.exit_code in (0, 1), result.stdout + result.stderr
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["rows_read"] == texts
    assert summary["rows_evaluated"] == texts, "every corpus text must be evaluated, none rejected"
