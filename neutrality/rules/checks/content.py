"""campaign_content: a post, comment, reply or share whose text campaigns for or against a
participant (see neutrality.match.text for what counts). Only texts that pass the vectorised
prefilter reach spaCy; each distinct text is matched once."""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
import pandas as pd
import pyarrow as pa
from pydantic import BaseModel

from neutrality.findings import Evidence, excerpt
from neutrality.rules.checks.base import CheckKind, CheckMatch, NoOptions
from neutrality.rules.checks.interaction import spread


class CampaignContent(CheckKind):
    name: ClassVar[str] = "campaign_content"
    Options: ClassVar[type[NoOptions]] = NoOptions
    reads: ClassVar[tuple[str, ...] | None] = ("content_text",)
    uses_text: ClassVar[bool] = True
    MEMO_SIZE: ClassVar[int] = 2_000  # texts are long and mostly distinct: keep fewer

    def __init__(self, options: BaseModel, context: Any) -> None:
        super().__init__(options, context)
        self._matched = self.memo(self._evidence)

    def run(self, records: pd.DataFrame) -> list[CheckMatch]:
        text = records["content_text"]
        if records.empty:
            return []
        codes, uniques = pd.factorize(text)
        if len(uniques) == 0:
            return []
        ctx: Any = self.context
        matcher = ctx.text
        keep = matcher.candidates(pa.array(np.asarray(uniques, dtype=object), pa.large_string()))
        results: list[list[tuple[str, Evidence]]] = []
        for value, passes in zip(uniques, keep, strict=True):
            results.append(self._matched(str(value)) if passes else [])
        codes = np.where(codes < 0, len(results), codes)
        results.append([])
        return spread(records, codes, results)

    def _evidence(self, text: str) -> list[tuple[str, Evidence]]:
        ctx: Any = self.context
        out = []
        for hit in ctx.text.hits(text):
            context, context_span = excerpt(text, hit.span)
            evidence = Evidence(
                matched_field="content_text",
                registry_entry=f"{hit.entry} of {hit.participant_id}",
                matched_text=hit.matched_text,
                method=hit.method,
                score=100.0,
                confidence=hit.confidence,
                span=hit.span,
                explanation=ctx.explain(
                    hit.reason, hit.participant_id, text=hit.matched_text, cues=hit.cues
                ),
                cues=hit.cues,
                context=context,
                context_span=context_span,
            )
            out.append((hit.participant_id, evidence))
        return out
