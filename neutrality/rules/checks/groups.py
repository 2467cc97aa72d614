"""group_membership: joining or following a winning-team or volunteer group of a participant.

The group is read from `group_name` (or, for a follow with no group name, the followed page's
`target_name`) and resolved in this order: a registry group name, fuzzy-matched with
token_sort_ratio (confidence high at 97 and over, medium below); else a name that carries a
winning-team word ("relawan", "pemenangan", "timses", ...) together with a participant's name or
alias ("Relawan Ganjar Jateng"), confidence medium. A group with a participant's name but no such
word (a fan or alumni group) is no finding; nor is one with a fan, shop or news word.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import pandas as pd
from pydantic import BaseModel

from neutrality.findings import Evidence
from neutrality.io.values import combinations
from neutrality.rules.checks.base import CheckKind, CheckMatch
from neutrality.rules.checks.interaction import fuzzy_lookup, spread
from neutrality.rules.checks.options import FuzzyOptions


class GroupMembership(CheckKind):
    name: ClassVar[str] = "group_membership"
    Options: ClassVar[type[FuzzyOptions]] = FuzzyOptions
    reads: ClassVar[tuple[str, ...] | None] = ("action", "group_name", "target_name")

    def __init__(self, options: BaseModel, context: Any) -> None:
        super().__init__(options, context)
        self._resolved = self.memo(self._resolve)

    def run(self, records: pd.DataFrame) -> list[CheckMatch]:
        if records.empty:
            return []
        has_group = records["group_name"] != ""
        followed = records["target_name"].where(records["action"] == "follow", "")
        frame = pd.DataFrame(
            {
                "field": np.where(has_group, "group_name", "target_name"),
                "text": records["group_name"].where(has_group, followed),
            },
            index=records.index,
        )
        codes, uniques = combinations(frame, ["field", "text"])
        results = [self._resolved(str(f), str(t)) for f, t in uniques.itertuples(False, None)]
        return spread(records, codes, results)

    def _resolve(self, field: str, text: str) -> list[tuple[str, Evidence]]:
        from neutrality.match.normalize import name_tokens, without_parentheses

        if not text.strip():
            return []
        ctx: Any = self.context
        index = ctx.index
        tokens = name_tokens(without_parentheses(text))
        if not tokens or index.imitates(tokens):
            return []
        options: FuzzyOptions = self.options  # type: ignore[assignment]
        best = fuzzy_lookup(
            " ".join(tokens), index.group_blocks, max(options.fuzzy_threshold - 2, 80)
        )
        if best is not None:
            pid, written = index.group_names[best[0]]
            evidence = Evidence(
                matched_field=field,
                registry_entry=f"group {written} of {pid}",
                matched_text=text,
                method="group_name",
                score=best[1],
                confidence="high" if best[1] >= 97 else "medium",
                span=(0, len(text)),
                explanation=ctx.explain("group_name", pid, text=text, score=best[1]),
            )
            return [(pid, evidence)]
        cue = index.has_winning_team_cue(tokens)
        if cue is None:
            return []
        found = []
        for pid, words, _ in index.mentioned(tokens):
            evidence = Evidence(
                matched_field=field,
                registry_entry=f"name {' '.join(words)} of {pid}",
                matched_text=text,
                method="pattern",
                score=100.0,
                confidence="medium",
                span=(0, len(text)),
                explanation=ctx.explain("group_pattern", pid, text=text),
                cues=(cue,),
            )
            found.append((pid, evidence))
        return found
