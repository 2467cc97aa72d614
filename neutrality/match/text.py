"""Campaign content in social-media text: who is named, and whether the text campaigns.

A text campaigns when it names a participant together with a support or attack cue or the
participant's slogan, when it calls for a ballot number ("coblos 02"), or when it carries a
participant's campaign hashtag. A text with a neutral cue (news, a question, a fact) campaigns
only through a ballot call or a hashtag.

Cost follows the political share of the texts: a vectorised prefilter (RE2 through Arrow) drops
every text with no participant vocabulary and no ballot verb before spaCy sees it. spaCy runs
from a blank Indonesian pipeline (the tokenizer only, no model download) with PhraseMatchers built once.
"""

from __future__ import annotations

import bisect
import re
import sys
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from types import ModuleType
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.compute as pc

from neutrality.match.index import RegistryIndex, is_acronym
from neutrality.match.index import vocabulary as registry_vocabulary
from neutrality.match.normalize import clean, fold_word, split_hashtag

_LOOKS = {"a": "[a4@]", "e": "[e3]", "i": "[i1!]", "o": "[o0]", "s": "[s5$]", "t": "[t7]"}
_NUMBER = re.compile(r"^0?([1-9][0-9]?)$")
#: Characters of text matched at once (spaCy refuses texts over 1,000,000 characters).
WINDOW = 100_000
_CONFIDENCE_RANK = {"high": 3, "medium": 2, "low": 1}


if TYPE_CHECKING:  # spaCy is imported when the first matcher is built, not with this module
    from spacy.language import Language
    from spacy.tokenizer import Tokenizer
    from spacy.tokens import Doc


def import_spacy() -> None:
    """Import spaCy without its command line.

    spaCy's package imports `spacy.cli.info` (for `spacy.info`), and with it spaCy's whole
    command line: typer, jinja2, httpx, weasel and what they import, about 0.2 s of the 0.7 s
    it takes to import spaCy and build the blank pipeline (1.5 and 0.4 s in a helper process,
    whose matchers are the first thing a run waits for; docs/performance.md). The audit uses
    none of it. While spaCy is imported, `spacy.cli.info` is a stand-in whose `info` imports
    the real one when called; then the stand-ins are gone, and `import spacy.cli` gives the real
    command line. Should spaCy need more of its command line while it is imported, it is
    imported again the usual way.
    """
    with _IMPORTING:  # one thread at a time: another would meet the stand-ins
        if "spacy" not in sys.modules:
            _import_spacy_without_cli()


_IMPORTING = threading.Lock()


def _import_spacy_without_cli() -> None:
    command_line, info = ModuleType("spacy.cli"), ModuleType("spacy.cli.info")
    info.info = _spacy_info  # type: ignore[attr-defined]
    command_line.info = info  # type: ignore[attr-defined]
    stand_ins = {"spacy.cli": command_line, "spacy.cli.info": info}
    sys.modules.update(stand_ins)
    try:
        import spacy
    except ImportError:  # a spaCy that wants more of its command line as it loads
        for name in [n for n in sys.modules if n == "spacy" or n.startswith("spacy.")]:
            del sys.modules[name]
        stand_ins.clear()
        import spacy
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]
    if getattr(spacy, "cli", None) is command_line:
        delattr(spacy, "cli")  # the real one is imported on demand, as before


