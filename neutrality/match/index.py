"""Lookup tables over the registry, built once per engine (once per process or Dask worker).

- accounts: (platform, lower-case handle) -> participant or non-participant;
- display names: name keys of participants and their multi-word aliases, for rapidfuzz;
- groups: the registry's winning-team group names, and the single words that name a participant
  in a group name ("Relawan Ganjar Jateng");
- ballot numbers and hand signs per election, for "coblos 02" and a three-finger photo with "03".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from neutrality.match.normalize import name_key, name_tokens, without_parentheses
from neutrality.registry import Registry
from neutrality.registry.schema import Participant
from neutrality.rules.schema import Lexicons

#: Display-name and group-name cut-offs (rapidfuzz token_sort_ratio on name keys, 0-100).
#: token_sort_ratio, not WRatio or token_set_ratio: a name that only *contains* a participant's
#: name ("Prabowo Subianto Fans Jateng") must not score 100. 90 lets one wrong letter in a
#: two-word name through ("Prabowo Subiyanto" scores 94) and keeps different people apart
#: ("Anies Matta" vs "Anies Baswedan" scores 56).
NAME_CUTOFF = 90.0
GROUP_CUTOFF = 88.0
#: Kinds of participant whose name can be the display name of an account.
ACCOUNT_KINDS = ("person", "pair", "party", "team")


def is_acronym(alias: str) -> bool:
    """AMIN, PAGI, PKB: all capitals, short. Compared case-sensitively in text, because "amin"
    (amen) and "pagi" (morning) are everyday words."""
    letters = re.sub(r"[^A-Za-z]", "", alias)
    return 2 <= len(letters) <= 6 and letters.isupper() and alias == alias.upper()


@dataclass(frozen=True)
class AccountRef:
    participant_id: str  # or a non-participant id
    handle: str  # as written in the registry
    participating: bool


@dataclass
class RegistryIndex:
    registry: Registry
    lexicons: Lexicons
    accounts: dict[tuple[str, str], AccountRef] = field(default_factory=dict)
    accounts_any_platform: dict[str, list[AccountRef]] = field(default_factory=dict)
    #: name key -> (participant id, the name as written); multi-word names and aliases only
    display_names: dict[str, tuple[str, str]] = field(default_factory=dict)
    non_participant_names: set[str] = field(default_factory=set)
    #: name-key token -> display-name keys containing it (blocking for fuzzy matching)
    name_blocks: dict[str, set[str]] = field(default_factory=dict)
    group_names: dict[str, tuple[str, str]] = field(default_factory=dict)
    group_blocks: dict[str, set[str]] = field(default_factory=dict)
    #: token sequences that name a participant inside a group name or photo label
    mentions: dict[tuple[str, ...], str] = field(default_factory=dict)
    #: (election id, ballot number) -> pair ids
    ballots: dict[tuple[str, int], list[str]] = field(default_factory=dict)
    imitation: frozenset[str] = frozenset()
    winning_team: tuple[tuple[str, ...], ...] = ()

    @classmethod
    def build(cls, registry: Registry, lexicons: Lexicons) -> RegistryIndex:
        index = cls(registry=registry, lexicons=lexicons)
        index.imitation = frozenset(w.lower() for w in lexicons.imitation_cues)
        index.winning_team = tuple(tuple(c.lower().split()) for c in lexicons.winning_team_cues)
        for participant in registry.participants.values():
            index._add_participant(participant)
        for entry in registry.non_participants.values():
            for account in entry.accounts:
                ref = AccountRef(entry.id, account.handle, participating=False)
                index.accounts[(account.platform, account.handle.lower())] = ref
                index.accounts_any_platform.setdefault(account.handle.lower(), []).append(ref)
            for name in [entry.name, *entry.aliases]:
                index.non_participant_names.add(name_key(name))
        return index

    def _add_participant(self, participant: Participant) -> None:
        pid = participant.id
        for account in participant.accounts:
            ref = AccountRef(pid, account.handle, participating=True)
            self.accounts[(account.platform, account.handle.lower())] = ref
            self.accounts_any_platform.setdefault(account.handle.lower(), []).append(ref)
        names = [participant.name, *participant.aliases]
        if participant.kind in ACCOUNT_KINDS:
            for name in names:
                key = name_key(without_parentheses(name))
                if len(key.split()) >= 2 and key not in self.display_names:
                    self.display_names[key] = (pid, name)
                    for token in key.split():
                        self.name_blocks.setdefault(token, set()).add(key)
        for group in participant.groups:
            key = name_key(without_parentheses(group.name))
            if key:
                self.group_names.setdefault(key, (pid, group.name))
                for token in key.split():
                    self.group_blocks.setdefault(token, set()).add(key)
        for name in names:
            if is_acronym(name):
                continue
            tokens = tuple(name_tokens(without_parentheses(name)))
            if tokens and (len(tokens) > 1 or len(tokens[0]) >= 4):
                self.mentions.setdefault(tokens, pid)
        if participant.kind == "pair" and participant.ballot_number is not None:
            election = self.registry.election_of(pid).id
            self.ballots.setdefault((election, participant.ballot_number), []).append(pid)

    # -------------------------------------------------------------------------- lookups

    def account(self, platform: str, handle: str) -> AccountRef | None:
        """The registry entry of a handle on a platform; on "other" or "whatsapp" a handle that
        names one entry on any platform."""
        found = self.accounts.get((platform, handle))
        if found is not None or platform not in ("other", "whatsapp"):
            return found
        refs = self.accounts_any_platform.get(handle, [])
        return refs[0] if len({r.participant_id for r in refs}) == 1 else None

    def imitates(self, tokens: list[str]) -> bool:
        """A fan, shop, parody or news page: one of its words is an imitation cue."""
        return any(token in self.imitation for token in tokens)

    def mentioned(self, tokens: list[str]) -> list[tuple[str, tuple[str, ...], int]]:
        """Participants named in a token list: (id, the tokens, position), longest first."""
        found: list[tuple[str, tuple[str, ...], int]] = []
        taken: set[int] = set()
        for key in sorted(self.mentions, key=len, reverse=True):
            size = len(key)
            for start in range(len(tokens) - size + 1):
                if tuple(tokens[start : start + size]) == key and not taken & set(
                    range(start, start + size)
                ):
                    found.append((self.mentions[key], key, start))
                    taken.update(range(start, start + size))
        return found

    def has_winning_team_cue(self, tokens: list[str]) -> str | None:
        for cue in self.winning_team:
            size = len(cue)
            for start in range(len(tokens) - size + 1):
                if tuple(tokens[start : start + size]) == cue:
                    return " ".join(cue)
        return None

    def pairs_numbered(self, number: int) -> list[str]:
        """Pair ids with a ballot number, in any loaded election."""
        return [pid for (_, n), pids in self.ballots.items() if n == number for pid in pids]

    def signs_of(self, participant_id: str) -> set[str]:
        return {s.sign for s in self.registry.participants[participant_id].hand_signs}


def vocabulary(registry: Registry) -> frozenset[str]:
    """Words of participant names, aliases and hashtags (lower case), for splitting hashtags."""
    words: set[str] = set()
    for participant in registry.participants.values():
        for name in [participant.name, *participant.aliases]:
            words.update(t for t in name_tokens(name) if len(t) >= 3)
    return frozenset(words)
