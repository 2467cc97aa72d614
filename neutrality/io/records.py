"""From raw export chunks to the normalised records the engine evaluates, and rejected rows.

The records contract (what the engine receives): a DataFrame with a RangeIndex and columns
RECORD_COLUMNS. Text columns hold "" when empty (never NaN); `platform` and `action` are
canonical; `occurred_at` is datetime64[ns, UTC]; `source_row` is the data-record number.

Every raw row ends in exactly one of the two outputs, so rows read = evaluated + rejected.
"""

from __future__ import annotations

import functools
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from neutrality.i18n import tr
from neutrality.io.columns import ACTIVITY_COLUMNS
from neutrality.io.messages import NIP_ERRORS, REJECTIONS, TIME_ERRORS, detail_text, render
from neutrality.io.roster import Roster
from neutrality.io.tables import (
    RAGGED_COLUMN,
    ROW_COLUMN,
    SURPLUS_COLUMN,
    TEXT_DTYPE,
    RawChunk,
    text_offsets,
)
from neutrality.io.values import (
    ACTION_ALIASES,
    PLATFORM_ALIASES,
    Distinct,
    blank,
    clean_nip,
    distinct,
    handle_keys_arrow,
    lookup,
    nip_errors,
    parse_times,
)

RECORD_COLUMNS: tuple[str, ...] = (
    "record_id", "source_file", "source_row", "nip", "employee_name", "agency", "unit",
    "position", "employment", "actor_account", "platform", "action", "occurred_at",
    "target_account", "target_name", "group_name", "content_text", "photo_labels", "url",
)  # fmt: skip

REJECTED_COLUMNS: tuple[str, ...] = (
    "source_file", "source_row", "record_id", "reason", "message",
    *(c for c in ACTIVITY_COLUMNS if c != "record_id"),
    "other_fields",
)  # fmt: skip

DUPLICATE_COLUMN = "__duplicate"
_PARSED = {"platform", "action", "nip", "occurred_at"}  # record columns normalise makes anew
#: canonical frames carry each unmapped column as "__other<n>\x1f<header>" (see canonical_frame)
OTHER_PREFIX = "__other"
INTERACTIONS = {"like", "follow", "mention", "repost"}
TEXT_OR_TARGET = {"comment", "reply", "share"}


@dataclass
class NormaliseContext:
    """What normalising needs beyond one chunk: the default zone, the language, the roster."""

    tz: str = "Asia/Jakarta"
    lang: str = "id"
    roster: Roster | None = None


def canonical_frame(
    chunk: RawChunk, header: Sequence[str], columns: dict[str, int], file_name: str
) -> pd.DataFrame:
    """Raw cells under canonical names ("" for absent columns), plus row bookkeeping."""
    raw = chunk.frame

    def blank_column() -> pd.Series:  # each its own: the frame does not copy its columns
        return pd.Series("", index=raw.index, dtype=TEXT_DTYPE)

    data: dict[str, pd.Series] = {
        name: raw[f"__col{columns[name]}"] if name in columns else blank_column()
        for name in ACTIVITY_COLUMNS
    }
    # Unmapped columns and surplus cells ride along as they are; they become the JSON of
    # `other_fields` only for rows that are rejected (the one output that shows them), so an
    # export with many extra columns costs no per-row work for the rows that are evaluated.
    other = [c for c in raw.columns if c.startswith("__col") and int(c[5:]) not in columns.values()]
    for position, column in enumerate(other):
        data[f"{OTHER_PREFIX}{position}\x1f{header[int(column[5:])]}"] = raw[column]
    data[SURPLUS_COLUMN] = raw[SURPLUS_COLUMN]
    data["other_fields"] = blank_column()
    data["source_file"] = pd.Series(file_name, index=raw.index, dtype=TEXT_DTYPE)
    data["source_row"] = raw[ROW_COLUMN]
    data["__ragged"] = raw[RAGGED_COLUMN]
    # one frame of the columns as they are, not copied (the raw chunk is dropped after this),
    # rather than a column added at a time; a missing cell (an empty XLSX cell) becomes "",
    # looked for only in the columns that have one
    filled = {name: c.fillna("") if c.hasnans else c for name, c in data.items()}
    return default_record_ids(pd.DataFrame(filled, copy=False))


