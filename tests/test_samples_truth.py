"""The generator's ground truth and the audit agree: on the shipped samples and on fresh seeds.

A record the audit rejects (the generator breaks a few rows on purpose) is left out of the
comparison; every other record must be a finding of the truth's family and participant, or no
finding at all.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from neutrality.pipeline import AuditOptions, run_audit
from neutrality.registry import load_registry
from neutrality.resources import default_registry_paths
from neutrality.samples import write_samples

ROOT = Path(__file__).resolve().parents[1]
FAMILY = {
    "SKB-A4": "interaction", "SKB-B6": "interaction", "SKB-A2": "campaign_content",
    "SKB-B2": "campaign_content", "SKB-A5": "photo", "SKB-B7": "photo",
}  # fmt: skip


def confusion(samples: Path, out: Path) -> dict[str, int]:
    run_audit(
        AuditOptions(
            activity=[samples / "activity.csv"], roster=samples / "roster.csv", out=out,
            formats=("csv",),
        )
    )  # fmt: skip
    truth = pd.read_csv(samples / "truth.csv", dtype=str, keep_default_na=False)
    found = pd.read_csv(
        out / "findings.csv", dtype=str, keep_default_na=False, encoding="utf-8-sig"
    )
    rejected = pd.read_csv(out / "rejected.csv", dtype=str, keep_default_na=False,
                           encoding="utf-8-sig")  # fmt: skip
    truth = truth[~truth["record_id"].isin(set(rejected["record_id"]))]
    violations = truth[truth["is_violation"] == "True"]
    expected = set(zip(violations["record_id"], violations["rule_family"],
                       violations["participant_id"], strict=True))  # fmt: skip
    got = set(zip(found["record_id"], found["rule_id"].map(FAMILY), found["participant_id"],
                  strict=True))  # fmt: skip
    return {
        "true_positive": len(expected & got),
        "false_positive": len(got - expected),
        "false_negative": len(expected - got),
        "true_negative": len(truth) - len(expected | got),
    }


def test_shipped_samples_agree_with_their_truth(tmp_path: Path) -> None:
    counts = confusion(ROOT / "samples", tmp_path / "out")
    assert counts["true_positive"] >= 80, counts
    assert counts["false_positive"] == 0, counts
    assert counts["false_negative"] == 0, counts


@pytest.mark.parametrize("seed", [7, 2024])
def test_fresh_samples_agree_with_their_truth(tmp_path: Path, seed: int) -> None:
    registry = load_registry(default_registry_paths())
    write_samples(registry, tmp_path / "samples", rows=3000, employees=80, seed=seed)
    counts = confusion(tmp_path / "samples", tmp_path / "out")
    assert counts["true_positive"] >= 100, counts
    assert counts["false_positive"] == 0, counts
    assert counts["false_negative"] == 0, counts
