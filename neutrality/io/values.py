"""Vectorised parsing of cell values: platforms, actions, timestamps, NIPs, actor handles.

Each parser takes a pandas Series of text and returns parsed values plus, per row, an error
code ("" when fine; texts in neutrality.io.messages), so the caller can reject rows with their
reason without a Python loop.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Literal, cast

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from neutrality.io.tables import TEXT_DTYPE, bytes_hold, text_offsets

PLATFORM_ALIASES: dict[str, str] = {
    "facebook": "facebook", "fb": "facebook", "instagram": "instagram", "ig": "instagram",
    "x": "x", "twitter": "x", "x.com": "x", "x/twitter": "x", "twitter/x": "x",
    "tiktok": "tiktok", "tik tok": "tiktok", "youtube": "youtube", "yt": "youtube",
    "threads": "threads", "whatsapp": "whatsapp", "wa": "whatsapp", "other": "other",
    "lainnya": "other", "lain-lain": "other",
}  # fmt: skip

ACTION_ALIASES: dict[str, str] = {
    "like": "like", "suka": "like", "menyukai": "like", "love": "like",
    "comment": "comment", "komentar": "comment", "komen": "comment",
    "reply": "reply", "balas": "reply", "balasan": "reply", "membalas": "reply",
    "share": "share", "bagikan": "share", "membagikan": "share", "berbagi": "share",
    "repost": "repost", "retweet": "repost", "rt": "repost", "regram": "repost",
    "post": "post", "unggah": "post", "posting": "post", "kiriman": "post", "tweet": "post",
    "follow": "follow", "ikuti": "follow", "mengikuti": "follow",
    "join_group": "join_group", "gabung_grup": "join_group", "join group": "join_group",
    "gabung grup": "join_group", "bergabung": "join_group",
    "upload_photo": "upload_photo", "unggah_foto": "upload_photo", "upload photo": "upload_photo",
    "unggah foto": "upload_photo", "mention": "mention", "sebut": "mention", "tag": "mention",
}  # fmt: skip

ZONE_OFFSETS_MIN = {"WIB": 7 * 60, "WITA": 8 * 60, "WIT": 9 * 60, "Z": 0, "UTC": 0}
EARLIEST = pd.Timestamp("1990-01-01", tz="UTC")
_EARLIEST_NS = np.datetime64("1990-01-01", "ns")

_TIME = re.compile(
    r"^(?:(?P<Y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"|(?P<d2>\d{1,2})[/-](?P<m2>\d{1,2})[/-](?P<Y2>\d{4}))"
    r"(?:[T ]+(?P<H>\d{1,2})[:.](?P<M>\d{2})(?:[:.](?P<S>\d{2})(?:[.,](?P<f>\d{1,9}))?)?)?"
    r"\s*(?P<zone>Z|[+-]\d{2}:?\d{2}|[A-Za-z]{1,5})?$"
)


def lookup(values: pd.Series, aliases: dict[str, str]) -> pd.Series:
    """Map free-text values to canonical ones; unknown values become "".

    Exports repeat a handful of spellings, so the mapping runs once per distinct value.
    """
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    table = {k.replace("_", " "): v for k, v in aliases.items()}
    mapped = [
        table.get(" ".join(str(u).strip().lower().replace("_", " ").split()), "") for u in uniques
    ]
    return _spread(mapped, codes, values.index)


def _spread(per_distinct: list[str], codes: np.ndarray, index: pd.Index) -> pd.Series:
    """A text per distinct input spread to the rows by their codes, as a categorical ("" is
    always a category): comparing and choosing rows then works on small integer codes, not on
    a Python string per row."""
    names, coded = np.unique(np.array([*per_distinct, ""], dtype=object), return_inverse=True)
    found = pd.Categorical.from_codes(coded.reshape(-1)[codes], categories=pd.Index(names))
    return pd.Series(found, index=index)


def _arrow_text(text: pd.Series) -> pa.Array:
    array = pa.array(text, type=pa.large_string(), from_pandas=True)
    return array.combine_chunks() if isinstance(array, pa.ChunkedArray) else array


def _extract(text: pd.Series, pattern: re.Pattern[str]) -> dict[str, pa.Array]:
    """Named groups of `pattern` per row ("" where absent), by Arrow's vectorised RE2."""
    matched = pc.extract_regex(_arrow_text(text), pattern.pattern)
    return {name: pc.fill_null(matched.field(name), "") for name in pattern.groupindex}