def default_record_ids(frame: pd.DataFrame) -> pd.DataFrame:
    """An empty record_id becomes `<file name>:<data row number>` (SPEC 2.1)."""
    ids = frame["record_id"].str.strip()
    empty = (ids == "").to_numpy(dtype=bool)
    if empty.any():  # the default is made only for the rows that need it
        rows = frame.loc[empty]
        ids = ids.mask(empty, rows["source_file"] + ":" + rows["source_row"].astype(str))
    frame["record_id"] = ids
    return frame


def _other_fields(rows: pd.DataFrame) -> pd.Series:
    """Unmapped columns and surplus cells of `rows` as JSON, so a rejected row loses nothing."""
    other = [c for c in rows.columns if c.startswith(OTHER_PREFIX)]
    keys = [c.split("\x1f", 1)[1] for c in other]
    surplus = rows[SURPLUS_COLUMN] if SURPLUS_COLUMN in rows else pd.Series("", index=rows.index)
    if not other and not surplus.astype(bool).any():
        return pd.Series("", index=rows.index, dtype=object)
    values = rows[other].to_numpy().tolist() if other else [[] for _ in range(len(rows))]
    cells = []
    for row, extra in zip(values, surplus, strict=True):
        fields: dict[str, object] = {k: v for k, v in zip(keys, row, strict=True) if v}
        if extra:
            fields["_surplus"] = json.loads(extra)
        cells.append(json.dumps(fields, ensure_ascii=False) if fields else "")
    return pd.Series(cells, index=rows.index, dtype=object)


