"""Writers: one per output format. They take findings and rows, and know nothing of detection.

findings.csv, findings.jsonl and rejected.csv are streamed while the run goes (safe_csv, jsonl);
`write_reports` then builds findings.xlsx, report.html and the case sheets from those files.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from neutrality.report.cases import HrLookup, roster_lookup, write_cases
from neutrality.report.html import write_html
from neutrality.report.pseudonym import Pseudonymizer
from neutrality.report.workbook import write_workbook

__all__ = [
    "HrLookup",
    "Pseudonymizer",
    "roster_lookup",
    "write_cases",
    "write_html",
    "write_reports",
    "write_workbook",
]


def write_reports(
    out: Path,
    summary: Mapping[str, Any],
    formats: Collection[str],
    lang: str,
    *,
    bawaslu_pack: bool = False,
    hr: HrLookup | None = None,
) -> list[Path]:
    """The end-of-run reports asked for in `formats` (xlsx; html with the case sheets)."""
    paths = []
    if "xlsx" in formats:
        paths.append(write_workbook(out, summary, lang))
    if "html" in formats:
        paths.append(write_html(out, summary, lang, link_cases=True))
        paths += write_cases(out, summary, lang, bawaslu_pack=bawaslu_pack, hr=hr)
    return paths
