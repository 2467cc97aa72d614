"""From raw export chunks to the normalised records the engine evaluates, and rejected rows.

The records contract (what the engine receives): a DataFrame with a RangeIndex and columns
RECORD_COLUMNS. Text columns hold "" when empty (never NaN); `platform` and `action` are
canonical; `occurred_at` is datetime64[ns, UTC]; `source_row` is the data-record number.

Every raw row ends in exactly one of the two outputs, so rows read = evaluated + rejected.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field

import pandas as pd

from neutrality.io.columns import ACTIVITY_COLUMNS
from neutrality.io.roster import EMPLOYEE_FIELDS, Roster
from neutrality.io.tables import RAGGED_COLUMN, ROW_COLUMN, SURPLUS_COLUMN, RawChunk
from neutrality.io.values import (
    ACTION_ALIASES,
    PLATFORM_ALIASES,
    actor_handle_key,
    clean_nip,
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

INTERACTIONS = {"like", "follow", "mention", "repost"}
TEXT_OR_TARGET = {"comment", "reply", "share"}

#: Reason codes of rejected.csv, in the order they are checked (first that applies wins).
REASONS: dict[str, str] = {
    "row_ragged": "the row does not have the header's number of fields",
    "missing_value": "a required value is empty",
    "platform_unknown": "platform is not one SPEC lists",
    "action_unknown": "action is not one SPEC lists",
    "time_invalid": "occurred_at cannot be read as a time",
    "actor_missing": "neither nip nor actor_account is given",
    "nip_invalid": "nip breaks the NIP rules",
    "actor_ambiguous": "the handle belongs to more than one employee in the roster",
    "actor_not_in_roster": "the employee is not in the roster",
    "target_missing": "an interaction without the account or post acted upon",
    "group_missing": "join_group without a group name",
    "duplicate_record_id": "record_id was already seen in this run",
}


@dataclass
class NormaliseContext:
    """What normalising needs beyond one chunk: zone, roster, ids seen in earlier chunks."""

    tz: str = "Asia/Jakarta"
    roster: Roster | None = None
    seen_ids: set[int] = field(default_factory=set)


def canonical_frame(
    chunk: RawChunk, header: Sequence[str], columns: dict[str, int], file_name: str
) -> pd.DataFrame:
    """Raw cells under canonical names ("" for absent columns), plus row bookkeeping."""
    raw = chunk.frame
    frame = pd.DataFrame(index=raw.index)
    for name in ACTIVITY_COLUMNS:
        frame[name] = raw[f"__col{columns[name]}"] if name in columns else ""
    other = [c for c in raw.columns if c.startswith("__col") and int(c[5:]) not in columns.values()]
    names = [header[int(c[5:])] for c in other]
    frame["other_fields"] = _other_fields(raw, other, names, raw[SURPLUS_COLUMN])
    frame["source_file"] = file_name
    frame["source_row"] = raw[ROW_COLUMN].to_numpy()
    frame["__ragged"] = raw[RAGGED_COLUMN]
    return frame.fillna("")


def _other_fields(
    raw: pd.DataFrame, other: Sequence[str], keys: Sequence[str], surplus: pd.Series
) -> pd.Series:
    """Unmapped columns and surplus cells kept as JSON, so a rejected row loses nothing."""
    if not other and not surplus.astype(bool).any():
        return pd.Series("", index=raw.index, dtype=object)
    values = raw[list(other)].to_numpy().tolist() if other else [[] for _ in range(len(raw))]
    cells = []
    for row, extra in zip(values, surplus, strict=True):
        fields: dict[str, object] = {k: v for k, v in zip(keys, row, strict=True) if v}
        if extra:
            fields["_surplus"] = json.loads(extra)
        cells.append(json.dumps(fields, ensure_ascii=False) if fields else "")
    return pd.Series(cells, index=raw.index, dtype=object)


def normalise(frame: pd.DataFrame, ctx: NormaliseContext) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(records for the engine, rejected rows) from one canonical frame."""
    frame = frame.reset_index(drop=True)
    frame["record_id"] = frame["record_id"].str.strip()
    empty_id = frame["record_id"] == ""
    frame.loc[empty_id, "record_id"] = (
        frame.loc[empty_id, "source_file"] + ":" + frame.loc[empty_id, "source_row"].astype(str)
    )
    platform = lookup(frame["platform"], PLATFORM_ALIASES)
    action = lookup(frame["action"], ACTION_ALIASES)
    occurred, time_errors = parse_times(frame["occurred_at"], ctx.tz)
    nip = clean_nip(frame["nip"])
    reason, message, nip = _first_failure(frame, platform, action, time_errors, nip, ctx)
    bad = reason != ""
    rejected = frame[bad].assign(reason=reason[bad], message=message[bad])
    good = frame[~bad].assign(platform=platform[~bad], action=action[~bad], nip=nip[~bad])
    good["occurred_at"] = occurred[~bad]
    records = _join_roster(good, ctx)
    return records, rejected[list(REJECTED_COLUMNS)].reset_index(drop=True)