def normalise(frame: pd.DataFrame, ctx: NormaliseContext) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(records for the engine, rejected rows) from one canonical frame.

    Depends on nothing outside the frame and `ctx`, so chunks can be normalised anywhere (a
    Dask worker included); the one cross-chunk fact, duplicate record ids, is marked before.
    """
    table, rejected = normalise_table(frame, ctx)
    return records_frame(table), rejected


def normalise_table(frame: pd.DataFrame, ctx: NormaliseContext) -> tuple[pa.Table, pd.DataFrame]:
    """`normalise` with the records as an Arrow table (RECORD_COLUMNS, with the pandas
    metadata that makes `records_frame` of it the records frame): what is sent to a helper
    process is then written as it is, with no pandas frame of the records made here."""
    frame = frame.reset_index(drop=True)
    if DUPLICATE_COLUMN not in frame:
        mark_duplicates(frame, SeenIds())
    platform = lookup(frame["platform"], PLATFORM_ALIASES)
    action = lookup(frame["action"], ACTION_ALIASES)
    occurred, time_errors = parse_times(frame["occurred_at"], ctx.tz)
    nip = clean_nip(frame["nip"])
    bad, reason, message, nip, staff_row = _first_failure(
        frame, platform, action, time_errors, nip, ctx
    )
    rejected = frame[bad].assign(reason=reason, message=message)
    rejected["other_fields"] = _other_fields(rejected)
    good = ~bad
    kept = pa.array(good)
    # one Arrow filter of the columns records keep (text stays in Arrow's buffers: no pandas
    # take, and no conversion back when the records go to a helper)
    taken = [name for name in RECORD_COLUMNS if name in frame and name not in _PARSED]
    columns = dict(
        zip(
            taken,
            pa.table([_arrow(frame[n]) for n in taken], names=taken).filter(kept).columns,
            strict=True,
        )
    )
    columns["platform"] = pa.array(platform).filter(kept)
    columns["action"] = pa.array(action).filter(kept)
    columns["nip"] = _arrow(nip).filter(kept)
    columns["occurred_at"] = pa.array(occurred).filter(kept)
    _join_roster(columns, ctx, staff_row[good], int(good.sum()))
    table = pa.table([columns[name] for name in RECORD_COLUMNS], names=list(RECORD_COLUMNS))
    return table.replace_schema_metadata(_records_metadata()), rejected[
        list(REJECTED_COLUMNS)
    ].reset_index(drop=True)


def records_frame(table: pa.Table) -> pd.DataFrame:
    """The records frame of a `normalise_table` table (or one read back from a file)."""
    records: pd.DataFrame = table.to_pandas()
    return records


def _arrow(values: pd.Series) -> pa.Array | pa.ChunkedArray:
    """A record column's own Arrow data, of the type the records frame has: `source_row` as
    64-bit integers, every other column as large_string text (a column a caller made of Python
    objects, or of floats where pandas read nothing, is made text first, as the checks do)."""
    if values.name == "source_row":
        return pa.array(values.to_numpy(dtype=np.int64))
    return pa.array(values.astype(TEXT_DTYPE), pa.large_string(), from_pandas=True)


@functools.cache
def _records_metadata() -> dict[bytes, bytes]:
    """The pandas metadata of a records frame (RECORD_COLUMNS with their dtypes): what tells
    `to_pandas` to give back text as TEXT_DTYPE, codes as categoricals and times in UTC."""
    empty = pd.DataFrame({name: pd.Series([], dtype=TEXT_DTYPE) for name in RECORD_COLUMNS})
    empty["source_row"] = empty["source_row"].astype(np.int64)
    for name in ("platform", "action"):
        empty[name] = pd.Series(pd.Categorical([], categories=pd.Index([""])))
    empty["occurred_at"] = pd.Series([], dtype="datetime64[ns, UTC]")
    metadata: dict[bytes, bytes] = pa.Schema.from_pandas(empty, preserve_index=False).metadata
    return metadata


def _first_failure(
    frame: pd.DataFrame,
    platform: pd.Series,
    action: pd.Series,
    time_errors: pd.Series,
    nip: pd.Series,
    ctx: NormaliseContext,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, pd.Series, np.ndarray]:
    """Which rows are rejected, the reason code and message of each of them in row order (the
    first failing check wins; texts in messages.REJECTIONS), each row's NIP, found through the
    roster when only the actor's handle was given, and that NIP's row in the roster (-1: none).
    Codes and messages are made for the rejected rows alone: most rows pass every check."""
    nips = distinct(nip)  # factorised once for the roster lookup and the NIP checks
    staff_row, actor_nip, ambiguous = _roster_lookup(frame, platform, nip, ctx, nips)
    roster_checks = {
        "actor_ambiguous": ambiguous,
        "actor_not_in_roster": pd.Series(staff_row < 0, index=frame.index),
    }
    decided = np.zeros(len(frame), dtype=bool)  # rows an earlier check already rejected
    found: list[tuple[np.ndarray, str, np.ndarray]] = []  # (rows, code, messages) per check
    for code, mask, parts in _checks(frame, platform, action, time_errors, nip, nips, ctx.lang):
        mask = roster_checks.get(code, mask)
        hits = mask.fillna(False).to_numpy(dtype=bool) & ~decided
        if not hits.any():
            continue
        decided |= hits
        rows = {k: _part(v, hits) for k, v in parts.items()}
        text = render(REJECTIONS[code][ctx.lang], frame.index[hits], **rows)
        found.append((np.flatnonzero(hits), code, text.to_numpy(dtype=object)))
    # a row reusing a record_id is rejected for it, unless it already failed another check
    repeat = frame[DUPLICATE_COLUMN].to_numpy(dtype=bool) & ~decided
    if repeat.any():
        decided |= repeat
        ids = frame["record_id"][repeat]
        text = render(REJECTIONS["duplicate_record_id"][ctx.lang], ids.index, value=ids)
        found.append((np.flatnonzero(repeat), "duplicate_record_id", text.to_numpy(dtype=object)))
    rejected = np.flatnonzero(decided)
    reason = np.empty(len(rejected), dtype=object)
    message = np.empty(len(rejected), dtype=object)
    for positions, code, texts in found:  # each rejected row is in exactly one of them
        at = np.searchsorted(rejected, positions)
        reason[at] = code
        message[at] = texts
    return decided, reason, message, actor_nip, staff_row


#: a message's values: one text, a value per row, or a function of the rows a check rejects
#: (for values worth making only for them, such as the text of an error code)
Part = pd.Series | str | Callable[[np.ndarray], pd.Series]
Parts = dict[str, Part]


def _part(value: Part, hits: np.ndarray) -> pd.Series | str:
    if isinstance(value, pd.Series):
        return value[hits]
    return value if isinstance(value, str) else value(hits)


def _checks(
    frame: pd.DataFrame,
    platform: pd.Series,
    action: pd.Series,
    time_errors: pd.Series,
    nip: pd.Series,
    nips: Distinct,
    lang: str,
) -> list[tuple[str, pd.Series, Parts]]:
    """(reason code, rows it applies to, values for its message), in the order they are
    checked. The two roster checks get their rows from the roster lookup."""
    ragged = frame["__ragged"]
    counts = pd.DataFrame("", index=frame.index, columns=["fields", "width"], dtype=object)
    uneven = ragged != ""  # "fields/width" of a ragged record; most records are not ragged
    if uneven.any():
        found = ragged[uneven].str.extract(r"^(?P<fields>\d+)/(?P<width>\d+)$").fillna("")
        counts.loc[uneven, ["fields", "width"]] = found.to_numpy()
    has_actor = (nip != "") | ~blank(frame["actor_account"])
    target = ~blank(frame["target_account"]) | ~blank(frame["target_name"])
    text = ~blank(frame["content_text"])
    group = ~blank(frame["group_name"]) | target
    nip_codes = nip_errors(nip, nips)
    unused = pd.Series(False, index=frame.index)
    missing: list[tuple[str, pd.Series, Parts]] = [
        ("missing_value", blank(frame[name]), {"column": name})
        for name in ("platform", "action", "occurred_at")
    ]
    return [
        ("row_unreadable", ragged.str.startswith("!"), {"detail": lambda hit: ragged[hit].str[1:]}),
        ("row_ragged", (ragged != "") & ~ragged.str.startswith("!"),
         {"fields": counts["fields"], "width": counts["width"]}),
        *missing,
        ("platform_unknown", platform == "", {"value": frame["platform"], "valid": _valid(PLATFORM_ALIASES)}),
        ("action_unknown", action == "", {"value": frame["action"], "valid": _valid(ACTION_ALIASES)}),
        ("time_invalid", time_errors != "",
         {"value": frame["occurred_at"],
          "detail": lambda hit: detail_text(time_errors[hit], TIME_ERRORS, lang)}),
        ("actor_missing", ~has_actor, {}),
        ("nip_invalid", nip_codes != "",
         {"value": nip, "detail": lambda hit: detail_text(nip_codes[hit], NIP_ERRORS, lang)}),
        ("actor_ambiguous", unused, {"value": frame["actor_account"]}),
        ("actor_not_in_roster", unused, {"platform": platform}),
        ("target_missing", (action.isin(INTERACTIONS) & ~target)
         | (action.isin(TEXT_OR_TARGET) & ~target & ~text), {"action": action}),
        ("group_missing", (action == "join_group") & ~group, {}),
    ]  # fmt: skip


def _valid(aliases: dict[str, str]) -> str:
    return ", ".join(sorted(set(aliases.values())))


def _roster_lookup(
    frame: pd.DataFrame,
    platform: pd.Series,
    nip: pd.Series,
    ctx: NormaliseContext,
    nips: Distinct,
) -> tuple[np.ndarray, pd.Series, pd.Series]:
    """(the row's employee in the roster, -1 when none; the row's NIP: its own, or the one its
    actor's handle has in the roster; handle ambiguous?). Without a roster an NIP stands for
    itself (0 then only marks "has an NIP": there is no roster row to read) and a handle alone
    finds no one."""
    index = frame.index
    ambiguous = pd.Series(False, index=index)
    if ctx.roster is None:
        return np.where((nip != "").to_numpy(dtype=bool), 0, -1), nip, ambiguous
    staff_row = _roster_rows(nip, ctx.roster, nips)
    alone = (nip == "").to_numpy(dtype=bool)  # only rows without an NIP are found by handle
    if not alone.any():
        return staff_row, nip, ambiguous
    # once per distinct (platform, handle as written): exports repeat a few thousand actors.
    # The handles are told apart by Arrow's hash of their text, the pairs by one number each
    rows = np.flatnonzero(alone)
    actors = _arrow(frame["actor_account"]).take(pa.array(rows))
    if isinstance(actors, pa.ChunkedArray):
        actors = actors.combine_chunks()
    written = pc.dictionary_encode(actors.fill_null(""))  # a missing handle keys as ""
    handles = len(written.dictionary)
    pair = (
        platform.cat.codes.to_numpy()[rows].astype(np.int64) * handles + written.indices.to_numpy()
    )
    codes, firsts = pd.factorize(pair)  # each row's pair, and each pair as its number
    names = pa.array(np.asarray(platform.cat.categories, dtype=object), pa.large_string())
    key = handle_keys_arrow(written.dictionary)
    # "<platform>\x1f<handle key>" per pair, made and looked up (Arrow's hash) in Arrow
    pairs = pc.binary_join_element_wise(
        names.take(pa.array(firsts // handles)),
        key.take(pa.array(firsts % handles)),
        pa.scalar("\x1f", pa.large_string()),
    )
    keys, key_rows, roster_nips = ctx.roster.rows_by_handle
    found_at = pc.index_in(pairs, value_set=keys)
    at = found_at.fill_null(-1).to_numpy(zero_copy_only=False)
    pair_rows = np.where(at >= 0, key_rows[at], -1)  # each pair's employee, -1 for none
    known = (pair_rows >= 0)[codes]
    if known.any():
        rows = np.flatnonzero(alone)[known]
        found = codes[known]  # each row's (platform, handle) pair
        staff_row[rows] = pair_rows[found]
        at_roster = np.full(len(nip), -1, dtype=np.int64)  # -1: the row keeps its own NIP
        at_roster[rows] = pair_rows[found]
        own = pa.array(nip, pa.large_string(), from_pandas=True)
        found_nips = roster_nips.take(
            pa.array(np.where(at_roster < 0, len(roster_nips) - 1, at_roster))
        )
        filled = pc.if_else(pa.array(at_roster >= 0), found_nips, own)
        nip = pd.Series(filled, index=nip.index, dtype=nip.dtype)
    if ctx.roster.ambiguous:  # a handle two NIPs claim
        claimed = pa.array(
            sorted(f"{p}\x1f{k}" for p, k in ctx.roster.ambiguous), pa.large_string()
        )
        is_claimed = pc.is_in(pairs, value_set=claimed).to_numpy(zero_copy_only=False)
        ambiguous[alone] = is_claimed[codes]
    return staff_row, nip, ambiguous


def _roster_rows(nip: pd.Series, roster: Roster, nips: Distinct | None = None) -> np.ndarray:
    """Each NIP's row in the roster (-1 when not there), looked up once per distinct NIP
    (`nips`: `distinct(nip)`, when the caller has it)."""
    codes, uniques = nips if nips is not None else distinct(nip)
    rows: np.ndarray = roster.employees.index.get_indexer(pd.Index(uniques, dtype=object))
    return rows[codes]


class SeenIds:
    """The record ids a run has met, as 64-bit hashes: a few sorted runs in memory, and past
    MEMORY_IDS ids, sorted bucket files on disk, so memory does not grow with the input.

    8 bytes an id (a Python set of ints takes about 75), looked up with `searchsorted` per
    chunk instead of a Python `in` per row. Each chunk adds a sorted run of the ids not seen
    before; runs are merged like the digits of a binary counter (the newest two whenever the
    older is at most twice the newer). When the runs hold more than MEMORY_IDS ids and a folder
    was given, they are spilled into one file of raw 64-bit hashes in BUCKETS sorted parts by
    the hash's top bits (disjoint from the runs; where each part starts is kept in memory), and
    a chunk is then looked up one part at a time, read into one reused buffer: memory holds at
    most MEMORY_IDS ids plus one part, whatever the number of rows.
    """

    MEMORY_IDS = 1_000_000  # 8 MB of hashes; a run of up to 1M records never touches the disk
    BUCKET_BITS = 8
    BUCKETS = 1 << BUCKET_BITS

    def __init__(self, spill_to: Path | None = None) -> None:
        self.runs: list[np.ndarray] = []
        self.spill_to = spill_to
        self.on_disk = 0
        self._starts = np.zeros(self.BUCKETS + 1, dtype=np.int64)  # parts' bounds in the file
        self._buffer = np.zeros(0, dtype=np.uint64)  # one part at a time

    def __len__(self) -> int:
        return sum(len(run) for run in self.runs) + self.on_disk

    def seen(self, hashes: np.ndarray) -> np.ndarray:
        """Which hashes an earlier chunk already had."""
        order = np.argsort(hashes)  # equal hashes get the same answer: any order of them
        found = np.empty(len(hashes), dtype=bool)
        found[order] = self._known(hashes[order])
        return found

    def _known(self, needles: np.ndarray) -> np.ndarray:
        """Which of the sorted `needles` the runs or the file hold (sorted needles keep
        searchsorted in cache: several times faster)."""
        known = np.zeros(len(needles), dtype=bool)
        for run in self.runs:
            known |= _in_sorted(run, needles)
        if self.on_disk:
            known |= self._seen_on_disk(needles)
        return known

    def add(self, hashes: np.ndarray, earlier: np.ndarray | None = None) -> None:
        """Remember `hashes`; `earlier` is `seen(hashes)` when the caller has it already."""
        new = hashes[~(self.seen(hashes) if earlier is None else earlier)]
        if not len(new):
            return
        ordered = np.sort(new)
        keep = np.ones(len(ordered), dtype=bool)
        keep[1:] = ordered[1:] != ordered[:-1]
        self._remember(ordered[keep])

    def reused(self, hashes: np.ndarray) -> np.ndarray:
        """Which hashes an earlier chunk or an earlier row of this chunk had; the others are
        remembered. One sort of the chunk's hashes serves the lookup, the repeats within the
        chunk and the new sorted run (`seen`, a duplicate check and `add` sort three times)."""
        order = np.argsort(hashes)  # not stable (several times faster): see the repeats
        needles = hashes[order]
        known = self._known(needles)
        same = np.zeros(len(needles), dtype=bool)  # the hash of the needle before
        same[1:] = needles[1:] == needles[:-1]
        reused = known.copy()
        if same.any():  # ids repeated within the chunk: each row but the earliest is a repeat
            starts = np.flatnonzero(~same)
            earliest = np.minimum.reduceat(order, starts)  # each hash's first row
            reused |= order != earliest[np.cumsum(~same) - 1]
        found = np.empty(len(hashes), dtype=bool)
        found[order] = reused
        new = needles[~known & ~same]  # sorted, each once
        if len(new):
            self._remember(new)
        return found

    def _remember(self, ordered: np.ndarray) -> None:
        """Add a run of sorted, distinct hashes none of the runs holds."""
        self.runs.append(ordered)
        while len(self.runs) > 1 and len(self.runs[-2]) <= 2 * len(self.runs[-1]):
            newer = self.runs.pop()
            merged = np.concatenate((self.runs.pop(), newer))
            del newer  # the two runs are freed before the sort's buffer is taken
            merged.sort(kind="stable")  # timsort merges two sorted runs in linear time
            self.runs.append(merged)
        if self.spill_to is not None and len(self) - self.on_disk > self.MEMORY_IDS:
            self._spill()

    # ------------------------------------------------------------------------ on disk

    @property
    def path(self) -> Path:
        """The file of the ids spilled so far."""
        assert self.spill_to is not None
        return self.spill_to / "ids.u64"

    def part(self, number: int) -> np.ndarray:
        """The sorted hashes of part (bucket) `number` of the file, in the reused buffer."""
        with self.path.open("rb") as handle:
            return self._read(handle, number)

    def _read(self, handle: io.BufferedReader, number: int) -> np.ndarray:
        start, end = int(self._starts[number]), int(self._starts[number + 1])
        if len(self._buffer) < end - start:
            self._buffer = np.zeros(end - start, dtype=np.uint64)
        part = self._buffer[: end - start]
        handle.seek(start * 8)
        if handle.readinto(part.view(np.uint8)) != part.nbytes:  # type: ignore[arg-type]
            raise OSError(tr("{path}: the run's file of record ids is shorter than written",
                             path=self.path))  # fmt: skip
        return part

    def _bounds(self, ordered: np.ndarray) -> np.ndarray:
        """Where each bucket's hashes start and end in sorted `ordered` (top bits = bucket)."""
        starts = np.arange(self.BUCKETS, dtype=np.uint64) << np.uint64(64 - self.BUCKET_BITS)
        return np.append(np.searchsorted(ordered, starts), len(ordered))

    def _seen_on_disk(self, needles: np.ndarray) -> np.ndarray:
        found = np.zeros(len(needles), dtype=bool)
        bounds = self._bounds(needles)
        sizes = np.diff(self._starts)
        with self.path.open("rb") as handle:
            for number in np.flatnonzero((np.diff(bounds) > 0) & (sizes > 0)).tolist():
                start, end = bounds[number], bounds[number + 1]
                found[start:end] = _in_sorted(self._read(handle, number), needles[start:end])
        return found

    def _spill(self) -> None:
        """Merge the runs into the file, part by part (each stays sorted and disjoint)."""
        assert self.spill_to is not None
        ordered = np.concatenate(self.runs)
        self.runs = []
        ordered.sort()
        bounds = self._bounds(ordered)
        starts = np.zeros(self.BUCKETS + 1, dtype=np.int64)
        merged = self.path.with_suffix(".new")
        with merged.open("wb") as out:
            old = self.path.open("rb") if self.on_disk else None
            try:
                for number in range(self.BUCKETS):
                    part = ordered[bounds[number] : bounds[number + 1]]
                    if old is not None and self._starts[number + 1] > self._starts[number]:
                        part = np.concatenate((self._read(old, number), part))
                        part.sort(kind="stable")  # two sorted runs: merged in linear time
                    part.tofile(out)
                    starts[number + 1] = starts[number] + len(part)
            finally:
                if old is not None:
                    old.close()
        merged.replace(self.path)
        self._starts = starts
        self.on_disk = int(starts[-1])


def _in_sorted(run: np.ndarray, needles: np.ndarray) -> np.ndarray:
    """Which of `needles` are in the sorted array `run`."""
    if not len(run):
        return np.zeros(len(needles), dtype=bool)
    at = np.minimum(np.searchsorted(run, needles), len(run) - 1)
    found: np.ndarray = run[at] == needles
    return found


def mark_duplicates(frame: pd.DataFrame, seen: SeenIds) -> None:
    """Mark rows whose record_id an earlier row of the run used; `seen` carries the run's ids.

    Hashes (64-bit) stand for ids so memory grows by 8 bytes an id, not by the id's text.
    """
    frame[DUPLICATE_COLUMN] = seen.reused(id_hashes(frame["record_id"]))


#: ids of up to this many UTF-8 bytes are hashed from their bytes (two 64-bit words)
SHORT_ID_BYTES = 16
_WORD_SEEDS = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xD6E8FEB86659FD93))


