"""Normalising rows: each bad row is rejected with its reason; the roster join; accounting."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from neutrality.io.columns import ACTIVITY_COLUMNS, resolve_columns
from neutrality.io.records import (
    RECORD_COLUMNS,
    SHORT_ID_BYTES,
    NormaliseContext,
    SeenIds,
    canonical_frame,
    id_hashes,
    mark_duplicates,
    normalise,
)
from neutrality.io.roster import load_roster
from neutrality.io.tables import TEXT_DTYPE, open_table

ROSTER = """nip,name,agency,unit,position,employment,instagram,x
198609262015051001,Budi Santoso,Dinas Pendidikan,Sekretariat,Guru,PNS,budi.s;budi_lama,@budi
199001012015011002,Siti Rahma,Dinas Kesehatan,UPTD,Perawat,PPPK,,siti
199001012015011003,Ani Lestari,Dinas Kesehatan,UPTD,Perawat,CPNS,,siti
19901301201501100X,Salah,Dinas,,,PNS,,
"""

GOOD = {"nip": "198609262015051001", "platform": "x", "action": "like",
        "occurred_at": "2023-11-20 10:00 WIB", "target_account": "@prabowo"}  # fmt: skip

CASES = [
    (
        {"platform": ""},
        "missing_value",
        'required column "platform" is empty',
        'kolom wajib "platform" kosong',
    ),
    (
        {"platform": "myspace"},
        "platform_unknown",
        'platform "myspace" is not known (valid: facebook,',
        'platform "myspace" tidak dikenal (yang sah: facebook,',
    ),
    (
        {"action": "nge-like"},
        "action_unknown",
        'action "nge-like" is not known',
        'action "nge-like" tidak dikenal',
    ),
    (
        {"occurred_at": "kemarin"},
        "time_invalid",
        'occurred_at "kemarin": unrecognised time format',
        'occurred_at "kemarin": format waktu tidak dikenal',
    ),
    (
        {"nip": "", "actor_account": ""},
        "actor_missing",
        "neither nip nor actor_account",
        "nip maupun actor_account tidak diisi",
    ),
    (
        {"nip": "12345"},
        "nip_invalid",
        'nip "12345": must be 18 digits',
        'nip "12345": harus 18 angka',
    ),
    (
        {"nip": "197001012000011001"},
        "actor_not_in_roster",
        "no employee in the roster with this nip or x handle",
        "tidak ada pegawai di daftar pegawai",
    ),
    (
        {"nip": "", "actor_account": "siti"},
        "actor_ambiguous",
        'account "siti" is listed for more than one employee',
        "lebih dari satu pegawai",
    ),
    ({"target_account": ""}, "target_missing", "both empty for like", "kosong untuk aksi like"),
    (
        {"action": "join_group", "target_account": ""},
        "group_missing",
        "group_name is empty",
        "group_name kosong",
    ),
]


@pytest.fixture
def roster_path(tmp_path: Path) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text(ROSTER, encoding="utf-8")
    return path


def run(
    rows: list[dict[str, str]], roster_path: Path, tmp_path: Path, lang: str = "en"
) -> tuple[pd.DataFrame, pd.DataFrame]:
    path = tmp_path / "activity.csv"
    pd.DataFrame([{c: r.get(c, "") for c in ACTIVITY_COLUMNS} for r in rows]).to_csv(
        path, index=False
    )
    table = open_table(path)
    columns = resolve_columns(table.header, str(path), ACTIVITY_COLUMNS)
    ctx = NormaliseContext(lang=lang, roster=load_roster(roster_path))
    outputs = [
        normalise(canonical_frame(c, table.header, columns, path.name), ctx) for c in table.chunks()
    ]
    return outputs[0]


@pytest.mark.parametrize(
    ("change", "reason", "english", "indonesian"), CASES, ids=[c[1] for c in CASES]
)
def test_rejections(
    change: dict[str, str],
    reason: str,
    english: str,
    indonesian: str,
    roster_path: Path,
    tmp_path: Path,
) -> None:
    for lang, message in (("en", english), ("id", indonesian)):
        bad = {**GOOD, "record_id": "bad", **change}
        records, rejected = run([GOOD, bad], roster_path, tmp_path, lang)
        assert len(records) == 1
        assert rejected.loc[0, ["source_row", "record_id", "reason"]].tolist() == [2, "bad", reason]
        assert message in rejected.loc[0, "message"]


def test_duplicate_record_ids_across_chunks() -> None:
    seen = SeenIds()
    first = records_frame(
        [{**GOOD, "record_id": "r1"}, {**GOOD, "record_id": "r9", "action": "nge-like"}], start=1
    )
    second = records_frame(
        [
            {**GOOD, "record_id": "r1"},
            *[{**GOOD, "record_id": "r2"}] * 2,
            {**GOOD, "record_id": "r9"},
        ],
        start=3,
    )
    ctx = NormaliseContext(lang="en")
    for frame in (first, second):
        mark_duplicates(frame, seen)
    normalise(first, ctx)
    records, rejected = normalise(second, ctx)
    assert records["record_id"].tolist() == ["r2"]
    assert rejected["reason"].tolist() == ["duplicate_record_id"] * 3
    assert rejected["source_row"].tolist() == [3, 5, 6]
    assert rejected["message"].tolist()[0] == (
        'record_id "r1" was already used by an earlier row of this audit (in this file or an '
        "earlier input file); record ids must be unique across the audit"
    )


def test_record_id_hashes_tell_ids_apart_and_agree_for_equal_ids() -> None:
    """Ids up to SHORT_ID_BYTES bytes are hashed from their bytes, longer ones by pandas: two
    million distinct ids of both kinds (and of every length around the bound, with NUL bytes,
    non-ASCII text and the empty id) get two million hashes; the same id gets the same hash in
    any chunk, position or dtype; the hashes' top bits (SeenIds' buckets) are spread."""
    ids = [format(n, "x") for n in range(1_000_000)]
    ids += [f"EXP-{n:07d}" for n in range(500_000)]  # an export's own ids: 11 bytes each
    ids += [f"https://x.com/a/status/{n}" for n in range(400_000)]  # long: pandas' path
    ids += ["", "a", "a\x00", "\x00", "\x00a", "é", "e\u0301", "🙏"]
    ids += ["x" * n for n in range(1, 2 * SHORT_ID_BYTES)] + ["y" * SHORT_ID_BYTES + "\x00"]
    hashes = id_hashes(pd.Series(ids, dtype=TEXT_DTYPE))
    assert hashes.dtype == np.uint64 and len(hashes) == len(ids)
    assert len(np.unique(hashes)) == len(set(ids))  # "a" is there twice: once as hex 10
    per_id = pd.Series(hashes).groupby(pd.Series(ids, dtype=object)).nunique()
    assert (per_id == 1).all()  # and both of its rows have one hash
    picked = [len(ids) - 1, 3, 1_200_000, 1_700_000, len(ids) - 30]  # both paths, any order
    again = id_hashes(pd.Series([ids[n] for n in picked], dtype=object))
    assert again.tolist() == hashes[picked].tolist()
    top = np.bincount((hashes[:1_000_000] >> np.uint64(56)).astype(np.int64), minlength=256)
    assert top.min() > 0.8 * 1_000_000 / 256  # every bucket near its share
    assert id_hashes(pd.Series([], dtype=TEXT_DTYPE)).tolist() == []
    missing = id_hashes(pd.Series(["", None], dtype=TEXT_DTYPE))
    assert missing[0] == missing[1]  # a missing id hashes as ""


def records_frame(rows: list[dict[str, str]], start: int) -> pd.DataFrame:
    frame = pd.DataFrame([{c: r.get(c, "") for c in ACTIVITY_COLUMNS} for r in rows])
    return frame.assign(
        other_fields="",
        source_file="a.csv",
        source_row=range(start, start + len(rows)),
        __ragged="",
    )


def test_roster_join_by_nip_and_by_handle(roster_path: Path, tmp_path: Path) -> None:
    rows = [
        GOOD,
        {
            **GOOD,
            "nip": "",
            "platform": "instagram",
            "actor_account": "https://instagram.com/budi_lama",
        },
    ]
    records, rejected = run(rows, roster_path, tmp_path)
    assert rejected.empty
    assert records["nip"].tolist() == ["198609262015051001"] * 2
    assert records.loc[0, ["employee_name", "agency", "unit", "employment"]].tolist() == [
        "Budi Santoso", "Dinas Pendidikan", "Sekretariat", "PNS"]  # fmt: skip
    assert (
        str(records["occurred_at"].dtype).startswith("datetime64")
        and records["occurred_at"].dt.tz is not None
    )


def test_records_keep_the_contract_whatever_rows_are_rejected(
    roster_path: Path, tmp_path: Path
) -> None:
    """The records frame (made as one Arrow table, normalise_table) has RECORD_COLUMNS in order
    with their dtypes, only the rows that pass, in input order, with a RangeIndex; the roster's
    fields where it has them, the export's where it leaves one empty, "" where neither."""
    rows = [
        {**GOOD, "record_id": "a", "employee_name": "Nama di ekspor"},
        {**GOOD, "record_id": "b", "action": "nge-like"},  # rejected
        {**GOOD, "record_id": "c", "nip": "199001012015011002", "agency": "Ditulis"},
        {**GOOD, "record_id": "d", "nip": "", "platform": "instagram", "actor_account": "budi.s"},
    ]
    roster = roster_path.read_text(encoding="utf-8").replace(
        "Siti Rahma,Dinas Kesehatan,UPTD", "Siti Rahma,,UPTD"
    )  # Siti's agency left empty in the roster
    roster_path.write_text(roster, encoding="utf-8")
    records, rejected = run(rows, roster_path, tmp_path)
    assert list(records.columns) == list(RECORD_COLUMNS)
    assert isinstance(records.index, pd.RangeIndex) and records.index.start == 0
    assert records["record_id"].tolist() == ["a", "c", "d"]
    assert rejected["record_id"].tolist() == ["b"]
    text = [
        c for c in RECORD_COLUMNS if c not in {"source_row", "platform", "action", "occurred_at"}
    ]
    assert all(records[c].dtype == TEXT_DTYPE for c in text)
    assert records["source_row"].dtype == np.int64 and records["source_row"].tolist() == [1, 3, 4]
    assert all(isinstance(records[c].dtype, pd.CategoricalDtype) for c in ("platform", "action"))
    assert records["platform"].tolist() == ["x", "x", "instagram"]
    assert str(records["occurred_at"].dtype) == "datetime64[ns, UTC]"
    assert records["employee_name"].tolist() == ["Budi Santoso", "Siti Rahma", "Budi Santoso"]
    assert records["agency"].tolist() == ["Dinas Pendidikan", "Ditulis", "Dinas Pendidikan"]
    assert records["nip"].tolist()[2] == "198609262015051001"  # found by its handle
    without, _ = normalise(
        canonical_frame(*_chunk(rows, tmp_path)), NormaliseContext(lang="en", roster=None)
    )
    assert without["employee_name"].tolist()[0] == "Nama di ekspor"
    assert without[["unit", "position", "employment"]].map(len).sum().sum() == 0
    assert all(without[c].dtype == TEXT_DTYPE for c in text)


