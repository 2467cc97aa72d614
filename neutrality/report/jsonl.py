"""findings.jsonl: one JSON object a line with the full evidence of each finding.

Keys sorted, UTF-8 as it is (no \\u escapes but for line breaks), no spaces between tokens;
encoded by orjson, about seven times faster than the json module (0.4 s for 41,000 findings).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

import orjson

from neutrality.findings import Finding

#: characters that str.splitlines and JavaScript treat as line ends; escaped, a line stays a line
_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"}


class JsonLinesWriter:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle = path.open("w", encoding="utf-8", newline="\n")
        self.rows = 0

    def write(
        self, findings: Iterable[Finding], records: Sequence[dict[str, Any]] | None = None
    ) -> None:
        """One line a finding; `records`, when given, are the findings' to_record() (made once
        for findings.csv and reused here)."""
        for n, finding in enumerate(findings):
            made = finding.to_json(records[n] if records is not None else None)
            line = orjson.dumps(made, option=orjson.OPT_SORT_KEYS).decode()
            for raw, escaped in _LINE_BREAKS.items():
                line = line.replace(raw, escaped)
            self._handle.write(line)
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
