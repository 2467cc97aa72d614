"""Writers: one per output format. They take findings and rows, and know nothing of detection.

findings.csv, findings.jsonl and rejected.csv are streamed while the run goes (safe_csv, jsonl);
`write_reports` then builds findings.xlsx, report.html and the case sheets from those files.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import datetime as dt
import functools
import importlib
import importlib.util
import multiprocessing
import os
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from neutrality.report.cases import HrLookup, roster_lookup, write_cases
    from neutrality.report.html import write_html
    from neutrality.report.pseudonym import Pseudonymizer
    from neutrality.report.workbook import write_workbook

#: names given from the module that defines them on first use: an audit that writes only the
#: streamed files never imports the workbook's and the HTML report's libraries (xlsxwriter,
#: jinja2), about 40 ms of every run's start
_LAZY = {
    "HrLookup": "cases", "roster_lookup": "cases", "write_cases": "cases", "write_html": "html",
    "Pseudonymizer": "pseudonym", "write_workbook": "workbook",
}  # fmt: skip


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    if importlib.util.find_spec(f"{__name__}.{name}") is not None:  # a submodule, as before
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


__all__ = [
    "HrLookup",
    "Pseudonymizer",
    "roster_lookup",
    "write_cases",
    "write_html",
    "write_reports",
    "write_run_reports",
    "write_workbook",
]


#: findings from which `parallel` writes the workbook in a second process while the HTML report
#: and the case sheets are written in this one (below it, starting that process costs more)
PARALLEL_FINDINGS = 2_000


def write_reports(
    out: Path,
    summary: Mapping[str, Any],
    formats: Collection[str],
    lang: str,
    *,
    bawaslu_pack: bool = False,
    hr: HrLookup | None = None,
    parallel: bool = False,
    parallel_findings: int = PARALLEL_FINDINGS,
) -> list[Path]:
    """The end-of-run reports asked for in `formats` (xlsx; html with the case sheets).

    The two read the streamed files and write files of their own, nothing else. With
    `parallel`, many findings and more than one core, the workbook is written meanwhile by a
    spawned process (about half the time at 40,000 findings). A spawned process imports the
    caller's main module, so `parallel` is for callers whose main module is safe to import
    (the command line is); the default keeps everything in this process.
    """
    from neutrality.report.cases import write_cases
    from neutrality.report.html import write_html
    from neutrality.report.workbook import write_workbook

    paths: list[Path] = []
    with contextlib.ExitStack() as stack:  # a workbook process is waited for, error or not
        workbook = None
        if (
            parallel
            and "xlsx" in formats
            and "html" in formats
            and _worth_a_process(summary, parallel_findings)
        ):
            pool = stack.enter_context(
                concurrent.futures.ProcessPoolExecutor(
                    # spawn, not fork: this process runs Arrow's threads (see neutrality.workers)
                    max_workers=1,
                    mp_context=multiprocessing.get_context("spawn"),
                )
            )
            workbook = pool.submit(write_workbook, out, dict(summary), lang)
        elif "xlsx" in formats:
            paths.append(write_workbook(out, summary, lang))
        if "html" in formats:
            html = [write_html(out, summary, lang, link_cases=True)]
            html += write_cases(out, summary, lang, bawaslu_pack=bawaslu_pack, hr=hr)
            if workbook is not None:
                paths.append(workbook.result())  # raises here what the workbook raised there
            paths += html
    return paths


def _worth_a_process(summary: Mapping[str, Any], threshold: int) -> bool:
    try:
        findings = int(summary.get("findings") or 0)
    except (TypeError, ValueError):
        return False
    return findings >= threshold and _usable_cpus() > 1


def _usable_cpus() -> int:
    """CPUs this process may run on (a container or `taskset` may allow fewer than exist)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def write_run_reports(
    out: Path,
    summary: Mapping[str, Any],
    formats: Collection[str],
    lang: str,
    *,
    registry: Any = None,
    employees: Any = None,
    pseudonymizer: Pseudonymizer | None = None,
    bawaslu_pack: bool = False,
    parallel: bool = False,
) -> list[Path]:
    """What the pipeline calls once the streamed files are closed: the registry gives the
    stage marks of the time chart, the roster's employees frame the case sheets' HR fields.
    `parallel`: see write_reports."""
    if not {"xlsx", "html"} & set(formats):
        return []
    from neutrality.report.cases import roster_lookup

    hr = None
    if employees is not None:
        pseudonym = functools.partial(pseudonymizer.pseudonym, "nip") if pseudonymizer else None
        hr = roster_lookup(employees, pseudonym)
    elections = election_stages(registry, lang)
    report_summary = {**summary, "elections": elections} if elections else summary
    return write_reports(
        out, report_summary, formats, lang, bawaslu_pack=bawaslu_pack, hr=hr, parallel=parallel
    )


def election_stages(registry: Any, lang: str = "id") -> list[dict[str, Any]]:
    """Elections and their stage dates from a loaded registry, for the charts; the registry's
    shape is read loosely so a registry without elections just gives no stage marks."""
    elections = getattr(registry, "elections", None) or []
    if isinstance(elections, Mapping):
        elections = list(elections.values())
    result = []
    for election in elections:
        stages = [_stage(stage, lang) for stage in getattr(election, "stages", None) or []]
        result.append({"id": str(getattr(election, "id", "")), "stages": [s for s in stages if s]})
    return result


def _stage(stage: Any, lang: str) -> dict[str, str] | None:
    start = getattr(stage, "start", None)
    if not isinstance(start, dt.date):
        return None
    name = getattr(stage, "name", None)
    text = getattr(name, lang, None) or getattr(name, "id", None) or name or ""
    return {"id": str(getattr(stage, "id", "")), "name": str(text), "start": start.isoformat()}
