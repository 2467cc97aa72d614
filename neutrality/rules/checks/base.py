"""What every check kind provides, and what it yields."""

from __future__ import annotations

import functools
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, TypeVar

import pandas as pd
from pydantic import BaseModel, ConfigDict

from neutrality.findings import Evidence

R = TypeVar("R")


class NoOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class CheckMatch:
    """One record (by position in the batch) resolved to one participant, with the evidence."""

    position: int
    participant_id: str
    evidence: Evidence


class CheckKind(ABC):
    """A detector. The engine, not the check, stamps rule id, category and sanction."""

    name: ClassVar[str]
    Options: ClassVar[type[BaseModel]] = NoOptions
    #: the record columns `run` reads (the engine hands it only those); None for all of them
    reads: ClassVar[tuple[str, ...] | None] = None
    #: distinct values whose result a check keeps from one batch for the next (per process)
    MEMO_SIZE: ClassVar[int] = 5_000
    #: whether `run` uses the context's text matchers (spaCy), which are built on first use
    uses_text: ClassVar[bool] = False

    def __init__(self, options: BaseModel, context: Any) -> None:
        self.options = options
        self.context = context

    def memo(self, resolve: Callable[..., R]) -> Callable[..., R]:
        """`resolve` (a pure function of distinct values) with its results kept across batches:
        exports repeat the same targets, groups and labels chunk after chunk. Bounded, so
        memory does not grow with the input; the cached lists are shared, never changed."""
        return functools.lru_cache(maxsize=self.MEMO_SIZE)(resolve)

    @abstractmethod
    def run(self, records: pd.DataFrame) -> list[CheckMatch]:
        """Return the matches in `records` (the normalised batch, see neutrality.io.records)."""
