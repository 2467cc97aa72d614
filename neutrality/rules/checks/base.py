"""What every check kind provides, and what it yields."""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, ClassVar

import pandas as pd
from pydantic import BaseModel, ConfigDict

from neutrality.findings import Evidence


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

    def __init__(self, options: BaseModel, context: Any) -> None:
        self.options = options
        self.context = context

    @abstractmethod
    def run(self, records: pd.DataFrame) -> list[CheckMatch]:
        """Return the matches in `records` (the normalised batch, see neutrality.io.records)."""