def id_hashes(ids: pd.Series) -> np.ndarray:
    """A 64-bit hash per record id (a missing one hashes as "").

    An id of up to SHORT_ID_BYTES UTF-8 bytes (most are: "EXP-0000001", a platform's numeric
    id, "export.csv:12") is read from its Arrow text's bytes as two little-endian 64-bit words,
    zero past its end; each word, the second with the length, goes through MurmurHash3's 64-bit
    finaliser (a bijection) and the two are mixed by it once more. No Python string is made,
    where pandas' hash made one per id (about 0.1 s of the read-ahead thread at 1M rows, holding
    the interpreter; this takes a third of that). A longer id is hashed by pandas (SipHash).
    Each id always takes the same path, so equal ids hash alike in every chunk; two distinct
    ids share a hash with a chance of about 2^-64, as with pandas' hashes alone.
    """
    text = pa.array(ids.astype(TEXT_DTYPE), pa.large_string(), from_pandas=True)
    if isinstance(text, pa.ChunkedArray):
        text = text.combine_chunks()
    text = text.fill_null("")
    out = np.empty(len(text), dtype=np.uint64)
    if not len(text):
        return out
    offsets = text_offsets(text)
    data = text.buffers()[2]
    raw = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, np.uint8)
    start, length = offsets[:-1], np.diff(offsets)
    short = np.flatnonzero(length <= SHORT_ID_BYTES)
    if len(short):
        # every short id's bytes and what follows, through a window over the padded bytes
        padded = np.concatenate((raw[offsets[0] : offsets[-1]], np.zeros(SHORT_ID_BYTES, np.uint8)))
        windows = np.lib.stride_tricks.sliding_window_view(padded, SHORT_ID_BYTES)
        inside = np.arange(SHORT_ID_BYTES) < length[short, None]
        words = np.ascontiguousarray(windows[start[short] - offsets[0]] * inside).view("<u8")
        with np.errstate(over="ignore"):  # the arithmetic is modulo 2**64 by design
            first = _fmix64(words[:, 0] ^ _WORD_SEEDS[0])
            second = _fmix64(words[:, 1] + length[short].astype(np.uint64) * _WORD_SEEDS[1])
            rotated = (second << np.uint64(31)) | (second >> np.uint64(33))
            out[short] = _fmix64(first ^ rotated ^ second)
    if len(short) < len(text):
        long = np.flatnonzero(length > SHORT_ID_BYTES)
        values = pd.Series(text.take(pa.array(long)).to_pylist(), dtype=object)
        hashed = pd.util.hash_pandas_object(values, index=False, categorize=False)
        out[long] = hashed.to_numpy(np.uint64)
    return out


