"""Keyed pseudonyms for NIPs, names and the employee's own handles (`--pseudonymize-key FILE`).

HMAC-SHA256 with a secret key rather than a plain hash: NIPs are 18 digits with a known
structure (birth date, TMT, sex, serial), so an unkeyed hash could be reversed by trying every
NIP. The same key gives the same pseudonym on every run, so runs can still be joined; whoever
holds the key can re-identify a person by hashing a known NIP, nobody else can.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import hmac
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from neutrality.errors import Problem, UsageError
from neutrality.findings import Evidence, FindingTable
from neutrality.i18n import tr

MIN_KEY_BYTES = 16
#: a NIP-shaped digit run inside free text (a message quoting the NIP, a ragged row's fields)
NIP_IN_TEXT = re.compile(r"(?<!\d)\d{18}(?!\d)")
#: a NIP quoted by a message (roster problems: `nip "19800719200708100X": must be 18 digits`)
QUOTED_NIP = re.compile(r'nip "([^"]*)"')
#: fields of a rejected row that identify the employee
IDENTITY_FIELDS = {"nip": "nip", "employee_name": "name", "actor_account": "handle"}
PREFIX = {"nip": "P-", "name": "N-", "handle": "H-"}


class Pseudonymizer:
    def __init__(self, key: bytes) -> None:
        if len(key) < MIN_KEY_BYTES:
            raise ValueError(
                tr("a pseudonym key needs at least {count} bytes", count=MIN_KEY_BYTES)
            )
        self._key = key

    @classmethod
    def from_file(cls, path: Path) -> Pseudonymizer:
        """Read the key file; a missing, unreadable or short key stops the run (exit 2)."""
        try:
            key = path.read_bytes()
        except OSError as exc:
            raise _unreadable(path, exc) from None
        key = key.strip()  # a trailing newline from `echo` or an editor is not part of the key
        if len(key) < MIN_KEY_BYTES:
            message = tr(
                "--pseudonymize-key: the key holds {count} bytes, at least {needed} are needed "
                "(e.g. `head -c 32 /dev/urandom | base64 > key.txt`)",
                count=len(key), needed=MIN_KEY_BYTES,
            )  # fmt: skip
            raise UsageError([Problem(str(path), message=message)])
        return cls(key)

    @staticmethod
    def check_file(path: Path) -> None:
        """Stop the run early (exit 2) when the key file is missing or cannot be opened, without
        reading the key: it is read when needed (`from_file`), after any worker is forked."""
        try:
            with path.open("rb"):
                pass
        except OSError as exc:
            raise _unreadable(path, exc) from None

    def pseudonym(self, kind: str, value: str) -> str:
        """`P-` + 16 hex digits of HMAC(key, "nip:" + value); empty stays empty."""
        value = _canonical(kind, value)
        if not value:
            return ""
        digest = hmac.new(self._key, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()
        return PREFIX.get(kind, "X-") + digest[:16]

    def scrub(self, text: str) -> str:
        """Any NIP-shaped run of 18 digits inside free text becomes its pseudonym."""
        return NIP_IN_TEXT.sub(lambda match: self.pseudonym("nip", match.group()), text)

    def quoted(self, text: str) -> str:
        """A message with the NIP it quotes (`nip "…"`, well formed or not) and any NIP-shaped
        digits as pseudonyms: a roster problem shown in the reports."""
        text = QUOTED_NIP.sub(lambda m: f'nip "{self.pseudonym("nip", m.group(1))}"', text)
        return self.scrub(text)

    def finding_table(self, table: FindingTable) -> FindingTable:
        """The findings with NIP and name as pseudonyms (one HMAC per distinct value), and
        the employee's NIP and name scrubbed from a post's excerpt (Evidence.context)."""
        texts = table.texts
        made: dict[tuple[str, str], str] = {}

        def pseudonyms(kind: str, values: list[str]) -> list[str]:
            return [
                made[(kind, v)] if (kind, v) in made
                else made.setdefault((kind, v), self.pseudonym(kind, v))
                for v in values
            ]  # fmt: skip

        replaced = table.replaced(
            nip=pseudonyms("nip", texts["nip"]),
            employee_name=pseudonyms("name", texts["employee_name"]),
        )
        if not any(evidence.context for evidence in table.evidence):
            return replaced
        evidence = [
            self._scrubbed_context(ev, {"nip": nip, "employee_name": name}) if ev.context else ev
            for ev, nip, name in zip(table.evidence, texts["nip"], texts["employee_name"], strict=True)
        ]  # fmt: skip
        return FindingTable(replaced.texts, replaced.source_row, replaced.occurred_at, evidence)

    def _scrubbed_context(self, evidence: Evidence, raw: Mapping[str, str]) -> Evidence:
        """Evidence.context without the employee's NIP and name; the match's place kept (the
        text before, in and after it scrubbed apart, so its offsets follow)."""
        context, span = evidence.context, evidence.context_span
        if span is None:
            return dataclasses.replace(evidence, context=self._scrub_known(context, raw))
        pieces = (context[: span[0]], context[span[0] : span[1]], context[span[1] :])
        parts = [self._scrub_known(piece, raw) for piece in pieces]
        at = len(parts[0])
        return dataclasses.replace(
            evidence, context="".join(parts), context_span=(at, at + len(parts[1]))
        )

    def rejected_row(self, row: Mapping[str, Any]) -> dict[str, Any]:
        """Identity fields pseudonymised, and their raw values scrubbed from every other field
        (a message quotes the bad NIP; other_fields of a ragged row may hold anything)."""
        raw = {
            field: str(row[field]).strip()
            for field in IDENTITY_FIELDS
            if isinstance(row.get(field), str) and str(row[field]).strip()
        }
        cleaned: dict[str, Any] = {}
        for key, value in row.items():
            if key in raw:
                cleaned[key] = self.pseudonym(IDENTITY_FIELDS[key], raw[key])
            elif isinstance(value, str):
                cleaned[key] = self._scrub_known(value, raw)
            else:
                cleaned[key] = value
        return cleaned

    def _scrub_known(self, text: str, raw: Mapping[str, str]) -> str:
        # longest first, so a name that contains a handle is replaced whole; in any letter case
        # and spacing ("putu  rahmawati" is the same person), as pseudonyms are made
        for field, value in sorted(raw.items(), key=lambda item: -len(item[1])):
            words = value.split()
            if not words:
                continue
            pattern = re.compile(r"\s+".join(map(re.escape, words)), re.IGNORECASE)
            # replaced through a function: the pseudonym is text, never a template
            text = pattern.sub(
                functools.partial(_constant, self.pseudonym(IDENTITY_FIELDS[field], value)), text
            )
        return self.scrub(text)


def _constant(value: str, _match: re.Match[str]) -> str:
    return value


def _canonical(kind: str, value: str) -> str:
    """The same person gives the same pseudonym whatever the spacing or letter case."""
    value = " ".join(str(value).split())
    if kind == "nip":
        return value.replace(" ", "")
    if kind == "handle":
        return value.lstrip("@").casefold()
    return value.casefold()


def _unreadable(path: Path, exc: OSError) -> UsageError:
    message = tr("--pseudonymize-key: cannot read the key file ({error})", error=exc.strerror)
    return UsageError([Problem(str(path), message=message)])