def _number(values: pa.Array, index: pd.Index, default: float | None = None) -> pd.Series:
    """Digits (as matched by a pattern) to numbers; "" is missing, or `default`."""
    absent = pc.equal(values, "")
    numbers = pc.cast(pc.if_else(absent, pa.scalar(None, values.type), values), pa.float64())
    if default is not None:
        numbers = pc.fill_null(numbers, default)
    return pd.Series(numbers.to_numpy(zero_copy_only=False), index=index)


def _either(first: pa.Array, second: pa.Array) -> pa.Array:
    return pc.if_else(pc.equal(first, ""), second, first)


#: The spellings exports mostly write, every character in a fixed place: ISO 8601 with seconds
#: and an offset ("2024-11-27T14:05:09+07:00", "...Z", "...+0700"), and a local time with an
#: Indonesian zone ("27/11/2024 14:05 WIB", "2024-11-27 14:05:09 WITA", "27-11-2024 14:05 WIT").
#: Their digits are read straight from Arrow's bytes (see _read_fixed)
_FIXED = (
    r"^(?:\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:?\d{2})"
    r"|(?:\d{4}-\d{2}-\d{2}|\d{2}[/-]\d{2}[/-]\d{4}) \d{2}:\d{2}(?::\d{2})? (?:WIB|WITA|WIT))$"
)
_NS_SECOND = 1_000_000_000
#: pandas' timestamps run from 1677-09-21 to 2262-04-11: whole years inside are read here, the
#: general path says why a time outside is refused
_FAST_YEARS = (1678, 2261)


def parse_times(raw: pd.Series, default_tz: str) -> tuple[pd.Series, pd.Series]:
    """(UTC timestamps, error code per row: see messages.TIME_ERRORS). Naive times are read in
    `default_tz`.

    The common spellings (_FIXED) are read from their bytes where the text is a real time;
    every other row, and every row that is not a real time, takes the general path, which also
    says why a text is not a time. Both give the same value for the same time. The general
    path reads each distinct text once: what it is given repeats (an export's few odd
    spellings, the same wrong value on many rows).
    """
    text = raw.astype(str).str.strip()
    values, done = _read_fixed(pa.array(text, from_pandas=True))  # the column's own Arrow data
    # error codes as small numbers into `kinds` ("" first), a categorical at the end: the
    # checks after compare them to "" for every row, and most rows have none
    kinds: dict[str, int] = {"": 0}
    errors = np.zeros(len(text), dtype=np.int16)
    refused = np.zeros(len(text), dtype=bool)
    if not done.all():
        rest = np.flatnonzero(~done)
        codes, uniques = pd.factorize(text.iloc[rest], use_na_sentinel=False)
        read, why = _read_general(list(uniques), default_tz, text.dtype)
        values[rest] = read[codes]
        numbers = np.array([kinds.setdefault(w, len(kinds)) for w in why.tolist()], np.int16)
        errors[rest] = numbers[codes]
        refused[rest] = (numbers != 0)[codes]
    # the times read from their bytes are real times: the range is their one remaining check
    now = np.datetime64(dt.datetime.now(dt.UTC).replace(tzinfo=None) + dt.timedelta(days=1), "ns")
    fixed = np.flatnonzero(done)
    for outside, code in (
        (values[fixed] > now, "future"),
        (values[fixed] < _EARLIEST_NS, "before_1990"),
    ):
        errors[fixed[outside]] = kinds.setdefault(code, len(kinds))  # before_1990 last: it
        refused[fixed[outside]] = True  # wins, as in _range_errors
    values[refused] = np.datetime64("NaT", "ns")
    times = pd.Series(values, index=text.index).dt.tz_localize("UTC")
    found = pd.Categorical.from_codes(errors, categories=pd.Index(list(kinds), dtype=object))
    return times, pd.Series(found, index=text.index)


