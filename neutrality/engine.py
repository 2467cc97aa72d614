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
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from neutrality.findings import TABLE_TEXTS, Evidence, Finding, FindingTable
from neutrality.io.tables import TEXT_DTYPE
from neutrality.match.context import MatchContext
from neutrality.registry import Registry
from neutrality.rules.checks import CHECK_KINDS, CheckKind, CheckMatch
from neutrality.rules.loader import RuleSet
from neutrality.rules.schema import Rule

_EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
_CONFIDENCE = {"high": 3, "medium": 2, "low": 1}
#: record columns a finding shows as they are (besides source_file and record_id)
_GATHERED = ("platform", "nip", "employee_name", "agency", "target_account", "url")
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
        # statuses kept across batches: key (participant number << 32 | local day) -> code
        self._status_keys = np.zeros(0, dtype=np.int64)  # sorted
        self._status_values = np.zeros(0, dtype=np.int8)
        self._status_names: dict[object, int] = {}  # status (None, "calon", ...) -> code
        self._numbers: dict[str, int] = {}
        # rule id -> its columns as findings show them (_rule_columns)
        self._texts: dict[str, tuple[str, str, str, str, str, str]] = {}
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

    def prepare(self) -> Engine:
        """Build now what is otherwise built when a batch first needs it (the text matchers,
        with spaCy), so processes forked from this one share it instead of each building it."""
        if any(check.uses_text for check in self._checks.values()):
            _ = self.context.text
        return self

    def evaluate(self, records: pd.DataFrame) -> list[Finding]:
        """Findings of one batch of normalised records (see neutrality.io.records), in order."""
        return self.evaluate_table(records).findings()

    def evaluate_table(self, records: pd.DataFrame) -> FindingTable:
        """`evaluate` as columns (FindingTable): what the pipeline writes from."""
        if records.empty:
            return FindingTable.from_findings([])
        index = records.index
        if not (isinstance(index, pd.RangeIndex) and index.start == 0 and index.step == 1):
            # checks report rows by index label: labels 0..n-1 are row numbers, whatever
            # index a caller's frame had (gaps, repeats, several files concatenated)
            records = records.reset_index(drop=True)
        rows = _Rows(records)
        candidates: dict[str, list[CheckMatch]] = {}
        for key, check in self._checks.items():
            wanted = rows.with_action(self._reads[key])
            if not wanted.any():
                candidates[key] = []
                continue
            # one take of the columns the check reads (its `reads`), not of the whole batch
            columns = list(check.reads) if check.reads is not None else list(records.columns)
            candidates[key] = check.run(records.loc[wanted, columns])
        return self._findings(rows, candidates)

    def _findings(self, rows: _Rows, candidates: dict[str, list[CheckMatch]]) -> FindingTable:
        # every counting (use, match) pair as arrays, in the order the uses and their matches
        # come: the rule (by its id's sorted place), the row, the match's strength
        rule_ids = sorted({use.rule.id for use in self._uses})
        rule_code = {rule_id: n for n, rule_id in enumerate(rule_ids)}
        uses: list[np.ndarray] = []
        numbers: list[np.ndarray] = []
        found: list[np.ndarray] = []
        ranks: list[list[tuple[int, float, int]]] = []
        for number, use in enumerate(self._uses):
            matches = candidates[use.check_key]
            if not matches:
                continue
            at, counting = self._counting(use, matches, rows)
            uses.append(np.full(len(counting), number, dtype=np.int64))
            numbers.append(counting)
            found.append(at[counting])
            ranks.append([strength(matches[i].evidence) for i in counting.tolist()])
        use_at = np.concatenate(uses) if uses else np.zeros(0, dtype=np.int64)
        match_at = np.concatenate(numbers) if numbers else np.zeros(0, dtype=np.int64)
        row = np.concatenate(found) if found else np.zeros(0, dtype=np.int64)
        rank = np.array([r for part in ranks for r in part], dtype=np.float64).reshape(-1, 3)
        rule = np.array([rule_code[u.rule.id] for u in self._uses], dtype=np.int64)[use_at]
        met = np.arange(len(row))
        # one finding per (rule, row): the strongest match; of equals, the first met
        order = np.lexsort((met, -rank[:, 2], -rank[:, 1], -rank[:, 0], row, rule))
        by_rule, by_row = rule[order], row[order]
        starts = np.ones(len(order), dtype=bool)
        starts[1:] = (by_rule[1:] != by_rule[:-1]) | (by_row[1:] != by_row[:-1])
        best = order[starts]
        first_met = np.minimum.reduceat(met[order], np.flatnonzero(starts)) if len(order) else met
        at = row[best]
        # Finding's order (file, row, rule, record; then as first met), from the columns
        files, source_rows = rows.gather("source_file", at), rows.source_rows(at)
        record_ids = rows.gather("record_id", at)
        finding_order = np.lexsort(
            (first_met, _sort_codes(record_ids), rule[best], np.array(source_rows, dtype=np.int64),
             _sort_codes(files))
        )  # fmt: skip
        best, at = best[finding_order], at[finding_order]
        order_list = finding_order.tolist()
        columns = {number: self._rule_columns(use.rule) for number, use in enumerate(self._uses)}
        chosen = [
            candidates[self._uses[u].check_key][m]
            for u, m in zip(use_at[best].tolist(), match_at[best].tolist(), strict=True)
        ]
        rules = [columns[u] for u in use_at[best].tolist()]
        people = [self._participant(match.participant_id) for match in chosen]
        texts: dict[str, list[str]] = {
            "source_file": [files[n] for n in order_list],
            "rule_id": [r[0] for r in rules],
            "record_id": [record_ids[n] for n in order_list],
            "category": [r[1] for r in rules],
            "lampiran_row": [r[2] for r in rules],
            "participant_id": [match.participant_id for match in chosen],
            "participant_name": [p[0] for p in people],
            "participant_status": [r[5] for r in rules],
            "election_id": [p[1] for p in people],
            "timezone": [p[2] for p in people],
            "action": rows.actions_at(at),
            "legal_basis": [r[3] for r in rules],
            "sanction": [r[4] for r in rules],
            **{name: rows.gather(name, at) for name in _GATHERED},
        }
        return FindingTable(
            texts={name: texts[name] for name in TABLE_TEXTS},
            source_row=[source_rows[n] for n in order_list],
            occurred_at=rows.micros(at),
            evidence=[match.evidence for match in chosen],
        )

    def _counting(
        self, use: _Use, matches: list[CheckMatch], rows: _Rows
    ) -> tuple[np.ndarray, np.ndarray]:
        """(row of each match, which matches count for the use's rule): the record's action is
        one the rule lets the check read, and the participant's status on the act's day is the
        rule's. A status changes only between calendar days in the election's zone (WIB, WITA,
        WIT: fixed offsets since 1964, and acts before 1990 are rejected), so it is looked up
        once per (participant, local day), not per act, and kept across batches."""
        assert use.rule.applies is not None  # detectable rules have `applies` (loader)
        wanted = use.rule.applies.status
        positions = np.fromiter((m.position for m in matches), dtype=np.int64, count=len(matches))
        at = positions  # index labels are row numbers (evaluate)
        ok = rows.action_in(at, use.actions)
        candidates = np.flatnonzero(ok)
        if not len(candidates):
            return at, candidates
        pid_codes, pids = pd.factorize(
            np.array([matches[i].participant_id for i in candidates.tolist()], dtype=object)
        )
        numbers = np.array([self._number(str(pid)) for pid in pids], dtype=np.int64)
        offsets = np.array([self._offset_hours(str(pid)) for pid in pids], dtype=np.int64)
        rows_at = at[candidates]
        days = (rows.hours[rows_at] + offsets[pid_codes]) // 24  # after 1990: positive
        keys = (numbers[pid_codes] << 32) | days
        codes = self._status_codes(keys, lambda n: (str(pids[pid_codes[n]]), int(rows_at[n])), rows)
        counting: np.ndarray = candidates[codes == self._status_code(wanted)]
        return at, counting

    def _status_codes(
        self, keys: np.ndarray, which: Callable[[int], tuple[str, int]], rows: _Rows
    ) -> np.ndarray:
        """The status code of each (participant number << 32 | local day) key: from the kept
        table (sorted keys), or looked up in the registry once per key met for the first time
        (`which(n)`: participant and row of the n-th key). The table is bounded."""
        distinct, first, inverse = np.unique(keys, return_index=True, return_inverse=True)
        known, codes = self._status_keys, self._status_values
        at = np.minimum(np.searchsorted(known, distinct), max(len(known) - 1, 0))
        hit = known[at] == distinct if len(known) else np.zeros(len(distinct), dtype=bool)
        found = np.where(hit, codes[at] if len(known) else 0, -1).astype(np.int8)
        missing = np.flatnonzero(~hit)
        for n in missing.tolist():
            pid, row = which(int(first[n]))
            found[n] = self._status_code(self.registry.status_at(pid, rows.moment(row)))
        if len(missing):
            if len(known) + len(missing) > _STATUS_CACHE:  # bounded, whatever the input's span
                known, codes = known[:0], codes[:0]
                missing = missing[:_STATUS_CACHE]  # distinct is sorted: so is this part of it
            merged = np.concatenate((known, distinct[missing]))
            order = np.argsort(merged, kind="stable")
            self._status_keys = merged[order]
            self._status_values = np.concatenate((codes, found[missing]))[order]
        result: np.ndarray = found[inverse.reshape(-1)]
        return result

    def _status_code(self, status: object) -> int:
        return self._status_names.setdefault(status, len(self._status_names))

    def _number(self, pid: str) -> int:
        """A participant's number in this engine (stable across batches)."""
        return self._numbers.setdefault(pid, len(self._numbers))

    @functools.cache  # noqa: B019 - one entry per participant; lives as long as the engine
    def _participant(self, pid: str) -> tuple[str, str, str]:
        election = self.registry.election_of(pid)
        return self.registry.display_name(pid), election.id, election.timezone

    @functools.cache  # noqa: B019 - one entry per participant; lives as long as the engine
    def _offset_hours(self, pid: str) -> int:
        offset = self.registry.election_of(pid).zone.utcoffset(dt.datetime(2000, 1, 1))
        return int(offset.total_seconds()) // 3600 if offset is not None else 0

    def _rule_columns(self, rule: Rule) -> tuple[str, str, str, str, str, str]:
        """(id, category, Lampiran row, legal basis, sanction, status) as findings show them."""
        texts = self._texts.get(rule.id)
        if texts is None:
            sanction = rule.sanction.text.en if self.lang == "en" else rule.sanction.text.id
            status = rule.applies.status if rule.applies else ""
            texts = self._texts[rule.id] = (
                rule.id, rule.category, rule.lampiran_row, rule.legal_basis_text(), sanction,
                status,
            )  # fmt: skip
        return texts


