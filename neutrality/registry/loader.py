"""Load one or more registry YAML files into a Registry, or fail with every problem in them.

As with rule files, loading runs in two passes so one run shows all that is wrong:
1. shape: each file against the pydantic `RegistryFile` model (unknown keys, types, sources);
2. meaning, across all files given: duplicate participant ids, references (`member_of`,
   `parties`, `supports`) to ids that no loaded file defines, and one account listed for two
   participants (a handle must resolve to exactly one participant).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from neutrality.errors import Problem, RegistryFileError, YamlFileError
from neutrality.i18n import tr
from neutrality.registry.periods import Status, local_day, own_status, strongest
from neutrality.registry.schema import Election, NonParticipant, Participant, RegistryFile
from neutrality.rules.loader import bad_scalar_problem
from neutrality.yamlio import PathKey, YamlDocument, load_yaml, pydantic_problems

_REFERENCES = ("member_of", "parties", "supports")


@dataclass(frozen=True)
class Registry:
    """Every loaded election and participant, with where each came from.

    Participant ids are unique across all files, so a finding's `participant_id` names one entry.
    """

    paths: tuple[Path, ...]
    elections: dict[str, Election]
    participants: dict[str, Participant]
    non_participants: dict[str, NonParticipant]
    hashes: dict[str, str] = field(default_factory=dict)
    _election_of: dict[str, str] = field(default_factory=dict, repr=False)

    def file_hashes(self) -> dict[str, str]:
        """SHA-256 of each registry file, by path as given: summary.json records them."""
        return dict(self.hashes)

    def election_of(self, participant_id: str) -> Election:
        return self.elections[self._election_of[participant_id]]

    def status_at(self, participant_id: str, moment: dt.datetime) -> Status | None:
        """bakal_calon, calon or None for the participant at an aware moment (see periods)."""
        return self._status(participant_id, moment, depth=0)

    def _status(self, participant_id: str, moment: dt.datetime, depth: int) -> Status | None:
        participant = self.participants[participant_id]
        election = self.election_of(participant_id)
        if participant.kind in ("team", "group"):
            if depth > 4:  # supports cycles are rejected at load; this is a second guard
                return None
            if local_day(moment, election) > election.ends.date:
                return None
            return strongest([self._status(s, moment, depth + 1) for s in participant.supports])
        return own_status(participant, election, local_day(moment, election))

    def display_name(self, participant_id: str) -> str:
        return self.participants[participant_id].name


def load_registry(paths: Sequence[Path | str]) -> Registry:
    """Read and validate the registry files; RegistryFileError lists every problem in all."""
    files = [Path(p) for p in paths]
    if not files:
        message = tr("no registry file given")
        raise RegistryFileError([Problem("--registry", None, None, message)])
    problems: list[Problem] = []
    loaded: list[tuple[YamlDocument, RegistryFile]] = []
    for path in files:
        try:
            doc = load_yaml(path)
        except YamlFileError as exc:
            problems += exc.problems
            continue
        except ValueError:  # PyYAML builds an impossible unquoted date with a ValueError
            problems.append(bad_scalar_problem(path))
            continue
        file = _validate_shape(doc, problems)
        if file is not None:
            loaded.append((doc, file))
    if not problems:
        problems += list(_meaning_problems(loaded))
    if problems:
        raise RegistryFileError(_ordered(problems))
    return _build(files, loaded)


def _ordered(problems: list[Problem]) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (str(p.file), p.line or 0, p.message))


def _validate_shape(doc: YamlDocument, problems: list[Problem]) -> RegistryFile | None:
    if not isinstance(doc.data, dict):
        message = tr("a registry file must be a YAML mapping")
        problems.append(Problem(doc.path, 1, None, message))
        return None
    try:
        return RegistryFile.model_validate(doc.data)
    except ValidationError as exc:
        problems += pydantic_problems(doc, exc, RegistryFile, _context_of(doc))
        return None


def _context_of(doc: YamlDocument) -> Any:
    def context(loc: PathKey) -> str | None:
        if len(loc) < 2 or not isinstance(loc[1], int):
            return None
        if loc[0] not in ("participants", "non_participants"):
            return None
        entries = doc.data.get(loc[0])
        entry = entries[loc[1]] if isinstance(entries, list) and loc[1] < len(entries) else None
        ident = entry.get("id") if isinstance(entry, dict) else None
        if isinstance(ident, str):
            return _label(str(loc[0]), ident)
        if loc[0] == "participants":
            return tr("participant #{number}", number=loc[1] + 1)
        return tr("non-participant #{number}", number=loc[1] + 1)

    return context


def _label(kind: str, ident: str) -> str:
    """Names the entry a problem is in: "participant pair-02", "non-participant kpu"."""
    if kind == "participants":
        return tr("participant {id}", id=ident)
    return tr("non-participant {id}", id=ident)


def _meaning_problems(loaded: list[tuple[YamlDocument, RegistryFile]]) -> Iterator[Problem]:
    where: dict[str, tuple[str, int | None]] = {}
    elections: dict[str, tuple[str, int | None]] = {}
    accounts: dict[tuple[str, str], tuple[str, str, int | None]] = {}
    for doc, file in loaded:
        line = doc.line_of(("election", "id"))
        if file.election.id in elections:
            first = elections[file.election.id]
            message = tr(
                "election {id} is also defined in {file}:{line}",
                id=file.election.id,
                file=first[0],
                line=first[1],
            )
            yield Problem(doc.path, line, "id", message)
        elections[file.election.id] = (doc.path, line)
        for kind in ("participants", "non_participants"):
            for index, entry in enumerate(getattr(file, kind)):
                loc: PathKey = (kind, index, "id")
                line = doc.line_of(loc)
                label = _label(kind, entry.id)
                if entry.id in where:
                    first_file, first_line = where[entry.id]
                    if first_file == doc.path:
                        message = tr(
                            "duplicate participant id {id} (first defined on line {line})",
                            id=entry.id,
                            line=first_line,
                        )
                    else:
                        message = tr(
                            "duplicate participant id {id} (first defined on {file}:{line})",
                            id=entry.id,
                            file=first_file,
                            line=first_line,
                        )
                    yield Problem(doc.path, line, "id", message, label)
                else:
                    where[entry.id] = (doc.path, line)
                for position, account in enumerate(entry.accounts):
                    key = (account.platform, account.handle.lower())
                    account_line = doc.line_of((kind, index, "accounts", position))
                    if key in accounts and accounts[key][1] != entry.id:
                        other = accounts[key]
                        message = tr(
                            "account {platform}:{handle} is also listed for {other} "
                            "({file}:{line}); a handle must name one entry",
                            platform=account.platform,
                            handle=account.handle,
                            other=other[1],
                            file=other[0],
                            line=other[2],
                        )
                        yield Problem(doc.path, account_line, "accounts", message, label)
                    accounts.setdefault(key, (doc.path, entry.id, account_line))
    ids = {pid for pid in where}
    for doc, file in loaded:
        for index, participant in enumerate(file.participants):
            yield from _reference_problems(doc, index, participant, ids)
    yield from _cycle_problems(loaded)


def _reference_problems(
    doc: YamlDocument, index: int, participant: Participant, ids: set[str]
) -> Iterator[Problem]:
    label = _label("participants", participant.id)
    for key in _REFERENCES:
        for position, ref in enumerate(getattr(participant, key)):
            if ref in ids:
                continue
            line = doc.line_of(("participants", index, key, position)) or doc.line_of(
                ("participants", index, key)
            )
            message = tr('"{ref}" is not a participant', ref=ref)
            elsewhere = _shipped_definer(ref, doc.path)
            if elsewhere:
                message += tr(
                    " (it is defined in {file}: give that registry file too)", file=elsewhere
                )
            yield Problem(doc.path, line, key, message, label)


def _shipped_definer(participant_id: str, current: str) -> str | None:
    """The shipped registry file that defines an id, to point a user at the file they left out."""
    from neutrality.resources import shipped_registry_paths

    for path in shipped_registry_paths():
        if path.resolve() == Path(current).resolve():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            continue
        if f"id: {participant_id}\n" in text:
            return path.name
    return None


def _cycle_problems(loaded: list[tuple[YamlDocument, RegistryFile]]) -> Iterator[Problem]:
    supports = {p.id: p.supports for _, f in loaded for p in f.participants}
    for doc, file in loaded:
        for index, participant in enumerate(file.participants):
            seen = {participant.id}
            frontier = list(participant.supports)
            while frontier:
                current = frontier.pop()
                if current in seen:
                    yield Problem(
                        doc.path, doc.line_of(("participants", index, "supports")), "supports",
                        tr("supports goes round in a circle through {id}", id=current),
                        _label("participants", participant.id),
                    )  # fmt: skip
                    break
                seen.add(current)
                frontier.extend(supports.get(current, []))


def _build(paths: list[Path], loaded: list[tuple[YamlDocument, RegistryFile]]) -> Registry:
    elections: dict[str, Election] = {}
    participants: dict[str, Participant] = {}
    non_participants: dict[str, NonParticipant] = {}
    election_of: dict[str, str] = {}
    hashes: dict[str, str] = {}
    for path, (_, file) in zip(paths, loaded, strict=True):
        hashes[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        elections[file.election.id] = file.election
        for participant in file.participants:
            participants[participant.id] = participant
            election_of[participant.id] = file.election.id
        for entry in file.non_participants:
            non_participants[entry.id] = entry
    return Registry(
        paths=tuple(paths),
        elections=elections,
        participants=participants,
        non_participants=non_participants,
        hashes=hashes,
        _election_of=election_of,
    )