def _read_fixed(text: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    """(UTC values as naive datetime64[ns], read?) for the rows of `text` in a _FIXED layout.

    The pattern fixes every character's place and makes the text ASCII, so each field is read
    from the same byte offsets of every row: no capture groups, no strings. A row whose fields
    are not a real time (31/02, 24:00, :60) is not read, and the general path says why.
    """
    values = np.full(len(text), np.datetime64("NaT", "ns"), dtype="datetime64[ns]")
    done = np.zeros(len(text), dtype=bool)
    pieces = text.chunks if isinstance(text, pa.ChunkedArray) else [text]
    first = 0
    for piece in pieces:  # each piece of the column is read where it lies, not copied
        shaped = pc.fill_null(pc.match_substring_regex(piece, _FIXED), False)
        rows = np.flatnonzero(shaped.to_numpy(zero_copy_only=False))
        if len(rows):
            utc, ok = _fixed_values(piece, rows)
            values[first + rows[ok]] = utc[ok]
            done[first + rows[ok]] = True
        first += len(piece)
    return values, done


#: the first bytes of every fixed layout, read at fixed places: "yyyy-mm-ddTHH:MM:SS",
#: "dd/mm/yyyy HH:MM:SS" (or " WIB" after HH:MM)
_WINDOW = 19
_DIGIT = {c: ord(c) - ord("0") for c in "-:TZBA+"}  # characters, as digits[] holds them


def _fixed_values(piece: pa.Array, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(UTC datetime64[ns], is a real time?) of `rows` of `piece`, all in a _FIXED layout."""
    offsets = text_offsets(piece)
    raw = np.frombuffer(piece.buffers()[2], dtype=np.uint8)
    start, end = offsets[rows], offsets[rows + 1]
    # each row's first 19 bytes (every layout is at least 20 long), gathered through a sliding
    # window over the buffer: no rows x 19 index array, and only the gathered bytes converted
    windows = np.lib.stride_tricks.sliding_window_view(raw, _WINDOW)
    digits = windows[start].astype(np.int32) - ord("0")

    def at_rows(where: np.ndarray) -> np.ndarray:  # the byte at `where` in each row, as digits
        values: np.ndarray = raw[where].astype(np.int32) - ord("0")
        return values

    def number(at: int, size: int, where: np.ndarray | None = None) -> np.ndarray:
        value: np.ndarray = digits[:, at] if where is None else at_rows(where + at)
        for place in range(at + 1, at + size):
            value = value * 10 + (digits[:, place] if where is None else at_rows(where + place))
        return value

    year_first = digits[:, 4] == _DIGIT["-"]  # 2024-11-27, else 27/11/2024 or 27-11-2024
    year = np.where(year_first, number(0, 4), number(6, 4))
    month = np.where(year_first, number(5, 2), number(3, 2))
    day = np.where(year_first, number(8, 2), number(0, 2))
    hour, minute = number(11, 2), number(14, 2)
    second = np.where(digits[:, 16] == _DIGIT[":"], number(17, 2), 0)
    last = at_rows(end - 1)
    # WIB, WITA, WIT: the last letter tells them apart; ISO: Z, or the offset written after
    # the seconds ("+07:00" or "+0700": its sign at 19, hours at 20, minutes at the end)
    offset = np.where(last == _DIGIT["B"], 420, np.where(last == _DIGIT["A"], 480, 540))
    iso = digits[:, 10] == _DIGIT["T"]
    offset[iso] = 0
    ok = np.ones(len(rows), dtype=bool)
    written = np.flatnonzero(iso & (last != _DIGIT["Z"]))
    if len(written):
        at = start[written]
        hours, minutes = number(20, 2, at), number(0, 2, end[written] - 2)
        sign = np.where(at_rows(at + 19) == _DIGIT["+"], 1, -1)
        offset[written] = sign * (hours * 60 + minutes)
        ok[written] = (hours < 24) & (minutes < 60)  # the general path reads any other offset
    ok &= (year >= _FAST_YEARS[0]) & (year <= _FAST_YEARS[1]) & (month >= 1) & (month <= 12)
    ok &= (day >= 1) & (hour < 24) & (minute < 60) & (second < 60)
    year, month = np.where(ok, year, 1970).astype(np.int64), np.where(ok, month, 1)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    ok &= day <= _MONTH_DAYS[month - 1] + (leap & (month == 2))
    seconds = hour * 3600 + (minute - offset) * 60 + second  # from local midnight, in UTC
    days = _days_since_1970(year, month, day.astype(np.int64))
    return ((days * 86_400 + seconds) * _NS_SECOND).astype("datetime64[ns]"), ok


_MONTH_DAYS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _days_since_1970(year: np.ndarray, month: np.ndarray, day: np.ndarray) -> np.ndarray:
    """Days from 1970-01-01 to each date of the proleptic Gregorian calendar (years from 1 on),
    in integers: the calendar's 400-year cycle, with March as the first month so February's
    leap day ends the year (H. Hinnant's days_from_civil)."""
    march_year = year - (month <= 2)
    cycle, year_of_cycle = np.divmod(march_year, 400)
    day_of_year = (153 * ((month + 9) % 12) + 2) // 5 + day - 1
    day_of_cycle = year_of_cycle * 365 + year_of_cycle // 4 - year_of_cycle // 100 + day_of_year
    days: np.ndarray = cycle * 146_097 + day_of_cycle - 719_468
    return days


#: what the general path made of a text, kept from chunk to chunk: an export repeats its few odd
#: spellings ("kemarin sore", a time without seconds) in every chunk, and reading even two texts
#: the general way costs about 10 ms. A text refused as "future" is not kept: it may not be by
#: the time it comes again; every other answer stays true.
_GENERAL_READ: dict[tuple[str, Any], tuple[np.datetime64, str]] = {}
_GENERAL_KEEP = 10_000  # texts; a chunk with more new ones than this starts afresh


def _read_general(texts: list[Any], default_tz: str, dtype: Any) -> tuple[np.ndarray, np.ndarray]:
    """(UTC values as naive datetime64[ns], error code) per text, by the general path."""
    # this call's own answers first: the shared cache may be cleared meanwhile by another
    # thread (a Dask worker can run several chunks at once), so it is only ever read with .get
    answers = {t: a for t in texts if (a := _GENERAL_READ.get((default_tz, t))) is not None}
    new = [t for t in texts if t not in answers]
    if new:
        read, why = _parse_general(pd.Series(new, dtype=dtype), default_tz)
        found = dict(zip(new, zip(_utc_values(read), why.tolist(), strict=True), strict=True))
        answers.update(found)
        if len(_GENERAL_READ) + len(found) > _GENERAL_KEEP:
            _GENERAL_READ.clear()
        kept = [((default_tz, t), a) for t, a in found.items() if a[1] != "future"]
        _GENERAL_READ.update(kept[:_GENERAL_KEEP])
    values = np.array([answers[t][0] for t in texts], dtype="datetime64[ns]")
    return values, np.array([answers[t][1] for t in texts], dtype=object)


def _utc_values(times: pd.Series) -> np.ndarray:
    """UTC timestamps as naive datetime64[ns] values."""
    values: np.ndarray = times.dt.tz_convert("UTC").dt.tz_localize(None).to_numpy("datetime64[ns]")
    return values


def _parse_general(text: pd.Series, default_tz: str) -> tuple[pd.Series, pd.Series]:
    """Every accepted spelling (see _TIME), with the reason for each text that is not a time."""
    parts = _extract(text, _TIME)
    index = text.index
    frame = pd.DataFrame(
        {
            "year": _number(_either(parts["Y"], parts["Y2"]), index),
            "month": _number(_either(parts["m"], parts["m2"]), index),
            "day": _number(_either(parts["d"], parts["d2"]), index),
            "hour": _number(parts["H"], index, -1),
            "minute": _number(parts["M"], index, 0),
            "second": _number(parts["S"], index, 0),
        }
    )
    has_time = frame["hour"] >= 0
    frame["hour"] = frame["hour"].clip(lower=0)
    # pandas adds hours, minutes and seconds to the date as spans: 23:99 would become 00:39 of
    # the next day (and move an act into another stage); a clock that does not exist is refused
    clock = (frame["hour"] <= 23) & (frame["minute"] <= 59) & (frame["second"] <= 59)
    naive = pd.to_datetime(frame, errors="coerce").where(clock.fillna(True).astype(bool))
    digits = parts["f"]
    scale = np.power(10.0, pc.utf8_length(digits).to_numpy(zero_copy_only=False))
    fraction = _number(digits, index, 0.0) / scale
    naive = naive + _span(fraction, "s", naive)
    # Exports repeat a handful of zone spellings (WIB, +07:00, Z, ""): each is read once
    zone_codes, zones = pd.factorize(
        pc.utf8_upper(parts["zone"]).to_numpy(zero_copy_only=False), use_na_sentinel=False
    )
    offsets = pd.Series(np.array([_offset_minutes(z) for z in zones], float)[zone_codes], index)
    has_zone = pd.Series(np.array([z != "" for z in zones], bool)[zone_codes], index)
    known_zone = pd.Series(np.array([_known_zone(z) for z in zones], bool)[zone_codes], index)
    utc = _to_utc(naive, offsets, has_zone, default_tz)
    matched = frame["year"].notna()
    errors = _time_errors(text, matched, has_time, naive, known_zone, utc)
    # the times kept are all within what nanoseconds hold (see _span)
    return utc.where(errors == "", pd.NaT).dt.as_unit("ns"), errors


def _offset_minutes(zone: str) -> float:
    """Minutes east of UTC of a zone as written (WIB, WITA, WIT, Z, UTC, +07:00, +0700); NaN
    for no zone or an unknown one."""
    if zone in ZONE_OFFSETS_MIN:
        return float(ZONE_OFFSETS_MIN[zone])
    digits = zone.replace(":", "")
    if len(digits) == 5 and digits[0] in "+-" and digits[1:].isdigit():
        hours, minutes = int(digits[1:3]), int(digits[3:5])
        if hours > 23 or minutes > 59:  # +25:00, +07:99: no such offset
            return float("nan")
        return float(-(hours * 60 + minutes) if digits[0] == "-" else hours * 60 + minutes)
    return float("nan")


def _known_zone(zone: str) -> bool:
    return zone == "" or zone in ZONE_OFFSETS_MIN or not np.isnan(_offset_minutes(zone))


def _span(amounts: pd.Series, unit: Literal["s", "m"], times: pd.Series) -> pd.Series:
    """`amounts` of `unit` as timedeltas in the resolution of `times`: pandas holds a year it
    cannot hold in nanoseconds (before 1678, after 2261) in microseconds, and adding
    nanoseconds to it would overflow; such a time is refused anyway (before_1990, future)."""
    resolution = cast(Literal["s", "ms", "us", "ns"], times.dt.unit)
    spans: pd.Series = pd.to_timedelta(amounts, unit=unit).dt.as_unit(resolution)
    return spans


def _to_utc(
    naive: pd.Series, offsets: pd.Series, has_zone: pd.Series, default_tz: str
) -> pd.Series:
    """Times with a zone shifted by its offset; times without one read in `default_tz`."""
    explicit = naive - _span(offsets, "m", naive)
    explicit = explicit.dt.tz_localize("UTC")
    local = naive.dt.tz_localize(default_tz, ambiguous="NaT", nonexistent="NaT").dt.tz_convert(
        "UTC"
    )
    return explicit.where(has_zone, local)


def _time_errors(
    text: pd.Series,
    matched: pd.Series,
    has_time: pd.Series,
    naive: pd.Series,
    known_zone: pd.Series,
    utc: pd.Series,
) -> pd.Series:
    errors = _range_errors(utc, pd.Series("", index=text.index, dtype=object))
    checks = [
        # a naive time --tz skips or repeats (a daylight-saving change) has no one UTC time;
        # Indonesia's zones have none, but --tz takes any zone
        (utc.isna() & naive.notna(), "not_in_zone"),
        (naive.isna(), "not_a_date"),
        (~has_time, "no_time"),
        (~known_zone, "zone"),
        (~matched, "format"),
        (text == "", "empty"),
    ]  # fmt: skip
    for mask, message in checks:  # later checks are the more basic ones, so they win
        errors = errors.mask(mask.fillna(False).astype(bool), message)
    return errors


def _range_errors(utc: pd.Series, errors: pd.Series) -> pd.Series:
    """A time more than a day ahead of now, or before 1990, cannot be a real act."""
    now = pd.Timestamp(dt.datetime.now(dt.UTC)) + pd.Timedelta(days=1)
    for mask, message in ((utc > now, "future"), (utc < EARLIEST, "before_1990")):
        errors = errors.mask(mask.fillna(False).astype(bool), message)
    return errors


Distinct = tuple[np.ndarray, np.ndarray]  # pd.factorize(values, use_na_sentinel=False)


def blank(values: pd.Series) -> pd.Series:
    """Which values are empty or only whitespace: `values.str.strip() == ""` without making the
    stripped texts (Arrow's is-space test uses the characters its trim removes; a missing value
    is not blank, as in that comparison)."""
    text = pa.array(values.astype(TEXT_DTYPE), from_pandas=True)
    found = pc.or_(pc.equal(pc.binary_length(text), 0), pc.utf8_is_space(text))
    return pd.Series(pc.fill_null(found, False).to_numpy(zero_copy_only=False), index=values.index)


def distinct(values: pd.Series) -> Distinct:
    """(code per row, distinct values): work done once per distinct value is spread by code.
    Arrow text is factorised by Arrow (no Python string per row); the distinct values are
    Python objects either way."""
    factorized = values if values.dtype == TEXT_DTYPE else values.to_numpy(dtype=object)
    codes, uniques = pd.factorize(factorized, use_na_sentinel=False)
    return codes, np.asarray(uniques, dtype=object)


def combinations(frame: pd.DataFrame, columns: list[str]) -> tuple[np.ndarray, pd.DataFrame]:
    """Codes per row and the distinct combinations of `columns`: work once per combination."""
    combined = np.zeros(len(frame), dtype=np.int64)
    for name in columns:
        codes, uniques = pd.factorize(frame[name])
        # re-factorised at each step, so the combined code stays below the row count
        combined, _ = pd.factorize(combined * (len(uniques) + 1) + (codes + 1))
    # factorize numbers values in the order they first appear, so a row holds a combination's
    # first appearance exactly when its code is above every code before it (no sort needed)
    before = np.maximum.accumulate(np.concatenate(([-1], combined[:-1])))
    first = np.flatnonzero(combined > before)
    rows = {name: frame[name].iloc[first].to_numpy(dtype=object) for name in columns}
    return np.asarray(combined, dtype=np.int64), pd.DataFrame(rows)


def nip_errors(nip: pd.Series, factorized: Distinct | None = None) -> pd.Series:
    """Error code per row (messages.NIP_ERRORS) for an NIP that breaks SPEC 2.2; "" when valid
    or empty. Checked once per distinct NIP: rows repeat the same few thousand employees.
    `factorized`: `distinct(nip)`, when the caller has it already."""
    codes, uniques = factorized if factorized is not None else distinct(nip)
    texts = [str(u) for u in uniques]
    # this call's own answers first: the shared cache may be cleared meanwhile by another
    # thread (a Dask worker can run several chunks at once), so it is only ever read with .get
    answers = {t: _NIP_CODES.get(t) for t in texts}
    new = [t for t, code in answers.items() if code is None]
    if new:  # each chunk names mostly the same employees: check only NIPs not met before
        found = dict(zip(new, _nip_errors_of(clean_nip(pd.Series(new, dtype=object))), strict=True))
        answers.update(found)
        if len(_NIP_CODES) + len(found) > _NIP_CODES_MAX:
            _NIP_CODES.clear()
        _NIP_CODES.update(found)
    return _spread([answers[t] or "" for t in texts], codes, nip.index)


#: NIP as written -> error code, kept across chunks (bounded); the check is a pure function
_NIP_CODES: dict[str, str] = {}
_NIP_CODES_MAX = 1_000_000


def _nip_errors_of(text: pd.Series) -> pd.Series:
    errors = pd.Series("", index=text.index, dtype=object)
    shape_ok = text.str.fullmatch(r"\d{18}")
    birth = pd.to_datetime(text.str[:8], format="%Y%m%d", errors="coerce")
    tmt_year = pd.to_numeric(text.str[8:12], errors="coerce")
    tmt_month = pd.to_numeric(text.str[12:14], errors="coerce")
    sex = text.str[14]
    serial = pd.to_numeric(text.str[15:18], errors="coerce")
    today = dt.date.today()
    checks = [
        (serial == 0, "serial"),
        (~sex.isin(["1", "2"]), "sex"),
        (
            tmt_year * 12 + tmt_month < birth.dt.year * 12 + birth.dt.month,
            "tmt_before_birth",
        ),
        # an appointment is known a little ahead, never years ahead (a TMT in 3001)
        (tmt_year > today.year + 1, "tmt_future"),
        ((tmt_month < 1) | (tmt_month > 12), "tmt_month"),
        # a real date, but nobody in service was born before 1900 or after today (2980)
        ((birth.dt.year < 1900) | (birth > pd.Timestamp(today)), "birth_range"),
        (birth.isna(), "birth"),
        (~shape_ok, "shape"),
        # "1.98609E+17": Excel kept the NIP as a number, and a number only 15 digits
        (text.str.fullmatch(r"\d(?:[.,]\d+)?[eE]\+?\d{1,2}"), "excel_number"),
    ]
    for mask, message in checks:
        errors = errors.mask(mask.fillna(True).astype(bool), message)
    return errors.where(text != "", "")


#: the bytes RE2's \s matches (ASCII white space without \v)
_RE2_SPACE = (b"\t", b"\n", b"\f", b"\r", b" ")


def _holds_space(text: pa.Array) -> bool:
    """Whether a cell of `text` holds a byte of _RE2_SPACE (a character-class regex over the
    cells' bytes is ten times slower than bytes_hold's search for each byte)."""
    return bytes_hold(text, *_RE2_SPACE)


def clean_nip(nip: pd.Series) -> pd.Series:
    """NIPs are written with spaces for readability; compare them without. Arrow text, as
    read: comparing and factorising it needs no Python string per row."""
    text = pa.array(nip.astype(TEXT_DTYPE), from_pandas=True)
    if _holds_space(text):  # most NIPs have no space: a search of their bytes finds none
        text = pc.replace_substring_regex(text, r"\s+", "")
    return pd.Series(text, index=nip.index, dtype=TEXT_DTYPE)


_HANDLE_URL = re.compile(
    r"(?i)^(?:https?://)?(?:www\.|m\.|mobile\.)?"
    r"(?:x\.com|twitter\.com|instagram\.com|facebook\.com|fb\.com|tiktok\.com|youtube\.com"
    r"|threads\.net|threads\.com)/(?:@)?(?:c/|user/)?(?P<name>[A-Za-z0-9_.\-]+)",
)


def actor_handle_key(handles: pd.Series) -> pd.Series:
    """Comparable key of an employee's own handle: lower case, no @, profile URL reduced.

    Worked out once per distinct spelling: an export repeats the same few thousand actors."""
    codes, uniques = pd.factorize(handles, use_na_sentinel=False)
    keys = handle_keys(pd.Series(uniques, dtype=handles.dtype))
    return keys.iloc[codes].set_axis(handles.index)


def handle_keys(handles: pd.Series) -> pd.Series:
    """`actor_handle_key` of each of `handles`, worked out for each (for distinct handles)."""
    text = pa.array(handles.astype(TEXT_DTYPE), pa.large_string(), from_pandas=True)
    return pd.Series(handle_keys_arrow(text), index=handles.index, dtype=TEXT_DTYPE)


def handle_keys_arrow(handles: pa.Array | pa.ChunkedArray) -> pa.Array:
    """`handle_keys` on Arrow text, by Arrow's kernels (the ones pandas' string methods call
    for Arrow text): trimmed, the name of a profile URL or the handle without @ and a trailing
    slash, lower case; "" for a missing one."""
    text = pc.utf8_trim_whitespace(handles)
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    from_url = pc.fill_null(pc.extract_regex(text, _HANDLE_URL.pattern).field("name"), "")
    bare = pc.utf8_rtrim(pc.utf8_ltrim(text, characters="@"), characters="/")
    chosen = pc.if_else(pc.not_equal(from_url, ""), from_url, bare)
    keys: pa.Array = pc.fill_null(pc.utf8_lower(chosen), "")
    return keys