def test_a_frame_a_caller_made_normalises_as_a_read_one(roster_path: Path, tmp_path: Path) -> None:
    """A canonical frame of Python objects (a library caller's): `source_row` stays a number,
    a column pandas read as all-NaN floats is text the roster fills, and a missing handle is
    an actor not found (not an error)."""
    rows = [
        {**GOOD, "record_id": "a"},
        {**GOOD, "record_id": "b", "nip": "", "platform": "instagram", "actor_account": "x"},
    ]
    read = canonical_frame(*_chunk(rows, tmp_path))
    made = read.astype(object)
    made["agency"] = np.nan  # as pandas reads an empty column: floats
    made.loc[1, "actor_account"] = None
    ctx = NormaliseContext(lang="en", roster=load_roster(roster_path))
    records, rejected = normalise(made, ctx)
    assert records["source_row"].dtype == np.int64 and records["source_row"].tolist() == [1]
    assert records["agency"].tolist() == ["Dinas Pendidikan"]
    assert rejected["reason"].tolist() == ["actor_not_in_roster"]
    expected, _ = normalise(read, ctx)
    pd.testing.assert_frame_equal(records, expected)


def _chunk(
    rows: list[dict[str, str]], tmp_path: Path
) -> tuple[Any, list[str], dict[str, int], str]:
    path = tmp_path / "activity.csv"
    pd.DataFrame([{c: r.get(c, "") for c in ACTIVITY_COLUMNS} for r in rows]).to_csv(
        path, index=False
    )
    table = open_table(path)
    columns = resolve_columns(table.header, str(path), ACTIVITY_COLUMNS)
    return next(table.chunks()), table.header, columns, path.name


