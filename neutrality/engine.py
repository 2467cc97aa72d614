"""The engine: runs a rule set's checks over normalised records and returns findings.

For each batch:
1. every distinct check (kind + options) runs once, over the records whose action any rule using
   it reads; a check returns candidate matches (record, participant, evidence), possibly several
   per record (a text naming two candidates, "coblos 02" in two elections);
2. for each rule and each of its checks, a candidate counts when the record's action is one the
   check reads for that rule and the participant's status at the moment of the act (in the
   election's time zone) is the rule's status: bakal calon for A rows, calon for B rows;
3. one finding per (rule, record): the strongest counting candidate (confidence, then score, then
   the more direct method).

The engine holds no state between batches, so chunks can be evaluated in any order, on any worker.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

import numpy as np
import pandas as pd

from neutrality.findings import Evidence, Finding
from neutrality.match.context import MatchContext
from neutrality.registry import Registry
from neutrality.rules.checks import CHECK_KINDS, CheckKind, CheckMatch
from neutrality.rules.loader import RuleSet
from neutrality.rules.schema import Rule

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_CONFIDENCE = {"high": 3, "medium": 2, "low": 1}
_METHOD = {"exact_handle": 7, "url_handle": 6, "photo_label": 5, "group_name": 4, "phrase": 3,
           "pattern": 2, "fuzzy_name": 1}  # fmt: skip


def strength(evidence: Evidence) -> tuple[int, float, int]:
    return (_CONFIDENCE[evidence.confidence], evidence.score, _METHOD.get(evidence.method, 0))


@dataclass(frozen=True)
class _Use:
    """One check of one rule: which check instance, and which actions the rule lets it read."""

    rule: Rule
    check_key: str
    actions: frozenset[str]


class Engine:
    """Built once per run (or per Dask worker): registry indexes and matchers are made here."""

    def __init__(self, rules: RuleSet, registry: Registry, lang: str = "id") -> None:
        self.rules = rules
        self.registry = registry
        self.lang = lang
        self.context = MatchContext(registry, rules.lexicons, lang)
        self._checks: dict[str, CheckKind] = {}
        self._reads: dict[str, set[str]] = {}
        self._uses: list[_Use] = []
        for rule in rules.detectable:
            for check in rule.checks:
                kind = CHECK_KINDS[check.type]
                key = f"{check.type}:{json.dumps(check.options, sort_keys=True)}"
                if key not in self._checks:
                    self._checks[key] = kind(
                        kind.Options.model_validate(check.options), self.context
                    )
                actions = frozenset(rule.check_actions(check))
                self._reads.setdefault(key, set()).update(actions)
                self._uses.append(_Use(rule, key, actions))

    def evaluate(self, records: pd.DataFrame) -> list[Finding]:
        """Findings of one batch of normalised records (see neutrality.io.records), in order."""
        if records.empty:
            return []
        actions = records["action"]
        candidates: dict[str, list[CheckMatch]] = {}
        for key, check in self._checks.items():
            subset = records[actions.isin(sorted(self._reads[key]))]
            candidates[key] = check.run(subset) if len(subset) else []
        return self._findings(records, candidates)

    def _findings(
        self, records: pd.DataFrame, candidates: dict[str, list[CheckMatch]]
    ) -> list[Finding]:
        rows = _Rows(records)
        best: dict[tuple[str, int], tuple[tuple[int, float, int], CheckMatch, Rule]] = {}
        # Zones here are whole hours from UTC, so a participant's status is the same for every
        # act within one UTC hour: one registry lookup per (participant, hour), not per act.
        statuses: dict[tuple[str, int], str | None] = {}
        for use in self._uses:
            assert use.rule.applies is not None  # detectable rules have `applies` (loader)
            wanted = use.rule.applies.status
            for match in candidates[use.check_key]:
                row = rows.row_of(match.position)
                if rows.action[row] not in use.actions:
                    continue
                status_key = (match.participant_id, rows.hour(row))
                if status_key not in statuses:
                    statuses[status_key] = self.registry.status_at(
                        match.participant_id, rows.moment(row)
                    )
                if statuses[status_key] != wanted:
                    continue
                key = (use.rule.id, row)
                rank = strength(match.evidence)
                if key not in best or rank > best[key][0]:
                    best[key] = (rank, match, use.rule)
        found = [
            self._finding(rule, match, rows, row) for (_, row), (_, match, rule) in best.items()
        ]
        # the same order as Finding's own, without comparing every field of it
        return sorted(found, key=lambda f: (f.source_file, f.source_row, f.rule_id, f.record_id))

    def _finding(self, rule: Rule, match: CheckMatch, rows: _Rows, row: int) -> Finding:
        pid = match.participant_id
        election = self.registry.election_of(pid)
        sanction = rule.sanction.text.en if self.lang == "en" else rule.sanction.text.id
        return Finding(
            source_file=str(rows.column("source_file")[row]),
            source_row=int(rows.column("source_row")[row]),
            rule_id=rule.id,
            record_id=str(rows.column("record_id")[row]),
            category=rule.category,
            lampiran_row=rule.lampiran_row,
            participant_id=pid,
            participant_name=self.registry.display_name(pid),
            participant_status=rule.applies.status if rule.applies else "",
            election_id=election.id,
            timezone=election.timezone,
            occurred_at=rows.moment(row),
            platform=str(rows.action_platform[row]),
            action=str(rows.action[row]),
            legal_basis=rule.legal_basis_text(),
            sanction=sanction,
            nip=str(rows.column("nip")[row]),
            employee_name=str(rows.column("employee_name")[row]),
            agency=str(rows.column("agency")[row]),
            target_account=str(rows.column("target_account")[row]),
            url=str(rows.column("url")[row]),
            evidence=match.evidence,
        )


class _Rows:
    """Column arrays of a batch, addressed by row number; index labels mapped once."""

    def __init__(self, records: pd.DataFrame) -> None:
        self.records = records
        index = records.index
        self._range = isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1
        self._row_of = {} if self._range else {label: row for row, label in enumerate(index)}
        self.action = records["action"].to_numpy()
        self.action_platform = records["platform"].to_numpy()
        times = records["occurred_at"].dt.tz_convert("UTC").dt.tz_localize(None)
        self._micros = times.to_numpy(dtype="datetime64[us]").astype(np.int64)
        self._columns: dict[str, np.ndarray] = {}

    def row_of(self, position: int) -> int:
        return position if self._range else self._row_of[position]

    def hour(self, row: int) -> int:
        return int(self._micros[row]) // 3_600_000_000

    def column(self, name: str) -> np.ndarray:
        if name not in self._columns:
            self._columns[name] = self.records[name].to_numpy()
        return self._columns[name]

    def moment(self, row: int) -> dt.datetime:
        return _EPOCH + dt.timedelta(microseconds=int(self._micros[row]))
