"""Participant registry schema: elections, their stages, and who counts as a participant when.

Every fact carries a source address or is marked `unverified: true` with a note saying why.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from neutrality.i18n import tr

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$", max_length=1000)]
Platform = Literal[
    "x", "instagram", "facebook", "tiktok", "youtube", "threads", "whatsapp", "other"
]
HandSign = Literal["one_finger", "two_fingers", "three_fingers", "four_fingers", "other"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Sourced(_Strict):
    """A fact with where it was read, or an explicit mark that no source confirmed it."""

    source: Url | None = Field(None, description="Address of the page the fact was read from.")
    unverified: bool = Field(False, description="True when no source confirmed the fact.")
    note: str | None = Field(None, description="Why the fact is unverified, or a conflict.")

    @model_validator(mode="after")
    def _has_source_or_mark(self) -> Sourced:
        if self.source is None and not self.unverified:
            raise ValueError(tr("a fact needs `source` or `unverified: true` with a `note`"))
        if self.unverified and not self.note:
            raise ValueError(tr("an unverified fact needs a `note` saying why"))
        return self


class Text(_Strict):
    id: str = Field(description="Indonesian text.")
    en: str = Field(description="English text.")


class DatedFact(Sourced):
    date: dt.date = Field(description="Calendar date in the election's time zone.")


class Stage(Sourced):
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$")]
    name: Text
    start: dt.date
    end: dt.date | None = None

    @model_validator(mode="after")
    def _ordered(self) -> Stage:
        if self.end is not None and self.end < self.start:
            raise ValueError(
                tr(
                    "stage {id}: end {end} is before start {start}",
                    id=self.id,
                    end=self.end,
                    start=self.start,
                )
            )
        return self


class Election(Sourced):
    id: Slug
    name: Text
    kind: Literal["pemilu", "pilkada"]
    region: str
    timezone: Literal["Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"] = Field(
        description="WIB = Asia/Jakarta, WITA = Asia/Makassar, WIT = Asia/Jayapura."
    )
    stages: list[Stage] = Field(min_length=1)
    ends: DatedFact = Field(description="End of the election's stages; later acts are no finding.")

    @property
    def zone(self) -> ZoneInfo:
        try:
            return ZoneInfo(self.timezone)
        except ZoneInfoNotFoundError as exc:  # pragma: no cover - tzdata is a dependency
            raise ValueError(tr("unknown time zone {timezone}", timezone=self.timezone)) from exc


class Account(Sourced):
    platform: Platform
    handle: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.\-]{1,100}$")]


class Group(Sourced):
    name: Annotated[str, StringConstraints(min_length=3, max_length=200)]
    platform: Platform | None = None


class Hashtag(Sourced):
    tag: Annotated[str, StringConstraints(pattern=r"^[^\s#]{2,100}$")]


class Slogan(Sourced):
    text: Annotated[str, StringConstraints(min_length=2, max_length=200)]


class Sign(Sourced):
    sign: HandSign


class Participant(_Strict):
    id: Slug
    kind: Literal["person", "pair", "party", "team", "group"]
    role: Literal["capres", "cawapres", "cagub", "cawagub", "cabup", "cawabup", "other"] | None = (
        None
    )
    name: Annotated[str, StringConstraints(min_length=2, max_length=200)]
    aliases: list[str] = Field(default_factory=list)
    ballot_number: int | None = Field(None, ge=1, le=99)
    member_of: list[Slug] = Field(default_factory=list, description="Pair ids, for persons.")
    parties: list[Slug] = Field(default_factory=list)
    supports: list[Slug] = Field(default_factory=list, description="For teams and groups.")
    bakal_calon_from: DatedFact | None = None
    calon_from: DatedFact | None = None
    accounts: list[Account] = Field(default_factory=list)
    groups: list[Group] = Field(default_factory=list)
    hashtags: list[Hashtag] = Field(default_factory=list)
    slogans: list[Slogan] = Field(default_factory=list)
    hand_signs: list[Sign] = Field(default_factory=list)
    sources: list[Url] = Field(min_length=1, description="Sources of name, aliases, numbers.")
    note: str | None = None

    @model_validator(mode="after")
    def _dates(self) -> Participant:
        if self.kind in ("team", "group"):
            if not self.supports:
                raise ValueError(
                    tr(
                        "a {kind} needs `supports` (the participant it campaigns for)",
                        kind=self.kind,
                    )
                )
        elif self.calon_from is None:
            raise ValueError(tr("a {kind} needs `calon_from`", kind=self.kind))
        return self

    @field_validator("calon_from")
    @classmethod
    def _after_bakal_calon(cls, value: DatedFact | None, info: ValidationInfo) -> DatedFact | None:
        """Checked on `calon_from` itself, so the message points at its key and line."""
        earlier = info.data.get("bakal_calon_from")
        if value is not None and earlier is not None and earlier.date > value.date:
            raise ValueError(tr("`bakal_calon_from` is after `calon_from`"))
        return value


class NonParticipant(_Strict):
    """An account that must never produce a finding: election bodies, officials, news outlets."""

    id: Slug
    name: str
    kind: Literal["election_body", "official", "ministry", "news", "other"]
    accounts: list[Account] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)


class RegistryFile(_Strict):
    """One registry YAML file: one election and its participants."""

    schema_version: Literal[1]
    election: Election
    participants: list[Participant] = Field(default_factory=list)
    non_participants: list[NonParticipant] = Field(default_factory=list)
