"""account_interaction: a like, comment, reply, share, repost, follow or mention of an account
or post of a participant, its campaign team, or a winning-team account.

The target is resolved in this order: the handle (`@prabowo`, `prabowo`) or the handle in a
profile or post URL against the registry's accounts (confidence high, score 100); when the handle
names no registry account, the display name (`target_name`) fuzzy-matched against participants'
multi-word names (confidence medium at 100, low below). A non-participant's account (KPU, a news
outlet, a ministry) ends the search: no display name can turn it into a finding. Handles and
names carrying a fan, shop, parody or news word are never a participant's own account.

Work is done once per distinct (platform, target, name) combination and spread back to rows;
the results are kept per (platform, account part of the target, name), so post links of one
account are resolved once (normalize.account_part).
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import pandas as pd
from pydantic import BaseModel
from rapidfuzz import fuzz, process

from neutrality.findings import Confidence, Evidence, MatchMethod
from neutrality.io.values import combinations
from neutrality.rules.checks.base import CheckKind, CheckMatch
from neutrality.rules.checks.options import FuzzyOptions

_EMPTY: tuple[CheckMatch, ...] = ()


def spread(records: pd.DataFrame, codes: np.ndarray, results: list[list[tuple[str, Evidence]]]
           ) -> list[CheckMatch]:  # fmt: skip
    """Rows of each combination get the combination's matches."""
    hit = np.array([bool(r) for r in results], dtype=bool)
    if not hit.any():
        return []
    rows = np.nonzero(hit[codes])[0]
    positions = records.index.to_numpy()
    return [
        CheckMatch(int(positions[row]), pid, evidence)
        for row in rows
        for pid, evidence in results[codes[row]]
    ]


def fuzzy_lookup(key: str, blocks: dict[str, set[str]], cutoff: float) -> tuple[str, float] | None:
    """Best registry name for a name key among those sharing a word with it (blocking), scored
    with token_sort_ratio on already-normalised keys (processor=None)."""
    pool = sorted({name for token in key.split() for name in blocks.get(token, ())})
    if not pool:
        return None
    best = process.extractOne(key, pool, scorer=fuzz.token_sort_ratio, processor=None,
                              score_cutoff=cutoff)  # fmt: skip
    return (str(best[0]), float(best[1])) if best else None


class AccountInteraction(CheckKind):
    name: ClassVar[str] = "account_interaction"
    Options: ClassVar[type[FuzzyOptions]] = FuzzyOptions
    reads: ClassVar[tuple[str, ...] | None] = ("platform", "target_account", "target_name")

    def __init__(self, options: BaseModel, context: Any) -> None:
        super().__init__(options, context)
        self._resolved = self.memo(self._resolve)

    def run(self, records: pd.DataFrame) -> list[CheckMatch]:
        if records.empty:
            return []
        from neutrality.match.normalize import account_part

        codes, uniques = combinations(records, ["platform", "target_account", "target_name"])
        results = [  # a post link is resolved as its account's part: once per account
            self._resolved(str(p), account_part(str(t)), str(n))
            for p, t, n in uniques.itertuples(index=False, name=None)
        ]
        return spread(records, codes, results)

    def _resolve(self, platform: str, raw: str, name: str) -> list[tuple[str, Evidence]]:
        from neutrality.match.normalize import parse_target

        ctx: Any = self.context
        index = ctx.index
        target = parse_target(raw)
        if target.handle:
            ref = index.account(target.platform or platform, target.handle)
            if ref is not None:
                if not ref.participating:
                    return []
                method: MatchMethod = "url_handle" if target.from_url else "exact_handle"
                shown = raw[target.span[0] : target.span[1]] if target.span else target.handle
                plat = target.platform or platform
                evidence = Evidence(
                    matched_field="target_account",
                    registry_entry=f"account {plat}:{ref.handle} of {ref.participant_id}",
                    matched_text=shown,
                    method=method,
                    score=100.0,
                    confidence="high",
                    span=target.span,
                    explanation=ctx.explain(method, ref.participant_id, text=shown),
                )
                return [(ref.participant_id, evidence)]
            if index.imitates(target.handle.replace(".", "_").replace("-", "_").split("_")):
                return []
        if not name.strip():
            return []
        return self._by_name(name, unknown_handle=bool(target.handle))

    def _by_name(self, name: str, unknown_handle: bool) -> list[tuple[str, Evidence]]:
        from neutrality.match.normalize import name_tokens

        ctx: Any = self.context
        index = ctx.index
        tokens = name_tokens(name)
        key = " ".join(tokens)
        if len(tokens) < 2 or index.imitates(tokens) or key in index.non_participant_names:
            return []
        options: FuzzyOptions = self.options  # type: ignore[assignment]
        best = fuzzy_lookup(key, index.name_blocks, options.fuzzy_threshold)
        if best is None:
            return []
        pid, written = index.display_names[best[0]]
        confidence: Confidence = "medium" if best[1] >= 100 and not unknown_handle else "low"
        evidence = Evidence(
            matched_field="target_name",
            registry_entry=f"name {written} of {pid}",
            matched_text=name,
            method="fuzzy_name",
            score=best[1],
            confidence=confidence,
            span=(0, len(name)),
            explanation=ctx.explain("fuzzy_name", pid, text=name, score=best[1]),
        )
        return [(pid, evidence)]
