"""Review workflow: a case store of findings with dispositions and an append-only audit trail.

`open_store(case)` opens a SQLite file or a PostgreSQL URL; `load_run` merges an audit's out/
folder into it (decisions survive re-runs); `decide` applies a disposition; `add_manual` records
a form of violation activity data cannot show; `verify_chain` checks the hash-chained log.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from neutrality.review.errors import ConflictError, ReviewError
from neutrality.review.terms import DISPOSITIONS, REASONS, STATUSES

if TYPE_CHECKING:
    from neutrality.review.auditlog import verify_chain
    from neutrality.review.decisions import Decision, decide
    from neutrality.review.loader import load_audit_into_case, load_run
    from neutrality.review.manual import ManualFinding, add_manual
    from neutrality.review.store import Store, open_store

#: names loaded when first used (PEP 562), so importing the package does not load SQLAlchemy
_LAZY = {
    "verify_chain": "auditlog", "Decision": "decisions", "decide": "decisions",
    "load_audit_into_case": "loader", "load_run": "loader", "ManualFinding": "manual",
    "add_manual": "manual", "Store": "store", "open_store": "store",
}  # fmt: skip


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(f"neutrality.review.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
