"""The pipeline's read-ahead: chunks made in a background thread arrive in order, errors
surface in the caller, the thread ends when the caller stops early, and messages made in the
thread are in the run's language. And chunks a worker encodes are written as objects would be."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from neutrality.i18n import language, tr
from neutrality.i18n.catalogue import INDONESIAN
from neutrality.pipeline import _first_while, _prefetched


def test_items_arrive_in_order_and_all_of_them() -> None:
    assert list(_prefetched(iter(range(1000)), depth=2)) == list(range(1000))
    assert list(_prefetched(iter([]))) == []


def test_an_error_in_the_reader_is_raised_in_the_caller_after_the_items_before_it() -> None:
    def items() -> Iterator[int]:
        yield 1
        yield 2
        raise ValueError("record 3 cannot be read")

    got: list[int] = []
    with pytest.raises(ValueError, match="record 3"):
        for item in _prefetched(items()):
            got.append(item)
    assert got == [1, 2]


def test_stopping_early_ends_the_reader_thread() -> None:
    made: list[int] = []

    def endless() -> Iterator[int]:
        n = 0
        while True:
            made.append(n)
            yield n
            n += 1

    before = threading.active_count()
    stream = _prefetched(endless(), depth=1)
    assert [next(stream) for _ in range(3)] == [0, 1, 2]
    stream.close()  # what a for loop's break or an exception in the caller does
    assert threading.active_count() == before
    assert len(made) <= 3 + 2  # read ahead by at most the queue's depth (and one in hand)


def test_the_reader_thread_speaks_the_run_language() -> None:
    def messages() -> Iterator[str]:
        yield tr("file not found")

    with language("id"):
        (message,) = list(_prefetched(messages()))
    assert message == INDONESIAN["file not found"] != "file not found"


def test_the_first_chunk_is_made_while_the_work_runs_and_its_thread_has_ended() -> None:
    """_first_while: the first item is made in another thread during the work (the engine's
    build), that thread has ended on return (a fork may follow), the rest stays to be read,
    and an error of either side is raised in the caller, after both are done."""
    seen: dict[str, object] = {}
    started = threading.Event()

    def items() -> Iterator[int]:
        seen["thread"] = threading.current_thread().name
        started.set()
        yield from range(5)

    def work() -> None:
        assert started.wait(5)  # the item is being made while the work runs
        seen["work"] = threading.current_thread().name

    before = threading.active_count()
    stream = items()
    assert _first_while(stream, work) == [0]
    assert threading.active_count() == before
    assert seen["thread"] != seen["work"] == threading.current_thread().name
    assert list(stream) == [1, 2, 3, 4]
    assert _first_while(iter([]), lambda: None) == []

    def broken() -> Iterator[int]:
        raise ValueError("record 1 cannot be read")
        yield 0

    with pytest.raises(ValueError, match="record 1"):
        _first_while(broken(), lambda: None)
    with pytest.raises(RuntimeError, match="no spaCy"):
        _first_while(iter(range(3)), lambda: (_ for _ in ()).throw(RuntimeError("no spaCy")))
    assert threading.active_count() == before


def test_encoded_chunks_are_written_as_objects_would_be(tmp_path: Path) -> None:
    """The streamed files made from a chunk's columns (a worker's encode_result, or the main
    process's own write) are byte for byte what the per-finding reference makes of the same
    findings as objects (tests/findings_reference.py: a csv row and an orjson call each), and
    tally
    the same summary counts."""
    from findings_reference import csv_text, json_lines

    from neutrality.engine import Engine
    from neutrality.findings import CSV_COLUMNS
    from neutrality.io.columns import ACTIVITY_COLUMNS, resolve_columns
    from neutrality.io.records import (
        REJECTED_COLUMNS,
        NormaliseContext,
        SeenIds,
        canonical_frame,
        mark_duplicates,
    )
    from neutrality.io.roster import load_roster
    from neutrality.io.tables import open_table
    from neutrality.pipeline import (
        ChunkResult,
        Encoding,
        _RunState,
        _tally,
        _Writers,
        encode_result,
        evaluate_chunk,
        rejected_rows,
    )
    from neutrality.registry import load_registry
    from neutrality.report.safe_csv import written
    from neutrality.resources import default_registry_paths, default_rules_path
    from neutrality.rules import load_rules

    root = Path(__file__).resolve().parents[1]
    table = open_table(root / "samples" / "activity.csv", chunk_rows=700)
    columns = resolve_columns(table.header, "activity.csv", ACTIVITY_COLUMNS, None)
    context = NormaliseContext(roster=load_roster(root / "samples" / "roster.csv", None, "id"))
    engine = Engine(load_rules(default_rules_path()), load_registry(default_registry_paths()))
    seen = SeenIds()
    results: list[ChunkResult] = []
    for chunk in table.chunks():
        frame = canonical_frame(chunk, table.header, columns, "activity.csv")
        mark_duplicates(frame, seen)
        results.append(evaluate_chunk(frame, context, engine))
    assert sum(len(r.findings) for r in results) > 50 and sum(len(r.rejected) for r in results)
    for separator in (",", ";"):
        states = []
        for kind in ("columns", "encoded"):
            out = tmp_path / f"{kind}{separator}"
            out.mkdir()
            state = _RunState(context)
            with _Writers(out, ("csv", "jsonl"), None, separator) as writers:
                for result in results:
                    if kind == "encoded":
                        result = encode_result(result, Encoding(separator, jsonl=True))
                        assert not len(result.findings) and result.encoded is not None
                    writers.write(result)
                    _tally(state, result)
            states.append((state.findings, state.by_rule, state.by_confidence, state.flagged))
        assert states[0] == states[1]
        objects = tmp_path / f"objects{separator}"
        objects.mkdir()
        found = [f for r in results for f in r.findings.findings()]
        bom = "\ufeff" + written([CSV_COLUMNS], separator)
        (objects / "findings.csv").write_bytes((bom + csv_text(found, separator)).encode())
        (objects / "findings.jsonl").write_bytes(json_lines(found).encode())
        rows = [[row.get(c, "") for c in REJECTED_COLUMNS]
                for r in results for row in rejected_rows(r.rejected)]  # fmt: skip
        rejected = "\ufeff" + written([REJECTED_COLUMNS, *rows], separator)
        (objects / "rejected.csv").write_bytes(rejected.encode())
        assert states[0][0] == len(found) and states[0][3] == {f.nip or f.record_id for f in found}
        for name in ("findings.csv", "findings.jsonl", "rejected.csv"):
            expected = (objects / name).read_bytes()
            for kind in ("columns", "encoded"):
                assert (tmp_path / f"{kind}{separator}" / name).read_bytes() == expected, name


def test_workers_encode_only_what_the_main_process_may_write(tmp_path: Path) -> None:
    """Workers make the files' text unless pseudonyms are asked for (made here, so the key
    never leaves this process); an encoded chunk that does not fit the run is refused."""
    from collections import Counter

    from neutrality.findings import FindingTable
    from neutrality.pipeline import (
        AuditOptions,
        ChunkResult,
        Encoded,
        Encoding,
        _encoding,
        _Writers,
    )
    from neutrality.report.pseudonym import Pseudonymizer

    base = {"activity": [tmp_path / "a.csv"], "out": tmp_path / "out"}
    assert _encoding(AuditOptions(**base)) == Encoding(",", jsonl=True)  # type: ignore[arg-type]
    assert _encoding(
        AuditOptions(**base, formats=("csv",), csv_separator=";")  # type: ignore[arg-type]
    ) == Encoding(";", jsonl=False)
    assert _encoding(AuditOptions(**base, pseudonymize_key=tmp_path / "k")) is None  # type: ignore[arg-type]

    encoded = Encoded("x\r\n", "", "", 1, 0, Counter({"SKB-A4": 1}), Counter({"high": 1}), {"1"})
    chunk = ChunkResult(1, 1, FindingTable.from_findings([]), [], encoded)
    (tmp_path / "one").mkdir()
    with _Writers(tmp_path / "one", ("csv", "jsonl")) as writers, pytest.raises(RuntimeError):
        writers.write(chunk)  # findings without their findings.jsonl lines
    (tmp_path / "two").mkdir()
    key = Pseudonymizer(b"k" * 32)
    with _Writers(tmp_path / "two", ("csv",), key) as writers, pytest.raises(RuntimeError):
        writers.write(chunk)  # a pseudonymised run never writes what a worker made
