"""Comparable forms of handles, URLs, display names and social-media text.

Everything here works on one distinct value at a time; callers factorize a column first, so the
cost follows the number of distinct values, not rows.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import urlsplit

#: Zero-width and bidirectional control characters: invisible, so they never belong in a handle
#: or a name and are dropped before comparing (an evasion like "pra\u200bbowo" still matches).
_INVISIBLE = dict.fromkeys(
    [0x00AD, 0x034F, 0x061C, 0x180E, *range(0x200B, 0x2010), *range(0x202A, 0x202F),
     *range(0x2060, 0x2070), 0xFEFF],
)  # fmt: skip

#: Host (without www./m./mobile.) -> platform of the URL.
URL_PLATFORMS = {
    "x.com": "x", "twitter.com": "x", "mobile.twitter.com": "x",
    "instagram.com": "instagram", "instagr.am": "instagram",
    "facebook.com": "facebook", "fb.com": "facebook", "web.facebook.com": "facebook",
    "tiktok.com": "tiktok", "vm.tiktok.com": "tiktok",
    "youtube.com": "youtube", "youtu.be": "youtube",
    "threads.net": "threads", "threads.com": "threads",
}  # fmt: skip

#: First path segments that are site pages, not accounts (x.com/i/..., instagram.com/p/...).
_NOT_ACCOUNTS = frozenset(
    [
        "i",
        "intent",
        "home",
        "search",
        "explore",
        "hashtag",
        "p",
        "reel",
        "reels",
        "tv",
        "watch",
        "share",
        "sharer.php",
        "groups",
        "events",
        "pages",
        "profile.php",
        "permalink.php",
        "story.php",
        "photo.php",
        "photo",
        "video",
        "videos",
        "shorts",
        "channel",
        "playlist",
        "results",
        "live",
        "login",
        "signup",
        "settings",
        "notifications",
        "messages",
        "direct",
        "accounts",
        "about",
        "help",
        "privacy",
        "legal",
        "tag",
        "music",
        "embed",
    ]
)
_HANDLE = re.compile(r"^[a-z0-9_.\-]{1,100}$")


def clean(text: str) -> str:
    """NFKC (full-width letters become ASCII), invisible characters dropped, outer space trimmed."""
    return unicodedata.normalize("NFKC", text).translate(_INVISIBLE).strip()


@dataclass(frozen=True)
class Target:
    """What an activity's `target_account` names."""

    handle: str  # lower case, no @; "" when the value names no account
    platform: str | None  # the URL's platform when the value is a URL
    from_url: bool
    span: tuple[int, int] | None  # where the handle is in the raw value


def parse_target(raw: str) -> Target:
    """`@Prabowo`, `prabowo`, `https://x.com/prabowo/status/1?s=20`, `instagram.com/ganjar_pranowo/`
    -> the handle; `https://www.instagram.com/p/Cx1/` (a post, no author in the URL) -> none."""
    text = clean(raw)
    if not text:
        return Target("", None, False, None)
    looks_like_url = "/" in text or text.lower().startswith(("http:", "https:", "www."))
    if looks_like_url:
        return _from_url(raw, text)
    bare = text.lstrip("@").rstrip(".,;:!?)]}'\"").lower()
    if not _HANDLE.match(bare):
        return Target("", None, False, None)
    start = raw.lower().find(bare)
    return Target(bare, None, False, (start, start + len(bare)) if start >= 0 else None)


#: A URL in printable ASCII whose first path segment is followed by more path, a query or a
#: fragment; group 1 ends with that segment. Such a text is its own clean() form, and urlsplit
#: reads the same host and first segment from it with or without what follows that segment.
_URL_TAIL = re.compile(r"(https?://[A-Za-z0-9.]+/@?[A-Za-z0-9_.\-]+)[/?#][!-~]*")
#: first segments after which the second one names the account (see _from_url): never cut
_NAMES_NEXT = re.compile(r"/@?(?:stories|c|user)", re.IGNORECASE)


def account_part(raw: str) -> str:
    """`raw` without what follows a URL's first path segment, where that cannot change what
    parse_target reads from it: the same handle, platform and span (the handle is found at
    the same place of the shorter text). The post links of one account
    (`https://x.com/prabowo/status/1`, `.../status/2`) become one text, so their lookups are
    shared. Any other text is given back as it is."""
    found = _URL_TAIL.fullmatch(raw)
    if found is None or _NAMES_NEXT.fullmatch(found[1], found[1].rindex("/")):
        return raw
    return found[1]


def _from_url(raw: str, text: str) -> Target:
    candidate = text if "://" in text else f"https://{text}"
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return Target("", None, True, None)
    host = (parts.hostname or "").lower()
    for prefix in ("www.", "m.", "mobile."):
        host = host.removeprefix(prefix)
    platform = URL_PLATFORMS.get(host)
    if platform is None:
        return Target("", None, True, None)
    segments = [s for s in parts.path.split("/") if s]
    handle = ""
    if segments:
        first = segments[0]
        if (first.lower() == "stories" and len(segments) > 1) or (
            first.lower() in ("c", "user") and len(segments) > 1
        ):  # instagram.com/stories/<handle>/
            first = segments[1]
        first = first.lstrip("@").lower()
        if first not in _NOT_ACCOUNTS and _HANDLE.match(first):
            handle = first
    if not handle:
        return Target("", platform, True, None)
    start = raw.lower().find(handle)
    return Target(handle, platform, True, (start, start + len(handle)) if start >= 0 else None)