def test_roster_rows_with_bad_nip_are_reported(roster_path: Path) -> None:
    roster = load_roster(roster_path, lang="en")
    assert len(roster.employees) == 3
    assert len(roster.problems) == 1
    assert (
        str(roster.problems[0])
        == f'{roster_path}: key "nip": row 4: nip "19901301201501100X": must be 18 digits'
    )
    assert "baris 4" in str(load_roster(roster_path).problems[0])
    assert ("x", "siti") in roster.ambiguous


def test_roster_problems_name_the_column_they_are_about(tmp_path: Path) -> None:
    path = tmp_path / "roster.csv"
    path.write_text(
        "nip,name,agency,unit,position,employment\n"
        "198007192007081001,Putu,Dinas A,U,P,PNS\n"
        "198007192007081001,Putu Lagi,Dinas B,U,P,PNS\n"
        "19800719200708100X,Salah,Dinas A,U,P,PNS\n"
        "198110252009042002,Joko,Dinas A,U,P,Honorer\n"
        ",Kosong,Dinas A,U,P,PNS\n"
        "198110252009042003,Baris,Dinas A\n",
        encoding="utf-8",
    )
    roster = load_roster(path, lang="en")
    assert [(p.key, p.message.split(":")[0]) for p in roster.problems] == [
        ("nip", "row 2"), ("nip", "row 3"), ("employment", "row 4"), ("nip", "row 5"),
        (None, "row 6"),
    ]  # fmt: skip
    assert list(roster.employees.index) == ["198007192007081001"]


