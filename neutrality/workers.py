"""The local engine on several processes of one machine: `neutrality audit --workers N`.

N processes share the work: this one and N - 1 helper processes. This process reads the inputs,
marks duplicate record ids (a fact of the file's order) and writes the outputs. With one helper
(`--workers 2`, the default on Linux) the work is split by stage: this process also normalises
each chunk (times, NIPs, roster join, rejected rows, and rejected.csv's text) and the helper
evaluates the records (spaCy included) and makes the findings' text, so this process never
builds spaCy and the two halves of a chunk's work run side by side. With more helpers each
gets whole chunks to normalise
and evaluate, this process only reading and writing. Results are written in input order, so every
output is byte for byte what one process writes. At most two chunks per helper are in flight
(four to the one helper of the stage split, their records waiting in files the helper maps), so
memory stays bounded by the chunk size.

On Linux the helpers are forked from this process once it has loaded the rule set and the
registry (and, for whole chunks, the roster), before it reads any chunk: they start in
milliseconds and share those pages, where a spawned process spends about a second importing and
loading. Each builds the engine's text matchers (spaCy, about 0.4 s) as it starts, while this
process loads the roster and reads the first chunks (pipeline.run_audit). The
fork happens while no other thread of the process is working: the read-ahead thread starts
after it, the command line's progress display has no refresh thread, and Arrow's, jemalloc's and
OpenBLAS's threads are idle and handle a fork. The pseudonymisation key is read after it
(pipeline.run_audit), so no helper holds the key. Elsewhere helpers are spawned and load
everything when they start. An input that cannot fill a second chunk is evaluated in this
process and starts no helper (see pipeline._executor).
"""

from __future__ import annotations

import itertools
import multiprocessing
import os
import pickle
import sys
import tempfile
import warnings
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa

from neutrality.engine import Engine
from neutrality.errors import NeutralityError
from neutrality.i18n import set_language, tr
from neutrality.io.records import NormaliseContext, normalise_table, records_frame
from neutrality.pipeline import (
    NO_REJECTED,
    ChunkResult,
    Encoding,
    Executor,
    encode_rejected,
    encode_result,
    evaluate_chunk,
    evaluate_records,
    with_rejected,
)
from neutrality.registry import Registry
from neutrality.rules import RuleSet

#: Chunks in flight per helper: one being evaluated, one waiting, so no helper idles.
IN_FLIGHT_PER_WORKER = 2
#: Chunks in flight to the one helper of the stage split. It builds spaCy's matchers for about
#: 0.4 s after the fork, while the main process normalises on; four in flight let it go on
#: meanwhile (1M in turns: 3.38 -> 3.17 s mean against two). Their records wait in files.
STAGED_IN_FLIGHT = 4

#: rejected.csv's text of a chunk made by this process, and its row count (stage split)
Made = tuple[bytes, int] | None

_context: NormaliseContext | None = None
_rules_path = ""
_registry_paths: tuple[str, ...] = ()
_encoding: Encoding | None = None
_engine: Engine | None = None  # a forked helper's: the main process's, copied by the fork


def can_fork() -> bool:
    """Workers are forked (not spawned) where fork is safe and available: Linux."""
    return sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()


def default_workers() -> int:
    """Processes `neutrality audit` uses when --workers is not given: 2 (this one and a helper,
    split by stage) where helpers are forked and the process may use two cores or more; else 1.

    On the 2-core benchmark machine the stage split is the faster way at 1M and 10M rows
    (docs/performance.md). More helpers take whole chunks, and then this process's reading is
    the limit, so more are used only when asked for. A spawned helper (macOS, Windows) spends
    about a second starting, more than it saves on most inputs.
    """
    if not can_fork():
        return 1
    return 2 if len(os.sched_getaffinity(0)) >= 2 else 1


def _start_worker(
    context_file: str,
    rules_path: str,
    registry_paths: tuple[str, ...],
    encoding: Encoding | None = None,
) -> None:
    """Runs once in each worker process: load the run's context, build the engine."""
    global _context, _rules_path, _registry_paths, _encoding
    from neutrality.distributed import worker_engine
    from neutrality.memory import fewer_collections, lean_arrow_pool, reuse_freed_heap

    lean_arrow_pool()
    reuse_freed_heap()
    fewer_collections()
    with open(context_file, "rb") as handle:
        context: NormaliseContext = pickle.load(handle)  # written by this run
    set_language(context.lang)
    _context, _rules_path, _registry_paths = context, rules_path, registry_paths
    _encoding = encoding
    worker_engine(rules_path, registry_paths, context.lang)


