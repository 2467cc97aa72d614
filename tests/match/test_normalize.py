"""Handles, URLs, names and social-media text in their comparable forms."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neutrality.match.normalize import (
    account_part,
    fold_word,
    name_key,
    parse_target,
    split_hashtag,
)


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


@pytest.mark.parametrize(
    ("raw", "part"),
    [
        ("https://www.x.com/cakimiNOW/status/87418", "https://www.x.com/cakimiNOW"),
        ("https://www.instagram.com/ganjar_pranowo/?hl=id", "https://www.instagram.com/ganjar_pranowo"),
        ("https://www.tiktok.com/@mohmahfudmdofficial/video/1#c", "https://www.tiktok.com/@mohmahfudmdofficial"),
        ("http://x.com/prabowo?s=20", "http://x.com/prabowo"),
        # the second segment names the account: kept whole
        ("https://instagram.com/stories/ganjar_pranowo/3011", "https://instagram.com/stories/ganjar_pranowo/3011"),
        ("https://youtube.com/C/gerindratv/videos", "https://youtube.com/C/gerindratv/videos"),
        # nothing after the segment, no scheme, not ASCII, spaces, a port: kept whole
        ("https://x.com/prabowo", "https://x.com/prabowo"),
        ("x.com/prabowo/status/1", "x.com/prabowo/status/1"),
        ("https://x.com/pra\u200bbowo/status/1", "https://x.com/pra\u200bbowo/status/1"),
        ("https://x.com/prabowo/status/1 ", "https://x.com/prabowo/status/1 "),
        ("https://x.com:443/prabowo/status/1", "https://x.com:443/prabowo/status/1"),
        ("@prabowo", "@prabowo"),
    ],
)  # fmt: skip
def test_account_part_cuts_what_follows_the_account(raw: str, part: str) -> None:
    assert account_part(raw) == part
    assert parse_target(part) == parse_target(raw)


_segment = st.sampled_from(
    ["prabowo", "Stories", "c", "USER", "p", "i", "a.b-c_d", "@x", "@@x", "com", "http", "é",
     "a" * 101, "", "status", "1"]
)  # fmt: skip
_url = st.builds(
    "".join,
    st.tuples(
        st.sampled_from(["https://", "http://", "HTTPS://", "", "www."]),
        st.sampled_from(["x.com", "www.x.com", "m.facebook.com", "instagram.com", "youtu.be",
                         "tiktok.com", "example.org", "x.com.", "X.COM", "x.com:80"]),
        st.sampled_from(["/", "//", ""]),
        st.lists(_segment, max_size=4).map("/".join),
        st.sampled_from(["", "/", "?s=20", "#top", "/?a=1", " ", "\t", "/\u200b"]),
        st.text(alphabet=st.sampled_from("/?#=&.@_-xXé %:"), max_size=4),
    ),
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(raw=st.one_of(_url, st.text(max_size=30)))
def test_account_part_reads_as_the_whole_value(raw: str) -> None:
    """The cut text names the same account at the same place as the whole value: the
    account_interaction check resolves the cut and shows the raw value's span."""
    part = account_part(raw)
    assert raw.startswith(part)
    assert parse_target(part) == parse_target(raw)
