"""Run every real election text of ../shared/corpus through `audit` as a post and count, per
source file, how many texts were flagged as campaign content.

The corpus is for robustness only: nothing is tuned to it and no row is copied into the project;
the export is built in a temporary folder. Usage: `.venv/bin/python benchmarks/corpus.py [--json]`.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from neutrality.pipeline import AuditOptions, run_audit

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"
NIP = "198609262015051001"
WHEN = "2023-12-15 10:00 WIB"  # in the campaign period: any campaign text is a B2 finding


def build_export(folder: Path) -> tuple[Path, Path, Counter[str]]:
    activity = folder / "corpus_activity.csv"
    texts: Counter[str] = Counter()
    with activity.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["record_id", "nip", "platform", "action", "occurred_at", "content_text"])
        for path in sorted(CORPUS.glob("*.csv")):
            with path.open(encoding="utf-8", newline="") as source:
                for number, row in enumerate(csv.DictReader(source), start=1):
                    texts[path.stem] += 1
                    writer.writerow([f"{path.stem}:{number}", NIP, "x", "post", WHEN, row["text"]])
    roster = folder / "roster.csv"
    roster.write_text(f"nip,name,agency\n{NIP},Pegawai Uji,Instansi Uji\n", encoding="utf-8")
    return activity, roster, texts


def measure() -> dict[str, object]:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        activity, roster, texts = build_export(folder)
        started = time.perf_counter()
        run_audit(AuditOptions(activity=[activity], roster=roster, out=folder / "out",
                               formats=("csv",)))  # fmt: skip
        seconds = time.perf_counter() - started
        flagged: Counter[str] = Counter()
        with (folder / "out" / "findings.csv").open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                flagged[row["record_id"].split(":", 1)[0]] += 1
        summary = json.loads((folder / "out" / "summary.json").read_text(encoding="utf-8"))
    rows = [
        {"source": s, "texts": n, "flagged": flagged[s], "share": round(flagged[s] / n, 3)}
        for s, n in sorted(texts.items())
    ]
    return {
        "texts": sum(texts.values()),
        "evaluated": summary["rows_evaluated"],
        "rejected": summary["rows_rejected"],
        "seconds": round(seconds, 2),
        "by_confidence": summary["findings_by_confidence"],
        "sources": rows,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not CORPUS.is_dir():
        print(f"corpus folder {CORPUS} is absent", file=sys.stderr)
        return 2
    result = measure()
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"{result['texts']} texts, {result['evaluated']} evaluated, {result['rejected']} "
          f"rejected, {result['seconds']} s; by confidence {result['by_confidence']}")  # fmt: skip
    print(f"{'source':40} {'texts':>6} {'flagged':>8} {'share':>6}")
    for row in result["sources"]:  # type: ignore[attr-defined]
        print(f"{row['source']:40} {row['texts']:>6} {row['flagged']:>8} {row['share']:>6.1%}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
