"""Options of the check kinds, validated by the rule loader against each rule's `options`."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Options(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class FuzzyOptions(_Options):
    fuzzy_threshold: float = Field(
        90.0,
        ge=80.0,
        le=100.0,
        description="Lowest rapidfuzz token_sort_ratio (0-100) at which a display or group name "
        "counts as the registry's name. Below 80 different people start to match.",
    )
