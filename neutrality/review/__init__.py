"""Review workflow: a case store of findings with dispositions and an append-only audit trail.

`open_store(case)` opens a SQLite file or a PostgreSQL URL; `load_run` merges an audit's out/
folder into it (decisions survive re-runs); `decide` applies a disposition; `add_manual` records
a form of violation activity data cannot show; `verify_chain` checks the hash-chained log.
"""

from __future__ import annotations

from neutrality.review.auditlog import verify_chain
from neutrality.review.decisions import DISPOSITIONS, REASONS, STATUSES, Decision, decide
from neutrality.review.errors import ConflictError, ReviewError
from neutrality.review.loader import load_audit_into_case, load_run
from neutrality.review.manual import ManualFinding, add_manual
from neutrality.review.store import Store, open_store

__all__ = [
    "DISPOSITIONS",
    "REASONS",
    "STATUSES",
    "ConflictError",
    "Decision",
    "ManualFinding",
    "ReviewError",
    "Store",
    "add_manual",
    "decide",
    "load_audit_into_case",
    "load_run",
    "open_store",
    "verify_chain",
]
