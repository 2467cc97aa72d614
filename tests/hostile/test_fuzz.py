"""Property-based fuzzing with fixed seeds (derandomized): rule entries mutated at random only
ever load or fail with RuleFileError; random texts through the real engine and writers never
crash and never leave a formula cell in findings.csv or raw markup in report.html; times around
daylight-saving changes, in any --tz zone, are read or rejected, never a stopped audit."""

from __future__ import annotations

import copy
import csv
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from neutrality.errors import RuleFileError
from neutrality.pipeline import AuditOptions, run_audit
from neutrality.rules import load_rules

ROOT = Path(__file__).resolve().parents[2]
MINIMAL = yaml.safe_load((ROOT / "tests" / "rules" / "fixtures" / "minimal-rules.yaml").read_text())
NIP = "198007192007081001"  # in samples/roster.csv
SETTINGS = settings(
    derandomize=True, deadline=None, max_examples=80,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip

scalar = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 10**6), st.floats(allow_nan=True),
    st.text(max_size=30), st.sampled_from(["SKB-B6", "B6", "calon", "like", "2023-02-30",
                                           "account_interaction", "{}", "[]", "&a", "*a"]),
)  # fmt: skip
value = st.recursive(
    scalar, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                    st.dictionaries(st.text(max_size=12), inner, max_size=3)),
    max_leaves=8,
)  # fmt: skip
# a path into the first rule, and what to put there (or delete it)
mutation = st.tuples(
    st.lists(st.sampled_from(["title", "id", "en", "applies", "status", "actions", "when", 0,
                              "type", "options", "examples", "match", "record", "sanction",
                              "level", "legal_basis", "articles", "detectable", "category"]),
             min_size=1, max_size=4),
    st.one_of(value, st.just("__delete__")),
)  # fmt: skip


def _mutate(document: dict[str, Any], path: list[Any], new: Any) -> None:
    node: Any = document["rules"][0]
    for key in path[:-1]:
        if (isinstance(node, dict) and key in node) or (
            isinstance(node, list) and isinstance(key, int) and key < len(node)
        ):
            node = node[key]
        else:
            return
    last = path[-1]
    if isinstance(node, dict):
        if new == "__delete__":
            node.pop(last, None)
        else:
            node[last] = new
    elif isinstance(node, list) and isinstance(last, int) and last < len(node):
        node[last] = new


@SETTINGS
@given(mutations=st.lists(mutation, min_size=1, max_size=4))
def test_mutated_rule_files_load_or_fail_cleanly(tmp_path: Path, mutations: list[Any]) -> None:
    document = copy.deepcopy(MINIMAL)
    for path, new in mutations:
        _mutate(document, path, new)
    target = tmp_path / "fuzzed.yaml"
    target.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    try:
        load_rules(target)
    except RuleFileError as exc:
        assert exc.problems, "a refused file names at least one problem"
        for problem in exc.problems:
            assert str(target) in str(problem)


text = st.one_of(
    st.text(max_size=80),
    st.sampled_from(["=HYPERLINK(\"http://x\")", "+62 812", "@prabowo", "-1+1", "\t=1", "\r=1",
                     "<script>alert(1)</script>", "</td><img src=x onerror=alert(1)>",
                     "Dukung Prabowo Subianto pasti menang!", "coblos 02", "#PrabowoGibran2024",
                     "{{ 7*7 }}", "{% raw %}", "\u202e\u200b", "ꦱꦸꦒꦼꦁ", "بسم الله"]),
)  # fmt: skip


