"""What every check kind shares within one engine: registry lookups, text matchers, language."""

from __future__ import annotations

from functools import cached_property

from neutrality.match.index import RegistryIndex
from neutrality.match.text import CampaignText
from neutrality.registry import Registry
from neutrality.rules.schema import Lexicons

#: One sentence per kind of evidence, for the reviewer; {entry}, {text}, {score} filled in.
EXPLANATIONS: dict[str, dict[str, str]] = {
    "id": {
        "exact_handle": 'Akun "{text}" adalah {entry}.',
        "url_handle": 'Tautan menunjuk akun "{text}", yaitu {entry}.',
        "fuzzy_name": 'Nama tampilan "{text}" cocok dengan {entry} (skor {score:.0f}).',
        "group_name": 'Grup "{text}" cocok dengan {entry} (skor {score:.0f}).',
        "group_pattern": 'Grup "{text}" adalah grup pemenangan/relawan yang menyebut {entry}.',
        "support": "Teks menyebut {entry} bersama kata dukungan ({cues}).",
        "attack": "Teks menyebut {entry} bersama kata serangan ({cues}).",
        "slogan": "Teks menyebut {entry} bersama slogan kampanyenya ({cues}).",
        "hashtag": "Teks memuat tagar kampanye {entry}.",
        "ballot": 'Teks mengajak memilih nomor urut ("{text}"): {entry}.',
        "photo_person": 'Foto memuat {entry} ("{text}").',
        "photo_logo": 'Foto memuat logo/atribut {entry} ("{text}").',
        "photo_sign": "Foto memuat salam jari bersama konteks {entry} ({cues}).",
    },
    "en": {
        "exact_handle": 'Account "{text}" is {entry}.',
        "url_handle": 'The link points to account "{text}", which is {entry}.',
        "fuzzy_name": 'Display name "{text}" matches {entry} (score {score:.0f}).',
        "group_name": 'Group "{text}" matches {entry} (score {score:.0f}).',
        "group_pattern": 'Group "{text}" is a winning-team/volunteer group naming {entry}.',
        "support": "The text names {entry} with words of support ({cues}).",
        "attack": "The text names {entry} with words of attack ({cues}).",
        "slogan": "The text names {entry} with its campaign slogan ({cues}).",
        "hashtag": "The text carries a campaign hashtag of {entry}.",
        "ballot": 'The text calls for a ballot number ("{text}"): {entry}.',
        "photo_person": 'The photo shows {entry} ("{text}").',
        "photo_logo": 'The photo shows a logo or attribute of {entry} ("{text}").',
        "photo_sign": "The photo shows a hand sign with a context of {entry} ({cues}).",
    },
}


class MatchContext:
    """Built once per engine; the spaCy matchers only when a text check first needs them."""

    def __init__(self, registry: Registry, lexicons: Lexicons, lang: str = "id") -> None:
        self.registry = registry
        self.lang = lang if lang in EXPLANATIONS else "id"
        self.index = RegistryIndex.build(registry, lexicons)

    @cached_property
    def text(self) -> CampaignText:
        return CampaignText(self.index)

    def entry(self, participant_id: str) -> str:
        """`Prabowo Subianto (prabowo-subianto)`: how a reviewer reads a registry entry."""
        return f"{self.registry.display_name(participant_id)} ({participant_id})"

    def explain(self, kind: str, participant_id: str, text: str = "", score: float = 100.0,
                cues: tuple[str, ...] = ()) -> str:  # fmt: skip
        template = EXPLANATIONS[self.lang][kind]
        return template.format(
            entry=self.entry(participant_id), text=text, score=score, cues=", ".join(cues)
        )
