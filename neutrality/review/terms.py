"""The review vocabulary: statuses, dispositions and dismissal reasons.

Kept apart from the store so the command line can show them in its help without loading the
database layer (SQLAlchemy) for commands that never open a case.
"""

from __future__ import annotations

STATUSES = ("new", "open", "confirmed", "dismissed", "escalated")
UNDECIDED = ("new", "open")
DECIDED = ("confirmed", "dismissed", "escalated")
DISPOSITIONS = ("confirm", "dismiss", "escalate", "reopen")
REASONS = (
    "not_the_employee", "not_a_participant", "outside_period", "neutral_content", "duplicate",
    "insufficient_evidence", "other",
)  # fmt: skip
#: `--status` accepts the five statuses and this marker for findings the latest run did not produce
NOT_IN_LATEST_RUN = "not_in_latest_run"
