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

Between batches the engine keeps only results of pure functions (a target's resolution, a
participant's status on a day, bounded in size), never anything a batch's findings depend on,
so chunks can be evaluated in any order, on any worker, with the same findings.
"""

from __future__ import annotations

import datetime as dt
import functools
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
#: record columns a finding shows as they are
_SHOWN = ("source_file", "record_id", "platform", "nip", "employee_name", "agency",
          "target_account", "url")  # fmt: skip
_UNKNOWN = object()  # a status not looked up yet (None is a status: "not running then")
_STATUS_CACHE = 100_000  # (participant, local day) statuses kept across batches
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
        self._statuses: dict[tuple[str, int], object] = {}  # (participant, local day) -> status
        # rule id -> (legal basis, sanction, status) as findings show them
        self._texts: dict[str, tuple[str, str, str]] = {}
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
            wanted = actions.isin(sorted(self._reads[key])).to_numpy(dtype=bool)
            if not wanted.any():
                candidates[key] = []
                continue
            # one take of the columns the check reads (its `reads`), not of the whole batch
            columns = list(check.reads) if check.reads is not None else list(records.columns)
            candidates[key] = check.run(records.loc[wanted, columns])
        return self._findings(records, candidates)

    def _findings(
        self, records: pd.DataFrame, candidates: dict[str, list[CheckMatch]]
    ) -> list[Finding]:
        rows = _Rows(records)
        action, hours = rows.action, rows.hours
        best: dict[tuple[str, int], tuple[tuple[int, float, int], CheckMatch, Rule]] = {}
        # A status changes only between calendar days in the election's zone (WIB, WITA, WIT:
        # fixed offsets since 1964, and acts before 1990 are rejected), so it is looked up once
        # per (participant, local day), not per act.
        statuses = self._statuses
        for use in self._uses:
            assert use.rule.applies is not None  # detectable rules have `applies` (loader)
            wanted = use.rule.applies.status
            for match in candidates[use.check_key]:
                row = rows.row_of(match.position)
                if action[row] not in use.actions:
                    continue
                pid = match.participant_id
                status_key = (pid, (hours[row] + self._offset_hours(pid)) // 24)
                status = statuses.get(status_key, _UNKNOWN)
                if status is _UNKNOWN:
                    status = self.registry.status_at(pid, rows.moment(row))
                    if len(statuses) >= _STATUS_CACHE:  # bounded, whatever the input's span
                        statuses.clear()
                    statuses[status_key] = status
                if status != wanted:
                    continue
                key = (use.rule.id, row)
                rank = strength(match.evidence)
                if key not in best or rank > best[key][0]:
                    best[key] = (rank, match, use.rule)
        picked = list(best.items())
        # the columns a finding shows, gathered once for the rows that have findings
        at = np.fromiter((row for (_, row), _ in picked), dtype=np.int64, count=len(picked))
        gathered = {name: rows.gather(name, at) for name in _SHOWN}
        found = [
            self._finding(rule, match, rows, row, {k: v[n] for k, v in gathered.items()})
            for n, ((_, row), (_, match, rule)) in enumerate(picked)
        ]
        # the same order as Finding's own, without comparing every field of it
        return sorted(found, key=lambda f: (f.source_file, f.source_row, f.rule_id, f.record_id))

    def _finding(
        self, rule: Rule, match: CheckMatch, rows: _Rows, row: int, shown: dict[str, str]
    ) -> Finding:
        pid = match.participant_id
        name, election_id, timezone = self._participant(pid)
        legal_basis, sanction, status = self._rule_texts(rule)
        return Finding(
            source_file=shown["source_file"],
            source_row=rows.source_row(row),
            rule_id=rule.id,
            record_id=shown["record_id"],
            category=rule.category,
            lampiran_row=rule.lampiran_row,
            participant_id=pid,
            participant_name=name,
            participant_status=status,
            election_id=election_id,
            timezone=timezone,
            occurred_at=rows.moment(row),
            platform=shown["platform"],
            action=rows.action[row],
            legal_basis=legal_basis,
            sanction=sanction,
            nip=shown["nip"],
            employee_name=shown["employee_name"],
            agency=shown["agency"],
            target_account=shown["target_account"],
            url=shown["url"],
            evidence=match.evidence,
        )

    @functools.cache  # noqa: B019 - one entry per participant; lives as long as the engine
    def _participant(self, pid: str) -> tuple[str, str, str]:
        election = self.registry.election_of(pid)
        return self.registry.display_name(pid), election.id, election.timezone

    @functools.cache  # noqa: B019 - one entry per participant; lives as long as the engine
    def _offset_hours(self, pid: str) -> int:
        offset = self.registry.election_of(pid).zone.utcoffset(dt.datetime(2000, 1, 1))
        return int(offset.total_seconds()) // 3600 if offset is not None else 0

    def _rule_texts(self, rule: Rule) -> tuple[str, str, str]:
        texts = self._texts.get(rule.id)
        if texts is None:
            sanction = rule.sanction.text.en if self.lang == "en" else rule.sanction.text.id
            status = rule.applies.status if rule.applies else ""
            texts = self._texts[rule.id] = (rule.legal_basis_text(), sanction, status)
        return texts


class _Rows:
    """A batch's columns addressed by row number; index labels mapped once. What every
    candidate needs (action, hour) is a Python list; what only findings show is gathered for
    their rows alone."""

    def __init__(self, records: pd.DataFrame) -> None:
        self.records = records
        index = records.index
        self._range = isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1
        self._row_of = {} if self._range else {label: row for row, label in enumerate(index)}
        self.action: list[str] = records["action"].to_numpy(dtype=object).tolist()
        self._source_rows = records["source_row"].to_numpy()
        times = records["occurred_at"].dt.tz_convert("UTC").dt.tz_localize(None)
        self._micros = times.to_numpy(dtype="datetime64[us]").astype(np.int64)
        self.hours: list[int] = (self._micros // 3_600_000_000).tolist()

    def row_of(self, position: int) -> int:
        return position if self._range else self._row_of[position]

    def gather(self, name: str, rows: np.ndarray) -> list[str]:
        """Column `name` at `rows`, as str."""
        return [str(v) for v in self.records[name].iloc[rows].tolist()]

    def source_row(self, row: int) -> int:
        return int(self._source_rows[row])

    def moment(self, row: int) -> dt.datetime:
        return _EPOCH + dt.timedelta(microseconds=int(self._micros[row]))
