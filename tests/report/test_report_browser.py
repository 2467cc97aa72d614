"""report.html in a real browser: the filter narrows the table, sorting works, no request leaves
the page, no injected script runs. Headless Chromium over the DevTools protocol.

Without chromium the test skips, unless CI=true or NEUTRALITY_BROWSER_TESTS=1 (then
`make test` has run scripts/install-chromium.sh, and a missing browser is a failure).
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pytest
from cdp_browser import Browser, browser_tests_required, find_chromium
from report_fixtures import NIPS, hostile_findings, make_finding, rejected_rows, write_run

from neutrality.report import write_reports

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "out" / "test-artifacts"
VISIBLE = "document.querySelectorAll('tbody.finding:not([hidden])').length"


@pytest.fixture(scope="module")
def chromium() -> str:
    found = find_chromium()
    reason = (
        "chromium is not installed: run scripts/install-chromium.sh, or `make test` with "
        "NEUTRALITY_BROWSER_TESTS=1 to install Debian's chromium"
    )
    if found is None:
        if browser_tests_required():
            pytest.fail(f"CI=true or NEUTRALITY_BROWSER_TESTS=1, but {reason}")
        pytest.skip(reason)
    try:
        import websocket  # noqa: F401
    except ImportError:
        if browser_tests_required():
            pytest.fail("websocket-client (dev extra) is not installed")
        pytest.skip("websocket-client (dev extra) is not installed")
    return found


@pytest.fixture(scope="module")
def opened(chromium: str, tmp_path_factory: pytest.TempPathFactory) -> Any:
    out = tmp_path_factory.mktemp("browser") / "out"
    findings = hostile_findings()
    findings += [make_finding(40 + n, NIPS[1], "SKB-A4", name="Siti Aminah") for n in range(5)]
    summary = write_run(out, findings, rejected_rows())
    write_reports(out, summary, ["xlsx", "html"], "id")
    with Browser(chromium) as browser:
        browser.send("Network.enable")
        browser.send("Page.enable")
        browser.send("Runtime.enable")
        browser.send("Page.navigate", url=(out / "report.html").as_uri())
        browser.wait_event("Page.loadEventFired")
        yield browser, len(findings)


def test_filter_box_narrows_the_table(opened: Any) -> None:
    browser, total = opened
    assert browser.evaluate(VISIBLE) == total
    browser.evaluate("document.getElementById('filter-text').focus()")
    browser.send("Input.insertText", text="siti")  # typed as a user types, input events fire
    assert browser.evaluate(VISIBLE) == 6
    assert browser.evaluate("document.getElementById('filter-count').textContent") == "6"
    browser.evaluate("document.getElementById('filter-text').select()")
    browser.send("Input.insertText", text="198512312010011003")
    assert browser.evaluate(VISIBLE) == 1
    browser.evaluate("document.querySelector('tbody.finding:not([hidden]) details').open = true")
    browser.evaluate("document.getElementById('findings').scrollIntoView()")
    _screenshot(browser, "report-filtered.png")
    browser.evaluate("document.getElementById('filter-text').select()")
    browser.send("Input.dispatchKeyEvent", type="keyDown", key="Backspace", code="Backspace",
                 windowsVirtualKeyCode=8)  # fmt: skip
    browser.send("Input.dispatchKeyEvent", type="keyUp", key="Backspace", code="Backspace",
                 windowsVirtualKeyCode=8)  # fmt: skip
    assert browser.evaluate(VISIBLE) == total


def test_rule_and_confidence_selects_filter(opened: Any) -> None:
    browser, total = opened
    pick = (
        "(function(id, value){var s=document.getElementById(id); s.value=value;"
        "s.dispatchEvent(new Event('input')); return document.querySelectorAll("
        "'tbody.finding:not([hidden])').length})"
    )
    assert browser.evaluate(f"{pick}('filter-rule', 'SKB-A4')") == 6
    assert browser.evaluate(f"{pick}('filter-confidence', 'medium')") == 1
    assert browser.evaluate(f"{pick}('filter-rule', '')") == 1
    assert browser.evaluate(f"{pick}('filter-confidence', '')") == total


def test_sorting_by_score_and_time(opened: Any) -> None:
    browser, _ = opened
    ids = "Array.from(document.querySelectorAll('tbody.finding')).map(b => b.dataset.id)"
    before = browser.evaluate(ids)
    browser.evaluate("document.querySelector('th[data-sort=\"t\"]').click()")
    ascending = browser.evaluate(ids)
    times = browser.evaluate(
        "Array.from(document.querySelectorAll('tbody.finding')).map(b => "
        "JSON.parse(document.getElementById('finding-data').textContent)"
        ".find(d => d.id === b.dataset.id).t)"
    )
    assert times == sorted(times)
    browser.evaluate("document.querySelector('th[data-sort=\"t\"]').click()")
    assert browser.evaluate(ids) == list(reversed(ascending))
    assert sorted(before) == sorted(ascending)


def test_no_request_leaves_the_page_and_no_injected_script_runs(opened: Any) -> None:
    browser, _ = opened
    browser.evaluate("1")  # flush events
    requests = [e["params"]["request"]["url"] for e in browser.events
                if e["method"] == "Network.requestWillBeSent"]  # fmt: skip
    assert requests, "the page load itself should be seen"
    assert all(url.startswith("file://") for url in requests), requests
    dialogs = [e for e in browser.events if e["method"] == "Page.javascriptDialogOpening"]
    assert dialogs == []
    assert browser.evaluate("document.scripts.length") == 2  # the data block and our script
    assert browser.evaluate("document.querySelectorAll('img').length") == 0
    assert "<script>alert(1)</script>" in browser.evaluate("document.body.innerText")
    _screenshot(browser, "report.png", clear=True)


def _screenshot(browser: Browser, name: str, clear: bool = False) -> Path:
    if clear:
        browser.evaluate(
            "(function(){var t=document.getElementById('filter-text'); t.value='';"
            "t.dispatchEvent(new Event('input')); window.scrollTo(0, 0);})()"
        )
    shot = browser.send("Page.captureScreenshot", format="png")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    path.write_bytes(base64.b64decode(shot["data"]))
    return path