def _sort_codes(texts: list[str]) -> np.ndarray:
    """Each text's place among the distinct texts in Python's order (numbers to sort by)."""
    if not texts:
        return np.zeros(0, dtype=np.int64)
    _, codes = np.unique(np.array(texts, dtype=object), return_inverse=True)
    return np.asarray(codes, dtype=np.int64).reshape(-1)


class _Rows:
    """A batch's columns addressed by row number (the batch's index is 0..n-1, see evaluate).
    What every candidate needs (action codes, hours) is in arrays; what only findings show is
    gathered for their rows alone."""

    def __init__(self, records: pd.DataFrame) -> None:
        self.records = records
        self._action_codes, self._actions = pd.factorize(records["action"])
        self._source_rows = records["source_row"].to_numpy()
        times = records["occurred_at"].dt.tz_convert("UTC").dt.tz_localize(None)
        self._micros = times.to_numpy(dtype="datetime64[us]").astype(np.int64)
        self.hours: np.ndarray = self._micros // 3_600_000_000

    def with_action(self, actions: set[str] | frozenset[str]) -> np.ndarray:
        """Which rows of the batch have one of `actions`."""
        found: np.ndarray = self._is_one_of(actions)[self._action_codes]
        return found

    def actions_at(self, rows: np.ndarray) -> list[str]:
        names = [str(action) for action in self._actions]
        return [names[code] for code in self._action_codes[rows].tolist()]

    def action_in(self, rows: np.ndarray, actions: frozenset[str]) -> np.ndarray:
        found: np.ndarray = self._is_one_of(actions)[self._action_codes[rows]]
        return found

    def _is_one_of(self, actions: set[str] | frozenset[str]) -> np.ndarray:
        """Per action code, whether it is one of `actions`: rows are then looked up by code
        (a last False for factorize's -1, a missing action)."""
        return np.array([*(action in actions for action in self._actions), False], dtype=bool)

    def gather(self, name: str, rows: np.ndarray) -> list[str]:
        """Column `name` at `rows`, as str."""
        picked = self.records[name].iloc[rows]
        values: list[str] = picked.tolist()
        if picked.dtype == TEXT_DTYPE and not picked.hasnans:  # already str, every one
            return values
        return [str(v) for v in values]

    def source_rows(self, rows: np.ndarray) -> list[int]:
        found: list[int] = self._source_rows[rows].tolist()
        return found

    def micros(self, rows: np.ndarray) -> np.ndarray:
        """Microseconds since 1970 UTC of `rows`."""
        found: np.ndarray = self._micros[rows]
        return found

    def moment(self, row: int) -> dt.datetime:
        return _EPOCH + dt.timedelta(microseconds=int(self._micros[row]))
