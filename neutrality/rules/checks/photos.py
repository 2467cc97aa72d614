"""photo_with_participant: a photo the employee posts that shows a participant or a partisan
symbol, read from `photo_labels` (`person:Prabowo Subianto;logo:Gerindra;gesture:two_fingers`).

- `person:` a participant person -> that person (high);
- `logo:` or `attribute:` naming a participant (a party logo, a candidate's shirt) -> that
  participant (logo high, attribute medium);
- a hand sign (`gesture:`) or a generic party attribute (`attribute:kaos partai`) counts only
  together with a context: a ballot number (`text:02`) -> the pair with that number (and that
  sign, when the registry lists the pair's signs), or a participant named in `text:` (medium);
- a hand sign alone, or with unrelated text ("liburan"), is no finding; nor is a person who is
  not a participant.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

import numpy as np
import pandas as pd
from pydantic import BaseModel

from neutrality.findings import Evidence
from neutrality.rules.checks.base import CheckKind, CheckMatch
from neutrality.rules.checks.interaction import fuzzy_lookup, spread
from neutrality.rules.checks.options import FuzzyOptions

GESTURES = {
    "one_finger": "one_finger", "satu_jari": "one_finger", "1_finger": "one_finger",
    "two_fingers": "two_fingers", "dua_jari": "two_fingers", "v_sign": "two_fingers",
    "v": "two_fingers", "peace": "two_fingers", "2_fingers": "two_fingers",
    "three_fingers": "three_fingers", "tiga_jari": "three_fingers", "3_fingers": "three_fingers",
    "four_fingers": "four_fingers", "empat_jari": "four_fingers", "4_fingers": "four_fingers",
}  # fmt: skip
_NUMBER = re.compile(r"^(?:no\.?|nomor|nomer)?\s*0?([1-9][0-9]?)$", re.IGNORECASE)


def parse_labels(raw: str) -> list[tuple[str, str, int, int]]:
    """`kind:value` labels separated by `;` -> (kind, value, start, end) with places in `raw`."""
    out = []
    position = 0
    for part in raw.split(";"):
        start = position + len(part) - len(part.lstrip())
        position += len(part) + 1
        kind, sep, value = part.strip().partition(":")
        if sep and value.strip():
            out.append((kind.strip().lower(), value.strip(), start, start + len(part.strip())))
    return out


class PhotoWithParticipant(CheckKind):
    name: ClassVar[str] = "photo_with_participant"
    Options: ClassVar[type[FuzzyOptions]] = FuzzyOptions
    reads: ClassVar[tuple[str, ...] | None] = ("photo_labels",)
    uses_text: ClassVar[bool] = True

    def __init__(self, options: BaseModel, context: Any) -> None:
        super().__init__(options, context)
        self._resolved = self.memo(self._resolve)

    def run(self, records: pd.DataFrame) -> list[CheckMatch]:
        if records.empty:
            return []
        codes, uniques = pd.factorize(records["photo_labels"])
        results = [self._resolved(str(value)) for value in uniques]
        codes = np.where(codes < 0, len(results), codes)
        results.append([])
        return spread(records, codes, results)

    def _resolve(self, raw: str) -> list[tuple[str, Evidence]]:
        from neutrality.match.normalize import name_key

        labels = parse_labels(raw)
        found: list[tuple[str, Evidence]] = []
        signs: list[tuple[str, str]] = []  # (sign, label text)
        generic: list[str] = []
        numbers: list[tuple[int, str]] = []
        named: list[tuple[str, str]] = []  # participants named in text labels
        for kind, value, start, end in labels:
            shown = raw[start:end]
            if kind == "person":
                pid, score = self._person(name_key(value))
                if pid:
                    found.append((pid, self._evidence("photo_person", pid, shown, (start, end),
                                                      score, "high" if score >= 97 else "medium",
                                                      f"person {value}")))  # fmt: skip
            elif kind in ("logo", "attribute"):
                pid = self._named(value)
                if pid:
                    confidence = "high" if kind == "logo" else "medium"
                    found.append((pid, self._evidence("photo_logo", pid, shown, (start, end),
                                                      100.0, confidence, f"{kind} {value}")))  # fmt: skip
                elif kind == "attribute":
                    generic.append(shown)
            elif kind == "gesture":
                sign = GESTURES.get(value.strip().lower().replace(" ", "_").replace("-", "_"))
                if sign:
                    signs.append((sign, shown))
            elif kind == "text":
                number = _NUMBER.match(value.strip())
                if number:
                    numbers.append((int(number.group(1)), shown))
                else:
                    pid = self._named(value)
                    if pid:
                        named.append((pid, shown))
        if (signs or generic) and (numbers or named):
            found += self._with_context(signs, generic, numbers, named, raw)
        return found

    def _person(self, key: str) -> tuple[str | None, float]:
        ctx: Any = self.context
        index = ctx.index
        persons = {k: v for k, v in index.display_names.items()
                   if index.registry.participants[v[0]].kind == "person"}  # fmt: skip
        if key in persons:
            return persons[key][0], 100.0
        for tokens, pid in index.mentions.items():
            if (
                len(tokens) == 1
                and tokens[0] == key
                and index.registry.participants[pid].kind == "person"
            ):
                return pid, 95.0
        options: FuzzyOptions = self.options  # type: ignore[assignment]
        blocks = {t: {k for k in keys if k in persons} for t, keys in index.name_blocks.items()}
        best = fuzzy_lookup(key, blocks, options.fuzzy_threshold)
        return (persons[best[0]][0], best[1]) if best else (None, 0.0)

    def _named(self, value: str) -> str | None:
        """A participant named in a label: an acronym (PDIP), a name or alias inside it."""
        from neutrality.match.normalize import name_tokens

        ctx: Any = self.context
        index = ctx.index
        for word in re.findall(r"[A-Za-z][A-Za-z\-]+", value):
            pid = ctx.text.acronyms.get(word.upper())
            if pid:
                return str(pid)
        mentions = index.mentioned(name_tokens(value))
        return str(mentions[0][0]) if mentions else None

    def _with_context(self, signs: list[tuple[str, str]], generic: list[str],
                      numbers: list[tuple[int, str]], named: list[tuple[str, str]], raw: str
                      ) -> list[tuple[str, Evidence]]:  # fmt: skip
        ctx: Any = self.context
        index = ctx.index
        out = []
        sign_names = {s for s, _ in signs}
        for number, shown in numbers:
            for pid in index.pairs_numbered(number):
                own = index.signs_of(pid)
                if sign_names and own and not sign_names & own:
                    continue  # three fingers with "02" is no sign of pair 02
                cues = tuple(t for _, t in signs) + tuple(generic) + (shown,)
                out.append((pid, self._evidence("photo_sign", pid, shown, None, 100.0, "medium",
                                                f"ballot number {number}", cues)))  # fmt: skip
        for pid, shown in named:
            cues = tuple(t for _, t in signs) + tuple(generic) + (shown,)
            out.append((pid, self._evidence("photo_sign", pid, shown, None, 100.0, "medium",
                                            f"name in photo text of {pid}", cues)))  # fmt: skip
        return out

    def _evidence(self, kind: str, pid: str, shown: str, span: tuple[int, int] | None,
                  score: float, confidence: str, entry: str, cues: tuple[str, ...] = ()
                  ) -> Evidence:  # fmt: skip
        ctx: Any = self.context
        return Evidence(
            matched_field="photo_labels",
            registry_entry=f"{entry} of {pid}",
            matched_text=shown,
            method="photo_label",
            score=score,
            confidence=confidence,  # type: ignore[arg-type]
            span=span,
            explanation=ctx.explain(kind, pid, text=shown, cues=cues),
            cues=cues,
        )
