"""The local engine on several processes of one machine: `neutrality audit --workers N`.

N processes evaluate chunks: this one and N - 1 helper processes. This process reads the
inputs, marks duplicate record ids (a fact of the file's order) and writes the outputs; it hands
each chunk to a helper, and evaluates a chunk itself whenever every helper has two in hand (one
being evaluated, one waiting), so no core idles while the helpers are busy. A helper sends back
the text of the streamed files. Results are written in input order, so every output is byte for
byte what one process writes; at most two chunks per helper are in flight, and a couple more
results wait for their turn, so memory stays bounded by the chunk size.

On Linux the helpers are forked from this process once it has built the engine (spaCy and
matchers included) and loaded the roster, before it reads any chunk: they start in milliseconds
and share those pages, where a spawned process spends about 1.5 s of CPU importing and building
its own. (Forking before spaCy is built, each process building its own meanwhile, was no faster
on two cores and took 0.5 s more CPU.) The fork happens while no other thread of the process is
working: the thread that read the first chunk while spaCy was built has ended, the read-ahead
thread starts after it, the command line's progress display has no refresh thread, and Arrow's,
jemalloc's and OpenBLAS's threads handle a fork (Arrow's pools start afresh in a child). The pseudonymisation key is read
after it (pipeline.run_audit), so no helper holds the key. Elsewhere helpers are spawned and load
everything when they start. An input that cannot fill a second chunk is evaluated in this process
and starts no helper (see pipeline._executor).
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

from neutrality.engine import Engine
from neutrality.errors import NeutralityError
from neutrality.i18n import set_language, tr
from neutrality.io.records import NormaliseContext
from neutrality.pipeline import ChunkResult, Encoding, Executor, encode_result, evaluate_chunk
from neutrality.registry import Registry
from neutrality.rules import RuleSet

#: Chunks in flight per helper: one being evaluated, one waiting, so no helper idles.
IN_FLIGHT_PER_WORKER = 2
#: Results kept, besides those in flight, until the results before them are written.
WAITING_RESULTS = 2
#: `--workers` when not given: the cores this process may use but one, at most this many. Each
#: helper adds about 200 MiB; past a few, reading the input in the main process is the limit.
AUTO_WORKERS_MAX = 4

_context: NormaliseContext | None = None
_rules_path = ""
_registry_paths: tuple[str, ...] = ()
_encoding: Encoding | None = None
_engine: Engine | None = None  # a forked helper's: the main process's, built before the fork


def can_fork() -> bool:
    """Workers are forked (not spawned) where fork is safe and available: Linux."""
    return sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()


def default_workers() -> int:
    """Processes `neutrality audit` evaluates chunks on when --workers is not given: where
    helpers are forked, the cores it may use but one (at most AUTO_WORKERS_MAX), and 1 on one
    or two cores; elsewhere 1, since a spawned helper spends about a second starting.

    One core is left to what runs beside the evaluation: the read-ahead thread (Arrow's parser),
    the input's SHA-256 and the helpers' transfers. On the 2-core benchmark machine a second
    process was slower at 1M rows (3.40 against 3.23 s, best of three) and 8 % faster at 10M
    (21.1 against 22.9 s), for twice the memory, so one process is the default there; more
    cores were not measured (docs/performance.md)."""
    if not can_fork():
        return 1
    return max(1, min(len(os.sched_getaffinity(0)) - 1, AUTO_WORKERS_MAX))


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
    """Runs once in each forked helper: everything else is the main process's, as it was."""
    set_language(lang)


def _started() -> int:
    return os.getpid()


def _evaluate(frame: Any) -> ChunkResult:
    from neutrality.distributed import worker_engine

    assert _context is not None, "the worker was started without its context"
    engine = _engine or worker_engine(_rules_path, _registry_paths, _context.lang)
    result = evaluate_chunk(frame, _context, engine)
    # the files' text is made here: the main process then only writes it
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
        """`workers`: processes evaluating chunks, this one included (at least 2); `scratch`: a
        private folder of the run (under --out) for a spawned helper's context file;
        `encoding`: how helpers make the streamed files' text (None: they send objects);
        `engine`: this process's, when built already (forked helpers share it)."""
        if workers < 2:
            raise ValueError("a ProcessExecutor needs at least 2 processes; use Executor")
        self.helpers = workers - 1
        # chunks read ahead: while this process evaluates one, each helper can take the next
        self.read_ahead = 1 + self.helpers
        self.rules, self.registry = rules, registry
        self.encoding = encoding
        super().__init__(engine or Engine(rules, registry, context.lang))  # forked helpers copy it
        self.context_file: Path | None = None
        if can_fork():
            self.pool = self._forked(context, encoding)
        else:
            self.pool = self._spawned(context, scratch, encoding)

    def _forked(self, context: NormaliseContext, encoding: Encoding | None) -> ProcessPoolExecutor:
        """Helpers forked now, from this process with its engine built and the roster loaded."""
        global _context, _encoding, _engine
        _context, _encoding, _engine = context, encoding, self.engine.prepare()
        try:
            pool = ProcessPoolExecutor(
                max_workers=self.helpers,
                mp_context=multiprocessing.get_context("fork"),
                initializer=_start_forked,
                initargs=(context.lang,),
            )
            # a fork pool starts all its helpers at the first task: that is now, before the
            # read-ahead thread exists, not while it is inside Arrow's reader. Python 3.12+
            # warns about any fork of a process with threads; the ones here are idle library
            # pools (OpenBLAS, jemalloc, Arrow) that handle a fork, see the module's docstring
            with warnings.catch_warnings():
                warnings.filterwarnings(
                    "ignore", "This process .* is multi-threaded", DeprecationWarning
                )
                pool.submit(_started).result()
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
        first, second = next(frames, None), next(frames, None)
        if first is None:
            return
        if second is None:  # one chunk: evaluated here, with nothing to send (helpers idle)
            yield first.attrs["path"], evaluate_chunk(first, context, self.engine)
            return
        in_flight = IN_FLIGHT_PER_WORKER * self.helpers
        pending: deque[tuple[str, Future[ChunkResult] | ChunkResult]] = deque()
        try:
            for frame in itertools.chain((first, second), frames):
                busy = sum(isinstance(item, Future) and not item.done() for _, item in pending)
                if busy < in_flight:  # a helper has room for it
                    pending.append((frame.attrs["path"], self.pool.submit(_evaluate, frame)))
                else:  # every helper has its two: this process evaluates the chunk meanwhile
                    pending.append((frame.attrs["path"], self._evaluate_here(frame, context)))
                # results are given in input order, each as soon as the ones before it are
                while pending and (
                    _finished(pending[0][1]) or len(pending) > in_flight + WAITING_RESULTS
                ):
                    yield _taken(pending.popleft())
            while pending:
                yield _taken(pending.popleft())
        except BrokenProcessPool:
            raise NeutralityError(
                tr(
                    "a worker process stopped unexpectedly (out of memory?); run again with "
                    "fewer --workers or a smaller --chunk-rows"
                )
            ) from None

    def _evaluate_here(self, frame: Any, context: NormaliseContext) -> ChunkResult:
        """A chunk evaluated in this process, encoded as a helper would have (the same text)."""
        result = evaluate_chunk(frame, context, self.engine)
        return encode_result(result, self.encoding) if self.encoding is not None else result

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)
        if self.context_file is not None:
            self.context_file.unlink(missing_ok=True)


def _finished(item: Future[ChunkResult] | ChunkResult) -> bool:
    return not isinstance(item, Future) or item.done()


def _taken(entry: tuple[str, Future[ChunkResult] | ChunkResult]) -> tuple[str, ChunkResult]:
    path, item = entry
    return path, item.result() if isinstance(item, Future) else item
