"""report.html: one self-contained page a reviewer opens from disk and prints.

Nothing in it reaches the network: CSS and script are inline, charts are inline SVG, and a
Content-Security-Policy lets only the page's own script run and nothing load. The findings
table is rendered on the server (it prints and reads without script); the inline script only
filters and sorts it, from the findings' values given as JSON in a data block.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from markupsafe import Markup

from neutrality.report.cases import case_file_name
from neutrality.report.charts import bar_chart, timeline
from neutrality.report.labels import labels
from neutrality.report.source import (
    ROSTER_ROWS_LISTED,
    Tallies,
    iter_findings,
    iter_rejected,
    run_time,
    tally,
)
from neutrality.report.views import (
    csp_hash,
    data_item,
    environment,
    finding_view,
    script_json,
    static_text,
)

REPORT_FILE = "report.html"
#: a browser stays usable with this many rows; beyond it the page says where all findings are
HTML_TABLE_LIMIT = 10_000
COUNT_KEYS = ("rows_read", "rows_evaluated", "rows_rejected", "findings", "employees_flagged")


def write_html(
    out: Path, summary: Mapping[str, Any], lang: str, *, link_cases: bool = False
) -> Path:
    """Write out/report.html from out/findings.jsonl; `link_cases` links NIPs to cases/."""
    text = labels(lang)
    tallies = tally(out)
    script = static_text("report.js")
    context = {
        "lang": lang if lang in ("id", "en") else "id",
        "t": text,
        "style": Markup(static_text("style.css")),  # safe: the package's own CSS
        "script": Markup(script),  # safe: the package's own script
        "csp": _policy(csp_hash(script)),
        "counts": [(text[key], _count(summary, key, tallies)) for key in COUNT_KEYS],
        "left_out_shown": ROSTER_ROWS_LISTED,
        "by_confidence": _by_confidence(tallies, text),
        "rejected_reasons": Counter(row.get("reason", "") for row in iter_rejected(out)),
        "summary": summary,
        "inputs": list(summary.get("inputs") or []),
        "charts": _charts(tallies, summary, lang, text),
        "stages": stages_of(summary, lang),
        "rules": tallies.rules,
        "confidences": [c for c in ("high", "medium", "low") if c in tallies.by_confidence],
        "total": tallies.total,
        "shown": min(tallies.total, HTML_TABLE_LIMIT),
        "rows": lambda: _rows(out, text, link_cases),
        "data": lambda: _data(out),
        "generated": _generated(summary, text),
    }
    path = out / REPORT_FILE
    with path.open("w", encoding="utf-8", newline="\n") as handle:
        handle.writelines(environment().get_template("report.html.j2").generate(**context))
    return path


def _policy(script_hash: str) -> str:
    """No fetch of any kind; styles inline; the one inline script by its hash."""
    return (
        f"default-src 'none'; script-src {script_hash}; style-src 'unsafe-inline'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def _rows(out: Path, text: Mapping[str, str], link_cases: bool) -> Iterator[dict[str, Any]]:
    for record in itertools.islice(iter_findings(out), HTML_TABLE_LIMIT):
        view = finding_view(record, text)
        nip = str(record.get("nip") or "")
        view["case_href"] = f"cases/{case_file_name(nip)}" if link_cases and nip else ""
        yield view


def _data(out: Path) -> Iterator[Markup]:
    for record in itertools.islice(iter_findings(out), HTML_TABLE_LIMIT):
        yield script_json(data_item(record))


def _count(summary: Mapping[str, Any], key: str, tallies: Tallies) -> int:
    fallback = {"findings": tallies.total, "employees_flagged": len(tallies.by_employee)}
    value = summary.get(key, fallback.get(key, 0))
    return int(value) if isinstance(value, int | float | str) and str(value).isdigit() else 0


def _by_confidence(tallies: Tallies, text: Mapping[str, str]) -> list[tuple[str, int]]:
    return [(text[c], tallies.by_confidence[c]) for c in ("high", "medium", "low")]


def _charts(
    tallies: Tallies, summary: Mapping[str, Any], lang: str, text: Mapping[str, str]
) -> list[tuple[str, Markup, bool]]:
    """(title, SVG, spans the page) for rules, agencies and findings over time."""
    by_rule = [(rule, tallies.by_rule[rule]) for rule in tallies.rules]
    by_agency = sorted(
        ((agency or text["unknown"], t.findings) for agency, t in tallies.by_agency.items()),
        key=lambda item: (-item[1], item[0]),
    )
    charts = [
        (text["by_rule"], bar_chart(by_rule, text["by_rule"], lang=lang), False),
        (text["by_agency"], bar_chart(by_agency, text["by_agency"], lang=lang), False),
        (
            text["over_time"],
            timeline(tallies.by_day, stages_of(summary, lang), text["over_time"], lang),
            True,
        ),
    ]
    return [chart for chart in charts if chart[1]]


def stages_of(summary: Mapping[str, Any], lang: str) -> list[tuple[dt.date, str]]:
    """Stage start dates from `summary["stages"]` or `summary["elections"][*]["stages"]`
    (each `{id, name: text or {id, en}, start: YYYY-MM-DD}`); none when the summary has none."""
    raw = list(summary.get("stages") or [])
    for election in summary.get("elections") or []:
        if isinstance(election, Mapping):
            raw += list(election.get("stages") or [])
    stages = []
    for stage in raw:
        if not isinstance(stage, Mapping):
            continue
        try:
            start = dt.date.fromisoformat(str(stage.get("start", ""))[:10])
        except ValueError:
            continue
        name = stage.get("name") or stage.get("id") or ""
        if isinstance(name, Mapping):
            name = name.get(lang) or name.get("id") or ""
        stages.append((start, str(name)))
    return sorted(set(stages))


def _generated(summary: Mapping[str, Any], text: Mapping[str, str]) -> str:
    return text["generated"].format(
        version=summary.get("version", ""), finished=run_time(summary.get("finished_at"))
    )