@settings(derandomize=True, deadline=None, max_examples=15,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(texts=st.lists(st.tuples(text, text, text), min_size=1, max_size=6))
def test_random_text_through_the_pipeline_stays_inert(
    tmp_path: Path, texts: list[tuple[str, str, str]]
) -> None:
    activity = tmp_path / "activity.csv"
    with activity.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["record_id", "nip", "platform", "action", "occurred_at",
                         "target_account", "target_name", "content_text"])  # fmt: skip
        for number, (target, name, content) in enumerate(texts, start=1):
            writer.writerow([f"t{number}", NIP, "x", "comment", "2024-01-10 10:00 WIB",
                             target, name, content])  # fmt: skip
    out = tmp_path / "out"
    result = run_audit(AuditOptions(activity=[activity], roster=ROOT / "samples" / "roster.csv",
                                    out=out, formats=("csv", "jsonl", "html")))  # fmt: skip
    assert result.summary["rows_read"] == len(texts)
    assert result.summary["rows_read"] == (
        result.summary["rows_evaluated"] + result.summary["rows_rejected"]
    )
    for name in ("findings.csv", "rejected.csv"):
        with (out / name).open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.reader(handle):
                for cell in row:
                    assert not cell.startswith(("=", "+", "@", "\t", "\r")), (name, cell)
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "<img src=x" not in html


#: zones with daylight saving (one with a 30-minute change), without, and far from Indonesia
ZONES = ["Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Pacific/Chatham",
         "America/Sao_Paulo", "Asia/Jakarta", "Asia/Jayapura", "UTC", "Asia/Kathmandu"]  # fmt: skip
#: days those zones skip or repeat an hour (Berlin, New York, Lord Howe, Chatham, Sao Paulo)
CHANGES = [(2024, 3, 31), (2024, 10, 27), (2024, 3, 10), (2024, 11, 3), (2024, 4, 7),
           (2024, 10, 6), (2024, 9, 29), (2018, 11, 4), (2019, 2, 16), (2023, 2, 29)]  # fmt: skip
# times around those hours, in the layouts exports use
moment = st.builds(
    lambda day, h, mi, layout, zone: layout.format(y=day[0], mo=day[1], d=day[2], h=h, mi=mi,
                                                   z=zone),
    st.one_of(st.sampled_from(CHANGES), st.tuples(st.sampled_from([1985, 2023, 2099]),
                                                  st.integers(1, 12), st.integers(1, 31))),
    st.sampled_from([2, 1, 0, 3, 23]), st.sampled_from([30, 0, 15, 45, 59]),
    st.sampled_from(["{y}-{mo:02d}-{d:02d} {h:02d}:{mi:02d}", "{d:02d}/{mo:02d}/{y} {h:02d}:{mi:02d}",
                     "{y}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:00{z}", "{d:02d}-{mo:02d}-{y} {h:02d}:{mi:02d} {z}"]),
    st.sampled_from(["", "Z", "+07:00", "+0545", "-03:00", "WIB", "WITA", "WIT", "CET"]),
)  # fmt: skip


@settings(derandomize=True, deadline=None, max_examples=20,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(times=st.lists(st.one_of(moment, st.text(max_size=25)), min_size=1, max_size=12),
       zone=st.sampled_from(ZONES))  # fmt: skip
def test_any_time_in_any_tz_zone_is_read_or_rejected_never_a_stopped_audit(
    tmp_path: Path, times: list[str], zone: str
) -> None:
    """Every row is evaluated or rejected with a reason, whatever the time and the --tz zone (a
    naive time in a daylight-saving gap once stopped the audit)."""
    activity = tmp_path / "activity.csv"
    with activity.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["record_id", "nip", "platform", "action", "occurred_at",
                         "target_account"])  # fmt: skip
        for number, when in enumerate(times, start=1):
            writer.writerow([f"t{number}", NIP, "x", "like", when, "@prabowo"])
    out = tmp_path / "out"
    result = run_audit(AuditOptions(activity=[activity], roster=ROOT / "samples" / "roster.csv",
                                    out=out, formats=("csv",), tz=zone))  # fmt: skip
    summary = result.summary
    assert summary["rows_read"] == len(times)
    assert summary["rows_read"] == summary["rows_evaluated"] + summary["rows_rejected"]
    with (out / "rejected.csv").open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            assert row["reason"] and row["message"], row
