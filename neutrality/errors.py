"""One exception hierarchy; every error says where (file, line or row, key) and what is wrong.

Exit codes are a contract raised only from the command line layer: every class here maps to 2.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from neutrality.i18n import tr


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in a file, with its place. `line` is 1-based; `row` is a data-row number."""

    file: str
    line: int | None = None
    key: str | None = None
    message: str = ""
    context: str | None = None  # e.g. "rule SKB-B6" or "participant prabowo-subianto"

    def __str__(self) -> str:
        place = self.file if self.line is None else f"{self.file}:{self.line}"
        parts = [place]
        if self.context:
            parts.append(self.context)
        if self.key:
            parts.append(tr('key "{key}"', key=self.key))
        return ": ".join(parts) + f": {self.message}"


class NeutralityError(Exception):
    """Base class: a problem that stops the run with exit code 2."""

    def __init__(self, problems: Sequence[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(file="", message=problems)]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(p.message if not p.file else str(p) for p in self.problems))


class UsageError(NeutralityError):
    """Bad options or arguments."""


class InputFileError(NeutralityError):
    """An activity, roster or mapping file cannot be read as a table at all."""


class RuleFileError(NeutralityError):
    """A rule set failed to load or validate."""


class RegistryFileError(NeutralityError):
    """A participant registry failed to load or validate."""


class YamlFileError(NeutralityError):
    """A YAML file is not safe or well-formed YAML."""
