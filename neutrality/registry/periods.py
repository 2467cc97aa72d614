"""Who is a participant when: the status of a participant at the moment of an act.

SPEC section 3: an act is an ethics matter (A rows) while the participant is a *bakal calon*, a
discipline matter (B rows) once KPU has determined them as *calon*, and no finding before they are
a bakal calon or after the election's stages end. Dates are calendar dates in the election's time
zone, so a like at 23:30 WIB on the day before KPU's determination is still a bakal calon act, and
the same like at 00:30 WITA in a Pilkada in Makassar time counts by Makassar's date.

Boundaries: `bakal_calon_from` <= date < `calon_from` is bakal calon; `calon_from` <= date <=
`ends.date` is calon. A team or group has no dates of its own: it takes the status of the
participant it supports (the strongest, when it supports several).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from neutrality.registry.schema import Election, Participant

Status = Literal["bakal_calon", "calon"]
_RANK = {None: 0, "bakal_calon": 1, "calon": 2}


def own_status(participant: Participant, election: Election, day: dt.date) -> Status | None:
    """Status from the participant's own dates on a local calendar day; None outside them."""
    if day > election.ends.date:
        return None
    if participant.calon_from is not None and day >= participant.calon_from.date:
        return "calon"
    if participant.bakal_calon_from is not None and day >= participant.bakal_calon_from.date:
        return "bakal_calon"
    return None


def strongest(statuses: list[Status | None]) -> Status | None:
    """calon over bakal_calon over nothing: a team supporting a calon campaigns for a calon."""
    best: Status | None = None
    for status in statuses:
        if _RANK[status] > _RANK[best]:
            best = status
    return best


def local_day(moment: dt.datetime, election: Election) -> dt.date:
    """The calendar date of an aware moment in the election's time zone."""
    if moment.tzinfo is None:
        raise ValueError("a moment without a time zone cannot be placed in an election's calendar")
    return moment.astimezone(election.zone).date()
