"""The engine end to end on hand-written records: periods and time zones, hard negatives, one
finding per (rule, record) with its evidence."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from neutrality.engine import Engine
from neutrality.findings import Finding
from neutrality.io.records import records_from_dicts
from neutrality.registry import load_registry
from neutrality.resources import default_rules_path, shipped_registry_paths
from neutrality.rules import load_rules


@pytest.fixture(scope="module")
def engine() -> Engine:
    return Engine(load_rules(default_rules_path()), load_registry(shipped_registry_paths()))


def run(engine: Engine, **record: str) -> list[Finding]:
    records, rejected = records_from_dicts([record])
    assert rejected.empty, rejected["message"].tolist()
    return engine.evaluate(records)


def pairs(findings: list[Finding]) -> set[tuple[str, str]]:
    return {(f.rule_id, f.participant_id) for f in findings}


LIKE: dict[str, Any] = {"platform": "x", "action": "like", "target_account": "@prabowo"}


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        ("2022-08-11 23:59 WIB", set()),  # before he is a bakal calon
        ("2022-08-12 00:00 WIB", {("SKB-A4", "prabowo-subianto")}),
        ("2023-11-12 23:59 WIB", {("SKB-A4", "prabowo-subianto")}),
        ("2023-11-13 00:00 WIB", {("SKB-B6", "prabowo-subianto")}),
        ("2023-11-12T17:30:00Z", {("SKB-B6", "prabowo-subianto")}),  # 00:30 WIB on the 13th
        ("2023-11-13 00:30 WITA", {("SKB-A4", "prabowo-subianto")}),  # 23:30 WIB on the 12th
        ("2024-10-20 23:59 WIB", {("SKB-B6", "prabowo-subianto")}),  # the last day of stages
        ("2024-10-21 00:00 WIB", set()),  # the election's stages are over
    ],
)
def test_status_at_the_moment_of_the_act_in_the_elections_zone(
    engine: Engine, moment: str, expected: set[tuple[str, str]]
) -> None:
    assert pairs(run(engine, **LIKE, occurred_at=moment)) == expected


def test_pilkada_dates_are_read_in_its_own_zone(engine: Engine) -> None:
    # Lalu Muhamad Iqbal is a calon from 2024-09-22 in NTB (WITA): 23:30 WIB is 00:30 WITA
    found = run(engine, platform="instagram", action="like", target_account="@iqbal_lalu_muhamad",
                occurred_at="2024-09-21 23:30 WIB")  # fmt: skip
    assert pairs(found) == {("SKB-B6", "lalu-muhamad-iqbal")}
    assert found[0].timezone == "Asia/Makassar"
    assert found[0].to_record()["occurred_at_local"] == "2024-09-22 00:30:00 WITA"


@pytest.mark.parametrize(
    "record",
    [
        {"action": "like", "target_account": "@KPU_ID"},
        {"action": "like", "target_account": "@bawaslu_RI"},
        {"action": "share", "target_account": "@jokowi"},
        {"action": "like", "target_account": "@prabowo_fans_parody_99"},
        {"action": "like", "target_account": "@kemenkeuRI", "target_name": "Kementerian Keuangan"},
        {"action": "like", "target_name": "Anies Matta"},  # shares a first name only
        {"action": "like", "target_name": "Toko Batik Ganjar Pranowo"},
        {"action": "like", "target_account": "@ganjar_fc", "target_name": "Ganjar Pranowo FC"},
        {"action": "like", "target_name": "Prabowo"},  # one word: too little to name an account
        {"action": "join_group", "group_name": "Ganjar Pranowo Fans Club"},
        {"action": "join_group", "group_name": "Alumni SMA Negeri 3 Surakarta"},
        {"action": "post", "content_text": "Menurut survei, Prabowo Subianto unggul di Jawa Barat"},
        {"action": "post", "content_text": "Kapan debat Anies Baswedan dan Ganjar Pranowo?"},
        {"action": "post", "content_text": "Amin ya Allah, semoga lancar semua"},
        {"action": "post", "content_text": "Selamat pagi semua, semangat kerja!"},
        {"action": "post", "content_text": "Rapat nomor 02 dimulai jam 9 di ruang 3."},
        {"action": "post", "content_text": "Bu guru bilang pilih 2 dari 3 soal"},
        {"action": "upload_photo", "photo_labels": "gesture:two_fingers;text:liburan"},
        {"action": "upload_photo", "photo_labels": "gesture:three_fingers;text:02"},
        {"action": "upload_photo", "photo_labels": "person:Joko Widodo"},
    ],
)
def test_hard_negatives_stay_negative(engine: Engine, record: dict[str, str]) -> None:
    found = run(engine, platform="x", occurred_at="2024-01-10 10:00 WIB", **record)
    assert found == [], [(f.rule_id, f.participant_id, f.evidence.explanation) for f in found]


@pytest.mark.parametrize(
    ("record", "expected", "method"),
    [
        ({"action": "like", "target_name": "H. Prabowo Subianto, S.H."},
         ("SKB-B6", "prabowo-subianto"), "fuzzy_name"),
        ({"action": "like", "target_account": "https://twitter.com/aniesbaswedan?s=20"},
         ("SKB-B6", "anies-baswedan"), "url_handle"),
        ({"action": "join_group", "group_name": "Relawan Ganjar Jawa Tengah"},
         ("SKB-B6", "ganjar-pranowo"), "pattern"),
        ({"action": "join_group", "group_name": "Relawan Hopeng Prabowo"},
         ("SKB-B6", "pair-02"), "group_name"),
        ({"action": "post", "content_text": "Tgl 14 coblos no urut 1 ya, AMIN!!"},
         ("SKB-B2", "pair-01"), "pattern"),
        ({"action": "post", "content_text": "pokoknya dukunggg pr4bowo sampe m3nang"},
         ("SKB-B2", "prabowo-subianto"), "phrase"),
        ({"action": "post", "content_text": "Semangat! #PrabowoGibran2024"},
         ("SKB-B2", "pair-02"), "phrase"),
        ({"action": "post", "content_text": "Jangan pilih Anies, pokoknya tolak"},
         ("SKB-B2", "anies-baswedan"), "phrase"),
        ({"action": "upload_photo", "photo_labels": "attribute:kaos partai;text:02;gesture:two_fingers"},
         ("SKB-B7", "pair-02"), "photo_label"),
        ({"action": "upload_photo", "photo_labels": "logo:PDIP"}, ("SKB-B7", "pdip"), "photo_label"),
    ],
)  # fmt: skip
def test_positives_carry_their_method(
    engine: Engine, record: dict[str, str], expected: tuple[str, str], method: str
) -> None:
    found = run(engine, platform="x", occurred_at="2024-01-10 10:00 WIB", **record)
    assert pairs(found) == {expected}
    assert found[0].evidence.method == method
    assert found[0].evidence.explanation


def test_one_finding_per_rule_and_record_with_the_span_in_the_field(engine: Engine) -> None:
    text = "Dukung Anies Baswedan! Anies pasti menang, pilih Anies Baswedan"
    found = run(engine, platform="x", action="comment", target_account="@aniesbaswedan",
                content_text=text, occurred_at="2024-01-10 10:00 WIB")  # fmt: skip
    assert sorted(f.rule_id for f in found) == ["SKB-B2", "SKB-B6"]
    content = next(f for f in found if f.rule_id == "SKB-B2")
    start, end = content.evidence.span or (0, 0)
    assert text[start:end] == content.evidence.matched_text == "Anies Baswedan"
    assert content.evidence.confidence == "high"
    assert "dukung" in [c.lower() for c in content.evidence.cues]


def test_finding_ids_are_stable_fingerprints(engine: Engine) -> None:
    first = run(engine, **LIKE, occurred_at="2024-01-10 10:00 WIB", record_id="EXP-1")
    second = run(engine, **LIKE, occurred_at="2024-01-10 10:00 WIB", record_id="EXP-1")
    assert first[0].finding_id == second[0].finding_id
    assert first[0].finding_id.startswith("F-") and len(first[0].finding_id) == 18


def test_english_explanations_and_sanctions() -> None:
    engine = Engine(load_rules(default_rules_path()), load_registry(shipped_registry_paths()), "en")
    found = run(engine, **LIKE, occurred_at="2024-01-10 10:00 WIB")
    assert found[0].evidence.explanation.startswith('Account "prabowo" is Prabowo Subianto')
    assert "disciplinary" in found[0].sanction.lower()


def test_texts_without_participant_vocabulary_never_reach_spacy(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = engine.context.text
    seen: list[str] = []
    original = text._window_hits

    def counting(value: str) -> Any:
        seen.append(value)
        return original(value)

    monkeypatch.setattr(text, "_window_hits", counting)
    neutral = ["Selamat pagi semua", "Harga cabai naik lagi", "Rapat jam 9 di ruang 3"] * 5
    political = ["Ayo dukung Prabowo Subianto!", "coblos 02 ya"]
    rows = [{"platform": "x", "action": "post", "occurred_at": "2024-01-10 10:00 WIB",
             "content_text": t} for t in neutral + political]  # fmt: skip
    records, _ = records_from_dicts(rows)
    found = engine.evaluate(records)
    assert sorted(seen) == sorted(political)  # each distinct political text once, no others
    assert {f.participant_id for f in found} == {"prabowo-subianto", "pair-02"}


def test_results_kept_across_batches_change_nothing(engine: Engine) -> None:
    """Checks keep resolved targets, groups, labels and texts from one batch for the next
    (bounded), and statuses per participant and local day: evaluating the same records in
    one batch, in two, or again gives the same findings."""
    rows = [
        {**LIKE, "occurred_at": f"2024-0{month}-1{day} 10:00 WIB", "record_id": f"r{month}{day}"}
        for month in (1, 2) for day in range(5)
    ] + [
        {"platform": "x", "action": "post", "content_text": "Ayo coblos 02 Prabowo-Gibran!",
         "occurred_at": "2024-01-20 10:00 WIB", "record_id": "text"},
        {"platform": "facebook", "action": "join_group", "group_name": "Relawan Prabowo Gibran",
         "occurred_at": "2024-01-20 10:00 WIB", "record_id": "group"},
    ]  # fmt: skip
    records, _ = records_from_dicts(rows)
    whole = engine.evaluate(records)
    again = engine.evaluate(records)
    halves = engine.evaluate(records.iloc[:6].reset_index(drop=True)) + engine.evaluate(
        records.iloc[6:].reset_index(drop=True)
    )
    key = [(f.finding_id, f.participant_status, f.evidence) for f in whole]
    assert key == [(f.finding_id, f.participant_status, f.evidence) for f in again]
    assert key == [(f.finding_id, f.participant_status, f.evidence) for f in halves]
    assert {f.record_id for f in whole} >= {"r10", "text", "group"}
    memos = [
        (check, getattr(check, "_resolved", None) or check._matched)
        for check in engine._checks.values()
    ]
    assert all(memo.cache_info().maxsize == check.MEMO_SIZE for check, memo in memos)
    assert sum(memo.cache_info().hits for _, memo in memos) > 0


def test_statuses_kept_across_batches_and_any_index_change_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Statuses kept per (participant, local day) in a bounded table: with the table's bound
    at one entry (cleared at every batch), with a fresh engine, and with records whose index
    has gaps or repeats (a caller's own frame), the findings are the same. The acts straddle
    the bakal calon / calon boundary, so a status kept for the wrong day would show."""
    from neutrality import engine as engine_module

    days = ("2023-11-11", "2023-11-12", "2023-11-13", "2023-11-14", "2024-10-20", "2024-10-21")
    rows = [
        {**LIKE, "occurred_at": f"{day} {hour}:00 WIB", "record_id": f"{day}-{hour}"}
        for day in days for hour in ("00", "23")
    ] + [
        {"platform": "x", "action": "like", "target_account": "@ganjarpranowo",
         "occurred_at": f"{day} 12:00 WITA", "record_id": f"g{day}"} for day in days
    ]  # fmt: skip
    records, _ = records_from_dicts(rows)

    def key(findings: list[Finding]) -> list[tuple[str, str, str]]:
        return [(f.finding_id, f.rule_id, f.participant_status) for f in findings]

    fresh = Engine(load_rules(default_rules_path()), load_registry(shipped_registry_paths()))
    expected = key(fresh.evaluate(records))
    assert {r for _, r, _ in expected} == {"SKB-A4", "SKB-B6"}
    assert len(expected) == 15  # Prabowo: 2 acts a day on the 5 days in the stages; Ganjar: 5
    monkeypatch.setattr(engine_module, "_STATUS_CACHE", 1)
    sizes: list[int] = []
    lookup = Engine._status_codes

    def recorded(self: Engine, *args: Any) -> Any:
        codes = lookup(self, *args)
        sizes.append(len(self._status_keys))
        return codes

    monkeypatch.setattr(Engine, "_status_codes", recorded)
    tiny = Engine(load_rules(default_rules_path()), load_registry(shipped_registry_paths()))
    assert key(tiny.evaluate(records.iloc[:7]) + tiny.evaluate(records.iloc[7:])) == expected
    assert key(tiny.evaluate(records)) == expected
    assert sizes and max(sizes) <= 1  # the bound holds after every lookup
    gaps = records.set_axis(range(100, 100 + 2 * len(records), 2))
    repeats = records.set_axis([0, 0, 1, 1] * (len(records) // 4) + [2] * (len(records) % 4))
    assert key(fresh.evaluate(gaps)) == expected
    assert key(fresh.evaluate(repeats)) == expected


def test_findings_of_one_record_come_in_rule_order_whatever_the_files_order() -> None:
    """Two rules firing on one record (possible in an agency's own rule file) give findings
    ordered by rule id, not by where the rules stand in the file."""
    import dataclasses

    rules = load_rules(default_rules_path())
    b6 = next(rule for rule in rules.file.rules if rule.id == "SKB-B6")
    copy = b6.model_copy(update={"id": "SKB-A0"})
    listed = [*rules.file.rules, copy]  # the copy after B6: its findings are made second
    own = dataclasses.replace(rules, file=rules.file.model_copy(update={"rules": listed}))
    found = run(Engine(own, load_registry(shipped_registry_paths())), **LIKE,
                occurred_at="2024-01-10 10:00 WIB")  # fmt: skip
    assert [f.rule_id for f in found] == ["SKB-A0", "SKB-B6"]
    assert found == sorted(found)


def test_the_strongest_match_of_a_rule_and_record_wins_first_met_among_equals(
    engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many checks' matches on the same records, with equal strengths and records that share
    file, row and id: one finding per (rule, record) is the strongest match, the first met
    among equals, in Finding order; compared with the plain loop the engine's arrays replace."""
    import random

    from neutrality.engine import _Rows, strength
    from neutrality.findings import Evidence
    from neutrality.rules.checks import CheckMatch

    rng = random.Random(7)
    records, _ = records_from_dicts([{**LIKE, "occurred_at": "2024-01-10 10:00 WIB"}] * 40)
    records["record_id"] = [f"r{n % 2}" for n in range(40)]
    records["source_row"] = [n % 3 for n in range(40)]  # rows that tie on file, row and id
    records["source_file"] = [("a.csv", "b.csv")[n % 2] for n in range(40)]
    rows = _Rows(records)
    participants = sorted(engine.registry.participants)[:3]

    def evidence() -> Evidence:
        return Evidence(
            matched_field="target_account", registry_entry=rng.choice("xy"), matched_text="t",
            method=rng.choice(["exact_handle", "url_handle", "fuzzy_name"]),
            score=rng.choice([80.0, 100.0]), confidence=rng.choice(["high", "medium"]),
        )  # fmt: skip

    candidates = {
        key: [CheckMatch(rng.randrange(40), rng.choice(participants), evidence())
              for _ in range(60)]
        for key in {use.check_key for use in engine._uses}
    }  # fmt: skip
    # every match counts: this test is about choosing among them, not about periods
    monkeypatch.setattr(
        Engine, "_counting",
        lambda self, use, matches, rows: (
            np.array([m.position for m in matches]), np.arange(len(matches))),
    )  # fmt: skip
    table = engine._findings(rows, candidates)

    best: dict[tuple[str, int], tuple[tuple[int, float, int], CheckMatch]] = {}
    for use in engine._uses:
        for match in candidates[use.check_key]:
            key = (use.rule.id, match.position)
            if key not in best or strength(match.evidence) > best[key][0]:
                best[key] = (strength(match.evidence), match)
    expected = sorted(
        best.items(),
        key=lambda item: (records["source_file"][item[0][1]], int(records["source_row"][item[0][1]]),
                          item[0][0], records["record_id"][item[0][1]]),
    )  # fmt: skip
    assert len(expected) > 40  # several rules on most records
    assert table.texts["rule_id"] == [rule_id for (rule_id, _), _ in expected]
    assert table.evidence == [match.evidence for _, (_, match) in expected]
    assert table.texts["participant_id"] == [match.participant_id for _, (_, match) in expected]
    assert table.source_row == [int(records["source_row"][row]) for (_, row), _ in expected]


@pytest.mark.parametrize("score", [float("nan"), -0.5, 100.5])
def test_evidence_scores_stay_within_0_to_100(score: float) -> None:
    """Matches are ranked by score; one outside 0-100 (NaN above all) could not be ranked."""
    from neutrality.findings import Evidence

    with pytest.raises(ValueError, match="not within 0-100"):
        Evidence("target_account", "x", "t", "exact_handle", score, "high")
