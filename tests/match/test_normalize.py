"""Handles, URLs, names and social-media text in their comparable forms."""

from __future__ import annotations

import pytest

from neutrality.match.normalize import fold_word, name_key, parse_target, split_hashtag


@pytest.mark.parametrize(
    ("raw", "handle", "platform", "from_url"),
    [
        ("@prabowo", "prabowo", None, False),
        ("PRABOWO", "prabowo", None, False),
        (" @Prabowo. ", "prabowo", None, False),
        ("https://x.com/prabowo/status/1746000000000000000?s=20", "prabowo", "x", True),
        ("https://mobile.twitter.com/aniesbaswedan", "aniesbaswedan", "x", True),
        ("twitter.com/aniesbaswedan/", "aniesbaswedan", "x", True),
        ("https://www.instagram.com/ganjar_pranowo/?hl=id", "ganjar_pranowo", "instagram", True),
        ("instagram.com/stories/ganjar_pranowo/3011", "ganjar_pranowo", "instagram", True),
        ("https://m.facebook.com/Gerindra", "gerindra", "facebook", True),
        (
            "https://www.tiktok.com/@mohmahfudmdofficial/video/1",
            "mohmahfudmdofficial",
            "tiktok",
            True,
        ),
        ("https://www.youtube.com/@gerindratv", "gerindratv", "youtube", True),
        ("https://www.threads.net/@prabowo", "prabowo", "threads", True),
        ("@pra\u200bbowo", "prabowo", None, False),  # zero-width space dropped
        ("\u202e@prabowo", "prabowo", None, False),  # right-to-left override dropped
    ],
)
def test_target_handles(raw: str, handle: str, platform: str | None, from_url: bool) -> None:
    target = parse_target(raw)
    assert (target.handle, target.platform, target.from_url) == (handle, platform, from_url)


@pytest.mark.parametrize(
    "raw",
    [
        "https://www.instagram.com/p/Cx12345/",  # a post: the URL names no author
        "https://x.com/i/web/status/1",
        "https://www.facebook.com/profile.php?id=100",
        "https://www.youtube.com/watch?v=abc",
        "https://example.com/prabowo",  # not a platform of SPEC
        "Prabowo Subianto",  # a display name, not a handle
        "",
    ],
)
def test_values_that_name_no_account(raw: str) -> None:
    assert parse_target(raw).handle == ""


def test_handle_span_points_into_the_raw_value() -> None:
    raw = "https://x.com/Prabowo/status/1"
    target = parse_target(raw)
    assert target.span is not None
    assert raw[target.span[0] : target.span[1]] == "Prabowo"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("H. Prabowo Subianto", "prabowo subianto"),
        ("Dr. H. Anies Rasyid Baswedan, S.E., M.P.P.", "anies rasyid baswedan"),
        ("Prof. Dr. Mahfud MD", "mahfud md"),
        ("Ir. H. Joko Widodo", "joko widodo"),
        ("KH. Ma'ruf Amin", "maruf amin"),
        ("Lalu Muhamad Iqbal", "lalu muhamad iqbal"),  # a Sasak name, not a title
    ],
)
def test_names_lose_titles(name: str, key: str) -> None:
    assert name_key(name) == key


@pytest.mark.parametrize(
    ("word", "folded"),
    [
        ("Dukunggg", "dukung"),
        ("m3nang", "menang"),
        ("pr4bowo", "prabowo"),
        ("02", "02"),
        ("2024", "2024"),
        ("prabowo08", "prabowo08"),  # digits at the end are a number
        ("gk", "tidak"),
        ("yg", "yang"),
    ],
)
def test_text_words_fold(word: str, folded: str) -> None:
    assert fold_word(word, {"gk": "tidak", "yg": "yang"}) == folded


@pytest.mark.parametrize(
    ("tag", "words"),
    [
        ("#PrabowoGibran2024", ["prabowo", "gibran", "2024"]),
        ("#prabowogibran2024", ["prabowo", "gibran", "2024"]),
        ("#AMINAjaDulu", ["amin", "aja", "dulu"]),
        ("#GanjarMahfud", ["ganjar", "mahfud"]),
        ("#liburan", ["liburan"]),
    ],
)
def test_hashtags_split_into_words(tag: str, words: list[str]) -> None:
    vocabulary = frozenset({"prabowo", "gibran", "ganjar", "mahfud", "anies"})
    assert [w.lower() for w in split_hashtag(tag, vocabulary)] == words
