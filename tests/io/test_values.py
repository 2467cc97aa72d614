"""Cell parsers: every time form SPEC 2.1 lists, NIP rules of SPEC 2.2, aliases, handles."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from neutrality.io.messages import TIME_ERRORS
from neutrality.io.tables import TEXT_DTYPE
from neutrality.io.values import (
    ACTION_ALIASES,
    PLATFORM_ALIASES,
    _parse_general,
    _read_fixed,
    actor_handle_key,
    blank,
    clean_nip,
    lookup,
    nip_errors,
    parse_times,
)

TIMES = [
    ("2024-11-27T14:05:00+08:00", "2024-11-27T06:05:00+00:00"),
    ("2024-11-27T07:05:00Z", "2024-11-27T07:05:00+00:00"),
    ("2024-11-27 14:05", "2024-11-27T07:05:00+00:00"),  # naive: --tz Asia/Jakarta
    ("2024-11-27 14:05:09", "2024-11-27T07:05:09+00:00"),
    ("2024-11-27 14:05 WIB", "2024-11-27T07:05:00+00:00"),
    ("2024-11-27 14:05 WITA", "2024-11-27T06:05:00+00:00"),
    ("2024-11-27 14:05 WIT", "2024-11-27T05:05:00+00:00"),
    ("27/11/2024 14:05 WITA", "2024-11-27T06:05:00+00:00"),
    ("27/11/2024 14:05:30", "2024-11-27T07:05:30+00:00"),
    ("27-11-2024 14:05", "2024-11-27T07:05:00+00:00"),
    ("27-11-2024 14:05 wit", "2024-11-27T05:05:00+00:00"),
    ("  2024-11-27 14:05 WIB  ", "2024-11-27T07:05:00+00:00"),
    ("2024-11-27T02:05:00-05:00", "2024-11-27T07:05:00+00:00"),
    ("2024-11-27T14:05:00+0700", "2024-11-27T07:05:00+00:00"),
    ("2024-11-27T10:35:00+03:30", "2024-11-27T07:05:00+00:00"),
    ("2024-11-27 14:05 UTC", "2024-11-27T14:05:00+00:00"),
]


@pytest.mark.parametrize(("text", "utc"), TIMES)
def test_time_forms(text: str, utc: str) -> None:
    parsed, errors = parse_times(pd.Series([text]), "Asia/Jakarta")
    assert errors[0] == ""
    assert parsed[0] == pd.Timestamp(utc)


def test_time_forms_together_each_with_its_own_zone() -> None:
    """Zones are read once per distinct spelling: each row must still get its own."""
    texts = [t for t, _ in TIMES] * 3
    parsed, errors = parse_times(pd.Series(texts[::-1]), "Asia/Jakarta")
    assert (errors == "").all()
    assert list(parsed) == [pd.Timestamp(u) for _, u in TIMES * 3][::-1]


def test_naive_time_uses_tz_option() -> None:
    parsed, _ = parse_times(pd.Series(["2024-11-27 14:05"]), "Asia/Makassar")
    assert parsed[0] == pd.Timestamp("2024-11-27T06:05:00+00:00")


BAD_TIMES = [
    ("2023-02-30 10:00", "not_a_date"),
    ("2024-11-27", "no_time"),
    ("1985-01-01 10:00", "before_1990"),
    ("2099-01-01 10:00", "future"),
    ("2024-11-27 14:05 EST", "zone"),
    ("kemarin sore", "format"),
    ("", "empty"),
    # a clock that does not exist is refused, never carried into the next hour or day (23:99
    # would be 00:39 the next day, perhaps another stage of the election)
    ("2023-11-12 23:99", "not_a_date"),
    ("2024-01-10 24:00", "not_a_date"),
    ("2024-01-10 23:60 WIB", "not_a_date"),
    ("2024-01-10 09:00:61", "not_a_date"),
    ("10/01/2024 25:30", "not_a_date"),
    ("10-01-2024 09.75 WITA", "not_a_date"),
    ("2024-01-10T25:00:00+07:00", "not_a_date"),
    ("2024-01-10T10:00:00+25:00", "zone"),  # no such offset
    ("2024-01-10T10:00:00+07:99", "zone"),
]


@pytest.mark.parametrize(("text", "code"), BAD_TIMES)
def test_bad_times_say_why(text: str, code: str) -> None:
    parsed, errors = parse_times(pd.Series([text]), "Asia/Jakarta")
    assert errors[0] == code
    assert pd.isna(parsed[0])
    assert TIME_ERRORS[code]["id"] and TIME_ERRORS[code]["en"]


NIPS = [
    ("198609262015051001", ""),
    ("19860926 201505 1 001", ""),
    ("198613262015051001", "birth"),
    ("19860926201505300", "shape"),
    ("1986092620150510011", "shape"),
    ("19860926201505100A", "shape"),
    ("198609262015131001", "tmt_month"),
    ("198609262015003001", "tmt_month"),
    ("198609262015053001", "sex"),
    ("198609262015051000", "serial"),
    ("198609261985051001", "tmt_before_birth"),
    ("298009192007081001", "birth_range"),  # born in 2980
    ("189912312007081001", "birth_range"),  # born in 1899
    ("198007193001081001", "tmt_future"),  # TMT CPNS in 3001
    ("1.98609262015051e+17", "excel_number"),  # an XLSX cell Excel kept as a number
    ("1,98609E+17", "excel_number"),  # the same through a CSV saved by Indonesian Excel
]


@pytest.mark.parametrize(("nip", "code"), NIPS)
def test_nip_rules(nip: str, code: str) -> None:
    assert nip_errors(pd.Series([nip]))[0] == code


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("Twitter", "x"),
        (" IG ", "instagram"),
        ("FB", "facebook"),
        ("Tik Tok", "tiktok"),
        ("zz", ""),
    ],
)
def test_platform_aliases(text: str, canonical: str) -> None:
    assert lookup(pd.Series([text]), PLATFORM_ALIASES)[0] == canonical


@pytest.mark.parametrize(
    ("text", "canonical"),
    [("suka", "like"), ("Komentar", "comment"), ("balas", "reply"), ("bagikan", "share"),
     ("unggah", "post"), ("ikuti", "follow"), ("gabung_grup", "join_group"),
     ("Gabung Grup", "join_group"), ("unggah_foto", "upload_photo"), ("retweet", "repost"),
     ("nge-like", "")],
)  # fmt: skip
def test_action_aliases(text: str, canonical: str) -> None:
    assert lookup(pd.Series([text]), ACTION_ALIASES)[0] == canonical


@pytest.mark.parametrize(
    ("written", "key"),
    [("@Budi_S", "budi_s"), ("budi", "budi"), ("https://www.instagram.com/budi.s/?hl=id", "budi.s"),
     ("x.com/Budi/status/1", "budi"), ("https://m.facebook.com/budi.santoso", "budi.santoso"),
     ("https://www.tiktok.com/@budi_t/video/1", "budi_t"), ("https://youtube.com/@budi", "budi")],
)  # fmt: skip
def test_actor_handle_key(written: str, key: str) -> None:
    assert actor_handle_key(pd.Series([written], dtype=object))[0] == key


ISO_EDGES = [
    "2024-11-27T14:05:00+07:00",
    "2024-11-27T07:05:00Z",
    "2023-02-30T10:00:00+07:00",  # ISO-shaped, not a date: the general path must say why
    "2099-01-01T00:00:00+07:00",  # future
    "1989-12-31T23:00:00+07:00",  # before 1990
    "2024-11-27T14:05:00+07",  # offset without minutes: not accepted
    "2024-11-27T24:00:00+07:00",
    "2024-11-27T14:05:00.250+07:00",  # fraction: the general path
    "27/11/2024 14:05 WIB",
    "",
]


def test_iso_fast_path_agrees_with_the_general_path() -> None:
    """Rows in ISO 8601 with an offset take pandas' ISO parser; every row's time and error must
    be what the general pattern gives it, mixed with other forms or alone."""
    for texts in (ISO_EDGES * 2, ISO_EDGES[:2] * 3):
        fast, fast_errors = parse_times(pd.Series(texts), "Asia/Jakarta")
        general, general_errors = _parse_general(pd.Series(texts).str.strip(), "Asia/Jakarta")
        assert list(fast_errors) == list(general_errors)
        assert fast.isna().tolist() == general.isna().tolist()
        assert (fast.dropna() == general.dropna()).all()
    _, errors = parse_times(pd.Series(ISO_EDGES), "Asia/Jakarta")
    assert list(errors[:6]) == ["", "", "not_a_date", "future", "before_1990", "format"]


def test_years_pandas_cannot_hold_are_refused_not_a_crash() -> None:
    """Placeholder dates (0001-01-01, 9999-12-31) beside times with fractions of a second: each
    is refused with its reason, and the others in the same chunk are read (pandas holds such
    years in microseconds; adding nanoseconds to them overflowed)."""
    texts = [
        "2024-11-27T14:05:09.250+07:00", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
        "1290-01-01 10:00", "3000-01-01 10:00 WIB", "2024-11-27 14:05:09.5",
        "1677-06-01T00:00:00+07:00", "2262-06-01T00:00:00+07:00",
    ]  # fmt: skip
    parsed, errors = parse_times(pd.Series(texts), "Asia/Jakarta")
    assert list(errors) == [
        "", "before_1990", "future", "before_1990", "future", "", "before_1990", "future",
    ]  # fmt: skip
    assert parsed.dtype == "datetime64[ns, UTC]"
    assert parsed[0] == pd.Timestamp("2024-11-27T07:05:09.250Z")
    assert parsed[5] == pd.Timestamp("2024-11-27T07:05:09.5Z")
    alone, alone_errors = parse_times(pd.Series(texts[3:4]), "Asia/Jakarta")  # general path only
    assert list(alone_errors) == ["before_1990"] and alone.dtype == "datetime64[ns, UTC]"


def _fixed_grid() -> list[str]:
    """Local times with WIB/WITA/WIT and ISO times with offsets in every layout, real and not
    (02-29 in a leap year and not, 31/04, 24:00, :60, offsets past 23:59, years at the edge of
    what pandas can hold), among near misses."""
    texts = []
    for year, month, day in itertools.product(
        ("2024", "2023", "1678", "1677", "2261", "2262"), ("01", "02", "04", "12", "13", "00"),
        ("01", "28", "29", "30", "31", "00"),
    ):  # fmt: skip
        for date in (f"{year}-{month}-{day}", f"{day}/{month}/{year}", f"{day}-{month}/{year}"):
            for clock, zone in itertools.product(
                ("00:00", "23:59", "24:00", "10:60", "10:05:09", "10:05:60", "9:05"),
                (" WIB", " WITA", " WIT", "", " wib", "WIB", " WIBA"),
            ):
                texts.append(f"{date} {clock}{zone}")
        for clock, zone in itertools.product(
            ("00:00:00", "23:59:59", "24:00:00", "10:05:60", "10:05"),
            ("Z", "+07:00", "-05:00", "+0530", "+14:00", "+24:00", "+07:60", "+99:99", "+07",
             " +07:00", "z", ""),
        ):  # fmt: skip
            texts.append(f"{year}-{month}-{day}T{clock}{zone}")
    return texts


def test_fixed_layouts_agree_with_the_general_path() -> None:
    """ISO 8601 with an offset and local times with an Indonesian zone are read from their
    bytes; each row's time and error must be what the general pattern gives, whatever the
    default zone, and with the column in Arrow pieces."""
    texts = _fixed_grid()
    for tz in ("Asia/Jakarta", "Asia/Jayapura"):
        fast, fast_errors = parse_times(pd.Series(texts), tz)
        general, general_errors = _parse_general(pd.Series(texts), tz)
        assert list(fast_errors) == list(general_errors)
        assert fast.isna().tolist() == general.isna().tolist()
        assert (fast.dropna() == general.dropna()).all()
    read = fast.notna().sum()
    assert 1_000 < read < len(texts) / 2  # both real times and refusals are in the grid
    whole = pa.array(texts[:500])  # pieces as Arrow slices: offsets not starting at 0
    pieces = pa.chunked_array([whole.slice(0, 7), whole.slice(7, 300), whole.slice(307)])
    in_pieces, _ = parse_times(pd.Series(pieces.to_pandas()), "Asia/Jakarta")
    assert in_pieces.equals(parse_times(pd.Series(texts[:500]), "Asia/Jakarta")[0])
    for got, expected in zip(_read_fixed(pieces), _read_fixed(whole), strict=True):
        assert np.array_equal(got, expected, equal_nan=True)
    assert parse_times(pd.Series(["29/02/2024 23:59:59 WIT"]), "UTC")[0][0] == pd.Timestamp(
        "2024-02-29T14:59:59Z"
    )


def test_nip_checks_kept_across_calls_stay_right_when_the_cache_is_cleared(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """NIP checks are kept between chunks in a bounded cache; a clear, even by another thread
    (a Dask worker may run chunks side by side), must never lose or mix up an answer."""
    import threading

    from neutrality.io import values

    monkeypatch.setattr(values, "_NIP_CODES_MAX", 3)
    monkeypatch.setattr(values, "_NIP_CODES", {})
    # two overlapping chunks: each meets NIPs the cache has and NIPs it has not
    first, second = NIPS[:7], NIPS[4:]
    chunks = [
        (pd.Series([nip for nip, _ in part] * 2), [code for _, code in part] * 2)
        for part in (first, second)
    ]
    failures: list[BaseException] = []

    def check() -> None:
        try:
            for turn in range(30):
                nips, expected = chunks[turn % 2]
                assert list(nip_errors(nips)) == expected
        except BaseException as exc:  # reported by the main thread
            failures.append(exc)

    threads = [threading.Thread(target=check) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    assert len(values._NIP_CODES) <= 3 + len(NIPS)  # cleared when full, refilled by the last call


def test_blank_is_what_strip_leaves_empty() -> None:
    """Empty, whitespace of every kind Python and Arrow trim (tab, NBSP, ideographic space,
    line separator) and a missing value, beside texts with one visible character."""
    texts = ["", " ", "\t\n", "\u00a0", "\u3000 ", "\u2028", "\u200b", "x", " x ", "\u00a0a", None]
    for dtype in (TEXT_DTYPE, object):
        values = pd.Series(texts, dtype=dtype, index=range(10, 21))
        expected = (values.str.strip() == "").fillna(False).astype(bool)
        assert blank(values).tolist() == expected.tolist()
        assert blank(values).index.equals(values.index)
    assert blank(pd.Series(texts, dtype=TEXT_DTYPE)).tolist() == [True] * 6 + [False] * 5


def test_blank_agrees_with_strip_for_every_code_point() -> None:
    """blank() relies on Arrow's is-space test using the very characters its trim removes
    (what pandas' strip calls): checked for every code point, so a pyarrow release that
    changes one of the two shows here."""
    points = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    values = pd.Series(points, dtype=TEXT_DTYPE)
    assert (blank(values) == (values.str.strip() == "")).all()
    assert blank(values).sum() > 20  # the Unicode spaces, not only " \t\n\r\f\v"


def test_general_path_answers_kept_across_chunks_are_the_same_answers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """What the general path made of a text is kept for the next chunk, per --tz; a "future"
    answer is not kept (the text may be a real time by the time it comes again); a cache
    cleared when full, even by another thread, never loses or mixes up an answer."""
    import threading

    from neutrality.io import values

    monkeypatch.setattr(values, "_GENERAL_READ", {})
    odd = [text for text, _ in BAD_TIMES] + ["2024-11-27 14:05", "27/11/2024 14:05:30"]
    chunk = pd.Series(odd * 3)
    fresh = parse_times(chunk, "Asia/Jakarta")
    assert ("Asia/Jakarta", "kemarin sore") in values._GENERAL_READ
    assert ("Asia/Jakarta", "2099-01-01 10:00") not in values._GENERAL_READ  # future: not kept
    again = parse_times(chunk, "Asia/Jakarta")
    pd.testing.assert_series_equal(again[0], fresh[0])
    pd.testing.assert_series_equal(again[1], fresh[1])
    # the same text in another zone is read in that zone, not taken from the first
    assert parse_times(pd.Series(["2024-11-27 14:05"]), "Asia/Jayapura")[0][0] == pd.Timestamp(
        "2024-11-27T05:05:00Z"
    )

    monkeypatch.setattr(values, "_GENERAL_KEEP", 3)
    values._GENERAL_READ.clear()
    failures: list[BaseException] = []

    def check(start: int) -> None:
        try:
            for turn in range(20):
                part = pd.Series(odd[(start + turn) % 4 :] * 2)
                times, errors = parse_times(part, "Asia/Jakarta")
                expected = parse_times_uncached(part)
                pd.testing.assert_series_equal(times, expected[0])
                pd.testing.assert_series_equal(errors.astype(object), expected[1])
        except BaseException as exc:  # reported by the main thread
            failures.append(exc)

    def parse_times_uncached(part: pd.Series) -> tuple[pd.Series, pd.Series]:
        read, why = _parse_general(part.str.strip(), "Asia/Jakarta")
        return read.dt.tz_convert("UTC"), why

    threads = [threading.Thread(target=check, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    assert len(values._GENERAL_READ) <= 3


def test_days_since_1970_is_the_calendar_for_every_day_from_1600_to_2400() -> None:
    """The fixed layouts' dates are counted in integers; numpy's calendar says what is right."""
    from neutrality.io.values import _days_since_1970

    days = np.arange(np.datetime64("1600-01-01"), np.datetime64("2401-01-01"))
    months = days.astype("datetime64[M]")
    year = days.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    day = (days - months.astype("datetime64[D]")).astype(np.int64) + 1
    assert (_days_since_1970(year, month, day) == days.astype(np.int64)).all()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["x", "ig", ""]), st.sampled_from(["@a", "@b", "a", ""]),
                          st.sampled_from(["Ani", "ani", " ", ""])), min_size=1, max_size=60))  # fmt: skip
def test_combinations_give_each_distinct_row_one_code_in_first_seen_order(
    rows: list[tuple[str, str, str]],
) -> None:
    """Codes spread the distinct combinations back to the rows exactly; the combinations come in
    the order they first appear, each from its first row."""
    from neutrality.io.values import combinations

    names = ["platform", "target_account", "target_name"]
    frame = pd.DataFrame(rows, columns=names).astype(TEXT_DTYPE)
    codes, uniques = combinations(frame, names)
    seen = list(dict.fromkeys(rows))  # distinct rows, first seen first
    assert list(uniques.itertuples(index=False, name=None)) == seen
    assert [seen[code] for code in codes] == rows


def test_a_local_time_the_zone_skips_or_repeats_is_refused_with_its_reason() -> None:
    """--tz takes any zone: a naive time in a daylight-saving gap or overlap has no one UTC
    time, so it is refused (the audit used to stop on it), the times around it are read."""
    texts = ["2024-03-31 02:30", "2024-10-27 02:30", "2024-01-10 10:00", "2024-03-31 02:30 +01:00"]
    parsed, errors = parse_times(pd.Series(texts), "Europe/Berlin")
    assert list(errors) == ["not_in_zone", "not_in_zone", "", ""]
    assert pd.isna(parsed[0]) and pd.isna(parsed[1])
    assert parsed[2] == pd.Timestamp("2024-01-10T09:00:00Z")
    assert parsed[3] == pd.Timestamp("2024-03-31T01:30:00Z")
    assert "--tz" in TIME_ERRORS["not_in_zone"]["id"] and "--tz" in TIME_ERRORS["not_in_zone"]["en"]


def test_nip_spaces_are_those_re2_removes() -> None:
    """clean_nip looks for spaces in the column's bytes before it asks RE2 to remove them: both
    agree on what a space is (\\s: tab, line feed, form feed, carriage return, space; not \\v,
    not a no-break space), in a column of one piece or of several."""
    from neutrality.io.tables import TEXT_DTYPE

    for space in ["\t", "\n", "\f", "\r", " "]:
        nips = pd.Series(["198609262015051001", f"1986092620{space}15051002"], dtype=TEXT_DTYPE)
        assert clean_nip(nips).tolist() == ["198609262015051001", "198609262015051002"]
    for kept in ["\v", "\u00a0"]:
        assert clean_nip(pd.Series([f"1986{kept}0926"], dtype=TEXT_DTYPE)).tolist() == [
            f"1986{kept}0926"
        ]
    pieces = pa.chunked_array([["198609262015051001"], ["1986 0926"]], pa.large_string())
    assert clean_nip(pd.Series(pd.arrays.ArrowStringArray(pieces))).tolist()[1] == "19860926"


def test_render_fills_each_row_and_keeps_braces_and_order() -> None:
    """A message per row, in the index's order; a text part is the same on every row; braces in
    a value or the template's literal text are kept as they are; no rows, no messages."""
    from neutrality.io.messages import render

    index = pd.Index([7, 3])
    values = pd.Series(["{a}", "b"], index=index)
    codes = pd.Series(pd.Categorical(["x", "y"]), index=index)
    found = render(
        '"{value}" ({code}) {{lit}}: {valid}', index, value=values, code=codes, valid="p, {q}"
    )
    assert found.index.tolist() == [7, 3]
    assert found.tolist() == ['"{a}" (x) {lit}: p, {q}', '"b" (y) {lit}: p, {q}']
    assert render("tetap {valid}", index, valid="sama").tolist() == ["tetap sama"] * 2
    assert render("{value}", pd.Index([]), value=pd.Series([], dtype=object)).tolist() == []
    with pytest.raises(ValueError, match="value: 1 values for 2 rows"):
        render("{value}", index, value=pd.Series(["x"]))
