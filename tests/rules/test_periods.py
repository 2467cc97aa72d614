"""Every participant of the shipped registries has the right status on the days around its
declaration and determination dates, read in its election's zone (WIB for Pemilu, WITA for NTB)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from neutrality.registry import Registry, load_registry
from neutrality.resources import shipped_registry_paths

REGISTRY: Registry = load_registry(shipped_registry_paths())
DATED = [p for p in REGISTRY.participants.values() if p.calon_from is not None]
DAY = dt.timedelta(days=1)


def at(day: dt.date, zone: str, hour: int = 12, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZoneInfo(zone))


@pytest.mark.parametrize("pid", [p.id for p in DATED])
def test_status_before_on_and_after_each_date(pid: str) -> None:
    participant = REGISTRY.participants[pid]
    election = REGISTRY.election_of(pid)
    zone = election.timezone
    assert participant.calon_from is not None
    calon = participant.calon_from.date
    assert REGISTRY.status_at(pid, at(calon, zone)) == "calon"
    assert REGISTRY.status_at(pid, at(election.ends.date, zone, 23, 59)) == "calon"
    assert REGISTRY.status_at(pid, at(election.ends.date + DAY, zone, 0, 0)) is None
    if participant.bakal_calon_from is None:
        assert REGISTRY.status_at(pid, at(calon - DAY, zone)) is None
        return
    bakal = participant.bakal_calon_from.date
    assert REGISTRY.status_at(pid, at(bakal - DAY, zone)) is None
    assert REGISTRY.status_at(pid, at(bakal, zone, 0, 0)) == "bakal_calon"
    if bakal < calon:
        assert REGISTRY.status_at(pid, at(calon - DAY, zone, 23, 59)) == "bakal_calon"


def test_midnight_counts_by_the_elections_own_zone() -> None:
    pemilu = "prabowo-subianto"  # calon from 2023-11-13, Pemilu in WIB
    ntb = "lalu-muhamad-iqbal"  # calon from 2024-09-22, Pilkada NTB in WITA
    # 23:30 WIB on the eve is already the determination day in WITA, not in WIB
    assert REGISTRY.status_at(pemilu, at(dt.date(2023, 11, 12), "Asia/Jakarta", 23, 30)) == (
        "bakal_calon"
    )
    assert REGISTRY.status_at(ntb, at(dt.date(2024, 9, 21), "Asia/Jakarta", 23, 30)) == "calon"
    # and 00:30 WITA on the determination day is still the eve in WIB
    assert REGISTRY.status_at(pemilu, at(dt.date(2023, 11, 13), "Asia/Makassar", 0, 30)) == (
        "bakal_calon"
    )


def test_teams_and_groups_take_the_status_of_whom_they_support() -> None:
    moment = at(dt.date(2024, 1, 10), "Asia/Jakarta")
    for participant in REGISTRY.participants.values():
        if participant.kind in ("team", "group"):
            supported = [REGISTRY.status_at(s, moment) for s in participant.supports]
            assert REGISTRY.status_at(participant.id, moment) in supported


def test_a_moment_without_a_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="time zone"):
        REGISTRY.status_at("prabowo-subianto", dt.datetime(2024, 1, 10, 12))