def _start_forked(lang: str) -> None:
    """Runs once in each forked helper: everything else is the main process's, as it was; the
    engine's text matchers are built now, while the main process reads the first chunks."""
    set_language(lang)
    if _engine is not None:
        _engine.prepare()


def _started() -> int:
    return os.getpid()


def _evaluate_records(rows_read: int, records: pa.Table, rejected: Any) -> ChunkResult:
    """A chunk the main process normalised (its records table and rejected rows): evaluated
    and encoded here."""
    frame = records_frame(records)
    return _encoded(evaluate_records(rows_read, frame, rejected, _helper_engine()))


def _evaluate_records_file(rows_read: int, path: str, rejected: Any) -> ChunkResult:
    """`_evaluate_records` with the records in an Arrow IPC file the main process wrote (see
    ProcessExecutor._submit): mapped, not copied, and removed once read (the mapping lives on
    until the records are freed)."""
    try:
        records = _mapped(path)
    finally:
        os.unlink(path)
    return _evaluate_records(rows_read, records, rejected)


def write_records(records: pa.Table, path: str) -> None:
    """Normalised records (records.normalise_table) as an Arrow IPC file, with the pandas
    metadata that gives back the records frame (dtypes included) to `read_records`."""
    with pa.OSFile(path, "wb") as sink, pa.ipc.new_file(sink, records.schema) as writer:
        writer.write_table(records)


def read_records(path: str) -> pd.DataFrame:
    """The records `write_records` wrote, mapped rather than copied: the text stays in the
    file's pages (still readable once the file is removed, until the frame is freed)."""
    return records_frame(_mapped(path))


def _mapped(path: str) -> pa.Table:
    return pa.ipc.open_file(pa.memory_map(path)).read_all()


def _evaluate(frame: Any) -> ChunkResult:
    """A whole chunk: normalised, evaluated and encoded here."""
    assert _context is not None, "the worker was started without its context"
    return _encoded(evaluate_chunk(frame, _context, _helper_engine()))


def _helper_engine() -> Engine:
    """This helper's engine: a forked helper's copy of the main process's, else built once."""
    from neutrality.distributed import worker_engine

    assert _context is not None, "the worker was started without its context"
    return _engine or worker_engine(_rules_path, _registry_paths, _context.lang)


def _encoded(result: ChunkResult) -> ChunkResult:
    """The files' text is made here: the main process then only writes it (objects come back
    when the run pseudonymises, see pipeline._encoding)."""
    return encode_result(result, _encoding) if _encoding is not None else result