def _first_failure(
    frame: pd.DataFrame,
    platform: pd.Series,
    action: pd.Series,
    time_errors: pd.Series,
    nip: pd.Series,
    ctx: NormaliseContext,
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Reason code and message per row (the first failing check in REASONS order wins), and the
    NIP of each row, found through the roster when only the actor's handle was given."""
    nip_problem = nip_errors(nip)
    nip_in_roster, handle_nip, ambiguous = _roster_lookup(frame, platform, nip, ctx)
    has_actor = (nip != "") | (frame["actor_account"].str.strip() != "")
    target = (frame["target_account"].str.strip() != "") | (frame["target_name"].str.strip() != "")
    text = frame["content_text"].str.strip() != ""
    group = (frame["group_name"].str.strip() != "") | target
    checks: list[tuple[str, pd.Series, pd.Series | str]] = [
        ("row_ragged", frame["__ragged"] != "", frame["__ragged"]),
        *_missing_checks(frame),
        ("platform_unknown", platform == "", _unknown("platform", frame, PLATFORM_ALIASES)),
        ("action_unknown", action == "", _unknown("action", frame, ACTION_ALIASES)),
        ("time_invalid", time_errors != "", _quoted("occurred_at", frame) + time_errors),
        ("actor_missing", ~has_actor, "neither nip nor actor_account is given"),
        ("nip_invalid", nip_problem != "", 'nip "' + nip + '": ' + nip_problem),
        ("actor_ambiguous", ambiguous, "the actor_account is listed for more than one employee"),
        ("actor_not_in_roster", ~nip_in_roster & (handle_nip == ""),
         "no employee in the roster with this nip or " + platform + " handle"),
        ("target_missing", (action.isin(INTERACTIONS) & ~target)
         | (action.isin(TEXT_OR_TARGET) & ~target & ~text),
         "target_account and target_name are both empty for " + action),
        ("group_missing", (action == "join_group") & ~group, "group_name is empty for join_group"),
    ]  # fmt: skip
    reason = pd.Series("", index=frame.index, dtype=object)
    message = pd.Series("", index=frame.index, dtype=object)
    for code, mask, text_of in checks:
        hit = mask.fillna(False).astype(bool) & (reason == "")
        reason = reason.mask(hit, code)
        message = message.mask(hit, text_of if isinstance(text_of, str) else text_of[hit])
    reason, message = _duplicates(frame["record_id"], reason, message, ctx)
    return reason, message, nip.mask((nip == "") & (handle_nip != ""), handle_nip)


def _quoted(column: str, frame: pd.DataFrame) -> pd.Series:
    return column + ' "' + frame[column] + '": '


def _unknown(column: str, frame: pd.DataFrame, aliases: dict[str, str]) -> pd.Series:
    valid = ", ".join(sorted(set(aliases.values())))
    return _quoted(column, frame) + f"not known (valid: {valid})"


def _missing_checks(frame: pd.DataFrame) -> list[tuple[str, pd.Series, pd.Series | str]]:
    return [
        ("missing_value", frame[name].str.strip() == "", f'required column "{name}" is empty')
        for name in ("platform", "action", "occurred_at")
    ]


def _roster_lookup(
    frame: pd.DataFrame, platform: pd.Series, nip: pd.Series, ctx: NormaliseContext
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """(nip known?, nip found through the handle or "", handle ambiguous?)."""
    index = frame.index
    if ctx.roster is None:  # without a roster, an NIP stands for itself; a handle alone cannot
        return nip != "", pd.Series("", index=index, dtype=object), pd.Series(False, index=index)
    known = nip.isin(ctx.roster.employees.index)
    key = actor_handle_key(frame["actor_account"])
    lookup_frame = pd.DataFrame({"platform": platform, "key": key})
    joined = lookup_frame.merge(ctx.roster.handles, on=["platform", "key"], how="left")
    handle_nip = pd.Series(joined["nip"].fillna("").to_numpy(), index=index, dtype=object)
    handle_nip = handle_nip.where(nip == "", "")
    pairs = pd.Series(list(zip(platform, key, strict=True)), index=index)
    ambiguous = (
        (nip == "") & pairs.isin(ctx.roster.ambiguous)
        if ctx.roster.ambiguous
        else (pd.Series(False, index=index))
    )
    return known, handle_nip, ambiguous


def _duplicates(
    ids: pd.Series, reason: pd.Series, message: pd.Series, ctx: NormaliseContext
) -> tuple[pd.Series, pd.Series]:
    """Second and later uses of a record_id in the run are rejected, across chunks and files."""
    hashes = pd.util.hash_pandas_object(ids, index=False).to_numpy()
    seen_before = pd.Series([h in ctx.seen_ids for h in hashes.tolist()], index=ids.index)
    repeat = (seen_before | ids.duplicated(keep="first")) & (reason == "")
    ctx.seen_ids.update(hashes[(reason == "").to_numpy() & ~repeat.to_numpy()].tolist())
    reason = reason.mask(repeat, "duplicate_record_id")
    message = message.mask(repeat, 'record_id "' + ids + '" was already used by an earlier row')
    return reason, message


def _join_roster(good: pd.DataFrame, ctx: NormaliseContext) -> pd.DataFrame:
    records = good.copy()
    for name in ("unit", "position", "employment"):
        records[name] = ""
    if ctx.roster is not None and len(records):
        staff = ctx.roster.employees.reindex(records["nip"])
        for name in EMPLOYEE_FIELDS:
            values = staff[name].fillna("").to_numpy()
            target = "employee_name" if name == "name" else name
            records[target] = pd.Series(values, index=records.index).where(
                lambda v: v != "", records.get(target, "")
            )
    return records[list(RECORD_COLUMNS)].reset_index(drop=True)


def records_from_dicts(
    rows: Sequence[dict[str, str]], source_file: str = "examples", tz: str = "Asia/Jakarta"
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
    return normalise(frame.fillna(""), NormaliseContext(tz=tz))