def _fmix64(value: np.ndarray) -> np.ndarray:
    """MurmurHash3's 64-bit finaliser: every bit of the input moves every bit of the output."""
    value = value ^ (value >> np.uint64(33))
    value = value * np.uint64(0xFF51AFD7ED558CCD)
    value = value ^ (value >> np.uint64(33))
    value = value * np.uint64(0xC4CEB9FE1A85EC53)
    mixed: np.ndarray = value ^ (value >> np.uint64(33))
    return mixed


def _join_roster(
    columns: dict[str, pa.Array | pa.ChunkedArray], ctx: NormaliseContext, at: np.ndarray, rows: int
) -> None:
    """The roster's fields for each record's NIP (`at`: its row in the roster, -1 for none),
    into `columns` (the records' `rows` rows); a field the roster leaves empty keeps the
    export's value. An Arrow gather per field."""
    if ctx.roster is not None and rows:
        where = pa.array(np.where(at < 0, len(ctx.roster.employees), at))  # -1: the empty entry
        for name, (values, filled) in ctx.roster.field_values.items():
            target = "employee_name" if name == "name" else name
            found = values.take(where)
            if target in columns:  # the export's own value where the roster has none
                found = pc.if_else(filled[at], found, columns[target])
            columns[target] = found
    for name in ("unit", "position", "employment"):
        if name not in columns:
            columns[name] = pa.repeat(pa.scalar("", pa.large_string()), rows)


def records_from_dicts(
    rows: Sequence[dict[str, str]],
    source_file: str = "examples",
    tz: str = "Asia/Jakarta",
    lang: str = "en",
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Normalise hand-written records (rule examples, tests) exactly as the pipeline does.

    No roster: a record without `nip` gets a placeholder employee, so examples need not name one.
    """
    frame = pd.DataFrame(
        [{name: str(row.get(name, "")) for name in ACTIVITY_COLUMNS} for row in rows]
    )
    if frame.empty:
        frame = pd.DataFrame(columns=list(ACTIVITY_COLUMNS))
    frame["nip"] = frame["nip"].mask(frame["nip"] == "", "199001012015011001")
    frame["other_fields"] = ""
    frame["source_file"] = source_file
    frame["source_row"] = range(1, len(frame) + 1)
    frame["__ragged"] = ""
    return normalise(default_record_ids(frame.fillna("")), NormaliseContext(tz=tz, lang=lang))
