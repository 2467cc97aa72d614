"""Property-based: random and malformed rows never crash normalising, and every row is accounted."""

from __future__ import annotations

import csv
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from neutrality.io.columns import ACTIVITY_COLUMNS, resolve_columns
from neutrality.io.records import RECORD_COLUMNS, NormaliseContext, canonical_frame, normalise
from neutrality.io.tables import open_table

cell = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["x", "twitter", "suka", "like", "join_group", "2024-11-27 14:05 WITA",
                     "27/11/2024 14:05", "198609262015051001", "@prabowo", "=cmd|'/C calc'!A0",
                     "", " ", "\n", '"', ";", "WIT"]),
)  # fmt: skip
row = st.fixed_dictionaries({c: cell for c in ACTIVITY_COLUMNS})
ragged_extra = st.lists(st.text(max_size=5), max_size=3)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=st.lists(st.tuples(row, ragged_extra, st.integers(0, 3)), min_size=1, max_size=30))
# a small file whose cells are control characters is text, not a binary file (found by this test)
@example(rows=[({**{c: "" for c in ACTIVITY_COLUMNS}, "agency": "\x1f\x1f\x1f\x08"},
                ["\x1f\x1f", "\x1f\x1f\x08"], 0)])  # fmt: skip
def test_every_row_is_evaluated_or_rejected(
    tmp_path: Path, rows: list[tuple[dict[str, str], list[str], int]]
) -> None:
    path = tmp_path / "fuzz.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(ACTIVITY_COLUMNS)
        for values, extra, cut in rows:
            cells = [values[c] for c in ACTIVITY_COLUMNS]
            writer.writerow(cells[: len(cells) - cut] + extra if cut or extra else cells)
    table = open_table(path, chunk_rows=7)
    columns = resolve_columns(table.header, str(path), ACTIVITY_COLUMNS)
    ctx = NormaliseContext()
    read = evaluated = rejected_count = 0
    seen_rows: list[int] = []
    for chunk in table.chunks():
        frame = canonical_frame(chunk, table.header, columns, path.name)
        records, rejected = normalise(frame, ctx)
        read += len(frame)
        evaluated += len(records)
        rejected_count += len(rejected)
        seen_rows += records["source_row"].tolist() + rejected["source_row"].tolist()
        assert list(records.columns) == list(RECORD_COLUMNS)
        assert (rejected["reason"] != "").all() and (rejected["message"] != "").all()
        assert not records[["record_id", "platform", "action"]].isna().any().any()
        assert records["occurred_at"].notna().all()
    assert read == evaluated + rejected_count
    assert sorted(seen_rows) == list(range(1, read + 1))
    assert read == len(rows)
