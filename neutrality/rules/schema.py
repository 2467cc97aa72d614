"""Rule-set schema: every form of violation of SKB 2/2022 Lampiran II as one YAML entry.

A rule says what the decree forbids (title, legal basis, sanction) and, when activity data can
show it, which check kind detects it (`when`), for which actions and participant status
(`applies`), with examples that must and must not match.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

RuleId = Annotated[str, StringConstraints(pattern=r"^SKB-[AB][0-9]{1,2}$")]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
Action = Literal[
    "like", "comment", "reply", "share", "repost", "post", "follow", "join_group",
    "upload_photo", "mention",
]  # fmt: skip
Status = Literal["bakal_calon", "calon"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    id: str = Field(min_length=1, description="Indonesian text.")
    en: str = Field(min_length=1, description="English text.")


class LegalBasis(_Strict):
    skb: str = Field(
        description='Row of the decree, e.g. "SKB 2/2022 Lampiran II huruf B angka 6".'
    )
    articles: list[str] = Field(min_length=1, description="PP / UU articles the row rests on.")


class Sanction(_Strict):
    kind: Literal["moral", "disiplin", "ptdh", "satgas"] = Field(
        description="moral (PP 42/2004), disiplin (PP 94/2021), ptdh (dismissal), satgas (decided "
        "case by case by the Satgas)."
    )
    level: Literal["tertutup_atau_terbuka", "ringan", "sedang", "berat", "ptdh", "satgas"]
    text: Text = Field(description="The sanction as a reviewer reads it.")
    articles: list[str] = Field(default_factory=list, description="Articles that set the sanction.")


class Applies(_Strict):
    status: Status = Field(description="Status of the participant at the moment of the act.")
    actions: list[Action] = Field(min_length=1)


class When(_Strict):
    type: str = Field(description="Check kind, e.g. account_interaction, campaign_content.")
    options: dict[str, Any] = Field(default_factory=dict, description="Options of the check kind.")


class Example(_Strict):
    record: dict[str, str] = Field(description="Activity record in canonical column names.")
    participant: str | None = Field(None, description="Participant the match must name.")
    note: str | None = None


class Examples(_Strict):
    match: list[Example] = Field(default_factory=list)
    no_match: list[Example] = Field(default_factory=list)


class Rule(_Strict):
    id: RuleId
    lampiran_row: Annotated[str, StringConstraints(pattern=r"^[AB][0-9]{1,2}$")]
    title: Text
    description: Text
    category: Literal["ethics", "discipline"]
    legal_basis: LegalBasis
    sanction: Sanction
    detectable: bool = Field(description="Whether social-media activity data can show it.")
    applies: Applies | None = None
    when: When | None = None
    examples: Examples = Field(default_factory=Examples)
    sources: list[Url] = Field(min_length=1)
    notes: str | None = Field(None, description="Conflicts between sources, interpretations.")

    @model_validator(mode="after")
    def _detectable_needs_check(self) -> Rule:
        if self.detectable and (self.when is None or self.applies is None):
            raise ValueError("a detectable rule needs `when` and `applies`")
        if not self.detectable and self.when is not None:
            raise ValueError("a rule that is not detectable cannot have `when`")
        if self.lampiran_row != self.id.removeprefix("SKB-"):
            raise ValueError(f"`lampiran_row` {self.lampiran_row} does not match id {self.id}")
        expected = "ethics" if self.lampiran_row.startswith("A") else "discipline"
        if self.category != expected:
            raise ValueError(f"row {self.lampiran_row} belongs to category {expected}")
        return self


class Lexicons(_Strict):
    """Words the text checks use. Data, not code, so reviewers can read and extend them."""

    support_cues: list[str] = Field(default_factory=list)
    attack_cues: list[str] = Field(default_factory=list)
    ballot_call_verbs: list[str] = Field(default_factory=list)
    neutral_cues: list[str] = Field(default_factory=list)
    slang: dict[str, str] = Field(default_factory=dict, description="Variant -> standard form.")


class RuleFile(_Strict):
    schema_version: Literal[1]
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+$")]
    title: Text
    sources: list[Url] = Field(min_length=1)
    lexicons: Lexicons = Field(default_factory=Lexicons)
    rules: list[Rule] = Field(min_length=1)
