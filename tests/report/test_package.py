"""The report package: what it gives, and what an audit writing only the streamed files imports."""

from __future__ import annotations

import subprocess
import sys

import pytest

import neutrality.report as report


def test_every_name_and_submodule_is_given_on_first_use() -> None:
    for name in report.__all__:
        assert callable(getattr(report, name)) or isinstance(getattr(report, name), type)
        assert name in dir(report)
    assert report.html.write_html is report.write_html
    assert report.workbook.__name__ == "neutrality.report.workbook"
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = report.nothing


def test_the_streamed_writers_do_not_import_the_workbook_and_html_libraries() -> None:
    code = (
        "import sys, neutrality.pipeline, neutrality.report.safe_csv, neutrality.report.jsonl;"
        "print(sorted(m for m in ('xlsxwriter', 'jinja2') if m in sys.modules))"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout.strip() == "[]"