def test_rejected_rows_keep_every_original_field(roster_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "extra.csv"
    path.write_text(
        "nip,platform,action,occurred_at,Catatan\n"
        "198609262015051001,x,nge-like,2023-11-20 10:00,penting,lebih\n",
        encoding="utf-8",
    )
    table = open_table(path)
    columns = resolve_columns(table.header, str(path), ACTIVITY_COLUMNS)
    frame = canonical_frame(next(table.chunks()), table.header, columns, path.name)
    _, rejected = normalise(frame, NormaliseContext(roster=load_roster(roster_path)))
    assert rejected.loc[0, "reason"] == "row_ragged"
    assert rejected.loc[0, "other_fields"] == '{"Catatan": "penting", "_surplus": ["lebih"]}'


def test_seen_ids_stay_exact_across_many_chunks_and_merges() -> None:
    rng = np.random.default_rng(3)
    seen = SeenIds()
    reference: set[int] = set()
    for number in range(1, 41):  # enough chunks to merge the runs many times
        chunk = rng.integers(0, 20_000, 700).astype(np.uint64)
        expected = np.array([int(h) in reference for h in chunk])
        assert (seen.seen(chunk) == expected).all()
        seen.add(chunk)
        reference.update(int(h) for h in chunk)
        assert len(seen.runs) <= number.bit_length() + 1  # about log2(chunks) runs
        assert all((run[1:] > run[:-1]).all() for run in seen.runs)  # sorted, no repeats
    assert len(seen) == len(reference)  # runs are disjoint: each id is held once


@pytest.mark.parametrize("spill", [False, True])
def test_reused_is_an_earlier_chunk_or_an_earlier_row_of_the_chunk(
    spill: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`reused` (one sort a chunk) says what the plain way says: seen in an earlier chunk, or
    a repeat of an earlier row of the same chunk (its first row is not a repeat); the ids are
    then remembered once each, in memory and, past MEMORY_IDS, on disk."""
    monkeypatch.setattr(SeenIds, "MEMORY_IDS", 2_000)
    rng = np.random.default_rng(11)
    seen = SeenIds(spill_to=tmp_path if spill else None)
    reference: set[int] = set()
    for _ in range(25):
        chunk = rng.integers(0, 6_000, 500).astype(np.uint64)
        chunk[::7] = chunk[0]  # one id repeated within the chunk
        earlier = np.array([int(h) in reference for h in chunk])
        within = pd.Series(chunk).duplicated(keep="first").to_numpy()
        assert (seen.reused(chunk) == (earlier | within)).all()
        reference.update(int(h) for h in chunk)
        assert all((run[1:] > run[:-1]).all() for run in seen.runs)  # sorted, no repeats
    assert len(seen) == len(reference)  # each id held once
    assert (seen.on_disk > 0) == spill
    assert not seen.reused(np.array([], dtype=np.uint64)).any()


def test_seen_ids_spill_to_disk_and_stay_exact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past MEMORY_IDS ids the set moves to bucket files; lookups stay exact, memory stays small."""
    monkeypatch.setattr(SeenIds, "MEMORY_IDS", 3_000)
    rng = np.random.default_rng(5)
    seen = SeenIds(spill_to=tmp_path)
    reference: set[int] = set()
    for _ in range(30):
        chunk = rng.integers(0, 2**64 - 1, 900, dtype=np.uint64, endpoint=True)
        chunk[:300] = rng.choice(np.array(sorted(reference) or [1], dtype=np.uint64), 300)
        expected = np.array([int(h) in reference for h in chunk])
        assert (seen.seen(chunk) == expected).all()
        seen.add(chunk)
        reference.update(int(h) for h in chunk)
        assert sum(len(run) for run in seen.runs) <= SeenIds.MEMORY_IDS
    assert seen.on_disk > 0 and len(seen) == len(reference)
    assert [p.name for p in tmp_path.iterdir()] == ["ids.u64"]  # one file, nothing left over
    on_disk = np.fromfile(seen.path, dtype=np.uint64)
    assert len(np.unique(on_disk)) == len(on_disk) == seen.on_disk  # disjoint, no repeats
    parts = [seen.part(n).copy() for n in range(SeenIds.BUCKETS)]
    assert sum(len(p) > 0 for p in parts) > SeenIds.BUCKETS // 2  # random hashes fill most
    assert np.array_equal(np.concatenate(parts), on_disk)  # the parts are the file, in order
    top = 64 - SeenIds.BUCKET_BITS
    for number, part in enumerate(parts):
        assert (part[1:] > part[:-1]).all()  # sorted
        assert ((part >> np.uint64(top)) == number).all()  # each hash in its own part


def test_a_run_finds_every_reused_record_id_once_its_ids_are_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A whole audit whose ids spill to disk after two chunks rejects exactly the rows whose
    record_id an earlier row had, however far back, and no other row."""
    import csv
    import random

    from neutrality.pipeline import AuditOptions, run_audit

    monkeypatch.setattr(SeenIds, "MEMORY_IDS", 400)
    rng = random.Random(4)
    ids: list[str] = []
    for row in range(3000):
        reuse = row > 10 and rng.random() < 0.1
        ids.append(rng.choice(ids[: max(1, row - 500)]) if reuse else f"r{row}")
    path = tmp_path / "activity.csv"
    lines = ["record_id,nip,platform,action,occurred_at,target_account"]
    lines += [f"{i},198609262015051001,x,like,2023-12-01 10:00 WIB,@kpu_id" for i in ids]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    run_audit(AuditOptions(activity=[path], out=out, chunk_rows=250))
    with (out / "rejected.csv").open(encoding="utf-8-sig", newline="") as handle:
        rejected = list(csv.DictReader(handle))
    seen: set[str] = set()
    expected = []
    for row, record_id in enumerate(ids, start=1):
        if record_id in seen:
            expected.append(str(row))
        seen.add(record_id)
    assert len(expected) > 200
    assert [r["source_row"] for r in rejected] == expected
    assert {r["reason"] for r in rejected} == {"duplicate_record_id"}
