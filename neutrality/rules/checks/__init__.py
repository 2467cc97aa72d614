"""Check kinds: one small class each, named by `when.type` in a rule.

New check kind = one module here and one line in CHECK_KINDS. The rule loader validates a rule's
`when.options` against the kind's `Options` model; the engine runs each kind once per batch.
"""

from __future__ import annotations

from neutrality.rules.checks.base import CheckKind, CheckMatch
from neutrality.rules.checks.content import CampaignContent
from neutrality.rules.checks.groups import GroupMembership
from neutrality.rules.checks.interaction import AccountInteraction
from neutrality.rules.checks.photos import PhotoWithParticipant

CHECK_KINDS: dict[str, type[CheckKind]] = {
    kind.name: kind
    for kind in (AccountInteraction, GroupMembership, CampaignContent, PhotoWithParticipant)
}

__all__ = ["CHECK_KINDS", "CheckKind", "CheckMatch"]
