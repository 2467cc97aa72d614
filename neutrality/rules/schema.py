"""Rule-set schema: every form of violation of SKB 2/2022 Lampiran II as one YAML entry.

A rule says what the decree forbids (title, legal basis, sanction) and, when activity data can
show it, which check kinds detect it (`when`), for which actions and participant status
(`applies`), with examples that must and must not match.

`when` is a list of checks and a record matches the rule when any one check matches it. A list,
not one check, because one row of the decree can need two detectors: A4/B6 cover both
interactions with a participant's account (account_interaction) and joining or following a
winning-team group (group_membership). Each check names the actions it reads, so one action
(follow) can feed two checks without either check knowing about the other.

Cross-field rules (ids, categories, check kinds and their options) are checked by
`neutrality.rules.loader`, which knows file lines; the models here check shape only.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

RuleId = Annotated[str, StringConstraints(pattern=r"^SKB-[AB][0-9]{1,2}$")]
LampiranRow = Annotated[str, StringConstraints(pattern=r"^[AB][0-9]{1,2}$")]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
Action = Literal[
    "like", "comment", "reply", "share", "repost", "post", "follow", "join_group",
    "upload_photo", "mention",
]  # fmt: skip
Status = Literal["bakal_calon", "calon"]
Category = Literal["ethics", "discipline"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Text(_Strict):
    id: str = Field(min_length=1, description="Indonesian text.")
    en: str = Field(min_length=1, description="English text.")


class LegalBasis(_Strict):
    skb: str = Field(
        min_length=1,
        description='Row of the decree, e.g. "SKB 2/2022 Lampiran II huruf B angka 6".',
    )
    articles: list[str] = Field(min_length=1, description="PP / UU articles the row rests on.")


class Sanction(_Strict):
    kind: Literal["moral", "disiplin", "ptdh", "satgas"] = Field(
        description="moral (PP 42/2004), disiplin (PP 94/2021), ptdh (dismissal), satgas (decided "
        "case by case by the Satgas)."
    )
    level: Literal["tertutup_atau_terbuka", "ringan", "sedang", "berat", "ptdh", "satgas"] = Field(
        description="Level of the sanction; for disiplin the PP 94/2021 level."
    )
    text: Text = Field(description="The sanction as a reviewer reads it.")
    articles: list[str] = Field(default_factory=list, description="Articles that set the sanction.")


class Applies(_Strict):
    status: Status = Field(
        description="Status of the participant at the moment of the act: bakal_calon (A rows) or "
        "calon (B rows)."
    )
    actions: list[Action] = Field(min_length=1, description="Actions the rule reads at all.")


class When(_Strict):
    type: str = Field(
        description="Check kind, a key of neutrality.rules.checks.CHECK_KINDS, e.g. "
        "account_interaction, group_membership, campaign_content, photo_with_participant."
    )
    actions: list[Action] | None = Field(
        None,
        description="Actions this check reads; a subset of `applies.actions`. Omitted: all of them.",
    )
    options: dict[str, Any] = Field(
        default_factory=dict, description="Options of the check kind (its `Options` model)."
    )


class Example(_Strict):
    record: dict[str, str] = Field(
        description="Activity record in canonical column names (platform, action, occurred_at, "
        "target_account, target_name, group_name, content_text, photo_labels, ...)."
    )
    participant: str | None = Field(
        None, description="Registry id of the participant a match must name (match examples)."
    )
    note: str | None = Field(None, description="Why this example matches or does not.")


class Examples(_Strict):
    match: list[Example] = Field(default_factory=list, description="Records that must match.")
    no_match: list[Example] = Field(
        default_factory=list, description="Records that must not match."
    )


class Rule(_Strict):
    id: RuleId = Field(description="Stable id: SKB- and the Lampiran II row, e.g. SKB-B6.")
    lampiran_row: LampiranRow = Field(description="Row of Lampiran II: A1-A7, B1-B13.")
    title: Text
    description: Text
    category: Category = Field(description="ethics (table A) or discipline (table B).")
    legal_basis: LegalBasis
    sanction: Sanction
    detectable: bool = Field(description="Whether social-media activity data can show it.")
    applies: Applies | None = Field(None, description="Required when detectable.")
    when: list[When] | None = Field(
        None,
        min_length=1,
        description="Checks that detect the rule; any one matching is enough. Only when detectable.",
    )
    examples: Examples = Field(default_factory=Examples)
    sources: list[Url] = Field(min_length=1, description="Pages the row was read from.")
    notes: str | None = Field(None, description="Conflicts between sources, interpretations.")

    @property
    def checks(self) -> tuple[When, ...]:
        """The rule's checks; empty for rules a reviewer records by hand."""
        return tuple(self.when or ())

    def check_actions(self, check: When) -> tuple[str, ...]:
        """Actions one check reads: its own list, or all the rule's actions."""
        if check.actions is not None:
            return tuple(check.actions)
        return tuple(self.applies.actions) if self.applies else ()

    def legal_basis_text(self) -> str:
        """One line for findings: the SKB row, then the articles."""
        return "; ".join([self.legal_basis.skb, *self.legal_basis.articles])


class Lexicons(_Strict):
    """Words the text checks use. Data, not code, so reviewers can read and extend them."""

    support_cues: list[str] = Field(default_factory=list, description="Words of support.")
    attack_cues: list[str] = Field(default_factory=list, description="Words against someone.")
    ballot_call_verbs: list[str] = Field(
        default_factory=list, description='Words before a ballot number ("coblos 02").'
    )
    ballot_fillers: list[str] = Field(
        default_factory=list,
        description='Words between a ballot-call verb and the number ("coblos nomor urut 02"); on '
        'their own they call for nothing ("rapat nomor 02").',
    )
    winning_team_cues: list[str] = Field(
        default_factory=list,
        description="Words that make a group a winning-team or volunteer group when it also names "
        'a participant ("Relawan Ganjar Jateng").',
    )
    imitation_cues: list[str] = Field(
        default_factory=list,
        description="Words of fan, shop, parody and news pages: a display name or handle carrying "
        "one is never read as a participant's own account.",
    )
    neutral_cues: list[str] = Field(
        default_factory=list, description="Words of news, questions and facts."
    )
    slang: dict[str, str] = Field(default_factory=dict, description="Variant -> standard form.")


class RuleFile(_Strict):
    """One rule-set YAML file."""

    schema_version: Literal[1]
    id: Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+$")]
    title: Text
    sources: list[Url] = Field(min_length=1)
    lexicons: Lexicons = Field(default_factory=Lexicons)
    rules: list[Rule] = Field(min_length=1)