def _spacy_info(*args: Any, **kwargs: Any) -> Any:
    """`spacy.info`, from spaCy's command line, imported when it is called."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def blank_indonesian() -> Language:
    """`spacy.blank("id")` without its 15,614 hyphenated special cases ("abu-abu", ...).

    Building them costs about 2 s a process, and `tokens` splits hyphenated words into their
    parts anyway, so they change no word `tokens` gives: only spans become the part's own. The
    other 349 exceptions (abbreviations such as "dr.", emoticons) are kept.
    """

    import_spacy()
    from spacy.lang.id import Indonesian
    from spacy.tokenizer import Tokenizer
    from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

    defaults = Indonesian.Defaults
    kept = {k: v for k, v in defaults.tokenizer_exceptions.items() if "-" not in k}

    def tokenizer(nlp: Language) -> Tokenizer:
        return Tokenizer(
            nlp.vocab,
            rules=kept,
            prefix_search=compile_prefix_regex(defaults.prefixes).search,
            suffix_search=compile_suffix_regex(defaults.suffixes).search,
            infix_finditer=compile_infix_regex(defaults.infixes).finditer,
            token_match=defaults.token_match,
            url_match=defaults.url_match,
        )

    nlp = Indonesian(create_tokenizer=tokenizer)
    return nlp


def _fuzzy_word(word: str) -> str:
    """A regex for a word as people type it: any letter repeated, digits for look-alike letters."""
    return "".join(f"{_LOOKS.get(c, re.escape(c))}+" for c in word.lower())


@dataclass(frozen=True)
class TextHit:
    """One participant the text campaigns for or against, with the evidence."""

    participant_id: str
    method: str  # phrase | pattern
    confidence: str
    matched_text: str
    span: tuple[int, int]
    entry: str  # the registry entry: name, alias, hashtag or ballot number
    cues: tuple[str, ...]
    reason: str  # support | attack | slogan | hashtag | ballot


@dataclass
class _Token:
    word: str  # folded, lower case
    orig: str  # as written (for acronyms)
    start: int
    end: int


class CampaignText:
    """Matchers over one registry and one rule set's lexicons, built once."""

    def __init__(self, index: RegistryIndex) -> None:
        self.index = index
        lex = index.lexicons
        self.slang = {k.lower(): v.lower() for k, v in lex.slang.items()}
        import_spacy()
        from spacy.matcher import Matcher, PhraseMatcher
        from spacy.tokens import Doc

        self.nlp = blank_indonesian()
        self._make_doc = Doc
        self.vocabulary = registry_vocabulary(index.registry)
        self.names = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.cues = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.ballot = Matcher(self.nlp.vocab)
        self.acronyms: dict[str, str] = {}
        self.hashtags: list[tuple[str, str]] = []  # (lower tag, participant id)
        prefilter_words: set[str] = set()
        acronyms: set[str] = set()  # matched as written: "pagi" and "amin" are everyday words
        for participant in index.registry.participants.values():
            for name in [participant.name, *participant.aliases]:
                if is_acronym(name):
                    self.acronyms.setdefault(name, participant.id)
                    acronyms.add(name)
                    continue
                words = self._fold_phrase(name)
                if words:
                    self.names.add(f"name\x1f{participant.id}\x1f{name}", [self._doc(words)])
                    prefilter_words.update(w for w in words if len(w) >= 4)
            for slogan in participant.slogans:
                words = self._fold_phrase(slogan.text)
                self.cues.add(f"slogan\x1f{participant.id}\x1f{slogan.text}", [self._doc(words)])
            for tag in participant.hashtags:
                self.hashtags.append((tag.tag.lower(), participant.id))
                prefilter_words.add(tag.tag.lower())
        for kind, phrases in (
            ("support", lex.support_cues),
            ("attack", lex.attack_cues),
            ("neutral", lex.neutral_cues),
        ):
            docs = [self._doc(self._fold_phrase(p)) for p in phrases if p.strip()]
            if docs:
                self.cues.add(kind, docs)
        verbs = sorted({fold_word(v, self.slang) for v in lex.ballot_call_verbs})
        fillers = sorted({w for f in lex.ballot_fillers for w in self._fold_phrase(f)})
        self.ballot.add(
            "ballot",
            [[{"LOWER": {"IN": verbs}}, {"LOWER": {"IN": fillers}, "OP": "*"},
              {"TEXT": {"REGEX": r"^0?[1-9][0-9]?$"}}]],
        )  # fmt: skip
        prefilter_words.update(verbs)
        #: verbs that are also support cues ("pilih") call for a ballot number only with a filler
        #: ("pilih no 2") or a zero-padded number ("pilih 02")
        self.weak_verbs = set(verbs) & {fold_word(c, self.slang) for c in lex.support_cues}
        alternatives = sorted({_fuzzy_word(w) for w in prefilter_words if w}, key=len, reverse=True)
        parts = [f"(?i:{'|'.join(alternatives)})"] if alternatives else []
        parts += [rf"\b{re.escape(a)}\b" for a in sorted(acronyms)]
        self.prefilter = "|".join(parts) if parts else "(?!)"

    # ------------------------------------------------------------------------ building

    def _fold_phrase(self, phrase: str) -> list[str]:
        """A registry phrase in the very words `tokens` makes of a text that contains it."""
        return [t.word for t in self.tokens(phrase) if not t.word.startswith("#")]

    def _doc(self, words: Sequence[str]) -> Doc:
        return self._make_doc(self.nlp.vocab, words=list(words))

    # ------------------------------------------------------------------------ running

    def candidates(self, texts: pa.Array | Sequence[str]) -> list[bool]:
        """Which texts can campaign at all: the prefilter, one vectorised regex pass."""
        array = texts if isinstance(texts, pa.Array) else pa.array(list(texts), pa.large_string())
        hits = pc.match_substring_regex(array, self.prefilter)
        return [bool(v) for v in hits.fill_null(False).to_pylist()]

    def tokens(self, text: str) -> list[_Token]:
        """Folded words with their place in the raw text; hashtags split into words."""
        out: list[_Token] = []
        for token in self.nlp.make_doc(text):
            if token.is_space or (token.is_punct and not token.text.startswith("#")):
                continue
            start, end = token.idx, token.idx + len(token.text)
            raw = clean(token.text)
            if raw.startswith("#") and len(raw) > 1:
                out.append(_Token(raw.lower(), raw, start, end))  # the tag itself, for hashtags
                for part in split_hashtag(raw, self.vocabulary):
                    out.append(_Token(fold_word(part, self.slang), part, start, end))
                continue
            if "-" in raw.strip("-") and not raw.startswith("http"):  # Prabowo-Gibran
                for part in raw.split("-"):
                    if part:
                        out.append(_Token(fold_word(part, self.slang), part, start, end))
                continue
            out.append(_Token(fold_word(raw, self.slang), raw, start, end))
        return out

    def hits(self, text: str) -> list[TextHit]:
        """Every participant the text campaigns for or against, strongest evidence first.

        A text longer than WINDOW characters (no post is; a broken export can hold megabytes in
        one cell) is read in windows cut at white space, so memory stays bounded and the whole
        text is still read; spans point into the whole text."""
        if len(text) <= WINDOW:
            return self._window_hits(text)
        found: list[TextHit] = []
        start = 0
        while start < len(text):
            end = min(len(text), start + WINDOW)
            if end < len(text):
                cut = text.rfind(" ", start + WINDOW // 2, end)
                end = cut if cut > start else end
            for hit in self._window_hits(text[start:end]):
                span = (hit.span[0] + start, hit.span[1] + start)
                found.append(replace(hit, span=span))
            start = end
        return sorted(found, key=lambda h: -_CONFIDENCE_RANK[h.confidence])

    def _window_hits(self, text: str) -> list[TextHit]:
        tokens = self.tokens(text)
        if not tokens:
            return []
        doc = self._doc([t.word or "_" for t in tokens])
        mentions = self._mentions(doc, tokens)
        cues: dict[str, list[tuple[int, int]]] = {"support": [], "attack": [], "neutral": []}
        slogans: list[tuple[str, int, int, str]] = []
        for match_id, start, end in self.cues(doc):
            label = self.nlp.vocab.strings[match_id]
            if label.startswith("slogan\x1f"):
                _, pid, written = label.split("\x1f")
                slogans.append((pid, start, end, written))
            else:
                cues[label].append((start, end))
        # "jangan pilih" is an attack, not the support cue "pilih" inside it
        cues["support"] = [
            (s, e) for s, e in cues["support"]
            if not any(a <= s and e <= b for a, b in cues["attack"])
        ]  # fmt: skip
        out: list[TextHit] = []
        out += self._hashtag_hits(tokens, text)
        out += self._ballot_hits(doc, tokens, text)
        neutral = bool(cues["neutral"]) or "?" in text
        if not neutral:
            out += self._cue_hits(mentions, cues, slogans, tokens, text)
        return sorted(out, key=lambda h: -_CONFIDENCE_RANK[h.confidence])

    def _mentions(self, doc: Doc, tokens: list[_Token]) -> list[tuple[str, int, int, str]]:
        found: list[tuple[str, int, int, str]] = []
        for match_id, start, end in self.names(doc):
            _, pid, written = self.nlp.vocab.strings[match_id].split("\x1f")
            found.append((pid, start, end, written))
        for position, token in enumerate(tokens):
            acronym_of = self.acronyms.get(token.orig)
            if acronym_of is not None:
                found.append((acronym_of, position, position + 1, token.orig))
        # a longer name wins over the shorter names inside it ("Prabowo Subianto" over "Prabowo")
        found.sort(key=lambda m: (m[1], -(m[2] - m[1])))
        # sorted by start, so a mention lies inside a kept one exactly when it ends before the
        # furthest end reached so far (same span: another participant's name, kept too)
        kept: list[tuple[str, int, int, str]] = []
        reach: tuple[int, int] = (-1, -1)
        for mention in found:
            span = (mention[1], mention[2])
            if mention[2] <= reach[1] and span != reach:
                continue
            kept.append(mention)
            if mention[2] > reach[1]:
                reach = span
        return kept

    def _span(self, tokens: list[_Token], start: int, end: int) -> tuple[int, int]:
        return tokens[start].start, tokens[end - 1].end

    def _hashtag_hits(self, tokens: list[_Token], text: str) -> Iterable[TextHit]:
        for token in tokens:
            if not token.word.startswith("#"):
                continue
            tag = token.word[1:]
            for registered, pid in self.hashtags:
                rest = tag[len(registered) :] if tag.startswith(registered) else None
                if rest is not None and (rest == "" or rest.isdigit()):
                    yield TextHit(
                        pid, "phrase", "medium", text[token.start : token.end],
                        (token.start, token.end), f"hashtag #{registered}", (), "hashtag",
                    )  # fmt: skip

    def _ballot_hits(self, doc: Doc, tokens: list[_Token], text: str) -> Iterable[TextHit]:
        seen: set[int] = set()
        for _, start, end in self.ballot(doc):
            number_match = _NUMBER.match(doc[end - 1].text)
            if number_match is None or end in seen:
                continue
            seen.add(end)
            number = int(number_match.group(1))
            verb = doc[start].lower_
            weak = verb in self.weak_verbs
            padded = doc[end - 1].text.startswith("0")
            if weak and end - start == 2 and not padded:
                continue  # "pilih 2 dari 3 soal": a verb that is also everyday speech needs "no"/"02"
            confidence = "medium" if weak else "high"
            span = self._span(tokens, start, end)
            for pid in self.index.pairs_numbered(number):
                yield TextHit(
                    pid, "pattern", confidence, text[span[0] : span[1]], span,
                    f"ballot number {number}", (verb,), "ballot",
                )  # fmt: skip

    def _cue_hits(
        self,
        mentions: list[tuple[str, int, int, str]],
        cues: dict[str, list[tuple[int, int]]],
        slogans: list[tuple[str, int, int, str]],
        tokens: list[_Token],
        text: str,
    ) -> Iterable[TextHit]:
        """One hit per participant: its mention nearest to a cue (support, then attack, then
        its own slogan). Nearest cues are found by bisection, so a text with thousands of
        names and cues costs n log n, not n squared."""
        best: dict[str, tuple[int, int, str, str, list[tuple[int, int]]]] = {}
        prepared: dict[int, _Places] = {}
        own_slogans: dict[str, list[tuple[int, int]]] = {}
        for slogan_of, s_start, s_end, _ in slogans:
            own_slogans.setdefault(slogan_of, []).append((s_start, s_end))
        for pid, start, end, written in mentions:
            own = own_slogans.get(pid, [])
            for reason, places in (("support", cues["support"]), ("attack", cues["attack"]),
                                   ("slogan", own)):  # fmt: skip
                if not places:
                    continue
                if id(places) not in prepared:
                    prepared[id(places)] = _Places(places)
                distance = prepared[id(places)].distance(start, end)
                if pid not in best or distance < best[pid][0]:
                    best[pid] = (distance, start, f"{end}\x1f{written}", reason, places)
                break
        for pid, (distance, start, rest, reason, places) in best.items():
            end_text, written = rest.split("\x1f", 1)
            span = self._span(tokens, start, int(end_text))
            cue_texts = tuple(text[tokens[s].start : tokens[e - 1].end] for s, e in places[:3])
            yield TextHit(
                pid, "phrase", "high" if distance <= 4 else "medium", text[span[0] : span[1]],
                span, f"name {written}", cue_texts, reason,
            )  # fmt: skip


class _Places:
    """Cue places (token start, end) sorted, with what a nearest-cue query needs precomputed."""

    def __init__(self, places: list[tuple[int, int]]) -> None:
        self.places = sorted(places)
        self.starts = [s for s, _ in self.places]
        self.max_end: list[int] = []
        running = -1
        for _, e in self.places:
            running = max(running, e)
            self.max_end.append(running)

    def distance(self, start: int, end: int) -> int:
        """Words between a mention [start, end) and the nearest cue."""
        at = bisect.bisect_left(self.starts, start)
        best = 10**9
        if at < len(self.starts):  # the first cue starting at or after the mention
            s = self.starts[at]
            best = s - end + 1 if s >= end else 0
        if at > 0:  # cues starting before the mention: the one ending latest is nearest
            best = min(best, max(0, start - self.max_end[at - 1]))
        return best