class ProcessExecutor(Executor):
    """Evaluates chunks on `workers` processes of this machine (this one included), in input
    order."""

    def __init__(
        self,
        rules: RuleSet,
        registry: Registry,
        context: NormaliseContext,
        workers: int,
        scratch: Path,
        encoding: Encoding | None = None,
        engine: Engine | None = None,
    ) -> None:
        """`workers`: processes sharing the work, this one included (at least 2); `scratch`: a
        private folder of the run (under --out) for a spawned helper's context file;
        `encoding`: how helpers make the streamed files' text (None: they send objects);
        `engine`: this process's (not built yet: forked helpers copy it and build their own
        matchers; this process builds them only for an input of one chunk)."""
        if workers < 2:
            raise ValueError("a ProcessExecutor needs at least 2 processes; use Executor")
        self.helpers = workers - 1
        self.read_ahead = self.helpers  # a chunk ready for each helper as it asks
        self.in_flight = (
            STAGED_IN_FLIGHT if self.helpers == 1 else IN_FLIGHT_PER_WORKER * self.helpers
        )
        self.rules, self.registry = rules, registry
        super().__init__(engine or Engine(rules, registry, context.lang))
        self.context_file: Path | None = None
        # forked helpers get each chunk's records as an Arrow file in the run's scratch
        # folder, which they map: no pickle to make, send and read back (see _submit)
        self.scratch, self.sent = scratch, 0
        self.encoding = encoding
        self.forked = can_fork()
        if self.forked:
            self.pool = self._forked(context, encoding)
        else:
            self.pool = self._spawned(context, scratch, encoding)

    def _forked(self, context: NormaliseContext, encoding: Encoding | None) -> ProcessPoolExecutor:
        """Helpers forked now, from this process with its rules and registry loaded (and the
        roster in `context`, for helpers that normalise)."""
        global _context, _encoding, _engine
        _context, _encoding, _engine = context, encoding, self.engine
        try:
            pool = ProcessPoolExecutor(
                max_workers=self.helpers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_start_forked,
                initargs=(context.lang,),
            )
            # a fork pool starts all its helpers at the first task: that is now, before the
            # read-ahead thread exists, not while it is inside Arrow's reader (the task is not
            # waited for: the helpers build their matchers meanwhile). Python 3.12+ warns about
            # any fork of a process with threads; the ones here are idle library pools
            # (OpenBLAS, jemalloc, Arrow) that handle a fork, see the module's docstring
            with warnings.catch_warnings():
                warnings.filterwarnings(
                    "ignore", "This process .* is multi-threaded", DeprecationWarning
                )
                pool.submit(_started)
        finally:
            _context, _encoding, _engine = None, None, None  # the helpers keep their copies
        return pool

    def _spawned(
        self, context: NormaliseContext, scratch: Path, encoding: Encoding | None
    ) -> ProcessPoolExecutor:
        """Helpers spawned on their first task; each loads the context and builds its engine."""
        # The context (the roster above all) goes through a private file, not the start-up
        # pipe: a spawned child reads that pipe only after its imports, so a payload larger
        # than the pipe's buffer would hold the main process for a second per worker.
        handle, name = tempfile.mkstemp(prefix="context-", suffix=".pickle", dir=scratch)
        with os.fdopen(handle, "wb") as out:
            pickle.dump(context, out, protocol=pickle.HIGHEST_PROTOCOL)
        self.context_file = Path(name)
        return ProcessPoolExecutor(
            max_workers=self.helpers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(
                str(self.context_file),
                str(Path(self.rules.path).resolve()),
                tuple(str(Path(p).resolve()) for p in self.registry.paths),
                encoding,
            ),
        )

    def map_ordered(
        self, frames: Iterator[Any], context: NormaliseContext
    ) -> Iterator[tuple[str, ChunkResult]]:
        first = next(frames, None)
        if first is None:
            return
        # with one helper the first chunk is normalised here at once, whatever follows
        ready = normalise_table(first, context) if self.helpers == 1 else None
        second = next(frames, None)
        if second is None:  # one chunk: evaluated here, with nothing to send (helpers idle)
            if ready is None:
                yield first.attrs["path"], evaluate_chunk(first, context, self.engine)
            else:
                records, rejected = ready
                yield (
                    first.attrs["path"],
                    evaluate_records(len(first), records_frame(records), rejected, self.engine),
                )
            return
        pending: deque[tuple[str, Future[ChunkResult], Made]] = deque()
        try:
            for frame in itertools.chain((first, second), frames):
                normalised = ready if frame is first else None
                pending.append((frame.attrs["path"], *self._submit(frame, context, normalised)))
                if len(pending) >= self.in_flight:
                    yield self._done(*pending.popleft())
            while pending:
                yield self._done(*pending.popleft())
        except BrokenProcessPool:
            raise NeutralityError(
                tr(
                    "a worker process stopped unexpectedly (out of memory?); run again with "
                    "fewer --workers or a smaller --chunk-rows"
                )
            ) from None

    def _submit(
        self, frame: Any, context: NormaliseContext, normalised: tuple[Any, Any] | None = None
    ) -> tuple[Future[ChunkResult], Made]:
        """A chunk to the helpers: normalised here first when there is one helper (the stage
        split; `normalised`: done already), whole when there are more. With the stage split,
        the rejected rows' text is made here too (this process has them; the helper has the
        heavier half), and comes back with the helper's result in `_done`."""
        if self.helpers > 1:
            return self.pool.submit(_evaluate, frame), None
        records, rejected = normalised or normalise_table(frame, context)
        made: Made = None
        if self.encoding is not None:
            made = (encode_rejected(rejected, self.encoding), len(rejected))
            rejected = NO_REJECTED
        if self.forked and records.num_rows:  # the helper maps the file (Linux)
            path = self._records_file(records)
            return self.pool.submit(_evaluate_records_file, len(frame), path, rejected), made
        return self.pool.submit(_evaluate_records, len(frame), records, rejected), made

    def _done(self, path: str, done: Future[ChunkResult], made: Made) -> tuple[str, ChunkResult]:
        """A chunk's result, waited for, with the rejected rows' text made here (if any)."""
        result = done.result()
        return path, result if made is None else with_rejected(result, *made)

    def _records_file(self, records: pa.Table) -> str:
        """`records` written as an Arrow IPC file the helper maps and removes.

        Pickling a chunk's records (about 28 MB at 100,000 rows) held this process's
        interpreter for 15-27 ms a chunk, while this process's normalising is what the run
        waits for; Arrow writes the file without it, and the helper reads it without a copy.
        The records are an Arrow table already (normalise_table): no conversion here."""
        self.sent += 1
        path = str(self.scratch / f"records-{self.sent}.arrow")
        write_records(records, path)
        return path

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        if self.context_file is not None:
            self.context_file.unlink(missing_ok=True)
