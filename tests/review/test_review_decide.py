"""Dispositions: what each needs, which transitions are allowed, and conflicts between reviewers."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from neutrality.review import (
    ConflictError,
    Decision,
    ManualFinding,
    ReviewError,
    add_manual,
    decide,
    load_run,
    open_store,
)
from neutrality.review.decisions import apply_decision, request_problems
from neutrality.review.sanctions import level_of, valid_rule_id

BUDI = "198609262015051001"
F = "F-0000000000000000"


@pytest.mark.parametrize(
    ("decision", "problem"),
    [
        (Decision(F, "approve", "A"), 'disposition "approve" is not one of'),
        (Decision(F, "confirm", "  "), "reviewer name is required"),
        (Decision(F, "dismiss", "A", note="x"), "dismiss needs a reason code"),
        (Decision(F, "dismiss", "A", "duplicate"), "dismiss needs a note"),
        (Decision(F, "dismiss", "A", "because", "x"), 'reason "because" is not one of'),
        (Decision(F, "escalate", "A"), "escalate needs a note"),
        (Decision(F, "reopen", "A"), "reopen needs a note"),
        (Decision(F, "confirm", "A", "duplicate"), "a reason code is given only with dismiss"),
    ],
)
def test_request_problems(decision: Decision, problem: str) -> None:
    assert any(problem in p for p in request_problems(decision))


def test_good_requests_have_no_problems() -> None:
    assert request_problems(Decision(F, "confirm", "A")) == []
    assert request_problems(Decision(F, "dismiss", "A", "other", "lihat kajian")) == []


@pytest.fixture
def loaded(case: str, tmp_path: Path, make_finding: Any, write_audit: Any) -> Any:
    finding = make_finding("SKB-B6", 2, BUDI)
    with open_store(case) as store:
        load_run(store, write_audit(tmp_path / "run", [finding]))
        yield store, finding.finding_id


def test_transitions(loaded: Any) -> None:
    store, fid = loaded
    assert decide(store, Decision(fid, "confirm", "Alice"))["status"] == "confirmed"
    with pytest.raises(ReviewError, match=r"it is confirmed by Alice at .* WIB; reopen it first"):
        decide(store, Decision(fid, "dismiss", "Bob", "duplicate", "dup"))
    assert decide(store, Decision(fid, "escalate", "Alice", note="ke BKN"))["status"] == "escalated"
    reopened = decide(store, Decision(fid, "reopen", "Bob", note="bukti baru"))
    assert (reopened["status"], reopened["version"]) == ("open", 4)
    with pytest.raises(ReviewError, match=r"cannot reopen .* it is open"):
        decide(store, Decision(fid, "reopen", "Bob", note="lagi"))
    with pytest.raises(ReviewError, match="unknown finding id F-nope"):
        decide(store, Decision("F-nope", "confirm", "Bob"))


def test_stale_version_is_a_conflict_naming_who_decided(loaded: Any) -> None:
    store, fid = loaded
    decide(store, Decision(fid, "confirm", "Alice", expect_version=1))
    with pytest.raises(ConflictError) as caught:
        decide(store, Decision(fid, "dismiss", "Bob", "duplicate", "dup", expect_version=1))
    message = str(caught.value)
    assert "changed by Alice at" in message and "now confirmed (version 2)" in message


def test_concurrent_decisions_never_lose_an_update(loaded: Any) -> None:
    """Alice's transaction is open when Bob decides: Bob waits, then is told Alice decided."""
    store, fid = loaded
    outcome: dict[str, Any] = {}

    def bob() -> None:
        try:
            outcome["bob"] = decide(store, Decision(fid, "dismiss", "Bob", "duplicate", "dup"))
        except ReviewError as exc:
            outcome["bob"] = exc

    with store.begin() as conn:
        apply_decision(conn, Decision(fid, "confirm", "Alice"))
        thread = threading.Thread(target=bob)
        thread.start()
        time.sleep(0.5)  # Bob is now waiting on Alice's lock
    thread.join(timeout=60)
    assert isinstance(outcome["bob"], ReviewError)
    assert "Alice" in str(outcome["bob"]) and "confirmed" in str(outcome["bob"])
    with store.begin() as conn:
        from neutrality.review.queries import get_finding

        final = get_finding(conn, fid)
    assert (final["status"], final["version"], final["decided_by"]) == ("confirmed", 2, "Alice")


@pytest.mark.parametrize(
    ("rule_id", "valid"),
    [("SKB-A1", True), ("SKB-A7", True), ("SKB-A8", False), ("SKB-B1", True), ("SKB-B13", True),
     ("SKB-B14", False), ("SKB-B0", False), ("B5", False), ("skb-b5", False)],
)  # fmt: skip
def test_rule_id_pattern(rule_id: str, valid: bool) -> None:
    assert valid_rule_id(rule_id) is valid


@pytest.mark.parametrize(
    ("rule_id", "text", "level"),
    [("SKB-B5", "", "ptdh"), ("SKB-B6", "", "berat"), ("SKB-B3", "", "sedang"),
     ("SKB-A4", "", "moral"), ("SKB-B13", "", "satgas"),
     ("SKB-B8", "hukuman disiplin sedang", "sedang"),
     ("SKB-B5", "Pemberhentian tidak dengan hormat", "ptdh")],
)  # fmt: skip
def test_sanction_levels(rule_id: str, text: str, level: str) -> None:
    assert level_of(rule_id, text) == level


def test_manual_finding_validation(case: str) -> None:
    good = ManualFinding(
        "SKB-A3", BUDI, "Budi", "Dinas", "2024-01-10 09:00 WITA", "hadir deklarasi", "Dewi"
    )
    with open_store(case) as store:
        result = add_manual(store, good)
        assert result["status"] == "open"
        with pytest.raises(ReviewError, match="already recorded"):
            add_manual(store, good)
        bad = ManualFinding("SKB-B14", "123", "", "", "kemarin", "", "", url="ftp://x")
        with pytest.raises(ReviewError) as caught:
            add_manual(store, bad)
        message = str(caught.value)
        for part in ('--rule "SKB-B14"', '--nip "123": must be 18 digits', "--name is required",
                     "--evidence is required", "--reviewer is required", "must start with http"):  # fmt: skip
            assert part in message
        from neutrality.review.queries import get_finding

        with store.begin() as conn:
            stored = get_finding(conn, result["finding_id"])
    assert stored["occurred_at_wib"] == "2024-01-10 08:00:00 WIB"
    assert stored["match_method"] == "manual" and stored["category"] == "ethics"
    assert stored["marker"] == ""  # manual findings are never "not in the latest run"
