"""The Dask engine and the local engine's worker processes give exactly what one process gives:
findings, ids, rejected rows, summary.

Runs on a local cluster of two worker processes (CI has no other), with chunks small enough that
several are in flight at once, so an ordering mistake would show.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from neutrality.pipeline import AuditOptions, run_audit

pytest.importorskip("dask.distributed")

ROOT = Path(__file__).resolve().parents[1]
VOLATILE = ("started_at", "finished_at", "engine", "scheduler")


def audit(out: Path, **extra: Any) -> dict[str, Any]:
    extra.setdefault("chunk_rows", 250)
    extra.setdefault("workers", 1)  # one process unless a test asks for more
    extra.setdefault("formats", ("csv", "jsonl"))
    options = AuditOptions(
        activity=[ROOT / "samples" / "activity.csv"], roster=ROOT / "samples" / "roster.csv",
        out=out, **extra,
    )  # fmt: skip
    run_audit(options)
    summary: dict[str, Any] = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return {k: v for k, v in summary.items() if k not in VOLATILE}


def test_dask_local_cluster_matches_the_local_engine(tmp_path: Path) -> None:
    local = audit(tmp_path / "local")
    distributed = audit(tmp_path / "dask", engine="dask")
    assert local["findings"] > 50, "the sample must exercise the rules"
    assert distributed == local
    for name in ("findings.csv", "findings.jsonl", "rejected.csv"):
        assert (tmp_path / "dask" / name).read_bytes() == (
            tmp_path / "local" / name
        ).read_bytes(), name


def test_dask_chunks_travel_as_data_not_in_the_task_graph(tmp_path: Path) -> None:
    """A chunk embedded in the graph makes Dask warn on every 100,000-row chunk ("Sending
    large graph"); scattered first, the graph holds a reference. The threshold is lowered so
    the sample's small chunks would cross it."""
    import warnings

    import dask

    threshold = {"distributed.admin.large-graph-warning-threshold": "2kB"}
    with dask.config.set(threshold), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        summary = audit(tmp_path / "dask", engine="dask")
    assert summary["findings"] > 50
    large = [w for w in caught if "large graph" in str(w.message)]
    assert not large, [str(w.message) for w in large]


def test_running_scheduler_matches_the_local_engine(tmp_path: Path) -> None:
    """`--scheduler ADDRESS`: the run connects to a scheduler it did not start."""
    from dask.distributed import LocalCluster

    local = audit(tmp_path / "local")
    with LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        remote = audit(tmp_path / "remote", engine="dask", scheduler=cluster.scheduler_address)
        assert len(cluster.scheduler_info["workers"]) == 2  # still running after the audit
    assert remote == local
    for name in ("findings.csv", "findings.jsonl", "rejected.csv"):
        assert (tmp_path / "remote" / name).read_bytes() == (
            tmp_path / "local" / name
        ).read_bytes(), name


def test_worker_processes_match_one_process(tmp_path: Path) -> None:
    one = audit(tmp_path / "one")
    two = audit(tmp_path / "two", workers=2)
    assert one["findings"] > 50, "the sample must exercise the rules"
    assert two == one
    for name in ("findings.csv", "findings.jsonl", "rejected.csv"):
        assert (tmp_path / "two" / name).read_bytes() == (tmp_path / "one" / name).read_bytes(), (
            name
        )


def test_one_chunk_is_evaluated_without_starting_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from neutrality import workers

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a worker process was started for a one-chunk input")

    monkeypatch.setattr(workers.ProcessPoolExecutor, "submit", refuse)
    one = audit(tmp_path / "one", chunk_rows=100_000)  # the 2,000-row sample is one chunk
    two = audit(tmp_path / "two", chunk_rows=100_000, workers=2)
    assert two == one
    assert (tmp_path / "two" / "findings.csv").read_bytes() == (
        tmp_path / "one" / "findings.csv"
    ).read_bytes()


def test_forked_workers_use_the_main_process_engine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Linux helpers are forked with the main process's engine: none loads its own rules
    and registry (a forked helper sees this patch, so loading them would fail its chunk)."""
    from neutrality import distributed, workers

    if not workers.can_fork():
        pytest.skip("workers are spawned on this platform")
    one = audit(tmp_path / "one")

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("a forked worker built its own engine")

    monkeypatch.setattr(distributed, "worker_engine", refuse)
    for processes in (2, 3):  # one helper (the stage split) and two (whole chunks)
        two = audit(tmp_path / f"p{processes}", workers=processes)
        assert two == one
        for name in ("findings.csv", "findings.jsonl", "rejected.csv"):
            assert (tmp_path / f"p{processes}" / name).read_bytes() == (
                tmp_path / "one" / name
            ).read_bytes()


_noted: dict[str, Any] = {}  # set by the tests below, seen by the workers they fork


def _note_in_workers(
    monkeypatch: pytest.MonkeyPatch, folder: Path, noting: Any, name: str = "_evaluate_records"
) -> Path:
    """Have forked helpers run `name` (workers._evaluate_records: a normalised chunk, with one
    helper; workers._evaluate: a whole chunk, with more) through `noting`, a module-level
    wrapper that writes a line per chunk; the file it writes to."""
    from neutrality import workers

    if not workers.can_fork():
        pytest.skip("a spawned worker does not see this patch")
    log = folder / "noted.txt"
    monkeypatch.setitem(_noted, "log", log)
    monkeypatch.setitem(_noted, "evaluate", getattr(workers, name))
    monkeypatch.setattr(workers, name, noting)
    return log


def _noted_evaluate(line: str, *args: Any) -> Any:
    with _noted["log"].open("a", encoding="utf-8") as out:
        out.write(line + "\n")
    return _noted["evaluate"](*args)


def _evaluate_noting_the_process(*args: Any) -> Any:
    """A helper's evaluation, noting the process it runs in (module level: pickled by name)."""
    import os

    return _noted_evaluate(str(os.getpid()), *args)


def test_chunks_of_an_input_of_several_are_evaluated_by_the_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With --workers 2 the main process normalises each chunk and the helper evaluates it:
    every chunk of a several-chunk input reaches the helper, none is evaluated in the main
    process (each evaluation notes its process in a file)."""
    import os

    log = _note_in_workers(monkeypatch, tmp_path, _evaluate_noting_the_process)
    one = audit(tmp_path / "one")
    two = audit(tmp_path / "two", workers=2)  # 2,000 rows in chunks of 250
    pids = log.read_text(encoding="utf-8").split()
    assert len(pids) == 8 and len(set(pids)) == 1
    assert str(os.getpid()) not in pids
    assert two == one


def test_more_helpers_take_whole_chunks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With --workers 3 each of the two helpers normalises and evaluates whole chunks: all
    eight reach them, and the outputs are those of one process."""
    import os

    log = _note_in_workers(monkeypatch, tmp_path, _evaluate_noting_the_process, "_evaluate")
    one = audit(tmp_path / "one")
    three = audit(tmp_path / "three", workers=3)
    pids = log.read_text(encoding="utf-8").split()
    assert len(pids) == 8 and str(os.getpid()) not in pids
    assert three == one
    for name in ("findings.csv", "findings.jsonl", "rejected.csv"):
        assert (tmp_path / "three" / name).read_bytes() == (tmp_path / "one" / name).read_bytes()


def test_default_workers_are_two_processes_where_helpers_are_forked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import os

    from neutrality import workers

    monkeypatch.setattr(workers, "can_fork", lambda: True)
    for cores, processes in (({0}, 1), ({0, 1}, 2), (set(range(32)), 2)):
        monkeypatch.setattr(os, "sched_getaffinity", lambda pid, c=cores: c, raising=False)
        assert workers.default_workers() == processes
    monkeypatch.setattr(workers, "can_fork", lambda: False)  # spawned helpers start slowly
    assert workers.default_workers() == 1


def test_an_audit_without_workers_uses_the_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """AuditOptions(workers=None), what the command line gives without --workers, runs on
    default_workers() processes; the outputs are those of one process."""
    from neutrality import pipeline, workers

    made: list[int] = []
    real = workers.ProcessExecutor.__init__

    def noting(self: Any, *args: Any, **kwargs: Any) -> None:
        made.append(args[3])
        real(self, *args, **kwargs)

    monkeypatch.setattr(workers, "default_workers", lambda: 2)
    monkeypatch.setattr(workers.ProcessExecutor, "__init__", noting)
    one = audit(tmp_path / "one")
    default = audit(tmp_path / "default", workers=None)
    assert made == [2]
    assert default == one
    assert pipeline.AuditOptions(activity=[], out=tmp_path).workers is None
    for name in ("findings.csv", "findings.jsonl", "rejected.csv"):
        assert (tmp_path / "default" / name).read_bytes() == (tmp_path / "one" / name).read_bytes()


def _evaluate_counting_keys(*args: Any) -> Any:
    """A helper's evaluation, noting how many pseudonymisers (key holders) its process has."""
    import gc

    from neutrality.report.pseudonym import Pseudonymizer

    held = sum(isinstance(o, Pseudonymizer) for o in gc.get_objects())
    return _noted_evaluate(str(held), *args)


def test_forked_workers_never_hold_the_pseudonymisation_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key is read after the workers are forked: pseudonyms are made in the main process,
    and no worker process has the key in memory."""
    key = tmp_path / "key.txt"
    key.write_text("k" * 48, encoding="utf-8")
    log = _note_in_workers(monkeypatch, tmp_path, _evaluate_counting_keys)
    one = audit(tmp_path / "one", pseudonymize_key=key)
    two = audit(tmp_path / "two", workers=2, pseudonymize_key=key)
    assert log.read_text(encoding="utf-8").split() == ["0"] * 8
    assert two == one


def test_one_chunk_in_a_pool_is_evaluated_by_the_main_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the estimate expects several chunks and the input is one, the helpers are started
    but the chunk is evaluated in the main process, which builds its own matchers for it."""
    from neutrality import pipeline

    monkeypatch.setattr(pipeline, "_several_chunks", lambda tables, rows: True)
    one = audit(tmp_path / "one", chunk_rows=100_000)
    two = audit(tmp_path / "two", chunk_rows=100_000, workers=2)
    assert two == one
    for name in ("findings.csv", "findings.jsonl", "rejected.csv"):
        assert (tmp_path / "two" / name).read_bytes() == (tmp_path / "one" / name).read_bytes()


def test_spawned_workers_match_one_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where fork is not used (macOS, Windows) workers are spawned and build their own engine
    from the context file: the same outputs."""
    from neutrality import workers

    one = audit(tmp_path / "one")
    monkeypatch.setattr(workers, "can_fork", lambda: False)
    two = audit(tmp_path / "two", workers=2)
    assert two == one
    for name in ("findings.csv", "findings.jsonl", "rejected.csv"):
        assert (tmp_path / "two" / name).read_bytes() == (tmp_path / "one" / name).read_bytes(), (
            name
        )


def test_unreachable_scheduler_is_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from neutrality import distributed
    from neutrality.errors import UsageError

    monkeypatch.setattr(distributed, "CONNECT_TIMEOUT", 3)  # the message, not the wait, is tested
    with pytest.raises(UsageError, match="--scheduler"):
        audit(tmp_path / "out", engine="dask", scheduler="tcp://127.0.0.1:9")


@pytest.mark.parametrize(
    "extra",
    [
        {"csv_separator": ";", "formats": ("csv",)},  # workers make the text: ";" and no jsonl
        {"pseudonymize_key": "key"},  # pseudonyms are made in the main process: objects come back
    ],
    ids=["semicolon-csv-only", "pseudonymized"],
)
def test_worker_processes_match_one_process_with_other_outputs(
    tmp_path: Path, extra: dict[str, Any]
) -> None:
    if extra.get("pseudonymize_key"):
        key = tmp_path / "key.txt"
        key.write_text("k" * 48, encoding="utf-8")
        extra = {**extra, "pseudonymize_key": key}
    one = audit(tmp_path / "one", **extra)
    two = audit(tmp_path / "two", workers=2, **extra)
    assert two == one
    names = sorted(p.name for p in (tmp_path / "one").iterdir())
    assert sorted(p.name for p in (tmp_path / "two").iterdir()) == names
    for name in ("findings.csv", "rejected.csv", "findings.jsonl"):
        if name in names:
            assert (tmp_path / "two" / name).read_bytes() == (
                tmp_path / "one" / name
            ).read_bytes(), name


def test_records_go_to_the_helper_as_a_file_that_gives_back_the_same_frame(
    tmp_path: Path,
) -> None:
    """The stage split's hand-over (forked helpers): each chunk's normalised records written as
    an Arrow file and mapped back give the very same frame, dtypes included, still readable
    once the file is removed (the helper removes it as soon as it has mapped it)."""
    import pandas as pd

    from neutrality.io.records import NormaliseContext, SeenIds, normalise, normalise_table
    from neutrality.io.roster import load_roster
    from neutrality.pipeline import _frames, _open_activity
    from neutrality.workers import read_records, write_records

    options = AuditOptions(
        activity=[ROOT / "samples" / "activity.csv"], out=tmp_path / "out", chunk_rows=700
    )
    tables = [_open_activity(options.activity[0], options, None)]
    roster = load_roster(ROOT / "samples" / "roster.csv", None, "id")
    context = NormaliseContext(tz="Asia/Jakarta", lang="id", roster=roster)
    chunks = 0
    for frame in _frames(tables, SeenIds()):
        records, _ = normalise(frame, context)  # the frame one process evaluates
        path = tmp_path / f"records-{chunks}.arrow"
        write_records(normalise_table(frame, context)[0], str(path))
        back = read_records(str(path))
        path.unlink()
        pd.testing.assert_frame_equal(back, records)
        assert back.dtypes.tolist() == records.dtypes.tolist()
        assert back["content_text"].tolist() == records["content_text"].tolist()
        chunks += 1
    assert chunks == 3
