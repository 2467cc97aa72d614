"""report.html parsed with html.parser: one file, nothing fetched, every input text escaped,
evidence links plain anchors with rel="noreferrer", the JSON data block inert."""

from __future__ import annotations

import datetime as dt
import json
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from report_fixtures import SCRIPT, hostile_findings, make_finding, write_run

from neutrality.report import html as html_report
from neutrality.report.html import write_html


class Page(HTMLParser):
    """Every start tag with its attributes, and the text of each <script>."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.scripts: list[tuple[dict[str, str], str]] = []
        self.text: list[str] = []
        self._in_script: dict[str, str] | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.tags.append((tag, attributes))
        if tag == "script":
            self._in_script = attributes

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            self.scripts.append((self._in_script, data))
        else:
            self.text.append(data)


@pytest.fixture
def page(run_out: tuple[Path, Any]) -> tuple[str, Page]:
    out, summary = run_out
    text = write_html(out, summary, "id", link_cases=True).read_text(encoding="utf-8")
    return text, Page(text)


def test_injected_markup_appears_only_escaped(page: tuple[str, Page]) -> None:
    raw, parsed = page
    assert [tag for tag, _ in parsed.tags].count("script") == 2  # the data block and ours
    assert not [tag for tag, _ in parsed.tags if tag in ("img", "iframe", "object", "embed")]
    assert not [a for _, attrs in parsed.tags for a in attrs if a.startswith("on")]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    assert SCRIPT in "".join(parsed.text)  # shown to the reader as text
    assert "Dinas &#34;&gt;&lt;img src=x onerror=alert(2)&gt;" in raw


def test_nothing_points_to_the_network_except_evidence_anchors(page: tuple[str, Page]) -> None:
    _, parsed = page
    links = []
    for tag, attrs in parsed.tags:
        for name in ("src", "href", "action", "srcset", "poster", "data"):
            value = attrs.get(name, "")
            if value.lower().startswith(("http:", "https:", "//")):
                links.append((tag, name, attrs))
            assert not value.lower().startswith("javascript:"), (tag, attrs)
    assert links, "the evidence links are there"
    for tag, name, attrs in links:
        assert (tag, name) == ("a", "href")
        assert attrs["rel"] == "noreferrer"
        assert attrs["href"] == "https://x.com/prabowo/status/1"
    styles = [attrs for tag, attrs in parsed.tags if tag in ("link", "base")]
    assert styles == []


def test_content_security_policy_allows_only_the_inline_script(page: tuple[str, Page]) -> None:
    _, parsed = page
    policy = next(
        a["content"] for t, a in parsed.tags if a.get("http-equiv") == "Content-Security-Policy"
    )
    assert "default-src 'none'" in policy and "script-src 'sha256-" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


def test_json_data_block_is_inert_and_complete(page: tuple[str, Page]) -> None:
    raw, parsed = page
    attrs, data = next((a, d) for a, d in parsed.scripts if a.get("type") == "application/json")
    assert attrs["id"] == "finding-data"
    for forbidden in ("<", ">", "&", "\u2028", "\u2029"):
        assert forbidden not in data
    items = json.loads(data)
    assert len(items) == len(hostile_findings())
    hostile = next(item for item in items if item["rule"] == "SKB-B2")
    assert SCRIPT.casefold() in hostile["q"] and "\u2028" in hostile["q"]
    assert "</script>" not in raw.split('id="finding-data">')[1].split("</script>")[0]


def test_words_every_reader_must_see(page: tuple[str, Page]) -> None:
    _, parsed = page
    text = " ".join(parsed.text)
    assert "dugaan pelanggaran" in text.lower()
    assert "wajib ditinjau oleh petugas (manusia)" in text
    for label in ("Dasar hukum", "Sanksi", "Keyakinan", "Metode", "Entri registri"):
        assert label in text
    assert "2023-11-21 09:01:00 WIB" in text


def test_matched_span_is_highlighted(page: tuple[str, Page]) -> None:
    raw, _ = page
    assert "ayo <mark>coblos 02</mark> &lt;script&gt;" in raw


def test_filters_charts_and_stage_marks(page: tuple[str, Page]) -> None:
    raw, parsed = page
    ids = {attrs.get("id") for _, attrs in parsed.tags}
    assert {"filter-text", "filter-rule", "filter-confidence", "findings-table"} <= ids
    options = [a.get("value") for t, a in parsed.tags if t == "option"]
    assert {"SKB-A4", "SKB-B2", "SKB-B6", "high", "medium", "low"} <= set(options)
    assert [t for t, _ in parsed.tags].count("svg") == 3
    assert 'class="stage"' in raw  # 2023-11-21 falls inside the findings' days
    assert "Penetapan &lt;script&gt;" in raw and "@media print" in raw


def test_codes_are_shown_in_the_readers_words(page: tuple[str, Page]) -> None:
    raw, _ = page
    assert "(B6, Disiplin)" in raw and "(B6, discipline)" not in raw
    assert "<dd>akun sama persis</dd>" in raw and "<dd>exact_handle</dd>" not in raw
    assert "<dd>akun sasaran (target_account)" in raw


def test_english_report_and_case_links(run_out: tuple[Path, Any]) -> None:
    out, summary = run_out
    raw = write_html(out, summary, "en", link_cases=True).read_text(encoding="utf-8")
    assert '<html lang="en">' in raw
    assert "requires review by a person" in raw and "Legal basis" in raw
    assert 'href="cases/198609262015051001.html"' in raw


def test_without_stage_dates_no_marks(tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = write_run(out, [make_finding(1)])
    summary.pop("elections")
    raw = write_html(out, summary, "id").read_text(encoding="utf-8")
    assert 'class="stage"' not in raw and "<svg" in raw


def test_table_cap_says_where_every_finding_is(
    run_out: tuple[Path, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    out, summary = run_out
    monkeypatch.setattr(html_report, "HTML_TABLE_LIMIT", 2)
    raw = write_html(out, summary, "en").read_text(encoding="utf-8")
    assert raw.count('<tbody class="finding"') == 2
    assert "shows 2 of 9 findings" in raw


def test_counts_use_the_report_languages_digit_grouping(run_out: tuple[Path, Any]) -> None:
    """1.234.567 in an Indonesian report, 1,234,567 in an English one: cards, charts, inputs."""
    from neutrality.report.charts import bar_chart, timeline

    out, summary = run_out
    summary = {**summary, "rows_read": 1_234_567}
    indonesian = write_html(out, summary, "id").read_text(encoding="utf-8")
    english = write_html(out, summary, "en").read_text(encoding="utf-8")
    assert "<b>1.234.567</b>" in indonesian and "1,234,567" not in indonesian
    assert "<b>1,234,567</b>" in english and "1.234.567" not in english
    bars = bar_chart([("SKB-B2", 41_118), ("SKB-A4", 7)], "per aturan", lang="id")
    assert ">41.118</text>" in bars and "SKB-B2: 41.118</title>" in bars
    assert ">41,118</text>" in bar_chart([("SKB-B2", 41_118)], "by rule", lang="en")
    days = timeline({"2024-01-10": 12_500, "2024-01-11": 3}, [], "per hari", lang="id")
    assert ">12.500</text>" in days and "2024-01-10: 12.500</title>" in days


def test_scores_use_the_report_languages_decimal_mark(tmp_path: Path) -> None:
    """96,3 in an Indonesian report and its case sheets, 96.3 in an English one."""
    import dataclasses

    from neutrality.report.cases import write_cases

    out = tmp_path / "out"
    base = make_finding(1)
    finding = dataclasses.replace(base, evidence=dataclasses.replace(base.evidence, score=96.34))
    summary = write_run(out, [finding])
    indonesian = write_html(out, summary, "id").read_text(encoding="utf-8")
    # shown as the reader writes it; the data block the table script sorts on keeps the number
    assert '<td class="num">96,3</td>' in indonesian and ">96.3<" not in indonesian
    assert '"score":96.3' in indonesian
    english = write_html(out, summary, "en").read_text(encoding="utf-8")
    assert '<td class="num">96.3</td>' in english
    [sheet, _index] = write_cases(out, summary, "id")
    assert "<dd>96,3</dd>" in sheet.read_text(encoding="utf-8")


def test_a_weekly_timeline_bar_names_its_whole_week() -> None:
    from neutrality.report.charts import DAY_BUCKET_LIMIT, timeline

    first = dt.date(2022, 6, 14)  # a Tuesday: its week starts on Monday the 13th
    days = {str(first + dt.timedelta(days=n)): 1 for n in range(0, DAY_BUCKET_LIMIT + 30, 10)}
    svg = timeline(days, [], "per minggu", lang="id")
    assert "<title>2022-06-13 – 2022-06-19: 1</title>" in svg
    assert "<title>2022-06-13: " not in svg


def test_roster_rows_left_out_are_listed_up_to_a_limit(
    run_out: tuple[Path, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A roster of many non-ASN staff would list tens of thousands of rows: the report and the
    workbook list the first ROSTER_ROWS_LISTED and say how many more summary.json holds."""
    from openpyxl import load_workbook

    from neutrality.report import workbook
    from neutrality.report.workbook import write_workbook

    monkeypatch.setattr(html_report, "ROSTER_ROWS_LISTED", 3)
    monkeypatch.setattr(workbook, "ROSTER_ROWS_LISTED", 3)
    out, summary = run_out
    left_out = [
        f"roster.csv: baris {n}: employment harus PNS, CPNS atau PPPK" for n in range(2, 1502)
    ]
    summary = {**summary, "roster": {**summary["roster"], "rows_left_out": left_out}}
    raw = write_html(out, summary, "id").read_text(encoding="utf-8")
    assert raw.count("<li>roster.csv: baris ") == 3
    assert "1.500 baris daftar pegawai tidak dipakai" in raw
    assert "… dan 1.497 lainnya (summary.json: roster.rows_left_out)" in raw
    sheet = load_workbook(write_workbook(out, summary, "id"))["Ringkasan"]
    values = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert sum(v.startswith("roster.csv: baris ") for v in values) == 3
    assert "… dan 1.497 lainnya (summary.json: roster.rows_left_out)" in values
