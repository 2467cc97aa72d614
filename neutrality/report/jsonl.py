"""findings.jsonl: one JSON object a line with the full evidence of each finding."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from types import TracebackType

from neutrality.findings import Finding


class JsonLinesWriter:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle = path.open("w", encoding="utf-8", newline="\n")
        self.rows = 0

    def write(self, findings: Iterable[Finding]) -> None:
        for finding in findings:
            self._handle.write(json.dumps(finding.to_json(), ensure_ascii=False, sort_keys=True))
            self._handle.write("\n")
            self.rows += 1

    def close(self) -> None:
        self._handle.close()

    def __enter__(self) -> JsonLinesWriter:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