# ------------------------------------------------------------------------------- names

#: Honorifics and academic titles written before a name (Indonesian usage), compared lower case
#: without dots. Sasak and Javanese noble names (Lalu, Baiq, Raden) are names, not titles, here.
PREFIX_TITLES = frozenset(
    [
        "h",
        "hj",
        "dr",
        "drs",
        "dra",
        "ir",
        "prof",
        "kh",
        "kyai",
        "kiai",
        "habib",
        "tgh",
        "tuan",
        "ust",
        "ustadz",
        "bapak",
        "ibu",
        "bpk",
        "dr.h",
    ]
)
#: Degrees written after a name ("Prabowo Subianto, S.H., M.Si."): anything after the first comma
#: is dropped, and these tokens are dropped wherever they stand.
SUFFIX_TITLES = frozenset(
    [
        "sh",
        "se",
        "mm",
        "msi",
        "mh",
        "mt",
        "st",
        "spd",
        "mpd",
        "sag",
        "mag",
        "sip",
        "skom",
        "ssos",
        "phd",
        "ma",
        "mba",
        "lc",
        "sked",
        "mkes",
        "sp",
        "sth",
        "mhum",
        "shi",
        "mba",
    ]
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def name_tokens(text: str) -> list[str]:
    """Words of a display name, lower case, with titles and degrees removed."""
    value = clean(text)
    if "," in value:
        value = value.split(",", 1)[0]
    value = re.sub(r"\b([A-Za-z])\.(?=[A-Za-z]\.)", r"\1", value)  # S.H. -> SH., K.H. -> KH.
    value = re.sub(r"(?<=\w)['\u2019`](?=\w)", "", value)  # Ma'ruf -> Maruf
    words = [w.lower() for w in _WORD.findall(value.replace(".", ". "))]
    while words and words[0] in PREFIX_TITLES:
        words = words[1:]
    while len(words) > 1 and words[-1] in SUFFIX_TITLES:  # degrees stand at the end
        words = words[:-1]
    return words


def name_key(text: str) -> str:
    """`Dr. H. Anies Rasyid Baswedan, S.E., M.P.P.` -> `anies rasyid baswedan`."""
    return " ".join(name_tokens(text))


def without_parentheses(text: str) -> str:
    """`Relawan Pejuang Milenial Prabowo (PMP)` -> `Relawan Pejuang Milenial Prabowo`."""
    return re.sub(r"\s*\([^)]*\)", "", text).strip()


# ------------------------------------------------------------------------------- text

_ELONGATED = re.compile(r"([^\W\d_])\1{2,}", re.UNICODE)
_LEET = str.maketrans({"4": "a", "3": "e", "1": "i", "0": "o", "5": "s", "7": "t", "@": "a"})
_CAMEL = re.compile(r"[A-Z]{2,}(?=[A-Z][a-z]|\d|$)|[A-Z]?[a-z]+|\d+|[A-Z]+")


def fold_word(word: str, slang: dict[str, str]) -> str:
    """One word of social-media text in its standard form: lower case, letters repeated three or
    more times reduced to one ("dukunggg" -> "dukung"), digits standing for letters inside a word
    read as letters ("m3nang" -> "menang") while numbers ("02", "2024") stay numbers, slang mapped
    ("gk" -> "tidak")."""
    lower = word.lower()
    if any(c.isdigit() for c in lower) and any(c.isalpha() for c in lower):
        lower = _unleet(lower)
    lower = _ELONGATED.sub(r"\1", lower)
    return slang.get(lower, lower)


def _unleet(word: str) -> str:
    """Digits between letters are letters; digits at the end (prabowo08) are a number."""
    chars = list(word)
    for i, c in enumerate(chars):
        inside = 0 < i < len(chars) - 1 and chars[i - 1].isalpha()
        if c in "4310572@" and inside and (chars[i + 1].isalpha() or chars[i + 1] in "4310572"):
            chars[i] = c.translate(_LEET)
    return "".join(chars)


def split_hashtag(tag: str, vocabulary: frozenset[str]) -> list[str]:
    """`PrabowoGibran2024` -> [prabowo, gibran, 2024]; all lower case `prabowogibran2024` is cut
    at the longest known words of `vocabulary` (participant names), the rest kept whole."""
    body = tag.lstrip("#")
    if not body:
        return []
    if any(c.isupper() for c in body[1:]) or any(c.isdigit() for c in body):
        parts = [p.lower() for p in _CAMEL.findall(body)]
        if len(parts) > 1:
            return [w for p in parts for w in _segment(p, vocabulary)]
    return _segment(body.lower(), vocabulary)


def _segment(text: str, vocabulary: frozenset[str]) -> list[str]:
    if text.isdigit() or text in vocabulary or not vocabulary:
        return [text]
    out: list[str] = []
    rest = text
    pending = ""
    while rest:
        for size in range(min(len(rest), 20), 2, -1):
            if rest[:size] in vocabulary:
                if pending:
                    out.append(pending)
                    pending = ""
                out.append(rest[:size])
                rest = rest[size:]
                break
        else:
            if rest[0].isdigit():
                digits = re.match(r"\d+", rest)
                assert digits is not None
                if pending:
                    out.append(pending)
                    pending = ""
                out.append(digits.group())
                rest = rest[digits.end() :]
                continue
            pending += rest[0]
            rest = rest[1:]
    if pending:
        out.append(pending)
    return out
